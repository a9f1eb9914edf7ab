//! The `xe` command lines equivalent to each action, as the forms show them: objects by
//! uuid, names quoted for the shell.

use super::Action;
use crate::model::edit::quote;
use crate::xenapi::{Cache, Ref, Vm};

fn uuid_of<T>(
    map: &std::collections::HashMap<Ref<T>, T>,
    r: &Ref<T>,
    uuid: impl Fn(&T) -> &str,
) -> String {
    map.get(r)
        .map(|x| uuid(x).to_string())
        .unwrap_or_else(|| r.as_str().to_string())
}

/// The `xe` lines for `action` on `vm` (the New VM wizard's come from its plan).
pub fn commands(cache: &Cache, vm: &Ref<Vm>, action: &Action) -> Vec<String> {
    let u = uuid_of(&cache.vms, vm, |v| &v.uuid);
    let host = |h| uuid_of(&cache.hosts, h, |x| &x.uuid);
    let one = |s: String| vec![s];
    match action {
        Action::Start => one(format!("xe vm-start uuid={u}")),
        Action::StartOn(h) => one(format!("xe vm-start uuid={u} on={}", host(h))),
        Action::Resume => one(format!("xe vm-resume uuid={u}")),
        Action::ResumeOn(h) => one(format!("xe vm-resume uuid={u} on={}", host(h))),
        Action::CleanShutdown => one(format!("xe vm-shutdown uuid={u}")),
        Action::HardShutdown => one(format!("xe vm-shutdown uuid={u} --force")),
        Action::CleanReboot => one(format!("xe vm-reboot uuid={u}")),
        Action::HardReboot => one(format!("xe vm-reboot uuid={u} --force")),
        Action::Suspend => one(format!("xe vm-suspend uuid={u}")),
        Action::Pause => one(format!("xe vm-pause uuid={u}")),
        Action::Unpause => one(format!("xe vm-unpause uuid={u}")),
        Action::Snapshot { name } => one(format!(
            "xe vm-snapshot uuid={u} new-name-label={}",
            quote(name)
        )),
        Action::Checkpoint { name } => one(format!(
            "xe vm-checkpoint uuid={u} new-name-label={}",
            quote(name)
        )),
        Action::Revert => one(format!("xe snapshot-revert snapshot-uuid={u}")),
        Action::DeleteSnapshot => one(format!(
            "xe snapshot-uninstall snapshot-uuid={u} force=true"
        )),
        Action::Clone { name } => one(format!(
            "xe vm-clone uuid={u} new-name-label={}",
            quote(name)
        )),
        Action::Copy { name, sr } => one(format!(
            "xe vm-copy uuid={u} new-name-label={} sr-uuid={}",
            quote(name),
            uuid_of(&cache.srs, sr, |s| &s.uuid)
        )),
        Action::Migrate(h) => one(format!(
            "xe vm-migrate uuid={u} host-uuid={} live=true",
            host(h)
        )),
        Action::Delete { disks, snapshots } => {
            let mut out: Vec<String> = snapshots
                .iter()
                .map(|s| {
                    format!(
                        "xe snapshot-uninstall snapshot-uuid={} force=true",
                        uuid_of(&cache.vms, s, |v| &v.uuid)
                    )
                })
                .collect();
            let all = super::plan::disks_of(cache, vm);
            if !all.is_empty() && all.iter().all(|d| disks.contains(d)) {
                // Every disk goes: one command does it.
                out.push(format!("xe vm-uninstall uuid={u} force=true"));
            } else {
                out.push(format!("xe vm-destroy uuid={u}"));
                out.extend(disks.iter().map(|d| {
                    format!(
                        "xe vdi-destroy uuid={}",
                        uuid_of(&cache.vdis, d, |x| &x.uuid)
                    )
                }));
            }
            out
        }
        Action::NewVm(spec) => super::new_vm::plan(cache, spec).xe,
    }
}
