//! Every kind of object the topology holds, in one table (`collections!` below: kind → list of [`Topology`]):
//! finding an object by id, listing ids, reading and replacing an object as JSON, removing objects. Editing
//! (`edit`) and validation (`validate`) both work from it.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::*;

/// The kind of an object of the topology (the collection it lives in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectKind {
    Vpc,
    Subnet,
    RouteTable,
    InternetGateway,
    EgressOnlyInternetGateway,
    NatGateway,
    Instance,
    NetworkInterface,
    SecurityGroup,
    NetworkAcl,
    PrefixList,
    VpcEndpoint,
    EndpointService,
    LoadBalancer,
    PeeringConnection,
    TransitGateway,
    TransitGatewayAttachment,
    TransitGatewayRouteTable,
    VpnGateway,
    CustomerGateway,
    VpnConnection,
    DirectConnectGateway,
    /// An S3 bucket or DynamoDB table; its id is `<service>:<name>` (`s3:logs-bucket`).
    ServiceResource,
    /// A DHCP option set (`dopt-…`).
    DhcpOptions,
}

impl ObjectKind {
    /// Every kind, in the order of the topology's lists.
    pub const ALL: [ObjectKind; 24] = [
        ObjectKind::Vpc,
        ObjectKind::Subnet,
        ObjectKind::RouteTable,
        ObjectKind::InternetGateway,
        ObjectKind::EgressOnlyInternetGateway,
        ObjectKind::NatGateway,
        ObjectKind::Instance,
        ObjectKind::NetworkInterface,
        ObjectKind::SecurityGroup,
        ObjectKind::NetworkAcl,
        ObjectKind::PrefixList,
        ObjectKind::VpcEndpoint,
        ObjectKind::EndpointService,
        ObjectKind::LoadBalancer,
        ObjectKind::PeeringConnection,
        ObjectKind::TransitGateway,
        ObjectKind::TransitGatewayAttachment,
        ObjectKind::TransitGatewayRouteTable,
        ObjectKind::VpnGateway,
        ObjectKind::CustomerGateway,
        ObjectKind::VpnConnection,
        ObjectKind::DirectConnectGateway,
        ObjectKind::ServiceResource,
        ObjectKind::DhcpOptions,
    ];

    /// The kind's name in JSON (its serde form): `vpc`, `route-table`, `nat-gateway` …
    pub fn name(self) -> &'static str {
        match self {
            ObjectKind::Vpc => "vpc",
            ObjectKind::Subnet => "subnet",
            ObjectKind::RouteTable => "route-table",
            ObjectKind::InternetGateway => "internet-gateway",
            ObjectKind::EgressOnlyInternetGateway => "egress-only-internet-gateway",
            ObjectKind::NatGateway => "nat-gateway",
            ObjectKind::Instance => "instance",
            ObjectKind::NetworkInterface => "network-interface",
            ObjectKind::SecurityGroup => "security-group",
            ObjectKind::NetworkAcl => "network-acl",
            ObjectKind::PrefixList => "prefix-list",
            ObjectKind::VpcEndpoint => "vpc-endpoint",
            ObjectKind::EndpointService => "endpoint-service",
            ObjectKind::LoadBalancer => "load-balancer",
            ObjectKind::PeeringConnection => "peering-connection",
            ObjectKind::TransitGateway => "transit-gateway",
            ObjectKind::TransitGatewayAttachment => "transit-gateway-attachment",
            ObjectKind::TransitGatewayRouteTable => "transit-gateway-route-table",
            ObjectKind::VpnGateway => "vpn-gateway",
            ObjectKind::CustomerGateway => "customer-gateway",
            ObjectKind::VpnConnection => "vpn-connection",
            ObjectKind::DirectConnectGateway => "direct-connect-gateway",
            ObjectKind::ServiceResource => "service-resource",
            ObjectKind::DhcpOptions => "dhcp-options",
        }
    }

    /// The kind named `name` (the inverse of [`ObjectKind::name`]).
    pub fn from_name(name: &str) -> Option<ObjectKind> {
        ObjectKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// A readable name: "VPC", "route table" …
    pub fn label(self) -> &'static str {
        match self {
            ObjectKind::Vpc => "VPC",
            ObjectKind::Subnet => "subnet",
            ObjectKind::RouteTable => "route table",
            ObjectKind::InternetGateway => "internet gateway",
            ObjectKind::EgressOnlyInternetGateway => "egress-only internet gateway",
            ObjectKind::NatGateway => "NAT gateway",
            ObjectKind::Instance => "instance",
            ObjectKind::NetworkInterface => "network interface",
            ObjectKind::SecurityGroup => "security group",
            ObjectKind::NetworkAcl => "network ACL",
            ObjectKind::PrefixList => "prefix list",
            ObjectKind::VpcEndpoint => "VPC endpoint",
            ObjectKind::EndpointService => "endpoint service",
            ObjectKind::LoadBalancer => "load balancer",
            ObjectKind::PeeringConnection => "peering connection",
            ObjectKind::TransitGateway => "transit gateway",
            ObjectKind::TransitGatewayAttachment => "transit gateway attachment",
            ObjectKind::TransitGatewayRouteTable => "transit gateway route table",
            ObjectKind::VpnGateway => "virtual private gateway",
            ObjectKind::CustomerGateway => "customer gateway",
            ObjectKind::VpnConnection => "VPN connection",
            ObjectKind::DirectConnectGateway => "Direct Connect gateway",
            ObjectKind::ServiceResource => "service resource",
            ObjectKind::DhcpOptions => "DHCP option set",
        }
    }

    /// The label with its article: "a VPC", "an internet gateway".
    pub fn with_article(self) -> String {
        let label = self.label();
        let article = if label.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {label}")
    }
}

/// An object with an id.
pub(crate) trait HasId {
    fn object_id(&self) -> String;
    fn is(&self, id: &str) -> bool;
    /// The id as stored, when the object has one (a service resource's id is made of two fields).
    fn stored_id(&self) -> Option<&str>;
}

macro_rules! has_id {
    ($($t:ty),*) => {$(
        impl HasId for $t {
            fn object_id(&self) -> String {
                self.id.clone()
            }
            fn is(&self, id: &str) -> bool {
                self.id == id
            }
            fn stored_id(&self) -> Option<&str> {
                Some(&self.id)
            }
        }
    )*};
}

has_id!(
    Vpc,
    Subnet,
    RouteTable,
    InternetGateway,
    NatGateway,
    Instance,
    NetworkInterface,
    SecurityGroup,
    NetworkAcl,
    PrefixList,
    VpcEndpoint,
    EndpointService,
    LoadBalancer,
    PeeringConnection,
    TransitGateway,
    TgwAttachment,
    TgwRouteTable,
    VpnGateway,
    CustomerGateway,
    VpnConnection,
    DirectConnectGateway,
    DhcpOptions
);

impl HasId for ServiceResource {
    fn object_id(&self) -> String {
        format!("{}:{}", self.service, self.name)
    }
    fn is(&self, id: &str) -> bool {
        id.split_once(':')
            .is_some_and(|(s, n)| s == self.service && n == self.name)
    }
    fn stored_id(&self) -> Option<&str> {
        None
    }
}

fn parse_like<T: DeserializeOwned>(_: &[T], v: Value) -> Result<T, serde_json::Error> {
    crate::json::from_value(&v)
}

macro_rules! collections {
    ($($kind:ident => $field:ident),* $(,)?) => {
        impl ObjectKind {
            /// The list of [`Topology`] the kind lives in (its JSON key): `vpcs`, `route_tables` …
            pub fn collection(self) -> &'static str {
                match self {
                    $( ObjectKind::$kind => stringify!($field), )*
                }
            }

            /// How many objects of the kind `t` holds (the length of its list).
            pub fn count(self, t: &Topology) -> usize {
                match self {
                    $( ObjectKind::$kind => t.$field.len(), )*
                }
            }
        }

        /// The kind and index of the object with this id.
        pub(crate) fn find(t: &Topology, id: &str) -> Option<(ObjectKind, usize)> {
            $(
                if let Some(i) = t.$field.iter().position(|o| o.is(id)) {
                    return Some((ObjectKind::$kind, i));
                }
            )*
            None
        }

        /// Every object id, with its kind.
        pub(crate) fn all_ids(t: &Topology) -> Vec<(ObjectKind, String)> {
            let mut out = Vec::new();
            $( out.extend(t.$field.iter().map(|o| (ObjectKind::$kind, o.object_id()))); )*
            out
        }

        /// Every stored id with its kind and its index in its list, in list order, duplicates included (what
        /// validation checks; service resources, whose ids are made of two fields, are not in it).
        pub(crate) fn stored_ids(t: &Topology) -> Vec<(ObjectKind, usize, &str)> {
            let mut out = Vec::new();
            $(
                out.extend(t.$field.iter().enumerate().filter_map(|(i, o)| {
                    o.stored_id().map(|id| (ObjectKind::$kind, i, id))
                }));
            )*
            out
        }

        pub(crate) fn get_json(t: &Topology, k: ObjectKind, i: usize) -> Option<Value> {
            match k {
                $( ObjectKind::$kind => t.$field.get(i).and_then(|o| crate::json::to_value(o).ok()), )*
            }
        }

        /// Whether `v` is a valid object of kind `k`.
        pub(crate) fn parse_error(k: ObjectKind, v: &Value) -> Option<serde_json::Error> {
            let t = Topology::default();
            match k {
                $( ObjectKind::$kind => parse_like(&t.$field, v.clone()).err(), )*
            }
        }

        pub(crate) fn put_json(t: &mut Topology, k: ObjectKind, i: usize, v: Value) -> Result<(), serde_json::Error> {
            match k {
                $(
                    ObjectKind::$kind => {
                        let o = parse_like(&t.$field, v)?;
                        if let Some(slot) = t.$field.get_mut(i) {
                            *slot = o;
                        }
                        Ok(())
                    }
                )*
            }
        }

        /// Remove every object whose id is in `ids`.
        pub(crate) fn remove_all(t: &mut Topology, ids: &std::collections::HashSet<String>) {
            $( t.$field.retain(|o| !ids.contains(&o.object_id())); )*
        }

        /// The objects added, changed or removed between two versions of a topology.
        pub fn delta(before: &Topology, after: &Topology) -> Delta {
            let mut d = Delta::default();
            $(
                for o in &after.$field {
                    let id = o.object_id();
                    if before.$field.iter().find(|b| b.is(&id)) != Some(o) {
                        if let Ok(v) = crate::json::to_value(o) {
                            d.upserts.push((ObjectKind::$kind, id, v));
                        }
                    }
                }
                for b in &before.$field {
                    let id = b.object_id();
                    if !after.$field.iter().any(|o| o.is(&id)) {
                        d.removes.push((ObjectKind::$kind, id));
                    }
                }
            )*
            d
        }

        impl Delta {
            /// Make the same changes to `t`: a changed object is replaced where it stands, an added one is
            /// appended, a removed one is removed.
            pub fn apply(&self, t: &mut Topology) {
                for (k, id, v) in &self.upserts {
                    match k {
                        $(
                            ObjectKind::$kind => {
                                let Ok(o) = parse_like(&t.$field, v.clone()) else { continue };
                                match t.$field.iter_mut().find(|x| x.is(id)) {
                                    Some(slot) => *slot = o,
                                    None => t.$field.push(o),
                                }
                            }
                        )*
                    }
                }
                for (k, id) in &self.removes {
                    match k {
                        $( ObjectKind::$kind => t.$field.retain(|o| !o.is(id)), )*
                    }
                }
            }
        }
    };
}

/// What changed between two versions of a topology, object by object (see [`delta`]): to carry an edit made on
/// a part of a topology over to the whole of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Delta {
    upserts: Vec<(ObjectKind, String, Value)>,
    removes: Vec<(ObjectKind, String)>,
}

impl Delta {
    pub fn is_empty(&self) -> bool {
        self.upserts.is_empty() && self.removes.is_empty()
    }
}

collections!(
    Vpc => vpcs,
    Subnet => subnets,
    RouteTable => route_tables,
    InternetGateway => internet_gateways,
    EgressOnlyInternetGateway => egress_only_internet_gateways,
    NatGateway => nat_gateways,
    Instance => instances,
    NetworkInterface => network_interfaces,
    SecurityGroup => security_groups,
    NetworkAcl => network_acls,
    PrefixList => prefix_lists,
    VpcEndpoint => vpc_endpoints,
    EndpointService => endpoint_services,
    LoadBalancer => load_balancers,
    PeeringConnection => peering_connections,
    TransitGateway => transit_gateways,
    TransitGatewayAttachment => transit_gateway_attachments,
    TransitGatewayRouteTable => transit_gateway_route_tables,
    VpnGateway => vpn_gateways,
    CustomerGateway => customer_gateways,
    VpnConnection => vpn_connections,
    DirectConnectGateway => direct_connect_gateways,
    ServiceResource => service_resources,
    DhcpOptions => dhcp_options,
);
