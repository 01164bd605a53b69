//! Which resource type of an action a request ARN is: the ARN is matched against each resource type's ARN
//! format, segment by segment as spec/evaluation.md §4.2 splits ARNs (the first five `:`-separated
//! segments, then the rest). A `${Placeholder}` matches one or more characters; in the first five segments
//! it cannot cross a `:`, in the resource segment it can (`/` and `:` included), since object keys and log
//! group names contain both. When several formats match (`${BucketName}` also matches `bucket/key`), the
//! most specific one — the one with the most literal characters — wins, then the first listed.

use crate::matching::bytes;

use super::data;
use super::lookup::{Found, find_action};
use super::pattern::Glob;
use super::types::ResourceTypeMatch;

/// Splits at the first five `:`; `None` when there are fewer. (One byte scan: `splitn` costs several
/// times more, and this runs on every request.)
fn segments(arn: &str) -> Option<([&str; 5], &str)> {
    let mut head = [""; 5];
    let (mut found, mut start) = (0, 0);
    for (i, b) in arn.bytes().enumerate() {
        if b == b':' {
            *head.get_mut(found)? = arn.get(start..i)?;
            (found, start) = (found + 1, i + 1);
            if found == head.len() {
                return Some((head, arn.get(start..)?));
            }
        }
    }
    None
}

/// `text.split_once(':')`, by a byte scan.
pub(crate) fn split_colon(text: &str) -> Option<(&str, &str)> {
    let i = text.bytes().position(|b| b == b':')?;
    Some((text.get(..i)?, text.get(i + 1..)?))
}

/// One segment of an ARN format. Most are empty, literal, or a lone placeholder, which need no glob.
enum Part {
    Empty,
    /// `${Partition}`: one or more characters.
    Placeholder,
    Literal(Box<str>),
    Glob(Glob),
}

impl Part {
    fn compile(segment: &str) -> Part {
        let glob = Glob::template(segment, false, false);
        if segment.is_empty() {
            Part::Empty
        } else if glob.is_literal() {
            // Case-sensitive, so the literals are the segment's own bytes.
            Part::Literal(segment.into())
        } else if glob.is_placeholder() {
            Part::Placeholder
        } else {
            Part::Glob(glob)
        }
    }

    fn literal_len(&self) -> usize {
        match self {
            Part::Empty | Part::Placeholder => 0,
            Part::Literal(text) => text.len(),
            Part::Glob(glob) => glob.literal_len(),
        }
    }

    #[inline]
    fn matches(&self, text: &str) -> bool {
        match self {
            Part::Empty => text.is_empty(),
            Part::Placeholder => !text.is_empty(),
            Part::Literal(literal) => bytes::eq(literal.as_bytes(), text.as_bytes()),
            Part::Glob(glob) => glob.matches(text),
        }
    }
}

/// An ARN format compiled once per service (see `Tables::arn_format`): its five head segments and its
/// resource segment, and its number of literal characters (how specific it is).
pub(crate) struct ArnFormat {
    parts: [Part; 6],
    literal: usize,
}

impl ArnFormat {
    /// `None` for a format with fewer than six segments, which no ARN matches.
    pub fn compile(format: &str) -> Option<ArnFormat> {
        let (head, rest) = segments(format)?;
        let [a, b, c, d, e] = head.map(Part::compile);
        let parts = [a, b, c, d, e, Part::compile(rest)];
        let literal = parts.iter().map(Part::literal_len).sum();
        Some(ArnFormat { parts, literal })
    }

    /// The number of literal characters when the format matches the split ARN, `None` otherwise.
    fn score(&self, head: &[&str; 5], rest: &str) -> Option<usize> {
        let [p0, p1, p2, p3, p4, p5] = &self.parts;
        let [t0, t1, t2, t3, t4] = head;
        // The resource segment first: the formats of one service differ mostly there.
        let matched =
            p5.matches(rest) && p0.matches(t0) && p1.matches(t1) && p2.matches(t2) && p3.matches(t3) && p4.matches(t4);
        matched.then_some(self.literal)
    }
}

pub(crate) fn match_in(f: &Found, arn: &str) -> Option<ResourceTypeMatch> {
    let t = f.tables;
    let (head, rest) = segments(arn)?;
    let mut best: Option<(usize, ResourceTypeMatch)> = None;
    for l in t.links_of(f.action) {
        let Some(rt) = t.resource_types.get(l.resource_type as usize) else { continue };
        let Some(score) = t.arn_format(l.resource_type as usize).and_then(|format| format.score(&head, rest)) else {
            continue;
        };
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, ResourceTypeMatch { name: rt.name, arn_format: t.text(rt.arn), required: l.required }));
        }
    }
    best.map(|(_, m)| m)
}

/// The resource type of `action` whose ARN format `resource_arn` matches (see the module notes for the
/// rules). `None` for an unknown action, an action without resource types, or an ARN matching none.
pub fn resource_type_for(action: &str, resource_arn: &str) -> Option<ResourceTypeMatch> {
    match_in(&find_action(data(), action)?, resource_arn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_object_or_bucket_by_shape() {
        let m = resource_type_for("s3:GetObject", "arn:aws:s3:::my-bucket/path/to/key.txt").unwrap();
        assert_eq!(m.name, "object");
        assert_eq!(m.arn_format, "arn:${Partition}:s3:::${BucketName}/${ObjectName}");
        assert!(resource_type_for("s3:GetObject", "arn:aws:s3:::my-bucket").is_none());
        let b = resource_type_for("s3:ListBucket", "arn:aws:s3:::my-bucket").unwrap();
        assert_eq!(b.name, "bucket");
        // ListBucket may name a bucket or an access point, so neither row is required; PutBucketPolicy's is.
        assert!(!b.required);
        assert!(resource_type_for("s3:PutBucketPolicy", "arn:aws:s3:::my-bucket").unwrap().required);
    }

    #[test]
    fn placeholders_stay_within_head_segments() {
        let m = resource_type_for("iam:PassRole", "arn:aws:iam::123456789012:role/path/MyRole").unwrap();
        assert_eq!(m.name, "role");
        // `${Account}` must not be empty, and the region of an IAM ARN must be.
        assert!(resource_type_for("iam:PassRole", "arn:aws:iam:::role/MyRole").is_none());
        assert!(resource_type_for("iam:PassRole", "arn:aws:iam:us-east-1:123456789012:role/MyRole").is_none());
        assert!(resource_type_for("iam:PassRole", "not-an-arn").is_none());
    }

    #[test]
    fn most_specific_format_wins() {
        let stream = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:log-stream:2024/01/01";
        assert_eq!(resource_type_for("logs:PutLogEvents", stream).unwrap().name, "log-stream");
        let bucket = ArnFormat::compile("arn:${Partition}:s3:::${BucketName}").unwrap();
        let (head, rest) = segments("arn:aws:s3:::b/k").unwrap();
        assert_eq!(bucket.score(&head, rest), Some(5));
        assert_eq!(bucket.score(&head, ""), None);
        assert!(ArnFormat::compile("arn:${Partition}:s3").is_none());
        assert_eq!(segments("a:b:c:d:e:f:g"), Some((["a", "b", "c", "d", "e"], "f:g")));
        assert_eq!(segments("a:b:c:d:e:"), Some((["a", "b", "c", "d", "e"], "")));
        assert_eq!(segments("a:b:c:d:e"), None);
        assert_eq!(segments(":::::"), Some((["", "", "", "", ""], "")));
        assert_eq!(split_colon("s3:GetObject"), Some(("s3", "GetObject")));
        assert_eq!(split_colon(":"), Some(("", "")));
        assert_eq!(split_colon("s3"), None);
    }

    #[test]
    fn parts_match_as_their_globs_do() {
        let segments =
            ["", "${Partition}", "s3", "a${b", "${A}${B}", "x${A}", "role/${Name}", "*", "${Bucket}/${Object}"];
        for segment in segments {
            let (part, glob) = (Part::compile(segment), Glob::template(segment, false, false));
            assert_eq!(part.literal_len(), glob.literal_len(), "{segment}");
            for text in ["", "a", "s3", "S3", "a${b", "ab", "xy", "role/r", "b/k", "*"] {
                assert_eq!(part.matches(text), glob.matches(text), "{segment} {text}");
            }
        }
        assert!(matches!(Part::compile("${Partition}"), Part::Placeholder));
        assert!(matches!(Part::compile("s3"), Part::Literal(_)));
        assert!(matches!(Part::compile(""), Part::Empty));
    }

    #[test]
    fn actions_without_resource_types_match_nothing() {
        assert!(resource_type_for("s3:ListAllMyBuckets", "arn:aws:s3:::b").is_none());
        assert!(resource_type_for("nosuch:Action", "arn:aws:s3:::b").is_none());
    }
}
