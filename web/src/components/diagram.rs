//! The diagram area: an SVG canvas on a grid. Later features draw VPCs, subnets and endpoints into its layers.

use yew::prelude::*;

use crate::view::ViewBox;

/// Spacing of the fine grid lines, in SVG user units.
pub const GRID_MINOR: u32 = 20;
/// Spacing of the strong grid lines, in SVG user units (a multiple of [`GRID_MINOR`]).
pub const GRID_MAJOR: u32 = 100;

/// How far the grid extends beyond the view box, in SVG user units (the grid pattern is anchored at the user-space origin, so it stays aligned).
pub const GRID_BLEED: f64 = 5000.0;

/// The SVG canvas with its grid, layers and empty-state hint.
#[component]
pub fn Diagram() -> Html {
    let view = ViewBox::default();
    // The SVG keeps its aspect ratio, so a wide or tall canvas shows more than the view box: the grid bleeds
    // well past it so that no edge is ever visible.
    let grid = view.expanded(GRID_BLEED);
    let (cx, cy) = view.center();
    let minor = GRID_MINOR.to_string();
    let major = GRID_MAJOR.to_string();

    html! {
        <section class="canvas" aria-label="Diagram">
            <svg
                class="diagram"
                viewBox={view.attr()}
                preserveAspectRatio="xMidYMid meet"
                role="img"
                aria-labelledby="diagram-title"
            >
                <title id="diagram-title">{ "VPC diagram" }</title>
                <defs>
                    <pattern id="grid-minor" width={minor.clone()} height={minor.clone()} patternUnits="userSpaceOnUse">
                        <path d={format!("M {minor} 0 L 0 0 0 {minor}")} class="grid-line-minor" />
                    </pattern>
                    <pattern id="grid-major" width={major.clone()} height={major.clone()} patternUnits="userSpaceOnUse">
                        <rect width={major.clone()} height={major.clone()} fill="url(#grid-minor)" />
                        <path d={format!("M {major} 0 L 0 0 0 {major}")} class="grid-line-major" />
                    </pattern>
                </defs>
                <rect
                    class="grid"
                    x={grid.x.to_string()}
                    y={grid.y.to_string()}
                    width={grid.width.to_string()}
                    height={grid.height.to_string()}
                    fill="url(#grid-major)"
                />
                <g class="layer-edges" />
                <g class="layer-nodes" />
                <g class="empty-hint">
                    <text x={cx.to_string()} y={(cy - 10.0).to_string()} text-anchor="middle" class="empty-title">
                        { "Empty topology" }
                    </text>
                    <text x={cx.to_string()} y={(cy + 18.0).to_string()} text-anchor="middle" class="empty-body">
                        { "VPCs, subnets, gateways and endpoints are drawn on this grid." }
                    </text>
                </g>
            </svg>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_lines_stay_aligned() {
        assert_eq!(GRID_MAJOR % GRID_MINOR, 0);
    }
}
