/* Thaw Atlas in the page: the borders of the time, the places, and the date that drives them.
 *
 * Python sends the data once (map_app.timedata, geodata.borders.borders_timeline); a date change is then
 * answered here by ThawTime.stateOn and a restyle of what is already drawn: no new map, no server. Every text
 * in the data was escaped by map_app.text.esc before it came here; the only text this file writes as HTML is
 * that data and its own fixed words.
 *
 *   ThawAtlas.borders(map, timeline, style)   states of any day, named where the name fits, and a note
 *   ThawAtlas.markers(map, data, options)     one marker per place, clustered with status rings
 *     (timeline and data are the data, or the address of a JSON file the server published them at)
 *   ThawAtlas.control(map, options)           date slider, exact day, play, speed, loop, moving window, search
 *   ThawAtlas.view(state)                     set day, period, labels and selection (waits for the atlas)
 *   ThawAtlas.sent(state)                     the same for a view the server sent (the app's sliders win)
 *   ThawAtlas.follow(labels)                  follow the host page's date and period sliders as they move
 *   ThawAtlas.sync(map)                       pan and zoom with the other maps of the host page
 */
(function (root) {
  "use strict";
  var T = root.ThawTime;
  var atlas = {listeners: []};  // the one atlas of this page: {map, borders, markers, state}

  function epochIndex(timeline, iso) {
    var found = 0;
    timeline.epochs.forEach(function (epoch, i) { if (epoch.start <= iso) { found = i; } });
    return found;
  }

  function caveatOf(timeline, iso) {
    if (iso < timeline.layer_start) { return timeline.before; }
    var texts = timeline.caveats.filter(function (c) { return c[0] <= iso && iso <= c[1]; })
      .map(function (c) { return c[2]; });
    return texts.join(" ") || null;
  }

  function fetched(source, then) {
    /* `source` is the data, or the address the server published it at (map_app.published): fetch it once. */
    if (typeof source !== "string") { then(source); return; }
    fetch(source).then(function (response) { return response.json(); }).then(then);
  }

  function borders(map, source, style) {
    foldWhenNarrow(map);  // at once, not when the borders arrive: the panels must not open and then fold
    fetched(source, function (timeline) {
      drawBorders(map, timeline, style);
      if (atlas.state) { atlas.borders.setDay(T.dayNumber(atlas.state.day)); }
    });
  }

  function drawBorders(map, timeline, style) {
    if (!map.getPane("thaw-basemap")) {
      map.createPane("thaw-basemap").style.zIndex = 350;  // above tiles (200), below markers (400)
      var names = map.createPane("thaw-state-names");
      names.style.zIndex = 380;
      names.style.pointerEvents = "none";
    }
    var layers = {}, drawn = [], epoch = -1;
    var note = L.control({position: "bottomleft"});
    note.onAdd = function () { return L.DomUtil.create("div", "thaw-note"); };
    note.addTo(map);

    function layerOf(i) {
      if (!layers[i]) {
        var f = timeline.features[i], p = f.properties;
        var text = document.createElement("span");
        text.textContent = p.short;
        var label = L.marker([p.label_point[1], p.label_point[0]], {
          pane: "thaw-state-names", interactive: false, keyboard: false,
          icon: L.divIcon({className: "thaw-state-name", html: text, iconSize: null})
        });
        label.thawBox = p.bbox;
        label.thawWidth = p.short.length * 7;
        layers[i] = {shape: L.geoJSON(f, {style: style, interactive: false, pane: "thaw-basemap"}), label: label};
      }
      return layers[i];
    }

    function fitting() {
      drawn.forEach(function (i) {
        var label = layers[i].label, b = label.thawBox, element = label.getElement();
        if (!element) { return; }
        var west = map.latLngToContainerPoint([b[1], b[0]]), east = map.latLngToContainerPoint([b[3], b[2]]);
        element.style.display = Math.abs(east.x - west.x) >= label.thawWidth ? "" : "none";
      });
    }

    function setDay(day) {
      var iso = T.isoDay(day), next = epochIndex(timeline, iso);
      var box = note.getContainer();
      box.textContent = "";
      [timeline.scope, caveatOf(timeline, iso)].forEach(function (line, i) {
        if (line) { L.DomUtil.create("div", i ? "thaw-caveat" : "", box).textContent = line; }
      });
      if (next === epoch) { return; }
      var wanted = timeline.epochs[next].states;
      drawn.filter(function (i) { return wanted.indexOf(i) < 0; }).forEach(function (i) {
        map.removeLayer(layers[i].shape);
        map.removeLayer(layers[i].label);
      });
      wanted.filter(function (i) { return drawn.indexOf(i) < 0; }).forEach(function (i) {
        layerOf(i).shape.addTo(map);
        layers[i].label.addTo(map);
      });
      drawn = wanted.slice();
      epoch = next;
      fitting();
    }

    map.on("zoomend", fitting);
    atlas.borders = {setDay: setDay, epoch: function () { return epoch; }};
    return atlas.borders;
  }

  function foldWhenNarrow(map) {
    /* On a narrow map (a phone) the legend and the time panel start folded, out of the way of the map; they
     * are made in the same script as the borders, so they are there when it has run. */
    if (map.getContainer().clientWidth >= 600) { return; }
    setTimeout(function () {
      document.querySelectorAll("details.thaw-legend, details.thaw-panel").forEach(function (d) { d.open = false; });
    }, 0);
  }

  function ring(looks, statuses) {
    /* A cluster shows the mix of statuses it holds: a ring cut in their colours, the count inside. */
    return function (cluster) {
      var counts = {};
      cluster.getAllChildMarkers().forEach(function (m) {
        counts[m.options.thawStatus] = (counts[m.options.thawStatus] || 0) + 1;
      });
      var total = cluster.getChildCount(), size = total < 10 ? 30 : total < 100 ? 36 : 44, c = size / 2;
      var r = c - 4, length = 2 * Math.PI * r, done = 0, arcs = "", parts = [], words = [];
      statuses.forEach(function (s) {
        if (!counts[s]) { return; }
        var share = counts[s] / total * length;
        arcs += '<circle cx="' + c + '" cy="' + c + '" r="' + r + '" fill="none" stroke="' + looks[s].fill +
          '" stroke-width="7" stroke-dasharray="' + share + " " + length + '" stroke-dashoffset="' + (-done) +
          '" transform="rotate(-90 ' + c + " " + c + ')"/>';
        done += share;
        parts.push(s + ":" + counts[s]);
        words.push(counts[s] + " " + looks[s].label.toLowerCase());
      });
      var html = '<svg width="' + size + '" height="' + size + '" data-statuses="' + parts.join(",") + '"><title>' +
        total + " places: " + words.join(", ") + '</title><circle cx="' + c + '" cy="' + c + '" r="' + (r - 3) +
        '" fill="#fff"/>' + arcs + '<text x="50%" y="50%" text-anchor="middle" dominant-baseline="central" ' +
        'font-size="12" font-family="sans-serif" font-weight="bold">' + total + "</text></svg>";
      return L.divIcon({html: html, className: "thaw-cluster", iconSize: [size, size]});
    };
  }

  /* A cluster's icon is built again only when its ring changes. Markercluster rebuilds the icon of every
   * cluster flagged, and a date move flags the clusters of every restyled place: at 1,000 places that was
   * three quarters of a change's script, though most clusters keep their mix of statuses. */
  function keepUnchangedRings() {
    if (!L.MarkerCluster || L.MarkerCluster.prototype.thawKeepsRings) { return; }
    L.MarkerCluster.include({
      thawKeepsRings: true,
      _updateIcon: function () {
        var next = this._group.options.iconCreateFunction(this), now = this._iconObj;
        this._iconNeedsUpdate = false;
        if (this._icon && now && now.options.html === next.options.html) { return; }
        this._iconObj = next;
        if (this._icon) { this.setIcon(this); }
      }
    });
  }

  function markers(map, source, options) {
    // On the map at once, so a host that binds its click handlers to the map's layers when the page loads
    // (streamlit-folium) hears clicks on places that arrive later: a marker's click reaches it through here.
    var holder = L.featureGroup().addTo(map);
    fetched(source, function (data) {
      drawMarkers(map, holder, data, options);
      if (atlas.waiting) { var next = atlas.waiting; atlas.waiting = null; view(next); }
    });
  }

  var HIGHLIGHT_STYLE = {color: "#111", weight: 4, opacity: 1};  // a story step's places, over any status
  // a popup pans clear of the time panel (top right, about 130 pixels high when open) and of the notes below
  var POPUP = {maxWidth: 360, maxHeight: 340, autoPanPaddingTopLeft: [10, 140], autoPanPaddingBottomRight: [10, 80]};

  /* A label to the right of its marker. Leaflet's tooltip reads its box on every move, which forces one
   * layout per label when a date move relabels hundreds; a label is one line, so its height is read once.
   * Leaflet also parses every new text as HTML; a label with no markup or entity in it (almost all) is
   * written into its text node instead: a date move relabels hundreds, and the parser took a fifth of it. */
  var Label = L.Tooltip.extend({
    _updateContent: function () {
      var node = this._contentNode, text = this._content, only = node.firstChild;
      if (typeof text !== "string" || /[&<]/.test(text) || !only || only.nodeType !== 3 || only.nextSibling) {
        return L.Tooltip.prototype._updateContent.call(this);
      }
      only.data = text;
      this.fire("contentupdate");
    },

    /* Leaflet hides a tooltip while it rewrites it, then shows it again, so that a popup can measure itself;
     * a label needs no measuring, and a label that made way for another stays hidden until the next
     * declutter decides again. */
    update: function () {
      if (!this._map) { return; }
      this._updateContent();
      this._updatePosition();
    },

    _setPosition: function (pos) {
      var container = this._container, anchor = this._getAnchor(), offset = L.point(this.options.offset);
      L.DomUtil.addClass(container, "leaflet-tooltip-right");
      if (!Label.height) {
        Label.height = container.offsetHeight;
        Label.margin = parseFloat(getComputedStyle(container).marginLeft) || 0;
      }
      this._thawAt = pos.subtract(L.point(0, Label.height / 2, true)).add(offset).add(anchor);
      L.DomUtil.setPosition(container, this._thawAt);
    },

    box: function (width) {  // where the label stands, in the map's layer pixels, without asking the page
      var left = this._thawAt.x + Label.margin, top = this._thawAt.y;
      return {left: left, right: left + width, top: top, bottom: top + Label.height};
    }
  });

  /* A label's width without laying out the page: its text measured on a canvas in the label's font, read
   * once for each look, plus its padding. A label that makes way is then taken out of the layout. */
  var ruler = document.createElement("canvas").getContext("2d"), fonts = {};
  function labelWidth(element) {
    var look = fonts[element.className];
    if (!look) {
      var css = getComputedStyle(element);
      look = fonts[element.className] = {font: css.font, sides: parseFloat(css.paddingLeft) +
        parseFloat(css.paddingRight) + parseFloat(css.borderLeftWidth) + parseFloat(css.borderRightWidth)};
    }
    ruler.font = look.font;
    return ruler.measureText(element.textContent).width + look.sides;
  }

  function circleBox(marker) {
    var p = marker._point, r = marker._radius + (marker.options.stroke ? marker.options.weight / 2 : 0);
    return {left: p.x - r, right: p.x + r, top: p.y - r, bottom: p.y + r};
  }

  function iconBox(icon) {  // a cluster's icon, from the position and size Leaflet wrote on it
    var p = L.DomUtil.getPosition(icon), s = icon.style;
    var left = p.x + parseFloat(s.marginLeft || 0), top = p.y + parseFloat(s.marginTop || 0);
    return {left: left, right: left + parseFloat(s.width), top: top, bottom: top + parseFloat(s.height)};
  }

  /* Above the detail limit the places are plain circles on one canvas. Leaflet draws each as a path, filled
   * and stroked: a date move at 100,000 places spent 1.2 s in a frame of 200,000 such calls. This canvas
   * draws a circle of each look once into a small picture and stamps that picture for every place of the
   * look, in the same order. */
  var StampCanvas = L.Canvas.extend({
    _updateCircle: function (layer) {
      if (!this._drawing || layer._empty()) { return; }
      var r = Math.max(Math.round(layer._radius), 1);
      if (!layer._thawStamp || layer._thawStamp.r !== r) { layer._thawStamp = this._stamp(layer, r); }
      var stamp = layer._thawStamp, p = layer._point;
      this._ctx.drawImage(stamp, p.x - stamp.half, p.y - stamp.half, stamp.side, stamp.side);
    },

    _updateStyle: function (layer) {  // a new look: its stamp is looked up again at the next drawing
      layer._thawStamp = null;
      L.Canvas.prototype._updateStyle.call(this, layer);
    },

    _stamp: function (layer, r) {
      var o = layer.options, scale = L.Browser.retina ? 2 : 1;
      var key = [r, o.fill, o.fillColor, o.fillOpacity, o.stroke, o.color, o.weight, o.opacity, o.dashArray].join();
      var stamps = this._stamps || (this._stamps = {});
      if (stamps[key]) { return stamps[key]; }
      var half = r + Math.ceil(o.stroke ? o.weight / 2 : 0) + 1, stamp = document.createElement("canvas");
      stamp.width = stamp.height = 2 * half * scale;
      stamp.r = r;
      stamp.half = half;
      stamp.side = 2 * half;
      var ctx = stamp.getContext("2d");
      ctx.scale(scale, scale);
      ctx.beginPath();
      ctx.arc(half, half, r, 0, Math.PI * 2, false);
      this._fillStroke(ctx, layer);
      stamps[key] = stamp;
      return stamp;
    }
  });

  function drawMarkers(map, holder, data, options) {
    var n = data.lat.length, statuses = data.statuses, detailed = "popup" in data;
    if (detailed && options.cluster) { keepUnchangedRings(); }
    var group = detailed && options.cluster
      ? L.markerClusterGroup({maxClusterRadius: 24, showCoverageOnHover: false,
                              iconCreateFunction: ring(options.looks, statuses)})
      : L.featureGroup();
    var canvas = detailed ? null : new StampCanvas({padding: 0.5});
    var list = [], onMap = new Uint8Array(n), styleOf = new Int16Array(n).fill(-1), labelOf = new Array(n);
    var state = null, lang = "latin";

    for (var i = 0; i < n; i++) {
      var marker = L.circleMarker([data.lat[i], data.lon[i]], canvas ? {renderer: canvas} : {});
      marker.thawIndex = i;
      if (detailed) {
        marker.options.thawId = data.id[i];
        marker.bindTooltip(new Label({permanent: true, direction: "right", offset: [8, 0], className: "thaw-label"}));
        marker.bindPopup(data.popup[i], POPUP);
        marker.on("mouseover", hover);
        marker.on("mouseout", unhover);
        marker.on("click", function (e) { notify("select", data.id[e.target.thawIndex]); });
      } else {
        marker.bindTooltip("", {direction: "right", offset: [8, 0], className: "thaw-label"});
      }
      list.push(marker);
    }

    function labelText(i) {
      return data.labels[lang][state.current[i]] + (state.uncertain[i] ? "?" : "");
    }

    function tooltipText(i) {
      if (data.kind[i] === "monument") { return data.tip[i]; }
      var now = data.labels.latin[state.current[i]], since = data.tip[i];
      if (now === data.present[i]) { return now + (since ? " (since " + since + ")" : ""); }
      return now + " — " + data.present[i] + (since ? " from " + since : "");
    }

    function hover(e) {
      var m = e.target;
      m.setTooltipContent(tooltipText(m.thawIndex));
      m.getTooltip().getElement().style.display = "";
    }

    function unhover(e) {
      e.target.setTooltipContent(labelOf[e.target.thawIndex]);
      declutter();
    }

    function setView(day, from, to, language) {
      state = T.stateOn(data, day);
      lang = language || lang;
      var highlight = T.inPeriod(data, from, to), add = [], remove = [], restyled = [];
      for (var i = 0; i < n; i++) {
        var code = state.status[i], m = list[i];
        if (code === 5) {
          if (onMap[i]) { remove.push(m); onMap[i] = 0; }
          continue;
        }
        var style = 2 * code + highlight[i], status = statuses[code];
        if (style !== styleOf[i]) {
          var was = "thaw-" + m.options.thawStatus, tip = m.getTooltip(), element = tip.getElement();
          m.setStyle(options.styles[style]);
          m.options.thawStatus = status;
          m.options.thawRank = (highlight[i] ? 0 : 2) + (code === 0 || code === 3 ? 0 : 1);
          m.options.className = "thaw-marker thaw-" + status;
          if (m._path) { m._path.setAttribute("class", "thaw-marker thaw-" + status + " leaflet-interactive"); }
          tip.options.className = "thaw-label thaw-" + status;
          if (element) { element.classList.remove(was); element.classList.add("thaw-" + status); }
          styleOf[i] = style;
          restyled.push(m);
        }
        var label = labelText(i);
        if (label !== labelOf[i]) { m.setTooltipContent(label); labelOf[i] = label; }
        if (!onMap[i]) { add.push(m); onMap[i] = 1; }
      }
      // monuments last, so a statue is drawn over the street or square it stands on
      add.sort(function (a, b) { return (data.kind[a.thawIndex] === "monument") - (data.kind[b.thawIndex] === "monument"); });
      if (group.removeLayers) { group.removeLayers(remove); group.addLayers(add); group.refreshClusters(restyled); }
      else { remove.forEach(function (m) { group.removeLayer(m); }); add.forEach(function (m) { group.addLayer(m); }); }
      declutter();
    }

    var widths = {};  // a label's width by its classes and text

    function declutter() {
      /* Permanent labels make way for one another and never sit on another place's marker or cluster;
       * Stalin-named places and those with an event in the period are placed first. Every box is worked
       * out from Leaflet's positions, so the page lays itself out once, when it draws. */
      if (!detailed || !group._map) { return; }
      var drawn = list.filter(function (m) { return m._map && m._point; });
      var obstacles = drawn.map(function (m) { return {marker: m, rect: circleBox(m)}; }).concat(
        Array.prototype.map.call(map.getContainer().querySelectorAll(".thaw-cluster"),
          function (icon) { return {marker: null, rect: iconBox(icon)}; }));
      function overlaps(r, p) { return r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top; }
      var labels = drawn.filter(function (m) { return m.getTooltip().getElement(); })
        .sort(function (a, b) { return a.options.thawRank - b.options.thawRank; });
      var placed = [];
      labels.forEach(function (m) {
        var element = m.getTooltip().getElement(), key = element.className + "|" + element.textContent;
        var r = m.getTooltip().box(widths[key] || (widths[key] = labelWidth(element)));
        var clash = placed.some(function (p) { return overlaps(r, p); }) ||
          obstacles.some(function (o) { return o.marker !== m && overlaps(r, o.rect); });
        if (!clash) { placed.push(r); }
        var wanted = clash ? "none" : "";
        if (element.style.display !== wanted) { element.style.display = wanted; }  // each write restyles it
      });
    }

    function select(id) {
      /* Open a place's popup: zoom to it when it is on the map, else a popup at its point (a place that did
       * not exist on the map date still tells its story). */
      var i = data.id ? data.id.indexOf(id) : -1;
      if (i < 0) { return false; }
      var m = list[i];
      if (onMap[i] && group.zoomToShowLayer && group.hasLayer(m)) { group.zoomToShowLayer(m, function () { m.openPopup(); }); }
      else if (onMap[i]) { m.openPopup(); }
      else { L.popup(POPUP).setLatLng(m.getLatLng()).setContent(data.popup[i]).openOn(map); }
      return true;
    }

    function find(query) {
      var q = T.fold(query);
      if (!q || !data.search) { return []; }
      var exact = [], starts = [], rest = [];
      data.search.forEach(function (keys, i) {
        var all = keys.split("|");
        if (all.indexOf(q) >= 0) { exact.push(i); }
        else if (all.some(function (k) { return k.indexOf(q) === 0; })) { starts.push(i); }
        else if (all.some(function (k) { return k.indexOf(q) >= 0; })) { rest.push(i); }
      });
      // as geodata.search ranks them: exact names, then beginnings, then the rest; settlements first in each
      function settlementsFirst(list) {
        var settled = function (i) { return ["city", "town", "village"].indexOf(data.type[i]) >= 0 ? 0 : 1; };
        return list.sort(function (a, b) { return settled(a) - settled(b) || a - b; });
      }
      return settlementsFirst(exact).concat(settlementsFirst(starts), settlementsFirst(rest)).map(function (i) {
        return {id: data.id[i], label: data.present[i] + ", " + data.type[i], names: data.search[i]};
      });
    }

    group.addTo(holder);
    // Labels make way once Leaflet's renderer has drawn its paths for the new view ("update"): on the map's
    // "moveend" a place that had been outside the drawn area still had an empty path, so its label's clash
    // went unseen (a PNG whose places arrived during the opening pan differed from one to the next).
    if (detailed && n) { map.getRenderer(list[0]).on("update", declutter); }
    if (group.on && group.refreshClusters) { group.on("animationend", declutter); }
    var outlined = [], outside = L.featureGroup().addTo(holder);  // outlined places, never inside a cluster

    function outline() {
      /* Outlined places stand outside the clusters, so a step's places show at any zoom. */
      outlined.forEach(function (i) {
        var m = list[i];
        if (group.hasLayer(m)) { group.removeLayer(m); }
        if (onMap[i]) { outside.addLayer(m); m.setStyle(HIGHLIGHT_STYLE); } else { outside.removeLayer(m); }
      });
    }

    function highlight(ids) {
      /* Outline a story step's places (over their status colour) and frame them; [] clears the outline. */
      outlined.forEach(function (i) {
        var m = list[i];
        outside.removeLayer(m);
        if (onMap[i]) { group.addLayer(m); }
        if (styleOf[i] >= 0) { m.setStyle(options.styles[styleOf[i]]); }
      });
      outlined = (ids || []).map(function (id) { return data.id ? data.id.indexOf(id) : -1; })
        .filter(function (i) { return i >= 0; });
      outline();
      if (outlined.length) {
        var bounds = L.latLngBounds(outlined.map(function (i) { return list[i].getLatLng(); }));
        // after the page's own first framing has run (and sized the map): close enough for clusters to open
        setTimeout(function () { map.fitBounds(bounds.pad(0.3), {maxZoom: 9}); }, 300);
      }
    }

    atlas.markers = {setView: function (day, from, to, language) { setView(day, from, to, language); outline(); },
                     select: select, find: find, highlight: highlight, group: group, list: list,
                     ids: data.id || []};
    return atlas.markers;
  }

  function notify(what, value) {
    atlas.listeners.forEach(function (listener) { listener(what, value); });
  }

  function sent(next) {
    /* A view the server sent (map_app's TimeView). In the app the page's sliders, as they stand now, give the
     * day and the period: the server's answer to an earlier position of a slider would otherwise move the map
     * back until its next answer. */
    view(atlas.sliders ? Object.assign({}, next, atlas.sliders()) : next);
  }

  function view(next) {
    /* Apply a view {day: ISO, from: ISO, to: ISO, label, selected}; missing keys keep their value. */
    if (!atlas.markers) { atlas.waiting = Object.assign(atlas.waiting || {}, next); return; }  // data on its way
    var shown = atlas.state ? [atlas.state.day, atlas.state.from, atlas.state.to, atlas.state.label].join() : null;
    var outlined = atlas.state ? String(atlas.state.highlight || []) : "";
    var s = atlas.state = Object.assign(atlas.state || {}, next);
    if (next.highlight && String(next.highlight) !== outlined) { atlas.markers.highlight(next.highlight); }
    if (shown === [s.day, s.from, s.to, s.label].join() && !next.selected) { return; }  // already on the map
    var day = T.dayNumber(s.day);
    if (atlas.borders) { atlas.borders.setDay(day); }
    atlas.markers.setView(day, T.dayNumber(s.from), T.dayNumber(s.to), s.label);
    if (next.selected) { atlas.markers.select(next.selected); }
    notify("view", s);
  }

  function control(map, options) {
    /* The time machine's own controls, for a page with no server: date slider, exact day, play (a year,
     * a month or a day a step, looping or not), an events window that follows the played date, search. */
    var box = L.DomUtil.create("div", "thaw-time");
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    var first = T.dayNumber(options.earliest), last = T.dayNumber(options.latest);
    box.innerHTML = '<details class="thaw-panel" open><summary>Time machine</summary>' +
      '<div class="row"><input type="range" class="slider" aria-label="Map date" min="' + first + '" max="' + last + '">' +
      '<input type="date" class="day" aria-label="Exact day" min="' + options.earliest + '" max="' + options.latest + '"></div>' +
      '<div class="row"><button type="button" class="play" aria-label="Play">▶</button>' +
      '<select class="step" aria-label="Step"><option value="year">a year a step</option>' +
      '<option value="month">a month a step</option><option value="day">a day a step</option></select>' +
      '<label><input type="checkbox" class="loop"> loop</label>' +
      '<label><input type="checkbox" class="follow"> events of the played year</label></div>' +
      '<div class="row"><input type="search" class="find" aria-label="Find a place" ' +
      'placeholder="Find a place by any name it ever had"></div><ol class="found"></ol></details>';
    var slider = box.querySelector(".slider"), exact = box.querySelector(".day"), play = box.querySelector(".play");
    var step = box.querySelector(".step"), loop = box.querySelector(".loop"), follow = box.querySelector(".follow");
    var findBox = box.querySelector(".find"), found = box.querySelector(".found"), timer = null;

    function go(day) {
      var iso = T.isoDay(day), next = {day: iso};
      if (follow.checked) { next.from = iso.slice(0, 4) + "-01-01"; next.to = iso.slice(0, 4) + "-12-31"; }
      view(next);
    }
    atlas.listeners.push(function (what, s) {
      if (what !== "view") { return; }
      slider.value = T.dayNumber(s.day);
      exact.value = s.day;
    });
    slider.addEventListener("input", function () { go(+slider.value); });
    exact.addEventListener("change", function () { if (exact.value) { go(T.dayNumber(exact.value)); } });

    function advance() {
      var d = new Date(T.dayNumber(atlas.state.day) * 86400000);
      if (step.value === "year") { d.setUTCFullYear(d.getUTCFullYear() + 1); }
      else if (step.value === "month") { d.setUTCMonth(d.getUTCMonth() + 1); }
      else { d.setUTCDate(d.getUTCDate() + 1); }
      var day = Math.round(d.getTime() / 86400000);
      if (day > last) {
        if (!loop.checked) { stop(); return; }
        day = first;
      }
      go(day);
    }
    function stop() { clearInterval(timer); timer = null; play.textContent = "▶"; play.setAttribute("aria-label", "Play"); }
    play.addEventListener("click", function () {
      if (timer) { stop(); return; }
      timer = setInterval(advance, options.frameMs || 400);
      play.textContent = "❚❚";
      play.setAttribute("aria-label", "Pause");
    });

    findBox.addEventListener("input", function () {
      found.textContent = "";
      atlas.markers.find(findBox.value).slice(0, 8).forEach(function (hit) {
        var item = L.DomUtil.create("li", "", found), button = L.DomUtil.create("button", "", item);
        button.type = "button";
        button.innerHTML = hit.label;  // escaped in Python
        button.title = hit.names.split("|").join(", ");
        button.addEventListener("click", function () { atlas.markers.select(hit.id); });
      });
    });

    var holder = L.control({position: "topright"});
    holder.onAdd = function () { return box; };
    holder.addTo(map);
    return {box: box};
  }

  function sync(map) {
    /* Maps of one host page (the app's two days side by side) follow one another's pan and zoom. */
    var host;
    try { host = window.parent !== window ? window.parent : null; } catch (e) { return; }  // another origin
    if (!host) { return; }
    var peers = host.thawMaps = (host.thawMaps || []).filter(function (m) { return m._container.isConnected; });
    peers.push(map);
    map.on("move", function () {
      if (map.thawFollowing) { return; }
      host.thawMaps.forEach(function (other) {
        if (other === map || !other._loaded || !other._container.isConnected) { return; }
        other.thawFollowing = true;
        other.setView(map.getCenter(), map.getZoom(), {animate: false});
        other.thawFollowing = false;
      });
    });
  }

  function follow(labels) {
    /* In the app, follow the page's own sliders (labelled `labels.day`, `labels.from`, `labels.to`) while they
     * move, by key or by drag, instead of waiting for the server's answer: the sliders stay the source of the
     * state and of the URL, and the view the server sends after them is then already on the map. */
    var host;
    try { host = window.parent !== window ? window.parent.document : null; } catch (e) { return; }  // no host
    if (!host) { return; }
    function dayOf(label) {
      var input = host.querySelector('input[type="range"][aria-label="' + label + '"]');
      return input && input.value !== "" ? T.isoDay(Math.round(Number(input.value) / 864e8)) : null;  // µs
    }
    atlas.listeners.push(toldWhenDrawn());
    atlas.sliders = function () {
      var now = {day: dayOf(labels.day), from: dayOf(labels.from), to: dayOf(labels.to)};
      Object.keys(now).forEach(function (key) { if (!now[key]) { delete now[key]; } });
      return now;
    };
    new MutationObserver(function () {
      var now = atlas.sliders();
      if (atlas.markers && Object.keys(now).length) { view(now); }
    }).observe(host.body, {subtree: true, attributes: true, attributeFilter: ["aria-valuetext"]});
  }

  function toldWhenDrawn() {
    /* The app draws the rest of its page once the map has drawn its places (its first view): the tables' and
     * the chart's modules would otherwise take the browser's one thread from the map's first drawing. The word
     * goes through streamlit-folium's channel to the app (window.Streamlit), and every later answer of the
     * map carries it too, so that a move sent just after it cannot hide it. */
    var told = false;
    return function (what) {
      var channel = window.Streamlit, data = window.__GLOBAL_DATA__;
      if (what !== "view" || told || !channel || !data) { return; }
      told = true;
      var send = channel.setComponentValue;
      channel.setComponentValue = function (value) { send.call(channel, Object.assign({}, value, {drawn: true})); };
      channel.setComponentValue(data.previous_data);
    };
  }

  root.ThawAtlas = {borders: borders, markers: markers, control: control, view: view, sent: sent, follow: follow,
                    sync: sync,
                    atlas: atlas,
                    on: function (listener) { atlas.listeners.push(listener); }};
})(this);
