//! The scenario JSON of design.md §3 -> [`crate::model::Scenario`]: the request (principal, action,
//! resource, context), the policy set and the options. Unknown fields are rejected at every level (a typo
//! must never silently drop a policy) and wrong types are reported at their exact range. The prepared form
//! reads the three parts separately: [`parse_policy_set`], [`parse_request`], [`parse_options`].

mod fields;
mod policies;
mod principal;
mod principal_fields;
mod request;
mod request_direct;

use std::sync::Arc;

use crate::model::{NotPrincipalMode, Options, PolicySet, Request, Scenario};
use crate::source::SourceText;

use super::json::{JsonArena, with_arena};
use super::{Diags, Json, Limits, Parsed, parse_json_indexed};
use fields::Fields;

pub use policies::policy_set_from_json;
pub use request::request_from_json;

/// Parses a whole scenario: `{ request, policies?, options? }`.
pub fn parse_scenario(text: &str) -> Parsed<Scenario> {
    parse_with(text, "scenario", scenario_from_json)
}

/// [`parse_scenario`] on a text the caller gives away: it becomes the source the policies' positions refer
/// to as it is, without a copy (the WebAssembly bindings receive every text this way).
pub fn parse_scenario_owned(text: String) -> Parsed<Scenario> {
    parse_owned(text, "scenario", scenario_from_json)
}

/// Parses the `policies` object alone (the prepared form: compile the policies once, run many requests).
pub fn parse_policy_set(text: &str) -> Parsed<PolicySet> {
    parse_with(text, "policies", policy_set_from_json)
}

/// Parses the `request` object alone.
pub fn parse_request(text: &str) -> Parsed<Request> {
    parse_request_owned(text.to_string())
}

/// [`parse_request`] on a text the caller gives away (see [`parse_scenario_owned`]).
pub fn parse_request_owned(text: String) -> Parsed<Request> {
    let len = text.len();
    let origin = Arc::new(SourceText::new(text));
    with_arena(len, |arena| {
        // The usual request is read in one pass; anything else through the JSON tree, whose diagnostics
        // the direct reader does not try to repeat.
        request_direct::read_direct(&origin, arena)
            .unwrap_or_else(|| parse_origin(&origin, arena, "request", request_from_json))
    })
}

/// Parses the `options` object alone.
pub fn parse_options(text: &str) -> Parsed<Options> {
    parse_with(text, "options", options_from_json)
}

fn parse_with<T>(text: &str, source: &str, read: impl FnOnce(&Json, &Arc<SourceText>) -> Parsed<T>) -> Parsed<T> {
    parse_owned(text.to_string(), source, read)
}

fn parse_owned<T>(text: String, source: &str, read: impl FnOnce(&Json, &Arc<SourceText>) -> Parsed<T>) -> Parsed<T> {
    let len = text.len();
    let origin = Arc::new(SourceText::new(text));
    with_arena(len, |arena| parse_origin(&origin, arena, source, read))
}

/// Reads `origin`'s text as JSON into `arena`, then the tree with `read`.
fn parse_origin<T>(
    origin: &Arc<SourceText>,
    arena: &JsonArena,
    source: &str,
    read: impl FnOnce(&Json, &Arc<SourceText>) -> Parsed<T>,
) -> Parsed<T> {
    // The tree's strings are then slices of `origin`, which the model shares without comparing them.
    match parse_json_indexed(&origin.text, arena, &Limits::scenario()) {
        Ok((json, index)) => {
            origin.set_index(index);
            read(&json, origin)
        }
        Err(e) => Parsed::new(None, vec![e.to_diagnostic(origin, source)]),
    }
}

const SCENARIO_FIELDS: [&str; 3] = ["request", "policies", "options"];

/// Reads a scenario already parsed as JSON; `origin` is the text its spans point into.
pub fn scenario_from_json(json: &Json, origin: &Arc<SourceText>) -> Parsed<Scenario> {
    let mut d = Diags::new(origin.clone());
    let Some(f) = Fields::read(&mut d, json, "scenario", &SCENARIO_FIELDS) else {
        return d.finish(None);
    };
    let request = match f.get("request") {
        Some(r) => absorb(&mut d, request_from_json(r, origin)),
        None => {
            f.missing(&mut d, "request", "the scenario needs a \"request\" (principal and action)");
            None
        }
    };
    let policies = match f.get("policies") {
        Some(p) => absorb(&mut d, policy_set_from_json(p, origin)),
        None => Some(PolicySet::default()),
    };
    let options = match f.get("options") {
        Some(o) => absorb(&mut d, options_from_json(o, origin)),
        None => Some(Options::default()),
    };
    let value = match (request, policies, options) {
        (Some(request), Some(policies), Some(options)) => Some(Scenario { request, policies, options }),
        _ => None,
    };
    d.finish(value)
}

/// Moves a part's diagnostics into `d` and returns its value.
fn absorb<T>(d: &mut Diags, parsed: Parsed<T>) -> Option<T> {
    d.list.extend(parsed.diagnostics);
    parsed.value
}

const OPTION_FIELDS: [&str; 2] = ["deriveContext", "notPrincipalMode"];

/// Reads the `options` object: `{ deriveContext?: boolean, notPrincipalMode?: "strict" | "lenient" }`.
pub fn options_from_json(json: &Json, origin: &Arc<SourceText>) -> Parsed<Options> {
    let mut d = Diags::new(origin.clone());
    let Some(f) = Fields::read(&mut d, json, "options", &OPTION_FIELDS) else {
        return d.finish(None);
    };
    let mut options = Options::default();
    if let Some(b) = f.bool(&mut d, "deriveContext") {
        options.derive_context = b;
    }
    if let Some((mode, span)) = f.string(&mut d, "notPrincipalMode") {
        match mode {
            "strict" => options.not_principal_mode = NotPrincipalMode::Strict,
            "lenient" => options.not_principal_mode = NotPrincipalMode::Lenient,
            other => d.error(
                "INVALID_VALUE",
                "options",
                span,
                format!("\"notPrincipalMode\" must be \"strict\" or \"lenient\", found \"{other}\""),
            ),
        }
    }
    d.finish(Some(options))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The owned form reads the same scenario, diagnostics and positions included.
    #[test]
    fn an_owned_text_parses_as_a_borrowed_one() {
        let texts = [
            r#"{"request": {"principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject"},
                "policies": {"identity": [{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}]}}"#,
            "{\n  \"request\": 1\n}",
            "{\"request\": ",
        ];
        for text in texts {
            let (borrowed, owned) = (parse_scenario(text), parse_scenario_owned(text.to_string()));
            assert_eq!(format!("{:?}", borrowed.diagnostics), format!("{:?}", owned.diagnostics), "{text}");
            assert_eq!(borrowed.value.is_some(), owned.value.is_some(), "{text}");
        }
    }
}
