//! Measures `sift serve` from a second process on loopback, and makes the
//! inputs the measurements use.
//!
//! - `sift-load run URL [--body FILE] [--seconds 20] [--connections 1]`:
//!   closed-loop load over keep-alive HTTP/1.1 connections (one thread
//!   each, one request in flight per connection); prints throughput, errors
//!   and latency percentiles.
//! - `sift-load article FNC_BODIES_CSV -o FILE [--words 600]`: the
//!   `POST /api/analyze` body for the FNC-1 article closest to that length.
//! - `sift-load corpus FNC_BODIES_CSV -o FILE --copies N`: a JSONL of N
//!   altered copies of every body (distinct ids, dates spread over a year),
//!   for `sift ingest`, to build a large database.
//!
//! The HTTP client is a few lines over `TcpStream` on purpose: it allocates
//! almost nothing per request, so the client does not compete with the
//! server for the two cores more than it must.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Load client and inputs for measuring sift serve")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Sends requests for a fixed time and reports latency and throughput.
    Run {
        /// http://HOST:PORT/PATH?QUERY (loopback only).
        url: String,
        /// JSON body: POST it instead of GET.
        #[arg(long)]
        body: Option<PathBuf>,
        /// How long to send.
        #[arg(long, default_value_t = 20)]
        seconds: u64,
        /// Connections, each with one request in flight.
        #[arg(long, default_value_t = 1)]
        connections: usize,
    },
    /// Writes the analyze request for the FNC-1 body closest to --words.
    Article {
        bodies: PathBuf,
        #[arg(short, long)]
        out: PathBuf,
        #[arg(long, default_value_t = 600)]
        words: usize,
    },
    /// Writes --copies altered copies of every FNC-1 body as JSONL.
    Corpus {
        bodies: PathBuf,
        #[arg(short, long)]
        out: PathBuf,
        #[arg(long)]
        copies: usize,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Run {
            url,
            body,
            seconds,
            connections,
        } => run(&url, body, Duration::from_secs(seconds), connections),
        Command::Article { bodies, out, words } => article(&bodies, &out, words),
        Command::Corpus {
            bodies,
            out,
            copies,
        } => corpus(&bodies, &out, copies),
    }
}

fn read_bodies(path: &PathBuf) -> anyhow::Result<Vec<String>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut bodies = Vec::new();
    for record in reader.records() {
        let record = record?;
        if let Some(body) = record.get(1) {
            bodies.push(body.to_string());
        }
    }
    Ok(bodies)
}

fn article(bodies: &PathBuf, out: &PathBuf, words: usize) -> anyhow::Result<()> {
    let bodies = read_bodies(bodies)?;
    let best = bodies
        .iter()
        .min_by_key(|b| b.split_whitespace().count().abs_diff(words))
        .context("no bodies")?;
    let request = serde_json::json!({
        "text": best,
        "date": "2016-06-01",
        "source": "bench.example"
    });
    std::fs::write(out, request.to_string())?;
    eprintln!(
        "wrote {} ({} words, {} bytes of text)",
        out.display(),
        best.split_whitespace().count(),
        best.len()
    );
    Ok(())
}

fn corpus(bodies: &PathBuf, out: &PathBuf, copies: usize) -> anyhow::Result<()> {
    let bodies = read_bodies(bodies)?;
    let mut writer = BufWriter::new(std::fs::File::create(out)?);
    for copy in 0..copies {
        for (i, body) in bodies.iter().enumerate() {
            let date = date_after_start((i * 7 + copy * 53) % 365);
            // The copy number makes the text, and so the document id, new.
            let text = format!("{body}\n\nFiled {copy}-{i}.");
            let record = serde_json::json!({
                "url": format!("https://bench{}.example/{copy}/{i}", copy % 7),
                "published": date,
                "text": text,
            });
            writeln!(writer, "{record}")?;
        }
    }
    writer.flush()?;
    eprintln!(
        "wrote {} records to {}",
        copies * bodies.len(),
        out.display()
    );
    Ok(())
}

/// The day `offset` days after 2016-01-01.
fn date_after_start(offset: usize) -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).expect("a valid date");
    (start + chrono::Duration::days(offset as i64))
        .format("%Y-%m-%d")
        .to_string()
}

struct Target {
    host: String,
    path: String,
}

fn parse_url(url: &str) -> anyhow::Result<Target> {
    let rest = url.strip_prefix("http://").context("give an http:// URL")?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let ip = host.rsplit_once(':').map_or(host, |(h, _)| h);
    if !(ip.starts_with("127.") || ip == "localhost" || ip == "[::1]") {
        bail!("load is only sent to loopback addresses, not {host}");
    }
    Ok(Target {
        host: host.to_string(),
        path: path.to_string(),
    })
}

/// One keep-alive connection: sends the same request until the deadline.
fn worker(target: &Target, request: &[u8], deadline: Instant) -> (Vec<Duration>, usize) {
    let mut latencies = Vec::new();
    let mut errors = 0;
    let mut connection: Option<BufReader<TcpStream>> = None;
    let mut body = Vec::new();
    while Instant::now() < deadline {
        let reader = match &mut connection {
            Some(reader) => reader,
            None => match TcpStream::connect(&target.host) {
                Ok(stream) => {
                    let _ = stream.set_nodelay(true);
                    connection.insert(BufReader::new(stream))
                }
                Err(_) => {
                    errors += 1;
                    std::thread::sleep(Duration::from_millis(10));
                    continue;
                }
            },
        };
        let started = Instant::now();
        let outcome = reader
            .get_mut()
            .write_all(request)
            .map_err(anyhow::Error::from)
            .and_then(|()| read_response(reader, &mut body));
        let elapsed = started.elapsed();
        match outcome {
            Ok(status) if (200..300).contains(&status) => latencies.push(elapsed),
            Ok(_) => errors += 1,
            Err(_) => {
                errors += 1;
                connection = None;
            }
        }
    }
    (latencies, errors)
}

/// Reads one response (Content-Length or chunked) and returns its status.
fn read_response(reader: &mut BufReader<TcpStream>, body: &mut Vec<u8>) -> anyhow::Result<u16> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status: u16 = line.get(9..12).context("no status line")?.parse()?;
    let mut length = None;
    let mut chunked = false;
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let lower = header.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = Some(value.trim().parse::<usize>()?);
        } else if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim(), 16)?;
            body.resize(size + 2, 0);
            reader.read_exact(body)?;
            if size == 0 {
                break;
            }
        }
    } else {
        body.resize(length.unwrap_or(0), 0);
        reader.read_exact(body)?;
    }
    Ok(status)
}

fn run(
    url: &str,
    body: Option<PathBuf>,
    duration: Duration,
    connections: usize,
) -> anyhow::Result<()> {
    let target = parse_url(url)?;
    let request = match &body {
        Some(path) => {
            let body =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            let mut request = format!(
                "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                target.path,
                target.host,
                body.len()
            )
            .into_bytes();
            request.extend_from_slice(&body);
            request
        }
        None => format!(
            "GET {} HTTP/1.1\r\nHost: {}\r\n\r\n",
            target.path, target.host
        )
        .into_bytes(),
    };
    let started = Instant::now();
    let deadline = started + duration;
    let results: Vec<(Vec<Duration>, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..connections.max(1))
            .map(|_| scope.spawn(|| worker(&target, &request, deadline)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut latencies: Vec<Duration> = results
        .iter()
        .flat_map(|(l, _)| l.iter().copied())
        .collect();
    let errors: usize = results.iter().map(|(_, e)| e).sum();
    latencies.sort();
    let percentile = |p: f64| -> f64 {
        if latencies.is_empty() {
            return f64::NAN;
        }
        let index = ((p / 100.0) * (latencies.len() - 1) as f64).round() as usize;
        latencies[index].as_secs_f64() * 1e3
    };
    println!(
        "{} {} for {:.1} s over {} connection(s): {} ok, {} errors, {:.1} req/s",
        if body.is_some() { "POST" } else { "GET" },
        url,
        elapsed,
        connections,
        latencies.len(),
        errors,
        latencies.len() as f64 / elapsed
    );
    println!(
        "latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
        percentile(50.0),
        percentile(90.0),
        percentile(99.0),
        percentile(100.0)
    );
    if errors > 0 {
        bail!("{errors} requests failed");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn offsets_become_dates() {
        assert_eq!(super::date_after_start(0), "2016-01-01");
        assert_eq!(super::date_after_start(60), "2016-03-01");
    }

    #[test]
    fn only_loopback_is_a_target() {
        assert!(super::parse_url("http://127.0.0.1:8080/api/events").is_ok());
        assert!(super::parse_url("http://10.0.0.1:8080/").is_err());
        assert!(super::parse_url("http://example.com/").is_err());
    }
}
