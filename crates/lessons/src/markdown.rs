//! Lesson text: CommonMark to HTML, with any raw HTML in the source shown as text, never run.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

/// Renders Markdown to HTML. Raw HTML blocks and inline tags are escaped, so
/// a lesson (or a classroom pack from anyone) cannot inject markup or scripts.
/// Links keep only safe schemes; images must be relative, so the lab never
/// loads anything from outside its own origin and works offline.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url, &["http", "https", "mailto"]),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url, &[]),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// The URL when it is relative or uses an allowed scheme, else `#`. A protocol-relative URL
/// (`//host/x`, which browsers also read in `\\host` and `/\host`) names another site, so it
/// counts as that site's scheme, not as relative.
fn safe_url<'a>(url: CowStr<'a>, schemes: &[&str]) -> CowStr<'a> {
    let start: String = url.trim_start().chars().take(2).collect();
    if matches!(start.as_str(), "//" | "\\\\" | "/\\" | "\\/") {
        let web = ["http", "https"].iter().all(|s| schemes.contains(s));
        return if web { url } else { CowStr::Borrowed("#") };
    }
    let scheme = url
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|scheme| !scheme.contains(['/', '?', '#']));
    match scheme {
        None => url,
        Some(scheme) if schemes.iter().any(|s| s.eq_ignore_ascii_case(scheme.trim())) => url,
        Some(_) => CowStr::Borrowed("#"),
    }
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn renders_commonmark() {
        assert_eq!(
            render("# Title\n\nSome *text* and `code`."),
            "<h1>Title</h1>\n<p>Some <em>text</em> and <code>code</code>.</p>\n"
        );
    }

    #[test]
    fn escapes_raw_html() {
        let html = render("<script>alert(1)</script>\n\nHi <b onclick=\"x()\">there</b>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
        assert!(html.contains("&lt;b onclick=\"x()\"&gt;"), "{html}");
    }

    #[test]
    fn links_with_script_urls_are_not_rendered_as_links() {
        // pulldown-cmark keeps the URL; the link must not execute code.
        let html = render("[click](javascript:alert(1)) [ok](https://aws.amazon.com/) [rel](#/lessons)");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://aws.amazon.com/\""), "{html}");
        assert!(html.contains("href=\"#/lessons\""), "{html}");
        // A link to another site is a link, protocol-relative or not; it loads nothing by itself.
        assert!(render("[docs](//docs.aws.amazon.com/)").contains("href=\"//docs.aws.amazon.com/\""));
    }

    #[test]
    fn images_must_come_from_the_lab_itself() {
        let html = render(
            "![remote](https://example.com/x.png) ![local](img/graph.png) ![other](//other.host/p.png) \
             ![back](\\\\\\\\other.host/p.png) ![mixed](/\\other.host/p.png) ![spaced]( //other.host/q.png)",
        );
        let sources: Vec<&str> = html
            .split("src=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert_eq!(sources.len(), 6, "{html}");
        for src in &sources {
            let elsewhere =
                src.starts_with("//") || src.starts_with('\\') || src.starts_with("/\\") || src.contains(':');
            assert!(!elsewhere, "{src} would load from another site: {html}");
        }
        assert!(!html.contains("example.com"), "{html}");
        assert!(html.contains("src=\"img/graph.png\""), "{html}");
    }
}
