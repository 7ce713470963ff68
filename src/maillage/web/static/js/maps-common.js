// What the map scripts share: escaping text for tooltips, a base map without tiles (the
// attribution read from data-attribution), fetching a JSON layer, the ten zone colours
// of the stylesheet (--ols-0 … --ols-9), names written at points and a scale bar.
(function () {
  "use strict";
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function baseMap(element) {
    // Leaflet needs a view before vector layers are added; callers fit the real bounds.
    var map = L.map(element, { zoomSnap: 0.25 }).setView([50.45, 4.85], 8);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(escapeHtml(element.dataset.attribution || ""));
    return map;
  }
  function fetchJson(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    });
  }
  // Names written on the map at given points ({name, lat, lon}); towns get a dot. Returns
  // the markers, for declutter.
  function labels(map, places, className, dotted) {
    return places.map(function (place) {
      var icon = L.divIcon({
        className: className,
        html: (dotted ? '<span class="map-dot" aria-hidden="true"></span>' : "") +
          "<span>" + escapeHtml(place.name) + "</span>",
        iconSize: null
      });
      return L.marker([place.lat, place.lon], { icon: icon, interactive: false, keyboard: false }).addTo(map);
    });
  }
  // Hide the names that would cover one written before them (markers in order of
  // priority), again after each zoom: a name is either readable or not drawn.
  function declutter(map, markers) {
    function run() {
      var kept = [];
      markers.forEach(function (marker) {
        var element = marker.getElement();
        if (!element) { return; }
        element.style.visibility = "";
        var text = element.lastElementChild || element;
        var box = text.getBoundingClientRect();
        var clash = kept.some(function (other) {
          return box.left < other.right && other.left < box.right &&
            box.top < other.bottom && other.top < box.bottom;
        });
        if (clash) { element.style.visibility = "hidden"; } else { kept.push(box); }
      });
    }
    map.on("zoomend", run);
    run();
  }
  // Province borders (from /api/v1/map), dashed above the communes.
  function provinces(map, data) {
    if (!data.provinces) { return; }
    L.geoJSON(data.provinces, {
      interactive: false,
      style: { className: "province-border", color: "#5a2d82", weight: 2.2, dashArray: "6 3", fill: false }
    }).addTo(map);
  }
  // A metric scale bar (no imperial units in Belgium).
  function scale(map) {
    L.control.scale({ imperial: false, position: "bottomright" }).addTo(map);
  }
  function palette(index) {
    var styles = getComputedStyle(document.documentElement);
    return styles.getPropertyValue("--ols-" + (index % 10)).trim() || "#888";
  }
  window.maillageMaps = {
    escapeHtml: escapeHtml, baseMap: baseMap, fetchJson: fetchJson, palette: palette,
    labels: labels, declutter: declutter, provinces: provinces, scale: scale
  };
})();
