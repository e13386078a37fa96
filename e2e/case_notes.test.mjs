// Case notes and the chronology in the browser (issue 12 items 3 and 5): a practitioner writes a
// home visit note from the child's page, corrects it, and finds it in the chronology, which
// filters to significant events and prints without its controls. A manager's supervision needs a
// decision. axe checks the note form, the note page and the chronology, also at 375 px.

import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { logTail } from "./server.mjs";
import { signInAs, startServerAndBrowser, openPage, apiToken } from "./helpers.mjs";

const running = startServerAndBrowser();

test("a practitioner writes, corrects and finds a case note; supervision records a decision", { timeout: 180_000 }, async () => {
  const { context, page } = await openPage(running, 30_000);
  try {
    const token = await apiToken(page, "socialworker");
    const family = "Cn" + Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join("");
    const r = await page.request.post("/api/v1/people", {
      data: { given_name: "Rosa", family_name: family, date_of_birth: "2016-06-06", sex: "F", confirm_not_duplicate: true },
      headers: { authorization: `Bearer ${token}` },
    });
    assert.ok(r.ok(), await r.text());
    const child = (await r.json()).id;

    await signInAs(page, "practitioner");
    await page.goto(`/people/${child}`);
    await page.getByRole("link", { name: "Write a case note" }).click();
    await page.getByLabel("Home visit").check();
    // Midnight today: never in the future, whenever the test runs ("12am" as people type it).
    await page.getByLabel("Time (optional)").fill("12am");
    await page.getByLabel("Who was there (optional)").fill("Rosa and her father");
    await page.getByLabel("What happened: what you saw, heard and did").fill("Rosa showed me her new bedroom.");
    await page.getByLabel("What the child said, in their own words (optional)").fill("I have my own room now");
    await page.getByLabel("This is a significant event in the child's life").check();
    await expectAccessible(page, "case note form");
    await page.getByRole("button", { name: "Save note" }).click();
    await page.getByText("The note has been saved").waitFor();

    // On the child's page: in the latest entries and the recent significant events.
    await page.getByRole("link", { name: "Home visit at 00:00" }).first().click();
    await page.getByRole("heading", { name: /Home visit on .* at 00:00/ }).waitFor();
    await expectAccessible(page, "case note page");
    await page.getByRole("link", { name: "Change this note" }).click();
    await page.getByLabel("What happened: what you saw, heard and did").fill("Rosa showed me her new bedroom; it is warm and tidy.");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Your changes have been saved").waitFor();
    await page.getByRole("heading", { name: "Earlier versions" }).waitFor();
    assert.ok(await page.getByText("Rosa showed me her new bedroom.", { exact: true }).isVisible(), "the words it replaced are kept");

    // The chronology, filtered to significant events, then printed.
    await page.goto(`/people/${child}/chronology`);
    await page.getByLabel("Significant events only").check();
    await page.getByRole("button", { name: "Show entries" }).click();
    await page.getByRole("link", { name: "Home visit at 00:00" }).waitFor();
    assert.match(await page.getByRole("link", { name: /Download these entries/ }).getAttribute("href"), /significant=yes/);
    await expectAccessible(page, "chronology");
    await page.setViewportSize({ width: 375, height: 800 });
    await expectAccessible(page, "chronology at 375 px");
    const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(wide, false, "the chronology does not scroll sideways at 375 px");
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.getByRole("button", { name: "Show entries" }).isVisible(), false, "the filters are not printed");
    assert.ok(await page.getByRole("link", { name: "Home visit at 00:00" }).isVisible(), "the entries are printed");
    await page.emulateMedia({ media: "screen" });

    // A manager's supervision needs a decision.
    const manager = await context.newPage();
    await signInAs(manager, "manager");
    await manager.goto(`/people/${child}/notes?child=${child}`);
    await manager.getByLabel("Supervision", { exact: true }).check();
    await manager.getByLabel("What happened: what you saw, heard and did").fill("Talked through the visit.");
    await manager.getByRole("button", { name: "Save note" }).click();
    await manager.getByRole("link", { name: /Write what was decided/ }).waitFor();
    assert.equal(await manager.getByLabel("What happened: what you saw, heard and did").inputValue(), "Talked through the visit.", "typed words are kept");
    await expectAccessible(manager, "case note form with an error");
    await manager.getByLabel("What was decided (needed for supervision and management oversight)").fill("Carry on with the plan.");
    await manager.getByRole("button", { name: "Save note" }).click();
    await manager.getByText("The note has been saved").waitFor();
  } catch (error) {
    console.error(logTail(running.server.logPath));
    throw error;
  } finally {
    await context.close();
  }
});

test("a practitioner adds a document, finds it in the chronology and downloads it as it was", { timeout: 120_000 }, async () => {
  const { context, page } = await openPage(running, 30_000, { acceptDownloads: true });
  try {
    const token = await apiToken(page, "socialworker");
    const family = "Dc" + Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join("");
    const r = await page.request.post("/api/v1/people", {
      data: { given_name: "Tia", family_name: family, date_of_birth: "2014-04-04", sex: "F", confirm_not_duplicate: true },
      headers: { authorization: `Bearer ${token}` },
    });
    const child = (await r.json()).id;
    await signInAs(page, "practitioner");
    await page.goto(`/people/${child}`);
    await page.getByRole("link", { name: "Add a document" }).click();
    await expectAccessible(page, "document form");
    // A program dressed as a PDF is refused, with the reason on the file field.
    await page.getByLabel("The file").setInputFiles({ name: "report.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00program") });
    await page.getByLabel("Report from another agency").check();
    await page.getByLabel("Title").fill("Health visitor's report");
    await page.getByRole("button", { name: "Add document" }).click();
    await page.getByRole("link", { name: /This kind of file cannot be kept/ }).waitFor();
    await expectAccessible(page, "document form with an error");
    const pdf = Buffer.from("%PDF-1.4\n% test\ntrailer << >>\n%%EOF\n");
    await page.getByLabel("The file").setInputFiles({ name: "hv-report.pdf", mimeType: "application/pdf", buffer: pdf });
    await page.getByRole("button", { name: "Add document" }).click();
    await page.getByText("The document has been added").waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Health visitor's report/ }).first().click()]);
    assert.equal(download.suggestedFilename(), "hv-report.pdf");
    const saved = await download.path();
    const { readFile } = await import("node:fs/promises");
    assert.deepEqual(await readFile(saved), pdf, "the file comes back exactly as it went in");
    await page.goto(`/people/${child}/chronology?group=document`);
    await page.getByText("Document added: Health visitor's report (report from another agency)").waitFor();
  } catch (error) {
    console.error(logTail(running.server.logPath));
    throw error;
  } finally {
    await context.close();
  }
});
