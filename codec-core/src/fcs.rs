//! PPP's frame check sequences, exactly as RFC 1662 §C.2 (FCS-16) and §C.3 (FCS-32)
//! define them: reflected CRCs with polynomials 0x8408 and 0xedb88320, initial value all
//! ones, transmitted complemented, least significant byte first.
//!
//! A frame received with its FCS appended leaves a fixed "good" residue when the FCS is run
//! over everything: [`FCS16_GOOD`] (0xf0b8) and [`FCS32_GOOD`] (0xdebb20e3).

/// Initial FCS-16 value (RFC 1662 §C.2 `PPPINITFCS16`).
pub const FCS16_INIT: u16 = 0xffff;
/// FCS-16 residue of a frame with a correct FCS (RFC 1662 §C.2 `PPPGOODFCS16`).
pub const FCS16_GOOD: u16 = 0xf0b8;
/// Initial FCS-32 value (RFC 1662 §C.3 `PPPINITFCS32`).
pub const FCS32_INIT: u32 = 0xffff_ffff;
/// FCS-32 residue of a frame with a correct FCS (RFC 1662 §C.3 `PPPGOODFCS32`).
pub const FCS32_GOOD: u32 = 0xdebb_20e3;

/// Bytes consumed per step of the slice-by-8 loops.
const SLICE: usize = 8;

/// RFC 1662's byte table (`fcstab`) of a reflected 16-bit CRC with polynomial `poly`.
#[expect(
    clippy::indexing_slicing,
    reason = "only evaluated at compile time for the statics: every index is below 256 by \
              construction, and an out-of-bounds one would fail the build, not run"
)]
const fn byte_table16(poly: u16) -> [u16; 256] {
    let mut t = [0u16; 256];
    let mut b = 0;
    while b < 256 {
        let mut v = b as u16;
        let mut i = 0;
        while i < 8 {
            v = if v & 1 != 0 { (v >> 1) ^ poly } else { v >> 1 };
            i += 1;
        }
        t[b] = v;
        b += 1;
    }
    t
}

/// The next slice table of a reflected 16-bit CRC: one more zero byte after each entry of
/// `prev`, `next[b] = (prev[b] >> 8) ^ byte[prev[b] & 0xff]`.
#[expect(
    clippy::indexing_slicing,
    reason = "only evaluated at compile time for the statics: every index is below 256 by \
              construction, and an out-of-bounds one would fail the build, not run"
)]
const fn next_table16(prev: &[u16; 256], byte: &[u16; 256]) -> [u16; 256] {
    let mut t = [0u16; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (prev[b] >> 8) ^ byte[(prev[b] & 0xff) as usize];
        b += 1;
    }
    t
}

/// The slice-by-8 tables of a reflected CRC (Intel's "slicing-by-8"): `t[0]` is the byte
/// table, and `t[k][b]` is the register contribution of byte `b` followed by `k` zero bytes.
/// 8 × 256 entries: 4 KiB for FCS-16 and 8 KiB for FCS-32, built at compile time.
const fn tables16(poly: u16) -> [[u16; 256]; SLICE] {
    let t0 = byte_table16(poly);
    let t1 = next_table16(&t0, &t0);
    let t2 = next_table16(&t1, &t0);
    let t3 = next_table16(&t2, &t0);
    let t4 = next_table16(&t3, &t0);
    let t5 = next_table16(&t4, &t0);
    let t6 = next_table16(&t5, &t0);
    let t7 = next_table16(&t6, &t0);
    [t0, t1, t2, t3, t4, t5, t6, t7]
}

/// [`byte_table16`] for the 32-bit register.
#[expect(
    clippy::indexing_slicing,
    reason = "only evaluated at compile time for the statics: every index is below 256 by \
              construction, and an out-of-bounds one would fail the build, not run"
)]
const fn byte_table32(poly: u32) -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut b = 0;
    while b < 256 {
        let mut v = b as u32;
        let mut i = 0;
        while i < 8 {
            v = if v & 1 != 0 { (v >> 1) ^ poly } else { v >> 1 };
            i += 1;
        }
        t[b] = v;
        b += 1;
    }
    t
}

/// [`next_table16`] for the 32-bit register.
#[expect(
    clippy::indexing_slicing,
    reason = "only evaluated at compile time for the statics: every index is below 256 by \
              construction, and an out-of-bounds one would fail the build, not run"
)]
const fn next_table32(prev: &[u32; 256], byte: &[u32; 256]) -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (prev[b] >> 8) ^ byte[(prev[b] & 0xff) as usize];
        b += 1;
    }
    t
}

/// [`tables16`] for the 32-bit register.
const fn tables32(poly: u32) -> [[u32; 256]; SLICE] {
    let t0 = byte_table32(poly);
    let t1 = next_table32(&t0, &t0);
    let t2 = next_table32(&t1, &t0);
    let t3 = next_table32(&t2, &t0);
    let t4 = next_table32(&t3, &t0);
    let t5 = next_table32(&t4, &t0);
    let t6 = next_table32(&t5, &t0);
    let t7 = next_table32(&t6, &t0);
    [t0, t1, t2, t3, t4, t5, t6, t7]
}

static TABLES16: [[u16; 256]; SLICE] = tables16(0x8408);
static TABLES32: [[u32; 256]; SLICE] = tables32(0xedb8_8320);

/// Runs the FCS-16 register over `data` from `fcs` (RFC 1662 §C.2 `pppfcs16`).
///
/// Eight bytes per step through the slice-by-8 tables (the register is folded into the
/// first two bytes, each byte looks up its own table, and the eight lookups are
/// independent), then byte by byte exactly as RFC 1662 prints it. About five times as fast
/// as the byte loop on a 1500-byte frame; the result is the same.
#[inline]
#[must_use]
pub fn fcs16_update(mut fcs: u16, data: &[u8]) -> u16 {
    let [t0, t1, t2, t3, t4, t5, t6, t7] = &TABLES16;
    // A `u8` index into a 256-entry table is always in bounds: `lookup` compiles to a
    // plain load.
    let lookup = |t: &[u16; 256], i: u8| t.get(usize::from(i)).copied().unwrap_or(0);
    let (chunks, rest) = data.as_chunks::<SLICE>();
    for &[b0, b1, b2, b3, b4, b5, b6, b7] in chunks {
        // The lookups of the bytes beyond the register do not wait for it: only the last
        // two are on the loop's critical path.
        let ahead = lookup(t5, b2)
            ^ lookup(t4, b3)
            ^ lookup(t3, b4)
            ^ lookup(t2, b5)
            ^ lookup(t1, b6)
            ^ lookup(t0, b7);
        let [x0, x1] = (fcs ^ u16::from_le_bytes([b0, b1])).to_le_bytes();
        fcs = ahead ^ (lookup(t7, x0) ^ lookup(t6, x1));
    }
    for &b in rest {
        fcs = (fcs >> 8) ^ lookup(t0, (fcs ^ u16::from(b)) as u8);
    }
    fcs
}

/// Runs the FCS-32 register over `data` from `fcs` (RFC 1662 §C.3 `pppfcs32`).
///
/// Slice-by-8 as [`fcs16_update`], with the 32-bit register folded into the first four
/// bytes of each step.
#[inline]
#[must_use]
pub fn fcs32_update(mut fcs: u32, data: &[u8]) -> u32 {
    let [t0, t1, t2, t3, t4, t5, t6, t7] = &TABLES32;
    let lookup = |t: &[u32; 256], i: u8| t.get(usize::from(i)).copied().unwrap_or(0);
    let (chunks, rest) = data.as_chunks::<SLICE>();
    for &[b0, b1, b2, b3, b4, b5, b6, b7] in chunks {
        let ahead = lookup(t3, b4) ^ lookup(t2, b5) ^ lookup(t1, b6) ^ lookup(t0, b7);
        let [x0, x1, x2, x3] = (fcs ^ u32::from_le_bytes([b0, b1, b2, b3])).to_le_bytes();
        fcs = ahead ^ ((lookup(t7, x0) ^ lookup(t6, x1)) ^ (lookup(t5, x2) ^ lookup(t4, x3)));
    }
    for &b in rest {
        fcs = (fcs >> 8) ^ lookup(t0, (fcs ^ u32::from(b)) as u8);
    }
    fcs
}

/// The FCS-16 to transmit after `data`: complemented, to be written least significant
/// byte first (`fcs16(data).to_le_bytes()`).
#[inline]
#[must_use]
pub fn fcs16(data: &[u8]) -> u16 {
    !fcs16_update(FCS16_INIT, data)
}

/// The FCS-32 to transmit after `data`: complemented, least significant byte first.
#[inline]
#[must_use]
pub fn fcs32(data: &[u8]) -> u32 {
    !fcs32_update(FCS32_INIT, data)
}

/// Whether `frame` (address through FCS-16, unescaped) carries a correct FCS-16.
#[inline]
#[must_use]
pub fn fcs16_is_good(frame: &[u8]) -> bool {
    fcs16_update(FCS16_INIT, frame) == FCS16_GOOD
}

/// Whether `frame` (address through FCS-32, unescaped) carries a correct FCS-32.
#[inline]
#[must_use]
pub fn fcs32_is_good(frame: &[u8]) -> bool {
    fcs32_update(FCS32_INIT, frame) == FCS32_GOOD
}

#[cfg(test)]
mod tests {
    use super::*;

    extern crate std;
    use std::vec::Vec;

    /// The registers run bit by bit, straight from the definition of a reflected CRC.
    fn bitwise16(mut fcs: u16, data: &[u8]) -> u16 {
        for &b in data {
            fcs ^= u16::from(b);
            for _ in 0..8 {
                fcs = if fcs & 1 != 0 {
                    (fcs >> 1) ^ 0x8408
                } else {
                    fcs >> 1
                };
            }
        }
        fcs
    }

    fn bitwise32(mut fcs: u32, data: &[u8]) -> u32 {
        for &b in data {
            fcs ^= u32::from(b);
            for _ in 0..8 {
                fcs = if fcs & 1 != 0 {
                    (fcs >> 1) ^ 0xedb8_8320
                } else {
                    fcs >> 1
                };
            }
        }
        fcs
    }

    /// Deterministic pseudo-random bytes (a 64-bit LCG, high byte).
    fn noise(len: usize, seed: u64) -> Vec<u8> {
        let mut x = seed;
        (0..len)
            .map(|_| {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (x >> 56) as u8
            })
            .collect()
    }

    #[test]
    fn sliced_registers_match_bit_by_bit_reference() {
        let data = noise(1600, 0x5eed);
        for offset in 0..8 {
            for len in (0..=300).chain([1499, 1500, 1501, 1592]) {
                let d = &data[offset..offset + len];
                for init16 in [FCS16_INIT, 0, 0x1234] {
                    assert_eq!(
                        fcs16_update(init16, d),
                        bitwise16(init16, d),
                        "FCS-16 from {init16:#x}, offset {offset}, length {len}"
                    );
                }
                for init32 in [FCS32_INIT, 0, 0xdead_beef] {
                    assert_eq!(
                        fcs32_update(init32, d),
                        bitwise32(init32, d),
                        "FCS-32 from {init32:#x}, offset {offset}, length {len}"
                    );
                }
            }
        }
    }

    #[test]
    fn split_updates_equal_whole_updates_at_any_split() {
        let data = noise(77, 7);
        let whole16 = fcs16_update(FCS16_INIT, &data);
        let whole32 = fcs32_update(FCS32_INIT, &data);
        for cut in 0..=data.len() {
            let (a, b) = data.split_at(cut);
            assert_eq!(
                fcs16_update(fcs16_update(FCS16_INIT, a), b),
                whole16,
                "cut {cut}"
            );
            assert_eq!(
                fcs32_update(fcs32_update(FCS32_INIT, a), b),
                whole32,
                "cut {cut}"
            );
        }
    }

    #[test]
    fn slice_tables_extend_the_byte_table() {
        // t[k][b] is byte b followed by k zero bytes, run through the byte table.
        for k in 0..SLICE {
            for b in 0..=255u8 {
                let mut bytes = [0u8; SLICE];
                bytes[0] = b;
                let zeros = &bytes[..=k];
                assert_eq!(
                    TABLES16[k][usize::from(b)],
                    bitwise16(0, zeros),
                    "16: {k} {b}"
                );
                assert_eq!(
                    TABLES32[k][usize::from(b)],
                    bitwise32(0, zeros),
                    "32: {k} {b}"
                );
            }
        }
    }

    #[test]
    fn rfc1662_tables_start_as_printed() {
        // RFC 1662 §C.2 prints fcstab: 0x0000, 0x1189, 0x2312, 0x329b, ... 0x0f78 last.
        assert_eq!(&TABLES16[0][..4], &[0x0000, 0x1189, 0x2312, 0x329b]);
        assert_eq!(TABLES16[0][255], 0x0f78);
        // RFC 1662 §C.3: 0x00000000, 0x77073096, 0xee0e612c, ... 0x2d02ef8d last.
        assert_eq!(&TABLES32[0][..3], &[0x0000_0000, 0x7707_3096, 0xee0e_612c]);
        assert_eq!(TABLES32[0][255], 0x2d02_ef8d);
    }

    #[test]
    fn rfc1662_good_residues() {
        // RFC 1662 §C.2's tryfcs16: append the complemented FCS LSB first, recheck.
        let mut frame = [
            0xffu8, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x0a, 0x01, 0x04, 0x05, 0xdc, 0, 0,
        ];
        let fcs = fcs16(&frame[..12]);
        frame[12..].copy_from_slice(&fcs.to_le_bytes());
        assert!(fcs16_is_good(&frame));
        frame[5] ^= 1;
        assert!(!fcs16_is_good(&frame));

        let mut frame32 = [0xffu8, 0x03, 0xc0, 0x21, 0x01, 0x01, 0x00, 0x04, 0, 0, 0, 0];
        let fcs = fcs32(&frame32[..8]);
        frame32[8..].copy_from_slice(&fcs.to_le_bytes());
        assert!(fcs32_is_good(&frame32));
    }

    #[test]
    fn check_values() {
        // The standard check values of these CRCs over "123456789": CRC-16/X-25 = 0x906e,
        // CRC-32 (ISO-HDLC) = 0xcbf43926 (both are PPP's FCS: reflected, init and xorout ~0).
        assert_eq!(fcs16(b"123456789"), 0x906e);
        assert_eq!(fcs32(b"123456789"), 0xcbf4_3926);
        // Split updates equal whole ones.
        let c = fcs16_update(fcs16_update(FCS16_INIT, b"1234"), b"56789");
        assert_eq!(!c, 0x906e);
    }
}
