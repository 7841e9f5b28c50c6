//! Runs the unit tests of static/compare.js under Node (`node --test`). Without Node the
//! test is skipped with a notice; with the environment variable `CI` set it fails.
//! (A general runner for every file in tests/js/ may replace this one.)

use std::process::Command;

#[test]
fn compare_js_unit_tests_pass_under_node() {
    let root = env!("CARGO_MANIFEST_DIR");
    let file = format!("{root}/tests/js/compare.test.js");
    let out = match Command::new("node").arg("--test").arg(&file).current_dir(root).output() {
        Ok(out) => out,
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("note: skipping the JavaScript unit tests: cannot run node ({e})");
            return;
        }
        Err(e) => panic!("CI is set but node cannot run: {e}"),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "node --test failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("# pass ") && !stdout.contains("# pass 0"), "no test ran:\n{stdout}");
}
