//! A logged-in session: login (with HOST_IS_SLAVE redirects), calls that carry the session
//! ref, re-login on SESSION_INVALID, and logout.

use super::error::{Error, ErrorKind, Result, codes};
use super::records::{Host, Pool};
use super::refs::{Class, Ref};
use super::transport::{Protocol, Transport, TransportOptions};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::fmt;
use std::sync::RwLock;
use tokio::time::Instant;

/// Sent as the originator of every login, so pool admins can see who is connected.
pub const ORIGINATOR: &str = concat!("XenPilot ", env!("CARGO_PKG_VERSION"));

/// The API version we declare at login (xapi ignores it; the SDKs send their own).
pub const CLIENT_API_VERSION: &str = "2.21";

/// At most this many HOST_IS_SLAVE hops before giving up (a misconfigured pool could loop).
const MAX_REDIRECTS: usize = 3;

/// User name and password. The password never appears in Debug output or logs.
#[derive(Clone)]
pub struct Credentials {
    /// The user name (`root`, or an AD user on a pool with external authentication).
    pub user: String,
    password: String,
}

impl Credentials {
    /// A user name and password, for `session.login_with_password`.
    pub fn new(user: impl Into<String>, password: impl Into<String>) -> Self {
        Credentials {
            user: user.into(),
            password: password.into(),
        }
    }

    /// The password, for the login call only.
    pub fn password(&self) -> &str {
        &self.password
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// A logged-in session with a pool master.
pub struct Session {
    transport: Transport,
    credentials: Credentials,
    session_ref: RwLock<String>,
    /// Where the user asked to connect when a HOST_IS_SLAVE redirect led elsewhere.
    pub redirected_from: Option<String>,
    /// The master's `API_version_major.minor`, read after login.
    pub api_version: (i64, i64),
    /// The pool master (for the heartbeat's `host.get_servertime`), read after login.
    pub master: Option<Ref<Host>>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("host", &self.transport.host_label())
            .field("user", &self.credentials.user)
            .field("api_version", &self.api_version)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// Logs in to `url`, following HOST_IS_SLAVE to the master, then reads the master's API
    /// version.
    pub async fn login(
        url: &str,
        credentials: Credentials,
        options: TransportOptions,
    ) -> Result<Session> {
        Self::login_with(url, credentials, options, |url, opts| {
            Transport::new(url, opts)
        })
        .await
    }

    /// Like [`Session::login`], building each transport (one per host tried) with `make`:
    /// for callers that configure TLS themselves.
    pub async fn login_with(
        url: &str,
        credentials: Credentials,
        options: TransportOptions,
        make: impl Fn(&str, &TransportOptions) -> Result<Transport>,
    ) -> Result<Session> {
        let mut target = url.to_string();
        let mut redirected_from = None;
        for _ in 0..=MAX_REDIRECTS {
            let transport = make(&target, &options)?;
            match login_call(&transport, transport.deadline(), &credentials).await {
                Ok(session_ref) => {
                    let mut s = Session {
                        transport,
                        credentials,
                        session_ref: RwLock::new(session_ref),
                        redirected_from,
                        api_version: (0, 0),
                        master: None,
                    };
                    match s.read_master().await {
                        Ok((master, version)) => {
                            s.master = Some(master);
                            s.api_version = version;
                        }
                        // A host too slow or too large to read is no use: say so now.
                        Err(e) if e.limit().is_some() => return Err(e),
                        Err(_) => {} // an old or odd host: carry on without
                    }
                    return Ok(s);
                }
                Err(e) if e.is_code(codes::HOST_IS_SLAVE) => {
                    let master = e.api().and_then(|a| a.params.first()).cloned();
                    let Some(master) = master.filter(|m| !m.is_empty()) else {
                        return Err(e);
                    };
                    let next = redirect_url(transport.base_url(), &master).map_err(|m| {
                        Error::new(
                            transport.host_label(),
                            "session.login_with_password",
                            ErrorKind::Client(m.to_string()),
                        )
                    })?;
                    tracing::info!(from = %transport.host_label(), to = %next, "host is a pool member; connecting to the master");
                    redirected_from.get_or_insert_with(|| url.to_string());
                    target = next;
                }
                Err(e) => return Err(e),
            }
        }
        Err(Error::new(
            url,
            "session.login_with_password",
            ErrorKind::Client("too many HOST_IS_SLAVE redirects".into()),
        ))
    }

    /// The transport the session's calls go over.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// The master's host (and port), for messages.
    pub fn host_label(&self) -> &str {
        self.transport.host_label()
    }

    /// The master's base URL (after any HOST_IS_SLAVE redirect).
    pub fn base_url(&self) -> &reqwest::Url {
        self.transport.base_url()
    }

    /// The wire protocol in use, once the first call has settled it.
    pub fn protocol(&self) -> Option<Protocol> {
        self.transport.protocol()
    }

    /// The user name the session logged in with.
    pub fn user(&self) -> &str {
        &self.credentials.user
    }

    /// The current session ref (changes after a re-login).
    pub fn session_ref(&self) -> String {
        self.session_ref
            .read()
            .map(|s| s.clone())
            .unwrap_or_default()
    }

    /// A transport of its own (own connection pool) to the same host, speaking the protocol
    /// already chosen: for the blocking `event.from` loop, which must not hold up other calls.
    pub fn separate_transport(&self, options: &TransportOptions) -> Result<Transport> {
        let mut opts = options.clone();
        opts.pins = self.transport.pins().clone();
        opts.max_reply_bytes = opts.max_reply_bytes.min(self.transport.max_reply_bytes());
        if let Some(p) = self.protocol() {
            opts.protocol = super::transport::ProtocolChoice::Only(p);
        }
        Transport::new(self.base_url().as_str(), &opts)
    }

    /// Calls `method` with the session ref prepended. On SESSION_INVALID (host restarted,
    /// session expired) it logs in again once and retries.
    pub async fn call(&self, method: &str, args: &[Value]) -> Result<Value> {
        self.call_on(&self.transport, method, args).await
    }

    /// Like [`Session::call`] over another transport (the event loop's).
    /// One deadline covers the call, the re-login and the retry.
    pub async fn call_on(
        &self,
        transport: &Transport,
        method: &str,
        args: &[Value],
    ) -> Result<Value> {
        let deadline = transport.deadline();
        match self.call_once(transport, deadline, method, args).await {
            Err(e) if e.is_code(codes::SESSION_INVALID) => {
                self.relogin_by(deadline).await?;
                self.call_once(transport, deadline, method, args).await
            }
            other => other,
        }
    }

    async fn call_once(
        &self,
        transport: &Transport,
        deadline: Instant,
        method: &str,
        args: &[Value],
    ) -> Result<Value> {
        let mut params = Vec::with_capacity(args.len() + 1);
        params.push(Value::String(self.session_ref()));
        params.extend_from_slice(args);
        transport.call_by(deadline, method, &params).await
    }

    /// Logs in again with the same credentials and replaces the session ref.
    pub async fn relogin(&self) -> Result<()> {
        self.relogin_by(self.transport.deadline()).await
    }

    async fn relogin_by(&self, deadline: Instant) -> Result<()> {
        let new_ref = login_call(&self.transport, deadline, &self.credentials).await?;
        if let Ok(mut s) = self.session_ref.write() {
            *s = new_ref;
        }
        Ok(())
    }

    /// Ends the session on the server. Errors are returned but the session is gone either way.
    pub async fn logout(&self) -> Result<()> {
        let deadline = self.transport.deadline();
        self.call_once(&self.transport, deadline, "session.logout", &[])
            .await
            .map(|_| ())
    }

    /// Calls a method and decodes its result (straight from the reply over JSON-RPC). One
    /// deadline covers the call, the re-login and the retry.
    pub async fn call_as<T: DeserializeOwned>(&self, method: &str, args: &[Value]) -> Result<T> {
        let deadline = self.transport.deadline();
        let call = |sref: String| {
            let mut params = Vec::with_capacity(args.len() + 1);
            params.push(Value::String(sref));
            params.extend_from_slice(args);
            async move {
                self.transport
                    .call_typed_by::<T>(deadline, method, &params)
                    .await
            }
        };
        match call(self.session_ref()).await {
            Err(e) if e.is_code(codes::SESSION_INVALID) => {
                self.relogin_by(deadline).await?;
                call(self.session_ref()).await
            }
            other => other,
        }
    }

    /// `Class.get_all_records`: every object of class `T`, by ref.
    pub async fn get_all_records<T: Class + DeserializeOwned>(&self) -> Result<HashMap<Ref<T>, T>> {
        let method = format!("{}.get_all_records", T::NAME);
        let r: super::refs::Records<T> = self.call_as(&method, &[]).await?;
        Ok(r.0)
    }

    /// `Class.get_record(ref)`: one object of class `T`.
    pub async fn get_record<T: Class + DeserializeOwned>(&self, r: &Ref<T>) -> Result<T> {
        let method = format!("{}.get_record", T::NAME);
        self.call_as(&method, &[r.into()]).await
    }

    /// `Class.add_to_<field>(ref, key, value)`: fails with MAP_DUPLICATE_KEY if the key exists.
    pub async fn add_to_map<T: Class>(
        &self,
        r: &Ref<T>,
        field: &str,
        key: &str,
        value: &str,
    ) -> Result<()> {
        let method = format!("{}.add_to_{field}", T::NAME);
        self.call(&method, &[r.into(), json!(key), json!(value)])
            .await
            .map(|_| ())
    }

    /// `Class.remove_from_<field>(ref, key)`: succeeds when the key is absent.
    pub async fn remove_from_map<T: Class>(
        &self,
        r: &Ref<T>,
        field: &str,
        key: &str,
    ) -> Result<()> {
        let method = format!("{}.remove_from_{field}", T::NAME);
        self.call(&method, &[r.into(), json!(key)])
            .await
            .map(|_| ())
    }

    /// Sets one key, whether or not it exists: `remove_from_X` then `add_to_X`, touching no
    /// other key (unlike `set_X`, which would overwrite concurrent edits of other keys).
    pub async fn put_map_key<T: Class>(
        &self,
        r: &Ref<T>,
        field: &str,
        key: &str,
        value: &str,
    ) -> Result<()> {
        self.remove_from_map(r, field, key).await?;
        self.add_to_map(r, field, key, value).await
    }

    /// `Class.set_<field>(ref, map)`: replaces the whole map.
    pub async fn set_map<T: Class>(
        &self,
        r: &Ref<T>,
        field: &str,
        map: &crate::records::StringMap,
    ) -> Result<()> {
        let method = format!("{}.set_{field}", T::NAME);
        self.call(&method, &[r.into(), json!(map)])
            .await
            .map(|_| ())
    }

    async fn read_master(&self) -> Result<(Ref<Host>, (i64, i64))> {
        let pools: HashMap<Ref<Pool>, Pool> = self.get_all_records().await?;
        let Some(pool) = pools.values().next() else {
            return Err(Error::new(
                self.host_label(),
                "pool.get_all_records",
                ErrorKind::Decode("no pool record".into()),
            ));
        };
        let host: Host = self.get_record(&pool.master).await?;
        Ok((
            pool.master.clone(),
            (host.api_version_major, host.api_version_minor),
        ))
    }

    /// `session.get_is_local_superuser` and `session.get_rbac_permissions` of this session:
    /// what a client needs to decide what the user may edit.
    pub async fn rbac(&self) -> Result<(bool, Vec<String>)> {
        let me = json!(self.session_ref());
        let superuser: bool = self
            .call_as("session.get_is_local_superuser", std::slice::from_ref(&me))
            .await?;
        if superuser {
            return Ok((true, Vec::new()));
        }
        let perms: Vec<String> = self.call_as("session.get_rbac_permissions", &[me]).await?;
        Ok((false, perms))
    }

    /// One heartbeat: `host.get_servertime` on the master over `transport` (XenCenter's
    /// liveness check, every 15 s on a connection of its own).
    pub async fn heartbeat(&self, transport: &Transport) -> Result<()> {
        let master = self.master.as_ref().map(|m| m.as_str()).unwrap_or_default();
        self.call_on(transport, "host.get_servertime", &[json!(master)])
            .await
            .map(|_| ())
    }
}

async fn login_call(transport: &Transport, deadline: Instant, c: &Credentials) -> Result<String> {
    let v = transport
        .call_by(
            deadline,
            "session.login_with_password",
            &[
                json!(c.user),
                json!(c.password),
                json!(CLIENT_API_VERSION),
                json!(ORIGINATOR),
            ],
        )
        .await?;
    match v {
        Value::String(s) if !s.is_empty() => Ok(s),
        other => Err(Error::new(
            transport.host_label(),
            "session.login_with_password",
            ErrorKind::Decode(format!("expected a session ref, got {other}")),
        )),
    }
}

/// Why a HOST_IS_SLAVE redirect could not be followed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedirectError {
    /// The master was given as a whole URL, and it is not a usable one (why, in words).
    #[error("{0}")]
    Url(String),
    /// The master's address cannot be a host name or IP address.
    #[error("invalid master address {master:?}: {reason}")]
    Address {
        /// The address the member sent.
        master: String,
        /// Why it was refused.
        reason: String,
    },
}

/// The master's URL: same scheme and port as the member we reached, the master's address.
/// A master given as a whole URL (the demo server's `--redirect-to`, for loopback tests) is
/// used as it is.
pub fn redirect_url(
    from: &reqwest::Url,
    master: &str,
) -> std::result::Result<String, RedirectError> {
    if master.contains("://") {
        return super::transport::normalize_url(master)
            .map(|u| u.to_string())
            .map_err(|e| RedirectError::Url(e.to_string()));
    }
    let mut url = from.clone();
    let host = if master.contains(':') && !master.starts_with('[') {
        format!("[{master}]") // an IPv6 address
    } else {
        master.to_string()
    };
    url.set_host(Some(&host))
        .map_err(|e| RedirectError::Address {
            master: master.to_string(),
            reason: e.to_string(),
        })?;
    Ok(url.to_string())
}

/// Decodes a call's result into `T`; a mismatch is an [`ErrorKind::Decode`] error of
/// `method` on `host`.
pub fn decode<T: DeserializeOwned>(host: &str, method: &str, v: Value) -> Result<T> {
    serde_json::from_value(v)
        .map_err(|e| Error::new(host, method, ErrorKind::Decode(e.to_string())))
}

/// Decodes a `get_all_records` map; a record that cannot be decoded at all is an error.
pub fn decode_records<T: DeserializeOwned>(
    host: &str,
    method: &str,
    v: Value,
) -> Result<HashMap<Ref<T>, T>> {
    let Value::Object(map) = v else {
        return Err(Error::new(
            host,
            method,
            ErrorKind::Decode("expected a map of records".into()),
        ));
    };
    let mut out = HashMap::with_capacity(map.len());
    for (k, rec) in map {
        let r: T = serde_json::from_value(rec)
            .map_err(|e| Error::new(host, method, ErrorKind::Decode(format!("record {k}: {e}"))))?;
        out.insert(Ref::new(k), r);
    }
    Ok(out)
}
