//! Firmware, Secure Boot and vTPMs as xapi has them: real templates' fields, the boot
//! checks (a BIOS VM with a vTPM is refused, as `xapi_xenops.ml` does), `secureboot=auto`
//! settled at boot, and `VTPM.create`'s rules.

use crate::session::*;
use crate::tasks::{fast_server, vm_ref};
use serde_json::{Value, json};
use xenapi::Session;

async fn call(s: &Session, m: &str, args: &[Value]) -> Value {
    s.call(m, args).await.unwrap_or_else(|e| panic!("{m}: {e}"))
}

async fn code(s: &Session, m: &str, args: &[Value]) -> (String, Vec<String>) {
    let e = s.call(m, args).await.unwrap_err();
    let api = e.api().unwrap_or_else(|| panic!("{m}: {e}"));
    (api.code.clone(), api.params.clone())
}

async fn field(s: &Session, vm: &Value, f: &str) -> Value {
    call(s, &format!("VM.get_{f}"), std::slice::from_ref(vm)).await
}

/// A new VM from `template` as a client makes one: clone, its disks put on an SR (the
/// templates' `sr=""` is refused, as by xapi), provision.
pub async fn new_vm(s: &Session, template: &str, name: &str) -> Value {
    let t = vm_ref(s, template).await;
    let vm = call(s, "VM.clone", &[json!(t.as_str()), json!(name)]).await;
    let srs = call(s, "SR.get_all_records", &[]).await;
    let nfs = srs
        .as_object()
        .unwrap()
        .values()
        .find(|x| x["name_label"] == "Shared NFS storage")
        .unwrap()["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    let disks = call(s, "VM.get_other_config", std::slice::from_ref(&vm)).await["disks"]
        .as_str()
        .unwrap_or_default()
        .replace(r#"sr="""#, &format!(r#"sr="{nfs}""#));
    call(
        s,
        "VM.remove_from_other_config",
        &[vm.clone(), json!("disks")],
    )
    .await;
    call(
        s,
        "VM.add_to_other_config",
        &[vm.clone(), json!("disks"), json!(disks)],
    )
    .await;
    call(s, "VM.provision", std::slice::from_ref(&vm)).await;
    vm
}

#[tokio::test]
async fn provisioning_a_disk_without_an_sr_is_refused_as_by_xapi() {
    let srv = fast_server().await;
    let s = login(&srv.url, BOTH[0]).await;
    let t = vm_ref(&s, "Debian Bookworm 12").await;
    let vm = call(&s, "VM.clone", &[json!(t.as_str()), json!("no-sr")]).await;
    let (c, params) = code(&s, "VM.provision", &[vm]).await;
    assert_eq!(
        (c.as_str(), params),
        ("UUID_INVALID", vec!["sr".to_string(), String::new()])
    );
}

#[tokio::test]
async fn templates_carry_firmware_platform_and_recommendations_as_real_ones() {
    let srv = fast_server().await;
    let s = login(&srv.url, BOTH[0]).await;
    let w11 = json!(vm_ref(&s, "Windows 11").await.as_str());
    assert_eq!(field(&s, &w11, "HVM_boot_params").await["firmware"], "uefi");
    let platform = field(&s, &w11, "platform").await;
    assert_eq!(
        (platform["vtpm"].as_str(), platform["secureboot"].as_str()),
        (Some("true"), Some("auto"))
    );
    let rec = field(&s, &w11, "recommendations").await;
    let rec = rec.as_str().unwrap();
    assert!(
        rec.contains(r#"field="supports-uefi" value="yes""#),
        "{rec}"
    );
    assert!(rec.contains(r#"field="supports-bios" value="no""#), "{rec}");
    let custom = json!(vm_ref(&s, "Company web template").await.as_str());
    assert!(
        field(&s, &custom, "HVM_boot_params")
            .await
            .get("firmware")
            .is_none()
    );
    // Hosts say UEFI and Secure Boot are available; the pool has certificates.
    let features = call(&s, "Feature.get_all_records", &[]).await;
    let names: Vec<&str> = features
        .as_object()
        .unwrap()
        .values()
        .filter_map(|f| f["name_label"].as_str())
        .collect();
    assert!(names.contains(&"guefi") && names.contains(&"guefi-secureboot"));
    let pool = call(&s, "pool.get_all_records", &[]).await;
    let pool = pool.as_object().unwrap().values().next().unwrap().clone();
    assert!(!pool["uefi_certificates"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn a_bios_vm_with_a_vtpm_boots_once_then_never_again() {
    let srv = fast_server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let vm = new_vm(&s, "Windows 11", &format!("w11-bios-{p:?}")).await;
        // What a client that ignores the template sends: BIOS.
        call(
            &s,
            "VM.remove_from_HVM_boot_params",
            &[vm.clone(), json!("firmware")],
        )
        .await;
        call(
            &s,
            "VM.add_to_HVM_boot_params",
            &[vm.clone(), json!("firmware"), json!("bios")],
        )
        .await;
        call(&s, "VM.start", &[vm.clone(), json!(false), json!(false)]).await;
        // The first boot gave it the vTPM its platform asks for.
        assert_eq!(field(&s, &vm, "VTPMs").await.as_array().unwrap().len(), 1);
        call(&s, "VM.hard_shutdown", std::slice::from_ref(&vm)).await;
        let (c, params) = code(&s, "VM.start", &[vm.clone(), json!(false), json!(false)]).await;
        assert_eq!(
            (c.as_str(), params),
            (
                "NOT_IMPLEMENTED",
                vec!["Booting BIOS VM with VTPMs attached".to_string()]
            )
        );
        // A firmware xapi does not know is refused by name.
        call(
            &s,
            "VM.remove_from_HVM_boot_params",
            &[vm.clone(), json!("firmware")],
        )
        .await;
        call(
            &s,
            "VM.add_to_HVM_boot_params",
            &[vm.clone(), json!("firmware"), json!("efi")],
        )
        .await;
        let (c, params) = code(&s, "VM.start", &[vm.clone(), json!(false), json!(false)]).await;
        assert_eq!(
            (c.as_str(), params[0].as_str()),
            ("INVALID_VALUE", "HVM-boot-params['firmware']")
        );
    }
}

#[tokio::test]
async fn a_uefi_vm_boots_again_and_secure_boot_auto_is_settled_by_the_pools_certificates() {
    let srv = fast_server().await;
    let s = login(&srv.url, BOTH[0]).await;
    let vm = new_vm(&s, "Windows 11", "w11").await;
    for _ in 0..2 {
        call(&s, "VM.start", &[vm.clone(), json!(false), json!(false)]).await;
        call(&s, "VM.hard_shutdown", std::slice::from_ref(&vm)).await;
    }
    assert_eq!(field(&s, &vm, "platform").await["secureboot"], "true");
    // Destroying the VM destroys its vTPM.
    let vtpm = field(&s, &vm, "VTPMs").await[0].clone();
    call(&s, "VM.destroy", std::slice::from_ref(&vm)).await;
    let (c, _) = code(&s, "VTPM.get_record", &[vtpm]).await;
    assert_eq!(c, "HANDLE_INVALID");
}

#[tokio::test]
async fn vtpm_create_refuses_what_xapi_refuses() {
    let srv = fast_server().await;
    let s = login(&srv.url, BOTH[0]).await;
    let running = json!(vm_ref(&s, "web-01").await.as_str());
    let (c, _) = code(&s, "VTPM.create", &[running, json!(false)]).await;
    assert_eq!(c, "VM_BAD_POWER_STATE");
    let vm = new_vm(&s, "Debian Bookworm 12", "deb").await;
    call(&s, "VTPM.create", &[vm.clone(), json!(false)]).await;
    let (c, params) = code(&s, "VTPM.create", &[vm.clone(), json!(false)]).await;
    assert_eq!(
        (c.as_str(), params),
        ("VTPM_MAX_AMOUNT_REACHED", vec!["1".to_string()])
    );
    // A clone keeps its source's vTPM.
    let copy = call(&s, "VM.clone", &[vm, json!("deb-copy")]).await;
    assert_eq!(field(&s, &copy, "VTPMs").await.as_array().unwrap().len(), 1);
}

/// The state in a VM's vTPM (its secret's value).
fn vtpm_state(srv: &demo::DemoServer, vm: &Value) -> Option<Value> {
    let vm = vm.as_str().unwrap().to_string();
    srv.state.read(|db| {
        let vtpm = db.field("VM", &vm, "VTPMs")?.get(0)?.as_str()?.to_string();
        let secret = db.field("VTPM", &vtpm, "contents")?.as_str()?.to_string();
        db.field("secret", &secret, "value").cloned()
    })
}

#[tokio::test]
async fn a_clone_takes_a_copy_of_the_vtpm_s_state() {
    let srv = fast_server().await;
    let s = login(&srv.url, BOTH[0]).await;
    let vm = new_vm(&s, "Windows 11", "w11-state").await;
    call(&s, "VM.start", &[vm.clone(), json!(false), json!(false)]).await;
    call(&s, "VM.hard_shutdown", std::slice::from_ref(&vm)).await;
    let r = vm.as_str().unwrap().to_string();
    srv.state.write(|db| {
        let vtpm = db.field("VM", &r, "VTPMs").unwrap()[0].clone();
        let secret = db
            .field("VTPM", vtpm.as_str().unwrap(), "contents")
            .unwrap()
            .clone();
        db.set_field(
            "secret",
            secret.as_str().unwrap(),
            "value",
            json!("c3RhdGU="),
        );
    });
    // `Xapi_vtpm.copy`: a vTPM that is not unique is copied with its state.
    let clone = call(&s, "VM.clone", &[vm.clone(), json!("w11-state-clone")]).await;
    assert_eq!(vtpm_state(&srv, &clone), Some(json!("c3RhdGU=")));
    assert_ne!(
        field(&s, &clone, "VTPMs").await,
        field(&s, &vm, "VTPMs").await,
        "a vTPM of its own"
    );
}
