//! PPP's frame check sequences, exactly as RFC 1662 §C.2 (FCS-16) and §C.3 (FCS-32)
//! define them: reflected CRCs with polynomials 0x8408 and 0xedb88320, initial value all
//! ones, transmitted complemented, least significant byte first.
//!
//! The registers run through slicing tables built at compile time (16 KiB for each FCS),
//! many bytes per step with independent lookups; the results are RFC 1662's byte loop's.
//!
//! A frame received with its FCS appended leaves a fixed "good" residue when the FCS is run
//! over everything: [`FCS16_GOOD`] (0xf0b8) and [`FCS32_GOOD`] (0xdebb20e3).

use core::ops::BitXor;

/// Initial FCS-16 value (RFC 1662 §C.2 `PPPINITFCS16`).
pub const FCS16_INIT: u16 = 0xffff;
/// FCS-16 residue of a frame with a correct FCS (RFC 1662 §C.2 `PPPGOODFCS16`).
pub const FCS16_GOOD: u16 = 0xf0b8;
/// Initial FCS-32 value (RFC 1662 §C.3 `PPPINITFCS32`).
pub const FCS32_INIT: u32 = 0xffff_ffff;
/// FCS-32 residue of a frame with a correct FCS (RFC 1662 §C.3 `PPPGOODFCS32`).
pub const FCS32_GOOD: u32 = 0xdebb_20e3;

/// Tables of the FCS-16 (bytes per step of its widest sliced loop): 32 × 256 × 2 bytes,
/// 16 KiB.
const SLICE16: usize = 32;
/// Tables of the FCS-32: 16 × 256 × 4 bytes, 16 KiB.
const SLICE32: usize = 16;

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

/// The slicing tables of a reflected 16-bit CRC ("slicing-by-N", Intel), in the order the
/// sliced loops read them: `t[N - 1 - k][b]` is the register contribution of byte `b`
/// followed by `k` zero bytes, so `t[N - 1]` is the byte table and a block of `n ≤ N`
/// bytes looks its byte `i` up in `t[N - n + i]`. Built at compile time.
#[expect(
    clippy::indexing_slicing,
    reason = "only evaluated at compile time for the statics: every index is below its \
              array's length by construction, and an out-of-bounds one would fail the build"
)]
const fn tables16<const N: usize>(poly: u16) -> [[u16; 256]; N] {
    let mut t = [[0u16; 256]; N];
    t[N - 1] = byte_table16(poly);
    let mut k = N - 1;
    while k > 0 {
        // One more zero byte after each entry of t[k]: (v >> 8) ^ byte[v & 0xff].
        let mut b = 0;
        while b < 256 {
            let v = t[k][b];
            t[k - 1][b] = (v >> 8) ^ t[N - 1][(v & 0xff) as usize];
            b += 1;
        }
        k -= 1;
    }
    t
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

/// [`tables16`] for the 32-bit register.
#[expect(
    clippy::indexing_slicing,
    reason = "only evaluated at compile time for the statics: every index is below its \
              array's length by construction, and an out-of-bounds one would fail the build"
)]
const fn tables32<const N: usize>(poly: u32) -> [[u32; 256]; N] {
    let mut t = [[0u32; 256]; N];
    t[N - 1] = byte_table32(poly);
    let mut k = N - 1;
    while k > 0 {
        let mut b = 0;
        while b < 256 {
            let v = t[k][b];
            t[k - 1][b] = (v >> 8) ^ t[N - 1][(v & 0xff) as usize];
            b += 1;
        }
        k -= 1;
    }
    t
}

static TABLES16: [[u16; 256]; SLICE16] = tables16(0x8408);
static TABLES32: [[u32; 256]; SLICE32] = tables32(0xedb8_8320);

/// `table[i]`: a `u8` index into a 256-entry table is always in bounds, so this compiles
/// to a plain load.
#[inline(always)]
fn lookup<T: Copy + Default>(table: &[T; 256], i: u8) -> T {
    table.get(usize::from(i)).copied().unwrap_or_default()
}

/// The register after a block of `N` bytes whose first bytes already hold the register
/// (xored in): the exclusive-or of one lookup per byte, byte `i` in `tables[S - N + i]`.
/// The lookups are independent of each other (two exclusive-or chains, to keep the
/// critical path short), where the byte-at-a-time loop is one chain of dependent loads.
#[inline(always)]
fn sliced<T, const S: usize, const N: usize>(tables: &[[T; 256]; S], block: &[u8; N]) -> T
where
    T: Copy + Default + BitXor<Output = T>,
{
    let Some(tables) = tables.last_chunk::<N>() else {
        return T::default();
    };
    let (pairs, _) = block.as_chunks::<2>();
    let (table_pairs, _) = tables.as_chunks::<2>();
    let (mut a, mut b) = (T::default(), T::default());
    for ([x0, x1], [t0, t1]) in pairs.iter().zip(table_pairs) {
        a = a ^ lookup(t0, *x0);
        b = b ^ lookup(t1, *x1);
    }
    a ^ b
}

/// One FCS-16 block of `N` (2 to [`SLICE16`], even) bytes.
#[inline(always)]
fn block16<const N: usize>(fcs: u16, block: &[u8; N]) -> u16 {
    let mut block = *block;
    if let Some(head) = block.first_chunk_mut::<2>() {
        *head = (fcs ^ u16::from_le_bytes(*head)).to_le_bytes();
    }
    sliced(&TABLES16, &block)
}

/// One FCS-32 block of `N` (4 to [`SLICE32`], even) bytes.
#[inline(always)]
fn block32<const N: usize>(fcs: u32, block: &[u8; N]) -> u32 {
    let mut block = *block;
    if let Some(head) = block.first_chunk_mut::<4>() {
        *head = (fcs ^ u32::from_le_bytes(*head)).to_le_bytes();
    }
    sliced(&TABLES32, &block)
}

/// Runs the FCS-16 register over `data` from `fcs` (RFC 1662 §C.2 `pppfcs16`).
///
/// Slicing-by-32: 32 bytes per step, the register folded into the first two and every
/// byte looked up in its own table (all 32 lookups independent: only the last two wait
/// for the register), then one step each of 16, 8, 4 and 2 bytes for the rest and the
/// last byte exactly as RFC 1662 prints the loop. The result is the byte loop's; on a
/// 1500-byte frame it is several times as fast (measured in `benches/benches/checksum.rs`).
#[inline]
#[must_use]
pub fn fcs16_update(mut fcs: u16, data: &[u8]) -> u16 {
    let (blocks, mut rest) = data.as_chunks::<SLICE16>();
    for block in blocks {
        fcs = block16(fcs, block);
    }
    if let Some((block, r)) = rest.split_first_chunk::<16>() {
        (fcs, rest) = (block16(fcs, block), r);
    }
    if let Some((block, r)) = rest.split_first_chunk::<8>() {
        (fcs, rest) = (block16(fcs, block), r);
    }
    if let Some((block, r)) = rest.split_first_chunk::<4>() {
        (fcs, rest) = (block16(fcs, block), r);
    }
    if let Some((block, r)) = rest.split_first_chunk::<2>() {
        (fcs, rest) = (block16(fcs, block), r);
    }
    if let (Some(&b), Some(byte_table)) = (rest.first(), TABLES16.last()) {
        fcs = (fcs >> 8) ^ lookup(byte_table, (fcs as u8) ^ b);
    }
    fcs
}

/// Runs the FCS-32 register over `data` from `fcs` (RFC 1662 §C.3 `pppfcs32`).
///
/// Slicing-by-16 as [`fcs16_update`] (the register folded into the first four bytes of
/// each step), then one step each of 8 and 4 bytes and at most three bytes one at a time.
#[inline]
#[must_use]
pub fn fcs32_update(mut fcs: u32, data: &[u8]) -> u32 {
    let (blocks, mut rest) = data.as_chunks::<SLICE32>();
    for block in blocks {
        fcs = block32(fcs, block);
    }
    if let Some((block, r)) = rest.split_first_chunk::<8>() {
        (fcs, rest) = (block32(fcs, block), r);
    }
    if let Some((block, r)) = rest.split_first_chunk::<4>() {
        (fcs, rest) = (block32(fcs, block), r);
    }
    if let Some(byte_table) = TABLES32.last() {
        for &b in rest {
            fcs = (fcs >> 8) ^ lookup(byte_table, (fcs as u8) ^ b);
        }
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
            for len in (0..=300).chain([1499, 1500, 1501, 1504, 1592]) {
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
        // t[N - 1 - k][b] is byte b followed by k zero bytes, run through the byte table.
        for k in 0..SLICE16 {
            for b in 0..=255u8 {
                let mut bytes = [0u8; SLICE16];
                bytes[0] = b;
                assert_eq!(
                    TABLES16[SLICE16 - 1 - k][usize::from(b)],
                    bitwise16(0, &bytes[..=k]),
                    "16: {k} {b}"
                );
            }
        }
        for k in 0..SLICE32 {
            for b in 0..=255u8 {
                let mut bytes = [0u8; SLICE32];
                bytes[0] = b;
                assert_eq!(
                    TABLES32[SLICE32 - 1 - k][usize::from(b)],
                    bitwise32(0, &bytes[..=k]),
                    "32: {k} {b}"
                );
            }
        }
    }

    #[test]
    fn rfc1662_tables_start_as_printed() {
        // RFC 1662 §C.2 prints fcstab: 0x0000, 0x1189, 0x2312, 0x329b, ... 0x0f78 last.
        let fcstab16 = TABLES16.last().unwrap();
        assert_eq!(&fcstab16[..4], &[0x0000, 0x1189, 0x2312, 0x329b]);
        assert_eq!(fcstab16[255], 0x0f78);
        // RFC 1662 §C.3: 0x00000000, 0x77073096, 0xee0e612c, ... 0x2d02ef8d last.
        let fcstab32 = TABLES32.last().unwrap();
        assert_eq!(&fcstab32[..3], &[0x0000_0000, 0x7707_3096, 0xee0e_612c]);
        assert_eq!(fcstab32[255], 0x2d02_ef8d);
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
