//! Embeds every lesson folder under lessons/ so the web app and the tests read the same files.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut folders: Vec<_> = std::fs::read_dir(&root)
        .expect("the lessons/ folder exists")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .collect();
    folders.sort_by_key(|entry| entry.file_name());

    let mut code = String::from("/// Every built-in lesson folder: its name and its files.\npub const FOLDERS: &[(&str, &[(&str, &str)])] = &[\n");
    for folder in folders {
        let name = folder.file_name().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(folder.path())
            .expect("a lesson folder can be read")
            .filter_map(Result::ok)
            .filter(|entry| entry.path().is_file())
            .collect();
        files.sort_by_key(|entry| entry.file_name());
        writeln!(code, "    ({name:?}, &[").unwrap();
        for file in files {
            let file_name = file.file_name().to_string_lossy().into_owned();
            let path = file.path().canonicalize().expect("a lesson file has a path");
            println!("cargo:rerun-if-changed={}", path.display());
            writeln!(
                code,
                "        ({file_name:?}, include_str!({:?})),",
                path.display().to_string()
            )
            .unwrap();
        }
        code.push_str("    ]),\n");
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
