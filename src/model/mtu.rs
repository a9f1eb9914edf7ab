//! Which MTU a NIC runs with and which one waits for its next plug (`xenapi.md` §5.2, §5.3).
//! `other_config:mtu` is read only when the VIF or PIF is plugged (VM start, VIF or PIF plug,
//! host boot), so right after an edit the record's `MTU` field (what the device was plugged
//! with) and the key disagree until then.

use super::nic::{self, NicForm, NicKind, Setting};
use crate::i18n::I18n;
use i18n_embed_fl::fl;
use xenapi::records::StringMap;
use xenapi::{Cache, Pif, Vif};

/// The MTU a NIC's next plug gives it: `other_config:mtu` when it parses as xapi parses it
/// (`int_of_string`), else the network's MTU, as xapi falls back.
pub fn next_plug(other_config: &StringMap, network_mtu: i64) -> i64 {
    other_config
        .get("mtu")
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(network_mtu)
}

/// The MTU in effect differs from the one the next plug applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    pub kind: NicKind,
    /// The record's `MTU` field: what the device was plugged with.
    pub in_effect: i64,
    /// What the next plug applies.
    pub next: i64,
}

/// `Some` when the next plug changes the MTU. A value ≤ 0 is unknown (old hosts leave VIF.MTU
/// at 0; a network missing from the cache): nothing is claimed then.
pub fn pending(kind: NicKind, record_mtu: i64, next: i64) -> Option<Pending> {
    (record_mtu > 0 && next > 0 && record_mtu != next).then_some(Pending {
        kind,
        in_effect: record_mtu,
        next,
    })
}

/// "1500 in effect; 9000 applies at the next plug (…)", in the user's language.
pub fn pending_text(i18n: &I18n, p: &Pending) -> String {
    let l = &i18n.loader;
    let (now, next) = (p.in_effect.to_string(), p.next.to_string());
    match p.kind {
        NicKind::Vif => fl!(l, "mtu-pending-vif", now = now, next = next),
        NicKind::Pif => fl!(l, "mtu-pending-pif", now = now, next = next),
    }
}

/// The details pane's MTU value: the record's, and what waits for the next plug if that
/// differs.
pub fn shown(
    i18n: &I18n,
    kind: NicKind,
    record_mtu: i64,
    other_config: &StringMap,
    network_mtu: i64,
) -> String {
    match pending(kind, record_mtu, next_plug(other_config, network_mtu)) {
        Some(p) => pending_text(i18n, &p),
        None => record_mtu.to_string(),
    }
}

/// [`shown`] for a PIF of `cache`.
pub fn of_pif(i18n: &I18n, cache: &Cache, p: &Pif) -> String {
    let net = cache.networks.get(&p.network).map_or(0, |n| n.mtu);
    shown(i18n, NicKind::Pif, p.mtu, &p.other_config, net)
}

/// [`shown`] for a VIF of `cache`.
pub fn of_vif(i18n: &I18n, cache: &Cache, v: &Vif) -> String {
    let net = cache.networks.get(&v.network).map_or(0, |n| n.mtu);
    shown(i18n, NicKind::Vif, v.mtu, &v.other_config, net)
}

/// A VIF asking for bigger frames than its network carries: they would be dropped or
/// fragmented on the bridge. PIFs set the bridge's MTU themselves, so only VIFs are checked.
pub fn above_network(kind: NicKind, mtu: i64, network_mtu: i64) -> bool {
    kind == NicKind::Vif && network_mtu > 0 && mtu > network_mtu
}

impl NicForm {
    /// The MTU field as typed, trimmed.
    fn mtu_text(&self) -> Option<&str> {
        let (_, t) = self.texts.iter().find(|(s, _)| *s == Setting::Mtu)?;
        Some(t.trim())
    }

    /// The MTU typed, when it is a valid one (`None` when empty or invalid).
    pub(super) fn mtu_typed(&self) -> Option<i64> {
        let t = self.mtu_text()?;
        nic::validate(Setting::Mtu, t).ok()?;
        t.parse().ok()
    }

    /// The MTU in effect when the form's MTU (typed, or the network's when empty) would
    /// change it at the next plug; `None` when they agree, or the typed value is invalid.
    pub fn mtu_pending(&self) -> Option<Pending> {
        let next = match self.mtu_text()? {
            "" => self.network_mtu,
            _ => self.mtu_typed()?,
        };
        pending(self.kind, self.mtu_in_effect, next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::nic::Warning;

    fn m(pairs: &[(&str, &str)]) -> StringMap {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_next_plug_reads_the_key_as_xapi_does() {
        assert_eq!(next_plug(&m(&[("mtu", "9000")]), 1500), 9000);
        assert_eq!(next_plug(&m(&[]), 1500), 1500, "absent: the network's");
        assert_eq!(next_plug(&m(&[("mtu", "jumbo")]), 1500), 1500, "invalid");
        assert_eq!(
            next_plug(&m(&[("mtu", " 9000")]), 1500),
            1500,
            "no trimming"
        );
    }

    #[test]
    fn a_difference_is_pending_and_an_unknown_record_claims_nothing() {
        assert_eq!(
            pending(NicKind::Vif, 1500, 9000),
            Some(Pending {
                kind: NicKind::Vif,
                in_effect: 1500,
                next: 9000
            })
        );
        assert_eq!(pending(NicKind::Pif, 9000, 9000), None);
        assert_eq!(pending(NicKind::Vif, 0, 9000), None, "MTU 0 on old hosts");
    }

    #[test]
    fn the_pane_says_which_value_is_in_effect() {
        let i18n = I18n::new("en-US");
        let oc = m(&[("mtu", "9000")]);
        let text = shown(&i18n, NicKind::Vif, 1500, &oc, 9000);
        assert!(text.contains("1500 in effect"), "{text}");
        assert!(
            text.contains("9000 applies when the VIF is next plugged"),
            "{text}"
        );
        assert!(shown(&i18n, NicKind::Pif, 9000, &m(&[]), 1500).contains("PIF re-plug"));
        assert_eq!(shown(&i18n, NicKind::Vif, 9000, &oc, 1500), "9000");
        assert_eq!(
            shown(&i18n, NicKind::Vif, 1500, &m(&[]), 0),
            "1500",
            "no network"
        );
    }

    #[test]
    fn the_form_says_what_waits_for_the_next_plug() {
        // Applied 9000 while the VIF still runs with 1500.
        let mut f = NicForm::new(NicKind::Vif, "r", "u", &m(&[("mtu", "9000")]), 9000);
        f.mtu_in_effect = 1500;
        assert_eq!(
            f.mtu_pending().map(|p| (p.in_effect, p.next)),
            Some((1500, 9000))
        );
        // Cleared: the next plug uses the network's MTU.
        *f.text_mut(Setting::Mtu).unwrap() = String::new();
        assert_eq!(f.mtu_pending().map(|p| p.next), Some(9000));
        f.mtu_in_effect = 9000;
        assert_eq!(f.mtu_pending(), None);
        // An invalid value is an error, not a pending MTU.
        *f.text_mut(Setting::Mtu).unwrap() = "big".into();
        f.mtu_in_effect = 1500;
        assert_eq!(f.mtu_pending(), None);
    }

    #[test]
    fn a_vif_above_its_network_is_warned_about() {
        let mut f = NicForm::new(NicKind::Vif, "r", "u", &m(&[]), 1500);
        *f.text_mut(Setting::Mtu).unwrap() = "9000".into();
        assert_eq!(
            f.warnings(),
            [(
                Setting::Mtu,
                Warning::MtuAboveNetwork {
                    mtu: 9000,
                    network: 1500
                }
            )]
        );
        assert!(f.plan().is_ok(), "a warning, not an error");
        *f.text_mut(Setting::Mtu).unwrap() = "1500".into();
        assert!(f.warnings().is_empty());
        // Unusual and above: both are said.
        *f.text_mut(Setting::Mtu).unwrap() = "9300".into();
        assert_eq!(f.warnings().len(), 2);
        // A PIF sets its bridge's MTU: no such warning.
        let mut p = NicForm::new(NicKind::Pif, "r", "u", &m(&[]), 1500);
        *p.text_mut(Setting::Mtu).unwrap() = "9000".into();
        assert!(p.warnings().is_empty());
    }
}
