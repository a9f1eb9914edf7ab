//! Deleting VMs and snapshots against the demo server: the memory image of a suspended VM
//! or a checkpoint goes with it (xapi's VM.destroy leaves it; XenCenter's VMDestroyAction
//! deletes it, CA-91072), and a disk already gone does not stop the rest (CA-115249).

use crate::common::*;
use crate::session::*;
use serde_json::json;
use xenpilot::model::vm_plans;
use xenpilot::services::edits;
use xenpilot::xenapi::{Cache, Ref, Session, Vdi, Vm};

async fn cache(s: &Session) -> Cache {
    Cache::fetch_all(s).await.unwrap()
}

fn named(c: &Cache, name: &str) -> Ref<Vm> {
    c.vms
        .iter()
        .find(|(_, v)| v.name_label == name)
        .map(|(r, _)| r.clone())
        .unwrap_or_else(|| panic!("no VM {name}"))
}

async fn gone(s: &Session, vdi: &Ref<Vdi>) -> bool {
    s.call("VDI.get_record", &[vdi.into()]).await.is_err()
}

#[tokio::test]
async fn deleting_a_suspended_vm_deletes_its_memory_image() {
    let srv = server().await;
    let s = login(&srv.url, BOTH[0]).await;
    let c = cache(&s).await;
    let vm = named(&c, "build-agent");
    let image = c.vms[&vm].suspend_vdi.clone();
    assert!(
        c.vdis.contains_key(&image),
        "the demo's suspended VM has its image"
    );
    let plan = vm_plans::destroy(&c, &vm, &vm_plans::disks(&c, &vm));
    assert!(plan.xe.iter().any(|l| l.contains(&c.vdis[&image].uuid)));
    edits::run_plan(&s, &plan, |_, _| {}).await.unwrap();
    assert!(gone(&s, &image).await);
}

#[tokio::test]
async fn deleting_a_checkpoint_deletes_its_memory_image_and_a_disk_already_gone_is_no_failure() {
    let srv = server().await;
    let s = login(&srv.url, BOTH[1]).await;
    let c = cache(&s).await;
    let vm = named(&c, "web-02");
    s.call("VM.checkpoint", &[(&vm).into(), json!("cp")])
        .await
        .unwrap();
    let c = cache(&s).await;
    let cp = named(&c, "cp");
    let image = c.vms[&cp].suspend_vdi.clone();
    assert!(c.vdis.contains_key(&image));
    let disks = vm_plans::disks(&c, &cp);
    let plan = vm_plans::destroy(&c, &cp, &disks);
    // Someone else destroyed a disk meanwhile.
    s.call("VDI.destroy", &[(&disks[0]).into()]).await.unwrap();
    edits::run_plan(&s, &plan, |_, _| {}).await.unwrap();
    assert!(gone(&s, &image).await);
    assert!(s.call("VM.get_record", &[(&cp).into()]).await.is_err());
}
