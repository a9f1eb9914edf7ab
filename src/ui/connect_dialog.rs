//! File > Connect… (Ctrl+N): server, user, password and Remember; connects in the background
//! with a spinner and Cancel, and the window stays live. A self-signed certificate is shown
//! for the user to trust (which pins it); a pinned certificate that changed is refused with
//! both fingerprints. Errors are shown in place, in the user's language, with what was typed
//! kept.

use super::XenPilotApp;
use crate::connection::{self, ConnEvent, ConnectionHandle};
use crate::i18n::I18n;
use crate::servers::{SavedServer, account};
use crate::xenapi::error::codes;
use crate::xenapi::{Credentials, Error, ErrorKind, Rejection, TransportOptions};
use eframe::egui;
use i18n_embed_fl::fl;
use std::sync::mpsc;

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
    pub error: Option<String>,
    focused: bool,
    /// Connect as soon as the dialog is first shown (`--server` with XENPILOT_PASSWORD).
    pub autostart: bool,
    /// A password being read from the keyring for a saved server.
    pending_password: Option<mpsc::Receiver<Option<String>>>,
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

/// The user-facing text of a failed connection, in the current language.
pub fn error_text(i18n: &I18n, e: &Error) -> String {
    let l = &i18n.loader;
    let host = e.host.as_str();
    match &e.kind {
        ErrorKind::Api(a) if a.code == codes::SESSION_AUTHENTICATION_FAILED => {
            fl!(l, "conn-err-auth", host = host)
        }
        ErrorKind::Api(a) if a.code == codes::RBAC_PERMISSION_DENIED => {
            super::apply::error_text(i18n, &crate::edits::EditError::Server(e.clone()))
        }
        ErrorKind::Api(a) => fl!(l, "conn-err-server", host = host, error = a.to_string()),
        ErrorKind::Transport(m) => fl!(l, "conn-err-unreachable", host = host, error = m.as_str()),
        ErrorKind::HttpStatus(s @ 502..=504) => {
            fl!(
                l,
                "conn-err-unreachable",
                host = host,
                error = format!("HTTP {s}")
            )
        }
        ErrorKind::HttpStatus(_) | ErrorKind::Malformed(_) | ErrorKind::Decode(_) => {
            fl!(l, "conn-err-not-xenapi", host = host, error = e.to_string())
        }
        ErrorKind::Client(m) => fl!(l, "conn-err-address", error = m.as_str()),
        ErrorKind::Certificate(r) => match r.as_ref() {
            Rejection::Changed { host, pinned, cert } => fl!(
                l,
                "cert-changed",
                host = host.as_str(),
                old = pinned.as_str(),
                new = cert.sha256.as_str()
            ),
            Rejection::Untrusted { host, reason, .. } => {
                fl!(
                    l,
                    "cert-untrusted-error",
                    host = host.as_str(),
                    error = reason.as_str()
                )
            }
        },
    }
}

impl XenPilotApp {
    /// Opens the dialog (prefilled with the most recent server).
    pub fn open_connect_dialog(&mut self) {
        if self.connect.is_none() {
            let last = self.servers.servers.first();
            self.connect = Some(ConnectDialog::new(
                last.map_or("", |s| s.address.as_str()),
                last.map_or("root", |s| s.user.as_str()),
            ));
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
        self.connect = Some(d);
    }

    /// The open Connect dialog (tests and the command line fill it this way).
    pub fn connect_dialog(&mut self) -> Option<&mut ConnectDialog> {
        self.connect.as_mut()
    }

    /// Starts connecting with what the dialog holds.
    pub fn start_connect(&mut self, ctx: &egui::Context) {
        let (Some(rt), Some(d)) = (self.runtime.clone(), self.connect.as_mut()) else {
            return;
        };
        d.error = None;
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
        // A keyring that refused the password (none running, locked): say so, once.
        let mut failed = None;
        self.keyring_errors.retain(|rx| match rx.try_recv() {
            Ok(e) => {
                failed = Some(e);
                false
            }
            Err(mpsc::TryRecvError::Empty) => true,
            Err(mpsc::TryRecvError::Disconnected) => false,
        });
        if let Some(e) = failed {
            self.notice = Some(self.i18n.get_args("conn-keyring-failed", &[("error", &e)]));
        }
        let Some(d) = self.connect.as_mut() else {
            return;
        };
        if let Some(rx) = &d.pending_password {
            match rx.try_recv() {
                Ok(p) => {
                    if let Some(p) = p {
                        d.password = p;
                        d.remember = true;
                    }
                    d.pending_password = None;
                }
                Err(mpsc::TryRecvError::Disconnected) => d.pending_password = None,
                Err(mpsc::TryRecvError::Empty) => {}
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
                        d.error = Some(error_text(&self.i18n, &e));
                        Stage::Editing
                    }
                };
            }
            Some(Ok(connected)) => {
                let Some(d) = self.connect.take() else {
                    return;
                };
                let Stage::Connecting(handle) = d.stage else {
                    return;
                };
                self.remember_server(&d.address, &d.user, &d.password, d.remember);
                let url = d.address.trim().to_string();
                let i = self.add_pool(url.clone(), super::Source::Live(handle));
                self.pools[i].reconnect = Some(super::pools::Reconnect {
                    url,
                    credentials: Credentials::new(d.user.trim(), d.password.clone()),
                    options: TransportOptions::default(),
                });
                let mut fx = super::pools::Effects::default();
                self.pools[i].apply(&self.i18n, connected, &mut fx);
                self.take_effects(fx);
                self.focus_pool(i);
            }
        }
    }

    /// Saves the server (and, when Remember is ticked, its password in the keyring, off the
    /// UI thread; otherwise any saved password is deleted).
    fn remember_server(&mut self, address: &str, user: &str, password: &str, remember: bool) {
        self.servers.remember(SavedServer {
            address: address.trim().to_string(),
            user: user.trim().to_string(),
            remember,
        });
        self.save_servers();
        let secrets = self.secrets.clone();
        let acct = account(address, user.trim());
        let password = password.to_string();
        let (tx, rx) = mpsc::channel();
        let job = move || {
            let r = if remember {
                secrets.set(&acct, &password)
            } else {
                secrets.delete(&acct)
            };
            if let Err(e) = r {
                tracing::warn!(error = %e, "cannot update the password in the keyring");
                let _ = tx.send(e);
            }
        };
        self.keyring_errors.push(rx);
        match &self.runtime {
            Some(rt) => {
                rt.spawn_blocking(job);
            }
            None => job(),
        }
    }

    pub(super) fn save_servers(&self) {
        if let Some(p) = &self.servers_path
            && let Err(e) = self.servers.save(p)
        {
            tracing::warn!(path = %p.display(), error = %e, "cannot save the server list");
        }
    }

    /// Fills the dialog from a saved server, reading its password from the keyring.
    fn pick_saved(&mut self, i: usize) {
        let Some(s) = self.servers.servers.get(i).cloned() else {
            return;
        };
        let secrets = self.secrets.clone();
        let Some(d) = self.connect.as_mut() else {
            return;
        };
        d.address = s.address.clone();
        d.user = s.user.clone();
        d.password.clear();
        d.remember = s.remember;
        if s.remember {
            let (tx, rx) = mpsc::channel();
            let acct = account(&s.address, &s.user);
            let job = move || {
                let _ = tx.send(secrets.get(&acct).ok().flatten());
            };
            match &self.runtime {
                Some(rt) => {
                    rt.spawn_blocking(job);
                }
                None => job(),
            }
            d.pending_password = Some(rx);
        }
    }

    /// The user trusts the certificate in the prompt: pin it and connect again.
    pub fn trust_and_connect(&mut self, ctx: &egui::Context) {
        let Some(Stage::Untrusted(r)) = self.connect.as_ref().map(|d| &d.stage) else {
            return;
        };
        let (host, fp) = (r.host().to_string(), r.cert().sha256.clone());
        self.servers.trust(&host, &fp);
        self.save_servers();
        self.start_connect(ctx);
    }

    /// Cancel: abandons a login in progress, or closes the dialog.
    pub fn cancel_connect(&mut self) {
        let Some(d) = self.connect.as_mut() else {
            return;
        };
        match std::mem::take(&mut d.stage) {
            Stage::Connecting(h) => h.close_in_background(self.runtime.as_ref()),
            Stage::Untrusted(_) => {}
            Stage::Editing => self.connect = None,
        }
    }
}

pub fn show(app: &mut XenPilotApp, ctx: &egui::Context) {
    let Some(mut d) = app.connect.take() else {
        return;
    };
    let l = &app.i18n.loader;
    #[derive(PartialEq)]
    enum Act {
        None,
        Connect,
        Trust,
        Cancel,
        Pick(usize),
    }
    let mut act = Act::None;
    if std::mem::take(&mut d.autostart) {
        act = Act::Connect;
    }
    let busy = d.is_connecting();
    egui::Window::new(fl!(l, "conn-title"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            if let Stage::Untrusted(r) = &d.stage {
                cert_prompt(ui, &app.i18n, r, &mut act, Act::Trust, Act::Cancel);
                return;
            }
            if !app.servers.servers.is_empty() {
                egui::ComboBox::from_label(fl!(l, "conn-recent"))
                    .selected_text("")
                    .show_ui(ui, |ui| {
                        for (i, s) in app.servers.servers.iter().enumerate() {
                            let text = format!("{} ({})", s.address, s.user);
                            if ui.selectable_label(false, text).clicked() {
                                act = Act::Pick(i);
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
                    ui.end_row();
                    let label = ui.label(fl!(l, "conn-user"));
                    ui.add_enabled(!busy, egui::TextEdit::singleline(&mut d.user))
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label(fl!(l, "conn-password"));
                    let pw = ui
                        .add_enabled(
                            !busy,
                            egui::TextEdit::singleline(&mut d.password).password(true),
                        )
                        .labelled_by(label.id);
                    if pw.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        act = Act::Connect;
                    }
                    ui.end_row();
                });
            ui.add_enabled(
                !busy,
                egui::Checkbox::new(&mut d.remember, fl!(l, "conn-remember")),
            );
            if d.address.trim_start().starts_with("http://") {
                ui.colored_label(ui.visuals().warn_fg_color, fl!(l, "conn-plain-http"));
            }
            if let Some(e) = &d.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
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
                    act = Act::Connect;
                }
                if ui.button(fl!(l, "cancel")).clicked() {
                    act = Act::Cancel;
                }
            });
        });
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        act = Act::Cancel;
    }
    let ready = !d.is_connecting() && !d.address.trim().is_empty();
    app.connect = Some(d);
    match act {
        Act::Connect if ready => app.start_connect(ctx),
        Act::Trust => app.trust_and_connect(ctx),
        Act::Cancel => app.cancel_connect(),
        Act::Pick(i) => app.pick_saved(i),
        _ => {}
    }
    if app
        .connect
        .as_ref()
        .is_some_and(ConnectDialog::is_connecting)
    {
        // Keep the spinner turning while the login runs.
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }
}

/// The certificate, for the user to compare with what the host's console shows.
fn cert_prompt<A>(ui: &mut egui::Ui, i18n: &I18n, r: &Rejection, act: &mut A, trust: A, cancel: A) {
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
        Some(true) => *act = trust,
        Some(false) => *act = cancel,
        None => {}
    }
}
