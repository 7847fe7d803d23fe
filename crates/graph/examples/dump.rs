//! Prints the layout of a definition file as JSON (a debugging aid).
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump DEFINITION.json");
        std::process::exit(1);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    match graph::layout_text(&text) {
        Ok(layout) => println!("{}", serde_json::to_string_pretty(&layout).unwrap_or_default()),
        Err(e) => eprintln!("{e}"),
    }
}
