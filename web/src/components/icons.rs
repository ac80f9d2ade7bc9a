//! Small line glyphs for every kind of thing the diagram draws and a trace visits, drawn in a 24×24 box with
//! `currentColor` (no fonts, no images: the CSP allows neither from elsewhere).
//!
//! [`glyph`] returns the shapes (to place inside an SVG `<g>`), [`Icon`] an inline `<svg>` for HTML.

use yew::prelude::*;

/// The shapes of the glyph for `kind` (a palette kind, a scene node kind or a hop kind).
pub fn glyph(kind: &str) -> Html {
    match kind {
        "vpc" => html! {<>
            <path d="M7 18h10a4 4 0 0 0 .6-7.95A5.5 5.5 0 0 0 7.1 9.1 4.5 4.5 0 0 0 7 18z" />
            <rect x="10" y="12" width="4" height="3.5" rx=".6" />
            <path d="M10.8 12v-1a1.2 1.2 0 0 1 2.4 0v1" />
        </>},
        "subnet" => html! {<>
            <rect x="4" y="5" width="16" height="14" rx="2" stroke-dasharray="3 2" />
            <path d="M8 12h8M12 8v8" />
        </>},
        "region" => html! {<>
            <circle cx="12" cy="12" r="8" />
            <path d="M4 12h16M12 4c2.5 2.4 2.5 13.6 0 16M12 4c-2.5 2.4-2.5 13.6 0 16" />
        </>},
        "az" => html! {<>
            <rect x="4" y="4" width="16" height="16" rx="2" />
            <path d="M4 10h16" />
        </>},
        "instance" | "ec2" => html! {<>
            <rect x="6" y="6" width="12" height="12" rx="1.5" />
            <rect x="9.5" y="9.5" width="5" height="5" rx=".5" />
            <path d="M9 3v3M12 3v3M15 3v3M9 18v3M12 18v3M15 18v3M3 9h3M3 12h3M3 15h3M18 9h3M18 12h3M18 15h3" />
        </>},
        "network-interface" | "eni" => html! {<>
            <rect x="4" y="8" width="12" height="8" rx="1.5" />
            <path d="M16 12h4M7 11h2M10.5 11h2" />
            <circle cx="20" cy="12" r="1" />
        </>},
        "internet-gateway" | "igw" => html! {<>
            <path d="M4 20V10l8-6 8 6v10" />
            <path d="M9 20v-6h6v6" />
            <path d="M12 4v3" />
        </>},
        // Outbound only: the gateway with an arrow leaving it.
        "egress-only-internet-gateway" | "eigw" => html! {<>
            <path d="M3 20V11l7-5.5 7 5.5v9" />
            <path d="M7.5 20v-5h5v5" />
            <path d="M15 8l5-5M16.5 3H20v3.5" />
        </>},
        "internet" => html! {<>
            <path d="M7 18h10.5a4 4 0 0 0 .5-7.97A6 6 0 0 0 6.4 9.4 4.3 4.3 0 0 0 7 18z" />
        </>},
        "nat-gateway" | "nat" => html! {<>
            <circle cx="12" cy="12" r="8" />
            <path d="M8 10h7l-2-2M16 14H9l2 2" />
        </>},
        "gateway-endpoint" => html! {<>
            <path d="M5 20V8a7 7 0 0 1 14 0v12" />
            <path d="M9 20v-7a3 3 0 0 1 6 0v7" />
        </>},
        "interface-endpoint" | "vpc-endpoint" | "endpoint" => html! {<>
            <rect x="4" y="7" width="10" height="10" rx="2" />
            <path d="M14 10h4M14 14h4M18 9v6" />
            <circle cx="9" cy="12" r="1.6" />
        </>},
        "endpoint-service" => html! {<>
            <path d="M4 9l2-4h12l2 4" />
            <path d="M4 9h16v2a2.7 2.7 0 0 1-5.3 0 2.7 2.7 0 0 1-5.4 0A2.7 2.7 0 0 1 4 11z" />
            <path d="M6 13v7h12v-7M10 20v-4h4v4" />
        </>},
        "gateway-load-balancer-endpoint" | "gwlbe" => html! {<>
            <rect x="3" y="7" width="9" height="10" rx="2" />
            <circle cx="7.5" cy="12" r="1.5" />
            <path d="M12 12h3M15 12l4-4M15 12l4 4M15 12h5" />
        </>},
        "load-balancer" | "nlb" | "gwlb" => html! {<>
            <circle cx="6" cy="12" r="2.2" />
            <circle cx="18" cy="6" r="2.2" />
            <circle cx="18" cy="12" r="2.2" />
            <circle cx="18" cy="18" r="2.2" />
            <path d="M8.2 12h7.6M8 11l8-4.2M8 13l8 4.2" />
        </>},
        // A table: a cylinder with rows.
        "dynamodb-table" => html! {<>
            <ellipse cx="12" cy="5.5" rx="7" ry="2.5" />
            <path d="M5 5.5v13c0 1.4 3.1 2.5 7 2.5s7-1.1 7-2.5v-13" />
            <path d="M5 10c0 1.4 3.1 2.5 7 2.5s7-1.1 7-2.5M5 14.5c0 1.4 3.1 2.5 7 2.5s7-1.1 7-2.5" />
        </>},
        "aws-service" | "service" | "s3" | "dynamodb" | "service-resource" => html! {<>
            <ellipse cx="12" cy="6.5" rx="7" ry="2.5" />
            <path d="M5 6.5l1.6 11.2c.2 1.5 2.6 2.3 5.4 2.3s5.2-.8 5.4-2.3L19 6.5" />
        </>},
        "onprem" | "on-premises" => html! {<>
            <path d="M4 20V6l7-3v17M11 9h9v11" />
            <path d="M7 8h1M7 11h1M7 14h1M14 12h1M17 12h1M14 15h1M17 15h1M3 20h18" />
        </>},
        "vpn-connection" | "vpn" => html! {<>
            <rect x="6" y="11" width="12" height="9" rx="1.5" />
            <path d="M8.5 11V8a3.5 3.5 0 0 1 7 0v3" />
            <path d="M12 14.5v2" />
        </>},
        "vpn-gateway" | "vgw" => html! {<>
            <path d="M12 3l7 3v5c0 5-3.2 8-7 10-3.8-2-7-5-7-10V6z" />
            <rect x="9" y="11" width="6" height="5" rx="1" />
            <path d="M10.3 11V9.5a1.7 1.7 0 0 1 3.4 0V11" />
        </>},
        "customer-gateway" | "cgw" => html! {<>
            <rect x="3" y="12" width="18" height="6" rx="1.5" />
            <path d="M7 15h.01M10 15h.01M8 12l-2-5M16 12l2-5" />
        </>},
        "direct-connect-gateway" | "direct-connect" | "dx" => html! {<>
            <path d="M13 3L6 13h5l-1 8 7-10h-5z" />
        </>},
        "peering-connection" | "peering" | "pcx" => html! {<>
            <path d="M10 14a4 4 0 0 1 0-5.7l2-2a4 4 0 0 1 5.7 5.7l-1 1" />
            <path d="M14 10a4 4 0 0 1 0 5.7l-2 2a4 4 0 0 1-5.7-5.7l1-1" />
        </>},
        "transit-gateway"
        | "tgw"
        | "transit-gateway-attachment"
        | "transit-gateway-route-table" => html! {<>
            <circle cx="12" cy="12" r="3" />
            <circle cx="12" cy="3.8" r="1.6" />
            <circle cx="12" cy="20.2" r="1.6" />
            <circle cx="3.8" cy="12" r="1.6" />
            <circle cx="20.2" cy="12" r="1.6" />
            <path d="M12 5.4V9M12 15v3.6M5.4 12H9M15 12h3.6" />
        </>},
        "route-table" | "rtb" => html! {<>
            <rect x="4" y="5" width="16" height="14" rx="1.5" />
            <path d="M4 9.5h16M4 14h16M10 5v14" />
        </>},
        "security-group" | "sg" => html! {<>
            <path d="M12 3l7 3v5c0 5-3.2 8-7 10-3.8-2-7-5-7-10V6z" />
            <path d="M9 12l2 2 4-4" />
        </>},
        "network-acl" | "nacl" => html! {<>
            <path d="M4 5h16l-6 7.5V19l-4 2v-8.5z" />
        </>},
        "dns" => html! {<>
            <path d="M12 3v18M12 5h6l2 2-2 2h-6M12 11H6l-2 2 2 2h6" />
        </>},
        "target" => html! {<>
            <circle cx="12" cy="12" r="7" />
            <circle cx="12" cy="12" r="2.5" />
            <path d="M12 2v3M12 19v3M2 12h3M19 12h3" />
        </>},
        "prefix-list" => html! {<>
            <path d="M8 6h12M8 12h12M8 18h12" />
            <circle cx="4.5" cy="6" r="1" />
            <circle cx="4.5" cy="12" r="1" />
            <circle cx="4.5" cy="18" r="1" />
        </>},
        _ => html! {<>
            <rect x="5" y="5" width="14" height="14" rx="3" />
        </>},
    }
}

#[derive(Properties, PartialEq)]
pub struct IconProps {
    /// The kind to draw (see [`glyph`]).
    pub kind: AttrValue,
    #[prop_or_default]
    pub class: Classes,
}

/// An inline, decorative SVG icon (hidden from assistive technology: its meaning is always in text next to it).
#[component]
pub fn Icon(props: &IconProps) -> Html {
    html! {
        <svg class={classes!("icon", props.class.clone())} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            { glyph(&props.kind) }
        </svg>
    }
}
