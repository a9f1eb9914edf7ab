//! What each VM action sends, and what it is as `xe` commands: a [`Plan`] of XenAPI calls
//! (the long ones marked, to run as `Async.*` with a task), a step able to use an earlier
//! step's result (a snapshot's new ref, to set its description), and the `xe` lines an
//! administrator would type for the same. Which actions xapi allows now, and why not, is
//! [`allowed`]'s business (from `allowed_operations` and `current_operations`).

use serde_json::{Value, json};
use xenapi::error::codes;
use xenapi::records::PowerState;
use xenapi::{Cache, Host, Ref, Sr, Vdi, Vm};

/// An argument of a call: a value, or the result of an earlier step of the plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Value(Value),
    /// The result of step `i` (a new object's ref).
    Result(usize),
    /// A struct whose fields may hold earlier results (`VBD.create`'s record naming the new
    /// VM).
    Map(Vec<(String, Arg)>),
}

impl Arg {
    /// The wire value, with earlier results put in.
    pub fn resolve(&self, results: &[Value]) -> Value {
        match self {
            Arg::Value(v) => v.clone(),
            Arg::Result(i) => results.get(*i).cloned().unwrap_or(Value::Null),
            Arg::Map(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, a)| (k.clone(), a.resolve(results)))
                    .collect(),
            ),
        }
    }

    fn shift(&mut self, base: usize) {
        match self {
            Arg::Result(i) => *i += base,
            Arg::Map(fields) => fields.iter_mut().for_each(|(_, a)| a.shift(base)),
            Arg::Value(_) => {}
        }
    }
}

/// One XenAPI call of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The wire method, without `Async.` (`VM.clone`).
    pub method: String,
    pub args: Vec<Arg>,
    /// Runs as `Async.<method>` with a task (progress, cancel), rather than a plain call.
    pub long: bool,
    /// Error codes that do not stop the plan (XenCenter's CA-115249: a disk xapi has
    /// already destroyed answers HANDLE_INVALID).
    pub tolerate: &'static [&'static str],
    /// The first argument is a list (an earlier step's answer): the call is made once per
    /// element, the rest of the arguments the same (the New VM wizard destroys the clone's
    /// VIFs this way).
    pub each: bool,
}

impl Step {
    pub fn call(method: &str, args: Vec<Arg>) -> Step {
        Step {
            method: method.into(),
            args,
            long: false,
            tolerate: &[],
            each: false,
        }
    }

    /// `method` once per element of step `list`'s answer (a list of refs).
    pub fn for_each(method: &str, list: usize) -> Step {
        Step {
            each: true,
            ..Step::call(method, vec![Arg::Result(list)])
        }
    }

    /// The same step, going on past `codes`.
    pub fn tolerating(self, codes: &'static [&'static str]) -> Step {
        Step {
            tolerate: codes,
            ..self
        }
    }

    pub fn task(method: &str, args: Vec<Arg>) -> Step {
        Step {
            long: true,
            ..Step::call(method, args)
        }
    }
}

/// The calls an action makes, in order, and their `xe` equivalent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub steps: Vec<Step>,
    pub xe: Vec<String>,
    /// The object the plan makes, when it is not the one it starts from (New VM clones a
    /// template): messages name it, and its tasks are credited to it once it exists.
    pub creates: Option<Creates>,
}

/// A new object a plan makes: its name, and the step whose result is its ref.
#[derive(Debug, Clone, PartialEq)]
pub struct Creates {
    pub name: String,
    pub step: usize,
}

impl Plan {
    fn extend(&mut self, other: Plan) {
        let base = self.steps.len();
        self.steps.extend(other.steps.into_iter().map(|mut s| {
            for a in &mut s.args {
                a.shift(base);
            }
            s
        }));
        self.xe.extend(other.xe);
    }
}

fn r<T>(x: &Ref<T>) -> Arg {
    Arg::Value(Value::String(x.as_str().into()))
}

fn s(x: &str) -> Arg {
    Arg::Value(Value::String(x.into()))
}

/// An `xe` parameter value, quoted when the shell would split or expand it.
pub fn quote(v: &str) -> String {
    let plain = !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/@+,".contains(c));
    if plain {
        v.to_string()
    } else {
        format!("'{}'", v.replace('\'', r"'\''"))
    }
}

/// `<class>.set_name_label` and `set_name_description` for whichever of `name` and
/// `description` differs from `was`, with their `xe` lines: the one way a properties form
/// (a server, the pool, a repository, a disk) renames its object.
pub fn name_steps(
    plan: &mut Plan,
    class: &str,
    obj: Arg,
    uuid: &str,
    was: (&str, &str),
    name: &str,
    description: &str,
) {
    let xe_class = class.to_ascii_lowercase();
    for (field, old, new) in [
        ("name_label", was.0, name),
        ("name_description", was.1, description),
    ] {
        if old != new {
            // xe spells the field with dashes.
            let param = field.replace('_', "-");
            plan.steps.push(Step::call(
                &format!("{class}.set_{field}"),
                vec![obj.clone(), Arg::Value(Value::String(new.into()))],
            ));
            plan.xe.push(format!(
                "xe {xe_class}-param-set uuid={uuid} {param}={}",
                quote(new)
            ));
        }
    }
}

fn uuid_of_vm(cache: &Cache, vm: &Ref<Vm>) -> String {
    cache
        .vms
        .get(vm)
        .map(|v| v.uuid.clone())
        .unwrap_or_default()
}

fn uuid_of_host(cache: &Cache, host: &Ref<Host>) -> String {
    cache
        .hosts
        .get(host)
        .map(|h| h.uuid.clone())
        .unwrap_or_default()
}

/// Whether a VM takes guest actions at all (templates, snapshots and control domains do not).
pub fn is_guest(cache: &Cache, vm: &Ref<Vm>) -> bool {
    cache.vms.get(vm).is_some_and(is_guest_vm)
}

/// [`is_guest`] of a record.
pub fn is_guest_vm(v: &Vm) -> bool {
    !(v.is_a_template || v.is_a_snapshot || v.is_control_domain)
}

/// A VM operation that takes the VM alone (start and resume also take `start_paused` and
/// `force`, both false), as a task; `xe CMD uuid=… TAIL` is its `xe` equivalent.
pub fn vm_op(cache: &Cache, vm: &Ref<Vm>, method: &str, cmd: &str, tail: &str) -> Plan {
    let uuid = uuid_of_vm(cache, vm);
    let mut args = vec![r(vm)];
    if matches!(method, "VM.start" | "VM.resume") {
        args.extend([Arg::Value(json!(false)), Arg::Value(json!(false))]);
    }
    Plan {
        steps: vec![Step::task(method, args)],
        xe: vec![format!("xe {cmd} uuid={uuid}{tail}")],
        creates: None,
    }
}

/// Starts a halted VM on the host chosen.
pub fn start_on(cache: &Cache, vm: &Ref<Vm>, host: &Ref<Host>) -> Plan {
    let uuid = uuid_of_vm(cache, vm);
    let host_uuid = uuid_of_host(cache, host);
    Plan {
        steps: vec![Step::task(
            "VM.start_on",
            vec![
                r(vm),
                r(host),
                Arg::Value(json!(false)),
                Arg::Value(json!(false)),
            ],
        )],
        xe: vec![format!("xe vm-start uuid={uuid} on={host_uuid}")],
        creates: None,
    }
}

/// A snapshot (disk only) or a checkpoint (with memory), named, with a description.
pub fn snapshot(cache: &Cache, vm: &Ref<Vm>, name: &str, description: &str, memory: bool) -> Plan {
    let uuid = uuid_of_vm(cache, vm);
    let (method, cmd) = if memory {
        ("VM.checkpoint", "vm-checkpoint")
    } else {
        ("VM.snapshot", "vm-snapshot")
    };
    let mut steps = vec![Step::task(method, vec![r(vm), s(name)])];
    let mut xe = format!("xe {cmd} uuid={uuid} new-name-label={}", quote(name));
    if !description.is_empty() {
        steps.push(Step::call(
            "VM.set_name_description",
            vec![Arg::Result(0), s(description)],
        ));
        xe.push_str(&format!(" new-name-description={}", quote(description)));
    }
    Plan {
        steps,
        xe: vec![xe],
        creates: None,
    }
}

/// Reverts the VM to `snapshot`.
pub fn revert(cache: &Cache, snapshot: &Ref<Vm>) -> Plan {
    let mut steps = vec![Step::task("VM.revert", vec![r(snapshot)])];
    let mut xe = vec![format!(
        "xe snapshot-revert snapshot-uuid={}",
        uuid_of_vm(cache, snapshot)
    )];
    // Taken while the VM ran: it runs again, as XenCenter's VMSnapshotRevertAction does (a
    // checkpoint's VM is suspended after the revert and resumes; a snapshot's starts).
    if let Some(s) = cache.vms.get(snapshot)
        && s.snapshot_info
            .get(xenapi::records::POWER_STATE_AT_SNAPSHOT)
            .map(String::as_str)
            == Some("Running")
    {
        let then = if s.power_state == PowerState::Suspended {
            vm_op(cache, &s.snapshot_of, "VM.resume", "vm-resume", "")
        } else {
            vm_op(cache, &s.snapshot_of, "VM.start", "vm-start", "")
        };
        steps.extend(then.steps);
        xe.extend(then.xe);
    }
    Plan {
        steps,
        xe,
        creates: None,
    }
}

/// The disks (not CDs) of a VM or snapshot.
pub fn disks(cache: &Cache, vm: &Ref<Vm>) -> Vec<Ref<Vdi>> {
    let Some(v) = cache.vms.get(vm) else {
        return Vec::new();
    };
    v.vbds
        .iter()
        .filter_map(|b| cache.vbds.get(b))
        .filter(|b| {
            b.vbd_type != "CD" && !b.vdi.as_str().is_empty() && b.vdi.as_str() != "OpaqueRef:NULL"
        })
        .map(|b| b.vdi.clone())
        .collect()
}

/// A storage repository a full copy of a VM may go to, with its free space.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyTarget {
    pub sr: Ref<Sr>,
    /// Bytes free (size less what is used).
    pub free: i64,
}

/// Where a full copy of `vm` may go: the SRs the tree shows (XenCenter's visibility rules,
/// with `show_hidden`), that hold VM disks (not ISO libraries, the tools SR or removable
/// devices) and have room for the VM's disks; the pool's default SR first, then by name.
pub fn copy_targets(cache: &Cache, vm: &Ref<Vm>, show_hidden: bool) -> Vec<CopyTarget> {
    let needed: i64 = disks(cache, vm)
        .iter()
        .filter_map(|d| cache.vdis.get(d))
        .map(|d| d.virtual_size.max(0))
        .sum();
    disk_targets(cache, needed, show_hidden)
}

/// The SRs disks of `needed` bytes in all may go to (a copy's, an import's), as
/// [`copy_targets`] chooses them.
pub fn disk_targets(cache: &Cache, needed: i64, show_hidden: bool) -> Vec<CopyTarget> {
    let default = cache.pool().map(|(_, p)| p.default_sr.clone());
    let mut out: Vec<(&Sr, CopyTarget)> = cache
        .srs
        .iter()
        .filter(|(_, s)| {
            crate::model::visibility::sr_shown(s, show_hidden)
                && s.content_type != "iso"
                && s.sr_type != "iso"
                && s.sr_type != "udev"
                && !crate::model::visibility::is_tools_sr(s)
                && s.physical_size > 0
        })
        .map(|(r, s)| {
            let free = (s.physical_size - s.physical_utilisation).max(0);
            (
                s,
                CopyTarget {
                    sr: r.clone(),
                    free,
                },
            )
        })
        .filter(|(_, t)| t.free >= needed)
        .collect();
    out.sort_by(|a, b| {
        let da = Some(&a.1.sr) != default.as_ref();
        let db = Some(&b.1.sr) != default.as_ref();
        da.cmp(&db)
            .then_with(|| crate::model::natural::compare(&a.0.name_label, &b.0.name_label))
    });
    out.into_iter().map(|(_, t)| t).collect()
}

/// Destroys a VM (or snapshot), then the disks chosen (XenCenter's order: the VBDs go with
/// the VM, so the disks are free to destroy) and its memory image (`suspend_VDI`, which
/// xapi's VM.destroy leaves: XenCenter's VMDestroyAction, CA-91072). A disk already gone
/// (HANDLE_INVALID) does not stop the rest (CA-115249).
pub fn destroy(cache: &Cache, vm: &Ref<Vm>, with_disks: &[Ref<Vdi>]) -> Plan {
    let v = cache.vms.get(vm);
    let image = v
        .map(|v| v.suspend_vdi.clone())
        .filter(|i| cache.vdis.contains_key(i) && !with_disks.contains(i));
    let uuid = uuid_of_vm(cache, vm);
    let mut steps = vec![Step::task("VM.destroy", vec![r(vm)])];
    let mut xe = Vec::new();
    if v.is_some_and(|v| v.is_a_snapshot) && with_disks.len() == disks(cache, vm).len() {
        xe.push(format!(
            "xe snapshot-uninstall snapshot-uuid={uuid} force=true"
        ));
    } else {
        xe.push(format!("xe vm-destroy uuid={uuid}"));
        for d in with_disks {
            let du = cache
                .vdis
                .get(d)
                .map(|x| x.uuid.clone())
                .unwrap_or_default();
            xe.push(format!("xe vdi-destroy uuid={du}"));
        }
    }
    if let Some(i) = &image {
        let u = cache
            .vdis
            .get(i)
            .map(|x| x.uuid.clone())
            .unwrap_or_default();
        if !xe.iter().any(|l| l.starts_with("xe snapshot-uninstall")) {
            xe.push(format!("xe vdi-destroy uuid={u}"));
        }
    }
    steps.extend(
        with_disks
            .iter()
            .chain(image.iter())
            .map(|d| Step::task("VDI.destroy", vec![r(d)]).tolerating(&[codes::HANDLE_INVALID])),
    );
    Plan {
        steps,
        xe,
        creates: None,
    }
}

/// A fast clone (same SR, copy-on-write where the SR can), or a full copy to `sr`.
pub fn copy(
    cache: &Cache,
    vm: &Ref<Vm>,
    name: &str,
    description: &str,
    sr: Option<&Ref<Sr>>,
) -> Plan {
    let uuid = uuid_of_vm(cache, vm);
    let (step, mut xe) = match sr {
        None => (
            Step::task("VM.clone", vec![r(vm), s(name)]),
            format!("xe vm-clone uuid={uuid} new-name-label={}", quote(name)),
        ),
        Some(sr) => {
            let sr_uuid = cache
                .srs
                .get(sr)
                .map(|x| x.uuid.clone())
                .unwrap_or_default();
            (
                Step::task("VM.copy", vec![r(vm), s(name), r(sr)]),
                format!(
                    "xe vm-copy uuid={uuid} new-name-label={} sr-uuid={sr_uuid}",
                    quote(name)
                ),
            )
        }
    };
    let mut steps = vec![step];
    if !description.is_empty() {
        steps.push(Step::call(
            "VM.set_name_description",
            vec![Arg::Result(0), s(description)],
        ));
        xe.push_str(&format!(" new-name-description={}", quote(description)));
    }
    Plan {
        steps,
        xe: vec![xe],
        creates: None,
    }
}

/// Moves a running VM to another host of the pool, live.
pub fn migrate(cache: &Cache, vm: &Ref<Vm>, host: &Ref<Host>) -> Plan {
    let uuid = uuid_of_vm(cache, vm);
    let host_uuid = uuid_of_host(cache, host);
    Plan {
        steps: vec![Step::task(
            "VM.pool_migrate",
            vec![r(vm), r(host), Arg::Value(json!({"live": "true"}))],
        )],
        xe: vec![format!(
            "xe vm-migrate uuid={uuid} host-uuid={host_uuid} live=true"
        )],
        creates: None,
    }
}

/// Several plans one after the other (one action on several VMs).
pub fn all(plans: impl IntoIterator<Item = Plan>) -> Plan {
    let mut out = Plan::default();
    for p in plans {
        out.extend(p);
    }
    out
}

/// Why an action is not available on a VM now.
#[derive(Debug, Clone, PartialEq)]
pub enum Blocked {
    /// Templates, snapshots and control domains take no lifecycle actions.
    NotAGuest,
    /// Another operation runs on the VM (its name, as in `current_operations`).
    Busy(String),
    /// The power state does not allow it.
    PowerState(PowerState),
    /// xapi does not list it in `allowed_operations` (e.g. no other host to move to).
    NotAllowed,
}

/// Whether xapi allows `operation` (its `allowed_operations` name) on `vm` now, and if not,
/// the likeliest reason: a running operation first, then the power state.
pub fn allowed(cache: &Cache, vm: &Ref<Vm>, operation: &str) -> Result<(), Blocked> {
    let Some(v) = cache.vms.get(vm) else {
        return Err(Blocked::NotAllowed);
    };
    // A snapshot is also a template in xapi: it takes only these.
    let snapshot_op = matches!(operation, "revert" | "destroy" | "clone" | "copy");
    let refused = if v.is_a_snapshot {
        !snapshot_op
    } else {
        v.is_control_domain || v.is_a_template
    };
    if refused {
        return Err(Blocked::NotAGuest);
    }
    if v.allowed_operations.iter().any(|o| o == operation) {
        return Ok(());
    }
    if let Some(op) = v.current_operations.values().next() {
        return Err(Blocked::Busy(op.clone()));
    }
    let state_ok = match operation {
        "start" | "start_on" | "clone" | "copy" => v.power_state == PowerState::Halted,
        "clean_shutdown" | "clean_reboot" | "suspend" | "pause" | "pool_migrate" => {
            v.power_state == PowerState::Running
        }
        "hard_shutdown" | "checkpoint" => v.power_state != PowerState::Halted,
        "hard_reboot" => matches!(v.power_state, PowerState::Running | PowerState::Paused),
        "resume" => v.power_state == PowerState::Suspended,
        "unpause" => v.power_state == PowerState::Paused,
        "destroy" => matches!(v.power_state, PowerState::Halted | PowerState::Suspended),
        _ => true,
    };
    if state_ok {
        Err(Blocked::NotAllowed)
    } else {
        Err(Blocked::PowerState(v.power_state.clone()))
    }
}

#[cfg(test)]
mod tests;
