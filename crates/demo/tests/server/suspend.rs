//! Memory images (`suspend_VDI`) as xapi and xenopsd keep them: written by a suspend and a
//! checkpoint, destroyed by a resume and a hard shutdown, left by `VM.destroy`.

use crate::session::*;
use crate::tasks::{fast_server, vm_ref};
use serde_json::{Value, json};
use xenapi::Session;

async fn call(s: &Session, m: &str, args: &[Value]) -> Value {
    s.call(m, args).await.unwrap_or_else(|e| panic!("{m}: {e}"))
}

async fn image(s: &Session, vm: &Value) -> Value {
    call(s, "VM.get_suspend_VDI", std::slice::from_ref(vm)).await
}

async fn exists(s: &Session, vdi: &Value) -> bool {
    s.call("VDI.get_record", std::slice::from_ref(vdi))
        .await
        .is_ok()
}

#[tokio::test]
async fn suspend_writes_an_image_and_resume_destroys_it() {
    let srv = fast_server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let vm = json!(vm_ref(&s, "web-02").await.as_str());
        assert_eq!(image(&s, &vm).await, "OpaqueRef:NULL");
        call(&s, "VM.suspend", std::slice::from_ref(&vm)).await;
        let img = image(&s, &vm).await;
        let rec = call(&s, "VDI.get_record", std::slice::from_ref(&img)).await;
        assert_eq!(
            (rec["type"].as_str(), rec["name_label"].as_str()),
            (Some("suspend"), Some("Suspend image"))
        );
        call(&s, "VM.resume", &[vm.clone(), json!(false), json!(false)]).await;
        assert_eq!(image(&s, &vm).await, "OpaqueRef:NULL");
        assert!(
            !exists(&s, &img).await,
            "the image is destroyed after the resume"
        );
    }
}

#[tokio::test]
async fn a_hard_shutdown_of_a_suspended_vm_destroys_its_image_and_a_resume_needs_one() {
    let srv = fast_server().await;
    let s = login(&srv.url, BOTH[0]).await;
    // The demo's suspended VM has the image a real pool would hold.
    let vm = json!(vm_ref(&s, "build-agent").await.as_str());
    let img = image(&s, &vm).await;
    assert!(exists(&s, &img).await);
    call(&s, "VM.hard_shutdown", std::slice::from_ref(&vm)).await;
    assert!(!exists(&s, &img).await);
    // A suspended VM whose image is gone cannot resume.
    call(&s, "VM.start", &[vm.clone(), json!(false), json!(false)]).await;
    call(&s, "VM.suspend", std::slice::from_ref(&vm)).await;
    let img = image(&s, &vm).await;
    call(&s, "VDI.destroy", &[img]).await;
    assert_eq!(
        image(&s, &vm).await,
        "OpaqueRef:NULL",
        "VDI.destroy clears suspend_VDI"
    );
    let e = s
        .call("VM.resume", &[vm.clone(), json!(false), json!(false)])
        .await
        .unwrap_err();
    assert_eq!(e.api().unwrap().code, "VM_HAS_NO_SUSPEND_VDI");
}

#[tokio::test]
async fn a_checkpoint_keeps_an_image_that_vm_destroy_leaves_behind() {
    let srv = fast_server().await;
    let s = login(&srv.url, BOTH[0]).await;
    let vm = json!(vm_ref(&s, "web-01").await.as_str());
    let cp = call(&s, "VM.checkpoint", &[vm.clone(), json!("cp")]).await;
    assert_eq!(image(&s, &vm).await, "OpaqueRef:NULL", "the VM runs on");
    let img = image(&s, &cp).await;
    assert!(exists(&s, &img).await);
    call(&s, "VM.destroy", &[cp]).await;
    assert!(
        exists(&s, &img).await,
        "xapi's VM.destroy leaves the memory image"
    );
}
