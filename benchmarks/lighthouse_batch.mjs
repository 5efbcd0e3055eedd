// Lighthouse on many pages in one Node process with one Chromium (benchmarks/bench.py, issue 17).
// Starting the `lighthouse` CLI per page cost a Node start-up, a Chromium launch and a
// profile of its own each time (about 40 s a page). Here Chromium starts once and every page
// gets a fresh tab (Lighthouse's Node API opens and closes one per run; it clears the
// origin's storage and cache before each run as the CLI does).
//
// Usage: node benchmarks/lighthouse_batch.mjs URL...   (CHROME_PATH names the browser)
// Writes one JSON line per page to stdout, in order: {"url", "lhr"} with the parts of the
// report bench.py reads, or {"url", "error"}.

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

// Mobile preset (Lighthouse's default: simulated slow 4G and a 4x slower CPU), the two
// categories the budgets use, plus the two audits bench.py reports from best practices
// (without onlyAudits they would not run, and their checks could not fail). bf-cache (weight
// 0) navigates away and back to test the back/forward cache: seconds a page, no budget.
const FLAGS = {
  output: "json",
  logLevel: "error",
  formFactor: "mobile",
  onlyCategories: ["performance", "accessibility"],
  onlyAudits: ["errors-in-console", "paste-preventing-inputs"],
  skipAudits: ["bf-cache"],
};
const AUDITS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
  "cumulative-layout-shift", "errors-in-console", "paste-preventing-inputs",
  // Not budgets, but what to look at when a page misses one: its long tasks and what they ran.
  "long-tasks", "bootup-time"];

function slim(lhr) {
  const audits = {};
  for (const id of AUDITS) {
    const a = lhr.audits[id];
    if (a) audits[id] = { score: a.score, numericValue: a.numericValue, details: { items: a.details?.items ?? [] } };
  }
  const categories = {};
  for (const [id, c] of Object.entries(lhr.categories)) categories[id] = { score: c.score };
  return { audits, categories, runtimeError: lhr.runtimeError ?? null };
}

const urls = process.argv.slice(2);
if (!urls.length) {
  console.error("usage: node lighthouse_batch.mjs URL...");
  process.exit(2);
}
const chrome = await chromeLauncher.launch({
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const url of urls) {
    const start = Date.now();
    let line;
    try {
      const result = await lighthouse(url, { ...FLAGS, port: chrome.port });
      line = { url, lhr: slim(result.lhr), seconds: (Date.now() - start) / 1000 };
    } catch (err) {
      line = { url, error: String(err && err.stack || err).slice(0, 500) };
    }
    process.stdout.write(JSON.stringify(line) + "\n");
  }
} finally {
  await chrome.kill();
}
