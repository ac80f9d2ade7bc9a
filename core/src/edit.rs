//! Every change a user can make to a [`Diagram`], as data, applied purely.
//!
//! The UI's reducer holds a `Diagram` and hands each user action to [`apply`] as an [`Edit`]; it never changes
//! the topology itself (Architecture Invariant: `web` never re-implements an AWS rule). An `Edit` is
//! serialisable, so the UI can log it, replay it and keep an undo stack of diagrams.
//!
//! [`apply`] is pure and never panics: it returns a new diagram (and the id of what it created), or an
//! [`EditError`] naming the object and the field, leaving the diagram unchanged. Edits never refuse a topology
//! only because [`validate`](crate::validate::validate) would complain about it: the properties panel shows
//! those messages beside the field ([`diagnostics_for`]); edits refuse what cannot be represented (a CIDR that
//! does not parse) or what AWS itself refuses outright (a second internet gateway on a VPC, peering two
//! overlapping VPCs, deleting a main route table).
//!
//! # Adding ([`Edit::Add`])
//!
//! Ids get the AWS prefix and a short, readable, diagram-unique hexadecimal suffix (`vpc-1a2b3c`). The parent is
//! the `parent` id, else the container under `at`, else the only candidate; when several could hold the new
//! thing the edit asks for a parent. Defaults, by kind:
//!
//! | Kind | What is created |
//! |---|---|
//! | `vpc` | the next free `10.N.0.0/16` in the topology's region (default `us-east-1`), DNS support and hostnames on (the console's default), a main route table, the `default` security group (egress to everything, ingress from itself, SG-02) and the default network ACL (rule 100 allows everything both ways) |
//! | `subnet` | the next free `/24` of the VPC, in the AZ lane under `at` or else alternately `<region>a` / `<region>b` (the AZ with fewer subnets); it uses the main route table |
//! | `route-table` | a non-main table (the main one if the VPC has none); a subnet parent is explicitly associated with it |
//! | `internet-gateway` | attached to the VPC (refused if the VPC has one, IGW-01); if the main table has no `0.0.0.0/0` route, one to the new gateway is added, which makes the main table's subnets public |
//! | `egress-only-internet-gateway` | attached; `::/0` to it in the main table if the VPC has an IPv6 block and no such route |
//! | `nat-gateway` | a public NAT gateway in the subnet (a VPC parent picks its first public subnet) with the next free private address and an Elastic IP from the documentation ranges; no route is added (connect a route table to it) |
//! | `instance` | the next free address of the subnet (from `.10`), the VPC's `default` security group (created if missing), and a public IP when the subnet is public (a VPC parent picks its first private subnet) |
//! | `security-group` | egress to everything, no ingress (`CreateSecurityGroup`'s default); added to an instance / interface / endpoint parent |
//! | `network-acl` | rule 100 allows everything both ways (unlike `CreateNetworkAcl`'s deny-all, so adding one does not silently cut a subnet off; delete rule 100 to see AWS's default); a subnet parent is associated with it |
//! | `gateway-endpoint` | `s3` or `dynamodb` (GE-11) of the VPC's region, on the parent route table, the parent subnet's table, or else the main table (skipping tables that already route that service, GE-04); the AWS-managed prefix list `com.amazonaws.<region>.<service>` is created if missing: the published us-east-1 ranges for S3 (`pl-63a5400a`) and DynamoDB (`pl-02cd2c6b`), clearly labelled illustrative ranges elsewhere (see [`Applied::notes`]) |
//! | `interface-endpoint` | `service` is a short AWS service name (`sqs`), a full service name, or a `vpce-svc-…` id or name; one subnet per AZ of the VPC (preferring private subnets) or the parent subnet; a new security group allowing TCP 443 (an endpoint service's listener ports) from the VPC's CIDRs; private DNS on except for S3 (reached by its `vpce-…` DNS name, as AWS recommends next to a gateway endpoint); a `service_region` when the service is in another region (cross-Region PrivateLink) |
//! | `gateway-load-balancer-endpoint` | in the parent subnet, for the diagram's first Gateway Load Balancer endpoint service (or a generated service name, noted) |
//! | `load-balancer` | an internal NLB listening on 443 in the parent subnet or one subnet per AZ, targeting the instances of those subnets |
//! | `endpoint-service` | an NLB-backed endpoint service (the parent load balancer, or a new NLB as above) |
//! | `peering-connection` | an active peering from the parent VPC to the first VPC it does not overlap or already peer with, and routes both ways (each side's CIDRs → the connection) in every route table of both VPCs that has no route to that destination |
//! | `transit-gateway` | with its default route table; a VPC parent is attached (see [`Edit::Connect`]) |
//! | `on-premises` | a customer gateway, a Site-to-Site VPN with a static route to the next free on-premises CIDR (`192.168.0.0/16`, then `172.16.0.0/16` …) and a virtual private gateway on the VPC (reused if it has one) whose routes propagate into every route table of the VPC; with a transit gateway parent, the VPN attaches to it instead and the attached VPCs route the CIDR to it |
//! | `direct-connect` | a Direct Connect gateway advertising the next free on-premises CIDR, on the VPC's virtual private gateway (created if missing, propagating) or the transit gateway parent |
//! | `service-resource` | an S3 bucket (`s3:bucket-…`) or DynamoDB table (`dynamodb:table-…`) with no resource policy, in the topology's region |
//!
//! # Connecting ([`Edit::Connect`], [`connection`])
//!
//! A connection *is* an association; order does not matter:
//!
//! * subnet – route table: explicit association (replacing the subnet's previous one); route table – VPC: make
//!   it the main table;
//! * gateway endpoint – route table (or a subnet: its route table): associate (GE-04 refuses a second endpoint of
//!   the service on a table);
//! * interface / GWLB endpoint – subnet: add the subnet, replacing the endpoint's subnet in the same AZ (IE-01; a
//!   GWLB endpoint has one subnet, GW-01); interface endpoint – endpoint service: use that service;
//! * VPC – VPC: a peering connection with routes both ways (as `peering-connection` above);
//! * VPC – transit gateway: an attachment in one subnet per AZ, associated with and propagating to the
//!   transit gateway's default route table, and routes between the VPC and every other attached VPC (and the
//!   on-premises CIDRs of the transit gateway's VPNs) in their route tables;
//! * internet gateway / egress-only internet gateway / virtual private gateway – VPC: attach (moving it from
//!   another VPC removes that VPC's routes to it);
//! * subnet – network ACL: associate (replacing the previous one);
//! * instance / network interface / interface endpoint – security group: add the group (same VPC);
//! * NAT gateway / instance – subnet: move it there, with a new address;
//! * route table – internet gateway or NAT gateway (`0.0.0.0/0`), egress-only internet gateway (`::/0`),
//!   peering connection (the peer's CIDRs), transit gateway (the other attached VPCs' and on-premises CIDRs),
//!   GWLB endpoint / instance / network interface (`0.0.0.0/0`): a route, replacing the target of an existing
//!   route to the same destination; route table – virtual private gateway: route propagation;
//! * load balancer – subnet (one per AZ) or instance (a target); endpoint service – load balancer; Direct
//!   Connect gateway – virtual private gateway or transit gateway.
//!
//! [`Edit::Disconnect`] undoes each of these: a peering or transit gateway attachment is deleted with the routes
//! to it in the VPCs it joined; a detached gateway takes the VPC's routes to it along (AWS would leave them as
//! blackhole routes, but [`validate`](crate::validate::validate) rightly flags a route to a gateway that is not
//! attached to the table's VPC; a *deleted* target's routes do stay as blackholes, see below).
//!
//! # Deleting ([`Edit::Delete`])
//!
//! Deleting cascades to what cannot exist without it: a VPC takes its subnets, route tables, security groups,
//! network ACLs, endpoints, load balancers, NAT gateways, attached internet gateways, peering connections and
//! transit gateway attachments (a virtual private gateway is detached and kept); a subnet takes its instances,
//! NAT gateways and interfaces; an instance, NAT gateway or endpoint takes its interfaces; a transit gateway its
//! attachments, route tables and VPNs; a virtual private gateway or customer gateway its VPNs; `onprem` every
//! VPN, customer gateway and Direct Connect gateway. References are cleaned up as AWS does: **routes whose
//! target is deleted become blackhole routes** (AWS keeps them until they are replaced); associations, security
//! group memberships, rule references and layout positions are removed. `<endpoint>@<subnet>` removes one
//! subnet of an endpoint or load balancer. **Flows that name a deleted id are kept** (the UI shows why they no
//! longer trace; undo brings the object back). AWS's own refusals hold: a main route table, a `default`
//! security group, a default network ACL (unless their VPC goes too) and AWS-managed prefix lists cannot be
//! deleted. Virtual nodes (`internet`, `aws-service:…`) are skipped.
//!
//! # Editing fields ([`Edit::Set`], [`Edit::Replace`])
//!
//! Both work on the object's JSON (the model's serde form, [`object_json`]): `Set` changes one value at a path
//! (`cidr_block`, `routes/2/target`, `routes[2].target` as validation names it, `routes/-` to append), `Replace`
//! the whole object. The result must deserialise, else the error names the field (serde's message) and nothing
//! changes. Changing an `id` renames every reference to it (routes, associations, layout, flows).
//!
//! # Layout
//!
//! A diagram whose layout is empty is drawn by [`crate::layout::auto_layout`] from scratch every time. Once
//! anything is positioned (a [`Edit::Move`], an [`Edit::Add`] with `at`), the whole layout is stored and each
//! later edit keeps every position, places new things, drops the position of a node whose container changed, and
//! pushes aside the siblings of a container that grew into them.
//!
//! ```
//! use vpclab_core::{diagram::Diagram, edit::{apply, Edit, NodeKind}};
//! let d = Diagram::default();
//! let a = apply(&d, &Edit::Add { kind: NodeKind::Vpc, parent: None, at: None }).unwrap();
//! let vpc = a.created.clone().unwrap();
//! assert!(vpc.starts_with("vpc-"));
//! let b = apply(&a.diagram, &Edit::Add { kind: NodeKind::Subnet, parent: Some(vpc.clone()), at: None }).unwrap();
//! let subnet = &b.diagram.topology.subnets[0];
//! assert_eq!(subnet.cidr_block.unwrap().to_string(), "10.0.0.0/24");
//! assert_eq!(subnet.az.as_deref(), Some("us-east-1a"));
//! let bad = apply(&b.diagram, &Edit::Set { id: subnet.id.clone(), field: "cidr_block".into(), value: "10.0.0.0/33".into() });
//! assert_eq!(bad.unwrap_err().field.as_deref(), Some("cidr_block"));
//! ```

mod add;
mod alloc;
mod connect;
mod delete;
mod disconnect;
mod fix;
mod object;
mod relations;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::diagram::{Diagram, Flow, Point};
use crate::model::Topology;

pub use fix::{fix, Fix};
pub use object::{kind_of, object_json, ObjectKind};

/// What the palette adds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    Vpc,
    Subnet,
    RouteTable,
    InternetGateway,
    EgressOnlyInternetGateway,
    NatGateway,
    Instance,
    SecurityGroup,
    NetworkAcl,
    /// `s3` or `dynamodb`.
    GatewayEndpoint {
        service: String,
    },
    /// `s3`, `sqs`, … (an AWS service of the VPC's region), a full service name, or a `vpce-svc-…` id or
    /// service name.
    InterfaceEndpoint {
        service: String,
    },
    GatewayLoadBalancerEndpoint,
    /// The provider side of PrivateLink: an NLB and its endpoint service.
    EndpointService,
    LoadBalancer,
    PeeringConnection,
    TransitGateway,
    /// A customer gateway and a Site-to-Site VPN to a virtual private gateway on the VPC (or to a transit
    /// gateway), with an on-premises CIDR.
    OnPremises,
    DirectConnect,
    /// An S3 bucket or a DynamoDB table, with an optional resource policy.
    ServiceResource {
        service: String,
    },
}

/// What a palette entry needs as its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParentKind {
    /// Nothing: it stands on its own.
    None,
    /// A VPC (or anything inside one).
    Vpc,
    /// A subnet (a VPC parent picks one of its subnets).
    Subnet,
    /// Two VPCs (the parent and another).
    VpcPair,
    /// A VPC or a transit gateway.
    VpcOrTransitGateway,
    /// Optional: a VPC to attach.
    OptionalVpc,
}

/// One palette entry: the kind with its default options, a label, and what it needs as a parent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaletteItem {
    pub kind: NodeKind,
    pub label: &'static str,
    pub parent: ParentKind,
}

/// Every kind the palette offers, with sensible default options, in the order a user builds a network.
pub fn palette() -> Vec<PaletteItem> {
    use NodeKind as K;
    use ParentKind as P;
    let item = |kind, label, parent| PaletteItem {
        kind,
        label,
        parent,
    };
    vec![
        item(K::Vpc, "VPC", P::None),
        item(K::Subnet, "Subnet", P::Vpc),
        item(K::RouteTable, "Route table", P::Vpc),
        item(K::InternetGateway, "Internet gateway", P::Vpc),
        item(
            K::EgressOnlyInternetGateway,
            "Egress-only internet gateway",
            P::Vpc,
        ),
        item(K::NatGateway, "NAT gateway", P::Subnet),
        item(K::Instance, "EC2 instance", P::Subnet),
        item(K::SecurityGroup, "Security group", P::Vpc),
        item(K::NetworkAcl, "Network ACL", P::Vpc),
        item(
            K::GatewayEndpoint {
                service: "s3".into(),
            },
            "Gateway endpoint (S3)",
            P::Vpc,
        ),
        item(
            K::GatewayEndpoint {
                service: "dynamodb".into(),
            },
            "Gateway endpoint (DynamoDB)",
            P::Vpc,
        ),
        item(
            K::InterfaceEndpoint {
                service: "s3".into(),
            },
            "Interface endpoint (S3)",
            P::Vpc,
        ),
        item(
            K::InterfaceEndpoint {
                service: "sqs".into(),
            },
            "Interface endpoint (SQS)",
            P::Vpc,
        ),
        item(
            K::GatewayLoadBalancerEndpoint,
            "Gateway Load Balancer endpoint",
            P::Subnet,
        ),
        item(K::EndpointService, "Endpoint service (NLB)", P::Vpc),
        item(K::LoadBalancer, "Network Load Balancer", P::Vpc),
        item(K::PeeringConnection, "Peering connection", P::VpcPair),
        item(K::TransitGateway, "Transit gateway", P::OptionalVpc),
        item(K::OnPremises, "On premises (VPN)", P::VpcOrTransitGateway),
        item(K::DirectConnect, "Direct Connect", P::VpcOrTransitGateway),
        item(
            K::ServiceResource {
                service: "s3".into(),
            },
            "S3 bucket",
            P::None,
        ),
        item(
            K::ServiceResource {
                service: "dynamodb".into(),
            },
            "DynamoDB table",
            P::None,
        ),
    ]
}

/// One change to a diagram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    /// Add a new thing. `parent`: the VPC for a subnet, gateway, route table, security group …, the subnet for
    /// an instance, NAT gateway or endpoint (see the [module docs](self)). `at`: where it was dropped (its
    /// top-left corner); also picks the parent (the container under it) and a subnet's AZ (the lane under it).
    Add {
        kind: NodeKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Point>,
    },
    /// Move a node (by scene key) or container to `to` (its new top-left corner), snapped inside its container
    /// ([`crate::layout::snap`]); a container's contents move with it.
    Move {
        id: String,
        to: Point,
    },
    /// Delete objects, with the cascade of the [module docs](self).
    Delete {
        ids: Vec<String>,
    },
    /// Create the association between two objects (see [`connection`]).
    Connect {
        from: String,
        to: String,
    },
    /// Remove it.
    Disconnect {
        from: String,
        to: String,
    },
    /// Set one field of an object's JSON: `field` is a path like `cidr_block` or `routes/2/target`.
    Set {
        id: String,
        field: String,
        value: serde_json::Value,
    },
    /// Replace an object with this JSON (the model's serde form).
    Replace {
        id: String,
        object: serde_json::Value,
    },
    /// Add a flow (it becomes the selected one).
    AddFlow(Flow),
    UpdateFlow {
        index: usize,
        flow: Flow,
    },
    RemoveFlow(usize),
    SelectFlow(Option<usize>),
    /// Replace the topology, keeping layout and flows (an import).
    ReplaceTopology(Topology),
    /// Replace everything (a gallery example, a share link, "New").
    ReplaceDiagram(Diagram),
}

/// The result of an edit.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub diagram: Diagram,
    /// The id of the main object an [`Edit::Add`] created (a VPC, the endpoint, the VPN connection of an
    /// `on-premises`, `s3:<bucket>` for a service resource), or the peering / attachment a [`Edit::Connect`]
    /// created.
    pub created: Option<String>,
    /// Plain-English notes on what the edit did beyond the obvious (routes added or turned into blackholes,
    /// illustrative prefix-list ranges, a NAT gateway in a subnet that is not public …).
    pub notes: Vec<String>,
}

/// Why an edit was refused. The diagram is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct EditError {
    /// The object the error is about (to highlight it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The field of that object (a path like `routes/2/target`), when one is at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// One sentence, naming the object and the field.
    pub message: String,
}

impl EditError {
    pub(crate) fn new(message: impl Into<String>) -> EditError {
        EditError {
            subject: None,
            field: None,
            message: message.into(),
        }
    }

    pub(crate) fn about(subject: &str, message: impl Into<String>) -> EditError {
        EditError {
            subject: Some(subject.to_string()),
            field: None,
            message: message.into(),
        }
    }

    pub(crate) fn field(subject: &str, field: &str, message: impl Into<String>) -> EditError {
        EditError {
            subject: Some(subject.to_string()),
            field: Some(field.to_string()),
            message: message.into(),
        }
    }

    pub(crate) fn not_found(id: &str) -> EditError {
        EditError::about(id, format!("there is no `{id}` in the diagram"))
    }
}

/// The working state of one edit.
pub(crate) struct Work {
    pub d: Diagram,
    pub created: Option<String>,
    pub notes: Vec<String>,
}

impl Work {
    fn new(d: &Diagram) -> Work {
        Work {
            d: d.clone(),
            created: None,
            notes: Vec::new(),
        }
    }

    pub fn t(&self) -> &Topology {
        &self.d.topology
    }

    pub fn tm(&mut self) -> &mut Topology {
        &mut self.d.topology
    }

    pub fn note(&mut self, s: impl Into<String>) {
        self.notes.push(s.into());
    }

    fn done(self) -> Applied {
        Applied {
            diagram: self.d,
            created: self.created,
            notes: self.notes,
        }
    }
}

/// Apply one edit. Pure; never panics; on error the diagram is unchanged.
pub fn apply(d: &Diagram, e: &Edit) -> Result<Applied, EditError> {
    let mut w = Work::new(d);
    match e {
        Edit::Add { kind, parent, at } => {
            if at.is_some() && w.d.layout.is_empty() {
                w.d.layout = crate::layout::auto_layout(&w.d);
            }
            add::add(&mut w, kind, parent.as_deref(), *at)?;
            finish_topology_edit(d, &mut w);
            if let (Some(p), Some(id)) = (at, w.created.clone()) {
                place_at(&mut w, &id, *p);
            }
        }
        Edit::Move { id, to } => move_node(&mut w, id, *to)?,
        Edit::Delete { ids } => {
            delete::delete(&mut w, ids)?;
            finish_topology_edit(d, &mut w);
        }
        Edit::Connect { from, to } => {
            let what = connect::connect(&mut w, from, to)?;
            w.note(what);
            finish_topology_edit(d, &mut w);
        }
        Edit::Disconnect { from, to } => {
            let what = disconnect::disconnect(&mut w, from, to)?;
            w.note(what);
            finish_topology_edit(d, &mut w);
        }
        Edit::Set { id, field, value } => {
            object::set(&mut w, id, field, value)?;
            finish_topology_edit(d, &mut w);
        }
        Edit::Replace { id, object } => {
            object::replace(&mut w, id, object)?;
            finish_topology_edit(d, &mut w);
        }
        Edit::AddFlow(f) => {
            w.d.flows.push(f.clone());
            w.d.selected_flow = Some(w.d.flows.len() - 1);
        }
        Edit::UpdateFlow { index, flow } => {
            let n = w.d.flows.len();
            let slot =
                w.d.flows
                    .get_mut(*index)
                    .ok_or_else(|| no_flow(*index, n))?;
            *slot = flow.clone();
        }
        Edit::RemoveFlow(i) => {
            if *i >= w.d.flows.len() {
                return Err(no_flow(*i, w.d.flows.len()));
            }
            w.d.flows.remove(*i);
            // Removing the selected flow selects its neighbour (the one now at its place, else the last).
            let left = w.d.flows.len();
            w.d.selected_flow = match w.d.selected_flow {
                Some(s) if s == *i => (left > 0).then(|| (*i).min(left - 1)),
                Some(s) if s > *i => Some(s - 1),
                other => other,
            };
        }
        Edit::SelectFlow(sel) => {
            if let Some(i) = sel {
                if *i >= w.d.flows.len() {
                    return Err(no_flow(*i, w.d.flows.len()));
                }
            }
            w.d.selected_flow = *sel;
        }
        Edit::ReplaceTopology(t) => {
            w.d.topology = t.clone();
            finish_topology_edit(d, &mut w);
        }
        Edit::ReplaceDiagram(nd) => w.d = nd.clone(),
    }
    Ok(w.done())
}

fn no_flow(i: usize, n: usize) -> EditError {
    EditError::new(format!(
        "there is no flow {i}: the diagram has {n} flow{}",
        if n == 1 { "" } else { "s" }
    ))
}

/// What connecting `from` and `to` would do, in one sentence (the UI's hover hint), or `None` when they cannot
/// be connected.
///
/// ```
/// use vpclab_core::{edit::connection, gallery};
/// let d = gallery::example("s3-through-nat").unwrap().diagram;
/// let hint = connection(&d, "subnet-private-a", "rtb-public").unwrap();
/// assert!(hint.contains("rtb-public"), "{hint}");
/// assert_eq!(connection(&d, "i-app", "igw-app"), None);
/// ```
pub fn connection(d: &Diagram, from: &str, to: &str) -> Option<String> {
    let mut w = Work::new(d);
    connect::connect(&mut w, from, to).ok()
}

/// The validation findings about one object (`Diagnostic::subject == id`), for the properties panel. Their
/// `field` reads like `routes[2].target`; [`field_path`] turns it into the path [`Edit::Set`] takes.
pub fn diagnostics_for(t: &Topology, id: &str) -> Vec<Diagnostic> {
    crate::validate::validate(t)
        .into_iter()
        .filter(|d| d.subject == id)
        .collect()
}

/// A validation field (`routes[2].target`) as an [`Edit::Set`] path (`routes/2/target`).
///
/// ```
/// assert_eq!(vpclab_core::edit::field_path("routes[2].target"), "routes/2/target");
/// assert_eq!(vpclab_core::edit::field_path("cidr_block"), "cidr_block");
/// ```
pub fn field_path(field: &str) -> String {
    object::parse_path(field)
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// After any topology change: keep the stored layout consistent (see the module docs).
fn finish_topology_edit(before: &Diagram, w: &mut Work) {
    if w.d.layout.is_empty() {
        return;
    }
    let old = crate::layout::containers(before);
    let new = crate::layout::containers(&w.d);
    let moved: Vec<String> = new
        .iter()
        .filter(|(k, c)| old.get(*k).is_some_and(|o| o != *c))
        .map(|(k, _)| k.clone())
        .collect();
    for k in moved {
        for dk in crate::layout::descendants(&w.d, &k) {
            w.d.layout.remove(&dk);
        }
        w.d.layout.remove(&k);
    }
    let mut materialised = before.clone();
    materialised.layout = crate::layout::auto_layout(before);
    w.d.layout = crate::layout::auto_layout(&w.d);
    crate::layout::make_room(&materialised, &mut w.d);
}

/// Put a newly added node where it was dropped: centred on the drop point, or on the nearest spot from there
/// that covers no other node and no label ([`crate::layout::free_spot`]); where none is near, it keeps the
/// automatic position, which is free.
fn place_at(w: &mut Work, id: &str, at: Point) {
    let scene = crate::layout::scene(&w.d);
    let key = if scene.rect_of(id).is_some() {
        id.to_string()
    } else {
        match scene.nodes.iter().find(|n| n.id == id && n.movable) {
            Some(n) => n.key.clone(),
            None => return,
        }
    };
    if let Some(to) = crate::layout::free_spot(&w.d, &key, at) {
        let _ = move_node(w, &key, to);
    }
}

fn move_node(w: &mut Work, key: &str, to: Point) -> Result<(), EditError> {
    let scene = crate::layout::scene(&w.d);
    let Some(current) = scene.rect_of(key) else {
        return Err(EditError::about(
            key,
            format!("there is nothing called `{key}` on the diagram to move"),
        ));
    };
    if scene.node(key).is_some_and(|n| !n.movable) {
        return Ok(()); // Edge gateways and badges follow their VPC.
    }
    if w.d.layout.is_empty() || w.d.layout.get(key).is_none() {
        w.d.layout = crate::layout::auto_layout(&w.d);
    }
    let from = w.d.layout.get(key).unwrap_or(current.origin());
    let to = crate::layout::snap(&w.d, key, to);
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    w.d.layout.insert(key, to);
    for k in crate::layout::descendants(&w.d, key) {
        if let Some(p) = w.d.layout.get(&k) {
            w.d.layout.insert(k, Point::new(p.x + dx, p.y + dy));
        }
    }
    Ok(())
}
