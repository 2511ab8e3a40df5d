//! The values every section reads: dates (and whether they fall in the horizon),
//! clock times, counts, weights, ids and references to them, day kinds and post kinds.
//! Each reports what is wrong with it and returns `None` or a default, so that the
//! sections go on.

use std::ops::Range;

use chrono::{NaiveDate, NaiveTime, Weekday};
use toml::Spanned;

use super::{at, Checker, Declared};
use crate::calendar::{self, DayKind};
use crate::instance::diagnostic::{codes, line_column};
use crate::instance::labels::{self as fr, IdKind};
use crate::instance::locate::Seg;
use crate::instance::raw::RawValue;
use crate::instance::sink::{alternatives, help_did_you_mean, list, value_found};
use crate::instance::PostKind;

pub(super) const ALL_DAY_KINDS: [DayKind; 5] = [
    DayKind::Weekday,
    DayKind::Saturday,
    DayKind::Sunday,
    DayKind::Holiday,
    DayKind::Bridge,
];

pub(super) const WEEKDAYS: [(Weekday, &str); 7] = [
    (Weekday::Mon, "monday"),
    (Weekday::Tue, "tuesday"),
    (Weekday::Wed, "wednesday"),
    (Weekday::Thu, "thursday"),
    (Weekday::Fri, "friday"),
    (Weekday::Sat, "saturday"),
    (Weekday::Sun, "sunday"),
];

const POST_KINDS: [(PostKind, &str); 6] = [
    (PostKind::Pdsa, "pdsa"),
    (PostKind::McsZone, "mcs"),
    (PostKind::Mmg, "mmg"),
    (PostKind::MobileDoctor, "mobile_doctor"),
    (PostKind::PhysioWeekend, "physio_weekend"),
    (PostKind::Other, "other"),
];

impl Checker<'_, '_, '_, '_> {
    /// A date from a TOML local date; `owner` and `key_name` name it in messages.
    pub(super) fn date(
        &mut self,
        value: &RawValue,
        owner: &str,
        key_name: &str,
    ) -> Option<NaiveDate> {
        let span = value.span();
        match value.get_ref() {
            toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => {
                    let date = NaiveDate::from_ymd_opt(
                        i32::from(d.year),
                        u32::from(d.month),
                        u32::from(d.day),
                    );
                    if date.is_none() {
                        self.error(
                            codes::INVALID_DATE,
                            span,
                            fr::nonexistent_date(owner, key_name, dt),
                        );
                    }
                    date
                }
                _ => {
                    let date_only = dt.date.map(|d| d.to_string());
                    self.error_help(
                        codes::INVALID_DATE,
                        span,
                        fr::date_with_time(owner, key_name, dt),
                        date_only.map(|d| fr::date_only(key_name, &d)),
                    );
                    None
                }
            },
            toml::Value::String(s) => {
                let help = if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() {
                    fr::date_without_quotes(key_name, s)
                } else {
                    fr::date_example(key_name)
                };
                self.error_help(
                    codes::INVALID_DATE,
                    span,
                    fr::not_a_date(owner, key_name, &value_found(value.get_ref())),
                    Some(help),
                );
                None
            }
            other => {
                self.error_help(
                    codes::INVALID_DATE,
                    span,
                    fr::not_a_date(owner, key_name, &value_found(other)),
                    Some(fr::date_example(key_name)),
                );
                None
            }
        }
    }

    /// A required date key of the table at `path`.
    pub(super) fn required_date(
        &mut self,
        value: Option<&RawValue>,
        path: &[Seg],
        table_span: &Range<usize>,
        key_name: &str,
    ) -> Option<NaiveDate> {
        match value {
            Some(v) => {
                let owner = self.describe(path);
                self.date(v, &owner, key_name)
            }
            None => {
                self.missing(
                    path,
                    table_span.clone(),
                    key_name,
                    &fr::date_key_example(key_name),
                );
                None
            }
        }
    }

    pub(super) fn check_in_horizon(
        &mut self,
        date: NaiveDate,
        span: Range<usize>,
        what: &str,
    ) -> bool {
        let Some(h) = self.horizon else {
            return true;
        };
        if h.contains(date) {
            return true;
        }
        self.error(
            codes::DATE_OUTSIDE_HORIZON,
            span,
            fr::outside_horizon(what, date, h.first, h.last),
        );
        false
    }

    /// A clock time in minutes since midnight (`24:00` is 1440, accepted as an end).
    pub(super) fn clock(&mut self, value: &RawValue, owner: &str, is_end: bool) -> Option<u32> {
        let span = value.span();
        let noun = fr::clock_noun(is_end);
        let expected = fr::clock_expected(is_end);
        match value.get_ref() {
            toml::Value::String(s) => {
                let parsed = parse_clock(s);
                match parsed {
                    Some(1440) if !is_end => {
                        self.error_help(
                            codes::INVALID_TIME,
                            span,
                            fr::invalid_clock(owner, noun, format!("\"{s}\""), expected),
                            Some(fr::MIDNIGHT_ONLY_AT_END.to_owned()),
                        );
                        None
                    }
                    Some(m) => Some(m),
                    None => {
                        let help = padded_clock(s).map(|p| fr::write_clock(&p));
                        self.error_help(
                            codes::INVALID_TIME,
                            span,
                            fr::invalid_clock(owner, noun, format!("\"{s}\""), expected),
                            help,
                        );
                        None
                    }
                }
            }
            toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (None, Some(t), None)
                    if t.second.unwrap_or(0) == 0 && t.nanosecond.unwrap_or(0) == 0 =>
                {
                    Some(u32::from(t.hour) * 60 + u32::from(t.minute))
                }
                _ => {
                    self.error(
                        codes::INVALID_TIME,
                        span,
                        fr::invalid_clock(owner, noun, dt, expected),
                    );
                    None
                }
            },
            other => {
                self.error(
                    codes::INVALID_TIME,
                    span,
                    fr::clock_not_a_time(owner, noun, expected, &value_found(other)),
                );
                None
            }
        }
    }

    /// An optional non-negative count (rules, limits).
    pub(super) fn count(
        &mut self,
        value: Option<&Spanned<i64>>,
        owner: &str,
        key_name: &str,
    ) -> Option<u32> {
        let v = value?;
        match u32::try_from(*v.get_ref()) {
            Ok(n) => Some(n),
            Err(_) => {
                let message = if *v.get_ref() < 0 {
                    fr::negative_count(owner, key_name, *v.get_ref())
                } else {
                    fr::count_too_large(owner, key_name, *v.get_ref())
                };
                self.error(codes::INVALID_NUMBER, v.span(), message);
                None
            }
        }
    }

    /// An optional weight: finite and at least 0 (and at most `max` if given).
    pub(super) fn weight(
        &mut self,
        value: Option<&Spanned<f64>>,
        owner: &str,
        key_name: &str,
        default: f64,
        max: Option<f64>,
    ) -> f64 {
        let Some(v) = value else {
            return default;
        };
        let w = *v.get_ref();
        let ok = w.is_finite() && w >= 0.0 && max.is_none_or(|m| w <= m);
        if ok {
            return w;
        }
        self.error(
            codes::INVALID_WEIGHT,
            v.span(),
            fr::invalid_weight(owner, key_name, w, max),
        );
        default
    }

    /// Checks an id's characters: it is used in file names and iCal UIDs.
    fn id(&mut self, id: &Spanned<String>, owner: &str) -> bool {
        let s = id.get_ref();
        let ok = !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if !ok {
            self.error_help(
                codes::INVALID_ID,
                id.span(),
                fr::invalid_id(owner, s),
                Some(fr::INVALID_ID_HELP.to_owned()),
            );
        }
        ok
    }

    /// Registers the ids of a list of tables (`[[periods]]`...) in file order, reporting
    /// missing, invalid and duplicate ids. Returns the id of each entry, if valid.
    pub(super) fn declare<I: Copy>(
        &mut self,
        ids: Vec<(Option<&Spanned<String>>, Range<usize>)>,
        list_path: &[Seg],
        kind: &IdKind,
        make: impl Fn(u32) -> I,
        declared: &mut Declared<I>,
    ) -> Vec<Option<String>> {
        let mut out = Vec::new();
        for (i, (id, table_span)) in ids.into_iter().enumerate() {
            let path = at(list_path, &[Seg::Index(i)]);
            let Some(id) = id else {
                self.missing(&path, table_span, "id", kind.example);
                out.push(None);
                continue;
            };
            let owner = self.describe(&path);
            if !self.id(id, &owner) {
                declared.invalid.insert(id.get_ref().clone());
                out.push(None);
                continue;
            }
            let s = id.get_ref().clone();
            if let Some((_, first)) = declared.by_id.get(&s) {
                let (line, _) = line_column(self.sink.text, first.start);
                self.error(
                    codes::DUPLICATE_ID,
                    id.span(),
                    fr::duplicate_id(kind, &s, line),
                );
                out.push(None);
                continue;
            }
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            declared.by_id.insert(s.clone(), (make(index), id.span()));
            declared.order.push(s.clone());
            out.push(Some(s));
        }
        out
    }

    /// Resolves a reference to a declared id, reporting an unknown one.
    pub(super) fn resolve<I: Copy>(
        &mut self,
        name: &Spanned<String>,
        owner: &str,
        kind: &IdKind,
        declared: &Declared<I>,
    ) -> Option<I> {
        if let Some(i) = declared.get(name.get_ref()) {
            return Some(i);
        }
        if declared.invalid.contains(name.get_ref()) {
            return None;
        }
        let names = declared.names();
        let known = if names.is_empty() {
            kind.none.to_owned()
        } else {
            fr::declared_ids(kind, &list(&names))
        };
        let help = help_did_you_mean(name.get_ref(), names.iter().copied());
        self.error_help(
            kind.code_unknown,
            name.span(),
            fr::unknown_id(owner, kind, name.get_ref(), &known),
            help,
        );
        None
    }

    pub(super) fn day_kind(&mut self, name: &Spanned<String>, owner: &str) -> Option<DayKind> {
        if let Some(k) = calendar::parse_kind(name.get_ref()) {
            return Some(k);
        }
        let names: Vec<&str> = ALL_DAY_KINDS
            .iter()
            .map(|k| calendar::kind_name(*k))
            .collect();
        let lower = name.get_ref().to_lowercase();
        let help = fr::FRENCH_DAY_KINDS
            .iter()
            .find(|(fr, _)| *fr == lower)
            .map(|(_, en)| fr::english_words(en))
            .or_else(|| help_did_you_mean(name.get_ref(), names.iter().copied()));
        self.error_help(
            codes::UNKNOWN_DAY_KIND,
            name.span(),
            fr::unknown_day_kind(owner, name.get_ref(), &alternatives(&names)),
            help,
        );
        None
    }

    pub(super) fn weekday(&mut self, name: &Spanned<String>, owner: &str) -> Option<Weekday> {
        if let Some((w, _)) = WEEKDAYS.iter().find(|(_, n)| n == name.get_ref()) {
            return Some(*w);
        }
        let names: Vec<&str> = WEEKDAYS.iter().map(|(_, n)| *n).collect();
        let lower = name.get_ref().to_lowercase();
        let help = fr::FRENCH_WEEKDAYS
            .iter()
            .find(|(fr, _)| *fr == lower)
            .map(|(_, en)| fr::english_words(en))
            .or_else(|| help_did_you_mean(&lower, names.iter().copied()));
        self.error_help(
            codes::UNKNOWN_WEEKDAY,
            name.span(),
            fr::unknown_weekday(owner, name.get_ref(), &alternatives(&names)),
            help,
        );
        None
    }

    pub(super) fn post_kind(&mut self, name: &Spanned<String>, owner: &str) -> Option<PostKind> {
        if let Some((k, _)) = POST_KINDS.iter().find(|(_, n)| n == name.get_ref()) {
            return Some(*k);
        }
        let names: Vec<&str> = POST_KINDS.iter().map(|(_, n)| *n).collect();
        let help = help_did_you_mean(name.get_ref(), names.iter().copied());
        self.error_help(
            codes::UNKNOWN_POST_KIND,
            name.span(),
            fr::unknown_post_kind(owner, name.get_ref(), &alternatives(&names)),
            help,
        );
        None
    }
}

/// `HH:MM` → minutes since midnight; `24:00` → 1440. Exactly two digits each.
fn parse_clock(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    match (h, m) {
        (24, 0) => Some(1440),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

/// `8:00` → `08:00` when that is a valid clock time, for the help.
fn padded_clock(s: &str) -> Option<String> {
    let (h, m) = s.trim().split_once(['h', 'H', ':'])?;
    let m = if m.is_empty() { "00" } else { m };
    let padded = format!("{h:0>2}:{m:0>2}");
    (padded != s && parse_clock(&padded).is_some()).then_some(padded)
}

pub(super) fn show_clock(minutes: u32) -> String {
    if minutes == 1440 {
        return "24:00".to_owned();
    }
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

pub(super) fn minutes_to_time(minutes: u32) -> NaiveTime {
    let m = minutes % 1440;
    NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap_or(NaiveTime::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times() {
        assert_eq!(parse_clock("00:00"), Some(0));
        assert_eq!(parse_clock("23:59"), Some(1439));
        assert_eq!(parse_clock("24:00"), Some(1440));
        assert_eq!(parse_clock("24:01"), None);
        assert_eq!(parse_clock("25:00"), None);
        assert_eq!(parse_clock("8:00"), None);
        assert_eq!(parse_clock("08:60"), None);
        assert_eq!(parse_clock("+8:00"), None);
        assert_eq!(padded_clock("8:00").as_deref(), Some("08:00"));
        assert_eq!(padded_clock("8h").as_deref(), Some("08:00"));
        assert_eq!(padded_clock("25:00"), None);
    }
}
