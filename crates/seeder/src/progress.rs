//! Load progress: indicatif bars with rows/s on a terminal, periodic log lines elsewhere (CI
//! logs and container output would otherwise fill with carriage-return redraws).

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use generator::{RowCounts, Table};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// The bars currently on screen, so log lines can be printed above them instead of through them.
static ACTIVE: OnceLock<MultiProgress> = OnceLock::new();

/// How often the plain-log mode reports.
const LOG_EVERY: Duration = Duration::from_secs(5);

#[derive(Debug)]
pub enum Progress {
    Bars {
        bars: HashMap<Table, ProgressBar>,
    },
    Log {
        started: Instant,
        last: Instant,
        done: RowCounts,
    },
}

impl Progress {
    /// Bars on a terminal, log lines otherwise. `known` gives the row totals known up front
    /// (tables whose size follows from the configuration alone); the others count up.
    pub fn new(known: &RowCounts, tables: &[Table]) -> Self {
        if std::io::stderr().is_terminal() {
            Self::bars(known, tables)
        } else {
            let now = Instant::now();
            Self::Log {
                started: now,
                last: now,
                done: RowCounts::default(),
            }
        }
    }

    fn bars(known: &RowCounts, tables: &[Table]) -> Self {
        let multi =
            ACTIVE.get_or_init(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        let sized = ProgressStyle::with_template(
            "{prefix:>20} [{bar:30.cyan/blue}] {human_pos:>10}/{human_len:<10} {rate:>16} {elapsed:>4}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key("rate", rate)
        .progress_chars("=> ");
        let open = ProgressStyle::with_template(
            "{prefix:>20} {spinner} {human_pos:>10} rows {rate:>16} {elapsed:>4}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
        .with_key("rate", rate);
        let mut bars = HashMap::new();
        for table in tables {
            let total = known.get(*table);
            let bar = if total > 0 {
                ProgressBar::new(total).with_style(sized.clone())
            } else {
                ProgressBar::no_length().with_style(open.clone())
            };
            let bar = multi.add(bar.with_prefix(table.name()));
            bars.insert(*table, bar);
        }
        Self::Bars { bars }
    }

    pub fn advance(&mut self, table: Table, rows: u64) {
        match self {
            Progress::Bars { bars } => {
                if let Some(bar) = bars.get(&table) {
                    bar.inc(rows);
                }
            }
            Progress::Log {
                started,
                last,
                done,
            } => {
                done.add(table, rows);
                if last.elapsed() >= LOG_EVERY {
                    *last = Instant::now();
                    let total = done.total();
                    let secs = started.elapsed().as_secs_f64().max(1e-9);
                    tracing::info!(
                        rows = total,
                        rows_per_sec = (total as f64 / secs) as u64,
                        "loading"
                    );
                }
            }
        }
    }

    pub fn finish(self) {
        if let Progress::Bars { bars } = self {
            for bar in bars.values() {
                bar.finish();
            }
        }
    }
}

/// Whole rows per second (indicatif's own `per_sec` prints a long fraction).
fn rate(state: &ProgressState, out: &mut dyn std::fmt::Write) {
    let _ = write!(
        out,
        "{} rows/s",
        crate::summary::group(state.per_sec() as u64)
    );
}

/// A `tracing` writer that prints above the progress bars when there are any.
#[derive(Debug, Default)]
pub struct StderrAboveBars {
    buffer: Vec<u8>,
}

impl Write for StderrAboveBars {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let bytes = std::mem::take(&mut self.buffer);
        match ACTIVE.get() {
            Some(multi) => multi.suspend(|| std::io::stderr().write_all(&bytes)),
            None => std::io::stderr().write_all(&bytes),
        }
    }
}

impl Drop for StderrAboveBars {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}
