//! The SQLite backend.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, Row, params, params_from_iter};

use crate::filter::{Conditions, bounding_box, day, haversine_km, prefix_pattern, text};
use crate::{
    ClaimRow, ClusterRow, CorpusEvent, DayCount, DocumentSummary, DyadDay, DyadLevel, DyadQuery,
    Error, EventRow, ExportContext, Filter, NextKeys, PageRequest, Paged, PlaceCount, Result,
    Store, WriteBatch, schema,
};

/// A corpus in one SQLite file, in WAL mode.
///
/// WAL with `synchronous = NORMAL` keeps every committed batch through a
/// killed process (not through a power cut, which needs `FULL`), and lets
/// readers (`sift query`, the server) run while an ingest writes.
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens or creates the database and brings its schema up to date.
    ///
    /// # Errors
    /// When the file cannot be opened or created, is not a SQLite database,
    /// or was written by a newer sift.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let open_error = |source| Error::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(open_error)?;
        SqliteStore::init(conn).map_err(|err| match err {
            Error::Sql(source) => open_error(source),
            other => other,
        })
    }

    /// Opens an existing database for reading only; it is never migrated.
    ///
    /// # Errors
    /// When the file does not exist or is not a sift database.
    pub fn open_read_only(path: &Path) -> Result<SqliteStore> {
        let open_error = |source| Error::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open_error)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_error)?;
        register_functions(&conn).map_err(open_error)?;
        let store = SqliteStore { conn };
        let found = schema::version(&store.conn).map_err(|err| match err {
            Error::Sql(source) => open_error(source),
            other => other,
        })?;
        if found > schema::SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                found,
                known: schema::SCHEMA_VERSION,
            });
        }
        Ok(store)
    }

    /// A database in memory, for tests.
    ///
    /// # Errors
    /// Only if SQLite itself fails.
    pub fn in_memory() -> Result<SqliteStore> {
        SqliteStore::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<SqliteStore> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        register_functions(&conn)?;
        schema::migrate(&mut conn)?;
        Ok(SqliteStore { conn })
    }

    /// The connection, for checks that no trait method covers.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn count(&self, sql: &str, params: &[Value]) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row(sql, params_from_iter(params), |row| row.get(0))
            .map_err(|err| text_query_error(err, None))?;
        Ok(n as u64)
    }

    fn page<T>(
        &self,
        listing: Listing<'_>,
        conditions: &Conditions,
        page: PageRequest,
        filter: &Filter,
        map: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Paged<T>> {
        let Listing {
            select,
            from_where,
            count_from_where,
            order,
        } = listing;
        let count_from = count_from_where.as_deref().unwrap_or(&from_where);
        let total = self
            .count(&format!("SELECT count(*) {count_from}"), &conditions.params)
            .map_err(|err| with_query(err, filter))?;
        let sql = format!("{select} {from_where} ORDER BY {order} LIMIT ? OFFSET ?");
        let mut params = conditions.params.clone();
        params.push(Value::Integer(page.limit as i64));
        params.push(Value::Integer(page.offset as i64));
        let mut stmt = self.conn.prepare(&sql)?;
        let items = stmt
            .query_map(params_from_iter(&params), map)?
            .collect::<rusqlite::Result<Vec<T>>>()?;
        Ok(Paged {
            total,
            offset: page.offset,
            items,
        })
    }
}

/// The parts of a listing's SQL: the columns, the FROM and WHERE clauses,
/// and the order.
struct Listing<'a> {
    select: &'a str,
    from_where: String,
    /// A cheaper FROM and WHERE that count the same rows, when the page's
    /// joins only add columns (every event has its document).
    count_from_where: Option<String>,
    order: &'a str,
}

fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "distance_km",
        4,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let lat1: Option<f64> = ctx.get(0)?;
            let lon1: Option<f64> = ctx.get(1)?;
            let lat2: f64 = ctx.get(2)?;
            let lon2: f64 = ctx.get(3)?;
            Ok(match (lat1, lon1) {
                (Some(lat1), Some(lon1)) => Some(haversine_km(lat1, lon1, lat2, lon2)),
                _ => None,
            })
        },
    )
}

/// FTS5 syntax errors surface from SQLite as generic errors; they are the
/// user's query at fault, so they get a message that says so.
fn text_query_error(err: rusqlite::Error, query: Option<&str>) -> Error {
    let message = err.to_string();
    if message.contains("fts5") || message.contains("MATCH") {
        Error::BadTextQuery {
            query: query.unwrap_or_default().to_string(),
            message,
        }
    } else {
        Error::Sql(err)
    }
}

fn with_query(err: Error, filter: &Filter) -> Error {
    match err {
        Error::BadTextQuery { message, .. } => Error::BadTextQuery {
            query: filter.text.clone().unwrap_or_default(),
            message,
        },
        other => other,
    }
}

fn parse_day(value: Option<String>) -> Option<NaiveDate> {
    value.and_then(|v| NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok())
}

fn opt_day(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%Y-%m-%d").to_string())
}

const EVENT_COLUMNS: &str = "e.key, e.doc_key, d.id, e.idx, e.trigger_text, e.source_code, \
     e.source_text, e.source_country, e.source_sector, e.target_code, e.target_text, \
     e.target_country, e.target_sector, e.cameo, e.cameo_label, e.goldstein, e.quad_class, \
     e.plover_type, e.first_day, e.last_day, e.place_name, e.geonameid, e.lat, e.lon, \
     e.country_code, e.place_feature, e.certainty, e.holder, e.claim_idx, e.figures, e.negated, e.nominal, \
     e.cluster";

/// Columns in [`EVENT_COLUMNS`]: where the columns a query adds after them
/// start.
const N_EVENT_COLUMNS: usize = 33;

fn event_row(row: &Row<'_>) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        key: row.get(0)?,
        doc_key: row.get(1)?,
        doc_id: row.get(2)?,
        index: row.get(3)?,
        trigger: row.get(4)?,
        source_code: row.get(5)?,
        source_text: row.get(6)?,
        source_country: row.get(7)?,
        source_sector: row.get(8)?,
        target_code: row.get(9)?,
        target_text: row.get(10)?,
        target_country: row.get(11)?,
        target_sector: row.get(12)?,
        cameo: row.get(13)?,
        cameo_label: row.get(14)?,
        goldstein: row.get(15)?,
        quad_class: row.get(16)?,
        plover_type: row.get(17)?,
        first_day: parse_day(row.get(18)?),
        last_day: parse_day(row.get(19)?),
        place_name: row.get(20)?,
        geonameid: row.get(21)?,
        lat: row.get(22)?,
        lon: row.get(23)?,
        country_code: row.get(24)?,
        place_feature: row.get(25)?,
        certainty: row.get(26)?,
        holder: row.get(27)?,
        claim: row.get(28)?,
        figures: row.get(29)?,
        negated: row.get(30)?,
        nominal: row.get(31)?,
        cluster: row.get(32)?,
    })
}

const CLUSTER_COLUMNS: &str = "c.id, c.cameo_root, c.plover_type, c.source, c.target, \
     c.place_name, c.geonameid, c.lat, c.lon, c.first_date, c.last_date, c.n_documents, \
     c.independent_sources, c.n_contradicting, c.summary";

fn cluster_row(row: &Row<'_>) -> rusqlite::Result<ClusterRow> {
    let summary: String = row.get(14)?;
    Ok(ClusterRow {
        id: row.get(0)?,
        cameo_root: row.get(1)?,
        plover_type: row.get(2)?,
        source: row.get(3)?,
        target: row.get(4)?,
        place_name: row.get(5)?,
        geonameid: row.get(6)?,
        lat: row.get(7)?,
        lon: row.get(8)?,
        first_date: parse_day(row.get(9)?),
        last_date: parse_day(row.get(10)?),
        n_documents: row.get(11)?,
        independent_sources: row.get(12)?,
        n_contradicting: row.get(13)?,
        summary: serde_json::from_str(&summary).map_err(|err| {
            rusqlite::Error::FromSqlConversionFailure(14, rusqlite::types::Type::Text, err.into())
        })?,
    })
}

/// Conditions on the document a row belongs to (`doc_column` names its key).
fn document_conditions(conditions: &mut Conditions, filter: &Filter, doc_column: &str) {
    if let Some(query) = &filter.text {
        conditions.push(
            format!(
                "{doc_column} IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
            ),
            [Value::Text(query.clone())],
        );
    }
}

/// Conditions on events (table alias `e`).
fn event_conditions(filter: &Filter) -> Conditions {
    let mut c = Conditions::default();
    if let Some(actor) = &filter.actor {
        c.push("e.source_code LIKE ? ESCAPE '\\'", [prefix_pattern(actor)]);
    }
    if let Some(target) = &filter.target {
        c.push("e.target_code LIKE ? ESCAPE '\\'", [prefix_pattern(target)]);
    }
    if let Some(code) = &filter.code {
        c.push("e.cameo LIKE ? ESCAPE '\\'", [prefix_pattern(code)]);
    }
    if let Some(plover) = &filter.plover {
        c.push("e.plover_type = ? COLLATE NOCASE", [text(plover)]);
    }
    if let Some(place) = &filter.place {
        place_condition(
            &mut c,
            place,
            "e.place_name",
            "e.geonameid",
            "e.country_code",
        );
    }
    if let Some((lat, lon, km)) = filter.near {
        near_condition(&mut c, lat, lon, km, "e.lat", "e.lon");
    }
    if let Some(since) = filter.since {
        c.push("coalesce(e.last_day, e.first_day) >= ?", [day(since)]);
    }
    if let Some(until) = filter.until {
        c.push("e.first_day <= ?", [day(until)]);
    }
    if let Some(certainty) = &filter.certainty {
        c.push("e.certainty = ? COLLATE NOCASE", [text(certainty)]);
    }
    document_conditions(&mut c, filter, "e.doc_key");
    c
}

fn place_condition(c: &mut Conditions, place: &str, name: &str, id: &str, country: &str) {
    let place = place.trim();
    if let Ok(geonameid) = place.parse::<i64>() {
        c.push(format!("{id} = ?"), [Value::Integer(geonameid)]);
    } else if place.len() == 2 && place.chars().all(|ch| ch.is_ascii_uppercase()) {
        c.push(format!("{country} = ?"), [text(place)]);
    } else {
        c.push(format!("{name} = ? COLLATE NOCASE"), [text(place)]);
    }
}

fn near_condition(c: &mut Conditions, lat: f64, lon: f64, km: f64, lat_col: &str, lon_col: &str) {
    let (lat_min, lat_max, lon_min, lon_max) = bounding_box(lat, lon, km);
    c.push(
        format!(
            "{lat_col} BETWEEN ? AND ? AND {lon_col} BETWEEN ? AND ? \
             AND distance_km({lat_col}, {lon_col}, ?, ?) <= ?"
        ),
        [
            Value::Real(lat_min),
            Value::Real(lat_max),
            Value::Real(lon_min),
            Value::Real(lon_max),
            Value::Real(lat),
            Value::Real(lon),
            Value::Real(km),
        ],
    );
}

impl Store for SqliteStore {
    fn schema_version(&self) -> Result<u32> {
        schema::version(&self.conn)
    }

    fn next_keys(&self) -> Result<NextKeys> {
        let (document, event, cluster) = self.conn.query_row(
            "SELECT (SELECT coalesce(max(key), 0) + 1 FROM documents),
                    (SELECT coalesce(max(key), 0) + 1 FROM events),
                    (SELECT coalesce(max(id), 0) + 1 FROM clusters)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )?;
        Ok(NextKeys {
            document,
            event,
            cluster,
        })
    }

    fn document_ids(&self) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare("SELECT id FROM documents")?;
        let ids = stmt
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<HashSet<String>>>()?;
        Ok(ids)
    }

    fn write_batch(&mut self, batch: &WriteBatch) -> Result<()> {
        let mut events_per_doc: std::collections::HashMap<i64, usize> = Default::default();
        for event in &batch.events {
            *events_per_doc.entry(event.doc_key).or_default() += 1;
        }
        let mut claims_per_doc: std::collections::HashMap<i64, usize> = Default::default();
        for claim in &batch.claims {
            *claims_per_doc.entry(claim.doc_key).or_default() += 1;
        }
        let tx = self.conn.transaction()?;
        {
            let mut insert_doc = tx.prepare_cached(
                "INSERT INTO documents (key, id, url, source, published, headline, language,
                    origin, ingested_at, syndication_group, copy_of, copy_similarity, signature,
                    n_events, n_claims, dossier)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?;
            let mut insert_fts = tx.prepare_cached(
                "INSERT INTO documents_fts (rowid, headline, body) VALUES (?1, ?2, ?3)",
            )?;
            for doc in &batch.documents {
                let n_events = events_per_doc.get(&doc.key).copied().unwrap_or(0);
                let n_claims = claims_per_doc.get(&doc.key).copied().unwrap_or(0);
                insert_doc.execute(params![
                    doc.key,
                    doc.id,
                    doc.url,
                    doc.source,
                    opt_day(doc.published),
                    doc.headline,
                    doc.language,
                    doc.origin,
                    doc.ingested_at.to_rfc3339(),
                    doc.syndication_group,
                    doc.copy_of,
                    doc.copy_similarity,
                    doc.signature,
                    n_events as i64,
                    n_claims as i64,
                    doc.dossier_json,
                ])?;
                insert_fts.execute(params![
                    doc.key,
                    doc.headline.as_deref().unwrap_or(""),
                    doc.text
                ])?;
            }
            let mut insert_event = tx.prepare_cached(
                "INSERT INTO events (key, doc_key, idx, trigger_text, source_code, source_text,
                    source_country, source_sector, target_code, target_text, target_country,
                    target_sector, cameo, cameo_label, goldstein, quad_class, plover_type,
                    first_day, last_day, place_name, geonameid, lat, lon, country_code,
                    place_feature, certainty, holder, claim_idx, figures, negated, nominal,
                    cluster)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                    ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31,
                    ?32)",
            )?;
            for e in &batch.events {
                insert_event.execute(params![
                    e.key,
                    e.doc_key,
                    e.index,
                    e.trigger,
                    e.source_code,
                    e.source_text,
                    e.source_country,
                    e.source_sector,
                    e.target_code,
                    e.target_text,
                    e.target_country,
                    e.target_sector,
                    e.cameo,
                    e.cameo_label,
                    e.goldstein,
                    e.quad_class,
                    e.plover_type,
                    opt_day(e.first_day),
                    opt_day(e.last_day),
                    e.place_name,
                    e.geonameid,
                    e.lat,
                    e.lon,
                    e.country_code,
                    e.place_feature,
                    e.certainty,
                    e.holder,
                    e.claim,
                    e.figures,
                    e.negated,
                    e.nominal,
                    e.cluster,
                ])?;
            }
            let mut insert_claim = tx.prepare_cached(
                "INSERT INTO claims (doc_key, idx, certainty, holder_kind, holder, holder_code, text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for c in &batch.claims {
                insert_claim.execute(params![
                    c.doc_key,
                    c.index,
                    c.certainty,
                    c.holder_kind,
                    c.holder,
                    c.holder_code,
                    c.text
                ])?;
            }
            let mut insert_place = tx.prepare_cached(
                "INSERT INTO places (doc_key, idx, text, name, geonameid, lat, lon, country_code)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for p in &batch.places {
                insert_place.execute(params![
                    p.doc_key,
                    p.index,
                    p.text,
                    p.name,
                    p.geonameid,
                    p.lat,
                    p.lon,
                    p.country_code
                ])?;
            }
            let mut insert_actor = tx.prepare_cached(
                "INSERT INTO actors (doc_key, idx, text, code) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for a in &batch.actors {
                insert_actor.execute(params![a.doc_key, a.index, a.text, a.code])?;
            }
            let mut move_event =
                tx.prepare_cached("UPDATE events SET cluster = ?2 WHERE key = ?1")?;
            for (event, cluster) in &batch.reclustered {
                move_event.execute(params![event, cluster])?;
            }
            let mut upsert_cluster = tx.prepare_cached(
                "INSERT OR REPLACE INTO clusters (id, cameo_root, plover_type, source, target,
                    place_name, geonameid, lat, lon, first_date, last_date, n_documents,
                    independent_sources, n_contradicting, summary)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?;
            for c in &batch.clusters {
                upsert_cluster.execute(params![
                    c.id,
                    c.cameo_root,
                    c.plover_type,
                    c.source,
                    c.target,
                    c.place_name,
                    c.geonameid,
                    c.lat,
                    c.lon,
                    opt_day(c.first_date),
                    opt_day(c.last_date),
                    c.n_documents,
                    c.independent_sources,
                    c.n_contradicting,
                    c.summary.to_string(),
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn for_each_corpus_event(&self, visit: &mut dyn FnMut(CorpusEvent)) -> Result<()> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS}, d.syndication_group, d.source, d.published
             FROM events e JOIN documents d ON d.key = e.doc_key ORDER BY e.key"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            visit(CorpusEvent {
                event: event_row(row)?,
                syndication_group: row.get(N_EVENT_COLUMNS)?,
                source_domain: row.get(N_EVENT_COLUMNS + 1)?,
                published: parse_day(row.get(N_EVENT_COLUMNS + 2)?),
            });
        }
        Ok(())
    }

    fn for_each_signature(
        &self,
        visit: &mut dyn FnMut(i64, Option<NaiveDate>, i64, &[u8]),
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT key, published, syndication_group, signature FROM documents ORDER BY key",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let signature: Vec<u8> = row.get(3)?;
            visit(row.get(0)?, parse_day(row.get(1)?), row.get(2)?, &signature);
        }
        Ok(())
    }

    /// Documents filter on: `text`, `since`/`until` (publication date),
    /// `actor`/`target` (an event with that source or target), `code` and
    /// `plover` (an event of that kind), `place`/`near` (a place mentioned),
    /// `certainty` (a claim with that certainty).
    fn documents(&self, filter: &Filter, page: PageRequest) -> Result<Paged<DocumentSummary>> {
        let mut c = Conditions::default();
        document_conditions(&mut c, filter, "d.key");
        if let Some(since) = filter.since {
            c.push("d.published >= ?", [day(since)]);
        }
        if let Some(until) = filter.until {
            c.push("d.published <= ?", [day(until)]);
        }
        let event_filter = Filter {
            actor: filter.actor.clone(),
            target: filter.target.clone(),
            code: filter.code.clone(),
            plover: filter.plover.clone(),
            ..Filter::default()
        };
        let events = event_conditions(&event_filter);
        if !events.params.is_empty() {
            c.push(
                format!("d.key IN (SELECT e.doc_key FROM events e{})", events.sql()),
                events.params.clone(),
            );
        }
        if filter.place.is_some() || filter.near.is_some() {
            let mut places = Conditions::default();
            if let Some(place) = &filter.place {
                place_condition(
                    &mut places,
                    place,
                    "p.name",
                    "p.geonameid",
                    "p.country_code",
                );
            }
            if let Some((lat, lon, km)) = filter.near {
                near_condition(&mut places, lat, lon, km, "p.lat", "p.lon");
            }
            c.push(
                format!("d.key IN (SELECT p.doc_key FROM places p{})", places.sql()),
                places.params,
            );
        }
        if let Some(certainty) = &filter.certainty {
            c.push(
                "d.key IN (SELECT doc_key FROM claims WHERE certainty = ? COLLATE NOCASE)",
                [text(certainty)],
            );
        }
        self.page(
            Listing {
                select: "SELECT d.key, d.id, d.url, d.source, d.published, d.headline, d.origin, \
             d.syndication_group, d.copy_of, d.n_events, d.n_claims",
                from_where: format!("FROM documents d{}", c.sql()),
                count_from_where: None,
                order: "d.key",
            },
            &c,
            page,
            filter,
            |row| {
                Ok(DocumentSummary {
                    key: row.get(0)?,
                    id: row.get(1)?,
                    url: row.get(2)?,
                    source: row.get(3)?,
                    published: parse_day(row.get(4)?),
                    headline: row.get(5)?,
                    origin: row.get(6)?,
                    syndication_group: row.get(7)?,
                    copy_of: row.get(8)?,
                    n_events: row.get(9)?,
                    n_claims: row.get(10)?,
                })
            },
        )
    }

    fn dossier(&self, id: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT dossier FROM documents WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Events filter on every field; `since`/`until` on the event's date
    /// (else its document's publication date).
    fn events(&self, filter: &Filter, page: PageRequest) -> Result<Paged<EventRow>> {
        let c = event_conditions(filter);
        self.page(
            Listing {
                select: &format!("SELECT {EVENT_COLUMNS}"),
                from_where: format!(
                    "FROM events e JOIN documents d ON d.key = e.doc_key{}",
                    c.sql()
                ),
                // Event conditions name only `e`: the join adds the
                // document id to each row and changes no count.
                count_from_where: Some(format!("FROM events e{}", c.sql())),
                order: "e.key",
            },
            &c,
            page,
            filter,
            event_row,
        )
    }

    /// Claims filter on `certainty`, `actor` (the holder's actor code),
    /// `text`, and `since`/`until` (the document's publication date).
    fn claims(&self, filter: &Filter, page: PageRequest) -> Result<Paged<ClaimRow>> {
        let mut c = Conditions::default();
        if let Some(certainty) = &filter.certainty {
            c.push("c.certainty = ? COLLATE NOCASE", [text(certainty)]);
        }
        if let Some(actor) = &filter.actor {
            c.push("c.holder_code LIKE ? ESCAPE '\\'", [prefix_pattern(actor)]);
        }
        if let Some(since) = filter.since {
            c.push("d.published >= ?", [day(since)]);
        }
        if let Some(until) = filter.until {
            c.push("d.published <= ?", [day(until)]);
        }
        document_conditions(&mut c, filter, "c.doc_key");
        self.page(
            Listing {
                select: "SELECT c.key, c.doc_key, d.id, c.idx, c.certainty, c.holder_kind, c.holder, \
             c.holder_code, c.text",
                from_where: format!(
                "FROM claims c JOIN documents d ON d.key = c.doc_key{}",
                c.sql()
            ),
                count_from_where: None,
                order: "c.key",
            },
            &c,
            page,
            filter,
            |row| {
                Ok(ClaimRow {
                    key: row.get(0)?,
                    doc_key: row.get(1)?,
                    doc_id: row.get(2)?,
                    index: row.get(3)?,
                    certainty: row.get(4)?,
                    holder_kind: row.get(5)?,
                    holder: row.get(6)?,
                    holder_code: row.get(7)?,
                    text: row.get(8)?,
                })
            },
        )
    }

    /// Clusters filter on `actor`/`target` (codes), `code` (CAMEO root
    /// prefix), `plover`, `place`/`near`, `since`/`until` (first and last
    /// date), and `text` (a member document matches). Sorted by
    /// independent sources, most first.
    fn clusters(&self, filter: &Filter, page: PageRequest) -> Result<Paged<ClusterRow>> {
        let mut c = Conditions::default();
        if let Some(actor) = &filter.actor {
            c.push("c.source LIKE ? ESCAPE '\\'", [prefix_pattern(actor)]);
        }
        if let Some(target) = &filter.target {
            c.push("c.target LIKE ? ESCAPE '\\'", [prefix_pattern(target)]);
        }
        if let Some(code) = &filter.code {
            let root: String = code.trim().chars().take(2).collect();
            c.push("c.cameo_root LIKE ? ESCAPE '\\'", [prefix_pattern(&root)]);
        }
        if let Some(plover) = &filter.plover {
            c.push("c.plover_type = ? COLLATE NOCASE", [text(plover)]);
        }
        if let Some(place) = &filter.place {
            place_condition(
                &mut c,
                place,
                "c.place_name",
                "c.geonameid",
                "c.summary ->> '$.place.country_code'",
            );
        }
        if let Some((lat, lon, km)) = filter.near {
            near_condition(&mut c, lat, lon, km, "c.lat", "c.lon");
        }
        if let Some(since) = filter.since {
            c.push("coalesce(c.last_date, c.first_date) >= ?", [day(since)]);
        }
        if let Some(until) = filter.until {
            c.push("c.first_date <= ?", [day(until)]);
        }
        if let Some(query) = &filter.text {
            c.push(
                "c.id IN (SELECT e.cluster FROM events e WHERE e.doc_key IN \
                 (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?))",
                [Value::Text(query.clone())],
            );
        }
        self.page(
            Listing {
                select: &format!("SELECT {CLUSTER_COLUMNS}"),
                from_where: format!("FROM clusters c{}", c.sql()),
                count_from_where: None,
                order: "c.independent_sources DESC, c.n_documents DESC, c.id",
            },
            &c,
            page,
            filter,
            cluster_row,
        )
    }

    fn cluster(&self, id: i64) -> Result<Option<ClusterRow>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {CLUSTER_COLUMNS} FROM clusters c WHERE c.id = ?1"),
                [id],
                cluster_row,
            )
            .optional()?)
    }

    fn cluster_events(&self, id: i64) -> Result<Vec<EventRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {EVENT_COLUMNS} FROM events e JOIN documents d ON d.key = e.doc_key \
             WHERE e.cluster = ?1 ORDER BY e.key"
        ))?;
        let rows = stmt
            .query_map([id], event_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn dyads(&self, query: &DyadQuery) -> Result<Vec<DyadDay>> {
        let (source, target) = match query.level {
            DyadLevel::Country => ("e.source_country", "e.target_country"),
            DyadLevel::Sector => (
                "e.source_country || coalesce(e.source_sector, '')",
                "e.target_country || coalesce(e.target_sector, '')",
            ),
        };
        let mut c = Conditions::default();
        c.push(
            "e.source_country IS NOT NULL AND e.target_country IS NOT NULL \
             AND e.first_day IS NOT NULL",
            [],
        );
        if let Some(wanted) = &query.source {
            c.push(format!("{source} = ?"), [text(wanted)]);
        }
        if let Some(wanted) = &query.target {
            c.push(format!("{target} = ?"), [text(wanted)]);
        }
        if let Some(since) = query.since {
            c.push("e.first_day >= ?", [day(since)]);
        }
        if let Some(until) = query.until {
            c.push("e.first_day <= ?", [day(until)]);
        }
        let sql = format!(
            "SELECT {source}, {target}, e.first_day, count(*), coalesce(sum(e.goldstein), 0),
                    coalesce(avg(e.goldstein), 0),
                    sum(e.quad_class = 1), sum(e.quad_class = 2),
                    sum(e.quad_class = 3), sum(e.quad_class = 4)
             FROM events e{}
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
            c.sql()
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(&c.params), |row| {
                let day: String = row.get(2)?;
                Ok(DyadDay {
                    source: row.get(0)?,
                    target: row.get(1)?,
                    day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap_or_default(),
                    events: row.get(3)?,
                    goldstein_sum: row.get(4)?,
                    goldstein_mean: row.get(5)?,
                    quad_class: [
                        row.get::<_, Option<i64>>(6)?.unwrap_or(0),
                        row.get::<_, Option<i64>>(7)?.unwrap_or(0),
                        row.get::<_, Option<i64>>(8)?.unwrap_or(0),
                        row.get::<_, Option<i64>>(9)?.unwrap_or(0),
                    ],
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn for_each_event_for_export(
        &self,
        filter: &Filter,
        visit: &mut dyn FnMut(&EventRow, &ExportContext<'_>) -> Result<()>,
    ) -> Result<()> {
        let c = event_conditions(filter);
        let sql = format!(
            "SELECT {EVENT_COLUMNS}, d.dossier, d.ingested_at, d.syndication_group, \
                    cl.n_documents, cl.independent_sources, \
                    nullif(cl.summary ->> '$.magnitudes', '{{}}') \
             FROM events e JOIN documents d ON d.key = e.doc_key \
             LEFT JOIN clusters cl ON cl.id = e.cluster{} \
             ORDER BY e.doc_key, e.key",
            c.sql()
        );
        // The export's columns come after the event's.
        let after = N_EVENT_COLUMNS;
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt
            .query(params_from_iter(&c.params))
            .map_err(|err| with_query(text_query_error(err, None), filter))?;
        while let Some(row) = rows
            .next()
            .map_err(|err| with_query(text_query_error(err, None), filter))?
        {
            let event = event_row(row)?;
            // Borrowed, not copied: a dossier is large and a document's
            // events each carry it.
            let dossier_json = row.get_ref(after)?.as_str().map_err(|err| {
                rusqlite::Error::FromSqlConversionFailure(
                    after,
                    rusqlite::types::Type::Text,
                    err.into(),
                )
            })?;
            let ingested_at: String = row.get(after + 1)?;
            let context = ExportContext {
                dossier_json,
                ingested_at: chrono::DateTime::parse_from_rfc3339(&ingested_at)
                    .ok()
                    .map(|time| time.with_timezone(&chrono::Utc)),
                syndication_group: row.get(after + 2)?,
                cluster_documents: row.get(after + 3)?,
                cluster_independent_sources: row.get(after + 4)?,
                cluster_magnitudes: row.get_ref(after + 5)?.as_str_or_null().map_err(|err| {
                    rusqlite::Error::FromSqlConversionFailure(
                        after + 5,
                        rusqlite::types::Type::Text,
                        err.into(),
                    )
                })?,
            };
            visit(&event, &context)?;
        }
        Ok(())
    }

    fn event_days(&self, filter: &Filter) -> Result<Vec<DayCount>> {
        let mut c = event_conditions(filter);
        c.push("e.first_day IS NOT NULL", []);
        let sql = format!(
            "SELECT e.first_day, count(*) FROM events e{} GROUP BY 1 ORDER BY 1",
            c.sql()
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(&c.params), |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })
            .map_err(|err| with_query(text_query_error(err, None), filter))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|err| with_query(text_query_error(err, None), filter))?;
        Ok(rows
            .into_iter()
            .filter_map(|(day, events)| {
                let day = NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok()?;
                Some(DayCount { day, events })
            })
            .collect())
    }

    fn event_places(&self, filter: &Filter, page: PageRequest) -> Result<Paged<PlaceCount>> {
        let mut c = event_conditions(filter);
        c.push("e.lat IS NOT NULL AND e.lon IS NOT NULL", []);
        let grouped = format!(
            "SELECT coalesce(e.place_name, '') AS name, e.geonameid, e.lat, e.lon, \
             max(e.country_code), count(*) AS n FROM events e{} GROUP BY 1, 2, 3, 4",
            c.sql()
        );
        let total = self
            .count(&format!("SELECT count(*) FROM ({grouped})"), &c.params)
            .map_err(|err| with_query(err, filter))?;
        let sql = format!("{grouped} ORDER BY n DESC, name LIMIT ? OFFSET ?");
        let mut params = c.params.clone();
        params.push(Value::Integer(page.limit as i64));
        params.push(Value::Integer(page.offset as i64));
        let mut stmt = self.conn.prepare(&sql)?;
        let items = stmt
            .query_map(params_from_iter(&params), |row| {
                Ok(PlaceCount {
                    name: row.get(0)?,
                    geonameid: row.get(1)?,
                    lat: row.get(2)?,
                    lon: row.get(3)?,
                    country_code: row.get(4)?,
                    events: row.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Paged {
            total,
            offset: page.offset,
            items,
        })
    }
}
