//! Wire DTOs: tolerant serde mirrors of `aws ec2 describe-*` (and `elbv2 describe-load-balancers` / `describe-listeners`) output items.
//!
//! Every field is optional, names are PascalCase exactly as the AWS CLI prints them, and unknown fields are
//! ignored here (the importer reports them separately, see [`super::known`]). These types are *not* the model:
//! [`super::convert`] turns them into [`crate::model`] values. Only the fields the importer uses are declared.
//!
//! A few AWS outputs print numbers as strings (`"BgpAsn": "65000"`) or booleans as strings; those fields use
//! the lenient deserializers in [`lenient`].

use serde::Deserialize;
use serde_json::Value;

/// Lenient field deserializers: accept the odd encodings AWS tools produce instead of failing the item.
pub mod lenient {
    use serde::{Deserialize, Deserializer};
    use serde_json::Value;

    /// A non-negative integer given as a number or as a decimal string; anything else is `None`.
    pub fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Number(n) => n.as_u64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= 9.0e15)
                    .map(|f| f as u64)
            }),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
    }

    /// An integer given as a number or as a decimal string; anything else is `None`.
    pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Number(n) => n.as_i64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() <= 9.0e15)
                    .map(|f| f as i64)
            }),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
    }

    /// A boolean given as `true`/`false` or as the strings `"true"`/`"false"` (any case); anything else is `None`.
    pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Bool(b) => Some(b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        })
    }

    /// A string, or a number or boolean printed as one (`"Protocol": 6`); anything else is `None`.
    pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        })
    }
}

/// `{"Key": "Name", "Value": "web"}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Tag {
    pub key: Option<String>,
    pub value: Option<String>,
}

/// The `Name` tag of a resource, if any and not blank.
pub fn name_tag(tags: &Option<Vec<Tag>>) -> Option<String> {
    tags.as_ref()?
        .iter()
        .find(|t| t.key.as_deref() == Some("Name"))
        .and_then(|t| t.value.clone())
        .filter(|v| !v.trim().is_empty())
}

/// `{"State": "associated"}` and the like.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct StateHolder {
    pub state: Option<String>,
}

/// `{"Value": true}` (describe-vpc-attribute).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BoolValue {
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub value: Option<bool>,
}

// ---------------------------------------------------------------------------------------------------------------
// VPCs and subnets

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Vpc {
    pub vpc_id: Option<String>,
    pub cidr_block: Option<String>,
    pub cidr_block_association_set: Option<Vec<VpcCidrBlockAssociation>>,
    pub ipv6_cidr_block_association_set: Option<Vec<Ipv6CidrBlockAssociation>>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub is_default: Option<bool>,
    pub owner_id: Option<String>,
    pub state: Option<String>,
    pub tags: Option<Vec<Tag>>,
    pub block_public_access_states: Option<BlockPublicAccessStates>,
    pub dhcp_options_id: Option<String>,
}

/// describe-dhcp-options `DhcpOptions[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DhcpOptions {
    pub dhcp_options_id: Option<String>,
    pub owner_id: Option<String>,
    pub dhcp_configurations: Option<Vec<DhcpConfiguration>>,
    pub tags: Option<Vec<Tag>>,
}

/// `{"Key": "domain-name-servers", "Values": [{"Value": "AmazonProvidedDNS"}]}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DhcpConfiguration {
    pub key: Option<String>,
    pub values: Option<Vec<AttributeValue>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AttributeValue {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpcCidrBlockAssociation {
    pub cidr_block: Option<String>,
    pub cidr_block_state: Option<StateHolder>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Ipv6CidrBlockAssociation {
    pub ipv6_cidr_block: Option<String>,
    pub ipv6_cidr_block_state: Option<StateHolder>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BlockPublicAccessStates {
    pub internet_gateway_block_mode: Option<String>,
}

/// describe-vpc-attribute: `{"VpcId": …, "EnableDnsSupport": {"Value": true}}` or `… "EnableDnsHostnames" …`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpcAttribute {
    pub vpc_id: Option<String>,
    pub enable_dns_support: Option<BoolValue>,
    pub enable_dns_hostnames: Option<BoolValue>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Subnet {
    pub subnet_id: Option<String>,
    pub vpc_id: Option<String>,
    pub cidr_block: Option<String>,
    pub ipv6_cidr_block_association_set: Option<Vec<Ipv6CidrBlockAssociation>>,
    pub availability_zone: Option<String>,
    pub availability_zone_id: Option<String>,
    pub state: Option<String>,
    pub owner_id: Option<String>,
    pub tags: Option<Vec<Tag>>,
}

// ---------------------------------------------------------------------------------------------------------------
// Route tables

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RouteTable {
    pub route_table_id: Option<String>,
    pub vpc_id: Option<String>,
    pub associations: Option<Vec<RouteTableAssociation>>,
    pub propagating_vgws: Option<Vec<PropagatingVgw>>,
    pub routes: Option<Vec<Value>>,
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RouteTableAssociation {
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub main: Option<bool>,
    pub subnet_id: Option<String>,
    pub gateway_id: Option<String>,
    pub association_state: Option<StateHolder>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PropagatingVgw {
    pub gateway_id: Option<String>,
}

/// One route. Kept as its own type (routes are read one by one from raw values, so that one bad route does not
/// cost the whole table).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Route {
    pub destination_cidr_block: Option<String>,
    pub destination_ipv6_cidr_block: Option<String>,
    pub destination_prefix_list_id: Option<String>,
    pub gateway_id: Option<String>,
    pub egress_only_internet_gateway_id: Option<String>,
    pub nat_gateway_id: Option<String>,
    pub transit_gateway_id: Option<String>,
    pub vpc_peering_connection_id: Option<String>,
    pub network_interface_id: Option<String>,
    pub instance_id: Option<String>,
    pub local_gateway_id: Option<String>,
    pub carrier_gateway_id: Option<String>,
    pub core_network_arn: Option<String>,
    pub odb_network_arn: Option<String>,
    pub origin: Option<String>,
    pub state: Option<String>,
}

// ---------------------------------------------------------------------------------------------------------------
// Gateways

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InternetGateway {
    pub internet_gateway_id: Option<String>,
    pub egress_only_internet_gateway_id: Option<String>,
    pub attachments: Option<Vec<VpcAttachment>>,
    pub tags: Option<Vec<Tag>>,
}

/// `{"State": "available" | "attached", "VpcId": …}` (IGW, EIGW and VGW attachments).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpcAttachment {
    pub state: Option<String>,
    pub vpc_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NatGateway {
    pub nat_gateway_id: Option<String>,
    pub subnet_id: Option<String>,
    pub vpc_id: Option<String>,
    pub state: Option<String>,
    pub connectivity_type: Option<String>,
    pub availability_mode: Option<String>,
    pub nat_gateway_addresses: Option<Vec<NatGatewayAddress>>,
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NatGatewayAddress {
    pub network_interface_id: Option<String>,
    pub private_ip: Option<String>,
    pub public_ip: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub is_primary: Option<bool>,
    pub availability_zone: Option<String>,
    pub status: Option<String>,
}

// ---------------------------------------------------------------------------------------------------------------
// Instances and network interfaces

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Reservation {
    pub instances: Option<Vec<Value>>,
    pub owner_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Instance {
    pub instance_id: Option<String>,
    pub state: Option<InstanceState>,
    pub subnet_id: Option<String>,
    pub vpc_id: Option<String>,
    pub private_ip_address: Option<String>,
    pub public_ip_address: Option<String>,
    pub security_groups: Option<Vec<GroupIdentifier>>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub source_dest_check: Option<bool>,
    pub network_interfaces: Option<Vec<NetworkInterface>>,
    pub placement: Option<Placement>,
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InstanceState {
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Placement {
    pub availability_zone: Option<String>,
}

/// `{"GroupId": "sg-…", "GroupName": "…"}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GroupIdentifier {
    pub group_id: Option<String>,
}

/// A network interface, both as describe-network-interfaces prints it and as nested in an instance.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkInterface {
    pub network_interface_id: Option<String>,
    pub subnet_id: Option<String>,
    pub vpc_id: Option<String>,
    pub availability_zone: Option<String>,
    pub description: Option<String>,
    pub interface_type: Option<String>,
    pub requester_id: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub requester_managed: Option<bool>,
    pub status: Option<String>,
    pub private_ip_address: Option<String>,
    pub private_ip_addresses: Option<Vec<PrivateIpAddress>>,
    pub ipv6_addresses: Option<Vec<Ipv6Address>>,
    pub association: Option<IpAssociation>,
    pub attachment: Option<EniAttachment>,
    pub groups: Option<Vec<GroupIdentifier>>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub source_dest_check: Option<bool>,
    pub tag_set: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PrivateIpAddress {
    pub private_ip_address: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub primary: Option<bool>,
    pub association: Option<IpAssociation>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Ipv6Address {
    pub ipv6_address: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IpAssociation {
    pub public_ip: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EniAttachment {
    pub instance_id: Option<String>,
    pub instance_owner_id: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub device_index: Option<i64>,
    pub status: Option<String>,
}

/// describe-addresses: an Elastic IP.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Address {
    pub public_ip: Option<String>,
    pub allocation_id: Option<String>,
    pub instance_id: Option<String>,
    pub network_interface_id: Option<String>,
    pub private_ip_address: Option<String>,
}

// ---------------------------------------------------------------------------------------------------------------
// Security groups, network ACLs, prefix lists

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SecurityGroup {
    pub group_id: Option<String>,
    pub group_name: Option<String>,
    pub vpc_id: Option<String>,
    pub ip_permissions: Option<Vec<IpPermission>>,
    pub ip_permissions_egress: Option<Vec<IpPermission>>,
    pub tags: Option<Vec<Tag>>,
}

/// describe-security-group-rules `SecurityGroupRules[]`: one rule, one peer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SecurityGroupRule {
    pub security_group_rule_id: Option<String>,
    pub group_id: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub is_egress: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub ip_protocol: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub from_port: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub to_port: Option<i64>,
    pub cidr_ipv4: Option<String>,
    pub cidr_ipv6: Option<String>,
    pub prefix_list_id: Option<String>,
    pub referenced_group_info: Option<UserIdGroupPair>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IpPermission {
    #[serde(deserialize_with = "lenient::opt_string")]
    pub ip_protocol: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub from_port: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub to_port: Option<i64>,
    pub ip_ranges: Option<Vec<IpRange>>,
    pub ipv6_ranges: Option<Vec<IpRange>>,
    pub prefix_list_ids: Option<Vec<PrefixListRef>>,
    pub user_id_group_pairs: Option<Vec<UserIdGroupPair>>,
}

/// `IpRanges[]` (`CidrIp`) and `Ipv6Ranges[]` (`CidrIpv6`) share this type.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IpRange {
    pub cidr_ip: Option<String>,
    pub cidr_ipv6: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PrefixListRef {
    pub prefix_list_id: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct UserIdGroupPair {
    pub group_id: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkAcl {
    pub network_acl_id: Option<String>,
    pub vpc_id: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub is_default: Option<bool>,
    pub associations: Option<Vec<NetworkAclAssociation>>,
    pub entries: Option<Vec<Value>>,
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkAclAssociation {
    pub subnet_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct NetworkAclEntry {
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub rule_number: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub egress: Option<bool>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub protocol: Option<String>,
    pub rule_action: Option<String>,
    pub cidr_block: Option<String>,
    pub ipv6_cidr_block: Option<String>,
    pub port_range: Option<PortRange>,
    pub icmp_type_code: Option<IcmpTypeCode>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PortRange {
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub from: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub to: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IcmpTypeCode {
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub r#type: Option<i64>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub code: Option<i64>,
}

/// Both `PrefixLists` shapes: describe-prefix-lists (`Cidrs`) and describe-managed-prefix-lists
/// (`PrefixListArn`, `MaxEntries`, `OwnerId`, `State`, no CIDRs).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PrefixList {
    pub prefix_list_id: Option<String>,
    pub prefix_list_name: Option<String>,
    pub cidrs: Option<Vec<String>>,
    pub prefix_list_arn: Option<String>,
    #[serde(deserialize_with = "lenient::opt_u64")]
    pub max_entries: Option<u64>,
    pub owner_id: Option<String>,
    pub state: Option<String>,
    pub address_family: Option<String>,
}

/// get-managed-prefix-list-entries: one entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PrefixListEntry {
    pub cidr: Option<String>,
    /// Not in AWS output; accepted when a user tags each entry with its list.
    pub prefix_list_id: Option<String>,
}

// ---------------------------------------------------------------------------------------------------------------
// VPC endpoints and endpoint services

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpcEndpoint {
    pub vpc_endpoint_id: Option<String>,
    pub vpc_endpoint_type: Option<String>,
    pub vpc_id: Option<String>,
    pub service_name: Option<String>,
    pub state: Option<String>,
    /// A JSON document *as a string* in AWS output; an object is accepted too.
    pub policy_document: Option<Value>,
    pub route_table_ids: Option<Vec<String>>,
    pub subnet_ids: Option<Vec<String>>,
    pub groups: Option<Vec<GroupIdentifier>>,
    pub ip_address_type: Option<String>,
    pub dns_options: Option<DnsOptions>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub private_dns_enabled: Option<bool>,
    pub network_interface_ids: Option<Vec<String>>,
    pub dns_entries: Option<Vec<DnsEntry>>,
    pub service_region: Option<String>,
    pub owner_id: Option<String>,
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DnsOptions {
    pub dns_record_ip_type: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub private_dns_only_for_inbound_resolver_endpoint: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct DnsEntry {
    pub dns_name: Option<String>,
}

/// describe-vpc-endpoint-services `ServiceDetails[]` and describe-vpc-endpoint-service-configurations
/// `ServiceConfigurations[]` (the provider side) share most members; this type reads both.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EndpointService {
    pub service_id: Option<String>,
    pub service_name: Option<String>,
    pub service_type: Option<Vec<ServiceTypeDetail>>,
    pub service_state: Option<String>,
    pub service_region: Option<String>,
    pub owner: Option<String>,
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub acceptance_required: Option<bool>,
    pub availability_zones: Option<Vec<String>>,
    pub network_load_balancer_arns: Option<Vec<String>>,
    pub gateway_load_balancer_arns: Option<Vec<String>>,
    pub private_dns_name: Option<String>,
    pub supported_regions: Option<Vec<SupportedRegion>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ServiceTypeDetail {
    pub service_type: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SupportedRegion {
    pub region: Option<String>,
    pub service_state: Option<String>,
}

/// describe-vpc-endpoint-connections (provider side): a consumer endpoint connected to one of our services.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpcEndpointConnection {
    pub service_id: Option<String>,
    pub vpc_endpoint_id: Option<String>,
    pub vpc_endpoint_state: Option<String>,
}

// ---------------------------------------------------------------------------------------------------------------
// Peering, transit gateways, VPN

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpcPeeringConnection {
    pub vpc_peering_connection_id: Option<String>,
    pub requester_vpc_info: Option<PeeringVpcInfo>,
    pub accepter_vpc_info: Option<PeeringVpcInfo>,
    pub status: Option<PeeringStatus>,
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PeeringVpcInfo {
    pub vpc_id: Option<String>,
    pub cidr_block: Option<String>,
    pub cidr_block_set: Option<Vec<CidrBlockHolder>>,
    pub ipv6_cidr_block_set: Option<Vec<Ipv6CidrBlockHolder>>,
    pub owner_id: Option<String>,
    pub region: Option<String>,
    pub peering_options: Option<PeeringOptions>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PeeringOptions {
    pub allow_dns_resolution_from_remote_vpc: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CidrBlockHolder {
    pub cidr_block: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Ipv6CidrBlockHolder {
    pub ipv6_cidr_block: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PeeringStatus {
    pub code: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TransitGateway {
    pub transit_gateway_id: Option<String>,
    pub transit_gateway_arn: Option<String>,
    pub state: Option<String>,
    pub options: Option<TransitGatewayOptions>,
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TransitGatewayOptions {
    pub association_default_route_table_id: Option<String>,
    pub propagation_default_route_table_id: Option<String>,
}

/// describe-transit-gateway-attachments and describe-transit-gateway-vpc-attachments items.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TransitGatewayAttachment {
    pub transit_gateway_attachment_id: Option<String>,
    pub transit_gateway_id: Option<String>,
    pub resource_type: Option<String>,
    pub resource_id: Option<String>,
    /// VPC attachments name their VPC here instead of `ResourceId`.
    pub vpc_id: Option<String>,
    pub subnet_ids: Option<Vec<String>>,
    pub state: Option<String>,
    pub association: Option<TgwAssociation>,
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TgwAssociation {
    pub transit_gateway_route_table_id: Option<String>,
    pub state: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TransitGatewayRouteTable {
    pub transit_gateway_route_table_id: Option<String>,
    pub transit_gateway_id: Option<String>,
    pub state: Option<String>,
    pub tags: Option<Vec<Tag>>,
}

/// One table of the assembled `TransitGatewayPropagations` file (conventions §6.3).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TgwTablePropagations {
    pub transit_gateway_route_table_id: Option<String>,
    pub transit_gateway_route_table_propagations: Option<Vec<TgwPropagation>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TgwPropagation {
    pub transit_gateway_attachment_id: Option<String>,
    pub state: Option<String>,
}

/// One table of the assembled `TransitGatewayStaticRoutes` file (conventions §6.3).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TgwTableRoutes {
    pub transit_gateway_route_table_id: Option<String>,
    pub routes: Option<Vec<Value>>,
}

/// get-transit-gateway-route-table-associations `Associations[]` (the table is the command's argument).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TgwTableAssociation {
    pub transit_gateway_attachment_id: Option<String>,
    pub resource_id: Option<String>,
    pub resource_type: Option<String>,
    pub state: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TgwRoute {
    pub destination_cidr_block: Option<String>,
    pub prefix_list_id: Option<String>,
    pub transit_gateway_attachments: Option<Vec<TgwRouteAttachment>>,
    pub r#type: Option<String>,
    pub state: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TgwRouteAttachment {
    pub transit_gateway_attachment_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpnGateway {
    pub vpn_gateway_id: Option<String>,
    pub state: Option<String>,
    #[serde(deserialize_with = "lenient::opt_u64")]
    pub amazon_side_asn: Option<u64>,
    pub vpc_attachments: Option<Vec<VpcAttachment>>,
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CustomerGateway {
    pub customer_gateway_id: Option<String>,
    pub state: Option<String>,
    pub ip_address: Option<String>,
    #[serde(deserialize_with = "lenient::opt_u64")]
    pub bgp_asn: Option<u64>,
    #[serde(deserialize_with = "lenient::opt_u64")]
    pub bgp_asn_extended: Option<u64>,
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpnConnection {
    pub vpn_connection_id: Option<String>,
    pub state: Option<String>,
    pub vpn_gateway_id: Option<String>,
    pub transit_gateway_id: Option<String>,
    pub customer_gateway_id: Option<String>,
    pub options: Option<VpnOptions>,
    pub routes: Option<Vec<VpnStaticRoute>>,
    pub vgw_telemetry: Option<Vec<VgwTelemetry>>,
    pub tags: Option<Vec<Tag>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpnOptions {
    #[serde(deserialize_with = "lenient::opt_bool")]
    pub static_routes_only: Option<bool>,
    pub tunnel_options: Option<Vec<TunnelOption>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TunnelOption {
    pub outside_ip_address: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpnStaticRoute {
    pub destination_cidr_block: Option<String>,
    pub state: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VgwTelemetry {
    pub outside_ip_address: Option<String>,
}

// ---------------------------------------------------------------------------------------------------------------
// Load balancers (elbv2)

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LoadBalancer {
    pub load_balancer_arn: Option<String>,
    pub load_balancer_name: Option<String>,
    pub r#type: Option<String>,
    pub scheme: Option<String>,
    pub vpc_id: Option<String>,
    pub availability_zones: Option<Vec<LbAvailabilityZone>>,
    pub state: Option<LbState>,
}

/// elbv2 describe-listeners: a listener of a load balancer (its port; the protocol is not modelled).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Listener {
    pub listener_arn: Option<String>,
    pub load_balancer_arn: Option<String>,
    pub port: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LbAvailabilityZone {
    pub zone_name: Option<String>,
    pub subnet_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LbState {
    pub code: Option<String>,
}

/// elbv2 describe-target-groups `TargetGroups[]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TargetGroup {
    pub target_group_arn: Option<String>,
    pub target_group_name: Option<String>,
    pub vpc_id: Option<String>,
    pub load_balancer_arns: Option<Vec<String>>,
    pub target_type: Option<String>,
}

/// elbv2 describe-target-health `TargetHealthDescriptions[]` (the target group is the command's argument).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TargetHealthDescription {
    pub target: Option<TargetDescription>,
    pub target_health: Option<TargetHealth>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TargetDescription {
    pub id: Option<String>,
    #[serde(deserialize_with = "lenient::opt_i64")]
    pub port: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TargetHealth {
    pub state: Option<String>,
}
