//! The grid of `report.html`: one table per month and group of posts, a row per date,
//! a column per post, and in each cell one line per period held that day (its hours,
//! then the holders' short names), consecutive periods held by the same people (or left
//! as empty) merged into one line (`20–8 Foldoux` for an evening and the deep night
//! after it).
//!
//! A duty of several days (a week from Monday 08:00 to Saturday 12:00) is one line on
//! its date's row, its hours giving its end (`8h → sam. 09 12h`); the cells of its
//! later dates repeat its holders, muted (`↳ Foldoux`), outside any seat line.
//!
//! Weekends, public holidays and bridge days shade their rows; an empty required seat
//! is a red `non pourvu`, an empty optional seat (an MCS on-call) a grey `libre`. Every
//! line carries its duties' ids in `data-` attributes (`data-date`, `data-post`,
//! `data-periods`, and `data-id` on each name), so that a test can read the grid back
//! as the rows of `assignments.csv`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use maud::{html, Markup};

use crate::calendar::{self, DayKind};
use crate::duties::DutyIdx;
use crate::instance::{Instance, Period, PostIdx, PostKind, PracIdx};
use crate::labels::html as fr;

use super::Page;

/// Most post columns in one table: what A4 landscape holds with readable names.
pub const MAX_COLUMNS: usize = 12;

/// A seat that a re-planning gave to a new holder: date, post id, period id,
/// practitioner id.
pub(super) type Changed = BTreeSet<(NaiveDate, String, String, String)>;

/// The groups of post columns, each one table wide: posts with at least one duty,
/// gathered by kind (kinds in order of first appearance, posts in file order), a kind
/// with more than [`MAX_COLUMNS`] posts split evenly, and small groups packed together.
pub(super) fn column_groups(instance: &Instance, used: &BTreeSet<PostIdx>) -> Vec<Vec<PostIdx>> {
    let mut kinds: Vec<(PostKind, Vec<PostIdx>)> = Vec::new();
    for (i, post) in instance.posts.iter().enumerate() {
        let idx = PostIdx(i as u32);
        if !used.contains(&idx) {
            continue;
        }
        match kinds.iter_mut().find(|(k, _)| *k == post.kind) {
            Some((_, posts)) => posts.push(idx),
            None => kinds.push((post.kind, vec![idx])),
        }
    }
    let mut groups: Vec<Vec<PostIdx>> = Vec::new();
    for (_, posts) in kinds {
        let parts = posts.len().div_ceil(MAX_COLUMNS);
        let size = posts.len().div_ceil(parts.max(1)).max(1);
        for chunk in posts.chunks(size) {
            match groups.last_mut() {
                Some(last) if last.len() + chunk.len() <= MAX_COLUMNS => {
                    last.extend_from_slice(chunk);
                }
                _ => groups.push(chunk.to_vec()),
            }
        }
    }
    groups
}

/// `20–24`, `0–8`, `8h30–12`: a period's clock times as a cell shows them.
pub(super) fn time_tag(period: &Period) -> String {
    format!("{}–{}", clock(period.start, false), clock(period.end, true))
}

fn clock(t: NaiveTime, end: bool) -> String {
    let hour = if end && t.hour() == 0 && t.minute() == 0 {
        24
    } else {
        t.hour()
    };
    if t.minute() == 0 {
        hour.to_string()
    } else {
        format!("{hour}h{:02}", t.minute())
    }
}

/// One line of a cell: consecutive duties with the same holders.
struct Line {
    duties: Vec<DutyIdx>,
    holders: Vec<PracIdx>,
    empty: u32,
    required: bool,
}

/// The grid's tables, with the legend first.
pub(super) fn grid(page: &Page<'_>, names: &[String], changed: &Changed) -> Markup {
    let instance = page.instance;
    let duties = page.duties;
    let mut holders: BTreeMap<DutyIdx, Vec<PracIdx>> = BTreeMap::new();
    for a in &page.roster.assignments {
        holders.entry(a.duty).or_default().push(a.practitioner);
    }
    for list in holders.values_mut() {
        list.sort_by(|a, b| {
            instance
                .practitioner(*a)
                .id
                .cmp(&instance.practitioner(*b).id)
        });
        list.dedup();
    }
    // The duties of each cell, in order of start.
    let mut cells: BTreeMap<(PostIdx, NaiveDate), Vec<DutyIdx>> = BTreeMap::new();
    for d in duties {
        cells.entry((d.post, d.date)).or_default().push(d.idx);
    }
    for list in cells.values_mut() {
        list.sort_by_key(|d| (duties[d.get()].start, duties[d.get()].period));
    }
    // The later dates of each duty of several days, with its holders: their cells
    // show the holders again, muted, so that the span reads down the column.
    let tz = instance.horizon.time_zone;
    let mut continued: BTreeMap<(PostIdx, NaiveDate), Vec<Vec<PracIdx>>> = BTreeMap::new();
    for d in duties {
        if !instance.period(d.period).multi_day() {
            continue;
        }
        let end = d.end.with_timezone(&tz).naive_local();
        let held = holders.get(&d.idx).cloned().unwrap_or_default();
        let mut date = d.date;
        while let Some(next) = date.succ_opt() {
            date = next;
            if next.and_time(NaiveTime::MIN) >= end {
                break;
            }
            continued
                .entry((d.post, next))
                .or_default()
                .push(held.clone());
        }
    }
    let used: BTreeSet<PostIdx> = cells.keys().map(|&(p, _)| p).collect();
    let groups = column_groups(instance, &used);
    let lines_of = |post: PostIdx, date: NaiveDate| -> Vec<Line> {
        let mut lines: Vec<Line> = Vec::new();
        for &d in cells.get(&(post, date)).map_or(&[][..], Vec::as_slice) {
            let duty = &duties[d.get()];
            let held = holders.get(&d).cloned().unwrap_or_default();
            let empty = crate::roster::shown_empty_seats(
                instance,
                duty.demand
                    .saturating_sub(u32::try_from(held.len()).unwrap_or(u32::MAX)),
            );
            if held.is_empty() && empty == 0 {
                // A date without seats (a demand of 0) that nobody holds: nothing to show.
                continue;
            }
            if let Some(last) = lines.last_mut() {
                let previous = &duties[last.duties[last.duties.len() - 1].get()];
                let required = instance.post(duty.post).required;
                if last.empty == empty
                    && last.required == required
                    && last.holders == held
                    && previous.end == duty.start
                {
                    last.duties.push(d);
                    continue;
                }
            }
            lines.push(Line {
                duties: vec![d],
                holders: held,
                empty,
                required: instance.post(duty.post).required,
            });
        }
        lines
    };
    let dates: Vec<NaiveDate> = instance.horizon.dates().collect();
    let mut months: Vec<(i32, u32, Vec<NaiveDate>)> = Vec::new();
    for &date in &dates {
        match months.last_mut() {
            Some((y, m, list)) if *y == date.year() && *m == date.month() => list.push(date),
            _ => months.push((date.year(), date.month(), vec![date])),
        }
    }
    let group_title = |group: &[PostIdx]| -> String {
        let mut kinds: Vec<&str> = Vec::new();
        for &p in group {
            let k = fr::kind_group(instance.post(p).kind);
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
        kinds.join(", ")
    };
    html! {
        (legend(page))
        @for (year, month, month_dates) in &months {
            @for group in &groups {
                div.sheet {
                    h3 {
                        (fr::month_caption(*month, *year))
                        span.group { " — " (group_title(group)) }
                    }
                    table.grid {
                        colgroup {
                            col.date;
                            @for _ in group { col; }
                        }
                        thead {
                            tr {
                                th.date { (fr::GRID_DATE) }
                                @for &post in group {
                                    th data-post=(instance.post(post).id.as_str()) {
                                        (instance.post(post).label)
                                    }
                                }
                            }
                        }
                        tbody {
                            @for &date in month_dates {
                                (row(page, date, group, &lines_of, &continued, names, changed))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The class of a date's row: its kind.
fn row_class(kind: DayKind) -> &'static str {
    match kind {
        DayKind::Weekday => "",
        DayKind::Saturday | DayKind::Sunday => "we",
        DayKind::Holiday => "ferie",
        DayKind::Bridge => "pont",
    }
}

fn row(
    page: &Page<'_>,
    date: NaiveDate,
    group: &[PostIdx],
    lines_of: &dyn Fn(PostIdx, NaiveDate) -> Vec<Line>,
    continued: &BTreeMap<(PostIdx, NaiveDate), Vec<Vec<PracIdx>>>,
    names: &[String],
    changed: &Changed,
) -> Markup {
    let instance = page.instance;
    let kind = calendar::day_kind(date, &instance.calendar);
    let special = matches!(kind, DayKind::Holiday | DayKind::Bridge);
    html! {
        tr class=[Some(row_class(kind)).filter(|c| !c.is_empty())] data-date=(date.to_string()) {
            th.date {
                (fr::day_short(date.weekday())) " " (format!("{:02}", date.day()))
                @if special {
                    " " span.kind { (crate::labels::calendar::kind_label(kind)) }
                }
            }
            @for &post in group {
                td data-post=(instance.post(post).id.as_str()) {
                    @for held in continued.get(&(post, date)).map_or(&[][..], Vec::as_slice) {
                        div.cont {
                            (fr::CONTINUED)
                            @for (k, &p) in held.iter().enumerate() {
                                @if k > 0 { "," }
                                " " (names[p.get()])
                            }
                        }
                    }
                    @for line in lines_of(post, date) {
                        (seat_line(page, date, &line, names, changed))
                    }
                }
            }
        }
    }
}

fn seat_line(
    page: &Page<'_>,
    date: NaiveDate,
    line: &Line,
    names: &[String],
    changed: &Changed,
) -> Markup {
    let instance = page.instance;
    let first = &page.duties[line.duties[0].get()];
    let last = &page.duties[line.duties[line.duties.len() - 1].get()];
    let periods: Vec<&str> = line
        .duties
        .iter()
        .map(|d| instance.period(page.duties[d.get()].period).id.as_str())
        .collect();
    let labels: Vec<&str> = line
        .duties
        .iter()
        .map(|d| instance.period(page.duties[d.get()].period).label.as_str())
        .collect();
    let multi_day = line
        .duties
        .iter()
        .any(|d| instance.period(page.duties[d.get()].period).multi_day());
    let tag = if multi_day {
        // Over several days: the end's day and hour, from the true instants.
        let tz = instance.horizon.time_zone;
        let end = last.end.with_timezone(&tz).naive_local();
        let (end_date, end_clock) = if end.time() == NaiveTime::MIN {
            (end.date().pred_opt().unwrap_or(end.date()), "24".to_owned())
        } else {
            (end.date(), clock(end.time(), true))
        };
        fr::span_tag(
            &clock(first.start.with_timezone(&tz).time(), false),
            end_date.weekday(),
            end_date.day(),
            &end_clock,
        )
    } else {
        format!(
            "{}–{}",
            clock(instance.period(first.period).start, false),
            clock(instance.period(last.period).end, true)
        )
    };
    let post_id = instance.post(first.post).id.as_str();
    let uncovered = line.required && line.empty > 0;
    let free = !line.required && line.empty > 0 && line.holders.is_empty();
    let class = match (uncovered, free) {
        (true, _) => "seat uncovered",
        (false, true) => "seat free",
        _ => "seat",
    };
    html! {
        div class=(class) data-periods=(periods.join(" ")) title=(labels.join(" + ")) {
            span.t { (tag) }
            @for (k, &p) in line.holders.iter().enumerate() {
                @if k > 0 { ", " }
                @let id = instance.practitioner(p).id.as_str();
                @let moved = line.duties.iter().any(|d| {
                    let period = instance.period(page.duties[d.get()].period).id.as_str();
                    changed.contains(&(date, post_id.to_owned(), period.to_owned(), id.to_owned()))
                });
                span.n.changed[moved] data-id=(id) { (names[p.get()]) }
            }
            @for k in 0..line.empty {
                @if k > 0 || !line.holders.is_empty() { ", " }
                @if line.required {
                    span.vide { (fr::NOT_FILLED) }
                } @else {
                    span.libre { (fr::FREE) }
                }
            }
        }
    }
}

/// What the shades, colours and hours mean.
fn legend(page: &Page<'_>) -> Markup {
    let instance = page.instance;
    // The periods with duties, by their hours.
    let used: BTreeSet<usize> = page.duties.iter().map(|d| d.period.get()).collect();
    let mut tags: Vec<(String, Vec<&str>)> = Vec::new();
    for (i, period) in instance.periods.iter().enumerate() {
        if !used.contains(&i) {
            continue;
        }
        let tag = if period.multi_day() {
            crate::labels::export::period_span(period)
        } else {
            time_tag(period)
        };
        match tags.iter_mut().find(|(t, _)| *t == tag) {
            Some((_, labels)) => labels.push(&period.label),
            None => tags.push((tag, vec![&period.label])),
        }
    }
    let optional = instance.posts.iter().any(|p| !p.required);
    html! {
        p.legend {
            span.swatch.we {} (fr::LEGEND_WEEKEND)
            span.swatch.ferie {} (fr::LEGEND_HOLIDAY)
            span.swatch.pont {} (fr::LEGEND_BRIDGE)
            span.swatch.uncovered {} (fr::LEGEND_UNCOVERED)
            @if optional {
                span.swatch.free {} (fr::LEGEND_FREE)
            }
            @if page.replanned() {
                span.swatch.changed {} (fr::LEGEND_CHANGED)
            }
        }
        p.legend {
            strong { (fr::LEGEND_PERIODS) " : " }
            @for (k, (tag, labels)) in tags.iter().enumerate() {
                @if k > 0 { " · " }
                span.t { (tag) } " " (labels.join(", "))
            }
            " — " (fr::LEGEND_NAMES)
        }
    }
}
