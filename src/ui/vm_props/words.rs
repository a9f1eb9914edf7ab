//! What VM Properties says: a plan's steps, the form's problems and the fields changed, in
//! the user's words.

use crate::i18n::I18n;
use crate::model::vm_plans::Arg;
use crate::model::vm_props::{Change, Problem};

/// A step as the progress list shows it: the call and its values (not the VM's ref).
pub(super) fn step_label(method: &str, args: &[Arg]) -> String {
    let vals: Vec<String> = args
        .iter()
        .skip(1)
        .map(|a| match a {
            Arg::Value(serde_json::Value::String(s)) => format!("{s:?}"),
            Arg::Value(v) => v.to_string(),
            _ => String::new(),
        })
        .collect();
    format!("{method}({})", vals.join(", "))
}

/// A problem in the user's words.
pub(super) fn problem_text(i18n: &I18n, p: &Problem) -> String {
    match p {
        Problem::NameEmpty => i18n.get("vmp-err-name"),
        Problem::Vcpus => i18n.get("vmp-err-vcpus"),
        Problem::CoresNotDivisor { vcpus, cores } => i18n.get_args(
            "vmp-err-cores",
            &[("cores", &cores.to_string()), ("vcpus", &vcpus.to_string())],
        ),
        Problem::TooManySockets { sockets } => {
            i18n.get_args("vmp-err-sockets", &[("sockets", &sockets.to_string())])
        }
        Problem::MemoryOrder => i18n.get("vmp-err-memory-order"),
        Problem::MemoryPinned => i18n.get("vmp-err-memory-pinned"),
        Problem::VtpmNeedsUefi => i18n.get("vmp-err-vtpm-uefi"),
        Problem::Order => i18n.get("vmp-err-order"),
        Problem::StartDelay => i18n.get("vmp-err-delay"),
        Problem::HaPriority => i18n.get("vmp-err-ha"),
    }
}

/// The fields changed, in the user's words.
pub(super) fn fields(i18n: &I18n, changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| i18n.get(change_id(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn change_id(c: Change) -> &'static str {
    match c {
        Change::Name => "vmp-change-name",
        Change::Description => "vmp-change-description",
        Change::Tags => "vmp-change-tags",
        Change::Vcpus => "vmp-change-vcpus",
        Change::Topology => "vmp-change-topology",
        Change::Memory => "vmp-change-memory",
        Change::BootOrder => "vmp-change-boot-order",
        Change::Firmware => "vmp-change-firmware",
        Change::Vtpm => "vmp-change-vtpm",
        Change::Affinity => "vmp-change-home",
        Change::AutoPowerOn => "vmp-change-autostart",
        Change::Order => "vmp-change-order",
        Change::StartDelay => "vmp-change-delay",
        Change::HaPriority => "vmp-change-ha",
        Change::Platform => "vmp-change-platform",
        Change::OtherConfig => "vmp-change-other",
    }
}
