//! Helpers shared by the progress, instructor and storage tests: downloads read back from the
//! page, and an axe-core audit of the page as it is.
// Each test binary uses a part of this module.
#![allow(dead_code)]

use browser_tests::lab::{check, repo_root, Lab, Step};
use serde_json::Value;

/// Records the downloads the page starts (the links it clicks) instead of saving them.
pub async fn capture_downloads(lab: &Lab) -> Step {
    lab.driver
        .execute(
            "window.__saved = [];
             HTMLAnchorElement.prototype.click = function () {
                 window.__saved.push({href: this.href, download: this.download});
             };",
            vec![],
        )
        .await
        .map(drop)
        .map_err(|e| e.to_string())
}

/// The `index`-th download's file name and text, read from its Blob URL.
pub async fn downloaded(lab: &Lab, index: usize) -> Step<(String, String)> {
    let saved = lab
        .driver
        .execute(
            "const s = window.__saved[arguments[0]];
             if (!s) return null;
             return fetch(s.href).then(r => r.text()).then(text => ({href: s.href, download: s.download, text}));",
            vec![Value::from(index)],
        )
        .await
        .map_err(|e| e.to_string())?;
    let saved = saved.json().clone();
    check(
        saved["href"].as_str().is_some_and(|h| h.starts_with("blob:")),
        format!("the page offered a Blob URL to download: {saved}"),
    )?;
    Ok((
        saved["download"].as_str().unwrap_or_default().to_string(),
        saved["text"].as_str().unwrap_or_default().to_string(),
    ))
}

/// Runs axe-core (npm's, from node_modules) on the page as it is now; fails listing every
/// serious or critical violation.
pub async fn audit(lab: &Lab, page: &str) -> Step {
    let path = repo_root().join("node_modules/axe-core/axe.min.js");
    let source = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "cannot read {}: {e}; scripts/setup.sh installs it",
            path.display()
        )
    })?;
    lab.driver
        .execute(
            "if (!window.axe) { const s = document.createElement('script');
               s.textContent = arguments[0]; document.head.appendChild(s); }",
            vec![Value::String(source)],
        )
        .await
        .map_err(|e| format!("injecting axe-core: {e}"))?;
    let violations: Vec<Value> = lab
        .driver
        .execute(
            "return axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
               id: v.id, impact: v.impact, help: v.help,
               targets: v.nodes.map(n => n.target.join(' ')) })));",
            vec![],
        )
        .await
        .map_err(|e| format!("running axe on {page}: {e}"))?
        .convert()
        .map_err(|e| format!("axe's violations on {page}: {e}"))?;
    let serious: Vec<String> = violations
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .map(|v| format!("[{}] {}: {} at {}", v["impact"], v["id"], v["help"], v["targets"]))
        .collect();
    check(
        serious.is_empty(),
        format!(
            "axe found serious or critical violations on {page}:\n{}",
            serious.join("\n")
        ),
    )
}
