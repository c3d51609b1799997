//! `sift eval claims` and `sift train sources`: the claims layer's gold-set
//! evaluation and the build of its embedded source-reputation list.

use std::path::Path;

use anyhow::Context;

use crate::Outcome;
use crate::analyze::build_pipeline;

pub fn eval(file: &Path, split: Option<&str>, show_errors: bool) -> anyhow::Result<Outcome> {
    if let Some(split) = split
        && !matches!(split, "dev" | "test")
    {
        anyhow::bail!("--split {split:?} is not a split; use dev or test");
    }
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let gold = String::from_utf8_lossy(&bytes);
    let pipeline = build_pipeline()?;
    let report = sift_eval::eval_claims(&gold, &pipeline, split)
        .with_context(|| format!("{} is not a claims gold file", file.display()))?;
    if show_errors {
        for line in &report.errors {
            println!("{line}");
        }
        println!();
    }
    println!("{report}");
    Ok(Outcome::Clean)
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
