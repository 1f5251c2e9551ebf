// Browser checks of what a council meeting needs: presentation mode, the
// printed A4 report (as a PDF) and the model page, with axe-core's
// accessibility rules on each of them.
//
//   node council.test.mjs --url http://127.0.0.1:8123/ [--chromium /usr/bin/chromium] [--screenshots DIR]
//
// Each check prints "ok - …" or "not ok - …"; the exit code is the number of failures.

import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import {
  DEFAULT_URL, T, assert, check, collectErrors, finish, launchChromium, openApp, openPage, parseArgs,
  runAndWait, setField, switchLanguage, openScenario,
} from "./lib.mjs";

const require = createRequire(import.meta.url);
const args = parseArgs();
const url = args.url ?? DEFAULT_URL;
const shots = args.screenshots;

const browser = await launchChromium(args.chromium);
const { page } = await openPage(browser, { width: 1280, height: 800 });
const consoleErrors = collectErrors(page);

// Serious and critical axe-core violations on the page as it is now.
async function axeViolations(p) {
  if (!(await p.evaluate(() => typeof window.axe === "object"))) {
    await p.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  }
  return p.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | ")}`);
  });
}
async function assertAccessible(p, where) {
  const found = await axeViolations(p);
  assert(found.length === 0, `${where}: ${found.length} serious/critical violations\n    ${found.join("\n    ")}`);
}

// Each page of a PDF: its size in points and its text, read with pdf.js in
// a page of its own (served from node_modules, no network).
async function pdfPages(pdf) {
  const dir = join(dirname(require.resolve("pdfjs-dist/package.json")), "build");
  const ctx = await browser.newContext();
  try {
    const p = await ctx.newPage();
    await p.route("http://pdfjs.invalid/**", (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === "/") return route.fulfill({ contentType: "text/html", body: "<!doctype html><title>pdf</title>" });
      return route.fulfill({ contentType: "text/javascript", body: readFileSync(join(dir, basename(path))) });
    });
    await p.goto("http://pdfjs.invalid/");
    const pages = await p.evaluate(async (b64) => {
      const pdfjs = await import("/pdf.mjs");
      pdfjs.GlobalWorkerOptions.workerSrc = "/pdf.worker.mjs";
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const doc = await pdfjs.getDocument({ data }).promise;
      const out = [];
      for (let i = 1; i <= doc.numPages; i += 1) {
        const page = await doc.getPage(i);
        const content = await page.getTextContent();
        out.push({ view: page.view, text: content.items.map((it) => it.str).join("") });
      }
      return out;
    }, Buffer.from(pdf).toString("base64"));
    return pages;
  } finally {
    await ctx.close();
  }
}

async function slideCounter(p) {
  return (await p.locator(T("slide-counter")).innerText()).trim();
}
// The counter once the page has drawn what the keys asked for (up to 5 s).
async function counterIs(p, want) {
  try {
    await p.waitForFunction((w) => document.querySelector('[data-testid="slide-counter"]')?.innerText.trim() === w,
      want, { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

await check("the workspace has no serious or critical accessibility violations", async () => {
  await openApp(page, url);
  await page.locator(`${T("run-button")}:not([disabled])`).waitFor({ timeout: 30_000 });
  await assertAccessible(page, "workspace");
});

await check("after a run the dashboard has no serious or critical accessibility violations", async () => {
  await openScenario(page, "builtin:combined-plan");
  await setField(page, "runs-input", 300);
  await setField(page, "seed-input", 7);
  await runAndWait(page, 300);
  await assertAccessible(page, "dashboard");
});

await check("presentation mode: slides by arrow keys and buttons, n / N, large type, Escape leaves", async () => {
  const cards = await page.$$eval(T("target-card"), (els) => els.map((e) => [e.dataset.target, e.dataset.probability]));
  assert(cards.length > 0, "no target cards");
  const n = 2 + cards.length + 3;
  // Opened from the keyboard.
  await page.locator(T("present")).focus();
  await page.keyboard.press("Enter");
  await page.locator(T("presentation")).waitFor({ timeout: 5_000 });
  assert(await counterIs(page, `1 / ${n}`), `counter ${await slideCounter(page)}`);
  assert(await page.evaluate(() => document.getElementById("presentation").contains(document.activeElement)),
    "focus is not in the presentation");
  // Full screen where the browser allows it; the overlay covers the whole viewport either way.
  const cover = await page.locator(T("presentation")).boundingBox();
  assert(cover.x === 0 && cover.y === 0 && cover.width >= 1280 && cover.height >= 800, `overlay ${JSON.stringify(cover)}`);
  const question = await page.locator(T("slide")).innerText();
  assert(question.includes("Will “") && question.includes("March 2030"), question);
  await page.keyboard.press("ArrowRight");
  assert(await counterIs(page, `2 / ${n}`), "ArrowRight did not move on");
  assert((await page.locator(T("slide-plans")).count()) === 1, "no plans slide");
  await page.locator(T("present-next")).click();
  assert(await counterIs(page, `3 / ${n}`), "Next did not move on");
  await page.keyboard.press("ArrowLeft");
  assert(await counterIs(page, `2 / ${n}`), "ArrowLeft did not move back");
  await page.locator(T("present-prev")).click();
  assert(await counterIs(page, `1 / ${n}`), "Previous did not move back");
  await page.keyboard.press("ArrowLeft");
  assert(await counterIs(page, `1 / ${n}`), "moved before the first slide");
  // One slide per target with the dashboard's probability and a sentence.
  for (let k = 0; k < cards.length; k += 1) {
    await page.locator(T("present-next")).click();
    if (k === 0) await page.locator(T("present-next")).click();
    assert(await counterIs(page, `${3 + k} / ${n}`), `target slide ${k + 1} not shown`);
    const big = page.locator(T("slide-probability"));
    assert(await big.getAttribute("data-target") === cards[k][0], `slide of target ${k}`);
    assert(await big.getAttribute("data-probability") === cards[k][1], `probability of ${cards[k][0]}`);
    const text = await page.locator(T("slide")).innerText();
    assert(text.includes("simulated futures") || text.includes("expected projection"), `no sentence: ${text}`);
  }
  // Every text of every slide is at least 24 px, dark on white.
  for (let i = 0; i < n; i += 1) {
    await page.keyboard.press(i === 0 ? "Home" : "ArrowRight");
    assert(await counterIs(page, `${i + 1} / ${n}`), `slide ${i + 1} not shown`);
    const small = await page.evaluate(() => {
      const out = [];
      for (const el of document.querySelectorAll("#presentation *")) {
        if (el.closest("svg")) continue;
        const own = [...el.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
        if (own && parseFloat(getComputedStyle(el).fontSize) < 24) out.push(`${el.tagName} ${getComputedStyle(el).fontSize} ${el.textContent.slice(0, 30)}`);
      }
      return out;
    });
    assert(small.length === 0, `slide ${i + 1}: text under 24 px: ${small.join("; ")}`);
  }
  assert(await counterIs(page, `${n} / ${n}`), "End of the slides");
  assert((await page.locator(`${T("slide")} svg`).count()) === 1, "no map on the equity slide");
  await page.keyboard.press("ArrowRight");
  assert(await counterIs(page, `${n} / ${n}`), "moved past the last slide");
  await page.keyboard.press("End");
  await page.keyboard.press("ArrowLeft");
  assert((await page.locator(`${T("slide")} svg`).count()) === 1, "no spending chart");
  await page.keyboard.press("ArrowLeft");
  assert((await page.locator(`${T("slide")} svg`).count()) === 1, "no fan chart");
  await assertAccessible(page, "presentation");
  await page.keyboard.press("Escape");
  await page.locator(T("presentation")).waitFor({ state: "detached", timeout: 5_000 });
  assert(await page.evaluate(() => document.fullscreenElement === null), "still full screen");
  assert(await page.evaluate(() => document.activeElement?.dataset.testid) === "present",
    "focus did not return to the Present button");
  // The exit button leaves too.
  await page.locator(T("present")).click();
  await page.locator(T("present-exit")).click();
  await page.locator(T("presentation")).waitFor({ state: "detached", timeout: 5_000 });
});

await check("a Japanese slide shows the target probability in Japanese", async () => {
  await switchLanguage(page, "ja");
  await page.locator(T("present")).click();
  await page.locator(T("presentation")).waitFor({ timeout: 5_000 });
  assert((await page.locator(T("slide")).innerText()).includes("までに目標を達成できるか"), "question not in Japanese");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  const text = await page.locator(T("slide")).innerText();
  assert(text.includes("目標を達成する確率") && text.includes("通り"), text);
  await assertAccessible(page, "Japanese presentation");
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, "presentation-ja.png") });
  }
  await page.keyboard.press("Escape");
  await page.locator(T("presentation")).waitFor({ state: "detached", timeout: 5_000 });
  await switchLanguage(page, "en");
});

await check("the Print report button opens the browser's print dialog", async () => {
  await page.evaluate(() => {
    window.__printed = 0;
    const count = () => { window.__printed += 1; };
    Window.prototype.print = count;
    window.print = count;
  });
  await page.locator(T("print-report")).click();
  assert(await page.evaluate(() => window.__printed) === 1, "window.print was not called");
});

await check("the printed report is A4 with the seed, runs and scenario hash on every page and the share link once", async () => {
  const stamp = await page.locator(`${T("dashboard")} .stamp`).innerText();
  const hash = stamp.match(/#([0-9a-f]{16})/)?.[1];
  assert(hash, `no hash in the stamp: ${stamp}`);
  const link = (await page.locator(T("report-share-link")).textContent()).trim();
  assert(link.startsWith(url) && link.includes("#s1="), `share link in the stamp: ${link}`);
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  if (shots) {
    mkdirSync(shots, { recursive: true });
  }
  const pages = await pdfPages(pdf);
  assert(pages.length >= 2, `pages: ${pages.length}`);
  assert(pages.length <= 30, `implausibly many pages: ${pages.length}`);
  pages.forEach(({ view, text }, k) => {
    const [, , w, h] = view;
    assert(Math.abs(w - 595.3) < 2 && Math.abs(h - 841.9) < 2, `page ${k + 1} is ${w}×${h} pt, not A4`);
    const bare = text.replace(/\s+/g, "");
    for (const want of ["modelv2", "seed7", "300runs", `#${hash}`]) {
      assert(bare.includes(want), `page ${k + 1} lacks "${want}"`);
    }
  });
  const withLink = pages.filter(({ text }) => text.replace(/\s+/g, "").includes(link.replace(/\s+/g, "")));
  assert(withLink.length === 1, `the share link is on ${withLink.length} pages, not once`);
  const all = pages.map((p) => p.text).join("\n");
  for (const want of ["Projection report", "Results by ward", "Appendix: every assumption", "beta_burnout", "sup_cont_certified", "Edogawa"]) {
    assert(all.includes(want), `the report lacks "${want}"`);
  }
  const doc = { numPages: pages.length };
  console.log(`# printed report: ${doc.numPages} A4 pages`);
});

await check("the model page lists every parameter and has no serious or critical accessibility violations", async () => {
  // Reached from the keyboard: arrow keys along the tabs.
  await page.locator(T("tab-results")).focus();
  await page.keyboard.press("End");
  assert(await page.evaluate(() => document.activeElement?.dataset.testid) === "tab-model", "End did not reach the model tab");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert(outline !== "none", "no visible focus on the tab");
  await page.locator(T("model-page")).waitFor({ timeout: 5_000 });
  const rows = await page.$$eval(T("model-parameter"), (els) => els.map((e) => [e.dataset.parameter, e.dataset.origin]));
  assert(rows.length === 32, `parameter rows (24 of version 1, 8 of version 2): ${rows.length}`);
  assert(rows.every(([, o]) => ["brief", "statistics", "assumption"].includes(o)), JSON.stringify(rows));
  const text = await page.locator(T("model-page")).innerText();
  assert(text.includes("dA = aw_gain") && text.includes("89.3 %"), "equations or figures missing");
  await assertAccessible(page, "model page");
  await switchLanguage(page, "ja");
  assert((await page.locator(T("model-page")).innerText()).includes("モデルの説明"), "model page not in Japanese");
  await assertAccessible(page, "model page (Japanese)");
  await page.locator(T("language-toggle")).click();
  await page.locator(T("tab-results")).click();
});

await check("no errors in the console", async () => {
  assert(consoleErrors.length === 0, consoleErrors.join("\n"));
});

await finish(browser);
