//! The sift server: a JSON REST API over a corpus database, documented by an
//! OpenAPI 3.1 document at `/api/openapi.json`, and the analyst's web UI
//! (map, timeline, dyad chart, search, article and cluster views), whose
//! static files are embedded in the binary.
//!
//! Key items:
//! - [`ServerConfig`] and [`Limits`]: where to listen, which database, and
//!   the limits every request is held to (body size, time, page size).
//! - [`router`]: the whole application as an axum `Router`, for tests and
//!   for [`run`], which binds, logs one line per request and shuts down
//!   gracefully on ctrl-c or SIGTERM.
//! - [`Ingest`] and [`WriteAccess`]: the write side. The server is read-only
//!   unless the caller hands it a token and an [`Ingest`] implementation
//!   (the `sift` binary's ingest writer); only then does `POST /api/ingest`
//!   exist, behind `Authorization: Bearer <token>`.
//!
//! Database work runs on tokio's blocking pool, each query on one of a few
//! read-only connections; analysis runs there too. The async runtime never
//! waits on SQLite or on the pipeline.
//!
//! **Boundary:** this is the only crate that speaks HTTP. It does no SQL (the
//! store does) and no analysis of its own (it runs the [`sift_core::Pipeline`]
//! it is given). The UI makes no request outside this server: no CDN, no
//! tile server; the map is drawn from embedded TopoJSON.
#![deny(missing_docs)]
// The OpenAPI document is one large `json!` literal.
#![recursion_limit = "256"]

mod api;
mod assets;
mod error;
mod export;
mod ingest;
mod openapi;
mod params;
mod pool;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use sift_core::Pipeline;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

pub use error::{Error, Result};
pub use ingest::{Ingest, IngestRecord, IngestReport, RejectedRecord, WriteAccess};
pub use openapi::document as openapi_document;

/// What the server needs to start.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// The corpus database, opened read-only for queries.
    pub db: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// The limits every request is held to.
    pub limits: Limits,
}

/// Limits on requests. Going over one is refused with a status that says
/// which (413, 408, 400), never silently cut short.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest request body, in bytes.
    pub body_bytes: usize,
    /// Longest time a request may take to produce its response head.
    pub request_timeout: Duration,
    /// Largest page a listing returns; a larger `limit` is refused.
    pub max_page: usize,
    /// Read-only database connections, which is also the number of queries
    /// that run at once.
    pub read_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            body_bytes: 5 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            max_page: 1000,
            read_connections: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
                .max(2),
        }
    }
}

/// Everything the handlers share.
#[derive(Clone)]
struct AppState {
    pool: pool::ReadPool,
    pipeline: Arc<Pipeline>,
    /// Analyses that run at once: one per core, so that a burst of
    /// requests queues instead of starting a blocking thread each.
    analyses: Arc<tokio::sync::Semaphore>,
    write: Option<WriteAccess>,
    limits: Limits,
}

/// The application: API routes, the OpenAPI document and the UI.
///
/// The database is opened once here, so a missing or foreign file is an
/// error at start-up rather than on the first request.
///
/// # Errors
/// When the database cannot be opened read-only.
pub fn router(
    config: &ServerConfig,
    pipeline: Arc<Pipeline>,
    write: Option<WriteAccess>,
) -> Result<Router> {
    let pool = pool::ReadPool::open(&config.db, config.limits.read_connections)?;
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let state = AppState {
        pool,
        pipeline,
        analyses: Arc::new(tokio::sync::Semaphore::new(cores)),
        write,
        limits: config.limits,
    };
    let limits = config.limits;
    Ok(api::routes(state)
        .merge(assets::routes())
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(limits.body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn(log_request)))
}

/// Binds, serves until `shutdown` completes, then lets requests in flight
/// finish.
///
/// # Errors
/// When the address cannot be bound or the server fails.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(Error::Serve)
}

/// Starts a runtime, binds `config.addr`, prints where it listens and
/// serves until ctrl-c or SIGTERM.
///
/// # Errors
/// When the database cannot be opened, the address cannot be bound, or the
/// server fails.
pub fn run(
    config: &ServerConfig,
    pipeline: Arc<Pipeline>,
    write: Option<WriteAccess>,
) -> Result<()> {
    let app = router(config, pipeline, write.clone())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("sift-server")
        .build()
        .map_err(Error::Runtime)?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| Error::Bind {
                addr: config.addr,
                source,
            })?;
        let addr = listener.local_addr().map_err(Error::Serve)?;
        tracing::info!(
            "listening on http://{addr} (database {}, {})",
            config.db.display(),
            if write.is_some() {
                "POST /api/ingest enabled with a bearer token"
            } else {
                "read-only"
            }
        );
        serve(listener, app, shutdown_signal()).await?;
        tracing::info!("shut down");
        Ok(())
    })
}

/// Sends the request log (one line per request) and start-up messages to
/// standard error. `RUST_LOG`-style filtering is not needed: the server logs
/// little, all at info level.
pub fn init_logging() {
    use std::io::IsTerminal;
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .with_max_level(tracing::Level::INFO)
        .try_init();
}

/// Completes on ctrl-c or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// One structured line per request: method, path, status, latency.
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    tracing::info!(
        method = %method,
        path = %path,
        status = response.status().as_u16(),
        latency_ms = format_args!("{:.2}", started.elapsed().as_secs_f64() * 1e3),
        "request"
    );
    response
}

/// The UI loads only from this server; the browser enforces it.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; \
     style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}
