//! `BinaryEquals` (spec/conditions.md §3.5): both sides are base64 (standard alphabet of RFC 4648,
//! padding optional by convention); the decoded bytes are compared. Our own small decoder, streaming, so
//! a comparison allocates nothing.

/// The 6-bit value of a base64 character of the standard alphabet.
fn sextet(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// The data characters of `text` (padding removed) when it is valid base64: correct padding if any
/// (only at the end, making the length a multiple of four, at most two `=`), and no dangling sextet.
fn data(text: &str) -> Option<&[u8]> {
    let bytes = text.as_bytes();
    let body_len = bytes.iter().rposition(|&b| b != b'=').map_or(0, |i| i + 1);
    let (body, padding) = bytes.split_at(body_len);
    if padding.len() > 2 || (!padding.is_empty() && bytes.len() % 4 != 0) {
        return None;
    }
    if body.len() % 4 == 1 || body.iter().any(|&b| sextet(b).is_none()) {
        return None;
    }
    Some(body)
}

/// Whether the text was valid only thanks to the missing-padding convention.
pub(crate) fn is_convention(text: &str) -> bool {
    text.len() % 4 != 0
}

/// The decoded bytes of validated data characters, four characters (three bytes) at a time.
fn decode(body: &[u8]) -> impl Iterator<Item = u8> + '_ {
    body.chunks(4).flat_map(|chunk| {
        let mut acc: u32 = 0;
        for (i, &b) in chunk.iter().enumerate() {
            acc |= u32::from(sextet(b).unwrap_or(0)) << (18 - 6 * i);
        }
        let n = chunk.len().saturating_sub(1);
        let out = [(acc >> 16) as u8, (acc >> 8) as u8, acc as u8];
        out.into_iter().take(n)
    })
}

/// Decodes base64 text; `None` when it is not valid base64.
pub fn parse_base64(text: &str) -> Option<Vec<u8>> {
    data(text).map(|body| decode(body).collect())
}

/// Compares the bytes two base64 texts encode. `Err(side)` names the first text that is not base64
/// (`false` = the first argument).
pub(crate) fn base64_equal(request: &str, policy: &str) -> Result<bool, Side> {
    let x = data(request).ok_or(Side::Request)?;
    let p = data(policy).ok_or(Side::Policy)?;
    Ok(decode(x).eq(decode(p)))
}

/// Which side of a comparison could not be parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    Request,
    Policy,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_with_and_without_padding() {
        assert_eq!(parse_base64("QmluYXJ5VmFsdWVJbkJhc2U2NA==").unwrap(), b"BinaryValueInBase64");
        assert_eq!(parse_base64("QmluYXJ5VmFsdWVJbkJhc2U2NA").unwrap(), b"BinaryValueInBase64");
        assert_eq!(parse_base64("Zm9vYg==").unwrap(), b"foob");
        assert_eq!(parse_base64("Zm9vYmE=").unwrap(), b"fooba");
        assert_eq!(parse_base64("Zm9vYmFy").unwrap(), b"foobar");
        assert_eq!(parse_base64("").unwrap(), b"");
        assert_eq!(parse_base64("+/+/").unwrap(), vec![0xfb, 0xff, 0xbf]);
    }

    #[test]
    fn refuses_invalid_base64() {
        for bad in ["Zm9vY", "Zm9vYg=", "Zm9vYg===", "Zm9v Yg==", "Zm9v-_==", "Zm=9v", "=", "Z"] {
            assert_eq!(parse_base64(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn compares_bytes_not_text() {
        assert_eq!(base64_equal("Zm9vYg", "Zm9vYg=="), Ok(true));
        assert_eq!(base64_equal("Zm9vYg==", "Zm9vYmE="), Ok(false));
        assert_eq!(base64_equal("ASIAIOSFODNN7EXAMPLE", "QmluYXJ5VmFsdWVJbkJhc2U2NA=="), Ok(false));
        assert_eq!(base64_equal("not base64!", "Zg=="), Err(Side::Request));
        assert_eq!(base64_equal("Zg==", "Z"), Err(Side::Policy));
    }
}
