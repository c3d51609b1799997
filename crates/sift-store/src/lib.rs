//! The sift corpus store: where ingested reports, their dossiers and the
//! corpus-level findings (syndication groups, event clusters) are kept, and
//! the queries that read them back.
//!
//! The dossier JSON is the source of truth: every other table holds only the
//! columns that queries filter or sort on, so a stored dossier can always be
//! re-indexed and exports never recompute. SQLite (bundled, WAL mode) is the
//! embedded default; [`Store`] is the seam where a server database plugs in.
//!
//! Key types:
//! - [`Store`]: what the ingest writer and the queries need from a backend.
//! - [`SqliteStore`]: the SQLite backend, with FTS5 over headlines and text
//!   and a migrations table (`schema_migrations`).
//! - [`WriteBatch`]: one transaction's worth of rows. A batch is written
//!   whole or not at all, which is what makes an interrupted ingest safe to
//!   re-run.
//! - [`Filter`] and [`PageRequest`]: the filters of `sift query`, shared by
//!   every listing; every listing returns its [`Paged::total`].
//!
//! **Boundary:** this crate stores and reads rows. It does no analysis and
//! decides nothing about syndication or clusters: the caller assigns groups
//! and clusters and hands over the rows.
#![deny(missing_docs)]

mod error;
mod filter;
mod rows;
mod schema;
mod sqlite;

pub use error::{Error, Result};
pub use filter::{Filter, PageRequest, Paged, fts_phrase_query, parse_near};
pub use rows::{
    ActorRow, ClaimRow, ClusterRow, CorpusEvent, DayCount, DocumentRow, DocumentSummary, DyadDay,
    DyadLevel, DyadQuery, EventRow, ExportContext, NextKeys, PlaceCount, PlaceRow, WriteBatch,
};
pub use schema::SCHEMA_VERSION;
pub use sqlite::SqliteStore;

/// What sift needs from a corpus database.
///
/// Keys (`key` columns) are assigned by the caller, in insertion order, so
/// that syndication groups and clusters can refer to documents and events
/// before they are written; [`Store::next_keys`] says where to continue.
pub trait Store {
    /// The schema version the database is at.
    fn schema_version(&self) -> Result<u32>;
    /// The first unused document and event keys.
    fn next_keys(&self) -> Result<NextKeys>;
    /// Every stored document id, for skipping what is already stored.
    fn document_ids(&self) -> Result<std::collections::HashSet<String>>;
    /// Writes a batch in one transaction: all of it or none of it.
    fn write_batch(&mut self, batch: &WriteBatch) -> Result<()>;
    /// Every stored event with the corpus fields that clustering needs, in
    /// key order, for rebuilding in-memory indexes when an ingest resumes.
    fn for_each_corpus_event(&self, visit: &mut dyn FnMut(CorpusEvent)) -> Result<()>;
    /// Every stored document's key, publication date and MinHash signature,
    /// in key order, for rebuilding the syndication index.
    #[allow(clippy::type_complexity)]
    fn for_each_signature(
        &self,
        visit: &mut dyn FnMut(i64, Option<chrono::NaiveDate>, i64, &[u8]),
    ) -> Result<()>;

    /// Documents matching the filter.
    fn documents(&self, filter: &Filter, page: PageRequest) -> Result<Paged<DocumentSummary>>;
    /// One stored dossier, as JSON, by document id.
    fn dossier(&self, id: &str) -> Result<Option<String>>;
    /// Events matching the filter.
    fn events(&self, filter: &Filter, page: PageRequest) -> Result<Paged<EventRow>>;
    /// Claims matching the filter.
    fn claims(&self, filter: &Filter, page: PageRequest) -> Result<Paged<ClaimRow>>;
    /// Clusters matching the filter.
    fn clusters(&self, filter: &Filter, page: PageRequest) -> Result<Paged<ClusterRow>>;
    /// One cluster by id.
    fn cluster(&self, id: i64) -> Result<Option<ClusterRow>>;
    /// The events of one cluster, in key order.
    fn cluster_events(&self, id: i64) -> Result<Vec<EventRow>>;
    /// Daily series per ordered actor pair.
    fn dyads(&self, query: &DyadQuery) -> Result<Vec<DyadDay>>;
    /// Events matching the filter with what an export needs beside the row
    /// (dossier JSON, ingest time, cluster counts), in event key order
    /// within document key order. Stops at the first error `visit` returns.
    fn for_each_event_for_export(
        &self,
        filter: &Filter,
        visit: &mut dyn FnMut(&EventRow, &ExportContext<'_>) -> Result<()>,
    ) -> Result<()>;
    /// Events matching the filter counted per day (the event's first day),
    /// in day order; events without a day are left out.
    fn event_days(&self, filter: &Filter) -> Result<Vec<DayCount>>;
    /// Events matching the filter that have a place, counted per place,
    /// most events first, one page of places; `total` counts the places.
    fn event_places(&self, filter: &Filter, page: PageRequest) -> Result<Paged<PlaceCount>>;
}
