//! Documents' files in an S3-compatible object store ("stored in the database by
//! default and in a configured directory or S3-compatible object store in production"): each
//! file is one object, `<prefix><LA code>/<document id>`, written once and read back whole.
//! Requests are signed with AWS Signature Version 4 (path-style addressing, so MinIO, Ceph and
//! the cloud providers' S3 APIs all answer), over HTTPS with the same TLS stack as the rest of
//! the server. The signing is pure and checked against AWS's published example.

use chrono::{DateTime, Utc};
use ff_domain::hash::hmac_sha256;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{Result, StoreError};

/// Where the objects go and the key that signs for them.
#[derive(Clone)]
pub struct S3Store {
    /// The service's address, e.g. `https://s3.eu-west-2.amazonaws.com` or `http://127.0.0.1:9000`.
    pub endpoint: String,
    pub bucket: String,
    /// Put before every object's name, e.g. `families-first/`; may be empty.
    pub prefix: String,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    client: reqwest::Client,
}

impl std::fmt::Debug for S3Store {
    // Never the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "S3Store({}/{}/{}, {})", self.endpoint, self.bucket, self.prefix, self.region)
    }
}

impl S3Store {
    pub fn new(endpoint: &str, bucket: &str, prefix: &str, region: &str, access_key_id: &str, secret_access_key: &str) -> Result<S3Store> {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .map_err(|e| StoreError::Corrupt(format!("object store client: {e}")))?;
        Ok(S3Store {
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            bucket: bucket.to_owned(),
            prefix: prefix.to_owned(),
            region: region.to_owned(),
            access_key_id: access_key_id.to_owned(),
            secret_access_key: secret_access_key.to_owned(),
            client,
        })
    }

    fn path(&self, la: &str, id: Uuid) -> String {
        format!("/{}/{}{la}/{id}", self.bucket, self.prefix)
    }

    fn host(&self) -> &str {
        self.endpoint.split("://").nth(1).unwrap_or(&self.endpoint)
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: &[u8], now: DateTime<Utc>) -> Result<reqwest::Response> {
        let payload = hex(&Sha256::digest(body));
        let date = now.format("%Y%m%dT%H%M%SZ").to_string();
        let headers = [("host", self.host().to_owned()), ("x-amz-content-sha256", payload.clone()), ("x-amz-date", date.clone())];
        let auth = authorization(
            &Signing { method: method.as_str(), path, query: "", headers: &headers, payload_sha256: &payload },
            &Credentials { access_key_id: &self.access_key_id, secret_access_key: &self.secret_access_key, region: &self.region },
            now,
        );
        self.client
            .request(method, format!("{}{}", self.endpoint, path))
            .header("x-amz-content-sha256", payload)
            .header("x-amz-date", date)
            .header("authorization", auth)
            .body(body.to_vec())
            .send()
            .await
            .map_err(|e| StoreError::Corrupt(format!("object store: {e}")))
    }

    /// Write a document's file once under its id.
    pub async fn put(&self, la: &str, id: Uuid, content: &[u8], now: DateTime<Utc>) -> Result<()> {
        let r = self.send(reqwest::Method::PUT, &self.path(la, id), content, now).await?;
        if !r.status().is_success() {
            return Err(StoreError::Corrupt(format!("object store refused the file: {}", r.status())));
        }
        Ok(())
    }

    /// Read a document's file back whole; `None` when the store has no such object.
    pub async fn get(&self, la: &str, id: Uuid, now: DateTime<Utc>) -> Result<Option<Vec<u8>>> {
        let r = self.send(reqwest::Method::GET, &self.path(la, id), b"", now).await?;
        if r.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !r.status().is_success() {
            return Err(StoreError::Corrupt(format!("object store: {}", r.status())));
        }
        let bytes = r.bytes().await.map_err(|e| StoreError::Corrupt(format!("object store: {e}")))?;
        Ok(Some(bytes.to_vec()))
    }
}

/// A request to sign: its method, path (already URI-encoded), query string, the headers signed
/// (names in lower case) and the SHA-256 of its body in hex.
pub struct Signing<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub headers: &'a [(&'a str, String)],
    pub payload_sha256: &'a str,
}

pub struct Credentials<'a> {
    pub access_key_id: &'a str,
    pub secret_access_key: &'a str,
    pub region: &'a str,
}

/// The `Authorization` header of AWS Signature Version 4 for the S3 service.
pub fn authorization(req: &Signing<'_>, creds: &Credentials<'_>, now: DateTime<Utc>) -> String {
    let mut headers: Vec<(String, String)> = req.headers.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_owned())).collect();
    headers.sort();
    let canonical_headers: String = headers.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let signed_headers = headers.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(";");
    let canonical_request =
        format!("{}\n{}\n{}\n{canonical_headers}\n{signed_headers}\n{}", req.method, req.path, req.query, req.payload_sha256);
    let day = now.format("%Y%m%d").to_string();
    let scope = format!("{day}/{}/s3/aws4_request", creds.region);
    let string_to_sign =
        format!("AWS4-HMAC-SHA256\n{}\n{scope}\n{}", now.format("%Y%m%dT%H%M%SZ"), hex(&Sha256::digest(canonical_request.as_bytes())));
    let key = [day.as_str(), creds.region, "s3", "aws4_request"]
        .iter()
        .fold(format!("AWS4{}", creds.secret_access_key).into_bytes(), |k, part| hmac_sha256(&k, part.as_bytes()).to_vec());
    let signature = hex(&hmac_sha256(&key, string_to_sign.as_bytes()));
    format!("AWS4-HMAC-SHA256 Credential={}/{scope},SignedHeaders={signed_headers},Signature={signature}", creds.access_key_id)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_signature_matches_aws_published_get_object_example() {
        // "Example: GET Object" of AWS's Signature Version 4 documentation for S3 (header-based
        // authentication): the first ten bytes of test.txt from examplebucket.
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let headers = [
            ("Host", "examplebucket.s3.amazonaws.com".to_owned()),
            ("Range", "bytes=0-9".to_owned()),
            ("x-amz-content-sha256", empty.to_owned()),
            ("x-amz-date", "20130524T000000Z".to_owned()),
        ];
        let auth = authorization(
            &Signing { method: "GET", path: "/test.txt", query: "", headers: &headers, payload_sha256: empty },
            &Credentials {
                access_key_id: "AKIAIOSFODNN7EXAMPLE",
                secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                region: "us-east-1",
            },
            Utc.with_ymd_and_hms(2013, 5, 24, 0, 0, 0).unwrap(),
        );
        assert_eq!(
            auth,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,\
             SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,\
             Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        );
    }
}
