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
