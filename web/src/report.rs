//! The Report tab's logic (plain Rust, tested natively): running the audit, the audit kept with the diagram it
//! was run on, the sortable tables' order, the VPC × VPC matrix of segments, and Compare.
//!
//! **The tab audits off the main thread:** [`start_audit`] and [`start_compare`] hand the topology to the Web Worker
//! ([`crate::jobs::audit`], [`crate::jobs::diff`]: the core's `Session::audit` and `audit::diff` there, with progress
//! and Cancel). [`run_audit`] is the same audit on the calling thread (the native tests). Every verdict, amount and sentence comes from
//! `vpclab_core::audit`; this module only orders and groups.

use std::collections::HashMap;
use std::rc::Rc;

use vpclab_core::audit::{self, Audit, AuditOptions, Diff, Exposure, ServicePath};
use vpclab_core::diagram::Diagram;
use vpclab_core::model::Topology;
use vpclab_core::{FlowSpec, Session};

use crate::jobs::{self, JobError, JobHandle};

/// The audit of a topology (`vpclab audit`), on the calling thread.
pub fn run_audit(topology: &Topology, options: &AuditOptions) -> Audit {
    Session::new(topology).audit(options)
}

/// How many rows a report table shows before "Show all": an account of 100 VPCs has 2,000 service paths, and
/// drawing every row each time the tab opens costs seconds. At 250 rows per table the 100-VPC report's first
/// render was one task of 107–166 ms (`tests/e2e/bench_audit.mjs`, BENCHMARKS §8); at 100, none over 100 ms.
pub const ROWS: usize = 100;

/// Above this many VPCs the segments are a list, not a matrix (a 100 × 100 grid is neither readable in the side
/// panel nor quick to draw).
pub const MATRIX_MAX: usize = 30;

/// The options the Report tab audits with: the CLI's defaults (100 GB a month per service path).
pub fn options() -> AuditOptions {
    AuditOptions::default()
}

/// An audit and the diagram it was run on.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditRun {
    pub audit: Rc<Audit>,
    /// The diagram audited (its topology decides whether the audit is still current).
    pub diagram: Rc<Diagram>,
    pub options: AuditOptions,
}

impl AuditRun {
    /// Audits `diagram`'s topology.
    pub fn of(diagram: &Rc<Diagram>, options: AuditOptions) -> AuditRun {
        AuditRun {
            audit: Rc::new(run_audit(&diagram.topology, &options)),
            diagram: Rc::clone(diagram),
            options,
        }
    }

    /// Whether the audit still answers for `diagram` (flows, layout and selection do not change an audit).
    pub fn is_current(&self, diagram: &Rc<Diagram>) -> bool {
        Rc::ptr_eq(&self.diagram, diagram) || self.diagram.topology == diagram.topology
    }
}

/// Audits `diagram`'s topology in the worker: `on_progress` says each stage in words, `on_done` gets the run (or
/// why not: cancelled, failed).
pub fn start_audit(
    diagram: &Rc<Diagram>,
    on_progress: impl Fn(String) + 'static,
    on_done: impl FnOnce(Result<AuditRun, JobError>) + 'static,
) -> JobHandle {
    let options = options();
    let (d, o) = (Rc::clone(diagram), options.clone());
    jobs::audit(
        &diagram.topology,
        &options,
        move |p| on_progress(p.text()),
        move |r| {
            on_done(r.map(|a| AuditRun {
                audit: Rc::new(a),
                diagram: d,
                options: o,
            }))
        },
    )
}

/// Compares `before` with the current diagram `after` in the worker (both audited, the audits diffed).
pub fn start_compare(
    against: Against,
    before: &Topology,
    after: &Rc<Diagram>,
    on_progress: impl Fn(String) + 'static,
    on_done: impl FnOnce(Result<Comparison, JobError>) + 'static,
) -> JobHandle {
    let options = options();
    let (d, o) = (Rc::clone(after), options.clone());
    jobs::diff(
        before,
        &after.topology,
        &options,
        move |p| on_progress(p.text()),
        move |r| {
            on_done(r.map(|diff| Comparison {
                against,
                diff: Rc::new(diff),
                diagram: d,
                options: o,
            }))
        },
    )
}

/// What the current diagram is compared against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Against {
    /// The diagram as it was last opened: the example, link or file loaded, New, or the autosave restored when
    /// the page opened — before the edits made since (what "Undo all" would go back to).
    Opened,
    /// A share link or a file, read by [`crate::import::run`] (the Import dialog's path, `core::import::classify`),
    /// named as the user gave it.
    Other(String),
}

impl Against {
    /// "the diagram as opened" / "`name`", for sentences.
    pub fn describe(&self) -> String {
        match self {
            Against::Opened => "the diagram as it was opened".into(),
            Against::Other(label) => label.clone(),
        }
    }
}

/// A comparison: the audits of the other topology (before) and of the current one (after), diffed.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub against: Against,
    pub diff: Rc<Diff>,
    /// The current diagram when it was compared.
    pub diagram: Rc<Diagram>,
    pub options: AuditOptions,
}

impl Comparison {
    /// Compares `before` (what the diagram is compared against) with `after` (the current diagram).
    pub fn of(
        against: Against,
        before: &Topology,
        after: &Rc<Diagram>,
        options: AuditOptions,
    ) -> Comparison {
        let b = run_audit(before, &options);
        let a = run_audit(&after.topology, &options);
        Comparison {
            against,
            diff: Rc::new(audit::diff(&b, &a)),
            diagram: Rc::clone(after),
            options,
        }
    }

    /// Whether the comparison still answers for `diagram`.
    pub fn is_current(&self, diagram: &Rc<Diagram>) -> bool {
        Rc::ptr_eq(&self.diagram, diagram) || self.diagram.topology == diagram.topology
    }
}

/// The index of a flow of `diagram` that asks exactly `spec` (its volume aside), if there is one.
pub fn equal_flow(diagram: &Diagram, spec: &FlowSpec) -> Option<usize> {
    // The volume does not change the path; an unset protocol is TCP (`FlowSpec::protocol`'s default).
    let bare = |s: &FlowSpec| FlowSpec {
        gb_per_month: None,
        protocol: Some(s.protocol.as_deref().unwrap_or("tcp").to_ascii_lowercase()),
        ..s.clone()
    };
    let want = bare(spec);
    diagram.flows.iter().position(|f| bare(&f.spec) == want)
}

/// The flow a report entry adds to the diagram: its witness, priced at the audit's volume.
pub fn flow_of(mut spec: FlowSpec, options: &AuditOptions) -> FlowSpec {
    spec.gb_per_month = Some(options.gb_per_month);
    spec
}

/// A sortable table's order: a column and a direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort<C> {
    pub column: C,
    pub ascending: bool,
}

impl<C: Copy + PartialEq> Sort<C> {
    /// The order after a click on `column`'s header: the same column flips, another starts ascending.
    pub fn clicked(self, column: C) -> Sort<C> {
        if self.column == column {
            Sort {
                column,
                ascending: !self.ascending,
            }
        } else {
            Sort {
                column,
                ascending: true,
            }
        }
    }

    /// The header's `aria-sort`.
    pub fn aria(self, column: C) -> &'static str {
        match (self.column == column, self.ascending) {
            (false, _) => "none",
            (true, true) => "ascending",
            (true, false) => "descending",
        }
    }
}

/// The columns of the service-paths table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceColumn {
    Source,
    Service,
    /// Blocked, public, private (worst first when ascending).
    Verdict,
    Cost,
    Saving,
}

/// The columns of the exposure table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExposureColumn {
    Target,
    Address,
    Ports,
    From,
}

fn rank(p: &ServicePath) -> u8 {
    match (p.reachable, p.network) {
        (false, _) => 0,
        (true, Some(vpclab_core::Network::Public)) => 1,
        _ => 2,
    }
}

fn saving(p: &ServicePath) -> f64 {
    p.recommendation
        .as_ref()
        .map_or(0.0, |r| r.saves_usd_per_month)
}

/// The order the service paths are shown in (indices into `list`); ties keep the audit's order.
pub fn order_services(list: &[ServicePath], sort: Sort<ServiceColumn>) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..list.len()).collect();
    idx.sort_by(|&a, &b| {
        let (x, y) = (&list[a], &list[b]);
        let o = match sort.column {
            ServiceColumn::Source => x.source_subnet.cmp(&y.source_subnet),
            ServiceColumn::Service => x.service.cmp(&y.service),
            ServiceColumn::Verdict => rank(x).cmp(&rank(y)),
            ServiceColumn::Cost => x.usd_per_month.total_cmp(&y.usd_per_month),
            ServiceColumn::Saving => saving(x).total_cmp(&saving(y)),
        };
        if sort.ascending {
            o
        } else {
            o.reverse()
        }
    });
    idx
}

fn address_key(e: &Exposure) -> (u8, Option<std::net::IpAddr>, &str) {
    let ip = e.address.parse().ok();
    (u8::from(e.address.contains(':')), ip, e.address.as_str())
}

/// The order the exposures are shown in (indices into `list`); ties keep the audit's order.
pub fn order_exposure(list: &[Exposure], sort: Sort<ExposureColumn>) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..list.len()).collect();
    idx.sort_by(|&a, &b| {
        let (x, y) = (&list[a], &list[b]);
        let o = match sort.column {
            ExposureColumn::Target => x.target.cmp(&y.target),
            ExposureColumn::Address => address_key(x).cmp(&address_key(y)),
            ExposureColumn::Ports => {
                (x.protocol.as_str(), x.ports).cmp(&(y.protocol.as_str(), y.ports))
            }
            ExposureColumn::From => x.from.cmp(&y.from),
        };
        if sort.ascending {
            o
        } else {
            o.reverse()
        }
    });
    idx
}

/// The segments as a VPC × VPC matrix: the VPCs that take part in a segment, in the topology's order, and per
/// ordered pair the index of its segment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Matrix {
    /// `(id, name)` of each VPC, rows and columns alike.
    pub vpcs: Vec<(String, Option<String>)>,
    cells: HashMap<(usize, usize), usize>,
}

impl Matrix {
    pub fn of(audit: &Audit, topology: &Topology) -> Matrix {
        let mut ids: Vec<&str> = Vec::new();
        for g in &audit.segments {
            for v in [&g.from_vpc, &g.to_vpc] {
                if !ids.contains(&v.as_str()) {
                    ids.push(v);
                }
            }
        }
        let order = |id: &str| {
            topology
                .vpcs
                .iter()
                .position(|v| v.id == id)
                .unwrap_or(usize::MAX)
        };
        ids.sort_by_key(|id| order(id));
        let at: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, v)| (*v, i)).collect();
        let cells = audit
            .segments
            .iter()
            .enumerate()
            .filter_map(|(k, g)| {
                Some((
                    (
                        at.get(g.from_vpc.as_str())?.to_owned(),
                        *at.get(g.to_vpc.as_str())?,
                    ),
                    k,
                ))
            })
            .collect();
        let vpcs = ids
            .iter()
            .map(|id| {
                let name = topology
                    .vpcs
                    .iter()
                    .find(|v| v.id == *id)
                    .and_then(|v| v.name.clone());
                (id.to_string(), name)
            })
            .collect();
        Matrix { vpcs, cells }
    }

    /// The segment from row `from` to column `to`, if the two VPCs are joined.
    pub fn cell(&self, from: usize, to: usize) -> Option<usize> {
        self.cells.get(&(from, to)).copied()
    }
}

/// What a download of the report is: file name, MIME type and text, each rendered by `core::audit::render`.
pub fn export(
    audit: &Audit,
    options: &AuditOptions,
    format: ExportFormat,
) -> (&'static str, &'static str, String) {
    use vpclab_core::audit::render;
    match format {
        ExportFormat::Json => ("vpclab-audit.json", "application/json", render::json(audit)),
        ExportFormat::Csv => ("vpclab-audit.csv", "text/csv", render::csv(audit)),
        ExportFormat::Markdown => (
            "vpclab-audit.md",
            "text/markdown",
            render::markdown(audit, options),
        ),
    }
}

/// The report's download formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
    Markdown,
}

#[cfg(test)]
mod tests {
    use super::*;
    use vpclab_core::gallery;

    fn example(id: &str) -> Diagram {
        gallery::example(id).unwrap().diagram
    }

    #[test]
    fn run_audit_is_the_clis_audit() {
        let d = example("s3-through-nat");
        let a = run_audit(&d.topology, &options());
        assert_eq!(a, Session::new(&d.topology).audit(&AuditOptions::default()));
        assert_eq!(
            a.summary.public_service_paths, 2,
            "S3 and DynamoDB through the NAT gateway"
        );
    }

    #[test]
    fn an_audit_stays_current_until_the_topology_changes() {
        let d = Rc::new(example("s3-through-nat"));
        let run = AuditRun::of(&d, options());
        assert!(run.is_current(&d));
        let mut moved = (*d).clone();
        moved.flows.clear();
        moved.selected_flow = None;
        assert!(
            run.is_current(&Rc::new(moved)),
            "flows do not change an audit"
        );
        let mut edited = (*d).clone();
        edited.topology.vpcs[0].name = Some("renamed".into());
        assert!(!run.is_current(&Rc::new(edited)));
    }

    #[test]
    fn compare_nat_with_gateway_endpoint_lists_s3_as_better() {
        let before = example("s3-through-nat");
        let after = Rc::new(example("s3-gateway-endpoint"));
        let c = Comparison::of(Against::Opened, &before.topology, &after, options());
        assert_eq!(c.diff.summary.better, 1);
        assert_eq!(c.diff.changes[0].change, audit::Verdict::Better);
        assert!(c.is_current(&after));
        assert_eq!(Against::Opened.describe(), "the diagram as it was opened");
    }

    #[test]
    fn an_equal_flow_is_found_whatever_its_volume() {
        let d = example("s3-through-nat");
        let a = run_audit(&d.topology, &options());
        let p = a
            .services
            .iter()
            .find(|p| p.service.starts_with("s3."))
            .unwrap();
        let spec = flow_of(p.witness(&options()), &options());
        assert_eq!(spec.gb_per_month, Some(100.0));
        // The example's own flow is i-app → S3 on 443/tcp.
        let found = equal_flow(&d, &spec);
        let expected = d.flows.iter().position(|f| {
            f.spec.from == spec.from
                && f.spec.to == spec.to
                && f.spec.port == spec.port
                && f.spec.protocol == spec.protocol
        });
        assert_eq!(found, expected);
        let other = FlowSpec {
            port: Some(80),
            ..spec.clone()
        };
        assert_eq!(equal_flow(&d, &other), None);
        // An unset protocol is TCP.
        let mut d2 = d.clone();
        d2.flows.push(vpclab_core::diagram::Flow::new(FlowSpec {
            protocol: None,
            gb_per_month: None,
            ..spec.clone()
        }));
        assert_eq!(equal_flow(&d2, &spec), Some(d2.flows.len() - 1));
    }

    #[test]
    fn sorting_flips_on_the_same_column_and_keeps_ties_in_order() {
        let s = Sort {
            column: ServiceColumn::Cost,
            ascending: false,
        };
        assert_eq!(s.aria(ServiceColumn::Cost), "descending");
        assert_eq!(s.aria(ServiceColumn::Source), "none");
        let t = s.clicked(ServiceColumn::Cost);
        assert!(t.ascending);
        assert_eq!(t.aria(ServiceColumn::Cost), "ascending");
        let u = t.clicked(ServiceColumn::Source);
        assert_eq!((u.column, u.ascending), (ServiceColumn::Source, true));

        let d = example("s3-through-nat");
        let a = run_audit(&d.topology, &options());
        assert!(a.services.len() >= 2);
        let by_cost = order_services(
            &a.services,
            Sort {
                column: ServiceColumn::Cost,
                ascending: false,
            },
        );
        let costs: Vec<f64> = by_cost
            .iter()
            .map(|&i| a.services[i].usd_per_month)
            .collect();
        assert!(costs.windows(2).all(|w| w[0] >= w[1]), "{costs:?}");
        let by_verdict = order_services(
            &a.services,
            Sort {
                column: ServiceColumn::Verdict,
                ascending: true,
            },
        );
        let ranks: Vec<u8> = by_verdict.iter().map(|&i| rank(&a.services[i])).collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
        // Ties keep the audit's order.
        let mut same = by_verdict.clone();
        same.dedup_by_key(|i| rank(&a.services[*i]));
        for r in 0..3u8 {
            let idx: Vec<usize> = by_verdict
                .iter()
                .copied()
                .filter(|&i| rank(&a.services[i]) == r)
                .collect();
            assert!(idx.windows(2).all(|w| w[0] < w[1]));
        }
        assert_eq!(order_services(&[], s), Vec::<usize>::new());
    }

    #[test]
    fn exposure_sorts_addresses_as_addresses() {
        let e = |addr: &str, port: u16| Exposure {
            target: "i-x".into(),
            eni: "eni-x".into(),
            address: addr.into(),
            protocol: "tcp".into(),
            ports: Some([port, port]),
            from: "0.0.0.0/0".into(),
            through: vec![],
        };
        let list = vec![e("54.1.2.30", 22), e("54.1.2.4", 443), e("2600::1", 80)];
        let asc = Sort {
            column: ExposureColumn::Address,
            ascending: true,
        };
        assert_eq!(order_exposure(&list, asc), [1, 0, 2]);
        assert_eq!(
            order_exposure(&list, asc.clicked(ExposureColumn::Address)),
            [2, 0, 1]
        );
        let ports = Sort {
            column: ExposureColumn::Ports,
            ascending: true,
        };
        assert_eq!(order_exposure(&list, ports), [0, 2, 1]);
    }

    #[test]
    fn the_matrix_has_a_cell_per_segment() {
        for ex in gallery::examples() {
            let a = run_audit(&ex.diagram.topology, &options());
            let m = Matrix::of(&a, &ex.diagram.topology);
            let n = m.vpcs.len();
            let cells = (0..n)
                .flat_map(|i| (0..n).map(move |j| (i, j)))
                .filter(|&(i, j)| m.cell(i, j).is_some())
                .count();
            assert_eq!(cells, a.segments.len(), "{}", ex.id);
            for i in 0..n {
                assert_eq!(m.cell(i, i), None, "{}: no VPC is joined to itself", ex.id);
            }
        }
        let peered = gallery::examples()
            .into_iter()
            .find(|e| e.id == "peered-vpc-pitfall")
            .unwrap();
        let a = run_audit(&peered.diagram.topology, &options());
        assert!(!a.segments.is_empty());
    }

    #[test]
    fn exports_are_the_core_renderings() {
        let d = example("s3-through-nat");
        let a = run_audit(&d.topology, &options());
        let (name, mime, text) = export(&a, &options(), ExportFormat::Json);
        assert_eq!((name, mime), ("vpclab-audit.json", "application/json"));
        assert_eq!(text, vpclab_core::audit::render::json(&a));
        let (_, _, csv) = export(&a, &options(), ExportFormat::Csv);
        assert_eq!(
            csv.lines().count(),
            1 + a.services.len() + a.exposure.len() + a.segments.len()
        );
        let (name, _, md) = export(&a, &options(), ExportFormat::Markdown);
        assert_eq!(name, "vpclab-audit.md");
        assert!(md.starts_with("# VPC Lab audit"));
    }
}
