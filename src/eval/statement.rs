//! Does one statement apply to the request? Action/NotAction, Resource/NotResource (after policy
//! variables), Principal/NotPrincipal and the Condition block (spec/evaluation.md §4.3). Effect-independent:
//! the flow decides what an applying Allow or Deny means. With a trace sink, every element's outcome is
//! recorded, and the condition block is evaluated in full even when an element already failed.

use crate::conditions::{self, ClauseOutcome};
use crate::matching::{resource, variables, wildcard};
use crate::model::{Context, Options, Policy, Principal, PrincipalKind, Statement};
use crate::trace::{ConditionTrace, ElementMatch, StatementTrace};

use super::principal::{MatchKind, not_principal_covers, principal_match};

/// What a statement is evaluated against.
pub struct Env<'a> {
    pub principal: &'a Principal,
    /// The request action as given (for traces) and lowercased (for matching).
    pub action: &'a str,
    pub action_lower: &'a str,
    pub resource: &'a str,
    pub context: &'a Context,
    pub options: &'a Options,
    /// The caller's entity has a permissions boundary (turns on the NotPrincipal quirk).
    pub has_boundary: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatementResult {
    pub applies: bool,
    /// For statements with a Principal element: how it named the caller.
    pub match_kind: Option<MatchKind>,
}

/// Evaluates `stmt` of `policy`. `missing` collects context keys a condition read that the request lacks
/// (only for statements whose other elements matched, so unrelated statements do not report keys).
pub fn evaluate_statement(
    stmt: &Statement,
    policy: &Policy,
    env: &Env<'_>,
    missing: &mut Vec<String>,
    trace: Option<&mut Vec<StatementTrace>>,
) -> StatementResult {
    let tracing = trace.is_some();
    let action = action_matches(stmt, env);
    let resource = if action || tracing { resource_matches(stmt, policy, env, missing) } else { false };
    let (principal, match_kind) = if action || tracing { principal_matches(stmt, env) } else { (false, None) };
    let elements = action && resource && principal;

    let mut conditions_hold = true;
    let mut condition_traces = Vec::new();
    if elements || tracing {
        let vars = policy.version.variables_enabled();
        let mut scratch = Vec::new();
        let sink = if elements { &mut *missing } else { &mut scratch };
        for clause in &stmt.conditions {
            let outcome: ClauseOutcome = conditions::evaluate_clause(clause, env.context, vars, sink, tracing);
            conditions_hold &= outcome.result;
            if let Some(detail) = outcome.detail {
                let sentence = detail.sentence();
                condition_traces.push(ConditionTrace { range: policy.range(clause.span), detail, sentence });
            } else if !conditions_hold && !tracing {
                break;
            }
        }
    }
    let applies = elements && conditions_hold;

    if let Some(out) = trace {
        out.push(StatementTrace {
            index: stmt.index,
            sid: stmt.sid.as_ref().map(ToString::to_string),
            effect: stmt.effect,
            range: policy.range(stmt.span),
            applies,
            action: action_trace(stmt, policy, env, action),
            resource: resource_trace(stmt, policy, env),
            principal: principal_trace(stmt, policy, env, principal, match_kind),
            conditions: condition_traces,
        });
    }
    StatementResult { applies, match_kind: if applies { match_kind } else { None } }
}

fn action_matches(stmt: &Statement, env: &Env<'_>) -> bool {
    let any = stmt.action.patterns.iter().any(|p| glob(p.text(), env.action_lower));
    any != stmt.action.negated
}

/// A glob match that first compares the pattern's literal head: most patterns of a policy name another
/// service (`s3:Get*` against `ec2:...`) and are refused at their first bytes without setting up the matcher.
#[inline]
fn glob(pattern: &str, text_lower: &str) -> bool {
    let text_bytes = text_lower.as_bytes();
    let pattern_bytes = pattern.as_bytes();
    for (i, &p) in pattern_bytes.iter().enumerate() {
        if p == b'*' || p == b'?' {
            // The head matched and a lone final `*` takes any rest (`*`, `s3:*`, `s3:Get*`: most patterns).
            if p == b'*' && i + 1 == pattern_bytes.len() {
                return true;
            }
            return wildcard::glob_match_ignore_ascii_case(pattern, text_lower);
        }
        if text_bytes.get(i) != Some(&p.to_ascii_lowercase()) {
            return false;
        }
    }
    // No wildcard, and every byte equal to the text's: the whole pattern matched if it spans the whole
    // text (a literal pattern, `s3:GetObject`, is not matched a second time by the glob matcher).
    text_bytes.len() == pattern_bytes.len()
}

fn resource_matches(stmt: &Statement, policy: &Policy, env: &Env<'_>, missing: &mut Vec<String>) -> bool {
    let Some(el) = &stmt.resource else { return true };
    let vars = policy.version.variables_enabled();
    let any = el.patterns.iter().any(|p| pattern_matches(p.text(), vars, env, missing));
    any != el.negated
}

/// One Resource pattern against the request resource, after policy variables. An unresolvable variable
/// makes the entry match nothing.
fn pattern_matches(text: &str, vars: bool, env: &Env<'_>, missing: &mut Vec<String>) -> bool {
    if !vars || !variables::has_variables(text) {
        return resource::resource_matches_str(text, env.resource);
    }
    let resolved = variables::resolve(text, env.context, true);
    for key in resolved.missing.iter().copied() {
        if !missing.iter().any(|m| m.eq_ignore_ascii_case(key)) {
            missing.push(key.to_string());
        }
    }
    !resolved.unresolved && resource::resource_matches(&resolved.pieces, env.resource)
}

fn principal_matches(stmt: &Statement, env: &Env<'_>) -> (bool, Option<MatchKind>) {
    let Some(el) = &stmt.principal else { return (true, None) };
    if el.negated {
        // The documented quirk: with a permissions boundary on the caller's entity, a Deny with NotPrincipal
        // applies whatever NotPrincipal lists.
        let boundary_quirk =
            env.has_boundary && matches!(env.principal.kind, PrincipalKind::User | PrincipalKind::RoleSession);
        let covered = not_principal_covers(&el.entries, env.principal, env.options.not_principal_mode);
        (boundary_quirk || !covered, None)
    } else {
        match principal_match(&el.entries, env.principal) {
            Some((kind, _)) => (true, Some(kind)),
            None => (false, None),
        }
    }
}

fn action_trace(stmt: &Statement, policy: &Policy, env: &Env<'_>, matched: bool) -> ElementMatch {
    let el = &stmt.action;
    let hit = el.patterns.iter().find(|p| glob(p.text(), env.action_lower));
    let name = if el.negated { "NotAction" } else { "Action" };
    let detail = match (el.negated, hit) {
        (false, Some(p)) => format!("{} matches {}", p.text(), env.action),
        (false, None) => format!("no pattern matches {}", env.action),
        (true, Some(p)) => format!("{} is excluded by NotAction {}", env.action, p.text()),
        (true, None) => format!("{} is not in the NotAction list, so it is covered", env.action),
    };
    ElementMatch {
        element: name.into(),
        matched,
        pattern: hit.map(|p| p.text().to_string()),
        range: policy.range(el.span),
        detail,
    }
}

fn resource_trace(stmt: &Statement, policy: &Policy, env: &Env<'_>) -> Option<ElementMatch> {
    let el = stmt.resource.as_ref()?;
    let vars = policy.version.variables_enabled();
    let mut scratch = Vec::new();
    let hit = el.patterns.iter().find(|p| pattern_matches(p.text(), vars, env, &mut scratch));
    let matched = hit.is_some() != el.negated;
    let name = if el.negated { "NotResource" } else { "Resource" };
    let detail = match (el.negated, hit) {
        (false, Some(p)) => format!("{} matches {}", p.text(), env.resource),
        (false, None) => format!("no pattern matches {}", env.resource),
        (true, Some(p)) => format!("{} is excluded by NotResource {}", env.resource, p.text()),
        (true, None) => format!("{} is not in the NotResource list, so it is covered", env.resource),
    };
    Some(ElementMatch {
        element: name.into(),
        matched,
        pattern: hit.map(|p| p.text().to_string()),
        range: policy.range(el.span),
        detail,
    })
}

fn principal_trace(
    stmt: &Statement,
    policy: &Policy,
    env: &Env<'_>,
    matched: bool,
    kind: Option<MatchKind>,
) -> Option<ElementMatch> {
    let el = stmt.principal.as_ref()?;
    let caller = env
        .principal
        .arn
        .clone()
        .or_else(|| env.principal.service.clone())
        .unwrap_or_else(|| env.principal.kind.as_str().to_string());
    if el.negated {
        let quirk = env.has_boundary && matches!(env.principal.kind, PrincipalKind::User | PrincipalKind::RoleSession);
        let detail = if quirk {
            "the caller has a permissions boundary, so a Deny with NotPrincipal applies whatever it lists".to_string()
        } else if matched {
            format!("{caller} is not covered by the NotPrincipal list")
        } else {
            format!("{caller} is covered by the NotPrincipal list")
        };
        return Some(ElementMatch {
            element: "NotPrincipal".into(),
            matched,
            pattern: None,
            range: policy.range(el.span),
            detail,
        });
    }
    let found = principal_match(&el.entries, env.principal);
    let pattern = found.and_then(|(_, i)| el.entries.get(i)).map(|e| e.value.clone());
    let detail = match (kind.or(found.map(|f| f.0)), &pattern) {
        (Some(k), Some(p)) => format!("{p} names {}", k.describe()),
        _ => format!("no entry names {caller}"),
    };
    Some(ElementMatch { element: "Principal".into(), matched, pattern, range: policy.range(el.span), detail })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_literal_head_shortcut_answers_as_the_glob_matcher() {
        let patterns = [
            "s3:GetObject",
            "S3:GETOBJECT",
            "s3:GetObjects",
            "s3:GetObjec",
            "s3:Get*",
            "s3:*",
            "*",
            "s3:Get?bject",
            "s3:*Object",
            "s3:Get*t",
            "",
            "ec2:RunInstances",
            "s3:getobject*",
            "s3:GetObject?",
        ];
        for pattern in patterns {
            for text in ["s3:getobject", "s3:getobjects", "s3:get", "ec2:runinstances", "", "s3:"] {
                assert_eq!(
                    glob(pattern, text),
                    wildcard::glob_match_ignore_ascii_case(pattern, text),
                    "{pattern} {text}"
                );
            }
        }
    }
}
