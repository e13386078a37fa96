//! The `familiesfirst` command line: the only place that reads the system clock and the
//! environment, and wires storage, services and the web layer together.

use std::io::Read;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use ff_domain::audit::ChainCheck;
use ff_store::Db;

const DEFAULT_DB: &str = "sqlite://familiesfirst.db";

/// Families First: case management for children's help and protection in England.
#[derive(Parser)]
#[command(name = "familiesfirst", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DbArgs {
    /// Database: `sqlite://PATH` (the embedded default) or `postgres://USER@HOST/DB` for production.
    #[arg(long, env = "FAMILIESFIRST_DATABASE_URL", default_value = DEFAULT_DB, global = true)]
    database_url: String,
}

/// Sign-in through the council's identity provider (OpenID Connect), beside local passwords.
#[derive(clap::Args)]
struct OidcArgs {
    /// The provider's issuer URL, e.g. https://login.microsoftonline.com/<tenant>/v2.0. Without
    /// it, only local passwords are offered.
    #[arg(long, env = "FAMILIESFIRST_OIDC_ISSUER")]
    oidc_issuer: Option<String>,
    /// The client id the provider gave this service.
    #[arg(long, env = "FAMILIESFIRST_OIDC_CLIENT_ID", requires = "oidc_issuer")]
    oidc_client_id: Option<String>,
    /// The client secret (set it in the environment, not on the command line).
    #[arg(long, env = "FAMILIESFIRST_OIDC_CLIENT_SECRET", hide_env_values = true, requires = "oidc_issuer")]
    oidc_client_secret: Option<String>,
    /// This service's address as users reach it (the provider sends them back to
    /// `<public-url>/sign-in/oidc/callback`).
    #[arg(long, env = "FAMILIESFIRST_PUBLIC_URL", requires = "oidc_issuer")]
    public_url: Option<String>,
    /// The ID token claim that holds the Families First username.
    #[arg(long, env = "FAMILIESFIRST_OIDC_USERNAME_CLAIM", default_value = "preferred_username")]
    oidc_username_claim: String,
    /// The words on the sign-in button.
    #[arg(long, env = "FAMILIESFIRST_OIDC_LABEL", default_value = "Sign in with your council account")]
    oidc_label: String,
}

impl OidcArgs {
    fn config(self) -> anyhow::Result<Option<ff_web::oidc::OidcConfig>> {
        let Some(issuer) = self.oidc_issuer else { return Ok(None) };
        let (Some(client_id), Some(client_secret), Some(public_url)) = (self.oidc_client_id, self.oidc_client_secret, self.public_url)
        else {
            anyhow::bail!("--oidc-issuer needs --oidc-client-id, FAMILIESFIRST_OIDC_CLIENT_SECRET and --public-url too");
        };
        Ok(Some(ff_web::oidc::OidcConfig {
            issuer,
            client_id,
            client_secret,
            redirect_uri: format!("{}/sign-in/oidc/callback", public_url.trim_end_matches('/')),
            username_claim: self.oidc_username_claim,
            label: self.oidc_label,
        }))
    }
}

/// Documents' files in an S3-compatible object store, instead of the database.
#[derive(clap::Args)]
struct S3Args {
    /// The object store's address, e.g. https://s3.eu-west-2.amazonaws.com or http://127.0.0.1:9000.
    #[arg(long, env = "FAMILIESFIRST_DOCUMENTS_S3_ENDPOINT", requires = "documents_s3_bucket")]
    documents_s3_endpoint: Option<String>,
    /// The bucket (addressed by path, so any S3-compatible store answers).
    #[arg(long, env = "FAMILIESFIRST_DOCUMENTS_S3_BUCKET", requires = "documents_s3_endpoint")]
    documents_s3_bucket: Option<String>,
    /// Put before every object's name, e.g. families-first/.
    #[arg(long, env = "FAMILIESFIRST_DOCUMENTS_S3_PREFIX", default_value = "")]
    documents_s3_prefix: String,
    #[arg(long, env = "FAMILIESFIRST_DOCUMENTS_S3_REGION", default_value = "eu-west-2")]
    documents_s3_region: String,
    /// The access key id (set it in the environment).
    #[arg(long, env = "FAMILIESFIRST_DOCUMENTS_S3_ACCESS_KEY_ID", hide_env_values = true)]
    documents_s3_access_key_id: Option<String>,
    /// The secret access key (set it in the environment, not on the command line).
    #[arg(long, env = "FAMILIESFIRST_DOCUMENTS_S3_SECRET_ACCESS_KEY", hide_env_values = true)]
    documents_s3_secret_access_key: Option<String>,
}

impl S3Args {
    fn store(self) -> anyhow::Result<Option<ff_store::object_store::S3Store>> {
        let (Some(endpoint), Some(bucket)) = (self.documents_s3_endpoint, self.documents_s3_bucket) else { return Ok(None) };
        let (Some(key), Some(secret)) = (self.documents_s3_access_key_id, self.documents_s3_secret_access_key) else {
            anyhow::bail!(
                "--documents-s3-endpoint needs FAMILIESFIRST_DOCUMENTS_S3_ACCESS_KEY_ID and FAMILIESFIRST_DOCUMENTS_S3_SECRET_ACCESS_KEY"
            );
        };
        Ok(Some(ff_store::object_store::S3Store::new(
            &endpoint,
            &bucket,
            &self.documents_s3_prefix,
            &self.documents_s3_region,
            &key,
            &secret,
        )?))
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (HTML pages and the JSON API). Applies migrations first.
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// Address to listen on.
        #[arg(long, env = "FAMILIESFIRST_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Seed the fictional Northmoor Council with synthetic families if the database is empty,
        /// and print the demo sign-ins.
        #[arg(long)]
        demo: bool,
        /// Mark cookies Secure: set this when the service is reached over HTTPS (behind TLS).
        #[arg(long, env = "FAMILIESFIRST_SECURE_COOKIES")]
        secure_cookies: bool,
        /// The council whose branding the sign-in page shows (DfE LA number).
        #[arg(long, env = "FAMILIESFIRST_HOME_LA", default_value = ff_demo::DEMO_LA)]
        home_la: String,
        /// Reverse proxies (comma-separated addresses) whose X-Forwarded-For header names the real
        /// client. Without it the header is ignored.
        #[arg(long, env = "FAMILIESFIRST_TRUSTED_PROXIES", value_delimiter = ',')]
        trusted_proxy: Vec<std::net::IpAddr>,
        /// The largest census file accepted for checking, in MB (a national CIN file is about 1 GB).
        #[arg(long, env = "FAMILIESFIRST_MAX_UPLOAD_MB", default_value_t = 2048, value_parser = clap::value_parser!(u64).range(1..=65_536))]
        max_upload_mb: u64,
        /// The largest document (a letter, report or photograph) kept with a record, in MB (D-2).
        #[arg(long, env = "FAMILIESFIRST_MAX_DOCUMENT_MB", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=1_024))]
        max_document_mb: u64,
        /// Keep documents' files in this directory instead of the database.
        #[arg(long, env = "FAMILIESFIRST_DOCUMENTS_DIR")]
        documents_dir: Option<std::path::PathBuf>,
        /// Census files checked at once across the server (each takes about one core).
        #[arg(long, env = "FAMILIESFIRST_MAX_JOBS", default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..=64))]
        max_jobs: u64,
        /// Census files one user may have checked at once.
        #[arg(long, env = "FAMILIESFIRST_MAX_JOBS_PER_USER", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=64))]
        max_jobs_per_user: u64,
        #[command(flatten)]
        oidc: OidcArgs,
        #[command(flatten)]
        s3: Box<S3Args>,
    },
    /// Apply the database migrations and exit.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Seed demo data (synthetic only) into an empty database and exit.
    Demo {
        #[command(flatten)]
        db: DbArgs,
        /// Number of synthetic families.
        #[arg(long, default_value_t = 300)]
        families: usize,
        /// Random seed: the same seed gives the same families.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Check the audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Statutory returns: the children in need (CIN) census.
    Census {
        #[command(subcommand)]
        command: CensusCommand,
    },
    /// Statutory returns: the SSDA903 return of children looked after.
    Ssda903 {
        #[command(subcommand)]
        command: Ssda903Command,
    },
}

#[derive(Subcommand)]
enum Ssda903Command {
    /// Validate an SSDA903 return (a directory of CSV files, or one CSV or XML file; ours or
    /// another system's) against the DfE rules for a collection year. Exits 1 when it has errors,
    /// 2 when the files cannot be read.
    Validate {
        /// The directory of CSV files, or one file.
        path: std::path::PathBuf,
        /// Collection year: 2022-23 to 2026-27.
        #[arg(long, default_value = "2025-26")]
        year: String,
        /// Last year's return (directory or file): switches on the year-on-year rules.
        #[arg(long)]
        previous: Option<std::path::PathBuf>,
        /// The ONS National Statistics Postcode Directory (CSV): switches on the rules on the
        /// placement's council, location and distance. Needs --la.
        #[arg(long, requires = "la")]
        postcodes: Option<std::path::PathBuf>,
        /// Ofsted's list of registered children's social care providers (CSV, as the provider
        /// register loads it): switches on the rules on the episodes' URNs (1008, 219, 221, 224,
        /// 227, 228, 229; 241 with --postcodes too). Needs --la.
        #[arg(long, requires = "la")]
        providers: Option<std::path::PathBuf>,
        /// The returning council's DfE code (3 digits), with --postcodes or --providers.
        #[arg(long)]
        la: Option<String>,
        /// Output: text, json or csv.
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Build the SSDA903 return from the records for a collection year (2025-26, or 2026 for the
    /// year ending in March 2026): one CSV file per table in DIR; then check it with `ssda903
    /// validate DIR`.
    Export {
        #[command(flatten)]
        db: DbArgs,
        /// Collection year.
        #[arg(long)]
        year: String,
        /// The directory to write the CSV files into (created if missing).
        #[arg(long)]
        out: std::path::PathBuf,
        /// The council (default: the only council in the database).
        #[arg(long)]
        la: Option<String>,
    },
}

#[derive(Subcommand)]
enum CensusCommand {
    /// Validate a CIN census XML file (ours or another system's) against the DfE rules. Exits 1
    /// when the file has errors (queries alone do not fail it); reads the file as a stream.
    Validate {
        /// The census XML file.
        file: std::path::PathBuf,
        /// Rules year: 2023-24, 2024-25 or 2025-26.
        #[arg(long, default_value = "2024-25")]
        rules: String,
        /// Output: text, json or csv.
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Build the CIN census from the records for a census year (the year it ends: 2025 for
    /// April 2024 to March 2025), in the 2024/25 layout; then check it with `census validate`.
    Export {
        #[command(flatten)]
        db: DbArgs,
        /// Census end year.
        #[arg(long)]
        year: i32,
        /// Where to write the XML.
        #[arg(long)]
        out: std::path::PathBuf,
        /// The council (default: the only council in the database).
        #[arg(long)]
        la: Option<String>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account. The password is read from standard input (one line).
    Add {
        #[command(flatten)]
        db: DbArgs,
        /// The council's DfE LA number (registered if new).
        #[arg(long)]
        la: String,
        #[arg(long)]
        username: String,
        /// The person's full name.
        #[arg(long)]
        name: String,
        /// family_help_practitioner, social_worker, lcpp, practice_supervisor, conference_chair,
        /// qa_officer, partner_agency, performance_analyst or la_admin.
        #[arg(long)]
        role: String,
        /// local_authority (default), police, health or education.
        #[arg(long)]
        agency: Option<String>,
        /// Social Work England registration number (required for social workers and LCPPs).
        #[arg(long)]
        swe_number: Option<String>,
        /// registered, suspended, lapsed or not_registered.
        #[arg(long)]
        swe_status: Option<String>,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute every council's audit hash chain and report the first broken link.
    Verify {
        #[command(flatten)]
        db: DbArgs,
    },
}

/// The only clock in the product: every command and request takes "now" from here (clippy.toml).
#[allow(clippy::disallowed_methods)]
fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

async fn open(url: &str) -> anyhow::Result<Db> {
    let db = Db::connect(url).await.with_context(|| format!("could not open the database at {}", redact(url)))?;
    db.migrate().await.context("could not apply migrations")?;
    ff_service::calendar::seed_if_empty(&db, now()).await.context("could not seed bank holidays")?;
    Ok(db)
}

/// Hide any password in a database URL before printing it.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("FAMILIESFIRST_LOG").unwrap_or_else(|_| "info,sqlx=warn".into()))
        .init();
    let cli = Cli::parse();
    match cli.command {
        Command::Serve {
            db,
            listen,
            demo,
            secure_cookies,
            home_la,
            trusted_proxy,
            max_upload_mb,
            max_document_mb,
            documents_dir,
            max_jobs,
            max_jobs_per_user,
            oidc,
            s3,
        } => {
            let oidc = oidc.config()?;
            let limits = ff_web::jobs::JobLimits {
                max_upload_bytes: max_upload_mb << 20,
                max_running: max_jobs as usize,
                max_running_per_user: max_jobs_per_user as usize,
                ..Default::default()
            };
            let documents = ff_service::documents::DocumentConfig {
                max_bytes: max_document_mb * 1_000_000,
                directory: documents_dir,
                s3: (*s3).store()?,
            };
            let options = ServeOptions { listen, demo, secure_cookies, home_la, trusted_proxies: trusted_proxy, limits, oidc, documents };
            serve(&db.database_url, options).await
        }
        Command::Migrate { db } => {
            open(&db.database_url).await?;
            println!("Migrations applied to {}", redact(&db.database_url));
            Ok(())
        }
        Command::Demo { db, families, seed } => {
            let db = open(&db.database_url).await?;
            let s = ff_demo::seed(&db, now(), &ff_demo::DemoOptions { seed, families }).await?;
            if s.skipped {
                println!("The demo council already exists; nothing was added.");
            } else {
                let stages = ff_demo::family_help::seed_family_help(&db, now(), ff_demo::scenarios_for(families)).await?;
                println!(
                    "Seeded {} families ({} people, {} children), {} Family Help scenarios and {} accounts.",
                    s.families, s.people, s.children, stages, s.users
                );
            }
            seal_audit(&db).await
        }
        Command::User { command: UserCommand::Add { db, la, username, name, role, agency, swe_number, swe_status } } => {
            let db = open(&db.database_url).await?;
            let la = ff_domain::LaCode::parse(&la).map_err(anyhow::Error::msg)?;
            let mut password = String::new();
            eprintln!("Password for {username} (one line on standard input):");
            std::io::stdin().read_to_string(&mut password)?;
            let password = password.lines().next().unwrap_or("").to_owned();
            let input = ff_service::users::NewUser {
                username,
                display_name: name,
                role,
                agency,
                password,
                swe_registration_number: swe_number,
                swe_status,
                qualification_date: None,
                team_ids: vec![],
            };
            match ff_service::users::add_from_command_line(&db, &la, &input, now()).await {
                Ok(row) => {
                    println!("Created {} ({}) in LA {}.", row.username, row.role.code(), la);
                    seal_audit(&db).await
                }
                Err(ff_service::ServiceError::Validation(v)) => {
                    for e in &v.0 {
                        eprintln!("{}: {}", e.field, e.message);
                    }
                    bail!("the account was not created")
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Census { command: CensusCommand::Validate { file, rules, format } } => {
            let rules: ff_returns::cin::RulesYear = rules.parse().map_err(|e| anyhow::anyhow!("--rules: {e}"))?;
            let format: ff_returns::cin::Format = format.parse().map_err(|e| anyhow::anyhow!("--format: {e}"))?;
            let opts = ff_returns::cin::ValidateOptions { rules, reference_date: None, keep_per_rule: None };
            let report = ff_returns::cin::validate_path_with(&file, &opts).with_context(|| format!("could not read {}", file.display()))?;
            print!("{}", ff_returns::cin::render(&report, format));
            // An empty, truncated, binary or non-census file is an error, like a broken DfE rule.
            if !report.is_clean() {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::Ssda903 { command: Ssda903Command::Validate { path, year, previous, postcodes, providers, la, format } } => {
            let year: ff_returns::ssda903::RulesYear = year.parse().map_err(|e| anyhow::anyhow!("--year: {e}"))?;
            let format: ff_returns::ssda903::Format = format.parse().map_err(|e| anyhow::anyhow!("--format: {e}"))?;
            let opts = ff_returns::ssda903::ValidateOptions { year, previous, ..Default::default() };
            let checked = match (&providers, &postcodes, &la) {
                (Some(list), directory, Some(la)) => {
                    ff_returns::ssda903::validate_dir_with_reference(&path, &opts, Some(list), directory.as_deref(), la.trim())
                }
                (None, Some(directory), Some(la)) => ff_returns::ssda903::validate_dir_with_directory(&path, &opts, directory, la.trim()),
                _ => ff_returns::ssda903::validate_dir(&path, &opts),
            };
            match checked {
                Ok(report) => {
                    print!("{}", ff_returns::ssda903::render(&report, format));
                    if !report.is_clean() {
                        std::process::exit(1);
                    }
                    Ok(())
                }
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(2);
                }
            }
        }
        Command::Ssda903 { command: Ssda903Command::Export { db, year, out, la } } => {
            let db = open(&db.database_url).await?;
            let la = only_council(&db, la).await?;
            let ctx = command_line_analyst(&la)?;
            match ff_service::returns::ssda903::export(&db, &ctx, &year).await {
                Ok((files, s)) => {
                    std::fs::create_dir_all(&out).with_context(|| format!("could not create {}", out.display()))?;
                    for (name, body) in &files {
                        let path = out.join(name);
                        std::fs::write(&path, body).with_context(|| format!("could not write {}", path.display()))?;
                    }
                    let rules: ff_returns::ssda903::RulesYear = s.year.parse().map_err(|_| anyhow::anyhow!("unknown year {}", s.year))?;
                    let (xml_name, xml, left_out) = ff_service::returns::ssda903::xml_file(rules, &files)?;
                    let path = out.join(&xml_name);
                    std::fs::write(&path, xml).with_context(|| format!("could not write {}", path.display()))?;
                    println!(
                        "The same return in the XML layout: {xml_name}{}.",
                        if left_out.is_empty() {
                            String::new()
                        } else {
                            format!(" (without {}: the XML layout has no place for them)", left_out.join(", "))
                        }
                    );
                    println!(
                        "Wrote the {} SSDA903 return for LA {la} to {}: {} children, {} episodes, {} files.",
                        s.year,
                        out.display(),
                        s.children,
                        s.episodes,
                        files.len()
                    );
                    if !s.not_yet_recorded.is_empty() {
                        println!("Not yet recorded in Families First (header row only): {}.", s.not_yet_recorded.join(", "));
                    }
                    seal_audit(&db).await
                }
                Err(ff_service::ServiceError::Validation(v)) => {
                    bail!("{}", v.0.into_iter().map(|e| e.message).collect::<Vec<_>>().join("; "))
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Census { command: CensusCommand::Export { db, year, out, la } } => {
            let db = open(&db.database_url).await?;
            let la = only_council(&db, la).await?;
            let ctx = command_line_analyst(&la)?;
            let file = std::fs::File::create(&out).with_context(|| format!("could not create {}", out.display()))?;
            match ff_service::returns::cin_census(&db, &ctx, year, std::io::BufWriter::new(file)).await {
                Ok(s) => {
                    println!(
                        "Wrote the {} CIN census for LA {la} to {}: {} children, {} episodes.",
                        s.year,
                        out.display(),
                        s.children,
                        s.episodes
                    );
                    seal_audit(&db).await
                }
                Err(ff_service::ServiceError::Validation(v)) => {
                    let _ = std::fs::remove_file(&out);
                    bail!("{}", v.0.into_iter().map(|e| e.message).collect::<Vec<_>>().join("; "))
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Audit { command: AuditCommand::Verify { db } } => {
            let db = Db::connect(&db.database_url).await.with_context(|| format!("could not open {}", redact(&db.database_url)))?;
            let checks = ff_service::audit::verify(&db).await?;
            let mut broken = false;
            for c in &checks {
                match c {
                    ChainCheck::Intact { la_code, events } => println!("LA {la_code}: intact ({events} events)"),
                    ChainCheck::Broken { la_code, seq, problem } => {
                        broken = true;
                        println!("LA {la_code}: BROKEN at event {seq}: {problem}");
                    }
                }
            }
            if checks.is_empty() {
                println!("No audit events yet.");
            }
            if broken {
                std::process::exit(1);
            }
            Ok(())
        }
    }
}

/// How `serve` runs, from the command line.
struct ServeOptions {
    listen: SocketAddr,
    demo: bool,
    secure_cookies: bool,
    home_la: String,
    trusted_proxies: Vec<std::net::IpAddr>,
    limits: ff_web::jobs::JobLimits,
    oidc: Option<ff_web::oidc::OidcConfig>,
    documents: ff_service::documents::DocumentConfig,
}

/// A one-off command seals the audit events it wrote into the chain before it exits (the server
/// does this continuously; see `serve`).
async fn seal_audit(db: &Db) -> anyhow::Result<()> {
    ff_store::audit::seal_pending(db, 10_000).await?;
    Ok(())
}

/// How often the server's sealer moves pending audit events into each council's hash chain.
const SEAL_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

async fn serve(url: &str, options: ServeOptions) -> anyhow::Result<()> {
    let ServeOptions { listen, demo, secure_cookies, home_la, trusted_proxies, limits, oidc, documents } = options;
    let db = open(url).await?;
    if demo {
        let s = ff_demo::seed(&db, now(), &ff_demo::DemoOptions::default()).await?;
        if s.skipped {
            println!("Demo data already present.");
        } else {
            let stages = ff_demo::family_help::seed_family_help(&db, now(), 50).await?;
            println!(
                "Seeded demo data: {} families, {} people, {} Family Help scenarios, {} accounts.",
                s.families, s.people, stages, s.users
            );
        }
    }
    // One background sealer links audit events into the hash chain in batches, off the request
    // path: requests only append, so readers never queue on a council's head.
    let sealer_db = db.clone();
    let sealer = tokio::spawn(async move {
        let mut tick = tokio::time::interval(SEAL_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = ff_store::audit::seal_pending(&sealer_db, 1_000).await {
                tracing::warn!(error = %e, "audit sealer could not seal this round; it will try again");
            }
        }
    });
    let final_db = db.clone();
    let home_is_demo = home_la == ff_demo::DEMO_LA;
    let state = ff_web::AppState {
        db,
        clock: Arc::new(now),
        secure_cookies,
        home_la,
        jobs: ff_web::jobs::Jobs::new(limits),
        trusted_proxies: Arc::new(trusted_proxies),
        oidc: oidc.map(|c| Arc::new(ff_web::oidc::Oidc::new(c))),
        documents: Arc::new(documents),
        demo_sign_in: (home_is_demo).then(|| Arc::new(demo_sign_in())),
    };
    let app = ff_web::router(state);
    let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("could not listen on {listen}"))?;
    println!("Families First is running at http://{listen}/");
    if demo {
        let names: Vec<&str> = ff_demo::DEMO_USERS.iter().map(|u| u.username).collect();
        println!("Demo sign-ins (password '{}'): {}", ff_demo::DEMO_PASSWORD, names.join(", "));
    }
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    sealer.abort();
    seal_audit(&final_db).await
}

/// The council a command works on: the one named, or the only one in the database.
async fn only_council(db: &Db, la: Option<String>) -> anyhow::Result<String> {
    if let Some(la) = la {
        return Ok(la);
    }
    let mut tx = db.begin().await?;
    let las = ff_store::list_las(&mut tx).await?;
    match las.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!("the database holds no council yet"),
        _ => bail!("the database holds several councils ({}): choose one with --la", las.join(", ")),
    }
}

/// The command line acts as a performance analyst of the council; the audit trail records its
/// exports with no user account.
fn command_line_analyst(la: &str) -> anyhow::Result<ff_service::Ctx> {
    let actor = ff_domain::policy::Actor {
        user_id: uuid::Uuid::nil(),
        la_code: ff_domain::LaCode::parse(la).map_err(|e| anyhow::anyhow!("--la: {e}"))?,
        role: ff_domain::roles::Role::PerformanceAnalyst,
        agency: ff_domain::roles::Agency::LocalAuthority,
        display_name: "command line".into(),
        profile: Default::default(),
    };
    Ok(ff_service::Ctx { actor, now: now() })
}

/// The demo accounts for the sign-in page of the demo council, from the list that creates them.
fn demo_sign_in() -> ff_web::DemoSignIn {
    ff_web::DemoSignIn {
        accounts: ff_demo::DEMO_USERS
            .iter()
            .map(|u| ff_web::DemoAccount { username: u.username.to_owned(), role: u.role, agency: u.agency })
            .collect(),
        password: ff_demo::DEMO_PASSWORD.to_owned(),
    }
}
