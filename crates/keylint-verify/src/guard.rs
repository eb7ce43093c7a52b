//! The SSRF guard: a host taken from scanned text (a `LiveKit` server URL) is asked only when it
//! resolves to public addresses. The addresses checked here are the ones connected to (the
//! client gets them through a fixed resolver), so a second DNS answer cannot swap them
//! (DNS rebinding).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs as _};
use std::sync::mpsc;
use std::time::Duration;

/// Why an address is refused, or `None` when it is public.
///
/// Refused: loopback, private (10/8, 172.16/12, 192.168/16, `fc00::/7`), link-local
/// (169.254/16, `fe80::/10`), cloud metadata (169.254.169.254, `fd00:ec2::254`), carrier-grade NAT
/// (100.64/10), unspecified, multicast, broadcast and reserved; `IPv6` forms that embed an `IPv4`
/// address (mapped, compatible, `NAT64`, 6to4) are judged by that address.
pub fn refused(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => refused_v4(v4),
        IpAddr::V6(v6) => refused_v6(v6),
    }
}

fn refused_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, ..] = ip.octets();
    if ip == Ipv4Addr::new(169, 254, 169, 254) {
        Some("cloud metadata")
    } else if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_private() {
        Some("private")
    } else if ip.is_link_local() {
        Some("link-local")
    } else if a == 100 && (64..128).contains(&b) {
        Some("carrier-grade NAT")
    } else if a == 0 {
        Some("unspecified")
    } else if ip.is_multicast() {
        Some("multicast")
    } else if ip.is_broadcast() || a >= 240 {
        Some("reserved")
    } else {
        None
    }
}

fn refused_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let seg = ip.segments();
    if let Some(v4) = embedded_v4(ip) {
        return refused_v4(v4);
    }
    if seg[..4] == [0xfd00, 0x0ec2, 0, 0] {
        Some("cloud metadata")
    } else if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_unspecified() {
        Some("unspecified")
    } else if seg[0] & 0xfe00 == 0xfc00 {
        Some("private")
    } else if seg[0] & 0xffc0 == 0xfe80 {
        Some("link-local")
    } else if ip.is_multicast() {
        Some("multicast")
    } else {
        None
    }
}

/// The `IPv4` address an `IPv6` address stands for: `::ffff:a.b.c.d` (mapped), `::a.b.c.d`
/// (compatible), `64:ff9b::a.b.c.d` (`NAT64`) and `2002:aabb:ccdd::` (6to4).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let seg = ip.segments();
    let o = ip.octets();
    let last = Ipv4Addr::new(o[12], o[13], o[14], o[15]);
    let mapped = seg[..5] == [0; 5] && (seg[5] == 0xffff || (seg[5] == 0 && seg[6] != 0));
    if mapped || seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        Some(last)
    } else if seg[0] == 0x2002 {
        Some(Ipv4Addr::new(o[2], o[3], o[4], o[5]))
    } else {
        None
    }
}

/// Why a host could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The name did not resolve (or not in time): the machine is offline or the name is wrong.
    Unresolved,
    /// One of its addresses is not public (the class is named).
    Address(&'static str),
}

/// Resolves `host:port` once (within `timeout`) and returns its addresses, refused when any of
/// them is not public, unless `allow_private`.
pub fn resolve_checked(
    host: &str,
    port: u16,
    timeout: Duration,
    allow_private: bool,
) -> Result<Vec<SocketAddr>, Refusal> {
    let addrs = resolve(host, port, timeout).ok_or(Refusal::Unresolved)?;
    if !allow_private {
        if let Some(class) = addrs.iter().find_map(|a| refused(a.ip())) {
            return Err(Refusal::Address(class));
        }
    }
    Ok(addrs)
}

/// DNS in a helper thread, so a stuck resolver costs at most `timeout`. A literal address
/// resolves to itself without asking anyone.
fn resolve(host: &str, port: u16, timeout: Duration) -> Option<Vec<SocketAddr>> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Some(vec![SocketAddr::new(ip, port)]);
    }
    let (tx, rx) = mpsc::channel();
    let name = host.to_owned();
    std::thread::spawn(move || {
        let found: Vec<SocketAddr> = (name.as_str(), port)
            .to_socket_addrs()
            .map(Iterator::collect)
            .unwrap_or_default();
        let _ = tx.send(found);
    });
    rx.recv_timeout(timeout).ok().filter(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(text: &str) -> Option<&'static str> {
        refused(text.parse().expect("test address"))
    }

    #[test]
    fn every_refused_class_is_refused() {
        for (addr, want) in [
            ("127.0.0.1", "loopback"),
            ("127.8.9.10", "loopback"),
            ("::1", "loopback"),
            ("10.1.2.3", "private"),
            ("172.16.0.1", "private"),
            ("172.31.255.255", "private"),
            ("192.168.1.1", "private"),
            ("fc00::1", "private"),
            ("fd12:3456::1", "private"),
            ("169.254.1.1", "link-local"),
            ("fe80::1", "link-local"),
            ("169.254.169.254", "cloud metadata"),
            ("fd00:ec2::254", "cloud metadata"),
            ("100.64.0.1", "carrier-grade NAT"),
            ("100.127.255.254", "carrier-grade NAT"),
            ("0.0.0.0", "unspecified"),
            ("::", "unspecified"),
            ("224.0.0.1", "multicast"),
            ("ff02::1", "multicast"),
            ("255.255.255.255", "reserved"),
            ("::ffff:127.0.0.1", "loopback"),
            ("::ffff:169.254.169.254", "cloud metadata"),
            ("::ffff:10.0.0.1", "private"),
            ("::10.0.0.1", "private"),
            ("64:ff9b::a9fe:a9fe", "cloud metadata"),
            ("2002:c0a8:0101::1", "private"),
        ] {
            assert_eq!(class(addr), Some(want), "{addr}");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for addr in [
            "1.1.1.1",
            "100.63.255.255",
            "100.128.0.1",
            "172.32.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert_eq!(class(addr), None, "{addr}");
        }
    }

    #[test]
    fn literal_hosts_are_checked_without_dns() {
        let t = Duration::from_secs(1);
        assert_eq!(
            resolve_checked("127.0.0.1", 443, t, false),
            Err(Refusal::Address("loopback"))
        );
        assert_eq!(
            resolve_checked("[::1]", 443, t, false),
            Err(Refusal::Address("loopback"))
        );
        assert_eq!(
            resolve_checked("127.0.0.1", 7880, t, true),
            Ok(vec!["127.0.0.1:7880".parse().expect("addr")])
        );
    }
}
