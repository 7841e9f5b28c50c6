//! A site built by the real `studysite` binary into a folder, served on loopback.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::server::Server;

/// One HTML page of a built site.
#[derive(Clone, Debug)]
pub struct Page {
    /// Path of the file below the output folder, with `/`: `storage/s3/index.html`.
    pub file: String,
    /// Its `data-page-kind` (set by templates/base.html), or "" when it has none.
    pub kind: String,
    pub bytes: u64,
}

impl Page {
    /// The address path a reader would use: `storage/s3/` for `storage/s3/index.html`.
    pub fn url_path(&self) -> String {
        match self.file.strip_suffix("index.html") {
            Some(dir) => dir.to_string(),
            None => self.file.clone(),
        }
    }
}

/// Where a page is opened from: the site's server, or the file on disk.
#[derive(Clone, Copy)]
pub enum From {
    Http,
    Disk,
}

impl From {
    pub fn name(self) -> &'static str {
        match self {
            From::Http => "http",
            From::Disk => "disk",
        }
    }
}

pub struct Site {
    pub out: PathBuf,
    pub server: Server,
    /// Every `.html` file, sorted by path.
    pub pages: Vec<Page>,
}

impl Site {
    /// Runs `studysite build --root ROOT --out OUT`, then serves OUT.
    pub fn build(root: &Path, out: &Path) -> Site {
        let _ = std::fs::remove_dir_all(out);
        let run = Command::new(env!("CARGO_BIN_EXE_studysite"))
            .arg("build")
            .arg("--root")
            .arg(root)
            .arg("--out")
            .arg(out)
            .output()
            .expect("run studysite");
        assert!(
            run.status.success(),
            "studysite build --root {} failed:\n{}",
            root.display(),
            String::from_utf8_lossy(&run.stderr)
        );
        let mut pages = Vec::new();
        collect_pages(out, out, &mut pages);
        pages.sort_by(|a, b| a.file.cmp(&b.file));
        assert!(!pages.is_empty(), "the build of {} wrote no HTML page", root.display());
        Site { out: out.to_path_buf(), server: Server::start(out), pages }
    }

    /// The kinds of page the site has.
    pub fn kinds(&self) -> BTreeSet<&str> {
        self.pages.iter().map(|p| p.kind.as_str()).filter(|k| !k.is_empty()).collect()
    }

    /// The biggest page of a kind (the most content to check), if the site has one.
    pub fn page_of_kind(&self, kind: &str) -> Option<&Page> {
        self.pages.iter().filter(|p| p.kind == kind).max_by_key(|p| (p.bytes, std::cmp::Reverse(p.file.clone())))
    }

    pub fn page(&self, file: &str) -> &Page {
        self.pages.iter().find(|p| p.file == file).unwrap_or_else(|| panic!("the site has no page {file}"))
    }

    /// The address of `file` (`x/y/index.html`): on the server as `x/y/`, or on disk.
    pub fn address(&self, from: From, file: &str) -> String {
        match from {
            From::Http => self.server.url(file.strip_suffix("index.html").unwrap_or(file)),
            From::Disk => format!("file://{}", self.out.join(file).display()),
        }
    }

    /// The page's address on the site's server.
    pub fn url(&self, page: &Page) -> String {
        self.server.url(&page.url_path())
    }
}

fn collect_pages(base: &Path, dir: &Path, out: &mut Vec<Page>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_pages(base, &path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let kind = text
                .split_once("data-page-kind=\"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(k, _)| k.to_string())
                .unwrap_or_default();
            let file = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
            out.push(Page { file, kind, bytes: text.len() as u64 });
        }
    }
}
