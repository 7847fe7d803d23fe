//! "Format document": JSON re-indented with 2 spaces, every value written exactly as it was.

/// The text pretty-printed like `JSON.stringify(value, null, 2)`, or `None` when it is not JSON
/// (the editor then keeps the text as it is).
///
/// Only the whitespace between tokens changes: numbers keep their spelling (`1.50`, `1e3`), keys
/// their order (duplicates included) and strings their escapes, which a parse and re-serialise
/// would not promise. A final newline is kept when the text had one.
pub fn pretty(text: &str) -> Option<String> {
    asl::parse_json(text).ok()?;
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut depth = 0usize;
    let mut chars = text.chars().peekable();
    let skip_blanks = |chars: &mut std::iter::Peekable<std::str::Chars>| {
        while chars.peek().is_some_and(|c| is_blank(*c)) {
            chars.next();
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push('"');
                while let Some(c) = chars.next() {
                    out.push(c);
                    match c {
                        '\\' => out.extend(chars.next()),
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '{' | '[' => {
                out.push(c);
                skip_blanks(&mut chars);
                if matches!(chars.peek(), Some('}' | ']')) {
                    out.extend(chars.next());
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if is_blank(c) => {}
            c => out.push(c),
        }
    }
    if text.ends_with('\n') {
        out.push('\n');
    }
    Some(out)
}

/// JSON's whitespace (RFC 8259): space, tab, line feed, carriage return.
fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n("  ", depth));
}

#[cfg(test)]
mod tests {
    use super::pretty;

    #[test]
    fn indents_with_two_spaces_like_json_stringify() {
        let text = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":[1,{"x":null}],"End":true}}}"#;
        let expected = r#"{
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Pass",
      "Result": [
        1,
        {
          "x": null
        }
      ],
      "End": true
    }
  }
}"#;
        assert_eq!(pretty(text).as_deref(), Some(expected));
        assert_eq!(
            pretty(expected).as_deref(),
            Some(expected),
            "formatting twice changes nothing"
        );
    }

    #[test]
    fn keeps_numbers_strings_and_key_order_as_written() {
        let text =
            "{ \"b\" : 1.50 , \"a\":1e3, \"s\": \"{ \\\"q\\\": [1, 2] }\\n\", \"e\": {  }, \"l\": [ ] }\n";
        let expected =
            "{\n  \"b\": 1.50,\n  \"a\": 1e3,\n  \"s\": \"{ \\\"q\\\": [1, 2] }\\n\",\n  \"e\": {},\n  \"l\": []\n}\n";
        assert_eq!(pretty(text).as_deref(), Some(expected));
    }

    #[test]
    fn scalars_and_unicode_pass_through() {
        assert_eq!(pretty(" 42 ").as_deref(), Some("42"));
        assert_eq!(pretty("[\"héllo 🙂\"]").as_deref(), Some("[\n  \"héllo 🙂\"\n]"));
    }

    #[test]
    fn text_that_is_not_json_is_not_formatted() {
        assert_eq!(pretty(r#"{"StartAt": "A",}"#), None);
        assert_eq!(pretty(""), None);
    }
}
