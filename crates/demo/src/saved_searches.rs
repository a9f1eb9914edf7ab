//! Two searches saved by XenCenter in the built-in pool's `gui_config`, so a user of the demo
//! sees XenCenter's own saved searches listed and can run them. Each is what XenCenter's
//! `Search.Save` writes (`XenModel/XenSearch/Search.cs`): the key `xensearch.Search-<uuid>`
//! and the `<Search>` element of `SearchMarshalling.SearchToXML` as `XmlNode.OuterXml`
//! prints it (attributes in the order written, no whitespace between elements, ` />`): the
//! query (`Query`: its `QueryScope`, then the filter of `QueryTypes.cs`), the grouping, the
//! columns and the sorting XenCenter's search panel keeps with it.

use serde_json::Value;
use xapidb::Db;

/// `(uuid, the <Search> element)` of each.
pub const SEARCHES: [(&str, &str); 2] = [
    (
        "6f1c3e0a-4b7d-4f59-9a2e-0c8d5b1e7a42",
        concat!(
            r#"<Search uuid="6f1c3e0a-4b7d-4f59-9a2e-0c8d5b1e7a42" name="Running VMs by server" "#,
            r#"major_version="2" minor_version="0"><Query><QueryScope><VM /></QueryScope>"#,
            r#"<EnumPropertyQuery property="power_state" equals="yes" query="Running" /></Query>"#,
            r#"<XenModelObjectPropertyGrouping property="host" /><columns>"#,
            r#"<column name="name" width="250" /><column name="cpu" width="115" />"#,
            r#"<column name="memory" width="115" /><column name="ip" width="120" />"#,
            r#"</columns><sorting><sort column="name" ascending="yes" /></sorting></Search>"#,
        ),
    ),
    (
        "b2d94a71-0e3f-4c8a-8d15-7f6a2c9e4b30",
        concat!(
            r#"<Search uuid="b2d94a71-0e3f-4c8a-8d15-7f6a2c9e4b30" name="Web servers" "#,
            r#"major_version="2" minor_version="0"><Query><QueryScope><VM /></QueryScope>"#,
            r#"<StringPropertyQuery property="label" casesensitive="no" query="web" "#,
            r#"type="contains" /></Query><columns><column name="name" width="250" />"#,
            r#"<column name="memory" width="115" /><column name="uptime" width="115" />"#,
            r#"</columns><sorting><sort column="name" ascending="yes" /></sorting></Search>"#,
        ),
    ),
];

/// `BrandManager.ExtensionSearch + ".Search-"`.
const PREFIX: &str = "xensearch.Search-";

/// Adds the searches to the pool's `gui_config` (other keys kept).
pub fn seed(db: &mut Db) {
    let Some(pool) = db.table("pool").and_then(|t| t.rows.keys().next().cloned()) else {
        return;
    };
    db.update("pool", &pool, |f| {
        let gui = f
            .entry("gui_config")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Value::Object(m) = gui {
            for (uuid, xml) in SEARCHES {
                m.insert(format!("{PREFIX}{uuid}"), Value::String(xml.into()));
            }
        }
    });
}
