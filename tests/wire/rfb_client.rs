//! A small blocking RFB client for the console tests, written from RFC 6143 apart from the
//! server: the CONNECT request XenCenter sends (over TLS with a pinned certificate, or
//! plain), the handshake, and decoders for Raw, CopyRect, ZRLE, DesktopSize, Cursor and the
//! QEMU extended key acknowledgement. Reads time out, so a test cannot hang.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;
use xenpilot::demo::console::font::Frame;

pub trait Stream: Read + Write + Send {}
impl<T: Read + Write + Send> Stream for T {}

/// An HTTP answer's status code, headers (lower-case names) and, for an error, its body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub status_line: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Opens `location`'s host (http or https, `pin`ned) and sends `CONNECT path?query`, with
/// the session in a cookie when given. Returns the answer and, after a 200, the stream.
pub fn connect(
    location: &str,
    cookie: Option<&str>,
    pin: Option<&str>,
) -> (Answer, Option<BufReader<Box<dyn Stream>>>) {
    let url = reqwest::Url::parse(location).unwrap();
    let host = url.host_str().unwrap().to_string();
    let port = url.port_or_known_default().unwrap();
    let tcp = TcpStream::connect((host.as_str(), port)).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    let stream: Box<dyn Stream> = if url.scheme() == "https" {
        let key = xenpilot::xenapi::known_host_key(&url);
        let verifier = xenpilot::xenapi::tls::TlsVerifier::new(&key, pin.map(str::to_string));
        let config = std::sync::Arc::new(verifier.client_config().unwrap());
        let name = rustls::pki_types::ServerName::try_from(host.clone()).unwrap();
        let conn = rustls::ClientConnection::new(config, name).unwrap();
        Box::new(rustls::StreamOwned::new(conn, tcp))
    } else {
        Box::new(tcp)
    };
    let mut r = BufReader::new(stream);
    let target = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    let mut req = format!("CONNECT {target} HTTP/1.0\r\nHost: {host}\r\n");
    if let Some(s) = cookie {
        req.push_str(&format!("Cookie: session_id={s}\r\n"));
    }
    req.push_str("\r\n");
    r.get_mut().write_all(req.as_bytes()).unwrap();
    r.get_mut().flush().unwrap();
    let mut status_line = String::new();
    r.read_line(&mut status_line).unwrap();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let mut answer = Answer {
        status,
        status_line: status_line.trim_end().to_string(),
        headers,
        body: String::new(),
    };
    if status == 200 {
        return (answer, Some(r));
    }
    let len: usize = answer
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    r.read_exact(&mut body).unwrap();
    answer.body = String::from_utf8_lossy(&body).to_string();
    (answer, None)
}

/// An RFB session as a viewer sees it.
pub struct Rfb {
    s: BufReader<Box<dyn Stream>>,
    pub name: String,
    pub frame: Frame,
    /// The encodings of every rectangle received, in order.
    pub seen: Vec<i32>,
    zlib: flate2::Decompress,
}

impl Rfb {
    fn u8(&mut self) -> u8 {
        let mut b = [0u8; 1];
        self.s.read_exact(&mut b).unwrap();
        b[0]
    }
    fn u16(&mut self) -> u16 {
        let mut b = [0u8; 2];
        self.s.read_exact(&mut b).unwrap();
        u16::from_be_bytes(b)
    }
    fn u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.s.read_exact(&mut b).unwrap();
        u32::from_be_bytes(b)
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut b = vec![0u8; n];
        self.s.read_exact(&mut b).unwrap();
        b
    }
    fn send(&mut self, b: &[u8]) {
        self.s.get_mut().write_all(b).unwrap();
        self.s.get_mut().flush().unwrap();
    }

    /// The handshake, answering `version` ("003.003" or "003.008"), security None.
    pub fn handshake(mut s: BufReader<Box<dyn Stream>>, version: &str) -> Rfb {
        let mut v = [0u8; 12];
        s.read_exact(&mut v).unwrap();
        assert_eq!(&v, b"RFB 003.008\n");
        s.get_mut()
            .write_all(format!("RFB {version}\n").as_bytes())
            .unwrap();
        let mut rfb = Rfb {
            s,
            name: String::new(),
            frame: Frame::new(0, 0, 0),
            seen: Vec::new(),
            zlib: flate2::Decompress::new(true),
        };
        if version == "003.003" {
            assert_eq!(rfb.u32(), 1, "security None");
        } else {
            let n = rfb.u8();
            let types = rfb.bytes(usize::from(n));
            assert_eq!(types, [1]);
            rfb.send(&[1]);
            assert_eq!(rfb.u32(), 0, "SecurityResult OK");
        }
        rfb.send(&[1]); // shared
        let (w, h) = (rfb.u16(), rfb.u16());
        let pf = rfb.bytes(16);
        assert_eq!(&pf[..4], &[32, 24, 0, 1], "32 bpp true colour");
        let n = rfb.u32() as usize;
        rfb.name = String::from_utf8(rfb.bytes(n)).unwrap();
        rfb.frame = Frame::new(usize::from(w), usize::from(h), 0);
        rfb
    }

    pub fn set_encodings(&mut self, list: &[i32]) {
        let mut m = vec![2, 0];
        m.extend_from_slice(&(list.len() as u16).to_be_bytes());
        for e in list {
            m.extend_from_slice(&e.to_be_bytes());
        }
        self.send(&m);
    }

    pub fn request(&mut self, incremental: bool) {
        let (w, h) = (self.frame.width as u16, self.frame.height as u16);
        let mut m = vec![3, u8::from(incremental), 0, 0, 0, 0];
        m.extend_from_slice(&w.to_be_bytes());
        m.extend_from_slice(&h.to_be_bytes());
        self.send(&m);
    }

    pub fn key(&mut self, down: bool, keysym: u32) {
        let mut m = vec![4, u8::from(down), 0, 0];
        m.extend_from_slice(&keysym.to_be_bytes());
        self.send(&m);
    }

    /// A QEMU Extended Key Event (keysym and XT scan code).
    pub fn qemu_key(&mut self, down: bool, keysym: u32, scancode: u32) {
        let mut m = vec![255, 0];
        m.extend_from_slice(&u16::from(down).to_be_bytes());
        m.extend_from_slice(&keysym.to_be_bytes());
        m.extend_from_slice(&scancode.to_be_bytes());
        self.send(&m);
    }

    pub fn pointer(&mut self, mask: u8, x: u16, y: u16) {
        let mut m = vec![5, mask];
        m.extend_from_slice(&x.to_be_bytes());
        m.extend_from_slice(&y.to_be_bytes());
        self.send(&m);
    }

    pub fn type_text(&mut self, s: &str) {
        for c in s.chars() {
            self.key(true, u32::from(c));
            self.key(false, u32::from(c));
        }
    }

    /// Reads one FramebufferUpdate and applies it.
    pub fn read_update(&mut self) {
        let t = self.u8();
        assert_eq!(t, 0, "FramebufferUpdate");
        self.u8();
        let n = self.u16();
        for _ in 0..n {
            let (x, y, w, h) = (
                usize::from(self.u16()),
                usize::from(self.u16()),
                usize::from(self.u16()),
                usize::from(self.u16()),
            );
            let enc = self.u32() as i32;
            self.seen.push(enc);
            match enc {
                0 => {
                    let px = self.bytes(w * h * 4);
                    for (i, p) in px.chunks(4).enumerate() {
                        let v = u32::from_le_bytes([p[0], p[1], p[2], p[3]]);
                        self.frame.set(x + i % w, y + i / w, v & 0xffffff);
                    }
                }
                1 => {
                    let (sx, sy) = (usize::from(self.u16()), usize::from(self.u16()));
                    let src = self.frame.clone();
                    for row in 0..h {
                        for col in 0..w {
                            let p = src.pixels[(sy + row) * src.width + sx + col];
                            self.frame.set(x + col, y + row, p);
                        }
                    }
                }
                16 => self.zrle(x, y, w, h),
                -223 => self.frame = Frame::new(w, h, 0),
                -239 => {
                    self.bytes(w * h * 4 + w.div_ceil(8) * h);
                }
                -258 => {}
                other => panic!("unexpected encoding {other}"),
            }
        }
    }

    /// Reads (and drops) whatever comes until the server closes the connection: true when
    /// it did, false when the read timed out first.
    pub fn wait_closed(&mut self) -> bool {
        let mut buf = [0u8; 4096];
        loop {
            match self.s.read(&mut buf) {
                Ok(0) => return true,
                Ok(_) => {}
                Err(e) => {
                    return !matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    );
                }
            }
        }
    }

    /// Requests updates until `done` holds (at most `tries` updates).
    pub fn until(&mut self, tries: usize, done: impl Fn(&Rfb) -> bool) -> bool {
        for _ in 0..tries {
            if done(self) {
                return true;
            }
            self.request(true);
            self.read_update();
        }
        done(self)
    }

    fn zrle(&mut self, x: usize, y: usize, w: usize, h: usize) {
        let len = self.u32() as usize;
        let data = self.bytes(len);
        let mut out = Vec::with_capacity(w * h * 4 + 1024);
        // Inflate this rectangle's part of the connection's one zlib stream.
        let mut input = &data[..];
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let (in0, out0) = (self.zlib.total_in(), self.zlib.total_out());
            self.zlib
                .decompress(input, &mut buf, flate2::FlushDecompress::Sync)
                .unwrap();
            let used = (self.zlib.total_in() - in0) as usize;
            let made = (self.zlib.total_out() - out0) as usize;
            out.extend_from_slice(&buf[..made]);
            input = &input[used..];
            if input.is_empty() && made < buf.len() {
                break;
            }
        }
        let mut p = 0;
        let cpixel = |p: &mut usize| {
            let v = u32::from_le_bytes([out[*p], out[*p + 1], out[*p + 2], 0]);
            *p += 3;
            v
        };
        for ty in (0..h).step_by(64) {
            for tx in (0..w).step_by(64) {
                let (tw, th) = ((w - tx).min(64), (h - ty).min(64));
                let sub = out[p];
                p += 1;
                let mut tile = Vec::with_capacity(tw * th);
                match sub {
                    0 => (0..tw * th).for_each(|_| tile.push(cpixel(&mut p))),
                    1 => tile.resize(tw * th, cpixel(&mut p)),
                    2..=16 => {
                        let pal: Vec<u32> = (0..sub).map(|_| cpixel(&mut p)).collect();
                        let bits = match sub {
                            2 => 1,
                            3..=4 => 2,
                            _ => 4,
                        };
                        for _ in 0..th {
                            let mut bit = 0;
                            for _ in 0..tw {
                                let byte = out[p + bit / 8];
                                let idx = (byte >> (8 - bits - bit % 8)) & ((1 << bits) - 1);
                                tile.push(pal[usize::from(idx)]);
                                bit += bits;
                            }
                            p += bit.div_ceil(8);
                        }
                    }
                    128 | 130..=255 => {
                        let pal: Vec<u32> = if sub == 128 {
                            Vec::new()
                        } else {
                            (0..sub - 128).map(|_| cpixel(&mut p)).collect()
                        };
                        while tile.len() < tw * th {
                            let (v, run) = if sub == 128 {
                                (cpixel(&mut p), true)
                            } else {
                                let i = out[p];
                                p += 1;
                                (pal[usize::from(i & 0x7f)], i & 0x80 != 0)
                            };
                            let mut n = 1;
                            if run {
                                loop {
                                    let b = out[p];
                                    p += 1;
                                    n += usize::from(b);
                                    if b != 255 {
                                        break;
                                    }
                                }
                            }
                            tile.extend(std::iter::repeat_n(v, n));
                        }
                    }
                    other => panic!("ZRLE subencoding {other}"),
                }
                for (i, v) in tile.into_iter().enumerate() {
                    self.frame.set(x + tx + i % tw, y + ty + i / tw, v);
                }
            }
        }
    }
}

/// Whether `frame` shows `text` (drawn in the demo console's 8×16 glyphs, `fg` on `bg`)
/// anywhere, as a person reading the screen would find it.
pub fn shows(frame: &Frame, text: &str, fg: u32, bg: u32) -> bool {
    let w = Frame::text_width(text, 1);
    if w > frame.width || frame.height < 16 {
        return false;
    }
    let mut sample = Frame::new(w, 16, bg);
    sample.text(0, 0, text, fg, bg, 1);
    fn row(f: &Frame, x: usize, y: usize, w: usize) -> &[u32] {
        &f.pixels[y * f.width + x..y * f.width + x + w]
    }
    (0..=frame.height - 16).any(|y| {
        (0..=frame.width - w)
            .any(|x| (0..16).all(|dy| row(frame, x, y + dy, w) == row(&sample, 0, dy, w)))
    })
}
