//! Headless Chromium through ChromeDriver: started per test, stopped when dropped.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;

/// A ChromeDriver process, killed on drop.
pub struct ChromeDriver {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl ChromeDriver {
    /// Starts `$CHROMEDRIVER` (default /usr/bin/chromedriver) on a free port and waits until it
    /// answers. Tests run in parallel: when another test's driver took the port first, this one
    /// exits at once, and a new port is tried.
    pub fn start() -> ChromeDriver {
        for _ in 0..5 {
            if let Some(driver) = Self::start_on_free_port() {
                return driver;
            }
        }
        panic!("chromedriver did not start on any of 5 free ports");
    }

    fn start_on_free_port() -> Option<ChromeDriver> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let mut child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {binary} ({e}); scripts/setup.sh installs chromium-driver")
            });
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if matches!(child.try_wait(), Ok(Some(_))) {
                return None;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        // Something answers on the port; it is ours only if our driver still runs.
        std::thread::sleep(Duration::from_millis(100));
        if matches!(child.try_wait(), Ok(Some(_))) {
            return None;
        }
        Some(ChromeDriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        })
    }

    /// A new headless browser session with a fresh profile.
    pub async fn session(&self) -> WebDriverResult<WebDriver> {
        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary(&std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into()))?;
        for arg in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1300,1000",
        ] {
            caps.add_arg(arg)?;
        }
        WebDriver::new(&self.url, caps).await
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
