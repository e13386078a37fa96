// Searching for a home (issue 16 item 3; HS-1..HS-3): the commissioner finds the demo's open
// search, records a children's home's offer by its URN, and the social worker accepts it, which
// ends the search; the failed search stays in the list. axe checks each page.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { choose, load, signInAs, startServerAndBrowser, openPage } from "./helpers.mjs";

const running = startServerAndBrowser();

const fillDate = async (page, name, d) => {
  await page.locator(`#${name}`).fill(String(d.getDate()));
  await page.locator(`#${name}-month`).fill(String(d.getMonth() + 1));
  await page.locator(`#${name}-year`).fill(String(d.getFullYear()));
};

test("an offer recorded by the commissioner is accepted and ends the search", { timeout: 180_000 }, async () => {
  const { context, page } = await openPage(running, 15_000);
  try {
    await signInAs(page, "commissioner");
    await load(page, page.getByRole("link", { name: "Home searches", exact: true }));
    await expectAccessible(page, "searches for a home");
    assert.match(await page.locator("main").innerText(), /No home found: 1/);
    await load(page, page.locator("main table a").first());
    await expectAccessible(page, "a search");
    const searchPath = new URL(page.url()).pathname;
    await load(page, page.getByRole("link", { name: "Record a provider's answer", exact: true }));
    await expectAccessible(page, "record a provider's answer");
    await page.getByLabel("The provider's Ofsted URN (if it has one)", { exact: true }).fill("SC512360");
    const today = new Date();
    await fillDate(page, "answered_on", today);
    await choose(page, "What did they say?", "Offered a home");
    await page.getByLabel("If they offered a home: the weekly cost in pounds", { exact: true }).fill("1,020.00");
    await fillDate(page, "start_on", new Date(today.getTime() + 5 * 86_400_000));
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    assert.match(await page.locator("main").innerText(), /£1020\.00 a week/);

    await signInAs(page, "socialworker");
    await page.goto(searchPath);
    await load(page, page.getByRole("link", { name: /Decide/ }).last());
    await expectAccessible(page, "decide on an offer");
    await choose(page, "Does the council accept the offer?", "Yes: the child will live there (the search ends)");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    const text = await page.locator("main").innerText();
    assert.match(text, /Home found/);
    assert.match(text, /Accepted/);
  } finally {
    await context.close();
  }
});
