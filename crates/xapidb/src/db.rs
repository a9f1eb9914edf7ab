//! The demo server's in-memory database: tables of rows, a generation counter, and the change
//! log `event.from` reads, with xapi's rules (one-to-many sets maintained from the child side,
//! `mod` events for the parents of a changed link, a bounded memory of deletions).

use super::schema::{RELATIONS, Relation};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, VecDeque};

/// How many deletions are remembered, and what the log is trimmed to (xapi: 512 → 256).
const DELETED_CAP: usize = 512;
const DELETED_TRIM: usize = 256;

#[derive(Debug, Clone)]
pub struct Row {
    pub fields: Map<String, Value>,
    pub ctime: u64,
    pub mtime: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Ordered by ref so `get_all` answers are stable.
    pub rows: BTreeMap<String, Row>,
}

/// One change `event.from` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The generation of the change (the event's `id`).
    pub id: u64,
    pub class: String,
    pub reference: String,
    pub operation: &'static str,
    pub snapshot: Option<Value>,
}

#[derive(Debug, Default, Clone)]
pub struct Db {
    tables: BTreeMap<String, Table>,
    /// Lower-case class name → datamodel name.
    lower: HashMap<String, String>,
    generation: u64,
    /// Generation of each live row's last change → (class, ref).
    changes: BTreeMap<u64, (String, String)>,
    /// (generation, class, ref) of recent deletions.
    deleted: VecDeque<(u64, String, String)>,
}

impl Db {
    pub fn new() -> Db {
        Db::default()
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Creates an empty table (so `get_all` on it answers `[]`).
    pub fn ensure_table(&mut self, class: &str) -> &mut Table {
        self.lower
            .entry(class.to_ascii_lowercase())
            .or_insert_with(|| class.to_string());
        self.tables.entry(class.to_string()).or_default()
    }

    /// The datamodel spelling of a class given in any case (`vm` → `VM`).
    pub fn canonical_class(&self, class: &str) -> Option<&str> {
        if self.tables.contains_key(class) {
            return self.tables.get_key_value(class).map(|(k, _)| k.as_str());
        }
        self.lower
            .get(&class.to_ascii_lowercase())
            .map(String::as_str)
    }

    pub fn has_table(&self, class: &str) -> bool {
        self.tables.contains_key(class)
    }

    pub fn table(&self, class: &str) -> Option<&Table> {
        self.tables.get(class)
    }

    pub fn tables(&self) -> impl Iterator<Item = (&String, &Table)> {
        self.tables.iter()
    }

    pub fn get(&self, class: &str, r: &str) -> Option<&Row> {
        self.tables.get(class)?.rows.get(r)
    }

    pub fn field(&self, class: &str, r: &str, field: &str) -> Option<&Value> {
        self.get(class, r)?.fields.get(field)
    }

    pub fn count(&self, class: &str) -> usize {
        self.tables.get(class).map_or(0, |t| t.rows.len())
    }

    /// The record as clients see it: its fields (the ref is the key, not a field).
    pub fn record(&self, class: &str, r: &str) -> Option<Value> {
        self.get(class, r)
            .map(|row| Value::Object(row.fields.clone()))
    }

    fn bump(&mut self) -> u64 {
        self.generation += 1;
        self.generation
    }

    fn touch_gen(&mut self, class: &str, r: &str, generation: u64) {
        let Some(row) = self.tables.get_mut(class).and_then(|t| t.rows.get_mut(r)) else {
            return;
        };
        self.changes.remove(&row.mtime);
        row.mtime = generation;
        self.changes
            .insert(generation, (class.to_string(), r.to_string()));
    }

    /// Marks a row changed (a `mod` event) without changing it, as `event.inject` does.
    pub fn touch(&mut self, class: &str, r: &str) -> Option<u64> {
        self.get(class, r)?;
        let g = self.bump();
        self.touch_gen(class, r, g);
        Some(g)
    }

    /// Adds a row. One-to-many sets of its parents gain it (and those parents get `mod`s).
    pub fn insert(&mut self, class: &str, r: &str, fields: Map<String, Value>) {
        self.insert_inner(class, r, fields, true)
    }

    /// Adds a row without maintaining relations: for loaders that rebuild them afterwards.
    pub fn insert_raw(&mut self, class: &str, r: &str, fields: Map<String, Value>) {
        self.insert_inner(class, r, fields, false)
    }

    fn insert_inner(&mut self, class: &str, r: &str, fields: Map<String, Value>, link: bool) {
        let g = self.bump();
        if let Some(old) = self.tables.get(class).and_then(|t| t.rows.get(r)) {
            self.changes.remove(&old.mtime);
        }
        self.ensure_table(class).rows.insert(
            r.to_string(),
            Row {
                fields,
                ctime: g,
                mtime: g,
            },
        );
        self.changes.insert(g, (class.to_string(), r.to_string()));
        if link {
            for rel in relations_of_child(class) {
                if let Some(parent) = self.ref_field(class, r, rel.child_field) {
                    self.link(rel, &parent, r, true);
                }
            }
        }
    }

    fn ref_field(&self, class: &str, r: &str, field: &str) -> Option<String> {
        match self.field(class, r, field)? {
            Value::String(s) if !s.is_empty() && s != "OpaqueRef:NULL" => Some(s.clone()),
            _ => None,
        }
    }

    /// Adds (or removes) `child` in `parent.parent_field` and marks the parent changed.
    fn link(&mut self, rel: &Relation, parent: &str, child: &str, add: bool) {
        let Some(row) = self
            .tables
            .get_mut(rel.parent)
            .and_then(|t| t.rows.get_mut(parent))
        else {
            return;
        };
        let set = row
            .fields
            .entry(rel.parent_field)
            .or_insert_with(|| Value::Array(Vec::new()));
        if !set.is_array() {
            *set = Value::Array(Vec::new());
        }
        let Value::Array(items) = set else { return };
        let pos = items.iter().position(|v| v.as_str() == Some(child));
        match (add, pos) {
            (true, None) => items.push(Value::String(child.to_string())),
            (false, Some(i)) => {
                items.remove(i);
            }
            _ => return,
        }
        let g = self.bump();
        self.touch_gen(rel.parent, parent, g);
    }

    /// Sets one field. Relation fields move the row between parents' sets.
    pub fn set_field(&mut self, class: &str, r: &str, field: &str, value: Value) -> bool {
        if self.get(class, r).is_none() {
            return false;
        }
        let rels: Vec<&Relation> = relations_of_child(class)
            .filter(|rel| rel.child_field == field)
            .collect();
        for rel in &rels {
            if let Some(old) = self.ref_field(class, r, field) {
                self.link(rel, &old, r, false);
            }
        }
        if let Some(row) = self.tables.get_mut(class).and_then(|t| t.rows.get_mut(r)) {
            row.fields.insert(field.to_string(), value);
        }
        let g = self.bump();
        self.touch_gen(class, r, g);
        for rel in &rels {
            if let Some(new) = self.ref_field(class, r, field) {
                self.link(rel, &new, r, true);
            }
        }
        true
    }

    /// Changes a row's fields in place with `f`, as one change.
    pub fn update(
        &mut self,
        class: &str,
        r: &str,
        f: impl FnOnce(&mut Map<String, Value>),
    ) -> bool {
        let Some(row) = self.tables.get_mut(class).and_then(|t| t.rows.get_mut(r)) else {
            return false;
        };
        f(&mut row.fields);
        let g = self.bump();
        self.touch_gen(class, r, g);
        true
    }

    /// Removes a row, unlinks it from its parents and remembers the deletion.
    pub fn delete(&mut self, class: &str, r: &str) -> bool {
        self.delete_inner(class, r, true)
    }

    /// Removes a row and forgets it was there: the lost-`del` case a client must survive
    /// (xapi's bounded deletion log), for tests.
    pub fn delete_silently(&mut self, class: &str, r: &str) -> bool {
        self.delete_inner(class, r, false)
    }

    fn delete_inner(&mut self, class: &str, r: &str, remember: bool) -> bool {
        for rel in relations_of_child(class) {
            if let Some(parent) = self.ref_field(class, r, rel.child_field) {
                self.link(rel, &parent, r, false);
            }
        }
        let Some(row) = self.tables.get_mut(class).and_then(|t| t.rows.remove(r)) else {
            return false;
        };
        self.changes.remove(&row.mtime);
        let g = self.bump();
        if remember {
            self.deleted
                .push_back((g, class.to_string(), r.to_string()));
            if self.deleted.len() > DELETED_CAP {
                let drop = self.deleted.len() - DELETED_TRIM;
                self.deleted.drain(..drop);
            }
        }
        true
    }

    /// Recomputes every one-to-many set from the child rows (after loading a dump, whose old
    /// schemas omit these sets).
    pub fn rebuild_relations(&mut self) {
        for rel in RELATIONS {
            if !self.tables.contains_key(rel.child) || !self.tables.contains_key(rel.parent) {
                continue;
            }
            let mut sets: HashMap<String, Vec<Value>> = HashMap::new();
            for (r, row) in &self.tables[rel.child].rows {
                if let Some(Value::String(p)) = row.fields.get(rel.child_field)
                    && !p.is_empty()
                    && p != "OpaqueRef:NULL"
                {
                    sets.entry(p.clone())
                        .or_default()
                        .push(Value::String(r.clone()));
                }
            }
            if let Some(parents) = self.tables.get_mut(rel.parent) {
                for (r, row) in parents.rows.iter_mut() {
                    let set = sets.remove(r).unwrap_or_default();
                    row.fields
                        .insert(rel.parent_field.to_string(), Value::Array(set));
                }
            }
        }
    }

    /// Whether a row of one of `classes` (datamodel names) changed, appeared or was deleted
    /// after generation `since`: lets a caller redo derived fields only when their inputs moved.
    pub fn touched_since(&self, since: u64, classes: &[&str]) -> bool {
        let after = (std::ops::Bound::Excluded(since), std::ops::Bound::Unbounded);
        self.changes
            .range(after)
            .any(|(_, (c, _))| classes.contains(&c.as_str()))
            || self
                .deleted
                .iter()
                .rev()
                .take_while(|(g, _, _)| *g > since)
                .any(|(_, c, _)| classes.contains(&c.as_str()))
    }

    /// Every change after generation `since` in the subscribed classes, oldest first, plus the
    /// deletions still remembered. `subscribed` takes a lower-case class and a ref.
    pub fn changes_since(
        &self,
        since: u64,
        subscribed: impl Fn(&str, &str) -> bool,
    ) -> Vec<Change> {
        let mut out = Vec::new();
        // `since` comes from a client's token: any u64, u64::MAX included.
        let after = (std::ops::Bound::Excluded(since), std::ops::Bound::Unbounded);
        for (g, (class, r)) in self.changes.range(after) {
            if !subscribed(&class.to_ascii_lowercase(), r) {
                continue;
            }
            let Some(row) = self.get(class, r) else {
                continue;
            };
            out.push(Change {
                id: *g,
                class: class.to_ascii_lowercase(),
                reference: r.clone(),
                operation: if row.ctime > since { "add" } else { "mod" },
                snapshot: Some(Value::Object(row.fields.clone())),
            });
        }
        for (g, class, r) in &self.deleted {
            if *g > since && subscribed(&class.to_ascii_lowercase(), r) {
                out.push(Change {
                    id: *g,
                    class: class.to_ascii_lowercase(),
                    reference: r.clone(),
                    operation: "del",
                    snapshot: None,
                });
            }
        }
        out
    }

    /// Rows per table, lower-case names, as `valid_ref_counts`.
    pub fn ref_counts(&self) -> Map<String, Value> {
        self.tables
            .iter()
            .map(|(k, t)| (k.to_ascii_lowercase(), Value::from(t.rows.len())))
            .collect()
    }

    /// Finds a row by uuid.
    pub fn by_uuid(&self, class: &str, uuid: &str) -> Option<&str> {
        self.tables.get(class)?.rows.iter().find_map(|(r, row)| {
            (row.fields.get("uuid").and_then(Value::as_str) == Some(uuid)).then_some(r.as_str())
        })
    }
}

fn relations_of_child(class: &str) -> impl Iterator<Item = &'static Relation> + '_ {
    RELATIONS.iter().filter(move |r| r.child == class)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn children_are_linked_and_unlinked_with_parent_events() {
        let mut db = Db::new();
        db.insert("VM", "vm1", obj(json!({"uuid": "u1", "VIFs": []})));
        let g = db.generation();
        db.insert("VIF", "vif1", obj(json!({"uuid": "v1", "VM": "vm1"})));
        assert_eq!(db.field("VM", "vm1", "VIFs"), Some(&json!(["vif1"])));
        let ch = db.changes_since(g, |_, _| true);
        let kinds: Vec<_> = ch.iter().map(|c| (c.class.as_str(), c.operation)).collect();
        assert_eq!(kinds, vec![("vif", "add"), ("vm", "mod")]);
        let g = db.generation();
        db.delete("VIF", "vif1");
        assert_eq!(db.field("VM", "vm1", "VIFs"), Some(&json!([])));
        let ch = db.changes_since(g, |_, _| true);
        assert!(
            ch.iter()
                .any(|c| c.operation == "del" && c.reference == "vif1")
        );
        assert!(
            ch.iter()
                .any(|c| c.operation == "mod" && c.reference == "vm1")
        );
    }

    #[test]
    fn deletion_memory_is_bounded_like_xapi() {
        let mut db = Db::new();
        for i in 0..600 {
            db.insert("VM", &format!("r{i}"), Map::new());
        }
        for i in 0..600 {
            db.delete("VM", &format!("r{i}"));
        }
        let dels = db.changes_since(0, |_, _| true);
        assert!(dels.len() <= DELETED_CAP && dels.len() >= DELETED_TRIM);
    }

    #[test]
    fn a_changed_row_is_reported_once_at_its_latest_generation() {
        let mut db = Db::new();
        db.insert("VM", "a", Map::new());
        let g = db.generation();
        db.set_field("VM", "a", "name_label", json!("x"));
        db.set_field("VM", "a", "name_label", json!("y"));
        let ch = db.changes_since(g, |_, _| true);
        assert_eq!(ch.len(), 1);
        assert_eq!(ch[0].snapshot.as_ref().unwrap()["name_label"], "y");
        assert_eq!(ch[0].operation, "mod");
    }

    #[test]
    fn touched_since_names_changed_inserted_and_deleted_classes() {
        let mut db = Db::new();
        db.insert("SR", "sr", Map::new());
        db.insert("VM", "vm", Map::new());
        let g = db.generation();
        assert!(!db.touched_since(g, &["SR", "VM"]));
        db.set_field("VM", "vm", "name_label", json!("x"));
        assert!(!db.touched_since(g, &["SR", "PBD"]));
        assert!(db.touched_since(g, &["VM"]));
        let g = db.generation();
        db.insert("PBD", "pbd", Map::new());
        assert!(db.touched_since(g, &["PBD"]));
        let g = db.generation();
        db.delete("PBD", "pbd");
        assert!(db.touched_since(g, &["PBD"]));
        assert!(!db.touched_since(g, &["SR"]));
    }
}
