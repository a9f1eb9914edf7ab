//! The Boot options page: the boot mode (BIOS, UEFI, Secure Boot), the vTPM and the boot
//! order.

#[allow(unused_imports)]
use super::*;

/// The boot devices xapi knows, in XenCenter's words.
const DEVICES: [(char, &str); 3] = [
    ('c', "vmp-boot-disk"),
    ('d', "vmp-boot-dvd"),
    ('n', "vmp-boot-network"),
];

/// The boot mode of one VM: BIOS, UEFI or UEFI Secure Boot, as XenCenter's
/// BootModesControl offers them (those it cannot take greyed, saying why; fixed once the VM
/// has booted). A choice changes `HVM_boot_params:firmware` and `platform:secureboot`.
fn boot_mode(w: &mut VmPropsWindow, ui: &mut egui::Ui, view: &AppView, cache: &xenapi::Cache) {
    use crate::model::boot_modes::{self, BootMode, BootWhyNot};
    let i18n = view.i18n;
    let mode_of = |p: &crate::model::vm_props::Props| match (
        p.boot_params.get("firmware").map(String::as_str),
        p.platform.get("secureboot").map(String::as_str),
    ) {
        (Some("uefi"), Some("true")) => BootMode::SecureBoot,
        (Some("uefi"), _) => BootMode::Uefi,
        _ => BootMode::Bios,
    };
    let was = mode_of(&w.was);
    let mut chosen = mode_of(&w.now);
    ui.label(egui::RichText::new(i18n.get("vmp-boot-mode")).strong());
    // Once the VM has booted its mode is fixed, whatever else could be said of the others.
    let booted = cache
        .vms
        .get(&w.vm)
        .is_some_and(|v| !v.last_boot_cpu_flags.is_empty());
    for o in boot_modes::options(cache, Some(&w.vm)) {
        // The mode it has is never greyed: it is where it stands.
        let why = if o.mode == was {
            None
        } else if booted {
            Some(BootWhyNot::AlreadyBooted)
        } else {
            o.why_not
        };
        ui.horizontal(|ui| {
            ui.add_enabled_ui(why.is_none(), |ui| {
                ui.radio_value(&mut chosen, o.mode, i18n.get(o.mode.label_id()))
            });
            if let Some(why) = why {
                ui.weak(i18n.get(match why {
                    BootWhyNot::AlreadyBooted => "vmp-boot-fixed",
                    BootWhyNot::NeedsVtpm => "vmp-boot-needs-uefi",
                    _ => "vmp-boot-unsupported",
                }));
            }
        });
    }
    if chosen != mode_of(&w.now) {
        if chosen == was {
            // Back to where it was: the keys as they were.
            for (map, was_map, key) in [
                (&mut w.now.boot_params, &w.was.boot_params, "firmware"),
                (&mut w.now.platform, &w.was.platform, "secureboot"),
            ] {
                match was_map.get(key) {
                    Some(v) => map.insert(key.into(), v.clone()),
                    None => map.remove(key),
                };
            }
        } else {
            w.now
                .boot_params
                .insert("firmware".into(), chosen.firmware().into());
            w.now
                .platform
                .insert("secureboot".into(), chosen.secureboot().into());
        }
    }
    if boot_modes::secure_boot_lacks_certificates(cache, chosen) {
        ui.colored_label(ui.visuals().warn_fg_color, i18n.get("wiz-boot-no-certs"));
    }
}

/// The vTPM checkbox, as XenCenter's `VtpmCommand` and `VM.CanAddVtpm` offer it: adding
/// one needs the pool's licence (`restrict_vtpm=false`) and UEFI; adding or removing needs
/// the VM halted (marked, and planned as shutdown → change → start, for a running VM).
fn vtpm(
    w: &mut VmPropsWindow,
    ui: &mut egui::Ui,
    view: &AppView,
    cache: &xenapi::Cache,
    facts: &VmFacts,
) {
    let i18n = view.i18n;
    let licensed = cache
        .pools
        .values()
        .next()
        .and_then(|p| p.restrictions.get("restrict_vtpm"))
        .is_some_and(|v| v == "false");
    // Removing is never refused for these reasons: only adding one.
    let why = if w.was.vtpm || w.now.vtpm {
        None
    } else if !licensed {
        Some("vmp-vtpm-restricted")
    } else if !w.now.uefi() {
        Some("vmp-vtpm-needs-uefi")
    } else {
        None
    };
    ui.horizontal(|ui| {
        let label = i18n.get("vmp-vtpm");
        let r = ui.add_enabled(why.is_none(), egui::Checkbox::new(&mut w.now.vtpm, &label));
        named(&r, Role::CheckBox, &label);
        if let Some(why) = why {
            ui.weak(i18n.get(why));
        } else if facts.power != PowerState::Halted {
            halt_mark(ui, true, i18n);
        }
    });
    if w.was.vtpm && !w.now.vtpm {
        ui.colored_label(ui.visuals().warn_fg_color, i18n.get("vmp-vtpm-remove-warn"));
    }
}

pub(super) fn boot(
    w: &mut VmPropsWindow,
    ui: &mut egui::Ui,
    view: &AppView,
    facts: &VmFacts,
    loader: &str,
) {
    let i18n = view.i18n;
    if !facts.hvm {
        ui.label(i18n.get_args("vmp-boot-pv", &[("loader", loader)]));
        return;
    }
    let firmware = match w.now.boot_params.get("firmware").map(String::as_str) {
        Some("uefi")
            if w.now
                .platform
                .get("secureboot")
                .is_some_and(|v| v == "true") =>
        {
            "vmp-firmware-secure"
        }
        Some("uefi") => "vmp-firmware-uefi",
        _ => "vmp-firmware-bios",
    };
    let cache = view.pools.cache_of(Some(w.pool));
    if let (Some(cache), 1) = (cache, w.targets.len()) {
        boot_mode(w, ui, view, cache);
        ui.add_space(6.0);
        vtpm(w, ui, view, cache, facts);
    } else {
        ui.label(i18n.get_args("vmp-firmware", &[("firmware", &i18n.get(firmware))]));
        ui.weak(i18n.get("vmp-firmware-note"));
    }
    ui.add_space(6.0);
    ui.label(egui::RichText::new(i18n.get("vmp-boot-order")).strong());
    // The order as xapi keeps it, then the devices it leaves out (unticked).
    let order: Vec<char> = w.now.boot_order().to_ascii_lowercase().chars().collect();
    let mut rows: Vec<(char, bool)> = order
        .iter()
        .filter(|c| DEVICES.iter().any(|d| d.0 == **c))
        .map(|c| (*c, true))
        .collect();
    for (c, _) in DEVICES {
        if !rows.iter().any(|r| r.0 == c) {
            rows.push((c, false));
        }
    }
    let mut changed = false;
    let n = rows.len();
    egui::Grid::new("vmp-boot-grid")
        .num_columns(3)
        .show(ui, |ui| {
            for i in 0..n {
                let id = DEVICES
                    .iter()
                    .find(|d| d.0 == rows[i].0)
                    .map_or("", |d| d.1);
                let name = i18n.get(id);
                let r = ui.checkbox(&mut rows[i].1, &name);
                named(&r, Role::CheckBox, &name);
                changed |= r.changed();
                if ui
                    .add_enabled(i > 0, egui::Button::new("↑"))
                    .on_hover_text(i18n.get("vmp-boot-up"))
                    .clicked()
                {
                    rows.swap(i, i - 1);
                    changed = true;
                }
                if ui
                    .add_enabled(i + 1 < n, egui::Button::new("↓"))
                    .on_hover_text(i18n.get("vmp-boot-down"))
                    .clicked()
                {
                    rows.swap(i, i + 1);
                    changed = true;
                }
                ui.end_row();
            }
        });
    if changed {
        let s: String = rows.iter().filter(|r| r.1).map(|r| r.0).collect();
        w.now.boot_params.insert("order".into(), s);
    }
}
