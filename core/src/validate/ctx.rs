//! The validation context: ids indexed by kind, reference checks and "which VPC is this in" helpers.

use crate::model::*;
use crate::{Diagnostic, Severity};
use ipnet::IpNet;
use std::collections::HashMap;
use std::net::IpAddr;

/// The kinds of objects a topology holds: the model's [`ObjectKind`](crate::model::ObjectKind).
pub(super) use crate::model::ObjectKind as Kind;

impl Kind {
    /// The object kind a route target id names, if it is one the topology can hold.
    pub(super) fn of_target(kind: TargetKind) -> Option<Kind> {
        Some(match kind {
            TargetKind::InternetGateway => Kind::InternetGateway,
            TargetKind::EgressOnlyInternetGateway => Kind::EgressOnlyInternetGateway,
            TargetKind::NatGateway => Kind::NatGateway,
            TargetKind::VpcEndpoint => Kind::VpcEndpoint,
            TargetKind::PeeringConnection => Kind::PeeringConnection,
            TargetKind::TransitGateway => Kind::TransitGateway,
            TargetKind::VirtualPrivateGateway => Kind::VpnGateway,
            TargetKind::NetworkInterface => Kind::NetworkInterface,
            TargetKind::Instance => Kind::Instance,
            TargetKind::Local | TargetKind::Other => return None,
        })
    }
}

/// Every id of the topology, by kind, in list order (with duplicates), for the id checks.
pub(super) fn all_ids(t: &Topology) -> Vec<(Kind, usize, &str)> {
    crate::model::stored_ids(t)
}

/// The shared state of one validation run.
pub(super) struct Ctx<'a> {
    pub t: &'a Topology,
    out: Vec<Diagnostic>,
    /// (kind, id) → index of the first object of that kind with that id.
    typed: HashMap<(Kind, &'a str), usize>,
    /// id → the kinds of the objects that have it.
    kinds: HashMap<&'a str, Vec<Kind>>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(t: &'a Topology) -> Ctx<'a> {
        let mut typed = HashMap::new();
        let mut kinds: HashMap<&str, Vec<Kind>> = HashMap::new();
        for (kind, i, id) in all_ids(t) {
            typed.entry((kind, id)).or_insert(i);
            let ks = kinds.entry(id).or_default();
            if !ks.contains(&kind) {
                ks.push(kind);
            }
        }
        Ctx {
            t,
            out: Vec::new(),
            typed,
            kinds,
        }
    }

    pub(super) fn finish(self) -> Vec<Diagnostic> {
        self.out
    }

    pub(super) fn error(
        &mut self,
        code: &str,
        subject: &str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) {
        debug_assert!(
            super::code_meaning(code).is_some(),
            "undocumented validation code {code}"
        );
        self.out
            .push(Diagnostic::error(code, subject, field, message));
    }

    pub(super) fn warning(
        &mut self,
        code: &str,
        subject: &str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) {
        debug_assert!(
            super::code_meaning(code).is_some(),
            "undocumented validation code {code}"
        );
        self.out
            .push(Diagnostic::warning(code, subject, field, message));
    }

    pub(super) fn emit(
        &mut self,
        severity: Severity,
        code: &str,
        subject: &str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) {
        debug_assert!(
            super::code_meaning(code).is_some(),
            "undocumented validation code {code}"
        );
        self.out
            .push(Diagnostic::new(severity, code, subject, field, message));
    }

    /// Index of the object of `kind` with this id.
    pub(super) fn index(&self, kind: Kind, id: &str) -> Option<usize> {
        self.typed.get(&(kind, id)).copied()
    }

    pub(super) fn exists(&self, kind: Kind, id: &str) -> bool {
        self.typed.contains_key(&(kind, id))
    }

    /// The kinds of the objects that have this id (empty if none).
    pub(super) fn kinds_of(&self, id: &str) -> &[Kind] {
        self.kinds.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Check that `id` names an object of `want`; report `MISSING_REFERENCE` or `REFERENCE_WRONG_KIND` (with
    /// `severity`), or `missing_code` otherwise. Returns whether the reference resolves.
    ///
    /// An id that names nothing in the topology is always a *warning*, whatever `severity`: a snapshot is often
    /// partial (one command's output, one account of several), and what it refers to may well exist outside it.
    /// An error there would hide the real ones (issue 16: one severity for every dangling reference).
    pub(super) fn reference(
        &mut self,
        subject: &str,
        field: &str,
        id: &str,
        want: Kind,
        rf: Ref,
    ) -> bool {
        if id.trim().is_empty() {
            self.emit(
                rf.severity,
                "MISSING_REFERENCE",
                subject,
                field,
                format!("no {} given", want.label()),
            );
            return false;
        }
        if self.exists(want, id) {
            return true;
        }
        if let Some(other) = self.kinds_of(id).first().copied() {
            let msg = format!(
                "`{id}` is {}, not {}",
                other.with_article(),
                want.with_article()
            );
            self.emit(rf.severity, "REFERENCE_WRONG_KIND", subject, field, msg);
        } else {
            let msg = format!("`{id}` does not exist: no {} has this id", want.label());
            self.emit(Severity::Warning, rf.missing_code, subject, field, msg);
        }
        false
    }

    /// `reference` with the defaults: an empty or wrong-kind reference is an error (a dangling one a warning).
    pub(super) fn must_ref(&mut self, subject: &str, field: &str, id: &str, want: Kind) -> bool {
        self.reference(subject, field, id, want, Ref::ERROR)
    }

    /// Report `CROSS_VPC_REFERENCE` when both VPCs are known and differ.
    pub(super) fn same_vpc(
        &mut self,
        subject: &str,
        field: &str,
        owner: Option<&str>,
        other: Option<&str>,
        what: &str,
    ) {
        if let (Some(a), Some(b)) = (owner, other) {
            if a != b && !a.is_empty() && !b.is_empty() {
                let msg = format!("{what} is in vpc `{b}`, but `{subject}` is in vpc `{a}`");
                self.error("CROSS_VPC_REFERENCE", subject, field, msg);
            }
        }
    }

    // Typed lookups.

    pub(super) fn vpc(&self, id: &str) -> Option<&'a Vpc> {
        self.index(Kind::Vpc, id).map(|i| &self.t.vpcs[i])
    }
    pub(super) fn subnet(&self, id: &str) -> Option<&'a Subnet> {
        self.index(Kind::Subnet, id).map(|i| &self.t.subnets[i])
    }
    pub(super) fn route_table(&self, id: &str) -> Option<&'a RouteTable> {
        self.index(Kind::RouteTable, id)
            .map(|i| &self.t.route_tables[i])
    }
    pub(super) fn eni(&self, id: &str) -> Option<&'a NetworkInterface> {
        self.index(Kind::NetworkInterface, id)
            .map(|i| &self.t.network_interfaces[i])
    }
    pub(super) fn instance(&self, id: &str) -> Option<&'a Instance> {
        self.index(Kind::Instance, id).map(|i| &self.t.instances[i])
    }
    pub(super) fn nat(&self, id: &str) -> Option<&'a NatGateway> {
        self.index(Kind::NatGateway, id)
            .map(|i| &self.t.nat_gateways[i])
    }
    pub(super) fn endpoint(&self, id: &str) -> Option<&'a VpcEndpoint> {
        self.index(Kind::VpcEndpoint, id)
            .map(|i| &self.t.vpc_endpoints[i])
    }
    pub(super) fn security_group(&self, id: &str) -> Option<&'a SecurityGroup> {
        self.index(Kind::SecurityGroup, id)
            .map(|i| &self.t.security_groups[i])
    }
    pub(super) fn igw(&self, id: &str) -> Option<&'a InternetGateway> {
        self.index(Kind::InternetGateway, id)
            .map(|i| &self.t.internet_gateways[i])
    }
    pub(super) fn eigw(&self, id: &str) -> Option<&'a InternetGateway> {
        self.index(Kind::EgressOnlyInternetGateway, id)
            .map(|i| &self.t.egress_only_internet_gateways[i])
    }
    pub(super) fn vgw(&self, id: &str) -> Option<&'a VpnGateway> {
        self.index(Kind::VpnGateway, id)
            .map(|i| &self.t.vpn_gateways[i])
    }
    pub(super) fn peering(&self, id: &str) -> Option<&'a PeeringConnection> {
        self.index(Kind::PeeringConnection, id)
            .map(|i| &self.t.peering_connections[i])
    }
    pub(super) fn tgw_attachment(&self, id: &str) -> Option<&'a TgwAttachment> {
        self.index(Kind::TransitGatewayAttachment, id)
            .map(|i| &self.t.transit_gateway_attachments[i])
    }

    // The VPC an object is in (None when unknown).

    pub(super) fn vpc_of_subnet(&self, id: &str) -> Option<&'a str> {
        self.subnet(id).map(|s| s.vpc_id.as_str())
    }
    pub(super) fn vpc_of_eni(&self, id: &str) -> Option<&'a str> {
        self.eni(id).and_then(|e| self.vpc_of_subnet(&e.subnet_id))
    }
    pub(super) fn vpc_of_instance(&self, id: &str) -> Option<&'a str> {
        let i = self.instance(id)?;
        if let Some(v) = i.subnet_id.as_deref().and_then(|s| self.vpc_of_subnet(s)) {
            return Some(v);
        }
        i.network_interface_ids
            .iter()
            .find_map(|e| self.vpc_of_eni(e))
    }
    pub(super) fn vpc_of_nat(&self, id: &str) -> Option<&'a str> {
        let n = self.nat(id)?;
        n.subnet_id
            .as_deref()
            .and_then(|s| self.vpc_of_subnet(s))
            .or(n.vpc_id.as_deref())
    }
    pub(super) fn vpc_of_sg(&self, id: &str) -> Option<&'a str> {
        self.security_group(id).map(|s| s.vpc_id.as_str())
    }
    pub(super) fn vpc_of_route_table(&self, id: &str) -> Option<&'a str> {
        self.route_table(id).map(|r| r.vpc_id.as_str())
    }

    /// The subnet of an instance's primary interface.
    pub(super) fn instance_subnet(&self, i: &'a Instance) -> Option<&'a Subnet> {
        if let Some(s) = i.subnet_id.as_deref().and_then(|s| self.subnet(s)) {
            return Some(s);
        }
        i.network_interface_ids
            .first()
            .and_then(|e| self.eni(e))
            .and_then(|e| self.subnet(&e.subnet_id))
    }

    /// The route table a subnet uses: its explicit association, else its VPC's main table (RT-08).
    pub(super) fn subnet_route_table(&self, subnet: &Subnet) -> Option<&'a RouteTable> {
        let rts = &self.t.route_tables;
        rts.iter()
            .find(|r| r.vpc_id == subnet.vpc_id && r.subnet_ids.contains(&subnet.id))
            .or_else(|| rts.iter().find(|r| r.main && r.vpc_id == subnet.vpc_id))
    }
}

/// How to report a reference that does not resolve.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ref {
    pub severity: Severity,
    pub missing_code: &'static str,
}

impl Ref {
    pub(super) const ERROR: Ref = Ref {
        severity: Severity::Error,
        missing_code: "DANGLING_REFERENCE",
    };
    pub(super) const WARNING: Ref = Ref {
        severity: Severity::Warning,
        missing_code: "DANGLING_REFERENCE",
    };
}

/// Both nets of one family and sharing at least one address.
pub(super) fn overlaps(a: &IpNet, b: &IpNet) -> bool {
    let (a, b) = (a.trunc(), b.trunc());
    a.contains(&b) || b.contains(&a)
}

/// `inner` lies inside `outer` (same family).
pub(super) fn within(inner: &IpNet, outer: &IpNet) -> bool {
    outer.trunc().contains(&inner.trunc())
}

pub(super) fn contains_ip(net: &IpNet, ip: &IpAddr) -> bool {
    net.trunc().contains(ip)
}

pub(super) fn is_v4(net: &IpNet) -> bool {
    matches!(net, IpNet::V4(_))
}

/// The region in a service name: `com.amazonaws.us-east-1.s3` → `us-east-1`; `com.amazonaws.vpce.eu-west-1.vpce-svc-…`
/// → `eu-west-1`.
pub(super) fn service_region(service_name: &str) -> Option<&str> {
    let mut parts = service_name.split('.');
    if parts.next()? != "com" || parts.next()? != "amazonaws" {
        return None;
    }
    let third = parts.next()?;
    if third == "vpce" {
        parts.next()
    } else {
        Some(third)
    }
}

/// The short service of an AWS service name: `com.amazonaws.us-east-1.s3` → `s3`.
pub(super) fn service_short(service_name: &str) -> &str {
    match service_region(service_name) {
        Some(region) => {
            let marker = format!(".{region}.");
            match service_name.find(&marker) {
                Some(at) => &service_name[at + marker.len()..],
                None => service_name,
            }
        }
        None => service_name,
    }
}
