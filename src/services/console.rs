//! Opening a VM's or a host's console, for the app's Console tab and `xenpilot console`:
//! find the VM's RFB console (`VM.consoles`, the one with `protocol = rfb`; a host's is its
//! control domain's), open xapi's tunnel to the host it runs on ([`xenapi::console`]), and
//! start the RFB client ([`rfb`]) on it. No GUI code.
//!
//! A pool member's certificate that is not yet trusted is checked against what the pool
//! master says it is (`host.get_server_certificate`, over the authenticated session): when
//! they match it is trusted for this connection (the master vouches for its member, as it
//! does when XenCenter connects); otherwise the typed refusal goes to the UI, which shows the
//! fingerprint to trust.
//!
//! [`xenapi::console`]: xenapi::console

use rfb::client::Notify;
use rfb::{RfbClient, RfbError};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;
use xenapi::console::{self, ConsoleError, ConsoleRequest};
use xenapi::{Rejection, Session};

/// How long connecting and the CONNECT exchange may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

/// Whose console to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The VM's ref (a host's control domain for a host console).
    pub vm: String,
    /// The VM's (or host's) name, for messages.
    pub name: String,
    /// A host's console (its control domain's): needs the Pool Admin role.
    pub host_console: bool,
    /// Addresses of the pool's hosts, where a redirect may go.
    pub pool_hosts: Vec<String>,
}

/// Why a console is not shown.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The tunnel failed or xapi refused it.
    #[error(transparent)]
    Console(#[from] ConsoleError),
    /// A XenAPI call failed (finding the console).
    #[error(transparent)]
    Api(#[from] xenapi::Error),
    /// The RFB session failed or ended.
    #[error(transparent)]
    Rfb(#[from] RfbError),
    /// The console closed after this many seconds without input: the pool's idle timeout.
    #[error("the console was closed after {0} s without input (the pool's idle timeout)")]
    IdleTimeout(u64),
}

/// An open console.
pub struct Opened {
    /// The RFB session.
    pub client: RfbClient,
    /// The console's location when it was opened.
    pub location: String,
    /// The host it runs on (`host:port`), for the status line.
    pub host: String,
    /// xapi's idle timeout for this console in seconds (0: none).
    pub idle_timeout: u64,
}

/// Finds `target`'s RFB console, opens the tunnel and starts the RFB client.
pub async fn open(
    session: &Session,
    target: &Target,
    pins: &BTreeMap<String, String>,
    notify: Notify,
) -> Result<Opened, Failure> {
    let vm = json!(target.vm);
    let power: String = session
        .call_as("VM.get_power_state", std::slice::from_ref(&vm))
        .await?;
    if power != "Running" {
        return Err(ConsoleError::VmNotRunning.into());
    }
    let location = rfb_location(session, &vm).await?;
    let mut all_pins = session.transport().pins().clone();
    all_pins.extend(pins.iter().map(|(k, v)| (k.clone(), v.clone())));
    let mut req = ConsoleRequest {
        location: location.clone(),
        pool_url: session.base_url().clone(),
        session_ref: session.session_ref(),
        pool_hosts: target.pool_hosts.clone(),
        pins: all_pins,
        host_console: target.host_console,
        timeout: CONNECT_TIMEOUT,
    };
    let stream = match console::open(&req).await {
        Err(ConsoleError::Certificate(r)) => match *r {
            Rejection::Untrusted { host, cert, .. }
                if vouched_for(session, &vm, &cert.sha256).await =>
            {
                req.pins.insert(host, cert.sha256);
                console::open(&req).await?
            }
            r => return Err(ConsoleError::Certificate(Box::new(r)).into()),
        },
        other => other?,
    };
    let host = console::target_url(&location, session.base_url())
        .map(|u| xenapi::known_host_key(&u))
        .unwrap_or_default();
    let client = RfbClient::start(stream, None, notify).await?;
    let idle_timeout = idle_timeout(session, &vm, target.host_console).await;
    Ok(Opened {
        client,
        location,
        host,
        idle_timeout,
    })
}

/// The location of the VM's RFB console.
pub async fn rfb_location(session: &Session, vm: &serde_json::Value) -> Result<String, Failure> {
    let consoles: Vec<String> = session
        .call_as("VM.get_consoles", std::slice::from_ref(vm))
        .await?;
    for c in consoles {
        let c = json!(c);
        let protocol: String = session
            .call_as("console.get_protocol", std::slice::from_ref(&c))
            .await?;
        if protocol == "rfb" {
            return Ok(session.call_as("console.get_location", &[c]).await?);
        }
    }
    Err(ConsoleError::NoConsole.into())
}

/// Whether the pool master says the VM's host has the certificate `sha256`.
async fn vouched_for(session: &Session, vm: &serde_json::Value, sha256: &str) -> bool {
    let Ok(host) = session
        .call_as::<String>("VM.get_resident_on", std::slice::from_ref(vm))
        .await
    else {
        return false;
    };
    let Ok(pem) = session
        .call_as::<String>("host.get_server_certificate", &[json!(host)])
        .await
    else {
        return false;
    };
    match x509_parser::pem::parse_x509_pem(pem.as_bytes()) {
        Ok((_, p)) => xenapi::tls::fingerprint(&p.contents) == sha256,
        Err(_) => false,
    }
}

/// xapi's console idle timeout (`pool.vm_console_idle_timeout`, or the host's
/// `console_idle_timeout` for a control domain); 0 when unset or unknown.
async fn idle_timeout(session: &Session, vm: &serde_json::Value, host_console: bool) -> u64 {
    let secs = if host_console {
        match session
            .call_as::<String>("VM.get_resident_on", std::slice::from_ref(vm))
            .await
        {
            Ok(h) => {
                session
                    .call_as::<serde_json::Value>("host.get_console_idle_timeout", &[json!(h)])
                    .await
            }
            Err(e) => Err(e),
        }
    } else {
        match session.call_as::<Vec<String>>("pool.get_all", &[]).await {
            Ok(pools) if !pools.is_empty() => {
                session
                    .call_as::<serde_json::Value>(
                        "pool.get_vm_console_idle_timeout",
                        &[json!(pools[0])],
                    )
                    .await
            }
            Ok(_) => return 0,
            Err(e) => Err(e),
        }
    };
    match secs {
        Ok(serde_json::Value::Number(n)) => n.as_u64().unwrap_or(0),
        Ok(serde_json::Value::String(s)) => s.parse().unwrap_or(0),
        _ => 0,
    }
}

/// Whether the VM is still running (a closed console then reconnects).
pub async fn is_running(session: &Session, vm: &str) -> Result<bool, Failure> {
    let power: String = session.call_as("VM.get_power_state", &[json!(vm)]).await?;
    Ok(power == "Running")
}

/// Writes RGBA pixels as a PNG file (screenshots, from the app and `xenpilot console`).
pub fn write_png(
    path: &std::path::Path,
    width: u32,
    height: u32,
    rgba: &[u8],
) -> Result<(), String> {
    let file = std::fs::File::create(path).map_err(|e| e.to_string())?;
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), width, height);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut w = enc.write_header().map_err(|e| e.to_string())?;
    w.write_image_data(rgba).map_err(|e| e.to_string())?;
    w.finish().map_err(|e| e.to_string())
}

/// Finds a VM by UUID or by name (exactly one must have it).
pub async fn find_vm(session: &Session, name_or_uuid: &str) -> Result<String, String> {
    if let Ok(r) = session
        .call_as::<String>("VM.get_by_uuid", &[json!(name_or_uuid)])
        .await
    {
        return Ok(r);
    }
    let refs: Vec<String> = session
        .call_as("VM.get_by_name_label", &[json!(name_or_uuid)])
        .await
        .map_err(|e| e.to_string())?;
    match refs.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("no VM is named or has the UUID {name_or_uuid:?}")),
        _ => Err(format!(
            "{} VMs are named {name_or_uuid:?}: give the UUID",
            refs.len()
        )),
    }
}

/// The addresses of the pool's hosts (where a console redirect may go).
pub async fn pool_hosts(session: &Session) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(hosts) = session.call_as::<Vec<String>>("host.get_all", &[]).await {
        for h in hosts {
            if let Ok(a) = session
                .call_as::<String>("host.get_address", &[json!(h)])
                .await
            {
                out.push(a);
            }
        }
    }
    out
}
