//! `[[practitioners]]`: the posts each serves (and the profession they allow), place,
//! pledge, share, limits, history, unavailabilities and wishes, the last two naming
//! dates or a post's period, and the available days, turned here into unavailable
//! ranges of the rest of the horizon. A pledge is the share and the personal
//! `max_per_horizon` unless the file gives them.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use toml::Spanned;

use super::geography;
use super::rules::LimitKeys;
use super::{at, key, Checker, Declared};
use crate::instance::diagnostic::codes;
use crate::instance::labels::{self as fr, CATEGORY, PERIOD, POST, PRACTITIONER};
use crate::instance::locate::Seg;
use crate::instance::raw::{self, RawTarget};
use crate::instance::sink::list;
use crate::instance::{
    Limits, Post, PostIdx, PostKind, Practitioner, PractitionerId, Unavailability, Wish, WishKind,
};

impl Checker<'_, '_, '_, '_> {
    pub(super) fn practitioners(
        &mut self,
        raw: &[Spanned<raw::RawPractitioner>],
        all_posts: &[Post],
    ) -> Vec<Practitioner> {
        let list_path = [key("practitioners")];
        let ids = raw
            .iter()
            .map(|p| (p.get_ref().id.as_ref(), p.span()))
            .collect();
        let mut declared = Declared::new();
        let ids = self.declare(ids, &list_path, &PRACTITIONER, |i| i, &mut declared);
        let posts = std::mem::replace(&mut self.posts, Declared::new());
        let categories = std::mem::replace(&mut self.categories, Declared::new());
        let mut out = Vec::new();
        for (i, (p, id)) in raw.iter().zip(ids).enumerate() {
            let path = [key("practitioners"), Seg::Index(i)];
            let owner = self.describe(&path);
            let p = p.get_ref();
            let profession = p.profession.clone().unwrap_or_else(|| "medecin".to_owned());
            let mut serves = BTreeSet::new();
            for name in p.posts.iter().flatten() {
                if let Some(idx) = self.resolve(name, &owner, &POST, &posts) {
                    let allowed = &all_posts[idx.get()].professions;
                    if !allowed.is_empty() && !allowed.contains(&profession) {
                        let names: Vec<&str> = allowed.iter().map(String::as_str).collect();
                        self.error_help(
                            codes::PROFESSION_MISMATCH,
                            name.span(),
                            fr::profession_mismatch(
                                &owner,
                                name.get_ref(),
                                &list(&names),
                                &profession,
                            ),
                            Some(fr::PROFESSION_MISMATCH_HELP.to_owned()),
                        );
                        continue;
                    }
                    serves.insert(idx);
                }
            }
            let place = p.place.as_ref().and_then(|name| {
                let places = std::mem::replace(&mut self.places, Declared::new());
                let found = self.resolve(name, &owner, &geography::PLACE, &places);
                self.places = places;
                found
            });
            let volunteer = serves
                .iter()
                .any(|q: &PostIdx| all_posts[q.get()].kind == PostKind::McsZone);
            if volunteer && p.place.is_none() && !self.places.order.is_empty() {
                self.missing(&path, raw[i].span(), "place", fr::PLACE_EXAMPLE);
            }
            let pledge = p.pledge.as_ref().and_then(|v| {
                let n = u32::try_from(*v.get_ref()).ok().filter(|&n| n >= 1);
                if n.is_none() {
                    self.error_help(
                        codes::INVALID_NUMBER,
                        v.span(),
                        fr::invalid_pledge(&owner, *v.get_ref()),
                        Some(fr::PLEDGE_HELP.to_owned()),
                    );
                }
                n
            });
            let share = match &p.share {
                None => pledge.map_or(1.0, f64::from),
                Some(s) => {
                    let v = *s.get_ref();
                    if v.is_finite() && v > 0.0 {
                        v
                    } else {
                        self.error_help(
                            codes::INVALID_SHARE,
                            s.span(),
                            fr::invalid_share(&owner, v),
                            Some(fr::SHARE_HELP.to_owned()),
                        );
                        1.0
                    }
                }
            };
            let mut limits = match &p.limits {
                None => Limits::default(),
                Some(l) => {
                    let lpath = at(&path, &[key("limits")]);
                    let lowner = self.describe(&lpath);
                    self.limits(&LimitKeys::of_limits(l.get_ref()), &lpath, &lowner)
                }
            };
            limits.max_per_horizon = limits.max_per_horizon.or(pledge);
            let mut history = BTreeMap::new();
            if let Some(h) = &p.history {
                for (name, value) in &h.get_ref().0 {
                    let key_path = at(&path, &[key("history"), key(name)]);
                    let key_span = self.loc.key_span(&key_path).unwrap_or_else(|| value.span());
                    let v = *value.get_ref();
                    let valid = v.is_finite() && v >= 0.0;
                    if !valid {
                        self.error(
                            codes::INVALID_HISTORY,
                            value.span(),
                            fr::invalid_history(&owner, v, name),
                        );
                    }
                    let spanned_name = Spanned::new(key_span, name.clone());
                    let hist_owner = format!("{owner}, history");
                    if let Some(c) =
                        self.resolve(&spanned_name, &hist_owner, &CATEGORY, &categories)
                    {
                        if valid {
                            history.insert(c, v);
                        }
                    }
                }
            }
            let mut unavailable = Vec::new();
            for (j, u) in p.unavailable.iter().flatten().enumerate() {
                let upath = at(&path, &[key("unavailable"), Seg::Index(j)]);
                if let Some(t) = self.target(u, &upath, &posts) {
                    unavailable.push(t);
                }
            }
            let available = p
                .available
                .as_ref()
                .map(|list| self.available(list, &path, &posts));
            if let (Some(Some(days)), Some(h)) = (&available, self.horizon) {
                unavailable.extend(
                    outside(days, h.first, h.last)
                        .into_iter()
                        .map(|(from, to)| Unavailability::Dates { from, to }),
                );
            }
            let mut wishes = Vec::new();
            for (j, w) in p.wishes.iter().flatten().enumerate() {
                let wpath = at(&path, &[key("wishes"), Seg::Index(j)]);
                if let Some(wish) = self.wish(w, &wpath, &posts) {
                    wishes.push(wish);
                }
            }
            let id = id.unwrap_or_default();
            out.push(Practitioner {
                name: p.name.clone().unwrap_or_else(|| id.clone()),
                id: PractitionerId(id),
                email: p.email.clone(),
                profession,
                qualifications: p.qualifications.iter().flatten().cloned().collect(),
                posts: serves,
                share,
                pledge,
                unavailable,
                available: available.flatten(),
                wishes,
                limits,
                history,
                place,
            });
        }
        self.posts = posts;
        self.categories = categories;
        out
    }

    /// `available`: day targets only (`{ from, to }` or `{ date }`); `None` when one
    /// of them is refused (the error is reported).
    fn available(
        &mut self,
        raw: &[Spanned<RawTarget>],
        path: &[Seg],
        posts: &Declared<PostIdx>,
    ) -> Option<Vec<(NaiveDate, NaiveDate)>> {
        let mut days = Vec::new();
        let mut ok = true;
        for (j, t) in raw.iter().enumerate() {
            let tpath = at(path, &[key("available"), Seg::Index(j)]);
            let r = t.get_ref();
            if r.post.is_some() || r.period.is_some() {
                let owner = self.describe(&tpath);
                self.error_help(
                    codes::INVALID_TARGET,
                    t.span(),
                    fr::available_duty(&owner),
                    Some(fr::AVAILABLE_FORMS.to_owned()),
                );
                ok = false;
                continue;
            }
            match self.target(t, &tpath, posts) {
                Some(Unavailability::Dates { from, to }) => days.push((from, to)),
                _ => ok = false,
            }
        }
        ok.then_some(days)
    }

    fn wish(
        &mut self,
        raw: &Spanned<raw::RawWish>,
        path: &[Seg],
        posts: &Declared<PostIdx>,
    ) -> Option<Wish> {
        let owner = self.describe(path);
        let w = raw.get_ref();
        let weight = match &w.weight {
            None => Some(1),
            Some(v) => match u32::try_from(*v.get_ref()) {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    self.error_help(
                        codes::INVALID_WEIGHT,
                        v.span(),
                        fr::invalid_wish_weight(&owner, *v.get_ref()),
                        Some(fr::WISH_WEIGHT_HELP.to_owned()),
                    );
                    None
                }
            },
        };
        let (kind, target, which) = match (&w.off, &w.on) {
            (Some(t), None) => (WishKind::Off, t, "off"),
            (None, Some(t)) => (WishKind::On, t, "on"),
            (both_or_none_off, _) => {
                let message = if both_or_none_off.is_some() {
                    fr::wish_off_and_on(&owner)
                } else {
                    fr::wish_neither(&owner)
                };
                self.error_help(
                    codes::INVALID_WISH,
                    raw.span(),
                    message,
                    Some("par exemple { off = { date = 2027-01-15 }, weight = 3 }".to_owned()),
                );
                return None;
            }
        };
        let target = self.target(target, &at(path, &[key(which)]), posts)?;
        Some(Wish {
            kind,
            target,
            weight: weight?,
        })
    }

    /// `{ from, to }`, `{ date }` or `{ post, period, date }`.
    fn target(
        &mut self,
        raw: &Spanned<RawTarget>,
        path: &[Seg],
        posts: &Declared<PostIdx>,
    ) -> Option<Unavailability> {
        const FORMS: &str = fr::TARGET_FORMS;
        let owner = self.describe(path);
        let span = raw.span();
        let t = raw.get_ref();
        let range = t.from.is_some() || t.to.is_some();
        let duty = t.post.is_some() || t.period.is_some();
        if range && (duty || t.date.is_some()) {
            self.error_help(
                codes::INVALID_TARGET,
                span,
                fr::mixed_target(&owner),
                Some(FORMS.to_owned()),
            );
            return None;
        }
        if range {
            let from = self.required_date(t.from.as_ref(), path, &span, "from");
            let to = self.required_date(t.to.as_ref(), path, &span, "to");
            let (from, to) = (from?, to?);
            let from_span = t.from.as_ref().map_or(span.clone(), |v| v.span());
            let to_span = t.to.as_ref().map_or(span.clone(), |v| v.span());
            if to < from {
                self.error(
                    codes::REVERSED_RANGE,
                    to_span,
                    fr::reversed_range(&owner, from, to),
                );
                return None;
            }
            let ok_from = self.check_in_horizon(from, from_span, &owner);
            let ok_to = self.check_in_horizon(to, to_span, &owner);
            return (ok_from && ok_to).then_some(Unavailability::Dates { from, to });
        }
        let Some(date_value) = &t.date else {
            if duty {
                self.missing(path, span, "date", "date = 2027-01-09");
            } else {
                self.error_help(
                    codes::INVALID_TARGET,
                    span,
                    fr::no_date(&owner),
                    Some(FORMS.to_owned()),
                );
            }
            return None;
        };
        let date = self.date(date_value, &owner, "date");
        let in_horizon = match date {
            Some(d) => self.check_in_horizon(d, date_value.span(), &owner),
            None => false,
        };
        if !duty {
            let date = date.filter(|_| in_horizon)?;
            return Some(Unavailability::Dates {
                from: date,
                to: date,
            });
        }
        let post = match &t.post {
            Some(p) => self.resolve(p, &owner, &POST, posts),
            None => {
                self.missing(path, span.clone(), "post", "post = \"mende\"");
                None
            }
        };
        let periods = std::mem::replace(&mut self.periods, Declared::new());
        let period = match &t.period {
            Some(p) => self.resolve(p, &owner, &PERIOD, &periods),
            None => {
                self.missing(path, span.clone(), "period", "period = \"nuit\"");
                None
            }
        };
        self.periods = periods;
        let (post, period) = (post?, period?);
        let covered = self
            .post_periods
            .get(post.get())
            .cloned()
            .unwrap_or_default();
        if !covered.contains(&period) {
            let (name, pspan) = t
                .period
                .as_ref()
                .map_or((String::new(), span), |p| (p.get_ref().clone(), p.span()));
            let post_id = t.post.as_ref().map_or("", |p| p.get_ref().as_str());
            let head = fr::post_does_not_cover(&owner, post_id, &name);
            self.not_in_post(head, pspan, &covered);
            return None;
        }
        let date = date.filter(|_| in_horizon)?;
        Some(Unavailability::Duty { post, period, date })
    }
}

/// The days of `first..=last` outside every range of `days` (which may overlap), as
/// inclusive ranges in order.
fn outside(
    days: &[(NaiveDate, NaiveDate)],
    first: NaiveDate,
    last: NaiveDate,
) -> Vec<(NaiveDate, NaiveDate)> {
    let mut sorted = days.to_vec();
    sorted.sort_unstable();
    let mut out = Vec::new();
    // The first day not yet known to be available or reported.
    let mut next = Some(first);
    for (from, to) in sorted {
        let Some(n) = next.filter(|&n| n <= last) else {
            break;
        };
        if from > n {
            if let Some(before) = from.pred_opt() {
                out.push((n, before.min(last)));
            }
        }
        if to >= n {
            next = to.succ_opt();
        }
    }
    if let Some(n) = next.filter(|&n| n <= last) {
        out.push((n, last));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 1, day).expect("a date")
    }

    #[test]
    fn outside_merges_overlapping_ranges() {
        assert_eq!(outside(&[], d(1), d(31)), vec![(d(1), d(31))]);
        assert_eq!(
            outside(
                &[(d(10), d(12)), (d(5), d(11)), (d(20), d(20))],
                d(1),
                d(31)
            ),
            vec![(d(1), d(4)), (d(13), d(19)), (d(21), d(31))]
        );
        assert_eq!(
            outside(&[(d(1), d(3)), (d(4), d(31))], d(1), d(31)),
            Vec::new()
        );
        assert_eq!(outside(&[(d(1), d(31))], d(1), d(31)), Vec::new());
        assert_eq!(outside(&[(d(31), d(31))], d(1), d(31)), vec![(d(1), d(30))]);
    }
}
