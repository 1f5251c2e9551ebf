//! `sasaeai serve`: the built browser app on this machine.

use std::path::Path;
use std::process::ExitCode;

use super::error::{Result, UserError};

/// `sasaeai serve`: the static site on `host:port`, with the limits of
/// `sasaeai::serve`; warns when the address is reachable beyond loopback.
pub(crate) fn cmd_serve(
    dir: &str,
    host: &str,
    port: u16,
    allow_origin: Option<String>,
) -> Result<ExitCode> {
    let root = Path::new(dir);
    if !root.join("index.html").is_file() {
        return Err(UserError(format!(
            "{dir}: no index.html here; build the app first (make serve builds and serves it)"
        )));
    }
    if let Some(origin) = &allow_origin {
        sasaeai::serve::check_origin(origin)
            .map_err(|e| UserError(format!("--allow-origin {origin}: {e}")))?;
    }
    let listener = std::net::TcpListener::bind((host, port))
        .map_err(|e| UserError(format!("cannot listen on {host}:{port}: {e}")))?;
    let addr = listener.local_addr()?;
    if !addr.ip().to_canonical().is_loopback() {
        eprintln!(
            "warning: listening on {addr}, beyond this machine's loopback: anyone who can reach \
             this machine on port {} can read every file in {dir}. Use --host 127.0.0.1 to serve \
             this machine only.",
            addr.port()
        );
    }
    eprintln!("Serving {dir} on http://{addr}/ (Ctrl-C stops)");
    let options = sasaeai::serve::ServeOptions {
        allow_origin,
        ..Default::default()
    };
    sasaeai::serve::serve(listener, root, options)?;
    Ok(ExitCode::SUCCESS)
}
