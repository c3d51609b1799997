//! Argument definitions and their resolution into plain configuration structs,
//! so that the commands never look at raw flags.

use std::path::PathBuf;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use sift_ingest::{CsvColumns, Format, HeadlinePolicy, ReadOptions};

#[derive(Parser)]
#[command(
    name = "sift",
    version,
    about = "Reads news and turns it into a verified record of political and conflict events",
    after_help = "Exit codes: 0 all good, 1 usage or fatal error, 3 some input records were rejected."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Analyze reports and print a dossier for each.
    Analyze(AnalyzeArgs),
    /// Measure sift against gold data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure throughput and peak memory of the current pipeline.
    Bench(BenchArgs),
    /// Regenerate a model's weights from the shared data.
    Train(TrainArgs),
    /// Analyze reports into a corpus database (resumable; skips what is stored).
    Ingest(crate::corpus_cli::IngestArgs),
    /// List documents, events, claims, clusters or dyads from a corpus database.
    #[command(subcommand)]
    Query(crate::corpus_cli::QueryCommand),
    /// Write the stored events as GDELT 2.0 TSV, CSV, JSON Lines or Parquet.
    Export(crate::corpus_cli::ExportArgs),
    /// Serve the REST API and the web UI over a corpus database.
    Serve(crate::serve_cmd::ServeArgs),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Model {
    /// Part-of-speech tagger and lemmatizer (UD EWT).
    Tagger,
    /// Dependency parser (UD EWT, jackknifed tags).
    Parser,
    /// Named-entity recognizer and its gazetteers (UNER EWT, GeoNames, Phoenix).
    Ner,
    /// The event coder's dictionaries: Phoenix actors, agents, discards and
    /// issues with the CAMEO.2.0 verb patterns, bundled for embedding.
    Events,
    /// Headline-body stance (FNC-1 train, split by body; prints the held-out score).
    Stance,
    /// The place gazetteer (GeoNames cities500, countries, ADM1/ADM2 and aliases).
    Gazetteer,
    /// The source-reputation list (OpenSources), written to data/sources/.
    Sources,
}

#[derive(Args)]
pub struct TrainArgs {
    /// Which model to train.
    #[arg(value_enum)]
    pub model: Model,
    /// The shared data directory.
    #[arg(long, default_value = "../shared/data")]
    pub data: PathBuf,
    /// Where to write the weights (default: data/models/<model>.bin.zst).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// NER only: silver IOB2 labels from a teacher model, made by
    /// `bench/ner_silver.py` (the committed model used one).
    #[arg(long)]
    pub silver: Option<PathBuf>,
}

/// Everything `sift train` needs.
pub struct TrainConfig {
    pub model: Model,
    pub data: PathBuf,
    pub out: Option<PathBuf>,
    pub silver: Option<PathBuf>,
}

impl TrainArgs {
    pub fn resolve(&self) -> anyhow::Result<TrainConfig> {
        if !self.data.is_dir() {
            bail!(
                "{} is not a directory; point --data at the shared data",
                self.data.display()
            );
        }
        if self.silver.is_some() && !matches!(self.model, Model::Ner) {
            bail!("--silver applies only to `sift train ner`");
        }
        Ok(TrainConfig {
            model: self.model,
            data: self.data.clone(),
            out: self.out.clone(),
            silver: self.silver.clone(),
        })
    }
}

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Tokenization and sentence boundaries: a CoNLL-U file (UD EWT), or a
    /// news gold file in sift's one-sentence-per-line format (.txt).
    Tokens {
        /// The gold file.
        file: PathBuf,
    },
    /// Part-of-speech tags and lemmas on gold tokens (CoNLL-U); UPOS last.
    Pos {
        /// A CoNLL-U file, e.g. ../shared/data/ud/en_ewt-ud-test.conllu.
        file: PathBuf,
    },
    /// Dependency parsing on gold tokens with predicted tags (CoNLL-U).
    Parse {
        /// A CoNLL-U file.
        file: PathBuf,
    },
    /// Named entities on gold tokens (UNER IOB2); PER/ORG/LOC micro F1 last.
    Ner {
        /// An IOB2 file, e.g. ../shared/data/ud/uner_en_ewt-test.iob2.
        file: PathBuf,
    },
    /// Headline-body stance on FNC-1 CSV files; the FNC score last. Pairs
    /// whose body the model was trained on are left out, so the FNC-1 train
    /// files give the held-out score.
    Stance {
        /// Bodies CSV (`Body ID,articleBody`), e.g. ../shared/data/fnc1/train_bodies.csv.
        bodies: PathBuf,
        /// Stances CSV (`Headline,Body ID,Stance`).
        stances: PathBuf,
        /// Also score pairs whose body the model was trained on (not a
        /// held-out score).
        #[arg(long)]
        include_trained_bodies: bool,
    },
    /// Event coding on a PETRARCH unit-test suite (XML); records fully correct last.
    Petrarch {
        /// The suite, e.g. ../shared/data/petrarch/suite-ud/PETR.UnitTest.records.xml.
        file: PathBuf,
        /// Whose parse to code from: the file's own (`gold`) or our pipeline
        /// over the raw text (`ours`).
        #[arg(long, value_enum, default_value = "gold")]
        parse: ParseSource,
        /// The directory with the suite's dictionaries (default: the file's directory).
        #[arg(long)]
        dictionaries: Option<PathBuf>,
    },
    /// Toponym resolution (and recognition with `--spans ours`) against
    /// LGL / TR-News XML; Acc@161 km last.
    Geo {
        /// An XML file, e.g. ../shared/data/geo-eval/lgl.xml.
        file: PathBuf,
        /// Resolve the gold toponyms, or recognize our own first.
        #[arg(long, value_enum, default_value = "gold")]
        spans: GeoSpansArg,
    },
    /// Claim certainty and attribution kind (sift's claims JSONL); per-class
    /// P/R/F1, certainty macro-F1, attribution-kind accuracy last.
    Claims {
        /// The gold file, e.g. tests/data/claims/claims.jsonl.
        file: PathBuf,
        /// Score only this split (`dev` or `test`).
        #[arg(long)]
        split: Option<String>,
        /// Also print every wrong answer.
        #[arg(long)]
        show_errors: bool,
    },
    /// Syndication groups against seeded edited copies of news bodies (an
    /// FNC-1 bodies CSV); pair precision, recall and F1 last.
    Syndication {
        /// The bodies, e.g. ../shared/data/fnc1/train_bodies.csv.
        bodies: PathBuf,
        /// Seed of the edits.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Jaccard threshold (default: the built-in one).
        #[arg(long)]
        min_jaccard: Option<f64>,
        /// Containment threshold (default: the built-in one).
        #[arg(long)]
        min_containment: Option<f64>,
    },
    /// Casualty, arrest, displacement and participant figures (sift's
    /// magnitudes JSONL); per-kind P/R/F1 of (kind, low, high), attachment
    /// accuracy last.
    Magnitudes {
        /// The gold file, e.g. tests/data/magnitudes/magnitudes.jsonl.
        file: PathBuf,
        /// Score only this split (`dev` or `test`).
        #[arg(long)]
        split: Option<String>,
        /// Also print every missed, spurious or wrongly attached figure.
        #[arg(long)]
        show_errors: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseSource {
    /// The parse stored in the file.
    Gold,
    /// Our own tagger and parser over the raw text.
    Ours,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum GeoSpansArg {
    /// The gold toponym spans: resolution alone.
    Gold,
    /// sift's own recognition, then resolution.
    Ours,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    /// A readable report with the evidence quoted.
    Text,
    /// One Dossier JSON object per document, one per line.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum InputFormat {
    Auto,
    Txt,
    Jsonl,
    Csv,
    Html,
    /// RSS or Atom.
    Feed,
    /// WARC or .warc.gz.
    Warc,
}

/// Flags shared by every command that reads reports.
#[derive(Args)]
pub struct InputArgs {
    /// Input format; `auto` decides by extension and content.
    #[arg(long, value_enum, default_value = "auto")]
    pub input_format: InputFormat,
    /// CSV column holding the article text (default: guessed from the header).
    #[arg(long)]
    pub text_column: Option<String>,
    /// CSV column holding the headline.
    #[arg(long)]
    pub headline_column: Option<String>,
    /// CSV column holding the URL.
    #[arg(long)]
    pub url_column: Option<String>,
    /// CSV column holding the publication date.
    #[arg(long)]
    pub date_column: Option<String>,
    /// CSV column holding the source.
    #[arg(long)]
    pub source_column: Option<String>,
    /// CSV column holding a record id.
    #[arg(long)]
    pub id_column: Option<String>,
}

#[derive(Args)]
pub struct AnalyzeArgs {
    /// A file (txt, JSONL, CSV, HTML), a directory of them, or `-` for stdin.
    pub input: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
    /// Indent the JSON.
    #[arg(long)]
    pub pretty: bool,
    /// The headline, when it is not the first line of a text file.
    #[arg(long, conflicts_with = "no_headline")]
    pub headline: Option<String>,
    /// The whole input is body (for bare bodies and single sentences).
    #[arg(long)]
    pub no_headline: bool,
    /// Publication date (YYYY-MM-DD), the anchor for relative dates.
    #[arg(long)]
    pub date: Option<String>,
    /// The outlet's domain or name.
    #[arg(long)]
    pub source: Option<String>,
    /// Put the analyzed text in the JSON, so that every span can index it.
    #[arg(long)]
    pub include_text: bool,
    /// Include the token layer.
    #[arg(long)]
    pub tokens: bool,
    /// Worker threads for multi-record input (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub input_args: InputArgs,
}

#[derive(Args)]
pub struct BenchArgs {
    /// A JSONL or CSV corpus, e.g. ../shared/data/fnc1/train_bodies.csv.
    #[arg(long)]
    pub corpus: PathBuf,
    /// Worker threads; 1 gives per-core figures.
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// Passes over the corpus; more passes give steadier figures.
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
    #[command(flatten)]
    pub input_args: InputArgs,
}

/// Where documents come from.
pub enum Input {
    Stdin,
    Path(PathBuf),
}

/// Everything `sift analyze` needs, resolved from its flags.
pub struct AnalyzeConfig {
    pub input: Input,
    pub read_options: ReadOptions,
    pub output: OutputFormat,
    pub pretty: bool,
    pub published: Option<NaiveDate>,
    pub source: Option<String>,
    pub dossier: sift_core::DossierOptions,
    pub threads: Option<usize>,
}

/// Everything `sift bench` needs.
pub struct BenchConfig {
    pub corpus: PathBuf,
    pub read_options: ReadOptions,
    pub threads: usize,
    pub repeat: usize,
}

impl InputArgs {
    pub fn read_options(&self, headline: HeadlinePolicy) -> ReadOptions {
        ReadOptions {
            format: match self.input_format {
                InputFormat::Auto => None,
                InputFormat::Txt => Some(Format::Txt),
                InputFormat::Jsonl => Some(Format::Jsonl),
                InputFormat::Csv => Some(Format::Csv),
                InputFormat::Html => Some(Format::Html),
                InputFormat::Feed => Some(Format::Feed),
                InputFormat::Warc => Some(Format::Warc),
            },
            headline,
            csv: CsvColumns {
                text: self.text_column.clone(),
                headline: self.headline_column.clone(),
                url: self.url_column.clone(),
                date: self.date_column.clone(),
                source: self.source_column.clone(),
                id: self.id_column.clone(),
            },
            ..ReadOptions::default()
        }
    }
}

impl AnalyzeArgs {
    pub fn resolve(&self) -> anyhow::Result<AnalyzeConfig> {
        let headline = match (&self.headline, self.no_headline) {
            (Some(given), _) => HeadlinePolicy::Given(given.clone()),
            (None, true) => HeadlinePolicy::None,
            (None, false) => HeadlinePolicy::FirstLine,
        };
        let published = self
            .date
            .as_deref()
            .map(|date| {
                NaiveDate::parse_from_str(date, "%Y-%m-%d")
                    .with_context(|| format!("--date {date:?} is not a date; use YYYY-MM-DD"))
            })
            .transpose()?;
        if self.threads == Some(0) {
            bail!("--threads must be at least 1");
        }
        let input = if self.input.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::Path(self.input.clone())
        };
        Ok(AnalyzeConfig {
            input,
            read_options: self.input_args.read_options(headline),
            output: self.format,
            pretty: self.pretty,
            published,
            source: self.source.clone(),
            dossier: sift_core::DossierOptions {
                include_text: self.include_text,
                include_tokens: self.tokens,
            },
            threads: self.threads,
        })
    }
}

impl BenchArgs {
    pub fn resolve(&self) -> anyhow::Result<BenchConfig> {
        if self.threads == 0 {
            bail!("--threads must be at least 1");
        }
        if self.repeat == 0 {
            bail!("--repeat must be at least 1");
        }
        Ok(BenchConfig {
            corpus: self.corpus.clone(),
            read_options: self.input_args.read_options(HeadlinePolicy::None),
            threads: self.threads,
            repeat: self.repeat,
        })
    }
}
