// The main menu is plain details/summary (it works without this script); this only
// closes the other groups when one opens, and every group on Escape or a click outside.
(function () {
  "use strict";
  function groups() {
    return document.querySelectorAll("nav.main-menu details");
  }
  document.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (!(opened instanceof HTMLDetailsElement) || !opened.open) return;
    if (!opened.closest("nav.main-menu")) return;
    groups().forEach(function (other) {
      if (other !== opened) other.open = false;
    });
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    groups().forEach(function (group) {
      if (group.open) {
        group.open = false;
        group.querySelector("summary").focus();
      }
    });
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("nav.main-menu")) return;
    groups().forEach(function (group) { group.open = false; });
  });
})();
