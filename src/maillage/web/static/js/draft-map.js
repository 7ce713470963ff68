// Map of a draft of bassins: the OLS's communes coloured by their bassin in the draft.
// Clicking a commune chooses it in the move form (whose select works without the map).
// Drawn again after each htmx swap of the draft's body.
(function () {
  "use strict";
  var palette = window.maillageMaps.palette;
  function draw() {
    var element = document.getElementById("draft-map");
    var common = window.maillageMaps;
    if (!element || element.dataset.ready || typeof L === "undefined" || !common) { return; }
    var data = JSON.parse(element.dataset.geojson);
    var map = common.baseMap(element);
    var lang = document.documentElement.lang || "fr";
    var number = new Intl.NumberFormat(lang + "-BE");
    var layer = L.geoJSON(data, {
      style: function (feature) {
        return {
          className: "commune-shape commune-" + feature.properties.code,
          color: "#ffffff", weight: 0.8,
          fillColor: palette(feature.properties.bassin_index), fillOpacity: 0.75
        };
      },
      onEachFeature: function (feature, shape) {
        var p = feature.properties;
        shape.bindTooltip(
          "<strong>" + common.escapeHtml(p.name) + "</strong><br>" +
          common.escapeHtml(element.dataset.labelPopulation) + " : " + number.format(p.population) +
          "<br>" + common.escapeHtml(element.dataset.labelBassin) + " : " +
          common.escapeHtml(p.bassin + " — " + p.bassin_name),
          { sticky: true, className: "commune-tooltip" }
        );
        shape.on("click", function () {
          var select = document.getElementById(element.dataset.select);
          if (select) { select.value = p.code; select.focus(); }
        });
      }
    }).addTo(map);
    if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { padding: [10, 10] }); }
    element.dataset.ready = "true";
  }
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
