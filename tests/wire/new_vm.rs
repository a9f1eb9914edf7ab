//! The New VM wizard's plan against the demo server, whose templates carry firmware,
//! Secure Boot and vTPM settings as real ones do: a VM from a UEFI/vTPM template stays UEFI
//! and boots again (xapi refuses a BIOS VM with a vTPM), and a vTPM asked for is created.

use crate::common::*;
use crate::session::*;
use xenpilot::model::new_vm::{self, BootMode, NewVm};
use xenpilot::services::edits;
use xenpilot::xenapi::{Cache, Ref, Session, Vm};

async fn cache(s: &Session) -> Cache {
    Cache::fetch_all(s).await.unwrap()
}

fn template(c: &Cache, name: &str) -> Ref<Vm> {
    c.vms
        .iter()
        .find(|(_, v)| v.name_label == name)
        .map(|(r, _)| r.clone())
        .unwrap_or_else(|| panic!("no template {name}"))
}

/// The wizard's choices with `template`'s defaults, no disk wanted beyond 8 GiB.
fn choices(c: &Cache, t: &Ref<Vm>, name: &str) -> NewVm {
    let mut vm = NewVm::default();
    new_vm::apply_template(c, &mut vm, t);
    vm.name = name.into();
    vm.sr = new_vm::disk_srs(c).first().map(|(r, _)| r.clone());
    vm.disk_gib = 8;
    vm.start = false;
    vm
}

async fn record(s: &Session, name: &str) -> (Ref<Vm>, Vm) {
    let c = cache(s).await;
    let r = template(&c, name);
    let v = c.vms[&r].clone();
    (r, v)
}

async fn start_twice(s: &Session, r: &Ref<Vm>) {
    for _ in 0..2 {
        s.call("VM.start", &[r.into(), false.into(), false.into()])
            .await
            .unwrap_or_else(|e| panic!("start: {e}"));
        s.call("VM.hard_shutdown", &[r.into()]).await.unwrap();
    }
}

#[tokio::test]
async fn a_vm_from_the_windows_11_template_is_uefi_secure_boot_and_boots_again() {
    let srv = server().await;
    let s = login(&srv.url, BOTH[0]).await;
    let c = cache(&s).await;
    let t = template(&c, "Windows 11");
    let vm = choices(&c, &t, "w11");
    assert_eq!(vm.boot, BootMode::SecureBoot);
    let plan = new_vm::plan(&c, &vm).expect("a plan");
    assert!(
        !plan
            .steps
            .iter()
            .any(|s| s.method == "VM.set_HVM_boot_params" || s.method == "VM.set_platform"),
        "single keys, not whole maps"
    );
    edits::run_plan(&s, &plan, |_, _| {}).await.unwrap();
    let (r, v) = record(&s, "w11").await;
    assert_eq!(
        v.hvm_boot_params.get("firmware").map(String::as_str),
        Some("uefi")
    );
    assert_eq!(
        v.hvm_boot_params.get("order").map(String::as_str),
        Some("cd"),
        "the template's order stays"
    );
    assert_eq!(
        v.platform.get("secureboot").map(String::as_str),
        Some("true")
    );
    assert_eq!(
        v.platform.get("vtpm").map(String::as_str),
        Some("true"),
        "the template's vtpm stays"
    );
    start_twice(&s, &r).await;
    assert_eq!(record(&s, "w11").await.1.vtpms.len(), 1);
}

#[tokio::test]
async fn a_vtpm_asked_for_a_uefi_linux_vm_is_created() {
    let srv = server().await;
    let s = login(&srv.url, BOTH[1]).await;
    let c = cache(&s).await;
    let t = template(&c, "Debian Bookworm 12");
    let mut vm = choices(&c, &t, "deb-tpm");
    assert_eq!(
        vm.boot,
        BootMode::SecureBoot,
        "secureboot=auto with certificates"
    );
    vm.boot = BootMode::Uefi;
    vm.vtpm = true;
    let plan = new_vm::plan(&c, &vm).expect("a plan");
    assert!(plan.xe.iter().any(|l| l == "xe vtpm-create vm-uuid=$VM"));
    edits::run_plan(&s, &plan, |_, _| {}).await.unwrap();
    let (r, v) = record(&s, "deb-tpm").await;
    assert_eq!(v.vtpms.len(), 1);
    assert_eq!(
        v.platform.get("secureboot").map(String::as_str),
        Some("false")
    );
    start_twice(&s, &r).await;
}

#[tokio::test]
async fn the_wizard_keeps_a_templates_other_disks_drops_its_vifs_and_sets_the_suspend_sr() {
    let srv = server().await;
    let s = login(&srv.url, BOTH[0]).await;
    let c = cache(&s).await;
    let t = template(&c, "Debian Bookworm 12");
    // A template with two disks to provision and a VIF of its own.
    let two = r#"<provision><disk device="0" size="10737418240" sr="" bootable="true" type="system"/><disk device="1" size="1073741824" sr="" bootable="false" type="system"/></provision>"#;
    s.call(
        "VM.remove_from_other_config",
        &[(&t).into(), "disks".into()],
    )
    .await
    .unwrap();
    s.call(
        "VM.add_to_other_config",
        &[(&t).into(), "disks".into(), two.into()],
    )
    .await
    .unwrap();
    let net = c.networks.keys().next().unwrap().clone();
    s.call(
        "VIF.create",
        &[
            serde_json::json!({"device": "0", "network": net.as_str(), "VM": t.as_str(), "MAC": "",
            "MTU": 1500, "other_config": {}, "qos_algorithm_type": "", "qos_algorithm_params": {}}),
        ],
    )
    .await
    .unwrap();
    let c = cache(&s).await;
    let mut fresh = NewVm::default();
    new_vm::apply_template(&c, &mut fresh, &t);
    assert_eq!(fresh.disk_gib, 10, "the template's disk size");
    let mut vm = choices(&c, &t, "two-disks");
    vm.disk_gib = 12;
    vm.iso = new_vm::isos(&c).first().map(|(r, _)| r.clone());
    vm.networks = c.networks.keys().skip(1).take(1).cloned().collect();
    let plan = new_vm::plan(&c, &vm).expect("a plan");
    edits::run_plan(&s, &plan, |_, _| {}).await.unwrap();
    let c = cache(&s).await;
    let v = c
        .vms
        .values()
        .find(|v| v.name_label == "two-disks")
        .cloned()
        .unwrap();
    let drives: Vec<(String, String, i64)> = v
        .vbds
        .iter()
        .filter_map(|b| c.vbds.get(b))
        .map(|b| {
            let size = c.vdis.get(&b.vdi).map_or(0, |d| d.virtual_size);
            (b.userdevice.clone(), b.vbd_type.clone(), size)
        })
        .collect();
    assert!(
        drives.contains(&("0".into(), "Disk".into(), 12 << 30)),
        "{drives:?}"
    );
    assert!(
        drives.contains(&("1".into(), "Disk".into(), 1 << 30)),
        "the other disk stays"
    );
    assert!(
        drives.iter().any(|(d, t, _)| d == "3" && t == "CD"),
        "the CD at 3"
    );
    let nets: Vec<_> = v
        .vifs
        .iter()
        .filter_map(|x| c.vifs.get(x))
        .map(|x| x.network.clone())
        .collect();
    assert_eq!(nets, vm.networks, "only the networks chosen");
    assert_eq!(Some(&v.suspend_sr), vm.sr.as_ref());
    // Disks made by provisioning are the VM's own: the Delete dialog ticks them.
    assert!(
        v.vbds
            .iter()
            .filter_map(|b| c.vbds.get(b))
            .filter(|b| b.vbd_type == "Disk")
            .all(|b| b.other_config.contains_key("owner"))
    );
}
