//! Whether a session may make the edits XenPilot offers, from what xapi says of it after
//! login: the local superuser may do anything; anyone else needs the RBAC permissions of the
//! calls the forms make (xapi names a permission after its call, lower-cased, and may append
//! `/key:…` for map keys).

/// The calls behind XenPilot's edits: NIC settings, xenstore-data, VM power operations.
pub const EDIT_CALLS: &[&str] = &[
    "vif.add_to_other_config",
    "pif.add_to_other_config",
    "vm.add_to_xenstore_data",
    "vm.start",
];

/// True when `permissions` allow at least one of [`EDIT_CALLS`] (a read-only role has none).
pub fn can_edit(is_local_superuser: bool, permissions: &[String]) -> bool {
    is_local_superuser
        || permissions.iter().any(|p| {
            let p = p.to_ascii_lowercase();
            let call = p.split('/').next().unwrap_or_default();
            EDIT_CALLS.contains(&call)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn perms(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn superuser_and_operator_roles_edit_read_only_does_not() {
        assert!(can_edit(true, &[]));
        assert!(!can_edit(false, &[]));
        assert!(!can_edit(
            false,
            &perms(&["vm.get_record", "vif.get_other_config", "event.from"])
        ));
        assert!(
            can_edit(false, &perms(&["VM.start"])),
            "case does not matter"
        );
        assert!(can_edit(
            false,
            &perms(&["vif.add_to_other_config/key:ethtool-tx"])
        ));
        assert!(!can_edit(false, &perms(&["vif.add_to_other_configx"])));
    }
}
