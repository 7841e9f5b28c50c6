//! Files besides the content pages: redirect pages for aliases, theme files, note
//! assets, link previews, and what hosts look for (sitemap, robots, `.nojekyll`).

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Page, Renderer, Sink};
use crate::build::memo::{Bytes, Slot};
use crate::build::paths;
use crate::build::site::Site;
use crate::diagnostics::{line_text, Diagnostic};
use crate::html::escape_html;
use crate::theme::Theme;

/// Pages at a note's old addresses (`aliases` in its front matter) that send readers on.
/// Clashes with other output paths are reported by [`paths::clashes`].
pub fn redirect_pages(site: &Site, renderer: &Renderer) -> Vec<Result<Page, Diagnostic>> {
    let categories: std::collections::HashSet<&str> = site.categories.iter().map(|c| c.slug.as_str()).collect();
    let mut pages = Vec::new();
    for n in &site.notes {
        for alias in &n.source.front.aliases {
            let path = paths::alias_path(alias);
            let line = paths::alias_line(&n.source.text, alias);
            let problem = match paths::alias_problem(alias) {
                Some(problem) => Some(problem),
                None if categories.contains(path.as_str()) => Some("is the address of a category page"),
                None => None,
            };
            if let Some(problem) = problem {
                pages.push(Err(Diagnostic::new(
                    &n.source.rel_path,
                    line,
                    1,
                    format!("the alias \"{alias}\" {problem}"),
                )
                .with_source(line_text(&n.source.text, line))
                .with_help("aliases are old addresses of this note, e.g. `aliases = [\"old-folder/s3\"]`")));
                continue;
            }
            let target = format!("{}{}", "../".repeat(path.split('/').count()), n.url);
            pages.push(renderer.redirect_page(&format!("{path}/index.html"), &target, n.title()));
        }
    }
    pages
}

/// Writes the extras; with a cache that keeps results, they are made once and reused
/// while the render fingerprint and the asset files are unchanged (a note's body edit
/// does not touch them).
pub fn write_cached(
    site: &Site,
    theme: &Theme,
    render_fp: u64,
    cache: &mut Slot<Vec<(String, Bytes)>>,
    sink: &dyn Sink,
) -> std::io::Result<()> {
    if !cache.keeps() {
        return write_extras(sink, site, theme);
    }
    let mut h = crate::hash::Fnv::default();
    render_fp.hash(&mut h);
    for a in &site.assets {
        let meta = std::fs::metadata(&a.path).ok();
        (meta.as_ref().map(|m| m.len()), meta.and_then(|m| m.modified().ok())).hash(&mut h);
    }
    let fp = h.finish();
    if cache.get(fp).is_none() {
        let fresh = Collected::default();
        write_extras(&fresh, site, theme)?;
        let mut files = fresh.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        cache.set(fp, files);
    }
    for (path, bytes) in cache.get(fp).into_iter().flatten() {
        sink.write_shared(path, Arc::clone(bytes))?;
    }
    Ok(())
}

/// Files gathered in memory, to keep in the cache.
#[derive(Default)]
struct Collected(std::sync::Mutex<Vec<(String, Bytes)>>);

impl Sink for Collected {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push((rel.to_string(), Arc::new(bytes.to_vec())));
        Ok(())
    }
    fn copy(&self, rel: &str, from: &std::path::Path) -> std::io::Result<()> {
        self.write(rel, &std::fs::read(from)?)
    }
}

/// Everything besides pages: theme files, note assets, and the files hosts look for.
fn write_extras(sink: &dyn Sink, site: &Site, theme: &Theme) -> std::io::Result<()> {
    for (name, file) in &theme.statics {
        if name == "CNAME" {
            sink.write("CNAME", &file.bytes)?;
        } else {
            sink.write(&format!("static/{name}"), &file.bytes)?;
        }
    }
    site.assets.par_iter().try_for_each(|a| sink.copy(&a.rel, &a.path))?;
    for (path, text) in super::preview_files(site) {
        sink.write(&path, text.as_bytes())?;
    }
    sink.write(".nojekyll", b"")?;
    let base = site.config.base_url.as_str();
    let absolute = base.contains("://");
    // Sitemaps must list absolute URLs: without a full `base_url` there is none (the
    // build's summary line says so).
    if absolute {
        let mut sitemap = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        let mut push = |path: &str| {
            sitemap.push_str(&format!("  <url><loc>{}</loc></url>\n", escape_html(&format!("{base}{path}"))));
        };
        push("");
        for c in site.categories.iter().filter(|c| !c.slug.is_empty()) {
            push(&c.url());
        }
        for n in &site.notes {
            push(&n.url);
        }
        for page in ["glossary/", "graph/", "tags/", "cheatsheet/"] {
            push(page);
        }
        if !site.comparisons.is_empty() {
            push("comparisons/");
        }
        sitemap.push_str("</urlset>\n");
        sink.write("sitemap.xml", sitemap.as_bytes())?;
    }
    let robots = if absolute {
        format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n")
    } else {
        "User-agent: *\nAllow: /\n".to_string()
    };
    sink.write("robots.txt", robots.as_bytes())?;
    Ok(())
}
