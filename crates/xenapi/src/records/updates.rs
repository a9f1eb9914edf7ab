//! Updates applied to hosts, as xapi lists them (`pool_update`, XenServer 7.1 and later;
//! XCP-ng installs updates with yum, so its hosts list none and only the General tab's
//! other facts show).

#[allow(unused_imports)]
use super::*;
use crate::record;

record! {
    /// An update (hotfix or cumulative update) uploaded to the pool (`pool_update`).
    pub struct PoolUpdate ("pool_update") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// The update's name (`XS82ECU1001`).
        name_label: String = "name_label",
        /// What it fixes.
        name_description: String = "name_description",
        /// Its version.
        version: String = "version",
    }
}
