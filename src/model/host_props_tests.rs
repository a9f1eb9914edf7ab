use super::*;

fn pool() -> (Cache, Ref<Host>, Ref<Pool>) {
    let cache = xapidb::cache_of(&demo::demo_pool());
    let host = cache
        .hosts
        .iter()
        .find(|(_, h)| h.name_label == "xcp-host-02")
        .map(|(r, _)| r.clone())
        .unwrap();
    let pool = cache.pools.keys().next().unwrap().clone();
    (cache, host, pool)
}

fn methods(p: &Plan) -> Vec<&str> {
    p.steps.iter().map(|s| s.method.as_str()).collect()
}

#[test]
fn an_untouched_form_sends_nothing_and_each_change_sends_only_its_call() {
    let (cache, host, _) = pool();
    let was = HostForm::of(&cache.hosts[&host]);
    assert!(host_plan(&cache, &host, &was, &was).steps.is_empty());
    let mut f = was.clone();
    f.description = "  rack 2  ".into();
    f.tags.push("patched".into());
    f.syslog = "syslog.example:514".into();
    let p = host_plan(&cache, &host, &was, &f);
    assert_eq!(
        methods(&p),
        [
            "host.set_name_description",
            "host.add_tags",
            "host.remove_from_logging",
            "host.add_to_logging",
            "host.syslog_reconfigure"
        ]
    );
    assert_eq!(p.steps[0].args[1].resolve(&[]), json!("rack 2"), "trimmed");
    let uuid = &cache.hosts[&host].uuid;
    assert!(p.xe.contains(&format!(
        "xe host-param-set uuid={uuid} logging:syslog_destination=syslog.example:514"
    )));
}

#[test]
fn fields_are_checked_as_xapi_checks_them() {
    let (cache, host, pool_ref) = pool();
    let was = HostForm::of(&cache.hosts[&host]);
    assert_eq!(
        was.iqn, "iqn.2026-01.lan.example:xcp-host-02",
        "from other_config"
    );
    let mut f = was.clone();
    assert!(
        check_host(&was, &f).is_empty(),
        "{:?}",
        check_host(&was, &f)
    );
    f.iqn = " ".into();
    f.name = String::new();
    f.power_on_mode = "IPMI".into();
    let ids: Vec<_> = check_host(&was, &f).into_iter().map(|i| i.id).collect();
    assert_eq!(
        ids,
        ["props-err-name", "props-err-iqn", "props-err-power-ip"]
    );
    let mut p = PoolForm::of(&cache.pools[&pool_ref]);
    p.idle_timeout = "-5".into();
    assert_eq!(check_pool(&p)[0].id, "props-err-timeout");
}

#[test]
fn power_on_sends_the_mode_and_its_settings_in_one_call() {
    let (cache, host, _) = pool();
    let was = HostForm::of(&cache.hosts[&host]);
    let mut f = was.clone();
    f.power_on_mode = "IPMI".into();
    f.power_on_ip = "10.0.0.9".into();
    let p = host_plan(&cache, &host, &was, &f);
    assert_eq!(methods(&p), ["host.set_power_on_mode"]);
    assert_eq!(
        p.steps[0].args[2].resolve(&[]),
        json!({"power_on_ip": "10.0.0.9"})
    );
}

#[test]
fn the_ipmi_password_goes_as_a_secret_never_in_clear_and_the_xe_line_masks_it() {
    let (mut cache, host, _) = pool();
    let was = HostForm::of(&cache.hosts[&host]);
    let mut f = was.clone();
    f.power_on_mode = "IPMI".into();
    f.power_on_ip = "10.0.0.9".into();
    f.power_on_password = "hunter2".into();
    let p = host_plan(&cache, &host, &was, &f);
    assert_eq!(
        methods(&p),
        ["secret.create", "secret.get_uuid", "host.set_power_on_mode"]
    );
    assert_eq!(
        p.steps[0].args[0].resolve(&[]),
        json!({"value": "hunter2", "other_config": {}})
    );
    // The secret's uuid, from the step before, is what the config names.
    let results = [json!("OpaqueRef:s"), json!("secret-uuid")];
    assert_eq!(p.steps[1].args[0].resolve(&results), json!("OpaqueRef:s"));
    assert_eq!(
        p.steps[2].args[2].resolve(&results),
        json!({"power_on_ip": "10.0.0.9", "power_on_password_secret": "secret-uuid"})
    );
    let all = format!("{:?} {:?}", p.steps[2].args, p.xe);
    assert!(!all.contains("hunter2"), "{all}");
    assert_eq!(p.xe[0], "SECRET=$(xe secret-create value='********')");
    assert!(p.xe[1].ends_with("power-on-config:power_on_password_secret=$SECRET"));
    // Later, another setting changes and no password is typed: xapi destroys the old
    // settings' secret, so its value is copied on the server into a new one.
    cache.hosts.get_mut(&host).unwrap().power_on_mode = "IPMI".into();
    cache.hosts.get_mut(&host).unwrap().power_on_config = [
        ("power_on_ip".to_string(), "10.0.0.9".to_string()),
        (PASSWORD_SECRET.to_string(), "old-uuid".to_string()),
    ]
    .into();
    let was = HostForm::of(&cache.hosts[&host]);
    assert!(was.power_on_password.is_empty(), "never read back");
    let mut f = was.clone();
    f.power_on_user = "admin".into();
    let p = host_plan(&cache, &host, &was, &f);
    assert_eq!(
        methods(&p),
        [
            "secret.get_by_uuid",
            "secret.get_value",
            "secret.create",
            "secret.get_uuid",
            "host.set_power_on_mode"
        ]
    );
    assert_eq!(p.steps[0].args[0].resolve(&[]), json!("old-uuid"));
    let results = [json!("r"), json!("pw"), json!("r2"), json!("new-uuid")];
    assert_eq!(
        p.steps[4].args[2].resolve(&results)[PASSWORD_SECRET],
        json!("new-uuid")
    );
    // Leaving IPMI sends no secret (xapi destroys the old one).
    let mut off = was.clone();
    off.power_on_mode = String::new();
    let p = host_plan(&cache, &host, &was, &off);
    assert_eq!(methods(&p), ["host.set_power_on_mode"]);
    assert_eq!(p.steps[0].args[2].resolve(&[]), json!({}));
}

#[test]
fn a_field_changed_by_someone_else_meanwhile_is_a_conflict_only_when_the_user_changed_it_too() {
    let (cache, host, pool_ref) = pool();
    let was = HostForm::of(&cache.hosts[&host]);
    let mut now = was.clone();
    now.name = "renamed elsewhere".into();
    let mut mine = was.clone();
    mine.description = "mine".into();
    assert!(host_conflicts(&was, &now, &mine).is_empty());
    mine.name = "mine".into();
    assert_eq!(host_conflicts(&was, &now, &mine), ["name"]);
    let was = PoolForm::of(&cache.pools[&pool_ref]);
    let mut f = was.clone();
    f.idle_timeout = "300".into();
    f.limit_sessions = !was.limit_sessions;
    let p = pool_plan(&cache, &pool_ref, &was, &f);
    assert_eq!(
        methods(&p),
        [
            "pool.set_vm_console_idle_timeout",
            "pool.set_limit_console_sessions"
        ]
    );
    assert_eq!(p.steps[0].args[1].resolve(&[]), json!(300));
}

#[test]
fn other_config_changes_only_the_keys_edited_and_never_the_managed_ones() {
    let (mut cache, host, _) = pool();
    {
        let h = cache.hosts.get_mut(&host).unwrap();
        h.other_config.insert("rack".into(), "B".into());
        h.other_config
            .insert("MAINTENANCE_MODE".into(), "true".into());
    }
    let h = &cache.hosts[&host];
    let was = HostForm::of(h);
    assert!(
        was.other.iter().all(|(k, _)| !managed_key(k)),
        "{:?}",
        was.other
    );
    assert!(other_config_plan(&host, &h.uuid, &h.other_config, &was).is_none());
    let mut f = was.clone();
    f.other.retain(|(k, _)| k != "rack");
    f.other.push(("owner".into(), "ops".into()));
    let p = other_config_plan(&host, &h.uuid, &h.other_config, &f).unwrap();
    let calls: Vec<_> = p
        .wire_calls()
        .into_iter()
        .map(|(m, a)| (m, a[1].clone()))
        .collect();
    assert_eq!(
        calls,
        [
            ("host.remove_from_other_config".to_string(), json!("rack")),
            ("host.add_to_other_config".to_string(), json!("owner")),
        ]
    );
    f.other.push(("MAINTENANCE_MODE".into(), "false".into()));
    f.other.push(("owner".into(), "x".into()));
    let ids: Vec<_> = check_host(&was, &f).into_iter().map(|i| i.id).collect();
    assert_eq!(ids, ["props-err-key-managed", "props-err-key-dup"]);
}
