//! The `policies` object: each slot (identity, permissionsBoundary, session, resource, scp, rcp) holds
//! policies given as text (parsed as its own source), as a document object, or as a wrapper
//! `{ id?, document, source?, group?, type? }`. Positional ids (`identity[0]`, `scp[1][0]`, `resource`)
//! name the policies the caller did not name.

use std::sync::Arc;

use crate::model::{Policy, PolicySet, PolicySource, PolicyType, ResourcePolicyKind};
use crate::source::SourceText;

use super::super::policy::{PolicyInput, parse_policy_text, policy_from_json};
use super::super::seen::FirstSeen;
use super::super::{Diags, Json, JsonValue, Parsed, list_names};
use super::absorb;
use super::fields::Fields;

const SET_FIELDS: [&str; 6] = ["identity", "permissionsBoundary", "session", "resource", "scp", "rcp"];
const WRAPPER_FIELDS: [&str; 4] = ["id", "document", "source", "group"];
const RESOURCE_WRAPPER_FIELDS: [&str; 5] = ["id", "document", "source", "group", "type"];
/// design.md's sources, plus `resource` and `none`, which the conformance corpus uses.
/// The AWS simulator's `SourcePolicyType` values, plus `inline`, `scp` and `rcp`.
const SOURCES: [&str; 10] =
    ["user", "group", "role", "aws-managed", "user-managed", "inline", "resource", "none", "scp", "rcp"];
const RESOURCE_TYPES: [&str; 3] = ["resource", "trust", "kmsKey"];
/// The AWS simulator accepts at most this many organization levels (root, five OUs, account).
const MAX_LEVELS: usize = 7;

struct Reader<'a> {
    /// Its `origin` is the text the spans point into.
    d: Diags,
    /// Ids the caller gave, to warn about duplicates (traces name policies by id). An SCP's or RCP's id
    /// is recorded but never reported, and those slots are read last.
    ids: FirstSeen<'a>,
}

/// Reads the `policies` object already parsed as JSON; `origin` is the text its spans point into.
pub fn policy_set_from_json(json: &Json, origin: &Arc<SourceText>) -> Parsed<PolicySet> {
    let mut r = Reader { d: Diags::new(origin.clone()), ids: FirstSeen::exact() };
    let Some(f) = Fields::read(&mut r.d, json, "policies", &SET_FIELDS) else {
        return r.d.finish(None);
    };
    let mut set = PolicySet::default();
    if let Some(v) = f.get("identity") {
        set.identity = r.list(&f, v, "identity", PolicyType::Identity);
    }
    if let Some(v) = f.get("permissionsBoundary") {
        set.permissions_boundary = r.policy(v, "permissionsBoundary".into(), PolicyType::PermissionsBoundary);
    }
    if let Some(v) = f.get("session") {
        set.session = r.list(&f, v, "session", PolicyType::Session);
    }
    if let Some(v) = f.get("resource") {
        set.resource = r.policy(v, "resource".into(), PolicyType::Resource);
    }
    if let Some(v) = f.get("scp") {
        set.scp = r.levels(&f, v, "scp", PolicyType::Scp);
    }
    if let Some(v) = f.get("rcp") {
        set.rcp = r.levels(&f, v, "rcp", PolicyType::Rcp);
    }
    r.d.finish(Some(set))
}

/// A positional id: `identity[0]`, `scp[1][2]` (built by hand: `format!` costs several times more, and a
/// scenario names every policy).
fn position(slot: &str, indexes: &[usize]) -> String {
    let mut out = String::with_capacity(slot.len() + 4 * indexes.len());
    out.push_str(slot);
    for &i in indexes {
        out.push('[');
        push_decimal(&mut out, i);
        out.push(']');
    }
    out
}

fn push_decimal(out: &mut String, n: usize) {
    if n >= 10 {
        push_decimal(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

impl<'a> Reader<'a> {
    fn list(&mut self, f: &Fields, v: &'a Json, slot: &str, policy_type: PolicyType) -> Vec<Policy> {
        let Some(items) = v.as_array() else {
            f.type_error(&mut self.d, slot, v, "an array of policies");
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            out.extend(self.policy(item, position(slot, &[i]), policy_type));
        }
        out
    }

    fn levels(&mut self, f: &Fields, v: &'a Json, slot: &str, policy_type: PolicyType) -> Option<Vec<Vec<Policy>>> {
        let Some(levels) = v.as_array() else {
            f.type_error(&mut self.d, slot, v, "an array of levels (root first), each an array of policies");
            return None;
        };
        let path = f.sub(slot);
        if levels.len() > MAX_LEVELS {
            self.d.warning(
                "TOO_MANY_LEVELS",
                &path,
                v.opening(),
                format!(
                    "{} levels given; an organization has at most {MAX_LEVELS} (root, up to five OUs, the account)",
                    levels.len()
                ),
            );
        }
        let mut out = Vec::with_capacity(levels.len());
        for (i, level) in levels.iter().enumerate() {
            let Some(items) = level.as_array() else {
                self.d.error(
                    "INVALID_TYPE",
                    &path,
                    level.span,
                    format!(
                        "{slot}[{i}] must be an array of the policies attached at that level, found {}; write [[...]] for a single level",
                        level.type_name()
                    ),
                );
                continue;
            };
            if items.is_empty() && policy_type == PolicyType::Scp {
                self.d.warning(
                    "EMPTY_SCP_LEVEL",
                    &path,
                    level.span,
                    format!("{slot}[{i}] has no SCPs: nothing is allowed at that level, so every request is denied"),
                );
            }
            let mut policies = Vec::with_capacity(items.len());
            for (j, item) in items.iter().enumerate() {
                policies.extend(self.policy(item, position(slot, &[i, j]), policy_type));
            }
            out.push(policies);
        }
        Some(out)
    }

    /// One policy slot; `position` is the positional id (`identity[0]`).
    fn policy(&mut self, v: &'a Json, position: String, policy_type: PolicyType) -> Option<Policy> {
        let single_slot = !position.contains('[');
        let path = ["policies.", &position].concat();
        let input = PolicyInput::new(position, policy_type, path);
        match v.value {
            JsonValue::String(text) => absorb(&mut self.d, parse_policy_text(text, input)),
            JsonValue::Object(_) if v.member("document").is_some() => self.wrapper(v, input),
            JsonValue::Object(_) => {
                let parsed = policy_from_json(v, self.d.origin.clone(), input);
                absorb(&mut self.d, parsed)
            }
            _ => {
                let one = if v.as_array().is_some() && single_slot { " (this slot holds a single policy)" } else { "" };
                self.d.error(
                    "INVALID_TYPE",
                    &input.input,
                    v.span,
                    format!(
                        "a policy must be policy text (a string), a policy document (an object) or {{\"document\": ...}}, found {}{one}",
                        v.type_name()
                    ),
                );
                None
            }
        }
    }

    fn wrapper(&mut self, v: &'a Json, mut input: PolicyInput) -> Option<Policy> {
        let allowed: &[&str] =
            if input.policy_type == PolicyType::Resource { &RESOURCE_WRAPPER_FIELDS } else { &WRAPPER_FIELDS };
        // The wrapper's fields are read with the input's path borrowed, and stored in it afterwards.
        let path = input.input.as_str();
        let f = Fields::read(&mut self.d, v, path, allowed)?;
        let errors_before = self.d.list.iter().filter(|d| d.is_error()).count();
        let mut id = None;
        if let Some((given, span)) = f.string(&mut self.d, "id") {
            if given.is_empty() {
                self.d.error("INVALID_VALUE", path, span, "\"id\" cannot be empty");
            } else {
                // The same SCP or RCP is routinely attached at several levels (FullAWSAccess everywhere),
                // so a repeated id is only worth a warning for the other policy types.
                let org = matches!(input.policy_type, PolicyType::Scp | PolicyType::Rcp);
                if let (Some((_, first)), false) = (self.ids.first_or_insert(given, span), org) {
                    let line = self.d.origin.range(first).start.line;
                    self.d.warning(
                        "DUPLICATE_POLICY_ID",
                        path,
                        span,
                        format!(
                            "another policy already has the id \"{given}\" (line {line}); results name policies by id"
                        ),
                    );
                }
                id = Some(given.to_string());
            }
        }
        let mut source = PolicySource::default();
        if let Some((s, span)) = f.string(&mut self.d, "source") {
            if SOURCES.contains(&s) {
                source.kind = s.to_string();
            } else {
                self.d.error(
                    "INVALID_VALUE",
                    path,
                    span,
                    format!("\"source\" must be one of {}, found \"{s}\"", list_names(&SOURCES)),
                );
            }
        }
        if let Some((g, span)) = f.string(&mut self.d, "group") {
            if source.kind.is_empty() {
                source.kind = "group".to_string();
            } else if source.kind != "group" {
                self.d.warning(
                    "GROUP_WITHOUT_GROUP_SOURCE",
                    path,
                    span,
                    format!("\"group\" is given but \"source\" is \"{}\", not \"group\"", source.kind),
                );
            }
            source.group = Some(g.to_string());
        }
        let mut resource_kind = input.resource_kind;
        if let Some((t, span)) = f.string(&mut self.d, "type") {
            resource_kind = match t {
                "resource" => Some(ResourcePolicyKind::Generic),
                "trust" => Some(ResourcePolicyKind::Trust),
                "kmsKey" => Some(ResourcePolicyKind::KmsKey),
                other => {
                    self.d.error(
                        "INVALID_VALUE",
                        path,
                        span,
                        format!("\"type\" must be one of {}, found \"{other}\"", list_names(&RESOURCE_TYPES)),
                    );
                    None
                }
            };
        }
        let Some(document) = f.get("document") else {
            f.missing(&mut self.d, "document", "the policy document (text or object)");
            return None;
        };
        let wrapper_ok = self.d.list.iter().filter(|d| d.is_error()).count() == errors_before;
        if !matches!(document.value, JsonValue::String(_) | JsonValue::Object(_)) {
            f.type_error(&mut self.d, "document", document, "policy text (a string) or a policy document (an object)");
            return None;
        }
        if let Some(id) = id {
            input.id = id;
        }
        input.source = source;
        input.resource_kind = resource_kind;
        let policy = match document.value {
            JsonValue::String(text) => absorb(&mut self.d, parse_policy_text(text, input)),
            _ => {
                let parsed = policy_from_json(document, self.d.origin.clone(), input);
                absorb(&mut self.d, parsed)
            }
        };
        policy.filter(|_| wrapper_ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_read_as_format_would_write_them() {
        for (slot, indexes) in [("identity", vec![0]), ("scp", vec![1, 2]), ("rcp", vec![10, 3099]), ("x", vec![])] {
            let expected: String =
                std::iter::once(slot.to_string()).chain(indexes.iter().map(|i| format!("[{i}]"))).collect();
            assert_eq!(position(slot, &indexes), expected);
        }
        assert_eq!(position("s", &[usize::MAX]), format!("s[{}]", usize::MAX));
    }
}
