//! Folders as XenCenter keeps them: an object's folder is the absolute path in its
//! `other_config["folder"]` (`/Production/Web`), and folders with nothing in them are listed
//! in the pool's `other_config["EMPTY_FOLDERS"]`, absolute paths joined by `;`. Reading is
//! XenCenter's (`Folders.PointToPath`, `GetEmptyFolders`); names the user types are cleaned up
//! as XenCenter does (`Folders.FixupRelativePath`). Writing changes only those two keys, with
//! XenCenter's calls (`Helpers.SetOtherConfig`: remove the key, then add it).

use super::vm_plans::{Arg, Plan, Step, quote};
use serde_json::Value;
use xenapi::records::StringMap;

/// The key of an object's folder in its `other_config`.
pub const FOLDER_KEY: &str = "folder";
/// The key of the pool's list of empty folders in its `other_config`.
pub const EMPTY_FOLDERS_KEY: &str = "EMPTY_FOLDERS";
const SEPARATOR: char = '/';
const EMPTY_SEPARATOR: char = ';';

/// The longest a folder name (or a tag) is shown; longer ones end in "…".
pub const SHOWN_CHARS: usize = 64;

/// A folder path's names, outermost first: split at `/`, empty names dropped (XenCenter's
/// `PointToPath`). Each name is also trimmed, as XenCenter trims the names it writes
/// (`FixupRelativePath`), so a path another tool wrote with spaces around a `/` reads as
/// the folder XenCenter would have written, and every path read is stable. Empty for no
/// folder.
pub fn segments(path: &str) -> Vec<&str> {
    path.split(SEPARATOR)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The absolute path of the first `depth` names (`/A/B`), as XenCenter names a folder.
pub fn path_of(segments: &[&str], depth: usize) -> String {
    let mut out = String::new();
    for s in &segments[..depth.min(segments.len())] {
        out.push(SEPARATOR);
        out.push_str(s);
    }
    if out.is_empty() {
        out.push(SEPARATOR);
    }
    out
}

/// The folder path an object is in (normalised), or `None` when it is in none.
pub fn folder_of(other_config: &StringMap) -> Option<String> {
    let segs = segments(other_config.get(FOLDER_KEY)?);
    (!segs.is_empty()).then(|| path_of(&segs, segs.len()))
}

/// The pool's empty folders: entries starting with `/`, sorted, others ignored.
pub fn empty_folders(pool_other_config: &StringMap) -> Vec<String> {
    let mut out: Vec<String> = pool_other_config
        .get(EMPTY_FOLDERS_KEY)
        .map(|v| {
            v.split(EMPTY_SEPARATOR)
                .filter(|s| s.starts_with(SEPARATOR))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out.dedup();
    out
}

/// A name typed by the user, cleaned up as XenCenter does: trimmed, tabs as spaces, no
/// doubled `/` nor spaces around one, no `/` at either end. Empty when nothing is left.
pub fn fixup(name: &str) -> String {
    let mut s = name.trim().replace('\t', " ");
    loop {
        let before = s.len();
        s = s.replace("//", "/").replace("/ ", "/").replace(" /", "/");
        if s.len() == before {
            break;
        }
    }
    s.trim_matches(SEPARATOR).to_string()
}

/// `child` (cleaned up) under `parent` (`/` for the top): the new folder's absolute path, or
/// `None` when the name is empty once cleaned up.
pub fn join(parent: &str, child: &str) -> Option<String> {
    let child = fixup(child);
    if child.is_empty() {
        return None;
    }
    let segs = segments(parent);
    let base = if segs.is_empty() {
        String::new()
    } else {
        path_of(&segs, segs.len())
    };
    Some(format!("{base}/{child}"))
}

/// A folder's new name as XenCenter's Rename folder accepts it (`RenameFolderCommand`'s
/// `CanRunCore`): cleaned up, not empty, and without `/` (it would move the folder) or `;`
/// (the separator of the pool's empty-folder list).
pub fn rename_name(name: &str) -> Option<String> {
    let n = fixup(name);
    (!n.is_empty() && !n.contains([SEPARATOR, ';'])).then_some(n)
}

/// The folders a New folder name makes under `parent`, as XenCenter's `NewFolderCommand`
/// reads it: `;` separates several names, each cleaned up (a `/` inside makes subfolders);
/// empty ones are skipped.
pub fn new_paths(parent: &str, names: &str) -> Vec<String> {
    let mut out: Vec<String> = names.split(';').filter_map(|n| join(parent, n)).collect();
    out.dedup();
    out
}

/// The parent of an absolute path (`/A/B` → `/A`; `/A` → `/`).
pub fn parent(path: &str) -> String {
    let segs = segments(path);
    path_of(&segs, segs.len().saturating_sub(1))
}

/// Whether `path` is `folder` or inside it.
pub fn is_within(path: &str, folder: &str) -> bool {
    let (p, f) = (segments(path), segments(folder));
    p.len() >= f.len() && p[..f.len()] == f[..]
}

/// `path` with its prefix `from` replaced by `to` (renaming or moving a folder).
pub fn rebase(path: &str, from: &str, to: &str) -> String {
    let (p, f, t) = (segments(path), segments(from), segments(to));
    if !is_within(path, from) {
        return path_of(&p, p.len());
    }
    let mut out: Vec<&str> = t;
    out.extend_from_slice(&p[f.len()..]);
    path_of(&out, out.len())
}

/// Text from a server made safe to show: control characters and invisible direction marks
/// escaped (`\n`, `\u{1b}`), cut at [`SHOWN_CHARS`] characters with an ellipsis.
pub fn shown(text: &str) -> String {
    let mut out = String::new();
    let mut n = 0;
    for c in text.chars() {
        let invisible = c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        let piece: String = if invisible {
            c.escape_unicode().collect()
        } else {
            c.to_string()
        };
        let len = piece.chars().count();
        if n + len > SHOWN_CHARS {
            out.push('…');
            break;
        }
        out.push_str(&piece);
        n += len;
    }
    out
}

/// An object a plan writes to: its class as the API spells it (`VM`, `host`, `SR`,
/// `network`, `pool`), its ref and its UUID (for the `xe` line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub class: &'static str,
    pub r: String,
    pub uuid: String,
}

impl Target {
    fn arg(&self) -> Arg {
        Arg::Value(Value::String(self.r.clone()))
    }

    fn xe_class(&self) -> String {
        self.class.to_ascii_lowercase()
    }
}

fn text(s: &str) -> Arg {
    Arg::Value(Value::String(s.into()))
}

/// Sets one `other_config` key as XenCenter does (remove it, add it), leaving the others.
pub fn set_other_config(plan: &mut Plan, t: &Target, key: &str, value: &str) {
    plan.steps.push(Step::call(
        &format!("{}.remove_from_other_config", t.class),
        vec![t.arg(), text(key)],
    ));
    plan.steps.push(Step::call(
        &format!("{}.add_to_other_config", t.class),
        vec![t.arg(), text(key), text(value)],
    ));
    plan.xe.push(format!(
        "xe {}-param-set uuid={} other-config:{}={}",
        t.xe_class(),
        t.uuid,
        quote(key),
        quote(value)
    ));
}

/// Removes one `other_config` key.
pub fn remove_other_config(plan: &mut Plan, t: &Target, key: &str) {
    plan.steps.push(Step::call(
        &format!("{}.remove_from_other_config", t.class),
        vec![t.arg(), text(key)],
    ));
    plan.xe.push(format!(
        "xe {}-param-remove uuid={} param-name=other-config param-key={}",
        t.xe_class(),
        t.uuid,
        quote(key)
    ));
}

/// Puts an object in `folder` (an absolute path), or in none with `None`.
pub fn move_plan(t: &Target, folder: Option<&str>) -> Plan {
    let mut plan = Plan::default();
    match folder.map(segments).filter(|s| !s.is_empty()) {
        Some(segs) => set_other_config(&mut plan, t, FOLDER_KEY, &path_of(&segs, segs.len())),
        None => remove_other_config(&mut plan, t, FOLDER_KEY),
    }
    plan
}

/// Writes the pool's empty-folder list (XenCenter's `SetEmptyFolders`: the whole list under
/// its one key, the pool's other keys untouched).
pub fn empty_folders_plan(pool: &Target, folders: &[String]) -> Plan {
    let mut plan = Plan::default();
    let joined = folders.join(&EMPTY_SEPARATOR.to_string());
    set_other_config(&mut plan, pool, EMPTY_FOLDERS_KEY, &joined);
    plan
}

/// The empty-folder list with `add` put in and `remove` (and folders inside them) taken out;
/// `None` when it does not change.
pub fn edit_empty_list(
    current: &[String],
    add: &[String],
    remove: &[String],
) -> Option<Vec<String>> {
    let mut out: Vec<String> = current
        .iter()
        .filter(|p| !remove.iter().any(|r| is_within(p, r)))
        .cloned()
        .collect();
    for a in add {
        if !out.contains(a) {
            out.push(a.clone());
        }
    }
    out.sort();
    let mut was = current.to_vec();
    was.sort();
    (out != was).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn map(k: &str, v: &str) -> StringMap {
        StringMap::from([(k.to_string(), v.to_string())])
    }

    #[test]
    fn paths_read_as_xencenter_reads_them() {
        assert_eq!(segments("/A/B"), ["A", "B"]);
        assert_eq!(segments("  //A///B/ "), ["A", "B"]);
        assert_eq!(segments("/A / B /"), ["A", "B"], "names trimmed");
        assert_eq!(segments("A/B"), ["A", "B"], "no leading slash");
        assert!(segments("").is_empty() && segments(" / ").is_empty());
        assert_eq!(
            folder_of(&map("folder", "//Prod//Web/")),
            Some("/Prod/Web".into())
        );
        assert_eq!(folder_of(&map("folder", "/")), None);
        assert_eq!(folder_of(&map("other", "/A")), None);
    }

    #[test]
    fn the_empty_list_ignores_entries_without_a_leading_slash() {
        let pool = map("EMPTY_FOLDERS", "/B;junk;/A;;/A/C");
        assert_eq!(empty_folders(&pool), ["/A", "/A/C", "/B"]);
        assert!(empty_folders(&map("EMPTY_FOLDERS", "")).is_empty());
    }

    #[test]
    fn typed_names_are_cleaned_up_as_xencenter_does() {
        assert_eq!(fixup("  a / b//c\t"), "a/b/c");
        assert_eq!(fixup("///"), "");
        assert_eq!(join("/", " Web "), Some("/Web".into()));
        assert_eq!(join("/Prod", "Web/ DB"), Some("/Prod/Web/DB".into()));
        assert_eq!(join("/Prod", " / "), None);
    }

    #[test]
    fn folders_rebase_under_a_new_name() {
        assert_eq!(rebase("/A/B/C", "/A/B", "/X"), "/X/C");
        assert_eq!(
            rebase("/A/Bee", "/A/B", "/X"),
            "/A/Bee",
            "a name prefix is no folder"
        );
        assert!(is_within("/A/B", "/A") && !is_within("/AB", "/A"));
        assert_eq!(parent("/A/B"), "/A");
        assert_eq!(parent("/A"), "/");
    }

    #[test]
    fn bad_text_is_escaped_and_cut() {
        assert_eq!(shown("a\nb\u{1b}"), "a\\u{a}b\\u{1b}");
        let long = "x".repeat(10_000);
        let s = shown(&long);
        assert_eq!(s.chars().count(), SHOWN_CHARS + 1);
        assert!(shown(&"\u{7}".repeat(100)).chars().count() <= SHOWN_CHARS + 1);
        assert!(s.ends_with('…'));
    }

    #[test]
    fn a_move_writes_only_the_folder_key_as_xencenter_does() {
        let t = Target {
            class: "VM",
            r: "OpaqueRef:1".into(),
            uuid: "u1".into(),
        };
        let p = move_plan(&t, Some("//Prod/Web "));
        let methods: Vec<&str> = p.steps.iter().map(|s| s.method.as_str()).collect();
        assert_eq!(
            methods,
            ["VM.remove_from_other_config", "VM.add_to_other_config"]
        );
        assert_eq!(p.steps[1].args[2], text("/Prod/Web"));
        assert_eq!(
            p.xe,
            ["xe vm-param-set uuid=u1 other-config:folder=/Prod/Web"]
        );
        let out = move_plan(&t, None);
        assert_eq!(out.steps.len(), 1);
        assert_eq!(
            out.xe,
            ["xe vm-param-remove uuid=u1 param-name=other-config param-key=folder"]
        );
    }

    #[test]
    fn the_empty_list_changes_only_when_it_must() {
        let cur = vec!["/A".to_string(), "/A/B".to_string()];
        assert_eq!(edit_empty_list(&cur, &["/A".into()], &[]), None);
        assert_eq!(
            edit_empty_list(&cur, &["/C".into()], &["/A".into()]),
            Some(vec!["/C".to_string()])
        );
    }

    proptest! {
        /// Whatever another tool wrote, reading never panics, and the path read is a
        /// fixed point: writing it back and reading again gives the same folder.
        #[test]
        fn any_folder_value_reads_to_a_stable_path(raw in any::<String>()) {
            let oc = map(FOLDER_KEY, &raw);
            if let Some(p) = folder_of(&oc) {
                prop_assert!(p.starts_with('/'));
                prop_assert!(!p.contains("//"));
                prop_assert_eq!(folder_of(&map(FOLDER_KEY, &p)), Some(p.clone()));
                prop_assert!(is_within(&p, &parent(&p)));
                let s = shown(&p);
                prop_assert!(s.chars().count() <= SHOWN_CHARS + 1);
                prop_assert!(!s.chars().any(char::is_control));
            }
        }

        #[test]
        fn segments_never_hold_the_separator_or_nothing(raw in "[ a/b\\t]{0,40}") {
            for s in segments(&raw) {
                prop_assert!(!s.is_empty() && !s.contains('/'));
            }
        }

        #[test]
        fn fixup_is_idempotent(raw in "[ a/b\\t]{0,40}") {
            let once = fixup(&raw);
            prop_assert_eq!(fixup(&once), once.clone());
            prop_assert!(!once.contains("//") && !once.starts_with('/') && !once.ends_with('/'));
        }

        #[test]
        fn rebasing_keeps_the_part_below(a in "[a-c]{1,3}(/[a-c]{1,3}){0,3}", b in "[x-z]{1,3}") {
            let path = format!("/{a}");
            let from = parent(&path);
            let to = format!("/{b}");
            let moved = rebase(&path, &from, &to);
            let last = segments(&path).last().map(|s| s.to_string()).unwrap_or_default();
            prop_assert!(moved.ends_with(&last));
            prop_assert!(is_within(&moved, &to));
        }
    }

    #[test]
    fn a_rename_refuses_a_slash_or_semicolon_as_xencenter_does() {
        assert_eq!(rename_name(" Web "), Some("Web".into()));
        assert_eq!(
            rename_name("/Web/"),
            Some("Web".into()),
            "trimmed like FixupRelativePath"
        );
        assert_eq!(rename_name("Prod/Web"), None);
        assert_eq!(rename_name("a;b"), None);
        assert_eq!(rename_name(" / "), None);
    }

    #[test]
    fn new_folder_names_split_on_semicolons() {
        assert_eq!(new_paths("/", "A;B/C; ;"), vec!["/A", "/B/C"]);
        assert_eq!(new_paths("/P", "X"), vec!["/P/X"]);
        assert!(new_paths("/", " ; ").is_empty());
    }
}
