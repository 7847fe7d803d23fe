//! The interpreter's Web Worker entry point: runs and checks state machines for the page.

fn main() {
    sfn_lab_web::worker::serve::serve();
}
