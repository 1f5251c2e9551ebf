// Browser checks of the printed A4 report as a council receives it (page
// numbers, date of issue, issuing section, a first-page summary with the
// caveat, the share link once, the scenario hash on every page, no broken
// ward names) and of the equity panel on a projector (a colour scale that
// cannot exaggerate, the Gini explained, the data set's warning banner on
// the panel, the equity slide and the report).
//
//   node report.test.mjs --url http://127.0.0.1:8123/ [--chromium /usr/bin/chromium] [--screenshots DIR]
//
// Each check prints "ok - …" or "not ok - …"; the exit code is the number of failures.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
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
const { page } = await openPage(browser, { width: 1366, height: 900 });
const consoleErrors = collectErrors(page);

const ISSUER = "福祉局 地域福祉課 ピアサポート担当";

// Each page of a PDF: its text items (one per run of text pdf.js finds),
// its printed lines and its text joined, read with pdf.js in a page of its own (served
// from node_modules, no network).
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
    return await p.evaluate(async (b64) => {
      const pdfjs = await import("/pdf.mjs");
      pdfjs.GlobalWorkerOptions.workerSrc = "/pdf.worker.mjs";
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const doc = await pdfjs.getDocument({ data }).promise;
      const out = [];
      for (let i = 1; i <= doc.numPages; i += 1) {
        const page = await doc.getPage(i);
        const content = await page.getTextContent();
        const found = content.items.filter((it) => it.str.length > 0);
        const items = found.map((it) => it.str);
        // The printed lines: items on one baseline (to 1 pt), left to right.
        const rows = new Map();
        for (const it of found) {
          const y = Math.round(it.transform[5]);
          rows.set(y, [...(rows.get(y) ?? []), it]);
        }
        const lines = [...rows.entries()].sort((a, b) => b[0] - a[0])
          .map(([, its]) => its.sort((a, b) => a.transform[4] - b.transform[4]).map((it) => it.str).join("").trim());
        out.push({ items, lines, text: items.join("") });
      }
      return out;
    }, Buffer.from(pdf).toString("base64"));
  } finally {
    await ctx.close();
  }
}

const bare = (s) => s.replace(/\s+/g, "");

// Today's date of issue as the report writes it in Japanese: 令和8年（2026年）12月7日.
function japaneseDate(d = new Date()) {
  const y = d.getFullYear();
  const reiwa = y - 2018;
  return `令和${reiwa === 1 ? "元" : reiwa}年（${y}年）${d.getMonth() + 1}月${d.getDate()}日`;
}

// An sRGB colour "#RRGGBB" or "rgb(r, g, b)" as [r, g, b].
function rgb(c) {
  if (c.startsWith("#")) return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
  return c.match(/\d+/g).slice(0, 3).map(Number);
}
const distance = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

let pages = [];
let hash = "";
let link = "";

await check("the issuing section typed on the report field is kept across a reload", async () => {
  await openApp(page, url);
  await switchLanguage(page, "ja");
  await openScenario(page, "builtin:combined-plan");
  await setField(page, "runs-input", 300);
  await setField(page, "seed-input", 7);
  await runAndWait(page, 300);
  await page.locator(T("report-issuer")).fill(ISSUER);
  await page.locator(T("report-issuer")).press("Tab");
  assert(await page.evaluate(() => localStorage.getItem("sasaeai.report.issuer")) === ISSUER, "not kept in localStorage");
  await page.reload();
  await page.locator(T("scenario-select")).waitFor({ timeout: 30_000 });
  if (await page.evaluate(() => document.documentElement.lang) !== "ja") await switchLanguage(page, "ja");
  await openScenario(page, "builtin:combined-plan");
  await setField(page, "runs-input", 300);
  await setField(page, "seed-input", 7);
  await runAndWait(page, 300);
  const kept = await page.locator(T("report-issuer")).inputValue();
  assert(kept === ISSUER, `after a reload the field holds "${kept}"`);
  const printed = await page.locator(T("report-issuer-text")).textContent();
  assert(printed.includes(ISSUER), `the report has "${printed}"`);
});

await check("the printed report has page n / N, the date of issue and the issuing section", async () => {
  const stamp = await page.locator(`${T("dashboard")} .stamp`).innerText();
  hash = stamp.match(/#([0-9a-f]{16})/)?.[1];
  assert(hash, `no hash in the stamp: ${stamp}`);
  link = (await page.locator(T("report-share-link")).textContent()).trim();
  assert(link.startsWith(url) && link.includes("#s1="), `share link: ${link}`);
  await page.emulateMedia({ media: "print" });
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, "report-print-ja.png"), fullPage: true });
  }
  await page.emulateMedia({ media: null });
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  if (shots) writeFileSync(join(shots, "report-ja.pdf"), pdf);
  pages = await pdfPages(pdf);
  const n = pages.length;
  assert(n >= 3 && n <= 30, `pages: ${n}`);
  pages.forEach(({ text }, k) => {
    assert(bare(text).includes(`${k + 1}/${n}`), `page ${k + 1} lacks "${k + 1} / ${n}"`);
  });
  const first = bare(pages[0].text);
  assert(first.includes(bare(japaneseDate())), `page 1 lacks the date of issue ${japaneseDate()}`);
  assert(first.includes("発行日"), "page 1 lacks 発行日");
  assert(first.includes(bare(`担当課：${ISSUER}`)), "page 1 lacks the issuing section");
  console.log(`# printed report: ${n} A4 pages`);
});

await check("page 1 is a summary: the question, the plan, each target's probability and the AI caveat", async () => {
  const first = bare(pages[0].text);
  assert(first.includes("要旨"), "no summary heading on page 1");
  assert(first.includes("までに目標を達成できるか"), "no question on page 1");
  assert(first.includes("計画") && first.includes("予算総額"), "no plan on page 1");
  assert(first.includes("未検証") && first.includes("AI"), "no caveat (未検証, AI) on page 1");
  const targets = await page.$$eval(T("report-summary-target"), (els) => els.map((e) => e.textContent));
  assert(targets.length >= 2, `target sentences: ${targets.length}`);
  for (const t of targets) assert(first.includes(bare(t)), `page 1 lacks "${t}"`);
  // The summary is the whole of page 1: the scenario details start on page 2.
  assert(!first.includes("シナリオの概要"), "the scenario summary starts on page 1");
});

await check("the share link is printed once and the scenario hash on every page", async () => {
  const all = pages.map((p) => bare(p.text)).join("");
  const count = all.split(bare(link)).length - 1;
  assert(count === 1, `the share link is printed ${count} times`);
  // Nor is its long fragment printed in part on other pages.
  const fragment = link.split("#s1=")[1].slice(0, 40);
  const withFragment = pages.filter((p) => bare(p.text).includes(fragment)).length;
  assert(withFragment === 1, `the link's fragment is on ${withFragment} pages`);
  pages.forEach(({ text }, k) => assert(bare(text).includes(`#${hash}`), `page ${k + 1} lacks #${hash}`));
  // Beside it, the link as a QR code (src/ui/share.rs reads one back), 50 mm square on paper.
  await page.emulateMedia({ media: "print" });
  const qr = await page.locator(`${T("report-share-qr")} svg`).evaluate((svg) => {
    const r = svg.getBoundingClientRect();
    return { w: r.width, h: r.height, label: svg.getAttribute("aria-label"), squares: (svg.querySelector("path")?.getAttribute("d") ?? "").split("M").length - 1 };
  });
  await page.emulateMedia({ media: "screen" });
  assert(qr.w >= 180 && Math.abs(qr.w - qr.h) < 1, `QR code ${qr.w} × ${qr.h} px (50 mm is 189 px)`);
  assert(qr.label && qr.squares > 100, `QR code: ${JSON.stringify(qr)}`);
});

await check("ward names and the appendix's origin column do not break across lines", async () => {
  const lines = pages.flatMap((p) => p.lines);
  const whole = lines.filter((l) => l.includes("千代田区"));
  assert(whole.length >= 1, `lines with 千代田区 whole: ${whole.length}`);
  for (const ward of ["千代田区", "江戸川区", "世田谷区", "葛飾区", "品川区"]) {
    const split = lines.filter((l, i) => {
      for (let k = 1; k < ward.length; k += 1) {
        const [head, tail] = [ward.slice(0, k), ward.slice(k)];
        // The head ends a line, or starts a table row, and the tail starts the next line.
        const next = lines[i + 1] ?? "";
        if (next.startsWith(tail) && (l.endsWith(head) || (l.startsWith(head) && !l.startsWith(ward)))) return true;
      }
      return false;
    });
    assert(split.length === 0, `${ward} split across lines: ${JSON.stringify(split.slice(0, 4))}`);
  }
  // The origin column (提言 / 統計 / 仮定) is never one character a line.
  const lone = lines.filter((l) => ["提", "言", "統", "計", "仮", "定"].includes(l));
  assert(lone.length === 0, `origin split into single characters: ${lone.length} lines`);
  // Every table fits the A4 text width (210 mm less 2 × 12 mm margins = 703 CSS px).
  await page.setViewportSize({ width: 703, height: 900 });
  await page.emulateMedia({ media: "print" });
  try {
    const wide = await page.evaluate(() => {
      const body = document.querySelector(".print-report");
      const room = body.getBoundingClientRect().width;
      return [...body.querySelectorAll("table:not(.print-frame)")]
        .map((t) => [t.dataset.testid ?? t.className, Math.round(t.getBoundingClientRect().width), Math.round(room)])
        .filter(([, w, r]) => w > r + 1);
    });
    assert(wide.length === 0, `tables wider than the page: ${JSON.stringify(wide)}`);
  } finally {
    await page.emulateMedia({ media: null });
    await page.setViewportSize({ width: 1366, height: 900 });
  }
});

await check("the printed report's equity section has the ward data's banner and the Gini explained", async () => {
  const all = pages.map((p) => bare(p.text)).join("");
  assert(all.includes("【例示データ】"), "no data banner in the printed report");
  assert(all.includes(bare("0.017のような小さい値は、区の間がほぼ均等")), "no Gini explanation in the printed report");
  const banner = page.locator(`${T("print-report-body")} [role="note"]${T("data-banner")}`);
  assert((await banner.count()) >= 1, "no banner (role=note) in the report");
});

await check("the equity map does not exaggerate a 3 % difference and shows its scale's range", async () => {
  // The status quo of the default data: participants per 10,000 differ by
  // about 3 % between the lowest and the highest ward.
  await openScenario(page, "builtin:status-quo");
  await setField(page, "runs-input", 300);
  await runAndWait(page, 300);
  await page.locator(T("tab-equity")).click();
  await page.locator(T("equity-table")).waitFor({ timeout: 10_000 });
  const panel = page.locator(T("equity-panel"));
  const result = await panel.evaluate((root) => {
    const rows = [...root.querySelectorAll("figure table tbody tr")].map((tr) => [
      tr.querySelector("th").textContent.trim(),
      parseFloat(tr.querySelector("td").textContent.replace(/,/g, "")),
    ]);
    const svg = root.querySelector("figure svg");
    const fill = (name) => {
      const text = [...svg.querySelectorAll("text")].find((t) => t.textContent.trim() === name);
      let el = text?.previousElementSibling;
      while (el && el.tagName.toLowerCase() !== "rect") el = el.previousElementSibling;
      return el?.getAttribute("fill") ?? null;
    };
    const sorted = rows.filter(([, v]) => Number.isFinite(v)).sort((a, b) => a[1] - b[1]);
    const lo = sorted[0];
    const hi = sorted[sorted.length - 1];
    const legend = [...svg.querySelectorAll("text")].map((t) => t.textContent.trim()).filter((t) => t.includes("–"));
    return { lo, hi, loFill: fill(lo[0]), hiFill: fill(hi[0]), n: rows.length, legend };
  });
  assert(result.n === 23, `wards in the table: ${result.n}`);
  const mean = (result.lo[1] + result.hi[1]) / 2;
  const spread = (result.hi[1] - result.lo[1]) / mean;
  assert(spread > 0 && spread < 0.1, `the default data's spread is ${(spread * 100).toFixed(1)} %, not a small one`);
  assert(result.loFill && result.hiFill, `tile fills ${result.loFill} ${result.hiFill}`);
  const d = distance(rgb(result.loFill), rgb(result.hiFill));
  console.log(`# ${result.lo[0]} ${result.lo[1]} ${result.loFill} vs ${result.hi[0]} ${result.hi[1]} ${result.hiFill}: colour distance ${d.toFixed(1)}`);
  assert(d < 40, `a ${(spread * 100).toFixed(1)} % difference is drawn ${d.toFixed(0)} apart in colour`);
  // The legend runs over the scale's real range: at least ±25 % of the mean.
  const nums = result.legend.flatMap((t) => t.split("–").map((x) => parseFloat(x.replace(/,/g, ""))));
  const [min, max] = [Math.min(...nums), Math.max(...nums)];
  assert(min <= mean * 0.76 && max >= mean * 1.24, `legend range ${min}–${max} around ${mean}`);
  const help = await page.locator(T("equity-scale-help")).innerText();
  assert(help.includes("25%"), `scale help: ${help}`);
});

await check("the equity panel explains the Gini, warns about the data and names targets plainly", async () => {
  const panel = page.locator(T("equity-panel"));
  const gini = await panel.locator(T("gini-help")).innerText();
  assert(gini.includes("0は") && gini.includes("1は") && gini.includes("0.017") && gini.includes("ほぼ均等"), gini);
  const banner = panel.locator(`[role="note"]${T("data-banner")}`);
  assert(await banner.isVisible(), "no visible banner on the equity panel");
  assert((await banner.innerText()).includes("例示データ"), await banner.innerText());
  const style = await banner.evaluate((el) => {
    const s = getComputedStyle(el);
    return { bg: s.backgroundColor, border: s.borderLeftWidth, weight: s.fontWeight, size: s.fontSize };
  });
  assert(style.bg !== "rgba(0, 0, 0, 0)" && parseFloat(style.border) >= 4 && Number(style.weight) >= 600
    && parseFloat(style.size) >= 16, `banner is not styled as a warning: ${JSON.stringify(style)}`);
  const options = await page.locator(`${T("equity-measure")} option`).allInnerTexts();
  const internal = options.filter((o) => /P\(/.test(o));
  assert(internal.length === 0, `internal ids in the measure picker: ${internal.join(", ")}`);
  assert(options.some((o) => o.includes("達成確率") && o.includes("参加者")), options.join(" | "));
  if (shots) {
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, "equity-ja.png"), fullPage: true });
  }
});

await check("the equity slide shows the banner in large type", async () => {
  await page.locator(T("tab-results")).click();
  await page.locator(T("present")).click();
  await page.locator(T("presentation")).waitFor({ timeout: 5_000 });
  await page.keyboard.press("End");
  await page.waitForFunction(() => document.querySelector('[data-testid="slide"] [data-testid="data-banner"]'),
    null, { timeout: 5_000 });
  const banner = page.locator(`${T("slide")} [role="note"]${T("data-banner")}`);
  assert(await banner.isVisible(), "no visible banner on the equity slide");
  const size = await banner.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert(size >= 24, `banner text ${size} px`);
  assert((await page.locator(`${T("slide")} svg`).count()) === 1, "no map on the equity slide");
  const mapText = await page.locator(`${T("slide")} svg`).evaluate((svg) => [...svg.querySelectorAll("text")].map((t) => t.textContent).join(" "));
  assert(mapText.includes("人口1万人あたり参加者数"), `the map's legend does not name its measure: ${mapText.slice(0, 200)}`);
  if (shots) await page.screenshot({ path: join(shots, "equity-slide-ja.png") });
  await page.keyboard.press("Escape");
  await page.locator(T("presentation")).waitFor({ state: "detached", timeout: 5_000 });
});

await check("the issuing-section field stays on screen while a run is in progress", async () => {
  await setField(page, "runs-input", 20000);
  await page.locator(`${T("dashboard")}[data-partial="true"]`).waitFor({ timeout: 30_000 });
  assert(await page.locator(T("report-issuer")).isVisible(), "the field is gone during the run");
  assert(await page.locator(T("report-issuer")).inputValue() === ISSUER, "the field lost its text during the run");
  await setField(page, "runs-input", 300);
  await page.locator(`${T("dashboard")}[data-partial="false"][data-runs="300"]`).waitFor({ timeout: 60_000 });
  assert((await page.locator(T("report-issuer-text")).textContent()).includes(ISSUER), "the report lost the issuer");
});

await check("the English report dates its issue in words: day, month, year (7 December 2026)", async () => {
  await switchLanguage(page, "en");
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  const d = new Date();
  const want = `${d.getDate()} ${months[d.getMonth()]} ${d.getFullYear()}`;
  const text = await page.locator(T("report-date")).textContent();
  assert(text.includes(want), `"${text}" lacks ${want}`);
  assert((await page.locator(T("report-caveat")).textContent()).includes("AI assistance"), "no English caveat");
});

await check("no errors in the console", async () => {
  assert(consoleErrors.length === 0, consoleErrors.join("\n"));
});

await finish(browser);
