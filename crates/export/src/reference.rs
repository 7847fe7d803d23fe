//! References from generated documents to what the export creates. They stay markers inside
//! JSON strings (the definition, the role's policy) until each form renders them its own way:
//! a CloudFormation `Fn::Sub`, a Terraform expression, a shell variable.

use crate::resources::Kind;

/// Which identifier of a resource a document needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Attribute {
    /// Its ARN.
    Arn,
    /// A queue's URL.
    Url,
    /// Its name.
    Name,
    /// A state machine's executions (`arn:aws:states:R:A:execution:NAME:*`).
    Executions,
    /// The child executions of a state machine's Distributed Map runs (`execution:NAME/*`).
    MapRunExecutions,
}

impl Attribute {
    /// The attribute in identifiers (`Arn`, `Url`...).
    pub(crate) fn word(self) -> &'static str {
        match self {
            Attribute::Arn => "arn",
            Attribute::Url => "url",
            Attribute::Name => "name",
            Attribute::Executions => "executions",
            Attribute::MapRunExecutions => "map_run_executions",
        }
    }
}

/// What a marker stands for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reference {
    /// An identifier of a resource the export creates (or, for the default event bus, finds).
    Of(Kind, String, Attribute),
    /// An identifier of the exported state machine itself.
    Own(Attribute),
    /// The EventBridge rule that `.sync` integrations use to learn that a child execution ended.
    SyncRule,
}

/// The references of one export, by index; a marker is `\u{E000}INDEX\u{E001}` (private-use
/// characters, which no definition written by hand holds).
#[derive(Debug, Clone, Default)]
pub(crate) struct Refs {
    list: Vec<Reference>,
}

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

impl Refs {
    /// The marker of `reference`, the same each time it is asked for.
    pub fn marker(&mut self, reference: Reference) -> String {
        let at = match self.list.iter().position(|r| *r == reference) {
            Some(at) => at,
            None => {
                self.list.push(reference);
                self.list.len() - 1
            }
        };
        format!("{OPEN}{at}{CLOSE}")
    }

    /// What marker `index` stands for.
    pub fn get(&self, index: usize) -> Option<&Reference> {
        self.list.get(index)
    }

    /// Splits a string into its text and its markers.
    pub fn pieces<'a>(&self, text: &'a str) -> Vec<Piece<'a>> {
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find(OPEN) {
            let after = &rest[open + OPEN.len_utf8()..];
            let marker = after
                .find(CLOSE)
                .and_then(|close| after[..close].parse::<usize>().ok().map(|i| (i, close)))
                .filter(|(i, _)| *i < self.list.len());
            match marker {
                Some((index, close)) => {
                    if open > 0 {
                        pieces.push(Piece::Text(&rest[..open]));
                    }
                    pieces.push(Piece::Ref(index));
                    rest = &after[close + CLOSE.len_utf8()..];
                }
                None => {
                    pieces.push(Piece::Text(&rest[..open + OPEN.len_utf8()]));
                    rest = after;
                }
            }
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest));
        }
        pieces
    }

    /// Replaces every marker in `text` by what `render` makes of its reference, and every run of
    /// text by what `literal` makes of it.
    pub fn render(
        &self,
        text: &str,
        mut literal: impl FnMut(&str) -> String,
        mut render: impl FnMut(&Reference) -> String,
    ) -> String {
        self.pieces(text)
            .into_iter()
            .map(|piece| match piece {
                Piece::Text(text) => literal(text),
                Piece::Ref(index) => self.get(index).map(&mut render).unwrap_or_default(),
            })
            .collect()
    }
}

/// A run of text or a marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// Text as it is.
    Text(&'a str),
    /// The marker of reference `index`.
    Ref(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_split_from_text_and_stay_the_same() {
        let mut refs = Refs::default();
        let arn = refs.marker(Reference::Of(Kind::Function, "backup".into(), Attribute::Arn));
        assert_eq!(
            arn,
            refs.marker(Reference::Of(Kind::Function, "backup".into(), Attribute::Arn))
        );
        let text = format!("{arn}:prod");
        assert_eq!(refs.pieces(&text), [Piece::Ref(0), Piece::Text(":prod")]);
        assert_eq!(
            refs.pieces("\u{E000}9\u{E001}"),
            [Piece::Text("\u{E000}"), Piece::Text("9\u{E001}")]
        );
        let rendered = refs.render(&text, str::to_uppercase, |_| "ARN".into());
        assert_eq!(rendered, "ARN:PROD");
    }
}
