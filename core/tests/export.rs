//! Export: the topology JSON reads back equal; the Terraform parses as HCL, every `aws_*.name.attr`,
//! `data.*.name.attr` and `var.name` reference resolves to a declared block, and no object of the topology is
//! named by its literal AWS id (only `tags` may hold an id, as the Name of an unnamed object).

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use hcl::{Body, Expression, ObjectKey, TemplateExpr, TraversalOperator};
use vpclab_core::diagram::Diagram;
use vpclab_core::import::import_documents;
use vpclab_core::model::Topology;
use vpclab_core::{export, synth};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `*.json` under `dir`, as `(path relative to dir, text)`, in path order.
fn load_folder(dir: &Path) -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(root, &p, out);
            } else if p.extension().is_some_and(|e| e == "json") {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

/// The topologies the export is checked on: generated ones, every Batfish snapshot, the share fixtures (one
/// sets every field of the model) and the gallery.
fn topologies() -> Vec<(String, Topology)> {
    let mut out = vec![
        ("synth 1x1".to_string(), synth::generate(1, 1)),
        ("synth 3x4".to_string(), synth::generate(3, 4)),
        ("synth 5x16".to_string(), synth::generate(5, 16)),
    ];
    let aws = root().join("tests/fixtures/aws-cli");
    let mut snapshots: Vec<PathBuf> = std::fs::read_dir(&aws)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    snapshots.sort();
    for dir in snapshots {
        let docs = load_folder(&dir);
        let (t, _) =
            import_documents(&docs, None).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        out.push((dir.file_name().unwrap().to_string_lossy().into_owned(), t));
    }
    for name in ["everything", "three-vpcs", "default-example"] {
        let text =
            std::fs::read_to_string(root().join(format!("tests/fixtures/share/v1/{name}.json")))
                .unwrap();
        let d: Diagram = serde_json::from_str(&text).unwrap();
        out.push((format!("share/{name}"), d.topology));
    }
    for e in vpclab_core::gallery::examples() {
        out.push((format!("gallery/{}", e.id), e.diagram.topology));
    }
    out
}

/// What the configuration declares: `aws_x.name`, `data.aws_x.name`, `var.name`.
fn declared(body: &Body) -> HashSet<String> {
    let mut out = HashSet::new();
    for b in body.blocks() {
        let labels: Vec<&str> = b.labels().iter().map(|l| l.as_str()).collect();
        match (b.identifier(), labels.as_slice()) {
            ("resource", [ty, name]) => {
                assert!(
                    out.insert(format!("{ty}.{name}")),
                    "{ty}.{name} declared twice"
                );
            }
            ("data", [ty, name]) => {
                out.insert(format!("data.{ty}.{name}"));
            }
            ("variable", [name]) => {
                out.insert(format!("var.{name}"));
            }
            _ => {}
        }
    }
    out
}

/// Every reference (`root.a.b…` traversal) in an expression, as its dotted path.
fn references(e: &Expression, out: &mut Vec<Vec<String>>) {
    match e {
        Expression::Traversal(t) => {
            if let Expression::Variable(v) = &t.expr {
                let mut path = vec![v.as_str().to_string()];
                for op in &t.operators {
                    match op {
                        TraversalOperator::GetAttr(a) => path.push(a.as_str().to_string()),
                        TraversalOperator::Index(i) => references(i, out),
                        _ => {}
                    }
                }
                out.push(path);
            } else {
                references(&t.expr, out);
            }
        }
        // Type keywords of `variable` blocks.
        Expression::Variable(v) if matches!(v.as_str(), "string" | "number" | "bool") => {}
        Expression::Variable(v) => out.push(vec![v.as_str().to_string()]),
        Expression::Array(items) => items.iter().for_each(|x| references(x, out)),
        Expression::Object(map) => {
            for (k, v) in map {
                if let ObjectKey::Expression(k) = k {
                    references(k, out);
                }
                references(v, out);
            }
        }
        Expression::FuncCall(f) => f.args.iter().for_each(|x| references(x, out)),
        Expression::Parenthesis(x) => references(x, out),
        Expression::TemplateExpr(t) => {
            let text = match t.as_ref() {
                TemplateExpr::QuotedString(s) => s.clone(),
                TemplateExpr::Heredoc(h) => h.template.clone(),
            };
            assert!(
                !text.contains("${") || text.contains("$${"),
                "a template with an interpolation: {text}"
            );
        }
        _ => {}
    }
}

/// Every `(attribute key, expression)` of a body, blocks included.
fn attributes<'b>(body: &'b Body, out: &mut Vec<(&'b str, &'b Expression)>) {
    for a in body.attributes() {
        out.push((a.key(), a.expr()));
    }
    for b in body.blocks() {
        attributes(b.body(), out);
    }
}

fn strings(e: &Expression, out: &mut Vec<String>) {
    match e {
        Expression::String(s) => out.push(s.clone()),
        Expression::Array(items) => items.iter().for_each(|x| strings(x, out)),
        Expression::Object(map) => map.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

fn object_ids(t: &Topology) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    ids.extend(t.vpcs.iter().map(|x| x.id.clone()));
    ids.extend(t.subnets.iter().map(|x| x.id.clone()));
    ids.extend(t.route_tables.iter().map(|x| x.id.clone()));
    ids.extend(t.internet_gateways.iter().map(|x| x.id.clone()));
    ids.extend(t.egress_only_internet_gateways.iter().map(|x| x.id.clone()));
    ids.extend(
        t.nat_gateways
            .iter()
            .filter(|n| n.subnet_id.is_some())
            .map(|x| x.id.clone()),
    );
    ids.extend(t.instances.iter().map(|x| x.id.clone()));
    ids.extend(t.security_groups.iter().map(|x| x.id.clone()));
    ids.extend(t.prefix_lists.iter().map(|x| x.id.clone()));
    ids.extend(t.vpc_endpoints.iter().map(|x| x.id.clone()));
    ids.extend(t.endpoint_services.iter().map(|x| x.id.clone()));
    ids.extend(t.peering_connections.iter().map(|x| x.id.clone()));
    ids.extend(t.transit_gateways.iter().map(|x| x.id.clone()));
    ids.extend(t.transit_gateway_route_tables.iter().map(|x| x.id.clone()));
    ids.extend(t.vpn_gateways.iter().map(|x| x.id.clone()));
    ids.extend(t.customer_gateways.iter().map(|x| x.id.clone()));
    ids.extend(t.vpn_connections.iter().map(|x| x.id.clone()));
    ids
}

fn check_terraform(name: &str, t: &Topology) -> usize {
    let text = export::terraform(t);
    let body =
        hcl::parse(&text).unwrap_or_else(|e| panic!("{name}: the export is not HCL: {e}\n{text}"));
    let declared = declared(&body);
    let mut exprs = Vec::new();
    attributes(&body, &mut exprs);
    let mut refs = Vec::new();
    for (_, e) in &exprs {
        references(e, &mut refs);
    }
    let mut problems = Vec::new();
    for path in &refs {
        let (key, rest) = match path[0].as_str() {
            "data" if path.len() >= 3 => (format!("data.{}.{}", path[1], path[2]), &path[3..]),
            "var" if path.len() >= 2 => (format!("var.{}", path[1]), &path[2..]),
            r if r.starts_with("aws_") && path.len() >= 2 => {
                (format!("{r}.{}", path[1]), &path[2..])
            }
            _ => {
                problems.push(format!(
                    "not a reference to a resource, data source or variable: {}",
                    path.join(".")
                ));
                continue;
            }
        };
        if !declared.contains(&key) {
            problems.push(format!("`{}` names nothing declared", path.join(".")));
        }
        if !key.starts_with("var.") && rest.is_empty() {
            problems.push(format!("`{}` has no attribute", path.join(".")));
        }
    }
    let ids = object_ids(t);
    for (key, e) in &exprs {
        if *key == "tags" {
            continue; // an unnamed object's Name tag is its id
        }
        let mut s = Vec::new();
        strings(e, &mut s);
        for s in s.into_iter().filter(|s| ids.contains(s)) {
            problems.push(format!("`{key}` holds the literal id `{s}`"));
        }
    }
    assert!(
        problems.is_empty(),
        "{name}:\n  {}\n\n{text}",
        problems.join("\n  ")
    );
    assert_eq!(
        text,
        export::terraform(t),
        "{name}: the export is not deterministic"
    );
    refs.len()
}

#[test]
fn terraform_parses_and_every_reference_resolves() {
    let mut total = 0;
    for (name, t) in topologies() {
        let n = check_terraform(&name, &t);
        println!("terraform export: {name}: {n} references, all resolved");
        total += n;
    }
    assert!(total > 1000, "only {total} references checked");
}

#[test]
fn json_export_reopens_equal() {
    for (name, t) in topologies() {
        let text = export::json(&t);
        assert_eq!(Topology::from_json(&text).unwrap(), t, "{name}");
    }
}

/// The default example, attribute by attribute where AWS semantics decide the shape.
#[test]
fn terraform_of_the_default_example() {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/share/default-example.json")).unwrap();
    let hcl = export::terraform(&Topology::from_json(&text).unwrap());
    let expect = [
        // The VPC and its DNS attributes, explicit.
        "resource \"aws_vpc\" \"lab\" {\n  cidr_block           = \"10.0.0.0/16\"\n  enable_dns_support   = true\n  enable_dns_hostnames = true\n",
        // The private table: NAT route only; the local route is implicit, the endpoint's route is the endpoint's.
        "resource \"aws_route_table\" \"private\" {\n  vpc_id = aws_vpc.lab.id\n\n  route {\n    cidr_block     = \"0.0.0.0/0\"\n    nat_gateway_id = aws_nat_gateway.nat_02aabfe228f219e9c.id\n  }\n",
        "vpc_endpoint_type = \"Gateway\"\n  route_table_ids   = [aws_route_table.private.id]\n",
        // The public NAT gateway's Elastic IP.
        "allocation_id = aws_eip.nat_02aabfe228f219e9c.id\n",
        "resource \"aws_main_route_table_association\" \"lab\" {\n  vpc_id         = aws_vpc.lab.id\n  route_table_id = aws_route_table.public.id\n}",
        // The managed prefix list is looked up, not created.
        "data \"aws_ec2_managed_prefix_list\" \"s3\" {\n  name = \"com.amazonaws.us-east-1.s3\"\n}",
        // SG rules as separate resources, one per peer; a self reference is a reference.
        "referenced_security_group_id = aws_security_group.app.id\n",
        " = var.ami_id\n",
    ];
    for e in expect {
        assert!(hcl.contains(e), "missing:\n{e}\n\nin:\n{hcl}");
    }
    assert!(
        !hcl.contains("gateway_id = aws_vpc_endpoint"),
        "a gateway endpoint is never a route target:\n{hcl}"
    );
}

/// PCX-05: a side that allows DNS resolution from the remote VPC says so in its block of the peering.
#[test]
fn terraform_peering_dns_resolution_options() {
    let mut t = vpclab_core::synth::generate(2, 1);
    assert!(!t.peering_connections.is_empty());
    t.peering_connections[0].accepter_dns_resolution = true;
    let hcl = export::terraform(&t);
    assert!(
        hcl.contains("  accepter {\n    allow_remote_vpc_dns_resolution = true\n  }\n"),
        "{hcl}"
    );
    assert!(!hcl.contains("  requester {\n"), "{hcl}");
}

/// Found by the `terraform` fuzz target (FUZZING.md, `fuzz/regressions/terraform/`): a diagram name, then an id
/// referenced but not in the topology, with a lone carriage return ended a header comment line, and the file was
/// not HCL. Control characters in any text that lands in a comment are now spaces.
#[test]
fn control_characters_in_names_never_break_the_hcl() {
    // The kept inputs, read as the target reads its bytes (they are not all UTF-8): a name, and a reference to
    // an id outside the topology (listed in the header comment), each with a lone `\r`.
    for file in [
        "crash-name-carriage-return.json",
        "crash-external-id-carriage-return.json",
    ] {
        let bytes = std::fs::read(root().join("fuzz/regressions/terraform").join(file))
            .expect("the kept crash input");
        let crash = String::from_utf8_lossy(&bytes);
        let t = Topology::from_json(&crash).expect("the crash input is a topology");
        assert!(
            export::json(&t).contains("\\r"),
            "{file} holds a carriage return"
        );
        // The fuzz target's property: the export is HCL (the inputs are mangled diagrams, so the stricter
        // reference checks of `check_terraform` do not apply to them).
        let text = export::terraform(&t);
        hcl::parse(&text).unwrap_or_else(|e| panic!("{file}: the export is not HCL: {e}\n{text}"));
    }
    for name in ["a\rb", "a\nb", "a\u{0}b", "a\u{85}b", "tab\there"] {
        let t = Topology {
            name: Some(name.to_string()),
            ..Topology::default()
        };
        check_terraform(name, &t);
    }
}
