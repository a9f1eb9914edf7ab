//! Writing a query as XenCenter's `<Search>` element (`SearchMarshalling.SearchToXML` and the
//! filter classes of `QueryTypes.cs`); a term XenCenter has no filter for is named instead.

use super::query::{Expr, Field, Op, Power, Query, Value};
use super::saved::{MAJOR_VERSION, SCOPE};

/// Why a query cannot be saved in XenCenter's form: the term XenCenter has no filter for.
#[derive(Debug, Clone, PartialEq)]
pub struct NotSavable(pub String);

fn attr(out: &mut String, k: &str, v: &str) {
    out.push(' ');
    out.push_str(k);
    out.push_str("=\"");
    for c in v.chars() {
        // Reading normalises whitespace in attributes; a reference keeps the character.
        if c.is_control() {
            out.push_str(&format!("&#{};", u32::from(c)));
        } else {
            xenapi::xmltree::escape_into(out, c.encode_utf8(&mut [0; 4]));
        }
    }
    out.push('"');
}

fn string_el(out: &mut String, property: &str, op: Op, q: &str) {
    out.push_str("<StringPropertyQuery");
    attr(out, "property", property);
    attr(out, "casesensitive", "no");
    attr(out, "query", q);
    attr(
        out,
        "type",
        if op == Op::Eq {
            "exactmatch"
        } else {
            "contains"
        },
    );
    out.push_str(" />");
}

fn write_filter(out: &mut String, e: &Expr) -> Result<(), NotSavable> {
    let group = |out: &mut String, ty: &str, v: &[Expr]| -> Result<(), NotSavable> {
        out.push_str("<GroupQuery");
        attr(out, "type", ty);
        out.push('>');
        for x in v {
            write_filter(out, x)?;
        }
        out.push_str("</GroupQuery>");
        Ok(())
    };
    let t = match e {
        Expr::And(v) => return group(out, "And", v),
        Expr::Or(v) => return group(out, "Or", v),
        Expr::Not(x) => return group(out, "Nor", std::slice::from_ref(&**x)),
        Expr::Term(t) => t,
    };
    let raw = match &t.value {
        Value::Text { raw, .. } => raw.as_str(),
        _ => "",
    };
    let not_savable = || NotSavable(t.to_string());
    match (&t.field, &t.value) {
        // `Search.FullQueryFor`: name or description contains the word (XenCenter adds an
        // IP filter only for a whole address; ours matches part of one, so it is left out).
        (Field::Text, _) => {
            out.push_str("<GroupQuery type=\"Or\">");
            string_el(out, "label", Op::Has, raw);
            string_el(out, "description", Op::Has, raw);
            string_el(out, "uuid", Op::Has, raw);
            out.push_str("</GroupQuery>");
        }
        (Field::Name, _) => string_el(out, "label", t.op, raw),
        (Field::Description, _) => string_el(out, "description", t.op, raw),
        (Field::Uuid, _) => string_el(out, "uuid", t.op, raw),
        (Field::Os, _) => string_el(out, "os_name", t.op, raw),
        (Field::Host | Field::Pool, _) => {
            let p = if t.field == Field::Host {
                "host"
            } else {
                "pool"
            };
            out.push_str("<RecursiveXMOPropertyQuery");
            attr(out, "property", p);
            out.push('>');
            string_el(out, "label", t.op, raw);
            out.push_str("</RecursiveXMOPropertyQuery>");
        }
        (Field::Tag, _) => {
            out.push_str("<StringListContainsQuery");
            attr(out, "property", "tags");
            attr(out, "contains", "yes");
            attr(out, "query", raw);
            out.push_str(" />");
        }
        (Field::Power, Value::Power(p)) => {
            let q = match p {
                Power::Running => "Running",
                Power::Halted => "Halted",
                Power::Suspended => "Suspended",
                Power::Paused => "Paused",
            };
            out.push_str("<EnumPropertyQuery");
            attr(out, "property", "power_state");
            attr(out, "equals", "yes");
            attr(out, "query", q);
            out.push_str(" />");
        }
        (Field::Type, Value::Kind(k)) => {
            let names: Vec<&str> = SCOPE
                .iter()
                .filter(|(_, x)| x == k)
                .map(|(n, _)| *n)
                .collect();
            if names.len() > 1 {
                out.push_str("<GroupQuery type=\"Or\">");
            }
            for n in &names {
                out.push_str("<EnumPropertyQuery");
                attr(out, "property", "type");
                attr(out, "equals", "yes");
                attr(out, "query", n);
                out.push_str(" />");
            }
            if names.len() > 1 {
                out.push_str("</GroupQuery>");
            }
        }
        (Field::Folder, _) => {
            let (el, p) = if t.op == Op::Eq {
                ("RecursiveXMOPropertyQuery", "folder")
            } else {
                ("RecursiveXMOListPropertyQuery", "folders")
            };
            out.push('<');
            out.push_str(el);
            attr(out, "property", p);
            out.push('>');
            out.push_str("<StringPropertyQuery");
            attr(out, "property", "uuid");
            attr(out, "casesensitive", "no");
            attr(out, "query", raw);
            attr(out, "type", "exactmatch");
            out.push_str(" /></");
            out.push_str(el);
            out.push('>');
        }
        (Field::Custom(name), Value::Text { .. }) => {
            out.push_str("<CustomFieldQuery");
            attr(out, "query", raw);
            attr(
                out,
                "type",
                if t.op == Op::Eq {
                    "exactmatch"
                } else {
                    "contains"
                },
            );
            out.push_str("><CustomFieldDefinition");
            attr(out, "name", name);
            attr(out, "type", "String");
            attr(out, "defaultValue", "");
            out.push_str(" /></CustomFieldQuery>");
        }
        // XenCenter's memory filter is the memory in use, it has no vCPU-count filter,
        // no "field is set" filter and no part-of-an-address filter: not the same query.
        _ => return Err(not_savable()),
    }
    Ok(())
}

/// The `<Search>` element XenCenter's `SearchToXML` writes for a query over every type.
pub fn to_xml(uuid: &str, name: &str, q: &Query) -> Result<String, NotSavable> {
    let mut out = String::from("<Search");
    attr(&mut out, "uuid", uuid);
    attr(&mut out, "name", name);
    attr(&mut out, "major_version", &MAJOR_VERSION.to_string());
    attr(&mut out, "minor_version", "0");
    out.push_str("><Query><QueryScope>");
    for (n, _) in SCOPE {
        out.push('<');
        out.push_str(n);
        out.push_str(" />");
    }
    out.push_str("</QueryScope>");
    if !q.is_empty() {
        write_filter(&mut out, &q.expr)?;
    }
    out.push_str("</Query><sorting /></Search>");
    Ok(out)
}
