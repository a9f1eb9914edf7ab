//! Keyboard and mouse for the guest. Keys go out as both an X11 keysym and an XT scan code
//! (the physical key, through the `keycode` crate's Chromium table); the RFB client sends the
//! scan code in QEMU's extended key event when the server acknowledged it, so the guest's own
//! layout applies, and the keysym otherwise.
//!
//! **Right Ctrl releases the keyboard** (VirtualBox's "host key"); it is never sent to the
//! guest. Ctrl+Alt+Del has a button: the host OS would take the real combination.

use eframe::egui::{self, Key};
use rfb::Input;
use std::str::FromStr;

/// The key that releases the keyboard.
pub const RELEASE_KEY: Key = Key::ControlRight;

/// The W3C `code` of a physical key (what the `keycode` crate is keyed by).
fn w3c_code(key: Key) -> Option<String> {
    use Key::*;
    let name = key.name();
    Some(match key {
        A | B | C | D | E | F | G | H | I | J | K | L | M | N | O | P | Q | R | S | T | U | V
        | W | X | Y | Z => format!("Key{name}"),
        Num0 | Num1 | Num2 | Num3 | Num4 | Num5 | Num6 | Num7 | Num8 | Num9 => {
            format!("Digit{}", name.trim_start_matches("Num"))
        }
        Backtick => "Backquote".into(),
        OpenBracket => "BracketLeft".into(),
        CloseBracket => "BracketRight".into(),
        Equals => "Equal".into(),
        Minus => "Minus".into(),
        Comma => "Comma".into(),
        Period => "Period".into(),
        Slash => "Slash".into(),
        Backslash => "Backslash".into(),
        Semicolon => "Semicolon".into(),
        Quote => "Quote".into(),
        Space => "Space".into(),
        Enter => "Enter".into(),
        Tab => "Tab".into(),
        Backspace => "Backspace".into(),
        Escape => "Escape".into(),
        ArrowDown => "ArrowDown".into(),
        ArrowUp => "ArrowUp".into(),
        ArrowLeft => "ArrowLeft".into(),
        ArrowRight => "ArrowRight".into(),
        Insert => "Insert".into(),
        Delete => "Delete".into(),
        Home => "Home".into(),
        End => "End".into(),
        PageUp => "PageUp".into(),
        PageDown => "PageDown".into(),
        ShiftLeft => "ShiftLeft".into(),
        ShiftRight => "ShiftRight".into(),
        ControlLeft => "ControlLeft".into(),
        ControlRight => "ControlRight".into(),
        AltLeft => "AltLeft".into(),
        AltRight => "AltRight".into(),
        SuperLeft => "MetaLeft".into(),
        SuperRight => "MetaRight".into(),
        CapsLock => "CapsLock".into(),
        NumLock => "NumLock".into(),
        ScrollLock => "ScrollLock".into(),
        PrintScreen => "PrintScreen".into(),
        Pause => "Pause".into(),
        Menu => "ContextMenu".into(),
        IntlBackslash => "IntlBackslash".into(),
        F1 | F2 | F3 | F4 | F5 | F6 | F7 | F8 | F9 | F10 | F11 | F12 => name.to_string(),
        _ => return None,
    })
}

/// The XT scan code (E0-prefixed keys as `0xE0xx`) of a physical key.
pub fn xt_code(key: Key) -> Option<u16> {
    let code = keycode::KeyMappingCode::from_str(&w3c_code(key)?).ok()?;
    let win = keycode::KeyMap::from(code).win;
    (win != 0).then_some(win)
}

/// The X11 keysym of a key: named keys from the X11 table, letters and digits as their
/// lower-case character (the guest applies Shift).
pub fn keysym(key: Key) -> Option<u32> {
    use Key::*;
    Some(match key {
        Escape => 0xff1b,
        Tab => 0xff09,
        Backspace => 0xff08,
        Enter => 0xff0d,
        Insert => 0xff63,
        Delete => 0xffff,
        Home => 0xff50,
        End => 0xff57,
        PageUp => 0xff55,
        PageDown => 0xff56,
        ArrowLeft => 0xff51,
        ArrowUp => 0xff52,
        ArrowRight => 0xff53,
        ArrowDown => 0xff54,
        ShiftLeft => 0xffe1,
        ShiftRight => 0xffe2,
        ControlLeft => 0xffe3,
        ControlRight => 0xffe4,
        AltLeft => 0xffe9,
        AltRight => 0xffea,
        SuperLeft => 0xffeb,
        SuperRight => 0xffec,
        CapsLock => 0xffe5,
        NumLock => 0xff7f,
        ScrollLock => 0xff14,
        PrintScreen => 0xff61,
        Pause => 0xff13,
        Menu => 0xff67,
        Space => 0x20,
        Slash => u32::from('/'),
        Backslash => u32::from('\\'),
        Comma => u32::from(','),
        Period => u32::from('.'),
        Semicolon => u32::from(';'),
        Quote => u32::from('\''),
        Minus => u32::from('-'),
        Equals => u32::from('='),
        Plus => u32::from('+'),
        OpenBracket => u32::from('['),
        CloseBracket => u32::from(']'),
        OpenCurlyBracket => u32::from('{'),
        CloseCurlyBracket => u32::from('}'),
        Backtick => u32::from('`'),
        Colon => u32::from(':'),
        Pipe => u32::from('|'),
        Questionmark => u32::from('?'),
        Exclamationmark => u32::from('!'),
        F1 | F2 | F3 | F4 | F5 | F6 | F7 | F8 | F9 | F10 | F11 | F12 => {
            let n: u32 = key.name().trim_start_matches('F').parse().ok()?;
            0xffbe + n - 1
        }
        _ => {
            let name = key.name();
            let mut chars = name.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphabetic() => u32::from(c.to_ascii_lowercase()),
                (Some(c), None) if c.is_ascii_graphic() => u32::from(c),
                _ => match key {
                    Num0 | Num1 | Num2 | Num3 | Num4 | Num5 | Num6 | Num7 | Num8 | Num9 => {
                        u32::from(name.chars().last()?)
                    }
                    _ => return None,
                },
            }
        }
    })
}

/// What one egui event means for the guest.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyAction {
    /// Send this.
    Send(Input),
    /// The release key: give the keyboard back to the app.
    Release,
    /// Nothing for the guest.
    Ignore,
}

/// Turns an egui key event into guest input. The physical key gives the scan code; the
/// logical key the keysym. Keys egui only reports as text (with `scancodes` off, a
/// character the table lacks) come through [`text_keys`].
pub fn key_action(event: &egui::Event) -> KeyAction {
    let egui::Event::Key {
        key,
        physical_key,
        pressed,
        modifiers,
        ..
    } = event
    else {
        return KeyAction::Ignore;
    };
    let physical = physical_key.unwrap_or(*key);
    if physical == RELEASE_KEY {
        return if *pressed {
            KeyAction::Release
        } else {
            KeyAction::Ignore
        };
    }
    let xt = xt_code(physical);
    let mut sym = keysym(*key).or_else(|| keysym(physical));
    // A keysym is the character meant: Shift makes a letter a capital (a server without
    // scan codes, such as vncterm, types what the keysym says).
    if modifiers.shift
        && let Some(c) = sym.filter(|c| (0x61..=0x7a).contains(c))
    {
        sym = Some(c - 0x20);
    }
    if xt.is_none() && sym.is_none() {
        return KeyAction::Ignore;
    }
    KeyAction::Send(Input::Key {
        down: *pressed,
        keysym: sym.unwrap_or(0),
        xt,
    })
}

/// Ctrl+Alt+Del, pressed and released (the button's keys).
pub fn ctrl_alt_del() -> Vec<Input> {
    let k = |down, keysym, xt| Input::Key {
        down,
        keysym,
        xt: Some(xt),
    };
    vec![
        k(true, 0xffe3, 0x1d),
        k(true, 0xffe9, 0x38),
        k(true, 0xffff, 0xe053),
        k(false, 0xffff, 0xe053),
        k(false, 0xffe9, 0x38),
        k(false, 0xffe3, 0x1d),
    ]
}

/// The RFB button mask of egui's pointer state (wheel bits added separately).
pub fn button_mask(p: &egui::PointerState) -> u8 {
    u8::from(p.primary_down())
        | (u8::from(p.middle_down()) << 1)
        | (u8::from(p.secondary_down()) << 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: Key, pressed: bool) -> egui::Event {
        egui::Event::Key {
            key,
            physical_key: Some(key),
            pressed,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        }
    }

    #[test]
    fn physical_keys_have_xt_scan_codes() {
        assert_eq!(xt_code(Key::A), Some(0x1e));
        assert_eq!(xt_code(Key::Enter), Some(0x1c));
        assert_eq!(xt_code(Key::ArrowRight), Some(0xe04d));
        assert_eq!(xt_code(Key::ControlLeft), Some(0x1d));
        assert_eq!(xt_code(Key::Num1), Some(0x02));
        assert_eq!(xt_code(Key::IntlBackslash), Some(0x56));
        assert_eq!(xt_code(Key::F12), Some(0x58));
    }

    #[test]
    fn keys_have_keysyms() {
        assert_eq!(keysym(Key::A), Some(0x61));
        assert_eq!(keysym(Key::Num7), Some(0x37));
        assert_eq!(keysym(Key::F1), Some(0xffbe));
        assert_eq!(keysym(Key::Enter), Some(0xff0d));
        assert_eq!(keysym(Key::Slash), Some(0x2f));
        assert_eq!(keysym(Key::Backslash), Some(0x5c));
        assert_eq!(keysym(Key::Quote), Some(0x27));
    }

    #[test]
    fn right_ctrl_releases_and_other_keys_go_to_the_guest() {
        assert_eq!(
            key_action(&key(Key::ControlRight, true)),
            KeyAction::Release
        );
        assert_eq!(
            key_action(&key(Key::ControlRight, false)),
            KeyAction::Ignore
        );
        assert_eq!(
            key_action(&key(Key::Q, false)),
            KeyAction::Send(Input::Key {
                down: false,
                keysym: 0x71,
                xt: Some(0x10)
            })
        );
        let shifted = egui::Event::Key {
            key: Key::Q,
            physical_key: Some(Key::Q),
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::SHIFT,
        };
        assert_eq!(
            key_action(&shifted),
            KeyAction::Send(Input::Key {
                down: true,
                keysym: 0x51,
                xt: Some(0x10)
            })
        );
        // On an AZERTY keyboard the key labelled A sits where US has Q: the scan code is the
        // physical key's, the keysym the logical one's.
        let azerty = egui::Event::Key {
            key: Key::A,
            physical_key: Some(Key::Q),
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        };
        assert_eq!(
            key_action(&azerty),
            KeyAction::Send(Input::Key {
                down: true,
                keysym: 0x61,
                xt: Some(0x10)
            })
        );
    }
}
