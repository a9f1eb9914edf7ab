//! Saved searches in XenCenter's own form, so searches made in either client show in both:
//! `pool.gui_config["xensearch.Search-<uuid>"]` holds one `<Search>` element
//! (`XenModel/XenSearch/Search.cs` `Save`, `SearchMarshalling.SearchToXML`, the filter
//! classes of `QueryTypes.cs`).
//!
//! Reading keeps to what XenPilot can run exactly; any other part of a XenCenter search is
//! named ([`Unsupported`]) rather than run as something else.

use super::query::{Expr, Field, Kind, Op, Power, Query, Term, Value};
use quick_xml::events::Event;
use xenapi::records::StringMap;

/// `BrandManager.ExtensionSearch + ".Search-"` (`Branding.resx` `EXTENSION_SEARCH`).
pub const SEARCH_PREFIX: &str = "xensearch.Search-";

/// `SearchMarshalling.CURRENT_SEARCH_MAJOR_VERSION`: newer searches are refused, as there.
pub(super) const MAJOR_VERSION: u32 = 2;

/// A part of a XenCenter search XenPilot cannot run, as XenCenter's XML names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub String);

/// A saved search as read from a pool.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub uuid: String,
    pub name: String,
    /// The query, or the part of it XenPilot cannot run.
    pub query: Result<Query, Unsupported>,
}

/// An element with its attributes (XenCenter's filters keep their values there).
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<El>,
}

impl El {
    fn attr(&self, k: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    }
}

/// Nesting deeper than this is refused (the reader recurses).
const MAX_DEPTH: usize = 64;

fn parse_xml(xml: &str) -> Option<El> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<El> = Vec::new();
    let open = |e: &quick_xml::events::BytesStart<'_>| El {
        name: e.name().as_ref().to_string(),
        attrs: e
            .attributes()
            .flatten()
            .filter_map(|a| {
                let v = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()?
                    .to_string();
                Some((a.key.as_ref().to_string(), v))
            })
            .collect(),
        children: Vec::new(),
    };
    loop {
        match reader.read_event() {
            Err(_) => return None,
            Ok(Event::Eof) => return None,
            Ok(Event::Start(e)) => {
                if stack.len() >= MAX_DEPTH {
                    return None;
                }
                stack.push(open(&e));
            }
            Ok(Event::Empty(e)) => {
                let el = open(&e);
                match stack.last_mut() {
                    Some(p) => p.children.push(el),
                    None => return Some(el),
                }
            }
            Ok(Event::End(_)) => {
                let el = stack.pop()?;
                match stack.last_mut() {
                    Some(p) => p.children.push(el),
                    None => return Some(el),
                }
            }
            Ok(_) => {}
        }
    }
}

/// Every saved search in a pool's `gui_config` (those XenCenter cannot read either are
/// left out, as XenCenter leaves them out).
pub fn from_gui_config(gui_config: &StringMap) -> Vec<Saved> {
    gui_config
        .iter()
        .filter_map(|(k, v)| {
            let uuid = k.strip_prefix(SEARCH_PREFIX)?;
            let mut s = from_xml(v)?;
            s.uuid = uuid.to_string();
            Some(s)
        })
        .collect()
}

/// One `<Search>` element; `None` when it is not one XenCenter would load.
pub fn from_xml(xml: &str) -> Option<Saved> {
    let root = parse_xml(xml)?;
    if root.name != "Search" && root.name != "search" {
        return None;
    }
    let major: u32 = root.attr("major_version")?.parse().ok()?;
    if major > MAJOR_VERSION {
        return None;
    }
    let first = root.children.first()?;
    let query = if major < 2 {
        // Versions 0 and 1 hold the filter alone.
        filter(first)
    } else if first.name == "Query" {
        query_el(first)
    } else {
        return None;
    };
    // Grouping changes how XenCenter lays results out, not which objects match: kept out.
    Some(Saved {
        uuid: root.attr("uuid").unwrap_or_default().to_string(),
        name: root.attr("name").unwrap_or_default().to_string(),
        query: query.map(|expr| Query {
            expr: super::query::normalize(expr),
        }),
    })
}

fn unsupported(e: &El) -> Unsupported {
    match e.attr("property") {
        Some(p) => Unsupported(format!("{} property=\"{p}\"", e.name)),
        None => Unsupported(e.name.clone()),
    }
}

fn query_el(q: &El) -> Result<Expr, Unsupported> {
    let mut parts = Vec::new();
    for c in &q.children {
        if c.name == "QueryScope" {
            if let Some(e) = scope(c)? {
                parts.push(e);
            }
        } else {
            parts.push(filter(c)?);
        }
    }
    Ok(Expr::And(parts))
}

/// XenCenter's `ObjectTypes` flags that name one of our types.
pub(super) const SCOPE: &[(&str, Kind)] = &[
    ("Pool", Kind::Pool),
    ("Server", Kind::Host),
    ("VM", Kind::Vm),
    ("Snapshot", Kind::Snapshot),
    ("UserTemplate", Kind::Template),
    ("RemoteSR", Kind::Sr),
    ("LocalSR", Kind::Sr),
    ("Network", Kind::Network),
];

/// The scope's types as a `type:` filter; `None` when it covers every type we show.
fn scope(s: &El) -> Result<Option<Expr>, Unsupported> {
    let names: Vec<&str> = s.children.iter().map(|c| c.name.as_str()).collect();
    let mut kinds: Vec<Kind> = Vec::new();
    for n in &names {
        match SCOPE.iter().find(|(k, _)| k == n) {
            Some((_, k)) if !kinds.contains(k) => kinds.push(*k),
            Some(_) => {}
            // Types we never list (VDIs, folders, vApps, disconnected servers) only widen
            // the search: what we list still matches. A scope of those alone is not ours.
            None if matches!(
                *n,
                "DefaultTemplate"
                    | "VDI"
                    | "Folder"
                    | "Appliance"
                    | "DockerContainer"
                    | "DisconnectedServer"
            ) => {}
            None if *n == "NONE" || n.starts_with("ALL") => {}
            None => return Err(Unsupported(format!("QueryScope {n}"))),
        }
    }
    // One kind of SR without the other cannot be told apart here.
    if names.contains(&"RemoteSR") != names.contains(&"LocalSR") {
        return Err(Unsupported("QueryScope RemoteSR/LocalSR".into()));
    }
    if kinds.is_empty() {
        return Err(Unsupported("QueryScope".into()));
    }
    if kinds.len() == 7 {
        return Ok(None);
    }
    let terms: Vec<Expr> = kinds
        .into_iter()
        .map(|k| term(Field::Type, Op::Has, Value::Kind(k)))
        .collect();
    Ok(Some(Expr::Or(terms)))
}

fn term(field: Field, op: Op, value: Value) -> Expr {
    Expr::Term(Term { field, op, value })
}

fn yes(e: &El, k: &str) -> bool {
    // `SearchMarshalling.ParseBool`: "True" for old files.
    matches!(e.attr(k), Some("yes" | "True"))
}

/// A `StringPropertyQuery` (or `CustomFieldQuery`) as a text term on `field`.
fn string_query(e: &El, field: Field) -> Result<Expr, Unsupported> {
    if yes(e, "casesensitive") {
        return Err(Unsupported(format!("{} casesensitive", e.name)));
    }
    let q = e.attr("query").unwrap_or_default();
    let t = |op| term(field.clone(), op, Value::text(q));
    match e.attr("type") {
        Some("contains") => Ok(t(Op::Has)),
        Some("exactmatch") => Ok(t(Op::Eq)),
        Some("notcontain") => Ok(Expr::Not(Box::new(t(Op::Has)))),
        Some(other) => Err(Unsupported(format!("{} type=\"{other}\"", e.name))),
        None => Err(unsupported(e)),
    }
}

/// `type is RemoteSR OR type is LocalSR`: what we write for `type:sr`.
fn is_any_sr(e: &El) -> bool {
    fn ty(c: &El) -> Option<&str> {
        (c.name == "EnumPropertyQuery" && c.attr("property") == Some("type") && yes(c, "equals"))
            .then(|| c.attr("query"))
            .flatten()
    }
    e.attr("type") == Some("Or")
        && e.children.len() == 2
        && ty(&e.children[0]) == Some("RemoteSR")
        && ty(&e.children[1]) == Some("LocalSR")
}

fn filter(e: &El) -> Result<Expr, Unsupported> {
    let property = e.attr("property").unwrap_or_default();
    match (e.name.as_str(), property) {
        ("GroupQuery", _) if is_any_sr(e) => Ok(term(Field::Type, Op::Has, Value::Kind(Kind::Sr))),
        ("GroupQuery", _) => {
            let subs = e
                .children
                .iter()
                .map(filter)
                .collect::<Result<Vec<_>, _>>()?;
            match e.attr("type") {
                Some("And") => Ok(Expr::And(subs)),
                Some("Or") => Ok(Expr::Or(subs)),
                Some("Nor") => Ok(Expr::Not(Box::new(Expr::Or(subs)))),
                _ => Err(unsupported(e)),
            }
        }
        ("StringPropertyQuery", "label") => string_query(e, Field::Name),
        ("StringPropertyQuery", "description") => string_query(e, Field::Description),
        ("StringPropertyQuery", "uuid") => string_query(e, Field::Uuid),
        ("StringPropertyQuery", "os_name") => string_query(e, Field::Os),
        ("StringListContainsQuery", "tags") => {
            let t = term(
                Field::Tag,
                Op::Has,
                Value::text(e.attr("query").unwrap_or_default()),
            );
            Ok(if yes(e, "contains") {
                t
            } else {
                Expr::Not(Box::new(t))
            })
        }
        ("EnumPropertyQuery", "power_state") => {
            let p = match e.attr("query") {
                Some("Running") => Power::Running,
                Some("Halted") => Power::Halted,
                Some("Suspended") => Power::Suspended,
                Some("Paused") => Power::Paused,
                _ => return Err(unsupported(e)),
            };
            let t = term(Field::Power, Op::Has, Value::Power(p));
            Ok(if yes(e, "equals") {
                t
            } else {
                Expr::Not(Box::new(t))
            })
        }
        ("EnumPropertyQuery", "type") => {
            let t = match e.attr("query") {
                // SR alone is what old files wrote for remote SRs; both kinds read as `sr`.
                Some("RemoteSR" | "LocalSR" | "SR") => {
                    return Err(Unsupported(format!(
                        "EnumPropertyQuery type={}",
                        e.attr("query").unwrap_or_default()
                    )));
                }
                Some(q) => match SCOPE.iter().find(|(k, _)| *k == q) {
                    Some((_, k)) => term(Field::Type, Op::Has, Value::Kind(*k)),
                    None => return Err(Unsupported(format!("EnumPropertyQuery type={q}"))),
                },
                None => return Err(unsupported(e)),
            };
            Ok(if yes(e, "equals") {
                t
            } else {
                Expr::Not(Box::new(t))
            })
        }
        ("RecursiveXMOPropertyQuery", "host" | "pool") => {
            let field = if property == "host" {
                Field::Host
            } else {
                Field::Pool
            };
            match e.children.first() {
                Some(sub)
                    if sub.name == "StringPropertyQuery"
                        && sub.attr("property") == Some("label") =>
                {
                    string_query(sub, field)
                }
                _ => Err(unsupported(e)),
            }
        }
        // "Parent folder is" and "ancestor folder is" (a folder's uuid is its path).
        ("RecursiveXMOPropertyQuery" | "RecursiveXMOListPropertyQuery", "folder" | "folders") => {
            match e.children.first() {
                Some(sub)
                    if sub.name == "StringPropertyQuery"
                        && sub.attr("property") == Some("uuid")
                        && sub.attr("type") == Some("exactmatch") =>
                {
                    let op = if property == "folder" {
                        Op::Eq
                    } else {
                        Op::Has
                    };
                    Ok(term(
                        Field::Folder,
                        op,
                        Value::text(sub.attr("query").unwrap_or_default()),
                    ))
                }
                _ => Err(unsupported(e)),
            }
        }
        ("CustomFieldQuery", _) => {
            let def = e
                .children
                .iter()
                .find(|c| c.name == "CustomFieldDefinition")
                .ok_or_else(|| unsupported(e))?;
            let name = def.attr("name").unwrap_or_default();
            if name.is_empty() {
                return Err(unsupported(e));
            }
            string_query(e, Field::Custom(name.to_string()))
        }
        _ => Err(unsupported(e)),
    }
}

pub use super::saved_xml::{NotSavable, to_xml};

/// The `gui_config` key of a saved search.
pub fn key(uuid: &str) -> String {
    format!("{SEARCH_PREFIX}{uuid}")
}

/// Saves (or renames: the same uuid) a search in `pool`'s `gui_config` as XenCenter's
/// `Search.Save` does: remove the key, then add it (`add_to_gui_config` refuses a key that
/// is there), so only this key changes.
pub fn save_plan(
    pool: &str,
    pool_uuid: &str,
    uuid: &str,
    xml: &str,
) -> crate::model::vm_plans::Plan {
    use crate::model::vm_plans::{Arg, Plan, Step, quote};
    let k = key(uuid);
    let s = |v: &str| Arg::Value(serde_json::Value::String(v.into()));
    Plan {
        steps: vec![
            Step::call("pool.remove_from_gui_config", vec![s(pool), s(&k)]),
            Step::call("pool.add_to_gui_config", vec![s(pool), s(&k), s(xml)]),
        ],
        xe: vec![
            format!(
                "xe pool-param-remove uuid={pool_uuid} param-name=gui-config param-key={}",
                quote(&k)
            ),
            format!(
                "xe pool-param-set uuid={pool_uuid} gui-config:{}={}",
                quote(&k),
                quote(xml)
            ),
        ],
        creates: None,
    }
}

/// Deletes a saved search from `pool` (`Search.Delete`: `remove_from_gui_config`).
pub fn delete_plan(pool: &str, pool_uuid: &str, uuid: &str) -> crate::model::vm_plans::Plan {
    use crate::model::vm_plans::{Arg, Plan, Step, quote};
    let k = key(uuid);
    let s = |v: &str| Arg::Value(serde_json::Value::String(v.into()));
    Plan {
        steps: vec![Step::call(
            "pool.remove_from_gui_config",
            vec![s(pool), s(&k)],
        )],
        xe: vec![format!(
            "xe pool-param-remove uuid={pool_uuid} param-name=gui-config param-key={}",
            quote(&k)
        )],
        creates: None,
    }
}

/// The names of the custom fields a pool defines (`gui_config["XenCenter.CustomFields"]`,
/// `CustomFieldsManager`), for the column chooser.
pub fn custom_field_names(gui_config: &StringMap) -> Vec<String> {
    let Some(xml) = gui_config.get("XenCenter.CustomFields") else {
        return Vec::new();
    };
    let Some(root) = parse_xml(xml) else {
        return Vec::new();
    };
    root.children
        .iter()
        .filter(|c| c.name == "CustomFieldDefinition")
        .filter_map(|c| c.attr("name"))
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}
