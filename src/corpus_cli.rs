//! Flags of the corpus commands (`ingest`, `query`, `export`) and their
//! resolution into configuration structs.

use std::path::PathBuf;

use anyhow::{Context, anyhow, bail};
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use sift_ingest::{HeadlinePolicy, ReadOptions};
use sift_store::{DyadLevel, Filter, PageRequest};

use crate::cli::InputArgs;

/// The database every corpus command uses unless told otherwise.
const DEFAULT_DB: &str = "sift.db";

#[derive(Args)]
pub struct IngestArgs {
    /// Files (txt, JSONL, CSV, HTML, RSS/Atom, WARC) or directories of them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The SQLite database; created when missing.
    #[arg(long, default_value = DEFAULT_DB)]
    pub db: PathBuf,
    /// Worker threads for analysis (default: all cores). One more thread writes.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Documents per write transaction.
    #[arg(long, default_value_t = 256)]
    pub batch: usize,
    /// Publication date (YYYY-MM-DD) for records that give none.
    #[arg(long)]
    pub date: Option<String>,
    /// No progress bar, only the summary.
    #[arg(long)]
    pub quiet: bool,
    #[command(flatten)]
    pub input_args: InputArgs,
}

/// Everything `sift ingest` needs.
pub struct IngestConfig {
    pub inputs: Vec<PathBuf>,
    pub db: PathBuf,
    pub threads: Option<usize>,
    pub batch: usize,
    pub default_date: Option<NaiveDate>,
    pub quiet: bool,
    pub read_options: ReadOptions,
}

impl IngestArgs {
    pub fn resolve(&self) -> anyhow::Result<IngestConfig> {
        if self.threads == Some(0) {
            bail!("--threads must be at least 1");
        }
        if self.batch == 0 {
            bail!("--batch must be at least 1");
        }
        Ok(IngestConfig {
            inputs: self.inputs.clone(),
            db: self.db.clone(),
            threads: self.threads,
            batch: self.batch,
            default_date: self.date.as_deref().map(parse_date).transpose()?,
            quiet: self.quiet,
            read_options: self.input_args.read_options(HeadlinePolicy::FirstLine),
        })
    }
}

fn parse_date(date: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .with_context(|| format!("{date:?} is not a date; use YYYY-MM-DD"))
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TableFormat {
    /// Aligned columns for reading.
    Table,
    /// One JSON object with `total`, `offset` and `items`.
    Json,
    /// CSV with a header row.
    Csv,
}

/// The filters every query and export takes.
#[derive(Args, Clone)]
pub struct FilterArgs {
    /// Source actor code or prefix (RUS matches RUSMIL).
    #[arg(long)]
    pub actor: Option<String>,
    /// Target actor code or prefix.
    #[arg(long)]
    pub target: Option<String>,
    /// CAMEO code or prefix (19 matches 190-196).
    #[arg(long)]
    pub code: Option<String>,
    /// PLOVER event type (ASSAULT, PROTEST, ...).
    #[arg(long)]
    pub plover: Option<String>,
    /// A place: name, GeoNames id or ISO country code (SY).
    #[arg(long)]
    pub place: Option<String>,
    /// Within KM kilometres of a point: LAT,LON,KM.
    #[arg(long, value_name = "LAT,LON,KM")]
    pub near: Option<String>,
    /// On or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// On or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
    /// Full-text query over headlines and text (SQLite FTS5 syntax).
    #[arg(long)]
    pub text: Option<String>,
    /// Claim certainty: asserted, reported, hedged, speculative, conditional,
    /// negated, denied, predicted, question.
    #[arg(long)]
    pub certainty: Option<String>,
}

const CERTAINTIES: &[&str] = &[
    "asserted",
    "reported",
    "hedged",
    "speculative",
    "conditional",
    "negated",
    "denied",
    "predicted",
    "question",
];

impl FilterArgs {
    pub fn resolve(&self) -> anyhow::Result<Filter> {
        let near = self
            .near
            .as_deref()
            .map(|near| {
                sift_store::parse_near(near)
                    .map_err(|problem| anyhow!("--near {near:?}: {problem}"))
            })
            .transpose()?;
        if let Some(certainty) = &self.certainty
            && !CERTAINTIES.contains(&certainty.to_lowercase().as_str())
        {
            bail!(
                "--certainty {certainty:?} is not one of: {}",
                CERTAINTIES.join(", ")
            );
        }
        Ok(Filter {
            actor: self.actor.clone(),
            target: self.target.clone(),
            code: self.code.clone(),
            plover: self.plover.clone(),
            place: self.place.clone(),
            near,
            since: self.since.as_deref().map(parse_date).transpose()?,
            until: self.until.as_deref().map(parse_date).transpose()?,
            text: self.text.clone(),
            certainty: self.certainty.as_ref().map(|c| c.to_lowercase()),
        })
    }
}

/// Paging and output flags of `sift query`.
#[derive(Args, Clone)]
pub struct ListArgs {
    /// The SQLite database.
    #[arg(long, default_value = DEFAULT_DB)]
    pub db: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
    /// Rows per page.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Page number, from 1.
    #[arg(long, default_value_t = 1)]
    pub page: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Subcommand)]
pub enum QueryCommand {
    /// Stored documents.
    Docs(ListArgs),
    /// Coded events.
    Events(ListArgs),
    /// Claims with their certainty and holder.
    Claims(ListArgs),
    /// Event clusters: the same event across reports.
    Clusters(ListArgs),
    /// Daily series per ordered actor pair, with escalation alerts.
    Dyads(DyadArgs),
}

#[derive(Args, Clone)]
pub struct DyadArgs {
    /// The SQLite database.
    #[arg(long, default_value = DEFAULT_DB)]
    pub db: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
    /// Source country (RUS), or country+sector (RUSMIL) with --level sector.
    #[arg(long)]
    pub source: Option<String>,
    /// Target country, or country+sector.
    #[arg(long)]
    pub target: Option<String>,
    /// Country or country+sector pairs.
    #[arg(long, value_enum, default_value = "country")]
    pub level: DyadLevelArg,
    /// On or after this day.
    #[arg(long)]
    pub since: Option<String>,
    /// On or before this day.
    #[arg(long)]
    pub until: Option<String>,
    /// Alert when a day's Goldstein sum is more than K standard deviations
    /// below the trailing 30-day mean.
    #[arg(long, default_value_t = 2.0)]
    pub k: f64,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DyadLevelArg {
    Country,
    Sector,
}

/// A resolved listing query.
pub struct ListConfig {
    pub db: PathBuf,
    pub format: TableFormat,
    pub page: PageRequest,
    pub filter: Filter,
}

/// The largest page a query returns; larger requests are refused, not cut.
pub const MAX_PAGE: usize = 10_000;

impl ListArgs {
    pub fn resolve(&self) -> anyhow::Result<ListConfig> {
        if self.limit == 0 || self.limit > MAX_PAGE {
            bail!("--limit must be 1 to {MAX_PAGE}; use --page to see more");
        }
        if self.page == 0 {
            bail!("--page counts from 1");
        }
        Ok(ListConfig {
            db: self.db.clone(),
            format: self.format,
            page: PageRequest {
                offset: (self.page - 1) * self.limit,
                limit: self.limit,
            },
            filter: self.filter.resolve()?,
        })
    }
}

/// A resolved dyad query.
pub struct DyadConfig {
    pub db: PathBuf,
    pub format: TableFormat,
    pub query: sift_store::DyadQuery,
    pub k: f64,
}

impl DyadArgs {
    pub fn resolve(&self) -> anyhow::Result<DyadConfig> {
        if self.k.is_nan() || self.k <= 0.0 {
            bail!("--k must be above 0");
        }
        Ok(DyadConfig {
            db: self.db.clone(),
            format: self.format,
            query: sift_store::DyadQuery {
                source: self.source.as_ref().map(|s| s.to_uppercase()),
                target: self.target.as_ref().map(|s| s.to_uppercase()),
                level: match self.level {
                    DyadLevelArg::Country => DyadLevel::Country,
                    DyadLevelArg::Sector => DyadLevel::Sector,
                },
                since: self.since.as_deref().map(parse_date).transpose()?,
                until: self.until.as_deref().map(parse_date).transpose()?,
            },
            k: self.k,
        })
    }
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormatArg {
    /// GDELT 2.0 Events: 61 tab-separated columns, no header.
    Gdelt,
    /// CSV with a header row, one event per row.
    Csv,
    /// One JSON object per event per line.
    Jsonl,
    /// Parquet, the CSV columns typed (needs a file).
    Parquet,
}

#[derive(Args, Clone)]
pub struct ExportArgs {
    /// The SQLite database (opened read-only).
    #[arg(long, default_value = DEFAULT_DB)]
    pub db: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormatArg,
    /// Output file; `-` writes the text formats to stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// Where an export goes.
pub enum ExportTarget {
    Stdout,
    File(PathBuf),
}

/// A resolved `sift export`.
pub struct ExportConfig {
    pub db: PathBuf,
    pub format: sift_export::ExportFormat,
    pub target: ExportTarget,
    pub filter: Filter,
}

impl ExportArgs {
    pub fn resolve(&self) -> anyhow::Result<ExportConfig> {
        use sift_export::ExportFormat;
        let format = match self.format {
            ExportFormatArg::Gdelt => ExportFormat::Gdelt,
            ExportFormatArg::Csv => ExportFormat::Csv,
            ExportFormatArg::Jsonl => ExportFormat::Jsonl,
            ExportFormatArg::Parquet => ExportFormat::Parquet,
        };
        if !format.is_available() {
            bail!(
                "--format parquet: this sift was built without Parquet support; \
                 rebuild with the cargo feature `parquet` (on by default)"
            );
        }
        let target = if self.output.as_os_str() == "-" {
            if format.is_binary() {
                bail!("--format parquet needs a file: give -o FILE, not -");
            }
            ExportTarget::Stdout
        } else {
            ExportTarget::File(self.output.clone())
        };
        Ok(ExportConfig {
            db: self.db.clone(),
            format,
            target,
            filter: self.filter.resolve()?,
        })
    }
}
