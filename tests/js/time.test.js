// The browser's time engine against the Python answers (fixture written by tests/map_app/test_time_js.py).
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const T = require(path.join(__dirname, "../../map_app/static/thaw/time.js"));

test("day numbers count days since 1970-01-01, as geodata.dates does", () => {
  assert.equal(T.dayNumber("1970-01-02"), 1);
  assert.equal(T.dayNumber("1961-11-10"), -2974);
  assert.equal(T.isoDay(-2974), "1961-11-10");
});

test("a place named after Stalin in 1925 and renamed in 1961", () => {
  const data = {
    lat: [48.7], kind: ["renamed_place"], offsets: [0, 3],
    start_lo: [-1e9, -16337, -2974], start_hi: [-1e9, -16337, -2974], end_lo: [-16337, -2974, 1e9],
    stalin: [0, 1, 0], stalin_before: [0, 0, 1], monument: [[1e9], [1e9], [1e9], [1e9]],
    event_feature: [0, 0], event_lo: [-16337, -2974], event_hi: [-16337, -2974],
  };
  const code = (day) => T.stateOn(data, T.dayNumber(day)).status[0];
  assert.equal(code("1920-01-01"), 2);  // not yet named after him
  assert.equal(code("1950-01-01"), 0);  // bears his name
  assert.equal(code("1962-01-01"), 1);  // lost it
  assert.deepEqual(Array.from(T.inPeriod(data, T.dayNumber("1961-01-01"), T.dayNumber("1961-12-31"))), [1]);
  assert.deepEqual(Array.from(T.inPeriod(data, T.dayNumber("1970-01-01"), T.dayNumber("1980-01-01"))), [0]);
});

test("the engine agrees with geodata.timeline.state_on on every feature of the bundled layer", { skip: !process.env.THAW_FIXTURE }, () => {
  const fixture = JSON.parse(fs.readFileSync(process.env.THAW_FIXTURE, "utf8"));
  for (const [day, expected] of Object.entries(fixture.expected)) {
    const state = T.stateOn(fixture.data, T.dayNumber(day));
    assert.deepEqual(Array.from(state.status), expected.status, `status on ${day}`);
    assert.deepEqual(Array.from(state.current), expected.current, `name in force on ${day}`);
    assert.deepEqual(Array.from(state.uncertain), expected.uncertain, `uncertainty on ${day}`);
  }
  for (const [a, b, expected] of fixture.periods) {
    assert.deepEqual(Array.from(T.inPeriod(fixture.data, T.dayNumber(a), T.dayNumber(b))), expected, `${a}..${b}`);
  }
});
