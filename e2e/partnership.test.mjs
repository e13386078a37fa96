// The safeguarding partnership's business manager records a serious incident, notifies the Panel,
// asks the police, health and a school for their summaries, is refused the review's sign-off
// while one is outstanding, records them and completes the rapid review with a decision to hold a
// local review (MASA-RR-2..8); the independent scrutineer reads it but cannot change it or open
// the child's record; a police partner sees none of it (issue 15). axe checks each page.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { choose, load, signInAs, startServerAndBrowser, openPage } from "./helpers.mjs";

const running = startServerAndBrowser();

async function fillDate(page, name, d) {
  await page.locator(`#${name}`).fill(String(d.getDate()));
  await page.locator(`#${name}-month`).fill(String(d.getMonth() + 1));
  await page.locator(`#${name}-year`).fill(String(d.getFullYear()));
}

async function save(page) {
  await load(page, page.getByRole("button", { name: "Save", exact: true }));
}

test("a serious incident is notified, reviewed with every agency's summary and sent to the Panel", { timeout: 240_000 }, async () => {
  const { context, page } = await openPage(running, 15_000);
  try {
    // The child's NHS number, as the notifying social worker gives it.
    await signInAs(page, "socialworker");
    await page.goto("/work");
    const childLink = page.locator("main a[href^='/people/']").first();
    const childPath = await childLink.getAttribute("href");
    await page.goto(childPath);
    const nhs = (await page.locator("main").innerText()).match(/\b\d{3} \d{3} \d{4}\b/)?.[0];
    assert.ok(nhs, "the child's page shows an NHS number");

    await signInAs(page, "partnership");
    await load(page, page.getByRole("link", { name: "Serious incidents and reviews", exact: true }).first());
    await expectAccessible(page, "serious incidents and reviews");
    assert.match(await page.locator("main").innerText(), /Summary from Northmoor Primary School/);

    // A new incident: the notification is due 5 working days after the council became aware.
    await load(page, page.getByRole("link", { name: "Record a serious incident", exact: true }));
    await expectAccessible(page, "record a serious incident");
    await page.getByLabel("The child's NHS number").fill(nhs);
    await choose(page, "What happened to the child?", "The child was seriously harmed");
    const today = new Date();
    await fillDate(page, "incident_on", today);
    await fillDate(page, "aware_on", today);
    await page.getByLabel("What happened, briefly").fill("Fractured arm in an infant; no account given.");
    await save(page);
    await expectAccessible(page, "a serious incident");
    const incidentPath = new URL(page.url()).pathname;
    assert.match(await page.locator("main").innerText(), /Notify the Panel, or record the decision not to/);

    // Notified today: the rapid review starts.
    await load(page, page.getByRole("link", { name: "Record the decision on notifying", exact: true }));
    await expectAccessible(page, "the decision on notifying");
    await choose(page, "Has the Panel been notified?", "Yes");
    await fillDate(page, "on", today);
    await page.getByLabel("Ofsted's reference (if notified)").fill("SIN-TEST-1");
    await save(page);
    assert.match(await page.locator("main").innerText(), /Rapid review/);

    for (const [kind, name] of [
      ["Police", "Northmoor Police"],
      ["Health", "Northmoor Integrated Care Board"],
      ["School or college", "Hillside Primary School"],
    ]) {
      await load(page, page.getByRole("link", { name: "Ask an agency for its summary", exact: true }));
      await page.getByLabel("Which kind of agency?").selectOption({ label: kind });
      await page.getByLabel("The agency's name").fill(name);
      await fillDate(page, "requested_on", today);
      await save(page);
    }
    await expectAccessible(page, "an incident under rapid review");

    // Refused while the school's summary (and the others) are outstanding.
    async function fillReview() {
      await fillDate(page, "completed_on", today);
      await fillDate(page, "sent_to_panel_on", today);
      await page.getByLabel("Immediate actions to keep children safe").fill("Sibling seen; safety plan agreed.");
      await page
        .getByLabel("How race, racism and other inequalities shaped the child's experience and the practice around them")
        .fill("The family's first language is Polish; the early help plan was written only in English.");
      await choose(page, "Will the partners hold a local child safeguarding practice review?", "Yes");
      await page.getByLabel("Why", { exact: true }).fill("Learning about information shared between the hospital and the school.");
    }
    await load(page, page.getByRole("link", { name: "Record the completed review", exact: true }));
    await expectAccessible(page, "the completed review");
    await fillReview();
    await save(page);
    assert.match(await page.locator(".govuk-error-summary").innerText(), /Still waiting for the summary from Northmoor Police/);
    await expectAccessible(page, "the refusal");

    for (const name of ["Northmoor Police", "Northmoor Integrated Care Board", "Hillside Primary School"]) {
      await page.goto(incidentPath);
      await load(page, page.getByRole("link", { name: `Record as received from ${name}`, exact: true }));
      await fillDate(page, "received_on", today);
      await save(page);
    }
    await load(page, page.getByRole("link", { name: "Record the completed review", exact: true }));
    await fillReview();
    await save(page);
    const text = await page.locator("main").innerText();
    assert.match(text, /Local child safeguarding practice review/);
    assert.match(text, /Final report of the local practice review to the Panel/);
    await expectAccessible(page, "a completed rapid review");

    // The scrutineer reads it, cannot change it, and cannot open the child's record.
    await signInAs(page, "scrutineer");
    await page.goto(incidentPath);
    await expectAccessible(page, "an incident for the scrutineer");
    assert.equal(await page.getByRole("link", { name: "Record the independent reviewer", exact: true }).count(), 0);
    const refused = await page.goto(childPath);
    assert.equal(refused.status(), 403);

    // A police partner sees none of the partnership's records.
    await signInAs(page, "police");
    assert.equal((await page.goto("/partnership")).status(), 403);
  } finally {
    await context.close();
  }
});
