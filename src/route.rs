//! Hash routes (`#/lesson/hello-pass`): they work from any sub-path on any static server, no rewrites needed.

/// A page of the lab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The lesson list.
    Home,
    /// One lesson, by id.
    Lesson(String),
    /// The playground: any definition, input and scenario.
    Playground,
    /// The pack page: load a pack, see its lessons; `src` is a pack next to the bundle to load.
    Pack {
        /// `#/pack?src=packs/workshop.json`.
        src: Option<String>,
    },
    /// One lesson of the loaded pack, by id.
    PackLesson(String),
    /// The instructor view: a class's progress files as one table.
    Instructor,
    /// Anything else.
    NotFound(String),
}

impl Route {
    /// Reads a route from `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let whole = hash.trim_start_matches('#').trim_start_matches('/');
        let path = whole.split_once('?').map_or(whole, |(path, _)| path);
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [] => Route::Home,
            ["lesson", id] => Route::Lesson((*id).to_string()),
            ["playground"] => Route::Playground,
            ["pack"] => Route::Pack {
                src: query(hash, "src"),
            },
            ["pack", "lesson", id] => Route::PackLesson((*id).to_string()),
            ["instructor"] => Route::Instructor,
            _ => Route::NotFound(path.to_string()),
        }
    }

    /// The `href` that leads to the route.
    pub fn href(&self) -> String {
        match self {
            Route::Home | Route::NotFound(_) => "#/".into(),
            Route::Lesson(id) => format!("#/lesson/{id}"),
            Route::Playground => "#/playground".into(),
            Route::Pack { src: None } => "#/pack".into(),
            Route::Pack { src: Some(src) } => format!("#/pack?src={}", percent_encode(src)),
            Route::PackLesson(id) => format!("#/pack/lesson/{id}"),
            Route::Instructor => "#/instructor".into(),
        }
    }
}

/// The value of `name` in the hash's query (`#/pack?src=packs%2Fa.json`), percent-decoded.
pub fn query(hash: &str, name: &str) -> Option<String> {
    let (_, query) = hash.split_once('?')?;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then(|| percent_decode(value))
    })
}

/// Decodes `%XX` escapes (and `+` as a space, as forms write it); a broken escape stays as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Escapes what would end a query value or confuse a URL.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn parses_and_formats_routes() {
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#/"), Route::Home);
        assert_eq!(
            Route::parse("#/lesson/hello-pass"),
            Route::Lesson("hello-pass".into())
        );
        assert_eq!(Route::parse("#/nope/x"), Route::NotFound("nope/x".into()));
        let lesson = Route::Lesson("hello-pass".into());
        assert_eq!(Route::parse(&lesson.href()), lesson);
    }

    #[test]
    fn pack_routes_carry_their_source_and_lessons() {
        assert_eq!(Route::parse("#/pack"), Route::Pack { src: None });
        assert_eq!(
            Route::parse("#/pack?src=packs%2Fday%201.json"),
            Route::Pack {
                src: Some("packs/day 1.json".into())
            }
        );
        let with_src = Route::Pack {
            src: Some("packs/day 1&2.json".into()),
        };
        assert_eq!(Route::parse(&with_src.href()), with_src);
        let lesson = Route::PackLesson("saga".into());
        assert_eq!(Route::parse(&lesson.href()), lesson);
        assert_eq!(
            super::query("#/playground?s=abc&x=1", "s").as_deref(),
            Some("abc")
        );
        assert_eq!(super::query("#/playground?s=%zz", "s").as_deref(), Some("%zz"));
        assert_eq!(super::query("#/playground", "s"), None);
    }

    #[test]
    fn the_instructor_view_has_its_route() {
        assert_eq!(Route::parse("#/instructor"), Route::Instructor);
        assert_eq!(Route::parse(&Route::Instructor.href()), Route::Instructor);
        assert_eq!(Route::Instructor.href(), "#/instructor");
    }
}
