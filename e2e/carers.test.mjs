// The fostering team records a new household's first enquiry, moves it on a stage, and finds the
// council's approved carers with their vacancies; a social worker sees the list too (issue 13
// item 3). axe checks each page.
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { choose, load, signInAs, startServerAndBrowser, openPage } from "./helpers.mjs";

const running = startServerAndBrowser();

test("the fostering team records an enquiry and moves it on; approved carers show their vacancies", { timeout: 180_000 }, async () => {
  const { context, page } = await openPage(running, 15_000);
  try {
    const family = "Fos" + Array.from({ length: 7 }, () => String.fromCharCode(97 + randomInt(26))).join("");
    await signInAs(page, "fostering");
    await page.goto("/carers");
    await expectAccessible(page, "the council's foster carers");
    assert.match(await page.locator("main").innerText(), /vacancies/);
    await load(page, page.getByRole("link", { name: "Record a new enquiry", exact: true }));
    await expectAccessible(page, "a new enquiry");
    await page.getByLabel("The carers' names").fill(`Jo and Sam ${family}`);
    await choose(page, "What kind of foster carers?", "Mainstream foster carers");
    await page.getByLabel("Teenagers").check();
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    assert.match(await page.locator("h1").innerText(), new RegExp(family));
    await expectAccessible(page, "a household's page");
    const main = await page.locator("main").innerText();
    assert.match(main, /Enquiry/);
    assert.match(main, /Weekly allowance/);

    // A social worker finds the approved carers.
    await signInAs(page, "socialworker");
    await page.goto("/carers?stage=approved");
    assert.match(await page.locator("main").innerText(), /Approved/);
    await expectAccessible(page, "approved carers for a social worker");
  } finally {
    await context.close();
  }
});
