//! The maintenance dialog's progress: the step running, each VM's state, and on failure
//! which step and VM, what moved, and whether the server stays disabled.

use super::runner::{Ended, Runner, step_words};
use crate::model::host_ops::VmRow;
use crate::model::names;
use crate::ui::edit_form::xe_panel;
use crate::ui::windows::AppView;
use eframe::egui;
use xenapi::records::PowerState;
use xenapi::{Cache, Error, Host, Ref, Vm};

/// A VM's state while (or after) the server is emptied, from the cache.
fn vm_progress(view: &AppView, cache: &Cache, host: &Ref<Host>, vm: &Ref<Vm>) -> String {
    let i18n = view.i18n;
    let Some(v) = cache.vms.get(vm) else {
        return String::new();
    };
    if let Some(op) = v.current_operations.values().next() {
        return match op.as_str() {
            "pool_migrate" | "migrate_send" => i18n.get("evac-vm-moving"),
            _ => i18n.get_args("evac-vm-busy", &[("op", op)]),
        };
    }
    match v.power_state {
        PowerState::Halted => i18n.get("evac-vm-halted"),
        PowerState::Suspended => i18n.get("evac-vm-suspended"),
        _ if v.resident_on == *host => i18n.get("evac-vm-here"),
        _ => i18n.get_args(
            "evac-vm-moved",
            &[("host", &names::host_label(cache, &v.resident_on))],
        ),
    }
}

/// The VM a failure names (a ref among the error's parameters, or inside
/// `CANNOT_EVACUATE_HOST`'s "code,ref|code,ref").
fn failed_vm(cache: &Cache, e: &Error) -> Option<Ref<Vm>> {
    let api = e.api()?;
    api.params
        .iter()
        .flat_map(|p| p.split(['|', ',']))
        .map(|p| Ref::new(p.trim().to_string()))
        .find(|r| cache.vms.contains_key(r))
}

/// The plan running (or ended): the step, each VM's state, and on failure what happened.
pub fn progress(
    ui: &mut egui::Ui,
    view: &AppView,
    cache: &Cache,
    host: &Ref<Host>,
    rows: &[VmRow],
    runner: &Runner,
) {
    let i18n = view.i18n;
    let n = runner.plan.steps.len();
    match &runner.ended {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                let i = runner.step();
                let words = runner
                    .plan
                    .steps
                    .get(i)
                    .map(|s| step_words(i18n, cache, s))
                    .unwrap_or_default();
                ui.label(i18n.get_args(
                    "evac-step",
                    &[
                        ("n", &(i + 1).to_string()),
                        ("of", &n.to_string()),
                        ("what", &words),
                    ],
                ));
            });
        }
        Some(Ended::Done) => {
            ui.label(i18n.get("evac-done"));
        }
        // Only forms edit maps.
        Some(Ended::Conflict(_)) => {}
        Some(Ended::Failed { step, .. } | Ended::Vanished { step }) => {
            let words = runner
                .plan
                .steps
                .get(*step)
                .map(|s| step_words(i18n, cache, s))
                .unwrap_or_default();
            let error = match &runner.ended {
                Some(Ended::Failed { error, .. }) => crate::ui::errors::action(i18n, error),
                _ => i18n.get("err-worker-vanished"),
            };
            ui.colored_label(
                ui.visuals().error_fg_color,
                i18n.get_args("evac-failed", &[("what", &words), ("error", &error)]),
            );
            if let Some(Ended::Failed { error, .. }) = &runner.ended
                && let Some(vm) = failed_vm(cache, error)
            {
                let name = cache
                    .vms
                    .get(&vm)
                    .map(|v| names::vm_name(i18n, v))
                    .unwrap_or_default();
                ui.label(i18n.get_args("evac-failed-vm", &[("vm", &name)]));
            }
            let moved: Vec<String> = rows
                .iter()
                .filter(|r| cache.vms.get(&r.vm).is_some_and(|v| v.resident_on != *host))
                .filter_map(|r| cache.vms.get(&r.vm).map(|v| names::vm_name(i18n, v)))
                .collect();
            if moved.is_empty() {
                ui.label(i18n.get("evac-moved-none"));
            } else {
                ui.label(i18n.get_counted(
                    "evac-moved",
                    moved.len(),
                    &[("names", &moved.join(", "))],
                ));
            }
            let disabled = cache.hosts.get(host).is_some_and(|h| !h.enabled);
            ui.strong(i18n.get(if disabled {
                "evac-stays-disabled"
            } else {
                "evac-still-enabled"
            }));
        }
    }
    ui.add_space(4.0);
    egui::Grid::new("evac-progress-grid")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for row in rows {
                let name = cache
                    .vms
                    .get(&row.vm)
                    .map(|v| names::vm_name(i18n, v))
                    .unwrap_or_default();
                ui.label(name);
                ui.label(vm_progress(view, cache, host, &row.vm));
                ui.end_row();
            }
        });
    xe_panel(ui, i18n, &runner.plan.xe);
}
