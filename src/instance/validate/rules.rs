//! `[rules]` and the `limits` of a practitioner (one [`LimitKeys`] for both),
//! `[fairness]` with its categories (or the default ones), `[preferences]` and
//! `[objective]`: what bounds a roster and what the solver weighs.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use toml::Spanned;

use super::{at, key, Checker, Declared};
use crate::calendar::DayKind;
use crate::instance::diagnostic::codes;
use crate::instance::labels::{self as fr, CATEGORY, PERIOD};
use crate::instance::locate::Seg;
use crate::instance::raw;
use crate::instance::sink::help_did_you_mean;

/// Default of `[preferences] travel_weight`, the cost of one kilometre: a 100 km round
/// trip weighs as much as one refused wish of weight 1 (docs/instance-format.md).
pub(crate) const DEFAULT_TRAVEL_WEIGHT: f64 = 0.01;
use crate::instance::{
    Category, CategoryId, CategoryIdx, Fairness, Limits, ObjectiveMode, Post, Preferences, Rules,
    TargetBasis,
};

impl Checker<'_, '_, '_, '_> {
    pub(super) fn rules(&mut self, raw: Option<&Spanned<raw::RawRules>>) -> Rules {
        let default = raw::RawRules::default();
        let r = raw.map_or(&default, |r| r.get_ref());
        let owner = "[rules]";
        Rules {
            min_rest_after_night_hours: self
                .count(
                    r.min_rest_after_night_hours.as_ref(),
                    owner,
                    "min_rest_after_night_hours",
                )
                .unwrap_or(11),
            min_rest_hours: self
                .count(r.min_rest_hours.as_ref(), owner, "min_rest_hours")
                .unwrap_or(0),
            no_two_nights_in_a_row: r.no_two_nights_in_a_row.unwrap_or(true),
            min_days_between_duties: self
                .count(
                    r.min_days_between_duties.as_ref(),
                    owner,
                    "min_days_between_duties",
                )
                .unwrap_or(0),
            limits: self.limits(&LimitKeys::of_rules(r), &[key("rules")], owner),
            weekend_bundle: r.weekend_bundle.unwrap_or(false),
            exempt_runs_at_horizon_ends: r.exempt_runs_at_horizon_ends.unwrap_or(true),
        }
    }

    /// The maxima and minima of `[rules]` or of a practitioner's `limits` (at `path`).
    pub(super) fn limits(&mut self, k: &LimitKeys<'_>, path: &[Seg], owner: &str) -> Limits {
        let mut max_per_period = BTreeMap::new();
        if let Some(counts) = k.max_per_period {
            let periods = std::mem::replace(&mut self.periods, Declared::new());
            for (name, value) in &counts.get_ref().0 {
                let key_path = at(path, &[key("max_per_period"), key(name)]);
                let key_span = self.loc.key_span(&key_path).unwrap_or_else(|| value.span());
                let n = self.count(Some(value), owner, &format!("max_per_period.{name}"));
                let spanned_name = Spanned::new(key_span, name.clone());
                if let (Some(p), Some(n)) =
                    (self.resolve(&spanned_name, owner, &PERIOD, &periods), n)
                {
                    max_per_period.insert(p, n);
                }
            }
            self.periods = periods;
        }
        let mut max_per_month_by_kind = BTreeMap::new();
        for (name, value) in k.by_kind.iter().flat_map(|c| &c.get_ref().0) {
            let key_path = at(path, &[key("max_per_month_by_kind"), key(name)]);
            let key_span = self.loc.key_span(&key_path).unwrap_or_else(|| value.span());
            let n = self.count(Some(value), owner, &format!("max_per_month_by_kind.{name}"));
            let kind = self.post_kind(&Spanned::new(key_span, name.clone()), owner);
            if let (Some(kind), Some(n)) = (kind, n) {
                max_per_month_by_kind.insert(kind, n);
            }
        }
        let limits = Limits {
            max_per_week: self.count(k.week, owner, "max_per_week"),
            max_per_month: self.count(k.month, owner, "max_per_month"),
            max_per_horizon: self.count(k.horizon, owner, "max_per_horizon"),
            max_weekends: self.count(k.weekends, owner, "max_weekends"),
            max_consecutive_days: self.count(k.max_days, owner, "max_consecutive_days"),
            min_consecutive_days: self.count(k.min_days, owner, "min_consecutive_days"),
            min_consecutive_days_off: self.count(k.min_days_off, owner, "min_consecutive_days_off"),
            min_minutes: self.count(k.min_minutes, owner, "min_minutes"),
            max_minutes: self.count(k.max_minutes, owner, "max_minutes"),
            max_per_period,
            max_per_month_by_kind,
            min_days_between_duties: self.count(k.spacing, owner, "min_days_between_duties"),
        };
        // A minimum above its maximum in one table. Runs: 0 and 1 mean no minimum.
        let pairs = [
            (
                "min_minutes",
                "max_minutes",
                limits.min_minutes,
                limits.max_minutes,
                k.min_minutes,
            ),
            (
                "min_consecutive_days",
                "max_consecutive_days",
                limits.min_consecutive_days.filter(|&n| n > 1),
                limits.max_consecutive_days,
                k.min_days,
            ),
        ];
        for (min_key, max_key, lo, hi, value) in pairs {
            if let (Some(lo), Some(hi), Some(v)) = (lo, hi, value) {
                if lo > hi {
                    self.error(
                        codes::CONTRADICTORY_LIMITS,
                        v.span(),
                        fr::contradictory_limits(owner, min_key, lo, max_key, hi),
                    );
                }
            }
        }
        limits
    }

    pub(super) fn fairness(
        &mut self,
        raw: Option<&Spanned<raw::RawFairness>>,
        posts: &[Post],
    ) -> Fairness {
        let default = raw::RawFairness::default();
        let f = raw.map_or(&default, |f| f.get_ref());
        let owner = "[fairness]";
        let worst_overload_weight = self.weight(
            f.worst_overload_weight.as_ref(),
            owner,
            "worst_overload_weight",
            1.0,
            None,
        );
        let history_weight = self.weight(
            f.history_weight.as_ref(),
            owner,
            "history_weight",
            1.0,
            Some(1.0),
        );
        let mut categories = match &f.categories {
            None => default_categories(),
            Some(list) => self.categories(list),
        };
        let said: Vec<bool> = match &f.categories {
            None => vec![false; categories.len()],
            Some(list) => list.iter().map(|c| c.get_ref().targets.is_some()).collect(),
        };
        for (c, said) in categories.iter_mut().zip(said) {
            if !said {
                c.targets = TargetBasis::default_for(c, posts);
            }
        }
        let mut declared = Declared::new();
        for (i, c) in categories.iter().enumerate() {
            if !declared.by_id.contains_key(&c.id.0) {
                declared.by_id.insert(
                    c.id.0.clone(),
                    (CategoryIdx(u32::try_from(i).unwrap_or(u32::MAX)), 0..0),
                );
                declared.order.push(c.id.0.clone());
            }
        }
        self.categories = declared;
        Fairness {
            categories,
            worst_overload_weight,
            history_weight,
        }
    }

    fn categories(&mut self, raw: &[Spanned<raw::RawCategory>]) -> Vec<Category> {
        let list_path = [key("fairness"), key("categories")];
        let ids = raw
            .iter()
            .map(|c| (c.get_ref().id.as_ref(), c.span()))
            .collect();
        let mut declared = Declared::new();
        let ids = self.declare(ids, &list_path, &CATEGORY, CategoryIdx, &mut declared);
        let periods = std::mem::replace(&mut self.periods, Declared::new());
        let mut out = Vec::new();
        for (i, (c, id)) in raw.iter().zip(ids).enumerate() {
            let path = at(&list_path, &[Seg::Index(i)]);
            let owner = self.describe(&path);
            let c = c.get_ref();
            let weight = self.weight(c.weight.as_ref(), &owner, "weight", 1.0, None);
            let day_kinds = c
                .day_kinds
                .iter()
                .flatten()
                .filter_map(|k| self.day_kind(k, &owner))
                .collect();
            let category_periods = c
                .periods
                .iter()
                .flatten()
                .filter_map(|p| self.resolve(p, &owner, &PERIOD, &periods))
                .collect();
            let post_kinds = c
                .post_kinds
                .iter()
                .flatten()
                .filter_map(|k| self.post_kind(k, &owner))
                .collect();
            let month_days = c
                .month_days
                .iter()
                .flatten()
                .filter_map(|md| {
                    let parsed = parse_month_day(md.get_ref());
                    if parsed.is_none() {
                        self.error_help(
                            codes::INVALID_MONTH_DAY,
                            md.span(),
                            fr::invalid_month_day(&owner, md.get_ref()),
                            Some(fr::MONTH_DAY_HELP.to_owned()),
                        );
                    }
                    parsed
                })
                .collect();
            let months = c
                .months
                .iter()
                .flatten()
                .filter_map(|m| {
                    let month = u32::try_from(*m.get_ref())
                        .ok()
                        .filter(|n| (1..=12).contains(n));
                    if month.is_none() {
                        self.error(
                            codes::INVALID_NUMBER,
                            m.span(),
                            fr::invalid_month(&owner, *m.get_ref()),
                        );
                    }
                    month
                })
                .collect();
            let targets = c
                .targets
                .as_ref()
                .map_or(TargetBasis::Demand, |t| self.target_basis(t, &owner));
            let id = id.unwrap_or_default();
            out.push(Category {
                label: c.label.clone().unwrap_or_else(|| id.clone()),
                id: CategoryId(id),
                weight,
                day_kinds,
                periods: category_periods,
                post_kinds,
                month_days,
                months,
                targets,
            });
        }
        self.periods = periods;
        out
    }

    /// A category's `targets`: `demand` or `filled`.
    fn target_basis(&mut self, name: &Spanned<String>, owner: &str) -> TargetBasis {
        match name.get_ref().as_str() {
            "demand" => TargetBasis::Demand,
            "filled" => TargetBasis::Filled,
            other => {
                let help = help_did_you_mean(other, ["demand", "filled"]);
                self.error_help(
                    codes::UNKNOWN_TARGET_BASIS,
                    name.span(),
                    fr::unknown_target_basis(owner, other),
                    help,
                );
                TargetBasis::Demand
            }
        }
    }

    /// `[preferences]`: the weights of wishes, combined duties and travel.
    pub(super) fn preferences(
        &mut self,
        raw: Option<&Spanned<raw::RawPreferences>>,
    ) -> Preferences {
        let default = raw::RawPreferences::default();
        let p = raw.map_or(&default, |p| p.get_ref());
        let owner = "[preferences]";
        Preferences {
            wish_weight: self.weight(p.wish_weight.as_ref(), owner, "wish_weight", 1.0, None),
            combined_duty_penalty: self.weight(
                p.combined_duty_penalty.as_ref(),
                owner,
                "combined_duty_penalty",
                1.0,
                None,
            ),
            travel_weight: self.weight(
                p.travel_weight.as_ref(),
                owner,
                "travel_weight",
                DEFAULT_TRAVEL_WEIGHT,
                None,
            ),
        }
    }

    pub(super) fn objective(&mut self, raw: Option<&Spanned<raw::RawObjective>>) -> ObjectiveMode {
        let Some(mode) = raw.and_then(|o| o.get_ref().mode.as_ref()) else {
            return ObjectiveMode::Lexicographic;
        };
        match mode.get_ref().as_str() {
            "lexicographic" => ObjectiveMode::Lexicographic,
            "weighted" => ObjectiveMode::Weighted,
            other => {
                let help = help_did_you_mean(other, ["lexicographic", "weighted"]);
                self.error_help(
                    codes::UNKNOWN_OBJECTIVE_MODE,
                    mode.span(),
                    fr::unknown_objective_mode(other),
                    help,
                );
                ObjectiveMode::Lexicographic
            }
        }
    }
}

/// The keys of `[rules]` and of a practitioner's `limits` that make a [`Limits`].
pub(super) struct LimitKeys<'a> {
    week: Option<&'a Spanned<i64>>,
    month: Option<&'a Spanned<i64>>,
    horizon: Option<&'a Spanned<i64>>,
    weekends: Option<&'a Spanned<i64>>,
    max_days: Option<&'a Spanned<i64>>,
    min_days: Option<&'a Spanned<i64>>,
    min_days_off: Option<&'a Spanned<i64>>,
    min_minutes: Option<&'a Spanned<i64>>,
    max_minutes: Option<&'a Spanned<i64>>,
    max_per_period: Option<&'a Spanned<raw::RawCounts>>,
    by_kind: Option<&'a Spanned<raw::RawCounts>>,
    /// Personal only: the rules' spacing is [`Rules::min_days_between_duties`].
    spacing: Option<&'a Spanned<i64>>,
}

impl<'a> LimitKeys<'a> {
    fn of_rules(r: &'a raw::RawRules) -> Self {
        LimitKeys {
            week: r.max_per_week.as_ref(),
            month: r.max_per_month.as_ref(),
            horizon: r.max_per_horizon.as_ref(),
            weekends: r.max_weekends.as_ref(),
            max_days: r.max_consecutive_days.as_ref(),
            min_days: r.min_consecutive_days.as_ref(),
            min_days_off: r.min_consecutive_days_off.as_ref(),
            min_minutes: r.min_minutes.as_ref(),
            max_minutes: r.max_minutes.as_ref(),
            max_per_period: r.max_per_period.as_ref(),
            by_kind: r.max_per_month_by_kind.as_ref(),
            spacing: None,
        }
    }

    pub(super) fn of_limits(l: &'a raw::RawLimits) -> Self {
        LimitKeys {
            week: l.max_per_week.as_ref(),
            month: l.max_per_month.as_ref(),
            horizon: l.max_per_horizon.as_ref(),
            weekends: l.max_weekends.as_ref(),
            max_days: l.max_consecutive_days.as_ref(),
            min_days: l.min_consecutive_days.as_ref(),
            min_days_off: l.min_consecutive_days_off.as_ref(),
            min_minutes: l.min_minutes.as_ref(),
            max_minutes: l.max_minutes.as_ref(),
            max_per_period: l.max_per_period.as_ref(),
            by_kind: l.max_per_month_by_kind.as_ref(),
            spacing: l.min_days_between_duties.as_ref(),
        }
    }
}

/// The default fairness categories, used when the file has no `[[fairness.categories]]`.
fn default_categories() -> Vec<Category> {
    let category = |id: &str, label: &str, weight: f64| Category {
        id: CategoryId(id.to_owned()),
        label: label.to_owned(),
        weight,
        day_kinds: BTreeSet::new(),
        periods: BTreeSet::new(),
        post_kinds: BTreeSet::new(),
        month_days: BTreeSet::new(),
        months: BTreeSet::new(),
        targets: TargetBasis::Demand,
    };
    let mut christmas = category("noel_nouvel_an", fr::CHRISTMAS_CATEGORY, 4.0);
    christmas.month_days = [(12, 24), (12, 25), (12, 31), (1, 1)].into_iter().collect();
    let mut holidays = category("ferie_pont", fr::HOLIDAYS_CATEGORY, 3.0);
    holidays.day_kinds = [DayKind::Holiday, DayKind::Bridge].into_iter().collect();
    let mut weekend = category("weekend", fr::WEEKEND_CATEGORY, 2.0);
    weekend.day_kinds = [DayKind::Saturday, DayKind::Sunday].into_iter().collect();
    let mut weekday = category("semaine", fr::WEEKDAY_CATEGORY, 1.0);
    weekday.day_kinds = [DayKind::Weekday].into_iter().collect();
    vec![christmas, holidays, weekend, weekday]
}

/// `MM-DD` → (month, day), any day that exists in a leap year.
fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.split_once('-')?;
    if m.len() != 2 || d.len() != 2 || !m.bytes().chain(d.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    // 2000 is a leap year, so 02-29 is accepted.
    NaiveDate::from_ymd_opt(2000, m, d).map(|_| (m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_days() {
        assert_eq!(parse_month_day("12-25"), Some((12, 25)));
        assert_eq!(parse_month_day("02-29"), Some((2, 29)));
        assert_eq!(parse_month_day("02-30"), None);
        assert_eq!(parse_month_day("13-01"), None);
        assert_eq!(parse_month_day("1-01"), None);
    }
}
