//! Embeds the built-in track (every file under lessons/, subfolders included) so the web app and
//! the tests read the same files.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();

    let mut code = String::from(
        "/// Every file of the built-in track: its path under lessons/ and its text.\npub const FILES: &[(&str, &str)] = &[\n",
    );
    for (relative, path) in files {
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            code,
            "    ({relative:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}

/// Every non-hidden file below `dir`, as (path relative to `root` with '/', absolute path).
fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    println!("cargo:rerun-if-changed={}", dir.display());
    for entry in std::fs::read_dir(dir)
        .expect("the lessons/ folder can be read")
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, out);
        } else if dir == root && entry.file_name() != "track.json" {
            // README.md and the schema are for authors, not the page.
            continue;
        } else {
            let relative = path.strip_prefix(root).expect("below the root");
            let relative: Vec<String> = relative
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            out.push((
                relative.join("/"),
                path.canonicalize().expect("a lesson file has a path"),
            ));
        }
    }
}
