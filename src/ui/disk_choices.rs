//! What the disk dialogs offer: the repositories a disk may go on, and how a repository or a
//! disk is named in a choice.

use crate::i18n::I18n;
use crate::model::details::format_bytes;
use crate::model::names;
use crate::model::visibility as vis;
use xenapi::{Cache, Ref, Sr, Vdi};

/// The repositories a new disk may go on: of disks (not ISO, tools or physical devices),
/// shown in the tree, plugged somewhere; the pool's default first.
pub(super) fn disk_srs(cache: &Cache, show_hidden: bool) -> Vec<Ref<Sr>> {
    let default = cache.pools.values().next().map(|p| p.default_sr.clone());
    let mut out: Vec<Ref<Sr>> = cache
        .srs
        .iter()
        .filter(|(_, s)| {
            s.content_type != "iso"
                && !s.is_tools_sr
                && s.sr_type != "udev"
                && vis::sr_shown(s, show_hidden)
                && s.pbds
                    .iter()
                    .any(|p| cache.pbds.get(p).is_some_and(|p| p.currently_attached))
        })
        .map(|(r, _)| r.clone())
        .collect();
    out.sort_by_key(|r| (Some(r) != default.as_ref(), r.clone()));
    out
}

/// The room left on a repository.
pub(super) fn free(cache: &Cache, sr: &Ref<Sr>) -> i64 {
    cache
        .srs
        .get(sr)
        .map_or(0, |s| (s.physical_size - s.physical_utilisation).max(0))
}

/// A repository's name with its free space.
pub(super) fn sr_label(i18n: &I18n, cache: &Cache, sr: &Ref<Sr>) -> String {
    cache
        .srs
        .get(sr)
        .map(|s| {
            i18n.get_args(
                "dlg-copy-sr-free",
                &[
                    ("sr", &names::sr_name(i18n, cache, s)),
                    ("free", &format_bytes(free(cache, sr))),
                ],
            )
        })
        .unwrap_or_default()
}

/// A disk with its size and repository.
pub(super) fn disk_label(i18n: &I18n, cache: &Cache, vdi: &Ref<Vdi>) -> String {
    cache
        .vdis
        .get(vdi)
        .map(|d| {
            let sr = cache
                .srs
                .get(&d.sr)
                .map(|s| names::sr_name(i18n, cache, s))
                .unwrap_or_default();
            format!(
                "{} · {} · {sr}",
                names::visible(&d.name_label),
                format_bytes(d.virtual_size)
            )
        })
        .unwrap_or_default()
}
