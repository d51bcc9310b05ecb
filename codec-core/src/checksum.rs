//! The Internet checksum (RFC 1071), its incremental update (RFC 1624) and the IPv4 / IPv6
//! pseudo-headers that TCP, UDP and ICMPv6 sum over.
//!
//! The sum is computed with wide accumulation: 32-bit big words are added into several
//! independent 64-bit accumulators, which the compiler vectorises, and folded to 16 bits once
//! at the end (RFC 1071 §2 (B) and (C): the one's complement sum is independent of byte order
//! and may be computed in any word size and folded afterwards).

use core::net::{Ipv4Addr, Ipv6Addr};

/// A running one's complement sum over several pieces (pseudo-header, header, payload).
///
/// Pieces of odd length are handled: a piece that starts at an odd position of the whole is
/// summed byte-swapped, as RFC 1071 §2 (B) allows.
///
/// ```
/// use codec_core::checksum::Checksum;
/// let whole = Checksum::new().add_bytes(&[0x00, 0x01, 0xf2, 0x03, 0xf4]).add_bytes(&[0xf5, 0xf6, 0xf7]);
/// assert_eq!(whole.sum(), 0xddf2); // RFC 1071 §3
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Checksum {
    acc: u64,
    odd: bool,
}

impl Checksum {
    /// An empty sum.
    #[inline]
    #[must_use]
    pub const fn new() -> Self {
        Checksum { acc: 0, odd: false }
    }

    /// Adds bytes, continuing at whatever position the previous pieces ended.
    #[inline]
    #[must_use]
    pub fn add_bytes(self, data: &[u8]) -> Self {
        let s = u64::from(ones_complement_sum(data));
        let s = if self.odd {
            u64::from((s as u16).swap_bytes())
        } else {
            s
        };
        Checksum {
            acc: self.acc + s,
            odd: self.odd ^ (data.len() % 2 == 1),
        }
    }

    /// Adds a 16-bit word in network order (at an even position).
    #[inline]
    #[must_use]
    pub const fn add_u16(self, word: u16) -> Self {
        Checksum {
            acc: self.acc + word as u64,
            odd: self.odd,
        }
    }

    /// Adds a 32-bit value as two 16-bit words.
    #[inline]
    #[must_use]
    pub const fn add_u32(self, v: u32) -> Self {
        Checksum {
            acc: self.acc + (v >> 16) as u64 + (v & 0xffff) as u64,
            odd: self.odd,
        }
    }

    /// The folded 16-bit one's complement sum (not complemented).
    #[inline]
    #[must_use]
    pub const fn sum(self) -> u16 {
        fold(self.acc)
    }

    /// The checksum to store in a header: the complement of the sum.
    #[inline]
    #[must_use]
    pub const fn finish(self) -> u16 {
        !fold(self.acc)
    }
}

/// Folds a wide one's complement accumulator to 16 bits.
#[inline]
#[must_use]
pub const fn fold(mut acc: u64) -> u16 {
    acc = (acc & 0xffff_ffff) + (acc >> 32);
    acc = (acc & 0xffff_ffff) + (acc >> 32);
    acc = (acc & 0xffff) + (acc >> 16);
    acc = (acc & 0xffff) + (acc >> 16);
    acc = (acc & 0xffff) + (acc >> 16);
    acc as u16
}

/// The 16-bit one's complement sum of `data` (RFC 1071), not complemented. An odd final
/// byte is padded with a zero byte.
#[inline]
#[must_use]
pub fn ones_complement_sum(data: &[u8]) -> u16 {
    // Four independent accumulators of native-endian 32-bit words: the one's complement sum
    // is byte-order independent (RFC 1071 §2 (B)), so the result is swapped once at the end
    // on little-endian machines. Each lane gains < 2^32 per step, so 2^32 steps cannot
    // overflow a u64: inputs up to 64 GiB are exact.
    let mut lanes = [0u64; 4];
    let mut chunks = data.chunks_exact(16);
    for c in &mut chunks {
        let mut words = [0u32; 4];
        for (w, b) in words.iter_mut().zip(c.chunks_exact(4)) {
            *w = u32::from_ne_bytes([
                b.first().copied().unwrap_or(0),
                b.get(1).copied().unwrap_or(0),
                b.get(2).copied().unwrap_or(0),
                b.get(3).copied().unwrap_or(0),
            ]);
        }
        for (l, w) in lanes.iter_mut().zip(words) {
            *l += u64::from(w);
        }
    }
    let mut acc: u64 = lanes.iter().sum::<u64>();
    let rest = chunks.remainder();
    let mut pairs = rest.chunks_exact(2);
    for p in &mut pairs {
        acc += u64::from(u16::from_ne_bytes([
            p.first().copied().unwrap_or(0),
            p.get(1).copied().unwrap_or(0),
        ]));
    }
    if let Some(&last) = pairs.remainder().first() {
        acc += u64::from(u16::from_ne_bytes([last, 0]));
    }
    let s = fold(acc);
    if cfg!(target_endian = "little") {
        s.swap_bytes()
    } else {
        s
    }
}

/// The Internet checksum of `data`: the complement of [`ones_complement_sum`], ready to be
/// stored in a header. Verifying a header that holds its checksum gives 0.
#[inline]
#[must_use]
pub fn internet_checksum(data: &[u8]) -> u16 {
    !ones_complement_sum(data)
}

/// The IPv4 pseudo-header (RFC 9293 §3.1, RFC 768) as a started sum: source, destination,
/// zero + protocol, and the upper-layer length.
#[inline]
#[must_use]
pub fn pseudo_header_ipv4(src: Ipv4Addr, dst: Ipv4Addr, protocol: u8, length: u16) -> Checksum {
    Checksum::new()
        .add_u32(src.to_bits())
        .add_u32(dst.to_bits())
        .add_u16(u16::from(protocol))
        .add_u16(length)
}

/// The IPv6 pseudo-header (RFC 8200 §8.1) as a started sum: source, destination, the 32-bit
/// upper-layer length and the next-header value.
#[inline]
#[must_use]
pub fn pseudo_header_ipv6(
    src: &Ipv6Addr,
    dst: &Ipv6Addr,
    next_header: u8,
    length: u32,
) -> Checksum {
    Checksum::new()
        .add_bytes(&src.octets())
        .add_bytes(&dst.octets())
        .add_u32(length)
        .add_u16(u16::from(next_header))
}

/// RFC 1624 eqn. 3: the new checksum after one 16-bit word of the covered data changes
/// from `old_word` to `new_word`: `HC' = ~(~HC + ~m + m')`.
///
/// Unlike RFC 1141's eqn. 2 this never produces 0x0000 from a non-zero sum (RFC 1624 §3).
#[inline]
#[must_use]
pub const fn update_u16(checksum: u16, old_word: u16, new_word: u16) -> u16 {
    let acc = (!checksum) as u64 + (!old_word) as u64 + new_word as u64;
    !fold(acc)
}

/// [`update_u16`] for a 32-bit field (an IPv4 address, a TCP sequence number).
#[inline]
#[must_use]
pub const fn update_u32(checksum: u16, old: u32, new: u32) -> u16 {
    let c = update_u16(checksum, (old >> 16) as u16, (new >> 16) as u16);
    update_u16(c, old as u16, new as u16)
}

/// [`update_u16`] for a run of bytes at an even offset that changed from `old` to `new`
/// (both the same length; an odd last byte is the high half of a word).
#[inline]
#[must_use]
pub fn update_bytes(checksum: u16, old: &[u8], new: &[u8]) -> u16 {
    let acc = u64::from(!checksum)
        + u64::from(!ones_complement_sum(old))
        + u64::from(ones_complement_sum(new));
    !fold(acc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1071_section3_example() {
        // RFC 1071 §3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2, checksum 220d.
        let data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        assert_eq!(ones_complement_sum(&data), 0xddf2);
        assert_eq!(internet_checksum(&data), 0x220d);
    }

    #[test]
    fn ipv4_header_of_syn74_verifies() {
        // IPv4 header of ../shared/vectors/syn74.hex, checksum 0x268f.
        let h = [
            0x45, 0x00, 0x00, 0x3c, 0x1c, 0x46, 0x40, 0x00, 0x40, 0x06, 0x26, 0x8f, 0xc0, 0xa8,
            0x01, 0x64, 0x5d, 0xb8, 0xd8, 0x22,
        ];
        assert_eq!(internet_checksum(&h), 0);
        let mut z = h;
        z[10] = 0;
        z[11] = 0;
        assert_eq!(internet_checksum(&z), 0x268f);
    }

    #[test]
    fn rfc1624_incremental_update() {
        // RFC 1624 §4: HC = 0xdd2f, m = 0x5555 changes to m' = 0x3285 gives HC' = 0x0000.
        assert_eq!(update_u16(0xdd2f, 0x5555, 0x3285), 0x0000);
        // The corner case of RFC 1624 §3: a sum of 0xffff (checksum 0x0000) updated with
        // an unchanged word stays 0x0000 under eqn. 3, where eqn. 2 would give 0xffff.
        assert_eq!(update_u16(0x0000, 0x1234, 0x1234), 0x0000);
    }

    #[test]
    fn incremental_matches_recomputation() {
        let mut h = [
            0x45u8, 0x00, 0x00, 0x3c, 0x1c, 0x46, 0x40, 0x00, 0x40, 0x06, 0x26, 0x8f, 0xc0, 0xa8,
            0x01, 0x64, 0x5d, 0xb8, 0xd8, 0x22,
        ];
        // NAT rewrite of the source address 192.168.1.100 -> 10.0.0.1.
        let old = u32::from_be_bytes([h[12], h[13], h[14], h[15]]);
        let new = 0x0a00_0001;
        let updated = update_u32(0x268f, old, new);
        h[12..16].copy_from_slice(&new.to_be_bytes());
        h[10] = 0;
        h[11] = 0;
        assert_eq!(updated, internet_checksum(&h));
        assert_eq!(
            update_bytes(0x268f, &old.to_be_bytes(), &new.to_be_bytes()),
            updated
        );
    }

    #[test]
    fn split_sums_equal_whole_sums_at_any_split() {
        let data: [u8; 37] = core::array::from_fn(|i| (i as u8).wrapping_mul(37).wrapping_add(11));
        let whole = ones_complement_sum(&data);
        for cut in 0..=data.len() {
            let (a, b) = data.split_at(cut);
            assert_eq!(
                Checksum::new().add_bytes(a).add_bytes(b).sum(),
                whole,
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn pseudo_headers() {
        // TCP checksum of syn74: pseudo-header + TCP header (40 bytes) verifies to 0.
        let tcp = [
            0xc3, 0x50, 0x00, 0x50, 0x12, 0x34, 0x56, 0x78, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02,
            0xfa, 0xf0, 0xfd, 0x04, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
            0x00, 0x9a, 0x2b, 0x3c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
        ];
        let c = pseudo_header_ipv4(
            Ipv4Addr::new(192, 168, 1, 100),
            Ipv4Addr::new(93, 184, 216, 34),
            6,
            40,
        )
        .add_bytes(&tcp);
        assert_eq!(c.finish(), 0);
        let v6 = pseudo_header_ipv6(&Ipv6Addr::LOCALHOST, &Ipv6Addr::LOCALHOST, 17, 8);
        // 2 * ::1 + 8 + 17 = 0x1b.
        assert_eq!(v6.sum(), 0x1b);
    }
}
