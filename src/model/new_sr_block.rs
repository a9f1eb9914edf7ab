//! The New Storage wizard's model for iSCSI and SMB: what the probes answer and what Finish
//! sends.
//!
//! As XenCenter's `NewSRWizard_Pages/Frontends/LVMoISCSI.cs` and `CIFSFrontend.cs`,
//! `SrProbeAction` and `SrCreateAction`/`SrIntroduceAction` (`XenModel/Actions/SR/*`), and
//! the drivers (sm `BaseISCSI._scan_IQNs`/`print_entries`, `LVHDoISCSISR.print_LUNs_XML`,
//! `SMBSR.probe`): an iSCSI probe without `targetIQN` fails with `SR_BACKEND_FAILURE_96`
//! carrying the portal's IQNs as `<iscsi-target-iqns>`; without `SCSIid`, with
//! `SR_BACKEND_FAILURE_107` carrying the LUNs as `<iscsi-target>`; with both it answers the
//! `<SRlist>` of the volume group on the LUN. Probes send the password plainly, as XenCenter
//! does; Finish stores it as a xapi secret first (`secret.create`, then the secret's UUID
//! under `chappassword_secret` or `password_secret`), as `SrCreateAction.CreateSecret` does.

use super::new_sr::coordinator;
use super::vm_plans::{Arg, Plan, Step, quote};
use serde_json::{Map, Value, json};
use xenapi::{ApiError, Cache, Host, Ref};

/// What the user typed for an iSCSI target, and what they picked from its answers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IscsiSpec {
    pub target: String,
    pub port: String,
    pub chap: bool,
    pub chap_user: String,
    pub chap_secret: String,
    /// The IQN picked from the discovery; `""` before.
    pub iqn: String,
    /// The LUN picked (its SCSI ID); `""` before.
    pub scsi_id: String,
}

/// What the user typed for an SMB share.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SmbSpec {
    /// `\\server\share`.
    pub share: String,
    pub user: String,
    pub password: String,
}

/// One IQN a portal lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iqn {
    pub address: String,
    pub port: Option<u16>,
    pub iqn: String,
}

/// One LUN a target lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lun {
    pub id: String,
    pub scsi_id: String,
    pub vendor: String,
    pub serial: String,
    pub size: i64,
}

/// How far an iSCSI probe goes: the IQNs, the LUNs of an IQN, or the SR on a LUN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IscsiStage {
    Iqns,
    Luns,
    Lun,
}

impl IscsiSpec {
    fn port(&self) -> String {
        let p = self.port.trim();
        if p.is_empty() {
            "3260".into()
        } else {
            p.into()
        }
    }

    /// `device_config` without the password (which goes plainly in a probe, as a secret
    /// on Finish).
    fn base_config(&self, stage: IscsiStage) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("target".into(), json!(self.target.trim()));
        m.insert("port".into(), json!(self.port()));
        if self.chap {
            m.insert("chapuser".into(), json!(self.chap_user.trim()));
        }
        if stage != IscsiStage::Iqns {
            m.insert("targetIQN".into(), json!(self.iqn));
        }
        if stage == IscsiStage::Lun {
            m.insert("SCSIid".into(), json!(self.scsi_id));
        }
        m
    }

    /// `device_config` of a probe at `stage`.
    pub fn probe_config(&self, stage: IscsiStage) -> Map<String, Value> {
        let mut m = self.base_config(stage);
        if self.chap {
            m.insert("chappassword".into(), json!(self.chap_secret));
        }
        m
    }

    /// Why the fields are not enough for a probe at `stage` (a Fluent id).
    pub fn invalid(&self, stage: IscsiStage) -> Option<&'static str> {
        let t = self.target.trim();
        if t.is_empty() || t.contains(char::is_whitespace) {
            return Some("sr-new-err-target");
        }
        if !matches!(self.port().parse::<u32>(), Ok(1..=65535)) {
            return Some("sr-new-err-port");
        }
        if self.chap && (self.chap_user.trim().is_empty() || self.chap_secret.is_empty()) {
            return Some("sr-new-err-chap");
        }
        if stage != IscsiStage::Iqns && self.iqn.is_empty() {
            return Some("sr-new-err-iqn");
        }
        if stage == IscsiStage::Lun && self.scsi_id.is_empty() {
            return Some("sr-new-err-lun");
        }
        None
    }
}

impl SmbSpec {
    /// `\\server\share` from what was typed (forward slashes allowed).
    fn unc(&self) -> String {
        self.share.trim().replace('/', "\\")
    }

    fn base_config(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("server".into(), json!(self.unc()));
        if !self.user.trim().is_empty() {
            m.insert("username".into(), json!(self.user.trim()));
        }
        m
    }

    pub fn probe_config(&self) -> Map<String, Value> {
        let mut m = self.base_config();
        if !self.user.trim().is_empty() {
            m.insert("password".into(), json!(self.password));
        }
        m
    }

    pub fn invalid(&self) -> Option<&'static str> {
        let unc = self.unc();
        let ok = unc
            .strip_prefix("\\\\")
            .and_then(|r| r.split_once('\\'))
            .is_some_and(|(h, s)| !h.is_empty() && !s.is_empty() && !unc.contains(' '));
        (!ok).then_some("sr-new-err-share")
    }
}

/// The `SR.probe` arguments for `kind` (`host, device_config, type, sm_config`).
pub fn probe_args(host: &Ref<Host>, kind: &str, config: Map<String, Value>) -> Vec<Value> {
    vec![
        json!(host.as_str()),
        Value::Object(config),
        json!(kind),
        json!({}),
    ]
}

fn stderr_xml<'a>(e: &'a ApiError, code: &str, root: &str) -> Option<&'a String> {
    (e.code == code)
        .then(|| e.params.iter().find(|p| p.contains(&format!("<{root}"))))
        .flatten()
}

/// The trimmed text of `x`'s child `name` (empty when absent): a field of sm's probe XML.
pub(super) fn child(x: &xenapi::xmltree::Element, name: &str) -> String {
    x.child(name)
        .map(|c| c.text().trim().to_string())
        .unwrap_or_default()
}

/// The IQNs in a discovery's failure (`SR_BACKEND_FAILURE_96`), without the driver's `*`
/// wildcard entry; `None` when the error is something else (to show as it is).
pub fn iqns_of(e: &ApiError) -> Option<Vec<Iqn>> {
    let root = xenapi::xmltree::parse(stderr_xml(e, "SR_BACKEND_FAILURE_96", "iscsi-target-iqns")?)
        .ok()?;
    Some(
        root.elements()
            .filter(|x| x.name == "TGT")
            .map(|x| Iqn {
                address: child(x, "IPAddress"),
                port: child(x, "Port").parse().ok(),
                iqn: child(x, "TargetIQN"),
            })
            .filter(|i| !i.iqn.is_empty() && i.iqn != "*")
            .collect(),
    )
}

/// The LUNs in a probe's failure (`SR_BACKEND_FAILURE_107` with `<iscsi-target>`); `None`
/// when the error is something else.
pub fn luns_of(e: &ApiError) -> Option<Vec<Lun>> {
    let root =
        xenapi::xmltree::parse(stderr_xml(e, "SR_BACKEND_FAILURE_107", "iscsi-target")?).ok()?;
    Some(
        root.elements()
            .filter(|x| x.name == "LUN")
            .map(|x| Lun {
                id: child(x, "LUNid"),
                scsi_id: child(x, "SCSIid"),
                vendor: child(x, "vendor"),
                serial: child(x, "serial"),
                size: child(x, "size").parse().unwrap_or(0),
            })
            .filter(|l| !l.scsi_id.is_empty())
            .collect(),
    )
}

/// A new repository or one to attach, whatever the type: Finish's plan.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSr {
    /// `lvmoiscsi`, `smb`, `iso`.
    pub kind: &'static str,
    /// `device_config` without the password.
    pub config: Map<String, Value>,
    /// The password and the key it belongs under (`chappassword`, `password`).
    pub secret: Option<(&'static str, String)>,
    pub name: String,
    pub description: String,
}

impl NewSr {
    pub fn iscsi(spec: &IscsiSpec, name: &str, description: &str) -> NewSr {
        NewSr {
            kind: "lvmoiscsi",
            config: spec.base_config(IscsiStage::Lun),
            secret: spec
                .chap
                .then(|| ("chappassword", spec.chap_secret.clone())),
            name: name.trim().into(),
            description: description.trim().into(),
        }
    }

    pub fn smb(spec: &SmbSpec, name: &str, description: &str) -> NewSr {
        NewSr {
            kind: "smb",
            config: spec.base_config(),
            secret: (!spec.user.trim().is_empty()).then(|| ("password", spec.password.clone())),
            name: name.trim().into(),
            description: description.trim().into(),
        }
    }

    /// What the repository holds: ISO images for an ISO library, VM disks otherwise.
    fn content_type(&self) -> &'static str {
        if self.kind == "iso" { "iso" } else { "user" }
    }

    /// The secret's steps (its UUID is step 1's answer) and the `device_config` naming it.
    pub(super) fn config_with_secret(&self, steps: &mut Vec<Step>, xe: &mut Vec<String>) -> Arg {
        let mut fields: Vec<(String, Arg)> = self
            .config
            .iter()
            .map(|(k, v)| (k.clone(), Arg::Value(v.clone())))
            .collect();
        if let Some((key, value)) = &self.secret {
            steps.push(Step::call(
                "secret.create",
                vec![Arg::Value(json!({"value": value, "other_config": {}}))],
            ));
            steps.push(Step::call(
                "secret.get_uuid",
                vec![Arg::Result(steps.len() - 1)],
            ));
            fields.push((format!("{key}_secret"), Arg::Result(steps.len() - 1)));
            xe.push("xe secret-create value='********'".into());
        }
        Arg::Map(fields)
    }

    pub(super) fn xe_config(&self) -> String {
        let mut parts: Vec<String> = self
            .config
            .iter()
            .map(|(k, v)| {
                format!(
                    "device-config:{k}={}",
                    quote(v.as_str().unwrap_or_default())
                )
            })
            .collect();
        if let Some((key, _)) = &self.secret {
            parts.push(format!("device-config:{key}_secret=<the new secret>"));
        }
        parts.join(" ")
    }

    /// A new shared repository, created on the coordinator (an iSCSI LUN is formatted).
    pub fn create(&self, cache: &Cache) -> Plan {
        let host = coordinator(cache).unwrap_or_else(|| Ref::new(""));
        let mut steps = Vec::new();
        let mut xe = Vec::new();
        let config = self.config_with_secret(&mut steps, &mut xe);
        let (step, line) = super::new_sr::SrCreate {
            host: &host,
            config,
            xe_config: self.xe_config(),
            name: &self.name,
            description: &self.description,
            kind: self.kind,
            content_type: self.content_type(),
            shared: true,
        }
        .step(cache);
        steps.push(step);
        xe.push(line);
        Plan {
            steps,
            xe,
            creates: None,
        }
    }

    /// Attaches the SR `uuid` found by the probe: introduced, a PBD per server (the
    /// coordinator's first), each plugged.
    pub fn attach(&self, cache: &Cache, uuid: &str) -> Plan {
        let mut steps = Vec::new();
        let mut xe = Vec::new();
        let config = self.config_with_secret(&mut steps, &mut xe);
        let introduced = steps.len();
        steps.push(Step::call(
            "SR.introduce",
            [
                json!(uuid),
                json!(self.name),
                json!(self.description),
                json!(self.kind),
                json!(self.content_type()),
                json!(true),
                json!({}),
            ]
            .into_iter()
            .map(Arg::Value)
            .collect(),
        ));
        xe.push(format!(
            "xe sr-introduce uuid={uuid} type={} content-type={} shared=true name-label={}",
            self.kind,
            self.content_type(),
            quote(&self.name)
        ));
        let master = coordinator(cache);
        let mut hosts: Vec<(&Ref<Host>, &xenapi::Host)> = cache.hosts.iter().collect();
        hosts.sort_by_key(|(r, h)| (Some(*r) != master.as_ref(), h.name_label.clone()));
        for (r, h) in hosts {
            let created = steps.len();
            steps.push(Step::call(
                "PBD.create",
                vec![Arg::Map(vec![
                    ("host".into(), Arg::Value(json!(r.as_str()))),
                    ("SR".into(), Arg::Result(introduced)),
                    ("device_config".into(), config.clone()),
                    ("other_config".into(), Arg::Value(json!({}))),
                ])],
            ));
            steps.push(Step::task("PBD.plug", vec![Arg::Result(created)]));
            xe.push(format!(
                "xe pbd-create host-uuid={} sr-uuid={uuid} {}",
                h.uuid,
                self.xe_config()
            ));
            xe.push("xe pbd-plug uuid=<the new PBD>".into());
        }
        Plan {
            steps,
            xe,
            creates: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> IscsiSpec {
        IscsiSpec {
            target: "iscsi.example.lan".into(),
            chap: true,
            chap_user: "xenpilot".into(),
            chap_secret: "s3cret".into(),
            iqn: "iqn.2026-01.lan.example:vms".into(),
            scsi_id: "3600".into(),
            ..IscsiSpec::default()
        }
    }

    #[test]
    fn iqns_and_luns_are_read_from_the_drivers_failures() {
        let xml = "<?xml version=\"1.0\" ?>\n<iscsi-target-iqns>\n\t<TGT>\n\t\t<Index>0</Index>\n\t\t<IPAddress>10.0.0.5</IPAddress>\n\t\t<Port>3261</Port>\n\t\t<TargetIQN>iqn.a:b</TargetIQN>\n\t</TGT>\n\t<TGT>\n\t\t<Index>1</Index>\n\t\t<IPAddress>10.0.0.5</IPAddress>\n\t\t<TargetIQN>*</TargetIQN>\n\t</TGT>\n</iscsi-target-iqns>\n";
        let e = ApiError::new("SR_BACKEND_FAILURE_96", ["", "missing IQN", xml]);
        let iqns = iqns_of(&e).unwrap();
        assert_eq!(
            iqns,
            [Iqn {
                address: "10.0.0.5".into(),
                port: Some(3261),
                iqn: "iqn.a:b".into()
            }]
        );
        assert_eq!(luns_of(&e), None);
        let xml = "<iscsi-target><LUN><vendor>LIO-ORG</vendor><serial>ab</serial><LUNid>1</LUNid><size>536870912000</size><SCSIid>3600f</SCSIid></LUN></iscsi-target>";
        let e = ApiError::new("SR_BACKEND_FAILURE_107", ["", "no SCSIid", xml]);
        let luns = luns_of(&e).unwrap();
        assert_eq!(luns[0].size, 500 << 30);
        assert_eq!(luns[0].scsi_id, "3600f");
        // The same code without a list (a SCSI ID the target lacks) is an error to show.
        let bare = ApiError::new("SR_BACKEND_FAILURE_107", ["", "no SCSIid", ""]);
        assert_eq!(luns_of(&bare), None);
        assert_eq!(
            iqns_of(&ApiError::new("SR_BACKEND_FAILURE_96", ["", "", "<junk"])),
            None
        );
    }

    #[test]
    fn each_probe_stage_needs_its_fields() {
        let mut s = spec();
        assert_eq!(s.invalid(IscsiStage::Lun), None);
        s.port = "70000".into();
        assert_eq!(s.invalid(IscsiStage::Iqns), Some("sr-new-err-port"));
        s.port = String::new();
        s.chap_secret.clear();
        assert_eq!(s.invalid(IscsiStage::Iqns), Some("sr-new-err-chap"));
        s.chap = false;
        s.iqn.clear();
        assert_eq!(s.invalid(IscsiStage::Iqns), None);
        assert_eq!(s.invalid(IscsiStage::Luns), Some("sr-new-err-iqn"));
        let c = spec().probe_config(IscsiStage::Luns);
        assert_eq!(c["port"], "3260");
        assert_eq!(c["chappassword"], "s3cret");
        assert!(!c.contains_key("SCSIid"));
        let smb = SmbSpec {
            share: "//smb.example.lan/vms".into(),
            ..SmbSpec::default()
        };
        assert_eq!(smb.invalid(), None);
        assert_eq!(smb.probe_config()["server"], "\\\\smb.example.lan\\vms");
        assert!(!smb.probe_config().contains_key("password"));
        let bad = SmbSpec {
            share: "smb.example.lan".into(),
            ..SmbSpec::default()
        };
        assert_eq!(bad.invalid(), Some("sr-new-err-share"));
    }

    #[test]
    fn the_password_goes_in_as_a_secret_and_is_never_shown() {
        let c = xapidb::cache_of(&demo::demo_pool());
        let new = NewSr::iscsi(&spec(), "LUN store", "");
        let p = new.create(&c);
        let methods: Vec<&str> = p.steps.iter().map(|s| s.method.as_str()).collect();
        assert_eq!(methods, ["secret.create", "secret.get_uuid", "SR.create"]);
        let config = p.steps[2].args[1].resolve(&[json!("OpaqueRef:s"), json!("u-1")]);
        assert_eq!(config["chappassword_secret"], "u-1");
        assert!(config.get("chappassword").is_none());
        assert_eq!(config["SCSIid"], "3600");
        assert!(p.xe.iter().all(|l| !l.contains("s3cret")), "{:?}", p.xe);
        assert!(p.xe[1].contains("type=lvmoiscsi"));
        let p = new.attach(&c, "4c1e");
        let methods: Vec<&str> = p.steps.iter().map(|s| s.method.as_str()).collect();
        assert_eq!(
            methods,
            [
                "secret.create",
                "secret.get_uuid",
                "SR.introduce",
                "PBD.create",
                "PBD.plug",
                "PBD.create",
                "PBD.plug"
            ]
        );
        assert_eq!(p.steps[4].args, [Arg::Result(3)]);
        let pbd = p.steps[3].args[0].resolve(&[json!("s"), json!("u-1"), json!("OpaqueRef:sr")]);
        assert_eq!(pbd["SR"], "OpaqueRef:sr");
        assert_eq!(pbd["device_config"]["chappassword_secret"], "u-1");
        // No CHAP, no secret.
        let plain = NewSr::iscsi(
            &IscsiSpec {
                chap: false,
                ..spec()
            },
            "x",
            "",
        );
        assert_eq!(plain.create(&c).steps.len(), 1);
        let smb = NewSr::smb(
            &SmbSpec {
                share: "\\\\smb.example.lan\\vms".into(),
                user: "storage".into(),
                password: "pw".into(),
            },
            "Share",
            "",
        );
        let p = smb.create(&c);
        let config = p.steps[2].args[1].resolve(&[json!("s"), json!("u-2")]);
        assert_eq!(config["password_secret"], "u-2");
        assert_eq!(config["username"], "storage");
        assert!(
            p.xe.iter()
                .all(|l| !l.contains("pw ") && !l.ends_with("pw"))
        );
    }
}
