//! The browser app: renders `sasaeai::ui::App` into the page. Built for
//! `wasm32-unknown-unknown` and bound with `wasm-bindgen --target web` into
//! `www/pkg/app.js` (see the Makefile).

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<sasaeai::ui::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "this program is the browser app: build it for wasm32-unknown-unknown and serve www/ (make serve)"
    );
    std::process::exit(2);
}
