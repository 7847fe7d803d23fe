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
    /// Anything else.
    NotFound(String),
}

impl Route {
    /// Reads a route from `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [] => Route::Home,
            ["lesson", id] => Route::Lesson((*id).to_string()),
            ["playground"] => Route::Playground,
            _ => Route::NotFound(path.to_string()),
        }
    }

    /// The `href` that leads to the route.
    pub fn href(&self) -> String {
        match self {
            Route::Home | Route::NotFound(_) => "#/".into(),
            Route::Lesson(id) => format!("#/lesson/{id}"),
            Route::Playground => "#/playground".into(),
        }
    }
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
}
