//! The keys a guest has seen pressed and not yet released. A client that stops sending keys
//! (the user gives the keyboard back to the desktop, the window loses it) must release them
//! itself, or the guest keeps them held: a Ctrl pressed before the release key would make
//! every later `c` a ^C.

use crate::client::Input;

/// Keys sent down and not up, in the order pressed. A key is known by its scan code when it
/// has one (its keysym changes with Shift), else by its keysym.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HeldKeys {
    down: Vec<Key>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    keysym: u32,
    xt: Option<u16>,
}

impl Key {
    fn same(&self, other: &Key) -> bool {
        match (self.xt, other.xt) {
            (Some(a), Some(b)) => a == b,
            _ => self.keysym == other.keysym,
        }
    }
}

impl HeldKeys {
    /// Takes note of `input` as it is sent (pointer events are not keys).
    pub fn note(&mut self, input: &Input) {
        if let Input::Key { down, keysym, xt } = *input {
            let k = Key { keysym, xt };
            self.down.retain(|d| !d.same(&k));
            if down {
                self.down.push(k);
            }
        }
    }

    /// Whether any key is held.
    pub fn is_empty(&self) -> bool {
        self.down.is_empty()
    }

    /// The key-ups that release every key still held, the last pressed first; they are
    /// forgotten.
    pub fn release_all(&mut self) -> Vec<Input> {
        std::mem::take(&mut self.down)
            .into_iter()
            .rev()
            .map(|k| Input::Key {
                down: false,
                keysym: k.keysym,
                xt: k.xt,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(down: bool, keysym: u32, xt: Option<u16>) -> Input {
        Input::Key { down, keysym, xt }
    }

    #[test]
    fn what_was_pressed_and_not_released_is_released_last_first() {
        let mut h = HeldKeys::default();
        h.note(&key(true, 0xffe3, Some(0x1d))); // Left Ctrl
        h.note(&key(true, 0xffe1, Some(0x2a))); // Left Shift
        h.note(&key(true, 0x43, Some(0x2e))); // C (Shift held)
        h.note(&key(false, 0x63, Some(0x2e))); // c up: same scan code, other keysym
        h.note(&Input::Pointer {
            x: 1,
            y: 1,
            buttons: 0,
        });
        assert_eq!(
            h.release_all(),
            [
                key(false, 0xffe1, Some(0x2a)),
                key(false, 0xffe3, Some(0x1d))
            ]
        );
        assert!(h.is_empty(), "released keys are forgotten");
        // Without scan codes a key is known by its keysym.
        h.note(&key(true, 0xffe3, None));
        h.note(&key(true, 0xffe3, None));
        assert_eq!(h.release_all(), [key(false, 0xffe3, None)]);
    }
}
