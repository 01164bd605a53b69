//! Throughput benchmark (not a test): `cargo bench --bench simulate` or `make bench-native`.
//! Runs the realistic batch of tests/fixtures/bench-scenario.json (5 identity policies x 10 statements with
//! conditions, SCPs at two levels, a bucket policy, ~20 context keys, 20 varied requests) and prints
//! simulations per second, on one core, for:
//! - prepared: policies parsed once (`Prepared`), requests already parsed;
//! - prepared+json: policies parsed once, each request's JSON parsed per call;
//! - one-shot: the whole Scenario JSON parsed for every call (`simulate_json`);
//! - explain one-shot: the same with the full trace and its text.

use std::hint::black_box;
use std::time::{Duration, Instant};

use iamsim::api::{Prepared, explain_json, simulate_json};
use iamsim::parse::parse_request;

fn measure(name: &str, budget: Duration, mut f: impl FnMut() -> usize) {
    for _ in 0..200 {
        black_box(f());
    }
    let start = Instant::now();
    let mut calls = 0usize;
    while start.elapsed() < budget {
        calls += black_box(f());
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{name:<18} {:>12.0} simulations/s  ({calls} in {secs:.2} s)", calls as f64 / secs);
}

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bench-scenario.json");
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("cannot read {path}");
        std::process::exit(2);
    };
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else {
        eprintln!("{path} is not JSON");
        std::process::exit(2);
    };
    let policies = doc["policies"].to_string();
    let request_texts: Vec<String> = doc["requests"].as_array().into_iter().flatten().map(|r| r.to_string()).collect();
    let scenario_texts: Vec<String> = doc["requests"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| serde_json::json!({ "request": r, "policies": doc["policies"] }).to_string())
        .collect();
    let prepared = match Prepared::parse(&policies, None) {
        Ok(p) => p,
        Err(f) => {
            eprintln!("benchmark policies rejected: {}", f.to_json());
            std::process::exit(2);
        }
    };
    let requests: Vec<_> = request_texts.iter().filter_map(|r| parse_request(r).value).collect();
    if requests.len() != request_texts.len() || requests.is_empty() {
        eprintln!("benchmark requests rejected");
        std::process::exit(2);
    }
    let mut decisions = std::collections::BTreeMap::new();
    for r in &requests {
        *decisions.entry(format!("{:?}", prepared.simulate(r).decision)).or_insert(0) += 1;
    }
    println!("batch: {} requests, decisions {decisions:?}", requests.len());
    let budget = Duration::from_secs(2);
    measure("prepared", budget, || requests.iter().map(|r| prepared.simulate(r).ok as usize).sum());
    measure("prepared+json", budget, || request_texts.iter().map(|r| prepared.simulate_json(r).len().min(1)).sum());
    measure("one-shot json", budget, || scenario_texts.iter().map(|s| simulate_json(s).len().min(1)).sum());
    measure("explain one-shot", budget, || scenario_texts.iter().map(|s| explain_json(s).len().min(1)).sum());
}
