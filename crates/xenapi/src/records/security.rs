//! Security records: a host's TLS certificates and a VM's virtual TPMs. Secrets (`secret`)
//! are never cached: their values are only sent, never read back.

#[allow(unused_imports)]
use super::*;
use crate::record;

wire_enum! {
    /// What a certificate is for (`certificate_type`).
    CertificateType {
        /// Trusted by the whole pool.
        Ca = "ca",
        /// Identifies a host to clients outside the pool (the one XenPilot connects to).
        Host = "host",
        /// Identifies a host to the other pool members.
        HostInternal = "host_internal",
        /// A pinned leaf certificate trusted by the whole pool.
        Pinned = "pinned",
    }
}

record! {
    /// An X509 certificate used for TLS connections (xapi's `Certificate`).
    pub struct Certificate ("Certificate") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// The certificate's name (only `ca` certificates have one).
        name: String = "name",
        /// What it is for (`type`).
        cert_type: CertificateType = "type",
        /// The host it is installed on (null for pool-wide ones).
        host: Ref<Host> = "host",
        /// Valid from (xapi's ISO 8601 `DateTime`).
        not_before: String = "not_before",
        /// Valid until (xapi's ISO 8601 `DateTime`).
        not_after: String = "not_after",
        /// SHA-256 fingerprint (`fingerprint_sha256`; older servers only have `fingerprint`).
        fingerprint_sha256: String = "fingerprint_sha256",
        /// The deprecated SHA-256 fingerprint field older servers fill.
        fingerprint: String = "fingerprint",
    }
}

record! {
    /// A VM's virtual TPM.
    pub struct Vtpm ("VTPM") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// The VM it belongs to (`VM`).
        vm: Ref<Vm> = "VM",
        /// Whether its contents may not be copied to clones.
        is_unique: bool = "is_unique",
    }
}
