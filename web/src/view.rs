//! Geometry of the visible part of the diagram: the SVG `viewBox`, zoom, pan and fit. Plain Rust, tested natively.

/// Smallest and largest zoom, as view-box width relative to [`ViewBox::default`]'s.
pub const MIN_WIDTH: f64 = 150.0;
pub const MAX_WIDTH: f64 = 20_000.0;
/// Fitting zooms in at most this far: pixels per drawing unit.
pub const MAX_FIT_SCALE: f64 = 1.6;

/// The visible region of the diagram, in SVG user units (the diagram's own units).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewBox {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width (positive).
    pub width: f64,
    /// Height (positive).
    pub height: f64,
}

impl Default for ViewBox {
    fn default() -> Self {
        ViewBox {
            x: 0.0,
            y: 0.0,
            width: 1200.0,
            height: 800.0,
        }
    }
}

impl ViewBox {
    /// The value of the `viewBox` attribute.
    pub fn attr(&self) -> String {
        format!(
            "{} {} {} {}",
            round2(self.x),
            round2(self.y),
            round2(self.width),
            round2(self.height)
        )
    }

    /// Finite, with a positive size.
    pub fn is_valid(&self) -> bool {
        [self.x, self.y, self.width, self.height]
            .iter()
            .all(|v| v.is_finite())
            && self.width > 0.0
            && self.height > 0.0
    }

    /// The same box grown by `margin` on every side.
    pub fn expanded(&self, margin: f64) -> ViewBox {
        ViewBox {
            x: self.x - margin,
            y: self.y - margin,
            width: self.width + 2.0 * margin,
            height: self.height + 2.0 * margin,
        }
    }

    /// The centre point.
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    /// Zoom by `factor` (> 1 zooms in) keeping the diagram point `(px, py)` where it is on screen.
    /// The zoom is clamped to [`MIN_WIDTH`]..=[`MAX_WIDTH`].
    pub fn zoomed_at(&self, factor: f64, px: f64, py: f64) -> ViewBox {
        if !factor.is_finite() || factor <= 0.0 {
            return *self;
        }
        let width = (self.width / factor).clamp(MIN_WIDTH, MAX_WIDTH);
        let k = width / self.width;
        ViewBox {
            x: px - (px - self.x) * k,
            y: py - (py - self.y) * k,
            width,
            height: self.height * k,
        }
    }

    /// Zoom around the centre.
    pub fn zoomed(&self, factor: f64) -> ViewBox {
        let (cx, cy) = self.center();
        self.zoomed_at(factor, cx, cy)
    }

    /// Moved by `(dx, dy)` diagram units.
    pub fn panned(&self, dx: f64, dy: f64) -> ViewBox {
        ViewBox {
            x: self.x + dx,
            y: self.y + dy,
            ..*self
        }
    }

    /// A view showing the box `(x, y, w, h)` with `margin` around it, with this view's aspect ratio (so the
    /// canvas keeps its proportions). An empty box gives the default view.
    pub fn fit(bounds: Option<(f64, f64, f64, f64)>, margin: f64, aspect: f64) -> ViewBox {
        let Some((x, y, w, h)) = bounds.filter(|b| b.2 > 0.0 && b.3 > 0.0) else {
            return ViewBox::default();
        };
        let aspect = if aspect.is_finite() && aspect > 0.0 {
            aspect
        } else {
            1.5
        };
        // Do not zoom in past 100% on a small drawing.
        ViewBox::around((x, y, w, h), margin, ViewBox::default().width, aspect)
    }

    /// The view of `aspect` centred on the box `(x, y, w, h)` with `margin` around it, at least `min_width`
    /// units wide.
    fn around(
        (x, y, w, h): (f64, f64, f64, f64),
        margin: f64,
        min_width: f64,
        aspect: f64,
    ) -> ViewBox {
        let (mut width, mut height) = (w + 2.0 * margin, h + 2.0 * margin);
        width = width.max(min_width);
        if width / height > aspect {
            height = width / aspect;
        } else {
            width = height * aspect;
        }
        ViewBox {
            x: x + w / 2.0 - width / 2.0,
            y: y + h / 2.0 - height / 2.0,
            width,
            height,
        }
    }

    /// [`ViewBox::fit`] for a canvas of `px_w` × `px_h` CSS pixels: the drawing fills the canvas, zooming in
    /// past 100% on a small drawing (up to [`MAX_FIT_SCALE`] pixels per unit, so a tiny drawing is not blown up).
    pub fn fit_canvas(
        bounds: Option<(f64, f64, f64, f64)>,
        margin: f64,
        px_w: f64,
        px_h: f64,
    ) -> ViewBox {
        let Some((x, y, w, h)) = bounds.filter(|b| b.2 > 0.0 && b.3 > 0.0) else {
            return ViewBox::default();
        };
        if !(px_w.is_finite() && px_h.is_finite() && px_w > 0.0 && px_h > 0.0) {
            return ViewBox::fit(bounds, margin, 1.5);
        }
        ViewBox::around((x, y, w, h), margin, px_w / MAX_FIT_SCALE, px_w / px_h)
    }

    /// [`ViewBox::fit_canvas`] keeping a band of `reserve_px` at the bottom of the canvas free (where the notices
    /// and the zoom tools float), so they never cover the drawing after a fit.
    pub fn fit_canvas_above(
        bounds: Option<(f64, f64, f64, f64)>,
        margin: f64,
        px_w: f64,
        px_h: f64,
        reserve_px: f64,
    ) -> ViewBox {
        let usable = px_h - reserve_px;
        if usable.is_nan() || usable <= px_h / 2.0 {
            return ViewBox::fit_canvas(bounds, margin, px_w, px_h);
        }
        let v = ViewBox::fit_canvas(bounds, margin, px_w, usable);
        if bounds.is_none() || v == ViewBox::default() {
            return v;
        }
        ViewBox {
            height: v.width * px_h / px_w,
            ..v
        }
    }

    /// This view, or, when it draws fewer than `scale` CSS pixels per unit on a canvas `px_w` × `px_h`, the view at
    /// exactly `scale` with its top-left corner at `(x, y)` (where the drawing starts): the overview opens where
    /// its text is readable and the reader pans to the rest.
    pub fn at_least_scale(&self, scale: f64, px_w: f64, px_h: f64, (x, y): (f64, f64)) -> ViewBox {
        if !(px_w > 0.0 && px_h > 0.0 && scale > 0.0) || px_w / self.width >= scale {
            return *self;
        }
        ViewBox {
            x,
            y,
            width: px_w / scale,
            height: px_h / scale,
        }
    }

    /// The zoom as the reader sees it: CSS pixels per drawing unit on a canvas `px_w` wide, in percent (100% =
    /// the drawing's 13 px labels are 13 px on screen).
    pub fn scale_percent(&self, px_w: f64) -> u32 {
        if px_w > 0.0 && self.width > 0.0 {
            (px_w / self.width * 100.0).round() as u32
        } else {
            self.zoom_percent()
        }
    }

    /// This view panned just enough to show the box `(x, y, w, h)` with `margin` around it (unchanged when it is
    /// already in view; centred on it when it is larger than the view).
    pub fn revealing(&self, x: f64, y: f64, w: f64, h: f64, margin: f64) -> ViewBox {
        let shift = |start: f64, len: f64, lo: f64, size: f64| -> f64 {
            // How far the view's origin moves so that [lo, lo + size] (+ margin) is inside [start, start + len].
            if size + 2.0 * margin > len {
                lo + size / 2.0 - (start + len / 2.0)
            } else if lo - margin < start {
                lo - margin - start
            } else if lo + size + margin > start + len {
                lo + size + margin - (start + len)
            } else {
                0.0
            }
        };
        let dx = shift(self.x, self.width, x, w);
        let dy = shift(self.y, self.height, y, h);
        ViewBox {
            x: self.x + dx,
            y: self.y + dy,
            ..*self
        }
    }

    /// The zoom level in percent, relative to the default view.
    pub fn zoom_percent(&self) -> u32 {
        (ViewBox::default().width / self.width * 100.0).round() as u32
    }
}

/// The bounding box `(x, y, w, h)` of some points (a drawn path), `None` for none.
pub fn bounds_of(points: impl IntoIterator<Item = (f64, f64)>) -> Option<(f64, f64, f64, f64)> {
    let mut it = points
        .into_iter()
        .filter(|(x, y)| x.is_finite() && y.is_finite());
    let (x0, y0) = it.next()?;
    let (mut lx, mut ly, mut hx, mut hy) = (x0, y0, x0, y0);
    for (x, y) in it {
        lx = lx.min(x);
        ly = ly.min(y);
        hx = hx.max(x);
        hy = hy.max(y);
    }
    Some((lx, ly, hx - lx, hy - ly))
}

/// Rounds to 2 decimals for attribute output (stable, short attribute values).
pub fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewbox_attr_and_center() {
        let v = ViewBox::default();
        assert_eq!(v.attr(), "0 0 1200 800");
        assert_eq!(v.center(), (600.0, 400.0));
        let shifted = ViewBox {
            x: -50.0,
            y: 10.5,
            width: 100.0,
            height: 20.0,
        };
        assert_eq!(shifted.attr(), "-50 10.5 100 20");
        assert_eq!(shifted.center(), (0.0, 20.5));
    }

    #[test]
    fn expanded_grows_every_side() {
        let g = ViewBox::default().expanded(100.0);
        assert_eq!(g.attr(), "-100 -100 1400 1000");
        assert_eq!(g.center(), ViewBox::default().center());
    }

    #[test]
    fn zoom_keeps_the_anchor_point_in_place() {
        let v = ViewBox::default();
        let z = v.zoomed_at(2.0, 300.0, 200.0);
        assert_eq!((z.width, z.height), (600.0, 400.0));
        // The anchor is at the same relative position in both views.
        let rel = |v: &ViewBox| ((300.0 - v.x) / v.width, (200.0 - v.y) / v.height);
        assert_eq!(rel(&v), rel(&z));
        assert_eq!(z.zoom_percent(), 200);
    }

    #[test]
    fn zoom_is_clamped_and_ignores_bad_factors() {
        let v = ViewBox::default();
        assert_eq!(v.zoomed(1000.0).width, MIN_WIDTH);
        assert_eq!(v.zoomed(0.0001).width, MAX_WIDTH);
        assert_eq!(v.zoomed(f64::NAN), v);
        assert_eq!(v.zoomed(-2.0), v);
    }

    #[test]
    fn pan_moves_the_origin() {
        let v = ViewBox::default().panned(10.0, -5.0);
        assert_eq!((v.x, v.y, v.width), (10.0, -5.0, 1200.0));
    }

    #[test]
    fn bounds_of_points() {
        assert_eq!(bounds_of([]), None);
        assert_eq!(
            bounds_of([(10.0, 5.0), (-2.0, 8.0), (4.0, f64::NAN)]),
            Some((-2.0, 5.0, 12.0, 3.0))
        );
    }

    #[test]
    fn revealing_pans_only_as_far_as_needed() {
        let v = ViewBox::default(); // 0,0 1200×800
        assert_eq!(
            v.revealing(100.0, 100.0, 50.0, 50.0, 20.0),
            v,
            "already in view"
        );
        let r = v.revealing(1500.0, 100.0, 100.0, 40.0, 20.0);
        assert_eq!(
            (r.x, r.y, r.width),
            (1500.0 + 100.0 + 20.0 - 1200.0, 0.0, 1200.0)
        );
        let l = v.revealing(-300.0, 900.0, 100.0, 40.0, 20.0);
        assert_eq!((l.x, l.y), (-320.0, 900.0 + 40.0 + 20.0 - 800.0));
    }

    #[test]
    fn a_fit_leaves_the_bottom_band_free() {
        let b = Some((0.0, 0.0, 1000.0, 600.0));
        let v = ViewBox::fit_canvas_above(b, 0.0, 1000.0, 700.0, 100.0);
        // The drawing's bottom (600) sits above the band: at most (700 - 100) px down the canvas.
        let px_per_unit = 1000.0 / v.width;
        assert!((600.0 - v.y) * px_per_unit <= 600.0 + 1e-6, "{v:?}");
        assert!((v.width / v.height - 1000.0 / 700.0).abs() < 1e-9);
    }

    #[test]
    fn fitting_a_canvas_uses_its_space() {
        // A 600-unit drawing on a 1000 × 500 px canvas is shown larger than 1:1, and the label says so.
        let v = ViewBox::fit_canvas(Some((0.0, 0.0, 600.0, 200.0)), 0.0, 1000.0, 500.0);
        assert!(
            v.width < 1000.0 && v.width >= 1000.0 / MAX_FIT_SCALE - 0.01,
            "{v:?}"
        );
        assert!(v.scale_percent(1000.0) > 100);
        assert!((v.width / v.height - 2.0).abs() < 1e-9);
        // A big drawing is shown whole, smaller.
        let big = ViewBox::fit_canvas(Some((0.0, 0.0, 4000.0, 1000.0)), 0.0, 1000.0, 500.0);
        assert!(big.width >= 4000.0 && big.scale_percent(1000.0) == 25);
    }

    #[test]
    fn fit_contains_the_bounds_with_the_aspect_ratio() {
        let v = ViewBox::fit(Some((100.0, 100.0, 2000.0, 400.0)), 40.0, 1.5);
        assert!(v.x <= 60.0 && v.x + v.width >= 2140.0);
        assert!(v.y <= 60.0 && v.y + v.height >= 540.0);
        assert!((v.width / v.height - 1.5).abs() < 1e-9);
        let tall = ViewBox::fit(Some((0.0, 0.0, 100.0, 3000.0)), 0.0, 1.5);
        assert!(tall.height >= 3000.0 && (tall.width / tall.height - 1.5).abs() < 1e-9);
        assert_eq!(ViewBox::fit(None, 10.0, 1.5), ViewBox::default());
    }

    #[test]
    fn validity() {
        assert!(ViewBox::default().is_valid());
        let bad = ViewBox {
            width: -1.0,
            ..ViewBox::default()
        };
        assert!(!bad.is_valid());
    }

    #[test]
    fn a_view_too_far_out_for_the_text_zooms_in_at_the_top_left() {
        let far = ViewBox {
            x: -10.0,
            y: -10.0,
            width: 10_000.0,
            height: 8_000.0,
        };
        let v = far.at_least_scale(0.8, 1000.0, 800.0, (0.0, 5.0));
        assert_eq!(
            v,
            ViewBox {
                x: 0.0,
                y: 5.0,
                width: 1250.0,
                height: 1000.0
            }
        );
        let near = ViewBox {
            x: 0.0,
            y: 0.0,
            width: 1000.0,
            height: 800.0,
        };
        assert_eq!(near.at_least_scale(0.8, 1000.0, 800.0, (0.0, 0.0)), near);
    }
}
