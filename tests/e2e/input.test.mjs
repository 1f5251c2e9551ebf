// Browser checks of money entry in the budget editor, in Japanese as budget
// planners use it: what a Japanese input method gives (full-width digits),
// 万 and 億, changes of the amount there (+50%, ×1.5), refused text that
// stays in its cell with a message, and a table that fits its column.
//
//   node input.test.mjs --url http://127.0.0.1:8123/ [--chromium /usr/bin/chromium]
//
// Each check prints "ok - …" or "not ok - …"; the exit code is the number of failures.

import {
  DEFAULT_URL, T, assert, check, collectErrors, finish, launchChromium, openApp, parseArgs, setField,
  switchLanguage,
} from "./lib.mjs";

const args = parseArgs();
const url = args.url ?? DEFAULT_URL;

const browser = await launchChromium(args.chromium);
const context = await browser.newContext({ locale: "ja-JP", viewport: { width: 1366, height: 900 } });
const page = await context.newPage();
const pageErrors = collectErrors(page);

await openApp(page, url);
if ((await page.evaluate(() => document.documentElement.lang)) !== "ja") await switchLanguage(page, "ja");

// The cell of the all-ward training line in FY2025 (令和7年度).
const CELL = "budget-2025-training";

// What the cell shows once the page has drawn what was typed (a change
// event is handled at once, but give the redraw a moment).
async function cellAfter(testid, typed) {
  await setField(page, testid, typed);
  await page.waitForTimeout(100);
  return page.locator(T(testid)).inputValue();
}

// The amount the cell shows, in yen.
async function yenIn(testid) {
  return Number((await page.locator(T(testid)).inputValue()).replace(/,/g, ""));
}

// The note under a cell that says how its amount was read.
async function hintOf(testid) {
  const id = await page.locator(T(testid)).evaluate((el) => el.getAttribute("aria-describedby") ?? "");
  const hint = id.split(/\s+/).find((d) => d.endsWith("-hint"));
  assert(hint, `${testid}: aria-describedby names no hint (${id})`);
  return (await page.locator(`[id="${hint}"]`).innerText()).trim();
}

// Whether a refused text stays in the cell, marked invalid, with a visible
// message under it that the cell names in aria-describedby.
async function assertRefused(testid, typed, words) {
  const before = await hintOf(testid);
  const shown = await cellAfter(testid, typed);
  assert(shown === typed, `${typed}: the cell shows ${JSON.stringify(shown)}, not what was typed`);
  const input = page.locator(T(testid));
  assert((await input.getAttribute("aria-invalid")) === "true", `${typed}: aria-invalid is not "true"`);
  const ids = ((await input.getAttribute("aria-describedby")) ?? "").split(/\s+/).filter(Boolean);
  const messages = [];
  for (const id of ids) {
    const el = page.locator(`[id="${id}"]`);
    if ((await el.count()) === 1 && (await el.isVisible())) messages.push((await el.innerText()).trim());
  }
  const message = messages.find((m) => m.includes(`"${typed}"`));
  assert(message, `${typed}: no visible message naming it among ${JSON.stringify(messages)}`);
  for (const w of words) assert(message.includes(w), `${typed}: the message does not say ${w}: ${message}`);
  assert((await hintOf(testid)) === before, `${typed}: the amount in force changed`);
}

await check("a budget cell shows its amount with separators and as 万円 under it", async () => {
  const shown = await page.locator(T(CELL)).inputValue();
  assert(/^\d{1,3}(,\d{3})+$/.test(shown), `the cell shows ${shown}`);
  assert((await hintOf(CELL)).endsWith("万円"), `hint ${await hintOf(CELL)}`);
});

await check("full-width digits from a Japanese input method are read as yen", async () => {
  const shown = await cellAfter(CELL, "１２３４５６７８");
  assert(shown === "12,345,678", `the cell shows ${shown}`);
  assert((await hintOf(CELL)) === "1,235万円", `hint ${await hintOf(CELL)}`);
  assert((await page.locator(T(CELL)).getAttribute("aria-invalid")) !== "true", "marked invalid");
});

await check("7096万 and 4731万円 are read in 万", async () => {
  let shown = await cellAfter(CELL, "7096万");
  assert(shown === "70,960,000", `7096万: the cell shows ${shown}`);
  assert((await hintOf(CELL)) === "7,096万円", `hint ${await hintOf(CELL)}`);
  shown = await cellAfter(CELL, "4731万円");
  assert(shown === "47,310,000", `4731万円: the cell shows ${shown}`);
});

await check("2億 is read in 億, and +50% and ×1.5 change the amount there", async () => {
  let shown = await cellAfter(CELL, "2億");
  assert(shown === "200,000,000", `2億: the cell shows ${shown}`);
  assert((await hintOf(CELL)) === "2億円", `hint ${await hintOf(CELL)}`);
  shown = await cellAfter(CELL, "+50%");
  assert(shown === "300,000,000", `+50%: the cell shows ${shown}`);
  assert((await hintOf(CELL)) === "3億円", `hint ${await hintOf(CELL)}`);
  shown = await cellAfter(CELL, "×1.5");
  assert(shown === "450,000,000", `×1.5: the cell shows ${shown}`);
  assert((await hintOf(CELL)) === "4億5,000万円", `hint ${await hintOf(CELL)}`);
});

await check("the change reaches the scenario: the year's total follows the cell", async () => {
  const totalRow = page.locator(`${T("budget-table")} tr.total td`).first();
  const before = (await totalRow.innerText()).trim();
  const old = await yenIn(CELL);
  await cellAfter(CELL, "+1億");
  assert((await yenIn(CELL)) === old + 1e8, `+1億: ${await yenIn(CELL)}`);
  const after = (await totalRow.innerText()).trim();
  assert(after !== before && after.endsWith("億円"), `the total went from ${before} to ${after}`);
});

await check("-5 stays in the cell, marked invalid, with a message saying amounts are 0 or more", async () => {
  await assertRefused(CELL, "-5", ["0以上", "令和7年度"]);
});

await check("abc stays in the cell, marked invalid, with a message listing the accepted forms", async () => {
  await assertRefused(CELL, "abc", ["金額として読めません", "7096万", "×1.5"]);
});

await check("a valid amount clears the message", async () => {
  const shown = await cellAfter(CELL, "5000万");
  assert(shown === "50,000,000", `the cell shows ${shown}`);
  assert((await page.locator(T(CELL)).getAttribute("aria-invalid")) !== "true", "still marked invalid");
  assert((await page.locator(".cell-error").count()) === 0, "a message is still shown");
});

await check("the fiscal years of the budget table are one line tall", async () => {
  const heights = await page.locator(`${T("budget-table")} th`).evaluateAll((ths) =>
    ths.filter((th) => /^令和\d+年度$/.test(th.innerText.trim())).map((th) => {
      const range = document.createRange();
      range.selectNodeContents(th);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      return { text: th.innerText.trim(), lines: lines.size };
    }),
  );
  assert(heights.length >= 5, `found ${heights.length} fiscal year headers`);
  for (const h of heights) assert(h.lines === 1, `${h.text} takes ${h.lines} lines`);
});

await check("at 1366 px all seven lines of a year and the total are visible in the editor column", async () => {
  const wrap = await page.locator(`${T("budget-table")}`).evaluate((t) => {
    const w = t.closest(".table-wrap") ?? t.parentElement;
    const r = w.getBoundingClientRect();
    return { left: r.left, right: r.right };
  });
  const keys = ["staff", "training", "supervision", "awareness", "bases", "grants", "online"];
  for (const k of keys) {
    const r = await page.locator(T(`budget-2025-${k}`)).evaluate((el) => el.getBoundingClientRect().toJSON());
    assert(r.left >= wrap.left - 1 && r.right <= wrap.right + 1, `${k} lies outside the table's column (${r.left}–${r.right} of ${wrap.left}–${wrap.right})`);
  }
  const total = await page.locator(`${T("budget-table")} tr.total td`).last().evaluate((el) => el.getBoundingClientRect().toJSON());
  assert(total.right <= wrap.right + 1, `the last total lies outside (${total.right} > ${wrap.right})`);
});

await check("the total of a total-and-shares budget accepts 2億 and shows it in 億円", async () => {
  await page.locator(T("budget-mode")).selectOption("total");
  await page.locator(T("budget-total")).waitFor({ timeout: 5_000 });
  const shown = await cellAfter("budget-total", "2億");
  assert(shown === "200,000,000", `the total shows ${shown}`);
  assert((await hintOf("budget-total")) === "2億円", `hint ${await hintOf("budget-total")}`);
  await assertRefused("budget-total", "2億円くらい", ["年度あたり総額"]);
  await cellAfter("budget-total", "1億2000万");
  assert((await yenIn("budget-total")) === 120_000_000, `1億2000万: ${await yenIn("budget-total")}`);
});

await check("shares move in 0.1 % steps and can be typed exactly", async () => {
  const step = await page.locator("#share-training").getAttribute("step");
  assert(step === "0.1", `the slider's step is ${step}`);
  await setField(page, "share-exact-training", "12.3");
  await page.waitForTimeout(100);
  const slider = await page.locator("#share-training").inputValue();
  assert(Number(slider) === 12.3, `the slider is at ${slider}`);
  await page.locator(T("budget-mode")).selectOption("lines");
  await page.locator(T(CELL)).waitFor({ timeout: 5_000 });
});

// The page's width and the window's, with the budget panel (its per-ward
// table open) as the only content of the page: the other panels have wide
// tables of their own, which are not what is checked here.
async function widthWithBudgetAlone(width) {
  await page.setViewportSize({ width, height: 900 });
  await page.locator("details.ward-overrides > summary").click();
  await page.waitForTimeout(200);
  const size = await page.evaluate(() => {
    const hidden = [];
    for (let el = document.querySelector('section[aria-labelledby="h-budget"]'); el && el !== document.body; el = el.parentElement) {
      for (const sib of el.parentElement.children) {
        if (sib !== el && sib.style.display !== "none") {
          hidden.push(sib);
          sib.style.display = "none";
        }
      }
    }
    const out = { scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth };
    for (const el of hidden) el.style.display = "";
    return out;
  });
  await page.locator("details.ward-overrides > summary").click();
  return size;
}

for (const width of [390, 1366]) {
  await check(`the budget tables scroll in their own box, not the page, at ${width} px`, async () => {
    const { scroll, inner } = await widthWithBudgetAlone(width);
    assert(scroll <= inner, `with the budget panel alone the page is ${scroll} px wide in a ${inner} px window`);
  });
}

await check("no horizontal page scrolling at 1366 px", async () => {
  await page.setViewportSize({ width: 1366, height: 900 });
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth,
  }));
  assert(scroll <= inner, `the page is ${scroll} px wide in a ${inner} px window`);
});

await check("no errors in the console", async () => {
  assert(pageErrors.length === 0, pageErrors.join("\n"));
});

await finish(browser);
