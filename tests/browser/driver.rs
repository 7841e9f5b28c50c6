//! Headless Chromium through chromedriver and fantoccini, behind a synchronous API.
//!
//! One `Browser` is one chromedriver process with one Chromium session; the harness makes
//! one per test run and shares it. Every method panics with a clear message when the
//! browser fails, which fails the running test.

use std::fs::File;
use std::io::ErrorKind;
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value as Json};

/// The flags Chromium needs on a machine without network or GPU, run as root: no
/// sandbox as root, no GPU, and none of the background connections a closed network refuses.
const CHROME_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--lang=en-US",
];

pub const WINDOW: (u32, u32) = (1280, 900);

/// Where Chromium and chromedriver were found.
#[derive(Clone, Debug)]
pub struct BrowserTools {
    pub chrome: PathBuf,
    pub chromedriver: PathBuf,
}

impl BrowserTools {
    /// `$CHROME` or Debian's `/usr/bin/chromium`, and `$CHROMEDRIVER` or `chromedriver`.
    pub fn find() -> Result<BrowserTools, String> {
        let chrome = from_env_or_path("CHROME", &["chromium", "chromium-browser", "google-chrome"])
            .ok_or("no Chromium: install Debian's `chromium` or set CHROME to a Chrome binary")?;
        let chromedriver = from_env_or_path("CHROMEDRIVER", &["chromedriver"])
            .ok_or("no chromedriver: install Debian's `chromium-driver` or set CHROMEDRIVER")?;
        Ok(BrowserTools { chrome, chromedriver })
    }
}

/// The program named by environment variable `var`, or the first of `names` on the PATH.
pub fn from_env_or_path(var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(var).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    names.iter().flat_map(|n| std::env::split_paths(&path).map(move |d| d.join(n))).find(|p| p.is_file())
}

/// One entry of Chromium's browser log: console messages, script errors, failed requests.
#[derive(Clone, Debug)]
pub struct LogEntry {
    /// SEVERE, WARNING, INFO, DEBUG.
    pub level: String,
    /// `console-api`, `javascript`, `network`, …
    pub source: String,
    pub message: String,
}

impl LogEntry {
    pub fn is_error(&self) -> bool {
        self.level == "SEVERE"
    }
}

impl std::fmt::Display for LogEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[{} {}] {}", self.level, self.source, self.message)
    }
}

/// Light or dark theme of the default site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

pub struct Browser {
    rt: tokio::runtime::Runtime,
    client: Option<Client>,
    /// `sh` watching chromedriver: closing its stdin stops chromedriver and Chromium and
    /// removes the profile, also when this process dies without running destructors.
    watchdog: Child,
    watchdog_stdin: Option<ChildStdin>,
    screenshots: PathBuf,
    pub version: String,
}

impl Browser {
    /// Starts chromedriver on a free loopback port and opens one headless Chromium session.
    pub fn launch(tools: &BrowserTools, screenshots: &Path) -> Result<Browser, String> {
        let port = free_port();
        let profile = std::env::temp_dir().join(format!("studysite-chromium-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        std::fs::create_dir_all(&profile).map_err(|e| format!("{}: {e}", profile.display()))?;
        let log_path = profile.join("chromedriver.log");
        let log = File::create(&log_path).map_err(|e| e.to_string())?;
        // The watchdog shell leads a new process group holding chromedriver and Chromium.
        // When its stdin closes (this process ended, however) it ends the whole group and
        // removes the profile. Killing chromedriver alone would leave Chromium running.
        let watch = r#"profile="$1"; shift; "$@" & trap '' TERM; read -r _; kill -TERM "-$$" 2>/dev/null; wait; rm -rf "$profile""#;
        let mut watchdog = Command::new("sh")
            .args(["-c", watch, "sh"])
            .process_group(0)
            .arg(&profile)
            .arg(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::piped())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", tools.chromedriver.display()))?;
        let watchdog_stdin = watchdog.stdin.take();
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
        let mut browser = Browser {
            rt,
            client: None,
            watchdog,
            watchdog_stdin,
            screenshots: screenshots.to_path_buf(),
            version: String::new(),
        };
        let log_text = || std::fs::read_to_string(&log_path).unwrap_or_default();
        // chromedriver listens within a second or so.
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(format!("chromedriver did not listen on port {port}; its output:\n{}", log_text()));
            }
            if let Ok(Some(status)) = browser.watchdog.try_wait() {
                return Err(format!("chromedriver exited ({status}); its output:\n{}", log_text()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut args: Vec<String> = CHROME_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.join("profile").display()));
        args.push(format!("--window-size={},{}", WINDOW.0, WINDOW.1));
        let caps = json!({
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": { "script": 60_000, "pageLoad": 30_000, "implicit": 0 },
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": { "binary": tools.chrome, "args": args },
        });
        let caps = match caps {
            Json::Object(map) => map,
            _ => unreachable!(),
        };
        let client = browser
            .rt
            .block_on(
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(caps)
                    .connect(&format!("http://127.0.0.1:{port}/")),
            )
            .map_err(|e| format!("cannot open a Chromium session: {e}\nchromedriver's output:\n{}", log_text()))?;
        browser.version = client
            .capabilities()
            .and_then(|c| c.get("browserVersion"))
            .and_then(|v| v.as_str())
            .unwrap_or("?")
            .to_string();
        browser.client = Some(client);
        Ok(browser)
    }

    fn client(&self) -> &Client {
        self.client.as_ref().expect("browser session is open")
    }

    fn run<T, E: std::fmt::Display>(&self, what: &str, fut: impl std::future::Future<Output = Result<T, E>>) -> T {
        match self.rt.block_on(fut) {
            Ok(v) => v,
            Err(e) => panic!("browser: {what}: {e}"),
        }
    }

    /// Opens `url` and waits for its load event.
    #[track_caller]
    pub fn goto(&self, url: &str) {
        self.run(&format!("open {url}"), self.client().goto(url))
    }

    #[track_caller]
    pub fn reload(&self) {
        self.run("reload", self.client().refresh())
    }

    #[track_caller]
    pub fn current_url(&self) -> String {
        self.run("current url", self.client().current_url()).to_string()
    }

    #[track_caller]
    pub fn title(&self) -> String {
        self.run("title", self.client().title())
    }

    #[track_caller]
    fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.run(&format!("find `{css}`"), self.client().find(Locator::Css(css)))
    }

    /// Clicks the first element matching `css`.
    #[track_caller]
    pub fn click(&self, css: &str) {
        let el = self.find(css);
        self.run(&format!("click `{css}`"), el.click())
    }

    /// Types `text` into the first element matching `css` (a field gets focus first).
    #[track_caller]
    pub fn type_text(&self, css: &str, text: &str) {
        let el = self.find(css);
        self.run(&format!("type into `{css}`"), el.send_keys(text))
    }

    /// Empties the field matching `css`.
    #[track_caller]
    pub fn clear(&self, css: &str) {
        let el = self.find(css);
        self.run(&format!("clear `{css}`"), el.clear())
    }

    /// The rendered text of the first element matching `css`.
    #[track_caller]
    pub fn text(&self, css: &str) -> String {
        let el = self.find(css);
        self.run(&format!("text of `{css}`"), el.text())
    }

    /// An attribute of the first element matching `css`.
    #[track_caller]
    pub fn attr(&self, css: &str, name: &str) -> Option<String> {
        let el = self.find(css);
        self.run(&format!("attribute {name} of `{css}`"), el.attr(name))
    }

    /// How many elements match `css`.
    #[track_caller]
    pub fn count(&self, css: &str) -> usize {
        self.run(&format!("find all `{css}`"), self.client().find_all(Locator::Css(css))).len()
    }

    /// Runs `js` as a function body (`return` gives the value); `arguments` holds `args`.
    #[track_caller]
    pub fn eval_with(&self, js: &str, args: Vec<Json>) -> Json {
        self.run("execute script", self.client().execute(js, args))
    }

    #[track_caller]
    pub fn eval(&self, js: &str) -> Json {
        self.eval_with(js, Vec::new())
    }

    /// Runs `js` whose last argument is a callback to call with the result.
    #[track_caller]
    pub fn eval_async(&self, js: &str, args: Vec<Json>) -> Json {
        self.run("execute async script", self.client().execute_async(js, args))
    }

    /// Waits up to 5 s until the JavaScript expression `cond` is truthy.
    #[track_caller]
    pub fn wait_until(&self, cond: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        let js = format!("return !!({cond});");
        while !self.eval(&js).as_bool().unwrap_or(false) {
            if Instant::now() > deadline {
                panic!("browser: still false after 5 s: {cond}");
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// `Some("W px in V px")` when the page is wider than the window and stays so for 2 s
    /// (diagrams and widgets that draw late get that long to settle).
    pub fn stays_wide(&self) -> Option<String> {
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            let size = self.eval("var d = document.documentElement; return [d.scrollWidth, d.clientWidth];");
            if size[0].as_f64() <= size[1].as_f64() {
                return None;
            }
            if Instant::now() > deadline {
                return Some(format!("{} px in {} px", size[0], size[1]));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits up to 5 s for an element matching `css`.
    #[track_caller]
    pub fn wait_for(&self, css: &str) {
        self.wait_until(&format!("document.querySelector({})", json!(css)))
    }

    /// The browser log since the last call (chromedriver empties it on every read).
    #[track_caller]
    pub fn take_log(&self) -> Vec<LogEntry> {
        let entries = self.run("read the browser log", self.client().issue_cmd(GetBrowserLog));
        entries
            .as_array()
            .map(|a| a.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|e| LogEntry {
                level: e["level"].as_str().unwrap_or("").to_string(),
                source: e["source"].as_str().unwrap_or("").to_string(),
                message: e["message"].as_str().unwrap_or("").to_string(),
            })
            .collect()
    }

    /// Console errors, uncaught exceptions and failed requests since the last read.
    #[track_caller]
    pub fn take_errors(&self) -> Vec<LogEntry> {
        self.take_log().into_iter().filter(LogEntry::is_error).collect()
    }

    /// Turns the pages' own scripts off or on (as a reader's browser setting would); the
    /// test's `eval` still works. Takes effect from the next page load.
    #[track_caller]
    pub fn set_javascript(&self, on: bool) {
        self.cdp("Emulation.setScriptExecutionDisabled", json!({ "value": !on }));
    }

    /// Runs a Chrome DevTools Protocol command and returns its result.
    #[track_caller]
    pub fn cdp(&self, cmd: &str, params: Json) -> Json {
        let body = json!({ "cmd": cmd, "params": params });
        self.run(&format!("DevTools {cmd}"), self.client().issue_cmd(Cdp(body)))
    }

    /// Sets the viewport size of the window.
    #[track_caller]
    pub fn set_window_size(&self, width: u32, height: u32) {
        self.run("resize window", self.client().set_window_size(width, height))
    }

    /// Picks a theme the way a reader's choice is remembered (localStorage), reloads the
    /// current page so it is painted in that theme from the start, and checks it took.
    #[track_caller]
    pub fn set_theme(&self, theme: Theme) {
        self.eval_with("localStorage.setItem('studysite-theme', arguments[0]);", vec![json!(theme.name())]);
        self.reload();
        let now = self.eval("return document.documentElement.getAttribute('data-theme');");
        assert_eq!(now.as_str(), Some(theme.name()), "the page did not switch to the {} theme", theme.name());
    }

    /// Forgets the reader's theme choice (the page follows the system again after a reload).
    #[track_caller]
    pub fn forget_theme(&self) {
        self.eval("localStorage.removeItem('studysite-theme');");
    }

    /// Saves a PNG of the viewport as `target/screenshots/NAME.png` and returns its path.
    #[track_caller]
    pub fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.run("screenshot", self.client().screenshot());
        std::fs::create_dir_all(&self.screenshots).expect("create target/screenshots");
        let file: String =
            name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
        let path = self.screenshots.join(format!("{file}.png"));
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.rt.block_on(client.close());
        }
        drop(self.watchdog_stdin.take());
        let _ = self.watchdog.wait();
    }
}

/// chromedriver's log endpoint: `POST /session/{id}/se/log {"type":"browser"}`.
#[derive(Debug)]
struct GetBrowserLog;

impl WebDriverCompatibleCommand for GetBrowserLog {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_string()))
    }
}

/// chromedriver's DevTools passthrough: `POST /session/{id}/goog/cdp/execute`.
#[derive(Debug)]
struct Cdp(Json);

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
    }
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    loop {
        match TcpListener::bind("127.0.0.1:0") {
            Ok(l) => return l.local_addr().unwrap().port(),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => panic!("no free loopback port: {e}"),
        }
    }
}
