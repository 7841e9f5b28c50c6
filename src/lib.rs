//! studysite: a static study-website generator.
//!
//! [`build`] holds the pipeline (load → parse → link → index → render → write), one
//! module per stage; [`serve`] runs it incrementally behind a live-reloading server.
//! `main.rs` only parses arguments and calls [`build::build`] or [`serve::run`].
//! ARCHITECTURE.md describes the stages and the data passed between them.

pub mod build;
pub mod config;
pub mod diagnostics;
pub mod export;
pub(crate) mod files;
pub mod hash;
pub(crate) mod html;
pub mod serve;
pub(crate) mod slug;
pub(crate) mod theme;

pub use build::{build, BuildOptions, Summary};
pub use diagnostics::{Diagnostic, Diagnostics};

// The stages by name, for tests and library users who run one stage on its own.
pub use build::parse as markdown;
pub use build::parse::{compare, quiz};
pub use build::{frontmatter, load, search, site};
