//! The discrete-event scheduler: a virtual clock, timers, and a loop that polls the execution's
//! futures until they finish, jumping the clock to the next timer whenever nothing else can move.
//!
//! Branches and iterations are plain Rust futures polled in a fixed order, so a run is
//! deterministic, a Wait of a year costs nothing, and an execution waiting for a callback
//! simply stays pending until one arrives.

use crate::clock::Timestamp;
use std::cell::{Cell, RefCell};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// A boxed, single-threaded future.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// Virtual time and the timers waiting on it.
#[derive(Debug, Default)]
pub struct Clock {
    now: Cell<Timestamp>,
    timers: RefCell<BinaryHeap<Reverse<Timestamp>>>,
    /// Bumped by anything that lets another future move on, so the loop knows to poll again.
    progress: Cell<u64>,
    /// Time never moves past this ([`within_limit`]).
    limit: Cell<Option<Timestamp>>,
}

impl Clock {
    /// A clock that starts at `start`.
    pub fn new(start: Timestamp) -> Clock {
        Clock {
            now: Cell::new(start),
            ..Clock::default()
        }
    }

    /// The current virtual time.
    pub fn now(&self) -> Timestamp {
        self.now.get()
    }

    /// Notes that something happened that other futures may be waiting for.
    pub fn progressed(&self) {
        self.progress.set(self.progress.get().wrapping_add(1));
    }

    /// A future that completes when the virtual clock reaches `deadline`.
    pub fn sleep_until(&self, deadline: Timestamp) -> Sleep<'_> {
        Sleep {
            clock: self,
            deadline,
            registered: false,
        }
    }

    /// Asks the loop to stop the clock at `deadline` if nothing happens before.
    pub fn wake_at(&self, deadline: Timestamp) {
        if deadline > self.now.get() {
            self.timers.borrow_mut().push(Reverse(deadline));
        }
    }

    /// Moves the clock to the earliest pending timer, if any is still in the future.
    fn advance(&self) -> bool {
        let mut timers = self.timers.borrow_mut();
        while let Some(Reverse(deadline)) = timers.pop() {
            if deadline > self.now.get() {
                // Time stops at the limit: whatever waits past it wakes there, to be cut short.
                let limit = self.limit.get().unwrap_or(deadline);
                if self.now.get() >= limit {
                    return false;
                }
                self.now.set(deadline.min(limit));
                return true;
            }
        }
        false
    }
}

/// Waits until a point of virtual time.
pub struct Sleep<'a> {
    clock: &'a Clock,
    deadline: Timestamp,
    registered: bool,
}

impl Future for Sleep<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.clock.now() >= self.deadline {
            return Poll::Ready(());
        }
        if !self.registered {
            self.clock.timers.borrow_mut().push(Reverse(self.deadline));
            self.registered = true;
        }
        Poll::Pending
    }
}

/// Polls `future` until it completes, advancing the clock between polls.
/// Returns `None` when it can only move on after an outside event (a callback).
pub fn drive<T>(future: &mut BoxFuture<T>, clock: &Clock) -> Option<T> {
    let mut context = Context::from_waker(Waker::noop());
    loop {
        let before = clock.progress.get();
        if let Poll::Ready(value) = future.as_mut().poll(&mut context) {
            return Some(value);
        }
        if clock.progress.get() != before {
            continue;
        }
        if !clock.advance() {
            return None;
        }
    }
}

/// Polls the first future and a timer together: `Ok` with the future's value, or
/// `Err(())` when the clock reaches `deadline` first.
pub async fn with_deadline<T>(
    future: impl Future<Output = T>,
    clock: &Clock,
    deadline: Option<Timestamp>,
) -> Result<T, ()> {
    let Some(deadline) = deadline else {
        return Ok(future.await);
    };
    let mut future = std::pin::pin!(future);
    let mut timer = std::pin::pin!(clock.sleep_until(deadline));
    std::future::poll_fn(|cx| {
        if let Poll::Ready(value) = future.as_mut().poll(cx) {
            return Poll::Ready(Ok(value));
        }
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(())),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}

/// Runs `future` until it ends or the clock reaches `limit`, which, unlike [`with_deadline`], sets
/// no timer: the clock reaches it only when something waits past it. So an execution waiting for
/// a callback (no timer at all) stays waiting, and one that waits past the limit ends there.
pub async fn within_limit<T>(
    future: impl Future<Output = T>,
    clock: &Clock,
    limit: Timestamp,
) -> Result<T, ()> {
    clock.limit.set(Some(limit));
    let mut future = std::pin::pin!(future);
    std::future::poll_fn(|cx| {
        if let Poll::Ready(value) = future.as_mut().poll(cx) {
            return Poll::Ready(Ok(value));
        }
        if clock.now() >= limit {
            Poll::Ready(Err(()))
        } else {
            Poll::Pending
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn sleeping_moves_virtual_time_only() {
        let clock = Rc::new(Clock::new(Timestamp(0)));
        let c = clock.clone();
        let mut future: BoxFuture<Timestamp> = Box::pin(async move {
            c.sleep_until(Timestamp(31_536_000_000)).await;
            c.now()
        });
        assert_eq!(drive(&mut future, &clock), Some(Timestamp(31_536_000_000)));
    }

    #[test]
    fn a_deadline_wins_over_a_longer_sleep() {
        let clock = Rc::new(Clock::new(Timestamp(0)));
        let c = clock.clone();
        let mut future: BoxFuture<Result<(), ()>> = Box::pin(async move {
            with_deadline(c.sleep_until(Timestamp(5_000)), &c, Some(Timestamp(1_000))).await
        });
        assert_eq!(drive(&mut future, &clock), Some(Err(())));
        assert_eq!(clock.now(), Timestamp(1_000));
    }

    #[test]
    fn a_future_that_waits_forever_reports_none() {
        let clock = Clock::new(Timestamp(0));
        let mut future: BoxFuture<()> = Box::pin(std::future::pending());
        assert_eq!(drive(&mut future, &clock), None);
    }
}
