//! A build killed at any moment leaves the output folder as the complete old site or
//! the complete new one, and the next build succeeds and leaves nothing behind.
//! 30 SIGKILLs at random moments of a 2,000-note build (`STUDYSITE_KILL_NOTES` and
//! `STUDYSITE_KILL_ROUNDS` change the figures). Not timed: only states are checked.

mod common;

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{snapshot, TempSite};

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Writes every note of version `v`: each page differs between versions, so a mix of
/// the two shows up as a folder equal to neither.
fn write_version(site: &TempSite, notes: usize, v: &str) {
    for i in 0..notes {
        let body = format!(
            "+++\ntitle = \"Topic {i}\"\nsummary = \"Summary {i}, version {v}.\"\ntags = [\"t{}\"]\n+++\n\n## Overview\n\nVersion {v} of topic {i} mentions Topic {}.\n\n## Details\n\n- a point\n- another point about [[Topic {}]]\n\n```rust\nfn main() {{ println!(\"{v}\"); }}\n```\n",
            i % 7,
            (i + 1) % notes,
            (i + 3) % notes
        );
        site.write(&format!("notes/c{}/topic-{i}.md", i % 20), &body);
    }
}

fn digest(dir: &Path) -> u64 {
    let mut h = DefaultHasher::new();
    snapshot(dir).hash(&mut h);
    h.finish()
}

fn build(site: &TempSite, out: &str) -> Duration {
    let started = Instant::now();
    let run = site.run(&["build", "--out", out]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    started.elapsed()
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".studysite-"))
        .collect()
}

#[test]
fn a_killed_build_leaves_the_old_or_the_new_site_never_a_mix() {
    let notes = env_or("STUDYSITE_KILL_NOTES", 2000);
    let rounds = env_or("STUDYSITE_KILL_ROUNDS", 30);
    let site = TempSite::new("kill");
    site.write("studysite.toml", "title = \"Kill test\"\n");
    write_version(&site, notes, "A");
    build(&site, "ref-a");
    write_version(&site, notes, "B");
    build(&site, "ref-b");
    let references = [digest(&site.root.join("ref-a")), digest(&site.root.join("ref-b"))];
    assert_ne!(references[0], references[1]);

    // A small xorshift generator; the seed is printed so a failing run can be repeated.
    let mut seed = std::env::var("STUDYSITE_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    });
    let mut random = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };

    build(&site, "public");
    // The length of a build that replaces an existing site, which the kills sample.
    let duration = build(&site, "public");
    println!("kill test: {notes} notes, {rounds} rounds, replacing build {duration:?}, seed {seed}");
    let mut current = 1; // the output folder holds version B
    let (mut old_seen, mut new_seen, mut finished_first) = (0, 0, 0);
    let exe = env!("CARGO_BIN_EXE_studysite");
    for round in 0..rounds {
        let next = 1 - current;
        write_version(&site, notes, ["A", "B"][next]);
        // Uniform over 0.1–1.1 build lengths, so kills land in loading, rendering,
        // writing, the swap and after the end.
        let span = duration.as_micros() as u64;
        let delay = Duration::from_micros(span / 10 + random() % (span + 1));
        let mut child = Command::new(exe)
            .args(["build", "--out", "public"])
            .current_dir(&site.root)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_some() {
            finished_first += 1;
        }
        let _ = child.kill(); // SIGKILL on Unix
        child.wait().unwrap();
        let state = digest(&site.root.join("public"));
        if state == references[current] {
            old_seen += 1;
        } else if state == references[next] {
            new_seen += 1;
        } else {
            panic!("round {round}: after a kill at {delay:?} the output folder is neither the old nor the new site");
        }
        // The next build succeeds, repairs whatever the kill left, and leaves nothing.
        build(&site, "public");
        assert_eq!(digest(&site.root.join("public")), references[next], "round {round}");
        assert_eq!(leftovers(&site.root), Vec::<String>::new(), "round {round}");
        current = next;
    }
    println!(
        "kill test: {rounds} kills: old site intact {old_seen}, new site complete {new_seen} (of which the build had already exited {finished_first}); every next build succeeded with no leftovers"
    );
}
