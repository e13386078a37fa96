//! How rows hold the domain's code lists (decision 0013): a code column is parsed once, when the
//! row is read (`#[sqlx(try_from = "String")]`, or [`NullableCode`] for a column that may be
//! empty), and a code the list does not know is a decode error. Binding writes `code()`. In JSON
//! (the rows kept in `record_versions`) a code is written as the code itself, as it was when the
//! rows held strings ([`as_code`], [`as_opt_code`]), not in the enum's own serde form.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};
use sqlx::Database;
use sqlx::error::BoxDynError;

pub use ff_domain::codes::Code;

/// `#[serde(with = "as_code")]`: the code as its string.
pub mod as_code {
    use super::*;

    pub fn serialize<T: Code, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.code())
    }

    pub fn deserialize<'de, T: Code, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        T::try_from(String::deserialize(d)?).map_err(D::Error::custom)
    }
}

/// `#[serde(default, with = "as_opt_code")]`: an optional code as its string, or null.
pub mod as_opt_code {
    use super::*;

    pub fn serialize<T: Code, S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(c) => s.serialize_some(c.code()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Code, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        Option::<String>::deserialize(d)?.map(T::try_from).transpose().map_err(D::Error::custom)
    }
}

/// A code column that may be empty, as read: `#[sqlx(try_from = "NullableCode")]` on an
/// `Option<Code>` field (sqlx's `try_from` converts the column's own type, and `Option<String>`
/// cannot be given a conversion to `Option<T>` outside this crate).
pub struct NullableCode(Option<String>);

impl<DB: Database> sqlx::Type<DB> for NullableCode
where
    Option<String>: sqlx::Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <Option<String> as sqlx::Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <Option<String> as sqlx::Type<DB>>::compatible(ty)
    }
}

impl<'r, DB: Database> sqlx::Decode<'r, DB> for NullableCode
where
    Option<String>: sqlx::Decode<'r, DB>,
{
    fn decode(value: DB::ValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(NullableCode(<Option<String> as sqlx::Decode<'r, DB>>::decode(value)?))
    }
}

impl<T: Code> TryFrom<NullableCode> for Option<T> {
    type Error = String;

    fn try_from(v: NullableCode) -> Result<Self, String> {
        v.0.map(T::try_from).transpose()
    }
}

#[cfg(test)]
mod tests {
    use ff_domain::looked_after::ReasonCeased;

    use super::*;

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Row {
        #[serde(with = "as_code")]
        code: ReasonCeased,
        #[serde(default, with = "as_opt_code")]
        maybe: Option<ReasonCeased>,
    }

    #[test]
    fn codes_are_written_as_the_903_code_and_unknown_codes_are_refused() {
        let r = Row { code: ReasonCeased::E4A, maybe: None };
        assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"code":"E4A","maybe":null}"#);
        assert_eq!(serde_json::from_str::<Row>(r#"{"code":"E4A"}"#).unwrap(), r);
        assert_eq!(serde_json::from_str::<Row>(r#"{"code":"X1","maybe":"E2"}"#).unwrap().maybe, Some(ReasonCeased::E2));
        assert!(serde_json::from_str::<Row>(r#"{"code":"e4a"}"#).is_err());
        assert!(<Option<ReasonCeased>>::try_from(NullableCode(Some("ZZ".into()))).is_err());
        assert_eq!(<Option<ReasonCeased>>::try_from(NullableCode(None)), Ok(None));
    }
}
