//! How wide a text is drawn, approximately, and shortening a text to a width.
//!
//! The proportional widths are DejaVu Sans's (the widest of the fonts the page's sans-serif
//! stack falls back to), so a box sized from them holds its text in any of those fonts.

/// The fonts the diagram uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    /// The page's sans-serif (types, Default).
    Sans,
    /// The same, bold (state names).
    SansBold,
    /// The page's monospace (Choice rules, errors).
    Mono,
}

/// A character's width in ems.
fn em(c: char, font: Font) -> f64 {
    let sans = match c {
        _ if font == Font::Mono => return if c.is_ascii() { 0.61 } else { 1.0 },
        'i' | 'j' | 'l' | '\'' | '|' | '!' | '.' | ',' | ':' | ';' => 0.28,
        ' ' | 'f' | 't' | 'I' | '(' | ')' | '[' | ']' | '/' | '\\' | '-' => 0.36,
        'r' => 0.41,
        'm' => 0.97,
        'w' => 0.82,
        'M' | 'W' | '@' | '%' => 0.92,
        '0'..='9' | '$' | '#' | '*' | '+' | '=' | '<' | '>' | '?' | '_' | '"' => 0.64,
        'A'..='Z' => 0.72,
        'a'..='z' => 0.61,
        c if c.is_ascii() => 0.5,
        // Wide scripts and symbols: a full em is the safe guess.
        _ => 1.0,
    };
    // Bold text is about 8 % wider.
    if font == Font::SansBold {
        sans * 1.08
    } else {
        sans
    }
}

/// The width of `text` at `font_size` pixels.
pub fn text_width(text: &str, font_size: f64, font: Font) -> f64 {
    text.chars().map(|c| em(c, font)).sum::<f64>() * font_size
}

/// `text`, or as much of it as fits in `width` followed by "…".
pub fn ellipsize(text: &str, width: f64, font_size: f64, font: Font) -> String {
    // A little slack: a box sized from this text's width must hold it despite rounding.
    if text_width(text, font_size, font) <= width + 0.5 {
        return text.to_string();
    }
    let budget = width - text_width("…", font_size, font);
    let mut used = 0.0;
    let mut kept = String::new();
    for c in text.chars() {
        used += em(c, font) * font_size;
        if used > budget {
            break;
        }
        kept.push(c);
    }
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::{ellipsize, text_width, Font};

    #[test]
    fn wider_text_is_wider_and_long_text_is_shortened() {
        let bold = Font::SansBold;
        assert!(text_width("Backup Successful?", 13.0, bold) > text_width("Yes", 13.0, bold));
        assert!(text_width("mmm", 13.0, Font::Sans) > text_width("iii", 13.0, Font::Sans));
        assert_eq!(
            text_width("iii", 10.0, Font::Mono),
            text_width("mmm", 10.0, Font::Mono)
        );
        assert_eq!(ellipsize("Yes", 100.0, 13.0, Font::Sans), "Yes");
        let short = ellipsize("a rather long state name indeed", 80.0, 13.0, Font::Sans);
        assert!(
            short.ends_with('…') && text_width(&short, 13.0, Font::Sans) <= 80.0,
            "{short}"
        );
        assert_eq!(ellipsize("abc", 0.0, 13.0, Font::Mono), "…");
    }
}
