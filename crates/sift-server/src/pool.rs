//! A few read-only connections shared by the handlers. SQLite calls block,
//! so every query runs on tokio's blocking pool while it holds one
//! connection; a semaphore bounds how many run at once.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use sift_store::SqliteStore;
use tokio::sync::Semaphore;

use crate::error::{ApiError, Error, Result};

/// Read-only connections, opened on demand up to the semaphore's size.
#[derive(Clone)]
pub(crate) struct ReadPool {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    idle: Mutex<Vec<SqliteStore>>,
    permits: Arc<Semaphore>,
}

impl ReadPool {
    /// Opens one connection now, so that a bad path fails at start-up.
    pub fn open(path: &Path, size: usize) -> Result<ReadPool> {
        if !path.exists() {
            return Err(Error::MissingDatabase(path.to_path_buf()));
        }
        let first = SqliteStore::open_read_only(path)?;
        Ok(ReadPool {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                idle: Mutex::new(vec![first]),
                permits: Arc::new(Semaphore::new(size.max(1))),
            }),
        })
    }

    /// Runs `work` with a connection on the blocking pool.
    pub async fn run<T, F>(&self, work: F) -> std::result::Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteStore) -> std::result::Result<T, ApiError> + Send + 'static,
    {
        let permit = Arc::clone(&self.inner.permits)
            .acquire_owned()
            .await
            .map_err(ApiError::internal)?;
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let store = inner.take()?;
            let result = work(&store);
            inner.give_back(store);
            result
        })
        .await
        .map_err(|err| ApiError::internal(format!("a query failed: {err}")))?
    }
}

impl Inner {
    fn take(&self) -> std::result::Result<SqliteStore, ApiError> {
        let idle = self.idle.lock().map(|mut idle| idle.pop()).ok().flatten();
        match idle {
            Some(store) => Ok(store),
            None => SqliteStore::open_read_only(&self.path).map_err(ApiError::from),
        }
    }

    fn give_back(&self, store: SqliteStore) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(store);
        }
    }
}
