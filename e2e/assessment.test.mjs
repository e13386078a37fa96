// The written assessment in the browser (issue 12 items 1 and 2): the practitioner's words are
// saved as she types, survive her session ending mid-sentence (she signs in again in another tab
// and the page saves what it was holding), and are all there when the page is opened again.
// A second writer's change to a section she has not touched is brought into her page. axe checks
// the page while it is being written.

import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { logTail } from "./server.mjs";
import { signInAs, startServerAndBrowser, openPage, apiToken } from "./helpers.mjs";

const running = startServerAndBrowser();

test("a session ending mid-assessment loses no words, and a colleague's section arrives", { timeout: 180_000 }, async () => {
  const { context, page } = await openPage(running, 30_000);
  try {
    // A child with an assessment in progress, made through the API.
    const token = await apiToken(page, "socialworker");
    const api = async (method, path, body) => {
      const r = await page.request.fetch(path, { method, data: body, headers: { authorization: `Bearer ${token}` } });
      assert.ok(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`);
      return r.status() === 204 ? null : r.json();
    };
    const family = "As" + Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join("");
    const child = (await api("POST", "/api/v1/people", { given_name: "Ivy", family_name: family, date_of_birth: "2015-05-05", sex: "F", confirm_not_duplicate: true })).id;
    const contact = await api("POST", "/api/v1/contacts", { channel: "phone", source: "2A", concerns: "Ivy is withdrawn", consent: "given", child_ids: [child] });
    await api("POST", `/api/v1/contacts/${contact.id}/decision`, { decision: "referral_assessment", reason: "Needs an assessment", primary_need: "N1", version: contact.version });
    const record = await api("GET", `/api/v1/people/${child}/family-help`);
    const assessment = record.episodes[0].assessments[0].id;

    await signInAs(page, "practitioner");
    await page.goto(`/assessments/${assessment}`);
    const status = page.locator("#draft-status");
    const words = page.getByLabel("In the child's own words");
    await words.fill("Ivy said she feels lonely at break time.");
    await status.filter({ hasText: /Draft saved at/ }).waitFor();
    await expectAccessible(page, "written assessment being written");

    // The session ends (as a time-out does) while she keeps typing.
    await page.request.post("/sign-out", { form: { csrf_token: await page.locator("input[name=csrf_token]").first().inputValue() } });
    await words.fill("Ivy said she feels lonely at break time. She wants to join the choir.");
    await status.filter({ hasText: /signed out/ }).waitFor();

    // She signs in again in another tab; the first page saves what it was holding.
    const tab = await context.newPage();
    await signInAs(tab, "practitioner");
    await tab.close();
    await status.filter({ hasText: /Draft saved at/ }).waitFor();

    // A colleague writes another section; it arrives in her page without a reload.
    const doc = await api("GET", `/api/v1/assessments/${assessment}`);
    const health = doc.parts.flatMap((p) => p.sections).find((s) => s.key === "health");
    await api("PUT", `/api/v1/assessments/${assessment}/draft`, { sections: [{ key: "health", text: "Seen by the school nurse; well.", base_rev: health.rev }] });
    await page.waitForFunction(() => document.getElementById("health")?.value === "Seen by the school nurse; well.", null, { timeout: 30_000 });

    // Opened again, every word is there.
    await page.reload();
    assert.equal(await words.inputValue(), "Ivy said she feels lonely at break time. She wants to join the choir.");
    assert.equal(await page.locator("#health").inputValue(), "Seen by the school nurse; well.");
  } catch (error) {
    console.error(logTail(running.server.logPath));
    throw error;
  } finally {
    await context.close();
  }
});
