//! How the app's windows behave as dialogs, in one place (each window only names its kind
//! where it creates its `egui::Window`):
//! - [`modal`]: what XenCenter shows modally (properties, wizards, the connect dialog,
//!   imports and exports, the tag and folder dialogs). The main window behind is dimmed and
//!   takes no clicks, and Tab and Shift+Tab cycle through the dialog's own widgets, through
//!   egui's modal layer (which also keeps the panels' widgets out of the Tab order).
//! - [`tool`]: windows that leave the main window usable (Search, the console's tools, the
//!   shortcuts list, the palette). Tab still cycles inside one while it holds the focus.
//! - [`TypeAhead`]: a key typed just before Tab or Enter reaches its field first.
//! - [`fixed_area`]: a part of a dialog of one size whatever it holds, so a dialog built of
//!   them (a page that scrolls, a footer of problem lines of fixed height, then its
//!   buttons) never grows or moves when a line, a preview or rows appear.

use eframe::egui;
use egui::{Event, Id, Key, LayerId, Order};

/// How dark the main window gets behind a modal dialog (as `egui::Modal`'s backdrop).
const BACKDROP_ALPHA: u8 = 100;

/// A dialog XenCenter shows modally; opened centred, then its top-left stays put (see
/// [`super::edit_form::stay_put`]).
pub fn modal<'a>(w: egui::Window<'a>, ctx: &egui::Context, id: Id) -> egui::Window<'a> {
    let layer = LayerId::new(Order::Middle, id);
    // The newest modal dialog wins (egui keeps the top-most layer asked for this frame).
    ctx.memory_mut(|m| m.set_modal_layer(layer));
    // On the dialog's own layer before the dialog, so it lies under it and over everything
    // behind it: dimmed, and taking the clicks and drags (egui's modal layer keeps the focus
    // in, not the pointer out). Not focusable: Tab does not stop on it.
    let rect = ctx.content_rect();
    let backdrop = egui::Ui::new(
        ctx.clone(),
        id.with("backdrop"),
        egui::UiBuilder::new().layer_id(layer).max_rect(rect),
    );
    backdrop
        .painter()
        .rect_filled(rect, 0.0, egui::Color32::from_black_alpha(BACKDROP_ALPHA));
    let _ = backdrop.interact(
        rect,
        id.with("backdrop_sense"),
        egui::Sense::CLICK | egui::Sense::DRAG,
    );
    super::edit_form::stay_put(w.id(id), ctx, id)
}

/// Draws `add` in an area of exactly `size`, scrolling past its height (and its width, for
/// a row wider than the dialog; `salt` names its scroll state). A dialog whose page and footer are such areas keeps its size
/// and its buttons stay where they are, whatever a page shows.
pub fn fixed_area<R>(
    ui: &mut egui::Ui,
    salt: &str,
    size: egui::Vec2,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    ui.allocate_ui_with_layout(size, egui::Layout::top_down(egui::Align::Min), |ui| {
        ui.set_min_size(size);
        ui.set_max_width(size.x);
        egui::ScrollArea::both()
            .id_salt(salt)
            .max_height(size.y)
            .max_width(size.x)
            .auto_shrink([false, false])
            .show(ui, add)
            .inner
    })
    .inner
}

/// A window that leaves the main window usable; Tab and Shift+Tab wrap around inside it
/// while one of its widgets has the focus.
pub fn tool<'a>(w: egui::Window<'a>, ctx: &egui::Context, id: Id) -> egui::Window<'a> {
    let layer = LayerId::new(Order::Middle, id);
    wrap_tab(ctx, layer);
    w.id(id)
}

/// The Tab order of `layer` as drawn last frame: its enabled focusable widgets.
fn tab_order(ctx: &egui::Context, layer: LayerId) -> Vec<Id> {
    ctx.viewport(|v| {
        v.prev_pass
            .widgets
            .get_layer(layer)
            .filter(|w| w.enabled && w.sense.is_focusable())
            .map(|w| w.id)
            .collect()
    })
}

/// Where Tab past a tool window's last widget goes, for [`end_frame`].
#[derive(Clone, Copy)]
struct WrapTo(Id, LayerId);

fn wrap_key() -> Id {
    Id::unique("dialog_window_wrap_to")
}

/// Called just before the window is drawn. egui moves the focus as widgets are drawn: Tab
/// on the last widget hands it to whatever registers next (the main window's menu, next
/// frame), Shift+Tab on the first to whatever registered before it.
fn wrap_tab(ctx: &egui::Context, layer: LayerId) {
    let Some(focused) = ctx.memory(|m| m.focused()) else {
        return;
    };
    let (tab, back) = ctx.input(|i| {
        (
            i.key_pressed(Key::Tab) && i.modifiers.is_none(),
            i.key_pressed(Key::Tab) && i.modifiers.shift_only(),
        )
    });
    if !tab && !back {
        return;
    }
    let order = tab_order(ctx, layer);
    let (Some(&first), Some(&last)) = (order.first(), order.last()) else {
        return;
    };
    if back && focused == first {
        // egui gives Shift+Tab's focus to the widget that registered just before: make that
        // this window's last one.
        ctx.memory_mut(|m| m.interested_in_focus(last, layer));
    } else if tab && focused == last {
        ctx.data_mut(|d| d.insert_temp(wrap_key(), Some(WrapTo(first, layer))));
    }
}

/// After every window is drawn: Tab left a tool window's last widget, and nothing took the
/// focus since, so the window's first widget takes it.
pub fn end_frame(ctx: &egui::Context) {
    let Some(WrapTo(first, layer)) =
        ctx.data_mut(|d| d.remove_temp::<Option<WrapTo>>(wrap_key()).flatten())
    else {
        return;
    };
    if ctx.memory(|m| m.focused()).is_none() {
        // The focus is being handed to the next widget that asks: this one.
        ctx.memory_mut(|m| m.interested_in_focus(first, layer));
    }
}

/// Keys typed faster than frames are drawn. egui takes a frame's text and its Tab (or a
/// dialog's Enter) in an order of its own, so a key typed just before or after a Tab can
/// land in the wrong field. One Tab or Enter a frame, with only what was typed before it:
/// the rest waits for the next frame.
#[derive(Debug, Default)]
pub struct TypeAhead {
    held: Vec<Event>,
}

impl TypeAhead {
    /// Called with every frame's input before egui sees it (`eframe::App::raw_input_hook`).
    pub fn hook(&mut self, input: &mut egui::RawInput) {
        if !self.held.is_empty() {
            let mut events = std::mem::take(&mut self.held);
            events.append(&mut input.events);
            input.events = events;
        }
        self.held = split_at_focus_key(&mut input.events);
        if !self.held.is_empty() {
            tracing::trace!(now = ?input.events, held = ?self.held, "keys held for the next frame");
        }
    }

    /// Keys wait for the next frame: the app asks for it while drawing this one (a repaint
    /// asked for before the frame starts is forgotten when it starts).
    pub fn pending(&self) -> bool {
        !self.held.is_empty()
    }
}

fn is_focus_key(e: &Event) -> bool {
    matches!(
        e,
        Event::Key {
            key: Key::Tab | Key::Enter,
            pressed: true,
            ..
        }
    )
}

fn is_typing(e: &Event) -> bool {
    matches!(
        e,
        Event::Text(_) | Event::Paste(_) | Event::Key { pressed: true, .. }
    )
}

/// Takes from `events` what must wait for the next frame: from the first Tab or Enter
/// press on when something was typed before it, else what is typed after it. Returns what
/// was taken (empty when nothing was).
pub fn split_at_focus_key(events: &mut Vec<Event>) -> Vec<Event> {
    let Some(at) = events.iter().position(is_focus_key) else {
        return Vec::new();
    };
    if events[..at].iter().any(is_typing) {
        return events.split_off(at);
    }
    match events[at + 1..].iter().position(is_typing) {
        Some(i) => events.split_off(at + 1 + i),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: Key, pressed: bool) -> Event {
        Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        }
    }

    #[test]
    fn one_tab_a_frame_with_only_what_was_typed_before_it() {
        let mut events = vec![
            key(Key::Num7, true),
            Event::Text("7".into()),
            key(Key::Num7, false),
            key(Key::Tab, true),
            key(Key::Tab, false),
            Event::Text("8".into()),
            key(Key::Tab, true),
        ];
        let mut next = split_at_focus_key(&mut events);
        assert_eq!(events.len(), 3, "the 7 and its keys stay");
        let mut last = split_at_focus_key(&mut next);
        assert_eq!(next, vec![key(Key::Tab, true), key(Key::Tab, false)]);
        assert_eq!(last, vec![Event::Text("8".into()), key(Key::Tab, true)]);
        let mut after = split_at_focus_key(&mut last);
        assert_eq!(last, vec![Event::Text("8".into())]);
        assert_eq!(after, vec![key(Key::Tab, true)], "the second Tab waits too");
        assert!(split_at_focus_key(&mut after).is_empty());
    }

    #[test]
    fn a_frame_without_typing_around_its_tab_keeps_it() {
        let mut events = vec![key(Key::Tab, true), key(Key::Tab, false)];
        assert!(split_at_focus_key(&mut events).is_empty());
        let mut events = vec![Event::Text("a".into()), key(Key::Enter, false)];
        assert!(
            split_at_focus_key(&mut events).is_empty(),
            "a release is no press"
        );
        let mut events = vec![Event::Text("a".into()), key(Key::Enter, true)];
        assert_eq!(split_at_focus_key(&mut events).len(), 1);
    }
}
