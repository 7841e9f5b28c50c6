//! `studysite.toml`: the site's settings. Unknown keys are errors, so a typo never
//! silently does nothing.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;

/// How often a keyword is turned into a link inside one note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum LinkMode {
    /// First mention in each section (between headings).
    #[default]
    FirstPerSection,
    /// First mention in the whole note.
    FirstPerNote,
    /// Every mention.
    Every,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Where the site is published, e.g. `https://user.github.io/repo/`. Only the path part
    /// matters for pages (they link relatively); the full URL goes into the sitemap.
    pub base_url: String,
    pub language: String,
    /// Prefix of "edit this page" links; the note's path under the site root is appended,
    /// e.g. `https://github.com/user/repo/edit/main/`.
    pub edit_url: Option<String>,
    /// Link to the source repository, shown in the footer.
    pub repository: Option<String>,
    pub author: Option<String>,
    /// Client-side search (an index under `search/` and a search box on every page).
    pub search: bool,
    pub links: LinksConfig,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct LinksConfig {
    pub mode: LinkMode,
    /// Keys never auto-linked (common words that happen to be a note's keyword).
    pub never_link: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Study notes".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "en".into(),
            edit_url: None,
            repository: None,
            author: None,
            search: true,
            links: LinksConfig::default(),
        }
    }
}

pub const CONFIG_FILE: &str = "studysite.toml";

impl Config {
    /// Reads `studysite.toml` from the site root; a missing file means defaults.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Diagnostic::new(CONFIG_FILE, 0, 0, format!("cannot read the config: {e}"))),
        };
        Config::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            Diagnostic::at_offset(CONFIG_FILE, text, offset, toml_message(&e)).with_help(
                "known settings: title, description, base_url, language, edit_url, repository, author, search, [links] mode, never_link",
            )
        })?;
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        Ok(config)
    }

    /// The path part of `base_url`, always starting and ending with `/` (e.g. `/repo/`).
    pub fn base_path(&self) -> String {
        let url = self.base_url.as_str();
        let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
        let path = if url.contains("://") {
            without_scheme.find('/').map_or("/", |i| &without_scheme[i..])
        } else {
            without_scheme
        };
        let mut p = String::from("/");
        p.push_str(path.trim_matches('/'));
        if !p.ends_with('/') {
            p.push('/');
        }
        p
    }

    /// A short stable key that namespaces this site's browser storage (all `file://`
    /// pages share one origin): from the title and the base URL, so two sites that share
    /// a title do not mix either.
    pub fn site_key(&self) -> String {
        format!("{:08x}", crate::hash::fnv1a(format!("{}\n{}", self.title, self.base_url).as_bytes()) as u32)
    }
}

/// The first line of a toml error message, without the source excerpt toml adds itself.
pub fn toml_message(e: &toml::de::Error) -> String {
    e.message().trim().to_string()
}
