//! `audit` and `diff` (cli-contract.md, "Whole-network questions"): scenarios from aws-reference behaviours, and
//! the invariant that every entry is what `trace` answers for its witness flow.
//!
//! Expected values come from the AWS documentation cited and from the examples' own stories.

use proptest::prelude::*;
use serde_json::{json, Value};
use std::net::IpAddr;
use vpclab_core::audit::{self, exposure, Audit, AuditOptions, Reason, Verdict};
use vpclab_core::path::index::HostOwner;
use vpclab_core::{gallery, json as vjson, lesson, FlowSpec, Network, Session, Topology};

fn example(id: &str) -> Topology {
    gallery::examples()
        .into_iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no gallery example `{id}`"))
        .diagram
        .topology
}

fn scenario_topology(name: &str) -> Topology {
    let path = format!(
        "{}/../tests/scenarios/topologies/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    vjson::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A topology edited as JSON: `edit` gets the topology's JSON value.
fn edited(t: &Topology, edit: impl FnOnce(&mut Value)) -> Topology {
    let mut v = vjson::to_value(t).unwrap();
    edit(&mut v);
    vjson::from_value(&v).unwrap()
}

fn push(v: &mut Value, list: &str, item: Value) {
    let obj = v.as_object_mut().unwrap();
    let entry = obj.entry(list).or_insert_with(|| json!([]));
    entry.as_array_mut().unwrap().push(item);
}

fn run(t: &Topology) -> Audit {
    Session::new(t).audit(&AuditOptions::default())
}

fn service<'a>(a: &'a Audit, subnet: &str, svc: &str) -> &'a audit::ServicePath {
    a.services
        .iter()
        .find(|s| s.source_subnet == subnet && s.service == svc)
        .unwrap_or_else(|| panic!("no {svc} path from {subnet}: {:#?}", a.services))
}

/// NAT-08/NAT-09, GE-10 (gallery "S3 through a NAT gateway"): i-app's S3 traffic leaves through nat-app and
/// igw-app, pays NAT processing ($0.045/GB in us-east-1: $4.50 at 100 GB), and a gateway endpoint (free) fixes it.
#[test]
fn s3_through_nat_is_found_and_fixed_by_a_gateway_endpoint() {
    let t = example("s3-through-nat");
    let s = Session::new(&t);
    let a = s.audit(&AuditOptions::default());
    let p = service(&a, "subnet-private-a", "s3.us-east-1");
    assert_eq!(p.from, "i-app");
    assert_eq!(p.to, "s3.us-east-1.amazonaws.com");
    assert!(p.reachable);
    assert_eq!(p.network, Some(Network::Public));
    assert_eq!(p.through, ["nat-app", "igw-app"]);
    assert_eq!(
        p.reasons,
        [
            Reason::Cost,
            Reason::Latency,
            Reason::Capacity,
            Reason::Privacy
        ]
    );
    assert_eq!(p.usd_per_month, 4.5);
    let r = p.recommendation.as_ref().expect("a recommendation");
    assert!(r.summary.contains("gateway endpoint"), "{}", r.summary);
    assert_eq!(r.usd_per_month_after, 0.0);
    assert_eq!(r.saves_usd_per_month, 4.5);
    assert_eq!(r.break_even_gb, Some(0.0));
    assert!(
        r.steps.iter().any(|x| x.contains("rtb-private")),
        "{:?}",
        r.steps
    );
    // The summary adds the public paths (S3 and DynamoDB from i-app, both through the NAT gateway).
    assert_eq!(a.summary.public_service_paths, 2);
    assert_eq!(a.summary.usd_per_month_public_service_paths, 9.0);
    assert_eq!(
        a.summary.usd_per_month_saved_if_recommendations_applied,
        9.0
    );

    // Apply the fix: the S3 path becomes private through the new endpoint, for free.
    let spec = FlowSpec {
        from: p.from.clone(),
        to: p.to.clone(),
        port: Some(443),
        protocol: Some("tcp".into()),
        ..FlowSpec::default()
    };
    let tr = s.trace(&spec).unwrap();
    let alt = s
        .alternatives(&spec, &tr, 100.0)
        .into_iter()
        .next()
        .unwrap();
    let fixed = alt.change.apply(&t);
    let b = run(&fixed);
    let q = service(&b, "subnet-private-a", "s3.us-east-1");
    assert_eq!(q.network, Some(Network::Private));
    assert!(
        q.through.iter().all(|x| x.starts_with("vpce-")) && q.through.len() == 1,
        "{:?}",
        q.through
    );
    assert!(q.reasons.is_empty());
    assert_eq!(q.usd_per_month, 0.0);
    assert!(q.recommendation.is_none());
}

/// IE-05: an interface endpoint for SQS whose private DNS is off is not used by the subnet's DNS: the default
/// name resolves to public addresses and the traffic goes through the NAT gateway. Turning private DNS on fixes it.
#[test]
fn an_interface_endpoint_that_the_subnets_dns_does_not_use() {
    let t = edited(&example("s3-through-nat"), |v| {
        v["vpcs"][0]["enable_dns_hostnames"] = json!(true);
        push(
            v,
            "security_groups",
            json!({"id": "sg-sqs", "vpc_id": "vpc-app",
            "ingress": [{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidrs": ["10.0.0.0/16"]}],
            "egress": []}),
        );
        push(
            v,
            "vpc_endpoints",
            json!({"id": "vpce-sqs", "vpc_id": "vpc-app",
            "service_name": "com.amazonaws.us-east-1.sqs", "kind": "interface",
            "subnet_ids": ["subnet-private-a"], "security_group_ids": ["sg-sqs"],
            "private_dns_enabled": false}),
        );
    });
    let s = Session::new(&t);
    let a = s.audit(&AuditOptions::default());
    // SQS is audited because an endpoint for it exists in the topology.
    let p = service(&a, "subnet-private-a", "sqs.us-east-1");
    assert!(p.reachable);
    assert_eq!(p.network, Some(Network::Public));
    assert_eq!(p.through, ["nat-app", "igw-app"]);
    assert!(p.reasons.contains(&Reason::Privacy) && p.reasons.contains(&Reason::Cost));
    let r = p.recommendation.as_ref().expect("a recommendation");
    assert!(
        r.steps
            .iter()
            .any(|x| x.to_lowercase().contains("private dns") && x.contains("vpce-sqs")),
        "{} {:?}",
        r.summary,
        r.steps
    );
    // Private DNS on: the same audit now finds the endpoint.
    let on = edited(&t, |v| {
        let eps = v["vpc_endpoints"].as_array_mut().unwrap();
        for e in eps.iter_mut().filter(|e| e["id"] == "vpce-sqs") {
            e["private_dns_enabled"] = json!(true);
        }
    });
    let b = run(&on);
    let q = service(&b, "subnet-private-a", "sqs.us-east-1");
    assert_eq!(q.network, Some(Network::Private));
    assert_eq!(q.through, ["vpce-sqs"]);
}

/// IE-06, IE-12, GE-14 (gallery "On premises to S3 over VPN"): the office's S3 traffic cannot use the gateway
/// endpoint, and the default S3 name resolves on premises to public addresses the VPN does not carry; the only
/// private path is the interface endpoint's own DNS name.
#[test]
fn an_onprem_network_reaches_s3_only_through_an_interface_endpoint() {
    let t = example("onprem-s3-interface-endpoint");
    let a = run(&t);
    let p = service(&a, "192.168.0.0/16", "s3.us-east-1");
    assert!(p.from.starts_with("onprem:192.168."));
    assert!(!p.reachable, "{p:#?}");
    assert!(!p.through.contains(&"vpce-s3-gateway".to_string()));
    let r = p
        .recommendation
        .as_ref()
        .expect("the interface endpoint's name");
    assert!(r.summary.contains("vpce-s3-interface"), "{}", r.summary);
    // The VPC's own private subnet does use the gateway endpoint (GE-01).
    let q = service(&a, "subnet-private-a", "s3.us-east-1");
    assert_eq!(q.network, Some(Network::Private));
    assert_eq!(q.through, ["vpce-s3-gateway"]);
}

/// IGW-01, SG-04, NACL-03 (default NACL allows all): a bastion with a public IPv4 address whose security group
/// admits tcp/22 from 0.0.0.0/0 is exposed on exactly tcp/22, through the internet gateway; nothing else in the
/// VPC is (i-app has no public address).
#[test]
fn an_instance_exposed_on_tcp_22_to_the_internet() {
    let t = bastion();
    let a = run(&t);
    let v4: Vec<_> = a
        .exposure
        .iter()
        .filter(|e| !e.address.contains(':'))
        .collect();
    assert_eq!(v4.len(), 1, "{:#?}", a.exposure);
    let e = v4[0];
    assert_eq!(
        (e.target.as_str(), e.address.as_str()),
        ("i-bastion", "54.20.0.10")
    );
    assert_eq!((e.protocol.as_str(), e.ports), ("tcp", Some([22, 22])));
    assert_eq!(e.from, "0.0.0.0/0");
    assert_eq!(e.through, ["igw-app"]);
    assert_eq!(a.summary.exposed_targets, 1);

    // diff: exposing the bastion is worse; closing it again is better.
    let closed = run(&example("s3-through-nat"));
    let d = audit::diff(&closed, &a);
    let exp: Vec<_> = d
        .changes
        .iter()
        .filter(|c| c.section == audit::Section::Exposure)
        .collect();
    assert!(!exp.is_empty());
    assert!(exp.iter().all(|c| c.change == Verdict::Worse));
    assert!(
        exp[0].why.contains("i-bastion") && exp[0].why.contains("tcp/22"),
        "{}",
        exp[0].why
    );
    let back = audit::diff(&a, &closed);
    assert!(back
        .changes
        .iter()
        .filter(|c| c.section == audit::Section::Exposure)
        .all(|c| c.change == Verdict::Better));
}

/// IGW-06: the same bastion's IPv6 address (::/0 admitted) is exposed on tcp/22 too. Ignored on this branch:
/// its trace engine does not yet route IPv6 from the internet to an instance (that is commit 318acd8 on
/// `issue15`); once merged, this must pass unchanged (the audit only reports what `trace` confirms).
#[test]
fn an_instance_exposed_on_tcp_22_over_ipv6() {
    let a = run(&bastion());
    let v6: Vec<_> = a
        .exposure
        .iter()
        .filter(|e| e.address.contains(':'))
        .collect();
    assert_eq!(v6.len(), 1, "{:#?}", a.exposure);
    let e = v6[0];
    assert_eq!(
        (e.target.as_str(), e.address.as_str()),
        ("i-bastion", "2600:1f18:10::10")
    );
    assert_eq!((e.protocol.as_str(), e.ports), ("tcp", Some([22, 22])));
    assert_eq!(e.from, "::/0");
    assert_eq!(e.through, ["igw-app"]);
}

/// The gallery's NAT example plus a dual-stack public bastion (tcp/22 from anywhere).
fn bastion() -> Topology {
    edited(&example("s3-through-nat"), |v| {
        v["vpcs"][0]["cidr_blocks"]
            .as_array_mut()
            .unwrap()
            .push(json!("2600:1f18:10::/56"));
        v["subnets"][0]["ipv6_cidr_block"] = json!("2600:1f18:10::/64");
        for rt in v["route_tables"].as_array_mut().unwrap() {
            if rt["id"] == "rtb-public" {
                rt["routes"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"destination": {"cidr": "::/0"}, "target": "igw-app"}));
            }
        }
        push(
            v,
            "security_groups",
            json!({"id": "sg-bastion", "vpc_id": "vpc-app",
            "ingress": [{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidrs": ["0.0.0.0/0", "::/0"]}],
            "egress": [{"protocol": "-1", "cidrs": ["0.0.0.0/0", "::/0"]}]}),
        );
        push(
            v,
            "instances",
            json!({"id": "i-bastion", "subnet_id": "subnet-public-a", "private_ip": "10.0.0.10",
            "public_ip": "54.20.0.10", "ipv6_addresses": ["2600:1f18:10::10"], "security_group_ids": ["sg-bastion"]}),
        );
    })
}

/// PCX-01 (scenario topology `peering`: vpc-a peers with vpc-b and with vpc-c): a↔b and a↔c are segments that
/// connect over their own peering; b and c are not joined, and a flow between them does not pass through vpc-a.
#[test]
fn peering_is_not_transitive() {
    let t = scenario_topology("peering");
    let s = Session::new(&t);
    let a = s.audit(&AuditOptions::default());
    let seg = |x: &str, y: &str| a.segments.iter().find(|g| g.from_vpc == x && g.to_vpc == y);
    let ab = seg("vpc-a", "vpc-b").expect("a→b");
    assert!(ab.reachable);
    assert_eq!(ab.through, ["pcx-ab"]);
    let w = ab.witness.as_ref().unwrap();
    assert_eq!((w.protocol.as_str(), w.port), ("tcp", Some(22)));
    assert!(seg("vpc-b", "vpc-a").unwrap().reachable);
    assert_eq!(seg("vpc-a", "vpc-c").unwrap().through, ["pcx-ac"]);
    assert!(seg("vpc-b", "vpc-c").is_none() && seg("vpc-c", "vpc-b").is_none());
    let bc = s
        .trace(&FlowSpec {
            from: "i-b".into(),
            to: "i-c".into(),
            port: Some(22),
            ..FlowSpec::default()
        })
        .unwrap();
    assert!(!bc.reachable);
}

/// TGW-03/TGW-04 (scenario topology `transit-gateway`: tgw-rtb-1 is associated with a, b, c, d and learns a and
/// b by propagation; vpc-e's attachment has no association): a↔b connect through tgw-1; vpc-e is isolated.
#[test]
fn a_tgw_segment_that_is_isolated() {
    let t = scenario_topology("transit-gateway");
    let a = run(&t);
    let seg = |x: &str, y: &str| {
        a.segments
            .iter()
            .find(|g| g.from_vpc == x && g.to_vpc == y)
            .unwrap_or_else(|| panic!("no segment {x}→{y}: {:#?}", a.segments))
    };
    assert!(seg("vpc-a", "vpc-b").reachable);
    assert!(seg("vpc-a", "vpc-b").through.contains(&"tgw-1".to_string()));
    for other in ["vpc-a", "vpc-b", "vpc-c", "vpc-d"] {
        let g = seg("vpc-e", other);
        assert!(!g.reachable, "vpc-e → {other}: {g:#?}");
        assert!(g.witness.is_none());
        assert_eq!(g.through, ["tgw-1"]);
    }
    // vpc-c is associated but its CIDR is neither propagated nor routed: nothing reaches it.
    assert!(!seg("vpc-a", "vpc-c").reachable);
}

/// The contract's headline diff: the gallery's "S3 through a NAT gateway" → "S3 through a gateway endpoint" is
/// exactly one change, the S3 path from the private subnet, better, and $4.50 a month cheaper at 100 GB.
#[test]
fn diff_of_the_nat_and_gateway_endpoint_examples() {
    let before = run(&example("s3-through-nat"));
    let after = run(&example("s3-gateway-endpoint"));
    let d = audit::diff(&before, &after);
    assert_eq!(d.changes.len(), 1, "{:#?}", d.changes);
    let c = &d.changes[0];
    assert_eq!(c.section, audit::Section::Services);
    assert_eq!(
        c.key,
        json!({"source_subnet": "subnet-private-a", "service": "s3.us-east-1"})
    );
    assert_eq!(c.change, Verdict::Better);
    assert!(
        c.why.contains("vpce-s3-gateway") && c.why.contains("nat-app"),
        "{}",
        c.why
    );
    assert_eq!(
        (d.summary.better, d.summary.worse, d.summary.changed),
        (1, 0, 0)
    );
    assert_eq!(d.summary.usd_per_month_delta, -4.5);
    // The change's witness is the S3 flow of the subnet, as audited after it.
    let w = c.witness(&AuditOptions::default()).unwrap();
    assert_eq!(
        w,
        after
            .services
            .iter()
            .find(|p| p.source_subnet == "subnet-private-a" && p.service == "s3.us-east-1")
            .unwrap()
            .witness(&AuditOptions::default())
    );
    let back = audit::diff(&after, &before);
    assert_eq!((back.summary.better, back.summary.worse), (0, 1));
    assert_eq!(back.summary.usd_per_month_delta, 4.5);
    assert!(audit::diff(&after, &after).changes.is_empty());
}

/// The recommendation of the NAT example's S3 path, applied to the whole topology, makes that path private and
/// free: the Report tab's Apply.
#[test]
fn a_recommendation_applied_makes_the_path_private() {
    let t = example("s3-through-nat");
    let opts = AuditOptions::default();
    let s = Session::new(&t);
    let a = s.audit(&opts);
    let p = service(&a, "subnet-private-a", "s3.us-east-1");
    let alt = audit::recommended_change(&s, p, &opts).expect("a change to apply");
    assert_eq!(
        alt.change.description,
        p.recommendation.as_ref().unwrap().summary
    );
    let fixed = alt.change.apply(&t);
    let after = run(&fixed);
    let q = service(&after, "subnet-private-a", "s3.us-east-1");
    assert_eq!((q.reachable, q.network), (true, Some(Network::Private)));
    assert_eq!(q.usd_per_month, 0.0);
    // A path with nothing recommended has nothing to apply.
    let private = after
        .services
        .iter()
        .find(|p| p.recommendation.is_none())
        .unwrap();
    assert!(audit::recommended_change(&Session::new(&fixed), private, &opts).is_none());
}

fn all_topologies() -> Vec<(String, Topology)> {
    let mut out: Vec<(String, Topology)> = gallery::examples()
        .into_iter()
        .map(|e| (format!("example {}", e.id), e.diagram.topology))
        .collect();
    for l in lesson::builtin() {
        if let Some(Ok(sol)) = l.solution_diagram() {
            out.push((format!("lesson {} solution", l.id), sol.topology));
        }
        out.push((format!("lesson {} start", l.id), l.diagram.topology));
    }
    let dir = format!(
        "{}/../tests/scenarios/topologies",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names {
        let t: Topology = vjson::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        out.push((format!("scenario {}", p.display()), t));
    }
    out.push(("bastion".into(), bastion()));
    out
}

/// Every entry of the audit of every gallery example, every lesson's start and solution and every scenario
/// topology is what `trace` answers for its witness flow: same verdict, network and ids.
#[test]
fn every_entry_is_the_trace_of_its_witness() {
    for (name, t) in all_topologies() {
        let s = Session::new(&t);
        let opts = AuditOptions::default();
        let a = s.audit(&opts);
        assert!(a.summary.service_paths == a.services.len(), "{name}");
        for p in &a.services {
            let spec = FlowSpec {
                from: p.from.clone(),
                to: p.to.clone(),
                port: Some(p.port),
                protocol: Some(p.protocol.clone()),
                ..FlowSpec::default()
            };
            assert_eq!(p.witness(&opts), spec, "{name}");
            let tr = s.trace(&spec).unwrap();
            assert_eq!(
                (tr.reachable, tr.network),
                (p.reachable, p.network),
                "{name}: {p:#?}"
            );
            assert_eq!(
                vpclab_core::audit::through(&tr),
                p.through,
                "{name}: {p:#?}"
            );
            if let Some(svc) = tr.service() {
                assert_eq!(
                    format!("{}.{}", svc.service, svc.region),
                    p.service,
                    "{name}"
                );
            }
            if !p.reachable {
                let codes: Vec<_> = tr.explanations.iter().map(|e| &e.code).collect();
                let mine: Vec<_> = p.explanations.iter().map(|e| &e.code).collect();
                assert_eq!(codes, mine, "{name}: {p:#?}");
            }
        }
        for e in &a.exposure {
            let v6 = e.address.contains(':');
            let src = if v6 {
                exposure::INTERNET_V6
            } else {
                exposure::INTERNET_V4
            };
            let addr: IpAddr = e.address.parse().unwrap();
            let ports: Vec<Option<u16>> = match e.ports {
                Some([lo, hi]) => vec![Some(lo), Some(hi)],
                None => vec![None],
            };
            assert_eq!(
                e.witness(&opts),
                exposure::flow(src, addr, &e.protocol, ports[0], &opts),
                "{name}"
            );
            for port in ports {
                let tr = s
                    .trace(&exposure::flow(src, addr, &e.protocol, port, &opts))
                    .unwrap();
                assert!(tr.reachable, "{name}: {e:#?} at {port:?}: {tr:#?}");
                assert_eq!(tr.network, Some(Network::Public), "{name}");
                assert_eq!(
                    vpclab_core::audit::through(&tr),
                    e.through,
                    "{name}: {e:#?}"
                );
            }
        }
        for g in &a.segments {
            let Some(w) = &g.witness else {
                assert!(!g.reachable, "{name}");
                continue;
            };
            let spec = FlowSpec {
                from: w.from.clone(),
                to: w.to.clone(),
                port: w.port,
                protocol: Some(w.protocol.clone()),
                ..FlowSpec::default()
            };
            assert_eq!(g.witness(&opts).as_ref(), Some(&spec), "{name}");
            let tr = s.trace(&spec).unwrap();
            assert!(tr.reachable && g.reachable, "{name}: {g:#?}");
            assert_eq!(tr.network, g.network, "{name}: {g:#?}");
            assert_eq!(
                vpclab_core::audit::through(&tr),
                g.through,
                "{name}: {g:#?}"
            );
        }
        // Audits are deterministic.
        assert_eq!(s.audit(&opts), a, "{name}");
    }
}

/// The internet address a host is reached at over one family (public IPv4 / private IPv4 / an IPv6 address).
fn address(s: &Session<'_>, h: usize, v6: bool) -> Option<IpAddr> {
    let host = &s.index().hosts[h];
    if v6 {
        host.ips.iter().find(|ip| ip.is_ipv6()).copied()
    } else {
        host.public_ip
            .map(IpAddr::V4)
            .or_else(|| host.ips.iter().find(|ip| ip.is_ipv4()).copied())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Exposure is complete and exact: a random internet flow (family, protocol, port) to any instance's or
    /// ENI's address is reachable exactly when the exposure list covers it.
    #[test]
    fn exposure_covers_exactly_the_reachable_internet_flows(
        which in any::<prop::sample::Index>(),
        host in any::<prop::sample::Index>(),
        v6 in any::<bool>(),
        proto in 0usize..3,
        port in prop_oneof![Just(22u16), Just(443u16), Just(0u16), Just(65535u16), any::<u16>()],
    ) {
        let topologies = topologies_for_proptest();
        let t = &topologies[which.index(topologies.len())];
        let s = Session::new(t);
        let opts = AuditOptions::default();
        let a = s.audit(&opts);
        let hosts: Vec<usize> = (0..s.index().hosts.len())
            .filter(|&h| matches!(s.index().hosts[h].owner, HostOwner::Instance(_) | HostOwner::Interface))
            .collect();
        prop_assume!(!hosts.is_empty());
        let h = hosts[host.index(hosts.len())];
        let Some(addr) = address(&s, h, v6) else { return Ok(()) };
        let protocol = ["tcp", "udp", if v6 { "icmpv6" } else { "icmp" }][proto];
        let port = (proto < 2).then_some(port);
        let src = if v6 { exposure::INTERNET_V6 } else { exposure::INTERNET_V4 };
        let tr = s.trace(&exposure::flow(src, addr, protocol, port, &opts)).unwrap();
        let eni = &s.index().hosts[h].id;
        let covered = a.exposure.iter().any(|e| {
            &e.eni == eni
                && e.address == addr.to_string()
                && e.protocol == protocol
                && match (e.ports, port) {
                    (Some([lo, hi]), Some(p)) => lo <= p && p <= hi,
                    (None, None) => true,
                    _ => false,
                }
        });
        prop_assert_eq!(tr.reachable, covered, "{} {} {:?} → {:#?}", addr, protocol, port, tr);
    }
}

fn topologies_for_proptest() -> &'static [Topology] {
    static T: std::sync::OnceLock<Vec<Topology>> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let mut v: Vec<Topology> = all_topologies().into_iter().map(|(_, t)| t).collect();
        v.push(vpclab_core::synth::generate(3, 4));
        // A NACL that denies a band of ports inside the SG's open range, and an SG with several ranges.
        v.push(edited(&bastion(), |v| {
            for g in v["security_groups"].as_array_mut().unwrap() {
                if g["id"] == "sg-bastion" {
                    g["ingress"].as_array_mut().unwrap().push(json!(
                        {"protocol": "tcp", "from_port": 1000, "to_port": 2000, "cidrs": ["0.0.0.0/0"]}));
                    g["ingress"].as_array_mut().unwrap().push(json!(
                        {"protocol": "udp", "from_port": 0, "to_port": 65535, "cidrs": ["0.0.0.0/0"]}));
                    g["ingress"].as_array_mut().unwrap().push(json!(
                        {"protocol": "icmp", "from_port": -1, "to_port": -1, "cidrs": ["0.0.0.0/0"]}));
                }
            }
            push(v, "network_acls", json!({"id": "acl-public", "vpc_id": "vpc-app", "subnet_ids": ["subnet-public-a"],
                "entries": [
                    {"rule_number": 90, "protocol": "tcp", "action": "deny", "cidr": "0.0.0.0/0", "port_range": [1500, 1600]},
                    {"rule_number": 100, "protocol": "-1", "action": "allow", "cidr": "0.0.0.0/0"},
                    {"rule_number": 101, "protocol": "-1", "action": "allow", "cidr": "::/0"},
                    {"rule_number": 100, "egress": true, "protocol": "-1", "action": "allow", "cidr": "0.0.0.0/0"},
                    {"rule_number": 101, "egress": true, "protocol": "-1", "action": "allow", "cidr": "::/0"}
                ]}));
        }));
        v
    })
}

/// Recommendations are made once per route table / path / price and re-addressed to the other subnets that
/// share them: each must equal what `alternatives` makes for that entry's own flow.
#[test]
fn shared_recommendations_equal_the_ones_made_for_each_flow() {
    let mut topologies: Vec<Topology> = all_topologies().into_iter().map(|(_, t)| t).collect();
    topologies.push(vpclab_core::synth::generate(3, 6));
    for t in &topologies {
        let s = Session::new(t);
        let opts = AuditOptions::default();
        for p in s
            .audit(&opts)
            .services
            .iter()
            .filter(|p| p.from.starts_with("i-") || p.from.parse::<IpAddr>().is_ok())
        {
            let spec = FlowSpec {
                from: p.from.clone(),
                to: p.to.clone(),
                port: Some(443),
                protocol: Some("tcp".into()),
                ..FlowSpec::default()
            };
            let tr = s.trace(&spec).unwrap();
            if !tr.reachable || p.usd_per_month == 0.0 {
                assert!(p.recommendation.is_none() || p.from.starts_with("onprem:"));
                continue;
            }
            let direct = s
                .alternatives(&spec, &tr, opts.gb_per_month)
                .into_iter()
                .next();
            match (&p.recommendation, direct) {
                (None, None) => {}
                (Some(r), Some(a)) => {
                    assert_eq!(r.summary, a.change.description, "{p:#?}");
                    assert_eq!(r.steps, a.change.steps, "{p:#?}");
                    assert_eq!(r.saves_usd_per_month, a.monthly_saving);
                    assert_eq!(r.usd_per_month_after, a.usd_per_month_after);
                    assert_eq!(r.break_even_gb, a.break_even_gb);
                }
                (r, a) => panic!("{p:#?}: audit {r:?}, direct {a:?}"),
            }
        }
    }
}
