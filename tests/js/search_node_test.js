// Loads the generated index into a fake `window` and checks that
// theme/search.js returns the same results as the Rust engine.
// Usage: node search_node_test.js DIR   (DIR holds site/search/*.js and expected.json)
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const dir = process.argv[2];
global.window = global;
const api = require(path.join(__dirname, '../../theme/search.js'));

const fetched = new Set();
const engine = new api.Engine('', (url) => {
  // Same effect as a <script> tag: run the file, which calls __hbSearch.add.
  fetched.add(url);
  vm.runInThisContext(fs.readFileSync(path.join(dir, 'site', url), 'utf8'), { filename: url });
});

function plain(results) {
  return results.map((r) => [r.doc, r.score, r.hits.map((h) => [h.field, h.pos, h.len])]);
}

(async () => {
  const cases = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
  let passed = 0;
  let failed = 0;
  for (const c of cases) {
    // Body hits of split 2-char keys are found in the doc text, as for shown results.
    const results = await engine.search(c.q);
    const got = plain(await Promise.all(results.map((r) => engine.complete(r))));
    if (JSON.stringify(got) === JSON.stringify(c.results)) passed++;
    else {
      failed++;
      if (failed <= 5) {
        console.log('MISMATCH for query', JSON.stringify(c.q));
        console.log('  rust:', JSON.stringify(c.results).slice(0, 400));
        console.log('  js:  ', JSON.stringify(got).slice(0, 400));
      }
    }
  }
  // Presentation: highlights land on the original-script text of the hit.
  let presentOk = true;
  for (const c of cases.slice(0, 60)) {
    for (const [doc, , hits] of c.results.slice(0, 3)) {
      const d = await engine.doc(doc);
      const p = api.present(d, hits.map(([field, pos, len]) => ({ field, pos, len })));
      if (typeof p.href !== 'string' || !p.href.startsWith(d.url)) presentOk = false;
      if (hits.some((h) => h[0] === 0) && !p.title.includes('<mark>')) presentOk = false;
    }
  }
  if (presentOk) passed++;
  else { failed++; console.log('present() produced a bad link or missed a title highlight'); }
  console.log(`fetched ${fetched.size} files`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
