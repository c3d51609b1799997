//! Trains the entity recognizer from `../shared/data` and writes
//! `data/models/ner.bin.zst` (until `sift train ner` exists).
//!
//! `cargo run --release -p sift-lang --example train_ner [-- OUT]`
//!
//! Settings can be overridden for experiments with `NER_EPOCHS`,
//! `NER_DRAFT_STEP`, `NER_PRUNE`, `NER_MIN_POPULATION` and
//! `NER_SILVER_PER_GOLD`; `NER_SILVER=FILE` adds silver training data made by
//! `bench/ner_silver.py` (kept outside the repository).
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let data = std::env::var_os("SIFT_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data"));
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("data/models/ner.bin.zst"));
    let text = |path: &str| std::fs::read_to_string(data.join(path));
    let bytes = |path: &str| std::fs::read(data.join(path));
    let sources = sift_lang::NerSources {
        train_iob2: text("ud/uner_en_ewt-train.iob2")?,
        dev_iob2: text("ud/uner_en_ewt-dev.iob2")?,
        country_info: text("geonames/countryInfo.txt")?,
        admin1_codes: text("geonames/admin1CodesASCII.txt")?,
        cities500_zst: bytes("geonames/cities500.tsv.zst")?,
        phoenix_countries: bytes("petrarch/Phoenix.Countries.actors.txt")?,
        phoenix_international: bytes("petrarch/Phoenix.International.actors.txt")?,
        phoenix_milnonstate: bytes("petrarch/Phoenix.MilNonState.actors.txt")?,
        unlabelled_text: text("fnc1/train_bodies.csv")?,
        silver_iob2: match std::env::var_os("NER_SILVER") {
            Some(path) => std::fs::read_to_string(path)?,
            None => String::new(),
        },
    };
    let mut config = sift_lang::NerTrainConfig::default();
    let env = |name: &str| std::env::var(name).ok();
    if let Some(v) = env("NER_EPOCHS") {
        config.epochs = v.parse()?;
    }
    if let Some(v) = env("NER_DRAFT_STEP") {
        config.draft_outside_step = v.parse()?;
    }
    if let Some(v) = env("NER_PRUNE") {
        config.prune_below = v.parse()?;
    }
    if let Some(v) = env("NER_SILVER_PER_GOLD") {
        config.silver_per_gold = v.parse()?;
    }
    if let Some(v) = env("NER_MIN_POPULATION") {
        config.min_city_population = v.parse()?;
    }
    let started = std::time::Instant::now();
    let model = sift_lang::train_ner_with_config(&sources, &config, &mut |line| {
        eprintln!("[{:6.1}s] {line}", started.elapsed().as_secs_f64())
    })?;
    std::fs::write(&out, &model)?;
    eprintln!("wrote {} ({} bytes)", out.display(), model.len());
    Ok(())
}
