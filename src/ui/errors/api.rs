//! A failed task's `error_info` (`[CODE, params…]`) in the user's language. The codes a VM
//! lifecycle action meets get a sentence of their own; any other shows its code and
//! parameters (the details line of the Events view always has them verbatim).

use crate::i18n::I18n;
use xenapi::ApiError;
use xenapi::error::codes;

/// One line saying what went wrong.
pub fn text(i18n: &I18n, e: &ApiError) -> String {
    let p = |i: usize| e.params.get(i).map(String::as_str).unwrap_or("");
    if let Some(t) = super::storage::text(i18n, e) {
        return t;
    }
    match e.code.as_str() {
        codes::VM_BAD_POWER_STATE => i18n.get_args(
            "task-err-power-state",
            &[("expected", p(1)), ("actual", p(2))],
        ),
        "OPERATION_NOT_ALLOWED" => i18n.get_args("task-err-not-allowed", &[("reason", p(0))]),
        "OTHER_OPERATION_IN_PROGRESS" => i18n.get_args("task-err-in-progress", &[("op", p(2))]),
        "HOST_NOT_ENOUGH_FREE_MEMORY" => i18n.get_args(
            "task-err-memory",
            &[("needed", &mib(p(0))), ("free", &mib(p(1)))],
        ),
        "TASK_CANCELLED" => i18n.get("task-err-cancelled"),
        // Imports (xapi import.ml): what went wrong with the file, in words.
        "IMPORT_ERROR_PREMATURE_EOF" => i18n.get("task-err-import-eof"),
        "IMPORT_ERROR_SOME_CHECKSUMS_FAILED" => i18n.get("task-err-import-checksum"),
        "IMPORT_ERROR_CANNOT_HANDLE_CHUNKED" => i18n.get("task-err-import-chunked"),
        "IMPORT_ERROR_UNEXPECTED_FILE" => i18n.get_args(
            "task-err-import-unexpected",
            &[("expected", p(0)), ("found", p(1))],
        ),
        "SR_OPERATION_NOT_SUPPORTED" => i18n.get("task-err-sr-no-disks"),
        // Servers and the pool.
        "HOST_NOT_DISABLED" => i18n.get("task-err-host-not-disabled"),
        "HOST_OFFLINE" | "HOST_STILL_BOOTING" => i18n.get("task-err-host-offline"),
        "HOST_DISABLED_UNTIL_REBOOT" => i18n.get("task-err-host-until-reboot"),
        "CANNOT_EVACUATE_HOST" | "NO_HOSTS_AVAILABLE" => i18n.get_args(
            "task-err-cannot-evacuate",
            &[("reason", &e.params.join(" "))],
        ),
        "VM_REQUIRES_SR" => i18n.get("task-err-vm-requires-sr"),
        "HA_IS_ENABLED" => i18n.get("why-ha-on"),
        "HA_OPERATION_WOULD_BREAK_FAILOVER_PLAN" => i18n.get("task-err-ha-break-plan"),
        "HA_NO_PLAN" => i18n.get("task-err-ha-no-plan"),
        "SR_FULL" => i18n.get("task-err-sr-full"),
        codes::HANDLE_INVALID => i18n.get("err-gone"),
        codes::RBAC_PERMISSION_DENIED => {
            let roles = e
                .params
                .get(1)
                .and_then(|m| m.split("permission: ").nth(1))
                .map(|r| r.trim_end_matches(')').to_string())
                .unwrap_or_else(|| e.params.join(" "));
            i18n.get_args("err-rbac", &[("roles", &roles)])
        }
        _ => i18n.get_args("err-server", &[("error", &e.to_string())]),
    }
}

/// Bytes (as xapi sends them, a decimal string) in MiB; the raw text when not a number.
fn mib(bytes: &str) -> String {
    bytes
        .parse::<i64>()
        .map(|b| format!("{} MiB", b / (1024 * 1024)))
        .unwrap_or_else(|_| bytes.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle_errors_read_as_sentences_with_their_figures() {
        let i18n = I18n::new("en-US");
        let e = ApiError::new("HOST_NOT_ENOUGH_FREE_MEMORY", ["4294967296", "1073741824"]);
        let t = text(&i18n, &e);
        assert!(t.contains("4096 MiB") && t.contains("1024 MiB"), "{t}");
        let e = ApiError::new(
            codes::VM_BAD_POWER_STATE,
            ["OpaqueRef:x", "halted", "running"],
        );
        let t = text(&i18n, &e);
        assert!(t.contains("halted") && t.contains("running"), "{t}");
        let e = ApiError::new("SOMETHING_NEW", ["a"]);
        assert!(text(&i18n, &e).contains("SOMETHING_NEW [a]"));
    }
}
