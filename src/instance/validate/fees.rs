//! `[fees]`: the on-call fee of each period (PDSA.md §4.1), in euros, read into cents.

use std::collections::{BTreeMap, BTreeSet};

use toml::Spanned;

use super::{at, key, Checker, Declared};
use crate::instance::diagnostic::codes;
use crate::instance::labels::{self as fr, PERIOD};
use crate::instance::raw;
use crate::instance::{Fees, PostKind};

/// The largest amount accepted, in euros: far above any fee, small enough for cents to
/// add up without overflow.
const MAX_EUROS: f64 = 1_000_000.0;

impl Checker<'_, '_, '_, '_> {
    pub(super) fn fees(&mut self, raw: Option<&Spanned<raw::RawFees>>) -> Fees {
        let mut fees = Fees::default();
        let Some(raw) = raw else {
            return fees;
        };
        let f = raw.get_ref();
        let owner = "[fees]";
        if let Some(kinds) = &f.post_kinds {
            let kinds: BTreeSet<PostKind> = kinds
                .iter()
                .filter_map(|k| self.post_kind(k, owner))
                .collect();
            fees.post_kinds = kinds;
        }
        if let Some(v) = &f.per_hour {
            if let Some(cents) = self.euros(v, owner, "per_hour") {
                fees.per_hour_cents = cents;
                fees.per_hour_is_default = false;
            }
        }
        let path = [key("fees")];
        let periods = std::mem::replace(&mut self.periods, Declared::new());
        for (name, value) in f.periods.iter().flatten() {
            let key_path = at(&path, &[key("periods"), key(name)]);
            let key_span = self.loc.key_span(&key_path).unwrap_or_else(|| value.span());
            let cents = self.euros(value, owner, &format!("periods.{name}"));
            let period = self.resolve(
                &Spanned::new(key_span, name.clone()),
                owner,
                &PERIOD,
                &periods,
            );
            if let (Some(p), Some(c)) = (period, cents) {
                fees.periods.insert(p, c);
            }
        }
        for (name, kinds) in f.by_day_kind.iter().flatten() {
            let key_path = at(&path, &[key("by_day_kind"), key(name)]);
            let key_span = self.loc.key_span(&key_path);
            let period = match key_span {
                Some(span) => {
                    self.resolve(&Spanned::new(span, name.clone()), owner, &PERIOD, &periods)
                }
                None => periods.get(name),
            };
            let mut amounts = BTreeMap::new();
            for (kind_name, value) in kinds {
                let kind_path = at(&key_path, &[key(kind_name)]);
                let kind_span = self
                    .loc
                    .key_span(&kind_path)
                    .unwrap_or_else(|| value.span());
                let cents = self.euros(value, owner, &format!("by_day_kind.{name}.{kind_name}"));
                let kind = self.day_kind(&Spanned::new(kind_span, kind_name.clone()), owner);
                if let (Some(k), Some(c)) = (kind, cents) {
                    amounts.insert(k, c);
                }
            }
            if let Some(p) = period {
                for (k, c) in amounts {
                    fees.by_day_kind.insert((p, k), c);
                }
            }
        }
        self.periods = periods;
        fees
    }

    /// An amount in euros, at least 0, at most [`MAX_EUROS`], in whole cents.
    fn euros(&mut self, value: &Spanned<f64>, owner: &str, key_name: &str) -> Option<u64> {
        let v = *value.get_ref();
        let cents = (v * 100.0).round();
        let ok =
            v.is_finite() && (0.0..=MAX_EUROS).contains(&v) && (v * 100.0 - cents).abs() < 1e-6;
        if !ok {
            self.error(
                codes::INVALID_FEE,
                value.span(),
                fr::invalid_fee(owner, key_name, v),
            );
            return None;
        }
        // In range and whole: the conversion is exact.
        Some(cents as u64)
    }
}
