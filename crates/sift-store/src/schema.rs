//! The schema and its migrations. A database records every migration it has
//! had in `schema_migrations`; opening it applies the missing ones in order,
//! each in its own transaction, and refuses a database from a newer sift.

use rusqlite::{Connection, OptionalExtension};

use crate::{Error, Result};

/// The newest schema version this build writes.
pub const SCHEMA_VERSION: u32 = 2;

/// (version, description, SQL). Append only: a released migration is never
/// edited, because databases in the field have already run it.
const MIGRATIONS: &[(u32, &str, &str)] = &[
    (
        1,
        "documents, dossiers, events, claims, places, actors, clusters; FTS5 over headlines and text",
        r#"
CREATE TABLE documents (
    key               INTEGER PRIMARY KEY,
    id                TEXT NOT NULL UNIQUE,
    url               TEXT,
    source            TEXT,
    published         TEXT,
    headline          TEXT,
    language          TEXT,
    origin            TEXT NOT NULL,
    ingested_at       TEXT NOT NULL,
    syndication_group INTEGER NOT NULL,
    copy_of           INTEGER,
    copy_similarity   REAL,
    signature         BLOB NOT NULL,
    n_events          INTEGER NOT NULL,
    n_claims          INTEGER NOT NULL,
    dossier           TEXT NOT NULL
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_source ON documents(source);
CREATE INDEX documents_group ON documents(syndication_group);

-- Contentless: the text lives in the dossier; the index only finds rowids,
-- which are document keys.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    headline, body, content = '', tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE events (
    key            INTEGER PRIMARY KEY,
    doc_key        INTEGER NOT NULL REFERENCES documents(key),
    idx            INTEGER NOT NULL,
    trigger_text   TEXT NOT NULL,
    source_code    TEXT,
    source_text    TEXT,
    source_country TEXT,
    source_sector  TEXT,
    target_code    TEXT,
    target_text    TEXT,
    target_country TEXT,
    target_sector  TEXT,
    cameo          TEXT NOT NULL,
    cameo_label    TEXT,
    goldstein      REAL,
    quad_class     INTEGER,
    plover_type    TEXT,
    first_day      TEXT,
    last_day       TEXT,
    place_name     TEXT,
    geonameid      INTEGER,
    lat            REAL,
    lon            REAL,
    country_code   TEXT,
    place_feature  TEXT,
    certainty      TEXT,
    holder         TEXT,
    claim_idx      INTEGER,
    figures        TEXT,
    negated        INTEGER NOT NULL,
    nominal        INTEGER NOT NULL,
    cluster        INTEGER
);
CREATE INDEX events_doc ON events(doc_key);
CREATE INDEX events_day ON events(first_day);
CREATE INDEX events_source ON events(source_code);
CREATE INDEX events_target ON events(target_code);
CREATE INDEX events_cameo ON events(cameo);
CREATE INDEX events_cluster ON events(cluster);
CREATE INDEX events_dyad ON events(source_country, target_country, first_day);

CREATE TABLE claims (
    key         INTEGER PRIMARY KEY,
    doc_key     INTEGER NOT NULL REFERENCES documents(key),
    idx         INTEGER NOT NULL,
    certainty   TEXT NOT NULL,
    holder_kind TEXT,
    holder      TEXT,
    holder_code TEXT,
    text        TEXT NOT NULL
);
CREATE INDEX claims_doc ON claims(doc_key);
CREATE INDEX claims_certainty ON claims(certainty);

CREATE TABLE places (
    key          INTEGER PRIMARY KEY,
    doc_key      INTEGER NOT NULL REFERENCES documents(key),
    idx          INTEGER NOT NULL,
    text         TEXT NOT NULL,
    name         TEXT NOT NULL,
    geonameid    INTEGER,
    lat          REAL NOT NULL,
    lon          REAL NOT NULL,
    country_code TEXT NOT NULL
);
CREATE INDEX places_doc ON places(doc_key);
CREATE INDEX places_geonameid ON places(geonameid);

CREATE TABLE actors (
    key     INTEGER PRIMARY KEY,
    doc_key INTEGER NOT NULL REFERENCES documents(key),
    idx     INTEGER NOT NULL,
    text    TEXT NOT NULL,
    code    TEXT
);
CREATE INDEX actors_doc ON actors(doc_key);
CREATE INDEX actors_code ON actors(code);

CREATE TABLE clusters (
    id                  INTEGER PRIMARY KEY,
    cameo_root          TEXT NOT NULL,
    plover_type         TEXT,
    source              TEXT,
    target              TEXT,
    place_name          TEXT,
    geonameid           INTEGER,
    lat                 REAL,
    lon                 REAL,
    first_date          TEXT,
    last_date           TEXT,
    n_documents         INTEGER NOT NULL,
    independent_sources INTEGER NOT NULL,
    n_contradicting     INTEGER NOT NULL,
    summary             TEXT NOT NULL
);
CREATE INDEX clusters_first_date ON clusters(first_date);
CREATE INDEX clusters_sources ON clusters(independent_sources);
"#,
    ),
    (
        2,
        "case-insensitive indexes for the code, type and certainty filters",
        // The filters compare with `LIKE 'RUS%'` (case-insensitive) and
        // `= ? COLLATE NOCASE`; SQLite uses an index for them only when the
        // index has NOCASE collation.
        r#"
CREATE INDEX events_source_nocase ON events(source_code COLLATE NOCASE);
CREATE INDEX events_target_nocase ON events(target_code COLLATE NOCASE);
CREATE INDEX events_cameo_nocase ON events(cameo COLLATE NOCASE);
CREATE INDEX events_plover_nocase ON events(plover_type COLLATE NOCASE);
CREATE INDEX events_certainty_nocase ON events(certainty COLLATE NOCASE);
CREATE INDEX claims_certainty_nocase ON claims(certainty COLLATE NOCASE);
"#,
    ),
];

/// Brings the database up to [`SCHEMA_VERSION`].
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version     INTEGER PRIMARY KEY,
            description TEXT NOT NULL,
            applied_at  TEXT NOT NULL
        )",
    )?;
    let current = version(conn)?;
    if current > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            found: current,
            known: SCHEMA_VERSION,
        });
    }
    for &(version, description, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![version, description, chrono::Utc::now().to_rfc3339()],
        )?;
        tx.commit()?;
    }
    Ok(())
}

/// The highest migration applied, 0 for a new database.
pub(crate) fn version(conn: &Connection) -> Result<u32> {
    let version: Option<u32> = conn
        .query_row("SELECT max(version) FROM schema_migrations", [], |row| {
            row.get(0)
        })
        .optional()?
        .flatten();
    Ok(version.unwrap_or(0))
}
