// The location of a directory record on its form (#record-map), drawn without tiles over
// the commune outlines: a click places the point and fills latitude and longitude; typed
// coordinates move the point; picking a commune puts the point at its centre when none is
// placed yet. The server checks the point again (in Belgium, in a known commune).
(function () {
  "use strict";
  var common = window.maillageMaps;
  function recordMap(element) {
    var form = element.closest("form");
    var latitude = form.querySelector("input[name=latitude]");
    var longitude = form.querySelector("input[name=longitude]");
    var commune = form.querySelector("select[name=commune]");
    var map = common.baseMap(element);
    var marker = null;
    var shapes = {};
    function place(lat, lon, fill) {
      if (marker) { marker.setLatLng([lat, lon]); } else {
        marker = L.circleMarker([lat, lon], {
          radius: 8, weight: 3, color: "#0b4f8a", fillColor: "#2f80c9", fillOpacity: 0.9,
          className: "record-marker", interactive: false
        }).addTo(map);
      }
      if (fill) {
        latitude.value = lat.toFixed(6);
        longitude.value = lon.toFixed(6);
      }
      element.dataset.placed = "true";
    }
    function typed() {
      var lat = parseFloat(latitude.value.replace(",", "."));
      var lon = parseFloat(longitude.value.replace(",", "."));
      if (isFinite(lat) && isFinite(lon)) { place(lat, lon, false); map.panTo([lat, lon]); }
    }
    common.fetchJson("/api/v1/map").then(function (data) {
      var communes = L.geoJSON(data.communes, {
        interactive: false,
        style: { color: "#9aa3ad", weight: 0.5, fillColor: "#eef1f4", fillOpacity: 1 },
        onEachFeature: function (feature, layer) { shapes[feature.properties.code] = layer; }
      }).addTo(map);
      common.provinces(map, data);
      common.labels(map, data.towns || [], "map-label town-label", true);
      common.scale(map);
      map.fitBounds(communes.getBounds());
      map.on("click", function (event) { place(event.latlng.lat, event.latlng.lng, true); });
      typed();
      if (marker) { map.setView(marker.getLatLng(), 12); }
      element.dataset.ready = "true";
    }).catch(function (e) { console.error(e); element.dataset.ready = "error"; });
    latitude.addEventListener("change", typed);
    longitude.addEventListener("change", typed);
    if (commune) {
      commune.addEventListener("change", function () {
        var shape = shapes[commune.value];
        if (!shape) { return; }
        map.fitBounds(shape.getBounds(), { maxZoom: 13 });
        if (!latitude.value && !longitude.value) {
          var centre = shape.getBounds().getCenter();
          place(centre.lat, centre.lng, false);  // the server takes the commune's own centre
        }
      });
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") { return; }
    var element = document.getElementById("record-map");
    if (element) { recordMap(element); }
  });
})();
