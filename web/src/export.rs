//! Export: the project JSON and Terraform HCL (text from [`vpclab_core::export`]), and the diagram as a
//! standalone SVG or PNG image of what the canvas shows (with the selected flow's path highlighted).
//!
//! The page styles the diagram with classes from `style.css`, which a standalone file does not have. So the
//! live `<svg>` is cloned and each element of the clone gets a generated class whose rule holds the element's
//! *computed* presentation (fill, stroke, fonts …, in the current light or dark theme), written into a `<style>`
//! element inside the clone; identical rules are shared. The clone is framed on the drawing (not the current
//! zoom), drops the background grid and gets a plain background. Nothing is added to the page: the clone is never
//! attached, so the page's CSP (no inline style) is not involved.
//!
//! The PNG is that SVG drawn into a `<canvas>` through an `<img>` loaded from a `data:` URL — the page's CSP
//! allows `img-src 'self' data:`, not `blob:` — then `canvas.toBlob` → download.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use vpclab_core::diagram::Diagram;
use vpclab_core::export;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::{self, js_message};

/// The export formats, in menu order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    ProjectJson,
    Terraform,
    Svg,
    Png,
}

impl Format {
    pub const ALL: [Format; 4] = [
        Format::ProjectJson,
        Format::Terraform,
        Format::Svg,
        Format::Png,
    ];

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            Format::ProjectJson => "Project JSON",
            Format::Terraform => "Terraform (main.tf)",
            Format::Svg => "Image (SVG)",
            Format::Png => "Image (PNG)",
        }
    }

    /// What the menu says under the label.
    pub fn detail(self) -> &'static str {
        match self {
            Format::ProjectJson => "The topology as VPC Lab reads it back (Import)",
            Format::Terraform => "HCL for the aws provider, resources referencing each other",
            Format::Svg => "The diagram with the selected path, a standalone vector file",
            Format::Png => "The same picture at twice the screen resolution",
        }
    }

    /// A stable name for tests (`data-format`).
    pub fn slug(self) -> &'static str {
        match self {
            Format::ProjectJson => "json",
            Format::Terraform => "terraform",
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
}

/// A file name stem from the diagram's name: `s3-through-nat`, or `vpclab-diagram`.
pub fn file_stem(diagram: &Diagram) -> String {
    let name = diagram.topology.name.as_deref().unwrap_or("");
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(60).collect();
    if out.is_empty() {
        "vpclab-diagram".into()
    } else {
        out.trim_end_matches('-').to_string()
    }
}

/// The download's file name for a format.
pub fn file_name(diagram: &Diagram, format: Format) -> String {
    match format {
        Format::ProjectJson => format!("{}.vpclab.json", file_stem(diagram)),
        Format::Terraform => "main.tf".into(),
        Format::Svg => format!("{}.svg", file_stem(diagram)),
        Format::Png => format!("{}.png", file_stem(diagram)),
    }
}

/// Starts the download of `diagram` in `format`; `Ok` carries the file name.
pub fn download(diagram: &Diagram, format: Format) -> Result<String, String> {
    let name = file_name(diagram, format);
    match format {
        Format::ProjectJson => {
            browser::download_text(&name, "application/json", &export::json(&diagram.topology))?
        }
        Format::Terraform => {
            browser::download_text(&name, "text/plain", &export::terraform(&diagram.topology))?
        }
        Format::Svg => {
            let (svg, _, _) = diagram_svg()?;
            browser::download_text(&name, "image/svg+xml", &svg)?;
        }
        Format::Png => {
            let (svg, w, h) = diagram_svg()?;
            download_png(&name, &svg, w, h)?;
        }
    }
    Ok(name)
}

/// Presentation properties copied from the computed style: `(name, initial value, inherited)`. Font properties
/// are copied on text elements only.
const PROPS: &[(&str, &str, bool)] = &[
    ("fill", "rgb(0, 0, 0)", true),
    ("fill-opacity", "1", true),
    ("fill-rule", "nonzero", true),
    ("stroke", "none", true),
    ("stroke-width", "1px", true),
    ("stroke-opacity", "1", true),
    ("stroke-dasharray", "none", true),
    ("stroke-dashoffset", "0px", true),
    ("stroke-linecap", "butt", true),
    ("stroke-linejoin", "miter", true),
    ("opacity", "1", false),
    ("visibility", "visible", true),
    ("paint-order", "normal", true),
    ("marker-start", "none", true),
    ("marker-mid", "none", true),
    ("marker-end", "none", true),
    ("mix-blend-mode", "normal", false),
];

const FONT_PROPS: &[(&str, &str)] = &[
    ("font-family", ""),
    ("font-size", ""),
    ("font-weight", "400"),
    ("font-style", "normal"),
    ("letter-spacing", "normal"),
    ("text-anchor", "start"),
    ("dominant-baseline", "auto"),
    ("text-decoration-line", "none"),
];

/// How much space is left around the drawing, in diagram units.
const MARGIN: f64 = 24.0;

fn computed(el: &web_sys::Element) -> Option<web_sys::CssStyleDeclaration> {
    gloo::utils::window().get_computed_style(el).ok().flatten()
}

/// `url("http://host/page#id")` → `url("#id")`: references must point inside the standalone file.
fn local_urls(value: &str, page: &str) -> String {
    if page.is_empty() {
        value.to_string()
    } else {
        value.replace(page, "")
    }
}

/// The declarations that make `el` look as it does, relative to what it would inherit from its parent.
fn declarations(
    el: &web_sys::Element,
    style: &web_sys::CssStyleDeclaration,
    parent: Option<&web_sys::CssStyleDeclaration>,
    page: &str,
) -> String {
    let tag = el.tag_name();
    let is_text = matches!(tag.as_str(), "text" | "tspan" | "textPath");
    let mut out = String::new();
    let mut push = |name: &str, initial: &str, inherited: bool| {
        let value = style.get_property_value(name).unwrap_or_default();
        if value.is_empty() {
            return;
        }
        let baseline = match (inherited, parent) {
            (true, Some(p)) => p.get_property_value(name).unwrap_or_default(),
            _ => initial.to_string(),
        };
        if value != baseline || (parent.is_none() && !initial.is_empty() && value != initial) {
            let _ = write!(out, "{name}:{};", local_urls(&value, page));
        }
    };
    for (name, initial, inherited) in PROPS {
        push(name, initial, *inherited);
    }
    if is_text {
        for (name, initial) in FONT_PROPS {
            // On text, always state the font: the viewer's default font differs from the page's.
            let value = style.get_property_value(name).unwrap_or_default();
            if !value.is_empty() && (initial.is_empty() || value != *initial) {
                let _ = write!(out, "{name}:{};", local_urls(&value, page));
            }
        }
    }
    out
}

fn has_class(el: &web_sys::Element, class: &str) -> bool {
    el.get_attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|c| c == class))
}

/// The union of the boxes of the drawing's layers (everything but the grid, `<defs>` and `<title>`).
fn drawing_bounds(svg: &web_sys::Element) -> Option<(f64, f64, f64, f64)> {
    let children = svg.children();
    let mut bounds: Option<(f64, f64, f64, f64)> = None;
    for i in 0..children.length() {
        let Some(child) = children.item(i) else {
            continue;
        };
        let tag = child.tag_name();
        if matches!(tag.as_str(), "defs" | "title" | "desc" | "style")
            || has_class(&child, "grid")
            || computed(&child)
                .is_some_and(|s| s.get_property_value("display").unwrap_or_default() == "none")
        {
            continue;
        }
        let Some(g) = child.dyn_ref::<web_sys::SvgGraphicsElement>() else {
            continue;
        };
        let Ok(b) = g.get_b_box() else { continue };
        let (x, y, w, h) = (
            f64::from(b.x()),
            f64::from(b.y()),
            f64::from(b.width()),
            f64::from(b.height()),
        );
        if w <= 0.0 && h <= 0.0 {
            continue;
        }
        bounds = Some(match bounds {
            None => (x, y, x + w, y + h),
            Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x + w), y1.max(y + h)),
        });
    }
    bounds.map(|(x0, y0, x1, y1)| (x0, y0, x1 - x0, y1 - y0))
}

/// The canvas's diagram as a standalone SVG document, with its width and height in pixels.
pub fn diagram_svg() -> Result<(String, f64, f64), String> {
    let document = gloo::utils::document();
    let live = document
        .query_selector("svg.diagram")
        .map_err(js_message)?
        .ok_or("there is no diagram on the page to export")?;
    let clone: web_sys::Element = live
        .clone_node_with_deep(true)
        .map_err(js_message)?
        .unchecked_into();
    let page = browser::href()
        .split('#')
        .next()
        .unwrap_or_default()
        .to_string();

    // Live and cloned elements in the same document order.
    let live_all = live.query_selector_all("*").map_err(js_message)?;
    let clone_all = clone.query_selector_all("*").map_err(js_message)?;
    let mut classes: BTreeMap<String, String> = BTreeMap::new();
    let mut class_of = |decls: String| -> String {
        let n = classes.len();
        classes
            .entry(decls)
            .or_insert_with(|| format!("x{n}"))
            .clone()
    };
    let mut remove = Vec::new();
    let root_style = computed(&live);
    if let Some(s) = &root_style {
        let decls = declarations(&live, s, None, &page);
        let font = s.get_property_value("font-family").unwrap_or_default();
        let decls = format!("{decls}font-family:{font};");
        clone.set_attribute("class", &class_of(decls)).ok();
    }
    for i in 0..live_all.length().min(clone_all.length()) {
        let (Some(l), Some(c)) = (live_all.item(i), clone_all.item(i)) else {
            continue;
        };
        let (l, c): (web_sys::Element, web_sys::Element) = (l.unchecked_into(), c.unchecked_into());
        let Some(style) = computed(&l) else { continue };
        let in_defs = l.closest("defs").ok().flatten().is_some();
        if (!in_defs && style.get_property_value("display").unwrap_or_default() == "none")
            || has_class(&l, "grid")
        {
            remove.push(c);
            continue;
        }
        let parent = l.parent_element().and_then(|p| computed(&p));
        let decls = declarations(&l, &style, parent.as_ref(), &page);
        if decls.is_empty() {
            c.remove_attribute("class").ok();
        } else {
            c.set_attribute("class", &class_of(decls)).ok();
        }
        for attr in ["data-testid", "tabindex", "aria-selected"] {
            c.remove_attribute(attr).ok();
        }
    }
    for c in remove {
        c.remove();
    }

    let (x, y, w, h) = drawing_bounds(&live)
        .map(|(x, y, w, h)| (x - MARGIN, y - MARGIN, w + 2.0 * MARGIN, h + 2.0 * MARGIN))
        .unwrap_or_else(|| {
            let v = crate::view::ViewBox::default();
            (v.x, v.y, v.width, v.height)
        });
    let background = root_style
        .as_ref()
        .and_then(|_| {
            live.closest(".canvas")
                .ok()
                .flatten()
                .and_then(|c| computed(&c))
        })
        .map(|s| s.get_property_value("background-color").unwrap_or_default())
        .filter(|c| !c.is_empty() && c != "rgba(0, 0, 0, 0)")
        .unwrap_or_else(|| "#ffffff".to_string());

    let ns = "http://www.w3.org/2000/svg";
    let style_el = document
        .create_element_ns(Some(ns), "style")
        .map_err(js_message)?;
    let mut css = String::new();
    for (decls, class) in &classes {
        let _ = writeln!(css, ".{class}{{{decls}}}");
    }
    style_el.set_text_content(Some(&css));
    let bg = document
        .create_element_ns(Some(ns), "rect")
        .map_err(js_message)?;
    for (k, v) in [
        ("x", x.to_string()),
        ("y", y.to_string()),
        ("width", w.to_string()),
        ("height", h.to_string()),
        ("fill", background),
    ] {
        bg.set_attribute(k, &v).ok();
    }
    clone
        .insert_before(&bg, clone.first_child().as_ref())
        .map_err(js_message)?;
    clone
        .insert_before(&style_el, clone.first_child().as_ref())
        .map_err(js_message)?;
    let view = format!(
        "{} {} {} {}",
        crate::view::round2(x),
        crate::view::round2(y),
        crate::view::round2(w),
        crate::view::round2(h)
    );
    for (k, v) in [
        ("xmlns", ns.to_string()),
        ("viewBox", view),
        ("width", format!("{}", w.round())),
        ("height", format!("{}", h.round())),
    ] {
        clone.set_attribute(k, &v).ok();
    }
    clone.remove_attribute("preserveAspectRatio").ok();
    let serializer = web_sys::XmlSerializer::new().map_err(js_message)?;
    let text = serializer.serialize_to_string(&clone).map_err(js_message)?;
    Ok((
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{text}\n"),
        w.round(),
        h.round(),
    ))
}

/// Draws the SVG into a canvas at twice its size and offers the PNG.
fn download_png(name: &str, svg: &str, width: f64, height: f64) -> Result<(), String> {
    const SCALE: f64 = 2.0;
    // Browsers refuse canvases much above 16k pixels a side.
    let scale = SCALE.min(16_000.0 / width.max(height).max(1.0));
    let document = gloo::utils::document();
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(js_message)?
        .unchecked_into();
    canvas.set_width((width * scale).round().max(1.0) as u32);
    canvas.set_height((height * scale).round().max(1.0) as u32);
    let image = web_sys::HtmlImageElement::new().map_err(js_message)?;
    let name = name.to_string();
    let onload = {
        let image = image.clone();
        let canvas = canvas.clone();
        Closure::once_into_js(move || {
            let Some(ctx) = canvas
                .get_context("2d")
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
            else {
                return;
            };
            let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
                &image,
                0.0,
                0.0,
                f64::from(canvas.width()),
                f64::from(canvas.height()),
            );
            let done = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
                if let Some(blob) = blob {
                    let _ = browser::download_blob(&name, &blob);
                }
            });
            let _ = canvas.to_blob_with_type(done.unchecked_ref(), "image/png");
        })
    };
    image.set_onload(Some(onload.unchecked_ref()));
    let url = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(svg))
    );
    image.set_src(&url);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_the_diagram_name() {
        let mut d = Diagram::default();
        assert_eq!(file_name(&d, Format::Svg), "vpclab-diagram.svg");
        d.topology.name = Some("S3 through a NAT gateway!".into());
        assert_eq!(file_name(&d, Format::Png), "s3-through-a-nat-gateway.png");
        assert_eq!(
            file_name(&d, Format::ProjectJson),
            "s3-through-a-nat-gateway.vpclab.json"
        );
        assert_eq!(file_name(&d, Format::Terraform), "main.tf");
        d.topology.name = Some("—".into());
        assert_eq!(file_stem(&d), "vpclab-diagram");
    }

    #[test]
    fn urls_are_made_local() {
        assert_eq!(
            local_urls("url(\"http://h/vpclab/#arrow\")", "http://h/vpclab/"),
            "url(\"#arrow\")"
        );
        assert_eq!(local_urls("none", ""), "none");
    }

    #[test]
    fn formats_have_unique_slugs() {
        let slugs: std::collections::HashSet<_> = Format::ALL.iter().map(|f| f.slug()).collect();
        assert_eq!(slugs.len(), Format::ALL.len());
    }
}
