// What the browser suites share: the command line, headless Chromium, a small
// test runner ("ok - …" / "not ok - …", the exit code is the number of
// failures) and the steps every suite takes in the app.

import { chromium } from "playwright-core";

// The app's address when --url is not given.
export const DEFAULT_URL = "http://127.0.0.1:8080/";

// Debian's Chromium, used when --chromium is not given.
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

// Chromium's flags for the tests: headless, no sandbox, no GPU and no traffic of its own.
export const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// The command line as an object: each `--name value` becomes { name: "value" }.
export function parseArgs(argv = process.argv.slice(2)) {
  return Object.fromEntries(
    argv.reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
  );
}

// Starts Chromium from the given path (Debian's by default) with the given flags.
export function launchChromium(executablePath, flags = CHROMIUM_FLAGS) {
  return chromium.launch({ executablePath: executablePath ?? DEFAULT_CHROMIUM, args: flags });
}

// A fresh British-English context with the given viewport, and a page in it.
export async function openPage(browser, viewport = { width: 1440, height: 1000 }) {
  const context = await browser.newContext({ locale: "en-GB", viewport });
  const page = await context.newPage();
  return { context, page };
}

// Collects the page's uncaught errors, and its console errors unless console is false, into `into`.
export function collectErrors(page, into = [], { console: withConsole = true } = {}) {
  page.on("pageerror", (e) => into.push(String(e)));
  if (withConsole) page.on("console", (m) => m.type() === "error" && into.push(m.text()));
  return into;
}

let failures = 0;
let total = 0;

// Runs one test and prints "ok - name (N ms)", or "not ok - name" and the error indented.
export async function check(name, fn) {
  const started = Date.now();
  let line;
  try {
    await fn();
    line = `ok - ${name} (${Date.now() - started} ms)`;
  } catch (e) {
    failures += 1;
    line = `not ok - ${name}\n  ${String(e?.stack ?? e).split("\n").join("\n  ")}`;
  }
  total += 1;
  console.log(line);
}

// Throws (and so fails the test) with the message unless the condition holds.
export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

// Closes the browser, prints the summary line and exits with the number of failed tests.
export async function finish(browser, summary = (failed, count) => `${count - failed}/${count} passed`) {
  await browser.close();
  console.log(summary(failures, total));
  process.exit(failures);
}

// The CSS selector of the element with the given data-testid.
export const T = (id) => `[data-testid="${id}"]`;

// Loads the app at the address and waits for the workspace to appear.
export async function openApp(p, address) {
  await p.goto(address);
  await p.locator(T("scenario-select")).waitFor({ timeout: 30_000 });
}

// Types a value into a field and moves on with Tab, which commits it (change event).
export async function setField(p, testid, value) {
  const input = p.locator(T(testid));
  await input.fill(String(value));
  await input.press("Tab");
}

// Clicks Run and waits for the final dashboard of the given number of runs and for Run to be ready again.
export async function runAndWait(p, runs, timeout = 120_000) {
  await p.locator(`${T("run-button")}:not([disabled])`).waitFor({ timeout: 30_000 });
  await p.locator(T("run-button")).click();
  await p.locator(`${T("dashboard")}[data-partial="false"][data-runs="${runs}"]`).waitFor({ timeout });
  await p.locator(`${T("run-button")}:not([disabled])`).waitFor({ timeout: 10_000 });
}

// Clicks the language switch and waits until the page is in the given language ("en" or "ja").
export async function switchLanguage(p, lang) {
  await p.locator(T("language-toggle")).click();
  await p.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: 5_000 });
}

// The saved workspaces the app has set aside as damaged, as stored.
export function setAsideWorkspaces(p) {
  return p.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith("sasaeai.workspace.damaged.")).map((k) => localStorage.getItem(k)),
  );
}

// Opens a scenario from the picker ("builtin:<name>" or "saved:<i>"): picks it, presses Open and, when
// the workspace has unsaved edits, confirms the replacement.
export async function openScenario(p, key) {
  await p.locator(T("scenario-select")).selectOption(key);
  const before = await p.locator(T("scenario-name")).inputValue();
  await p.locator(T("scenario-open")).click();
  const confirm = p.locator(T("confirm-replace"));
  // Either the workspace changes or the app asks first.
  await p.waitForFunction(
    (name) => document.querySelector('[data-testid="confirm-replace"]') ||
      document.querySelector('[data-testid="scenario-name"]')?.value !== name,
    before, { timeout: 5_000 },
  ).catch(() => {});
  if (await confirm.isVisible()) await confirm.click();
}

// Confirms the replacement of a workspace with unsaved edits if the app asks (after a click that replaces
// the workspace, such as starting "my ward").
export async function confirmIfAsked(p) {
  const confirm = p.locator(T("confirm-replace"));
  await confirm.waitFor({ timeout: 1_000 }).catch(() => {});
  if (await confirm.isVisible()) await confirm.click();
}
