//! Waiting for a task token's callback, with HeartbeatSeconds on the virtual clock.

use crate::error::{names, StatesError};
use crate::execution::callbacks::{Callback, TokenState};
use crate::execution::runner::StateRun;
use crate::execution::runtime::Stop;
use serde_json::Value;
use std::task::Poll;

/// Waits until the token's task gets SendTaskSuccess or SendTaskFailure, or misses a heartbeat.
///
/// Each poll looks at the token again, so a callback delivered from outside (the page)
/// is seen as soon as the execution resumes, without moving the clock.
pub(super) async fn wait(run: &StateRun<'_>, token: &str, heartbeat: Option<u64>) -> Result<Value, Stop> {
    let rt = run.rt;
    // The request that carries the token has been sent: a scripted worker may now look for it.
    rt.tokens.read_token(token, || rt.services_snapshot());
    std::future::poll_fn(|_| {
        let now = rt.now();
        match rt.tokens.check(token, now) {
            TokenState::Done(Callback::Success(output)) => Poll::Ready(Ok(output)),
            TokenState::Done(Callback::Failure { error, cause }) => {
                Poll::Ready(Err(Stop::Error(StatesError { error, cause })))
            }
            TokenState::Done(Callback::Heartbeat) => Poll::Pending,
            TokenState::Waiting {
                last_heartbeat,
                next_scheduled,
            } => {
                let heartbeat_deadline = heartbeat.map(|s| last_heartbeat.plus_millis(s as i64 * 1000));
                if heartbeat_deadline.is_some_and(|deadline| now >= deadline) {
                    return Poll::Ready(Err(Stop::Error(StatesError {
                        error: Some(names::HEARTBEAT_TIMEOUT.into()),
                        cause: None,
                    })));
                }
                for deadline in [heartbeat_deadline, next_scheduled].into_iter().flatten() {
                    rt.clock.wake_at(deadline);
                }
                Poll::Pending
            }
        }
    })
    .await
}
