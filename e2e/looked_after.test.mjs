// A social worker records a child coming into care and an interim care order, the independent
// reviewing officer the first review, and the social worker the child leaving care, on the
// child's page without help (issue 13 items 1 and 2): each change is a new episode with the
// SSDA903's reason, and the review clock moves on. axe checks each page.
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { after, before, test } from "node:test";
import { expectAccessible, launchBrowser } from "./browser.mjs";
import { choose, load, signInAs } from "./helpers.mjs";
import { logTail, startServer } from "./server.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function fillDate(page, legend, day, month, year) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day", { exact: true }).fill(String(day));
  await group.getByLabel("Month", { exact: true }).fill(String(month));
  await group.getByLabel("Year", { exact: true }).fill(String(year));
}

test("a child comes into care, moves, and leaves care, each change an episode", { timeout: 180_000 }, async () => {
  const context = await browser.newContext({ baseURL: server.baseUrl });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  try {
    const family = "Lac" + Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join("");
    await signInAs(page, "socialworker");
    await page.goto("/people/new");
    await page.getByLabel("First name").fill("Nia");
    await page.getByLabel("Last name").fill(family);
    await fillDate(page, "Date of birth", 4, 4, 2013);
    await choose(page, "Sex", "Female");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    const childPath = new URL(page.url()).pathname;
    assert.match(await page.locator("#care").innerText(), /Not looked after/);

    const today = new Date();
    const daysAgo = (n) => new Date(today.getTime() - n * 86_400_000);
    const d1 = daysAgo(20);
    await load(page, page.getByRole("link", { name: "The child becomes looked after", exact: true }));
    await expectAccessible(page, "the child becomes looked after");
    await fillDate(page, "When did the child become looked after?", d1.getDate(), d1.getMonth() + 1, d1.getFullYear());
    await choose(page, "Why is the child looked after?", "Abuse or neglect");
    await page.getByLabel("Legal status", { exact: true }).selectOption("V2");
    await page.getByLabel("Kind of placement", { exact: true }).selectOption("U6");
    await page.getByLabel("Who provides the placement", { exact: true }).selectOption("PR1");
    await page.getByLabel("Postcode of the placement", { exact: true }).fill("nm1 4ab");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    assert.equal(new URL(page.url()).pathname, childPath);
    let care = await page.locator("#care").innerText();
    assert.match(care, /Single period of accommodation under section 20/);
    assert.match(care, /First looked-after review/);
    assert.match(care, /NM1 4AB/);
    await expectAccessible(page, "the child's page with care");

    // The interim care order: a change of legal status only.
    const d2 = daysAgo(10);
    await load(page, page.getByRole("link", { name: "Change the legal status or placement", exact: true }));
    await fillDate(page, "From when?", d2.getDate(), d2.getMonth() + 1, d2.getFullYear());
    await page.getByLabel("Legal status", { exact: true }).selectOption("C1");
    await expectAccessible(page, "change of legal status or placement");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    care = await page.locator("#care").innerText();
    assert.match(care, /Interim care order/);
    assert.match(care, /L: Change of legal status only/);

    // The independent reviewing officer records the first review, which she chaired.
    await signInAs(page, "iro");
    await page.goto(childPath);
    await load(page, page.getByRole("link", { name: "Record a looked-after review", exact: true }));
    await page.getByLabel("Independent reviewing officer who chaired it", { exact: true }).selectOption({ label: "Grace Okafor" });
    await choose(page, "How did the child take part?", "Attended and spoke for themselves");
    await expectAccessible(page, "record a looked-after review");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    care = await page.locator("#care").innerText();
    assert.match(care, /Second looked-after review/);
    assert.match(care, /chaired by Grace Okafor/);

    // Leaving care, returned home as planned.
    await signInAs(page, "socialworker");
    await page.goto(childPath);
    await load(page, page.getByRole("link", { name: "The child leaves care", exact: true }));
    await page.getByLabel("How did they leave care?", { exact: true }).selectOption("E4A");
    await expectAccessible(page, "the child leaves care");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    care = await page.locator("#care").innerText();
    assert.match(care, /Not looked after now/);
    assert.match(care, /E4A: Returned home as part of the care plan/);
  } catch (e) {
    console.error(logTail(server.logPath));
    throw e;
  } finally {
    await context.close();
  }
});
