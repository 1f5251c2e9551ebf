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
//
// The edit's times are taken in the page: from the Tab key that ends the
// edit (its keydown event) to the start of the second animation frame
// after the dashboard holds the first estimate, and the final results
// (found by a MutationObserver): by then the frame that shows them has
// been drawn. The times the test driver sees are printed too: it looks for
// an element every 0.5 s once it has waited a while (Playwright's polling:
// after 0, 20, 50, 100, 100 ms, then every 500 ms), so they can be up to
// half a second late. With --json 1 the last line is the edits' times as
// JSON (for scripts/bench.sh).

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
  const seen = [];
  // The Tab key's time, and a record of when the dashboard shows seed
  // `window.__timing.seed`: first any results, then all of them.
  await page.evaluate(() => {
    document.addEventListener("keydown", (e) => {
      const t = window.__timing;
      if (e.key === "Tab" && t && t.edit === undefined) t.edit = performance.now();
    }, { capture: true });
    const frame = (t, key) => requestAnimationFrame(() => requestAnimationFrame(() => { t[key] = performance.now(); }));
    new MutationObserver(() => {
      const t = window.__timing;
      if (!t) return;
      const shown = `[data-testid="dashboard"][data-seed="${t.seed}"]`;
      if (t.firstDom === undefined && document.querySelector(shown)) {
        t.firstDom = performance.now();
        frame(t, "first");
      }
      if (t.finalDom === undefined && document.querySelector(`${shown}[data-partial="false"][data-runs="${t.runs}"]`)) {
        t.finalDom = performance.now();
        frame(t, "final");
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  for (let i = 0; i < repeat; i++) {
    const s = seed + i + 1;
    await page.locator(T("seed-input")).fill(String(s));
    await page.evaluate(({ s, runs }) => { window.__timing = { seed: s, runs }; }, { s, runs });
    const started = Date.now();
    await page.locator(T("seed-input")).press("Tab");
    await page.locator(`${T("dashboard")}[data-seed="${s}"]`).waitFor({ timeout: 30_000 });
    const seenFirst = (Date.now() - started) / 1000;
    await page.locator(`${T("dashboard")}[data-partial="false"][data-runs="${runs}"][data-seed="${s}"]`)
      .waitFor({ timeout: 600_000 });
    seen.push([seenFirst, (Date.now() - started) / 1000]);
    const t = await (await page.waitForFunction(() => window.__timing.final !== undefined && window.__timing)).jsonValue();
    firsts.push((t.first - t.edit) / 1000);
    times.push((t.final - t.edit) / 1000);
    console.log(`${scenario}, ${runs} runs, edit to seed ${s}: first estimate ${firsts[i].toFixed(2)} s, all runs ${times[i].toFixed(2)} s`
      + ` (seen by the test driver at ${seen[i][0].toFixed(2)} s and ${seen[i][1].toFixed(2)} s)`);
  }
  const range = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)} s`;
  console.log(`${repeat} edits: first estimate ${range(firsts)}, all runs ${range(times)}`);
  console.log(`best: first estimate ${Math.min(...firsts).toFixed(2)} s, all runs ${Math.min(...times).toFixed(2)} s`);
  if (args.json) console.log(JSON.stringify({ scenario, runs, first: firsts, all: times, seen }));
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
