//! Runs one child process and measures it: wall time, the child's own peak resident
//! memory and CPU time (`wait4`, so no other child of this process counts), its resident
//! memory over time (sampled from `/proc`), and when each line of its output arrived.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::{Duration, Instant};

/// How often the resident memory is read from `/proc/PID/status`: often at first, so
/// that a model built in a fraction of a second is seen, then every tenth of a second.
const SAMPLE_EARLY: Duration = Duration::from_millis(10);
const SAMPLE_EVERY: Duration = Duration::from_millis(100);
const EARLY: Duration = Duration::from_secs(2);

/// What one run of a child measured.
#[derive(Debug)]
pub(crate) struct Measured {
    /// Seconds from spawn to the end of `wait4`.
    pub(crate) wall: f64,
    /// The exit code, or `None` when a signal ended the child.
    pub(crate) exit_code: Option<i32>,
    /// The signal that ended the child, if one did.
    pub(crate) signal: Option<i32>,
    /// Peak resident set of the child, KiB (`ru_maxrss`).
    pub(crate) peak_rss_kib: u64,
    /// User and system CPU seconds of the child and its threads.
    pub(crate) cpu_seconds: f64,
    /// Seconds after spawn at which the first and the last output line arrived.
    pub(crate) first_line: Option<f64>,
    pub(crate) last_line: Option<f64>,
    /// The highest resident set sampled before the first output line, KiB.
    pub(crate) rss_before_first_line_kib: Option<u64>,
    /// The last lines of standard error, for a failure's note.
    pub(crate) stderr_tail: Vec<String>,
    /// Every output line, both streams in order of arrival.
    pub(crate) output: Vec<String>,
}

/// One line of output and when it arrived.
struct Line {
    at: f64,
    stderr: bool,
    text: String,
}

/// Spawns `cmd` with its output piped, waits for it with `wait4`, and writes every
/// output line, prefixed by its arrival time, to `log`.
pub(crate) fn run(mut cmd: Command, log: &Path) -> Result<Measured, String> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    let pid = child.id();
    let (tx, rx) = mpsc::channel::<Line>();
    let readers: Vec<thread::JoinHandle<()>> = [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .enumerate()
    .filter_map(|(i, stream)| stream.map(|s| (i == 1, s)))
    .map(|(stderr, stream)| {
        let tx = tx.clone();
        thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let mut buf = Vec::new();
            while matches!(reader.read_until(b'\n', &mut buf), Ok(n) if n > 0) {
                let text = String::from_utf8_lossy(&buf).trim_end().to_string();
                let at = started.elapsed().as_secs_f64();
                if tx.send(Line { at, stderr, text }).is_err() {
                    break;
                }
                buf.clear();
            }
        })
    })
    .collect();
    drop(tx);
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = {
        let stop = Arc::clone(&stop);
        thread::spawn(move || {
            let mut samples = Vec::new();
            let status = format!("/proc/{pid}/status");
            while !stop.load(Ordering::Relaxed) {
                if let Some(kib) = std::fs::read_to_string(&status)
                    .ok()
                    .and_then(|s| vm_rss_kib(&s))
                {
                    samples.push((started.elapsed().as_secs_f64(), kib));
                }
                thread::sleep(if started.elapsed() < EARLY {
                    SAMPLE_EARLY
                } else {
                    SAMPLE_EVERY
                });
            }
            samples
        })
    };
    let waited = wait4(pid);
    let wall = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    // The child is reaped: its handle must not be waited for again, and dropping it
    // neither waits nor kills.
    drop(child);
    for reader in readers {
        let _ = reader.join();
    }
    let samples = sampler.join().unwrap_or_default();
    let (status, usage) = waited?;
    let lines: Vec<Line> = rx.into_iter().collect();
    write_log(log, &lines)?;
    let first_line = lines.iter().map(|l| l.at).reduce(f64::min);
    let last_line = lines.iter().map(|l| l.at).reduce(f64::max);
    let rss_before_first_line_kib = first_line.and_then(|t| {
        samples
            .iter()
            .filter(|(at, _)| *at <= t)
            .map(|(_, kib)| *kib)
            .max()
    });
    let mut stderr_tail: Vec<String> = lines
        .iter()
        .filter(|l| l.stderr && !l.text.trim().is_empty())
        .map(|l| l.text.clone())
        .collect();
    stderr_tail.drain(..stderr_tail.len().saturating_sub(5));
    Ok(Measured {
        wall,
        exit_code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        signal: libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status)),
        // Linux reports ru_maxrss in KiB.
        peak_rss_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
        cpu_seconds: cpu_seconds(&usage),
        first_line,
        last_line,
        rss_before_first_line_kib,
        stderr_tail,
        output: lines.into_iter().map(|l| l.text).collect(),
    })
}

/// Waits for the child `pid` and returns its wait status and resource usage.
pub(crate) fn wait4(pid: u32) -> Result<(i32, libc::rusage), String> {
    let pid = libc::pid_t::try_from(pid).map_err(|_| format!("pid {pid} out of range"))?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `status` and `usage` are live, writable locals of the types wait4
        // expects; `pid` is our own child, not yet reaped (std's handle never waited).
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            return Ok((status, usage));
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("wait4({pid}): {e}"));
        }
    }
}

/// User and system CPU seconds of a resource usage.
pub(crate) fn cpu_seconds(usage: &libc::rusage) -> f64 {
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// The `VmRSS:` line of `/proc/PID/status`, in KiB.
fn vm_rss_kib(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

fn write_log(path: &Path, lines: &[Line]) -> Result<(), String> {
    let mut text = String::new();
    for l in lines {
        text += &format!(
            "[{:9.3} s]{} {}\n",
            l.at,
            if l.stderr { " !" } else { "" },
            l.text
        );
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vm_rss_is_read_from_the_status_file() {
        let status = "Name:\tgardes\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
        assert_eq!(vm_rss_kib(status), Some(102_400));
        assert_eq!(vm_rss_kib("Name:\tx\n"), None);
    }

    #[test]
    fn a_child_is_measured_and_its_output_logged() {
        let dir = std::env::temp_dir().join(format!("xtask-measure-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let log = dir.join("log.txt");
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo one; echo two >&2; exit 3"]);
        let m = run(cmd, &log).expect("sh runs");
        assert_eq!(m.exit_code, Some(3));
        assert_eq!(m.signal, None);
        assert!(m.peak_rss_kib > 0);
        assert!(m.first_line.is_some() && m.first_line <= m.last_line);
        assert_eq!(m.stderr_tail, ["two"]);
        let text = std::fs::read_to_string(&log).expect("log written");
        assert!(
            text.contains("] one\n") && text.contains("] ! two\n"),
            "{text}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
