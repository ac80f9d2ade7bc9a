//! An audit written out for people and spreadsheets (see [`super`]): the CLI's JSON ([`json`]), one CSV table of
//! every entry ([`csv`]) and a Markdown report ([`markdown`]). The faces (the web app's Report tab, the CLI) only
//! choose one; every word and column is decided here.
//!
//! [`rows`] is the one flat reading of an audit that the CSV writes and the web app's test hooks use: one
//! [`Row`] per entry, whatever its section, with its source, its target and its verdict.

use super::{Audit, AuditOptions, Section};
use crate::path::Network;

/// One entry of any section, flattened.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub section: Section,
    /// The subnet (or on-premises CIDR) of a service path, the ENI of an exposure, the VPC a segment starts in.
    pub source: String,
    /// The service (`s3.us-east-1`), the exposed instance (or ENI), the VPC a segment reaches.
    pub target: String,
    /// The witness flow's ends: the traced source and destination (an exposure comes from its rule's CIDR).
    pub from: String,
    pub to: String,
    pub protocol: String,
    /// `443`, `22-80`, or empty (ICMP, an isolated segment).
    pub ports: String,
    pub reachable: bool,
    pub network: Option<Network>,
    pub through: Vec<String>,
    /// `cost latency …` (service paths only).
    pub reasons: Vec<String>,
    /// Monthly cost at the audit's volume (service paths only).
    pub usd_per_month: Option<f64>,
    pub recommendation: Option<String>,
    pub saves_usd_per_month: Option<f64>,
}

/// `private`, `public`, or empty when blocked.
pub fn network_word(n: Option<Network>) -> &'static str {
    match n {
        Some(Network::Private) => "private",
        Some(Network::Public) => "public",
        None => "",
    }
}

/// `private`, `public` or `blocked`: a service path's verdict in one word.
pub fn verdict_word(reachable: bool, n: Option<Network>) -> &'static str {
    if !reachable {
        "blocked"
    } else {
        match n {
            Some(Network::Public) => "public",
            _ => "private",
        }
    }
}

/// A port range as text: `22`, `1024-65535`, or empty.
pub fn ports_text(ports: Option<[u16; 2]>) -> String {
    match ports {
        Some([a, b]) if a == b => a.to_string(),
        Some([a, b]) => format!("{a}-{b}"),
        None => String::new(),
    }
}

/// Every entry of the audit, services then exposure then segments, in the audit's order.
pub fn rows(a: &Audit) -> Vec<Row> {
    let mut out = Vec::with_capacity(a.services.len() + a.exposure.len() + a.segments.len());
    for s in &a.services {
        out.push(Row {
            section: Section::Services,
            source: s.source_subnet.clone(),
            target: s.service.clone(),
            from: s.from.clone(),
            to: s.to.clone(),
            protocol: s.protocol.clone(),
            ports: s.port.to_string(),
            reachable: s.reachable,
            network: s.network,
            through: s.through.clone(),
            reasons: s
                .reasons
                .iter()
                .map(|r| format!("{r:?}").to_lowercase())
                .collect(),
            usd_per_month: Some(s.usd_per_month),
            recommendation: s.recommendation.as_ref().map(|r| r.summary.clone()),
            saves_usd_per_month: s.recommendation.as_ref().map(|r| r.saves_usd_per_month),
        });
    }
    for e in &a.exposure {
        out.push(Row {
            section: Section::Exposure,
            source: e.eni.clone(),
            target: e.target.clone(),
            from: e.from.clone(),
            to: e.address.clone(),
            protocol: e.protocol.clone(),
            ports: ports_text(e.ports),
            // Every exposure is a reachable flow from the internet, in through an internet gateway.
            reachable: true,
            network: Some(Network::Public),
            through: e.through.clone(),
            reasons: Vec::new(),
            usd_per_month: None,
            recommendation: None,
            saves_usd_per_month: None,
        });
    }
    for g in &a.segments {
        let w = g.witness.as_ref();
        out.push(Row {
            section: Section::Segments,
            source: g.from_vpc.clone(),
            target: g.to_vpc.clone(),
            from: w.map(|w| w.from.clone()).unwrap_or_default(),
            to: w.map(|w| w.to.clone()).unwrap_or_default(),
            protocol: w.map(|w| w.protocol.clone()).unwrap_or_default(),
            ports: w
                .and_then(|w| w.port)
                .map(|p| p.to_string())
                .unwrap_or_default(),
            reachable: g.reachable,
            network: g.network,
            through: g.through.clone(),
            reasons: Vec::new(),
            usd_per_month: None,
            recommendation: None,
            saves_usd_per_month: None,
        });
    }
    out
}

/// The section's name as in the JSON (`services`, `exposure`, `segments`).
pub fn section_word(s: Section) -> &'static str {
    match s {
        Section::Services => "services",
        Section::Exposure => "exposure",
        Section::Segments => "segments",
    }
}

/// The audit as `vpclab audit --format json` prints it (pretty, with a final newline).
pub fn json(a: &Audit) -> String {
    let mut s = crate::json::to_string_pretty(a).unwrap_or_default();
    s.push('\n');
    s
}

/// The CSV header.
pub const CSV_COLUMNS: [&str; 14] = [
    "section",
    "source",
    "target",
    "from",
    "to",
    "protocol",
    "ports",
    "reachable",
    "network",
    "through",
    "reasons",
    "usd_per_month",
    "recommendation",
    "saves_usd_per_month",
];

/// One field, quoted when it holds a comma, a quote or a line break (RFC 4180); a field a spreadsheet would
/// read as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn amount(x: Option<f64>) -> String {
    x.map(|x| format!("{x:.2}")).unwrap_or_default()
}

/// Every entry as one CSV table ([`CSV_COLUMNS`], CRLF line ends): `through` joined by ` > `, `reasons` by
/// spaces, amounts in USD with two decimals.
pub fn csv(a: &Audit) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for r in rows(a) {
        let fields = [
            section_word(r.section).to_string(),
            r.source,
            r.target,
            r.from,
            r.to,
            r.protocol,
            r.ports,
            r.reachable.to_string(),
            network_word(r.network).to_string(),
            r.through.join(" > "),
            r.reasons.join(" "),
            amount(r.usd_per_month),
            r.recommendation.unwrap_or_default(),
            amount(r.saves_usd_per_month),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A Markdown table cell: pipes escaped, line breaks as spaces, empty as `—`.
fn cell(s: &str) -> String {
    let s = s.replace('|', "\\|").replace(['\r', '\n'], " ");
    if s.trim().is_empty() {
        "—".into()
    } else {
        s
    }
}

fn usd(x: f64) -> String {
    format!("${x:.2}")
}

fn table(out: &mut String, head: &[&str], rows: impl Iterator<Item = Vec<String>>) {
    out.push_str(&format!("| {} |\n", head.join(" | ")));
    out.push_str(&format!(
        "|{}\n",
        head.iter().map(|_| " --- |").collect::<String>()
    ));
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
}

/// The audit as a Markdown report: the summary, then one table per section.
pub fn markdown(a: &Audit, opts: &AuditOptions) -> String {
    let s = &a.summary;
    let private = s
        .service_paths
        .saturating_sub(s.public_service_paths + s.blocked_service_paths);
    let reachable_segments = a.segments.iter().filter(|g| g.reachable).count();
    let mut out = String::from("# VPC Lab audit\n\n");
    out.push_str(&format!(
        "- {} sources (subnets and on-premises networks), {} service paths: {} private, {} public, {} blocked.\n",
        s.sources, s.service_paths, private, s.public_service_paths, s.blocked_service_paths
    ));
    out.push_str(&format!(
        "- Public service paths cost {}/month at {} GB/month each; applying every recommendation saves {}/month.\n",
        usd(s.usd_per_month_public_service_paths),
        opts.gb_per_month,
        usd(s.usd_per_month_saved_if_recommendations_applied)
    ));
    out.push_str(&format!(
        "- {} network interface(s) open to the internet; {} of {} joined VPC pair(s) can connect.\n",
        s.exposed_targets,
        reachable_segments,
        a.segments.len()
    ));

    out.push_str(&format!("\n## Service paths ({})\n\n", a.services.len()));
    if a.services.is_empty() {
        out.push_str("No subnet to audit.\n");
    } else {
        table(
            &mut out,
            &[
                "Source subnet",
                "From",
                "Service",
                "Verdict",
                "Through",
                "Reasons",
                "USD/month",
                "Recommendation",
            ],
            a.services.iter().map(|p| {
                let verdict = match p.explanations.first() {
                    Some(e) if !p.reachable => format!("blocked ({})", e.code),
                    _ => verdict_word(p.reachable, p.network).to_string(),
                };
                vec![
                    p.source_subnet.clone(),
                    p.from.clone(),
                    p.service.clone(),
                    verdict,
                    p.through.join(" > "),
                    p.reasons
                        .iter()
                        .map(|r| format!("{r:?}").to_lowercase())
                        .collect::<Vec<_>>()
                        .join(", "),
                    usd(p.usd_per_month),
                    p.recommendation
                        .as_ref()
                        .map(|r| {
                            format!("{} (saves {}/month)", r.summary, usd(r.saves_usd_per_month))
                        })
                        .unwrap_or_default(),
                ]
            }),
        );
    }

    out.push_str(&format!("\n## Exposure ({})\n\n", a.exposure.len()));
    if a.exposure.is_empty() {
        out.push_str("Nothing the internet can open.\n");
    } else {
        table(
            &mut out,
            &[
                "Target", "ENI", "Address", "Protocol", "Ports", "From", "Through",
            ],
            a.exposure.iter().map(|e| {
                vec![
                    e.target.clone(),
                    e.eni.clone(),
                    e.address.clone(),
                    e.protocol.clone(),
                    ports_text(e.ports),
                    e.from.clone(),
                    e.through.join(" > "),
                ]
            }),
        );
    }

    out.push_str(&format!("\n## Segments ({})\n\n", a.segments.len()));
    if a.segments.is_empty() {
        out.push_str(
            "No VPCs joined by peering, a transit gateway or a shared on-premises network.\n",
        );
    } else {
        table(
            &mut out,
            &["From VPC", "To VPC", "Verdict", "Through", "Witness"],
            a.segments.iter().map(|g| {
                vec![
                    g.from_vpc.clone(),
                    g.to_vpc.clone(),
                    if g.reachable {
                        "can connect".into()
                    } else {
                        "isolated".into()
                    },
                    g.through.join(" > "),
                    g.witness
                        .as_ref()
                        .map(|w| {
                            format!(
                                "{} → {} {}{}",
                                w.from,
                                w.to,
                                w.protocol,
                                w.port.map(|p| format!("/{p}")).unwrap_or_default()
                            )
                        })
                        .unwrap_or_default(),
                ]
            }),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{Exposure, Recommendation, Segment, ServicePath, Summary, Witness};

    fn sample() -> Audit {
        Audit {
            summary: Summary {
                sources: 1,
                service_paths: 1,
                public_service_paths: 1,
                blocked_service_paths: 0,
                exposed_targets: 1,
                usd_per_month_public_service_paths: 4.5,
                usd_per_month_saved_if_recommendations_applied: 4.5,
            },
            services: vec![ServicePath {
                source_subnet: "subnet-a".into(),
                from: "i-a".into(),
                service: "s3.us-east-1".into(),
                to: "s3.us-east-1.amazonaws.com".into(),
                port: 443,
                protocol: "tcp".into(),
                reachable: true,
                network: Some(Network::Public),
                through: vec!["nat-1".into(), "igw-1".into()],
                reasons: vec![crate::audit::Reason::Cost, crate::audit::Reason::Privacy],
                usd_per_month: 4.5,
                recommendation: Some(Recommendation {
                    summary: "Add a gateway endpoint, then \"route\" | done".into(),
                    usd_per_month_after: 0.0,
                    saves_usd_per_month: 4.5,
                    break_even_gb: Some(0.0),
                    steps: vec![],
                }),
                explanations: vec![],
            }],
            exposure: vec![Exposure {
                target: "i-web".into(),
                eni: "eni-web".into(),
                address: "54.1.2.3".into(),
                protocol: "tcp".into(),
                ports: Some([22, 22]),
                from: "0.0.0.0/0".into(),
                through: vec!["igw-1".into()],
            }],
            segments: vec![
                Segment {
                    from_vpc: "vpc-a".into(),
                    to_vpc: "vpc-b".into(),
                    reachable: true,
                    through: vec!["pcx-1".into()],
                    witness: Some(Witness {
                        from: "i-a".into(),
                        to: "i-b".into(),
                        port: Some(443),
                        protocol: "tcp".into(),
                    }),
                    network: Some(Network::Private),
                },
                Segment {
                    from_vpc: "vpc-b".into(),
                    to_vpc: "vpc-a".into(),
                    reachable: false,
                    through: vec!["pcx-1".into()],
                    witness: None,
                    network: None,
                },
            ],
            traces: 0,
        }
    }

    #[test]
    fn csv_has_one_row_per_entry_and_quotes_what_it_must() {
        let text = csv(&sample());
        let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 1 + 1 + 1 + 2, "{text}");
        assert_eq!(lines[0], CSV_COLUMNS.join(","));
        assert_eq!(
            lines[1],
            "services,subnet-a,s3.us-east-1,i-a,s3.us-east-1.amazonaws.com,tcp,443,true,public,nat-1 > igw-1,\
             cost privacy,4.50,\"Add a gateway endpoint, then \"\"route\"\" | done\",4.50"
        );
        assert_eq!(
            lines[2],
            "exposure,eni-web,i-web,0.0.0.0/0,54.1.2.3,tcp,22,true,public,igw-1,,,,"
        );
        assert_eq!(
            lines[3],
            "segments,vpc-a,vpc-b,i-a,i-b,tcp,443,true,private,pcx-1,,,,"
        );
        assert_eq!(lines[4], "segments,vpc-b,vpc-a,,,,,false,,pcx-1,,,,");
        assert_eq!(csv_field("=cmd()"), "'=cmd()");
        assert_eq!(csv_field("-1"), "'-1");
    }

    #[test]
    fn markdown_has_the_summary_and_a_table_per_section() {
        let md = markdown(&sample(), &AuditOptions::default());
        assert!(md.starts_with("# VPC Lab audit\n"));
        assert!(
            md.contains("1 service paths: 0 private, 1 public, 0 blocked"),
            "{md}"
        );
        assert!(md.contains("saves $4.50/month"), "{md}");
        assert!(md.contains("\n## Service paths (1)\n"));
        assert!(md.contains("\n## Exposure (1)\n"));
        assert!(md.contains("\n## Segments (2)\n"));
        // A pipe inside a cell is escaped, so each row has as many cells as its header.
        for line in md.lines().filter(|l| l.starts_with('|')) {
            let cells = line.replace("\\|", "").matches('|').count();
            let header = if line.contains("subnet-a") || line.contains("Source subnet") {
                9
            } else if line.contains("eni-web") || line.contains("ENI") {
                8
            } else {
                6
            };
            if !line.starts_with("| ---") && !line.starts_with("|---") {
                assert_eq!(cells, header, "{line}");
            }
        }
        assert!(md.contains(
            "| subnet-a | i-a | s3.us-east-1 | public | nat-1 > igw-1 | cost, privacy | $4.50 |"
        ));
        assert!(
            md.contains("| vpc-b | vpc-a | isolated | pcx-1 | — |"),
            "{md}"
        );
        assert!(md.contains("| i-web | eni-web | 54.1.2.3 | tcp | 22 | 0.0.0.0/0 | igw-1 |"));
    }

    #[test]
    fn json_is_the_cli_shape() {
        let a = sample();
        let text = json(&a);
        let back: Audit = crate::json::from_str(&text).unwrap();
        assert_eq!(back.services, a.services);
        assert_eq!(back.exposure, a.exposure);
        let v: serde_json::Value = crate::json::from_str(&text).unwrap();
        let mut keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["exposure", "segments", "services", "summary"]);
        assert!(
            v["segments"][0].get("network").is_none(),
            "not in the contract"
        );
    }

    #[test]
    fn rows_name_sources_and_targets_per_section() {
        let r = rows(&sample());
        let got: Vec<(Section, &str, &str, bool, &str)> = r
            .iter()
            .map(|r| {
                (
                    r.section,
                    r.source.as_str(),
                    r.target.as_str(),
                    r.reachable,
                    network_word(r.network),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    Section::Services,
                    "subnet-a",
                    "s3.us-east-1",
                    true,
                    "public"
                ),
                (Section::Exposure, "eni-web", "i-web", true, "public"),
                (Section::Segments, "vpc-a", "vpc-b", true, "private"),
                (Section::Segments, "vpc-b", "vpc-a", false, ""),
            ]
        );
    }
}
