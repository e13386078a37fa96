//! What free text and names may contain. Checked once at the boundary (every JSON body and form
//! post) and again for names, so that nothing stored displays differently from what was typed and
//! both databases accept every value (PostgreSQL cannot store NUL at all).

/// A control character that is never stored: the C0 controls other than tab, line feed and
/// carriage return, DEL, and the C1 controls.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The first forbidden control character in `s`, if any.
pub fn first_forbidden_control(s: &str) -> Option<char> {
    s.chars().find(|c| is_forbidden_control(*c))
}

/// Bidirectional embedding, override and isolate controls and the direction marks: in a name they
/// make it display differently from what is stored (and from what a search finds).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters that show nothing: zero-width spaces and joiners, the word joiner, the byte order
/// mark and the soft hyphen.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Why a name cannot be stored, in words for the person typing it; `None` when it is fine.
pub fn name_problem(name: &str) -> Option<&'static str> {
    if name.chars().any(is_forbidden_control) || name.contains(['\t', '\n', '\r']) {
        return Some("Names cannot contain control characters or line breaks");
    }
    if name.chars().any(is_bidi_control) {
        return Some("Names cannot contain hidden text-direction characters; type the name again without pasting it");
    }
    if !name.is_empty() && name.chars().all(|c| is_invisible(c) || c.is_whitespace()) {
        return Some("Enter a name made of visible letters");
    }
    None
}

/// A count and its noun, in the form the count needs: `plural(1, "child", "children")` is
/// "1 child", `plural(2, "child", "children")` "2 children". The count may be any number or an
/// already formatted one ("1,204"); only a count of exactly one takes the singular.
pub fn plural(n: impl std::fmt::Display, one: &str, many: &str) -> String {
    let n = n.to_string();
    let noun = if n == "1" { one } else { many };
    format!("{n} {noun}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_of_one_takes_the_singular_and_every_other_the_plural() {
        assert_eq!(plural(1, "child", "children"), "1 child");
        assert_eq!(plural(0usize, "child", "children"), "0 children");
        assert_eq!(plural(2i64, "family", "families"), "2 families");
        assert_eq!(plural(1u32, "case", "cases"), "1 case");
        assert_eq!(plural("1,204", "child", "children"), "1,204 children");
        assert_eq!(plural(11, "day", "days"), "11 days");
    }

    #[test]
    fn control_characters_are_refused_but_line_breaks_and_tabs_are_text() {
        assert_eq!(first_forbidden_control("Seen at home\r\n\tall well"), None);
        assert_eq!(first_forbidden_control("a\u{0}b"), Some('\u{0}'));
        assert_eq!(first_forbidden_control("bell\u{7}"), Some('\u{7}'));
        assert_eq!(first_forbidden_control("del\u{7f}"), Some('\u{7f}'));
        assert_eq!(first_forbidden_control("c1\u{85}"), Some('\u{85}'));
        assert_eq!(first_forbidden_control("Zoë Ó Briain-Łukasz"), None);
    }

    #[test]
    fn names_refuse_direction_overrides_invisible_only_names_and_controls() {
        assert_eq!(name_problem("Amelia"), None);
        assert_eq!(name_problem("Nur\u{200D}ah"), None, "a joiner inside a real name is allowed");
        assert!(name_problem("evil\u{202E}gnp.exe").is_some());
        assert!(name_problem("\u{2067}Amelia").is_some());
        assert!(name_problem("\u{200B}\u{200B}").is_some());
        assert!(name_problem("\u{FEFF} ").is_some());
        assert!(name_problem("Ame\u{0}lia").is_some());
        assert!(name_problem("Ame\nlia").is_some());
    }
}
