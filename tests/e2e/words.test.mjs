// Plain words in the app, in Japanese at 1366 px: no internal identifiers
// where a person reads (parameter ids in the sensitivity tab, target ids in
// the optimiser and the targets table, field paths and document references
// in the my-ward warnings), one calendar (令和) for dates, time left in
// minutes and seconds, no Monte Carlo error for a single expected-mode run,
// and import errors that name their own file.
//
//   node tests/e2e/words.test.mjs --url http://127.0.0.1:8080/ --chromium /usr/bin/chromium

import {
  DEFAULT_URL, T, assert, check, collectErrors, finish, launchChromium, openApp, openPage, parseArgs,
  runAndWait, setField, switchLanguage, confirmIfAsked, openScenario,
} from "./lib.mjs";

const args = parseArgs();
const url = args.url ?? DEFAULT_URL;

const browser = await launchChromium(args.chromium);
const { page } = await openPage(browser, { width: 1366, height: 900 });
const pageErrors = collectErrors(page, [], { console: false });

// Identifiers as the files write them: need_rate, site_capacity, beta_tau.
const SNAKE = /\b[a-z]+_[a-z_]+\b/;
// All the text of an element, also inside closed <details> and the SVG.
const textOf = (selector) => page.locator(selector).first().evaluate((e) => e.textContent ?? "");

await openApp(page, url);
await switchLanguage(page, "ja");

await check("the first fiscal year is shown in the era calendar (令和) with the Western year", async () => {
  await openScenario(page, "builtin:combined-plan");
  const hint = page.locator(T("first-fy-era"));
  await hint.waitFor({ timeout: 10_000 });
  const text = await hint.innerText();
  assert(/令和\d+年度（20\d\d年度）/.test(text), `hint: ${text}`);
});

await check("the time left of a run is said in minutes and seconds, not \" s\"", async () => {
  // The edit runs the scenario by itself.
  await setField(page, "runs-input", 200000);
  const progress = page.locator(T("progress"));
  await progress.waitFor({ timeout: 30_000 });
  // Wait until an estimate is shown (the first updates have none).
  await page.waitForFunction(
    () => /残り/.test(document.querySelector('[data-testid="progress"]')?.textContent ?? "")
      && !/…/.test(document.querySelector('[data-testid="progress"]')?.textContent ?? ""),
    null, { timeout: 60_000 },
  );
  const text = await progress.innerText();
  await page.locator(T("cancel-button")).click();
  await page.locator(`${T("run-button")}:not([disabled])`).waitFor({ timeout: 30_000 });
  assert(!/\d s\b/.test(text) && !text.includes(" s"), `progress: ${text}`);
  assert(/残り約(\d+時間)?(\d+分)?(\d+秒)?/.test(text), `progress: ${text}`);
});

await check("the sensitivity tab names parameters in plain words (chart, table, sentences, correlations)", async () => {
  await setField(page, "runs-input", 300);
  await setField(page, "seed-input", 7);
  await runAndWait(page, 300);
  await page.locator(T("tab-sensitivity")).click();
  await page.locator(T("sensitivity-sentences")).waitFor({ timeout: 20_000 });
  await page.locator(T("correlation-row")).first().waitFor({ timeout: 20_000 });
  const figure = await textOf(`${T("sensitivity-panel")} figure`);
  const sentences = await textOf(T("sensitivity-sentences"));
  const correlations = await textOf(T("sensitivity-correlations"));
  for (const [where, text] of [["tornado chart and table", figure], ["sentences", sentences], ["correlations", correlations]]) {
    const m = text.match(SNAKE);
    assert(!m, `${where} show the identifier ${m?.[0]}: ${text.slice(0, 300)}`);
  }
  assert(figure.includes("拠点1か所あたりの定員") || figure.includes("研修による継続率の上昇"),
    `no plain parameter name in the tornado: ${figure.slice(0, 300)}`);
  assert(sentences.includes("令和"), `the sentences do not date the horizon in 令和: ${sentences.slice(0, 200)}`);
  assert(!/\d+ 試行回数/.test(correlations), `runs said as "N 試行回数": ${correlations.slice(0, 200)}`);
});

await check("the optimiser names targets by their metric, not their id, in Japanese", async () => {
  await page.locator(T("tab-optimise")).click();
  const objective = page.locator(T("optimise-objective"));
  await objective.waitFor({ timeout: 10_000 });
  const panel = await objective.evaluate((e) => e.closest("section")?.textContent ?? e.textContent);
  assert(!/participants/.test(panel), `the optimiser shows "participants": ${panel.slice(0, 400)}`);
  const options = await objective.evaluate((e) => [...e.options].map((o) => o.textContent));
  assert(options.some((o) => o.includes("目標の達成確率") && o.includes("参加者数")), `options: ${options.join(" | ")}`);
});

await check("the dashboard's charts and tables date months in 令和, not 2025-04", async () => {
  await page.locator(T("tab-results")).click();
  const svg = await page.locator(`${T("dashboard")} svg`).first().evaluate((e) => e.textContent);
  assert(/令和\d+年4月/.test(svg), `the fan chart's months: ${svg.slice(0, 300)}`);
  assert(!/20\d\d-\d\d/.test(svg), `a month written 20xx-xx on the fan chart: ${svg.slice(0, 300)}`);
  await page.locator(`${T("dashboard")} details summary`).first().click();
  await page.locator(`${T("dashboard")} details[open] table tbody th`).first().waitFor({ timeout: 5_000 });
  const rows = await page.locator(`${T("dashboard")} details[open] table tbody th`).allTextContents();
  assert(rows.some((r) => /^令和\d+年\d+月$/.test(r)) && !rows.some((r) => /20\d\d-\d\d/.test(r)),
    `the data tables' months: ${rows.slice(0, 5).join(", ")}`);
});

await check("the targets table has no id column", async () => {
  await page.locator(T("tab-results")).click();
  const table = page.locator(T("targets-table"));
  await table.waitFor({ timeout: 10_000 });
  const headers = await table.locator("th").allInnerTexts();
  assert(!headers.some((h) => h.trim().toLowerCase() === "id"), `headers: ${headers.join(" | ")}`);
  const ids = await table.locator(T("target-row")).evaluateAll((rows) => rows.map((r) => r.dataset.target));
  const values = await table.locator("input").evaluateAll((inputs) => inputs.map((i) => i.value));
  const shown = values.filter((v) => ids.includes(v));
  assert(shown.length === 0, `target ids in the table's fields: ${shown.join(", ")}`);
  const text = await textOf(T("targets-table"));
  assert(!SNAKE.test(text), `identifier in the targets table: ${text}`);
});

await check("an expected-mode run shows no Monte Carlo error", async () => {
  await page.locator(T("mode-select")).selectOption("expected");
  await page.locator(`${T("run-button")}:not([disabled])`).waitFor({ timeout: 30_000 });
  await page.locator(T("run-button")).click();
  await page.locator(`${T("dashboard")}[data-partial="false"][data-runs="1"]`).waitFor({ timeout: 60_000 });
  await page.locator(T("target-card")).first().waitFor({ timeout: 10_000 });
  const text = await textOf(T("dashboard"));
  assert(!text.includes("モンテカルロ誤差"), "the expected run shows a Monte Carlo error");
  const cards = await textOf(".cards");
  assert(!/± 0\.0 %/.test(cards), `cards: ${cards.slice(0, 300)}`);
  assert(/令和\d+年3月/.test(cards), `the target sentences do not date in 令和: ${cards.slice(0, 300)}`);
  await page.locator(T("mode-select")).selectOption("stochastic");
});

await check("the my-ward checks and warnings show no field paths, [[…]] or § references", async () => {
  await page.locator(T("tab-my-ward")).click();
  await page.locator(T("my-ward-source")).selectOption("example");
  await page.locator(T("my-ward-start")).click();
  await confirmIfAsked(page);
  await page.locator(T("my-ward-participants")).waitFor({ timeout: 10_000 });
  await setField(page, "my-ward-participants", 9000);
  await page.locator(`${T("calibration-check")}[data-id="need_pool"]`).waitFor({ timeout: 10_000 });
  const checks = await page.locator(T("calibration-check")).allInnerTexts();
  assert(checks.length > 0, "no checks");
  for (const c of checks) {
    assert(!/my_ward\.|\[\[|§|model\.md|MODEL\.md/i.test(c), `check: ${c}`);
    assert(!SNAKE.test(c), `identifier in check: ${c}`);
  }
  await setField(page, "my-ward-participants", 700);
  await setField(page, "runs-input", 200);
  await page.locator(`${T("my-ward-run")}:not([disabled])`).waitFor({ timeout: 10_000 });
  await page.locator(T("my-ward-run")).click();
  await page.locator(`${T("dashboard")}[data-partial="false"][data-runs="200"]`).waitFor({ timeout: 60_000 });
  const warnings = await page.locator(`${T("dashboard")} details.warnings li`).evaluateAll((els) => els.map((e) => e.textContent));
  assert(warnings.length > 0, "no warnings on the ward's run (expected the scaled targets)");
  for (const w of warnings) {
    assert(!/my_ward\.|\[\[|§|model\.md|MODEL\.md/i.test(w), `warning: ${w}`);
    assert(!SNAKE.test(w), `identifier in warning: ${w}`);
  }
});

await check("two broken imports in a row each show their own file's name", async () => {
  const broken = (name, text) => page.locator(T("import-file")).setInputFiles({
    name, mimeType: "application/toml", buffer: Buffer.from(text),
  });
  await broken("first-plan.toml", 'schema_version = 1\nname = "first"\n[run]\nhorizon = 0\n');
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid="notice-problem"]')].some((n) => n.textContent.includes("first-plan.toml")),
    null, { timeout: 10_000 },
  );
  await broken("second-plan.toml", 'schema_version = 1\nname = "second"\n[run]\nruns = -5\n');
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid="notice-problem"]')].some((n) => n.textContent.includes("second-plan.toml")),
    null, { timeout: 10_000 },
  );
  const notices = await page.locator(T("notice-problem")).allInnerTexts();
  const all = notices.join("\n");
  assert(!all.includes("first-plan.toml"), `the first file's error is still shown:\n${all}`);
  assert(all.includes("run.runs") || all.includes("runs"), `the second file's error is not shown:\n${all}`);
});

await check("no uncaught errors", async () => {
  assert(pageErrors.length === 0, pageErrors.join("\n"));
});

await finish(browser);
