// Site search as a reader uses it: Simplified, Traditional and pinyin queries, opening a result,
// keyboard shortcuts and navigation, the kind facet; over http and from file://.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useSite } from "./lib.mjs";

const ctx = useSite();

const input = "#hb-search .hb-search-input";
const results = "#hb-search .hb-search-results a";

/** Types `q` into the search box and waits for the result list of that query. */
async function search(page, q) {
  await page.fill(input, "");
  await page.fill(input, q);
  // Wait for the list of this query, not the one still showing for the previous query.
  await page.waitForFunction(
    ([sel, query]) => {
      const status = document.querySelector("#hb-search .hb-search-status")?.textContent ?? "";
      return document.querySelector("#hb-search")?.getAttribute("data-listed") === query &&
        document.querySelectorAll(sel).length > 0 && status.startsWith("找到");
    },
    [results, q],
  );
  return page.$$eval(results, (as) =>
    as.map((a) => ({
      href: a.getAttribute("href"),
      title: a.querySelector(".hb-title").textContent,
      kind: a.querySelector(".hb-kind").textContent,
      marked: a.querySelectorAll("mark").length,
    })),
  );
}

function newPage() {
  return ctx.browser.newPage().then((page) => {
    page.errors = [];
    page.on("pageerror", (e) => page.errors.push(e.message));
    return page;
  });
}

async function scriptsAndPinyin(base) {
  const page = await newPage();
  await page.goto(base + "roles/head-teacher.html");
  const simplified = await search(page, "退费");
  assert.ok(simplified.length >= 3, `退费: ${simplified.length} results`);
  const top = simplified.slice(0, 3).map((r) => r.title);
  assert.ok(top.some((t) => t.includes("退费")), `退费 top: ${top}`);
  assert.ok(simplified[0].marked > 0, "the hit is highlighted");
  const traditional = await search(page, "退費");
  assert.deepEqual(traditional.map((r) => r.href), simplified.map((r) => r.href), "退費 = 退费");
  const pinyin = await search(page, "tuifei");
  assert.ok(pinyin.slice(0, 8).some((r) => r.title === "学员退费"), `tuifei: ${pinyin.map((r) => r.title)}`);
  // Open the refund procedure from the pinyin results.
  await page
    .locator(results)
    .filter({ has: page.locator(".hb-title", { hasText: /^学员退费$/ }) })
    .click();
  await page.waitForURL(/procedures\/refund/);
  assert.match(await page.locator("h1").first().textContent(), /退费/);
  assert.deepEqual(page.errors, []);
  await page.close();
}

test("over http: Simplified, Traditional and pinyin queries find 退费 and open it", async () => {
  await scriptsAndPinyin(ctx.server.url);
});

test("from file://: the same queries work and open the page", async () => {
  await scriptsAndPinyin("file://" + ctx.site + "/");
});

test("/ and Ctrl+K focus the box; arrows and Enter open a result", async () => {
  const page = await newPage();
  await page.goto(ctx.server.url + "index.html");
  await page.locator("body").click({ position: { x: 5, y: 400 } });
  await page.keyboard.press("/");
  assert.ok(await page.$eval(input, (el) => el === document.activeElement), "/ focuses");
  await page.keyboard.press("Escape");
  await page.locator("main").first().click({ position: { x: 5, y: 5 } });
  assert.ok(await page.$eval(input, (el) => el !== document.activeElement));
  await page.keyboard.press("Control+K");
  assert.ok(await page.$eval(input, (el) => el === document.activeElement), "Ctrl+K focuses");

  const list = await search(page, "班主任");
  assert.ok(list.length >= 2);
  await page.keyboard.press("ArrowDown");
  const selected = await page.$$eval("#hb-search .hb-result", (lis) =>
    lis.findIndex((li) => li.getAttribute("aria-selected") === "true"),
  );
  assert.equal(selected, 1, "ArrowDown moves to the second result");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowDown");
  const expected = new URL(list[1].href, page.url()).href;
  await page.keyboard.press("Enter");
  await page.waitForURL(expected.split("#")[0] + "**");
  assert.equal(page.url(), expected);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("Enter right after retyping opens the new query's first result, never the old list's", async () => {
  const page = await newPage();
  await page.goto(ctx.server.url + "index.html");
  await page.keyboard.press("Control+K");
  const old = await search(page, "退费");
  assert.ok(old.length >= 2);
  // Replace the query and press Enter before the debounced search has run.
  await page.fill(input, "投诉处理");
  await page.keyboard.press("Enter");
  await page.waitForURL("**/procedures/complaint-handling.html**");
  assert.equal(await page.locator("main h1").first().textContent(), "投诉处理");
  // Esc closes the list; Enter then shows it again instead of opening a hidden result.
  await page.goBack();
  await page.keyboard.press("Control+K");
  await search(page, "班主任");
  await page.keyboard.press("Escape");
  const before = page.url();
  await page.keyboard.press("Enter");
  await page.waitForTimeout(300);
  assert.equal(page.url(), before, "Enter after Esc stays on the page");
  assert.ok(await page.locator("#hb-search .hb-result").first().isVisible(), "the list shows again");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the kind facet filters results", async () => {
  const page = await newPage();
  await page.goto(ctx.server.url + "index.html");
  const all = await search(page, "退费");
  const buttons = await page.$$eval("#hb-search .hb-facet", (bs) => bs.map((b) => b.textContent));
  assert.match(buttons[0], /^全部 \d+$/);
  const procedure = buttons.find((b) => b.startsWith("流程 "));
  assert.ok(procedure, `facets: ${buttons}`);
  const count = Number(procedure.split(" ")[1]);
  assert.ok(count > 0 && count < Number(buttons[0].split(" ")[1]), `facets: ${buttons}`);
  await page.click(`#hb-search .hb-facet >> text=${procedure}`);
  await page.waitForFunction(
    (sel) => [...document.querySelectorAll(sel)].every((a) => a.querySelector(".hb-kind").textContent === "流程"),
    results,
  );
  // The results stay open (the button re-renders itself; that is not a click outside).
  assert.ok(await page.isVisible("#hb-search .hb-search-panel"), "the panel closed on a facet click");
  const kinds = await page.$$eval(results, (as) => as.map((a) => a.querySelector(".hb-kind").textContent));
  assert.equal(kinds.length, Math.min(count, 10));
  assert.ok(kinds.every((k) => k === "流程"));
  assert.equal(await page.$eval("#hb-search .hb-facet[aria-pressed=true]", (b) => b.textContent), procedure);
  assert.ok(all.length >= kinds.length);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("text pasted across lines keeps its lines apart and finds its page", async () => {
  const page = await newPage();
  await page.goto(ctx.server.url + "procedures/refund.html");
  // The page header, as a reader copies it: kind label, title, summary on lines of their own.
  const copied = await page.$eval("main .hb-page-header", (h) => h.innerText.split("\n").filter(Boolean).slice(0, 2).join("\n"));
  assert.match(copied, /\n/, `copied: ${JSON.stringify(copied)}`);
  await page.focus(input);
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData("text/plain", text);
    const box = document.querySelector("#hb-search .hb-search-input");
    box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, copied);
  const typed = copied.replace(/\s*\n\s*/g, " ");
  assert.equal(await page.inputValue(input), typed);
  const found = await search(page, typed);
  assert.ok(found.some((r) => r.href.includes("procedures/refund.html")), `${typed}: ${found.map((r) => r.href)}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the role facet narrows results to the pages of one role", async () => {
  const page = await newPage();
  await page.goto(ctx.server.url + "index.html");
  const all = await search(page, "退费");
  // The role facet's data follows the results; the select shows once it is in.
  await page.waitForSelector("#hb-search .hb-search-role:not([hidden]) option:nth-child(2)", { state: "attached" });
  const options = await page.$$eval("#hb-search .hb-search-role option", (os) => os.map((o) => [o.value, o.textContent]));
  const teacher = options.find(([, label]) => label.startsWith("班主任"));
  assert.ok(teacher, `roles: ${options.map((o) => o[1])}`);
  const n = Number(/（(\d+)）/.exec(teacher[1])[1]);
  assert.ok(n > 0 && all.length > 0, teacher[1]);
  await page.selectOption("#hb-search .hb-search-role", teacher[0]);
  await page.waitForFunction(
    (count) => document.querySelector("#hb-search .hb-search-status").textContent.includes(String(count)),
    n,
  );
  assert.match(await page.textContent("#hb-search .hb-search-status"), new RegExp(`找到 ${n} `));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("more results continue where the list ended, and the arrows go on from there", async () => {
  const page = await newPage();
  await page.goto(ctx.server.url + "index.html");
  await search(page, "学员");
  await page.click("#hb-search .hb-search-more");
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length > 10, results);
  const active = () => page.$eval("#hb-search [aria-selected=true]", (li) => li.id);
  assert.equal(await active(), "hb-result-10");
  assert.ok(await page.$eval("#hb-search #hb-result-10", (li) => {
    const box = li.closest(".hb-search-panel").getBoundingClientRect();
    const r = li.getBoundingClientRect();
    return r.top >= box.top && r.bottom <= box.bottom + 1;
  }), "the first new result is in view");
  assert.equal(await page.evaluate(() => document.activeElement.className), "hb-search-input");
  await page.keyboard.press("ArrowDown");
  assert.equal(await active(), "hb-result-11");
  assert.deepEqual(page.errors, []);
  await page.close();
});
