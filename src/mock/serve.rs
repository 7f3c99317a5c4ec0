//! The mock's HTTP/1.1 server: hyper's connection with a deadline on each
//! request's head, and problem+json for the requests hyper refuses itself.
//!
//! `axum::serve` sets no timer, so a connection that never sends a request
//! stayed open for good; here a head must arrive within the configured time
//! (an idle keep-alive connection too), or the connection is closed.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::StatusCode;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tower::ServiceExt;

use super::error::ApiError;
use crate::protocol::ErrorCode;

/// Accepts connections until `stopped`, then lets the requests in flight finish.
pub(super) async fn serve(
    listener: TcpListener,
    app: Router,
    header_read_timeout: Duration,
    stopped: impl Future<Output = ()>,
) -> io::Result<()> {
    let (signal, signalled) = watch::channel(());
    let (closed, close_rx) = watch::channel(());
    let mut stopped = pin!(stopped);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = accept(&listener) => accepted,
            () = &mut stopped => break,
        };
        // Small request-answer exchanges: send each write at once.
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            // Client addresses, for the rate limit on case creations and the
            // scope of Idempotency-Keys.
            request.extensions_mut().insert(ConnectInfo(remote));
            app.clone().oneshot(request.map(axum::body::Body::new))
        });
        let mut signalled = signalled.clone();
        let close_rx = close_rx.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_read_timeout)
                // One buffer per write, so that hyper's own answer to a request
                // it cannot parse arrives whole at `ProblemIo`.
                .writev(false);
            let connection =
                builder.serve_connection(TokioIo::new(ProblemIo::new(stream)), service);
            let mut connection = pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = signalled.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            drop(close_rx);
        });
    }
    drop(listener);
    let _ = signal.send(());
    drop(close_rx);
    closed.closed().await;
    Ok(())
}

/// The next connection; errors that concern one connection only are skipped,
/// others (no file descriptors left) are waited out.
async fn accept(listener: &TcpListener) -> (TcpStream, SocketAddr) {
    loop {
        match listener.accept().await {
            Ok(accepted) => return accepted,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::ConnectionRefused
                        | io::ErrorKind::ConnectionAborted
                        | io::ErrorKind::ConnectionReset
                ) => {}
            Err(e) => {
                tracing::warn!(error = %e, "mock: accepting a connection failed");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// A connection whose writes pass through, except hyper's own bodiless
/// answer to a request it could not parse (a control character such as NUL
/// or DEL in a header, a malformed line, a head too large), which is replaced
/// by the same status with a problem+json body, as every other refusal has.
struct ProblemIo<T> {
    inner: T,
    /// The replacement answer, and how much of it has been written.
    pending: Vec<u8>,
    written: usize,
}

impl<T> ProblemIo<T> {
    fn new(inner: T) -> Self {
        ProblemIo {
            inner,
            pending: Vec::new(),
            written: 0,
        }
    }
}

impl<T: AsyncWrite + Unpin> ProblemIo<T> {
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.pending.len() {
            let n =
                ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending[self.written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.written += n;
        }
        self.pending = Vec::new();
        self.written = 0;
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for ProblemIo<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for ProblemIo<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        if let Some(answer) = problem_for_automatic_answer(buf) {
            this.pending = answer;
            // Whatever is left goes out on the flush or shutdown that follows.
            if let Poll::Ready(Err(e)) = this.poll_pending(cx) {
                return Poll::Ready(Err(e));
            }
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

/// hyper's answer to a request it could not parse is a head alone with
/// `content-length: 0` (every answer of the mock's own has a body): the same
/// answer with a problem+json body, or `None` for any other write.
fn problem_for_automatic_answer(written: &[u8]) -> Option<Vec<u8>> {
    let head = std::str::from_utf8(written)
        .ok()?
        .strip_suffix("\r\n\r\n")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let (status, code, detail) = match status_line {
        "HTTP/1.1 400 Bad Request" => (
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidRequest,
            "the request is not valid HTTP/1.1: a header holds a control character \
             (such as NUL or DEL), or a line is malformed",
        ),
        "HTTP/1.1 414 URI Too Long" => (
            StatusCode::URI_TOO_LONG,
            ErrorCode::PayloadTooLarge,
            "the request's path is too long",
        ),
        "HTTP/1.1 431 Request Header Fields Too Large" => (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            "the request's headers are too large",
        ),
        _ => return None,
    };
    let headers: Vec<&str> = lines.collect();
    if headers.iter().any(|line| line.is_empty())
        || !headers
            .iter()
            .any(|line| line.eq_ignore_ascii_case("content-length: 0"))
    {
        return None;
    }
    let body = ApiError::with_status(status, code, detail).problem_json();
    let mut answer = format!(
        "{status_line}\r\ncontent-type: {}\r\ncontent-length: {}\r\n",
        crate::protocol::PROBLEM_JSON,
        body.len()
    );
    for line in headers {
        if !line
            .get(..15)
            .is_some_and(|name| name.eq_ignore_ascii_case("content-length:"))
        {
            answer.push_str(line);
            answer.push_str("\r\n");
        }
    }
    answer.push_str("\r\n");
    let mut answer = answer.into_bytes();
    answer.extend_from_slice(&body);
    Some(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hypers_bare_400_gets_a_problem_body() {
        let bare = b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\ndate: Mon, 07 Dec 2026 04:42:08 GMT\r\n\r\n";
        let answer = problem_for_automatic_answer(bare).expect("replaced");
        let answer = String::from_utf8(answer).expect("text");
        let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
        assert!(head.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{head}");
        assert!(
            head.contains("content-type: application/problem+json"),
            "{head}"
        );
        assert!(
            head.contains(&format!("content-length: {}", body.len())),
            "{head}"
        );
        assert!(head.contains("connection: close"), "{head}");
        assert!(!head.contains("content-length: 0"), "{head}");
        let problem: serde_json::Value = serde_json::from_str(body).expect("JSON");
        assert_eq!(problem["code"], "invalid_request");
        assert_eq!(problem["status"], 400);
    }

    #[test]
    fn answers_with_a_body_pass_unchanged() {
        for written in [
            &b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/problem+json\r\ncontent-length: 2\r\n\r\n{}"[..],
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\n\r\n",
            b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
            b"{\"case_id\": \"c_1\"}",
        ] {
            assert!(problem_for_automatic_answer(written).is_none());
        }
    }
}
