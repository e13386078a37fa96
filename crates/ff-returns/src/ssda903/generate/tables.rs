//! The rows a looked-after child adds to the tables beside the episodes: reviews, missing
//! episodes, adoption, the outcome tables, social workers and deprivation of liberty orders.

use super::*;

impl Gen {
    pub(super) fn reviews(&mut self, kid: &mut Kid, id: &str, dobs: &str, dob: NaiveDate, eps: &[Ep]) {
        let ps = eps.iter().rev().find(|e| e.rne == "S").map_or(eps[0].decom, |e| e.decom);
        let pe = eps.last().and_then(|e| e.dec).unwrap_or(self.end).min(self.end);
        // Statutory timetable: 20 working days, 3 months, then every 6 months.
        let mut r = add(ps, self.rng.range(14, 28));
        let mut n = 0;
        if ps < self.start {
            // Long-running: the timetable is somewhere in its 6-monthly cycle.
            r = add(self.start, self.rng.range(0, 180));
            n = 2;
        }
        while r <= pe {
            if r >= self.start {
                let code =
                    if aged(dob, 4, r) { *self.rng.pick(&["PN1", "PN1", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"]) } else { "PN0" };
                kid.push(Table::Reviews, vec![id.into(), dobs.into(), fmt_date(r), code.into()]);
            }
            r = add(r, if n == 0 { 91 } else { self.rng.range(170, 182) });
            n += 1;
        }
    }

    pub(super) fn missing(&mut self, kid: &mut Kid, id: &str, dobs: &str, dob: NaiveDate, eps: &[Ep]) {
        if !aged(dob, 11, self.start) || !self.rng.chance(0.12) {
            return;
        }
        let lo = eps[0].decom.max(self.start);
        let hi = eps.last().and_then(|e| e.dec).unwrap_or(self.end).min(self.end);
        let mut d = add(lo, self.rng.range(1, 30));
        for _ in 0..self.rng.range(1, 4) {
            let len = self.rng.range(0, 4);
            let until = add(d, len);
            if until >= hi || d <= dob {
                break;
            }
            let kind = if self.rng.chance(0.7) { "M" } else { "A" };
            kid.push(Table::Missing, vec![id.into(), dobs.into(), kind.into(), fmt_date(d), fmt_date(until)]);
            d = add(until, self.rng.range(5, 90));
        }
    }

    pub(super) fn adoption(&mut self, kid: &mut Kid, id: &str, dobs: &str, eps: &[Ep]) {
        let ps = eps.iter().rev().find(|e| e.rne == "S").map_or(eps[0].decom, |e| e.decom);
        let e1 = eps.iter().find(|e| e.ls == "E1").map(|e| e.decom);
        let a6 = eps.iter().find(|e| e.p.place == "A6").map(|e| e.decom);
        let limit = match (e1, a6) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => return,
        };
        let decided = self.rng.date(add(ps, 1).min(limit), add(limit, -1).max(ps));
        kid.push(Table::PlacedAdoption, vec![id.into(), dobs.into(), fmt_date(decided), String::new(), String::new()]);
        let Some(last) = eps.last() else { return };
        if matches!(last.rec, "E11" | "E12") {
            let placed = last.decom;
            let matched = self.rng.date(decided, placed);
            let (nb, sex, ls) = *self.rng.pick(&[
                ("2", "MF", "L11"),
                ("2", "MF", "L11"),
                ("2", "MF", "L12"),
                ("1", "F1", "L0"),
                ("2", "FF", "L4"),
                ("2", "MM", "L12"),
            ]);
            let sex = if ls == "L12" && sex == "MF" { "FF" } else { sex };
            let foster = if matches!(last.p.place, "A3" | "A5") { "1" } else { "0" };
            kid.push(
                Table::Ad1,
                vec![id.into(), dobs.into(), fmt_date(decided), fmt_date(matched), foster.into(), nb.into(), sex.into(), ls.into()],
            );
        }
    }

    pub(super) fn oc2(&mut self, kid: &mut Kid, id: &str, dobs: &str, dob: NaiveDate) {
        let (start, end) = (self.start, self.end);
        let sdq = aged(dob, 4, end) && add_years(dob, 17) >= start;
        let (score, reason) = if !sdq {
            (String::new(), String::new())
        } else if self.rng.chance(0.1) {
            (String::new(), (*self.rng.pick(&["SDQ2", "SDQ3", "SDQ4", "SDQ5"])).to_owned())
        } else {
            (self.rng.range(0, 40).to_string(), String::new())
        };
        let flag = |g: &mut Gen, p: f64| if g.rng.chance(p) { "1".to_owned() } else { "0".to_owned() };
        let convicted = if aged(dob, 10, end) { flag(self, 0.05) } else { String::new() };
        let health_check = if aged(dob, 5, end) { String::new() } else { flag(self, 0.9) };
        let imm = flag(self, 0.85);
        let teeth = flag(self, 0.8);
        let assess = flag(self, 0.9);
        let misuse = if aged(dob, 11, end) { flag(self, 0.08) } else { "0".to_owned() };
        let (received, offered) = if misuse == "1" {
            if self.rng.chance(0.6) { ("1".to_owned(), String::new()) } else { ("0".to_owned(), flag(self, 0.7)) }
        } else {
            (String::new(), String::new())
        };
        kid.push(
            Table::Oc2,
            vec![id.into(), dobs.into(), score, reason, convicted, health_check, imm, teeth, assess, misuse, received, offered],
        );
    }

    pub(super) fn oc3(&mut self, kid: &mut Kid, id: &str, dobs: &str, dob: NaiveDate) {
        let roll = self.rng.range(0, 99);
        let (touch, activ, accom): (&str, &str, &str) = if roll < 80 {
            ("YES", *self.rng.pick(ACTIV_ACTIVE), *self.rng.pick(ACCOM_ADULT))
        } else if roll < 90 {
            (*self.rng.pick(&["NO", "REFU", "NREQ"]), "0", "0")
        } else if roll < 99 {
            ("RHOM", "0", "0")
        } else {
            ("DIED", "0", "0")
        };
        let _ = dob;
        kid.push(Table::Oc3, vec![id.into(), dobs.into(), touch.into(), activ.into(), accom.into()]);
    }

    pub(super) fn social_workers(&mut self, kid: &mut Kid, id: &str, dobs: &str, eps: &[Ep]) {
        let window = if self.year >= RulesYear::Y2024_25 { add_years(self.start, -1) } else { self.start };
        let first = eps[0].decom;
        let end_of_care = eps.last().and_then(|e| e.dec).unwrap_or(self.end);
        // Allocation changes from the start of care up to the end of care.
        let mut rows: Vec<(NaiveDate, Option<NaiveDate>, &'static str)> = Vec::new();
        let mut d = first;
        let mut reason = "OTHERS";
        loop {
            let len = self.rng.range(90, 600);
            let until = add(d, len);
            if add(until, 3) >= end_of_care || until >= add(self.end, -6) {
                rows.push((d, None, reason));
                break;
            }
            rows.push((d, Some(until), reason));
            d = add(until, self.rng.range(0, 3));
            reason = *self.rng.pick(SW_CHANGE_REASONS);
        }
        rows.retain(|r| r.1.is_none_or(|e| e >= window));
        // The first remaining allocation covers the start of care when that start is still in view.
        if let Some(f) = rows.first_mut()
            && f.0 > first
            && eps[0].rne == "S"
        {
            f.0 = first;
        }
        for (s, e, r) in rows {
            let sw = format!("SW{:06}", self.rng.range(10_000, 999_999));
            kid.push(Table::SwEpisodes, vec![id.into(), dobs.into(), sw, fmt_date(s), opt_date(e), r.into()]);
        }
    }

    pub(super) fn dolo(&mut self, kid: &mut Kid, id: &str, dobs: &str, dob: NaiveDate, eps: &[Ep]) {
        let Some(e) = eps.iter().find(|e| e.p.place == "K2" && e.dec.is_none_or(|d| d > add(self.start, 30))) else { return };
        if !aged(dob, 12, self.start) || !self.rng.chance(0.3) {
            return;
        }
        let lo = e.decom.max(self.start);
        let hi = e.dec.unwrap_or(self.end).min(self.end);
        if (hi - lo).num_days() < 10 {
            return;
        }
        let s = self.rng.date(add(lo, 1), add(hi, -5));
        let end = if self.rng.chance(0.5) {
            Some(self.rng.date(add(s, 1), add(hi, -1).max(add(s, 1))))
        } else if e.dec.is_none() {
            None
        } else {
            Some(add(hi, -1).max(add(s, 1)))
        };
        kid.push(Table::DoLo, vec![id.into(), dobs.into(), fmt_date(s), opt_date(end)]);
    }
}
