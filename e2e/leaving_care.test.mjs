// A leaving care personal adviser finds the care leavers whose contact is due in My work, records
// a visit and money paid from the setting-up-home allowance (a payment beyond what is left is
// refused and named), and the council's offer to care leavers is public (issue 13 item 4). axe
// checks each page.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { action, choose, load, signInAs, startServerAndBrowser, openPage } from "./helpers.mjs";

const running = startServerAndBrowser();

async function fillDate(page, legend, d) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day", { exact: true }).fill(String(d.getDate()));
  await group.getByLabel("Month", { exact: true }).fill(String(d.getMonth() + 1));
  await group.getByLabel("Year", { exact: true }).fill(String(d.getFullYear()));
}

test("a personal adviser sees contacts due, visits a care leaver and pays the setting-up-home allowance", { timeout: 180_000 }, async () => {
  const { context, page } = await openPage(running, 15_000);
  try {
    await signInAs(page, "adviser");
    await page.goto("/work");
    await expectAccessible(page, "the adviser's work");
    const work = await page.locator("main").innerText();
    assert.match(work, /Personal adviser contact \(care leaver\)/);
    assert.match(work, /Pathway plan review \(care leaver\)/);
    // The first care leaver in the tray.
    const link = page.locator("main a[href^='/people/']").first();
    await load(page, link);
    const childPath = new URL(page.url()).pathname;
    const section = await page.locator("#care").innerText();
    assert.match(section, /Leaving care/);
    assert.match(section, /Former relevant/);
    await expectAccessible(page, "a care leaver's page");

    // A visit today: the next contact is due in 8 weeks.
    const today = new Date();
    await action(page, childPath, "Record a personal adviser contact");
    await expectAccessible(page, "the contact form");
    await fillDate(page, "When?", today);
    await choose(page, "How were you in touch?", "Visit in person");
    await page.getByLabel("What was said and agreed (optional)").fill("Talked about the flat and the college course");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    assert.equal(new URL(page.url()).pathname, childPath);
    assert.match(await page.locator("#care").innerText(), /Talked about the flat and the college course/);

    // More than the allowance: refused, and named on the page.
    await action(page, childPath, "Record money paid (setting-up-home allowance, bursary)");
    await expectAccessible(page, "the payment form");
    await choose(page, "Paid from", "Setting-up-home allowance");
    await page.getByLabel("Amount in pounds").fill("5000");
    await page.getByLabel("What it paid for").fill("Sofa and curtains");
    await fillDate(page, "Paid on", today);
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    assert.match(await page.locator(".govuk-error-summary").innerText(), /is left/);
    await expectAccessible(page, "the payment form with its error");
    await page.getByLabel("Amount in pounds").fill("120.00");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    assert.equal(new URL(page.url()).pathname, childPath);
    assert.match(await page.locator("#care").innerText(), /Sofa and curtains/);

    // The offer to care leavers, without signing in.
    await context.clearCookies();
    await page.goto("/care-leaver-offer/990");
    assert.match(await page.locator("h1").innerText(), /Local offer for care leavers/);
    await expectAccessible(page, "the care leaver local offer");
  } finally {
    await context.close();
  }
});
