use super::*;

/// The demo pool, with what xapi allows a running guest (a dump keeps none), and its second
/// server (web-02, web-10 and win-ad-01 run there).
fn pool() -> (Cache, Ref<Host>) {
    let mut cache = xapidb::cache_of(&demo::demo_pool());
    for v in cache.vms.values_mut() {
        if v.power_state == PowerState::Running && !v.is_control_domain {
            v.allowed_operations = vec![
                "clean_shutdown".into(),
                "hard_shutdown".into(),
                "suspend".into(),
                "pool_migrate".into(),
            ];
        }
    }
    let host = cache
        .hosts
        .iter()
        .find(|(_, h)| h.name_label == "xcp-host-02")
        .map(|(r, _)| r.clone())
        .expect("host 2");
    (cache, host)
}

fn vm(cache: &Cache, name: &str) -> Ref<Vm> {
    cache
        .vms
        .iter()
        .find(|(_, v)| v.name_label == name)
        .map(|(r, _)| r.clone())
        .expect(name)
}

fn methods(p: &Plan) -> Vec<String> {
    p.steps.iter().map(|s| s.method.clone()).collect()
}

fn args(p: &Plan, i: usize) -> Vec<Value> {
    p.steps[i].args.iter().map(|a| a.resolve(&[])).collect()
}

#[test]
fn the_preflight_lists_every_guest_with_why_it_cannot_move_and_what_xapi_allows() {
    let (mut cache, host) = pool();
    let web02 = vm(&cache, "web-02");
    let win = vm(&cache, "win-ad-01");
    // win-ad-01 cannot suspend (no such allowed operation).
    cache.vms.get_mut(&win).unwrap().allowed_operations = vec!["clean_shutdown".into()];
    let local = cache
        .srs
        .iter()
        .find(|(_, s)| s.content_type != "iso")
        .map(|(r, s)| (r.clone(), s.name_label.clone()))
        .unwrap();
    let blocking = BTreeMap::from([
        (
            web02.as_str().to_string(),
            vec![
                "VM_REQUIRES_SR".into(),
                web02.as_str().into(),
                local.0.as_str().into(),
            ],
        ),
        (
            win.as_str().to_string(),
            vec!["HOST_NOT_ENOUGH_FREE_MEMORY".into(), win.as_str().into()],
        ),
    ]);
    let rows = preflight(&cache, &host, &blocking);
    let names: Vec<_> = rows
        .iter()
        .map(|r| cache.vms[&r.vm].name_label.as_str())
        .collect();
    assert_eq!(names, ["web-02", "web-10", "win-ad-01"], "dom0 left out");
    assert_eq!(rows[0].blocker, Some(Blocker::LocalStorage(local.1)));
    assert_eq!(
        rows[0].choices,
        [Choice::Suspend, Choice::ShutDown],
        "no migrate"
    );
    assert_eq!(rows[1].blocker, None);
    assert_eq!(
        rows[1].choices,
        [Choice::Migrate, Choice::Suspend, Choice::ShutDown]
    );
    assert_eq!(rows[2].blocker, Some(Blocker::NoRoom));
    assert_eq!(rows[2].choices, [Choice::ShutDown]);
    assert!(unsolved(&rows, &BTreeMap::new()).is_empty());
    // A choice xapi does not allow leaves the VM unsolved.
    let bad = BTreeMap::from([(web02.clone(), Choice::Migrate)]);
    assert_eq!(unsolved(&rows, &bad), [web02]);
}

#[test]
fn blockers_are_read_as_xapi_sends_them() {
    let (cache, _) = pool();
    let of = |v: &[&str]| Blocker::of(&cache, &v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    assert_eq!(
        of(&["VM_MISSING_PV_DRIVERS", "OpaqueRef:x"]),
        Blocker::NoPvDrivers
    );
    assert_eq!(of(&["NO_HOSTS_AVAILABLE", "OpaqueRef:x"]), Blocker::NoHosts);
    assert_eq!(
        of(&["HOST_EVACUATE_VM_NOT_HA_PROTECTED", "OpaqueRef:x"]),
        Blocker::NotHaProtected
    );
    assert_eq!(
        of(&["SOMETHING_NEW", "a"]),
        Blocker::Other(vec!["SOMETHING_NEW".into(), "a".into()])
    );
    assert_eq!(of(&[]), Blocker::Other(vec![]));
}

#[test]
fn entering_maintenance_handles_the_chosen_vms_then_writes_xencenters_keys_disables_and_evacuates()
{
    let (cache, host) = pool();
    let web02 = vm(&cache, "web-02");
    let win = vm(&cache, "win-ad-01");
    let rows = preflight(&cache, &host, &BTreeMap::new());
    let picked = BTreeMap::from([
        (web02.clone(), Choice::Suspend),
        (win.clone(), Choice::ShutDown),
    ]);
    let p = enter_maintenance(&cache, &host, &rows, &picked, Then::Stay);
    assert_eq!(
        methods(&p),
        [
            "VM.suspend",
            "VM.clean_shutdown",
            "host.add_to_other_config",
            "host.add_to_other_config",
            "host.add_to_other_config",
            "host.disable",
            "host.add_to_other_config",
            "host.evacuate",
        ]
    );
    let uuid = |r: &Ref<Vm>| cache.vms[r].uuid.clone();
    let web10 = vm(&cache, "web-10");
    assert_eq!(
        args(&p, 2),
        [
            json!(host.as_str()),
            json!(EVACUATED_MIGRATED),
            json!(uuid(&web10))
        ]
    );
    assert_eq!(args(&p, 3)[2], json!(uuid(&win)));
    assert_eq!(args(&p, 4)[2], json!(uuid(&web02)));
    assert_eq!(args(&p, 6)[1..], [json!("MAINTENANCE_MODE"), json!("true")]);
    assert!(p.steps[5].long && p.steps[7].long);
    let h = &cache.hosts[&host].uuid;
    assert!(p.xe.contains(&format!("xe host-disable uuid={h}")));
    assert_eq!(p.xe.last().unwrap(), &format!("xe host-evacuate uuid={h}"));
    // Reboot after: the reboot comes last.
    let p = enter_maintenance(&cache, &host, &rows, &BTreeMap::new(), Then::Reboot);
    assert_eq!(methods(&p).last().unwrap(), "host.reboot");
    assert!(!methods(&p).contains(&"VM.suspend".to_string()));
}

#[test]
fn a_key_already_there_is_removed_before_it_is_added_and_a_second_try_keeps_the_first_lists() {
    let (mut cache, host) = pool();
    let web02 = vm(&cache, "web-02");
    let gone = "0000-moved-before".to_string();
    {
        let h = cache.hosts.get_mut(&host).unwrap();
        h.enabled = false;
        h.other_config
            .insert(MAINTENANCE_MODE.into(), "true".into());
        h.other_config
            .insert(EVACUATED_MIGRATED.into(), gone.clone());
    }
    let rows = preflight(&cache, &host, &BTreeMap::new());
    let p = enter_maintenance(&cache, &host, &rows, &BTreeMap::new(), Then::Stay);
    let m = methods(&p);
    assert!(!m.contains(&"host.disable".to_string()), "already disabled");
    assert_eq!(m[0], "host.remove_from_other_config");
    let migrated = args(&p, 1)[2].as_str().unwrap().to_string();
    assert!(migrated.starts_with(&gone), "{migrated}");
    assert!(migrated.contains(&cache.vms[&web02].uuid));
}

#[test]
fn exit_removes_the_mark_enables_moves_back_what_was_moved_and_clears_the_lists() {
    let (mut cache, host) = pool();
    let web01 = vm(&cache, "web-01"); // running on host 1: migrated there
    let halted = vm(&cache, "db-replica");
    let suspended = vm(&cache, "build-agent");
    let list = |r: &Ref<Vm>| cache.vms[r].uuid.clone();
    let (m, hl, sp) = (list(&web01), list(&halted), list(&suspended));
    {
        let h = cache.hosts.get_mut(&host).unwrap();
        h.enabled = false;
        h.other_config
            .insert(MAINTENANCE_MODE.into(), "true".into());
        h.other_config
            .insert(EVACUATED_MIGRATED.into(), format!("{m},no-such-vm"));
        h.other_config.insert(EVACUATED_HALTED.into(), hl);
        h.other_config.insert(EVACUATED_SUSPENDED.into(), sp);
    }
    let mb = move_back(&cache, &host);
    assert_eq!(mb.migrated, std::slice::from_ref(&web01));
    assert_eq!(mb.halted, [halted]);
    assert_eq!(mb.suspended, [suspended]);
    let p = exit_maintenance(&cache, &host, true);
    assert_eq!(
        methods(&p),
        [
            "host.remove_from_other_config",
            "host.enable",
            "VM.pool_migrate",
            "VM.start_on",
            "VM.resume_on",
            "host.remove_from_other_config",
            "host.remove_from_other_config",
            "host.remove_from_other_config",
        ]
    );
    assert_eq!(args(&p, 0)[1], json!(MAINTENANCE_MODE));
    assert_eq!(args(&p, 2)[1], json!(host.as_str()));
    // Without moving back: the lists are cleared all the same.
    let p = exit_maintenance(&cache, &host, false);
    assert_eq!(methods(&p).len(), 5);
    assert!(p.xe.contains(&format!("xe host-enable uuid={}", cache.hosts[&host].uuid)));
}

#[test]
fn a_server_row_says_maintenance_rebooting_unreachable_and_back() {
    let (mut cache, host) = pool();
    let now = 1_800_000_000.0;
    assert_eq!(state(&cache, &host, false, now), Some(HostState::Up));
    let metrics = cache.hosts[&host].metrics.clone();
    cache.hosts.get_mut(&host).unwrap().enabled = false;
    assert_eq!(state(&cache, &host, false, now), Some(HostState::Disabled));
    cache
        .hosts
        .get_mut(&host)
        .unwrap()
        .other_config
        .insert(MAINTENANCE_MODE.into(), "true".into());
    assert_eq!(
        state(&cache, &host, false, now),
        Some(HostState::Maintenance)
    );
    cache
        .hosts
        .get_mut(&host)
        .unwrap()
        .current_operations
        .insert("OpaqueRef:t".into(), "evacuate".into());
    let s = state(&cache, &host, false, now).unwrap();
    assert_eq!(s.label_id(), "host-state-evacuating");
    cache
        .hosts
        .get_mut(&host)
        .unwrap()
        .current_operations
        .clear();
    cache.host_metrics.get_mut(&metrics).unwrap().live = false;
    assert_eq!(state(&cache, &host, true, now), Some(HostState::Rebooting));
    assert_eq!(
        state(&cache, &host, false, now),
        Some(HostState::Unreachable)
    );
    cache.host_metrics.get_mut(&metrics).unwrap().live = true;
    let h = cache.hosts.get_mut(&host).unwrap();
    h.other_config.remove(MAINTENANCE_MODE);
    h.enabled = true;
    h.other_config
        .insert(BOOT_TIME.into(), format!("{}", now - 30.0));
    assert_eq!(state(&cache, &host, true, now), Some(HostState::Back));
    assert_eq!(state(&cache, &host, false, now), Some(HostState::Up));
}

#[test]
fn power_plans_and_their_xe_lines() {
    let (cache, host) = pool();
    let h = cache.hosts[&host].uuid.clone();
    for (p, m, xe) in [
        (
            reboot(&cache, &host),
            "host.reboot",
            format!("xe host-reboot uuid={h}"),
        ),
        (
            shutdown(&cache, &host),
            "host.shutdown",
            format!("xe host-shutdown uuid={h}"),
        ),
        (
            power_on(&cache, &host),
            "host.power_on",
            format!("xe host-power-on uuid={h}"),
        ),
        (
            designate_new_master(&cache, &host),
            "pool.designate_new_master",
            format!("xe pool-designate-new-master host-uuid={h}"),
        ),
        (
            eject(&cache, &host),
            "pool.eject",
            format!("xe pool-eject host-uuid={h}"),
        ),
    ] {
        assert_eq!(methods(&p), [m]);
        assert_eq!(args(&p, 0), [json!(host.as_str())]);
        assert_eq!(p.xe, [xe]);
    }
    assert!(!is_coordinator(&cache, &host));
}
