//! `sift eval magnitudes`: the magnitudes layer against its gold set.

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
    let report = sift_magnitudes::eval_magnitudes(&gold, &pipeline, split)
        .with_context(|| format!("{} is not a magnitudes gold file", file.display()))?;
    if show_errors {
        for line in &report.errors {
            println!("{line}");
        }
        println!();
    }
    println!("{report}");
    Ok(Outcome::Clean)
}
