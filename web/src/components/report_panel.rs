//! The Report tab: the whole-network audit of the diagram (`vpclab audit`) as a view, and Compare (`vpclab diff`).
//!
//! * The summary (`data-testid="audit-summary"`) with the total saving; the service paths and the exposure as
//!   tables sortable by their column headers (buttons, `aria-sort`); the segments as a VPC × VPC matrix marked
//!   ✓ / ✕ (not colour alone), the witness shown on hover and focus. Each entry (`data-testid="audit-entry"`)
//!   shows its witness flow on the diagram (`Action::ShowFlow`); each recommendation has an Apply (one undoable
//!   edit, as the Cost tab's). Exports: the CLI's JSON, CSV and Markdown, all rendered by `core::audit::render`.
//! * The audit runs in the worker ([`crate::report::start_audit`]: progress in the status line, Cancel) when the tab
//!   opens without a current audit, or on "Run audit"; never on an edit (an audit of an edited diagram says it is out of date). A table shows its first
//!   [`crate::report::ROWS`] rows in the chosen order, then "Show all" (the summary counts every entry).
//! * Compare: the current diagram against the diagram as it was opened, a pasted share link or a file (read as
//!   the Import dialog reads it); each change (`data-testid="diff-change"`) draws its path on a click.

use std::rc::Rc;

use vpclab_core::audit::render::{network_word, ports_text, verdict_word};
use vpclab_core::audit::{
    self, Audit, AuditOptions, Exposure, Section, Segment, ServicePath, Verdict,
};
use vpclab_core::FlowSpec;
use yew::prelude::*;

use crate::analysis::{money, quantity};
use crate::app::AnalysisContext;
use crate::browser;
use crate::import::{self, Opened};
use crate::jobs::JobError;
use crate::report::{
    self, Against, AuditRun, Comparison, ExportFormat, ExposureColumn, Matrix, ServiceColumn, Sort,
};
use crate::state::{Action, AppContext, Notice};
use crate::words;

/// Why an audit or comparison gave no answer, for [`Action::AuditStopped`]: nothing to say when the user cancelled.
fn stopped(what: &str, e: JobError) -> Option<String> {
    match e {
        JobError::Cancelled => None,
        JobError::Failed(why) => Some(format!("The {what} stopped: {why}")),
    }
}

/// "Showing 100 of 2,000" with a button that shows every row.
fn more_rows(total: usize, shown: &UseStateHandle<usize>, what: &'static str) -> Html {
    if total <= **shown {
        return html! {};
    }
    let onclick = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(total))
    };
    html! {
        <p class="table-more">
            { format!("Showing {} of {} {what} (sorted). ", quantity(**shown as f64), quantity(total as f64)) }
            <button type="button" class="btn btn-small" data-testid="audit-show-all" {onclick}>
                { format!("Show all {}", quantity(total as f64)) }
            </button>
        </p>
    }
}

/// The Report tab's content.
#[component]
pub fn ReportPanel() -> Html {
    let state = use_context::<AppContext>().expect("ReportPanel must be inside the App context");
    let audit_key = state.audit.as_ref().map(|a| Rc::as_ptr(a) as usize);
    let current = {
        let state = state.clone();
        *use_memo((state.model_revision, audit_key), move |_| {
            state
                .audit
                .as_ref()
                .is_some_and(|a| a.is_current(&state.diagram))
        })
    };

    // Audits the diagram as it is now, in the worker (progress and Cancel in the status line).
    let run = {
        let state = state.clone();
        Callback::from(move |_: ()| {
            if state.auditing {
                return;
            }
            let (on_progress, on_done) = (state.clone(), state.clone());
            let job = report::start_audit(
                &state.diagram,
                move |text| on_progress.dispatch(Action::AuditProgress(text)),
                move |r| {
                    on_done.dispatch(match r {
                        Ok(run) => Action::AuditDone(Rc::new(run)),
                        Err(e) => Action::AuditStopped(stopped("audit", e)),
                    })
                },
            );
            state.dispatch(Action::AuditStarted(Some(job)));
        })
    };
    // Opening the tab audits the diagram if there is no current audit.
    {
        let run = run.clone();
        use_effect_with((), move |_| {
            if !current {
                run.emit(());
            }
        });
    }

    let audit = state.audit.clone();
    let on_cancel = {
        let job = state.audit_job.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(job) = &job {
                job.cancel();
            }
        })
    };
    let on_run = {
        let run = run.clone();
        Callback::from(move |_: MouseEvent| run.emit(()))
    };
    let export = |format: ExportFormat| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(run) = state.audit.as_ref() else {
                return;
            };
            let (name, mime, text) = report::export(&run.audit, &run.options, format);
            if let Err(e) = browser::download_text(name, mime, &text) {
                state.dispatch(Action::Notify(Notice::error(format!(
                    "The report could not be downloaded: {e}"
                ))));
            }
        })
    };

    html! {
        <div class="report-panel">
            <section class="panel-section" aria-labelledby="report-title">
                <div class="report-head">
                    <h2 id="report-title" class="panel-title">{ "Whole-network audit" }</h2>
                    <button type="button" class="btn btn-small btn-primary" data-testid="run-audit"
                        onclick={on_run} disabled={state.auditing}>
                        { if audit.is_some() { "Run audit again" } else { "Run audit" } }
                    </button>
                </div>
                <p class="section-sub">
                    { "Every subnet's path to S3, DynamoDB and each service with an endpoint, what the internet can \
                       open, and which joined VPCs can connect: each entry is a traced flow (100 GB a month per \
                       service path)." }
                </p>
                <p role="status" class="audit-status" data-testid="audit-status">
                    if state.auditing {
                        <span class="spinner" aria-hidden="true"></span>
                        <span data-testid="audit-running">
                            { state.audit_progress.clone().unwrap_or_else(|| "Running the audit…".into()) }
                        </span>
                        <button type="button" class="btn btn-small" data-testid="audit-cancel"
                            onclick={on_cancel}>{ "Cancel" }</button>
                    } else if audit.is_some() && !current {
                        <span data-testid="audit-stale">
                            { "The diagram changed since this audit: run it again to see the changes." }
                        </span>
                    }
                </p>
                if let Some(run) = &audit {
                    <Summary audit={Rc::clone(&run.audit)} gb={run.options.gb_per_month} />
                    <div class="report-exports" role="group" aria-label="Download the report">
                        <span class="report-exports-label">{ "Download" }</span>
                        <button type="button" class="btn btn-small" data-testid="export-audit-json"
                            onclick={export(ExportFormat::Json)}>{ "JSON" }</button>
                        <button type="button" class="btn btn-small" data-testid="export-audit-csv"
                            onclick={export(ExportFormat::Csv)}>{ "CSV" }</button>
                        <button type="button" class="btn btn-small" data-testid="export-audit-markdown"
                            onclick={export(ExportFormat::Markdown)}>{ "Markdown" }</button>
                    </div>
                }
            </section>
            if let Some(run) = &audit {
                <div class={classes!("report-body", (!current).then_some("is-stale"))}>
                    <ServicesTable run={Rc::clone(run)} current={current} />
                    <ExposureTable run={Rc::clone(run)} />
                    <SegmentsMatrix run={Rc::clone(run)} />
                </div>
            }
            <Compare />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SummaryProps {
    audit: Rc<Audit>,
    gb: f64,
}

#[component]
fn Summary(props: &SummaryProps) -> Html {
    let s = &props.audit.summary;
    let private = s
        .service_paths
        .saturating_sub(s.public_service_paths + s.blocked_service_paths);
    let connect = props.audit.segments.iter().filter(|g| g.reachable).count();
    html! {
        <div class="audit-summary" data-testid="audit-summary"
            data-sources={s.sources.to_string()}
            data-service-paths={s.service_paths.to_string()}
            data-public-service-paths={s.public_service_paths.to_string()}
            data-blocked-service-paths={s.blocked_service_paths.to_string()}
            data-exposed-targets={s.exposed_targets.to_string()}
            data-segments={props.audit.segments.len().to_string()}
            data-saving={format!("{:.2}", s.usd_per_month_saved_if_recommendations_applied)}>
            <p class="audit-saving">
                <span class="audit-saving-amount" data-testid="audit-saving">
                    { money(s.usd_per_month_saved_if_recommendations_applied) }
                </span>
                <span class="audit-saving-unit">{ " / month saved if every recommendation is applied" }</span>
            </p>
            <dl class="audit-counts">
                <div><dt>{ "Service paths" }</dt><dd>{ s.service_paths }</dd></div>
                <div><dt>{ "Private" }</dt><dd>{ private }</dd></div>
                <div><dt>{ "Public" }</dt><dd>{ s.public_service_paths }</dd></div>
                <div><dt>{ "Blocked" }</dt><dd>{ s.blocked_service_paths }</dd></div>
                <div><dt>{ "Exposed ENIs" }</dt><dd>{ s.exposed_targets }</dd></div>
                <div><dt>{ "VPC pairs that connect" }</dt><dd>{ format!("{connect} of {}", props.audit.segments.len()) }</dd></div>
            </dl>
            <p class="fine-print">
                { format!("{} sources (subnets and on-premises networks). Public service paths cost {} a month at {} GB each.",
                    s.sources, money(s.usd_per_month_public_service_paths), props.gb) }
            </p>
        </div>
    }
}

/// The mark and word of a verdict: never colour alone.
fn verdict_mark(
    reachable: bool,
    network: Option<vpclab_core::Network>,
) -> (&'static str, &'static str) {
    match verdict_word(reachable, network) {
        "blocked" => ("✕", "blocked"),
        "public" => ("⚠", "public"),
        _ => ("✓", "private"),
    }
}

/// A sortable column header: a button that sorts, `aria-sort` on the header cell.
fn sort_header<C: Copy + PartialEq + 'static>(
    label: &'static str,
    column: C,
    sort: &UseStateHandle<Sort<C>>,
    class: Option<&'static str>,
) -> Html {
    let s = **sort;
    let onclick = {
        let sort = sort.clone();
        Callback::from(move |_: MouseEvent| sort.set((*sort).clicked(column)))
    };
    let arrow = match s.aria(column) {
        "ascending" => "▲",
        "descending" => "▼",
        _ => "↕",
    };
    html! {
        <th scope="col" aria-sort={s.aria(column)} class={class.unwrap_or_default()} data-column={label.to_lowercase()}>
            <button type="button" class="sort-button" {onclick}>
                { label }<span class="sort-arrow" aria-hidden="true">{ arrow }</span>
            </button>
        </th>
    }
}

fn show(
    state: &AppContext,
    spec: Option<FlowSpec>,
    options: &AuditOptions,
) -> Callback<MouseEvent> {
    let state = state.clone();
    let spec = spec.map(|s| report::flow_of(s, options));
    Callback::from(move |_: MouseEvent| {
        if let Some(spec) = &spec {
            state.dispatch(Action::ShowFlow(spec.clone()));
        }
    })
}

#[derive(Properties, PartialEq)]
struct RunProps {
    run: Rc<AuditRun>,
    #[prop_or(true)]
    current: bool,
}

#[component]
fn ServicesTable(props: &RunProps) -> Html {
    let state = use_context::<AppContext>().expect("inside the App context");
    let analysis = use_context::<AnalysisContext>().expect("inside the App context");
    let sort = use_state(|| Sort {
        column: ServiceColumn::Saving,
        ascending: false,
    });
    let list = &props.run.audit.services;
    let shown = use_state(|| report::ROWS);
    let order = {
        let run = Rc::clone(&props.run);
        use_memo(
            (Rc::as_ptr(&props.run) as usize, *sort),
            move |(_, sort)| report::order_services(&run.audit.services, *sort),
        )
    };
    let opts = &props.run.options;
    let apply = |p: &ServicePath| {
        let state = state.clone();
        let analysis = analysis.clone();
        let path = p.clone();
        let opts = opts.clone();
        Callback::from(move |_: MouseEvent| {
            let session = analysis.session.0.session();
            match audit::recommended_change(session, &path, &opts) {
                Some(alt) => {
                    let topology = Rc::new(alt.change.apply(&state.diagram.topology));
                    let flow_index = report::equal_flow(&state.diagram, &path.witness(&opts))
                        .unwrap_or(usize::MAX);
                    state.dispatch(Action::ApplyAlternative {
                        topology,
                        flow_index,
                        flow: alt.change.flow.clone(),
                        title: alt.title.clone(),
                    });
                }
                None => state.dispatch(Action::Notify(Notice::error(format!(
                    "This recommendation is not a change to the diagram: {}",
                    path.recommendation
                        .as_ref()
                        .map(|r| r.summary.as_str())
                        .unwrap_or_default()
                )))),
            }
        })
    };
    html! {
        <section class="panel-section" aria-labelledby="audit-services-title">
            <h2 id="audit-services-title" class="panel-title">{ format!("Service paths ({})", list.len()) }</h2>
            if list.is_empty() {
                <p class="empty-body">{ "No subnet with an address to audit." }</p>
            } else {
                <div class="table-scroll">
                <table class="audit-table" data-testid="audit-services">
                    <caption class="visually-hidden">{ "Each subnet's path to each AWS service; choose a subnet to draw the path" }</caption>
                    <thead>
                        <tr>
                            { sort_header("Source", ServiceColumn::Source, &sort, None) }
                            { sort_header("Service", ServiceColumn::Service, &sort, None) }
                            { sort_header("Verdict", ServiceColumn::Verdict, &sort, None) }
                            { sort_header("Cost", ServiceColumn::Cost, &sort, Some("num")) }
                            { sort_header("Saving", ServiceColumn::Saving, &sort, Some("num col-saving")) }
                        </tr>
                    </thead>
                    for &i in order.iter().take(*shown) {
                        <tbody key={i} class="audit-row-group">
                            { service_rows(&state, &list[i], opts, props.current, apply(&list[i])) }
                        </tbody>
                    }
                </table>
                </div>
                { more_rows(list.len(), &shown, "service paths") }
            }
        </section>
    }
}

fn service_rows(
    state: &AppContext,
    p: &ServicePath,
    opts: &AuditOptions,
    current: bool,
    apply: Callback<MouseEvent>,
) -> Html {
    let (mark, word) = verdict_mark(p.reachable, p.network);
    let name = p
        .service
        .split('.')
        .next()
        .unwrap_or(&p.service)
        .to_string();
    html! {
        <>
            <tr data-testid="audit-entry" data-section="services"
                data-network={network_word(p.network)} data-reachable={p.reachable.to_string()}
                data-source={p.source_subnet.clone()} data-service={p.service.clone()}>
                <td>
                    <button type="button" class="link-button" data-testid="audit-show"
                        title="Draw this path on the diagram" onclick={show(state, Some(p.witness(opts)), opts)}>
                        { &p.source_subnet }
                    </button>
                    <span class="cell-sub">{ format!("from {}", p.from) }</span>
                </td>
                <td>
                    <span class="svc-name">{ &name }</span>
                    <span class="cell-sub">{ p.service.split_once('.').map(|(_, r)| r).unwrap_or_default() }</span>
                </td>
                <td>
                    <span class={classes!("verdict-chip", format!("is-{word}"))}>
                        <span aria-hidden="true">{ mark }</span>{ format!(" {word}") }
                    </span>
                    if !p.through.is_empty() {
                        <span class="cell-sub">{ format!("via {}", p.through.join(" › ")) }</span>
                    }
                </td>
                <td class="num">{ money(p.usd_per_month) }</td>
                <td class="num col-saving">
                    { p.recommendation.as_ref().map(|r| money(r.saves_usd_per_month)).unwrap_or_else(|| "—".into()) }
                </td>
            </tr>
            if let Some(r) = &p.recommendation {
                <tr class="audit-detail">
                    <td colspan="5">
                        <div class="audit-fix">
                            <p>
                                <span class="fix-label">
                                    { format!("Fix for {name}, saves {} a month: ", money(r.saves_usd_per_month)) }
                                </span>
                                { words::plain(&r.summary) }
                                { format!(" ({} a month after)", money(r.usd_per_month_after)) }
                            </p>
                            <button type="button" class="btn btn-small" data-testid="apply-recommendation"
                                disabled={!current} onclick={apply}
                                title={if current { "Apply this change to the diagram (Undo reverts it)" } else { "Run the audit again first" }}>
                                { "Apply" }
                            </button>
                        </div>
                    </td>
                </tr>
            } else if let Some(e) = p.explanations.first() {
                <tr class="audit-detail">
                    <td colspan="5"><p class="cell-why">{ words::plain(&e.message) }</p></td>
                </tr>
            }
        </>
    }
}

#[component]
fn ExposureTable(props: &RunProps) -> Html {
    let state = use_context::<AppContext>().expect("inside the App context");
    let sort = use_state(|| Sort {
        column: ExposureColumn::Target,
        ascending: true,
    });
    let list = &props.run.audit.exposure;
    let shown = use_state(|| report::ROWS);
    let order = {
        let run = Rc::clone(&props.run);
        use_memo(
            (Rc::as_ptr(&props.run) as usize, *sort),
            move |(_, sort)| report::order_exposure(&run.audit.exposure, *sort),
        )
    };
    let opts = &props.run.options;
    let row = |e: &Exposure| {
        let ports = match e.ports {
            Some(_) => format!("{} {}", e.protocol, ports_text(e.ports)),
            None => e.protocol.clone(),
        };
        html! {
            <tr data-testid="audit-entry" data-section="exposure" data-network="public" data-reachable="true"
                data-source={e.eni.clone()} data-target={e.target.clone()}>
                <td>
                    <button type="button" class="link-button" data-testid="audit-show"
                        title="Draw this flow from the internet on the diagram"
                        onclick={show(&state, Some(e.witness(opts)), opts)}>
                        { &e.target }
                    </button>
                    if e.target != e.eni {
                        <span class="cell-sub">{ &e.eni }</span>
                    }
                </td>
                <td>{ &e.address }</td>
                <td><span class="verdict-chip is-public"><span aria-hidden="true">{ "⚠" }</span>{ format!(" {ports}") }</span></td>
                <td>
                    { &e.from }
                    <span class="cell-sub">{ format!("via {}", e.through.join(" › ")) }</span>
                </td>
            </tr>
        }
    };
    html! {
        <section class="panel-section" aria-labelledby="audit-exposure-title">
            <h2 id="audit-exposure-title" class="panel-title">{ format!("Open to the internet ({})", list.len()) }</h2>
            if list.is_empty() {
                <p class="empty-body">{ "No network interface that a flow from the internet can open." }</p>
            } else {
                <div class="table-scroll">
                <table class="audit-table" data-testid="audit-exposure">
                    <caption class="visually-hidden">{ "Port ranges the internet can open, per network interface" }</caption>
                    <thead>
                        <tr>
                            { sort_header("Target", ExposureColumn::Target, &sort, None) }
                            { sort_header("Address", ExposureColumn::Address, &sort, None) }
                            { sort_header("Ports", ExposureColumn::Ports, &sort, None) }
                            { sort_header("From", ExposureColumn::From, &sort, None) }
                        </tr>
                    </thead>
                    <tbody>
                        for &i in order.iter().take(*shown) {
                            { row(&list[i]) }
                        }
                    </tbody>
                </table>
                </div>
                { more_rows(list.len(), &shown, "exposures") }
            }
        </section>
    }
}

fn segment_text(g: &Segment) -> String {
    let how = if g.reachable {
        "can connect"
    } else {
        "isolated"
    };
    let via = if g.through.is_empty() {
        String::new()
    } else {
        format!(" through {}", g.through.join(" › "))
    };
    let witness = g
        .witness
        .as_ref()
        .map(|w| {
            format!(
                "; e.g. {} → {} {}{}",
                w.from,
                w.to,
                w.protocol,
                w.port.map(|p| format!("/{p}")).unwrap_or_default()
            )
        })
        .unwrap_or_default();
    format!("{} → {}: {how}{via}{witness}", g.from_vpc, g.to_vpc)
}

#[component]
fn SegmentsMatrix(props: &RunProps) -> Html {
    let state = use_context::<AppContext>().expect("inside the App context");
    let focused = use_state(|| None::<usize>);
    let matrix = {
        let run = Rc::clone(&props.run);
        let topology = Rc::clone(&run.diagram);
        use_memo(Rc::as_ptr(&props.run) as usize, move |_| {
            Matrix::of(&run.audit, &topology.topology)
        })
    };
    let segments = &props.run.audit.segments;
    let opts = &props.run.options;
    let n = matrix.vpcs.len();
    let point = |k: usize| {
        let focused = focused.clone();
        Callback::from(move |_: FocusEvent| focused.set(Some(k)))
    };
    let hover = |k: usize| {
        let focused = focused.clone();
        Callback::from(move |_: MouseEvent| focused.set(Some(k)))
    };
    html! {
        <section class="panel-section" aria-labelledby="audit-segments-title">
            <h2 id="audit-segments-title" class="panel-title">{ format!("Segments ({})", segments.len()) }</h2>
            if segments.is_empty() {
                <p class="empty-body">{ "No VPCs joined by peering, a transit gateway or a shared on-premises network." }</p>
            } else if n > report::MATRIX_MAX {
                <p class="section-sub">
                    { format!("{n} VPCs: too many for a matrix, one row per joined pair. ") }
                    <span class="seg-key is-reachable"><span aria-hidden="true">{ "✓" }</span>{ " can connect" }</span>
                    { " · " }
                    <span class="seg-key is-isolated"><span aria-hidden="true">{ "✕" }</span>{ " isolated" }</span>
                </p>
                <ul class="segment-list" data-testid="audit-segments">
                    for (k, g) in segments.iter().enumerate() {
                        <li key={k}>
                            <button type="button"
                                class={classes!("seg-cell", if g.reachable { "is-reachable" } else { "is-isolated" })}
                                data-testid="audit-entry" data-section="segments"
                                data-network={network_word(g.network)}
                                data-reachable={g.reachable.to_string()}
                                data-source={g.from_vpc.clone()} data-target={g.to_vpc.clone()}
                                aria-label={segment_text(g)} title="Draw the witness flow on the diagram"
                                onclick={show(&state, g.witness(opts), opts)}>
                                { if g.reachable { "✓" } else { "✕" } }
                            </button>
                            <span class="segment-text">{ segment_text(g) }</span>
                        </li>
                    }
                </ul>
            } else {
                <p class="section-sub">
                    { "Row: from; column: to. " }
                    <span class="seg-key is-reachable"><span aria-hidden="true">{ "✓" }</span>{ " can connect" }</span>
                    { " · " }
                    <span class="seg-key is-isolated"><span aria-hidden="true">{ "✕" }</span>{ " isolated" }</span>
                    { " · blank: not joined. Choose a cell to draw its witness flow." }
                </p>
                <div class="table-scroll">
                <table class="segment-matrix" data-testid="audit-segments">
                    <caption class="visually-hidden">{ "Whether a connection opens from each VPC (rows) to each VPC it is joined with (columns)" }</caption>
                    <thead>
                        <tr>
                            <td class="matrix-corner"></td>
                            for j in 0..n {
                                <th scope="col" title={matrix.vpcs[j].0.clone()}>
                                    <span aria-hidden="true">{ j + 1 }</span>
                                    <span class="visually-hidden">{ format!("to {}", matrix.vpcs[j].0) }</span>
                                </th>
                            }
                        </tr>
                    </thead>
                    <tbody>
                        for i in 0..n {
                            <tr key={i}>
                                <th scope="row" title={matrix.vpcs[i].0.clone()}>
                                    <span class="matrix-index" aria-hidden="true">{ format!("{}", i + 1) }</span>
                                    <span class="matrix-vpc">
                                        { matrix.vpcs[i].1.clone().map(|name| format!("{name} · {}", matrix.vpcs[i].0)).unwrap_or_else(|| matrix.vpcs[i].0.clone()) }
                                    </span>
                                </th>
                                for j in 0..n {
                                    <td key={j} class="matrix-cell">
                                        if let Some(k) = matrix.cell(i, j) {
                                            <button type="button"
                                                class={classes!("seg-cell", if segments[k].reachable { "is-reachable" } else { "is-isolated" },
                                                    (*focused == Some(k)).then_some("is-pointed"))}
                                                data-testid="audit-entry" data-section="segments"
                                                data-network={network_word(segments[k].network)}
                                                data-reachable={segments[k].reachable.to_string()}
                                                data-source={segments[k].from_vpc.clone()} data-target={segments[k].to_vpc.clone()}
                                                title={segment_text(&segments[k])}
                                                aria-label={segment_text(&segments[k])}
                                                aria-describedby="segment-detail"
                                                onfocus={point(k)} onmouseenter={hover(k)}
                                                onclick={show(&state, segments[k].witness(opts), opts)}>
                                                { if segments[k].reachable { "✓" } else { "✕" } }
                                            </button>
                                        } else if i == j {
                                            <span class="matrix-self" aria-hidden="true">{ "·" }</span>
                                        }
                                    </td>
                                }
                            </tr>
                        }
                    </tbody>
                </table>
                </div>
                <p id="segment-detail" class="matrix-detail" data-testid="segment-detail" aria-live="polite">
                    { focused.and_then(|k| segments.get(k)).map(segment_text)
                        .unwrap_or_else(|| "Point at or focus a cell to see its witness flow.".into()) }
                </p>
            }
        </section>
    }
}

/// Compare: the current diagram against another, each side audited, the audits diffed by the core.
#[component]
fn Compare() -> Html {
    let state = use_context::<AppContext>().expect("inside the App context");
    let link = use_state(String::new);
    let error = use_state(|| None::<String>);
    let files_input = use_node_ref();

    // Compares `before` (a topology) with the current diagram, after the running state is painted.
    let compare = {
        let state = state.clone();
        let error = error.clone();
        Callback::from(
            move |(against, before): (Against, Rc<vpclab_core::model::Topology>)| {
                if state.auditing {
                    return;
                }
                error.set(None);
                let (on_progress, on_done) = (state.clone(), state.clone());
                let job = report::start_compare(
                    against,
                    &before,
                    &state.diagram,
                    move |text| on_progress.dispatch(Action::AuditProgress(text)),
                    move |r| {
                        on_done.dispatch(match r {
                            Ok(c) => Action::Compared(Rc::new(c)),
                            Err(e) => Action::AuditStopped(stopped("comparison", e)),
                        })
                    },
                );
                state.dispatch(Action::AuditStarted(Some(job)));
            },
        )
    };
    let from_docs = {
        let compare = compare.clone();
        let error = error.clone();
        move |docs: Vec<(String, String)>, label: String| match import::run(&docs, None) {
            (Some(Opened::Diagram(d)), _) => {
                compare.emit((Against::Other(label), Rc::new(d.topology)))
            }
            (Some(Opened::Lesson(l)), _) => {
                compare.emit((Against::Other(label), Rc::new(l.diagram.topology)))
            }
            (None, r) => error.set(Some(
                r.error.unwrap_or_else(|| "Nothing to compare with.".into()),
            )),
        }
    };
    let on_opened = {
        let compare = compare.clone();
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            compare.emit((Against::Opened, Rc::new(state.opened.topology.clone())))
        })
    };
    let on_link_input = {
        let link = link.clone();
        Callback::from(move |e: InputEvent| link.set(crate::components::input_value(&e)))
    };
    let on_link = {
        let link = link.clone();
        let from_docs = from_docs.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            from_docs(
                vec![("pasted link".to_string(), (*link).clone())],
                "the pasted link".into(),
            );
        })
    };
    let on_pick = {
        let input = files_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = input.cast::<web_sys::HtmlInputElement>() {
                el.click();
            }
        })
    };
    let on_files = {
        let from_docs = from_docs.clone();
        let error = error.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
            else {
                return;
            };
            let files = browser::file_vec(input.files());
            input.set_value("");
            if files.is_empty() {
                return;
            }
            let label = if files.len() == 1 {
                files[0].name()
            } else {
                format!("{} files", files.len())
            };
            let from_docs = from_docs.clone();
            let error = error.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::read_files(files).await {
                    Ok(docs) => from_docs(docs, label),
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };

    let comparison = state.comparison.clone();
    let current = comparison
        .as_ref()
        .is_some_and(|c| c.is_current(&state.diagram));
    html! {
        <section class="panel-section compare" aria-labelledby="compare-title" data-testid="compare">
            <h2 id="compare-title" class="panel-title">{ "Compare" }</h2>
            <p class="section-sub">
                { "Audit another version and list what got better, worse or changed in this diagram. “As opened” is \
                   the diagram as it was last loaded (an example, a link, a file, New, or the autosave restored when \
                   the page opened), before the edits made since." }
            </p>
            <div class="compare-actions">
                <button type="button" class="btn btn-small" data-testid="compare-opened" onclick={on_opened}
                    disabled={state.auditing}>
                    { "Compare with the diagram as opened" }
                </button>
                <button type="button" class="btn btn-small" data-testid="compare-choose-file" onclick={on_pick}
                    disabled={state.auditing}>
                    { "Compare with a file…" }
                </button>
                <input ref={files_input} type="file" multiple=true accept=".json,application/json,text/plain"
                    hidden=true onchange={on_files} data-testid="compare-files" aria-label="Files to compare with" />
            </div>
            <form class="compare-link" onsubmit={on_link}>
                <label for="compare-link-input">{ "Or a share link" }</label>
                <div class="field-row">
                    <input id="compare-link-input" type="text" spellcheck="false" placeholder="https://…/#v1.…"
                        value={(*link).clone()} oninput={on_link_input} data-testid="compare-link" />
                    <button type="submit" class="btn btn-small compare-go" data-testid="compare-link-go"
                        disabled={state.auditing || link.trim().is_empty()}>{ "Compare" }</button>
                </div>
            </form>
            if let Some(e) = &*error {
                <p class="field-error" role="alert" data-testid="compare-error">{ words::plain(e) }</p>
            }
            if let Some(c) = &comparison {
                <DiffView comparison={Rc::clone(c)} current={current} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DiffProps {
    comparison: Rc<Comparison>,
    current: bool,
}

fn change_mark(v: Verdict) -> (&'static str, &'static str) {
    match v {
        Verdict::Better => ("▲", "better"),
        Verdict::Worse => ("▼", "worse"),
        Verdict::Changed => ("●", "changed"),
    }
}

fn section_name(s: Section) -> &'static str {
    match s {
        Section::Services => "service path",
        Section::Exposure => "exposure",
        Section::Segments => "segment",
    }
}

#[component]
fn DiffView(props: &DiffProps) -> Html {
    let state = use_context::<AppContext>().expect("inside the App context");
    let c = &props.comparison;
    let s = &c.diff.summary;
    // Worse first, then better, then changed (as the CLI's text lists them).
    let mut changes: Vec<usize> = (0..c.diff.changes.len()).collect();
    changes.sort_by_key(|&i| match c.diff.changes[i].change {
        Verdict::Worse => 0,
        Verdict::Better => 1,
        Verdict::Changed => 2,
    });
    let delta = if s.usd_per_month_delta > 0.0 {
        format!("+{}", money(s.usd_per_month_delta))
    } else {
        money(s.usd_per_month_delta)
    };
    html! {
        <div class="diff" data-testid="diff">
            <p class="diff-summary" data-testid="diff-summary" data-better={s.better.to_string()}
                data-worse={s.worse.to_string()} data-changed={s.changed.to_string()}>
                { format!("Against {}: {} better, {} worse, {} changed; service paths {} a month.",
                    c.against.describe(), s.better, s.worse, s.changed, delta) }
            </p>
            if !props.current {
                <p class="fine-print" data-testid="diff-stale">{ "The diagram changed since this comparison: compare again to update it." }</p>
            }
            if c.diff.changes.is_empty() {
                <p class="empty-body">{ "No difference in service paths, exposure or segments." }</p>
            }
            <ul class="diff-changes">
                for i in changes {
                    { {
                        let ch = &c.diff.changes[i];
                        let (mark, word) = change_mark(ch.change);
                        let witness = ch.witness(&c.options);
                        html! {
                            <li key={i} class={classes!("diff-change", format!("is-{word}"))} data-testid="diff-change"
                                data-change={word} data-section={vpclab_core::audit::render::section_word(ch.section)}>
                                <button type="button" class="diff-show" disabled={witness.is_none()}
                                    title={if witness.is_some() { "Draw this path on the diagram" } else { "No flow connects here" }}
                                    onclick={show(&state, witness, &c.options)}>
                                    <span class="diff-mark" aria-hidden="true">{ mark }</span>
                                    <span class="diff-word">{ word }</span>
                                    <span class="diff-section">{ section_name(ch.section) }</span>
                                </button>
                                <p class="diff-why">{ words::plain(&ch.why) }</p>
                            </li>
                        }
                    } }
                }
            </ul>
        </div>
    }
}
