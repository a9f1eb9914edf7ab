//! Decoder and store tests on replies written as xapi writes them.

use super::*;

const H1: &str = "c7676a7c-f586-5ec4-9aeb-a6b8b337133f";
const H2: &str = "f7cd3b56-2527-5fa1-baa7-a7362a088d40";
const VM: &str = "0b8f2c64-5a6e-4bb1-9b7e-8d1e2f3a4b5c";

/// A JSON reply as xapi ≥ 23.31 writes it: values as strings, rows newest first.
fn json_reply(host: &str, rows: &[(i64, [&str; 3])]) -> String {
    let data: Vec<String> = rows
        .iter()
        .map(|(t, v)| format!(r#"{{"t":{t},"values":["{}","{}","{}"]}}"#, v[0], v[1], v[2]))
        .collect();
    let end = rows.first().map_or(0, |r| r.0);
    format!(
        r#"{{"meta":{{"start":{},"step":5,"end":{end},"rows":{},"columns":3,"legend":["AVERAGE:host:{host}:memory_free_kib","AVERAGE:host:{host}:cpu0","AVERAGE:host:{host}:memory_total_kib"]}},"data":[{}]}}"#,
        rows.last().map_or(0, |r| r.0),
        rows.len(),
        data.join(",")
    )
}

#[test]
fn json_with_special_values_and_newest_first_rows() {
    let body = json_reply(
        H1,
        &[
            (1_000_010, ["NaN", "Infinity", "-Infinity"]),
            (1_000_005, ["2.5", "0.0100", "0.0"]),
        ],
    );
    let u = decode_json(body.as_bytes()).unwrap();
    assert_eq!((u.step, u.end), (5, 1_000_010));
    assert_eq!(
        u.columns[1],
        SeriesKey::new(Cf::Average, ObjectKind::Host, H1, "cpu0")
    );
    // Oldest first.
    assert_eq!(u.rows[0].t, 1_000_005);
    assert_eq!(u.rows[0].values, vec![2.5, 0.01, 0.0]);
    let newest = &u.rows[1].values;
    assert!(newest[0].is_nan());
    assert_eq!(newest[1], f64::INFINITY);
    assert_eq!(newest[2], f64::NEG_INFINITY);
}

#[test]
fn older_json_with_bare_numbers_nan_and_unquoted_keys() {
    let strict_numbers = format!(
        r#"{{"meta":{{"start":10,"step":60,"end":70,"rows":2,"columns":1,"legend":["MAX:vm:{VM}:cpu0"]}},"data":[{{"t":70,"values":[0.5]}},{{"t":10,"values":[1e-3]}}]}}"#
    );
    let u = decode_json(strict_numbers.as_bytes()).unwrap();
    assert_eq!(u.rows[0].values, vec![0.001]);
    assert_eq!(u.columns[0].cf, Cf::Max);
    // The JavaScript-like text of old xapi: unquoted keys and bare NaN / -Infinity.
    let old = format!(
        r#"{{meta: {{start: 10,step: 60,end: 70,rows: 2,columns: 2,legend: ["AVERAGE:vm:{VM}:cpu0","AVERAGE:vm:{VM}:memory"]}},data: [{{t: 70,values: [NaN,-Infinity]}},{{t: 10,values: [0.25,1.5E9]}}]}}"#
    );
    let u = decode_json(old.as_bytes()).unwrap();
    assert_eq!(u.rows[0].values, vec![0.25, 1.5e9]);
    assert!(u.rows[1].values[0].is_nan());
    assert_eq!(u.rows[1].values[1], f64::NEG_INFINITY);
}

#[test]
fn xport_xml() {
    let body = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<xport><meta><start>1213617600</start><step>3600</step><end>1213621200</end><rows>2</rows>
<columns>2</columns><legend><entry>AVERAGE:host:{H1}:cpu0</entry><entry>AVERAGE:vm:{VM}:memory</entry></legend></meta>
<data><row><t>1213621200</t><v>NaN</v><v>-Infinity</v></row><row><t>1213617600</t><v>0.0282</v><v>1073741824.0000</v></row></data></xport>"#
    );
    let u = decode(" text/xml; charset=utf-8", body.as_bytes()).unwrap();
    assert_eq!(
        (u.start, u.step, u.end),
        (1_213_617_600, 3600, 1_213_621_200)
    );
    assert_eq!(u.columns[1].kind, ObjectKind::Vm);
    assert_eq!(u.rows[0].t, 1_213_617_600);
    assert_eq!(u.rows[0].values, vec![0.0282, 1_073_741_824.0]);
    assert!(u.rows[1].values[0].is_nan());
    assert_eq!(u.rows[1].values[1], f64::NEG_INFINITY);
    // Sniffed without a content type too, and JSON likewise.
    // (Debug text: NaN is not equal to itself.)
    let sniffed = decode("", body.as_bytes()).unwrap();
    assert_eq!(format!("{sniffed:?}"), format!("{u:?}"));
    let j = json_reply(H1, &[(5, ["1", "2", "3"])]);
    assert_eq!(decode("", j.as_bytes()).unwrap().rows.len(), 1);
}

#[test]
fn malformed_replies_are_typed_errors() {
    let e = |b: &str| decode("", b.as_bytes()).unwrap_err();
    assert!(matches!(e("hello"), RrdError::UnknownFormat(_)));
    assert!(matches!(e("{"), RrdError::Json(_)));
    assert!(matches!(e("<xport><meta>"), RrdError::Xml(_)));
    assert!(matches!(e("<other/>"), RrdError::Xml(_)));
    let legend = r#"{"meta":{"start":0,"step":5,"end":5,"legend":["AVERAGE:cpu0"]},"data":[]}"#;
    assert!(matches!(e(legend), RrdError::Legend(_)));
    let kind =
        r#"{"meta":{"start":0,"step":5,"end":5,"legend":["AVERAGE:pool:x:cpu0"]},"data":[]}"#;
    assert!(matches!(e(kind), RrdError::Legend(_)));
    let width = format!(
        r#"{{"meta":{{"start":0,"step":5,"end":5,"legend":["AVERAGE:host:{H1}:cpu0"]}},"data":[{{"t":5,"values":["1","2"]}}]}}"#
    );
    assert!(matches!(
        e(&width),
        RrdError::RowWidth {
            got: 2,
            expected: 1,
            ..
        }
    ));
    let cols = format!(
        r#"{{"meta":{{"start":0,"step":5,"end":5,"columns":3,"legend":["AVERAGE:host:{H1}:cpu0"]}},"data":[]}}"#
    );
    assert!(matches!(
        e(&cols),
        RrdError::Columns {
            declared: 3,
            legend: 1
        }
    ));
    let t = r#"{"meta":{"start":0,"step":5,"end":5,"legend":[]},"data":[{"t":"NaN","values":[]}]}"#;
    assert!(matches!(e(t), RrdError::Number { field: "t", .. }));
    let deep = format!("<xport>{}", "<a>".repeat(100));
    assert_eq!(e(&deep), RrdError::TooDeep(decode::MAX_XML_DEPTH));
    let v = format!(
        "<xport><meta><start>0</start><step>5</step><end>5</end><legend><entry>AVERAGE:host:{H1}:cpu0</entry></legend></meta><data><row><t>5</t><v>lots</v></row></data></xport>"
    );
    assert!(matches!(e(&v), RrdError::Number { field: "v", .. }));
}

#[test]
fn incremental_updates_merge_without_duplicates() {
    let mut store = Store::new(4);
    let first = json_reply(
        H1,
        &[
            (15, ["1", "0.1", "10"]),
            (10, ["2", "0.2", "10"]),
            (5, ["3", "0.3", "10"]),
        ],
    );
    let u = decode_json(first.as_bytes()).unwrap();
    assert_eq!(store.merge("h1", &u), 9);
    assert_eq!(store.next_start("h1"), Some(15));
    // The next poll from the last end repeats row 15 (start is inclusive) with a new value.
    let next = json_reply(
        H1,
        &[
            (25, ["5", "0.5", "10"]),
            (20, ["4", "0.4", "10"]),
            (15, ["1", "0.15", "10"]),
        ],
    );
    let u = decode_json(next.as_bytes()).unwrap();
    assert_eq!(store.merge("h1", &u), 7);
    let key = SeriesKey::new(Cf::Average, ObjectKind::Host, H1, "cpu0");
    let cpu = store.series(&key).unwrap();
    // Capacity 4: the oldest fell out; 15 held once, with the newer value.
    let pts: Vec<(i64, f64)> = cpu.points().collect();
    assert_eq!(pts, vec![(10, 0.2), (15, 0.15), (20, 0.4), (25, 0.5)]);
    assert_eq!(store.next_start("h1"), Some(25));
    assert_eq!(store.next_start("h2"), None);
    // A row older than a full buffer is dropped, not inserted.
    let old = json_reply(H1, &[(0, ["9", "0.9", "10"])]);
    store.merge("h1", &decode_json(old.as_bytes()).unwrap());
    assert_eq!(store.series(&key).unwrap().len(), 4);
}

/// A reply from a coarser archive than the store's (xcp-rrdd answers from the next one
/// when `start` is not strictly inside the finer one, or after a gap) is filed at its rows'
/// times, never refused; the polls after it, back in the fine archive, carry on, and the
/// coarse rows age out as fine ones fill the range.
#[test]
fn a_reply_from_another_archive_is_filed_by_its_own_step() {
    let mut store = Store::new(4);
    let fine = |rows: &[(i64, [&str; 3])]| decode_json(json_reply(H1, rows).as_bytes()).unwrap();
    store.merge(
        "h1",
        &fine(&[(1000, ["1", "0.1", "10"]), (995, ["1", "0.1", "10"])]),
    );
    assert_eq!(store.step(), Some(5));
    // The host slept an hour: from `end` = 1000 on, only the 1 min archive holds the rows.
    let coarse = json_reply(
        H1,
        &[(4620, ["2", "0.2", "10"]), (4560, ["2", "0.3", "10"])],
    )
    .replace(r#""step":5"#, r#""step":60"#);
    let coarse = decode_json(coarse.as_bytes()).unwrap();
    assert_eq!(coarse.step, 60);
    assert_eq!(store.merge("h1", &coarse), 6);
    let key = SeriesKey::new(Cf::Average, ObjectKind::Host, H1, "cpu0");
    let ts = |s: &Store| {
        s.series(&key)
            .unwrap()
            .points()
            .map(|p| p.0)
            .collect::<Vec<_>>()
    };
    // The range is 4 rows of the finest step (20 s): the old 5 s rows and the older coarse
    // row are behind it, and go.
    assert_eq!(ts(&store), vec![4620]);
    assert_eq!(store.next_start("h1"), Some(4620));
    // The next poll, from 4620, is in the 5 s archive again.
    store.merge(
        "h1",
        &fine(&[(4630, ["3", "0.3", "10"]), (4625, ["3", "0.3", "10"])]),
    );
    store.merge(
        "h1",
        &fine(&[(4640, ["3", "0.3", "10"]), (4635, ["3", "0.3", "10"])]),
    );
    assert_eq!(ts(&store), vec![4625, 4630, 4635, 4640]);
    assert_eq!(store.step(), Some(5));
    assert_eq!(store.next_start("h1"), Some(4640));
}

#[test]
fn memory_pairs_by_name_not_position() {
    // Free comes before total in the legend here, and another host's columns sit between:
    // pairing by position would subtract the wrong things.
    let mut store = Store::new(100);
    let body = json_reply(
        H1,
        &[(10, ["1000", "0.5", "4000"]), (5, ["3000", "0.5", "4000"])],
    );
    store.merge("h1", &decode_json(body.as_bytes()).unwrap());
    let used = store.memory_used(Cf::Average, ObjectKind::Host, H1);
    assert_eq!(used, vec![(5, 1000.0 * 1024.0), (10, 3000.0 * 1024.0)]);
    assert_eq!(
        store.memory_total(Cf::Average, ObjectKind::Host, H1)[0],
        (5, 4000.0 * 1024.0)
    );
    // A VM: memory in bytes, memory_internal_free in KiB; a timestamp only one has is skipped.
    let vm = format!(
        r#"{{"meta":{{"start":5,"step":5,"end":15,"legend":["AVERAGE:vm:{VM}:memory_internal_free","AVERAGE:host:{H2}:memory_total_kib","AVERAGE:vm:{VM}:memory"]}},"data":[{{"t":15,"values":["NaN","1","2147483648"]}},{{"t":10,"values":["524288","1","2147483648"]}}]}}"#
    );
    store.merge("h2", &decode_json(vm.as_bytes()).unwrap());
    let used = store.memory_used(Cf::Average, ObjectKind::Vm, VM);
    assert_eq!(used[0], (10, 2_147_483_648.0 - 524_288.0 * 1024.0));
    assert!(used[1].1.is_nan());
    // A host without memory_free_kib has no derived series.
    assert!(
        store
            .memory_used(Cf::Average, ObjectKind::Host, H2)
            .is_empty()
    );
}

#[test]
fn several_hosts_and_a_vm_that_moved() {
    let reply = |host: &str, t0: i64| {
        format!(
            r#"{{"meta":{{"start":{t0},"step":5,"end":{},"legend":["AVERAGE:host:{host}:cpu_avg","AVERAGE:vm:{VM}:cpu0"]}},"data":[{{"t":{},"values":["0.2","0.7"]}},{{"t":{t0},"values":["0.1","0.6"]}}]}}"#,
            t0 + 5,
            t0 + 5
        )
    };
    let mut store = Store::new(120);
    // The VM ran on host 1, then migrated to host 2: one series, in time order.
    store.merge("h1", &decode_json(reply(H1, 100).as_bytes()).unwrap());
    store.merge("h2", &decode_json(reply(H2, 110).as_bytes()).unwrap());
    let key = SeriesKey::new(Cf::Average, ObjectKind::Vm, VM, "cpu0");
    let ts: Vec<i64> = store.series(&key).unwrap().points().map(|p| p.0).collect();
    assert_eq!(ts, vec![100, 105, 110, 115]);
    assert_eq!(store.next_start("h1"), Some(105));
    assert_eq!(store.next_start("h2"), Some(115));
    assert_eq!(
        store.sources(Cf::Average, ObjectKind::Host, H2),
        vec!["cpu_avg"]
    );
    store.remove_object(ObjectKind::Vm, VM);
    assert!(store.series(&key).is_none());
}

#[test]
fn legend_entries() {
    let k = SeriesKey::parse("LAST:sr:abc:read_latency:x").unwrap();
    assert_eq!(
        (k.cf, k.kind, k.ds.as_str()),
        (Cf::Last, ObjectKind::Sr, "read_latency:x")
    );
    assert_eq!(k.to_string(), "LAST:sr:abc:read_latency:x");
    assert!(SeriesKey::parse("AVERAGE:host::cpu0").is_err());
    assert!(SeriesKey::parse("average:host:x:cpu0").is_err());
}

/// xapi-rrd 1.10.0 .. xapi v24.11.0 wrote the rows inside `meta`; both shapes read alike,
/// and a reply with neither is an error rather than a graph with no rows.
#[test]
fn json_rows_beside_or_inside_meta() {
    let fixed = json_reply(H1, &[(10, ["1", "0.5", "4"]), (5, ["2", "0.25", "4"])]);
    let inside = fixed
        .replace(r#"]},"data":["#, r#"],"data":["#)
        .replacen("}]}", "}]}}", 1);
    assert!(inside.contains(r#""legend":["#) && !inside.contains(r#"]},"data""#));
    let (a, b) = (
        decode_json(fixed.as_bytes()).unwrap(),
        decode_json(inside.as_bytes()).unwrap(),
    );
    assert_eq!(a, b);
    assert_eq!(b.rows.len(), 2);
    let neither = r#"{"meta":{"start":0,"step":5,"end":5,"legend":[]}}"#;
    assert_eq!(
        decode_json(neither.as_bytes()),
        Err(RrdError::Missing("data"))
    );
}
