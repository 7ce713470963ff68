// A layer of existing structures over the bassin or OLS outlines of a zoning. Each
// structure is a translucent area (overlaps look darker); the zones are dark lines. Reads
// its GeoJSON from data-source, like the other maps, without a tile server.
(function () {
  "use strict";
  var common = window.maillageMaps;
  var escapeHtml = common.escapeHtml;
  var palette = common.palette;
  function draw(element, data) {
    var map = common.baseMap(element);
    var structures = L.geoJSON(data.structures, {
      style: function (feature) {
        return {
          className: "layer-structure",
          color: palette(feature.properties.index), weight: 1.5,
          fillColor: palette(feature.properties.index), fillOpacity: 0.35
        };
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        layer.bindTooltip(
          "<strong>" + escapeHtml(p.code) + "</strong> " + escapeHtml(p.name),
          { sticky: true, className: "commune-tooltip" }
        );
      }
    }).addTo(map);
    var zones = L.geoJSON(data.territories, {
      interactive: false,
      style: { className: "zone-outline", color: "#1d2430", weight: 2, fill: false }
    }).addTo(map);
    var bounds = zones.getLayers().length ? zones.getBounds() : structures.getBounds();
    map.fitBounds(bounds, { padding: [10, 10] });
    element.dataset.ready = "true";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("layer-map");
    if (!element || typeof L === "undefined") { return; }
    common.fetchJson(element.dataset.source)
      .then(function (data) { draw(element, data); })
      .catch(function () { element.dataset.ready = "error"; });
  });
})();
