// Time stochastic runs in the served app's worker, in headless Chromium.
//
//   node timing.mjs --url http://127.0.0.1:8123/ [--scenario combined-plan]
//        [--runs 10000] [--seed 1] [--repeat 3] [--chromium /usr/bin/chromium]
//
// Prints the wall time from the click on Run to the final dashboard, once
// per repeat (the first includes nothing extra: the page and the worker are
// loaded and idle before the first click).

import { DEFAULT_URL, T, launchChromium, openApp, parseArgs, setField } from "./lib.mjs";

const args = parseArgs();
const url = args.url ?? DEFAULT_URL;
const scenario = args.scenario ?? "combined-plan";
const runs = Number(args.runs ?? 10000);
const seed = Number(args.seed ?? 1);
const repeat = Number(args.repeat ?? 3);

const browser = await launchChromium(args.chromium, [
  "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
]);
const page = await (await browser.newContext({ locale: "en-GB" })).newPage();
await openApp(page, url);
await page.locator(T("scenario-select")).selectOption(`builtin:${scenario}`);
await setField(page, "runs-input", runs);
await setField(page, "seed-input", seed);
const times = [];
for (let i = 0; i < repeat; i++) {
  await page.locator(`${T("run-button")}:not([disabled])`).waitFor({ timeout: 30_000 });
  const started = Date.now();
  await page.locator(T("run-button")).click();
  await page.locator(`${T("dashboard")}[data-partial="true"]`).waitFor({ timeout: 30_000 });
  await page.locator(`${T("dashboard")}[data-partial="false"][data-runs="${runs}"]`).waitFor({ timeout: 600_000 });
  times.push((Date.now() - started) / 1000);
  console.log(`${scenario}, ${runs} runs, seed ${seed}: ${times[i].toFixed(2)} s`);
  await page.locator(`${T("run-button")}:not([disabled])`).waitFor({ timeout: 30_000 });
}
console.log(`best ${Math.min(...times).toFixed(2)} s`);
await browser.close();
