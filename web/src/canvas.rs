//! Pointer gestures on the diagram as plain data: what a press starts, how a move updates it and what a release
//! commits. The component (`components/diagram.rs`) feeds it SVG-space points; this module decides. Tested natively.

use vpclab_core::diagram::Point;

use crate::view::ViewBox;

/// A pointer must travel this far (diagram units, scaled by the zoom) before a press on an object becomes a drag.
pub const DRAG_THRESHOLD_PX: f64 = 4.0;

/// One zoom step of the buttons and the keyboard.
pub const ZOOM_STEP: f64 = 1.25;

/// Two fingers on the canvas: how the view changes when they move from `before` to `after` (client pixels),
/// given the SVG's screen matrix `(a, d, e, f)`: zoom by the change of their distance around their midpoint, and
/// pan by the midpoint's move.
pub fn pinched(
    view: ViewBox,
    before: [(f64, f64); 2],
    after: [(f64, f64); 2],
    ctm: (f64, f64, f64, f64),
) -> ViewBox {
    let dist = |p: [(f64, f64); 2]| (p[0].0 - p[1].0).hypot(p[0].1 - p[1].1);
    let mid = |p: [(f64, f64); 2]| ((p[0].0 + p[1].0) / 2.0, (p[0].1 + p[1].1) / 2.0);
    let (d0, d1) = (dist(before), dist(after));
    if d0 < 1.0 || d1 < 1.0 || ctm.0 == 0.0 || ctm.1 == 0.0 {
        return view;
    }
    let (m0, m1) = (mid(before), mid(after));
    let at = client_to_svg(m0, ctm);
    let zoomed = view.zoomed_at(d1 / d0, at.x, at.y);
    // The midpoint's move, in diagram units of the zoomed view (the matrix scales with the zoom).
    let scale = zoomed.width / view.width / ctm.0;
    zoomed.panned(
        -(m1.0 - m0.0) * scale,
        -(m1.1 - m0.1) * scale * ctm.0 / ctm.1,
    )
}

/// A gesture in progress.
#[derive(Clone, Debug, PartialEq)]
pub enum Gesture {
    /// Panning: the view when it started and where the pointer went down (client pixels).
    Pan {
        start_client: (f64, f64),
        start_view: ViewBox,
        /// Diagram units per client pixel when it started.
        scale: f64,
    },
    /// Moving objects: their ids and positions when it started, and where the pointer went down (diagram units).
    Move {
        ids: Vec<String>,
        origins: Vec<Point>,
        start: Point,
        /// Whether the pointer has moved past the threshold (else a release is a click).
        dragging: bool,
    },
}

impl Gesture {
    /// The view while panning to `client`.
    pub fn panned_view(&self, client: (f64, f64)) -> Option<ViewBox> {
        match self {
            Gesture::Pan {
                start_client,
                start_view,
                scale,
            } => Some(start_view.panned(
                (start_client.0 - client.0) * scale,
                (start_client.1 - client.1) * scale,
            )),
            Gesture::Move { .. } => None,
        }
    }

    /// Updates a move with the pointer at `at` (diagram units); `threshold` in diagram units. Returns the offset
    /// to draw the moved objects at, once dragging.
    pub fn moved(&mut self, at: Point, threshold: f64) -> Option<(f64, f64)> {
        match self {
            Gesture::Move {
                start, dragging, ..
            } => {
                let (dx, dy) = (at.x - start.x, at.y - start.y);
                if !*dragging && dx.hypot(dy) >= threshold {
                    *dragging = true;
                }
                dragging.then_some((dx, dy))
            }
            Gesture::Pan { .. } => None,
        }
    }

    /// The target positions of the moved objects for an offset.
    pub fn targets(&self, offset: (f64, f64)) -> Vec<(String, Point)> {
        match self {
            Gesture::Move { ids, origins, .. } => ids
                .iter()
                .zip(origins)
                .map(|(id, p)| (id.clone(), Point::new(p.x + offset.0, p.y + offset.1)))
                .collect(),
            Gesture::Pan { .. } => Vec::new(),
        }
    }
}

/// The zoom factor for a wheel event's `deltaY` (pixels; positive zooms out). Smooth for trackpads, one step per
/// notch for mouse wheels.
pub fn wheel_factor(delta_y: f64, delta_mode: u32) -> f64 {
    let pixels = match delta_mode {
        1 => delta_y * 16.0,  // lines
        2 => delta_y * 400.0, // pages
        _ => delta_y,
    };
    (-pixels.clamp(-300.0, 300.0) / 300.0 * ZOOM_STEP.ln()).exp()
}

/// Client pixels → diagram units with an axis-aligned screen matrix `(a, d, e, f)` (`getScreenCTM()`).
pub fn client_to_svg(client: (f64, f64), ctm: (f64, f64, f64, f64)) -> Point {
    let (a, d, e, f) = ctm;
    if a == 0.0 || d == 0.0 {
        return Point::new(client.0, client.1);
    }
    Point::new((client.0 - e) / a, (client.1 - f) / d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_fingers_apart_zoom_in_around_their_midpoint() {
        let v = ViewBox::default(); // 1200 × 800 on a 1200 px canvas: ctm (1, 1, 0, 0)
        let ctm = (1.0, 1.0, 0.0, 0.0);
        let z = pinched(
            v,
            [(500.0, 400.0), (700.0, 400.0)],
            [(400.0, 400.0), (800.0, 400.0)],
            ctm,
        );
        assert!((z.width - 600.0).abs() < 1e-9, "{z:?}");
        let (cx, cy) = (
            z.x + 600.0 / 1200.0 * z.width,
            z.y + 400.0 / 800.0 * z.height,
        );
        assert!(
            (cx - 600.0).abs() < 1e-9 && (cy - 400.0).abs() < 1e-9,
            "the midpoint stays put"
        );
        // Moving both fingers pans.
        let p = pinched(
            v,
            [(500.0, 400.0), (700.0, 400.0)],
            [(550.0, 400.0), (750.0, 400.0)],
            ctm,
        );
        assert_eq!((p.x, p.width), (-50.0, 1200.0));
    }

    #[test]
    fn pan_follows_the_pointer() {
        let g = Gesture::Pan {
            start_client: (100.0, 100.0),
            start_view: ViewBox::default(),
            scale: 2.0,
        };
        let v = g.panned_view((110.0, 90.0)).unwrap();
        assert_eq!((v.x, v.y), (-20.0, 20.0));
    }

    #[test]
    fn a_move_starts_after_the_threshold() {
        let mut g = Gesture::Move {
            ids: vec!["i-a".into(), "i-b".into()],
            origins: vec![Point::new(10.0, 10.0), Point::new(50.0, 0.0)],
            start: Point::new(0.0, 0.0),
            dragging: false,
        };
        assert_eq!(
            g.moved(Point::new(1.0, 1.0), 4.0),
            None,
            "a small wobble is a click"
        );
        assert_eq!(g.moved(Point::new(10.0, 0.0), 4.0), Some((10.0, 0.0)));
        assert_eq!(
            g.moved(Point::new(1.0, 0.0), 4.0),
            Some((1.0, 0.0)),
            "stays a drag"
        );
        assert_eq!(
            g.targets((5.0, -5.0)),
            vec![
                ("i-a".to_string(), Point::new(15.0, 5.0)),
                ("i-b".to_string(), Point::new(55.0, -5.0))
            ]
        );
    }

    #[test]
    fn wheel_zooms_in_for_negative_deltas() {
        assert!(wheel_factor(-100.0, 0) > 1.0);
        assert!(wheel_factor(100.0, 0) < 1.0);
        assert!((wheel_factor(-300.0, 0) - ZOOM_STEP).abs() < 1e-9);
        assert!((wheel_factor(-3.0, 1) * wheel_factor(3.0, 1) - 1.0).abs() < 1e-9);
        assert!(wheel_factor(-1e9, 0) <= ZOOM_STEP + 1e-9, "clamped");
    }

    #[test]
    fn client_points_map_through_the_matrix() {
        let p = client_to_svg((300.0, 150.0), (0.5, 0.5, 100.0, 50.0));
        assert_eq!(p, Point::new(400.0, 200.0));
        assert_eq!(
            client_to_svg((1.0, 2.0), (0.0, 1.0, 0.0, 0.0)),
            Point::new(1.0, 2.0)
        );
    }
}
