//! `[[periods]]` and `[[posts]]`: the periods of a day, and the posts with the periods
//! they cover, their demand (`demand`, `demand_on`), season, combinations and weights.
//! The periods each post covers are kept on the checker, for the references of
//! practitioners to a post's period.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use chrono::{NaiveDate, WeekdaySet};
use toml::Spanned;

use super::values::{minutes_to_time, show_clock, ALL_DAY_KINDS};
use super::{at, key, Checker, Declared};
use crate::instance::diagnostic::codes;
use crate::instance::labels::{self as fr, PERIOD, POST};
use crate::instance::locate::Seg;
use crate::instance::raw::{self, RawDemand};
use crate::instance::sink::{help_did_you_mean, list};
use crate::instance::{Period, PeriodId, PeriodIdx, Post, PostId, PostIdx, PostKind, Rules};

/// The latest day a period may end on, counted from its date: four weeks.
const MAX_END_DAY: u32 = 28;

impl Checker<'_, '_, '_, '_> {
    pub(super) fn periods(&mut self, raw: &[Spanned<raw::RawPeriod>]) -> Vec<Period> {
        let list_path = [key("periods")];
        let ids = raw
            .iter()
            .map(|p| (p.get_ref().id.as_ref(), p.span()))
            .collect();
        let mut declared = Declared::new();
        let ids = self.declare(ids, &list_path, &PERIOD, PeriodIdx, &mut declared);
        self.periods = declared;

        let mut out = Vec::new();
        for (i, (p, id)) in raw.iter().zip(ids).enumerate() {
            let path = [key("periods"), Seg::Index(i)];
            let owner = self.describe(&path);
            let span = p.span();
            let p = p.get_ref();
            let start = match &p.start {
                Some(v) => self.clock(v, &owner, false),
                None => {
                    self.missing(&path, span.clone(), "start", "start = \"20:00\"");
                    None
                }
            };
            let end = match &p.end {
                Some(v) => self.clock(v, &owner, true),
                None => {
                    self.missing(&path, span.clone(), "end", "end = \"08:00\"");
                    None
                }
            };
            let after_midnight = p.after_midnight.unwrap_or(false);
            let written_end_day = self.end_day(p, &owner, after_midnight);
            if let (Some(s), Some(e), Some(end_value)) = (start, end, &p.end) {
                match written_end_day {
                    None if s % 1440 == e % 1440 => self.error_help(
                        codes::EMPTY_PERIOD,
                        end_value.span(),
                        fr::empty_period(&owner, &show_clock(e)),
                        Some(fr::EMPTY_PERIOD_HELP.to_owned()),
                    ),
                    Some(0) if e <= s => self.error_help(
                        codes::PERIOD_ENDS_BEFORE_START,
                        end_value.span(),
                        fr::period_ends_before_start(&owner, &show_clock(s), &show_clock(e)),
                        Some(fr::PERIOD_ENDS_BEFORE_START_HELP.to_owned()),
                    ),
                    _ => {}
                }
            }
            let (start_min, end_min) = (start.unwrap_or(0), end.unwrap_or(0));
            // The day of the end as written (today's rule without `end_day`: the next
            // day when the end is at or before the start), then resolved so that a
            // "24:00" end is 00:00 of the day after.
            let end_day = written_end_day.unwrap_or(u32::from(end_min <= start_min));
            let night = p
                .night
                .unwrap_or(after_midnight || (end_day == 1 && end_min < 1440));
            let end_day = end_day + u32::from(end_min == 1440);
            let weekdays = match &p.weekdays {
                None => WeekdaySet::ALL,
                Some(list) if list.get_ref().is_empty() => {
                    self.error_help(
                        codes::EMPTY_WEEKDAYS,
                        list.span(),
                        fr::empty_weekdays(&owner),
                        Some(fr::EMPTY_WEEKDAYS_HELP.to_owned()),
                    );
                    WeekdaySet::EMPTY
                }
                Some(list) => list
                    .get_ref()
                    .iter()
                    .filter_map(|w| self.weekday(w, &owner))
                    .collect(),
            };
            let day_kinds = match &p.day_kinds {
                None => ALL_DAY_KINDS.iter().copied().collect(),
                Some(list) if list.get_ref().is_empty() => {
                    self.error_help(
                        codes::EMPTY_DAY_KINDS,
                        list.span(),
                        fr::empty_day_kinds(&owner),
                        Some(fr::EMPTY_DAY_KINDS_HELP.to_owned()),
                    );
                    BTreeSet::new()
                }
                Some(list) => list
                    .get_ref()
                    .iter()
                    .filter_map(|k| self.day_kind(k, &owner))
                    .collect(),
            };
            let minutes = self.count(p.minutes.as_ref(), &owner, "minutes");
            let periods = std::mem::replace(&mut self.periods, Declared::new());
            let not_followed_by = p
                .not_followed_by
                .iter()
                .flatten()
                .filter_map(|name| self.resolve(name, &owner, &PERIOD, &periods))
                .collect();
            self.periods = periods;
            let id = id.unwrap_or_default();
            out.push(Period {
                label: p.label.clone().unwrap_or_else(|| id.clone()),
                id: PeriodId(id),
                start: minutes_to_time(start_min),
                end: minutes_to_time(end_min),
                end_day,
                after_midnight,
                day_kinds,
                weekdays,
                night,
                deep_night: p.deep_night.unwrap_or(false),
                minutes,
                not_followed_by,
            });
        }
        out
    }

    /// A period's `end_day` as written, when valid: 0..=28, and not with
    /// `after_midnight`.
    fn end_day(&mut self, p: &raw::RawPeriod, owner: &str, after_midnight: bool) -> Option<u32> {
        let v = p.end_day.as_ref()?;
        let n = *v.get_ref();
        let Some(day) = u32::try_from(n).ok().filter(|d| *d <= MAX_END_DAY) else {
            self.error(
                codes::INVALID_END_DAY,
                v.span(),
                fr::invalid_end_day(owner, n),
            );
            return None;
        };
        if after_midnight {
            self.error_help(
                codes::END_DAY_AFTER_MIDNIGHT,
                v.span(),
                fr::end_day_after_midnight(owner),
                Some(fr::END_DAY_AFTER_MIDNIGHT_HELP.to_owned()),
            );
            return None;
        }
        Some(day)
    }

    pub(super) fn posts(&mut self, raw: &[Spanned<raw::RawPost>], rules: &Rules) -> Vec<Post> {
        let list_path = [key("posts")];
        let ids = raw
            .iter()
            .map(|p| (p.get_ref().id.as_ref(), p.span()))
            .collect();
        let mut declared = Declared::new();
        let ids = self.declare(ids, &list_path, &POST, PostIdx, &mut declared);
        self.posts = declared;

        // The periods of every post first: references to a post's periods (demand,
        // unavailabilities) are checked against them.
        let periods = std::mem::replace(&mut self.periods, Declared::new());
        let mut post_periods = Vec::new();
        for (i, p) in raw.iter().enumerate() {
            let path = [key("posts"), Seg::Index(i)];
            let owner = self.describe(&path);
            let mut set = BTreeSet::new();
            match &p.get_ref().periods {
                Some(list) => {
                    for name in list {
                        if let Some(idx) = self.resolve(name, &owner, &PERIOD, &periods) {
                            set.insert(idx);
                        }
                    }
                }
                None => self.missing(&path, p.span(), "periods", "periods = [\"nuit\"]"),
            }
            post_periods.push(set);
        }
        self.periods = periods;
        self.post_periods = post_periods.clone();

        let posts = std::mem::replace(&mut self.posts, Declared::new());
        let mut out = Vec::new();
        for (i, ((p, id), covered)) in raw.iter().zip(ids).zip(post_periods).enumerate() {
            let path = [key("posts"), Seg::Index(i)];
            let owner = self.describe(&path);
            let p = p.get_ref();
            let kind = match &p.kind {
                Some(k) => self.post_kind(k, &owner).unwrap_or(PostKind::Pdsa),
                None => PostKind::Pdsa,
            };
            let demand = self.demand(p.demand.as_ref(), &covered, &path, &owner);
            let mut combinable_with = BTreeSet::new();
            for other in p.combinable_with.iter().flatten() {
                if id.as_deref() == Some(other.get_ref().as_str()) {
                    self.error(
                        codes::SELF_COMBINABLE,
                        other.span(),
                        fr::self_combinable(&owner),
                    );
                    continue;
                }
                if let Some(idx) = self.resolve(other, &owner, &POST, &posts) {
                    combinable_with.insert(idx);
                }
            }
            let season = p.season.as_ref().and_then(|s| {
                let season_path = at(&path, &[key("season")]);
                let sspan = s.span();
                let first =
                    self.required_date(s.get_ref().first.as_ref(), &season_path, &sspan, "first");
                let last =
                    self.required_date(s.get_ref().last.as_ref(), &season_path, &sspan, "last");
                let (first, last) = (first?, last?);
                if last < first {
                    let last_span = s.get_ref().last.as_ref().map_or(sspan, |l| l.span());
                    self.error(
                        codes::REVERSED_RANGE,
                        last_span,
                        fr::reversed_season(&owner, first, last),
                    );
                    return None;
                }
                Some((first, last))
            });
            let demand_on = self.demand_on(p, &covered, &path);
            let under_cover_weight = self.weight(
                p.under_cover_weight.as_ref(),
                &owner,
                "under_cover_weight",
                1.0,
                None,
            );
            if under_cover_weight <= 0.0 {
                if let Some(v) = &p.under_cover_weight {
                    self.error(
                        codes::INVALID_WEIGHT,
                        v.span(),
                        fr::zero_under_cover_weight(&owner),
                    );
                }
            }
            let over_cover_weight = p
                .over_cover_weight
                .as_ref()
                .map(|v| self.weight(Some(v), &owner, "over_cover_weight", 0.0, None));
            let continuity_weight = p
                .continuity_weight
                .as_ref()
                .map(|v| self.weight(Some(v), &owner, "continuity_weight", 0.0, None));
            let id = id.unwrap_or_default();
            out.push(Post {
                label: p.label.clone().unwrap_or_else(|| id.clone()),
                id: PostId(id),
                kind,
                demand,
                qualifications: p.qualifications.iter().flatten().cloned().collect(),
                combinable_with,
                location: p.location.clone(),
                phone: p.phone.clone(),
                bridge_days: p.bridge_days.unwrap_or(true),
                season,
                weekend_bundle: p.weekend_bundle.unwrap_or(rules.weekend_bundle),
                required: p.required.unwrap_or(kind != PostKind::McsZone),
                professions: p
                    .professions
                    .iter()
                    .flatten()
                    .map(|s| s.get_ref().clone())
                    .collect(),
                demand_on,
                under_cover_weight: under_cover_weight.max(f64::MIN_POSITIVE),
                over_cover_weight,
                // Resolved with the places (`post_places`, geography.rs).
                place: None,
                continuity_weight,
            });
        }
        self.posts = posts;

        // Combinable is symmetric: holding A with B is holding B with A.
        let pairs: Vec<(usize, PostIdx)> = out
            .iter()
            .enumerate()
            .flat_map(|(a, p)| p.combinable_with.iter().map(move |b| (a, *b)))
            .collect();
        for (a, b) in pairs {
            if let (Some(post), Ok(a)) = (out.get_mut(b.get()), u32::try_from(a)) {
                post.combinable_with.insert(PostIdx(a));
            }
        }
        out
    }

    fn demand(
        &mut self,
        raw: Option<&Spanned<RawDemand>>,
        covered: &BTreeSet<PeriodIdx>,
        path: &[Seg],
        owner: &str,
    ) -> BTreeMap<PeriodIdx, u32> {
        let mut demand: BTreeMap<PeriodIdx, u32> = covered.iter().map(|p| (*p, 1)).collect();
        let Some(raw) = raw else {
            return demand;
        };
        let invalid = |n: i64| fr::invalid_demand(owner, n);
        match raw.get_ref() {
            RawDemand::All(n) => match u32::try_from(*n) {
                Ok(n) if n >= 1 => {
                    for d in demand.values_mut() {
                        *d = n;
                    }
                }
                _ => self.error(codes::INVALID_DEMAND, raw.span(), invalid(*n)),
            },
            RawDemand::PerPeriod(entries) => {
                for (name, value) in entries {
                    let key_path = at(path, &[key("demand"), key(name)]);
                    let key_span = self.loc.key_span(&key_path).unwrap_or_else(|| value.span());
                    let n = *value.get_ref();
                    let count = match u32::try_from(n) {
                        Ok(c) if c >= 1 => Some(c),
                        _ => {
                            self.error(codes::INVALID_DEMAND, value.span(), invalid(n));
                            None
                        }
                    };
                    let Some(period) = self.periods.get(name) else {
                        let names = self.periods.names();
                        let known = if names.is_empty() {
                            PERIOD.none.to_owned()
                        } else {
                            fr::declared_ids(&PERIOD, &list(&names))
                        };
                        let help = help_did_you_mean(name, names.iter().copied());
                        self.error_help(
                            codes::UNKNOWN_PERIOD,
                            key_span,
                            fr::demand_unknown_period(owner, name, &known),
                            help,
                        );
                        continue;
                    };
                    if !covered.contains(&period) {
                        let head = fr::demand_period_not_in_post(owner, name);
                        self.not_in_post(head, key_span, covered);
                        continue;
                    }
                    if let Some(c) = count {
                        demand.insert(period, c);
                    }
                }
            }
        }
        demand
    }

    /// `demand_on = [{ date, period, demand }]`: the demand of single dates (0 allowed).
    fn demand_on(
        &mut self,
        p: &raw::RawPost,
        covered: &BTreeSet<PeriodIdx>,
        path: &[Seg],
    ) -> BTreeMap<(NaiveDate, PeriodIdx), u32> {
        let mut out = BTreeMap::new();
        for (j, entry) in p.demand_on.iter().flatten().enumerate() {
            let epath = at(path, &[key("demand_on"), Seg::Index(j)]);
            let eowner = self.describe(&epath);
            let span = entry.span();
            let e = entry.get_ref();
            let date = self.required_date(e.date.as_ref(), &epath, &span, "date");
            let date = date.filter(|d| {
                let dspan = e.date.as_ref().map_or(span.clone(), |v| v.span());
                self.check_in_horizon(*d, dspan, &eowner)
            });
            let period = match &e.period {
                Some(name) => {
                    let periods = std::mem::replace(&mut self.periods, Declared::new());
                    let found = self.resolve(name, &eowner, &PERIOD, &periods);
                    self.periods = periods;
                    match found {
                        Some(q) if !covered.contains(&q) => {
                            let head = fr::period_not_covered(&eowner, name.get_ref());
                            self.not_in_post(head, name.span(), covered);
                            None
                        }
                        found => found,
                    }
                }
                None => {
                    self.missing(&epath, span.clone(), "period", "period = \"nuit\"");
                    None
                }
            };
            let demand = match &e.demand {
                Some(v) => self.count(Some(v), &eowner, "demand"),
                None => {
                    self.missing(&epath, span.clone(), "demand", "demand = 2");
                    None
                }
            };
            if let (Some(d), Some(q), Some(n)) = (date, period, demand) {
                out.insert((d, q), n);
            }
        }
        out
    }

    /// Reports a period named with a post that does not cover it; `head` says where.
    pub(super) fn not_in_post(
        &mut self,
        head: String,
        span: Range<usize>,
        covered: &BTreeSet<PeriodIdx>,
    ) {
        let names: Vec<&str> = covered
            .iter()
            .filter_map(|p| self.periods.name_of(*p))
            .collect();
        let listed = fr::periods_of_post((!names.is_empty()).then(|| list(&names)).as_deref());
        self.error_help(
            codes::PERIOD_NOT_IN_POST,
            span,
            format!("{head} ; {listed}"),
            None,
        );
    }
}
