// Sharing with the region (issue 16 item 1; SH-1..SH-3): the analyst makes a pseudonymised
// extract for the regional care co-operative, with its agreement and deletion day, and downloads
// a table that names no child; the administrator sees the key version. axe checks each page.
import assert from "node:assert/strict";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { choose, load, signInAs, startServerAndBrowser, openPage } from "./helpers.mjs";

const running = startServerAndBrowser();

test("the analyst shares a pseudonymised extract with the region", { timeout: 180_000 }, async () => {
  const { context, page } = await openPage(running, 30_000, { acceptDownloads: true });
  try {
    await signInAs(page, "analyst");
    await load(page, page.getByRole("link", { name: "Sharing", exact: true }));
    await expectAccessible(page, "sharing with the region");
    await load(page, page.getByRole("link", { name: "Make an extract for the region", exact: true }));
    await expectAccessible(page, "a new extract");
    await choose(page, "What is it for?", "Forecasting how many children will need homes");
    await page.getByLabel("The data sharing agreement that allows it", { exact: true }).fill("DSA-NW-2026-04");
    const year = new Date().getFullYear() + 3;
    await page.locator("#delete_by").fill("31");
    await page.locator("#delete_by-month").fill("3");
    await page.locator("#delete_by-year").fill(String(year));
    await load(page, page.getByRole("button", { name: "Save", exact: true }));
    await expectAccessible(page, "an extract");
    const text = await page.locator("main").innerText();
    assert.match(text, /DSA-NW-2026-04/);
    assert.match(text, new RegExp(`31 March ${year}`));
    assert.match(text, /Key version 1/);
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "header.csv" }).click();
    const file = await (await download).path();
    const { readFile } = await import("node:fs/promises");
    const csv = await readFile(file, "utf8");
    const lines = csv.trim().split("\n");
    assert.equal(lines[0], "CHILD,SEX,DOB,ETHNIC,LA,YEAR");
    assert.ok(lines.length > 1, "children in care shared");
    for (const line of lines.slice(1)) {
      const [child, , dob] = line.split(",");
      assert.match(child, /^[0-9a-f]{32}$/, "a keyed code, not the council's id");
      assert.match(dob, /^01\/\d\d\/\d{4}$/, "month of birth only");
    }

    await signInAs(page, "admin");
    await load(page, page.getByRole("link", { name: "Pseudonymisation key", exact: true }));
    await expectAccessible(page, "the pseudonymisation key");
    assert.match(await page.locator("main").innerText(), /key version 1/);
  } finally {
    await context.close();
  }
});
