/* Thaw Atlas time engine: the state of every feature on a day, from the columns map_app/timedata.py packs.
 *
 * The same rules as geodata.timeline.state_on (Python): a name holds from the first day of its start's
 * interval until the next name's start or its own end; a feature is absent before its first name and after
 * the end of its last; a monument stands from its unveiling until its removal. Status codes index
 * data.statuses: 0 stalin_name, 1 renamed, 2 not_yet, 3 standing, 4 removed, 5 absent.
 * No framework and no DOM: it runs in the page and under `node --test`.
 */
(function (root) {
  "use strict";
  var DAY_MS = 86400000;

  function dayNumber(iso) {
    var p = String(iso).split("-");
    return Math.round(Date.UTC(+p[0], +p[1] - 1, +p[2]) / DAY_MS);
  }

  function isoDay(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  function stateOn(data, day) {
    var n = data.lat.length;
    var status = new Int8Array(n), current = new Int32Array(n), uncertain = new Uint8Array(n);
    var offsets = data.offsets, lo = data.start_lo, hi = data.start_hi, m = data.monument;
    for (var f = 0; f < n; f++) {
      var first = offsets[f], end = offsets[f + 1], count = 0;
      for (var k = first; k < end && lo[k] <= day; k++) { count++; }
      var c = first + Math.max(count - 1, 0), named = count > 0;
      current[f] = c;
      var stalin = named && data.stalin[c] === 1, before = named && data.stalin_before[c] === 1;
      var ended = data.end_lo[c] <= day;
      var code = stalin && !ended ? 0 : (before || (stalin && ended)) ? 1 : 2;
      if (!named || (c === end - 1 && ended)) { code = 5; }
      var doubt = named && lo[c] <= day && day <= hi[c];
      if (c + 1 < end && lo[c + 1] <= day && day <= hi[c + 1]) { doubt = true; }
      if (data.kind[f] === "monument") {
        code = day < m[0][f] ? 5 : day < m[2][f] ? 3 : 4;
        doubt = (m[0][f] <= day && day <= m[1][f]) || (m[2][f] <= day && day <= m[3][f]);
      }
      status[f] = code;
      uncertain[f] = doubt ? 1 : 0;
    }
    return {status: status, current: current, uncertain: uncertain};
  }

  function inPeriod(data, a, b) {
    var n = data.lat.length, mask = new Uint8Array(n);
    if (a > b) { var t = a; a = b; b = t; }
    for (var e = 0; e < data.event_lo.length; e++) {
      if (data.event_lo[e] <= b && data.event_hi[e] >= a) { mask[data.event_feature[e]] = 1; }
    }
    return mask;
  }

  function fold(text) {
    /* Lower-case, accents dropped, for the browser's search box; the keys themselves are folded in Python. */
    return String(text).normalize("NFD").replace(/\p{Mn}/gu, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  var ThawTime = {dayNumber: dayNumber, isoDay: isoDay, stateOn: stateOn, inPeriod: inPeriod, fold: fold};
  if (typeof module !== "undefined" && module.exports) { module.exports = ThawTime; } else { root.ThawTime = ThawTime; }
})(this);
