//! Moving a disk to another repository, as XenCenter does it
//! (`XenModel/Actions/VDI/MigrateVirtualDiskAction.cs` for a disk a running VM has plugged:
//! `VDI.pool_migrate`, the VM keeps running; `MoveVirtualDiskAction.cs` otherwise:
//! `VDI.copy` to the new repository, each drive of the old disk replaced by one of the copy
//! with the same position, mode and boot flag, then the old disk destroyed).

use super::disk_plans::DiskWhyNot;
use super::vm_plans::{Arg, Plan, Step};
use serde_json::{Value, json};
use xenapi::{Cache, Ref, Sr, Vdi};

fn r<T>(x: &Ref<T>) -> Arg {
    Arg::Value(Value::String(x.as_str().into()))
}

/// Whether the disk can move: a disk of an ISO library, the tools or a physical device
/// cannot (its driver neither copies nor mirrors).
pub fn can_move(cache: &Cache, vdi: &Ref<Vdi>) -> Result<(), DiskWhyNot> {
    let d = cache.vdis.get(vdi).ok_or(DiskWhyNot::Gone)?;
    match cache.srs.get(&d.sr) {
        Some(s) if s.content_type == "iso" || s.is_tools_sr || s.sr_type == "udev" => {
            Err(DiskWhyNot::NotSupported)
        }
        None => Err(DiskWhyNot::Gone),
        Some(_) => Ok(()),
    }
}

/// Whether a running VM has `vdi` plugged: the move is then live (`VDI.pool_migrate`).
pub fn live(cache: &Cache, vdi: &Ref<Vdi>) -> bool {
    cache.vdis.get(vdi).is_some_and(|d| {
        d.vbds
            .iter()
            .filter_map(|b| cache.vbds.get(b))
            .any(|b| b.currently_attached)
    })
}

/// The repositories `vdi` may move to: `candidates` (the disk repositories the UI offers)
/// but its own.
pub fn targets(cache: &Cache, vdi: &Ref<Vdi>, candidates: Vec<Ref<Sr>>) -> Vec<Ref<Sr>> {
    let here = cache.vdis.get(vdi).map(|d| d.sr.clone());
    candidates
        .into_iter()
        .filter(|s| Some(s) != here.as_ref())
        .collect()
}

/// The plan that moves `vdi` to `sr`.
pub fn plan(cache: &Cache, vdi: &Ref<Vdi>, sr: &Ref<Sr>) -> Plan {
    let mut plan = Plan::default();
    let Some(d) = cache.vdis.get(vdi) else {
        return plan;
    };
    let sr_uuid = cache
        .srs
        .get(sr)
        .map(|s| s.uuid.clone())
        .unwrap_or_default();
    if live(cache, vdi) {
        plan.steps.push(Step::task(
            "VDI.pool_migrate",
            vec![r(vdi), r(sr), Arg::Value(json!({}))],
        ));
        plan.xe.push(format!(
            "xe vdi-pool-migrate uuid={} sr-uuid={sr_uuid}",
            d.uuid
        ));
        return plan;
    }
    let null = Arg::Value(json!("OpaqueRef:NULL"));
    plan.steps.push(Step::task(
        "VDI.copy",
        vec![r(vdi), r(sr), null.clone(), null],
    ));
    plan.xe
        .push(format!("xe vdi-copy uuid={} sr-uuid={sr_uuid}", d.uuid));
    for b in &d.vbds {
        let Some(old) = cache.vbds.get(b) else {
            continue;
        };
        // The old drive goes first: the new one takes its position.
        plan.steps.push(Step::call("VBD.destroy", vec![r(b)]));
        plan.xe.push(format!("xe vbd-destroy uuid={}", old.uuid));
        let vm_uuid = cache
            .vms
            .get(&old.vm)
            .map(|v| v.uuid.clone())
            .unwrap_or_default();
        let v = |x: Value| Arg::Value(x);
        plan.steps.push(Step::call(
            "VBD.create",
            vec![Arg::Map(vec![
                ("VM".into(), r(&old.vm)),
                ("VDI".into(), Arg::Result(0)),
                ("userdevice".into(), v(json!(old.userdevice))),
                ("bootable".into(), v(json!(old.bootable))),
                ("mode".into(), v(json!(old.mode))),
                ("type".into(), v(json!(old.vbd_type))),
                ("empty".into(), v(json!(false))),
                ("unpluggable".into(), v(json!(true))),
                ("other_config".into(), v(json!(old.other_config))),
                ("qos_algorithm_type".into(), v(json!(""))),
                ("qos_algorithm_params".into(), v(json!({}))),
            ])],
        ));
        plan.xe.push(format!(
            "xe vbd-create vm-uuid={vm_uuid} vdi-uuid=<the copy> device={} mode={} bootable={} type={}",
            old.userdevice, old.mode, old.bootable, old.vbd_type
        ));
    }
    plan.steps.push(Step::task("VDI.destroy", vec![r(vdi)]));
    plan.xe.push(format!("xe vdi-destroy uuid={}", d.uuid));
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_halted_vms_disk_is_copied_and_swapped_a_running_vms_migrated() {
        let c = xapidb::cache_of(&demo::demo_pool());
        let halted = c
            .vdis
            .iter()
            .find(|(r, d)| {
                !d.vbds.is_empty()
                    && !live(&c, r)
                    && d.vbds
                        .iter()
                        .all(|b| c.vbds.get(b).is_some_and(|b| b.vbd_type == "Disk"))
            })
            .map(|(r, _)| r.clone())
            .expect("a disk of a halted VM");
        let sr = c
            .srs
            .keys()
            .find(|s| Some(*s) != c.vdis.get(&halted).map(|d| &d.sr))
            .unwrap()
            .clone();
        let p = plan(&c, &halted, &sr);
        let methods: Vec<&str> = p.steps.iter().map(|s| s.method.as_str()).collect();
        assert_eq!(methods.first(), Some(&"VDI.copy"));
        assert_eq!(methods.last(), Some(&"VDI.destroy"));
        assert!(methods.contains(&"VBD.destroy") && methods.contains(&"VBD.create"));
        let old = c.vbds.get(&c.vdis[&halted].vbds[0]).unwrap();
        let created = p.steps.iter().find(|s| s.method == "VBD.create").unwrap();
        let rec = created.args[0].resolve(&[json!("OpaqueRef:copy")]);
        assert_eq!(rec["VDI"], "OpaqueRef:copy");
        assert_eq!(rec["userdevice"], old.userdevice.as_str());
        assert_eq!(rec["mode"], old.mode.as_str());
        assert!(p.xe[0].starts_with("xe vdi-copy uuid="));
        let running = c
            .vdis
            .keys()
            .find(|r| live(&c, r))
            .expect("a disk of a running VM")
            .clone();
        let p = plan(&c, &running, &sr);
        assert_eq!(p.steps.len(), 1);
        assert_eq!(p.steps[0].method, "VDI.pool_migrate");
        assert!(p.xe[0].starts_with("xe vdi-pool-migrate"));
        assert!(
            !targets(&c, &running, c.srs.keys().cloned().collect()).contains(&c.vdis[&running].sr)
        );
    }
}
