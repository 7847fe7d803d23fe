//! Times the asl interpreter natively on one workload of `bench/` and prints one JSON line.
//!
//! `asl-bench WORKLOAD.json [MIN_RUNS] [BUDGET_MS]`: the workload file holds
//! `{"name", "definition", "input"}`. The first run (definition parsed, then run) is the cold
//! run; warm runs repeat on the parsed machine until both MIN_RUNS (default 5) and BUDGET_MS
//! (default 2000) are reached, at most 1000 runs. Peak RSS is the process's VmHWM; CPU time
//! per warm run (`cpu_ms`, a mean) comes from /proc/self/schedstat. The line's engine name is
//! `$BENCH_ENGINE`, default `native`.

use asl_bench::Bench;

/// The CLI's allocator: mimalloc, metered for JSONata evaluations. With the `system-allocator`
/// feature, the system's (glibc's malloc here) replaces mimalloc.
#[cfg(feature = "system-allocator")]
#[global_allocator]
static ALLOCATOR: jsonata::BudgetAllocator = jsonata::BudgetAllocator::system();
#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static ALLOCATOR: jsonata::BudgetAllocator<mimalloc::MiMalloc> =
    jsonata::BudgetAllocator::wrapping(mimalloc::MiMalloc);
use serde_json::{json, Value};
use std::time::Instant;

fn main() {
    if let Err(e) = bench() {
        eprintln!("asl-bench: {e}");
        std::process::exit(1);
    }
}

fn bench() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        return Err("usage: asl-bench WORKLOAD.json [MIN_RUNS] [BUDGET_MS]".into());
    };
    let number = |i: usize, default: u64| -> Result<u64, String> {
        args.get(i).map_or(Ok(default), |s| {
            s.parse().map_err(|e| format!("argument {s}: {e}"))
        })
    };
    let (min_runs, budget_ms) = (number(1, 5)?, number(2, 2000)?);
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let workload: Value = serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
    let definition = serde_json::to_string(&workload["definition"]).map_err(|e| e.to_string())?;
    let input = workload["input"].clone();
    let rss_base_kb = memory_kb("VmRSS");

    let start = Instant::now();
    let bench = Bench::new(&definition)?;
    let first = bench.run_value(input.clone());
    let cold_ms = millis(start);
    drop(first);

    let mut warm_ms = Vec::new();
    let mut kept = None;
    let began = Instant::now();
    let cpu_before = cpu_ns();
    while (warm_ms.len() as u64) < min_runs
        || (began.elapsed().as_millis() < u128::from(budget_ms) && warm_ms.len() < 1000)
    {
        let input = input.clone();
        let start = Instant::now();
        let summary = bench.run_value(input);
        if kept.is_some() {
            drop(summary);
        } else {
            kept = Some(summary);
        }
        warm_ms.push(millis(start));
    }
    let cpu_ms = match (cpu_before, cpu_ns()) {
        (Some(before), Some(after)) => Some((after - before) as f64 / 1e6 / warm_ms.len() as f64),
        _ => None,
    };
    let wall_ms = millis(began) / warm_ms.len() as f64;
    let summary = kept.ok_or("no warm run")?;
    let median_ms = median(&warm_ms);
    let line = json!({
        "engine": std::env::var("BENCH_ENGINE").unwrap_or_else(|_| "native".into()),
        "workload": workload["name"],
        "status": summary.status,
        "events": summary.events,
        "error": summary.error,
        "cause": summary.cause,
        "cold_ms": cold_ms,
        "median_ms": median_ms,
        "runs": warm_ms.len(),
        "cpu_ms": cpu_ms,
        "wall_ms": wall_ms,
        "rss_base_kb": rss_base_kb,
        "rss_peak_kb": memory_kb("VmHWM"),
        "output": summary.output,
    });
    println!("{line}");
    Ok(())
}

fn millis(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    }
}

/// CPU time of this (single-threaded) process so far, in nanoseconds (Linux only).
fn cpu_ns() -> Option<u64> {
    let schedstat = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    schedstat.split_whitespace().next()?.parse().ok()
}

/// A `/proc/self/status` figure in KiB (Linux only).
fn memory_kb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}
