//! The lessons the page knows, as progress files and the instructor's table name them: the
//! built-in track's in order, then the loaded pack's (kept under `pack/<id>`).

use crate::app::LessonRef;
use crate::packs::{LoadedPack, Origin};
use crate::progress::KnownLesson;
use std::rc::Rc;
use yew::prelude::*;

/// The known lessons, made again only when the pack changes.
#[hook]
pub fn use_known_lessons(
    builtin: Option<Vec<LessonRef>>,
    pack: Option<Rc<LoadedPack>>,
) -> Rc<Vec<KnownLesson>> {
    let deps = (
        builtin.as_ref().map(Vec::len),
        pack.as_ref().map(|p| Rc::as_ptr(p) as usize),
    );
    use_memo(deps, move |_| {
        let mut known: Vec<KnownLesson> = builtin
            .iter()
            .flatten()
            .map(|lesson| known(lesson, &Origin::Builtin))
            .collect();
        if let Some(pack) = pack {
            let origin = Origin::Pack(pack.clone());
            known.extend(pack.all.iter().map(|lesson| self::known(lesson, &origin)));
        }
        known
    })
}

fn known(lesson: &LessonRef, origin: &Origin) -> KnownLesson {
    KnownLesson {
        id: origin.storage_id(&lesson.id),
        title: lesson.title.clone(),
        starter_digest: lesson.starter_digest.clone(),
    }
}
