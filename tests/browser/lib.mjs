// Shared helpers for the browser suite: find Chromium (loudly), build the bundled handbook
// once, serve it over http, and print pages to PDF for poppler to read.
import { before, after } from "node:test";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = resolve(fileURLToPath(new URL("../..", import.meta.url)));

export function chromiumPath() {
  const candidates = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      "Chromium not found. The browser suite needs Debian's chromium package:\n" +
        "  sudo apt-get install -y chromium poppler-utils fonts-wqy-microhei\n" +
        "or set CHROMIUM=/path/to/chromium. (Tests never download a browser.)",
    );
  }
  return found;
}

export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launch() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs });
}

function handbookBinary() {
  // Always ask cargo: it is quick when nothing changed and never tests a stale binary.
  execFileSync("cargo", ["build", "--release", "--quiet"], { cwd: repo, stdio: "inherit" });
  return join(repo, "target", "release", "handbook");
}

let built;
/** Builds the bundled handbook (once per process) into a temp folder; returns its path. */
export function buildSite() {
  if (built) return built;
  const out = join(mkdtempSync(join(tmpdir(), "handbook-site-")), "book");
  const r = spawnSync(handbookBinary(), ["build", repo, "-d", out, "--quiet"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`handbook build failed:\n${r.stderr}`);
  built = out;
  return out;
}

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

/** Serves `root` on a free loopback port; returns { url, close }. */
export async function serve(root) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(root, path));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Prints `page` to a PDF file and returns { path, pages, pageSize, text }. */
export async function printToPdf(page, name, options = {}) {
  const path = join(mkdtempSync(join(tmpdir(), "handbook-pdf-")), `${name}.pdf`);
  await page.pdf({ path, preferCSSPageSize: true, printBackground: true, ...options });
  const info = execFileSync("pdfinfo", [path], { encoding: "utf8" });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
  const pageSize = /Page size:\s+([^\n]+)/.exec(info)[1];
  const text = execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" });
  return { path, pages, pageSize, text };
}

/** A4 is 595.28 × 841.89 pt; allow rounding. */
export function isA4(pageSize) {
  const m = /([\d.]+) x ([\d.]+) pts/.exec(pageSize);
  if (!m) return false;
  const [w, h] = [Number(m[1]), Number(m[2])].sort((a, b) => a - b);
  return Math.abs(w - 595.28) < 2 && Math.abs(h - 841.89) < 2;
}

/** Code points of the CJK Radicals Supplement / Kangxi Radicals block: their presence in a PDF
 * text layer means the CJK glyph mapping broke. */
export function brokenCjk(text) {
  return [...text].filter((c) => {
    const cp = c.codePointAt(0);
    return cp >= 0x2e80 && cp <= 0x2fdf;
  });
}

export function writeTemp(name, content) {
  const path = join(mkdtempSync(join(tmpdir(), "handbook-")), name);
  writeFileSync(path, content);
  return path;
}

/** Registers before/after hooks that build the bundled site, serve it and start Chromium;
 * the returned object has `site` (folder), `server` ({ url }) and `browser` once tests run. */
export function useSite() {
  const context = {};
  before(async () => {
    context.site = buildSite();
    context.server = await serve(context.site);
    context.browser = await launch();
  });
  after(async () => {
    await context.browser?.close();
    await context.server?.close();
  });
  return context;
}
