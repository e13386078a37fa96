// Demand forecasts (RCC-2; FC-1..FC-6): the placements commissioner opens the demo's forecast
// from a neighbouring council's 903 files, reads the chart and the table under it, then makes a
// new forecast from the council's records with a lever and a weekly cost of their own, and
// downloads the costs as CSV; a mistake is shown on the form. axe checks each page.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { choose, load, signInAs, startServerAndBrowser, openPage } from "./helpers.mjs";

const running = startServerAndBrowser();

test("the commissioner reads a forecast and makes one with a lever", { timeout: 180_000 }, async () => {
  const { context, page } = await openPage(running, 30_000, { acceptDownloads: true });
  try {
    await signInAs(page, "commissioner");
    await load(page, page.getByRole("link", { name: "Forecasts", exact: true }));
    await expectAccessible(page, "forecasts");
    await load(page, page.getByRole("link", { name: "Eastwick's return, 2025-26" }));
    await expectAccessible(page, "a forecast from files");
    let text = await page.locator("main").innerText();
    assert.match(text, /903 files \(3\)/);
    assert.match(text, /Children in care as forecast, every four weeks/);
    assert.ok(await page.locator("svg[role=img] polyline").count() >= 3, "the chart draws its lines");

    await load(page, page.locator("a.govuk-back-link"));
    await load(page, page.getByRole("link", { name: "New forecast", exact: true }));
    await expectAccessible(page, "a new forecast");
    // A mistake first: the form says what to put right and keeps what was typed.
    await page.getByLabel("Name", { exact: true }).fill("Fewer teenagers leaving foster care");
    await page.getByLabel("Yearly inflation of costs, per cent (optional)").fill("lots");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    await expectAccessible(page, "a forecast with a mistake");
    assert.match(await page.locator(".govuk-error-summary").innerText(), /Inflation must be a number/);
    await page.getByLabel("Yearly inflation of costs, per cent (optional)").fill("3");
    await choose(page, "What should it be made from?", "This council's records (its 903 history)");
    await page.locator("#lever1_from").selectOption("10 to 16 - Fostering");
    await page.locator("#lever1_to").selectOption("10 to 16 - Not in care");
    await page.locator("#lever1_kind").selectOption("add");
    await page.locator("#lever1_value").fill("0.0005");
    await page.getByLabel("Fostering (IFA)", { exact: true }).fill("1,100");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    await expectAccessible(page, "the new forecast");
    text = await page.locator("main").innerText();
    assert.match(text, /Fewer teenagers leaving foster care/);
    assert.match(text, /10 to 16 - Fostering → 10 to 16 - Not in care: \+ 0.0005 a day/);
    assert.match(text, /The council's records/);
    assert.match(text, /£1,100/);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "by kind of placement as CSV" }).click();
    const { readFile } = await import("node:fs/promises");
    const csv = await readFile(await (await download).path(), "utf8");
    assert.match(csv.split("\n")[0], /^quarter,Fostering \(Friend\/Relative\),/);
  } finally {
    await context.close();
  }
});
