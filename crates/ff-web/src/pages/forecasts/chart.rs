//! The forecast's chart, drawn on the server as SVG: children in care month by month over the
//! data (grey), then week by week ahead (blue) inside its band (pale blue), with foster and
//! residential care as thinner lines. The page puts the same figures in a table under it.

use chrono::NaiveDate;
use ff_service::forecasts::ForecastResult;

/// The drawing area inside a 640 × 320 view box.
const LEFT: f64 = 56.0;
const RIGHT: f64 = 630.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 280.0;

pub struct Tick {
    pub at: f64,
    pub label: String,
}

pub struct LineChart {
    /// SVG `points` for each line.
    pub past: String,
    pub total: String,
    pub fostering: String,
    pub residential: String,
    /// The band as one polygon.
    pub band: String,
    /// Where the forecast starts, across.
    pub start_x: f64,
    pub y_ticks: Vec<Tick>,
    pub x_ticks: Vec<Tick>,
}

/// A round step for about five gridlines up to `max`.
fn step(max: f64) -> f64 {
    let raw = (max / 5.0).max(1.0);
    let p = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().map(|m| m * p).find(|s| *s >= raw).unwrap_or(raw)
}

impl LineChart {
    pub fn of(r: &ForecastResult) -> LineChart {
        let first = r.past.first().map_or(r.start, |p| p.date);
        let last = r.weekly.last().map_or(r.end, |w| w.date);
        let span = ((last - first).num_days() as f64).max(1.0);
        let top = r.past.iter().map(|p| p.in_care).chain(r.weekly.iter().map(|w| w.upper)).fold(1.0_f64, f64::max);
        let unit = step(top);
        let ymax = (top / unit).ceil() * unit;
        let x = |d: NaiveDate| LEFT + (RIGHT - LEFT) * ((d - first).num_days() as f64 / span);
        let y = |v: f64| BOTTOM - (BOTTOM - TOP) * (v / ymax);
        let line = |pts: Vec<(f64, f64)>| pts.iter().map(|(a, b)| format!("{a:.1},{b:.1}")).collect::<Vec<_>>().join(" ");
        let past = line(r.past.iter().filter(|p| p.date <= r.start).map(|p| (x(p.date), y(p.in_care))).collect());
        let total = line(r.weekly.iter().map(|w| (x(w.date), y(w.total))).collect());
        let fostering = line(r.weekly.iter().map(|w| (x(w.date), y(w.fostering))).collect());
        let residential = line(r.weekly.iter().map(|w| (x(w.date), y(w.residential))).collect());
        let mut band: Vec<(f64, f64)> = r.weekly.iter().map(|w| (x(w.date), y(w.upper))).collect();
        band.extend(r.weekly.iter().rev().map(|w| (x(w.date), y(w.lower))));
        let y_ticks = (0..=((ymax / unit) as u32)).map(|i| {
            let v = f64::from(i) * unit;
            Tick { at: y(v), label: format!("{v:.0}") }
        });
        let years: Vec<i32> = (chrono::Datelike::year(&first) + 1..=chrono::Datelike::year(&last)).collect();
        let every = (years.len() / 8).max(1);
        let x_ticks = years
            .iter()
            .step_by(every)
            .filter_map(|yr| NaiveDate::from_ymd_opt(*yr, 1, 1))
            .map(|d| Tick { at: x(d), label: chrono::Datelike::year(&d).to_string() })
            .collect();
        LineChart { past, total, fostering, residential, band: line(band), start_x: x(r.start), y_ticks: y_ticks.collect(), x_ticks }
    }
}

#[cfg(test)]
mod tests {
    use super::step;

    #[test]
    fn gridlines_fall_on_round_numbers() {
        assert_eq!(step(9.0), 2.0);
        assert_eq!(step(168.0), 50.0);
        assert_eq!(step(86_000.0), 20_000.0);
    }
}
