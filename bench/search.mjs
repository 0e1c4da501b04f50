// Search benchmark over a built site (default: the 5,000-page corpus of bench/gen_corpus.py).
//
//   python3 bench/gen_corpus.py 5000 /tmp/c5k/src --layout plain
//   printf '[book]\ntitle = "基准手册"\nsrc = "src"\n' > /tmp/c5k/book.toml
//   target/release/handbook build /tmp/c5k
//   node bench/search.mjs /tmp/c5k/book [--queries 300] [--no-browser]
//
// Prints: index size (gzip -6) per page; gzipped bytes a cold first query fetches (index.js,
// fold chunks, shards, heavy summaries and bucket groups, pinyin data, and the doc chunks of
// the first page of 10 results with their completed hits, exactly what theme/search.js
// loads, counted by running it in node); and query time
// in headless Chromium (playwright-core from tests/browser) at the median and 95th percentile,
// warm (files already loaded) and cold (fresh engine, files fetched over loopback http).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { join, resolve } from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";

const repo = resolve(fileURLToPath(new URL("..", import.meta.url)));
const args = process.argv.slice(2);
const site = resolve(args.find((a) => !a.startsWith("--")) ?? "/tmp/c5k/book");
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const nQueries = opt("--queries", 300);
const browser = !args.includes("--no-browser");
const searchDir = join(site, "search");

// ---- Sizes ----
const gz = new Map();
let raw = 0, zipped = 0, files = 0;
for (const name of readdirSync(searchDir)) {
  const bytes = readFileSync(join(searchDir, name));
  const g = gzipSync(bytes, { level: 6 }).length;
  gz.set(name, g);
  raw += bytes.length;
  zipped += g;
  files++;
}
const byPrefix = {};
for (const [name, g] of gz) {
  const p = /^[a-z]+/.exec(name)[0];
  const k = p === "index" || p === "pinyin" ? p : p + "*";
  byPrefix[k] = (byPrefix[k] ?? 0) + g;
}

// ---- The engine, in node, counting what it loads ----
const themeJs = readdirSync(join(site, "theme")).find((f) => /^search(\.[0-9a-f]+)?\.js$/.test(f));
const engineSrc = readFileSync(join(site, "theme", themeJs), "utf8");
function freshApi() {
  const sandbox = { module: { exports: {} } };
  sandbox.window = sandbox;
  sandbox.globalThis = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(engineSrc, sandbox);
  return { api: sandbox.module.exports, sandbox };
}
function countingEngine() {
  const { api, sandbox } = freshApi();
  const loaded = [];
  const engine = new api.Engine("", (url) => {
    const name = url.slice("search/".length);
    loaded.push(name);
    vm.runInContext(readFileSync(join(site, url), "utf8"), sandbox);
  });
  return { engine, loaded, api };
}

const manifest = (() => {
  const { engine } = countingEngine();
  return engine;
})();
await manifest.init();
const docCount = manifest.manifest.docs;

// Sample queries from random sections, seeded: 2–6 CJK chars, and (every third query) 2–6
// chars copied from anywhere, punctuation, numbers and cut words included.
let seed = 0x2545f491;
const rnd = (n) => {
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed % n;
};
const isCjk = (c) => /[\u3400-\u9fff\uf900-\ufaff]/.test(c);
const isWordy = (c) => isCjk(c) || /[0-9A-Za-z]/.test(c);
const copied = new Set();
// The last five were the worst cold queries before frequent bigrams were split by neighbour char.
const fixed = ["客户", "班主任", "退费", "课程顾问", "学员", "退費", "教務長", "banzhuren", "tf", "tuifei", "jiaowuzhang",
  "课程顾问服务", "服务协助客户", "客户满意度", "客户的学习", "教育客户"];
const queries = [...fixed];
const chunkCache = new Map();
while (queries.length < nQueries) {
  const id = rnd(docCount);
  const d = await manifest.doc(id);
  const secs = d.sections.filter((s) => s[2].length > 4);
  if (!secs.length) continue;
  const text = Array.from(secs[rnd(secs.length)][2]);
  const len = 2 + rnd(5);
  const start = rnd(Math.max(1, text.length - len));
  const q = text.slice(start, start + len);
  if (queries.length % 3 === 0) {
    if (q.length >= 2 && q.some(isWordy)) { queries.push(q.join("")); copied.add(q.join("")); }
  } else if (q.length >= 2 && q.every(isCjk)) queries.push(q.join(""));
}

const costs = [];
for (const q of queries) {
  const { engine, loaded } = countingEngine();
  const results = await engine.search(q);
  await Promise.all(results.slice(0, 10).map((r) => engine.complete(r).then(() => engine.doc(r.doc))));
  const bytes = loaded.reduce((s, n) => s + gz.get(n), 0);
  const index = loaded.filter((n) => !/^d\d/.test(n)).reduce((s, n) => s + gz.get(n), 0);
  costs.push({ q, bytes, index, files: loaded.length, results: results.length, loaded });
}
const pct = (arr, p) => {
  const s = [...arr].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const kb = (b) => (b / 1024).toFixed(1);
const themeGz = gzipSync(readFileSync(join(site, "theme", themeJs)), { level: 6 }).length;

console.log(`site: ${site}`);
console.log(`pages indexed: ${docCount}; search/ files: ${files}`);
console.log(`index: ${kb(raw)} KB raw, ${kb(zipped)} KB gzipped = ${(zipped / 1024 / docCount).toFixed(2)} KB gzipped per page`);
console.log(`  by kind (gz KB): ${Object.entries(byPrefix).map(([k, v]) => `${k} ${kb(v)}`).join(", ")}`);
console.log(`theme search.js: ${kb(themeGz)} KB gzipped (cached with the theme, not counted below)`);
const b = costs.map((c) => c.bytes);
const worst = [...costs].sort((x, y) => y.bytes - x.bytes);
console.log(
  `cold first query, gz bytes fetched (${costs.length} queries, incl. doc chunks of the first 10 results): ` +
    `median ${kb(pct(b, 50))} KB, p90 ${kb(pct(b, 90))} KB, p95 ${kb(pct(b, 95))} KB, max ${kb(worst[0].bytes)} KB`,
);
const cc = costs.filter((c) => copied.has(c.q)).map((c) => c.bytes);
console.log(`  of which ${cc.length} copied with punctuation/numbers: median ${kb(pct(cc, 50))} KB, max ${kb(Math.max(...cc))} KB`);
console.log(`  of which index files (no snippets): median ${kb(pct(costs.map((c) => c.index), 50))} KB, max ${kb(Math.max(...costs.map((c) => c.index)))} KB`);
console.log(`  fixed: ${costs.slice(0, fixed.length).map((c) => `${c.q} ${kb(c.bytes)}`).join(", ")}`);
console.log(`  worst: ${worst.slice(0, 5).map((c) => `${c.q} ${kb(c.bytes)} KB (${c.files} files, ${c.results} results)`).join("; ")}`);
if (args.includes("--verbose")) {
  for (const c of worst.slice(0, 3)) console.log(c.q, c.loaded.map((n) => `${n}:${kb(gz.get(n))}`).join(" "));
}

// ---- Chromium ----
if (browser) {
  const { launch, serve } = await import(join(repo, "tests/browser/lib.mjs"));
  const server = await serve(site);
  const chrome = await launch();
  try {
    const page = await chrome.newPage();
    await page.goto(server.url + "index.html");
    await page.waitForFunction(() => window.hbSearch && window.hbSearch.Engine);
    const times = await page.evaluate(async (qs) => {
      const load = (url) =>
        new Promise((ok, fail) => {
          const el = document.createElement("script");
          el.src = url;
          el.onload = () => { el.remove(); ok(); };
          el.onerror = () => { el.remove(); fail(new Error(url)); };
          document.head.appendChild(el);
        });
      const run = async (engine, q) => {
        const t = performance.now();
        const results = await engine.search(q);
        const docs = await Promise.all(
          results.slice(0, 10).map((r) => engine.complete(r).then(() => engine.doc(r.doc))),
        );
        docs.forEach((d, i) => window.hbSearch.present(d, results[i].hits));
        return performance.now() - t;
      };
      const cold = [], warm = [];
      for (const q of qs) {
        const engine = new window.hbSearch.Engine("", load);
        cold.push(await run(engine, q));
        warm.push(await run(engine, q));
      }
      return { cold, warm };
    }, queries);
    const ms = (x) => x.toFixed(1);
    console.log(
      `Chromium query time over ${queries.length} queries (search + first 10 results presented): ` +
        `warm median ${ms(pct(times.warm, 50))} ms, p95 ${ms(pct(times.warm, 95))} ms, max ${ms(Math.max(...times.warm))} ms; ` +
        `cold over loopback http median ${ms(pct(times.cold, 50))} ms, p95 ${ms(pct(times.cold, 95))} ms`,
    );
  } finally {
    await chrome.close();
    await server.close();
  }
}
