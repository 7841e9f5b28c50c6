//! The search index (src/search.rs): tokenisation, the layout of its chunked files, and that
//! every term of every note can be found. The index is read back with a decoder written here
//! from the format's description, independent of the one in static/search.js.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use common::TempSite;
use serde_json::Value;
use studysite::search::{self, ALPHABET, BODY, HEADING, TITLE};

// ---------------------------------------------------------------------------------------
// Tokenisation

#[test]
fn text_is_lower_cased_folded_and_split_on_punctuation() {
    assert_eq!(
        search::tokenize("Café DÉJÀ-VU, Straße; ÆSIR s3://bucket/key EC2 x_y"),
        ["cafe", "deja", "vu", "strasse", "aesir", "s3", "bucket", "key", "ec2", "x", "y"]
    );
    // Combining marks are dropped, not treated as separators.
    assert_eq!(search::tokenize("Cafe\u{301} re\u{301}sume\u{301}"), ["cafe", "resume"]);
    assert_eq!(search::normalize("ÅNGSTRÖM Œuvre"), "angstrom oeuvre");
}

#[test]
fn the_stemmer_removes_plural_endings_only() {
    for (word, stem) in [
        ("buckets", "bucket"),
        ("queries", "query"),
        ("policies", "policy"),
        ("classes", "class"),
        ("indexes", "index"),
        ("shards", "shard"),
        ("process", "process"),
        ("status", "status"),
        ("analysis", "analysis"),
        ("kinesis", "kinesis"),
        ("aws", "aws"),
        ("logs", "logs"),
        ("streaming", "streaming"),
        ("archived", "archived"),
    ] {
        assert_eq!(search::stem(word), stem, "{word}");
    }
}

#[test]
fn body_text_leaves_out_stop_words_and_single_letters_but_headings_keep_them() {
    let text = "How the S3 buckets of a data lake are partitioned, and why it matters";
    assert_eq!(search::terms(text, true), ["s3", "bucket", "data", "lake", "partitioned", "matter"]);
    assert_eq!(
        search::terms(text, false),
        ["how", "the", "s3", "bucket", "of", "a", "data", "lake", "are", "partitioned", "and", "why", "it", "matter"]
    );
    let long = "x".repeat(search::MAX_TERM + 1);
    assert_eq!(search::terms(&format!("short {long} words"), false), ["short", "word"]);
    assert!(search::STOP_WORDS.windows(2).all(|w| w[0] < w[1]), "STOP_WORDS must stay sorted");
}

// ---------------------------------------------------------------------------------------
// A decoder for the files under search/

/// One built index, read back.
struct Index {
    dir: PathBuf,
    manifest: Value,
    /// Every term in dictionary order, with its document frequency.
    terms: Vec<(String, u64)>,
    /// Each term's postings as `doc → class`.
    postings: Vec<BTreeMap<u32, u8>>,
    docs: Vec<Doc>,
}

#[derive(Debug, Clone)]
struct Doc {
    url: String,
    title: String,
    anchor: String,
    heading: String,
    text: String,
}

/// The data of `search/NAME.HASH.js`, checking the wrapper and the hash in the name.
fn read_script(dir: &Path, rel: &str, name: &str) -> Value {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file = rel.rsplit('/').next().unwrap();
    let hash = file.trim_end_matches(".js").rsplit('.').next().unwrap();
    assert_eq!(hash, studysite::hash::short(text.as_bytes()), "{rel}: the name does not carry the content's hash");
    let head = format!("studysiteSearch.add(\"{name}\",");
    assert!(text.starts_with(&head), "{rel} does not start with {head}");
    assert!(text.ends_with(");\n"), "{rel} does not end the call");
    serde_json::from_str(&text[head.len()..text.len() - 3]).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn digit(c: u8) -> u64 {
    ALPHABET.iter().position(|&a| a == c).unwrap_or_else(|| panic!("{:?} is not a digit", c as char)) as u64
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
    cur: u64,
    left: u32,
}

impl Reader<'_> {
    fn new(s: &str) -> Reader<'_> {
        Reader { s: s.as_bytes(), i: 0, cur: 0, left: 0 }
    }
    fn varint(&mut self) -> u64 {
        let mut v = 0;
        loop {
            let d = digit(self.s[self.i]);
            self.i += 1;
            if d < 32 {
                return v * 32 + d;
            }
            v = v * 32 + d - 32;
        }
    }
    fn bit(&mut self) -> u64 {
        if self.left == 0 {
            self.cur = digit(self.s[self.i]);
            self.i += 1;
            self.left = 6;
        }
        self.left -= 1;
        (self.cur >> self.left) & 1
    }
    fn rice(&mut self, n: u64) -> Vec<u32> {
        let k = digit(self.s[self.i]);
        self.i += 1;
        self.left = 0;
        let mut prev: i64 = -1;
        (0..n)
            .map(|_| {
                let mut q = 0;
                while self.bit() == 1 {
                    q += 1;
                }
                let mut r = 0;
                for _ in 0..k {
                    r = r * 2 + self.bit();
                }
                prev += ((q << k) + r + 1) as i64;
                prev as u32
            })
            .collect()
    }
    fn at_end(&self) -> bool {
        self.i == self.s.len()
    }
}

fn decode_postings(s: &str) -> BTreeMap<u32, u8> {
    let mut r = Reader::new(s);
    let mut out = BTreeMap::new();
    let strong = r.varint();
    let mut prev: i64 = -1;
    for _ in 0..strong {
        let v = r.varint();
        prev += (v >> 1) as i64 + 1;
        out.insert(prev as u32, if v & 1 == 1 { TITLE } else { HEADING });
    }
    let body = r.varint();
    if body > 0 {
        for d in r.rice(body) {
            assert!(out.insert(d, BODY).is_none(), "document {d} is in both lists of {s:?}");
        }
    }
    assert!(r.at_end(), "trailing characters in postings {s:?}");
    out
}

fn manifest_path(dir: &Path) -> String {
    let names: Vec<String> = std::fs::read_dir(dir.join("search"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("index."))
        .collect();
    assert_eq!(names.len(), 1, "one manifest: {names:?}");
    format!("search/{}", names[0])
}

impl Index {
    fn read(out: &Path) -> Index {
        let manifest = read_script(out, &manifest_path(out), "m");
        assert_eq!(manifest["v"], 1);
        let mut terms = Vec::new();
        for (n, shard) in manifest["dict"].as_array().unwrap().iter().enumerate() {
            let d = read_script(out, shard[1].as_str().unwrap(), &format!("d{n}"));
            assert_eq!(d["first"].as_u64().unwrap() as usize, terms.len(), "dictionary shard {n} starts elsewhere");
            let words = d["terms"].as_str().unwrap();
            let mut df = Reader::new(d["df"].as_str().unwrap());
            let mut prev: Vec<u16> = Vec::new();
            for entry in words.split(' ') {
                let keep = digit(entry.as_bytes()[0]) as usize;
                let mut t: Vec<u16> = prev[..keep].to_vec();
                t.extend(entry[1..].encode_utf16());
                terms.push((String::from_utf16(&t).unwrap(), df.varint()));
                prev = t;
            }
            assert!(df.at_end());
        }
        let mut postings = Vec::new();
        for (n, chunk) in manifest["post"].as_array().unwrap().iter().enumerate() {
            let p = read_script(out, chunk[1].as_str().unwrap(), &format!("p{n}"));
            assert_eq!(p["first"], chunk[0]);
            assert_eq!(p["first"].as_u64().unwrap() as usize, postings.len(), "posting chunk {n} starts elsewhere");
            for s in p["post"].as_array().unwrap() {
                postings.push(decode_postings(s.as_str().unwrap()));
            }
        }
        let mut docs = Vec::new();
        for (n, shard) in manifest["store"].as_array().unwrap().iter().enumerate() {
            let s = read_script(out, shard[1].as_str().unwrap(), &format!("s{n}"));
            assert_eq!(s["first"], shard[0]);
            assert_eq!(s["first"].as_u64().unwrap() as usize, docs.len(), "store shard {n} starts elsewhere");
            let notes = s["notes"].as_array().unwrap();
            for d in s["docs"].as_array().unwrap() {
                let note = &notes[d[0].as_u64().unwrap() as usize];
                let heading = d[2].as_str().unwrap().to_string();
                // 0: the anchor is the heading, lower-cased, spaces as dashes, only [a-z0-9_-] kept.
                let anchor = match &d[1] {
                    Value::Number(_) => heading
                        .chars()
                        .filter_map(|c| match c {
                            ' ' => Some('-'),
                            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => Some(c.to_ascii_lowercase()),
                            _ => None,
                        })
                        .collect(),
                    v => v.as_str().unwrap().to_string(),
                };
                docs.push(Doc {
                    url: note[1].as_str().unwrap().to_string(),
                    title: note[0].as_str().unwrap().to_string(),
                    anchor,
                    heading,
                    text: d[3].as_str().unwrap().to_string(),
                });
            }
        }
        assert_eq!(terms.len(), postings.len(), "every term has postings");
        assert_eq!(manifest["docs"].as_u64().unwrap() as usize, docs.len());
        Index { dir: out.to_path_buf(), manifest, terms, postings, docs }
    }

    fn term(&self, t: &str) -> Option<&BTreeMap<u32, u8>> {
        let i = self.terms.binary_search_by(|(x, _)| x.as_str().cmp(t)).ok()?;
        Some(&self.postings[i])
    }

    /// Documents (with their classes) of the term, as `url#anchor`.
    fn find(&self, t: &str) -> Vec<(String, u8)> {
        self.term(t).map(|p| p.iter().map(|(&d, &c)| (self.place(d), c)).collect()).unwrap_or_default()
    }

    fn place(&self, d: u32) -> String {
        let doc = &self.docs[d as usize];
        format!("{}#{}", doc.url, doc.anchor)
    }
}

fn build(root: &Path, out: &Path, extra: &[&str]) {
    let _ = std::fs::remove_dir_all(out);
    let run = Command::new(env!("CARGO_BIN_EXE_studysite"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
}

// ---------------------------------------------------------------------------------------
// A small site whose every word is known

const STORAGE: &str = r#"+++
title = "Amazon S3 Glacier"
summary = "Archive storage."
keywords = ["Glacier", "Deep Archive#deep-archive", "Vault Lock#vault-lock"]
tags = ["archiving", "cold-data"]
+++

Glacier stores archives cheaply; retrieval is slow.

## Retrieval tiers

Expedited, standard and bulk retrievals differ in *speed* and `price`.

### Deep Archive

The cheapest class: a twelve-hour restore. Café crème for the wait.

#### Restore times

| Tier | Hours |
|---|---|
| Standard | twelve |

## Vault Lock {#vault-lock}

- Compliance controls with a **policy** that cannot change.
- See [the encryption note](../security/encryption.md) and [[security/encryption]].

```python
unindexed_code_word = 1
```

```quiz
[[question]]
prompt = "Which tier is quickest?"
choices = ["Expedited", "Bulk"]
answer = 0
```
"#;

const ENCRYPTION: &str = r#"+++
title = "Encryption"
summary = "Keys."
category = "security"
tags = ["cold-data"]
+++

## Keys

Envelope encryption uses a data key.[^1]

[^1]: The footnote mentions hardware modules.
"#;

fn small_site() -> (TempSite, PathBuf) {
    let site = TempSite::new("search-small");
    site.write("notes/storage/glacier.md", STORAGE);
    site.write("notes/security/encryption.md", ENCRYPTION);
    let out = site.root.join("public");
    build(&site.root, &out, &[]);
    (site, out)
}

#[test]
fn every_word_of_a_note_is_found_in_its_section() {
    let (_site, out) = small_site();
    let index = Index::read(&out);
    let glacier = "storage/glacier/";
    let expect = |term: &str, place: &str, class: u8| {
        let found = index.find(term);
        assert!(
            found.iter().any(|(p, c)| p == place && *c == class),
            "`{term}` should be in {place} with class {class}, found {found:?}"
        );
    };
    // Title and keywords on the first document (the text before the first heading).
    for t in ["amazon", "s3", "glacier"] {
        expect(t, &format!("{glacier}#"), TITLE);
    }
    for t in ["store", "archive", "cheaply", "retrieval", "slow"] {
        expect(t, &format!("{glacier}#"), BODY);
    }
    // Category and tags are body words of the first document.
    for t in ["storage", "archiving", "cold", "data"] {
        expect(t, &format!("{glacier}#"), BODY);
    }
    for t in ["retrieval", "tier"] {
        expect(t, &format!("{glacier}#retrieval-tiers"), HEADING);
    }
    for t in ["expedited", "standard", "bulk", "differ", "speed", "price"] {
        expect(t, &format!("{glacier}#retrieval-tiers"), BODY);
    }
    // A keyword naming a heading goes to that heading's document.
    for t in ["deep", "archive"] {
        expect(t, &format!("{glacier}#deep-archive"), TITLE);
    }
    // A level-4 heading and a table stay in their section; accents are folded.
    for t in ["restore", "time"] {
        expect(t, &format!("{glacier}#deep-archive"), HEADING);
    }
    for t in ["cheapest", "class", "twelve", "hour", "cafe", "creme", "wait", "hours"] {
        expect(&search::stem(t), &format!("{glacier}#deep-archive"), BODY);
    }
    for t in ["vault", "lock"] {
        expect(t, &format!("{glacier}#vault-lock"), TITLE);
    }
    for t in ["compliance", "control", "policy", "change", "encryption", "note"] {
        expect(t, &format!("{glacier}#vault-lock"), BODY);
    }
    for t in ["envelope", "encryption", "key", "footnote", "mention", "hardware", "module"] {
        let found = index.find(t);
        assert!(found.iter().any(|(p, _)| p == "security/encryption/#keys"), "`{t}`: {found:?}");
    }
    // Code blocks and quizzes are not indexed; stop words are not indexed in the body.
    for t in ["unindexed", "python", "quickest", "the", "and", "is"] {
        assert!(index.find(t).is_empty(), "`{t}` should not be indexed: {:?}", index.find(t));
    }
    // Every document's anchor is a real id on its page.
    for d in &index.docs {
        let page = std::fs::read_to_string(index.dir.join(&d.url).join("index.html")).unwrap();
        assert!(d.anchor.is_empty() || page.contains(&format!("id=\"{}\"", d.anchor)), "{d:?}");
    }
    // Reading order: the Security category before Storage.
    let headings: Vec<&str> = index.docs.iter().map(|d| d.heading.as_str()).collect();
    assert_eq!(headings, ["Keys", "", "Retrieval tiers", "Deep Archive", "Vault Lock"]);
    assert!(index.docs[1].text.starts_with("Glacier stores archives cheaply"), "{:?}", index.docs[1]);
    assert!(index.docs[3].text.contains("Restore times Tier Hours Standard twelve"), "{:?}", index.docs[3]);
    assert_eq!(index.docs[1].title, "Amazon S3 Glacier");
}

#[test]
fn categories_are_document_ranges_and_tags_list_their_notes() {
    let (_site, out) = small_site();
    let index = Index::read(&out);
    let cats: Vec<(String, Vec<u64>)> = index.manifest["cats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (c[0].as_str().unwrap().to_string(), c[1].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect())
        })
        .collect();
    assert_eq!(cats, [("Security".to_string(), vec![0, 1]), ("Storage".to_string(), vec![1, 5])]);
    assert_eq!(index.manifest["tags"], serde_json::json!(["archiving", "cold-data"]));
    let t = read_script(&out, index.manifest["tagFile"].as_str().unwrap(), "t");
    let mut sections = Reader::new(t["sections"].as_str().unwrap());
    assert_eq!([sections.varint(), sections.varint()], [1, 4]);
    let notes_of = |i: usize| {
        let mut r = Reader::new(t["tags"][i].as_str().unwrap());
        let n = r.varint();
        r.rice(n)
    };
    assert_eq!(notes_of(0), [1], "archiving: the Glacier note (second in reading order)");
    assert_eq!(notes_of(1), [0, 1], "cold-data: both notes");
}

#[test]
fn pages_name_the_manifest_and_load_nothing_else() {
    let (_site, out) = small_site();
    let manifest = manifest_path(&out);
    let page = std::fs::read_to_string(out.join("storage/glacier/index.html")).unwrap();
    assert!(page.contains(&format!("data-search=\"{manifest}\"")), "no search box naming {manifest}");
    assert!(page.contains("static/search.js?v="), "no search script");
    assert_eq!(page.matches("search/").count(), 1, "the page references only the manifest under search/");
}

#[test]
fn no_search_flag_and_setting_leave_search_out() {
    let site = TempSite::new("search-off");
    site.write("notes/a/one.md", "+++\ntitle = \"One\"\n+++\n\nSome text.\n");
    let out = site.root.join("public");
    build(&site.root, &out, &["--no-search"]);
    let page = std::fs::read_to_string(out.join("a/one/index.html")).unwrap();
    assert!(!out.join("search").exists());
    assert!(!page.contains("data-search") && !page.contains("search.js"), "{page}");

    site.write("studysite.toml", "title = \"T\"\nsearch = false\n");
    build(&site.root, &out, &[]);
    assert!(!out.join("search").exists());
    let page = std::fs::read_to_string(out.join("a/one/index.html")).unwrap();
    assert!(!page.contains("data-search"), "{page}");

    site.write("studysite.toml", "title = \"T\"\nsearch = true\n");
    build(&site.root, &out, &[]);
    assert!(out.join("search").is_dir());
}

// ---------------------------------------------------------------------------------------
// Layout of the chunks, on a site big enough to have several of each

fn generated_site(notes: usize) -> TempSite {
    let site = TempSite::new("search-chunks");
    let words =
        ["stream", "shard", "bucket", "crawler", "partition", "replica", "snapshot", "ledger", "vault", "gateway"];
    for i in 0..notes {
        let cat = ["ingest", "store", "query", "secure"][i % 4];
        let mut body = String::new();
        for s in 0..4 {
            body.push_str(&format!("\n## Part {s} of note {i}\n\n"));
            for k in 0..12 {
                let w = words[(i * 7 + s * 3 + k) % words.len()];
                body.push_str(&format!("The {w}{} handles unique{i}x{s} data for term{k}. ", (i + k) % 13));
            }
            body.push('\n');
        }
        site.write(
            &format!("notes/{cat}/note-{i:03}.md"),
            &format!("+++\ntitle = \"Note {i} Service\"\ntags = [\"t{}\"]\n+++\n\nIntro of note {i}.\n{body}", i % 5),
        );
    }
    site
}

#[test]
fn chunks_split_the_dictionary_postings_and_store_in_order() {
    let site = generated_site(300);
    let out = site.root.join("public");
    build(&site.root, &out, &[]);
    let index = Index::read(&out);
    let m = &index.manifest;

    // Dictionary: sorted, unique, shards by whole first-character groups.
    assert!(index.terms.windows(2).all(|w| w[0].0 < w[1].0), "terms are sorted and unique");
    let dict = m["dict"].as_array().unwrap();
    let mut seen_chars = BTreeSet::new();
    for shard in dict {
        let chars: BTreeSet<char> = shard[0].as_str().unwrap().chars().collect();
        assert!(chars.is_disjoint(&seen_chars), "a first character in two shards");
        seen_chars.extend(chars);
    }
    for (t, df) in &index.terms {
        let c = t.chars().next().unwrap();
        let owner: Vec<usize> =
            dict.iter().enumerate().filter(|(_, s)| s[0].as_str().unwrap().contains(c)).map(|(i, _)| i).collect();
        assert_eq!(owner.len(), 1, "`{t}` belongs to one shard");
        assert_eq!(*df as usize, index.term(t).unwrap().len(), "df of `{t}`");
    }

    // Postings: several chunks in term order, each under the size bound unless one term.
    let post = m["post"].as_array().unwrap();
    assert!(post.len() > 3, "only {} posting chunks", post.len());
    for (n, chunk) in post.iter().enumerate() {
        let size = std::fs::metadata(out.join(chunk[1].as_str().unwrap())).unwrap().len() as usize;
        let first = chunk[0].as_u64().unwrap() as usize;
        let end = post.get(n + 1).map_or(index.terms.len(), |c| c[0].as_u64().unwrap() as usize);
        assert!(end > first);
        assert!(size <= search::POSTING_CHUNK_MAX + 200 || end - first == 1, "chunk {n} is {size} bytes");
    }

    // Store: whole notes per shard, documents in reading order.
    let store = m["store"].as_array().unwrap();
    assert!(store.len() > 3, "only {} store shards", store.len());
    for shard in store.iter().skip(1) {
        let first = shard[0].as_u64().unwrap() as usize;
        assert_ne!(index.docs[first - 1].url, index.docs[first].url, "a note split across store shards");
    }
    assert_eq!(index.docs.len(), 300 * 5);

    // Every file under search/ is named by the manifest (or is the manifest).
    let named: BTreeSet<String> = dict
        .iter()
        .chain(post)
        .chain(store)
        .map(|f| f[1].as_str().unwrap().to_string())
        .chain([manifest_path(&out), m["tagFile"].as_str().unwrap().to_string()])
        .collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(out.join("search"))
        .unwrap()
        .map(|e| format!("search/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    assert_eq!(named, on_disk);

    // A term unique to one section is in one chunk and points at that section.
    assert_eq!(index.find("unique123x2"), [("secure/note-123/#part-2-of-note-123".to_string(), BODY)]);
}

#[test]
fn two_builds_write_the_same_index() {
    let site = generated_site(40);
    let a = site.root.join("out-a");
    let b = site.root.join("out-b");
    build(&site.root, &a, &[]);
    build(&site.root, &b, &[]);
    assert_eq!(common::snapshot(&a.join("search")), common::snapshot(&b.join("search")));
}

// ---------------------------------------------------------------------------------------
// The default site: every term of every section is in the index, in its document

#[test]
fn every_term_of_the_default_site_can_be_found() {
    let root = common::repo_root();
    let out = std::env::temp_dir().join(format!("studysite-search-default-{}", std::process::id()));
    build(&root, &out, &[]);
    let index = Index::read(&out);

    // The same notes, split into sections by the library, as the oracle of what to find.
    let config = studysite::config::Config::load(&root).unwrap();
    let (loaded, _) = studysite::load::load(&root, false);
    let notes = loaded
        .notes
        .into_iter()
        .map(|n| {
            let (p, _) = studysite::markdown::parse(&n);
            (n, Arc::new(p))
        })
        .collect();
    let (site, _) = studysite::site::assemble(
        config,
        notes,
        loaded.categories,
        Default::default(),
        loaded.assets,
        loaded.broken_ids,
    );
    // Comparison tables come first (one document per table and per row); tests/browser
    // checks what they find.
    let table_docs: usize =
        loaded.comparisons.iter().map(|f| 1 + studysite::compare::parse(f).unwrap().rows.len()).sum();
    assert!(index.docs[..table_docs].iter().all(|d| d.url == "comparisons/"), "tables are not the first documents");
    let mut doc = table_docs;
    let mut checked = 0;
    let mut missing = Vec::new();
    for note in &site.notes {
        let cat = site.category(&note.source.category).map(|c| c.title.as_str()).unwrap_or("");
        let ns = search::sections(note, &note.parsed.events, cat, search::SNIPPET_MAX);
        for (i, s) in ns.sections.iter().enumerate() {
            let d = &index.docs[doc];
            assert_eq!((d.url.as_str(), d.anchor.as_str()), (note.url.as_str(), s.anchor.as_str()), "document {doc}");
            for (term, class) in ns.terms(i) {
                checked += 1;
                match index.term(term).and_then(|p| p.get(&(doc as u32))) {
                    Some(&c) if c == class => {}
                    other => {
                        missing.push(format!("{}#{}: `{term}` class {class}, found {other:?}", note.url, s.anchor))
                    }
                }
            }
            doc += 1;
        }
    }
    assert_eq!(doc, index.docs.len());
    assert!(checked > 5_000, "only {checked} terms checked");
    assert!(
        missing.is_empty(),
        "{} of {checked} terms not found:\n{}",
        missing.len(),
        missing[..missing.len().min(20)].join("\n")
    );
    let _ = std::fs::remove_dir_all(&out);
}
