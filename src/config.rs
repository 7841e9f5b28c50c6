//! `studysite.toml`: the site's settings. Unknown keys are errors, so a typo never
//! silently does nothing.

use std::collections::BTreeMap;
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
    /// Dotfiles already in the output folder (`.well-known/`, `.htaccess`) survive each
    /// build, as `.git` always does.
    pub keep_dotfiles: bool,
    /// A service worker (`sw.js`) that keeps the whole site for reading offline once a
    /// page was opened over HTTPS. Never under `serve` or from disk.
    pub offline: bool,
    /// Links to folders name their `index.html` (`../s3/index.html`), so the site also
    /// works opened from disk without JavaScript. Off: hosts serve `../s3/` themselves,
    /// and from disk `static/theme.js` adds `index.html` to links.
    pub index_links: bool,
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
            keep_dotfiles: false,
            offline: true,
            index_links: false,
            links: LinksConfig::default(),
        }
    }
}

pub const CONFIG_FILE: &str = "studysite.toml";

impl Config {
    /// Reads `studysite.toml` from the site root; a missing file means defaults. Every
    /// problem of the file is returned (a typo does not hide a wrong type below it).
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let text = match crate::files::read_text(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(vec![Diagnostic::new(CONFIG_FILE, 0, 0, format!("cannot read the config: {e}"))]),
        };
        Config::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let at = |offset: usize, message: String| {
            Diagnostic::at_offset(CONFIG_FILE, text, offset, message).with_help(KNOWN_SETTINGS)
        };
        // Syntax first: a file that is not TOML has one problem, where parsing stopped.
        let table: BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>> =
            toml::from_str(text).map_err(|e| vec![at(e.span().map_or(0, |s| s.start), toml_message(&e))])?;
        let mut config = Config::default();
        let mut diags = Vec::new();
        for (key, value) in table {
            let start = value.span().start;
            let result = match key.get_ref().as_str() {
                "title" => setting(value, &mut config.title),
                "description" => setting(value, &mut config.description),
                "base_url" => setting(value, &mut config.base_url).and_then(|_| check_base_url(&config.base_url)),
                "language" => setting(value, &mut config.language),
                "edit_url" => url_setting(value, &mut config.edit_url, "edit_url"),
                "repository" => url_setting(value, &mut config.repository, "repository"),
                "author" => setting(value, &mut config.author),
                "search" => setting(value, &mut config.search),
                "keep_dotfiles" => setting(value, &mut config.keep_dotfiles),
                "offline" => setting(value, &mut config.offline),
                "index_links" => setting(value, &mut config.index_links),
                "links" => links_setting(value, &mut config.links, &mut diags, &|key, message| {
                    at(key_offset(text, start, key), message)
                }),
                other => {
                    diags.push(at(key.span().start, format!("unknown setting `{other}`")));
                    continue;
                }
            };
            if let Err(message) = result {
                diags.push(at(start, format!("`{}`: {message}", key.get_ref())));
            }
        }
        if !diags.is_empty() {
            return Err(diags);
        }
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

const KNOWN_SETTINGS: &str = "known settings: title, description, base_url, language, edit_url, repository, author, search, keep_dotfiles, offline, index_links, [links] mode, never_link";

/// Reads one setting's value into its field; the error says what type was expected.
fn setting<T: serde::de::DeserializeOwned>(value: toml::Spanned<toml::Value>, field: &mut T) -> Result<(), String> {
    *field = T::deserialize(value.into_inner()).map_err(|e| toml_message(&e))?;
    Ok(())
}

/// `base_url` is an `http(s)://` address or a path from the server's root (`/repo/`).
pub fn check_base_url(url: &str) -> Result<(), String> {
    let lower = url.trim().to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || url.starts_with('/') {
        Ok(())
    } else {
        Err(format!("`{url}` is not an `https://` address or a path starting with `/`, e.g. `https://user.github.io/repo/` or `/repo/`"))
    }
}

/// A URL setting shown as a link on every page: a `javascript:` URL would run code.
fn url_setting(value: toml::Spanned<toml::Value>, field: &mut Option<String>, name: &str) -> Result<(), String> {
    setting(value, field)?;
    let squeezed: String = field.iter().flat_map(|u| u.chars()).filter(|c| !c.is_whitespace()).collect();
    if squeezed.to_ascii_lowercase().starts_with("javascript:") {
        return Err(format!("a `javascript:` URL runs code when clicked; write the `https://` address for `{name}`"));
    }
    Ok(())
}

fn links_setting(
    value: toml::Spanned<toml::Value>,
    links: &mut LinksConfig,
    diags: &mut Vec<Diagnostic>,
    at: &dyn Fn(&str, String) -> Diagnostic,
) -> Result<(), String> {
    let toml::Value::Table(table) = value.into_inner() else {
        return Err("expected a table: `[links]` with `mode` and `never_link`".into());
    };
    // Keys inside a table carry no spans of their own: find each one's line in the table.
    for (key, value) in table {
        let result = match key.as_str() {
            "mode" => LinkMode::deserialize(value).map(|m| links.mode = m),
            "never_link" => Vec::<String>::deserialize(value).map(|n| links.never_link = n),
            other => {
                diags.push(at(other, format!("unknown setting `links.{other}`")));
                continue;
            }
        };
        if let Err(e) = result {
            diags.push(at(&key, format!("`links.{key}`: {}", toml_message(&e))));
        }
    }
    Ok(())
}

/// Where `key = …` is written at or after `from` (keys inside a table carry no spans).
fn key_offset(text: &str, from: usize, key: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let rest = trimmed.strip_prefix(key).map(str::trim_start);
        if offset >= from && rest.is_some_and(|r| r.starts_with('=')) {
            return offset + (line.len() - trimmed.len());
        }
        offset += line.len();
    }
    from
}

/// The first line of a toml error message, without the source excerpt toml adds itself.
pub fn toml_message(e: &toml::de::Error) -> String {
    e.message().trim().to_string()
}
