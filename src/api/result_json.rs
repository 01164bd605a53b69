//! The SimulationResult written as JSON by hand. Its shape is fixed (design.md §3), and a simulation writes
//! one per request: going through serde's generic machinery cost as much as a third of evaluating the
//! request. The output is byte for byte what `serde_json::to_string` gives for the same struct (field
//! order, skipped `None`s, string escapes); the tests compare the two. An explanation's trace is written
//! by src/trace/json.rs with this writer, so no serde serializer is left in the .wasm.

use crate::eval::MatchedStatement;
use crate::model::{Diagnostic, Effect, Severity};
use crate::source::{Position, Range};

use super::SimulationResult;

/// The result as JSON text.
pub(super) fn write(r: &SimulationResult) -> String {
    let mut w = Writer(String::with_capacity(capacity(r)));
    w.raw(if r.ok { "{\"ok\":true" } else { "{\"ok\":false" });
    if let Some(d) = r.decision {
        w.raw(",\"decision\":\"");
        w.raw(d.as_str());
        w.raw("\"");
    }
    if let Some(reason) = &r.reason {
        w.raw(",\"reason\":");
        w.string(reason);
    }
    if let Some(code) = &r.reason_code {
        w.raw(",\"reasonCode\":");
        w.string(code);
    }
    if let Some(matched) = &r.matched_statements {
        w.raw(",\"matchedStatements\":");
        w.list(matched, Writer::matched_statement);
    }
    if let Some(keys) = &r.missing_context_keys {
        w.raw(",\"missingContextKeys\":");
        w.list(keys, |w, k| w.string(k));
    }
    w.raw(",\"diagnostics\":");
    w.list(&r.diagnostics, Writer::diagnostic);
    if let Some(trace) = &r.trace {
        w.raw(",\"trace\":");
        w.trace(trace);
    }
    if let Some(text) = &r.text {
        w.raw(",\"text\":");
        w.string(text);
    }
    w.raw("}");
    w.0
}

/// A list of diagnostics as JSON text (`Prepared`'s warnings).
pub(crate) fn diagnostics(list: &[Diagnostic]) -> String {
    let mut w = Writer::new();
    w.list(list, Writer::diagnostic);
    w.0
}

/// Room for the whole text, so it is written without growing: the variable parts plus their fixed frames.
fn capacity(r: &SimulationResult) -> usize {
    let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    let matched = r.matched_statements.iter().flatten();
    let keys = r.missing_context_keys.iter().flatten();
    128 + text(&r.reason)
        + matched.map(|m| 200 + m.policy_id.len() + m.input.len() + text(&m.sid)).sum::<usize>()
        + keys.map(|k| 3 + k.len()).sum::<usize>()
        + r.diagnostics.iter().map(|d| 120 + d.code.len() + d.message.len() + text(&d.source)).sum::<usize>()
}

/// JSON text being written (also by src/trace/json.rs, for an explanation's trace).
pub(crate) struct Writer(String);

impl Writer {
    pub(crate) fn new() -> Writer {
        Writer(String::new())
    }

    pub(crate) fn finish(self) -> String {
        self.0
    }

    pub(crate) fn raw(&mut self, s: &str) {
        self.0.push_str(s);
    }

    pub(crate) fn list<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Writer, &T)) {
        self.0.push('[');
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            item(self, x);
        }
        self.0.push(']');
    }

    /// A JSON string with serde_json's escapes: `"` and `\`, the short forms `\b \f \n \r \t`, and
    /// `\u00XX` (lowercase hex) for the other control characters; everything else verbatim.
    pub(crate) fn string(&mut self, s: &str) {
        self.0.push('"');
        if !any_needs_escape(s.as_bytes()) {
            self.0.push_str(s);
            self.0.push('"');
            return;
        }
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape: &str = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            // Every byte matched above is ASCII, so `start..i` and `i + 1..` fall on char boundaries.
            self.0.push_str(s.get(start..i).unwrap_or_default());
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.0.push_str("\\u00");
                self.0.push(char::from(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0')));
                self.0.push(char::from(HEX.get(usize::from(b & 0xf)).copied().unwrap_or(b'0')));
            } else {
                self.0.push_str(escape);
            }
            start = i + 1;
        }
        self.0.push_str(s.get(start..).unwrap_or_default());
        self.0.push('"');
    }

    pub(crate) fn number(&mut self, n: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut rest = n;
        loop {
            at -= 1;
            if let Some(d) = digits.get_mut(at) {
                *d = b'0' + (rest % 10) as u8;
            }
            rest /= 10;
            if rest == 0 || at == 0 {
                break;
            }
        }
        for &d in digits.get(at..).unwrap_or_default() {
            self.0.push(char::from(d));
        }
    }

    fn position(&mut self, p: &Position) {
        self.raw("{\"line\":");
        self.number(u64::from(p.line));
        self.raw(",\"column\":");
        self.number(u64::from(p.column));
        self.raw("}");
    }

    pub(crate) fn range(&mut self, r: &Range) {
        self.raw("{\"start\":");
        self.position(&r.start);
        self.raw(",\"end\":");
        self.position(&r.end);
        self.raw("}");
    }

    fn matched_statement(&mut self, m: &MatchedStatement) {
        self.raw("{\"policyType\":\"");
        self.raw(m.policy_type.label());
        self.raw("\",\"policyId\":");
        self.string(&m.policy_id);
        self.raw(",\"input\":");
        self.string(&m.input);
        if let Some(level) = m.level {
            self.raw(",\"level\":");
            self.number(level as u64);
        }
        self.raw(",\"statementIndex\":");
        self.number(m.statement_index as u64);
        if let Some(sid) = &m.sid {
            self.raw(",\"sid\":");
            self.string(sid);
        }
        self.raw(match m.effect {
            Effect::Allow => ",\"effect\":\"Allow\",\"range\":",
            Effect::Deny => ",\"effect\":\"Deny\",\"range\":",
        });
        self.range(&m.range);
        self.raw("}");
    }

    fn diagnostic(&mut self, d: &Diagnostic) {
        self.raw(match d.severity {
            Severity::Error => "{\"severity\":\"error\",\"code\":",
            Severity::Warning => "{\"severity\":\"warning\",\"code\":",
            Severity::Info => "{\"severity\":\"info\",\"code\":",
        });
        self.string(&d.code);
        self.raw(",\"message\":");
        self.string(&d.message);
        if let Some(source) = &d.source {
            self.raw(",\"source\":");
            self.string(source);
        }
        if let Some(range) = &d.range {
            self.raw(",\"range\":");
            self.range(range);
        }
        self.raw("}");
    }
}

/// Control characters, `"` and `\\`: the bytes a JSON string cannot hold as they are. A table, because
/// every byte of the output's strings is looked up (three comparisons each cost a tenth of the writing).
fn needs_escape(b: u8) -> bool {
    const TABLE: [bool; 256] = {
        let mut t = [false; 256];
        let mut i = 0;
        while i < 0x20 {
            t[i] = true;
            i += 1;
        }
        t[b'"' as usize] = true;
        t[b'\\' as usize] = true;
        t
    };
    TABLE.get(usize::from(b)).copied().unwrap_or(false)
}

/// Whether any byte of `bytes` [needs an escape](needs_escape), eight bytes at a time: nearly no string
/// of a result has one, and this scan ran over every byte of them.
fn any_needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // Per byte, the high bit of `(x - ONES) & !x & HIGH` is set where a byte of `x` is zero (exact as a
    // whole: it is zero only when no byte is), and of `(x - 0x20 in every byte) & !x & HIGH` where a
    // byte is below 0x20.
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH != 0;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut x = [0u8; 8];
        x.copy_from_slice(word);
        let x = u64::from_ne_bytes(x);
        if x.wrapping_sub(ONES * 0x20) & !x & HIGH != 0
            || has_zero(x ^ (ONES * u64::from(b'"')))
            || has_zero(x ^ (ONES * u64::from(b'\\')))
        {
            return true;
        }
    }
    words.remainder().iter().any(|&b| needs_escape(b))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::eval::Decision;
    use crate::model::PolicyType;

    fn serde(r: &SimulationResult) -> String {
        serde_json::to_string(r).unwrap()
    }

    fn position(line: u32, column: u32) -> Position {
        Position { line, column }
    }

    fn statement(level: Option<usize>, sid: Option<&str>, policy_type: PolicyType, effect: Effect) -> MatchedStatement {
        MatchedStatement {
            policy_type,
            policy_id: "policy \"quoted\" \\ é 😀".into(),
            input: "policies.scp[1][0]".into(),
            level,
            statement_index: 12_345,
            sid: sid.map(Into::into),
            effect,
            range: Range { start: position(1, 0), end: position(u32::MAX, 4_000_000_000) },
        }
    }

    #[test]
    fn the_word_scan_finds_exactly_the_bytes_to_escape() {
        for len in [0, 1, 7, 8, 9, 16, 23] {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut text = vec![b'a'; len];
                    if let Some(slot) = text.get_mut(at) {
                        *slot = b;
                    }
                    assert_eq!(any_needs_escape(&text), text.iter().any(|&x| needs_escape(x)), "{len} {at} {b}");
                }
            }
        }
        // Bytes around the thresholds, several to a word.
        for pair in [[0x1f, 0x21], [0x20, 0x5b], [0x5d, 0x23], [0x80, 0xff], [0x21, 0x22], [0x5c, 0x00]] {
            let text: Vec<u8> = pair.iter().cycle().take(12).copied().collect();
            assert_eq!(any_needs_escape(&text), text.iter().any(|&x| needs_escape(x)), "{pair:?}");
        }
    }

    #[test]
    fn strings_escape_as_serde_does() {
        let every_byte: String = (0u8..=0x7f).map(char::from).collect();
        for s in ["", "plain", "a\"b\\c", "\u{7f}\u{80}é😀</script>", "\t\n\r\u{8}\u{c}\u{0}\u{1f}", &every_byte] {
            let mut w = Writer(String::new());
            w.string(s);
            assert_eq!(w.0, serde_json::to_string(s).unwrap(), "{s:?}");
        }
        for n in [0u64, 7, 10, 99, 100, 12_345, u64::from(u32::MAX), u64::MAX] {
            let mut w = Writer(String::new());
            w.number(n);
            assert_eq!(w.0, n.to_string());
        }
    }

    #[test]
    fn results_match_serde_byte_for_byte() {
        let mut warning =
            Diagnostic::warning("CONTEXT_KEY_UNKNOWN", "'x\ty' is \"odd\"").with_source("request.context");
        warning.range = Some(Range { start: position(3, 9), end: position(3, 40) });
        let results = [
            SimulationResult::failure(vec![Diagnostic::error("INVALID_JSON", "bad\u{1}")]),
            SimulationResult::failure(Vec::new()),
            SimulationResult {
                ok: true,
                decision: Some(Decision::Allowed),
                reason: Some("allowed by \"s\"".into()),
                reason_code: Some("ALLOW_IDENTITY".into()),
                matched_statements: Some(vec![
                    statement(None, Some("S1"), PolicyType::Identity, Effect::Allow),
                    statement(Some(2), None, PolicyType::Scp, Effect::Deny),
                    statement(Some(0), Some(""), PolicyType::Rcp, Effect::Deny),
                    statement(None, None, PolicyType::PermissionsBoundary, Effect::Allow),
                    statement(None, None, PolicyType::Session, Effect::Allow),
                    statement(None, None, PolicyType::Resource, Effect::Allow),
                ]),
                missing_context_keys: Some(vec!["aws:SourceIp".into(), "s3:\"x\"".into()]),
                diagnostics: vec![warning, Diagnostic::info("NOTE", "i")],
                trace: None,
                text: None,
            },
            SimulationResult {
                ok: true,
                decision: Some(Decision::ImplicitDeny),
                reason: None,
                reason_code: None,
                matched_statements: Some(Vec::new()),
                missing_context_keys: None,
                diagnostics: Vec::new(),
                trace: None,
                text: None,
            },
            SimulationResult { decision: Some(Decision::ExplicitDeny), ..SimulationResult::failure(Vec::new()) },
        ];
        for r in &results {
            assert_eq!(write(r), serde(r));
        }
        let warnings = [Diagnostic::warning("W", "w\u{1}").with_source("s"), Diagnostic::error("E", "")];
        assert_eq!(diagnostics(&warnings), serde_json::to_string(&warnings).unwrap());
        assert_eq!(diagnostics(&[]), "[]");
        let explained = SimulationResult { text: Some("t\n\"".into()), ..SimulationResult::failure(Vec::new()) };
        assert_eq!(write(&explained), serde(&explained));
    }
}
