//! The details pane's General tab: the selection's general properties (the objects
//! they name are links; related objects are the other tabs' business), a VM's xenstore-data, and its
//! other_config with XenServer's internal keys folded away; for a group node, its members in
//! a table. Long values end in "…" (the whole value shows on hover).

use super::actions::{Action, draw};
use super::{AppView, Command};
use crate::model::details::{self, Details, members};
use crate::model::tree::{Node, TreeItem};
use crate::model::visibility::ObjectType;
use eframe::egui::{self, Align, Layout, RichText, Sense};
use i18n_embed_fl::fl;

/// Draws the selection's details; what the user asks for goes to `out`.
pub fn ui(view: &AppView, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let l = &view.i18n.loader;
    let Some(node) = view.selected else {
        ui.weak(fl!(l, "details-none"));
        return;
    };
    match node {
        Node::Conn(id) => {
            // A pool that is not loaded: its name, its state and what can be done with it.
            let Some(i) = view.pools.index(*id) else {
                ui.weak(fl!(l, "details-gone"));
                return;
            };
            let p = &view.pools[i];
            heading(ui, None, &p.name);
            ui.label(super::status_bar::status_text(
                view.i18n, &p.status, &p.cache,
            ));
            ui.horizontal(|ui| out.extend(draw::context(ui, view, node)));
        }
        Node::Group(ty) => group(view, ui, Some(*ty), node, out),
        Node::Tag(_) | Node::Folder(_) => group(view, ui, None, node, out),
        _ => object(view, ui, node, out),
    }
}

/// Back and Forward, enabled when there is somewhere to go.
pub(super) fn history_buttons(view: &AppView, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let h = view.history;
    out.extend(draw::icon_button(
        ui,
        view.i18n,
        Action::Back,
        "←",
        h.can_go_back(),
    ));
    out.extend(draw::icon_button(
        ui,
        view.i18n,
        Action::Forward,
        "→",
        h.can_go_forward(),
    ));
}

/// The top row: the kind of object (weak) and its name.
pub(super) fn heading(ui: &mut egui::Ui, kind: Option<&str>, title: &str) {
    ui.horizontal(|ui| {
        if let Some(kind) = kind {
            ui.weak(kind);
        }
        ui.add(egui::Label::new(RichText::new(title).heading()).truncate());
    });
}

fn object(view: &AppView, ui: &mut egui::Ui, node: &Node, out: &mut Vec<Command>) {
    let l = &view.i18n.loader;
    let show_hidden = view.settings.view.show_hidden;
    let Some(d) = details::details(view.pools.cache(), view.i18n, node, show_hidden) else {
        ui.weak(fl!(l, "details-gone"));
        return;
    };
    heading(ui, Some(&d.kind), &d.title);
    egui::ScrollArea::vertical()
        .id_salt("details")
        .auto_shrink(false)
        .show(ui, |ui| {
            if draw::has_any(view, node) {
                ui.horizontal_wrapped(|ui| {
                    if let Some(c) = draw::context(ui, view, node) {
                        out.push(c);
                    }
                });
            }
            ui.add_space(6.0);
            ui.strong(fl!(l, "section-general"));
            general(ui, &d, out);
            if let Some(xs) = &d.xenstore {
                ui.add_space(10.0);
                ui.strong(fl!(l, "section-xenstore"));
                key_values(view, ui, "details-xenstore", xs);
            }
            ui.add_space(10.0);
            ui.strong(fl!(l, "section-other-config"));
            key_values(view, ui, "details-other-config", &d.other_config);
            if !d.advanced.is_empty() {
                // XenServer's own keys: there for whoever looks, out of everyone's way.
                egui::CollapsingHeader::new(fl!(l, "section-advanced"))
                    .id_salt("details-advanced")
                    .default_open(false)
                    .show(ui, |ui| {
                        key_values(view, ui, "details-advanced-keys", &d.advanced)
                    });
            }
        });
}

/// The General grid; a property naming another object is a link to it.
fn general(ui: &mut egui::Ui, d: &Details, out: &mut Vec<Command>) {
    egui::Grid::new("details-general")
        .num_columns(2)
        .striped(true)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for (i, (k, v)) in d.props.iter().enumerate() {
                ui.label(k);
                match d.link(i) {
                    Some(n) => {
                        if link(ui, v).clicked() {
                            out.push(Command::Select(n.clone()));
                        }
                    }
                    None if d.warnings.contains(&i) => {
                        let c = ui.visuals().warn_fg_color;
                        ui.add(
                            egui::Label::new(RichText::new(v).color(c).strong())
                                .selectable(true)
                                .truncate(),
                        );
                    }
                    None => {
                        ui.add(egui::Label::new(v).selectable(true).truncate());
                    }
                }
                ui.end_row();
            }
        });
}

/// Text drawn as a hyperlink that selects what it names.
fn link(ui: &mut egui::Ui, text: &str) -> egui::Response {
    let color = ui.visuals().hyperlink_color;
    let resp = ui
        .add(
            egui::Label::new(RichText::new(text).color(color))
                .sense(Sense::click())
                .truncate(),
        )
        .on_hover_cursor(egui::CursorIcon::PointingHand);
    if resp.hovered() {
        // Underlined under the pointer, as links are.
        let r = resp.rect;
        ui.painter()
            .hline(r.x_range(), r.bottom() - 1.0, egui::Stroke::new(1.0, color));
    }
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, text));
    resp
}

/// What a click on an object's row does: select it, Ctrl+click toggles it in the
/// multi-selection, right-click selects it (unless part of the selection) and opens its menu.
pub(super) fn clicks(
    view: &AppView,
    resp: &egui::Response,
    node: &Node,
    picked: bool,
    out: &mut Vec<Command>,
) {
    if resp.clicked() {
        if resp.ctx.input(|i| i.modifiers.command) {
            out.push(Command::ToggleMulti(node.clone()));
        } else {
            out.push(Command::Select(node.clone()));
        }
    }
    if resp.secondary_clicked() && !picked {
        out.push(Command::Select(node.clone()));
    }
    resp.context_menu(|ui| {
        if let Some(c) = draw::context(ui, view, node) {
            out.push(c);
        }
    });
}

/// A key/value table (other_config, xenstore-data), or "None".
fn key_values(view: &AppView, ui: &mut egui::Ui, id: &str, rows: &[(String, String)]) {
    let l = &view.i18n.loader;
    if rows.is_empty() {
        ui.weak(fl!(l, "list-empty"));
        return;
    }
    egui::Grid::new(id)
        .num_columns(2)
        .striped(true)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            ui.weak(fl!(l, "prop-key"));
            ui.weak(fl!(l, "prop-value"));
            ui.end_row();
            for (k, v) in rows {
                ui.add(egui::Label::new(RichText::new(k).monospace()).selectable(true));
                ui.add(
                    egui::Label::new(RichText::new(v).monospace())
                        .selectable(true)
                        .truncate(),
                );
                ui.end_row();
            }
        });
}

/// A group node of the Objects view (`ty`), or a tag or folder (`None`): its members, one
/// row each with their key figures (a group's) and the pools' custom fields.
fn group(
    view: &AppView,
    ui: &mut egui::Ui,
    ty: Option<ObjectType>,
    node: &Node,
    out: &mut Vec<Command>,
) {
    let l = &view.i18n.loader;
    let Some(g) = view.group(node).or_else(|| view.org_node(node)) else {
        if view.tree_stale && matches!(node, Node::Tag(_) | Node::Folder(_)) {
            // Renamed or made a moment ago: it appears with the tree being rebuilt.
            ui.spinner();
        } else {
            ui.weak(fl!(l, "details-gone"));
        }
        return;
    };
    let kind = match node {
        Node::Tag(_) => Some(fl!(l, "kind-tag")),
        Node::Folder(_) => Some(fl!(l, "kind-folder")),
        _ => None,
    };
    heading(ui, kind.as_deref(), &g.label);
    ui.weak(fl!(l, "group-count", count = g.children.len()));
    if !matches!(node, Node::Group(_)) {
        ui.horizontal_wrapped(|ui| out.extend(draw::context(ui, view, node)));
    }
    ui.add_space(6.0);
    let fields = view.custom_fields();
    let mut columns = ty.map_or_else(Vec::new, |ty| members::columns(view.i18n, ty));
    columns.extend(fields.iter().map(|d| crate::model::folders::shown(&d.name)));
    let widths = column_widths(ui, columns.len());
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    // The column the list is sorted by (`None`: the tree's order) and the direction, kept
    // per list. The name and each custom field sort; the figures' columns are text made
    // for reading ("512 MiB", "4.0 GiB"), so they do not.
    let sort_id = egui::Id::unique(("group_sort", node));
    let mut sort: Option<(Sorted, bool)> = ui.data(|d| d.get_temp(sort_id)).flatten();
    let first_field = columns.len() - fields.len();
    let mut header = |ui: &mut egui::Ui, text: &str, w: f32, key: Option<Sorted>| {
        cell(ui, w, row_h, |ui| {
            let arrow = match (key, sort) {
                (Some(k), Some((s, up))) if k == s => {
                    if up {
                        " ▲"
                    } else {
                        " ▼"
                    }
                }
                _ => "",
            };
            let label =
                egui::Label::new(RichText::new(format!("{text}{arrow}")).strong()).truncate();
            let Some(k) = key else {
                ui.add(label);
                return;
            };
            if ui.add(label.sense(Sense::click())).clicked() {
                sort = match sort {
                    Some((s, true)) if s == k => Some((k, false)),
                    Some((s, false)) if s == k => None,
                    _ => Some((k, true)),
                };
            }
        });
    };
    ui.horizontal(|ui| {
        header(ui, &fl!(l, "prop-name"), widths.0, Some(Sorted::Name));
        for (i, c) in columns.iter().enumerate() {
            let key = i.checked_sub(first_field).map(Sorted::Field);
            header(ui, c, widths.1, key);
        }
    });
    ui.data_mut(|d| d.insert_temp(sort_id, sort));
    ui.separator();
    let rows: &[TreeItem] = &g.children;
    let order = sorted(view, rows, &fields, sort);
    // Only the rows in view are laid out: a group may hold thousands of VMs.
    egui::ScrollArea::vertical()
        .id_salt("group-members")
        .auto_shrink(false)
        .show_rows(ui, row_h, rows.len(), |ui, range| {
            for &i in &order[range] {
                member(view, ui, ty, &fields, &rows[i], widths, row_h, out);
            }
        });
}

/// What a group list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sorted {
    Name,
    /// The custom field at this index of the pools' definitions.
    Field(usize),
}

/// The rows' order under `sort`: by name naturally, or by a custom field (dates by time,
/// unset last), ties by name.
fn sorted(
    view: &AppView,
    rows: &[TreeItem],
    fields: &[crate::model::custom_fields::Definition],
    sort: Option<(Sorted, bool)>,
) -> Vec<usize> {
    use crate::model::{custom_fields, natural};
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let Some((by, up)) = sort else {
        return order;
    };
    let by_name = |a: &TreeItem, b: &TreeItem| natural::compare(&a.label, &b.label);
    match by {
        Sorted::Name => order.sort_by(|&a, &b| {
            let o = by_name(&rows[a], &rows[b]);
            if up { o } else { o.reverse() }
        }),
        Sorted::Field(f) => {
            let Some(def) = fields.get(f) else {
                return order;
            };
            // Each row's value read once, not once per comparison.
            let values: Vec<Option<custom_fields::FieldValue>> = rows
                .iter()
                .map(|m| {
                    let c = view.pool_of(&m.node).map(|i| &view.pools[i].cache)?;
                    crate::model::tags::other_config(c, &m.node)
                        .and_then(|oc| custom_fields::value(oc, def))
                })
                .collect();
            order.sort_by(|&a, &b| {
                custom_fields::order(values[a].as_ref(), values[b].as_ref(), up)
                    .then_with(|| by_name(&rows[a], &rows[b]))
            });
        }
    }
    order
}

/// The name column's width and each other column's, filling the pane.
fn column_widths(ui: &egui::Ui, n: usize) -> (f32, f32) {
    let gap = ui.spacing().item_spacing.x;
    let avail = ui.available_width() - 12.0; // the scroll bar
    let name = (avail * 0.3).max(120.0).min(avail);
    let rest = ((avail - name - gap * n as f32) / n.max(1) as f32).max(40.0);
    (name, rest)
}

/// A fixed-width cell, so the columns line up from row to row.
fn cell<R>(ui: &mut egui::Ui, w: f32, h: f32, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    ui.allocate_ui_with_layout(
        egui::vec2(w, h),
        Layout::left_to_right(Align::Center),
        |ui| {
            ui.set_width(w);
            add(ui)
        },
    )
    .inner
}

#[allow(clippy::too_many_arguments)]
fn member(
    view: &AppView,
    ui: &mut egui::Ui,
    ty: Option<ObjectType>,
    fields: &[crate::model::custom_fields::Definition],
    m: &TreeItem,
    widths: (f32, f32),
    row_h: f32,
    out: &mut Vec<Command>,
) {
    let cache = view.pool_of(&m.node).map(|i| &view.pools[i].cache);
    let mut values = match (cache, ty) {
        (Some(c), Some(ty)) => members::values(c, view.i18n, ty, &m.node).unwrap_or_default(),
        _ => Vec::new(),
    };
    values.extend(fields.iter().map(|d| {
        cache
            .and_then(|c| crate::model::tags::other_config(c, &m.node))
            .and_then(|oc| crate::model::custom_fields::value(oc, d))
            .map(|v| v.display())
            .unwrap_or_default()
    }));
    let weak = ui.visuals().weak_text_color();
    let color = |t: RichText| if m.greyed { t.color(weak) } else { t };
    ui.horizontal(|ui| {
        let picked = view.multi.contains(&m.node);
        let resp = cell(ui, widths.0, row_h, |ui| {
            let elided = super::nav::elides(ui, &m.label);
            let resp = ui.add(
                egui::Button::selectable(picked, color(RichText::new(&m.label)))
                    .frame_when_inactive(false)
                    .truncate(),
            );
            if elided {
                resp.on_hover_text(&m.label)
            } else {
                resp
            }
        });
        clicks(view, &resp, &m.node, picked, out);
        for v in &values {
            let resp = cell(ui, widths.1, row_h, |ui| {
                ui.add(
                    egui::Label::new(color(RichText::new(v)))
                        .sense(Sense::click())
                        .truncate(),
                )
            });
            // The whole row selects, not just its name.
            clicks(view, &resp, &m.node, picked, out);
        }
    });
}
