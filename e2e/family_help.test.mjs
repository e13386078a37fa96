// Family Help in the browser (issue 3): a contact becomes a referral and an assessment,
// R-FH-1 refuses a non-social-worker lead without an overseer, then a plan, a visit, a review
// and a closure, each showing on the child's timeline. axe checks the new pages.

import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { logTail } from "./server.mjs";
import { load, signInAs, choose, selectByText, action, startServerAndBrowser, openPage } from "./helpers.mjs";

const running = startServerAndBrowser();

test("a contact becomes a referral, an assessment, a plan with a visit and a review, then a closure", { timeout: 180_000 }, async () => {
  const { context, page } = await openPage(running, 15_000);
  try {
    // A social worker adds a child and records a contact about her.
    await signInAs(page, "socialworker");
    const family = "Fh" + Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join("");
    await page.goto("/people/new");
    await page.getByLabel("First name").fill("Rosie");
    await page.getByLabel("Last name").fill(family);
    const dob = page.getByRole("group", { name: "Date of birth" });
    await dob.getByLabel("Day", { exact: true }).fill("14");
    await dob.getByLabel("Month", { exact: true }).fill("2");
    await dob.getByLabel("Year", { exact: true }).fill("2017");
    await choose(page, "Sex", "Female");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    const childPath = new URL(page.url()).pathname;
    assert.match(childPath, /^\/people\/[0-9a-f-]{36}$/);

    await action(page, childPath, "Record a contact about this child");
    await choose(page, "How did the contact arrive?", "Phone");
    await page.getByLabel("Who made the contact?").selectOption("2A");
    await page.getByLabel("What are the concerns?").fill("Rosie often arrives at school hungry and tired.");
    await choose(page, "Consent to share information and refer", "Consent given");
    await load(page, page.getByRole("button", { name: "Save contact" }));
    assert.match(await page.locator("h1").innerText(), /Received/);
    await expectAccessible(page, "contact page");

    await choose(page, "Decision", "Referral for assessment");
    await page.getByLabel("Primary need (needed to open an episode)").selectOption("N1");
    await page.getByLabel("Reason", { exact: true }).fill("Needs a single assessment");
    await load(page, page.getByRole("button", { name: "Record decision" }));
    assert.match(await page.locator("body").innerText(), /Referral for assessment/);

    // The manager allocates: a family help practitioner alone is refused by R-FH-1.
    await page.context().clearCookies();
    await signInAs(page, "manager");
    await action(page, childPath, "Allocate the lead practitioner");
    await selectByText(page, "Lead practitioner", "Jess Whitworth");
    await load(page, page.getByRole("button", { name: "Allocate" }));
    const summary = page.locator(".govuk-error-summary");
    // R-FH-1, in plain words (rule ids stay out of the sentences practitioners read).
    assert.match(await summary.innerText(), /must have a social-work-qualified supervisor or manager named to oversee it/);
    assert.doesNotMatch(await summary.innerText(), /R-FH-1/);
    await expectAccessible(page, "allocation refused by R-FH-1");
    await selectByText(page, "Social work overseer (required for a child in need led by someone who is not a social worker)", "Tom Greenwood");
    await load(page, page.getByRole("button", { name: "Allocate" }));
    assert.equal(new URL(page.url()).pathname, childPath);

    // The social worker writes the assessment (issue 12): the page saves as she types, then she
    // submits it to the manager.
    await page.context().clearCookies();
    await signInAs(page, "socialworker");
    await page.goto(childPath);
    await load(page, page.getByRole("link", { name: /^Write the assessment/ }));
    await page.getByLabel("In the child's own words").fill("Rosie said she is hungry in the mornings and likes her teacher.");
    await page.locator("#draft-status").filter({ hasText: /Draft saved at/ }).waitFor();
    await page.getByLabel("How the child's views were gathered").fill("Seen alone at school.");
    await page.getByLabel("Strengths").fill("Mum asked for help.");
    await page.getByLabel("Needs", { exact: true }).fill("Breakfast and a routine.");
    await page.getByLabel("Risks and what they mean for the child").fill("Neglect of basic care if nothing changes.");
    await page.getByLabel("Recommendation", { exact: true }).fill("A family help plan.");
    await expectAccessible(page, "written assessment");
    await load(page, page.getByRole("button", { name: "Submit to a manager" }));
    assert.match(await page.locator("body").innerText(), /gone to a manager/);

    await page.context().clearCookies();
    await signInAs(page, "manager");
    await action(page, childPath, "Complete and authorise the assessment");
    await choose(page, "Was the child seen?", "Yes");
    await choose(page, "Was the child seen alone?", "Yes");
    await choose(page, "Outcome", "Child in need: family help plan");
    await page.getByLabel("Neglect", { exact: true }).check();
    await load(page, page.getByRole("button", { name: "Authorise assessment" }));
    assert.equal(new URL(page.url()).pathname, childPath);

    // The strategy discussion form (issue 4) is reachable from the child's record and accessible.
    await action(page, childPath, "Record a strategy discussion");
    assert.match(await page.locator("h1").innerText(), /strategy discussion/i);
    await expectAccessible(page, "strategy discussion form");

    // The lead practitioner plans, visits, reviews and closes.
    await page.context().clearCookies();
    await signInAs(page, "practitioner");
    await page.goto("/work");
    assert.match(await page.locator("main").innerText(), new RegExp(`Rosie ${family}`));
    await expectAccessible(page, "my work");
    await action(page, childPath, "Start a plan");
    await page.getByLabel("The first outcome the plan aims for").fill("Rosie arrives at school fed and rested");
    await load(page, page.getByRole("button", { name: "Start plan" }));
    await action(page, childPath, "Record a visit");
    await choose(page, "Was the child seen?", "Yes");
    await choose(page, "Was the child seen alone?", "Yes");
    await choose(page, "Was the child's bedroom seen?", "Yes");
    await load(page, page.getByRole("button", { name: "Save visit" }));
    await action(page, childPath, "Record a plan review");
    await page.getByLabel("Summary").fill("Breakfast club started; attendance better");
    await load(page, page.getByRole("button", { name: "Save review" }));
    await action(page, childPath, "Close the episode");
    await choose(page, "Reason for closure", "Services ceased for any other reason, including no longer in need");
    await load(page, page.getByRole("button", { name: "Close episode" }));

    const timeline = await page.locator("#chronology .app-table-scroll > table").innerText();
    for (const step of ["Contact received", "Referral", "Lead practitioner: Jess Whitworth", "Assessment completed", "Plan started", "Visit by Jess Whitworth", "Plan reviewed", "Episode closed"]) {
      assert.ok(timeline.includes(step), `the timeline should show "${step}":\n${timeline}`);
    }
    await expectAccessible(page, "child's record with family help");
  } catch (error) {
    console.error(logTail(running.server.logPath));
    throw error;
  } finally {
    await context.close();
  }
});
