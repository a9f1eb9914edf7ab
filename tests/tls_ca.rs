//! A host whose certificate chains to a root the system trusts is accepted silently, with no
//! pin and no prompt. The "system" roots here are a test CA given through `SSL_CERT_FILE`,
//! which the OS root loader honours; this file has one test, so setting the variable before
//! any TLS use cannot race with another test. Hence a binary of its own, which needs nothing
//! from `tests/common`.

// Tests may unwrap: a panic is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use xenpilot::demo::{self, DemoConfig, DemoServer, TlsIdentity};
use xenpilot::xenapi::{Credentials, ErrorKind, Rejection, Session, TransportOptions};

const PASSWORD: &str = "demo-password";

/// The demo pool on loopback over TLS with `tls`.
async fn server_with(tls: TlsIdentity) -> DemoServer {
    let mut config = DemoConfig::new(PASSWORD);
    config.tls = Some(tls);
    DemoServer::start(demo::demo_pool(), config, ([127, 0, 0, 1], 0).into())
        .await
        .expect("demo server starts")
}

#[tokio::test]
async fn a_certificate_from_a_trusted_authority_connects_silently() {
    let names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
    let (id, ca_pem) = TlsIdentity::signed_by_new_ca(&names).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca_pem).unwrap();
    // SAFETY: the only test in this binary, before any thread reads the environment.
    unsafe { std::env::set_var("SSL_CERT_FILE", &ca_file) };

    let trusted = server_with(id).await;
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
    let self_signed = server_with(TlsIdentity::generate(&names).unwrap()).await;
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
