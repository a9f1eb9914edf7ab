//! A drive's settings in the disk Properties dialog, as XenCenter's `VBDEditPage` and
//! `VbdEditAction` offer them: its mode (read-write or read-only; xapi's `VBD.set_mode` wants
//! the VM halted, and a disk that is itself read-only is used read-only) and its position
//! (`VBD.set_userdevice`; moved only while the drive is not plugged, to a free position so no
//! other drive is displaced). The disk's own read-only flag is the storage driver's
//! (`VDI.set_read_only` is refused to every client session), so it is shown, not edited.

use super::vm_plans::{Arg, Plan, Step};
use serde_json::{Value, json};
use xenapi::records::PowerState;
use xenapi::{Cache, Ref, Vbd, Vdi, Vm};

/// The drive of `vm` holding `vdi`.
pub fn drive_of(cache: &Cache, vm: &Ref<Vm>, vdi: &Ref<Vdi>) -> Option<Ref<Vbd>> {
    cache.vms.get(vm)?.vbds.iter().find_map(|b| {
        cache
            .vbds
            .get(b)
            .filter(|rec| &rec.vdi == vdi)
            .map(|_| b.clone())
    })
}

/// Whether the drive is read-only (its mode, or the disk's own flag).
pub fn read_only(cache: &Cache, vbd: &Ref<Vbd>) -> bool {
    cache
        .vbds
        .get(vbd)
        .is_some_and(|b| b.mode == "RO" || cache.vdis.get(&b.vdi).is_some_and(|d| d.read_only))
}

/// Why the mode cannot change now, as a Fluent id.
pub fn mode_locked(cache: &Cache, vbd: &Ref<Vbd>) -> Option<&'static str> {
    let b = cache.vbds.get(vbd)?;
    if cache.vdis.get(&b.vdi).is_some_and(|d| d.read_only) {
        return Some("dlg-drive-mode-disk-ro");
    }
    let halted = cache
        .vms
        .get(&b.vm)
        .is_some_and(|v| v.power_state == PowerState::Halted);
    (!halted).then_some("dlg-drive-mode-halted")
}

/// Why the position cannot change now, as a Fluent id.
pub fn position_locked(cache: &Cache, vbd: &Ref<Vbd>) -> Option<&'static str> {
    let b = cache.vbds.get(vbd)?;
    b.currently_attached.then_some("dlg-drive-position-plugged")
}

/// The positions the drive may take: its own, and those no drive of its VM uses (0 to 15).
pub fn positions(cache: &Cache, vbd: &Ref<Vbd>) -> Vec<String> {
    let Some(b) = cache.vbds.get(vbd) else {
        return Vec::new();
    };
    let used: Vec<&str> = cache
        .vms
        .get(&b.vm)
        .map(|v| {
            v.vbds
                .iter()
                .filter(|o| *o != vbd)
                .filter_map(|o| cache.vbds.get(o))
                .map(|o| o.userdevice.as_str())
                .collect()
        })
        .unwrap_or_default();
    let mut out: Vec<String> = (0..16u32)
        .map(|n| n.to_string())
        .filter(|p| !used.contains(&p.as_str()))
        .collect();
    if !out.contains(&b.userdevice) {
        out.insert(0, b.userdevice.clone());
    }
    out
}

/// The calls that give the drive `ro` and `position`: only what changed, each with its
/// `xe` line, appended to `plan`.
pub fn drive_steps(plan: &mut Plan, cache: &Cache, vbd: &Ref<Vbd>, ro: bool, position: &str) {
    let Some(b) = cache.vbds.get(vbd) else {
        return;
    };
    let r = Arg::Value(Value::String(vbd.as_str().into()));
    let mode = if ro { "RO" } else { "RW" };
    if mode != b.mode && mode_locked(cache, vbd).is_none() {
        plan.steps.push(Step::call(
            "VBD.set_mode",
            vec![r.clone(), Arg::Value(json!(mode))],
        ));
        plan.xe
            .push(format!("xe vbd-param-set uuid={} mode={mode}", b.uuid));
    }
    if position != b.userdevice && position_locked(cache, vbd).is_none() {
        plan.steps.push(Step::call(
            "VBD.set_userdevice",
            vec![r, Arg::Value(json!(position))],
        ));
        plan.xe.push(format!(
            "xe vbd-param-set uuid={} userdevice={position}",
            b.uuid
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Cache {
        xapidb::cache_of(&demo::demo_pool())
    }

    fn disk_drive(c: &Cache, vm: &str) -> Ref<Vbd> {
        let vm = c
            .vms
            .iter()
            .find(|(_, v)| v.name_label == vm)
            .map(|(r, _)| r.clone())
            .expect("vm");
        c.vms[&vm]
            .vbds
            .iter()
            .find(|b| c.vbds[*b].vbd_type == "Disk")
            .cloned()
            .expect("a disk drive")
    }

    fn methods(p: &Plan) -> Vec<&str> {
        p.steps.iter().map(|s| s.method.as_str()).collect()
    }

    #[test]
    fn a_halted_vms_drive_changes_mode_and_position_only_as_asked() {
        let c = demo();
        let b = disk_drive(&c, "db-replica");
        let rec = &c.vbds[&b];
        assert_eq!(mode_locked(&c, &b), None);
        assert_eq!(position_locked(&c, &b), None);
        // Unchanged: nothing is sent.
        let mut p = Plan::default();
        drive_steps(&mut p, &c, &b, rec.mode == "RO", &rec.userdevice);
        assert!(p.steps.is_empty());
        // Read-only at a free position: two setters, each with its xe line.
        let free = positions(&c, &b)
            .into_iter()
            .find(|x| *x != rec.userdevice)
            .expect("a free position");
        let mut p = Plan::default();
        drive_steps(&mut p, &c, &b, true, &free);
        assert_eq!(methods(&p), ["VBD.set_mode", "VBD.set_userdevice"]);
        assert_eq!(p.steps[0].args[1], Arg::Value(json!("RO")));
        assert_eq!(
            p.xe,
            [
                format!("xe vbd-param-set uuid={} mode=RO", rec.uuid),
                format!("xe vbd-param-set uuid={} userdevice={free}", rec.uuid)
            ]
        );
    }

    #[test]
    fn a_running_vms_drive_keeps_its_mode_and_position() {
        let c = demo();
        let b = disk_drive(&c, "web-01");
        assert_eq!(mode_locked(&c, &b), Some("dlg-drive-mode-halted"));
        assert_eq!(position_locked(&c, &b), Some("dlg-drive-position-plugged"));
        let mut p = Plan::default();
        drive_steps(&mut p, &c, &b, true, "9");
        assert!(p.steps.is_empty(), "nothing xapi would refuse is sent");
    }

    #[test]
    fn positions_taken_by_other_drives_are_not_offered() {
        let c = demo();
        let b = disk_drive(&c, "web-01");
        let vm = &c.vbds[&b].vm;
        let list = positions(&c, &b);
        assert!(list.contains(&c.vbds[&b].userdevice), "its own");
        for o in c.vms[vm].vbds.iter().filter(|o| **o != b) {
            assert!(!list.contains(&c.vbds[o].userdevice), "taken");
        }
    }
}
