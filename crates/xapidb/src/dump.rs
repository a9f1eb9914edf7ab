//! Reading and writing xapi's database XML (`state.db`, `xe pool-dump-database`).
//!
//! Rows are streamed with quick-xml. Column names join namespaces with `__` (`name__label`);
//! values are XML-unescaped, whitespace-unprotected, then typed by [`super::schema`]
//! (S-expressions for sets and maps). One-to-many sets are rebuilt from the child rows, as
//! xapi does on load, and a missing `host_metrics` row gets a `live` one, as XenCenter did.

use super::db::Db;
use super::schema::{Ty, field_type};
use super::sexpr::{self, SExpr};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use serde_json::{Map, Value};
use std::fmt;
use std::path::Path;
use xenapi::xmltree::{escape_into, line_col};

/// A dump that cannot be loaded: which file, where, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct DumpError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for DumpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

impl std::error::Error for DumpError {}

/// The largest dump read (a large pool's `state.db` is tens of megabytes).
pub const MAX_DUMP: u64 = 512 << 20;

/// Loads a dump from a file.
pub fn load_file(path: &Path) -> Result<Db, DumpError> {
    let name = path.display().to_string();
    let refuse = |message: String| DumpError {
        file: name.clone(),
        line: 0,
        column: 0,
        message,
    };
    let bytes = read_capped(path).map_err(refuse)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            line_col(std::str::from_utf8(valid).unwrap_or(""), valid.len())
        };
        DumpError {
            file: name.clone(),
            line,
            column,
            message: "not UTF-8 text".into(),
        }
    })?;
    load_str(&text, &name)
}

/// The file's bytes, if it is a regular file of at most [`MAX_DUMP`] bytes: a device
/// (`/dev/zero`) or a pipe could be read for ever, and is checked before it is opened (opening
/// a pipe waits for a writer).
fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let check = |m: std::fs::Metadata| {
        if !m.is_file() {
            Err("not a regular file".to_string())
        } else if m.len() > MAX_DUMP {
            Err(format!("larger than {} MiB", MAX_DUMP >> 20))
        } else {
            Ok(m.len())
        }
    };
    let cannot = |e: std::io::Error| format!("cannot read: {e}");
    check(std::fs::metadata(path).map_err(cannot)?)?;
    let file = std::fs::File::open(path).map_err(cannot)?;
    // Checked again on what was opened (the path may have changed), and read no further than
    // the cap whatever the file claims.
    let len = check(file.metadata().map_err(cannot)?)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(MAX_DUMP + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_DUMP {
        return Err(format!("larger than {} MiB", MAX_DUMP >> 20));
    }
    Ok(bytes)
}

/// Loads a dump from text; `name` is used in error messages. Damaged values that could be
/// salvaged are logged as warnings.
pub fn load_str(text: &str, name: &str) -> Result<Db, DumpError> {
    let (db, warnings) = load_with_warnings(text, name)?;
    for w in warnings {
        tracing::warn!("{w}");
    }
    Ok(db)
}

/// A row or value of a dump that cannot be read (the loader adds where).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ValueError(pub String);

impl From<String> for ValueError {
    fn from(s: String) -> Self {
        ValueError(s)
    }
}

impl From<&str> for ValueError {
    fn from(s: &str) -> Self {
        ValueError(s.to_string())
    }
}

impl From<sexpr::SexprError> for ValueError {
    fn from(e: sexpr::SexprError) -> Self {
        ValueError(e.0)
    }
}

/// Loads a dump and returns, beside it, the damaged values it salvaged (a set or map cut
/// short is closed where it ends: real dumps have such values).
pub fn load_with_warnings(text: &str, name: &str) -> Result<(Db, Vec<DumpError>), DumpError> {
    let mut warnings = Vec::new();
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut db = Db::new();
    let mut table: Option<String> = None;
    let mut depth = 0usize;
    let mut saw_database = false;
    let err = |pos: usize, message: String| {
        let (line, column) = line_col(text, pos);
        DumpError {
            file: name.to_string(),
            line,
            column,
            message,
        }
    };
    loop {
        // Point errors at the element, not at the whitespace before it.
        let pos = reader.buffer_position() as usize;
        let pos = pos + text.get(pos..).and_then(|t| t.find('<')).unwrap_or(0);
        let ev = reader
            .read_event()
            .map_err(|e| err(reader.buffer_position() as usize, e.to_string()))?;
        match ev {
            Event::Start(ref s) | Event::Empty(ref s) => {
                let empty = matches!(ev, Event::Empty(_));
                let tag = s.name().as_ref().to_string();
                match (tag.as_str(), depth) {
                    ("database", 0) => saw_database = true,
                    ("manifest", 1) | ("pair", 2) => {}
                    ("table", 1) => {
                        let t = attr(s, "name")
                            .map_err(|m| err(pos, m.0))?
                            .ok_or_else(|| err(pos, "<table> without a name".into()))?;
                        db.ensure_table(&t);
                        table = (!empty).then_some(t);
                    }
                    ("row", 2) => {
                        let Some(class) = table.as_deref() else {
                            return Err(err(pos, "<row> outside a <table>".into()));
                        };
                        let (r, fields, damaged) = read_row(class, s).map_err(|m| err(pos, m.0))?;
                        warnings.extend(damaged.into_iter().map(|m| err(pos, m)));
                        db.insert_raw(class, &r, fields);
                    }
                    (other, _) if depth == 0 => {
                        return Err(err(pos, format!("expected <database>, found <{other}>")));
                    }
                    _ => {} // Unknown elements are skipped, like unknown columns.
                }
                if !empty {
                    depth += 1;
                }
            }
            Event::End(ref e) => {
                depth = depth.saturating_sub(1);
                if e.name().as_ref() == "table" {
                    table = None;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_database {
        return Err(err(
            text.len(),
            "no <database> element: not an xapi database dump".into(),
        ));
    }
    if depth != 0 {
        return Err(err(
            text.len(),
            "the file ends before </database>: truncated?".into(),
        ));
    }
    db.rebuild_relations();
    synthesize_host_metrics(&mut db);
    Ok((db, warnings))
}

fn attr(s: &BytesStart, key: &str) -> Result<Option<String>, ValueError> {
    for a in s.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        if a.key.as_ref() == key {
            let v = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| e.to_string())?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

type RowParts = (String, Map<String, Value>, Vec<String>);

fn read_row(class: &str, s: &BytesStart) -> Result<RowParts, ValueError> {
    let mut r = None;
    let mut fields = Map::new();
    let mut damaged = Vec::new();
    for a in s.attributes() {
        let a = a.map_err(|e| format!("in a {class} row: {e}"))?;
        let key = a.key.as_ref().to_string();
        let raw = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| format!("in a {class} row, column {key}: {e}"))?;
        match key.as_str() {
            "ref" => r = Some(raw.into_owned()),
            "_ref" | "__ctime" | "__mtime" => {}
            _ => {
                let field = key.replace("__", "_");
                let text = sexpr::unprotect(&raw);
                let value = match typed_value(class, &field, &text) {
                    Ok(v) => v,
                    Err(m) => {
                        let v = salvage(class, &field, &text)
                            .ok_or_else(|| format!("in {class} row, column {key}: {m}"))?;
                        damaged.push(format!(
                            "in {class} row, column {key}: {m}; kept what could be read"
                        ));
                        v
                    }
                };
                fields.insert(field, value);
            }
        }
    }
    let r = r.ok_or_else(|| format!("a {class} row has no ref"))?;
    Ok((r, fields, damaged))
}

/// A set or map cut short: close it where it ends.
fn salvage(class: &str, field: &str, s: &str) -> Option<Value> {
    ["'", ")", "')", "))", "'))", ")))", "')))"]
        .iter()
        .find_map(|tail| typed_value(class, field, &format!("{s}{tail}")).ok())
}

/// Types one column value by the schema (or, for unknown columns, by its shape).
pub fn typed_value(class: &str, field: &str, s: &str) -> Result<Value, ValueError> {
    match field_type(class, field) {
        Some(Ty::Int) => Ok(s
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::String(s.to_string()))),
        Some(Ty::Float) => Ok(s
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(s.to_string()))),
        Some(Ty::Bool) => Ok(match s {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            other => Value::String(other.to_string()),
        }),
        // The schema goes by field name; where a class uses the name for plain text, keep it.
        Some(Ty::Set | Ty::Map) if !s.trim_start().starts_with('(') => {
            Ok(Value::String(s.to_string()))
        }
        Some(Ty::Set) => sexpr_to_set(&sexpr::parse(s)?),
        Some(Ty::Map) => sexpr_to_map(&sexpr::parse(s)?),
        Some(Ty::Str) => Ok(Value::String(s.to_string())),
        None if s.starts_with('(') => match sexpr::parse(s) {
            // A set or a map by its shape; anything else (a nested record) stays text.
            Ok(e) => Ok(sexpr_to_map(&e)
                .or_else(|_| sexpr_to_set(&e))
                .unwrap_or_else(|_| Value::String(s.to_string()))),
            Err(_) => Ok(Value::String(s.to_string())),
        },
        None => Ok(Value::String(s.to_string())),
    }
}

fn sexpr_to_set(e: &SExpr) -> Result<Value, ValueError> {
    let SExpr::List(items) = e else {
        return Err("expected a set: ('a' 'b')".into());
    };
    items
        .iter()
        .map(|i| match i {
            SExpr::Atom(s) => Ok(Value::String(s.clone())),
            SExpr::List(_) => Err(ValueError::from("a set holds a nested list")),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

fn sexpr_to_map(e: &SExpr) -> Result<Value, ValueError> {
    let SExpr::List(items) = e else {
        return Err("expected a map: (('k' 'v'))".into());
    };
    let mut m = Map::new();
    for i in items {
        match i {
            SExpr::List(kv) if kv.len() == 2 => match (&kv[0], &kv[1]) {
                (SExpr::Atom(k), SExpr::Atom(v)) => {
                    m.insert(k.clone(), Value::String(v.clone()));
                }
                _ => return Err("a map entry is not a pair of strings".into()),
            },
            _ => return Err("a map entry is not a ('key' 'value') pair".into()),
        }
    }
    Ok(Value::Object(m))
}

/// Old dumps have an empty `host_metrics` table (CA-31223): give each host a live one.
fn synthesize_host_metrics(db: &mut Db) {
    let hosts: Vec<(String, String)> = db
        .table("host")
        .map(|t| {
            t.rows
                .iter()
                .filter_map(|(r, row)| {
                    let m = row.fields.get("metrics")?.as_str()?.to_string();
                    Some((r.clone(), m))
                })
                .collect()
        })
        .unwrap_or_default();
    for (host, metrics) in hosts {
        if metrics == "OpaqueRef:NULL" || db.get("host_metrics", &metrics).is_some() {
            continue;
        }
        let mut f = Map::new();
        f.insert(
            "uuid".into(),
            Value::String(uuid::Uuid::new_v4().to_string()),
        );
        f.insert("live".into(), Value::Bool(true));
        f.insert("memory_total".into(), Value::from(0));
        f.insert("memory_free".into(), Value::from(0));
        f.insert("other_config".into(), Value::Object(Map::new()));
        db.insert_raw("host_metrics", &metrics, f);
        tracing::debug!(%host, "synthesised host_metrics");
    }
}

/// Namespaced fields whose column names use `__`.
const NAMESPACED: &[&str] = &[
    "name_",
    "memory_",
    "VCPUs_",
    "actions_",
    "PV_",
    "HVM_",
    "API_version_",
];

fn column_name(class: &str, field: &str) -> String {
    if class == "pool" {
        return field.to_string(); // The pool table keeps single underscores.
    }
    for ns in NAMESPACED {
        if let Some(rest) = field.strip_prefix(ns)
            && field != "memory_overhead"
        {
            return format!("{}__{}", &ns[..ns.len() - 1], rest);
        }
    }
    field.to_string()
}

fn column_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Null => String::new(),
        Value::Array(items) => {
            let strs: Vec<String> = items.iter().map(column_value).collect();
            sexpr::write_set(strs.iter().map(String::as_str))
        }
        Value::Object(m) => {
            let pairs: Vec<(String, String)> = m
                .iter()
                .map(|(k, v)| (k.clone(), column_value(v)))
                .collect();
            sexpr::write_map(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        }
    }
}

/// Writes the database in xapi's format, one row per line.
pub fn write(db: &Db) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<database>\n");
    out.push_str("<manifest>\n<pair key=\"schema_major_vsn\" value=\"5\"/>\n<pair key=\"schema_minor_vsn\" value=\"909\"/>\n");
    out.push_str(&format!(
        "<pair key=\"generation_count\" value=\"{}\"/>\n</manifest>\n",
        db.generation()
    ));
    for (class, table) in db.tables() {
        if table.rows.is_empty() {
            out.push_str(&format!("<table name=\"{class}\"/>\n"));
            continue;
        }
        out.push_str(&format!("<table name=\"{class}\">\n"));
        for (r, row) in &table.rows {
            out.push_str("<row ref=\"");
            escape_into(&mut out, r);
            out.push('"');
            for (k, v) in &row.fields {
                out.push(' ');
                out.push_str(&column_name(class, k));
                out.push_str("=\"");
                escape_into(&mut out, &sexpr::protect(&column_value(v)));
                out.push('"');
            }
            out.push_str("/>\n");
        }
        out.push_str("</table>\n");
    }
    out.push_str("</database>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_refused_before_it_is_read() {
        // /dev/zero never ends: reading it whole would take all the memory there is.
        let e = load_file(Path::new("/dev/zero")).err();
        let e = e.map(|e| e.message).unwrap_or_default();
        assert!(e.contains("not a regular file"), "{e}");
    }

    #[test]
    fn a_file_past_the_size_cap_is_refused_unread() {
        let path = std::env::temp_dir().join(format!("xenpilot-big-{}.db", std::process::id()));
        let f = std::fs::File::create(&path).unwrap();
        // Sparse: no disk, and nothing read if the cap is checked first.
        f.set_len(MAX_DUMP + 1).unwrap();
        drop(f);
        let e = load_file(&path)
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        let _ = std::fs::remove_file(&path);
        assert!(e.contains("larger than"), "{e}");
    }
}
