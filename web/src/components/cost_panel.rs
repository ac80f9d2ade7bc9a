//! The Cost tab: the monthly total (`data-testid="cost-total"`), each flow's items, the fixed monthly costs, and
//! the cheaper designs the core found for the selected flow, each with a button that applies it (undoable).
//! Items resting on unconfirmed prices are marked. Every amount comes from `vpclab_core::cost`.

use std::rc::Rc;

use yew::prelude::*;

use vpclab_core::cost::{Alternative, CostItem};

use crate::analysis::{self, money, money_exact, quantity};
use crate::app::AnalysisContext;
use crate::flows;
use crate::state::{Action, AppContext};

/// The Cost tab's content.
#[component]
pub fn CostPanel() -> Html {
    let state = use_context::<AppContext>().expect("CostPanel must be inside the App context");
    let analysis =
        use_context::<AnalysisContext>().expect("CostPanel must be inside the App context");
    let diagram = &state.diagram;
    let selected = diagram.selected_flow.filter(|i| *i < diagram.flows.len());

    html! {
        <div class="cost-panel">
            <section class="panel-section total-card" aria-labelledby="cost-total-title">
                <h2 id="cost-total-title" class="panel-title">{ "Estimated monthly cost" }</h2>
                <p class="total" data-testid="cost-total" data-usd={format!("{:.2}", analysis.total_usd)}>
                    { money(analysis.total_usd) }
                </p>
                <dl class="total-split">
                    <div><dt>{ "Flows" }</dt><dd data-testid="cost-flows">{ money(analysis.flows_usd) }</dd></div>
                    <div><dt>{ "Fixed" }</dt><dd data-testid="cost-fixed">{ money(analysis.fixed_usd) }</dd></div>
                </dl>
                <p class="fine-print">
                    { format!("USD, price table {}.", analysis.price_version) }
                    if analysis.unconfirmed_items > 0 {
                        { " " }
                        <span class="unconfirmed-mark" aria-hidden="true">{ "*" }</span>
                        { format!(" {} item{} rest on unconfirmed prices.", analysis.unconfirmed_items,
                            if analysis.unconfirmed_items == 1 { "" } else { "s" }) }
                    }
                </p>
            </section>

            if let Some(i) = selected {
                <Alternatives key={i} index={i} />
            }

            <section class="panel-section" aria-labelledby="cost-flows-title">
                <h2 id="cost-flows-title" class="panel-title">{ "Per flow" }</h2>
                if diagram.flows.is_empty() {
                    <p class="empty-body">{ "No flows: add one in the Path tab to price its traffic." }</p>
                }
                <ul class="cost-flows">
                    for (i, (flow, result)) in diagram.flows.iter().zip(analysis.flows.iter()).enumerate() {
                        <li key={i} class={classes!("cost-flow", (selected == Some(i)).then_some("is-selected"))}
                            data-testid="cost-flow">
                            <details open={selected == Some(i)}>
                                <summary>
                                    <span class="cost-flow-title">{ flows::title(flow) }</span>
                                    <span class="cost-flow-gb">{ format!("{} GB", quantity(result.gb_per_month)) }</span>
                                    <span class="amount">{ money(result.usd()) }</span>
                                </summary>
                                if let Some(cost) = &result.cost {
                                    if cost.items.is_empty() {
                                        <p class="empty-body">{ "Nothing billed on this path." }</p>
                                    } else {
                                        <Items items={Rc::new(cost.items.clone())} />
                                    }
                                    for note in &cost.notes {
                                        <p class="fine-print">{ note }</p>
                                    }
                                } else {
                                    <p class="empty-body">{ "This flow cannot be traced, so it is not priced." }</p>
                                }
                            </details>
                        </li>
                    }
                </ul>
            </section>

            <section class="panel-section" aria-labelledby="cost-fixed-title">
                <h2 id="cost-fixed-title" class="panel-title">{ "Fixed monthly costs" }</h2>
                if analysis.fixed.is_empty() {
                    <p class="empty-body">{ "No hourly resources (NAT gateways, interface endpoints, public IPv4 …)." }</p>
                } else {
                    <Items items={Rc::new(analysis.fixed.clone())} />
                }
            </section>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ItemsProps {
    items: Rc<Vec<CostItem>>,
}

/// A table of cost items.
#[component]
fn Items(props: &ItemsProps) -> Html {
    html! {
        <table class="items">
            <thead>
                <tr>
                    <th scope="col">{ "Item" }</th>
                    <th scope="col" class="num">{ "Amount" }</th>
                </tr>
            </thead>
            <tbody>
                for (i, item) in props.items.iter().enumerate() {
                    <tr key={i} data-testid="cost-item" data-confirmed={item.confirmed.to_string()}>
                        <td>
                            <span class="item-what">{ &item.what }</span>
                            <span class="item-calc">
                                { format!("{} {} × ${} · {}", quantity(item.quantity), item.unit.label(),
                                    trim_price(item.unit_price), item.region) }
                            </span>
                            if !item.confirmed {
                                <span class="unconfirmed" title={item.note.clone().unwrap_or_else(||
                                    "This price could not be confirmed from an official source.".into())}>
                                    { "* unconfirmed price" }
                                </span>
                            }
                        </td>
                        <td class="num">{ money_exact(item.usd) }</td>
                    </tr>
                }
            </tbody>
        </table>
    }
}

fn trim_price(p: f64) -> String {
    let s = format!("{p:.4}");
    let t = s.trim_end_matches('0');
    if t.ends_with('.') {
        format!("{t}00")
    } else if t.split_once('.').is_some_and(|(_, d)| d.len() < 2) {
        format!("{t}0")
    } else {
        t.to_string()
    }
}

#[derive(Properties, PartialEq)]
struct AlternativesProps {
    index: usize,
}

/// Cheaper designs for the selected flow, computed by the core (it re-traces each candidate) once per model
/// revision and flow.
#[component]
fn Alternatives(props: &AlternativesProps) -> Html {
    let state = use_context::<AppContext>().expect("Alternatives must be inside the App context");
    let analysis =
        use_context::<AnalysisContext>().expect("Alternatives must be inside the App context");
    let index = props.index;
    let list = {
        let diagram = Rc::clone(&state.diagram);
        let analysis = analysis.clone();
        use_memo((state.model_revision, index), move |_| {
            analysis::alternatives(&diagram, &analysis, index)
        })
    };
    let title = state
        .diagram
        .flows
        .get(index)
        .map(flows::title)
        .unwrap_or_default();
    let apply = |alt: &Alternative| {
        let state = state.clone();
        let topology = Rc::new(alt.change.apply(&state.diagram.topology));
        let flow = alt.change.flow.clone();
        let title = alt.title.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(Action::ApplyAlternative {
                topology: Rc::clone(&topology),
                flow_index: index,
                flow: flow.clone(),
                title: title.clone(),
            })
        })
    };
    html! {
        <section class="panel-section" aria-labelledby="alternatives-title">
            <h2 id="alternatives-title" class="panel-title">{ "Cheaper designs" }</h2>
            <p class="section-sub">{ format!("For “{title}”, re-traced by the engine.") }</p>
            if list.is_empty() {
                <p class="empty-body" data-testid="no-alternatives">
                    { "No change the engine knows makes this flow cheaper while keeping it working." }
                </p>
            }
            <ul class="alternatives">
                for (i, alt) in list.iter().enumerate() {
                    <li key={i} class="alternative" data-testid="alternative">
                        <div class="alternative-head">
                            <p class="alternative-title">{ &alt.title }</p>
                            <p class="saving">
                                <span class="saving-amount">{ format!("−{}", money(alt.monthly_saving)) }</span>
                                <span class="saving-unit">{ " / month" }</span>
                            </p>
                        </div>
                        <p class="alternative-desc">{ &alt.change.description }</p>
                        <dl class="alternative-facts">
                            <div><dt>{ "Flow now" }</dt><dd>{ money(alt.usd_per_month_before) }</dd></div>
                            <div><dt>{ "After" }</dt><dd>{ money(alt.usd_per_month_after) }</dd></div>
                            <div><dt>{ "Fixed Δ" }</dt><dd>{ signed_money(alt.fixed_usd_per_month_delta) }</dd></div>
                            <div><dt>{ "Break-even" }</dt><dd>{ break_even(alt.break_even_gb) }</dd></div>
                        </dl>
                        if !alt.change.steps.is_empty() {
                            <details class="alternative-steps">
                                <summary>{ format!("{} change{}", alt.change.steps.len(),
                                    if alt.change.steps.len() == 1 { "" } else { "s" }) }</summary>
                                <ol>
                                    for step in &alt.change.steps {
                                        <li>{ step }</li>
                                    }
                                </ol>
                            </details>
                        }
                        <button type="button" class="btn btn-primary btn-small" data-testid="apply-alternative"
                            onclick={apply(alt)}>
                            { "Apply to the diagram" }
                        </button>
                    </li>
                }
            </ul>
        </section>
    }
}

fn signed_money(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", money(x))
    } else {
        money(x)
    }
}

fn break_even(gb: Option<f64>) -> String {
    match gb {
        Some(0.0) => "saves at any volume".into(),
        Some(g) => format!("from {} GB/month", quantity(g)),
        None => "—".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_and_break_even_text() {
        assert_eq!(trim_price(0.045), "0.045");
        assert_eq!(trim_price(0.01), "0.01");
        assert_eq!(trim_price(2.0), "2.00");
        assert_eq!(trim_price(0.1), "0.10");
        assert_eq!(break_even(Some(0.0)), "saves at any volume");
        assert_eq!(break_even(Some(1500.0)), "from 1,500 GB/month");
        assert_eq!(break_even(None), "—");
        assert_eq!(signed_money(7.3), "+$7.30");
        assert_eq!(signed_money(-1.0), "−$1.00");
    }
}
