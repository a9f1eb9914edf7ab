//! File > Connect… (Ctrl+N): server, user, password and Remember; connects in the background
//! with a spinner and Cancel, and the window stays live. A self-signed certificate is shown
//! for the user to trust (which pins it); a pinned certificate that changed is refused with
//! both fingerprints. Errors are shown in place, in the user's language, with what was typed
//! kept.

use super::XenPilotApp;
use super::command::Command;
use super::status_bar::Notice;
use super::windows::{AppView, AppWindow, window_any};
use crate::i18n::I18n;
use crate::services::background::{Poll, Task};
use crate::services::connection::{self, ConnEvent, ConnectionHandle};
use crate::store::servers::{SavedServer, account};
use eframe::egui;
use i18n_embed_fl::fl;
use xenapi::{Credentials, Error, ErrorKind, Rejection, TransportOptions};

/// What the dialog is showing.
#[derive(Default)]
pub enum Stage {
    #[default]
    Editing,
    /// Logging in; the handle is dropped (and the login abandoned) on Cancel.
    Connecting(ConnectionHandle),
    /// The host's certificate is not trusted: show it and ask.
    Untrusted(Rejection),
}

#[derive(Default)]
pub struct ConnectDialog {
    pub address: String,
    pub user: String,
    pub password: String,
    pub remember: bool,
    pub stage: Stage,
    pub error: Option<Error>,
    /// The pool this server belongs to is already shown (its name): said here, where the
    /// user typed the address.
    pub already_shown: Option<String>,
    focused: bool,
    /// Connect as soon as the dialog is first shown (`--server` with XENPILOT_PASSWORD).
    pub autostart: bool,
    /// A password being read from the keyring for a saved server.
    pending_password: Option<Task<Option<String>>>,
    /// Enter was pressed in one of the fields (or with none focused): connect.
    enter: bool,
}

impl ConnectDialog {
    pub fn new(address: &str, user: &str) -> Self {
        ConnectDialog {
            address: address.to_string(),
            user: if user.is_empty() { "root" } else { user }.to_string(),
            ..Default::default()
        }
    }

    pub fn is_connecting(&self) -> bool {
        matches!(self.stage, Stage::Connecting(_))
    }

    /// The certificate the dialog asks about, if it is asking.
    pub fn untrusted(&self) -> Option<&Rejection> {
        match &self.stage {
            Stage::Untrusted(r) => Some(r),
            _ => None,
        }
    }
}

impl XenPilotApp {
    /// Opens the dialog (prefilled with the most recent server).
    pub fn open_connect_dialog(&mut self) {
        if self.windows.get::<ConnectDialog>().is_none() {
            let last = self.servers.servers.first();
            self.windows.open(Box::new(ConnectDialog::new(
                last.map_or("", |s| s.address.as_str()),
                last.map_or("root", |s| s.user.as_str()),
            )));
        }
    }

    /// `--server`: the dialog filled in; with a password it connects at once, and a
    /// certificate to trust or an error shows in it as if the user had typed it all.
    pub fn connect_on_start(&mut self, address: &str, user: &str, password: Option<String>) {
        let mut d = ConnectDialog::new(address, user);
        if let Some(p) = password {
            d.password = p;
            d.autostart = true;
        }
        self.windows.open(Box::new(d));
    }

    /// Connects to each of `addresses` in turn (the command line's `--server`s), each
    /// through the Connect dialog as [`Self::connect_on_start`] does.
    pub fn connect_many_on_start(
        &mut self,
        addresses: &[String],
        user: &str,
        password: Option<String>,
    ) {
        self.pending_servers.extend(
            addresses
                .iter()
                .map(|a| (a.clone(), user.to_string(), password.clone())),
        );
        self.next_pending_server();
    }

    /// Opens the Connect dialog for the next server given on the command line, once the
    /// last one is done (connected or cancelled).
    fn next_pending_server(&mut self) {
        if self.windows.get::<ConnectDialog>().is_some() {
            return;
        }
        if let Some((a, u, p)) = self.pending_servers.pop_front() {
            self.connect_on_start(&a, &u, p);
        }
    }

    /// The open Connect dialog (tests and the command line fill it this way).
    pub fn connect_dialog(&mut self) -> Option<&mut ConnectDialog> {
        self.windows.get_mut::<ConnectDialog>()
    }

    /// Starts connecting with what the dialog holds.
    pub fn start_connect(&mut self, ctx: &egui::Context) {
        let (Some(rt), Some(d)) = (
            self.runtime.clone(),
            self.windows.get_mut::<ConnectDialog>(),
        ) else {
            return;
        };
        d.error = None;
        d.already_shown = None;
        let options = TransportOptions {
            pins: self.servers.trusted_certificates.clone(),
            ..TransportOptions::default()
        };
        let ctx = ctx.clone();
        let handle = connection::connect(
            &rt,
            d.address.trim().to_string(),
            Credentials::new(d.user.trim(), d.password.clone()),
            options,
            move || ctx.request_repaint(),
        );
        d.stage = Stage::Connecting(handle);
    }

    /// Takes what the pending connection reported; on success it becomes the app's pool.
    pub(super) fn poll_connect(&mut self) {
        self.next_pending_server();
        // A keyring that refused the password (none running, locked): say so, once.
        let failed = crate::services::background::poll_all(&mut self.keyring_tasks);
        if let Some(e) = failed.into_iter().flatten().flatten().last() {
            self.notice = Some(Notice::KeyringFailed(e));
        }
        let Some(d) = self.windows.get_mut::<ConnectDialog>() else {
            return;
        };
        if let Some(task) = &mut d.pending_password {
            match task.poll() {
                Poll::Ready(p) => {
                    if let Some(p) = p {
                        d.password = p;
                        d.remember = true;
                    }
                    d.pending_password = None;
                }
                Poll::Vanished => d.pending_password = None,
                Poll::Pending => {}
            }
        }
        let Stage::Connecting(handle) = &d.stage else {
            return;
        };
        let mut outcome = None;
        while let Ok(ev) = handle.events.try_recv() {
            match ev {
                ConnEvent::Failed(e) => {
                    outcome = Some(Err(e));
                    break;
                }
                ConnEvent::Connected { .. } => {
                    // Hand the channel over with this event still to be applied.
                    outcome = Some(Ok(ev));
                    break;
                }
                _ => {}
            }
        }
        match outcome {
            None => {}
            Some(Err(e)) => {
                d.stage = match &e.kind {
                    ErrorKind::Certificate(r) if matches!(**r, Rejection::Untrusted { .. }) => {
                        Stage::Untrusted((**r).clone())
                    }
                    _ => {
                        d.error = Some(e);
                        Stage::Editing
                    }
                };
            }
            Some(Ok(connected)) => {
                let Some(d) = self.windows.get_mut::<ConnectDialog>() else {
                    return;
                };
                let d = std::mem::take(d);
                self.windows.close(CONNECT_KIND);
                let Stage::Connecting(handle) = d.stage else {
                    return;
                };
                self.remember_server(&d.address, &d.user, &d.password, d.remember);
                let url = d.address.trim().to_string();
                let i = self.pools.add(url.clone(), super::Source::Live(handle));
                self.pools[i].reconnect = Some(super::pools::Reconnect {
                    url,
                    credentials: Credentials::new(d.user.trim(), d.password.clone()),
                    options: TransportOptions::default(),
                });
                let mut fx = super::pools::Effects::default();
                self.pools[i].apply(connected, &mut fx);
                self.take_effects(fx);
                self.focus_pool(i);
            }
        }
    }

    /// Saves the server (and, when Remember is ticked, its password in the keyring, off the
    /// UI thread; otherwise any saved password is deleted).
    fn remember_server(&mut self, address: &str, user: &str, password: &str, remember: bool) {
        // The keyring is touched only when asked to remember, or to forget a saved password.
        let had = self
            .servers
            .servers
            .iter()
            .any(|s| s.address == address.trim() && s.user == user.trim() && s.remember);
        self.servers.remember(SavedServer {
            address: address.trim().to_string(),
            user: user.trim().to_string(),
            remember,
        });
        self.save_servers();
        let secrets = self.secrets.clone();
        let acct = account(address, user.trim());
        let password = password.to_string();
        if !remember && !had {
            return;
        }
        let job = move || {
            let r = if remember {
                secrets.set(&acct, &password)
            } else {
                secrets.delete(&acct)
            };
            r.err().inspect(|e| {
                tracing::warn!(error = %e, "cannot update the password in the keyring");
            })
        };
        self.keyring_tasks.push(self.blocking(job));
    }

    pub(super) fn save_servers(&self) {
        if let Some(p) = &self.servers_path
            && let Err(e) = self.servers.save(p)
        {
            tracing::warn!(path = %p.display(), error = %e, "cannot save the server list");
        }
    }

    /// Fills the dialog from a saved server, reading its password from the keyring.
    pub(super) fn pick_saved(&mut self, i: usize) {
        let Some(s) = self.servers.servers.get(i).cloned() else {
            return;
        };
        let secrets = self.secrets.clone();
        let read = s.remember.then(|| {
            let acct = account(&s.address, &s.user);
            self.blocking(move || secrets.get(&acct).ok().flatten())
        });
        let Some(d) = self.windows.get_mut::<ConnectDialog>() else {
            return;
        };
        d.address = s.address.clone();
        d.user = s.user.clone();
        d.password.clear();
        d.remember = s.remember;
        d.pending_password = read;
    }

    /// The user trusts the certificate in the prompt: pin it and connect again.
    pub fn trust_and_connect(&mut self, ctx: &egui::Context) {
        let Some(Stage::Untrusted(r)) = self.windows.get::<ConnectDialog>().map(|d| &d.stage)
        else {
            return;
        };
        let (host, fp) = (r.host().to_string(), r.cert().sha256.clone());
        self.servers.trust(&host, &fp);
        self.save_servers();
        self.start_connect(ctx);
    }

    /// Cancel: abandons a login in progress, or closes the dialog.
    pub fn cancel_connect(&mut self) {
        let Some(d) = self.windows.get_mut::<ConnectDialog>() else {
            return;
        };
        match std::mem::take(&mut d.stage) {
            Stage::Connecting(h) => h.close_in_background(self.runtime.as_ref()),
            Stage::Untrusted(_) => {}
            Stage::Editing => self.windows.close(CONNECT_KIND),
        }
    }
}

const CONNECT_KIND: &str = "connect";

impl AppWindow for ConnectDialog {
    fn kind(&self) -> &'static str {
        CONNECT_KIND
    }

    window_any!();

    /// Enter from any field connects (never from the certificate question: trusting is a
    /// click on its own button).
    fn on_enter(&mut self) -> bool {
        self.enter = !matches!(self.stage, Stage::Untrusted(_));
        self.enter
    }

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        let d = self;
        let l = &view.i18n.loader;
        let mut act = None;
        if std::mem::take(&mut d.autostart) || std::mem::take(&mut d.enter) {
            act = Some(Command::ConnectStart);
        }
        let busy = d.is_connecting();
        // Opened centred, then it stays where it is while an error or a spinner comes and
        // goes (a centred window would jump under the pointer).
        let id = egui::Id::unique("connect-dialog");
        super::dialog_window::modal(egui::Window::new(fl!(l, "conn-title")), ctx, id)
            .id(id)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                if let Stage::Untrusted(r) = &d.stage {
                    cert_prompt(ui, view.i18n, r, &mut act);
                    return;
                }
                if !view.servers.servers.is_empty() {
                    egui::ComboBox::from_label(fl!(l, "conn-recent"))
                        .selected_text("")
                        .show_ui(ui, |ui| {
                            for (i, s) in view.servers.servers.iter().enumerate() {
                                let text = format!("{} ({})", s.address, s.user);
                                if ui.selectable_label(false, text).clicked() {
                                    act = Some(Command::ConnectPick(i));
                                }
                            }
                        });
                }
                egui::Grid::new("connect-grid")
                    .num_columns(2)
                    .spacing([8.0, 6.0])
                    .show(ui, |ui| {
                        let label = ui.label(fl!(l, "conn-server"));
                        let edit = ui
                            .add_enabled(
                                !busy,
                                egui::TextEdit::singleline(&mut d.address)
                                    .desired_width(300.0)
                                    .hint_text("pool-master.example.com"),
                            )
                            .labelled_by(label.id);
                        if !d.focused {
                            edit.request_focus();
                            d.focused = true;
                        }
                        // What the error said no longer applies to a new address.
                        if edit.changed() {
                            d.error = None;
                            d.already_shown = None;
                        }
                        ui.end_row();
                        let label = ui.label(fl!(l, "conn-user"));
                        ui.add_enabled(!busy, egui::TextEdit::singleline(&mut d.user))
                            .labelled_by(label.id);
                        ui.end_row();
                        let label = ui.label(fl!(l, "conn-password"));
                        ui.add_enabled(
                            !busy,
                            egui::TextEdit::singleline(&mut d.password).password(true),
                        )
                        .labelled_by(label.id);
                        ui.end_row();
                    });
                ui.add_enabled(
                    !busy,
                    egui::Checkbox::new(&mut d.remember, fl!(l, "conn-remember")),
                );
                if d.address.trim_start().starts_with("http://") {
                    ui.colored_label(ui.visuals().warn_fg_color, fl!(l, "conn-plain-http"));
                }
                if let Some(pool) = &d.already_shown {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        fl!(l, "conn-already", pool = pool.as_str()),
                    );
                }
                if let Some(e) = &d.error {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        super::errors::connection(view.i18n, e),
                    );
                    // The whole chain, for a bug report or an admin who wants it.
                    egui::CollapsingHeader::new(fl!(l, "conn-details"))
                        .id_salt("connect-error-details")
                        .show(ui, |ui| {
                            ui.add(
                                egui::Label::new(egui::RichText::new(e.to_string()).monospace())
                                    .selectable(true),
                            );
                        });
                }
                ui.horizontal(|ui| {
                    if busy {
                        ui.spinner();
                        ui.label(fl!(l, "status-connecting"));
                    }
                    let ready = !busy && !d.address.trim().is_empty() && !d.user.trim().is_empty();
                    if ui
                        .add_enabled(ready, egui::Button::new(fl!(l, "conn-connect")))
                        .clicked()
                    {
                        act = Some(Command::ConnectStart);
                    }
                    if ui.button(fl!(l, "cancel")).clicked() {
                        act = Some(Command::ConnectCancel);
                    }
                });
            });
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            act = Some(Command::ConnectCancel);
        }
        let ready = !d.is_connecting() && !d.address.trim().is_empty();
        if d.is_connecting() {
            // Keep the spinner turning while the login runs.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        match act {
            Some(Command::ConnectStart) if !ready => {}
            Some(c) => out.push(c),
            None => {}
        }
        true
    }
}

/// The certificate, for the user to compare with what the host's console shows.
fn cert_prompt(ui: &mut egui::Ui, i18n: &I18n, r: &Rejection, act: &mut Option<Command>) {
    let l = &i18n.loader;
    let c = r.cert();
    ui.label(fl!(l, "cert-untrusted", host = r.host()));
    egui::Grid::new("cert-grid")
        .num_columns(2)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            for (k, v) in [
                (fl!(l, "cert-subject"), c.subject.as_str()),
                (fl!(l, "cert-issuer"), c.issuer.as_str()),
                (fl!(l, "cert-valid-from"), c.not_before.as_str()),
                (fl!(l, "cert-valid-to"), c.not_after.as_str()),
            ] {
                ui.label(k);
                ui.label(v);
                ui.end_row();
            }
            ui.label(fl!(l, "cert-fingerprint"));
            ui.add(egui::Label::new(egui::RichText::new(&c.sha256).monospace()).selectable(true));
            ui.end_row();
        });
    ui.label(fl!(l, "cert-compare"));
    let mut chosen = None;
    ui.horizontal(|ui| {
        if ui.button(fl!(l, "cert-trust")).clicked() {
            chosen = Some(true);
        }
        if ui.button(fl!(l, "cancel")).clicked() {
            chosen = Some(false);
        }
    });
    match chosen {
        Some(true) => *act = Some(Command::ConnectTrust),
        Some(false) => *act = Some(Command::ConnectCancel),
        None => {}
    }
}
