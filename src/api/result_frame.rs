//! The SimulationResult as a compact binary frame, for the JavaScript package only. Turning the JSON text
//! of a result back into objects (`JSON.parse`) was a tenth of a prepared simulation in Node; the package
//! instead reads this frame straight out of wasm memory and builds the same plain objects itself
//! (npm/src/frame.js, which documents the reading side). The JSON text stays the contract everywhere else
//! (CLI, one-shot and explain in JS, the Rust API); the package's tests pin the objects built from the
//! frame to the CLI's JSON for every case they run, property order included.
//!
//! Layout, little-endian, no padding (`str` is a u32 byte length and that many bytes of UTF-8; `range` is
//! four u32: start line, start column, end line, end column; `[..]` is present when its flag is set):
//!
//! ```text
//! u32 length of what follows
//! u8 flags: OK 1, DECISION 2, REASON 4, REASON_CODE 8, MATCHED 16, MISSING 32
//! [u8 decision] [str reason] [str reasonCode]
//! [u32 n, n × matched statement] [u32 n, n × str missing context key]
//! u32 n, n × diagnostic
//! matched statement: u8 policyType, u8 flags (LEVEL 1, SID 2), u8 effect, str policyId, str input,
//!                    [u32 level], u32 statementIndex, [str sid], range
//! diagnostic:        u8 severity, u8 flags (SOURCE 1, RANGE 2), str code, str message, [str source], [range]
//! ```
//!
//! Enumerations travel as indices into the label lists of [`labels_json`], which the package asks for
//! once, so their spellings live only here.

use std::cell::RefCell;

use crate::eval::{Decision, MatchedStatement};
use crate::model::{Diagnostic, Effect, PolicyType, Severity};
use crate::source::Range;

use super::SimulationResult;

const OK: u8 = 1;
const DECISION: u8 = 2;
const REASON: u8 = 4;
const REASON_CODE: u8 = 8;
const MATCHED: u8 = 16;
const MISSING: u8 = 32;

const LEVEL: u8 = 1;
const SID: u8 = 2;
const SOURCE: u8 = 1;
const RANGE: u8 = 2;

/// The label lists, in index order. Each `*_index` function below is an exhaustive match (a new variant
/// does not compile until it is placed), and a test checks that it agrees with these lists.
const DECISIONS: [Decision; 3] = [Decision::Allowed, Decision::ExplicitDeny, Decision::ImplicitDeny];
const POLICY_TYPES: [PolicyType; 6] = [
    PolicyType::Identity,
    PolicyType::PermissionsBoundary,
    PolicyType::Session,
    PolicyType::Resource,
    PolicyType::Scp,
    PolicyType::Rcp,
];
const EFFECTS: [(Effect, &str); 2] = [(Effect::Allow, "Allow"), (Effect::Deny, "Deny")];
const SEVERITIES: [(Severity, &str); 3] =
    [(Severity::Error, "error"), (Severity::Warning, "warning"), (Severity::Info, "info")];

fn decision_index(d: Decision) -> u8 {
    match d {
        Decision::Allowed => 0,
        Decision::ExplicitDeny => 1,
        Decision::ImplicitDeny => 2,
    }
}

fn policy_type_index(t: PolicyType) -> u8 {
    match t {
        PolicyType::Identity => 0,
        PolicyType::PermissionsBoundary => 1,
        PolicyType::Session => 2,
        PolicyType::Resource => 3,
        PolicyType::Scp => 4,
        PolicyType::Rcp => 5,
    }
}

fn effect_index(e: Effect) -> u8 {
    match e {
        Effect::Allow => 0,
        Effect::Deny => 1,
    }
}

fn severity_index(s: Severity) -> u8 {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// The label lists as JSON: `{"decision":[...],"policyType":[...],"effect":[...],"severity":[...]}`.
pub fn labels_json() -> String {
    let list = |labels: &mut dyn Iterator<Item = &str>| {
        let quoted: Vec<String> = labels.map(|l| format!("\"{l}\"")).collect();
        format!("[{}]", quoted.join(","))
    };
    format!(
        "{{\"decision\":{},\"policyType\":{},\"effect\":{},\"severity\":{}}}",
        list(&mut DECISIONS.iter().map(|d| d.as_str())),
        list(&mut POLICY_TYPES.iter().map(|t| t.label())),
        list(&mut EFFECTS.iter().map(|(_, l)| *l)),
        list(&mut SEVERITIES.iter().map(|(_, l)| *l)),
    )
}

thread_local! {
    /// The frame of the latest result. It lives until the next one is written, which is all the reader
    /// needs (it reads a frame before making another call), and its room is kept from call to call.
    static FRAME: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Frames larger than this are not kept for the next call (one huge result should not pin its memory).
const KEEP_AT_MOST: usize = 64 * 1024;

/// Writes `result`'s frame into the thread's frame buffer and returns where it starts in memory (in wasm,
/// an offset into the module's memory). The frame stays there until the next call.
pub fn write_frame(result: &SimulationResult) -> usize {
    FRAME
        .try_with(|cell| {
            let mut frame = cell.borrow_mut();
            if frame.capacity() > KEEP_AT_MOST {
                *frame = Vec::new();
            }
            frame.clear();
            encode(result, &mut frame);
            frame.as_ptr() as usize
        })
        .unwrap_or(0)
}

/// Encodes `result` into `out` (which is empty), length word first.
pub fn encode(r: &SimulationResult, out: &mut Vec<u8>) {
    let mut w = Writer(std::mem::take(out));
    w.u32(0);
    let flags = flag(r.ok, OK)
        | flag(r.decision.is_some(), DECISION)
        | flag(r.reason.is_some(), REASON)
        | flag(r.reason_code.is_some(), REASON_CODE)
        | flag(r.matched_statements.is_some(), MATCHED)
        | flag(r.missing_context_keys.is_some(), MISSING);
    w.u8(flags);
    if let Some(d) = r.decision {
        w.u8(decision_index(d));
    }
    if let Some(reason) = &r.reason {
        w.str(reason);
    }
    if let Some(code) = &r.reason_code {
        w.str(code);
    }
    if let Some(matched) = &r.matched_statements {
        w.count(matched.len());
        matched.iter().for_each(|m| w.matched_statement(m));
    }
    if let Some(keys) = &r.missing_context_keys {
        w.count(keys.len());
        keys.iter().for_each(|k| w.str(k));
    }
    w.count(r.diagnostics.len());
    r.diagnostics.iter().for_each(|d| w.diagnostic(d));
    let length = u32_of(w.0.len().saturating_sub(4));
    if let Some(head) = w.0.first_chunk_mut::<4>() {
        *head = length.to_le_bytes();
    }
    *out = w.0;
}

fn flag(set: bool, bit: u8) -> u8 {
    if set { bit } else { 0 }
}

/// Counts, lengths and positions as u32. Every one is bounded by the input's size, which the parser
/// limits to `u32::MAX` bytes, so none is clamped in practice.
fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, b: u8) {
        self.0.push(b);
    }

    fn u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    fn count(&mut self, n: usize) {
        self.u32(u32_of(n));
    }

    fn str(&mut self, s: &str) {
        self.count(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn range(&mut self, r: &Range) {
        for n in [r.start.line, r.start.column, r.end.line, r.end.column] {
            self.u32(n);
        }
    }

    fn matched_statement(&mut self, m: &MatchedStatement) {
        self.u8(policy_type_index(m.policy_type));
        self.u8(flag(m.level.is_some(), LEVEL) | flag(m.sid.is_some(), SID));
        self.u8(effect_index(m.effect));
        self.str(&m.policy_id);
        self.str(&m.input);
        if let Some(level) = m.level {
            self.count(level);
        }
        self.count(m.statement_index);
        if let Some(sid) = &m.sid {
            self.str(sid);
        }
        self.range(&m.range);
    }

    fn diagnostic(&mut self, d: &Diagnostic) {
        self.u8(severity_index(d.severity));
        self.u8(flag(d.source.is_some(), SOURCE) | flag(d.range.is_some(), RANGE));
        self.str(&d.code);
        self.str(&d.message);
        if let Some(source) = &d.source {
            self.str(source);
        }
        if let Some(range) = &d.range {
            self.range(range);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Position;

    #[test]
    fn indices_agree_with_the_label_lists() {
        for (i, d) in DECISIONS.iter().enumerate() {
            assert_eq!(usize::from(decision_index(*d)), i);
        }
        for (i, t) in POLICY_TYPES.iter().enumerate() {
            assert_eq!(usize::from(policy_type_index(*t)), i);
        }
        for (i, (e, label)) in EFFECTS.iter().enumerate() {
            assert_eq!(usize::from(effect_index(*e)), i);
            assert_eq!(serde_json::to_value(e).ok(), Some(serde_json::json!(label)));
        }
        for (i, (s, label)) in SEVERITIES.iter().enumerate() {
            assert_eq!(usize::from(severity_index(*s)), i);
            assert_eq!(serde_json::to_value(s).ok(), Some(serde_json::json!(label)));
        }
        let labels: serde_json::Value = serde_json::from_str(&labels_json()).unwrap();
        assert_eq!(labels["decision"], serde_json::json!(["allowed", "explicitDeny", "implicitDeny"]));
        assert_eq!(labels["policyType"][5], serde_json::json!(PolicyType::Rcp.label()));
        assert_eq!(labels["severity"], serde_json::json!(["error", "warning", "info"]));
    }

    fn range(a: u32, b: u32, c: u32, d: u32) -> Range {
        Range { start: Position { line: a, column: b }, end: Position { line: c, column: d } }
    }

    #[test]
    fn a_result_is_laid_out_as_documented() {
        let mut diagnostic = Diagnostic::warning("CONTEXT_KEY_UNKNOWN", "é");
        diagnostic.source = Some("request.context".into());
        let result = SimulationResult {
            ok: true,
            decision: Some(Decision::ExplicitDeny),
            reason: Some("r".into()),
            reason_code: Some("EXPLICIT_DENY_SCP".into()),
            matched_statements: Some(vec![MatchedStatement {
                policy_type: PolicyType::Scp,
                policy_id: "p".into(),
                input: "in".into(),
                level: Some(1),
                statement_index: 2,
                sid: None,
                effect: Effect::Deny,
                range: range(1, 2, 3, 4),
            }]),
            missing_context_keys: Some(vec!["aws:SourceIp".into()]),
            diagnostics: vec![diagnostic],
            trace: None,
            text: None,
        };
        let mut out = Vec::new();
        encode(&result, &mut out);
        let mut expected: Vec<u8> = vec![0, 0, 0, 0, 63, 1, 1, 0, 0, 0, b'r', 17, 0, 0, 0];
        expected.extend_from_slice(b"EXPLICIT_DENY_SCP");
        expected.extend_from_slice(&[1, 0, 0, 0, 4, LEVEL, 1, 1, 0, 0, 0, b'p', 2, 0, 0, 0, b'i', b'n']);
        expected.extend_from_slice(&[1, 0, 0, 0, 2, 0, 0, 0]);
        expected.extend_from_slice(&[1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0]);
        expected.extend_from_slice(&[1, 0, 0, 0, 12, 0, 0, 0]);
        expected.extend_from_slice(b"aws:SourceIp");
        expected.extend_from_slice(&[1, 0, 0, 0, 1, SOURCE, 19, 0, 0, 0]);
        expected.extend_from_slice(b"CONTEXT_KEY_UNKNOWN");
        expected.extend_from_slice(&[2, 0, 0, 0, 0xc3, 0xa9, 15, 0, 0, 0]);
        expected.extend_from_slice(b"request.context");
        let length = (expected.len() - 4) as u32;
        expected[..4].copy_from_slice(&length.to_le_bytes());
        assert_eq!(out, expected);
    }

    #[test]
    fn a_failure_has_only_its_diagnostics() {
        let mut d = Diagnostic::error("JSON_SYNTAX", "m");
        d.range = Some(range(1, 1, 1, 2));
        let mut out = Vec::new();
        encode(&SimulationResult::failure(vec![d]), &mut out);
        let mut expected: Vec<u8> = vec![0, 0, 0, 0, 0, 1, 0, 0, 0, 0, RANGE, 11, 0, 0, 0];
        expected.extend_from_slice(b"JSON_SYNTAX");
        expected.extend_from_slice(&[1, 0, 0, 0, b'm', 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0]);
        let length = (expected.len() - 4) as u32;
        expected[..4].copy_from_slice(&length.to_le_bytes());
        assert_eq!(out, expected);
    }

    #[test]
    fn the_thread_buffer_holds_the_latest_frame() {
        let first = write_frame(&SimulationResult::failure(Vec::new()));
        assert_ne!(first, 0);
        // Length 5: the flags byte (not ok, nothing else) and an empty diagnostics list.
        FRAME.with(|f| assert_eq!(f.borrow().as_slice(), &[5, 0, 0, 0, 0, 0, 0, 0, 0]));
        let ok = SimulationResult { ok: true, ..SimulationResult::failure(Vec::new()) };
        assert_eq!(write_frame(&ok), first, "the same buffer, rewritten");
        FRAME.with(|f| assert_eq!(f.borrow().as_slice(), &[5, 0, 0, 0, OK, 0, 0, 0, 0]));
    }
}
