//! The memory budget of one evaluation: a counting global allocator that stops an evaluation,
//! through the engine's cancel token, once it has built or holds more bytes than its limits allow.
//!
//! Why an allocator: the engine checks its cancel token at every node it evaluates, but offers no
//! hook that counts work, and a single builtin (`[1..n]`, `$pad`, a path over a large sequence)
//! can build hundreds of megabytes between two nodes. Every byte any part of the engine builds
//! passes through the allocator, so counting there covers the whole library without patching it.
//! Counting is per thread and only while an evaluation is metered; other allocations pass through
//! untouched apart from one thread-local read.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use jsonata_core::evaluator::CancelToken;

/// Which of the two byte limits an evaluation went past.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exceeded {
    /// More bytes allocated in all than `Limits::max_bytes_built` (the work done).
    Built(u64),
    /// More bytes alive at once than `Limits::max_bytes_held`.
    Held(u64),
}

/// What the allocator counts for the evaluation running on this thread. Cells of plain values,
/// so the thread-local needs no destructor (registering one could allocate inside `alloc`).
struct Meter {
    depth: Cell<u32>,
    built: Cell<u64>,
    held: Cell<i64>,
    max_built: Cell<u64>,
    max_held: Cell<i64>,
    exceeded: Cell<Option<Exceeded>>,
    token: Cell<Option<&'static CancelToken>>,
}

thread_local! {
    static METER: Meter = const {
        Meter {
            depth: Cell::new(0),
            built: Cell::new(0),
            held: Cell::new(0),
            max_built: Cell::new(0),
            max_held: Cell::new(0),
            exceeded: Cell::new(None),
            token: Cell::new(None),
        }
    };
}

/// The allocator that meters evaluations. A program enforces `Limits::max_bytes_built` and
/// `Limits::max_bytes_held` by installing it (the CLI, the page's worker, the tests and fuzz
/// targets that exercise the limits do); without it those two limits are not enforced.
///
/// ```ignore
/// #[global_allocator]
/// static ALLOCATOR: jsonata::BudgetAllocator = jsonata::BudgetAllocator::system();
/// ```
///
/// Every request goes to the inner allocator (the system's, or another such as mimalloc).
pub struct BudgetAllocator<A = System> {
    inner: A,
}

impl BudgetAllocator<System> {
    /// Metering around the system allocator.
    pub const fn system() -> Self {
        BudgetAllocator { inner: System }
    }
}

impl<A> BudgetAllocator<A> {
    /// Metering around another allocator.
    pub const fn wrapping(inner: A) -> Self {
        BudgetAllocator { inner }
    }
}

/// The bookkeeping, shared by every inner allocator.
struct Books;

impl Books {
    fn grew(size: usize) {
        let _ = METER.try_with(|m| {
            if m.depth.get() == 0 {
                return;
            }
            let built = m.built.get().saturating_add(size as u64);
            let held = m.held.get().saturating_add(size as i64);
            m.built.set(built);
            m.held.set(held);
            if m.exceeded.get().is_some() {
                return;
            }
            let exceeded = if built > m.max_built.get() {
                Some(Exceeded::Built(m.max_built.get()))
            } else if held > m.max_held.get() {
                Some(Exceeded::Held(m.max_held.get() as u64))
            } else {
                None
            };
            if exceeded.is_some() {
                m.exceeded.set(exceeded);
                if let Some(token) = m.token.get() {
                    token.cancel();
                }
            }
        });
    }

    fn shrank(size: usize) {
        let _ = METER.try_with(|m| {
            if m.depth.get() > 0 {
                m.held.set(m.held.get().saturating_sub(size as i64));
            }
        });
    }
}

// SAFETY: every request is passed unchanged to the inner allocator; the bookkeeping around it
// only touches thread-local cells of plain values and never allocates.
unsafe impl<A: GlobalAlloc> GlobalAlloc for BudgetAllocator<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Books::grew(layout.size());
        self.inner.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Books::grew(layout.size());
        self.inner.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        Books::shrank(layout.size());
        self.inner.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size >= layout.size() {
            Books::grew(new_size - layout.size());
        } else {
            Books::shrank(layout.size() - new_size);
        }
        self.inner.realloc(ptr, layout, new_size)
    }
}

/// Metering of one evaluation on this thread, from `start` until dropped. Nested evaluations
/// (the one behind `$now`) count toward the outermost one's budget.
pub(crate) struct Metered {
    token: &'static CancelToken,
}

impl Metered {
    /// Starts metering with these limits, unless an outer evaluation is already metered.
    pub(crate) fn start(max_built: u64, max_held: u64) -> Metered {
        METER.with(|m| {
            if m.depth.get() == 0 {
                m.built.set(0);
                m.held.set(0);
                m.max_built.set(max_built);
                m.max_held.set(i64::try_from(max_held).unwrap_or(i64::MAX));
                m.exceeded.set(None);
                renew_token(m);
            }
            m.depth.set(m.depth.get() + 1);
            // Nested evaluations share the outermost one's token (renewed above).
            let token = m.token.get().unwrap_or_else(|| renew_token(m));
            Metered { token }
        })
    }

    /// The token to hand the engine: the allocator cancels it when a limit is passed.
    pub(crate) fn token(&self) -> CancelToken {
        self.token.clone()
    }

    /// The limit this evaluation went past, if any.
    pub(crate) fn exceeded(&self) -> Option<Exceeded> {
        METER.with(|m| m.exceeded.get())
    }
}

impl Drop for Metered {
    fn drop(&mut self) {
        let _ = METER.try_with(|m| m.depth.set(m.depth.get().saturating_sub(1)));
    }
}

/// Whether the evaluation metered on this thread has gone past a limit (never, when none is
/// metered or the allocator is not installed). The direct evaluator checks it as it copies.
pub(crate) fn exceeded() -> bool {
    METER.with(|m| m.depth.get() > 0 && m.exceeded.get().is_some())
}

/// Gives this thread a fresh token if it has none or its token was cancelled (a cancelled token
/// cannot be reset). Tokens live behind a `'static` reference so the allocator can reach them from
/// a thread-local without a destructor; a spent one is freed here, when no evaluation is metered.
fn renew_token(m: &Meter) -> &'static CancelToken {
    let spent = match m.token.get() {
        Some(token) if !token.is_cancelled() => return token,
        spent => spent,
    };
    let fresh: &'static CancelToken = Box::leak(Box::new(CancelToken::new()));
    m.token.set(Some(fresh));
    if let Some(spent) = spent {
        // SAFETY: `spent` came from `Box::leak` above in an earlier call; the thread's meter no
        // longer points to it, and only the outermost `Metered::start` (depth 0: no `Metered`
        // alive) renews, so no reference to it remains. The engine holds clones of the token's
        // `Arc`, not this box.
        drop(unsafe { Box::from_raw(spent as *const CancelToken as *mut CancelToken) });
    }
    fresh
}

/// The limits' error, in the words the state's cause shows.
pub(crate) fn message(exceeded: Exceeded) -> String {
    match exceeded {
        Exceeded::Built(limit) => format!(
            "The expression built more than {} MiB of values in all (the lab's limit on the work of one evaluation)",
            limit >> 20
        ),
        Exceeded::Held(limit) => format!(
            "The expression held more than {} MiB of values at once (the lab's limit on the memory of one evaluation)",
            limit >> 20
        ),
    }
}
