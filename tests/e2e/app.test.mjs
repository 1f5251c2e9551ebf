// End-to-end tests of the served app in headless Chromium.
//
//   node app.test.mjs --url http://127.0.0.1:8123/ --cli cli-status-quo.json \
//        [--chromium /usr/bin/chromium] [--screenshots DIR]
//
// The CLI report is `sasaeai run status-quo --runs 2000 --seed 7 --format json`;
// --cli-compare is `sasaeai compare status-quo combined-plan --runs 300 --seed 7
// --format json` and --cli-sensitivity `sasaeai sensitivity combined-plan
// --output participants --runs 300 --seed 7 --format json`.
// Each check prints "ok - …" or "not ok - …"; the exit code is the number of failures.

import { readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  DEFAULT_URL, T, assert, check, collectErrors, finish, launchChromium, openApp, openPage, parseArgs,
  runAndWait, setAsideWorkspaces, setField, switchLanguage, openScenario, confirmIfAsked,
} from "./lib.mjs";

const args = parseArgs();
const url = args.url ?? DEFAULT_URL;
const cli = JSON.parse(readFileSync(args.cli, "utf8"));
const cliCompare = JSON.parse(readFileSync(args["cli-compare"], "utf8"));
const cliSensitivity = JSON.parse(readFileSync(args["cli-sensitivity"], "utf8"));
const shots = args.screenshots;

const browser = await launchChromium(args.chromium);
const { context, page } = await openPage(browser, { width: 1440, height: 1000 });
const consoleErrors = collectErrors(page);

async function cards(p) {
  return p.$$eval('[data-testid="target-card"]', (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.target, Number(e.dataset.probability)])),
  );
}

await check("the page loads and the app starts", async () => {
  await openApp(page, url);
  await page.locator(`${T("run-button")}:not([disabled])`).waitFor({ timeout: 30_000 });
});

await check("status-quo, 2,000 runs at seed 7: target cards equal the CLI", async () => {
  await openScenario(page, "builtin:status-quo");
  await setField(page, "runs-input", 2000);
  await setField(page, "seed-input", 7);
  const sawProgress = page
    .locator(T("progress"))
    .waitFor({ timeout: 20_000 })
    .then(() => true, () => false);
  await runAndWait(page, 2000);
  const got = await cards(page);
  assert(Object.keys(got).length === cli.targets.length, `cards ${JSON.stringify(got)}`);
  for (const t of cli.targets) {
    const p = got[t.id];
    assert(p !== undefined, `no card for ${t.id}`);
    // The CLI's JSON rounds to 10 significant digits.
    assert(Math.abs(p - t.probability) <= 1e-9 * Math.max(1, Math.abs(t.probability)),
      `${t.id}: app ${p} vs CLI ${t.probability}`);
  }
  assert(await sawProgress, "no progress bar was shown during the run");
});

await check("the runs split over 1, 2 or 3 workers give the same dashboard, equal to the CLI", async () => {
  const seen = {};
  for (const workers of [1, 2, 3]) {
    // Closed even when a check fails, so that it cannot hold on to the
    // saved workspace that later tests read.
    const p = await context.newPage();
    try {
      await p.goto(`${url}?workers=${workers}`);
      await p.locator(`.app[data-workers="${workers}"]`).waitFor({ timeout: 30_000 });
      await openScenario(p, "builtin:status-quo");
      await setField(p, "runs-input", 2000);
      await setField(p, "seed-input", 7);
      await runAndWait(p, 2000);
      const got = await cards(p);
      for (const t of cli.targets) {
        assert(Math.abs(got[t.id] - t.probability) <= 1e-9 * Math.max(1, Math.abs(t.probability)),
          `${workers} workers, ${t.id}: app ${got[t.id]} vs CLI ${t.probability}`);
      }
      seen[workers] = await p.locator(T("dashboard")).innerText();
    } finally {
      await p.close();
    }
  }
  assert(seen[1].length > 500, "dashboard too short");
  assert(seen[1] === seen[2] && seen[2] === seen[3], "the dashboards differ between pool sizes");
});

await check("an invalid import is refused with the field named and the workspace unchanged", async () => {
  const before = await page.locator(T("runs-input")).inputValue();
  const name = await page.locator(T("scenario-name")).inputValue();
  await page.locator(T("import-file")).setInputFiles({
    name: "broken.toml",
    mimeType: "application/toml",
    buffer: Buffer.from('schema_version = 1\nname = "broken"\n[run]\nhorizon = 0\n'),
  });
  const notice = page.locator(T("notice-problem"));
  await notice.waitFor({ timeout: 10_000 });
  const text = await notice.innerText();
  assert(text.includes("run.horizon"), `notice does not name the field: ${text}`);
  assert((await page.locator(T("runs-input")).inputValue()) === before, "runs changed");
  assert((await page.locator(T("scenario-name")).inputValue()) === name, "name changed");
});

await check("a valid import replaces the scenario", async () => {
  await page.locator(T("import-file")).setInputFiles({
    name: "small.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ schema_version: 1, name: "imported-plan", run: { runs: 300, seed: 3 } })),
  });
  await confirmIfAsked(page);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="scenario-name"]')?.value === "imported-plan",
    null, { timeout: 10_000 },
  );
  assert((await page.locator(T("runs-input")).inputValue()) === "300", "runs not imported");
});

await check("a share link reproduces the same results", async () => {
  await openScenario(page, "builtin:training");
  await setField(page, "runs-input", 500);
  await setField(page, "seed-input", 11);
  await runAndWait(page, 500);
  const first = await cards(page);
  const link = await page.locator(T("share-link")).inputValue();
  assert(link.includes("#s1="), `not a share link: ${link}`);
  const other = await browser.newContext({ locale: "en-GB" });
  try {
    const p2 = await other.newPage();
    await openApp(p2, link);
    assert((await p2.locator(T("runs-input")).inputValue()) === "500", "runs not in the link");
    assert((await p2.locator(T("seed-input")).inputValue()) === "11", "seed not in the link");
    await runAndWait(p2, 500);
    const second = await cards(p2);
    assert(JSON.stringify(first) === JSON.stringify(second), `${JSON.stringify(first)} vs ${JSON.stringify(second)}`);
  } finally {
    await other.close();
  }
  // Pasted into a tab where the app is already open, the link opens too.
  await openScenario(page, "builtin:status-quo");
  await page.evaluate((hash) => { location.hash = hash; }, link.split("#")[1]);
  await page.waitForFunction(() => document.querySelector('[data-testid="notice-replaced"]')?.innerText
    .includes("Opened the scenario in the link."), null, { timeout: 10_000 });
  assert((await page.locator(T("seed-input")).inputValue()) === "11", "link not opened in the open tab");
});

await check("cancel stops a long run and keeps the runs done", async () => {
  await openScenario(page, "builtin:status-quo");
  // The edit starts the run by itself.
  await setField(page, "runs-input", 1000000);
  await page.locator(`${T("dashboard")}[data-partial="true"]`).waitFor({ timeout: 30_000 });
  await page.locator(T("cancel-button")).click();
  await page.locator(`${T("dashboard")}[data-partial="false"]`).waitFor({ timeout: 10_000 });
  const runs = Number(await page.locator(T("dashboard")).getAttribute("data-runs"));
  assert(runs > 0 && runs < 1000000, `runs after cancel: ${runs}`);
  assert((await page.locator(T("dashboard")).innerText()).includes("Cancelled"), "no cancelled note");
});

await check("the workspace is restored after a reload", async () => {
  await setField(page, "runs-input", 1234);
  await page.reload();
  await page.locator(T("scenario-select")).waitFor({ timeout: 30_000 });
  assert((await page.locator(T("runs-input")).inputValue()) === "1234", "runs not restored");
});

await check("the language switch changes the page to Japanese and back", async () => {
  await switchLanguage(page, "ja");
  assert((await page.locator("header.top h1").innerText()).includes("支え合い"), "title not Japanese");
  if (shots) {
    await openScenario(page, "builtin:combined-plan");
    await setField(page, "runs-input", 2000);
    await runAndWait(page, 2000);
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, "dashboard-ja.png"), fullPage: false });
  }
  await switchLanguage(page, "en");
  if (shots) {
    await page.locator(T("dashboard")).screenshot({ path: join(shots, "dashboard-en.png") });
  }
});

await check("an invalid value is explained in Japanese, and in English after the switch", async () => {
  const ja = await browser.newContext({ locale: "ja-JP" });
  try {
    const p = await ja.newPage();
    await openApp(p, url);
    assert(await p.evaluate(() => document.documentElement.lang) === "ja", "a Japanese browser should get Japanese");
    const field = p.locator("#f-run-horizon");
    await field.fill("21");
    await field.press("Tab");
    const errors = p.locator("#f-run-horizon-errors");
    await errors.waitFor({ timeout: 10_000 });
    const said = await errors.innerText();
    assert(said.includes("run.horizon = 21") && said.includes("1〜20の整数で指定してください"), `not Japanese: ${said}`);
    assert((await p.locator(T("error-list")).innerText()).includes("期間（年度数）"), "error list not Japanese");
    await switchLanguage(p, "en");
    const en = await errors.innerText();
    assert(en.includes("run.horizon = 21: horizon (fiscal years) must be a whole number from 1 to 20"), `not English: ${en}`);
  } finally {
    await ja.close();
  }
});

await check("a damaged saved workspace is set aside, not overwritten", async () => {
  await page.evaluate(() => localStorage.setItem("sasaeai.workspace", "{damaged"));
  await page.reload();
  await page.locator(T("notice-problem")).waitFor({ timeout: 30_000 });
  const kept = await setAsideWorkspaces(page);
  assert(kept.includes("{damaged"), `damaged entry not kept: ${JSON.stringify(kept)}`);
  await page.locator(`${T("run-button")}:not([disabled])`).waitFor({ timeout: 30_000 });
});

await check("the sensitivity tab ranks the assumptions with a sentence per bar", async () => {
  await openScenario(page, "builtin:combined-plan");
  await page.locator(T("tab-sensitivity")).click();
  await page.locator(T("sensitivity-sentences")).waitFor({ timeout: 10_000 });
  await page.locator(T("sensitivity-output")).selectOption("certified");
  const sentences = await page.locator(`${T("sensitivity-sentences")} li`).count();
  assert(sentences > 0, "no sentences");
  assert((await page.locator(`${T("sensitivity-panel")} figure svg`).count()) === 1, "no tornado chart");
  await page.locator(T("tab-results")).click();
});

await check("the compare tab pairs status-quo with combined-plan on common random numbers, as the CLI", async () => {
  await openScenario(page, "builtin:status-quo");
  await setField(page, "runs-input", 300);
  await setField(page, "seed-input", 7);
  await page.locator(T("tab-compare")).click();
  await page.locator(T("compare-pick-0")).selectOption("current");
  await page.locator(T("compare-pick-1")).selectOption("builtin:combined-plan");
  await page.locator(`${T("compare-button")}:not([disabled])`).waitFor({ timeout: 30_000 });
  await page.locator(T("compare-button")).click();
  await page.locator(`${T("compare-result")}[data-partial="false"][data-runs="300"]`).waitFor({ timeout: 120_000 });
  const shown = await page.$$eval('[data-testid="compare-probability"]', (els) =>
    els.map((e) => ({ target: e.dataset.target, scenario: Number(e.dataset.scenario), p: Number(e.dataset.probability) })),
  );
  assert(shown.length === 2 * cliCompare.targets.length, `probabilities shown: ${JSON.stringify(shown)}`);
  for (const t of cliCompare.targets) {
    t.probabilities.forEach((p, i) => {
      const got = shown.find((s) => s.target === t.id && s.scenario === i);
      assert(got, `no probability for ${t.id} of scenario ${i}`);
      assert(Math.abs(got.p - p) <= 1e-9 * Math.max(1, p), `${t.id}/${i}: app ${got.p} vs CLI ${p}`);
    });
  }
  const differences = await page.$$eval('[data-testid="compare-p-difference"]', (els) =>
    els.map((e) => Number(e.dataset.difference)),
  );
  assert(differences.length === cliCompare.targets.length, `P(met) differences shown: ${differences}`);
  cliCompare.targets.forEach((t, k) => {
    const want = t.differences[0].met.value;
    assert(Math.abs(differences[k] - want) <= 1e-9, `${t.id}: app difference ${differences[k]} vs CLI ${want}`);
  });
  const vrf = Number(await page.locator(T("compare-vrf")).getAttribute("data-vrf"));
  const cliVrf = cliCompare.pairs[0].metrics.find((m) => m.metric === "participants").variance_reduction;
  assert(vrf > 0 && Math.abs(vrf - cliVrf) <= 1e-6 * cliVrf, `VRF: app ${vrf} vs CLI ${cliVrf}`);
  const sentence = await page.locator(T("compare-vrf")).innerText();
  assert(sentence.includes("variance reduction factor"), `no VRF sentence: ${sentence}`);
  const costs = await page.locator(T("compare-cost")).count();
  assert(costs === 2, `cost ratios shown: ${costs}`);
  const figures = await page.locator(`${T("compare-result")} figure svg`).count();
  assert(figures === 2, `charts: ${figures} (overlaid medians and the difference fan)`);
  await page.locator(T("tab-results")).click();
});

await check("the sensitivity tab lists the rank correlations of the last run, as the CLI", async () => {
  await openScenario(page, "builtin:combined-plan");
  await setField(page, "runs-input", 300);
  await setField(page, "seed-input", 7);
  await runAndWait(page, 300);
  await page.locator(T("tab-sensitivity")).click();
  await page.locator(T("sensitivity-output")).selectOption("participants");
  await page.locator(T("correlation-row")).first().waitFor({ timeout: 10_000 });
  const rows = await page.$$eval('[data-testid="correlation-row"]', (els) =>
    els.map((e) => ({ parameter: e.dataset.parameter, rho: Number(e.dataset.rho), text: e.innerText })),
  );
  assert(rows.length === cliSensitivity.correlations.length, `rows ${rows.length} vs CLI ${cliSensitivity.correlations.length}`);
  rows.forEach((row, i) => {
    const want = cliSensitivity.correlations[i];
    assert(row.parameter === want.parameter, `row ${i}: ${row.parameter} vs CLI ${want.parameter}`);
    assert(Math.abs(row.rho - want.rho) <= 1e-9, `${row.parameter}: app ${row.rho} vs CLI ${want.rho}`);
    assert(row.text.includes("ρ"), `no sentence for ${row.parameter}`);
  });
  await page.locator(T("tab-results")).click();
});

await check("the my-ward form names the field of an implausible figure and runs the ward", async () => {
  await page.locator(T("tab-my-ward")).click();
  await page.locator(T("my-ward-source")).selectOption("example");
  await page.locator(T("my-ward-start")).click();
  await confirmIfAsked(page);
  await page.locator(T("my-ward-participants")).waitFor({ timeout: 10_000 });
  await setField(page, "my-ward-participants", 9000);
  const check = page.locator(`${T("calibration-check")}[data-id="need_pool"]`);
  await check.waitFor({ timeout: 10_000 });
  assert((await check.getAttribute("data-field")) === "my_ward.participants", "the check does not name the field");
  assert((await check.innerText()).includes("need pool"), await check.innerText());
  await setField(page, "my-ward-population", "lots");
  const panel = page.locator(T("my-ward-panel"));
  await page.waitForFunction(
    () => document.querySelector('[data-testid="my-ward-panel"]')?.innerText.includes('my_ward.population = "lots"'),
    null, { timeout: 10_000 },
  );
  assert((await page.locator(T("my-ward-population")).inputValue()) === "lots", "what was typed was lost");
  assert((await panel.innerText()).includes("1,000,000,000"), "the allowed range is not given");
  await setField(page, "my-ward-population", 250000);
  await setField(page, "my-ward-participants", 700);
  await setField(page, "runs-input", 200);
  await page.locator(`${T("my-ward-run")}:not([disabled])`).waitFor({ timeout: 10_000 });
  await page.locator(T("my-ward-run")).click();
  await page.locator(`${T("dashboard")}[data-partial="false"][data-runs="200"]`).waitFor({ timeout: 60_000 });
  assert((await page.locator(T("dashboard")).innerText()).includes("Example"), "not the ward's results");
});

await check("the equity tab maps the 23 wards of the synthetic data and equalizes support", async () => {
  await openScenario(page, "builtin:equalized");
  await setField(page, "runs-input", 200);
  await runAndWait(page, 200);
  await page.locator(T("tab-equity")).click();
  await page.locator(T("equity-table")).waitFor({ timeout: 10_000 });
  assert((await page.locator(`${T("equity-panel")} figure svg`).count()) === 1, "no tile map");
  const rows = await page.locator(`${T("equity-panel")} figure table tbody tr`).count();
  assert(rows === 23, `ward rows in the map's data table: ${rows}`);
  assert((await page.locator(T("equity-data-set")).innerText()).toUpperCase().includes("SYNTHETIC"), "data set not labelled synthetic");
  await page.locator(T("equity-measure")).selectOption("spending-per-participant");
  await page.locator(T("equalize-button")).click();
  await confirmIfAsked(page);
  await page.locator(T("tab-results")).click();
  await page.waitForFunction(
    () => [...document.querySelectorAll("input")].some((i) => i.value.endsWith("-equalized")),
    null,
    { timeout: 5_000 },
  );
});

await check("the allocation search splits ¥2 bn for the combined plan and opens the best split", async () => {
  await openScenario(page, "builtin:combined-plan");
  await page.locator(T("tab-optimise")).click();
  await page.locator(T("optimise-objective")).selectOption("all-targets");
  await setField(page, "optimise-total", 2000000000);
  await page.locator(`${T("optimise-button")}:not([disabled])`).waitFor({ timeout: 30_000 });
  const started = Date.now();
  await page.locator(T("optimise-button")).click();
  await page.locator(T("optimise-progress")).waitFor({ timeout: 10_000 });
  await page.locator(T("optimise-result")).waitFor({ timeout: 120_000 });
  const seconds = (Date.now() - started) / 1000;
  console.log(`# allocation search, default settings (16,400 runs of combined-plan): ${seconds.toFixed(1)} s`);
  const statement = await page.locator(T("optimise-statement")).innerText();
  assert(statement.includes("P(all targets met)"), statement);
  // No split meets all five targets in any run: the result says so, gives
  // the margin the search ranked by, and offers objectives that move.
  const margin = await page.locator(T("optimise-margin")).innerText();
  assert(margin.includes("Margin to the target") && margin.includes("→"), margin);
  await page.locator(T("optimise-flat")).waitFor({ timeout: 5_000 });
  const offer = page.locator(`${T("optimise-flat")} button`).first();
  const offered = (await offer.getAttribute("data-testid")).replace("optimise-use-", "");
  assert(offered.startsWith("target:"), `first objective offered: ${offered}`);
  await offer.click();
  const chosen = await page.locator(T("optimise-objective")).inputValue();
  assert(chosen === offered, `objective after the offer: ${chosen}, offered ${offered}`);
  await page.locator(T("optimise-open")).click();
  await page.waitForFunction(
    () => [...document.querySelectorAll("input")].some((i) => i.value === "combined-plan-optimised"),
    null,
    { timeout: 5_000 },
  );
  await page.locator(T("tab-results")).click();
  await page.locator(`${T("run-button")}:not([disabled])`).waitFor({ timeout: 10_000 });
});

await check("after one visit the app opens and runs with no network", async () => {
  const manifest = await page.evaluate(() => document.querySelector('link[rel="manifest"]')?.href);
  assert(manifest, "no web app manifest");
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload(); // now under the service worker
  await page.locator(T("scenario-select")).waitFor({ timeout: 30_000 });
  assert(await page.evaluate(() => navigator.serviceWorker.controller !== null), "no service worker in control");
  await context.setOffline(true);
  try {
    await page.reload();
    await page.locator(T("scenario-select")).waitFor({ timeout: 30_000 });
    await openScenario(page, "builtin:training");
    await setField(page, "runs-input", 300);
    await runAndWait(page, 300);
  } finally {
    await context.setOffline(false);
  }
});

await check("no errors in the console", async () => {
  assert(consoleErrors.length === 0, consoleErrors.join("\n"));
});

await finish(browser);
