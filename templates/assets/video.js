/* An exercise's hosted video (partials/video.html; README "Videos"). The page shows a still of our own with a Play
 * button and asks YouTube or Vimeo for nothing; pressing Play puts the privacy-enhanced player (data-player, which
 * the build made from the video's checked ID) in the still's place, with the focus. The page's Content-Security-
 * Policy allows that one player on that page only. After material's instant navigation the first page's policy
 * still holds (a policy can be added to, never lifted), and it may allow no player: then Play loads the page
 * afresh, and the player starts there. Words: none of its own (the build writes the frame's title).
 * Pure core, window.HandoutVideo: player(address), allows(policy, address). */
(function () {
  "use strict";
  if (window.HandoutVideo) return;
  var PLAYERS = ["https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/"];
  var AGAIN = "handout-video-play"; // sessionStorage: the page to play on, after loading it afresh
  var meta = document.querySelector("meta[http-equiv='Content-Security-Policy']");
  var POLICY = meta ? meta.getAttribute("content") : ""; // the page this script was loaded with: its policy holds

  /** The address if it is one of the privacy-enhanced players, else null. */
  function player(address) {
    address = String(address || "");
    return PLAYERS.some(function (p) { return address.indexOf(p) === 0; }) ? address : null;
  }

  /** Whether a Content-Security-Policy lets the page frame the address ("" is no policy). */
  function allows(policy, address) {
    if (!policy) return true;
    var frames = /(?:^|;)\s*frame-src ([^;]*)/.exec(policy);
    return !!frames && frames[1].trim().split(/\s+/).indexOf(new URL(address).origin) >= 0;
  }

  function play(box, again) {
    var address = player(box.getAttribute("data-player"));
    if (!address || (again && !allows(POLICY, address))) return;
    if (!allows(POLICY, address)) {
      try { sessionStorage.setItem(AGAIN, location.pathname); } catch (e) { /* none: Play is pressed again */ }
      location.reload();
      return;
    }
    var frame = document.createElement("iframe");
    frame.className = "handout-video__player";
    frame.title = box.getAttribute("data-frame-title") || "";
    frame.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.src = address;
    box.replaceChildren(frame);
    frame.focus();
  }

  function mount() {
    var again = null;
    try { again = sessionStorage.getItem(AGAIN); sessionStorage.removeItem(AGAIN); } catch (e) { /* none */ }
    document.querySelectorAll(".handout-video__box[data-player]").forEach(function (box) {
      var button = box.querySelector(".handout-video__play");
      if (!button || box.hasAttribute("data-ready")) return;
      box.setAttribute("data-ready", "");
      button.addEventListener("click", function () { play(box); });
      button.hidden = false;
      if (again === location.pathname) play(box, true);
    });
  }

  window.HandoutVideo = { player: player, allows: allows };
  window.HandoutDom.eachPage(mount); // and on each of material's instant pages
})();
