//! The front-end logic's unit tests (tests/js/*.test.js, Node's built-in runner) as part
//! of `cargo test`. Without Node they are skipped with a notice; with `CI` set, a missing
//! Node is a failure.

use std::process::Command;

#[test]
fn node_unit_tests_pass() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let node = std::env::var_os("NODE").unwrap_or_else(|| "node".into());
    let run = match Command::new(&node).arg("--test").arg("tests/js/").current_dir(root).output() {
        Ok(out) => out,
        Err(e) if std::env::var_os("CI").is_some() => panic!("CI is set but Node cannot be run ({e})"),
        Err(e) => {
            eprintln!("NOTICE: skipping the JavaScript unit tests (tests/js/): cannot run node ({e})");
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "node --test tests/js/ failed:\n{stdout}\n{stderr}");
    // A run that found no test files passes too; make sure the tests were there.
    let passed = stdout.lines().find_map(|l| l.strip_prefix("# pass ")).and_then(|n| n.trim().parse::<u32>().ok());
    assert!(passed.is_some_and(|n| n >= 10), "too few JavaScript tests ran:\n{stdout}");
}
