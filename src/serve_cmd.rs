//! `sift serve`: the REST API and web UI over a corpus database
//! (`sift-server`), and, with `--write-token`, the ingest writer behind
//! `POST /api/ingest`.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use rayon::prelude::*;
use sift_core::{Doc, Dossier, DossierOptions, NewDoc, Pipeline};
use sift_server::{Ingest, IngestReport, Limits, RejectedRecord, ServerConfig, WriteAccess};
use sift_store::{NextKeys, SqliteStore, Store};

use crate::Outcome;
use crate::analyze::build_pipeline;
use crate::corpus::{Analyzed, CorpusState};

#[derive(Args)]
pub struct ServeArgs {
    /// The SQLite database (made by `sift ingest`); opened read-only unless
    /// --write-token is given.
    #[arg(long, default_value = "sift.db")]
    pub db: PathBuf,
    /// Address to listen on. Keep it on loopback unless a proxy in front
    /// adds TLS; port 0 picks a free port (the log says which).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Enables POST /api/ingest for requests carrying
    /// `Authorization: Bearer TOKEN` (at least 16 characters). Prefer the
    /// environment variable: a command line is visible to other users.
    #[arg(long, env = "SIFT_WRITE_TOKEN", hide_env_values = true)]
    pub write_token: Option<String>,
    /// Seconds a request may take before it is answered 408.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
}

/// Everything `sift serve` needs.
pub struct ServeConfig {
    pub server: ServerConfig,
    pub write_token: Option<String>,
}

impl ServeArgs {
    pub fn resolve(&self) -> anyhow::Result<ServeConfig> {
        if self.timeout == 0 {
            anyhow::bail!("--timeout must be at least 1 second");
        }
        if !self.db.exists() {
            anyhow::bail!(
                "{} does not exist; create it with `sift ingest FILE --db {}`",
                self.db.display(),
                self.db.display()
            );
        }
        Ok(ServeConfig {
            server: ServerConfig {
                db: self.db.clone(),
                addr: self.addr,
                limits: Limits {
                    request_timeout: Duration::from_secs(self.timeout),
                    ..Limits::default()
                },
            },
            write_token: self.write_token.clone(),
        })
    }
}

pub fn run(config: &ServeConfig) -> anyhow::Result<Outcome> {
    sift_server::init_logging();
    let pipeline = Arc::new(build_pipeline()?);
    let write = match &config.write_token {
        Some(token) => {
            let writer = StoreWriter::open(&config.server.db, Arc::clone(&pipeline))?;
            Some(WriteAccess::new(token, Arc::new(writer))?)
        }
        None => None,
    };
    sift_server::run(&config.server, pipeline, write)?;
    Ok(Outcome::Clean)
}

/// The server's ingest writer: the same analysis and the same
/// `CorpusState` → `WriteBatch` path as `sift ingest`, one batch per
/// request, one request at a time.
struct StoreWriter {
    pipeline: Arc<Pipeline>,
    state: Mutex<WriterState>,
}

struct WriterState {
    store: SqliteStore,
    corpus: CorpusState,
    known: HashSet<String>,
    /// The store's next keys after this writer's last batch: when they
    /// differ, another writer (`sift ingest`) has added rows, and the
    /// in-memory corpus state is rebuilt before writing.
    next_keys: NextKeys,
}

impl StoreWriter {
    fn open(db: &std::path::Path, pipeline: Arc<Pipeline>) -> anyhow::Result<StoreWriter> {
        let store = SqliteStore::open(db)?;
        let corpus = CorpusState::restore(&store)?;
        let known = store.document_ids()?;
        let next_keys = store.next_keys()?;
        Ok(StoreWriter {
            pipeline,
            state: Mutex::new(WriterState {
                store,
                corpus,
                known,
                next_keys,
            }),
        })
    }
}

impl Ingest for StoreWriter {
    fn ingest(&self, documents: Vec<NewDoc>) -> anyhow::Result<IngestReport> {
        let analyzed: Vec<Result<Analyzed, String>> = documents
            .into_par_iter()
            .enumerate()
            .map(|(record, new_doc)| {
                let mut doc = Doc::new(new_doc).map_err(|err| err.to_string())?;
                self.pipeline.run(&mut doc);
                let dossier = Dossier::from_doc(
                    &doc,
                    DossierOptions {
                        include_text: true,
                        include_tokens: false,
                    },
                );
                Ok(Analyzed::new(
                    dossier,
                    format!("POST /api/ingest record {record}"),
                ))
            })
            .collect();

        let mut state = self
            .state
            .lock()
            .map_err(|_| anyhow::anyhow!("the ingest writer failed earlier; restart the server"))?;
        if state.store.next_keys()? != state.next_keys {
            state.corpus = CorpusState::restore(&state.store)?;
            state.known = state.store.document_ids()?;
        }
        let mut report = IngestReport::default();
        let mut batch = Vec::new();
        let mut seen = HashSet::new();
        for (record, item) in analyzed.into_iter().enumerate() {
            match item {
                Ok(item) => {
                    if state.known.contains(&item.dossier.id)
                        || !seen.insert(item.dossier.id.clone())
                    {
                        report.duplicates += 1;
                    } else {
                        batch.push(item);
                    }
                }
                Err(reason) => report.rejected.push(RejectedRecord { record, reason }),
            }
        }
        if batch.is_empty() {
            return Ok(report);
        }
        let WriterState { store, corpus, .. } = &mut *state;
        let (rows, counts) = corpus.add_batch(batch, chrono::Utc::now());
        if let Err(err) = store.write_batch(&rows) {
            // The batch is rolled back, but the corpus state has moved on:
            // rebuild it from what was committed.
            state.corpus = CorpusState::restore(&state.store)?;
            return Err(err).context("cannot write to the database");
        }
        state.known.extend(seen);
        state.next_keys = state.store.next_keys()?;
        report.added = counts.documents;
        report.events = counts.events;
        report.claims = counts.claims;
        Ok(report)
    }
}
