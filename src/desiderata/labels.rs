//! French words of the desiderata sheets and of the collection summary: the sheets'
//! headers and instructions, the rules of the quarter, the marks, and why a
//! practitioner cannot take a duty.
//!
//! Only words live here (like `crate::labels`); what the sheets hold is decided in
//! [`super::template`] and [`super::read`].

use std::fmt;
use std::fmt::Write as _;

use chrono::{Datelike, Duration, NaiveDate};

use crate::calendar::{self, DayKind};
use crate::duties::Duty;
use crate::instance::{Instance, PracIdx};
use crate::labels::check::and_list;
use crate::labels::export::long_date;
use crate::labels::report::date_range;

use super::read::{
    Location, ProblemKind, COL_CHOICE, KEY_DATE, KEY_PERIOD, KEY_POST, KEY_PRACTITIONER,
};
use super::summary::{self, DutyAvailability, Status, Summary};
use super::{Choice, Inability, Mark, Prepared, MAX_WEIGHT};

/// The three words of the mark column's dropdown, in its order.
pub const CHOICES: [&str; 3] = ["indisponible", "souhaité", "à éviter"];

/// Headers of the visible columns.
pub const COL_PRACTITIONER: &str = "Praticien";
/// Header of the date column.
pub const COL_DATE: &str = "Date";
/// Header of the day-kind column.
pub const COL_DAY: &str = "Jour";
/// Header of the post column.
pub const COL_POST: &str = "Poste";
/// Header of the period column.
pub const COL_PERIOD: &str = "Créneau";
/// Header of the hours column.
pub const COL_HOURS: &str = "Horaires";

/// The comment of a row the coordinator already made unavailable.
pub const BY_HAND: &str = "déjà indisponible (saisi par le coordinateur)";

/// Days before the quarter by which the roster reaches the Ordre (CSP R6315-2).
pub const ORDRE_DAYS: i64 = 45;
/// Days before the quarter by which the Ordre sends it out (CSP R6315-2).
pub const SENT_OUT_DAYS: i64 = 10;

/// The word of a choice, as the dropdown shows it.
pub fn choice(choice: Choice) -> &'static str {
    match choice {
        Choice::Unavailable => CHOICES[0],
        Choice::Wanted => CHOICES[1],
        Choice::Avoided => CHOICES[2],
    }
}

/// A mark in a few words: `indisponible`, `souhaité (poids 3)`.
pub fn mark_text(mark: &Mark) -> String {
    match mark.choice {
        Choice::Unavailable => choice(mark.choice).to_owned(),
        c => format!("{} (poids {})", choice(c), mark.weight),
    }
}

/// Why a practitioner cannot take a duty, in a few words.
pub fn inability(instance: &Instance, duty: &Duty, why: &Inability) -> String {
    match why {
        Inability::PostNotServed => format!(
            "le poste « {} » n'est pas parmi les siens",
            instance.post(duty.post).label
        ),
        Inability::Qualifications(missing) => {
            let quoted: Vec<String> = missing.iter().map(|q| format!("« {q} »")).collect();
            format!("qualification {} requise", and_list(&quoted))
        }
        Inability::PeriodForbidden => format!(
            "le créneau « {} » lui est exclu (maximum 0)",
            instance.period(duty.period).label
        ),
    }
}

/// A day kind as the sheets show it, with the holiday's name: `Férié (Jour de l'an)`.
pub fn day(instance: &Instance, duty: &Duty) -> String {
    let word = crate::labels::calendar::kind_label(duty.day_kind);
    let mut text = capitalise(word);
    if duty.day_kind == DayKind::Holiday {
        if let Some(h) = calendar::holidays(duty.date.year(), &instance.calendar)
            .iter()
            .find(|h| h.date == duty.date)
        {
            text = format!("{text} ({})", crate::labels::calendar::holiday_name(h.kind));
        }
    }
    text
}

/// A duty's local hours: `20:00–24:00`, `20:00–08:00 (fin le lendemain)`,
/// `00:00–08:00 (nuit suivante)` for a deep night, which belongs to its evening,
/// `08:00–12:00 (fin le samedi 09/01/2027)` for a duty of several days.
pub fn hours(duty: &Duty) -> String {
    let start = duty.start.naive_local();
    let end = duty.end.naive_local();
    let (end_date, end_text) = if end.date() > start.date() && end.time() == chrono::NaiveTime::MIN
    {
        (
            end.date().pred_opt().unwrap_or(end.date()),
            "24:00".to_owned(),
        )
    } else {
        (end.date(), end.format("%H:%M").to_string())
    };
    let mut text = format!("{}–{end_text}", start.format("%H:%M"));
    let days = (end_date - start.date()).num_days();
    if start.date() > duty.date {
        text.push_str(" (nuit suivante)");
    } else if days >= 2 {
        text.push_str(&format!(" (fin le {})", sheet_date(end_date)));
    } else if days == 1 {
        text.push_str(" (fin le lendemain)");
    }
    text
}

/// A date as the CSV sheets show it: `vendredi 01/01/2027`.
pub fn sheet_date(date: NaiveDate) -> String {
    format!(
        "{} {}",
        crate::labels::calendar::day_name(date.weekday()),
        date.format("%d/%m/%Y")
    )
}

/// The number format of the date column of the XLSX sheets: the same as
/// [`sheet_date`], in French whatever the program's language.
pub const SHEET_DATE_FORMAT: &str = "[$-40C]dddd dd/mm/yyyy";

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `du vendredi 1er janvier au mercredi 31 mars 2027`.
pub fn horizon(instance: &Instance) -> String {
    format!(
        "du {} au {}",
        long_date(instance.horizon.first),
        long_date(instance.horizon.last)
    )
}

/// The deadlines of CSP R6315-2 for this quarter: to the Ordre 45 days before it
/// starts, sent out by the Ordre 10 days before.
pub fn deadlines(instance: &Instance) -> String {
    let first = instance.horizon.first;
    format!(
        "Le tableau doit parvenir au conseil départemental de l'Ordre des médecins au plus tard le {} \
         ({ORDRE_DAYS} jours avant le début), qui le diffuse au plus tard le {} ({SENT_OUT_DAYS} jours avant ; CSP R6315-2).",
        long_date(first - Duration::days(ORDRE_DAYS)),
        long_date(first - Duration::days(SENT_OUT_DAYS)),
    )
}

/// The title of a practitioner's sheet, or of the combined one.
pub fn title(instance: &Instance, owner: Option<PracIdx>) -> String {
    match owner {
        Some(p) => format!("Desiderata — {}", instance.practitioner(p).name),
        None => "Desiderata — tous les praticiens".to_owned(),
    }
}

/// The sentence that asks for the sheet back.
pub fn return_by(date: NaiveDate) -> String {
    format!(
        "À renvoyer au coordinateur au plus tard le {}.",
        long_date(date)
    )
}

/// How to fill the sheet.
pub fn instructions(combined: bool) -> Vec<String> {
    let rows = if combined {
        "Une ligne par praticien et par garde qu'il peut prendre ; filtrez la colonne « Praticien » pour saisir les réponses de chacun."
    } else {
        "Une ligne par garde que vous pouvez prendre ce trimestre (vos secteurs, vos qualifications)."
    };
    vec![
        "Comment remplir".to_owned(),
        rows.to_owned(),
        "Colonne « Choix » : « indisponible » (vous ne pouvez pas la prendre), « souhaité » (vous aimeriez l'avoir) ou « à éviter » (plutôt pas) ; laissez vide sinon.".to_owned(),
        format!("Colonne « Poids » : l'importance d'un souhait ou d'une garde à éviter, de 1 à {} (1 si vide). « Commentaire » : libre, transmis au coordinateur.", super::MAX_WEIGHT),
        "Les lignes grisées sont déjà indisponibles (saisies par le coordinateur). Ne modifiez pas les colonnes masquées ni leur ordre : elles identifient chaque garde.".to_owned(),
    ]
}

/// The rules of the quarter that matter to someone choosing their dates, with a
/// practitioner's own limits and share when `owner` is given.
pub fn rules(instance: &Instance, owner: Option<PracIdx>) -> Vec<String> {
    let mut lines = vec!["Règles du trimestre".to_owned()];
    let rules = &instance.rules;
    let limits = match owner {
        Some(p) => instance.limits_of(p),
        None => rules.limits.clone(),
    };
    let mut maxima = Vec::new();
    if let Some(n) = limits.max_per_week {
        maxima.push(format!("{n} par semaine"));
    }
    if let Some(n) = limits.max_per_month {
        maxima.push(format!("{n} par mois"));
    }
    if let Some(n) = limits.max_per_horizon {
        maxima.push(format!("{n} sur le trimestre"));
    }
    if let Some(first) = maxima.first_mut() {
        // « Au plus 6 gardes par semaine et 20 par mois. »
        *first = first.replacen(' ', " gardes ", 1);
        lines.push(format!("Au plus {}.", and_list(&maxima)));
    }
    if let Some(n) = limits.max_weekends {
        lines.push(format!("Au plus {n} week-end{} de garde.", plural(n)));
    }
    let mut rest = Vec::new();
    if rules.min_rest_after_night_hours > 0 {
        rest.push(format!(
            "{} h de repos après une garde de nuit",
            rules.min_rest_after_night_hours
        ));
    }
    if rules.min_rest_hours > 0 {
        rest.push(format!(
            "{} h de repos entre deux gardes",
            rules.min_rest_hours
        ));
    }
    if rules.no_two_nights_in_a_row {
        rest.push("jamais deux nuits de suite".to_owned());
    }
    let spacing = limits
        .min_days_between_duties
        .unwrap_or(rules.min_days_between_duties);
    if spacing > 1 {
        rest.push(format!(
            "au moins {spacing} jours d'écart entre deux gardes (sauf celles d'un même week-end)"
        ));
    }
    if !rest.is_empty() {
        lines.push(format!("{}.", capitalise(&and_list(&rest))));
    }
    let bundled: Vec<String> = instance
        .posts
        .iter()
        .enumerate()
        .filter(|(i, post)| {
            post.weekend_bundle
                && owner.is_none_or(|p| {
                    instance
                        .practitioner(p)
                        .posts
                        .contains(&crate::instance::PostIdx(*i as u32))
                })
        })
        .map(|(_, post)| post.label.clone())
        .collect();
    if !bundled.is_empty() {
        lines.push(format!(
            "Week-ends pris en entier (samedi et dimanche, une seule personne) : {}. Une garde indisponible du week-end rend le week-end entier indisponible.",
            and_list(&bundled)
        ));
    }
    if let Some(p) = owner {
        let prac = instance.practitioner(p);
        let posts: Vec<String> = prac
            .posts
            .iter()
            .map(|&i| instance.post(i).label.clone())
            .collect();
        if !posts.is_empty() {
            lines.push(format!("Vos postes : {}.", and_list(&posts)));
        }
        if let Some(n) = prac.pledge {
            lines.push(format!(
                "Votre engagement : {n} garde{} sur la période.",
                plural(n)
            ));
        }
        if prac.pledge.is_none() && (prac.share - 1.0).abs() > 1e-9 {
            lines.push(format!(
                "Votre quote-part : {} d'une participation pleine (vos gardes sont réparties en proportion).",
                percent(prac.share)
            ));
        }
    }
    lines
}

/// `70 %`.
pub fn percent(share: f64) -> String {
    format!("{} %", (share * 100.0).round())
}

fn plural(n: u32) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

/// `Praticien : Dr Thomas Foldoux`, the label of the row that names a sheet's owner.
pub const OWNER_LABEL: &str = "Praticien :";

/// What `gardes desiderata import` says once the merged instance is written: sheets
/// read, answers, marks, and the comments written without a mark (to read).
pub fn import_report(import: &super::Import) -> String {
    use std::fmt::Write as _;
    let instance = &import.prepared.base;
    let collected = &import.collected;
    let files: std::collections::BTreeSet<&str> =
        collected.sheets.iter().map(|s| s.file.as_str()).collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} fichier{}, {} feuille{} lue{} ; {} praticien{} sur {} {} répondu.",
        files.len(),
        plural_usize(files.len()),
        collected.sheets.len(),
        plural_usize(collected.sheets.len()),
        plural_usize(collected.sheets.len()),
        collected.answered.len(),
        plural_usize(collected.answered.len()),
        instance.practitioners.len(),
        if collected.answered.len() > 1 {
            "ont"
        } else {
            "a"
        },
    );
    let count = |c: Choice| import.marks.iter().filter(|m| m.choice == c).count();
    let kept = import.marks.len() - collected.marks.len();
    let _ = write!(
        out,
        "Desiderata dans l'instance : {} indisponible{}, {} souhaité{}, {} à éviter",
        count(Choice::Unavailable),
        plural_usize(count(Choice::Unavailable)),
        count(Choice::Wanted),
        plural_usize(count(Choice::Wanted)),
        count(Choice::Avoided),
    );
    if kept > 0 {
        let _ = write!(
            out,
            " (dont {kept} d'un import précédent, de praticiens sans nouvelle feuille)"
        );
    }
    out.push_str(".\n");
    if !collected.notes.is_empty() {
        out.push_str("\nCommentaires sans choix, à lire :\n");
        for note in &collected.notes {
            let _ = writeln!(
                out,
                "- {} — {} : {}",
                note.at,
                instance.practitioner(note.practitioner).name,
                note.text
            );
        }
    }
    out
}

fn plural_usize(n: usize) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

/// What a key cell left empty should hold.
pub const KEY_DUTY_DATE: &str = "la date de la garde";
/// What an empty practitioner key should hold.
pub const KEY_PRACTITIONER_ID: &str = "l'identifiant du praticien";
/// What an empty date key should hold, with its format.
pub const KEY_DUTY_DATE_ISO: &str = "la date de la garde (AAAA-MM-JJ)";
/// What an empty post key should hold.
pub const KEY_POST_ID: &str = "l'identifiant du poste";
/// What an empty period key should hold.
pub const KEY_PERIOD_ID: &str = "l'identifiant du créneau";

/// ` (3 lignes)`: how many rows name an unknown practitioner.
pub fn rows_naming(rows: usize) -> String {
    format!(" ({rows} lignes)")
}

/// ` ; vouliez-vous dire « x » ?`.
pub fn did_you_mean(candidate: &str) -> String {
    format!(" ; vouliez-vous dire « {candidate} » ?")
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(file) | Location::Sheet(file, None) => f.write_str(file),
            Location::Sheet(file, Some(sheet)) => write!(f, "{file}:{sheet}"),
            Location::Cell(cell, None) => write!(f, "{cell}"),
            Location::Cell(cell, Some(header)) => {
                let shown = cell.to_string();
                let (head, _) = shown.rsplit_once(' ').unwrap_or((&shown, ""));
                write!(f, "{head} ({}, colonne « {header} »)", cell.a1())
            }
        }
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::Unreadable(e) => write!(
                f,
                "fichier illisible ({e}) ; attendu un classeur XLSX, XLS ou ODS, ou un CSV"
            ),
            ProblemKind::NotUtf8(at) => write!(
                f,
                "le fichier n'est pas en UTF-8 (octet {at} illisible) ; enregistrez-le au format « CSV UTF-8 »"
            ),
            ProblemKind::NoTable => write!(
                f,
                "feuille sans tableau de desiderata : aucune ligne d'en-tête avec les colonnes \
                 {KEY_PRACTITIONER}, {KEY_DATE}, {KEY_POST}, {KEY_PERIOD} et {COL_CHOICE} \
                 (feuille produite par « gardes desiderata template » attendue)"
            ),
            ProblemKind::UnknownPractitioner { id, hint, rows } => write!(
                f,
                "praticien inconnu « {id} » : l'instance n'a pas ce praticien{hint}{rows}"
            ),
            ProblemKind::OtherPractitioner { found, sheet } => write!(
                f,
                "ligne du praticien « {found} » dans la feuille de « {sheet} » ; attendu « {sheet} »"
            ),
            ProblemKind::MissingKey(what) => write!(
                f,
                "clé vide ; attendu {what} (colonne technique, à ne pas modifier)"
            ),
            ProblemKind::BadDate(text) => write!(
                f,
                "date « {text} » illisible ; attendu AAAA-MM-JJ (colonne technique, à ne pas modifier)"
            ),
            ProblemKind::DateOutsideHorizon { date, first, last } => write!(
                f,
                "date {date} hors de l'horizon de l'instance (du {first} au {last}) : feuille d'un autre trimestre ?"
            ),
            ProblemKind::UnknownPost { id, hint } => write!(f, "poste inconnu « {id} »{hint}"),
            ProblemKind::UnknownPeriod { id, hint } => write!(f, "créneau inconnu « {id} »{hint}"),
            ProblemKind::NoSuchDuty { post, period, date } => write!(
                f,
                "pas de garde {post}/{period} le {date} dans l'instance"
            ),
            ProblemKind::UnknownChoice(text) => write!(
                f,
                "choix inconnu « {text} » ; attendu « indisponible », « souhaité » ou « à éviter », ou une case vide"
            ),
            ProblemKind::BadWeight(text) => write!(
                f,
                "poids « {text} » illisible ; attendu un nombre entier de 1 à {MAX_WEIGHT}, ou une case vide (1)"
            ),
            ProblemKind::WeightWithoutChoice => write!(
                f,
                "poids sans choix ; attendu « souhaité » ou « à éviter » dans la colonne {COL_CHOICE}, ou pas de poids"
            ),
            ProblemKind::CannotTake {
                practitioner,
                reason,
                choice,
            } => write!(
                f,
                "{practitioner} ne peut pas prendre cette garde ({reason}) : la marque « {choice} » est sans objet"
            ),
            ProblemKind::WantedButUnavailable(who) => write!(
                f,
                "garde souhaitée alors que l'instance rend {who} indisponible ce jour-là (saisie du coordinateur)"
            ),
            ProblemKind::Conflict { first, before, now } => write!(
                f,
                "même garde marquée autrement en {first} : « {before} » puis « {now} »"
            ),
        }
    }
}

fn runs_table(out: &mut String, runs: &[summary::Run]) {
    out.push_str("| Dates | Poste | Créneau | Disponibles / places | dont sans réponse |\n");
    out.push_str("| --- | --- | --- | --- | --- |\n");
    for r in runs {
        let available = if r.min_available == r.max_available {
            r.min_available.to_string()
        } else {
            format!("{}–{}", r.min_available, r.max_available)
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {available} / {} | {} |",
            date_range(r.first, r.last),
            r.post,
            r.period,
            r.demand,
            r.unanswered
        );
    }
}

/// `collecte.md`: the summary in French, for the coordinator
/// ([`super::summary::to_markdown`]).
pub fn summary_markdown(prepared: &Prepared, summary: &Summary) -> String {
    let instance = &prepared.base;
    let mut out = String::new();
    let _ = writeln!(out, "# Collecte des desiderata — {}\n", instance.name);
    let _ = writeln!(
        out,
        "Trimestre {}. {}\n",
        horizon(instance),
        deadlines(instance)
    );
    let total = instance.practitioners.len();
    let _ = writeln!(out, "## Réponses\n");
    let _ = writeln!(
        out,
        "{} praticien{} sur {total} {} répondu (une feuille rendue, ou au moins une marque).\n",
        summary.answered.len(),
        if summary.answered.len() > 1 { "s" } else { "" },
        if summary.answered.len() > 1 {
            "ont"
        } else {
            "a"
        },
    );
    if !summary.answered.is_empty() {
        out.push_str("| Praticien | Indisponible | Souhaité | À éviter |\n");
        out.push_str("| --- | ---: | ---: | ---: |\n");
        for a in &summary.answered {
            let prac = instance.practitioner(a.practitioner);
            let _ = writeln!(
                out,
                "| {} ({}) | {} | {} | {} |",
                prac.name, prac.id, a.unavailable, a.wanted, a.avoided
            );
        }
        out.push('\n');
    }
    if summary.missing.is_empty() {
        out.push_str("Tout le monde a répondu.\n\n");
    } else {
        let _ = writeln!(out, "### Sans réponse ({})\n", summary.missing.len());
        for &p in &summary.missing {
            let prac = instance.practitioner(p);
            match &prac.email {
                Some(email) => {
                    let _ = writeln!(out, "- {} ({}) — {email}", prac.name, prac.id);
                }
                None => {
                    let _ = writeln!(out, "- {} ({})", prac.name, prac.id);
                }
            }
        }
        out.push('\n');
    }
    let required: Vec<&DutyAvailability> = summary.duties.iter().filter(|d| d.required).collect();
    let seats: u32 = required.iter().map(|d| d.demand).sum();
    let count = |s: Status| required.iter().filter(|d| d.status == s).count();
    let missing_seats: u32 = required
        .iter()
        .filter(|d| d.status == Status::Impossible)
        .map(|d| d.demand - d.available)
        .sum();
    let _ = writeln!(out, "## Couverture possible avant le calcul\n");
    let _ = writeln!(
        out,
        "{} gardes obligatoires, {seats} places. Une garde est **impossible à couvrir** quand moins de praticiens peuvent la prendre que de places ; les praticiens sans réponse sont comptés disponibles.\n",
        required.len()
    );
    let _ = writeln!(
        out,
        "- Couverture impossible : {} garde{} ({missing_seats} place{} sans personne)",
        count(Status::Impossible),
        if count(Status::Impossible) > 1 {
            "s"
        } else {
            ""
        },
        if missing_seats > 1 { "s" } else { "" },
    );
    let _ = writeln!(
        out,
        "- Tout juste (autant de disponibles que de places) : {} garde{}\n",
        count(Status::Tight),
        if count(Status::Tight) > 1 { "s" } else { "" },
    );
    let impossible = summary::runs(prepared, summary, Status::Impossible);
    if !impossible.is_empty() {
        out.push_str("### Couverture impossible\n\n");
        out.push_str("Demandez des volontaires pour ces gardes avant le calcul, ou acceptez qu'elles restent vides (elles seront signalées à l'Ordre).\n\n");
        runs_table(&mut out, &impossible);
        out.push('\n');
    }
    let tight = summary::runs(prepared, summary, Status::Tight);
    if !tight.is_empty() {
        out.push_str("### Tout juste\n\n");
        runs_table(&mut out, &tight);
        out.push('\n');
    }
    if !summary.comments.is_empty() {
        out.push_str("## Commentaires des praticiens\n\n");
        for (p, key, choice, text) in &summary.comments {
            let prac = instance.practitioner(*p);
            let what = match key {
                Some(k) => {
                    let mut s = format!(
                        "{}, {}, {}",
                        long_date(k.date),
                        instance.post(k.post).label,
                        instance.period(k.period).label
                    );
                    if let Some(c) = choice {
                        let _ = write!(s, " ({})", self::choice(*c));
                    }
                    s
                }
                None => String::from("feuille"),
            };
            let _ = writeln!(out, "- {} ({}) — {what} : {text}", prac.name, prac.id);
        }
        out.push('\n');
    }
    if !summary.problems.is_empty() {
        let _ = writeln!(out, "## Cellules illisibles ({})\n", summary.problems.len());
        out.push_str("Ces lignes ne sont pas comptées ci-dessus ; `gardes desiderata import` les refuse (ou les ignore avec `--skip-invalid`).\n\n");
        for p in &summary.problems {
            let _ = writeln!(out, "- {p}");
        }
        out.push('\n');
    }
    out
}

/// The comment that marks an entry of the instance as imported from a sheet.
pub const MARKER: &str = "# feuille de desiderata";

/// The instance text cannot be edited.
pub fn merge_toml(error: &str) -> String {
    format!("l'instance ne peut pas être modifiée : {error}")
}

/// An entry marked as imported but edited by hand.
pub fn merge_edited(practitioner: &str, entry: &str, expected: &str) -> String {
    format!(
        "praticien « {practitioner} » : l'entrée « {entry} » porte le commentaire « {MARKER} » \
         mais n'a pas la forme d'un desiderata importé ({expected}) ; retirez ce commentaire \
         pour la garder telle quelle, ou l'entrée pour la laisser remplacer"
    )
}

/// An imported entry naming something the instance does not have.
pub fn merge_unresolved(practitioner: &str, problem: &str) -> String {
    format!("praticien « {practitioner} » : desiderata importé illisible : {problem}")
}

/// A bug of the merge.
pub fn merge_internal(what: &str) -> String {
    format!("défaut interne : {what}")
}

/// A practitioner without a table in the instance text.
pub fn no_table(id: &str) -> String {
    format!("le praticien « {id} » n'a pas de table [[practitioners]] modifiable dans l'instance")
}

/// An imported entry's unknown practitioner.
pub const UNKNOWN_PRACTITIONER: &str = "praticien inconnu";

/// An imported entry's unknown post.
pub fn unknown_post(id: &str) -> String {
    format!("poste inconnu « {id} »")
}

/// An imported entry's unknown period.
pub fn unknown_period(id: &str) -> String {
    format!("créneau inconnu « {id} »")
}

/// The form of an imported unavailability.
pub const UNAVAILABLE_FORM: &str = "{ post = \"…\", period = \"…\", date = AAAA-MM-JJ }";
/// The form of an imported wish.
pub const WISH_FORM: &str = "{ on = { post, period, date }, weight = N } ou { off = … }";
