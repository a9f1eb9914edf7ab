//! Console failures in the user's language.

use crate::i18n::I18n;
use crate::services::console::Failure;
use rfb::RfbError;
use xenapi::Rejection;
use xenapi::console::ConsoleError;

/// What went wrong, in the user's language.
pub fn failure_text(i18n: &I18n, f: &Failure, name: &str) -> String {
    match f {
        Failure::Console(e) => match e {
            ConsoleError::VmNotRunning => i18n.get_args("console-not-running", &[("name", name)]),
            ConsoleError::NoConsole => i18n.get_args("console-none", &[("name", name)]),
            ConsoleError::Limit { connected } if connected.is_empty() => {
                i18n.get("console-limit-unknown")
            }
            ConsoleError::Limit { connected } => {
                i18n.get_args("console-limit", &[("users", connected)])
            }
            ConsoleError::SessionExpired => i18n.get("console-session-expired"),
            ConsoleError::Forbidden { host_console: true } => i18n.get("console-forbidden-host"),
            ConsoleError::Forbidden {
                host_console: false,
            } => i18n.get("console-forbidden-vm"),
            ConsoleError::Certificate(r) => match r.as_ref() {
                Rejection::Untrusted { host, cert, .. } => i18n.get_args(
                    "console-cert-untrusted",
                    &[("host", host), ("fingerprint", &cert.sha256)],
                ),
                Rejection::Changed { host, pinned, cert } => i18n.get_args(
                    "console-cert-changed",
                    &[
                        ("host", host),
                        ("pinned", pinned),
                        ("fingerprint", &cert.sha256),
                    ],
                ),
            },
            ConsoleError::Redirect(to) => i18n.get_args("console-redirect", &[("url", to)]),
            ConsoleError::Unreachable { host, reason } => {
                i18n.get_args("console-unreachable", &[("host", host), ("reason", reason)])
            }
            ConsoleError::Http { host, status } => i18n.get_args(
                "console-http",
                &[("host", host), ("status", &status.to_string())],
            ),
            ConsoleError::BadLocation(l) => {
                i18n.get_args("console-bad-location", &[("location", l)])
            }
        },
        Failure::Api(e) => super::connection(i18n, e),
        Failure::Rfb(RfbError::Closed) | Failure::Rfb(RfbError::Io(_)) => i18n.get("console-lost"),
        Failure::Rfb(e) => i18n.get_args("console-protocol", &[("reason", &e.to_string())]),
        Failure::IdleTimeout(secs) => i18n.get_args(
            "console-idle",
            &[("minutes", &(secs / 60).max(1).to_string())],
        ),
    }
}
