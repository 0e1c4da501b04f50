// Printable, fillable forms: every form, scorecard and sign-off sheet of the bundled handbook
// printed to PDF by headless Chromium and read back with poppler (pdfinfo, pdftotext), plus the
// form and scorecard calculators driven by typing, as a person would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { brokenCjk, isA4, printToPdf, useSite } from "./lib.mjs";

/** Expected A4 page count of every sheet, printed blank. A form is one page unless it truly
 * cannot be; a new form or scorecard must be added here (the test fails until it is). */
const EXPECTED_PAGES = {
  "forms/attendance-list.html": 1,
  "forms/complaint-record.html": 1,
  "forms/level-adjustment-request.html": 1,
  "forms/lost-receipt-statement.html": 1,
  "forms/meeting-agenda.html": 1,
  "forms/meeting-minutes.html": 1,
  "forms/refund-request.html": 1,
  "forms/refund-started-request.html": 1,
  "forms/registration-form.html": 1,
  "forms/satisfaction-survey-form.html": 1,
  "forms/student-growth-file.html": 1,
  "scorecards/course-consultant-standards.html": 2, // 26 service standards: a two-page table
  "scorecards/cs-supervisor.html": 1,
  "scorecards/education-consultant.html": 1,
  "scorecards/front-desk-clerk.html": 1,
  "scorecards/head-teacher.html": 1,
  "scorecards/one-to-one-penalties.html": 1,
};
/** Every sign-off sheet (roles/*.signoff.html) is exactly one page, whatever the role. */
const SIGNOFF_PAGES = 1;

// 200 Chinese characters, as a parent would write them (punctuation included).
const REASON = (
  "孩子本学期转学到外地就读,路途太远无法继续来校上课。" +
  "另外家里老人生病需要照顾,接送时间也安排不开,经全家商量后决定申请退费。" +
  "感谢班主任和各位老师这段时间的耐心辅导,孩子的数学成绩有明显进步,我们非常满意。" +
  "希望学校尽快按规定办理退费手续,剩余款项请退回原付款账户。" +
  "如需补充材料请随时电话联系我,谢谢理解与支持。以上情况属实,由家长本人填写。"
).padEnd(200, "。").slice(0, 200);

const ctx = useSite();

const squash = (s) => s.replace(/\s+/g, "");

function sheets() {
  const list = (dir, keep) =>
    readdirSync(join(ctx.site, dir))
      .filter(keep)
      .sort()
      .map((f) => `${dir}/${f}`);
  return {
    forms: list("forms", (f) => f.endsWith(".html")),
    scorecards: list("scorecards", (f) => f.endsWith(".html")),
    signoffs: list("roles", (f) => f.endsWith(".signoff.html")),
  };
}

/** Opens a sheet, optionally forcing a font, and waits until form.js has run. */
async function open(path, { font, hash = "" } = {}) {
  const page = await ctx.browser.newPage();
  page.setDefaultTimeout(5000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(ctx.server.url + path + hash);
  if (font) await page.addStyleTag({ content: `html, body, body * { font-family: "${font}" !important; }` });
  await page.evaluate(() => document.fonts.ready);
  return { page, errors };
}

/** The text of a PDF (or one page) in drawing order: a table cell that wraps stays together
 * instead of interleaving with its neighbours as it does in -layout. */
function rawText(pdf, first, last) {
  const range = first ? ["-f", String(first), "-l", String(last ?? first)] : [];
  return execFileSync("pdftotext", ["-raw", ...range, pdf, "-"], { encoding: "utf8" });
}

/** Every piece of text on the sheet a person must be able to read on paper. */
async function labelsOf(page) {
  return page.$$eval(
    [
      ".hb-form-header h1",
      ".hb-label",
      ".hb-section > legend",
      ".hb-choice",
      ".hb-sign-label",
      ".hb-date-label",
      ".hb-fill-label",
      ".hb-notes li",
      ".hb-score-table th",
      ".hb-score-table td",
      ".hb-summary > span",
      ".hb-score-table li",
    ].join(","),
    (els) =>
      els
        // A cell holding a list is checked item by item (the printed list has numbers).
        .filter((e) => !e.closest(".hb-noprint") && !e.querySelector("ol, ul"))
        .map((e) => e.textContent.trim())
        .filter(Boolean),
  );
}

/** Prints, then checks what every printed sheet must satisfy; returns the PDF. */
async function printChecked(page, name, expectedPages) {
  const pdf = await printToPdf(page, name);
  assert.ok(isA4(pdf.pageSize), `${name}: not A4 (${pdf.pageSize})`);
  assert.equal(pdf.pages, expectedPages, `${name}: ${pdf.pages} pages, expected ${expectedPages}`);
  assert.deepEqual(brokenCjk(pdf.text), [], `${name}: Kangxi/radical code points in the text layer`);
  const flat = squash(pdf.text);
  // The running footer on every page, and no navigation chrome or screen-only controls.
  assert.ok(flat.includes(`第1页/共${expectedPages}页`), `${name}: footer missing`);
  assert.ok(flat.includes(`第${expectedPages}页/共${expectedPages}页`), `${name}: last footer missing`);
  for (const chrome of ["跳到正文", "打印空白表", "·版本"]) {
    assert.ok(!flat.includes(chrome), `${name}: "${chrome}" printed`);
  }
  return pdf;
}

function assertAllPrinted(name, pdf, labels) {
  const flat = squash(pdf.text) + squash(rawText(pdf.path));
  const missing = labels.filter((l) => !flat.includes(squash(l)));
  assert.deepEqual(missing, [], `${name}: labels missing from the PDF text`);
}

test("every sheet has a stated page count", () => {
  const { forms, scorecards } = sheets();
  assert.ok(forms.length >= 10 && scorecards.length >= 5);
  assert.deepEqual([...forms, ...scorecards].filter((p) => !(p in EXPECTED_PAGES)), []);
  assert.deepEqual(Object.keys(EXPECTED_PAGES).filter((p) => ![...forms, ...scorecards].includes(p)), []);
});

test("every form prints blank on A4 with every field label, its number and page footer", async () => {
  for (const path of sheets().forms) {
    const { page, errors } = await open(path);
    const labels = await labelsOf(page);
    const number = await page.getAttribute("form.hb-form", "data-form-number");
    const pdf = await printChecked(page, path, EXPECTED_PAGES[path]);
    assertAllPrinted(path, pdf, labels);
    if (number) assert.ok(squash(pdf.text).includes(`${number}·第1页`), `${path}: form number not in footer`);
    // Blank means blank: nothing computed from the person's input (constants such as a fixed
    // fee still show), no 大写 of such an amount.
    const filled = await page.$$eval("output[data-compute]", (outs) =>
      outs.filter((o) => window.HBForm.depsOf(o.dataset.compute).length > 0 && o.value !== "").map((o) => o.name),
    );
    assert.deepEqual(filled, [], `${path}: computed amounts on a blank form`);
    assert.deepEqual(errors, [], path);
    await page.close();
  }
});

test("every scorecard prints on A4: items, rules, 自评/考评 columns, total and signatures together", async () => {
  for (const path of sheets().scorecards) {
    const { page, errors } = await open(path);
    const labels = await labelsOf(page);
    const hasItems = (await page.locator("tr.hb-rule").count()) > 0;
    const n = EXPECTED_PAGES[path];
    const pdf = await printChecked(page, path, n);
    assertAllPrinted(path, pdf, labels);
    // The header row repeats on every page.
    const header = await page.$$eval(".hb-score-table thead th:not(.hb-noprint)", (ths) =>
      ths.map((t) => t.textContent.trim()),
    );
    for (let p = 1; p <= n; p++) {
      const text = squash(rawText(pdf.path, p));
      for (const h of header) assert.ok(text.includes(h), `${path}: page ${p} lacks header "${h}"`);
    }
    // The total and the signature block are on the last page, together.
    const last = squash(rawText(pdf.path, n));
    for (const s of ["考评人", "领导签名", ...(hasItems ? ["基准分", "得分", "扣发"] : [])]) {
      assert.ok(last.includes(s), `${path}: "${s}" not on the last page`);
    }
    if (hasItems) {
      for (const h of ["自评", "考评", "备注", "扣分标准"]) assert.ok(header.includes(h), `${path}: no ${h} column`);
    }
    assert.deepEqual(errors, [], path);
    await page.close();
  }
});

test("every sign-off sheet prints on one A4 page with its reading list, version and signatures", async () => {
  const { signoffs } = sheets();
  assert.ok(signoffs.length >= 10);
  for (const path of signoffs) {
    const { page, errors } = await open(path);
    const labels = await labelsOf(page);
    const pdf = await printChecked(page, path, SIGNOFF_PAGES);
    assertAllPrinted(path, pdf, [...labels, "员工签名", "带教人签名", "主管签名", "手册版本"]);
    assert.deepEqual(errors, [], path);
    await page.close();
  }
});

const STARTED = "forms/refund-started-request.html";
const STARTED_FILLED =
  "#student_name=张小明&contract_no=HT-2026-0315&class_name=初二数学" +
  "&paid=%EF%BC%91%EF%BC%92%EF%BC%8C%EF%BC%90%EF%BC%90%EF%BC%90" + // １２，０００
  "&lessons_bought=60&lessons_used=10&lesson_price=200";

test("refund-started form prefilled from the fragment prints the amounts and 大写", async () => {
  const { page, errors } = await open(STARTED, { hash: STARTED_FILLED + "&reason=" + encodeURIComponent(REASON) });
  assert.equal(await page.inputValue("#f-paid"), "12,000.00");
  const pdf = await printChecked(page, "refund-started-filled", 1);
  const flat = squash(pdf.text);
  for (const s of ["张小明", "12,000.00", "2,000.00", "800.00", "9,200.00", "玖仟贰佰元整", "贰仟元整", "捌佰元整"]) {
    assert.ok(flat.includes(s), `"${s}" not printed`);
  }
  assert.ok(squash(rawText(pdf.path)).includes(squash(REASON)), "the reason is not printed in full");
  assert.deepEqual(errors, []);
  await page.close();
});

test("refund-request form prefilled from the fragment prints the amount and its 大写", async () => {
  const { page, errors } = await open("forms/refund-request.html");
  const option = await page.getAttribute('input[name="reason_type"]', "value");
  // Prefill also applies when the fragment changes on an open page.
  await page.goto(
    ctx.server.url +
      "forms/refund-request.html#student_name=李华&class_name=初一英语A班&invoice_no=No.00012345" +
      "&paid=3%2C600&lessons_bought=48&lessons_used=4" +
      "&refund_amount=%EF%BC%93%EF%BC%92%EF%BC%90%EF%BC%90" + // ３２００
      `&reason_type=${encodeURIComponent(option)}&consulted=是&reason=` +
      encodeURIComponent("上课时间与学校补课冲突,无法继续参加。"),
  );
  assert.equal(await page.inputValue("#f-refund_amount"), "3,200.00");
  assert.ok(await page.isChecked(`input[name="reason_type"][value="${option}"]`));
  const pdf = await printChecked(page, "refund-request-filled", 1);
  const flat = squash(pdf.text);
  for (const s of ["李华", "3,600.00", "3,200.00", "叁仟贰佰元整", "上课时间与学校补课冲突"]) {
    assert.ok(flat.includes(s), `"${s}" not printed`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

for (const font of ["WenQuanYi Micro Hei", "Noto Sans CJK SC"]) {
  test(`refund-started form is one A4 page blank and with a 200-character reason in ${font}`, async () => {
    assert.equal([...REASON].length, 200);
    for (const hash of ["", STARTED_FILLED + "&reason=" + encodeURIComponent(REASON)]) {
      const { page, errors } = await open(STARTED, { font, hash });
      // The font really is the one in use (not a fallback).
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("DOM.enable");
      await cdp.send("CSS.enable");
      const { root } = await cdp.send("DOM.getDocument");
      const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: ".hb-form-header h1" });
      const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
      assert.ok(fonts.some((f) => f.familyName === font), `${font} not used: ${JSON.stringify(fonts)}`);
      const pdf = await printChecked(page, `refund-started-${font.split(" ")[0]}${hash ? "-filled" : ""}`, 1);
      if (hash) {
        assert.ok(squash(rawText(pdf.path)).includes(squash(REASON)), `${font}: the reason is cut`);
        assert.ok(squash(pdf.text).includes("玖仟贰佰元整"));
      }
      assert.deepEqual(errors, []);
      await page.close();
    }
  });
}

test("a reason far longer than its box prints in full over several pages, footer counting them", async () => {
  const long = Array.from({ length: 40 }, (_, i) => `第${i + 1}条:${REASON.slice(0, 40)}`).join("\n");
  const { page, errors } = await open(STARTED, { hash: STARTED_FILLED + "&reason=" + encodeURIComponent(long) });
  const pdf = await printToPdf(page, "refund-started-long");
  assert.ok(isA4(pdf.pageSize));
  assert.ok(pdf.pages >= 2, `${pdf.pages} pages`);
  const raw = squash(rawText(pdf.path));
  for (let i = 1; i <= 40; i++) assert.ok(raw.includes(`第${i}条:`), `line ${i} of the reason is not printed`);
  assert.ok(squash(pdf.text).includes(`第${pdf.pages}页/共${pdf.pages}页`));
  // The signatures come after the whole reason, on the last page.
  assert.ok(squash(rawText(pdf.path, pdf.pages)).includes("家长签名"));
  assert.deepEqual(errors, []);
  await page.close();
});

test("typing into the refund-started form (full-width digits included) computes on screen", async () => {
  const { page, errors } = await open(STARTED);
  const refund = page.locator('output[name="refund"]');
  const capital = page.locator('.hb-capital[data-capital-of="refund"]');
  // A blank form shows nothing computed but the constant fee.
  assert.equal(await refund.textContent(), "");
  assert.equal(await capital.textContent(), "");
  await page.locator("#f-paid").pressSequentially("１２，０００");
  await page.locator("#f-lessons_used").pressSequentially("１０");
  // A required field is still empty: no refund yet.
  assert.equal(await refund.textContent(), "");
  await page.locator("#f-lesson_price").pressSequentially("200");
  await page.keyboard.press("Tab");
  assert.equal(await page.inputValue("#f-paid"), "12,000.00");
  assert.equal(await page.locator('output[name="used_fee"]').textContent(), "2,000.00");
  assert.equal(await refund.textContent(), "9,200.00");
  assert.equal(await refund.getAttribute("data-value"), "9200.00");
  assert.equal(await capital.textContent(), "玖仟贰佰元整");
  // Optional deductions count as 0 until typed.
  await page.locator("#f-other_deductions").pressSequentially("¥1,200");
  assert.equal(await refund.textContent(), "8,000.00");
  assert.equal(await capital.textContent(), "捌仟元整");
  // A decimal comma is refused with a hint, and the refund empties rather than guess.
  await page.locator("#f-other_deductions").fill("");
  await page.locator("#f-other_deductions").pressSequentially("12,5");
  assert.equal(await refund.textContent(), "");
  assert.equal(await page.getAttribute("#f-other_deductions", "aria-invalid"), "true");
  assert.notEqual((await page.locator('.hb-input-hint[data-hint-for="other_deductions"]').textContent()).trim(), "");
  await page.locator("#f-other_deductions").fill("");
  assert.equal(await refund.textContent(), "9,200.00");
  // The reason typed in the textarea is mirrored for print.
  await page.locator("#f-reason").pressSequentially("孩子转学。");
  assert.equal(await page.locator('.hb-print-value[data-mirror="reason"]').textContent(), "孩子转学。");
  assert.deepEqual(errors, []);
  await page.close();
});

test("print buttons: 打印空白表 prints every field empty and restores afterwards", async () => {
  const page = await ctx.browser.newPage();
  await page.addInitScript(() => {
    window.__prints = [];
    window.print = () =>
      window.__prints.push({
        blank: document.documentElement.classList.contains("hb-printing-blank"),
        paid: document.querySelector("#f-paid").value,
        refund: document.querySelector('output[name="refund"]').textContent,
        reason: document.querySelector('.hb-print-value[data-mirror="reason"]').textContent,
      });
  });
  await page.goto(ctx.server.url + STARTED + STARTED_FILLED + "&reason=" + encodeURIComponent("转学"));
  await page.click('[data-print="blank"]');
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  await page.click('[data-print="filled"]');
  const prints = await page.evaluate(() => window.__prints);
  assert.deepEqual(prints, [
    { blank: true, paid: "", refund: "", reason: "" },
    { blank: false, paid: "12,000.00", refund: "9,200.00", reason: "转学" },
  ]);
  await page.close();
});

test("the scorecard calculator computes deductions, score and money as counts are typed", async () => {
  const { page, errors } = await open("scorecards/head-teacher.html");
  const total = page.locator("output.hb-total");
  const deducted = page.locator("output.hb-deducted");
  const money = page.locator("output.hb-money");
  assert.equal(await total.textContent(), "", "a blank scorecard claims no score");
  const counts = page.locator("input.hb-count");
  await counts.nth(0).pressSequentially("３"); // 每次扣 2 分 × 3
  await counts.nth(3).pressSequentially("2"); // 每超过一天扣 2 分 × 2
  await counts.nth(5).pressSequentially("1"); // 每次扣 5 分 × 1
  assert.equal(await page.locator("output.hb-deduction").nth(0).textContent(), "6");
  assert.equal(await deducted.textContent(), "15");
  assert.equal(await total.textContent(), "85");
  assert.equal(await money.textContent(), "30.00");
  // A negative count is refused and the summary empties.
  await counts.nth(1).pressSequentially("-1");
  assert.equal(await total.textContent(), "");
  assert.equal(await counts.nth(1).getAttribute("aria-invalid"), "true");
  await counts.nth(1).fill("");
  assert.equal(await total.textContent(), "85");
  // Printed, the deductions stand in the 考评 column and the total under the table.
  const pdf = await printChecked(page, "head-teacher-filled", 1);
  const flat = squash(pdf.text);
  for (const s of ["得分85分", "扣分合计15分", "扣发30.00元", "−6"]) assert.ok(flat.includes(s), `"${s}" not printed`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a scorecard refills from the fragment", async () => {
  const { page, errors } = await open("scorecards/head-teacher.html", { hash: "#r1=1&r6=2" });
  assert.equal(await page.locator("output.hb-total").textContent(), "88");
  assert.equal(await page.locator("output.hb-money").textContent(), "24.00");
  assert.deepEqual(errors, []);
  await page.close();
});
