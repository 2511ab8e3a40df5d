//! `gardes workspace`: the coordinator's workspace (src/workspace/) on its tokio
//! runtime, until Ctrl-C or SIGTERM; prints the address to open.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::args::SolverArgs;
use super::exit::Failure;
use crate::labels::workspace as fr;

/// What `gardes workspace` was given.
pub(crate) struct Args {
    pub(crate) folder: PathBuf,
    pub(crate) instance: Option<PathBuf>,
    pub(crate) listen: std::net::SocketAddr,
    pub(crate) secret_file: Option<PathBuf>,
    pub(crate) urls: Option<String>,
    pub(crate) solver: SolverArgs,
    pub(crate) now: Option<DateTime<Utc>>,
}

/// `gardes workspace`: serves the quarter's folder until Ctrl-C or SIGTERM.
pub(crate) fn workspace(args: &Args) -> Result<(), Failure> {
    use crate::workspace::{Config, Quarter, Workspace};
    let quarter = Quarter::open(&args.folder, args.instance.as_deref()).map_err(Failure::input)?;
    let options = super::request::solve_options(&args.solver, false)?;
    let secret = match &args.secret_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| Failure::input(fr::secret_unreadable(path, &e)))?
                .trim()
                .to_owned(),
        ),
        None => None,
    };
    let now = args
        .now
        .or_else(|| std::env::var_os("SOURCE_DATE_EPOCH").map(|_| super::request::now_or_epoch()));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::rule(crate::labels::cli::server_start_failed(e)))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| Failure::input(fr::listen_failed(args.listen, &e)))?;
        let address = listener
            .local_addr()
            .map_err(|e| Failure::rule(fr::listen_failed(args.listen, &e)))?;
        let config = Config {
            quarter,
            options,
            feeds_base: args.urls.clone(),
            now,
        };
        let shared =
            std::sync::Arc::new(Workspace::new(config, address, secret).map_err(Failure::input)?);
        let termination = crate::serve::Termination::install()
            .map_err(|e| Failure::rule(crate::labels::cli::server_failure("signals", e)))?;
        println!("{}", fr::open_at(&format!("http://{address}/")));
        eprintln!("{}", fr::HOW_TO_STOP);
        crate::workspace::serve(listener, shared, async move {
            termination.wait().await;
        })
        .await
        .map_err(|e| Failure::rule(crate::labels::cli::server_failure("http", e)))
    })
}
