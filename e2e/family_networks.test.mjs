// Family networks in the browser (issue 5): a family's network is mapped and its genogram drawn,
// an FGDM is offered, held and its plan agreed, a support package is requested, approved within
// limits and paid, and shows against the budget; the letter before proceedings is refused
// without the FGDM offer; the kinship local offer is public. axe checks every new page.

import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { logTail } from "./server.mjs";
import { load, signInAs, choose, selectByText, startServerAndBrowser, openPage, apiToken } from "./helpers.mjs";

const running = startServerAndBrowser();

async function newPerson(page, given, family, year, sex) {
  await page.goto("/people/new");
  await page.getByLabel("First name").fill(given);
  await page.getByLabel("Last name").fill(family);
  const dob = page.getByRole("group", { name: "Date of birth" });
  await dob.getByLabel("Day", { exact: true }).fill("9");
  await dob.getByLabel("Month", { exact: true }).fill("9");
  await dob.getByLabel("Year", { exact: true }).fill(year);
  await choose(page, "Sex", sex);
  await load(page, page.getByRole("button", { name: "Save", exact: true }));
  return new URL(page.url()).pathname;
}

test("a network is mapped, an FGDM held, a package paid and the local offer read", { timeout: 240_000 }, async () => {
  const { context, page } = await openPage(running, 15_000);
  try {
    const family = "Fn" + Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join("");
    await signInAs(page, "socialworker");
    const childPath = await newPerson(page, "Rae", family, "2017", "Female");
    const child = childPath.split("/").pop();
    // Through the API as the same user: the relatives and a referral (pages for these exist and
    // are covered by the people and family help journeys).
    const api = async (method, path, body) => {
      const r = await page.request.fetch(path, { method, data: body, headers: { authorization: `Bearer ${token}` } });
      assert.ok(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`);
      return r.status() === 204 ? null : r.json();
    };
    const token = await apiToken(page, "socialworker");
    const person = async (given, dob, sex) =>
      (await api("POST", "/api/v1/people", { given_name: given, family_name: family, date_of_birth: dob, sex, confirm_not_duplicate: true })).id;
    const mum = await person("Molly", "1990-02-02", "F");
    const nan = await person("Nell", "1962-03-03", "F");
    await api("POST", `/api/v1/people/${child}/relationships`, { relative_id: mum, kind: "mother", parental_responsibility: true, pr_basis: "birth_mother" });
    await api("POST", `/api/v1/people/${child}/relationships`, { relative_id: nan, kind: "grandparent" });
    const contact = await api("POST", "/api/v1/contacts", { channel: "phone", source: "2A", concerns: "Mother unwell", consent: "given", child_ids: [child] });
    await api("POST", `/api/v1/contacts/${contact.id}/decision`, { decision: "referral_assessment", reason: "Needs help", primary_need: "N4", version: contact.version });

    // The network page: genogram with its text list.
    await page.goto(`${childPath}/network`);
    assert.equal(await page.locator("svg[role=img]").count(), 1);
    assert.match(await page.locator("main").innerText(), new RegExp(`Nell ${family}: Grandparent`));
    await expectAccessible(page, "family network with genogram");

    await load(page, page.getByRole("link", { name: "Add someone to the network" }));
    await selectByText(page, "Person", `Nell ${family}`);
    await page.getByLabel("How they are related or connected").fill("Maternal grandmother");
    await choose(page, "Are they willing to help?", "Willing to help");
    await page.getByLabel("Invited to family meetings").check();
    await expectAccessible(page, "add to network form");
    await load(page, page.getByRole("button", { name: "Add to network" }));
    assert.match(await page.locator("main").innerText(), /Maternal grandmother/);

    // Pre-proceedings: the letter cannot be recorded without the FGDM offer.
    await load(page, page.getByRole("link", { name: "Record a legal gateway decision" }));
    await choose(page, "Decision", "Start pre-proceedings (letter before proceedings)");
    await load(page, page.getByRole("button", { name: "Save decision" }));
    // The letter itself: why the council is worried and the meeting, as a PDF for the family.
    await load(page, page.getByRole("link", { name: "Write the letter before proceedings" }));
    await page.getByLabel("Who is it to?").fill(`Molly ${family}`);
    await page.getByLabel("Why the council is worried").fill("The children have missed school on 40 days this term.");
    await page.getByLabel("Time").fill("10:30");
    await page.getByLabel("Where").fill("Northmoor Civic Centre");
    await load(page, page.getByRole("button", { name: "Make the letter", exact: true }));
    assert.match(await page.locator(".govuk-error-summary").innerText(), /Enter the date of the meeting/);
    assert.equal(await page.getByLabel("Why the council is worried").inputValue(), "The children have missed school on 40 days this term.");
    await expectAccessible(page, "letter before proceedings form with a mistake");
    const meeting = page.getByRole("group", { name: "Date of the meeting" });
    const soon = new Date(Date.now() + 7 * 86_400_000);
    await meeting.getByLabel("Day", { exact: true }).fill(String(soon.getDate()));
    await meeting.getByLabel("Month", { exact: true }).fill(String(soon.getMonth() + 1));
    await meeting.getByLabel("Year", { exact: true }).fill(String(soon.getFullYear()));
    const [lbp] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Make the letter", exact: true }).click()]);
    assert.match(lbp.suggestedFilename(), /^letter-before-proceedings-/);
    await page.goto(`${childPath}/network`);
    await load(page, page.getByRole("link", { name: "Record the letter before proceedings" }));
    await choose(page, "Does the letter include the offer of a family group decision making meeting?", "No");
    await load(page, page.getByRole("button", { name: "Record letter as sent" }));
    // R-PLO-2, in plain words.
    assert.match(await page.locator(".govuk-error-summary").innerText(), /offer of a family group decision making meeting/);
    await expectAccessible(page, "letter refused by R-PLO-2");

    // FGDM: referral, offer to the mother, accepted, meeting held, plan agreed.
    await page.goto(`${childPath}/network`);
    await load(page, page.getByRole("link", { name: "Refer for family group decision making" }));
    await choose(page, "At which stage?", "Family help");
    await load(page, page.getByRole("button", { name: "Refer" }));
    await load(page, page.getByRole("link", { name: "Record an offer" }));
    await selectByText(page, "Offered to", `Molly ${family}`);
    await load(page, page.getByRole("button", { name: "Record offer" }));
    await load(page, page.getByRole("link", { name: `record the answer of Molly ${family}` }));
    await choose(page, "Answer", "Accepted");
    await load(page, page.getByRole("button", { name: "Save answer" }));
    await load(page, page.getByRole("link", { name: "Record the meeting" }));
    await choose(page, "Did the family have private family time?", "Yes");
    await page.getByLabel("The family's plan as they proposed it (once the meeting is held)").fill("Rae stays with Nan on weekdays");
    await load(page, page.getByRole("button", { name: "Save meeting" }));
    await load(page, page.getByRole("link", { name: "Agree the family's plan" }));
    await page.getByLabel("The plan as the council agrees it").fill("Rae stays with Nan on weekdays; weekend contact at home");
    await load(page, page.getByRole("button", { name: "Agree plan" }));
    assert.match(await page.locator("main").innerText(), /Family plan agreed by the council/);

    // A support package: requested by the social worker, approved and paid by the manager.
    await load(page, page.getByRole("link", { name: "Request a support package" }));
    await page.getByLabel("What the support is for").fill("Rae stays with Nan");
    await page.getByLabel("Item 1: what for").selectOption("carer_essentials");
    await page.getByLabel("Item 1: description").fill("A bed for Rae at Nan's");
    await page.getByLabel("Item 1: cost in pounds").fill("250");
    await expectAccessible(page, "support package request");
    await load(page, page.getByRole("button", { name: "Send request" }));
    await signInAs(page, "manager");
    await page.goto(`${childPath}/network`);
    await load(page, page.getByRole("link", { name: "Decide on this package" }));
    await choose(page, "Decision", "Approve");
    await page.getByLabel("Reasons").fill("Keeps Rae in her family");
    const review = page.getByRole("group", { name: /Sustainability review date/ });
    await review.getByLabel("Day", { exact: true }).fill("1");
    await review.getByLabel("Month", { exact: true }).fill("3");
    await review.getByLabel("Year", { exact: true }).fill(String(new Date().getFullYear() + 1));
    await load(page, page.getByRole("button", { name: "Save decision" }));
    await load(page, page.getByRole("link", { name: "Record a payment" }));
    await page.getByLabel("Amount in pounds").fill("250");
    await page.getByLabel("Paid to").fill("Northmoor Beds");
    await load(page, page.getByRole("button", { name: "Record payment" }));
    assert.match(await page.locator("main").innerText(), /Northmoor Beds/);
    await page.goto("/support-budget");
    assert.match(await page.locator("main").innerText(), /Spent/);
    await expectAccessible(page, "support package budget");

    // The local offer is public.
    await page.context().clearCookies();
    const response = await page.goto("/kinship-offer/990");
    assert.equal(response.status(), 200);
    assert.match(await page.locator("h1").innerText(), /Kinship local offer/);
    await expectAccessible(page, "kinship local offer");
  } catch (error) {
    console.error(logTail(running.server.logPath));
    throw error;
  } finally {
    await context.close();
  }
});
