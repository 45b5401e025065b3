/* The site's service worker: the site opens with no signal once a patient has opened it. handouts/offline.py
 * writes the build's files and version above this comment (self.OFFLINE). Cache first: the worker copies every
 * file of the build when it installs, and keeps a PDF the first time it is opened. A new build is a new copy,
 * named by a hash of the site's content; the old one is deleted as soon as the new worker takes over. With no
 * files (a preview, or `offline: false`) the worker deletes its copies, unregisters and reloads its pages. */
"use strict";
var OFFLINE = self.OFFLINE || {};
var SCOPE = self.registration.scope;
var PREFIX = "handouts " + SCOPE + " "; // another site on the same host keeps its own copies
var NAME = PREFIX + OFFLINE.version;
var PDFS = new URL("pdf/", location.href).pathname;

self.addEventListener("install", function (event) {
  self.skipWaiting();
  if (!OFFLINE.files) return;
  event.waitUntil(caches.open(NAME).then(function (cache) {
    return Promise.all(OFFLINE.files.map(function (file) {
      var url = new URL(file, location.href).href;
      // "reload": the server's file, never one the browser kept from the last build (nor one it judged unchanged
      // by its date: two builds can fall in the same second).
      return fetch(url, { cache: "reload" }).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return cache.put(url, response.redirected ? new Response(response.body, response) : response);
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
  event.respondWith(caches.open(NAME).then(function (cache) {
    return cache.match(key, { ignoreVary: true }).then(function (copy) {
      return copy || fetch(request).then(function (response) {
        if (response.status === 200 && url.pathname.indexOf(PDFS) === 0) cache.put(key, response.clone());
        return response;
      });
    });
  }));
});
