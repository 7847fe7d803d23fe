//! The interpreter's Web Worker entry point: runs and checks state machines for the page.

/// Meters JSONata evaluations, so an expression that builds too much fails its state instead of
/// exhausting the worker's memory.
#[global_allocator]
static ALLOCATOR: jsonata::BudgetAllocator = jsonata::BudgetAllocator::system();

fn main() {
    sfn_lab_web::worker::serve::serve();
}
