//! Every error a user sees, put into words in one place. Errors stay typed (`xenapi::Error`,
//! `EditError`, `Blocked`, console failures…) until a view draws them; the view calls one of
//! these, so a language switch re-translates what is on screen and one refusal reads the
//! same wherever it appears.

pub mod api;
mod console;
mod storage;

pub use api::text as api;
pub use console::failure_text as console;

use crate::i18n::I18n;
use crate::model::vm_plans::Blocked;
use crate::services::edits::EditError;
use crate::ui::open_dialog::LoadError;
use crate::ui::performance::poll::{HostError, PollError};
use i18n_embed_fl::fl;
use xenapi::error::codes;
use xenapi::records::PowerState;
use xenapi::rrd::FetchError;
use xenapi::{Error, ErrorKind, Limit, NetCause, Rejection};

/// A failed connection or call, naming the host.
pub fn connection(i18n: &I18n, e: &Error) -> String {
    // A slow host or an oversized reply: say which host, and what limit it hit.
    if let Some(t) = limit(i18n, e) {
        return t;
    }
    let l = &i18n.loader;
    let host = e.host.as_str();
    match &e.kind {
        ErrorKind::Api(a) if a.code == codes::SESSION_AUTHENTICATION_FAILED => {
            fl!(l, "conn-err-auth", host = host)
        }
        ErrorKind::Api(a) if a.code == codes::RBAC_PERMISSION_DENIED => {
            edit(i18n, &EditError::Server(e.clone()))
        }
        ErrorKind::Api(a) => fl!(l, "conn-err-server", host = host, error = a.to_string()),
        ErrorKind::Transport(m) => match m.cause() {
            Some(NetCause::Refused) => fl!(l, "conn-err-refused", host = host),
            Some(NetCause::UnknownHost) => fl!(l, "conn-err-unknown-host", host = host),
            Some(NetCause::Unreachable) => fl!(l, "conn-err-no-route", host = host),
            Some(NetCause::Reset) => fl!(l, "conn-err-reset", host = host),
            Some(NetCause::TimedOut) => fl!(l, "conn-err-timeout", host = host),
            None => fl!(l, "conn-err-unreachable", host = host, error = m.as_str()),
        },
        ErrorKind::HttpStatus(s @ 502..=504) => {
            fl!(
                l,
                "conn-err-unreachable",
                host = host,
                error = format!("HTTP {s}")
            )
        }
        ErrorKind::HttpStatus(_) | ErrorKind::Malformed(_) | ErrorKind::Decode(_) => {
            fl!(l, "conn-err-not-xenapi", host = host, error = e.to_string())
        }
        ErrorKind::Client(m) => fl!(l, "conn-err-address", error = m.as_str()),
        ErrorKind::Certificate(r) => match r.as_ref() {
            Rejection::Changed { host, pinned, cert } => fl!(
                l,
                "cert-changed",
                host = host.as_str(),
                old = pinned.as_str(),
                new = cert.sha256.as_str()
            ),
            Rejection::Untrusted { host, reason, .. } => {
                fl!(
                    l,
                    "cert-untrusted-error",
                    host = host.as_str(),
                    error = reason.as_str()
                )
            }
        },
    }
}

/// The user-facing text of a call that ran into one of the client's limits, naming the host
/// that was too slow or whose reply was too large; `None` for any other error.
pub fn limit(i18n: &I18n, e: &Error) -> Option<String> {
    let l = &i18n.loader;
    let host = e.host.as_str();
    Some(match e.limit()? {
        Limit::Deadline(d) => {
            let seconds = format!("{}", d.as_secs_f64());
            fl!(l, "conn-err-slow", host = host, seconds = seconds)
        }
        Limit::ReplySize(n) => {
            let size = crate::model::details::format_bytes(i64::try_from(n).unwrap_or(i64::MAX));
            fl!(l, "conn-err-too-large", host = host, size = size)
        }
    })
}

/// Why a VM action failed: xapi's refusal in a sentence of its own (power state, memory,
/// RBAC…), anything else as the connection errors read.
pub fn action(i18n: &I18n, e: &Error) -> String {
    match e.api() {
        Some(a) => api(i18n, a),
        None => connection(i18n, e),
    }
}

/// An edit refused: changed meanwhile, a role too weak, the object gone, or the server's
/// own words.
pub fn edit(i18n: &I18n, e: &EditError) -> String {
    let l = &i18n.loader;
    match e {
        EditError::Conflict(c) => fl!(l, "err-conflict", keys = c.keys.join(", ")),
        EditError::Server(err) => match err.api() {
            Some(a) if a.code == codes::RBAC_PERMISSION_DENIED => {
                // xapi: [action, "No permission in user session. (Roles with this permission: …)"]
                let roles = a
                    .params
                    .get(1)
                    .and_then(|m| m.split("permission: ").nth(1))
                    .map(|r| r.trim_end_matches(')').to_string())
                    .unwrap_or_else(|| a.params.join(" "));
                fl!(l, "err-rbac", roles = roles)
            }
            Some(a) if a.code == codes::HANDLE_INVALID => fl!(l, "err-gone"),
            _ => fl!(l, "err-server", error = err.to_string()),
        },
    }
}

/// Why xapi would refuse an action now (a greyed menu item's tooltip).
pub fn blocked(i18n: &I18n, b: &Blocked) -> String {
    match b {
        Blocked::NotAGuest => i18n.get("why-not-a-guest"),
        Blocked::Busy(op) => i18n.get_args("why-busy", &[("op", op)]),
        Blocked::PowerState(s) => {
            let state = match s {
                PowerState::Running => i18n.get("power-running"),
                PowerState::Halted => i18n.get("power-halted"),
                PowerState::Suspended => i18n.get("power-suspended"),
                PowerState::Paused => i18n.get("power-paused"),
                _ => i18n.get("power-unknown"),
            };
            i18n.get_args("why-power-state", &[("state", &state)])
        }
        Blocked::NotAllowed => i18n.get("why-not-allowed"),
    }
}

/// A server whose graphs could not be polled, and why.
pub fn rrd_host(i18n: &I18n, e: &HostError) -> String {
    let detail = match e.error.as_ref() {
        PollError::NoAddress => i18n.get("perf-err-no-address"),
        PollError::Transport(err) => connection(i18n, err),
        PollError::Fetch(err) if err.is_unauthorized() => i18n.get("perf-err-unauthorized"),
        PollError::Fetch(FetchError::NoData { .. }) => {
            return i18n.get_args("perf-no-data-yet", &[("host", &e.host)]);
        }
        PollError::Fetch(FetchError::Call(err)) => connection(i18n, err),
        PollError::Fetch(err) => err.to_string(),
    };
    i18n.get_args("perf-err-host", &[("host", &e.host), ("error", &detail)])
}

/// A dump that could not be shown.
pub fn load(i18n: &I18n, e: &LoadError) -> String {
    match e {
        LoadError::Dump(e) => e.to_string(),
        LoadError::Start(e) => e.clone(),
        LoadError::Vanished => i18n.get("err-worker-vanished"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A host with no RRD for what was asked (xcp-rrdd's 500) is "no data yet", not an error
    /// of the host; a refused session still says so.
    #[test]
    fn a_graph_with_no_data_yet_says_so() {
        let i18n = I18n::new("en-US");
        let host_error = |error| HostError {
            host: "node-2".into(),
            error: Box::new(PollError::Fetch(error)),
        };
        let e = host_error(FetchError::NoData {
            host: "10.0.0.2".into(),
        });
        assert!(e.error.is_no_data());
        let t = rrd_host(&i18n, &e);
        assert!(t.contains("node-2") && t.contains("no data yet"), "{t}");
        let e = host_error(FetchError::Call(Error::new(
            "10.0.0.2",
            "rrd_updates",
            ErrorKind::HttpStatus(401),
        )));
        assert!(!e.error.is_no_data());
        assert!(rrd_host(&i18n, &e).contains("log in again"));
    }
}
