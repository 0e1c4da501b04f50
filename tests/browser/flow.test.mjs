// Swimlane flowcharts in Chromium: every bundled flowchart's text fits its boxes in two real
// CJK fonts; the guided walk and the role filter work and their state round-trips through
// the URL; the refund flowcharts print on A4 with text at 8pt or more, and so does the
// ten-lane course-phases one, in strips of whole lanes.
// Run: cd tests/browser && node --test flow.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { buildSite, isA4, launch, printToPdf, serve } from "./lib.mjs";

let browser, server, site, procedures;
before(async () => {
  site = buildSite();
  server = await serve(site);
  browser = await launch();
  procedures = readdirSync(join(site, "procedures")).filter((f) => f.endsWith(".html")).sort();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path, font) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(server.url + path);
  if (font) {
    await page.addStyleTag({ content: `:root { --hb-flow-font: "${font}" !important; }` });
  }
  await page.evaluate(() => document.fonts.ready);
  return { page, errors };
}

// Runs in the page: every text line of the flowchart against its box. Lines are measured
// from the glyph extents of their characters (getExtentOfChar), grouped by line.
function measureText() {
  const out = { lines: 0, problems: [], font: "" };
  const svg = document.querySelector("svg.hb-flow");
  if (!svg) return out;
  out.font = getComputedStyle(svg).fontFamily;
  const EPS = 0.5;
  const lineBoxes = (t) => {
    const n = t.getNumberOfChars();
    const lines = new Map();
    for (let i = 0; i < n; i++) {
      const r = t.getExtentOfChar(i);
      const key = Math.round(t.getStartPositionOfChar(i).y);
      const b = lines.get(key);
      if (!b) lines.set(key, { x0: r.x, y0: r.y, x1: r.x + r.width, y1: r.y + r.height });
      else {
        b.x0 = Math.min(b.x0, r.x);
        b.y0 = Math.min(b.y0, r.y);
        b.x1 = Math.max(b.x1, r.x + r.width);
        b.y1 = Math.max(b.y1, r.y + r.height);
      }
    }
    return [...lines.values()];
  };
  const name = (g) => g.getAttribute("data-step") || g.getAttribute("data-role") || g.getAttribute("data-label");
  const shapes = [];
  for (const g of svg.querySelectorAll(".hb-node")) {
    const shape = g.querySelector("rect, path");
    const bb = shape.getBBox();
    shapes.push(bb);
    const diamond = g.classList.contains("hb-decision");
    // Long decisions are hexagons: "M x cy l d -b h flat l d b l -d b h -flat z".
    const d = shape.getAttribute("d") || "";
    const hexIndent = /h/.test(d) ? Math.abs(Number(d.match(/-?[\d.]+/g)[2])) : 0;
    for (const l of lineBoxes(g.querySelector("text"))) {
      out.lines++;
      let ok;
      if (diamond && hexIndent) {
        const [cx, cy, a, b] = [bb.x + bb.width / 2, bb.y + bb.height / 2, bb.width / 2, bb.height / 2];
        // Every corner of the line's ink box inside the hexagon (and between its flat sides).
        ok = l.y0 >= bb.y - EPS && l.y1 <= bb.y + bb.height + EPS &&
          [l.x0, l.x1].every((x) => [l.y0, l.y1].every((y) => Math.abs(x - cx) + (hexIndent * Math.abs(y - cy)) / b <= a + EPS));
      } else if (diamond) {
        const [cx, cy, a, b] = [bb.x + bb.width / 2, bb.y + bb.height / 2, bb.width / 2, bb.height / 2];
        // Every corner of the line's ink box inside the rhombus.
        ok = [l.x0, l.x1].every((x) => [l.y0, l.y1].every((y) => Math.abs(x - cx) / a + Math.abs(y - cy) / b <= 1.02));
      } else {
        ok = l.x0 >= bb.x - EPS && l.x1 <= bb.x + bb.width + EPS && l.y0 >= bb.y - EPS && l.y1 <= bb.y + bb.height + EPS;
      }
      if (!ok) out.problems.push(`node ${name(g)}: line ${JSON.stringify([l.x0, l.x1].map(Math.round))} overflows ${JSON.stringify([bb.x, bb.x + bb.width])}`);
    }
  }
  for (const g of svg.querySelectorAll(".hb-lane")) {
    const head = g.querySelector(".hb-lane-head");
    const t = g.querySelector("text");
    if (!head || !t) continue;
    const bb = head.getBBox();
    for (const l of lineBoxes(t)) {
      out.lines++;
      if (l.x0 < bb.x - EPS || l.x1 > bb.x + bb.width + EPS || l.y1 > bb.y + bb.height + EPS)
        out.problems.push(`lane ${name(g)}: title overflows its header`);
    }
  }
  const W = svg.viewBox.baseVal.width;
  const labelBoxes = [];
  for (const [gi, g] of [...svg.querySelectorAll(".hb-edge")].entries()) {
    const t = g.querySelector("text");
    if (!t) continue;
    for (const l of lineBoxes(t)) {
      out.lines++;
      labelBoxes.push([name(g), l, gi]);
      if (l.x0 < -EPS || l.x1 > W + EPS) out.problems.push(`edge label ${name(g)} outside the drawing`);
      for (const s of shapes) {
        if (l.x0 < s.x + s.width - EPS && l.x1 > s.x + EPS && l.y0 < s.y + s.height - EPS && l.y1 > s.y + EPS)
          out.problems.push(`edge label ${name(g)} overlaps a node`);
      }
    }
  }
  for (let i = 0; i < labelBoxes.length; i++)
    for (let j = i + 1; j < labelBoxes.length; j++) {
      const [a, b] = [labelBoxes[i][1], labelBoxes[j][1]];
      // Lines of one label may touch (the glyph boxes are taller than the line pitch).
      if (labelBoxes[i][2] === labelBoxes[j][2]) continue;
      if (a.x0 < b.x1 - EPS && a.x1 > b.x0 + EPS && a.y0 < b.y1 - EPS && a.y1 > b.y0 + EPS)
        out.problems.push(`edge labels ${labelBoxes[i][0]} and ${labelBoxes[j][0]} overlap`);
    }
  return out;
}

for (const font of ["WenQuanYi Micro Hei", "Noto Sans CJK SC"]) {
  test(`every bundled flowchart's text fits its boxes in ${font}`, async () => {
    assert.ok(procedures.length >= 20, `${procedures.length} procedures`);
    const { page } = await open("index.html", font);
    assert.ok(await page.evaluate((f) => document.fonts.check(`14px "${f}"`), font), `${font} is not installed`);
    let lines = 0;
    const problems = [];
    for (const p of procedures) {
      await page.goto(server.url + "procedures/" + p);
      await page.addStyleTag({ content: `:root { --hb-flow-font: "${font}" !important; }` });
      await page.evaluate(() => document.fonts.ready);
      const r = await page.evaluate(measureText);
      assert.ok(r.font.startsWith(`"${font}"`), `${p}: font is ${r.font}`);
      assert.ok(r.lines > 0, `${p}: no flowchart text`);
      lines += r.lines;
      problems.push(...r.problems.map((x) => `${p}: ${x}`));
    }
    assert.deepEqual(problems, [], `${problems.length} of ${lines} lines`);
    assert.ok(lines > 300, `${lines} lines measured`);
    await page.close();
  });
}

const nodeState = (page) =>
  page.evaluate(() => ({
    current: [...document.querySelectorAll("svg.hb-flow .hb-node.hb-current")].map((g) => g.dataset.step),
    visited: [...document.querySelectorAll("svg.hb-flow .hb-node.hb-visited")].map((g) => g.dataset.step).sort(),
    panel: document.querySelector(".hb-walk:not([hidden]) .hb-walk-text")?.textContent ?? null,
    listCurrent: document.querySelector("ol.hb-steps > li.hb-current")?.dataset.step ?? null,
  }));

/** Walks `path` of branch labels (null = the only way on) from the walk's first step. */
async function walk(page, choices) {
  await page.click(".hb-flow-walk-toggle");
  for (const c of choices) {
    const buttons = page.locator(".hb-walk-go");
    if (c === null) {
      assert.equal(await buttons.count(), 1);
      await buttons.first().click();
    } else {
      await buttons.filter({ hasText: c }).first().click();
    }
  }
}

async function roundTrip(url, expected) {
  // Reload and a fresh page at the same URL restore the same point of the walk.
  const fresh = await browser.newPage();
  await fresh.goto(url);
  assert.deepEqual(await nodeState(fresh), expected, `fresh page at ${url}`);
  await fresh.reload();
  assert.deepEqual(await nodeState(fresh), expected, `reload of ${url}`);
  await fresh.close();
}

test("walking refund down two branches; the URL round-trips", async () => {
  const { page, errors } = await open("procedures/refund.html");
  // Branch 1: 与教学有关 → the dean talks the student into staying → end.
  await walk(page, [null, null, "与教学有关", "学员继续学习"]);
  let url = page.url();
  assert.match(url, /#walk=apply,consult,classify,dean,end-\d+$/);
  let st = await nodeState(page);
  assert.equal(st.current.length, 1);
  assert.match(st.current[0], /^end-/);
  assert.deepEqual(st.visited, ["apply", "classify", "consult", "dean", st.current[0]].sort());
  assert.equal(st.panel, "流程结束。");
  await roundTrip(url, st);

  // Branch 2 (restart): another reason → the form → the principal approves.
  await page.click(".hb-walk-nav button:has-text('重新开始')");
  await page.locator(".hb-walk-go").first().click(); // consult
  await page.locator(".hb-walk-go").first().click(); // classify
  await page.locator(".hb-walk-go", { hasText: "确有其他合理理由" }).click();
  await page.locator(".hb-walk-go").first().click(); // approve
  url = page.url();
  assert.match(url, /#walk=apply,consult,classify,form,approve$/);
  st = await nodeState(page);
  assert.deepEqual(st.current, ["approve"]);
  assert.equal(st.listCurrent, "approve");
  assert.match(st.panel, /批准退费申请/);
  await roundTrip(url, st);

  // Back goes one step back and rewrites the URL.
  await page.click(".hb-walk-nav button:has-text('上一步')");
  assert.match(page.url(), /#walk=apply,consult,classify,form$/);
  assert.deepEqual(errors, []);
  await page.close();
});

const roleState = async (page, role) => {
  await page.waitForTimeout(300); // the dimming fades in over .15s
  return page.evaluate((role) => {
    const svg = document.querySelector("svg.hb-flow");
    const nodes = [...svg.querySelectorAll(".hb-node")];
    return {
      mode: svg.classList.contains("hb-role-mode"),
      select: document.querySelector(".hb-flow-role select").value,
      lanes: [...svg.querySelectorAll(".hb-lane.hb-mine")].map((g) => g.dataset.role),
      mineInLane: nodes.filter((g) => g.dataset.role === role).every((g) => g.classList.contains("hb-mine")),
      notMine: nodes
        .filter((g) => g.classList.contains("hb-mine"))
        .filter((g) => {
          const li = document.getElementById("step-" + g.dataset.step);
          return g.dataset.role !== role && !(li && li.dataset.roles.split(/\s+/).includes(role));
        })
        .map((g) => g.dataset.step),
      dimmed: nodes.filter((g) => !g.classList.contains("hb-mine")).map((g) => Number(getComputedStyle(g).opacity)),
      list: [...document.querySelectorAll("ol.hb-steps > li.hb-mine")].map((li) => li.dataset.step),
    };
  }, role);
};

for (const [path, role, steps] of [
  ["procedures/refund.html", "head-teacher", ["consult", "classify", "form"]],
  ["procedures/refund-started.html", null, null],
]) {
  test(`只看我的角色 highlights one lane on ${path}`, async () => {
    const { page, errors } = await open(path);
    const lanes = await page.$$eval("svg.hb-flow .hb-lane", (gs) => gs.map((g) => g.dataset.role));
    const pick = role ?? lanes[1];
    await page.selectOption(".hb-flow-role select", pick);
    const st = await roleState(page, pick);
    assert.ok(st.mode);
    assert.equal(st.select, pick);
    assert.deepEqual(st.lanes, [pick]);
    assert.ok(st.mineInLane, "every node of the lane is highlighted");
    assert.deepEqual(st.notMine, [], "only the role's steps are highlighted");
    assert.ok(st.dimmed.length > 0 && st.dimmed.every((o) => o < 0.5), `others dimmed: ${st.dimmed}`);
    if (steps) for (const s of steps) assert.ok(st.list.includes(s), `step ${s} highlighted in the list`);
    assert.match(page.url(), new RegExp(`#role=${pick}$`));
    // The URL restores the filter.
    const fresh = await browser.newPage();
    await fresh.goto(page.url());
    assert.deepEqual(await roleState(fresh, pick), st);
    await fresh.close();
    // 全部角色 clears it.
    await page.selectOption(".hb-flow-role select", "");
    assert.equal((await roleState(page, pick)).mode, false);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("refund-started: the walk reaches the end and round-trips", async () => {
  const { page, errors } = await open("procedures/refund-started.html");
  await page.click(".hb-flow-walk-toggle");
  // Always take the first way on, until the end or a jump.
  for (let i = 0; i < 40; i++) {
    const go = page.locator(".hb-walk-go");
    if ((await go.count()) === 0) break;
    await go.first().click();
  }
  const st = await nodeState(page);
  assert.equal(st.current.length, 1);
  assert.ok(st.visited.length >= 4, `walked ${st.visited}`);
  assert.match(page.url(), /#walk=[^&]+$/);
  await roundTrip(page.url(), st);
  assert.deepEqual(errors, []);
  await page.close();
});

// Printing: the words of a PDF with their boxes (pt), page by page, from pdftotext -bbox.
async function pdfWords(path) {
  const { execFileSync } = await import("node:child_process");
  const html = execFileSync("pdftotext", ["-bbox", path, "-"], { encoding: "utf8" });
  return html.split(/<page /).slice(1).map((p) => {
    const [, w, h] = /width="([\d.]+)" height="([\d.]+)"/.exec(p);
    const words = [...p.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map(
      (m) => ({ h: Number(m[4]) - Number(m[2]), text: m[5] }),
    );
    return { width: Number(w), height: Number(h), words };
  });
}

// Runs in the page with print media emulated: the smallest text of the printed flowchart
// (or of its print pieces) in pt, from each text's computed size and the drawing's scale.
function smallestPrintedText() {
  const pieces = [...document.querySelectorAll(".hb-flow-pages svg.hb-flow")];
  const svgs = pieces.length ? pieces : [document.querySelector("svg.hb-flow")];
  let min = Infinity;
  for (const svg of svgs) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const t of svg.querySelectorAll("text")) {
      if (!t.textContent.trim()) continue;
      min = Math.min(min, parseFloat(getComputedStyle(t).fontSize) * scale * 0.75);
    }
  }
  return min;
}

for (const [name, kind] of [
  ["refund", "one page"],
  // 15 steps in a chain over 7 lanes: 16 ranks, too tall for one page at 8 pt until
  // chained steps in different lanes can share a rank (see docs/flowcharts/README.md).
  ["refund-started", "bands"],
  // 10 lanes, 30 ranks: too wide for landscape A4 at 8 pt, so strips of whole lanes,
  // each cut into page bands.
  ["course-phases", "strips"],
]) {
  const onePage = kind === "one page";
  const what = { "one page": "on one page", bands: "continued across pages", strips: "in lane strips continued across pages" };
  test(`the ${name} flowchart prints on A4 at 8pt or more, ${what[kind]}`, async () => {
    const { page } = await open(`procedures/${name}.html`);
    const svg = await page.$eval("svg.hb-flow", (s) => ({
      orientation: s.dataset.orientation ?? "inline",
      scale: Number(s.style.getPropertyValue("--hb-s")),
      strips: s.dataset.strips ?? null,
      // Every line of every text (a line is a text node of its own or a tspan).
      labels: [...s.querySelectorAll(".hb-lane text, .hb-node text, .hb-edge text")]
        .flatMap((t) => [...t.childNodes].map((n) => n.textContent.trim()))
        .filter(Boolean),
      numbers: [...s.querySelectorAll(".hb-num")].map((n) => n.textContent.replace(/\.$/, "")),
    }));
    assert.ok(svg.scale >= 0.7619, `print scale ${svg.scale}`);
    assert.equal(svg.strips !== null, kind === "strips", `data-strips ${svg.strips}`);

    // The whole page: A4, the drawing on a page of its own, all of it printed.
    const pdf = await printToPdf(page, name);
    assert.ok(isA4(pdf.pageSize), pdf.pageSize);
    const pages = await pdfWords(pdf.path);
    const squash = (s) => s.replace(/\s+/g, "");
    // The page(s) carrying the lane headers in a row: the drawing's own.
    const lanes = await page.$$eval("svg.hb-flow .hb-lane text", (ts) => ts.map((t) => t.textContent));
    // Pages with every lane title as a word of its own (the header row; the facts list
    // joins them with 、).
    const chartPages = pages.filter((p) => lanes.every((l) => p.words.some((w) => w.text === squash(l))));
    assert.ok(kind === "strips" || chartPages.length >= 1, "the drawing is in the PDF");
    const sizes = [...new Set(pages.map((p) => `${Math.round(p.width)}x${Math.round(p.height)}`))];
    if (svg.orientation === "landscape") assert.ok(sizes.includes("842x595"), `no landscape page: ${sizes}`);

    // The figure alone: how many pages it takes, and how small its text prints.
    const pieces = await page.evaluate(() => {
      window.dispatchEvent(new Event("beforeprint"));
      const n = document.querySelectorAll(".hb-flow-piece").length;
      window.dispatchEvent(new Event("afterprint"));
      return n;
    });
    await page.evaluate(() => {
      const fig = document.querySelector("figure.hb-flowchart");
      document.body.replaceChildren(fig);
    });
    const alone = await printToPdf(page, `${name}-figure`);
    const alonePages = await pdfWords(alone.path);
    const words = alonePages.flatMap((p) => p.words);
    const text = squash(words.map((w) => w.text).join(""));
    for (const l of svg.labels) assert.ok(text.includes(squash(l)), `missing ${l}`);
    // Every step number, starting a word (its box's first line).
    for (const n of svg.numbers) assert.ok(words.some((w) => w.text.startsWith(`${n}.`)), `step ${n} missing`);
    const cont = (alone.text.match(/接下页/g) || []).length;
    if (onePage) {
      assert.equal(alone.pages, 1, `the drawing takes ${alone.pages} pages`);
      assert.equal(pieces, 0, "not cut into pieces");
      assert.equal(cont, 0, "no continuation markers");
      assert.ok(!alone.text.includes("接上页"));
    } else if (kind === "bands") {
      assert.ok(pieces > 1 && alone.pages === pieces, `${pieces} pieces on ${alone.pages} pages`);
      assert.equal(cont, pieces - 1, `${pieces} pieces, ${cont} 接下页 markers`);
      assert.ok(alone.text.includes("接上页"));
    } else {
      assert.ok(pieces >= 4 && alone.pages === pieces, `${pieces} pieces on ${alone.pages} pages`);
      // Each page: its part number and lanes, and the header of exactly those lanes,
      // whole lanes in a row; together every lane.
      const seen = new Set();
      alonePages.forEach((p, i) => {
        const t = squash(p.words.map((w) => w.text).join(""));
        const m = new RegExp(`第${i + 1}/${pieces}部分·泳道(\\d+)(?:–(\\d+))?/共${lanes.length}`).exec(t);
        assert.ok(m, `page ${i + 1}: no part and lane marker in ${t.slice(0, 80)}`);
        const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
        const heads = lanes.map((l, j) => (p.words.some((w) => w.text === squash(l)) ? j + 1 : 0)).filter(Boolean);
        assert.deepEqual(heads, Array.from({ length: b - a + 1 }, (_, j) => a + j), `page ${i + 1}: lane headers`);
        heads.forEach((h) => seen.add(h));
        if (i > 0) assert.match(t, /[↑←]接第\d+部分/, `page ${i + 1}: where it continues from`);
        if (i < pieces - 1) assert.match(t, /(续见第\d+部分→|↓下接第\d+部分|以下空白)/, `page ${i + 1}: where it continues`);
      });
      assert.equal(seen.size, lanes.length, "every lane's header is printed");
      // Edges crossing between strips are marked on both sides of the cut.
      assert.match(text, /至\d+/, "no 至 marker of an edge leaving a strip");
      assert.match(text, /自\d+/, "no 自 marker of an edge entering a strip");
    }
    // pdftotext's word boxes are at least the font size (they are much taller in CJK fonts).
    const small = words.filter((w) => w.h < 8);
    assert.deepEqual(small.map((w) => `${w.text} ${w.h.toFixed(2)}pt`), [], "text below 8pt");
    // Exactly: computed font size × print scale, with print styles applied.
    await page.emulateMedia({ media: "print" });
    await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    const minPt = await page.evaluate(smallestPrintedText);
    assert.ok(minPt >= 8 - 1e-6, `smallest printed text ${minPt.toFixed(2)}pt`);
    if (kind !== "strips") assert.ok(chartPages.length === (onePage ? 1 : pieces), `drawing on ${chartPages.length} pages`);
    await page.close();
  });
}

test("print pieces are removed after printing", async () => {
  const { page } = await open("procedures/refund-started.html");
  await printToPdf(page, "refund-started-again");
  assert.equal(await page.locator(".hb-flow-pages").count(), 0, "print pieces removed after printing");
  await page.close();
});
