//! The simulation worker of the browser app: the gloo-worker reactor that
//! runs [`crate::job`]s a slice at a time (registered by
//! `src/bin/worker.rs`), and the codec both ends of the connection use.
//!
//! The app sends the scenario as text, exactly as it would be saved, so the
//! worker parses, validates and resolves it with the same code as the CLI:
//! the same scenario and seed give the same numbers in both. The worker
//! answers with partial results — the first after 30 ms of work, then less
//! and less often — and a final one; the app builds its report from them.
//!
//! Between slices the reactor yields to the event loop, so a `Cancel` (or a
//! new `Start`, which replaces the current job) is seen within one slice.
//!
//! The app runs a pool of these workers (`ui::pool`, with the `web` feature): each takes a
//! range of run indices, and the app merges their partial results.

/// The encoding of every message between the app and its workers
/// ([`crate::job::Request`], [`crate::job::Response`]): bincode, named on
/// both sides (`spawner().encoding::<WorkerCodec>()` in the app,
/// `registrar().encoding::<WorkerCodec>()` in the worker) so that neither
/// relies on the library's default.
#[cfg(target_arch = "wasm32")]
pub type WorkerCodec = gloo_worker::Bincode;

/// The reactor registered in the worker (see `src/bin/worker.rs`).
#[cfg(target_arch = "wasm32")]
pub mod reactor {
    use futures::{FutureExt, SinkExt, StreamExt};
    use gloo_worker::reactor::{ReactorScope, reactor};

    use crate::job::{Request, Response, Task};

    /// Milliseconds of work between two looks at the inbox.
    const SLICE_MS: f64 = 40.0;
    /// Milliseconds of work before the first partial result: a first
    /// estimate on screen soon after an edit.
    const FIRST_PROGRESS_MS: f64 = 30.0;
    /// Each wait for the next partial result is this many times the last
    /// one, up to [`LONGEST_PROGRESS_MS`]: the estimate sharpens quickly at
    /// first, and a long run is not slowed by the page redrawing it (every
    /// partial result is merged and drawn on the page's thread, which on a
    /// two-core machine shares the processor with the workers).
    const PROGRESS_GROWTH: f64 = 4.0;
    /// The longest wait between two partial results.
    const LONGEST_PROGRESS_MS: f64 = 1_000.0;

    fn now() -> f64 {
        js_sys::Date::now()
    }

    /// Let the worker's event loop deliver messages that arrived meanwhile.
    ///
    /// A message the worker sends itself through a `MessageChannel` is a
    /// new task at once; a zero-delay timer would do too, but browsers hold
    /// back repeated ones by 4 ms, a tenth of a slice.
    async fn yield_now() {
        use wasm_bindgen::JsValue;
        thread_local! {
            static CHANNEL: Option<web_sys::MessageChannel> = web_sys::MessageChannel::new().ok();
        }
        let mut posted = false;
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            CHANNEL.with(|channel| {
                if let Some(c) = channel {
                    c.port1().set_onmessage(Some(&resolve));
                    posted = c.port2().post_message(&JsValue::NULL).is_ok();
                }
            })
        });
        if !posted || wasm_bindgen_futures::JsFuture::from(promise).await.is_err() {
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
    }

    /// Runs jobs on request, streaming partial results.
    #[reactor]
    pub async fn SimulationReactor(mut scope: ReactorScope<Request, Response>) {
        let mut pending: Option<Request> = None;
        loop {
            let request = match pending.take() {
                Some(r) => r,
                None => match scope.next().await {
                    Some(r) => r,
                    None => return,
                },
            };
            let Request::Start {
                job: id,
                input,
                runs,
            } = request
            else {
                continue; // a Cancel for a job that is not running
            };
            let mut job = match Task::start(&input, runs) {
                Ok(job) => job,
                Err(message) => {
                    let _ = scope.send(Response::Failed { job: id, message }).await;
                    continue;
                }
            };
            // Size slices by measured speed: start small, aim at SLICE_MS.
            let mut slice = 8u64;
            let mut last_progress = now();
            let mut wait = FIRST_PROGRESS_MS;
            let mut cancelled = false;
            while !job.finished() {
                let started = now();
                if let Err(message) = job.advance(slice) {
                    let _ = scope.send(Response::Failed { job: id, message }).await;
                    cancelled = true;
                    break;
                }
                let elapsed = (now() - started).max(0.1);
                let rate = slice as f64 / elapsed;
                slice = ((rate * SLICE_MS) as u64).clamp(1, 100_000);
                if now() - last_progress >= wait && !job.finished() {
                    last_progress = now();
                    wait = (wait * PROGRESS_GROWTH).min(LONGEST_PROGRESS_MS);
                    if scope.send(job.progress_response(id)).await.is_err() {
                        return;
                    }
                }
                yield_now().await;
                while let Some(message) = scope.next().now_or_never() {
                    match message {
                        None => return,
                        Some(Request::Cancel { job }) if job == id => cancelled = true,
                        Some(Request::Cancel { .. }) => {}
                        Some(other) => {
                            pending = Some(other);
                            cancelled = true;
                        }
                    }
                }
                if cancelled {
                    break;
                }
            }
            let finished = job.finish(id, cancelled);
            if scope.send(finished).await.is_err() {
                return;
            }
        }
    }
}
