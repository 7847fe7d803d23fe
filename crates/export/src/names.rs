//! Names: what the definition calls a resource (read from ARNs, URLs and plain names), what
//! AWS will call it (the name prefix, then a part each service accepts), and identifiers for
//! the generated files (CloudFormation logical ids, Terraform names, shell variables).

use crate::resources::Kind;

/// The longest name prefix: a bucket name (prefix, name, account id) must fit in 63 characters.
pub const MAX_PREFIX: usize = 24;

/// Whether `prefix` can start every AWS name the export makes, S3 buckets included.
pub fn valid_prefix(prefix: &str) -> bool {
    let mut chars = prefix.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && prefix.len() <= MAX_PREFIX
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The part of a resource's AWS name after `PREFIX-`, in the characters its service accepts and
/// short enough for its longest prefix. FIFO queues and topics keep their `.fifo`.
pub(crate) fn name_part(kind: Kind, name: &str) -> String {
    let (stem, suffix) = match name.strip_suffix(".fifo") {
        Some(stem) if matches!(kind, Kind::Queue | Kind::Topic) => (stem, ".fifo"),
        _ => (name, ""),
    };
    // The service's limit, less the prefix and its hyphen (and a bucket's "-ACCOUNTID").
    let limit = match kind {
        Kind::Function => 64,
        Kind::Queue | Kind::StateMachine | Kind::Activity => 80,
        Kind::Topic | Kind::EventBus | Kind::Table => 255,
        Kind::Bucket => 63 - 13,
    } - MAX_PREFIX
        - 1
        - suffix.len();
    let allowed = |c: char| match kind {
        Kind::Bucket => c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-',
        Kind::Table | Kind::EventBus => c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'),
        _ => c.is_ascii_alphanumeric() || matches!(c, '-' | '_'),
    };
    let part: String = stem
        .chars()
        .map(|c| {
            if kind == Kind::Bucket {
                c.to_ascii_lowercase()
            } else {
                c
            }
        })
        .map(|c| if allowed(c) { c } else { '-' })
        .take(limit)
        .collect();
    let part = part.trim_matches('-');
    let part = if part.is_empty() { "resource" } else { part };
    format!("{part}{suffix}")
}

/// The words of a name, lowercase, for identifiers: `orders.fifo` → `orders`, `fifo`.
pub(crate) fn words(name: &str) -> Vec<String> {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        vec!["resource".into()]
    } else {
        words
    }
}

/// `OrdersFifo`: CloudFormation logical ids and substitution keys.
pub(crate) fn camel(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// `ORDERS_FIFO`: shell variables.
pub(crate) fn screaming(words: &[String]) -> String {
    words.join("_").to_ascii_uppercase()
}

/// Text that stays on one line of a comment, whatever a name holds.
pub(crate) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `text`, cut to `max` characters with an ellipsis.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        text.chars().take(max.saturating_sub(1)).collect::<String>() + "…"
    }
}

/// A Lambda function's name and qualifier from a name, a partial ARN (`123456789012:function:backup`)
/// or an ARN (`arn:aws:lambda:us-east-1:123456789012:function:backup:prod`).
pub(crate) fn function(reference: &str) -> Option<(String, Option<String>)> {
    let parts: Vec<&str> = reference.split(':').collect();
    let (name, qualifier) = match parts.iter().position(|p| *p == "function") {
        Some(at) => (parts.get(at + 1)?, parts.get(at + 2)),
        None => (parts.first()?, parts.get(1)),
    };
    (!name.is_empty()).then(|| (name.to_string(), qualifier.map(|q| q.to_string())))
}

/// A queue's name from its URL (`https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo`) or name.
pub(crate) fn queue(reference: &str) -> Option<String> {
    let name = reference.trim_end_matches('/').rsplit('/').next()?;
    (!name.is_empty()).then(|| name.to_string())
}

/// The name after the last `:` of an ARN (`arn:aws:sns:us-east-1:123456789012:alerts`), or the name itself.
pub(crate) fn after_last_colon(reference: &str) -> Option<String> {
    let name = reference.rsplit(':').next()?;
    (!name.is_empty()).then(|| name.to_string())
}

/// The name after `marker` in an ARN (`table/`, `event-bus/`), or the name itself when it is no ARN.
pub(crate) fn after_slash(reference: &str, marker: &str) -> Option<String> {
    let name = match reference.split_once(marker) {
        Some((_, rest)) if reference.starts_with("arn:") => rest.split('/').next()?,
        _ => reference,
    };
    (!name.is_empty()).then(|| name.to_string())
}

/// A state machine's or activity's name from its ARN, and what follows it (`:alias`).
pub(crate) fn states_arn(reference: &str, kind: &str) -> Option<(String, String)> {
    let parts: Vec<&str> = reference.split(':').collect();
    match parts.iter().position(|p| *p == kind) {
        Some(at) => {
            let name = parts.get(at + 1).filter(|n| !n.is_empty())?;
            let rest: String = parts[at + 2..].iter().map(|p| format!(":{p}")).collect();
            Some((name.to_string(), rest))
        }
        None if !reference.is_empty() && !reference.contains(':') => {
            Some((reference.to_string(), String::new()))
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_arns_urls_and_plain_names() {
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:backup";
        assert_eq!(function(arn), Some(("backup".into(), None)));
        assert_eq!(
            function("backup:prod"),
            Some(("backup".into(), Some("prod".into())))
        );
        assert_eq!(
            function("123456789012:function:backup:$LATEST"),
            Some(("backup".into(), Some("$LATEST".into())))
        );
        let url = "https://sqs.us-east-1.amazonaws.com/123456789012/orders.fifo";
        assert_eq!(queue(url), Some("orders.fifo".into()));
        assert_eq!(queue("warehouse"), Some("warehouse".into()));
        assert_eq!(
            after_last_colon("arn:aws:sns:us-east-1:1:alerts"),
            Some("alerts".into())
        );
        let table = "arn:aws:dynamodb:us-east-1:1:table/Orders";
        assert_eq!(after_slash(table, ":table/"), Some("Orders".into()));
        assert_eq!(after_slash("Orders", ":table/"), Some("Orders".into()));
        let machine = "arn:aws:states:us-east-1:1:stateMachine:Doubler:live";
        assert_eq!(
            states_arn(machine, "stateMachine"),
            Some(("Doubler".into(), ":live".into()))
        );
        assert_eq!(states_arn("arn:aws:states:::x", "stateMachine"), None);
    }

    #[test]
    fn aws_names_fit_their_service() {
        assert_eq!(name_part(Kind::Bucket, "My_Invoices"), "my-invoices");
        assert_eq!(name_part(Kind::Queue, "orders.fifo"), "orders.fifo");
        assert_eq!(name_part(Kind::Function, "a.b c"), "a-b-c");
        assert_eq!(name_part(Kind::Table, "Orders.v2"), "Orders.v2");
        // A bucket name is the prefix, this part and the account id, each after a hyphen.
        assert_eq!(
            MAX_PREFIX + 1 + name_part(Kind::Bucket, &"x".repeat(100)).len() + 1 + 12,
            63
        );
        assert!(valid_prefix("sfn-lab"));
        assert!(
            !valid_prefix("Sfn")
                && !valid_prefix("1x")
                && !valid_prefix("")
                && !valid_prefix(&"a".repeat(25))
        );
    }

    #[test]
    fn identifiers_are_made_of_words() {
        let w = words("orders.fifo");
        assert_eq!(
            (camel(&w), screaming(&w)),
            ("OrdersFifo".into(), "ORDERS_FIFO".into())
        );
        assert_eq!(words("--"), ["resource"]);
    }
}
