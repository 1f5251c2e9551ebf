//! The browser benchmark page (`www/bench.html`): a fixed workload — the
//! built-in `combined-plan`, 23 wards × 60 months, stochastic, seed 1 —
//! run by pools of 1, 2 and as many workers as the browser has logical
//! processors, timed from the request to the merged final summaries.
//! Each pool first runs a few warm-up runs, so that loading and compiling
//! the worker are not timed. The page shows a table and, for scripts
//! (`scripts/bench.sh`), the same figures as JSON.
//!
//! `bench.html?runs=N` sets the runs per measurement (default 10,000).

use serde::Serialize;
use yew::prelude::*;

use crate::job::load_scenario_text;
use crate::scenario::builtin::scenario_text;

/// Runs per measurement unless `?runs=` says otherwise.
pub const DEFAULT_RUNS: u64 = 10_000;

/// One measurement.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BenchRow {
    /// Workers in the pool.
    pub workers: usize,
    /// Runs done.
    pub runs: u64,
    /// Ward-months simulated (runs × wards × months).
    pub ward_months: u64,
    /// Wall time from the request to the final summaries (s).
    pub seconds: f64,
}

impl BenchRow {
    /// Ward-months per second of wall time.
    pub fn rate(&self) -> f64 {
        if self.seconds > 0.0 {
            self.ward_months as f64 / self.seconds
        } else {
            0.0
        }
    }
}

/// The pool sizes measured: 1, 2 and `hardware`, each once, in that order.
pub fn pool_sizes(hardware: usize) -> Vec<usize> {
    let mut sizes = vec![1, 2];
    if hardware > 2 {
        sizes.push(hardware.min(super::pool::MAX_WORKERS));
    }
    sizes
}

/// Runs per measurement: `?runs=N` (1 to 1,000,000) or [`DEFAULT_RUNS`].
pub fn runs_param(search: &str) -> u64 {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("runs="))
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|n| (1..=1_000_000).contains(n))
        .unwrap_or(DEFAULT_RUNS)
}

/// The workload's scenario text with `runs` runs.
pub fn workload(runs: u64) -> String {
    scenario_text("combined-plan")
        .unwrap_or_default()
        .replace("runs = 10000", &format!("runs = {runs}"))
}

/// Ward-months of `runs` runs of the workload.
pub fn ward_months(runs: u64) -> u64 {
    load_scenario_text(&workload(1), "bench")
        .map(|l| runs * (l.plan.wards.len() * l.plan.months()) as u64)
        .unwrap_or(0)
}

/// Properties of [`BenchPage`].
#[derive(Properties, PartialEq, Default)]
pub struct BenchProps {
    /// Measurements to show (the page fills them in as they finish).
    #[prop_or_default]
    pub rows: Vec<BenchRow>,
    /// Whether every measurement is done.
    #[prop_or_default]
    pub done: bool,
    /// What went wrong, if anything.
    #[prop_or_default]
    pub error: Option<String>,
}

/// The table of measurements.
#[component]
pub fn BenchTable(props: &BenchProps) -> Html {
    let one = props.rows.first().map(BenchRow::rate).unwrap_or(0.0);
    let json = serde_json::to_string(&props.rows).unwrap_or_default();
    html! {
        <main class="bench">
            <h1>{ "Sasaeai — browser benchmark" }</h1>
            <p>{ "combined-plan: 23 wards × 60 months, stochastic, seed 1; each pool of Web Workers splits the runs by run index and the page merges their summaries." }</p>
            <table data-testid="bench-table">
                <caption>{ "Wall time and ward-months per second by pool size" }</caption>
                <thead><tr>
                    <th scope="col">{ "workers" }</th><th scope="col">{ "runs" }</th>
                    <th scope="col">{ "seconds" }</th><th scope="col">{ "ward-months per second" }</th>
                    <th scope="col">{ "speed-up over 1 worker" }</th>
                </tr></thead>
                <tbody>
                { for props.rows.iter().map(|r| html! {
                    <tr>
                        <td>{ r.workers }</td><td>{ r.runs }</td>
                        <td>{ format!("{:.2}", r.seconds) }</td>
                        <td>{ format!("{:.2} M", r.rate() / 1e6) }</td>
                        <td>{ if one > 0.0 { format!("{:.2}×", r.rate() / one) } else { String::new() } }</td>
                    </tr>
                }) }
                </tbody>
            </table>
            if let Some(e) = &props.error {
                <p role="alert" data-testid="bench-error">{ e.clone() }</p>
            } else if !props.done {
                <p role="status">{ "Measuring…" }</p>
            }
            <pre data-testid="bench-json" data-done={props.done.to_string()}>{ json }</pre>
        </main>
    }
}

/// The benchmark page: runs the measurements and shows them.
#[component]
pub fn BenchPage() -> Html {
    let rows = use_state(Vec::<BenchRow>::new);
    let done = use_state(|| false);
    let error = use_state(|| None::<String>);
    {
        #[cfg(target_arch = "wasm32")]
        let (rows, done, error) = (rows.clone(), done.clone(), error.clone());
        use_effect_with((), move |_| {
            #[cfg(target_arch = "wasm32")]
            wasm_bindgen_futures::spawn_local(async move {
                let mut kept = Vec::new();
                let runs = runs_param(&super::web::query());
                let hardware = super::web::hardware_concurrency().unwrap_or(1.0).max(1.0) as usize;
                for workers in pool_sizes(hardware) {
                    match measure(workers, runs).await {
                        Ok(row) => {
                            kept.push(row);
                            rows.set(kept.clone());
                        }
                        Err(e) => {
                            error.set(Some(e));
                            return;
                        }
                    }
                }
                done.set(true);
            });
        });
    }
    html! { <BenchTable rows={(*rows).clone()} done={*done} error={(*error).clone()} /> }
}

/// Time `runs` runs of the workload on a new pool of `workers` workers,
/// after a warm-up of a few runs per worker.
#[cfg(target_arch = "wasm32")]
async fn measure(workers: usize, runs: u64) -> Result<BenchRow, String> {
    use std::cell::RefCell;
    use std::rc::Rc;

    use futures::StreamExt;

    use super::pool::{self, Workers};
    use super::state::Action;

    let pool: pool::SharedWorkers = Rc::new(RefCell::new(Workers::default()));
    let (tx, mut rx) = futures::channel::mpsc::unbounded::<Action>();
    let url = super::web::absolute("pkg/worker.js");
    pool::start(&pool, workers, &url, move |a| {
        let _ = tx.unbounded_send(a);
    });
    let mut finish = async |job: u64, runs: u64| -> Result<f64, String> {
        let text = workload(runs);
        let plan = load_scenario_text(&text, "bench")
            .map_err(|e| e.to_string())?
            .plan;
        let started = super::web::now_ms();
        pool::run(&pool, job, text, Rc::new(plan));
        while let Some(action) = rx.next().await {
            match action {
                Action::Finished { job: j, .. } if j == job => {
                    return Ok((super::web::now_ms() - started) / 1000.0);
                }
                Action::Failed { message, .. } => return Err(message.en),
                Action::WorkerDied => return Err("a worker stopped".into()),
                _ => {}
            }
        }
        Err("the workers stopped answering".into())
    };
    finish(1, 16 * workers as u64).await?;
    let seconds = finish(2, runs).await?;
    Ok(BenchRow {
        workers,
        runs,
        ward_months: ward_months(runs),
        seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_sizes_and_runs() {
        assert_eq!(pool_sizes(1), [1, 2]);
        assert_eq!(pool_sizes(2), [1, 2]);
        assert_eq!(pool_sizes(4), [1, 2, 4]);
        assert_eq!(pool_sizes(64), [1, 2, super::super::pool::MAX_WORKERS]);
        assert_eq!(runs_param("?runs=2000"), 2000);
        assert_eq!(runs_param("?x=1&runs=0"), DEFAULT_RUNS);
        assert_eq!(runs_param(""), DEFAULT_RUNS);
        assert_eq!(ward_months(10), 10 * 23 * 60);
    }

    #[test]
    fn the_table_shows_each_pool_and_its_speed_up() {
        let rows = vec![
            BenchRow {
                workers: 1,
                runs: 100,
                ward_months: 138_000,
                seconds: 2.0,
            },
            BenchRow {
                workers: 2,
                runs: 100,
                ward_months: 138_000,
                seconds: 1.0,
            },
        ];
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let html = tokio::task::LocalSet::new().block_on(&rt, async move {
            yew::LocalServerRenderer::<BenchTable>::with_props(BenchProps {
                rows,
                done: true,
                error: None,
            })
            .hydratable(false)
            .render()
            .await
        });
        assert!(html.contains("0.07 M"), "{html}");
        assert!(html.contains("0.14 M"), "{html}");
        assert!(html.contains("2.00×"), "{html}");
        assert!(html.contains(r#"data-done="true""#), "{html}");
        assert!(html.contains(r#""ward_months":138000"#), "{html}");
    }
}
