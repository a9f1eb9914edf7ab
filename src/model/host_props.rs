//! The server and pool Properties forms: their fields as the user edits them, validated as
//! xapi validates (`host.set_iscsi_iqn` refuses an empty name, `INVALID_VALUE`; a console
//! timeout is a whole number of seconds, 0 for never) and as XenCenter insists (a name),
//! and the calls of only what changed, with their `xe` lines. A field someone else changed
//! since the form opened is refused, not overwritten.

use super::vm_plans::{Arg, Plan, Step, quote};
use serde_json::{Value, json};
use xenapi::records::StringMap;
use xenapi::{Cache, Host, Pool, Ref, Sr};

/// The power-on modes xapi knows (`host.set_power_on_mode`; DRAC became IPMI in 24.19).
pub const POWER_ON_MODES: &[&str] = &["", "wake-on-lan", "IPMI"];

/// A server's editable properties.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HostForm {
    pub name: String,
    pub description: String,
    /// One entry per tag (a tag may hold a comma).
    pub tags: Vec<String>,
    pub iqn: String,
    pub multipathing: bool,
    /// `logging:syslog_destination`; empty: local only.
    pub syslog: String,
    pub power_on_mode: String,
    pub power_on_ip: String,
    pub power_on_user: String,
    /// A new IPMI password, as typed (never read back from the server: empty keeps the
    /// current one). Sent only as a `secret`, never in `power_on_config` in clear.
    pub power_on_password: String,
    /// The `other_config` keys the user may edit (key, value), in key order.
    pub other: Vec<(String, String)>,
}

impl HostForm {
    pub fn of(h: &Host) -> HostForm {
        HostForm {
            name: h.name_label.clone(),
            description: h.name_description.clone(),
            tags: h.tags.clone(),
            // Older servers keep it only in `other_config` (xapi keeps the two in step).
            iqn: if h.iscsi_iqn.is_empty() {
                h.other_config.get("iscsi_iqn").cloned().unwrap_or_default()
            } else {
                h.iscsi_iqn.clone()
            },
            multipathing: h.multipathing,
            syslog: h
                .logging
                .get("syslog_destination")
                .cloned()
                .unwrap_or_default(),
            power_on_mode: h.power_on_mode.clone(),
            power_on_ip: h
                .power_on_config
                .get("power_on_ip")
                .cloned()
                .unwrap_or_default(),
            power_on_user: h
                .power_on_config
                .get("power_on_user")
                .cloned()
                .unwrap_or_default(),
            power_on_password: String::new(),
            other: h
                .other_config
                .iter()
                .filter(|(k, _)| !managed_key(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        }
    }
}

/// `other_config` keys xapi and XenCenter keep for themselves (maintenance mode's lists,
/// the boot times, the IQN and multipathing mirrored from their fields): shown, not edited.
pub fn managed_key(k: &str) -> bool {
    k.starts_with("MAINTENANCE_MODE")
        || matches!(
            k,
            "iscsi_iqn" | "multipathing" | "boot_time" | "agent_start_time"
        )
}

/// The `other_config` edit of `f` against the host's map when the form opened (`None`:
/// nothing changed): the managed keys kept, per-key calls, refused at apply time when a key
/// it changes was changed meanwhile.
pub fn other_config_plan(
    host: &Ref<Host>,
    uuid: &str,
    original: &StringMap,
    f: &HostForm,
) -> Option<super::edit::EditPlan> {
    let mut desired: StringMap = original
        .iter()
        .filter(|(k, _)| managed_key(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, v) in &f.other {
        desired.insert(k.trim().to_string(), v.clone());
    }
    let changes = super::edit::diff(original, &desired);
    (!changes.is_empty()).then(|| super::edit::EditPlan {
        class: "host",
        object_ref: host.as_str().to_string(),
        uuid: uuid.to_string(),
        field: "other_config",
        original: original.clone(),
        changes,
        rule: super::edit::ConflictRule::ChangedKeys,
        live_xenstore: false,
    })
}

/// A form's mistake, as a Fluent id, and the field it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub id: &'static str,
}

fn r<T>(x: &Ref<T>) -> Arg {
    Arg::Value(Value::String(x.as_str().into()))
}

fn v(x: Value) -> Arg {
    Arg::Value(x)
}

/// What is wrong with `f`, opened as `was` (empty: nothing). xapi checks the IQN only when
/// it is set, so an IQN left as it was is never refused.
pub fn check_host(was: &HostForm, f: &HostForm) -> Vec<Invalid> {
    let mut out = Vec::new();
    if f.name.trim().is_empty() {
        out.push(Invalid {
            field: "name",
            id: "props-err-name",
        });
    }
    let iqn = f.iqn.trim();
    if iqn != was.iqn && iqn.is_empty() {
        out.push(Invalid {
            field: "iqn",
            id: "props-err-iqn",
        });
    } else if iqn != was.iqn && iqn.chars().any(char::is_whitespace) {
        out.push(Invalid {
            field: "iqn",
            id: "props-err-iqn-space",
        });
    }
    if f.syslog.chars().any(char::is_whitespace) {
        out.push(Invalid {
            field: "syslog",
            id: "props-err-syslog",
        });
    }
    if f.power_on_mode == "IPMI" && f.power_on_ip.trim().is_empty() {
        out.push(Invalid {
            field: "power",
            id: "props-err-power-ip",
        });
    }
    let mut seen = Vec::new();
    for (k, _) in &f.other {
        let k = k.trim();
        let id = if k.is_empty() {
            Some("props-err-key-empty")
        } else if managed_key(k) {
            Some("props-err-key-managed")
        } else if seen.contains(&k) {
            Some("props-err-key-dup")
        } else {
            None
        };
        if let Some(id) = id {
            out.push(Invalid { field: "other", id });
        }
        seen.push(k);
    }
    out
}

/// The fields of `was` someone changed meanwhile (the cache's `now` differs) that the user
/// changed too.
pub fn host_conflicts(was: &HostForm, now: &HostForm, mine: &HostForm) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut check = |field: &'static str, a: bool, b: bool| {
        if a && b {
            out.push(field);
        }
    };
    check("name", was.name != now.name, was.name != mine.name);
    check(
        "description",
        was.description != now.description,
        was.description != mine.description,
    );
    check("tags", was.tags != now.tags, was.tags != mine.tags);
    check("iqn", was.iqn != now.iqn, was.iqn != mine.iqn);
    check(
        "multipathing",
        was.multipathing != now.multipathing,
        was.multipathing != mine.multipathing,
    );
    check(
        "syslog",
        was.syslog != now.syslog,
        was.syslog != mine.syslog,
    );
    let power = |f: &HostForm| {
        (
            f.power_on_mode.clone(),
            f.power_on_ip.clone(),
            f.power_on_user.clone(),
        )
    };
    check("power", power(was) != power(now), power(was) != power(mine));
    out
}

/// The calls for what changed from `was` to `f`, and their `xe` lines.
pub fn host_plan(cache: &Cache, host: &Ref<Host>, was: &HostForm, f: &HostForm) -> Plan {
    let uuid = cache
        .hosts
        .get(host)
        .map(|h| h.uuid.clone())
        .unwrap_or_default();
    let mut p = Plan::default();
    super::vm_plans::name_steps(
        &mut p,
        "host",
        r(host),
        &uuid,
        (&was.name, &was.description),
        f.name.trim(),
        f.description.trim(),
    );
    let t = super::folders::Target {
        class: "host",
        r: host.as_str().to_string(),
        uuid: uuid.clone(),
    };
    let edit = super::tags::edit_plan(&t, &was.tags, &f.tags);
    p.steps.extend(edit.steps);
    p.xe.extend(edit.xe);
    let mut call = |method: &str, args: Vec<Arg>, xe: String| {
        p.steps.push(Step::call(method, args));
        p.xe.push(xe);
    };
    if f.iqn.trim() != was.iqn {
        let i = f.iqn.trim();
        call(
            "host.set_iscsi_iqn",
            vec![r(host), v(json!(i))],
            format!("xe host-param-set uuid={uuid} iscsi-iqn={}", quote(i)),
        );
    }
    if f.multipathing != was.multipathing {
        call(
            "host.set_multipathing",
            vec![r(host), v(json!(f.multipathing))],
            format!(
                "xe host-param-set uuid={uuid} multipathing={}",
                f.multipathing
            ),
        );
    }
    if f.syslog.trim() != was.syslog {
        let s = f.syslog.trim();
        // Only the one key of the map changes; then the server re-reads it.
        call(
            "host.remove_from_logging",
            vec![r(host), v(json!("syslog_destination"))],
            format!(
                "xe host-param-remove uuid={uuid} param-name=logging param-key=syslog_destination"
            ),
        );
        if !s.is_empty() {
            call(
                "host.add_to_logging",
                vec![r(host), v(json!("syslog_destination")), v(json!(s))],
                format!(
                    "xe host-param-set uuid={uuid} logging:syslog_destination={}",
                    quote(s)
                ),
            );
        }
        call(
            "host.syslog_reconfigure",
            vec![r(host)],
            format!("xe host-syslog-reconfigure host-uuid={uuid}"),
        );
    }
    let ipmi = f.power_on_mode == "IPMI";
    let power_changed = f.power_on_mode != was.power_on_mode
        || (ipmi
            && (f.power_on_ip != was.power_on_ip
                || f.power_on_user != was.power_on_user
                || !f.power_on_password.is_empty()));
    if power_changed {
        let mut config = StringMap::new();
        if ipmi {
            config.insert("power_on_ip".into(), f.power_on_ip.trim().into());
            if !f.power_on_user.trim().is_empty() {
                config.insert("power_on_user".into(), f.power_on_user.trim().into());
            }
        }
        let old = cache
            .hosts
            .get(host)
            .and_then(|h| h.power_on_config.get(PASSWORD_SECRET))
            .filter(|u| !u.is_empty());
        let secret = if ipmi {
            password_secret(&mut p, &f.power_on_password, old.map(String::as_str))
        } else {
            None
        };
        let mut xe_config: String = config
            .iter()
            .map(|(k, val)| format!(" power-on-config:{k}={}", quote(val)))
            .collect();
        let mut fields: Vec<(String, Arg)> = config
            .into_iter()
            .map(|(k, val)| (k, v(json!(val))))
            .collect();
        if let Some(i) = secret {
            fields.push((PASSWORD_SECRET.into(), Arg::Result(i)));
            xe_config.push_str(&format!(" power-on-config:{PASSWORD_SECRET}=$SECRET"));
        }
        p.steps.push(Step::call(
            "host.set_power_on_mode",
            vec![r(host), v(json!(f.power_on_mode)), Arg::Map(fields)],
        ));
        p.xe.push(format!(
            "xe host-set-power-on-mode host={uuid} power-on-mode={}{xe_config}",
            quote(&f.power_on_mode)
        ));
    }
    p
}

/// The `power_on_config` key naming the IPMI password's secret (by uuid).
pub const PASSWORD_SECRET: &str = "power_on_password_secret";

/// The steps giving the uuid of the secret the new settings name; the step whose answer it
/// is. A new password goes into a new secret (XenCenter's `SavePowerOnSettingsAction`).
/// Without one, the current secret is copied on the server (its value never comes here):
/// xapi destroys the old settings' secrets once the new ones are stored
/// (`Xapi_secret.clean_out_passwds`), even one named again.
fn password_secret(p: &mut Plan, password: &str, old: Option<&str>) -> Option<usize> {
    let base = p.steps.len();
    let create = |value: Arg| {
        Step::call(
            "secret.create",
            vec![Arg::Map(vec![
                ("value".into(), value),
                ("other_config".into(), Arg::Value(json!({}))),
            ])],
        )
    };
    if !password.is_empty() {
        p.steps.push(create(Arg::Value(json!(password))));
        p.steps
            .push(Step::call("secret.get_uuid", vec![Arg::Result(base)]));
        p.xe.push("SECRET=$(xe secret-create value='********')".into());
        return Some(base + 1);
    }
    let old = old?;
    p.steps
        .push(Step::call("secret.get_by_uuid", vec![v(json!(old))]));
    p.steps
        .push(Step::call("secret.get_value", vec![Arg::Result(base)]));
    p.steps.push(create(Arg::Result(base + 1)));
    p.steps
        .push(Step::call("secret.get_uuid", vec![Arg::Result(base + 2)]));
    p.xe.push(format!(
        "SECRET=$(xe secret-create value=\"$(xe secret-param-get uuid={old} param-name=value)\")"
    ));
    Some(base + 3)
}

/// A pool's editable properties.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PoolForm {
    pub name: String,
    pub description: String,
    pub default_sr: Ref<Sr>,
    /// Seconds, as typed.
    pub idle_timeout: String,
    pub limit_sessions: bool,
    pub tags: Vec<String>,
}

impl PoolForm {
    pub fn of(p: &Pool) -> PoolForm {
        PoolForm {
            name: p.name_label.clone(),
            description: p.name_description.clone(),
            default_sr: p.default_sr.clone(),
            idle_timeout: p.vm_console_idle_timeout.to_string(),
            limit_sessions: p.limit_console_sessions,
            tags: p.tags.clone(),
        }
    }
}

/// What is wrong with `f`.
pub fn check_pool(f: &PoolForm) -> Vec<Invalid> {
    let mut out = Vec::new();
    if f.name.trim().is_empty() {
        out.push(Invalid {
            field: "name",
            id: "props-err-name",
        });
    }
    if f.idle_timeout.trim().parse::<u32>().is_err() {
        out.push(Invalid {
            field: "timeout",
            id: "props-err-timeout",
        });
    }
    out
}

/// The pool's fields someone changed meanwhile that the user changed too.
pub fn pool_conflicts(was: &PoolForm, now: &PoolForm, mine: &PoolForm) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut check = |field: &'static str, a: bool, b: bool| {
        if a && b {
            out.push(field);
        }
    };
    check("name", was.name != now.name, was.name != mine.name);
    check(
        "description",
        was.description != now.description,
        was.description != mine.description,
    );
    check(
        "sr",
        was.default_sr != now.default_sr,
        was.default_sr != mine.default_sr,
    );
    check(
        "timeout",
        was.idle_timeout != now.idle_timeout,
        was.idle_timeout != mine.idle_timeout.trim(),
    );
    check(
        "limit",
        was.limit_sessions != now.limit_sessions,
        was.limit_sessions != mine.limit_sessions,
    );
    out
}

/// The calls for what changed in the pool's form.
pub fn pool_plan(cache: &Cache, pool: &Ref<Pool>, was: &PoolForm, f: &PoolForm) -> Plan {
    let uuid = cache
        .pools
        .get(pool)
        .map(|p| p.uuid.clone())
        .unwrap_or_default();
    let mut p = Plan::default();
    super::vm_plans::name_steps(
        &mut p,
        "pool",
        r(pool),
        &uuid,
        (&was.name, &was.description),
        f.name.trim(),
        f.description.trim(),
    );
    let mut call = |method: &str, args: Vec<Arg>, xe: String| {
        p.steps.push(Step::call(method, args));
        p.xe.push(xe);
    };
    if f.default_sr != was.default_sr {
        let sr_uuid = cache
            .srs
            .get(&f.default_sr)
            .map(|s| s.uuid.clone())
            .unwrap_or_default();
        call(
            "pool.set_default_SR",
            vec![r(pool), r(&f.default_sr)],
            format!("xe pool-param-set uuid={uuid} default-SR={sr_uuid}"),
        );
    }
    if let Ok(t) = f.idle_timeout.trim().parse::<u32>()
        && t.to_string() != was.idle_timeout
    {
        call(
            "pool.set_vm_console_idle_timeout",
            vec![r(pool), v(json!(t))],
            format!("xe pool-param-set uuid={uuid} vm-console-idle-timeout={t}"),
        );
    }
    if f.limit_sessions != was.limit_sessions {
        call(
            "pool.set_limit_console_sessions",
            vec![r(pool), v(json!(f.limit_sessions))],
            format!(
                "xe pool-param-set uuid={uuid} limit-console-sessions={}",
                f.limit_sessions
            ),
        );
    }
    let t = super::folders::Target {
        class: "pool",
        r: pool.as_str().to_string(),
        uuid: uuid.clone(),
    };
    let edit = super::tags::edit_plan(&t, &was.tags, &f.tags);
    p.steps.extend(edit.steps);
    p.xe.extend(edit.xe);
    p
}

/// The SRs a pool's default can be: those that hold disks (not ISO libraries), by name.
pub fn default_sr_choices(cache: &Cache) -> Vec<(Ref<Sr>, String)> {
    let mut v: Vec<(Ref<Sr>, String)> = cache
        .srs
        .iter()
        .filter(|(_, s)| s.content_type != "iso" && s.shared)
        .map(|(r, s)| (r.clone(), s.name_label.clone()))
        .collect();
    v.sort_by(|a, b| super::natural::compare(&a.1, &b.1));
    v
}

#[cfg(test)]
#[path = "host_props_tests.rs"]
mod tests;
