//! The cheap results path (matches with sort keys, rows built when drawn) against the whole
//! build it replaced (every row built, then sorted by its cells): the same rows in the same
//! order for every column, both directions.

use super::results::{self, Column};
use super::*;
use proptest::prelude::*;
use xenapi::records::PowerState;
use xenapi::{Cache, Host, Pool, Ref, Vm};

/// A VM as the strategy makes it: name, power, memory (GiB, 0 = unset), host, tags, owner.
type VmSpec = (String, u8, u8, u8, Vec<String>, Option<String>);

fn pool(n: usize, vms: &[VmSpec]) -> Cache {
    let mut c = Cache::default();
    let hosts: Vec<Ref<Host>> = (0..2).map(|i| Ref::new(format!("p{n}-h{i}"))).collect();
    for (i, h) in hosts.iter().enumerate() {
        c.hosts.insert(
            h.clone(),
            Host {
                name_label: format!("host-{}", i * 7 + n),
                ..Host::default()
            },
        );
    }
    c.pools.insert(
        Ref::new(format!("p{n}")),
        Pool {
            name_label: format!("pool {n}"),
            master: hosts[0].clone(),
            ..Pool::default()
        },
    );
    for (i, (name, power, mem, host, tags, owner)) in vms.iter().enumerate() {
        let mut v = Vm {
            name_label: name.clone(),
            power_state: match power % 3 {
                0 => PowerState::Running,
                1 => PowerState::Halted,
                _ => PowerState::Suspended,
            },
            memory_static_max: i64::from(*mem) << 30,
            vcpus_at_startup: i64::from(mem % 3),
            resident_on: if power % 3 == 0 {
                hosts[usize::from(*host % 2)].clone()
            } else {
                Ref::null()
            },
            is_a_template: power % 7 == 6,
            tags: tags.clone(),
            ..Vm::default()
        };
        if let Some(o) = owner {
            v.other_config
                .insert("XenCenter.CustomFields.Owner".into(), o.clone());
        }
        c.vms.insert(Ref::new(format!("p{n}-vm{i}")), v);
    }
    c
}

fn vms() -> impl Strategy<Value = Vec<VmSpec>> {
    proptest::collection::vec(
        (
            "[a-cA-C0-2 .\\-é]{0,6}",
            any::<u8>(),
            0u8..4,
            any::<u8>(),
            proptest::collection::vec("[a-b1]{1,2}", 0..3),
            proptest::option::of("[a-bB0-9]{0,3}"),
        ),
        0..14,
    )
}

fn columns() -> Vec<Column> {
    let mut all = Column::DEFAULT.to_vec();
    all.push(Column::Custom("Owner".into()));
    all
}

proptest! {
    #[test]
    fn matches_ordered_by_key_are_the_rows_the_whole_build_sorts(
        a in vms(), b in vms(), query in prop::sample::select(vec!["", "type:vm", "a", "1", "-power:halted"]),
    ) {
        let (a, b) = (pool(1, &a), pool(2, &b));
        let p = [PoolCtx::new(&a), PoolCtx::new(&b)];
        let q = Query::parse(query).expect("parses");
        let custom = ["Owner".to_string()];
        for c in columns() {
            for asc in [true, false] {
                let mut want = results::run(&p, &q, &custom);
                results::sort(&mut want, &c, asc);
                let mut found = results::find(&p, &q);
                results::order(&mut found, &p, &c, asc);
                let got = results::rows(&p, &found, &custom);
                prop_assert_eq!(&got, &want, "{:?} {}", c, asc);
            }
        }
    }
}

/// A match whose object went since the search ran has no row (the table leaves it empty and
/// exports skip it), and the others keep theirs.
#[test]
fn a_match_whose_object_went_has_no_row() {
    let spec = |n: &str| (n.to_string(), 0, 1, 0, vec![], None);
    let mut c = pool(1, &[spec("web-1"), spec("web-2")]);
    let found = {
        let p = [PoolCtx::new(&c)];
        results::find(&p, &Query::parse("web").expect("parses"))
    };
    assert_eq!(found.len(), 2);
    c.vms.remove(&Ref::new("p1-vm0"));
    let p = [PoolCtx::new(&c)];
    let rows = results::rows(&p, &found, &[]);
    let names: Vec<&str> = rows.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["web-2"]);
}
