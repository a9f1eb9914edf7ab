//! What each disk action sends, its `xe` equivalent, and whether xapi allows it now.
//!
//! As XenCenter's actions (`XenModel/Actions/VDI/CreateDiskAction.cs`,
//! `VBD/VbdCreateAndPlugAction.cs`, `VDI/DetachVirtualDiskAction.cs`,
//! `VDI/DestroyDiskAction.cs`, `SettingsPanels/VDISizeLocationPage.cs`): a new disk is
//! `VDI.create`, then `VBD.create` on the VM, plugged when the VM runs; detaching unplugs an
//! attached drive first, then destroys it; deleting detaches every drive, then destroys the
//! disk; resizing grows only, offline (no SM driver offers `VDI_RESIZE_ONLINE`, so xapi
//! refuses `VDI.resize` of a disk a running VM uses: `VDI_IN_USE`).

use super::vm_plans::{Arg, Plan, Step, quote};
use serde_json::{Value, json};
use xenapi::records::PowerState;
use xenapi::{Cache, Ref, Sr, Vdi, Vm};

const GIB: i64 = 1 << 30;

fn r<T>(x: &Ref<T>) -> Arg {
    Arg::Value(Value::String(x.as_str().into()))
}

fn v(x: Value) -> Arg {
    Arg::Value(x)
}

fn vm_uuid(cache: &Cache, vm: &Ref<Vm>) -> String {
    cache
        .vms
        .get(vm)
        .map(|v| v.uuid.clone())
        .unwrap_or_default()
}

fn vdi_uuid(cache: &Cache, vdi: &Ref<Vdi>) -> String {
    cache
        .vdis
        .get(vdi)
        .map(|v| v.uuid.clone())
        .unwrap_or_default()
}

fn running(cache: &Cache, vm: &Ref<Vm>) -> bool {
    cache
        .vms
        .get(vm)
        .is_some_and(|v| v.power_state == PowerState::Running)
}

/// Why a disk action is refused now (drawn in words by the UI).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiskWhyNot {
    /// A running VM uses the disk (names the VMs): shut them down first.
    InUse(Vec<Ref<Vm>>),
    /// The repository's driver cannot do it (a physical device, an ISO library, the tools).
    NotSupported,
    /// The disk is gone.
    Gone,
}

/// The VMs whose drives hold `vdi` (snapshots left out), each once.
pub fn users(cache: &Cache, vdi: &Ref<Vdi>) -> Vec<Ref<Vm>> {
    let mut out: Vec<Ref<Vm>> = Vec::new();
    for b in cache
        .vdis
        .get(vdi)
        .map(|d| d.vbds.as_slice())
        .unwrap_or_default()
    {
        if let Some(b) = cache.vbds.get(b)
            && cache.vms.get(&b.vm).is_some_and(|v| !v.is_a_snapshot)
            && !out.contains(&b.vm)
        {
            out.push(b.vm.clone());
        }
    }
    out
}

/// The running VMs whose drive of `vdi` is attached.
fn attached_users(cache: &Cache, vdi: &Ref<Vdi>) -> Vec<Ref<Vm>> {
    let Some(d) = cache.vdis.get(vdi) else {
        return Vec::new();
    };
    let mut out: Vec<Ref<Vm>> = Vec::new();
    for b in d.vbds.iter().filter_map(|b| cache.vbds.get(b)) {
        if b.currently_attached && !out.contains(&b.vm) {
            out.push(b.vm.clone());
        }
    }
    out
}

/// The repository's driver: whether it changes disks (the udev, ISO and tools SRs do not).
fn sr_writable(cache: &Cache, sr: &Ref<Sr>) -> bool {
    cache
        .srs
        .get(sr)
        .is_some_and(|s| !(s.is_tools_sr || s.sr_type == "udev" || s.content_type == "iso"))
}

/// Whether `vdi` may be deleted now (xapi: `VDI_IN_USE` while attached; the tools and
/// physical devices stay).
pub fn can_delete(cache: &Cache, vdi: &Ref<Vdi>) -> Result<(), DiskWhyNot> {
    let d = cache.vdis.get(vdi).ok_or(DiskWhyNot::Gone)?;
    let attached = attached_users(cache, vdi);
    if !attached.is_empty() {
        return Err(DiskWhyNot::InUse(attached));
    }
    if !sr_writable(cache, &d.sr) {
        return Err(DiskWhyNot::NotSupported);
    }
    Ok(())
}

/// Whether `vdi` may be resized now: offline only, on a driver that resizes.
pub fn can_resize(cache: &Cache, vdi: &Ref<Vdi>) -> Result<(), DiskWhyNot> {
    can_delete(cache, vdi)
}

/// A new disk on `sr` (`size` bytes), and when `vm` is given its drive there, plugged when
/// the VM runs.
pub fn new_disk(
    cache: &Cache,
    sr: &Ref<Sr>,
    name: &str,
    description: &str,
    size: i64,
    vm: Option<&Ref<Vm>>,
) -> Plan {
    let sr_uuid = cache
        .srs
        .get(sr)
        .map(|s| s.uuid.clone())
        .unwrap_or_default();
    let record = json!({
        "name_label": name, "name_description": description, "SR": sr.as_str(),
        "virtual_size": size, "type": "user", "sharable": false, "read_only": false,
        "other_config": {}, "xenstore_data": {}, "sm_config": {}, "tags": [],
    });
    let mut plan = Plan {
        steps: vec![Step::task("VDI.create", vec![v(record)])],
        xe: vec![format!(
            "xe vdi-create sr-uuid={sr_uuid} name-label={} name-description={} virtual-size={size} type=user",
            quote(name),
            quote(description)
        )],
        creates: None,
    };
    if let Some(vm) = vm {
        let (steps, xe) = drive(cache, vm, Arg::Result(0), "<new disk>", "RW", 1);
        plan.steps.extend(steps);
        plan.xe.extend(xe);
    }
    plan
}

/// A drive of `vm` for `vdi` (`mode` RW or RO), plugged when the VM runs; its steps follow
/// `base` others in the plan.
fn drive(
    cache: &Cache,
    vm: &Ref<Vm>,
    vdi: Arg,
    vdi_uuid: &str,
    mode: &str,
    base: usize,
) -> (Vec<Step>, Vec<String>) {
    let vbd = Arg::Map(vec![
        ("VM".into(), r(vm)),
        ("VDI".into(), vdi),
        ("userdevice".into(), v(json!(free_position(cache, vm)))),
        ("bootable".into(), v(json!(false))),
        ("mode".into(), v(json!(mode))),
        ("type".into(), v(json!("Disk"))),
        ("empty".into(), v(json!(false))),
        ("unpluggable".into(), v(json!(true))),
        ("other_config".into(), v(json!({}))),
        ("qos_algorithm_type".into(), v(json!(""))),
        ("qos_algorithm_params".into(), v(json!({}))),
    ]);
    let at = free_position(cache, vm);
    let mut steps = vec![Step::call("VBD.create", vec![vbd])];
    let mut xe = vec![format!(
        "xe vbd-create vm-uuid={} vdi-uuid={vdi_uuid} device={at} mode={mode} type=Disk",
        vm_uuid(cache, vm)
    )];
    if running(cache, vm) {
        steps.push(Step::task("VBD.plug", vec![Arg::Result(base)]));
        xe.push("xe vbd-plug uuid=<new drive>".into());
    }
    (steps, xe)
}

/// The lowest drive position `vm` leaves free (XenCenter's choice; 3 is kept for the CD
/// drive when free positions remain elsewhere).
pub fn free_position(cache: &Cache, vm: &Ref<Vm>) -> String {
    let used: Vec<String> = cache
        .vms
        .get(vm)
        .map(|v| {
            v.vbds
                .iter()
                .filter_map(|b| cache.vbds.get(b))
                .map(|b| b.userdevice.clone())
                .collect()
        })
        .unwrap_or_default();
    (0..16)
        .filter(|n| *n != 3)
        .chain([3])
        .map(|n: u32| n.to_string())
        .find(|d| !used.contains(d))
        .unwrap_or_else(|| "autodetect".into())
}

/// Attaches an existing disk to `vm` (read-only when `read_only`).
pub fn attach(cache: &Cache, vm: &Ref<Vm>, vdi: &Ref<Vdi>, read_only: bool) -> Plan {
    let mode = if read_only { "RO" } else { "RW" };
    let (steps, xe) = drive(cache, vm, r(vdi), &vdi_uuid(cache, vdi), mode, 0);
    Plan {
        steps,
        xe,
        creates: None,
    }
}

/// The drives of `vdi` on `vm` (every VM's when `None`): unplugged when attached, then
/// destroyed.
fn undrive(cache: &Cache, vdi: &Ref<Vdi>, vm: Option<&Ref<Vm>>) -> Plan {
    let mut plan = Plan::default();
    let Some(d) = cache.vdis.get(vdi) else {
        return plan;
    };
    for b in &d.vbds {
        let Some(rec) = cache.vbds.get(b) else {
            continue;
        };
        if vm.is_some_and(|vm| *vm != rec.vm) {
            continue;
        }
        if rec.currently_attached {
            plan.steps.push(Step::task("VBD.unplug", vec![r(b)]));
            plan.xe.push(format!("xe vbd-unplug uuid={}", rec.uuid));
        }
        plan.steps.push(Step::call("VBD.destroy", vec![r(b)]));
        plan.xe.push(format!("xe vbd-destroy uuid={}", rec.uuid));
    }
    plan
}

/// Detaches `vdi` from `vm`: the disk stays on its repository.
pub fn detach(cache: &Cache, vm: &Ref<Vm>, vdi: &Ref<Vdi>) -> Plan {
    undrive(cache, vdi, Some(vm))
}

/// Deletes `vdi`: every drive of it goes first, then the disk and its data.
pub fn delete(cache: &Cache, vdi: &Ref<Vdi>) -> Plan {
    let mut plan = undrive(cache, vdi, None);
    plan.steps.push(Step::task("VDI.destroy", vec![r(vdi)]));
    plan.xe
        .push(format!("xe vdi-destroy uuid={}", vdi_uuid(cache, vdi)));
    plan
}

/// Grows `vdi` to `size` bytes (offline: `VDI.resize`).
pub fn resize(cache: &Cache, vdi: &Ref<Vdi>, size: i64) -> Plan {
    Plan {
        steps: vec![Step::task("VDI.resize", vec![r(vdi), v(json!(size))])],
        xe: vec![format!(
            "xe vdi-resize uuid={} disk-size={size}",
            vdi_uuid(cache, vdi)
        )],
        creates: None,
    }
}

/// Sets a disk's name and description: only what changed.
pub fn properties(cache: &Cache, vdi: &Ref<Vdi>, name: &str, description: &str) -> Plan {
    let mut plan = Plan::default();
    let Some(d) = cache.vdis.get(vdi) else {
        return plan;
    };
    let was = (d.name_label.as_str(), d.name_description.as_str());
    super::vm_plans::name_steps(&mut plan, "VDI", r(vdi), &d.uuid, was, name, description);
    plan
}

/// A size the user typed in GiB (`"20"`, `"12.5"`), in bytes; `None` when it is not a
/// positive number.
pub fn parse_gib(text: &str) -> Option<i64> {
    let n: f64 = text.trim().replace(',', ".").parse().ok()?;
    (n.is_finite() && n > 0.0 && n < 1e9).then(|| (n * GIB as f64).round() as i64)
}

/// Bytes in GiB as the size fields show them (`"20"`, `"12.5"`).
pub fn gib_text(bytes: i64) -> String {
    let g = bytes as f64 / GIB as f64;
    let t = format!("{g:.2}");
    t.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The disks `vm` could attach: on repositories of disks (not ISO), not a snapshot's, not
/// already its own, and not used read-write by a running VM unless sharable.
pub fn attachable(cache: &Cache, vm: &Ref<Vm>) -> Vec<Ref<Vdi>> {
    let mut out: Vec<Ref<Vdi>> = cache
        .vdis
        .iter()
        .filter(|(r, d)| {
            let sr_ok = cache
                .srs
                .get(&d.sr)
                .is_some_and(|s| s.content_type != "iso" && !s.is_tools_sr);
            let mine = users(cache, r).contains(vm);
            let busy = !d.sharable && !attached_users(cache, r).is_empty();
            sr_ok && !d.is_a_snapshot && !mine && !busy && d.vdi_type == "user"
        })
        .map(|(r, _)| r.clone())
        .collect();
    out.sort_by(|a, b| {
        let n = |r: &Ref<Vdi>| {
            cache
                .vdis
                .get(r)
                .map(|d| d.name_label.clone())
                .unwrap_or_default()
        };
        super::natural::compare(&n(a), &n(b))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Cache {
        xapidb::cache_of(&demo::demo_pool())
    }

    fn vm_named(c: &Cache, name: &str) -> Ref<Vm> {
        c.vms
            .iter()
            .find(|(_, v)| v.name_label == name)
            .map(|(r, _)| r.clone())
            .expect("vm")
    }

    fn first_disk(c: &Cache, vm: &Ref<Vm>) -> Ref<Vdi> {
        c.vms[vm]
            .vbds
            .iter()
            .filter_map(|b| c.vbds.get(b))
            .find(|b| b.vbd_type == "Disk")
            .map(|b| b.vdi.clone())
            .expect("a disk")
    }

    fn methods(p: &Plan) -> Vec<&str> {
        p.steps.iter().map(|s| s.method.as_str()).collect()
    }

    #[test]
    fn a_new_disk_on_a_running_vm_is_created_attached_and_plugged() {
        let c = demo();
        let web = vm_named(&c, "web-01");
        let sr = c.vdis[&first_disk(&c, &web)].sr.clone();
        let p = new_disk(&c, &sr, "data", "", 10 * GIB, Some(&web));
        assert_eq!(methods(&p), ["VDI.create", "VBD.create", "VBD.plug"]);
        // The drive names the new disk, the plug the new drive.
        let Arg::Map(fields) = &p.steps[1].args[0] else {
            panic!("a record")
        };
        assert!(fields.contains(&("VDI".into(), Arg::Result(0))));
        assert_eq!(p.steps[2].args, [Arg::Result(1)]);
        assert!(p.xe[0].starts_with("xe vdi-create sr-uuid="));
        assert!(p.xe[0].contains(&format!("virtual-size={}", 10 * GIB)));
        // A halted VM's drive is not plugged.
        let db = vm_named(&c, "db-replica");
        let p = new_disk(&c, &sr, "data", "", GIB, Some(&db));
        assert_eq!(methods(&p), ["VDI.create", "VBD.create"]);
    }

    #[test]
    fn the_new_drive_takes_the_first_free_position() {
        let c = demo();
        let web = vm_named(&c, "web-01");
        let used: Vec<String> = c.vms[&web]
            .vbds
            .iter()
            .map(|b| c.vbds[b].userdevice.clone())
            .collect();
        let at = free_position(&c, &web);
        assert!(!used.contains(&at), "{at} is taken: {used:?}");
    }

    #[test]
    fn detaching_a_running_vms_disk_unplugs_then_destroys_its_drive() {
        let c = demo();
        let web = vm_named(&c, "web-01");
        let d = first_disk(&c, &web);
        let p = detach(&c, &web, &d);
        assert_eq!(methods(&p), ["VBD.unplug", "VBD.destroy"]);
        assert!(p.xe[0].starts_with("xe vbd-unplug uuid="));
        // The disk itself stays.
        assert!(!methods(&p).contains(&"VDI.destroy"));
    }

    #[test]
    fn a_disk_in_use_is_neither_deleted_nor_resized_and_a_halted_vms_is() {
        let c = demo();
        let web = vm_named(&c, "web-01");
        let d = first_disk(&c, &web);
        assert_eq!(
            can_delete(&c, &d),
            Err(DiskWhyNot::InUse(vec![web.clone()]))
        );
        assert_eq!(can_resize(&c, &d), Err(DiskWhyNot::InUse(vec![web])));
        let db = vm_named(&c, "db-replica");
        let d = first_disk(&c, &db);
        assert_eq!(can_resize(&c, &d), Ok(()));
        let p = delete(&c, &d);
        assert_eq!(methods(&p), ["VBD.destroy", "VDI.destroy"]);
        assert_eq!(users(&c, &d), vec![db]);
    }

    #[test]
    fn resize_sends_bytes_and_properties_only_what_changed() {
        let c = demo();
        let d = first_disk(&c, &vm_named(&c, "db-replica"));
        let p = resize(&c, &d, 50 * GIB);
        assert_eq!(p.steps[0].args[1], v(json!(50 * GIB)));
        assert!(p.xe[0].ends_with(&format!("disk-size={}", 50 * GIB)));
        let name = c.vdis[&d].name_label.clone();
        let p = properties(&c, &d, &name, "logs");
        assert_eq!(methods(&p), ["VDI.set_name_description"]);
        assert_eq!(
            p.xe,
            [format!(
                "xe vdi-param-set uuid={} name-description=logs",
                c.vdis[&d].uuid
            )]
        );
    }

    #[test]
    fn sizes_in_gib_are_parsed_and_shown() {
        assert_eq!(parse_gib("20"), Some(20 * GIB));
        assert_eq!(parse_gib(" 1,5 "), Some(3 * GIB / 2));
        assert_eq!(parse_gib("0"), None);
        assert_eq!(parse_gib("-3"), None);
        assert_eq!(parse_gib("lots"), None);
        assert_eq!(gib_text(40 * GIB), "40");
        assert_eq!(gib_text(3 * GIB / 2), "1.5");
    }

    #[test]
    fn a_vm_attaches_only_free_disks_not_its_own() {
        let c = demo();
        let db = vm_named(&c, "db-replica");
        let list = attachable(&c, &db);
        let mine = first_disk(&c, &db);
        assert!(!list.contains(&mine));
        let web_disk = first_disk(&c, &vm_named(&c, "web-01"));
        assert!(!list.contains(&web_disk), "used by a running VM");
    }
}
