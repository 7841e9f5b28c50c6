//! The browser test harness (see tests/browser.rs): a static server, a Chromium session,
//! the page checks, and the runner.

pub mod checks;
pub mod compare;
pub mod driver;
pub mod harness;
pub mod live;
pub mod quiz;
pub mod reading;
pub mod search;
pub mod server;
pub mod site;
pub mod study;
