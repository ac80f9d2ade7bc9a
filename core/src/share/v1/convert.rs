//! Conversions of the v1 DTOs ([`super`]) from and to the model: model → DTO (encode) and DTO → model
//! (decode). Every model struct is destructured without `..`, so a field added to the model fails to compile here
//! until the link carries it. Moved out of `v1.rs` unchanged (issue 16): the DTOs there are frozen, this is code.

use super::*;

fn map<A, B>(items: &[A], f: impl Fn(&A) -> B) -> Vec<B> {
    items.iter().map(f).collect()
}

fn unmap<A, B>(items: Vec<A>, f: impl Fn(A) -> B) -> Vec<B> {
    items.into_iter().map(f).collect()
}

impl DhcpOptions {
    fn from_model(d: &m::DhcpOptions) -> Self {
        let m::DhcpOptions {
            id,
            name,
            domain_name,
            domain_name_servers,
            ntp_servers,
            netbios_name_servers,
            netbios_node_type,
            ipv6_address_preferred_lease_time,
            owner_id,
            forwards_to_resolver,
        } = d.clone();
        DhcpOptions {
            id,
            name,
            domain_name,
            domain_name_servers,
            ntp_servers,
            netbios_name_servers,
            netbios_node_type,
            ipv6_address_preferred_lease_time,
            owner_id,
            forwards_to_resolver,
        }
    }
    fn into_model(self) -> m::DhcpOptions {
        let DhcpOptions {
            id,
            name,
            domain_name,
            domain_name_servers,
            ntp_servers,
            netbios_name_servers,
            netbios_node_type,
            ipv6_address_preferred_lease_time,
            owner_id,
            forwards_to_resolver,
        } = self;
        m::DhcpOptions {
            id,
            name,
            domain_name,
            domain_name_servers,
            ntp_servers,
            netbios_name_servers,
            netbios_node_type,
            ipv6_address_preferred_lease_time,
            owner_id,
            forwards_to_resolver,
        }
    }
}

impl Doc {
    /// The DTO of a diagram (what `encode` serialises).
    pub fn from_diagram(d: &Diagram) -> Doc {
        let Diagram {
            topology,
            layout,
            flows,
            selected_flow,
            price_version,
        } = d;
        let cx = Enc::new(topology);
        let mut topology = Topology::from_model(topology, &cx);
        // A position goes on the first object with that id; the rest (UI nodes, ids of nothing) stay in `l`.
        let mut rest: BTreeMap<String, Xy> = layout
            .iter()
            .map(|(id, p)| (id.to_string(), Xy(p.x, p.y)))
            .collect();
        for (id, xy) in topology.positions_mut() {
            *xy = rest.remove(id);
        }
        Doc {
            topology,
            layout: rest,
            flows: map(flows, |x| Flow::from_model(x, &cx)),
            selected: *selected_flow,
            price_version: price_version.clone(),
        }
    }

    /// The diagram this DTO describes (v1 is the latest version, so this is the end of the migration ladder), and
    /// how many references named no object (an index past the last id; each became an empty id).
    pub fn into_diagram(self) -> (Diagram, usize) {
        let Doc {
            mut topology,
            layout,
            flows,
            selected,
            price_version,
        } = self;
        let mut table = Vec::new();
        let mut positions = BTreeMap::new();
        for (id, xy) in topology.positions_mut() {
            table.push(id.clone());
            if let Some(Xy(x, y)) = xy.take() {
                positions.entry(id.clone()).or_insert(Point::new(x, y));
            }
        }
        for (id, Xy(x, y)) in layout {
            positions.entry(id).or_insert(Point::new(x, y));
        }
        let cx = Dec {
            table,
            dangling: Cell::new(0),
        };
        let diagram = Diagram {
            topology: topology.into_model(&cx),
            layout: Layout { positions },
            flows: unmap(flows, |x| x.into_model(&cx)),
            selected_flow: selected,
            price_version,
        };
        (diagram, cx.dangling.get())
    }
}

/// Encoding context: every object id → its index.
pub struct Enc<'a> {
    index: HashMap<&'a str, u32>,
}

impl<'a> Enc<'a> {
    fn new(t: &'a m::Topology) -> Enc<'a> {
        macro_rules! ids {
            ($($list:ident),*) => {{
                let mut out: Vec<&'a str> = Vec::new();
                $(out.extend(t.$list.iter().map(|o| o.id.as_str()));)*
                out
            }};
        }
        // The order of `Topology::positions_mut`.
        let ids = ids!(
            vpcs,
            subnets,
            route_tables,
            internet_gateways,
            egress_only_internet_gateways,
            nat_gateways,
            instances,
            network_interfaces,
            security_groups,
            network_acls,
            prefix_lists,
            vpc_endpoints,
            endpoint_services,
            load_balancers,
            peering_connections,
            transit_gateways,
            transit_gateway_attachments,
            transit_gateway_route_tables,
            vpn_gateways,
            customer_gateways,
            vpn_connections,
            direct_connect_gateways
        );
        let mut index = HashMap::new();
        for (i, id) in ids.into_iter().enumerate() {
            index.entry(id).or_insert(i as u32);
        }
        Enc { index }
    }

    fn enc<T: Refs>(&self, v: &T) -> T::Wire {
        v.to_wire(self)
    }

    fn one(&self, id: &str) -> Ref {
        match self.index.get(id) {
            Some(i) => Ref::Index(*i),
            None => Ref::Name(id.to_string()),
        }
    }
}

/// Decoding context: index → object id, and a count of the indexes that name nothing.
pub struct Dec {
    table: Vec<String>,
    dangling: Cell<usize>,
}

impl Dec {
    fn dec<T: Refs>(&self, w: T::Wire) -> T {
        T::from_wire(w, self)
    }

    fn one(&self, r: Ref) -> String {
        match r {
            Ref::Name(n) => n,
            Ref::Index(i) => self.table.get(i as usize).cloned().unwrap_or_else(|| {
                self.dangling.set(self.dangling.get() + 1);
                String::new()
            }),
        }
    }
}

/// The model's reference fields and their wire form.
trait Refs: Sized {
    type Wire;
    fn to_wire(&self, cx: &Enc) -> Self::Wire;
    fn from_wire(w: Self::Wire, cx: &Dec) -> Self;
}

impl Refs for String {
    type Wire = Ref;
    fn to_wire(&self, cx: &Enc) -> Ref {
        cx.one(self)
    }
    fn from_wire(w: Ref, cx: &Dec) -> String {
        cx.one(w)
    }
}

impl Refs for Option<String> {
    type Wire = Option<Ref>;
    fn to_wire(&self, cx: &Enc) -> Option<Ref> {
        self.as_deref().map(|id| cx.one(id))
    }
    fn from_wire(w: Option<Ref>, cx: &Dec) -> Option<String> {
        w.map(|r| cx.one(r))
    }
}

impl Refs for Vec<String> {
    type Wire = Vec<Ref>;
    fn to_wire(&self, cx: &Enc) -> Vec<Ref> {
        self.iter().map(|id| cx.one(id)).collect()
    }
    fn from_wire(w: Vec<Ref>, cx: &Dec) -> Vec<String> {
        w.into_iter().map(|r| cx.one(r)).collect()
    }
}

impl Flow {
    fn from_model(f: &DFlow, cx: &Enc) -> Flow {
        let DFlow { label, spec } = f;
        let FlowSpec {
            from,
            to,
            protocol,
            port,
            region,
            gb_per_month,
            action,
            resource,
            principal,
            gbps,
            connections,
        } = spec;
        Flow {
            from: cx.enc(from),
            to: cx.enc(to),
            protocol: protocol.clone(),
            port: *port,
            region: region.clone(),
            gb_per_month: *gb_per_month,
            action: action.clone(),
            resource: resource.clone(),
            principal: principal.clone(),
            label: label.clone(),
            gbps: *gbps,
            connections: *connections,
        }
    }

    fn into_model(self, cx: &Dec) -> DFlow {
        let Flow {
            from,
            to,
            protocol,
            port,
            region,
            gb_per_month,
            action,
            resource,
            principal,
            label,
            gbps,
            connections,
        } = self;
        DFlow {
            label,
            spec: FlowSpec {
                from: cx.dec(from),
                to: cx.dec(to),
                protocol,
                port,
                region,
                gb_per_month,
                action,
                resource,
                principal,
                gbps,
                connections,
            },
        }
    }
}

impl Topology {
    fn from_model(t: &m::Topology, cx: &Enc) -> Topology {
        let m::Topology {
            name,
            region,
            vpcs,
            subnets,
            route_tables,
            internet_gateways,
            egress_only_internet_gateways,
            nat_gateways,
            instances,
            network_interfaces,
            security_groups,
            network_acls,
            prefix_lists,
            vpc_endpoints,
            endpoint_services,
            load_balancers,
            peering_connections,
            transit_gateways,
            transit_gateway_attachments,
            transit_gateway_route_tables,
            vpn_gateways,
            customer_gateways,
            vpn_connections,
            direct_connect_gateways,
            service_resources,
            dhcp_options,
        } = t;
        Topology {
            name: name.clone(),
            region: region.clone(),
            vpcs: map(vpcs, |x| Vpc::from_model(x, cx)),
            subnets: map(subnets, |x| Subnet::from_model(x, cx)),
            route_tables: map(route_tables, |x| RouteTable::from_model(x, cx)),
            internet_gateways: map(internet_gateways, |x| InternetGateway::from_model(x, cx)),
            egress_only_internet_gateways: map(egress_only_internet_gateways, |x| {
                InternetGateway::from_model(x, cx)
            }),
            nat_gateways: map(nat_gateways, |x| NatGateway::from_model(x, cx)),
            instances: map(instances, |x| Instance::from_model(x, cx)),
            network_interfaces: map(network_interfaces, |x| NetworkInterface::from_model(x, cx)),
            security_groups: map(security_groups, |x| SecurityGroup::from_model(x, cx)),
            network_acls: map(network_acls, |x| NetworkAcl::from_model(x, cx)),
            prefix_lists: map(prefix_lists, |x| PrefixList::from_model(x, cx)),
            vpc_endpoints: map(vpc_endpoints, |x| VpcEndpoint::from_model(x, cx)),
            endpoint_services: map(endpoint_services, |x| EndpointService::from_model(x, cx)),
            load_balancers: map(load_balancers, |x| LoadBalancer::from_model(x, cx)),
            peering_connections: map(peering_connections, |x| {
                PeeringConnection::from_model(x, cx)
            }),
            transit_gateways: map(transit_gateways, |x| TransitGateway::from_model(x, cx)),
            transit_gateway_attachments: map(transit_gateway_attachments, |x| {
                TgwAttachment::from_model(x, cx)
            }),
            transit_gateway_route_tables: map(transit_gateway_route_tables, |x| {
                TgwRouteTable::from_model(x, cx)
            }),
            vpn_gateways: map(vpn_gateways, |x| VpnGateway::from_model(x, cx)),
            customer_gateways: map(customer_gateways, |x| CustomerGateway::from_model(x, cx)),
            vpn_connections: map(vpn_connections, |x| VpnConnection::from_model(x, cx)),
            direct_connect_gateways: map(direct_connect_gateways, |x| {
                DirectConnectGateway::from_model(x, cx)
            }),
            service_resources: map(service_resources, |x| ServiceResource::from_model(x, cx)),
            dhcp_options: map(dhcp_options, DhcpOptions::from_model),
        }
    }

    fn into_model(self, cx: &Dec) -> m::Topology {
        let Topology {
            name,
            region,
            vpcs,
            subnets,
            route_tables,
            internet_gateways,
            egress_only_internet_gateways,
            nat_gateways,
            instances,
            network_interfaces,
            security_groups,
            network_acls,
            prefix_lists,
            vpc_endpoints,
            endpoint_services,
            load_balancers,
            peering_connections,
            transit_gateways,
            transit_gateway_attachments,
            transit_gateway_route_tables,
            vpn_gateways,
            customer_gateways,
            vpn_connections,
            direct_connect_gateways,
            service_resources,
            dhcp_options,
        } = self;
        m::Topology {
            name,
            region,
            vpcs: unmap(vpcs, |x| x.into_model(cx)),
            subnets: unmap(subnets, |x| x.into_model(cx)),
            route_tables: unmap(route_tables, |x| x.into_model(cx)),
            internet_gateways: unmap(internet_gateways, |x| x.into_model(cx)),
            egress_only_internet_gateways: unmap(egress_only_internet_gateways, |x| {
                x.into_model(cx)
            }),
            nat_gateways: unmap(nat_gateways, |x| x.into_model(cx)),
            instances: unmap(instances, |x| x.into_model(cx)),
            network_interfaces: unmap(network_interfaces, |x| x.into_model(cx)),
            security_groups: unmap(security_groups, |x| x.into_model(cx)),
            network_acls: unmap(network_acls, |x| x.into_model(cx)),
            prefix_lists: unmap(prefix_lists, |x| x.into_model(cx)),
            vpc_endpoints: unmap(vpc_endpoints, |x| x.into_model(cx)),
            endpoint_services: unmap(endpoint_services, |x| x.into_model(cx)),
            load_balancers: unmap(load_balancers, |x| x.into_model(cx)),
            peering_connections: unmap(peering_connections, |x| x.into_model(cx)),
            transit_gateways: unmap(transit_gateways, |x| x.into_model(cx)),
            transit_gateway_attachments: unmap(transit_gateway_attachments, |x| x.into_model(cx)),
            transit_gateway_route_tables: unmap(transit_gateway_route_tables, |x| x.into_model(cx)),
            vpn_gateways: unmap(vpn_gateways, |x| x.into_model(cx)),
            customer_gateways: unmap(customer_gateways, |x| x.into_model(cx)),
            vpn_connections: unmap(vpn_connections, |x| x.into_model(cx)),
            direct_connect_gateways: unmap(direct_connect_gateways, |x| x.into_model(cx)),
            service_resources: unmap(service_resources, |x| x.into_model(cx)),
            dhcp_options: unmap(dhcp_options, DhcpOptions::into_model),
        }
    }

    /// Every object that has an id, with its position member, in a fixed order (the order of the lists, then of
    /// the items): the first object with an id carries that id's position.
    fn positions_mut(&mut self) -> Vec<(&String, &mut Option<Xy>)> {
        macro_rules! lists {
            ($($list:ident),*) => {{
                let mut out: Vec<(&String, &mut Option<Xy>)> = Vec::new();
                $(out.extend(self.$list.iter_mut().map(|o| (&o.id, &mut o.xy)));)*
                out
            }};
        }
        lists!(
            vpcs,
            subnets,
            route_tables,
            internet_gateways,
            egress_only_internet_gateways,
            nat_gateways,
            instances,
            network_interfaces,
            security_groups,
            network_acls,
            prefix_lists,
            vpc_endpoints,
            endpoint_services,
            load_balancers,
            peering_connections,
            transit_gateways,
            transit_gateway_attachments,
            transit_gateway_route_tables,
            vpn_gateways,
            customer_gateways,
            vpn_connections,
            direct_connect_gateways
        )
    }

    /// Resources plus their nested routes, rules and entries: what the object-count cap counts.
    pub fn object_count(&self) -> usize {
        let nested = self
            .route_tables
            .iter()
            .map(|r| r.routes.len())
            .sum::<usize>()
            + self
                .security_groups
                .iter()
                .map(|s| s.ingress.len() + s.egress.len())
                .sum::<usize>()
            + self
                .network_acls
                .iter()
                .map(|a| a.entries.len())
                .sum::<usize>()
            + self
                .transit_gateway_route_tables
                .iter()
                .map(|r| r.routes.len())
                .sum::<usize>();
        self.vpcs.len()
            + self.subnets.len()
            + self.route_tables.len()
            + self.internet_gateways.len()
            + self.egress_only_internet_gateways.len()
            + self.nat_gateways.len()
            + self.instances.len()
            + self.network_interfaces.len()
            + self.security_groups.len()
            + self.network_acls.len()
            + self.prefix_lists.len()
            + self.vpc_endpoints.len()
            + self.endpoint_services.len()
            + self.load_balancers.len()
            + self.peering_connections.len()
            + self.transit_gateways.len()
            + self.transit_gateway_attachments.len()
            + self.transit_gateway_route_tables.len()
            + self.vpn_gateways.len()
            + self.customer_gateways.len()
            + self.vpn_connections.len()
            + self.direct_connect_gateways.len()
            + self.service_resources.len()
            + self.dhcp_options.len()
            + nested
    }
}

impl ServiceResource {
    fn from_model(r: &m::ServiceResource, _cx: &Enc) -> Self {
        let m::ServiceResource {
            service,
            name,
            region,
            account_id,
            policy,
        } = r;
        ServiceResource {
            service: service.clone(),
            name: name.clone(),
            region: region.clone(),
            account_id: account_id.clone(),
            policy: policy.clone(),
        }
    }
    fn into_model(self, _cx: &Dec) -> m::ServiceResource {
        let ServiceResource {
            service,
            name,
            region,
            account_id,
            policy,
        } = self;
        m::ServiceResource {
            service,
            name,
            region,
            account_id,
            policy,
        }
    }
}

impl BlockPublicAccess {
    fn from_model(b: m::BlockPublicAccess) -> Self {
        match b {
            m::BlockPublicAccess::Off => Self::Off,
            m::BlockPublicAccess::Bidirectional => Self::Bidirectional,
            m::BlockPublicAccess::IngressOnly => Self::IngressOnly,
        }
    }
    fn into_model(self) -> m::BlockPublicAccess {
        match self {
            Self::Off => m::BlockPublicAccess::Off,
            Self::Bidirectional => m::BlockPublicAccess::Bidirectional,
            Self::IngressOnly => m::BlockPublicAccess::IngressOnly,
        }
    }
}

impl Vpc {
    fn from_model(v: &m::Vpc, _cx: &Enc) -> Self {
        let m::Vpc {
            id,
            name,
            region,
            cidr_blocks,
            enable_dns_support,
            enable_dns_hostnames,
            block_public_access,
            dns_servers,
            owner_id,
            dhcp_options_id,
        } = v;
        Vpc {
            id: id.clone(),
            xy: None,
            name: name.clone(),
            region: region.clone(),
            cidr_blocks: cidr_blocks.clone(),
            enable_dns_support: *enable_dns_support,
            enable_dns_hostnames: *enable_dns_hostnames,
            block_public_access: BlockPublicAccess::from_model(*block_public_access),
            dns_servers: dns_servers.clone(),
            owner_id: owner_id.clone(),
            dhcp_options_id: dhcp_options_id.clone(),
        }
    }
    fn into_model(self, _cx: &Dec) -> m::Vpc {
        let Vpc {
            id,
            xy: _,
            name,
            region,
            cidr_blocks,
            enable_dns_support,
            enable_dns_hostnames,
            block_public_access,
            dns_servers,
            owner_id,
            dhcp_options_id,
        } = self;
        m::Vpc {
            id,
            name,
            region,
            cidr_blocks,
            enable_dns_support,
            enable_dns_hostnames,
            block_public_access: block_public_access.into_model(),
            dns_servers,
            owner_id,
            dhcp_options_id,
        }
    }
}

impl Subnet {
    fn from_model(s: &m::Subnet, cx: &Enc) -> Self {
        let m::Subnet {
            id,
            vpc_id,
            name,
            az,
            az_id,
            cidr_block,
            ipv6_cidr_block,
        } = s;
        Subnet {
            id: id.clone(),
            xy: None,
            vpc_id: cx.enc(vpc_id),
            name: name.clone(),
            az: az.clone(),
            az_id: az_id.clone(),
            cidr_block: *cidr_block,
            ipv6_cidr_block: *ipv6_cidr_block,
        }
    }
    fn into_model(self, cx: &Dec) -> m::Subnet {
        let Subnet {
            id,
            xy: _,
            vpc_id,
            name,
            az,
            az_id,
            cidr_block,
            ipv6_cidr_block,
        } = self;
        m::Subnet {
            id,
            vpc_id: cx.dec(vpc_id),
            name,
            az,
            az_id,
            cidr_block,
            ipv6_cidr_block,
        }
    }
}

impl RouteState {
    fn from_model(s: m::RouteState) -> Self {
        match s {
            m::RouteState::Active => Self::Active,
            m::RouteState::Blackhole => Self::Blackhole,
        }
    }
    fn into_model(self) -> m::RouteState {
        match self {
            Self::Active => m::RouteState::Active,
            Self::Blackhole => m::RouteState::Blackhole,
        }
    }
}

impl RouteOrigin {
    fn from_model(o: m::RouteOrigin) -> Self {
        match o {
            m::RouteOrigin::Static => Self::Static,
            m::RouteOrigin::PropagatedDx => Self::PropagatedDx,
            m::RouteOrigin::PropagatedVpnStatic => Self::PropagatedVpnStatic,
            m::RouteOrigin::PropagatedVpnBgp => Self::PropagatedVpnBgp,
        }
    }
    fn into_model(self) -> m::RouteOrigin {
        match self {
            Self::Static => m::RouteOrigin::Static,
            Self::PropagatedDx => m::RouteOrigin::PropagatedDx,
            Self::PropagatedVpnStatic => m::RouteOrigin::PropagatedVpnStatic,
            Self::PropagatedVpnBgp => m::RouteOrigin::PropagatedVpnBgp,
        }
    }
}

impl Route {
    fn from_model(r: &m::Route, cx: &Enc) -> Self {
        let m::Route {
            destination,
            target,
            state,
            origin,
        } = r;
        Route {
            d: match destination {
                m::Destination::Cidr(c) => Destination::Cidr(*c),
                m::Destination::PrefixList(p) => Destination::PrefixList { pl: cx.enc(p) },
            },
            target: cx.enc(target),
            state: RouteState::from_model(*state),
            origin: RouteOrigin::from_model(*origin),
        }
    }
    fn into_model(self, cx: &Dec) -> m::Route {
        let Route {
            d,
            target,
            state,
            origin,
        } = self;
        m::Route {
            destination: match d {
                Destination::Cidr(c) => m::Destination::Cidr(c),
                Destination::PrefixList { pl } => m::Destination::PrefixList(cx.dec(pl)),
            },
            target: cx.dec(target),
            state: state.into_model(),
            origin: origin.into_model(),
        }
    }
}

impl RouteTable {
    fn from_model(r: &m::RouteTable, cx: &Enc) -> Self {
        let m::RouteTable {
            id,
            vpc_id,
            name,
            main,
            subnet_ids,
            gateway_ids,
            propagating_vgws,
            routes,
        } = r;
        RouteTable {
            id: id.clone(),
            xy: None,
            vpc_id: cx.enc(vpc_id),
            name: name.clone(),
            main: *main,
            subnet_ids: cx.enc(subnet_ids),
            gateway_ids: cx.enc(gateway_ids),
            propagating_vgws: cx.enc(propagating_vgws),
            routes: map(routes, |x| Route::from_model(x, cx)),
        }
    }
    fn into_model(self, cx: &Dec) -> m::RouteTable {
        let RouteTable {
            id,
            xy: _,
            vpc_id,
            name,
            main,
            subnet_ids,
            gateway_ids,
            propagating_vgws,
            routes,
        } = self;
        m::RouteTable {
            id,
            vpc_id: cx.dec(vpc_id),
            name,
            main,
            subnet_ids: cx.dec(subnet_ids),
            gateway_ids: cx.dec(gateway_ids),
            propagating_vgws: cx.dec(propagating_vgws),
            routes: unmap(routes, |x| x.into_model(cx)),
        }
    }
}

impl InternetGateway {
    fn from_model(g: &m::InternetGateway, cx: &Enc) -> Self {
        let m::InternetGateway { id, vpc_id } = g;
        InternetGateway {
            id: id.clone(),
            xy: None,
            vpc_id: cx.enc(vpc_id),
        }
    }
    fn into_model(self, cx: &Dec) -> m::InternetGateway {
        let InternetGateway { id, xy: _, vpc_id } = self;
        m::InternetGateway {
            id,
            vpc_id: cx.dec(vpc_id),
        }
    }
}

impl NatGateway {
    fn from_model(n: &m::NatGateway, cx: &Enc) -> Self {
        let m::NatGateway {
            id,
            subnet_id,
            vpc_id,
            connectivity,
            availability_mode,
            azs,
            private_ip,
            public_ip,
            eni_id,
        } = n;
        NatGateway {
            id: id.clone(),
            xy: None,
            subnet_id: cx.enc(subnet_id),
            vpc_id: cx.enc(vpc_id),
            connectivity: match connectivity {
                m::NatConnectivity::Public => NatConnectivity::Public,
                m::NatConnectivity::Private => NatConnectivity::Private,
            },
            availability_mode: match availability_mode {
                m::AvailabilityMode::Zonal => AvailabilityMode::Zonal,
                m::AvailabilityMode::Regional => AvailabilityMode::Regional,
            },
            azs: azs.clone(),
            private_ip: *private_ip,
            public_ip: *public_ip,
            eni_id: cx.enc(eni_id),
        }
    }
    fn into_model(self, cx: &Dec) -> m::NatGateway {
        let NatGateway {
            id,
            xy: _,
            subnet_id,
            vpc_id,
            connectivity,
            availability_mode,
            azs,
            private_ip,
            public_ip,
            eni_id,
        } = self;
        m::NatGateway {
            id,
            subnet_id: cx.dec(subnet_id),
            vpc_id: cx.dec(vpc_id),
            connectivity: match connectivity {
                NatConnectivity::Public => m::NatConnectivity::Public,
                NatConnectivity::Private => m::NatConnectivity::Private,
            },
            availability_mode: match availability_mode {
                AvailabilityMode::Zonal => m::AvailabilityMode::Zonal,
                AvailabilityMode::Regional => m::AvailabilityMode::Regional,
            },
            azs,
            private_ip,
            public_ip,
            eni_id: cx.dec(eni_id),
        }
    }
}

impl Instance {
    fn from_model(i: &m::Instance, cx: &Enc) -> Self {
        let m::Instance {
            id,
            name,
            network_interface_ids,
            subnet_id,
            private_ip,
            public_ip,
            ipv6_addresses,
            security_group_ids,
            source_dest_check,
        } = i;
        Instance {
            id: id.clone(),
            xy: None,
            name: name.clone(),
            network_interface_ids: cx.enc(network_interface_ids),
            subnet_id: cx.enc(subnet_id),
            private_ip: *private_ip,
            public_ip: *public_ip,
            ipv6_addresses: ipv6_addresses.clone(),
            security_group_ids: cx.enc(security_group_ids),
            source_dest_check: *source_dest_check,
        }
    }
    fn into_model(self, cx: &Dec) -> m::Instance {
        let Instance {
            id,
            xy: _,
            name,
            network_interface_ids,
            subnet_id,
            private_ip,
            public_ip,
            ipv6_addresses,
            security_group_ids,
            source_dest_check,
        } = self;
        m::Instance {
            id,
            name,
            network_interface_ids: cx.dec(network_interface_ids),
            subnet_id: cx.dec(subnet_id),
            private_ip,
            public_ip,
            ipv6_addresses,
            security_group_ids: cx.dec(security_group_ids),
            source_dest_check,
        }
    }
}

impl InterfaceKind {
    fn from_model(k: m::InterfaceKind) -> Self {
        match k {
            m::InterfaceKind::Interface => Self::Interface,
            m::InterfaceKind::NatGateway => Self::NatGateway,
            m::InterfaceKind::VpcEndpoint => Self::VpcEndpoint,
            m::InterfaceKind::GatewayLoadBalancerEndpoint => Self::GatewayLoadBalancerEndpoint,
            m::InterfaceKind::LoadBalancer => Self::LoadBalancer,
            m::InterfaceKind::TransitGateway => Self::TransitGateway,
            m::InterfaceKind::Lambda => Self::Lambda,
            m::InterfaceKind::Other => Self::Other,
        }
    }
    fn into_model(self) -> m::InterfaceKind {
        match self {
            Self::Interface => m::InterfaceKind::Interface,
            Self::NatGateway => m::InterfaceKind::NatGateway,
            Self::VpcEndpoint => m::InterfaceKind::VpcEndpoint,
            Self::GatewayLoadBalancerEndpoint => m::InterfaceKind::GatewayLoadBalancerEndpoint,
            Self::LoadBalancer => m::InterfaceKind::LoadBalancer,
            Self::TransitGateway => m::InterfaceKind::TransitGateway,
            Self::Lambda => m::InterfaceKind::Lambda,
            Self::Other => m::InterfaceKind::Other,
        }
    }
}

impl NetworkInterface {
    fn from_model(n: &m::NetworkInterface, cx: &Enc) -> Self {
        let m::NetworkInterface {
            id,
            subnet_id,
            description,
            kind,
            private_ips,
            public_ip,
            security_group_ids,
            source_dest_check,
            attached_to,
        } = n;
        NetworkInterface {
            id: id.clone(),
            xy: None,
            subnet_id: cx.enc(subnet_id),
            description: description.clone(),
            kind: InterfaceKind::from_model(*kind),
            private_ips: private_ips.clone(),
            public_ip: *public_ip,
            security_group_ids: cx.enc(security_group_ids),
            source_dest_check: *source_dest_check,
            attached_to: cx.enc(attached_to),
        }
    }
    fn into_model(self, cx: &Dec) -> m::NetworkInterface {
        let NetworkInterface {
            id,
            xy: _,
            subnet_id,
            description,
            kind,
            private_ips,
            public_ip,
            security_group_ids,
            source_dest_check,
            attached_to,
        } = self;
        m::NetworkInterface {
            id,
            subnet_id: cx.dec(subnet_id),
            description,
            kind: kind.into_model(),
            private_ips,
            public_ip,
            security_group_ids: cx.dec(security_group_ids),
            source_dest_check,
            attached_to: cx.dec(attached_to),
        }
    }
}

impl SgRule {
    fn from_model(r: &m::SgRule, cx: &Enc) -> Self {
        let m::SgRule {
            protocol,
            from_port,
            to_port,
            cidrs,
            prefix_list_ids,
            security_group_ids,
            description,
        } = r;
        SgRule {
            protocol: protocol.clone(),
            from_port: *from_port,
            to_port: *to_port,
            cidrs: cidrs.clone(),
            prefix_list_ids: cx.enc(prefix_list_ids),
            security_group_ids: cx.enc(security_group_ids),
            description: description.clone(),
        }
    }
    fn into_model(self, cx: &Dec) -> m::SgRule {
        let SgRule {
            protocol,
            from_port,
            to_port,
            cidrs,
            prefix_list_ids,
            security_group_ids,
            description,
        } = self;
        m::SgRule {
            protocol,
            from_port,
            to_port,
            cidrs,
            prefix_list_ids: cx.dec(prefix_list_ids),
            security_group_ids: cx.dec(security_group_ids),
            description,
        }
    }
}

impl SecurityGroup {
    fn from_model(s: &m::SecurityGroup, cx: &Enc) -> Self {
        let m::SecurityGroup {
            id,
            vpc_id,
            name,
            ingress,
            egress,
        } = s;
        SecurityGroup {
            id: id.clone(),
            xy: None,
            vpc_id: cx.enc(vpc_id),
            name: name.clone(),
            ingress: map(ingress, |x| SgRule::from_model(x, cx)),
            egress: map(egress, |x| SgRule::from_model(x, cx)),
        }
    }
    fn into_model(self, cx: &Dec) -> m::SecurityGroup {
        let SecurityGroup {
            id,
            xy: _,
            vpc_id,
            name,
            ingress,
            egress,
        } = self;
        m::SecurityGroup {
            id,
            vpc_id: cx.dec(vpc_id),
            name,
            ingress: unmap(ingress, |x| x.into_model(cx)),
            egress: unmap(egress, |x| x.into_model(cx)),
        }
    }
}

impl NaclEntry {
    fn from_model(e: &m::NaclEntry, _cx: &Enc) -> Self {
        let m::NaclEntry {
            rule_number,
            egress,
            protocol,
            action,
            cidr,
            port_range,
            icmp_type,
            icmp_code,
        } = e;
        NaclEntry {
            rule_number: *rule_number,
            egress: *egress,
            protocol: protocol.clone(),
            action: match action {
                m::RuleAction::Allow => RuleAction::Allow,
                m::RuleAction::Deny => RuleAction::Deny,
            },
            c: *cidr,
            port_range: *port_range,
            icmp_type: *icmp_type,
            icmp_code: *icmp_code,
        }
    }
    fn into_model(self, _cx: &Dec) -> m::NaclEntry {
        let NaclEntry {
            rule_number,
            egress,
            protocol,
            action,
            c,
            port_range,
            icmp_type,
            icmp_code,
        } = self;
        m::NaclEntry {
            rule_number,
            egress,
            protocol,
            action: match action {
                RuleAction::Allow => m::RuleAction::Allow,
                RuleAction::Deny => m::RuleAction::Deny,
            },
            cidr: c,
            port_range,
            icmp_type,
            icmp_code,
        }
    }
}

impl NetworkAcl {
    fn from_model(a: &m::NetworkAcl, cx: &Enc) -> Self {
        let m::NetworkAcl {
            id,
            vpc_id,
            default,
            subnet_ids,
            entries,
        } = a;
        NetworkAcl {
            id: id.clone(),
            xy: None,
            vpc_id: cx.enc(vpc_id),
            default: *default,
            subnet_ids: cx.enc(subnet_ids),
            entries: map(entries, |x| NaclEntry::from_model(x, cx)),
        }
    }
    fn into_model(self, cx: &Dec) -> m::NetworkAcl {
        let NetworkAcl {
            id,
            xy: _,
            vpc_id,
            default,
            subnet_ids,
            entries,
        } = self;
        m::NetworkAcl {
            id,
            vpc_id: cx.dec(vpc_id),
            default,
            subnet_ids: cx.dec(subnet_ids),
            entries: unmap(entries, |x| x.into_model(cx)),
        }
    }
}

impl PrefixList {
    fn from_model(p: &m::PrefixList, _cx: &Enc) -> Self {
        let m::PrefixList {
            id,
            name,
            cidrs,
            aws_managed,
        } = p;
        PrefixList {
            id: id.clone(),
            xy: None,
            name: name.clone(),
            cidrs: cidrs.clone(),
            aws_managed: *aws_managed,
        }
    }
    fn into_model(self, _cx: &Dec) -> m::PrefixList {
        let PrefixList {
            id,
            xy: _,
            name,
            cidrs,
            aws_managed,
        } = self;
        m::PrefixList {
            id,
            name,
            cidrs,
            aws_managed,
        }
    }
}

impl EndpointKind {
    fn from_model(k: m::EndpointKind) -> Self {
        match k {
            m::EndpointKind::Gateway => Self::Gateway,
            m::EndpointKind::Interface => Self::Interface,
            m::EndpointKind::GatewayLoadBalancer => Self::GatewayLoadBalancer,
            m::EndpointKind::Resource => Self::Resource,
            m::EndpointKind::ServiceNetwork => Self::ServiceNetwork,
        }
    }
    fn into_model(self) -> m::EndpointKind {
        match self {
            Self::Gateway => m::EndpointKind::Gateway,
            Self::Interface => m::EndpointKind::Interface,
            Self::GatewayLoadBalancer => m::EndpointKind::GatewayLoadBalancer,
            Self::Resource => m::EndpointKind::Resource,
            Self::ServiceNetwork => m::EndpointKind::ServiceNetwork,
        }
    }
}

impl VpcEndpoint {
    fn from_model(e: &m::VpcEndpoint, cx: &Enc) -> Self {
        let m::VpcEndpoint {
            id,
            vpc_id,
            service_name,
            kind,
            state,
            route_table_ids,
            subnet_ids,
            network_interface_ids,
            security_group_ids,
            private_dns_enabled,
            private_dns_only_for_inbound_resolver_endpoint,
            ip_address_type,
            dns_record_ip_type,
            policy,
            service_region,
            dns_names,
        } = e;
        VpcEndpoint {
            id: id.clone(),
            xy: None,
            vpc_id: cx.enc(vpc_id),
            service_name: service_name.clone(),
            kind: EndpointKind::from_model(*kind),
            state: EndpointState(state.clone()),
            route_table_ids: cx.enc(route_table_ids),
            subnet_ids: cx.enc(subnet_ids),
            network_interface_ids: cx.enc(network_interface_ids),
            security_group_ids: cx.enc(security_group_ids),
            private_dns_enabled: *private_dns_enabled,
            private_dns_only_for_inbound_resolver_endpoint:
                *private_dns_only_for_inbound_resolver_endpoint,
            ip_address_type: match ip_address_type {
                m::IpAddressType::Ipv4 => IpAddressType::Ipv4,
                m::IpAddressType::Ipv6 => IpAddressType::Ipv6,
                m::IpAddressType::Dualstack => IpAddressType::Dualstack,
            },
            dns_record_ip_type: dns_record_ip_type.clone(),
            policy: policy.clone(),
            service_region: service_region.clone(),
            dns_names: dns_names.clone(),
        }
    }
    fn into_model(self, cx: &Dec) -> m::VpcEndpoint {
        let VpcEndpoint {
            id,
            xy: _,
            vpc_id,
            service_name,
            kind,
            state,
            route_table_ids,
            subnet_ids,
            network_interface_ids,
            security_group_ids,
            private_dns_enabled,
            private_dns_only_for_inbound_resolver_endpoint,
            ip_address_type,
            dns_record_ip_type,
            policy,
            service_region,
            dns_names,
        } = self;
        m::VpcEndpoint {
            id,
            vpc_id: cx.dec(vpc_id),
            service_name,
            kind: kind.into_model(),
            state: state.0,
            route_table_ids: cx.dec(route_table_ids),
            subnet_ids: cx.dec(subnet_ids),
            network_interface_ids: cx.dec(network_interface_ids),
            security_group_ids: cx.dec(security_group_ids),
            private_dns_enabled,
            private_dns_only_for_inbound_resolver_endpoint,
            ip_address_type: match ip_address_type {
                IpAddressType::Ipv4 => m::IpAddressType::Ipv4,
                IpAddressType::Ipv6 => m::IpAddressType::Ipv6,
                IpAddressType::Dualstack => m::IpAddressType::Dualstack,
            },
            dns_record_ip_type,
            policy,
            service_region,
            dns_names,
        }
    }
}

impl EndpointService {
    fn from_model(s: &m::EndpointService, cx: &Enc) -> Self {
        let m::EndpointService {
            id,
            service_name,
            region,
            kind,
            acceptance_required,
            load_balancer_arns,
            availability_zones,
            allowed_principals,
            supported_regions,
            private_dns_name,
            owner,
        } = s;
        EndpointService {
            id: id.clone(),
            xy: None,
            service_name: service_name.clone(),
            region: region.clone(),
            kind: EndpointKind::from_model(*kind),
            acceptance_required: *acceptance_required,
            load_balancer_arns: cx.enc(load_balancer_arns),
            availability_zones: availability_zones.clone(),
            allowed_principals: allowed_principals.clone(),
            supported_regions: supported_regions.clone(),
            private_dns_name: private_dns_name.clone(),
            owner: owner.clone(),
        }
    }
    fn into_model(self, cx: &Dec) -> m::EndpointService {
        let EndpointService {
            id,
            xy: _,
            service_name,
            region,
            kind,
            acceptance_required,
            load_balancer_arns,
            availability_zones,
            allowed_principals,
            supported_regions,
            private_dns_name,
            owner,
        } = self;
        m::EndpointService {
            id,
            service_name,
            region,
            kind: kind.into_model(),
            acceptance_required,
            load_balancer_arns: cx.dec(load_balancer_arns),
            availability_zones,
            allowed_principals,
            supported_regions,
            private_dns_name,
            owner,
        }
    }
}

impl LoadBalancer {
    fn from_model(l: &m::LoadBalancer, cx: &Enc) -> Self {
        let m::LoadBalancer {
            id,
            name,
            kind,
            vpc_id,
            subnet_ids,
            internet_facing,
            cross_zone,
            listener_ports,
            targets,
        } = l;
        LoadBalancer {
            id: id.clone(),
            xy: None,
            name: name.clone(),
            kind: kind.clone(),
            vpc_id: cx.enc(vpc_id),
            subnet_ids: cx.enc(subnet_ids),
            internet_facing: *internet_facing,
            cross_zone: *cross_zone,
            listener_ports: listener_ports.clone(),
            targets: cx.enc(targets),
        }
    }
    fn into_model(self, cx: &Dec) -> m::LoadBalancer {
        let LoadBalancer {
            id,
            xy: _,
            name,
            kind,
            vpc_id,
            subnet_ids,
            internet_facing,
            cross_zone,
            listener_ports,
            targets,
        } = self;
        m::LoadBalancer {
            id,
            name,
            kind,
            vpc_id: cx.dec(vpc_id),
            subnet_ids: cx.dec(subnet_ids),
            internet_facing,
            cross_zone,
            listener_ports,
            targets: cx.dec(targets),
        }
    }
}

impl PeeringConnection {
    fn from_model(p: &m::PeeringConnection, cx: &Enc) -> Self {
        let m::PeeringConnection {
            id,
            requester_vpc_id,
            accepter_vpc_id,
            requester_cidrs,
            accepter_cidrs,
            requester_region,
            accepter_region,
            status,
            requester_dns_resolution,
            accepter_dns_resolution,
        } = p;
        PeeringConnection {
            id: id.clone(),
            xy: None,
            requester_vpc_id: cx.enc(requester_vpc_id),
            accepter_vpc_id: cx.enc(accepter_vpc_id),
            requester_cidrs: requester_cidrs.clone(),
            accepter_cidrs: accepter_cidrs.clone(),
            requester_region: requester_region.clone(),
            accepter_region: accepter_region.clone(),
            status: status.clone(),
            requester_dns_resolution: *requester_dns_resolution,
            accepter_dns_resolution: *accepter_dns_resolution,
        }
    }
    fn into_model(self, cx: &Dec) -> m::PeeringConnection {
        let PeeringConnection {
            id,
            xy: _,
            requester_vpc_id,
            accepter_vpc_id,
            requester_cidrs,
            accepter_cidrs,
            requester_region,
            accepter_region,
            status,
            requester_dns_resolution,
            accepter_dns_resolution,
        } = self;
        m::PeeringConnection {
            id,
            requester_vpc_id: cx.dec(requester_vpc_id),
            accepter_vpc_id: cx.dec(accepter_vpc_id),
            requester_cidrs,
            accepter_cidrs,
            requester_region,
            accepter_region,
            status,
            requester_dns_resolution,
            accepter_dns_resolution,
        }
    }
}

impl TransitGateway {
    fn from_model(t: &m::TransitGateway, cx: &Enc) -> Self {
        let m::TransitGateway {
            id,
            region,
            default_route_table_id,
        } = t;
        TransitGateway {
            id: id.clone(),
            xy: None,
            region: region.clone(),
            default_route_table_id: cx.enc(default_route_table_id),
        }
    }
    fn into_model(self, cx: &Dec) -> m::TransitGateway {
        let TransitGateway {
            id,
            xy: _,
            region,
            default_route_table_id,
        } = self;
        m::TransitGateway {
            id,
            region,
            default_route_table_id: cx.dec(default_route_table_id),
        }
    }
}

impl TgwAttachment {
    fn from_model(a: &m::TgwAttachment, cx: &Enc) -> Self {
        let m::TgwAttachment {
            id,
            transit_gateway_id,
            kind,
            resource_id,
            subnet_ids,
            state,
        } = a;
        TgwAttachment {
            id: id.clone(),
            xy: None,
            transit_gateway_id: cx.enc(transit_gateway_id),
            kind: match kind {
                m::TgwAttachmentKind::Vpc => TgwAttachmentKind::Vpc,
                m::TgwAttachmentKind::Vpn => TgwAttachmentKind::Vpn,
                m::TgwAttachmentKind::DirectConnectGateway => {
                    TgwAttachmentKind::DirectConnectGateway
                }
                m::TgwAttachmentKind::Peering => TgwAttachmentKind::Peering,
                m::TgwAttachmentKind::Connect => TgwAttachmentKind::Connect,
            },
            resource_id: cx.enc(resource_id),
            subnet_ids: cx.enc(subnet_ids),
            state: state.clone(),
        }
    }
    fn into_model(self, cx: &Dec) -> m::TgwAttachment {
        let TgwAttachment {
            id,
            xy: _,
            transit_gateway_id,
            kind,
            resource_id,
            subnet_ids,
            state,
        } = self;
        m::TgwAttachment {
            id,
            transit_gateway_id: cx.dec(transit_gateway_id),
            kind: match kind {
                TgwAttachmentKind::Vpc => m::TgwAttachmentKind::Vpc,
                TgwAttachmentKind::Vpn => m::TgwAttachmentKind::Vpn,
                TgwAttachmentKind::DirectConnectGateway => {
                    m::TgwAttachmentKind::DirectConnectGateway
                }
                TgwAttachmentKind::Peering => m::TgwAttachmentKind::Peering,
                TgwAttachmentKind::Connect => m::TgwAttachmentKind::Connect,
            },
            resource_id: cx.dec(resource_id),
            subnet_ids: cx.dec(subnet_ids),
            state,
        }
    }
}

impl TgwRoute {
    fn from_model(r: &m::TgwRoute, cx: &Enc) -> Self {
        let m::TgwRoute {
            cidr,
            attachment_ids,
            state,
            propagated,
        } = r;
        TgwRoute {
            c: *cidr,
            attachment_ids: cx.enc(attachment_ids),
            state: RouteState::from_model(*state),
            propagated: *propagated,
        }
    }
    fn into_model(self, cx: &Dec) -> m::TgwRoute {
        let TgwRoute {
            c,
            attachment_ids,
            state,
            propagated,
        } = self;
        m::TgwRoute {
            cidr: c,
            attachment_ids: cx.dec(attachment_ids),
            state: state.into_model(),
            propagated,
        }
    }
}

impl TgwRouteTable {
    fn from_model(t: &m::TgwRouteTable, cx: &Enc) -> Self {
        let m::TgwRouteTable {
            id,
            transit_gateway_id,
            associations,
            propagations,
            routes,
        } = t;
        TgwRouteTable {
            id: id.clone(),
            xy: None,
            transit_gateway_id: cx.enc(transit_gateway_id),
            associations: cx.enc(associations),
            propagations: cx.enc(propagations),
            routes: map(routes, |x| TgwRoute::from_model(x, cx)),
        }
    }
    fn into_model(self, cx: &Dec) -> m::TgwRouteTable {
        let TgwRouteTable {
            id,
            xy: _,
            transit_gateway_id,
            associations,
            propagations,
            routes,
        } = self;
        m::TgwRouteTable {
            id,
            transit_gateway_id: cx.dec(transit_gateway_id),
            associations: cx.dec(associations),
            propagations: cx.dec(propagations),
            routes: unmap(routes, |x| x.into_model(cx)),
        }
    }
}

impl VpnGateway {
    fn from_model(g: &m::VpnGateway, cx: &Enc) -> Self {
        let m::VpnGateway { id, vpc_id, asn } = g;
        VpnGateway {
            id: id.clone(),
            xy: None,
            vpc_id: cx.enc(vpc_id),
            asn: *asn,
        }
    }
    fn into_model(self, cx: &Dec) -> m::VpnGateway {
        let VpnGateway {
            id,
            xy: _,
            vpc_id,
            asn,
        } = self;
        m::VpnGateway {
            id,
            vpc_id: cx.dec(vpc_id),
            asn,
        }
    }
}

impl CustomerGateway {
    fn from_model(g: &m::CustomerGateway, _cx: &Enc) -> Self {
        let m::CustomerGateway {
            id,
            ip_address,
            bgp_asn,
        } = g;
        CustomerGateway {
            id: id.clone(),
            xy: None,
            ip_address: *ip_address,
            bgp_asn: *bgp_asn,
        }
    }
    fn into_model(self, _cx: &Dec) -> m::CustomerGateway {
        let CustomerGateway {
            id,
            xy: _,
            ip_address,
            bgp_asn,
        } = self;
        m::CustomerGateway {
            id,
            ip_address,
            bgp_asn,
        }
    }
}

impl VpnConnection {
    fn from_model(v: &m::VpnConnection, cx: &Enc) -> Self {
        let m::VpnConnection {
            id,
            vpn_gateway_id,
            transit_gateway_id,
            customer_gateway_id,
            static_routes_only,
            static_routes,
            bgp_routes,
            tunnel_outside_ips,
            state,
        } = v;
        VpnConnection {
            id: id.clone(),
            xy: None,
            vpn_gateway_id: cx.enc(vpn_gateway_id),
            transit_gateway_id: cx.enc(transit_gateway_id),
            customer_gateway_id: cx.enc(customer_gateway_id),
            static_routes_only: *static_routes_only,
            static_routes: static_routes.clone(),
            bgp_routes: bgp_routes.clone(),
            tunnel_outside_ips: tunnel_outside_ips.clone(),
            state: state.clone(),
        }
    }
    fn into_model(self, cx: &Dec) -> m::VpnConnection {
        let VpnConnection {
            id,
            xy: _,
            vpn_gateway_id,
            transit_gateway_id,
            customer_gateway_id,
            static_routes_only,
            static_routes,
            bgp_routes,
            tunnel_outside_ips,
            state,
        } = self;
        m::VpnConnection {
            id,
            vpn_gateway_id: cx.dec(vpn_gateway_id),
            transit_gateway_id: cx.dec(transit_gateway_id),
            customer_gateway_id: cx.dec(customer_gateway_id),
            static_routes_only,
            static_routes,
            bgp_routes,
            tunnel_outside_ips,
            state,
        }
    }
}

impl DirectConnectGateway {
    fn from_model(g: &m::DirectConnectGateway, cx: &Enc) -> Self {
        let m::DirectConnectGateway {
            id,
            vpn_gateway_ids,
            transit_gateway_ids,
            onprem_cidrs,
        } = g;
        DirectConnectGateway {
            id: id.clone(),
            xy: None,
            vpn_gateway_ids: cx.enc(vpn_gateway_ids),
            transit_gateway_ids: cx.enc(transit_gateway_ids),
            onprem_cidrs: onprem_cidrs.clone(),
        }
    }
    fn into_model(self, cx: &Dec) -> m::DirectConnectGateway {
        let DirectConnectGateway {
            id,
            xy: _,
            vpn_gateway_ids,
            transit_gateway_ids,
            onprem_cidrs,
        } = self;
        m::DirectConnectGateway {
            id,
            vpn_gateway_ids: cx.dec(vpn_gateway_ids),
            transit_gateway_ids: cx.dec(transit_gateway_ids),
            onprem_cidrs,
        }
    }
}
