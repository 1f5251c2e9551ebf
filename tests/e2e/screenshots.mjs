// The screenshot set of docs/screenshots/: the app in Japanese at 1366 × 768 — the workspace, the
// results, a comparison, the structure comparison, equity, a slide — the page at 390 × 844 (a phone)
// and 1920 × 1080, the spending and equity slides at 1280 × 720, and the first two pages of the
// printed report (rendered from the PDF with pdftoppm).
//
//   node screenshots.mjs --url http://127.0.0.1:8123/ --out ../../docs/screenshots [--chromium /usr/bin/chromium]
//
// scripts/screenshots.sh serves the built app and runs this.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_URL, T, launchChromium, openApp, openScenario, parseArgs, setField, switchLanguage } from "./lib.mjs";

const args = parseArgs();
const url = args.url ?? DEFAULT_URL;
const out = args.out ?? "docs/screenshots";
mkdirSync(out, { recursive: true });

const browser = await launchChromium(args.chromium);
const context = await browser.newContext({ locale: "ja-JP", viewport: { width: 1366, height: 768 } });
const page = await context.newPage();
const shot = async (name, locator) => {
  const file = join(out, `${name}-ja.png`);
  if (locator) {
    await locator.scrollIntoViewIfNeeded();
    await locator.screenshot({ path: file });
  } else {
    await page.screenshot({ path: file });
  }
  console.log(file);
};
const settled = async () => {
  await page.locator(T("results-stale")).waitFor({ state: "hidden", timeout: 120_000 });
  await page.locator(`${T("dashboard")}[data-partial="false"]`).waitFor({ timeout: 120_000 });
};

await openApp(page, url);
if ((await page.evaluate(() => document.documentElement.lang)) !== "ja") await switchLanguage(page, "ja");
await openScenario(page, "builtin:combined-plan");
await settled();
await page.evaluate(() => window.scrollTo(0, 0));
await shot("workspace");
await shot("results", page.locator(T("dashboard")));

await page.locator(T("tab-compare")).click();
await page.locator(T("compare-runs")).fill("2000");
await page.locator(T("compare-runs")).press("Tab");
await page.locator(`${T("compare-button")}:not([disabled])`).click();
await page.locator(`${T("compare-result")}[data-partial="false"]`).waitFor({ timeout: 120_000 });
await shot("compare", page.locator(T("compare-panel")));

await page.locator(T("tab-sensitivity")).click();
await page.locator(`${T("structure-button")}:not([disabled])`).click();
await page.locator(T("structure-row")).nth(7).waitFor({ timeout: 120_000 });
await page.locator(T("structure-progress")).waitFor({ state: "hidden", timeout: 120_000 });
await shot("structure", page.locator(T("structure-panel")));

await page.locator(T("tab-results")).click();
await openScenario(page, "builtin:equalized");
await settled();
await page.locator(T("tab-equity")).click();
await shot("equity", page.locator(T("equity-panel")));

await page.locator(T("tab-results")).click();
await openScenario(page, "builtin:combined-plan");
await settled();
await page.locator(T("present")).click();
await page.locator(T("presentation")).waitFor();
await page.keyboard.press("ArrowRight");
await page.keyboard.press("ArrowRight");
await page.waitForTimeout(500);
await shot("slide");
await page.setViewportSize({ width: 1280, height: 720 });
await page.keyboard.press("End");
await page.waitForTimeout(300);
await shot("slide-equity");
await page.keyboard.press("ArrowLeft");
await page.waitForTimeout(300);
await shot("slide-spending");
await page.keyboard.press("Escape");

for (const [name, width, height] of [["page-390", 390, 844], ["page-1920", 1920, 1080]]) {
  await page.setViewportSize({ width, height });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await shot(name);
  await page.locator(T("dashboard")).scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await shot(`${name}-results`);
}
await page.setViewportSize({ width: 1366, height: 768 });

const dir = mkdtempSync(join(tmpdir(), "sasaeai-report-"));
await page.emulateMedia({ media: "print" });
const pdf = join(dir, "report.pdf");
writeFileSync(pdf, await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true }));
execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "2", pdf, join(out, "report-page")]);
console.log(join(out, "report-page-1.png"), join(out, "report-page-2.png"));
await browser.close();
