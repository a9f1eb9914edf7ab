use super::query::{FIELDS, KINDS};
use super::results::{self, Column};
use super::saved;
use super::*;
use proptest::prelude::*;
use xenapi::records::PowerState;
use xenapi::{Cache, Host, HostMetrics, Pool, Ref, Vm, VmGuestMetrics};

fn q(s: &str) -> Query {
    Query::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e:?}"))
}

fn err(s: &str) -> ParseError {
    Query::parse(s).expect_err(s)
}

/// Two hosts, three VMs and a template in a pool called `pool_name`.
fn cache(pool_name: &str, prefix: &str) -> Cache {
    let mut c = Cache::default();
    let host = |n: &str, addr: &str| Host {
        uuid: format!("{prefix}-uuid-{n}"),
        name_label: n.into(),
        address: addr.into(),
        metrics: Ref::new(format!("{prefix}-hm-{n}")),
        cpu_info: [("cpu_count".to_string(), "16".to_string())].into(),
        enabled: true,
        ..Host::default()
    };
    let h1 = Ref::new(format!("{prefix}-h1"));
    let h2 = Ref::new(format!("{prefix}-h2"));
    c.hosts
        .insert(h1.clone(), host(&format!("{prefix}-host-01"), "10.0.0.1"));
    c.hosts
        .insert(h2.clone(), host(&format!("{prefix}-host-02"), "10.0.0.2"));
    for (n, m) in [("01", 64i64 << 30), ("02", 32 << 30)] {
        c.host_metrics.insert(
            Ref::new(format!("{prefix}-hm-{prefix}-host-{n}")),
            HostMetrics {
                memory_total: m,
                live: true,
                ..HostMetrics::default()
            },
        );
    }
    c.pools.insert(
        Ref::new(format!("{prefix}-pool")),
        Pool {
            name_label: pool_name.into(),
            master: h1.clone(),
            ..Pool::default()
        },
    );
    let vm = |name: &str, power: PowerState, host: &Ref<Host>, mem_g: i64, cpus: i64| Vm {
        uuid: format!("{prefix}-uuid-{name}"),
        name_label: name.into(),
        name_description: format!("the {name} machine"),
        resident_on: if power == PowerState::Running {
            host.clone()
        } else {
            Ref::null()
        },
        power_state: power,
        memory_static_max: mem_g << 30,
        vcpus_at_startup: cpus,
        ..Vm::default()
    };
    let mut web = vm("web-01", PowerState::Running, &h1, 16, 4);
    web.tags = vec!["prod".into(), "web".into()];
    web.other_config.insert("folder".into(), "/prod/web".into());
    web.other_config
        .insert("XenCenter.CustomFields.Owner".into(), "alice".into());
    web.guest_metrics = Ref::new(format!("{prefix}-gm"));
    c.vm_guest_metrics.insert(
        Ref::new(format!("{prefix}-gm")),
        VmGuestMetrics {
            networks: [("0/ip".to_string(), "192.168.7.21".to_string())].into(),
            os_version: [(
                "name".to_string(),
                "Microsoft Windows Server 2022".to_string(),
            )]
            .into(),
            ..VmGuestMetrics::default()
        },
    );
    let mut db = vm("db-01", PowerState::Running, &h2, 4, 2);
    db.tags = vec!["prod".into()];
    db.other_config
        .insert("XenCenter.CustomFields.Owner".into(), "bob".into());
    let mut test = vm("test-01", PowerState::Halted, &h1, 2, 1);
    test.tags = vec!["test".into()];
    let mut tpl = vm("my-template", PowerState::Halted, &h1, 2, 1);
    tpl.is_a_template = true;
    let mut dom0 = vm("Control domain on host: x", PowerState::Running, &h1, 1, 1);
    dom0.is_control_domain = true;
    for (i, v) in [web, db, test, tpl, dom0].into_iter().enumerate() {
        c.vms.insert(Ref::new(format!("{prefix}-vm{i}")), v);
    }
    c
}

fn names(pools: &[PoolCtx<'_>], s: &str) -> Vec<String> {
    let mut hits = results::run(pools, &q(s), &[]);
    results::sort(&mut hits, &Column::Name, true);
    hits.into_iter().map(|h| h.name).collect()
}

#[test]
fn plain_words_match_name_description_uuid_and_ip() {
    let c = cache("lab", "a");
    let p = [PoolCtx::new(&c)];
    assert_eq!(names(&p, "WEB"), ["web-01"]);
    assert_eq!(names(&p, "machine db"), ["db-01"]);
    assert_eq!(names(&p, "a-uuid-test"), ["test-01"]);
    assert_eq!(names(&p, "192.168.7"), ["web-01"]);
    assert_eq!(names(&p, "10.0.0.2"), ["a-host-02"]);
    assert!(
        names(&p, "Control").is_empty(),
        "control domains are never listed"
    );
}

#[test]
fn every_field_term_matches_what_it_says() {
    let c = cache("lab", "a");
    let p = [PoolCtx::new(&c)];
    assert_eq!(names(&p, "power:running"), ["db-01", "web-01"]);
    assert_eq!(names(&p, "power=halted"), ["test-01"]);
    assert_eq!(names(&p, "tag:prod"), ["db-01", "web-01"]);
    assert!(
        names(&p, "tag:Prod").is_empty(),
        "tags are exact, as in XenCenter"
    );
    assert_eq!(names(&p, "tag:prod -tag:web"), ["db-01"]);
    assert_eq!(names(&p, "host:a-host-02 type:vm"), ["db-01"]);
    assert_eq!(names(&p, "type:host host:host-01"), ["a-host-01"]);
    assert_eq!(names(&p, "pool:LAB type:template"), ["my-template"]);
    assert!(names(&p, "pool:other").is_empty());
    assert_eq!(names(&p, "mem>8G"), ["a-host-01", "a-host-02", "web-01"]);
    assert_eq!(names(&p, "mem>=4G type:vm"), ["db-01", "web-01"]);
    assert_eq!(names(&p, "mem<4G"), ["my-template", "test-01"]);
    assert_eq!(names(&p, "cpu>=4 type:vm"), ["web-01"]);
    assert_eq!(names(&p, "cpu=16"), ["a-host-01", "a-host-02"]);
    assert_eq!(names(&p, "os:windows"), ["web-01"]);
    assert_eq!(names(&p, "folder:/prod"), ["web-01"]);
    assert_eq!(names(&p, "folder=/prod/web"), ["web-01"]);
    assert!(
        names(&p, "folder=/prod").is_empty(),
        "= is the folder itself"
    );
    assert!(
        names(&p, "folder:/pro").is_empty(),
        "under a folder, not a prefix"
    );
    assert_eq!(names(&p, "cf:Owner=alice"), ["web-01"]);
    assert_eq!(names(&p, "cf:Owner=ALICE"), ["web-01"]);
    assert_eq!(names(&p, "cf:Owner"), ["db-01", "web-01"]);
    assert_eq!(
        names(&p, "cf:owner"),
        Vec::<String>::new(),
        "names are exact"
    );
    assert_eq!(names(&p, "name=web-01"), ["web-01"]);
    assert!(names(&p, "name=web").is_empty());
    assert_eq!(names(&p, "ip:192.168"), ["web-01"]);
    assert_eq!(names(&p, "desc:\"the db\""), ["db-01"]);
    assert_eq!(
        names(&p, "tag:test OR cpu>=4 type:vm"),
        ["test-01", "web-01"]
    );
    assert_eq!(
        names(&p, "-(power:running OR type:host) type:vm"),
        ["test-01"]
    );
}

#[test]
fn a_search_spans_every_pool() {
    let (a, b) = (cache("lab", "a"), cache("prod", "b"));
    let p = [PoolCtx::new(&a), PoolCtx::new(&b)];
    let hits = results::run(&p, &q("tag:prod"), &["Owner".to_string()]);
    assert_eq!(hits.len(), 4);
    assert_eq!(hits.iter().filter(|h| h.pool == 1).count(), 2);
    assert_eq!(results::count(&p, &q("tag:prod")), 4);
    assert_eq!(names(&p, "tag:prod pool:prod"), ["db-01", "web-01"]);
}

#[test]
fn results_sort_naturally_and_by_number() {
    let c = cache("lab", "a");
    let p = [PoolCtx::new(&c)];
    let mut hits = results::run(&p, &q("type:vm"), &[]);
    results::sort(&mut hits, &Column::Memory, false);
    let n: Vec<&str> = hits.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(n, ["web-01", "db-01", "test-01"]);
    let mut hits = results::run(&p, &q("mem>0"), &[]);
    results::sort(&mut hits, &Column::Power, true);
    assert_eq!(
        hits.last().map(|h| h.power),
        Some(None),
        "no power state sorts last"
    );
}

#[test]
fn csv_and_json_hold_the_chosen_columns() {
    let c = cache("lab, east", "a");
    let p = [PoolCtx::new(&c)];
    let mut hits = results::run(&p, &q("tag:prod"), &["Owner".to_string()]);
    results::sort(&mut hits, &Column::Name, true);
    let cols = [
        Column::Name,
        Column::Pool,
        Column::Power,
        Column::Memory,
        Column::Tags,
        Column::Custom("Owner".into()),
    ];
    assert_eq!(
        results::to_csv(&hits, &cols),
        "name,pool,power,memory_bytes,tags,cf:Owner\r\n\
         db-01,\"lab, east\",running,4294967296,prod,bob\r\n\
         web-01,\"lab, east\",running,17179869184,\"prod,web\",alice\r\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&results::to_json(&hits, &cols)).expect("json");
    assert_eq!(json[1]["name"], "web-01");
    assert_eq!(json[1]["memory_bytes"], 17179869184u64);
    assert_eq!(json[1]["tags"], serde_json::json!(["prod", "web"]));
    assert_eq!(json[1]["cf:Owner"], "alice");
}

/// A tag holding a comma stays one tag in the CSV: the cell is itself a CSV record.
#[test]
fn a_tag_with_a_comma_is_unambiguous_in_csv() {
    let c = cache("lab", "a");
    let p = [PoolCtx::new(&c)];
    let mut hits = results::run(&p, &q("name:web-01"), &[]);
    assert_eq!(hits.len(), 1);
    hits[0].tags = vec!["prod".into(), "eu, west".into(), "say \"hi\"".into()];
    let csv = results::to_csv(&hits, &[Column::Name, Column::Tags]);
    assert_eq!(
        csv,
        "name,tags\r\nweb-01,\"prod,\"\"eu, west\"\",\"\"say \"\"\"\"hi\"\"\"\"\"\"\"\r\n"
    );
    // Undoing the two levels of quoting gives the three tags back.
    let cell = csv.lines().nth(1).unwrap().strip_prefix("web-01,").unwrap();
    let inner = unquote_record(&unquote_record(cell)[0]);
    assert_eq!(inner, ["prod", "eu, west", "say \"hi\""]);
}

/// A minimal RFC 4180 record reader for the test above.
fn unquote_record(s: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', false) => quoted = true,
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            ('"', true) => quoted = false,
            (',', false) => out.push(String::new()),
            (c, _) => out.last_mut().unwrap().push(c),
        }
    }
    out
}

#[test]
fn errors_say_what_and_where() {
    assert_eq!(err("name:\"web").kind, ErrorKind::UnclosedQuote);
    assert_eq!(err("name:\"web").at, 5);
    assert_eq!(err("(tag:a").kind, ErrorKind::UnclosedParen);
    assert_eq!(err("tag:a)").kind, ErrorKind::UnexpectedParen);
    assert_eq!(err("tag:a)").at, 5);
    assert_eq!(
        err("colour:red").kind,
        ErrorKind::UnknownField("colour".into())
    );
    assert_eq!(err("mem>lots").kind, ErrorKind::BadNumber("lots".into()));
    assert_eq!(err("mem>8X").at, 4);
    assert_eq!(err("power:on").kind, ErrorKind::BadPower("on".into()));
    assert_eq!(err("type:vdi").kind, ErrorKind::BadType("vdi".into()));
    assert_eq!(
        err("tag>3").kind,
        ErrorKind::BadOperator("tag".into(), ">".into())
    );
    assert_eq!(err("tag:").kind, ErrorKind::MissingValue("tag".into()));
    assert_eq!(err("a OR").kind, ErrorKind::Dangling("OR".into()));
    assert_eq!(err("OR a").kind, ErrorKind::Dangling("OR".into()));
    assert_eq!(err("a - b").kind, ErrorKind::Dangling("-".into()));
    for e in [err("x:y"), err("\"")] {
        let (id, args) = e.message_id();
        assert!(id.starts_with("search-error-"));
        assert!(args.iter().any(|(k, _)| *k == "at"));
    }
    assert!(q("").is_empty() && q("   ").is_empty());
    assert_eq!(q("8G mem>1.5g").to_string(), "8G mem>1.5g");
}

#[test]
fn plain_word_queries_are_known_as_such() {
    assert_eq!(q("Web 01").plain_words(), Some(vec!["web", "01"]));
    assert_eq!(q("web").plain_words(), Some(vec!["web"]));
    assert_eq!(q("web tag:x").plain_words(), None);
    assert_eq!(q("-web").plain_words(), None);
    assert_eq!(q("").plain_words(), Some(vec![]));
}

#[test]
fn sizes_read_in_binary_units() {
    assert_eq!(query::parse_size("8G"), Some(8 << 30));
    assert_eq!(query::parse_size("512m"), Some(512 << 20));
    assert_eq!(query::parse_size("1.5GiB"), Some(3 << 29));
    assert_eq!(query::parse_size("2048"), Some(2048));
    assert_eq!(query::parse_size("99999999999T"), None);
    assert_eq!(query::parse_size("G"), None);
}

// What XenCenter writes for a search made in its Search view (the shape of
// `SearchMarshalling.SearchToXML`, values ours).
const XENCENTER_SEARCH: &str = r#"<Search uuid="5b1c" name="Prod running" major_version="2" minor_version="0" show_expanded="yes"><Query><QueryScope><VM /></QueryScope><GroupQuery type="And"><StringListContainsQuery property="tags" contains="yes" query="prod" /><EnumPropertyQuery property="power_state" equals="yes" query="Running" /><RecursiveXMOPropertyQuery property="host"><StringPropertyQuery property="label" casesensitive="no" query="host-02" type="contains" /></RecursiveXMOPropertyQuery><CustomFieldQuery query="bob" type="exactmatch"><CustomFieldDefinition name="Owner" type="String" defaultValue="" /></CustomFieldQuery></GroupQuery></Query><PropertyGrouping property="type" /><columns><column name="name" width="200" /></columns><sorting /></Search>"#;

#[test]
fn a_xencenter_search_reads_as_the_same_query() {
    let s = saved::from_xml(XENCENTER_SEARCH).expect("loads");
    assert_eq!(s.name, "Prod running");
    let got = s.query.expect("supported");
    assert_eq!(
        got,
        q("type:vm tag:prod power:running host:host-02 cf:Owner=bob")
    );
    let c = cache("lab", "a");
    assert_eq!(names(&[PoolCtx::new(&c)], &got.to_string()), ["db-01"]);
}

#[test]
fn what_xencenter_has_and_we_do_not_is_named() {
    let unsupported = |filter: &str| {
        let xml = format!(
            "<Search uuid=\"u\" name=\"n\" major_version=\"2\" minor_version=\"0\"><Query><QueryScope><VM /></QueryScope>{filter}</Query></Search>"
        );
        saved::from_xml(&xml)
            .expect("loads")
            .query
            .expect_err(filter)
            .0
    };
    assert_eq!(
        unsupported(r#"<IntPropertyQuery property="memory" query="1" type="gt" />"#),
        "IntPropertyQuery property=\"memory\""
    );
    assert!(unsupported(
        r#"<StringPropertyQuery property="label" casesensitive="yes" query="a" type="contains" />"#
    )
    .contains("casesensitive"));
    assert!(unsupported(
        r#"<StringPropertyQuery property="label" casesensitive="no" query="a" type="startswith" />"#
    )
    .contains("startswith"));
    assert!(saved::from_xml("<Search major_version=\"3\"><Query/></Search>").is_none());
    assert!(saved::from_xml("not xml <").is_none());
    assert!(saved::from_xml(&"<a>".repeat(1000)).is_none());
}

#[test]
fn a_saved_query_reads_back_and_lists_from_gui_config() {
    let query = q("tag:prod -power:halted (name:web OR cf:Owner=\"bob b\") folder:/prod type:sr");
    let xml = saved::to_xml("u-1", "Mine <&>", &query).expect("savable");
    let mut gui = xenapi::records::StringMap::new();
    gui.insert(saved::key("u-1"), xml);
    gui.insert(saved::key("x"), XENCENTER_SEARCH.into());
    gui.insert(
        "XenCenter.CustomFields".into(),
        "<CustomFieldDefinitions/>".into(),
    );
    let list = saved::from_gui_config(&gui);
    assert_eq!(list.len(), 2);
    let mine = list.iter().find(|s| s.uuid == "u-1").expect("mine");
    assert_eq!(mine.name, "Mine <&>");
    assert_eq!(mine.query.as_ref().expect("supported"), &query);
    assert!(saved::to_xml("u", "n", &q("cpu>2")).is_err());
    assert!(saved::to_xml("u", "n", &q("mem>2G")).is_err());
}

// Property tests.

fn has_plain_word(e: &Expr) -> bool {
    match e {
        Expr::And(v) | Expr::Or(v) => v.iter().any(has_plain_word),
        Expr::Not(x) => has_plain_word(x),
        Expr::Term(t) => t.field == Field::Text,
    }
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9./-]{1,8}",
        any::<String>().prop_map(|s| s.chars().take(12).collect()),
        Just("OR".to_string()),
        Just("-x".to_string()),
        Just("tag:x".to_string()),
        Just("a \"b\" \\c".to_string()),
    ]
}

fn term() -> impl Strategy<Value = Expr> {
    let text_fields: Vec<Field> = FIELDS
        .iter()
        .map(|(_, f)| f.clone())
        .filter(|f| !f.numeric() && !matches!(f, Field::Power | Field::Type))
        .collect();
    prop_oneof![
        word().prop_map(|w| Term {
            field: Field::Text,
            op: Op::Has,
            value: Value::text(&w)
        }),
        (proptest::sample::select(text_fields), any::<bool>(), word()).prop_map(|(f, eq, w)| {
            Term {
                op: if eq && f != Field::Tag {
                    Op::Eq
                } else {
                    Op::Has
                },
                field: f,
                value: Value::text(&w),
            }
        }),
        (any::<bool>(), 0u64..1 << 40, 0usize..6).prop_map(|(mem, n, op)| Term {
            field: if mem { Field::Mem } else { Field::Cpu },
            op: [Op::Has, Op::Eq, Op::Gt, Op::Ge, Op::Lt, Op::Le][op],
            value: Value::Number {
                raw: n.to_string(),
                n
            },
        }),
        proptest::sample::select(KINDS.to_vec()).prop_map(|(_, k)| Term {
            field: Field::Type,
            op: Op::Has,
            value: Value::Kind(k)
        }),
        (word(), proptest::option::of((any::<bool>(), word()))).prop_map(|(n, v)| {
            let n = if n.is_empty() { "f".into() } else { n };
            match v {
                None => Term {
                    field: Field::Custom(n),
                    op: Op::Has,
                    value: Value::Any,
                },
                Some((eq, v)) => Term {
                    field: Field::Custom(n),
                    op: if eq { Op::Eq } else { Op::Has },
                    value: Value::text(&v),
                },
            }
        }),
    ]
    .prop_map(Expr::Term)
}

fn expr() -> impl Strategy<Value = Expr> {
    term().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..4).prop_map(Expr::And),
            proptest::collection::vec(inner.clone(), 2..4).prop_map(Expr::Or),
            inner.prop_map(|x| Expr::Not(Box::new(x))),
        ]
    })
}

proptest! {
    #[test]
    fn parsing_never_panics(s in any::<String>()) {
        let _ = Query::parse(&s);
    }

    #[test]
    fn parsing_query_shaped_text_never_panics(s in "[a-z:=<>()\" -]{0,30}") {
        if let Ok(parsed) = Query::parse(&s) {
            // Whatever reads, prints to something that reads back the same.
            prop_assert_eq!(Query::parse(&parsed.to_string()), Ok(parsed));
        }
    }

    #[test]
    fn printing_then_parsing_gives_the_same_query(e in expr()) {
        let want = Query { expr: query::normalize(e) };
        let text = want.to_string();
        prop_assert_eq!(Query::parse(&text), Ok(want), "{}", text);
    }

    /// A tag term finds exactly the objects carrying that tag; its negation the others.
    #[test]
    fn a_tag_term_matches_exactly_the_tagged(tags in proptest::collection::vec(
        proptest::collection::vec("[a-c]{1,2}", 0..3), 1..8), want in "[a-c]{1,2}") {
        let mut c = Cache::default();
        for (i, t) in tags.iter().enumerate() {
            c.vms.insert(Ref::new(format!("v{i}")), Vm { name_label: format!("v{i}"), tags: t.clone(), ..Vm::default() });
        }
        let p = [PoolCtx::new(&c)];
        let yes = results::count(&p, &q(&format!("tag:{want} type:vm")));
        let no = results::count(&p, &q(&format!("-tag:{want} type:vm")));
        prop_assert_eq!(yes, tags.iter().filter(|t| t.contains(&want)).count());
        prop_assert_eq!(yes + no, tags.len());
    }

    /// A saved query reads back from XenCenter's XML as itself.
    #[test]
    fn saved_xml_reads_back(e in expr()) {
        let want = Query { expr: query::normalize(e) };
        if let Ok(xml) = saved::to_xml("u", "n", &want) {
            let got = saved::from_xml(&xml).map(|s| s.query);
            // A plain word is written as XenCenter's name/description/UUID filter.
            if !has_plain_word(&want.expr) {
                prop_assert_eq!(got, Some(Ok(want)));
            }
        }
    }
}

/// The built-in demo pool carries two searches XenCenter saved: both are listed, read back
/// as the queries they are, and run over the pool.
#[test]
fn the_demo_pools_xencenter_searches_parse_and_run() {
    let c = xapidb::cache_of(&demo::demo_pool());
    let (_, pool) = c.pool().expect("the demo pool");
    let mut saved = saved::from_gui_config(&pool.gui_config);
    saved.sort_by(|a, b| a.name.cmp(&b.name));
    let listed: Vec<(&str, &str)> = saved
        .iter()
        .map(|s| (s.uuid.as_str(), s.name.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            (
                "6f1c3e0a-4b7d-4f59-9a2e-0c8d5b1e7a42",
                "Running VMs by server"
            ),
            ("b2d94a71-0e3f-4c8a-8d15-7f6a2c9e4b30", "Web servers"),
        ]
    );
    let p = [PoolCtx::new(&c)];
    let running = saved[0].query.clone().expect("XenPilot runs it");
    assert_eq!(running.to_string(), "type:vm power:running");
    let hits = results::run(&p, &running, &[]);
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| h.kind == Kind::Vm && h.power == Some(super::query::Power::Running))
    );
    let web = saved[1].query.clone().expect("XenPilot runs it");
    assert_eq!(web.to_string(), "type:vm name:web");
    let hits = results::run(&p, &web, &[]);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h.name.contains("web")), "{hits:?}");
}
