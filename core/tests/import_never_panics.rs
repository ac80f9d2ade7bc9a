//! Property: the AWS importer never panics, whatever it is given — arbitrary text, arbitrary JSON, and JSON built
//! from the member names it looks for (so that the conversion code, not just detection, sees odd values).

use proptest::prelude::*;
use serde_json::{Map, Value};
use vpclab_core::import::aws_cli::import_documents;

/// Member names the importer reads, at every level, plus a few it does not.
const NAMES: &[&str] = &[
    "Vpcs",
    "Subnets",
    "RouteTables",
    "InternetGateways",
    "EgressOnlyInternetGateways",
    "NatGateways",
    "VpcEndpoints",
    "VpcEndpointConnections",
    "ServiceConfigurations",
    "ServiceDetails",
    "ServiceNames",
    "PrefixLists",
    "Entries",
    "SecurityGroups",
    "NetworkAcls",
    "Reservations",
    "Instances",
    "NetworkInterfaces",
    "VpcPeeringConnections",
    "VpnGateways",
    "VpnConnections",
    "CustomerGateways",
    "TransitGateways",
    "TransitGatewayAttachments",
    "TransitGatewayVpcAttachments",
    "TransitGatewayRouteTables",
    "TransitGatewayPropagations",
    "TransitGatewayStaticRoutes",
    "TransitGatewayRouteTablePropagations",
    "LoadBalancers",
    "Addresses",
    "Routes",
    "VpcId",
    "SubnetId",
    "RouteTableId",
    "NetworkAclId",
    "GroupId",
    "InstanceId",
    "NetworkInterfaceId",
    "VpcEndpointId",
    "PrefixListId",
    "NatGatewayId",
    "InternetGatewayId",
    "GatewayId",
    "TransitGatewayId",
    "TransitGatewayAttachmentId",
    "TransitGatewayRouteTableId",
    "VpnConnectionId",
    "VpnGatewayId",
    "CustomerGatewayId",
    "VpcPeeringConnectionId",
    "ServiceId",
    "ServiceName",
    "ServiceType",
    "LoadBalancerArn",
    "AllocationId",
    "PublicIp",
    "PrivateIpAddress",
    "PrivateIpAddresses",
    "Primary",
    "Association",
    "Attachment",
    "DeviceIndex",
    "CidrBlock",
    "CidrBlockAssociationSet",
    "Ipv6CidrBlockAssociationSet",
    "Ipv6CidrBlock",
    "DestinationCidrBlock",
    "DestinationPrefixListId",
    "State",
    "Origin",
    "Main",
    "Associations",
    "Cidrs",
    "Cidr",
    "IpPermissions",
    "IpPermissionsEgress",
    "IpProtocol",
    "FromPort",
    "ToPort",
    "IpRanges",
    "CidrIp",
    "UserIdGroupPairs",
    "RuleNumber",
    "Protocol",
    "RuleAction",
    "Egress",
    "PortRange",
    "From",
    "To",
    "IcmpTypeCode",
    "Type",
    "Code",
    "PolicyDocument",
    "VpcEndpointType",
    "RouteTableIds",
    "SubnetIds",
    "Groups",
    "DnsEntries",
    "DnsName",
    "NatGatewayAddresses",
    "InterfaceType",
    "Description",
    "VgwTelemetry",
    "OutsideIpAddress",
    "Options",
    "StaticRoutesOnly",
    "BgpAsn",
    "IpAddress",
    "AvailabilityZone",
    "EnableDnsSupport",
    "EnableDnsHostnames",
    "Value",
    "Tags",
    "Key",
    "Name",
    "IsDefault",
    "OwnerId",
    "TransitGatewayAttachments",
    "ResourceType",
    "ResourceId",
    "AccepterVpcInfo",
    "RequesterVpcInfo",
    "Status",
    "Region",
    "TransitGatewayArn",
    "Scheme",
    "NextToken",
    "Whatever",
];

/// Scalar values, biased towards ones the importer parses (ids, CIDRs, IPs, states).
fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        prop::sample::select(vec![
            "vpc-1",
            "subnet-1",
            "rtb-1",
            "igw-1",
            "nat-1",
            "vpce-1",
            "vpce-svc-1",
            "pcx-1",
            "tgw-1",
            "tgw-attach-1",
            "tgw-rtb-1",
            "vgw-1",
            "eni-1",
            "i-1",
            "pl-1",
            "sg-1",
            "local",
            "10.0.0.0/16",
            "0.0.0.0/0",
            "::/0",
            "10.0.0.5",
            "300.1.1.1/40",
            "2600::1",
            "available",
            "deleted",
            "blackhole",
            "active",
            "AVAILABLE",
            "EnableVgwRoutePropagation",
            "CreateRoute",
            "Interface for NAT Gateway nat-1",
            "ELB app/x/y",
            "VPC Endpoint Interface vpce-",
            "-1",
            "tcp",
            "65536",
            "us-east-1a",
            "{\"Statement\": []}",
            "{",
            "",
            "arn:aws:ec2:us-east-1:1:transit-gateway/tgw-1",
            "Gateway",
            "interface",
            "nat_gateway",
        ])
        .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(5, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(NAMES), inner), 0..8).prop_map(|kv| {
                Value::Object(
                    kv.into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

/// An object of known member names: what an item of a `describe-*` list looks like.
fn item() -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(NAMES), json()), 0..10).prop_map(|kv| {
        Value::Object(
            kv.into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<Map<_, _>>(),
        )
    })
}

fn labels() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "a.json",
        "us-east-1/Vpcs.json",
        "accounts/123456789012/eu-west-1/x.json",
        "pl-1.json",
        "tgw-rtb-1/r.json",
        "",
    ])
    .prop_map(str::to_string)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}", hint in prop::option::of("[a-z0-9-]{0,12}")) {
        let _ = import_documents(&[("x.json".to_string(), text)], hint.as_deref());
    }

    #[test]
    fn arbitrary_json_never_panics(docs in prop::collection::vec((labels(), json()), 1..4), hint in prop::option::of(Just("us-west-2"))) {
        let docs: Vec<(String, String)> = docs.into_iter().map(|(l, v)| (l, v.to_string())).collect();
        if let Ok((topology, _)) = import_documents(&docs, hint) {
            // Whatever came in, the result is a model that serialises and reads back.
            let back = vpclab_core::Topology::from_json(&topology.to_json());
            prop_assert!(back.is_ok());
        }
    }

    #[test]
    fn any_items_under_any_known_key_never_panics(key in prop::sample::select(NAMES), items in prop::collection::vec(item(), 0..5)) {
        let doc = serde_json::json!({ key: items });
        let _ = import_documents(&[("us-east-1/doc.json".to_string(), doc.to_string())], None);
    }
}
