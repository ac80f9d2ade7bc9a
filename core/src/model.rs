//! The VPC Lab topology model: what a user draws or what an AWS snapshot imports into.
//!
//! This is the project's own topology JSON format (`serde`), tolerant of missing fields (every list and flag has
//! the AWS default). It is *not* the AWS wire format (see [`crate::import`]) nor the share-link format
//! (see `share`, which has its own versioned DTO).
//!
//! Resources reference each other by their AWS id (`vpc-…`, `subnet-…`, `rtb-…`). A route target is an id too;
//! its kind is read from the id's prefix ([`TargetKind::of`]), exactly as the AWS console shows it.

use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, Ipv4Addr};

pub(crate) mod objects;
pub(crate) use objects::stored_ids;
pub use objects::{delta, Delta, ObjectKind};

fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}
fn is_false(b: &bool) -> bool {
    !*b
}

/// A whole diagram: every resource in every region it spans.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Topology {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Region used for resources that do not name one (hand-drawn diagrams, single-region snapshots).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vpcs: Vec<Vpc>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<Subnet>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub route_tables: Vec<RouteTable>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub internet_gateways: Vec<InternetGateway>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub egress_only_internet_gateways: Vec<InternetGateway>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nat_gateways: Vec<NatGateway>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub instances: Vec<Instance>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub network_interfaces: Vec<NetworkInterface>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<SecurityGroup>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub network_acls: Vec<NetworkAcl>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prefix_lists: Vec<PrefixList>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vpc_endpoints: Vec<VpcEndpoint>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub endpoint_services: Vec<EndpointService>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub load_balancers: Vec<LoadBalancer>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub peering_connections: Vec<PeeringConnection>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transit_gateways: Vec<TransitGateway>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transit_gateway_attachments: Vec<TgwAttachment>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transit_gateway_route_tables: Vec<TgwRouteTable>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vpn_gateways: Vec<VpnGateway>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub customer_gateways: Vec<CustomerGateway>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vpn_connections: Vec<VpnConnection>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub direct_connect_gateways: Vec<DirectConnectGateway>,
    /// AWS service resources with resource policies: S3 buckets, DynamoDB tables.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub service_resources: Vec<ServiceResource>,
    /// DHCP option sets (`describe-dhcp-options`), referenced by [`Vpc::dhcp_options_id`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dhcp_options: Vec<DhcpOptions>,
}

/// A DHCP option set (`aws ec2 describe-dhcp-options`): what a VPC's instances are told at boot. Data only: the
/// values are kept as AWS prints them (`AmazonProvidedDNS` is a valid name server). DNS resolution asks
/// [`Topology::custom_dns`], which reads them (DNS-07).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DhcpOptions {
    /// `dopt-…`.
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `domain-name`: the search domain(s), space-separated as AWS keeps them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain_name: Option<String>,
    /// `domain-name-servers`: IP addresses or `AmazonProvidedDNS`, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub domain_name_servers: Vec<String>,
    /// `ntp-servers`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ntp_servers: Vec<String>,
    /// `netbios-name-servers`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub netbios_name_servers: Vec<String>,
    /// `netbios-node-type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub netbios_node_type: Option<String>,
    /// `ipv6-address-preferred-lease-time` (seconds, as printed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipv6_address_preferred_lease_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// Whether the custom servers forward queries for AWS names (and the VPC's private zones) to the Route 53
    /// Resolver. Only then do interface endpoints' private DNS names and private hosted zones resolve (DNS-07).
    /// Not in AWS's output (it is how the servers are set up): false on import.
    #[serde(skip_serializing_if = "is_false")]
    pub forwards_to_resolver: bool,
}

/// Who answers a VPC's DNS queries, when it is not the Route 53 Resolver itself (DNS-07).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomDns {
    /// The servers, as the DHCP options (or the VPC's legacy `dns_servers`) name them.
    pub servers: Vec<String>,
    /// The DHCP option set they come from, if any.
    pub dhcp_options_id: Option<String>,
    /// They forward AWS names to the Route 53 Resolver (private DNS of endpoints, private hosted zones).
    pub forwards_to_resolver: bool,
}

impl Topology {
    /// The custom DNS servers of a VPC, or `None` when the Route 53 Resolver answers (AmazonProvidedDNS).
    /// A DHCP option set decides; a VPC without one falls back to its own `dns_servers` (taken to forward to the
    /// Resolver, as before option sets were modelled).
    pub fn custom_dns(&self, vpc: &Vpc) -> Option<CustomDns> {
        let dopt = vpc
            .dhcp_options_id
            .as_deref()
            .and_then(|id| self.dhcp_options.iter().find(|d| d.id == id));
        if let Some(d) = dopt {
            let first = d.domain_name_servers.first()?;
            if first.eq_ignore_ascii_case("AmazonProvidedDNS") {
                return None;
            }
            return Some(CustomDns {
                servers: d.domain_name_servers.clone(),
                dhcp_options_id: Some(d.id.clone()),
                forwards_to_resolver: d.forwards_to_resolver,
            });
        }
        (!vpc.dns_servers.is_empty()).then(|| CustomDns {
            servers: vpc.dns_servers.iter().map(|s| s.to_string()).collect(),
            dhcp_options_id: None,
            forwards_to_resolver: true,
        })
    }
}

/// A resource of an AWS service that a flow can target by name, with its resource policy (a bucket policy, a
/// DynamoDB resource policy).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceResource {
    /// `s3` or `dynamodb`.
    pub service: String,
    /// Bucket or table name.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The resource policy (JSON); `None` = no resource policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<serde_json::Value>,
}

/// VPC Block Public Access mode (IGW-05).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockPublicAccess {
    #[default]
    Off,
    /// Blocks internet traffic in both directions through the IGW/EIGW.
    Bidirectional,
    /// Blocks inbound only; NAT/egress-only traffic still leaves.
    IngressOnly,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vpc {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// IPv4 and IPv6 CIDR blocks; the first IPv4 block is the primary one (DNS resolver at base + 2).
    #[serde(default)]
    pub cidr_blocks: Vec<IpNet>,
    /// DNS-02: a new non-default VPC has enableDnsSupport = true …
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enable_dns_support: bool,
    /// … and enableDnsHostnames = false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub enable_dns_hostnames: bool,
    #[serde(default, skip_serializing_if = "is_default_bpa")]
    pub block_public_access: BlockPublicAccess,
    /// Custom DNS servers from the DHCP options; empty means AmazonProvidedDNS.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dns_servers: Vec<IpAddr>,
    /// The DHCP option set associated with the VPC (`describe-vpcs` `DhcpOptionsId`); its domain-name servers
    /// decide who answers the VPC's DNS queries (DNS-07). `None`, or a set naming only `AmazonProvidedDNS`, is the
    /// Route 53 Resolver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dhcp_options_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
}

fn is_default_bpa(b: &BlockPublicAccess) -> bool {
    *b == BlockPublicAccess::Off
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Availability zone name, e.g. `us-east-1a`. The region of the subnet follows from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub az: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub az_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<IpNet>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_cidr_block: Option<IpNet>,
}

/// A route table: the main table of its VPC, and/or explicitly associated with subnets or gateways (edge
/// association: a gateway route table on an IGW or VGW).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteTable {
    pub id: String,
    pub vpc_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub main: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnet_ids: Vec<String>,
    /// Edge associations (IGW or VGW ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gateway_ids: Vec<String>,
    /// VGWs whose routes propagate into this table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub propagating_vgws: Vec<String>,
    #[serde(default)]
    pub routes: Vec<Route>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    Cidr(IpNet),
    PrefixList(String),
}

impl std::fmt::Display for Destination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Destination::Cidr(c) => write!(f, "{c}"),
            Destination::PrefixList(p) => f.write_str(p),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteState {
    #[default]
    Active,
    Blackhole,
}

/// Where a route came from, which decides priority among equally specific routes (RT-04).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum RouteOrigin {
    /// `CreateRouteTable` (the local route) or `CreateRoute`.
    #[default]
    Static,
    /// Propagated from Direct Connect BGP.
    PropagatedDx,
    /// Propagated from a VPN's static routes.
    PropagatedVpnStatic,
    /// Propagated from a VPN's BGP session (`EnableVgwRoutePropagation` when the source is unknown).
    #[serde(alias = "propagated")]
    PropagatedVpnBgp,
}

impl RouteOrigin {
    pub fn is_propagated(self) -> bool {
        self != RouteOrigin::Static
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    /// `{"cidr": "0.0.0.0/0"}` or `{"prefix_list": "pl-63a5400a"}`.
    pub destination: Destination,
    /// `local` or the id of the target (`igw-`, `eigw-`, `nat-`, `vpce-`, `pcx-`, `tgw-`, `vgw-`, `eni-`, `i-`).
    pub target: String,
    #[serde(default, skip_serializing_if = "is_active")]
    pub state: RouteState,
    #[serde(default, skip_serializing_if = "is_static")]
    pub origin: RouteOrigin,
}

fn is_active(s: &RouteState) -> bool {
    *s == RouteState::Active
}
fn is_static(o: &RouteOrigin) -> bool {
    *o == RouteOrigin::Static
}

/// The kind of a route target, read from its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetKind {
    Local,
    InternetGateway,
    EgressOnlyInternetGateway,
    NatGateway,
    VpcEndpoint,
    PeeringConnection,
    TransitGateway,
    VirtualPrivateGateway,
    NetworkInterface,
    Instance,
    /// Local gateway, carrier gateway, core network, … — modelled as unsupported hops.
    Other,
}

impl TargetKind {
    /// ```
    /// use vpclab_core::model::TargetKind;
    /// assert_eq!(TargetKind::of("nat-0a1b"), TargetKind::NatGateway);
    /// assert_eq!(TargetKind::of("eigw-0a1b"), TargetKind::EgressOnlyInternetGateway);
    /// assert_eq!(TargetKind::of("vpce-svc-1"), TargetKind::Other);
    /// ```
    pub fn of(id: &str) -> TargetKind {
        let prefix = id.split('-').next().unwrap_or("");
        match prefix {
            "local" => TargetKind::Local,
            "igw" => TargetKind::InternetGateway,
            "eigw" => TargetKind::EgressOnlyInternetGateway,
            "nat" => TargetKind::NatGateway,
            "vpce" if !id.starts_with("vpce-svc-") => TargetKind::VpcEndpoint,
            "pcx" => TargetKind::PeeringConnection,
            "tgw" => TargetKind::TransitGateway,
            "vgw" => TargetKind::VirtualPrivateGateway,
            "eni" => TargetKind::NetworkInterface,
            "i" => TargetKind::Instance,
            _ => TargetKind::Other,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InternetGateway {
    pub id: String,
    /// The attached VPC; `None` when detached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NatConnectivity {
    #[default]
    Public,
    Private,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AvailabilityMode {
    #[default]
    Zonal,
    Regional,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NatGateway {
    pub id: String,
    /// The subnet of a zonal NAT gateway. A regional NAT gateway has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    /// Needed for regional NAT gateways (no subnet); otherwise follows from the subnet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub connectivity: NatConnectivity,
    #[serde(default, skip_serializing_if = "is_default")]
    pub availability_mode: AvailabilityMode,
    /// AZs a regional NAT gateway is registered in (NAT-06/NAT-07).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub azs: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<Ipv4Addr>,
    /// The Elastic IP of a public NAT gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Ipv4Addr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eni_id: Option<String>,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// An EC2 instance. Its interfaces are `network_interface_ids`; a hand-drawn instance may instead give its
/// primary interface inline (`subnet_id`, `private_ip`, …), which the engine treats as that interface.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Instance {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub network_interface_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<IpAddr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Ipv4Addr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ipv6_addresses: Vec<IpAddr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub source_dest_check: bool,
}

/// What an ENI belongs to (its `InterfaceType` / requester).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterfaceKind {
    #[default]
    Interface,
    NatGateway,
    VpcEndpoint,
    GatewayLoadBalancerEndpoint,
    LoadBalancer,
    TransitGateway,
    Lambda,
    Other,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkInterface {
    pub id: String,
    pub subnet_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "is_default")]
    pub kind: InterfaceKind,
    /// Private IPv4 addresses (primary first) and IPv6 addresses.
    pub private_ips: Vec<IpAddr>,
    /// Public IPv4 or Elastic IP associated with the primary private address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Ipv4Addr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub source_dest_check: bool,
    /// Instance id, NAT gateway id, VPC endpoint id, load balancer name, TGW attachment id … that owns it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attached_to: Option<String>,
}

/// One security-group rule (an `IpPermission`): a protocol, a port range and any number of peers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SgRule {
    /// `-1` (all), a name (`tcp`, `udp`, `icmp`, `icmpv6`) or a protocol number.
    pub protocol: String,
    /// For tcp/udp, the port range; for icmp, the type (`from_port`) and code (`to_port`); `-1` or absent = all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cidrs: Vec<IpNet>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prefix_list_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecurityGroup {
    pub id: String,
    pub vpc_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub ingress: Vec<SgRule>,
    pub egress: Vec<SgRule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleAction {
    Allow,
    Deny,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NaclEntry {
    pub rule_number: u32,
    #[serde(default, skip_serializing_if = "is_false")]
    pub egress: bool,
    /// `-1` (all), a name or a protocol number.
    pub protocol: String,
    pub action: RuleAction,
    pub cidr: IpNet,
    /// Inclusive port range for tcp/udp; absent = all ports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_range: Option<(u16, u16)>,
    /// ICMP type and code; absent or -1 = all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp_type: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp_code: Option<i32>,
}

impl NaclEntry {
    /// AWS's own catch-all `*` deny as `describe-network-acls` lists it: rule 32767 for IPv4 (`0.0.0.0/0`) and
    /// rule 32768 for IPv6 (`::/0`), protocol `-1`, deny (NACL-08). Implicit in AWS: never declared, never
    /// exported, never counted against the rule quota.
    pub fn is_default_deny(&self) -> bool {
        let number_fits = match self.rule_number {
            32767 => true,
            32768 => self.cidr.addr().is_ipv6(),
            _ => false,
        };
        number_fits
            && self.action == RuleAction::Deny
            && self.cidr.prefix_len() == 0
            && self.protocol.trim() == "-1"
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkAcl {
    pub id: String,
    pub vpc_id: String,
    /// The VPC's default NACL: used by subnets with no explicit association.
    #[serde(skip_serializing_if = "is_false")]
    pub default: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subnet_ids: Vec<String>,
    pub entries: Vec<NaclEntry>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PrefixList {
    pub id: String,
    /// `com.amazonaws.<region>.<service>` for AWS-managed lists.
    pub name: String,
    pub cidrs: Vec<IpNet>,
    /// AWS-managed (cannot be edited, GE-27) or customer-managed.
    #[serde(skip_serializing_if = "is_false")]
    pub aws_managed: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndpointKind {
    #[default]
    Gateway,
    Interface,
    GatewayLoadBalancer,
    Resource,
    ServiceNetwork,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IpAddressType {
    #[default]
    Ipv4,
    Ipv6,
    Dualstack,
}

/// The lifecycle state of an endpoint (parsed case-insensitively from AWS output).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EndpointState {
    #[default]
    Available,
    PendingAcceptance,
    Pending,
    Rejected,
    Failed,
    Expired,
    Deleting,
    Other(String),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VpcEndpoint {
    pub id: String,
    pub vpc_id: String,
    /// `com.amazonaws.<region>.<service>` or `com.amazonaws.vpce.<region>.vpce-svc-…`.
    pub service_name: String,
    pub kind: EndpointKind,
    #[serde(skip_serializing_if = "is_default")]
    pub state: EndpointState,
    /// Gateway endpoints: the associated route tables.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub route_table_ids: Vec<String>,
    /// Interface / GWLB endpoints: one subnet per AZ.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subnet_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub network_interface_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub private_dns_enabled: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub private_dns_only_for_inbound_resolver_endpoint: bool,
    #[serde(skip_serializing_if = "is_default")]
    pub ip_address_type: IpAddressType,
    /// `ipv4`, `ipv6`, `dualstack` or `service-defined`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dns_record_ip_type: Option<String>,
    /// The endpoint policy document (JSON). `None` = the default full-access policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<serde_json::Value>,
    /// Cross-Region interface endpoints: the service's Region (CR-01).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_region: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dns_names: Vec<String>,
}

/// The provider side of PrivateLink: an NLB- or GWLB-backed endpoint service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EndpointService {
    pub id: String,
    pub service_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `Interface` (NLB) or `GatewayLoadBalancer`.
    pub kind: EndpointKind,
    pub acceptance_required: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub load_balancer_arns: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub availability_zones: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed_principals: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub supported_regions: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_dns_name: Option<String>,
    /// `amazon` for AWS services, else the provider's account id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoadBalancer {
    /// ARN (or name, for hand-drawn diagrams).
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `network`, `gateway` or `application`.
    pub kind: String,
    pub vpc_id: String,
    pub subnet_ids: Vec<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub internet_facing: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub cross_zone: bool,
    /// Listener ports (tcp/udp).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub listener_ports: Vec<u16>,
    /// Target instance ids / IPs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PeeringConnection {
    pub id: String,
    pub requester_vpc_id: String,
    pub accepter_vpc_id: String,
    /// CIDRs of each side as the peering reports them (needed when the peer VPC is in another account and not
    /// part of the snapshot).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requester_cidrs: Vec<IpNet>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accepter_cidrs: Vec<IpNet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requester_region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepter_region: Option<String>,
    /// `active`, `pending-acceptance`, `rejected`, `deleted`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The requester side's `AllowDnsResolutionFromRemoteVpc`: the accepter VPC resolves the requester's public
    /// EC2 hostnames to private addresses (PCX-05).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub requester_dns_resolution: bool,
    /// The accepter side's option: the requester VPC resolves the accepter's hostnames privately (PCX-05).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub accepter_dns_resolution: bool,
}

impl PeeringConnection {
    /// Whether it carries traffic: `active`, or no status at all (a hand-drawn diagram).
    pub fn is_active(&self) -> bool {
        self.status
            .as_deref()
            .is_none_or(|s| s.eq_ignore_ascii_case("active"))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TransitGateway {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_route_table_id: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TgwAttachmentKind {
    #[default]
    Vpc,
    Vpn,
    DirectConnectGateway,
    Peering,
    Connect,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TgwAttachment {
    pub id: String,
    pub transit_gateway_id: String,
    pub kind: TgwAttachmentKind,
    /// VPC id, VPN connection id, DX gateway id or peer TGW id.
    pub resource_id: String,
    /// VPC attachments: one subnet per AZ in which the TGW has an ENI.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subnet_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TgwRoute {
    pub cidr: IpNet,
    /// Empty for a blackhole route.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachment_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "is_active")]
    pub state: RouteState,
    #[serde(default, skip_serializing_if = "is_false")]
    pub propagated: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TgwRouteTable {
    pub id: String,
    pub transit_gateway_id: String,
    /// Attachments associated with this table (their traffic is routed by it).
    pub associations: Vec<String>,
    /// Attachments that propagate their routes (VPC CIDRs, VPN routes) into this table.
    pub propagations: Vec<String>,
    pub routes: Vec<TgwRoute>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VpnGateway {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asn: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerGateway {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<Ipv4Addr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bgp_asn: Option<u64>,
}

/// A Site-to-Site VPN connection: on-premises networks reached through a VGW or a TGW.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VpnConnection {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpn_gateway_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transit_gateway_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_gateway_id: Option<String>,
    pub static_routes_only: bool,
    /// Static routes: on-premises CIDRs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub static_routes: Vec<IpNet>,
    /// CIDRs the customer gateway advertises over BGP (not in AWS output; set by hand or by a lesson).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bgp_routes: Vec<IpNet>,
    /// AWS-side tunnel outside addresses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tunnel_outside_ips: Vec<Ipv4Addr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// A Direct Connect gateway with the on-premises CIDRs it advertises, attached to VGWs or TGWs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DirectConnectGateway {
    pub id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vpn_gateway_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transit_gateway_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub onprem_cidrs: Vec<IpNet>,
}

impl Topology {
    /// Parse the project's own topology JSON.
    pub fn from_json(text: &str) -> Result<Topology, serde_json::Error> {
        crate::json::from_str(text)
    }

    /// Pretty JSON, stable field order.
    pub fn to_json(&self) -> String {
        crate::json::to_string_pretty(self).expect("the topology model always serialises")
    }

    /// The region of a VPC: its own, or the region of one of its subnets' AZs, or the topology default.
    pub fn vpc_region(&self, vpc: &Vpc) -> Option<String> {
        if let Some(r) = &vpc.region {
            return Some(r.clone());
        }
        self.subnets
            .iter()
            .filter(|s| s.vpc_id == vpc.id)
            .find_map(|s| s.az.as_deref().map(region_of_az))
            .or_else(|| self.region.clone())
    }
}

/// `us-east-1a` → `us-east-1`; local zones (`us-west-2-lax-1a`) → `us-west-2`.
///
/// ```
/// assert_eq!(vpclab_core::model::region_of_az("us-east-1a"), "us-east-1");
/// assert_eq!(vpclab_core::model::region_of_az("us-west-2-lax-1a"), "us-west-2");
/// ```
pub fn region_of_az(az: &str) -> String {
    // Region names are `<area>-<direction>-<n>` (three dash-separated parts, optionally with a `gov` part).
    let parts: Vec<&str> = az.split('-').collect();
    let n = if parts.get(1) == Some(&"gov") { 4 } else { 3 };
    if parts.len() >= n {
        let mut region = parts[..n].join("-");
        while region.ends_with(|c: char| c.is_ascii_alphabetic()) {
            region.pop();
        }
        region
    } else {
        az.trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .to_string()
    }
}
