// Sign-in through the council's identity provider (issue 10 item 16), against a real OpenID
// Connect provider started here: the npm `oidc-provider` package with its development login
// pages, one confidential client for Families First, PKCE required. The provider signs anyone in
// under the name they type; Families First lets in only those with an open account of that name.
//
//   FF_BIN=../target/debug/familiesfirst node --test oidc.test.mjs

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import Provider from "oidc-provider";
import { expectAccessible, launchBrowser } from "./browser.mjs";
import { freePort, startServer } from "./server.mjs";

const CLIENT_ID = "families-first";
const CLIENT_SECRET = "a test secret for the e2e provider only";

let idp;
let idpServer;
let server;
let browser;

before(async () => {
  const idpPort = await freePort();
  const ffPort = await freePort();
  const issuer = `http://127.0.0.1:${idpPort}`;
  idp = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`http://127.0.0.1:${ffPort}/sign-in/oidc/callback`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    // Whoever signs in at the development login page is who they say they are.
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, preferred_username: id }),
    }),
    claims: { openid: ["sub"], profile: ["preferred_username"] },
    // Put the requested claims in the ID token, as Microsoft Entra ID does with preferred_username.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
  });
  idp.proxy = false;
  idpServer = idp.listen(idpPort);
  server = await startServer({
    port: ffPort,
    env: {
      FAMILIESFIRST_OIDC_ISSUER: issuer,
      FAMILIESFIRST_OIDC_CLIENT_ID: CLIENT_ID,
      FAMILIESFIRST_OIDC_CLIENT_SECRET: CLIENT_SECRET,
      FAMILIESFIRST_PUBLIC_URL: `http://127.0.0.1:${ffPort}`,
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => (idpServer ? idpServer.close(resolve) : resolve()));
});

/** Signs in at the provider's development pages as `login`, giving consent when asked. */
async function signInAtProvider(page, login) {
  await page.goto("/sign-in");
  await expectAccessible(page, "the sign-in page with the council's provider");
  await Promise.all([page.waitForURL(/127\.0\.0\.1:\d+\/interaction\//), page.getByRole("button", { name: "Sign in with your council account" }).click()]);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything: the provider's development pages accept it");
  await Promise.all([page.waitForLoadState("load"), page.locator('button[type="submit"]').click()]);
  // The consent page, the first time this client asks.
  if (await page.locator('button[type="submit"]').count()) {
    if (/interaction/.test(page.url())) {
      await Promise.all([page.waitForLoadState("load"), page.locator('button[type="submit"]').click()]);
    }
  }
  await page.waitForLoadState("load");
}

test("a council account signs in through the identity provider and lands on its home page", async () => {
  const context = await browser.newContext({ baseURL: server.baseUrl });
  const page = await context.newPage();
  try {
    await signInAtProvider(page, "socialworker");
    assert.equal(new URL(page.url()).pathname, "/", `landed on ${page.url()}`);
    assert.match(await page.locator("header").innerText(), /social worker/i);
    await page.goto("/work");
    assert.equal(new URL(page.url()).pathname, "/work", "the session opens the practitioner's pages");
  } finally {
    await context.close();
  }
});

test("someone the provider knows but the council has given no account is refused", async () => {
  const context = await browser.newContext({ baseURL: server.baseUrl });
  const page = await context.newPage();
  try {
    await signInAtProvider(page, "stranger");
    assert.equal(new URL(page.url()).pathname, "/sign-in/oidc/callback");
    assert.match(await page.locator(".govuk-error-summary").innerText(), /no open account in Families First/);
    await page.goto("/work");
    assert.equal(new URL(page.url()).pathname, "/sign-in", "no session was started");
  } finally {
    await context.close();
  }
});

test("an answer that does not belong to a sign-in started here is refused", async () => {
  const context = await browser.newContext({ baseURL: server.baseUrl });
  const page = await context.newPage();
  try {
    await page.goto("/sign-in/oidc/callback?code=made-up&state=never-issued");
    assert.match(await page.locator(".govuk-error-summary").innerText(), /expired or was already used/);
  } finally {
    await context.close();
  }
});
