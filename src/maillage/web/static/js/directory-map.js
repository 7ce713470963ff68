// Maps of the directory, drawn without a tile server: commune outlines are the
// background. #services-map puts the services found as markers (one service, with
// data-context="service": in its commune among its neighbours); #coverage-map colours
// territories by services per 10,000 inhabitants. Settings come from data-* attributes.
(function () {
  "use strict";
  var common = window.maillageMaps;
  var escapeHtml = common.escapeHtml;
  var fetchLayers = common.fetchJson;
  var baseMap = common.baseMap;
  function servicesMap(element) {
    var services = JSON.parse(element.dataset.services || "[]");
    var map = baseMap(element);
    fetchLayers("/api/v1/map").then(function (data) {
      var communes = L.geoJSON(data.communes, {
        interactive: false,
        style: { color: "#9aa3ad", weight: 0.5, fillColor: "#eef1f4", fillOpacity: 1 }
      }).addTo(map);
      common.provinces(map, data);
      var markers = services.map(function (s) {
        var marker = L.circleMarker([s.lat, s.lon], {
          radius: 7, weight: 2, color: s.demo ? "#8a5a00" : "#0b4f8a",
          fillColor: s.demo ? "#f2c14e" : "#2f80c9", fillOpacity: 0.9,
          className: "service-marker"
        });
        marker.bindTooltip(escapeHtml(s.name) + (s.commune ? " — " + escapeHtml(s.commune) : ""));
        marker.on("click", function () {
          window.location.href = "/repertoire/services/" + encodeURIComponent(s.id);
        });
        return marker.addTo(map);
      });
      common.scale(map);
      if (element.dataset.context === "service" && services.length === 1) {
        inContext(map, communes, services[0]);
      } else if (markers.length) {
        common.labels(map, data.towns || [], "map-label town-label", true);
        var group = L.featureGroup(markers);
        map.fitBounds(group.getBounds().pad(0.3), { maxZoom: 13 });
      } else {
        common.labels(map, data.towns || [], "map-label town-label", true);
        map.fitBounds(communes.getBounds());
      }
      element.dataset.ready = "true";
      element.dataset.markers = String(markers.length);
    }).catch(function (e) { console.error(e); element.dataset.ready = "error"; });
  }
  // Whether [lon, lat] lies inside a GeoJSON Polygon or MultiPolygon (even-odd rule).
  function contains(geometry, lon, lat) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    var inside = false;
    polygons.forEach(function (rings) {
      rings.forEach(function (ring) {
        for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
          if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) {
            inside = !inside;
          }
        }
      });
    });
    return inside;
  }
  // A service's page: its point among its commune (shaded) and the neighbouring ones, all
  // named, with the province borders; the view framed on them, not on the point alone.
  function inContext(map, communes, service) {
    var home = null;
    communes.eachLayer(function (layer) {
      if (!home && contains(layer.feature.geometry, service.lon, service.lat)) { home = layer; }
    });
    if (!home) { map.setView([service.lat, service.lon], 12); return; }
    home.setStyle({ fillColor: "#c9dcef", color: "#1d2430", weight: 2 });
    home.getElement().classList.add("service-commune");
    var reach = home.getBounds().pad(0.15);
    var around = [home];  // its name first: kept whatever it would cover
    communes.eachLayer(function (layer) {
      if (layer !== home && reach.intersects(layer.getBounds())) { around.push(layer); }
    });
    var names = common.labels(map, around.map(function (layer) {
      var centre = layer.getBounds().getCenter();
      return { name: layer.feature.properties.name, lat: centre.lat, lon: centre.lng };
    }), "map-label commune-label");
    map.fitBounds(L.featureGroup(around).getBounds(), { padding: [4, 4] });
    common.declutter(map, names);
  }
  function coverageMap(element) {
    var values = {};
    JSON.parse(element.dataset.values || "[]").forEach(function (row) { values[row.code] = row; });
    var level = element.dataset.level;
    var lang = document.documentElement.lang || "fr";
    var number = new Intl.NumberFormat(lang + "-BE", { maximumFractionDigits: 2 });
    var map = baseMap(element);
    fetchLayers(element.dataset.source).then(function (data) {
      var layer = level === "commune" ? data.communes : (level === "ols" ? data.ols : data.bassins);
      var shapes = L.geoJSON(layer, {
        style: function (feature) {
          var row = values[feature.properties.code];
          var css = !row || row.services === 0 ? "density-blank"
            : "density-" + (row.density_class === null ? 0 : row.density_class);
          return { className: "coverage-shape " + css, color: "#ffffff", weight: 0.8, fillOpacity: 1 };
        },
        onEachFeature: function (feature, shape) {
          var row = values[feature.properties.code];
          if (!row) { return; }
          shape.bindTooltip("<strong>" + escapeHtml(row.name) + "</strong>" +
            (row.services === 0 ? escapeHtml(element.dataset.labelBlank)
              : number.format(row.services) + " " + escapeHtml(element.dataset.labelServices) +
                "<br>" + number.format(row.density) + " " + escapeHtml(element.dataset.labelDensity)),
            { sticky: true, className: "commune-tooltip" });
          shape.on("click", function () {
            window.location.href = "/territoires/" + encodeURIComponent(row.code);
          });
        }
      }).addTo(map);
      if (level !== "ols") {
        L.geoJSON(data.ols, {
          interactive: false, style: { color: "#000000", weight: 2, fill: false }
        }).addTo(map);
      }
      map.fitBounds(shapes.getBounds(), { padding: [10, 10] });
      element.dataset.ready = "true";
    }).catch(function (e) { console.error(e); element.dataset.ready = "error"; });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") { return; }
    var services = document.getElementById("services-map");
    if (services) { servicesMap(services); }
    var coverage = document.getElementById("coverage-map");
    if (coverage) { coverageMap(coverage); }
  });
})();
