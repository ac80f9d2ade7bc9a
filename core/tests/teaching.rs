//! What the product teaches (issue 18): the texts of lessons, examples and codes never say that a same-Region AWS
//! service path leaves AWS's network (AWS: "While traffic to Amazon S3 or DynamoDB traverses the internet gateway,
//! it does not leave the AWS network", PUB-01); lessons cite the behaviours they teach; and every figure a lesson
//! states — a price, a monthly amount, a break-even — equals what the price table and the engine compute.

use std::collections::BTreeSet;

use vpclab_core::codes::{self, network};
use vpclab_core::lesson::{self, Lesson};
use vpclab_core::pricing::{self, Item};
use vpclab_core::{gallery, trace, Network};

/// Every text a learner reads in a lesson, with where it is.
fn lesson_texts(l: &Lesson) -> Vec<(String, String)> {
    let mut out = vec![
        (format!("{}.title", l.id), l.title.clone()),
        (format!("{}.summary", l.id), l.summary.clone()),
    ];
    for (i, p) in l.story.iter().enumerate() {
        out.push((format!("{}.story[{i}]", l.id), p.clone()));
    }
    for (i, p) in l.explanation.iter().enumerate() {
        out.push((format!("{}.explanation[{i}]", l.id), p.clone()));
    }
    for (i, h) in l.hints.iter().enumerate() {
        out.push((format!("{}.hints[{i}]", l.id), h.clone()));
    }
    for (i, g) in l.goals.iter().enumerate() {
        if let Some(t) = &g.text {
            out.push((format!("{}.goals[{i}].text", l.id), t.clone()));
        }
    }
    out
}

fn all_texts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for l in lesson::builtin() {
        out.extend(lesson_texts(&l));
    }
    for e in gallery::examples() {
        out.push((format!("example {}.title", e.id), e.title.clone()));
        out.push((format!("example {}.summary", e.id), e.summary.clone()));
    }
    for (code, _, meaning) in codes::ALL {
        out.push((format!("code {code}"), meaning.to_string()));
    }
    for (name, text) in [
        ("network::PRIVATE", network::PRIVATE),
        ("network::PUBLIC_AWS_SERVICE", network::PUBLIC_AWS_SERVICE),
        ("network::PUBLIC_INTERNET", network::PUBLIC_INTERNET),
        ("network::SEED_CORRECTION", network::SEED_CORRECTION),
    ] {
        out.push((name.to_string(), text.to_string()));
    }
    out
}

/// The text without its quoted parts (`"…"`).
fn unquoted(text: &str) -> String {
    text.split('"').step_by(2).collect::<Vec<_>>().join(" ")
}

#[test]
fn no_text_says_a_same_region_service_path_leaves_aws() {
    let mut bad = Vec::new();
    for (at, text) in all_texts() {
        // Quoted claims (the seed's, shown to be corrected) and AWS's own negation are not the product's claims.
        let lower = unquoted(&text.to_lowercase()).replace("does not leave", "");
        for phrase in network::FORBIDDEN_PHRASES {
            // PUBLIC_INTERNET is about the real internet, which does leave AWS (PUB-03); it says so on purpose.
            if at == "network::PUBLIC_INTERNET" && phrase.contains("leave") {
                continue;
            }
            if lower.contains(phrase) {
                bad.push(format!("{at}: `{phrase}` in {text:?}"));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The default example (the first of the gallery, loaded at start) traced: S3 through the NAT gateway is public,
/// and the words for it say the packets stay on AWS's network, with the seed's claim corrected and the
/// documentation quoted; the real internet flow is the one that leaves AWS (PUB-03).
#[test]
fn the_default_example_explains_public_truthfully() {
    let ex = &gallery::examples()[0];
    let flow = |label: &str| {
        ex.diagram
            .flows
            .iter()
            .find(|f| f.label.as_deref() == Some(label))
            .unwrap()
            .spec
            .clone()
    };
    let s3 = trace(&ex.diagram.topology, &flow("app → S3")).unwrap();
    assert_eq!((s3.reachable, s3.network), (true, Some(Network::Public)));
    let text = network::explain(&s3).unwrap();
    assert!(text.contains("it does not leave the AWS network"), "{text}");
    assert!(text.contains("(PUB-01)") && text.contains("aws:SourceVpce"));
    assert!(network::AWS_QUOTE.contains("it does not leave the AWS network"));
    assert_eq!(
        network::AWS_QUOTE_URL,
        "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html"
    );
    // The same correction as an advisory, the mechanism of the "IPv4 only" correction.
    let advisory = network::seed_advisory(&s3).unwrap();
    assert_eq!(advisory.code, codes::VPCLAB_SEED_PUBLIC_ENDPOINT);
    assert!(codes::describe(&advisory.code)
        .is_some_and(|m| m.contains("does not leave the AWS network")));
    let correction = network::seed_correction(&s3).unwrap();
    assert!(correction.contains("the traffic will flow through internet"));
    assert!(network::headline(s3.reachable, s3.network).contains("internet gateway"));

    let internet = trace(&ex.diagram.topology, &flow("app → internet")).unwrap();
    assert_eq!(internet.network, Some(Network::Public));
    assert_eq!(network::explain(&internet), Some(network::PUBLIC_INTERNET));
    assert!(network::seed_correction(&internet).is_none());
    assert!(network::seed_advisory(&internet).is_none());
    assert!(network::PUBLIC_INTERNET.contains("leaves the AWS network (PUB-03)"));

    // Lesson 1 starts from this example, and is where a learner meets the seed's claim: it quotes AWS.
    let l = lesson::builtin_lesson("why-nat").unwrap();
    assert!(l.story.iter().any(
        |p| p.contains("it does not leave the AWS network\\\" (PUB-01)")
            || p.contains("it does not leave the AWS network\" (PUB-01)")
    ));
}

/// The aws-reference IDs a text cites (`GE-01`, `PUB-02`, `DT-08` …).
fn cited_ids(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i].is_ascii_uppercase() {
            i += 1;
        }
        let letters = i - start;
        let boundary = start == 0 || !b[start - 1].is_ascii_alphanumeric();
        if boundary && (2..=4).contains(&letters) && i + 2 < b.len() && b[i] == b'-' {
            let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 2 {
                out.push(text[start..i + 3].to_string());
                i += 3;
                continue;
            }
        }
        if i == start {
            i += 1;
        }
    }
    out
}

fn known_ids() -> Option<BTreeSet<String>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let additions =
        std::fs::read_to_string(dir.join("../docs/aws-reference-additions.md")).unwrap();
    let reference = std::fs::read_to_string(dir.join("../../shared/docs/aws-reference.md")).ok()?;
    let mut ids = BTreeSet::new();
    for doc in [&additions, &reference] {
        for line in doc.lines().filter(|l| l.starts_with("| ")) {
            if let Some(id) = line.split('|').nth(1) {
                ids.extend(cited_ids(id.trim()));
            }
        }
    }
    Some(ids)
}

/// Every story and explanation paragraph of a lesson cites at least one behaviour, every cited ID exists in
/// aws-reference.md or docs/aws-reference-additions.md, and the examples' summaries cite too.
#[test]
fn lessons_and_examples_cite_behaviours_that_exist() {
    let known = known_ids();
    let mut bad = Vec::new();
    for l in lesson::builtin() {
        for (at, p) in lesson_texts(&l) {
            let cites = cited_ids(&p);
            // The first story paragraph sets the scene (this diagram, this team); the others and the
            // explanation state how AWS behaves.
            let needs = (at.contains(".story[") && !at.ends_with(".story[0]"))
                || at.contains(".explanation[");
            // A call to action ("Make … work") or a pointer to the next lesson states no fact.
            let instruction = [
                "Make ", "Fix ", "Give ", "Bring ", "Play ", "Keep ", "Select ", "Remove ", "Next:",
            ]
            .iter()
            .any(|w| p.starts_with(w));
            if needs && !instruction && cites.is_empty() {
                bad.push(format!("{at} cites nothing: {p:?}"));
            }
            for id in &cites {
                if known.as_ref().is_some_and(|k| !k.contains(id)) {
                    bad.push(format!("{at} cites {id}, which no reference defines"));
                }
            }
        }
        for id in &l.behaviours {
            if known.as_ref().is_some_and(|k| !k.contains(id)) {
                bad.push(format!(
                    "{}.behaviours names {id}, which no reference defines",
                    l.id
                ));
            }
        }
    }
    for e in gallery::examples() {
        let cites = cited_ids(&e.summary);
        if cites.is_empty() {
            bad.push(format!("example {} cites nothing", e.id));
        }
        for id in &cites {
            if known.as_ref().is_some_and(|k| !k.contains(id)) {
                bad.push(format!(
                    "example {} cites {id}, which no reference defines",
                    e.id
                ));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn lessons_are_at_least_thirteen_and_in_teaching_order() {
    let ids = lesson::builtin_ids();
    assert!(ids.len() >= 13, "{ids:?}");
    let pos = |id: &str| ids.iter().position(|x| x == id).unwrap();
    // Interface endpoints are taught (services-beyond-s3, then SG/DNS/policy) before any lesson needs them.
    for later in [
        "data-perimeter",
        "interface-endpoints-across-azs",
        "vpn-needs-interface-endpoint",
        "other-region",
        "saas-endpoint-service",
        "choose-by-cost",
    ] {
        assert!(pos("services-beyond-s3") < pos(later), "{later}");
        assert!(
            pos("interface-endpoint-sg-dns-policy") < pos(later),
            "{later}"
        );
    }
    // Gateway endpoints first; policies before the data perimeter; cost last.
    assert!(pos("gateway-endpoints") < pos("dynamodb"));
    assert!(pos("interface-endpoint-sg-dns-policy") < pos("data-perimeter"));
    assert_eq!(ids.last().map(String::as_str), Some("choose-by-cost"));
    // Titles are numbered in that order.
    for (i, l) in lesson::builtin().iter().enumerate() {
        assert!(l.title.starts_with(&format!("{}. ", i + 1)), "{}", l.title);
    }
}

/// Dollar amounts in a text: `$0.045`, `$7.30`, `$1` … (thousands separators dropped).
fn dollars(text: &str) -> Vec<f64> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('$') {
        let num: String = text[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .filter(|c| *c != ',')
            .collect();
        let num = num.trim_end_matches('.');
        if let Ok(v) = num.parse::<f64>() {
            out.push(v);
        }
    }
    out
}

/// "≈ 209 GB" → 209.
fn approx_gb(text: &str) -> Vec<f64> {
    text.match_indices("≈ ")
        .filter_map(|(i, m)| {
            let rest = &text[i + m.len()..];
            let n: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            rest[n.len()..]
                .starts_with(" GB")
                .then(|| n.parse().ok())
                .flatten()
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.005
}

/// Every figure in a lesson is computed here from the price table (us-east-1, the Region of every lesson) or the
/// engine, never copied from the lesson: a unit price must be one of the table's, a monthly amount one derived
/// below, a goal threshold the lesson's own goal, and a break-even the formula's result (DT-08).
#[test]
fn lesson_figures_equal_the_price_table_and_the_engine() {
    let t = pricing::table();
    let p = |item: Item| t.charge(item, "us-east-1", 1.0).unit_price;
    let hours = t.hours_per_month;
    let (nat_gb, ie_hour, ie_gb) = (
        p(Item::NatGatewayGb),
        p(Item::InterfaceEndpointAzHour),
        p(Item::InterfaceEndpointGb),
    );
    let az_month = ie_hour * hours;

    // Unit prices: every us-east-1 figure of the table.
    let unit_prices: Vec<f64> = t
        .entries
        .iter()
        .filter(|e| e.region == "us-east-1")
        .flat_map(|e| e.usd.into_iter().chain(e.tiers.iter().map(|x| x.usd)))
        .collect();

    // Break-even of a one-AZ interface endpoint against NAT processing (DT-08), at 730 and 720 hours.
    let be_730 = az_month / (nat_gb - ie_gb);
    let be_720 = ie_hour * 720.0 / (nat_gb - ie_gb);

    // Monthly amounts the lessons state, computed.
    let choose = lesson::builtin_lesson("choose-by-cost").unwrap();
    let start_total = lesson::total_cost(&choose.diagram.topology, &choose.diagram.flows);
    let solved = choose.solution_diagram().unwrap().unwrap();
    let end_total = lesson::total_cost(&solved.topology, &choose.diagram.flows);
    let derived: Vec<(&str, f64)> = vec![
        ("why-nat: NAT processing of 1,000 GB", 1000.0 * nat_gb),
        ("dynamodb: NAT processing of 500 GB", 500.0 * nat_gb),
        ("an interface endpoint AZ for a month", az_month),
        ("choose-by-cost: 20 GB of SQS through NAT", 20.0 * nat_gb),
        (
            "choose-by-cost: 20 GB of SQS through a two-AZ interface endpoint",
            2.0 * az_month + 20.0 * ie_gb,
        ),
        ("choose-by-cost: the starting design", start_total.round()),
        ("choose-by-cost: the solution", end_total.round()),
    ];
    // The stated figures of choose-by-cost are the engine's, to the dollar.
    let text: String = lesson_texts(&choose).into_iter().map(|(_, t)| t).collect();
    assert!(
        text.contains(&format!(
            "about ${:.0} a month down to about ${:.0}",
            start_total.round(),
            end_total.round()
        )),
        "{start_total} → {end_total}"
    );
    assert!(
        text.contains(&format!("≈ {:.0} GB a month", be_730)),
        "{be_730}"
    );
    assert!(
        text.contains(&format!("≈ {:.0} GB with a 720-hour month", be_720)),
        "{be_720}"
    );

    let mut bad = Vec::new();
    for l in lesson::builtin() {
        let mut thresholds: Vec<f64> = Vec::new();
        for g in &l.goals {
            if let lesson::Goal::FlowCostBelow { usd_per_month, .. }
            | lesson::Goal::TotalCostBelow { usd_per_month } = &g.goal
            {
                thresholds.push(*usd_per_month);
            }
        }
        for (at, text) in lesson_texts(&l) {
            for v in dollars(&text) {
                let ok = unit_prices.iter().any(|u| (*u - v).abs() < 1e-9)
                    || derived.iter().any(|(_, d)| close(*d, v))
                    || thresholds.iter().any(|x| close(*x, v));
                if !ok {
                    bad.push(format!("{at}: ${v} is neither a us-east-1 price of the table, nor a figure derived from it, nor a goal threshold"));
                }
            }
            for gb in approx_gb(&text) {
                if gb != be_730.round() && gb != be_720.round() {
                    bad.push(format!(
                        "{at}: ≈ {gb} GB, but the break-even is {be_730:.1} GB (730 h) or {be_720:.1} GB (720 h)"
                    ));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The new lessons fail at the start for the reason they teach (not by accident), judged by the engine.
#[test]
fn new_lessons_start_from_the_problem_they_teach() {
    let goal = |id: &str, i: usize| {
        let l = lesson::builtin_lesson(id).unwrap();
        let st = lesson::check(&l, &l.diagram);
        (st.goals[i].met, st.goals[i].detail.clone())
    };
    // Data perimeter: the aws:SourceIp policy refuses even the endpoint path (GE-15).
    let (met, detail) = goal("data-perimeter", 0);
    assert!(
        !met && detail.contains("VPCLAB_RESOURCE_POLICY_DENY"),
        "{detail}"
    );
    // …while the public paths are refused before and after, and SQS through the NAT gateway works.
    for i in [2, 3, 4] {
        assert!(
            goal("data-perimeter", i).0,
            "{:?}",
            goal("data-perimeter", i)
        );
    }
    // DynamoDB: through the NAT gateway at the start.
    let (met, detail) = goal("dynamodb", 0);
    assert!(!met && detail.contains("nat-app"), "{detail}");
    // Across AZs: the worker reaches the endpoint in us-east-1a, and the start is within budget (the AZ is the problem).
    assert!(!goal("interface-endpoints-across-azs", 2).0);
    assert!(goal("interface-endpoints-across-azs", 3).0);
    // SaaS: the starting endpoint sits in the provider's AZs (AWS refuses any other, ES-13) and waits for acceptance.
    let l = lesson::builtin_lesson("saas-endpoint-service").unwrap();
    let ep = l
        .diagram
        .topology
        .vpc_endpoints
        .iter()
        .find(|e| e.id == "vpce-saas")
        .unwrap();
    assert_eq!(ep.subnet_ids, ["subnet-consumer-a", "subnet-consumer-b"]);
    assert_eq!(
        ep.state,
        vpclab_core::model::EndpointState::PendingAcceptance
    );
}
