//! The migrations are compiled into the binary (`sqlx::migrate!`); rebuild when any of them is
//! added or changed, so an incremental build can never ship without a new migration.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
