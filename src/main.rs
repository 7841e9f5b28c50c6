//! The `studysite` command: parses arguments and calls the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "studysite",
    version,
    about = "Build a fast, searchable, cross-linked study website from Markdown notes"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced atomically).
    Build {
        /// The site folder (holds notes/ and studysite.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: ROOT/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Override base_url, e.g. https://user.github.io/repo/.
        #[arg(long)]
        base_url: Option<String>,
        /// Include notes marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Print the time each stage took.
        #[arg(long)]
        timings: bool,
        /// Leave out the search index and the search box (same as `search = false`).
        #[arg(long)]
        no_search: bool,
        /// Replace an output folder that studysite did not write (its `.git` is kept;
        /// the site's own folders are never replaced).
        #[arg(long)]
        force: bool,
    },
    /// Build into memory, serve on loopback, rebuild and reload the browser on every change.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to bind; only loopback unless you choose otherwise.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        drafts: bool,
    },
    /// Validate everything a build validates, without writing anything.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
        #[arg(long)]
        timings: bool,
    },
    /// Export every question as a file Anki imports (File → Import).
    Export {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Write Anki's tab-separated text with header lines to FILE.
        #[arg(long, value_name = "FILE")]
        anki: PathBuf,
        #[arg(long)]
        drafts: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (opts, timings) = match cli.command {
        Command::Serve { root, port, bind, open, drafts } => {
            let build = studysite::BuildOptions { drafts, ..studysite::BuildOptions::new(root) };
            return match studysite::serve::run(studysite::serve::ServeOptions { build, bind, port, open }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(msg) => {
                    eprintln!("error: {msg}");
                    ExitCode::FAILURE
                }
            };
        }
        Command::Build { root, out, base_url, drafts, timings, no_search, force } => (
            studysite::BuildOptions { out, base_url, drafts, no_search, force, ..studysite::BuildOptions::new(root) },
            timings,
        ),
        Command::Export { root, anki, drafts } => {
            let opts = studysite::BuildOptions { drafts, write: false, ..studysite::BuildOptions::new(root) };
            return match studysite::export::anki(&opts, &anki) {
                Ok(n) => {
                    println!("Exported {n} questions as Anki cards → {}", anki.display());
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    eprint!("{}", diags.render(std::io::stderr().is_terminal()));
                    ExitCode::FAILURE
                }
            };
        }
        Command::Check { root, drafts, timings } => {
            (studysite::BuildOptions { drafts, write: false, ..studysite::BuildOptions::new(root) }, timings)
        }
    };
    match studysite::build(&opts) {
        Ok(summary) => {
            println!("{summary}");
            if timings {
                print!("{}", summary.stage_report());
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            eprint!("{}", diags.render(std::io::stderr().is_terminal()));
            ExitCode::FAILURE
        }
    }
}
