//! Each gateway's own admission rule as a pure function of (packet, origin, object): `Ok` lets the packet
//! through, `Err(Block)` names the explanation. The walker only records hops and turns a `Block` into its
//! explanation ([`Walker::admit`]), so each rule is unit-tested on its own, without a topology.

use super::*;

/// Why a gateway refuses a packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Block {
    pub code: &'static str,
    pub component: String,
    pub message: String,
}

fn block(code: &'static str, component: &str, message: String) -> Result<(), Block> {
    Err(Block {
        code,
        component: component.to_string(),
        message,
    })
}

/// IGW-04, IGW-05: an egress-only internet gateway carries outbound IPv6 only, and not under bidirectional
/// Block Public Access.
pub(super) fn egress_only(pkt: &Packet, eigw: &InternetGateway, vpc: &Vpc) -> Result<(), Block> {
    if !pkt.dst.is_ipv6() {
        return block(
            codes::VPCLAB_EGRESS_ONLY_IPV6,
            &eigw.id,
            "an egress-only internet gateway carries IPv6 only (IGW-04)".into(),
        );
    }
    if vpc.block_public_access == BlockPublicAccess::Bidirectional {
        return block(
            codes::VPC_BLOCK_PUBLIC_ACCESS_ENABLED,
            &vpc.id,
            "VPC Block Public Access blocks the egress-only internet gateway (IGW-05)".into(),
        );
    }
    Ok(())
}

/// NAT-02 and the protocols a NAT gateway translates: traffic from peering, VPN, Direct Connect or the internet
/// is refused (NGW_REQUIRES_SOURCE_IN_VPC), and only TCP, UDP and ICMP are translated.
pub(super) fn nat(pkt: &Packet, origin: Origin, nat: &NatGateway) -> Result<(), Block> {
    if matches!(origin, Origin::Peering | Origin::Vpn | Origin::Internet) {
        return block(
            codes::NGW_REQUIRES_SOURCE_IN_VPC,
            &nat.id,
            "a NAT gateway does not translate traffic that arrives over peering, VPN or Direct Connect (NAT-02)".into(),
        );
    }
    if !matches!(pkt.protocol, TCP | UDP | ICMP) {
        return block(
            codes::PROTOCOL_RESTRICTION,
            &nat.id,
            "a NAT gateway translates only TCP, UDP and ICMP".into(),
        );
    }
    Ok(())
}

/// PCX-01, PCX-03, PCX-04: a peering connection carries only traffic that started in one of its VPCs, while it
/// is active, and only to addresses of the peer VPC. `here` is the VPC the packet is in; `dst_in_peer` whether
/// the destination is inside the peer VPC's CIDRs.
pub(super) fn peering(
    pkt: &Packet,
    origin: Origin,
    pcx: &PeeringConnection,
    here: &str,
    dst_in_peer: bool,
) -> Result<(), Block> {
    if origin != Origin::Local {
        let code = if origin == Origin::Peering {
            codes::VPCLAB_PEERING_NOT_TRANSITIVE
        } else {
            codes::VPCLAB_NO_EDGE_TO_EDGE_ROUTING
        };
        return block(
            code,
            &pcx.id,
            format!(
                "traffic that entered over {} cannot leave over a peering connection (PCX-01, PCX-03)",
                origin_name(origin)
            ),
        );
    }
    if !pcx.is_active() {
        return block(
            codes::BAD_STATE,
            &pcx.id,
            format!("peering connection {} is not active", pcx.id),
        );
    }
    let peer_id = if pcx.requester_vpc_id == here {
        &pcx.accepter_vpc_id
    } else if pcx.accepter_vpc_id == here {
        &pcx.requester_vpc_id
    } else {
        return block(
            codes::BAD_STATE_ROUTE,
            &pcx.id,
            format!("peering connection {} does not involve {here}", pcx.id),
        );
    };
    if !dst_in_peer {
        return block(
            codes::PCX_REQUIRES_ADDRESS_IN_VPC_CIDR,
            &pcx.id,
            format!("{} is outside the CIDRs of {peer_id}; a peering connection carries only traffic to the peer VPC (PCX-04)", pkt.dst),
        );
    }
    Ok(())
}

impl<'a, 't> Walker<'a, 't> {
    /// Record a gateway's refusal as the flow's explanation.
    pub(super) fn admit(&mut self, verdict: Result<(), Block>) -> Step {
        match verdict {
            Ok(()) => Ok(()),
            Err(b) => self.block(b.code, &b.component, b.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkt(dst: &str, protocol: u8) -> Packet {
        Packet {
            src: "10.0.1.10".parse().unwrap(),
            dst: dst.parse().unwrap(),
            protocol,
            src_port: Some(EPHEMERAL_PORT),
            dst_port: Some(443),
        }
    }

    fn vpc(bpa: BlockPublicAccess) -> Vpc {
        Vpc {
            id: "vpc-1".into(),
            block_public_access: bpa,
            ..crate::json::from_str(r#"{"id": "vpc-1"}"#).unwrap()
        }
    }

    #[test]
    fn egress_only_carries_outbound_ipv6_only() {
        let eigw: InternetGateway =
            crate::json::from_str(r#"{"id": "eigw-1", "vpc_id": "vpc-1"}"#).unwrap();
        let off = vpc(BlockPublicAccess::Off);
        assert!(egress_only(&pkt("2606:4700::1111", TCP), &eigw, &off).is_ok());
        let v4 = egress_only(&pkt("1.1.1.1", TCP), &eigw, &off).unwrap_err();
        assert_eq!(v4.code, codes::VPCLAB_EGRESS_ONLY_IPV6);
        let bpa = vpc(BlockPublicAccess::Bidirectional);
        let b = egress_only(&pkt("2606:4700::1111", TCP), &eigw, &bpa).unwrap_err();
        assert_eq!(
            (b.code, b.component.as_str()),
            (codes::VPC_BLOCK_PUBLIC_ACCESS_ENABLED, "vpc-1")
        );
    }

    #[test]
    fn nat_needs_a_source_in_its_vpc_and_tcp_udp_icmp() {
        let n: NatGateway =
            crate::json::from_str(r#"{"id": "nat-1", "subnet_id": "subnet-1"}"#).unwrap();
        assert!(nat(&pkt("8.8.8.8", TCP), Origin::Local, &n).is_ok());
        assert!(nat(&pkt("8.8.8.8", UDP), Origin::TransitGateway, &n).is_ok());
        for o in [Origin::Peering, Origin::Vpn, Origin::Internet] {
            let b = nat(&pkt("8.8.8.8", TCP), o, &n).unwrap_err();
            assert_eq!(b.code, codes::NGW_REQUIRES_SOURCE_IN_VPC, "{o:?}");
        }
        let gre = nat(&pkt("8.8.8.8", 47), Origin::Local, &n).unwrap_err();
        assert_eq!(gre.code, codes::PROTOCOL_RESTRICTION);
    }

    #[test]
    fn peering_is_neither_transitive_nor_edge_to_edge() {
        let p: PeeringConnection = crate::json::from_str(
            r#"{"id": "pcx-1", "requester_vpc_id": "vpc-a", "accepter_vpc_id": "vpc-b", "status": "active"}"#,
        )
        .unwrap();
        let to_b = pkt("10.1.1.10", TCP);
        assert!(peering(&to_b, Origin::Local, &p, "vpc-a", true).is_ok());
        assert!(peering(&to_b, Origin::Local, &p, "vpc-b", true).is_ok());
        let outside = peering(&to_b, Origin::Local, &p, "vpc-a", false).unwrap_err();
        assert_eq!(outside.code, codes::PCX_REQUIRES_ADDRESS_IN_VPC_CIDR);
        let transitive = peering(&to_b, Origin::Peering, &p, "vpc-a", true).unwrap_err();
        assert_eq!(transitive.code, codes::VPCLAB_PEERING_NOT_TRANSITIVE);
        for o in [Origin::Vpn, Origin::TransitGateway, Origin::Internet] {
            let edge = peering(&to_b, o, &p, "vpc-a", true).unwrap_err();
            assert_eq!(edge.code, codes::VPCLAB_NO_EDGE_TO_EDGE_ROUTING, "{o:?}");
        }
        let elsewhere = peering(&to_b, Origin::Local, &p, "vpc-c", true).unwrap_err();
        assert_eq!(elsewhere.code, codes::BAD_STATE_ROUTE);
        let pending: PeeringConnection = crate::json::from_str(
            r#"{"id": "pcx-2", "requester_vpc_id": "vpc-a", "accepter_vpc_id": "vpc-b", "status": "pending-acceptance"}"#,
        )
        .unwrap();
        assert_eq!(
            peering(&to_b, Origin::Local, &pending, "vpc-a", true)
                .unwrap_err()
                .code,
            codes::BAD_STATE
        );
    }
}
