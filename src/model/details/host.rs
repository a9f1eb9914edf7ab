//! A server's General tab: its state (maintenance mode, disabled, not responding), its role
//! in the pool, CPU, memory (total, free, and what each VM running there has), versions,
//! uptime and the toolstack's, updates waiting for a reboot; its NICs.

use super::{Details, format_bytes, yes_no};
use crate::i18n::I18n;
use crate::model::host_ops;
use crate::model::names;
use crate::model::tree::Node;
use xenapi::{Cache, Host, Ref};

/// A duration in seconds as "3 d 4 h", "2 h 5 min", "42 min" (whole minutes).
pub fn format_duration(i18n: &I18n, secs: f64) -> String {
    let mins = (secs.max(0.0) / 60.0) as u64;
    let (d, h, m) = (mins / 1440, (mins / 60) % 24, mins % 60);
    let n = |v: u64| v.to_string();
    if d > 0 {
        i18n.get_args("dur-days-hours", &[("d", &n(d)), ("h", &n(h))])
    } else if h > 0 {
        i18n.get_args("dur-hours-minutes", &[("h", &n(h)), ("m", &n(m))])
    } else {
        i18n.get_args("dur-minutes", &[("m", &n(m))])
    }
}

/// The product and its version from `software_version` ("XCP-ng 8.3.0 (build 1234)").
fn version(h: &Host) -> Option<String> {
    let sv = &h.software_version;
    let brand = sv.get("product_brand").or(sv.get("platform_name"))?;
    let mut v = brand.clone();
    if let Some(ver) = sv.get("product_version").or(sv.get("platform_version")) {
        v.push(' ');
        v.push_str(ver);
    }
    if let Some(b) = sv.get("build_number").filter(|b| !b.is_empty()) {
        v.push_str(&format!(" ({b})"));
    }
    Some(names::visible(&v))
}

/// Fills the server-specific rows of `d` (after name, description and address); `now` in
/// seconds since the epoch.
pub(super) fn general(
    cache: &Cache,
    i18n: &I18n,
    r: &Ref<Host>,
    h: &Host,
    now: f64,
    d: &mut Details,
) {
    let g = |id: &str| i18n.get(id);
    if let Some(s) = host_ops::state(cache, r, false, now) {
        d.props.push((g("prop-host-state"), g(s.label_id())));
    }
    d.props.push((
        g("prop-maintenance"),
        yes_no(i18n, host_ops::in_maintenance(h)),
    ));
    let role = if host_ops::is_coordinator(cache, r) {
        "host-role-coordinator"
    } else {
        "host-role-member"
    };
    d.props.push((g("prop-host-role"), g(role)));
    if let Some(m) = h.cpu_info.get("modelname") {
        d.props.push((g("prop-cpu-model"), names::visible(m)));
    }
    if let Some(n) = h.cpu_info.get("cpu_count") {
        d.props.push((g("prop-cpu-count"), names::visible(n)));
    }
    if let Some(m) = cache.host_metrics.get(&h.metrics) {
        d.props
            .push((g("prop-memory"), format_bytes(m.memory_total)));
        // xapi dropped `memory_free` from the datamodel: 0 means unknown, not full.
        if m.memory_free > 0 {
            d.props
                .push((g("prop-memory-free"), format_bytes(m.memory_free)));
        }
    }
    if let Some(v) = version(h) {
        d.props.push((g("prop-version"), v));
    }
    if let Some(x) = h.software_version.get("xapi") {
        d.props.push((g("prop-xapi-version"), names::visible(x)));
    }
    let live = host_ops::is_live(cache, h);
    if let Some(t) = host_ops::epoch_key(h, host_ops::BOOT_TIME).filter(|_| live) {
        d.props
            .push((g("prop-uptime"), format_duration(i18n, now - t)));
    }
    if let Some(t) = host_ops::epoch_key(h, host_ops::AGENT_START_TIME).filter(|_| live) {
        d.props
            .push((g("prop-toolstack-uptime"), format_duration(i18n, now - t)));
    }
    if !h.updates_requiring_reboot.is_empty() {
        d.props.push((
            g("prop-updates-reboot"),
            h.updates_requiring_reboot.len().to_string(),
        ));
    }
    updates(cache, i18n, h, d);
    certificates(cache, i18n, h, now, d);
    // What each VM running there holds, largest first (each a link to the VM).
    let mut vms: Vec<(i64, String, Ref<xenapi::Vm>)> = h
        .resident_vms
        .iter()
        .filter_map(|vr| cache.vms.get(vr).map(|v| (vr, v)))
        .map(|(vr, v)| {
            let bytes = cache
                .vm_metrics
                .get(&v.metrics)
                .map(|m| m.memory_actual)
                .filter(|b| *b > 0)
                .unwrap_or(v.memory_dynamic_max);
            (bytes, names::vm_name(i18n, v), vr.clone())
        })
        .collect();
    vms.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    if !vms.is_empty() {
        d.props.push((g("list-memory-by-vm"), String::new()));
    }
    for (bytes, name, vr) in vms {
        d.push_link(format!("    {name}"), format_bytes(bytes), Node::Vm(vr));
    }
}

/// Days within which xapi raises a certificate's first expiry alert
/// (`certificate_check.ml` `alert_conditions`: 30, 14, 7, then expired).
pub const CERT_WARN_DAYS: i64 = 30;

/// How a certificate stands against the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertExpiry {
    Valid,
    /// Within [`CERT_WARN_DAYS`]: whole days left.
    Soon(i64),
    Expired,
}

/// `not_after` (seconds since the epoch) against `now`, by xapi's rule: expiring when fewer
/// than 30 days remain, expired when none do.
pub fn cert_expiry(not_after: i64, now: f64) -> CertExpiry {
    let days = (not_after as f64 - now) / 86_400.0;
    if days <= 0.0 {
        CertExpiry::Expired
    } else if days < CERT_WARN_DAYS as f64 {
        CertExpiry::Soon(days.floor() as i64)
    } else {
        CertExpiry::Valid
    }
}

/// The updates xapi lists as applied (`host.updates`, by name) and when updates were last
/// applied; XCP-ng installs updates with yum, so its hosts show neither row.
fn updates(cache: &Cache, i18n: &I18n, h: &Host, d: &mut Details) {
    let mut names: Vec<String> = h
        .updates
        .iter()
        .filter_map(|u| cache.pool_updates.get(u))
        .map(|u| names::visible(&u.name_label))
        .collect();
    names.sort_by(|a, b| crate::model::natural::compare(a, b));
    if !names.is_empty() {
        d.props
            .push((i18n.get("prop-updates-applied"), names.join(", ")));
    }
    if let Some(t) = crate::model::tasks::parse_time(&h.last_software_update).filter(|t| *t > 0) {
        d.props
            .push((i18n.get("prop-last-software-update"), utc_date(t)));
    }
}

/// One row per TLS certificate of the server (its server certificate first), with its
/// expiry date (UTC) and, within 30 days of it or past it, a warning.
fn certificates(cache: &Cache, i18n: &I18n, h: &Host, now: f64, d: &mut Details) {
    use xenapi::CertificateType as T;
    let mut certs: Vec<&xenapi::Certificate> = h
        .certificates
        .iter()
        .filter_map(|c| cache.certificates.get(c))
        .collect();
    let rank = |t: &T| match t {
        T::Host => 0,
        T::HostInternal => 1,
        _ => 2,
    };
    certs.sort_by_key(|c| (rank(&c.cert_type), c.not_after.clone()));
    for c in certs {
        let key = i18n.get(match c.cert_type {
            T::Host => "prop-cert-host",
            T::HostInternal => "prop-cert-internal",
            _ => "prop-cert-other",
        });
        let Some(until) = crate::model::tasks::parse_time(&c.not_after) else {
            d.props.push((key, i18n.get("cert-unknown")));
            continue;
        };
        let date = utc_date(until);
        match cert_expiry(until, now) {
            CertExpiry::Valid => d
                .props
                .push((key, i18n.get_args("cert-valid-until", &[("date", &date)]))),
            CertExpiry::Soon(days) => d.push_warning(
                key,
                i18n.get_counted(
                    "cert-expires-soon",
                    days.max(0) as usize,
                    &[("date", &date)],
                ),
            ),
            CertExpiry::Expired => {
                d.push_warning(key, i18n.get_args("cert-expired", &[("date", &date)]))
            }
        }
    }
}

/// `secs` since the epoch as a UTC date, `2026-12-19`.
fn utc_date(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map(|t| t.strftime("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// A fixed clock for screenshots (seconds since the epoch as f64 bits; 0: the real one).
static PINNED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Pins the clock uptimes are measured against (screenshots); `None`: the real clock.
pub fn pin_clock(at: Option<f64>) {
    let bits = at.map_or(0, f64::to_bits);
    PINNED.store(bits, std::sync::atomic::Ordering::Relaxed);
}

/// The clock, for uptimes (seconds since the epoch).
pub fn now() -> f64 {
    match PINNED.load(std::sync::atomic::Ordering::Relaxed) {
        0 => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or_default(),
        bits => f64::from_bits(bits),
    }
}
