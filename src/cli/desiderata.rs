//! `gardes desiderata`: the availability sheets out and back in (src/desiderata/).

use std::path::{Path, PathBuf};

use super::args::{DesiderataAction, SheetFormatArg};
use super::exit::{self, Failure};
use crate::export;
use crate::labels::cli as fr;

/// `gardes desiderata`: the availability sheets out and back in (src/desiderata/).
pub(crate) fn desiderata(action: DesiderataAction) -> Result<(), Failure> {
    use crate::desiderata::template::{self, SheetFormat};
    match action {
        DesiderataAction::Template {
            instance,
            output,
            format,
            return_by,
            now,
            replace,
            quiet,
        } => {
            let prepared = prepare_desiderata(&instance)?;
            let options = template::Options {
                format: match format {
                    SheetFormatArg::Xlsx => SheetFormat::Xlsx,
                    SheetFormatArg::Csv => SheetFormat::Csv,
                },
                return_by,
                created: now.unwrap_or_else(super::request::now_or_epoch),
            };
            let files =
                template::files(&prepared, &options).map_err(|e| Failure::input(e.to_string()))?;
            if !replace {
                let present: Vec<String> = files
                    .iter()
                    .map(|(name, _)| output.join(name))
                    .filter(|p| p.exists())
                    .map(|p| p.display().to_string())
                    .collect();
                if !present.is_empty() {
                    return Err(Failure::input(fr::sheets_present(
                        present.len(),
                        &present.join(", "),
                    )));
                }
            }
            std::fs::create_dir_all(&output).map_err(|e| exit::uncreatable(&output, &e))?;
            for (name, bytes) in &files {
                let path = output.join(name);
                export::atomic::write(&path, bytes).map_err(|e| exit::unwritable(&path, &e))?;
            }
            if !quiet {
                println!(
                    "{}",
                    fr::sheets_written(
                        files.len() - 1,
                        files.last().map_or("", |(n, _)| n.as_str()),
                        output.display()
                    )
                );
            }
            Ok(())
        }
        DesiderataAction::Import {
            instance,
            sheets,
            output,
            skip_invalid,
            quiet,
        } => {
            let text = read_text(&instance)?;
            let files = read_sheets(&sheets)?;
            let label = instance.display().to_string();
            let import = crate::desiderata::import(&label, &text, &files).map_err(Failure::from)?;
            let collected = &import.collected;
            let problems: Vec<String> = collected.problems.iter().map(|p| p.to_string()).collect();
            if !problems.is_empty() && !skip_invalid {
                return Err(Failure::input(fr::unreadable_cells(
                    &problems.join("\n"),
                    problems.len(),
                )));
            }
            export::atomic::write(&output, import.text.as_bytes())
                .map_err(|e| exit::unwritable(&output, &e))?;
            if !quiet {
                print!("{}", crate::desiderata::labels::import_report(&import));
                if !problems.is_empty() {
                    println!("\n{}", fr::skipped_cells(problems.len()));
                    for p in &problems {
                        println!("- {p}");
                    }
                }
                println!("\n{}", fr::written_to(output.display()));
            }
            Ok(())
        }
        DesiderataAction::Summary {
            instance,
            sheets,
            output,
            quiet,
        } => {
            use crate::desiderata::summary;
            let prepared = prepare_desiderata(&instance)?;
            let files = read_sheets(&sheets)?;
            let collected = crate::desiderata::read::collect(&prepared, &files);
            let result = summary::summarize(&prepared, &collected);
            let markdown = summary::to_markdown(&prepared, &result);
            if let Some(dir) = &output {
                std::fs::create_dir_all(dir).map_err(|e| exit::uncreatable(dir, &e))?;
                for (name, text) in [
                    ("collecte.md", markdown.clone()),
                    ("collecte.csv", summary::to_csv(&prepared, &result)),
                ] {
                    let path = dir.join(name);
                    export::atomic::write(&path, text.as_bytes())
                        .map_err(|e| exit::unwritable(&path, &e))?;
                }
            }
            if !quiet {
                print!("{markdown}");
                if let Some(dir) = &output {
                    println!("{}", fr::written_to(dir.display()));
                }
            }
            Ok(())
        }
    }
}

/// A text file, UTF-8.
fn read_text(path: &Path) -> Result<String, Failure> {
    let bytes =
        std::fs::read(path).map_err(|e| Failure::input(fr::unreadable(path.display(), e)))?;
    String::from_utf8(bytes)
        .map_err(|e| Failure::input(fr::not_utf8(path.display(), e.utf8_error().valid_up_to())))
}

/// The sheets' bytes, named as given.
fn read_sheets(paths: &[PathBuf]) -> Result<Vec<crate::desiderata::SheetFile>, Failure> {
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path)
                .map_err(|e| Failure::input(fr::unreadable(path.display(), e)))?;
            Ok(crate::desiderata::SheetFile {
                name: path.display().to_string(),
                bytes,
            })
        })
        .collect()
}

fn prepare_desiderata(path: &Path) -> Result<crate::desiderata::Prepared, Failure> {
    let text = read_text(path)?;
    crate::desiderata::Prepared::parse(&path.display().to_string(), &text)
        .map_err(|e| Failure::from(crate::desiderata::ImportError::Prepare(e)))
}
