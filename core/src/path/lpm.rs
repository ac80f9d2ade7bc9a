//! Longest-prefix match over IPv4 and IPv6 prefixes, backed by a prefix trie (`prefix-trie`).
//!
//! Each prefix holds a list of values, because several routes can share one destination (a static route and a
//! propagated route to the same CIDR); the caller chooses among them (RT-04).

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use prefix_trie::PrefixMap;
use std::net::IpAddr;

#[derive(Clone)]
pub struct Lpm<T> {
    v4: PrefixMap<Ipv4Net, Vec<T>>,
    v6: PrefixMap<Ipv6Net, Vec<T>>,
}

impl<T> Default for Lpm<T> {
    fn default() -> Self {
        Lpm {
            v4: PrefixMap::new(),
            v6: PrefixMap::new(),
        }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Lpm<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.v4.iter().map(|(k, v)| (IpNet::V4(k), v)))
            .entries(self.v6.iter().map(|(k, v)| (IpNet::V6(k), v)))
            .finish()
    }
}

impl<T> Lpm<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add `value` under `prefix` (host bits are ignored).
    pub fn insert(&mut self, prefix: IpNet, value: T) {
        match prefix.trunc() {
            IpNet::V4(p) => self.v4.entry(p).or_default().push(value),
            IpNet::V6(p) => self.v6.entry(p).or_default().push(value),
        }
    }

    /// The most specific prefix containing `addr`, with every value stored under it.
    ///
    /// ```
    /// use vpclab_core::path::lpm::Lpm;
    /// let mut t = Lpm::new();
    /// t.insert("0.0.0.0/0".parse().unwrap(), "igw");
    /// t.insert("10.0.0.0/16".parse().unwrap(), "local");
    /// let (p, v) = t.lookup("10.0.3.4".parse().unwrap()).unwrap();
    /// assert_eq!((p.to_string(), v), ("10.0.0.0/16".to_string(), &vec!["local"][..]));
    /// assert_eq!(t.lookup("8.8.8.8".parse().unwrap()).unwrap().1, &["igw"]);
    /// assert!(t.lookup("::1".parse().unwrap()).is_none());
    /// ```
    pub fn lookup(&self, addr: IpAddr) -> Option<(IpNet, &[T])> {
        match addr {
            IpAddr::V4(a) => {
                let key = Ipv4Net::new(a, 32).ok()?;
                self.v4
                    .get_lpm(&key)
                    .map(|(p, v)| (IpNet::V4(p), v.as_slice()))
            }
            IpAddr::V6(a) => {
                let key = Ipv6Net::new(a, 128).ok()?;
                self.v6
                    .get_lpm(&key)
                    .map(|(p, v)| (IpNet::V6(p), v.as_slice()))
            }
        }
    }

    /// Every prefix (any length) that contains `addr`, most specific first.
    pub fn matches(&self, addr: IpAddr) -> Vec<(IpNet, &[T])> {
        let mut out: Vec<(IpNet, &[T])> = match addr {
            IpAddr::V4(a) => self
                .v4
                .iter()
                .filter(|(p, _)| p.contains(&a))
                .map(|(p, v)| (IpNet::V4(p), v.as_slice()))
                .collect(),
            IpAddr::V6(a) => self
                .v6
                .iter()
                .filter(|(p, _)| p.contains(&a))
                .map(|(p, v)| (IpNet::V6(p), v.as_slice()))
                .collect(),
        };
        out.sort_by_key(|(p, _)| std::cmp::Reverse(p.prefix_len()));
        out
    }

    pub fn is_empty(&self) -> bool {
        self.v4.iter().next().is_none() && self.v6.iter().next().is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::net::Ipv4Addr;

    /// The reference: scan every prefix, keep the longest that contains the address.
    fn brute_force(prefixes: &[(IpNet, usize)], addr: IpAddr) -> Option<(IpNet, Vec<usize>)> {
        let best = prefixes
            .iter()
            .filter(|(p, _)| p.contains(&addr))
            .map(|(p, _)| p.prefix_len())
            .max()?;
        let net = prefixes
            .iter()
            .find(|(p, _)| p.contains(&addr) && p.prefix_len() == best)?
            .0
            .trunc();
        let vals = prefixes
            .iter()
            .filter(|(p, _)| p.trunc() == net)
            .map(|(_, v)| *v)
            .collect();
        Some((net, vals))
    }

    fn v4_prefix() -> impl Strategy<Value = IpNet> {
        // Few distinct high bits so prefixes nest and collide often.
        (0u32..8, 0u8..=32).prop_map(|(hi, len)| {
            let addr = Ipv4Addr::from((hi << 29) | (hi << 20) | (hi << 8));
            IpNet::V4(ipnet::Ipv4Net::new(addr, len).unwrap().trunc())
        })
    }

    proptest! {
        #[test]
        fn lookup_equals_brute_force(
            prefixes in proptest::collection::vec(v4_prefix(), 0..40),
            probes in proptest::collection::vec(any::<u32>(), 1..40),
        ) {
            let tagged: Vec<(IpNet, usize)> = prefixes.iter().copied().zip(0..).collect();
            let mut lpm = Lpm::new();
            for (p, v) in &tagged {
                lpm.insert(*p, *v);
            }
            let probes = probes.into_iter().map(|x| x & 0xe010_0f0f | (x & 0x7));
            for probe in probes {
                let addr = IpAddr::V4(Ipv4Addr::from(probe));
                let got = lpm.lookup(addr).map(|(p, v)| (p, v.to_vec()));
                prop_assert_eq!(got, brute_force(&tagged, addr), "address {}", addr);
            }
        }
    }
}
