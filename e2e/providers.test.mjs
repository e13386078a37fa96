// The provider register (issue 16 item 2; PR-REG-1, PR-REG-2): the commissioner loads part of
// Ofsted's list and sees what changed; a social worker moving a child in care to a home judged
// Inadequate is stopped until a manager's agreement and the reason are recorded, and the child's
// page then says so. axe checks each page.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { action, load, selectByText, signInAs, startServerAndBrowser, openPage } from "./helpers.mjs";

const running = startServerAndBrowser();

const LIST = [
  "URN,Provider type,Provider name,Registration status,Places,Local authority,Overall experiences and progress of children and young people,Latest full inspection date",
  "SC512341,Children's home,Calder View,Active,3,Northmoor,Requires improvement to be good,01/11/2026",
  "SC512399,Children's home,Hollins Farm,Active,2,Northmoor,,",
  "XYZ,Children's home,No number,Active,2,Northmoor,Good,",
].join("\n");

test("a placement with a home judged Inadequate waits for a manager's agreement", { timeout: 180_000 }, async () => {
  const { context, page } = await openPage(running, 15_000);
  try {
    // The commissioner loads part of Ofsted's list (not the whole list).
    await signInAs(page, "commissioner");
    await load(page, page.getByRole("link", { name: "Homes and agencies", exact: true }).first());
    await expectAccessible(page, "the provider register");
    assert.match(await page.locator("main").innerText(), /22 on the register/);
    await load(page, page.getByRole("link", { name: "Load Ofsted's list", exact: true }));
    await expectAccessible(page, "load Ofsted's list");
    await page.getByLabel("Ofsted's provider list (CSV)").setInputFiles({ name: "ofsted-december.csv", mimeType: "text/csv", buffer: Buffer.from(LIST) });
    assert.equal(await page.getByLabel(/This is Ofsted's whole list/).isChecked(), false, "unticked at first");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    await expectAccessible(page, "the load's result");
    const result = await page.locator("main").innerText();
    assert.match(result, /3 rows read from ofsted-december\.csv/);
    assert.match(result, /Added to the register\s*1/);
    assert.match(result, /Changed \(a new version kept\)\s*1/);
    assert.match(result, /Line 4: URN "XYZ" is not an Ofsted URN/);
    await page.goto("/providers?q=SC512341");
    await load(page, page.getByRole("link", { name: "Calder View", exact: true }));
    await expectAccessible(page, "a provider");
    assert.match(await page.locator("main").innerText(), /latest inspection: Requires improvement to be good/);

    // A child in care, found on the reviewing officer's list.
    await signInAs(page, "iro");
    await page.goto("/children-in-care");
    const childPath = await page.locator("main a[href^='/people/']").first().getAttribute("href");

    // The social worker moves the child to Granary Court, judged Inadequate.
    await signInAs(page, "socialworker");
    await action(page, childPath, "Change the legal status or placement");
    const today = new Date();
    await page.locator("#start_date").fill(String(today.getDate()));
    await page.locator("#start_date-month").fill(String(today.getMonth() + 1));
    await page.locator("#start_date-year").fill(String(today.getFullYear()));
    await page.getByLabel("Kind of placement", { exact: true }).selectOption("K2");
    await page.getByLabel("Who provides the placement", { exact: true }).selectOption("PR4");
    await page.getByLabel("Postcode of the placement", { exact: true }).fill("nm7 2gc");
    await page.getByLabel("The home's or agency's Ofsted URN (if it has one)", { exact: true }).fill("SC512344");
    await selectByText(page, "If the child moved: why did the placement end?", "Planned move");
    await page.getByLabel("If the child moved: who decided the move?", { exact: true }).fill("Head of service");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    const refused = await page.locator(".govuk-error-summary").innerText();
    assert.match(refused, /Inadequate/);
    assert.match(refused, /manager must agree/);
    await expectAccessible(page, "a placement refused until a manager agrees");
    await page
      .getByLabel("Only if the home is not registered or was judged Inadequate: why place the child here?", { exact: true })
      .fill("The only home with a place near her school; the manager agreed weekly visits until she moves.");
    await page.getByLabel("The manager who agreed", { exact: true }).selectOption({ label: "Tom Greenwood" });
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    const care = await page.locator("#care").innerText();
    assert.match(care, /Granary Court/);
    assert.match(care, /Placement agreed by a manager\s*The only home with a place near her school/);
    assert.match(care, /Tom Greenwood/);
    await expectAccessible(page, "the child's page after the move");
  } finally {
    await context.close();
  }
});
