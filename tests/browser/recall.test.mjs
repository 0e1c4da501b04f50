// Search recall as an outside checker measures it on the real site: for substrings (2–6 code
// points) sampled from the rendered text of every page's <main> (its innerText, as Chromium gives
// it; the site navigation outside <main> is not sampled, but whatever <main> renders is: page
// header, flowchart SVG and toolbar, form labels and buttons, the in-page table of contents and
// previous/next links), every page whose text contains the substring must be among the results,
// and the Simplified and the Traditional form of a query must give identical results.
//
// Pages: every HTML file of the built site that has the search box (#hb-search), whether or not
// the search index has a document for it, except 404.html: the server shows it for addresses
// that do not exist, nothing links to it, and a search result leading to "page not found" would
// only mislead (it is deliberately not indexed).
//
// The queries run through the site's own engine (window.hbSearch.Engine from theme/search.js,
// loading the real search/ files the way the search box does), because the box lists results
// ten at a time; the second test checks that this engine lists exactly what the box lists.
//
// Every failure of every sample is collected before asserting; the summary groups the missed
// (sample, page) pairs by cause (page not indexed / text absent from the index's text of the
// page, by where it is on the page / engine misses text the index has, by query shape), and the
// full list, with every page's innerText and textContent, is written to a JSON file (path printed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { useSite } from "./lib.mjs";

const ctx = useSite();

const SEED = 20260101;
const SAMPLES_PER_PAGE = 10;
const LINE_BREAKS = 20;

// ---- Deterministic sampling. ----

/** mulberry32: small, seedable, the same on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, below: (n) => Math.floor(next() * n), pick: (arr) => arr[Math.floor(next() * arr.length)] };
}

/** FNV-1a of a string: a page's own seed, so adding a page leaves the others' samples alone. */
function hash(s) {
  let h = 0x811c9dc5;
  for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
  return h;
}

const HAN = /\p{Script=Han}/u;
const ALNUM = /[A-Za-z0-9]/;
const SPACE = /\s/u;
const PUNCT = /[\p{P}\p{S}]/u;
/** A sample must contain something searchable: a CJK ideograph or an ASCII letter or digit. */
const searchable = (q) => HAN.test(q) || ALNUM.test(q);

/**
 * Samples from one page's innerText (an array of code points). Four strategies in turn, so every
 * page gets plain substrings and the awkward ones: across whitespace or a line break, across
 * punctuation, and cutting a number or Latin word in the middle ("00" out of "800").
 * Returns [{ q, at, strategy }] with q the raw substring (newlines and all) and at its offset.
 */
function samplePage(chars, seed) {
  const r = rng(seed);
  const out = [];
  const seen = new Set();
  const positions = (test) => chars.flatMap((c, i) => (test(c) ? [i] : []));
  const spaces = positions((c) => SPACE.test(c));
  const puncts = positions((c) => PUNCT.test(c));
  // Runs of ASCII letters/digits of length ≥ 2: [start, end).
  const runs = [];
  for (let i = 0; i < chars.length; ) {
    if (!ALNUM.test(chars[i])) { i++; continue; }
    const s = i;
    while (i < chars.length && ALNUM.test(chars[i])) i++;
    if (i - s >= 2) runs.push([s, i]);
  }
  const strategies = ["anywhere", "anywhere", "anywhere", "anywhere", "across whitespace", "across whitespace",
    "across punctuation", "across punctuation", "inside number/word", "inside number/word"];
  /** A start such that chars[p] lies strictly inside [start, start + len). */
  const around = (p, len) => p - 1 - r.below(Math.max(len - 2, 1));
  for (let k = 0, tries = 0; k < SAMPLES_PER_PAGE && tries < 400; tries++) {
    let strategy = strategies[k % strategies.length];
    const len = 2 + r.below(5);
    let start;
    if (strategy === "across whitespace" && spaces.length) start = around(r.pick(spaces), len);
    else if (strategy === "across punctuation" && puncts.length) start = around(r.pick(puncts), len);
    else if (strategy === "inside number/word" && runs.length) {
      const [s, e] = r.pick(runs);
      // Start inside the run (cutting its head) or end inside it (cutting its tail).
      if (r.below(2) === 0) start = s + 1 + r.below(e - s - 1);
      else start = s + 1 + r.below(e - s - 1) - len;
    } else {
      strategy = "anywhere";
      start = r.below(Math.max(chars.length - len + 1, 1));
    }
    if (start < 0 || start + len > chars.length) continue;
    const q = chars.slice(start, start + len).join("");
    if (!searchable(q) || seen.has(q)) continue;
    seen.add(q);
    out.push({ q, at: start, strategy });
    k++;
  }
  // Line breaks are where the page's layout and the index most easily disagree (two items of
  // a flex row run together in the HTML): the chars on either side of up to LINE_BREAKS of
  // them, spread over the page.
  const breaks = positions((c) => c === "\n").filter((p) => p > 0 && p + 1 < chars.length &&
    !SPACE.test(chars[p - 1]) && !SPACE.test(chars[p + 1]));
  const step = Math.max(1, breaks.length / LINE_BREAKS);
  for (let i = 0; i < breaks.length; i += step) {
    const p = breaks[Math.floor(i)];
    for (const [a, b] of [[p - 1, p + 2], [p - 2, p + 3]]) {
      if (a < 0 || b > chars.length) continue;
      const q = chars.slice(a, b).join("");
      if (!searchable(q) || seen.has(q)) continue;
      seen.add(q);
      out.push({ q, at: a, strategy: "line break" });
    }
  }
  return out;
}

// ---- What counts as "the same text". ----

// A reader sees a line break, a tab between table cells, several spaces or a no-break space as
// the same gap between words: any run of whitespace (\s, which includes U+00A0 and U+3000) is
// one space, in the page text and in the query alike. Nothing else is normalised: the expected
// pages are those containing the query literally, so folding (case, full-width, Traditional) in
// the engine can only add results, never excuse a missing one.
const collapse = (s) => s.replace(/\s+/gu, " ");

// ---- Traditional forms: an independent hand-written table (not the site's own fold data). ----

// Simplified → its usual Traditional form, char by char (as a naive converter would).
const S2T_PAIRS =
  "课課学學员員时時户戶费費开開与與处處务務问問单單长長后後对對骤驟并並调調诉訴签簽顾顧内內议議级級结結" +
  "会會进進报報责責习習师師写寫标標满滿来來读讀准準为為记記见見销銷规規关關册冊确確训訓录錄罚罰况況周週" +
  "测測别別导導间間发發馈饋个個题題应應动動评評点點带帶请請说說系係验驗岗崗据據专專组組阅閱话話认認项項" +
  "阶階给給编編经經范範类類职職实實办辦询詢沟溝体體统統计計语語台臺负負绍紹没沒这這执執业業协協续續试試" +
  "质質决決当當听聽踪蹤档檔数數咨諮制製优優转轉两兩号號联聯资資场場辅輔额額参參于於访訪从從么麼线線断斷" +
  "总總备備门門团團检檢电電补補遗遺队隊预預划劃监監只隻财財过過异異绩績种種谈談织織汇匯适適现現声聲们們" +
  "态態价價连連达達奖獎称稱术術诺諾设設复復纪紀图圖键鍵审審节節径徑显顯须須约約营營换換购購谁誰维維荐薦" +
  "细細继繼领領区區识識机機儿兒变變际際里裡励勵详詳倾傾运運错錯凭憑选選随隨栏欄论論证證担擔页頁响響绪緒" +
  "构構礼禮谢謝书書旷曠拟擬势勢尽盡则則迟遲护護误誤简簡释釋样樣帮幫无無综綜讨討该該广廣频頻让讓针針传傳" +
  "张張虚虛义義热熱络絡属屬还還强強买買占佔吗嗎将將几幾严嚴较較诚誠爱愛钟鐘抚撫产產争爭条條毕畢虑慮难難" +
  "账帳环環觉覺础礎终終邮郵归歸败敗劝勸寻尋愿願观觀盖蓋鉴鑑订訂讲講紧緊谋謀择擇绝絕诊診视視缴繳减減采採" +
  "着著暂暫举舉铃鈴丢丟码碼轻輕获獲块塊纸紙网網迹跡闹鬧诱誘头頭输輸赠贈谅諒杂雜税稅辞辭欢歡兴興潜潛顺順" +
  "烦煩怀懷双雙洁潔纳納览覽国國创創琐瑣趋趨赢贏临臨携攜积積极極马馬惯慣辩辯誉譽乱亂围圍滚滾离離阐闡够夠" +
  "闲閒偿償独獨历歷练練纲綱谊誼贵貴宾賓养養残殘忧憂隶隸缩縮词詞竞競伤傷损損却卻违違坚堅气氣状狀权權赔賠" +
  "亲親践踐军軍荣榮贴貼递遞压壓仪儀装裝冲衝恶惡许許齐齊笔筆余餘稳穩劳勞边邊触觸晓曉挡擋弃棄夹夾击擊谎謊" +
  "坏壞卫衛静靜顿頓软軟谨謹征徵济濟载載删刪挤擠叙敘衔銜扬揚锻鍛炼煉库庫挂掛钩鉤颁頒脚腳诿諉仅僅惩懲晋晉" +
  "干幹";
// Second spellings a Traditional writer also uses (裏 beside 裡, 複/覆 beside 復, 帳/賬, …).
const S2T_ALT_PAIRS = "里裏并併汇彙复複历曆系繫钟鍾获穫尽儘冲沖账賬录録线綫证証鉴鑒发髮干乾为爲说説";

function table(pairs) {
  const map = new Map();
  const cs = Array.from(pairs);
  for (let i = 0; i + 1 < cs.length; i += 2) map.set(cs[i], cs[i + 1]);
  return map;
}
const S2T = table(S2T_PAIRS);
const S2T_ALT = new Map([...S2T, ...table(S2T_ALT_PAIRS)]);
const convert = (s, map) => Array.from(s, (c) => map.get(c) ?? c).join("");

// ---- The site. ----

function htmlPages(site) {
  const pages = [];
  (function walk(dir) {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".html")) pages.push(relative(site, path).split(sep).join("/"));
    }
  })(site);
  return pages;
}

/** Runs fn(page, item) over items on a few pages at once (page visits dominate the runtime). */
async function onPages(items, fn, errors, width = 4) {
  const pages = await Promise.all(Array.from({ length: Math.min(width, items.length) }, () => ctx.browser.newPage()));
  for (const p of pages) p.on("pageerror", (e) => errors.push(e.message));
  let next = 0;
  await Promise.all(pages.map(async (page) => {
    while (next < items.length) {
      const i = next++;
      await fn(page, items[i], i);
    }
  }));
  await Promise.all(pages.map((p) => p.close()));
}

/** Starts the site's own engine in `page` (a page of the site) as the search box does. */
async function startEngine(page) {
  return page.evaluate(async () => {
    const host = document.getElementById("hb-search");
    let root = host.getAttribute("data-root") || "";
    if (root && !/\/$/.test(root)) root += "/";
    const load = (url) =>
      new Promise((ok, fail) => {
        const el = document.createElement("script");
        el.src = url;
        el.onload = () => { el.remove(); ok(); };
        el.onerror = () => { el.remove(); fail(new Error("cannot load " + url)); };
        document.head.appendChild(el);
      });
    if (!window.hbSearch || !window.hbSearch.Engine) throw new Error("theme/search.js no longer exposes window.hbSearch.Engine");
    const engine = new window.hbSearch.Engine(root, load);
    await engine.init();
    const docs = [];
    for (let id = 0; id < engine.manifest.docs; id++) {
      const d = await engine.doc(id);
      // The text the index holds for the page, as the result list shows it.
      docs.push({ url: d.url, text: [d.title, ...d.sections.flatMap((s) => [s[1], s[2]])].join("\n") });
    }
    window.__recall = engine;
    return { root, docs };
  });
}

/** Runs queries through the engine: for each, the ordered doc ids (or an error message). */
async function runQueries(page, queries) {
  return page.evaluate(async (qs) => {
    const out = [];
    for (const q of qs) {
      try {
        out.push((await window.__recall.search(q)).map((r) => r.doc));
      } catch (e) {
        out.push({ error: String(e && e.message) });
      }
    }
    return out;
  }, queries);
}

/**
 * For each query: the element of <main> holding it most narrowly (selector path from <main>),
 * and the region a reader would name. A query held by no single child of that element spans
 * several: `spans` lists those children and the region names all of theirs.
 */
async function locate(page, queries) {
  return page.evaluate((qs) => {
    const collapse = (s) => s.replace(/\s+/gu, " ");
    const main = document.querySelector("main");
    // SVG elements have no innerText; their textContent lacks the line breaks innerText puts
    // between <text> elements, so a query across two of them stops at the SVG's container.
    const cache = new Map();
    const text = (el) => {
      if (!cache.has(el)) cache.set(el, collapse(el.innerText ?? el.textContent ?? ""));
      return cache.get(el);
    };
    const name = (el) =>
      el.tagName.toLowerCase() + (el.classList && el.classList.length ? "." + [...el.classList].join(".") : "");
    const regions = [
      ["svg, .hb-flow-viewport", "SVG flowchart"],
      [".hb-flow-tools", "flowchart toolbar (buttons, role filter)"],
      [".hb-flowchart figcaption", "flowchart caption"],
      [".hb-page-header .hb-kind", "page header: kind label"],
      [".hb-page-header .hb-source", "page header: source line"],
      [".hb-page-header .hb-aliases", "page header: aliases"],
      [".hb-page-header .hb-summary", "page header: summary"],
      [".hb-page-header h1", "page header: title"],
      [".hb-page-header", "page header"],
      ["nav.hb-toc", "table of contents inside <main>"],
      ["nav.hb-pager", "previous/next links inside <main>"],
      [".hb-actions", "form print buttons and hint"],
      [".hb-signatures, .hb-signature", "form signature/date lines"],
      [".hb-fill-row", "form fill-in row"],
      [".hb-form-header", "form header"],
      [".hb-form-used-by", "form: steps that use it"],
      ["form table, .hb-score-table", "form/scorecard table"],
      ["form", "form fields"],
      [".hb-facts", "facts list"],
      [".hb-step-links", "links to steps"],
      [".hb-index", "home page index"],
      [".hb-glossary", "glossary"],
      ["table", "table"],
      ["h2, h3, h4", "heading"],
    ];
    const regionOf = (el) => (regions.find(([sel]) => el.closest(sel)) ?? [null, "body text"])[1];
    return qs.map((q) => {
      if (!text(main).includes(q)) return null;
      let el = main;
      const path = [];
      // Down to the narrowest element holding q; then, as a space at either end of q is only the
      // gap after or before some element, on with q trimmed.
      for (const x of [q, q.trim()]) {
        for (;;) {
          const child = [...el.children].find((c) => text(c).includes(x));
          if (!child) break;
          el = child;
          path.push(name(el));
        }
      }
      q = q.trim();
      // Children holding a piece of q: ending with a head of it or starting with a tail of it.
      const pieces = [...q].slice(1).map((_, k) => k + 1)
        .flatMap((i) => [[q.slice(0, i).trim(), true], [q.slice(i).trim(), false]]).filter(([x]) => x);
      const parts = [...el.children].filter((c) => {
        const t = text(c).trim();
        return t && pieces.some(([x, head]) => (head ? t.endsWith(x) : t.startsWith(x)));
      });
      const names = [...new Set(parts.map(regionOf))];
      const region = names.length > 1 ? "across " + names.join(" / ") : parts.length > 1 ? "across elements of " + names[0]
        : regionOf(parts.length ? parts[0] : el);
      return { path: path.join(" > "), region, spans: parts.map(name) };
    });
  }, queries);
}

// ---- Classifying a miss. ----

const isWordChar = (c) => c !== undefined && ALNUM.test(c);

/** The engine's terms of a query: runs of CJK and runs of Latin/digits (search.js queryTerms). */
function terms(q) {
  return q.match(/[\p{Script=Han}]+|[A-Za-z0-9\u00df-\u024f]+/gu) ?? [];
}

/** Shape of a query the engine missed although the page's indexed text has it. */
function shape(q, before, after) {
  const cs = [...q];
  if (isWordChar(before) && isWordChar(cs[0])) return "partial number/word (cut at the start)";
  if (isWordChar(after) && isWordChar(cs[cs.length - 1])) return "partial number/word (cut at the end)";
  const ts = terms(q);
  const cjk = ts.filter((t) => HAN.test(t));
  const lone = cjk.filter((t) => [...t].length === 1);
  if (ts.length === 1 && lone.length === 1) return "single CJK char (with punctuation/space)";
  if (lone.length) return "lone CJK char beside punctuation/space/Latin and other terms";
  if (cjk.length && cjk.length < ts.length && !/[^\p{Script=Han}A-Za-z0-9]/u.test(q)) return "CJK next to Latin/digit, no separator";
  if (ts.length === 1 && cjk.length === 1) return q === ts[0] ? "pure CJK phrase" : "CJK phrase with punctuation/space";
  if (cjk.length === 0) return "Latin/digit only";
  return "several terms across punctuation/space";
}

/** ±width chars of `text` around [at, at + len), the query bracketed. */
function context(text, at, len, width = 14) {
  const cs = [...text];
  const s = Math.max(0, at - width);
  return (cs.slice(s, at).join("") + "【" + cs.slice(at, at + len).join("") + "】" + cs.slice(at + len, at + len + width).join(""))
    .replace(/\n/g, "⏎").replace(/\t/g, "⇥");
}

// ---- The tests. ----

let site; // { pages, enginePage, root, docs, errors }

/** Visits every page once for its <main> text; starts the engine on the home page. */
async function collect() {
  if (site) return site;
  const errors = [];
  const paths = htmlPages(ctx.site).filter((p) => p !== "404.html");
  const found = new Array(paths.length);
  await onPages(paths, async (page, path, i) => {
    await page.goto(ctx.server.url + path);
    const got = await page.evaluate(() => {
      const main = document.querySelector("main");
      return {
        hasSearch: !!document.getElementById("hb-search"),
        inner: main ? main.innerText : null,
        textContent: main ? main.textContent : null,
      };
    });
    if (got.hasSearch && got.inner !== null) {
      found[i] = { path, inner: got.inner, innerNorm: collapse(got.inner), textContent: got.textContent };
    }
  }, errors);
  const pages = found.filter(Boolean);
  // The engine lives on its own page, which stays on the home page.
  const enginePage = await ctx.browser.newPage();
  enginePage.on("pageerror", (e) => errors.push(e.message));
  await enginePage.goto(ctx.server.url + "index.html");
  const { root, docs } = await startEngine(enginePage);
  site = { pages, enginePage, root, docs, errors };
  return site;
}

test("every sampled substring of every page's <main> text finds every page containing it, in either script", async () => {
  const started = Date.now();
  const { pages, enginePage, docs, errors } = await collect();
  const times = [`pages ${((Date.now() - started) / 1000).toFixed(1)} s`];
  const lap = (what) => times.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.ok(pages.length > 50, `${pages.length} pages with a search box`);
  const docOf = new Map(docs.map((d, id) => [d.url, id]));
  const pathOf = docs.map((d) => d.url.split("#")[0]);

  // 1. Samples, with the pages expected for each.
  const samples = [];
  for (const p of pages) {
    for (const s of samplePage([...p.inner], SEED ^ hash(p.path))) {
      const q = collapse(s.q);
      const expected = pages.filter((o) => o.innerNorm.includes(q)).map((o) => o.path);
      const trad = convert(q, S2T);
      const alt = convert(q, S2T_ALT);
      // As set as the search box's value: HTML strips line breaks from an <input>'s value (see 3).
      const typed = /[\r\n]/.test(s.q) ? s.q.replace(/[\r\n]/g, "").trim() : null;
      samples.push({ page: p.path, raw: s.q, q, at: s.at, strategy: s.strategy, expected, trad, alt, typed });
    }
  }

  // 2. Every query through the engine, in one pass.
  const queries = [...new Set(samples.flatMap((s) => [s.q, s.trad, s.alt, s.typed].filter((x) => x !== null)))];
  const answers = await runQueries(enginePage, queries);
  lap("queries");
  const result = new Map(queries.map((q, i) => [q, answers[i]]));

  // 3. Failures: every expected page missing from the results, every script mismatch.
  const failures = [];
  const pageByPath = new Map(pages.map((p) => [p.path, p]));
  for (const s of samples) {
    const src = pageByPath.get(s.page);
    const where = { page: s.page, context: context(src.inner, s.at, [...s.raw].length) };
    const got = result.get(s.q);
    if (!Array.isArray(got)) {
      failures.push({ kind: "error", q: s.q, ...where, error: got.error });
      continue;
    }
    const returned = new Set(got.map((id) => pathOf[id]));
    const missing = s.expected.filter((p) => !returned.has(p));
    if (missing.length) failures.push({ kind: "recall", q: s.q, ...where, strategy: s.strategy, missing, returned: got.length });
    for (const [form, tq] of [["Traditional", s.trad], ["Traditional, second spellings", s.alt]]) {
      if (tq === s.q || (form !== "Traditional" && tq === s.trad)) continue;
      const tgot = result.get(tq);
      if (!Array.isArray(tgot) || tgot.join() !== got.join()) {
        const a = new Set(got), b = new Set(Array.isArray(tgot) ? tgot : []);
        failures.push({
          kind: "script", form, q: s.q, tq, ...where,
          onlySimplified: got.filter((d) => !b.has(d)).map((d) => pathOf[d]),
          onlyTraditional: [...b].filter((d) => !a.has(d)).map((d) => pathOf[d]),
          orderOnly: a.size === b.size && [...a].every((d) => b.has(d)),
          error: Array.isArray(tgot) ? undefined : tgot.error,
        });
      }
    }
    // Diagnostic, not asserted: typed into the box with page.fill or pasted, a line break becomes a
    // space (the test below checks that), which is the query above; but a checker that sets
    // input.value directly gets it stripped ("程\n学" → "程学"). Reported only for pages the query
    // as sampled does find.
    if (s.typed !== null) {
      const tgot = result.get(s.typed);
      const treturned = new Set(Array.isArray(tgot) ? tgot.map((id) => pathOf[id]) : []);
      const tmissing = s.expected.filter((p) => !treturned.has(p) && returned.has(p));
      if (tmissing.length) failures.push({ kind: "typed", q: s.q, typed: s.typed, ...where, missing: tmissing });
    }
  }

  // 4. Why each page was missed: it is not in the index, the index lacks the text (then where in
  // the page the text is), or the engine misses text the index has (then the shape of the query).
  for (const f of failures) {
    if (!f.missing) continue;
    f.why = f.missing.map((p) => {
      const text = [...pageByPath.get(p).innerNorm];
      const q = [...f.q];
      // Every occurrence of q in the missing page, with the chars either side.
      const at = [];
      for (let i = 0; i + q.length <= text.length; i++) {
        if (q.every((c, j) => text[i + j] === c)) at.push(i);
      }
      const where = { page: p, context: context(text.join(""), at[0], q.length) };
      const id = docOf.get(p);
      if (id === undefined) return { ...where, cause: "page not in the search index" };
      // The engine ANDs the query's terms (CJK runs as phrases, Latin/digit words), so the page's
      // text in the index has what the query needs when it has every term, case aside.
      const indexText = collapse(docs[id].text).toLowerCase();
      if (!terms(f.q).every((t) => indexText.includes(t.toLowerCase()))) {
        return { ...where, cause: "text not in the index's text of the page" };
      }
      const shapes = at.map((i) => shape(f.q, text[i - 1], text[i + q.length]));
      // Cut numbers/words count only if every occurrence is cut.
      const cut = shapes.every((x) => x.startsWith("partial"));
      return { ...where, cause: "engine misses text the index has", shape: cut ? shapes[0] : shapes.find((x) => !x.startsWith("partial")) };
    });
  }
  // Lines of each page's innerText that the index's text of that page lacks altogether (a
  // diagnostic, not asserted on its own: sampling any part of such a line fails as above).
  const byPage = new Map(); // page → Set(line)
  for (const p of pages) {
    const id = docOf.get(p.path);
    if (id === undefined) continue;
    const indexText = collapse(docs[id].text);
    for (const raw of p.inner.split(/[\n\t]/)) {
      const line = collapse(raw).trim();
      if (!searchable(line) || indexText.includes(line)) continue;
      if (!byPage.has(p.path)) byPage.set(p.path, new Set());
      byPage.get(p.path).add(line);
    }
  }
  // Where in the page the text the index lacks is: one visit per page for both.
  const located = new Map(); // page → Map(q → [objects to give .loc])
  const want = (p, q, target) => {
    if (!located.has(p)) located.set(p, new Map());
    const qs = located.get(p);
    if (!qs.has(q)) qs.set(q, []);
    qs.get(q).push(target);
  };
  for (const f of failures) {
    for (const w of f.why ?? []) if (w.cause === "text not in the index's text of the page") want(w.page, f.q, w);
  }
  const absentList = [];
  for (const [p, set] of byPage) {
    for (const line of set) {
      const x = { page: p, line };
      absentList.push(x);
      want(p, line, x);
    }
  }
  await onPages([...located].sort((a, b) => (a[0] < b[0] ? -1 : 1)), async (page, [p, qs]) => {
    await page.goto(ctx.server.url + p);
    const list = [...qs.keys()];
    const locs = await locate(page, list);
    list.forEach((q, i) => qs.get(q).forEach((w) => (w.loc = locs[i])));
  }, errors);
  lap("diagnosis");

  // 5. Summary: (sample, missing page) pairs grouped by class, a few examples of each.
  const classOf = (f, w) => {
    const prefix = f.kind === "typed" ? "(diagnostic) set as input.value, line break stripped: " : "";
    if (w.cause === "engine misses text the index has") return `${prefix}engine misses indexed text: ${w.shape}`;
    if (w.cause === "page not in the search index") return `${prefix}page not in the search index`;
    return `${prefix}text not in the index's text of the page: ${w.loc ? w.loc.region : "?"}`;
  };
  const groups = new Map();
  const add = (c, f, w) => {
    if (!groups.has(c)) groups.set(c, { pairs: 0, failures: [] });
    const g = groups.get(c);
    g.pairs++;
    if (!g.failures.some((x) => x.f === f)) g.failures.push({ f, w });
  };
  for (const f of failures) {
    if (f.kind === "error") add("engine error", f, null);
    else if (f.kind === "script") add(`${f.form} ≠ Simplified${f.orderOnly ? " (order only)" : ""}`, f, null);
    else for (const w of f.why) add(classOf(f, w), f, w);
  }
  const lines = [];
  lines.push(
    `recall: ${pages.length} pages, ${samples.length} samples, ${queries.length} distinct queries; ` +
      `${failures.filter((f) => f.kind === "recall").length} samples miss pages, ` +
      `${failures.filter((f) => f.kind === "script").length} differ by script, ` +
      `${failures.filter((f) => f.kind === "typed").length} more miss pages with line breaks stripped (not asserted), ` +
      `${failures.filter((f) => f.kind === "error").length} errors`,
  );
  lines.push(
    `  ${samples.filter((s) => s.trad !== s.q).length} samples have a Traditional form, ` +
      `${samples.filter((s) => s.alt !== s.trad).length} a second Traditional spelling`,
  );
  const diagnostic = (c) => c.startsWith("(diagnostic)");
  const sorted = [...groups].sort((a, b) => diagnostic(a[0]) - diagnostic(b[0]) || b[1].failures.length - a[1].failures.length);
  const brief = [lines[0]];
  for (const [c, g] of sorted) {
    lines.push(`  ${g.failures.length} samples, ${g.pairs} missed pages: ${c}`);
    brief.push(lines[lines.length - 1]);
    for (const { f, w } of g.failures.slice(0, 5)) {
      let detail = "";
      if (w) {
        detail = `\n        misses ${w.page}${f.missing.length > 1 ? ` (+${f.missing.length - 1} more)` : ""} «${w.context}»` +
          (w.loc ? ` at ${w.loc.path || "main"}${w.loc.spans.length ? " spanning " + w.loc.spans.join(" + ") : ""}` : "");
      } else if (f.kind === "script") {
        detail = ` as ${JSON.stringify(f.tq)}: only Simplified ${f.onlySimplified.join(", ") || "-"}; only Traditional ${f.onlyTraditional.join(", ") || "-"}`;
      } else detail = ` ${f.error}`;
      lines.push(`      ${JSON.stringify(f.q)}${f.typed ? " typed " + JSON.stringify(f.typed) : ""} from ${f.page} «${f.context}»${detail}`);
    }
  }

  // 6. The lines the index lacks, by where they are.
  const absent = new Map(); // region → [{ page, line, at }]
  for (const x of absentList) {
    const region = x.loc ? x.loc.region : "?";
    if (!absent.has(region)) absent.set(region, []);
    absent.get(region).push({ page: x.page, line: x.line, at: x.loc ? x.loc.path.split(" > ").slice(-2).join(" > ") : "" });
  }
  const absentLines = absentList.length;
  const notIndexed = pages.filter((p) => !docOf.has(p.path)).map((p) => p.path);
  lines.push(`pages with a search box that are not in the search index: ${notIndexed.length} (${notIndexed.slice(0, 3).join(", ")}, …)`);
  lines.push(`innerText lines of indexed pages absent from the index's text of the page: ${absentLines} on ${byPage.size} pages, by where they are:`);
  for (const [region, list] of [...absent].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))) {
    list.sort((a, b) => (a.page < b.page ? -1 : a.page > b.page ? 1 : a.line < b.line ? -1 : 1));
    const first = new Map();
    for (const x of list) if (!first.has(x.line)) first.set(x.line, x);
    const distinct = [...first.values()];
    lines.push(`  ${list.length} lines (${distinct.length} distinct) on ${new Set(list.map((x) => x.page)).size} pages: ${region}`);
    for (const x of distinct.slice(0, 4)) {
      lines.push(`      ${JSON.stringify([...x.line].length > 50 ? [...x.line].slice(0, 50).join("") + "…" : x.line)} (${x.page}${x.at ? ": " + x.at : ""})`);
    }
  }

  lines.push(`time: ${times.join(", ")}`);
  const report = join(mkdtempSync(join(tmpdir(), "handbook-recall-")), "recall.json");
  writeFileSync(report, JSON.stringify({ seed: SEED, summary: lines, failures, absent: Object.fromEntries(absent), notIndexed, samples, pages, docs }, null, 1));
  lines.push(`full list: ${report}`);
  brief.push(`examples above; full list: ${report}`);
  console.log(lines.join("\n"));

  assert.deepEqual(errors, [], "page errors");
  assert.equal(failures.filter((f) => f.kind !== "typed").length, 0, brief.join("\n"));
});

test("the engine in the page lists exactly what the search box lists", async () => {
  const { docs } = await collect();
  const page = await ctx.browser.newPage();
  await page.goto(ctx.server.url + "index.html");
  const { root } = await startEngine(page);
  const input = "#hb-search .hb-search-input";
  // "6\n课时" checks what the box makes of a line break: Chromium turns it into a space on fill.
  for (const q of ["退费", "班主任", "6 课时", "EFACS", "6\n课时"]) {
    const shown = q.replace(/\n/g, " ");
    const ids = (await runQueries(page, [shown]))[0];
    assert.ok(Array.isArray(ids), `engine: ${JSON.stringify(ids)}`);
    await page.fill(input, "");
    await page.fill(input, q);
    assert.equal(await page.inputValue(input), shown);
    await page.waitForFunction((query) => document.querySelector("#hb-search")?.getAttribute("data-listed") === query, shown);
    // Page through the list with the "more" button until it is all shown, as a reader does:
    // the button goes away when nothing is left.
    for (;;) {
      const more = page.locator("#hb-search .hb-search-more");
      if (!(await more.isVisible())) break;
      const n = await page.locator("#hb-search .hb-search-results a").count();
      await more.click();
      await page.waitForFunction((k) => document.querySelectorAll("#hb-search .hb-search-results a").length > k, n);
    }
    const hrefs = await page.$$eval("#hb-search .hb-search-results a", (as) => as.map((a) => a.getAttribute("href")));
    const listed = hrefs.map((h) => h.slice(root.length).split("#")[0]);
    assert.deepEqual(listed, ids.map((id) => docs[id].url.split("#")[0]), `box vs engine for ${q}`);
  }
  await page.close();
});
