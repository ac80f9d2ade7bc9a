//! Every explanation and advisory code the engine emits, with its meaning.
//!
//! Codes without a prefix are AWS Reachability Analyzer explanation codes (aws-reference §1.2), used with the
//! same meaning. Codes starting `VPCLAB_` are VPC Lab's own, for behaviours Reachability Analyzer has no code for.

/// Who defines a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// An AWS Reachability Analyzer explanation code.
    ReachabilityAnalyzer,
    /// A VPC Lab code for a blocked flow.
    VpcLab,
    /// A VPC Lab advisory: does not block the flow.
    Advisory,
}

pub const BAD_STATE: &str = "BAD_STATE";
pub const BAD_STATE_ATTACHMENT: &str = "BAD_STATE_ATTACHMENT";
pub const BAD_STATE_ROUTE: &str = "BAD_STATE_ROUTE";
pub const ELBV2_LISTENER_PORT_RESTRICTION: &str = "ELBV2_LISTENER_PORT_RESTRICTION";
pub const ELBV2_NO_TARGETS_IN_AZ: &str = "ELBV2_NO_TARGETS_IN_AZ";
pub const VPCE_SERVICE_NOT_INSTALLED_IN_AZ: &str = "VPCE_SERVICE_NOT_INSTALLED_IN_AZ";
pub const ENI_SG_RULES_MISMATCH: &str = "ENI_SG_RULES_MISMATCH";
pub const ENI_SOURCE_DEST_CHECK_RESTRICTION: &str = "ENI_SOURCE_DEST_CHECK_RESTRICTION";
pub const IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS: &str =
    "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS";
pub const IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS: &str = "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS";
pub const NGW_REQUIRES_SOURCE_IN_VPC: &str = "NGW_REQUIRES_SOURCE_IN_VPC";
pub const NO_ROUTE_TO_DESTINATION: &str = "NO_ROUTE_TO_DESTINATION";
pub const PCX_REQUIRES_ADDRESS_IN_VPC_CIDR: &str = "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR";
pub const PROTOCOL_RESTRICTION: &str = "PROTOCOL_RESTRICTION";
pub const REGIONAL_NGW_ROUTE_AZ_RESTRICTION: &str = "REGIONAL_NGW_ROUTE_AZ_RESTRICTION";
pub const SG_HAS_NO_RULES: &str = "SG_HAS_NO_RULES";
pub const SUBNET_ACL_RESTRICTION: &str = "SUBNET_ACL_RESTRICTION";
pub const TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION: &str = "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION";
pub const TGW_ATTACH_VPC_AZ_RESTRICTION: &str = "TGW_ATTACH_VPC_AZ_RESTRICTION";
pub const TGW_ROUTE_AZ_RESTRICTION: &str = "TGW_ROUTE_AZ_RESTRICTION";
pub const TGW_RTB_BAD_STATE_ROUTE: &str = "TGW_RTB_BAD_STATE_ROUTE";
pub const TGW_RTB_CANNOT_ROUTE: &str = "TGW_RTB_CANNOT_ROUTE";
pub const TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT: &str = "TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT";
pub const UNASSOCIATED_COMPONENT: &str = "UNASSOCIATED_COMPONENT";
pub const UNKNOWN_DESTINATION: &str = "UNKNOWN_DESTINATION";
pub const UNKNOWN_RESOURCE: &str = "UNKNOWN_RESOURCE";
pub const UNSUPPORTED_COMPONENT: &str = "UNSUPPORTED_COMPONENT";
pub const VPCE_GATEWAY_PROTOCOL_RESTRICTION: &str = "VPCE_GATEWAY_PROTOCOL_RESTRICTION";
pub const VPC_BLOCK_PUBLIC_ACCESS_ENABLED: &str = "VPC_BLOCK_PUBLIC_ACCESS_ENABLED";
pub const VPCLAB_DNS_NOT_FORWARDED: &str = "VPCLAB_DNS_NOT_FORWARDED";
pub const VPCLAB_CUSTOM_DNS_SERVERS: &str = "VPCLAB_CUSTOM_DNS_SERVERS";
pub const VPCLAB_CAPACITY_IGW_NO_LIMIT: &str = "VPCLAB_CAPACITY_IGW_NO_LIMIT";
pub const VPCLAB_CAPACITY_LIMIT: &str = "VPCLAB_CAPACITY_LIMIT";
pub const VPCLAB_CAPACITY_EXCEEDED: &str = "VPCLAB_CAPACITY_EXCEEDED";
pub const VPCLAB_PATH_LATENCY: &str = "VPCLAB_PATH_LATENCY";
pub const VPCLAB_EGRESS_ONLY_INBOUND: &str = "VPCLAB_EGRESS_ONLY_INBOUND";
pub const VPCLAB_ASYMMETRIC_REPLY: &str = "VPCLAB_ASYMMETRIC_REPLY";
pub const VPCLAB_AMBIGUOUS_ROUTE: &str = "VPCLAB_AMBIGUOUS_ROUTE";
pub const VPCLAB_ASSUMED_ONPREM_ENTRY: &str = "VPCLAB_ASSUMED_ONPREM_ENTRY";
pub const VPCLAB_DNS_RESOLUTION_DISABLED: &str = "VPCLAB_DNS_RESOLUTION_DISABLED";
pub const VPCLAB_DNS_PRIVATE_NAME: &str = "VPCLAB_DNS_PRIVATE_NAME";
pub const VPCLAB_S3_NAME_NOT_ON_INTERFACE_ENDPOINT: &str =
    "VPCLAB_S3_NAME_NOT_ON_INTERFACE_ENDPOINT";
pub const VPCLAB_ENDPOINT_WITHOUT_INTERFACE: &str = "VPCLAB_ENDPOINT_WITHOUT_INTERFACE";
pub const VPCLAB_GE_LIMIT_NOT_EXTENDABLE: &str = "VPCLAB_GE_LIMIT_NOT_EXTENDABLE";
pub const VPCLAB_GE_LIMIT_SAME_REGION: &str = "VPCLAB_GE_LIMIT_SAME_REGION";
pub const VPCLAB_GE_LIMIT_IP_FAMILY: &str = "VPCLAB_GE_LIMIT_IP_FAMILY";
pub const VPCLAB_GE_LIMIT_DNS: &str = "VPCLAB_GE_LIMIT_DNS";
pub const VPCLAB_GE_LIMIT_SERVICES: &str = "VPCLAB_GE_LIMIT_SERVICES";
pub const VPCLAB_CROSS_REGION_ZONAL_DNS: &str = "VPCLAB_CROSS_REGION_ZONAL_DNS";
pub const VPCLAB_CROSS_REGION_SERVICE_UNSUPPORTED: &str = "VPCLAB_CROSS_REGION_SERVICE_UNSUPPORTED";
pub const VPCLAB_SERVICE_REGION_REMOVED: &str = "VPCLAB_SERVICE_REGION_REMOVED";
pub const VPCLAB_PATH_CROSSES_REGIONS: &str = "VPCLAB_PATH_CROSSES_REGIONS";
pub const VPCLAB_SEED_PUBLIC_ENDPOINT: &str = "VPCLAB_SEED_PUBLIC_ENDPOINT";
pub const VPCLAB_ONPREM_NEEDS_INBOUND_RESOLVER: &str = "VPCLAB_ONPREM_NEEDS_INBOUND_RESOLVER";
pub const VPCLAB_NO_ENDPOINT_FOR_SERVICE: &str = "VPCLAB_NO_ENDPOINT_FOR_SERVICE";
pub const VPCLAB_ENDPOINT_POLICY_DENY: &str = "VPCLAB_ENDPOINT_POLICY_DENY";
pub const VPCLAB_RESOURCE_POLICY_DENY: &str = "VPCLAB_RESOURCE_POLICY_DENY";
pub const VPCLAB_IDENTITY_POLICY_DENY: &str = "VPCLAB_IDENTITY_POLICY_DENY";
pub const VPCLAB_POLICY_MALFORMED: &str = "VPCLAB_POLICY_MALFORMED";
pub const VPCLAB_GATEWAY_ROUTE_TARGET_UNSUPPORTED: &str = "VPCLAB_GATEWAY_ROUTE_TARGET_UNSUPPORTED";
pub const VPCLAB_NO_ADDRESS_OF_FAMILY: &str = "VPCLAB_NO_ADDRESS_OF_FAMILY";
pub const VPCLAB_EGRESS_ONLY_IPV6: &str = "VPCLAB_EGRESS_ONLY_IPV6";
pub const VPCLAB_GATEWAY_ENDPOINT_NOT_EXTENDABLE: &str = "VPCLAB_GATEWAY_ENDPOINT_NOT_EXTENDABLE";
pub const VPCLAB_NAT_UNSOLICITED_INBOUND: &str = "VPCLAB_NAT_UNSOLICITED_INBOUND";
pub const VPCLAB_NAT_WITHOUT_ADDRESS: &str = "VPCLAB_NAT_WITHOUT_ADDRESS";
pub const VPCLAB_NO_EDGE_TO_EDGE_ROUTING: &str = "VPCLAB_NO_EDGE_TO_EDGE_ROUTING";
pub const VPCLAB_NO_INTERFACE_AT_DESTINATION: &str = "VPCLAB_NO_INTERFACE_AT_DESTINATION";
pub const VPCLAB_NO_INTERNET_GATEWAY: &str = "VPCLAB_NO_INTERNET_GATEWAY";
pub const VPCLAB_NO_ONPREM_CONNECTION: &str = "VPCLAB_NO_ONPREM_CONNECTION";
pub const VPCLAB_NO_SUBNET_AT_DESTINATION: &str = "VPCLAB_NO_SUBNET_AT_DESTINATION";
pub const VPCLAB_NO_TGW_ATTACHMENT: &str = "VPCLAB_NO_TGW_ATTACHMENT";
pub const VPCLAB_PEERING_NOT_TRANSITIVE: &str = "VPCLAB_PEERING_NOT_TRANSITIVE";
pub const VPCLAB_PRIVATE_ADDRESS_ON_INTERNET: &str = "VPCLAB_PRIVATE_ADDRESS_ON_INTERNET";
pub const VPCLAB_PRIVATE_DNS_INBOUND_ONLY: &str = "VPCLAB_PRIVATE_DNS_INBOUND_ONLY";
pub const VPCLAB_PRIVATE_DNS_NEEDS_VPC_ATTRIBUTES: &str = "VPCLAB_PRIVATE_DNS_NEEDS_VPC_ATTRIBUTES";
pub const VPCLAB_PRIVATE_NAT_TO_INTERNET: &str = "VPCLAB_PRIVATE_NAT_TO_INTERNET";
pub const VPCLAB_ROUTING_LOOP: &str = "VPCLAB_ROUTING_LOOP";
pub const VPCLAB_SAME_ADDRESS: &str = "VPCLAB_SAME_ADDRESS";
pub const VPCLAB_UNKNOWN_PUBLIC_ADDRESS: &str = "VPCLAB_UNKNOWN_PUBLIC_ADDRESS";

/// Every code with its origin and meaning.
pub const ALL: &[(&str, Origin, &str)] = &[
    (BAD_STATE, Origin::ReachabilityAnalyzer, "A component (endpoint, peering connection) is not in a state that carries traffic (pendingAcceptance, rejected, failed …)."),
    (BAD_STATE_ATTACHMENT, Origin::ReachabilityAnalyzer, "A gateway or attachment is not attached to the VPC the route is in, or is not available."),
    (BAD_STATE_ROUTE, Origin::ReachabilityAnalyzer, "The matching route is a blackhole: its target no longer exists, so the packet is dropped."),
    (ELBV2_LISTENER_PORT_RESTRICTION, Origin::ReachabilityAnalyzer, "The load balancer has no listener on the destination port."),
    (ELBV2_NO_TARGETS_IN_AZ, Origin::ReachabilityAnalyzer, "The load balancer has no registered target the packet can reach."),
    (VPCE_SERVICE_NOT_INSTALLED_IN_AZ, Origin::ReachabilityAnalyzer, "The endpoint's interface is in an Availability Zone where the endpoint service is not available (ES-04, ES-10)."),
    (ENI_SG_RULES_MISMATCH, Origin::ReachabilityAnalyzer, "No rule of the interface's security groups allows the packet (SG-07)."),
    (ENI_SOURCE_DEST_CHECK_RESTRICTION, Origin::ReachabilityAnalyzer, "The route points at an instance or ENI that has source/destination check on, so it drops packets not addressed to it."),
    (IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS, Origin::ReachabilityAnalyzer, "An internet gateway does not forward to a private (RFC 1918 / RFC 6598) destination (IGW-03)."),
    (IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS, Origin::ReachabilityAnalyzer, "The source has no public IPv4 or Elastic IP address, so the internet gateway drops it (IGW-02)."),
    (NGW_REQUIRES_SOURCE_IN_VPC, Origin::ReachabilityAnalyzer, "A NAT gateway does not translate traffic that arrives over peering, VPN or Direct Connect (NAT-02)."),
    (NO_ROUTE_TO_DESTINATION, Origin::ReachabilityAnalyzer, "The route table (or VGW / VPN) has no applicable route to the destination (RT-12)."),
    (PCX_REQUIRES_ADDRESS_IN_VPC_CIDR, Origin::ReachabilityAnalyzer, "Traffic over a peering connection must be addressed to the peer VPC's CIDRs (PCX-04)."),
    (PROTOCOL_RESTRICTION, Origin::ReachabilityAnalyzer, "The component does not carry this IP protocol (a NAT gateway translates only TCP, UDP and ICMP)."),
    (REGIONAL_NGW_ROUTE_AZ_RESTRICTION, Origin::ReachabilityAnalyzer, "The regional NAT gateway is not present in the source's Availability Zone yet (NAT-06, NAT-07)."),
    (SG_HAS_NO_RULES, Origin::ReachabilityAnalyzer, "The interface's security groups have no rules in this direction (SG-02, SG-07)."),
    (SUBNET_ACL_RESTRICTION, Origin::ReachabilityAnalyzer, "The subnet's network ACL denies the packet or its reply (NACL-01, NACL-02, NACL-07)."),
    (TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION, Origin::ReachabilityAnalyzer, "The transit gateway attachment is associated with no transit gateway route table."),
    (TGW_ATTACH_VPC_AZ_RESTRICTION, Origin::ReachabilityAnalyzer, "The transit gateway cannot forward into the VPC attachment in this Availability Zone (about forwarding into a VPC; not emitted by VPC Lab)."),
    (TGW_ROUTE_AZ_RESTRICTION, Origin::ReachabilityAnalyzer, "The VPC attachment has no subnet in the source's Availability Zone, so traffic from that AZ cannot reach the transit gateway (TGW-01)."),
    (TGW_RTB_BAD_STATE_ROUTE, Origin::ReachabilityAnalyzer, "The matching transit gateway route is a blackhole."),
    (TGW_RTB_CANNOT_ROUTE, Origin::ReachabilityAnalyzer, "The transit gateway route table has no route to the destination."),
    (TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT, Origin::ReachabilityAnalyzer, "The transit gateway route points at an attachment that does not exist."),
    (UNASSOCIATED_COMPONENT, Origin::ReachabilityAnalyzer, "A VPN, Direct Connect gateway or endpoint is associated with nothing that can carry the packet."),
    (UNKNOWN_RESOURCE, Origin::ReachabilityAnalyzer, "A resource on the path (the source subnet's VPC) is not part of the topology."),
    (UNKNOWN_DESTINATION, Origin::ReachabilityAnalyzer, "The next VPC or transit gateway is not part of the topology, so the path cannot be followed further."),
    (UNSUPPORTED_COMPONENT, Origin::ReachabilityAnalyzer, "The route target is a kind VPC Lab does not model (local or carrier gateway, core network, TGW Connect)."),
    (VPCE_GATEWAY_PROTOCOL_RESTRICTION, Origin::ReachabilityAnalyzer, "A gateway endpoint carries only TCP (and ICMP echo) traffic (GE-25)."),
    (VPC_BLOCK_PUBLIC_ACCESS_ENABLED, Origin::ReachabilityAnalyzer, "VPC Block Public Access blocks the traffic through the internet gateway (IGW-05)."),
    (VPCLAB_CAPACITY_IGW_NO_LIMIT, Origin::Advisory, "The seed's \"Internet Gateway can choke\", corrected: an internet gateway is horizontally scaled, with no bandwidth constraint (IGW-07)."),
    (VPCLAB_CAPACITY_LIMIT, Origin::Advisory, "The tightest documented capacity limit on the path of a flow that carries a rate: NAT gateway, interface endpoint per AZ, VPN tunnel or TGW attachment (CAP-01..CAP-04)."),
    (VPCLAB_CAPACITY_EXCEEDED, Origin::Advisory, "The flow's rate or connections are above a documented limit on its path (CAP-01..CAP-04)."),
    (VPCLAB_PATH_LATENCY, Origin::Advisory, "What the path costs in hops and crossings (AZ crossings, internet leg, NAT or appliance hop), compared with the endpoint alternative (LAT-01)."),
    (VPCLAB_CUSTOM_DNS_SERVERS, Origin::Advisory, "Seed limit 4, the DNS half: the VPC's DHCP options name its own DNS servers; AWS names resolve only as they resolve them, and interface endpoints' private DNS is seen only if they forward to the Route 53 Resolver (DNS-07)."),
    (VPCLAB_ASYMMETRIC_REPLY, Origin::Advisory, "The reply is routed back through another gateway than the one the request came in by: an asymmetric path, not followed further (RT-13)."),
    (VPCLAB_AMBIGUOUS_ROUTE, Origin::Advisory, "Two equally preferred routes match; AWS picks one and keeps it (RT-07). The engine uses the first."),
    (VPCLAB_ASSUMED_ONPREM_ENTRY, Origin::Advisory, "The on-premises source is in no VPN route; the engine assumes it enters over the only VPN."),
    (VPCLAB_DNS_RESOLUTION_DISABLED, Origin::VpcLab, "The VPC has enableDnsSupport off, so names do not resolve (DNS-03, GE-13)."),
    (VPCLAB_DNS_PRIVATE_NAME, Origin::VpcLab, "A private EC2 hostname (ip-….ec2.internal) asked from outside any VPC: only a VPC's Route 53 Resolver answers it (DNS-05)."),
    (VPCLAB_ENDPOINT_WITHOUT_INTERFACE, Origin::VpcLab, "The interface endpoint has no network interface (no subnet), so its names have no address."),
    (VPCLAB_GE_LIMIT_NOT_EXTENDABLE, Origin::Advisory, "Gateway-endpoint limit 1: not part of the VPC, so unusable from VPN, Direct Connect, peering or a transit gateway (GE-14); use an interface endpoint (IE-12)."),
    (VPCLAB_S3_NAME_NOT_ON_INTERFACE_ENDPOINT, Origin::Advisory, "The legacy global S3 name, a website or a FIPS endpoint: S3 interface endpoints do not serve them, so they resolve publicly (IE-20)."),
    (VPCLAB_PATH_CROSSES_REGIONS, Origin::Advisory, "The path goes through VPCs of several Regions: Reachability Analyzer would not analyse it (one Region only, RA-01); VPC Lab follows it."),
    (VPCLAB_SERVICE_REGION_REMOVED, Origin::Advisory, "The endpoint service does not list the consumer's Region: the existing cross-Region endpoint keeps working, but no new one could be created (CR-06, CR-07)."),
    (VPCLAB_GE_LIMIT_SAME_REGION, Origin::Advisory, "Gateway-endpoint limit 2: serves its own Region only, because prefix lists are per Region (GE-06, GE-12)."),
    (VPCLAB_SEED_PUBLIC_ENDPOINT, Origin::Advisory, "Corrected: \"the traffic will flow through internet\" is wrong for an AWS service in the same Region. Through an internet gateway (and a NAT gateway) the path reaches the service's public endpoint but does not leave the AWS network (PUB-01); what differs from an endpoint is cost, NAT capacity, public addressing and the policy keys (PUB-02)."),
    (VPCLAB_GE_LIMIT_IP_FAMILY, Origin::Advisory, "Gateway-endpoint limit 3, corrected: not IPv4 only any more — IPv6 and dual-stack IP address types exist (GE-21, GE-22)."),
    (VPCLAB_GE_LIMIT_DNS, Origin::Advisory, "Gateway-endpoint limit 4: DNS resolution must be on, and custom DNS servers must resolve to AWS's addresses (GE-13)."),
    (VPCLAB_GE_LIMIT_SERVICES, Origin::Advisory, "Gateway-endpoint limit 5: only S3 and DynamoDB have gateway endpoints (GE-11); use an interface endpoint for other services."),
    (VPCLAB_CROSS_REGION_ZONAL_DNS, Origin::VpcLab, "A cross-Region interface endpoint answers only on its Regional DNS name, not on zonal names (CR-02)."),
    (VPCLAB_CROSS_REGION_SERVICE_UNSUPPORTED, Origin::VpcLab, "The AWS service does not support cross-Region interface endpoints (CR-01)."),
    (VPCLAB_ONPREM_NEEDS_INBOUND_RESOLVER, Origin::Advisory, "On-premises clients cannot use a VPC's Route 53 Resolver; private DNS answers reach them only through a Resolver inbound endpoint (IE-06, IE-22)."),
    (VPCLAB_NO_ENDPOINT_FOR_SERVICE, Origin::VpcLab, "The name belongs to a PrivateLink service, but the source VPC has no (private-DNS-enabled) interface endpoint to it (ES-07)."),
    (VPCLAB_ENDPOINT_POLICY_DENY, Origin::VpcLab, "The VPC endpoint's policy denies the request the flow carries (GE-20)."),
    (VPCLAB_RESOURCE_POLICY_DENY, Origin::VpcLab, "The resource policy (S3 bucket policy, DynamoDB resource policy) denies the request (GE-18, GE-19, IE-19)."),
    (VPCLAB_IDENTITY_POLICY_DENY, Origin::VpcLab, "The caller's identity policy denies the request."),
    (VPCLAB_POLICY_MALFORMED, Origin::Advisory, "A policy document is malformed; AWS would reject it, and the trace ignores it."),
    (VPCLAB_GATEWAY_ROUTE_TARGET_UNSUPPORTED, Origin::VpcLab, "A gateway route table sends traffic where AWS drops it: VGW traffic to a Gateway Load Balancer endpoint (GW-05)."),
    (VPCLAB_NO_ADDRESS_OF_FAMILY, Origin::VpcLab, "The name has no answer of the client's address family: an IPv6-only client needs a AAAA record, e.g. the service's dual-stack name (GE-22)."),
    (VPCLAB_EGRESS_ONLY_IPV6, Origin::VpcLab, "An egress-only internet gateway carries only outbound IPv6 (IGW-04)."),
    (VPCLAB_DNS_NOT_FORWARDED, Origin::VpcLab, "The name exists only in a private zone the Route 53 Resolver answers (an endpoint service's private DNS name), and the VPC's custom DNS servers do not forward to the Resolver (DNS-07)."),
    (VPCLAB_EGRESS_ONLY_INBOUND, Origin::VpcLab, "An IPv6 connection started from the internet meets an egress-only internet gateway (the only way in, or the way its reply is routed), which passes only connections started inside the VPC (IGW-04, RT-13)."),
    (VPCLAB_GATEWAY_ENDPOINT_NOT_EXTENDABLE, Origin::VpcLab, "Traffic that entered the VPC over VPN, Direct Connect, peering or a transit gateway cannot use its gateway endpoint (GE-14, PCX-03)."),
    (VPCLAB_NAT_UNSOLICITED_INBOUND, Origin::VpcLab, "A NAT gateway accepts no connection to its own address; it only forwards traffic that starts behind it."),
    (VPCLAB_NAT_WITHOUT_ADDRESS, Origin::VpcLab, "The NAT gateway has no subnet or address in the topology, so it cannot translate."),
    (VPCLAB_NO_EDGE_TO_EDGE_ROUTING, Origin::VpcLab, "Traffic that entered a VPC over a VPN, Direct Connect, transit gateway or the internet cannot leave over a peering connection, VPN or transit gateway of that VPC (PCX-03)."),
    (VPCLAB_NO_INTERFACE_AT_DESTINATION, Origin::VpcLab, "The destination address is inside a subnet but no network interface owns it."),
    (VPCLAB_NO_INTERNET_GATEWAY, Origin::VpcLab, "The destination's public address belongs to a VPC without an internet gateway."),
    (VPCLAB_NO_ONPREM_CONNECTION, Origin::VpcLab, "No VPN connection or Direct Connect gateway reaches the on-premises source."),
    (VPCLAB_NO_SUBNET_AT_DESTINATION, Origin::VpcLab, "The destination address is inside the VPC's CIDR but in none of its subnets."),
    (VPCLAB_NO_TGW_ATTACHMENT, Origin::VpcLab, "The route points at a transit gateway the VPC is not attached to."),
    (VPCLAB_PEERING_NOT_TRANSITIVE, Origin::VpcLab, "Traffic that arrived over a peering connection cannot leave over another one (PCX-01)."),
    (VPCLAB_PRIVATE_ADDRESS_ON_INTERNET, Origin::VpcLab, "A private address is not routed on the internet."),
    (VPCLAB_PRIVATE_DNS_INBOUND_ONLY, Origin::Advisory, "The interface endpoint's private DNS answers only the inbound Resolver endpoint; in-VPC clients resolve publicly (IE-22)."),
    (VPCLAB_PRIVATE_DNS_NEEDS_VPC_ATTRIBUTES, Origin::Advisory, "Private DNS needs both enableDnsSupport and enableDnsHostnames on the VPC (IE-05, DNS-03)."),
    (VPCLAB_PRIVATE_NAT_TO_INTERNET, Origin::VpcLab, "Traffic from a private NAT gateway routed to an internet gateway is dropped (NAT-01)."),
    (VPCLAB_ROUTING_LOOP, Origin::VpcLab, "The packet came back to a route table it already passed with the same header: a routing loop."),
    (VPCLAB_SAME_ADDRESS, Origin::VpcLab, "The source and the destination are the same interface."),
    (VPCLAB_UNKNOWN_PUBLIC_ADDRESS, Origin::VpcLab, "A flow from the internet targets a public address that belongs to nothing in the topology."),
];

/// The one source of what a trace's `network` means (issue 18). The CLI, the web and the lessons show these
/// texts; none of them writes its own. `network: "public"` stays in the JSON contract, but "public" means *a
/// public endpoint reached through an internet gateway*, not "the packets leave AWS": for an AWS service in the
/// same Region they do not (PUB-01, `docs/aws-reference-additions.md`).
pub mod network {
    use crate::path::{Network, Trace};

    /// The documentation sentence the public-path texts rest on (PUB-01).
    pub const AWS_QUOTE: &str = "While traffic to Amazon S3 or DynamoDB traverses the internet gateway, it does not leave the AWS network.";
    /// Where [`AWS_QUOTE`] is published.
    pub const AWS_QUOTE_URL: &str =
        "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html";

    /// A private path.
    pub const PRIVATE: &str = "Private: the flow uses no internet gateway; it goes through a VPC endpoint, peering, a transit gateway, a VPN or Direct Connect. (Through a gateway endpoint the client still addresses the service's public IPs, and the route table sends them to the endpoint: DNS-06, GE-05.)";
    /// A public path to an AWS service: what really differs from a VPC endpoint.
    pub const PUBLIC_AWS_SERVICE: &str = "Public endpoint: the flow reaches the service's public endpoint (public addresses) through the VPC's internet gateway, from a private subnet through a NAT gateway first. For a service in the same Region the packets stay on the AWS network: \"While traffic to Amazon S3 or DynamoDB traverses the internet gateway, it does not leave the AWS network\" (PUB-01). What differs from a VPC endpoint: the VPC needs an internet gateway, and a NAT gateway for private subnets; every GB pays NAT processing and shares the NAT gateway's capacity (NAT-04, NAT-09); the request comes from a public address, not a private one; and a bucket policy cannot pin it with aws:SourceVpce or aws:SourceVpc, which exist only on requests through an endpoint (PUB-02).";
    /// A public path to anything else.
    pub const PUBLIC_INTERNET: &str = "Public: the flow goes through an internet gateway to a public address. Traffic to a destination on the internet leaves the AWS network (PUB-03); traffic to an AWS service's public endpoint in the same Region does not (PUB-01).";
    /// The seed's claim, corrected (shown where a learner meets it, like the "IPv4 only" limit).
    pub const SEED_CORRECTION: &str = "Corrected: a common guide says that without an endpoint \"the traffic will flow through internet\". For an AWS service in the same Region it does not: the path goes through the internet gateway to the service's public endpoint, but \"it does not leave the AWS network\" (PUB-01). The reasons for an endpoint are the cost and capacity of the NAT gateway, public addressing, and policies that can pin the path (PUB-02).";

    /// The one-line verdict for a trace: `reachable over a private path` …
    ///
    /// ```
    /// use vpclab_core::{codes::network::headline, Network};
    /// assert_eq!(headline(true, Some(Network::Public)), "reachable through an internet gateway (network: public)");
    /// ```
    pub fn headline(reachable: bool, network: Option<Network>) -> &'static str {
        match (reachable, network) {
            (true, Some(Network::Private)) => "reachable over a private path (network: private)",
            (true, Some(Network::Public)) => {
                "reachable through an internet gateway (network: public)"
            }
            (true, None) => "reachable",
            (false, _) => "not reachable",
        }
    }

    /// The short label of a public path to an AWS service (PUB-01): the flow list's badge, the diagram's legend.
    pub const LABEL_PUBLIC_ENDPOINT: &str = "public endpoint";
    /// The short label of a public path to anything else (PUB-03).
    pub const LABEL_INTERNET: &str = "internet";
    /// The short label of a private path.
    pub const LABEL_PRIVATE: &str = "private";
    /// The short label of a blocked flow.
    pub const LABEL_BLOCKED: &str = "blocked";

    /// One or two words for a trace's network, for a badge or a legend: [`LABEL_PRIVATE`], [`LABEL_BLOCKED`],
    /// and for a public path [`public_label`].
    ///
    /// ```
    /// use vpclab_core::{codes::network::label, gallery, trace};
    /// let d = gallery::example("s3-through-nat").unwrap().diagram;
    /// let s3 = trace(&d.topology, &d.flows[0].spec).unwrap();
    /// assert_eq!(label(&s3), "public endpoint");
    /// let web = trace(&d.topology, &d.flows[1].spec).unwrap();
    /// assert_eq!(label(&web), "internet");
    /// ```
    pub fn label(trace: &Trace) -> &'static str {
        match (trace.reachable, trace.network) {
            (false, _) => LABEL_BLOCKED,
            (true, Some(Network::Public)) => public_label(trace),
            (true, _) => LABEL_PRIVATE,
        }
    }

    /// What the public part of a trace's path is: an AWS service's public endpoint (PUB-01: in the same Region it
    /// does not leave the AWS network), else the internet.
    pub fn public_label(trace: &Trace) -> &'static str {
        if ends_at_aws_service(trace) {
            LABEL_PUBLIC_ENDPOINT
        } else {
            LABEL_INTERNET
        }
    }

    /// Whether the trace ends at an AWS service (its public endpoint, on a public path).
    pub fn ends_at_aws_service(trace: &Trace) -> bool {
        trace
            .hops
            .iter()
            .any(|h| h.kind == crate::path::HopKind::AwsService)
    }

    /// What the trace's network means, in a paragraph (`None` for a blocked flow).
    pub fn explain(trace: &Trace) -> Option<&'static str> {
        match (trace.reachable, trace.network) {
            (true, Some(Network::Private)) => Some(PRIVATE),
            (true, Some(Network::Public)) if ends_at_aws_service(trace) => Some(PUBLIC_AWS_SERVICE),
            (true, Some(Network::Public)) => Some(PUBLIC_INTERNET),
            _ => None,
        }
    }

    /// The seed's claim corrected, for a trace where a learner meets it: a public path to an AWS service.
    pub fn seed_correction(trace: &Trace) -> Option<&'static str> {
        (trace.reachable && trace.network == Some(Network::Public) && ends_at_aws_service(trace))
            .then_some(SEED_CORRECTION)
    }

    /// The seed's claim corrected as an advisory ([`super::VPCLAB_SEED_PUBLIC_ENDPOINT`]), the mechanism the "IPv4
    /// only" correction uses (`VPCLAB_GE_LIMIT_IP_FAMILY`): faces list it with the trace's advisories, and the
    /// engine can append it to `Trace::advisories`.
    ///
    /// ```
    /// use vpclab_core::{codes, gallery, trace};
    /// let ex = &gallery::examples()[0];
    /// let s3 = trace(&ex.diagram.topology, &ex.diagram.flows[0].spec).unwrap();
    /// let a = codes::network::seed_advisory(&s3).unwrap();
    /// assert_eq!(a.code, codes::VPCLAB_SEED_PUBLIC_ENDPOINT);
    /// assert!(a.message.contains("does not leave the AWS network"));
    /// ```
    pub fn seed_advisory(trace: &Trace) -> Option<crate::path::Advisory> {
        seed_correction(trace).map(|m| crate::path::Advisory {
            code: super::VPCLAB_SEED_PUBLIC_ENDPOINT.to_string(),
            message: format!("{m} Source: {AWS_QUOTE_URL}"),
        })
    }

    /// Phrases that say a same-Region AWS-service path leaves AWS's network. Texts about such paths (lessons,
    /// examples, codes, the verdicts above) must contain none of them; `tests/teaching.rs` checks.
    pub const FORBIDDEN_PHRASES: &[&str] = &[
        "leaves aws's network",
        "leaves the aws network",
        "leave aws's network",
        "leave the aws network",
        "leaves aws's private network",
        "over the internet gateway, like any traffic to the internet",
        "out of the internet gateway, like any traffic",
        "flows through internet",
        "flow through internet",
        "goes over the internet",
        "leaves over the internet gateway",
        "nat gateway and the internet (",
    ];
}

/// The meaning of a code, if the engine knows it.
pub fn describe(code: &str) -> Option<&'static str> {
    ALL.iter().find(|(c, _, _)| *c == code).map(|(_, _, m)| *m)
}

/// A short label of what stopped a packet, for the marker drawn on the diagram (one or two words: "No route",
/// "Security group"); the code and its meaning stay in the Path panel.
///
/// ```
/// use vpclab_core::codes::short_label;
/// assert_eq!(short_label("NO_ROUTE_TO_DESTINATION"), "No route");
/// assert_eq!(short_label("ENI_SG_RULES_MISMATCH"), "Security group");
/// assert_eq!(short_label("PCX_REQUIRES_ADDRESS_IN_VPC_CIDR"), "Peering");
/// ```
pub fn short_label(code: &str) -> &'static str {
    let c = code.strip_prefix("VPCLAB_").unwrap_or(code);
    let has = |p: &str| c.contains(p);
    if c == NO_ROUTE_TO_DESTINATION || has("ROUTE") || c.starts_with("TGW_RTB") || has("LOOP") {
        if c == BAD_STATE_ROUTE {
            "Blackhole route"
        } else if has("LOOP") {
            "Routing loop"
        } else {
            "No route"
        }
    } else if has("SG_") {
        "Security group"
    } else if has("ACL") {
        "Network ACL"
    } else if c.starts_with("PCX") || has("PEERING") || has("EDGE_TO_EDGE") {
        "Peering"
    } else if c.starts_with("IGW") || has("INTERNET_GATEWAY") || has("PRIVATE_ADDRESS_ON_INTERNET")
    {
        "Internet gateway"
    } else if has("NGW") || has("NAT") {
        "NAT gateway"
    } else if has("POLICY") {
        "Policy"
    } else if has("DNS") {
        "DNS"
    } else if c.starts_with("TGW") {
        "Transit gateway"
    } else if has("ENDPOINT") || c.starts_with("VPCE") || c.starts_with("GE_") {
        "Endpoint"
    } else if c.starts_with("ELBV2") {
        "Load balancer"
    } else if has("PROTOCOL") {
        "Protocol"
    } else if has("SOURCE_DEST") {
        "Source/dest check"
    } else if has("ONPREM") {
        "On-premises"
    } else if has("BAD_STATE") {
        "Not available"
    } else {
        "Blocked"
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_code_has_a_short_label() {
        use super::*;
        for (code, _, _) in ALL {
            let l = short_label(code);
            assert!(l.split(' ').count() <= 3 && !l.is_empty(), "{code}: {l}");
        }
        assert_eq!(short_label(SUBNET_ACL_RESTRICTION), "Network ACL");
        assert_eq!(short_label(SG_HAS_NO_RULES), "Security group");
    }

    #[test]
    fn codes_are_unique_and_prefixed_consistently() {
        let mut seen = std::collections::HashSet::new();
        for (code, origin, meaning) in super::ALL {
            assert!(seen.insert(*code), "duplicate code {code}");
            assert!(!meaning.is_empty());
            let own = code.starts_with("VPCLAB_");
            assert_eq!(
                own,
                *origin != super::Origin::ReachabilityAnalyzer,
                "{code}"
            );
        }
    }
}
