// Lists of boxes to tick (templates/_checklist.html): the filter box above a long list hides
// the options whose label does not contain what is typed (accents and case ignored); the
// ticked boxes stay sent whether shown or not.
(function () {
  "use strict";
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function wire(input) {
    var list = input.closest("fieldset.checklist");
    input.addEventListener("input", function () {
      var wanted = plain(input.value.trim());
      list.querySelectorAll(".checklist-items label.check").forEach(function (label) {
        label.hidden = wanted !== "" && plain(label.textContent).indexOf(wanted) === -1;
      });
      list.querySelectorAll(".checklist-group").forEach(function (group) {
        group.hidden = !group.querySelector("label.check:not([hidden])");
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-checklist-filter]").forEach(wire);
  });
})();
