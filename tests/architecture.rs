//! The shape of the source tree, checked on every test run (see
//! docs/architecture.md):
//!
//! - imports point down the layers: the shared leaves (`text`, `hash`) ←
//!   `model` ← `scenario` ← `sim` ← {`report`, `chart`} ← {`job`, `serve`,
//!   `selfcheck`} ← `worker` ← `ui` ← the binaries; a module may import
//!   from its own layer only within its own top-level module (the app's
//!   `ui` sits above `worker` because it starts the worker it talks to);
//! - no import circles between files;
//! - no source file over 800 lines and no function over 120 lines outside
//!   tests.
//!
//! What does not meet these rules yet is listed by name in [`DEBTS`] and
//! [`KNOWN_CIRCLES`]; a listed entry that no longer breaks a rule fails the
//! test too, so the lists only shrink.
//!
//! The imports are read from the text of `src/`: every `crate::…`,
//! `super::…` and `self::…` path, resolved to the file that defines it
//! (through a `mod.rs` that only re-exports, to the file it re-exports).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Layer of each top-level module: a module may import from lower layers,
/// and from its own layer only inside itself.
const LAYERS: &[(&str, u8)] = &[
    ("text", 0),
    ("hash", 0),
    ("model", 1),
    ("scenario", 2),
    ("sim", 3),
    ("report", 4),
    ("chart", 4),
    ("job", 5),
    ("serve", 5),
    ("selfcheck", 5),
    ("worker", 6),
    ("ui", 7),
    ("lib", 8),
    ("bin", 9),
];

/// Files over [`MAX_FILE_LINES`] (`path`) and functions over
/// [`MAX_FN_LINES`] (`path: fn name`) still waiting to be cut up.
const DEBTS: &[&str] = &[];

/// Import circles still waiting to be broken, each as the set of its files.
const KNOWN_CIRCLES: &[&[&str]] = &[];

const MAX_FILE_LINES: usize = 800;
const MAX_FN_LINES: usize = 120;

/// One source file: its module path (`sim::stats`) and text.
struct Source {
    path: PathBuf,
    module: Vec<String>,
    text: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(&root).expect("under src");
                let mut module: Vec<String> = rel
                    .with_extension("")
                    .iter()
                    .map(|c| c.to_string_lossy().into_owned())
                    .collect();
                if module.last().is_some_and(|m| m == "mod") {
                    module.pop();
                }
                let text = std::fs::read_to_string(&path).expect("read");
                out.push(Source { path, module, text });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The text of a file without its comments, string literals and unit-test
/// modules (`#[cfg(test)] mod … { … }`), so that braces and paths are code.
fn code_of(text: &str) -> String {
    let bytes: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < bytes.len() && bytes[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < bytes.len() && !(bytes[i] == '*' && bytes[i + 1] == '/') {
                if bytes[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 2;
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !prev_is_ident(&bytes, i)
        {
            // A raw string: r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while bytes.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if bytes.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= bytes.len() {
                    break;
                }
                if bytes[j] == '"' && (0..hashes).all(|k| bytes.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                if bytes[j] == '\n' {
                    out.push('\n');
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < bytes.len() && bytes[i] != '"' {
                if bytes[i] == '\\' {
                    i += 1;
                }
                if bytes.get(i) == Some(&'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && is_char_literal(&bytes, i) {
            // A character literal such as '{' or '\''.
            i += 1;
            while i < bytes.len() && bytes[i] != '\'' {
                if bytes[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    strip_test_modules(&out)
}

fn prev_is_ident(bytes: &[char], i: usize) -> bool {
    i > 0 && (bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_')
}

/// Whether the `'` at `i` opens a character literal (not a lifetime).
fn is_char_literal(bytes: &[char], i: usize) -> bool {
    matches!(
        (bytes.get(i + 1), bytes.get(i + 2)),
        (Some('\\'), _) | (Some(_), Some('\''))
    )
}

/// Code without `#[cfg(test)]` modules (replaced by as many empty lines).
fn strip_test_modules(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        let after = &rest[at..];
        let module = after
            .find('\n')
            .map(|nl| after[nl + 1..].trim_start())
            .filter(|l| l.starts_with("mod ") || l.starts_with("pub mod "));
        if module.is_none() {
            out.push_str(&rest[..at + 12]);
            rest = &rest[at + 12..];
            continue;
        }
        out.push_str(&rest[..at]);
        let Some(open) = after.find('{') else {
            // `#[cfg(test)] mod tests;`: a file of its own.
            let end = after.find(';').map_or(after.len(), |e| e + 1);
            out.push_str(&"\n".repeat(after[..end].matches('\n').count()));
            rest = &after[end..];
            continue;
        };
        let end = matching_brace(after, open).unwrap_or(after.len() - 1);
        out.push_str(&"\n".repeat(after[..=end].matches('\n').count()));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Index of the `}` matching the `{` at `open`.
fn matching_brace(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Every path a file names that starts with `crate`, `super` or `self`,
/// as segments (with `use` groups expanded one level: `a::{b, c::d}`).
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts = ["crate::", "super::", "self::"]
            .iter()
            .find(|p| code_at(&chars, i, p) && !prev_is_ident(&chars, i));
        let Some(start) = starts else {
            i += 1;
            continue;
        };
        let mut j = i + start.len();
        let mut prefix: Vec<String> = vec![start.trim_end_matches("::").to_string()];
        // `super::super::…`
        loop {
            let word: String = chars[j..]
                .iter()
                .take_while(|c| c.is_alphanumeric() || **c == '_')
                .collect();
            if word.is_empty() {
                break;
            }
            j += word.len();
            prefix.push(word);
            if code_at(&chars, j, "::") {
                j += 2;
                if chars.get(j) == Some(&'{') {
                    let close = group_end(&chars, j);
                    let inner: String = chars[j + 1..close].iter().collect();
                    for part in split_group(&inner) {
                        let mut p = prefix.clone();
                        p.extend(
                            part.split("::")
                                .map(|s| s.trim().to_string())
                                .take_while(|s| !s.starts_with('{') && !s.is_empty())
                                .map(|s| s.split_whitespace().next().unwrap_or("").to_string()),
                        );
                        out.push(p);
                    }
                    j = close;
                    prefix.clear();
                    break;
                }
            } else {
                break;
            }
        }
        if !prefix.is_empty() {
            out.push(prefix);
        }
        i = j.max(i + 1);
    }
    out
}

fn code_at(chars: &[char], i: usize, pat: &str) -> bool {
    pat.chars()
        .enumerate()
        .all(|(k, c)| chars.get(i + k) == Some(&c))
}

fn group_end(chars: &[char], open: usize) -> usize {
    let mut depth = 0;
    for (k, c) in chars.iter().enumerate().skip(open) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    chars.len()
}

fn split_group(inner: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in inner.chars() {
        match c {
            '{' => {
                depth += 1;
                cur.push(c);
            }
            '}' => {
                depth -= 1;
                cur.push(c);
            }
            ',' if depth == 0 => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The files of the tree by module path.
struct Tree {
    files: BTreeMap<Vec<String>, usize>,
    /// For a `mod.rs` (or `lib.rs`): an item it re-exports → the module
    /// that defines it.
    reexports: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
}

impl Tree {
    fn new(sources: &[Source]) -> Tree {
        let mut files = BTreeMap::new();
        let mut reexports = BTreeMap::new();
        for (k, s) in sources.iter().enumerate() {
            files.insert(s.module.clone(), k);
            let mut map = BTreeMap::new();
            for line in code_of(&s.text).lines() {
                let line = line.trim();
                let Some(rest) = line.strip_prefix("pub use ") else {
                    continue;
                };
                for path in paths_in(&format!("self::{rest}")) {
                    if let Some(item) = path.last() {
                        map.insert(item.clone(), path);
                    }
                }
            }
            reexports.insert(s.module.clone(), map);
        }
        Tree { files, reexports }
    }

    /// The file a path from `module` names (the longest module prefix that
    /// is a file), following re-exports of a facade module.
    fn resolve(&self, module: &[String], path: &[String]) -> Option<usize> {
        let mut abs: Vec<String> = Vec::new();
        let mut segments = path.iter().peekable();
        let mut base: Vec<String> = module.to_vec();
        match segments.next().map(String::as_str) {
            Some("crate") => base.clear(),
            Some("self") => {}
            Some("super") => {
                // In a/b.rs and in a/b/mod.rs alike, `super` is a.
                base.pop();
                while segments.peek().map(|s| s.as_str()) == Some("super") {
                    segments.next();
                    base.pop();
                }
            }
            _ => return None,
        }
        abs.extend(base);
        abs.extend(segments.cloned());
        self.find(&abs, 0)
    }

    fn find(&self, abs: &[String], depth: usize) -> Option<usize> {
        for len in (0..=abs.len()).rev() {
            let prefix = &abs[..len];
            let Some(&file) = self.files.get(prefix) else {
                continue;
            };
            // A re-exported item of a facade: the file that defines it.
            if depth < 8
                && let Some(item) = abs.get(len)
                && let Some(target) = self.reexports.get(prefix).and_then(|m| m.get(item))
            {
                let mut target_abs = prefix.to_vec();
                let mut rest = target.iter().skip(1).peekable();
                // `pub use crate::…` re-exports from elsewhere.
                if target.first().map(String::as_str) == Some("crate") {
                    target_abs.clear();
                    target_abs.extend(target.iter().skip(1).cloned());
                } else {
                    for s in rest.by_ref() {
                        if s == "super" {
                            target_abs.pop();
                        } else {
                            target_abs.push(s.clone());
                        }
                    }
                }
                target_abs.extend(abs[len + 1..].iter().cloned());
                if target_abs != abs {
                    return self.find(&target_abs, depth + 1);
                }
            }
            return Some(file);
        }
        None
    }
}

fn layer_of(module: &[String]) -> (String, u8) {
    let top = module.first().map_or("lib", String::as_str).to_string();
    let layer = LAYERS
        .iter()
        .find(|(m, _)| *m == top)
        .map(|(_, l)| *l)
        .unwrap_or_else(|| panic!("the top-level module {top} has no layer in LAYERS"));
    (top, layer)
}

/// Every import between files: (from, to) indices.
fn imports(sources: &[Source]) -> BTreeSet<(usize, usize)> {
    let tree = Tree::new(sources);
    let mut edges = BTreeSet::new();
    for (k, s) in sources.iter().enumerate() {
        for path in paths_in(&code_of(&s.text)) {
            if let Some(to) = tree.resolve(&s.module, &path)
                && to != k
            {
                edges.insert((k, to));
            }
        }
    }
    edges
}

fn name(s: &Source) -> String {
    s.path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(&s.path)
        .display()
        .to_string()
}

#[test]
fn imports_point_down_the_layers() {
    let sources = sources();
    let mut wrong = Vec::new();
    for (from, to) in imports(&sources) {
        let (a, la) = layer_of(&sources[from].module);
        let (b, lb) = layer_of(&sources[to].module);
        if lb > la || (lb == la && a != b) {
            wrong.push(format!(
                "{} imports {} ({a} may not import {b})",
                name(&sources[from]),
                name(&sources[to])
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that point up:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_import_circles_between_files() {
    let sources = sources();
    let edges = imports(&sources);
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); sources.len()];
    for (a, b) in &edges {
        next[*a].push(*b);
    }
    let circles: Vec<BTreeSet<String>> = strongly_connected(&next)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| c.iter().map(|&k| name(&sources[k])).collect())
        .collect();
    let known: Vec<BTreeSet<String>> = KNOWN_CIRCLES
        .iter()
        .map(|c| c.iter().map(|f| f.to_string()).collect())
        .collect();
    let new: Vec<String> = circles
        .iter()
        .filter(|c| !known.iter().any(|k| c.is_subset(k)))
        .map(|c| c.iter().cloned().collect::<Vec<_>>().join(" ↔ "))
        .collect();
    assert!(new.is_empty(), "import circles:\n{}", new.join("\n"));
    let gone: Vec<String> = known
        .iter()
        .filter(|k| !circles.iter().any(|c| c.is_subset(k) && c.len() > 1))
        .map(|k| k.iter().cloned().collect::<Vec<_>>().join(" ↔ "))
        .collect();
    assert!(
        gone.is_empty(),
        "circles in KNOWN_CIRCLES that are gone (remove them from the list):\n{}",
        gone.join("\n")
    );
}

/// Tarjan's strongly connected components.
fn strongly_connected(next: &[Vec<usize>]) -> Vec<Vec<usize>> {
    struct State<'a> {
        next: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        counter: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.counter);
        s.low[v] = s.counter;
        s.counter += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for w in s.next[v].clone() {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                _ => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                component.push(w);
                if w == v {
                    break;
                }
            }
            s.out.push(component);
        }
    }
    let n = next.len();
    let mut s = State {
        next,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        counter: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.out
}

#[test]
fn files_and_functions_a_reader_can_hold() {
    let mut long = Vec::new();
    let mut found = BTreeSet::new();
    for s in sources() {
        let lines = s.text.lines().count();
        if lines > MAX_FILE_LINES {
            let key = name(&s);
            if !DEBTS.contains(&key.as_str()) {
                long.push(format!("{key}: {lines} lines"));
            }
            found.insert(key);
        }
        let code = code_of(&s.text);
        for (line_no, len, f) in functions(&code) {
            if len > MAX_FN_LINES {
                let key = format!("{}: fn {f}", name(&s));
                if !DEBTS.contains(&key.as_str()) {
                    long.push(format!("{}:{line_no}: fn {f} has {len} lines", name(&s)));
                }
                found.insert(key);
            }
        }
    }
    assert!(
        long.is_empty(),
        "over {MAX_FILE_LINES} lines a file or {MAX_FN_LINES} a function (tests aside):\n{}",
        long.join("\n")
    );
    let paid: Vec<&str> = DEBTS
        .iter()
        .copied()
        .filter(|d| !found.contains(*d))
        .collect();
    assert!(
        paid.is_empty(),
        "entries in DEBTS that now meet the rules (remove them from the list):\n{}",
        paid.join("\n")
    );
}

/// (first line, lines, name) of every function with a body.
fn functions(code: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(at) = code[search..].find("fn ") {
        let at = search + at;
        search = at + 3;
        let before = code[..at].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let fn_name: String = code[at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if fn_name.is_empty() {
            continue;
        }
        // The body starts at the first `{` before any `;` (a declaration
        // without a body ends at `;`).
        let rest = &code[at..];
        let (Some(open), semi) = (rest.find('{'), rest.find(';')) else {
            continue;
        };
        if semi.is_some_and(|s| s < open) && !rest[..open].contains("where") {
            continue;
        }
        let Some(close) = matching_brace(rest, open) else {
            continue;
        };
        let first = code[..at].matches('\n').count() + 1;
        let len = rest[..=close].matches('\n').count() + 1;
        out.push((first, len, fn_name));
        search = at + open + 1;
    }
    out
}

#[test]
fn the_checks_read_code_as_code() {
    let code = code_of(
        "use crate::a::{b, c::d};\n// crate::x\nlet s = \"crate::y {\";\nfn f() {\n    super::z();\n}\n\
         #[cfg(test)]\nmod tests {\n    use crate::q;\n}\n",
    );
    let paths = paths_in(&code);
    assert!(
        paths.contains(&vec!["crate".into(), "a".into(), "b".into()]),
        "{paths:?}"
    );
    assert!(paths.contains(&vec!["crate".into(), "a".into(), "c".into(), "d".into()]));
    assert!(paths.contains(&vec!["super".into(), "z".into()]));
    assert!(
        !paths
            .iter()
            .any(|p| p.contains(&"x".to_string()) || p.contains(&"q".to_string()))
    );
    assert_eq!(functions(&code), vec![(4, 3, "f".to_string())]);
}
