// The built site as a reader meets it: pages load, navigation renders, links resolve.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSite } from "./lib.mjs";

const ctx = useSite();

test("home page lists every kind and the navigation script renders", async () => {
  const page = await ctx.browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(ctx.server.url + "index.html");
  const groups = await page.locator(".hb-index-group h2").allTextContents();
  assert.ok(groups.some((g) => g.includes("工作流程")), `groups: ${groups}`);
  const navLinks = await page.locator("#hb-nav a").count();
  assert.ok(navLinks > 50, `nav has ${navLinks} links`);
  assert.deepEqual(errors, []);
});

test("every internal link on the refund page resolves", async () => {
  const page = await ctx.browser.newPage();
  await page.goto(ctx.server.url + "procedures/refund.html");
  // SVG links (the flowchart) have an SVGAnimatedString `href`; resolve every link the same way.
  const hrefs = await page.$$eval("main a[href]", (as) =>
    as.map((a) => new URL(a.getAttribute("href"), document.baseURI).href),
  );
  assert.ok(hrefs.length > 5);
  for (const href of hrefs) {
    if (!href.startsWith(ctx.server.url)) continue;
    const res = await page.request.get(href.split("#")[0]);
    assert.equal(res.status(), 200, href);
  }
});

test("works opened from disk (file://)", async () => {
  const page = await ctx.browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("file://" + ctx.site + "/roles/head-teacher.html");
  assert.match(await page.locator("h1").first().textContent(), /班主任/);
  assert.ok((await page.locator("#hb-nav a").count()) > 50);
  assert.deepEqual(errors, []);
});

test("no page is wider than the screen, from a phone to a desktop", async () => {
  const { readdirSync, statSync } = await import("node:fs");
  const { join, relative } = await import("node:path");
  const pages = [];
  (function walk(dir) {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== "search" && name !== "theme") walk(path);
      } else if (name.endsWith(".html")) pages.push(relative(ctx.site, path));
    }
  })(ctx.site);
  assert.ok(pages.length > 100, `${pages.length} pages`);
  const wide = [];
  for (const width of [375, 768, 1280]) {
    const page = await ctx.browser.newPage({ viewport: { width, height: 800 } });
    for (const path of pages) {
      await page.goto(ctx.server.url + path);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      if (scrollWidth > width + 1) wide.push(`${path} at ${width}px: ${scrollWidth}px`);
    }
    await page.close();
  }
  assert.deepEqual(wide, []);
});

test("a page and its search load without a failed request or console error", async () => {
  const page = await ctx.browser.newPage();
  const failed = [];
  const errors = [];
  page.on("response", (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  page.on("requestfailed", (r) => failed.push(`failed ${r.url()}`));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(ctx.server.url + "procedures/refund.html", { waitUntil: "networkidle" });
  await page.fill("#hb-search .hb-search-input", "退费");
  await page.waitForFunction(() => document.querySelector("#hb-search")?.getAttribute("data-listed") === "退费");
  await page.waitForLoadState("networkidle");
  assert.deepEqual(failed, []);
  assert.deepEqual(errors, []);
  await page.close();
});
