//! The verify report, for people (one line per rule, the note's queries as small tables) and
//! for machines (`--json`, a stable shape documented in the README).

use std::io::Write;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

use super::Reference;
use super::queries::NoteQuery;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    Skip,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Skip => "skip",
        }
    }
}

/// The result of one rule.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub id: &'static str,
    pub description: String,
    pub status: Status,
    /// Offending rows (or, for count and distribution rules, offending counts).
    pub violations: i64,
    /// The first few offenders, by id.
    pub examples: Vec<String>,
    /// Counts behind a distribution rule, or why it was skipped.
    pub detail: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub reference: Reference,
    pub rules: Vec<Outcome>,
    pub queries: Vec<NoteQuery>,
}

impl Report {
    /// True when no rule failed (skipped rules do not count against the database).
    pub fn ok(&self) -> bool {
        self.rules.iter().all(|rule| rule.status != Status::Fail)
    }

    fn tally(&self, status: Status) -> usize {
        self.rules
            .iter()
            .filter(|rule| rule.status == status)
            .count()
    }

    pub fn to_json(&self) -> Value {
        let time = |at: Option<DateTime<Utc>>| {
            at.map(|at| at.to_rfc3339_opts(SecondsFormat::Micros, true))
        };
        json!({
            "ok": self.ok(),
            "reference": {
                "plans": self.reference.plans,
                "now_lo": time(self.reference.now_lo),
                "now_hi": time(self.reference.now_hi),
            },
            "rules": self.rules.iter().map(|rule| json!({
                "id": rule.id,
                "description": rule.description,
                "status": rule.status.as_str(),
                "violations": rule.violations,
                "examples": rule.examples,
                "detail": rule.detail,
            })).collect::<Vec<_>>(),
            "queries": self.queries.iter().map(|query| json!({
                "name": query.name,
                "sql": query.sql,
                "columns": query.columns,
                "rows": query.rows,
                "row_count": query.row_count,
            })).collect::<Vec<_>>(),
            "summary": {
                "pass": self.tally(Status::Pass),
                "fail": self.tally(Status::Fail),
                "skip": self.tally(Status::Skip),
            },
        })
    }
}

pub fn write_json(report: &Report, out: &mut dyn Write) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &report.to_json())?;
    writeln!(out)?;
    Ok(())
}

pub fn write_human(report: &Report, out: &mut dyn Write) -> anyhow::Result<()> {
    let reference = &report.reference;
    let time = |at: Option<DateTime<Utc>>| {
        at.map_or_else(
            || "-".to_owned(),
            |at| at.to_rfc3339_opts(SecondsFormat::Secs, true),
        )
    };
    writeln!(
        out,
        "verify: {} learning plans; reference time between {} and {}",
        reference.plans,
        time(reference.now_lo),
        time(reference.now_hi)
    )?;
    writeln!(out)?;
    let width = report
        .rules
        .iter()
        .map(|rule| rule.id.len())
        .max()
        .unwrap_or(0);
    for rule in &report.rules {
        let status = rule.status.as_str().to_uppercase();
        let mut line = format!("{status}  {:width$}  {}", rule.id, rule.description);
        match rule.status {
            Status::Fail => {
                let noun = if rule.violations == 1 {
                    "violation"
                } else {
                    "violations"
                };
                line.push_str(&format!(
                    "  ({} {noun}: {}",
                    rule.violations,
                    rule.examples.join(", ")
                ));
                if rule.violations > rule.examples.len() as i64 {
                    line.push_str(", ...");
                }
                line.push(')');
                if let Some(detail) = &rule.detail {
                    line.push_str(&format!(" [{detail}]"));
                }
            }
            Status::Pass | Status::Skip => {
                if let Some(detail) = &rule.detail {
                    line.push_str(&format!("  ({detail})"));
                }
            }
        }
        writeln!(out, "{line}")?;
    }

    for query in &report.queries {
        writeln!(out)?;
        writeln!(out, "-- {} ({} rows)", query.name, query.row_count)?;
        write_table(query, out)?;
        if query.row_count > query.rows.len() as i64 {
            writeln!(
                out,
                "({} more rows not shown)",
                query.row_count - query.rows.len() as i64
            )?;
        }
    }

    writeln!(out)?;
    writeln!(
        out,
        "{}: {} rules, {} passed, {} failed, {} skipped",
        if report.ok() { "OK" } else { "FAILED" },
        report.rules.len(),
        report.tally(Status::Pass),
        report.tally(Status::Fail),
        report.tally(Status::Skip)
    )?;
    Ok(())
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => "NULL".to_owned(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn write_table(query: &NoteQuery, out: &mut dyn Write) -> std::io::Result<()> {
    let cells: Vec<Vec<String>> = query
        .rows
        .iter()
        .map(|row| row.iter().map(cell).collect())
        .collect();
    let widths: Vec<usize> = query
        .columns
        .iter()
        .enumerate()
        .map(|(index, column)| {
            cells
                .iter()
                .map(|row| row[index].chars().count())
                .chain([column.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |values: Vec<String>| {
        values
            .iter()
            .zip(&widths)
            .map(|(value, width)| format!("{value:width$}"))
            .collect::<Vec<_>>()
            .join(" | ")
            .trim_end()
            .to_owned()
    };
    writeln!(
        out,
        "{}",
        line(query.columns.iter().map(|c| (*c).to_owned()).collect())
    )?;
    writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|width| "-".repeat(*width))
            .collect::<Vec<_>>()
            .join("-+-")
    )?;
    for row in cells {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}
