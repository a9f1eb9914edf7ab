//! Which of a VM's drives stop it moving to another server, and why, as xapi decides it:
//! `xapi_vm_helpers.ml` `assert_can_see_SRs` (without storage motion the destination must
//! see every non-empty drive's SR: `VM_REQUIRES_SR`), `xapi_vm_migrate.ml` `vdi_filter`
//! (with storage motion CDs are left out and only read-write drives are mirrored; read-only
//! ones are copied) and `assert_sr_support_operations` (a disk that moves needs
//! `VDI_SNAPSHOT` and `VDI_MIRROR` on its SR: `SR_DOES_NOT_SUPPORT_MIGRATION`); and as
//! XenCenter warns (`DragDropMigrateVMCommand`: a CD from a repository that is not shared
//! must be ejected first; `SR.SupportsStorageMigration`: no ISO library mirrors).

use super::names;
use crate::i18n::I18n;
use xenapi::{Cache, Host, Ref, Sr, Vbd, Vm};

/// What a drive means for moving its VM to another server of the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mobility {
    /// Every server sees it (a shared repository, or an empty drive): no effect.
    Free,
    /// Only `hosts` see its repository: moving the VM elsewhere takes the disk with it
    /// (storage motion), mirrored while it runs or, for a read-only drive, copied.
    Travels {
        hosts: Vec<Ref<Host>>,
        mirrored: bool,
    },
    /// A CD from a repository only `hosts` see: XenCenter asks to eject it first.
    LocalCd { hosts: Vec<Ref<Host>> },
    /// Its repository's driver cannot mirror or snapshot (a physical device, a library):
    /// only servers that see it can take the VM.
    NoMirror { hosts: Vec<Ref<Host>> },
}

impl Mobility {
    /// Whether the drive stops a move to a server that does not see its repository.
    pub fn blocks(&self) -> bool {
        matches!(self, Mobility::LocalCd { .. } | Mobility::NoMirror { .. })
    }
}

/// Storage drivers whose capabilities include `VDI_SNAPSHOT` and `VDI_MIRROR` (the sm
/// repository's `FileSR` family and `LVHDSR` family).
pub fn sr_mirrors(sr_type: &str) -> bool {
    matches!(
        sr_type,
        "nfs"
            | "ext"
            | "file"
            | "smb"
            | "cifs"
            | "lvm"
            | "lvmoiscsi"
            | "lvmohba"
            | "lvmofcoe"
            | "gfs2"
    )
}

/// The servers with `sr` plugged.
pub fn seen_by(cache: &Cache, sr: &Ref<Sr>) -> Vec<Ref<Host>> {
    let mut out: Vec<Ref<Host>> = cache
        .srs
        .get(sr)
        .map(|s| {
            s.pbds
                .iter()
                .filter_map(|p| cache.pbds.get(p))
                .filter(|p| p.currently_attached)
                .map(|p| p.host.clone())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out.dedup();
    out
}

/// What the drive `vbd` means for moving its VM.
pub fn mobility(cache: &Cache, vbd: &Ref<Vbd>) -> Mobility {
    let Some(b) = cache.vbds.get(vbd) else {
        return Mobility::Free;
    };
    let Some(sr_ref) = cache.vdis.get(&b.vdi).map(|d| d.sr.clone()) else {
        return Mobility::Free;
    };
    if b.empty {
        return Mobility::Free;
    }
    let hosts = seen_by(cache, &sr_ref);
    if hosts.len() >= cache.hosts.len() {
        return Mobility::Free;
    }
    let sr_type = cache
        .srs
        .get(&sr_ref)
        .map(|s| s.sr_type.as_str())
        .unwrap_or_default();
    if b.vbd_type == "CD" {
        Mobility::LocalCd { hosts }
    } else if !sr_mirrors(sr_type) {
        Mobility::NoMirror { hosts }
    } else {
        Mobility::Travels {
            hosts,
            mirrored: b.mode == "RW",
        }
    }
}

/// The short word of the Storage tab's Migration column, as a Fluent id.
pub fn cell_id(m: &Mobility) -> &'static str {
    match m {
        Mobility::Free => "migrate-free",
        Mobility::Travels { .. } => "migrate-travels",
        Mobility::LocalCd { .. } | Mobility::NoMirror { .. } => "migrate-blocks",
    }
}

/// The drives of `vm` that matter for a move, each with why, in words (the disk's name, its
/// repository, the servers that see it), and whether it blocks the move.
pub fn notes(cache: &Cache, i18n: &I18n, vm: &Ref<Vm>) -> Vec<(bool, String)> {
    let Some(v) = cache.vms.get(vm) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in &v.vbds {
        let m = mobility(cache, r);
        let Some(b) = cache.vbds.get(r) else {
            continue;
        };
        let Some(vdi) = cache.vdis.get(&b.vdi) else {
            continue;
        };
        let sr = cache
            .srs
            .get(&vdi.sr)
            .map(|s| names::sr_name_without_host(i18n, cache, s))
            .unwrap_or_default();
        let hosts_of = |hosts: &[Ref<Host>]| {
            let list: Vec<String> = hosts
                .iter()
                .filter_map(|h| cache.hosts.get(h))
                .map(names::host_name)
                .collect();
            if list.is_empty() {
                i18n.get("migrate-no-server")
            } else {
                list.join(", ")
            }
        };
        let (id, hosts) = match &m {
            Mobility::Free => continue,
            Mobility::Travels {
                hosts,
                mirrored: true,
            } => ("migrate-note-mirrored", hosts),
            Mobility::Travels {
                hosts,
                mirrored: false,
            } => ("migrate-note-copied", hosts),
            Mobility::LocalCd { hosts } => ("migrate-note-local-cd", hosts),
            Mobility::NoMirror { hosts } => ("migrate-note-no-mirror", hosts),
        };
        let text = i18n.get_args(
            id,
            &[
                ("position", &names::visible(&b.userdevice)),
                ("disk", &names::visible(&vdi.name_label)),
                ("sr", &sr),
                ("hosts", &hosts_of(hosts)),
            ],
        );
        out.push((m.blocks(), text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Cache {
        xapidb::cache_of(&demo::demo_pool())
    }

    fn vm(c: &Cache, name: &str) -> Ref<Vm> {
        c.vms
            .iter()
            .find(|(_, v)| v.name_label == name)
            .map(|(r, _)| r.clone())
            .expect("vm")
    }

    fn sr(c: &Cache, name: &str) -> Ref<Sr> {
        c.srs
            .iter()
            .find(|(_, s)| s.name_label == name)
            .map(|(r, _)| r.clone())
            .expect("sr")
    }

    fn drive(c: &Cache, vm_name: &str, kind: &str) -> Ref<Vbd> {
        let v = vm(c, vm_name);
        c.vms[&v]
            .vbds
            .iter()
            .find(|b| c.vbds[*b].vbd_type == kind)
            .cloned()
            .expect("a drive")
    }

    /// Puts the drive's disk on `sr` (as a move would) and its mode to `mode`.
    fn put(c: &mut Cache, vbd: &Ref<Vbd>, sr: &Ref<Sr>, mode: &str) {
        let vdi = c.vbds[vbd].vdi.clone();
        c.vdis.get_mut(&vdi).expect("vdi").sr = sr.clone();
        c.vbds.get_mut(vbd).expect("vbd").mode = mode.into();
    }

    #[test]
    fn a_disk_on_shared_storage_moves_freely_one_on_local_storage_travels() {
        let mut c = demo();
        let b = drive(&c, "web-01", "Disk");
        let nfs = sr(&c, "Shared NFS storage");
        put(&mut c, &b, &nfs, "RW");
        assert_eq!(mobility(&c, &b), Mobility::Free);
        let local = sr(&c, "Local storage");
        put(&mut c, &b, &local, "RW");
        let hosts = seen_by(&c, &local);
        assert_eq!(hosts.len(), 1, "one server sees local storage");
        assert_eq!(
            mobility(&c, &b),
            Mobility::Travels {
                hosts: hosts.clone(),
                mirrored: true
            }
        );
        assert!(!mobility(&c, &b).blocks());
        // A read-only drive is copied, not mirrored (vdi_filter: do_mirror only for RW).
        put(&mut c, &b, &local, "RO");
        assert_eq!(
            mobility(&c, &b),
            Mobility::Travels {
                hosts,
                mirrored: false
            }
        );
    }

    #[test]
    fn a_local_cd_and_a_disk_on_a_device_block_the_move() {
        let mut c = demo();
        let dvd = c
            .srs
            .iter()
            .find(|(_, s)| s.sr_type == "udev")
            .map(|(r, _)| r.clone())
            .expect("a device SR");
        let cd = drive(&c, "db-replica", "CD");
        // A disc in the drive (a disk of its own, put on the device's repository below).
        let disc: Ref<xenapi::Vdi> = Ref::new("OpaqueRef:disc");
        let mut rec = c.vdis.values().next().cloned().expect("a disk");
        rec.name_label = "install.iso".into();
        c.vdis.insert(disc.clone(), rec);
        let d = c.vbds.get_mut(&cd).expect("cd");
        d.empty = false;
        d.vdi = disc;
        put(&mut c, &cd, &dvd, "RO");
        let m = mobility(&c, &cd);
        assert!(matches!(m, Mobility::LocalCd { .. }), "{m:?}");
        assert!(m.blocks());
        let b = drive(&c, "db-replica", "Disk");
        put(&mut c, &b, &dvd, "RW");
        assert!(matches!(mobility(&c, &b), Mobility::NoMirror { .. }));
        // The notes name the drive, its repository and the server that sees it.
        let i18n = I18n::new("en-US");
        let notes = notes(&c, &i18n, &vm(&c, "db-replica"));
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes.iter().all(|(blocks, _)| *blocks));
        assert!(
            notes.iter().all(|(_, n)| n.contains("xcp-host-0")),
            "{notes:?}"
        );
    }

    #[test]
    fn an_empty_drive_never_blocks() {
        let mut c = demo();
        let cd = drive(&c, "db-replica", "CD");
        c.vbds.get_mut(&cd).expect("cd").empty = true;
        assert_eq!(mobility(&c, &cd), Mobility::Free);
    }
}
