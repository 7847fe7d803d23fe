//! A pack as the page holds it: its lessons to show, each lesson's files for the worker's checks,
//! and where a pack may come from (a file, a drop, or a path next to the bundle, never elsewhere).

use crate::app::{section_refs, LessonRef, SectionRef};
use crate::worker::client;
use crate::worker::protocol::{LessonSource, Request, Response};
use lessons::shown::{ShownLesson, ShownTrack};
use lessons::track::Files;
use std::rc::Rc;
use yew::Callback;

/// A loaded pack.
#[derive(Debug, PartialEq)]
pub struct LoadedPack {
    /// The track's title.
    pub title: String,
    /// Its sections, in order.
    pub sections: Vec<SectionRef>,
    /// Every lesson, in order.
    pub all: Vec<LessonRef>,
    /// The pack's text, as loaded (kept in storage to survive a reload).
    pub text: String,
    files: Files,
}

impl LoadedPack {
    /// A pack as the worker read it for showing ([`load`], [`restore`]), with its text. The
    /// page reads only the files out of the text, for the worker's checks of its lessons.
    pub fn new(text: &str, shown: ShownTrack) -> Result<LoadedPack, Vec<String>> {
        let files = lessons::pack::read(text)?;
        let title = shown.title.clone();
        let sections = section_refs(shown);
        let all = sections.iter().flat_map(|s| s.1.iter().cloned()).collect();
        Ok(LoadedPack {
            title,
            sections,
            all,
            text: text.to_string(),
            files,
        })
    }

    /// What the worker needs to check one of the pack's lessons.
    pub fn source(&self, folder: &str) -> LessonSource {
        let prefix = format!("{folder}/");
        let files = self
            .files
            .iter()
            .filter_map(|(path, text)| Some((path.strip_prefix(&prefix)?.to_string(), text.clone())))
            .collect();
        LessonSource::Files {
            folder: folder.to_string(),
            files,
        }
    }
}

/// Where a lesson on the page comes from.
#[derive(Clone, Debug)]
pub enum Origin {
    /// The built-in track.
    Builtin,
    /// The loaded pack.
    Pack(Rc<LoadedPack>),
}

impl PartialEq for Origin {
    fn eq(&self, other: &Origin) -> bool {
        match (self, other) {
            (Origin::Builtin, Origin::Builtin) => true,
            // The same pack is the same Rc: no need to compare whole packs on every render.
            (Origin::Pack(a), Origin::Pack(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Origin {
    /// The id the lesson's draft and progress are kept under: a pack's lesson never shares them
    /// with a built-in lesson of the same id.
    pub fn storage_id(&self, lesson_id: &str) -> String {
        match self {
            Origin::Builtin => lesson_id.to_string(),
            Origin::Pack(_) => format!("pack/{lesson_id}"),
        }
    }

    /// What the worker needs to check the lesson.
    pub fn source(&self, lesson: &ShownLesson) -> LessonSource {
        match self {
            Origin::Builtin => LessonSource::Builtin(lesson.id.clone()),
            Origin::Pack(pack) => pack.source(&lesson.folder),
        }
    }
}

/// Checks a pack's text in the worker, as `sfn-lab lessons check` would, and reads it for
/// showing; `done` gets the pack or every problem found.
pub fn load(text: String, done: Callback<Result<Rc<LoadedPack>, Vec<String>>>) {
    client::request(Request::CheckPack { text: text.clone() }, move |reply| {
        done.emit(loaded(&text, reply))
    });
}

/// Reads a stored pack again for showing: it was checked in full when it was loaded, so the
/// worker only reads it.
pub fn restore(text: String, done: Callback<Result<Rc<LoadedPack>, Vec<String>>>) {
    client::request(Request::ShowPack { text: text.clone() }, move |reply| {
        done.emit(loaded(&text, reply))
    });
}

fn loaded(text: &str, reply: Response) -> Result<Rc<LoadedPack>, Vec<String>> {
    match reply {
        Response::PackShown(Ok(shown)) => LoadedPack::new(text, shown).map(Rc::new),
        Response::PackShown(Err(problems)) => Err(problems),
        Response::Crashed(problem) | Response::Refused(problem) => Err(vec![problem]),
        _ => Err(vec![
            "The interpreter gave an unexpected answer; reload the page and try again.".to_string(),
        ]),
    }
}

/// The text of a file the learner picked or dropped.
pub async fn file_text(file: web_sys::File) -> Result<String, String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|e| {
            format!(
                "The file {} cannot be read: {}",
                file.name(),
                crate::js_error::js_error_text(&e)
            )
        })?;
    text.as_string()
        .ok_or_else(|| format!("The file {} is not text.", file.name()))
}

/// The text of a pack next to the bundle (`src` as [`checked_src`] accepts it).
pub async fn fetch_text(src: &str) -> Result<String, String> {
    let src = checked_src(src)?;
    let response = gloo::net::http::Request::get(&src)
        .send()
        .await
        .map_err(|e| format!("The pack {src} cannot be fetched: {e}"))?;
    if !response.ok() {
        return Err(format!(
            "The pack {src} cannot be fetched: the server answered {} {}.",
            response.status(),
            response.status_text()
        ));
    }
    response
        .text()
        .await
        .map_err(|e| format!("The pack {src} cannot be read: {e}"))
}

/// The URL a `#/pack?src=...` may fetch: a relative path on the lab's own origin, so a link
/// cannot make the page load lessons from another site.
pub fn checked_src(src: &str) -> Result<String, String> {
    let src = src.trim();
    let refused = |why: &str| Err(format!("The pack's address \"{src}\" {why}."));
    if src.is_empty() {
        return refused("is empty");
    }
    if src.starts_with("//") || src.starts_with('\\') || src.contains(':') {
        return refused("is not on this site: a pack must sit next to the lab, as a relative path such as packs/workshop.json");
    }
    if src.split(['/', '\\']).any(|part| part == "..") {
        return refused("leaves the lab's folder (\"..\")");
    }
    Ok(src.trim_start_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack_of(folders: &[&str]) -> String {
        let mut files: Files = lessons::builtin::files()
            .into_iter()
            .filter(|(path, _)| folders.iter().any(|f| path.starts_with(&format!("{f}/"))))
            .collect();
        let index =
            serde_json::json!({"title": "Workshop", "sections": [{"title": "Day 1", "lessons": folders}]});
        files.insert("track.json".into(), index.to_string());
        lessons::pack::write(&files).expect("the pack is written")
    }

    /// What the worker answers a page that loads the pack ([`load`]).
    fn checked(text: &str) -> Response {
        crate::worker::engine::Engine::default().handle(Request::CheckPack { text: text.into() })
    }

    #[test]
    fn a_checked_pack_shows_its_lessons_and_gives_each_lesson_s_files() {
        let text = pack_of(&["01-hello-pass"]);
        let pack = loaded(&text, checked(&text)).expect("the pack loads");
        assert_eq!(pack.title, "Workshop");
        assert_eq!(pack.sections.len(), 1);
        let lesson = &pack.all[0];
        let LessonSource::Files { folder, files } = pack.source(&lesson.folder) else {
            panic!("a pack lesson travels as files")
        };
        assert_eq!(folder, "01-hello-pass");
        assert!(
            files.contains_key("lesson.json") && files.contains_key("solution.asl.json"),
            "{:?}",
            files.keys()
        );
        let from_files =
            lessons::Lesson::load(&folder, |name| files.get(name).cloned()).expect("loads from its files");
        assert_eq!(&ShownLesson::from(&from_files), lesson.as_ref());
        let content = lesson
            .content
            .as_ref()
            .expect("a pack's lesson carries its content");
        assert!(
            content.instructions_html.contains("<p>"),
            "{}",
            content.instructions_html
        );
    }

    #[test]
    fn a_stored_pack_is_read_again_as_it_was_shown() {
        let text = pack_of(&["01-hello-pass", "04-choice"]);
        let restored =
            crate::worker::engine::Engine::default().handle(Request::ShowPack { text: text.clone() });
        assert_eq!(loaded(&text, restored), loaded(&text, checked(&text)));
    }

    #[test]
    fn a_broken_pack_says_what_is_wrong() {
        let text = "{\"format\": \"other\"}";
        let problems = loaded(text, checked(text)).expect_err("refused");
        assert!(problems[0].contains("not an sfn-lab pack"), "{problems:?}");
    }

    #[test]
    fn only_relative_paths_on_the_lab_s_origin_are_fetched() {
        assert_eq!(
            checked_src("packs/workshop.json"),
            Ok("packs/workshop.json".into())
        );
        assert_eq!(checked_src("/packs/w.json"), Ok("packs/w.json".into()));
        for src in [
            "https://evil.example/p.json",
            "//evil.example/p.json",
            "javascript:alert(1)",
            "../x.json",
            "a/../../x.json",
            "",
        ] {
            assert!(checked_src(src).is_err(), "{src} is refused");
        }
    }
}
