//! The demo's everyday records around a child: the professionals involved, case notes (visits,
//! calls, supervision) and documents, so the child's page and chronology look like a working case.

use super::*;

/// Whether the child is a baby (under two) today, so that the demo's words fit the child: a
/// fifteen-year-old is not weighed by the health visitor.
pub(super) async fn is_baby(db: &Db, ctx: &Ctx, child: Uuid) -> Result<bool, ServiceError> {
    let mut tx = db.begin().await?;
    let p = ff_store::people::get_person(&mut tx, ctx.la(), child).await?;
    tx.commit().await?;
    Ok(p.and_then(|p| p.date_of_birth).is_none_or(|b| ctx.today().signed_duration_since(b).num_days() < 2 * 365))
}

/// The child's GP, and their school or (under five) health visitor, with fictional names and
/// numbers from Ofcom's drama range.
pub(super) async fn professionals(db: &Db, ctx: &Ctx, child: Uuid, born: Option<NaiveDate>, i: usize) -> Result<(), ServiceError> {
    use ff_service::professionals::{ProfessionalInput, add};
    const SURGERIES: [(&str, &str); 3] = [
        ("Dr Asha Patel", "Northmoor Health Centre"),
        ("Dr Tom Fenwick", "Riverside Surgery"),
        ("Dr Grace Obi", "Moorgate Medical Practice"),
    ];
    const SCHOOLS: [&str; 4] = ["Northmoor Primary School", "St Anne's C of E Primary", "Moorside Academy", "Northmoor High School"];
    let (gp, surgery) = SURGERIES[i % SURGERIES.len()];
    let since = born.map(|b| b + chrono::Days::new(42));
    add(
        db,
        ctx,
        child,
        &ProfessionalInput {
            role: "gp".into(),
            name: gp.into(),
            organisation: surgery.into(),
            phone: format!("01632 960 {:03}", 100 + i % 3),
            email: String::new(),
            start_date: since,
        },
    )
    .await?;
    let under_five = born.is_some_and(|b| ctx.today().signed_duration_since(b).num_days() < 5 * 365);
    let other = if under_five {
        ProfessionalInput {
            role: "health_visitor".into(),
            name: "Jo Reed".into(),
            organisation: "Northmoor 0-19 Service".into(),
            phone: "01632 960 200".into(),
            email: "northmoor.0-19@nhs.example".into(),
            start_date: since,
        }
    } else {
        let school = SCHOOLS[i % SCHOOLS.len()];
        ProfessionalInput {
            role: "school".into(),
            name: "Designated safeguarding lead".into(),
            organisation: school.into(),
            phone: format!("01632 960 {:03}", 300 + i % SCHOOLS.len()),
            email: format!("dsl@school{}.example.org", i % SCHOOLS.len() + 1),
            start_date: None,
        }
    };
    add(db, ctx, child, &other).await?;
    Ok(())
}

/// A lead's typed notes of a home visit and a call, and the manager's supervision with what was
/// decided. The wording varies from child to child.
pub(super) async fn case_notes(db: &Db, a: &Actors, child: Uuid, visit: NaiveDate, supervision: NaiveDate) -> Result<(), ServiceError> {
    use ff_service::case_notes::{NoteInput, record_note};
    const VISITS: [(&str, &str, &str); 3] = [
        (
            "The children, their mother and her sister",
            "Home warm and tidy; food in the cupboards. Mother said the new medication is helping and she is sleeping better. Breakfast club place taken up.",
            "I like breakfast club because my friend goes",
        ),
        (
            "The children and their father",
            "Father showed me the school letters and the attendance certificate. The youngest's bedroom now has a proper bed. Father asked for help with the gas bill.",
            "Dad reads to us now on school nights",
        ),
        (
            "The children, their mother and the health visitor",
            "Joint visit. Baby weighed: back on her centile line. Mother calmer, engaging well, asked about the parenting group on Thursdays.",
            "Mummy is not so sad any more",
        ),
    ];
    // The health visitor's joint visit is for babies only.
    let choices = if is_baby(db, &a.practitioner, child).await? { 3 } else { 2 };
    let (present, note, words) = VISITS[(child.as_u128() % choices) as usize];
    let visit_note = NoteInput {
        kind: Some("home_visit".into()),
        occurred_on: visit,
        occurred_time: Some("15:45".into()),
        people_present: present.into(),
        note: note.into(),
        child_voice: words.into(),
        ..Default::default()
    };
    record_note(db, &a.practitioner, child, &visit_note).await?;
    let supervision_note = NoteInput {
        kind: Some("supervision".into()),
        occurred_on: supervision,
        note: "Reflective supervision with the lead practitioner. Talked through what would make things worse (a relapse, losing the tenancy) and what else could explain the late arrivals at school.".into(),
        decisions: "Carry on with the family help plan; no need for a strategy discussion on what we know now.".into(),
        actions: "Lead to ask the school for weekly attendance until the review. Manager to check the housing referral by Friday.".into(),
        ..Default::default()
    };
    record_note(db, &a.manager, child, &supervision_note).await?;
    // The letter that followed the visit, and the school's report, kept with the record.
    use ff_service::documents::{DocumentConfig, DocumentInput, add};
    let letter = format!(
        "Dear parent or carer,\n\nThank you for seeing me on {}. As we agreed, the next review of the family help plan is in four weeks. \
         Please ring me on 01632 960 400 if anything changes before then.\n\nYours sincerely,\nLead practitioner, Northmoor Family Help\n",
        visit.format("%-d %B %Y")
    );
    let input = |category: &str, title: &str, date: NaiveDate| DocumentInput {
        category: category.into(),
        title: title.into(),
        document_date: Some(date),
        ..Default::default()
    };
    add(
        db,
        &a.practitioner,
        &DocumentConfig::default(),
        child,
        &input("letter", "Letter to the family after the visit", visit),
        "visit-letter.txt",
        letter.as_bytes(),
    )
    .await?;
    let report = demo_pdf("Northmoor Primary School - attendance and wellbeing report (synthetic demo data)");
    add(
        db,
        &a.practitioner,
        &DocumentConfig::default(),
        child,
        &input("report", "School attendance and wellbeing report", supervision),
        "school-report.pdf",
        &report,
    )
    .await?;
    Ok(())
}

/// A one-page PDF holding one line of text, for the demo's documents (a real PDF, so that it
/// opens in any viewer and is taken as a PDF by its content).
pub(super) fn demo_pdf(line: &str) -> Vec<u8> {
    let text: String = line.chars().filter(|c| c.is_ascii() && !matches!(c, '(' | ')' | '\\')).collect();
    let stream = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = vec![];
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1));
    for o in offsets {
        out.push_str(&format!("{o:010} 00000 n \n"));
    }
    out.push_str(&format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1));
    out.into_bytes()
}
