//! A pair's policy values as the comparisons see them: the text as written, or — for the families that
//! take policy variables (String, ARN, and Bool by convention) under Version 2012-10-17 — the pieces after
//! substitution through [`crate::matching::variables`]. A clause without `${` costs no allocation.

use crate::matching::variables::{self, Resolved, VariableOutcome as Use};
use crate::matching::wildcard::Piece;
use crate::model::{ConditionClause, ConditionValue, Context};

use super::Family;
use super::detail::{PolicyValueDetail, VariableDetail, VariableOutcome, policy_error};

/// One policy value after substitution, with what the comparisons need precomputed.
pub(crate) struct ResolvedValue<'a> {
    resolved: Resolved<'a>,
    /// The substituted text in one string (for Bool and for traces; empty otherwise).
    joined: String,
    /// A simulator convention shaped the value (§3.4 Bool variables, §4.4 lists, §4.7 literal wildcards).
    convention: bool,
}

pub(crate) struct Operands<'a> {
    values: &'a [ConditionValue],
    /// One entry per value when the clause has variables to substitute; `None` otherwise.
    resolved: Option<Vec<ResolvedValue<'a>>>,
}

/// One policy value as a comparison sees it.
pub(crate) enum Operand<'b, 'a> {
    Raw(Piece<'a>),
    Resolved(&'b ResolvedValue<'a>),
}

impl<'a> Operands<'a> {
    /// Resolves variables when `enabled` (the Version gate) and the operator family takes them. Keys a
    /// variable names that the request lacks go to `missing`.
    pub(crate) fn new(
        clause: &'a ConditionClause,
        ctx: &'a Context,
        enabled: bool,
        missing: &mut Vec<String>,
        trace: bool,
    ) -> Operands<'a> {
        let family = Family::of(clause.operator.base);
        let values = clause.values.as_slice();
        let substitute =
            enabled && family.allows_variables() && values.iter().any(|v| variables::has_variables(&v.text));
        if !substitute {
            return Operands { values, resolved: None };
        }
        let resolved = values
            .iter()
            .map(|v| {
                // Only `explain` pays for the per-variable record.
                let resolved = if trace {
                    variables::resolve_traced(&v.text, ctx, true)
                } else {
                    variables::resolve(&v.text, ctx, true)
                };
                for key in &resolved.missing {
                    super::note_missing(missing, key);
                }
                // String and ARN comparisons work on the pieces; only Bool and traces need one string.
                let joined: String = if trace || family == Family::Bool {
                    resolved.pieces.iter().map(|p| p.text()).collect()
                } else {
                    String::new()
                };
                let convention = convention(family, &resolved);
                ResolvedValue { resolved, joined, convention }
            })
            .collect();
        Operands { values, resolved: Some(resolved) }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = Operand<'_, 'a>> + '_ {
        let raw = self.resolved.is_none().then(|| self.values.iter().map(|v| Operand::Raw(Piece::Pattern(&v.text))));
        let resolved = self.resolved.as_ref().map(|r| r.iter().map(Operand::Resolved));
        raw.into_iter().flatten().chain(resolved.into_iter().flatten())
    }

    /// What `explain` shows per policy value.
    pub(crate) fn details(&self, family: Family) -> Vec<PolicyValueDetail> {
        let typed = family.is_typed();
        match &self.resolved {
            None => self
                .values
                .iter()
                .map(|v| PolicyValueDetail {
                    raw: v.text.to_string(),
                    resolved: Some(v.text.to_string()),
                    variables: Vec::new(),
                    parse_error: if typed { policy_error(family, &v.text, &[Piece::Pattern(&v.text)]) } else { None },
                    span: v.span,
                })
                .collect(),
            Some(resolved) => self
                .values
                .iter()
                .zip(resolved)
                .map(|(v, r)| {
                    let ok = !r.resolved.unresolved;
                    PolicyValueDetail {
                        raw: v.text.to_string(),
                        resolved: ok.then(|| r.joined.clone()),
                        variables: r.resolved.uses.iter().map(|u| variable_detail(&v.text, u)).collect(),
                        parse_error: if typed && ok {
                            policy_error(family, &r.joined, &r.resolved.pieces)
                        } else {
                            None
                        },
                        span: v.span,
                    }
                })
                .collect(),
        }
    }
}

/// Whether a convention shaped a substituted value, judged from what the untraced resolution tells (so
/// the hot path and `explain` agree): a variable in `Bool` (§3.4); a variable left unresolved although no
/// key was absent, i.e. a multivalued key (§4.4); substituted `*`/`?` kept literal in a wildcard family
/// (§4.7 — the specials `${*}`, `${?}` are documented, so a lone `*`/`?` piece does not count).
fn convention(family: Family, resolved: &Resolved<'_>) -> bool {
    let substituted = resolved.pieces.iter().any(|p| p.is_literal()) || resolved.unresolved;
    (family == Family::Bool && substituted)
        || (resolved.unresolved && resolved.missing.is_empty())
        || (family != Family::Bool
            && resolved.pieces.iter().any(|p| p.is_literal() && p.text().len() > 1 && p.text().contains(['*', '?'])))
}

fn variable_detail(raw: &str, u: &variables::VariableUse) -> VariableDetail {
    let outcome = match u.outcome {
        Use::Value | Use::SingleElementList => VariableOutcome::Value,
        Use::DefaultForAbsent | Use::DefaultForMultivalued => VariableOutcome::Default,
        Use::UnresolvedAbsent => VariableOutcome::Unresolvable,
        Use::UnresolvedMultivalued => VariableOutcome::MultivaluedUnusable,
    };
    VariableDetail {
        text: raw.get(u.range.clone()).unwrap_or_default().to_string(),
        name: u.name.clone(),
        outcome,
        value: u.value.clone(),
    }
}

impl<'a> Operand<'_, 'a> {
    /// The pieces to match, or `None` when a variable in the value is unresolvable.
    pub(crate) fn pieces(&self) -> Option<&[Piece<'a>]> {
        match self {
            Operand::Raw(piece) => Some(std::slice::from_ref(piece)),
            Operand::Resolved(r) if r.resolved.unresolved => None,
            Operand::Resolved(r) => Some(&r.resolved.pieces),
        }
    }

    /// The whole text, or `None` when a variable in the value is unresolvable.
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Operand::Raw(piece) => Some(piece.text()),
            Operand::Resolved(r) if r.resolved.unresolved => None,
            Operand::Resolved(r) => Some(&r.joined),
        }
    }

    pub(crate) fn convention(&self) -> bool {
        match self {
            Operand::Raw(_) => false,
            Operand::Resolved(r) => r.convention,
        }
    }
}
