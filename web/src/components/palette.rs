//! The palette: one button per kind the core can add ([`vpclab_core::edit::palette`]), grouped, keyboard
//! operable (they are buttons), plus the Connect tool. A new thing goes into the current selection when that is a
//! sensible parent (the core picks the parent from it: a VPC, a subnet, anything inside one), else where the core
//! places it; what was created becomes the selection.

use yew::prelude::*;

use vpclab_core::edit::{palette, Edit, NodeKind, PaletteItem, ParentKind};

use crate::components::icons::Icon;
use crate::state::{Action, AppContext, Mode};

/// The icon and colour group of a palette kind.
pub fn kind_look(kind: &NodeKind) -> (&'static str, &'static str) {
    use NodeKind as K;
    match kind {
        K::Vpc => ("vpc", "network"),
        K::Subnet => ("subnet", "network"),
        K::RouteTable => ("route-table", "network"),
        K::InternetGateway => ("internet-gateway", "edge"),
        K::EgressOnlyInternetGateway => ("egress-only-internet-gateway", "edge"),
        K::NatGateway => ("nat-gateway", "network"),
        K::Instance => ("instance", "compute"),
        K::SecurityGroup => ("security-group", "security"),
        K::NetworkAcl => ("network-acl", "security"),
        K::GatewayEndpoint { .. } => ("gateway-endpoint", "endpoint"),
        K::InterfaceEndpoint { .. } => ("interface-endpoint", "endpoint"),
        K::GatewayLoadBalancerEndpoint => ("gateway-load-balancer-endpoint", "endpoint"),
        K::EndpointService => ("endpoint-service", "endpoint"),
        K::LoadBalancer => ("load-balancer", "network"),
        K::PeeringConnection => ("peering-connection", "network"),
        K::TransitGateway => ("transit-gateway", "network"),
        K::OnPremises => ("onprem", "onprem"),
        K::DirectConnect => ("direct-connect-gateway", "onprem"),
        K::ServiceResource { service } if service == "dynamodb" => ("dynamodb-table", "service"),
        K::ServiceResource { .. } => ("service-resource", "service"),
    }
}

/// The palette section of a kind.
pub fn section(kind: &NodeKind) -> &'static str {
    use NodeKind as K;
    match kind {
        K::Vpc
        | K::Subnet
        | K::RouteTable
        | K::NatGateway
        | K::InternetGateway
        | K::EgressOnlyInternetGateway => "Network",
        K::Instance | K::SecurityGroup | K::NetworkAcl | K::LoadBalancer => "Compute & security",
        K::GatewayEndpoint { .. }
        | K::InterfaceEndpoint { .. }
        | K::GatewayLoadBalancerEndpoint
        | K::EndpointService => "Endpoints",
        K::PeeringConnection | K::TransitGateway | K::OnPremises | K::DirectConnect => {
            "Connectivity"
        }
        K::ServiceResource { .. } => "AWS services",
    }
}

/// A stable slug of a palette label, for `data-testid="palette-<slug>"`.
pub fn slug(label: &str) -> String {
    let mut out = String::new();
    for c in label.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A short tag telling apart items with the same icon in the collapsed palette: the label's parenthesis, cut to
/// three letters (`Gateway endpoint (DynamoDB)` → `DYN`).
pub fn tag(label: &str) -> Option<String> {
    let inner = label.split_once('(')?.1.trim_end_matches(')');
    Some(inner.chars().take(3).collect::<String>().to_uppercase())
}

/// The drag-and-drop data type of a palette item (its index in [`palette`]).
pub const DRAG_TYPE: &str = "application/x-vpclab-palette";

/// The parent to pass for an item, given the selection.
pub fn parent_for(item: &PaletteItem, selection: &[String]) -> Option<String> {
    match item.parent {
        ParentKind::None => None,
        _ => selection.first().cloned(),
    }
}

/// The palette column.
/// Whether the palette starts folded: below 1440 px of window width (a column of icons, on a phone a row).
pub fn starts_folded() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < 1440.0)
}

#[component]
pub fn Palette() -> Html {
    let state = use_context::<AppContext>().expect("Palette must be inside the App context");
    let items = use_memo((), |_| palette());
    // Labels shown on wide screens; an icon rail (names in tooltips and for assistive technology) otherwise.
    let expanded = use_state(|| !starts_folded());
    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |_: MouseEvent| expanded.set(!*expanded))
    };
    let connecting = matches!(state.mode, Mode::Connect { .. });
    let toggle_connect = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let mode = if matches!(state.mode, Mode::Connect { .. }) {
                Mode::Select
            } else {
                // The first end is the next click (never the selection, silently); "Connect…" in an object's
                // properties starts from that object.
                Mode::Connect { from: None }
            };
            state.dispatch(Action::SetMode(mode));
        })
    };
    let add = |item: &PaletteItem| {
        let state = state.clone();
        let item = item.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Edit(Edit::Add {
                kind: item.kind.clone(),
                parent: parent_for(&item, &state.selection),
                at: None,
            }))
        })
    };
    // Drag an item onto the diagram: dropped on a VPC or subnet, it goes there (the core picks the container
    // under the drop point).
    let drag = |index: usize| {
        Callback::from(move |e: DragEvent| {
            if let Some(dt) = e.data_transfer() {
                let _ = dt.set_data(DRAG_TYPE, &index.to_string());
                let _ = dt.set_data("text/plain", &index.to_string());
                dt.set_effect_allowed("copy");
            }
        })
    };
    let mut sections: Vec<(&'static str, Vec<&PaletteItem>)> = Vec::new();
    for item in items.iter() {
        let s = section(&item.kind);
        match sections.iter_mut().find(|(name, _)| *name == s) {
            Some((_, list)) => list.push(item),
            None => sections.push((s, vec![item])),
        }
    }
    let parent_hint = state
        .single_selection()
        .map(|id| format!("New items go into {id} where that makes sense."))
        .unwrap_or_else(|| "Select a VPC or subnet first to add inside it.".into());

    html! {
        <nav class={classes!("palette", (!*expanded).then_some("is-collapsed"))} aria-label="Add to the diagram"
            data-testid="palette">
            <button type="button" class="palette-item palette-toggle" onclick={toggle} data-testid="palette-toggle"
                aria-expanded={expanded.to_string()} title={if *expanded { "Collapse the palette" } else { "Expand the palette" }}>
                <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    if *expanded { <path d="M15 6l-6 6 6 6" /> } else { <path d="M9 6l6 6-6 6" /> }
                </svg>
                <span class="palette-label">{ if *expanded { "Collapse" } else { "Edit tools" } }</span>
            </button>
            <p class="palette-title">{ "Tools" }</p>
            <button type="button" class={classes!("palette-item", connecting.then_some("is-active"))}
                aria-pressed={connecting.to_string()} onclick={toggle_connect} data-testid="connect"
                title="Connect two objects: a subnet to a route table, a route table to a gateway, two VPCs …">
                <Icon kind="peering-connection" /><span class="palette-label">{ "Connect" }</span>
            </button>
            for (name, list) in sections {
                <p class="palette-title" key={name}>{ name }</p>
                for item in list {
                    <button type="button" class="palette-item" key={item.label} draggable="true"
                        ondragstart={drag(items.iter().position(|i| i.label == item.label).unwrap_or(0))}
                        data-group={kind_look(&item.kind).1}
                        data-testid={format!("palette-{}", slug(item.label))}
                        title={format!("Add {}. {} Or drag it onto the diagram.", item.label, parent_hint)}
                        onclick={add(item)}>
                        <Icon kind={kind_look(&item.kind).0} />
                        if let Some(t) = tag(item.label) {
                            <span class="palette-tag" aria-hidden="true">{ t }</span>
                        }
                        <span class="palette-label">{ item.label }</span>
                    </button>
                }
            }
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_and_readable() {
        let items = palette();
        let slugs: std::collections::HashSet<String> =
            items.iter().map(|i| slug(i.label)).collect();
        assert_eq!(slugs.len(), items.len());
        assert!(slugs.contains("vpc"));
        assert!(slugs.contains("internet-gateway"));
        assert!(slugs.contains("gateway-endpoint-s3"));
        assert!(slugs.contains("ec2-instance"));
    }

    #[test]
    fn every_palette_item_looks_different() {
        let mut seen = std::collections::HashSet::new();
        for item in palette() {
            let look = (kind_look(&item.kind).0, tag(item.label));
            assert!(
                seen.insert(look.clone()),
                "{} looks like another item: {look:?}",
                item.label
            );
        }
    }

    #[test]
    fn tags_tell_same_icons_apart() {
        assert_eq!(tag("Gateway endpoint (DynamoDB)").as_deref(), Some("DYN"));
        assert_eq!(tag("Gateway endpoint (S3)").as_deref(), Some("S3"));
        assert_eq!(tag("VPC"), None);
    }

    #[test]
    fn standalone_items_ignore_the_selection() {
        let items = palette();
        let vpc = items.iter().find(|i| i.kind == NodeKind::Vpc).unwrap();
        let subnet = items.iter().find(|i| i.kind == NodeKind::Subnet).unwrap();
        let sel = vec!["vpc-1".to_string()];
        assert_eq!(parent_for(vpc, &sel), None);
        assert_eq!(parent_for(subnet, &sel).as_deref(), Some("vpc-1"));
        assert_eq!(parent_for(subnet, &[]), None);
    }
}
