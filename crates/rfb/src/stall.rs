//! A reader with a stall deadline: while armed, a read that waits longer than the deadline
//! for its next bytes fails with `TimedOut`. Progress resets the clock, so a long message on a
//! slow link is fine; a server that stops mid-message is not.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, ReadBuf};
use tokio::time::Sleep;

pub struct Stall<R> {
    inner: R,
    limit: Duration,
    /// Whether the deadline applies now (inside a message).
    pub armed: bool,
    sleep: Option<Pin<Box<Sleep>>>,
}

impl<R> Stall<R> {
    pub fn new(inner: R, limit: Duration) -> Self {
        Stall {
            inner,
            limit,
            armed: false,
            sleep: None,
        }
    }
}

impl<R: AsyncRead + Unpin> AsyncRead for Stall<R> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(r) => {
                this.sleep = None;
                Poll::Ready(r)
            }
            Poll::Pending if this.armed => {
                let limit = this.limit;
                let sleep = this
                    .sleep
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
                match sleep.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        this.sleep = None;
                        Poll::Ready(Err(std::io::ErrorKind::TimedOut.into()))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
            Poll::Pending => {
                this.sleep = None;
                Poll::Pending
            }
        }
    }
}
