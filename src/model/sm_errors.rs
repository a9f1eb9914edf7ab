//! `SR_BACKEND_FAILURE_<n>`: the storage manager's (SM's) error codes, each with a sentence
//! the user can act on.
//!
//! xapi turns an SM driver's XML-RPC fault into `SR_BACKEND_FAILURE_<code>` with the
//! parameters `["", reason, stderr]` (`ocaml/xapi/sm_exec.ml`); the codes and their
//! descriptions are SM's `XE_SR_ERRORCODES.xml`, and the reason is the description with the
//! driver's detail as ` [opterr=…]` (`xs_errors.XenError`). Codes 16, 24, 39 and 144 are
//! mapped by xapi to its own errors (SR_DEVICE_IN_USE, VDI_IN_USE, SR_NOT_EMPTY,
//! VDI_MISSING) and never arrive here.

/// One SM code the common drivers raise: its number, SM's name, and the Fluent id of what to
/// do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmError {
    pub code: u32,
    pub name: &'static str,
    pub advice: &'static str,
}

const fn e(code: u32, name: &'static str, advice: &'static str) -> SmError {
    SmError { code, name, advice }
}

/// The codes the NFS, SMB, iSCSI, HBA, LVM and ISO drivers raise most, by number.
pub static TABLE: &[SmError] = &[
    e(19, "InvalidDev", "sm-err-19"),
    e(38, "Unimplemented", "sm-err-38"),
    e(44, "SRNoSpace", "sm-err-44"),
    e(46, "VDIUnavailable", "sm-err-46"),
    e(47, "SRUnavailable", "sm-err-47"),
    e(52, "LVMMount", "sm-err-52"),
    e(68, "ISCSILogin", "sm-err-68"),
    e(72, "NFSVersion", "sm-err-72"),
    e(73, "NFSMount", "sm-err-73"),
    e(79, "VDISize", "sm-err-79"),
    e(83, "ISCSIDiscovery", "sm-err-83"),
    e(88, "NFSCreate", "sm-err-88"),
    e(90, "ConfigDeviceMissing", "sm-err-90"),
    e(94, "ConfigLocationMissing", "sm-err-94"),
    e(105, "Rootdev", "sm-err-105"),
    e(106, "InvalidIQN", "sm-err-106"),
    e(107, "ConfigSCSIid", "sm-err-107"),
    e(108, "NFSTarget", "sm-err-108"),
    e(109, "SnapshotChainTooLong", "sm-err-109"),
    e(111, "SMBMount", "sm-err-111"),
    e(140, "DNSError", "sm-err-140"),
    e(141, "ISCSITarget", "sm-err-141"),
    e(142, "ISCSIPort", "sm-err-142"),
    e(222, "ISOMountFailure", "sm-err-222"),
    e(224, "ISOSharenameFailure", "sm-err-224"),
    e(225, "ISOLocationStringError", "sm-err-225"),
    e(227, "ISOInvalidSMBversion", "sm-err-227"),
];

/// The number of an `SR_BACKEND_FAILURE_<n>` code; `None` for any other code.
pub fn code_of(api_code: &str) -> Option<u32> {
    api_code
        .strip_prefix("SR_BACKEND_FAILURE_")
        .and_then(|n| n.parse().ok())
}

/// The table's entry for an SM code number.
pub fn lookup(code: u32) -> Option<&'static SmError> {
    TABLE.iter().find(|e| e.code == code)
}

/// What the driver said, from the error's parameters (`["", reason, stderr]`): SM's
/// description and its detail (the `opterr`), each trimmed; either may be empty.
pub fn reason(params: &[String]) -> (String, String) {
    let text = params
        .get(1)
        .filter(|s| !s.trim().is_empty())
        .or_else(|| params.iter().find(|s| !s.trim().is_empty()))
        .map(|s| s.trim())
        .unwrap_or_default();
    match text.split_once("[opterr=") {
        Some((what, detail)) => (
            what.trim().to_string(),
            detail.trim_end().trim_end_matches(']').trim().to_string(),
        ),
        None => (text.to_string(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_from_the_xapi_error() {
        assert_eq!(code_of("SR_BACKEND_FAILURE_73"), Some(73));
        assert_eq!(code_of("SR_BACKEND_FAILURE_x"), None);
        assert_eq!(code_of("SR_FULL"), None);
        assert_eq!(lookup(73).map(|e| e.name), Some("NFSMount"));
        assert_eq!(lookup(1200), None);
    }

    #[test]
    fn the_table_is_in_order_and_each_code_once() {
        for w in TABLE.windows(2) {
            assert!(w[0].code < w[1].code, "{} before {}", w[0].code, w[1].code);
        }
        for e in TABLE {
            assert_eq!(e.advice, format!("sm-err-{}", e.code));
        }
    }

    #[test]
    fn the_drivers_detail_is_split_from_its_description() {
        let p = |s: &str| vec![String::new(), s.to_string(), String::new()];
        assert_eq!(
            reason(&p("VDI Invalid size [opterr=shrinking not allowed]")),
            ("VDI Invalid size".into(), "shrinking not allowed".into())
        );
        assert_eq!(
            reason(&p("NFS mount error")),
            ("NFS mount error".into(), String::new())
        );
        // An odd server that puts the text first.
        assert_eq!(
            reason(&["only".to_string()]),
            ("only".into(), String::new())
        );
        assert_eq!(reason(&[]), (String::new(), String::new()));
    }

    #[test]
    fn every_advice_exists_in_every_language() {
        for (lang, _) in crate::i18n::LANGUAGES {
            let i18n = crate::i18n::I18n::new(lang);
            for e in TABLE {
                assert!(
                    i18n.try_get(e.advice, &[("detail", "x")]).is_some(),
                    "{lang} lacks {}",
                    e.advice
                );
            }
        }
    }
}
