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

const fn table16() -> [u16; 256] {
    let mut t = [0u16; 256];
    let mut b = 0;
    while b < 256 {
        let mut v = b as u16;
        let mut i = 0;
        while i < 8 {
            v = if v & 1 != 0 {
                (v >> 1) ^ 0x8408
            } else {
                v >> 1
            };
            i += 1;
        }
        t[b] = v;
        b += 1;
    }
    t
}

const fn table32() -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut b = 0;
    while b < 256 {
        let mut v = b as u32;
        let mut i = 0;
        while i < 8 {
            v = if v & 1 != 0 {
                (v >> 1) ^ 0xedb8_8320
            } else {
                v >> 1
            };
            i += 1;
        }
        t[b] = v;
        b += 1;
    }
    t
}

static TABLE16: [u16; 256] = table16();
static TABLE32: [u32; 256] = table32();

/// Runs the FCS-16 register over `data` from `fcs` (RFC 1662 §C.2 `pppfcs16`).
#[inline]
#[must_use]
pub fn fcs16_update(mut fcs: u16, data: &[u8]) -> u16 {
    for &b in data {
        let i = usize::from((fcs ^ u16::from(b)) as u8);
        fcs = (fcs >> 8) ^ TABLE16.get(i).copied().unwrap_or(0);
    }
    fcs
}

/// Runs the FCS-32 register over `data` from `fcs` (RFC 1662 §C.3 `pppfcs32`).
#[inline]
#[must_use]
pub fn fcs32_update(mut fcs: u32, data: &[u8]) -> u32 {
    for &b in data {
        let i = usize::from((fcs ^ u32::from(b)) as u8);
        fcs = (fcs >> 8) ^ TABLE32.get(i).copied().unwrap_or(0);
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

    #[test]
    fn rfc1662_tables_start_as_printed() {
        // RFC 1662 §C.2 prints fcstab: 0x0000, 0x1189, 0x2312, 0x329b, ... 0x0f78 last.
        assert_eq!(&TABLE16[..4], &[0x0000, 0x1189, 0x2312, 0x329b]);
        assert_eq!(TABLE16[255], 0x0f78);
        // RFC 1662 §C.3: 0x00000000, 0x77073096, 0xee0e612c, ... 0x2d02ef8d last.
        assert_eq!(&TABLE32[..3], &[0x0000_0000, 0x7707_3096, 0xee0e_612c]);
        assert_eq!(TABLE32[255], 0x2d02_ef8d);
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
