//! Custom fields as XenCenter keeps them. Definitions live in the pool's
//! `gui_config["XenCenter.CustomFields"]` as
//! `<CustomFieldDefinitions><CustomFieldDefinition name="…" type="String|Date" defaultValue=""/>…`
//! (`CustomFieldsManager.GetCustomFieldDefinitionXML`, `CustomFieldDefinition.ToXmlNode`);
//! an object's value is its `other_config["XenCenter.CustomFields.<name>"]`, a date written
//! in UTC as .NET's "u" format, `2024-05-01 13:00:00Z` (`CustomField.ToString`). Writes
//! touch only those keys: the definitions with `pool.remove_from_gui_config` then
//! `add_to_gui_config` of the one key (`CustomFieldsManager.SaveCustomFields`), a value with
//! `remove_from_other_config` then `add_to_other_config` of its key.

use super::folders::{Target, remove_other_config, set_other_config, shown};
use super::vm_plans::{Arg, Plan, Step, quote};
use serde_json::Value;
use std::cmp::Ordering;
use xenapi::records::StringMap;

/// The pool's `gui_config` key of the definitions, and the prefix of the values' keys.
pub const BASE_KEY: &str = "XenCenter.CustomFields";

/// A field's type, as XenCenter names it in the definitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    String,
    Date,
}

impl FieldType {
    pub fn wire(self) -> &'static str {
        match self {
            FieldType::String => "String",
            FieldType::Date => "Date",
        }
    }
}

/// One definition.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Definition {
    pub name: String,
    pub ty: FieldType,
}

impl Definition {
    /// The `other_config` key of this field's value.
    pub fn key(&self) -> String {
        format!("{BASE_KEY}.{}", self.name)
    }
}

/// The definitions in a pool's `gui_config`, in their order. What cannot be read (bad XML,
/// an unknown type, no name) is left out, as XenCenter does, and never fails.
pub fn definitions(gui_config: &StringMap) -> Vec<Definition> {
    gui_config
        .get(BASE_KEY)
        .map(|xml| parse(xml.trim()))
        .unwrap_or_default()
}

fn parse(xml: &str) -> Vec<Definition> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out: Vec<Definition> = Vec::new();
    let mut depth = 0usize;
    loop {
        let (e, opens) = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => return out,
            Ok(Event::Start(e)) => (e, true),
            Ok(Event::Empty(e)) => (e, false),
            Ok(Event::End(_)) => {
                depth = depth.saturating_sub(1);
                continue;
            }
            Ok(_) => continue,
        };
        // The definitions are the children of the first element.
        if depth == 1 && e.name().as_ref() == "CustomFieldDefinition" {
            let attr = |key: &str| {
                e.attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == key)
                    .and_then(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()
                            .map(|v| v.to_string())
                    })
            };
            let ty = match attr("type").as_deref() {
                Some("String") => Some(FieldType::String),
                Some("Date") => Some(FieldType::Date),
                _ => None,
            };
            if let (Some(name), Some(ty)) = (attr("name"), ty)
                && !out.iter().any(|d| d.name == name)
            {
                out.push(Definition { name, ty });
            }
        }
        if opens {
            depth += 1;
        }
    }
}

/// The definitions as XenCenter writes them.
pub fn to_xml(defs: &[Definition]) -> String {
    let mut out = String::from("<CustomFieldDefinitions>");
    for d in defs {
        out.push_str(&format!(
            "<CustomFieldDefinition name=\"{}\" type=\"{}\" defaultValue=\"\" />",
            quick_xml::escape::escape(d.name.as_str()),
            d.ty.wire()
        ));
    }
    out.push_str("</CustomFieldDefinitions>");
    out
}

/// A value as read from an object.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    Date(jiff::Timestamp),
    /// A date field whose text is no date (another tool wrote it): shown as it is.
    Unreadable(String),
}

impl FieldValue {
    /// The value as a table cell or a label shows it: escaped and cut when long.
    pub fn display(&self) -> String {
        match self {
            FieldValue::Text(s) | FieldValue::Unreadable(s) => shown(s),
            FieldValue::Date(t) => format_date(*t),
        }
    }
}

/// The order of two objects by one field, for a sorted column: dates by time, text
/// naturally (`web-2` before `web-10`); an object without a value comes last either way.
pub fn order(a: Option<&FieldValue>, b: Option<&FieldValue>, ascending: bool) -> Ordering {
    let (a, b) = match (a, b) {
        (None, None) => return Ordering::Equal,
        (None, Some(_)) => return Ordering::Greater,
        (Some(_), None) => return Ordering::Less,
        (Some(a), Some(b)) => (a, b),
    };
    let o = match (a, b) {
        (FieldValue::Date(x), FieldValue::Date(y)) => x.cmp(y),
        _ => super::natural::compare(&a.display(), &b.display()),
    };
    if ascending { o } else { o.reverse() }
}

/// The value of `def` in an object's `other_config`; `None` when unset or empty (XenCenter
/// treats an empty value as none).
pub fn value(other_config: &StringMap, def: &Definition) -> Option<FieldValue> {
    let raw = other_config.get(&def.key())?;
    if raw.is_empty() {
        return None;
    }
    Some(match def.ty {
        FieldType::String => FieldValue::Text(raw.clone()),
        FieldType::Date => {
            parse_date(raw).map_or_else(|| FieldValue::Unreadable(raw.clone()), FieldValue::Date)
        }
    })
}

/// A date as XenCenter writes it: UTC, `yyyy-MM-dd HH:mm:ssZ`.
pub fn format_date(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M:%SZ").to_string()
}

/// A date as XenCenter writes it, or ISO 8601, or a bare `yyyy-MM-dd` (midnight UTC).
pub fn parse_date(s: &str) -> Option<jiff::Timestamp> {
    let s = s.trim();
    if let Ok(t) = s.replacen(' ', "T", 1).parse::<jiff::Timestamp>() {
        return Some(t);
    }
    let d: jiff::civil::Date = s.parse().ok()?;
    d.to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

/// Sets (or, with an empty value, clears) one field of an object. A date must parse and is
/// written in XenCenter's form; `Err` holds the text that is no date.
pub fn set_value_plan(t: &Target, def: &Definition, value: &str) -> Result<Plan, String> {
    let mut plan = Plan::default();
    let value = value.trim();
    if value.is_empty() {
        remove_other_config(&mut plan, t, &def.key());
        return Ok(plan);
    }
    let written = match def.ty {
        FieldType::String => value.to_string(),
        FieldType::Date => format_date(parse_date(value).ok_or_else(|| value.to_string())?),
    };
    set_other_config(&mut plan, t, &def.key(), &written);
    Ok(plan)
}

/// Writes the pool's definitions (the one `gui_config` key, the pool's other keys kept).
pub fn definitions_plan(pool: &Target, defs: &[Definition]) -> Plan {
    let xml = to_xml(defs);
    let arg = |s: &str| Arg::Value(Value::String(s.into()));
    Plan {
        steps: vec![
            Step::call(
                "pool.remove_from_gui_config",
                vec![arg(&pool.r), arg(BASE_KEY)],
            ),
            Step::call(
                "pool.add_to_gui_config",
                vec![arg(&pool.r), arg(BASE_KEY), arg(&xml)],
            ),
        ],
        xe: vec![format!(
            "xe pool-param-set uuid={} gui-config:{BASE_KEY}={}",
            pool.uuid,
            quote(&xml)
        )],
        creates: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XENCENTER: &str = "<CustomFieldDefinitions><CustomFieldDefinition name=\"Owner\" \
        type=\"String\" defaultValue=\"\" /><CustomFieldDefinition name=\"Expires\" type=\"Date\" \
        defaultValue=\"\" /></CustomFieldDefinitions>";

    fn gui(xml: &str) -> StringMap {
        StringMap::from([(BASE_KEY.to_string(), xml.to_string())])
    }

    fn owner() -> Definition {
        Definition {
            name: "Owner".into(),
            ty: FieldType::String,
        }
    }

    fn expires() -> Definition {
        Definition {
            name: "Expires".into(),
            ty: FieldType::Date,
        }
    }

    #[test]
    fn xencenters_definitions_read_and_write_back_the_same() {
        let defs = definitions(&gui(XENCENTER));
        assert_eq!(defs, [owner(), expires()]);
        assert_eq!(to_xml(&defs), XENCENTER.replace("  ", " "));
        assert_eq!(definitions(&gui(&to_xml(&defs))), defs);
    }

    #[test]
    fn names_with_markup_survive_a_round_trip() {
        let d = Definition {
            name: "a<b> & \"c\"".into(),
            ty: FieldType::String,
        };
        assert_eq!(definitions(&gui(&to_xml(std::slice::from_ref(&d)))), [d]);
    }

    #[test]
    fn bad_definitions_are_skipped_never_fatal() {
        assert!(definitions(&gui("not xml <<<")).is_empty());
        assert!(definitions(&StringMap::new()).is_empty());
        let mixed = "<CustomFieldDefinitions><CustomFieldDefinition name=\"A\" type=\"Number\"/>\
            <CustomFieldDefinition type=\"String\"/><CustomFieldDefinition name=\"B\" type=\"Date\"/>\
            </CustomFieldDefinitions>";
        assert_eq!(
            definitions(&gui(mixed)),
            [Definition {
                name: "B".into(),
                ty: FieldType::Date
            }]
        );
    }

    #[test]
    fn values_read_from_xencenters_keys() {
        let oc = StringMap::from([
            (
                "XenCenter.CustomFields.Owner".to_string(),
                "ops\nteam".to_string(),
            ),
            (
                "XenCenter.CustomFields.Expires".to_string(),
                "2025-03-01 12:30:00Z".to_string(),
            ),
        ]);
        assert_eq!(
            value(&oc, &owner()).map(|v| v.display()),
            Some("ops\\u{a}team".into())
        );
        let d = value(&oc, &expires()).expect("a date");
        assert!(matches!(d, FieldValue::Date(_)));
        assert_eq!(d.display(), "2025-03-01 12:30:00Z");
        let bad = StringMap::from([(
            "XenCenter.CustomFields.Expires".to_string(),
            "soon".to_string(),
        )]);
        assert_eq!(
            value(&bad, &expires()),
            Some(FieldValue::Unreadable("soon".into()))
        );
        let empty = StringMap::from([("XenCenter.CustomFields.Owner".to_string(), String::new())]);
        assert_eq!(value(&empty, &owner()), None);
    }

    #[test]
    fn plans_write_only_their_key() {
        let vm = Target {
            class: "VM",
            r: "OpaqueRef:v".into(),
            uuid: "u".into(),
        };
        let p = set_value_plan(&vm, &expires(), "2025-03-01").expect("a date");
        assert_eq!(p.steps[1].method, "VM.add_to_other_config");
        assert_eq!(
            p.xe,
            [
                "xe vm-param-set uuid=u other-config:XenCenter.CustomFields.Expires='2025-03-01 00:00:00Z'"
            ]
        );
        assert_eq!(
            set_value_plan(&vm, &expires(), "later"),
            Err("later".into())
        );
        let clear = set_value_plan(&vm, &owner(), " ").expect("clears");
        assert_eq!(clear.steps[0].method, "VM.remove_from_other_config");
        let pool = Target {
            class: "pool",
            r: "OpaqueRef:p".into(),
            uuid: "pu".into(),
        };
        let d = definitions_plan(&pool, &[owner()]);
        let methods: Vec<&str> = d.steps.iter().map(|s| s.method.as_str()).collect();
        assert_eq!(
            methods,
            ["pool.remove_from_gui_config", "pool.add_to_gui_config"]
        );
    }

    #[test]
    fn a_field_orders_dates_by_time_text_naturally_and_unset_last() {
        let t = |s: &str| Some(FieldValue::Text(s.into()));
        let d = |s: &str| parse_date(s).map(FieldValue::Date);
        assert_eq!(
            order(t("web-2").as_ref(), t("web-10").as_ref(), true),
            Ordering::Less
        );
        assert_eq!(
            order(t("web-2").as_ref(), t("web-10").as_ref(), false),
            Ordering::Greater
        );
        let (early, late) = (d("2026-01-02"), d("2026-12-31"));
        assert!(early.is_some() && late.is_some());
        assert_eq!(order(early.as_ref(), late.as_ref(), true), Ordering::Less);
        for asc in [true, false] {
            assert_eq!(
                order(None, t("a").as_ref(), asc),
                Ordering::Greater,
                "unset last"
            );
            assert_eq!(
                order(t("a").as_ref(), None, asc),
                Ordering::Less,
                "unset last"
            );
        }
    }
}
