//! The browser app: renders `sasaeai::ui::App` into the page (or, on
//! `bench.html`, the benchmark page `sasaeai::ui::bench::BenchPage`). Built for
//! `wasm32-unknown-unknown` and bound with `wasm-bindgen --target web` into
//! `www/pkg/app.js` (see the Makefile).

#[cfg(target_arch = "wasm32")]
fn main() {
    // `bench.html` marks its body `data-page="bench"`.
    let bench = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .and_then(|b| b.get_attribute("data-page"))
        .is_some_and(|p| p == "bench");
    if bench {
        yew::Renderer::<sasaeai::ui::bench::BenchPage>::new().render();
    } else {
        yew::Renderer::<sasaeai::ui::App>::new().render();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "this program is the browser app: build it for wasm32-unknown-unknown and serve www/ (make serve)"
    );
    std::process::exit(2);
}
