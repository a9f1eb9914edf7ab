//! `ova.xml`: the export's header, an XML-RPC struct `{version, objects}` (xapi
//! `importexport.ml`): each object its class, its id in the file (`Ref:N`, for a VDI also its
//! data directory) and its record as `get_record` gives it, references rewritten to ids.

use crate::Error;
use serde_json::{Map, Value, json};
use xenapi::xmlrpc::{Style, decode_value, encode_value};

/// One object of the export.
#[derive(Debug, Clone, PartialEq)]
pub struct Obj {
    pub class: String,
    pub id: String,
    pub snapshot: Value,
}

/// The header of an XVA.
#[derive(Debug, Clone, PartialEq)]
pub struct Ova {
    pub version: Map<String, Value>,
    pub objects: Vec<Obj>,
}

/// The version struct an exporting host writes (`export_vsn` 2: `.xxhash` checksums).
pub fn version(
    hostname: &str,
    date: &str,
    product: (&str, &str, &str),
    xapi: (i64, i64),
) -> Map<String, Value> {
    let (brand, version, build) = product;
    let v = json!({
        "hostname": hostname,
        "date": date,
        "product_version": version,
        "product_brand": brand,
        "build_number": build,
        "xapi_major": xapi.0,
        "xapi_minor": xapi.1,
        "export_vsn": 2,
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

impl Ova {
    pub fn encode(&self) -> String {
        let objects: Vec<Value> = self
            .objects
            .iter()
            .map(|o| json!({"class": o.class, "id": o.id, "snapshot": o.snapshot}))
            .collect();
        let v = json!({"version": Value::Object(self.version.clone()), "objects": objects});
        let mut out = String::from("<?xml version=\"1.0\"?>");
        // Integers tagged (`<i8>`), as xapi's `Rpc.Int` is written: a bare value is a string.
        let style = Style {
            ints: xenapi::xmlrpc::IntStyle::Tagged,
            datetimes: true,
        };
        encode_value(&mut out, &v, style);
        out
    }

    pub fn decode(xml: &str) -> Result<Ova, Error> {
        let el = xenapi::xmltree::parse(xml).map_err(|e| Error::Ova(e.to_string()))?;
        let v = decode_value(&el).map_err(|e| Error::Ova(e.to_string()))?;
        let version = match v.get("version") {
            Some(Value::Object(m)) => m.clone(),
            _ => return Err(Error::Ova("no version struct".into())),
        };
        let Some(Value::Array(objs)) = v.get("objects") else {
            return Err(Error::Ova("no objects array".into()));
        };
        let mut objects = Vec::with_capacity(objs.len());
        for o in objs {
            let s = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
            let (Some(class), Some(id)) = (s("class"), s("id")) else {
                return Err(Error::Ova("an object without class or id".into()));
            };
            let snapshot = o.get("snapshot").cloned().unwrap_or(Value::Null);
            if !snapshot.is_object() {
                return Err(Error::Ova(format!(
                    "object {id}: its record is not a struct"
                )));
            }
            objects.push(Obj {
                class,
                id,
                snapshot,
            });
        }
        Ok(Ova { version, objects })
    }

    /// The export's format version (0 when missing, as xapi reads it).
    pub fn export_vsn(&self) -> i64 {
        self.version
            .get("export_vsn")
            .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
            .unwrap_or(0)
    }
}
