//! Browser glue for sharing, import and export: the page URL and its fragment, the clipboard, downloads and
//! reading chosen files; and the size of an element as it changes (the diagram's height, [`watch_height`]). Thin wrappers over `web-sys`; every decision is in plain modules ([`crate::links`],
//! [`crate::import`]).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The page URL (`location.href`).
pub fn href() -> String {
    gloo::utils::window().location().href().unwrap_or_default()
}

/// The page URL's fragment (`location.hash`, with its `#`; empty when there is none).
pub fn hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// Removes the fragment from the address bar without a new history entry and without a `hashchange` event
/// (`history.replaceState`): once a link is opened, a reload shows the autosaved work, not the link again.
pub fn clear_hash() {
    let window = gloo::utils::window();
    let location = window.location();
    let url = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Navigates to `#fragment` (a `hashchange` follows, which opens what it links to).
pub fn set_hash(fragment: &str) {
    let _ = gloo::utils::window().location().set_hash(fragment);
}

/// Copies `text` with the asynchronous clipboard API; `false` when the browser has none or refuses.
pub async fn copy_text(text: &str) -> bool {
    let navigator = gloo::utils::window().navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .map(|c| !c.is_undefined() && !c.is_null())
        .unwrap_or(false);
    if !has_clipboard {
        return false;
    }
    JsFuture::from(navigator.clipboard().write_text(text))
        .await
        .is_ok()
}

/// Offers `blob` as a download named `name` (a `blob:` URL on a temporary `<a download>`).
pub fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(js_message)?;
    let document = gloo::utils::document();
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(js_message)?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.set_class_name("download-link");
    let body = document.body().ok_or("the page has no body")?;
    body.append_child(&a).map_err(js_message)?;
    a.click();
    a.remove();
    // Revoke later: the download reads the URL after the click returns.
    gloo::timers::callback::Timeout::new(30_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Offers `text` as a download named `name` with media type `mime`.
pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js_message)?;
    download_blob(name, &blob)
}

// `ResizeObserver`, bound here rather than through `web-sys` features: only the constructor, `observe` and
// `disconnect` are needed.
#[wasm_bindgen]
extern "C" {
    type ResizeObserver;
    #[wasm_bindgen(constructor, catch)]
    fn new(callback: &js_sys::Function) -> Result<ResizeObserver, JsValue>;
    #[wasm_bindgen(method)]
    fn observe(this: &ResizeObserver, target: &web_sys::Element);
    #[wasm_bindgen(method)]
    fn disconnect(this: &ResizeObserver);
}

/// A running [`watch_height`]; dropping it stops the watch.
pub struct HeightWatch {
    observer: ResizeObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for HeightWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Calls `on_height` with the content-box height of `el` in CSS pixels (unrounded): once when the watch starts
/// and after every layout that changes it (a `ResizeObserver`). `None` when the browser has no `ResizeObserver`.
pub fn watch_height(
    el: &web_sys::Element,
    on_height: impl Fn(f64) + 'static,
) -> Option<HeightWatch> {
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let height = entries
            .iter()
            .last()
            .and_then(|entry| js_sys::Reflect::get(&entry, &JsValue::from_str("contentRect")).ok())
            .and_then(|rect| js_sys::Reflect::get(&rect, &JsValue::from_str("height")).ok())
            .and_then(|h| h.as_f64());
        if let Some(h) = height.filter(|h| h.is_finite()) {
            on_height(h);
        }
    });
    let observer = ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(el);
    Some(HeightWatch {
        observer,
        _callback: callback,
    })
}

/// A JS error as text.
pub fn js_message(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the browser refused".to_string())
}

/// The label of a chosen file: its path inside the chosen folder, else its name.
pub fn file_label(file: &web_sys::File) -> String {
    // `File.webkitRelativePath` (not in `web-sys`): the path inside a chosen folder, empty for single files.
    let path = js_sys::Reflect::get(file, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    if path.is_empty() {
        file.name()
    } else {
        path
    }
}

/// Reads files as text: `(label, text)` pairs, or the first file that could not be read.
pub async fn read_files(files: Vec<web_sys::File>) -> Result<Vec<(String, String)>, String> {
    read_labelled(files.into_iter().map(|f| (file_label(&f), f)).collect()).await
}

/// The files of a `FileList` (from an `<input type=file>` or a drop).
pub fn file_vec(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// A callback-style API call as a future: `call` gets the success and error callbacks.
async fn callback_future(
    call: impl FnOnce(&js_sys::Function, &js_sys::Function),
) -> Result<JsValue, String> {
    let mut call = Some(call);
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        if let Some(call) = call.take() {
            call(&resolve, &reject);
        }
    });
    JsFuture::from(promise).await.map_err(js_message)
}

/// The files of a drop, folders included (read through `webkitGetAsEntry`), each with its path inside the
/// dropped folder as its label; `.json` files only inside folders. Falls back to `dataTransfer.files`.
pub async fn dropped_files(
    transfer: web_sys::DataTransfer,
) -> Result<Vec<(String, web_sys::File)>, String> {
    let items = transfer.items();
    // (entry, whether it is inside a dropped folder)
    let mut stack: Vec<(web_sys::FileSystemEntry, bool)> = Vec::new();
    for i in 0..items.length() {
        if let Some(entry) = items
            .get(i)
            .and_then(|item| item.webkit_get_as_entry().ok().flatten())
        {
            stack.push((entry, false));
        }
    }
    if stack.is_empty() {
        return Ok(file_vec(transfer.files())
            .into_iter()
            .map(|f| (file_label(&f), f))
            .collect());
    }
    let mut out = Vec::new();
    while let Some((entry, in_folder)) = stack.pop() {
        let path = entry.full_path().trim_start_matches('/').to_string();
        if entry.is_directory() {
            let dir: web_sys::FileSystemDirectoryEntry = entry.unchecked_into();
            let reader = dir.create_reader();
            loop {
                let batch = callback_future(|ok, err| {
                    if let Err(e) = reader.read_entries_with_callback_and_callback(ok, err) {
                        let _ = err.call1(&JsValue::NULL, &e);
                    }
                })
                .await?;
                let batch: js_sys::Array = batch.unchecked_into();
                if batch.length() == 0 {
                    break;
                }
                for e in batch.iter() {
                    stack.push((e.unchecked_into(), true));
                }
            }
        } else if !in_folder || crate::import::wanted_in_folder(&path) {
            let file_entry: web_sys::FileSystemFileEntry = entry.unchecked_into();
            let file = callback_future(|ok, err| {
                file_entry.file_with_callback_and_callback(ok, err);
            })
            .await
            .map_err(|e| format!("`{path}` could not be read: {e}"))?;
            out.push((path, file.unchecked_into()));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Reads `(label, file)` pairs as text. The sizes are checked first, before anything is read
/// ([`crate::import::too_big_inputs`]: each file, then all together); each file's bytes are then decoded by
/// [`crate::import::text_of`] (UTF-8 or UTF-16; binary data and invalid UTF-8 are refused naming the byte).
pub async fn read_labelled(
    files: Vec<(String, web_sys::File)>,
) -> Result<Vec<(String, String)>, String> {
    if let Some(e) =
        crate::import::too_big_inputs(files.iter().map(|(l, f)| (l.as_str(), f.size())))
    {
        return Err(e);
    }
    let mut out = Vec::with_capacity(files.len());
    for (label, file) in files {
        let buffer = JsFuture::from(file.array_buffer())
            .await
            .map_err(|e| format!("`{label}` could not be read: {}", js_message(e)))?;
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        out.push((label.clone(), crate::import::text_of(&label, &bytes)?));
    }
    Ok(out)
}

/// The page's clock in milliseconds (`performance.now()`; 0 where there is none: natively, in tests).
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// Runs `f` and records its duration as a User Timing measure `vpclab:<name>` (DevTools' Performance panel shows
/// it; `tests/e2e/bench_import.mjs` reads it). Only on a page (not in the worker, not natively).
pub fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    #[cfg(target_arch = "wasm32")]
    {
        let perf = web_sys::window().and_then(|w| w.performance());
        let start = perf.as_ref().map(|p| p.now());
        let out = f();
        if let (Some(p), Some(start)) = (perf, start) {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"start".into(), &start.into());
            let _ = js_sys::Reflect::set(&options, &"end".into(), &p.now().into());
            if let Ok(measure) = js_sys::Reflect::get(&p, &"measure".into()) {
                if let Some(measure) = measure.dyn_ref::<js_sys::Function>() {
                    let _ = measure.call2(&p, &format!("vpclab:{name}").into(), &options);
                }
            }
        }
        out
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = name;
        f()
    }
}
