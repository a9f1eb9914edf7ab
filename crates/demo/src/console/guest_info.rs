//! Which guest a VM is (Linux, Windows or a control domain) and what its screen shows of
//! it: names, OS, host, the boot log and the console's resolution for each boot.

use serde_json::Value;
use xapidb::Db;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Linux,
    Windows,
    Dom0,
}

/// What the guest's screen is made from, read from the database when it boots.
#[derive(Debug, Clone)]
pub struct GuestInfo {
    pub kind: Kind,
    pub name: String,
    pub hostname: String,
    pub os: String,
    pub host_name: String,
    pub host_address: String,
    pub product: String,
    /// A new VM booting from its install ISO (boot order CD first, a disc in the drive): its
    /// screen is the installer's menu, not a login.
    pub installer: bool,
}

fn text(v: Option<&Value>) -> String {
    v.and_then(Value::as_str).unwrap_or_default().to_string()
}

impl GuestInfo {
    /// The guest of `vm`, or `None` when there is no such VM.
    pub fn of(db: &Db, vm: &str) -> Option<GuestInfo> {
        let f = &db.get("VM", vm)?.fields;
        let name = text(f.get("name_label"));
        let host = text(f.get("resident_on"));
        let hf = db.get("host", &host).map(|r| &r.fields);
        let host_name = hf.map(|h| text(h.get("name_label"))).unwrap_or_default();
        let host_address = hf.map(|h| text(h.get("address"))).unwrap_or_default();
        let product = hf
            .and_then(|h| h.get("software_version"))
            .and_then(Value::as_object)
            .map(|sv| {
                format!(
                    "{} {}",
                    text(sv.get("product_brand")),
                    text(sv.get("product_version"))
                )
            })
            .filter(|p| p.trim().len() > 1)
            .unwrap_or_else(|| "XCP-ng 8.3.0".into());
        let os = f
            .get("guest_metrics")
            .and_then(Value::as_str)
            .and_then(|g| db.field("VM_guest_metrics", g, "os_version"))
            .and_then(Value::as_object)
            // Windows names read "Microsoft Windows Server 2022 Standard|C:\Windows|…".
            .map(|o| {
                text(o.get("name"))
                    .split('|')
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
            .unwrap_or_default();
        let control = f.get("is_control_domain").and_then(Value::as_bool) == Some(true);
        let says_windows = |s: &str| s.to_ascii_lowercase().contains("windows");
        let kind = if control {
            Kind::Dom0
        } else if says_windows(&os)
            || says_windows(&name)
            || name.to_ascii_lowercase().starts_with("win")
        {
            Kind::Windows
        } else {
            Kind::Linux
        };
        let order = f
            .get("HVM_boot_params")
            .and_then(|p| p.get("order"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        let disc_in = f
            .get("VBDs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter_map(|b| db.get("VBD", b))
            .any(|b| {
                b.fields.get("type").and_then(Value::as_str) == Some("CD")
                    && b.fields.get("empty").and_then(Value::as_bool) == Some(false)
            });
        let installer = kind == Kind::Linux && order.starts_with('d') && disc_in;
        let hostname: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect::<String>()
            .trim_matches('-')
            .to_string();
        Some(GuestInfo {
            kind,
            hostname: if hostname.is_empty() {
                "guest".into()
            } else {
                hostname
            },
            os: if os.is_empty() && kind == Kind::Linux {
                "Debian GNU/Linux 12".into()
            } else {
                os
            },
            name,
            host_name,
            host_address,
            product,
            installer,
        })
    }
}

/// The final resolution of a guest's console for its `count`th boot.
pub fn final_size(kind: Kind, count: u32) -> (usize, usize) {
    match (kind, count % 2) {
        (Kind::Dom0, _) => (640, 400),
        (Kind::Linux, 0) => (1024, 768),
        (Kind::Linux, _) => (800, 600),
        (Kind::Windows, 0) => (1024, 768),
        (Kind::Windows, _) => (1280, 800),
    }
}

pub fn boot_log(info: &GuestInfo) -> Vec<String> {
    let h = &info.hostname;
    [
        "[    0.000000] Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org)",
        "[    0.000000] Command line: BOOT_IMAGE=/vmlinuz-6.1.0-28-amd64 root=/dev/xvda1 ro quiet",
        "[    0.000000] DMI: Xen HVM domU, BIOS 4.17 01/01/2026",
        "[    0.000000] Hypervisor detected: Xen HVM",
        "[    0.412000] xen:events: Using FIFO-based ABI",
        "[    1.024000] blkfront: xvda: flush diskcache: enabled; persistent grants: enabled",
        "[    1.108000]  xvda: xvda1 xvda2 < xvda5 >",
        "[    1.377000] EXT4-fs (xvda1): mounted filesystem with ordered data mode",
        "[    2.001000] systemd[1]: Detected virtualization xen.",
        "[    2.004000] systemd[1]: Set hostname to <HOST>.",
        "[  OK  ] Started systemd-journald.service - Journal Service.",
        "[  OK  ] Reached target local-fs.target - Local File Systems.",
        "[  OK  ] Started xe-linux-distribution.service - Xen guest agent.",
        "[  OK  ] Reached target network-online.target - Network is Online.",
        "[  OK  ] Started ssh.service - OpenBSD Secure Shell server.",
        "[  OK  ] Started getty@tty1.service - Getty on tty1.",
        "[  OK  ] Reached target multi-user.target - Multi-User System.",
    ]
    .iter()
    .map(|l| l.replace("HOST", h))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A VM set to boot from its CD with a disc in the drive (New VM's install) is the
    /// installer; with the disk first, or no disc, it is the installed system.
    #[test]
    fn a_vm_booting_from_a_disc_is_the_installer() {
        let mut db = crate::demo_pool();
        let vm = db
            .table("VM")
            .and_then(|t| {
                t.rows
                    .iter()
                    .find(|(_, r)| r.fields.get("name_label") == Some(&"web-01".into()))
                    .map(|(r, _)| r.clone())
            })
            .unwrap();
        let cd = db
            .field("VM", &vm, "VBDs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .find(|b| db.field("VBD", b, "type") == Some(&"CD".into()))
            .map(str::to_string)
            .unwrap();
        let set_order = |db: &mut Db, order: &str| {
            db.set_field(
                "VM",
                &vm,
                "HVM_boot_params",
                serde_json::json!({ "order": order }),
            );
        };
        set_order(&mut db, "dc");
        db.set_field("VBD", &cd, "empty", Value::Bool(false));
        assert!(GuestInfo::of(&db, &vm).unwrap().installer);
        set_order(&mut db, "cd");
        assert!(!GuestInfo::of(&db, &vm).unwrap().installer, "disk first");
        set_order(&mut db, "dc");
        db.set_field("VBD", &cd, "empty", Value::Bool(true));
        assert!(!GuestInfo::of(&db, &vm).unwrap().installer, "no disc");
    }
}
