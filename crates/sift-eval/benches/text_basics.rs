//! Throughput of tokenization plus sentence splitting on the FNC-1 news
//! bodies (1,683 reports, about 3.7 MB). Run with
//! `cargo bench -p sift-eval --bench text_basics`.
//!
//! It asserts the token and sentence counts so that a change which is fast
//! because it is wrong fails; update them after reading the diff of a
//! deliberate change.
use std::time::Instant;

const EXPECTED_BODIES: usize = 1683;
const EXPECTED_TOKENS: usize = 726_394;
const EXPECTED_SENTENCES: usize = 31_168;
const ROUNDS: usize = 20;

fn main() {
    let Some(data) = sift_eval::shared_data_dir() else {
        return;
    };
    let csv = std::fs::read_to_string(data.join("fnc1/train_bodies.csv"))
        .expect("fnc1/train_bodies.csv is readable in the shared data");
    let bodies = csv_second_column(&csv);
    let n_bytes: usize = bodies.iter().map(|body| body.len()).sum();

    let (mut n_tokens, mut n_sentences) = (0, 0);
    for body in &bodies {
        let tokens = sift_lang::tokenize(body);
        n_sentences += sift_lang::split_sentences(body, &tokens, None).len();
        n_tokens += tokens.len();
    }
    println!(
        "bodies {}  bytes {}  tokens {}  sentences {}",
        bodies.len(),
        n_bytes,
        n_tokens,
        n_sentences
    );
    assert_eq!(bodies.len(), EXPECTED_BODIES);
    assert_eq!(
        (n_tokens, n_sentences),
        (EXPECTED_TOKENS, EXPECTED_SENTENCES),
        "token and sentence counts changed"
    );

    let started = Instant::now();
    let mut checksum = 0;
    for _ in 0..ROUNDS {
        for body in &bodies {
            let tokens = sift_lang::tokenize(body);
            checksum += sift_lang::split_sentences(body, &tokens, None).len();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(checksum, n_sentences * ROUNDS);
    let mb_per_second = (n_bytes * ROUNDS) as f64 / seconds / 1e6;
    let docs_per_second = (bodies.len() * ROUNDS) as f64 / seconds;
    println!("tokenize+split: {mb_per_second:.1} MB/s  {docs_per_second:.0} docs/s (one core)");
}

/// The second field of every record after the header, for the two-column,
/// double-quoted CSV of the FNC-1 bodies (fields may hold newlines and `""`).
fn csv_second_column(csv: &str) -> Vec<String> {
    let mut records = Vec::new();
    let mut field = String::new();
    let mut fields: Vec<String> = Vec::new();
    let mut in_quotes = false;
    let mut chars = csv.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, in_quotes) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => in_quotes = !in_quotes,
            (',', false) => fields.push(std::mem::take(&mut field)),
            ('\n', false) => {
                fields.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut fields));
            }
            ('\r', false) => {}
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push(fields);
    }
    records
        .into_iter()
        .skip(1)
        .filter_map(|mut record| (record.len() >= 2).then(|| record.swap_remove(1)))
        .collect()
}
