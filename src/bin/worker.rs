//! The simulation Web Worker of the browser app: registers the reactor of
//! `sasaeai::worker`. Built for `wasm32-unknown-unknown` and bound with
//! `wasm-bindgen --target web` into `www/pkg/worker.js` (see the Makefile).

#[cfg(target_arch = "wasm32")]
fn main() {
    use gloo_worker::Registrable;
    use sasaeai::worker::{WorkerCodec, reactor::SimulationReactor};
    SimulationReactor::registrar()
        .encoding::<WorkerCodec>()
        .register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("this program is the browser app's Web Worker: build it for wasm32-unknown-unknown");
    std::process::exit(2);
}
