// Screenshots of the refund procedures' flowcharts for docs/flowcharts/.
//
//   cd tests/browser && node ../../bench/flow_screenshots.mjs [out-dir] [procedure…]
//
// Builds the bundled handbook (release binary, via tests/browser/lib.mjs), serves it, opens
// each procedure page in headless Chromium (viewport 1800×1000, device scale 1), forces the
// flowchart font to "Noto Sans CJK SC" (FLOW_FONT=… to change), hides the sticky site
// header, shows the diagram at its natural size (100 %, no scaling to the column) and saves
// a PNG of the <figure class="hb-flowchart"> element, toolbar included:
// docs/flowcharts/<procedure>.png by default.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildSite, launch, repo, serve } from "../tests/browser/lib.mjs";

const args = process.argv.slice(2);
const out = resolve(args[0] ?? join(repo, "docs", "flowcharts"));
const procedures = args.length > 1 ? args.slice(1) : ["refund", "refund-started"];
const font = process.env.FLOW_FONT ?? "Noto Sans CJK SC";

mkdirSync(out, { recursive: true });
const site = buildSite();
const server = await serve(site);
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1800, height: 1000 }, deviceScaleFactor: 1 });
  for (const p of procedures) {
    await page.goto(`${server.url}procedures/${p}.html`);
    await page.addStyleTag({
      content: `:root { --hb-flow-font: "${font}" !important; }
        .hb-top { display: none !important; }
        svg.hb-flow { width: calc(var(--hb-w) * 1px) !important; max-width: none !important; }
        .hb-flow-viewport { overflow: visible !important; }
        figure.hb-flowchart { display: inline-block; margin: 0; padding: 8px; background: #fff; }`,
    });
    await page.evaluate(() => document.fonts.ready);
    const fig = page.locator("figure.hb-flowchart").first();
    const file = join(out, `${p}.png`);
    await fig.screenshot({ path: file });
    const size = await page.$eval("svg.hb-flow", (s) => [s.viewBox.baseVal.width, s.viewBox.baseVal.height]);
    console.log(`${file}  (diagram ${size[0]}×${size[1]} px)`);
  }
} finally {
  await browser.close();
  await server.close();
}
