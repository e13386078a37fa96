// Browser journeys through Families First, with axe accessibility checks.
//
//   FF_BIN=../target/debug/familiesfirst node --test
//
// One server (demo data, fresh SQLite database) serves the whole file; every
// test gets its own browser context, so cookies never leak between tests.
// Every person a test creates has freshly generated names and NHS numbers, so
// the tests do not depend on each other or on their order.

import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { expectAccessible, launchBrowser } from "./browser.mjs";
import { logTail, startServer } from "./server.mjs";

const DEMO_PASSWORD = "demo-password";
const COUNCIL_NAME = "Northmoor Council";

/** Every demo account; they all share DEMO_PASSWORD. */
const DEMO_USERS = [
  "practitioner", // family help practitioner, not a social worker
  "socialworker",
  "lcpp",
  "manager", // practice supervisor / team manager
  "chair",
  "qa",
  "police",
  "health",
  "education",
  "analyst",
  "admin", // LA administrator
];

const SEX_LABELS = { M: "Male", F: "Female", U: "Not known" };

// ---------------------------------------------------------------------------
// Test data
// ---------------------------------------------------------------------------

function randomLetters(count) {
  let letters = "";
  for (let i = 0; i < count; i++) letters += String.fromCharCode(97 + randomInt(26));
  return letters;
}

const GIVEN_NAMES = ["Amara", "Bethan", "Callum", "Dylan", "Eira", "Farah", "Gethin", "Hana", "Idris", "Jess"];

/**
 * A valid NHS number in the 999 range (never issued to real people): nine
 * digits, then the Modulus 11 check digit (weights 10 down to 2; 11 means 0;
 * 10 means the prefix cannot be used, so draw again).
 */
export function makeNhsNumber() {
  for (;;) {
    const digits = [9, 9, 9, ...Array.from({ length: 6 }, () => randomInt(10))];
    const sum = digits.reduce((total, digit, i) => total + digit * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return digits.join("") + String(check === 11 ? 0 : check);
  }
}

/** "9991234567" -> "999 123 4567" */
export function formatNhsNumber(nhs) {
  return `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;
}

/**
 * A person nobody else has made. The family name is ten random letters with
 * no common prefix, so that even a fuzzy name search or duplicate check never
 * connects two test people by accident.
 */
function newPerson({ nhs = null } = {}) {
  const letters = randomLetters(10);
  return {
    given: GIVEN_NAMES[randomInt(GIVEN_NAMES.length)],
    family: letters[0].toUpperCase() + letters.slice(1),
    day: randomInt(1, 29),
    month: randomInt(1, 13),
    year: randomInt(2008, 2023),
    sex: ["M", "F", "U"][randomInt(3)],
    nhs,
  };
}

// ---------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------

let server;
let browser;
let anyFailed = false;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (anyFailed && server) {
    console.error(`----- last lines of the server log (${server.logPath}) -----`);
    console.error(logTail(server.logPath));
    console.error("----- end of server log -----");
  }
  await server?.stop();
});

/**
 * A test with a fresh browser context. It also fails on JavaScript errors,
 * on console errors (a module that did not load, a Content-Security-Policy
 * refusal and so on) and on any stylesheet, script, image or other sub-resource
 * that answered 4xx/5xx. Pages themselves may answer 4xx (a form with errors
 * is often a 422), so Chromium's "Failed to load resource" lines are left to
 * the response check instead.
 */
function journey(name, fn, { timeout = 120_000 } = {}) {
  test(name, { timeout }, async () => {
    const context = await browser.newContext({ baseURL: server.baseUrl });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
        problems.push(`console error on ${page.url()}: ${message.text()}`);
      }
    });
    page.on("response", (response) => {
      const request = response.request();
      const isPage = request.resourceType() === "document";
      // Chromium may ask for /favicon.ico by itself; our pages link their own icons.
      const isRootFavicon = new URL(request.url()).pathname === "/favicon.ico";
      if (response.status() >= 400 && !isPage && !isRootFavicon) {
        problems.push(`${request.resourceType()} ${request.url()} answered ${response.status()}`);
      }
    });
    try {
      await fn(page);
      assert.deepEqual(problems, [], "the browser reported errors");
    } catch (error) {
      anyFailed = true;
      throw error;
    } finally {
      await context.close();
    }
  });
}

const path = (page) => new URL(page.url()).pathname;

/** Clicks something that submits a form or follows a link, and waits for the new page. */
async function clickAndLoad(page, locator) {
  const loaded = page.waitForEvent("load");
  await locator.click();
  await loaded;
}

async function signIn(page, username, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await clickAndLoad(page, page.getByRole("button", { name: "Sign in", exact: true }));
}

async function signInOk(page, username) {
  await signIn(page, username);
  assert.equal(path(page), "/", `${username} should land on the home page after signing in`);
}

async function signOut(page) {
  await clickAndLoad(page, page.getByRole("button", { name: "Sign out", exact: true }));
}

async function fillPersonForm(page, person) {
  await page.getByLabel("First name").fill(person.given);
  await page.getByLabel("Last name").fill(person.family);
  const dob = page.getByRole("group", { name: "Date of birth" });
  await dob.getByLabel("Day", { exact: true }).fill(String(person.day));
  await dob.getByLabel("Month", { exact: true }).fill(String(person.month));
  await dob.getByLabel("Year", { exact: true }).fill(String(person.year));
  if (person.sex) {
    await page
      .getByRole("group", { name: "Sex" })
      .getByLabel(SEX_LABELS[person.sex], { exact: true })
      .check();
  }
  await page.getByLabel("NHS number").fill(person.nhs ?? "");
}

const saveButton = (page) => page.getByRole("button", { name: "Save", exact: true });

/** The id in /people/{id}, or null when the page is not a person's page. */
function personIdFrom(page) {
  const match = /^\/people\/([^/]+)$/.exec(path(page));
  return match && match[1] !== "new" ? decodeURIComponent(match[1]) : null;
}

/** Creates a person through the form and returns its id. */
async function createPerson(page, person) {
  await page.goto("/people/new");
  await fillPersonForm(page, person);
  await clickAndLoad(page, saveButton(page));
  const id = personIdFrom(page);
  assert.ok(id, `saving ${person.given} ${person.family} should lead to /people/{id}, not ${path(page)}`);
  return id;
}

async function search(page, query) {
  await page.goto("/people");
  await page.getByLabel("Name, NHS number or date of birth").fill(query);
  await clickAndLoad(page, page.getByRole("button", { name: "Search", exact: true }));
}

/** The person links in the first column of the results table ([] when there is no table). */
async function resultLinks(page) {
  const links = page.locator("table.govuk-table tbody tr > :first-child a");
  const found = [];
  for (const link of await links.all()) {
    found.push({ text: (await link.innerText()).trim(), href: await link.getAttribute("href") });
  }
  return found;
}

const hrefPath = (page, href) => new URL(href, page.url()).pathname;

/** The page's h1 contains "Given Family" (in any letter case: a surname may be shown in capitals). */
async function expectHeadingHasName(page, person) {
  const heading = (await page.locator("h1").first().textContent()).replace(/\s+/g, " ").trim();
  const name = `${person.given} ${person.family}`;
  assert.ok(heading.toLowerCase().includes(name.toLowerCase()), `the h1 "${heading}" should contain "${name}"`);
}

// ---------------------------------------------------------------------------
// Signing in and out
// ---------------------------------------------------------------------------

describe("signing in", () => {
  journey("the sign-in page is an accessible GOV.UK form", async (page) => {
    await page.goto("/sign-in");
    const username = page.getByLabel("Username", { exact: true });
    const password = page.getByLabel("Password", { exact: true });
    assert.equal(await username.getAttribute("name"), "username");
    assert.equal(await password.getAttribute("name"), "password");
    assert.equal(await password.getAttribute("type"), "password");
    assert.ok(await page.getByRole("button", { name: "Sign in", exact: true }).isVisible());
    await expectAccessible(page, "the sign-in page");
  });

  journey("a wrong password keeps you on the sign-in page with an error summary", async (page) => {
    await signIn(page, "socialworker", "not-the-password");
    assert.equal(path(page), "/sign-in");
    const summary = page.locator(".govuk-error-summary");
    assert.equal(await summary.count(), 1, "expected one .govuk-error-summary");
    assert.match(await summary.innerText(), /There is a problem/);
    await expectAccessible(page, "the sign-in page with an error");
  });

  journey("signing in lands on the home page with the council header", async (page) => {
    await signInOk(page, "socialworker");
    assert.match(await page.locator("h1").first().innerText(), /Families First/);
    const header = page.locator("header").first();
    assert.match(await header.innerText(), new RegExp(COUNCIL_NAME));
    assert.ok(await page.getByRole("button", { name: "Sign out", exact: true }).isVisible());
    await expectAccessible(page, "the home page");
  });

  for (const username of DEMO_USERS) {
    journey(`${username} can sign in and sign out`, async (page) => {
      await signInOk(page, username);
      await signOut(page);
      assert.equal(path(page), "/sign-in", `${username} should be back on /sign-in after signing out`);
    });
  }
});

// ---------------------------------------------------------------------------
// People: search, create, validation, duplicates
// ---------------------------------------------------------------------------

describe("people", () => {
  journey("searching by name lists the person in a table linking to their record", async (page) => {
    await signInOk(page, "socialworker");
    const person = newPerson({ nhs: makeNhsNumber() });
    const id = await createPerson(page, person);

    await search(page, person.family);
    const links = await resultLinks(page);
    assert.equal(links.length, 1, `expected exactly one result for ${person.family}, got ${JSON.stringify(links)}`);
    assert.equal(hrefPath(page, links[0].href), `/people/${id}`);
    assert.match(links[0].text, new RegExp(person.family, "i"));
    await expectAccessible(page, "the search results");

    await clickAndLoad(page, page.locator("table.govuk-table tbody tr > :first-child a").first());
    assert.equal(personIdFrom(page), id);
  });

  journey("an invalid NHS number is refused; a valid one saves the person", async (page) => {
    await signInOk(page, "socialworker");
    const person = newPerson({ nhs: "943 476 5918" }); // wrong check digit (943 476 5919 is valid)

    await page.goto("/people/new");
    await fillPersonForm(page, person);
    await clickAndLoad(page, saveButton(page));

    assert.equal(personIdFrom(page), null, "an invalid NHS number must not create a person");
    const summary = page.locator(".govuk-error-summary");
    assert.equal(await summary.count(), 1, "expected one .govuk-error-summary");
    assert.match(await summary.innerText(), /There is a problem/);
    const errorLinks = await summary.locator("a").allInnerTexts();
    assert.ok(
      errorLinks.some((text) => text.includes("NHS number")),
      `expected an error summary link about the NHS number, got ${JSON.stringify(errorLinks)}`,
    );
    const nhsInput = page.locator('input[name="nhs_number"]');
    assert.match((await nhsInput.getAttribute("class")) ?? "", /\bgovuk-input--error\b/);
    assert.equal(
      await page.getByLabel("First name").inputValue(),
      person.given,
      "the form should keep what was typed",
    );
    await expectAccessible(page, "the create-person form with errors");

    // Nothing was saved.
    await search(page, person.family);
    assert.deepEqual(await resultLinks(page), [], `nobody called ${person.family} should exist yet`);

    // Correct the NHS number and save again.
    person.nhs = makeNhsNumber();
    await page.goto("/people/new");
    await fillPersonForm(page, person);
    await clickAndLoad(page, saveButton(page));
    const id = personIdFrom(page);
    assert.ok(id, `saving with a valid NHS number should lead to /people/{id}, not ${path(page)}`);

    await expectHeadingHasName(page, person);
    const text = await page.locator("body").innerText();
    assert.ok(text.includes(formatNhsNumber(person.nhs)), `the page should show ${formatNhsNumber(person.nhs)}`);
    await expectAccessible(page, "a person's page");
  });

  journey("fixing the NHS number on the error page saves the person", async (page) => {
    await signInOk(page, "socialworker");
    const person = newPerson({ nhs: "943 476 5918" });
    await page.goto("/people/new");
    await fillPersonForm(page, person);
    await clickAndLoad(page, saveButton(page));
    assert.equal(personIdFrom(page), null);

    person.nhs = makeNhsNumber();
    await page.getByLabel("NHS number").fill(formatNhsNumber(person.nhs));
    await clickAndLoad(page, saveButton(page));
    const id = personIdFrom(page);
    assert.ok(id, `correcting the NHS number should save, but the page is ${path(page)}`);
    await expectHeadingHasName(page, person);
  });

  journey("a likely duplicate is offered, and saving anyway needs a tick", async (page) => {
    await signInOk(page, "socialworker");
    const first = newPerson();
    const firstId = await createPerson(page, first);

    await page.goto("/people/new");
    await fillPersonForm(page, { ...first });
    await clickAndLoad(page, saveButton(page));

    assert.equal(personIdFrom(page), null, "a likely duplicate must not be saved without confirmation");
    const offer = page.getByRole("heading", { name: "Possible existing records" });
    assert.ok(await offer.isVisible(), 'expected a "Possible existing records" heading');
    const offered = await page.locator("a").evaluateAll((links) => links.map((a) => a.href));
    assert.ok(
      offered.some((href) => new URL(href).pathname === `/people/${firstId}`),
      `expected a link to /people/${firstId} among ${JSON.stringify(offered)}`,
    );
    const confirm = page.getByLabel("None of these is the same person");
    assert.equal(await confirm.isChecked(), false);
    await expectAccessible(page, "the possible duplicates page");

    // Saving without the tick still does not create anyone.
    await clickAndLoad(page, page.getByRole("button", { name: /^Save/ }).first());
    assert.equal(personIdFrom(page), null, "saving without ticking the box must not create a person");
    assert.ok(await page.getByRole("heading", { name: "Possible existing records" }).isVisible());

    await page.getByLabel("None of these is the same person").check();
    await clickAndLoad(page, page.getByRole("button", { name: /^Save/ }).first());
    const secondId = personIdFrom(page);
    assert.ok(secondId, `ticking the box and saving should create the person, but the page is ${path(page)}`);
    assert.notEqual(secondId, firstId);

    await search(page, first.family);
    assert.equal((await resultLinks(page)).length, 2, "both records should now exist");
  });

  journey("searching by NHS number, typed with spaces, finds exactly that person", async (page) => {
    await signInOk(page, "socialworker");
    const person = newPerson({ nhs: makeNhsNumber() });
    const id = await createPerson(page, person);

    await search(page, formatNhsNumber(person.nhs));
    const links = await resultLinks(page);
    assert.equal(links.length, 1, `expected exactly one result, got ${JSON.stringify(links)}`);
    assert.equal(hrefPath(page, links[0].href), `/people/${id}`);
  });
});
