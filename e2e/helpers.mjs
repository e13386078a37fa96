// What the browser journeys share: the product and a browser running for a file's tests, a page
// to drive, signing in as a demo account, following a link or pressing a button and waiting for
// the next page, and filling GOV.UK radios and selects by their words.
import assert from "node:assert/strict";
import { after, before } from "node:test";
import { launchBrowser } from "./browser.mjs";
import { startServer } from "./server.mjs";

export const DEMO_PASSWORD = "demo-password";

/**
 * Starts the product and a browser before the calling file's tests and stops both after them.
 * The returned object holds them as `server` and `browser` once the tests start.
 */
export function startServerAndBrowser() {
  const running = { server: undefined, browser: undefined };
  before(async () => {
    running.server = await startServer();
    running.browser = await launchBrowser();
  });
  after(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}

/** Opens a new browser context on the running product, waiting up to `timeout` ms for each step, and its first page. */
export async function openPage(running, timeout, options = {}) {
  const context = await running.browser.newContext({ baseURL: running.server.baseUrl, ...options });
  context.setDefaultTimeout(timeout);
  const page = await context.newPage();
  return { context, page };
}

/** Signs the demo account `username` in to the JSON API and returns its bearer token. */
export async function apiToken(page, username) {
  const response = await page.request.post("/api/v1/auth/token", { data: { username, password: DEMO_PASSWORD } });
  return (await response.json()).token;
}

/** Clicks `locator` and waits for the page it leads to. */
export async function load(page, locator) {
  const loaded = page.waitForEvent("load");
  await locator.click();
  await loaded;
}

/** Signs in as the demo account `username` (leaving any earlier session) and lands on Home. */
export async function signInAs(page, username) {
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await load(page, page.getByRole("button", { name: "Sign in", exact: true }));
  assert.equal(new URL(page.url()).pathname, "/");
}

/** Checks the radio or checkbox `label` in the fieldset named `group`. */
export async function choose(page, group, label) {
  await page.getByRole("group", { name: group }).getByLabel(label, { exact: true }).check();
}

/** Selects the option whose words contain `text` in the select labelled `label`. */
export async function selectByText(page, label, text) {
  const select = page.getByLabel(label, { exact: true });
  const value = await select.evaluate((el, t) => [...el.options].find((o) => o.text.includes(t))?.value, text);
  assert.ok(value !== undefined, `no option containing "${text}" in "${label}"`);
  await select.selectOption(value);
}

/** Opens the child's page and follows the link `link` on it. */
export async function action(page, childPath, link) {
  await page.goto(childPath);
  await load(page, page.getByRole("link", { name: link, exact: true }));
}
