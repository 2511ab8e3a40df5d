//! French words of the checker: each violation in plain words (who, which duty, which
//! rule), the roster reader's errors, the report's tables, and the reasons `explain`
//! gives for an empty seat.
//!
//! Only words live here; what is a violation is decided in [`crate::check`].

use std::fmt::{self, Write as _};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use chrono_tz::Tz;

use crate::check::{
    CheckReport, DutyRef, HeldDuty, NoSuchDutyReason, PopulationFigures, RosterReadError,
    RosterReadProblem, RosterReadProblemKind, UnavailableBecause, Violation, Who,
};
use crate::instance::{Instance, ObjectiveMode, Unavailability, WishKind};
use crate::roster::Candidate;

impl fmt::Display for Who {
    /// `d07 (Dr Martin)`, or `d07` when the instance gives no other name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name == self.id.as_str() {
            write!(f, "{}", self.id)
        } else {
            write!(f, "{} ({})", self.id, self.name)
        }
    }
}

impl fmt::Display for DutyRef {
    /// `nuit à mende le 2027-02-13`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} à {} le {}", self.period, self.post, self.date)
    }
}

/// `20:00–08:00`, local times of a duty; `08:00–2027-01-09 12:00` for a duty that
/// ends two days or more after it starts (a week).
fn clock(start: &DateTime<Tz>, end: &DateTime<Tz>) -> String {
    if (end.date_naive() - start.date_naive()).num_days() >= 2 {
        return format!("{}–{}", start.format("%H:%M"), end.format("%Y-%m-%d %H:%M"));
    }
    format!("{}–{}", start.format("%H:%M"), end.format("%H:%M"))
}

/// `4 h` or `4 h 30`.
fn hours(d: chrono::Duration) -> String {
    let minutes = d.num_minutes();
    let (h, m) = (minutes / 60, minutes % 60);
    if m == 0 {
        format!("{h} h")
    } else {
        format!("{h} h {m:02}")
    }
}

/// `a`, `a et b`, `a, b et c`.
pub(crate) fn and_list<T: fmt::Display>(items: &[T]) -> String {
    let texts: Vec<String> = items.iter().map(ToString::to_string).collect();
    match texts.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} et {}", rest.join(", "), last),
    }
}

/// `ligne 4 : `, `lignes 4 et 6 : `, or nothing for rows made in memory (line 0).
fn lines_prefix(lines: &[u64]) -> String {
    let mut lines: Vec<u64> = lines.iter().copied().filter(|&l| l > 0).collect();
    lines.sort_unstable();
    lines.dedup();
    match lines.len() {
        0 => String::new(),
        1 => format!("ligne {} : ", lines[0]),
        _ => format!("lignes {} : ", and_list(&lines)),
    }
}

fn days_text(from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        format!("le {from}")
    } else {
        format!("du {from} au {to}")
    }
}

/// `pendant son indisponibilité du 2027-02-10 au 2027-02-14`
fn unavailability_text(because: &UnavailableBecause) -> String {
    match because {
        UnavailableBecause::Days { from, to } if from == to => {
            format!("pendant son indisponibilité du {from}")
        }
        UnavailableBecause::Days { from, to } => {
            format!("pendant son indisponibilité du {from} au {to}")
        }
        UnavailableBecause::Duty => "malgré son indisponibilité pour cette garde".to_owned(),
    }
}

fn rfc3339(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339()
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::UnknownPractitioner {
                line,
                practitioner_id,
            } => write!(
                f,
                "{}praticien « {practitioner_id} » inconnu de l'instance (ligne ignorée)",
                lines_prefix(&[*line])
            ),
            Violation::UnknownPost { line, post } => write!(
                f,
                "{}poste « {post} » inconnu de l'instance (ligne ignorée)",
                lines_prefix(&[*line])
            ),
            Violation::UnknownPeriod { line, period } => write!(
                f,
                "{}période « {period} » inconnue de l'instance (ligne ignorée)",
                lines_prefix(&[*line])
            ),
            Violation::NoSuchDuty {
                line,
                post,
                period,
                date,
                reason,
            } => {
                let why = match reason {
                    NoSuchDutyReason::OutsideHorizon { first, last } => {
                        format!("la date est hors du tableau (du {first} au {last})")
                    }
                    NoSuchDutyReason::PeriodNotOfPost => {
                        format!("le poste {post} n'a jamais de période {period}")
                    }
                    NoSuchDutyReason::NotThatDay => format!(
                        "le poste {post} n'a pas de période {period} ce jour-là ({})",
                        crate::labels::calendar::day_name(date.weekday())
                    ),
                    NoSuchDutyReason::NoSeatThatDate => format!(
                        "la demande du poste {post} pour la période {period} est de 0 ce jour-là \
                         et le poste n'admet personne au-delà de la demande"
                    ),
                };
                write!(
                    f,
                    "{}aucune garde {period} à {post} le {date} : {why} (ligne ignorée)",
                    lines_prefix(&[*line])
                )
            }
            Violation::TimesMismatch {
                who,
                held,
                start,
                end,
            } => {
                let mut wrong = Vec::new();
                if let Some(s) = start {
                    wrong.push(format!(
                        "début {} au lieu de {}",
                        rfc3339(s),
                        held.duty.start.to_rfc3339()
                    ));
                }
                if let Some(e) = end {
                    wrong.push(format!(
                        "fin {} au lieu de {}",
                        rfc3339(e),
                        held.duty.end.to_rfc3339()
                    ));
                }
                write!(
                    f,
                    "{}{who}, garde {} : horaires erronés, {}",
                    lines_prefix(&[held.line]),
                    held.duty,
                    and_list(&wrong)
                )
            }
            Violation::NotServingPost { who, held } => write!(
                f,
                "{}{who} est de garde {} mais ne participe pas au poste {}",
                lines_prefix(&[held.line]),
                held.duty,
                held.duty.post
            ),
            Violation::MissingQualification { who, held, missing } => {
                let what = if missing.len() == 1 {
                    "la qualification requise"
                } else {
                    "les qualifications requises"
                };
                write!(
                    f,
                    "{}{who} est de garde {} sans {what} : {}",
                    lines_prefix(&[held.line]),
                    held.duty,
                    missing.join(", ")
                )
            }
            Violation::Unavailable { who, held, because } => {
                write!(
                    f,
                    "{}{who} est de garde {} {}",
                    lines_prefix(&[held.line]),
                    held.duty,
                    unavailability_text(because)
                )
            }
            Violation::DuplicateAssignment {
                who,
                held,
                first_line,
            } => write!(
                f,
                "{}{who} figure deux fois sur la garde {} (déjà ligne {first_line})",
                lines_prefix(&[held.line]),
                held.duty
            ),
            Violation::DemandExceeded {
                duty,
                demand,
                holders,
            } => {
                let lines: Vec<u64> = holders.iter().map(|(_, l)| *l).collect();
                let ids: Vec<String> = holders.iter().map(|(w, _)| w.id.to_string()).collect();
                write!(
                    f,
                    "{}garde {duty} : {} personnes ({}) pour {demand} place{}",
                    lines_prefix(&lines),
                    holders.len(),
                    ids.join(", "),
                    plural(*demand)
                )
            }
            Violation::Overlap { who, first, second } => write!(
                f,
                "{}{who} tient deux gardes qui se chevauchent sur des postes non cumulables : \
                 {} ({}) et {} ({})",
                lines_prefix(&[first.line, second.line]),
                first.duty,
                clock(&first.duty.start, &first.duty.end),
                second.duty,
                clock(&second.duty.start, &second.duty.end)
            ),
            Violation::Rest {
                who,
                first,
                second,
                rest,
                required_hours,
                after_night,
            } => {
                let after = if *after_night { " après une nuit" } else { "" };
                write!(
                    f,
                    "{}{who} n'a que {} de repos entre {} (fin {}) et {} (début {}), \
                     repos minimal {required_hours} h{after}",
                    lines_prefix(&[first.line, second.line]),
                    hours(*rest),
                    first.duty,
                    clock_or_day(first.duty.date, first.duty.end),
                    second.duty,
                    clock_or_day(second.duty.date, second.duty.start)
                )
            }
            Violation::TwoNightsInARow { who, first, second } => write!(
                f,
                "{}{who} est de garde deux nuits de suite : {} et {}",
                lines_prefix(&[first.line, second.line]),
                first.duty,
                second.duty
            ),
            Violation::Spacing {
                who,
                first,
                second,
                days,
                min_days,
            } => {
                write!(
                    f,
                    "{}{who} a deux gardes à {days} jour{} d'écart : {} et {}, \
                     au moins {min_days} jours exigés entre deux gardes",
                    lines_prefix(&[first.line, second.line]),
                    plural(*days as u32),
                    first.duty,
                    second.duty
                )
            }
            Violation::MaxPerWeek {
                who,
                year,
                week,
                count,
                limit,
                lines,
            } => write!(
                f,
                "{}{who} a {} la semaine {week} de {year}, maximum {limit} par semaine",
                lines_prefix(lines),
                duties_count(*count)
            ),
            Violation::MaxPerMonth {
                who,
                year,
                month,
                count,
                limit,
                lines,
            } => write!(
                f,
                "{}{who} a {} en {} {year}, maximum {limit} par mois",
                lines_prefix(lines),
                duties_count(*count),
                super::calendar::month_name(*month)
            ),
            Violation::MaxPerMonthOfKind {
                who,
                kind,
                year,
                month,
                count,
                limit,
                lines,
            } => write!(
                f,
                "{}{who} a {} de type {} en {} {year}, maximum {limit} par mois",
                lines_prefix(lines),
                duties_count(*count),
                kind.word(),
                super::calendar::month_name(*month)
            ),
            Violation::MaxPerHorizon { who, count, limit } => write!(
                f,
                "{who} a {} sur la période du tableau, maximum {limit}",
                duties_count(*count)
            ),
            Violation::MaxWeekends {
                who,
                weekends,
                limit,
            } => write!(
                f,
                "{who} est de garde {} week-end{} ({}), maximum {limit}",
                weekends.len(),
                plural(weekends.len() as u32),
                and_list(weekends)
            ),
            Violation::WeekendBundleSplit {
                post,
                weekend,
                duties,
            } => {
                let parts: Vec<String> = duties
                    .iter()
                    .map(|(d, ids)| {
                        let who = if ids.is_empty() {
                            "personne".to_owned()
                        } else {
                            ids.iter()
                                .map(ToString::to_string)
                                .collect::<Vec<_>>()
                                .join(", ")
                        };
                        format!("{d} : {who}")
                    })
                    .collect();
                write!(
                    f,
                    "week-end du {weekend} à {post} non groupé : {} ; \
                     les mêmes personnes doivent tenir tout le week-end",
                    parts.join(" ; ")
                )
            }
            Violation::ForbiddenSuccession { who, first, second } => write!(
                f,
                "{}{who} est de garde {} puis {} : \
                 une période {} est interdite le lendemain d'une période {}",
                lines_prefix(&[first.line, second.line]),
                first.duty,
                second.duty,
                second.duty.period,
                first.duty.period
            ),
            Violation::MaxPerPeriod {
                who,
                period,
                count,
                limit: 0,
                lines,
            } => write!(
                f,
                "{}{who} a {} de période {period}, période qui lui est interdite (maximum 0)",
                lines_prefix(lines),
                duties_count(*count)
            ),
            Violation::MaxPerPeriod {
                who,
                period,
                count,
                limit,
                lines,
            } => write!(
                f,
                "{}{who} a {} de période {period} sur le tableau, maximum {limit}",
                lines_prefix(lines),
                duties_count(*count)
            ),
            Violation::MaxMinutes {
                who,
                minutes,
                limit,
            } => write!(
                f,
                "{who} totalise {} de travail sur le tableau, maximum {}",
                minutes_text(*minutes),
                minutes_text(i64::from(*limit))
            ),
            Violation::MinMinutes {
                who,
                minutes,
                limit,
            } => write!(
                f,
                "{who} ne totalise que {} de travail sur le tableau, minimum {}",
                minutes_text(*minutes),
                minutes_text(i64::from(*limit))
            ),
            Violation::MaxConsecutiveDays {
                who,
                first,
                last,
                days,
                limit,
                lines,
            } => write!(
                f,
                "{}{who} travaille {} de suite ({}), maximum {limit}",
                lines_prefix(lines),
                days_count(*days),
                days_text(*first, *last)
            ),
            Violation::MinConsecutiveDays {
                who,
                first,
                last,
                days,
                limit,
                lines,
            } => write!(
                f,
                "{}{who} ne travaille que {} de suite ({}), au moins {limit} jours de suite exigés",
                lines_prefix(lines),
                days_count(*days),
                days_text(*first, *last)
            ),
            Violation::MinConsecutiveDaysOff {
                who,
                first,
                last,
                days,
                limit,
            } => write!(
                f,
                "{who} n'a que {} de repos de suite ({}), \
                 au moins {limit} jours de repos de suite exigés",
                days_count(*days),
                days_text(*first, *last)
            ),
        }
    }
}

/// `2400 min (40 h)`, `510 min (8 h 30)`.
fn minutes_text(minutes: i64) -> String {
    format!(
        "{minutes} min ({})",
        hours(chrono::Duration::minutes(minutes))
    )
}

/// `1 jour`, `3 jours`.
fn days_count(n: u32) -> String {
    format!("{n} jour{}", plural(n))
}

impl fmt::Display for RosterReadProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RosterReadProblemKind::NoHeader => write!(
                f,
                "fichier vide, attendu une ligne d'en-tête \
                 date,post,period,start,end,practitioner_id,practitioner_name"
            ),
            RosterReadProblemKind::MissingColumn { name } => {
                write!(f, "colonne « {name} » absente de l'en-tête")
            }
            RosterReadProblemKind::DuplicateColumn { name, first } => {
                write!(f, "colonne « {name} » en double (déjà colonne {first})")
            }
            RosterReadProblemKind::ExtraField { fields, columns } => write!(
                f,
                "ligne trop longue, {fields} champs pour {columns} colonnes d'en-tête \
                 (une virgule de trop ? mettez entre guillemets un texte qui en contient)"
            ),
            RosterReadProblemKind::NotUtf8 { byte } => write!(
                f,
                "le fichier n'est pas en UTF-8 : octet 0x{byte:02X} invalide ; \
                 enregistrez-le en CSV UTF-8"
            ),
            RosterReadProblemKind::MissingField { name } => {
                write!(f, "ligne trop courte, champ « {name} » manquant")
            }
            RosterReadProblemKind::EmptyField { name } => write!(f, "champ « {name} » vide"),
            RosterReadProblemKind::UnparseableDate { found } => write!(
                f,
                "date illisible « {found} », attendu AAAA-MM-JJ (2027-01-04)"
            ),
            RosterReadProblemKind::UnparseableTime { name, found } => write!(
                f,
                "{name} : heure illisible « {found} », attendu RFC 3339 avec décalage \
                 (2027-01-04T20:00:00+01:00)"
            ),
            RosterReadProblemKind::Syntax { message } => {
                write!(f, "CSV mal formé : {message}")
            }
        }
    }
}

impl RosterReadProblem {
    /// `tableau.csv:3:1 : date illisible ...`
    pub fn located(&self, file: &str) -> String {
        match self.column {
            Some(c) => format!("{file}:{}:{c} : {}", self.line, self.kind),
            None => format!("{file}:{} : {}", self.line, self.kind),
        }
    }
}

/// Every problem of a roster file, one per line.
pub fn roster_read_error(file: &str, problems: &[RosterReadProblem]) -> String {
    let lines: Vec<String> = problems.iter().map(|p| p.located(file)).collect();
    lines.join("\n")
}

impl fmt::Display for RosterReadError {
    /// Every problem, one per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&roster_read_error(&self.file, &self.problems))
    }
}

/// What a wish asks, in words (`pas de garde le 2027-01-15`).
pub fn wish_text(instance: &Instance, kind: WishKind, target: &Unavailability) -> String {
    let what = match target {
        Unavailability::Dates { from, to } => days_text(*from, *to),
        Unavailability::Duty { post, period, date } => format!(
            "{} à {} le {date}",
            instance.period(*period).id,
            instance.post(*post).id
        ),
    };
    match kind {
        WishKind::Off => format!("pas de garde {what}"),
        WishKind::On => format!("de garde {what}"),
    }
}

/// A table with a header, columns separated by two spaces; the first two columns
/// aligned left, the others right (they are numbers).
fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    table_left(header, rows, 2)
}

/// A table like [`table`] whose first `left` columns are aligned left.
fn table_left(header: &[&str], rows: &[Vec<String>], left: usize) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<&str>| {
        let mut text = String::from("  ");
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let pad = w.saturating_sub(cell.chars().count());
            if i > 0 {
                text.push_str("  ");
            }
            if i < left {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            } else {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            }
        }
        let _ = writeln!(out, "{}", text.trim_end());
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
    out
}

/// The violations of a report alone, one per line (`N règles enfreintes :` then
/// `- ...`), for a refused exchange.
pub fn violations_text(report: &CheckReport) -> String {
    let mut out = String::new();
    let n = report.violations.len();
    let s = plural(n as u32);
    let _ = writeln!(out, "{n} règle{s} enfreinte{s} :");
    for v in &report.violations {
        let _ = writeln!(out, "- {v}");
    }
    out
}

/// The checker's report: violations, then coverage, fairness and preferences.
pub fn render_report(report: &CheckReport, instance: &Instance) -> String {
    let mut out = String::new();
    if report.violations.is_empty() {
        let _ = writeln!(out, "Aucune règle enfreinte.");
    } else {
        out.push_str(&violations_text(report));
    }

    let _ = writeln!(out);
    let seats = report.uncovered_seats;
    let duties = report.uncovered.len() as u32;
    if seats == 0 {
        let _ = writeln!(
            out,
            "Couverture (niveau 1) : toutes les places sont pourvues."
        );
    } else {
        let _ = writeln!(
            out,
            "Couverture (niveau 1) : {seats} place{s} non pourvue{s}, sur {duties} garde{d}.",
            s = plural(seats),
            d = plural(duties),
        );
        let weighted = instance.objective == ObjectiveMode::Weighted
            || instance
                .posts
                .iter()
                .any(|p| p.required && p.under_cover_weight != 1.0);
        if weighted {
            let _ = writeln!(
                out,
                "- pénalité des places non pourvues (poids de chaque poste) : {:.3}",
                report.under_cover_penalty
            );
        }
    }
    if instance.posts.iter().any(|p| p.over_cover_weight.is_some()) {
        out.push_str(&over_cover_section(report));
    }

    if let Some(figures) = &report.population {
        out.push_str(&population_section(figures, instance));
    }

    let fair = &report.fairness;
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Équité (niveau 2) : F = {:.3} (écarts pondérés {:.3} + {} × pire surcharge {:.3}{})",
        fair.value,
        fair.weighted_deviation,
        instance.fairness.worst_overload_weight,
        fair.worst_overload,
        fair.worst_overloaded
            .map(|p| format!(", {}", instance.practitioner(p).id))
            .unwrap_or_default()
    );
    let rows: Vec<Vec<String>> = fair
        .rows
        .iter()
        .filter(|r| r.target > 0.0 || r.load > 0)
        .map(|r| {
            vec![
                instance.practitioner(r.practitioner).id.to_string(),
                instance.fairness.categories[r.category.get()]
                    .id
                    .to_string(),
                format!("{:.3}", r.target),
                r.load.to_string(),
                format!("{:+.3}", r.deviation),
            ]
        })
        .collect();
    if !rows.is_empty() {
        out.push_str(&table(
            &["praticien", "catégorie", "cible", "charge", "écart"],
            &rows,
        ));
    }

    let pref = &report.preferences;
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Préférences (niveau 3) : P = {:.3} ({n} souhait{s} refusé{s}, {c} cumul{cs})",
        pref.value,
        n = pref.refused.len(),
        s = plural(pref.refused.len() as u32),
        c = pref.combined.len(),
        cs = plural(pref.combined.len() as u32),
    );
    for r in &pref.refused {
        let prac = instance.practitioner(r.practitioner);
        if let Some(wish) = prac.wishes.get(r.wish) {
            let _ = writeln!(
                out,
                "- souhait refusé : {}, {} (poids {})",
                crate::check::who(instance, r.practitioner),
                wish_text(instance, wish.kind, &wish.target),
                r.weight
            );
        }
    }
    for c in &pref.combined {
        let _ = writeln!(
            out,
            "- cumul : {} tient {} et {} en même temps",
            crate::check::who(instance, c.practitioner),
            c.first,
            c.second
        );
    }
    if !pref.travel_km_by_practitioner.is_empty() {
        let _ = writeln!(
            out,
            "- trajets : {:.1} km allers-retours, pénalité {:.3}",
            pref.travel_km, pref.travel_penalty
        );
    }
    if !pref.continuity.is_empty() {
        let posts: Vec<String> = pref
            .continuity
            .iter()
            .map(|c| format!("{} {}", instance.post(c.post).id, c.holders))
            .collect();
        let _ = writeln!(
            out,
            "- continuité : médecins différents par poste {}, pénalité {:.3}",
            posts.join(", "),
            pref.continuity_penalty
        );
    }

    if instance.objective == ObjectiveMode::Weighted {
        let loss = report
            .optional_loss()
            .map(|l| format!(" + perte optionnelle {l:.3} ‰"))
            .unwrap_or_default();
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Objectif pondéré : {:.3} = places non pourvues {:.3} + sureffectif {:.3} \
             + équité {:.3} + préférences {:.3}{loss}",
            report.weighted_objective(),
            report.under_cover_penalty,
            report.over_cover_penalty,
            report.fairness.value,
            report.preferences.value,
        );
    }
    out
}

/// How many over-covered duties the report lists, first in duty order.
const OVER_COVERED_SHOWN: usize = 10;

/// People above the demand on the posts that allow it, and what they cost: only for
/// instances with such a post.
fn over_cover_section(report: &CheckReport) -> String {
    let mut out = String::new();
    let n = report.over_cover_seats;
    if n == 0 {
        let _ = writeln!(out, "Sureffectif : personne au-delà de la demande.");
        return out;
    }
    let k = report.over_covered.len() as u32;
    let _ = writeln!(
        out,
        "Sureffectif : {n} personne{s} au-delà de la demande, sur {k} garde{ks}, pénalité {:.3} :",
        report.over_cover_penalty,
        s = plural(n),
        ks = plural(k),
    );
    for o in report.over_covered.iter().take(OVER_COVERED_SHOWN) {
        let _ = writeln!(
            out,
            "- garde {} : {} personne{} pour {} place{}, {} de plus (poids {})",
            o.duty,
            o.holders,
            plural(o.holders),
            o.demand,
            plural(o.demand),
            o.extra(),
            o.weight
        );
    }
    let rest = report.over_covered.len().saturating_sub(OVER_COVERED_SHOWN);
    if rest > 0 {
        let _ = writeln!(
            out,
            "- et {rest} autre{s} garde{s} en sureffectif",
            s = plural(rest as u32)
        );
    }
    out
}

/// How many places the report lists, worst first.
const WORST_PLACES: usize = 10;

/// `53.0 %`
fn percent(share: f64) -> String {
    format!("{:.1} %", 100.0 * share)
}

/// The population coverage section: the constant SMUR share, the share of
/// population-hours covered during MCS time, a table per period, the places left
/// beyond the threshold longest and the extra volunteer-periods worth the most.
fn population_section(f: &PopulationFigures, instance: &Instance) -> String {
    let mut out = String::new();
    let n = f.threshold_minutes;
    let _ = writeln!(out);
    let _ = writeln!(out, "Couverture de la population à {n} minutes :");
    let _ = writeln!(
        out,
        "- population : {} habitants, dont {} ({}) à moins de {n} minutes d'un SMUR, à toute heure ;",
        f.population,
        f.smur_population,
        percent(f.smur_share())
    );
    let _ = writeln!(
        out,
        "- pendant les {:.1} h de garde MCS, {} des habitants-heures sont couverts avec les MCS \
         de garde (SMUR seuls : {}), perte {:.3} ‰.",
        f.mcs_hours(),
        percent(f.share()),
        percent(ratio(f.covered_smur, f.potential)),
        f.loss_per_mille
    );
    let rows: Vec<Vec<String>> = f
        .periods
        .iter()
        .map(|p| {
            vec![
                p.period.clone(),
                format!("{:.1}", p.hours),
                percent(p.smur_share),
                percent(p.share),
            ]
        })
        .collect();
    if !rows.is_empty() {
        out.push_str(&table_left(
            &["période", "heures", "SMUR seuls", "avec MCS"],
            &rows,
            1,
        ));
    }

    let places = instance
        .geography
        .as_ref()
        .map_or(&[][..], |g| g.places.as_slice());
    let rows: Vec<Vec<String>> = f
        .uncovered_places
        .iter()
        .take(WORST_PLACES)
        .filter_map(|u| {
            let place = places.get(u.place.get())?;
            Some(vec![
                place.name.clone(),
                place.population.to_string(),
                format!("{:.1}", u.hours),
            ])
        })
        .collect();
    if rows.is_empty() {
        let _ = writeln!(
            out,
            "Tous les lieux sont à moins de {n} minutes d'un secours pendant tout le temps MCS."
        );
    } else {
        let _ = writeln!(
            out,
            "Lieux les plus longtemps à plus de {n} minutes de tout secours :"
        );
        out.push_str(&table_left(
            &["nom", "population", "heures non couvertes"],
            &rows,
            1,
        ));
    }

    let rows: Vec<Vec<String>> = f
        .best_extra
        .iter()
        .filter(|e| e.practitioner.get() < instance.practitioners.len())
        .map(|e| {
            vec![
                instance.practitioner(e.practitioner).id.to_string(),
                e.duty_ref.post.to_string(),
                e.duty_ref.date.to_string(),
                e.duty_ref.period.to_string(),
                format!("{:.1}", e.population_hours),
                if e.compatible { "oui" } else { "non" }.to_owned(),
            ]
        })
        .collect();
    if rows.is_empty() {
        let _ = writeln!(
            out,
            "Aucun volontaire de plus sur une garde MCS à place libre ne couvrirait plus d'habitants."
        );
    } else {
        let _ = writeln!(
            out,
            "Volontaires qui couvriraient le plus d'habitants sur une garde MCS à place libre :"
        );
        out.push_str(&table_left(
            &[
                "praticien",
                "poste",
                "date",
                "période",
                "gain (habitants-heures)",
                "compatible",
            ],
            &rows,
            4,
        ));
    }
    out
}

/// `a / b`, 0 when `b` is 0.
fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

/// Why adding a practitioner to a duty would break a rule, in a few words for
/// `uncovered.csv` (`déjà de garde (nuit, marvejols)`). `other` picks, in a pair, the
/// duty that is not the one being filled.
pub fn obstacle(v: &Violation, is_added: impl Fn(&HeldDuty) -> bool) -> String {
    let other = |a: &HeldDuty, b: &HeldDuty| -> String {
        let o = if is_added(a) { b } else { a };
        format!("({}, {}) du {}", o.duty.period, o.duty.post, o.duty.date)
    };
    match v {
        Violation::Overlap { first, second, .. } => {
            let o = if is_added(first) { second } else { first };
            format!("déjà de garde ({}, {})", o.duty.period, o.duty.post)
        }
        Violation::Rest {
            first,
            second,
            rest,
            required_hours,
            ..
        } => format!(
            "repos de {} seulement avec {} ({required_hours} h exigées)",
            hours(*rest),
            other(first, second)
        ),
        Violation::TwoNightsInARow { first, second, .. } => {
            format!("deux nuits de suite avec {}", other(first, second))
        }
        Violation::Spacing {
            first,
            second,
            min_days,
            ..
        } => format!(
            "trop proche de {} ({min_days} jours d'écart exigés)",
            other(first, second)
        ),
        Violation::MaxPerWeek { limit, .. } => {
            format!("maximum de {} par semaine atteint", duties_count(*limit))
        }
        Violation::MaxPerMonth { limit, .. } => {
            format!("maximum de {} par mois atteint", duties_count(*limit))
        }
        Violation::MaxPerMonthOfKind { kind, limit, .. } => format!(
            "maximum de {} de type {} par mois atteint",
            duties_count(*limit),
            kind.word()
        ),
        Violation::MaxPerHorizon { limit, .. } => {
            format!("maximum de {} sur la période atteint", duties_count(*limit))
        }
        Violation::MaxWeekends { limit, .. } => {
            format!("maximum de {limit} week-end{} atteint", plural(*limit))
        }
        Violation::Unavailable { held, because, .. } => format!(
            "week-end groupé, ({}, {}) du {} {}",
            held.duty.period,
            held.duty.post,
            held.duty.date,
            unavailability_text(because)
        ),
        Violation::DemandExceeded { duty, .. } => format!(
            "week-end groupé, ({}, {}) du {} déjà complet",
            duty.period, duty.post, duty.date
        ),
        Violation::ForbiddenSuccession { first, second, .. } => {
            format!("enchaînement interdit avec {}", other(first, second))
        }
        Violation::MaxPerPeriod {
            period, limit: 0, ..
        } => format!("période {period} interdite"),
        Violation::MaxPerPeriod { period, limit, .. } => format!(
            "maximum de {} de période {period} atteint",
            duties_count(*limit)
        ),
        Violation::MaxMinutes { limit, .. } => format!(
            "maximum de {} de travail dépassé",
            minutes_text(i64::from(*limit))
        ),
        Violation::MaxConsecutiveDays { limit, .. } => {
            format!("plus de {} de suite", days_count(*limit))
        }
        // The other kinds cannot arise from adding an eligible person; say it plainly
        // rather than hide it.
        other => other.to_string(),
    }
}

/// The French plural mark: none for 0 and 1.
fn plural(n: u32) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

/// `1 garde`, `8 gardes`.
fn duties_count(n: u32) -> String {
    if n > 1 {
        format!("{n} gardes")
    } else {
        format!("{n} garde")
    }
}

/// `d06 : aucune règle ne s'y oppose (solution non optimale ?)`
const NO_RULE_OBJECTS: &str = "aucune règle ne s'y oppose (solution non optimale ?)";

/// The practitioner already holds the duty whose other seats are empty.
const ALREADY_ON_THIS_DUTY: &str = "tient déjà cette garde";

/// What holds one candidate off a duty with empty seats:
/// `d03 : déjà de garde (nuit, marvejols) et ...`, each rule once.
fn candidate_obstacles(instance: &Instance, c: &Candidate) -> String {
    let id = instance
        .practitioners
        .get(c.practitioner.get())
        .map_or("?", |p| p.id.as_str());
    let Some(found) = &c.obstacles else {
        return obstacles_of(id, &[ALREADY_ON_THIS_DUTY.to_owned()]);
    };
    if found.is_empty() {
        return obstacles_of(id, &[NO_RULE_OBJECTS.to_owned()]);
    }
    let is_added = |h: &HeldDuty| c.added.contains(&h.duty.duty);
    let mut texts: Vec<String> = Vec::new();
    for v in found {
        let text = obstacle(v, is_added);
        if !texts.contains(&text) {
            texts.push(text);
        }
    }
    obstacles_of(id, &texts)
}

/// One practitioner's obstacles: `d03 : déjà de garde (nuit, marvejols) et ...`.
fn obstacles_of(id: &str, obstacles: &[String]) -> String {
    format!("{id} : {}", and_list(obstacles))
}

/// Every candidate's obstacles, separated by ` ; `: the detail of
/// [`crate::roster::UncoveredReason::RulesBind`].
pub fn held_back_text(instance: &Instance, held_back: &[Candidate]) -> String {
    let parts: Vec<String> = held_back
        .iter()
        .map(|c| candidate_obstacles(instance, c))
        .collect();
    parts.join(" ; ")
}

/// An instant of a duty in a rest message: its clock time when it falls on the duty's
/// date or the next day (a night), else its date too (the end of a week-long duty,
/// `2027-01-09 12:00`).
fn clock_or_day(date: NaiveDate, at: DateTime<Tz>) -> String {
    if (at.date_naive() - date).num_days() <= 1 {
        at.format("%H:%M").to_string()
    } else {
        at.format("%Y-%m-%d %H:%M").to_string()
    }
}
