//! XenAPI.py against the demo server's host operations (its reboot, a new one designated): HOST_IS_SLAVE from a
//! member over XML-RPC, what blocks evacuation, HOST_NOT_DISABLED, an Async evacuation.

use crate::common::{PASSWORD, config, server_with};
use crate::install::{PIP, PYTHON, python_lib, run, scripts_dir};
use crate::{parse, tools_present};
use std::process::Command;

#[tokio::test(flavor = "multi_thread")]
async fn python_bindings_see_members_redirect_and_evacuate_a_host() {
    if !tools_present(
        "python_bindings_see_members_redirect_and_evacuate_a_host",
        &[PYTHON, PIP],
    ) {
        return;
    }
    let lib = python_lib();
    let mut c = config();
    c.task_speed = 10.0;
    let srv = server_with(c).await;
    let (url, member) = (srv.url.clone(), format!("http://{}", srv.addresses[1]));
    let out = tokio::task::spawn_blocking(move || {
        run(
            Command::new(PYTHON.program)
                .arg(scripts_dir().join("python_hosts.py"))
                .env("PYTHONPATH", &lib)
                .env("XAPI_URL", &url)
                .env("XAPI_MEMBER_URL", &member)
                .env("XAPI_PASSWORD", PASSWORD),
            "python_hosts.py",
        )
    })
    .await
    .unwrap();
    let r = parse(&out, "python hosts");
    assert_eq!(
        r["member_login"],
        serde_json::json!(["HOST_IS_SLAVE", srv.addr.ip().to_string()]),
        "{r}"
    );
    assert_eq!(
        r["blocking_codes"],
        serde_json::json!(["VM_REQUIRES_SR"]),
        "{r}"
    );
    assert_eq!(r["blocking_count"], 4, "{r}");
    assert_eq!(
        r["reboot_enabled"],
        serde_json::json!(["HOST_NOT_DISABLED"]),
        "{r}"
    );
    assert_eq!(r["evacuate_status"], "success", "{r}");
    assert_eq!(r["left_on_h2"], 1, "only the control domain: {r}");
    let allowed: Vec<&str> = r["allowed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        allowed.contains(&"reboot") && allowed.contains(&"shutdown"),
        "{r}"
    );
}
