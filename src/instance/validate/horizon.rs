//! `[horizon]` and `[calendar]`: the dates of the roster, its time zone, and the
//! calendar options (regional holidays, bridge days, overrides, deep night).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use toml::Spanned;

use super::{key, Checker};
use crate::calendar::{self, CalendarOptions, RegionalCalendar};
use crate::instance::diagnostic::codes;
use crate::instance::labels as fr;
use crate::instance::locate::Seg;
use crate::instance::raw;
use crate::instance::sink::{alternatives, help_did_you_mean};
use crate::instance::Horizon;

/// Longest accepted horizon, in days: ten years. Longer is a typo (`2207` for `2027`)
/// that would otherwise expand into millions of duties.
const MAX_HORIZON_DAYS: i64 = 3653;

const ALL_REGIONAL: [RegionalCalendar; 8] = [
    RegionalCalendar::AlsaceMoselle,
    RegionalCalendar::Mayotte,
    RegionalCalendar::Martinique,
    RegionalCalendar::Guadeloupe,
    RegionalCalendar::SaintMartin,
    RegionalCalendar::Guyane,
    RegionalCalendar::SaintBarthelemy,
    RegionalCalendar::Reunion,
];

impl Checker<'_, '_, '_, '_> {
    pub(super) fn horizon(&mut self, raw: Option<&Spanned<raw::RawHorizon>>) -> Horizon {
        let placeholder = Horizon {
            first: NaiveDate::MIN,
            last: NaiveDate::MIN,
            time_zone: Tz::Europe__Paris,
        };
        let Some(raw) = raw else {
            self.error_help(
                codes::MISSING_KEY,
                0..0,
                fr::MISSING_HORIZON.to_owned(),
                Some(fr::MISSING_HORIZON_HELP.to_owned()),
            );
            return placeholder;
        };
        let path = [key("horizon")];
        let span = raw.span();
        let h = raw.get_ref();
        let first = self.required_date(h.first.as_ref(), &path, &span, "first");
        let last = self.required_date(h.last.as_ref(), &path, &span, "last");
        let time_zone = match &h.time_zone {
            None => Some(Tz::Europe__Paris),
            Some(tz) => match tz.get_ref().parse::<Tz>() {
                Ok(tz) => Some(tz),
                Err(_) => {
                    let help = help_did_you_mean(
                        tz.get_ref(),
                        chrono_tz::TZ_VARIANTS.iter().map(|t| t.name()),
                    )
                    .or_else(|| Some(fr::TIME_ZONE_HELP.to_owned()));
                    self.error_help(
                        codes::UNKNOWN_TIME_ZONE,
                        tz.span(),
                        fr::unknown_time_zone(tz.get_ref()),
                        help,
                    );
                    None
                }
            },
        };
        let (Some(first), Some(last)) = (first, last) else {
            return placeholder;
        };
        let last_span = h.last.as_ref().map_or(span.clone(), |l| l.span());
        if last < first {
            self.error(
                codes::REVERSED_HORIZON,
                last_span,
                fr::reversed_horizon(first, last),
            );
            return placeholder;
        }
        if (last - first).num_days() >= MAX_HORIZON_DAYS {
            self.error_help(
                codes::HORIZON_TOO_LONG,
                last_span,
                fr::horizon_too_long((last - first).num_days() + 1, MAX_HORIZON_DAYS),
                Some(fr::HORIZON_TOO_LONG_HELP.to_owned()),
            );
            return placeholder;
        }
        let horizon = Horizon {
            first,
            last,
            time_zone: time_zone.unwrap_or(Tz::Europe__Paris),
        };
        self.horizon = Some(horizon);
        horizon
    }

    pub(super) fn calendar(
        &mut self,
        raw: Option<&Spanned<raw::RawCalendar>>,
    ) -> (CalendarOptions, bool) {
        let mut options = CalendarOptions::default();
        let Some(raw) = raw else {
            return (options, true);
        };
        let c = raw.get_ref();
        let owner = "[calendar]";
        for r in c.regional.iter().flatten() {
            match calendar::parse_regional(r.get_ref()) {
                Some(cal) => {
                    options.regional.insert(cal);
                }
                None => {
                    let names: Vec<&str> = ALL_REGIONAL
                        .iter()
                        .map(|r| calendar::regional_name(*r))
                        .collect();
                    let help = help_did_you_mean(r.get_ref(), names.iter().copied());
                    self.error_help(
                        codes::UNKNOWN_REGIONAL_CALENDAR,
                        r.span(),
                        fr::unknown_regional(owner, r.get_ref(), &alternatives(&names)),
                        help,
                    );
                }
            }
        }
        options.bridge_days = c.bridge_days.unwrap_or(true);
        options.saturday_after_thursday_holiday_bridge =
            c.saturday_after_thursday_holiday_bridge.unwrap_or(false);
        let mut seen: BTreeMap<NaiveDate, usize> = BTreeMap::new();
        for (i, o) in c.overrides.iter().flatten().enumerate() {
            let path = [key("calendar"), key("overrides"), Seg::Index(i)];
            let span = o.span();
            let date = self.required_date(o.get_ref().date.as_ref(), &path, &span, "date");
            let date_span = o.get_ref().date.as_ref().map_or(span.clone(), |d| d.span());
            let what = self.describe(&path);
            let kind = match &o.get_ref().kind {
                Some(k) => self.day_kind(k, &what),
                None => {
                    self.missing(&path, span.clone(), "kind", "kind = \"holiday\"");
                    None
                }
            };
            let Some(date) = date else { continue };
            self.check_in_horizon(date, date_span.clone(), &what);
            if let Some(first) = seen.get(&date) {
                self.error(
                    codes::DUPLICATE_OVERRIDE,
                    date_span,
                    fr::duplicate_override(&what, date, first + 1),
                );
                continue;
            }
            seen.insert(date, i);
            if let Some(kind) = kind {
                options.overrides.insert(date, kind);
            }
        }
        (options, c.deep_night.unwrap_or(true))
    }
}
