//! A network's Properties: name, description, MTU (the NIC forms' rules), tags, whether new
//! VMs get it, and a bonded network's mode; Apply sends only what changed (a tag added or
//! removed, one `other_config` key), run in the dialog with its steps said.

use crate::model::names;
use crate::model::net_plans::{BondMode, NetForm};
use crate::ui::actions::Action;
use crate::ui::command::Command;
use crate::ui::edit_form::xe_panel;
use crate::ui::hosts::exit::apply_status;
use crate::ui::hosts::runner::{Ended, Runner};
use crate::ui::lifecycle::dialogs::text_field;
use crate::ui::windows::{AppView, AppWindow, window_any};
use eframe::egui;
use xenapi::{Cache, Network, Ref};

pub struct NetPropsDialog {
    pub pool: u64,
    pub net: Ref<Network>,
    was: NetForm,
    pub form: NetForm,
    runner: Option<Runner>,
    /// The tag being typed in the tags row.
    new_tag: String,
    first: bool,
}

impl NetPropsDialog {
    pub fn new(cache: &Cache, pool: u64, net: Ref<Network>) -> Option<Self> {
        let was = NetForm::of(cache, &net)?;
        Some(NetPropsDialog {
            pool,
            net,
            form: was.clone(),
            was,
            runner: None,
            new_tag: String::new(),
            first: true,
        })
    }
}

impl AppWindow for NetPropsDialog {
    fn kind(&self) -> &'static str {
        "network-properties"
    }

    window_any!();

    fn show(&mut self, ctx: &egui::Context, view: &AppView, _out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let Some(cache) = view.pools.cache_of(Some(self.pool)) else {
            return false;
        };
        let Some(n) = cache.networks.get(&self.net) else {
            return false;
        };
        let title = format!(
            "{} · {}",
            Action::NetworkProperties.label(i18n),
            names::network_name(i18n, cache, n)
        );
        if let Some(r) = &self.runner
            && matches!(r.ended, Some(Ended::Done))
            && let Some(now) = NetForm::of(cache, &self.net)
        {
            self.was = now;
        }
        let writable = view.can_write_to(Some(self.pool));
        let id = egui::Id::unique(("network-properties", self.net.as_str()));
        let mut open = true;
        let mut close = false;
        let first = std::mem::take(&mut self.first);
        let in_use = crate::model::tags::all_tags(cache);
        crate::ui::dialog_window::modal(egui::Window::new(&title), ctx, id)
            .id(id)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.set_max_width(520.0);
                let f = &mut self.form;
                ui.add_enabled_ui(writable, |ui| {
                    egui::Grid::new("net-props").num_columns(2).show(ui, |ui| {
                        text_field(ui, &i18n.get("prop-name"), &mut f.name, first);
                        ui.end_row();
                        text_field(ui, &i18n.get("prop-description"), &mut f.description, false);
                        ui.end_row();
                        text_field(ui, &i18n.get("net-mtu"), &mut f.mtu, false);
                        ui.end_row();
                        crate::ui::tags_edit::grid_row(
                            ui,
                            i18n,
                            &mut f.tags,
                            &mut self.new_tag,
                            &in_use,
                        );
                        if let Some(mode) = &mut f.mode {
                            ui.label(i18n.get("net-new-mode"));
                            ui.vertical(|ui| {
                                for m in BondMode::ALL {
                                    ui.radio_value(mode, m, i18n.get(m.label_id()));
                                }
                            });
                            ui.end_row();
                        }
                    });
                    ui.checkbox(&mut f.auto_add, i18n.get("net-auto-add"));
                });
                if let Some(bad) = f.invalid() {
                    ui.colored_label(ui.visuals().error_fg_color, i18n.get(bad.id()));
                }
                // A bigger MTU than 1500 needs every switch on the way to carry it.
                if crate::model::net_plans::mtu_of(&f.mtu).is_some_and(|m| m != 1500 && m != 9000) {
                    ui.colored_label(ui.visuals().warn_fg_color, i18n.get("net-mtu-unusual"));
                }
                if f.mtu.trim() != self.was.mtu.trim() && !n.pifs.is_empty() {
                    ui.weak(i18n.get("net-mtu-replug"));
                }
                let plan = f.plan(cache, &self.net, &self.was);
                xe_panel(ui, i18n, &plan.xe);
                let running = apply_status(ui, view, cache, &mut self.runner, self.pool, writable);
                let ok = writable && f.invalid().is_none() && !plan.steps.is_empty() && !running;
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(ok, egui::Button::new(i18n.get("form-apply")))
                        .clicked()
                    {
                        self.runner = Runner::start(view, self.pool, plan);
                    }
                    if ui.button(i18n.get("close")).clicked() {
                        close = true;
                    }
                });
            });
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            close = true;
        }
        open && !close
    }
}
