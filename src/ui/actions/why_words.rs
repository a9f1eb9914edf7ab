//! Storage and network refusals put into words (the greyed items' reasons), apart from the
//! availability rules in `avail`.

use crate::ui::windows::AppView;

/// The VMs' names, from the pool whose cache holds them, for a refusal naming them.
fn vm_names(view: &AppView, vms: &[xenapi::Ref<xenapi::Vm>]) -> String {
    view.pools
        .iter()
        .find_map(|p| {
            let names: Vec<String> = vms
                .iter()
                .filter_map(|r| p.cache.vms.get(r))
                .map(|v| crate::model::names::vm_name(view.i18n, v))
                .collect();
            (!names.is_empty()).then_some(names)
        })
        .unwrap_or_default()
        .join(", ")
}

/// A disk action's refusal in words.
pub(super) fn disk_why_not(view: &AppView, why: &crate::model::disk_plans::DiskWhyNot) -> String {
    use crate::model::disk_plans::DiskWhyNot as D;
    let i18n = view.i18n;
    match why {
        D::InUse(vms) => i18n.get_args("why-disk-in-use", &[("names", &vm_names(view, vms))]),
        D::NotSupported => i18n.get("why-disk-not-supported"),
        D::Gone => i18n.get("details-gone"),
    }
}

/// A repository action's refusal in words.
pub(super) fn sr_why_not(view: &AppView, why: &crate::model::sr_plans::SrWhyNot) -> String {
    use crate::model::sr_plans::SrWhyNot as S;
    let i18n = view.i18n;
    match why {
        S::NotAttached => i18n.get("why-sr-not-attached"),
        S::Attached => i18n.get("why-sr-attached"),
        S::NothingToRepair => i18n.get("why-sr-nothing-to-repair"),
        S::NotEmpty(n) => i18n.get_counted("why-sr-not-empty", *n, &[]),
        S::InUse(vms) => disk_why_not(
            view,
            &crate::model::disk_plans::DiskWhyNot::InUse(vms.clone()),
        ),
        S::AlreadyDefault => i18n.get("why-sr-default"),
        S::NotForDisks => i18n.get("why-sr-not-for-disks"),
        S::ServerRefuses => i18n.get("why-sr-server-refuses"),
        S::HasPbds => i18n.get("why-sr-has-pbds"),
        S::NotReattachable => i18n.get("why-sr-not-reattachable"),
        S::Busy => i18n.get("why-sr-busy"),
    }
}

/// A network action's refusal in words.
pub(super) fn net_why_not(view: &AppView, why: &crate::model::net_plans::NetWhyNot) -> String {
    use crate::model::net_plans::NetWhyNot as N;
    let i18n = view.i18n;
    match why {
        N::InUse(vms) => i18n.get_args("why-net-in-use", &[("names", &vm_names(view, vms))]),
        N::Management => i18n.get("why-net-management"),
        N::Physical => i18n.get("why-net-physical"),
    }
}
