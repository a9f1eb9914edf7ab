//! What an edit becomes on the wire, before anything is sent: per-key map calls (never a
//! whole-map `set_` for other_config, so keys another admin set meanwhile survive), the
//! conflict rule checked against a fresh read just before writing, and the equivalent `xe`
//! commands shown to the user.

use serde_json::Value;
use xenapi::records::StringMap;

/// One change to one key of a map field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyChange {
    Remove {
        key: String,
    },
    /// `add_to_…` after a `remove_from_…` when the key had a value (xapi has no "put").
    Put {
        key: String,
        value: String,
        existed: bool,
    },
}

impl KeyChange {
    pub fn key(&self) -> &str {
        match self {
            KeyChange::Remove { key } | KeyChange::Put { key, .. } => key,
        }
    }
}

/// How a plan is checked against the record read just before writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictRule {
    /// Refuse when any key this plan changes differs from when the form opened.
    ChangedKeys,
    /// Refuse when anything in the map differs (xenstore-data).
    WholeMap,
}

/// A planned edit of one object's map field.
#[derive(Debug, Clone, PartialEq)]
pub struct EditPlan {
    /// Datamodel class: `VIF`, `PIF` or `VM`.
    pub class: &'static str,
    pub object_ref: String,
    pub uuid: String,
    /// `other_config` or `xenstore_data`.
    pub field: &'static str,
    /// The map when the form opened.
    pub original: StringMap,
    pub changes: Vec<KeyChange>,
    pub rule: ConflictRule,
    /// Write the whole resulting map with `VM.set_xenstore_data` (running VMs: it also
    /// reaches the guest) instead of per-key calls.
    pub live_xenstore: bool,
}

/// The map changed under the user; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Keys whose value differs from when the form opened.
    pub keys: Vec<String>,
}

/// Per-key changes turning `original` into `desired` (keys absent in both are untouched).
pub fn diff(original: &StringMap, desired: &StringMap) -> Vec<KeyChange> {
    let mut out = Vec::new();
    for (k, v) in original {
        if !desired.contains_key(k) {
            out.push(KeyChange::Remove { key: k.clone() });
        } else if desired[k] != *v {
            out.push(KeyChange::Put {
                key: k.clone(),
                value: desired[k].clone(),
                existed: true,
            });
        }
    }
    for (k, v) in desired {
        if !original.contains_key(k) {
            out.push(KeyChange::Put {
                key: k.clone(),
                value: v.clone(),
                existed: false,
            });
        }
    }
    out
}

/// `xe` quoting: bare when safe, else double quotes with `\` escapes.
pub(crate) fn quote(s: &str) -> String {
    let safe = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@+,".contains(c));
    if safe {
        s.to_string()
    } else {
        let escaped = s
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('$', "\\$");
        format!("\"{escaped}\"")
    }
}

impl EditPlan {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The map the object should hold afterwards, starting from `base`.
    pub fn result_on(&self, base: &StringMap) -> StringMap {
        let mut m = base.clone();
        for c in &self.changes {
            match c {
                KeyChange::Remove { key } => {
                    m.remove(key);
                }
                KeyChange::Put { key, value, .. } => {
                    m.insert(key.clone(), value.clone());
                }
            }
        }
        m
    }

    /// Compares the freshly read map with the one the form started from.
    pub fn check(&self, fresh: &StringMap) -> Result<(), Conflict> {
        let keys: Vec<String> = match self.rule {
            ConflictRule::ChangedKeys => self
                .changes
                .iter()
                .map(KeyChange::key)
                .filter(|k| fresh.get(k) != self.original.get(k))
                .map(str::to_string)
                .collect(),
            ConflictRule::WholeMap => self
                .original
                .keys()
                .chain(fresh.keys())
                .filter(|k| fresh.get(k) != self.original.get(k))
                .cloned()
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
        };
        if keys.is_empty() {
            Ok(())
        } else {
            Err(Conflict { keys })
        }
    }

    /// The XenAPI calls to send, in order (the session argument is added by the caller).
    pub fn wire_calls(&self) -> Vec<(String, Vec<Value>)> {
        let r = Value::String(self.object_ref.clone());
        if self.live_xenstore {
            let map: serde_json::Map<String, Value> = self
                .result_on(&self.original)
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect();
            return vec![("VM.set_xenstore_data".into(), vec![r, Value::Object(map)])];
        }
        let (cls, f) = (self.class, self.field);
        let mut out = Vec::new();
        for c in &self.changes {
            match c {
                KeyChange::Remove { key } => out.push((
                    format!("{cls}.remove_from_{f}"),
                    vec![r.clone(), key.as_str().into()],
                )),
                KeyChange::Put {
                    key,
                    value,
                    existed,
                } => {
                    if *existed {
                        out.push((
                            format!("{cls}.remove_from_{f}"),
                            vec![r.clone(), key.as_str().into()],
                        ));
                    }
                    out.push((
                        format!("{cls}.add_to_{f}"),
                        vec![r.clone(), key.as_str().into(), value.as_str().into()],
                    ));
                }
            }
        }
        out
    }

    /// The equivalent `xe` commands.
    pub fn xe_commands(&self) -> Vec<String> {
        let obj = self.class.to_ascii_lowercase();
        let param = self.field.replace('_', "-");
        self.changes
            .iter()
            .map(|c| match c {
                KeyChange::Remove { key } => format!(
                    "xe {obj}-param-remove uuid={} param-name={param} param-key={}",
                    self.uuid,
                    quote(key)
                ),
                KeyChange::Put { key, value, .. } => format!(
                    "xe {obj}-param-set uuid={} {}",
                    self.uuid,
                    quote(&format!("{param}:{key}={value}"))
                ),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pairs: &[(&str, &str)]) -> StringMap {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn plan(orig: &[(&str, &str)], desired: &[(&str, &str)]) -> EditPlan {
        let original = m(orig);
        EditPlan {
            class: "VIF",
            object_ref: "OpaqueRef:v".into(),
            uuid: "u-1".into(),
            field: "other_config",
            changes: diff(&original, &m(desired)),
            original,
            rule: ConflictRule::ChangedKeys,
            live_xenstore: false,
        }
    }

    #[test]
    fn only_changed_keys_become_calls() {
        let p = plan(
            &[("ethtool-tx", "off"), ("mtu", "9000"), ("owner", "ops")],
            &[
                ("ethtool-tx", "on"),
                ("owner", "ops"),
                ("promiscuous", "on"),
            ],
        );
        let calls: Vec<_> = p
            .wire_calls()
            .into_iter()
            .map(|(m, a)| {
                format!(
                    "{m} {}",
                    a[1..]
                        .iter()
                        .map(|v| v.as_str().unwrap())
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            })
            .collect();
        assert_eq!(
            calls,
            [
                "VIF.remove_from_other_config ethtool-tx",
                "VIF.add_to_other_config ethtool-tx on",
                "VIF.remove_from_other_config mtu",
                "VIF.add_to_other_config promiscuous on",
            ]
        );
        assert!(calls.iter().all(|c| !c.contains("set_other_config")));
        assert!(calls.iter().all(|c| !c.contains("owner")));
    }

    #[test]
    fn xe_commands_match_the_docs() {
        let p = plan(&[("mtu", "9000")], &[("ethtool-tx", "on")]);
        assert_eq!(
            p.xe_commands(),
            [
                "xe vif-param-remove uuid=u-1 param-name=other-config param-key=mtu",
                "xe vif-param-set uuid=u-1 other-config:ethtool-tx=on",
            ]
        );
        let mut x = plan(&[], &[("vm-data/motd", "hello world")]);
        x.class = "VM";
        x.field = "xenstore_data";
        assert_eq!(
            x.xe_commands(),
            ["xe vm-param-set uuid=u-1 \"xenstore-data:vm-data/motd=hello world\""]
        );
    }

    #[test]
    fn conflicts_are_per_key_or_whole_map() {
        let p = plan(
            &[("mtu", "1500"), ("a", "1")],
            &[("mtu", "9000"), ("a", "1")],
        );
        assert!(
            p.check(&m(&[("mtu", "1500"), ("a", "2"), ("b", "3")]))
                .is_ok(),
            "others' keys are fine"
        );
        let c = p.check(&m(&[("mtu", "1400"), ("a", "1")])).unwrap_err();
        assert_eq!(c.keys, ["mtu"]);
        let mut w = p.clone();
        w.rule = ConflictRule::WholeMap;
        assert_eq!(
            w.check(&m(&[("mtu", "1500"), ("a", "1"), ("b", "3")]))
                .unwrap_err()
                .keys,
            ["b"]
        );
        assert!(w.check(&m(&[("mtu", "1500"), ("a", "1")])).is_ok());
    }

    #[test]
    fn live_xenstore_sends_the_whole_resulting_map() {
        let mut p = plan(
            &[("vm-data", ""), ("vm-data/a", "1")],
            &[("vm-data", ""), ("vm-data/b", "2")],
        );
        p.live_xenstore = true;
        let calls = p.wire_calls();
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].0, "VM.set_xenstore_data");
        assert_eq!(
            calls[0].1[1],
            serde_json::json!({"vm-data": "", "vm-data/b": "2"})
        );
    }
}
