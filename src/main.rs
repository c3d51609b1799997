//! The `sift` command line: parses argv into a resolved configuration, calls
//! the library crates, and maps the outcome to an exit code in one place.
//!
//! Exit codes: 0 all good; 1 usage or fatal error; 3 some records rejected.

mod analyze;
mod bench;
mod claims_cmd;
mod cli;
mod eval;
mod render;
mod train;

use std::process::ExitCode;

use clap::Parser;

/// How a command ended, before it becomes an exit code.
pub enum Outcome {
    /// Everything was processed.
    Clean,
    /// The run finished, but this many input records were rejected.
    SomeRejected(usize),
}

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // Help and --version are requests, not errors; clap's own code for
            // usage errors (2) is folded into ours (1).
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::SomeRejected(_)) => ExitCode::from(3),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: cli::Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        cli::Command::Analyze(args) => analyze::run(&args.resolve()?),
        cli::Command::Eval(cli::EvalCommand::Tokens { file }) => eval::tokens(&file),
        cli::Command::Eval(cli::EvalCommand::Pos { file }) => eval::pos(&file),
        cli::Command::Eval(cli::EvalCommand::Parse { file }) => eval::parse(&file),
        cli::Command::Eval(cli::EvalCommand::Ner { file }) => eval::ner(&file),
        cli::Command::Eval(cli::EvalCommand::Claims {
            file,
            split,
            show_errors,
        }) => claims_cmd::eval(&file, split.as_deref(), show_errors),
        cli::Command::Train(args) => train::run(&args.resolve()?),
        cli::Command::Bench(args) => bench::run(&args.resolve()?),
    }
}
