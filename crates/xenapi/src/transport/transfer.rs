//! A transfer whose body streams at the caller's pace (`GET /export`, `PUT /import`), on the
//! transport's client, pins and redirect rules.
//!
//! xapi answers a transfer on a host that cannot reach the storage with `302 Found` and a
//! `Location` naming a pool member that can (`import.ml`/`export.ml` handlers,
//! `Importexport.return_302_redirect`). The redirect is followed only to a host of the same
//! pool, never to a weaker scheme, with that member's pin. An upload's body waits until the
//! status line has arrived (xapi answers `200 OK` before it reads the body, as XenCenter's
//! `HTTP.PUT` expects), so a 302 costs no bytes and the body is made afresh for the member.

use super::{ErrorKind, Result, Transport, TransportError, describe_reqwest, net_cause};
use crate::console::{redirect_allowed, target_url};
use futures_util::{StreamExt, TryStreamExt};

/// At most this many `302` hops.
const MAX_REDIRECTS: usize = 3;

/// An upload's bytes, as a stream of chunks.
pub type UploadStream = futures_util::stream::BoxStream<'static, std::io::Result<bytes::Bytes>>;

/// What an upload sends: its length and how to make its bytes (again for each host tried).
pub struct Upload<'a> {
    /// The bytes to send (`Content-Length`).
    pub length: u64,
    /// Makes the bytes from their start.
    pub make: &'a mut (dyn FnMut() -> UploadStream + Send),
}

impl Transport {
    /// Starts a transfer whose body the caller streams (`GET /export`, `PUT /import`): the
    /// reply's status and headers arrive within the deadline; the body (or the upload) takes
    /// as long as it takes, read chunk by chunk by the caller. An upload is sent with
    /// `Content-Length` (xapi refuses chunked uploads) once the host has answered `200`.
    /// A `302` to a member of the pool (`pool_hosts`: their addresses) is followed.
    pub async fn start_transfer(
        &self,
        method: reqwest::Method,
        path: &str,
        query: &[(&str, &str)],
        mut upload: Option<Upload<'_>>,
        what: &str,
        pool_hosts: &[String],
    ) -> Result<reqwest::Response> {
        let mut url = self.base.clone();
        url.set_path(path);
        url.query_pairs_mut().extend_pairs(query);
        let mut other: Option<Transport> = None;
        for _ in 0..=MAX_REDIRECTS {
            let via = other.as_ref().unwrap_or(self);
            let resp = via
                .send_transfer(method.clone(), url.clone(), upload.as_mut(), what)
                .await?;
            if !matches!(resp.status().as_u16(), 301 | 302 | 303 | 307 | 308) {
                return Ok(resp);
            }
            let location = resp
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            // The port and scheme of the pool connection where the location names none
            // (xapi writes `https://ADDRESS/path?query`).
            let next = target_url(&location, &url)
                .map_err(|e| self.err(what, ErrorKind::Client(format!("{e}"))))?;
            if !redirect_allowed(&url, &next, pool_hosts) {
                return Err(self.err(
                    what,
                    ErrorKind::Client(format!(
                        "refused to follow a redirect to {next}: not a host of this pool"
                    )),
                ));
            }
            tracing::info!(to = %next, "{what} redirected to the host that has the storage");
            let mut base = next.clone();
            base.set_path("");
            base.set_query(None);
            let options = super::TransportOptions {
                pins: self.pins.clone(),
                timeout: self.timeout,
                max_reply_bytes: self.max_reply_bytes,
                ..super::TransportOptions::default()
            };
            other = Some(Transport::new(base.as_str(), &options)?);
            url = next;
        }
        Err(self.err(what, ErrorKind::Client("too many redirects".into())))
    }

    /// One request: for an upload the body is held back until the status line is read, and
    /// released only on `200`.
    async fn send_transfer(
        &self,
        method: reqwest::Method,
        url: reqwest::Url,
        upload: Option<&mut Upload<'_>>,
        what: &str,
    ) -> Result<reqwest::Response> {
        let mut req = self.http.request(method, url);
        let mut gate = None;
        if let Some(up) = upload {
            let (go, wait) = tokio::sync::oneshot::channel::<()>();
            gate = Some(go);
            let held = futures_util::stream::once(async move {
                wait.await
                    .map_err(|_| std::io::Error::other("the host did not take the upload"))
            })
            .try_filter_map(|()| async { Ok(None) });
            let body = held.chain((up.make)());
            req = req
                .header(reqwest::header::CONTENT_LENGTH, up.length)
                .body(reqwest::Body::wrap_stream(body));
        }
        // The status line comes before the body: a deadline for it, uploads too.
        let resp = match tokio::time::timeout_at(self.deadline(), req.send()).await {
            Ok(r) => r,
            Err(_) => return Err(self.too_slow(what)),
        };
        let resp =
            resp.map_err(
                |e| match self.verifier.as_ref().and_then(|v| v.take_rejection()) {
                    Some(r) => self.err(what, ErrorKind::Certificate(Box::new(r))),
                    None => self.err(
                        what,
                        ErrorKind::Transport(
                            TransportError::new(describe_reqwest(&e)).with_cause(net_cause(&e)),
                        ),
                    ),
                },
            )?;
        if let Some(go) = gate
            && resp.status() == reqwest::StatusCode::OK
        {
            let _ = go.send(());
        }
        Ok(resp)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};

    /// Reads a request's head; returns it and any bytes read past it.
    async fn head(c: &mut TcpStream) -> (String, Vec<u8>) {
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = c.read(&mut buf).await.unwrap();
            assert!(n > 0, "the request head ends");
            got.extend_from_slice(&buf[..n]);
            if let Some(at) = got.windows(4).position(|w| w == b"\r\n\r\n") {
                let rest = got.split_off(at + 4);
                return (String::from_utf8_lossy(&got).into_owned(), rest);
            }
        }
    }

    /// Reads until the peer closes.
    async fn rest(c: &mut TcpStream, mut got: Vec<u8>) -> Vec<u8> {
        let mut buf = [0u8; 4096];
        while let Ok(n) = c.read(&mut buf).await {
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
        }
        got
    }

    fn transport(url: &str) -> Transport {
        Transport::new(url, &super::super::TransportOptions::default()).unwrap()
    }

    fn body() -> UploadStream {
        futures_util::stream::iter([Ok(bytes::Bytes::from_static(b"hello"))]).boxed()
    }

    #[tokio::test]
    async fn an_upload_redirected_within_the_pool_is_sent_whole_to_the_member_only() {
        // The coordinator on 127.0.0.1 sends the upload to a member on 127.0.0.2 (its own
        // port here: the location names it).
        let first = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let member = match TcpListener::bind("127.0.0.2:0").await {
            Ok(l) => l,
            Err(_) => return, // no second loopback address on this OS
        };
        let url = format!("http://{}", first.local_addr().unwrap());
        let to = format!("http://{}/import?x=1", member.local_addr().unwrap());
        let coordinator = tokio::spawn(async move {
            let (mut c, _) = first.accept().await.unwrap();
            let (h, extra) = head(&mut c).await;
            c.write_all(
                format!("HTTP/1.1 302 Found\r\nConnection: close\r\nLocation: {to}\r\n\r\n")
                    .as_bytes(),
            )
            .await
            .unwrap();
            c.shutdown().await.unwrap();
            (h, rest(&mut c, extra).await)
        });
        let served = tokio::spawn(async move {
            let (mut c, _) = member.accept().await.unwrap();
            let (h, extra) = head(&mut c).await;
            c.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
                .await
                .unwrap();
            let mut got = extra;
            let mut buf = [0u8; 64];
            while got.len() < 5 {
                let n = c.read(&mut buf).await.unwrap();
                assert!(n > 0);
                got.extend_from_slice(&buf[..n]);
            }
            (h, got)
        });
        let mut made = 0;
        let mut make = || {
            made += 1;
            body()
        };
        let t = transport(&url);
        let r = t
            .start_transfer(
                reqwest::Method::PUT,
                "/import",
                &[("x", "1")],
                Some(Upload {
                    length: 5,
                    make: &mut make,
                }),
                "import",
                &["127.0.0.2".to_string()],
            )
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        drop(r);
        let (h1, sent1) = coordinator.await.unwrap();
        assert!(h1.starts_with("PUT /import?x=1 "), "{h1}");
        assert!(
            h1.to_ascii_lowercase().contains("content-length: 5"),
            "{h1}"
        );
        assert!(sent1.is_empty(), "no body byte before the status line");
        let (h2, sent2) = served.await.unwrap();
        assert!(h2.starts_with("PUT /import?x=1 "), "{h2}");
        assert_eq!(sent2, b"hello", "the whole body, once");
        assert_eq!(made, 2, "the body made afresh for the member");
    }

    #[tokio::test]
    async fn a_redirect_out_of_the_pool_is_refused() {
        let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", l.local_addr().unwrap());
        tokio::spawn(async move {
            let (mut c, _) = l.accept().await.unwrap();
            let _ = head(&mut c).await;
            c.write_all(
                b"HTTP/1.1 302 Found\r\nConnection: close\r\nLocation: https://203.0.113.9/export?uuid=u\r\n\r\n",
            )
            .await
            .unwrap();
        });
        let e = transport(&url)
            .start_transfer(
                reqwest::Method::GET,
                "/export",
                &[("uuid", "u")],
                None,
                "export",
                &["127.0.0.2".to_string()],
            )
            .await
            .unwrap_err();
        assert!(e.to_string().contains("not a host of this pool"), "{e}");
    }
}
