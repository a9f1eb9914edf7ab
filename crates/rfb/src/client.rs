//! A running RFB session. [`RfbClient::start`] does the handshake, asks for the 32-bit
//! [`PixelFormat::RGBX`] and this client's encodings, then runs two tasks on the current tokio
//! runtime:
//!
//! - the reader decodes each FramebufferUpdate into the [`SharedScreen`], calls `notify` (the
//!   UI's repaint), and asks for the next *incremental* update: an idle guest costs nothing;
//! - the writer sends what the UI queues ([`Input`]), coalescing a burst into one flush.
//!
//! When either ends (the server closed, the stream failed, a protocol error) the other is
//! stopped and [`RfbClient::closed`] gives the reason. Dropping the client stops both.

use super::decode::{self, Rect, Screen};
use super::handshake::{ServerInit, handshake};
use super::wire::{self, PixelFormat, encoding};
use super::{MAX_DIMENSION, Result, RfbError};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// The screen the reader decodes into and the UI draws from.
pub type SharedScreen = Arc<Mutex<Screen>>;

/// Called after each decoded update (the UI passes its repaint request).
pub type Notify = Arc<dyn Fn() + Send + Sync>;

/// The largest ZRLE rectangle's compressed data, or cut text, accepted.
const MAX_PAYLOAD: u32 = 64 << 20;
/// The largest cursor side accepted.
const MAX_CURSOR: u16 = 1024;

/// What the UI sends to the guest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A key: its X11 keysym, and its XT scan code (E0 keys as `0xE0xx`) if known. Sent as
    /// QEMU's extended key event when the server acknowledged it and a scan code is known,
    /// as a KeyEvent otherwise.
    Key {
        /// Pressed (`true`) or released.
        down: bool,
        /// X11 keysym (0 when only the scan code is known).
        keysym: u32,
        /// XT scan code.
        xt: Option<u16>,
    },
    /// The pointer at `(x, y)` in framebuffer pixels with this button mask.
    Pointer {
        /// Column.
        x: u16,
        /// Row.
        y: u16,
        /// Button mask (1 left, 2 middle, 4 right, 8 wheel up, 16 wheel down).
        buttons: u8,
    },
    /// Clipboard text for the guest (ClientCutText).
    CutText(String),
    /// Ask for the whole screen again (non-incremental).
    Refresh,
}

enum Out {
    Input(Input),
    Request { incremental: bool },
}

/// A connected RFB session.
pub struct RfbClient {
    /// The framebuffer, updated by the reader task.
    pub screen: SharedScreen,
    /// What the server said in its ServerInit.
    pub init: ServerInit,
    tx: mpsc::UnboundedSender<Out>,
    closed: oneshot::Receiver<RfbError>,
    reason: Option<RfbError>,
    tasks: [JoinHandle<()>; 2],
}

impl Drop for RfbClient {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

impl RfbClient {
    /// Handshakes on `stream` and starts the session on the current runtime.
    pub async fn start<S>(mut stream: S, password: Option<&str>, notify: Notify) -> Result<Self>
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let init = handshake(&mut stream, password).await?;
        let mut hello = wire::set_pixel_format(&PixelFormat::RGBX);
        hello.extend(wire::set_encodings(&wire::ENCODINGS));
        hello.extend(wire::update_request(false, init.width, init.height));
        stream.write_all(&hello).await?;
        stream.flush().await?;
        let screen = Arc::new(Mutex::new(Screen::new(
            init.width,
            init.height,
            init.name.clone(),
        )));
        let (rd, wr) = tokio::io::split(stream);
        let (tx, rx) = mpsc::unbounded_channel();
        let (closed_tx, closed) = oneshot::channel();
        let closed_tx = Arc::new(Mutex::new(Some(closed_tx)));
        let report = move |e: RfbError| {
            if let Some(tx) = closed_tx.lock().ok().and_then(|mut t| t.take()) {
                let _ = tx.send(e);
            }
        };
        let report2 = report.clone();
        let reader = {
            let screen = screen.clone();
            let tx = tx.clone();
            let notify = notify.clone();
            tokio::spawn(async move {
                let e = read_loop(BufReader::with_capacity(1 << 16, rd), &screen, &tx, &notify)
                    .await
                    .err()
                    .unwrap_or(RfbError::Closed);
                report(e);
                notify();
            })
        };
        let writer = {
            let screen = screen.clone();
            tokio::spawn(async move {
                let e = write_loop(wr, rx, &screen)
                    .await
                    .err()
                    .unwrap_or(RfbError::Closed);
                report2(e);
                notify();
            })
        };
        Ok(RfbClient {
            screen,
            init,
            tx,
            closed,
            reason: None,
            tasks: [reader, writer],
        })
    }

    /// Queues input for the guest (never blocks; dropped once the session ended).
    pub fn send(&self, input: Input) {
        let _ = self.tx.send(Out::Input(input));
    }

    /// A sender for input, for work that outlives a borrow of the client (pasting text).
    pub fn input_sender(&self) -> InputSender {
        InputSender(self.tx.clone())
    }

    /// Why the session ended, once it has (polled each frame; the first call that sees it
    /// keeps it for later ones).
    pub fn closed(&mut self) -> Option<&RfbError> {
        if self.reason.is_none()
            && let Ok(e) = self.closed.try_recv()
        {
            self.reason = Some(e);
        }
        self.reason.as_ref()
    }

    /// Waits until the session ends and returns why.
    pub async fn wait_closed(mut self) -> RfbError {
        if let Some(e) = self.reason.take() {
            return e;
        }
        match (&mut self.closed).await {
            Ok(e) => e,
            Err(_) => RfbError::Closed,
        }
    }
}

/// Queues input for a session (a cheap clone of the client's sender).
#[derive(Clone)]
pub struct InputSender(mpsc::UnboundedSender<Out>);

impl InputSender {
    /// Queues `input`; `false` once the session has ended.
    pub fn send(&self, input: Input) -> bool {
        self.0.send(Out::Input(input)).is_ok()
    }
}

async fn read_loop<R: AsyncRead + Unpin>(
    mut rd: R,
    screen: &SharedScreen,
    tx: &mpsc::UnboundedSender<Out>,
    notify: &Notify,
) -> Result<()> {
    let pf = PixelFormat::RGBX;
    let mut zlib = flate2::Decompress::new(true);
    let mut compressed = Vec::new();
    let mut inflated = Vec::new();
    let mut raw = Vec::new();
    loop {
        match rd.read_u8().await? {
            0 => {
                rd.read_u8().await?;
                let n = rd.read_u16().await?;
                let mut resized = false;
                for _ in 0..n {
                    let r = Rect {
                        x: rd.read_u16().await?,
                        y: rd.read_u16().await?,
                        w: rd.read_u16().await?,
                        h: rd.read_u16().await?,
                    };
                    let enc = rd.read_i32().await?;
                    match enc {
                        encoding::RAW => {
                            decode::check_size(r)?;
                            raw.resize(usize::from(r.w) * usize::from(r.h) * pf.bytes(), 0);
                            rd.read_exact(&mut raw).await?;
                            let mut s = lock(screen);
                            s.check(r)?;
                            s.put_raw(r, &raw, &pf);
                        }
                        encoding::COPY_RECT => {
                            let (sx, sy) = (rd.read_u16().await?, rd.read_u16().await?);
                            let mut s = lock(screen);
                            s.check(r)?;
                            s.copy_rect(r, sx, sy)?;
                        }
                        encoding::ZRLE => {
                            let len = rd.read_u32().await?;
                            if len > MAX_PAYLOAD {
                                return Err(RfbError::Protocol(format!("{len} bytes of ZRLE")));
                            }
                            compressed.resize(len as usize, 0);
                            rd.read_exact(&mut compressed).await?;
                            inflate(&mut zlib, &compressed, &mut inflated, r)?;
                            let mut s = lock(screen);
                            s.check(r)?;
                            decode::zrle_tiles(&mut s, r, &inflated, &pf)?;
                        }
                        encoding::CURSOR => {
                            if r.w > MAX_CURSOR || r.h > MAX_CURSOR {
                                return Err(RfbError::Protocol(format!(
                                    "a {}×{} cursor",
                                    r.w, r.h
                                )));
                            }
                            let mut px = vec![0u8; usize::from(r.w) * usize::from(r.h) * 4];
                            rd.read_exact(&mut px).await?;
                            let mut mask =
                                vec![0u8; usize::from(r.w).div_ceil(8) * usize::from(r.h)];
                            rd.read_exact(&mut mask).await?;
                            lock(screen).set_cursor(r, &px, &mask, &pf);
                        }
                        encoding::DESKTOP_SIZE => {
                            if r.w > MAX_DIMENSION || r.h > MAX_DIMENSION {
                                return Err(RfbError::Protocol(format!(
                                    "a {}×{} framebuffer is too large",
                                    r.w, r.h
                                )));
                            }
                            lock(screen).resize(r.w, r.h);
                            resized = true;
                        }
                        encoding::QEMU_EXT_KEY => lock(screen).ext_keys = true,
                        encoding::LAST_RECT => break,
                        other => {
                            return Err(RfbError::Protocol(format!(
                                "the server used encoding {other}, which was not asked for"
                            )));
                        }
                    }
                }
                lock(screen).updates += 1;
                notify();
                let _ = tx.send(Out::Request {
                    incremental: !resized,
                });
            }
            1 => {
                // SetColourMapEntries: unused with a true-colour format; skip it.
                rd.read_u8().await?;
                rd.read_u16().await?;
                let n = rd.read_u16().await?;
                let mut skip = vec![0u8; usize::from(n) * 6];
                rd.read_exact(&mut skip).await?;
            }
            2 => {} // Bell
            3 => {
                let mut pad = [0u8; 3];
                rd.read_exact(&mut pad).await?;
                let len = rd.read_u32().await?;
                if len > MAX_PAYLOAD {
                    return Err(RfbError::Protocol(format!("{len} bytes of cut text")));
                }
                let mut skip = vec![0u8; len as usize];
                rd.read_exact(&mut skip).await?;
            }
            other => {
                return Err(RfbError::Protocol(format!(
                    "unknown server message type {other}"
                )));
            }
        }
    }
}

/// Inflates one ZRLE rectangle's data with the session's zlib stream.
fn inflate(z: &mut flate2::Decompress, input: &[u8], out: &mut Vec<u8>, r: Rect) -> Result<()> {
    out.clear();
    // Raw CPIXELs of every tile plus a byte each: a well-formed rectangle never needs more.
    let bound = usize::from(r.w) * usize::from(r.h) * 4 + 4096;
    let mut consumed = 0usize;
    loop {
        out.reserve((input.len() * 4).clamp(4096, bound.saturating_sub(out.len()).max(4096)));
        let before_in = z.total_in();
        z.decompress_vec(&input[consumed..], out, flate2::FlushDecompress::Sync)
            .map_err(|e| RfbError::Protocol(format!("ZRLE zlib data: {e}")))?;
        consumed += (z.total_in() - before_in) as usize;
        if out.len() > bound {
            return Err(RfbError::Protocol(
                "ZRLE data inflates past its rectangle".into(),
            ));
        }
        if consumed >= input.len() && out.len() < out.capacity() {
            return Ok(());
        }
    }
}

async fn write_loop<W: AsyncWrite + Unpin>(
    mut wr: W,
    mut rx: mpsc::UnboundedReceiver<Out>,
    screen: &SharedScreen,
) -> Result<()> {
    let mut buf = Vec::new();
    while let Some(first) = rx.recv().await {
        let mut next = Some(first);
        while let Some(out) = next {
            encode(&out, screen, &mut buf);
            next = rx.try_recv().ok();
        }
        wr.write_all(&buf).await?;
        wr.flush().await?;
        buf.clear();
    }
    Ok(())
}

fn encode(out: &Out, screen: &SharedScreen, buf: &mut Vec<u8>) {
    let (w, h, ext) = {
        let s = lock(screen);
        (s.width, s.height, s.ext_keys)
    };
    match out {
        Out::Request { incremental } => buf.extend(wire::update_request(*incremental, w, h)),
        Out::Input(Input::Refresh) => buf.extend(wire::update_request(false, w, h)),
        Out::Input(Input::Key { down, keysym, xt }) => match xt {
            Some(code) if ext => buf.extend(wire::qemu_key_event(*down, *keysym, *code)),
            _ => buf.extend(wire::key_event(*down, *keysym)),
        },
        Out::Input(Input::Pointer { x, y, buttons }) => buf.extend(wire::pointer_event(
            *buttons,
            (*x).min(w.saturating_sub(1)),
            (*y).min(h.saturating_sub(1)),
        )),
        Out::Input(Input::CutText(t)) => buf.extend(wire::cut_text(t)),
    }
}

/// Locks the screen; a panic while holding it (a bug) leaves a usable screen.
pub fn lock(screen: &SharedScreen) -> std::sync::MutexGuard<'_, Screen> {
    screen.lock().unwrap_or_else(|p| p.into_inner())
}
