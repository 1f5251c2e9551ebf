//! The few browser services the app uses: local storage, the URL, file
//! downloads, the clock and the browser's language. Natively (render tests)
//! they do nothing and report nothing stored.

use super::i18n::Lang;
use super::state::workspace::{PERSISTED_VERSION, Persisted};

/// localStorage key of the workspace.
pub const STORAGE_KEY: &str = "sasaeai.workspace";

/// What was found in storage.
#[derive(Debug, PartialEq)]
pub enum Stored {
    /// Nothing saved yet.
    Nothing,
    /// A readable workspace.
    Workspace(Persisted),
    /// An entry that could not be read; it was set aside under `kept_as`,
    /// or left in place (`None`) when there was no room to copy it.
    Damaged {
        /// Key it was copied to.
        kept_as: Option<String>,
    },
}

/// A key–value store like the browser's localStorage: a write that does
/// not fit (the quota) fails and leaves the key as it was.
pub trait Store {
    /// The text under `key`.
    fn get(&self, key: &str) -> Option<String>;
    /// Write `value` under `key`; on failure nothing changes.
    fn set(&mut self, key: &str, value: &str) -> Result<(), NotSaved>;
    /// Remove `key`.
    fn remove(&mut self, key: &str);
}

/// Why the workspace was not written. What was stored before is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotSaved {
    /// The browser gives the page no storage (turned off).
    Unavailable,
    /// The write did not fit (quota), or the stored entry could not be
    /// set aside before being written over.
    Full,
}

/// Read the workspace from `store`; a damaged entry is set aside (see
/// [`set_aside_in`]), never overwritten. `now_ms` names the copy.
pub fn load_from(store: &mut impl Store, now_ms: f64) -> Stored {
    match parse_stored(store.get(STORAGE_KEY).as_deref()) {
        Ok(None) => Stored::Nothing,
        Ok(Some(p)) => Stored::Workspace(p),
        Err(_) => Stored::Damaged {
            kept_as: set_aside_in(store, now_ms),
        },
    }
}

/// Copy the stored workspace to a key of its own, then clear it, so that
/// an entry the app cannot read is kept for the user and not overwritten
/// by autosave. The copy comes first and the entry is cleared only once
/// the copy is written: with no room for the copy, the entry stays where
/// it is and `None` is returned. Otherwise returns the key of the copy.
pub fn set_aside_in(store: &mut impl Store, now_ms: f64) -> Option<String> {
    let raw = store.get(STORAGE_KEY)?;
    let kept_as = format!("{STORAGE_KEY}.damaged.{}", now_ms as u64);
    store.set(&kept_as, &raw).ok()?;
    store.remove(STORAGE_KEY);
    Some(kept_as)
}

/// Write the workspace to `store` in one write of its one key, so that a
/// write that fails leaves the copy saved before whole. An entry there
/// that the app cannot read is set aside first; if it cannot be, nothing
/// is written over it.
pub fn save_to(store: &mut impl Store, p: &Persisted, now_ms: f64) -> Result<(), NotSaved> {
    let text = serde_json::to_string(p).map_err(|_| NotSaved::Full)?;
    let stored = store.get(STORAGE_KEY);
    if stored.as_deref() == Some(text.as_str()) {
        return Ok(());
    }
    if parse_stored(stored.as_deref()).is_err() && set_aside_in(store, now_ms).is_none() {
        return Err(NotSaved::Full);
    }
    store.set(STORAGE_KEY, &text)
}

/// A local date and time as the names of automatic saved entries show it.
pub fn stamp(year: u32, month: u32, day: u32, hour: u32, minute: u32) -> String {
    format!("{year}-{month:02}-{day:02} {hour:02}:{minute:02}")
}

/// Interpret the stored text of the workspace.
pub fn parse_stored(text: Option<&str>) -> Result<Option<Persisted>, String> {
    let Some(text) = text else { return Ok(None) };
    let p: Persisted = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if p.version != PERSISTED_VERSION {
        return Err(format!(
            "saved with format version {}, this app reads version {PERSISTED_VERSION}",
            p.version
        ));
    }
    Ok(Some(p))
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use wasm_bindgen::JsCast;

    use super::*;

    /// The page's localStorage.
    struct Local(web_sys::Storage);

    impl Store for Local {
        fn get(&self, key: &str) -> Option<String> {
            self.0.get_item(key).ok().flatten()
        }
        fn set(&mut self, key: &str, value: &str) -> Result<(), NotSaved> {
            self.0.set_item(key, value).map_err(|_| NotSaved::Full)
        }
        fn remove(&mut self, key: &str) {
            let _ = self.0.remove_item(key);
        }
    }

    fn storage() -> Option<Local> {
        web_sys::window()?.local_storage().ok()?.map(Local)
    }

    /// Read the workspace; a damaged entry is copied aside, never overwritten.
    pub fn load() -> Stored {
        match storage() {
            Some(mut s) => load_from(&mut s, now_ms()),
            None => Stored::Nothing,
        }
    }

    /// Set the stored workspace aside (see [`set_aside_in`]).
    pub fn set_aside() -> Option<String> {
        set_aside_in(&mut storage()?, now_ms())
    }

    /// Keep the workspace (see [`save_to`]).
    pub fn save(p: &Persisted) -> Result<(), NotSaved> {
        save_to(&mut storage().ok_or(NotSaved::Unavailable)?, p, now_ms())
    }

    /// The local date and time now (see [`stamp`]).
    pub fn local_stamp() -> String {
        let d = js_sys::Date::new_0();
        stamp(
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date(),
            d.get_hours(),
            d.get_minutes(),
        )
    }

    /// The fragment of the page's URL (without `#`).
    pub fn fragment() -> String {
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .map(|h| h.trim_start_matches('#').to_string())
            .unwrap_or_default()
    }

    /// Remove the fragment from the address bar without reloading.
    pub fn clear_fragment() {
        if let Some(w) = web_sys::window()
            && let (Ok(history), Ok(path), Ok(search)) =
                (w.history(), w.location().pathname(), w.location().search())
        {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("{path}{search}")),
            );
        }
    }

    /// The page's address without its fragment.
    pub fn page_url() -> String {
        web_sys::window()
            .and_then(|w| w.location().href().ok())
            .map(|h| h.split('#').next().unwrap_or_default().to_string())
            .unwrap_or_default()
    }

    /// An absolute URL for `path` relative to the page.
    pub fn absolute(path: &str) -> String {
        web_sys::Url::new_with_base(path, &page_url())
            .map(|u| u.href())
            .unwrap_or_else(|_| path.to_string())
    }

    /// The window's width in CSS px (`None` when unknown).
    pub fn window_width() -> Option<f64> {
        web_sys::window()
            .and_then(|w| w.inner_width().ok())
            .and_then(|w| w.as_f64())
    }

    /// Milliseconds since the epoch.
    pub fn now_ms() -> f64 {
        js_sys::Date::now()
    }

    /// The query string of the page's address (with its `?`, or empty).
    pub fn query() -> String {
        web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default()
    }

    /// The browser's count of logical processors, if it tells.
    pub fn hardware_concurrency() -> Option<f64> {
        web_sys::window().map(|w| w.navigator().hardware_concurrency())
    }

    /// The browser's preferred language.
    pub fn browser_lang() -> Lang {
        web_sys::window()
            .and_then(|w| w.navigator().language())
            .map(|l| Lang::from_browser(&l))
            .unwrap_or_default()
    }

    /// Set the page's `lang` attribute and title.
    pub fn set_document_lang(lang: Lang, title: &str) {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(root) = doc.document_element() {
                let _ = root.set_attribute("lang", lang.tag());
            }
            doc.set_title(title);
        }
    }

    /// Offer `text` as a file download.
    pub fn download(file: &str, mime: &str, text: &str) {
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type(mime);
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
            return;
        };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
            return;
        };
        if let Some(doc) = web_sys::window().and_then(|w| w.document())
            && let Ok(a) = doc.create_element("a")
        {
            let a: web_sys::HtmlAnchorElement = a.unchecked_into();
            a.set_href(&url);
            a.set_download(file);
            a.click();
        }
        let _ = web_sys::Url::revoke_object_url(&url);
    }

    /// Move the keyboard focus to the element with id `id`.
    pub fn focus(id: &str) {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }

    /// Focus the element with id `id` once the page has been redrawn (for
    /// an element the action just dispatched puts on screen).
    pub fn focus_later(id: &str) {
        let id = id.to_string();
        gloo_timers::callback::Timeout::new(0, move || focus(&id)).forget();
    }

    /// Put `text` on the clipboard.
    pub fn copy(text: &str) {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(text);
        }
    }

    /// Call `f` with the new fragment whenever the address's fragment
    /// changes (a share link pasted into an open tab). Listening stops when
    /// the returned guard is dropped.
    pub fn on_fragment_change(f: impl Fn(String) + 'static) -> Option<FragmentListener> {
        use wasm_bindgen::closure::Closure;
        let window = web_sys::window()?;
        let closure = Closure::<dyn Fn(web_sys::Event)>::new(move |_| f(fragment()));
        window
            .add_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref())
            .ok()?;
        Some(FragmentListener { closure })
    }

    /// Keeps a fragment listener alive.
    pub struct FragmentListener {
        closure: wasm_bindgen::closure::Closure<dyn Fn(web_sys::Event)>,
    }

    impl Drop for FragmentListener {
        fn drop(&mut self) {
            if let Some(w) = web_sys::window() {
                let _ = w.remove_event_listener_with_callback(
                    "hashchange",
                    self.closure.as_ref().unchecked_ref(),
                );
            }
        }
    }

    /// Ask the browser to show the page full screen (for presenting); where
    /// the Fullscreen API is missing or refuses, nothing happens and the
    /// presentation stays a full-window overlay.
    pub fn request_fullscreen() {
        let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        else {
            return;
        };
        // Called through the DOM so that a refusal (a rejected promise) is
        // caught rather than reported as an error.
        let request = js_sys::Reflect::get(&root, &"requestFullscreen".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(request) = request
            && let Ok(promise) = request.call0(&root)
            && let Ok(promise) = promise.dyn_into::<js_sys::Promise>()
        {
            let ignore = wasm_bindgen::closure::Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(
                |_: wasm_bindgen::JsValue| {},
            );
            let _ = promise.catch(&ignore);
            ignore.forget();
        }
    }

    /// Leave full screen if the page is full screen.
    pub fn exit_fullscreen() {
        if let Some(doc) = web_sys::window().and_then(|w| w.document())
            && doc.fullscreen_element().is_some()
        {
            doc.exit_fullscreen();
        }
    }

    /// Open the browser's print dialog.
    pub fn print() {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    }

    /// Call `f` whenever the page leaves full screen (Escape or the
    /// browser's own control). Listening stops when the guard is dropped.
    pub fn on_fullscreen_exit(f: impl Fn() + 'static) -> Option<FullscreenListener> {
        use wasm_bindgen::closure::Closure;
        let document = web_sys::window()?.document()?;
        let doc = document.clone();
        let closure = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
            if doc.fullscreen_element().is_none() {
                f();
            }
        });
        document
            .add_event_listener_with_callback("fullscreenchange", closure.as_ref().unchecked_ref())
            .ok()?;
        Some(FullscreenListener { document, closure })
    }

    /// Keeps a full-screen listener alive.
    pub struct FullscreenListener {
        document: web_sys::Document,
        closure: wasm_bindgen::closure::Closure<dyn Fn(web_sys::Event)>,
    }

    impl Drop for FullscreenListener {
        fn drop(&mut self) {
            let _ = self.document.remove_event_listener_with_callback(
                "fullscreenchange",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::*;

    /// No storage natively.
    pub fn load() -> Stored {
        Stored::Nothing
    }
    /// No storage natively: nothing to lose.
    pub fn save(_: &Persisted) -> Result<(), NotSaved> {
        Ok(())
    }
    /// A fixed time natively.
    pub fn local_stamp() -> String {
        stamp(2025, 4, 1, 9, 0)
    }
    /// No storage natively.
    pub fn set_aside() -> Option<String> {
        None
    }
    /// No URL natively.
    pub fn fragment() -> String {
        String::new()
    }
    /// No URL natively.
    pub fn clear_fragment() {}
    /// No URL natively.
    pub fn page_url() -> String {
        "http://127.0.0.1:8080/".into()
    }
    /// No URL natively.
    pub fn absolute(path: &str) -> String {
        path.to_string()
    }
    /// No window natively.
    pub fn window_width() -> Option<f64> {
        None
    }
    /// No clock needed natively.
    pub fn now_ms() -> f64 {
        0.0
    }
    /// No URL natively.
    pub fn query() -> String {
        String::new()
    }
    /// One processor natively (the render tests).
    pub fn hardware_concurrency() -> Option<f64> {
        Some(1.0)
    }
    /// Japanese natively.
    pub fn browser_lang() -> Lang {
        Lang::Ja
    }
    /// No document natively.
    pub fn set_document_lang(_: Lang, _: &str) {}
    /// No downloads natively.
    pub fn download(_: &str, _: &str, _: &str) {}
    /// No clipboard natively.
    pub fn copy(_: &str) {}
    /// No focus natively.
    pub fn focus(_: &str) {}
    /// No elements natively.
    pub fn focus_later(_: &str) {}
    /// No URL natively.
    pub fn on_fragment_change(_: impl Fn(String) + 'static) -> Option<FragmentListener> {
        None
    }
    /// Keeps a fragment listener alive (nothing natively).
    pub struct FragmentListener;
    /// No full screen natively.
    pub fn request_fullscreen() {}
    /// No full screen natively.
    pub fn exit_fullscreen() {}
    /// No printing natively.
    pub fn print() {}
    /// No full screen natively.
    pub fn on_fullscreen_exit(_: impl Fn() + 'static) -> Option<FullscreenListener> {
        None
    }
    /// Keeps a full-screen listener alive (nothing natively).
    pub struct FullscreenListener;
}

pub use imp::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_workspace_of_another_version_or_garbage_is_refused() {
        assert_eq!(parse_stored(None), Ok(None));
        assert!(parse_stored(Some("{not json")).is_err());
        let p = Persisted {
            version: PERSISTED_VERSION + 1,
            lang: Lang::En,
            current: String::new(),
            saved: Vec::new(),
        };
        let err = parse_stored(Some(&serde_json::to_string(&p).unwrap())).unwrap_err();
        assert!(err.contains("version"), "{err}");
        let ok = Persisted {
            version: PERSISTED_VERSION,
            ..p
        };
        assert_eq!(
            parse_stored(Some(&serde_json::to_string(&ok).unwrap())),
            Ok(Some(ok))
        );
    }
}
