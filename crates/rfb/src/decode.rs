//! The framebuffer and the rectangle decoders: Raw, CopyRect, ZRLE, and the Cursor pseudo
//! encoding. Pixels are kept as RGBA bytes (alpha 255), the layout egui's textures take, and
//! every change grows [`Screen::dirty`] so the UI uploads only what changed.

use super::wire::PixelFormat;
use super::{MAX_DIMENSION, Result, RfbError};

/// A rectangle in framebuffer pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: u16,
    /// Top edge.
    pub y: u16,
    /// Width.
    pub w: u16,
    /// Height.
    pub h: u16,
}

impl Rect {
    /// The smallest rectangle holding both.
    pub fn union(self, o: Rect) -> Rect {
        let x = self.x.min(o.x);
        let y = self.y.min(o.y);
        let r = (u32::from(self.x) + u32::from(self.w)).max(u32::from(o.x) + u32::from(o.w));
        let b = (u32::from(self.y) + u32::from(self.h)).max(u32::from(o.y) + u32::from(o.h));
        Rect {
            x,
            y,
            w: (r - u32::from(x)) as u16,
            h: (b - u32::from(y)) as u16,
        }
    }
}

/// The guest's cursor, drawn by the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CursorShape {
    /// Width.
    pub width: u16,
    /// Height.
    pub height: u16,
    /// Hot spot, from the top left.
    pub hotspot: (u16, u16),
    /// RGBA, alpha 0 where the cursor's mask is clear.
    pub rgba: Vec<u8>,
}

/// What the UI shows: the framebuffer and what changed since it last looked.
#[derive(Debug, Clone, Default)]
pub struct Screen {
    /// Width in pixels.
    pub width: u16,
    /// Height in pixels.
    pub height: u16,
    /// RGBA, row-major, `width * height * 4` bytes.
    pub pixels: Vec<u8>,
    /// The area changed since [`Screen::take_dirty`] was last called.
    pub dirty: Option<Rect>,
    /// Counts size changes (DesktopSize), so the UI knows to make a new texture.
    pub generation: u64,
    /// The guest's cursor, once the server sent one (`None`: draw none, the server draws it).
    pub cursor: Option<CursorShape>,
    /// Counts cursor changes.
    pub cursor_generation: u64,
    /// The server acknowledged QEMU's extended key event: send scan codes.
    pub ext_keys: bool,
    /// The desktop's name from ServerInit.
    pub name: String,
    /// Framebuffer updates received (for the status line and benchmarks).
    pub updates: u64,
}

impl Screen {
    /// A black screen of this size.
    pub fn new(width: u16, height: u16, name: String) -> Screen {
        let mut s = Screen {
            name,
            ..Screen::default()
        };
        s.resize(width, height);
        s
    }

    /// A new size (DesktopSize): black, all dirty. The pixels are zeroed pages from the
    /// OS, not written here: alpha 0 stands for black until drawn ([`Screen::region`] makes
    /// it opaque), so a storm of resizes costs only what is drawn.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.width = width;
        self.height = height;
        // The old screen goes before the new one comes: one screen's memory at a time.
        self.pixels = Vec::new();
        self.pixels = vec![0; usize::from(width) * usize::from(height) * 4];
        self.generation += 1;
        self.dirty = Some(Rect {
            x: 0,
            y: 0,
            w: width,
            h: height,
        });
    }

    /// Takes the changed area (the UI uploads it to its texture).
    pub fn take_dirty(&mut self) -> Option<Rect> {
        self.dirty.take()
    }

    fn mark(&mut self, r: Rect) {
        self.dirty = Some(match self.dirty {
            Some(d) => d.union(r),
            None => r,
        });
    }

    /// Checks that `r` lies inside the framebuffer.
    pub fn check(&self, r: Rect) -> Result<()> {
        if u32::from(r.x) + u32::from(r.w) > u32::from(self.width)
            || u32::from(r.y) + u32::from(r.h) > u32::from(self.height)
        {
            return Err(RfbError::Protocol(format!(
                "rectangle {}×{} at ({}, {}) is outside the {}×{} framebuffer",
                r.w, r.h, r.x, r.y, self.width, self.height
            )));
        }
        Ok(())
    }

    /// Writes `r` from `data` in the server's pixel format (`pf.bytes()` per pixel).
    pub fn put_raw(&mut self, r: Rect, data: &[u8], pf: &PixelFormat) {
        let bpp = pf.bytes();
        let stride = usize::from(self.width) * 4;
        let w = usize::from(r.w);
        for row in 0..usize::from(r.h) {
            let src = &data[row * w * bpp..(row + 1) * w * bpp];
            let start = (usize::from(r.y) + row) * stride + usize::from(r.x) * 4;
            let dst = &mut self.pixels[start..start + w * 4];
            if *pf == PixelFormat::RGBX {
                dst.copy_from_slice(src);
                for px in dst.chunks_exact_mut(4) {
                    px[3] = 255;
                }
            } else {
                for (d, s) in dst.chunks_exact_mut(4).zip(src.chunks_exact(bpp)) {
                    d.copy_from_slice(&to_rgba(pf, s));
                }
            }
        }
        self.mark(r);
    }

    /// Writes `r` from RGBA pixels.
    pub fn put_rgba(&mut self, r: Rect, rgba: &[u8]) {
        let stride = usize::from(self.width) * 4;
        let w = usize::from(r.w) * 4;
        for (row, src) in rgba.chunks_exact(w).take(usize::from(r.h)).enumerate() {
            let start = (usize::from(r.y) + row) * stride + usize::from(r.x) * 4;
            self.pixels[start..start + w].copy_from_slice(src);
        }
        self.mark(r);
    }

    /// Fills `r` with one RGBA colour.
    pub fn fill(&mut self, r: Rect, rgba: [u8; 4]) {
        let stride = usize::from(self.width) * 4;
        for row in 0..usize::from(r.h) {
            let start = (usize::from(r.y) + row) * stride + usize::from(r.x) * 4;
            for px in self.pixels[start..start + usize::from(r.w) * 4].chunks_exact_mut(4) {
                px.copy_from_slice(&rgba);
            }
        }
        self.mark(r);
    }

    /// CopyRect: copies the area at `(sx, sy)` to `r` (overlap-safe).
    pub fn copy_rect(&mut self, r: Rect, sx: u16, sy: u16) -> Result<()> {
        self.check(Rect { x: sx, y: sy, ..r })?;
        let stride = usize::from(self.width) * 4;
        let w = usize::from(r.w) * 4;
        let rows: Vec<usize> = if sy < r.y {
            (0..usize::from(r.h)).rev().collect()
        } else {
            (0..usize::from(r.h)).collect()
        };
        for row in rows {
            let src = (usize::from(sy) + row) * stride + usize::from(sx) * 4;
            let dst = (usize::from(r.y) + row) * stride + usize::from(r.x) * 4;
            self.pixels.copy_within(src..src + w, dst);
        }
        self.mark(r);
        Ok(())
    }

    /// The pixels of `r` as opaque RGBA rows (the UI's texture, screenshots).
    pub fn region(&self, r: Rect) -> Vec<u8> {
        let stride = usize::from(self.width) * 4;
        let mut out = Vec::with_capacity(usize::from(r.w) * usize::from(r.h) * 4);
        for row in 0..usize::from(r.h) {
            let start = (usize::from(r.y) + row) * stride + usize::from(r.x) * 4;
            out.extend_from_slice(&self.pixels[start..start + usize::from(r.w) * 4]);
        }
        for px in out.chunks_exact_mut(4) {
            px[3] = 255;
        }
        out
    }

    /// The whole screen as opaque RGBA.
    pub fn opaque(&self) -> Vec<u8> {
        self.region(Rect {
            x: 0,
            y: 0,
            w: self.width,
            h: self.height,
        })
    }

    /// The cursor pseudo-rectangle: `pixels` in the server's format, then a 1-bit mask.
    pub fn set_cursor(&mut self, r: Rect, pixels: &[u8], mask: &[u8], pf: &PixelFormat) {
        let bpp = pf.bytes();
        let mask_stride = usize::from(r.w).div_ceil(8);
        let mut rgba = Vec::with_capacity(usize::from(r.w) * usize::from(r.h) * 4);
        for y in 0..usize::from(r.h) {
            for x in 0..usize::from(r.w) {
                let i = y * usize::from(r.w) + x;
                let mut px = to_rgba(pf, &pixels[i * bpp..(i + 1) * bpp]);
                let bit = mask[y * mask_stride + x / 8] & (0x80 >> (x % 8));
                px[3] = if bit != 0 { 255 } else { 0 };
                rgba.extend_from_slice(&px);
            }
        }
        self.cursor = (r.w > 0 && r.h > 0).then_some(CursorShape {
            width: r.w,
            height: r.h,
            hotspot: (r.x, r.y),
            rgba,
        });
        self.cursor_generation += 1;
    }
}

/// One pixel in format `pf` (little- or big-endian, 1 to 4 bytes) as RGBA.
pub fn to_rgba(pf: &PixelFormat, b: &[u8]) -> [u8; 4] {
    let mut v: u32 = 0;
    if pf.big_endian {
        for &x in b {
            v = (v << 8) | u32::from(x);
        }
    } else {
        for &x in b.iter().rev() {
            v = (v << 8) | u32::from(x);
        }
    }
    let chan = |shift: u8, max: u16| -> u8 {
        let max = u32::from(max.max(1));
        let c = (v >> u32::from(shift.min(31))) & max;
        (c * 255 / max) as u8
    };
    [
        chan(pf.red_shift, pf.red_max),
        chan(pf.green_shift, pf.green_max),
        chan(pf.blue_shift, pf.blue_max),
        255,
    ]
}

/// Checks a rectangle's size before reading its pixels (bounded by [`MAX_DIMENSION`]).
pub fn check_size(r: Rect) -> Result<()> {
    if r.w > MAX_DIMENSION || r.h > MAX_DIMENSION {
        return Err(RfbError::Protocol(format!("a {}×{} rectangle", r.w, r.h)));
    }
    Ok(())
}

/// The most inflated data a ZRLE rectangle can need: per 64×64 tile a subencoding byte and
/// a 127-colour palette, and per pixel at most 4 bytes (a plain RLE run of one: a CPIXEL and
/// its length byte).
pub fn zrle_bound(r: Rect) -> usize {
    let tiles = usize::from(r.w).div_ceil(64) * usize::from(r.h).div_ceil(64);
    usize::from(r.w) * usize::from(r.h) * 4 + tiles * (1 + 127 * 3)
}

/// ZRLE's decompressed data: tiles of 64×64 with CPIXELs (3 bytes for our 32-bit format).
pub fn zrle_tiles(screen: &mut Screen, r: Rect, data: &[u8], pf: &PixelFormat) -> Result<()> {
    let cbytes = if pf.bpp == 32 && pf.depth <= 24 && pf.true_colour {
        3
    } else {
        pf.bytes()
    };
    // A CPIXEL of 3 bytes holds the pixel's low bytes (little-endian) or high (big-endian).
    // The format this client asks for: a CPIXEL's 3 bytes are R, G, B.
    let rgbx = *pf == PixelFormat::RGBX;
    let cpixel = |b: &[u8]| -> [u8; 4] {
        if rgbx {
            [b[0], b[1], b[2], 255]
        } else if cbytes == 3 && pf.bytes() == 4 {
            let full = if pf.big_endian {
                [0, b[0], b[1], b[2]]
            } else {
                [b[0], b[1], b[2], 0]
            };
            to_rgba(pf, &full)
        } else {
            to_rgba(pf, b)
        }
    };
    let mut rd = Cursor { data, pos: 0 };
    let mut px: Vec<[u8; 4]> = Vec::with_capacity(64 * 64);
    let mut ty = 0u16;
    while ty < r.h {
        let th = (r.h - ty).min(64);
        let mut tx = 0u16;
        while tx < r.w {
            let tw = (r.w - tx).min(64);
            let tile = Rect {
                x: r.x + tx,
                y: r.y + ty,
                w: tw,
                h: th,
            };
            let n = usize::from(tw) * usize::from(th);
            let sub = rd.u8()?;
            px.clear();
            match sub {
                0 => {
                    let raw = rd.take(n * cbytes)?;
                    px.extend(raw.chunks_exact(cbytes).map(cpixel));
                }
                1 => {
                    let c = cpixel(rd.take(cbytes)?);
                    screen.fill(tile, c);
                    tx += tw;
                    continue;
                }
                2..=16 => {
                    let palette: Vec<[u8; 4]> = (0..sub)
                        .map(|_| rd.take(cbytes).map(cpixel))
                        .collect::<Result<_>>()?;
                    let bits = match sub {
                        2 => 1,
                        3..=4 => 2,
                        _ => 4,
                    };
                    let row_bytes = (usize::from(tw) * bits).div_ceil(8);
                    for _ in 0..th {
                        let row = rd.take(row_bytes)?;
                        for x in 0..usize::from(tw) {
                            let bit = x * bits;
                            let idx = (row[bit / 8] >> (8 - bits - bit % 8)) & ((1 << bits) - 1);
                            px.push(*palette.get(usize::from(idx)).ok_or_else(|| {
                                RfbError::Protocol("ZRLE palette index out of range".into())
                            })?);
                        }
                    }
                }
                128 => {
                    while px.len() < n {
                        let c = cpixel(rd.take(cbytes)?);
                        let len = rd.run_length()?;
                        px.extend(std::iter::repeat_n(c, len));
                    }
                }
                130..=255 => {
                    let size = usize::from(sub - 128);
                    let palette: Vec<[u8; 4]> = (0..size)
                        .map(|_| rd.take(cbytes).map(cpixel))
                        .collect::<Result<_>>()?;
                    while px.len() < n {
                        let b = rd.u8()?;
                        let c = *palette.get(usize::from(b & 0x7f)).ok_or_else(|| {
                            RfbError::Protocol("ZRLE palette index out of range".into())
                        })?;
                        let len = if b & 0x80 != 0 { rd.run_length()? } else { 1 };
                        px.extend(std::iter::repeat_n(c, len));
                    }
                }
                other => {
                    return Err(RfbError::Protocol(format!(
                        "unknown ZRLE subencoding {other}"
                    )));
                }
            }
            if px.len() != n {
                return Err(RfbError::Protocol("a ZRLE run overflows its tile".into()));
            }
            screen.put_rgba(tile, px.as_flattened());
            tx += tw;
        }
        ty += th;
    }
    Ok(())
}

/// A read position in decompressed ZRLE data.
struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos + n;
        let s = self
            .data
            .get(self.pos..end)
            .ok_or_else(|| RfbError::Protocol("ZRLE data ends inside a tile".into()))?;
        self.pos = end;
        Ok(s)
    }

    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    /// 1 + the sum of bytes up to the first below 255.
    fn run_length(&mut self) -> Result<usize> {
        let mut len = 1usize;
        loop {
            let b = self.u8()?;
            len += usize::from(b);
            if b != 255 {
                return Ok(len);
            }
            if len > 64 * 64 {
                return Err(RfbError::Protocol("a ZRLE run longer than its tile".into()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: u16, y: u16, w: u16, h: u16) -> Rect {
        Rect { x, y, w, h }
    }

    #[test]
    fn raw_pixels_land_where_they_belong_and_mark_the_area_dirty() {
        let mut s = Screen::new(4, 3, String::new());
        s.take_dirty();
        s.put_raw(
            rect(1, 1, 2, 1),
            &[10, 20, 30, 0, 40, 50, 60, 0],
            &PixelFormat::RGBX,
        );
        assert_eq!(
            s.region(rect(1, 1, 2, 1)),
            [10, 20, 30, 255, 40, 50, 60, 255]
        );
        assert_eq!(s.take_dirty(), Some(rect(1, 1, 2, 1)));
        assert_eq!(s.take_dirty(), None);
    }

    #[test]
    fn copy_rect_moves_overlapping_areas() {
        let mut s = Screen::new(3, 3, String::new());
        s.fill(rect(0, 0, 3, 1), [1, 1, 1, 255]);
        s.copy_rect(rect(0, 1, 3, 2), 0, 0).unwrap();
        assert_eq!(s.region(rect(0, 1, 1, 1)), [1, 1, 1, 255]);
        assert!(s.copy_rect(rect(0, 0, 3, 3), 1, 1).is_err());
    }

    #[test]
    fn rectangles_outside_the_framebuffer_are_refused() {
        let s = Screen::new(10, 10, String::new());
        assert!(s.check(rect(5, 5, 5, 5)).is_ok());
        assert!(s.check(rect(5, 5, 6, 5)).is_err());
        assert!(s.check(rect(u16::MAX, 0, 2, 1)).is_err());
    }

    #[test]
    fn zrle_solid_palette_and_rle_tiles_decode() {
        let pf = PixelFormat::RGBX;
        let mut s = Screen::new(70, 2, String::new());
        // Tile 1 (64×2): solid red. Tile 2 (6×2): 2-colour palette, bits 1 0 1 0 1 0 per row.
        let mut d = vec![1, 255, 0, 0];
        d.extend([2, 0, 0, 255, 0, 255, 0, 0b1010_1000, 0b1010_1000]);
        zrle_tiles(&mut s, rect(0, 0, 70, 2), &d, &pf).unwrap();
        assert_eq!(s.region(rect(10, 1, 1, 1)), [255, 0, 0, 255]);
        assert_eq!(
            s.region(rect(64, 0, 2, 1)),
            [0, 255, 0, 255, 0, 0, 255, 255]
        );
        // Plain RLE: one colour for all 4 pixels (run length 1 + 3).
        let mut s = Screen::new(2, 2, String::new());
        zrle_tiles(&mut s, rect(0, 0, 2, 2), &[128, 9, 8, 7, 3], &pf).unwrap();
        assert_eq!(s.region(rect(1, 1, 1, 1)), [9, 8, 7, 255]);
        // A run past the tile, and truncated data, are errors, not panics.
        assert!(zrle_tiles(&mut s, rect(0, 0, 2, 2), &[128, 9, 8, 7, 9], &pf).is_err());
        assert!(zrle_tiles(&mut s, rect(0, 0, 2, 2), &[0, 1, 2], &pf).is_err());
    }

    #[test]
    fn sixteen_bit_pixels_convert() {
        let pf = PixelFormat {
            bpp: 16,
            depth: 16,
            big_endian: false,
            true_colour: true,
            red_max: 31,
            green_max: 63,
            blue_max: 31,
            red_shift: 11,
            green_shift: 5,
            blue_shift: 0,
        };
        assert_eq!(to_rgba(&pf, &0xf800u16.to_le_bytes()), [255, 0, 0, 255]);
        assert_eq!(to_rgba(&pf, &0x001fu16.to_le_bytes()), [0, 0, 255, 255]);
    }

    #[test]
    fn cursor_alpha_follows_the_mask() {
        let mut s = Screen::new(4, 4, String::new());
        let px = [9u8; 2 * 4];
        s.set_cursor(rect(1, 0, 2, 1), &px, &[0b1000_0000], &PixelFormat::RGBX);
        let c = s.cursor.clone().unwrap();
        assert_eq!(c.hotspot, (1, 0));
        assert_eq!(c.rgba[3], 255);
        assert_eq!(c.rgba[7], 0);
    }
}
