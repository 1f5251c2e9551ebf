// Time stochastic runs in the served app's worker, in headless Chromium.
//
//   node timing.mjs --url http://127.0.0.1:8123/ [--scenario combined-plan]
//        [--runs 10000] [--seed 1] [--repeat 3] [--chromium /usr/bin/chromium]
//
// Prints the wall time from the click on Run to the final dashboard, once
// per repeat (the first includes nothing extra: the page and the worker are
// loaded and idle before the first click). With --edit 1, each repeat edits
// the seed instead of clicking Run (the app runs by itself) and prints the
// time from the edit to the first estimate on screen and to the final
// dashboard.

import { DEFAULT_URL, T, launchChromium, openApp, openScenario, parseArgs, setField } from "./lib.mjs";

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
await openScenario(page, `builtin:${scenario}`);
await setField(page, "runs-input", runs);
await setField(page, "seed-input", seed);
const times = [];
if (args.edit) {
  await page.locator(`${T("dashboard")}[data-partial="false"][data-runs="${runs}"]`).waitFor({ timeout: 600_000 });
  const firsts = [];
  for (let i = 0; i < repeat; i++) {
    const s = seed + i + 1;
    await page.locator(T("seed-input")).fill(String(s));
    const started = Date.now();
    await page.locator(T("seed-input")).press("Tab");
    await page.locator(`${T("dashboard")}[data-seed="${s}"]`).waitFor({ timeout: 30_000 });
    firsts.push((Date.now() - started) / 1000);
    await page.locator(`${T("dashboard")}[data-partial="false"][data-runs="${runs}"][data-seed="${s}"]`)
      .waitFor({ timeout: 600_000 });
    times.push((Date.now() - started) / 1000);
    console.log(`${scenario}, ${runs} runs, edit to seed ${s}: first estimate ${firsts[i].toFixed(2)} s, all runs ${times[i].toFixed(2)} s`);
  }
  console.log(`best: first estimate ${Math.min(...firsts).toFixed(2)} s, all runs ${Math.min(...times).toFixed(2)} s`);
  await browser.close();
  process.exit(0);
}
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
