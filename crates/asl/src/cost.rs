//! What AWS would bill for an execution: state transitions for Standard, requests, duration and
//! memory for Express, priced from one data file (`data/prices.json`) that gives its date and source.

use crate::execution::{ExecutionResult, WorkflowType};
use crate::history::EventDetails;
use serde::{Deserialize, Serialize};

/// The billable measures of one execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    /// Standard's unit: each state entered counts one transition, and each retry one more, as
    /// AWS's pricing page says ("each retry will be charged as an additional state transition").
    pub state_transitions: u64,
    /// Express's unit: one request per execution started.
    pub requests: u64,
    /// From ExecutionStarted to the last event, on the virtual clock.
    pub duration_ms: u64,
    /// Express bills the duration rounded up to the next 100 ms.
    pub billed_duration_ms: u64,
    /// Express bills memory in 64 MB chunks; the lab bills one chunk, the least AWS bills (its real
    /// use grows with the definition, Map and Parallel states and payloads, which we do not model).
    pub billed_memory_mb: u64,
}

impl Usage {
    /// Measures `result`; `prices` says how Express rounds duration and memory.
    pub fn of(result: &ExecutionResult, prices: &Prices) -> Usage {
        let entered = result
            .events
            .iter()
            .filter(|e| matches!(e.details, EventDetails::StateEntered { .. }))
            .count() as u64;
        let retries: u64 = result.trace.iter().map(|r| r.retries.len() as u64).sum();
        let start = result.events.first().map_or(0, |e| e.timestamp.0);
        let end = result.events.last().map_or(start, |e| e.timestamp.0);
        let duration_ms = (end - start).max(0) as u64;
        let rounding = prices.express.duration_rounding_ms.max(1);
        Usage {
            state_transitions: entered + retries,
            requests: 1,
            duration_ms,
            billed_duration_ms: duration_ms.div_ceil(rounding).max(1) * rounding,
            billed_memory_mb: prices.express.memory_chunk_mb,
        }
    }
}

/// AWS's published prices for one region (data/prices.json).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Prices {
    /// When the prices were read.
    pub date: String,
    /// Where they were read.
    pub source: String,
    /// The region they apply to.
    pub region: String,
    /// Standard workflows.
    pub standard: StandardPrices,
    /// Express workflows.
    pub express: ExpressPrices,
}

/// What Standard workflows cost.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StandardPrices {
    /// Dollars per 1,000 state transitions.
    pub per_thousand_state_transitions: f64,
    /// The monthly free tier.
    pub free_transitions_per_month: u64,
}

/// What Express workflows cost.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpressPrices {
    /// Dollars per million requests.
    pub per_million_requests: f64,
    /// Dollars per GB-second (the first tier).
    pub per_gb_second: f64,
    /// Duration is rounded up to a multiple of this.
    pub duration_rounding_ms: u64,
    /// Memory is billed in chunks of this size.
    pub memory_chunk_mb: u64,
}

impl Prices {
    /// The prices shipped with the lab.
    pub fn published() -> Prices {
        serde_json::from_str(include_str!("../data/prices.json")).unwrap_or_else(|_| Prices {
            // Unreachable while the test `the_published_prices_load` passes; kept so a bad edit cannot panic the page.
            date: String::new(),
            source: String::new(),
            region: String::new(),
            standard: StandardPrices {
                per_thousand_state_transitions: 0.0,
                free_transitions_per_month: 0,
            },
            express: ExpressPrices {
                per_million_requests: 0.0,
                per_gb_second: 0.0,
                duration_rounding_ms: 100,
                memory_chunk_mb: 64,
            },
        })
    }
}

/// A cost estimate in dollars, for one execution and for a million of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    /// `STANDARD` or `EXPRESS`.
    pub workflow_type: &'static str,
    /// What was measured.
    pub usage: Usage,
    /// Dollars for this one execution.
    pub per_execution: f64,
    /// Dollars for a million such executions.
    pub per_million_executions: f64,
    /// How the figure was reached, in one sentence.
    pub explanation: String,
    /// The prices' region, date and source.
    pub prices: String,
}

/// Prices `result` as AWS would bill it when run as `workflow_type`.
pub fn estimate(result: &ExecutionResult, workflow_type: WorkflowType, prices: &Prices) -> Estimate {
    let usage = Usage::of(result, prices);
    let (name, per_execution, explanation) = match workflow_type {
        WorkflowType::Standard => {
            let dollars =
                usage.state_transitions as f64 * prices.standard.per_thousand_state_transitions / 1000.0;
            (
                "STANDARD",
                dollars,
                format!(
                    "{} state transitions × ${} per 1,000 (after the free tier of {} a month)",
                    usage.state_transitions,
                    prices.standard.per_thousand_state_transitions,
                    prices.standard.free_transitions_per_month
                ),
            )
        }
        WorkflowType::Express => {
            let gb_seconds =
                usage.billed_memory_mb as f64 / 1024.0 * usage.billed_duration_ms as f64 / 1000.0;
            let dollars = usage.requests as f64 * prices.express.per_million_requests / 1e6
                + gb_seconds * prices.express.per_gb_second;
            (
                "EXPRESS",
                dollars,
                format!(
                    "1 request × ${} per million + {} ms (billed {} ms) × {} MB = {:.6} GB-s × ${} per GB-s",
                    prices.express.per_million_requests,
                    usage.duration_ms,
                    usage.billed_duration_ms,
                    usage.billed_memory_mb,
                    gb_seconds,
                    prices.express.per_gb_second
                ),
            )
        }
    };
    Estimate {
        workflow_type: name,
        usage,
        per_execution,
        per_million_executions: per_execution * 1e6,
        explanation,
        prices: format!(
            "{} list prices of {} ({})",
            prices.region, prices.date, prices.source
        ),
    }
}
