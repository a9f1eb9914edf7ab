//! The server side of RFB (RFC 6143) as a guest's QEMU speaks it behind xapi's tunnel:
//! versions 3.3, 3.7 and 3.8 with security None; SetPixelFormat (true colour, 8/16/32 bpp),
//! SetEncodings, FramebufferUpdateRequest, KeyEvent, PointerEvent, ClientCutText and the QEMU
//! Extended Key Event; updates in Raw, CopyRect (the text console's scrolling) and ZRLE, with
//! the DesktopSize, Cursor and QEMU-extended-key pseudo-encodings.
//!
//! Hand-written: the RFB server crates found (rustvncserver, rfb, rfb2) own their sockets or
//! listeners, speak 3.8 only and know no QEMU key event, and the tunnel needs RFB over the
//! upgraded (possibly TLS) HTTP connection. The ZRLE encoder is rfb-encodings' (the
//! encodings of rustvncserver, checked against golden data); the pixel translation is a few
//! lines here (rfb-encodings' asserts, i.e. panics, on input it does not expect).

use super::font::Frame;
use super::screen::Guest;
use rfb_encodings::PixelFormat;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

pub const RAW: i32 = 0;
pub const COPY_RECT: i32 = 1;
pub const ZRLE: i32 = 16;
pub const CURSOR: i32 = -239;
pub const DESKTOP_SIZE: i32 = -223;
pub const QEMU_EXTENDED_KEY: i32 = -258;

/// Why an RFB session ended on the client's side.
#[derive(Debug, thiserror::Error)]
pub enum RfbError {
    #[error("connection: {0}")]
    Io(#[from] std::io::Error),
    #[error("the client speaks {0:?}, not RFB")]
    NotRfb(String),
    #[error("the client chose security type {0}; only None (1) is offered")]
    Security(u8),
    #[error("unsupported pixel format: {0}")]
    PixelFormat(String),
    #[error("unknown client message type {0}")]
    UnknownMessage(u8),
    #[error("client cut text of {0} bytes is too large")]
    CutTextTooLarge(u32),
}

/// The server's pixel format: 32 bpp, depth 24, little-endian, red/green/blue at 16/8/0.
pub fn server_format() -> PixelFormat {
    PixelFormat {
        bits_per_pixel: 32,
        depth: 24,
        big_endian_flag: 0,
        true_colour_flag: 1,
        red_max: 255,
        green_max: 255,
        blue_max: 255,
        red_shift: 16,
        green_shift: 8,
        blue_shift: 0,
    }
}

fn format_bytes(pf: &PixelFormat) -> [u8; 16] {
    let mut b = [0u8; 16];
    b[0] = pf.bits_per_pixel;
    b[1] = pf.depth;
    b[2] = pf.big_endian_flag;
    b[3] = pf.true_colour_flag;
    b[4..6].copy_from_slice(&pf.red_max.to_be_bytes());
    b[6..8].copy_from_slice(&pf.green_max.to_be_bytes());
    b[8..10].copy_from_slice(&pf.blue_max.to_be_bytes());
    b[10] = pf.red_shift;
    b[11] = pf.green_shift;
    b[12] = pf.blue_shift;
    b
}

fn parse_format(b: &[u8; 16]) -> Result<PixelFormat, RfbError> {
    let u16_at = |i: usize| u16::from_be_bytes([b[i], b[i + 1]]);
    let pf = PixelFormat {
        bits_per_pixel: b[0],
        depth: b[1],
        big_endian_flag: u8::from(b[2] != 0),
        true_colour_flag: u8::from(b[3] != 0),
        red_max: u16_at(4),
        green_max: u16_at(6),
        blue_max: u16_at(8),
        red_shift: b[10],
        green_shift: b[11],
        blue_shift: b[12],
    };
    let fits = |max: u16, shift: u8| {
        max > 0 && u32::from(shift) + (16 - max.leading_zeros()) <= u32::from(pf.bits_per_pixel)
    };
    if pf.true_colour_flag == 0 {
        return Err(RfbError::PixelFormat(
            "colour maps are not supported".into(),
        ));
    }
    if !matches!(pf.bits_per_pixel, 8 | 16 | 32)
        || !fits(pf.red_max, pf.red_shift)
        || !fits(pf.green_max, pf.green_shift)
        || !fits(pf.blue_max, pf.blue_shift)
    {
        return Err(RfbError::PixelFormat(format!("{b:?}")));
    }
    Ok(pf)
}

/// The protocol version agreed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V3_3,
    V3_7,
    V3_8,
}

/// Offers 3.8 and security None, reads the client's choices and ClientInit, and sends
/// ServerInit for a `width × height` screen called `name`.
pub async fn handshake<R, W>(
    r: &mut R,
    w: &mut W,
    (width, height): (usize, usize),
    name: &str,
) -> Result<Version, RfbError>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    w.write_all(b"RFB 003.008\n").await?;
    w.flush().await?;
    let mut v = [0u8; 12];
    r.read_exact(&mut v).await?;
    let text = String::from_utf8_lossy(&v).to_string();
    let version = match &v {
        b"RFB 003.008\n" => Version::V3_8,
        b"RFB 003.007\n" => Version::V3_7,
        // 3.3, and (as RFC 6143 says) any other 3.x.
        _ if v.starts_with(b"RFB 003.") => Version::V3_3,
        _ => return Err(RfbError::NotRfb(text)),
    };
    if version == Version::V3_3 {
        w.write_all(&1u32.to_be_bytes()).await?;
    } else {
        w.write_all(&[1, 1]).await?; // one type: None
        w.flush().await?;
        let mut choice = [0u8; 1];
        r.read_exact(&mut choice).await?;
        if choice[0] != 1 {
            if version == Version::V3_8 {
                let why = b"only security type None is offered";
                w.write_all(&1u32.to_be_bytes()).await?;
                w.write_all(&(why.len() as u32).to_be_bytes()).await?;
                w.write_all(why).await?;
                w.flush().await?;
            }
            return Err(RfbError::Security(choice[0]));
        }
        if version == Version::V3_8 {
            w.write_all(&0u32.to_be_bytes()).await?; // SecurityResult: OK
        }
    }
    w.flush().await?;
    let mut shared = [0u8; 1];
    r.read_exact(&mut shared).await?;
    let mut init = Vec::with_capacity(24 + name.len());
    init.extend_from_slice(&(width as u16).to_be_bytes());
    init.extend_from_slice(&(height as u16).to_be_bytes());
    init.extend_from_slice(&format_bytes(&server_format()));
    init.extend_from_slice(&(name.len() as u32).to_be_bytes());
    init.extend_from_slice(name.as_bytes());
    w.write_all(&init).await?;
    w.flush().await?;
    Ok(version)
}

/// A message from the client.
#[derive(Debug, Clone)]
pub enum ClientMsg {
    SetPixelFormat(PixelFormat),
    SetEncodings(Vec<i32>),
    UpdateRequest {
        incremental: bool,
    },
    Key {
        down: bool,
        keysym: u32,
    },
    Pointer {
        mask: u8,
        x: u16,
        y: u16,
    },
    CutText,
    QemuKey {
        down: bool,
        keysym: u32,
        keycode: u32,
    },
}

impl ClientMsg {
    /// Whether it counts as activity for the idle timeout (xapi's Console_idle_monitor).
    pub fn is_activity(&self) -> bool {
        matches!(
            self,
            ClientMsg::Key { .. } | ClientMsg::Pointer { .. } | ClientMsg::QemuKey { .. }
        )
    }
}

/// The largest ClientCutText accepted (the demo guest has no clipboard; this bounds memory).
const MAX_CUT_TEXT: u32 = 1 << 20;

/// Reads one client message.
pub async fn read_message<R: AsyncRead + Unpin>(r: &mut R) -> Result<ClientMsg, RfbError> {
    let t = r.read_u8().await?;
    Ok(match t {
        0 => {
            let mut b = [0u8; 19];
            r.read_exact(&mut b).await?;
            let mut pf = [0u8; 16];
            pf.copy_from_slice(&b[3..19]);
            ClientMsg::SetPixelFormat(parse_format(&pf)?)
        }
        2 => {
            let _pad = r.read_u8().await?;
            let n = r.read_u16().await?;
            let mut list = Vec::with_capacity(usize::from(n));
            for _ in 0..n {
                list.push(r.read_i32().await?);
            }
            ClientMsg::SetEncodings(list)
        }
        3 => {
            let incremental = r.read_u8().await? != 0;
            let mut rect = [0u8; 8];
            r.read_exact(&mut rect).await?;
            ClientMsg::UpdateRequest { incremental }
        }
        4 => {
            let down = r.read_u8().await? != 0;
            let _pad = r.read_u16().await?;
            ClientMsg::Key {
                down,
                keysym: r.read_u32().await?,
            }
        }
        5 => ClientMsg::Pointer {
            mask: r.read_u8().await?,
            x: r.read_u16().await?,
            y: r.read_u16().await?,
        },
        6 => {
            let mut pad = [0u8; 3];
            r.read_exact(&mut pad).await?;
            // A negative length is the Extended Clipboard's; either way, its size.
            let len = r.read_i32().await?.unsigned_abs();
            if len > MAX_CUT_TEXT {
                return Err(RfbError::CutTextTooLarge(len));
            }
            let mut skip = (&mut *r).take(u64::from(len));
            tokio::io::copy(&mut skip, &mut tokio::io::sink()).await?;
            ClientMsg::CutText
        }
        255 => {
            let sub = r.read_u8().await?;
            if sub != 0 {
                return Err(RfbError::UnknownMessage(255));
            }
            ClientMsg::QemuKey {
                down: r.read_u16().await? != 0,
                keysym: r.read_u32().await?,
                keycode: r.read_u32().await?,
            }
        }
        other => return Err(RfbError::UnknownMessage(other)),
    })
}

/// What one viewer was last sent, and how it wants updates.
pub struct Encoder {
    format: PixelFormat,
    encodings: Vec<i32>,
    zrle: flate2::Compress,
    /// The picture the client has (after the last update), its layout and scroll count.
    shadow: Option<Frame>,
    shadow_scroll: (u64, u64),
    /// The size the client knows.
    size: (usize, usize),
    cursor_sent: bool,
    qemu_ack_sent: bool,
}

impl Encoder {
    pub fn new(size: (usize, usize)) -> Encoder {
        Encoder {
            format: server_format(),
            encodings: vec![RAW],
            zrle: flate2::Compress::new(flate2::Compression::fast(), true),
            shadow: None,
            shadow_scroll: (0, 0),
            size,
            cursor_sent: false,
            qemu_ack_sent: false,
        }
    }

    pub fn set_format(&mut self, pf: PixelFormat) {
        self.format = pf;
        self.shadow = None; // everything again, in the new format
    }

    pub fn set_encodings(&mut self, list: Vec<i32>) {
        self.encodings = list;
        self.cursor_sent = false;
    }

    fn supports(&self, e: i32) -> bool {
        self.encodings.contains(&e)
    }

    /// Whether something is owed even when the picture did not change: everything (a new
    /// pixel format), or a pseudo-rectangle the client just asked for.
    pub fn owes(&self) -> bool {
        self.shadow.is_none()
            || (self.wants_qemu_keys() && !self.qemu_ack_sent)
            || (self.supports(CURSOR) && !self.cursor_sent)
    }

    /// Whether the client asked for the QEMU Extended Key Event.
    pub fn wants_qemu_keys(&self) -> bool {
        self.supports(QEMU_EXTENDED_KEY)
    }

    /// The first of ZRLE and Raw in the client's order of preference.
    fn pixel_encoding(&self) -> i32 {
        self.encodings
            .iter()
            .copied()
            .find(|e| *e == ZRLE || *e == RAW)
            .unwrap_or(RAW)
    }

    /// The FramebufferUpdate that brings the client to the guest's picture, or `None` when
    /// it already has it (`incremental`) and nothing is owed.
    pub fn update(&mut self, guest: &Guest, incremental: bool) -> std::io::Result<Option<Vec<u8>>> {
        let frame = guest.frame();
        let mut rects: Vec<u8> = Vec::new();
        let mut n: u16 = 0;
        if self.wants_qemu_keys() && !self.qemu_ack_sent {
            push_header(&mut rects, 0, 0, 0, 0, QEMU_EXTENDED_KEY);
            n += 1;
            self.qemu_ack_sent = true;
        }
        let resized = (frame.width, frame.height) != self.size;
        if resized && self.supports(DESKTOP_SIZE) {
            self.size = (frame.width, frame.height);
            push_header(&mut rects, 0, 0, frame.width, frame.height, DESKTOP_SIZE);
            n += 1;
            self.shadow = None;
        }
        if self.supports(CURSOR) && !self.cursor_sent {
            if let Some(c) = guest.cursor() {
                push_header(
                    &mut rects,
                    c.hotspot.0,
                    c.hotspot.1,
                    c.width,
                    c.height,
                    CURSOR,
                );
                let px = self.translate(&c.pixels);
                rects.extend_from_slice(&px);
                rects.extend_from_slice(&c.mask);
                n += 1;
            }
            self.cursor_sent = true;
        }
        let (w, h) = (self.size.0.min(frame.width), self.size.1.min(frame.height));
        let mut regions: Vec<(usize, usize, usize, usize)> = Vec::new();
        let scroll = guest.scroll_state();
        let mut kept = None;
        match self.shadow.take() {
            Some(mut shadow)
                if incremental && (shadow.width, shadow.height) == (frame.width, frame.height) =>
            {
                let lines = scroll.1.saturating_sub(self.shadow_scroll.1);
                let dy = usize::try_from(lines)
                    .unwrap_or(usize::MAX)
                    .saturating_mul(16);
                if scroll.0 == self.shadow_scroll.0 && dy > 0 && dy < h && self.supports(COPY_RECT)
                {
                    push_header(&mut rects, 0, 0, w, h - dy, COPY_RECT);
                    rects.extend_from_slice(&0u16.to_be_bytes());
                    rects.extend_from_slice(&(dy as u16).to_be_bytes());
                    n += 1;
                    let width = shadow.width;
                    shadow.pixels.copy_within(dy * width..h * width, 0);
                }
                regions = changed_bands(&shadow, frame, w, h);
                kept = Some(shadow);
            }
            _ => regions.push((0, 0, w, h)),
        }
        if n == 0 && regions.is_empty() {
            self.keep(frame, scroll, kept);
            return Ok(None);
        }
        let enc = self.pixel_encoding();
        for (x, y, rw, rh) in regions {
            let mut src = Vec::with_capacity(rw * rh);
            for row in y..y + rh {
                src.extend_from_slice(
                    &frame.pixels[row * frame.width + x..row * frame.width + x + rw],
                );
            }
            let px = self.translate(&src);
            push_header(&mut rects, x, y, rw, rh, enc);
            if enc == ZRLE {
                let z = rfb_encodings::encode_zrle_persistent(
                    &px,
                    rw as u16,
                    rh as u16,
                    &self.format,
                    &mut self.zrle,
                )?;
                rects.extend_from_slice(&z);
            } else {
                rects.extend_from_slice(&px);
            }
            n += 1;
        }
        self.keep(frame, scroll, kept);
        let mut out = Vec::with_capacity(4 + rects.len());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&n.to_be_bytes());
        out.extend_from_slice(&rects);
        Ok(Some(out))
    }

    /// Remembers `frame` as what the client has, in the old buffer when it fits.
    fn keep(&mut self, frame: &Frame, scroll: (u64, u64), old: Option<Frame>) {
        self.shadow = Some(match old {
            Some(mut s) if s.pixels.len() == frame.pixels.len() => {
                s.pixels.copy_from_slice(&frame.pixels);
                s
            }
            _ => frame.clone(),
        });
        self.shadow_scroll = scroll;
    }

    /// `0x00RRGGBB` pixels in the client's pixel format (each channel scaled to its
    /// maximum, then shifted; 1, 2 or 4 bytes in the client's byte order).
    fn translate(&self, pixels: &[u32]) -> Vec<u8> {
        let pf = &self.format;
        let bytes = usize::from(pf.bits_per_pixel / 8);
        let scale = |v: u32, max: u16| v * u32::from(max) / 255;
        let mut out = Vec::with_capacity(pixels.len() * bytes);
        for p in pixels {
            let v = (scale((p >> 16) & 0xff, pf.red_max) << pf.red_shift)
                | (scale((p >> 8) & 0xff, pf.green_max) << pf.green_shift)
                | (scale(p & 0xff, pf.blue_max) << pf.blue_shift);
            let b = if pf.big_endian_flag != 0 {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            };
            if pf.big_endian_flag != 0 {
                out.extend_from_slice(&b[4 - bytes..]);
            } else {
                out.extend_from_slice(&b[..bytes]);
            }
        }
        out
    }
}

fn push_header(out: &mut Vec<u8>, x: usize, y: usize, w: usize, h: usize, enc: i32) {
    for v in [x, y, w, h] {
        out.extend_from_slice(&(v as u16).to_be_bytes());
    }
    out.extend_from_slice(&enc.to_be_bytes());
}

/// The regions where `new` differs from `old` within `w × h`: bands of changed rows, each
/// as wide as its changes; one bounding box when there would be too many.
fn changed_bands(
    old: &Frame,
    new: &Frame,
    w: usize,
    h: usize,
) -> Vec<(usize, usize, usize, usize)> {
    let mut bands: Vec<(usize, usize, usize, usize)> = Vec::new(); // x0, y0, x1, y1 (exclusive)
    for y in 0..h {
        let a = &old.pixels[y * old.width..y * old.width + w];
        let b = &new.pixels[y * new.width..y * new.width + w];
        if a == b {
            continue; // a memcmp: most rows have not changed
        }
        let Some(first) = a.iter().zip(b).position(|(p, q)| p != q) else {
            continue;
        };
        let last = w - a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .position(|(p, q)| p != q)
            .unwrap_or(0);
        match bands.last_mut() {
            Some(band) if band.3 == y => {
                band.0 = band.0.min(first);
                band.2 = band.2.max(last);
                band.3 = y + 1;
            }
            _ => bands.push((first, y, last, y + 1)),
        }
    }
    if bands.len() > 32 {
        let x0 = bands.iter().map(|b| b.0).min().unwrap_or(0);
        let x1 = bands.iter().map(|b| b.2).max().unwrap_or(w);
        let y0 = bands.first().map_or(0, |b| b.1);
        let y1 = bands.last().map_or(h, |b| b.3);
        bands = vec![(x0, y0, x1, y1)];
    }
    bands
        .into_iter()
        .map(|(x0, y0, x1, y1)| (x0, y0, x1 - x0, y1 - y0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_changed_rows_are_sent() {
        let old = Frame::new(10, 10, 0);
        let mut new = old.clone();
        new.set(3, 2, 1);
        new.set(5, 3, 1);
        new.set(0, 7, 1);
        assert_eq!(
            changed_bands(&old, &new, 10, 10),
            vec![(3, 2, 3, 2), (0, 7, 1, 1)]
        );
        assert!(changed_bands(&old, &old, 10, 10).is_empty());
    }

    #[test]
    fn pixels_are_translated_to_the_clients_format() {
        let mut e = Encoder::new((1, 1));
        assert_eq!(e.translate(&[0x123456]), [0x56, 0x34, 0x12, 0]);
        // XenCenter's 32 bpp BGR, big-endian, and a 16-bit 5-6-5.
        let mut pf = server_format();
        (pf.red_shift, pf.blue_shift, pf.big_endian_flag) = (0, 16, 1);
        e.set_format(pf);
        assert_eq!(e.translate(&[0x123456]), [0, 0x56, 0x34, 0x12]);
        let rgb565 = PixelFormat {
            bits_per_pixel: 16,
            depth: 16,
            big_endian_flag: 0,
            true_colour_flag: 1,
            red_max: 31,
            green_max: 63,
            blue_max: 31,
            red_shift: 11,
            green_shift: 5,
            blue_shift: 0,
        };
        e.set_format(rgb565);
        assert_eq!(e.translate(&[0xffffff]), [0xff, 0xff]);
        assert_eq!(e.translate(&[0xff0000]), 0xf800u16.to_le_bytes());
    }

    #[test]
    fn pixel_formats_are_checked() {
        let ok = format_bytes(&server_format());
        assert!(parse_format(&ok).is_ok());
        let mut bad = ok;
        bad[0] = 24;
        assert!(parse_format(&bad).is_err());
        let mut map = ok;
        map[3] = 0;
        assert!(parse_format(&map).is_err());
        let mut shift = ok;
        shift[10] = 30; // red would not fit in 32 bits
        assert!(parse_format(&shift).is_err());
    }
}
