//! The `sift` command line: parses argv into a resolved configuration, calls
//! the library crates, and maps the outcome to an exit code in one place.
//!
//! Exit codes: 0 all good; 1 usage or fatal error; 3 some records rejected.

mod analyze;
mod bench;
mod cli;
mod corpus;
mod corpus_cli;
mod eval;
mod events;
mod export_cmd;
mod ingest_cmd;
mod query_cmd;
mod render;
mod serve_cmd;
mod stance_cmd;
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
    if !matches!(
        cli.command,
        cli::Command::Serve(_) | cli::Command::Ingest(_)
    ) {
        die_quietly_on_closed_pipe();
    }
    match run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::SomeRejected(_)) => ExitCode::from(3),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}

/// Reports are meant to be piped (`sift eval ... | head`); Rust ignores
/// SIGPIPE, so a closed pipe would surface as a panic in `println!`. Like
/// other Unix filters, die quietly instead. The server and the ingest keep
/// ignoring it: a client that hangs up must not stop them, and the ingest
/// reports its writes in its own summary.
fn die_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn run(cli: cli::Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        cli::Command::Analyze(args) => analyze::run(&args.resolve()?),
        cli::Command::Eval(cli::EvalCommand::Tokens { file }) => eval::tokens(&file),
        cli::Command::Eval(cli::EvalCommand::Pos { file }) => eval::pos(&file),
        cli::Command::Eval(cli::EvalCommand::Parse { file }) => eval::parse(&file),
        cli::Command::Eval(cli::EvalCommand::Ner { file }) => eval::ner(&file),
        cli::Command::Eval(cli::EvalCommand::Petrarch {
            file,
            parse,
            dictionaries,
        }) => events::petrarch(&file, parse, dictionaries.as_deref()),
        cli::Command::Eval(cli::EvalCommand::Stance {
            bodies,
            stances,
            include_trained_bodies,
        }) => stance_cmd::eval(&bodies, &stances, include_trained_bodies),
        cli::Command::Eval(cli::EvalCommand::Geo { file, spans }) => eval::geo(&file, spans),
        cli::Command::Eval(cli::EvalCommand::Claims {
            file,
            split,
            show_errors,
        }) => eval::claims(&file, split.as_deref(), show_errors),
        cli::Command::Eval(cli::EvalCommand::Syndication {
            bodies,
            seed,
            min_jaccard,
            min_containment,
        }) => eval::syndication(&bodies, seed, min_jaccard, min_containment),
        cli::Command::Eval(cli::EvalCommand::Magnitudes {
            file,
            split,
            show_errors,
        }) => eval::magnitudes(&file, split.as_deref(), show_errors),
        cli::Command::Train(args) => train::run(&args.resolve()?),
        cli::Command::Bench(args) => bench::run(&args.resolve()?),
        cli::Command::Ingest(args) => ingest_cmd::run(&args.resolve()?),
        cli::Command::Query(command) => query_cmd::run(&command),
        cli::Command::Export(args) => export_cmd::run(&args.resolve()?),
        cli::Command::Serve(args) => serve_cmd::run(&args.resolve()?),
    }
}
