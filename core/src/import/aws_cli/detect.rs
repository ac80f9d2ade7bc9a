//! Recognising a document by its content, as Batfish does (`Region.java`): its top-level keys say which
//! `describe-*` output it is. A merged object may hold several keys; a bare array or a single object (from
//! `--query`) is recognised by the id field of its items.

use serde_json::{Map, Value};

/// Which `describe-*` output (or part of one) a list of items comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Vpcs,
    VpcAttribute,
    Subnets,
    RouteTables,
    InternetGateways,
    EgressOnlyInternetGateways,
    NatGateways,
    VpcEndpoints,
    VpcEndpointConnections,
    ServiceConfigurations,
    ServiceDetails,
    ServiceNames,
    PrefixLists,
    PrefixListEntries,
    SecurityGroups,
    NetworkAcls,
    Reservations,
    Instances,
    NetworkInterfaces,
    VpcPeeringConnections,
    VpnGateways,
    VpnConnections,
    CustomerGateways,
    TransitGateways,
    TransitGatewayAttachments,
    TransitGatewayVpcAttachments,
    TransitGatewayRouteTables,
    TransitGatewayPropagations,
    TransitGatewayStaticRoutes,
    LoadBalancers,
    Listeners,
    Addresses,
    DhcpOptions,
    SecurityGroupRules,
    TargetGroups,
    /// elbv2 describe-target-health (owner: the target group, when the document or its path says).
    TargetHealth,
    /// get-transit-gateway-route-table-associations (owner: the TGW route table, when the document or its path says).
    TransitGatewayAssociations,
}

/// Top-level keys and the kind each one holds. `Entries` and `Routes` are handled apart (they need an owner id).
const KEYS: &[(&str, Kind)] = &[
    ("Vpcs", Kind::Vpcs),
    ("Subnets", Kind::Subnets),
    ("RouteTables", Kind::RouteTables),
    ("InternetGateways", Kind::InternetGateways),
    (
        "EgressOnlyInternetGateways",
        Kind::EgressOnlyInternetGateways,
    ),
    ("NatGateways", Kind::NatGateways),
    ("VpcEndpoints", Kind::VpcEndpoints),
    ("VpcEndpointConnections", Kind::VpcEndpointConnections),
    ("ServiceConfigurations", Kind::ServiceConfigurations),
    ("ServiceDetails", Kind::ServiceDetails),
    ("ServiceNames", Kind::ServiceNames),
    ("PrefixLists", Kind::PrefixLists),
    ("SecurityGroups", Kind::SecurityGroups),
    ("NetworkAcls", Kind::NetworkAcls),
    ("Reservations", Kind::Reservations),
    ("NetworkInterfaces", Kind::NetworkInterfaces),
    ("VpcPeeringConnections", Kind::VpcPeeringConnections),
    ("VpnGateways", Kind::VpnGateways),
    ("VpnConnections", Kind::VpnConnections),
    ("CustomerGateways", Kind::CustomerGateways),
    ("TransitGateways", Kind::TransitGateways),
    ("TransitGatewayAttachments", Kind::TransitGatewayAttachments),
    (
        "TransitGatewayVpcAttachments",
        Kind::TransitGatewayVpcAttachments,
    ),
    ("TransitGatewayRouteTables", Kind::TransitGatewayRouteTables),
    (
        "TransitGatewayPropagations",
        Kind::TransitGatewayPropagations,
    ),
    (
        "TransitGatewayStaticRoutes",
        Kind::TransitGatewayStaticRoutes,
    ),
    ("LoadBalancers", Kind::LoadBalancers),
    ("Listeners", Kind::Listeners),
    ("Addresses", Kind::Addresses),
    ("DhcpOptions", Kind::DhcpOptions),
    ("SecurityGroupRules", Kind::SecurityGroupRules),
    ("TargetGroups", Kind::TargetGroups),
];

/// Outputs of `describe-*` commands that are read but not modelled, with the reason (a warning each, never a
/// failure: the document still counts as a recognised output).
pub const IGNORED_KEYS: &[(&str, &str)] = &[(
    "FlowLogs",
    "flow logs record traffic, they do not change where it goes",
)];

/// Top-level keys that carry no resources (pagination and SDK metadata): silently skipped.
const SKIPPED_KEYS: &[&str] = &[
    "NextToken",
    "ResponseMetadata",
    "AdditionalRoutesAvailable",
    "NextMarker",
    "Marker",
];

impl Kind {
    /// The top-level key of this kind's output (or the describe call it stands for).
    pub fn key(self) -> &'static str {
        match self {
            Kind::VpcAttribute => "VpcAttribute",
            Kind::PrefixListEntries => "Entries",
            Kind::Instances => "Instances",
            Kind::TargetHealth => "TargetHealthDescriptions",
            Kind::TransitGatewayAssociations => "Associations",
            k => KEYS
                .iter()
                .find(|(_, kind)| *kind == k)
                .map(|(key, _)| *key)
                .unwrap_or("?"),
        }
    }

    /// Every member AWS documents for an item of this kind (botocore 1.43.11, EC2 API 2016-11-15; elbv2
    /// 2015-12-01), plus the members of the assembled files. A member outside this list is reported as unknown.
    pub fn known_fields(self) -> &'static [&'static str] {
        match self {
            Kind::Vpcs => &[
                "OwnerId",
                "InstanceTenancy",
                "Ipv6CidrBlockAssociationSet",
                "CidrBlockAssociationSet",
                "IsDefault",
                "EncryptionControl",
                "Tags",
                "BlockPublicAccessStates",
                "VpcId",
                "State",
                "CidrBlock",
                "DhcpOptionsId",
            ],
            Kind::DhcpOptions => &["DhcpConfigurations", "DhcpOptionsId", "OwnerId", "Tags"],
            Kind::SecurityGroupRules => &[
                "SecurityGroupRuleId",
                "GroupId",
                "GroupOwnerId",
                "IsEgress",
                "IpProtocol",
                "FromPort",
                "ToPort",
                "CidrIpv4",
                "CidrIpv6",
                "PrefixListId",
                "ReferencedGroupInfo",
                "Description",
                "Tags",
                "SecurityGroupRuleArn",
            ],
            Kind::TargetGroups => &[
                "TargetGroupArn",
                "TargetGroupName",
                "Protocol",
                "Port",
                "VpcId",
                "HealthCheckProtocol",
                "HealthCheckPort",
                "HealthCheckEnabled",
                "HealthCheckIntervalSeconds",
                "HealthCheckTimeoutSeconds",
                "HealthyThresholdCount",
                "UnhealthyThresholdCount",
                "HealthCheckPath",
                "Matcher",
                "LoadBalancerArns",
                "TargetType",
                "ProtocolVersion",
                "IpAddressType",
                "TargetControlPort",
            ],
            Kind::TargetHealth => &[
                "Target",
                "HealthCheckPort",
                "TargetHealth",
                "AnomalyDetection",
                "AdministrativeOverride",
            ],
            Kind::TransitGatewayAssociations => &[
                "TransitGatewayAttachmentId",
                "ResourceId",
                "ResourceType",
                "State",
            ],
            Kind::VpcAttribute => &[
                "EnableDnsHostnames",
                "EnableDnsSupport",
                "EnableNetworkAddressUsageMetrics",
                "VpcId",
            ],
            Kind::Subnets => &[
                "AvailabilityZoneId",
                "EnableLniAtDeviceIndex",
                "MapCustomerOwnedIpOnLaunch",
                "CustomerOwnedIpv4Pool",
                "OwnerId",
                "AssignIpv6AddressOnCreation",
                "Ipv6CidrBlockAssociationSet",
                "Tags",
                "SubnetArn",
                "OutpostArn",
                "EnableDns64",
                "Ipv6Native",
                "PrivateDnsNameOptionsOnLaunch",
                "BlockPublicAccessStates",
                "Type",
                "SubnetId",
                "State",
                "VpcId",
                "CidrBlock",
                "AvailableIpAddressCount",
                "AvailabilityZone",
                "DefaultForAz",
                "MapPublicIpOnLaunch",
            ],
            Kind::RouteTables => &[
                "Associations",
                "PropagatingVgws",
                "RouteTableId",
                "Routes",
                "Tags",
                "VpcId",
                "OwnerId",
            ],
            Kind::InternetGateways => &["Attachments", "InternetGatewayId", "OwnerId", "Tags"],
            Kind::EgressOnlyInternetGateways => {
                &["Attachments", "EgressOnlyInternetGatewayId", "Tags"]
            }
            Kind::NatGateways => &[
                "CreateTime",
                "DeleteTime",
                "FailureCode",
                "FailureMessage",
                "NatGatewayAddresses",
                "NatGatewayId",
                "ProvisionedBandwidth",
                "State",
                "SubnetId",
                "VpcId",
                "Tags",
                "ConnectivityType",
                "AvailabilityMode",
                "AutoScalingIps",
                "AutoProvisionZones",
                "AttachedAppliances",
                "RouteTableId",
            ],
            Kind::VpcEndpoints => &[
                "VpcEndpointId",
                "VpcEndpointType",
                "VpcId",
                "ServiceName",
                "State",
                "PolicyDocument",
                "RouteTableIds",
                "SubnetIds",
                "Groups",
                "IpAddressType",
                "DnsOptions",
                "PrivateDnsEnabled",
                "RequesterManaged",
                "NetworkInterfaceIds",
                "DnsEntries",
                "CreationTimestamp",
                "Tags",
                "OwnerId",
                "LastError",
                "Ipv4Prefixes",
                "Ipv6Prefixes",
                "FailureReason",
                "ServiceNetworkArn",
                "ResourceConfigurationArn",
                "ServiceRegion",
            ],
            Kind::VpcEndpointConnections => &[
                "ServiceId",
                "VpcEndpointId",
                "VpcEndpointOwner",
                "VpcEndpointState",
                "CreationTimestamp",
                "DnsEntries",
                "NetworkLoadBalancerArns",
                "GatewayLoadBalancerArns",
                "IpAddressType",
                "VpcEndpointConnectionId",
                "Tags",
                "VpcEndpointRegion",
            ],
            Kind::ServiceConfigurations => &[
                "ServiceType",
                "ServiceId",
                "ServiceName",
                "ServiceState",
                "AvailabilityZoneIds",
                "AvailabilityZones",
                "AcceptanceRequired",
                "ManagesVpcEndpoints",
                "NetworkLoadBalancerArns",
                "GatewayLoadBalancerArns",
                "SupportedIpAddressTypes",
                "BaseEndpointDnsNames",
                "PrivateDnsName",
                "PrivateDnsNameConfiguration",
                "PayerResponsibility",
                "Tags",
                "SupportedRegions",
                "RemoteAccessEnabled",
            ],
            Kind::ServiceDetails => &[
                "ServiceName",
                "ServiceId",
                "ServiceType",
                "ServiceRegion",
                "AvailabilityZoneIds",
                "AvailabilityZones",
                "Owner",
                "BaseEndpointDnsNames",
                "PrivateDnsName",
                "PrivateDnsNames",
                "VpcEndpointPolicySupported",
                "AcceptanceRequired",
                "ManagesVpcEndpoints",
                "PayerResponsibility",
                "Tags",
                "PrivateDnsNameVerificationState",
                "SupportedIpAddressTypes",
            ],
            Kind::ServiceNames => &[],
            Kind::PrefixLists => &[
                "Cidrs",
                "PrefixListId",
                "PrefixListName",
                "AddressFamily",
                "State",
                "StateMessage",
                "PrefixListArn",
                "MaxEntries",
                "Version",
                "Tags",
                "OwnerId",
                "IpamPrefixListResolverTargetId",
                "IpamPrefixListResolverSyncEnabled",
            ],
            Kind::PrefixListEntries => &["Cidr", "Description", "PrefixListId"],
            Kind::SecurityGroups => &[
                "GroupId",
                "IpPermissionsEgress",
                "Tags",
                "VpcId",
                "SecurityGroupArn",
                "OwnerId",
                "GroupName",
                "Description",
                "IpPermissions",
            ],
            Kind::NetworkAcls => &[
                "Associations",
                "Entries",
                "IsDefault",
                "NetworkAclId",
                "Tags",
                "VpcId",
                "OwnerId",
            ],
            Kind::Reservations => &[
                "ReservationId",
                "OwnerId",
                "RequesterId",
                "Groups",
                "Instances",
            ],
            Kind::Instances => &[
                "Architecture",
                "BlockDeviceMappings",
                "ClientToken",
                "EbsOptimized",
                "EnaSupport",
                "Hypervisor",
                "IamInstanceProfile",
                "InstanceLifecycle",
                "ElasticGpuAssociations",
                "ElasticInferenceAcceleratorAssociations",
                "NetworkInterfaces",
                "OutpostArn",
                "RootDeviceName",
                "RootDeviceType",
                "SecurityGroups",
                "SourceDestCheck",
                "SpotInstanceRequestId",
                "SriovNetSupport",
                "StateReason",
                "Tags",
                "VirtualizationType",
                "CpuOptions",
                "CapacityBlockId",
                "CapacityReservationId",
                "CapacityReservationSpecification",
                "HibernationOptions",
                "Licenses",
                "MetadataOptions",
                "EnclaveOptions",
                "BootMode",
                "PlatformDetails",
                "UsageOperation",
                "UsageOperationUpdateTime",
                "PrivateDnsNameOptions",
                "Ipv6Address",
                "TpmSupport",
                "MaintenanceOptions",
                "CurrentInstanceBootMode",
                "NetworkPerformanceOptions",
                "Operator",
                "SecondaryInterfaces",
                "InstanceId",
                "ImageId",
                "State",
                "PrivateDnsName",
                "PublicDnsName",
                "StateTransitionReason",
                "KeyName",
                "AmiLaunchIndex",
                "ProductCodes",
                "InstanceType",
                "LaunchTime",
                "Placement",
                "KernelId",
                "RamdiskId",
                "Platform",
                "Monitoring",
                "SubnetId",
                "VpcId",
                "PrivateIpAddress",
                "PublicIpAddress",
            ],
            Kind::NetworkInterfaces => &[
                "Association",
                "Attachment",
                "AvailabilityZone",
                "ConnectionTrackingConfiguration",
                "Description",
                "Groups",
                "InterfaceType",
                "Ipv6Addresses",
                "MacAddress",
                "NetworkInterfaceId",
                "OutpostArn",
                "OwnerId",
                "PrivateDnsName",
                "PublicDnsName",
                "PublicIpDnsNameOptions",
                "PrivateIpAddress",
                "PrivateIpAddresses",
                "Ipv4Prefixes",
                "Ipv6Prefixes",
                "RequesterId",
                "RequesterManaged",
                "SourceDestCheck",
                "Status",
                "SubnetId",
                "TagSet",
                "VpcId",
                "DenyAllIgwTraffic",
                "Ipv6Native",
                "Ipv6Address",
                "Operator",
                "AssociatedSubnets",
                "AvailabilityZoneId",
            ],
            Kind::VpcPeeringConnections => &[
                "AccepterVpcInfo",
                "ExpirationTime",
                "RequesterVpcInfo",
                "Status",
                "Tags",
                "VpcPeeringConnectionId",
            ],
            Kind::VpnGateways => &[
                "AmazonSideAsn",
                "Tags",
                "VpnGatewayId",
                "State",
                "Type",
                "AvailabilityZone",
                "VpcAttachments",
            ],
            Kind::VpnConnections => &[
                "Category",
                "TransitGatewayId",
                "VpnConcentratorId",
                "CoreNetworkArn",
                "CoreNetworkAttachmentArn",
                "GatewayAssociationState",
                "Options",
                "Routes",
                "Tags",
                "VgwTelemetry",
                "PreSharedKeyArn",
                "VpnConnectionId",
                "State",
                "CustomerGatewayConfiguration",
                "Type",
                "CustomerGatewayId",
                "VpnGatewayId",
            ],
            Kind::CustomerGateways => &[
                "CertificateArn",
                "DeviceName",
                "Tags",
                "BgpAsnExtended",
                "CustomerGatewayId",
                "State",
                "Type",
                "IpAddress",
                "BgpAsn",
            ],
            Kind::TransitGateways => &[
                "TransitGatewayId",
                "TransitGatewayArn",
                "State",
                "OwnerId",
                "Description",
                "CreationTime",
                "Options",
                "Tags",
            ],
            Kind::TransitGatewayAttachments => &[
                "TransitGatewayAttachmentId",
                "TransitGatewayId",
                "TransitGatewayOwnerId",
                "ResourceOwnerId",
                "ResourceType",
                "ResourceId",
                "State",
                "Association",
                "CreationTime",
                "Tags",
            ],
            Kind::TransitGatewayVpcAttachments => &[
                "TransitGatewayAttachmentId",
                "TransitGatewayId",
                "VpcId",
                "VpcOwnerId",
                "State",
                "SubnetIds",
                "CreationTime",
                "Options",
                "Tags",
            ],
            Kind::TransitGatewayRouteTables => &[
                "TransitGatewayRouteTableId",
                "TransitGatewayId",
                "State",
                "DefaultAssociationRouteTable",
                "DefaultPropagationRouteTable",
                "CreationTime",
                "Tags",
            ],
            Kind::TransitGatewayPropagations => &[
                "TransitGatewayRouteTableId",
                "TransitGatewayRouteTablePropagations",
            ],
            Kind::TransitGatewayStaticRoutes => &[
                "TransitGatewayRouteTableId",
                "Routes",
                "AdditionalRoutesAvailable",
            ],
            Kind::LoadBalancers => &[
                "LoadBalancerArn",
                "DNSName",
                "CanonicalHostedZoneId",
                "CreatedTime",
                "LoadBalancerName",
                "Scheme",
                "VpcId",
                "State",
                "Type",
                "AvailabilityZones",
                "SecurityGroups",
                "IpAddressType",
                "CustomerOwnedIpv4Pool",
                "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic",
                "EnablePrefixForIpv6SourceNat",
                "IpamPools",
            ],
            Kind::Listeners => &[
                "ListenerArn",
                "LoadBalancerArn",
                "Port",
                "Protocol",
                "Certificates",
                "SslPolicy",
                "DefaultActions",
                "AlpnPolicy",
                "MutualAuthentication",
            ],
            Kind::Addresses => &[
                "AllocationId",
                "AssociationId",
                "Domain",
                "NetworkInterfaceId",
                "NetworkInterfaceOwnerId",
                "PrivateIpAddress",
                "Tags",
                "PublicIpv4Pool",
                "NetworkBorderGroup",
                "CustomerOwnedIp",
                "CustomerOwnedIpv4Pool",
                "CarrierIp",
                "SubnetId",
                "ServiceManaged",
                "InstanceId",
                "PublicIp",
            ],
        }
    }
}

/// Members AWS documents for one route (`describe-route-tables` `Routes[]`).
pub const ROUTE_FIELDS: &[&str] = &[
    "DestinationCidrBlock",
    "DestinationIpv6CidrBlock",
    "DestinationPrefixListId",
    "EgressOnlyInternetGatewayId",
    "GatewayId",
    "InstanceId",
    "InstanceOwnerId",
    "NatGatewayId",
    "TransitGatewayId",
    "LocalGatewayId",
    "CarrierGatewayId",
    "NetworkInterfaceId",
    "Origin",
    "State",
    "VpcPeeringConnectionId",
    "CoreNetworkArn",
    "OdbNetworkArn",
    "IpAddress",
];

/// Members AWS documents for one network-ACL entry.
pub const NACL_ENTRY_FIELDS: &[&str] = &[
    "CidrBlock",
    "Egress",
    "IcmpTypeCode",
    "Ipv6CidrBlock",
    "PortRange",
    "Protocol",
    "RuleAction",
    "RuleNumber",
];

/// Items of one kind found in one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub kind: Kind,
    pub items: Vec<Value>,
    /// For `Entries` (a prefix list id) and bare TGW `Routes` (a TGW route-table id): whose items these are, when
    /// the document or its path says.
    pub owner: Option<String>,
}

/// What [`detect`] found in one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detected {
    pub sections: Vec<Section>,
    /// Top-level keys that no `describe-*` output the importer knows has.
    pub unknown_keys: Vec<String>,
    /// Set when the document is neither a known output nor a recognisable bare item: a short description.
    pub unrecognised: Option<String>,
    /// Top-level keys whose value was not a list or an object (e.g. `"Vpcs": 3`).
    pub malformed_keys: Vec<String>,
    /// Outputs read but not modelled ([`IGNORED_KEYS`]): the key and why.
    pub ignored_keys: Vec<(String, &'static str)>,
}

/// Recognise one parsed document. `label` (its path) may supply the owner of `Entries` / bare TGW `Routes`
/// (a `pl-…` or `tgw-rtb-…` id in the file name).
pub fn detect(value: Value, label: &str) -> Detected {
    let mut out = Detected::default();
    match value {
        Value::Object(map) => detect_object(map, label, &mut out),
        Value::Array(items) => detect_bare_items(items, label, &mut out),
        Value::Null => {}
        other => out.unrecognised = Some(format!("a JSON {}", json_type(&other))),
    }
    out
}

fn detect_object(map: Map<String, Value>, label: &str, out: &mut Detected) {
    if !map.keys().any(|k| kind_of_key(k).is_some()) {
        // A single item (from `--query`), a describe-vpc-attribute output, or something else.
        if let Some(kind) = classify_item(&map) {
            let owner = owner_of(kind, &map, label);
            let items = if kind == Kind::PrefixListEntries && map.contains_key("Entries") {
                list_of(map.get("Entries").cloned().unwrap_or(Value::Null))
            } else {
                vec![Value::Object(map)]
            };
            out.sections.push(Section { kind, items, owner });
            return;
        }
        // An output of a command the importer does not read (`{"AvailabilityZones": […]}`) falls through: its keys
        // are reported as unknown. Anything else is not an output at all.
        let looks_like_output = map
            .iter()
            .any(|(k, v)| v.is_array() && !SKIPPED_KEYS.contains(&k.as_str()));
        if !looks_like_output {
            if !map.keys().all(|k| SKIPPED_KEYS.contains(&k.as_str())) {
                let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
                keys.sort_unstable();
                keys.truncate(5);
                let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
                out.unrecognised = Some(format!("an object with keys {}", keys.join(", ")));
            }
            return;
        }
    }
    // describe-vpc-attribute outputs merged into the same object: `VpcId` next to `EnableDns…`.
    let attribute_keys = [
        "VpcId",
        "EnableDnsSupport",
        "EnableDnsHostnames",
        "EnableNetworkAddressUsageMetrics",
    ];
    let mut map = map;
    if map.contains_key("VpcId")
        && (map.contains_key("EnableDnsSupport") || map.contains_key("EnableDnsHostnames"))
    {
        let mut attribute = Map::new();
        for key in attribute_keys {
            if let Some(v) = map.remove(key) {
                attribute.insert(key.to_string(), v);
            }
        }
        out.sections.push(Section {
            kind: Kind::VpcAttribute,
            items: vec![Value::Object(attribute)],
            owner: None,
        });
    }
    // Owners of `Entries` and `Routes`: written next to them, or in the file name.
    let pl_owner = str_member(&map, "PrefixListId").or_else(|| find_id(label, "pl-"));
    let rtb_owner =
        str_member(&map, "TransitGatewayRouteTableId").or_else(|| find_id(label, "tgw-rtb-"));
    let tg_owner = str_member(&map, "TargetGroupArn");
    for (key, value) in map {
        if let Some(kind) = kind_of_key(&key) {
            match value {
                Value::Array(_) | Value::Object(_) | Value::Null => out.sections.push(Section {
                    kind,
                    items: list_of(value),
                    owner: None,
                }),
                _ => out.malformed_keys.push(key),
            }
        } else if key == "Entries" {
            match value {
                Value::Array(_) | Value::Null => out.sections.push(Section {
                    kind: Kind::PrefixListEntries,
                    items: list_of(value),
                    owner: pl_owner.clone(),
                }),
                _ => out.malformed_keys.push(key),
            }
        } else if key == "TargetHealthDescriptions" || key == "Associations" {
            // Outputs of commands whose argument names the owner: the target group, the TGW route table.
            let (kind, owner) = if key == "Associations" {
                (Kind::TransitGatewayAssociations, rtb_owner.clone())
            } else {
                (Kind::TargetHealth, tg_owner.clone())
            };
            match value {
                Value::Array(_) | Value::Null => out.sections.push(Section {
                    kind,
                    items: list_of(value),
                    owner,
                }),
                _ => out.malformed_keys.push(key),
            }
        } else if key == "LoadBalancerTargetHealth" {
            // Batfish's assembled file: `[{"TargetGroupArn": …, "TargetHealthDescriptions": […]}, …]`.
            match value {
                Value::Array(groups) => {
                    for group in groups {
                        let owner = group
                            .get("TargetGroupArn")
                            .and_then(Value::as_str)
                            .map(str::to_string);
                        let items = group
                            .get("TargetHealthDescriptions")
                            .cloned()
                            .map(list_of)
                            .unwrap_or_default();
                        out.sections.push(Section {
                            kind: Kind::TargetHealth,
                            items,
                            owner,
                        });
                    }
                }
                Value::Null => {}
                _ => out.malformed_keys.push(key),
            }
        } else if let Some((_, why)) = IGNORED_KEYS.iter().find(|(k, _)| *k == key) {
            out.ignored_keys.push((key, why));
        } else if key == "Routes" {
            // search-transit-gateway-routes printed as is: `{"Routes": […], "AdditionalRoutesAvailable": false}`.
            match value {
                Value::Array(_) | Value::Null => {
                    let item = serde_json::json!({ "TransitGatewayRouteTableId": rtb_owner.clone(), "Routes": value });
                    out.sections.push(Section {
                        kind: Kind::TransitGatewayStaticRoutes,
                        items: vec![item],
                        owner: rtb_owner.clone(),
                    })
                }
                _ => out.malformed_keys.push(key),
            }
        } else if SKIPPED_KEYS.contains(&key.as_str())
            || key == "PrefixListId"
            || key == "TransitGatewayRouteTableId"
            || key == "TargetGroupArn"
        {
            // Pagination/metadata, or the owner of `Entries` / `Routes` read above.
        } else {
            out.unknown_keys.push(key);
        }
    }
}

fn str_member(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(str::to_string)
}

fn detect_bare_items(items: Vec<Value>, label: &str, out: &mut Detected) {
    let mut unrecognised = 0usize;
    for item in items {
        let kind = match &item {
            Value::Object(map) => classify_item(map),
            Value::String(s) if s.starts_with("com.amazonaws.") || s.starts_with("aws.") => {
                Some(Kind::ServiceNames)
            }
            _ => None,
        };
        let Some(kind) = kind else {
            unrecognised += 1;
            continue;
        };
        let owner = match &item {
            Value::Object(map) => owner_of(kind, map, label),
            _ => None,
        };
        match out.sections.last_mut() {
            Some(last) if last.kind == kind && last.owner == owner => last.items.push(item),
            _ => out.sections.push(Section {
                kind,
                items: vec![item],
                owner,
            }),
        }
    }
    if unrecognised > 0 {
        out.unrecognised = Some(format!(
            "{unrecognised} array element(s) that are not `describe-*` items"
        ));
    }
}

fn owner_of(kind: Kind, map: &Map<String, Value>, label: &str) -> Option<String> {
    match kind {
        Kind::PrefixListEntries => {
            str_member(map, "PrefixListId").or_else(|| find_id(label, "pl-"))
        }
        Kind::TransitGatewayPropagations | Kind::TransitGatewayStaticRoutes => {
            str_member(map, "TransitGatewayRouteTableId").or_else(|| find_id(label, "tgw-rtb-"))
        }
        Kind::TargetHealth => str_member(map, "TargetGroupArn"),
        _ => None,
    }
}

fn kind_of_key(key: &str) -> Option<Kind> {
    KEYS.iter().find(|(k, _)| *k == key).map(|(_, kind)| *kind)
}

/// The items of a section value: a list as is, one object as a one-item list, `null` as nothing.
fn list_of(value: Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        other => vec![other],
    }
}

/// Recognise one item by its identifying members.
pub fn classify_item(map: &Map<String, Value>) -> Option<Kind> {
    let has = |k: &str| map.contains_key(k);
    let kind = if has("SecurityGroupRuleId") {
        Kind::SecurityGroupRules
    } else if has("DhcpOptionsId") && has("DhcpConfigurations") {
        Kind::DhcpOptions
    } else if has("TargetGroupArn") && (has("TargetGroupName") || has("TargetType")) {
        Kind::TargetGroups
    } else if has("Target") && has("TargetHealth") {
        Kind::TargetHealth
    } else if has("RouteTableId") {
        Kind::RouteTables
    } else if has("NetworkAclId") {
        Kind::NetworkAcls
    } else if has("TransitGatewayRouteTablePropagations") {
        Kind::TransitGatewayPropagations
    } else if has("TransitGatewayRouteTableId") && has("Routes") {
        Kind::TransitGatewayStaticRoutes
    } else if has("TransitGatewayAttachmentId") {
        if has("SubnetIds") || has("VpcId") {
            Kind::TransitGatewayVpcAttachments
        } else {
            Kind::TransitGatewayAttachments
        }
    } else if has("TransitGatewayRouteTableId") {
        Kind::TransitGatewayRouteTables
    } else if has("VpcEndpointConnectionId") || has("VpcEndpointState") {
        Kind::VpcEndpointConnections
    } else if has("VpcEndpointId") {
        Kind::VpcEndpoints
    } else if has("ServiceId") || (has("ServiceName") && has("ServiceType")) {
        if has("ServiceState") || has("NetworkLoadBalancerArns") || has("GatewayLoadBalancerArns") {
            Kind::ServiceConfigurations
        } else {
            Kind::ServiceDetails
        }
    } else if has("PrefixListId") && has("Entries") {
        Kind::PrefixListEntries
    } else if has("PrefixListId") {
        Kind::PrefixLists
    } else if has("NatGatewayId") {
        Kind::NatGateways
    } else if has("EgressOnlyInternetGatewayId") {
        Kind::EgressOnlyInternetGateways
    } else if has("InternetGatewayId") {
        Kind::InternetGateways
    } else if has("VpcPeeringConnectionId") {
        Kind::VpcPeeringConnections
    } else if has("VpnConnectionId") {
        Kind::VpnConnections
    } else if has("VpnGatewayId") {
        Kind::VpnGateways
    } else if has("CustomerGatewayId") {
        Kind::CustomerGateways
    } else if has("TransitGatewayId") {
        Kind::TransitGateways
    } else if has("GroupId")
        && (has("IpPermissions") || has("IpPermissionsEgress") || has("GroupName"))
    {
        Kind::SecurityGroups
    } else if has("ReservationId") || has("Instances") {
        Kind::Reservations
    } else if has("InstanceId")
        && (has("ImageId") || has("InstanceType") || has("LaunchTime") || has("Placement"))
    {
        Kind::Instances
    } else if has("ListenerArn") {
        Kind::Listeners
    } else if has("LoadBalancerArn") {
        Kind::LoadBalancers
    } else if has("AllocationId") || (has("PublicIp") && has("Domain")) {
        Kind::Addresses
    } else if has("NetworkInterfaceId") && has("SubnetId") {
        Kind::NetworkInterfaces
    } else if has("SubnetId") && (has("CidrBlock") || has("AvailabilityZone")) {
        Kind::Subnets
    } else if has("VpcId")
        && (has("EnableDnsSupport")
            || has("EnableDnsHostnames")
            || has("EnableNetworkAddressUsageMetrics"))
    {
        Kind::VpcAttribute
    } else if has("VpcId") && (has("CidrBlock") || has("CidrBlockAssociationSet")) {
        Kind::Vpcs
    } else if has("Cidr") {
        Kind::PrefixListEntries
    } else {
        return None;
    };
    Some(kind)
}

/// The first AWS id with `prefix` (`pl-`, `tgw-rtb-`) in a path or label, e.g. `entries/pl-0123abcd.json`.
pub fn find_id(label: &str, prefix: &str) -> Option<String> {
    let bytes = label.as_bytes();
    let mut from = 0;
    while let Some(pos) = label.get(from..).and_then(|rest| rest.find(prefix)) {
        let start = from + pos;
        let boundary = start == 0
            || !bytes
                .get(start - 1)
                .is_some_and(|b| b.is_ascii_alphanumeric());
        let tail = &label[start + prefix.len()..];
        let id_len = tail.bytes().take_while(|b| b.is_ascii_hexdigit()).count();
        let end_ok = !tail
            .as_bytes()
            .get(id_len)
            .is_some_and(|b| b.is_ascii_alphanumeric());
        if boundary && id_len >= 1 && end_ok {
            return Some(label[start..start + prefix.len() + id_len].to_string());
        }
        from = start + prefix.len();
    }
    None
}

pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kinds(v: Value, label: &str) -> Vec<(Kind, usize, Option<String>)> {
        detect(v, label)
            .sections
            .into_iter()
            .map(|s| (s.kind, s.items.len(), s.owner))
            .collect()
    }

    #[test]
    fn merged_object_with_pagination_and_unknown_keys() {
        let d = detect(
            json!({"Vpcs": [{}], "Subnets": [], "NextToken": "x", "AvailabilityZones": []}),
            "a.json",
        );
        assert_eq!(d.sections.len(), 2);
        assert_eq!(d.unknown_keys, vec!["AvailabilityZones".to_string()]);
    }

    #[test]
    fn bare_items_and_single_objects() {
        assert_eq!(
            kinds(
                json!([{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}, {"SubnetId": "subnet-1", "CidrBlock": "10.0.0.0/24"}]),
                ""
            ),
            vec![(Kind::Vpcs, 1, None), (Kind::Subnets, 1, None)]
        );
        assert_eq!(
            kinds(
                json!({"VpcId": "vpc-1", "EnableDnsSupport": {"Value": true}}),
                ""
            ),
            vec![(Kind::VpcAttribute, 1, None)]
        );
        assert_eq!(
            kinds(
                json!({"PrefixListId": "pl-1a", "Entries": [{"Cidr": "1.0.0.0/8"}]}),
                ""
            ),
            vec![(Kind::PrefixListEntries, 1, Some("pl-1a".into()))]
        );
    }

    #[test]
    fn entries_and_routes_take_their_owner_from_the_path() {
        assert_eq!(
            kinds(
                json!({"Entries": [{"Cidr": "1.0.0.0/8"}]}),
                "x/pl-0abc.json"
            ),
            vec![(Kind::PrefixListEntries, 1, Some("pl-0abc".into()))]
        );
        assert_eq!(
            kinds(
                json!({"Routes": [], "AdditionalRoutesAvailable": false}),
                "routes-tgw-rtb-09f.json"
            ),
            vec![(
                Kind::TransitGatewayStaticRoutes,
                1,
                Some("tgw-rtb-09f".into())
            )]
        );
    }

    #[test]
    fn vpc_attributes_merged_with_lists() {
        let d = detect(
            json!({"Vpcs": [], "VpcId": "vpc-1", "EnableDnsSupport": {"Value": false}, "EnableDnsHostnames": {"Value": true}}),
            "",
        );
        assert!(d.unknown_keys.is_empty(), "{:?}", d.unknown_keys);
        assert_eq!(
            d.sections.iter().map(|s| s.kind).collect::<Vec<_>>(),
            [Kind::VpcAttribute, Kind::Vpcs]
        );
    }

    #[test]
    fn find_id_needs_boundaries() {
        assert_eq!(find_id("sample-pl-12.json", "pl-"), Some("pl-12".into()));
        assert_eq!(find_id("apple-pl-zz", "pl-"), None);
        assert_eq!(find_id("xpl-12", "pl-"), None);
        assert_eq!(find_id("", "pl-"), None);
    }
}
