//! Demand forecasting for a region's children in care (RCC-2, RCC-FC): a stock-and-flow projection
//! of children in care by age band and placement category, built from multi-year SSDA903 episodes
//! by the same method as the public regional demand model (Social Finance's
//! `cs-demand-model-regional`, package `ssda903`, MIT licence), so that a region's analysts get the
//! numbers they already know, from the records instead of uploaded spreadsheets.
//!
//! The method, in four steps, each in its own module:
//! - [`prepare`]: episodes joined to each child's date of birth, duplicates across years removed,
//!   changes of legal status alone folded into the episode before, and every episode cut at the
//!   birthdays where the child moves to the next age band;
//! - [`rates`]: the daily stock in each state, the daily rate of moving from each state to each
//!   other (the mean over the reference period of the day's moves divided by the day before's
//!   stock) and the expected number of children entering each state per day;
//! - [`project`]: day by day, the population moves by the rates and entries arrive, with a variance
//!   that gives the confidence band, and scenario levers that change rates or entries;
//! - [`costs`]: the projected population priced by placement, split by how the reference period's
//!   children were placed;
//! - and a backtest ([`backtest`], FC-7): the last year of the data held out, forecast from the
//!   years before it, and the error against what happened.
//!
//! Pure: no I/O and no clock; every date is passed in. Where the peer model has a quirk that
//! changes numbers (ages in days over 365.24, birthdays in calendar years, the mean of daily
//! ratios), it is kept and named, so the numbers agree with the peer's on the same input.

pub mod costs;
pub mod prepare;
pub mod project;
pub mod rates;

use std::fmt;

use chrono::NaiveDate;

pub use costs::{CostItem, CostOptions, CostSummary, costs, placement_proportions};
pub use prepare::{Filter, Prepared, prepare};
pub use project::{Adjustment, Adjustments, Backtest, CareTypeBand, Lever, LeverError, Projection, backtest, bands_by_care_type, project};
pub use rates::{Rates, rates};

/// Days in the peer's year, used for ages (an age is whole days divided by this).
pub const YEAR_IN_DAYS: f64 = 365.24;

/// The age bands of the projection, with their lower and upper ages (lower inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgeBand {
    UnderOne,
    OneToFive,
    FiveToTen,
    TenToSixteen,
    SixteenPlus,
}

impl AgeBand {
    pub const ALL: [AgeBand; 5] = [AgeBand::UnderOne, AgeBand::OneToFive, AgeBand::FiveToTen, AgeBand::TenToSixteen, AgeBand::SixteenPlus];

    pub fn label(self) -> &'static str {
        match self {
            AgeBand::UnderOne => "Birth to 1",
            AgeBand::OneToFive => "1 to 5",
            AgeBand::FiveToTen => "5 to 10",
            AgeBand::TenToSixteen => "10 to 16",
            AgeBand::SixteenPlus => "16 to 18+",
        }
    }

    /// The band's lowest age. The first band starts at -1, so a child recorded before birth
    /// (an episode dated just before the date of birth) still has a band.
    pub fn start(self) -> i32 {
        [-1, 1, 5, 10, 16][self as usize]
    }

    /// The age at which a child leaves the band (not included in it).
    pub fn end(self) -> i32 {
        [1, 5, 10, 16, 30][self as usize]
    }

    /// The band an age (in years of 365.24 days) falls in; none below -1 or from 30.
    pub fn of(age: f64) -> Option<AgeBand> {
        AgeBand::ALL.into_iter().find(|b| f64::from(b.start()) <= age && age < f64::from(b.end()))
    }

    /// The band that starts at `age`, if one does.
    pub fn starting_at(age: i32) -> Option<AgeBand> {
        AgeBand::ALL.into_iter().find(|b| b.start() == age)
    }
}

/// Where a child is: a placement category, or not in care (entries come from there, exits go to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Fostering,
    Residential,
    Supported,
    Other,
    NotInCare,
}

impl Category {
    pub const IN_CARE: [Category; 4] = [Category::Fostering, Category::Residential, Category::Supported, Category::Other];

    pub fn label(self) -> &'static str {
        match self {
            Category::Fostering => "Fostering",
            Category::Residential => "Residential",
            Category::Supported => "Supported",
            Category::Other => "Other",
            Category::NotInCare => "Not in care",
        }
    }

    /// The category of a 903 placement type (PLACE): foster placements U1–U6; children's homes,
    /// residential care and secure children's homes K2, R1, P3, S1; supported accommodation and
    /// independent living H5, K3, P2; everything else is Other.
    pub fn of_place(place: &str) -> Category {
        match place.trim() {
            "U1" | "U2" | "U3" | "U4" | "U5" | "U6" => Category::Fostering,
            "K2" | "R1" | "P3" | "S1" => Category::Residential,
            "H5" | "K3" | "P2" => Category::Supported,
            _ => Category::Other,
        }
    }
}

/// One state of the projection: an age band and where the child is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct State {
    pub band: AgeBand,
    pub category: Category,
}

impl State {
    pub fn new(band: AgeBand, category: Category) -> State {
        State { band, category }
    }

    /// A dense index (0..25) for tables.
    pub fn index(self) -> usize {
        self.band as usize * 5 + self.category as usize
    }

    pub fn from_index(i: usize) -> State {
        let cat = [Category::Fostering, Category::Residential, Category::Supported, Category::Other, Category::NotInCare][i % 5];
        State { band: AgeBand::ALL[i / 5], category: cat }
    }

    /// "10 to 16 - Fostering": the peer's name for the state, also its sort key.
    pub fn label(self) -> String {
        format!("{} - {}", self.band.label(), self.category.label())
    }

    /// Reads a label written by [`State::label`].
    pub fn parse(label: &str) -> Option<State> {
        let (band, cat) = label.split_once(" - ")?;
        let band = AgeBand::ALL.into_iter().find(|b| b.label() == band.trim())?;
        let category = [Category::Fostering, Category::Residential, Category::Supported, Category::Other, Category::NotInCare]
            .into_iter()
            .find(|c| c.label() == cat.trim())?;
        Some(State { band, category })
    }
}

/// States are ordered by their labels, as the peer orders its matrix. No band's label begins
/// with another's, so comparing the band's label and then the category's gives the labels' order
/// without building them (a test checks every pair).
impl Ord for State {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.band.label().cmp(other.band.label()).then_with(|| self.category.label().cmp(other.category.label()))
    }
}

impl PartialOrd for State {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} - {}", self.band.label(), self.category.label())
    }
}

/// One 903 episode as a council sent it (table Episodes, with the council and the return year).
#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeIn {
    pub child: String,
    pub la: String,
    pub decom: NaiveDate,
    pub rne: String,
    pub place: String,
    pub provider: String,
    pub dec: Option<NaiveDate>,
    pub rec: String,
    pub reason_place_change: String,
    pub year: i32,
}

/// One child's header row (table Header).
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderIn {
    pub child: String,
    /// 1 boy, 2 girl.
    pub sex: Option<u8>,
    pub dob: NaiveDate,
    pub ethnic: String,
    pub year: i32,
}

/// The 903 input of a forecast: episodes, headers and the children recorded as unaccompanied
/// asylum-seeking children (table UASC), for one or more councils and years.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub episodes: Vec<EpisodeIn>,
    pub headers: Vec<HeaderIn>,
    /// (child, year) of each UASC row.
    pub uasc: Vec<(String, i32)>,
    /// The days the data covers, when known: a council's own records run from the first
    /// collection year with a child in care to the day they were read. Files leave it to be
    /// worked out as the peer does (from the years and the dates in them).
    pub covers: Option<(NaiveDate, NaiveDate)>,
}

/// The dates of a forecast: the reference period the rates are measured over (both days
/// included) and the days the projection runs from and to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub reference_start: NaiveDate,
    pub reference_end: NaiveDate,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// Why a forecast cannot be made with these dates (FC-1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodError {
    pub field: &'static str,
    pub message: String,
}

/// The longest projection, in years (the peer's form allows four).
pub const MOST_YEARS: u32 = 4;

impl Period {
    /// The peer's defaults for data running from `data_start` to `data_end`: the whole history as
    /// the reference period, and two years ahead from its end.
    pub fn defaults(data_start: NaiveDate, data_end: NaiveDate) -> Period {
        Period {
            reference_start: data_start,
            reference_end: data_end,
            start: data_end,
            end: data_end.checked_add_months(chrono::Months::new(24)).unwrap_or(data_end),
        }
    }

    /// FC-1: the reference period runs forwards and lies within the data; the projection runs
    /// forwards for at most four years.
    pub fn check(&self, data_start: NaiveDate, data_end: NaiveDate) -> Result<(), Vec<PeriodError>> {
        let mut errors = Vec::new();
        let mut err = |field: &'static str, message: String| errors.push(PeriodError { field, message });
        if self.reference_start >= self.reference_end {
            err("reference_end", "The reference period must end after it starts".into());
        }
        if self.reference_start < data_start || self.reference_end > data_end {
            err(
                "reference_start",
                format!(
                    "The reference period must lie within the data, {} to {}",
                    data_start.format("%-d %B %Y"),
                    data_end.format("%-d %B %Y")
                ),
            );
        }
        if self.start >= self.end {
            err("end", "The forecast must end after it starts".into());
        }
        let latest = self.start.checked_add_months(chrono::Months::new(12 * MOST_YEARS)).unwrap_or(self.start);
        if self.end > latest {
            err("end", format!("A forecast runs for {MOST_YEARS} years at most: end it by {}", latest.format("%-d %B %Y")));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// Round half to even, as the peer rounds populations before counting and costing them.
pub fn round_half_even(x: f64) -> f64 {
    x.round_ties_even()
}

#[cfg(test)]
mod tests;
