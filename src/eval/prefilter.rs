//! What a prepared policy set knows about its statements before any request comes: the literal head of
//! each Action pattern (lowercased, up to its first wildcard). A pattern can match an action only if the
//! action starts with that head, so a statement none of whose heads does cannot apply: it is passed over
//! without being evaluated. Most statements of a policy set name other services or other actions than the
//! request's, so most are passed over this way, for a byte comparison or two each.
//!
//! The filter only ever says "cannot apply" when evaluating would say so too (a statement that is passed
//! over would have failed its Action element, so it adds no missing keys either); `explain` evaluates every
//! statement regardless, for its trace.

use crate::model::{PolicySet, Statement};

/// For each policy of a set, in [`PolicySet::all`] order (the order the flow evaluates them in), and each of
/// its statements: the heads of its Action patterns, or `None` when the statement must be evaluated
/// (`NotAction`, or a pattern that starts with a wildcard).
#[derive(Clone, Debug, Default)]
pub struct ActionFilter {
    policies: Vec<Vec<Heads>>,
}

/// One statement's Action heads; `None`: evaluate it whatever the action.
type Heads = Option<Box<[Box<str>]>>;

impl ActionFilter {
    pub fn new(policies: &PolicySet) -> ActionFilter {
        ActionFilter { policies: policies.all().map(|p| p.statements.iter().map(heads).collect()).collect() }
    }

    /// The filter of the `policy`-th policy, which has `count` statements. A filter built for another set
    /// (a count that differs) has none: every statement is evaluated.
    pub fn policy(&self, policy: usize, count: usize) -> Option<PolicyFilter<'_>> {
        self.policies.get(policy).filter(|s| s.len() == count).map(|s| PolicyFilter(s))
    }

    /// Whether statement `statement` (of `count` statements) of the `policy`-th policy may apply to the
    /// lowercased action.
    pub fn may_apply(&self, policy: usize, count: usize, statement: usize, action_lower: &str) -> bool {
        self.policy(policy, count).is_none_or(|f| f.may_apply(statement, action_lower))
    }
}

/// One policy's part of an [`ActionFilter`].
#[derive(Clone, Copy, Debug)]
pub struct PolicyFilter<'f>(&'f [Heads]);

impl PolicyFilter<'_> {
    /// Whether statement `statement` may apply to the lowercased action.
    pub fn may_apply(self, statement: usize, action_lower: &str) -> bool {
        match self.0.get(statement) {
            Some(Some(heads)) => heads.iter().any(|h| action_lower.starts_with(&**h)),
            _ => true,
        }
    }
}

fn heads(s: &Statement) -> Heads {
    if s.action.negated {
        return None;
    }
    let mut heads = Vec::with_capacity(s.action.patterns.len());
    for p in &s.action.patterns {
        let text = p.text();
        let head = text.split(['*', '?']).next().unwrap_or_default();
        if head.is_empty() {
            return None;
        }
        heads.push(head.to_ascii_lowercase().into_boxed_str());
    }
    Some(heads.into_boxed_slice())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::parse::parse_policy_set;

    #[test]
    fn statements_are_passed_over_only_when_no_action_head_fits() {
        let set = parse_policy_set(
            r#"{"identity": [{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["S3:Get*", "ec2:DescribeInstances"], "Resource": "*"},
                {"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"},
                {"Effect": "Allow", "Action": "*:GetObject", "Resource": "*"},
                {"Effect": "Allow", "Action": "s?:ListBucket", "Resource": "*"}]}],
              "scp": [[{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:*", "Resource": "*"}}]]}"#,
        )
        .value
        .unwrap();
        let f = ActionFilter::new(&set);
        // The SCP comes first in evaluation order.
        assert!(f.may_apply(0, 1, 0, "iam:createuser"));
        assert!(!f.may_apply(0, 1, 0, "s3:getobject"));
        let identity = |i, action| f.may_apply(1, 4, i, action);
        assert!(identity(0, "s3:getobject"));
        assert!(identity(0, "s3:get"));
        assert!(identity(0, "ec2:describeinstances"));
        assert!(!identity(0, "s3:putobject"));
        assert!(!identity(0, "ec2:describe"));
        assert!(identity(1, "s3:putobject"), "NotAction is always evaluated");
        assert!(identity(2, "ec2:getobject"), "a leading wildcard is always evaluated");
        assert!(identity(3, "s3:listbucket"));
        assert!(!identity(3, "ec2:listbucket"));
        // Out of range, or a set of another shape: evaluate.
        assert!(f.may_apply(1, 5, 0, "s3:putobject"));
        assert!(f.may_apply(2, 1, 0, "s3:putobject"));
        assert!(ActionFilter::default().may_apply(0, 1, 0, "x:y"));
    }
}
