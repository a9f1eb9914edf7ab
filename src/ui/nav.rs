//! The navigation pane: view switcher, search box and the virtualised tree.
//!
//! Keyboard: Ctrl+F focuses the search; with the tree focused (no text field active), Up and
//! Down move the selection, Left collapses (or goes to the parent), Right expands.
//!
//! The pane is resizable but never narrower than [`MIN_TREE`], and never so wide that the
//! details pane gets less than [`MIN_DETAILS`]; long labels end in "…" with the whole label
//! in a tooltip.

use super::actions::Action;
use super::navigator::NavView;
use super::{AppView, Command, actions, icons};
use crate::model::host_ops::{self, HostState};
use crate::model::tree::{Node, Row, ViewKind};
use eframe::egui::{self, Role, Sense, WidgetInfo};
use i18n_embed_fl::fl;

/// The narrowest the tree pane gets.
pub const MIN_TREE: f32 = 180.0;
/// The room the tree pane always leaves the details pane (when the window has it).
pub const MIN_DETAILS: f32 = 280.0;
const DEFAULT_TREE: f32 = 320.0;

/// The tree pane, at the left of `ui`. `state` is the pane's own drawing state (width,
/// scrolling, focus); what the user asks for goes to `out`.
pub fn panel(view: &AppView, state: &mut NavView, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let avail = ui.available_width();
    let max = (avail - MIN_DETAILS).max(MIN_TREE);
    let want = state
        .tree_width
        .unwrap_or(DEFAULT_TREE)
        .clamp(MIN_TREE, max);
    let resp = egui::Panel::left(("navigation", state.tree_epoch))
        .resizable(true)
        .default_size(want)
        .size_range(MIN_TREE..=max)
        .show(ui, |ui| self::ui(view, state, ui, out));
    let got = resp.response.rect.width();
    let dragging_edge = ui.input(|i| i.pointer.any_down())
        && ui.ctx().output(|o| {
            matches!(
                o.cursor_icon,
                egui::CursorIcon::ResizeHorizontal
                    | egui::CursorIcon::ResizeColumn
                    | egui::CursorIcon::ResizeEast
                    | egui::CursorIcon::ResizeWest
            )
        });
    if dragging_edge {
        state.tree_width = Some(got);
    } else if got < want - 0.5 && want <= avail {
        // egui keeps the width a smaller window forced on the pane; the window has room
        // again, so the pane starts afresh (a new id) at the width the user chose.
        state.tree_epoch = state.tree_epoch.wrapping_add(1);
        ui.ctx().request_repaint();
    }
}

pub fn ui(view: &AppView, state: &mut NavView, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let l = &view.i18n.loader;
    let empty_text = fl!(l, "tree-empty");
    // Wrapped: four views do not fit on one line in every language.
    ui.horizontal_wrapped(|ui| {
        let nav = view.settings.nav;
        for (kind, label) in [
            (ViewKind::Infrastructure, fl!(l, "menu-infrastructure")),
            (ViewKind::Objects, fl!(l, "menu-objects")),
            (ViewKind::Tags, fl!(l, "menu-tags-view")),
            (ViewKind::Folders, fl!(l, "menu-folders-view")),
        ] {
            if ui.selectable_label(nav == kind, label).clicked() && nav != kind {
                out.push(Command::SetView(kind));
            }
        }
    });
    let mut search = view.search.to_string();
    let label = fl!(l, "search-label");
    let find = Action::Find.shortcut_text(ui.ctx(), view.i18n);
    let edit = ui.add(
        egui::TextEdit::singleline(&mut search)
            .hint_text(fl!(l, "search-hint", shortcut = find))
            .desired_width(f32::INFINITY),
    );
    // Escape in the search box clears it (a second Escape leaves the box).
    if (edit.has_focus() || edit.lost_focus())
        && ui.input(|i| i.key_pressed(egui::Key::Escape))
        && !view.search.is_empty()
    {
        search.clear();
        edit.request_focus();
    }
    // The hint is not an accessible name: give the field one.
    edit.widget_info(|| WidgetInfo::labeled(Role::TextInput, true, &label));
    if state.focus_search {
        edit.request_focus();
        state.focus_search = false;
    }
    if let Err(e) = crate::model::search::Query::parse(&search) {
        ui.colored_label(
            ui.visuals().error_fg_color,
            super::search::error_text(view.i18n, &e),
        );
    }
    if search != view.search {
        out.push(Command::SetSearch(search));
    }
    ui.separator();

    keyboard(view, state, ui, out);
    let rows = view.rows;
    if rows.is_empty() {
        if view.pools.is_empty() {
            let sc = |a: Action| a.shortcut_text(ui.ctx(), view.i18n);
            ui.weak(fl!(
                view.i18n.loader,
                "tree-no-pool",
                connect = sc(Action::Connect),
                open = sc(Action::OpenDump)
            ));
        } else {
            ui.weak(empty_text);
        }
    }
    let row_h = (ui.text_style_height(&egui::TextStyle::Body) + 6.0).max(icons::SIZE + 4.0);
    // Vertical only: a long label ends in "…" instead of widening the tree.
    let mut area = egui::ScrollArea::vertical()
        .id_salt("nav-tree")
        .auto_shrink(false);
    let mut scroll_to = state.scroll_to.take();
    if std::mem::take(&mut state.scroll_to_selected) {
        scroll_to = view
            .selected
            .and_then(|s| rows.iter().position(|r| &r.node == s));
    }
    if let Some(i) = scroll_to {
        let spacing = ui.spacing().item_spacing.y;
        let visible = state.visible.clone();
        if !visible.contains(&i) {
            let per = row_h + spacing;
            let rows_shown = visible.len().max(1) as f32;
            let top = if i < visible.start {
                i as f32 * per
            } else {
                (i as f32 + 1.0 - rows_shown) * per
            };
            area = area.vertical_scroll_offset(top.max(0.0));
        }
    }
    let fg = ui.visuals().text_color();
    let weak = ui.visuals().weak_text_color();
    state.visible = area
        .show_rows(ui, row_h, rows.len(), |ui, range| {
            for row in &rows[range.clone()] {
                let picked = view.selected == Some(&row.node) || view.multi.contains(&row.node);
                row_ui(view, ui, row, picked, row_h, fg, weak, out);
            }
            range
        })
        .inner;
}

#[allow(clippy::too_many_arguments)]
fn row_ui(
    view: &AppView,
    ui: &mut egui::Ui,
    row: &Row,
    selected: bool,
    row_h: f32,
    fg: egui::Color32,
    weak: egui::Color32,
    out: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.set_min_height(row_h);
        ui.add_space(row.depth as f32 * 16.0);
        let (rect, resp) = ui.allocate_exact_size(egui::vec2(14.0, row_h), Sense::click());
        if row.has_children {
            let verb = if row.expanded {
                view.i18n.get_args("tree-collapse", &[("name", &row.label)])
            } else {
                view.i18n.get_args("tree-expand", &[("name", &row.label)])
            };
            resp.widget_info(|| WidgetInfo::labeled(Role::Button, true, verb.clone()));
            let c = rect.center();
            let col = if resp.hovered() { fg } else { weak };
            let pts = if row.expanded {
                vec![
                    c + egui::vec2(-4.0, -2.0),
                    c + egui::vec2(4.0, -2.0),
                    c + egui::vec2(0.0, 3.0),
                ]
            } else {
                vec![
                    c + egui::vec2(-2.0, -4.0),
                    c + egui::vec2(-2.0, 4.0),
                    c + egui::vec2(3.0, 0.0),
                ]
            };
            ui.painter()
                .add(egui::Shape::convex_polygon(pts, col, egui::Stroke::NONE));
            if resp.clicked() {
                out.push(Command::Toggle(row.node.clone()));
            }
        }
        let (icon_rect, _) = ui.allocate_exact_size(egui::vec2(icons::SIZE, row_h), Sense::hover());
        let icon_rect =
            egui::Rect::from_center_size(icon_rect.center(), egui::Vec2::splat(icons::SIZE));
        icons::paint(ui.painter(), icon_rect, row.icon, row.greyed, fg);
        if view.busy.contains(&row.node) {
            ui.spinner();
        }
        // A server's state from the cache (maintenance, rebooting, unreachable, back).
        let state = host_state(view, &row.node);
        let label = match &state {
            Some(s) if s.marked() => format!("{} ({})", row.label, view.i18n.get(s.label_id())),
            _ => row.label.clone(),
        };
        let down = matches!(state, Some(HostState::Unreachable | HostState::Rebooting));
        let text = egui::RichText::new(&label);
        let text = if row.greyed || down {
            text.color(weak)
        } else {
            text
        };
        let elided = elides(ui, &label);
        let mut resp = ui.add(egui::Button::selectable(selected, text).truncate());
        // The Folders view: objects drag onto a folder (Move to folder… does it by keyboard).
        if view.settings.nav == ViewKind::Folders {
            if row.node.is_object() {
                resp = resp.interact(Sense::drag());
                resp.dnd_set_drag_payload(row.node.clone());
            }
            if let Node::Folder(path) = &row.node
                && let Some(dragged) = resp.dnd_release_payload::<Node>()
            {
                let mut nodes = vec![(*dragged).clone()];
                if view.multi.contains(&*dragged) {
                    nodes = view.multi.to_vec();
                }
                out.push(Command::DropInFolder {
                    nodes,
                    folder: path.clone(),
                });
            }
        }
        if elided {
            resp = resp.on_hover_text(&label);
        }
        // Right-click selects the row first (unless it is part of the selection, which the
        // menu then acts on as a whole), so the details pane shows what the menu acts on.
        if resp.secondary_clicked() && !selected {
            out.push(Command::Select(row.node.clone()));
        }
        if resp.clicked() {
            if ui.input(|i| i.modifiers.command) {
                out.push(Command::ToggleMulti(row.node.clone()));
            } else {
                out.push(Command::Select(row.node.clone()));
            }
        }
        resp.context_menu(|ui| {
            if let Some(c) = actions::draw::context(ui, view, &row.node) {
                out.push(c);
            }
        });
        if resp.double_clicked() {
            if row.has_children {
                out.push(Command::Toggle(row.node.clone()));
            } else if matches!(row.node, Node::Vm(_)) {
                // As XenCenter: a VM's properties (the click above selected it).
                out.push(Action::Properties.on_selection());
            }
        }
    });
}

/// Whether `text` on a button is wider than the room left in `ui` (and so ends in "…").
pub(super) fn elides(ui: &egui::Ui, text: &str) -> bool {
    let galley = egui::WidgetText::from(text).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Button,
    );
    galley.size().x + 2.0 * ui.spacing().button_padding.x > ui.available_width()
}

/// The tree's keys; a row moved to is scrolled into view (`state.scroll_to`).
fn keyboard(view: &AppView, state: &mut NavView, ui: &egui::Ui, out: &mut Vec<Command>) {
    // Keys go to the tree only when no text field and no window wants them.
    // (A clicked row keeps egui's focus; only a text field takes the keys away.)
    if ui.ctx().text_edit_focused() || view.rows.is_empty() || view.windows_open {
        return;
    }
    let (up, down, left, right, enter) = ui.input(|i| {
        (
            i.key_pressed(egui::Key::ArrowUp),
            i.key_pressed(egui::Key::ArrowDown),
            i.key_pressed(egui::Key::ArrowLeft),
            i.key_pressed(egui::Key::ArrowRight),
            i.key_pressed(egui::Key::Enter),
        )
    });
    if !(up || down || left || right || enter) {
        return;
    }
    let rows = view.rows;
    let cur = view
        .selected
        .and_then(|s| rows.iter().position(|r| &r.node == s));
    let Some(i) = cur else {
        out.push(Command::Select(rows[0].node.clone()));
        state.scroll_to = Some(0);
        return;
    };
    let row = &rows[i];
    if enter {
        // Enter opens what the row holds: its children, a NIC's settings, a VM's properties.
        if row.has_children {
            out.push(Command::Toggle(row.node.clone()));
        } else if matches!(row.node, Node::Vif(_) | Node::Pif(_)) {
            out.push(Command::OpenNicForm(row.node.clone()));
        } else if matches!(row.node, Node::Vm(_)) {
            out.push(Action::Properties.on_selection());
        }
        return;
    }
    let target = if up {
        Some(i.saturating_sub(1))
    } else if down {
        Some((i + 1).min(rows.len() - 1))
    } else if left {
        if row.has_children && row.expanded {
            out.push(Command::Toggle(row.node.clone()));
            None
        } else {
            // To the parent: the nearest row above with a smaller depth.
            rows[..i].iter().rposition(|r| r.depth < row.depth)
        }
    } else {
        if row.has_children && !row.expanded {
            out.push(Command::Toggle(row.node.clone()));
        }
        None
    };
    if let Some(t) = target.filter(|t| *t != i) {
        out.push(Command::Select(rows[t].node.clone()));
        state.scroll_to = Some(t);
    }
}

/// The state a server row shows: `None` for other rows.
fn host_state(view: &AppView, node: &Node) -> Option<HostState> {
    let Node::Host(h) = node else {
        return None;
    };
    let i = view.pools.index_of_node(node)?;
    let p = &view.pools[i];
    let rebooting = view.rebooting.iter().any(|(id, r)| *id == p.id && r == h);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default();
    host_ops::state(&p.cache, h, rebooting, now)
}
