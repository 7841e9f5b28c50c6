//! The checks a page must pass: it loads cleanly, axe-core finds nothing serious, and the
//! Nu HTML checker finds no error. Each returns the problems it found, so tests can show
//! both that the default site is clean and that a broken page is caught.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value as Json};

use super::driver::{from_env_or_path, Browser, LogEntry};
use super::server::Server;

// ---------------------------------------------------------------------------------------
// Loading a page

/// Opens `path` of the served site and returns everything that went wrong while it loaded:
/// console errors, uncaught exceptions, failed requests (from Chromium's log) and requests
/// the server answered with an error status.
pub fn load_problems(b: &Browser, server: &Server, path: &str) -> Vec<String> {
    b.take_log();
    server.take_hits();
    b.goto(&server.url(path));
    let mut problems: Vec<String> = b.take_errors().iter().map(LogEntry::to_string).collect();
    for hit in server.take_hits() {
        if hit.status >= 400 {
            problems.push(format!("GET {} answered {}", hit.path, hit.status));
        }
    }
    problems
}

/// Opens `file` from disk (a `file://` address) and returns the errors Chromium logged.
pub fn disk_load_problems(b: &Browser, file: &Path) -> Vec<String> {
    b.take_log();
    b.goto(&format!("file://{}", file.display()));
    b.take_errors().iter().map(LogEntry::to_string).collect()
}

// ---------------------------------------------------------------------------------------
// axe-core

/// Where axe-core's script is: `$STUDYSITE_AXE`, or what `.ci/test-tools` installed.
pub fn find_axe(target: &Path) -> Result<PathBuf, String> {
    let path = std::env::var_os("STUDYSITE_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| target.join("npm/node_modules/axe-core/axe.min.js"));
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!("no axe-core at {}: run `bash .ci/test-tools`", path.display()))
    }
}

/// One rule axe-core found broken on a page.
#[derive(Clone, Debug)]
pub struct Violation {
    pub id: String,
    /// minor, moderate, serious or critical.
    pub impact: String,
    pub help: String,
    /// CSS selector and HTML of each offending element.
    pub nodes: Vec<(String, String)>,
}

impl Violation {
    /// Serious and critical violations fail a test; the others are only printed.
    pub fn is_blocking(&self) -> bool {
        self.impact == "serious" || self.impact == "critical"
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {} — {} element(s)", self.id, self.impact, self.help, self.nodes.len())?;
        for (target, html) in self.nodes.iter().take(5) {
            let html: String = html.chars().take(160).collect();
            write!(f, "\n      {target}: {html}")?;
        }
        if self.nodes.len() > 5 {
            write!(f, "\n      … and {} more", self.nodes.len() - 5)?;
        }
        Ok(())
    }
}

/// Rules whose "needs review" results count as violations: axe-core cannot tell which of two
/// elements with one id an `aria-labelledby` or `<label for>` means, so it asks, and the
/// answer is always that the id must be unique.
const REVIEW_IS_VIOLATION: &[&str] = &["duplicate-id-aria"];

const AXE_RUN: &str = r#"
var done = arguments[arguments.length - 1], strict = arguments[0];
function brief(v, review) {
  return { id: v.id, impact: v.impact || "", help: v.help + (review ? " (axe: needs review)" : ""),
           nodes: v.nodes.map(function (n) { return [n.target.join(" "), n.html]; }) };
}
axe.run(document, { resultTypes: ["violations", "incomplete"] }).then(function (r) {
  var out = r.violations.map(function (v) { return brief(v, false); });
  r.incomplete.forEach(function (v) { if (strict.indexOf(v.id) >= 0) out.push(brief(v, true)); });
  done(out);
}, function (e) { done({ error: String(e && e.stack || e) }); });
"#;

/// Runs axe-core (its source in `axe`) on the page open in the browser.
pub fn axe_violations(b: &Browser, axe: &str) -> Vec<Violation> {
    b.eval(&format!("{axe}\n;return typeof axe;"));
    let result = b.eval_async(AXE_RUN, vec![json!(REVIEW_IS_VIOLATION)]);
    if let Some(err) = result.get("error") {
        panic!("axe-core failed: {err}");
    }
    let Json::Array(list) = result else { panic!("axe-core answered {result}") };
    list.iter()
        .map(|v| Violation {
            id: v["id"].as_str().unwrap_or("").to_string(),
            impact: v["impact"].as_str().unwrap_or("").to_string(),
            help: v["help"].as_str().unwrap_or("").to_string(),
            nodes: v["nodes"]
                .as_array()
                .map(|a| a.as_slice())
                .unwrap_or_default()
                .iter()
                .map(|n| (n[0].as_str().unwrap_or("").to_string(), n[1].as_str().unwrap_or("").to_string()))
                .collect(),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The Nu HTML checker

/// Java and `vnu.jar` (`$STUDYSITE_VNU`, or what `.ci/test-tools` installed).
#[derive(Clone, Debug)]
pub struct Vnu {
    pub java: PathBuf,
    pub jar: PathBuf,
}

impl Vnu {
    pub fn find(target: &Path) -> Result<Vnu, String> {
        let jar = std::env::var_os("STUDYSITE_VNU")
            .map(PathBuf::from)
            .unwrap_or_else(|| target.join("npm/node_modules/vnu-jar/build/dist/vnu.jar"));
        if !jar.is_file() {
            return Err(format!("no vnu.jar at {}: run `bash .ci/test-tools`", jar.display()));
        }
        let java = from_env_or_path("JAVA", &["java"])
            .ok_or("no java on the PATH: install Debian's `default-jre-headless` or set JAVA")?;
        Ok(Vnu { java, jar })
    }

    /// Checks every HTML file under `dirs` in one run (one JVM start, ~3–10 s) and returns
    /// the errors; warnings are not asked for.
    pub fn errors(&self, dirs: &[&Path]) -> Result<Vec<HtmlError>, String> {
        let out = Command::new(&self.java)
            .arg("-jar")
            .arg(&self.jar)
            .args(["--errors-only", "--skip-non-html", "--format", "json", "--stdout"])
            .args(dirs)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.java.display()))?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let report: Json = serde_json::from_str(&stdout).map_err(|e| {
            format!(
                "vnu gave no JSON report ({e}); exit {}; stderr:\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            )
        })?;
        let messages = report["messages"].as_array().cloned().unwrap_or_default();
        Ok(messages
            .iter()
            .filter(|m| m["type"] != json!("info"))
            .map(|m| HtmlError {
                file: PathBuf::from(m["url"].as_str().unwrap_or("").trim_start_matches("file:")),
                line: m["lastLine"].as_u64().unwrap_or(0),
                column: m["firstColumn"].as_u64().or(m["lastColumn"].as_u64()).unwrap_or(0),
                message: m["message"].as_str().unwrap_or("").to_string(),
                extract: m["extract"].as_str().unwrap_or("").to_string(),
            })
            .collect())
    }
}

/// One error the Nu HTML checker reported.
#[derive(Clone, Debug)]
pub struct HtmlError {
    pub file: PathBuf,
    pub line: u64,
    pub column: u64,
    pub message: String,
    pub extract: String,
}

impl std::fmt::Display for HtmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file.display(), self.line, self.column, self.message)?;
        if !self.extract.is_empty() {
            write!(f, "\n      {}", self.extract.replace('\n', "↵"))?;
        }
        Ok(())
    }
}
