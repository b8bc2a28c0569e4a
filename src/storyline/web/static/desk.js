// storyline story desk: the little the pages need beyond HTML. Everything works without it.
(function () {
  "use strict";
  function openTarget() {
    // A link to #entry-N (a point on the axis, a coverage date) opens that entry's sources.
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.classList.contains("entry")) {
      var details = target.querySelector("details.sources");
      if (details) details.open = true;
    }
    if (target && target.tagName === "MARK") target.focus({ preventScroll: true });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("button.toggle-all");
    var all = document.querySelectorAll("details.sources");
    if (button && all.length) {
      button.hidden = false;
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        all.forEach(function (details) { details.open = open; });
        button.setAttribute("aria-expanded", String(open));
        button.textContent = open ? "Close all sources" : "Open all sources";
      });
    }
    openTarget();
  });
  window.addEventListener("hashchange", openTarget);
})();
