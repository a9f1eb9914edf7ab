//! `demo-server --tls`: a self-signed certificate, as a fresh XenServer host has, so trust on
//! first use, pinning and a changed certificate can all be exercised on loopback.

use xenapi::tls::fingerprint;

/// A certificate and its private key (DER).
#[derive(Clone)]
pub struct TlsIdentity {
    pub cert_der: Vec<u8>,
    key_der: Vec<u8>,
}

impl std::fmt::Debug for TlsIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsIdentity")
            .field("sha256", &self.fingerprint())
            .finish_non_exhaustive()
    }
}

/// Why a certificate could not be made (rcgen's message).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TlsSetupError(pub String);

impl From<String> for TlsSetupError {
    fn from(s: String) -> Self {
        TlsSetupError(s)
    }
}

impl From<&str> for TlsSetupError {
    fn from(s: &str) -> Self {
        TlsSetupError(s.to_string())
    }
}

impl TlsIdentity {
    /// A new self-signed certificate for `names` (host names or IP addresses); every call
    /// gives a different one (a new key), as reinstalling a host would.
    pub fn generate(names: &[String]) -> Result<TlsIdentity, TlsSetupError> {
        let key = new_key()?;
        let cert = leaf_params(names)?
            .self_signed(&key)
            .map_err(|e| format!("cannot sign the certificate: {e}"))?;
        Ok(TlsIdentity {
            cert_der: cert.der().to_vec(),
            key_der: key.serialize_der(),
        })
    }

    /// A certificate for `names` signed by a new certificate authority, and that authority's
    /// certificate (PEM): a host with a CA-signed certificate, for a client that trusts the CA.
    pub fn signed_by_new_ca(names: &[String]) -> Result<(TlsIdentity, String), TlsSetupError> {
        let ca_key = new_key()?;
        let mut ca =
            rcgen::CertificateParams::new(Vec::<String>::new()).map_err(|e| e.to_string())?;
        ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::CrlSign,
            rcgen::KeyUsagePurpose::DigitalSignature,
        ];
        ca.distinguished_name
            .push(rcgen::DnType::CommonName, "XenPilot demo CA");
        let ca_cert = ca
            .self_signed(&ca_key)
            .map_err(|e| format!("cannot sign the CA certificate: {e}"))?;
        let key = new_key()?;
        let cert = leaf_params(names)?
            .signed_by(&key, &rcgen::Issuer::from_params(&ca, &ca_key))
            .map_err(|e| format!("cannot sign the certificate: {e}"))?;
        let id = TlsIdentity {
            cert_der: cert.der().to_vec(),
            key_der: key.serialize_der(),
        };
        Ok((id, ca_cert.pem()))
    }

    /// `AB:CD:…`: what a client shows the user to compare.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.cert_der)
    }

    pub(crate) fn rustls_config(
        &self,
    ) -> Result<axum_server::tls_rustls::RustlsConfig, TlsSetupError> {
        use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
        xenapi::transport::ensure_crypto_provider();
        let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_no_client_auth()
            .with_single_cert(
                vec![CertificateDer::from(self.cert_der.clone())],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key_der.clone())),
            )
            .map_err(|e| format!("unusable certificate: {e}"))?;
        let mut config = config;
        // reqwest offers h2 and http/1.1; axum here speaks HTTP/1.1.
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(axum_server::tls_rustls::RustlsConfig::from_config(
            std::sync::Arc::new(config),
        ))
    }
}

fn new_key() -> Result<rcgen::KeyPair, TlsSetupError> {
    rcgen::KeyPair::generate().map_err(|e| TlsSetupError(format!("cannot make a key: {e}")))
}

/// A server certificate's parameters: `names` as subject alternative names (an IP address
/// becomes an IP entry), the first as common name, valid from the start of this year for ten
/// years, like an installer-made one (rcgen's default runs from 1975 to 4096).
fn leaf_params(names: &[String]) -> Result<rcgen::CertificateParams, TlsSetupError> {
    let mut params = rcgen::CertificateParams::new(names.to_vec())
        .map_err(|e| format!("invalid certificate name: {e}"))?;
    let mut dn = rcgen::DistinguishedName::new();
    dn.push(
        rcgen::DnType::CommonName,
        names.first().cloned().unwrap_or_default(),
    );
    dn.push(rcgen::DnType::OrganizationName, "XenPilot demo pool");
    params.distinguished_name = dn;
    params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    let year = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(2026, |d| 1970 + (d.as_secs() / 31_556_952) as i32);
    params.not_before = rcgen::date_time_ymd(year, 1, 1);
    params.not_after = rcgen::date_time_ymd(year + 10, 1, 1);
    Ok(params)
}
