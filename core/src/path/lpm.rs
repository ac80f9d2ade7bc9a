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
        Lpm { v4: PrefixMap::new(), v6: PrefixMap::new() }
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
                self.v4.get_lpm(&key).map(|(p, v)| (IpNet::V4(p), v.as_slice()))
            }
            IpAddr::V6(a) => {
                let key = Ipv6Net::new(a, 128).ok()?;
                self.v6.get_lpm(&key).map(|(p, v)| (IpNet::V6(p), v.as_slice()))
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
