// The workforce officer adds a worker and their experience, is refused an agency assignment for
// too little experience (with why), and completes the sign-off of the demo's assignment over the
// region's cap; a team manager reads the workforce (issue 14). axe checks each page.
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { choose, load, signInAs, startServerAndBrowser, openPage } from "./helpers.mjs";

const running = startServerAndBrowser();

test("agency assignments are refused, held for sign-off and signed off under the agency rules", { timeout: 180_000 }, async () => {
  const { context, page } = await openPage(running, 15_000);
  try {
    const surname = "Wf" + Array.from({ length: 7 }, () => String.fromCharCode(97 + randomInt(26))).join("");
    await signInAs(page, "workforce");
    await load(page, page.getByRole("link", { name: "Workforce", exact: true }));
    await expectAccessible(page, "the workforce");
    assert.match(await page.locator("main").innerText(), /Waiting for sign-off/);

    // The region's price caps: in force today and dated; the form names every mistake at once.
    await load(page, page.getByRole("link", { name: /^Price caps/ }));
    await expectAccessible(page, "the price caps");
    assert.match(await page.locator("main").innerText(), /North West/);
    await load(page, page.getByRole("link", { name: "Add a price cap", exact: true }));
    await expectAccessible(page, "add a price cap");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    const summary = await page.locator(".govuk-error-summary").innerText();
    assert.match(summary, /Choose the role type/);
    assert.match(summary, /Enter the cap in pounds an hour/);
    await expectAccessible(page, "add a price cap, refused");
    await load(page, page.getByRole("link", { name: "Workforce", exact: true }));

    // A new worker with two years' council experience.
    await load(page, page.getByRole("link", { name: "Add a worker", exact: true }));
    await expectAccessible(page, "add a worker");
    await page.getByLabel("Full name").fill(`Nia ${surname}`);
    await page.getByLabel("Social Work England number (if registered)").fill("SW7712345");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    assert.match(await page.locator("h1").innerText(), new RegExp(surname));
    await expectAccessible(page, "a worker's page");
    await load(page, page.getByRole("link", { name: "Add a period of experience", exact: true }));
    await expectAccessible(page, "a period of experience");
    await page.getByLabel("Employer", { exact: true }).fill("Northmoor Council");
    await choose(page, "Who was the employer?", "A local authority (or children's trust)");
    await choose(page, "Where?", "England");
    await page.getByLabel("Region (for a council in England)").selectOption("North West");
    await choose(page, "Was it child and family social work?", "Yes");
    await choose(page, "How were they engaged?", "Directly employed");
    await choose(page, "Were they registered with a social work regulator throughout?", "Yes");
    const two = new Date(Date.now() - 2 * 365 * 24 * 3600 * 1000);
    await page.locator("#from").fill(String(two.getDate()));
    await page.locator("#from-month").fill(String(two.getMonth() + 1));
    await page.locator("#from-year").fill(String(two.getFullYear()));
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    assert.match(await page.locator("main").innerText(), /Northmoor Council/);

    // Refused an agency assignment: under 3 years' experience, and the form says so.
    await load(page, page.getByRole("link", { name: "Start an agency assignment", exact: true }));
    await expectAccessible(page, "start an agency assignment");
    await page.getByLabel("Agency", { exact: true }).fill("Northern Social Work Ltd");
    await page.getByLabel("Team or post covered").fill("Family help west");
    await page.getByLabel("Notice period in days").fill("28");
    const now = new Date();
    await page.locator("#start_date").fill(String(now.getDate()));
    await page.locator("#start_date-month").fill(String(now.getMonth() + 1));
    await page.locator("#start_date-year").fill(String(now.getFullYear()));
    await page.getByLabel("Hourly pay (£)").fill("28.00");
    await page.getByLabel("Practice-based references received").fill("2");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    assert.match(await page.locator(".govuk-error-summary").innerText(), /at least 3 years/);
    await expectAccessible(page, "the refusal");

    // The demo's assignment over the cap: the chief executive's sign-off makes it active.
    await page.goto("/workforce");
    await load(page, page.getByRole("link", { name: "Jo Whitfield", exact: true }).first());
    await load(page, page.getByRole("link", { name: "Record a sign-off of this assignment", exact: true }));
    await expectAccessible(page, "a sign-off");
    await choose(page, "Who signed it off?", "The chief executive");
    await page.getByLabel("Their name").fill("Sam Okoro");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    assert.match(await page.locator("main").innerText(), /Active/);

    // A team manager reads it; a social worker has no workforce link.
    await signInAs(page, "manager");
    await page.goto("/workforce");
    await expectAccessible(page, "the workforce for a team manager");
    await signInAs(page, "socialworker");
    assert.equal(await page.getByRole("link", { name: "Workforce", exact: true }).count(), 0);
  } finally {
    await context.close();
  }
});
