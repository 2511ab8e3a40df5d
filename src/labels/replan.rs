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
