//! placeholder
use super::*;
pub(crate) const RULES: &[Rule] = &[];
