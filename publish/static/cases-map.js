// The cases page's map: municipality points over a bundled outline of the Nordic countries,
// drawn with the vendored Leaflet and no tile server, so the catalogue's map works offline.
// Points come from the page (<script type="application/json" id="map-data">); every text is
// set as text, never as HTML.
(function () {
  "use strict";

  function text(content) {
    var span = document.createElement("span");
    span.textContent = content;
    return span;
  }

  function popupContent(point) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = point.href;
    link.textContent = point.name + (point.country ? " (" + point.country + ")" : "");
    box.appendChild(link);
    var counts = document.createElement("div");
    counts.textContent = point.cases + " / " + point.documents;
    box.appendChild(counts);
    return box;
  }

  function draw() {
    var element = document.getElementById("cases-map");
    var data = document.getElementById("map-data");
    if (!element || !data || typeof L === "undefined") {
      return;
    }
    var points = JSON.parse(data.textContent);
    var map = L.map(element, {attributionControl: true, zoomSnap: 0.25}).setView([63, 15], 4);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Leaflet | Natural Earth");
    fetch(element.dataset.outline)
      .then(function (response) { return response.json(); })
      .then(function (outline) {
        L.geoJSON(outline, {
          interactive: false,
          style: {color: "#5b6b78", weight: 1, fillColor: "#eef1ea", fillOpacity: 1}
        }).addTo(map).bringToBack();
      });
    var markers = points.map(function (point) {
      // small and see-through: Denmark's municipalities are close together, and the country
      // must stay visible under them
      var radius = 3 + Math.min(9, Math.sqrt(point.cases) * 2.5);
      return L.circleMarker([point.lat, point.lon], {
        radius: radius, color: "#1d4e6e", weight: 1, fillColor: "#276890", fillOpacity: 0.55,
        className: "case-point"
      }).bindTooltip(text(point.name + ": " + point.cases + " / " + point.documents))
        .bindPopup(popupContent(point))
        .addTo(map);
    });
    if (markers.length) {
      map.fitBounds(L.featureGroup(markers).getBounds().pad(0.3), {maxZoom: 7});
    }
    element.dataset.points = String(markers.length);
    element.classList.add("map-ready");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
