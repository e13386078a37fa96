//! Written assessments for the demo: plausible, synthetic words for each
//! section of the Child and Family Assessment, varied by a number so that families do not all
//! read alike. Every name is the demo's own; nothing here is from a real record.

/// The text of one section for a child called `child`, variant `n`; `None` leaves an optional
/// section unwritten (practitioners write what applies).
pub fn section(key: &str, child: &str, n: usize) -> Option<String> {
    let pick = |options: &[&str]| options[n % options.len()].replace("{c}", child);
    let text = match key {
        "child_wishes" => pick(&[
            "{c} said: \"I like it when Mum walks me to school. I don't like it when they shout at night, I put my pillow over my ears.\" {c} wants everyone to \"be kind at home\" and wants to keep going to football on Saturdays.",
            "{c} drew the house and put the family in it, with Nan at the edge \"because she lives far away\". Asked what would make things better, {c} said \"more food in the cupboard and Dad not being sad\".",
            "{c} said school is \"the best bit of the day\" and that breakfast club is good \"because there's toast\". {c} asked whether the social worker would \"tell Mum what I said\" and was told what would be shared and why.",
        ]),
        "child_wishes_how" => pick(&[
            "Seen alone at school in the library on two visits, with the class teacher nearby. Used the three houses tool. {c} chose to talk while drawing.",
            "Seen alone in {c}'s bedroom at home during a planned visit, and again at school. No help with communication was needed.",
            "Seen at school with the learning mentor {c} trusts, then alone for part of the visit. Used feelings cards.",
        ]),
        "health" => pick(&[
            "Registered with the GP. Immunisations are up to date. Two missed dental appointments this year; the health visitor has offered to help rebook.",
            "{c} has asthma, managed with an inhaler kept at school. Sleep is often late because of noise at home.",
        ]),
        "education" => pick(&[
            "Attendance is 86% this term, with lateness on Mondays. {c} is working at the expected level in reading and below in maths.",
            "{c} attends every day and is described as bright and eager. The school raised concerns about hunger in the mornings.",
        ]),
        "emotional_behavioural" => pick(&[
            "{c} is quiet in class and becomes anxious at home time. No self-harm is known.",
            "{c} has had angry outbursts at school after weekends; staff say these follow arguments at home.",
        ]),
        "family_social_relationships" => pick(&[
            "{c} is close to an older brother and to Nan, who lives nearby. Contact with Dad is irregular.",
            "{c} has two good friends at school and goes to a youth club on Thursdays.",
        ]),
        "basic_care" => pick(&[
            "The home was warm and there was food on both visits, but the fridge was nearly empty on the first. Clothes are clean.",
            "Basic care is mostly good. Money runs out before payday and the family has used the food bank twice.",
        ]),
        "ensuring_safety" => pick(&[
            "Mum describes arguments with her partner that have become physical twice this year; police attended once. She has not yet accepted a referral to the domestic abuse service.",
            "There are no known risks from adults in the home. Mum has put parental controls on the tablet after a worrying message from a stranger online.",
        ]),
        "emotional_warmth" => pick(&[
            "Mum was warm and affectionate with {c} during both visits and knows {c}'s likes and worries well.",
            "Dad is loving but low in mood and finds it hard to respond when {c} is upset.",
        ]),
        "guidance_boundaries" => {
            if n.is_multiple_of(2) {
                return None;
            }
            pick(&["Bedtimes and routines slip when Mum works late shifts; {c} then stays up gaming."])
        }
        "family_history" => pick(&[
            "Mum grew up in care herself and says she has \"no one to ring\". A previous referral in 2023 closed after early help.",
            "The family moved here from another council area two years ago. There was a child in need plan there for six months.",
        ]),
        "wider_family" => pick(&[
            "Nan (maternal grandmother) sees {c} weekly and has offered to help with school runs. An aunt lives in the next town.",
            "Dad's sister is close to the children and could be part of a family network meeting.",
        ]),
        "housing" => pick(&[
            "A two-bedroom flat rented privately; damp in the children's bedroom. The landlord has been asked to repair it.",
            "Social housing, in reasonable condition. The family are worried about a rent increase.",
        ]),
        "income" => {
            pick(&["Universal Credit and part-time wages. Rent arrears of about £600.", "Dad works full time; money is tight but managed."])
        }
        "agency_contributions" => pick(&[
            "School (designated safeguarding lead, 12 November): attendance and hunger concerns as above. Health visitor: no concerns about the younger child. Police: one call-out to the address in August.",
            "GP: asthma reviewed in October, no concerns. School: {c} is doing well and the family engage with the school.",
        ]),
        "analysis_strengths" => pick(&[
            "Mum loves {c} and wants help. {c} goes to school and has trusted adults there. Nan is a real source of support.",
            "Dad is committed and honest about his low mood. The children are well attached to both parents and to their wider family.",
        ]),
        "analysis_needs" => pick(&[
            "{c} needs a calm home, enough food, and regular bedtimes. Mum needs support with money and with her relationship.",
            "{c} needs help with worries and a parent who is well enough to respond; the family needs help with debt.",
        ]),
        "analysis_risks" => pick(&[
            "The main risk is {c} living with domestic abuse: it has happened twice and Mum has not yet been able to act to stop it. The likelihood of it happening again is judged high and its impact on {c} is already seen in school.",
            "There is a moderate risk that Dad's low mood leaves {c}'s needs unmet; there is no evidence of harm from any adult. What is not yet known is how Dad is with the children when Mum works nights.",
        ]),
        "recommendation" => pick(&[
            "A family help plan led by the family help practitioner, with a social worker overseeing, domestic abuse support for Mum, and a family network meeting with Nan.",
            "A family help plan focused on money advice, the GP's support for Dad's mood, and a school-based worker for {c}. Review in three months.",
        ]),
        _ => return None,
    };
    Some(text)
}

/// What a parent or carer said, for the adult's own section.
pub fn adult_views(name: &str, child: &str, n: usize) -> String {
    let first = name.split_whitespace().next().unwrap_or(name);
    [
        format!("{first} agreed that things have been hard and wants help \"before it gets worse\". {first} thinks {child} is doing well at school and worries most about money."),
        format!("{first} was seen at home and said the worries are \"blown out of proportion\", but agreed to a family network meeting and to the school's support for {child}."),
        format!("{first} was spoken to by phone because of work; {first} said {child} is \"a good kid\" and wants to be more involved. A home visit is booked."),
    ][n % 3]
        .clone()
}

/// Sections of a written record: (key, text).
pub type Sections = Vec<(&'static str, String)>;

/// A child protection plan's written record for a child called `child`: variant
/// 0 is about neglect, 1 about what the child lives with at home: the sections the lead child protection practitioner writes, then those the family
/// help lead writes with the family.
pub fn plan_sections(child: &str, n: usize) -> (Sections, Sections) {
    let pick = |options: &[&str]| options[n % options.len()].replace("{c}", child);
    let lcpp = vec![
        (
            "worries",
            pick(&[
                "{c} has often gone to school hungry and in the same clothes, and the house has been cold with little food in it. If this carries on, {c}'s health and schooling will suffer.",
                "There have been loud arguments at home late at night, and once the police were called. {c} has heard and seen things that frighten them. If this carries on, {c} could be hurt.",
            ]),
        ),
        (
            "working_well",
            pick(&[
                "Mum loves {c} and wants things to be better. {c} goes to school most days, and Nan helps when she can.",
                "{c} has a good relationship with their teacher and goes to football every week. Dad has started to talk to the family help lead about money worries.",
            ]),
        ),
        (
            "needs_to_change",
            pick(&[
                "{c} has breakfast every day, clean clothes and a warm bedroom. Everyone will know because school and the health visitor will see it, and {c} will tell us.",
                "There is no more shouting or fighting at home. {c} feels safe at bedtime and says so when we ask.",
            ]),
        ),
    ];
    let family = vec![
        (
            "child_words",
            pick(&[
                "\"I want my own bed and my tea at the same time every day.\"",
                "\"I don't like the shouting. I want Mum and Dad to be happy.\"",
            ]),
        ),
        (
            "family_words",
            pick(&[
                "Mum: \"I know things got on top of me. I want help with money and with getting up in the mornings.\"",
                "Dad: \"I don't agree that {c} is at risk, but I will go to the course if it helps us.\"",
            ]),
        ),
        (
            "network",
            pick(&[
                "Nan will have {c} for tea on Tuesdays and Thursdays and will ring Mum each morning.",
                "Aunt Sara will take {c} to football on Saturdays.",
            ]),
        ),
    ];
    (lcpp, family)
}

/// A conference's record in words that fit the category of harm (`n`: 0 neglect, 1 what the
/// child lives with at home): what the chair writes, then what the family help lead adds.
pub fn conference_sections(child: &str, n: usize) -> (Sections, Sections) {
    let pick = |options: &[&str]| options[n % options.len()].replace("{c}", child);
    let chair = vec![
        (
            "reports",
            pick(&[
                "School: {c}'s attendance is 78% this term and staff give {c} breakfast most days. Health visitor: two missed appointments; weight has dropped on the chart. Police: no recent call-outs.",
                "Police: three call-outs to the home in two months, the last with {c} present. School: {c} has been withdrawn and tired. Health: the GP has seen Mum for an injury she explained as a fall.",
            ]),
        ),
        (
            "worries",
            pick(&[
                "{c} is not getting enough food, warmth or care at home, and the help offered so far has not changed that.",
                "{c} lives with arguments and violence between the adults at home and has been frightened by it.",
            ]),
        ),
        (
            "working_well",
            pick(&[
                "Mum came to the conference and spoke openly. Nan is a steady support and {c} is close to her.",
                "{c} trusts their teacher. Mum has spoken to the domestic abuse service once.",
            ]),
        ),
        (
            "decision_reasons",
            pick(&[
                "All agencies agreed that {c} is likely to suffer significant harm through neglect. A child protection plan is needed; category neglect.",
                "The police, school and the council agreed that {c} is likely to suffer significant harm; health agreed with reservations. A child protection plan is needed.",
            ]),
        ),
        (
            "next_steps",
            "The lead child protection practitioner and the family help lead will write the plan with the family; the first core group meets within 10 working days; a review conference in three months.".to_owned(),
        ),
    ];
    let family = vec![
        (
            "child_views",
            pick(&[
                "{c} met the family help lead before the conference and drew their house: \"I want a warm bed and for Mum not to be sad.\"",
                "{c} told the family help lead: \"I hide upstairs when they shout. I want it to stop.\"",
            ]),
        ),
        (
            "family_views",
            pick(&[
                "Mum said she has struggled since losing her job and wants help with money and mornings. She agreed to the plan.",
                "Mum agreed that {c} had been frightened. Dad did not attend; he told the family help lead he does not accept the worries.",
            ]),
        ),
    ];
    (chair, family)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_required_section_has_words_for_every_variant() {
        for spec in ff_domain::assessments::SECTIONS.iter().filter(|s| s.required) {
            for n in 0..6 {
                let text = super::section(spec.key, "Mia", n).unwrap_or_default();
                assert!(text.len() > 20, "{} variant {n} is empty", spec.key);
                assert!(!text.contains("{c}"), "{} variant {n} kept a placeholder", spec.key);
            }
        }
    }
}
