//! A genogram drawn on the server from the people register: the child in the
//! middle row, parents and carers above, grandparents above them, brothers and sisters beside,
//! children below; squares for males, circles for females, diamonds when not known. Ended
//! relationships are drawn dashed. The page lists the same people as text beside the drawing.

use ff_service::people::RelativeView;

/// One person in the drawing.
pub struct Node {
    pub x: i64,
    pub y: i64,
    pub label: String,
    pub sub: String,
    /// "square", "circle" or "diamond".
    pub shape: &'static str,
    pub is_child: bool,
}

pub struct Line {
    pub x1: i64,
    pub y1: i64,
    pub x2: i64,
    pub y2: i64,
    pub dashed: bool,
}

pub struct Genogram {
    pub width: i64,
    pub height: i64,
    pub nodes: Vec<Node>,
    pub lines: Vec<Line>,
}

/// The generation of a relative relative to the child (negative: older).
fn generation(r: &RelativeView) -> i64 {
    let up = match r.kind.as_str() {
        "grandparent" => 2,
        "sibling" | "friend" => 0,
        _ => 1,
    };
    if r.other_is_kind || up == 0 { -up } else { up }
}

fn shape(sex: &str) -> &'static str {
    match sex {
        "M" => "square",
        "F" => "circle",
        _ => "diamond",
    }
}

const COL: i64 = 150;
const ROW: i64 = 110;

pub fn draw(child_name: &str, child_sex: &str, relatives: &[RelativeView]) -> Genogram {
    let mut rows: std::collections::BTreeMap<i64, Vec<&RelativeView>> = std::collections::BTreeMap::new();
    for r in relatives {
        rows.entry(generation(r)).or_default().push(r);
    }
    let top = rows.keys().next().copied().unwrap_or(0).min(0);
    let bottom = rows.keys().last().copied().unwrap_or(0).max(0);
    let widest = rows.values().map(|v| v.len()).max().unwrap_or(0).max(rows.get(&0).map(|v| v.len() + 1).unwrap_or(1)) as i64;
    let width = (widest * COL + 40).max(300);
    let y_of = |g: i64| 50 + (g - top) * ROW;
    let centre = |i: i64, n: i64| width / 2 + (2 * i - (n - 1)) * COL / 2;
    let mut nodes = vec![];
    // The child first, in the middle of its row with brothers and sisters around.
    let siblings = rows.get(&0).map(|v| v.len() as i64).unwrap_or(0);
    let child_x = centre(siblings / 2, siblings + 1);
    let child_y = y_of(0);
    nodes.push(Node {
        x: child_x,
        y: child_y,
        label: child_name.to_owned(),
        sub: "This child".into(),
        shape: shape(child_sex),
        is_child: true,
    });
    let mut lines = vec![];
    for (g, people) in &rows {
        let n = people.len() as i64 + i64::from(*g == 0);
        let mut slot = 0;
        for r in people {
            if *g == 0 && slot == siblings / 2 {
                slot += 1;
            }
            let (x, y) = (centre(slot, n), y_of(*g));
            slot += 1;
            lines.push(Line { x1: x, y1: y, x2: child_x, y2: child_y, dashed: r.end_date.is_some() || r.kind == "friend" });
            nodes.push(Node { x, y, label: r.full_name.clone(), sub: r.relationship.clone(), shape: shape(&r.sex), is_child: false });
        }
    }
    Genogram { width, height: y_of(bottom) + 70, nodes, lines }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn rel(name: &str, kind: &str, sex: &str, other_is_kind: bool) -> RelativeView {
        RelativeView {
            relationship_id: Uuid::nil(),
            person_id: Uuid::nil(),
            full_name: name.into(),
            relationship: kind.into(),
            kind: kind.into(),
            parental_responsibility: false,
            pr_basis: None,
            start_date: None,
            end_date: None,
            sex: sex.into(),
            date_of_birth: None,
            is_child: false,
            other_is_kind,
        }
    }

    #[test]
    fn generations_and_shapes() {
        let g = draw(
            "Ivy",
            "F",
            &[
                rel("Mum", "mother", "F", true),
                rel("Dad", "father", "M", true),
                rel("Nan", "grandparent", "F", true),
                rel("Bo", "sibling", "M", true),
            ],
        );
        let find = |l: &str| g.nodes.iter().find(|n| n.label == l).unwrap();
        assert!(find("Nan").y < find("Mum").y && find("Mum").y < find("Ivy").y, "grandparents above parents above the child");
        assert_eq!(find("Bo").y, find("Ivy").y, "siblings beside the child");
        assert_ne!(find("Bo").x, find("Ivy").x);
        assert_eq!(find("Dad").shape, "square");
        assert_eq!(find("Mum").shape, "circle");
        assert_eq!(g.lines.len(), 4);
        // The child's own child is drawn below.
        let g = draw("Teen", "F", &[rel("Baby", "mother", "U", false)]);
        assert!(g.nodes[1].y > g.nodes[0].y && g.nodes[1].shape == "diamond");
    }
}
