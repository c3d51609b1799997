//! Trains the dependency parser from the shared data and writes
//! `data/models/parser.bin.zst`, printing dev scores on the way.
//!
//! `cargo run --release -p sift-lang --example train_parser [SHARED_DATA_DIR]`
//!
//! The `sift train parser` command does the same with the defaults; this
//! example also reads experiment settings from the environment:
//! `PARSER_EPOCHS`, `PARSER_FOLDS` (0 = gold tags), `PARSER_EXPLORE`,
//! `PARSER_PRUNE`, `PARSER_OUT` (another output path) and `PARSER_CACHE`
//! (a directory where the jackknifed tags are kept between runs).

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

    let mut config = sift_lang::ParserTrainConfig::default();
    let setting = |name: &str| std::env::var(name).ok();
    if let Some(epochs) = setting("PARSER_EPOCHS") {
        config.epochs = epochs.parse()?;
    }
    if let Some(folds) = setting("PARSER_FOLDS") {
        config.jackknife_folds = folds.parse()?;
    }
    if let Some(explore) = setting("PARSER_EXPLORE") {
        config.explore_probability = explore.parse()?;
    }
    if let Some(prune) = setting("PARSER_PRUNE") {
        config.prune_transitions_below = prune.parse()?;
        config.prune_labels_below = prune.parse()?;
    }
    let (train, dev) = match setting("PARSER_CACHE") {
        Some(cache) if config.jackknife_folds >= 2 => {
            let cache = PathBuf::from(cache);
            let paths = (cache.join("train.conllu"), cache.join("dev.conllu"));
            if !paths.0.exists() {
                let (train, dev) =
                    sift_lang::jackknife_tags(&train, &dev, config.jackknife_folds, &mut |m| {
                        eprintln!("{m}")
                    });
                std::fs::create_dir_all(&cache)?;
                std::fs::write(&paths.0, to_conllu(&train))?;
                std::fs::write(&paths.1, to_conllu(&dev))?;
            }
            config.jackknife_folds = 0;
            (
                sift_lang::read_conllu(&std::fs::read_to_string(&paths.0)?)?,
                sift_lang::read_conllu(&std::fs::read_to_string(&paths.1)?)?,
            )
        }
        _ => (train, dev),
    };
    eprintln!("{config:?}");

    let started = Instant::now();
    let bytes = sift_lang::train_parser_with(&train, &dev, &config, &mut |message| {
        eprintln!("[{:>6.1}s] {message}", started.elapsed().as_secs_f64())
    })?;
    let out = setting("PARSER_OUT").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/models/parser.bin.zst"),
        PathBuf::from,
    );
    std::fs::write(&out, &bytes)?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}

/// The sentences as CoNLL-U, with the columns the parser reads.
fn to_conllu(sentences: &[sift_lang::TreebankSentence]) -> String {
    let mut out = String::new();
    for sentence in sentences {
        out.push_str(&format!("# sent_id = {}\n", sentence.id));
        for (idx, word) in sentence.words.iter().enumerate() {
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t_\n",
                idx + 1,
                word.form,
                word.lemma,
                word.upos,
                word.xpos,
                word.head,
                word.deprel
            ));
        }
        out.push('\n');
    }
    out
}
