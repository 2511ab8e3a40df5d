//! The charts of `report.html`, as inline SVG written with maud: each practitioner's
//! load against target per fairness category (a bar and a target mark per cell of a
//! table), and the MCS coverage by day and hour as a heat map.
//!
//! Coordinates are written with a fixed number of decimals, so that the same figures
//! give the same bytes.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};
use maud::{html, Markup};

use crate::check::PopulationFigures;
use crate::instance::Instance;
use crate::labels::html as fr;
use crate::report::{num, PractitionerSummary};

/// Width of one load bar's drawing, in CSS pixels.
const BAR_WIDTH: f64 = 96.0;
/// Height of one load bar's drawing.
const BAR_HEIGHT: f64 = 12.0;

/// A coordinate, one decimal.
fn c(x: f64) -> String {
    format!("{x:.1}")
}

/// The load table: one row per practitioner, one bar per category.
pub(super) fn loads(
    instance: &Instance,
    practitioners: &[PractitionerSummary],
    names: &[String],
) -> Markup {
    let categories = &instance.fairness.categories;
    // Each category's scale: the largest load or target of anyone.
    let scale: Vec<f64> = categories
        .iter()
        .map(|cat| {
            practitioners
                .iter()
                .filter_map(|p| p.categories.get(&cat.id.0))
                .map(|l| f64::from(l.load).max(l.target))
                .fold(1.0, f64::max)
        })
        .collect();
    let pledges = practitioners.iter().any(|p| p.pledge.is_some());
    html! {
        table.loads {
            thead {
                tr {
                    th.name { (fr::PRACTITIONER) }
                    th.num { (fr::SHARE) }
                    th.num { (fr::DUTIES) }
                    @if pledges {
                        th.num title=(fr::PLEDGED_TITLE) { (fr::PLEDGED) }
                    }
                    th.num { (fr::HOURS) }
                    @if instance.has_travel() {
                        th.num { (fr::KM) }
                    }
                    @for cat in categories {
                        th.cat data-category=(cat.id.0.as_str()) { (cat.label) }
                    }
                }
            }
            tbody {
                @for (i, p) in practitioners.iter().enumerate() {
                    tr data-id=(p.id.as_str()) {
                        td.name {
                            span.short { (names.get(i).map_or(p.id.as_str(), String::as_str)) }
                            " " span.full { (p.name) " (" (p.id) ")" }
                        }
                        td.num { (num(p.share, 2)) }
                        td.num { (p.duties) }
                        @if pledges {
                            td.num {
                                @match p.pledge {
                                    Some(n) => { (p.duties) " / " (n) }
                                    None => { "—" }
                                }
                            }
                        }
                        td.num { (num(p.hours, 0)) }
                        @if let Some(km) = p.km {
                            td.num { (num(km, 0)) }
                        }
                        @for (k, cat) in categories.iter().enumerate() {
                            td.bar {
                                @match p.categories.get(&cat.id.0) {
                                    Some(l) => {
                                        (bar(f64::from(l.load), l.target, scale[k]))
                                        span.lt { (fr::load_target(l.load, &num(l.target, 1))) }
                                    }
                                    None => { span.none { "—" } }
                                }
                            }
                        }
                    }
                }
            }
        }
        p.legend {
            svg.key width="28" height="10" viewBox="0 0 28 10" {
                rect x="0" y="2" width="20" height="6" fill="#4575b4" {}
                line x1="24" y1="0" x2="24" y2="10" stroke="#111" stroke-width="2" {}
            }
            " " (fr::LEGEND_LOAD) " ; " (fr::LEGEND_TARGET) " · "
            span.swatch.over {} (fr::LEGEND_OVER) " · "
            span.swatch.under {} (fr::LEGEND_UNDER)
        }
    }
}

/// One bar: the load, the target as a black mark; red above target by more than one
/// duty and 10 %, pale below by as much.
fn bar(load: f64, target: f64, scale: f64) -> Markup {
    let w = BAR_WIDTH - 4.0;
    let x = |v: f64| 1.0 + w * (v / scale).clamp(0.0, 1.0);
    let margin = (0.1 * target).max(1.0);
    let fill = if load - target > margin {
        "#d73027"
    } else if target - load > margin {
        "#a6c8e0"
    } else {
        "#4575b4"
    };
    html! {
        svg.barchart width=(c(BAR_WIDTH)) height=(c(BAR_HEIGHT))
            viewBox=(format!("0 0 {} {}", c(BAR_WIDTH), c(BAR_HEIGHT))) {
            rect x="1" y="3" width=(c(x(load) - 1.0)) height="6" fill=(fill) {}
            line x1=(c(x(target))) y1="0" x2=(c(x(target))) y2=(c(BAR_HEIGHT))
                stroke="#111" stroke-width="2" {}
        }
    }
}

/// Hour at which a column of the heat map starts: a day of duty runs from 8 h to 8 h
/// the next morning, so that a night is one block.
const DAY_START_HOUR: i64 = 8;
/// Heat map cell width and height, CSS pixels.
const CELL_W: f64 = 12.0;
const CELL_H: f64 = 8.0;
/// Left margin (hour labels) and top margin (month and day labels).
const LEFT: f64 = 30.0;
const TOP: f64 = 24.0;

/// Share of the population covered per (day of duty, hour from 8 h): the slices of
/// the checker's figures cut at hour boundaries, each share weighted by its minutes.
pub(super) fn hourly_shares(figures: &PopulationFigures) -> BTreeMap<(NaiveDate, u32), f64> {
    let mut sums: BTreeMap<(NaiveDate, u32), (f64, f64)> = BTreeMap::new();
    if figures.population == 0 {
        return BTreeMap::new();
    }
    let population = figures.population as f64;
    for s in &figures.slices {
        let share = s.covered_population as f64 / population;
        // Local clock time, shifted so that a day of duty is one calendar day.
        let shift = Duration::hours(DAY_START_HOUR);
        let mut t: NaiveDateTime = s.start.naive_local() - shift;
        let end: NaiveDateTime = s.end.naive_local() - shift;
        while t < end {
            let next_hour = t
                .date()
                .and_hms_opt(t.hour(), 0, 0)
                .map_or(end, |h| h + Duration::hours(1));
            let stop = next_hour.min(end);
            let minutes = (stop - t).num_minutes() as f64;
            let e = sums.entry((t.date(), t.hour())).or_insert((0.0, 0.0));
            e.0 += minutes * share;
            e.1 += minutes;
            t = stop;
        }
    }
    sums.into_iter()
        .filter(|(_, (_, m))| *m > 0.0)
        .map(|(k, (w, m))| (k, w / m))
        .collect()
}

/// The colour of a share between `low` (red) and 1 (blue), ColorBrewer's RdYlBu.
fn colour(share: f64, low: f64) -> String {
    const STOPS: [(f64, f64, f64); 5] = [
        (215.0, 48.0, 39.0),
        (252.0, 141.0, 89.0),
        (254.0, 224.0, 144.0),
        (145.0, 191.0, 219.0),
        (69.0, 117.0, 180.0),
    ];
    let t = if low < 1.0 {
        ((share - low) / (1.0 - low)).clamp(0.0, 1.0)
    } else {
        1.0
    };
    let pos = t * (STOPS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(STOPS.len() - 2);
    let f = pos - i as f64;
    let mix = |a: f64, b: f64| (a + (b - a) * f).round() as u8;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

/// The heat map of population coverage during MCS time: a column per day of duty, a
/// row per hour from 8 h to 8 h, white where no MCS duty is open; the scale runs from
/// the share the SMUR bases reach alone to 100 %.
pub(super) fn heatmap(instance: &Instance, figures: &PopulationFigures) -> Markup {
    let shares = hourly_shares(figures);
    let dates: Vec<NaiveDate> = instance.horizon.dates().collect();
    let low = figures.smur_share();
    let width = LEFT + CELL_W * dates.len() as f64 + 4.0;
    let height = TOP + CELL_H * 24.0 + 2.0;
    let column: BTreeMap<NaiveDate, usize> =
        dates.iter().enumerate().map(|(i, &d)| (d, i)).collect();
    let hour_label = |row: u32| format!("{} h", (row as i64 + DAY_START_HOUR) % 24);
    html! {
        figure.heatmap {
            figcaption { (fr::HEATMAP_TITLE) }
            svg.heat width=(c(width)) height=(c(height)) viewBox=(format!("0 0 {} {}", c(width), c(height))) {
                rect x=(c(LEFT)) y=(c(TOP)) width=(c(CELL_W * dates.len() as f64))
                    height=(c(CELL_H * 24.0)) fill="#ffffff" stroke="#c8ced4" {}
                @for ((date, hour), share) in &shares {
                    @if let Some(&i) = column.get(date) {
                        rect x=(c(LEFT + CELL_W * i as f64)) y=(c(TOP + CELL_H * f64::from(*hour)))
                            width=(c(CELL_W)) height=(c(CELL_H)) fill=(colour(*share, low)) {}
                    }
                }
                @for (i, date) in dates.iter().enumerate() {
                    @if date.day() == 1 || i == 0 {
                        text.month x=(c(LEFT + CELL_W * i as f64)) y="9" {
                            (crate::labels::calendar::month_name(date.month()))
                        }
                    }
                    @if date.weekday() == chrono::Weekday::Mon {
                        line x1=(c(LEFT + CELL_W * i as f64)) y1=(c(TOP - 4.0))
                            x2=(c(LEFT + CELL_W * i as f64)) y2=(c(TOP)) stroke="#5b6570" {}
                        text.day x=(c(LEFT + CELL_W * i as f64 + 1.0)) y=(c(TOP - 6.0)) {
                            (date.day())
                        }
                    }
                }
                @for row in (0..24u32).step_by(4) {
                    text.hour x=(c(LEFT - 3.0)) y=(c(TOP + CELL_H * f64::from(row) + CELL_H - 1.0)) {
                        (hour_label(row))
                    }
                }
            }
            p.scale {
                span { (num(low * 100.0, 0)) " % (" (fr::HEATMAP_SMUR_ONLY) ")" }
                svg width="200" height="10" viewBox="0 0 200 10" {
                    @for k in 0..20u32 {
                        rect x=(c(f64::from(k) * 10.0)) y="0" width="10" height="10"
                            fill=(colour(low + (1.0 - low) * (f64::from(k) + 0.5) / 20.0, low)) {}
                    }
                }
                span { "100 %" }
            }
            p.note { (fr::HEATMAP_NOTE) }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // STYLE.md §4: unwrap is fine in tests.
mod tests {
    use super::*;
    use crate::check::SliceFigures;
    use chrono::{FixedOffset, TimeZone};

    fn slice(start: (u32, u32, u32), end: (u32, u32, u32), covered: u64) -> SliceFigures {
        let tz = FixedOffset::east_opt(3600).unwrap();
        let at = |(d, h, m): (u32, u32, u32)| tz.with_ymd_and_hms(2027, 1, d, h, m, 0).unwrap();
        SliceFigures {
            start: at(start),
            end: at(end),
            minutes: (at(end) - at(start)).num_minutes(),
            period: "nuit".into(),
            open: Vec::new(),
            smur_population: 50,
            covered_population: covered,
            on_duty: Vec::new(),
        }
    }

    /// A night from 20 h to 8 h is one column (the day it starts), rows 12 to 23; an
    /// hour cut by two slices gets their minute-weighted share.
    #[test]
    fn a_night_is_one_column_and_hours_are_minute_weighted() {
        let figures = PopulationFigures {
            population: 100,
            slices: vec![
                slice((4, 20, 0), (4, 20, 30), 60),
                slice((4, 20, 30), (5, 8, 0), 90),
            ],
            ..PopulationFigures::default()
        };
        let shares = hourly_shares(&figures);
        let day = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
        assert_eq!(shares.len(), 12);
        assert!(shares.keys().all(|(d, _)| *d == day));
        assert!((shares[&(day, 12)] - 0.75).abs() < 1e-9);
        assert!((shares[&(day, 23)] - 0.9).abs() < 1e-9);
    }

    #[test]
    fn the_scale_runs_from_red_to_blue() {
        assert_eq!(colour(0.5, 0.5), "#d73027");
        assert_eq!(colour(1.0, 0.5), "#4575b4");
        assert_eq!(colour(0.2, 0.5), "#d73027");
    }
}
