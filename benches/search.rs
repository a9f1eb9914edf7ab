//! `cargo bench --bench search`: a keystroke in the search box over 50,000 VMs (ten pools of
//! 5,000, as the scale target): parsing the query, then matching every object of
//! every pool (what the Search window and the navigator do on each edit).

// Benchmarks may unwrap: a failed setup has nothing to measure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use xenpilot::demo::generator;
use xenpilot::model::search::results;
use xenpilot::model::search::{PoolCtx, Query};
use xenpilot::xenapi::Cache;

/// Ten generated pools of 5,000 VMs; every tenth VM tagged `prod`, every seventh with an
/// Owner custom field and a folder, so the terms have something to find.
fn pools() -> Vec<Cache> {
    let spec: generator::PoolSpec = "vms=5000,hosts=16,networks=50".parse().expect("spec");
    let db = generator::generate(spec);
    (0..10)
        .map(|p| {
            let mut c = xenpilot::xapidb::cache_of(&db);
            for (i, v) in c.vms.values_mut().enumerate() {
                if i % 10 == 0 {
                    v.tags.push("prod".into());
                }
                if i % 7 == 0 {
                    v.other_config.insert(
                        "XenCenter.CustomFields.Owner".into(),
                        format!("user{}", i % 13),
                    );
                    v.other_config
                        .insert("folder".into(), format!("/pool{p}/app{}", i % 5));
                }
            }
            if let Some(pool) = c.pools.values_mut().next() {
                pool.name_label = format!("pool-{p}");
            }
            c
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let caches = pools();
    let ctxs: Vec<PoolCtx<'_>> = caches.iter().map(PoolCtx::new).collect();
    let vms: usize = caches.iter().map(|c| c.vms.len()).sum();
    assert!(vms >= 50_000, "{vms} VMs");
    let mut g = c.benchmark_group("search-50k-vms");
    g.sample_size(20);
    let complex = "tag:prod power:running mem>=2G -host:host-3 (cf:Owner=user1 OR folder:/pool3)";
    g.bench_function("parse", |b| b.iter(|| Query::parse(black_box(complex))));
    for (name, text) in [
        ("plain word", "vm-4711"),
        ("tag", "tag:prod"),
        ("pool and power", "pool:pool-7 power:running"),
        ("custom field", "cf:Owner=user3"),
        ("complex", complex),
    ] {
        g.bench_function(format!("parse+match {name}"), |b| {
            b.iter(|| {
                let q = Query::parse(black_box(text)).unwrap();
                results::count(&ctxs, &q)
            })
        });
    }
    let q = Query::parse("tag:prod").unwrap();
    g.bench_function("parse+match+rows tag (5,000 hits)", |b| {
        b.iter(|| results::run(&ctxs, black_box(&q), &[]))
    });
    // What the Search window's background search does per keystroke: matches with their
    // sort keys, ordered by name (no rows built).
    for (name, text) in [
        ("every VM (\"v\")", "v"),
        ("plain word", "vm-04711"),
        ("power (40,000)", "power:running"),
    ] {
        let q = Query::parse(text).unwrap();
        g.bench_function(format!("find {name}"), |b| {
            b.iter(|| results::find(&ctxs, black_box(&q)))
        });
        g.bench_function(format!("find+order {name}"), |b| {
            b.iter(|| {
                let mut f = results::find(&ctxs, black_box(&q));
                results::order(&mut f, &ctxs, &results::Column::Name, true);
                f
            })
        });
    }
    g.finish();
}

criterion_group!(search, benches);
criterion_main!(search);
