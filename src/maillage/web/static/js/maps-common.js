// What the map scripts share: escaping text for tooltips, a base map without tiles (the
// attribution read from data-attribution), fetching a JSON layer and the ten zone colours
// of the stylesheet (--ols-0 … --ols-9).
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
  function palette(index) {
    var styles = getComputedStyle(document.documentElement);
    return styles.getPropertyValue("--ols-" + (index % 10)).trim() || "#888";
  }
  window.maillageMaps = {
    escapeHtml: escapeHtml, baseMap: baseMap, fetchJson: fetchJson, palette: palette
  };
})();
