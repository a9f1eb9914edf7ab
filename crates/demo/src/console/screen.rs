//! The simulated guest behind a console: what its screen shows and how it answers keys and
//! the pointer. One [`Guest`] per VM boot, shared by every viewer of that VM (typing in one
//! viewer shows in the others, as on a real guest).
//!
//! - **Linux** (the default): a boot log in 640×400 text mode, then (a DesktopSize change)
//!   the console at 1024×768, or 800×600 every other boot, with a login prompt; it echoes
//!   what is typed, logs in with any password, and answers `help`, `uname -a`, `uptime`,
//!   `ls`, `clear`, `whoami`, `hostname`, `pwd`, `date`, `echo`, `exit` and `reboot`. The
//!   pointer shows as an inverse cell, as gpm draws it.
//! - **Windows** (a VM whose OS, platform or name says so): "Starting Windows", then a lock
//!   screen that wants Ctrl+Alt+Del, a password box, and a desktop; the pointer is the
//!   guest's arrow cursor (the Cursor pseudo-encoding) and clicks work.
//! - **Control domain**: XCP-ng's xsconsole, its menu moved with the arrow keys or a click.
//!
//! Nothing depends on the clock except the boot's progress; a VM that was already running
//! when the server started is booted, so its first picture is always the same.

use super::Boot;
use super::font::{CELL_H, CELL_W, Frame, Rgb, Term};
pub use super::guest_info::{GuestInfo, Kind};
use super::guest_info::{boot_log, final_size};
use super::keys::{self, Key, Modifiers};
use super::pictures;
use std::time::{Duration, Instant};

/// How long the simulated boot takes.
pub const BOOT_TIME: Duration = Duration::from_secs(2);

/// Something the guest asks of the host (its VM's power state).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    Reboot,
}

/// The Linux console's login and shell.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shell {
    Login(String),
    Password(String),
    Prompt(String),
}

/// A cursor shape: size, hot spot, `0x00RRGGBB` pixels and a bitmask (1 = opaque), rows
/// padded to whole bytes as RFB sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CursorShape {
    pub width: usize,
    pub height: usize,
    pub hotspot: (usize, usize),
    pub pixels: Vec<Rgb>,
    pub mask: Vec<u8>,
}

/// One boot of a guest, on screen.
pub struct Guest {
    pub info: GuestInfo,
    boot: Boot,
    booted: bool,
    /// Boot log lines shown so far (while booting).
    shown: usize,
    frame: Frame,
    term: Term,
    shell: Shell,
    mods: Modifiers,
    pointer: Option<(usize, usize)>,
    /// The text cell drawn inverted for the pointer.
    pointer_cell: Option<(usize, usize)>,
    buttons: u8,
    /// Changes with every change of the picture.
    version: u64,
    /// Changes with the frame's size or when the text grid is replaced (no CopyRect
    /// across it).
    layout: u64,
    pub(super) win: pictures::WindowsState,
    pub(super) menu: usize,
    request: Option<Request>,
}

const GREY: Rgb = 0xaaaaaa;
const GREEN: Rgb = 0x55ff55;
const BLACK: Rgb = 0x000000;

impl Guest {
    pub fn new(info: GuestInfo, boot: Boot) -> Guest {
        let booted = boot.since.is_none();
        let mut g = Guest {
            info,
            boot,
            booted,
            shown: 0,
            frame: Frame::new(640, 400, BLACK),
            term: Term::new(80, 25, GREY, BLACK),
            shell: Shell::Login(String::new()),
            mods: Modifiers::default(),
            pointer: None,
            pointer_cell: None,
            buttons: 0,
            version: 1,
            layout: 1,
            win: pictures::WindowsState::default(),
            menu: 0,
            request: None,
        };
        if booted {
            g.finish_boot();
        } else {
            g.redraw();
        }
        g
    }

    pub fn frame(&self) -> &Frame {
        &self.frame
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    /// (layout, lines scrolled): a viewer whose last picture had the same layout may move it
    /// up by the difference in lines (CopyRect) before sending what changed.
    pub fn scroll_state(&self) -> (u64, u64) {
        (self.layout, self.term.scrolled)
    }

    pub fn boot(&self) -> Boot {
        self.boot
    }

    /// What the guest asked of the host since last asked.
    pub fn take_request(&mut self) -> Option<Request> {
        self.request.take()
    }

    /// The guest's own pointer shape, when it draws one (the Cursor pseudo-encoding).
    pub fn cursor(&self) -> Option<CursorShape> {
        (self.info.kind == Kind::Windows && self.booted).then(pictures::arrow_cursor)
    }

    /// Moves the boot on; true when the picture changed.
    pub fn tick(&mut self, now: Instant) -> bool {
        if self.booted {
            return false;
        }
        let elapsed = self
            .boot
            .since
            .map_or(BOOT_TIME, |s| now.saturating_duration_since(s));
        if elapsed >= BOOT_TIME {
            self.finish_boot();
            return true;
        }
        if self.info.kind == Kind::Linux {
            let log = boot_log(&self.info);
            let want = (log.len() as u128 * elapsed.as_millis() / BOOT_TIME.as_millis()) as usize;
            let want = want.min(log.len());
            if want > self.shown {
                for line in &log[self.shown..want] {
                    self.term.write(line);
                    self.term.newline();
                }
                self.shown = want;
                self.redraw();
                return true;
            }
        }
        false
    }

    fn finish_boot(&mut self) {
        self.booted = true;
        let (w, h) = final_size(self.info.kind, self.boot.count);
        self.frame = Frame::new(w, h, BLACK);
        self.term = Term::new(w / CELL_W, h / CELL_H, GREY, BLACK);
        self.layout += 1;
        if self.info.kind == Kind::Linux {
            for line in boot_log(&self.info) {
                self.term.write(&line);
                self.term.newline();
            }
            self.login_banner();
        }
        self.redraw();
    }

    fn login_banner(&mut self) {
        if self.info.installer {
            // The install ISO's boot menu: what a new VM shows until its OS is installed.
            self.term.write(
                "\n  Debian GNU/Linux installer menu (BIOS mode)\n\n  \
                 > Graphical install\n    Install\n    Advanced options\n    \
                 Accessible dark contrast installer menu\n    Help\n    \
                 Install with speech synthesis\n",
            );
            return;
        }
        let banner = format!("\n{} {} tty1\n\n", self.info.os, self.info.hostname);
        self.term.write(&banner);
        self.shell = Shell::Login(String::new());
        self.term.write(&format!("{} login: ", self.info.hostname));
    }

    /// Redraws the frame from the guest's state.
    pub(super) fn redraw(&mut self) {
        self.version += 1;
        match (self.info.kind, self.booted) {
            (Kind::Linux, _) => {
                // gpm's pointer: the cell under it in inverse video, drawn over the text.
                if let Some((c, r)) = self.pointer_cell.take() {
                    self.term.invalidate(c, r);
                }
                self.term.render(&mut self.frame, true);
                if let Some((x, y)) = self.pointer {
                    let (c, r) = (x / CELL_W, y / CELL_H);
                    if c < self.term.cols && r < self.term.rows {
                        for py in r * CELL_H..(r + 1) * CELL_H {
                            let at = py * self.frame.width + c * CELL_W;
                            for p in &mut self.frame.pixels[at..at + CELL_W] {
                                *p ^= 0xffffff;
                            }
                        }
                        self.pointer_cell = Some((c, r));
                    }
                }
            }
            (Kind::Windows, false) => pictures::windows_booting(&mut self.frame),
            (Kind::Windows, true) => {
                let (info, win) = (&self.info, &self.win);
                pictures::windows(&mut self.frame, info, win);
            }
            (Kind::Dom0, _) => {
                pictures::xsconsole(&mut self.term, &self.info, self.menu);
                self.term.render(&mut self.frame, false);
            }
        }
    }

    /// A key message: RFB KeyEvent (`scancode` 0) or QEMU Extended Key Event.
    pub fn key(&mut self, down: bool, keysym: u32, scancode: u32) {
        let key = if scancode != 0 {
            keys::from_scancode(scancode, self.mods.shift)
        } else {
            keys::from_keysym(keysym)
        };
        if self.mods.follow(key, down) || !down || !self.booted {
            return;
        }
        match self.info.kind {
            Kind::Linux => self.shell_key(key),
            Kind::Windows => {
                let cad = key == Key::Delete && self.mods.control && self.mods.alt;
                pictures::windows_key(&mut self.win, key, cad);
            }
            Kind::Dom0 => match key {
                Key::Up => self.menu = self.menu.saturating_sub(1),
                Key::Down => self.menu = (self.menu + 1).min(pictures::MENU.len() - 1),
                _ => return,
            },
        }
        self.redraw();
    }

    /// A pointer message: position and button mask.
    pub fn pointer(&mut self, mask: u8, x: u16, y: u16) {
        let (x, y) = (usize::from(x), usize::from(y));
        let pressed = mask & !self.buttons;
        self.buttons = mask;
        let moved = self.pointer != Some((x, y));
        self.pointer = Some((x, y));
        match self.info.kind {
            Kind::Linux if moved => self.redraw(),
            Kind::Windows
                if pressed & 1 != 0
                    && self.booted
                    && pictures::windows_click(&mut self.win, &self.frame, x, y) =>
            {
                self.redraw();
            }
            Kind::Dom0 if pressed & 1 != 0 => {
                if let Some(i) = pictures::menu_at(x, y) {
                    self.menu = i;
                    self.redraw();
                }
            }
            _ => {}
        }
    }

    fn prompt(&mut self) {
        let (sign, user) = match &self.shell {
            Shell::Prompt(_) => ("#", "root"),
            _ => ("$", "user"),
        };
        let p = format!("{user}@{}:~{sign} ", self.info.hostname);
        self.term.write_colored(&p, GREEN);
    }

    fn shell_key(&mut self, key: Key) {
        // The installer's menu takes no typing here (it is a picture of one).
        if self.info.installer {
            return;
        }
        let echo = !matches!(self.shell, Shell::Password(_));
        let buf = match &mut self.shell {
            Shell::Login(b) | Shell::Password(b) | Shell::Prompt(b) => b,
        };
        match key {
            Key::Char('c') if self.mods.control => {
                buf.clear();
                self.term.write("^C");
                self.term.newline();
                match self.shell {
                    Shell::Prompt(_) => self.prompt(),
                    _ => self.login_banner(),
                }
            }
            Key::Char('l') if self.mods.control => {
                self.term.clear();
                if let Shell::Prompt(b) = &self.shell {
                    let b = b.clone();
                    self.prompt();
                    self.term.write(&b);
                }
            }
            Key::Char(c) if buf.len() < 200 => {
                buf.push(c);
                if echo {
                    self.term.write(&c.to_string());
                }
            }
            Key::Backspace if buf.pop().is_some() && echo => self.term.backspace(),
            Key::Enter => {
                let line = std::mem::take(buf);
                self.term.newline();
                self.enter(line);
            }
            _ => {}
        }
    }

    fn enter(&mut self, line: String) {
        match &self.shell {
            Shell::Login(_) if line.trim().is_empty() => {
                self.term.write(&format!("{} login: ", self.info.hostname));
            }
            Shell::Login(_) => {
                self.shell = Shell::Password(String::new());
                self.term.write("Password: ");
            }
            Shell::Password(_) => {
                self.term.write(&format!(
                    "Linux {} 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 x86_64\n\n\
                     Type 'help' for the commands this demo guest knows.\n",
                    self.info.hostname
                ));
                self.shell = Shell::Prompt(String::new());
                self.prompt();
            }
            Shell::Prompt(_) => {
                if self.command(line.trim()) {
                    self.prompt();
                }
            }
        }
    }

    /// Runs a shell command; false when the prompt should not come back.
    fn command(&mut self, cmd: &str) -> bool {
        let h = self.info.hostname.clone();
        let (name, args) = cmd.split_once(' ').unwrap_or((cmd, ""));
        let out = match name {
            "" => String::new(),
            "help" => "Commands: help, uname [-a], uptime, ls, clear, whoami, hostname, pwd, \
                       date, echo TEXT, exit, reboot\n"
                .into(),
            "uname" if args.trim() == "-a" => format!(
                "Linux {h} 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 \
                 (2024-11-22) x86_64 GNU/Linux\n"
            ),
            "uname" => "Linux\n".into(),
            "uptime" => {
                " 12:00:00 up 3 days,  4:05,  1 user,  load average: 0.08, 0.03, 0.01\n".into()
            }
            "ls" => "backup.sh  notes.txt  www\n".into(),
            "whoami" => "root\n".into(),
            "hostname" => format!("{h}\n"),
            "pwd" => "/root\n".into(),
            "date" => "Thu Jan  1 12:00:00 UTC 2026\n".into(),
            "echo" => format!("{args}\n"),
            "clear" => {
                self.term.clear();
                return true;
            }
            "exit" | "logout" => {
                self.term.write("logout\n");
                self.login_banner();
                return false;
            }
            "reboot" => {
                self.term.write("Rebooting.\n");
                self.request = Some(Request::Reboot);
                return false;
            }
            other => format!("-bash: {other}: command not found\n"),
        };
        self.term.write(&out);
        true
    }

    /// The text on the console's grid, line by line (Linux and control domain), for tests.
    pub fn text(&self) -> String {
        (0..self.term.rows)
            .map(|r| {
                (0..self.term.cols)
                    .map(|c| self.term.cell(c, r).ch)
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linux() -> Guest {
        guest(false)
    }

    fn guest(installer: bool) -> Guest {
        let info = GuestInfo {
            kind: Kind::Linux,
            name: "web-01".into(),
            hostname: "web-01".into(),
            os: "Debian GNU/Linux 12".into(),
            host_name: "h".into(),
            host_address: "127.0.0.1".into(),
            product: "XCP-ng 8.3.0".into(),
            installer,
        };
        let boot = Boot {
            epoch: 0,
            count: 0,
            since: None,
        };
        Guest::new(info, boot)
    }

    fn type_text(g: &mut Guest, s: &str) {
        for c in s.chars() {
            g.key(true, u32::from(c), 0);
            g.key(false, u32::from(c), 0);
        }
        g.key(true, 0xff0d, 0);
    }

    #[test]
    fn a_booted_linux_guest_shows_a_login_prompt_and_runs_commands() {
        let mut g = linux();
        assert_eq!((g.frame().width, g.frame().height), (1024, 768));
        assert!(g.text().contains("web-01 login:"), "{}", g.text());
        type_text(&mut g, "root");
        type_text(&mut g, "secret");
        assert!(!g.text().contains("secret"), "passwords are not echoed");
        type_text(&mut g, "uname -a");
        assert!(g.text().contains("Linux web-01 6.1.0-28-amd64"));
        type_text(&mut g, "frobnicate");
        assert!(g.text().contains("-bash: frobnicate: command not found"));
        type_text(&mut g, "clear");
        assert!(!g.text().contains("frobnicate"));
        type_text(&mut g, "reboot");
        assert_eq!(g.take_request(), Some(Request::Reboot));
    }

    #[test]
    fn a_new_vm_booting_from_its_iso_shows_the_installer_not_a_login() {
        let mut g = guest(true);
        let t = g.text();
        assert!(
            t.contains("installer menu") && t.contains("Graphical install"),
            "{t}"
        );
        assert!(!t.contains("login:"), "{t}");
        type_text(&mut g, "zqzq");
        assert!(!g.text().contains("zqzq"), "the menu takes no typing");
    }

    #[test]
    fn scan_codes_type_with_a_us_layout_and_shift() {
        let mut g = linux();
        // "Hi" as scan codes: Shift down, h, Shift up, i.
        for (code, down) in [
            (0x2a, true),
            (0x23, true),
            (0x23, false),
            (0x2a, false),
            (0x17, true),
        ] {
            g.key(down, 0, code);
        }
        assert!(g.text().contains("login: Hi"), "{}", g.text());
    }

    #[test]
    fn a_new_boot_starts_in_text_mode_and_ends_at_the_consoles_resolution() {
        let info = linux().info;
        let start = Instant::now();
        let boot = Boot {
            epoch: 1,
            count: 1,
            since: Some(start),
        };
        let mut g = Guest::new(info, boot);
        assert_eq!(g.frame().width, 640);
        g.tick(start + BOOT_TIME / 2);
        assert!(g.text().contains("Linux version"));
        g.tick(start + BOOT_TIME);
        assert_eq!((g.frame().width, g.frame().height), (800, 600));
        assert!(g.text().contains("login:"));
    }
}
