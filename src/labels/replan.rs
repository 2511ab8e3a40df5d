//! The French of a re-planning: the changes applied, one line each.

use crate::instance::{Instance, PracIdx};
use crate::replan::{Changes, Target};

/// The changes in French, one line each, for the summary.
pub fn describe(changes: &Changes, instance: &Instance) -> Vec<String> {
    let name = |p: PracIdx| {
        let p = instance.practitioner(p);
        format!("{} ({})", p.name, p.id.0)
    };
    let mut out = Vec::new();
    for (p, t) in &changes.unavailable {
        out.push(match *t {
            Target::Dates(a, b) if a == b => {
                format!(
                    "{} indisponible le {}",
                    name(*p),
                    super::export::long_date(a)
                )
            }
            Target::Dates(a, b) => format!(
                "{} indisponible {}",
                name(*p),
                super::report::date_range(a, b)
            ),
            Target::Duty(post, period, date) => format!(
                "{} indisponible pour {} – {} le {}",
                name(*p),
                instance.post(post).label,
                instance.period(period).label,
                super::export::long_date(date)
            ),
        });
    }
    for &(p, d) in &changes.leave {
        out.push(format!(
            "{} quitte le tableau à partir du {}",
            name(p),
            super::export::long_date(d)
        ));
    }
    for j in &changes.join {
        out.push(format!(
            "{} ({}) rejoint le tableau à partir du {}",
            j.practitioner.name,
            j.practitioner.id.0,
            super::export::long_date(j.from)
        ));
    }
    for d in &changes.demand {
        let post = instance.post(d.post);
        let period = d.period.map_or_else(
            || "toutes périodes".to_owned(),
            |p| instance.period(p).label.clone(),
        );
        out.push(format!(
            "{} – {} : {} à la fois {}",
            post.label,
            period,
            d.demand,
            super::report::date_range(d.from, d.to)
        ));
    }
    out
}

/// Title of the re-planning's section of summary.md.
pub const SUMMARY_TITLE: &str = "## Changements par rapport au tableau publié\n";

/// The line under [`SUMMARY_TITLE`]: from which date the roster changes.
pub fn summary_from(from: chrono::NaiveDate) -> String {
    format!(
        "Replanification à partir du {} : les gardes antérieures restent telles que publiées.\n",
        super::export::long_date(from)
    )
}

/// Before the list of the changes applied.
pub const CHANGES_APPLIED: &str = "Changements pris en compte :\n";

/// No duty changes holder.
pub const NO_CHANGE: &str = "Aucune garde ne change de titulaire.";

/// How many duties change holder, seats lost, gained and kept, and the weighted cost
/// (`cost` already formatted).
pub fn changes_count(duties: usize, lost: usize, gained: usize, kept: usize, cost: &str) -> String {
    let plural = |n: usize| if n > 1 { "s" } else { "" };
    format!(
        "{} garde{} change{} de titulaire ({} place{} retirée{}, {} attribuée{} ; {} inchangée{}) ; coût pondéré des changements : {}.\n",
        duties,
        plural(duties),
        if duties > 1 { "nt" } else { "" },
        lost,
        plural(lost),
        plural(lost),
        gained,
        plural(gained),
        kept,
        plural(kept),
        cost
    )
}

/// Header of the table of what each practitioner loses and receives.
pub const PER_PRACTITIONER_HEADER: &str = "| Praticien | Perd | Reçoit |";

/// A cell of that table: `n` duties, `groups` naming them.
pub fn duties_cell(n: usize, groups: &str) -> String {
    format!("{n} garde{} ({groups})", if n > 1 { "s" } else { "" })
}
