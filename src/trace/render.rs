//! Plain-text rendering of an explanation: the decision and the statement that decided it on the first
//! line, then the path through AWS's gates, then every policy and statement with ✓ / ✗ marks.

use std::fmt::Write;

use super::{PolicyTrace, StatementTrace, Trace};

/// What the renderer needs besides the trace.
pub struct Headline<'a> {
    pub decision: &'a str,
    pub reason: &'a str,
    /// (policy input, statement index) of the statements that decided, first one leads the headline.
    pub deciding: Option<(&'a str, usize)>,
    pub missing_context_keys: &'a [String],
}

fn mark(ok: bool) -> &'static str {
    if ok { "✓" } else { "✗" }
}

fn statement_label(s: &StatementTrace) -> String {
    match &s.sid {
        Some(sid) => format!("statement {sid}"),
        None => format!("statement [{}]", s.index),
    }
}

fn policy_label(p: &PolicyTrace) -> String {
    match p.level {
        Some(l) => format!("{} {} (level {l})", p.policy_type.short(), p.policy_id),
        None => format!("{} {}", p.policy_type.short(), p.policy_id),
    }
}

/// The first line: `explicitDeny — SCP RegionGuard (level 1) statement DenyOutsideRegions applies: ...`.
pub fn headline(h: &Headline<'_>, trace: &Trace) -> String {
    let found = h.deciding.and_then(|(input, index)| {
        let p = trace.policies.iter().find(|p| p.input == input)?;
        let s = p.statements.iter().find(|s| s.index == index)?;
        Some((p, s))
    });
    match found {
        Some((p, s)) => {
            let why: Vec<&str> = s.conditions.iter().map(|c| c.sentence.as_str()).collect();
            let verb = if h.decision == "allowed" { "allows" } else { "applies" };
            if why.is_empty() {
                format!(
                    "{} — {} {} {verb}: {} on {}",
                    h.decision,
                    policy_label(p),
                    statement_label(s),
                    trace.request.action,
                    trace.request.resource
                )
            } else {
                format!("{} — {} {} {verb}: {}", h.decision, policy_label(p), statement_label(s), why.join("; "))
            }
        }
        None => format!("{} — {}", h.decision, h.reason),
    }
}

/// The whole explanation as text, top to bottom.
pub fn render_text(h: &Headline<'_>, trace: &Trace) -> String {
    let mut out = String::new();
    let r = &trace.request;
    let _ = writeln!(out, "{}", headline(h, trace));
    let _ = writeln!(out, "{}", h.reason);
    let _ = writeln!(
        out,
        "\nRequest: {} ({}) → {} on {}{}",
        r.principal,
        r.principal_kind,
        r.action,
        r.resource,
        match (&r.resource_account, r.same_account) {
            (Some(a), true) => format!(" in account {a} (same account)"),
            (Some(a), false) => format!(" in account {a} (cross-account)"),
            (None, _) => String::new(),
        }
    );
    if let Some(level) = &r.access_level {
        let _ = writeln!(
            out,
            "Access level: {level}{}",
            r.resource_type.as_ref().map(|t| format!("; resource type: {t}")).unwrap_or_default()
        );
    }
    let _ = writeln!(out, "\nPath (deny → RCP → SCP → resource-based → identity → boundary → session):");
    for s in &trace.steps {
        let lit = if s.on_path { "●" } else { "○" };
        let _ = writeln!(out, "  {lit} {:<12} {:<14} {}", s.phase, s.outcome, s.summary);
    }
    if !trace.policies.is_empty() {
        let _ = writeln!(out, "\nPolicies:");
    }
    for p in &trace.policies {
        let group = p.group.as_ref().map(|g| format!(" from group {g}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}{group} [{}]{}",
            policy_label(p),
            p.input,
            p.note.as_ref().map(|n| format!(" — not evaluated: {n}")).unwrap_or_default()
        );
        for s in &p.statements {
            let _ = writeln!(
                out,
                "    {} {:?} {} (line {}:{}) {}",
                mark(s.applies),
                s.effect,
                statement_label(s),
                s.range.start.line,
                s.range.start.column,
                if s.applies { "applies" } else { "does not apply" }
            );
            for el in [Some(&s.action), s.resource.as_ref(), s.principal.as_ref()].into_iter().flatten() {
                let _ = writeln!(out, "        {} {:<12} {}", mark(el.matched), el.element, el.detail);
            }
            for c in &s.conditions {
                let _ = writeln!(out, "        {} Condition    {}", mark(c.detail.result), c.sentence);
            }
        }
    }
    if !h.missing_context_keys.is_empty() {
        let _ = writeln!(out, "\nMissing context keys: {}", h.missing_context_keys.join(", "));
    }
    if !trace.conventions.is_empty() {
        let _ = writeln!(out, "\nConventions (where the AWS docs are silent or ambiguous):");
        for c in &trace.conventions {
            let _ = writeln!(out, "  - {c}");
        }
    }
    out
}
