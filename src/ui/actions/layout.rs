//! Where actions are placed: the menus, the context menus and the toolbar list actions from
//! the table (their order and separators); what each action is lives in the table.

use super::Action;

/// One place in a menu or a toolbar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// The action, on the objects the menu is for.
    Do(Action),
    /// A submenu of the pool's servers (Start on server, Move to server).
    Hosts(Action),
    Separator,
}

use Item::{Do, Hosts, Separator};

/// Organising, in every object's context menu (and a tag's or folder's).
pub const ORG_MENU: &[Item] = &[
    Do(Action::EditTags),
    Do(Action::MoveToFolder),
    Do(Action::CustomFields),
    Do(Action::NewFolder),
    Do(Action::RenameFolder),
    Do(Action::DeleteFolder),
    Do(Action::RenameTag),
];

/// File.
pub const FILE_MENU: &[Item] = &[
    Do(Action::Connect),
    Do(Action::OpenDump),
    Separator,
    Do(Action::Import),
    Separator,
    Do(Action::Quit),
];

/// View: the Events and Alerts views (the options around them are the View menu's own).
pub const VIEW_MENU: &[Item] = &[
    Do(Action::Events),
    Do(Action::Alerts),
    Separator,
    Do(Action::SearchResults),
    Do(Action::SaveSearch),
    Do(Action::ExportSearchCsv),
    Do(Action::ExportSearchJson),
];

/// Help.
pub const HELP_MENU: &[Item] = &[
    Do(Action::Palette),
    Do(Action::Shortcuts),
    Do(Action::About),
];

/// The VM menu, and a VM's context menu (XenCenter's order).
pub const VM_MENU: &[Item] = &[
    Do(Action::Start),
    Do(Action::Resume),
    Do(Action::Unpause),
    Do(Action::Shutdown),
    Do(Action::ForceShutdown),
    Do(Action::Reboot),
    Do(Action::ForceReboot),
    Do(Action::Suspend),
    Do(Action::Pause),
    Hosts(Action::StartOn),
    Separator,
    Do(Action::Snapshot),
    Do(Action::Copy),
    Do(Action::Export),
    Hosts(Action::Migrate),
    Do(Action::Delete),
    Separator,
    Do(Action::Properties),
];

/// A snapshot's menu.
pub const SNAPSHOT_MENU: &[Item] = &[Do(Action::Revert), Do(Action::DeleteSnapshot)];

/// The toolbar's VM buttons: XenCenter's, always there, greyed (saying why) when they do not
/// apply.
pub const VM_TOOLBAR: &[Item] = &[
    Do(Action::Start),
    Do(Action::Shutdown),
    Do(Action::Reboot),
    Do(Action::Suspend),
    Do(Action::Resume),
    Separator,
    Do(Action::Snapshot),
];

/// A pool's (or connection's) context menu.
pub const POOL_MENU: &[Item] = &[
    Do(Action::Disconnect),
    Do(Action::Reconnect),
    Do(Action::RemovePool),
    Do(Action::NewVm),
    Do(Action::Import),
    Do(Action::NewSr),
    Do(Action::NewNetwork),
    // Servers and the pool (no separator: the pane's row of buttons would show it alone
    // for a dump, where these are hidden).
    Do(Action::NewCoordinator),
    Do(Action::PoolRename),
    Do(Action::PoolProperties),
];

/// The Server menu, and a server's context menu (XenCenter's order).
pub const HOST_MENU: &[Item] = &[
    Do(Action::EnterMaintenance),
    Do(Action::ExitMaintenance),
    Do(Action::HostReboot),
    Do(Action::HostShutdown),
    Do(Action::HostPowerOn),
    Do(Action::RestartToolstack),
    Separator,
    Do(Action::HostDisable),
    Do(Action::HostEnable),
    Do(Action::DesignateCoordinator),
    Do(Action::EjectHost),
    Separator,
    Do(Action::NewNetwork),
    Do(Action::ManagementInterface),
    Separator,
    Do(Action::HostProperties),
];

/// A network's menu (the tree, the pool's Networking tab).
pub const NETWORK_MENU: &[Item] = &[Do(Action::NetworkProperties), Do(Action::DeleteNetwork)];

/// The toolbar's server buttons, when a server is selected.
pub const HOST_TOOLBAR: &[Item] = &[
    Do(Action::EnterMaintenance),
    Do(Action::ExitMaintenance),
    Do(Action::HostReboot),
    Do(Action::HostShutdown),
    Do(Action::HostPowerOn),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_reachable_from_a_menu_or_its_shortcut() {
        let placed: Vec<Action> = [
            FILE_MENU,
            VIEW_MENU,
            HELP_MENU,
            VM_MENU,
            SNAPSHOT_MENU,
            VM_TOOLBAR,
            POOL_MENU,
            HOST_MENU,
            NETWORK_MENU,
            ORG_MENU,
        ]
        .concat()
        .into_iter()
        .filter_map(|i| match i {
            Do(a) | Hosts(a) => Some(a),
            Separator => None,
        })
        .collect();
        // The VM menu's New VM and the forms' items are drawn beside these lists.
        let beside = [
            Action::NewVm,
            Action::Xenstore,
            Action::NicSettings,
            Action::BulkNic,
            // The Storage tabs' buttons and disk menus (`crate::ui::disk_tab`).
            Action::NewDisk,
            Action::AttachDisk,
            Action::DetachDisk,
            Action::DeleteDisk,
            Action::ResizeDisk,
            Action::MoveDisk,
            Action::DiskProperties,
            Action::ExportDisk,
            Action::RescanSr,
            Action::RepairSr,
            Action::DetachSr,
            Action::ForgetSr,
            Action::DestroySr,
            Action::SetDefaultSr,
            Action::SrProperties,
            Action::AddDiskToSr,
            Action::ReattachSr,
        ];
        for a in Action::all() {
            assert!(
                placed.contains(&a) || beside.contains(&a) || a.shortcut().is_some(),
                "{a:?} is in no menu and has no shortcut"
            );
        }
    }
}
