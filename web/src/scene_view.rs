//! View-model of the drawn diagram: how each scene node kind looks (icon, colour group, accessible name), how
//! long labels are cut, and which drawn things move with a dragged object. Plain Rust over
//! [`vpclab_core::layout`]'s scene, tested natively; the geometry itself comes from the core.

use std::collections::HashSet;

use vpclab_core::layout::{EdgeKind, Scene, SceneKind, SceneNode};

/// The icon (see `components/icons.rs`) and colour group of a node kind.
pub fn look(kind: SceneKind) -> (&'static str, &'static str) {
    use SceneKind as K;
    match kind {
        K::Vpc => ("vpc", "network"),
        K::Instance => ("instance", "compute"),
        K::NetworkInterface => ("network-interface", "compute"),
        K::NatGateway | K::RegionalNatGateway => ("nat-gateway", "network"),
        K::InterfaceEndpoint | K::GatewayLoadBalancerEndpoint => ("interface-endpoint", "endpoint"),
        K::GatewayEndpoint => ("gateway-endpoint", "endpoint"),
        K::EndpointService => ("endpoint-service", "endpoint"),
        K::LoadBalancer => ("load-balancer", "network"),
        K::InternetGateway | K::EgressOnlyInternetGateway => ("internet-gateway", "edge"),
        K::Internet => ("internet", "edge"),
        K::VpnGateway => ("vpn-gateway", "onprem"),
        K::VpnConnection => ("vpn-connection", "onprem"),
        K::CustomerGateway => ("customer-gateway", "onprem"),
        K::DirectConnectGateway => ("direct-connect-gateway", "onprem"),
        K::OnPremises => ("onprem", "onprem"),
        K::RouteTable => ("route-table", "network"),
        K::NetworkAcl => ("network-acl", "security"),
        K::SecurityGroup => ("security-group", "security"),
        K::PeeringConnection => ("peering-connection", "network"),
        K::TransitGateway => ("transit-gateway", "network"),
        K::AwsService => ("aws-service", "service"),
        K::ServiceResource => ("service-resource", "service"),
    }
}

/// A readable name of a node kind ("NAT gateway").
pub fn kind_name(kind: SceneKind) -> &'static str {
    use SceneKind as K;
    match kind {
        K::Vpc => "VPC",
        K::Instance => "instance",
        K::NatGateway => "NAT gateway",
        K::InterfaceEndpoint => "interface endpoint",
        K::GatewayLoadBalancerEndpoint => "Gateway Load Balancer endpoint",
        K::LoadBalancer => "load balancer",
        K::NetworkInterface => "network interface",
        K::InternetGateway => "internet gateway",
        K::EgressOnlyInternetGateway => "egress-only internet gateway",
        K::RegionalNatGateway => "regional NAT gateway",
        K::GatewayEndpoint => "gateway endpoint",
        K::VpnGateway => "virtual private gateway",
        K::RouteTable => "route table",
        K::NetworkAcl => "network ACL",
        K::SecurityGroup => "security group",
        K::PeeringConnection => "peering connection",
        K::TransitGateway => "transit gateway",
        K::VpnConnection => "VPN connection",
        K::CustomerGateway => "customer gateway",
        K::DirectConnectGateway => "Direct Connect gateway",
        K::EndpointService => "endpoint service",
        K::OnPremises => "on-premises network",
        K::Internet => "internet",
        K::AwsService => "AWS service",
        K::ServiceResource => "service resource",
    }
}

/// The VPC a drawn node opens (Enter or a double-click on an overview's VPC node): its id.
pub fn opens(scene: &Scene, key: &str) -> Option<String> {
    scene
        .nodes
        .iter()
        .find(|n| n.key == key && n.kind == SceneKind::Vpc)
        .map(|n| n.id.clone())
}

/// A readable name of a trace hop kind (`route-table` → "Route table", `dns` → "DNS").
pub fn hop_kind_name(kind: &str) -> String {
    match kind {
        "dns" => "DNS".into(),
        "vpc" => "VPC".into(),
        "aws-service" => "AWS service".into(),
        "nat-gateway" => "NAT gateway".into(),
        "network-acl" => "Network ACL".into(),
        "vpc-endpoint" => "VPC endpoint".into(),
        "vpn-gateway" => "VPN gateway".into(),
        "vpn-connection" => "VPN connection".into(),
        "direct-connect-gateway" => "Direct Connect gateway".into(),
        "onprem" => "On premises".into(),
        other => {
            let text = other.replace('-', " ");
            let mut c = text.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        }
    }
}

/// The accessible name of a node: kind, label, id and second line.
pub fn node_name(n: &SceneNode) -> String {
    let mut s = format!("{} {}", kind_name(n.kind), n.label);
    if n.label != n.id {
        s.push_str(&format!(" ({})", n.id));
    }
    if let Some(sub) = &n.sublabel {
        s.push_str(&format!(", {sub}"));
    }
    s
}

/// `text` cut to about `width` units of `font_px` text, with an ellipsis (the full text is in a `<title>`).
pub fn fit_text(text: &str, width: f64, font_px: f64) -> String {
    // A glyph of the UI font is at most about 0.6 em wide on average (monospace: exactly 0.6).
    let max = ((width / (font_px * 0.6)).floor() as usize).max(3);
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The edge's CSS class suffix.
pub fn edge_class(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::RouteTableAssociation => "edge-rtb",
        EdgeKind::EndpointRouteTable => "edge-rtb",
        EdgeKind::NaclAssociation => "edge-nacl",
        EdgeKind::SecurityGroup => "edge-sg",
        EdgeKind::Peering => "edge-peering",
        EdgeKind::TgwAttachment => "edge-attachment",
        EdgeKind::Vpn => "edge-attachment",
        EdgeKind::DirectConnect => "edge-attachment",
        EdgeKind::Internet => "edge-attachment",
        EdgeKind::Service => "edge-service",
        EdgeKind::PrivateLink => "edge-service",
        EdgeKind::LoadBalancer => "edge-service",
    }
}

/// Everything drawn that moves when the things with these keys move: the keys themselves, a VPC's subnets and
/// edge nodes and badges, a subnet's nodes (by node key, subnet id or VPC id).
pub fn moving_set(scene: &Scene, keys: &[String]) -> HashSet<String> {
    let mut out: HashSet<String> = keys.iter().cloned().collect();
    let vpcs: HashSet<&str> = scene
        .vpcs
        .iter()
        .filter(|v| out.contains(&v.id))
        .map(|v| v.id.as_str())
        .collect();
    for s in &scene.subnets {
        if vpcs.contains(s.vpc_id.as_str()) {
            out.insert(s.id.clone());
        }
    }
    for n in &scene.nodes {
        if let Some(c) = &n.container {
            if out.contains(c) {
                out.insert(n.key.clone());
            }
        }
    }
    out
}

/// The nearest drawn object (node, subnet or VPC key) from `from` in the direction of an arrow key, by the
/// centres of their rectangles: along the axis first, with a penalty for drifting sideways.
pub fn neighbour(scene: &vpclab_core::layout::Scene, from: &str, key: &str) -> Option<String> {
    let all = || {
        scene
            .vpcs
            .iter()
            .map(|v| (v.id.as_str(), v.rect))
            .chain(scene.subnets.iter().map(|s| (s.id.as_str(), s.rect)))
            .chain(scene.nodes.iter().map(|n| (n.key.as_str(), n.rect)))
    };
    let here = all().find(|(k, _)| *k == from)?.1.center();
    let (ux, uy) = match key {
        "ArrowUp" => (0.0, -1.0),
        "ArrowDown" => (0.0, 1.0),
        "ArrowLeft" => (-1.0, 0.0),
        "ArrowRight" => (1.0, 0.0),
        _ => return None,
    };
    all()
        .filter(|(k, _)| *k != from)
        .filter_map(|(k, r)| {
            let c = r.center();
            let (dx, dy) = (c.x - here.x, c.y - here.y);
            let along = dx * ux + dy * uy;
            let across = (dx * uy - dy * ux).abs();
            (along > 1.0).then_some((along + 2.0 * across, k))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrow_keys_find_the_nearest_object_that_way() {
        let d = vpclab_core::gallery::example("s3-through-nat")
            .unwrap()
            .diagram;
        let scene = vpclab_core::layout::scene(&d);
        let here = scene.nodes.iter().find(|n| n.id == "i-app").unwrap();
        for key in ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"] {
            if let Some(k) = neighbour(&scene, &here.key, key) {
                assert_ne!(k, here.key);
            }
        }
        let right = neighbour(&scene, &here.key, "ArrowRight")
            .or_else(|| neighbour(&scene, &here.key, "ArrowLeft"));
        assert!(right.is_some(), "some object beside the instance");
        assert_eq!(neighbour(&scene, "nothing", "ArrowUp"), None);
    }
    use vpclab_core::{gallery, layout};

    #[test]
    fn every_kind_has_an_icon_and_a_name() {
        for e in gallery::examples() {
            let s = layout::scene(&e.diagram);
            for n in &s.nodes {
                let (icon, group) = look(n.kind);
                assert!(!icon.is_empty() && !group.is_empty());
                let name = node_name(n);
                assert!(name.contains(&n.label), "{name}");
            }
        }
    }

    #[test]
    fn hop_kinds_read_well() {
        assert_eq!(hop_kind_name("dns"), "DNS");
        assert_eq!(hop_kind_name("route-table"), "Route table");
        assert_eq!(
            hop_kind_name("transit-gateway-attachment"),
            "Transit gateway attachment"
        );
        assert_eq!(hop_kind_name("aws-service"), "AWS service");
    }

    #[test]
    fn long_labels_are_cut() {
        assert_eq!(fit_text("app", 100.0, 12.0), "app");
        let cut = fit_text("a-very-long-instance-name-indeed", 70.0, 12.0);
        assert!(cut.ends_with('…') && cut.chars().count() <= 10, "{cut}");
    }

    #[test]
    fn a_vpc_moves_with_its_subnets_and_their_nodes() {
        let d = gallery::example("s3-through-nat").unwrap().diagram;
        let s = layout::scene(&d);
        let set = moving_set(&s, &["vpc-app".to_string()]);
        for k in [
            "vpc-app",
            "subnet-private-a",
            "i-app",
            "nat-app",
            "igw-app",
            "rtb-public",
        ] {
            assert!(set.contains(k), "{k} moves with its VPC");
        }
        assert!(!set.contains("internet"));
        let set = moving_set(&s, &["subnet-private-a".to_string()]);
        assert!(set.contains("i-app") && !set.contains("nat-app"));
    }
}
