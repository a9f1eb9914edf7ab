//! `CONNECT /console?uuid=…` (or `?ref=…`), answered as xapi answers it (console.ml
//! `handler`, xapi_http.ml, http_svr.ml), in xapi's order:
//!
//! 1. The session: the `session_id` cookie, else the query. None, or one the server does not
//!    know: **401** `Unauthorised`, `WWW-Authenticate: Basic realm="connect_console"`.
//! 2. RBAC on `http/connect_console` (VM operator and up): a read-only session gets
//!    **403** `Forbidden`.
//! 3. The console: `uuid` names a VM (its rfb console) or a console; `ref` a VM or a console.
//!    Anything else is xapi's `Console.Failure`: **500** with its internal-error page.
//! 4. A control domain's console also needs `http/connect_console/host_console` (pool
//!    admin): otherwise RBAC_PERMISSION_DENIED escapes the handler, **500** naming it.
//! 5. `check_vm_is_running_here`: the VM must be Running and resident on the host whose
//!    address was contacted, else **500** (a halted VM has no console left, which is the
//!    same failure).
//! 6. No address for the console (here: a protocol other than rfb): **404**.
//! 7. `pool.limit_console_sessions` and someone already connected: **503** `Connection
//!    Limit Exceeded`, naming who.
//! 8. `HTTP/1.1 200 OK` with `Connection: keep-alive` and `Cache-Control: no-cache,
//!    no-store`, then raw RFB from the guest's screen on the same connection (hyper's
//!    upgrade, over TLS too).

use super::session::{self, Viewer};
use crate::addresses::ServedAddress;
use crate::state::{DemoState, Role};
use axum::Extension;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::Value;
use std::sync::Arc;

/// An error page as http_svr.ml's `response_error_html` writes it.
fn error_page(status: StatusCode, body: String, extra: &[(&'static str, String)]) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
    h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store"),
    );
    for (k, v) in extra {
        if let Ok(v) = HeaderValue::from_str(v) {
            h.insert(*k, v);
        }
    }
    r
}

fn unauthorised() -> Response {
    error_page(
        StatusCode::UNAUTHORIZED,
        "<html><body><h1>HTTP 401 unauthorised</h1>Please check your credentials and retry.</body></html>".into(),
        &[("www-authenticate", "Basic realm=\"connect_console\"".into())],
    )
}

fn forbidden() -> Response {
    error_page(
        StatusCode::FORBIDDEN,
        "<html><body><h1>HTTP 403 forbidden</h1>Access to the requested resource is forbidden.</body></html>".into(),
        &[],
    )
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// xapi's 500: an exception escaped the handler; `what` is its text.
fn internal_error(what: &str) -> Response {
    error_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!(
            "<html><body><h1>HTTP 500 internal server error</h1>An unexpected error occurred; \
             please wait a while and try again. If the problem persists, please contact your \
             support representative.<h1> Additional information </h1>{}</body></html>",
            escape_html(what)
        ),
        &[],
    )
}

fn missing() -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::NOT_FOUND;
    let h = r.headers_mut();
    h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store"),
    );
    r
}

/// `respond_console_limit_exceeded`, users named.
fn limit_exceeded(vm: &str, users: &[String]) -> Response {
    let users_text = match users {
        [one] => format!("User '{}' is", escape_html(one)),
        many => format!(
            "Users '{}' are",
            many.iter()
                .map(|u| escape_html(u))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let body = format!(
        "<html><body><h1>Connection Limit Exceeded</h1><p>{users_text} currently connected \
         to this console (VM {vm}). No more connections are allowed when \
         limit_console_sessions is enabled.</p></body></html>"
    );
    let mut r = error_page(StatusCode::SERVICE_UNAVAILABLE, body, &[]);
    // xapi's reason phrase; hyper writes the canonical one for the code.
    r.extensions_mut()
        .insert(hyper::ext::ReasonPhrase::from_static(
            b"Connection Limit Exceeded",
        ));
    r
}

/// The console a request names, as `console_of_request` finds it.
fn console_of_request(db: &xapidb::Db, q: &[(String, String)]) -> Option<String> {
    let get = |k: &str| q.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    let r = match (get("uuid"), get("ref")) {
        (Some(uuid), _) => db
            .by_uuid("VM", uuid)
            .or_else(|| db.by_uuid("console", uuid))?
            .to_string(),
        (None, Some(r)) => r.to_string(),
        (None, None) => return None,
    };
    if db.get("console", &r).is_some() {
        return Some(r);
    }
    db.get("VM", &r)?;
    // The VM's default console: its rfb one.
    db.field("VM", &r, "consoles")?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .find(|c| db.field("console", c, "protocol").and_then(Value::as_str) == Some("rfb"))
        .map(str::to_string)
}

/// What the checks found about a console.
struct Target {
    vm: String,
    rfb: bool,
    control: bool,
    running: bool,
    resident_on: String,
    limit: bool,
    idle_timeout: Option<std::time::Duration>,
}

fn target(db: &xapidb::Db, console: &str) -> Option<Target> {
    let vm = db.field("console", console, "VM")?.as_str()?.to_string();
    let f = &db.get("VM", &vm)?.fields;
    let s = |k: &str| {
        f.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let control = f.get("is_control_domain").and_then(Value::as_bool) == Some(true);
    let pool = db.table("pool").and_then(|t| t.rows.values().next());
    let pool_field = |k: &str| pool.and_then(|p| p.fields.get(k));
    let limit = pool_field("limit_console_sessions").and_then(Value::as_bool) == Some(true)
        || pool_field("other_config")
            .and_then(|o| o.get("limit_console_sessions"))
            .and_then(Value::as_str)
            == Some("true");
    let resident_on = s("resident_on");
    let timeout = if control {
        db.field("host", &resident_on, "console_idle_timeout")
    } else {
        pool_field("vm_console_idle_timeout")
    };
    let idle_timeout = timeout
        .and_then(Value::as_i64)
        .filter(|t| *t > 0)
        .map(|t| std::time::Duration::from_secs(t.unsigned_abs()));
    Some(Target {
        rfb: db
            .field("console", console, "protocol")
            .and_then(Value::as_str)
            == Some("rfb"),
        running: s("power_state") == "Running",
        vm,
        control,
        resident_on,
        limit,
        idle_timeout,
    })
}

/// Removes a viewer from the connection count, and its tunnel from its session's, when its
/// session ends, however it ends.
struct ViewerGuard {
    state: Arc<DemoState>,
    vm: String,
    id: u64,
    session: String,
}

impl Drop for ViewerGuard {
    fn drop(&mut self) {
        self.state.consoles.drop_viewer(&self.vm, self.id);
        self.state.consoles.close_tunnel(&self.session);
    }
}

/// The demo's own limit (xapi has none): 503, as for xapi's console limit.
fn too_many_tunnels() -> Response {
    error_page(
        StatusCode::SERVICE_UNAVAILABLE,
        format!(
            "<html><body><h1>Connection Limit Exceeded</h1><p>This session already has {} \
             consoles open.</p></body></html>",
            super::MAX_TUNNELS_PER_SESSION
        ),
        &[],
    )
}

/// The `CONNECT /console` handler.
pub async fn connect(
    State(state): State<Arc<DemoState>>,
    served: Option<Extension<ServedAddress>>,
    mut req: Request,
) -> Response {
    if state.is_stopping() {
        return missing();
    }
    let q = crate::rrd_http::pairs(req.uri().query());
    let session_ref = crate::rrd_http::cookie_session(req.headers()).or_else(|| {
        q.iter()
            .find(|(k, _)| k == "session_id")
            .map(|(_, v)| v.clone())
    });
    let Some(session) = session_ref.as_deref().and_then(|s| state.session(s)) else {
        return unauthorised();
    };
    if session.role == Role::ReadOnly {
        return forbidden();
    }
    let found = state.read(|db| {
        let console = console_of_request(db, &q)?;
        target(db, &console)
    });
    let Some(t) = found else {
        return internal_error("Console.Failure");
    };
    if t.control && session.role != Role::PoolAdmin {
        return internal_error(
            "Server_error(RBAC_PERMISSION_DENIED, [ http/connect_console/host_console; \
             No permission in user session. (Roles with this permission: pool-admin) ])",
        );
    }
    // The host contacted: the one answering on the address the request came in on.
    let here = match served {
        Some(Extension(ServedAddress(ip))) => state.consoles.hosts_at(ip),
        None => state.read(|db| crate::state::coordinator(db).into_iter().collect()),
    };
    if !t.running || !here.contains(&t.resident_on) {
        return internal_error("Console.Failure");
    }
    if !t.rfb {
        return missing();
    }
    let Some(session_ref) = session_ref else {
        return unauthorised();
    };
    if !state.consoles.open_tunnel(&session_ref) {
        return too_many_tunnels();
    }
    let id = match state.consoles.add_viewer(&t.vm, &session.user, t.limit) {
        Ok(id) => id,
        Err(users) => {
            state.consoles.close_tunnel(&session_ref);
            return limit_exceeded(&t.vm, &users);
        }
    };
    let guard = ViewerGuard {
        state: state.clone(),
        vm: t.vm.clone(),
        id,
        session: session_ref.clone(),
    };
    let Some(guest) = super::guest(&state, &t.vm) else {
        return internal_error("Console.Failure");
    };
    let epoch = state.consoles.boot(&t.vm).epoch;
    let upgrade = hyper::upgrade::on(&mut req);
    let viewer = Viewer {
        state: state.clone(),
        vm: t.vm.clone(),
        epoch,
        guest,
        idle_timeout: t.idle_timeout,
        session: session_ref,
    };
    tokio::spawn(async move {
        let _guard = guard;
        match upgrade.await {
            Ok(io) => {
                let end = session::run(hyper_util::rt::TokioIo::new(io), viewer).await;
                tracing::debug!(?end, "console session ended");
            }
            Err(e) => tracing::debug!(error = %e, "console connection not upgraded"),
        }
    });
    let mut r = Response::new(Body::empty());
    let h = r.headers_mut();
    h.insert(header::CONNECTION, HeaderValue::from_static("keep-alive"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store"),
    );
    r
}
