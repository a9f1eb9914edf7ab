//! The RFB client against a server no one here wrote: QEMU's VNC server, showing a diskless
//! PC's BIOS screen. Handshake, the full framebuffer, a picture that is not black, the
//! DesktopSize when the paused machine starts, the extended-key acknowledgement, and VNC
//! authentication (right and wrong password).

use super::install::QEMU;
use super::tools_present;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::UnixStream;
use xenpilot::rfb::client::lock;
use xenpilot::rfb::{RfbClient, RfbError};

/// A QEMU process, killed when dropped.
struct Qemu {
    child: Child,
    dir: tempfile::TempDir,
}

impl Drop for Qemu {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Qemu {
    /// A paused PC (`-S`) with VNC on a Unix socket and a monitor socket; `vnc_opts` are
    /// appended to the `-vnc` argument.
    fn start(extra: &[&str], vnc_opts: &str) -> Qemu {
        let dir = tempfile::tempdir().unwrap();
        let vnc = dir.path().join("vnc.sock");
        let mon = dir.path().join("mon.sock");
        let child = Command::new(QEMU.program)
            .args(["-display", "none", "-nodefaults", "-vga", "std", "-S"])
            .args(["-machine", "accel=tcg", "-m", "32"])
            .arg("-vnc")
            .arg(format!("unix:{}{vnc_opts}", vnc.display()))
            .arg("-monitor")
            .arg(format!("unix:{},server=on,wait=off", mon.display()))
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let q = Qemu { child, dir };
        for _ in 0..200 {
            if q.vnc().exists() && q.monitor().exists() {
                return q;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("QEMU did not open its VNC socket in 10 s");
    }

    fn vnc(&self) -> PathBuf {
        self.dir.path().join("vnc.sock")
    }

    fn monitor(&self) -> PathBuf {
        self.dir.path().join("mon.sock")
    }
}

async fn monitor_command(path: &Path, cmd: &str) {
    let mut s = UnixStream::connect(path).await.unwrap();
    s.write_all(format!("{cmd}\n").as_bytes()).await.unwrap();
    s.flush().await.unwrap();
    // Give the monitor time to read it before the socket closes.
    tokio::time::sleep(Duration::from_millis(200)).await;
}

/// Waits (up to 60 s of emulated boot, slow on a shared CI machine) until `done` holds.
async fn wait_for(client: &RfbClient, what: &str, done: impl Fn(&xenpilot::rfb::Screen) -> bool) {
    for _ in 0..600 {
        if done(&lock(&client.screen)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let s = lock(&client.screen);
    panic!(
        "QEMU: {what} did not happen in 60 s ({}×{}, {} updates, ext keys {})",
        s.width, s.height, s.updates, s.ext_keys
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rfb_client_shows_qemus_bios_screen() {
    if !tools_present("the_rfb_client_shows_qemus_bios_screen", &[QEMU]) {
        return;
    }
    let qemu = Qemu::start(&[], "");
    let stream = UnixStream::connect(qemu.vnc()).await.unwrap();
    let mut client = RfbClient::start(stream, None, Arc::new(|| {}))
        .await
        .unwrap();
    assert_eq!(client.init.version, (3, 8), "QEMU speaks RFB 3.8");
    assert!(client.init.width > 0 && client.init.height > 0);
    // The first (full) update arrives, and QEMU acknowledges the extended key event.
    wait_for(&client, "the first update and the ext-key ack", |s| {
        s.updates > 0 && s.ext_keys
    })
    .await;
    let first_generation = lock(&client.screen).generation;
    // Starting the paused machine switches VGA to the BIOS's text mode: a DesktopSize.
    monitor_command(&qemu.monitor(), "cont").await;
    wait_for(
        &client,
        "a DesktopSize and a picture that is not black",
        |s| {
            s.generation > first_generation
                && s.pixels.len() == usize::from(s.width) * usize::from(s.height) * 4
                && s.pixels
                    .chunks_exact(4)
                    .filter(|p| p[0] > 64 || p[1] > 64 || p[2] > 64)
                    .count()
                    > 100
        },
    )
    .await;
    // Keys and the pointer go out without breaking the session (the BIOS ignores them).
    client.send(xenpilot::rfb::Input::Key {
        down: true,
        keysym: 0xff0d,
        xt: Some(0x1c),
    });
    client.send(xenpilot::rfb::Input::Key {
        down: false,
        keysym: 0xff0d,
        xt: Some(0x1c),
    });
    client.send(xenpilot::rfb::Input::Pointer {
        x: 10,
        y: 10,
        buttons: 8,
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(client.closed().is_none(), "{:?}", client.closed());
    // A dead server ends the session with a reason.
    drop(qemu);
    let e = client.wait_closed().await;
    assert!(matches!(e, RfbError::Closed | RfbError::Io(_)), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vnc_authentication_against_qemu() {
    if !tools_present("vnc_authentication_against_qemu", &[QEMU]) {
        return;
    }
    let qemu = Qemu::start(
        &["-object", "secret,id=vncpw,data=hunter2"],
        ",password-secret=vncpw",
    );
    let stream = UnixStream::connect(qemu.vnc()).await.unwrap();
    let e = RfbClient::start(stream, None, Arc::new(|| {}))
        .await
        .err()
        .unwrap();
    assert!(matches!(e, RfbError::PasswordNeeded), "{e}");
    let stream = UnixStream::connect(qemu.vnc()).await.unwrap();
    let e = RfbClient::start(stream, Some("wrong"), Arc::new(|| {}))
        .await
        .err()
        .unwrap();
    assert!(matches!(e, RfbError::AuthFailed(_)), "{e}");
    let stream = UnixStream::connect(qemu.vnc()).await.unwrap();
    let client = RfbClient::start(stream, Some("hunter2"), Arc::new(|| {}))
        .await
        .unwrap();
    wait_for(&client, "the first update", |s| s.updates > 0).await;
}
