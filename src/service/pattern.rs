//! Small wildcard matchers over the service data's own patterns: action globs as IAM reads them
//! (`s3:Get*`, case-insensitive), ARN formats (`${Placeholder}` = one or more characters, case-sensitive,
//! one ARN segment at a time) and condition keys with variable parts (`aws:ResourceTag/${TagKey}`,
//! `s3:ExistingObjectTag/<key>`, case-insensitive). Matching is iterative (no recursion), O(pattern × text).

/// Whether an Action pattern has a wildcard (`*` or `?`): what `Glob::action(p).has_wildcard()` says,
/// without compiling (and allocating) the glob.
pub(crate) fn has_wildcard(pattern: &str) -> bool {
    pattern.bytes().any(|b| b == b'*' || b == b'?')
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Lit(u8),
    /// Exactly one byte.
    One,
    /// Any run of bytes, possibly empty.
    Any,
}

#[derive(Clone, Debug)]
pub(crate) struct Glob {
    toks: Vec<Tok>,
    case_insensitive: bool,
    /// The fewest bytes a matching text has: a longer pattern is rejected at once, so a huge pattern
    /// from user input costs nothing against short action names.
    min_len: usize,
    /// How many literals the pattern starts with: they are compared without backtracking.
    lead: usize,
    /// Where the pattern ends in only `?` and `*`, at least one `*` (`${Name}` at the end of a template),
    /// and how many `?` that end has: once matching gets there with that many bytes left, the text
    /// matches. `usize::MAX` when the pattern does not end so.
    tail: usize,
    tail_ones: usize,
}

impl Glob {
    /// An Action/NotAction pattern: `*` any run, `?` one character, letters in any case.
    pub fn action(pattern: &str) -> Glob {
        let toks = pattern.bytes().map(|b| match b {
            b'*' => Tok::Any,
            b'?' => Tok::One,
            _ => Tok::Lit(b.to_ascii_lowercase()),
        });
        Glob::new(toks, true)
    }

    /// Runs of `Any` collapse to one (`**` matches what `*` does), which keeps backtracking bounded.
    fn new(toks: impl Iterator<Item = Tok>, case_insensitive: bool) -> Glob {
        let mut out: Vec<Tok> = Vec::new();
        for t in toks {
            if !(t == Tok::Any && out.last() == Some(&Tok::Any)) {
                out.push(t);
            }
        }
        let min_len = out.iter().filter(|t| **t != Tok::Any).count();
        let lead = out.iter().take_while(|t| matches!(t, Tok::Lit(_))).count();
        let end = out.iter().rev().take_while(|t| !matches!(t, Tok::Lit(_))).count();
        let tail_toks = out.get(out.len() - end..).unwrap_or(&[]);
        let (tail, tail_ones) = if tail_toks.contains(&Tok::Any) {
            (out.len() - end, tail_toks.iter().filter(|t| **t == Tok::One).count())
        } else {
            (usize::MAX, 0)
        };
        Glob { toks: out, case_insensitive, min_len, lead, tail, tail_ones }
    }

    /// A template from the data: `${...}` (and `<...>` when `angle`) is a variable part matching one or
    /// more characters; `*` (only in some ARN formats) matches any run.
    pub fn template(text: &str, angle: bool, case_insensitive: bool) -> Glob {
        let bytes = text.as_bytes();
        let mut toks = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let close = match b {
                b'$' if bytes.get(i + 1) == Some(&b'{') => Some(b'}'),
                b'<' if angle => Some(b'>'),
                _ => None,
            };
            if let Some(end) = close.and_then(|c| bytes.get(i..)?.iter().position(|&x| x == c)) {
                toks.push(Tok::One);
                toks.push(Tok::Any);
                i += end + 1;
                continue;
            }
            toks.push(match b {
                b'*' => Tok::Any,
                _ if case_insensitive => Tok::Lit(b.to_ascii_lowercase()),
                _ => Tok::Lit(b),
            });
            i += 1;
        }
        Glob::new(toks.into_iter(), case_insensitive)
    }

    /// The literal bytes the pattern starts with (lowercase if it ignores case): every text it matches
    /// starts with them.
    pub fn literal_prefix(&self) -> impl Iterator<Item = u8> + '_ {
        self.toks.iter().map_while(|t| match t {
            Tok::Lit(b) => Some(*b),
            _ => None,
        })
    }

    /// True when the pattern has no wildcard: it matches its literals only.
    pub fn is_literal(&self) -> bool {
        self.lead == self.toks.len()
    }

    /// True for a lone variable part (`${Name}`): it matches any text of one or more bytes.
    pub fn is_placeholder(&self) -> bool {
        self.toks == [Tok::One, Tok::Any]
    }

    /// How many literal bytes the pattern has: the more, the more specific it is.
    pub fn literal_len(&self) -> usize {
        self.toks.iter().filter(|t| matches!(t, Tok::Lit(_))).count()
    }

    #[cfg(test)]
    pub fn has_wildcard(&self) -> bool {
        self.toks.iter().any(|t| !matches!(t, Tok::Lit(_)))
    }

    /// A text byte as the literals are stored.
    #[inline]
    fn fold(&self, c: u8) -> u8 {
        if self.case_insensitive { c.to_ascii_lowercase() } else { c }
    }

    pub fn matches(&self, text: &str) -> bool {
        let text = text.as_bytes();
        if text.len() < self.min_len {
            return false;
        }
        // The leading literals must match in place (no `*` before them to backtrack to); the text is at
        // least `min_len >= lead` bytes long.
        let (Some(lits), Some(head)) = (self.toks.get(..self.lead), text.get(..self.lead)) else { return false };
        for (tok, &c) in lits.iter().zip(head) {
            if *tok != Tok::Lit(self.fold(c)) {
                return false;
            }
        }
        let (mut p, mut t) = (self.lead, self.lead);
        // Where the last `Any` was and how much text it has swallowed so far (classic backtracking).
        let mut star: Option<(usize, usize)> = None;
        loop {
            if p == self.tail && text.len() - t >= self.tail_ones {
                return true;
            }
            let Some(&c) = text.get(t) else { break };
            let c = self.fold(c);
            match self.toks.get(p) {
                Some(Tok::Any) => {
                    star = Some((p, t));
                    p += 1;
                }
                Some(Tok::One) => {
                    p += 1;
                    t += 1;
                }
                Some(Tok::Lit(l)) if *l == c => {
                    p += 1;
                    t += 1;
                }
                _ => match star {
                    Some((sp, st)) => {
                        // Let the `*` swallow one more byte; when a literal follows it, skip at once to
                        // where that literal occurs (each byte skipped would fail against it).
                        let mut st = st + 1;
                        if let Some(&Tok::Lit(l)) = self.toks.get(sp + 1) {
                            let rest = text.get(st..).unwrap_or(&[]);
                            let skip = if self.case_insensitive {
                                rest.iter().position(|c| c.to_ascii_lowercase() == l)
                            } else {
                                rest.iter().position(|&c| c == l)
                            };
                            st += skip.unwrap_or(rest.len());
                        }
                        p = sp + 1;
                        t = st;
                        star = Some((sp, st));
                    }
                    None => return false,
                },
            }
        }
        self.toks.get(p..).is_some_and(|rest| rest.iter().all(|t| *t == Tok::Any))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_globs_ignore_case() {
        let g = Glob::action("s3:Get*");
        assert!(g.matches("s3:GetObject"));
        assert!(g.matches("S3:getobject"));
        assert!(g.matches("s3:Get"));
        assert!(!g.matches("s3:PutObject"));
        assert!(!g.matches("s3express:GetObject"));
        assert!(Glob::action("s3:?etObject").matches("s3:GetObject"));
        assert!(!Glob::action("s3:?GetObject").matches("s3:GetObject"));
        assert!(Glob::action("*").matches("anything:at-all"));
        assert!(Glob::action("*:*Tag*").matches("iam:TagRole"));
        assert!(!Glob::action("iam:TagRole").has_wildcard());
        for p in ["iam:TagRole", "s3:Get*", "s3:?et", "*", "", "a:b*c"] {
            assert_eq!(has_wildcard(p), Glob::action(p).has_wildcard(), "{p}");
        }
        assert!(Glob::action("s3:**Get***").matches("s3:GetObject"));
    }

    /// The plain definition, by dynamic programming: `m[i][j]` = pattern[..i] matches text[..j].
    fn reference(pattern: &[Tok], text: &[u8]) -> bool {
        let mut m = vec![vec![false; text.len() + 1]; pattern.len() + 1];
        m[0][0] = true;
        for (i, tok) in pattern.iter().enumerate() {
            for j in 0..=text.len() {
                m[i + 1][j] = match tok {
                    Tok::Any => m[i][j] || (j > 0 && m[i + 1][j - 1]),
                    Tok::One => j > 0 && m[i][j - 1],
                    Tok::Lit(l) => j > 0 && m[i][j - 1] && text[j - 1].to_ascii_lowercase() == *l,
                };
            }
        }
        m[pattern.len()][text.len()]
    }

    /// Every pattern over `a b * ?` and every text over `a b A` up to five characters.
    #[test]
    fn agrees_with_the_definition() {
        fn all(alphabet: &[u8], max: usize) -> Vec<Vec<u8>> {
            let mut out = vec![vec![]];
            let mut last = vec![vec![]];
            for _ in 0..max {
                last = last.iter().flat_map(|w| alphabet.iter().map(move |&c| [w.clone(), vec![c]].concat())).collect();
                out.extend(last.iter().cloned());
            }
            out
        }
        let texts = all(b"abA", 5);
        for p in all(b"ab*?", 5) {
            let glob = Glob::action(std::str::from_utf8(&p).unwrap());
            for t in &texts {
                assert_eq!(glob.matches(std::str::from_utf8(t).unwrap()), reference(&glob.toks, t), "{p:?} {t:?}");
            }
        }
    }

    #[test]
    fn huge_patterns_fail_fast() {
        let long = format!("*{}*", "a*".repeat(100_000));
        let g = Glob::action(&long);
        let start = std::time::Instant::now();
        for _ in 0..20_000 {
            assert!(!g.matches("s3:GetObject"));
        }
        assert!(start.elapsed().as_secs() < 2);
        assert!(Glob::action(&"*".repeat(100_000)).matches("anything"));
    }

    #[test]
    fn templates_need_a_non_empty_variable_part() {
        let g = Glob::template("aws:ResourceTag/${TagKey}", true, true);
        assert!(g.matches("aws:resourcetag/Owner"));
        assert!(!g.matches("aws:ResourceTag/"));
        let s3 = Glob::template("s3:ExistingObjectTag/<key>", true, true);
        assert!(s3.matches("s3:ExistingObjectTag/env"));
        let mid = Glob::template("codebuild:secondarySources/${id}.location", true, true);
        assert!(mid.matches("codebuild:secondarySources/src1.location"));
        assert!(!mid.matches("codebuild:secondarySources/.location"));
        assert_eq!(mid.literal_len(), "codebuild:secondarySources/.location".len());
        assert_eq!(mid.literal_prefix().collect::<Vec<u8>>(), b"codebuild:secondarysources/");
        assert_eq!(Glob::template("${A}b", true, true).literal_prefix().count(), 0);
    }

    #[test]
    fn arn_templates_are_case_sensitive() {
        let g = Glob::template("${BucketName}/${ObjectName}", false, false);
        assert!(g.matches("bucket/a/b/c"));
        assert!(!g.matches("bucket"));
        assert!(!g.matches("bucket/"));
        let star = Glob::template("/backend/${AppId}/api/*", false, false);
        assert!(star.matches("/backend/app1/api/"));
        assert!(!Glob::template("role/${Name}", false, false).matches("ROLE/x"));
        // An unclosed `${` is literal text.
        assert!(Glob::template("a${b", false, false).matches("a${b"));
        // Ending in a variable part: done once the last literal is matched with a byte to spare.
        let tail = Glob::template("${A}/x${B}", false, false);
        assert!(tail.matches("a/xb") && tail.matches("a/b/xc/d") && !tail.matches("a/x") && !tail.matches("/xb"));
        assert!(Glob::action("a*?").matches("ab") && !Glob::action("a*?").matches("a"));
        assert!(Glob::action("*?*?").matches("ab") && !Glob::action("*?*?").matches("a"));
        // A `*` followed by a literal skips ahead to it, and backtracks past a false start.
        assert!(Glob::action("*/a*/b").matches("x/a/y/b") && Glob::action("*/A").matches("x/a/y/a"));
        assert!(!Glob::action("*/a/b").matches("x/a/y/b") && !Glob::action("*x").matches("abc"));
        assert!(Glob::template("${B}/${O}", false, false).matches("data-bucket/reports/0.csv"));
    }
}
