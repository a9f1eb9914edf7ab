//! What a key message means to the simulated guest: X keysyms (RFB KeyEvent) and XT scan
//! codes (QEMU Extended Key Event, `keycode | 0x80` for E0-prefixed keys), read with a US
//! layout as a guest configured for one would. A scan code wins over its keysym, as in QEMU:
//! the guest's layout decides what a physical key types, which is why non-US clients send
//! scan codes.

/// A key the guests act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Enter,
    Backspace,
    Tab,
    Escape,
    Up,
    Down,
    Left,
    Right,
    Delete,
    Shift,
    Control,
    Alt,
    Other,
}

/// The key of an X keysym.
pub fn from_keysym(keysym: u32) -> Key {
    match keysym {
        0x20..=0x7e | 0xa0..=0xff => char::from_u32(keysym).map_or(Key::Other, Key::Char),
        0xff0d | 0xff8d => Key::Enter,
        0xff08 => Key::Backspace,
        0xff09 => Key::Tab,
        0xff1b => Key::Escape,
        0xff51 => Key::Left,
        0xff52 => Key::Up,
        0xff53 => Key::Right,
        0xff54 => Key::Down,
        0xffff | 0xff9f => Key::Delete,
        0xffe1 | 0xffe2 => Key::Shift,
        0xffe3 | 0xffe4 => Key::Control,
        0xffe9 | 0xffea | 0xfe03 => Key::Alt,
        // Unicode keysyms (0x01000000 + code point).
        k if (0x0100_00a0..=0x0110_ffff).contains(&k) => {
            char::from_u32(k - 0x0100_0000).map_or(Key::Other, Key::Char)
        }
        _ => Key::Other,
    }
}

/// US layout: scan code → (unshifted, shifted) character.
const US: &[(u32, char, char)] = &[
    (0x02, '1', '!'),
    (0x03, '2', '@'),
    (0x04, '3', '#'),
    (0x05, '4', '$'),
    (0x06, '5', '%'),
    (0x07, '6', '^'),
    (0x08, '7', '&'),
    (0x09, '8', '*'),
    (0x0a, '9', '('),
    (0x0b, '0', ')'),
    (0x0c, '-', '_'),
    (0x0d, '=', '+'),
    (0x10, 'q', 'Q'),
    (0x11, 'w', 'W'),
    (0x12, 'e', 'E'),
    (0x13, 'r', 'R'),
    (0x14, 't', 'T'),
    (0x15, 'y', 'Y'),
    (0x16, 'u', 'U'),
    (0x17, 'i', 'I'),
    (0x18, 'o', 'O'),
    (0x19, 'p', 'P'),
    (0x1a, '[', '{'),
    (0x1b, ']', '}'),
    (0x1e, 'a', 'A'),
    (0x1f, 's', 'S'),
    (0x20, 'd', 'D'),
    (0x21, 'f', 'F'),
    (0x22, 'g', 'G'),
    (0x23, 'h', 'H'),
    (0x24, 'j', 'J'),
    (0x25, 'k', 'K'),
    (0x26, 'l', 'L'),
    (0x27, ';', ':'),
    (0x28, '\'', '"'),
    (0x29, '`', '~'),
    (0x2b, '\\', '|'),
    (0x2c, 'z', 'Z'),
    (0x2d, 'x', 'X'),
    (0x2e, 'c', 'C'),
    (0x2f, 'v', 'V'),
    (0x30, 'b', 'B'),
    (0x31, 'n', 'N'),
    (0x32, 'm', 'M'),
    (0x33, ',', '<'),
    (0x34, '.', '>'),
    (0x35, '/', '?'),
    (0x39, ' ', ' '),
];

/// The key of an XT scan code (E0-prefixed keys with bit 7 set), with Shift held or not.
pub fn from_scancode(code: u32, shift: bool) -> Key {
    match code {
        0x1c | 0x9c => Key::Enter,
        0x0e => Key::Backspace,
        0x0f => Key::Tab,
        0x01 => Key::Escape,
        0xc8 => Key::Up,
        0xd0 => Key::Down,
        0xcb => Key::Left,
        0xcd => Key::Right,
        0xd3 | 0x53 => Key::Delete,
        0x2a | 0x36 => Key::Shift,
        0x1d | 0x9d => Key::Control,
        0x38 | 0xb8 => Key::Alt,
        _ => US
            .iter()
            .find(|(c, _, _)| *c == code)
            .map_or(Key::Other, |(_, lo, hi)| {
                Key::Char(if shift { *hi } else { *lo })
            }),
    }
}

/// Which modifiers are held, from the key messages seen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Modifiers {
    pub shift: bool,
    pub control: bool,
    pub alt: bool,
}

impl Modifiers {
    /// Follows a modifier key going down or up; true when `key` was one.
    pub fn follow(&mut self, key: Key, down: bool) -> bool {
        match key {
            Key::Shift => self.shift = down,
            Key::Control => self.control = down,
            Key::Alt => self.alt = down,
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keysyms_and_scan_codes_mean_the_same_keys() {
        assert_eq!(from_keysym(u32::from('a')), Key::Char('a'));
        assert_eq!(from_scancode(0x1e, false), Key::Char('a'));
        assert_eq!(from_scancode(0x1e, true), Key::Char('A'));
        assert_eq!(from_keysym(0xff0d), Key::Enter);
        assert_eq!(from_scancode(0x1c, false), Key::Enter);
        // Delete on the navigation block is E0 53: 0x53 | 0x80.
        assert_eq!(from_scancode(0xd3, false), Key::Delete);
        assert_eq!(from_keysym(0x0100_00e9), Key::Char('é'));
        assert_eq!(from_scancode(0x77, false), Key::Other);
    }
}
