//! The workspace's pages, written with maud like `report.html`: the quarter and its
//! sheets, the solve and its progress, the roster (the report's own page with the
//! workspace's bar, panel and script, `html::render_with`), the absence and its
//! re-planning, the publication. Every form posts to the workspace with its form token
//! (`guard`) and the quarter's revision; every French word is `labels::workspace`'s.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::{guard, job, quarter, Notice, Workspace};
use crate::html::{self as report_html, Extras};
use crate::instance::Instance;
use crate::labels::workspace as fr;
use crate::swap::{Seat, Swap, SwapError};

/// The workspace's style, after the report's.
const STYLE: &str = include_str!("atelier.css");

/// The workspace's script: the solve's progress, the seats of the grid.
const SCRIPT: &str = include_str!("atelier.js");

/// The bar at the top of every page.
fn bar(shared: &Workspace, current: &str, revision: &str) -> Markup {
    let links = [
        ("/", fr::NAV_QUARTER),
        ("/resoudre", fr::NAV_SOLVE),
        ("/tableau", fr::NAV_ROSTER),
        ("/absence", fr::NAV_ABSENCE),
        ("/publication", fr::NAV_PUBLISH),
    ];
    html! {
        nav.atelier data-revision=(revision) data-jeton=(shared.guard.form_token()) {
            strong { (fr::APP) }
            @for (href, label) in links {
                @if href == current {
                    a.courant href=(href) aria-current="page" { (label) }
                } @else {
                    a href=(href) { (label) }
                }
            }
            span.dossier { (shared.quarter().instance_label()) }
        }
    }
}

fn notice(notice: Option<&Notice>) -> Markup {
    html! {
        @if let Some(n) = notice {
            div.avis.ok[n.ok].refus[!n.ok] role="status" data-avis=(if n.ok { "ok" } else { "refus" }) {
                p { strong { (n.title) } }
                @if !n.lines.is_empty() {
                    pre { @for l in &n.lines { (l) "\n" } }
                }
            }
        }
    }
}

/// An action's URL with the form token.
fn action(shared: &Workspace, path: &str) -> String {
    format!("{path}?{}={}", guard::FORM_TOKEN, shared.guard.form_token())
}

/// A whole page of the workspace.
fn page(
    shared: &Workspace,
    current: &str,
    title: &str,
    n: Option<&Notice>,
    body: Markup,
) -> String {
    let revision = shared.quarter().revision();
    html! {
        (DOCTYPE)
        html lang="fr" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — " (fr::APP) }
                style { (PreEscaped(STYLE)) }
            }
            body.atelier {
                (bar(shared, current, &revision))
                main {
                    h1 { (title) }
                    (notice(n))
                    (body)
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    }
    .into_string()
}

fn revision_field(shared: &Workspace) -> Markup {
    html! { input type="hidden" name="revision" value=(shared.quarter().revision()); }
}

/// The quarter: horizon, posts, periods, practitioners, and the collection of sheets.
pub(super) fn quarter(shared: &Workspace, n: Option<Notice>) -> String {
    let body = match shared.file_instance() {
        Err(e) => html! {
            div.avis.refus { p { strong { (fr::INSTANCE_INVALID) } } pre { (e) } }
        },
        Ok(instance) => html! {
            p {
                (crate::labels::report::date_range(instance.horizon.first, instance.horizon.last))
                " · " (fr::counts(instance.posts.len(), instance.periods.len(), instance.practitioners.len()))
            }
            (collection(shared, &instance))
            section {
                h2 { (fr::POSTS) }
                table {
                    thead { tr { th { (fr::ID) } th { (fr::LABEL) } th { (fr::NAV_PERIODS) } } }
                    tbody {
                        @for post in &instance.posts {
                            tr {
                                td { (post.id.as_str()) }
                                td { (post.label) }
                                td { @for (i, p) in post.demand.keys().enumerate() {
                                    @if i > 0 { ", " }
                                    (instance.period(*p).id.as_str())
                                } }
                            }
                        }
                    }
                }
                h2 { (fr::NAV_PERIODS) }
                table {
                    thead { tr { th { (fr::ID) } th { (fr::LABEL) } th { (fr::HOURS) } } }
                    tbody {
                        @for p in &instance.periods {
                            tr {
                                td { (p.id.as_str()) }
                                td { (p.label) }
                                td { (p.start.format("%H:%M")) "–" (p.end.format("%H:%M")) }
                            }
                        }
                    }
                }
                h2 { (fr::PRACTITIONERS) }
                p.note { (fr::BLANK_SHEETS) " "
                    a href=(format!("/modeles/{}.xlsx", crate::desiderata::template::COMBINED)) { (fr::ALL_IN_ONE) } }
                table {
                    thead { tr { th { (fr::ID) } th { (fr::NAME) } th { (fr::SHARE) } th { (fr::POSTS) } th { (fr::SHEET) } } }
                    tbody {
                        @for p in &instance.practitioners {
                            tr {
                                td { (p.id.as_str()) }
                                td { (p.name) }
                                td { (crate::report::num(p.share, 2)) }
                                td { @for (i, post) in p.posts.iter().enumerate() {
                                    @if i > 0 { ", " }
                                    (instance.post(*post).id.as_str())
                                } }
                                td { a href=(format!("/modeles/{}.xlsx", p.id.as_str())) { (fr::SHEET_LINK) } }
                            }
                        }
                    }
                }
            }
        },
    };
    page(shared, "/", fr::NAV_QUARTER, n.as_ref(), body)
}

/// The collection of wishes: the sheets returned, who answered, where it is short (as
/// `gardes desiderata summary`), and the upload form.
fn collection(shared: &Workspace, instance: &Instance) -> Markup {
    let quarter = shared.quarter();
    let sheets = quarter.sheets();
    let summary = (|| -> Result<String, String> {
        let text = std::fs::read_to_string(quarter.instance()).map_err(|e| e.to_string())?;
        let prepared = crate::desiderata::Prepared::parse(&quarter.instance_label(), &text)
            .map_err(|e| e.to_string())?;
        let files: Vec<crate::desiderata::SheetFile> = sheets
            .iter()
            .filter_map(|p| {
                Some(crate::desiderata::SheetFile {
                    name: p.file_name()?.to_string_lossy().into_owned(),
                    bytes: std::fs::read(p).ok()?,
                })
            })
            .collect();
        let collected = crate::desiderata::read::collect(&prepared, &files);
        let result = crate::desiderata::summary::summarize(&prepared, &collected);
        Ok(crate::desiderata::summary::to_markdown(&prepared, &result))
    })();
    html! {
        section.collecte {
            h2 { (fr::COLLECTION) }
            p { (fr::sheets_returned(sheets.len(), instance.practitioners.len())) }
            form method="post" action=(action(shared, "/feuilles")) enctype="multipart/form-data" {
                (revision_field(shared))
                label { (fr::UPLOAD_LABEL) " "
                    input type="file" name="feuilles" multiple accept=".xlsx,.ods,.csv";
                }
                " " button type="submit" id="importer" { (fr::UPLOAD_BUTTON) }
            }
            @match summary {
                Ok(markdown) => details open {
                    summary { (fr::COLLECTION_SUMMARY) }
                    pre.md { (markdown) }
                },
                Err(e) => pre { (e) },
            }
        }
    }
}

/// The solve: its form, or its progress while it runs, and how the last one ended.
pub(super) fn solve(shared: &Workspace, n: Option<Notice>) -> String {
    let job = super::lock(&shared.job).clone();
    let running = job.as_ref().is_some_and(job::Job::running);
    let last = job
        .as_ref()
        .filter(|j| j.kind == job::Kind::Solve)
        .and_then(job::Job::ended);
    let limit = shared.config.options.time_limit;
    let body = html! {
        div #progression data-en-cours=(if running { "1" } else { "0" })
            data-suite="/resoudre" data-attente=(fr::WAITING) {
            @if running {
                p { strong { (fr::RUNNING) } " " span #ecoule {} }
                p #ligne { (fr::WAITING) }
                form method="post" action=(action(shared, "/arreter")) {
                    button type="submit" id="arreter" { (fr::STOP) }
                    " " (fr::STOP_NOTE)
                }
            }
        }
        @match last {
            Some(job::Ended::Done(markdown)) if !running => div.avis.ok data-fin="ok" {
                p { strong { (fr::SOLVE_DONE) } " " a href="/tableau" { (fr::SEE_ROSTER) } " · "
                    a href="/fichiers/brouillon/report.html" { (fr::FULL_REPORT) } }
                details open { summary { (fr::SOLVE_SUMMARY) } pre.md { (markdown) } }
            },
            Some(job::Ended::Failed(e)) if !running => div.avis.refus data-fin="refus" {
                p { strong { (fr::SOLVE_FAILED) } } pre { (e) }
            },
            _ => {},
        }
        @if !running {
            form method="post" action=(action(shared, "/resoudre")) {
                (revision_field(shared))
                label { (fr::TIME_LIMIT) " "
                    input type="number" name="limite" min="1" step="1" value=(limit);
                }
                " " button type="submit" id="resoudre" { (fr::SOLVE) }
            }
            p.note { (fr::SOLVE_NOTE) }
        }
    };
    page(shared, "/resoudre", fr::NAV_SOLVE, n.as_ref(), body)
}

/// The draft's roster: the report's page, with the bar, the notice and the panel of
/// the seat chosen.
pub(super) fn roster(shared: &Workspace, n: Option<Notice>) -> String {
    let revision = shared.quarter().revision();
    let Some(path) = shared.quarter().current_roster() else {
        return page(
            shared,
            "/tableau",
            fr::NAV_ROSTER,
            n.as_ref(),
            html! { p { (fr::NO_ROSTER) " " a href="/resoudre" { (fr::NAV_SOLVE) } } },
        );
    };
    let loaded = (|| -> Result<_, String> {
        let instance = shared.draft_instance()?;
        let records = crate::app::read_roster(&path).map_err(|e| e.to_string())?;
        let duties = crate::duties::expand(&instance).map_err(|e| e.to_string())?;
        let roster = crate::swap::roster_of(&instance, &duties, &records)
            .ok_or_else(|| fr::UNKNOWN_ROWS.to_owned())?;
        let check = crate::check::check(&instance, &duties, &records);
        Ok((instance, duties, roster, check))
    })();
    let (instance, duties, roster, check) = match loaded {
        Ok(l) => l,
        Err(e) => {
            return page(
                shared,
                "/tableau",
                fr::NAV_ROSTER,
                n.as_ref(),
                html! { pre { (e) } },
            )
        }
    };
    let label = path
        .strip_prefix(shared.quarter().folder())
        .unwrap_or(&path)
        .display()
        .to_string();
    let folder = if label.starts_with(quarter::DRAFT) {
        quarter::DRAFT
    } else {
        quarter::PUBLISHED
    };
    let extras = Extras {
        top: html! {
            (bar(shared, "/tableau", &revision))
            (notice(n.as_ref()))
            p.consigne-grille { (fr::GRID_HELP) " "
                a href=(format!("/fichiers/{folder}/report.html")) { (fr::FULL_REPORT) } }
        },
        style: STYLE,
        script: SCRIPT,
        bottom: html! { aside #place hidden {} },
    };
    report_html::render_with(
        &report_html::Page {
            instance: &instance,
            duties: &duties,
            roster: &roster,
            check: &check,
            source: report_html::Source::Checked {
                title: fr::DRAFT_TITLE,
                file: &label,
            },
        },
        &extras,
    )
}

/// The panel of a seat: every practitioner who could take it, with the checker's
/// verdict and their load against target; with `with`, the exchange of those seats
/// against the chosen ones.
pub(super) fn candidates(
    shared: &Workspace,
    holder: &str,
    seats: &[Seat],
    with: &[Seat],
) -> String {
    let result = (|| -> Result<Markup, String> {
        let path = shared
            .quarter()
            .current_roster()
            .ok_or_else(|| fr::NO_ROSTER.to_owned())?;
        let instance = shared.draft_instance()?;
        let records = crate::app::read_roster(&path).map_err(|e| e.to_string())?;
        let duties = crate::duties::expand(&instance).map_err(|e| e.to_string())?;
        let first = seats.first().ok_or_else(|| fr::NO_SEAT.to_owned())?;
        let resolver = crate::roster::Resolver::new(&instance, &duties);
        let duty = resolver
            .duty(first.date, &first.post, &first.period)
            .map(|d| &duties[d.get()])
            .ok_or_else(|| fr::NO_SEAT.to_owned())?;
        let check = crate::check::check(&instance, &duties, &records);
        let category = duty.category;
        let load = |p: crate::instance::PracIdx| -> String {
            category
                .and_then(|c| {
                    check
                        .fairness
                        .rows
                        .iter()
                        .find(|r| r.practitioner == p && r.category == c)
                        .map(|r| {
                            fr::load_against(
                                &instance.fairness.categories[c.0 as usize].label,
                                r.load,
                                &crate::report::num(r.target, 1),
                            )
                        })
                })
                .unwrap_or_default()
        };
        let seat_text: Vec<String> = seats.iter().map(ToString::to_string).collect();
        let seat_text = seat_text.join(" ");
        let what = fr::seat_title(
            &instance.post(duty.post).label,
            duty.date,
            &seats
                .iter()
                .map(|s| s.period.as_str())
                .collect::<Vec<_>>()
                .join(" + "),
        );
        if holder.is_empty() {
            let reason = crate::swap::roster_of(&instance, &duties, &records)
                .and_then(|r| {
                    r.uncovered
                        .iter()
                        .find(|u| u.duty == duty.idx)
                        .map(|u| crate::labels::export::uncovered_reason(&instance, &u.reason))
                })
                .unwrap_or_default();
            return Ok(html! {
                div data-sieges="" {
                    h2 { (what) } p.vide { (fr::EMPTY_SEAT) }
                    @if !reason.is_empty() { p { (reason) } }
                    p.note { (fr::EMPTY_SEAT_HELP) }
                }
            });
        }
        let holder_name = instance
            .practitioner_by_id(holder)
            .map(|p| instance.practitioner(p).name.clone())
            .unwrap_or_else(|| holder.to_owned());
        let held = seats.iter().all(|s| {
            records.iter().any(|r| {
                r.practitioner_id == holder
                    && r.date == s.date
                    && r.post == s.post
                    && r.period == s.period
            })
        });
        if !held {
            return Err(fr::not_held(&holder_name));
        }
        let exchange = if with.is_empty() || with[0].practitioner == holder {
            None
        } else {
            let swap = Swap {
                give: with.to_vec(),
                take: seats.to_vec(),
                to: None,
            };
            let verdict = crate::swap::apply_checked(&instance, &duties, &records, &swap, &check);
            Some((swap, verdict.map(|_| ())))
        };
        // The post's own practitioners (listed on it, holding its qualifications): the
        // others cannot take any of its seats, and are only counted.
        let post = instance.post(duty.post);
        let serves = |p: &crate::instance::Practitioner| {
            p.posts.contains(&duty.post) && post.qualifications.is_subset(&p.qualifications)
        };
        let candidates: Vec<(usize, &crate::instance::Practitioner)> = instance
            .practitioners
            .iter()
            .enumerate()
            .filter(|(_, p)| p.id.as_str() != holder && serves(p))
            .collect();
        let others = instance
            .practitioners
            .iter()
            .filter(|p| p.id.as_str() != holder && !serves(p))
            .count();
        let verdicts = verdicts(&instance, &duties, &records, &check, seats, &candidates);
        let mut rows: Vec<(bool, Markup)> = Vec::new();
        for ((i, p), verdict) in candidates.iter().zip(verdicts) {
            let idx = crate::instance::PracIdx(*i as u32);
            let ok = verdict.is_ok();
            let row = html! {
                tr.possible[ok] data-candidat=(p.id.as_str()) data-verdict=(if ok { "ok" } else { "refus" }) {
                    td { (p.name) }
                    td { (load(idx)) }
                    td {
                        @match &verdict {
                            Ok(()) => form method="post" action=(action(shared, "/echanger")) {
                                (revision_field(shared))
                                input type="hidden" name="donne" value=(seat_text);
                                input type="hidden" name="a" value=(p.id.as_str());
                                button type="submit" { (fr::GIVE_TO) }
                            },
                            Err(e) => span.refus { (e) },
                        }
                    }
                }
            };
            rows.push((ok, row));
        }
        rows.sort_by_key(|(ok, _)| !*ok);
        Ok(html! {
            div data-sieges=(seat_text) {
                h2 { (what) }
                p { (fr::held_by(&holder_name)) }
                @if let Some((swap, verdict)) = &exchange {
                    div.echange {
                        @match verdict {
                            Ok(()) => form method="post" action=(action(shared, "/echanger")) {
                                (revision_field(shared))
                                input type="hidden" name="donne" value=(joined(&swap.give));
                                input type="hidden" name="prend" value=(joined(&swap.take));
                                button type="submit" id="confirmer-echange" { (fr::CONFIRM_EXCHANGE) }
                            },
                            Err(e) => p.refus { (fr::EXCHANGE_REFUSED) " : " (reason_of(e)) },
                        }
                    }
                }
                p { button type="button" id="echange" { (fr::START_EXCHANGE) } }
                p #consigne hidden { (fr::EXCHANGE_HELP) }
                table.candidats {
                    thead { tr { th { (fr::PRACTITIONER) } th { (fr::LOAD) } th { (fr::VERDICT) } } }
                    tbody { @for (_, r) in &rows { (r) } }
                }
                @if others > 0 { p.note { (fr::others_not_on_post(others)) } }
            }
        })
    })();
    match result {
        Ok(m) => m.into_string(),
        Err(e) => html! { p.refus { (e) } }.into_string(),
    }
}

/// The checker's verdict on handing `seats` to each candidate, the roster's own report
/// `check` made once; the candidates are shared among the machine's cores, each verdict
/// being a whole check of the roster.
fn verdicts(
    instance: &Instance,
    duties: &[crate::duties::Duty],
    records: &[crate::roster::RosterRecord],
    check: &crate::check::CheckReport,
    seats: &[Seat],
    candidates: &[(usize, &crate::instance::Practitioner)],
) -> Vec<Result<(), String>> {
    let one = |p: &crate::instance::Practitioner| {
        let swap = Swap {
            give: seats.to_vec(),
            take: Vec::new(),
            to: Some(p.id.as_str().to_owned()),
        };
        crate::swap::apply_checked(instance, duties, records, &swap, check)
            .map(|_| ())
            .map_err(|e| reason_of(&e))
    };
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let chunk = candidates.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = candidates
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|(_, p)| one(p)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|_| vec![Err(fr::INTERNAL.to_owned()); chunk])
            })
            .collect()
    })
}

/// The panel of a seat chosen on a page the quarter has changed under.
pub(super) fn stale_panel() -> String {
    html! { div.avis.refus data-avis="conflit" data-sieges="" { p { (fr::STALE_PANEL) } } }
        .into_string()
}

fn joined(seats: &[Seat]) -> String {
    seats
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The checker's verdict on a refused change, in a line or a few.
fn reason_of(e: &SwapError) -> String {
    match e {
        SwapError::Breaks(report) => report
            .violations
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ; "),
        other => other.to_string(),
    }
}

/// The absence: its form, the re-planning's progress, or its changes to keep or drop.
pub(super) fn absence(shared: &Workspace, n: Option<Notice>) -> String {
    let job = super::lock(&shared.job).clone();
    let running = job
        .as_ref()
        .is_some_and(|j| j.running() && j.kind == job::Kind::Replan);
    let failed = job
        .as_ref()
        .filter(|j| j.kind == job::Kind::Replan)
        .and_then(|j| match j.ended() {
            Some(job::Ended::Failed(e)) => Some(e),
            _ => None,
        });
    let pending = super::lock(&shared.pending)
        .as_ref()
        .map(|(p, _)| (p.markdown.clone(), changes_rows(p)));
    let instance = shared.draft_instance().ok();
    let has_roster = shared.quarter().current_roster().is_some();
    let limit = shared.config.options.time_limit;
    let body = html! {
        div #progression data-en-cours=(if running { "1" } else { "0" })
            data-suite="/absence" data-attente=(fr::WAITING) {
            @if running {
                p { strong { (fr::REPLANNING) } " " span #ecoule {} }
                p #ligne { (fr::WAITING) }
                form method="post" action=(action(shared, "/arreter")) {
                    button type="submit" { (fr::STOP) }
                }
            }
        }
        @if let Some(e) = failed {
            div.avis.refus { p { strong { (fr::REPLAN_FAILED) } } pre { (e) } }
        }
        @if let Some((markdown, rows)) = &pending {
            section.a-valider data-changements=(rows.len()) {
                h2 { (fr::CHANGES_TITLE) }
                p { (fr::CHANGES_INTRO) }
                table.changements {
                    @for (i, row) in rows.iter().enumerate() {
                        tr { @for cell in row { @if i == 0 { th { (cell) } } @else { td { (cell) } } } }
                    }
                }
                details { summary { (fr::REPLAN_SUMMARY) } pre.md { (markdown) } }
                form method="post" action=(action(shared, "/absence/garder")) {
                    (revision_field(shared))
                    button type="submit" id="garder" { (fr::KEEP) }
                }
                form method="post" action=(action(shared, "/absence/abandonner")) {
                    (revision_field(shared))
                    button type="submit" id="abandonner" { (fr::DROP) }
                }
            }
        }
        @if !running && pending.is_none() {
            @if !has_roster {
                p { (fr::NO_ROSTER) }
            } @else if let Some(instance) = &instance {
                form.absence method="post" action=(action(shared, "/absence")) {
                    (revision_field(shared))
                    p { label { (fr::PRACTITIONER) " "
                        select name="praticien" {
                            @for p in &instance.practitioners {
                                option value=(p.id.as_str()) { (p.name) " (" (p.id.as_str()) ")" }
                            }
                        }
                    } }
                    p {
                        label { (fr::FROM_DAY) " " input type="date" name="debut" required
                            min=(instance.horizon.first) max=(instance.horizon.last); }
                        " "
                        label { (fr::TO_DAY) " " input type="date" name="fin" required
                            min=(instance.horizon.first) max=(instance.horizon.last); }
                    }
                    p { label { (fr::REPLAN_FROM) " " input type="date" name="depuis"
                        min=(instance.horizon.first) max=(instance.horizon.last); }
                        " " (fr::REPLAN_FROM_NOTE) }
                    p { label { (fr::TIME_LIMIT) " "
                        input type="number" name="limite" min="1" step="1" value=(limit); } }
                    button type="submit" id="replanifier" { (fr::REPLAN) }
                }
            }
        }
    };
    page(shared, "/absence", fr::NAV_ABSENCE, n.as_ref(), body)
}

/// A pending re-planning's changes.csv as rows (the header first).
fn changes_rows(p: &crate::app::Publication) -> Vec<Vec<String>> {
    let Some((_, text)) = p.files.iter().find(|(name, _)| *name == "changes.csv") else {
        return Vec::new();
    };
    let text = text.trim_start_matches('\u{feff}');
    let delimiter = if text.lines().next().is_some_and(|l| l.contains(';')) {
        b';'
    } else {
        b','
    };
    csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_owned).collect())
        .collect()
}

/// The publication: what is published, the button, the feeds' addresses.
pub(super) fn publish(shared: &Workspace, n: Option<Notice>) -> String {
    let quarter = shared.quarter();
    let published = quarter.dir(quarter::PUBLISHED).join("assignments.csv");
    let has_draft = quarter.current_roster().is_some();
    let addresses = shared
        .draft_instance()
        .map(|i| super::feed_addresses(shared, &i))
        .unwrap_or_default();
    let body = html! {
        @if published.is_file() {
            p { (fr::PUBLISHED_HERE) " "
                a href="/fichiers/publication/tableau.csv" { "tableau.csv" } " · "
                a href="/fichiers/publication/report.html" { "report.html" } " · "
                a href="/fichiers/publication/honoraires.csv" { "honoraires.csv" } }
        } @else {
            p { (fr::NOTHING_PUBLISHED) }
        }
        @if has_draft {
            form method="post" action=(action(shared, "/publication")) {
                (revision_field(shared))
                button type="submit" id="publier" { (fr::PUBLISH) }
                " " (fr::PUBLISH_NOTE)
            }
        } @else {
            p { (fr::NO_ROSTER) }
        }
        @if !addresses.is_empty() {
            section.flux {
                h2 { (fr::FEEDS_TITLE) }
                p { (fr::FEEDS_INTRO) }
                @if shared.config.feeds_base.is_none() { p.note { (fr::FEEDS_PATHS_ONLY) } }
                table.adresses {
                    thead { tr { th { (fr::ID) } th { (fr::NAME) } th { (fr::ADDRESS) } } }
                    tbody {
                        @for (id, name, url) in &addresses {
                            tr data-praticien=(id) { td { (id) } td { (name) } td { code { (url) } } }
                        }
                    }
                }
            }
        }
    };
    page(shared, "/publication", fr::NAV_PUBLISH, n.as_ref(), body)
}

/// The login page (with a coordinator secret).
pub(super) fn login(shared: &Workspace, failed: bool) -> String {
    html! {
        (DOCTYPE)
        html lang="fr" {
            head { meta charset="utf-8"; title { (fr::LOGIN_TITLE) } style { (PreEscaped(STYLE)) } }
            body.atelier { main {
                h1 { (fr::LOGIN_TITLE) }
                @if failed { div.avis.refus { p { (fr::LOGIN_FAILED) } } }
                form method="post" action=(action(shared, guard::LOGIN)) {
                    label { (fr::SECRET) " " input type="password" name="secret" autofocus; }
                    " " button type="submit" { (fr::LOGIN) }
                }
            } }
        }
    }
    .into_string()
}

/// A change refused because the quarter changed under the page, or a job runs.
pub(super) fn conflict(message: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    let body = html! {
        (DOCTYPE)
        html lang="fr" {
            head { meta charset="utf-8"; title { (fr::CONFLICT_TITLE) } style { (PreEscaped(STYLE)) } }
            body.atelier { main {
                h1 { (fr::CONFLICT_TITLE) }
                div.avis.refus data-avis="conflit" { p { (message) } }
                p { a href="/" { (fr::NAV_QUARTER) } " · " a href="/tableau" { (fr::NAV_ROSTER) } }
            } }
        }
    };
    (
        axum::http::StatusCode::CONFLICT,
        axum::response::Html(body.into_string()),
    )
        .into_response()
}
