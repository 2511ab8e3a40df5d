//! `gardes tokens` and `gardes serve`: the feeds' tokens, and the HTTP server on its
//! tokio runtime, with the access log and the tokens re-read on SIGHUP.

use std::path::{Path, PathBuf};

use chrono::Utc;

use super::exit::{self, Failure};
use crate::labels::cli as fr;

fn load_tokens(path: &Path) -> Result<crate::serve::Tokens, Failure> {
    Ok(crate::serve::Tokens::load(path)?)
}

/// `gardes tokens`: issue, keep, rotate and drop tokens, write the file, print the URLs.
pub(crate) fn issue_tokens(
    instance_path: &Path,
    output: &Path,
    options: &crate::serve::tokens::IssueOptions,
    base: Option<&str>,
) -> Result<(), Failure> {
    use crate::serve::tokens::{self, CoordinatorToken};
    let instance = super::load_instance(instance_path)?;
    let previous = if output.exists() {
        load_tokens(output)?
    } else {
        crate::serve::Tokens::default()
    };
    let ids: Vec<&str> = instance
        .practitioners
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    let issued = crate::serve::Tokens::issue(&previous, &ids, options)
        .map_err(|e| Failure::input(e.to_string()))?;
    issued
        .tokens
        .save(output)
        .map_err(|e| exit::unwritable(output, &e))?;
    println!(
        "{}",
        fr::tokens_written(
            output.display(),
            issued.tokens.practitioners().len(),
            issued.kept.len(),
            issued.added.len(),
            issued.rotated.len()
        )
    );
    if !issued.dropped.is_empty() {
        println!("{}", fr::tokens_dropped(&issued.dropped.join(", ")));
    }
    if !issued.rotated.is_empty() {
        println!("{}", fr::tokens_rotated(&issued.rotated.join(", ")));
    }
    let base = base.map(|b| b.trim_end_matches('/'));
    let url = |token: &str| format!("{}{}", base.unwrap_or(""), tokens::url_path(token));
    println!("{}", fr::ADDRESSES);
    for p in &instance.practitioners {
        if let Some(token) = issued.tokens.practitioners().get(p.id.as_str()) {
            println!("{}\t{}\t{}", p.id.as_str(), p.name, url(token));
        }
    }
    if let Some(token) = issued.tokens.coordinator() {
        let note = match issued.coordinator {
            CoordinatorToken::Added => fr::COORDINATOR_ADDED,
            CoordinatorToken::Rotated => fr::COORDINATOR_ROTATED,
            CoordinatorToken::Kept | CoordinatorToken::None => "",
        };
        println!("{}", fr::coordinator_line(note, url(token)));
    }
    if base.is_none() {
        println!("{}", fr::PATHS_ONLY);
    }
    Ok(())
}

/// `gardes serve`: the feeds over HTTP until Ctrl-C or SIGTERM; SIGHUP re-reads the
/// tokens file.
pub(crate) fn serve_feeds(
    out_dir: PathBuf,
    tokens_path: &Path,
    listen: std::net::SocketAddr,
    max_age: u32,
    grace: std::time::Duration,
    quiet: bool,
) -> Result<(), Failure> {
    use crate::serve::{self, Feeds, Stopped, Termination};
    use std::sync::Arc;
    let tokens = load_tokens(tokens_path)?;
    if crate::serve::tokens::readable_by_others(tokens_path) {
        eprintln!("{}", fr::tokens_readable(tokens_path.display()));
    }
    if !out_dir.join("ics").is_dir() {
        eprintln!("{}", fr::no_feeds_yet(out_dir.join("ics").display()));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::rule(fr::server_start_failed(e)))?;
    runtime.block_on(async move {
        let fail = |what: &str, e: std::io::Error| Failure::rule(fr::server_failure(what, e));
        let termination = Termination::install().map_err(|e| fail(fr::SIGNALS_UNAVAILABLE, e))?;
        #[cfg(unix)]
        let mut hangup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
            .map_err(|e| fail(fr::SIGHUP_UNAVAILABLE, e))?;
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| Failure::input(fr::listen_failed(listen, e)))?;
        let address = listener
            .local_addr()
            .map_err(|e| fail(fr::UNKNOWN_ADDRESS, e))?;
        let count = tokens.len();
        let mut feeds = Feeds::new(out_dir, tokens).with_max_age(max_age);
        if !quiet {
            feeds = feeds.with_access_log(|access| {
                eprintln!(
                    "{} {access}",
                    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                );
            });
        }
        let feeds = Arc::new(feeds);
        println!("{}", fr::listening(address));
        eprintln!(
            "{}",
            fr::serving(
                count,
                feeds.out_dir().join("ics").display(),
                tokens_path.display()
            )
        );
        if !address.ip().is_loopback() {
            eprintln!("{}", fr::PLAIN_HTTP);
        }
        #[cfg(unix)]
        {
            let feeds = Arc::clone(&feeds);
            let path = tokens_path.to_owned();
            tokio::spawn(async move {
                while hangup.recv().await.is_some() {
                    match serve::Tokens::load(&path) {
                        Ok(tokens) => {
                            let n = tokens.len();
                            feeds.replace_tokens(tokens);
                            eprintln!("{}", fr::reloaded(path.display(), n));
                        }
                        Err(e) => {
                            let detail = match &e {
                                serve::TokensError::Invalid(d) => d.to_string(),
                                other => other.to_string(),
                            };
                            eprintln!("{}", fr::reload_failed(path.display(), detail));
                        }
                    }
                }
            });
        }
        let stopped = serve::serve(
            listener,
            feeds,
            async move {
                let signal = match termination.wait().await {
                    serve::StopSignal::Interrupt => "Ctrl-C",
                    serve::StopSignal::Terminate => "SIGTERM",
                };
                eprintln!("{}", fr::stop_requested(signal));
            },
            grace,
        )
        .await
        .map_err(|e| fail(fr::SERVER_ERROR, e))?;
        match stopped {
            Stopped::Drained => eprintln!("{}", fr::STOPPED_CLEAN),
            Stopped::GraceExpired => eprintln!("{}", fr::grace_expired(grace.as_secs())),
        }
        Ok(())
    })
}
