//! The rows of `cargo xtask load`, read from each run's `summary.json`, and the tables
//! written from them: `load.csv` and `load.md` with its quiet/loaded comparison.

use std::fmt::Write as _;

use serde_json::Value;

use crate::scale::{csv_cell, fr};

use super::mcs::Busiest;

/// Whether other CPU-bound processes ran beside the solve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Condition {
    Quiet,
    Loaded,
}

impl Condition {
    /// The word of the CSV and of the run folders.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Condition::Quiet => "quiet",
            Condition::Loaded => "loaded",
        }
    }

    /// The word of the Markdown table.
    fn french(self) -> &'static str {
        match self {
            Condition::Quiet => "calme",
            Condition::Loaded => "chargée",
        }
    }
}

/// One level of the solve (or its warm-start stage), as `summary.json` gives it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Level {
    pub(crate) name: String,
    pub(crate) status: String,
    pub(crate) objective: Option<f64>,
    pub(crate) bound: Option<f64>,
    pub(crate) gap: Option<f64>,
    pub(crate) seconds: Option<f64>,
}

impl Level {
    fn read(v: &Value) -> Level {
        let f = |key: &str| v.get(key).and_then(Value::as_f64);
        let s = |key: &str| {
            v.get(key)
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string()
        };
        Level {
            name: s("name"),
            status: s("status"),
            objective: f("objective"),
            bound: f("best_bound"),
            gap: f("gap"),
            seconds: f("seconds"),
        }
    }
}

/// One run: one instance, one condition, one repeat.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// The instance file's stem.
    pub(crate) instance: String,
    pub(crate) condition: Condition,
    /// 1, 2, … (`--repeat`).
    pub(crate) repeat: u32,
    /// `summary.json`'s status, or `error`.
    pub(crate) status: String,
    /// Seconds from spawn to exit, and the child's user + system CPU seconds.
    pub(crate) wall: f64,
    pub(crate) cpu: f64,
    /// CPU seconds the busy processes got during a loaded run.
    pub(crate) busy_cpu: Option<f64>,
    /// `summary.json`'s `wall_seconds` (the solver stages).
    pub(crate) solve: Option<f64>,
    pub(crate) warm_start: Option<Level>,
    pub(crate) levels: Vec<Level>,
    /// Empty required seats, and empty optional ones (MCS…).
    pub(crate) uncovered: Option<u64>,
    pub(crate) optional_empty: Option<u64>,
    /// Share of population-hours of MCS time within the threshold with the MCS on duty,
    /// and the threshold in minutes, when the instance has population coverage.
    pub(crate) population: Option<(f64, u64)>,
    pub(crate) fairness: Option<f64>,
    pub(crate) preferences: Option<f64>,
    /// The requested relative gap (`--gap`), the tolerance of the comparison.
    pub(crate) gap_option: Option<f64>,
    pub(crate) busiest: Option<Busiest>,
    pub(crate) note: String,
}

impl Row {
    /// A row with nothing measured yet, `error` until a summary is read.
    pub(crate) fn new(instance: &str, condition: Condition, repeat: u32) -> Row {
        Row {
            instance: instance.to_string(),
            condition,
            repeat,
            status: "error".into(),
            wall: 0.0,
            cpu: 0.0,
            busy_cpu: None,
            solve: None,
            warm_start: None,
            levels: Vec::new(),
            uncovered: None,
            optional_empty: None,
            population: None,
            fairness: None,
            preferences: None,
            gap_option: None,
            busiest: None,
            note: String::new(),
        }
    }

    /// Fills the row from `summary.json` (src/report.rs, `Summary`).
    pub(crate) fn read_summary(&mut self, summary: &Value) {
        let u = |path: &str| summary.pointer(path).and_then(Value::as_u64);
        let f = |path: &str| summary.pointer(path).and_then(Value::as_f64);
        self.status = summary
            .pointer("/status")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string();
        self.solve = f("/wall_seconds");
        self.levels = summary
            .pointer("/levels")
            .and_then(Value::as_array)
            .map(|levels| levels.iter().map(Level::read).collect())
            .unwrap_or_default();
        self.warm_start = summary
            .pointer("/warm_start")
            .filter(|v| v.is_object())
            .map(Level::read);
        self.uncovered = u("/uncovered");
        self.optional_empty = u("/coverage/optional_seats")
            .zip(u("/coverage/optional_filled"))
            .map(|(seats, filled)| seats.saturating_sub(filled));
        self.population = f("/coverage/population/share_with_mcs")
            .zip(u("/coverage/population/threshold_minutes"));
        self.fairness = f("/fairness");
        self.preferences = f("/preferences");
        self.gap_option = f("/options/gap");
    }

    fn level(&self, name: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.name == name)
    }
}

/// What the Markdown report is headed with.
pub(crate) struct Header {
    pub(crate) date: String,
    pub(crate) machine: String,
    pub(crate) load: Option<String>,
    pub(crate) solver: Option<String>,
    pub(crate) command: String,
    pub(crate) time_limit: f64,
    pub(crate) threads: u32,
    pub(crate) busy: u32,
    pub(crate) repeat: u32,
    pub(crate) solve_args: Vec<String>,
}

/// The level names, in the order of the first run that has each.
pub(crate) fn level_names(rows: &[Row]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for l in rows.iter().flat_map(|r| &r.levels) {
        if !names.contains(&l.name) {
            names.push(l.name.clone());
        }
    }
    names
}

pub(crate) fn csv(rows: &[Row]) -> String {
    let names = level_names(rows);
    let mut header: Vec<String> = [
        "instance",
        "condition",
        "repeat",
        "status",
        "wall_seconds",
        "cpu_seconds",
        "busy_cpu_seconds",
        "solve_seconds",
        "warm_start_status",
        "warm_start_objective",
    ]
    .map(String::from)
    .to_vec();
    for n in &names {
        for field in ["status", "objective", "bound", "gap", "seconds"] {
            header.push(format!("{n}_{field}"));
        }
    }
    header.extend(
        [
            "empty_required_seats",
            "empty_optional_seats",
            "population_threshold_minutes",
            "population_share_with_mcs",
            "fairness",
            "preferences",
            "busiest_mcs_volunteer",
            "busiest_mcs_name",
            "busiest_mcs_duties",
            "note",
        ]
        .map(String::from),
    );
    let mut out = header.join(",") + "\n";
    let n = |v: Option<u64>| v.map_or_else(String::new, |v| v.to_string());
    let x = |v: Option<f64>, digits: usize| v.map_or_else(String::new, |v| format!("{v:.digits$}"));
    for r in rows {
        let mut cells = vec![
            csv_cell(&r.instance),
            r.condition.name().to_string(),
            r.repeat.to_string(),
            r.status.clone(),
            format!("{:.3}", r.wall),
            format!("{:.3}", r.cpu),
            x(r.busy_cpu, 3),
            x(r.solve, 3),
            r.warm_start
                .as_ref()
                .map_or_else(String::new, |w| w.status.clone()),
            x(r.warm_start.as_ref().and_then(|w| w.objective), 6),
        ];
        for name in &names {
            let l = r.level(name);
            cells.push(l.map_or_else(String::new, |l| l.status.clone()));
            cells.push(x(l.and_then(|l| l.objective), 6));
            cells.push(x(l.and_then(|l| l.bound), 6));
            cells.push(x(l.and_then(|l| l.gap), 6));
            cells.push(x(l.and_then(|l| l.seconds), 3));
        }
        cells.extend([
            n(r.uncovered),
            n(r.optional_empty),
            n(r.population.map(|p| p.1)),
            x(r.population.map(|p| p.0), 6),
            x(r.fairness, 6),
            x(r.preferences, 6),
            r.busiest
                .as_ref()
                .map_or_else(String::new, |b| csv_cell(&b.id)),
            r.busiest
                .as_ref()
                .map_or_else(String::new, |b| csv_cell(&b.name)),
            r.busiest
                .as_ref()
                .map_or_else(String::new, |b| b.duties.to_string()),
            csv_cell(&r.note),
        ]);
        out += &cells.join(",");
        out.push('\n');
    }
    out
}

/// A figure of the Markdown table: French decimals, `—` when absent.
fn num(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "—".into(), |v| fr(v, digits))
}

/// A table cell: no `|` inside.
fn cell(text: &str) -> String {
    text.replace('|', "/")
}

pub(crate) fn markdown(h: &Header, rows: &[Row]) -> String {
    let mut w = String::from("# Machine calme et machine chargée : trimestres fournis\n\n");
    let _ = writeln!(w, "- Date : {}", h.date);
    let _ = writeln!(w, "- Machine : {}", h.machine);
    if let Some(load) = &h.load {
        let _ = writeln!(w, "- Charge moyenne au départ (1, 5, 15 min) : {load}");
    }
    let _ = writeln!(
        w,
        "- Solveur : {}",
        h.solver.as_deref().unwrap_or("inconnu")
    );
    let _ = writeln!(
        w,
        "- Limite de temps : {} s par résolution ; threads : {} ; essais par condition : {}",
        fr(h.time_limit, 0),
        h.threads,
        h.repeat
    );
    let _ = writeln!(w, "- Machine chargée : {}", busy_text(h.busy));
    if !h.solve_args.is_empty() {
        let _ = writeln!(
            w,
            "- Arguments ajoutés à `gardes solve` : `{}`",
            h.solve_args.join(" ")
        );
    }
    let _ = writeln!(w, "- Commande : `{}`", h.command);
    w += "- Mur : du lancement à la fin du processus gardes ; CPU : son temps utilisateur et système (`wait4`) ; \
          CPU occupé : celui des processus occupés pendant la résolution chargée.\n";
    if let Some(minutes) = rows.iter().find_map(|r| r.population.map(|p| p.1)) {
        let _ = writeln!(
            w,
            "- Population à portée : part des habitants × heures de temps MCS à moins de {minutes} min d'un SMUR ou d'un MCS d'astreinte (summary.json)."
        );
    }
    w += "- Volontaire MCS le plus chargé : le praticien qui tient le plus de gardes sur les postes de type `mcs` (assignments.csv).\n\n";
    let names = level_names(rows);
    w += "| Instance | Machine | Essai | Statut | Mur (s) | CPU (s) | CPU occupé (s) | Démarrage |";
    for n in &names {
        let _ = write!(
            w,
            " {n} : statut | {n} : objectif | {n} : borne | {n} : écart |"
        );
    }
    w += " Places requises vides | Places facultatives vides | Population à portée | Équité | Préférences | Volontaire MCS le plus chargé | Gardes MCS | Remarque |\n";
    w += "|---|---|---:|---|---:|---:|---:|---|";
    w += &"---|---:|---:|---:|".repeat(names.len());
    w += "---:|---:|---:|---:|---:|---|---:|---|\n";
    let n = |v: Option<u64>| v.map_or_else(|| "—".into(), |v| v.to_string());
    let pct = |v: Option<f64>| v.map_or_else(|| "—".into(), |v| format!("{} %", fr(100.0 * v, 2)));
    for r in rows {
        let _ = write!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            cell(&r.instance),
            r.condition.french(),
            r.repeat,
            r.status,
            fr(r.wall, 1),
            fr(r.cpu, 1),
            num(r.busy_cpu, 1),
            r.warm_start.as_ref().map_or_else(
                || "—".into(),
                |l| format!("{} {}", l.status, num(l.objective, 2))
            ),
        );
        for name in &names {
            match r.level(name) {
                Some(l) => {
                    let _ = write!(
                        w,
                        " {} | {} | {} | {} |",
                        l.status,
                        num(l.objective, 4),
                        num(l.bound, 4),
                        pct(l.gap)
                    );
                }
                None => w += " — | — | — | — |",
            }
        }
        let _ = writeln!(
            w,
            " {} | {} | {} | {} | {} | {} | {} | {} |",
            n(r.uncovered),
            n(r.optional_empty),
            pct(r.population.map(|p| p.0)),
            num(r.fairness, 2),
            num(r.preferences, 2),
            r.busiest
                .as_ref()
                .map_or_else(|| "—".into(), |b| cell(&format!("{} ({})", b.name, b.id))),
            r.busiest
                .as_ref()
                .map_or_else(|| "—".into(), |b| b.duties.to_string()),
            cell(&r.note),
        );
    }
    w += &comparisons(rows);
    w
}

/// What ran beside a loaded solve, in French.
fn busy_text(busy: u32) -> String {
    const SCRIPT: &str = "(`sh -c 'while :; do :; done'`, un cœur chacun)";
    match busy {
        0 => "aucun processus occupé (contrôle : la résolution « chargée » est une seconde résolution calme)".into(),
        1 => format!("1 processus occupé {SCRIPT}, lancé avant la résolution et arrêté à sa fin"),
        k => format!("{k} processus occupés {SCRIPT}, lancés avant la résolution et arrêtés à sa fin"),
    }
}

/// The tolerance of one level's objective: |Δ| ≤ max(1e-4, requested gap × |objective|).
pub(crate) const ABSOLUTE_TOLERANCE: f64 = 1e-4;

/// How one run compares with its instance's reference (the first quiet run): the
/// loaded/quiet ratio of each level's objective, and what differs beyond tolerance.
#[derive(Debug, PartialEq)]
pub(crate) struct Comparison {
    pub(crate) ratios: Vec<Option<f64>>,
    pub(crate) differences: Vec<String>,
}

/// Compares `run` with `reference` level by level, for the level names `names`.
pub(crate) fn compare(reference: &Row, run: &Row, names: &[String]) -> Comparison {
    let mut differences = Vec::new();
    let failed: Vec<&str> = [reference, run]
        .iter()
        .filter(|r| r.status == "error")
        .map(|r| r.condition.french())
        .collect();
    if !failed.is_empty() {
        differences.push(format!("résolution en échec ({})", failed.join(", ")));
    }
    let gap = reference.gap_option.unwrap_or(0.0).max(0.0);
    let ratios = names
        .iter()
        .map(|name| {
            let (a, b) = (reference.level(name), run.level(name));
            let (a, b) = match (a, b) {
                (Some(a), Some(b)) => (a, b),
                (None, None) => return None,
                _ if failed.is_empty() => {
                    differences.push(format!("{name} : niveau absent d'une des deux résolutions"));
                    return None;
                }
                _ => return None,
            };
            if a.status != b.status {
                differences.push(format!("{name} : statut {} → {}", a.status, b.status));
            }
            match (a.objective, b.objective) {
                (Some(x), Some(y)) => {
                    let tolerance = ABSOLUTE_TOLERANCE.max(gap * x.abs().max(y.abs()));
                    if (y - x).abs() > tolerance {
                        differences.push(format!(
                            "{name} : objectif {} → {} (écart {} > tolérance {})",
                            fr_short(x),
                            fr_short(y),
                            fr_short((y - x).abs()),
                            fr_short(tolerance)
                        ));
                    }
                    ratio(x, y)
                }
                (None, None) => None,
                _ => {
                    differences.push(format!(
                        "{name} : objectif absent d'une des deux résolutions"
                    ));
                    None
                }
            }
        })
        .collect();
    Comparison {
        ratios,
        differences,
    }
}

/// run / reference; 1 when both are 0, infinite when only the reference is.
fn ratio(reference: f64, run: f64) -> Option<f64> {
    if reference == 0.0 {
        Some(if run == 0.0 { 1.0 } else { f64::INFINITY })
    } else {
        Some(run / reference)
    }
}

/// A figure in French with at most 4 decimals, without trailing zeros.
fn fr_short(v: f64) -> String {
    let text = format!("{v:.4}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    text.replace('.', ",")
}

/// The verdict of one instance: `identique`, or `différent : …` with each difference
/// of each run; `None` when the instance has no run to compare yet.
pub(crate) fn verdict(rows: &[Row], instance: &str) -> Option<String> {
    let names = level_names(rows);
    let runs: Vec<&Row> = rows.iter().filter(|r| r.instance == instance).collect();
    let reference = runs.iter().find(|r| r.condition == Condition::Quiet)?;
    let mut differences = Vec::new();
    let mut compared = 0;
    for run in runs.iter().filter(|r| !std::ptr::eq(**r, *reference)) {
        compared += 1;
        for d in compare(reference, run, &names).differences {
            differences.push(format!("{} {} : {d}", run.condition.french(), run.repeat));
        }
    }
    if compared == 0 {
        None
    } else if differences.is_empty() {
        Some("identique".into())
    } else {
        Some(format!("différent : {}", differences.join(" ; ")))
    }
}

/// The comparison section of each instance with at least two runs.
fn comparisons(rows: &[Row]) -> String {
    let names = level_names(rows);
    let mut instances: Vec<&str> = Vec::new();
    for r in rows {
        if !instances.contains(&r.instance.as_str()) {
            instances.push(&r.instance);
        }
    }
    let mut w = String::new();
    for instance in instances {
        let runs: Vec<&Row> = rows.iter().filter(|r| r.instance == instance).collect();
        let Some(reference) = runs.iter().find(|r| r.condition == Condition::Quiet) else {
            continue;
        };
        let Some(verdict) = verdict(rows, instance) else {
            continue;
        };
        let _ = writeln!(w, "\n## Comparaison : {}\n", cell(instance));
        let _ = writeln!(
            w,
            "Référence : machine calme, essai {}. Rapport de l'objectif de chaque niveau à celui de la référence ; \
             un niveau est identique quand son statut est le même et que |Δ objectif| ≤ max(0,0001 ; écart demandé × |objectif|) \
             (écart demandé : `--gap`, {}).\n",
            reference.repeat,
            fr_short(reference.gap_option.unwrap_or(0.0))
        );
        w += "| Résolution |";
        for n in &names {
            let _ = write!(w, " {n} |");
        }
        w += " Verdict |\n|---|";
        w += &"---:|".repeat(names.len());
        w += "---|\n";
        for run in runs.iter().filter(|r| !std::ptr::eq(**r, *reference)) {
            let c = compare(reference, run, &names);
            let _ = write!(w, "| {} {} |", run.condition.french(), run.repeat);
            for ratio in &c.ratios {
                let text = match ratio {
                    None => "—".to_string(),
                    Some(r) if r.is_infinite() => "∞".to_string(),
                    Some(r) => fr(*r, 4),
                };
                let _ = write!(w, " {text} |");
            }
            let line = if c.differences.is_empty() {
                "identique".to_string()
            } else {
                format!("différent : {}", c.differences.join(" ; "))
            };
            let _ = writeln!(w, " {} |", cell(&line));
        }
        let _ = writeln!(w, "\n**Verdict : {}**", cell(&verdict));
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(coverage: f64, fairness_status: &str, fairness: f64) -> Value {
        serde_json::json!({
            "status": "time_limit",
            "objective": fairness,
            "wall_seconds": 59.5,
            "uncovered": 3,
            "fairness": 12.5,
            "preferences": 4.0,
            "coverage": {
                "optional_seats": 10, "optional_filled": 7,
                "population": {"threshold_minutes": 30, "share_with_mcs": 0.8731}
            },
            "levels": [
                {"name": "coverage", "status": "optimal", "objective": coverage,
                 "best_bound": coverage, "gap": 0.0, "seconds": 10.0},
                {"name": "fairness", "status": fairness_status, "objective": fairness,
                 "best_bound": 1.0, "gap": 0.5, "seconds": 49.5}
            ],
            "warm_start": null,
            "options": {"gap": 0.0, "solver": "HiGHS 1.x"}
        })
    }

    fn run(condition: Condition, repeat: u32, s: &Value) -> Row {
        let mut r = Row::new("lozere", condition, repeat);
        r.read_summary(s);
        r.wall = 61.24;
        r.cpu = 60.5;
        r
    }

    #[test]
    fn the_summary_fills_the_row() {
        let r = run(Condition::Quiet, 1, &summary(3003.0, "time_limit", 2.0));
        assert_eq!(r.status, "time_limit");
        assert_eq!(r.levels.len(), 2);
        assert_eq!(r.levels[1].bound, Some(1.0));
        assert_eq!(r.warm_start, None);
        assert_eq!((r.uncovered, r.optional_empty), (Some(3), Some(3)));
        assert_eq!(r.population, Some((0.8731, 30)));
        assert_eq!((r.fairness, r.preferences), (Some(12.5), Some(4.0)));
    }

    #[test]
    fn identical_runs_are_identical_and_a_changed_level_is_named() {
        let quiet = run(Condition::Quiet, 1, &summary(3003.0, "time_limit", 2.0));
        let same = run(
            Condition::Loaded,
            1,
            &summary(3003.00001, "time_limit", 2.0),
        );
        let rows = vec![quiet.clone(), same];
        assert_eq!(verdict(&rows, "lozere").as_deref(), Some("identique"));
        let worse = run(Condition::Loaded, 1, &summary(3003.0, "optimal", 3.0));
        let rows = vec![quiet, worse];
        let v = verdict(&rows, "lozere").expect("two runs");
        assert_eq!(
            v,
            "différent : chargée 1 : fairness : statut time_limit → optimal ; \
             chargée 1 : fairness : objectif 2 → 3 (écart 1 > tolérance 0,0001)"
        );
        let c = compare(&rows[0], &rows[1], &level_names(&rows));
        assert_eq!(c.ratios, [Some(1.0), Some(1.5)]);
        assert_eq!(verdict(&rows[..1], "lozere"), None);
    }

    #[test]
    fn the_requested_gap_widens_the_tolerance_and_a_failure_differs() {
        let mut s = summary(100.0, "optimal", 2.0);
        s["options"]["gap"] = serde_json::json!(0.01);
        let quiet = run(Condition::Quiet, 1, &s);
        let near = run(Condition::Loaded, 1, &{
            let mut s = s.clone();
            s["levels"][0]["objective"] = serde_json::json!(100.9);
            s
        });
        assert!(
            compare(&quiet, &near, &level_names(std::slice::from_ref(&quiet)))
                .differences
                .is_empty()
        );
        let failed = Row::new("lozere", Condition::Loaded, 1);
        let v = verdict(&[quiet, failed], "lozere").expect("two runs");
        assert_eq!(v, "différent : chargée 1 : résolution en échec (chargée)");
    }

    #[test]
    fn tables_have_a_column_group_per_level_and_a_comparison() {
        let quiet = run(Condition::Quiet, 1, &summary(3003.0, "time_limit", 2.0));
        let mut loaded = run(Condition::Loaded, 1, &summary(3003.0, "time_limit", 2.5));
        loaded.busy_cpu = Some(180.0);
        loaded.busiest = Some(Busiest {
            id: "d07".into(),
            name: "Durand, Paul".into(),
            duties: 14,
        });
        let rows = [quiet, loaded];
        let csv = csv(&rows);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].contains(
            ",coverage_status,coverage_objective,coverage_bound,coverage_gap,coverage_seconds,fairness_status,"
        ));
        assert!(
            lines[2].starts_with(
                "lozere,loaded,1,time_limit,61.240,60.500,180.000,59.500,,,optimal,3003.000000,"
            ),
            "{csv}"
        );
        assert!(lines[2].ends_with(",d07,\"Durand, Paul\",14,"), "{csv}");
        let h = Header {
            date: "d".into(),
            machine: "m".into(),
            load: None,
            solver: Some("HiGHS".into()),
            command: "cargo xtask load --busy 3".into(),
            time_limit: 60.0,
            threads: 1,
            busy: 3,
            repeat: 1,
            solve_args: vec!["--work-limit".into(), "1000".into()],
        };
        let md = markdown(&h, &rows);
        assert!(
            md.contains("| coverage : statut | coverage : objectif |"),
            "{md}"
        );
        assert!(
            md.contains("| lozere | chargée | 1 | time_limit | 61,2 | 60,5 | 180,0 | — | optimal | 3003,0000 |"),
            "{md}"
        );
        assert!(
            md.contains("| 87,31 % | 12,50 | 4,00 | Durand, Paul (d07) | 14 |"),
            "{md}"
        );
        assert!(md.contains("`--work-limit 1000`"), "{md}");
        assert!(
            md.contains("- Machine chargée : 3 processus occupés (`sh -c"),
            "{md}"
        );
        assert!(busy_text(1).starts_with("1 processus occupé ("));
        assert!(md.contains("## Comparaison : lozere"), "{md}");
        assert!(
            md.contains("| chargée 1 | 1,0000 | 1,2500 | différent : fairness : objectif 2 → 2,5"),
            "{md}"
        );
        assert!(
            md.contains("**Verdict : différent : chargée 1 : fairness"),
            "{md}"
        );
        // Every table line has as many cells as the header.
        let header_cells = md
            .lines()
            .find(|l| l.starts_with("| Instance"))
            .map(|l| l.matches('|').count());
        for line in md.lines().filter(|l| l.starts_with("| lozere")) {
            assert_eq!(Some(line.matches('|').count()), header_cells, "{line}");
        }
    }
}
