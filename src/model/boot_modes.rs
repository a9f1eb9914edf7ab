//! Which boot modes (BIOS, UEFI, UEFI Secure Boot) and whether a vTPM the New VM wizard
//! offers for a template, as XenCenter's `BootModesControl.cs` decides:
//! - UEFI is shown unless a host has its `guefi` feature disabled, Secure Boot unless a host
//!   has `guefi-secureboot` disabled (`Host.UefiBootDisabled`, `UefiSecureBootDisabled`);
//! - UEFI and Secure Boot are enabled when the template's `recommendations` say
//!   `supports-uefi` / `supports-secure-boot` = `yes`; a template that has booted
//!   (`last_boot_CPU_flags` set) keeps its mode; a vTPM template (`platform:vtpm=true`)
//!   cannot boot BIOS (xapi refuses a BIOS VM with a vTPM);
//! - the default is the template's own: `HVM_boot_params:firmware=uefi` gives Secure Boot
//!   when `platform:secureboot` is `true`, or `auto` and the pool has UEFI certificates,
//!   else UEFI; anything else gives BIOS;
//! - a vTPM can be added with a UEFI mode when the pool's licence allows it
//!   (`restrictions:restrict_vtpm=false`, what `VTPM.create` checks) and the template has
//!   none; a vTPM template gets its own at first boot.

use xenapi::{Cache, Ref, Vm};

/// How the VM boots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BootMode {
    Bios,
    Uefi,
    SecureBoot,
}

impl BootMode {
    pub const ALL: [BootMode; 3] = [BootMode::Bios, BootMode::Uefi, BootMode::SecureBoot];

    pub fn label_id(self) -> &'static str {
        match self {
            BootMode::Bios => "wiz-boot-bios",
            BootMode::Uefi => "wiz-boot-uefi",
            BootMode::SecureBoot => "wiz-boot-secure",
        }
    }

    /// `HVM_boot_params:firmware`.
    pub fn firmware(self) -> &'static str {
        match self {
            BootMode::Bios => "bios",
            _ => "uefi",
        }
    }

    /// `platform:secureboot`.
    pub fn secureboot(self) -> &'static str {
        if self == BootMode::SecureBoot {
            "true"
        } else {
            "false"
        }
    }
}

/// Why a boot mode is offered greyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BootWhyNot {
    /// The template's recommendations do not list it.
    TemplateLacks,
    /// The template has booted: its mode is fixed.
    AlreadyBooted,
    /// The template has a vTPM, which xapi refuses to boot with BIOS.
    NeedsVtpm,
}

impl BootWhyNot {
    pub fn text_id(self) -> &'static str {
        match self {
            BootWhyNot::TemplateLacks => "wiz-boot-unsupported",
            BootWhyNot::AlreadyBooted => "wiz-boot-fixed",
            BootWhyNot::NeedsVtpm => "wiz-boot-needs-uefi",
        }
    }
}

/// One mode as the wizard shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BootOption {
    pub mode: BootMode,
    /// `None`: it may be chosen.
    pub why_not: Option<BootWhyNot>,
}

/// The vTPM checkbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VtpmOffer {
    /// Shown at all (the pool allows vTPMs and a UEFI mode can be chosen).
    pub shown: bool,
    /// The user may tick it.
    pub enabled: bool,
    /// The VM gets a vTPM from its template (ticked and greyed).
    pub from_template: bool,
    /// Why it is greyed, when it is not the template's.
    pub note: Option<VtpmNote>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VtpmNote {
    /// BIOS is chosen.
    NeedsUefi,
    /// The template has its vTPM already (its clone copies it).
    TemplateHasOne,
}

impl VtpmNote {
    pub fn text_id(self) -> &'static str {
        match self {
            VtpmNote::NeedsUefi => "wiz-vtpm-needs-uefi",
            VtpmNote::TemplateHasOne => "wiz-vtpm-template-has",
        }
    }
}

/// The value of `<restriction field="NAME" value="…"/>` in a template's recommendations
/// (empty when absent or unreadable).
pub fn recommendation(xml: &str, name: &str) -> String {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) | Err(_) => return String::new(),
            Ok(Event::Start(e) | Event::Empty(e)) if e.name().as_ref() == "restriction" => {
                let attr = |key: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == key)
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.to_string())
                        })
                };
                if attr("field").as_deref() == Some(name) {
                    return attr("value").unwrap_or_default();
                }
            }
            Ok(_) => {}
        }
    }
}

/// Whether `t` boots HVM (PV templates have a bootloader and no boot policy).
pub fn is_hvm(t: &Vm) -> bool {
    !t.hvm_boot_policy.is_empty() || t.pv_bootloader.is_empty()
}

fn is_vtpm_template(t: &Vm) -> bool {
    t.is_a_template
        && t.platform
            .get("vtpm")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

fn default_uefi(t: &Vm) -> bool {
    t.hvm_boot_params
        .get("firmware")
        .is_some_and(|f| f.trim().eq_ignore_ascii_case("uefi"))
}

/// Whether some host has the feature `name` turned off.
fn feature_disabled(cache: &Cache, name: &str) -> bool {
    cache
        .features
        .values()
        .any(|f| f.name_label.eq_ignore_ascii_case(name) && !f.enabled)
}

/// Whether the pool holds UEFI certificates (Secure Boot VMs start).
pub fn pool_has_certificates(cache: &Cache) -> bool {
    cache
        .pools
        .values()
        .next()
        .is_some_and(|p| !p.uefi_certificates.is_empty())
}

/// The modes shown for `template`, each with why it may not be chosen.
pub fn options(cache: &Cache, template: Option<&Ref<Vm>>) -> Vec<BootOption> {
    let ok = |mode| BootOption {
        mode,
        why_not: None,
    };
    let Some(t) = template.and_then(|t| cache.vms.get(t)) else {
        return vec![ok(BootMode::Bios)];
    };
    if !is_hvm(t) {
        return vec![ok(BootMode::Bios)];
    }
    let uefi_shown = !feature_disabled(cache, "guefi");
    let secure_shown = uefi_shown && !feature_disabled(cache, "guefi-secureboot");
    let rec = |f| recommendation(&t.recommendations, f) == "yes";
    let booted = !t.last_boot_cpu_flags.is_empty();
    let mut bios = None;
    let (mut uefi, mut secure) = (
        (!rec("supports-uefi")).then_some(BootWhyNot::TemplateLacks),
        (!rec("supports-secure-boot")).then_some(BootWhyNot::TemplateLacks),
    );
    if default_uefi(t) {
        if booted {
            bios = Some(BootWhyNot::AlreadyBooted);
        } else if is_vtpm_template(t) {
            bios = Some(BootWhyNot::NeedsVtpm);
        }
    } else if booted {
        uefi = uefi.or(Some(BootWhyNot::AlreadyBooted));
        secure = secure.or(Some(BootWhyNot::AlreadyBooted));
    }
    let mut out = vec![BootOption {
        mode: BootMode::Bios,
        why_not: bios,
    }];
    if uefi_shown {
        out.push(BootOption {
            mode: BootMode::Uefi,
            why_not: uefi,
        });
    }
    if secure_shown {
        out.push(BootOption {
            mode: BootMode::SecureBoot,
            why_not: secure,
        });
    }
    out
}

/// The modes that may be chosen.
pub fn choosable(cache: &Cache, template: Option<&Ref<Vm>>) -> Vec<BootMode> {
    options(cache, template)
        .into_iter()
        .filter(|o| o.why_not.is_none())
        .map(|o| o.mode)
        .collect()
}

/// The template's own mode, as XenCenter picks it (see the module's note).
pub fn default_mode(cache: &Cache, template: Option<&Ref<Vm>>) -> BootMode {
    let opts = options(cache, template);
    let shown = |m| opts.iter().any(|o| o.mode == m);
    let Some(t) = template.and_then(|t| cache.vms.get(t)) else {
        return BootMode::Bios;
    };
    if is_hvm(t) && default_uefi(t) {
        let sb = t
            .platform
            .get("secureboot")
            .map(|s| s.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let secure = sb == "true" || (sb == "auto" && pool_has_certificates(cache));
        if secure && shown(BootMode::SecureBoot) {
            return BootMode::SecureBoot;
        }
        if shown(BootMode::Uefi) {
            return BootMode::Uefi;
        }
    }
    BootMode::Bios
}

/// Whether Secure Boot is chosen where the pool has no certificates (the VM would not
/// start until they are installed).
pub fn secure_boot_lacks_certificates(cache: &Cache, mode: BootMode) -> bool {
    mode == BootMode::SecureBoot && !pool_has_certificates(cache)
}

/// The vTPM checkbox for `template` with `mode` chosen.
pub fn vtpm(cache: &Cache, template: Option<&Ref<Vm>>, mode: BootMode) -> VtpmOffer {
    let Some(t) = template.and_then(|t| cache.vms.get(t)) else {
        return VtpmOffer::default();
    };
    let allowed = cache
        .pools
        .values()
        .next()
        .and_then(|p| p.restrictions.get("restrict_vtpm"))
        .is_some_and(|v| v == "false");
    let uefi_possible = options(cache, template)
        .iter()
        .any(|o| o.mode != BootMode::Bios && o.why_not.is_none());
    if !allowed || !uefi_possible {
        return VtpmOffer::default();
    }
    let bios = mode == BootMode::Bios;
    let has_one = !t.vtpms.is_empty();
    let vtpm_template = is_vtpm_template(t);
    VtpmOffer {
        shown: true,
        enabled: !bios && !vtpm_template && !has_one,
        from_template: !bios && (vtpm_template || has_one),
        note: if has_one {
            Some(VtpmNote::TemplateHasOne)
        } else if bios {
            Some(VtpmNote::NeedsUefi)
        } else {
            None
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Cache {
        xapidb::cache_of(&demo::demo_pool())
    }

    fn template(c: &Cache, name: &str) -> Ref<Vm> {
        c.vms
            .iter()
            .find(|(_, v)| v.name_label == name)
            .map(|(r, _)| r.clone())
            .unwrap_or_else(|| panic!("no template {name}"))
    }

    fn why(c: &Cache, t: &Ref<Vm>) -> Vec<(BootMode, Option<BootWhyNot>)> {
        options(c, Some(t))
            .into_iter()
            .map(|o| (o.mode, o.why_not))
            .collect()
    }

    #[test]
    fn windows_11_defaults_to_secure_boot_with_its_vtpm_and_refuses_bios() {
        let c = demo();
        let t = template(&c, "Windows 11");
        assert_eq!(default_mode(&c, Some(&t)), BootMode::SecureBoot);
        assert_eq!(
            why(&c, &t),
            [
                (BootMode::Bios, Some(BootWhyNot::NeedsVtpm)),
                (BootMode::Uefi, None),
                (BootMode::SecureBoot, None)
            ]
        );
        let v = vtpm(&c, Some(&t), BootMode::SecureBoot);
        assert!(v.shown && v.from_template && !v.enabled);
    }

    #[test]
    fn a_custom_bios_template_offers_only_bios_and_a_linux_one_a_vtpm_to_add() {
        let c = demo();
        let custom = template(&c, "Company web template");
        assert_eq!(default_mode(&c, Some(&custom)), BootMode::Bios);
        assert_eq!(choosable(&c, Some(&custom)), [BootMode::Bios]);
        assert!(!vtpm(&c, Some(&custom), BootMode::Bios).shown);
        let debian = template(&c, "Debian Bookworm 12");
        assert_eq!(choosable(&c, Some(&debian)).len(), 3);
        let v = vtpm(&c, Some(&debian), BootMode::Uefi);
        assert!(v.enabled && !v.from_template);
        let v = vtpm(&c, Some(&debian), BootMode::Bios);
        assert_eq!((v.enabled, v.note), (false, Some(VtpmNote::NeedsUefi)));
    }

    #[test]
    fn hosts_features_and_the_pools_certificates_decide_what_is_shown_and_chosen() {
        let mut c = demo();
        let t = template(&c, "Windows Server 2022 (64-bit)");
        for p in c.pools.values_mut() {
            p.uefi_certificates.clear();
        }
        // secureboot=auto without certificates: plain UEFI.
        assert_eq!(default_mode(&c, Some(&t)), BootMode::Uefi);
        assert!(secure_boot_lacks_certificates(&c, BootMode::SecureBoot));
        if let Some(f) = c
            .features
            .values_mut()
            .find(|f| f.name_label == "guefi-secureboot")
        {
            f.enabled = false;
        }
        let modes: Vec<BootMode> = options(&c, Some(&t)).iter().map(|o| o.mode).collect();
        assert_eq!(modes, [BootMode::Bios, BootMode::Uefi]);
        for f in c.features.values_mut() {
            f.enabled = false;
        }
        assert_eq!(default_mode(&c, Some(&t)), BootMode::Bios);
    }

    #[test]
    fn recommendations_are_read_by_field() {
        let x = r#"<restrictions><restriction field="vcpus-min" min="2"/><restriction field="supports-uefi" value="yes"/></restrictions>"#;
        assert_eq!(recommendation(x, "supports-uefi"), "yes");
        assert_eq!(recommendation(x, "supports-secure-boot"), "");
        assert_eq!(recommendation("<not xml", "supports-uefi"), "");
    }
}
