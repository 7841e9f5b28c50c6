//! Errors as values: every problem a build finds carries the file, line and column it
//! came from, so all of them can be reported together instead of stopping at the first.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How serious a problem is: an error fails the build; a warning is printed and the
/// build goes on (a link to a note not yet written, when the site allows that).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

/// One problem found in the user's input (a note, a template, the config...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path shown to the user, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based column (in characters).
    pub col: usize,
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The text of the offending line, for the source snippet.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line,
            col,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    /// The same problem as a warning: printed, but the build goes on.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A problem located at a byte offset of `text` (the whole file's contents).
    pub fn at_offset(file: impl Into<PathBuf>, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, col) = line_col(text, offset);
        Diagnostic::new(file, line, col, message).with_source(line_text(text, line))
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_source(mut self, line: Option<&str>) -> Self {
        self.source_line = line.map(|l| l.trim_end_matches(['\r', '\n']).to_string());
        self
    }

    /// `file:line:col`, the form editors and terminals turn into a jump target.
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.display().to_string()
        } else {
            format!("{}:{}:{}", self.file.display(), self.line, self.col)
        }
    }

    /// Renders the diagnostic like a compiler error, with a snippet of the source line.
    pub fn render(&self, color: bool) -> String {
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        let path = escape_control(&self.file.display().to_string());
        let message = escape_control(&self.message);
        let mut groups = Vec::new();
        let level = if self.is_error() { Level::ERROR } else { Level::WARNING };
        let title = level.primary_title(message.as_str());
        let group = match (&self.source_line, self.line) {
            (Some(src), line) if line > 0 => {
                let start = char_to_byte(src, self.col.saturating_sub(1));
                let end = token_end(src, start);
                title.element(
                    Snippet::source(src.as_str())
                        .line_start(line)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(start..end)),
                )
            }
            // A problem with a whole file or folder names no line, rather than a false `:1:1`.
            (_, 0) => title.element(annotate_snippets::Origin::path(path.as_str())),
            _ => title
                .element(annotate_snippets::Origin::path(path.as_str()).line(self.line).char_column(self.col.max(1))),
        };
        groups.push(group);
        let help = self.help.as_deref().map(escape_control);
        if let Some(help) = &help {
            groups.push(Group::with_title(Level::HELP.secondary_title(help.as_str())));
        }
        renderer.render(&groups).to_string()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.is_error() { "" } else { "warning: " };
        write!(f, "{}: {kind}{}", escape_control(&self.location()), escape_control(&self.message))?;
        if let Some(help) = &self.help {
            write!(f, " (help: {})", escape_control(help))?;
        }
        Ok(())
    }
}

/// Shows control characters (a newline or escape sequence in a file name) as `\u{..}`
/// escapes, so a hostile name cannot rewrite the terminal or forge extra lines.
pub fn escape_control(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars().map(|c| if c.is_control() { c.escape_unicode().to_string() } else { c.to_string() }).collect()
}

/// All the problems of one build, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether any problem is an error (warnings alone do not fail a build).
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }
    /// Sorts by place and drops exact repeats (a broken base template fails every page the same way).
    pub fn finish(mut self) -> Self {
        self.0.sort_by(|a, b| (&a.file, a.line, a.col, &a.message).cmp(&(&b.file, b.line, b.col, &b.message)));
        self.0.dedup();
        self
    }
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&d.render(color));
            out.push_str("\n\n");
        }
        let n = self.errors().count();
        let w = self.0.len() - n;
        let plural = |k: usize| if k == 1 { "" } else { "s" };
        if n > 0 {
            out.push_str(&format!("error: {n} problem{} found", plural(n)));
            if w > 0 {
                out.push_str(&format!(" (and {w} warning{})", plural(w)));
            }
            out.push('\n');
        } else if w > 0 {
            out.push_str(&format!("warning: {w} warning{} (the build went on)\n", plural(w)));
        }
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

/// The text of a 1-based line.
pub fn line_text(text: &str, line: usize) -> Option<&str> {
    text.lines().nth(line.checked_sub(1)?)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn char_to_byte(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

/// End of the token starting at `start`, so the caret underlines a word rather than one byte.
fn token_end(s: &str, start: usize) -> usize {
    if start >= s.len() {
        return s.len();
    }
    let rest = &s[start..];
    let len = rest.char_indices().find(|(_, c)| c.is_whitespace()).map_or(rest.len(), |(i, _)| i);
    start + len.max(rest.chars().next().map_or(0, char::len_utf8))
}

/// Shows `path` relative to `root` when it lies inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

/// Line starts of a text, so many offsets can be turned into lines without rescanning.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }

    pub fn diagnostic(&self, file: &str, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.line_col(offset);
        Diagnostic::new(file, line, col, message).with_source(line_text(self.text, line))
    }
}
