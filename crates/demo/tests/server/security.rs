//! Certificates, secrets and vTPMs against the demo server, as xapi has them: each host's
//! `host` and `host_internal` certificates; `VTPM.destroy`'s power-state rule.

use crate::firmware::new_vm;
use crate::session::*;
use crate::tasks::{fast_server, ro_login, vm_ref};
use serde_json::{Value, json};
use std::collections::HashMap;
use xenapi::{Certificate, CertificateType, Host, Ref, Session};

async fn call(s: &Session, m: &str, args: &[Value]) -> Value {
    s.call(m, args).await.unwrap_or_else(|e| panic!("{m}: {e}"))
}

async fn code(s: &Session, m: &str, args: &[Value]) -> (String, Vec<String>) {
    let e = s.call(m, args).await.unwrap_err();
    let api = e.api().unwrap_or_else(|| panic!("{m}: {e}"));
    (api.code.clone(), api.params.clone())
}

#[tokio::test]
async fn each_host_has_a_server_and_an_internal_certificate_and_one_runs_out_soon() {
    let srv = fast_server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let hosts: HashMap<Ref<Host>, Host> = s.get_all_records().await.unwrap();
        let certs: HashMap<Ref<Certificate>, Certificate> = s.get_all_records().await.unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let mut soon = Vec::new();
        for (r, h) in &hosts {
            let mine: Vec<&Certificate> = h.certificates.iter().map(|c| &certs[c]).collect();
            let mut kinds: Vec<&str> = mine.iter().map(|c| c.cert_type.as_str()).collect();
            kinds.sort();
            assert_eq!(kinds, ["host", "host_internal"], "{}", h.name_label);
            for c in mine {
                assert_eq!(&c.host, r);
                assert_eq!(c.fingerprint_sha256.len(), 95, "AB:CD:… of 32 bytes");
                let until = xenpilot_time(&c.not_after);
                assert!(xenpilot_time(&c.not_before) < now && now < until);
                if until - now < 30 * 86_400 {
                    soon.push((h.name_label.clone(), c.cert_type.clone()));
                }
            }
        }
        assert_eq!(
            soon,
            [("xcp-host-02".to_string(), CertificateType::Host)],
            "one certificate within xapi's 30-day warning"
        );
        // Read-only users read them too (the class's default role).
        let ro = ro_login(&srv.url, p).await;
        let all = call(&ro, "Certificate.get_all", &[]).await;
        assert_eq!(all.as_array().unwrap().len(), 2 * hosts.len());
    }
}

/// Seconds since the epoch of an xapi `DateTime` (`20261124T22:00:30Z`).
fn xenpilot_time(t: &str) -> i64 {
    let d: String = t.chars().filter(char::is_ascii_digit).collect();
    let n = |a: usize, b: usize| d[a..b].parse::<i64>().unwrap();
    let (y, m, day) = (n(0, 4), n(4, 6), n(6, 8));
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + day - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    days * 86_400 + n(8, 10) * 3600 + n(10, 12) * 60 + n(12, 14)
}

#[tokio::test]
async fn vtpm_destroy_needs_the_vm_halted_or_suspended_and_frees_the_slot() {
    let srv = fast_server().await;
    let s = login(&srv.url, BOTH[0]).await;
    // A Windows 11 VM gets its vTPM at its first boot (`platform:vtpm`).
    let vm = new_vm(&s, "Windows 11", "w11").await;
    call(&s, "VM.start", &[vm.clone(), json!(false), json!(false)]).await;
    let vtpm = call(&s, "VM.get_VTPMs", std::slice::from_ref(&vm)).await[0].clone();
    let (c, params) = code(&s, "VTPM.destroy", std::slice::from_ref(&vtpm)).await;
    assert_eq!(c, "VM_BAD_POWER_STATE");
    assert_eq!(params[1..], ["halted;suspended", "running"]);
    // Read-only users may not.
    let ro = ro_login(&srv.url, BOTH[0]).await;
    let (c, _) = code(&ro, "VTPM.destroy", std::slice::from_ref(&vtpm)).await;
    assert_eq!(c, "RBAC_PERMISSION_DENIED");
    call(&s, "VM.hard_shutdown", std::slice::from_ref(&vm)).await;
    let ops = call(&s, "VM.get_allowed_operations", std::slice::from_ref(&vm)).await;
    assert!(!ops.as_array().unwrap().contains(&json!("create_vtpm")));
    call(&s, "VTPM.destroy", std::slice::from_ref(&vtpm)).await;
    assert_eq!(
        call(&s, "VM.get_VTPMs", std::slice::from_ref(&vm)).await,
        json!([])
    );
    let (c, _) = code(&s, "VTPM.get_record", std::slice::from_ref(&vtpm)).await;
    assert_eq!(c, "HANDLE_INVALID");
    let (c, _) = code(&s, "VTPM.destroy", std::slice::from_ref(&vtpm)).await;
    assert_eq!(c, "HANDLE_INVALID");
    // The slot is free again.
    let ops = call(&s, "VM.get_allowed_operations", std::slice::from_ref(&vm)).await;
    assert!(ops.as_array().unwrap().contains(&json!("create_vtpm")));
    let _ = vm_ref(&s, "w11").await;
}

#[tokio::test]
async fn secrets_need_a_pool_operator_travel_in_no_event_and_old_power_on_secrets_go() {
    let srv = fast_server().await;
    let s = login(&srv.url, BOTH[1]).await;
    let (c, _) = code(&s, "secret.create", &[json!({"other_config": {}})]).await;
    assert_eq!(c, "FIELD_TYPE_ERROR");
    let r = call(
        &s,
        "secret.create",
        &[json!({"value": "pw-1", "other_config": {}})],
    )
    .await;
    let uuid = call(&s, "secret.get_uuid", std::slice::from_ref(&r)).await;
    assert_eq!(
        call(&s, "secret.get_value", std::slice::from_ref(&r)).await,
        json!("pw-1")
    );
    assert_eq!(
        call(&s, "secret.get_by_uuid", std::slice::from_ref(&uuid)).await,
        r
    );
    // Read-only users can neither read nor make one.
    let ro = ro_login(&srv.url, BOTH[1]).await;
    for (m, args) in [
        ("secret.get_value", vec![r.clone()]),
        ("secret.get_all_records", vec![]),
        ("secret.get_by_uuid", vec![uuid.clone()]),
        ("secret.create", vec![json!({"value": "x"})]),
        ("secret.destroy", vec![r.clone()]),
    ] {
        let (c, _) = code(&ro, m, &args).await;
        assert_eq!(c, "RBAC_PERMISSION_DENIED", "{m}");
    }
    // No event names a secret, even to a subscription to everything.
    let ev = call(&s, "event.from", &[json!(["*"]), json!(""), json!(0.0)]).await;
    let classes: Vec<&str> = ev["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["class"].as_str())
        .collect();
    assert!(!classes.contains(&"secret"), "{classes:?}");
    // New power-on settings destroy the secrets the old ones named (clean_out_passwds).
    let hosts: HashMap<Ref<Host>, Host> = s.get_all_records().await.unwrap();
    let host = hosts.keys().next().unwrap().as_str().to_string();
    let cfg = |u: &Value| json!({"power_on_ip": "10.0.0.9", "power_on_password_secret": u});
    call(
        &s,
        "host.set_power_on_mode",
        &[json!(host), json!("IPMI"), cfg(&uuid)],
    )
    .await;
    let r2 = call(
        &s,
        "secret.create",
        &[json!({"value": "pw-2", "other_config": {}})],
    )
    .await;
    let uuid2 = call(&s, "secret.get_uuid", std::slice::from_ref(&r2)).await;
    call(
        &s,
        "host.set_power_on_mode",
        &[json!(host), json!("IPMI"), cfg(&uuid2)],
    )
    .await;
    let (c, _) = code(&s, "secret.get_by_uuid", std::slice::from_ref(&uuid)).await;
    assert_eq!(c, "UUID_INVALID");
    assert_eq!(call(&s, "secret.get_value", &[r2]).await, json!("pw-2"));
    call(
        &s,
        "host.set_power_on_mode",
        &[json!(host), json!(""), json!({})],
    )
    .await;
    let (c, _) = code(&s, "secret.get_by_uuid", &[uuid2]).await;
    assert_eq!(c, "UUID_INVALID");
}
