//! `sift eval magnitudes`: the magnitudes layer against its gold set.

use std::io::Write;
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
    let mut text = String::new();
    if show_errors {
        for line in &report.errors {
            text.push_str(line);
            text.push('\n');
        }
        text.push('\n');
    }
    text.push_str(&report.to_string());
    text.push('\n');
    // A reader that stops early (`| head`) is not an error.
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(err).context("cannot write to standard output")
        }
        _ => Ok(Outcome::Clean),
    }
}
