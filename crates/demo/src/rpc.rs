//! Method dispatch: session checks, RBAC, parameter counts and xapi's error codes, then the
//! handlers in [`super::objects`], [`super::event_calls`] and [`super::power`].

use super::state::{DemoState, Role, SessionInfo};
use super::{event_calls, lifecycle, objects, power};
use serde_json::Value;
use std::net::IpAddr;
use std::sync::Arc;
use xenapi::error::{ApiError, codes};

/// What a call answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    Ok(Value),
    /// A value sent outside the Status/Value struct over XML-RPC (`system.listMethods`).
    Raw(Value),
    Err(ApiError),
}

impl From<Result<Value, ApiError>> for Reply {
    fn from(r: Result<Value, ApiError>) -> Self {
        match r {
            Ok(v) => Reply::Ok(v),
            Err(e) => Reply::Err(e),
        }
    }
}

/// The calling context of a method that needs a session.
pub struct Call<'a> {
    pub state: &'a Arc<DemoState>,
    pub method: &'a str,
    pub session_ref: &'a str,
    pub session: SessionInfo,
    pub args: &'a [Value],
}

impl Call<'_> {
    /// MESSAGE_PARAMETER_COUNT_MISMATCH unless exactly `n` arguments follow the session.
    pub fn expect_args(&self, n: usize) -> Result<(), ApiError> {
        if self.args.len() == n {
            Ok(())
        } else {
            Err(count_mismatch(self.method, n, self.args.len()))
        }
    }

    pub fn str_arg(&self, i: usize, name: &str) -> Result<&str, ApiError> {
        match self.args.get(i) {
            Some(Value::String(s)) => Ok(s),
            _ => Err(ApiError::new(codes::FIELD_TYPE_ERROR, [name])),
        }
    }

    /// RBAC: the read-only role may not change anything.
    pub fn require_write(&self) -> Result<(), ApiError> {
        match self.session.role {
            Role::PoolAdmin => return Ok(()),
            // VM operators may start, stop, reboot, suspend and resume VMs, not edit them.
            Role::VmOperator
                if self
                    .method
                    .strip_prefix("VM.")
                    .is_some_and(|m| power::handles(m) && m != "set_xenstore_data") =>
            {
                return Ok(());
            }
            _ => {}
        }
        let roles = if self.method.starts_with("VM.") {
            "pool-admin, pool-operator, vm-power-admin, vm-admin, vm-operator"
        } else {
            "pool-admin, pool-operator"
        };
        Err(ApiError::new(
            codes::RBAC_PERMISSION_DENIED,
            [
                self.method.to_ascii_lowercase(),
                format!("No permission in user session. (Roles with this permission: {roles})"),
            ],
        ))
    }
}

pub fn count_mismatch(method: &str, expected: usize, received: usize) -> ApiError {
    ApiError::new(
        codes::MESSAGE_PARAMETER_COUNT_MISMATCH,
        [
            method.to_string(),
            expected.to_string(),
            received.to_string(),
        ],
    )
}

pub fn method_unknown(method: &str) -> ApiError {
    ApiError::new(codes::MESSAGE_METHOD_UNKNOWN, [method])
}

/// xapi also accepts `Class_message` for `Class.message`. Class names contain underscores
/// (`VM_guest_metrics`), so the longest class that prefixes the name wins.
fn wire_name(method: &str) -> std::borrow::Cow<'_, str> {
    if method.contains('.') {
        return method.into();
    }
    let extra = ["session", "event", "system"];
    let class = xapidb::schema::KNOWN_CLASSES
        .iter()
        .chain(extra.iter())
        .filter(|c| {
            method.len() > c.len() + 1
                && method.starts_with(**c)
                && method.as_bytes()[c.len()] == b'_'
        })
        .max_by_key(|c| c.len());
    match class {
        Some(c) => format!("{c}.{}", &method[c.len() + 1..]).into(),
        None => method.into(),
    }
}

/// Handles one call from `peer` (the source address, for limiting password guesses).
pub async fn dispatch(
    state: &Arc<DemoState>,
    peer: Option<IpAddr>,
    method: &str,
    params: Vec<Value>,
) -> Reply {
    let method = &*wire_name(method);
    match method {
        "session.login_with_password" => return login(state, peer, &params).await.into(),
        "system.listMethods" => return Reply::Raw(objects::list_methods(state)),
        "system.isAlive" => {
            return Reply::Ok(
                params
                    .first()
                    .cloned()
                    .unwrap_or(Value::String(String::new())),
            );
        }
        _ => {}
    }
    let Some(first) = params.first() else {
        return Reply::Err(if objects::is_known_method(state, method) {
            count_mismatch(method, 0, 0)
        } else {
            method_unknown(method)
        });
    };
    let session_ref = first.as_str().unwrap_or_default();
    let Some(session) = state.session(session_ref) else {
        return Reply::Err(ApiError::new(codes::SESSION_INVALID, [session_ref]));
    };
    let call = Call {
        state,
        method,
        session_ref,
        session,
        args: &params[1..],
    };
    let result = match method.split_once('.') {
        Some(("session", "logout" | "local_logout")) => logout(&call),
        Some(("session", "get_this_user")) => Ok(Value::String(call.session.user.clone())),
        // Only of one's own session here (xapi lets a pool admin read any session's).
        Some(("session", "get_is_local_superuser")) => {
            own_session(&call).map(|_| Value::Bool(call.session.role == Role::PoolAdmin))
        }
        Some(("session", "get_rbac_permissions")) => own_session(&call).map(|_| {
            let perms: Vec<&str> = match call.session.role {
                Role::ReadOnly => READ_ONLY_PERMISSIONS.to_vec(),
                Role::VmOperator => READ_ONLY_PERMISSIONS
                    .iter()
                    .chain(VM_OPERATOR_PERMISSIONS)
                    .copied()
                    .collect(),
                Role::PoolAdmin => Vec::new(), // the local superuser is not checked against a list
            };
            Value::from(perms)
        }),
        Some(("event", msg)) => event_calls::handle(&call, msg).await,
        Some(("host", "get_servertime")) => call.expect_args(1).map(|_| now_datetime()),
        Some(("Async", rest)) => lifecycle::handle_async(&call, rest),
        Some((class, msg)) => match lifecycle::handle(&call, class, msg) {
            Some(r) => r,
            None if class == "VM" && power::handles(msg) => power::handle(&call, msg),
            None => objects::handle(&call, class, msg),
        },
        None => Err(method_unknown(method)),
    };
    result.into()
}

/// A sample of what xapi's read-only role may call (the getters and event calls).
const READ_ONLY_PERMISSIONS: &[&str] = &[
    "event.from",
    "event.inject",
    "host.get_servertime",
    "pif.get_record",
    "pool.get_record",
    "vif.get_record",
    "vm.get_record",
];

/// What the VM operator role adds (a sample: VM power operations and VM consoles).
const VM_OPERATOR_PERMISSIONS: &[&str] = &[
    "http/connect_console",
    "vm.clean_reboot",
    "vm.clean_shutdown",
    "vm.hard_reboot",
    "vm.hard_shutdown",
    "vm.resume",
    "vm.start",
    "vm.suspend",
];

/// `session.X(s, self)`: `self` must be a session ref the server knows.
fn own_session(call: &Call) -> Result<(), ApiError> {
    call.expect_args(1)?;
    let target = call.str_arg(0, "self")?;
    if call.state.session(target).is_none() {
        return Err(ApiError::new(codes::HANDLE_INVALID, ["session", target]));
    }
    Ok(())
}

async fn login(
    state: &Arc<DemoState>,
    peer: Option<IpAddr>,
    params: &[Value],
) -> Result<Value, ApiError> {
    let method = "session.login_with_password";
    if !(2..=4).contains(&params.len()) {
        return Err(count_mismatch(method, 4, params.len()));
    }
    let text = |i: usize, name: &str| match &params[i] {
        Value::String(s) => Ok(s.clone()),
        _ => Err(ApiError::new(codes::FIELD_TYPE_ERROR, [name])),
    };
    let user = text(0, "uname")?;
    let password = text(1, "pwd")?;
    let originator = if params.len() == 4 {
        text(3, "originator")?
    } else {
        String::new()
    };
    if let Some(master) = &state.config.redirect_to {
        return Err(ApiError::new(codes::HOST_IS_SLAVE, [master.clone()]));
    }
    // A check costs a token of the caller's source; none left, no check: the answer then
    // says nothing about the password, however many guesses arrive in parallel.
    let source = peer.unwrap_or(IpAddr::from([0, 0, 0, 0]));
    if let Err(wait) = state.logins.try_take(source) {
        tokio::time::sleep(state.config.auth_failure_delay).await;
        return Err(ApiError::new(
            codes::SESSION_AUTHENTICATION_FAILED,
            [
                user,
                format!(
                    "Too many failed logins from this address; try again in {} s",
                    wait.as_secs().max(1)
                ),
            ],
        ));
    }
    let matches = |account: &Option<(String, String)>| {
        account
            .as_ref()
            .is_some_and(|(u, p)| *u == user && constant_time_eq(p, &password))
    };
    let role = if matches(&state.config.read_only_user) {
        Some(Role::ReadOnly)
    } else if matches(&state.config.vm_operator_user) {
        Some(Role::VmOperator)
    } else if user == "root" && constant_time_eq(&state.config.root_password, &password) {
        Some(Role::PoolAdmin)
    } else {
        None
    };
    let Some(role) = role else {
        // The token stays used. Slow down password guessing, as xapi does.
        tokio::time::sleep(state.config.auth_failure_delay).await;
        return Err(ApiError::new(
            codes::SESSION_AUTHENTICATION_FAILED,
            [user, "Authentication failure".to_string()],
        ));
    };
    state.logins.give_back(source);
    let r = format!("OpaqueRef:{}", uuid::Uuid::new_v4());
    if let Ok(mut s) = state.sessions.lock() {
        s.insert(
            r.clone(),
            SessionInfo {
                user,
                read_only: role == Role::ReadOnly,
                originator,
                role,
            },
        );
    }
    Ok(Value::String(r))
}

fn logout(call: &Call) -> Result<Value, ApiError> {
    call.expect_args(0)?;
    if let Ok(mut s) = call.state.sessions.lock() {
        s.remove(call.session_ref);
    }
    call.state.wake_all();
    Ok(Value::String(String::new()))
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Now, in xapi's datetime format.
pub fn now_datetime() -> Value {
    Value::String(format_datetime(std::time::SystemTime::now()))
}

pub fn format_datetime(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}{m:02}{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_use_xapi_format() {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_742_357_784);
        assert_eq!(format_datetime(t), "20250319T04:16:24Z");
        assert_eq!(format_datetime(std::time::UNIX_EPOCH), "19700101T00:00:00Z");
    }

    #[test]
    fn underscore_alias_maps_to_the_wire_name() {
        assert_eq!(wire_name("VM.get_record"), "VM.get_record");
        assert_eq!(wire_name("VM_get_record"), "VM.get_record");
        assert_eq!(
            wire_name("VM_guest_metrics_get_all"),
            "VM_guest_metrics.get_all"
        );
        assert_eq!(
            wire_name("session_login_with_password"),
            "session.login_with_password"
        );
        assert_eq!(wire_name("nonsense"), "nonsense");
        assert_eq!(wire_name("VM_"), "VM_");
    }
}
