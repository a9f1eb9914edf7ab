//! Typing text as keystrokes ("Paste text as keystrokes", `xenpilot console --type`): each
//! printable ASCII character becomes the keys a US keyboard would press for it (Shift
//! included), with both the keysym and the XT scan code, so it works with and without QEMU's
//! extended key event. Paced, because a guest's keyboard buffer (a BIOS, a login prompt)
//! drops keys that come too fast.

use super::client::{Input, InputSender};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// The pause after each key press and each release.
pub const KEY_PACE: Duration = Duration::from_millis(8);

/// Keysym and XT scan code of Shift (left).
const SHIFT: (u32, u16) = (0xffe1, 0x2a);

/// How a US keyboard types `c`: (keysym, XT scan code, needs Shift). `None` for characters
/// outside printable ASCII, Tab and newline.
pub fn us_key(c: char) -> Option<(u32, u16, bool)> {
    const ROW: &[(char, char, u16)] = &[
        ('1', '!', 0x02),
        ('2', '@', 0x03),
        ('3', '#', 0x04),
        ('4', '$', 0x05),
        ('5', '%', 0x06),
        ('6', '^', 0x07),
        ('7', '&', 0x08),
        ('8', '*', 0x09),
        ('9', '(', 0x0a),
        ('0', ')', 0x0b),
        ('-', '_', 0x0c),
        ('=', '+', 0x0d),
        ('[', '{', 0x1a),
        (']', '}', 0x1b),
        (';', ':', 0x27),
        ('\'', '"', 0x28),
        ('`', '~', 0x29),
        ('\\', '|', 0x2b),
        (',', '<', 0x33),
        ('.', '>', 0x34),
        ('/', '?', 0x35),
        (' ', ' ', 0x39),
    ];
    const LETTERS: &[u8; 26] = &[
        0x1e, 0x30, 0x2e, 0x20, 0x12, 0x21, 0x22, 0x23, 0x17, 0x24, 0x25, 0x26, 0x32, 0x31, 0x18,
        0x19, 0x10, 0x13, 0x1f, 0x14, 0x16, 0x2f, 0x11, 0x2d, 0x15, 0x2c,
    ];
    match c {
        '\n' | '\r' => Some((0xff0d, 0x1c, false)),
        '\t' => Some((0xff09, 0x0f, false)),
        'a'..='z' => Some((
            u32::from(c),
            u16::from(LETTERS[(c as u8 - b'a') as usize]),
            false,
        )),
        'A'..='Z' => Some((
            u32::from(c),
            u16::from(LETTERS[(c as u8 - b'A') as usize]),
            true,
        )),
        _ => ROW.iter().find_map(|&(plain, shifted, xt)| {
            if c == plain {
                Some((u32::from(c), xt, false))
            } else if c == shifted {
                Some((u32::from(c), xt, true))
            } else {
                None
            }
        }),
    }
}

/// The characters of `text` that [`type_text`] types (`\r\n` counts once).
pub fn typeable(text: &str) -> Vec<char> {
    text.replace("\r\n", "\n")
        .chars()
        .filter(|&c| us_key(c).is_some())
        .collect()
}

/// Progress and cancellation shared with the UI.
#[derive(Debug, Default)]
pub struct Typing {
    /// Characters typed so far.
    pub done: AtomicUsize,
    /// Set to stop after the current character.
    pub cancel: AtomicBool,
}

/// Types `chars` (from [`typeable`]), paced by [`KEY_PACE`]; stops early when cancelled or
/// the session ended. Returns how many characters were typed.
pub async fn type_text(to: InputSender, chars: Vec<char>, state: Arc<Typing>) -> usize {
    let mut n = 0;
    for c in chars {
        if state.cancel.load(Ordering::Relaxed) {
            break;
        }
        let Some((keysym, xt, shift)) = us_key(c) else {
            continue;
        };
        let key = |down, keysym, xt| Input::Key {
            down,
            keysym,
            xt: Some(xt),
        };
        let mut seq = Vec::with_capacity(4);
        if shift {
            seq.push(key(true, SHIFT.0, SHIFT.1));
        }
        seq.push(key(true, keysym, xt));
        seq.push(key(false, keysym, xt));
        if shift {
            seq.push(key(false, SHIFT.0, SHIFT.1));
        }
        for input in seq {
            if !to.send(input) {
                return n;
            }
            tokio::time::sleep(KEY_PACE).await;
        }
        n += 1;
        state.done.store(n, Ordering::Relaxed);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn us_keys_for_ascii() {
        assert_eq!(us_key('a'), Some((0x61, 0x1e, false)));
        assert_eq!(us_key('Z'), Some((0x5a, 0x2c, true)));
        assert_eq!(us_key('?'), Some((0x3f, 0x35, true)));
        assert_eq!(us_key('\n'), Some((0xff0d, 0x1c, false)));
        assert_eq!(us_key('é'), None);
        assert_eq!(typeable("ab\r\né\tc"), vec!['a', 'b', '\n', '\t', 'c']);
    }
}
