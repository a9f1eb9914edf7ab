//! xapi's database format, shared by the app (File > Open database dump) and the demo server.
//!
//! - [`db`]: tables, generations and the change log behind `event.from`.
//! - [`dump`], [`sexpr`], [`schema`]: reading (and writing) xapi's database XML.
//! - [`cache_of`]: the object cache a client would hold for a database, to show a dump
//!   without a server.

pub mod db;
pub mod dump;
pub mod schema;
pub mod sexpr;

pub use db::Db;

/// The object cache a client would hold after loading every record of `db`: how an opened
/// dump is shown without a server.
pub fn cache_of(db: &Db) -> xenapi::Cache {
    let mut cache = xenapi::Cache::default();
    for class in xenapi::cache::CLASSES {
        let Some(name) = db.canonical_class(class).map(str::to_string) else {
            continue;
        };
        let Some(table) = db.table(&name) else {
            continue;
        };
        let records: serde_json::Map<String, serde_json::Value> = table
            .rows
            .iter()
            .map(|(r, row)| (r.clone(), serde_json::Value::Object(row.fields.clone())))
            .collect();
        if let Err(e) = cache.replace_class(class, serde_json::Value::Object(records)) {
            tracing::warn!(class, error = %e, "cannot build the cache from the dump");
        }
    }
    cache
}
