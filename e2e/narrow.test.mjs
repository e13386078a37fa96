// At 375 px (a phone) no page scrolls sideways (issue 10 item 22): wide tables scroll inside
// their own focusable region instead, and long recorded values wrap. Each role walks the pages
// it uses most; the check runs on the demo council's data.
//
//   FF_BIN=../target/debug/familiesfirst node --test narrow.test.mjs

import assert from "node:assert/strict";
import { test } from "node:test";
import { expectAccessible } from "./browser.mjs";
import { startServerAndBrowser } from "./helpers.mjs";

const DEMO_PASSWORD = "demo-password";
const WIDTH = 375;

const running = startServerAndBrowser();

async function narrowPage(username) {
  const context = await running.browser.newContext({ baseURL: running.server.baseUrl, viewport: { width: WIDTH, height: 800 } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Sign in", exact: true }).click()]);
  return { context, page };
}

async function assertNoSidewaysScroll(page, where) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= WIDTH, `${where} is ${width} px wide at ${WIDTH} px`);
}

/** The first link on the page whose address matches `pattern`, or null. */
async function firstLink(page, pattern) {
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  return hrefs.find((h) => pattern.test(h)) ?? null;
}

const WALKS = {
  socialworker: ["/", "/work", "/people?q=a"],
  lcpp: ["/work", "/child-protection"],
  manager: ["/work", "/child-protection"],
  health: ["/team-work"],
  analyst: ["/performance", "/returns"],
  admin: ["/admin/users", "/calendar", "/settings"],
  workforce: ["/workforce/caps", "/workforce/caps/new", "/workforce/caps/upload", "/workforce/dashboard"],
};

for (const [username, paths] of Object.entries(WALKS)) {
  test(`${username}: no page scrolls sideways at ${WIDTH} px`, async () => {
    const { context, page } = await narrowPage(username);
    try {
      for (const p of paths) {
        await page.goto(p);
        await assertNoSidewaysScroll(page, p);
      }
      if (username === "socialworker") {
        // My work: each row of the work lists stacks into labelled lines, so nothing is cut off
        // even inside its scrolling region.
        await page.goto("/work");
        const lists = page.locator("table.app-table--stack");
        assert.ok((await lists.count()) > 0, "my work has a work list");
        const clipped = await lists.evaluateAll((tables) => tables.filter((t) => t.scrollWidth > t.parentElement.clientWidth).length);
        assert.equal(clipped, 0, "no work list is wider than the screen");
        const label = await lists.first().locator("tbody td").first().evaluate((td) => getComputedStyle(td, "::before").content);
        assert.equal(label, '"Child: "', "each line says what it is");
        await expectAccessible(page, "my work at 375 px");
        // A child's record and its history (versions hold long recorded values) and network.
        await page.goto("/people?q=a");
        const person = await firstLink(page, /^\/people\/[0-9a-f-]{36}$/);
        assert.ok(person, "the search lists someone");
        for (const p of [person, `${person}/history`, `${person}/network`]) {
          await page.goto(p);
          await assertNoSidewaysScroll(page, p);
        }
        await expectAccessible(page, "a person's network at 375 px");
      }
      if (username === "admin") {
        await page.goto("/admin/users");
        await expectAccessible(page, "the users table at 375 px");
      }
    } finally {
      await context.close();
    }
  });
}
