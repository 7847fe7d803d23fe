//! The simulated services as their consoles show them: queues with their messages, tables with
//! their items, buckets with their objects, topics with what was published and delivered,
//! EventBridge events, Lambda invocations, child executions and Map Runs.
//!
//! It reads the services' snapshot (`asl::ExecutionResult::services`), plain JSON whose shape each
//! simulated service documents; a field missing from it shows as a dash rather than failing.

use crate::components::json_block::{json_block, text_block};
use crate::run_view::attribute_values::cell_text;
use asl::clock::Timestamp;
use serde_json::{Map, Value};
use yew::prelude::*;

/// How much of an object's body the bucket table shows.
const BODY_PREVIEW_CHARS: usize = 400;

/// Props of [`ServicesTables`].
#[derive(Properties, PartialEq)]
pub struct ServicesTablesProps {
    /// The services' snapshot.
    pub services: Value,
}

/// Every service that holds something, one section each.
#[component]
pub fn ServicesTables(props: &ServicesTablesProps) -> Html {
    let sections = service_sections(&props.services);
    if sections.is_empty() {
        html! { <p class="muted">{ "No service holds anything yet." }</p> }
    } else {
        html! { <div class="service-tables">{ for sections }</div> }
    }
}

/// Whether any service holds something worth showing (a queue, a table, an invocation...).
pub fn holds_anything(services: &Value) -> bool {
    !service_sections(services).is_empty()
}

/// A section for each service that holds something.
fn service_sections(services: &Value) -> Vec<Html> {
    [
        sqs(services),
        sns(services),
        dynamodb(services),
        s3(services),
        eventbridge(services),
        lambda(services),
        stepfunctions(services),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The members of the object at `path`, in their order.
fn members<'a>(value: &'a Value, path: &[&str]) -> Vec<(&'a String, &'a Value)> {
    path.iter()
        .try_fold(value, |v, key| v.get(key))
        .and_then(Value::as_object)
        .map(|map| map.iter().collect())
        .unwrap_or_default()
}

/// The array at `path`.
fn items<'a>(value: &'a Value, path: &[&str]) -> &'a [Value] {
    path.iter()
        .try_fold(value, |v, key| v.get(key))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// A field as text: strings as they are, numbers and booleans printed, a dash when absent.
fn field(value: &Value, key: &str) -> String {
    match value.get(key) {
        Some(Value::String(text)) => text.clone(),
        None | Some(Value::Null) => "—".to_string(),
        Some(other) => other.to_string(),
    }
}

/// An id, shortened to its first 8 characters with the whole of it on hover.
fn short_id(id: &str) -> Html {
    let short: String = id.chars().take(8).collect();
    let ellipsis = if id.chars().count() > 8 { "…" } else { "" };
    html! { <code class="id" title={id.to_string()}>{ short }{ ellipsis }</code> }
}

/// A timestamp from the snapshot (ISO 8601 text, or milliseconds since the epoch).
fn time(value: Option<&Value>) -> Html {
    let text = match value {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(|ms| Timestamp(ms).to_iso8601())
            .unwrap_or_else(|| n.to_string()),
        _ => "—".to_string(),
    };
    // Date and time on two lines: the tables are narrow, and most runs share one date.
    match text.split_once('T') {
        Some((date, clock)) => {
            html! { <span class="time" title={text.clone()}>{ date }<br />{ clock }</span> }
        }
        None => html! { <span class="time">{ text }</span> },
    }
}

/// `1 message`, `3 messages`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A service's section: its name and what it holds.
fn section(id: &str, title: &str, body: Html) -> Html {
    html! {
        <section class="service" id={format!("service-{id}")}>
            <h3>{ title }</h3>
            { body }
        </section>
    }
}

/// A resource's heading: `Queue orders.fifo  FIFO  1 message`.
fn resource_heading(kind: &str, name: &str, tags: &[&str], count: String) -> Html {
    html! {
        <h4 class="resource">
            { kind }{ " " }<code>{ name }</code>
            { for tags.iter().map(|t| html! { <span class="tag">{ *t }</span> }) }
            <span class="count">{ count }</span>
        </h4>
    }
}

/// A table with these column titles (those in `numeric` aligned as numbers) and rows.
fn data_table(titles: &[&str], numeric: &[&str], rows: Html) -> Html {
    html! {
        <table class="data">
            <thead><tr>
                { for titles.iter().map(|t| html! { <th class={numeric.contains(t).then_some("number")}>{ *t }</th> }) }
            </tr></thead>
            <tbody>{ rows }</tbody>
        </table>
    }
}

fn sqs(services: &Value) -> Option<Html> {
    let queues = members(services, &["sqs", "queues"]);
    if queues.is_empty() {
        return None;
    }
    let body = html! { <>{ for queues.into_iter().map(|(name, queue)| {
        let messages = items(queue, &["messages"]);
        let fifo = queue.get("fifo").and_then(Value::as_bool).unwrap_or(false);
        html! {
            <div class="resource-block" tabindex="0">
                { resource_heading("Queue", name, if fifo { &["FIFO"] } else { &[] }, count(messages.len(), "message", "messages")) }
                if messages.is_empty() {
                    <p class="muted">{ "No messages." }</p>
                } else {
                    { data_table(&["Message ID", "Body", "Group", "Sent at"], &[], html! { <>
                            { for messages.iter().map(|m| html! {
                                <tr class="sqs-message">
                                    <td>{ short_id(&field(m, "messageId")) }</td>
                                    <td class="body">{ text_block(&field(m, "body")) }</td>
                                    <td>{ m.pointer("/attributes/MessageGroupId").and_then(Value::as_str).unwrap_or("—") }</td>
                                    <td>{ time(m.get("sentAt")) }</td>
                                </tr>
                            }) }
                    </> }) }
                }
            </div>
        }
    }) }</> };
    Some(section("sqs", "Amazon SQS", body))
}

fn sns(services: &Value) -> Option<Html> {
    let topics = members(services, &["sns", "topics"]);
    let sms = items(services, &["sns", "sms"]);
    if topics.is_empty() && sms.is_empty() {
        return None;
    }
    let topic = |(name, topic): (&String, &Value)| {
        let messages = items(topic, &["messages"]);
        let subscriptions = items(topic, &["subscriptions"]);
        let fifo = topic.get("fifo").and_then(Value::as_bool).unwrap_or(false);
        html! {
            <div class="resource-block" tabindex="0">
                { resource_heading("Topic", name, if fifo { &["FIFO"] } else { &[] }, count(messages.len(), "message", "messages")) }
                if !subscriptions.is_empty() {
                    <p class="subscriptions">{ "Subscribers: " }
                        { for subscriptions.iter().map(|s| html! {
                            <span class="subscription"><span class="tag">{ field(s, "protocol") }</span>{ " " }<code>{ field(s, "endpoint") }</code></span>
                        }) }
                    </p>
                }
                if messages.is_empty() {
                    <p class="muted">{ "Nothing published." }</p>
                } else {
                    { data_table(&["Message ID", "Subject", "Message", "Deliveries", "Published at"], &[], html! { <>
                            { for messages.iter().map(|m| html! {
                                <tr class="sns-message">
                                    <td>{ short_id(&field(m, "messageId")) }</td>
                                    <td>{ field(m, "subject") }</td>
                                    <td class="body">{ text_block(&field(m, "message")) }</td>
                                    <td class="deliveries">{ deliveries(items(m, &["deliveries"])) }</td>
                                    <td>{ time(m.get("publishedAt")) }</td>
                                </tr>
                            }) }
                    </> }) }
                }
            </div>
        }
    };
    let body = html! {
        <>
            { for topics.into_iter().map(topic) }
            if !sms.is_empty() {
                <div class="resource-block" tabindex="0">
                    { resource_heading("Text messages", "SMS", &[], count(sms.len(), "message", "messages")) }
                    { data_table(&["Phone number", "Message", "Published at"], &[], html! { <>
                            { for sms.iter().map(|m| html! {
                                <tr><td><code>{ field(m, "phoneNumber") }</code></td><td class="body">{ text_block(&field(m, "message")) }</td><td>{ time(m.get("publishedAt")) }</td></tr>
                            }) }
                    </> }) }
                </div>
            }
        </>
    };
    Some(section("sns", "Amazon SNS", body))
}

/// What each subscriber of a topic received.
fn deliveries(deliveries: &[Value]) -> Html {
    if deliveries.is_empty() {
        return html! { <span class="muted">{ "no subscribers" }</span> };
    }
    html! {
        <ul class="deliveries">
            { for deliveries.iter().map(|d| html! {
                <li>
                    <span class="tag">{ field(d, "protocol") }</span>{ " " }<code>{ field(d, "endpoint") }</code>
                    if let Some(subject) = d.get("subject").and_then(Value::as_str) { <div class="muted">{ "Subject: " }{ subject }</div> }
                    { text_block(&field(d, "body")) }
                </li>
            }) }
        </ul>
    }
}

fn dynamodb(services: &Value) -> Option<Html> {
    let tables = members(services, &["dynamodb", "tables"]);
    if tables.is_empty() {
        return None;
    }
    let body = html! { <>{ for tables.into_iter().map(|(name, table)| {
        let rows = items(table, &["items"]);
        let key = table.get("key").and_then(Value::as_object).cloned().unwrap_or_default();
        let columns = item_columns(&key, rows);
        html! {
            <div class="resource-block" tabindex="0">
                { resource_heading("Table", name, &[], count(rows.len(), "item", "items")) }
                if rows.is_empty() {
                    <p class="muted">{ "No items." }</p>
                } else {
                    <table class="data items">
                        <thead><tr>
                            { for columns.iter().map(|c| html! {
                                <th>{ c }
                                    if let Some(role) = key.get(c).and_then(Value::as_str) {
                                        <span class="tag" title="Part of the table's key">{ key_role(role) }</span>
                                    }
                                </th>
                            }) }
                        </tr></thead>
                        <tbody>
                            { for rows.iter().map(|item| html! {
                                <tr class="dynamodb-item">
                                    { for columns.iter().map(|c| html! {
                                        <td>{ item.get(c).map(cell_text).unwrap_or_default() }</td>
                                    }) }
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            </div>
        }
    }) }</> };
    Some(section("dynamodb", "Amazon DynamoDB", body))
}

/// `partition key` for HASH, `sort key` for RANGE.
fn key_role(role: &str) -> &str {
    match role {
        "HASH" => "partition key",
        "RANGE" => "sort key",
        other => other,
    }
}

/// A table's columns: its key (partition, then sort), then every other attribute in the order
/// items first use it.
fn item_columns(key: &Map<String, Value>, items: &[Value]) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for role in ["HASH", "RANGE"] {
        columns.extend(
            key.iter()
                .filter(|(_, r)| r.as_str() == Some(role))
                .map(|(name, _)| name.clone()),
        );
    }
    columns.extend(
        key.keys()
            .filter(|name| !columns.contains(name))
            .cloned()
            .collect::<Vec<_>>(),
    );
    for item in items {
        for name in item.as_object().map(|m| m.keys()).into_iter().flatten() {
            if !columns.contains(name) {
                columns.push(name.clone());
            }
        }
    }
    columns
}

fn s3(services: &Value) -> Option<Html> {
    let buckets = members(services, &["s3", "buckets"]);
    if buckets.is_empty() {
        return None;
    }
    let body = html! { <>{ for buckets.into_iter().map(|(name, bucket)| {
        let objects = members(bucket, &["objects"]);
        html! {
            <div class="resource-block" tabindex="0">
                { resource_heading("Bucket", name, &[], count(objects.len(), "object", "objects")) }
                if objects.is_empty() {
                    <p class="muted">{ "No objects." }</p>
                } else {
                    { data_table(&["Key", "Size", "Content type", "Last modified"], &["Size"], html! { <>
                            // The body on a row of its own, as wide as the table: it is what a learner reads.
                            { for objects.into_iter().map(|(key, object)| html! {
                                <>
                                    <tr class="s3-object">
                                        <td><code>{ key }</code></td>
                                        <td class="number">{ field(object, "size") }{ " B" }</td>
                                        <td>{ field(object, "contentType") }</td>
                                        <td>{ time(object.get("lastModified")) }</td>
                                    </tr>
                                    <tr class="s3-object-body">
                                        <td colspan="4" class="body">{ body_preview(&field(object, "body")) }</td>
                                    </tr>
                                </>
                            }) }
                    </> }) }
                }
            </div>
        }
    }) }</> };
    Some(section("s3", "Amazon S3", body))
}

/// The start of an object's body; JSON pretty-printed when the whole body is short enough.
fn body_preview(body: &str) -> Html {
    match preview(body, BODY_PREVIEW_CHARS) {
        None => text_block(body),
        Some(start) => html! {
            <>
                <pre class="text">{ start }{ "…" }</pre>
                <span class="muted">{ format!("{} characters in all", body.chars().count()) }</span>
            </>
        },
    }
}

/// The first `limit` characters of `text`, or `None` when it is no longer than that.
fn preview(text: &str, limit: usize) -> Option<&str> {
    text.char_indices().nth(limit).map(|(end, _)| &text[..end])
}

fn eventbridge(services: &Value) -> Option<Html> {
    let buses: Vec<_> = members(services, &["eventbridge", "buses"])
        .into_iter()
        .filter(|(_, bus)| !items(bus, &["events"]).is_empty())
        .collect();
    if buses.is_empty() {
        return None;
    }
    let body = html! { <>{ for buses.into_iter().map(|(name, bus)| {
        let events = items(bus, &["events"]);
        html! {
            <div class="resource-block" tabindex="0">
                { resource_heading("Event bus", name, &[], count(events.len(), "event", "events")) }
                { data_table(&["Event ID", "Source", "Detail type", "Detail", "Time"], &[], html! { <>
                        { for events.iter().map(|e| html! {
                            <tr class="event-bridge-event">
                                <td>{ short_id(&field(e, "id")) }</td>
                                <td><code>{ field(e, "source") }</code></td>
                                <td>{ field(e, "detail-type") }</td>
                                <td class="body">{ e.get("detail").map(json_block).unwrap_or_default() }</td>
                                <td>{ time(e.get("time")) }</td>
                            </tr>
                        }) }
                </> }) }
            </div>
        }
    }) }</> };
    Some(section("eventbridge", "Amazon EventBridge", body))
}

fn lambda(services: &Value) -> Option<Html> {
    let functions: Vec<_> = members(services, &["lambda", "functions"])
        .into_iter()
        .filter(|(_, f)| !items(f, &["invocations"]).is_empty())
        .collect();
    if functions.is_empty() {
        return None;
    }
    let body = html! { <>{ for functions.into_iter().map(|(name, function)| {
        let invocations = items(function, &["invocations"]);
        html! {
            <div class="resource-block" tabindex="0">
                { resource_heading("Function", name, &[], count(invocations.len(), "invocation", "invocations")) }
                { data_table(&["Request ID", "Payload", "Returned", "Time"], &[], html! { <>
                        { for invocations.iter().map(|call| html! {
                            <tr class="lambda-invocation">
                                <td>{ short_id(&field(call, "requestId")) }
                                    <div class="muted">{ field(call, "invocationType") }</div></td>
                                <td class="body">{ call.get("payload").map(json_block).unwrap_or_default() }</td>
                                <td class="body">
                                    if let Some(error) = call.get("error") {
                                        <span class="status failed">{ "Error" }</span>{ json_block(error) }
                                    } else {
                                        { call.get("result").map(json_block).unwrap_or_default() }
                                    }
                                </td>
                                <td>{ time(call.get("time")) }</td>
                            </tr>
                        }) }
                </> }) }
            </div>
        }
    }) }</> };
    Some(section("lambda", "AWS Lambda", body))
}

fn stepfunctions(services: &Value) -> Option<Html> {
    let entries = items(services, &["stepfunctions", "executions"]);
    // The snapshot lists both: executions started by `states:startExecution` carry their
    // DescribeExecution `description`; distributed Maps' runs carry a `mapRunArn`.
    let children: Vec<&Value> = entries.iter().filter_map(|e| e.get("description")).collect();
    let map_runs: Vec<&Value> = entries.iter().filter(|e| e.get("mapRunArn").is_some()).collect();
    if children.is_empty() && map_runs.is_empty() {
        return None;
    }
    let body = html! {
        <>
            if !children.is_empty() {
                <div class="resource-block" tabindex="0">
                    { resource_heading("Executions", "started by this one", &[], count(children.len(), "execution", "executions")) }
                    { data_table(&["Name", "State machine", "Status", "Input", "Output", "Started", "Stopped"], &[], html! { <>
                            { for children.iter().map(|d| {
                                let status = field(d, "Status");
                                let machine = field(d, "StateMachineArn");
                                html! {
                                    <tr class="child-execution">
                                        <td>{ short_id(&field(d, "Name")) }</td>
                                        <td><code title={machine.clone()}>{ machine.rsplit(':').next().unwrap_or_default().to_string() }</code></td>
                                        <td><span class={classes!("status", status.to_lowercase())}>{ &status }</span></td>
                                        <td class="body">{ text_block(&field(d, "Input")) }</td>
                                        <td class="body">
                                            if d.get("Output").is_some() { { text_block(&field(d, "Output")) } }
                                            else if d.get("Error").is_some() { { format!("{}: {}", field(d, "Error"), field(d, "Cause")) } }
                                        </td>
                                        <td>{ time(d.get("StartDate")) }</td>
                                        <td>{ time(d.get("StopDate")) }</td>
                                    </tr>
                                }
                            }) }
                    </> }) }
                </div>
            }
            if !map_runs.is_empty() {
                <div class="resource-block" tabindex="0">
                    { resource_heading("Map Runs", "of distributed Maps", &[], count(map_runs.len(), "run", "runs")) }
                    { data_table(&["Map state", "Map Run", "Items", "Succeeded", "Failed"], &["Items", "Succeeded", "Failed"], html! { <>
                            { for map_runs.iter().map(|run| {
                                let arn = field(run, "mapRunArn");
                                let counts = run.get("itemCounts").cloned().unwrap_or_default();
                                html! {
                                    <tr class="map-run">
                                        <td>{ field(run, "state") }</td>
                                        <td><code title={arn.clone()}>{ arn.rsplit(':').next().unwrap_or_default().to_string() }</code></td>
                                        <td class="number">{ field(&counts, "total") }</td>
                                        <td class="number">{ field(&counts, "succeeded") }</td>
                                        <td class="number">{ field(&counts, "failed") }</td>
                                    </tr>
                                }
                            }) }
                    </> }) }
                </div>
            }
        </>
    };
    Some(section("stepfunctions", "AWS Step Functions", body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn item_columns_put_the_key_first_then_attributes_as_items_use_them() {
        let key = json!({"sk": "RANGE", "pk": "HASH"});
        let items = [
            json!({"name": {"S": "Ada"}, "pk": {"S": "u1"}, "sk": {"N": "1"}}),
            json!({"pk": {"S": "u2"}, "sk": {"N": "2"}, "age": {"N": "36"}, "name": {"S": "Grace"}}),
        ];
        let columns = item_columns(key.as_object().expect("an object"), &items);
        assert_eq!(columns, ["pk", "sk", "name", "age"]);
    }

    #[test]
    fn a_long_body_is_cut_at_a_character_boundary() {
        assert_eq!(preview("short", 10), None);
        assert_eq!(preview("héllo wörld", 5), Some("héllo"));
        assert_eq!(preview("exactly", 7), None);
    }

    #[test]
    fn fields_read_plainly_with_a_dash_for_what_is_missing() {
        let message = json!({"messageId": "abc", "size": 12, "gone": null});
        assert_eq!(field(&message, "messageId"), "abc");
        assert_eq!(field(&message, "size"), "12");
        assert_eq!(field(&message, "gone"), "—");
        assert_eq!(field(&message, "absent"), "—");
        assert_eq!(members(&json!({"a": {"b": {"x": 1}}}), &["a", "b"]).len(), 1);
        assert!(items(&json!({"a": 1}), &["a", "b"]).is_empty());
    }
}
