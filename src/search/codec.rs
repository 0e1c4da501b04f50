//! Compact text encoding of integer sequences for posting lists.
//!
//! Each integer is written big-endian in 5-bit groups: every group but the
//! last uses a "continuation" digit, the last a "terminal" digit. All 64
//! digits are JSON- and JS-string-safe, so posting lists are plain strings
//! that need no escaping and gzip reasonably. Values < 32 take one char,
//! < 1024 two, < 32768 three.

const TERMINAL: &[u8; 32] = b"0123456789ABCDEFGHIJKLMNOPQRSTUV";
const CONTINUE: &[u8; 32] = b"WXYZabcdefghijklmnopqrstuvwxyz-_";

pub fn push(out: &mut String, mut v: u32) {
    let mut groups = [0u8; 7];
    let mut n = 0;
    loop {
        groups[n] = (v & 31) as u8;
        n += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for i in (1..n).rev() {
        out.push(CONTINUE[groups[i] as usize] as char);
    }
    out.push(TERMINAL[groups[0] as usize] as char);
}

fn digit(b: u8) -> Option<(u32, bool)> {
    match b {
        b'0'..=b'9' => Some(((b - b'0') as u32, true)),
        b'A'..=b'V' => Some(((b - b'A' + 10) as u32, true)),
        b'W'..=b'Z' => Some(((b - b'W') as u32, false)),
        b'a'..=b'z' => Some(((b - b'a' + 4) as u32, false)),
        b'-' => Some((30, false)),
        b'_' => Some((31, false)),
        _ => None,
    }
}

/// Decodes every integer in `s`; `None` on a malformed string.
pub fn decode(s: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut v: u32 = 0;
    let mut open = false;
    for b in s.bytes() {
        let (d, last) = digit(b)?;
        v = v.checked_mul(32)?.checked_add(d)?;
        open = true;
        if last {
            out.push(v);
            v = 0;
            open = false;
        }
    }
    (!open).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let vals = [0, 1, 31, 32, 1023, 1024, 32767, 32768, 1 << 20, u32::MAX];
        let mut s = String::new();
        for v in vals {
            push(&mut s, v);
        }
        assert_eq!(decode(&s).unwrap(), vals);
        let mut one = String::new();
        push(&mut one, 31);
        assert_eq!(one.len(), 1);
        assert!(decode("W").is_none());
    }
}
