//! Makes the built-in track's index (titles, summaries, starters) for the page, so its wasm
//! carries neither the lesson files nor the code that loads and renders them. Each lesson's
//! content is a file the page fetches (lessons/src/bin/lesson-contents.rs, run by Trunk).

use lessons::shown::ShownTrack;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // The lessons crate's own build script tracks the lessons/ folder; a change there rebuilds it,
    // and this script runs again with it.
    println!("cargo:rerun-if-changed=lessons");
    let track = match lessons::builtin::track_to_show() {
        Ok(track) => track,
        Err(problems) => {
            eprintln!("The built-in lessons do not load:");
            for problem in problems {
                eprintln!("  - {problem}");
            }
            std::process::exit(1);
        }
    };
    let (index, _) = ShownTrack::from(&track).without_content();
    let text = serde_json::to_string(&index).expect("a shown track is JSON");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_track.json");
    std::fs::write(out, text).expect("OUT_DIR is writable");
}
