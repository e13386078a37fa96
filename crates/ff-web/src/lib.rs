//! The web layer: server-rendered HTML pages (GOV.UK Design System, council-branded) and the JSON
//! API under `/api/v1`. Both call the same `ff_service` functions; handlers only parse input, call
//! a service, and render the result. `router.rs` lists every route.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use ff_store::Db;

pub mod api;
mod assets;
mod auth;
mod error;
mod forms;
pub mod jobs;
pub mod oidc;
pub mod pages;
mod router;
mod security;

pub use auth::{client_address, throttle_key};
pub use router::{page_paths, router};

/// Where "now" comes from: the system clock in the binary, a fixed instant in tests.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Clock,
    /// Mark cookies `Secure` (set when served behind TLS).
    pub secure_cookies: bool,
    /// The council whose branding the sign-in page shows (before anyone has signed in).
    pub home_la: String,
    /// Long-running jobs (census file validation) and their progress.
    pub jobs: jobs::Jobs,
    /// Reverse proxies whose `X-Forwarded-For` is believed (empty: the header is ignored and the
    /// connection's peer address is the client, so nobody can forge an address to dodge throttling).
    pub trusted_proxies: std::sync::Arc<Vec<std::net::IpAddr>>,
    /// The council's identity provider, when sign-in through it is configured.
    pub oidc: Option<std::sync::Arc<oidc::Oidc>>,
    /// Where documents' files are kept and the largest one taken.
    pub documents: std::sync::Arc<ff_service::documents::DocumentConfig>,
    /// The demonstration's accounts, listed on the sign-in page when it serves the demo council;
    /// given by the binary, which seeds them.
    pub demo_sign_in: Option<std::sync::Arc<DemoSignIn>>,
}

/// The demo accounts the sign-in page lists: each user name with what it does, and the one
/// password they share (synthetic data only).
#[derive(Debug, Clone)]
pub struct DemoSignIn {
    pub accounts: Vec<DemoAccount>,
    pub password: String,
}

#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub username: String,
    pub role: ff_domain::roles::Role,
    pub agency: ff_domain::roles::Agency,
}

impl AppState {
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }
}
