//! The New Network wizard, as XenCenter's `NewNetworkWizard`: page one picks the kind
//! (external on a VLAN, private to one server, bonded; cross-server private said why not),
//! page two its NIC and tag or its bond's NICs and mode, the name, description, MTU and
//! whether new VMs get it; each page checked before Next, the `xe` lines shown, and Finish
//! hands the plan to the one plan runner.

use crate::i18n::I18n;
use crate::model::names;
use crate::model::net_plans::{self as np, BondMode, NetInvalid, NetKind, NewNetwork};
use crate::model::tree::Node;
use crate::ui::actions::Action;
use crate::ui::command::Command;
use crate::ui::dialog_window::fixed_area;
use crate::ui::edit_form::xe_panel;
use crate::ui::lifecycle::dialogs::text_field;
use crate::ui::windows::{AppView, AppWindow, window_any};
use eframe::egui;
use xenapi::Cache;

/// The page's size and the footer's (its problem lines), whatever they show.
const PAGE: egui::Vec2 = egui::vec2(580.0, 300.0);
const FOOTER: egui::Vec2 = egui::vec2(580.0, 40.0);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Kind,
    Details,
}

pub struct NewNetworkWizard {
    pool: u64,
    page: Page,
    pub spec: NewNetwork,
    first: bool,
}

impl NewNetworkWizard {
    pub fn open(pool: u64, cache: &Cache) -> Option<NewNetworkWizard> {
        np::coordinator(cache)?;
        Some(NewNetworkWizard {
            pool,
            page: Page::Kind,
            spec: NewNetwork::default(),
            first: true,
        })
    }

    /// What stops Finish now, in words.
    fn invalid_text(&self, i18n: &I18n, cache: &Cache) -> Option<String> {
        let bad = self.spec.invalid(cache)?;
        Some(match &bad {
            NetInvalid::VlanInUse(tag) => i18n.get_args(bad.id(), &[("tag", &tag.to_string())]),
            NetInvalid::BondMissing(host) => i18n.get_args(bad.id(), &[("host", host)]),
            _ => i18n.get(bad.id()),
        })
    }
}

impl AppWindow for NewNetworkWizard {
    fn kind(&self) -> &'static str {
        "new-network"
    }

    window_any!();

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let Some(cache) = view.pools.cache_of(Some(self.pool)) else {
            return false;
        };
        let title = Action::NewNetwork.label(i18n);
        let id = egui::Id::unique("new-network-wizard");
        let mut open = true;
        let mut finish = false;
        let mut close = false;
        let first = std::mem::take(&mut self.first);
        let writable = view.can_write_to(Some(self.pool));
        let operator = super::pool_operator(view, self.pool);
        crate::ui::dialog_window::modal(egui::Window::new(&title), ctx, id)
            .id(id)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                // One size for both pages and any problem: the buttons stay put.
                let invalid = fixed_area(ui, "new_net_page", PAGE, |ui| match self.page {
                    Page::Kind => {
                        kind_page(self, ui, i18n, operator);
                        None
                    }
                    Page::Details => {
                        details_page(self, ui, i18n, cache, first);
                        self.invalid_text(i18n, cache)
                    }
                });
                fixed_area(ui, "new_net_footer", FOOTER, |ui| {
                    if let Some(text) = &invalid {
                        ui.colored_label(ui.visuals().error_fg_color, text);
                    }
                    if !writable {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            view.read_only_text(Some(self.pool)),
                        );
                    }
                });
                ui.separator();
                ui.horizontal(|ui| match self.page {
                    Page::Kind => {
                        if ui.button(i18n.get("wiz-next")).clicked() {
                            self.page = Page::Details;
                            self.first = true;
                        }
                        if ui.button(i18n.get("cancel")).clicked() {
                            close = true;
                        }
                    }
                    Page::Details => {
                        if ui.button(i18n.get("wiz-back")).clicked() {
                            self.page = Page::Kind;
                        }
                        let ok = writable && invalid.is_none();
                        if ui
                            .add_enabled(ok, egui::Button::new(i18n.get("net-new-finish")))
                            .clicked()
                        {
                            finish = true;
                        }
                        if ui.button(i18n.get("cancel")).clicked() {
                            close = true;
                        }
                    }
                });
            });
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            close = true;
        }
        if finish {
            let owner = cache
                .pools
                .keys()
                .next()
                .map_or(Node::Conn(self.pool), |r| Node::Pool(r.clone()));
            out.push(Command::RunOwnedPlan {
                pool: self.pool,
                action: Action::NewNetwork,
                owner,
                name: Some(self.spec.name.trim().to_string()),
                plan: self.spec.plan(cache),
            });
            return false;
        }
        open && !close
    }
}

/// Page one: the kind of network.
fn kind_page(w: &mut NewNetworkWizard, ui: &mut egui::Ui, i18n: &I18n, operator: bool) {
    ui.label(i18n.get("net-new-kind-intro"));
    let kinds = [
        (
            NetKind::External,
            "net-kind-external",
            "net-kind-external-tip",
            operator,
        ),
        (
            NetKind::Private,
            "net-kind-private",
            "net-kind-private-tip",
            true,
        ),
        (
            NetKind::Bonded,
            "net-kind-bonded",
            "net-kind-bonded-tip",
            operator,
        ),
    ];
    for (kind, label, tip, may) in kinds {
        let resp = ui.add_enabled(
            may,
            egui::RadioButton::new(w.spec.kind == kind, i18n.get(label)),
        );
        if resp.clicked() {
            w.spec.kind = kind;
        }
        if !may {
            ui.weak(i18n.get_args("why-role", &[("role", &i18n.get("role-pool-operator"))]));
        }
        ui.indent(label, |ui| ui.weak(i18n.get(tip)));
    }
    // Cross-server private networks are xapi tunnels, which need an SDN controller.
    ui.add_enabled(
        false,
        egui::RadioButton::new(false, i18n.get("net-kind-cross-server")),
    );
    ui.indent("cross-server", |ui| {
        ui.weak(i18n.get("net-kind-cross-server-why"))
    });
    if !operator && w.spec.kind != NetKind::Private {
        w.spec.kind = NetKind::Private;
    }
}

/// Page two: what the kind needs, then the name and the rest.
fn details_page(
    w: &mut NewNetworkWizard,
    ui: &mut egui::Ui,
    i18n: &I18n,
    cache: &Cache,
    first: bool,
) {
    let Some(master) = np::coordinator(cache) else {
        return;
    };
    let spec = &mut w.spec;
    if spec.name.is_empty() {
        spec.name = i18n.get("net-new-default-name");
    }
    egui::Grid::new("net-new-grid")
        .num_columns(2)
        .show(ui, |ui| {
            text_field(ui, &i18n.get("dlg-name"), &mut spec.name, first);
            ui.end_row();
            text_field(
                ui,
                &i18n.get("dlg-description"),
                &mut spec.description,
                false,
            );
            ui.end_row();
            match spec.kind {
                NetKind::External => {
                    let nics = np::nics_of(cache, &master);
                    if spec.nic.is_none() {
                        spec.nic = nics.first().map(|(r, _)| (*r).clone());
                    }
                    let shown = spec
                        .nic
                        .as_ref()
                        .and_then(|r| cache.pifs.get(r))
                        .map(|p| names::pif_name(i18n, cache, p))
                        .unwrap_or_default();
                    let label = i18n.get("net-new-nic");
                    ui.label(&label);
                    egui::ComboBox::from_id_salt("net-new-nic")
                        .selected_text(shown)
                        .show_ui(ui, |ui| {
                            for (r, p) in &nics {
                                ui.selectable_value(
                                    &mut spec.nic,
                                    Some((*r).clone()),
                                    names::pif_name(i18n, cache, p),
                                );
                            }
                        })
                        .response
                        .widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &label)
                        });
                    ui.end_row();
                    text_field(ui, &i18n.get("net-new-vlan"), &mut spec.vlan, false);
                    ui.end_row();
                    if let Some(nic) = &spec.nic {
                        let used = np::tags_on(cache, nic);
                        if !used.is_empty() {
                            ui.label("");
                            let list: Vec<String> = used.iter().map(i64::to_string).collect();
                            ui.weak(
                                i18n.get_args("net-new-vlans-used", &[("tags", &list.join(", "))]),
                            );
                            ui.end_row();
                        }
                    }
                }
                NetKind::Bonded => {
                    ui.label(i18n.get("net-new-members"));
                    ui.vertical(|ui| {
                        for dev in np::bondable(cache, &master) {
                            let mut on = spec.members.contains(&dev);
                            let name = cache
                                .pifs
                                .values()
                                .find(|p| p.host == master && p.device == dev && p.vlan < 0)
                                .map(|p| names::pif_name(i18n, cache, p))
                                .unwrap_or_else(|| dev.clone());
                            if ui.checkbox(&mut on, name).changed() {
                                if on {
                                    spec.members.push(dev.clone());
                                } else {
                                    spec.members.retain(|m| *m != dev);
                                }
                            }
                        }
                    });
                    ui.end_row();
                    ui.label(i18n.get("net-new-mode"));
                    ui.vertical(|ui| {
                        for m in BondMode::ALL {
                            ui.radio_value(&mut spec.mode, m, i18n.get(m.label_id()));
                        }
                    });
                    ui.end_row();
                }
                NetKind::Private => {}
            }
            text_field(ui, &i18n.get("net-mtu"), &mut spec.mtu, false);
            ui.end_row();
        });
    ui.checkbox(&mut spec.auto_add, i18n.get("net-auto-add"));
    if spec.kind == NetKind::Bonded {
        ui.weak(i18n.get("net-new-bond-all-hosts"));
    }
    ui.add_space(6.0);
    xe_panel(ui, i18n, &spec.plan(cache).xe);
}
