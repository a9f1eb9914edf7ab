//! `pool.add_to_gui_config` and `pool.remove_from_gui_config`, which saved searches use as
//! XenCenter's `Search.Save` and `Search.Delete` do: xapi's map semantics (`db_cache_types.ml`
//! `add_to_map`: a key already there is MAP_DUPLICATE_KEY, so a save removes first; a
//! remove of a missing key is no error), and every other key left alone.

use crate::common::*;
use crate::session::*;
use serde_json::json;
use xenapi::Pool;
use xenapi::error::codes;

#[tokio::test]
async fn gui_config_keys_are_added_if_missing_and_removed_alone() {
    let srv = server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let pools = s.get_all_records::<Pool>().await.unwrap();
        let (pool, _) = pools.iter().next().unwrap();
        let key = format!("xensearch.Search-{p:?}");
        let other = format!("XenCenter.Other-{p:?}");
        s.call(
            "pool.add_to_gui_config",
            &[json!(pool.as_str()), json!(other), json!("keep")],
        )
        .await
        .unwrap();
        s.call(
            "pool.add_to_gui_config",
            &[json!(pool.as_str()), json!(key), json!("<Search/>")],
        )
        .await
        .unwrap();
        let e = s
            .call(
                "pool.add_to_gui_config",
                &[json!(pool.as_str()), json!(key), json!("<b/>")],
            )
            .await
            .unwrap_err();
        assert_eq!(e.api().unwrap().code, codes::MAP_DUPLICATE_KEY, "{p:?}");
        // Remove then add: a save over an existing search.
        s.call(
            "pool.remove_from_gui_config",
            &[json!(pool.as_str()), json!(key)],
        )
        .await
        .unwrap();
        s.call(
            "pool.add_to_gui_config",
            &[json!(pool.as_str()), json!(key), json!("<b/>")],
        )
        .await
        .unwrap();
        let gui = s
            .call("pool.get_gui_config", &[json!(pool.as_str())])
            .await
            .unwrap();
        assert_eq!(gui[&key], json!("<b/>"));
        assert_eq!(gui[&other], json!("keep"));
        s.call(
            "pool.remove_from_gui_config",
            &[json!(pool.as_str()), json!(key)],
        )
        .await
        .unwrap();
        // Removing what is not there is no error.
        s.call(
            "pool.remove_from_gui_config",
            &[json!(pool.as_str()), json!(key)],
        )
        .await
        .unwrap();
        let gui = s
            .call("pool.get_gui_config", &[json!(pool.as_str())])
            .await
            .unwrap();
        assert!(gui.get(&key).is_none());
        assert_eq!(gui[&other], json!("keep"), "{p:?}: other keys are kept");
    }
}

#[tokio::test]
async fn a_read_only_user_cannot_save_a_search() {
    let srv = server().await;
    let s = xenapi::Session::login(
        &srv.url,
        xenapi::Credentials::new(RO_USER.0, RO_USER.1),
        opts(xenapi::Protocol::JsonRpc),
    )
    .await
    .unwrap();
    let pools = s.get_all_records::<Pool>().await.unwrap();
    let (pool, _) = pools.iter().next().unwrap();
    let e = s
        .call(
            "pool.add_to_gui_config",
            &[
                json!(pool.as_str()),
                json!("xensearch.Search-x"),
                json!("<Search/>"),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(e.api().unwrap().code, codes::RBAC_PERMISSION_DENIED);
}

/// The built-in pool holds two searches XenCenter saved, under XenCenter's key, read back
/// over the wire as written.
#[tokio::test]
async fn the_built_in_pool_holds_xencenters_saved_searches() {
    let srv = server().await;
    let s = login(&srv.url, BOTH[0]).await;
    let pools = s.get_all_records::<Pool>().await.unwrap();
    let (pool, _) = pools.iter().next().unwrap();
    let gui = s
        .call("pool.get_gui_config", &[json!(pool.as_str())])
        .await
        .unwrap();
    for (uuid, xml) in demo::saved_searches::SEARCHES {
        let v = &gui[format!("xensearch.Search-{uuid}")];
        assert_eq!(v, &json!(xml), "{uuid}");
        assert!(xml.starts_with(&format!("<Search uuid=\"{uuid}\" name=\"")));
    }
}
