//! The redirects an RPC call follows: only within the origin it went to.

/// reqwest's redirect policy for RPC calls: follow a redirect only within the origin
/// (scheme, host and port) the call went to, a few times at most. Another origin, or a
/// weaker scheme, would receive the call as it is, password included; the reply is then the
/// redirect itself, an HTTP status error. (xapi's own redirect is HOST_IS_SLAVE, which
/// [`crate::Session::login`] follows deliberately.)
pub fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first();
        if attempt.previous().len() > 5 {
            attempt.error("too many redirects")
        } else if first.is_some_and(|f| same_origin(f, attempt.url())) {
            attempt.follow()
        } else {
            tracing::warn!(to = %attempt.url(), "not following a redirect to another origin");
            attempt.stop()
        }
    })
}

/// Same scheme, host and port (the port made explicit).
pub fn same_origin(a: &reqwest::Url, b: &reqwest::Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}
