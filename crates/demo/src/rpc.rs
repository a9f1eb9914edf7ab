//! Method dispatch: the method table ([`METHODS`], one entry per method: name, arity, the
//! role it needs, its handler), session checks, parameter counts and xapi's error codes. The
//! generic per-class methods (`get_all`, field getters and setters, map and set edits) are
//! one rule, in [`super::objects`]; `Async.<Class>.<method>` runs a table entry or that rule
//! as a task.

use super::lifecycle::{Job, tasks};
use super::state::{DemoState, Role, SessionInfo};
use super::{event_calls, objects};
use serde_json::Value;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
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
    /// The least role the method needs: its table entry's, or a pool admin's for the
    /// generic writes.
    pub needs: Role,
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

    /// The method's name without its class (`clean_shutdown` of `VM.clean_shutdown`).
    pub fn message(&self) -> &str {
        self.method.split_once('.').map_or("", |(_, m)| m)
    }

    /// RBAC: the session's role must cover the role the method needs. Handlers call it
    /// where xapi checks: after reading the arguments, before looking at any object, so a
    /// session without the role learns nothing but RBAC_PERMISSION_DENIED.
    pub fn authorize(&self) -> Result<(), ApiError> {
        if self.session.role.covers(self.needs) {
            Ok(())
        } else {
            Err(self.denied())
        }
    }

    /// RBAC_PERMISSION_DENIED for this method, naming the roles that have it.
    pub fn denied(&self) -> ApiError {
        // xapi names the roles of the method's `allowed_roles`; the demo's Pool Admin entries
        // stand for xapi's pool-operator and VM power admin ones too.
        let roles = if self.needs == Role::VmOperator {
            "pool-admin, pool-operator, vm-power-admin, vm-admin, vm-operator"
        } else if self.needs == Role::VmAdmin {
            "pool-admin, pool-operator, vm-power-admin, vm-admin"
        } else if self.method.starts_with("VM.")
            && METHODS
                .iter()
                .any(|m| m.name == self.method && m.role == Role::PoolAdmin)
        {
            "pool-admin, pool-operator, vm-power-admin"
        } else if self.method.starts_with("VM.") {
            // The VM class's default (`messages_default_allowed_roles:_R_VM_ADMIN`).
            "pool-admin, pool-operator, vm-power-admin, vm-admin"
        } else if self.method.starts_with("network.") {
            "pool-admin, pool-operator, vm-admin"
        } else {
            "pool-admin, pool-operator"
        };
        ApiError::new(
            codes::RBAC_PERMISSION_DENIED,
            [
                self.method.to_ascii_lowercase(),
                format!("No permission in user session. (Roles with this permission: {roles})"),
            ],
        )
    }
}

/// How many arguments follow the session (or, for a method without one, how many it takes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    Exact(usize),
    /// An older and a newer form; a mismatch names `said`, as xapi does.
    Between {
        min: usize,
        max: usize,
        said: usize,
    },
    /// Not checked.
    Any,
}

impl Arity {
    fn check(self, method: &str, received: usize) -> Result<(), ApiError> {
        match self {
            Arity::Exact(n) if received != n => Err(count_mismatch(method, n, received)),
            Arity::Between { min, max, said } if !(min..=max).contains(&received) => {
                Err(count_mismatch(method, said, received))
            }
            _ => Ok(()),
        }
    }
}

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
/// A method called without a session: the server, the caller's address, the parameters.
pub type OpenFn =
    for<'a> fn(&'a Arc<DemoState>, Option<IpAddr>, &'a [Value]) -> BoxFuture<'a, Reply>;
/// A method that waits.
pub type WaitFn = for<'a> fn(&'a Call<'a>) -> BoxFuture<'a, Result<Value, ApiError>>;

/// What runs a method.
#[derive(Clone, Copy)]
pub enum Handler {
    /// Called without a session: its parameters are all its own.
    Open(OpenFn),
    /// Answers at once.
    Sync(fn(&Call) -> Result<Value, ApiError>),
    /// Answers when something happens (`event.from`).
    Wait(WaitFn),
    /// A job of the task machinery ([`super::lifecycle`]): run at once by a sync call, over a
    /// believable time by `Async.`; the role is checked between reading the arguments and
    /// the job's own checks.
    Job(fn(&Call) -> Result<Job, ApiError>),
}

/// One method of the demo server.
pub struct Method {
    /// The wire name, `Class.message`.
    pub name: &'static str,
    pub arity: Arity,
    /// The least role that may call it: [`Role::ReadOnly`] for what every session may call
    /// (a handler may check more, as `task.cancel` does for others' tasks).
    pub role: Role,
    /// Whether `Async.<name>` exists.
    pub asynchronous: bool,
    pub handler: Handler,
    /// The xapi code it was checked against (file and function, in xapi-project/xen-api's
    /// `ocaml/`): its checks, their order and its errors are the demo's.
    pub xapi: &'static str,
}

const fn m(
    name: &'static str,
    arity: Arity,
    role: Role,
    asynchronous: bool,
    handler: Handler,
    xapi: &'static str,
) -> Method {
    Method {
        name,
        arity,
        role,
        asynchronous,
        handler,
        xapi,
    }
}

mod methods;
pub use methods::METHODS;

/// The table's entry for `name`.
pub fn method(name: &str) -> Option<&'static Method> {
    METHODS.iter().find(|m| m.name == name)
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
    let entry = self::method(method);
    if let Some(Method {
        arity,
        handler: Handler::Open(open),
        ..
    }) = entry
    {
        if let Err(e) = arity.check(method, params.len()) {
            return Reply::Err(e);
        }
        return open(state, peer, &params).await;
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
        needs: entry.map_or_else(|| generic_needs(method), |e| e.role),
    };
    let result = match (entry, method.split_once('.')) {
        (Some(entry), _) => run(&call, entry).await,
        (None, Some(("Async", rest))) => run_async(&call, rest),
        (None, Some((class, msg))) if class != "event" => objects::handle(&call, class, msg),
        (None, _) => Err(method_unknown(method)),
    };
    result.into()
}

/// The least role of a generic per-class write (a field setter, a map edit): a VM admin's
/// for the names, `other_config` and `xenstore_data` of VMs and their disks, drives and
/// NICs (xapi: those classes' `messages_default_allowed_roles` is `_R_VM_ADMIN` and these
/// fields have no `writer_roles` of their own), else a pool admin's.
fn generic_needs(method: &str) -> Role {
    let Some((class, msg)) = method.split_once('.') else {
        return Role::PoolAdmin;
    };
    let field = ["set_", "add_to_", "remove_from_"]
        .iter()
        .find_map(|p| msg.strip_prefix(p));
    let vm_class = matches!(class, "VM" | "VDI" | "VBD" | "VIF");
    let vm_field = matches!(
        field,
        Some("name_label" | "name_description" | "other_config" | "xenstore_data")
    );
    if vm_class && vm_field {
        Role::VmAdmin
    } else {
        Role::PoolAdmin
    }
}

/// Runs a sync call of `entry`.
async fn run(call: &Call<'_>, entry: &Method) -> Result<Value, ApiError> {
    entry.arity.check(call.method, call.args.len())?;
    match entry.handler {
        Handler::Sync(f) => f(call),
        Handler::Wait(f) => f(call).await,
        Handler::Job(f) => tasks::run_sync(call, f(call)?).await,
        // Answered before the session was looked at.
        Handler::Open(_) => Err(method_unknown(call.method)),
    }
}

/// Handles `Async.<rest>`: the task's ref, or an error in the arguments. A job runs over
/// time; any other method runs at once inside a finished task; field getters, `event.*` and
/// `session.*` have no async form, as in xapi.
fn run_async(call: &Call, rest: &str) -> Result<Value, ApiError> {
    let unknown = || Err(method_unknown(call.method));
    let Some((class, msg)) = rest.split_once('.') else {
        return unknown();
    };
    let entry = self::method(rest);
    let inner = Call {
        state: call.state,
        method: rest,
        session_ref: call.session_ref,
        session: call.session.clone(),
        args: call.args,
        needs: entry.map_or_else(|| generic_needs(rest), |e| e.role),
    };
    let out = match entry {
        Some(e) if !e.asynchronous => return unknown(),
        Some(e) => {
            e.arity.check(rest, call.args.len())?;
            match e.handler {
                Handler::Job(f) => return tasks::run_async(&inner, f(&inner)?),
                Handler::Sync(f) => f(&inner),
                Handler::Wait(_) | Handler::Open(_) => return unknown(),
            }
        }
        None if msg.starts_with("get_") || class == "event" || class == "session" => {
            return unknown();
        }
        None => match objects::handle(&inner, class, msg) {
            Err(e) if e.code == codes::MESSAGE_METHOD_UNKNOWN => return unknown(),
            out => out,
        },
    };
    // Done now, reported through a task as xapi would; the role was checked by the call.
    let value = out.clone().unwrap_or(Value::Null);
    let job = Job::quick(rest, move |_| out.map(|_| value));
    tasks::run_async(&inner, job)
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

/// What the VM operator role adds: the table's methods for that role (VM power operations)
/// and VM consoles.
fn vm_operator_permissions() -> Vec<String> {
    let mut out: Vec<String> = METHODS
        .iter()
        .filter(|m| m.role == Role::VmOperator)
        .flat_map(|m| {
            let name = m.name.to_ascii_lowercase();
            // As xapi lists keyed permissions: one per key the role may write.
            if name.ends_with("_other_config") {
                let class = m.name.split('.').next().unwrap_or_default();
                crate::org_calls::vm_operator_keys(class)
                    .iter()
                    .map(|k| format!("{name}/key:{}", k.to_ascii_lowercase()))
                    .collect()
            } else {
                vec![name]
            }
        })
        .collect();
    out.push("http/connect_console".into());
    out.sort();
    out
}

fn get_this_user(call: &Call) -> Result<Value, ApiError> {
    Ok(Value::String(call.session.user.clone()))
}

// Only of one's own session here (xapi lets a pool admin read any session's).
fn get_is_local_superuser(call: &Call) -> Result<Value, ApiError> {
    own_session(call).map(|_| Value::Bool(call.session.role == Role::PoolAdmin))
}

fn get_rbac_permissions(call: &Call) -> Result<Value, ApiError> {
    own_session(call)?;
    let read_only = READ_ONLY_PERMISSIONS.iter().map(|p| p.to_string());
    let perms: Vec<String> = match call.session.role {
        Role::ReadOnly => read_only.collect(),
        Role::VmOperator => read_only.chain(vm_operator_permissions()).collect(),
        Role::VmAdmin => read_only
            .chain(vm_operator_permissions())
            .chain(
                super::transfer::VM_ADMIN_HTTP
                    .iter()
                    .map(|p| format!("http/{p}")),
            )
            .collect(),
        Role::PoolAdmin => Vec::new(), // the local superuser is not checked against a list
    };
    Ok(Value::from(perms))
}

fn get_servertime(_: &Call) -> Result<Value, ApiError> {
    Ok(now_datetime())
}

fn event_from<'a>(call: &'a Call<'a>) -> BoxFuture<'a, Result<Value, ApiError>> {
    Box::pin(event_calls::from(call))
}

fn list_methods<'a>(
    state: &'a Arc<DemoState>,
    _: Option<IpAddr>,
    _: &'a [Value],
) -> BoxFuture<'a, Reply> {
    Box::pin(async move { Reply::Raw(objects::list_methods(state)) })
}

fn is_alive<'a>(
    _: &'a Arc<DemoState>,
    _: Option<IpAddr>,
    params: &'a [Value],
) -> BoxFuture<'a, Reply> {
    let v = params
        .first()
        .cloned()
        .unwrap_or(Value::String(String::new()));
    Box::pin(async move { Reply::Ok(v) })
}

fn login<'a>(
    state: &'a Arc<DemoState>,
    peer: Option<IpAddr>,
    params: &'a [Value],
) -> BoxFuture<'a, Reply> {
    Box::pin(async move { log_in(state, peer, params).await.into() })
}

/// `session.X(s, self)`: `self` must be a session ref the server knows.
fn own_session(call: &Call) -> Result<(), ApiError> {
    let target = call.str_arg(0, "self")?;
    if call.state.session(target).is_none() {
        return Err(ApiError::new(codes::HANDLE_INVALID, ["session", target]));
    }
    Ok(())
}

/// `session.login_with_password(uname, pwd[, version[, originator]])`.
async fn log_in(
    state: &Arc<DemoState>,
    peer: Option<IpAddr>,
    params: &[Value],
) -> Result<Value, ApiError> {
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
    // A token soon to come is waited for, once: a right password behind a guesser (who
    // shares the source) gets in a few seconds later, and the guesser gains nothing.
    let mut token = state.logins.try_take(source);
    if let Err(wait) = token
        && wait <= super::limits::MAX_LOGIN_WAIT
    {
        tokio::time::sleep(wait).await;
        token = state.logins.try_take(source);
    }
    if let Err(wait) = token {
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
    } else if matches(&state.config.vm_admin_user) {
        Some(Role::VmAdmin)
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

mod time;
pub use time::{format_datetime, now_datetime};

#[cfg(test)]
mod tests;
