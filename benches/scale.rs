//! `cargo bench --bench scale`: criterion micro-benchmarks of the hot paths at 10,000 VMs
//! (the whole-process figures are in `benches/report.rs`).

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use xenpilot::demo::generator;
use xenpilot::i18n::I18n;
use xenpilot::model::tree::{self, Query, ViewKind, ViewOptions};

fn big() -> xenpilot::xenapi::Cache {
    let spec = "vms=10000,hosts=64,networks=500".parse().expect("spec");
    xenpilot::xapidb::cache_of(&generator::generate(spec))
}

fn benches(c: &mut Criterion) {
    let cache = big();
    let i18n = I18n::new("en-US");
    let opts = ViewOptions::default();
    let mut g = c.benchmark_group("tree-10k-vms");
    g.sample_size(20);
    g.bench_function("build infrastructure", |b| {
        b.iter(|| tree::build(black_box(&cache), &i18n, ViewKind::Infrastructure, opts))
    });
    g.bench_function("build objects", |b| {
        b.iter(|| tree::build(black_box(&cache), &i18n, ViewKind::Objects, opts))
    });
    let items = tree::build(&cache, &i18n, ViewKind::Infrastructure, opts);
    g.bench_function("filter \"web-1\"", |b| {
        b.iter(|| tree::filter(black_box(items.clone()), &Query::new("web-1")))
    });
    g.bench_function("flatten expanded", |b| {
        b.iter(|| tree::flatten(black_box(&items), &Default::default(), false))
    });
    g.finish();
    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    let spec: generator::PoolSpec = "vms=10000,hosts=64,networks=500".parse().expect("spec");
    g.bench_function("generate 10k-VM pool", |b| {
        b.iter(|| generator::generate(black_box(spec)))
    });
    let db = generator::generate(spec);
    g.bench_function("cache from 10k-VM database", |b| {
        b.iter(|| xenpilot::xapidb::cache_of(black_box(&db)))
    });
    g.finish();
}

criterion_group!(scale, benches);
criterion_main!(scale);
