//! Validation of a topology: every broken invariant as a [`Diagnostic`] naming the object and the field.
//!
//! [`validate`] never panics and never fails: a topology that is partly wrong gives a list of findings, each with a
//! stable code from [`VALIDATION_CODES`], the id of the object (`subject`) and the field (`field`, e.g.
//! `cidr_block` or `routes[2].target`). Errors are what AWS itself would refuse (the API call that builds such a
//! topology fails); warnings are what AWS accepts but is almost certainly a mistake or an incomplete snapshot.
//!
//! The checks are grouped by area:
//!
//! * `ids` — duplicate and empty ids;
//! * `network` — VPC and subnet CIDRs, addresses of interfaces;
//! * `routing` — route tables, routes, gateways, NAT gateways, peering;
//! * `rules` — security groups and network ACLs;
//! * `endpoints` — VPC endpoints and load balancers;
//! * `transit` — transit gateways, VPN connections, Direct Connect gateways;
//! * `quotas` — counts over a documented service quota (endpoints, ACL rules, peerings, routes).

mod ctx;
mod endpoints;
mod ids;
mod network;
mod quotas;
mod routing;
mod rules;
mod transit;

#[cfg(test)]
mod tests;

use crate::{model::Topology, Diagnostic};

/// Check a topology. Never panics; an empty list means valid.
///
/// ```
/// use vpclab_core::{validate::validate, Topology};
/// let t = Topology::from_json(r#"{"vpcs": [{"id": "vpc-a", "cidr_blocks": ["10.0.0.0/16"]}],
///     "subnets": [{"id": "subnet-a", "vpc_id": "vpc-a", "cidr_block": "10.1.0.0/24"}]}"#).unwrap();
/// let codes: Vec<String> = validate(&t).into_iter().map(|d| d.code).collect();
/// assert!(codes.contains(&"SUBNET_OUTSIDE_VPC".to_string()));
/// ```
pub fn validate(topology: &Topology) -> Vec<Diagnostic> {
    let mut cx = ctx::Ctx::new(topology);
    ids::check(&mut cx);
    network::check(&mut cx);
    routing::check(&mut cx);
    rules::check(&mut cx);
    endpoints::check(&mut cx);
    transit::check(&mut cx);
    quotas::check(&mut cx);
    let mut out = cx.finish();
    out.extend(policy_diagnostics(topology));
    out
}

/// Endpoint policies and resource (bucket/table) policies: malformed documents are errors, documents that work but
/// probably not as meant are warnings. Codes are the `POLICY_*` constants of [`crate::policy`].
fn policy_diagnostics(t: &Topology) -> Vec<Diagnostic> {
    use crate::policy::{PolicyDocument, PolicyKind};
    let mut out = Vec::new();
    let mut take = |parsed: Result<PolicyDocument, Vec<Diagnostic>>| match parsed {
        Ok(doc) => out.extend(doc.warnings),
        Err(errors) => out.extend(errors),
    };
    for e in t.vpc_endpoints.iter().filter(|e| e.policy.is_some()) {
        take(PolicyDocument::of_endpoint(e));
    }
    for r in &t.service_resources {
        if let Some(p) = &r.policy {
            take(PolicyDocument::parse(p, &r.name, PolicyKind::Resource));
        }
    }
    out
}

/// Every code [`validate`] can emit, with its meaning. Codes are stable: tests, the CLI (`vpclab check`) and the UI
/// rely on them.
pub const VALIDATION_CODES: &[(&str, &str)] = &[
    // Ids and references.
    ("DUPLICATE_ID", "two objects (of any kinds) share one id; ids must be unique"),
    ("EMPTY_ID", "an object has an empty id"),
    ("MISSING_REFERENCE", "a required reference (e.g. a subnet's `vpc_id`) is empty"),
    ("DANGLING_REFERENCE", "a reference names an id that no object in the topology has"),
    ("DHCP_TOO_MANY_DNS_SERVERS", "a DHCP option set names more than four domain name servers (DNS-07)"),
    ("REFERENCE_WRONG_KIND", "a reference names an existing object of the wrong kind (e.g. a subnet id as `vpc_id`)"),
    (
        "CROSS_VPC_REFERENCE",
        "two objects that must be in the same VPC are not (e.g. a subnet associated with another VPC's route table, \
         a gateway endpoint on another VPC's route table, a security group of another VPC on an interface)",
    ),
    // CIDRs and addresses.
    ("CIDR_WRONG_FAMILY", "an IPv6 block in an IPv4 field or the reverse (e.g. IPv6 in a subnet's `cidr_block`)"),
    ("CIDR_HOST_BITS_SET", "a CIDR has bits set after its prefix (`10.0.0.5/16`); AWS expects the network address"),
    ("VPC_NO_IPV4_CIDR", "a VPC has no IPv4 CIDR block; every VPC has a primary IPv4 block"),
    ("VPC_CIDR_SIZE_INVALID", "a VPC block is not /16../28 (IPv4) or /44../60 (IPv6)"),
    ("VPC_CIDR_RESTRICTED", "a VPC IPv4 block is in a range AWS does not allow (0/8, 127/8, 169.254/16, 224/4, 240/4)"),
    ("VPC_CIDR_OVERLAP", "two CIDR blocks of one VPC overlap"),
    ("SUBNET_NO_CIDR", "a subnet has neither an IPv4 nor an IPv6 CIDR block"),
    ("SUBNET_CIDR_SIZE_INVALID", "a subnet block is not /16../28 (IPv4) or /44../64 (IPv6)"),
    ("SUBNET_OUTSIDE_VPC", "a subnet's CIDR block is not inside any CIDR block of its VPC"),
    ("SUBNET_OVERLAP", "two subnets of one VPC have overlapping CIDR blocks"),
    ("SUBNET_AZ_REGION_MISMATCH", "a subnet's availability zone is not in its VPC's region"),
    ("IP_OUTSIDE_SUBNET", "an interface, instance or NAT gateway address is not inside its subnet's CIDR block"),
    ("IP_RESERVED_BY_AWS", "an address is one AWS reserves in every subnet (the first four and the last)"),
    ("ENI_MULTIPLE_INSTANCES", "a network interface is listed by more than one instance"),
    ("DUPLICATE_PRIVATE_IP", "two interfaces of one VPC have the same private address"),
    ("PUBLIC_IP_NOT_PUBLIC", "a public or Elastic IP is a private-use address (RFC 1918, RFC 6598, loopback, link-local)"),
    // Route tables and routes.
    ("MULTIPLE_MAIN_ROUTE_TABLES", "a VPC has more than one main route table (RT-08)"),
    ("SUBNET_MULTIPLE_ROUTE_TABLES", "a subnet is explicitly associated with more than one route table (RT-08)"),
    ("SUBNET_NO_ROUTE_TABLE", "a subnet has no explicit association and its VPC has no main route table (RT-08)"),
    ("GATEWAY_ASSOCIATION_INVALID", "an edge association names something other than an internet or virtual private gateway"),
    ("GATEWAY_MULTIPLE_ROUTE_TABLES", "a gateway is edge-associated with more than one route table"),
    ("GATEWAY_ROUTE_TABLE_INVALID", "a gateway route table has a route AWS does not allow there (GW-05)"),
    ("ROUTE_TARGET_NOT_FOUND", "a route's target id (kind read from its prefix) names no object of that kind"),
    ("ROUTE_TARGET_OTHER_VPC", "a route's target is not in (or not attached to) the route table's VPC"),
    ("ROUTE_TARGET_INVALID", "a route's target cannot carry that route (an interface endpoint, an egress-only IGW for IPv4)"),
    ("ROUTE_ORIGIN_INVALID", "a route marked propagated does not target a virtual private gateway"),
    ("PREFIX_LIST_NOT_FOUND", "a route or security-group rule names a prefix list that does not exist"),
    ("DUPLICATE_ROUTE", "two static routes of one route table have the same destination"),
    ("LOCAL_ROUTE_INVALID", "a `local` route whose destination is not one of the VPC's CIDR blocks"),
    ("RESERVED_ROUTE_DESTINATION", "a route to 169.254.168.0/22 or fd00:ec2::/32 or a subset of them (RT-09)"),
    (
        "ROUTE_MORE_SPECIFIC_THAN_LOCAL",
        "a route more specific than the local route that does not match a whole subnet CIDR or does not target a \
         NAT gateway, a network interface or a Gateway Load Balancer endpoint (RT-01)",
    ),
    // Gateways.
    ("MULTIPLE_INTERNET_GATEWAYS", "more than one internet gateway attached to one VPC (IGW-01)"),
    ("MULTIPLE_VPN_GATEWAYS", "more than one virtual private gateway attached to one VPC"),
    ("NAT_PUBLIC_WITHOUT_EIP", "a public NAT gateway without an Elastic IP (NAT-01)"),
    ("NAT_PRIVATE_WITH_EIP", "a private NAT gateway with an Elastic IP (NAT-01)"),
    ("NAT_MISSING_PLACEMENT", "a zonal NAT gateway without a subnet, or a regional one without a VPC (NAT-06)"),
    ("NAT_REGIONAL_PRIVATE", "a regional NAT gateway with private connectivity; regional NAT is public only (NAT-06)"),
    ("NAT_SUBNET_NOT_PUBLIC", "a public NAT gateway whose subnet has no default route to an internet gateway (NAT-01)"),
    // Peering.
    ("PEERING_SELF", "a peering connection whose requester and accepter are the same VPC"),
    ("PEERING_CIDR_OVERLAP", "the two VPCs of a peering connection have overlapping CIDR blocks (PCX-02)"),
    // Security groups and network ACLs.
    ("RULE_PROTOCOL_INVALID", "a rule's protocol is not `-1`, a known name or a number 0..255"),
    ("SG_PORT_RANGE_INVALID", "a security-group rule with `from_port` > `to_port` or a port outside -1..65535"),
    ("SG_RULE_NO_PEER", "a security-group rule with no CIDR, prefix list or security group"),
    ("MULTIPLE_DEFAULT_NACLS", "a VPC has more than one default network ACL"),
    ("SUBNET_MULTIPLE_NACLS", "a subnet is associated with more than one network ACL (NACL-03)"),
    ("NACL_RULE_NUMBER_INVALID", "a network-ACL rule number outside 1..32766 (NACL-02)"),
    ("NACL_DUPLICATE_RULE_NUMBER", "two network-ACL rules with the same number in the same direction"),
    ("NACL_PORT_RANGE_INVALID", "a network-ACL rule whose port range starts after it ends"),
    // Endpoints.
    ("GATEWAY_ENDPOINT_SERVICE_UNSUPPORTED", "a gateway endpoint for a service other than S3 or DynamoDB (GE-11)"),
    ("GATEWAY_ENDPOINT_REGION_MISMATCH", "a gateway endpoint for a service in another region than its VPC (GE-12)"),
    ("GATEWAY_ENDPOINT_DUPLICATE_SERVICE", "two gateway endpoints of the same service on one route table (GE-04)"),
    ("NACL_RULE_NO_EFFECT", "a network-ACL deny rule aimed at the Route 53 Resolver or the metadata service, which ACLs do not filter (NACL-05)"),
    ("SG_REFERENCE_OTHER_REGION", "a security-group rule references a group of a VPC in another Region (SG-06)"),
    ("INTERFACE_ENDPOINT_IP_TYPE_SUBNETS", "an interface endpoint's IP address type does not fit one of its subnets (IE-09)"),
    ("ENDPOINT_SERVICE_REGION_NOT_SUPPORTED", "a cross-Region endpoint to a service that does not list the endpoint's Region (CR-06, CR-07)"),
    ("ENDPOINT_PRINCIPAL_NOT_ALLOWED", "the consumer VPC's account is not among the endpoint service's allowed principals (ES-03)"),
    // Quotas (warning over an adjustable default, error over the most it can be raised to).
    ("GATEWAY_ENDPOINT_QUOTA", "more gateway endpoints in a Region (and account) than the default quota of 20 (GE-17)"),
    ("GATEWAY_ENDPOINT_VPC_LIMIT", "more than 255 gateway endpoints in one VPC, the hard limit (GE-17)"),
    ("INTERFACE_ENDPOINT_QUOTA", "more than 50 interface and GWLB endpoints in one VPC, the default quota (IE-17)"),
    ("NACL_RULE_QUOTA", "more than 20 rules in one direction and address family of a network ACL (default 20, at most 40; NACL-06)"),
    ("PEERING_QUOTA", "more than 50 active peering connections on one VPC (default 50, at most 125; PCX-06)"),
    ("ROUTE_QUOTA", "more than 50 non-propagated routes in a route table, prefix lists by weight (default 50, at most 1,000; RT-10)"),
    ("INTERFACE_ENDPOINT_DUPLICATE_AZ", "an interface endpoint with two subnets in the same availability zone (IE-01)"),
    ("GWLB_ENDPOINT_MULTIPLE_SUBNETS", "a Gateway Load Balancer endpoint with more than one subnet (GW-01)"),
    ("GATEWAY_ENDPOINT_DNS_RECORD_TYPE", "a gateway endpoint DNS record IP type other than service-defined on DynamoDB (GE-24) or with the VPC DNS attributes off (GE-23)"),
    ("GATEWAY_ENDPOINT_IP_TYPE_SUBNETS", "an IPv6 gateway endpoint behind non-IPv6-only subnets, or a dualstack one behind subnets that are not dual-stack (GE-21)"),
    ("INBOUND_RESOLVER_ONLY_NEEDS_GATEWAY_ENDPOINT", "private DNS only for the inbound Resolver endpoint without a gateway endpoint for the service in the VPC (IE-23, GE-29)"),
    ("CROSS_REGION_SERVICE_UNSUPPORTED", "a cross-Region interface endpoint to an AWS service that does not support cross-Region PrivateLink (CR-01)"),
    ("CROSS_REGION_AZ_UNSUPPORTED", "a cross-Region interface endpoint in an AZ ID where cross-Region endpoints are not supported (CR-04)"),
    ("PRIVATE_DNS_REQUIRES_VPC_DNS", "private DNS on an interface endpoint in a VPC with a DNS attribute off (IE-05, DNS-03); a warning, since snapshots often lack the attributes"),
    // Transit gateways, VPN, Direct Connect.
    ("TGW_ATTACHMENT_DUPLICATE_AZ", "a transit gateway VPC attachment with two subnets in the same availability zone"),
    ("TGW_ATTACHMENT_NO_SUBNETS", "a transit gateway VPC attachment without any subnet"),
    ("TGW_ATTACHMENT_MULTIPLE_ASSOCIATIONS", "an attachment associated with more than one transit gateway route table"),
    ("CROSS_TGW_REFERENCE", "a transit gateway route table refers to an attachment of another transit gateway"),
    ("TGW_ROUTE_NO_ATTACHMENT", "an active transit gateway route with no attachment"),
    ("VPN_GATEWAY_INVALID", "a VPN connection with neither or both of a virtual private gateway and a transit gateway"),
];

/// The meaning of a validation code, if it is one.
pub fn code_meaning(code: &str) -> Option<&'static str> {
    VALIDATION_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, m)| *m)
}
