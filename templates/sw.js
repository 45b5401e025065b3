/* The site's service worker: the site opens with no signal once a patient has opened it, and a page online is
 * always the current build's. handouts/site/offline.py writes the build's files, version and network wait above this
 * comment (self.OFFLINE). The worker copies every file of the build when it installs; a new build is a new copy,
 * named by a hash of the site's content, and the old one is deleted as soon as the new worker takes over.
 * - What carries a dose (a page, the JSON the sheet builder and search read, a PDF) comes from the network first,
 *   and from the copy only when the network fails or does not answer within OFFLINE.wait ms. A page from the copy
 *   gets <meta name="handout-saved" content="when it was saved">, and every page <meta name="handout-page"
 *   content="a hash of it">: assets/offline.js says which, and compares a page left open with the site's.
 * - Style sheets, scripts, fonts and pictures come from the copy first (a copy is one build's), or from the network
 *   once a page shows that the site has a newer build than the copy, until the new worker has copied it.
 * A PDF is kept the first time it is opened. With no files (a preview, or `offline: false`) the worker deletes its
 * copies, unregisters and reloads its pages. */
"use strict";
var OFFLINE = self.OFFLINE || {};
var SCOPE = self.registration.scope;
var PREFIX = "handouts " + SCOPE + " "; // another site on the same host keeps its own copies
var NAME = PREFIX + OFFLINE.version;
var PDFS = new URL("pdf/", location.href).pathname;
var SAVED = "x-handout-saved"; // when a copy was saved, on each file of the copy
var newer = false; // a page from the network differs from the copy's: the site has a newer build

self.addEventListener("install", function (event) {
  self.skipWaiting();
  if (!OFFLINE.files) return;
  var saved = new Date().toISOString();
  event.waitUntil(caches.open(NAME).then(function (cache) {
    return Promise.all(OFFLINE.files.map(function (file) {
      var url = new URL(file, location.href).href;
      // "reload": the server's file, never one the browser kept from the last build (nor one it judged unchanged
      // by its date: two builds can fall in the same second).
      return fetch(url, { cache: "reload" }).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return cache.put(url, kept(response, saved));
      });
    }));
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf(PREFIX) === 0 && name !== NAME; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () {
    if (OFFLINE.files) return self.clients.claim();
    return self.registration.unregister().then(function () { return self.clients.matchAll({ type: "window" }); })
      .then(function (pages) { pages.forEach(function (page) { page.navigate(page.url).catch(function () {}); }); });
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (!OFFLINE.files || request.method !== "GET" || url.href.indexOf(SCOPE) !== 0) return;
  // One copy per page, whatever its query (?h= from a search) or its spelling (…/index.html).
  var key = url.origin + url.pathname.replace(/\/index\.html$/, "/");
  var dose = request.mode === "navigate" || /(\/|\.html?|\.json|\.pdf)$/.test(url.pathname);
  event.respondWith(caches.open(NAME).then(function (cache) {
    var copy = cache.match(key, { ignoreVary: true });
    if (dose) return networkFirst(request, copy, cache, key);
    return copy.then(function (found) { return (!newer && found) || fetch(request).catch(function () { return copy; }); });
  }));
});

/** The network's answer, or the copy when the network fails, answers 5xx, or is slower than OFFLINE.wait. */
function networkFirst(request, copy, cache, key) {
  var network = fetch(request);
  function fallback(otherwise) {
    return copy.then(function (found) { return found ? page(found, true) : otherwise(); });
  }
  var answer = network.then(function (response) {
    if (response.status >= 500) return fallback(function () { return response; });
    if (response.status === 200 && new URL(key).pathname.indexOf(PDFS) === 0) {
      cache.put(key, kept(response.clone(), new Date().toISOString()));
    }
    return page(response, false, copy);
  }, function (error) { return fallback(function () { throw error; }); });
  var slow = new Promise(function (resolve) { setTimeout(resolve, OFFLINE.wait); })
    .then(function () { return fallback(function () { return answer; }); });
  return Promise.race([answer, slow]);
}

/** A page with its marks (anything else as it is). A page from the network that is not the copy's means the site
 * has a newer build: ask for its worker now. */
function page(response, saved, copy) {
  var type = response.headers.get("content-type") || "";
  if (response.status !== 200 || type.indexOf("text/html") < 0) return response; // a redirect, a PDF, JSON
  return Promise.all([response.text(), copy && copy.then(function (c) { return c && c.text(); })]).then(function (t) {
    if (t[1] && t[1] !== t[0] && !newer) {
      newer = true;
      self.registration.update().catch(function () {});
    }
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(t[0])).then(function (digest) {
      var hash = Array.from(new Uint8Array(digest, 0, 8), function (b) { return (256 + b).toString(16).slice(1); });
      var marks = mark("page", hash.join("")) + (saved ? mark("saved", response.headers.get(SAVED)) : "");
      var headers = new Headers(response.headers);
      headers.delete("content-length");
      headers.delete("content-encoding");
      return new Response(t[0].replace("</head>", marks + "</head>"), { headers: headers });
    });
  });
}

function mark(name, value) { return '<meta name="handout-' + name + '" content="' + value + '">'; }

/** A file as the copy keeps it: with the time it was saved, and never as a redirect. */
function kept(response, saved) {
  var headers = new Headers(response.headers);
  headers.set(SAVED, saved);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: headers });
}
