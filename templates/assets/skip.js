/* The skip link (templates/main.html): followed, it puts the focus on the page's content at once. As a plain link
 * under material's instant loading it is two navigations (the browser's, then material's own a moment later, which
 * takes the focus back from wherever the next Tab had moved it) and a step for Back that nobody asked for. Without
 * scripts it is that plain link, to the same place. */
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var skip = e.target instanceof Element && e.target.closest("a.handout-skip");
    var content = skip && document.getElementById("handout-content");
    if (!content || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    e.stopPropagation(); // material's instant loading listens on the body
    content.focus();
  }, true); // on the document, so the pages instant loading brings in have it too
})();
