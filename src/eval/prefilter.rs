//! What a prepared policy set knows about its statements before any request comes: the literal head of
//! each Action pattern (lowercased, up to its first wildcard). A pattern can match an action only if the
//! action starts with that head, so a statement none of whose heads does cannot apply: it is passed over
//! without being evaluated. Most statements of a policy set name other services or other actions than the
//! request's, so most are passed over this way, for a byte comparison or two each.
//!
//! The filter only ever says "cannot apply" when evaluating would say so too (a statement that is passed
//! over would have failed its Action element, so it adds no missing keys either); `explain` evaluates every
//! statement regardless, for its trace.

use crate::matching::bytes;
use crate::model::{PolicySet, Statement};

/// For each policy of a set, in [`PolicySet::all`] order (the order the flow evaluates them in), which of
/// its statements can apply to which actions.
#[derive(Clone, Debug, Default)]
pub struct ActionFilter {
    policies: Vec<PolicyIndex>,
}

/// One statement's Action heads; `None`: evaluate it whatever the action (`NotAction`, or a pattern that
/// starts with a wildcard).
type Heads = Option<Box<[Box<str>]>>;

/// One policy's statements, found by service: a request's statements are looked up, not searched for.
#[derive(Clone, Debug, Default)]
struct PolicyIndex {
    heads: Vec<Heads>,
    /// The statements whose every head names its service (`s3:`, lowercased, colon included), under each
    /// service they name; sorted by service, each list in statement order.
    by_service: Vec<(Box<str>, Vec<usize>)>,
    /// The statements any service's action may reach (no heads, or a head that stops before the colon).
    any_service: Vec<usize>,
}

impl PolicyIndex {
    fn new(statements: &[Statement]) -> PolicyIndex {
        let mut index = PolicyIndex { heads: statements.iter().map(heads).collect(), ..PolicyIndex::default() };
        for (i, heads) in index.heads.iter().enumerate() {
            let service = |h: &'_ str| h.find(':').and_then(|c| h.get(..=c)).map(|s| s.len());
            let Some(heads) = heads.as_ref().filter(|hs| hs.iter().all(|h| service(h).is_some())) else {
                index.any_service.push(i);
                continue;
            };
            for head in heads.iter() {
                let service = head.get(..service(head).unwrap_or(0)).unwrap_or_default();
                match index.by_service.binary_search_by(|(s, _)| (**s).cmp(service)) {
                    // Filed once under each service, however many of its patterns name it.
                    Ok(at) => index.by_service.get_mut(at).iter_mut().for_each(|(_, list)| {
                        if list.last() != Some(&i) {
                            list.push(i);
                        }
                    }),
                    Err(at) => index.by_service.insert(at, (service.into(), vec![i])),
                }
            }
        }
        index
    }
}

impl ActionFilter {
    pub fn new(policies: &PolicySet) -> ActionFilter {
        let mut filter = ActionFilter::default();
        for policy in policies.all() {
            filter.policies.push(PolicyIndex::new(&policy.statements));
        }
        filter
    }

    /// The filter of the `policy`-th policy, which has `count` statements. A filter built for another set
    /// (a count that differs) has none: every statement is evaluated.
    pub fn policy(&self, policy: usize, count: usize) -> Option<PolicyFilter<'_>> {
        self.policies.get(policy).filter(|p| p.heads.len() == count).map(PolicyFilter)
    }

    /// Whether statement `statement` (of `count` statements) of the `policy`-th policy may apply to the
    /// lowercased action.
    pub fn may_apply(&self, policy: usize, count: usize, statement: usize, action_lower: &str) -> bool {
        self.policy(policy, count).is_none_or(|f| f.may_apply(statement, action_lower))
    }
}

/// One policy's part of an [`ActionFilter`].
#[derive(Clone, Copy, Debug)]
pub struct PolicyFilter<'f>(&'f PolicyIndex);

impl<'f> PolicyFilter<'f> {
    /// Whether statement `statement` may apply to the lowercased action.
    pub fn may_apply(self, statement: usize, action_lower: &str) -> bool {
        match self.0.heads.get(statement) {
            Some(Some(heads)) => heads.iter().any(|h| bytes::starts_with(action_lower.as_bytes(), h.as_bytes())),
            _ => true,
        }
    }

    /// The statements that may apply to the lowercased action, in order: those filed under its service
    /// and those any service may reach, each still to be checked with [`PolicyFilter::may_apply`].
    pub fn candidates(self, action_lower: &str) -> Merge<'f> {
        // The colon comes within the first few bytes: a byte loop finds it sooner than `find`'s `memchr`.
        let colon = action_lower.bytes().position(|b| b == b':');
        let service = colon.and_then(|c| action_lower.get(..=c)).unwrap_or(action_lower);
        let filed = match self.0.by_service.binary_search_by(|(s, _)| bytes::cmp(s.as_bytes(), service.as_bytes())) {
            Ok(at) => self.0.by_service.get(at).map_or(&[][..], |(_, list)| list),
            Err(_) => &[],
        };
        Merge { a: filed, b: &self.0.any_service }
    }
}

/// Two ascending lists of statement indices read as one (an index is in at most one of them).
pub struct Merge<'f> {
    a: &'f [usize],
    b: &'f [usize],
}

impl Iterator for Merge<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let take_a = match (self.a.first(), self.b.first()) {
            (Some(a), Some(b)) => a < b,
            (a, _) => a.is_some(),
        };
        let list = if take_a { &mut self.a } else { &mut self.b };
        let (&first, rest) = list.split_first()?;
        *list = rest;
        Some(first)
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

    #[test]
    fn candidates_are_the_service_s_statements_and_the_unfiled_ones_in_order() {
        let set = parse_policy_set(
            r#"{"identity": [{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"},
                {"Effect": "Allow", "Action": ["S3:Get*", "ec2:DescribeInstances"], "Resource": "*"},
                {"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"},
                {"Effect": "Allow", "Action": "s?:ListBucket", "Resource": "*"},
                {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"], "Resource": "*"},
                {"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}]}"#,
        )
        .value
        .unwrap();
        let f = ActionFilter::new(&set);
        let policy = f.policy(0, 6).unwrap();
        let candidates = |action: &str| policy.candidates(action).collect::<Vec<_>>();
        assert_eq!(candidates("s3:getobject"), [1, 2, 3, 4]);
        assert_eq!(candidates("ec2:runinstances"), [0, 1, 2, 3]);
        assert_eq!(candidates("iam:createuser"), [2, 3, 5]);
        assert_eq!(candidates("sqs:sendmessage"), [2, 3]);
        assert_eq!(candidates("nocolon"), [2, 3]);
        assert!(f.policy(0, 5).is_none());
    }
}
