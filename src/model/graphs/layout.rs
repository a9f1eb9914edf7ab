//! Graph layouts in the pool's `gui_config`, in XenCenter's format, so a layout made in
//! XenCenter (or XCP-ng Center, XenAdminQt) shows here and ours there
//! (XenAdmin/Controls/CustomDataGraph/Palette.cs, GraphList.cs `LoadGraphs`,
//! SaveDataSourceStateAction.cs):
//!
//! - `XenCenter.GraphLayout.<i>.(host|vm).<uuid>`: graph `i`'s data sources, comma-separated;
//!   graphs are numbered from 0 and reading stops at the first missing index;
//! - `XenCenter.GraphName.<i>.(host|vm).<uuid>`: its name, only when it has one;
//! - `XenCenter.DataSource.(host|vm).<uuid>.<ds>`: a source's colour, .NET `Color.ToArgb()`
//!   as a signed decimal.
//!
//! XenCenter rewrites the whole map with `pool.set_gui_config`; we compute the map wanted
//! and send only the keys that differ ([`crate::model::edit::diff`]), so another admin's
//! keys (other objects' layouts, saved searches) are never clobbered.

use xenapi::records::StringMap;
use xenapi::rrd::ObjectKind;

/// One graph: a name (empty: titled by what it shows) and its data sources, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Graph {
    pub name: String,
    pub sources: Vec<String>,
}

fn kind_str(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::Vm => "vm",
        _ => "host",
    }
}

/// `XenCenter.GraphLayout.<i>.<kind>.<uuid>`.
pub fn layout_key(i: usize, kind: ObjectKind, uuid: &str) -> String {
    format!("XenCenter.GraphLayout.{i}.{}.{uuid}", kind_str(kind))
}

/// `XenCenter.GraphName.<i>.<kind>.<uuid>`.
pub fn name_key(i: usize, kind: ObjectKind, uuid: &str) -> String {
    format!("XenCenter.GraphName.{i}.{}.{uuid}", kind_str(kind))
}

/// `XenCenter.DataSource.<kind>.<uuid>.<ds>`.
pub fn colour_key(kind: ObjectKind, uuid: &str, ds: &str) -> String {
    format!("XenCenter.DataSource.{}.{uuid}.{ds}", kind_str(kind))
}

/// The saved layout of an object, `None` when it has none (draw the defaults then).
pub fn read(gui_config: &StringMap, kind: ObjectKind, uuid: &str) -> Option<Vec<Graph>> {
    let mut graphs = Vec::new();
    for i in 0.. {
        let Some(list) = gui_config.get(&layout_key(i, kind, uuid)) else {
            break;
        };
        graphs.push(Graph {
            name: gui_config
                .get(&name_key(i, kind, uuid))
                .cloned()
                .unwrap_or_default(),
            sources: list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        });
    }
    (!graphs.is_empty()).then_some(graphs)
}

/// A source's saved colour as `0xAARRGGBB`, if one is saved and reads as a number.
pub fn colour(gui_config: &StringMap, kind: ObjectKind, uuid: &str, ds: &str) -> Option<u32> {
    let v = gui_config.get(&colour_key(kind, uuid, ds))?.trim();
    // .NET writes ToArgb() signed; accept an unsigned spelling too.
    v.parse::<i32>()
        .map(|n| n as u32)
        .or_else(|_| v.parse::<u32>())
        .ok()
}

/// `argb` as .NET's `Color.ToArgb().ToString()` writes it.
pub fn colour_value(argb: u32) -> String {
    (argb as i32).to_string()
}

/// Whether `key` is one of the layout or name keys of this object.
fn is_layout_key_of(key: &str, kind: ObjectKind, uuid: &str) -> bool {
    let tail = format!(".{}.{uuid}", kind_str(kind));
    ["XenCenter.GraphLayout.", "XenCenter.GraphName."]
        .iter()
        .any(|p| {
            key.strip_prefix(p)
                .and_then(|rest| rest.strip_suffix(&tail))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// The `gui_config` wanted after saving `graphs` for the object: its own layout and name
/// keys replaced, everything else as it was. An empty list removes the layout (the
/// defaults show again, as in XenCenter).
pub fn with_layout(
    gui_config: &StringMap,
    kind: ObjectKind,
    uuid: &str,
    graphs: &[Graph],
) -> StringMap {
    let mut out: StringMap = gui_config
        .iter()
        .filter(|(k, _)| !is_layout_key_of(k, kind, uuid))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (i, g) in graphs.iter().enumerate() {
        out.insert(layout_key(i, kind, uuid), g.sources.join(","));
        if !g.name.is_empty() {
            out.insert(name_key(i, kind, uuid), g.name.clone());
        }
    }
    out
}

/// `gui_config` with the object's data source colours set (`0xAARRGGBB` each).
pub fn with_colours(
    mut gui_config: StringMap,
    kind: ObjectKind,
    uuid: &str,
    colours: &std::collections::BTreeMap<String, u32>,
) -> StringMap {
    for (ds, argb) in colours {
        gui_config.insert(colour_key(kind, uuid, ds), colour_value(*argb));
    }
    gui_config
}

/// The edit that saves `graphs` as the object's layout in the pool's `gui_config`, and the
/// colours chosen: only the keys that differ, checked against a fresh read of those keys before writing.
pub fn save_plan(
    pool_ref: &str,
    pool_uuid: &str,
    gui_config: &StringMap,
    kind: ObjectKind,
    uuid: &str,
    graphs: &[Graph],
    colours: &std::collections::BTreeMap<String, u32>,
) -> crate::model::edit::EditPlan {
    use crate::model::edit::{ConflictRule, EditPlan, diff};
    let desired = with_colours(
        with_layout(gui_config, kind, uuid, graphs),
        kind,
        uuid,
        colours,
    );
    EditPlan {
        class: "pool",
        object_ref: pool_ref.to_string(),
        uuid: pool_uuid.to_string(),
        field: "gui_config",
        original: gui_config.clone(),
        changes: diff(gui_config, &desired),
        rule: ConflictRule::ChangedKeys,
        live_xenstore: false,
    }
}

/// The graphs shown when no layout was saved, from the sources the host reports:
/// XenCenter's four (CPU, memory, network, disk) and, as the issue asks, disk IOPS and
/// latency and the host's load average. Graphs with no source are left out.
pub fn defaults(kind: ObjectKind, available: &[&str]) -> Vec<Graph> {
    let mut sorted: Vec<&str> = available.to_vec();
    sorted.sort_by(|a, b| super::natural_cmp(a, b));
    let pick = |f: &dyn Fn(&str) -> bool| -> Vec<String> {
        sorted
            .iter()
            .filter(|s| f(s))
            .map(|s| s.to_string())
            .collect()
    };
    let is_cpu = |s: &str| {
        s.strip_prefix("cpu")
            .is_some_and(|n| n.parse::<u32>().is_ok())
    };
    let mut cpu = pick(&is_cpu);
    let mut graphs = Vec::new();
    match kind {
        ObjectKind::Vm => {
            cpu.extend(pick(&|s| s == "cpu_usage"));
            graphs.push(cpu);
            graphs.push(pick(&|s| s == "memory" || s == "memory_internal_free"));
            graphs.push(pick(&|s| {
                s.starts_with("vif_") && (s.ends_with("_rx") || s.ends_with("_tx"))
            }));
            graphs.push(pick(&|s| {
                s.starts_with("vbd_")
                    && !s.contains("_iops_")
                    && (s.ends_with("_read") || s.ends_with("_write"))
            }));
            graphs.push(pick(&|s| s.starts_with("vbd_") && s.contains("_iops_")));
            graphs.push(pick(&|s| s.starts_with("vbd_") && s.ends_with("_latency")));
        }
        _ => {
            cpu.extend(pick(&|s| s == "cpu_avg"));
            graphs.push(cpu);
            graphs.push(pick(&|s| s == "memory_total_kib" || s == "memory_free_kib"));
            graphs.push(pick(&|s| {
                s.starts_with("pif_") && (s.ends_with("_rx") || s.ends_with("_tx"))
            }));
            graphs.push(pick(&|s| s.starts_with("io_throughput_")));
            graphs.push(pick(&|s| s.starts_with("iops_")));
            graphs.push(pick(&|s| s.contains("_latency_")));
            graphs.push(pick(&|s| s == "loadavg"));
        }
    }
    graphs
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(|sources| Graph {
            name: String::new(),
            sources,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::{KeyChange, diff};
    use ObjectKind::*;

    const U: &str = "0e1f-2a";

    fn map(pairs: &[(&str, &str)]) -> StringMap {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_xencenter_layout_reads_in_order_and_stops_at_a_gap() {
        let g = map(&[
            ("XenCenter.GraphLayout.0.vm.0e1f-2a", "cpu0,cpu1"),
            ("XenCenter.GraphName.0.vm.0e1f-2a", "Processors"),
            (
                "XenCenter.GraphLayout.1.vm.0e1f-2a",
                "memory,memory_internal_free",
            ),
            // Index 3 without 2: XenCenter stops at the gap.
            ("XenCenter.GraphLayout.3.vm.0e1f-2a", "vif_0_rx"),
            // Another object's layout is not ours.
            ("XenCenter.GraphLayout.0.host.0e1f-2a", "loadavg"),
        ]);
        let graphs = read(&g, Vm, U).unwrap();
        assert_eq!(graphs.len(), 2);
        assert_eq!(graphs[0].name, "Processors");
        assert_eq!(graphs[0].sources, ["cpu0", "cpu1"]);
        assert_eq!(graphs[1].name, "");
        assert_eq!(read(&g, Host, U).unwrap()[0].sources, ["loadavg"]);
        assert_eq!(read(&g, Vm, "other"), None);
    }

    #[test]
    fn colours_read_as_dotnet_writes_them() {
        // Color.FromArgb(0, 102, 255).ToArgb() = -16750849.
        let g = map(&[("XenCenter.DataSource.vm.0e1f-2a.cpu0", "-16750849")]);
        assert_eq!(colour(&g, Vm, U, "cpu0"), Some(0xFF00_66FF));
        assert_eq!(colour_value(0xFF00_66FF), "-16750849");
        assert_eq!(colour(&g, Vm, U, "cpu1"), None);
        let bad = map(&[("XenCenter.DataSource.vm.0e1f-2a.cpu0", "blue")]);
        assert_eq!(colour(&bad, Vm, U, "cpu0"), None);
    }

    #[test]
    fn saving_changes_only_this_object_s_keys() {
        let before = map(&[
            ("XenCenter.GraphLayout.0.vm.0e1f-2a", "cpu0"),
            ("XenCenter.GraphLayout.1.vm.0e1f-2a", "memory"),
            ("XenCenter.GraphName.1.vm.0e1f-2a", "RAM"),
            ("XenCenter.GraphLayout.0.vm.other", "cpu0"),
            ("XenCenter.GraphLayout.0.vm.0e1f-2a-longer", "cpu0"),
            ("XenCenter.CustomFields.owner", "string"),
        ]);
        let graphs = vec![Graph {
            name: "Disks".into(),
            sources: vec!["vbd_xvda_read".into(), "vbd_xvda_write".into()],
        }];
        let after = with_layout(&before, Vm, U, &graphs);
        assert_eq!(read(&after, Vm, U).unwrap(), graphs);
        let changes = diff(&before, &after);
        let keys: Vec<&str> = changes.iter().map(KeyChange::key).collect();
        assert_eq!(
            keys,
            [
                "XenCenter.GraphLayout.0.vm.0e1f-2a",
                "XenCenter.GraphLayout.1.vm.0e1f-2a",
                "XenCenter.GraphName.1.vm.0e1f-2a",
                "XenCenter.GraphName.0.vm.0e1f-2a",
            ]
        );
        // Other objects (a uuid that merely starts like ours included) keep their keys.
        assert_eq!(after["XenCenter.GraphLayout.0.vm.other"], "cpu0");
        assert_eq!(after["XenCenter.GraphLayout.0.vm.0e1f-2a-longer"], "cpu0");
        assert_eq!(after["XenCenter.CustomFields.owner"], "string");
        // A colour chosen is written as .NET writes it, and only that key.
        let colours = [("cpu0".to_string(), 0xFF00_66FFu32)].into_iter().collect();
        let plan = save_plan("OpaqueRef:p", "p", &after, Vm, U, &graphs, &colours);
        assert_eq!(plan.changes.len(), 1);
        assert_eq!(
            plan.result_on(&after)["XenCenter.DataSource.vm.0e1f-2a.cpu0"],
            "-16750849"
        );
        // Removing the layout brings the defaults back.
        assert_eq!(read(&with_layout(&before, Vm, U, &[]), Vm, U), None);
    }

    #[test]
    fn defaults_follow_xencenter_and_add_iops_latency_and_load() {
        let vm = [
            "cpu1",
            "cpu0",
            "cpu_usage",
            "memory",
            "memory_target",
            "memory_internal_free",
            "vif_0_tx",
            "vif_0_rx",
            "vbd_xvda_read",
            "vbd_xvda_write",
            "vbd_xvda_iops_read",
            "vbd_xvda_latency",
        ];
        let g = defaults(Vm, &vm);
        let sources: Vec<Vec<&str>> = g
            .iter()
            .map(|g| g.sources.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            sources,
            vec![
                vec!["cpu0", "cpu1", "cpu_usage"],
                vec!["memory", "memory_internal_free"],
                vec!["vif_0_rx", "vif_0_tx"],
                vec!["vbd_xvda_read", "vbd_xvda_write"],
                vec!["vbd_xvda_iops_read"],
                vec!["vbd_xvda_latency"],
            ]
        );
        let host = [
            "cpu0",
            "cpu10",
            "cpu2",
            "cpu_avg",
            "loadavg",
            "memory_free_kib",
        ];
        let g = defaults(Host, &host);
        assert_eq!(g[0].sources, ["cpu0", "cpu2", "cpu10", "cpu_avg"]);
        assert_eq!(g.last().unwrap().sources, ["loadavg"]);
        assert!(defaults(Vm, &[]).is_empty());
    }
}
