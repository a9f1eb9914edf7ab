//! The NIC settings form (VIF and PIF `other_config`): reading the keys as xcp-networkd and
//! the vif hotplug script read them, validating exactly their accepted values, and turning the
//! form into per-key calls (`xenapi.md` §5.2, §5.3). xapi accepts any value at set time and
//! silently ignores bad ones at plug time, so the form is where mistakes are caught.

use super::edit::{ConflictRule, EditPlan, diff};
use super::mtu;
use xenapi::records::StringMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NicKind {
    Vif,
    Pif,
}

/// The offloads a VIF's hotplug script forwards; PIFs also take gro and lro.
pub const VIF_OFFLOADS: [&str; 6] = ["rx", "tx", "sg", "tso", "ufo", "gso"];
pub const PIF_OFFLOADS: [&str; 8] = ["rx", "tx", "sg", "tso", "ufo", "gso", "gro", "lro"];
/// Speeds offered in the form; any other positive integer is accepted.
pub const SPEEDS: [&str; 3] = ["10", "100", "1000"];

/// A setting of the form, by `other_config` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Setting {
    Offload(&'static str),
    Autoneg,
    Promiscuous,
    Speed,
    Duplex,
    Advertise,
    Mtu,
}

impl Setting {
    pub fn key(&self) -> String {
        match self {
            Setting::Offload(o) => format!("ethtool-{o}"),
            Setting::Autoneg => "ethtool-autoneg".into(),
            Setting::Promiscuous => "promiscuous".into(),
            Setting::Speed => "ethtool-speed".into(),
            Setting::Duplex => "ethtool-duplex".into(),
            Setting::Advertise => "ethtool-advertise".into(),
            Setting::Mtu => "mtu".into(),
        }
    }

    pub fn is_switch(&self) -> bool {
        matches!(
            self,
            Setting::Offload(_) | Setting::Autoneg | Setting::Promiscuous
        )
    }

    /// The settings a NIC of `kind` offers, in form order.
    pub fn all(kind: NicKind) -> Vec<Setting> {
        let offloads: &[&'static str] = match kind {
            NicKind::Vif => &VIF_OFFLOADS,
            NicKind::Pif => &PIF_OFFLOADS,
        };
        let mut v: Vec<Setting> = offloads.iter().map(|o| Setting::Offload(o)).collect();
        if kind == NicKind::Pif {
            v.extend([
                Setting::Autoneg,
                Setting::Speed,
                Setting::Duplex,
                Setting::Advertise,
            ]);
        }
        v.extend([Setting::Promiscuous, Setting::Mtu]);
        v
    }
}

/// An on/off key as read: absent, on (`on`/`true`), off (`off`/`false`), or anything else,
/// kept as it is and marked invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Switch {
    Default,
    On,
    Off,
    Invalid(String),
}

impl Switch {
    pub fn parse(v: Option<&str>) -> Switch {
        match v {
            None => Switch::Default,
            Some("on" | "true") => Switch::On,
            Some("off" | "false") => Switch::Off,
            Some(other) => Switch::Invalid(other.to_string()),
        }
    }
}

/// Why a value cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// An on/off key holds something else.
    NotOnOff(String),
    SpeedNotPositive(String),
    DuplexInvalid(String),
    AdvertiseNotHex(String),
    MtuNotInteger(String),
    MtuOutOfRange(i64),
}

/// Worth saying, but allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Outside 1500–9216: few networks carry such frames.
    MtuUnusual(i64),
    /// A VIF's MTU above its network's: bigger frames than the bridge carries.
    MtuAboveNetwork { mtu: i64, network: i64 },
}

pub const MTU_MIN: i64 = 68;
pub const MTU_MAX: i64 = 65535;

/// Checks a text value of `setting` ("" means Default: the key is removed).
pub fn validate(setting: Setting, value: &str) -> Result<Option<Warning>, Problem> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    match setting {
        Setting::Offload(_) | Setting::Autoneg | Setting::Promiscuous => {
            match Switch::parse(Some(v)) {
                Switch::Invalid(s) => Err(Problem::NotOnOff(s)),
                _ => Ok(None),
            }
        }
        // networkd reads `%d` and wants it positive.
        Setting::Speed => match v.parse::<i32>() {
            Ok(n) if n > 0 && v.chars().all(|c| c.is_ascii_digit()) => Ok(None),
            _ => Err(Problem::SpeedNotPositive(v.into())),
        },
        Setting::Duplex => match v {
            "half" | "full" => Ok(None),
            _ => Err(Problem::DuplexInvalid(v.into())),
        },
        // `0x%x`: a literal 0x, then hex digits.
        Setting::Advertise => match v.strip_prefix("0x") {
            Some(h)
                if !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()) && h.len() <= 8 =>
            {
                Ok(None)
            }
            _ => Err(Problem::AdvertiseNotHex(v.into())),
        },
        Setting::Mtu => {
            let n: i64 = v.parse().map_err(|_| Problem::MtuNotInteger(v.into()))?;
            if !(MTU_MIN..=MTU_MAX).contains(&n) {
                Err(Problem::MtuOutOfRange(n))
            } else if !(1500..=9216).contains(&n) {
                Ok(Some(Warning::MtuUnusual(n)))
            } else {
                Ok(None)
            }
        }
    }
}

/// The form's state: one value per setting, as the user sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct NicForm {
    pub kind: NicKind,
    pub object_ref: String,
    pub uuid: String,
    /// The whole other_config when the form opened.
    pub original: StringMap,
    /// The network's MTU: what an absent `mtu` key means.
    pub network_mtu: i64,
    /// The record's `MTU` field, what the NIC was plugged with (0: unknown).
    pub mtu_in_effect: i64,
    /// Per setting: the switch (on/off keys) or the text (others).
    pub switches: Vec<(Setting, Switch)>,
    pub texts: Vec<(Setting, String)>,
}

impl NicForm {
    pub fn new(
        kind: NicKind,
        object_ref: &str,
        uuid: &str,
        other_config: &StringMap,
        network_mtu: i64,
    ) -> NicForm {
        let mut switches = Vec::new();
        let mut texts = Vec::new();
        for s in Setting::all(kind) {
            let raw = other_config.get(&s.key()).map(String::as_str);
            if s.is_switch() {
                switches.push((s, Switch::parse(raw)));
            } else {
                texts.push((s, raw.unwrap_or_default().to_string()));
            }
        }
        NicForm {
            kind,
            object_ref: object_ref.into(),
            uuid: uuid.into(),
            original: other_config.clone(),
            network_mtu,
            mtu_in_effect: 0,
            switches,
            texts,
        }
    }

    pub fn switch_mut(&mut self, s: Setting) -> Option<&mut Switch> {
        self.switches
            .iter_mut()
            .find(|(k, _)| *k == s)
            .map(|(_, v)| v)
    }

    pub fn text_mut(&mut self, s: Setting) -> Option<&mut String> {
        self.texts.iter_mut().find(|(k, _)| *k == s).map(|(_, v)| v)
    }

    /// Keys on this NIC the form does not offer (PIF-only keys on a VIF): kept untouched.
    pub fn not_applicable(&self) -> Vec<String> {
        if self.kind == NicKind::Pif {
            return Vec::new();
        }
        let offered: Vec<String> = Setting::all(self.kind).iter().map(Setting::key).collect();
        Setting::all(NicKind::Pif)
            .iter()
            .map(Setting::key)
            .filter(|k| !offered.contains(k) && self.original.contains_key(k))
            .collect()
    }

    /// Every setting that cannot be applied as it stands.
    pub fn problems(&self) -> Vec<(Setting, Problem)> {
        let mut out = Vec::new();
        for (s, v) in &self.switches {
            if let Switch::Invalid(raw) = v {
                out.push((*s, Problem::NotOnOff(raw.clone())));
            }
        }
        for (s, t) in &self.texts {
            if let Err(p) = validate(*s, t) {
                out.push((*s, p));
            }
        }
        out
    }

    pub fn warnings(&self) -> Vec<(Setting, Warning)> {
        let mut out: Vec<(Setting, Warning)> = self
            .texts
            .iter()
            .filter_map(|(s, t)| validate(*s, t).ok().flatten().map(|w| (*s, w)))
            .collect();
        if let Some(mtu) = self.mtu_typed()
            && mtu::above_network(self.kind, mtu, self.network_mtu)
        {
            let network = self.network_mtu;
            out.push((Setting::Mtu, Warning::MtuAboveNetwork { mtu, network }));
        }
        out
    }

    /// other_config as the form wants it. Untouched settings keep their exact text
    /// ("true" stays "true"), so opening and applying a form changes nothing.
    pub fn desired(&self) -> StringMap {
        let mut m = self.original.clone();
        for (s, v) in &self.switches {
            let key = s.key();
            let orig = self.original.get(&key).map(String::as_str);
            if Switch::parse(orig) == *v {
                continue;
            }
            match v {
                Switch::Default => {
                    m.remove(&key);
                }
                Switch::On => {
                    m.insert(key, "on".into());
                }
                Switch::Off => {
                    m.insert(key, "off".into());
                }
                Switch::Invalid(raw) => {
                    m.insert(key, raw.clone());
                }
            }
        }
        for (s, t) in &self.texts {
            let key = s.key();
            if self
                .original
                .get(&key)
                .map(String::as_str)
                .unwrap_or_default()
                == t
            {
                continue; // untouched, byte for byte
            }
            let t = t.trim();
            if t.is_empty() {
                m.remove(&key);
            } else {
                m.insert(key, t.to_string());
            }
        }
        m
    }

    /// The calls the form becomes; `Err` while anything is invalid (nothing invalid is sent).
    pub fn plan(&self) -> Result<EditPlan, Vec<(Setting, Problem)>> {
        let problems = self.problems();
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(EditPlan {
            class: match self.kind {
                NicKind::Vif => "VIF",
                NicKind::Pif => "PIF",
            },
            object_ref: self.object_ref.clone(),
            uuid: self.uuid.clone(),
            field: "other_config",
            changes: diff(&self.original, &self.desired()),
            original: self.original.clone(),
            rule: ConflictRule::ChangedKeys,
            live_xenstore: false,
        })
    }
}

/// One NIC of a multi-selection: ref, uuid, other_config.
pub struct Target<'a> {
    pub object_ref: &'a str,
    pub uuid: &'a str,
    pub other_config: &'a StringMap,
}

/// One setting applied to several NICs: a plan for each NIC it changes (NICs that already
/// have the value get none). `value` is the text to store, `None` for Default.
pub fn bulk_plans(
    kind: NicKind,
    targets: &[Target],
    setting: Setting,
    value: Option<&str>,
) -> Result<Vec<EditPlan>, Problem> {
    if let Some(v) = value {
        validate(setting, v)?;
    }
    let key = setting.key();
    let mut plans = Vec::new();
    for t in targets {
        let mut desired = t.other_config.clone();
        match value.map(str::trim) {
            None | Some("") => {
                desired.remove(&key);
            }
            Some(v) => {
                // Same meaning already (e.g. "true" for On): leave it.
                let same = setting.is_switch()
                    && Switch::parse(t.other_config.get(&key).map(String::as_str))
                        == Switch::parse(Some(v));
                if !same {
                    desired.insert(key.clone(), v.to_string());
                }
            }
        }
        let changes = diff(t.other_config, &desired);
        if changes.is_empty() {
            continue;
        }
        plans.push(EditPlan {
            class: match kind {
                NicKind::Vif => "VIF",
                NicKind::Pif => "PIF",
            },
            object_ref: t.object_ref.into(),
            uuid: t.uuid.into(),
            field: "other_config",
            original: t.other_config.clone(),
            changes,
            rule: ConflictRule::ChangedKeys,
            live_xenstore: false,
        });
    }
    Ok(plans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::KeyChange;

    fn m(pairs: &[(&str, &str)]) -> StringMap {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn switches_read_as_networkd_reads_them() {
        assert_eq!(Switch::parse(None), Switch::Default);
        assert_eq!(Switch::parse(Some("on")), Switch::On);
        assert_eq!(Switch::parse(Some("true")), Switch::On);
        assert_eq!(Switch::parse(Some("off")), Switch::Off);
        assert_eq!(Switch::parse(Some("false")), Switch::Off);
        for bad in ["ON", "True", "1", "yes", "", "sometimes"] {
            assert_eq!(
                Switch::parse(Some(bad)),
                Switch::Invalid(bad.into()),
                "{bad}"
            );
        }
    }

    #[test]
    fn each_key_validates_as_xapi_reads_it() {
        use Setting::*;
        assert!(validate(Speed, "1000").is_ok());
        assert!(validate(Speed, "2500").is_ok(), "any positive integer");
        for bad in ["0", "-10", "fast", "10.5", "+10", "99999999999"] {
            assert!(validate(Speed, bad).is_err(), "{bad}");
        }
        assert!(validate(Duplex, "half").is_ok() && validate(Duplex, "full").is_ok());
        assert!(validate(Duplex, "Full").is_err());
        assert!(validate(Advertise, "0x2f").is_ok());
        for bad in ["2f", "0x", "0xg", "0X2f"] {
            assert!(validate(Advertise, bad).is_err(), "{bad}");
        }
        assert_eq!(validate(Mtu, "9000"), Ok(None));
        assert_eq!(validate(Mtu, "1400"), Ok(Some(Warning::MtuUnusual(1400))));
        assert_eq!(validate(Mtu, "65535"), Ok(Some(Warning::MtuUnusual(65535))));
        assert_eq!(validate(Mtu, "67"), Err(Problem::MtuOutOfRange(67)));
        assert_eq!(validate(Mtu, "65536"), Err(Problem::MtuOutOfRange(65536)));
        assert!(matches!(
            validate(Mtu, "jumbo"),
            Err(Problem::MtuNotInteger(_))
        ));
        assert!(validate(Mtu, "").is_ok(), "empty means Default");
        assert!(validate(Offload("tx"), "maybe").is_err());
    }

    #[test]
    fn a_vif_offers_only_what_reaches_a_vif() {
        let keys: Vec<String> = Setting::all(NicKind::Vif)
            .iter()
            .map(Setting::key)
            .collect();
        assert_eq!(
            keys,
            [
                "ethtool-rx",
                "ethtool-tx",
                "ethtool-sg",
                "ethtool-tso",
                "ethtool-ufo",
                "ethtool-gso",
                "promiscuous",
                "mtu"
            ]
        );
        let pif: Vec<String> = Setting::all(NicKind::Pif)
            .iter()
            .map(Setting::key)
            .collect();
        for k in [
            "ethtool-gro",
            "ethtool-lro",
            "ethtool-speed",
            "ethtool-duplex",
            "ethtool-autoneg",
            "ethtool-advertise",
        ] {
            assert!(pif.contains(&k.to_string()), "{k}");
        }
        let f = NicForm::new(
            NicKind::Vif,
            "r",
            "u",
            &m(&[("ethtool-speed", "100")]),
            1500,
        );
        assert_eq!(f.not_applicable(), ["ethtool-speed"]);
        assert!(f.plan().unwrap().is_empty(), "kept untouched");
    }

    #[test]
    fn opening_and_applying_changes_nothing() {
        let oc = m(&[("ethtool-tx", "true"), ("mtu", "9000"), ("owner", "x")]);
        let f = NicForm::new(NicKind::Pif, "r", "u", &oc, 1500);
        assert!(f.plan().unwrap().is_empty());
    }

    #[test]
    fn invalid_values_block_the_plan_until_fixed() {
        let oc = m(&[("ethtool-tso", "sometimes")]);
        let mut f = NicForm::new(NicKind::Vif, "r", "u", &oc, 1500);
        let err = f.plan().unwrap_err();
        assert_eq!(
            err,
            [(
                Setting::Offload("tso"),
                Problem::NotOnOff("sometimes".into())
            )]
        );
        *f.switch_mut(Setting::Offload("tso")).unwrap() = Switch::Off;
        *f.text_mut(Setting::Mtu).unwrap() = "70000".into();
        assert!(f.plan().is_err());
        *f.text_mut(Setting::Mtu).unwrap() = "9000".into();
        let p = f.plan().unwrap();
        assert_eq!(
            p.changes,
            [
                KeyChange::Put {
                    key: "ethtool-tso".into(),
                    value: "off".into(),
                    existed: true
                },
                KeyChange::Put {
                    key: "mtu".into(),
                    value: "9000".into(),
                    existed: false
                },
            ]
        );
    }

    #[test]
    fn default_removes_the_key() {
        let oc = m(&[("promiscuous", "on"), ("ethtool-speed", "100")]);
        let mut f = NicForm::new(NicKind::Pif, "r", "u", &oc, 1500);
        *f.switch_mut(Setting::Promiscuous).unwrap() = Switch::Default;
        f.text_mut(Setting::Speed).unwrap().clear();
        let p = f.plan().unwrap();
        assert_eq!(
            p.changes,
            [
                KeyChange::Remove {
                    key: "ethtool-speed".into()
                },
                KeyChange::Remove {
                    key: "promiscuous".into()
                },
            ]
        );
    }

    #[test]
    fn bulk_skips_nics_that_already_have_the_value() {
        let a = m(&[("ethtool-tx", "true")]);
        let b = m(&[]);
        let c = m(&[("ethtool-tx", "off")]);
        let targets = [
            Target {
                object_ref: "a",
                uuid: "ua",
                other_config: &a,
            },
            Target {
                object_ref: "b",
                uuid: "ub",
                other_config: &b,
            },
            Target {
                object_ref: "c",
                uuid: "uc",
                other_config: &c,
            },
        ];
        let plans = bulk_plans(NicKind::Vif, &targets, Setting::Offload("tx"), Some("on")).unwrap();
        let refs: Vec<_> = plans.iter().map(|p| p.object_ref.as_str()).collect();
        assert_eq!(refs, ["b", "c"]);
        assert!(bulk_plans(NicKind::Vif, &targets, Setting::Mtu, Some("12")).is_err());
        let cleared = bulk_plans(NicKind::Vif, &targets, Setting::Offload("tx"), None).unwrap();
        assert_eq!(cleared.len(), 2, "a and c had the key");
    }
}
