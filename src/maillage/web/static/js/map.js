// Map of communes coloured by OLS, with bassin and OLS outlines. No tile server: the
// communes themselves are the map. Reads its settings from data-* attributes.
(function () {
  "use strict";
  var common = window.maillageMaps;
  var escapeHtml = common.escapeHtml;
  var palette = common.palette;
  function draw(element, data) {
    var lang = document.documentElement.lang || "fr";
    var number = new Intl.NumberFormat(lang + "-BE");
    var focus = new Set((element.dataset.focus || "").split(",").filter(Boolean));
    var map = common.baseMap(element);
    var communes = L.geoJSON(data.communes, {
      style: function (feature) {
        var p = feature.properties;
        var dimmed = focus.size > 0 && !focus.has(p.code);
        return {
          className: "commune-shape commune-" + p.code,
          color: "#ffffff", weight: 0.6,
          fillColor: palette(p.ols_index || 0), fillOpacity: dimmed ? 0.2 : 0.75
        };
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        layer.bindTooltip(
          "<strong>" + escapeHtml(p.name) + "</strong>" +
          escapeHtml(element.dataset.labelPopulation) + " : " + number.format(p.population) +
          "<br>" + escapeHtml(element.dataset.labelBassin) + " : " + escapeHtml(p.bassin_name || "") +
          "<br>" + escapeHtml(element.dataset.labelOls) + " : " + escapeHtml(p.ols_name || ""),
          { sticky: true, className: "commune-tooltip" }
        );
        layer.on("mouseover", function () { layer.setStyle({ weight: 2, color: "#1d2430" }); });
        layer.on("mouseout", function () { communes.resetStyle(layer); });
        layer.on("click", function () {
          window.location.href = element.dataset.territoryUrl.replace("CODE", encodeURIComponent(p.code));
        });
      }
    }).addTo(map);
    // German-language communes: outside the reform (the German-speaking Community's own
    // competence), drawn greyed and dashed, in no bassin or OLS.
    var outside = data.outside || { type: "FeatureCollection", features: [] };
    L.geoJSON(outside, {
      style: function (feature) {
        return {
          className: "commune-outside commune-" + feature.properties.code,
          color: "#6b6b6b", weight: 0.8, dashArray: "3 3",
          fillColor: "#c8c8c8", fillOpacity: 0.55
        };
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        layer.bindTooltip(
          "<strong>" + escapeHtml(p.name) + "</strong>" + escapeHtml(p.status_label) +
          "<br>" + escapeHtml(element.dataset.labelPopulation) + " : " + number.format(p.population),
          { sticky: true, className: "commune-tooltip" }
        );
        layer.on("click", function () {
          window.location.href = element.dataset.territoryUrl.replace("CODE", encodeURIComponent(p.code));
        });
      }
    }).addTo(map);
    if (outside.features.length) {
      var legend = L.control({ position: "bottomleft" });
      legend.onAdd = function () {
        var box = L.DomUtil.create("div", "map-legend");
        box.setAttribute("data-testid", "map-legend-outside");
        box.innerHTML = '<span class="swatch outside-reform"></span>' + escapeHtml(data.outside_label);
        return box;
      };
      legend.addTo(map);
    }
    L.geoJSON(data.bassins, {
      interactive: false,
      style: { className: "bassin-outline", color: "#2b2b2b", weight: 1.3, fill: false }
    }).addTo(map);
    L.geoJSON(data.ols, {
      interactive: false,
      style: { className: "ols-outline", color: "#000000", weight: 3, fill: false }
    }).addTo(map);
    // What a reader finds their way by, without a tile server: province borders, the
    // names of the OLS and of the main towns (from the shipped data), a scale.
    common.provinces(map, data);
    var names = common.labels(map, data.ols_labels || [], "map-label ols-label")
      .concat(common.labels(map, data.towns || [], "map-label town-label", true));
    common.scale(map);
    var bounds = communes.getBounds();
    if (focus.size > 0) {
      var focused = L.featureGroup(communes.getLayers().filter(function (layer) {
        return focus.has(layer.feature.properties.code);
      }));
      if (focused.getLayers().length) { bounds = focused.getBounds(); }
    }
    map.fitBounds(bounds, { padding: [10, 10] });
    common.declutter(map, names);  // OLS names first, then towns from the largest
    element.dataset.ready = "true";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("map");
    if (!element || typeof L === "undefined") { return; }
    common.fetchJson(element.dataset.source)
      .then(function (data) { draw(element, data); })
      .catch(function () { element.dataset.ready = "error"; });
  });
})();
