// Browser and accessibility helpers shared by the *.test.mjs files.
//
// We drive Debian's Chromium (apt-get install chromium) with playwright-core:
// Playwright's own browser download cannot work on machines without general
// internet access, so none is used.

import { existsSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.FF_CHROMIUM || "/usr/bin/chromium";

// --disable-background-networking and friends stop Chromium from calling
// Google services at start-up, which a machine with a closed network refuses
// (slowly, and many times over). We run as root in CI, hence --no-sandbox.
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchBrowser() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (or set FF_CHROMIUM)`);
  }
  return await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** WCAG 2.0, 2.1 and 2.2 levels A and AA, as axe-core tags them. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Makes axe violations readable in a test failure message. */
export function formatViolations(violations) {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .map((node) => {
          const summary = (node.failureSummary || "").replace(/\n/g, "\n        ");
          return `    - ${node.target.join(" ")}\n      ${node.html}\n        ${summary}`;
        })
        .join("\n");
      return `  ${violation.id} [${violation.impact}] ${violation.help}\n  ${violation.helpUrl}\n${nodes}`;
    })
    .join("\n\n");
}

/**
 * Runs axe on the page as it is now and fails if anything is found.
 * @param {import('playwright-core').Page} page
 * @param {string} label what the page is, for the failure message
 */
export async function expectAccessible(page, label) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  if (results.violations.length > 0) {
    throw new Error(
      `axe found ${results.violations.length} accessibility violation(s) on ${label} (${page.url()}):\n\n` +
        formatViolations(results.violations),
    );
  }
}
