// The browser benchmark (www/bench.html) in headless Chromium: prints its
// measurements as JSON on stdout. With --repeat N the page is loaded N times
// and each pool size keeps its best (shortest) time: single timings of the
// same build vary by ±15 % here.
//
//   node bench.mjs --url http://127.0.0.1:8123/ [--runs 10000] [--repeat 1] [--chromium /usr/bin/chromium]

import { DEFAULT_URL, collectErrors, launchChromium, parseArgs } from "./lib.mjs";

const args = parseArgs();
const url = new URL("bench.html", args.url ?? DEFAULT_URL);
url.searchParams.set("runs", String(args.runs ?? 10000));

const browser = await launchChromium(args.chromium);
const repeat = Math.max(1, Number(args.repeat ?? 1));
let best = null;
let cores = 0;
const errors = [];
for (let i = 0; i < repeat; i++) {
  const page = await (await browser.newContext()).newPage();
  collectErrors(page, errors, { console: false });
  await page.goto(url.href);
  const done = page.locator('[data-testid="bench-json"][data-done="true"]');
  const failed = page.locator('[data-testid="bench-error"]');
  await Promise.race([done.waitFor({ timeout: 900_000 }), failed.waitFor({ timeout: 900_000 })]);
  if (await failed.count()) {
    console.error(`benchmark failed: ${await failed.innerText()}`);
    process.exit(1);
  }
  const rows = JSON.parse(await done.innerText());
  cores = await page.evaluate(() => navigator.hardwareConcurrency);
  best = best === null ? rows : best.map((r, k) => (rows[k].seconds < r.seconds ? rows[k] : r));
  await page.context().close();
}
console.log(JSON.stringify({ hardware_concurrency: cores, repeat, rows: best }));
await browser.close();
process.exit(errors.length ? 1 : 0);
