//! The top bar: product name and the promise that nothing leaves the browser.

use yew::prelude::*;

/// The application header.
#[component]
pub fn Header() -> Html {
    html! {
        <header class="topbar">
            <div class="brand">
                <svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
                    <rect x="2" y="2" width="28" height="28" rx="6" class="brand-mark-frame" />
                    <rect x="7" y="8" width="8" height="7" rx="1.5" class="brand-mark-cell" />
                    <rect x="17" y="8" width="8" height="7" rx="1.5" class="brand-mark-cell" />
                    <rect x="7" y="18" width="18" height="6" rx="1.5" class="brand-mark-cell" />
                </svg>
                <h1 class="brand-name">{ "VPC Lab" }</h1>
                <span class="brand-tagline">{ "AWS VPC playground" }</span>
            </div>
            <p class="topbar-note" title="VPC Lab makes no network requests: your topology stays on this device.">
                <span class="dot" aria-hidden="true"></span>
                { "Offline · runs entirely in your browser" }
            </p>
        </header>
    }
}
