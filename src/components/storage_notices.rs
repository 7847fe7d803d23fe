//! What the page says about storage, on every page: work the browser would not save (with
//! "Download my work"), and stored data the lab keeps without using (set aside, from a newer lab).

use crate::components::progress_panel::download_progress;
use crate::download::download;
use crate::progress::KnownLesson;
use crate::storage::migration::Finding;
use crate::storage::{self, use_storage_health};
use std::rc::Rc;
use yew::prelude::*;

/// Entries listed before "and N more".
const LISTED: usize = 6;

/// Props of [`StorageNotices`].
#[derive(Properties, PartialEq)]
pub struct StorageNoticesProps {
    /// The lessons the page knows, for the progress file "Download my work" makes.
    pub lessons: Rc<Vec<KnownLesson>>,
}

/// The storage notices.
#[component]
pub fn StorageNotices(props: &StorageNoticesProps) -> Html {
    let health = use_storage_health();
    // Hidden for this page's life; shown again after a reload, since the data is still kept.
    let hidden = use_state(|| false);
    let on_download = {
        let lessons = props.lessons.clone();
        Callback::from(move |_: MouseEvent| download_progress(&lessons))
    };
    let on_retry = Callback::from(|_: MouseEvent| storage::retry());
    let on_kept_download = Callback::from(|_: MouseEvent| {
        download("sfn-lab-kept.json", &storage::kept_document(), "application/json");
    });
    let on_forget = Callback::from(|_: MouseEvent| {
        if gloo::dialogs::confirm(
            "Forget the copies the lab set aside? Download them first if you may need them.",
        ) {
            storage::forget_kept();
        }
    });
    let on_hide = {
        let hidden = hidden.clone();
        Callback::from(move |_: MouseEvent| hidden.set(true))
    };
    let any_kept = health.findings.iter().any(|f| matches!(f, Finding::Kept { .. }));
    let lines = finding_lines(&health.findings);
    html! {
        <>
            if let Some(failure) = &health.failure {
                <section id="storage-warning" class="storage-notice storage-warning" role="alert">
                    <p>
                        <strong>{ "Your work is not being saved: " }</strong>{ failure.to_string() }{ ". " }
                        { "What you type stays in this tab (a reload of it keeps it), but closing it would lose it. Download your work now: the file can be imported again on the lessons page." }
                    </p>
                    <div class="notice-actions">
                        <button id="storage-download" class="primary" onclick={on_download}>{ "⬇ Download my work" }</button>
                        <button id="storage-retry" onclick={on_retry}>{ "Try saving again" }</button>
                    </div>
                </section>
            }
            if !lines.is_empty() && !*hidden {
                <section id="storage-problems" class="storage-notice storage-kept" role="status">
                    <p><strong>{ "Some stored data cannot be used by this lab, and is kept as it was:" }</strong></p>
                    <ul>
                        { for lines.iter().take(LISTED).map(|line| html! { <li>{ line.clone() }</li> }) }
                        if lines.len() > LISTED {
                            <li>{ format!("…and {} more.", lines.len() - LISTED) }</li>
                        }
                    </ul>
                    <div class="notice-actions">
                        <button id="storage-kept-download" onclick={on_kept_download}>{ "⬇ Download them" }</button>
                        if any_kept {
                            <button id="storage-kept-forget" onclick={on_forget}>{ "Forget the set-aside copies" }</button>
                        }
                        <button id="storage-kept-hide" class="link" onclick={on_hide}>{ "Hide" }</button>
                    </div>
                </section>
            }
        </>
    }
}

/// One line per finding, those of a newer lab counted together.
fn finding_lines(findings: &[Finding]) -> Vec<Html> {
    let mut lines: Vec<Html> = findings
        .iter()
        .filter_map(|f| match f {
            Finding::Kept { record, .. } => Some(html! {
                <><code>{ &record.key }</code>{ format!(": {}; set aside.", record.reason) }</>
            }),
            Finding::Unknown { key } => Some(html! {
                <><code>{ key }</code>{ ": not written by this version of the lab; left as it is." }</>
            }),
            Finding::Newer { .. } => None,
        })
        .collect();
    let newer: Vec<u32> = findings
        .iter()
        .filter_map(|f| match f {
            Finding::Newer { version, .. } => Some(*version),
            _ => None,
        })
        .collect();
    if let Some(highest) = newer.iter().max() {
        lines.insert(
            0,
            html! { { format!(
                "{} entr{} written by a newer sfn-lab (storage version {highest}); left untouched. Open the newer lab to use {}.",
                newer.len(),
                if newer.len() == 1 { "y" } else { "ies" },
                if newer.len() == 1 { "it" } else { "them" }
            ) } },
        );
    }
    lines
}
