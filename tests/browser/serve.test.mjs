// `handbook serve` in a real browser: an edit reloads the page by itself, and the reader keeps
// their place on it; a mistake shows the overlay, its fix removes it.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, repo } from "./lib.mjs";

let browser, server;
after(async () => {
  await browser?.close();
  server?.kill();
});

function startServe(root) {
  execFileSync("cargo", ["build", "--release", "--quiet"], { cwd: repo, stdio: "inherit" });
  const child = spawn(join(repo, "target/release/handbook"), ["serve", root, "--port", "0"], {
    env: { ...process.env, NO_COLOR: "1" },
  });
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(err);
      if (m) resolve({ child, url: m[1] });
    });
    child.on("exit", () => reject(new Error(`serve exited:\n${err}`)));
  });
}

test("an edit reloads the page and keeps the scroll position; errors overlay and clear", async () => {
  const root = join(mkdtempSync(join(tmpdir(), "handbook-serve-")), "hb");
  execFileSync(join(repo, "target/release/handbook"), ["init", root], { stdio: "ignore" });
  const source = join(root, "handbook/procedures/refund.md");
  // A long page, so there is somewhere to scroll to.
  const original = readFileSync(source, "utf8") + "\n## 附录\n\n" + "补充说明。\n\n".repeat(200);
  writeFileSync(source, original);
  const started = await startServe(root);
  server = started.child;
  browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  await page.goto(started.url + "procedures/refund.html");
  await page.evaluate(() => window.scrollTo(0, 1500));
  await page.waitForTimeout(200);

  writeFileSync(source, original.replace("批准退费申请", "审批并签字"));
  await page.waitForFunction(() => document.body.innerText.includes("审批并签字"), null, { timeout: 5000 });
  await page.waitForTimeout(300);
  const y = await page.evaluate(() => window.scrollY);
  assert.ok(Math.abs(y - 1500) < 50, `scroll position kept after reload (was 1500, now ${y})`);

  writeFileSync(source, original.replace("@校长 批准", "@校长长 批准"));
  await page.waitForSelector("#hb-error-overlay", { timeout: 5000 });
  const overlay = await page.locator("#hb-error-overlay").innerText();
  assert.match(overlay, /unknown role/);
  assert.match(overlay, /handbook\/procedures\/refund\.md:\d+:\d+/);

  writeFileSync(source, original);
  await page.waitForFunction(() => !document.getElementById("hb-error-overlay"), null, { timeout: 5000 });
});
