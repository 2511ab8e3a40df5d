//! The benchmark commands: `gardes bench curtois`, `import curtois`, `score curtois`.

use std::path::Path;

use chrono::NaiveDate;

use super::exit::{self, rendered, Failure};
use crate::labels::bench as words;
use crate::labels::cli as fr;
use crate::{app, bench, curtois, export, instance};

/// `gardes bench curtois`: the table is printed line by line as the instances finish.
/// Exit 1 when an instance failed or its roster was not confirmed (after writing every
/// file); a run out of time without a roster is a result, not a failure.
pub(crate) fn bench_curtois(options: &bench::BenchOptions) -> Result<(), Failure> {
    use std::io::Write as _;
    let info = bench::RunInfo {
        date: super::request::now_or_epoch()
            .format("%Y-%m-%d %H:%M UTC")
            .to_string(),
        command: command_line(),
        machine: bench::Machine::detect(),
    };
    let mut stdout = std::io::stdout();
    let mut head_printed = false;
    // A closed pipe (`| head`) must not stop the run: printing errors are ignored. The
    // table's head comes with the first instance, after the arguments and the anchors
    // have been checked; each instance's line once all its engines have run.
    let rows = bench::curtois(options, &info, |done| {
        if !std::mem::replace(&mut head_printed, true) {
            let _ = writeln!(stdout, "{}", done.table.head());
        }
        let _ = writeln!(stdout, "{}", done.table.line(done.runs));
        let _ = stdout.flush();
    })?;
    let _ = writeln!(stdout, "\n{}", fr::written_to(options.out.display()));
    let faults: Vec<String> = rows
        .iter()
        .filter(|r| r.is_fault())
        .map(|r| format!("{} ({})", r.instance, words::engine(r.engine)))
        .collect();
    if faults.is_empty() {
        Ok(())
    } else {
        Err(Failure::rule(fr::faulty_instances(&faults.join(", "))))
    }
}

/// The command line as typed, an argument with a space or a quote quoted for a POSIX
/// shell.
fn command_line() -> String {
    std::env::args()
        .map(|a| {
            let plain = !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
            if plain {
                a
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `gardes import curtois`: benchmark file → gardes instance file, written atomically
/// and only once the written text is known to be a valid instance.
pub(crate) fn import_curtois(input: &Path, output: &Path, start: NaiveDate) -> Result<(), Failure> {
    let inst = curtois::read(input).map_err(|e| Failure::input(e.to_string()))?;
    let file_name = input.file_name().map_or_else(
        || input.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let name = input
        .file_stem()
        .map_or_else(|| file_name.clone(), |n| n.to_string_lossy().into_owned());
    let text = curtois::to_toml_with_source(&inst, start, &name, &file_name)
        .map_err(|e| Failure::input(fr::in_file(&file_name, e)))?;
    // The converted file must read back: a contradiction in the benchmark file (a
    // minimum above its maximum) is reported now rather than at `solve`.
    let out_name = output.display().to_string();
    if let Err(e) = instance::parse(&out_name, &text) {
        return Err(Failure::input(fr::converted_refused(
            &file_name,
            rendered(e),
        )));
    }
    export::atomic::write(output, text.as_bytes()).map_err(|e| exit::unwritable(output, &e))?;
    println!(
        "{}",
        fr::imported(
            &file_name,
            inst.horizon,
            inst.staff.len(),
            inst.shifts.len(),
            output.display()
        )
    );
    Ok(())
}

/// `gardes score curtois`: the benchmark penalty of a gardes roster; exit 1 when a hard
/// constraint of the benchmark is broken.
pub(crate) fn score_curtois(
    input: &Path,
    roster: &Path,
    start: NaiveDate,
    json: bool,
) -> Result<(), Failure> {
    let inst = curtois::read(input).map_err(|e| Failure::input(e.to_string()))?;
    let records = app::read_roster(roster)?;
    let label = roster.display().to_string();
    let mapped = curtois::roster_from_records(&inst, start, &records).map_err(|e| {
        Failure::input(match e.line {
            Some(line) => format!("{label}:{line}: {}", e.kind),
            None => fr::in_file(&label, e),
        })
    })?;
    let penalty = curtois::penalty(&inst, &mapped);
    if json {
        println!("{}", curtois::import::penalty_json(&penalty));
    } else {
        print!("{}", curtois::import::penalty_text(&penalty));
    }
    match penalty.violations.len() {
        0 => Ok(()),
        n => Err(Failure::rule(fr::benchmark_violations(n))),
    }
}
