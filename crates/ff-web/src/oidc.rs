//! Sign-in through the council's identity provider with OpenID Connect, beside
//! local passwords: the authorisation code flow with PKCE, a `state` and a `nonce`, the ID token's
//! signature checked against the provider's published keys, its issuer, audience, expiry and
//! nonce checked, and one claim (by default `preferred_username`) naming the local account.
//! Multi-factor authentication is the provider's (Microsoft Entra ID, for example); the account,
//! its role and its teams stay here, so a person the provider knows but the council has not given
//! an account cannot sign in.
//!
//! Logins in progress are held in memory for ten minutes (at most 10,000 at once): a server that
//! restarts mid-login asks the user to start again. Decision 0006.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::Engine;
use serde::Deserialize;
use sha2::Digest;

/// How the server reaches the provider; set from the command line (`--oidc-*`).
#[derive(Clone, Debug)]
pub struct OidcConfig {
    /// The provider's issuer URL (its discovery document is `{issuer}/.well-known/openid-configuration`).
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// Where the provider sends the browser back: `{public url}/sign-in/oidc/callback`.
    pub redirect_uri: String,
    /// The ID token claim holding the local username (`preferred_username`, `email`, `upn`…).
    pub username_claim: String,
    /// The words on the sign-in page's button.
    pub label: String,
}

#[derive(Debug, Clone, Deserialize)]
struct Discovery {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
}

struct Pending {
    nonce: String,
    verifier: String,
    started: Instant,
}

/// A login could not be completed; the message is for the sign-in page (no secrets in it).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct OidcError(pub String);

fn fail(m: impl Into<String>) -> OidcError {
    OidcError(m.into())
}

const PENDING_FOR: Duration = Duration::from_secs(600);
const MAX_PENDING: usize = 10_000;

pub struct Oidc {
    pub config: OidcConfig,
    http: reqwest::Client,
    pending: Mutex<HashMap<String, Pending>>,
}

impl Oidc {
    pub fn new(config: OidcConfig) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        Self { config, http, pending: Mutex::new(HashMap::new()) }
    }

    async fn discovery(&self) -> Result<Discovery, OidcError> {
        let url = format!("{}/.well-known/openid-configuration", self.config.issuer.trim_end_matches('/'));
        let d: Discovery = self
            .http
            .get(&url)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| fail(format!("The council's sign-in service could not be reached ({})", e.without_url())))?
            .json()
            .await
            .map_err(|_| fail("The council's sign-in service sent an unreadable description"))?;
        if d.issuer.trim_end_matches('/') != self.config.issuer.trim_end_matches('/') {
            return Err(fail("The council's sign-in service describes a different issuer"));
        }
        Ok(d)
    }

    /// Starts a login: where to send the browser.
    pub async fn start(&self) -> Result<String, OidcError> {
        let d = self.discovery().await?;
        let state = ff_service::auth::new_secret();
        let nonce = ff_service::auth::new_secret();
        let verifier = ff_service::auth::new_secret();
        let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()));
        {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            pending.retain(|_, p| p.started.elapsed() < PENDING_FOR);
            if pending.len() >= MAX_PENDING {
                return Err(fail("Too many sign-ins are in progress. Try again in a few minutes."));
            }
            pending.insert(state.clone(), Pending { nonce: nonce.clone(), verifier, started: Instant::now() });
        }
        let mut url = reqwest::Url::parse(&d.authorization_endpoint).map_err(|_| fail("The sign-in service's address is not valid"))?;
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.config.client_id)
            .append_pair("redirect_uri", &self.config.redirect_uri)
            .append_pair("scope", "openid profile email")
            .append_pair("state", &state)
            .append_pair("nonce", &nonce)
            .append_pair("code_challenge", &challenge)
            .append_pair("code_challenge_method", "S256");
        Ok(url.to_string())
    }

    /// Completes a login from the provider's answer: the username it vouches for.
    pub async fn finish(&self, code: &str, state: &str) -> Result<String, OidcError> {
        let pending = self
            .pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(state)
            .filter(|p| p.started.elapsed() < PENDING_FOR)
            .ok_or_else(|| fail("This sign-in has expired or was already used. Start again."))?;
        let d = self.discovery().await?;
        #[derive(Deserialize)]
        struct TokenResponse {
            id_token: String,
        }
        let tokens: TokenResponse = self
            .http
            .post(&d.token_endpoint)
            .basic_auth(&self.config.client_id, Some(&self.config.client_secret))
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", self.config.redirect_uri.as_str()),
                ("code_verifier", pending.verifier.as_str()),
            ])
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|_| fail("The council's sign-in service did not accept the sign-in. Start again."))?
            .json()
            .await
            .map_err(|_| fail("The council's sign-in service sent no ID token"))?;
        let jwks: jsonwebtoken::jwk::JwkSet = self
            .http
            .get(&d.jwks_uri)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|_| fail("The council's sign-in keys could not be read"))?
            .json()
            .await
            .map_err(|_| fail("The council's sign-in keys could not be read"))?;
        let claims = verify_id_token(&tokens.id_token, &jwks, &d.issuer, &self.config.client_id, &pending.nonce)?;
        let username = claims
            .get(&self.config.username_claim)
            .and_then(|v| v.as_str())
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                fail(format!("The council's sign-in service did not say who you are (no {} claim)", self.config.username_claim))
            })?;
        Ok(username)
    }
}

/// Checks an ID token: signed by one of the provider's keys with the algorithm that key declares
/// (never `none`, never a symmetric key), issued by the provider, for this client, unexpired, and
/// carrying this login's nonce. Gives its claims.
pub fn verify_id_token(
    token: &str,
    jwks: &jsonwebtoken::jwk::JwkSet,
    issuer: &str,
    client_id: &str,
    nonce: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, OidcError> {
    use jsonwebtoken::{Algorithm, DecodingKey, Validation};
    let header = jsonwebtoken::decode_header(token).map_err(|_| fail("The sign-in token is not readable"))?;
    if !matches!(
        header.alg,
        Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512 | Algorithm::PS256 | Algorithm::ES256 | Algorithm::ES384
    ) {
        return Err(fail("The sign-in token is not signed with a public key"));
    }
    let jwk = match &header.kid {
        Some(kid) => jwks.find(kid),
        None if jwks.keys.len() == 1 => jwks.keys.first(),
        None => None,
    }
    .ok_or_else(|| fail("The sign-in token is signed with a key the sign-in service does not publish"))?;
    let key = DecodingKey::from_jwk(jwk).map_err(|_| fail("The sign-in service publishes a key that cannot be used"))?;
    let mut validation = Validation::new(header.alg);
    validation.set_issuer(&[issuer]);
    validation.set_audience(&[client_id]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    validation.leeway = 60;
    let data = jsonwebtoken::decode::<serde_json::Map<String, serde_json::Value>>(token, &key, &validation)
        .map_err(|e| fail(format!("The sign-in token was refused ({e})")))?;
    if data.claims.get("nonce").and_then(|v| v.as_str()) != Some(nonce) {
        return Err(fail("The sign-in token belongs to another sign-in. Start again."));
    }
    Ok(data.claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{Algorithm, EncodingKey, Header};
    use serde_json::json;

    const KEY: &[u8] = include_bytes!("../../../testdata/oidc/test-signing-key.der");
    const JWKS: &str = include_str!("../../../testdata/oidc/test-jwks.json");
    const ISSUER: &str = "https://login.example.test/council";

    fn token(claims: serde_json::Value, kid: Option<&str>) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = kid.map(str::to_owned);
        jsonwebtoken::encode(&header, &claims, &EncodingKey::from_rsa_der(KEY)).unwrap()
    }

    fn claims(nonce: &str, aud: &str, exp_from_now: i64) -> serde_json::Value {
        // The token library checks expiry against the system clock, so the test token must too.
        #[allow(clippy::disallowed_methods)]
        let now = chrono::Utc::now().timestamp();
        json!({"iss": ISSUER, "aud": aud, "sub": "x1", "exp": now + exp_from_now, "iat": now, "nonce": nonce, "preferred_username": "SocialWorker"})
    }

    fn check(t: &str) -> Result<serde_json::Map<String, serde_json::Value>, OidcError> {
        let jwks: jsonwebtoken::jwk::JwkSet = serde_json::from_str(JWKS).unwrap();
        verify_id_token(t, &jwks, ISSUER, "families-first", "n-1")
    }

    #[test]
    fn only_a_published_key_for_this_client_and_this_login_is_accepted() {
        let ok = check(&token(claims("n-1", "families-first", 300), Some("test-key-1"))).unwrap();
        assert_eq!(ok["preferred_username"], "SocialWorker");
        // Another login's nonce, another client, an expired token, an unknown key: refused.
        assert!(check(&token(claims("n-2", "families-first", 300), Some("test-key-1"))).unwrap_err().0.contains("another sign-in"));
        assert!(check(&token(claims("n-1", "another-app", 300), Some("test-key-1"))).is_err());
        assert!(check(&token(claims("n-1", "families-first", -600), Some("test-key-1"))).is_err());
        assert!(check(&token(claims("n-1", "families-first", 300), Some("another-key"))).unwrap_err().0.contains("does not publish"));
        // A token signed with a shared secret (anyone could make one) is never accepted.
        let hs = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims("n-1", "families-first", 300),
            &EncodingKey::from_secret(b"guess"),
        )
        .unwrap();
        assert!(check(&hs).unwrap_err().0.contains("public key"));
        // A token altered after signing fails its signature.
        let good = token(claims("n-1", "families-first", 300), Some("test-key-1"));
        let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
        let mut body = claims("n-1", "families-first", 300);
        body["preferred_username"] = json!("admin");
        parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(body.to_string());
        assert!(check(&parts.join(".")).is_err());
    }
}
