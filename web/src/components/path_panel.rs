//! The Path tab: the diagram's flows (select, add, edit, delete) and the selected flow's trace — the verdict, every
//! hop with its AWS id, each explanation code with its meaning, and the advisories.
//!
//! Test hooks (stable): `data-testid="flow-verdict"` with `data-verdict="reachable|unreachable"` and
//! `data-network="private|public"` (absent when unreachable); `data-testid="hop"` with `data-id="<AWS id>"` per hop.
//! A flow that cannot be traced at all (it names nothing) shows `data-testid="flow-error"` instead of a verdict.

use yew::prelude::*;

use vpclab_core::codes;
use vpclab_core::diagram::Flow;
use vpclab_core::{Network, Trace};

use crate::analysis::{money, FlowResult};
use crate::app::AnalysisContext;
use crate::components::icons::Icon;
use crate::flows;
use crate::state::{Action, AppContext, Mode, Side};

/// The Path tab's content.
#[component]
pub fn PathPanel() -> Html {
    let state = use_context::<AppContext>().expect("PathPanel must be inside the App context");
    let analysis =
        use_context::<AnalysisContext>().expect("PathPanel must be inside the App context");
    let diagram = &state.diagram;
    let selected = diagram.selected_flow.filter(|i| *i < diagram.flows.len());

    let add = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let flow = flows::new_flow(&state.diagram.topology);
            state.dispatch(Action::AddFlow(flow));
        })
    };

    html! {
        <div class="path-panel">
            <section class="panel-section" aria-labelledby="flows-title">
                <div class="section-head">
                    <h2 id="flows-title" class="panel-title">{ "Flows" }</h2>
                    <button type="button" class="btn btn-small" data-testid="add-flow" onclick={add}>
                        { "+ Add flow" }
                    </button>
                </div>
                if diagram.flows.is_empty() {
                    <p class="empty-body">
                        { "No flows yet. Add one to ask: can this source reach that destination, over which network, \
                           and at what cost?" }
                    </p>
                } else {
                    <ul class="flow-list" data-testid="flow-list">
                        for (i, flow) in diagram.flows.iter().enumerate() {
                            <FlowRow
                                key={i}
                                index={i}
                                title={flows::title(flow)}
                                detail={flows::protocol_port(&flow.spec)}
                                selected={selected == Some(i)}
                                badge={badge(analysis.flows.get(i))}
                            />
                        }
                    </ul>
                }
            </section>
            if let Some(i) = selected {
                if let Some(result) = analysis.flows.get(i) {
                    <TraceView result={result.clone()} part={Part::Verdict}
                        prompt={crate::words::missing_end(&diagram.flows[i].spec)} />
                }
                <FlowEditor key={i} index={i} flow={diagram.flows[i].clone()} />
                if analysis.flows.get(i).and_then(|r| r.reachable()) == Some(false) {
                    <FixIt key={format!("fix-{i}-{}", state.model_revision)} index={i} />
                }
                if let Some(result) = analysis.flows.get(i) {
                    <TraceView result={result.clone()} part={Part::Details} prompt={None::<&'static str>} />
                }
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct FixItProps {
    index: usize,
}

/// "Fix it": the one edit the core proves makes the blocked flow reachable (`edit::fix`), applied as an
/// undoable edit. Shows nothing when no single edit does it.
#[component]
fn FixIt(props: &FixItProps) -> Html {
    let state = use_context::<AppContext>().expect("FixIt must be inside the App context");
    let index = props.index;
    let fix = use_memo((state.model_revision, index), {
        let d = std::rc::Rc::clone(&state.diagram);
        move |(_, i)| vpclab_core::edit::fix(&d, *i)
    });
    let Some(fix) = (*fix).clone() else {
        return Html::default();
    };
    let apply = {
        let state = state.clone();
        let edit = fix.edit.clone();
        let title = fix.title.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::Edit(edit.clone()));
            state.dispatch(Action::Notify(crate::state::Notice::info(format!(
                "Fixed: {title}. Undo reverts it."
            ))));
        })
    };
    let network = match fix.after.network {
        Some(Network::Public) => format!(
            "over a public path ({})",
            vpclab_core::codes::network::public_label(&fix.after)
        ),
        _ => "over the private network".to_string(),
    };
    html! {
        <section class="panel-section fix-it" aria-labelledby="fix-title" data-testid="fix-it">
            <h2 id="fix-title" class="panel-title">{ "Fix it" }</h2>
            <p class="fix-text">{ format!("{}: the flow then reaches its destination {network} (traced again to check).", crate::words::plain(&fix.title)) }</p>
            <button type="button" class="btn btn-primary btn-small" onclick={apply} data-testid="fix-apply">
                { "Fix it" }
            </button>
        </section>
    }
}

/// The short verdict shown in the flow list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Badge {
    Private,
    /// A public path, with the core's words for it ("public endpoint" for an AWS service, PUB-01; "internet").
    Public(&'static str),
    Blocked,
    Invalid,
}

impl Badge {
    fn label(self) -> &'static str {
        use vpclab_core::codes::network as words;
        match self {
            Badge::Private => words::LABEL_PRIVATE,
            Badge::Public(label) => label,
            Badge::Blocked => words::LABEL_BLOCKED,
            Badge::Invalid => "incomplete",
        }
    }

    /// The style class (every public path is styled alike).
    fn class(self) -> &'static str {
        match self {
            Badge::Private => "badge-private",
            Badge::Public(_) => "badge-internet",
            Badge::Blocked => "badge-blocked",
            Badge::Invalid => "badge-incomplete",
        }
    }
}

fn badge(result: Option<&FlowResult>) -> Badge {
    match result.map(|r| (r.reachable(), r.network(), r.trace())) {
        Some((Some(true), Some(Network::Public), t)) => {
            Badge::Public(t.map_or(vpclab_core::codes::network::LABEL_INTERNET, |t| {
                vpclab_core::codes::network::public_label(t)
            }))
        }
        Some((Some(true), _, _)) => Badge::Private,
        Some((Some(false), _, _)) => Badge::Blocked,
        _ => Badge::Invalid,
    }
}

#[derive(Properties, PartialEq)]
struct FlowRowProps {
    index: usize,
    title: AttrValue,
    detail: AttrValue,
    selected: bool,
    badge: Badge,
}

#[component]
fn FlowRow(props: &FlowRowProps) -> Html {
    let state = use_context::<AppContext>().expect("FlowRow must be inside the App context");
    let index = props.index;
    let select = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SelectFlow(index)))
    };
    html! {
        <li class={classes!("flow-row", props.selected.then_some("is-selected"))}>
            <button type="button" class="flow-select" onclick={select} data-testid="flow"
                aria-current={props.selected.then_some("true")}>
                <span class={classes!("badge", props.badge.class())}>
                    { props.badge.label() }
                </span>
                <span class="flow-title">{ props.title.clone() }</span>
                <span class="flow-detail">{ props.detail.clone() }</span>
            </button>
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct FlowEditorProps {
    index: usize,
    flow: Flow,
}

/// The selected flow's fields. Each change is one undoable edit (committed on `change`, not per keystroke).
#[component]
fn FlowEditor(props: &FlowEditorProps) -> Html {
    let state = use_context::<AppContext>().expect("FlowEditor must be inside the App context");
    let port_error = use_state(|| None::<String>);
    let gb_error = use_state(|| None::<String>);
    let sources = use_memo(state.model_revision, {
        let t = state.diagram.clone();
        move |_| flows::sources(&t.topology)
    });
    let destinations = use_memo(state.model_revision, {
        let t = state.diagram.clone();
        move |_| flows::destinations(&t.topology)
    });
    let index = props.index;
    let flow = props.flow.clone();

    // Builds an `onchange` that edits a copy of the flow with `f(flow, value)`.
    let field = |f: fn(&mut Flow, String) -> Result<(), String>,
                 error: Option<UseStateHandle<Option<String>>>| {
        let state = state.clone();
        let flow = flow.clone();
        Callback::from(move |e: Event| {
            let value = input_value(&e);
            let mut next = flow.clone();
            match f(&mut next, value) {
                Ok(()) => {
                    if let Some(err) = &error {
                        err.set(None);
                    }
                    state.dispatch(Action::UpdateFlow(index, next));
                }
                Err(message) => {
                    if let Some(err) = &error {
                        err.set(Some(message));
                    }
                }
            }
        })
    };
    let on_label = field(
        |f, v| {
            let v = v.trim().to_string();
            f.label = (!v.is_empty()).then_some(v);
            Ok(())
        },
        None,
    );
    let on_from = field(
        |f, v| {
            f.spec.from = v.trim().to_string();
            Ok(())
        },
        None,
    );
    let on_to = field(
        |f, v| {
            f.spec.to = v.trim().to_string();
            Ok(())
        },
        None,
    );
    let on_protocol = field(
        |f, v| {
            f.spec.protocol = (v != "tcp").then_some(v);
            Ok(())
        },
        None,
    );
    let on_port = field(
        |f, v| {
            f.spec.port = flows::parse_port(&v)?;
            Ok(())
        },
        Some(port_error.clone()),
    );
    let on_gb = field(
        |f, v| {
            f.spec.gb_per_month = flows::parse_gb(&v)?;
            Ok(())
        },
        Some(gb_error.clone()),
    );
    let remove = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::RemoveFlow(index)))
    };
    let pick = |end: Side| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let mode = if state.mode == Mode::Pick(end) {
                Mode::Select
            } else {
                Mode::Pick(end)
            };
            state.dispatch(Action::SetMode(mode));
        })
    };
    let picking = |end: Side| state.mode == Mode::Pick(end);
    let protocol = flow
        .spec
        .protocol
        .clone()
        .unwrap_or_else(|| "tcp".into())
        .to_ascii_lowercase();

    html! {
        <section class="panel-section flow-editor" aria-labelledby="flow-editor-title" data-testid="flow-editor">
            <div class="section-head">
                <h2 id="flow-editor-title" class="panel-title">{ "Selected flow" }</h2>
                <button type="button" class="btn btn-small btn-danger" data-testid="delete-flow" onclick={remove}>
                    { "Delete flow" }
                </button>
            </div>
            <div class="field">
                <label for="flow-label">{ "Label" }</label>
                <input id="flow-label" type="text" data-testid="flow-label" placeholder="e.g. app → S3"
                    value={flow.label.clone().unwrap_or_default()} onchange={on_label} />
            </div>
            <div class="field">
                <label for="flow-from">{ "Source" }</label>
                <div class="field-row">
                    <input id="flow-from" type="text" list="flow-sources" data-testid="flow-from" spellcheck="false"
                        placeholder="i-…, eni-…, 10.0.1.5, internet, onprem:192.168.1.5"
                        value={flow.spec.from.clone()} onchange={on_from} aria-describedby="flow-from-hint" />
                    <button type="button" class={classes!("btn", "btn-small", picking(Side::Source).then_some("is-active"))}
                        aria-pressed={picking(Side::Source).to_string()} onclick={pick(Side::Source)}
                        data-testid="pick-from" title="Pick the source on the diagram">
                        <Icon kind="target" /><span class="visually-hidden">{ "Pick the source on the diagram" }</span>
                    </button>
                </div>
                <p id="flow-from-hint" class="field-hint">{ "An instance or interface id, a private IP, internet or onprem:IP." }</p>
                <Datalist id="flow-sources" choices={sources} />
            </div>
            <div class="field">
                <label for="flow-to">{ "Destination" }</label>
                <div class="field-row">
                    <input id="flow-to" type="text" list="flow-destinations" data-testid="flow-to" spellcheck="false"
                        placeholder="an id, an IP or a DNS name" value={flow.spec.to.clone()} onchange={on_to}
                        aria-describedby="flow-to-hint" />
                    <button type="button" class={classes!("btn", "btn-small", picking(Side::Destination).then_some("is-active"))}
                        aria-pressed={picking(Side::Destination).to_string()} onclick={pick(Side::Destination)}
                        data-testid="pick-to" title="Pick the destination on the diagram">
                        <Icon kind="target" /><span class="visually-hidden">{ "Pick the destination on the diagram" }</span>
                    </button>
                </div>
                <p id="flow-to-hint" class="field-hint">{ "An id, an IP address or a DNS name such as s3.us-east-1.amazonaws.com." }</p>
                <Datalist id="flow-destinations" choices={destinations} />
            </div>
            <div class="field-grid">
                <div class="field">
                    <label for="flow-protocol">{ "Protocol" }</label>
                    <select id="flow-protocol" data-testid="flow-protocol" onchange={on_protocol}>
                        for p in ["tcp", "udp", "icmp"] {
                            <option key={p} value={p} selected={protocol == p}>{ p.to_ascii_uppercase() }</option>
                        }
                        if !["tcp", "udp", "icmp"].contains(&protocol.as_str()) {
                            <option value={protocol.clone()} selected=true>{ protocol.clone() }</option>
                        }
                    </select>
                </div>
                <div class="field">
                    <label for="flow-port">{ "Port" }</label>
                    <input id="flow-port" type="text" inputmode="numeric" data-testid="flow-port"
                        value={flow.spec.port.map(|p| p.to_string()).unwrap_or_default()} onchange={on_port}
                        aria-invalid={port_error.is_some().then_some("true")}
                        aria-describedby={port_error.is_some().then_some("flow-port-error")} />
                </div>
                <div class="field">
                    <label for="flow-gb">{ "GB / month" }</label>
                    <input id="flow-gb" type="text" inputmode="decimal" data-testid="flow-gb"
                        value={flows::gb_text(flow.spec.gb_per_month)} onchange={on_gb}
                        aria-invalid={gb_error.is_some().then_some("true")}
                        aria-describedby={gb_error.is_some().then_some("flow-gb-error")} />
                </div>
            </div>
            if let Some(message) = &*port_error {
                <p id="flow-port-error" class="field-error" role="alert">{ message.clone() }</p>
            }
            if let Some(message) = &*gb_error {
                <p id="flow-gb-error" class="field-error" role="alert">{ message.clone() }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DatalistProps {
    id: AttrValue,
    choices: std::rc::Rc<Vec<flows::Suggestion>>,
}

#[component]
fn Datalist(props: &DatalistProps) -> Html {
    html! {
        <datalist id={props.id.clone()}>
            for c in props.choices.iter() {
                <option key={c.value.clone()} value={c.value.clone()} label={c.label.clone()} />
            }
        </datalist>
    }
}

/// The current value of the input, select or textarea an event came from.
pub fn input_value(e: &Event) -> String {
    use wasm_bindgen::JsCast;
    let Some(target) = e.target() else {
        return String::new();
    };
    if let Some(i) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        i.value()
    } else if let Some(s) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.value()
    } else if let Some(t) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.value()
    } else {
        String::new()
    }
}

/// Which part of a trace a [`TraceView`] shows: the verdict sits above the flow's fields, the rest below them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Verdict,
    Details,
}

#[derive(Properties, PartialEq)]
struct TraceViewProps {
    result: FlowResult,
    part: Part,
    /// What a new flow still needs (shown, neutral, instead of an error).
    prompt: Option<&'static str>,
}

/// Verdict, hops, explanations and advisories of one flow.
#[component]
fn TraceView(props: &TraceViewProps) -> Html {
    let trace = match &props.result.outcome {
        Ok(t) => t,
        Err(_) if props.part == Part::Details => return Html::default(),
        Err(_) if props.prompt.is_some() => {
            return html! {
                <section class="panel-section">
                    <div class="verdict verdict-prompt" data-testid="flow-prompt" role="status">
                        <span class="verdict-mark" aria-hidden="true">{ "→" }</span>
                        <p class="verdict-title">{ props.prompt.unwrap_or_default() }</p>
                    </div>
                </section>
            };
        }
        Err(e) => {
            return html! {
                <section class="panel-section">
                    <div class="verdict verdict-error" data-testid="flow-error" role="status">
                        <span class="verdict-mark" aria-hidden="true">{ "?" }</span>
                        <div>
                            <p class="verdict-title">{ "This flow cannot be traced yet" }</p>
                            <p class="verdict-body">{ crate::words::flow_error(e) }</p>
                        </div>
                    </div>
                </section>
            };
        }
    };
    let state = use_context::<AppContext>().expect("TraceView must be inside the App context");
    // Pointing at a hop rings its object on the diagram.
    let highlight = |id: Option<String>| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Highlight(id.clone())))
    };
    if props.part == Part::Verdict {
        return html! {
            <section class="panel-section" aria-labelledby="verdict-title">
                <h2 id="verdict-title" class="visually-hidden">{ "Verdict" }</h2>
                { verdict(trace, &props.result) }
            </section>
        };
    }
    html! {
        <>
            if !trace.advisories.is_empty() {
                <section class="panel-section" aria-labelledby="advisories-title">
                    <h2 id="advisories-title" class="panel-title">{ "Limits that apply" }</h2>
                    <ul class="advisories">
                        for a in &trace.advisories {
                            <li class="advisory" data-testid="advisory" data-code={a.code.clone()}>
                                <span class="advisory-mark" aria-hidden="true">{ "!" }</span>
                                <div>
                                    <p class="advisory-message" title={a.code.clone()}>{ crate::words::plain(&a.message) }</p>
                                    <details class="code-details">
                                        <summary>{ "Details" }</summary>
                                        if let Some(meaning) = codes::describe(&a.code).filter(|m| *m != a.message) {
                                            <p class="code-meaning">{ crate::words::plain(meaning) }</p>
                                        }
                                        <p class="fine-print">{ "Code: " }<code class="code">{ &a.code }</code></p>
                                    </details>
                                </div>
                            </li>
                        }
                    </ul>
                </section>
            }
            if !trace.explanations.is_empty() {
                <section class="panel-section" aria-labelledby="explanations-title">
                    <h2 id="explanations-title" class="panel-title">{ "Why it is blocked" }</h2>
                    <ul class="explanations">
                        for x in &trace.explanations {
                            <li class="explanation" data-testid="explanation" data-code={x.code.clone()}>
                                <p class="explanation-message" title={x.code.clone()}>{ crate::words::plain(&x.message) }</p>
                                <details class="code-details">
                                    <summary>{ "Details" }</summary>
                                    if let Some(meaning) = codes::describe(&x.code) {
                                        <p class="code-meaning">{ crate::words::plain(meaning) }</p>
                                    }
                                    <p class="fine-print">{ "At " }<span class="mono">{ &x.component }</span>
                                        { " · code " }<code class="code code-block">{ &x.code }</code></p>
                                </details>
                            </li>
                        }
                    </ul>
                </section>
            }
            <section class="panel-section" aria-labelledby="hops-title">
                <h2 id="hops-title" class="panel-title">{ format!("Path · {} hops", trace.hops.len()) }</h2>
                <ol class="hops">
                    for (i, hop) in trace.hops.iter().enumerate() {
                        <li key={i} class={classes!("hop", (!trace.reachable && i + 1 == trace.hops.len()).then_some("hop-stop"))}
                            data-testid="hop" data-id={hop.id.clone()} data-kind={hop.kind.name()}
                            onmouseenter={highlight(Some(hop.id.clone()))} onmouseleave={highlight(None)}
                            onclick={highlight(Some(hop.id.clone()))}>
                            <span class="hop-icon" aria-hidden="true"><Icon kind={hop.kind.name()} /></span>
                            <div class="hop-text">
                                <div class="hop-head">
                                    <span class="hop-kind">{ crate::scene_view::hop_kind_name(hop.kind.name()) }</span>
                                    <span class="mono hop-id">{ &hop.id }</span>
                                </div>
                                <p class="hop-detail">{ crate::words::plain(&hop.detail) }</p>
                            </div>
                        </li>
                    }
                </ol>
            </section>
        </>
    }
}

fn verdict(trace: &Trace, result: &FlowResult) -> Html {
    let (class, mark, title, body) = match (trace.reachable, trace.network) {
        (true, Some(Network::Public)) => (
            "verdict-public",
            "✓",
            "Reachable through an internet gateway",
            vpclab_core::codes::network::explain(trace).unwrap_or_default(),
        ),
        (true, _) => (
            "verdict-private",
            "✓",
            "Reachable over the private network",
            vpclab_core::codes::network::explain(trace).unwrap_or_default(),
        ),
        (false, _) => (
            "verdict-blocked",
            "✕",
            "Unreachable",
            "The flow is blocked; the path below ends where it stops.",
        ),
    };
    let stop = (!trace.reachable)
        .then(|| trace.explanations.first())
        .flatten()
        .map(|x| crate::words::plain(&x.message));
    html! {
        <div class={classes!("verdict", class)} data-testid="flow-verdict" role="status"
            data-verdict={if trace.reachable { "reachable" } else { "unreachable" }}
            data-network={trace.network.filter(|_| trace.reachable).map(|n| match n {
                Network::Private => "private",
                Network::Public => "public",
            })}>
            <span class="verdict-mark" aria-hidden="true">{ mark }</span>
            <div>
                <p class="verdict-title">{ title }</p>
                <p class="verdict-body">{ stop.unwrap_or_else(|| body.to_string()) }</p>
                if trace.reachable {
                    <p class="verdict-cost">
                        { format!("{} a month for {} GB", money(result.usd()), crate::analysis::quantity(result.gb_per_month)) }
                    </p>
                }
            </div>
        </div>
    }
}
