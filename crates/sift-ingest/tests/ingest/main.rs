//! Integration tests for the readers. Fixtures are written to a temporary
//! directory by each test, so every case shows its input next to its checks.

mod bad_input;
mod feeds;
mod formats;
mod warc;

use std::path::{Path, PathBuf};

use sift_ingest::{Document, ReadOptions, Rejection, read_path};

/// Writes `bytes` to `dir/name`, creating parent directories.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Reads everything from `path`, splitting documents from rejections.
pub fn read_all(path: &Path, options: &ReadOptions) -> (Vec<Document>, Vec<Rejection>) {
    let mut documents = Vec::new();
    let mut rejections = Vec::new();
    for item in read_path(path, options).unwrap() {
        match item {
            Ok(document) => documents.push(document),
            Err(rejection) => rejections.push(rejection),
        }
    }
    (documents, rejections)
}

/// The one rejection, displayed, when there is exactly one and no document.
pub fn only_rejection(path: &Path, options: &ReadOptions) -> String {
    let (documents, rejections) = read_all(path, options);
    assert!(documents.is_empty(), "unexpected documents: {documents:?}");
    assert_eq!(rejections.len(), 1, "{rejections:?}");
    rejections[0].to_string()
}

/// A fresh temporary directory.
pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// The development data beside the repository, or `None` (and a note) when
/// it is absent. The rule (fail under `CI=true`, skip elsewhere) lives in
/// `sift_eval::shared_data_dir` so that every crate's tests follow it.
pub fn shared_data(relative: &str) -> Option<PathBuf> {
    sift_eval::shared_data_dir().map(|dir| dir.join(relative))
}
