// Checks the committed front-end assets (crates/ff-web/assets, built by
// frontend/) in Chromium, without the Rust server: a page shaped like our
// layout is served from memory with the real app.css, app.js and
// govuk-frontend.min.js. It shows that the styles load, the council header
// passes axe (including colour contrast), no font is fetched, and GOV.UK
// Frontend's JavaScript starts.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, extname, join, normalize } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { expectAccessible, launchBrowser } from "./browser.mjs";

const assetsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "crates", "ff-web", "assets");
const ORIGIN = "http://assets.ff.test";
const TYPES = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
};

// The same snippet the layout template uses (see frontend/README.md).
const JS_ENABLED =
  "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');";

const PAGE = `<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head>
  <meta charset="utf-8">
  <title>Home - Families First - Northmoor Council</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" sizes="48x48" href="/assets/govuk/images/favicon.ico">
  <link rel="icon" sizes="any" href="/assets/govuk/images/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/assets/app.css">
</head>
<body class="govuk-template__body">
  <script>${JS_ENABLED}</script>
  <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
  <header class="govuk-template__header">
    <div class="govuk-generic-header app-header">
      <div class="govuk-generic-header__container govuk-width-container app-header__container">
        <div class="govuk-generic-header__logo">
          <a href="/" class="govuk-generic-header__homepage-link app-header__homepage-link">
            <span class="app-header__organisation">Northmoor Council</span>
            <span class="app-header__service-name">Families First</span>
          </a>
        </div>
        <div class="app-header__account">
          <span class="app-header__user">Signed in as Sam Okafor (social worker)</span>
          <form method="post" action="/sign-out" class="app-header__sign-out-form">
            <button type="submit" class="app-header__sign-out">Sign out</button>
          </form>
        </div>
      </div>
    </div>
  </header>
  <div class="govuk-width-container">
    <main class="govuk-main-wrapper" id="main-content">
      <h1 class="govuk-heading-l">Families First</h1>
      <div class="govuk-error-summary" data-module="govuk-error-summary">
        <div role="alert">
          <h2 class="govuk-error-summary__title">There is a problem</h2>
          <div class="govuk-error-summary__body">
            <ul class="govuk-list govuk-error-summary__list">
              <li><a href="#nhs_number">Enter a valid NHS number, like 999 123 4560</a></li>
            </ul>
          </div>
        </div>
      </div>
      <div class="govuk-form-group govuk-form-group--error">
        <label class="govuk-label" for="nhs_number">NHS number</label>
        <p id="nhs_number-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Enter a valid NHS number, like 999 123 4560</p>
        <input class="govuk-input govuk-input--width-10 govuk-input--error" id="nhs_number" name="nhs_number" type="text" inputmode="numeric" aria-describedby="nhs_number-error">
      </div>
      <div class="govuk-accordion" data-module="govuk-accordion" id="accordion">
        <div class="govuk-accordion__section">
          <div class="govuk-accordion__section-header">
            <h2 class="govuk-accordion__section-heading"><span class="govuk-accordion__section-button" id="accordion-heading-1">Household</span></h2>
          </div>
          <div id="accordion-content-1" class="govuk-accordion__section-content"><p class="govuk-body">Nobody recorded.</p></div>
        </div>
      </div>
      <button type="submit" class="govuk-button" data-module="govuk-button">Save</button>
    </main>
  </div>
  <footer class="govuk-footer">
    <div class="govuk-width-container">
      <div class="govuk-footer__meta">
        <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
          <p class="govuk-body-s">Northmoor Council</p>
        </div>
      </div>
    </div>
  </footer>
  <script type="module" src="/assets/app.js"></script>
</body>
</html>`;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test("the committed assets style and start a page in Chromium", { timeout: 60_000 }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requested = [];
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });

  await page.route(`${ORIGIN}/**`, async (route) => {
    const { pathname } = new URL(route.request().url());
    requested.push(pathname);
    if (pathname === "/") {
      return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: PAGE });
    }
    const file = normalize(pathname.replace(/^\/assets\//, ""));
    if (!pathname.startsWith("/assets/") || file.startsWith("..")) {
      return route.fulfill({ status: 404, body: "not found" });
    }
    try {
      const body = readFileSync(join(assetsDir, file));
      return route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? "application/octet-stream", body });
    } catch {
      return route.fulfill({ status: 404, body: "not found" });
    }
  });

  try {
    await page.goto(`${ORIGIN}/`);
    // GOV.UK Frontend's accordion adds its "Show all sections" control when initAll() runs.
    await page.locator(".govuk-accordion__show-all").waitFor({ state: "attached", timeout: 10_000 });

    const bodyClasses = await page.evaluate(() => document.body.className);
    assert.match(bodyClasses, /\bjs-enabled\b/);
    assert.match(bodyClasses, /\bgovuk-frontend-supported\b/);

    const header = await page.locator(".app-header").evaluate((el) => {
      const style = getComputedStyle(el);
      return { background: style.backgroundColor, font: style.fontFamily };
    });
    assert.equal(header.background, "rgb(29, 79, 92)", "the header should be the council teal #1d4f5c");
    assert.match(header.font, /^arial, sans-serif$/i);

    // The error summary takes focus on load (GOV.UK Frontend behaviour).
    assert.equal(await page.evaluate(() => document.activeElement?.className), "govuk-error-summary");

    assert.ok(!requested.some((p) => /\/fonts\//.test(p)), `no font should be requested: ${requested}`);
    assert.ok(requested.includes("/assets/govuk-frontend.min.js"), "app.js should import govuk-frontend.min.js");

    await expectAccessible(page, "a page built from the committed assets");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
