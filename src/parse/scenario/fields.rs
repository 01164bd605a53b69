//! Reading one JSON object of the scenario: reject fields it does not know (naming the allowed ones, with a
//! typo hint), and read typed fields with `INVALID_TYPE` at the exact value. A `null` field counts as
//! absent (JavaScript callers often pass `null` for "not set").

use crate::matching::bytes;
use crate::source::Span;

use super::super::{Diags, Json, Member, did_you_mean, list_names};

/// `'a` is the JSON tree, `'p` the path.
pub(super) struct Fields<'a, 'p> {
    pub json: &'a Json<'a>,
    members: &'a [Member<'a>],
    /// Where this object is: `request.principal`; used as the diagnostics' source.
    pub path: &'p str,
}

impl<'a, 'p> Fields<'a, 'p> {
    /// `None` (after an `INVALID_TYPE` error) when `json` is not an object.
    pub fn read(d: &mut Diags, json: &'a Json<'a>, path: &'p str, allowed: &[&str]) -> Option<Fields<'a, 'p>> {
        let Some(members) = json.as_object() else {
            d.error(
                "INVALID_TYPE",
                path,
                json.span,
                format!("\"{path}\" must be an object, found {}", json.type_name()),
            );
            return None;
        };
        for m in members {
            if !allowed.contains(&m.key) {
                let hint = did_you_mean(m.key, allowed);
                d.error(
                    "UNKNOWN_FIELD",
                    path,
                    m.key_span,
                    format!("unknown field \"{}\" in {path}{hint}; allowed fields: {}", m.key, list_names(allowed)),
                );
            }
        }
        Some(Fields { json, members, path })
    }

    pub fn member(&self, name: &str) -> Option<&'a Member<'a>> {
        // `bytes::eq`, not `==`: in the .wasm, `==` on slices is a call to a byte-by-byte memcmp, and this
        // runs for every field name of every request.
        self.members.iter().find(|m| bytes::eq(m.key.as_bytes(), name.as_bytes()) && !m.value.is_null())
    }

    pub fn get(&self, name: &str) -> Option<&'a Json<'a>> {
        self.member(name).map(|m| &m.value)
    }

    /// `path.name`, for the diagnostics of a nested object.
    pub fn sub(&self, name: &str) -> String {
        [self.path, ".", name].concat()
    }

    pub fn missing(&self, d: &mut Diags, name: &str, message: &str) {
        d.error("MISSING_FIELD", self.path, self.json.opening(), format!("missing field \"{name}\": {message}"));
    }

    pub fn type_error(&self, d: &mut Diags, name: &str, value: &Json, expected: &str) {
        d.error(
            "INVALID_TYPE",
            self.path,
            value.span,
            format!("\"{name}\" must be {expected}, found {}", value.type_name()),
        );
    }

    pub fn string(&self, d: &mut Diags, name: &str) -> Option<(&'a str, Span)> {
        let v = self.get(name)?;
        match v.as_str() {
            Some(s) => Some((s, v.span)),
            None => {
                self.type_error(d, name, v, "a string");
                None
            }
        }
    }

    pub fn bool(&self, d: &mut Diags, name: &str) -> Option<bool> {
        let v = self.get(name)?;
        match v.as_bool() {
            Some(b) => Some(b),
            None => {
                self.type_error(d, name, v, "true or false");
                None
            }
        }
    }
}
