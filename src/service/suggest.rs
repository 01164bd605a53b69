//! "Did you mean": the closest known names to a misspelt one, by edit distance (ASCII case-insensitive).

/// Levenshtein distance, stopping early once every path exceeds `limit` (returns `limit + 1` then).
fn distance(a: &str, b: &str, limit: usize) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        let mut row_min = usize::MAX;
        if let Some(c0) = cur.first_mut() {
            *c0 = i + 1;
            row_min = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(!ca.eq_ignore_ascii_case(&cb));
            let best = [
                prev.get(j).map_or(usize::MAX, |v| v + cost),
                prev.get(j + 1).map_or(usize::MAX, |v| v + 1),
                cur.get(j).map_or(usize::MAX, |v| v + 1),
            ]
            .into_iter()
            .min()
            .unwrap_or(usize::MAX);
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = best;
            }
            row_min = row_min.min(best);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(usize::MAX)
}

/// Up to three candidates at the smallest distance, if that distance is small for the word's length
/// (a third of it, at least 1, at most 3), in the candidates' order.
pub(crate) fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let limit = (word.len() / 3).clamp(1, 3);
    let mut best = limit + 1;
    let mut out = Vec::new();
    for c in candidates {
        let d = distance(word, c, best.min(limit));
        if d < best {
            best = d;
            out.clear();
        }
        if d == best && d <= limit && out.len() < 3 {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_edits() {
        assert_eq!(distance("GetObjects", "getobject", 3), 1);
        assert_eq!(distance("kitten", "sitting", 5), 3);
        assert_eq!(distance("abc", "abc", 0), 0);
        assert_eq!(distance("abcdef", "x", 2), 3);
    }

    #[test]
    fn suggests_only_near_names() {
        assert_eq!(closest("GetObjects", ["GetObject", "GetObjectAcl", "PutObject"]), vec!["GetObject"]);
        assert_eq!(closest("s4", ["s3", "sns", "sqs"]), vec!["s3"]);
        assert!(closest("Completely", ["GetObject"]).is_empty());
        assert_eq!(closest("ec", ["ec2", "ecr", "ecs", "eks"]), vec!["ec2", "ecr", "ecs"]);
    }
}
