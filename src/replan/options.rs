//! The changes given as command-line options (`--unavailable`, `--leave`,
//! `--demand`): [`Changes::from_options`].

use chrono::NaiveDate;

use crate::instance::{Instance, PeriodIdx, PostIdx, PracIdx};

use super::changes::{Changes, DemandChange, Target};
use super::file::{did_you_mean, ChangesError};
use super::labels as fr;

/// A `YYYY-MM-DD` date inside the horizon, or a French message naming the option.
fn option_date(instance: &Instance, option: &str, text: &str) -> Result<NaiveDate, ChangesError> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| ChangesError::Option(fr::option_unreadable_date(option, text)))?;
    let h = &instance.horizon;
    if date < h.first || date > h.last {
        return Err(ChangesError::Option(fr::outside_horizon(
            option, date, h.first, h.last,
        )));
    }
    Ok(date)
}

/// `FIRST..LAST` or one date.
fn option_range(
    instance: &Instance,
    option: &str,
    text: &str,
) -> Result<(NaiveDate, NaiveDate), ChangesError> {
    let (a, b) = match text.split_once("..") {
        Some((a, b)) => (
            option_date(instance, option, a)?,
            option_date(instance, option, b)?,
        ),
        None => {
            let d = option_date(instance, option, text)?;
            (d, d)
        }
    };
    if b < a {
        return Err(ChangesError::Option(fr::end_before_start(option, a, b)));
    }
    Ok((a, b))
}

fn option_practitioner(
    instance: &Instance,
    option: &str,
    id: &str,
) -> Result<PracIdx, ChangesError> {
    instance
        .practitioners
        .iter()
        .position(|p| p.id.0 == id)
        .map(|i| PracIdx(i as u32))
        .ok_or_else(|| {
            let known: Vec<&str> = instance
                .practitioners
                .iter()
                .map(|p| p.id.0.as_str())
                .collect();
            let hint = did_you_mean(id, &known).map_or(String::new(), |h| format!(" ; {h}"));
            ChangesError::Option(fr::option_unknown_practitioner(option, id, &hint))
        })
}

fn option_post(instance: &Instance, option: &str, id: &str) -> Result<PostIdx, ChangesError> {
    instance
        .posts
        .iter()
        .position(|p| p.id.0 == id)
        .map(|i| PostIdx(i as u32))
        .ok_or_else(|| {
            let known: Vec<&str> = instance.posts.iter().map(|p| p.id.0.as_str()).collect();
            let hint = did_you_mean(id, &known).map_or(String::new(), |h| format!(" ; {h}"));
            ChangesError::Option(fr::option_unknown_post(option, id, &hint))
        })
}

fn option_period(
    instance: &Instance,
    option: &str,
    post: PostIdx,
    id: &str,
) -> Result<PeriodIdx, ChangesError> {
    let p = instance.post(post);
    p.demand
        .keys()
        .copied()
        .find(|&k| instance.period(k).id.0 == id)
        .ok_or_else(|| {
            let known: Vec<&str> = p
                .demand
                .keys()
                .map(|&k| instance.period(k).id.0.as_str())
                .collect();
            ChangesError::Option(fr::option_unknown_period(option, id, &p.id.0, &known))
        })
}

impl Changes {
    /// The changes given as command-line options:
    /// `--unavailable ID:FIRST[..LAST]` or `ID:DATE:PERIOD:POST` (one duty),
    /// `--leave ID:DATE` (the first date they are gone) and
    /// `--demand POST[:PERIOD]:FIRST[..LAST]=N`.
    ///
    /// # Errors
    /// [`ChangesError::Option`] naming the option and what was expected.
    pub fn from_options(
        instance: &Instance,
        unavailable: &[String],
        leave: &[String],
        demand: &[String],
    ) -> Result<Changes, ChangesError> {
        let mut out = Changes::default();
        for text in unavailable {
            let o = "--unavailable";
            let parts: Vec<&str> = text.split(':').collect();
            match parts.as_slice() {
                [id, range] => {
                    let p = option_practitioner(instance, o, id)?;
                    let (a, b) = option_range(instance, o, range)?;
                    out.unavailable.push((p, Target::Dates(a, b)));
                }
                [id, date, period, post] => {
                    let p = option_practitioner(instance, o, id)?;
                    let d = option_date(instance, o, date)?;
                    let post = option_post(instance, o, post)?;
                    let period = option_period(instance, o, post, period)?;
                    out.unavailable.push((p, Target::Duty(post, period, d)));
                }
                _ => return Err(ChangesError::Option(fr::unavailable_unreadable(text))),
            }
        }
        for text in leave {
            let o = "--leave";
            let Some((id, date)) = text.split_once(':') else {
                return Err(ChangesError::Option(fr::leave_unreadable(text)));
            };
            let p = option_practitioner(instance, o, id)?;
            out.leave.push((p, option_date(instance, o, date)?));
        }
        for text in demand {
            let o = "--demand";
            let bad = || ChangesError::Option(fr::demand_unreadable(text));
            let (what, n) = text.rsplit_once('=').ok_or_else(bad)?;
            let n: u32 = n.trim().parse().map_err(|_| bad())?;
            if n > 100 {
                return Err(ChangesError::Option(fr::option_bad_demand(n)));
            }
            let parts: Vec<&str> = what.split(':').collect();
            let (post, period, range) = match parts.as_slice() {
                [post, range] => (option_post(instance, o, post)?, None, range),
                [post, period, range] => {
                    let post = option_post(instance, o, post)?;
                    (post, Some(option_period(instance, o, post, period)?), range)
                }
                _ => return Err(bad()),
            };
            let (from, to) = option_range(instance, o, range)?;
            out.demand.push(DemandChange {
                post,
                period,
                from,
                to,
                demand: n,
            });
        }
        Ok(out)
    }
}
