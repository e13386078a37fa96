// Statutory returns and performance in the browser (issue 6): an analyst checks another system's
// CIN census file (the upload is checked in the background while the page shows progress), sees
// its issues grouped by rule, downloads the council's own census, and reads the dashboard, whose
// charts each have a data table. axe checks every page.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { logTail } from "./server.mjs";
import { load, startServerAndBrowser, openPage } from "./helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
// A public sample census file committed with its source and licence (testdata/README.md).
const SAMPLE = resolve(here, "..", "testdata", "cin", "samples", "CIN_Census_2024.xml");
assert.ok(existsSync(SAMPLE), `${SAMPLE} is part of the repository`);

const running = startServerAndBrowser();

test("an analyst checks another system's census file, downloads ours and reads the dashboard", { timeout: 180_000 }, async () => {
  const { context, page } = await openPage(running, 20_000, { acceptDownloads: true });
  try {
    await page.goto("/sign-in");
    await page.getByLabel("Username", { exact: true }).fill("analyst");
    await page.getByLabel("Password", { exact: true }).fill("demo-password");
    await load(page, page.getByRole("button", { name: "Sign in", exact: true }));

    await page.goto("/returns");
    await expectAccessible(page, "statutory returns");
    await page.getByLabel("CIN census XML file").setInputFiles(SAMPLE);
    await load(page, page.getByRole("button", { name: "Check file" }));
    assert.match(new URL(page.url()).pathname, /^\/returns\/jobs\/[0-9a-f-]{36}$/);
    // The page follows the job and shows the issues when it is done.
    await page.getByText("Rules applied").waitFor();
    const report = await page.locator("main").innerText();
    assert.match(report, /Rule \d+/);
    assert.match(report, /Errors/);
    await expectAccessible(page, "census check results");

    // The council's own census for the current year, built from the records.
    await page.goto("/returns");
    const year = await page.getByLabel("Census year (the year it ends)").inputValue();
    await page.getByLabel("Census year (the year it ends)").fill(String(Number(year) + 1));
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download the census (XML)" }).click();
    const download = await downloading;
    assert.match(download.suggestedFilename(), /^cin-census-990-\d{4}\.xml$/);

    await page.goto("/performance");
    const main = await page.locator("main").innerText();
    assert.match(main, /Referrals/);
    assert.match(main, /Section 47 enquiries started/);
    assert.equal(await page.locator("svg[role=img]").count(), 2);
    assert.ok((await page.locator("table").count()) >= 4, "a data table under each chart");
    await expectAccessible(page, "performance dashboard");
  } catch (error) {
    console.error(logTail(running.server.logPath));
    throw error;
  } finally {
    await context.close();
  }
});
