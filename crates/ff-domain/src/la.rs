//! The local authority (LA) code that every council-owned row carries.
//!
//! Decision: we use the DfE three-digit LA number (as in the CIN census `LA` element), not the ONS
//! code, because the statutory returns are keyed on it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LaCode(String);

impl LaCode {
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(s.to_owned()))
        } else {
            Err(format!("An LA code is the three-digit DfE LA number, like 201; got {s:?}"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for LaCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<LaCode> for String {
    fn from(value: LaCode) -> Self {
        value.0
    }
}

impl std::fmt::Display for LaCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_digits_only() {
        assert!(LaCode::parse("201").is_ok());
        assert!(LaCode::parse(" 990 ").is_ok());
        assert!(LaCode::parse("20").is_err());
        assert!(LaCode::parse("E09000001").is_err());
        assert!(LaCode::parse("2a1").is_err());
    }
}
