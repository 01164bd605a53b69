//! `value_test` of spec/conditions.md §2.2: one request element against every policy value of a pair,
//! ORed (the caller negates for the negated operators). Dispatches to the operator families; a value that
//! does not parse, or an unresolvable variable, makes that single comparison false (§2.7, §4.5).

use crate::matching::wildcard::Piece;
use crate::model::BaseOperator;

use super::Family;
use super::binary::base64_equal;
use super::bool::parse_bool;
use super::date::parse_date;
use super::ip::{parse_ip_address, parse_ip_range};
use super::numeric::{parse_decimal, relation_holds};
use super::operands::{Operand, Operands};
use super::{arn, string};

/// What one request element's test found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Test {
    /// Some policy value matched positively.
    pub hit: bool,
    /// Some policy value held an unresolvable variable.
    pub unresolved: bool,
    /// Some comparison failed because a value did not parse for the operator's type.
    pub parse_error: bool,
    /// A simulator convention was involved in a comparison.
    pub convention: bool,
}

/// Tests request element `x` against the policy values; stops at the first positive match.
pub(crate) fn value_test(base: BaseOperator, ops: &Operands<'_>, x: &str) -> Test {
    let mut t = Test::default();
    match Family::of(base) {
        Family::String | Family::Arn => {
            for op in ops.iter() {
                let Some(pieces) = operand_pieces(&op, &mut t) else { continue };
                let hit = if Family::of(base) == Family::Arn {
                    match arn::arn_match(pieces, x) {
                        Some(hit) => hit,
                        None => {
                            t.parse_error = true;
                            false
                        }
                    }
                } else {
                    string::string_match(base, pieces, x)
                };
                if hit {
                    t.hit = true;
                    return t;
                }
            }
        }
        Family::Numeric => {
            let Some(xv) = parse_decimal(x) else { return parse_failed(t) };
            for op in ops.iter() {
                let Some(text) = operand_text(&op, &mut t) else { continue };
                match parse_decimal(text) {
                    Some(p) if relation_holds(base, xv.cmp(&p)) => return hit(t),
                    Some(_) => {}
                    None => t.parse_error = true,
                }
            }
        }
        Family::Date => {
            let Some(xv) = parse_date(x) else { return parse_failed(t) };
            t.convention |= xv.form.is_convention();
            for op in ops.iter() {
                let Some(text) = operand_text(&op, &mut t) else { continue };
                match parse_date(text) {
                    Some(p) => {
                        t.convention |= p.form.is_convention();
                        if relation_holds(base, xv.nanos.cmp(&p.nanos)) {
                            return hit(t);
                        }
                    }
                    None => t.parse_error = true,
                }
            }
        }
        Family::Bool => {
            let Some(xv) = parse_bool(x) else { return parse_failed(t) };
            t.convention |= super::bool::is_convention(x);
            for op in ops.iter() {
                let Some(text) = operand_text(&op, &mut t) else { continue };
                match parse_bool(text) {
                    Some(p) => {
                        t.convention |= super::bool::is_convention(text);
                        if p == xv {
                            return hit(t);
                        }
                    }
                    None => t.parse_error = true,
                }
            }
        }
        Family::Binary => {
            for op in ops.iter() {
                let Some(text) = operand_text(&op, &mut t) else { continue };
                match base64_equal(x, text) {
                    Ok(equal) => {
                        t.convention |= super::binary::is_convention(x) || super::binary::is_convention(text);
                        if equal {
                            return hit(t);
                        }
                    }
                    Err(_) => t.parse_error = true,
                }
            }
        }
        Family::Ip => {
            let Some(xv) = parse_ip_address(x) else { return parse_failed(t) };
            for op in ops.iter() {
                let Some(text) = operand_text(&op, &mut t) else { continue };
                match parse_ip_range(text) {
                    Some(range) => {
                        // /128 as the IPv6 default, and IPv4-mapped IPv6 staying IPv6, are conventions.
                        t.convention |= range.v6 && (range.default_prefix || is_v4_mapped(xv.bits));
                        if range.contains(xv) {
                            return hit(t);
                        }
                    }
                    None => t.parse_error = true,
                }
            }
        }
        // Null never reaches a value test (it reads presence only).
        Family::Null => {}
    }
    t
}

fn hit(mut t: Test) -> Test {
    t.hit = true;
    t
}

fn parse_failed(mut t: Test) -> Test {
    t.parse_error = true;
    t
}

fn is_v4_mapped(bits: u128) -> bool {
    bits >> 32 == 0xffff
}

/// The pieces of an operand, or `None` (recorded) when its variable is unresolvable.
fn operand_pieces<'b, 'a>(op: &'b Operand<'b, 'a>, t: &mut Test) -> Option<&'b [Piece<'a>]> {
    t.convention |= op.convention();
    let pieces = op.pieces();
    if pieces.is_none() {
        t.unresolved = true;
    }
    pieces
}

/// The text of an operand for the typed families (variables there are only substituted in `Bool`).
fn operand_text<'b>(op: &'b Operand<'b, '_>, t: &mut Test) -> Option<&'b str> {
    t.convention |= op.convention();
    let text = op.text();
    if text.is_none() {
        t.unresolved = true;
    }
    text
}
