// Sufficiency and placement agreements (issue 16 item 6; RCC-2, RCC-SHARE-2, PA-1..PA-3): a
// social worker changes the weekly cost in a child's placement agreement on the child's page,
// the placements commissioner sees the council's weekly cost move on the sufficiency page, and a
// practitioner raises a professional disagreement that is moved up a stage and resolved
// (MASA-SYS-7). axe checks each page.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { apiToken, choose, load, selectByText, signInAs, startServerAndBrowser, openPage } from "./helpers.mjs";

const running = startServerAndBrowser();

/** The value in the sufficiency page's table row whose heading is `label`. */
async function row(page, label) {
  const cell = page.locator("tr", { has: page.getByRole("rowheader", { name: label, exact: true }) }).locator("td");
  return (await cell.innerText()).trim();
}

const pounds = (text) => Number(text.replace(/[£,]/g, ""));

async function fillDate(page, legend, d) {
  const group = page.getByRole("group", { name: legend });
  await group.getByLabel("Day", { exact: true }).fill(String(d.getDate()));
  await group.getByLabel("Month", { exact: true }).fill(String(d.getMonth() + 1));
  await group.getByLabel("Year", { exact: true }).fill(String(d.getFullYear()));
}

test("a placement's agreed weekly cost reaches the sufficiency page", { timeout: 180_000 }, async () => {
  const { context, page } = await openPage(running, 15_000);
  try {
    await signInAs(page, "commissioner");
    await load(page, page.getByRole("link", { name: "Sufficiency", exact: true }).first());
    await expectAccessible(page, "the sufficiency page");
    const before = pounds(await row(page, "Weekly cost of the placements with an agreed cost"));
    assert.ok(before > 0, "the demo's placements have agreed costs");

    // A child in care the social worker is searching a home for.
    await signInAs(page, "socialworker");
    const token = await apiToken(page, "socialworker");
    const searches = await (await page.request.get("/api/v1/home-searches?status=open", { headers: { authorization: `Bearer ${token}` } })).json();
    const child = searches.searches[0].child_id;
    await page.goto(`/people/${child}`);
    assert.match(await page.locator("#care").innerText(), /Placement agreement/);
    await load(page, page.getByRole("link", { name: "Change the placement agreement", exact: true }));
    await expectAccessible(page, "the placement agreement");
    const weekly = page.getByLabel("Weekly cost, in pounds", { exact: true });
    const social = page.getByLabel("Paid by social care, in pounds", { exact: true });
    const was = pounds(await weekly.inputValue());
    // The parts must come to the whole: a rise given only in the whole is refused and named.
    await weekly.fill((was + 25).toFixed(2));
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    assert.match(await page.locator(".govuk-error-summary").innerText(), /come to £[0-9,.]+, but the weekly cost is £[0-9,.]+/);
    await expectAccessible(page, "the agreement with an error");
    await social.fill((pounds(await social.inputValue()) + 25).toFixed(2));
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    assert.match(await page.locator("#care").innerText(), new RegExp(`£${(was + 25).toLocaleString("en-GB", { minimumFractionDigits: 2 })} a week`));

    await signInAs(page, "commissioner");
    await page.goto("/sufficiency");
    assert.equal(pounds(await row(page, "Weekly cost of the placements with an agreed cost")), before + 25);
  } finally {
    await context.close();
  }
});

test("a disagreement is raised, moved up a stage and resolved on the child's page", { timeout: 180_000 }, async () => {
  const { context, page } = await openPage(running, 15_000);
  try {
    await signInAs(page, "practitioner");
    await page.goto("/work");
    const childPath = await page.locator("main a[href^='/people/']").first().getAttribute("href");
    await page.goto(childPath);
    await load(page, page.getByRole("link", { name: "Raise a disagreement about a decision", exact: true }));
    await expectAccessible(page, "raise a disagreement");
    await selectByText(page, "What was the decision about?", "Stepping down");
    await page.getByLabel("What was decided, and why do you disagree?").fill("The case is to close, but the school still sees bruises each week.");
    await selectByText(page, "Which agency made the decision?", "Children's social care");
    await fillDate(page, "When did you raise it with them?", new Date());
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    const table = page.getByRole("region", { name: "Professional disagreements" });
    assert.match(await table.innerText(), /school still sees bruises/);

    await load(page, table.getByRole("link", { name: /^Move up a stage/ }).first());
    await expectAccessible(page, "move a disagreement up");
    await fillDate(page, "When did it move up?", new Date());
    await page.getByLabel("Why does it need to go further?").fill("The team manager kept the decision; we still disagree.");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));

    await load(page, page.getByRole("region", { name: "Professional disagreements" }).getByRole("link", { name: /^Record how it was resolved/ }).first());
    await expectAccessible(page, "resolve a disagreement");
    await fillDate(page, "When was it resolved?", new Date());
    await choose(page, "How was it resolved?", "Agreed a way forward together");
    await page.getByLabel("What was agreed or decided, and what happens next?").fill("The case stays open for a month with weekly visits.");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    const after = await page.getByRole("region", { name: "Professional disagreements" }).innerText();
    assert.match(after, /Resolved/);
    assert.match(after, /weekly visits/);
    await expectAccessible(page, "the child's page with a resolved disagreement");
  } finally {
    await context.close();
  }
});
