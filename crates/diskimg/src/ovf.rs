//! OVF envelopes (DMTF DSP0243 1.x and 2.x) as VMware, VirtualBox and XenCenter write them:
//! the files, the disks, the networks and each virtual system's CPUs, memory, disks, NICs
//! and firmware. Elements are matched by local name, whatever their namespace prefix.
//! [`Envelope::check`] says everything that cannot be honoured before anything is made.

use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;

/// A file of the package (`References/File`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef {
    pub id: String,
    pub href: String,
    pub size: Option<u64>,
    /// `gzip` when the file itself is compressed (`ovf:compression`).
    pub compression: Option<String>,
}

/// A virtual disk (`DiskSection/Disk`): its file (none: a new blank disk) and capacity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskDef {
    pub id: String,
    pub file: Option<String>,
    pub capacity: u64,
    pub format: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Firmware {
    Bios,
    Uefi { secure_boot: bool },
}

/// A NIC: its name in the package and the package's network it connects to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nic {
    pub name: String,
    pub network: String,
}

/// One virtual system (a VM).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct System {
    pub name: String,
    pub vcpus: u64,
    pub memory: u64,
    pub firmware: Firmware,
    /// Disk ids (`ovf:/disk/ID`) in the order of their items.
    pub disks: Vec<String>,
    /// Disk items that point at no disk of the DiskSection (a refusal).
    pub dangling: Vec<String>,
    pub nics: Vec<Nic>,
    pub os: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Envelope {
    pub files: Vec<FileRef>,
    pub disks: Vec<DiskDef>,
    pub networks: Vec<String>,
    pub systems: Vec<System>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OvfError {
    #[error("the OVF descriptor is not well-formed XML: {0}")]
    Xml(String),
    #[error("the OVF descriptor has no virtual system")]
    NoSystem,
}

/// Why a package cannot be imported as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    SeveralSystems(usize),
    NoCpus,
    TooLittleMemory(u64),
    UnknownDisk(String),
    UnknownFile { disk: String, file: String },
    Compressed { file: String, how: String },
    DiskFormat { disk: String, format: String },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::SeveralSystems(n) => write!(
                f,
                "the package holds {n} VMs; import them one package at a time"
            ),
            Refusal::NoCpus => write!(f, "the VM has no virtual CPU"),
            Refusal::TooLittleMemory(m) => write!(
                f,
                "the VM's memory ({m} bytes) is below the 16 MiB a VM needs"
            ),
            Refusal::UnknownDisk(d) => write!(
                f,
                "a drive names the disk {d}, which the package does not describe"
            ),
            Refusal::UnknownFile { disk, file } => write!(
                f,
                "the disk {disk} names the file {file}, which the package does not list"
            ),
            Refusal::Compressed { file, how } => write!(
                f,
                "the file {file} is {how}-compressed inside the package; unpack the package with a tool that expands it first"
            ),
            Refusal::DiskFormat { disk, format } => {
                write!(f, "the disk {disk} is in a format not taken ({format})")
            }
        }
    }
}

/// Units such as `byte * 2^20`, `MegaBytes`, `KB`: the multiplier to bytes.
fn units(u: &str) -> Option<u64> {
    let u = u.trim().to_ascii_lowercase().replace(' ', "");
    if u.is_empty() || u == "byte" || u == "bytes" {
        return Some(1);
    }
    if let Some(exp) = u.strip_prefix("byte*2^") {
        let e: u32 = exp.parse().ok()?;
        return 1u64.checked_shl(e);
    }
    if let Some(exp) = u.strip_prefix("byte*10^") {
        let e: u32 = exp.parse().ok()?;
        return 10u64.checked_pow(e);
    }
    Some(match u.as_str() {
        "kilobytes" | "kb" | "kib" => 1 << 10,
        "megabytes" | "mb" | "mib" => 1 << 20,
        "gigabytes" | "gb" | "gib" => 1 << 30,
        "terabytes" | "tb" | "tib" => 1 << 40,
        _ => return None,
    })
}

fn local(name: &str) -> String {
    name.rsplit(':').next().unwrap_or_default().to_string()
}

fn attrs(e: &BytesStart) -> HashMap<String, String> {
    e.attributes()
        .flatten()
        .map(|a| {
            let v = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|c| c.to_string())
                .unwrap_or_default();
            (local(a.key.as_ref()), v)
        })
        .collect()
}

/// An `Item` (or `StorageItem`, `EthernetPortItem`) as its children's text by local name.
type Item = HashMap<String, String>;

#[derive(Default)]
struct SystemDraft {
    name: String,
    items: Vec<Item>,
    firmware: Option<Firmware>,
    secure: bool,
    os: Option<String>,
}

impl Envelope {
    pub fn parse(xml: &str) -> Result<Envelope, OvfError> {
        let mut r = quick_xml::Reader::from_str(xml);
        let mut env = Envelope::default();
        let mut path: Vec<String> = Vec::new();
        let mut systems: Vec<SystemDraft> = Vec::new();
        let mut item: Option<Item> = None;
        let mut text = String::new();
        loop {
            let ev = r.read_event().map_err(|e| OvfError::Xml(e.to_string()))?;
            match ev {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(ev, Event::Empty(_));
                    let name = local(e.name().as_ref());
                    let a = attrs(e);
                    match name.as_str() {
                        "File" if path.last().is_some_and(|p| p == "References") => {
                            env.files.push(FileRef {
                                id: a.get("id").cloned().unwrap_or_default(),
                                href: a.get("href").cloned().unwrap_or_default(),
                                size: a.get("size").and_then(|s| s.parse().ok()),
                                compression: a
                                    .get("compression")
                                    .cloned()
                                    .filter(|c| !c.is_empty() && c != "identity"),
                            });
                        }
                        "Disk" if path.last().is_some_and(|p| p == "DiskSection") => {
                            let mult = a
                                .get("capacityAllocationUnits")
                                .map_or(Some(1), |u| units(u))
                                .unwrap_or(1);
                            let cap = a
                                .get("capacity")
                                .and_then(|c| c.parse::<u64>().ok())
                                .and_then(|c| c.checked_mul(mult))
                                .unwrap_or(0);
                            env.disks.push(DiskDef {
                                id: a.get("diskId").cloned().unwrap_or_default(),
                                file: a.get("fileRef").cloned().filter(|f| !f.is_empty()),
                                capacity: cap,
                                format: a.get("format").cloned().unwrap_or_default(),
                            });
                        }
                        "Network" if path.last().is_some_and(|p| p == "NetworkSection") => {
                            env.networks
                                .push(a.get("name").cloned().unwrap_or_default());
                        }
                        "VirtualSystem" => systems.push(SystemDraft {
                            name: a.get("id").cloned().unwrap_or_default(),
                            ..SystemDraft::default()
                        }),
                        "Item" | "StorageItem" | "EthernetPortItem"
                            if path.iter().any(|p| p == "VirtualHardwareSection") =>
                        {
                            item = Some(Item::new());
                        }
                        "OperatingSystemSection" => {
                            if let Some(s) = systems.last_mut() {
                                s.os = a.get("osType").cloned();
                            }
                        }
                        // VMware: <vmw:Config vmw:key="firmware" vmw:value="efi"/>.
                        "Config" => {
                            if let (Some(s), Some(k), Some(v)) =
                                (systems.last_mut(), a.get("key"), a.get("value"))
                            {
                                match (k.as_str(), v.to_ascii_lowercase().as_str()) {
                                    ("firmware", "efi") => {
                                        s.firmware = Some(Firmware::Uefi { secure_boot: false })
                                    }
                                    ("firmware", _) => s.firmware = Some(Firmware::Bios),
                                    // The vmx key, and the vSphere API's boot option
                                    // that vCenter's own exports write.
                                    (
                                        "uefi.secureBoot.enabled"
                                        | "bootOptions.efiSecureBootEnabled",
                                        "true",
                                    ) => s.secure = true,
                                    _ => {}
                                }
                            }
                        }
                        _ => {}
                    }
                    if !empty {
                        path.push(name);
                        text.clear();
                    }
                }
                Event::Text(t) => text.push_str(&t.xml10_content()),
                Event::CData(t) => text.push_str(&t.into_inner()),
                Event::GeneralRef(r) => {
                    // An entity in text (&amp;): its character.
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => text.push(c),
                        _ => text.push_str(match &*r {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            _ => "",
                        }),
                    }
                }
                Event::End(e) => {
                    let name = local(e.name().as_ref());
                    path.pop();
                    match name.as_str() {
                        "Item" | "StorageItem" | "EthernetPortItem" => {
                            if let (Some(it), Some(s)) = (item.take(), systems.last_mut()) {
                                s.items.push(it);
                            }
                        }
                        "Name" if path.last().is_some_and(|p| p == "VirtualSystem") => {
                            if let Some(s) = systems.last_mut()
                                && !text.trim().is_empty()
                            {
                                s.name = text.trim().to_string();
                            }
                        }
                        _ => {
                            if let Some(it) = item.as_mut() {
                                it.entry(name).or_insert_with(|| text.trim().to_string());
                            }
                        }
                    }
                    text.clear();
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if systems.is_empty() {
            return Err(OvfError::NoSystem);
        }
        let ids: Vec<String> = env.disks.iter().map(|d| d.id.clone()).collect();
        env.systems = systems.into_iter().map(|s| s.finish(&ids)).collect();
        Ok(env)
    }

    /// Everything that stops the import, all at once (empty: it can go ahead).
    pub fn check(&self) -> Vec<Refusal> {
        let mut out = Vec::new();
        if self.systems.len() != 1 {
            out.push(Refusal::SeveralSystems(self.systems.len()));
        }
        for s in &self.systems {
            if s.vcpus == 0 {
                out.push(Refusal::NoCpus);
            }
            if s.memory < 16 << 20 {
                out.push(Refusal::TooLittleMemory(s.memory));
            }
            out.extend(s.dangling.iter().cloned().map(Refusal::UnknownDisk));
            for d in s
                .disks
                .iter()
                .filter_map(|id| self.disks.iter().find(|d| &d.id == id))
            {
                let Some(f) = &d.file else { continue };
                match self.files.iter().find(|x| &x.id == f) {
                    None => out.push(Refusal::UnknownFile {
                        disk: d.id.clone(),
                        file: f.clone(),
                    }),
                    Some(x) => {
                        if let Some(how) = &x.compression {
                            out.push(Refusal::Compressed {
                                file: x.href.clone(),
                                how: how.clone(),
                            });
                        }
                    }
                }
                let fmt = d.format.to_ascii_lowercase();
                let known = fmt.is_empty()
                    || fmt.contains("vmdk")
                    || fmt.contains("vhd")
                    || fmt.contains("bb676673")
                    || fmt.contains("qcow")
                    || fmt.contains("raw");
                if !known || fmt.contains("compressed") && !fmt.contains("streamoptimized") {
                    out.push(Refusal::DiskFormat {
                        disk: d.id.clone(),
                        format: d.format.clone(),
                    });
                }
            }
        }
        out
    }

    /// The file of disk `id`, if it has one.
    pub fn file_of(&self, id: &str) -> Option<&FileRef> {
        let d = self.disks.iter().find(|d| d.id == id)?;
        let f = d.file.as_ref()?;
        self.files.iter().find(|x| &x.id == f)
    }
}

impl SystemDraft {
    fn finish(self, disk_ids: &[String]) -> System {
        let num = |it: &Item, k: &str| it.get(k).and_then(|v| v.trim().parse::<u64>().ok());
        let mut sys = System {
            name: self.name,
            vcpus: 0,
            memory: 0,
            firmware: match self.firmware {
                Some(Firmware::Uefi { .. }) => Firmware::Uefi {
                    secure_boot: self.secure,
                },
                _ => Firmware::Bios,
            },
            disks: Vec::new(),
            dangling: Vec::new(),
            nics: Vec::new(),
            os: self.os,
        };
        for it in &self.items {
            match num(it, "ResourceType") {
                Some(3) => sys.vcpus = num(it, "VirtualQuantity").unwrap_or(0),
                Some(4) => {
                    let mult = it
                        .get("AllocationUnits")
                        .and_then(|u| units(u))
                        .unwrap_or(1 << 20);
                    sys.memory = num(it, "VirtualQuantity")
                        .and_then(|q| q.checked_mul(mult))
                        .unwrap_or(0);
                }
                Some(10) => sys.nics.push(Nic {
                    name: it.get("ElementName").cloned().unwrap_or_default(),
                    network: it.get("Connection").cloned().unwrap_or_default(),
                }),
                Some(17) => {
                    let host = it.get("HostResource").cloned().unwrap_or_default();
                    let id = host.rsplit('/').next().unwrap_or_default().to_string();
                    if disk_ids.contains(&id) {
                        sys.disks.push(id);
                    } else {
                        sys.dangling.push(host);
                    }
                }
                _ => {}
            }
        }
        sys
    }
}
