//! `IpAddress` / `NotIpAddress` (spec/conditions.md §3.6): the policy value is an IPv4 or IPv6 address
//! with an optional CIDR prefix (default /32 and /128, host bits ignored); the request value is a bare
//! address. Families never match each other; an IPv4-mapped IPv6 address stays IPv6.

use std::net::{Ipv4Addr, Ipv6Addr};

/// An address as a 128-bit number and its family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpValue {
    pub v6: bool,
    pub bits: u128,
}

/// A CIDR range: the network address (host bits cleared) and the prefix length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpRange {
    pub v6: bool,
    pub network: u128,
    pub prefix: u8,
    /// True when no `/prefix` was written.
    pub default_prefix: bool,
    /// True when the written address had bits set past the prefix (Access Analyzer "Improve IP range").
    pub host_bits_set: bool,
}

/// Parses a request address: IPv4 dotted quad or IPv6 text; a prefix, a zone id (`%eth0`), spaces or
/// anything else make it unparseable.
pub fn parse_ip_address(text: &str) -> Option<IpValue> {
    if let Ok(v4) = text.parse::<Ipv4Addr>() {
        return Some(IpValue { v6: false, bits: u128::from(u32::from(v4)) });
    }
    text.parse::<Ipv6Addr>().ok().map(|v6| IpValue { v6: true, bits: u128::from(v6) })
}

/// Parses a policy range `address[/prefix]`.
pub fn parse_ip_range(text: &str) -> Option<IpRange> {
    let (addr_text, prefix_text) = match text.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (text, None),
    };
    let addr = parse_ip_address(addr_text)?;
    let width: u8 = if addr.v6 { 128 } else { 32 };
    let prefix = match prefix_text {
        None => width,
        // Digits only: `u8::from_str` would also take `+24`.
        Some(p) if !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) => {
            p.parse::<u8>().ok().filter(|&n| n <= width)?
        }
        Some(_) => return None,
    };
    let mask = mask(width, prefix);
    Some(IpRange {
        v6: addr.v6,
        network: addr.bits & mask,
        prefix,
        default_prefix: prefix_text.is_none(),
        host_bits_set: addr.bits & !mask != 0,
    })
}

/// The network mask of `prefix` leading ones within an address `width` bits wide (IPv4 in the low bits).
fn mask(width: u8, prefix: u8) -> u128 {
    let all = if width == 128 { u128::MAX } else { (1u128 << width) - 1 };
    all & !all.checked_shr(u32::from(prefix)).unwrap_or(0)
}

impl IpRange {
    /// Whether the address lies in the range; never across families.
    pub fn contains(&self, ip: IpValue) -> bool {
        let width = if self.v6 { 128 } else { 32 };
        self.v6 == ip.v6 && ip.bits & mask(width, self.prefix) == self.network
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(range: &str, ip: &str) -> bool {
        parse_ip_range(range).unwrap().contains(parse_ip_address(ip).unwrap())
    }

    #[test]
    fn ipv4_ranges() {
        assert!(inside("203.0.113.0/24", "203.0.113.255"));
        assert!(!inside("203.0.113.0/24", "198.51.100.1"));
        assert!(inside("203.0.113.5/24", "203.0.113.200"));
        assert!(inside("203.0.113.5", "203.0.113.5"));
        assert!(!inside("203.0.113.5", "203.0.113.6"));
        assert!(inside("0.0.0.0/0", "8.8.8.8"));
        assert!(!inside("0.0.0.0/0", "::1"));
        let r = parse_ip_range("203.0.113.5/24").unwrap();
        assert_eq!((r.network, r.prefix, r.default_prefix, r.host_bits_set), (0xcb00_7100, 24, false, true));
        assert_eq!(parse_ip_range("10.0.0.1").unwrap().prefix, 32);
    }

    #[test]
    fn ipv6_ranges() {
        assert!(inside("2001:DB8:1234:5678::/64", "2001:db8:1234:5678:abcd::1"));
        assert!(!inside("2001:DB8:1234:5678::/64", "2001:db8:1234:5679::1"));
        assert!(inside("2001:db8::1", "2001:0db8:0000::0001"));
        assert!(!inside("2001:db8::1", "2001:db8::2"));
        assert!(inside("::/0", "::ffff:203.0.113.1"));
        assert_eq!(parse_ip_range("2001:db8::/32").unwrap().prefix, 32);
        assert_eq!(parse_ip_range("2001:db8::").unwrap().prefix, 128);
    }

    #[test]
    fn families_never_cross() {
        assert!(!inside("203.0.113.0/24", "::ffff:203.0.113.1"));
        assert!(!inside("203.0.113.0/24", "2001:db8::1"));
        assert!(!inside("::/0", "203.0.113.1"));
    }

    #[test]
    fn refuses_malformed_text() {
        for bad in [
            "",
            "203.0.113.0/",
            "203.0.113.0/33",
            "203.0.113.0/+24",
            "2001:db8::/129",
            "203.0.113",
            "x/24",
            "203.0.113.0/24/1",
            "203.0.113.0 /24",
        ] {
            assert_eq!(parse_ip_range(bad), None, "{bad:?}");
        }
        for bad in ["203.0.113.1/32", "fe80::1%eth0", " 203.0.113.1", "203.0.113.01", "localhost", "2001:db8::1/128"] {
            assert_eq!(parse_ip_address(bad), None, "{bad:?}");
        }
    }
}
