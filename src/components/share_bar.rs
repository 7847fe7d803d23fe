//! Share links on the page: "Share" in the playground makes a link that holds its definition,
//! input and scenario; "Open in playground" takes a lesson's text and a check's input there.

use crate::share::{hash_for, Shared};
use yew::platform::spawn_local;
use yew::prelude::*;

/// The page's address with another hash: the link works from wherever the lab is hosted.
fn link_for(hash: &str) -> String {
    let location = gloo::utils::window().location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}{hash}")
}

/// Props of [`ShareBar`].
#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    /// What the link holds now.
    pub shared: Shared,
}

/// "Share", then the link to copy and its length.
#[component]
pub fn ShareBar(props: &ShareBarProps) -> Html {
    let link = use_state(|| None::<Result<String, String>>);
    // A link made for other texts would share what is no longer there.
    {
        let link = link.clone();
        use_effect_with(props.shared.clone(), move |_| link.set(None));
    }
    let on_share = {
        let (link, shared) = (link.clone(), props.shared.clone());
        Callback::from(move |_: MouseEvent| {
            let link = link.clone();
            let shared = shared.clone();
            spawn_local(async move {
                link.set(Some(hash_for(&shared).await.map(|hash| link_for(&hash))));
            });
        })
    };
    html! {
        <div class="share-bar">
            <button id="share-link" onclick={on_share}
                title="A link that holds this definition, input and scenario; nothing is sent anywhere">{ "Share link" }</button>
            { match &*link {
                None => html! {},
                Some(Ok(url)) => html! {
                    <>
                        <input id="share-url" class="share-url" readonly=true value={url.clone()} aria-label="Share link: copy it" />
                        <span class="muted">{ format!("{} characters", url.chars().count()) }</span>
                    </>
                },
                Some(Err(problem)) => html! { <span class="problem" role="alert">{ format!("No link: {problem}") }</span> },
            } }
        </div>
    }
}

/// Props of [`OpenInPlayground`].
#[derive(Properties, PartialEq)]
pub struct OpenInPlaygroundProps {
    /// What the playground opens with.
    pub shared: Shared,
}

/// "Open in playground": the playground opens with these texts (and keeps its own to restore).
#[component]
pub fn OpenInPlayground(props: &OpenInPlaygroundProps) -> Html {
    let onclick = {
        let shared = props.shared.clone();
        Callback::from(move |_: MouseEvent| {
            let shared = shared.clone();
            spawn_local(async move {
                match hash_for(&shared).await {
                    Ok(hash) => {
                        let _ = gloo::utils::window().location().set_hash(&hash);
                    }
                    Err(problem) => gloo::dialogs::alert(&format!("Cannot open the playground: {problem}")),
                }
            });
        })
    };
    html! {
        <button id="open-in-playground" {onclick}
            title="Try this definition with this check's input in the playground">{ "Open in playground" }</button>
    }
}
