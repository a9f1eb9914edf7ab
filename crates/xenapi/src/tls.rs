//! TLS verification with trust on first use.
//!
//! A certificate that chains to a root the operating system trusts is accepted silently (the
//! usual WebPKI checks, host name included). XenServer and XCP-ng hosts ship self-signed
//! certificates, so a host may instead be *pinned*: the SHA-256 fingerprint of its certificate,
//! saved when the user accepted it. A pinned host is accepted only with exactly that
//! certificate; a different one is refused, and the caller gets both fingerprints to show.
//!
//! When a certificate is refused the verifier keeps what it saw ([`TlsVerifier::take_rejection`]),
//! so the transport can turn the opaque handshake failure into a [`Rejection`] the UI can
//! present (subject, issuer, validity, fingerprint).

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, Error as TlsError, RootCertStore, SignatureScheme};
use std::sync::{Arc, Mutex, OnceLock};

/// What a user needs to decide whether to trust a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertInfo {
    /// The subject's distinguished name (`CN=…`), empty if the certificate cannot be parsed.
    pub subject: String,
    /// The issuer's distinguished name; the same as the subject for a self-signed certificate.
    pub issuer: String,
    /// Start of validity, RFC 2822 (empty if unknown).
    pub not_before: String,
    /// End of validity, RFC 2822 (empty if unknown).
    pub not_after: String,
    /// `AB:CD:…`, upper-case hex of the SHA-256 of the DER certificate.
    pub sha256: String,
}

/// Why a host's certificate was refused. `host` is the [`super::known_host_key`] to pin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// Not signed by a trusted root (self-signed, unknown CA, wrong name, expired):
    /// the user may trust it, which pins it.
    Untrusted {
        /// The host's [`super::known_host_key`].
        host: String,
        /// The certificate it presented.
        cert: CertInfo,
        /// Why verification failed, in rustls's words.
        reason: String,
    },
    /// The host was pinned and now presents another certificate.
    Changed {
        /// The host's [`super::known_host_key`].
        host: String,
        /// The fingerprint the user trusted.
        pinned: String,
        /// The certificate it presents now.
        cert: CertInfo,
    },
}

impl Rejection {
    /// The [`super::known_host_key`] of the host whose certificate was refused.
    pub fn host(&self) -> &str {
        match self {
            Rejection::Untrusted { host, .. } | Rejection::Changed { host, .. } => host,
        }
    }

    /// The certificate the host presented.
    pub fn cert(&self) -> &CertInfo {
        match self {
            Rejection::Untrusted { cert, .. } | Rejection::Changed { cert, .. } => cert,
        }
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejection::Untrusted { host, cert, reason } => write!(
                f,
                "the certificate of {host} is not trusted ({reason}); SHA-256 {}",
                cert.sha256
            ),
            Rejection::Changed { host, pinned, cert } => write!(
                f,
                "the certificate of {host} changed since it was trusted: was {pinned}, now {}",
                cert.sha256
            ),
        }
    }
}

/// `AB:CD:…` fingerprint of a DER certificate.
pub fn fingerprint(der: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, der);
    digest
        .as_ref()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Subject, issuer and validity of a DER certificate (fields it lacks are left empty).
pub fn cert_info(der: &[u8]) -> CertInfo {
    let mut info = CertInfo {
        subject: String::new(),
        issuer: String::new(),
        not_before: String::new(),
        not_after: String::new(),
        sha256: fingerprint(der),
    };
    if let Ok((_, cert)) = x509_parser::parse_x509_certificate(der) {
        info.subject = cert.subject().to_string();
        info.issuer = cert.issuer().to_string();
        let v = cert.validity();
        info.not_before = v.not_before.to_rfc2822().unwrap_or_default();
        info.not_after = v.not_after.to_rfc2822().unwrap_or_default();
    }
    info
}

/// The operating system's trusted roots, loaded once.
fn system_roots() -> Arc<RootCertStore> {
    static ROOTS: OnceLock<Arc<RootCertStore>> = OnceLock::new();
    ROOTS
        .get_or_init(|| {
            let mut store = RootCertStore::empty();
            let found = rustls_native_certs::load_native_certs();
            for e in &found.errors {
                tracing::debug!(error = %e, "skipping an unreadable system certificate");
            }
            let (added, ignored) = store.add_parsable_certificates(found.certs);
            tracing::debug!(added, ignored, "loaded the system's trusted roots");
            Arc::new(store)
        })
        .clone()
}

/// A rustls certificate verifier for one host: the system's roots, or the host's pinned
/// fingerprint; it remembers why it refused a certificate.
#[derive(Debug)]
pub struct TlsVerifier {
    host: String,
    webpki: Option<Arc<WebPkiServerVerifier>>,
    pinned: Option<String>,
    rejection: Mutex<Option<Rejection>>,
}

impl TlsVerifier {
    /// A verifier for one host (`host`: its [`super::known_host_key`]); `pinned` is its saved
    /// fingerprint, if the user trusted it.
    pub fn new(host: &str, pinned: Option<String>) -> Arc<TlsVerifier> {
        super::transport::ensure_crypto_provider();
        let webpki = WebPkiServerVerifier::builder(system_roots()).build().ok();
        Arc::new(TlsVerifier {
            host: host.to_string(),
            webpki,
            pinned: pinned.map(|p| p.to_ascii_uppercase()),
            rejection: Mutex::new(None),
        })
    }

    /// What the last refused handshake presented, if any (and forgets it, so a later
    /// failure of another kind is not mistaken for it).
    pub fn take_rejection(&self) -> Option<Rejection> {
        self.rejection.lock().ok().and_then(|mut r| r.take())
    }

    fn reject(&self, r: Rejection) {
        if let Ok(mut slot) = self.rejection.lock() {
            *slot = Some(r);
        }
    }

    fn provider() -> Arc<rustls::crypto::CryptoProvider> {
        rustls::crypto::CryptoProvider::get_default()
            .cloned()
            .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()))
    }

    /// A rustls client configuration using this verifier.
    pub fn client_config(self: &Arc<Self>) -> Result<rustls::ClientConfig, TlsError> {
        Ok(
            rustls::ClientConfig::builder_with_provider(Self::provider())
                .with_safe_default_protocol_versions()?
                .dangerous()
                .with_custom_certificate_verifier(self.clone())
                .with_no_client_auth(),
        )
    }
}

impl ServerCertVerifier for TlsVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, TlsError> {
        let presented = fingerprint(end_entity);
        if let Some(pin) = &self.pinned {
            if *pin == presented {
                return Ok(ServerCertVerified::assertion());
            }
            self.reject(Rejection::Changed {
                host: self.host.clone(),
                pinned: pin.clone(),
                cert: cert_info(end_entity),
            });
            return Err(TlsError::General(
                "the host's certificate changed since it was trusted".into(),
            ));
        }
        let result = match &self.webpki {
            Some(v) => v.verify_server_cert(end_entity, intermediates, server_name, ocsp, now),
            None => Err(TlsError::General("no trusted root certificates".into())),
        };
        if let Err(e) = &result {
            self.reject(Rejection::Untrusted {
                host: self.host.clone(),
                cert: cert_info(end_entity),
                reason: e.to_string(),
            });
        }
        result
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &Self::provider().signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, TlsError> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &Self::provider().signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        Self::provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_colon_separated_upper_hex() {
        let f = fingerprint(b"abc");
        assert_eq!(f.len(), 32 * 3 - 1);
        assert!(f.starts_with("BA:78:16:BF"), "{f}");
    }

    #[test]
    fn garbage_certificates_still_get_a_fingerprint() {
        let i = cert_info(b"not a certificate");
        assert_eq!(i.subject, "");
        assert_eq!(i.sha256, fingerprint(b"not a certificate"));
    }
}
