//! Export to AWS: the playground's definition as what it needs to run on AWS Step Functions (an
//! AWS CLI script, a CloudFormation template or a Terraform configuration), made in the worker
//! and downloaded from the page, as `sfn-lab export` writes it.

use crate::download::download;
use crate::worker::client;
use crate::worker::protocol::{Request, Response};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Props of [`ExportButton`].
#[derive(Properties, PartialEq)]
pub struct ExportButtonProps {
    /// The definition's text.
    pub definition: AttrValue,
    /// The scenario's text.
    pub scenario: AttrValue,
    /// The execution input's text.
    pub input: AttrValue,
}

/// The form picker, the button, and what came of the last export.
#[component]
pub fn ExportButton(props: &ExportButtonProps) -> Html {
    let format = use_state(|| "cloudformation".to_string());
    let said = use_state(|| None::<Result<String, String>>);
    let on_format = {
        let format = format.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                format.set(select.value());
            }
        })
    };
    let on_export = {
        let (format, said) = (format.clone(), said.clone());
        let (definition, scenario, input) = (
            props.definition.clone(),
            props.scenario.clone(),
            props.input.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let request = Request::Export {
                definition: definition.to_string(),
                scenario: scenario.to_string(),
                input: input.to_string(),
                format: (*format).clone(),
            };
            let said = said.clone();
            client::request(request, move |reply| {
                said.set(Some(match reply {
                    Response::Exported(Ok((file, text))) => {
                        if download(&file, &text, "text/plain") {
                            Ok(format!(
                                "Saved {file}: it says what it creates and how to start an execution."
                            ))
                        } else {
                            Err(format!("The browser did not save {file}."))
                        }
                    }
                    Response::Exported(Err(problem)) => Err(problem),
                    _ => Err("No export: the interpreter gave an unexpected answer.".to_string()),
                }));
            });
        })
    };
    html! {
        <div class="export-bar">
            <label for="export-format">{ "Run it on AWS: " }</label>
            <select id="export-format" onchange={on_format}>
                <option value="cloudformation" selected={*format == "cloudformation"}>{ "CloudFormation template" }</option>
                <option value="terraform" selected={*format == "terraform"}>{ "Terraform configuration" }</option>
                <option value="aws-cli" selected={*format == "aws-cli"}>{ "AWS CLI script" }</option>
            </select>
            <button id="export-aws" onclick={on_export}
                title="Stubs for the functions, queues, tables and buckets it uses, an IAM role, and the state machine">{ "Export to AWS" }</button>
            { match &*said {
                None => html! {},
                Some(Ok(message)) => html! { <span id="export-result" class="muted" role="status">{ message }</span> },
                Some(Err(problem)) => html! { <span id="export-result" class="problem-text" role="alert">{ problem }</span> },
            } }
        </div>
    }
}
