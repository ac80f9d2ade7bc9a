//! Generated topologies of any size, for benchmarks and load tests (not for users' diagrams).
//!
//! VPC `i` owns `10.(i/16).((i%16)*16).0/20` and `subnets` /24 subnets in two AZs; odd subnets are private
//! (0.0.0.0/0 → NAT gateway), even ones public (0.0.0.0/0 → IGW); both tables carry an S3 gateway endpoint,
//! and each VPC peers with the next one (a ring).

use crate::model::*;
use ipnet::IpNet;
use std::net::{IpAddr, Ipv4Addr};

fn net(s: String) -> IpNet {
    s.parse().expect("generated CIDRs are valid")
}

fn route(cidr: String, target: &str) -> Route {
    Route {
        destination: Destination::Cidr(net(cidr)),
        target: target.to_string(),
        state: RouteState::Active,
        origin: RouteOrigin::Static,
    }
}

/// The base address of VPC `i`'s /20.
fn vpc_base(i: usize) -> (u8, u8) {
    ((i / 16) as u8, ((i % 16) * 16) as u8)
}

/// A topology of `vpcs` VPCs with `subnets` subnets each (at most 16), one instance per subnet.
///
/// ```
/// let t = vpclab_core::synth::generate(3, 4);
/// assert_eq!((t.vpcs.len(), t.subnets.len(), t.instances.len()), (3, 12, 12));
/// assert!(vpclab_core::validate::validate(&t).iter().all(|d| d.severity != vpclab_core::Severity::Error));
/// ```
pub fn generate(vpcs: usize, subnets: usize) -> Topology {
    let subnets = subnets.clamp(1, 16);
    let region = "us-east-1";
    let mut t = Topology {
        name: Some(format!("generated {vpcs}x{subnets}")),
        region: Some(region.into()),
        ..Default::default()
    };
    t.prefix_lists.push(PrefixList {
        id: "pl-63a5400a".into(),
        name: format!("com.amazonaws.{region}.s3"),
        cidrs: [
            "54.231.0.0/17",
            "52.216.0.0/15",
            "3.5.16.0/21",
            "3.5.0.0/20",
        ]
        .iter()
        .map(|c| net(c.to_string()))
        .collect(),
        aws_managed: true,
    });
    for i in 0..vpcs {
        let (a, b) = vpc_base(i);
        let vpc = format!("vpc-{i:05}");
        t.vpcs.push(Vpc {
            id: vpc.clone(),
            name: None,
            region: Some(region.into()),
            cidr_blocks: vec![net(format!("10.{a}.{b}.0/20"))],
            enable_dns_support: true,
            enable_dns_hostnames: true,
            block_public_access: BlockPublicAccess::Off,
            dns_servers: Vec::new(),
            owner_id: None,
            dhcp_options_id: None,
        });
        let igw = format!("igw-{i:05}");
        t.internet_gateways.push(InternetGateway {
            id: igw.clone(),
            vpc_id: Some(vpc.clone()),
        });
        let sg = format!("sg-{i:05}");
        t.security_groups.push(SecurityGroup {
            id: sg.clone(),
            vpc_id: vpc.clone(),
            name: Some("app".into()),
            ingress: vec![SgRule {
                protocol: "tcp".into(),
                from_port: Some(443),
                to_port: Some(443),
                cidrs: vec![net("10.0.0.0/8".into())],
                ..Default::default()
            }],
            egress: vec![SgRule {
                protocol: "-1".into(),
                cidrs: vec![net("0.0.0.0/0".into())],
                ..Default::default()
            }],
        });
        let nat = format!("nat-{i:05}");
        let public_rt = format!("rtb-{i:05}-public");
        let private_rt = format!("rtb-{i:05}-private");
        let pcx_next = format!("pcx-{i:05}");
        let pcx_prev = format!("pcx-{:05}", (i + vpcs - 1) % vpcs);
        let mut public_subnets = Vec::new();
        let mut private_subnets = Vec::new();
        for s in 0..subnets {
            let id = format!("subnet-{i:05}-{s:02}");
            let az = if s % 2 == 0 {
                "us-east-1a"
            } else {
                "us-east-1b"
            };
            let c = b + s as u8;
            t.subnets.push(Subnet {
                id: id.clone(),
                vpc_id: vpc.clone(),
                name: None,
                az: Some(az.into()),
                az_id: None,
                cidr_block: Some(net(format!("10.{a}.{c}.0/24"))),
                ipv6_cidr_block: None,
            });
            if s % 2 == 0 {
                public_subnets.push(id.clone());
            } else {
                private_subnets.push(id.clone());
            }
            t.instances.push(Instance {
                id: format!("i-{i:05}-{s:02}"),
                subnet_id: Some(id),
                private_ip: Some(IpAddr::V4(Ipv4Addr::new(10, a, c, 10))),
                public_ip: (s % 2 == 0)
                    .then(|| Ipv4Addr::new(54, (i / 256) as u8, (i % 256) as u8, s as u8 + 1)),
                security_group_ids: vec![sg.clone()],
                ..Default::default()
            });
        }
        t.nat_gateways.push(NatGateway {
            id: nat.clone(),
            subnet_id: public_subnets.first().cloned(),
            vpc_id: Some(vpc.clone()),
            connectivity: NatConnectivity::Public,
            availability_mode: AvailabilityMode::Zonal,
            azs: Vec::new(),
            private_ip: Some(Ipv4Addr::new(10, a, b, 5)),
            public_ip: Some(Ipv4Addr::new(52, 1 + (i / 256) as u8, (i % 256) as u8, 1)),
            eni_id: None,
        });
        let mut peer_routes = Vec::new();
        if vpcs > 1 {
            // With two VPCs the ring has one peering: VPC 1 reaches VPC 0 over VPC 0's connection.
            let next_pcx = if vpcs == 2 && i == 1 {
                pcx_prev.clone()
            } else {
                pcx_next.clone()
            };
            let (na, nb) = vpc_base((i + 1) % vpcs);
            peer_routes.push(route(format!("10.{na}.{nb}.0/20"), &next_pcx));
            if vpcs > 2 {
                let (pa, pb) = vpc_base((i + vpcs - 1) % vpcs);
                peer_routes.push(route(format!("10.{pa}.{pb}.0/20"), &pcx_prev));
            }
        }
        let mut public_routes = peer_routes.clone();
        public_routes.push(route("0.0.0.0/0".into(), &igw));
        let mut private_routes = peer_routes;
        private_routes.push(route("0.0.0.0/0".into(), &nat));
        t.route_tables.push(RouteTable {
            id: public_rt.clone(),
            vpc_id: vpc.clone(),
            name: None,
            main: true,
            subnet_ids: public_subnets,
            gateway_ids: vec![],
            propagating_vgws: vec![],
            routes: public_routes,
        });
        t.route_tables.push(RouteTable {
            id: private_rt.clone(),
            vpc_id: vpc.clone(),
            name: None,
            main: false,
            subnet_ids: private_subnets,
            gateway_ids: vec![],
            propagating_vgws: vec![],
            routes: private_routes,
        });
        t.vpc_endpoints.push(VpcEndpoint {
            id: format!("vpce-{i:05}"),
            vpc_id: vpc.clone(),
            service_name: format!("com.amazonaws.{region}.s3"),
            kind: EndpointKind::Gateway,
            route_table_ids: vec![public_rt, private_rt],
            ..Default::default()
        });
        if vpcs > 1 && (i + 1 < vpcs || vpcs > 2) {
            t.peering_connections.push(PeeringConnection {
                id: pcx_next,
                requester_vpc_id: vpc,
                accepter_vpc_id: format!("vpc-{:05}", (i + 1) % vpcs),
                status: Some("active".into()),
                ..Default::default()
            });
        }
    }
    t
}
