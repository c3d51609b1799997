//! Development aid: `cargo run --release -p sift-events --example suite -- SUITE.xml [ID...]`
//! prints the gold parse and the coding of the named records.
use sift_events::{Coder, Dictionaries, DictionaryFiles, code_record, suite};
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("suite xml");
    let ids: Vec<String> = args.collect();
    let dir = std::path::Path::new(&path).parent().unwrap();
    let coder = Coder::new(Dictionaries::from_files(&DictionaryFiles::validation(dir)).unwrap());
    let xml = std::fs::read_to_string(&path).unwrap();
    for record in suite::read_suite(&path, &xml).unwrap() {
        if !ids.contains(&record.id) {
            continue;
        }
        println!("{} {:?}\n  {}", record.id, record.expected, record.text);
        let parse = record.parse.clone().unwrap_or_default();
        for (idx, word) in parse.iter().enumerate() {
            println!(
                "  {idx:>3} {:<14} {:<6} {:>3?} {}",
                word.text,
                word.upos.as_str(),
                word.head,
                word.label.as_str()
            );
        }
        println!("  => {:?}", code_record(&coder, &record, &[parse]).triples);
    }
}
