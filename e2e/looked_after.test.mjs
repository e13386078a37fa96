// A social worker records a child coming into care and an interim care order, the independent
// reviewing officer the first review, and the social worker the child leaving care, on the
// child's page without help (issue 13 items 1 and 2): each change is a new episode with the
// SSDA903's reason, and the review clock moves on. axe checks each page.
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { action, choose, load, selectByText, signInAs, startServerAndBrowser, openPage } from "./helpers.mjs";
import { logTail } from "./server.mjs";

const running = startServerAndBrowser();

async function fillDate(page, legend, day, month, year) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day", { exact: true }).fill(String(day));
  await group.getByLabel("Month", { exact: true }).fill(String(month));
  await group.getByLabel("Year", { exact: true }).fill(String(year));
}

test("a child comes into care, moves, and leaves care, each change an episode", { timeout: 180_000 }, async () => {
  const { context, page } = await openPage(running, 15_000);
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

    // A deprivation of liberty order cannot be recorded while the child is in foster care: the
    // form says why and keeps what was typed.
    await load(page, page.getByRole("link", { name: "Record a deprivation of liberty order", exact: true }));
    await expectAccessible(page, "a deprivation of liberty order");
    const dOrder = daysAgo(5);
    await fillDate(page, "When did the order start?", dOrder.getDate(), dOrder.getMonth() + 1, dOrder.getFullYear());
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    assert.match(await page.locator(".govuk-error-summary").innerText(), /children's home or a placement under the order/);
    await expectAccessible(page, "a refused deprivation of liberty order");
    await page.goto(childPath);

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
    console.error(logTail(running.server.logPath));
    throw e;
  } finally {
    await context.close();
  }
});

test("a child in care is visited, goes missing and comes back, moves, and is counted in the 903 return", { timeout: 240_000 }, async () => {
  const { context, page } = await openPage(running, 15_000);
  try {
    const family = "Clk" + Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join("");
    await signInAs(page, "socialworker");
    await page.goto("/people/new");
    await page.getByLabel("First name").fill("Tia");
    await page.getByLabel("Last name").fill(family);
    await fillDate(page, "Date of birth", 9, 9, 2014);
    await choose(page, "Sex", "Female");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    const childPath = new URL(page.url()).pathname;
    const today = new Date();
    const daysAgo = (n) => new Date(today.getTime() - n * 86_400_000);
    const fill = async (legend, d) => fillDate(page, legend, d.getDate(), d.getMonth() + 1, d.getFullYear());

    await action(page, childPath, "The child becomes looked after");
    await fill("When did the child become looked after?", daysAgo(30));
    await choose(page, "Why is the child looked after?", "Abuse or neglect");
    await page.getByLabel("Legal status", { exact: true }).selectOption("C1");
    await page.getByLabel("Kind of placement", { exact: true }).selectOption("U6");
    await page.getByLabel("Who provides the placement", { exact: true }).selectOption("PR1");
    await page.getByLabel("Postcode of the placement", { exact: true }).fill("nm2 4ab");
    await choose(page, "Before coming into care, was the child adopted or under a special guardianship or child arrangements order?", "No: the child had no adoption, special guardianship or child arrangements order");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    let care = await page.locator("#care").innerText();
    // Thirty days in and no visit yet: the first visit (within a week) is overdue.
    assert.match(care, /Statutory visit\s*Due by[^\n]*\n?[^\n]*Overdue/);

    await action(page, childPath, "Record a visit, health assessment or education plan");
    await expectAccessible(page, "record a visit");
    await choose(page, "What took place?", "Statutory visit");
    await fill("When?", daysAgo(2));
    await choose(page, "For a visit: was the child seen?", "Yes, and seen alone");
    await page.getByLabel("What happened", { exact: true }).fill("Settled; showed me her room");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    care = await page.locator("#care").innerText();
    assert.match(care, /Statutory visit, child seen alone/);

    await action(page, childPath, "The child is missing or away");
    await expectAccessible(page, "the child is missing");
    await choose(page, "Missing or away?", "Missing");
    await fill("When did they go, or when were they last seen?", daysAgo(1));
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    assert.match(await page.locator("#care").innerText(), /Missing since/);
    await action(page, childPath, "The child has come back");
    await expectAccessible(page, "the child has come back");
    await choose(page, "Return home interview", "Offered and accepted");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    care = await page.locator("#care").innerText();
    assert.match(care, /return home interview offered and accepted/);

    await action(page, childPath, "Change the legal status or placement");
    await fill("From when?", today);
    await page.getByLabel("Kind of placement", { exact: true }).selectOption("U4");
    await page.getByLabel("Postcode of the placement", { exact: true }).fill("nm3 8qd");
    await selectByText(page, "If the child moved: why did the placement end?", "Planned move");
    await page.getByLabel("If the child moved: who decided the move?", { exact: true }).fill("Looked-after review");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    care = await page.locator("#care").innerText();
    assert.match(care, /Why the placement ended: planned move under the care plan/);
    assert.match(care, /Placement moves in the last 12 months\s*1/);

    // The reviewing officer's list of children in care.
    await signInAs(page, "iro");
    await load(page, page.getByRole("link", { name: "In care", exact: true }));
    await expectAccessible(page, "children in care");
    assert.match(await page.locator("main").innerText(), new RegExp(`Tia ${family}`));

    // The analyst builds and checks the 903 return.
    await signInAs(page, "analyst");
    await page.goto("/returns/ssda903");
    await expectAccessible(page, "the SSDA903 return");
    const text = await page.locator("main").innerText();
    assert.match(text, /children looked after at some time in the year/);
    assert.match(text, /Checked against the rules for/);
  } catch (e) {
    console.error(logTail(running.server.logPath));
    throw e;
  } finally {
    await context.close();
  }
});
