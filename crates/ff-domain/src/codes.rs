//! Code lists: `code_enum!` declares an enum whose variants carry the code stored in rows and
//! sent in returns and the label shown on screens, with `code()`, `label()`, `from_code()` and
//! `ALL`. Every code list of the domain is declared with it.

macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and used in the API.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Plain-English label for pages.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        /// Rows read from the database hold the enum, not the string (`#[sqlx(try_from = "String")]`):
        /// a code the list does not know is a decode error, never a silent default.
        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(code: String) -> Result<Self, String> {
                Self::from_code(&code).ok_or_else(|| format!("unknown {} code {code:?}", stringify!($name)))
            }
        }

        impl $crate::codes::Code for $name {
            fn code(self) -> &'static str {
                $name::code(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}
pub(crate) use code_enum;

/// Every code list of the domain: its stable code, and the list read back from a code (an unknown
/// code is an error). The store's rows hold these types and write `code()`.
pub trait Code: Copy + TryFrom<String, Error = String> {
    fn code(self) -> &'static str;
}
