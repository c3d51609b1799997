//! Trains the tagger from the shared data and writes
//! `data/models/tagger.bin.zst`, printing dev accuracy on the way.
//!
//! `cargo run --release -p sift-lang --example train_tagger [SHARED_DATA_DIR]`
//!
//! The `sift train tagger` command does the same; this example exists so that
//! the model can be rebuilt while working on the library alone.

use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = std::env::args_os().nth(1).map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")),
        PathBuf::from,
    );
    let read = |path: &str| std::fs::read_to_string(data.join(path));
    let train = sift_lang::read_conllu(&read("ud/en_ewt-ud-train.conllu")?)?;
    let dev = sift_lang::read_conllu(&read("ud/en_ewt-ud-dev.conllu")?)?;
    let bodies_csv = read("fnc1/train_bodies.csv").unwrap_or_default();
    let bodies = csv_second_column(&bodies_csv);
    let unlabeled: Vec<&str> = bodies.iter().map(String::as_str).collect();
    let started = Instant::now();
    let bytes = sift_lang::train_tagger(&train, &dev, &unlabeled, &mut |message| {
        eprintln!("[{:>6.1}s] {message}", started.elapsed().as_secs_f64())
    })?;
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/models/tagger.bin.zst");
    std::fs::write(&out, &bytes)?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}

/// The second field of each record of a CSV file with a header line
/// (fields may be quoted and span lines, `""` escapes a quote).
fn csv_second_column(csv: &str) -> Vec<String> {
    let mut records = Vec::new();
    let mut field = String::new();
    let mut field_idx = 0;
    let mut in_quotes = false;
    let mut chars = csv.chars().peekable();
    let mut second = String::new();
    while let Some(ch) = chars.next() {
        match ch {
            '"' if in_quotes && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => {
                if field_idx == 1 {
                    second = std::mem::take(&mut field);
                }
                field.clear();
                field_idx += 1;
            }
            '\n' if !in_quotes => {
                if field_idx == 1 {
                    second = std::mem::take(&mut field);
                }
                records.push(std::mem::take(&mut second));
                field.clear();
                field_idx = 0;
            }
            _ => field.push(ch),
        }
    }
    if field_idx == 1 {
        records.push(field);
    }
    records.into_iter().skip(1).collect()
}
