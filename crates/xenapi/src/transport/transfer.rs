//! A transfer whose body streams at the caller's pace (`GET /export`, `PUT /import`), on the
//! transport's client, pins and redirect rules.

use super::{ErrorKind, Result, Transport, TransportError, describe_reqwest, net_cause};

impl Transport {
    /// Starts a transfer whose body the caller streams (`GET /export`, `PUT /import`): the
    /// reply's status and headers arrive within the deadline; the body (or the upload) takes
    /// as long as it takes, read chunk by chunk by the caller. `body` is sent with
    /// `Content-Length: length` (xapi refuses chunked uploads).
    pub async fn start_transfer(
        &self,
        method: reqwest::Method,
        path: &str,
        query: &[(&str, &str)],
        upload: Option<(u64, reqwest::Body)>,
        what: &str,
    ) -> Result<reqwest::Response> {
        let mut url = self.base.clone();
        url.set_path(path);
        url.query_pairs_mut().extend_pairs(query);
        let mut req = self.http.request(method, url);
        let uploading = upload.is_some();
        if let Some((length, body)) = upload {
            req = req
                .header(reqwest::header::CONTENT_LENGTH, length)
                .body(body);
        }
        let send = req.send();
        // An upload's status comes after its body: no deadline then but the caller's.
        let resp = if uploading {
            send.await
        } else {
            match tokio::time::timeout_at(self.deadline(), send).await {
                Ok(r) => r,
                Err(_) => return Err(self.too_slow(what)),
            }
        };
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
        )
    }
}
