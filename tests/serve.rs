//! The static file server behind `sasaeai serve`, over raw TCP on loopback:
//! what it serves and what it refuses (dotfiles, symlinks out of the
//! folder, FIFOs), the bound on the request head, the timeouts, the bounded
//! pool of handlers, the backoff on failed accepts (also with the real
//! binary out of file descriptors), CORS only on request, and the warning
//! when the binary listens beyond loopback.
#![cfg(not(target_arch = "wasm32"))]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use sasaeai::serve::{MAX_ACCEPT_BACKOFF, ServeOptions, accept_backoff, check_origin, serve};

/// How long a test waits for an answer before calling the server stuck.
const PATIENCE: Duration = Duration::from_secs(5);

const INDEX: &str = "<!doctype html><title>Sasaeai</title>\n";
const SECRET: &str = "the secret outside the folder\n";

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> Self {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "sasaeai-serve-{label}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A site in `tmp/www` with an index, a module, a wasm file, a subfolder,
/// dotfiles and a dot-folder, and symlinks inside and out of it; a secret
/// in `tmp/outside`. Returns the site's folder.
fn site(tmp: &TempDir) -> PathBuf {
    let www = tmp.0.join("www");
    let outside = tmp.0.join("outside");
    for dir in [
        &www,
        &outside,
        &www.join("pkg"),
        &www.join(".git"),
        &www.join("empty"),
    ] {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(www.join("index.html"), INDEX).unwrap();
    std::fs::write(www.join("pkg/worker.js"), "export default 1;\n").unwrap();
    std::fs::write(www.join("pkg/worker_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(www.join("pkg/a b.txt"), "space\n").unwrap();
    std::fs::write(www.join(".env"), "TOKEN=dotfile\n").unwrap();
    std::fs::write(www.join(".git/config"), "[core]\n").unwrap();
    std::fs::write(outside.join("secret.txt"), SECRET).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(&outside, www.join("outlink")).unwrap();
        symlink(outside.join("secret.txt"), www.join("secret.txt")).unwrap();
        symlink("/etc", www.join("etclink")).unwrap();
        symlink("index.html", www.join("alias.html")).unwrap();
        symlink(".env", www.join("env.txt")).unwrap();
        symlink(".git", www.join("git")).unwrap();
    }
    www
}

/// Starts the server on an ephemeral loopback port in this process.
fn start(root: &Path, options: ServeOptions) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let root = root.to_path_buf();
    std::thread::spawn(move || serve(listener, &root, options));
    addr
}

fn options() -> ServeOptions {
    ServeOptions {
        timeout: Duration::from_secs(2),
        ..ServeOptions::default()
    }
}

/// A parsed answer.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn parse(raw: &[u8]) -> Answer {
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no complete head in {:?}", String::from_utf8_lossy(raw)));
        let head = std::str::from_utf8(&raw[..end]).unwrap();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap();
        assert!(status_line.starts_with("HTTP/1.1 "), "{status_line}");
        let status = status_line[9..12].parse().unwrap();
        let headers = lines
            .map(|line| {
                let (name, value) = line.split_once(": ").unwrap();
                (name.to_ascii_lowercase(), value.to_string())
            })
            .collect();
        Answer {
            status,
            headers,
            body: raw[end + 4..].to_vec(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream
}

/// Everything the server sends until it closes, or a panic if it is still
/// sending or silent after [`PATIENCE`].
fn read_all(stream: &mut TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    if let Err(e) = stream.read_to_end(&mut raw) {
        panic!(
            "no end of the answer within {PATIENCE:?} ({e}); got {:?}",
            String::from_utf8_lossy(&raw)
        );
    }
    raw
}

/// Sends `raw` on a fresh connection and reads the answer.
fn exchange(addr: SocketAddr, raw: &[u8]) -> Answer {
    let mut stream = connect(addr);
    stream.write_all(raw).unwrap();
    Answer::parse(&read_all(&mut stream))
}

fn get(addr: SocketAddr, target: &str) -> Answer {
    exchange(
        addr,
        format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes(),
    )
}

#[test]
fn serves_files_with_their_types_and_lengths() {
    let tmp = TempDir::new("files");
    let addr = start(&site(&tmp), options());

    let index = get(addr, "/");
    assert_eq!(index.status, 200);
    assert_eq!(index.body, INDEX.as_bytes());
    assert_eq!(
        index.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        index.header("content-length"),
        Some(&*INDEX.len().to_string())
    );
    assert_eq!(index.header("connection"), Some("close"));
    assert_eq!(index.header("x-content-type-options"), Some("nosniff"));

    let wasm = get(addr, "/pkg/worker_bg.wasm?v=1");
    assert_eq!(
        (wasm.status, wasm.header("content-type")),
        (200, Some("application/wasm"))
    );
    assert_eq!(wasm.body, b"\0asm\x01\0\0\0");
    let module = get(addr, "/pkg/worker.js");
    assert_eq!(
        module.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(get(addr, "/pkg/a%20b.txt").body, b"space\n");

    let head = exchange(addr, b"HEAD /index.html HTTP/1.1\r\n\r\n");
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-length"),
        Some(&*INDEX.len().to_string())
    );
    assert!(head.body.is_empty(), "HEAD sends no body");

    let post = exchange(addr, b"POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
    assert_eq!(
        (post.status, post.header("allow")),
        (405, Some("GET, HEAD"))
    );
    assert_eq!(get(addr, "/missing.html").status, 404);
}

#[test]
fn files_are_streamed_whole() {
    let tmp = TempDir::new("stream");
    let www = site(&tmp);
    // Several pieces of 64 KiB and a remainder.
    let big: Vec<u8> = (0..1_000_003u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(www.join("big.bin"), &big).unwrap();
    let addr = start(&www, options());
    let answer = get(addr, "/big.bin");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-length"), Some("1000003"));
    assert!(answer.body == big, "the body differs from the file");
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_folder_are_not_followed() {
    let tmp = TempDir::new("symlinks");
    let addr = start(&site(&tmp), options());
    for target in [
        "/outlink/secret.txt",
        "/secret.txt",
        "/etclink/passwd",
        "/etclink/hostname",
    ] {
        let answer = get(addr, target);
        assert_eq!(answer.status, 404, "{target}: {answer:?}");
        assert!(
            !String::from_utf8_lossy(&answer.body).contains("secret"),
            "{target}"
        );
    }
    // A symlink that stays inside the folder is served.
    let alias = get(addr, "/alias.html");
    assert_eq!(
        (alias.status, alias.body.as_slice()),
        (200, INDEX.as_bytes())
    );
}

#[test]
fn dotfiles_and_dot_folders_are_not_served() {
    let tmp = TempDir::new("dotfiles");
    let addr = start(&site(&tmp), options());
    let mut targets = vec![
        "/.env",
        "/.git/config",
        "/.git/",
        "/%2eenv",
        "/%2Egit/config",
        "/pkg/../.env",
        "/pkg/%2e%2e/.env",
        "/./.env",
        "/.well-known/anything",
    ];
    if cfg!(unix) {
        // Symlinks to a dotfile or a dot-folder.
        targets.extend(["/env.txt", "/git/config"]);
    }
    for target in targets {
        let answer = get(addr, target);
        assert_eq!(answer.status, 404, "{target}: {answer:?}");
        assert_eq!(answer.body, b"not found\n", "{target}");
    }
    // `..` that would stay inside the folder is refused all the same.
    assert_eq!(get(addr, "/pkg/../index.html").status, 404);
    assert_eq!(get(addr, "/bad%zzpercent").status, 400);
}

#[test]
fn only_regular_files_are_served() {
    let tmp = TempDir::new("regular");
    let www = site(&tmp);
    let addr = start(&www, options());
    // A folder without index.html.
    assert_eq!(get(addr, "/empty/").status, 404);
    assert_eq!(get(addr, "/pkg").status, 404);
    #[cfg(unix)]
    {
        // A FIFO would block whoever opens it until a writer comes.
        let fifo = www.join("pipe.txt");
        let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success(), "mkfifo failed");
        let answer = get(addr, "/pipe.txt");
        assert_eq!(answer.status, 404, "{answer:?}");
    }
}

#[test]
fn the_request_head_is_bounded() {
    let tmp = TempDir::new("head");
    let addr = start(
        &site(&tmp),
        ServeOptions {
            head_limit: 256,
            ..options()
        },
    );
    // A head of exactly the limit is read; one byte more is refused.
    let request = |len: usize| {
        let start = "GET / HTTP/1.1\r\nX-Fill: ";
        let fill = "a".repeat(len - start.len() - 4);
        format!("{start}{fill}\r\n\r\n")
    };
    assert_eq!(exchange(addr, request(256).as_bytes()).status, 200);
    assert_eq!(exchange(addr, request(257).as_bytes()).status, 431);

    // Headers that never end: answered without waiting for the rest.
    let mut stream = connect(addr);
    stream.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    stream
        .write_all(&b"X-Endless: aaaaaaaa\r\n".repeat(800))
        .unwrap();
    let answer = Answer::parse(&read_all(&mut stream));
    assert_eq!(answer.status, 431, "{answer:?}");

    // A request line that fills the bound alone.
    let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(300));
    assert_eq!(exchange(addr, long.as_bytes()).status, 414);
    let endless = format!("GET /{}", "a".repeat(16 * 1024));
    assert_eq!(exchange(addr, endless.as_bytes()).status, 414);

    // Malformed request lines.
    for bad in [
        "HELLO\r\n\r\n",
        "GET\r\n\r\n",
        "GET / HTTP/1.1 extra\r\n\r\n",
        "GET index.html HTTP/1.1\r\n\r\n",
        "GET http://example.org/ HTTP/1.1\r\n\r\n",
        "GET / HTTP/2.0\r\n\r\n",
        "G=T / HTTP/1.1\r\n\r\n",
    ] {
        assert_eq!(exchange(addr, bad.as_bytes()).status, 400, "{bad:?}");
    }
}

#[test]
fn the_default_head_bound_is_8_kib() {
    let tmp = TempDir::new("default-head");
    let addr = start(&site(&tmp), options());
    let mut stream = connect(addr);
    stream.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    stream
        .write_all(&b"X-Big: aaaaaaaa\r\n".repeat(1024))
        .unwrap();
    assert_eq!(Answer::parse(&read_all(&mut stream)).status, 431);
}

#[test]
fn an_idle_connection_is_closed_after_the_timeout_and_frees_its_handler() {
    let tmp = TempDir::new("idle");
    let timeout = Duration::from_millis(300);
    let addr = start(
        &site(&tmp),
        ServeOptions {
            timeout,
            workers: 1,
            queue: 0,
            ..ServeOptions::default()
        },
    );
    let started = Instant::now();
    let mut idle = connect(addr);
    // The only handler is taken: another connection is turned away at once.
    let busy = get(addr, "/");
    assert_eq!((busy.status, busy.header("retry-after")), (503, Some("1")));
    // The idle one is closed without an answer once the timeout has passed.
    assert!(read_all(&mut idle).is_empty());
    let waited = started.elapsed();
    assert!(
        waited >= timeout - Duration::from_millis(50),
        "closed after {waited:?}"
    );
    assert!(waited < Duration::from_secs(3), "closed after {waited:?}");
    // And the handler is free again.
    assert_eq!(eventually(addr, "/").status, 200);
}

/// GET `target` until it is not turned away (a handler may take a moment
/// to count a closed connection as done).
fn eventually(addr: SocketAddr, target: &str) -> Answer {
    let until = Instant::now() + Duration::from_secs(3);
    loop {
        let answer = get(addr, target);
        if answer.status != 503 || Instant::now() > until {
            return answer;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_head_sent_slowly_times_out_as_a_whole() {
    let tmp = TempDir::new("slow");
    let timeout = Duration::from_millis(300);
    let addr = start(
        &site(&tmp),
        ServeOptions {
            timeout,
            ..ServeOptions::default()
        },
    );
    let mut stream = connect(addr);
    let mut writer = stream.try_clone().unwrap();
    let started = Instant::now();
    // One header byte every 50 ms: each read is quick, the head never ends.
    let trickle = std::thread::spawn(move || {
        let _ = writer.write_all(b"GET / HTTP/1.1\r\nX-Slow: ");
        for _ in 0..60 {
            if writer.write_all(b"a").is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    let answer = Answer::parse(&read_all(&mut stream));
    let waited = started.elapsed();
    assert_eq!(answer.status, 408, "{answer:?}");
    assert!(waited < Duration::from_secs(2), "answered after {waited:?}");
    let _ = stream.shutdown(Shutdown::Both);
    trickle.join().unwrap();
}

#[test]
fn a_client_that_stops_reading_is_dropped_after_the_timeout() {
    let tmp = TempDir::new("stalled");
    let www = site(&tmp);
    // Far more than the socket buffers hold (sparse: no disk used).
    let size = 64 * 1024 * 1024;
    std::fs::File::create(www.join("big.bin"))
        .unwrap()
        .set_len(size)
        .unwrap();
    let addr = start(
        &www,
        ServeOptions {
            timeout: Duration::from_millis(300),
            workers: 1,
            ..ServeOptions::default()
        },
    );
    let mut stalled = connect(addr);
    stalled.write_all(b"GET /big.bin HTTP/1.1\r\n\r\n").unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    // The only handler has given up on the stalled client and serves others.
    assert_eq!(eventually(addr, "/").status, 200);
    // The stalled client gets what was in the buffers, then the end.
    let mut received = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match stalled.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => received += n as u64,
        }
    }
    assert!(received > 0);
    assert!(
        received < size,
        "the whole file was sent to a client that stopped reading"
    );
}

#[test]
fn connections_beyond_the_pool_and_its_queue_are_turned_away() {
    let tmp = TempDir::new("pool");
    let addr = start(
        &site(&tmp),
        ServeOptions {
            timeout: Duration::from_secs(3),
            workers: 2,
            queue: 1,
            ..ServeOptions::default()
        },
    );
    // Two idle connections hold both handlers, a third waits in the queue.
    let idle: Vec<TcpStream> = (0..3).map(|_| connect(addr)).collect();
    let answer = get(addr, "/");
    assert_eq!(answer.status, 503, "{answer:?}");
    assert_eq!(answer.body, b"too many connections; try again\n");
    // Once they close, requests are served again.
    drop(idle);
    assert_eq!(eventually(addr, "/").status, 200);
}

#[test]
fn accept_errors_back_off_to_one_second() {
    assert_eq!(accept_backoff(0), Duration::ZERO);
    assert_eq!(accept_backoff(1), Duration::from_millis(10));
    assert_eq!(accept_backoff(2), Duration::from_millis(20));
    let mut last = Duration::ZERO;
    for errors in 1..100 {
        let pause = accept_backoff(errors);
        assert!(
            pause >= last && pause > Duration::ZERO,
            "after {errors}: {pause:?}"
        );
        assert!(pause <= MAX_ACCEPT_BACKOFF, "after {errors}: {pause:?}");
        last = pause;
    }
    assert_eq!(MAX_ACCEPT_BACKOFF, Duration::from_secs(1));
    assert_eq!(accept_backoff(8), MAX_ACCEPT_BACKOFF);
    assert_eq!(accept_backoff(u32::MAX), MAX_ACCEPT_BACKOFF);
}

#[test]
fn no_cors_header_unless_an_origin_is_allowed() {
    let tmp = TempDir::new("cors");
    let www = site(&tmp);
    let plain = start(&www, options());
    let request = b"GET /pkg/worker.js HTTP/1.1\r\nOrigin: http://127.0.0.1:9\r\n\r\n";
    for answer in [exchange(plain, request), get(plain, "/missing")] {
        let cors: Vec<_> = answer
            .headers
            .iter()
            .filter(|(name, _)| name.starts_with("access-control-"))
            .collect();
        assert!(cors.is_empty(), "{cors:?}");
    }

    let origin = "http://127.0.0.1:47123";
    let allowing = start(
        &www,
        ServeOptions {
            allow_origin: Some(origin.to_string()),
            ..options()
        },
    );
    for target in ["/pkg/worker.js", "/pkg/worker_bg.wasm"] {
        let answer = get(allowing, target);
        assert_eq!(answer.status, 200);
        assert_eq!(
            answer.header("access-control-allow-origin"),
            Some(origin),
            "{target}"
        );
    }
}

#[test]
fn origins_are_checked_as_browsers_write_them() {
    for good in [
        "http://127.0.0.1:8000",
        "http://localhost:3000",
        "https://planner.example.org",
        "http://[::1]:8000",
        "http://127.0.0.1",
    ] {
        assert_eq!(check_origin(good), Ok(()), "{good}");
    }
    for bad in [
        "*",
        "null",
        "",
        "127.0.0.1:8000",
        "http://127.0.0.1:8000/",
        "http://127.0.0.1:8000/pkg",
        "HTTP://127.0.0.1:8000",
        "http://Example.org",
        "ftp://127.0.0.1:8000",
        "http://",
        "http://127.0.0.1:",
        "http://127.0.0.1:0",
        "http://127.0.0.1:08000",
        "http://127.0.0.1:70000",
        "http://127.0.0.1:8000\r\nSet-Cookie: a=b",
        "http://user@127.0.0.1:8000",
        "http://[::1",
    ] {
        let message = check_origin(bad).expect_err(bad);
        assert!(
            message.contains("http://127.0.0.1:8000"),
            "{bad}: {message}"
        );
    }
    let default_port = check_origin("http://127.0.0.1:80").unwrap_err();
    assert!(
        default_port.contains("write http://127.0.0.1"),
        "{default_port}"
    );
    assert!(check_origin("https://x.org:443").is_err());
}

#[test]
fn out_of_range_options_are_refused_before_serving() {
    let tmp = TempDir::new("options");
    let www = site(&tmp);
    let listener = || TcpListener::bind("127.0.0.1:0").unwrap();
    let zero_workers = ServeOptions {
        workers: 0,
        ..ServeOptions::default()
    };
    let error = serve(listener(), &www, zero_workers).unwrap_err();
    assert!(error.to_string().contains("workers = 0"), "{error}");
    let any_origin = ServeOptions {
        allow_origin: Some("*".into()),
        ..ServeOptions::default()
    };
    let error = serve(listener(), &www, any_origin).unwrap_err();
    assert!(error.to_string().contains("allow_origin *"), "{error}");
    let error = serve(listener(), &tmp.0.join("nowhere"), ServeOptions::default()).unwrap_err();
    assert!(error.to_string().contains("nowhere"), "{error}");
}

// ---------------------------------------------------------------------------
// The binary.

/// `sasaeai serve` running as a child process, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    /// Standard error up to and including the "Serving" line.
    banner: String,
    /// The rest of standard error, line by line.
    lines: mpsc::Receiver<String>,
}

impl Server {
    /// Runs `sh -c <shell>` with `$0` the binary and `$1` the folder, and
    /// waits for the line that names the address.
    fn start_in_shell(shell: &str, www: &Path) -> Server {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(shell)
            .arg(env!("CARGO_BIN_EXE_sasaeai"))
            .arg(www)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in stderr.lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        // Built first, so that the child is killed if the banner never comes.
        let mut server = Server {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            banner: String::new(),
            lines,
        };
        loop {
            let line = server.lines.recv_timeout(PATIENCE).unwrap_or_else(|_| {
                panic!("no \"Serving\" line; stderr so far: {}", server.banner)
            });
            server.banner.push_str(&line);
            server.banner.push('\n');
            if let Some(rest) = line.strip_prefix("Serving ") {
                let url = rest.split("http://").nth(1).unwrap();
                let addr: SocketAddr = url.split('/').next().unwrap().parse().unwrap();
                server.addr.set_port(addr.port());
                return server;
            }
        }
    }

    fn start(www: &Path, args: &str) -> Server {
        Server::start_in_shell(&format!("exec \"$0\" serve \"$1\" --port 0 {args}"), www)
    }

    /// The rest of standard error received so far.
    fn rest(&self) -> String {
        self.lines.try_iter().map(|line| line + "\n").collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_binary_warns_when_it_listens_beyond_loopback() {
    let tmp = TempDir::new("loopback");
    let www = site(&tmp);
    let local = Server::start(&www, "");
    // No warning before the "Serving" line.
    assert!(local.banner.starts_with("Serving "), "{}", local.banner);
    assert_eq!(get(local.addr, "/").status, 200);

    let open = Server::start(&www, "--host 0.0.0.0");
    let banner = &open.banner;
    assert!(
        banner.starts_with("warning: listening on 0.0.0.0:"),
        "{banner}"
    );
    assert!(
        banner.contains("anyone who can reach this machine"),
        "{banner}"
    );
    assert!(banner.contains("--host 127.0.0.1"), "{banner}");
    assert_eq!(get(open.addr, "/").status, 200);
}

#[test]
fn the_binary_sends_cors_only_for_the_origin_given() {
    let tmp = TempDir::new("cli-cors");
    let www = site(&tmp);
    let plain = Server::start(&www, "");
    assert_eq!(
        get(plain.addr, "/pkg/worker.js").header("access-control-allow-origin"),
        None
    );
    let allowing = Server::start(&www, "--allow-origin http://127.0.0.1:47124");
    assert_eq!(
        get(allowing.addr, "/pkg/worker.js").header("access-control-allow-origin"),
        Some("http://127.0.0.1:47124")
    );

    for (bad, says) in [
        ("'*'", "expected one origin as browsers send it"),
        ("http://127.0.0.1:47124/", "no path or trailing slash"),
        ("http://127.0.0.1:80", "write http://127.0.0.1"),
    ] {
        let output = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "exec \"$0\" serve \"$1\" --port 0 --allow-origin {bad}"
            ))
            .arg(env!("CARGO_BIN_EXE_sasaeai"))
            .arg(&www)
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{bad}: {stderr}");
        let value = bad.trim_matches('\'');
        assert!(
            stderr.starts_with(&format!("sasaeai: --allow-origin {value}: ")),
            "{bad}: {stderr}"
        );
        assert!(stderr.contains(says), "{bad}: {stderr}");
    }
}

/// CPU time (user and system) of process `pid`, from /proc.
#[cfg(target_os = "linux")]
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    let per_second: u64 = Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100);
    Duration::from_millis(ticks * 1000 / per_second)
}

#[cfg(target_os = "linux")]
#[test]
fn the_binary_does_not_spin_when_file_descriptors_run_out() {
    let tmp = TempDir::new("emfile");
    let www = site(&tmp);
    // 24 descriptors: after the standard ones and the listener, about 20
    // connections (held by idle clients for 10 s) exhaust them.
    let server = Server::start_in_shell("ulimit -n 24 && exec \"$0\" serve \"$1\" --port 0", &www);
    let clients: Vec<TcpStream> = (0..40).map(|_| connect(server.addr)).collect();
    // Let the accept loop run into the limit.
    std::thread::sleep(Duration::from_millis(300));
    let pid = server.child.id();
    let before = cpu_time(pid);
    let window = Instant::now();
    std::thread::sleep(Duration::from_secs(1));
    let used = cpu_time(pid) - before;
    let elapsed = window.elapsed();
    let rest = server.rest();
    assert!(
        rest.contains("cannot accept a connection") && rest.contains("Too many open files"),
        "the server did not run out of file descriptors: {rest}"
    );
    assert!(
        used < elapsed / 5,
        "the server used {used:?} of CPU in {elapsed:?} while out of file descriptors"
    );
    // Once the clients leave, it serves again.
    drop(clients);
    let until = Instant::now() + Duration::from_secs(4);
    loop {
        let mut stream = connect(server.addr);
        let _ = stream.write_all(b"GET / HTTP/1.1\r\n\r\n");
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        if raw.starts_with(b"HTTP/1.1 200 OK") {
            break;
        }
        assert!(
            Instant::now() < until,
            "not serving again: {:?}",
            String::from_utf8_lossy(&raw)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
