//! VM lifecycle windows: the dialogs that ask for what an action needs and show its `xe`
//! equivalent ([`dialogs`]), and the New VM wizard ([`wizard`]). The actions themselves
//! (labels, shortcuts, when enabled, plans) are the action table's ([`crate::ui::actions`]).

pub mod dialogs;
pub mod wizard;

use crate::i18n::I18n;
use crate::model::vm_plans::Blocked;
use crate::xenapi::records::PowerState;

/// Why an action is disabled, in words.
pub fn blocked_text(i18n: &I18n, b: &Blocked) -> String {
    match b {
        Blocked::NotAGuest => i18n.get("why-not-a-guest"),
        Blocked::Busy(op) => i18n.get_args("why-busy", &[("op", op)]),
        Blocked::PowerState(s) => {
            let state = match s {
                PowerState::Running => i18n.get("power-running"),
                PowerState::Halted => i18n.get("power-halted"),
                PowerState::Suspended => i18n.get("power-suspended"),
                PowerState::Paused => i18n.get("power-paused"),
                _ => i18n.get("power-unknown"),
            };
            i18n.get_args("why-power-state", &[("state", &state)])
        }
        Blocked::NotAllowed => i18n.get("why-not-allowed"),
    }
}
