//! Never a panic on user input: mangled front matter, quiz blocks, comparison tables and
//! Markdown (cut, spliced and with bytes swapped, from a fixed seed) go through the parsers.

use studysite::{compare, frontmatter, load, quiz};

const NOTE: &str = "+++\ntitle = \"Kinesis\"\nkeywords = [\"KDS\", \"Shard#shards\"]\ntags = [\"a\"]\nweight = 3\n+++\n\n## Shards\n\nText [[x|y]] and [a](b.md#c) ![i](j.png) `code` **bold**[^1]\n\n> [!TIP]\n> tip\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```quiz\n[[question]]\nprompt = \"p\"\nchoices = [\"a\", \"b\"]\nanswer = 1\n```\n\n```compare t\n```\n\n[^1]: note\n";
const YAML: &str = "---\ntitle: \"Y: z\"\ntags: [a, 'b']\nkeywords:\n  - K\n  - L # c\ndraft: false\n---\nbody\n";
const TABLE: &str = "title = \"T\"\nsubjects = [\"a/b\", \"c/d#e\"]\nlabels = [\"A\", \"C\"]\n[[row]]\nlabel = \"x\"\ncells = [\"1\", \"2\"]\n";

/// A small deterministic generator, so failures reproduce.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Pieces the mutations insert: syntax characters, and the whitespace and punctuation
/// that sit next to them in real notes (ASCII and Unicode spaces, a byte-order mark,
/// full stops before links, info strings).
const PIECES: &[&str] = &[
    " ",
    "\t",
    "\r\n",
    "\u{a0}",
    "\u{2003}",
    "\u{3000}",
    "\u{2028}",
    "\u{feff}",
    ". ",
    ".[ ",
    "[ ",
    "](",
    "#",
    "C#",
    "```",
    "~~~",
    "``` compare",
    "\u{2003}compare",
    "quiz",
    "[[",
    "]]",
    "|",
    "==",
    "%%",
    "$",
    "é",
    "日本",
    "\"",
    "'",
    "\\",
    "<",
    "</script>",
    "{#",
    "[^",
    "> [!",
];

fn mangle(rng: &mut Lcg, text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.next(6) {
        let len = bytes.len().max(1);
        match rng.next(6) {
            0 => bytes.truncate(rng.next(len)),
            1 => {
                let at = rng.next(len);
                let piece: Vec<u8> = bytes[rng.next(len)..].iter().take(rng.next(40)).copied().collect();
                bytes.splice(at.min(bytes.len())..at.min(bytes.len()), piece);
            }
            2 if !bytes.is_empty() => {
                let at = rng.next(bytes.len());
                const SPECIAL: &[u8] = b"\"[]=#+-\n\\{}|`*>!:' \t.\0\xff";
                bytes[at] = SPECIAL[rng.next(SPECIAL.len())];
            }
            3 if !bytes.is_empty() => {
                let at = rng.next(bytes.len());
                bytes.remove(at);
            }
            4 => {
                let at = rng.next(bytes.len() + 1);
                let piece = PIECES[rng.next(PIECES.len())].as_bytes();
                bytes.splice(at..at, piece.iter().copied());
            }
            _ => bytes.extend_from_slice("é\u{2028}[[".as_bytes()),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn parsers_never_panic_on_mangled_input() {
    let mut rng = Lcg(42);
    for _ in 0..20000 {
        let note = mangle(&mut rng, NOTE);
        if let Ok(split) = frontmatter::split("n.md", &note) {
            let source = load::SourceNote {
                id: "a/n".into(),
                rel_path: "notes/a/n.md".into(),
                text: note.as_str().into(),
                hash: 0,
                front: split.front,
                body_offset: split.body_offset,
                category: "a".into(),
            };
            let _ = studysite::markdown::parse(&source);
        }
        let body = mangle(&mut rng, &NOTE[NOTE.find("## ").unwrap()..]);
        let _ = studysite::markdown::parse_body("n.md", &body, 0, "n");
        let _ = frontmatter::split("y.md", &mangle(&mut rng, YAML));
        let q = mangle(
            &mut rng,
            "[[question]]\nprompt = \"p\"\nchoices = [\"a\", \"b\"]\nanswers = [0, 1]\nexplain = \"e\"\n",
        );
        let _ = quiz::parse("q.md", &q, &q, 0, "q", 0);
        let t = mangle(&mut rng, TABLE);
        let _ = compare::parse(&load::ComparisonFile { name: "t".into(), rel_path: "t.toml".into(), text: t });
    }
}

#[test]
fn whole_builds_of_mangled_sites_report_instead_of_panicking() {
    // More rounds and another seed to hunt for new panics: STUDYSITE_FUZZ_ROUNDS, _SEED.
    let rounds = std::env::var("STUDYSITE_FUZZ_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(150);
    let mut rng = Lcg(std::env::var("STUDYSITE_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(7));
    let root = std::env::temp_dir().join(format!("studysite-robust-{}", std::process::id()));
    for round in 0..rounds {
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("notes/a")).unwrap();
        std::fs::create_dir_all(root.join("notes/_comparisons")).unwrap();
        for i in 0..3 {
            std::fs::write(root.join(format!("notes/a/n{i}.md")), mangle(&mut rng, NOTE)).unwrap();
        }
        std::fs::write(root.join("notes/_comparisons/t.toml"), mangle(&mut rng, TABLE)).unwrap();
        if round % 3 == 0 {
            std::fs::write(root.join("studysite.toml"), mangle(&mut rng, "title = \"T\"\n[links]\nmode = \"every\"\n"))
                .unwrap();
        }
        let mut opts = studysite::BuildOptions::new(&root);
        opts.write = false;
        match studysite::build(&opts) {
            Ok(_) => {}
            Err(diags) => assert!(!diags.is_empty() && diags.0.iter().all(|d| !d.message.is_empty())),
        }
    }
    let _ = std::fs::remove_dir_all(&root);
}
