//! Finding what a link names, the way Obsidian does, so a vault builds as it is:
//!
//! - a name with an extension other than `.md` is a file (an attachment); any other name
//!   is a note, written with or without `.md`;
//! - first by path: from the vault root (`notes/`), then from the linking note's folder;
//!   then the same ignoring case;
//! - then by file name (or the end of a path: `Bases/Views`) anywhere in the vault;
//! - then, for notes, by title or keyword (a studysite extra);
//! - when several files answer to a name: the one in the linking note's own folder, else
//!   the one nearest the vault root (fewest folders). If that still leaves more than one,
//!   the first by path is used and a warning names them all.
//!
//! Fragments: `#Heading text` matches a heading by its text as well as by its id (case,
//! spaces and punctuation aside, as Obsidian does), `#A#B` is heading B under heading A,
//! `#^id` is a block id.
//!
//! Also here: what a link points at, and what becomes of one nothing answers to (an
//! error, or a warning and plain text with `[links] unresolved = "warn"`).

use pulldown_cmark::{CowStr, Event, Tag};

use super::{resolve_path, split_fragment, Index, LinkSource, Target};
use crate::build::parse::obsidian::block_anchor;
use crate::build::parse::{LinkKind, LinkRef};
use crate::diagnostics::Diagnostic;
use crate::slug::heading_id;

/// What a link name found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Note(usize),
    /// An attachment: its path under `notes/`.
    Asset(String),
}

/// A name found, with a warning when the tie rule had to pick among equals.
pub struct Resolution {
    pub found: Found,
    pub tie: Option<String>,
}

/// `.png`, `.pdf`...: the name's extension in lower case, unless it is `.md` or none.
pub fn file_extension(name: &str) -> Option<String> {
    let file = name.rsplit('/').next().unwrap_or(name);
    let (stem, ext) = file.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    let plausible =
        !stem.is_empty() && !ext.is_empty() && ext.len() <= 5 && ext.chars().all(|c| c.is_ascii_alphanumeric());
    (plausible && ext != "md").then_some(ext)
}

fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Picks among candidates (`(path, value)`) by the tie rule in the module docs.
fn pick<T: Clone>(name: &str, from_dir: &str, mut cands: Vec<(String, T)>) -> Option<(T, Option<String>)> {
    cands.sort_by(|a, b| a.0.cmp(&b.0));
    cands.dedup_by(|a, b| a.0 == b.0);
    if cands.len() <= 1 {
        return cands.pop().map(|(_, v)| (v, None));
    }
    let same: Vec<&(String, T)> = cands.iter().filter(|(p, _)| folder(p) == from_dir).collect();
    if let [one] = same.as_slice() {
        return Some((one.1.clone(), None));
    }
    let depth = |p: &str| p.matches('/').count();
    let least = cands.iter().map(|(p, _)| depth(p)).min().unwrap_or(0);
    let nearest: Vec<&(String, T)> = cands.iter().filter(|(p, _)| depth(p) == least).collect();
    if let [one] = nearest.as_slice() {
        return Some((one.1.clone(), None));
    }
    let list = nearest.iter().map(|(p, _)| format!("`{p}`")).collect::<Vec<_>>().join(", ");
    let warning = format!("`{name}` could mean {list}; using `{}` (the first by path)", nearest[0].0);
    Some((nearest[0].1.clone(), Some(warning)))
}

impl Index {
    /// Finds the note or attachment `name` names, linked from a note in `from_dir`.
    pub(super) fn find(&self, name: &str, from_dir: &str) -> Result<Resolution, String> {
        let name = name.trim().trim_end_matches('\\').trim().trim_start_matches("./");
        if name.is_empty() {
            return Err("the link names nothing".into());
        }
        if file_extension(name).is_some() {
            if let Some((rel, tie)) = self.find_asset(name, from_dir) {
                return Ok(Resolution { found: Found::Asset(rel), tie });
            }
        }
        match self.find_note(name, from_dir) {
            Ok((i, tie)) => Ok(Resolution { found: Found::Note(i), tie }),
            Err(_) if file_extension(name).is_some() => Err(format!(
                "no file is called `{name}` (looked in the note's folder, from notes/, and by file name anywhere)"
            )),
            Err(e) => Err(e),
        }
    }

    fn find_asset(&self, name: &str, from_dir: &str) -> Option<(String, Option<String>)> {
        let relative = crate::build::link::normalize(&format!("{from_dir}/{name}")).unwrap_or_default();
        for path in [name, relative.as_str()] {
            if self.assets.contains(path) {
                return Some((path.to_string(), None));
            }
        }
        for path in [name, relative.as_str()] {
            if let Some(rel) = self.asset_lower.get(&path.to_lowercase()) {
                return Some((rel.clone(), None));
            }
        }
        let lower = name.to_lowercase();
        let file = lower.rsplit('/').next().unwrap_or(&lower);
        let cands: Vec<(String, String)> = self
            .asset_names
            .get(file)?
            .iter()
            .filter(|rel| ends_with_path(&rel.to_lowercase(), &lower))
            .map(|rel| (rel.clone(), rel.clone()))
            .collect();
        pick(name, from_dir, cands)
    }

    fn find_note(&self, name: &str, from_dir: &str) -> Result<(usize, Option<String>), String> {
        let stem = match name.len().checked_sub(3) {
            Some(n) if name.is_char_boundary(n) && name[n..].eq_ignore_ascii_case(".md") => &name[..n],
            _ => name,
        };
        let relative = crate::build::link::normalize(&format!("{from_dir}/{stem}")).unwrap_or_default();
        for path in [stem, relative.as_str()] {
            if let Some(&i) = self.exact.get(path) {
                return Ok((i, None));
            }
        }
        for path in [stem, relative.as_str()] {
            if let Some(&i) = self.lower_ids.get(&path.to_lowercase()) {
                return Ok((i, None));
            }
        }
        let lower = stem.to_lowercase();
        let file = lower.rsplit('/').next().unwrap_or(&lower);
        if let Some(v) = self.slugs.get(file) {
            let cands: Vec<(String, usize)> = v
                .iter()
                .filter(|&&i| ends_with_path(&self.ids[i].to_lowercase(), &lower))
                .map(|&i| (self.ids[i].clone(), i))
                .collect();
            if let Some(found) = pick(stem, from_dir, cands) {
                return Ok(found);
            }
        }
        // A title or alias two notes share is settled by the same tie rule.
        let by_name = self.lower.get(&lower).map(|v| v.iter().map(|&i| (self.ids[i].clone(), i)).collect());
        by_name.and_then(|cands| pick(stem, from_dir, cands)).ok_or_else(|| format!("no note is called `{stem}`"))
    }

    /// The element id a fragment names on note `i`'s page.
    pub(super) fn fragment(&self, i: usize, frag: &str) -> Result<String, String> {
        if let Some(block) = frag.strip_prefix('^') {
            return if self.blocks[i].iter().any(|b| b == block) {
                Ok(block_anchor(block))
            } else {
                Err(format!("`{}` has no block `^{block}`", self.ids[i]))
            };
        }
        if self.anchors[i].contains(frag) {
            return Ok(frag.to_string());
        }
        self.heading_position(i, frag)
            .map(|h| self.headings[i][h].0.clone())
            .ok_or_else(|| format!("`{}` has no heading `#{frag}`", self.ids[i]))
    }

    /// The heading (its position in the note's list) a fragment of headings names:
    /// `A#B` is the first B after A; a heading matches by id or by its text.
    pub(super) fn heading_position(&self, i: usize, frag: &str) -> Option<usize> {
        let heads = &self.headings[i];
        let matches = |h: &(String, String, u8), part: &str| h.0 == part || h.1 == heading_id(part);
        let parts: Vec<&str> = frag.split('#').map(str::trim).filter(|p| !p.is_empty()).collect();
        let mut from = 0;
        let mut found = None;
        for part in &parts {
            let at = heads[from..].iter().position(|h| matches(h, part)).map(|p| p + from);
            match at {
                Some(p) => {
                    found = Some(p);
                    from = p + 1;
                }
                None => {
                    found = None;
                    break;
                }
            }
        }
        found.or_else(|| heads.iter().position(|h| matches(h, parts.last().copied().unwrap_or(""))))
    }
}

pub(super) fn found_target(found: Found) -> Target {
    match found {
        Found::Note(i) => Target::Note(i),
        Found::Asset(rel) => Target::Path(rel),
    }
}

/// Where a link points and with which fragment, plus a warning when a tie was settled
/// by taking the first candidate.
pub(super) fn link_target(
    src: &LinkSource,
    link: &LinkRef,
    index: &Index,
) -> (Result<Target, String>, Option<String>, Option<String>) {
    let (name, frag) = split_fragment(&link.dest);
    let frag = frag.map(|f| crate::html::decode_path(f).trim_end_matches('\\').trim().to_string());
    let found = |name: &str| index.find(name, src.dir).map(|r| (found_target(r.found), r.tie));
    let (target, tie) = match link.kind {
        LinkKind::Wiki => {
            let name = crate::html::decode_path(name);
            if name.trim().trim_end_matches('\\').is_empty() {
                (src.this_page(), None)
            } else {
                match found(&name) {
                    Ok((t, tie)) => (Ok(t), tie),
                    Err(e) => (Err(e), None),
                }
            }
        }
        // A Markdown link is a path from the note; failing that, Obsidian looks vault-wide.
        _ => match resolve_path(index, src, name) {
            Ok(t) => (Ok(t), None),
            Err(e) => match found(&crate::html::decode_path(name)) {
                Ok((t, tie)) => (Ok(t), tie),
                Err(_) => (Err(e), None),
            },
        },
    };
    (target, frag, tie)
}

/// A link nothing answers to: an error, or with `[links] unresolved = "warn"` a warning
/// (and the link becomes plain text).
pub(super) fn unresolved(
    src: &LinkSource,
    link: &LinkRef,
    index: &Index,
    msg: &str,
    events: &mut [Event<'static>],
) -> Diagnostic {
    let what = if link.kind == LinkKind::Image { "broken image" } else { "broken link" };
    let help = index.suggest(&link.dest).map(|s| format!("did you mean {s}?")).unwrap_or_else(|| {
        "link a note by its name or path (`[[Note name]]`, `[text](folder/Note.md)`), a file by its name (`![[image.png]]`)".to_string()
    });
    let d = src.at(link.line, link.col, format!("{what}: {msg}")).with_help(help);
    if index.warn_unresolved {
        unlink(events, link.event);
        d.warning()
    } else {
        d
    }
}

/// Turns the link or image starting at `start` into a plain `<span>` around its text.
pub(super) fn unlink(events: &mut [Event<'static>], start: usize) {
    events[start] = Event::Html(CowStr::Borrowed("<span class=\"unresolved\">"));
    let mut depth = 0usize;
    for e in events[start + 1..].iter_mut() {
        match e {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => depth += 1,
            Event::End(pulldown_cmark::TagEnd::Link | pulldown_cmark::TagEnd::Image) => {
                if depth == 0 {
                    *e = Event::Html(CowStr::Borrowed("</span>"));
                    return;
                }
                depth -= 1;
            }
            _ => {}
        }
    }
}

pub(super) fn broken_fragment(src: &LinkSource, link: &LinkRef, index: &Index, i: usize, msg: &str) -> Diagnostic {
    let mut known: Vec<String> = index.headings[i].iter().map(|h| format!("#{}", h.0)).collect();
    known.truncate(8);
    let d = src.at(link.line, link.col, format!("broken link: {msg}")).with_help(if known.is_empty() {
        "that note has no headings".to_string()
    } else {
        format!("its headings are {} (by id or by their text)", known.join(", "))
    });
    if index.warn_unresolved {
        d.warning()
    } else {
        d
    }
}

/// `[[Note]]` without a label shows the note's title; `[[Note#Heading]]` also the heading.
pub(super) fn label_wiki_link(
    events: &mut [Event<'static>],
    link: &LinkRef,
    index: &Index,
    i: usize,
    fragment: Option<&str>,
) {
    if let Some(Event::Text(t)) = events.get_mut(link.event + 1) {
        if *t.as_ref() == *link.dest {
            let part = fragment.and_then(|f| f.rsplit('#').next()).map(|p| p.trim_start_matches('^'));
            *t = CowStr::from(match part {
                Some(p) if link.dest.starts_with('#') => p.to_string(),
                Some(p) => format!("{} › {p}", index.titles[i]),
                None => index.titles[i].clone(),
            });
        }
    }
}

/// Whether `path` is `tail` or ends with `/tail` (both in lower case).
fn ends_with_path(path: &str, tail: &str) -> bool {
    path == tail || path.strip_suffix(tail).is_some_and(|head| head.ends_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_prefer_own_folder_then_nearest_root() {
        let c = |ps: &[&str]| ps.iter().map(|p| (p.to_string(), p.to_string())).collect::<Vec<_>>();
        assert_eq!(pick("x", "b", c(&["a/x", "b/x"])).unwrap().0, "b/x");
        assert_eq!(pick("x", "c", c(&["a/deep/x", "b/x"])).unwrap().0, "b/x");
        let (v, tie) = pick("x", "c", c(&["b/x", "a/x"])).unwrap();
        assert_eq!(v, "a/x");
        assert!(tie.unwrap().contains("`a/x`, `b/x`"));
        assert_eq!(file_extension("Attachments/a.PNG").as_deref(), Some("png"));
        assert_eq!(file_extension("Note.md"), None);
        assert_eq!(file_extension("v1.2 release notes"), None);
    }
}
