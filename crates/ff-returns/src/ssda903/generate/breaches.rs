//! Deliberate breaches of named validation rules, put into a share of the children so that the
//! validator has something to find.

use super::*;

impl Gen {
    /// Gives the child one deliberate breach; returns the rule it targets.
    pub(super) fn breach(&mut self, kid: &mut Kid) -> Option<&'static str> {
        let kinds: &[&'static str] = &["103", "168", "440", "543", "630", "225", "392b", "SW02STG1", "304", "133", "574", "145"];
        let start = self.rng.range(0, kinds.len() as i64 - 1) as usize;
        for i in 0..kinds.len() {
            let k = kinds[(start + i) % kinds.len()];
            if self.apply(k, kid) {
                return Some(k);
            }
        }
        None
    }

    pub(super) fn apply(&mut self, kind: &'static str, kid: &mut Kid) -> bool {
        let dob = kid.dob.unwrap_or(self.start);
        match kind {
            "103" => {
                kid.rows_mut(Table::Header)[0][3] = "WHIT".into();
                true
            }
            "168" => {
                let upn = &mut kid.rows_mut(Table::Header)[0][4];
                upn.replace_range(0..1, "I");
                true
            }
            "440" => {
                let start = self.start;
                let Some(r) = kid.rows_mut(Table::Reviews).iter_mut().find(|r| parse(&r[2]).is_some_and(|d| d >= start && aged(dob, 5, d)))
                else {
                    return false;
                };
                r[3] = "PN0".into();
                true
            }
            "543" => {
                if !aged(dob, 10, self.end) {
                    return false;
                }
                let Some(r) = kid.rows_mut(Table::Oc2).first_mut() else { return false };
                r[4].clear();
                true
            }
            "630" => {
                if kid.rows[Table::PrevPerm.index()].is_empty() {
                    return false;
                }
                kid.rows_mut(Table::PrevPerm).clear();
                true
            }
            "225" => {
                let Some(r) = kid.rows_mut(Table::Episodes).iter_mut().find(|r| !r[9].is_empty()) else { return false };
                r[9].clear();
                true
            }
            "392b" => {
                if kid.uasc {
                    return false;
                }
                let Some(r) = kid.rows_mut(Table::Episodes).iter_mut().find(|r| !r[10].is_empty()) else { return false };
                r[10].clear();
                true
            }
            "SW02STG1" => {
                let Some(r) = kid.rows_mut(Table::SwEpisodes).first_mut() else { return false };
                r[2] = format!("AB{}", &r[2][2..]);
                true
            }
            "304" => {
                let Some(r) = kid.rows_mut(Table::Uasc).first_mut() else { return false };
                r[3] = fmt_date(add(add_years(dob, 18), 30));
                true
            }
            "133" => {
                let Some(r) = kid.rows_mut(Table::Oc3).first_mut() else { return false };
                if r[2] != "YES" {
                    return false;
                }
                r[4] = "S1".into();
                true
            }
            "574" => {
                // A second record of the same missing episode, reported as found later.
                let Some(r) = kid.rows_mut(Table::Missing).iter().find(|r| r[3] != r[4]).cloned() else { return false };
                kid.push(Table::Missing, r);
                true
            }
            "145" => {
                let Some(r) = kid.rows_mut(Table::Episodes).first_mut() else { return false };
                r[4] = "N9".into();
                true
            }
            _ => false,
        }
    }
}
