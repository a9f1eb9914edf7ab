//! A host whose certificate chains to a root the system trusts is accepted silently, with no
//! pin and no prompt. The "system" roots here are a test CA given through `SSL_CERT_FILE`,
//! which the OS root loader honours; this file has one test, so setting the variable before
//! any TLS use cannot race with another test.

mod common;

use common::*;
use xenpilot::demo::TlsIdentity;
use xenpilot::xenapi::{Credentials, ErrorKind, Rejection, Session, TransportOptions};

#[tokio::test]
async fn a_certificate_from_a_trusted_authority_connects_silently() {
    let names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
    let (id, ca_pem) = TlsIdentity::signed_by_new_ca(&names).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca_pem).unwrap();
    // SAFETY: the only test in this binary, before any thread reads the environment.
    unsafe { std::env::set_var("SSL_CERT_FILE", &ca_file) };

    let mut cfg = config();
    cfg.tls = Some(id);
    let trusted = server_with(cfg).await;
    let s = Session::login(
        &trusted.url,
        Credentials::new("root", PASSWORD),
        TransportOptions::default(),
    )
    .await
    .expect("a CA-signed certificate needs no pin");
    assert!(s.master.is_some());
    // By name too (the certificate names localhost).
    let by_name = trusted.url.replace("127.0.0.1", "localhost");
    Session::login(
        &by_name,
        Credentials::new("root", PASSWORD),
        TransportOptions::default(),
    )
    .await
    .expect("the host name matches");

    // The same machinery still refuses a self-signed host.
    let mut cfg = config();
    cfg.tls = Some(TlsIdentity::generate(&names).unwrap());
    let self_signed = server_with(cfg).await;
    let err = Session::login(
        &self_signed.url,
        Credentials::new("root", PASSWORD),
        TransportOptions::default(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err.kind, ErrorKind::Certificate(r) if matches!(**r, Rejection::Untrusted { .. })),
        "{err}"
    );
}
