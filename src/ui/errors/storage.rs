//! Storage errors in words: the storage manager's `SR_BACKEND_FAILURE_<n>` (from
//! [`crate::model::sm_errors`]: what to do, then what the driver said) and xapi's own
//! storage refusals (a disk in use, a driver that cannot, a repository still plugged).

use crate::i18n::I18n;
use crate::model::sm_errors;
use xenapi::ApiError;

/// The sentence for a storage error; `None` for any other error.
pub fn text(i18n: &I18n, e: &ApiError) -> Option<String> {
    if let Some(code) = sm_errors::code_of(&e.code) {
        let (what, detail) = sm_errors::reason(&e.params);
        let head = match sm_errors::lookup(code) {
            Some(entry) => i18n.get(entry.advice),
            None => i18n.get_args(
                "sm-err-other",
                &[("code", &code.to_string()), ("reason", &what)],
            ),
        };
        return Some(if detail.is_empty() {
            head
        } else {
            i18n.get_args("sm-err-detail", &[("advice", &head), ("detail", &detail)])
        });
    }
    let id = match e.code.as_str() {
        "VDI_IN_USE" => "err-vdi-in-use",
        "SR_OPERATION_NOT_SUPPORTED" => "err-sr-not-supported",
        "SR_NO_PBDS" => "err-sr-no-pbds",
        "SR_HAS_PBD" => "err-sr-has-pbd",
        "SR_NOT_EMPTY" => "err-sr-not-empty",
        "SR_DEVICE_IN_USE" => "err-sr-device-in-use",
        "DEVICE_ALREADY_ATTACHED" => "err-device-attached",
        "DEVICE_ALREADY_DETACHED" => "err-device-detached",
        "VBD_NOT_UNPLUGGABLE" => "err-vbd-not-unpluggable",
        "VDI_READONLY" => "err-vdi-readonly",
        "VM_MISSING_PV_DRIVERS" => "err-missing-pv-drivers",
        _ => return None,
    };
    Some(i18n.get(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_sm_failure_says_what_to_do_and_what_the_driver_said() {
        let i18n = I18n::new("en-US");
        let e = ApiError::new(
            "SR_BACKEND_FAILURE_79",
            ["", "VDI Invalid size [opterr=shrinking not allowed]", ""],
        );
        let t = text(&i18n, &e).unwrap();
        assert!(t.contains("only grow"), "{t}");
        assert!(t.contains("shrinking not allowed"), "{t}");
        let e = ApiError::new("SR_BACKEND_FAILURE_73", ["", "NFS mount error", ""]);
        let t = text(&i18n, &e).unwrap();
        assert!(t.contains("allowed hosts") || t.contains("export"), "{t}");
        // A code the table does not know keeps its number and the driver's words.
        let e = ApiError::new("SR_BACKEND_FAILURE_1200", ["", "SM has thrown", ""]);
        let t = text(&i18n, &e).unwrap();
        assert!(t.contains("1200") && t.contains("SM has thrown"), "{t}");
        assert_eq!(text(&i18n, &ApiError::new("SESSION_INVALID", ["x"])), None);
    }

    #[test]
    fn xapis_storage_refusals_read_as_sentences() {
        let ja = I18n::new("ja");
        let t = text(&ja, &ApiError::new("VDI_IN_USE", ["OpaqueRef:x", "resize"])).unwrap();
        assert!(!t.contains("VDI_IN_USE"), "{t}");
    }
}
