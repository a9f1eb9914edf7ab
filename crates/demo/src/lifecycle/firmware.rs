//! Firmware, Secure Boot and vTPMs as xapi has them.
//!
//! - [`seed`]: the demo's templates carry what real ones do (facts read from
//!   xenserver/guest-templates-json, BSD-2-Clause: `base-windows.json`,
//!   `base-windows-uefi.json`, `windows-11.json`, `windows-server-2022-64bit.json`,
//!   `base-hvmlinux.json`, `base-linux-uefi.json`, `debian-12.json`, `rocky-9.json`), and its
//!   `blank_template.py` writes `recommendations` as `<restrictions>` XML. Hosts carry the
//!   `guefi` / `guefi-secureboot` `Feature` objects XenCenter reads (`Host.UefiBootDisabled`),
//!   the pool its `uefi_certificates` and `restrictions` (`restrict_vtpm`).
//! - [`check_boot`]: what xapi refuses when a VM starts (`Xapi_xenops.firmware_of_vm`,
//!   `Vm_platform.sanity_check`, "Booting BIOS VM with VTPMs attached" in
//!   `xapi_xenops.ml`); [`on_boot`]: `Xapi_vm.update_platform_secureboot` (`auto` becomes
//!   whether the pool has certificates) and the vTPM a `platform:vtpm=true` VM gets at its
//!   first boot (`tpm_of_vm`).
//! - [`vtpm_create`]: `VTPM.create` (`xapi_vtpm.ml` `create'`, under the VM's `create_vtpm`
//!   operation as `message_forwarding.ml` runs it).

use super::super::rpc::Call;
use super::placement::str_field;
use super::rules;
use super::tasks::Job;
use super::vm_ops::bool_arg;
use serde_json::{Map, Value, json};
use std::time::Duration;
use xapidb::Db;
use xenapi::error::{ApiError, codes};

const NULL: &str = "OpaqueRef:NULL";
/// The Windows 11 template added to the demo pool (its uuid is the real template's).
pub const WINDOWS_11: &str = "OpaqueRef:5b1e0a57-7a3c-4d8e-9f1a-1f8728f96354";

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// `recommendations` as guest-templates-json's `Recommendations.toxml` writes it.
fn recommendations(memory_max: i64, vcpus_min: Option<i64>, bios: bool, uefi: bool) -> String {
    let yn = |b: bool| if b { "yes" } else { "no" };
    let mut x =
        format!(r#"<restrictions><restriction field="memory-static-max" max="{memory_max}"/>"#);
    if let Some(n) = vcpus_min {
        x.push_str(&format!(r#"<restriction field="vcpus-min" min="{n}"/>"#));
    }
    x.push_str(&format!(
        r#"<restriction field="vcpus-max" max="64"/><restriction field="supports-bios" value="{}"/><restriction field="supports-uefi" value="{}"/><restriction field="supports-secure-boot" value="{}"/><restriction property="number-of-vbds" max="255"/><restriction property="number-of-vifs" max="7"/></restrictions>"#,
        yn(bios),
        yn(uefi),
        yn(uefi)
    ));
    x
}

/// The boot fields of a template family.
struct Family {
    platform: Value,
    boot_params: Value,
    recommendations: String,
}

fn windows_uefi(vtpm: bool) -> Family {
    // base-windows.json's platform, with base-windows-uefi.json's changes (no device-model,
    // secureboot auto); windows-11.json adds vtpm and acpi_laptop_slate, and says no BIOS.
    let mut platform = json!({
        "acpi": "1", "apic": "true", "cores-per-socket": "2", "device_id": "0002",
        "viridian": "true", "viridian_time_ref_count": "true",
        "viridian_reference_tsc": "true", "viridian_apic_assist": "true",
        "viridian_crash_ctl": "true", "viridian_stimer": "true", "secureboot": "auto",
        "vga": "std", "videoram": "8",
    });
    if vtpm {
        platform["vtpm"] = "true".into();
        platform["acpi_laptop_slate"] = "1".into();
    }
    Family {
        platform,
        boot_params: json!({"firmware": "uefi", "order": "cd"}),
        recommendations: recommendations(1536 << 30, Some(2), !vtpm, true),
    }
}

fn linux_uefi() -> Family {
    // base-hvmlinux.json with base-linux-uefi.json's changes.
    Family {
        platform: json!({
            "acpi": "1", "apic": "true", "vga": "std", "videoram": "8", "viridian": "false",
            "device_id": "0001", "secureboot": "auto",
        }),
        boot_params: json!({"firmware": "uefi", "order": "cdn"}),
        recommendations: recommendations(1536 << 30, None, true, true),
    }
}

/// Templates, hosts and the pool as a real pool has them (see the module's note).
pub fn seed(db: &mut Db) {
    let windows_2022 = by_name(db, "Windows Server 2022 (64-bit)");
    if let Some(src) = &windows_2022
        && db.get("VM", WINDOWS_11).is_none()
    {
        let mut f = db
            .get("VM", src)
            .map(|r| r.fields.clone())
            .unwrap_or_default();
        f.insert("uuid".into(), "1f8728f9-6354-4a68-adc3-222c34f2bb94".into());
        f.insert("name_label".into(), "Windows 11".into());
        f.insert("memory_static_min".into(), json!(4i64 << 30));
        f.insert("memory_static_max".into(), json!(8i64 << 30));
        f.insert("memory_dynamic_min".into(), json!(8i64 << 30));
        f.insert("memory_dynamic_max".into(), json!(8i64 << 30));
        let metrics = format!("{WINDOWS_11}-metrics");
        if let Some(m) = db.get("VM_metrics", &str_field(db, "VM", src, "metrics")) {
            let mut mf = m.fields.clone();
            mf.insert("uuid".into(), "5b1e0a57-7a3c-4d8e-9f1a-000000000011".into());
            db.insert("VM_metrics", &metrics, mf);
        }
        f.insert("metrics".into(), metrics.into());
        db.insert("VM", WINDOWS_11, f);
    }
    // The disks each provisions (`disks` in the JSON; Windows' do not boot before the
    // installer has run): size in GiB, bootable.
    let families = [
        ("Windows 11", windows_uefi(true), 64, false),
        (
            "Windows Server 2022 (64-bit)",
            windows_uefi(false),
            32,
            false,
        ),
        ("Debian Bookworm 12", linux_uefi(), 10, true),
        ("Rocky Linux 9", linux_uefi(), 15, true),
    ];
    for (name, fam, gib, bootable) in families {
        if let Some(vm) = by_name(db, name) {
            let disks = format!(
                r#"<provision><disk size="{}" sr="" bootable="{bootable}" type="system" device="0"/></provision>"#,
                gib << 30
            );
            db.update("VM", &vm, |f| {
                f.insert("HVM_boot_policy".into(), "BIOS order".into());
                f.insert("HVM_boot_params".into(), fam.boot_params);
                f.insert("platform".into(), fam.platform);
                f.insert("recommendations".into(), fam.recommendations.into());
                if let Some(Value::Object(o)) = f.get_mut("other_config") {
                    o.insert("disks".into(), disks.into());
                }
            });
        }
    }
    // Every other VM and template boots as it did: BIOS (the default when unset).
    let vms: Vec<String> = db
        .table("VM")
        .map(|t| t.rows.keys().cloned().collect())
        .unwrap_or_default();
    for vm in vms {
        if db.field("VM", &vm, "HVM_boot_params").is_none() {
            db.update("VM", &vm, |f| {
                f.insert("HVM_boot_params".into(), json!({"order": "dc"}));
            });
        }
        // What is running, paused or suspended has booted (xapi set its CPU flags then).
        let state = db
            .field("VM", &vm, "power_state")
            .and_then(Value::as_str)
            .unwrap_or("");
        let host = db
            .field("VM", &vm, "resident_on")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let flags_empty = db
            .field("VM", &vm, "last_boot_CPU_flags")
            .and_then(Value::as_object)
            .is_none_or(|m| m.is_empty());
        if flags_empty && matches!(state, "Running" | "Paused" | "Suspended") {
            let flags = crate::power::last_boot_cpu_flags(db, &host);
            db.set_field("VM", &vm, "last_boot_CPU_flags", flags);
        }
        if db.field("VM", &vm, "VTPMs").is_none() {
            db.update("VM", &vm, |f| {
                f.insert("VTPMs".into(), json!([]));
            });
        }
    }
    let hosts: Vec<String> = db
        .table("host")
        .map(|t| t.rows.keys().cloned().collect())
        .unwrap_or_default();
    for (i, host) in hosts.iter().enumerate() {
        for (j, name) in ["guefi", "guefi-secureboot"].iter().enumerate() {
            let r = format!("OpaqueRef:fea70000-0000-4000-8000-{i:06}{j:06}");
            if db.get("Feature", &r).is_none() {
                let rec = json!({
                    "uuid": format!("fea70000-0000-4000-8000-{i:06}{j:06}"),
                    "name_label": name, "name_description": "", "enabled": true,
                    "experimental": false, "version": "1.0", "host": host,
                });
                db.insert("Feature", &r, obj(rec));
            }
        }
    }
    let pools: Vec<String> = db
        .table("pool")
        .map(|t| t.rows.keys().cloned().collect())
        .unwrap_or_default();
    for p in pools {
        db.update("pool", &p, |f| {
            // A stand-in for the base64 tarball of certificates xapi keeps here.
            f.entry("uefi_certificates").or_insert_with(|| {
                "H4sIAAAAAAAAA+3BAQ0AAADCoPdPbQ8HFAAAAAAAAAAAAAAAAAAAAA==".into()
            });
            f.entry("custom_uefi_certificates")
                .or_insert_with(|| "".into());
            let restrictions = f.entry("restrictions").or_insert_with(|| json!({}));
            if let Value::Object(m) = restrictions {
                m.entry("restrict_vtpm").or_insert_with(|| "false".into());
            }
        });
    }
}

fn by_name(db: &Db, name: &str) -> Option<String> {
    db.table("VM")?
        .rows
        .iter()
        .find(|(_, r)| r.fields.get("name_label").and_then(Value::as_str) == Some(name))
        .map(|(k, _)| k.clone())
}

fn map_get<'a>(db: &'a Db, vm: &str, field: &str, key: &str) -> Option<&'a str> {
    db.field("VM", vm, field)?.get(key)?.as_str()
}

fn vtpms(db: &Db, vm: &str) -> Vec<String> {
    db.field("VM", vm, "VTPMs")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// What xapi refuses when `vm` boots (in xapi's order: the firmware read, the device model
/// against it, then a BIOS VM with a vTPM).
pub fn check_boot(db: &Db, vm: &str) -> Result<(), ApiError> {
    let uefi = match map_get(db, vm, "HVM_boot_params", "firmware") {
        None | Some("bios") => false,
        Some("uefi") => true,
        Some(bad) => {
            return Err(ApiError::new(
                codes::INVALID_VALUE,
                ["HVM-boot-params['firmware']", bad],
            ));
        }
    };
    match (map_get(db, vm, "platform", "device-model"), uefi) {
        (Some("qemu-trad"), true) => {
            return Err(ApiError::new(
                codes::INVALID_VALUE,
                [
                    "platform:device-model",
                    "UEFI boot is not supported with qemu-trad",
                ],
            ));
        }
        (Some("qemu-upstream-uefi"), false) => {
            return Err(ApiError::new(
                codes::INVALID_VALUE,
                [
                    "platform:device-model",
                    "BIOS boot is not supported with qemu-upstream-uefi",
                ],
            ));
        }
        _ => {}
    }
    if !uefi && !vtpms(db, vm).is_empty() {
        return Err(ApiError::new(
            "NOT_IMPLEMENTED",
            ["Booting BIOS VM with VTPMs attached"],
        ));
    }
    Ok(())
}

/// What a boot changes: `secureboot=auto` settled by the pool's certificates, and the vTPM
/// `platform:vtpm=true` asks for when the VM has none.
pub fn on_boot(db: &mut Db, vm: &str) {
    if map_get(db, vm, "platform", "secureboot") == Some("auto") {
        let certs = db
            .table("pool")
            .and_then(|t| t.rows.values().next())
            .and_then(|p| p.fields.get("uefi_certificates"))
            .and_then(Value::as_str)
            .is_some_and(|c| !c.is_empty());
        db.update("VM", vm, |f| {
            if let Some(Value::Object(p)) = f.get_mut("platform") {
                p.insert("secureboot".into(), certs.to_string().into());
            }
        });
    }
    if map_get(db, vm, "platform", "vtpm") == Some("true") && vtpms(db, vm).is_empty() {
        add_vtpm(db, vm, false);
    }
}

fn add_vtpm(db: &mut Db, vm: &str, is_unique: bool) -> String {
    // Its state lives in a secret (`Xapi_vtpm.copy_or_create_contents`: empty at first).
    add_vtpm_with(db, vm, is_unique, false, "")
}

fn add_vtpm_with(
    db: &mut Db,
    vm: &str,
    is_unique: bool,
    is_protected: bool,
    contents: &str,
) -> String {
    let id = uuid::Uuid::new_v4();
    let r = format!("OpaqueRef:{}", uuid::Uuid::new_v4());
    let contents = super::secrets::add(db, &uuid::Uuid::new_v4().to_string(), contents, Map::new());
    let rec = json!({
        "uuid": id.to_string(), "VM": vm, "backend": NULL, "persistence_backend": "xapi",
        "is_unique": is_unique, "is_protected": is_protected, "contents": contents,
        "allowed_operations": [], "current_operations": {},
    });
    db.insert("VTPM", &r, obj(rec));
    rules::refresh(db, vm);
    r
}

/// An XVA's vTPM made again (`import.ml` `VTPM.handle`: `Xapi_vtpm.import`, then
/// `is_protected` and `set_contents`, which takes base64 only). A VM has one vTPM at most
/// (`assert_no_vtpm_associated`).
pub fn import_vtpm(
    db: &mut Db,
    vm: &str,
    is_unique: bool,
    is_protected: bool,
    contents: &str,
) -> Result<String, ApiError> {
    let had = vtpms(db, vm).len();
    if had > 0 {
        return Err(ApiError::new("VTPM_MAX_AMOUNT_REACHED", [had.to_string()]));
    }
    use base64::Engine;
    if base64::engine::general_purpose::STANDARD
        .decode(contents)
        .is_err()
    {
        return Err(ApiError::new(
            codes::INTERNAL_ERROR,
            ["the vTPM's contents are not base64"],
        ));
    }
    Ok(add_vtpm_with(db, vm, is_unique, is_protected, contents))
}

/// A vTPM's contents (`Xapi_vtpm.get_contents`: its secret's value), for an export.
pub fn vtpm_contents(db: &Db, vtpm: &str) -> String {
    let secret = str_field(db, "VTPM", vtpm, "contents");
    db.field(super::secrets::CLASS, &secret, "value")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// `VM.clone`/`copy`/`snapshot` copy the source's vTPMs (`Xapi_vtpm.copy`): a unique one
/// starts empty, any other takes a copy of the state (`copy_or_create_contents`).
pub fn copy_vtpms(db: &mut Db, src: &str, dst: &str) {
    for v in vtpms(db, src) {
        let unique = db.field("VTPM", &v, "is_unique").and_then(Value::as_bool) == Some(true);
        let contents = if unique {
            String::new()
        } else {
            vtpm_contents(db, &v)
        };
        add_vtpm_with(db, dst, unique, false, &contents);
    }
}

/// `VM.destroy` destroys the VM's vTPMs (`xapi_vm.ml` `destroy`).
pub fn destroy_vtpms(db: &mut Db, vm: &str) {
    for v in vtpms(db, vm) {
        delete_vtpm(db, &v);
    }
}

/// A vTPM and the secret holding its contents.
fn delete_vtpm(db: &mut Db, vtpm: &str) {
    let secret = str_field(db, "VTPM", vtpm, "contents");
    if db.get(super::secrets::CLASS, &secret).is_some() {
        db.delete(super::secrets::CLASS, &secret);
    }
    db.delete("VTPM", vtpm);
}

/// `VTPM.create(vM, is_unique)`.
pub fn vtpm_create(call: &Call) -> Result<Job, ApiError> {
    let vm = call.str_arg(0, "vM")?.to_string();
    let unique = bool_arg(call, 1, "is_unique")?;
    let v = vm.clone();
    Ok(Job {
        label: call.method.to_string(),
        target: Some((vm.clone(), "create_vtpm".into())),
        sr: None,
        duration: Duration::from_millis(200),
        cancellable: false,
        check: Box::new(move |db| {
            if let Some(e) = rules::operation_error(db, &v, "create_vtpm", false) {
                return Err(e);
            }
            // Xapi_vtpm.assert_not_restricted, assert_no_vtpm_associated, then the power state.
            let restricted = db
                .table("pool")
                .and_then(|t| t.rows.values().next())
                .and_then(|p| p.fields.get("restrictions"))
                .and_then(|r| r.get("restrict_vtpm"))
                .and_then(Value::as_str)
                != Some("false");
            if restricted {
                return Err(ApiError::new("FEATURE_RESTRICTED", ["restrict_vtpm"]));
            }
            let n = vtpms(db, &v).len();
            if n > 0 {
                return Err(ApiError::new("VTPM_MAX_AMOUNT_REACHED", [n.to_string()]));
            }
            let power = str_field(db, "VM", &v, "power_state").to_ascii_lowercase();
            if power != "halted" {
                return Err(ApiError::new(
                    "VM_BAD_POWER_STATE",
                    [v.as_str(), "halted", power.as_str()],
                ));
            }
            Ok(())
        }),
        apply: Box::new(move |state| {
            Ok(Value::String(state.write(|db| add_vtpm(db, &vm, unique))))
        }),
    })
}

/// `VTPM.destroy(self)`: `Xapi_vtpm.destroy` (the VM halted or suspended, then its contents
/// secret and the vTPM go), with the VM's `allowed_operations` refreshed after, as
/// `message_forwarding.ml` does. No VM operation is marked.
pub fn vtpm_destroy(call: &Call) -> Result<Job, ApiError> {
    let vtpm = call.str_arg(0, "self")?.to_string();
    let v = vtpm.clone();
    Ok(Job {
        label: call.method.to_string(),
        target: None,
        sr: None,
        duration: Duration::from_millis(200),
        cancellable: false,
        check: Box::new(move |db| {
            if db.field("VTPM", &v, "uuid").is_none() {
                return Err(ApiError::new(codes::HANDLE_INVALID, ["VTPM", v.as_str()]));
            }
            let vm = str_field(db, "VTPM", &v, "VM");
            let power = str_field(db, "VM", &vm, "power_state").to_ascii_lowercase();
            if power != "halted" && power != "suspended" {
                return Err(ApiError::new(
                    "VM_BAD_POWER_STATE",
                    [vm.as_str(), "halted;suspended", power.as_str()],
                ));
            }
            Ok(())
        }),
        apply: Box::new(move |state| {
            state.write(|db| {
                let vm = str_field(db, "VTPM", &vtpm, "VM");
                delete_vtpm(db, &vtpm);
                rules::refresh(db, &vm);
            });
            Ok(Value::String(String::new()))
        }),
    })
}
