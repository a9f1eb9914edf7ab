//! The New Storage wizard's model, NFS: what the probes answer and what Finish sends.
//!
//! As XenCenter's `NewSRWizard_Pages/Frontends/NFS_ISO.cs`/`NFS` page and `SrProbeAction`,
//! `SrCreateAction`, `SrIntroduceAction` (`XenModel/Actions/SR/*`) and the NFS driver
//! (sm `NFSSR.probe`, `nfs.scan_exports`/`scan_srlist`): a probe with the server alone fails
//! with `SR_BACKEND_FAILURE_101` carrying the exports as `<nfs-exports>` XML in its stderr
//! parameter; a probe with a path answers the `<SRlist>` of SRs already there, which are
//! offered for attaching (`SR.introduce`, a PBD per server, plugged) rather than a new
//! repository (`SR.create`, shared).

use super::vm_plans::{Arg, Plan, Step, quote};
use serde_json::{Map, Value, json};
use xenapi::{ApiError, Cache, Host, Ref};

/// What the user typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NfsSpec {
    pub server: String,
    pub path: String,
    /// `""` (the driver's default, NFSv3), `"4"`, `"4.1"`.
    pub version: String,
    pub name: String,
    pub description: String,
}

/// One export a server lists: its path and who may mount it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub path: String,
    pub access: String,
}

impl NfsSpec {
    /// `device_config` as the NFS driver takes it; the path only when `with_path`.
    pub fn device_config(&self, with_path: bool) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("server".into(), json!(self.server.trim()));
        if with_path {
            m.insert("serverpath".into(), json!(self.path.trim()));
        }
        if !self.version.is_empty() {
            m.insert("nfsversion".into(), json!(self.version));
        }
        m
    }

    fn xe_config(&self) -> String {
        self.device_config(true)
            .iter()
            .map(|(k, v)| {
                format!(
                    "device-config:{k}={}",
                    quote(v.as_str().unwrap_or_default())
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Why the fields are not enough yet (a Fluent id), for a scan (`with_path` false) or a
    /// check of the path.
    pub fn invalid(&self, with_path: bool) -> Option<&'static str> {
        let server = self.server.trim();
        if server.is_empty() || server.contains(char::is_whitespace) {
            return Some("sr-new-err-server");
        }
        if with_path && !self.path.trim().starts_with('/') {
            return Some("sr-new-err-path");
        }
        None
    }
}

/// The pool's coordinator, where probes and creates run.
pub fn coordinator(cache: &Cache) -> Option<Ref<Host>> {
    cache.pools.values().next().map(|p| p.master.clone())
}

/// The `SR.probe` arguments (`host, device_config, type, sm_config`).
pub fn probe_args(host: &Ref<Host>, spec: &NfsSpec, with_path: bool) -> Vec<Value> {
    vec![
        json!(host.as_str()),
        Value::Object(spec.device_config(with_path)),
        json!("nfs"),
        json!({}),
    ]
}

/// The exports in a server-only probe's failure (`SR_BACKEND_FAILURE_101`, its stderr);
/// `None` when the error is something else (to show as it is).
pub fn exports_of(e: &ApiError) -> Option<Vec<Export>> {
    if e.code != "SR_BACKEND_FAILURE_101" {
        return None;
    }
    let xml = e.params.iter().find(|p| p.contains("<nfs-exports"))?;
    let root = xenapi::xmltree::parse(xml).ok()?;
    Some(
        root.elements()
            .filter(|x| x.name == "Export")
            .map(|x| Export {
                path: x
                    .child("Path")
                    .map(|p| p.text().trim().to_string())
                    .unwrap_or_default(),
                access: x
                    .child("Accesslist")
                    .map(|p| p.text().trim().to_string())
                    .unwrap_or_default(),
            })
            .filter(|x| !x.path.is_empty())
            .collect(),
    )
}

/// The SR UUIDs of a probe's `<SRlist>`.
pub fn srs_of(xml: &str) -> Vec<String> {
    xenapi::xmltree::parse(xml)
        .map(|root| {
            root.elements()
                .filter(|x| x.name == "SR")
                .filter_map(|x| x.child("UUID").map(|u| u.text().trim().to_string()))
                .filter(|u| !u.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// One `SR.create` call, whatever the storage: the one place its arguments' order (xapi's:
/// host, device_config, physical_size, name_label, name_description, type, content_type,
/// shared, sm_config) and its `xe sr-create` line are written.
pub struct SrCreate<'a> {
    pub host: &'a Ref<Host>,
    /// `device_config`: a value, or one a step before makes (a secret's UUID).
    pub config: Arg,
    /// The `device-config:…` part of the `xe` line.
    pub xe_config: String,
    pub name: &'a str,
    pub description: &'a str,
    pub kind: &'a str,
    pub content_type: &'a str,
    pub shared: bool,
}

impl SrCreate<'_> {
    /// The call (a task: formatting takes a while) and its `xe` line.
    pub fn step(self, cache: &Cache) -> (Step, String) {
        let host_uuid = cache
            .hosts
            .get(self.host)
            .map(|h| h.uuid.clone())
            .unwrap_or_default();
        let xe = format!(
            "xe sr-create host-uuid={host_uuid} type={} content-type={} shared={} name-label={} {}",
            self.kind,
            self.content_type,
            self.shared,
            quote(self.name),
            self.xe_config
        );
        let args = vec![
            Arg::Value(json!(self.host.as_str())),
            self.config,
            Arg::Value(json!("0")),
            Arg::Value(json!(self.name)),
            Arg::Value(json!(self.description)),
            Arg::Value(json!(self.kind)),
            Arg::Value(json!(self.content_type)),
            Arg::Value(json!(self.shared)),
            Arg::Value(json!({})),
        ];
        (Step::task("SR.create", args), xe)
    }
}

/// A new shared NFS repository, created on the coordinator.
pub fn create(cache: &Cache, spec: &NfsSpec) -> Plan {
    let host = coordinator(cache).unwrap_or_else(|| Ref::new(""));
    let (step, xe) = SrCreate {
        host: &host,
        config: Arg::Value(Value::Object(spec.device_config(true))),
        xe_config: spec.xe_config(),
        name: spec.name.trim(),
        description: spec.description.trim(),
        kind: "nfs",
        content_type: "user",
        shared: true,
    }
    .step(cache);
    Plan {
        steps: vec![step],
        xe: vec![xe],
        creates: None,
    }
}

/// Attaches the SR `uuid` found at the path: introduced, a PBD per server (the
/// coordinator's first), each plugged.
pub fn attach(cache: &Cache, spec: &NfsSpec, uuid: &str) -> Plan {
    let mut steps = vec![Step::call(
        "SR.introduce",
        [
            json!(uuid),
            json!(spec.name.trim()),
            json!(spec.description.trim()),
            json!("nfs"),
            json!("user"),
            json!(true),
            json!({}),
        ]
        .into_iter()
        .map(Arg::Value)
        .collect(),
    )];
    let mut xe = vec![format!(
        "xe sr-introduce uuid={uuid} type=nfs content-type=user shared=true name-label={}",
        quote(spec.name.trim())
    )];
    let master = coordinator(cache);
    let mut hosts: Vec<(&Ref<Host>, &xenapi::Host)> = cache.hosts.iter().collect();
    hosts.sort_by_key(|(r, h)| (Some(*r) != master.as_ref(), h.name_label.clone()));
    for (r, h) in hosts {
        let created = steps.len();
        steps.push(Step::call(
            "PBD.create",
            vec![Arg::Map(vec![
                ("host".into(), Arg::Value(json!(r.as_str()))),
                ("SR".into(), Arg::Result(0)),
                (
                    "device_config".into(),
                    Arg::Value(Value::Object(spec.device_config(true))),
                ),
                ("other_config".into(), Arg::Value(json!({}))),
            ])],
        ));
        steps.push(Step::task("PBD.plug", vec![Arg::Result(created)]));
        xe.push(format!(
            "xe pbd-create host-uuid={} sr-uuid={uuid} {}",
            h.uuid,
            spec.xe_config()
        ));
        xe.push("xe pbd-plug uuid=<the new PBD>".into());
    }
    Plan {
        steps,
        xe,
        creates: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> NfsSpec {
        NfsSpec {
            server: "nfs.example.lan".into(),
            path: "/export/new".into(),
            version: "4".into(),
            name: "VM store".into(),
            description: String::new(),
        }
    }

    #[test]
    fn exports_are_read_from_the_drivers_failure_and_srs_from_its_list() {
        let xml = "<?xml version=\"1.0\" ?>\n<nfs-exports>\n\t<Export>\n\t\t<Target>n</Target>\n\t\t<Path>/export/vms</Path>\n\t\t<Accesslist>*</Accesslist>\n\t</Export>\n\t<Export>\n\t\t<Target>n</Target>\n\t\t<Path>/a&amp;b</Path>\n\t\t<Accesslist>10.0.0.0/24</Accesslist>\n\t</Export>\n</nfs-exports>\n";
        let e = ApiError::new(
            "SR_BACKEND_FAILURE_101",
            ["", "The request is missing the serverpath parameter", xml],
        );
        let ex = exports_of(&e).unwrap();
        assert_eq!(ex.len(), 2);
        assert_eq!(ex[1].path, "/a&b");
        assert_eq!(ex[1].access, "10.0.0.0/24");
        assert_eq!(
            exports_of(&ApiError::new("SR_BACKEND_FAILURE_73", ["", "x", ""])),
            None
        );
        let list = "<?xml version=\"1.0\" ?>\n<SRlist>\n\t<SR>\n\t\t<UUID>7d3c</UUID>\n\t</SR>\n</SRlist>\n";
        assert_eq!(srs_of(list), ["7d3c"]);
        assert!(srs_of("not xml").is_empty());
    }

    #[test]
    fn create_and_attach_send_what_xencenter_sends() {
        let c = xapidb::cache_of(&demo::demo_pool());
        let p = create(&c, &spec());
        assert_eq!(p.steps[0].method, "SR.create");
        assert_eq!(p.steps[0].args.len(), 9);
        assert!(p.xe[0].contains("device-config:serverpath=/export/new"));
        assert!(p.xe[0].contains("device-config:nfsversion=4"));
        assert!(p.xe[0].contains("name-label='VM store'"));
        let p = attach(&c, &spec(), "7d3c");
        let methods: Vec<&str> = p.steps.iter().map(|s| s.method.as_str()).collect();
        assert_eq!(
            methods,
            [
                "SR.introduce",
                "PBD.create",
                "PBD.plug",
                "PBD.create",
                "PBD.plug"
            ]
        );
        assert_eq!(p.steps[2].args, [Arg::Result(1)]);
        assert_eq!(p.steps[4].args, [Arg::Result(3)]);
    }

    #[test]
    fn a_server_and_an_absolute_path_are_needed() {
        let mut s = spec();
        assert_eq!(s.invalid(true), None);
        s.path = "export".into();
        assert_eq!(s.invalid(true), Some("sr-new-err-path"));
        assert_eq!(s.invalid(false), None);
        s.server = " ".into();
        assert_eq!(s.invalid(false), Some("sr-new-err-server"));
    }
}
