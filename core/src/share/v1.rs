//! Version 1 of the share-link wire format: a DTO of the whole [`Diagram`] with short member names.
//!
//! This is *not* the model's serde form: the model may rename or add fields freely, while a v1 link must decode
//! forever. Rules for this file:
//!
//! * every member is optional on input (`#[serde(default)]`), except the few without which an item means
//!   nothing (a route's destination, a NACL entry's CIDR, a TGW route's CIDR);
//! * members equal to their default are not written (the model's defaults: AWS's defaults);
//! * unknown members are ignored (no `deny_unknown_fields`), so a link from a newer v1 writer still decodes;
//! * a new member may be added (optional, with a default); nothing may be renamed, removed or change meaning —
//!   that is a new version (`v2.rs`) and a step in `migrate.rs`. A new list of objects with ids joins the order
//!   of [`Ref`] indexes at its end, so the indexes of older links keep naming the same objects;
//! * the conversions from and to the model (`v1/convert.rs`) destructure every model struct without `..`, so a
//!   field added to the model fails to compile there until the link carries it.
//!
//! Member names are short because each costs bytes in every link; the table is in the doc of each struct. Two
//! more savings, measured on the budget diagrams of `tests/share.rs` (about 5% and 10% of the link):
//!
//! * **references are object indexes** ([`Ref`]): a member that names another object of the diagram holds the
//!   index of that object's id (a number), not the id again — ids are what users share, so each is written once;
//! * **positions sit on their objects** (`xy`): the layout position of an object is a member of the object;
//!   only positions of nodes that are no object (`internet`, a service) stay in the top-level `l` map.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, Ipv4Addr};

use ipnet::IpNet;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::diagram::{Diagram, Flow as DFlow, Layout, Point};
use crate::model as m;
use crate::path::FlowSpec;

fn is_false(b: &bool) -> bool {
    !*b
}
fn is_true(b: &bool) -> bool {
    *b
}
fn yes() -> bool {
    true
}
fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// The whole link: `t` topology, `l` positions of nodes that are not objects of the topology, `f` flows, `s`
/// selected flow (index into `f`), `pv` price-data version.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Doc {
    #[serde(rename = "t", skip_serializing_if = "is_default")]
    pub topology: Topology,
    /// Node id → `[x, y]`, for nodes that are not objects (the objects carry their own `xy`).
    #[serde(rename = "l", skip_serializing_if = "BTreeMap::is_empty")]
    pub layout: BTreeMap<String, Xy>,
    #[serde(rename = "f", skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<Flow>,
    #[serde(rename = "s", skip_serializing_if = "Option::is_none")]
    pub selected: Option<usize>,
    #[serde(rename = "pv", skip_serializing_if = "Option::is_none")]
    pub price_version: Option<String>,
}

/// A position written as `[x, y]`; whole numbers are written without a fraction (`[120,40]`, not
/// `[120.0,40.0]`), other values in the shortest form that reads back to the same `f64`. Non-finite values
/// (which JSON cannot hold) are written as 0.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Xy(pub f64, pub f64);

/// A number as JSON: whole numbers without a fraction, others in the shortest form that reads back exactly,
/// non-finite ones (which JSON cannot hold) as 0.
#[derive(Clone, Copy)]
struct Compact(f64);

impl Serialize for Compact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: every integer below is exact in an f64
        let v = self.0;
        if !v.is_finite() {
            s.serialize_i64(0)
        } else if v.fract() == 0.0 && v.abs() < EXACT {
            s.serialize_i64(v as i64)
        } else {
            s.serialize_f64(v)
        }
    }
}

fn compact_f64<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    v.map(Compact).serialize(s)
}

impl Serialize for Xy {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (Compact(self.0), Compact(self.1)).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Xy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Xy, D::Error> {
        let (x, y) = <(f64, f64)>::deserialize(d)?;
        Ok(Xy(x, y))
    }
}

/// A flow: `f` from, `t` to, `p` protocol, `n` port, `r` region, `gb` GB per month, `a` action, `rs` resource,
/// `pr` principal, `lb` label, `gbps` peak rate, `cn` connections.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Flow {
    #[serde(rename = "f", skip_serializing_if = "Ref::is_empty")]
    pub from: Ref,
    #[serde(rename = "t", skip_serializing_if = "Ref::is_empty")]
    pub to: Ref,
    #[serde(rename = "p", skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(rename = "n", skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    #[serde(rename = "r", skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(
        rename = "gb",
        skip_serializing_if = "Option::is_none",
        serialize_with = "compact_f64"
    )]
    pub gb_per_month: Option<f64>,
    #[serde(rename = "a", skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(rename = "rs", skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    #[serde(rename = "pr", skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    #[serde(rename = "lb", skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Peak rate in Gbps (capacity advisory), optional.
    #[serde(
        rename = "gbps",
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "compact_f64"
    )]
    pub gbps: Option<f64>,
    /// Simultaneous connections (capacity advisory), optional.
    #[serde(rename = "cn", default, skip_serializing_if = "Option::is_none")]
    pub connections: Option<u64>,
}

/// The topology. Lists: `v` VPCs, `s` subnets, `rt` route tables, `igw`, `eigw`, `nat`, `i` instances, `eni`,
/// `sg`, `acl`, `pl` prefix lists, `vpce` endpoints, `svc` endpoint services, `lb` load balancers, `pcx`
/// peerings, `tgw`, `tgwa` TGW attachments, `tgwrt` TGW route tables, `vgw`, `cgw`, `vpn`, `dxgw`, `res`
/// service resources; `n` name, `r` region. Every object with an id has `id` and `xy` (its position).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Topology {
    #[serde(rename = "n", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "r", skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(rename = "v", skip_serializing_if = "Vec::is_empty")]
    pub vpcs: Vec<Vpc>,
    #[serde(rename = "s", skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<Subnet>,
    #[serde(rename = "rt", skip_serializing_if = "Vec::is_empty")]
    pub route_tables: Vec<RouteTable>,
    #[serde(rename = "igw", skip_serializing_if = "Vec::is_empty")]
    pub internet_gateways: Vec<InternetGateway>,
    #[serde(rename = "eigw", skip_serializing_if = "Vec::is_empty")]
    pub egress_only_internet_gateways: Vec<InternetGateway>,
    #[serde(rename = "nat", skip_serializing_if = "Vec::is_empty")]
    pub nat_gateways: Vec<NatGateway>,
    #[serde(rename = "i", skip_serializing_if = "Vec::is_empty")]
    pub instances: Vec<Instance>,
    #[serde(rename = "eni", skip_serializing_if = "Vec::is_empty")]
    pub network_interfaces: Vec<NetworkInterface>,
    #[serde(rename = "sg", skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<SecurityGroup>,
    #[serde(rename = "acl", skip_serializing_if = "Vec::is_empty")]
    pub network_acls: Vec<NetworkAcl>,
    #[serde(rename = "pl", skip_serializing_if = "Vec::is_empty")]
    pub prefix_lists: Vec<PrefixList>,
    #[serde(rename = "vpce", skip_serializing_if = "Vec::is_empty")]
    pub vpc_endpoints: Vec<VpcEndpoint>,
    #[serde(rename = "svc", skip_serializing_if = "Vec::is_empty")]
    pub endpoint_services: Vec<EndpointService>,
    #[serde(rename = "lb", skip_serializing_if = "Vec::is_empty")]
    pub load_balancers: Vec<LoadBalancer>,
    #[serde(rename = "pcx", skip_serializing_if = "Vec::is_empty")]
    pub peering_connections: Vec<PeeringConnection>,
    #[serde(rename = "tgw", skip_serializing_if = "Vec::is_empty")]
    pub transit_gateways: Vec<TransitGateway>,
    #[serde(rename = "tgwa", skip_serializing_if = "Vec::is_empty")]
    pub transit_gateway_attachments: Vec<TgwAttachment>,
    #[serde(rename = "tgwrt", skip_serializing_if = "Vec::is_empty")]
    pub transit_gateway_route_tables: Vec<TgwRouteTable>,
    #[serde(rename = "vgw", skip_serializing_if = "Vec::is_empty")]
    pub vpn_gateways: Vec<VpnGateway>,
    #[serde(rename = "cgw", skip_serializing_if = "Vec::is_empty")]
    pub customer_gateways: Vec<CustomerGateway>,
    #[serde(rename = "vpn", skip_serializing_if = "Vec::is_empty")]
    pub vpn_connections: Vec<VpnConnection>,
    #[serde(rename = "dxgw", skip_serializing_if = "Vec::is_empty")]
    pub direct_connect_gateways: Vec<DirectConnectGateway>,
    #[serde(rename = "res", skip_serializing_if = "Vec::is_empty")]
    pub service_resources: Vec<ServiceResource>,
    /// Added after v1 shipped (optional, so every earlier link decodes unchanged).
    #[serde(rename = "dhcp", skip_serializing_if = "Vec::is_empty")]
    pub dhcp_options: Vec<DhcpOptions>,
}

/// A DHCP option set. `n` name, `dn` domain name, `dns` name servers, `ntp`, `nb` NetBIOS name servers, `nbt`
/// NetBIOS node type, `v6l` IPv6 preferred lease time, `o` owner, `fw` forwards to the Route 53 Resolver.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DhcpOptions {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[serde(rename = "n", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "dn", skip_serializing_if = "Option::is_none")]
    pub domain_name: Option<String>,
    #[serde(rename = "dns", skip_serializing_if = "Vec::is_empty")]
    pub domain_name_servers: Vec<String>,
    #[serde(rename = "ntp", skip_serializing_if = "Vec::is_empty")]
    pub ntp_servers: Vec<String>,
    #[serde(rename = "nb", skip_serializing_if = "Vec::is_empty")]
    pub netbios_name_servers: Vec<String>,
    #[serde(rename = "nbt", skip_serializing_if = "Option::is_none")]
    pub netbios_node_type: Option<String>,
    #[serde(rename = "v6l", skip_serializing_if = "Option::is_none")]
    pub ipv6_address_preferred_lease_time: Option<String>,
    #[serde(rename = "o", skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    #[serde(rename = "fw", skip_serializing_if = "is_false")]
    pub forwards_to_resolver: bool,
}

/// `sv` service, `n` name, `r` region, `ac` account, `po` policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceResource {
    #[serde(rename = "sv", skip_serializing_if = "String::is_empty")]
    pub service: String,
    #[serde(rename = "n", skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(rename = "r", skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(rename = "ac", skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    #[serde(rename = "po", skip_serializing_if = "Option::is_none")]
    pub policy: Option<Value>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum BlockPublicAccess {
    #[default]
    #[serde(rename = "off")]
    Off,
    #[serde(rename = "bi")]
    Bidirectional,
    #[serde(rename = "in")]
    IngressOnly,
}

/// `id`, `n` name, `r` region, `c` CIDR blocks, `ds` DNS support (written only when false), `dh` DNS
/// hostnames, `bpa` block public access, `dns` DNS servers, `o` owner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Vpc {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "n", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "r", skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(rename = "c", skip_serializing_if = "Vec::is_empty")]
    pub cidr_blocks: Vec<IpNet>,
    #[serde(rename = "ds", skip_serializing_if = "is_true")]
    pub enable_dns_support: bool,
    #[serde(rename = "dh", skip_serializing_if = "is_false")]
    pub enable_dns_hostnames: bool,
    #[serde(rename = "bpa", skip_serializing_if = "is_default")]
    pub block_public_access: BlockPublicAccess,
    #[serde(rename = "dns", skip_serializing_if = "Vec::is_empty")]
    pub dns_servers: Vec<IpAddr>,
    #[serde(rename = "o", skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// Added after v1 shipped (optional, so every earlier link decodes unchanged).
    #[serde(rename = "dhcp", skip_serializing_if = "Option::is_none")]
    pub dhcp_options_id: Option<String>,
}

impl Default for Vpc {
    fn default() -> Vpc {
        Vpc {
            id: String::new(),
            xy: None,
            name: None,
            region: None,
            cidr_blocks: Vec::new(),
            enable_dns_support: true,
            enable_dns_hostnames: false,
            block_public_access: BlockPublicAccess::Off,
            dns_servers: Vec::new(),
            owner_id: None,
            dhcp_options_id: None,
        }
    }
}

/// `id`, `v` VPC, `n` name, `az`, `azid`, `c` CIDR, `c6` IPv6 CIDR.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Subnet {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "v", skip_serializing_if = "Ref::is_empty")]
    pub vpc_id: Ref,
    #[serde(rename = "n", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "az", skip_serializing_if = "Option::is_none")]
    pub az: Option<String>,
    #[serde(rename = "azid", skip_serializing_if = "Option::is_none")]
    pub az_id: Option<String>,
    #[serde(rename = "c", skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<IpNet>,
    #[serde(rename = "c6", skip_serializing_if = "Option::is_none")]
    pub ipv6_cidr_block: Option<IpNet>,
}

/// `id`, `v` VPC, `n` name, `m` main, `s` subnets, `g` edge-associated gateways, `pg` propagating VGWs,
/// `r` routes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RouteTable {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "v", skip_serializing_if = "Ref::is_empty")]
    pub vpc_id: Ref,
    #[serde(rename = "n", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "m", skip_serializing_if = "is_false")]
    pub main: bool,
    #[serde(rename = "s", skip_serializing_if = "Vec::is_empty")]
    pub subnet_ids: Vec<Ref>,
    #[serde(rename = "g", skip_serializing_if = "Vec::is_empty")]
    pub gateway_ids: Vec<Ref>,
    #[serde(rename = "pg", skip_serializing_if = "Vec::is_empty")]
    pub propagating_vgws: Vec<Ref>,
    #[serde(rename = "r", skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<Route>,
}

/// A route destination: a CIDR string, or `{"pl": "pl-…"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Destination {
    Cidr(IpNet),
    PrefixList { pl: Ref },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RouteState {
    #[default]
    #[serde(rename = "a")]
    Active,
    #[serde(rename = "bh")]
    Blackhole,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RouteOrigin {
    #[default]
    #[serde(rename = "s")]
    Static,
    #[serde(rename = "dx")]
    PropagatedDx,
    #[serde(rename = "vs")]
    PropagatedVpnStatic,
    #[serde(rename = "vb")]
    PropagatedVpnBgp,
}

/// `d` destination (required), `t` target, `st` state, `o` origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub d: Destination,
    #[serde(rename = "t", default, skip_serializing_if = "Ref::is_empty")]
    pub target: Ref,
    #[serde(rename = "st", default, skip_serializing_if = "is_default")]
    pub state: RouteState,
    #[serde(rename = "o", default, skip_serializing_if = "is_default")]
    pub origin: RouteOrigin,
}

/// `id`, `v` attached VPC.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InternetGateway {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "v", skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<Ref>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum NatConnectivity {
    #[default]
    #[serde(rename = "pub")]
    Public,
    #[serde(rename = "pri")]
    Private,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AvailabilityMode {
    #[default]
    #[serde(rename = "z")]
    Zonal,
    #[serde(rename = "r")]
    Regional,
}

/// `id`, `s` subnet, `v` VPC, `cn` connectivity, `am` availability mode, `az` AZs, `ip` private IP,
/// `pip` public IP, `eni`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NatGateway {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "s", skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<Ref>,
    #[serde(rename = "v", skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<Ref>,
    #[serde(rename = "cn", skip_serializing_if = "is_default")]
    pub connectivity: NatConnectivity,
    #[serde(rename = "am", skip_serializing_if = "is_default")]
    pub availability_mode: AvailabilityMode,
    #[serde(rename = "az", skip_serializing_if = "Vec::is_empty")]
    pub azs: Vec<String>,
    #[serde(rename = "ip", skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<Ipv4Addr>,
    #[serde(rename = "pip", skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Ipv4Addr>,
    #[serde(rename = "eni", skip_serializing_if = "Option::is_none")]
    pub eni_id: Option<Ref>,
}

/// `id`, `n` name, `eni` interfaces, `s` subnet, `ip` private IP, `pip` public IP, `ip6` IPv6 addresses,
/// `sg` security groups, `sdc` source/destination check (written only when false).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Instance {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "n", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "eni", skip_serializing_if = "Vec::is_empty")]
    pub network_interface_ids: Vec<Ref>,
    #[serde(rename = "s", skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<Ref>,
    #[serde(rename = "ip", skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<IpAddr>,
    #[serde(rename = "pip", skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Ipv4Addr>,
    #[serde(rename = "ip6", skip_serializing_if = "Vec::is_empty")]
    pub ipv6_addresses: Vec<IpAddr>,
    #[serde(rename = "sg", skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<Ref>,
    #[serde(rename = "sdc", default = "yes", skip_serializing_if = "is_true")]
    pub source_dest_check: bool,
}

impl Default for Instance {
    fn default() -> Instance {
        Instance {
            id: String::new(),
            xy: None,
            name: None,
            network_interface_ids: Vec::new(),
            subnet_id: None,
            private_ip: None,
            public_ip: None,
            ipv6_addresses: Vec::new(),
            security_group_ids: Vec::new(),
            source_dest_check: true,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum InterfaceKind {
    #[default]
    #[serde(rename = "if")]
    Interface,
    #[serde(rename = "nat")]
    NatGateway,
    #[serde(rename = "vpce")]
    VpcEndpoint,
    #[serde(rename = "gwlbe")]
    GatewayLoadBalancerEndpoint,
    #[serde(rename = "lb")]
    LoadBalancer,
    #[serde(rename = "tgw")]
    TransitGateway,
    #[serde(rename = "lambda")]
    Lambda,
    #[serde(rename = "other")]
    Other,
}

/// `id`, `s` subnet, `ds` description, `k` kind, `ip` private IPs, `pip` public IP, `sg` security groups,
/// `sdc` source/destination check (written only when false), `at` attached to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkInterface {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "s", skip_serializing_if = "Ref::is_empty")]
    pub subnet_id: Ref,
    #[serde(rename = "ds", skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "k", skip_serializing_if = "is_default")]
    pub kind: InterfaceKind,
    #[serde(rename = "ip", skip_serializing_if = "Vec::is_empty")]
    pub private_ips: Vec<IpAddr>,
    #[serde(rename = "pip", skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Ipv4Addr>,
    #[serde(rename = "sg", skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<Ref>,
    #[serde(rename = "sdc", default = "yes", skip_serializing_if = "is_true")]
    pub source_dest_check: bool,
    #[serde(rename = "at", skip_serializing_if = "Option::is_none")]
    pub attached_to: Option<Ref>,
}

impl Default for NetworkInterface {
    fn default() -> NetworkInterface {
        NetworkInterface {
            id: String::new(),
            xy: None,
            subnet_id: Ref::default(),
            description: None,
            kind: InterfaceKind::Interface,
            private_ips: Vec::new(),
            public_ip: None,
            security_group_ids: Vec::new(),
            source_dest_check: true,
            attached_to: None,
        }
    }
}

/// `p` protocol, `fp`/`tp` port range, `c` CIDRs, `pl` prefix lists, `sg` security groups, `ds` description.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SgRule {
    #[serde(rename = "p", skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[serde(rename = "fp", skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    #[serde(rename = "tp", skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    #[serde(rename = "c", skip_serializing_if = "Vec::is_empty")]
    pub cidrs: Vec<IpNet>,
    #[serde(rename = "pl", skip_serializing_if = "Vec::is_empty")]
    pub prefix_list_ids: Vec<Ref>,
    #[serde(rename = "sg", skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<Ref>,
    #[serde(rename = "ds", skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `id`, `v` VPC, `n` name, `in` ingress, `out` egress.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecurityGroup {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "v", skip_serializing_if = "Ref::is_empty")]
    pub vpc_id: Ref,
    #[serde(rename = "n", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "in", skip_serializing_if = "Vec::is_empty")]
    pub ingress: Vec<SgRule>,
    #[serde(rename = "out", skip_serializing_if = "Vec::is_empty")]
    pub egress: Vec<SgRule>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleAction {
    #[default]
    #[serde(rename = "a")]
    Allow,
    #[serde(rename = "d")]
    Deny,
}

/// `n` rule number, `e` egress, `p` protocol, `a` action, `c` CIDR (required), `pr` port range, `it`/`ic` ICMP
/// type and code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NaclEntry {
    #[serde(rename = "n", default)]
    pub rule_number: u32,
    #[serde(rename = "e", default, skip_serializing_if = "is_false")]
    pub egress: bool,
    #[serde(rename = "p", default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[serde(rename = "a", default, skip_serializing_if = "is_default")]
    pub action: RuleAction,
    pub c: IpNet,
    #[serde(rename = "pr", default, skip_serializing_if = "Option::is_none")]
    pub port_range: Option<(u16, u16)>,
    #[serde(rename = "it", default, skip_serializing_if = "Option::is_none")]
    pub icmp_type: Option<i32>,
    #[serde(rename = "ic", default, skip_serializing_if = "Option::is_none")]
    pub icmp_code: Option<i32>,
}

/// `id`, `v` VPC, `df` default, `s` subnets, `e` entries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkAcl {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "v", skip_serializing_if = "Ref::is_empty")]
    pub vpc_id: Ref,
    #[serde(rename = "df", skip_serializing_if = "is_false")]
    pub default: bool,
    #[serde(rename = "s", skip_serializing_if = "Vec::is_empty")]
    pub subnet_ids: Vec<Ref>,
    #[serde(rename = "e", skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<NaclEntry>,
}

/// `id`, `n` name, `c` CIDRs, `am` AWS-managed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PrefixList {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "n", skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(rename = "c", skip_serializing_if = "Vec::is_empty")]
    pub cidrs: Vec<IpNet>,
    #[serde(rename = "am", skip_serializing_if = "is_false")]
    pub aws_managed: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndpointKind {
    #[default]
    #[serde(rename = "g")]
    Gateway,
    #[serde(rename = "i")]
    Interface,
    #[serde(rename = "gwlb")]
    GatewayLoadBalancer,
    #[serde(rename = "res")]
    Resource,
    #[serde(rename = "sn")]
    ServiceNetwork,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum IpAddressType {
    #[default]
    #[serde(rename = "4")]
    Ipv4,
    #[serde(rename = "6")]
    Ipv6,
    #[serde(rename = "ds")]
    Dualstack,
}

/// An endpoint state: a known state's name, or `~` followed by any other state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndpointState(pub m::EndpointState);

const ENDPOINT_STATES: [(&str, m::EndpointState); 7] = [
    ("available", m::EndpointState::Available),
    ("pendingAcceptance", m::EndpointState::PendingAcceptance),
    ("pending", m::EndpointState::Pending),
    ("rejected", m::EndpointState::Rejected),
    ("failed", m::EndpointState::Failed),
    ("expired", m::EndpointState::Expired),
    ("deleting", m::EndpointState::Deleting),
];

impl Serialize for EndpointState {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            m::EndpointState::Other(other) => s.serialize_str(&format!("~{other}")),
            known => {
                let name = ENDPOINT_STATES
                    .iter()
                    .find(|(_, st)| st == known)
                    .map_or("available", |(n, _)| n);
                s.serialize_str(name)
            }
        }
    }
}

impl<'de> Deserialize<'de> for EndpointState {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<EndpointState, D::Error> {
        let text = String::deserialize(d)?;
        if let Some(other) = text.strip_prefix('~') {
            return Ok(EndpointState(m::EndpointState::Other(other.to_string())));
        }
        Ok(EndpointState(
            ENDPOINT_STATES
                .iter()
                .find(|(n, _)| *n == text)
                .map_or(m::EndpointState::Other(text), |(_, st)| st.clone()),
        ))
    }
}

/// `id`, `v` VPC, `sn` service name, `k` kind, `st` state, `rt` route tables, `s` subnets, `eni`, `sg`,
/// `pd` private DNS, `pdi` private DNS only for inbound resolver endpoints, `ipt` IP address type, `dt` DNS
/// record IP type, `po` policy, `sr` service Region, `dn` DNS names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VpcEndpoint {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "v", skip_serializing_if = "Ref::is_empty")]
    pub vpc_id: Ref,
    #[serde(rename = "sn", skip_serializing_if = "String::is_empty")]
    pub service_name: String,
    #[serde(rename = "k", skip_serializing_if = "is_default")]
    pub kind: EndpointKind,
    #[serde(rename = "st", skip_serializing_if = "is_default")]
    pub state: EndpointState,
    #[serde(rename = "rt", skip_serializing_if = "Vec::is_empty")]
    pub route_table_ids: Vec<Ref>,
    #[serde(rename = "s", skip_serializing_if = "Vec::is_empty")]
    pub subnet_ids: Vec<Ref>,
    #[serde(rename = "eni", skip_serializing_if = "Vec::is_empty")]
    pub network_interface_ids: Vec<Ref>,
    #[serde(rename = "sg", skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<Ref>,
    #[serde(rename = "pd", skip_serializing_if = "is_false")]
    pub private_dns_enabled: bool,
    #[serde(rename = "pdi", skip_serializing_if = "is_false")]
    pub private_dns_only_for_inbound_resolver_endpoint: bool,
    #[serde(rename = "ipt", skip_serializing_if = "is_default")]
    pub ip_address_type: IpAddressType,
    #[serde(rename = "dt", skip_serializing_if = "Option::is_none")]
    pub dns_record_ip_type: Option<String>,
    #[serde(rename = "po", skip_serializing_if = "Option::is_none")]
    pub policy: Option<Value>,
    #[serde(rename = "sr", skip_serializing_if = "Option::is_none")]
    pub service_region: Option<String>,
    #[serde(rename = "dn", skip_serializing_if = "Vec::is_empty")]
    pub dns_names: Vec<String>,
}

/// `id`, `sn` service name, `r` region, `k` kind, `ar` acceptance required, `lb` load-balancer ARNs, `az`,
/// `ap` allowed principals, `sr` supported Regions, `pdn` private DNS name, `o` owner.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EndpointService {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "sn", skip_serializing_if = "String::is_empty")]
    pub service_name: String,
    #[serde(rename = "r", skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(rename = "k", skip_serializing_if = "is_default")]
    pub kind: EndpointKind,
    #[serde(rename = "ar", skip_serializing_if = "is_false")]
    pub acceptance_required: bool,
    #[serde(rename = "lb", skip_serializing_if = "Vec::is_empty")]
    pub load_balancer_arns: Vec<Ref>,
    #[serde(rename = "az", skip_serializing_if = "Vec::is_empty")]
    pub availability_zones: Vec<String>,
    #[serde(rename = "ap", skip_serializing_if = "Vec::is_empty")]
    pub allowed_principals: Vec<String>,
    #[serde(rename = "sr", skip_serializing_if = "Vec::is_empty")]
    pub supported_regions: Vec<String>,
    #[serde(rename = "pdn", skip_serializing_if = "Option::is_none")]
    pub private_dns_name: Option<String>,
    #[serde(rename = "o", skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// `id`, `n` name, `k` kind, `v` VPC, `s` subnets, `if` internet-facing, `cz` cross-zone, `lp` listener ports,
/// `tg` targets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoadBalancer {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "n", skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "k", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(rename = "v", skip_serializing_if = "Ref::is_empty")]
    pub vpc_id: Ref,
    #[serde(rename = "s", skip_serializing_if = "Vec::is_empty")]
    pub subnet_ids: Vec<Ref>,
    #[serde(rename = "if", skip_serializing_if = "is_false")]
    pub internet_facing: bool,
    #[serde(rename = "cz", skip_serializing_if = "is_false")]
    pub cross_zone: bool,
    #[serde(rename = "lp", skip_serializing_if = "Vec::is_empty")]
    pub listener_ports: Vec<u16>,
    #[serde(rename = "tg", skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Ref>,
}

/// `id`, `rv`/`av` requester and accepter VPC, `rc`/`ac` their CIDRs, `rr`/`ar` their Regions, `st` status,
/// `rd`/`ad` each side's DNS resolution option.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PeeringConnection {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "rv", skip_serializing_if = "Ref::is_empty")]
    pub requester_vpc_id: Ref,
    #[serde(rename = "av", skip_serializing_if = "Ref::is_empty")]
    pub accepter_vpc_id: Ref,
    #[serde(rename = "rc", skip_serializing_if = "Vec::is_empty")]
    pub requester_cidrs: Vec<IpNet>,
    #[serde(rename = "ac", skip_serializing_if = "Vec::is_empty")]
    pub accepter_cidrs: Vec<IpNet>,
    #[serde(rename = "rr", skip_serializing_if = "Option::is_none")]
    pub requester_region: Option<String>,
    #[serde(rename = "ar", skip_serializing_if = "Option::is_none")]
    pub accepter_region: Option<String>,
    #[serde(rename = "st", skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(rename = "rd", skip_serializing_if = "is_false")]
    pub requester_dns_resolution: bool,
    #[serde(rename = "ad", skip_serializing_if = "is_false")]
    pub accepter_dns_resolution: bool,
}

/// `id`, `r` region, `drt` default route table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TransitGateway {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "r", skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(rename = "drt", skip_serializing_if = "Option::is_none")]
    pub default_route_table_id: Option<Ref>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TgwAttachmentKind {
    #[default]
    #[serde(rename = "vpc")]
    Vpc,
    #[serde(rename = "vpn")]
    Vpn,
    #[serde(rename = "dxgw")]
    DirectConnectGateway,
    #[serde(rename = "peer")]
    Peering,
    #[serde(rename = "connect")]
    Connect,
}

/// `id`, `tgw`, `k` kind, `rid` resource, `s` subnets, `st` state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TgwAttachment {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "tgw", skip_serializing_if = "Ref::is_empty")]
    pub transit_gateway_id: Ref,
    #[serde(rename = "k", skip_serializing_if = "is_default")]
    pub kind: TgwAttachmentKind,
    #[serde(rename = "rid", skip_serializing_if = "Ref::is_empty")]
    pub resource_id: Ref,
    #[serde(rename = "s", skip_serializing_if = "Vec::is_empty")]
    pub subnet_ids: Vec<Ref>,
    #[serde(rename = "st", skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// `c` CIDR (required), `at` attachments, `st` state, `pg` propagated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TgwRoute {
    pub c: IpNet,
    #[serde(rename = "at", default, skip_serializing_if = "Vec::is_empty")]
    pub attachment_ids: Vec<Ref>,
    #[serde(rename = "st", default, skip_serializing_if = "is_default")]
    pub state: RouteState,
    #[serde(rename = "pg", default, skip_serializing_if = "is_false")]
    pub propagated: bool,
}

/// `id`, `tgw`, `as` associations, `pg` propagations, `r` routes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TgwRouteTable {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "tgw", skip_serializing_if = "Ref::is_empty")]
    pub transit_gateway_id: Ref,
    #[serde(rename = "as", skip_serializing_if = "Vec::is_empty")]
    pub associations: Vec<Ref>,
    #[serde(rename = "pg", skip_serializing_if = "Vec::is_empty")]
    pub propagations: Vec<Ref>,
    #[serde(rename = "r", skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<TgwRoute>,
}

/// `id`, `v` VPC, `asn`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VpnGateway {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "v", skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<Ref>,
    #[serde(rename = "asn", skip_serializing_if = "Option::is_none")]
    pub asn: Option<u64>,
}

/// `id`, `ip`, `asn`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerGateway {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "ip", skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<Ipv4Addr>,
    #[serde(rename = "asn", skip_serializing_if = "Option::is_none")]
    pub bgp_asn: Option<u64>,
}

/// `id`, `vgw`, `tgw`, `cgw`, `so` static routes only, `sr` static routes, `br` BGP routes, `ti` tunnel
/// outside IPs, `st` state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VpnConnection {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "vgw", skip_serializing_if = "Option::is_none")]
    pub vpn_gateway_id: Option<Ref>,
    #[serde(rename = "tgw", skip_serializing_if = "Option::is_none")]
    pub transit_gateway_id: Option<Ref>,
    #[serde(rename = "cgw", skip_serializing_if = "Option::is_none")]
    pub customer_gateway_id: Option<Ref>,
    #[serde(rename = "so", skip_serializing_if = "is_false")]
    pub static_routes_only: bool,
    #[serde(rename = "sr", skip_serializing_if = "Vec::is_empty")]
    pub static_routes: Vec<IpNet>,
    #[serde(rename = "br", skip_serializing_if = "Vec::is_empty")]
    pub bgp_routes: Vec<IpNet>,
    #[serde(rename = "ti", skip_serializing_if = "Vec::is_empty")]
    pub tunnel_outside_ips: Vec<Ipv4Addr>,
    #[serde(rename = "st", skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// `id`, `vgw` VGWs, `tgw` TGWs, `op` on-premises CIDRs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DirectConnectGateway {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Where the object is drawn (its layout position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xy: Option<Xy>,
    #[serde(rename = "vgw", skip_serializing_if = "Vec::is_empty")]
    pub vpn_gateway_ids: Vec<Ref>,
    #[serde(rename = "tgw", skip_serializing_if = "Vec::is_empty")]
    pub transit_gateway_ids: Vec<Ref>,
    #[serde(rename = "op", skip_serializing_if = "Vec::is_empty")]
    pub onprem_cidrs: Vec<IpNet>,
}

/// A reference to an object of the diagram: the index of its id among the ids of all objects (in the order of
/// the lists, then of the items; the first object with an id counts), written as a number — or, for a name that
/// is no object's id (`local`, an IP, an id outside the diagram), the name itself, written as a string.
///
/// A number costs a byte or two where a repeated 21-character id costs three or four, even deflated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ref {
    Index(u32),
    Name(String),
}

impl Default for Ref {
    fn default() -> Ref {
        Ref::Name(String::new())
    }
}

impl Ref {
    fn is_empty(&self) -> bool {
        matches!(self, Ref::Name(n) if n.is_empty())
    }
}

impl Serialize for Ref {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Ref::Index(i) => s.serialize_u32(*i),
            Ref::Name(n) => s.serialize_str(n),
        }
    }
}

impl<'de> Deserialize<'de> for Ref {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ref, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Ref;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object index or an id")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Ref, E> {
                u32::try_from(v)
                    .map(Ref::Index)
                    .map_err(|_| E::custom(format!("object index {v} is out of range")))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Ref, E> {
                u32::try_from(v)
                    .map(Ref::Index)
                    .map_err(|_| E::custom(format!("object index {v} is out of range")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Ref, E> {
                Ok(Ref::Name(v.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

mod convert;

pub use convert::{Dec, Enc};
