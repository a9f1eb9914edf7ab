//! RFB message layouts: the pixel format, encoding numbers and the client-to-server messages
//! (RFC 6143 §7.5, plus QEMU's extended key event).

/// Encoding numbers this client asks for, most preferred first.
pub mod encoding {
    /// Raw pixels.
    pub const RAW: i32 = 0;
    /// Copy a rectangle already on screen.
    pub const COPY_RECT: i32 = 1;
    /// Zlib run-length encoding (64×64 tiles, palettes, runs).
    pub const ZRLE: i32 = 16;
    /// Pseudo: the cursor shape, drawn locally.
    pub const CURSOR: i32 = -239;
    /// Pseudo: the framebuffer changed size.
    pub const DESKTOP_SIZE: i32 = -223;
    /// Pseudo: QEMU's extended key event is understood (scan codes).
    pub const QEMU_EXT_KEY: i32 = -258;
    /// Pseudo: no more rectangles in this update.
    pub const LAST_RECT: i32 = -224;
}

/// What the client advertises, in order of preference.
pub const ENCODINGS: [i32; 7] = [
    encoding::ZRLE,
    encoding::COPY_RECT,
    encoding::RAW,
    encoding::CURSOR,
    encoding::DESKTOP_SIZE,
    encoding::QEMU_EXT_KEY,
    encoding::LAST_RECT,
];

/// How the server encodes a pixel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PixelFormat {
    /// Bits per pixel: 8, 16 or 32.
    pub bpp: u8,
    /// Significant bits.
    pub depth: u8,
    /// Multi-byte pixels are big-endian.
    pub big_endian: bool,
    /// True colour (else a colour map, which this client replaces with [`PixelFormat::RGBX`]).
    pub true_colour: bool,
    /// Maximum red value.
    pub red_max: u16,
    /// Maximum green value.
    pub green_max: u16,
    /// Maximum blue value.
    pub blue_max: u16,
    /// Shift of red in the pixel value.
    pub red_shift: u8,
    /// Shift of green.
    pub green_shift: u8,
    /// Shift of blue.
    pub blue_shift: u8,
}

impl PixelFormat {
    /// What the client asks for: 32 bits, little-endian, red in the lowest byte, so a pixel's
    /// bytes are R, G, B, X as egui's RGBA wants them (XenCenter forces 32 bpp the same way).
    pub const RGBX: PixelFormat = PixelFormat {
        bpp: 32,
        depth: 24,
        big_endian: false,
        true_colour: true,
        red_max: 255,
        green_max: 255,
        blue_max: 255,
        red_shift: 0,
        green_shift: 8,
        blue_shift: 16,
    };

    /// Reads the 16-byte wire form.
    pub fn from_bytes(b: &[u8; 16]) -> PixelFormat {
        PixelFormat {
            bpp: b[0],
            depth: b[1],
            big_endian: b[2] != 0,
            true_colour: b[3] != 0,
            red_max: u16::from_be_bytes([b[4], b[5]]),
            green_max: u16::from_be_bytes([b[6], b[7]]),
            blue_max: u16::from_be_bytes([b[8], b[9]]),
            red_shift: b[10],
            green_shift: b[11],
            blue_shift: b[12],
        }
    }

    /// The 16-byte wire form.
    pub fn to_bytes(&self) -> [u8; 16] {
        let [r0, r1] = self.red_max.to_be_bytes();
        let [g0, g1] = self.green_max.to_be_bytes();
        let [b0, b1] = self.blue_max.to_be_bytes();
        [
            self.bpp,
            self.depth,
            u8::from(self.big_endian),
            u8::from(self.true_colour),
            r0,
            r1,
            g0,
            g1,
            b0,
            b1,
            self.red_shift,
            self.green_shift,
            self.blue_shift,
            0,
            0,
            0,
        ]
    }

    /// Bytes per pixel.
    pub fn bytes(&self) -> usize {
        usize::from(self.bpp / 8).max(1)
    }
}

/// SetPixelFormat (type 0).
pub fn set_pixel_format(pf: &PixelFormat) -> Vec<u8> {
    let mut m = vec![0, 0, 0, 0];
    m.extend_from_slice(&pf.to_bytes());
    m
}

/// SetEncodings (type 2).
pub fn set_encodings(encodings: &[i32]) -> Vec<u8> {
    let mut m = vec![2, 0];
    m.extend_from_slice(&(encodings.len() as u16).to_be_bytes());
    for e in encodings {
        m.extend_from_slice(&e.to_be_bytes());
    }
    m
}

/// FramebufferUpdateRequest (type 3).
pub fn update_request(incremental: bool, width: u16, height: u16) -> Vec<u8> {
    let mut m = vec![3, u8::from(incremental), 0, 0, 0, 0];
    m.extend_from_slice(&width.to_be_bytes());
    m.extend_from_slice(&height.to_be_bytes());
    m
}

/// KeyEvent (type 4) with an X11 keysym.
pub fn key_event(down: bool, keysym: u32) -> Vec<u8> {
    let mut m = vec![4, u8::from(down), 0, 0];
    m.extend_from_slice(&keysym.to_be_bytes());
    m
}

/// QEMU extended key event (type 255, subtype 0): the keysym and the XT scan code, an
/// E0-prefixed key as `code | 0x80` (noVNC's and XenAdminQt's convention).
pub fn qemu_key_event(down: bool, keysym: u32, xt: u16) -> Vec<u8> {
    let code = u32::from(if xt & 0xff00 == 0xe000 {
        (xt & 0x7f) | 0x80
    } else {
        xt & 0xff
    });
    let mut m = vec![255, 0];
    m.extend_from_slice(&u16::from(down).to_be_bytes());
    m.extend_from_slice(&keysym.to_be_bytes());
    m.extend_from_slice(&code.to_be_bytes());
    m
}

/// PointerEvent (type 5): `buttons` is the mask (1 left, 2 middle, 4 right, 8 wheel up,
/// 16 wheel down).
pub fn pointer_event(buttons: u8, x: u16, y: u16) -> Vec<u8> {
    let mut m = vec![5, buttons];
    m.extend_from_slice(&x.to_be_bytes());
    m.extend_from_slice(&y.to_be_bytes());
    m
}

/// ClientCutText (type 6), Latin-1 (other characters become `?`).
pub fn cut_text(text: &str) -> Vec<u8> {
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    let mut m = vec![6, 0, 0, 0];
    m.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    m.extend_from_slice(&bytes);
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixel_format_round_trips() {
        let b = PixelFormat::RGBX.to_bytes();
        assert_eq!(PixelFormat::from_bytes(&b), PixelFormat::RGBX);
        assert_eq!(b[..4], [32, 24, 0, 1]);
    }

    #[test]
    fn extended_keys_carry_e0_keys_with_the_high_bit() {
        // Right arrow is E0 4D: sent as 0xCD.
        let m = qemu_key_event(true, 0xff53, 0xe04d);
        assert_eq!(m, [255, 0, 0, 1, 0, 0, 0xff, 0x53, 0, 0, 0, 0xcd]);
        // 'a' is 0x1E, released.
        let m = qemu_key_event(false, 0x61, 0x1e);
        assert_eq!(m[2..4], [0, 0]);
        assert_eq!(m[8..], [0, 0, 0, 0x1e]);
    }

    #[test]
    fn messages_have_their_layouts() {
        assert_eq!(key_event(true, 0xff0d), [4, 1, 0, 0, 0, 0, 0xff, 0x0d]);
        assert_eq!(pointer_event(8, 300, 2), [5, 8, 1, 44, 0, 2]);
        assert_eq!(
            update_request(true, 1024, 768),
            [3, 1, 0, 0, 0, 0, 4, 0, 3, 0]
        );
        assert_eq!(set_encodings(&[16, -223])[..4], [2, 0, 0, 2]);
        assert_eq!(set_encodings(&[-223])[4..], [0xff, 0xff, 0xff, 0x21]);
        assert_eq!(cut_text("é€")[8..], [0xe9, b'?']);
    }
}
