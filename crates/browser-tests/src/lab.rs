//! A lab session for a test: the release bundle served from a sub-path, a headless browser, and helpers.

use crate::browser::ChromeDriver;
use crate::static_server::StaticServer;
use std::path::PathBuf;
use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

/// What a test step returns: the failure says what did not hold.
pub type Step<T = ()> = Result<T, String>;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// dist/ from `trunk build --release`, or `$E2E_DIST`.
pub fn dist() -> PathBuf {
    let dist = std::env::var_os("E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("dist"));
    assert!(
        dist.join("index.html").is_file(),
        "{} has no index.html: build the bundle first (scripts/wasm-env.sh trunk build --release)",
        dist.display()
    );
    dist
}

/// The bundle at `/lab/` on a plain static server, and a browser to look at it.
pub struct Lab {
    /// The browser.
    pub driver: WebDriver,
    /// The static server (its request log shows what the page fetched).
    pub server: StaticServer,
    _chromedriver: ChromeDriver,
}

impl Lab {
    /// Serves the bundle and opens a browser session.
    pub async fn start() -> Lab {
        Lab::start_serving(dist()).await
    }

    /// Serves `root` (a bundle: a copy of dist/ that a test changes) at `/lab/` and opens a
    /// browser session.
    pub async fn start_serving(root: PathBuf) -> Lab {
        let server = StaticServer::start(root, "/lab/");
        // A busy machine (two cores, tests in parallel) can refuse a first session: try again
        // with a fresh driver before calling the test failed.
        let mut last_error = None;
        for _ in 0..3 {
            let chromedriver = ChromeDriver::start();
            match chromedriver.session().await {
                Ok(driver) => {
                    return Lab {
                        driver,
                        server,
                        _chromedriver: chromedriver,
                    }
                }
                Err(error) => last_error = Some(error),
            }
        }
        panic!("no browser session after 3 tries: {last_error:?}");
    }

    /// `http://127.0.0.1:PORT/lab/`.
    pub fn home(&self) -> String {
        format!("{}/lab/", self.server.origin)
    }

    /// With `E2E_SCREENSHOTS=1`, saves what the page shows now as screenshots/NAME.png.
    pub async fn snapshot(&self, name: &str) {
        if std::env::var_os("E2E_SCREENSHOTS").is_some() {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("screenshots");
            let _ = std::fs::create_dir_all(&dir);
            let _ = self.driver.screenshot(&dir.join(format!("{name}.png"))).await;
        }
    }

    /// Ends the session; on failure saves a screenshot named after the test and panics with the reason.
    /// With `E2E_SCREENSHOTS=1` it saves the screenshot of a passing test too, to look at the page.
    pub async fn finish(self, test: &str, outcome: Step) {
        if outcome.is_ok() && std::env::var_os("E2E_SCREENSHOTS").is_some() {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("screenshots");
            let _ = std::fs::create_dir_all(&dir);
            let _ = self.driver.screenshot(&dir.join(format!("{test}.png"))).await;
        }
        if let Err(reason) = outcome {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("screenshots");
            let _ = std::fs::create_dir_all(&dir);
            let shot = dir.join(format!("{test}.png"));
            let _ = self.driver.screenshot(&shot).await;
            eprintln!("screenshot of the failure: {}", shot.display());
            let _ = self.driver.quit().await;
            panic!("{reason}");
        }
        self.driver.quit().await.expect("the browser closes");
    }

    /// The first element with this id, waiting for it to appear. An editor is returned once it
    /// is CodeMirror: the page shows a textarea until CodeMirror's bundle, loaded after the first
    /// render, arrives (src/components/editor.rs), and a test must not type into one that goes.
    pub async fn element(&self, id: &str) -> Step<WebElement> {
        for _ in 0..200 {
            let found = self
                .driver
                .query(By::Id(id))
                .first()
                .await
                .map_err(|e| format!("no #{id} on the page: {e}"))?;
            // The element may go between the query and this read (a textarea CodeMirror replaces).
            let Ok(class) = found.class_name().await else {
                continue;
            };
            if !class.is_some_and(|c| c.split_whitespace().any(|c| c == "editor-fallback")) {
                return Ok(found);
            }
            let waiting: bool = self
                .driver
                .execute(
                    "return !!document.getElementById('cm-editor-later') && !window.SfnEditorFailed;",
                    vec![],
                )
                .await
                .map_err(|e| e.to_string())?
                .convert()
                .map_err(|e| e.to_string())?;
            if !waiting {
                return Ok(found);
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        Err(format!("#{id} stayed a plain textarea: CodeMirror never arrived"))
    }

    /// The visible text of the element with this id.
    pub async fn text(&self, id: &str) -> Step<String> {
        self.element(id).await?.text().await.map_err(|e| e.to_string())
    }

    /// Clicks the element with this id, once it is enabled (Run waits for the interpreter's worker).
    pub async fn click(&self, id: &str) -> Step {
        let element = self.element(id).await?;
        element
            .wait_until()
            .enabled()
            .await
            .map_err(|e| format!("#{id} never became enabled: {e}"))?;
        element.click().await.map_err(|e| e.to_string())
    }

    /// Opens the playground, picks `example` and runs it.
    pub async fn run_example(&self, example: &str) -> Step {
        self.driver
            .goto(&format!("{}#/playground", self.home()))
            .await
            .map_err(|e| e.to_string())?;
        let select = self.element("example").await?;
        SelectElement::new(&select)
            .await
            .map_err(|e| e.to_string())?
            .select_by_value(example)
            .await
            .map_err(|e| e.to_string())?;
        self.click("run").await
    }

    /// Opens the lesson with this id and returns its editor.
    pub async fn open_lesson(&self, id: &str) -> Step<WebElement> {
        self.driver
            .goto(&format!("{}#/lesson/{id}", self.home()))
            .await
            .map_err(|e| e.to_string())?;
        self.element("editor").await
    }

    /// Opens the lesson with this id and pastes the solution in lessons/`folder`; returns the editor.
    pub async fn open_lesson_with_solution(&self, id: &str, folder: &str) -> Step<WebElement> {
        let editor = self.open_lesson(id).await?;
        let solution =
            std::fs::read_to_string(repo_root().join("lessons").join(folder).join("solution.asl.json"))
                .map_err(|e| e.to_string())?;
        replace_text(&editor, &solution).await?;
        Ok(editor)
    }

    /// Waits for the verdict with the given `data-passed` (`"true"` or `"false"`) and returns its text.
    pub async fn verdict(&self, passed: &str) -> Step<String> {
        let verdict = self.element("verdict").await?;
        verdict
            .wait_until()
            .has_attribute("data-passed", passed.to_string())
            .await
            .map_err(|e| format!("the verdict never had data-passed={passed}: {e}"))?;
        verdict.text().await.map_err(|e| e.to_string())
    }

    /// Picks the colour theme ("system", "light" or "dark") with the header's toggle, as a
    /// learner would, and waits until the page shows it (`<html data-theme>`).
    pub async fn choose_theme(&self, theme: &str) -> Step {
        let label = format!("Theme: {}{}", theme[..1].to_uppercase(), &theme[1..]);
        for _ in 0..3 {
            if self.text("theme-toggle").await? == label {
                break;
            }
            self.click("theme-toggle").await?;
        }
        let shown = self.text("theme-toggle").await?;
        check(
            shown == label,
            format!("the theme toggle shows {label:?}, not {shown:?}"),
        )?;
        if theme != "system" {
            let applied: String = self
                .driver
                .execute("return document.documentElement.dataset.theme;", vec![])
                .await
                .map_err(|e| e.to_string())?
                .convert()
                .map_err(|e| e.to_string())?;
            check(
                applied == theme,
                format!("the page's theme is {theme}, not {applied}"),
            )?;
        }
        Ok(())
    }

    /// Waits until the element with this id shows `text`.
    pub async fn wait_for_text(&self, id: &str, text: &str) -> Step<String> {
        let element = self.element(id).await?;
        element
            .wait_until()
            .condition(Box::new({
                let text = text.to_string();
                move |e: WebElement| {
                    let text = text.clone();
                    Box::pin(async move { Ok(e.text().await.map(|t| t.contains(&text)).unwrap_or(false)) })
                }
            }))
            .await
            .map_err(|e| format!("#{id} never showed '{text}': {e}"))?;
        element.text().await.map_err(|e| e.to_string())
    }
}

/// Fails with `what` unless `holds`.
pub fn check(holds: bool, what: impl Into<String>) -> Step {
    if holds {
        Ok(())
    } else {
        Err(what.into())
    }
}

/// The whole text of an editor: `editor` is its editable element (the element with the editor's id).
/// Read through the page's editor API (`SfnEditor.find(element).getText()`, editor/cm-entry.js),
/// or a textarea's value where the CodeMirror bundle did not load.
pub async fn editor_text(editor: &WebElement) -> Step<String> {
    let element = editor.to_json().map_err(|e| e.to_string())?;
    editor
        .handle()
        .execute(
            "const e = arguments[0]; const h = window.SfnEditor && SfnEditor.find(e);
             return h ? h.getText() : e.value;",
            vec![element],
        )
        .await
        .map_err(|e| e.to_string())?
        .convert()
        .map_err(|e| format!("the editor's text: {e}"))
}

/// Selects everything in an editor (Ctrl+A) and pastes `text` over it, as a person pasting a
/// prepared definition would; then checks the editor holds exactly that.
///
/// A paste, not typed keys: the editor indents a new line when Enter is pressed (a help when
/// typing by hand), so typing a document that brings its own indentation would indent twice.
/// [`type_text`] types with real keys.
pub async fn replace_text(editor: &WebElement, text: &str) -> Step {
    editor.click().await.map_err(|e| e.to_string())?;
    editor
        .send_keys(Key::Control + "a")
        .await
        .map_err(|e| e.to_string())?;
    let element = editor.to_json().map_err(|e| e.to_string())?;
    editor
        .handle()
        .execute(
            "const [e, text] = arguments;
             const data = new DataTransfer();
             data.setData('text/plain', text);
             e.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));",
            vec![element, serde_json::Value::String(text.to_string())],
        )
        .await
        .map_err(|e| format!("pasting into the editor: {e}"))?;
    let pasted = editor_text(editor).await?;
    check(
        pasted == text,
        format!("the editor holds what was pasted, not {pasted:?}"),
    )
}

/// Selects everything in an editor and types `text` over it key by key, as a person would; then
/// checks the editor holds exactly that. For text on one line (Enter would add indentation).
pub async fn type_text(editor: &WebElement, text: &str) -> Step {
    editor.click().await.map_err(|e| e.to_string())?;
    editor
        .send_keys(Key::Control + "a")
        .await
        .map_err(|e| e.to_string())?;
    editor.send_keys(Key::Delete).await.map_err(|e| e.to_string())?;
    editor.send_keys(text).await.map_err(|e| e.to_string())?;
    let typed = editor_text(editor).await?;
    check(
        typed == text,
        format!("the editor holds what was typed, not {typed:?}"),
    )
}
