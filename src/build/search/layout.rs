//! How the index is cut into files: posting chunks, dictionary shards, the document
//! store, the tag file and the manifest, each a classic script named by its content hash.

use std::fmt::Write as _;

use rayon::prelude::*;

use super::encode::{push_rice, push_varint, ALPHABET};
use super::sections::NoteSections;
use super::text::{FOLD, STOP_WORDS};
use super::{
    DICT_SHARD, FORMAT_VERSION, MAX_TERM, POSTING_CHUNK_MAX, POSTING_CHUNK_MIN, STORE_SHARD_MAX, STORE_SHARD_MIN,
};
use crate::build::site::Site;
use crate::html::js_string;
use std::sync::Arc;

/// A file of the index: path below the output root and content.
pub(super) type File = (String, String);

/// The anchor `static/search.js` derives from an ASCII heading: letters and digits
/// lower-cased, `-` and `_` kept, spaces as `-`, anything else dropped.
fn ascii_slug(heading: &str) -> Option<String> {
    heading.is_ascii().then(|| {
        heading
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => Some(c.to_ascii_lowercase()),
                _ => None,
            })
            .collect()
    })
}

/// A named index file: `search/{stem}.{hash}.js` (or `search/{stem}.js` with `fixed`)
/// holding `studysiteSearch.add("name", data);`.
fn script(name: &str, stem: &str, data: &str, fixed: bool) -> (String, String) {
    let text = format!("studysiteSearch.add({},{data});\n", js_string(name));
    let path = if fixed {
        format!("search/{stem}.js")
    } else {
        format!("search/{stem}.{}.js", crate::hash::short(text.as_bytes()))
    };
    (path, text)
}

fn json_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let v: Vec<String> = items.into_iter().map(js_string).collect();
    format!("[{}]", v.join(","))
}

/// Posting chunks: runs of consecutive terms of the sorted dictionary, a 64th of all
/// postings each (within bounds). Returns each chunk's first term and path.
pub(super) fn posting_chunks(encoded: &[String], files: &mut Vec<File>) -> Vec<(usize, String)> {
    let mut post_index: Vec<(usize, String)> = Vec::new();
    let chunk = (encoded.iter().map(|e| e.len() + 3).sum::<usize>() / 64).clamp(POSTING_CHUNK_MIN, POSTING_CHUNK_MAX);
    let mut start = 0;
    let mut size = 0;
    let mut flush = |start: usize, end: usize, files: &mut Vec<(String, String)>| {
        let n = post_index.len();
        let data = format!(
            "{{\"first\":{start},\"post\":[{}]}}",
            encoded[start..end].iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(",")
        );
        let (path, text) = script(&format!("p{n}"), &format!("p{n}"), &data, false);
        post_index.push((start, path.clone()));
        files.push((path, text));
    };
    for (i, e) in encoded.iter().enumerate() {
        if size > 0 && size + e.len() > chunk {
            flush(start, i, files);
            start = i;
            size = 0;
        }
        size += e.len() + 3;
    }
    if start < encoded.len() || encoded.is_empty() {
        flush(start, encoded.len(), files);
    }
    post_index
}

/// Dictionary shards: whole first-character groups, about [`DICT_SHARD`] bytes each,
/// front-coded. Returns each shard's first characters and path.
pub(super) fn dictionary_shards(terms: &[(&str, Vec<u32>)], files: &mut Vec<File>) -> Vec<(String, String)> {
    let mut dict_index: Vec<(String, String)> = Vec::new();
    let first_char = |t: &str| t.chars().next().unwrap_or(' ');
    let mut i = 0;
    while i < terms.len() {
        let start = i;
        let mut chars = String::new();
        let mut size = 0;
        while i < terms.len() {
            // The next group (all terms with the same first character).
            let c = first_char(terms[i].0);
            let mut j = i;
            let mut group = 0;
            while j < terms.len() && first_char(terms[j].0) == c {
                group += terms[j].0.len() + 2;
                j += 1;
            }
            if size > 0 && size + group > DICT_SHARD {
                break;
            }
            chars.push(c);
            size += group;
            i = j;
        }
        let mut words = String::new();
        let mut df = String::new();
        let mut prev = "";
        for (k, (t, list)) in terms[start..i].iter().enumerate() {
            // Front coding: how many UTF-16 units (at most 63) this term shares with the last.
            let (mut units, mut bytes) = (0usize, 0usize);
            if k > 0 {
                words.push(' ');
                for (a, b) in t.chars().zip(prev.chars()) {
                    if a != b || units + a.len_utf16() > 63 {
                        break;
                    }
                    units += a.len_utf16();
                    bytes += a.len_utf8();
                }
            }
            words.push(ALPHABET[units] as char);
            words.push_str(&t[bytes..]);
            push_varint(&mut df, list.len() as u64);
            prev = t;
        }
        let n = dict_index.len();
        let data = format!("{{\"first\":{start},\"terms\":{},\"df\":\"{df}\"}}", js_string(&words));
        let (path, text) = script(&format!("d{n}"), &format!("d{n}"), &data, false);
        dict_index.push((chars, path.clone()));
        files.push((path, text));
    }
    dict_index
}

/// An entry of the document store: title, URL and category index.
pub(super) type Head<'a> = (&'a str, &'a str, usize);

/// The document store: whole notes per shard (`[title, url, category]` and their
/// documents). Returns each shard's first document and path.
pub(super) fn document_store(
    heads: &[Head],
    per_note: &[Arc<NoteSections>],
    note_first_doc: &[u32],
    files: &mut Vec<File>,
) -> Vec<(u32, String)> {
    let mut store_index: Vec<(u32, String)> = Vec::new();
    // Each entry and its documents' entries, in parallel; then shards in order.
    let entries: Vec<(String, Vec<String>)> = heads
        .par_iter()
        .zip(per_note)
        .map(|((title, url, cat), ns)| {
            let head = format!("[{},{},{cat}]", js_string(title), js_string(url));
            let docs = ns
                .sections
                .iter()
                .map(|s| {
                    // The anchor is left out (0) when the client can derive it from the heading.
                    let anchor = if ascii_slug(&s.heading).as_deref() == Some(s.anchor.as_str()) {
                        "0".to_string()
                    } else {
                        js_string(&s.anchor)
                    };
                    format!("{anchor},{},{}]", js_string(&s.heading), js_string(&s.text))
                })
                .collect();
            (head, docs)
        })
        .collect();
    let total: usize = entries.iter().map(|(h, d)| h.len() + d.iter().map(|x| x.len() + 4).sum::<usize>()).sum();
    let shard_size = (total / 64).clamp(STORE_SHARD_MIN, STORE_SHARD_MAX);
    let mut shard = String::new();
    let mut docs_part = String::new();
    let mut local = 0;
    let mut first_doc: u32 = 0;
    let mut flush = |shard: &mut String, docs_part: &mut String, first_doc: u32| {
        let n = store_index.len();
        let data = format!("{{\"first\":{first_doc},\"notes\":[{shard}],\"docs\":[{docs_part}]}}");
        let (path, text) = script(&format!("s{n}"), &format!("s{n}"), &data, false);
        store_index.push((first_doc, path.clone()));
        files.push((path, text));
        shard.clear();
        docs_part.clear();
    };
    for (ni, (head, docs)) in entries.iter().enumerate() {
        if shard.len() + docs_part.len() > shard_size {
            flush(&mut shard, &mut docs_part, first_doc);
            first_doc = note_first_doc[ni];
            local = 0;
        }
        if !shard.is_empty() {
            shard.push_str(",\n");
        }
        shard.push_str(head);
        for d in docs {
            if !docs_part.is_empty() {
                docs_part.push_str(",\n");
            }
            write!(docs_part, "[{local},{d}").unwrap();
        }
        local += 1;
    }
    if !shard.is_empty() {
        flush(&mut shard, &mut docs_part, first_doc);
    }
    store_index
}

/// The tag file: per tag, the Rice-coded list of its notes; per note, its number of
/// documents. `None` when the site has no tags.
pub(super) fn tag_file(
    site: &Site,
    tables: usize,
    per_note: &[Arc<NoteSections>],
    files: &mut Vec<File>,
) -> Option<String> {
    if site.tags.is_empty() {
        None
    } else {
        let mut sections = String::new();
        for ns in per_note {
            push_varint(&mut sections, ns.sections.len() as u64);
        }
        let lists: Vec<String> = site
            .tags
            .values()
            .map(|notes| {
                let mut ns: Vec<u32> = notes.iter().map(|&n| (n + tables) as u32).collect();
                ns.sort_unstable();
                ns.dedup();
                let mut s = String::new();
                push_varint(&mut s, ns.len() as u64);
                push_rice(&mut s, &ns);
                format!("\"{s}\"")
            })
            .collect();
        let data = format!("{{\"sections\":\"{sections}\",\"tags\":[{}]}}", lists.join(","));
        let (path, text) = script("t", "tags", &data, false);
        files.push((path.clone(), text));
        Some(path)
    }
}

/// Categories as document ranges (notes are in category order, so each is one range).
pub(super) fn category_ranges(
    site: &Site,
    tables: usize,
    per_note: &[Arc<NoteSections>],
    note_first_doc: &[u32],
) -> Vec<String> {
    let mut cats: Vec<String> = Vec::new();
    for c in &site.categories {
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for &n in &c.notes {
            let start = note_first_doc[n + tables];
            let end = start + per_note[n + tables].sections.len() as u32;
            match ranges.last_mut() {
                Some(r) if r.1 == start => r.1 = end,
                _ => ranges.push((start, end)),
            }
        }
        let flat: Vec<String> = ranges.iter().flat_map(|(a, b)| [a.to_string(), b.to_string()]).collect();
        cats.push(format!("[{},[{}]]", js_string(&c.title), flat.join(",")));
    }
    cats
}

/// Everything the manifest lists, gathered by [`super::build`].
pub(super) struct Parts<'a> {
    pub docs: usize,
    pub notes: usize,
    pub dict_index: &'a [(String, String)],
    pub post_index: &'a [(usize, String)],
    pub store_index: &'a [(u32, String)],
    pub cats: &'a [String],
    pub tag_names: Vec<&'a str>,
    pub tag_file: Option<&'a str>,
}

/// The manifest: the other files, categories, tags, stop words and the fold table.
pub(super) fn manifest(parts: &Parts, fixed_manifest_name: bool) -> File {
    let Parts { docs, notes, dict_index, post_index, store_index, cats, .. } = parts;
    let mut m = String::new();
    write!(m, "{{\"v\":{FORMAT_VERSION},\"docs\":{docs},\"notes\":{},\"maxTerm\":{MAX_TERM}", notes).unwrap();
    let dict: Vec<String> = dict_index.iter().map(|(c, p)| format!("[{},{}]", js_string(c), js_string(p))).collect();
    write!(m, ",\n\"dict\":[{}]", dict.join(",")).unwrap();
    let post: Vec<String> = post_index.iter().map(|(f, p)| format!("[{f},{}]", js_string(p))).collect();
    write!(m, ",\n\"post\":[{}]", post.join(",")).unwrap();
    let store: Vec<String> = store_index.iter().map(|(f, p)| format!("[{f},{}]", js_string(p))).collect();
    write!(m, ",\n\"store\":[{}]", store.join(",")).unwrap();
    write!(m, ",\n\"cats\":[{}]", cats.join(",")).unwrap();
    write!(m, ",\n\"tags\":{}", json_list(parts.tag_names.iter().copied())).unwrap();
    write!(m, ",\n\"tagFile\":{}", parts.tag_file.map(js_string).unwrap_or_else(|| "null".into())).unwrap();
    write!(m, ",\n\"stop\":{}", json_list(STOP_WORDS.iter().copied())).unwrap();
    let fold: Vec<String> =
        FOLD.iter().map(|(c, s)| format!("{}:{}", js_string(&c.to_string()), js_string(s))).collect();
    write!(m, ",\n\"fold\":{{{}}}}}", fold.join(",")).unwrap();
    script("m", "index", &m, fixed_manifest_name)
}
