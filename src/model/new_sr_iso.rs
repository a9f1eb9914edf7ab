//! The New Storage wizard's ISO library: an NFS export or an SMB share of ISO files, shared
//! by every server, as XenCenter's `NewSRWizard_Pages/Frontends/NFS_ISO.cs` and
//! `CIFS_ISO.cs` send it to sm's `ISOSR`: type `iso`, content type `iso`,
//! `device_config` `location` (`server:/path`, or `//server/share` with a deeper folder
//! in `iso_path`), `type` (`nfs_iso` or `cifs`), `nfsversion`, `username` and the password
//! (as a xapi secret under `cifspassword_secret`). The driver has no probe: Finish creates.

use super::new_sr_block::NewSr;
use serde_json::{Map, Value, json};

/// What the user typed for an ISO library.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IsoSpec {
    /// An SMB share; else an NFS export.
    pub smb: bool,
    /// `server:/path`, or `\\server\share[\folder]`.
    pub location: String,
    /// `""` (NFSv3) or `"4"`.
    pub nfs_version: String,
    pub user: String,
    pub password: String,
}

impl IsoSpec {
    /// The SMB location split as XenCenter splits it: `//server/share` and the folder below
    /// (`/a/b`), if any.
    fn smb_parts(&self) -> Option<(String, Option<String>)> {
        let unc = self.location.trim().replace('\\', "/");
        let rest = unc.strip_prefix("//")?;
        let mut bits = rest.split('/').filter(|b| !b.is_empty());
        let (server, share) = (bits.next()?, bits.next()?);
        let folder: Vec<&str> = bits.collect();
        let folder = (!folder.is_empty()).then(|| format!("/{}", folder.join("/")));
        Some((format!("//{server}/{share}"), folder))
    }

    /// Why the fields are not enough yet (a Fluent id).
    pub fn invalid(&self) -> Option<&'static str> {
        let l = self.location.trim();
        if l.contains(char::is_whitespace) {
            return Some(if self.smb {
                "sr-new-err-share"
            } else {
                "sr-new-err-iso-nfs"
            });
        }
        if self.smb {
            return self.smb_parts().is_none().then_some("sr-new-err-share");
        }
        let ok = l
            .split_once(':')
            .is_some_and(|(server, path)| !server.is_empty() && path.starts_with('/'));
        (!ok).then_some("sr-new-err-iso-nfs")
    }

    /// `device_config` without the password.
    fn config(&self) -> Map<String, Value> {
        let mut m = Map::new();
        if self.smb {
            let (location, folder) = self.smb_parts().unwrap_or_default();
            m.insert("location".into(), json!(location));
            if let Some(f) = folder {
                m.insert("iso_path".into(), json!(f));
            }
            m.insert("type".into(), json!("cifs"));
            if !self.user.trim().is_empty() {
                m.insert("username".into(), json!(self.user.trim()));
            }
        } else {
            m.insert("location".into(), json!(self.location.trim()));
            m.insert("type".into(), json!("nfs_iso"));
            if !self.nfs_version.is_empty() {
                m.insert("nfsversion".into(), json!(self.nfs_version));
            }
        }
        m
    }

    /// Where the library is, for the pages' sentences.
    pub fn at(&self) -> String {
        self.location.trim().to_string()
    }

    /// Finish's library (the password, with a user, as a secret).
    pub fn new_sr(&self, name: &str, description: &str) -> NewSr {
        NewSr {
            kind: "iso",
            config: self.config(),
            secret: (self.smb && !self.user.trim().is_empty())
                .then(|| ("cifspassword", self.password.clone())),
            name: name.trim().into(),
            description: description.trim().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::vm_plans::Arg;

    #[test]
    fn an_nfs_location_needs_a_server_and_an_absolute_path() {
        let mut s = IsoSpec {
            location: "nfs.example.lan:/export/iso".into(),
            ..IsoSpec::default()
        };
        assert_eq!(s.invalid(), None);
        assert_eq!(s.config()["type"], "nfs_iso");
        for bad in ["nfs.example.lan", "nfs.example.lan:export", ":/x", "a b:/x"] {
            s.location = bad.into();
            assert_eq!(s.invalid(), Some("sr-new-err-iso-nfs"), "{bad}");
        }
    }

    #[test]
    fn an_smb_folder_goes_in_iso_path_and_the_password_in_a_secret() {
        let s = IsoSpec {
            smb: true,
            location: "\\\\smb.example.lan\\isos\\windows".into(),
            user: "storage".into(),
            password: "smb-pass".into(),
            ..IsoSpec::default()
        };
        assert_eq!(s.invalid(), None);
        let c = s.config();
        assert_eq!(c["location"], "//smb.example.lan/isos");
        assert_eq!(c["iso_path"], "/windows");
        assert_eq!(c["type"], "cifs");
        assert!(!c.contains_key("cifspassword"));
        let cache = xapidb::cache_of(&demo::demo_pool());
        let p = s.new_sr("ISOs", "").create(&cache);
        let methods: Vec<&str> = p.steps.iter().map(|s| s.method.as_str()).collect();
        assert_eq!(methods, ["secret.create", "secret.get_uuid", "SR.create"]);
        let config = p.steps[2].args[1].resolve(&[json!("s"), json!("u-9")]);
        assert_eq!(config["cifspassword_secret"], "u-9");
        assert_eq!(p.steps[2].args[6], Arg::Value(json!("iso")), "content type");
        assert!(p.xe[1].contains("type=iso content-type=iso"), "{:?}", p.xe);
        assert!(p.xe.iter().all(|l| !l.contains("smb-pass")));
        let bare = IsoSpec {
            smb: true,
            location: "//smb.example.lan".into(),
            ..IsoSpec::default()
        };
        assert_eq!(bare.invalid(), Some("sr-new-err-share"));
    }
}
