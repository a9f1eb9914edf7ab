//! The console view: one console's connection, picture and input, drawn into any `Ui` (the
//! Console tab, or a pop-out window). The connection runs on the background runtime; each
//! frame only polls it and uploads the changed rectangle of the framebuffer to the texture.
//!
//! A console that ends while its VM runs (a reboot: QEMU restarts, xapi closes the tunnel,
//! the console object may be replaced) reconnects by itself with backoff; the pool's idle
//! timeout, a refusal or a missing console stop and say why, with Retry.

use super::input;
use super::tools::{PasteState, ShotState};
use crate::i18n::I18n;
use crate::services::background::{Poll, Task};
use crate::services::console::{Failure, Opened, Target};
use crate::ui::errors::console as failure_text;
use crate::ui::windows::Worker;
use eframe::egui;
use rfb::client::lock;
use rfb::{Input, Rect};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use xenapi::Session;
use xenapi::console::ConsoleError;

/// What the view reads of the app each frame.
pub struct ConsoleEnv<'a> {
    pub i18n: &'a I18n,
    pub worker: Option<Worker>,
    /// The pool's session (`None`: not connected, or an opened dump).
    pub session: Option<Arc<Session>>,
    /// Whose console: `None` for an object without one.
    pub target: Option<Target>,
    /// The VM (or the host's control domain) runs, as the pool's cache says.
    pub running: bool,
    /// Certificates the user trusted.
    pub pins: &'a BTreeMap<String, String>,
}

pub(super) enum State {
    Idle,
    Connecting(Task<Result<Opened, Failure>>),
    Live(Box<Opened>),
    /// Reconnecting at this time, after this failure.
    Retrying(Instant, Failure),
    Failed(Failure),
}

/// One console.
pub struct ConsoleView {
    pub(super) target: Option<Target>,
    pub(super) state: State,
    pub(super) attempts: u32,
    pub(super) texture: Option<egui::TextureHandle>,
    pub(super) texture_generation: u64,
    pub(super) cursor: Option<(egui::TextureHandle, u64, (u16, u16))>,
    /// Scale the picture to the space available (else 1:1, scrolled).
    pub fit: bool,
    /// The keyboard goes to the guest.
    pub captured: bool,
    /// Keys the guest saw pressed and not released: released when the keyboard is given
    /// back, so a Ctrl held then does not stay held in the guest.
    pub(super) held: rfb::HeldKeys,
    /// Key events taken from the frame before the app's shortcuts saw them.
    pub(super) grabbed: Vec<egui::Event>,
    pub(super) buttons: u8,
    pub(super) last_pointer: Option<(u16, u16)>,
    pub(super) last_input: Instant,
    /// Asked to move into its own window (the app moves it after the frame).
    pub pop_request: bool,
    /// Shown in its own window.
    pub popped: bool,
    pub full_screen: bool,
    pub(super) paste: PasteState,
    pub(super) shot: ShotState,
    /// The user trusted this (host key, fingerprint): the app pins it.
    pub trust_request: Option<(String, String)>,
    /// The screen's accessible name ("Guest screen"), set when drawn.
    pub(super) screen_label: String,
}

impl Default for ConsoleView {
    fn default() -> Self {
        ConsoleView {
            target: None,
            state: State::Idle,
            attempts: 0,
            texture: None,
            texture_generation: 0,
            cursor: None,
            fit: true,
            captured: false,
            held: rfb::HeldKeys::default(),
            grabbed: Vec::new(),
            buttons: 0,
            last_pointer: None,
            last_input: Instant::now(),
            pop_request: false,
            popped: false,
            full_screen: false,
            paste: PasteState::default(),
            shot: ShotState::default(),
            screen_label: String::new(),
            trust_request: None,
        }
    }
}

/// Backoff before reconnect attempt `n` (1 s, 2 s, 4 s, then every 8 s).
fn backoff(n: u32) -> Duration {
    Duration::from_secs(1 << n.min(3))
}

/// Reconnect attempts before a failure while the VM runs is shown as final (a reboot takes
/// a minute or so at most).
const MAX_ATTEMPTS: u32 = 12;

impl ConsoleView {
    /// The console this view shows.
    pub fn target(&self) -> Option<&Target> {
        self.target.as_ref()
    }

    /// Opens "Paste text as keystrokes" with `text` in it.
    pub fn open_paste(&mut self, text: &str) {
        self.paste.open = true;
        self.paste.focus = true;
        self.paste.text = text.to_string();
    }

    /// Characters typed so far by a paste in progress, and how many in all.
    pub fn paste_progress(&self) -> Option<(usize, usize)> {
        self.paste.progress()
    }

    /// The host key and fingerprint of a member certificate refused as untrusted.
    fn untrusted(&self) -> Option<(String, String)> {
        match self.failure()? {
            Failure::Console(ConsoleError::Certificate(r)) => match r.as_ref() {
                xenapi::Rejection::Untrusted { host, cert, .. } => {
                    Some((host.clone(), cert.sha256.clone()))
                }
                xenapi::Rejection::Changed { .. } => None,
            },
            _ => None,
        }
    }

    /// Whether its paste or screenshot window is open.
    pub fn has_dialog(&self) -> bool {
        self.paste.open || self.shot.open
    }

    /// Whether it is showing a live session.
    pub fn is_live(&self) -> bool {
        matches!(self.state, State::Live(_))
    }

    /// The open session, if any.
    pub fn opened(&self) -> Option<&Opened> {
        match &self.state {
            State::Live(o) => Some(o),
            _ => None,
        }
    }

    /// The failure shown, if any.
    pub fn failure(&self) -> Option<&Failure> {
        match &self.state {
            State::Failed(f) | State::Retrying(_, f) => Some(f),
            _ => None,
        }
    }

    /// Shows a failure (tests of the error's look).
    pub fn show_failure(&mut self, target: Target, f: Failure) {
        self.target = Some(target);
        self.state = State::Failed(f);
    }

    /// Whether key events should be taken before the app's shortcuts see them.
    pub fn wants_keyboard(&self) -> bool {
        self.captured && self.is_live()
    }

    /// Takes this frame's key events (called before the app handles its shortcuts).
    pub fn grab_keys(&mut self, ctx: &egui::Context) {
        ctx.input_mut(|i| {
            i.events.retain(|e| {
                let key = matches!(
                    e,
                    egui::Event::Key { .. }
                        | egui::Event::Text(_)
                        | egui::Event::Copy
                        | egui::Event::Cut
                        | egui::Event::Paste(_)
                );
                if key {
                    self.grabbed.push(e.clone());
                }
                !key
            })
        });
    }

    /// Sends input to the guest (counts as activity for the idle timeout).
    pub fn send(&mut self, input: Input) {
        if let State::Live(o) = &self.state {
            self.held.note(&input);
            o.client.send(input);
            self.last_input = Instant::now();
        }
    }

    /// Gives the keyboard back to the app: the guest gets the key-up of every key it saw
    /// pressed (the release key itself is never sent).
    pub fn release_keyboard(&mut self) {
        self.captured = false;
        for up in self.held.release_all() {
            self.send(up);
        }
    }

    /// Advances the connection: starts, polls, reconnects. Called once a frame.
    pub fn tick(&mut self, env: &ConsoleEnv) {
        if env.target != self.target {
            *self = ConsoleView {
                fit: self.fit,
                popped: self.popped,
                ..ConsoleView::default()
            };
            self.target = env.target.clone();
        }
        let Some(target) = self.target.clone() else {
            return;
        };
        if !env.running {
            // Stopped (or not yet started): nothing to show; it connects once it runs.
            if !matches!(self.state, State::Idle) {
                self.state = State::Idle;
                self.captured = false;
                // A new connection starts with no key held.
                self.held = rfb::HeldKeys::default();
            }
            return;
        }
        match &mut self.state {
            State::Idle => self.start(env, &target),
            State::Connecting(task) => match task.poll() {
                Poll::Pending => {}
                Poll::Ready(Ok(o)) => {
                    self.state = State::Live(Box::new(o));
                    self.attempts = 0;
                    self.last_input = Instant::now();
                }
                Poll::Ready(Err(f)) => self.failed(f),
                Poll::Vanished => self.failed(Failure::Rfb(rfb::RfbError::Closed)),
            },
            State::Live(o) => {
                let idle = o.idle_timeout;
                if let Some(e) = o.client.closed() {
                    let f = Failure::Rfb(match e {
                        rfb::RfbError::Closed => rfb::RfbError::Closed,
                        other => rfb::RfbError::Protocol(other.to_string()),
                    });
                    // xapi closes a console without input for its idle timeout.
                    if idle > 0
                        && self.last_input.elapsed() + Duration::from_secs(5)
                            >= Duration::from_secs(idle)
                    {
                        self.state = State::Failed(Failure::IdleTimeout(idle));
                    } else {
                        self.failed(f);
                    }
                    self.captured = false;
                    self.held = rfb::HeldKeys::default();
                }
            }
            State::Retrying(at, _) => {
                if Instant::now() >= *at {
                    self.start(env, &target);
                } else if let Some(w) = &env.worker {
                    w.ctx.request_repaint_after(*at - Instant::now());
                }
            }
            State::Failed(_) => {}
        }
    }

    /// A failure: retried while the VM runs if it may be a reboot in progress.
    fn failed(&mut self, f: Failure) {
        let transient = matches!(
            f,
            Failure::Rfb(_)
                | Failure::Console(ConsoleError::NoConsole)
                | Failure::Console(ConsoleError::VmNotRunning)
                | Failure::Console(ConsoleError::Unreachable { .. })
        );
        if transient && self.attempts < MAX_ATTEMPTS {
            let at = Instant::now() + backoff(self.attempts);
            self.attempts += 1;
            self.state = State::Retrying(at, f);
        } else {
            self.state = State::Failed(f);
        }
    }

    fn start(&mut self, env: &ConsoleEnv, target: &Target) {
        let (Some(worker), Some(session)) = (&env.worker, &env.session) else {
            return;
        };
        let ctx = worker.ctx.clone();
        let notify: rfb::client::Notify = Arc::new(move || ctx.request_repaint());
        let target = target.clone();
        let pins = env.pins.clone();
        let session = session.clone();
        self.state = State::Connecting(worker.spawn(async move {
            crate::services::console::open(&session, &target, &pins, notify).await
        }));
    }

    /// Retry now (the Retry button).
    pub fn retry(&mut self) {
        self.attempts = 0;
        self.state = State::Idle;
    }

    /// The status line: "Connected to web-01 · 1024×768 · scan codes".
    pub fn status_text(&self, i18n: &I18n) -> String {
        let name = self.target.as_ref().map(|t| t.name.as_str()).unwrap_or("");
        match &self.state {
            State::Live(o) => {
                let s = lock(&o.client.screen);
                let mode = if s.ext_keys {
                    i18n.get("console-scan-codes")
                } else {
                    i18n.get("console-keysyms")
                };
                i18n.get_args(
                    "console-status",
                    &[
                        ("name", name),
                        ("size", &format!("{}×{}", s.width, s.height)),
                        ("mode", &mode),
                    ],
                )
            }
            State::Connecting(_) => i18n.get_args("console-connecting", &[("name", name)]),
            State::Retrying(_, f) => i18n.get_args(
                "console-reconnecting",
                &[("reason", &failure_text(i18n, f, name))],
            ),
            State::Failed(f) => failure_text(i18n, f, name),
            State::Idle if self.target.is_some() => {
                i18n.get_args("console-not-running", &[("name", name)])
            }
            State::Idle => String::new(),
        }
    }

    /// Draws the toolbar, the status line and the screen.
    pub fn show(&mut self, ui: &mut egui::Ui, env: &ConsoleEnv) {
        self.tick(env);
        let i18n = env.i18n;
        self.toolbar(ui, env);
        let text = self.status_text(i18n);
        if matches!(self.state, State::Failed(_)) {
            // A refusal can be long (fingerprints, user lists): wrapped, Retry under it.
            ui.add(
                egui::Label::new(egui::RichText::new(text).color(ui.visuals().error_fg_color))
                    .wrap(),
            );
            ui.horizontal(|ui| {
                if let Some((host, fp)) = self.untrusted() {
                    // Trust on first use, as File > Connect… does: pinned, then connect.
                    if ui.button(i18n.get("console-trust")).clicked() {
                        self.trust_request = Some((host, fp));
                        self.retry();
                    }
                }
                if ui.button(i18n.get("console-retry")).clicked() {
                    self.retry();
                }
            });
        } else {
            ui.horizontal(|ui| {
                ui.add(egui::Label::new(text).truncate());
                if matches!(self.state, State::Connecting(_) | State::Retrying(..)) {
                    ui.spinner();
                }
            });
        }
        if self.is_live() {
            let hint = if self.captured {
                i18n.get("console-captured")
            } else {
                i18n.get("console-click-to-type")
            };
            ui.weak(hint);
        }
        ui.separator();
        self.screen(ui, i18n);
        self.paste_window(ui.ctx(), env);
        self.shot_window(ui.ctx(), env);
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, env: &ConsoleEnv) {
        let i18n = env.i18n;
        let live = self.is_live();
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(live, egui::Button::new(i18n.get("console-ctrl-alt-del")))
                .clicked()
            {
                for k in input::ctrl_alt_del() {
                    self.send(k);
                }
            }
            ui.checkbox(&mut self.fit, i18n.get("console-fit"));
            if !self.popped {
                if ui
                    .add_enabled(live, egui::Button::new(i18n.get("console-pop-out")))
                    .clicked()
                {
                    self.pop_request = true;
                }
            } else if ui.button(i18n.get("console-full-screen")).clicked() {
                self.full_screen = !self.full_screen;
                ui.ctx()
                    .send_viewport_cmd(egui::ViewportCommand::Fullscreen(self.full_screen));
            }
            if ui
                .add_enabled(live, egui::Button::new(i18n.get("console-paste")))
                .clicked()
            {
                self.paste.open = true;
                self.paste.focus = true;
                self.release_keyboard();
            }
            if ui
                .add_enabled(
                    self.texture.is_some(),
                    egui::Button::new(i18n.get("console-screenshot")),
                )
                .clicked()
            {
                self.shot
                    .open(self.target.as_ref().map(|t| t.name.as_str()));
            }
            if ui
                .add_enabled(
                    self.texture.is_some(),
                    egui::Button::new(i18n.get("console-copy-image")),
                )
                .clicked()
                && let Some(img) = self.image()
            {
                ui.ctx().copy_image(img);
            }
        });
    }

    /// The current picture (screenshots, the clipboard).
    pub fn image(&self) -> Option<egui::ColorImage> {
        let State::Live(o) = &self.state else {
            return None;
        };
        let s = lock(&o.client.screen);
        Some(egui::ColorImage::from_rgba_unmultiplied(
            [usize::from(s.width), usize::from(s.height)],
            &s.region(Rect {
                x: 0,
                y: 0,
                w: s.width,
                h: s.height,
            }),
        ))
    }
}
