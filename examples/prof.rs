//! Profiling aid (not a test, not a benchmark): `cargo run --release --example prof -- [parse|oneshot|prepared|pjson|eval|all] [N]`
//! times the stages of one simulation of the benchmark batch, for use under `perf record`. `pjson N [I]`
//! runs only `Prepared::simulate_json`, N times, over every bench request in turn (or request I only).
use std::time::Instant;

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "all".into());
    let n: u32 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(300);
    let Ok(text) = std::fs::read_to_string("tests/fixtures/bench-scenario.json") else { return };
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else { return };
    let s = serde_json::json!({"request": doc["requests"][0], "policies": doc["policies"]}).to_string();
    if mode == "parse" || mode == "all" {
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(iamsim::parse::parse_scenario(&s));
        }
        println!("parse_scenario {:?}/call ({} bytes)", t.elapsed() / n, s.len());
    }
    if mode == "oneshot" || mode == "all" {
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(iamsim::api::simulate_json(&s));
        }
        println!("simulate_json {:?}/call", t.elapsed() / n);
    }
    let Some(sc) = iamsim::parse::parse_scenario(&s).value else { return };
    if mode == "prepared" || mode == "all" {
        let prepared = match iamsim::api::Prepared::parse(&doc["policies"].to_string(), None) {
            Ok(p) => p,
            Err(f) => {
                println!("{}", f.to_json());
                return;
            }
        };
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(prepared.simulate(&sc.request));
        }
        println!("prepared.simulate {:?}/call", t.elapsed() / n);
        let request_json = doc["requests"][0].to_string();
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(prepared.simulate_json(&request_json));
        }
        println!("prepared.simulate_json {:?}/call", t.elapsed() / n);
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(iamsim::service::check_request_context(&sc.request));
        }
        println!("check_request_context {:?}/call", t.elapsed() / n);
    }
    if mode == "pjson" {
        // Only `Prepared::simulate_json` of every bench request, round robin (for callgrind).
        let Ok(prepared) = iamsim::api::Prepared::parse(&doc["policies"].to_string(), None) else { return };
        // An optional third argument picks one request (by index) instead of all of them.
        let only: Option<usize> = std::env::args().nth(3).and_then(|a| a.parse().ok());
        let requests: Vec<String> = doc["requests"]
            .as_array()
            .map(|a| {
                a.iter().enumerate().filter(|(i, _)| only.is_none_or(|o| o == *i)).map(|(_, r)| r.to_string()).collect()
            })
            .unwrap_or_default();
        let t = Instant::now();
        for i in 0..n as usize {
            if let Some(r) = requests.get(i % requests.len().max(1)) {
                std::hint::black_box(prepared.simulate_json(r));
            }
        }
        println!("prepared.simulate_json (all requests) {:?}/call", t.elapsed() / n);
    }
    if mode == "eval" || mode == "all" {
        let ctx = iamsim::eval::effective_context(&sc.request, &sc.options);
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(iamsim::eval::effective_context(&sc.request, &sc.options));
        }
        println!("effective_context {:?}/call", t.elapsed() / n);
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(iamsim::eval::evaluate(&sc.request, &sc.policies, &sc.options, &ctx, false));
        }
        println!("evaluate {:?}/call", t.elapsed() / n);
    }
}
