//! The action table's organising entries: tags, folders and custom fields (in the enum's
//! order; `table.rs` lists them in `TABLE`). Each opens a dialog
//! (`crate::ui::org_dialog`) that shows the calls and their `xe` lines before it sends
//! them. Roles are xapi's (`map_keys_roles` of each class's `other_config`): tags,
//! `other_config:folder`, `XenCenter.CustomFields.*` and the pool's `EMPTY_FOLDERS` list
//! (new, renamed and deleted folders) are a VM operator's.

use super::table::app;
use super::{Action, Def, Role, Run, Scope, When};

const fn org(
    action: Action,
    label: &'static str,
    tip: &'static str,
    scope: Scope,
    role: Role,
    permission: &'static str,
) -> Def {
    Def {
        tip: Some(tip),
        while_typing: false,
        scope,
        when: When::Always,
        writes: true,
        role,
        permission: Some(permission),
        opens_window: true,
        run: Run::Dialog,
        ..app(action, label, None, |_| None)
    }
}

/// Adds and removes tags on the selection (one `add_tags`/`remove_tags` per change).
pub const EDIT_TAGS: Def = org(
    Action::EditTags,
    "menu-edit-tags",
    "tip-edit-tags",
    Scope::Tagged,
    Role::VmOperator,
    "vm.add_tags",
);

/// Puts the selection in a folder (keyboard users' drag and drop).
pub const MOVE_TO_FOLDER: Def = org(
    Action::MoveToFolder,
    "menu-move-to-folder",
    "tip-move-to-folder",
    Scope::Tagged,
    Role::VmOperator,
    "vm.add_to_other_config/key:folder",
);

/// One object's custom fields, and new fields for its pool.
pub const CUSTOM_FIELDS: Def = Def {
    when: When::One,
    ..org(
        Action::CustomFields,
        "menu-custom-fields",
        "tip-custom-fields",
        Scope::Tagged,
        Role::VmOperator,
        "vm.add_to_other_config/key:xencenter.customfields.*",
    )
};

/// A folder inside the folder picked (or at the top, from a pool).
pub const NEW_FOLDER: Def = org(
    Action::NewFolder,
    "menu-new-folder",
    "tip-new-folder",
    Scope::Folder,
    Role::VmOperator,
    "pool.add_to_other_config/key:empty_folders",
);

pub const RENAME_FOLDER: Def = Def {
    when: When::One,
    ..org(
        Action::RenameFolder,
        "menu-rename-folder",
        "tip-rename-folder",
        Scope::Folder,
        Role::VmOperator,
        "pool.add_to_other_config/key:empty_folders",
    )
};

/// Deletes a folder: what it holds moves up a level; no object is deleted.
pub const DELETE_FOLDER: Def = Def {
    when: When::One,
    ..org(
        Action::DeleteFolder,
        "menu-delete-folder",
        "tip-delete-folder",
        Scope::Folder,
        Role::VmOperator,
        "pool.add_to_other_config/key:empty_folders",
    )
};

/// Renames a tag on every object of every connected pool.
pub const RENAME_TAG: Def = org(
    Action::RenameTag,
    "menu-rename-tag",
    "tip-rename-tag",
    Scope::Tag,
    Role::VmOperator,
    "vm.add_tags",
);
