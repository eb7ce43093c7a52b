//! Test builds only: a loopback HTTP server standing in for a provider. It records every
//! request and answers with what the test scripts; it stops when dropped.

use std::io::{BufRead as _, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request the stand-in received.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    /// `GET`, `POST` …
    pub method: String,
    /// Path and query.
    pub path: String,
    /// Headers as received (`Name: value`), one a line.
    pub head: String,
    /// The body.
    pub body: String,
}

/// What the stand-in answers.
#[derive(Debug, Clone)]
pub enum Answer {
    /// A status, extra header lines and a body.
    Reply(u16, &'static str, String),
    /// Nothing, for this long (the client times out first).
    Hang(Duration),
}

/// The server.
pub struct StandIn {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Every request received, in order.
    pub seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
}

impl StandIn {
    /// Starts a server on a free loopback port that answers each request with `answer`.
    pub fn start(answer: impl Fn(&Seen) -> Answer + Send + Sync + 'static) -> StandIn {
        StandIn::start_over("http://127.0.0.1", |tcp| Some(Box::new(tcp)), answer)
    }

    /// [`StandIn::start`] over connections made by `wrap` from each accepted TCP stream (TLS
    /// for the HTTPS stand-in; `None` drops the connection). Its base URL is `origin:PORT`
    /// (`https://localhost` for a certificate made for `localhost`).
    pub fn start_over(
        origin: &str,
        wrap: impl Fn(TcpStream) -> Option<Box<dyn Conn>> + Send + Sync + 'static,
        answer: impl Fn(&Seen) -> Answer + Send + Sync + 'static,
    ) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").expect("loopback port");
        let port = listener.local_addr().expect("address").port();
        let base = format!("{origin}:{port}");
        listener.set_nonblocking(true).expect("nonblocking");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (log, halt) = (Arc::clone(&seen), Arc::clone(&stop));
        let (answer, wrap) = (Arc::new(answer), Arc::new(wrap));
        std::thread::spawn(move || {
            while !halt.load(Ordering::Relaxed) {
                let Ok((stream, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                };
                let _ = stream.set_nonblocking(false);
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let (log, answer, wrap) =
                    (Arc::clone(&log), Arc::clone(&answer), Arc::clone(&wrap));
                std::thread::spawn(move || {
                    if let Some(conn) = wrap(stream) {
                        serve(conn, &log, &*answer);
                    }
                });
            }
        });
        StandIn { base, seen, stop }
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// A connection the stand-in serves: plain TCP, or TLS over it.
pub trait Conn: Read + Write + Send {}

impl<T: Read + Write + Send> Conn for T {}

fn serve(
    stream: Box<dyn Conn>,
    log: &Mutex<Vec<Seen>>,
    answer: &(dyn Fn(&Seen) -> Answer + Send + Sync),
) {
    let mut reader = BufReader::new(stream);
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    let mut parts = first.split_whitespace();
    let mut seen = Seen {
        method: parts.next().unwrap_or_default().to_owned(),
        path: parts.next().unwrap_or_default().to_owned(),
        ..Seen::default()
    };
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).is_err() || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        seen.head.push_str(&line);
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    seen.body = String::from_utf8_lossy(&body).into_owned();
    let reply = answer(&seen);
    if let Ok(mut log) = log.lock() {
        log.push(seen);
    }
    let (status, headers, body) = match reply {
        Answer::Reply(status, headers, body) => (status, headers, body),
        Answer::Hang(time) => {
            std::thread::sleep(time);
            return;
        }
    };
    let text = format!(
        "HTTP/1.1 {status} X\r\n{headers}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let stream = reader.get_mut();
    let _ = stream.write_all(text.as_bytes());
    let _ = stream.flush();
}
