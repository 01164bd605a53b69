//! The prepared path's request reader: a request text read in one pass, its context straight into the
//! context's table, without the text's JSON tree being built first (the tree of a request is mostly its
//! context, read once and thrown away). The other members are read as small trees by the general field
//! readers, so they give the same requests and the same diagnostics.
//!
//! It reads the common case only: anything unusual (a syntax error, an unknown or repeated field, a context
//! that is not an object of scalars and flat lists, keys that differ only in letter case, an empty key)
//! makes it give up, and the request is read again by [`super::request_from_json`] over the general tree,
//! so every diagnostic and position is exactly that path's. A property test checks the two agree.

use std::sync::Arc;

use crate::model::{ContextBuilder, ContextValue, NewValue, Request};
use crate::source::{SourceText, Span};

use super::super::json::{Cursor, JsonArena};
use super::super::{Diags, Json, JsonValue, Limits, Member, Parsed};
use super::request::{FIELDS, read_request};

/// Room for the request's members other than its context (each field at most once).
const OTHER_FIELDS: usize = FIELDS.len() - 1;

/// The request in `origin`, or `None` when it is not the common case (see the module notes). The text's
/// line index is set on `origin` when the request is read.
pub(super) fn read_direct(origin: &Arc<SourceText>, arena: &JsonArena) -> Option<Parsed<Request>> {
    let text = origin.text.as_str();
    let mut c = Cursor::new(text, arena, &Limits::scenario())?;
    if !c.at(b'{') {
        return None;
    }
    let start = c.pos();
    c.open(b'{');
    let blank =
        Member { key: "", key_span: Span::default(), value: Json { value: JsonValue::Null, span: Span::default() } };
    let mut others = [blank; OTHER_FIELDS];
    let mut count = 0;
    let mut context = None;
    let mut first = true;
    while let Some((key, key_span)) = c.next_key(first)? {
        first = false;
        if key == "context" {
            if context.is_some() {
                return None;
            }
            context = Some(read_context(&mut c, text)?);
            continue;
        }
        let known = FIELDS.contains(&key);
        let repeated = others.iter().take(count).any(|m| m.key == key);
        if !known || repeated {
            return None;
        }
        let value = c.value(1)?;
        *others.get_mut(count)? = Member { key, key_span, value };
        count += 1;
    }
    let end = c.pos();
    let index = c.finish()?;
    let context = match context {
        Some(builder) => {
            let (context, case_duplicates) = builder.finish();
            if case_duplicates {
                context.recycle();
                return None;
            }
            Some(context)
        }
        None => None,
    };
    origin.set_index(index);
    let members = others.get(..count)?;
    let json = Json { value: JsonValue::Object(members), span: Span::new(start, end) };
    let mut d = Diags::new(origin.clone());
    let value = read_request(&mut d, &json, context);
    Some(d.finish(value))
}

/// The context object at the cursor, its keys and values pushed as read (sorted once, by the builder).
/// `None` for a context the general reader must report on: not an object, an empty key, a `null` or a
/// nested value.
fn read_context<'a>(c: &mut Cursor<'a>, text: &'a str) -> Option<ContextBuilder> {
    if !c.open(b'{') {
        return None;
    }
    // Most keys and values are slices of the text: the builder copies it once and stores them by place.
    let rest = text.len().saturating_sub(c.pos());
    let mut builder = ContextBuilder::over_source(text, rest / 32);
    let mut first = true;
    while let Some((key, _)) = c.next_key(first)? {
        first = false;
        if key.is_empty() {
            return None;
        }
        let value = if c.open(b'[') {
            let mut list = Vec::new();
            let mut first_item = true;
            while c.next_element(first_item)? {
                first_item = false;
                list.push(c.scalar()?.text.to_string());
            }
            NewValue::Owned(ContextValue::List(list))
        } else {
            NewValue::Scalar(c.scalar()?.text)
        };
        builder.push(key, value);
    }
    Some(builder)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    #![allow(clippy::unwrap_used)]

    use proptest::prelude::*;

    use super::*;
    use crate::parse::json::{parse_json_indexed, with_arena};
    use crate::parse::scenario::request_from_json;

    /// Everything a reading gives: the request (its context entry by entry) and the diagnostics.
    fn outcome(parsed: &Parsed<Request>) -> String {
        let request = parsed.value.as_ref().map(|r| {
            let entries: Vec<String> = r.context.sorted().iter().map(|e| format!("{e:?}")).collect();
            format!(
                "{:?} {:?} {:?} {:?} {:?} {entries:?}",
                r.principal, r.action, r.resource, r.resource_account, r.resource_in_management_account
            )
        });
        format!("{request:?} {:?}", parsed.diagnostics)
    }

    /// The request read through the JSON tree (what every other input takes).
    fn through_the_tree(text: &str) -> String {
        let origin = Arc::new(SourceText::new(text));
        let parsed = with_arena(text.len(), |arena| match parse_json_indexed(text, arena, &Limits::scenario()) {
            Ok((json, _)) => request_from_json(&json, &origin),
            Err(e) => Parsed::new(None, vec![e.to_diagnostic(&origin, "request")]),
        });
        outcome(&parsed)
    }

    /// The request read directly, or `None` where the direct reader gives up.
    fn directly(text: &str) -> Option<String> {
        let origin = Arc::new(SourceText::new(text));
        with_arena(text.len(), |arena| read_direct(&origin, arena)).map(|p| outcome(&p))
    }

    const KEYS: [&str; 12] = [
        "aws:SourceIp",
        "AWS:sourceip",
        "s3:prefix",
        "aws:PrincipalTag/team",
        "aws:CurrentTime",
        "aws:username",
        "ec2:InstanceType",
        "unknown:Key",
        "",
        "aws:Source\\u0049p",
        "aws:TagKeys",
        "é:ü",
    ];
    const VALUES: [&str; 14] = [
        "\"10.0.0.1\"",
        "\"a\\nb\"",
        "1.50",
        "-3e2",
        "true",
        "false",
        "null",
        "[]",
        "[\"x\", 2, false]",
        "[null]",
        "{}",
        "[[1]]",
        "\"2026-01-01T00:00:00Z\"",
        "\"é\"",
    ];
    const FIELDS_TEXT: [&str; 10] = [
        "\"principal\": \"arn:aws:iam::111122223333:user/alice\"",
        "\"principal\": {\"kind\": \"user\", \"arn\": \"arn:aws:iam::111122223333:user/a\", \"tags\": {\"team\": \"x\"}}",
        "\"principal\": \"arn:aws:iam::111122223333:role/R\"",
        "\"action\": \"s3:GetObject\"",
        "\"action\": \"s3:Get*\"",
        "\"resource\": \"arn:aws:s3:::b/k\"",
        "\"resource\": \"bucket\"",
        "\"resourceAccount\": \"111122223333\"",
        "\"resourceInManagementAccount\": true",
        "\"Action\": \"s3:GetObject\"",
    ];

    fn request_text() -> impl Strategy<Value = String> {
        let member = (0..KEYS.len(), 0..VALUES.len());
        let context = proptest::collection::vec(member, 0..6);
        let fields = proptest::collection::vec(0..FIELDS_TEXT.len(), 0..5);
        let blank = proptest::sample::select(vec!["", " ", "\n  ", "\r\n"]);
        (fields, context, blank, 0..4u8, any::<usize>(), 0..6u8).prop_map(|(fields, context, blank, shape, at, cut)| {
            let mut members: Vec<String> = fields.iter().map(|&i| FIELDS_TEXT[i].to_string()).collect();
            let pairs: Vec<String> =
                context.iter().map(|&(k, v)| format!("\"{}\":{blank}{}", KEYS[k], VALUES[v])).collect();
            let context = format!("{{{blank}{}}}", pairs.join(&format!(",{blank}")));
            match shape {
                0 => members.push(format!("\"context\": {context}")),
                1 => members.insert(0, format!("\"context\": {context}")),
                2 => members.push("\"context\": null".to_string()),
                _ => {}
            }
            let mut text = format!("{blank}{{{blank}{}}}{blank}", members.join(&format!(",{blank}")));
            // Now and then a byte goes missing: texts that stop being JSON anywhere.
            if cut == 0 && !text.is_empty() {
                let at = at % text.len();
                if text.is_char_boundary(at) && text.is_char_boundary(at + 1) {
                    text.remove(at);
                }
            }
            text
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

        /// Wherever the direct reader reads a request, it reads what the tree gives, diagnostics included.
        #[test]
        fn the_direct_reader_agrees_with_the_tree(text in request_text()) {
            if let Some(direct) = directly(&text) {
                prop_assert_eq!(direct, through_the_tree(&text), "{}", text);
            }
        }
    }

    #[test]
    fn the_usual_request_is_read_directly_and_the_unusual_is_left_to_the_tree() {
        let usual = r#"{"principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject",
            "context": {"aws:SourceIp": "10.0.0.1", "s3:prefix": ["a", 2, true], "n:x": 1.5, "e": []}}"#;
        assert_eq!(directly(usual), Some(through_the_tree(usual)));
        for unusual in [
            r#"{"principal": "anonymous", "action": "s3:GetObject", "context": {"a:b": null}}"#,
            r#"{"principal": "anonymous", "action": "s3:GetObject", "context": {"a:b": "1", "A:B": "2"}}"#,
            r#"{"principal": "anonymous", "action": "s3:GetObject", "context": {"a:b": "1", "a:b": "2"}}"#,
            r#"{"principal": "anonymous", "action": "s3:GetObject", "context": {"": "1"}}"#,
            r#"{"principal": "anonymous", "action": "s3:GetObject", "context": {"a:b": {}}}"#,
            r#"{"principal": "anonymous", "action": "s3:GetObject", "context": null}"#,
            r#"{"principal": "anonymous", "action": "s3:GetObject", "action": "s3:GetObject"}"#,
            r#"{"principal": "anonymous", "Action": "s3:GetObject"}"#,
            r#"{"principal": "anonymous", "action": "s3:GetObject",}"#,
            r#"{"principal": "anonymous", "action": "s3:GetObject"} {}"#,
            "\u{feff}{\"principal\": \"anonymous\", \"action\": \"s3:GetObject\"}",
            "[]",
        ] {
            assert_eq!(directly(unusual), None, "{unusual}");
        }
        // Both ways, a request's warnings and infos point at the same place.
        let noted = "{\n \"principal\": \"arn:aws:iam::111122223333:role/R\",\n \"action\": \"s3:GetObject\", \"resource\": \"b\"}";
        let direct = directly(noted).unwrap();
        assert!(direct.contains("PRINCIPAL_ROLE_AS_SESSION") && direct.contains("REQUEST_RESOURCE_NOT_ARN"));
        assert_eq!(direct, through_the_tree(noted));
    }
}
