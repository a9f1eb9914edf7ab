//! VM lifecycle windows: the dialogs that ask for what an action needs and show its `xe`
//! equivalent ([`dialogs`]), and the New VM wizard ([`wizard`]). The actions themselves
//! (labels, shortcuts, when enabled, plans) are the action table's ([`crate::ui::actions`]).

pub mod dialogs;
pub mod wizard;
