//! The test runner of tests/browser.rs (`harness = false`): runs the tests one after the
//! other in one process, so they share one Chromium session and one build of each site.
//!
//! It takes libtest's usual arguments: name filters, `--exact`, `--skip NAME`, `--list`
//! (so `cargo test --test browser NAME` and cargo-nextest work), and prints libtest's
//! summary line. A test whose tools are missing is skipped with a notice on a developer's
//! machine, and fails when the environment variable `CI` is set.
//!
//! Kept instead of libtest-mimic: the tests need one shared, lazily started Chromium
//! session and lazily built sites, skipping by missing tool (an error under `CI`), and
//! screenshots on failure, which would be this same code around libtest-mimic's runner.

use std::cell::OnceCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::checks::{find_axe, Vnu};
use super::driver::{Browser, BrowserTools};

/// What a test needs besides the studysite binary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Chromium and chromedriver.
    Browser,
    /// axe-core (needs the browser too).
    Axe,
    /// Java and vnu.jar.
    Vnu,
}

impl Need {
    fn label(self) -> &'static str {
        match self {
            Need::Browser => "Chromium",
            Need::Axe => "axe-core",
            Need::Vnu => "vnu",
        }
    }
}

/// A test's body: the shared environment and what `setup` built.
pub type TestFn<C> = Box<dyn Fn(&Env, &C)>;

pub struct Test<C> {
    pub name: String,
    pub needs: Vec<Need>,
    pub run: TestFn<C>,
}

/// A test named `name` that needs `needs` and runs `run`.
pub fn test<C>(name: impl Into<String>, needs: &[Need], run: impl Fn(&Env, &C) + 'static) -> Test<C> {
    Test { name: name.into(), needs: needs.to_vec(), run: Box::new(run) }
}

/// What the tests share: the tools found, and the browser, started on first use.
pub struct Env {
    browser_tools: Result<BrowserTools, String>,
    axe_path: Result<PathBuf, String>,
    vnu: Result<Vnu, String>,
    browser: OnceCell<Browser>,
    axe_source: OnceCell<String>,
    needed: Vec<Need>,
    target: PathBuf,
}

impl Env {
    /// The shared browser session, started on the first call.
    pub fn browser(&self) -> &Browser {
        self.browser.get_or_init(|| {
            let tools = self.browser_tools.as_ref().expect("tests that need Chromium are skipped without it");
            let started = Instant::now();
            let b = Browser::launch(tools, &self.screenshots()).unwrap_or_else(|e| panic!("{e}"));
            println!("  (Chromium {} started in {:.1} s)", b.version, started.elapsed().as_secs_f64());
            b
        })
    }

    /// axe-core's source, read once.
    pub fn axe(&self) -> &str {
        self.axe_source.get_or_init(|| {
            let path = self.axe_path.as_ref().expect("tests that need axe-core are skipped without it");
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
        })
    }

    pub fn vnu(&self) -> &Vnu {
        self.vnu.as_ref().expect("tests that need vnu are skipped without it")
    }

    /// Whether a selected test that will run needs `need` (to start slow work early).
    pub fn is_needed(&self, need: Need) -> bool {
        self.needed.contains(&need)
    }

    /// Cargo's target folder.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// `target/screenshots/`, where `Browser::screenshot` writes.
    pub fn screenshots(&self) -> PathBuf {
        self.target.join("screenshots")
    }

    /// A scratch folder for this binary under `target/tmp/`, emptied.
    pub fn scratch(&self, name: &str) -> PathBuf {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn missing(&self, need: Need) -> Option<String> {
        match need {
            Need::Browser => self.browser_tools.as_ref().err().cloned(),
            Need::Axe => self.browser_tools.as_ref().err().or(self.axe_path.as_ref().err()).cloned(),
            Need::Vnu => self.vnu.as_ref().err().cloned(),
        }
    }
}

fn in_ci() -> bool {
    std::env::var("CI").map(|v| !v.is_empty() && v != "0" && v != "false").unwrap_or(false)
}

struct Args {
    filters: Vec<String>,
    skips: Vec<String>,
    exact: bool,
    list: bool,
    ignored_only: bool,
}

fn parse_args() -> Args {
    let mut args = Args { filters: vec![], skips: vec![], exact: false, list: false, ignored_only: false };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--exact" => args.exact = true,
            "--list" => args.list = true,
            "--ignored" => args.ignored_only = true,
            "--skip" => args.skips.extend(it.next()),
            // libtest options with a value that do not matter here.
            "--test-threads" | "--format" | "--color" | "--logfile" | "-Z" | "--report-time" => {
                it.next();
            }
            s if s.starts_with('-') => {}
            s => args.filters.push(s.to_string()),
        }
    }
    args
}

impl Args {
    fn selects(&self, name: &str) -> bool {
        let hit = |f: &String| if self.exact { name == f } else { name.contains(f.as_str()) };
        (self.filters.is_empty() || self.filters.iter().any(hit))
            && !self.skips.iter().any(|s| name.contains(s.as_str()))
    }
}

/// Runs the selected tests and exits the process: 0 when none failed, 101 otherwise.
/// `setup` builds what the tests share (sites, servers); it runs only if a test will.
pub fn run_all<C>(tests: Vec<Test<C>>, setup: impl FnOnce(&Env) -> C) -> ! {
    let args = parse_args();
    if args.list {
        if !args.ignored_only {
            for t in tests.iter().filter(|t| args.selects(&t.name)) {
                println!("{}: test", t.name);
            }
        }
        std::process::exit(0);
    }
    let total = tests.len();
    let selected: Vec<Test<C>> =
        if args.ignored_only { vec![] } else { tests.into_iter().filter(|t| args.selects(&t.name)).collect() };
    let filtered_out = total - selected.len();

    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().to_path_buf();
    let mut env = Env {
        browser_tools: BrowserTools::find(),
        axe_path: find_axe(&target),
        vnu: Vnu::find(&target),
        browser: OnceCell::new(),
        axe_source: OnceCell::new(),
        needed: vec![],
        target,
    };
    let ci = in_ci();
    let mut notices: Vec<String> = vec![];
    for t in &selected {
        for &need in &t.needs {
            if let Some(why) = env.missing(need) {
                if !notices.contains(&why) {
                    notices.push(why);
                }
            } else if !env.needed.contains(&need) {
                env.needed.push(need);
            }
        }
    }
    for n in &notices {
        if ci {
            println!("browser tests: CI is set, so a missing tool fails its tests: {n}");
        } else {
            println!("browser tests: NOTICE: skipping the tests that need it: {n}");
        }
    }

    println!("\nrunning {} tests", selected.len());
    let started = Instant::now();
    let runnable = selected.iter().any(|t| t.needs.iter().all(|&n| env.missing(n).is_none()));
    let ctx = if runnable {
        match catch_unwind(AssertUnwindSafe(|| setup(&env))) {
            Ok(c) => Some(c),
            Err(_) => {
                println!("browser tests: setup failed (see the panic above)");
                None
            }
        }
    } else {
        None
    };

    let (mut passed, mut failed, mut ignored) = (0, vec![], 0);
    for t in &selected {
        let missing: Vec<&str> = t.needs.iter().filter(|&&n| env.missing(n).is_some()).map(|n| n.label()).collect();
        if !missing.is_empty() {
            if ci {
                println!("test {} ... FAILED (no {})", t.name, missing.join(", "));
                failed.push(t.name.clone());
            } else {
                println!("test {} ... ignored (no {})", t.name, missing.join(", "));
                ignored += 1;
            }
            continue;
        }
        let Some(ctx) = ctx.as_ref() else {
            println!("test {} ... FAILED (setup failed)", t.name);
            failed.push(t.name.clone());
            continue;
        };
        let t0 = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| (t.run)(&env, ctx)));
        let secs = t0.elapsed().as_secs_f64();
        match result {
            Ok(()) => {
                println!("test {} ... ok ({secs:.2} s)", t.name);
                passed += 1;
            }
            Err(_) => {
                println!("test {} ... FAILED ({secs:.2} s)", t.name);
                failed.push(t.name.clone());
            }
        }
    }
    drop(ctx);
    let used_browser = env.browser.get().is_some();
    drop(env); // closes Chromium and stops chromedriver

    if !failed.is_empty() {
        println!("\nfailures:");
        for f in &failed {
            println!("    {f}");
        }
    }
    let ran = passed + failed.len();
    println!(
        "\nbrowser tests: {ran} run ({passed} passed, {} failed), {ignored} skipped{}",
        failed.len(),
        if used_browser { ", one Chromium session" } else { "" }
    );
    println!(
        "test result: {}. {passed} passed; {} failed; {ignored} ignored; 0 measured; {filtered_out} filtered out; finished in {:.2}s\n",
        if failed.is_empty() { "ok" } else { "FAILED" },
        failed.len(),
        started.elapsed().as_secs_f64()
    );
    std::process::exit(if failed.is_empty() { 0 } else { 101 });
}
