// Harm outside the home (issue 15 item 5): a family help practitioner links a child they lead to
// the demo's bus station, already linked to two children the social worker leads; the social
// worker's work tray shows the new concern; a police officer not on those cases sees the place
// but not those children. axe checks each page.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { load, signInAs, startServerAndBrowser, openPage } from "./helpers.mjs";

const running = startServerAndBrowser();

test("a new concern about a place reaches the leads of the other children linked to it", { timeout: 180_000 }, async () => {
  const { context, page } = await openPage(running, 15_000);
  try {
    // The place, as the social worker sees it: two children linked.
    await signInAs(page, "socialworker");
    await load(page, page.getByRole("link", { name: "Places and groups", exact: true }).first());
    await expectAccessible(page, "places and groups");
    await load(page, page.getByRole("link", { name: "Northmoor bus station", exact: true }));
    await expectAccessible(page, "a place");
    const placePath = new URL(page.url()).pathname;
    const links = page.locator("main ul.govuk-list a[href^='/people/']");
    const linked = await links.allInnerTexts();
    const linkedPaths = await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    assert.equal(linked.length, 2, `two children linked: ${linked}`);

    // The family help practitioner links a child they lead.
    await signInAs(page, "practitioner");
    await page.goto("/work");
    const childPath = await page.locator("main a[href^='/people/']").first().getAttribute("href");
    await page.goto(childPath);
    const childName = (await page.locator("h1").innerText()).trim();
    await load(page, page.getByRole("link", { name: "Link to a place or group", exact: true }));
    await expectAccessible(page, "link to a place");
    await page.getByLabel("Find the place or group by the start of its name").fill("northmoor bus");
    await load(page, page.getByRole("button", { name: "Search", exact: true }));
    await page.getByLabel("Northmoor bus station (a station, bus stop or transport hub)").check();
    await page.getByLabel("What harm is the concern about?").selectOption({ label: "Serious violence or weapons" });
    await page.getByLabel("Who raised it?").selectOption({ label: "A school or college" });
    await page.getByLabel("Why is the child linked to it?").fill("Told a teacher older boys at the bus station showed them a knife.");
    const today = new Date();
    await page.locator("#raised_on").fill(String(today.getDate()));
    await page.locator("#raised_on-month").fill(String(today.getMonth() + 1));
    await page.locator("#raised_on-year").fill(String(today.getFullYear()));
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    const text = await page.locator("main").innerText();
    assert.match(text, /Places and groups/);
    assert.match(text, /Northmoor bus station/);
    await expectAccessible(page, "the child's page with a place");

    // The social worker leads the other two children: the new concern is in their tray.
    await signInAs(page, "socialworker");
    await page.goto("/work");
    // One row per child and place: "New concern about…" or "2 new concerns about…, the latest…".
    assert.match(await page.locator("main").innerText(), /concerns? about Northmoor bus station[^\n]*serious violence or weapons/);
    await expectAccessible(page, "the social worker's tray");

    // A police officer sees the place and its general concerns, and only the children whose
    // cases their team works: never the social worker's two.
    await signInAs(page, "police");
    await page.goto(placePath);
    await expectAccessible(page, "a place for the police");
    const police = await page.locator("main").innerText();
    assert.match(police, /Officers report adults approaching children/);
    for (const [i, name] of linked.entries()) {
      assert.ok(!police.includes(name), `the police officer does not see ${name}`);
      assert.equal((await page.goto(linkedPaths[i])).status(), 403);
    }
    // The practitioner's child is listed exactly when the officer may open the child's record.
    const mayOpen = (await page.goto(childPath)).status() === 200;
    assert.equal(police.includes(childName), mayOpen);

    // The practitioner ends the child's link, saying why; the chronology keeps why and who.
    await signInAs(page, "practitioner");
    await page.goto(childPath);
    await load(page, page.getByRole("link", { name: "End the link to Northmoor bus station", exact: true }));
    await expectAccessible(page, "the link ends");
    await page.locator("#ended_on").fill(String(today.getDate()));
    await page.locator("#ended_on-month").fill(String(today.getMonth() + 1));
    await page.locator("#ended_on-year").fill(String(today.getFullYear()));
    await page.getByLabel("Why did it end?").fill("Changed school and no longer uses the bus station.");
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    assert.match(await page.locator(".govuk-notification-banner").innerText(), /The link has ended/);
    await page.goto(`${childPath}/chronology?group=place`);
    assert.match(await page.locator("main").innerText(), /Changed school and no longer uses the bus station/);
  } finally {
    await context.close();
  }
});
