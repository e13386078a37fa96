// Child protection in the browser (issue 4): strategy discussion → s.47 led by an LCPP →
// initial conference (the LCPP who led the enquiry is refused as chair, R-CH-1) → plan → the
// multi-agency team works the case and the police partner adds to the chronology (and is
// refused any other child) → conference report lists the uncorroborated parental account →
// review conference ends the plan and family help carries on with the same lead. axe checks
// every new page on the way.

import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { logTail } from "./server.mjs";
import { load, signInAs, choose, selectByText, action, startServerAndBrowser, openPage } from "./helpers.mjs";

const running = startServerAndBrowser();

async function newChild(page, given, family, year) {
  await page.goto("/people/new");
  await page.getByLabel("First name").fill(given);
  await page.getByLabel("Last name").fill(family);
  const dob = page.getByRole("group", { name: "Date of birth" });
  await dob.getByLabel("Day", { exact: true }).fill("3");
  await dob.getByLabel("Month", { exact: true }).fill("5");
  await dob.getByLabel("Year", { exact: true }).fill(year);
  await choose(page, "Sex", "Female");
  await load(page, page.getByRole("button", { name: "Save", exact: true }));
  return new URL(page.url()).pathname;
}

async function conference(page, childPath, { kind, chair, decision, initial }) {
  await action(page, childPath, "Record a conference");
  await choose(page, "Kind of conference", kind);
  if (initial) {
    await selectByText(page, "The section 47 enquiry it follows", "Enquiry from");
  }
  await selectByText(page, "Chair", chair);
  await page.getByLabel("Local authority (name)").fill("Ravi Mistry");
  await page.getByLabel("Police (name)").fill("DC Sam Crowther");
  await page.getByLabel("Health (name)").fill("Nadia Qureshi");
  await choose(page, "How did the parents take part?", "Attended and contributed");
  await choose(page, "How did the child take part?", "Not appropriate (for example, the child's age)");
  await choose(page, "Decision", decision);
  if (initial) {
    await choose(page, "Category of abuse", "Neglect");
    await page.getByLabel("Contingency plan").fill("If the home conditions fall again, a strategy discussion the same day");
  }
  await load(page, page.getByRole("button", { name: "Save conference" }));
}

test("strategy discussion to plan to step-down, with the police partner on the team", { timeout: 240_000 }, async () => {
  const { context, page } = await openPage(running, 15_000);
  try {
    const family = "Cp" + Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join("");
    await signInAs(page, "socialworker");
    const childPath = await newChild(page, "Ivy", family, "2023");
    const otherPath = await newChild(page, "Una", family, "2019");

    await action(page, childPath, "Record a contact about this child");
    await choose(page, "How did the contact arrive?", "Phone");
    await page.getByLabel("Who made the contact?").selectOption("2A");
    await page.getByLabel("What are the concerns?").fill("Ivy has bruising on her arms; her nursery is worried.");
    await choose(page, "Consent to share information and refer", "Consent given");
    await load(page, page.getByRole("button", { name: "Save contact" }));
    await choose(page, "Decision", "Strategy discussion");
    await page.getByLabel("Primary need (needed to open an episode)").selectOption("N1");
    await page.getByLabel("Reason", { exact: true }).fill("Reasonable cause to suspect significant harm");
    await load(page, page.getByRole("button", { name: "Record decision" }));

    await signInAs(page, "manager");
    await action(page, childPath, "Allocate the lead practitioner");
    await selectByText(page, "Lead practitioner", "Jess Whitworth");
    await selectByText(page, "Social work overseer (required for a child in need led by someone who is not a social worker)", "Tom Greenwood");
    await load(page, page.getByRole("button", { name: "Allocate" }));

    await signInAs(page, "socialworker");
    await action(page, childPath, "Record a strategy discussion");
    await page.getByLabel("Local authority social worker (name)").fill("Ravi Mistry");
    await page.getByLabel("Police (name)").fill("DC Sam Crowther");
    await page.getByLabel("Health (name)").fill("Nadia Qureshi");
    await choose(page, "Decision", "Start a section 47 enquiry");
    await selectByText(page, "Who will lead the enquiry?", "Claire Haworth");
    await page.getByLabel("The plan").fill("Joint visit today; child protection medical tomorrow");
    await page.getByLabel("Other children considered").fill("Sister Una, aged 7: seen at school");
    await load(page, page.getByRole("button", { name: "Save strategy discussion" }));
    assert.equal(new URL(page.url()).pathname, childPath);

    await signInAs(page, "lcpp");
    await action(page, childPath, "Conclude the enquiry");
    await choose(page, "Outcome", "Substantiated, continuing risk of significant harm");
    await choose(page, "Is an initial child protection conference needed?", "Yes");
    await load(page, page.getByRole("button", { name: "Save outcome" }));
    // The LCPP asks the multi-agency team to work the case and records the mother's account.
    await action(page, childPath, "Ask a multi-agency team to work this case");
    await expectAccessible(page, "team case form");
    await choose(page, "Which multi-agency child protection team?", "Multi-agency child protection team");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    await action(page, childPath, "Write a case note");
    await choose(page, "What kind of note is this?", "Home visit");
    await choose(page, "Where do the facts come from? (needed for an agency's entry)", "A parent's or carer's own account");
    await page.getByLabel("What happened: what you saw, heard and did").fill("Mother says Ivy's father has moved out and no longer visits");
    await expectAccessible(page, "case note form");
    await load(page, page.getByRole("button", { name: "Save note", exact: true }));

    // The chair records the initial conference; the LCPP who led the enquiry cannot chair.
    await signInAs(page, "chair");
    await conference(page, childPath, { kind: "Initial child protection conference", chair: "Claire Haworth", decision: "A child protection plan is needed", initial: true });
    // R-CH-1, in plain words.
    assert.match(await page.locator(".govuk-error-summary").innerText(), /independent-chair model the chair must have no operational/);
    await expectAccessible(page, "conference refused by R-CH-1");
    await conference(page, childPath, { kind: "Initial child protection conference", chair: "Abena Mensah", decision: "A child protection plan is needed", initial: true });
    assert.equal(new URL(page.url()).pathname, childPath);
    const section = await page.locator("#child-protection").innerText();
    assert.match(section, /Child protection plan from/);
    assert.match(section, /Claire Haworth \(LCPP\), co-working with Jess Whitworth/);
    await expectAccessible(page, "child's record with a child protection plan");

    // The chair sends the mother what the conference decided: a letter kept with the documents.
    await load(page, page.getByRole("link", { name: /Send a parent what this conference decided/ }));
    await expectAccessible(page, "conference outcome letter form");
    await load(page, page.getByRole("button", { name: "Make the letter", exact: true }));
    assert.match(await page.locator(".govuk-error-summary").innerText(), /Enter the name of the person the letter is to/);
    await page.getByLabel("Who is it to?").fill(`Mary ${family}`);
    const [letter] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Make the letter", exact: true }).click()]);
    assert.match(letter.suggestedFilename(), /^conference-outcome-ivy-/);

    // The LCPP and the family help lead write the plan together, each saving as they type.
    await signInAs(page, "lcpp");
    await page.goto(childPath);
    await load(page, page.getByRole("link", { name: /Write the plan/ }));
    await page.getByLabel("What we are worried about").fill("Ivy has had bruises on her arms that nobody has explained.");
    await page.locator("#draft-status").filter({ hasText: /Saved at/ }).waitFor();
    await expectAccessible(page, "the plan's shared record");
    const planPath = new URL(page.url()).pathname;
    await signInAs(page, "practitioner");
    await page.goto(planPath);
    assert.equal(await page.getByLabel("What we are worried about").inputValue(), "Ivy has had bruises on her arms that nobody has explained.");
    await page.getByLabel("What the family says").fill("Mum: I want to know why it happened too.");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    assert.match(await page.locator(".govuk-notification-banner").innerText(), /The plan is saved/);
    await signInAs(page, "chair");
    await page.goto(planPath);
    const plan = await page.locator("main").innerText();
    assert.match(plan, /nobody has explained/);
    assert.match(plan, /why it happened too/);
    assert.equal(await page.locator("form[data-ff-draft]").count(), 0, "the chair reads the plan");
    await expectAccessible(page, "the plan read by the chair");

    // The chair writes the conference's record; the family help lead adds the family's views; the
    // chair agrees it, and then it is kept as agreed (MR-1..MR-3).
    await page.goto(childPath);
    await load(page, page.getByRole("link", { name: /Record of the conference/ }));
    const recordPath = new URL(page.url()).pathname;
    await page.getByLabel("The decision and why").fill("All agencies agreed Ivy is likely to suffer significant harm.");
    await page.locator("#draft-status").filter({ hasText: /Saved at/ }).waitFor();
    await expectAccessible(page, "the conference's record");
    await signInAs(page, "practitioner");
    await page.goto(recordPath);
    await page.getByLabel("What the parents and carers said").fill("Mum agreed to the plan and asked for help with evenings.");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    assert.match(await page.locator(".govuk-notification-banner").innerText(), /The record is saved/);
    assert.equal(await page.getByRole("button", { name: "Agree the record" }).count(), 0, "only the chair agrees");
    await signInAs(page, "chair");
    await page.goto(recordPath);
    await load(page, page.getByRole("button", { name: "Agree the record" }));
    assert.match(await page.locator(".govuk-notification-banner").innerText(), /You have agreed the record/);
    const agreed = await page.locator("main").innerText();
    assert.match(agreed, /help with evenings/);
    assert.match(agreed, /kept as agreed/);
    assert.equal(await page.locator("form[data-ff-draft]").count(), 0, "an agreed record is read, not written");
    await expectAccessible(page, "the agreed conference record");
    await page.goto(childPath);

    // The conference report lists the mother's account, which nothing corroborates yet.
    await load(page, page.getByRole("link", { name: "Conference report", exact: true }));
    const report = await page.locator("main").innerText();
    assert.match(report, /no longer visits/);
    assert.match(report, /rest(s)? only on what a parent or carer said/);
    await expectAccessible(page, "conference report");

    await page.goto("/child-protection");
    assert.match(await page.locator("main").innerText(), /Claire Haworth/);
    await expectAccessible(page, "child protection overview");

    // The police partner sees the team's case, adds to it, and is refused any other child.
    await signInAs(page, "police");
    await page.goto("/team-work");
    await expectAccessible(page, "partner's team cases");
    await load(page, page.getByRole("link", { name: `Ivy ${family}` }));
    assert.equal(new URL(page.url()).pathname, childPath);
    await action(page, childPath, "Write a case note");
    await choose(page, "Where do the facts come from? (needed for an agency's entry)", "Another agency's record");
    await page.getByLabel("What happened: what you saw, heard and did").fill("Police records: father arrested at the address on Friday");
    await load(page, page.getByRole("button", { name: "Save note", exact: true }));
    const timeline = await page.locator("#chronology .app-table-scroll > table").innerText();
    assert.match(timeline, /father arrested/);
    assert.match(timeline, /Police/);
    const refused = await page.goto(otherPath);
    assert.equal(refused.status(), 403);

    // A review conference ends the plan: family help continues with the same lead.
    await signInAs(page, "chair");
    await conference(page, childPath, { kind: "Review child protection conference", chair: "Abena Mensah", decision: "The plan ends", initial: false });
    assert.equal(new URL(page.url()).pathname, childPath);
    const after = await page.locator("main").innerText();
    assert.match(after, /stepped down to family help/);
    assert.match(after, /Jess Whitworth/);
  } catch (error) {
    console.error(logTail(running.server.logPath));
    throw error;
  } finally {
    await context.close();
  }
});
