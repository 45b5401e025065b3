// The browser's half of the link format (templates/assets/linkcodec.js) against the examples Python runs too
// (tests/vectors/links.json; tests/test_linkcodec.py), with the plain dose the build gives the page
// (tests/vectors/browser.json, handouts.dose.NEUTRAL): `node --test tests/js/` (make test runs it).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { plain } = require(path.join(__dirname, "..", "vectors", "browser.json"));
const codec = require(path.join(__dirname, "..", "..", "templates", "assets", "linkcodec.js"))(plain);
const vectors = require(path.join(__dirname, "..", "vectors", "links.json"));

const limits = vectors.limits;

/** Every text one character away from `text` (each character of `alphabet` put in its place or before it, or it
 *  left out) and every cut of it, as tests/test_linkcodec.py makes them. */
function mutants(text, alphabet) {
  const out = new Set();
  for (let i = 0; i <= text.length; i++) {
    for (const ch of alphabet) {
      if (i < text.length) out.add(text.slice(0, i) + ch + text.slice(i + 1));
      out.add(text.slice(0, i) + ch + text.slice(i));
    }
    if (i < text.length) out.add(text.slice(0, i) + text.slice(i + 1));
    out.add(text.slice(0, i));
  }
  out.delete(text);
  return out;
}

test("the check is zlib's CRC-32", () => {
  for (const [text, code] of vectors.check) assert.equal(codec.checkCode(text), code, text);
});

test("a dose is written as Python writes it and read back", () => {
  for (const { dose, text } of vectors.doses) {
    assert.equal(codec.doseText(dose), text);
    assert.deepEqual(codec.readDose(text, limits), dose);
  }
});

test("timer and personal links are written as Python writes them and read back", () => {
  for (const { slug, dose, fragment } of vectors.timer) {
    assert.equal(codec.timerFragment(slug, dose), fragment);
    assert.deepEqual(codec.readTimer("#" + fragment, slug, limits), { status: "ok", dose });
  }
  for (const { exercises, name, fragment } of vectors.personal) {
    assert.equal(codec.personalFragment({ exercises, name }), fragment);
    assert.deepEqual(codec.readPersonal("#" + fragment, limits), { status: "ok", exercises, name });
  }
});

test("each link is read as Python reads it", () => {
  for (const v of vectors.read) {
    const got = v.kind === "timer" ? codec.readTimer(v.hash, v.slug, limits) : codec.readPersonal(v.hash, limits);
    const want = { status: v.status };
    for (const key of ["dose", "exercises", "name", "code"]) if (key in v) want[key] = v[key];
    assert.deepEqual(got, want, v.hash);
  }
});

test("every one-character change and every cut of a timer link is refused", () => {
  let pages = 0;
  for (const { slug, fragment } of vectors.timer) {
    for (const m of mutants(slug + "/#" + fragment, vectors.alphabet)) {
      const at = m.indexOf("/#");
      if (at < 0) continue; // another address, not this page's: it never runs this dose
      const hash = m.slice(at + 1), read = codec.readTimer(hash, m.slice(0, at), limits);
      pages++;
      if ("timer".startsWith(hash.slice(1)) && read.status === "none") continue; // cut before "?": the page itself
      assert.equal(read.status, "damaged", m);
    }
  }
  assert.ok(pages > 40000, pages);
});

test("every one-character change and every cut of a personal link is refused", () => {
  let count = 0;
  for (const { fragment } of vectors.personal) {
    for (const m of mutants(fragment, vectors.alphabet)) {
      count++;
      const read = codec.readPersonal("#" + m, limits);
      assert.equal(read.status, m === "" ? "none" : "damaged", m);
    }
  }
  assert.ok(count > 40000, count);
});

test("a key left out of a dose text, or an empty data-* attribute, has its plain value", () => {
  assert.deepEqual(codec.plain, plain);
  assert.deepEqual(codec.readDose("reps=" + plain.reps, limits), plain);
  assert.equal(codec.doseText(plain), "reps=" + plain.reps);
  assert.deepEqual(codec.looseDose("sides=each&reps=4", limits), { ...plain, reps: 4, sides: "each" });
  const empty = { reps: "", sets: "", hold: "", holdMax: "", rest: "", sides: "", tempo: "" };
  assert.deepEqual(codec.dataDose(empty), plain);
  assert.deepEqual(codec.dataDose({}), plain);
});

test("a dose written into data-* attributes reads back as itself", () => {
  for (const { dose } of vectors.doses) {
    const data = {};
    codec.writeData(data, dose);
    assert.ok(Object.values(data).every((v) => typeof v === "number" || typeof v === "string"));
    assert.deepEqual(codec.dataDose(data), dose);
    assert.deepEqual(codec.dataDose(Object.fromEntries(Object.entries(data).map(([k, v]) => [k, String(v)]))), dose);
  }
});
