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
use super::stall::Stall;
use super::wire::{self, PixelFormat, encoding};
use super::{MAX_DIMENSION, Result, RfbError};
use std::sync::{Arc, Mutex};
use std::time::Duration;
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

/// How long each phase may wait on the server: a stalled server ends the session with
/// [`RfbError::Stalled`] instead of hanging it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// The whole handshake, greeting to ServerInit.
    pub handshake: Duration,
    /// The longest wait for more bytes once a server message has begun (between messages
    /// a server may be silent for ever: an idle guest sends nothing).
    pub stall: Duration,
    /// The longest wait to send what the UI queued.
    pub write: Duration,
}

impl Default for Deadlines {
    fn default() -> Self {
        let s = Duration::from_secs(30);
        Deadlines {
            handshake: s,
            stall: s,
            write: s,
        }
    }
}

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
    /// Handshakes on `stream` and starts the session on the current runtime, with the
    /// default [`Deadlines`].
    pub async fn start<S>(stream: S, password: Option<&str>, notify: Notify) -> Result<Self>
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        Self::start_with(stream, password, notify, Deadlines::default()).await
    }

    /// [`RfbClient::start`] with these deadlines.
    pub async fn start_with<S>(
        mut stream: S,
        password: Option<&str>,
        notify: Notify,
        deadlines: Deadlines,
    ) -> Result<Self>
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let init = tokio::time::timeout(deadlines.handshake, async {
            let init = handshake(&mut stream, password).await?;
            let mut hello = wire::set_pixel_format(&PixelFormat::RGBX);
            hello.extend(wire::set_encodings(&wire::ENCODINGS));
            hello.extend(wire::update_request(false, init.width, init.height));
            stream.write_all(&hello).await?;
            stream.flush().await?;
            Ok::<_, RfbError>(init)
        })
        .await
        .map_err(|_| RfbError::Stalled("the handshake"))??;
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
                let rd = BufReader::with_capacity(1 << 16, Stall::new(rd, deadlines.stall));
                let e = read_loop(rd, &screen, &tx, &notify)
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
                let e = write_loop(wr, rx, &screen, deadlines.write)
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
    mut rd: BufReader<Stall<R>>,
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
        // Silence between messages is fine; inside one, the stall deadline runs.
        rd.get_mut().armed = false;
        let kind = rd.read_u8().await?;
        rd.get_mut().armed = true;
        match kind {
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
                            // The rectangle first: it bounds what its data may inflate to.
                            decode::check_size(r)?;
                            lock(screen).check(r)?;
                            let need = decode::zrle_bound(r);
                            let len = rd.read_u32().await?;
                            // Incompressible data costs zlib a few bytes per 64 KiB block.
                            if len as usize > need + need / 1024 + 1024 {
                                return Err(RfbError::Protocol(format!(
                                    "{len} bytes of ZRLE for a {}×{} rectangle",
                                    r.w, r.h
                                )));
                            }
                            compressed.clear();
                            compressed.resize(len as usize, 0);
                            rd.read_exact(&mut compressed).await?;
                            inflate(&mut zlib, &compressed, &mut inflated, need)?;
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
                // Skipped as it comes: announcing a length allocates nothing.
                let got =
                    tokio::io::copy(&mut (&mut rd).take(u64::from(len)), &mut tokio::io::sink())
                        .await?;
                if got < u64::from(len) {
                    return Err(RfbError::Closed);
                }
            }
            other => {
                return Err(RfbError::Protocol(format!(
                    "unknown server message type {other}"
                )));
            }
        }
    }
}

/// Inflates one ZRLE rectangle's data with the session's zlib stream into `out`, which never
/// grows past `bound` (what the rectangle can need).
fn inflate(
    z: &mut flate2::Decompress,
    input: &[u8],
    out: &mut Vec<u8>,
    bound: usize,
) -> Result<()> {
    out.clear();
    // Room for one byte past the bound: filling it proves the data inflates too far.
    let cap = bound + 1;
    out.reserve_exact(input.len().saturating_mul(4).max(4096).min(cap));
    let mut consumed = 0usize;
    loop {
        if out.len() == out.capacity() {
            out.reserve_exact(out.len().max(4096).min(cap - out.len()));
        }
        let (in0, out0) = (z.total_in(), z.total_out());
        let status = z
            .decompress_vec(&input[consumed..], out, flate2::FlushDecompress::Sync)
            .map_err(|e| RfbError::Protocol(format!("ZRLE zlib data: {e}")))?;
        let used = (z.total_in() - in0) as usize;
        consumed += used;
        if out.len() > bound {
            return Err(RfbError::Protocol(
                "ZRLE data inflates past its rectangle".into(),
            ));
        }
        if consumed >= input.len() && out.len() < out.capacity() {
            return Ok(());
        }
        // An ended stream takes no more input; without this the loop would spin on it.
        if status == flate2::Status::StreamEnd || (used == 0 && z.total_out() == out0) {
            return Err(RfbError::Protocol(
                "ZRLE data continues after its zlib stream ended".into(),
            ));
        }
    }
}

async fn write_loop<W: AsyncWrite + Unpin>(
    mut wr: W,
    mut rx: mpsc::UnboundedReceiver<Out>,
    screen: &SharedScreen,
    deadline: Duration,
) -> Result<()> {
    let mut buf = Vec::new();
    while let Some(first) = rx.recv().await {
        let mut next = Some(first);
        while let Some(out) = next {
            encode(&out, screen, &mut buf);
            next = rx.try_recv().ok();
        }
        tokio::time::timeout(deadline, async {
            wr.write_all(&buf).await?;
            wr.flush().await
        })
        .await
        .map_err(|_| RfbError::Stalled("sending input"))??;
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
