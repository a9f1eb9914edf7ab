//! The navigation model over real data: XenCenter's own expected trees for state1.xml, every
//! fixture dump, and the demo pool, in en-US, ja and zh-CN.

use quick_xml::events::Event;
use std::path::PathBuf;
use xenpilot::demo;
use xenpilot::i18n::I18n;
use xenpilot::model::details;
use xenpilot::model::names;
use xenpilot::model::snapshots;
use xenpilot::model::tree::{self, Node, ViewKind, ViewOptions};
use xenpilot::model::visibility as vis;
use xenpilot::xapidb::dump;
use xenpilot::xenapi::{Cache, Ref, Vm};

pub(crate) fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xapi-db")
}

pub(crate) fn load(name: &str) -> Cache {
    let db = dump::load_file(&fixtures().join(name)).expect("dump loads");
    xenpilot::xapidb::cache_of(&db)
}

fn demo_cache() -> Cache {
    xenpilot::xapidb::cache_of(&demo::demo_pool())
}

/// XenCenter's VirtualTreeView XML as indented text, without its root node.
fn golden(name: &str) -> String {
    let xml = std::fs::read_to_string(fixtures().join(name)).unwrap();
    let mut r = quick_xml::Reader::from_str(&xml);
    let mut depth: i32 = -1;
    let mut out = String::new();
    let push = |e: &quick_xml::events::BytesStart, depth: i32, out: &mut String| {
        let text = e
            .attributes()
            .flatten()
            .find(|a| a.key.as_ref() == "text")
            .map(|a| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .unwrap()
                    .into_owned()
            })
            .unwrap();
        if depth >= 1 {
            out.push_str(&"  ".repeat(depth as usize - 1));
            out.push_str(&text);
            out.push('\n');
        }
    };
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "node" => {
                depth += 1;
                push(&e, depth, &mut out);
            }
            Event::Empty(e) if e.name().as_ref() == "node" => push(&e, depth + 1, &mut out),
            Event::End(e) if e.name().as_ref() == "node" => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn text(cache: &Cache, lang: &str, view: ViewKind, opts: ViewOptions) -> String {
    tree::to_text(&tree::build(cache, &I18n::new(lang), view, opts))
}

#[test]
fn infrastructure_view_matches_xencenters_expected_tree_for_state1() {
    let cache = load("state1.xml");
    let opts = ViewOptions {
        default_templates: true, // the expected tree was taken with them shown
        ..ViewOptions::default()
    };
    let ours = text(&cache, "en-US", ViewKind::Infrastructure, opts);
    assert_eq!(ours, golden("state1.treeview.serverview.xml"));
}

#[test]
fn objects_view_matches_xencenters_expected_groups_for_state1() {
    let cache = load("state1.xml");
    let i18n = I18n::new("en-US");
    let opts = ViewOptions {
        default_templates: true, // the expected tree was taken with them shown
        ..ViewOptions::default()
    };
    let mut ours = tree::build(&cache, &i18n, ViewKind::Objects, opts);
    // XenCenter draws repeated local SR names ("DVD drives" of each host) alike; we add the
    // host there. Compare with the names XenCenter draws.
    for g in &mut ours {
        for it in &mut g.children {
            if let Node::Sr(r) = &it.node {
                it.label = names::sr_name_without_host(&i18n, &cache, &cache.srs[r]);
            }
        }
    }
    // XenCenter's expected tree predates Snapshots/Networks groups; NICs are ours.
    let kept: Vec<_> = ours
        .into_iter()
        .filter(|g| {
            !matches!(
                g.node,
                Node::Group(
                    vis::ObjectType::Snapshot | vis::ObjectType::Network | vis::ObjectType::Nic
                )
            )
        })
        .collect();
    // The root "Objects by Type" is dropped by golden(); the brand is a placeholder there.
    let expected = golden("state1.treeview.orgview.xml")
        .replace("[XenServer] Templates", "XenServer Templates");
    assert_eq!(tree::to_text(&kept), expected);
}

#[test]
fn every_fixture_builds_both_views_in_every_language_without_hidden_leaks() {
    let mut names: Vec<_> = std::fs::read_dir(fixtures())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| (n.ends_with(".xml") || n.ends_with(".db")) && !n.contains("treeview"))
        .collect();
    names.sort();
    assert!(names.len() >= 19, "{names:?}");
    for name in names {
        let cache = load(&name);
        for lang in ["en-US", "ja", "zh-CN"] {
            for view in [ViewKind::Infrastructure, ViewKind::Objects] {
                let off = text(&cache, lang, view, ViewOptions::default());
                let on = text(
                    &cache,
                    lang,
                    view,
                    ViewOptions {
                        show_hidden: true,
                        ..ViewOptions::default()
                    },
                );
                assert!(!off.is_empty(), "{name} {lang} {view:?}");
                // Never shown, even with hidden objects on.
                for t in [&off, &on] {
                    assert!(!t.contains("__gui__"), "{name}");
                    assert!(!t.contains("Control domain"), "{name}: dom0 listed");
                    assert!(!t.contains("XenServer Tools"), "{name}: Tools SR listed");
                }
                // The Transfer VM template carries HideFromXenCenter=true (the only real use).
                assert!(
                    !off.contains("XenServer Transfer VM"),
                    "{name}: hidden template"
                );
                let hidden_suffix = I18n::new(lang).hidden("X").replacen('X', "", 1);
                for line in on.lines().filter(|l| l.contains("XenServer Transfer VM")) {
                    assert!(line.ends_with(&hidden_suffix), "{name} {lang}: {line}");
                }
                assert!(on.lines().count() >= off.lines().count(), "{name}");
            }
        }
    }
}

#[test]
fn demo_pool_hidden_objects_come_and_go_with_the_toggle() {
    let cache = demo_cache();
    let on = ViewOptions {
        show_hidden: true,
        ..ViewOptions::default()
    };
    for (lang, suffix) in [
        ("en-US", " (hidden)"),
        ("ja", " (非表示)"),
        ("zh-CN", " (隐藏)"),
    ] {
        let off_t = text(
            &cache,
            lang,
            ViewKind::Infrastructure,
            ViewOptions::default(),
        );
        let on_t = text(&cache, lang, ViewKind::Infrastructure, on);
        assert!(!off_t.contains("backup-appliance"), "{lang}\n{off_t}");
        assert!(
            on_t.contains(&format!("backup-appliance{suffix}")),
            "{lang}\n{on_t}"
        );
        // Case variants of the flag do not hide.
        assert!(off_t.contains("Lab VM (HideFromXenCenter=TRUE)"), "{lang}");
        let obj_off = text(&cache, lang, ViewKind::Objects, ViewOptions::default());
        let obj_on = text(&cache, lang, ViewKind::Objects, on);
        // The hidden network, the HIMN and the hidden PIF appear only with the toggle.
        assert!(
            !obj_off.contains(suffix),
            "{lang}: a hidden object leaked\n{obj_off}"
        );
        assert!(obj_on.contains(suffix));
        assert!(obj_on.lines().count() > obj_off.lines().count());
        let himn = I18n::new(lang).get("net-himn");
        assert!(!obj_off.contains(&himn), "{lang}: HIMN listed");
        assert!(
            obj_on.contains(&himn),
            "{lang}: HIMN missing when shown\n{obj_on}"
        );
    }
}

#[test]
fn snapshots_and_networks_are_never_in_the_infrastructure_view() {
    let cache = demo_cache();
    let all = ViewOptions {
        show_hidden: true,
        default_templates: true,
        ..ViewOptions::default()
    };
    let items = tree::build(&cache, &I18n::new("en-US"), ViewKind::Infrastructure, all);
    let rows = tree::flatten(&items, &Default::default(), true);
    for r in &rows {
        match &r.node {
            Node::Vm(v) => {
                let vm = &cache.vms[v];
                assert!(!vm.is_a_snapshot && !vm.is_control_domain, "{}", r.label);
            }
            Node::Network(_) | Node::Pif(_) => panic!("{} in infrastructure", r.label),
            _ => {}
        }
    }
}

#[test]
fn view_menu_toggles_templates_and_local_storage() {
    let cache = demo_cache();
    let base = ViewOptions::default();
    let t = |o| text(&cache, "en-US", ViewKind::Infrastructure, o);
    let with_default = t(ViewOptions {
        default_templates: true,
        ..base
    });
    assert!(
        !t(base).contains("Debian"),
        "default templates are off by default"
    );
    assert!(with_default.contains("Debian"));
    assert!(t(base).contains("Company web template"));
    assert!(
        !t(ViewOptions {
            user_templates: false,
            ..base
        })
        .contains("Company web template")
    );
    assert!(t(base).contains("Local storage"));
    let no_local = t(ViewOptions {
        local_srs: false,
        ..base
    });
    assert!(!no_local.contains("Local storage") && no_local.contains("Shared NFS storage"));
}

/// The four installer SRs of every dump: localized while unrenamed, host form with a host.
#[test]
fn installer_srs_are_localized_in_every_fixture() {
    let expect = [
        ("en-US", "Local storage", "Local storage on ", "DVD drives"),
        (
            "ja",
            "ローカル ストレージ",
            " のローカル ストレージ",
            "DVD ドライブ",
        ),
        ("zh-CN", "本地存储", " 上的本地存储", "DVD 驱动器"),
    ];
    for name in [
        "state1.xml",
        "boston-db.xml",
        "tampa_poolofone_40.xml",
        "state.db",
    ] {
        let cache = load(name);
        for (lang, local, local_host, dvd) in expect {
            let i18n = I18n::new(lang);
            let mut seen_local = false;
            for sr in cache.srs.values() {
                let key = sr.other_config.get("i18n-key").map(String::as_str);
                let plain = names::sr_name_without_host(&i18n, &cache, sr);
                let full = names::sr_name(&i18n, &cache, sr);
                match key {
                    Some("local-storage") if sr.name_label == "Local storage" => {
                        seen_local = true;
                        assert_eq!(plain, local, "{name} {lang}");
                        assert!(full.contains(local_host.trim()), "{name} {lang}: {full}");
                        let host =
                            vis::sr_home(&cache, sr).map(|h| cache.hosts[&h].name_label.clone());
                        assert!(full.contains(&host.unwrap()), "{full}");
                        // Empty description without an original: still localized.
                        if sr.name_description.is_empty() {
                            let d = names::sr_description(&i18n, &cache, sr);
                            assert!(d.contains(local.split_whitespace().next().unwrap()), "{d}");
                        }
                    }
                    Some("local-hotplug-cd") if sr.name_label == "DVD drives" => {
                        assert_eq!(plain, dvd, "{name} {lang}")
                    }
                    Some("xenserver-tools") => {
                        assert_eq!(
                            plain, "XenServer VM Tools",
                            "falls back to en in every language"
                        )
                    }
                    _ => {}
                }
            }
            assert!(seen_local, "{name}: no unrenamed local SR");
        }
    }
}

#[test]
fn renamed_or_unknown_key_srs_keep_their_raw_names() {
    let cache = demo_cache();
    for lang in ["en-US", "ja", "zh-CN"] {
        let i18n = I18n::new(lang);
        let renamed = cache
            .srs
            .values()
            .find(|s| s.name_label == "Fast NVMe (host 2)")
            .expect("demo pool has the renamed SR");
        assert_eq!(renamed.other_config["i18n-key"], "local-storage");
        assert_eq!(names::sr_name(&i18n, &cache, renamed), "Fast NVMe (host 2)");
        let mut sr = renamed.clone();
        sr.other_config
            .insert("i18n-key".into(), "local-storage-iso".into());
        sr.name_label = sr.other_config["i18n-original-value-name_label"].clone();
        assert_eq!(
            names::sr_name(&i18n, &cache, &sr),
            sr.name_label,
            "unknown key"
        );
        sr.other_config.insert("i18n-key:".into(), "x".into());
        sr.other_config.insert("i18n-key".into(), "a b".into());
        assert_eq!(
            names::sr_name(&i18n, &cache, &sr),
            sr.name_label,
            "not an id"
        );
    }
}

#[test]
fn network_pif_and_control_domain_names() {
    let cache = load("state1.xml");
    for (lang, net_prefix, cd) in [
        ("en-US", "Network ", "Control domain on host "),
        ("ja", "ネットワーク ", " 上のコントロール ドメイン"),
        ("zh-CN", "网络 ", " 上的控制域"),
    ] {
        let i18n = I18n::new(lang);
        let generated: Vec<String> = cache
            .networks
            .values()
            .filter(|n| {
                n.name_label
                    .starts_with("Pool-wide network associated with eth")
            })
            .map(|n| names::network_name(&i18n, &cache, n))
            .collect();
        assert!(!generated.is_empty());
        for g in &generated {
            assert!(g.contains(net_prefix.trim()), "{lang}: {g}");
            assert!(!g.contains("eth"), "{lang}: {g}");
        }
        let dom0 = cache.vms.values().find(|v| v.is_control_domain).unwrap();
        assert!(names::vm_name(&i18n, dom0).contains(cd.trim()), "{lang}");
    }
    let i18n = I18n::new("en-US");
    let pif = cache.pifs.values().find(|p| p.device == "eth0").unwrap();
    assert_eq!(names::pif_name(&i18n, &cache, pif), "NIC 0");
    let mut db = demo::demo_pool();
    demo::lifecycle::bonds::bond_devices(&mut db, "xcp-host-01", &["eth2", "eth3"], "lacp")
        .expect("host 1's eth2 and eth3 bond");
    let demo = xenpilot::xapidb::cache_of(&db);
    let bond = demo
        .pifs
        .values()
        .find(|p| !p.bond_master_of.is_empty())
        .expect("the bond");
    assert!(names::pif_name(&i18n, &demo, bond).starts_with("Bond "));
}

#[test]
fn details_lists_follow_the_hidden_toggle() {
    let cache = demo_cache();
    let i18n = I18n::new("en-US");
    let (host_ref, _) = cache
        .hosts
        .iter()
        .find(|(_, h)| h.name_label == "xcp-host-02")
        .unwrap();
    let node = Node::Host(host_ref.clone());
    let off = details::details(&cache, &i18n, &node, false).unwrap();
    let on = details::details(&cache, &i18n, &node, true).unwrap();
    let n = |d: &details::Details| d.lists[0].entries.len();
    assert!(
        n(&on) > n(&off),
        "the hidden PIF appears only with the toggle"
    );
    assert!(on.lists[0].entries.iter().any(|e| e.greyed));
}

#[test]
fn search_keeps_matches_and_their_ancestors() {
    let cache = demo_cache();
    let items = tree::build(
        &cache,
        &I18n::new("en-US"),
        ViewKind::Infrastructure,
        ViewOptions::default(),
    );
    let t = tree::to_text(&tree::filter(items.clone(), &tree::Query::new("WEB-0")));
    assert_eq!(
        t,
        "XenPilot Demo Pool\n  xcp-host-01\n    web-01\n  xcp-host-02\n    web-02\n"
    );
    let t = tree::to_text(&tree::filter(items.clone(), &tree::Query::new("web 10")));
    assert!(t.contains("web-10") && !t.contains("web-01"), "{t}");
    assert_eq!(
        tree::filter(items, &tree::Query::new("no-such-thing")),
        vec![]
    );
}

#[test]
fn fast_search_rows_equal_filter_then_flatten_and_hidden_counts_agree() {
    let cache = demo_cache();
    let i18n = I18n::new("en-US");
    for view in [ViewKind::Infrastructure, ViewKind::Objects] {
        for show_hidden in [false, true] {
            let opts = ViewOptions {
                show_hidden,
                ..ViewOptions::default()
            };
            let (items, hidden) = tree::build_counted(&cache, &i18n, view, opts);
            let other = tree::build(
                &cache,
                &i18n,
                view,
                ViewOptions {
                    show_hidden: !show_hidden,
                    ..opts
                },
            );
            assert_eq!(
                hidden,
                tree::count(&items).abs_diff(tree::count(&other)),
                "{view:?}"
            );
            assert!(hidden > 0);
            for q in [
                "web",
                "WEB-0",
                "xcp-host-02",
                "storage",
                "nothing-matches",
                "10.0",
            ] {
                let q = tree::Query::new(q);
                let slow =
                    tree::flatten(&tree::filter(items.clone(), &q), &Default::default(), true);
                assert_eq!(tree::flatten_filtered(&items, &q), slow, "{view:?} {q:?}");
            }
        }
    }
}

#[test]
fn two_pools_share_the_objects_view_groups_and_each_keep_their_infrastructure_tree() {
    let i18n = I18n::new("en-US");
    let a = demo_cache();
    let b = xenpilot::xapidb::cache_of(&xenpilot::demo::generator::generate(
        "vms=4,hosts=1".parse().unwrap(),
    ));
    let opts = ViewOptions::default();
    let objects = |c| tree::build(c, &i18n, ViewKind::Objects, opts);
    let merged = tree::merge_objects(vec![objects(&a), objects(&b)]);
    assert_eq!(
        tree::count(&merged),
        tree::count(&objects(&a)) + tree::count(&objects(&b))
    );
    // One group per type, in XenCenter's order, whatever pool had it first.
    let groups: Vec<_> = merged.iter().map(|g| g.node.clone()).collect();
    let mut dedup = groups.clone();
    dedup.dedup();
    assert_eq!(groups, dedup);
    let a_groups: Vec<_> = objects(&a).iter().map(|g| g.node.clone()).collect();
    let in_order: Vec<_> = groups
        .iter()
        .filter(|g| a_groups.contains(g))
        .cloned()
        .collect();
    assert_eq!(in_order, a_groups);
    let vms = merged
        .iter()
        .find(|g| g.label == "VMs")
        .expect("a VMs group");
    assert!(vms.children.iter().any(|v| v.label == "web-01"));
    assert!(vms.children.iter().any(|v| v.label.starts_with("vm-0000")));
    // A placeholder is an entry, not an object.
    let p = tree::placeholder(7, "pool-b (Connecting…)".into());
    assert_eq!(p.node, tree::Node::Conn(7));
    assert_eq!(tree::count(&[p]), 0);
}

/// The demo pool plus VMs from a hostile source.
fn with_vms(vms: &[(&str, Vm)]) -> Cache {
    let mut c = demo_cache();
    for (r, vm) in vms {
        c.vms.insert(Ref::new(*r), vm.clone());
    }
    c
}

fn snapshot(name: &str, of: &str) -> Vm {
    Vm {
        name_label: name.into(),
        is_a_snapshot: true,
        snapshot_of: Ref::new(of),
        ..Vm::default()
    }
}

#[test]
fn snapshot_of_cycles_end_in_both_views() {
    let cache = with_vms(&[
        (
            "OpaqueRef:self",
            snapshot("snap-of-itself", "OpaqueRef:self"),
        ),
        ("OpaqueRef:a", snapshot("snap-a", "OpaqueRef:b")),
        ("OpaqueRef:b", snapshot("snap-b", "OpaqueRef:a")),
    ]);
    for r in ["OpaqueRef:self", "OpaqueRef:a"] {
        let vm = &cache.vms[&Ref::<Vm>::new(r)];
        assert!(snapshots::origin(&cache, vm).is_none(), "{r}");
        assert!(vis::vm_home(&cache, vm).is_none(), "{r}");
    }
    let opts = ViewOptions {
        show_hidden: true,
        ..ViewOptions::default()
    };
    let objects = text(&cache, "en-US", ViewKind::Objects, opts);
    for name in ["snap-of-itself", "snap-a", "snap-b"] {
        assert!(objects.contains(&format!("  {name}\n")), "{objects}");
    }
    let infra = text(&cache, "en-US", ViewKind::Infrastructure, opts);
    assert!(!infra.contains("snap-"), "{infra}");
}

#[test]
fn a_long_snapshot_chain_leads_to_its_vm_without_recursion() {
    let demo = demo_cache();
    let (vm_ref, vm) = demo
        .vms
        .iter()
        .find(|(_, v)| !v.is_a_snapshot && !v.is_a_template && !v.is_control_domain)
        .unwrap();
    // Deep enough to have overflowed the stack when each link was a recursive call.
    let mut cache = demo.clone();
    let mut of = vm_ref.as_str().to_string();
    for i in 0..50_000 {
        let r = format!("OpaqueRef:chain-{i}");
        cache
            .vms
            .insert(Ref::new(r.clone()), snapshot("chain", &of));
        of = r;
    }
    let last = &cache.vms[&Ref::<Vm>::new(of)];
    assert_eq!(snapshots::origin(&cache, last), Some(vm));
}

#[test]
fn control_characters_in_names_are_shown_not_acted_on() {
    let mut evil = snapshot("x", "OpaqueRef:NULL");
    evil.is_a_snapshot = false;
    evil.name_label = "a\u{1b}]0;pwned\u{7}b\u{1b}[2K\nc\u{9b}d".into();
    let cache = with_vms(&[("OpaqueRef:evil", evil.clone())]);
    let i18n = I18n::new("en-US");
    assert_eq!(names::vm_name(&i18n, &evil), "a␛]0;pwned␇b␛[2K␊c<U+009B>d");
    for view in [ViewKind::Objects, ViewKind::Infrastructure] {
        let t = text(&cache, "en-US", view, ViewOptions::default());
        assert!(t.contains("a␛]0;pwned␇b␛[2K␊c<U+009B>d\n"), "{t}");
        assert!(!t.chars().any(|c| c.is_control() && c != '\n'), "{t:?}");
    }
    let d = details::details(&cache, &i18n, &Node::Vm(Ref::new("OpaqueRef:evil")), false).unwrap();
    assert!(!d.title.chars().any(char::is_control), "{}", d.title);
    // Text that is only printable is left as it is.
    assert_eq!(
        names::visible("Ubuntu 24.04 «test» 日本"),
        "Ubuntu 24.04 «test» 日本"
    );
}
