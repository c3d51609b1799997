//! `sift train ...`: regenerate a model from the shared data and write the
//! compressed weights that the library embeds.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;

use crate::Outcome;
use crate::cli::{Model, TrainConfig};

pub fn run(config: &TrainConfig) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let mut progress = |line: &str| {
        eprintln!("[{:>6.1}s] {line}", started.elapsed().as_secs_f64());
    };
    let data = &config.data;
    let bytes = match config.model {
        Model::Tagger => {
            let train = read_treebank(&data.join("ud/en_ewt-ud-train.conllu"))?;
            let dev = read_treebank(&data.join("ud/en_ewt-ud-dev.conllu"))?;
            let bodies = read_bodies(&data.join("fnc1/train_bodies.csv"))?;
            let unlabeled: Vec<&str> = bodies.iter().map(String::as_str).collect();
            progress(&format!(
                "tagger: {} training sentences, {} dev sentences, {} unlabeled bodies",
                train.len(),
                dev.len(),
                unlabeled.len()
            ));
            sift_lang::train_tagger(&train, &dev, &unlabeled, &mut progress)?
        }
        Model::Parser => {
            let train = read_treebank(&data.join("ud/en_ewt-ud-train.conllu"))?;
            let dev = read_treebank(&data.join("ud/en_ewt-ud-dev.conllu"))?;
            progress(&format!(
                "parser: {} training sentences, {} dev sentences",
                train.len(),
                dev.len()
            ));
            sift_lang::train_parser(&train, &dev, &mut progress)?
        }
        Model::Sources => build_sources(data)?,
        Model::Ner => {
            let sources = sift_lang::NerSources {
                train_iob2: read_text(&data.join("ud/uner_en_ewt-train.iob2"))?,
                dev_iob2: read_text(&data.join("ud/uner_en_ewt-dev.iob2"))?,
                country_info: read_text(&data.join("geonames/countryInfo.txt"))?,
                admin1_codes: read_text(&data.join("geonames/admin1CodesASCII.txt"))?,
                cities500_zst: read_bytes(&data.join("geonames/cities500.tsv.zst"))?,
                phoenix_countries: read_bytes(&data.join("petrarch/Phoenix.Countries.actors.txt"))?,
                phoenix_international: read_bytes(
                    &data.join("petrarch/Phoenix.International.actors.txt"),
                )?,
                phoenix_milnonstate: read_bytes(
                    &data.join("petrarch/Phoenix.MilNonState.actors.txt"),
                )?,
                unlabelled_text: read_text(&data.join("fnc1/train_bodies.csv"))?,
                silver_iob2: match &config.silver {
                    Some(path) => read_text(path)?,
                    None => String::new(),
                },
            };
            sift_lang::train_ner(&sources, &mut progress)?
        }
        Model::Events => {
            let files = sift_events::DictionaryFiles::phoenix(&data.join("petrarch"));
            let bundle = sift_events::write_bundle(&files)?;
            let dictionaries = sift_events::Dictionaries::from_bundle(&bundle)?;
            for warning in dictionaries
                .warnings
                .iter()
                .chain(&dictionaries.unknown_codes())
            {
                progress(&format!("warning: {warning}"));
            }
            progress(&format!(
                "events: {} actors, {} agents, {} verb forms, {} patterns, {} warnings",
                dictionaries.actors.len(),
                dictionaries.agents.len(),
                dictionaries.verb_forms.len(),
                dictionaries
                    .patterns_by_block
                    .iter()
                    .map(Vec::len)
                    .sum::<usize>(),
                dictionaries.warnings.len()
            ));
            bundle
        }
        Model::Stance => crate::stance_cmd::train(
            &read_bytes(&data.join("fnc1/train_bodies.csv"))?,
            &read_bytes(&data.join("fnc1/train_stances.partial.csv"))?,
            &mut progress,
        )?,
        Model::Gazetteer => {
            let sources = sift_geo::GazetteerSources {
                cities500_zst: read_bytes(&data.join("geonames/cities500.tsv.zst"))?,
                country_info: read_text(&data.join("geonames/countryInfo.txt"))?,
                admin1_codes: read_text(&data.join("geonames/admin1CodesASCII.txt"))?,
                admin2_codes: read_text(&data.join("geonames/admin2Codes.txt"))?,
                subdivisions: read_text(&data.join("geonames/subdivisions.tsv"))?,
            };
            let (bytes, stats) = sift_geo::build_gazetteer(&sources)?;
            progress(&format!(
                "gazetteer: {} places, {} names, {} demonyms",
                stats.n_places, stats.n_names, stats.n_demonyms
            ));
            bytes
        }
    };
    let out = config
        .out
        .clone()
        .unwrap_or_else(|| default_model_path(config.model));
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
    progress(&format!(
        "wrote {} ({:.1} MB); rebuild sift to embed it",
        out.display(),
        bytes.len() as f64 / 1e6
    ));
    Ok(Outcome::Clean)
}

fn default_model_path(model: Model) -> PathBuf {
    if let Model::Events = model {
        return PathBuf::from("data/events/phoenix.bundle.zst");
    }
    let name = match model {
        Model::Events => "events",
        Model::Tagger => "tagger",
        Model::Parser => "parser",
        Model::Ner => "ner",
        Model::Stance => "stance",
        Model::Gazetteer => return PathBuf::from("data/geo/gazetteer.bin.zst"),
        Model::Sources => return PathBuf::from("data/sources/opensources.tsv.zst"),
    };
    PathBuf::from(format!("data/models/{name}.bin.zst"))
}

fn read_bytes(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| {
        format!(
            "cannot read {}; point --data at the shared data directory",
            path.display()
        )
    })
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    Ok(String::from_utf8_lossy(&read_bytes(path)?).into_owned())
}

fn read_treebank(path: &Path) -> anyhow::Result<Vec<sift_lang::TreebankSentence>> {
    sift_lang::read_conllu(&read_text(path)?)
        .with_context(|| format!("{} is not valid CoNLL-U", path.display()))
}

/// The article bodies of a news CSV, as unlabeled text.
fn read_bodies(path: &Path) -> anyhow::Result<Vec<String>> {
    if !path.exists() {
        anyhow::bail!(
            "cannot read {}; point --data at the shared data directory",
            path.display()
        );
    }
    let options = sift_ingest::ReadOptions {
        headline: sift_ingest::HeadlinePolicy::None,
        detect_language: false,
        ..sift_ingest::ReadOptions::default()
    };
    Ok(sift_ingest::read_path(path, &options)?
        .filter_map(Result::ok)
        .map(|document| document.new_doc.text)
        .collect())
}

/// The compressed source list from `sources/opensources.json`.
pub fn build_sources(data: &Path) -> anyhow::Result<Vec<u8>> {
    let path = data.join("sources/opensources.json");
    let json = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "cannot read {}; point --data at the shared data directory",
            path.display()
        )
    })?;
    sift_claims::build_source_list(&json)
        .with_context(|| format!("{} is not an OpenSources list", path.display()))
}
