//! xapi serves a transfer only on a host that can reach its storage; any other host answers
//! `302 Found` naming one that can (`import.ml`, `export.ml`, `import_raw_vdi.ml`,
//! `export_raw_vdi.ml` handlers; `Importexport.check_sr_availability`, `find_host_for_sr`,
//! `check_vm_host_SRs`, `find_host_for_VM`, `return_302_redirect`). The demo knows which host
//! a request reached from the address it came in on, and answers the same way: the path and
//! query kept (the session and task with them), `Connection: close`, no body read.

use super::{complete, plain};
use crate::addresses::ServedAddress;
use crate::lifecycle::hosts::is_live;
use crate::state::DemoState;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::Value;
use xapidb::Db;
use xenapi::ApiError;

fn refs(db: &Db, class: &str, r: &str, field: &str) -> Vec<String> {
    db.field(class, r, field)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn field<'a>(db: &'a Db, class: &str, r: &str, f: &str) -> &'a str {
    db.field(class, r, f).and_then(Value::as_str).unwrap_or("")
}

/// Whether `host` has a plugged PBD for every SR of `srs`
/// (`which_specified_SRs_not_available_on_host`).
fn sees(db: &Db, host: &str, srs: &[String]) -> bool {
    srs.iter().all(|sr| {
        refs(db, "host", host, "PBDs").iter().any(|p| {
            field(db, "PBD", p, "SR") == sr
                && db
                    .field("PBD", p, "currently_attached")
                    .and_then(Value::as_bool)
                    == Some(true)
        })
    })
}

/// The SRs a VM's export needs: its non-empty VBDs' disks, and its suspend image when
/// suspended (`assert_can_see_SRs`).
pub(super) fn vm_srs(db: &Db, vm: &str) -> Vec<String> {
    let mut vdis: Vec<String> = refs(db, "VM", vm, "VBDs")
        .iter()
        .filter(|b| db.field("VBD", b, "empty").and_then(Value::as_bool) != Some(true))
        .map(|b| field(db, "VBD", b, "VDI").to_string())
        .collect();
    if field(db, "VM", vm, "power_state") == "Suspended" {
        let s = field(db, "VM", vm, "suspend_VDI");
        if db.get("VDI", s).is_some() {
            vdis.push(s.to_string());
        }
    }
    let mut srs: Vec<String> = vdis
        .iter()
        .map(|v| field(db, "VDI", v, "SR").to_string())
        .collect();
    srs.sort();
    srs.dedup();
    srs
}

/// Where the request for storage `srs` is to go: `None` to serve it here (the host this
/// address serves sees them; with `vm`, it must also be live, as `check_vm_host_SRs`), else
/// a live host that sees them (`choose_host`: xapi picks at random; the demo the first by
/// ref, so tests can tell), or xapi's `NO_HOSTS_AVAILABLE`.
fn elsewhere(
    db: &Db,
    here: &[String],
    srs: &[String],
    vm: bool,
) -> Result<Option<String>, ApiError> {
    // Where the address serves no known host (one address for all), there is nowhere to go.
    if here.is_empty()
        || here
            .iter()
            .any(|h| sees(db, h, srs) && (!vm || is_live(db, h)))
    {
        return Ok(None);
    }
    let mut hosts: Vec<String> = db
        .table("host")
        .map(|t| t.rows.keys().cloned().collect())
        .unwrap_or_default();
    hosts.sort();
    hosts
        .into_iter()
        .find(|h| is_live(db, h) && sees(db, h, srs))
        .map(Some)
        .ok_or_else(|| ApiError::new("NO_HOSTS_AVAILABLE", Vec::<String>::new()))
}

/// `Some(reply)` when the request is not this host's to serve: a 302 to the host that is,
/// or (none can) the task failed with `NO_HOSTS_AVAILABLE` and a 500.
pub(super) fn check(
    state: &DemoState,
    served: Option<ServedAddress>,
    srs: &[String],
    vm: bool,
    path: &str,
    raw_query: Option<&str>,
    task: Option<&str>,
) -> Option<Response> {
    let here = served
        .map(|s| state.consoles.hosts_at(s.0))
        .unwrap_or_default();
    match state.read(|db| elsewhere(db, &here, srs, vm)) {
        Ok(None) => None,
        Ok(Some(host)) => {
            let base = state.consoles.addresses().base_url(&host)?;
            let url = match raw_query {
                Some(q) if !q.is_empty() => format!("{base}{path}?{q}"),
                _ => format!("{base}{path}"),
            };
            let mut r = Response::new(axum::body::Body::empty());
            *r.status_mut() = StatusCode::FOUND;
            let h = r.headers_mut();
            h.insert(header::CONNECTION, HeaderValue::from_static("close"));
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-cache, no-store"),
            );
            h.insert(header::LOCATION, HeaderValue::from_str(&url).ok()?);
            Some(r)
        }
        Err(e) => {
            let text = e.to_description().join(" ");
            complete(state, task, Err(e));
            Some(plain(StatusCode::INTERNAL_SERVER_ERROR, &text))
        }
    }
}
