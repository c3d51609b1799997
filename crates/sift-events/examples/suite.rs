use sift_events::{Coder, Dictionaries, DictionaryFiles, code_record, suite};
fn main() {
    let path = std::env::args().nth(1).expect("suite xml");
    let dir = std::path::Path::new(&path).parent().unwrap();
    let dictionaries = Dictionaries::from_files(&DictionaryFiles::validation(dir)).unwrap();
    for warning in &dictionaries.warnings {
        eprintln!("warning: {warning}");
    }
    let coder = Coder::new(dictionaries);
    let xml = std::fs::read_to_string(&path).unwrap();
    let records = suite::read_suite(&path, &xml).unwrap();
    let mut score = suite::SuiteScore::default();
    for record in &records {
        let sentences: Vec<_> = record.parse.iter().cloned().collect();
        let produced = code_record(&coder, record, &sentences);
        score.add(record, &produced);
    }
    for o in &score.outcomes {
        if !o.correct {
            println!(
                "FAIL {} missing={:?} extra={:?} {:?}",
                o.id, o.missing, o.extra, o.note
            );
        }
    }
    println!(
        "{}/{} correct; prf {:?}",
        score.correct(),
        score.outcomes.len(),
        score.triple_prf()
    );
}
