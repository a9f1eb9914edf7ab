use super::*;

fn demo() -> Cache {
    xapidb::cache_of(&demo::demo_pool())
}

/// The built-in pool with host 1's free NICs (eth2, eth3) bonded, as `Bond.create` does.
fn demo_with_bond() -> Cache {
    let mut db = demo::demo_pool();
    demo::lifecycle::bonds::bond_devices(
        &mut db,
        "xcp-host-01",
        &["eth2", "eth3"],
        "active-backup",
    )
    .expect("host 1's eth2 and eth3 bond");
    xapidb::cache_of(&db)
}

fn coordinator_nic(c: &Cache, device: &str) -> Ref<Pif> {
    let host = coordinator(c).expect("coordinator");
    nics_of(c, &host)
        .into_iter()
        .find(|(_, p)| p.device == device)
        .map(|(r, _)| r.clone())
        .expect("the NIC")
}

fn named(kind: NetKind) -> NewNetwork {
    NewNetwork {
        kind,
        name: "lab".into(),
        ..NewNetwork::default()
    }
}

#[test]
fn a_vlan_tag_already_on_the_nic_is_refused_before_any_call() {
    let c = demo();
    let eth1 = coordinator_nic(&c, "eth1");
    assert!(tags_on(&c, &eth1).contains(&42), "the demo's VLAN 42");
    let mut n = NewNetwork {
        nic: Some(eth1.clone()),
        vlan: "42".into(),
        ..named(NetKind::External)
    };
    assert_eq!(n.invalid(&c), Some(NetInvalid::VlanInUse(42)));
    n.vlan = "4095".into();
    assert_eq!(n.invalid(&c), Some(NetInvalid::VlanRange));
    n.vlan = "43".into();
    assert_eq!(n.invalid(&c), None);
    n.nic = None;
    assert_eq!(n.invalid(&c), Some(NetInvalid::NoNic));
}

#[test]
fn a_vlan_network_is_created_then_tagged_on_every_host_from_the_coordinators_nic() {
    let c = demo();
    let eth1 = coordinator_nic(&c, "eth1");
    let n = NewNetwork {
        nic: Some(eth1.clone()),
        vlan: "43".into(),
        mtu: "9000".into(),
        auto_add: false,
        description: "tagged".into(),
        ..named(NetKind::External)
    };
    let plan = n.plan(&c);
    assert_eq!(plan.steps[0].method, "network.create");
    let Arg::Value(rec) = &plan.steps[0].args[0] else {
        panic!("a record")
    };
    assert_eq!(rec["MTU"], json!(9000));
    assert_eq!(rec["other_config"][AUTOMATIC], json!("false"));
    assert_eq!(plan.steps[1].method, "pool.create_VLAN_from_PIF");
    assert_eq!(plan.steps[1].args[0], r(&eth1));
    assert_eq!(plan.steps[1].args[1], Arg::Result(0));
    assert_eq!(
        plan.xe[0],
        "xe network-create name-label=lab name-description=tagged MTU=9000 other-config:automatic=false"
    );
    assert!(plan.xe[1].starts_with("xe pool-vlan-create network-uuid=<new> pif-uuid="));
    assert!(plan.xe[1].ends_with("vlan=43"));
}

#[test]
fn a_private_network_is_one_call_and_added_to_new_vms_by_default() {
    let c = demo();
    let plan = named(NetKind::Private).plan(&c);
    assert_eq!(plan.steps.len(), 1);
    let Arg::Value(rec) = &plan.steps[0].args[0] else {
        panic!("a record")
    };
    assert!(rec["other_config"].get(AUTOMATIC).is_none());
}

#[test]
fn a_bond_needs_two_to_four_free_nics_on_every_server() {
    let c = demo_with_bond();
    let mut n = NewNetwork {
        members: vec!["eth1".into()],
        ..named(NetKind::Bonded)
    };
    assert_eq!(n.invalid(&c), Some(NetInvalid::BondCount));
    // eth2 and eth3 are bonded already on the first server.
    n.members = vec!["eth2".into(), "eth3".into()];
    assert!(matches!(n.invalid(&c), Some(NetInvalid::BondMissing(_))));
    n.members = vec![
        "eth0".into(),
        "eth1".into(),
        "a".into(),
        "b".into(),
        "c".into(),
    ];
    assert_eq!(n.invalid(&c), Some(NetInvalid::BondCount));
    n.members = vec!["eth0".into(), "eth1".into()];
    assert_eq!(n.invalid(&c), None);
}

#[test]
fn bonds_are_made_on_every_server_the_coordinator_last_with_lacp_hashing() {
    let c = demo();
    let n = NewNetwork {
        members: vec!["eth0".into(), "eth1".into()],
        mode: BondMode::Lacp { ports: false },
        ..named(NetKind::Bonded)
    };
    let plan = n.plan(&c);
    let bonds: Vec<&Step> = plan
        .steps
        .iter()
        .filter(|s| s.method == "Bond.create")
        .collect();
    assert_eq!(bonds.len(), c.hosts.len());
    let last = bonds.last().expect("a bond");
    let Arg::Value(Value::Array(members)) = &last.args[1] else {
        panic!("members")
    };
    let master = coordinator(&c).expect("coordinator");
    assert!(members.iter().all(|m| {
        c.pifs
            .get(&Ref::new(m.as_str().unwrap_or_default()))
            .is_some_and(|p| p.host == master)
    }));
    assert_eq!(last.args[3], v(json!("lacp")));
    assert_eq!(last.args[4], v(json!({"hashing_algorithm": "src_mac"})));
    assert!(
        plan.xe
            .iter()
            .any(|l| l.contains("mode=lacp properties:hashing_algorithm=src_mac"))
    );
    assert_eq!(
        plan.steps.last().map(|s| s.method.as_str()),
        Some("network.remove_from_other_config")
    );
}

#[test]
fn a_network_with_vm_nics_or_management_is_not_deleted() {
    let c = demo();
    let used = c
        .networks
        .iter()
        .find(|(_, n)| !n.vifs.is_empty())
        .map(|(r, _)| r.clone())
        .expect("a network with VM NICs");
    assert!(matches!(can_delete(&c, &used), Err(NetWhyNot::InUse(v)) if !v.is_empty()));
    let mgmt = c
        .pifs
        .values()
        .find(|p| p.management)
        .map(|p| p.network.clone())
        .expect("management");
    assert!(can_delete(&c, &mgmt).is_err());
}

#[test]
fn deleting_a_vlan_network_destroys_its_vlans_first() {
    let c = demo();
    let (net, _) = c
        .networks
        .iter()
        .find(|(r, n)| vlan_of(&c, n) == Some(42) && !r.as_str().is_empty())
        .expect("VLAN 42");
    let plan = delete(&c, net);
    assert_eq!(
        plan.steps.first().map(|s| s.method.as_str()),
        Some("VLAN.destroy")
    );
    assert_eq!(
        plan.steps.last().map(|s| s.method.as_str()),
        Some("network.destroy")
    );
    assert!(
        plan.xe
            .last()
            .is_some_and(|l| l.starts_with("xe network-destroy uuid="))
    );
}

#[test]
fn properties_send_only_what_changed() {
    let c = demo_with_bond();
    let (net, _) = c
        .networks
        .iter()
        .find(|(r, _)| !bonds_of(&c, r).is_empty())
        .expect("the demo's bond");
    let was = NetForm::of(&c, net).expect("form");
    assert_eq!(was.mode, Some(BondMode::ActiveBackup));
    assert!(was.plan(&c, net, &was).steps.is_empty());
    let mut f = was.clone();
    f.tags.push("fast".into());
    f.mtu = "9000".into();
    f.mode = Some(BondMode::BalanceSlb);
    f.auto_add = !was.auto_add;
    let plan = f.plan(&c, net, &was);
    let methods: Vec<&str> = plan.steps.iter().map(|s| s.method.as_str()).collect();
    assert!(methods.contains(&"network.set_MTU"));
    assert!(methods.contains(&"network.add_tags"));
    assert!(!methods.contains(&"network.remove_tags"));
    assert!(methods.contains(&"Bond.set_mode"));
    assert!(!methods.iter().any(|m| m.contains("set_name")));
    assert!(
        !methods.contains(&"network.set_other_config"),
        "a key, not the map"
    );
    f.mtu = "40".into();
    assert_eq!(f.invalid(), Some(NetInvalid::Mtu));
}
