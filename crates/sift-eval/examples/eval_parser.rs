//! Scores a parser model file on a CoNLL-U file with the embedded tagger's
//! tags, for comparing models before one is embedded.
//!
//! `cargo run --release -p sift-eval --example eval_parser MODEL.bin.zst FILE.conllu`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model, conllu] = args.as_slice() else {
        return Err("usage: eval_parser MODEL.bin.zst FILE.conllu".into());
    };
    let started = std::time::Instant::now();
    let parser = sift_lang::Parser::from_bytes(&std::fs::read(model)?)?;
    eprintln!("loaded in {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
    let tagger = sift_lang::Tagger::embedded()?;
    let eval = sift_eval::eval_parse(&std::fs::read_to_string(conllu)?, &tagger, &parser)?;
    println!("{eval}");
    Ok(())
}
