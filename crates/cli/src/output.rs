//! Standard output that never panics: `println!` panics when the reader has gone (`| head`) or the
//! disk is full (`> /dev/full`); this says why and exits instead.

use std::io::{ErrorKind, Write};
use std::process;

/// Writes `text` to standard output. A closed pipe ends the program quietly (the reader has what
/// it wanted); any other failure ends it with a message and exit code 1.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == ErrorKind::BrokenPipe {
            process::exit(0);
        }
        eprintln!("sfn-lab: cannot write the output: {e}");
        process::exit(1);
    }
}

/// [`print`] with a line end.
pub fn println(text: &str) {
    print(&format!("{text}\n"));
}
