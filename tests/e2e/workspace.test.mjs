// Browser checks of a workspace a planner can trust: results that run by themselves and say when they
// are not current, nothing lost when the workspace is replaced, edited built-ins named as edited, saves
// and deletions that say so, the structure comparison and the model switches, and a layout without
// sideways scrolling at 390, 768, 1366 and 1920 px.
//
//   node workspace.test.mjs --url http://127.0.0.1:8123/ [--chromium /usr/bin/chromium]
//
// Each check prints "ok - …" or "not ok - …"; the exit code is the number of failures.

import {
  DEFAULT_URL, T, assert, check, collectErrors, finish, launchChromium, openApp, openScenario, parseArgs,
  setField, switchLanguage,
} from "./lib.mjs";

const args = parseArgs();
const url = args.url ?? DEFAULT_URL;

const browser = await launchChromium(args.chromium);
const context = await browser.newContext({ locale: "ja-JP", viewport: { width: 1366, height: 768 } });
const page = await context.newPage();
const consoleErrors = collectErrors(page);

// The final dashboard of `runs` runs at `seed`.
const finalDashboard = (runs, seed) =>
  `${T("dashboard")}[data-partial="false"][data-runs="${runs}"]${seed === undefined ? "" : `[data-seed="${seed}"]`}`;

await check("opening the page runs the scenario without pressing Run", async () => {
  await openApp(page, url);
  if ((await page.evaluate(() => document.documentElement.lang)) !== "ja") await switchLanguage(page, "ja");
  await page.locator(`${T("dashboard")}[data-partial="false"]`).waitFor({ timeout: 60_000 });
  await page.locator(T("results-stale")).waitFor({ state: "hidden", timeout: 10_000 });
});

await check("an edit marks the results stale at once, then they are recalculated by themselves", async () => {
  await setField(page, "runs-input", 2000);
  await page.locator(finalDashboard(2000)).waitFor({ timeout: 60_000 });
  const seed = 4242;
  const input = page.locator(T("seed-input"));
  await input.fill(String(seed));
  const t0 = Date.now();
  await input.press("Tab");
  await page.locator(T("results-stale")).waitFor({ timeout: 2_000 });
  await page.locator(`${T("dashboard")}[data-seed="${seed}"]`).waitFor({ timeout: 30_000 });
  const first = Date.now() - t0;
  await page.locator(finalDashboard(2000, seed)).waitFor({ timeout: 60_000 });
  const full = Date.now() - t0;
  await page.locator(T("results-stale")).waitFor({ state: "hidden", timeout: 5_000 });
  console.log(`  # first estimate after ${first} ms, all 2,000 runs after ${full} ms (see benches/RESULTS.md for the target)`);
});

await check("an invalid edit says the results are not current and does not run", async () => {
  await setField(page, "runs-input", "-3");
  const stale = page.locator(`${T("results-stale")}[data-why="StaleInvalid"]`);
  await stale.waitFor({ timeout: 5_000 });
  await page.waitForTimeout(1_000);
  assert(await stale.isVisible(), "the stale notice went away while the scenario is invalid");
  await setField(page, "runs-input", 2000);
  await page.locator(T("results-stale")).waitFor({ state: "hidden", timeout: 60_000 });
});

await check("an edited built-in is titled as edited on the dashboard", async () => {
  const heading = await page.locator("#h-results").innerText();
  assert(heading.includes("（編集中）"), `dashboard heading: ${heading}`);
});

await check("arrow keys on the scenario list replace nothing; Open asks first and Undo brings the edits back", async () => {
  const select = page.locator(T("scenario-select"));
  await select.focus();
  await select.press("ArrowDown");
  await page.waitForTimeout(500);
  let title = await page.locator("#h-results").innerText();
  assert(title.includes("（編集中）"), `the workspace changed on a key press: ${title}`);
  assert((await page.locator(T("notice-replaced")).count()) === 0, "a replacement notice appeared");
  await select.selectOption("builtin:training");
  await page.locator(T("scenario-open")).click();
  const dialog = page.locator(T("confirm-replace-dialog"));
  await dialog.waitFor({ timeout: 5_000 });
  await page.locator(T("cancel-replace")).click();
  await dialog.waitFor({ state: "hidden", timeout: 5_000 });
  assert((await page.locator(T("seed-input")).inputValue()) === "4242", "keep editing changed the workspace");
  await page.locator(T("scenario-open")).click();
  await page.locator(T("confirm-replace")).click();
  await page.locator(T("notice-replaced")).waitFor({ timeout: 5_000 });
  assert((await page.locator(T("kept-as")).count()) === 1, "the workspace replaced is not named as kept");
  await page.locator(T("undo-replace")).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="seed-input"]')?.value === "4242", null,
    { timeout: 5_000 });
});

await check("Save says so; Delete says so and can be undone", async () => {
  await page.locator(T("save-button")).click();
  const saved = page.locator(T("notice-saved"));
  await saved.waitFor({ timeout: 5_000 });
  assert((await saved.innerText()).includes("保存しました"), await saved.innerText());
  const entries = page.locator(".saved-list li");
  const before = await entries.count();
  await entries.last().getByRole("button", { name: /削除/ }).click();
  await page.locator(T("notice-deleted")).waitFor({ timeout: 5_000 });
  assert((await entries.count()) === before - 1, "nothing was deleted");
  await page.locator(T("undo-delete")).click();
  await page.waitForFunction((n) => document.querySelectorAll(".saved-list li").length === n, before, { timeout: 5_000 });
});

await check("presenting results that are not current says so on the slide", async () => {
  await page.locator(finalDashboard(2000)).waitFor({ timeout: 60_000 });
  await setField(page, "runs-input", "-3");
  await page.locator(T("present")).click();
  await page.locator(T("present-stale")).waitFor({ timeout: 5_000 });
  await page.keyboard.press("Escape");
  await setField(page, "runs-input", 2000);
  await page.locator(T("results-stale")).waitFor({ state: "hidden", timeout: 60_000 });
});

await check("reloading the page brings the results back without pressing Run", async () => {
  await page.reload();
  await page.locator(finalDashboard(2000, 4242)).waitFor({ timeout: 60_000 });
});

await check("the structure comparison shows eight structures and the mechanism the answer rests on", async () => {
  await openScenario(page, "builtin:combined-plan");
  await setField(page, "runs-input", 400);
  await page.locator(finalDashboard(400)).waitFor({ timeout: 60_000 });
  await page.locator(T("tab-sensitivity")).click();
  await page.locator(`${T("structure-button")}:not([disabled])`).click();
  await page.locator(`${T("structure-row")}`).nth(7).waitFor({ timeout: 60_000 });
  await page.locator(T("structure-progress")).waitFor({ state: "hidden", timeout: 60_000 });
  const rows = await page.locator(T("structure-row")).count();
  assert(rows === 8, `${rows} rows`);
  const lead = await page.locator(T("structure-lead")).innerText();
  assert(lead.includes("修了者が運営するグループ"), lead);
  const sentences = await page.locator(`${T("structure-sentences")} li`).count();
  assert(sentences === 8, `${sentences} sentences`);
});

await check("switching a mechanism off re-runs the scenario and marks its parameters unused", async () => {
  await page.locator(T("tab-results")).click();
  await page.locator(T("mechanism-crowding")).uncheck();
  await page.locator(T("results-stale")).waitFor({ timeout: 5_000 });
  await page.locator(T("results-stale")).waitFor({ state: "hidden", timeout: 60_000 });
  const unused = await page.$$eval("table.params tr.unused", (rows) => rows.map((r) => r.dataset.parameter));
  assert(unused.includes("beta_crowd") && unused.includes("beta_sat_crowd"), JSON.stringify(unused));
});

await check("the first Tab stop leads to the results and Run", async () => {
  await openApp(page, url);
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => document.activeElement?.dataset.testid);
  assert(first === "skip-to-run", `the first Tab stop is ${first}`);
  await page.keyboard.press("Enter");
  // Focus moves to the run controls (Run is disabled while a run is in progress, so it cannot take
  // focus itself); the next Tab reaches Run, or Cancel while a run is in progress.
  await page.waitForFunction(() => document.activeElement?.id === "run-controls", null, { timeout: 5_000 });
  await page.locator(`${T("run-button")}:not([disabled])`).waitFor({ timeout: 60_000 });
  await page.keyboard.press("Tab");
  const next = await page.evaluate(() => document.activeElement?.dataset.testid);
  assert(next === "run-button", `after the run controls, Tab reaches ${next}`);
});

await check("the equity panel writes the era out (令和5年度, not R5年度)", async () => {
  await page.locator(T("tab-equity")).click();
  const text = await page.locator(T("equity-panel")).innerText();
  assert(!/R\d+年/.test(text), `equity panel: ${text.slice(0, 300)}`);
  await page.locator(T("tab-results")).click();
});

await check("every chart's text reads at 24 px or more on its slide on a 1280 × 720 screen, every fiscal year labelled", async () => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.locator(T("present")).click();
  await page.locator(T("presentation")).waitFor();
  const sizes = [];
  for (let i = 0; i < 20; i++) {
    const found = await page.evaluate(() => {
      const svg = document.querySelector(".presentation .slide-chart svg");
      if (!svg) return null;
      const px = [...svg.querySelectorAll("text")]
        .filter((t) => t.textContent.trim())
        .map((t) => { const m = t.getScreenCTM(); return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); });
      const legend = [...document.querySelectorAll(".presentation .slide-legend li")]
        .map((li) => parseFloat(getComputedStyle(li).fontSize));
      // Fiscal years under the bars (the era is in the axis title).
      const years = [...svg.querySelectorAll("text")]
        .map((t) => /^(\d+|元)年度$/.exec(t.textContent.trim()))
        .filter((m) => m)
        .map((m) => (m[1] === "元" ? 1 : Number(m[1])));
      return px.length ? { name: svg.getAttribute("aria-label") ?? "", min: Math.min(...px, ...legend), years } : null;
    });
    if (found !== null && !sizes.some((s) => s.name === found.name)) sizes.push(found);
    await page.keyboard.press("ArrowRight");
  }
  await page.keyboard.press("Escape");
  assert(sizes.length === 3, `charts found on ${sizes.length} slides (fan, spending, map)`);
  for (const s of sizes) assert(s.min >= 24, `smallest text of "${s.name}" on its slide: ${s.min.toFixed(1)} px`);
  // Every fiscal year has its label on the spending slide, none skipped.
  const years = sizes.map((s) => s.years).find((y) => y.length > 0) ?? [];
  assert(years.length >= 5 && years.every((y, i) => i === 0 || y === years[i - 1] + 1),
    `fiscal years under the spending slide's bars: ${years.join(", ")}`);
  console.log(`  # smallest chart text per slide: ${sizes.map((s) => s.min.toFixed(1)).join(", ")} px`);
});

for (const width of [390, 768, 1366, 1920]) {
  await check(`no sideways scrolling at ${width} px, and the targets table fits its card`, async () => {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300);
    const { scroll, inner } = await page.evaluate(() => ({
      scroll: document.scrollingElement.scrollWidth,
      inner: window.innerWidth,
    }));
    assert(scroll <= inner, `the page is ${scroll} px wide in a ${inner} px window`);
    const fit = await page.evaluate(() => {
      const table = document.querySelector('[data-testid="targets-table"]');
      const card = table.closest(".panel");
      return { table: table.getBoundingClientRect().right, card: card.getBoundingClientRect().right };
    });
    assert(fit.table <= fit.card + 0.5, `targets table ends at ${fit.table}, its card at ${fit.card}`);
    // Every remove button can be clicked: nothing covers its centre.
    const covered = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="targets-table"] button')].filter((b) => {
        b.scrollIntoView({ block: "center", inline: "center" });
        const r = b.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return !(hit === b || b.contains(hit));
      }).length,
    );
    assert(covered === 0, `${covered} remove buttons are covered`);
    // Every other tab fits too.
    const wide = [];
    for (const tab of ["compare", "sensitivity", "optimise", "equity", "my-ward", "results"]) {
      await page.locator(T(`tab-${tab}`)).click();
      await page.waitForTimeout(200);
      const w = await page.evaluate(() => document.scrollingElement.scrollWidth);
      if (w > width) wide.push(`${tab}: ${w} px`);
    }
    assert(wide.length === 0, `tabs wider than the ${width} px window: ${wide.join(", ")}`);
  });
}

await check("no console errors", async () => {
  assert(consoleErrors.length === 0, consoleErrors.join("\n"));
});

await finish(browser);
