//! A server's management and storage interfaces (XenCenter's `NetworkingProperties`): the
//! management NIC and its address (DHCP or static: IP, netmask, gateway, DNS), or a storage
//! interface's address. Before Apply it says whether the change could cut this client off
//! (the address it is connected to changes) and what happens next; after it, the app
//! follows the coordinator to its new address and says so.

use crate::model::mgmt::{self, MgmtForm, Risk};
use crate::model::names;
use crate::ui::actions::Action;
use crate::ui::command::Command;
use crate::ui::edit_form::xe_panel;
use crate::ui::hosts::exit::run_line;
use crate::ui::hosts::runner::{Ended, Runner};
use crate::ui::lifecycle::dialogs::text_field;
use crate::ui::windows::{AppView, AppWindow, window_any};
use eframe::egui;
use xenapi::{Cache, Host, Pif, Ref};

pub struct MgmtDialog {
    pub pool: u64,
    pub host: Ref<Host>,
    /// The interface edited: the management one, or a storage one.
    pub edited: Ref<Pif>,
    pub form: MgmtForm,
    runner: Option<Runner>,
    /// What Apply warned of (kept to say what happened after).
    applied: Option<Risk>,
}

impl MgmtDialog {
    pub fn new(cache: &Cache, pool: u64, host: Ref<Host>) -> Option<Self> {
        let pif = mgmt::management_pif(cache, &host)?;
        Some(MgmtDialog {
            pool,
            host,
            form: MgmtForm::of(cache, &pif)?,
            edited: pif,
            runner: None,
            applied: None,
        })
    }

    fn is_management(&self, cache: &Cache) -> bool {
        mgmt::management_pif(cache, &self.host).as_ref() == Some(&self.edited)
    }

    /// The plan Apply sends now.
    pub fn plan(&self, cache: &Cache) -> crate::model::vm_plans::Plan {
        if self.is_management(cache) {
            self.form.plan(cache, &self.host)
        } else {
            self.form.address_plan(cache)
        }
    }
}

/// The address this client is connected to on `pool`.
fn connected_at(view: &AppView, pool: u64) -> String {
    view.pools
        .session_of(Some(pool))
        .and_then(|s| s.base_url().host_str().map(str::to_string))
        .unwrap_or_default()
}

fn risk_text(view: &AppView, risk: &Risk, host: &str) -> Option<(bool, String)> {
    let i18n = view.i18n;
    Some(match risk {
        Risk::None => return None,
        Risk::Moves { from, to } => (
            true,
            i18n.get_args(
                "mgmt-risk-moves",
                &[("host", host), ("from", from), ("to", to)],
            ),
        ),
        Risk::Unknown { from } => (
            true,
            i18n.get_args("mgmt-risk-dhcp", &[("host", host), ("from", from)]),
        ),
        Risk::Member => (false, i18n.get_args("mgmt-risk-member", &[("host", host)])),
    })
}

impl AppWindow for MgmtDialog {
    fn kind(&self) -> &'static str {
        "management-interface"
    }

    window_any!();

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let Some(cache) = view.pools.cache_of(Some(self.pool)) else {
            return false;
        };
        let Some(h) = cache.hosts.get(&self.host) else {
            return false;
        };
        let host_name = names::host_name(h);
        let title = format!(
            "{} · {}",
            Action::ManagementInterface.label(i18n),
            host_name
        );
        let writable = view.can_write_to(Some(self.pool));
        let running = self.runner.as_ref().is_some_and(|r| r.ended.is_none());
        let id = egui::Id::unique(("management-interface", self.host.as_str()));
        let mut open = true;
        let mut close = false;
        let mut apply = false;
        let connected = connected_at(view, self.pool);
        crate::ui::dialog_window::modal(egui::Window::new(&title), ctx, id)
            .id(id)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.set_max_width(560.0);
                ui.add_enabled_ui(writable && !running, |ui| {
                    interface_picker(self, ui, view, cache);
                    address_fields(self, ui, view, cache);
                });
                if let Some(bad) = self.form.invalid() {
                    ui.colored_label(ui.visuals().error_fg_color, i18n.get(bad.id()));
                }
                let plan = self.plan(cache);
                let risk = if self.is_management(cache) {
                    mgmt::risk(cache, &self.host, &self.form, &connected)
                } else {
                    Risk::None
                };
                if self.runner.is_none()
                    && let Some((cut, text)) = risk_text(view, &risk, &host_name)
                {
                    let color = if cut {
                        ui.visuals().warn_fg_color
                    } else {
                        ui.visuals().text_color()
                    };
                    ui.colored_label(color, text);
                }
                xe_panel(ui, i18n, &plan.xe);
                if let Some(r) = &mut self.runner {
                    r.poll();
                    run_line(ui, view, cache, r);
                    if matches!(r.ended, Some(Ended::Done)) {
                        after(ui, view, self.pool, self.applied.as_ref());
                    }
                }
                if !writable {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        view.read_only_text(Some(self.pool)),
                    );
                }
                ui.separator();
                let changed = MgmtForm::of(cache, &self.edited).as_ref() != Some(&self.form);
                let moved = self.is_management(cache)
                    && mgmt::management_pif(cache, &self.host).as_ref() != Some(&self.form.pif);
                let ok =
                    writable && self.form.invalid().is_none() && (changed || moved) && !running;
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(ok, egui::Button::new(i18n.get("form-apply")))
                        .clicked()
                    {
                        apply = true;
                    }
                    if ui.button(i18n.get("close")).clicked() {
                        close = true;
                    }
                });
                if apply {
                    if let Risk::Moves { to, .. } = &risk {
                        // Told first: the old address stops answering during the plan.
                        out.push(Command::ExpectCoordinatorAt {
                            pool: self.pool,
                            address: to.clone(),
                        });
                    }
                    self.applied = Some(risk);
                    self.runner = Runner::start(view, self.pool, plan);
                }
            });
        if running {
            ctx.request_repaint_after(std::time::Duration::from_millis(200));
        }
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            close = true;
        }
        open && !close
    }
}

/// Which interface: the management one (and the NIC it moves to), or a storage one.
fn interface_picker(d: &mut MgmtDialog, ui: &mut egui::Ui, view: &AppView, cache: &Cache) {
    let i18n = view.i18n;
    let pif_name = |r: &Ref<Pif>| {
        cache
            .pifs
            .get(r)
            .map(|p| names::pif_name(i18n, cache, p))
            .unwrap_or_default()
    };
    let Some(management) = mgmt::management_pif(cache, &d.host) else {
        return;
    };
    let mut edited = d.edited.clone();
    egui::Grid::new("mgmt-which-grid")
        .num_columns(2)
        .show(ui, |ui| {
            let label = i18n.get("mgmt-interface");
            ui.label(&label);
            let shown = if edited == management {
                i18n.get("mgmt-management")
            } else {
                i18n.get_args("mgmt-storage", &[("nic", &pif_name(&edited))])
            };
            egui::ComboBox::from_id_salt("mgmt_which")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut edited,
                        management.clone(),
                        i18n.get("mgmt-management"),
                    );
                    for s in mgmt::secondaries(cache, &d.host) {
                        let text = i18n.get_args("mgmt-storage", &[("nic", &pif_name(&s))]);
                        ui.selectable_value(&mut edited, s, text);
                    }
                })
                .response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &label));
            ui.end_row();
            if edited == management {
                let label = i18n.get("mgmt-nic");
                ui.label(&label);
                let mut pif = d.form.pif.clone();
                egui::ComboBox::from_id_salt("mgmt_nic")
                    .selected_text(pif_name(&pif))
                    .show_ui(ui, |ui| {
                        for c in mgmt::candidates(cache, &d.host) {
                            let text = pif_name(&c);
                            ui.selectable_value(&mut pif, c, text);
                        }
                    })
                    .response
                    .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &label));
                ui.end_row();
                if pif != d.form.pif
                    && let Some(f) = MgmtForm::of(cache, &pif)
                {
                    // The NIC's own address, if it has one, is the start.
                    d.form = f;
                }
            }
        });
    if edited != d.edited
        && let Some(f) = MgmtForm::of(cache, &edited)
    {
        d.edited = edited;
        d.form = f;
    }
}

/// DHCP or static, and the static fields.
fn address_fields(d: &mut MgmtDialog, ui: &mut egui::Ui, view: &AppView, _cache: &Cache) {
    let i18n = view.i18n;
    let f = &mut d.form;
    ui.horizontal(|ui| {
        ui.radio_value(&mut f.dhcp, true, i18n.get("mgmt-dhcp"));
        ui.radio_value(&mut f.dhcp, false, i18n.get("mgmt-static"));
    });
    ui.add_enabled_ui(!f.dhcp, |ui| {
        egui::Grid::new("mgmt-address-grid")
            .num_columns(2)
            .show(ui, |ui| {
                text_field(ui, &i18n.get("mgmt-ip"), &mut f.ip, false);
                ui.end_row();
                text_field(ui, &i18n.get("mgmt-netmask"), &mut f.netmask, false);
                ui.end_row();
                text_field(ui, &i18n.get("mgmt-gateway"), &mut f.gateway, false);
                ui.end_row();
                text_field(ui, &i18n.get("mgmt-dns"), &mut f.dns, false);
                ui.end_row();
            });
    });
}

/// After Apply: where the app talks to the pool now.
fn after(ui: &mut egui::Ui, view: &AppView, pool: u64, risk: Option<&Risk>) {
    let i18n = view.i18n;
    let now = connected_at(view, pool);
    match risk {
        Some(Risk::Moves { to, .. }) if now == *to => {
            ui.label(i18n.get_args("mgmt-followed", &[("to", to)]));
        }
        Some(Risk::Moves { to, .. }) => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(i18n.get_args("mgmt-following", &[("to", to)]));
            });
        }
        Some(Risk::Unknown { .. }) => {
            ui.label(i18n.get("mgmt-following-dhcp"));
        }
        _ => {}
    }
}
