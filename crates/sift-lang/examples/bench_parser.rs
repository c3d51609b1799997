//! Measures the parser's throughput on the FNC-1 news bodies: tokenizes,
//! splits and tags every body first, then times the parser stage alone on
//! one thread.
//!
//! `cargo run --release -p sift-lang --example bench_parser [SHARED_DATA_DIR]`

use std::path::PathBuf;
use std::time::Instant;

use sift_core::{Doc, Headline, Stage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = std::env::args_os().nth(1).map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")),
        PathBuf::from,
    );
    let csv = std::fs::read_to_string(data.join("fnc1/train_bodies.csv"))?;
    let bodies = second_csv_field(&csv);

    let loading = Instant::now();
    let loading_cpu = thread_cpu_seconds();
    let parser = sift_lang::Parser::embedded()?;
    println!(
        "parser loaded in {:.0} ms ({:.0} ms of CPU)",
        loading.elapsed().as_secs_f64() * 1e3,
        thread_cpu_seconds()
            .zip(loading_cpu)
            .map_or(f64::NAN, |(end, start)| (end - start) * 1e3)
    );
    let tagger = sift_lang::Tagger::embedded()?;
    let basics = sift_lang::TextBasics::new();

    let mut docs = Vec::with_capacity(bodies.len());
    for body in &bodies {
        let mut doc = Doc::from_text(body, Headline::None)?;
        basics.run(&mut doc);
        tagger.run(&mut doc);
        docs.push(doc);
    }
    let n_tokens: usize = docs.iter().map(|d| d.tokens().len()).sum();
    let n_sentences: usize = docs.iter().map(|d| d.sentences().len()).sum();

    let started = Instant::now();
    let cpu_started = thread_cpu_seconds();
    for doc in &mut docs {
        parser.run(doc);
    }
    let seconds = started.elapsed().as_secs_f64();
    let cpu_seconds = thread_cpu_seconds()
        .zip(cpu_started)
        .map(|(end, start)| end - start);
    let n_roots = docs
        .iter()
        .flat_map(|d| d.dependencies())
        .filter(|d| d.head.is_none())
        .count();
    assert_eq!(n_roots, n_sentences, "one root per sentence");
    println!(
        "{} bodies, {n_sentences} sentences, {n_tokens} tokens parsed in {seconds:.3} s: {:.0} tokens/s",
        docs.len(),
        n_tokens as f64 / seconds
    );
    if let Some(cpu_seconds) = cpu_seconds {
        // On a busy machine wall time includes waiting for a core; CPU time
        // of this thread is the per-core figure.
        println!(
            "CPU time {cpu_seconds:.3} s: {:.0} tokens/s per core",
            n_tokens as f64 / cpu_seconds
        );
    }
    Ok(())
}

/// This thread's user + system CPU time, from `/proc` (Linux only; 10 ms
/// resolution, fine over seconds).
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the parenthesized command name; utime and stime are the
    // 14th and 15th fields of the whole line.
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// The second field of each record of a two-column CSV file with a header
/// line, where fields may be quoted, span lines, and escape `"` as `""`.
fn second_csv_field(csv: &str) -> Vec<String> {
    let mut records = Vec::new();
    let mut fields: Vec<String> = vec![String::new()];
    let mut in_quotes = false;
    let mut chars = csv.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '"' if in_quotes && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().expect("a field").push('"');
            }
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => fields.push(String::new()),
            '\n' if !in_quotes => {
                records.push(std::mem::replace(&mut fields, vec![String::new()]));
            }
            _ => fields.last_mut().expect("a field").push(ch),
        }
    }
    records.push(fields);
    records
        .into_iter()
        .skip(1)
        .filter_map(|mut record| (record.len() >= 2).then(|| record.swap_remove(1)))
        .collect()
}
