//! A small static file server for the built app (`sasaeai serve`): serves a
//! folder with the MIME types browsers insist on (`.wasm` as
//! `application/wasm`, modules as `text/javascript`), so `make serve` needs
//! nothing beyond this crate. It is meant for this machine (loopback); any
//! static file server (a ward's intranet server included) can host `www/`
//! as well. It is careful about what it serves and how long it waits:
//!
//! - GET and HEAD only (405 otherwise), one request per connection.
//! - Only regular files whose canonical path lies under the canonical root,
//!   with no name starting with `.` in the request or in the path that
//!   symlinks lead to. Everything else is 404: dotfiles and dot-folders,
//!   `..`, symlinks out of the folder, FIFOs and devices, folders without an
//!   `index.html`. A malformed request line or percent-encoding is 400.
//! - The request head (request line and headers) is at most
//!   [`ServeOptions::head_limit`] bytes ([`HEAD_LIMIT`], 8 KiB): 414 when
//!   the request line alone fills it, 431 when the headers make it longer.
//! - A connection must send its whole head within
//!   [`ServeOptions::timeout`] ([`TIMEOUT`], 10 s): 408 if it sent part of
//!   it, closed without an answer if it sent nothing. Each 64 KiB of an
//!   answer must be taken within the same time, or the connection is
//!   closed. Files are streamed, never read whole into memory.
//! - [`ServeOptions::workers`] handler threads ([`WORKERS`]); at most
//!   [`ServeOptions::queue`] ([`QUEUE`]) more accepted connections wait for
//!   one, and any beyond that are answered 503 at once.
//! - Failed accepts (running out of file descriptors, say) are retried
//!   after a pause that grows to 1 s ([`accept_backoff`]), not in a busy loop.
//! - No CORS header unless one origin is allowed explicitly
//!   ([`ServeOptions::allow_origin`]; the browser tests load the worker
//!   script from a page on another port).

use std::fs::File;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The default bound of a request head, request line and headers together.
pub const HEAD_LIMIT: usize = 8 * 1024;
/// The default time a connection has to send its request head, and to take
/// each 64 KiB of the answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// The default number of handler threads.
pub const WORKERS: usize = 16;
/// The default number of accepted connections that may wait for a handler.
pub const QUEUE: usize = 64;
/// The longest pause between failed accepts.
pub const MAX_ACCEPT_BACKOFF: Duration = Duration::from_secs(1);

/// Files are sent in pieces of this size, each within the timeout.
const CHUNK: usize = 64 * 1024;
/// After an error answer sent before the request head was read in full,
/// the server reads and drops up to this much more of the request, for at
/// most [`LINGER_TIME`], so that closing does not reset the connection
/// before the client has read the answer.
const LINGER_BYTES: usize = 256 * 1024;
const LINGER_TIME: Duration = Duration::from_secs(1);

/// The limits of [`serve`]. `Default` gives the production values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServeOptions {
    /// Most bytes of a request head, request line and headers together,
    /// including the blank line that ends it.
    pub head_limit: usize,
    /// Time a connection has to send its whole request head, and to take
    /// each 64 KiB of the answer.
    pub timeout: Duration,
    /// Handler threads (at least 1).
    pub workers: usize,
    /// Accepted connections that may wait for a handler; beyond
    /// `workers + queue` live connections, new ones are answered 503.
    pub queue: usize,
    /// An origin (such as `http://127.0.0.1:8000`) sent in
    /// `Access-Control-Allow-Origin` with every answer, so that pages from
    /// it may read the files; `None` sends no CORS header. See
    /// [`check_origin`].
    pub allow_origin: Option<String>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            head_limit: HEAD_LIMIT,
            timeout: TIMEOUT,
            workers: WORKERS,
            queue: QUEUE,
            allow_origin: None,
        }
    }
}

/// The MIME type of a file name.
pub fn mime(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "toml" | "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Checks an origin for [`ServeOptions::allow_origin`]. Browsers compare
/// it with their `Origin` character for character, so it must be written
/// as they write it: `http` or `https`, `://`, a lower-case host name, IPv4
/// address or bracketed IPv6 address, and a port unless it is the scheme's
/// default; no path, not even a trailing `/`. The error says what is
/// expected.
pub fn check_origin(origin: &str) -> Result<(), String> {
    let expected = || {
        "expected one origin as browsers send it, such as http://127.0.0.1:8000 \
         (http or https, a lower-case host, a port unless it is the default one, \
         no path or trailing slash)"
            .to_string()
    };
    let (scheme, rest) = origin.split_once("://").ok_or_else(expected)?;
    let default_port = match scheme {
        "http" => 80,
        "https" => 443,
        _ => return Err(expected()),
    };
    let (host_ok, port) = match rest.strip_prefix('[') {
        Some(v6) => {
            let (host, port) = v6.split_once(']').ok_or_else(expected)?;
            let ok = host
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || b":.".contains(&b));
            (ok && !host.is_empty(), port)
        }
        None => {
            let (host, port) = rest.split_at(rest.find(':').unwrap_or(rest.len()));
            let ok = host
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.".contains(&b));
            (ok && !host.is_empty(), port)
        }
    };
    if !host_ok {
        return Err(expected());
    }
    if let Some(port) = port.strip_prefix(':') {
        match port.parse::<u16>() {
            Ok(n) if n == default_port => {
                return Err(format!(
                    "browsers leave out the default port {default_port} of {scheme}; \
                     write {scheme}://{}",
                    &rest[..rest.len() - port.len() - 1]
                ));
            }
            Ok(n) if n != 0 && n.to_string() == port => {}
            _ => return Err(expected()),
        }
    } else if !port.is_empty() {
        return Err(expected());
    }
    Ok(())
}

/// The pause of the accept loop after `errors` accepts in a row have
/// failed: none after 0, then 10 ms, doubling up to [`MAX_ACCEPT_BACKOFF`]
/// (1 s, reached at the 8th). Running out of file descriptors makes every
/// accept fail until a connection closes; without the pause the loop would
/// spin.
pub fn accept_backoff(errors: u32) -> Duration {
    if errors == 0 {
        return Duration::ZERO;
    }
    let millis = 10u64 << (errors - 1).min(16);
    Duration::from_millis(millis).min(MAX_ACCEPT_BACKOFF)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// An answer without a file: its status line and a short text.
#[derive(Clone, Copy, Debug)]
struct Status {
    line: &'static str,
    text: &'static str,
    /// An extra header line (with its CRLF), or "".
    header: &'static str,
}

const fn status(line: &'static str, text: &'static str) -> Status {
    Status {
        line,
        text,
        header: "",
    }
}

const BAD_REQUEST: Status = status("400 Bad Request", "bad request\n");
const NOT_FOUND: Status = status("404 Not Found", "not found\n");
const METHOD_NOT_ALLOWED: Status = Status {
    line: "405 Method Not Allowed",
    text: "GET or HEAD only\n",
    header: "Allow: GET, HEAD\r\n",
};
const REQUEST_TIMEOUT: Status =
    status("408 Request Timeout", "request head not received in time\n");
const URI_TOO_LONG: Status = status("414 URI Too Long", "request line too long\n");
const HEADERS_TOO_LARGE: Status = status(
    "431 Request Header Fields Too Large",
    "request headers too large\n",
);
const UNAVAILABLE: Status = Status {
    line: "503 Service Unavailable",
    text: "too many connections; try again\n",
    header: "Retry-After: 1\r\n",
};

/// A name that is one plain entry of a folder: not hidden (no leading
/// `.`, which also rules out `.` and `..`), no NUL, and a single normal
/// path component on this platform.
fn plain_name(name: &str) -> bool {
    if name.starts_with('.') || name.contains('\0') {
        return false;
    }
    let mut parts = Path::new(name).components();
    matches!((parts.next(), parts.next()), (Some(Component::Normal(n)), None) if n == name)
}

/// `path` made canonical (symlinks followed), if it exists, lies under
/// `root` (itself canonical) and has only plain names below `root`.
fn confine(root: &Path, path: &Path) -> Result<PathBuf, Status> {
    let canonical = path.canonicalize().map_err(|_| NOT_FOUND)?;
    let inside = canonical.strip_prefix(root).map_err(|_| NOT_FOUND)?;
    let plain = inside.components().all(|c| match c {
        Component::Normal(name) => name.to_str().is_some_and(plain_name),
        _ => false,
    });
    if plain { Ok(canonical) } else { Err(NOT_FOUND) }
}

/// The regular file under `root` (canonical) that the request target names
/// (query and fragment ignored, `index.html` for folders), or the answer
/// that refuses it.
fn resolve(root: &Path, target: &str) -> Result<PathBuf, Status> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode(path).ok_or(BAD_REQUEST)?;
    let mut out = root.to_path_buf();
    for name in decoded.split('/').filter(|name| !name.is_empty()) {
        if !plain_name(name) {
            return Err(NOT_FOUND);
        }
        out.push(name);
    }
    let mut file = confine(root, &out)?;
    if file.is_dir() {
        file = confine(root, &file.join("index.html"))?;
    }
    if file.is_file() {
        Ok(file)
    } else {
        Err(NOT_FOUND)
    }
}

/// Why no request head could be read.
enum HeadError {
    /// Nothing to answer: the client closed, or sent nothing in time.
    Silent,
    /// Answer this, then close.
    Answer(Status),
    Io(io::Error),
}

/// Where the head in `buf` ends (after its blank line), if it is complete.
fn head_end(buf: &[u8]) -> Option<usize> {
    let crlf = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4);
    let lf = buf.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Reads a request head of at most `limit` bytes before `deadline`.
fn read_head(stream: &TcpStream, limit: usize, deadline: Instant) -> Result<Vec<u8>, HeadError> {
    let mut head = Vec::with_capacity(limit.min(1024));
    let mut chunk = [0u8; 1024];
    loop {
        if let Some(end) = head_end(&head) {
            head.truncate(end);
            return Ok(head);
        }
        if head.len() >= limit {
            let line_ends = head.contains(&b'\n');
            return Err(HeadError::Answer(if line_ends {
                HEADERS_TOO_LARGE
            } else {
                URI_TOO_LONG
            }));
        }
        let remaining = deadline.saturating_duration_since(Instant::now());
        let timed_out = if head.is_empty() {
            HeadError::Silent
        } else {
            HeadError::Answer(REQUEST_TIMEOUT)
        };
        if remaining.is_zero() {
            return Err(timed_out);
        }
        stream
            .set_read_timeout(Some(remaining))
            .map_err(HeadError::Io)?;
        let want = (limit - head.len()).min(chunk.len());
        match (&*stream).read(&mut chunk[..want]) {
            Ok(0) => return Err(HeadError::Silent),
            Ok(n) => head.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(timed_out);
            }
            Err(e) => return Err(HeadError::Io(e)),
        }
    }
}

/// The method and target of a request line `METHOD /target HTTP/1.x`, or
/// `None` if it is malformed.
fn request_line(head: &[u8]) -> Option<(&str, &str)> {
    let line = head.split(|&b| b == b'\n').next()?;
    let line = std::str::from_utf8(line.strip_suffix(b"\r").unwrap_or(line)).ok()?;
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    let well_formed = parts.next().is_none()
        && !method.is_empty()
        && method.bytes().all(|b| b.is_ascii_alphabetic())
        && target.starts_with('/')
        && target.bytes().all(|b| b.is_ascii_graphic())
        && matches!(version, "HTTP/1.0" | "HTTP/1.1");
    well_formed.then_some((method, target))
}

/// Writes all of `buf` within `timeout`.
fn write_within(stream: &TcpStream, mut buf: &[u8], timeout: Duration) -> io::Result<()> {
    let deadline = Instant::now() + timeout;
    while !buf.is_empty() {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(remaining))?;
        match (&*stream).write(buf) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => buf = &buf[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The status line and headers of an answer.
fn answer_head(
    status: &str,
    mime: &str,
    length: u64,
    extra: &str,
    allow_origin: Option<&str>,
) -> String {
    let cors = allow_origin
        .map(|origin| format!("Access-Control-Allow-Origin: {origin}\r\n"))
        .unwrap_or_default();
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {length}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n{extra}{cors}\
         Connection: close\r\n\r\n"
    )
}

fn send_status(
    stream: &TcpStream,
    status: Status,
    head_only: bool,
    options: &ServeOptions,
) -> io::Result<()> {
    let mut answer = answer_head(
        status.line,
        "text/plain; charset=utf-8",
        status.text.len() as u64,
        status.header,
        options.allow_origin.as_deref(),
    );
    if !head_only {
        answer.push_str(status.text);
    }
    write_within(stream, answer.as_bytes(), options.timeout)
}

/// Sends `status`, then reads and drops what the client still sends (a
/// bounded amount, for a bounded time) before the connection is closed.
fn refuse_and_linger(stream: &TcpStream, status: Status, options: &ServeOptions) {
    if send_status(stream, status, false, options).is_err() {
        return;
    }
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER_TIME.min(options.timeout);
    let mut buf = [0u8; 4096];
    let mut dropped = 0;
    while dropped < LINGER_BYTES {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() || stream.set_read_timeout(Some(remaining)).is_err() {
            return;
        }
        match (&*stream).read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => dropped += n,
        }
    }
}

/// Streams `file` (`length` bytes) after its head; each piece is written
/// within the timeout.
fn send_file(
    stream: &TcpStream,
    mut file: File,
    length: u64,
    options: &ServeOptions,
) -> io::Result<()> {
    let mut buf = vec![0u8; CHUNK];
    let mut left = length;
    while left > 0 {
        let want = usize::try_from(left).map_or(CHUNK, |left| left.min(CHUNK));
        let n = match file.read(&mut buf[..want]) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        write_within(stream, &buf[..n], options.timeout)?;
        left -= n as u64;
    }
    Ok(())
}

/// Answers one request on `stream`.
fn handle(stream: &TcpStream, root: &Path, options: &ServeOptions) -> io::Result<()> {
    let deadline = Instant::now() + options.timeout;
    let head = match read_head(stream, options.head_limit, deadline) {
        Ok(head) => head,
        Err(HeadError::Silent) => return Ok(()),
        Err(HeadError::Answer(status)) => {
            refuse_and_linger(stream, status, options);
            return Ok(());
        }
        Err(HeadError::Io(e)) => return Err(e),
    };
    let Some((method, target)) = request_line(&head) else {
        refuse_and_linger(stream, BAD_REQUEST, options);
        return Ok(());
    };
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return send_status(stream, METHOD_NOT_ALLOWED, false, options);
    }
    let path = match resolve(root, target) {
        Ok(path) => path,
        Err(status) => return send_status(stream, status, head_only, options),
    };
    let Ok(file) = File::open(&path) else {
        return send_status(stream, NOT_FOUND, head_only, options);
    };
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return send_status(stream, NOT_FOUND, head_only, options);
    }
    let head = answer_head(
        "200 OK",
        mime(&path),
        metadata.len(),
        "",
        options.allow_origin.as_deref(),
    );
    write_within(stream, head.as_bytes(), options.timeout)?;
    if head_only {
        return Ok(());
    }
    send_file(stream, file, metadata.len(), options)
}

/// Answers 503 on a connection beyond the pool's capacity, from the accept
/// loop: a short write to a fresh connection, then whatever the client has
/// already sent is read without waiting, so the close does not reset it.
fn turn_away(stream: &TcpStream, options: &ServeOptions) {
    let quick = ServeOptions {
        timeout: options.timeout.min(Duration::from_millis(100)),
        ..options.clone()
    };
    if send_status(stream, UNAVAILABLE, false, &quick).is_err() {
        return;
    }
    let _ = stream.shutdown(Shutdown::Write);
    if stream.set_nonblocking(true).is_ok() {
        let mut buf = [0u8; 4096];
        let mut dropped = 0;
        while dropped < LINGER_BYTES {
            match (&*stream).read(&mut buf) {
                Ok(n) if n > 0 => dropped += n,
                _ => break,
            }
        }
    }
}

/// Lowers the count of live connections when a handler is done with one,
/// even if the handler panicked.
struct Live<'a>(&'a AtomicUsize);

impl Drop for Live<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// Checks `options` before serving.
fn check_options(options: &ServeOptions) -> io::Result<()> {
    if options.workers == 0 {
        return Err(invalid(
            "serve: workers = 0: at least 1 handler thread is needed".into(),
        ));
    }
    if options.timeout.is_zero() {
        return Err(invalid(
            "serve: timeout = 0 s: the timeout must be longer than 0".into(),
        ));
    }
    if options.head_limit < 16 {
        return Err(invalid(format!(
            "serve: head_limit = {} bytes: at least 16 bytes are needed for a request line",
            options.head_limit
        )));
    }
    if let Some(origin) = &options.allow_origin {
        check_origin(origin).map_err(|e| invalid(format!("serve: allow_origin {origin}: {e}")))?;
    }
    Ok(())
}

/// Serves the folder `root` on `listener` until the process ends, with the
/// limits of `options` (see the module documentation). Fails at once if
/// `root` is not a readable folder or `options` are out of range.
pub fn serve(listener: TcpListener, root: &Path, options: ServeOptions) -> io::Result<()> {
    check_options(&options)?;
    let root = root.canonicalize().map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("{}: cannot serve this folder: {e}", root.display()),
        )
    })?;
    if !root.is_dir() {
        return Err(invalid(format!(
            "{}: cannot serve this: not a folder",
            root.display()
        )));
    }
    let shared = Arc::new((root, options));
    let live = Arc::new(AtomicUsize::new(0));
    let (sender, receiver) = mpsc::channel::<TcpStream>();
    let receiver = Arc::new(Mutex::new(receiver));
    for i in 0..shared.1.workers {
        let (shared, live, receiver) = (
            Arc::clone(&shared),
            Arc::clone(&live),
            Arc::clone(&receiver),
        );
        std::thread::Builder::new()
            .name(format!("serve-{i}"))
            .spawn(move || work(&receiver, &shared.0, &shared.1, &live))?;
    }
    let options = &shared.1;
    let capacity = options.workers.saturating_add(options.queue);
    let mut errors = 0u32;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                errors = 0;
                // Only this loop raises the count, so it cannot pass the capacity.
                if live.load(Ordering::SeqCst) >= capacity {
                    turn_away(&stream, options);
                    continue;
                }
                live.fetch_add(1, Ordering::SeqCst);
                if sender.send(stream).is_err() {
                    return Err(io::Error::other("serve: the handler threads have stopped"));
                }
            }
            Err(e) => {
                errors = errors.saturating_add(1);
                if errors == 1 {
                    eprintln!(
                        "sasaeai serve: cannot accept a connection ({e}); retrying, waiting up to {} s between tries",
                        MAX_ACCEPT_BACKOFF.as_secs()
                    );
                }
                std::thread::sleep(accept_backoff(errors));
            }
        }
    }
}

/// One handler thread: answers the connections of the queue one by one.
fn work(
    receiver: &Mutex<Receiver<TcpStream>>,
    root: &Path,
    options: &ServeOptions,
    live: &AtomicUsize,
) {
    loop {
        let next = match receiver.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(stream) = next else { return };
        let live = Live(live);
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            handle(&stream, root, options)
        }));
        // Close the connection before it stops counting.
        drop(stream);
        drop(live);
    }
}
