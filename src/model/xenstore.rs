//! The VM xenstore-data form. Only `vm-data/…` keys reach the guest (xenopsd keeps `vm-data/`
//! and `FIST/` and silently drops the rest), so new and edited keys must start with
//! `vm-data/`. Keys the form does not edit (the bare `vm-data` key real VMs carry, `FIST/…`,
//! anything else already there) are kept exactly as they are.

use super::edit::{ConflictRule, EditPlan, diff};
use xenapi::records::StringMap;

pub const PREFIX: &str = "vm-data/";

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    pub key: String,
    pub value: String,
    /// The user left the row's fields (or tried to apply): an incomplete key is an error from
    /// then on, not work in progress.
    pub left: bool,
}

impl Row {
    pub fn new(key: &str, value: &str) -> Row {
        Row {
            key: key.into(),
            value: value.into(),
            left: false,
        }
    }

    /// A key still being typed: no more than the prefix yet ("", "vm-", "vm-data/"), or a
    /// path ending in `/`. It becomes an error once the row is left.
    pub fn incomplete(&self) -> bool {
        let k = self.key.as_str();
        PREFIX.starts_with(k) || (k.starts_with(PREFIX) && k.ends_with('/'))
    }

    /// Incomplete and still being edited: Apply waits, nothing is called an error.
    pub fn in_progress(&self) -> bool {
        self.incomplete() && !self.left
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The key has no name after `vm-data/` (or is not even that far).
    KeyEmpty(String),
    /// The key does not start with `vm-data/`, or ends with `/`.
    KeyPrefix(String),
    /// The key contains whitespace or a control character.
    KeyCharacters(String),
    /// Two rows have the same key, or a row repeats a kept key.
    DuplicateKey(String),
    /// The value contains a control character.
    ValueControl(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct XenstoreForm {
    pub vm_ref: String,
    pub uuid: String,
    /// xenstore_data when the form opened.
    pub original: StringMap,
    /// Running: applied with `VM.set_xenstore_data`, which also reaches the guest.
    pub running: bool,
    pub rows: Vec<Row>,
}

fn editable(key: &str) -> bool {
    key.starts_with(PREFIX)
}

impl XenstoreForm {
    pub fn new(vm_ref: &str, uuid: &str, xenstore_data: &StringMap, running: bool) -> Self {
        XenstoreForm {
            vm_ref: vm_ref.into(),
            uuid: uuid.into(),
            original: xenstore_data.clone(),
            running,
            rows: xenstore_data
                .iter()
                .filter(|(k, _)| editable(k))
                .map(|(k, v)| Row::new(k, v))
                .collect(),
        }
    }

    /// Keys shown read-only and kept untouched.
    pub fn kept(&self) -> impl Iterator<Item = (&String, &String)> {
        self.original.iter().filter(|(k, _)| !editable(k))
    }

    /// Problems by row index.
    pub fn problems(&self) -> Vec<(usize, Problem)> {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, r) in self.rows.iter().enumerate() {
            let k = r.key.as_str();
            if k.chars().any(|c| c.is_control() || c.is_whitespace()) {
                out.push((i, Problem::KeyCharacters(k.into())));
            } else if PREFIX.starts_with(k) {
                out.push((i, Problem::KeyEmpty(k.into())));
            } else if !k.starts_with(PREFIX) || k.len() == PREFIX.len() || k.ends_with('/') {
                out.push((i, Problem::KeyPrefix(k.into())));
            } else if !seen.insert(k) || (self.original.contains_key(k) && !editable(k)) {
                out.push((i, Problem::DuplicateKey(k.into())));
            }
            if r.value.chars().any(char::is_control) {
                out.push((i, Problem::ValueControl(k.into())));
            }
        }
        out
    }

    /// The problems to show: a row still in progress is not called wrong yet.
    pub fn shown_problems(&self) -> Vec<(usize, Problem)> {
        let mut p = self.problems();
        p.retain(|(i, _)| !self.rows.get(*i).is_some_and(Row::in_progress));
        p
    }

    /// Apply waits only for rows still being typed (a neutral hint, not an error).
    pub fn only_in_progress(&self) -> bool {
        self.rows.iter().any(Row::in_progress) && self.shown_problems().is_empty()
    }

    /// Focus left row `i`'s fields.
    pub fn leave(&mut self, i: usize) {
        if let Some(r) = self.rows.get_mut(i) {
            r.left = true;
        }
    }

    /// Apply was attempted: every incomplete row is now an error.
    pub fn leave_all(&mut self) {
        for r in &mut self.rows {
            r.left = true;
        }
    }

    /// Anything differs from what the form opened with (closing asks first).
    pub fn dirty(&self) -> bool {
        self.desired() != self.original
    }

    pub fn desired(&self) -> StringMap {
        let mut m: StringMap = self.kept().map(|(k, v)| (k.clone(), v.clone())).collect();
        for r in &self.rows {
            m.insert(r.key.clone(), r.value.clone());
        }
        m
    }

    /// The calls; `Err` while any row is invalid. The whole map must be unchanged on the
    /// server when it is applied, or the edit is refused as a conflict.
    pub fn plan(&self) -> Result<EditPlan, Vec<(usize, Problem)>> {
        let problems = self.problems();
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(EditPlan {
            class: "VM",
            object_ref: self.vm_ref.clone(),
            uuid: self.uuid.clone(),
            field: "xenstore_data",
            changes: diff(&self.original, &self.desired()),
            original: self.original.clone(),
            rule: ConflictRule::WholeMap,
            live_xenstore: self.running,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::KeyChange;

    fn m(pairs: &[(&str, &str)]) -> StringMap {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn row(k: &str, v: &str) -> Row {
        Row {
            left: true,
            ..Row::new(k, v)
        }
    }

    #[test]
    fn the_bare_vm_data_key_and_others_are_kept_untouched() {
        let orig = m(&[
            ("vm-data", ""),
            ("vm-data/a", "1"),
            ("FIST/x", "y"),
            ("legacy", "z"),
        ]);
        let mut f = XenstoreForm::new("r", "u", &orig, false);
        assert_eq!(f.rows, [Row::new("vm-data/a", "1")]);
        assert_eq!(f.kept().count(), 3);
        f.rows.clear();
        let p = f.plan().unwrap();
        assert_eq!(
            p.changes,
            [KeyChange::Remove {
                key: "vm-data/a".into()
            }]
        );
        assert_eq!(p.rule, ConflictRule::WholeMap);
    }

    #[test]
    fn keys_outside_vm_data_are_refused() {
        let mut f = XenstoreForm::new("r", "u", &m(&[]), false);
        f.rows = vec![
            row("vm-data/ok", "fine"),
            row("foo", "bar"),
            row("vm-data/", "x"),
            row("vm-data", "x"),
            row("vm-data/a b", "x"),
            row("vm-data/ok", "dup"),
            row("vm-data/ctl", "a\nb"),
        ];
        let p = f.problems();
        assert_eq!(
            p,
            [
                (1, Problem::KeyPrefix("foo".into())),
                (2, Problem::KeyEmpty("vm-data/".into())),
                (3, Problem::KeyEmpty("vm-data".into())),
                (4, Problem::KeyCharacters("vm-data/a b".into())),
                (5, Problem::DuplicateKey("vm-data/ok".into())),
                (6, Problem::ValueControl("vm-data/ctl".into())),
            ]
        );
        assert!(f.plan().is_err(), "nothing invalid is planned");
    }

    #[test]
    fn a_new_row_is_incomplete_until_left() {
        let mut f = XenstoreForm::new("r", "u", &m(&[("vm-data/a", "1")]), false);
        assert!(!f.dirty());
        f.rows.push(Row::new(PREFIX, ""));
        assert!(f.dirty(), "an added row is a change");
        assert!(f.plan().is_err(), "Apply waits");
        assert!(f.shown_problems().is_empty(), "but nothing is called wrong");
        assert!(f.only_in_progress());
        for partial in ["", "vm", "vm-data", "vm-data/x/"] {
            f.rows[1].key = partial.into();
            assert!(f.shown_problems().is_empty(), "{partial:?}");
        }
        // Not a prefix of anything valid: wrong at once.
        f.rows[1].key = "foo".into();
        assert_eq!(f.shown_problems(), [(1, Problem::KeyPrefix("foo".into()))]);
        assert!(!f.only_in_progress());
        // Left with the bare prefix: now an error.
        f.rows[1].key = PREFIX.into();
        f.leave(1);
        assert_eq!(f.shown_problems(), [(1, Problem::KeyEmpty(PREFIX.into()))]);
        assert!(!f.only_in_progress());
        // Or Apply attempted with it.
        f.rows.push(Row::new("vm-", ""));
        f.leave_all();
        assert_eq!(f.shown_problems().len(), 2);
        f.rows.truncate(1);
        f.rows[0].value = "2".into();
        assert!(f.plan().is_ok());
    }

    #[test]
    fn running_vms_use_set_xenstore_data() {
        let mut f = XenstoreForm::new("r", "u", &m(&[("vm-data", "")]), true);
        f.rows.push(row("vm-data/foo", "bar"));
        let p = f.plan().unwrap();
        assert!(p.live_xenstore);
        let calls = p.wire_calls();
        assert_eq!(calls[0].0, "VM.set_xenstore_data");
        assert_eq!(
            calls[0].1[1],
            serde_json::json!({"vm-data": "", "vm-data/foo": "bar"})
        );
        f.running = false;
        let calls = f.plan().unwrap().wire_calls();
        assert_eq!(calls[0].0, "VM.add_to_xenstore_data");
        assert_eq!(
            p.xe_commands(),
            ["xe vm-param-set uuid=u xenstore-data:vm-data/foo=bar"]
        );
    }
}
