// Faults and hostile input in the served app, in headless Chromium: damaged
// or foreign saved work, a full storage, damaged share links, a 50 MB file,
// markup in scenario names, a 20-FY scenario, and a worker that dies
// mid-run; and an edited workspace replaced by a share link, a file, a
// built-in scenario or "My ward", which the saved list keeps and Undo brings
// back. In each case the app says what is wrong, keeps working, and loses
// nothing saved.
//
//   node faults.test.mjs --url http://127.0.0.1:8123/ [--chromium /usr/bin/chromium]
//
// Each check prints "ok - …" or "not ok - …"; the exit code is the number of failures.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import {
  DEFAULT_URL, T, assert, check, collectErrors, finish, launchChromium, openApp, openPage, parseArgs,
  runAndWait, setAsideWorkspaces, setField, openScenario, confirmIfAsked,
} from "./lib.mjs";

const args = parseArgs();
const url = args.url ?? DEFAULT_URL;

const browser = await launchChromium(args.chromium);
const { context, page } = await openPage(browser, { width: 1440, height: 1000 });
// Uncaught errors only: this suite does not check the console.
const pageErrors = collectErrors(page, [], { console: false });

async function problem(p) {
  const notice = p.locator(T("notice-problem")).last();
  await notice.waitFor({ timeout: 30_000 });
  return notice.innerText();
}
async function dismissAll(p) {
  while (await p.locator(`${T("notice-problem")} button, ${T("notice-info")} button`).count()) {
    await p.locator(`${T("notice-problem")} button, ${T("notice-info")} button`).first().click();
  }
}
async function importFile(p, name, text) {
  await p.locator(T("import-file")).setInputFiles({ name, mimeType: "application/octet-stream", buffer: Buffer.from(text) });
  // A file that replaces unsaved edits is opened once the replacement is confirmed.
  await confirmIfAsked(p);
}
// The workspace as stored, or null.
function stored(p) {
  return p.evaluate(() => localStorage.getItem("sasaeai.workspace"));
}
// Waits until the stored workspace holds the given text.
async function storedWith(p, text) {
  await p.waitForFunction((t) => (localStorage.getItem("sasaeai.workspace") ?? "").includes(t), text, { timeout: 10_000 });
}
// The fragment of a share link to the scenario text (raw deflate, base64url).
function linkFragment(toml) {
  return `s1=${deflateRawSync(Buffer.from(toml)).toString("base64url")}`;
}
// Starts from the combined plan with its runs set to `runs` (an edit that
// is saved nowhere but in the workspace).
async function editedWorkspace(p, runs) {
  await openScenario(p, "builtin:combined-plan");
  await setField(p, "runs-input", runs);
  await storedWith(p, `runs = ${runs}`);
}
// After a replacement of the edited workspace of `runs` runs: the notice
// names the saved entry that keeps it, the saved list shows it, storage
// holds it as an automatic entry, and Undo brings the workspace back.
async function keptAndUndone(p, runs) {
  const notice = p.locator(T("notice-replaced"));
  await notice.waitFor({ timeout: 10_000 });
  const kept = await notice.locator(T("kept-as")).innerText();
  const name = kept.match(/“(.+)”/)?.[1];
  assert(name?.startsWith("Before replacing: Combined plan"), `notice: ${kept}`);
  const listed = await p.locator(".saved-list li span").allInnerTexts();
  assert(listed.includes(name), `"${name}" not in the saved list: ${JSON.stringify(listed)}`);
  await p.waitForFunction(([n, r]) => JSON.parse(localStorage.getItem("sasaeai.workspace")).saved
    .some((x) => x.name === n && x.automatic && x.toml.includes(`runs = ${r}`)), [name, runs], { timeout: 10_000 });
  assert((await p.locator(T("runs-input")).inputValue()) !== String(runs), "the workspace was not replaced");
  await notice.locator(T("undo-replace")).click();
  await p.waitForFunction((r) => document.querySelector('[data-testid="runs-input"]')?.value === String(r), runs,
    { timeout: 10_000 });
  // The edited built-in is named as edited.
  assert((await p.locator(T("scenario-name")).inputValue()) === "combined-plan-edited", "undo did not bring the scenario back");
  await storedWith(p, `runs = ${runs}`);
  assert((await p.locator(T("undo-replace")).count()) === 0, "Undo is still offered");
}

await openApp(page, url);

await check("saved work from another format version is set aside, not overwritten", async () => {
  const foreign = JSON.stringify({ version: 999, lang: "en", current: "kept text", saved: [] });
  await page.evaluate((v) => localStorage.setItem("sasaeai.workspace", v), foreign);
  await openApp(page, url);
  const text = await problem(page);
  assert(/set aside/i.test(text), `notice: ${text}`);
  const kept = await setAsideWorkspaces(page);
  assert(kept.includes(foreign), `the foreign entry was not kept: ${JSON.stringify(kept)}`);
  await dismissAll(page);
});

await check("a full storage is said on screen with what to do, and the copy saved before is kept", async () => {
  await dismissAll(page);
  await editedWorkspace(page, 2468);
  const before = await stored(page);
  // Fill this page's storage to the last character.
  const fillers = await page.evaluate(() => {
    let n = 0;
    for (let size = 1 << 20; size >= 1; size = Math.floor(size / 2)) {
      for (;;) {
        try {
          localStorage.setItem(`filler.${n}`, "x".repeat(size));
          n += 1;
        } catch {
          break;
        }
      }
    }
    return n;
  });
  try {
    assert(fillers > 0, "the storage could not be filled");
    await setField(page, "scenario-name", "a-name-longer-than-what-is-left-in-storage");
    const status = page.locator(T("save-failed"));
    await status.waitFor({ timeout: 10_000 });
    const text = await status.innerText();
    assert(/could not be saved in this browser/.test(text) && /export the scenario file/.test(text), `status: ${text}`);
    assert((await status.getAttribute("role")) === "status", "not announced politely");
    assert((await status.locator("button").innerText()).includes("Export scenario"), "no export button");
    assert((await stored(page)) === before, "the copy saved before was changed");
  } finally {
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("filler.")).forEach((k) => localStorage.removeItem(k)));
  }
  // With room again, the next edit is saved and the status goes.
  await setField(page, "runs-input", 2469);
  await storedWith(page, "a-name-longer-than-what-is-left-in-storage");
  await page.locator(T("save-failed")).waitFor({ state: "detached", timeout: 10_000 });
  const info = await page.locator(T("notice-info")).last().innerText();
  assert(/saved in this browser again/.test(info), `notice: ${info}`);
  await dismissAll(page);
});

await check("a share link opened over an edited workspace keeps it in the saved list, and Undo brings it back", async () => {
  await editedWorkspace(page, 4321);
  const fragment = linkFragment('schema_version = 1\nname = "from-link"\n\n[run]\nruns = 300\nseed = 4\n');
  await page.goto("about:blank");
  await openApp(page, `${url}#${fragment}`);
  await confirmIfAsked(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="scenario-name"]')?.value === "from-link",
    null, { timeout: 10_000 });
  await keptAndUndone(page, 4321);
});

await check("an imported file over an edited workspace keeps it in the saved list, and Undo brings it back", async () => {
  await editedWorkspace(page, 4322);
  await importFile(page, "plan.json", JSON.stringify({ schema_version: 1, name: "imported-plan", run: { runs: 300, seed: 3 } }));
  await page.waitForFunction(() => document.querySelector('[data-testid="scenario-name"]')?.value === "imported-plan",
    null, { timeout: 10_000 });
  await keptAndUndone(page, 4322);
});

await check("another base scenario or My ward over an edited workspace keeps it too, with Undo", async () => {
  await editedWorkspace(page, 4323);
  await openScenario(page, "builtin:training");
  await keptAndUndone(page, 4323);
  await editedWorkspace(page, 4324);
  await page.locator(T("tab-my-ward")).click();
  await page.locator(T("my-ward-source")).selectOption("example");
  await page.locator(T("my-ward-start")).click();
  await confirmIfAsked(page);
  await keptAndUndone(page, 4324);
  await page.locator(T("tab-results")).click();
});

await check("a truncated or tampered share link is refused and the workspace kept", async () => {
  await openScenario(page, "builtin:training");
  await setField(page, "runs-input", 321);
  const link = await page.locator(T("share-link")).inputValue();
  const at = link.indexOf("#s1=");
  assert(at > 0, `not a share link: ${link}`);
  const payload = link.slice(at + 4);
  const middle = Math.floor(payload.length / 2);
  const flipped = payload.slice(0, middle) + (payload[middle] === "A" ? "B" : "A") + payload.slice(middle + 1);
  for (const bad of [link.slice(0, at + 4 + middle), `${link.slice(0, at + 4)}${flipped}`, `${link.slice(0, at)}#s1=%%%`]) {
    await dismissAll(page);
    await openApp(page, bad);
    const text = await problem(page);
    assert(/damaged or incomplete/.test(text), `notice for ${bad.slice(-20)}: ${text}`);
    assert((await page.locator(T("runs-input")).inputValue()) === "321", "the workspace changed");
  }
  await dismissAll(page);
  await openApp(page, url);
});

await check("a 50 MB file is refused with its size and the limit, the workspace unchanged", async () => {
  const before = await page.locator(T("scenario-name")).inputValue();
  // Playwright passes files this large by path.
  const dir = mkdtempSync(join(tmpdir(), "sasaeai-"));
  const huge = join(dir, "huge.toml");
  writeFileSync(huge, Buffer.alloc(50 * 1024 * 1024, "#"));
  await page.locator(T("import-file")).setInputFiles(huge);
  rmSync(dir, { recursive: true });
  const text = await problem(page);
  assert(/50\.0 MB/.test(text) && /at most 16 MB/.test(text), `notice: ${text}`);
  assert((await page.locator(T("scenario-name")).inputValue()) === before, "the scenario changed");
  await dismissAll(page);
});

await check("markup in scenario names and descriptions is shown as text, never run", async () => {
  const evil = '<img src=x onerror="window.__pwned=1">';
  await importFile(page, "evil.json", JSON.stringify({
    schema_version: 1,
    name: "evil-plan",
    title: `${evil} <script>window.__pwned=2</script>`,
    description: `<b onmouseover="window.__pwned=3">${evil}</b>`,
    run: { runs: 200, seed: 5 },
  }));
  await page.waitForFunction(() => document.querySelector('[data-testid="scenario-name"]')?.value === "evil-plan",
    null, { timeout: 10_000 });
  await runAndWait(page, 200);
  await page.waitForTimeout(300);
  assert(await page.evaluate(() => window.__pwned === undefined), "markup ran");
  assert((await page.locator('img[src="x"]').count()) === 0, "an <img> was created from the name");
  assert((await page.locator("b[onmouseover]").count()) === 0, "a <b> was created from the description");
  const shown = await page.evaluate(() => document.body.innerText);
  assert(shown.includes("<img src=x"), "the title is not shown as text");
});

await check("a 20-FY scenario runs; a 21-FY one is refused naming run.horizon", async () => {
  await importFile(page, "long.json", JSON.stringify({ schema_version: 1, name: "twenty-years", run: { runs: 100, seed: 2, horizon: 20 } }));
  await page.waitForFunction(() => document.querySelector('[data-testid="scenario-name"]')?.value === "twenty-years",
    null, { timeout: 10_000 });
  await runAndWait(page, 100);
  const text = await page.locator(T("dashboard")).innerText();
  assert(/2044|令和26/.test(text), "the dashboard does not reach the 20th FY");
  await importFile(page, "longer.json", JSON.stringify({ schema_version: 1, name: "twenty-one", run: { horizon: 21 } }));
  const notice = await problem(page);
  assert(notice.includes("run.horizon") && notice.includes("21"), `notice: ${notice}`);
  await dismissAll(page);
});

await check("a worker that dies mid-run is reported and replaced; the next run works", async () => {
  const p = await context.newPage();
  try {
    await openApp(p, `${url}?workers=2`);
    await p.locator('.app[data-workers="2"]').waitFor({ timeout: 10_000 });
    await openScenario(p, "builtin:status-quo");
    // The edit starts the run by itself.
    await setField(p, "runs-input", 1000000);
    await p.locator(`${T("dashboard")}[data-partial="true"]`).waitFor({ timeout: 30_000 });
    const workers = p.workers();
    assert(workers.length >= 2, `workers seen: ${workers.length}`);
    await workers[workers.length - 1].evaluate(() => self.close());
    const text = await problem(p);
    assert(/worker stopped/i.test(text), `notice: ${text}`);
    await p.locator(`${T("run-button")}:not([disabled])`).waitFor({ timeout: 10_000 });
    await setField(p, "runs-input", 300);
    await runAndWait(p, 300);
  } finally {
    await p.close();
  }
});

await check("no uncaught errors in the page", async () => {
  assert(pageErrors.length === 0, pageErrors.join("\n"));
});

await finish(browser, (failed) => (failed === 0 ? "all fault checks passed" : `${failed} fault checks failed`));
