//! What both returns' XML readers share.

/// The character an XML general reference stands for: a character reference (`&#39;`) or one of
/// the five predefined entities; none for anything else.
pub(crate) fn general_ref_char(r: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    if r.is_char_ref() {
        return r.resolve_char_ref().ok().flatten();
    }
    match &**r {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}
