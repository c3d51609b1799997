//! `sift query`: listings from a corpus database, as a table, JSON or CSV.
//! Every listing says how many rows matched, so a page is never mistaken
//! for the whole answer.

use std::io::{self, Write};

use anyhow::Context;
use serde::Serialize;
use sift_corpus::{AlertConfig, DailyGoldstein, EscalationAlert, alerts_by_pair};
use sift_store::{ClusterRow, DocumentSummary, DyadDay, EventRow, Paged, SqliteStore, Store};

use crate::Outcome;
use crate::corpus_cli::{DyadConfig, ListConfig, QueryCommand, TableFormat};

pub fn run(command: &QueryCommand) -> anyhow::Result<Outcome> {
    match command {
        QueryCommand::Docs(args) => {
            let config = args.resolve()?;
            let store = open(&config)?;
            let page = store.documents(&config.filter, config.page)?;
            print_listing(&config, &page, doc_table)?;
        }
        QueryCommand::Events(args) => {
            let config = args.resolve()?;
            let store = open(&config)?;
            let page = store.events(&config.filter, config.page)?;
            print_listing(&config, &page, event_table)?;
        }
        QueryCommand::Claims(args) => {
            let config = args.resolve()?;
            let store = open(&config)?;
            let page = store.claims(&config.filter, config.page)?;
            print_listing(&config, &page, |c: &sift_store::ClaimRow| {
                vec![
                    c.doc_id.clone(),
                    c.certainty.clone(),
                    c.holder.clone().unwrap_or_default(),
                    c.holder_code.clone().unwrap_or_default(),
                    c.text.clone(),
                ]
            })?;
        }
        QueryCommand::Clusters(args) => {
            let config = args.resolve()?;
            let store = open(&config)?;
            let page = store.clusters(&config.filter, config.page)?;
            if config.format == TableFormat::Json {
                // The JSON contract is the stored summary itself.
                let summaries = Paged {
                    total: page.total,
                    offset: page.offset,
                    items: page.items.iter().map(|c| &c.summary).collect(),
                };
                write_json(&summaries)?;
            } else {
                print_listing(&config, &page, cluster_table)?;
            }
        }
        QueryCommand::Dyads(args) => dyads(&args.resolve()?)?,
    }
    Ok(Outcome::Clean)
}

fn open(config: &ListConfig) -> anyhow::Result<SqliteStore> {
    open_db(&config.db)
}

pub fn open_db(path: &std::path::Path) -> anyhow::Result<SqliteStore> {
    if !path.exists() {
        anyhow::bail!(
            "{} does not exist; create it with `sift ingest FILE --db {}`",
            path.display(),
            path.display()
        );
    }
    Ok(SqliteStore::open_read_only(path)?)
}

/// The column headers and cells of each listing's table and CSV forms.
trait Columns {
    const HEADERS: &'static [&'static str];
}

impl Columns for DocumentSummary {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "published",
        "source",
        "events",
        "claims",
        "group",
        "headline",
    ];
}

impl Columns for EventRow {
    const HEADERS: &'static [&'static str] = &[
        "key",
        "day",
        "source",
        "cameo",
        "target",
        "place",
        "certainty",
        "cluster",
        "trigger",
        "doc",
    ];
}

impl Columns for sift_store::ClaimRow {
    const HEADERS: &'static [&'static str] = &["doc", "certainty", "holder", "holder_code", "text"];
}

impl Columns for ClusterRow {
    const HEADERS: &'static [&'static str] = &[
        "id",
        "root",
        "source",
        "target",
        "place",
        "first",
        "last",
        "docs",
        "independent",
        "contradicting",
        "killed",
    ];
}

fn doc_table(d: &DocumentSummary) -> Vec<String> {
    vec![
        d.id.clone(),
        d.published.map(|p| p.to_string()).unwrap_or_default(),
        d.source.clone().unwrap_or_default(),
        d.n_events.to_string(),
        d.n_claims.to_string(),
        d.syndication_group.to_string(),
        d.headline.clone().unwrap_or_default(),
    ]
}

fn event_table(e: &EventRow) -> Vec<String> {
    vec![
        e.key.to_string(),
        e.first_day.map(|d| d.to_string()).unwrap_or_default(),
        e.source_code.clone().unwrap_or_default(),
        e.cameo.clone(),
        e.target_code.clone().unwrap_or_default(),
        e.place_name.clone().unwrap_or_default(),
        e.certainty.clone().unwrap_or_default(),
        e.cluster.map(|c| c.to_string()).unwrap_or_default(),
        e.trigger.clone(),
        e.doc_id.clone(),
    ]
}

fn cluster_table(c: &ClusterRow) -> Vec<String> {
    vec![
        c.id.to_string(),
        c.cameo_root.clone(),
        c.source.clone().unwrap_or_default(),
        c.target.clone().unwrap_or_default(),
        c.place_name.clone().unwrap_or_default(),
        c.first_date.map(|d| d.to_string()).unwrap_or_default(),
        c.last_date.map(|d| d.to_string()).unwrap_or_default(),
        c.n_documents.to_string(),
        c.independent_sources.to_string(),
        c.n_contradicting.to_string(),
        killed_cell(&c.summary),
    ]
}

/// "12 (12-40)": the conservative estimate of the dead and the range the
/// reports give; empty when no report gives a figure.
fn killed_cell(summary: &serde_json::Value) -> String {
    let killed = &summary["magnitudes"]["killed"];
    let (Some(low), Some(high)) = (killed["range"][0].as_u64(), killed["range"][1].as_u64()) else {
        return String::new();
    };
    let range = if low == high {
        low.to_string()
    } else {
        format!("{low}-{high}")
    };
    match killed["conservative"].as_u64() {
        Some(conservative) => format!("{conservative} ({range})"),
        None => format!("? ({range})"),
    }
}

fn print_listing<T: Serialize + Columns>(
    config: &ListConfig,
    page: &Paged<T>,
    cells: impl Fn(&T) -> Vec<String>,
) -> anyhow::Result<()> {
    match config.format {
        TableFormat::Json => write_json(page)?,
        TableFormat::Csv => {
            let mut out = csv::Writer::from_writer(io::stdout().lock());
            out.write_record(T::HEADERS)?;
            for item in &page.items {
                out.write_record(cells(item))?;
            }
            out.flush().or_else(ignore_closed_pipe)?;
        }
        TableFormat::Table => {
            let rows: Vec<Vec<String>> = page.items.iter().map(&cells).collect();
            write_table(T::HEADERS, &rows)?;
        }
    }
    report_page(config, page.total, page.items.len());
    Ok(())
}

/// On standard error, so that piped output stays clean.
fn report_page(config: &ListConfig, total: u64, shown: usize) {
    let first = config.page.offset + 1;
    let last = config.page.offset + shown;
    if shown == 0 {
        eprintln!("{total} matched; none on this page");
    } else if (last as u64) < total {
        let page = config.page.offset / config.page.limit + 1;
        eprintln!(
            "{first}-{last} of {total} matched; --page {} for more",
            page + 1
        );
    } else {
        eprintln!("{first}-{last} of {total} matched");
    }
}

fn write_json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value).context("cannot write JSON")?;
    writeln!(out).or_else(ignore_closed_pipe)?;
    Ok(())
}

/// Cells are cut to a readable width; CSV and JSON keep them whole.
const MAX_CELL: usize = 60;

fn write_table(headers: &[&str], rows: &[Vec<String>]) -> anyhow::Result<()> {
    let cut = |cell: &str| -> String {
        let one_line = cell.split_whitespace().collect::<Vec<_>>().join(" ");
        if one_line.chars().count() > MAX_CELL {
            let mut short: String = one_line.chars().take(MAX_CELL - 1).collect();
            short.push('…');
            short
        } else {
            one_line
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(c)).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut line = |cells: &mut dyn Iterator<Item = &str>| -> io::Result<()> {
        let mut text = String::new();
        for (cell, width) in cells.zip(&widths) {
            text.push_str(cell);
            text.extend(std::iter::repeat_n(
                ' ',
                width.saturating_sub(cell.chars().count()) + 2,
            ));
        }
        writeln!(out, "{}", text.trim_end())
    };
    let result = line(&mut headers.iter().copied()).and_then(|()| {
        rows.iter()
            .try_for_each(|row| line(&mut row.iter().map(String::as_str)))
    });
    result.or_else(ignore_closed_pipe)?;
    Ok(())
}

fn ignore_closed_pipe(err: io::Error) -> io::Result<()> {
    if err.kind() == io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(err)
    }
}

/// One dyad day as `sift query dyads` prints it: the store's counts plus
/// the escalation alert the day raised, if any.
#[derive(Serialize)]
struct DyadDayOut<'a> {
    #[serde(flatten)]
    day: &'a DyadDay,
    alert: Option<EscalationAlert>,
}

fn dyads(config: &DyadConfig) -> anyhow::Result<()> {
    let store = open_db(&config.db)?;
    let days = store.dyads(&config.query)?;
    let alerts = alerts_by_pair(
        days.iter().map(|d| {
            (
                d.source.as_str(),
                d.target.as_str(),
                DailyGoldstein {
                    day: d.day,
                    goldstein_sum: d.goldstein_sum,
                },
            )
        }),
        AlertConfig {
            k: config.k,
            ..AlertConfig::default()
        },
    );
    let n_alerts = alerts.iter().flatten().count();
    match config.format {
        TableFormat::Json => {
            let out: Vec<DyadDayOut> = days
                .iter()
                .zip(&alerts)
                .map(|(day, alert)| DyadDayOut { day, alert: *alert })
                .collect();
            write_json(&out)?
        }
        TableFormat::Csv | TableFormat::Table => {
            let headers = &[
                "source",
                "target",
                "day",
                "events",
                "goldstein_sum",
                "goldstein_mean",
                "q1",
                "q2",
                "q3",
                "q4",
                "alert_sigmas",
            ];
            let rows: Vec<Vec<String>> = days
                .iter()
                .zip(&alerts)
                .map(|(d, alert)| {
                    vec![
                        d.source.clone(),
                        d.target.clone(),
                        d.day.to_string(),
                        d.events.to_string(),
                        format!("{:.1}", d.goldstein_sum),
                        format!("{:.2}", d.goldstein_mean),
                        d.quad_class[0].to_string(),
                        d.quad_class[1].to_string(),
                        d.quad_class[2].to_string(),
                        d.quad_class[3].to_string(),
                        alert
                            .map(|a| format!("{:.1}", a.sigmas_below))
                            .unwrap_or_default(),
                    ]
                })
                .collect();
            if config.format == TableFormat::Csv {
                let mut out = csv::Writer::from_writer(io::stdout().lock());
                out.write_record(headers)?;
                for row in rows {
                    out.write_record(row)?;
                }
                out.flush().or_else(ignore_closed_pipe)?;
            } else {
                write_table(headers, &rows)?;
            }
        }
    }
    eprintln!(
        "{} pair-days, {n_alerts} escalation alerts (k = {})",
        days.len(),
        config.k
    );
    Ok(())
}
