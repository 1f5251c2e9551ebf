//! The app's root component: the state, the simulation worker, autosave,
//! share links, import and export. Everything else is drawn by the
//! workspace and dashboard components from the state.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::Report;
use crate::scenario::resolve::format_of;
use crate::scenario::{Bilingual, FieldError, Problem, Shown};
use crate::sim::optimize::OptimizeSettings;

use super::compare::ComparePanel;
use super::ctx::Ctx;
use super::dashboard::{Dashboard, RunControls};
use super::doc::Document;
use super::editor::{
    BudgetEditor, ErrorList, ModelSettings, OutcomeRulesEditor, ParametersPanel, RunSettingsPanel,
    ScenarioPicker,
};
use super::equity::EquityPanel;
use super::i18n::Msg;
use super::model_page::ModelPage;
use super::my_ward::MyWardPanel;
use super::optimise::OptimisePanel;
use super::pool::{self, SharedWorkers, Workers};
use super::present::Presentation;
use super::report_page::{PrintReport, Printed};
use super::sensitivity::SensitivityPanel;
use super::share;
use super::state::structure::structure_runs;
use super::state::{
    Action, CompareAction, Notice, OptimiseAction, Replacement, State, StructureAction, Tool,
};
use super::structure::StructurePanel;
use super::web::{self, Stored};

/// A state to start from (render tests); the browser starts from storage.
#[derive(Clone, Debug)]
pub struct Initial(pub Rc<State>);

impl PartialEq for Initial {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Props of [`App`].
#[derive(Clone, PartialEq, Properties, Default)]
pub struct AppProps {
    /// Start from this state instead of the browser's storage and URL.
    #[prop_or_default]
    pub initial: Option<Initial>,
}

/// The action for a share link's fragment (none for an empty fragment);
/// the fragment is then cleared from the address bar.
fn open_fragment(fragment: &str) -> Option<Action> {
    if fragment.is_empty() {
        return None;
    }
    let opened = share::decode(fragment)
        .map_err(|e| e.text())
        .and_then(|text| Document::from_saved(&text).map_err(|e| e.text()));
    web::clear_fragment();
    Some(match opened {
        Ok(doc) => Action::replace_now(Replacement::Link(doc)),
        Err(why) => Action::LinkBroken(why),
    })
}

/// The workspace as the browser last left it, and what the URL holds.
fn state_from_browser() -> State {
    let mut notices = Vec::new();
    let mut state = match web::load() {
        Stored::Workspace(p) => match Document::from_saved(&p.current) {
            Ok(doc) => State::new(p.lang, doc, p.saved),
            Err(_) => {
                // The record is readable but its scenario is not: keep it aside.
                let set_aside = web::set_aside().is_some();
                notices.push(Action::StorageDamaged { set_aside });
                let mut s = State::fresh(p.lang);
                s.workspace.saved = p.saved;
                s
            }
        },
        Stored::Nothing => State::fresh(web::browser_lang()),
        Stored::Damaged { kept_as } => {
            notices.push(Action::StorageDamaged {
                set_aside: kept_as.is_some(),
            });
            State::fresh(web::browser_lang())
        }
    };
    if let Some(action) = open_fragment(&web::fragment()) {
        notices.push(action);
    }
    for action in notices {
        state = (*yew::Reducible::reduce(Rc::new(state), action)).clone();
    }
    state
}

/// The app.
#[component]
pub fn App(props: &AppProps) -> Html {
    let initial = props.initial.clone();
    let state = use_reducer(move || match initial {
        Some(Initial(s)) => (*s).clone(),
        None => state_from_browser(),
    });
    let workers: SharedWorkers = use_mut_ref(Workers::default);
    let dispatch = {
        let d = state.dispatcher();
        use_memo((), move |_| Callback::from(move |a: Action| d.dispatch(a)))
    };
    let dispatch: Callback<Action> = (*dispatch).clone();
    let ctx = Ctx {
        state: Rc::new((*state).clone()),
        dispatch: dispatch.clone(),
    };
    let lang = state.lang;
    use_browser(&state, &workers);
    {
        // Results are never left stale: on opening the page and after every
        // valid edit the scenario runs by itself, the first partial result
        // on screen within a few hundred milliseconds and the rest streaming
        // in; a new edit replaces the run in progress.
        let key = state.wants_run().then(|| state.workspace.doc.to_toml());
        let (state, workers) = (state.clone(), workers.clone());
        use_effect_with(key, move |key| {
            if key.is_some() {
                start_run(&state, &workers);
            }
        });
    }
    let jobs = jobs(&state, &workers);
    let skip_to_run = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::ShowTool(Tool::Results));
            web::focus_later("run-controls");
        })
    };
    let toggle = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::SetLang(lang.other())))
    };

    html! {
        <div class="app" lang={lang.tag()} data-workers={workers.borrow().len().to_string()}>
            // The first stop of the keyboard: straight to the results and Run.
            <button type="button" class="skip-link" data-testid="skip-to-run" onclick={skip_to_run}>
                { Msg::SkipToRun.text(lang) }</button>
            <header class="top">
                <div>
                    <h1>{ Msg::AppTitle.text(lang) }</h1>
                    <p class="tagline">{ Msg::AppTagline.text(lang) }</p>
                </div>
                <button type="button" data-testid="language-toggle" onclick={toggle}
                    lang={lang.other().tag()}>{ Msg::LanguageToggle.text(lang) }</button>
            </header>
            <Notices ..ctx.clone() />
            <main class="layout">
                <div class="workspace">
                    <Editors ctx={ctx.clone()} />
                    <KeepAndShare ..ctx.clone() />
                </div>
                <div class="results">
                    <ToolTabs ..ctx.clone() />
                    <div role="tabpanel" id={format!("panel-{}", state.tool.key())}
                        aria-labelledby={format!("tab-{}", state.tool.key())}>
                    { tool_panel(&ctx, jobs) }
                    </div>
                </div>
            </main>
            // Final results only: charts for print are not redrawn at every
            // progress message of a run.
            if let (Some(why), Some(_)) = (state.results_stale(), &state.run.results) {
                <p class="print-only stale-print" data-testid="print-stale" role="note">
                    <strong>{ why.text(lang) }</strong>{ " " }{ Msg::StalePrint.text(lang) }
                </p>
            }
            <PrintReport results={state.run.results.clone().filter(|r| !r.partial).map(Printed)}
                lang={lang} page_url={web::page_url()} />
            if state.presenting.is_some() && state.run.results.is_some() {
                <Presentation ..ctx.clone() />
                if let Some(why) = state.results_stale() {
                    <p class="present-stale" data-testid="present-stale" role="status">{ why.text(lang) }</p>
                }
            }
        </div>
    }
}

/// The app's ties to the browser: the workers (started once), share links
/// opened while the page is open, autosave, and the page's language.
#[hook]
fn use_browser(state: &UseReducerHandle<State>, workers: &SharedWorkers) {
    {
        #[cfg(target_arch = "wasm32")]
        let (d, workers) = (state.dispatcher(), workers.clone());
        #[cfg(not(target_arch = "wasm32"))]
        let _ = workers;
        use_effect_with((), move |_| {
            #[cfg(target_arch = "wasm32")]
            {
                let count = pool::pool_size(
                    pool::workers_param(&web::query()),
                    web::hardware_concurrency(),
                );
                let url = web::absolute("pkg/worker.js");
                pool::start(&workers, count, &url, move |a| d.dispatch(a));
            }
        });
    }
    {
        let d = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web::on_fragment_change(move |fragment| {
                if let Some(action) = open_fragment(&fragment) {
                    d.dispatch(action);
                }
            });
            // Dropping the guard stops listening (natively it holds nothing).
            #[allow(clippy::drop_non_drop)]
            move || drop(listener)
        });
    }
    {
        // Autosave; a write that fails is said on screen until one works.
        let persisted = state.persisted();
        let d = state.dispatcher();
        use_effect_with(persisted, move |p| {
            d.dispatch(Action::Autosaved(web::save(p).is_ok()))
        });
    }
    use_effect_with(state.lang, |lang| {
        web::set_document_lang(*lang, Msg::AppTitle.text(*lang))
    });
}

/// What starts jobs in the workers (a run, an allocation search, a
/// comparison), and the one Cancel that stops the job in progress,
/// whatever its kind.
struct Jobs {
    run: Callback<()>,
    optimise: Callback<OptimizeSettings>,
    compare: Callback<()>,
    structure: Callback<()>,
    cancel: Callback<()>,
}

/// Send the runs of the scenario being edited to the workers, replacing a
/// run in progress.
fn start_run(state: &UseReducerHandle<State>, workers: &SharedWorkers) {
    let Some(loaded) = &state.workspace.checked.loaded else {
        return;
    };
    let job = state.next_job;
    let text = state.workspace.doc.to_toml();
    pool::run(workers, job, text, Rc::new(loaded.plan.clone()));
    state.dispatch(Action::RunStarted {
        job,
        total: loaded.plan.runs,
        now_ms: web::now_ms(),
    });
}

fn jobs(state: &UseReducerHandle<State>, workers: &SharedWorkers) -> Jobs {
    let run = {
        let (state, workers) = (state.clone(), workers.clone());
        Callback::from(move |_| {
            if state.run_blocked().is_none() {
                start_run(&state, &workers);
            }
        })
    };
    let optimise = {
        let (state, workers) = (state.clone(), workers.clone());
        Callback::from(move |settings| {
            if state.run_blocked().is_some() {
                return;
            }
            let job = state.next_job;
            pool::optimise(&workers, job, state.workspace.doc.to_toml(), settings);
            let now_ms = web::now_ms();
            state.dispatch(Action::Optimise(OptimiseAction::Started { job, now_ms }));
        })
    };
    let compare = {
        let (state, workers) = (state.clone(), workers.clone());
        Callback::from(move |_| {
            if state.running_job().is_some() || !state.worker_ready {
                return;
            }
            let Ok(setup) = state.compare_setup() else {
                return;
            };
            let job = state.next_job;
            pool::compare(&workers, job, setup.texts, 0..setup.runs);
            let (total, plans) = (setup.runs, setup.plans);
            state.dispatch(Action::Compare(CompareAction::Started {
                job,
                total,
                plans,
            }));
        })
    };
    let structure = {
        let (state, workers) = (state.clone(), workers.clone());
        Callback::from(move |_| {
            if state.run_blocked().is_some() {
                return;
            }
            let Some(loaded) = &state.workspace.checked.loaded else {
                return;
            };
            let job = state.next_job;
            let toml = state.workspace.doc.to_toml();
            let runs = structure_runs(loaded.plan.runs);
            pool::structure(&workers, job, toml.clone(), runs);
            state.dispatch(Action::Structure(StructureAction::Started {
                job,
                loaded: Rc::new(loaded.clone()),
                toml,
                runs,
            }));
        })
    };
    let cancel = {
        let (state, workers) = (state.clone(), workers.clone());
        Callback::from(move |_| {
            if let Some(job) = state.running_job() {
                pool::cancel(&workers, job);
            }
        })
    };
    Jobs {
        run,
        optimise,
        compare,
        structure,
        cancel,
    }
}

/// The tool the results column shows, with what starts and stops its jobs.
fn tool_panel(ctx: &Ctx, jobs: Jobs) -> Html {
    let Jobs {
        run,
        optimise,
        compare,
        structure,
        cancel,
    } = jobs;
    match ctx.state.tool {
        Tool::Results => html! { <>
            <RunControls ctx={ctx.clone()} on_run={run} on_cancel={cancel} />
            <StaleNotice ..ctx.clone() />
            <Dashboard ..ctx.clone() />
        </> },
        Tool::MyWard => html! { <MyWardPanel ctx={ctx.clone()} on_run={run} /> },
        Tool::Compare => html! {
            <ComparePanel ctx={ctx.clone()} on_start={compare} on_cancel={cancel} />
        },
        Tool::Equity => html! { <EquityPanel ..ctx.clone() /> },
        Tool::Sensitivity => html! { <>
            <SensitivityPanel ..ctx.clone() />
            <StructurePanel ctx={ctx.clone()} on_start={structure} on_cancel={cancel} />
        </> },
        Tool::Optimise => html! {
            <OptimisePanel ctx={ctx.clone()} on_start={optimise} on_cancel={cancel} />
        },
        Tool::Model => html! { <ModelPage ..ctx.clone() /> },
    }
}

/// Props of [`Editors`]: equal while what the editors show is unchanged.
#[derive(Clone, Properties)]
struct EditorsProps {
    ctx: Ctx,
}

impl PartialEq for EditorsProps {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.ctx.state, &other.ctx.state);
        a.lang == b.lang
            && Rc::ptr_eq(&a.workspace.checked, &b.workspace.checked)
            && a.workspace.saved == b.workspace.saved
            && a.drafts == b.drafts
            && a.ward_budget_fy == b.ward_budget_fy
            && self.ctx.dispatch == other.ctx.dispatch
    }
}

/// The scenario editors. They show only the scenario, its check, the saved
/// list, refused cells and the language, and are redrawn only when one of
/// those changes — not at every partial result of a run — so that what is
/// being typed into a field is never reset while results stream in.
#[component]
fn Editors(props: &EditorsProps) -> Html {
    let ctx = &props.ctx;
    html! {
        <>
            <ScenarioPicker ..ctx.clone() />
            <ErrorList ..ctx.clone() />
            <RunSettingsPanel ..ctx.clone() />
            <BudgetEditor ..ctx.clone() />
            <OutcomeRulesEditor ..ctx.clone() />
            <ParametersPanel ..ctx.clone() />
            <ModelSettings ..ctx.clone() />
        </>
    }
}

/// Says when the results shown are not the scenario's current results
/// (being calculated, edited since, invalid, cancelled), and why.
#[component]
pub fn StaleNotice(ctx: &Ctx) -> Html {
    match ctx.state.results_stale() {
        Some(why) => html! {
            <p class="status stale" role="status" data-testid="results-stale"
                data-why={format!("{why:?}")}>{ why.text(ctx.state.lang) }</p>
        },
        None => html! {},
    }
}

/// The tabs of the results column. Arrow keys move between tabs.
#[component]
pub fn ToolTabs(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    let current = ctx.state.tool;
    let keydown = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            let i = Tool::ALL.iter().position(|t| *t == current).unwrap_or(0);
            let n = Tool::ALL.len();
            let next = match e.key().as_str() {
                "ArrowRight" => (i + 1) % n,
                "ArrowLeft" => (i + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            e.prevent_default();
            dispatch.emit(Action::ShowTool(Tool::ALL[next]));
            web::focus(&format!("tab-{}", Tool::ALL[next].key()));
        })
    };
    html! {
        <div class="tabs" role="tablist" aria-label={Msg::Tools.text(lang)} onkeydown={keydown}>
        { for Tool::ALL.iter().map(|&tool| {
            let selected = tool == current;
            let onclick = { let d = ctx.dispatch.clone(); Callback::from(move |_| d.emit(Action::ShowTool(tool))) };
            html! {
                <button type="button" role="tab" id={format!("tab-{}", tool.key())}
                    aria-selected={selected.to_string()} aria-controls={format!("panel-{}", tool.key())}
                    tabindex={if selected { "0" } else { "-1" }} data-testid={format!("tab-{}", tool.key())}
                    onclick={onclick}>{ tool.label().text(lang) }</button>
            }
        }) }
        </div>
    }
}

/// Notices: problems with imports, links, storage and the worker; what a
/// replacement of the workspace did, with Undo; and, while autosave fails,
/// that it does and what to do.
#[component]
pub fn Notices(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    if ctx.state.notices.is_empty()
        && !ctx.state.workspace.save_failed
        && ctx.state.confirm.is_none()
    {
        return html! {};
    }
    let undo = {
        let d = ctx.dispatch.clone();
        Callback::from(move |_| d.emit(Action::undo_now()))
    };
    html! {
        <div class="notices">
        if ctx.state.workspace.save_failed {
            // A status, announced politely, that stays until a save works.
            <div class="notice problem" role="status" data-testid="save-failed">
                <p>{ Msg::SaveFailed.text(lang) }</p>
                <p class="detail">{ Msg::SaveFailedHelp.text(lang) }</p>
                <button type="button" onclick={export_toml(&ctx.state.workspace.doc)}>{ Msg::ExportToml.text(lang) }</button>
            </div>
        }
        if ctx.state.confirm.is_some() {
            <div class="notice confirm" role="alertdialog" aria-labelledby="confirm-title"
                aria-describedby="confirm-help" data-testid="confirm-replace-dialog">
                <p id="confirm-title"><strong>{ Msg::ConfirmReplaceTitle.text(lang) }</strong></p>
                <p id="confirm-help" class="detail">{ Msg::ConfirmReplaceHelp.text(lang) }</p>
                <button type="button" class="primary" data-testid="confirm-replace" autofocus=true
                    onclick={ctx.dispatch.reform(|_: MouseEvent| Action::ConfirmReplace)}>{ Msg::ConfirmReplace.text(lang) }</button>
                <button type="button" data-testid="cancel-replace"
                    onclick={ctx.dispatch.reform(|_: MouseEvent| Action::CancelReplace)}>{ Msg::KeepEditing.text(lang) }</button>
            </div>
        }
        { for ctx.state.notices.iter().enumerate().map(|(i, n)| {
            let dismiss = { let d = ctx.dispatch.clone(); Callback::from(move |_| d.emit(Action::Dismiss(i))) };
            let (class, role, testid, text, detail) = match n {
                Notice::Info(m) => ("notice info", "status", "notice-info", m.text(lang).to_string(), Vec::new()),
                Notice::Problem { msg, detail } => ("notice problem", "alert", "notice-problem", msg.text(lang).to_string(), detail.clone()),
                Notice::Replaced { msg, .. } => ("notice info", "status", "notice-replaced", msg.text(lang).to_string(), Vec::new()),
                Notice::Saved(name) => ("notice info", "status", "notice-saved", Msg::SavedAs.fill(lang, &[("name", name)]), Vec::new()),
                Notice::Deleted { name, .. } => ("notice info", "status", "notice-deleted", Msg::DeletedSaved.fill(lang, &[("name", name)]), Vec::new()),
            };
            let undo_delete = { let d = ctx.dispatch.clone(); Callback::from(move |_| d.emit(Action::UndoDelete(i))) };
            html! {
                <div class={class} role={role} data-testid={testid}>
                    <p>{ text }</p>
                    if let Notice::Replaced { kept_as: Some(name), .. } = n {
                        <p class="detail" data-testid="kept-as">{ Msg::KeptInSavedList.fill(lang, &[("name", name)]) }</p>
                    }
                    if !detail.is_empty() {
                        <ul data-testid="import-errors">{ for detail.iter().map(|d| html! { <li>{ d.get(lang).to_string() }</li> }) }</ul>
                    }
                    if let Notice::Replaced { undo: true, .. } = n {
                        <button type="button" onclick={undo.clone()} data-testid="undo-replace">{ Msg::Undo.text(lang) }</button>
                    }
                    if let Notice::Deleted { .. } = n {
                        <button type="button" onclick={undo_delete} data-testid="undo-delete">{ Msg::Undo.text(lang) }</button>
                    }
                    <button type="button" onclick={dismiss} aria-label={Msg::DismissNotice.text(lang)}>{ "×" }</button>
                </div>
            }
        }) }
        </div>
    }
}

/// Offers the scenario `doc` as a TOML file named after it.
fn export_toml(doc: &Document) -> Callback<MouseEvent> {
    // Written when asked for, not at every drawing of the page.
    let doc = doc.clone();
    Callback::from(move |_| {
        let file = format!("{}.toml", file_stem(&doc));
        web::download(&file, "application/toml", &doc.to_toml())
    })
}

/// The stem of the files of `doc`: its name, or "scenario".
fn file_stem(doc: &Document) -> String {
    let n = doc.name();
    if n.is_empty() { "scenario".into() } else { n }
}

/// Export, import, share link and result downloads.
#[component]
pub fn KeepAndShare(ctx: &Ctx) -> Html {
    let lang = ctx.state.lang;
    let doc = &ctx.state.workspace.doc;
    let name = file_stem(doc);
    let export_toml = export_toml(doc);
    let export_json = {
        let (doc, file) = (doc.clone(), format!("{name}.json"));
        Callback::from(move |_| web::download(&file, "application/json", &doc.to_json()))
    };
    // Encoded again only when the scenario changes (not at each progress
    // report of a run).
    let link = use_memo(doc.clone(), |doc| {
        format!("{}#{}", web::page_url(), share::encode(&doc.to_toml()))
    });
    let copy = {
        let link = link.clone();
        Callback::from(move |_| web::copy(&link))
    };
    let on_import = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            import_file(file, dispatch.clone());
        })
    };
    // Result files are written only when asked for.
    let download = |ext: &'static str, mime: &'static str, write: fn(&Report) -> String| {
        let results = ctx.state.run.results.clone();
        let file = format!("{name}-results.{ext}");
        Callback::from(move |_| {
            if let Some(r) = &results {
                web::download(&file, mime, &write(&r.report));
            }
        })
    };
    let download_csv = download("csv", "text/csv", Report::to_csv);
    let download_json = download("json", "application/json", Report::to_json);
    let has_results = ctx.state.run.results.is_some();
    html! {
        <section class="panel" aria-labelledby="h-keep">
            <h2 id="h-keep">{ Msg::KeepAndShare.text(lang) }</h2>
            <div class="row">
                <button type="button" onclick={export_toml} data-testid="export-toml">{ Msg::ExportToml.text(lang) }</button>
                <button type="button" onclick={export_json} data-testid="export-json">{ Msg::ExportJson.text(lang) }</button>
            </div>
            <div class="field">
                <label for="import-file">{ Msg::Import.text(lang) }</label>
                <input id="import-file" type="file" accept=".toml,.json,application/json,application/toml,text/plain"
                    data-testid="import-file" onchange={on_import} />
            </div>
            <div class="field">
                <label for="share-link">{ Msg::ShareLink.text(lang) }</label>
                <input id="share-link" type="text" readonly=true value={(*link).clone()} data-testid="share-link"
                    aria-describedby="share-help" />
                <button type="button" onclick={copy}>{ Msg::CopyLink.text(lang) }</button>
                <p id="share-help" class="help">{ Msg::ShareLinkHelp.text(lang) }</p>
            </div>
            <div class="row">
                <button type="button" onclick={download_csv} disabled={!has_results} data-testid="download-csv">{ Msg::DownloadCsv.text(lang) }</button>
                <button type="button" onclick={download_json} disabled={!has_results} data-testid="download-json">{ Msg::DownloadJson.text(lang) }</button>
            </div>
        </section>
    }
}

/// Largest file the import reads (bytes); larger files are refused unread.
pub const MAX_IMPORT_BYTES: f64 = crate::scenario::resolve::MAX_FILE_BYTES as f64;

fn import_file(file: web_sys::File, dispatch: Callback<Action>) {
    let name = file.name();
    if file.size() > MAX_IMPORT_BYTES {
        let errors = crate::scenario::ScenarioErrors {
            source_name: name.clone(),
            errors: vec![FieldError::new(
                "",
                Shown::Nothing,
                Problem::ImportTooLarge {
                    mb: format!("{:.1}", file.size() / 1_048_576.0),
                    max_mb: (MAX_IMPORT_BYTES / 1_048_576.0).to_string(),
                },
            )],
        };
        dispatch.emit(Action::ImportRefused(errors));
        return;
    }
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(async move {
        let blob = gloo_file::Blob::from(file);
        let result = match gloo_file::futures::read_as_text(&blob).await {
            Ok(text) => Document::import(&text, format_of(&name), &name),
            Err(e) => Err(crate::scenario::ScenarioErrors {
                source_name: name.clone(),
                errors: vec![FieldError::new(
                    "",
                    Shown::Nothing,
                    Problem::Unreadable {
                        detail: e.to_string(),
                    },
                )],
            }),
        };
        dispatch.emit(match result {
            Ok(doc) => Action::replace_now(Replacement::Imported(doc)),
            Err(errors) => Action::ImportRefused(errors),
        });
    });
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (dispatch, format_of(&name));
}
