//! OFT2, the OSCAR File Transfer header, and the OFT checksum (notes §1.7).
//!
//! Each side of a file transfer (direct or through the rendezvous proxy) sends this header
//! before the file bytes: PROMPT from the sender, ACK from the receiver (cookie filled in),
//! the raw file, DONE from the receiver. Offsets are absolute from `"OFT2"`:
//!
//! ```text
//!   0 magic "OFT2"   4 length   6 type   8 cookie[8]  16 encryption  18 compression
//!  20 total files   22 files left   24 total parts   26 parts left   28 total size
//!  32 size   36 modification time   40 checksum   44 resource-fork received checksum
//!  48 resource-fork size   52 creation time   56 resource-fork checksum   60 bytes received
//!  64 received checksum   68 id string[32]   100 flags   101 list-name offset
//! 102 list-size offset   103 dummy[69]   172 Mac file info[16]   188 encoding
//! 190 language   192 file name (NUL-padded, at least 64 bytes; 0x01 separates path parts)
//! ```
//!
//! The length counts the whole header, so it is `192 + name area` and at least 256
//! (libpurple has no lower bound and computes a negative name length below 192).
//!
//! ```
//! use codec_aim::oft::{OftPacket, OftRepr, OftType};
//! // ../shared/vectors/oft2_winaim_prompt_header.bin: a real WinAIM PROMPT.
//! let bytes = include_bytes!("../../../shared/vectors/oft2_winaim_prompt_header.bin");
//! let oft = OftPacket::parse(&bytes[..])?;
//! assert_eq!(oft.kind(), OftType::Prompt);
//! assert_eq!(oft.header().size.get(), 332555);
//! assert_eq!(oft.header().checksum.get(), 0xe48d_0000);
//! assert_eq!(oft.file_name(), b"Donna Cover Again.psd\x01Donna Cover Again.psd");
//! let repr = OftRepr::parse(&oft)?;
//! let mut out = [0u8; 256];
//! assert_eq!(repr.emit(&mut out)?, 256);
//! assert_eq!(&out[..], &bytes[..]);
//! # Ok::<(), codec_core::Error>(())
//! ```
//!
//! # The checksum
//!
//! [`OftChecksum`] is libpurple's routine (`oft.c`, Graham Booker's): starting from
//! 0xFFFF0000, every byte at an even *absolute file offset* is subtracted shifted left by 8,
//! every byte at an odd one as is, in a 32-bit register with a ones'-complement borrow,
//! then the register is folded twice to 16 bits and shifted back up. Each
//! [`update`](OftChecksum::update) is one call of libpurple's function (the previous
//! checksum and the parity of the bytes already summed carried over), so checksumming a
//! file chunk by chunk gives libpurple's values.
//!
//! It runs a word at a time. The borrow makes the register exactly
//! `(start − Σ) mod (2³² − 1)`, with Σ the sum of the file read as big-endian 16-bit words
//! (parity by absolute offset is exactly that split), so Σ is summed eight bytes at a time
//! (the even and the odd bytes in 16-bit lanes), reduced once, and the fold applied as
//! libpurple does; `0` and `0xFFFF` (the two ones'-complement zeros) come out as in
//! libpurple because the register value itself is exact.
//!
//! ```
//! use codec_aim::oft::{OftChecksum, checksum};
//! assert_eq!(checksum(b"abc"), 0x3b9d_0000);
//! let mut sum = OftChecksum::new();
//! sum.update(b"a");
//! sum.update(b"bc");
//! assert_eq!(sum.value(), 0x3b9d_0000);
//! ```

use codec_core::{Error, Field, Protocol, Result, Writer, split_at, split_header};
use core::fmt;
use zerocopy::byteorder::network_endian::{U16, U32};
use zerocopy::{
    ByteSliceMut, FromBytes, Immutable, IntoBytes, KnownLayout, Ref, SplitByteSlice, Unaligned,
};

/// The magic of a file-transfer header.
pub const MAGIC: [u8; 4] = *b"OFT2";
/// Length of the fixed part, up to the file name.
pub const FIXED_LEN: usize = 192;
/// Smallest file-name area.
pub const MIN_NAME_AREA: usize = 64;
/// Smallest header length: 192 + 64.
pub const MIN_HEADER_LEN: usize = FIXED_LEN + MIN_NAME_AREA;
/// The usual header length.
pub const DEFAULT_HEADER_LEN: usize = 256;
/// The start value of the checksum (libpurple `oft.c`).
pub const CHECKSUM_INIT: u32 = 0xffff_0000;
/// The separator of path components in the file name (libpurple `oft.c`, joscar
/// `SegmentedFilename`).
pub const PATH_SEPARATOR: u8 = 0x01;
/// The id string WinAIM 5.2 and later write.
pub const ID_COOL_FILEXFER: [u8; 32] = *b"Cool FileXfer\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

codec_core::registry! {
    /// OFT header types (libpurple `peer.h`; joscar `FileTransferHeader`).
    pub enum OftType: u16 {
        /// 0x0101: sender's prompt (joscar SENDHEADER).
        Prompt = 0x0101 => "Prompt",
        /// 0x0202: receiver's acknowledgement.
        Ack = 0x0202 => "Ack",
        /// 0x0204: receiver's done (joscar RECEIVED).
        Done = 0x0204 => "Done",
        /// 0x0205: receiver asks to resume.
        Resume = 0x0205 => "Resume",
        /// 0x0106: sender accepts the resume (joscar RESUME_SENDHEADER).
        ResumeAccept = 0x0106 => "Resume Accept",
        /// 0x0207: receiver acknowledges the resume.
        ResumeAck = 0x0207 => "Resume Ack",
        /// 0x1108: get-file: request listing (joscar FILELIST_SENDLIST).
        ListingRequest = 0x1108 => "Listing Request",
        /// 0x1209: get-file: receive listing (joscar FILELIST_ACK).
        ListingReceive = 0x1209 => "Listing Receive",
        /// 0x120A: get-file: listing received.
        ListingReceived = 0x120a => "Listing Received",
        /// 0x120B: get-file: acknowledge listing (joscar FILELIST_RECEIVED).
        ListingAck = 0x120b => "Listing Ack",
        /// 0x120C: get-file: request a file.
        FileRequest = 0x120c => "File Request",
        /// 0x120E: get-file: request a directory (joscar FILELIST_REQDIR).
        DirectoryRequest = 0x120e => "Directory Request",
    }
}

bitflags::bitflags! {
    /// OFT header flags (joscar `FileTransferHeader`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct OftFlags: u8 {
        /// 0x01: transfer done.
        const DONE = 0x01;
        /// 0x10: the header describes a file list (get-file).
        const FILE_LIST = 0x10;
        /// 0x20: set by default.
        const DEFAULT = 0x20;
        // Keep every other bit.
        const _ = !0;
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for OftFlags {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(OftFlags::from_bits_retain(u.arbitrary()?))
    }
}

/// The fixed 192 bytes of an OFT2 header.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
)]
#[repr(C)]
pub struct OftHeader {
    /// `"OFT2"`.
    pub magic: [u8; 4],
    /// Whole header length, magic included.
    pub length: U16,
    /// Header type.
    pub kind: U16,
    /// The ICBM rendezvous cookie.
    pub cookie: [u8; 8],
    /// Encryption (0).
    pub encryption: U16,
    /// Compression (0).
    pub compression: U16,
    /// Number of files.
    pub total_files: U16,
    /// Files left.
    pub files_left: U16,
    /// Number of parts (2 for a Mac file with a resource fork).
    pub total_parts: U16,
    /// Parts left.
    pub parts_left: U16,
    /// Total size of all files.
    pub total_size: U32,
    /// Size of this file.
    pub size: U32,
    /// Modification time (Unix).
    pub mod_time: U32,
    /// OFT checksum of the whole file.
    pub checksum: U32,
    /// Resource-fork received checksum (0xFFFF0000).
    pub rfork_received_checksum: U32,
    /// Resource-fork size.
    pub rfork_size: U32,
    /// Creation time.
    pub creation_time: U32,
    /// Resource-fork checksum (0xFFFF0000).
    pub rfork_checksum: U32,
    /// Bytes received (resume offset; DONE: the total).
    pub bytes_received: U32,
    /// Checksum of the bytes received so far (resume).
    pub received_checksum: U32,
    /// Client id string, NUL-padded ("Cool FileXfer").
    pub id_string: [u8; 32],
    /// Flags.
    pub flags: u8,
    /// List-name offset (0x1C).
    pub list_name_offset: u8,
    /// List-size offset (0x11).
    pub list_size_offset: u8,
    /// Zeros.
    pub dummy: [u8; 69],
    /// Mac file info (zeros).
    pub mac_file_info: [u8; 16],
    /// Name encoding: 0 ASCII, 2 UCS-2BE, 3 ISO-8859-1.
    pub encoding: U16,
    /// Name language / subset.
    pub language: U16,
}

/// A zero-copy view of an OFT2 header.
pub struct OftPacket<B> {
    header: Ref<B, OftHeader>,
    name_area: B,
    rest: B,
}

impl<B: SplitByteSlice> OftPacket<B> {
    /// Validates the header at the front of `bytes`: magic `"OFT2"`, a length of at least
    /// 256 (a name area of at least 64 bytes) and that many bytes present. Bytes after it
    /// (file data) are kept as [`rest`](Self::rest).
    ///
    /// # Errors
    /// [`BadValue`](codec_core::ErrorKind::BadValue) of [`Field::Magic`] (the magic as a
    /// big-endian u32), [`BadLength`](codec_core::ErrorKind::BadLength) of
    /// [`Field::HeaderLength`] below 256, truncation.
    pub fn parse(bytes: B) -> Result<Self> {
        if let Some(magic) = bytes.first_chunk::<4>()
            && *magic != MAGIC
        {
            return Err(Error::bad_value(
                Protocol::Oft,
                0,
                Field::Magic,
                u32::from_be_bytes(*magic),
            ));
        }
        let (header, rest) = split_header::<B, OftHeader>(Protocol::Oft, bytes)?;
        let len = usize::from(header.length.get());
        if len < MIN_HEADER_LEN {
            return Err(Error::bad_length(
                Protocol::Oft,
                4,
                Field::HeaderLength,
                len as u32,
            ));
        }
        let (name_area, rest) = split_at(Protocol::Oft, rest, len - FIXED_LEN, FIXED_LEN)?;
        Ok(OftPacket {
            header,
            name_area,
            rest,
        })
    }

    /// The fixed part.
    #[inline]
    pub fn header(&self) -> &OftHeader {
        &self.header
    }

    /// The header type.
    #[inline]
    pub fn kind(&self) -> OftType {
        OftType::from_value(self.header.kind.get())
    }

    /// The flags.
    #[inline]
    pub fn flags(&self) -> OftFlags {
        OftFlags::from_bits_retain(self.header.flags)
    }

    /// The whole file-name area (NUL-padded).
    #[inline]
    pub fn name_area(&self) -> &[u8] {
        &self.name_area
    }

    /// The file name: the area up to its first NUL.
    #[inline]
    pub fn file_name(&self) -> &[u8] {
        until_nul(&self.name_area)
    }

    /// The path components of the file name (separated by 0x01).
    pub fn path_components(&self) -> impl Iterator<Item = &[u8]> {
        self.file_name().split(|&b| b == PATH_SEPARATOR)
    }

    /// The id string up to its first NUL.
    #[inline]
    pub fn id_string(&self) -> &[u8] {
        until_nul(&self.header.id_string)
    }

    /// Bytes after the header.
    #[inline]
    pub fn rest(&self) -> &[u8] {
        &self.rest
    }
}

impl<B: SplitByteSlice + ByteSliceMut> OftPacket<B> {
    /// The fixed part, writable (the receiver turns a PROMPT into an ACK in place).
    #[inline]
    pub fn header_mut(&mut self) -> &mut OftHeader {
        &mut self.header
    }
}

fn until_nul(bytes: &[u8]) -> &[u8] {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    bytes.get(..end).unwrap_or(&[])
}

impl<B: SplitByteSlice> fmt::Debug for OftPacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OftPacket")
            .field("header", &*self.header)
            .field("file_name", &self.file_name())
            .field("rest_len", &self.rest.len())
            .finish()
    }
}

struct Text<'a>(&'a [u8]);

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for &b in self.0 {
            match b {
                PATH_SEPARATOR => f.write_str("/")?,
                b' '..=b'~' => write!(f, "{}", char::from(b))?,
                _ => write!(f, "\\x{b:02x}")?,
            }
        }
        Ok(())
    }
}

fn summary(
    f: &mut fmt::Formatter<'_>,
    kind: OftType,
    cookie: &[u8; 8],
    name: &[u8],
    size: u32,
    checksum: u32,
) -> fmt::Result {
    write!(f, "OFT2 {kind} cookie ")?;
    for b in cookie {
        write!(f, "{b:02x}")?;
    }
    write!(
        f,
        " file \"{}\" {size} bytes checksum {checksum:#010x}",
        Text(name)
    )
}

impl<B: SplitByteSlice> fmt::Display for OftPacket<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        summary(
            f,
            self.kind(),
            &self.header.cookie,
            self.file_name(),
            self.header.size.get(),
            self.header.checksum.get(),
        )
    }
}

/// An OFT2 header's meaning: every field of notes §1.7, the file name up to its NUL and
/// the size of the NUL-padded name area. Emitting writes zeros after the name, so
/// `emit(parse(b)) == b` for headers whose name area is zero after the first NUL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct OftRepr<'a> {
    /// Header type.
    pub kind: OftType,
    /// The rendezvous cookie.
    pub cookie: [u8; 8],
    /// Encryption.
    pub encryption: u16,
    /// Compression.
    pub compression: u16,
    /// Number of files.
    pub total_files: u16,
    /// Files left.
    pub files_left: u16,
    /// Number of parts.
    pub total_parts: u16,
    /// Parts left.
    pub parts_left: u16,
    /// Total size.
    pub total_size: u32,
    /// File size.
    pub size: u32,
    /// Modification time.
    pub mod_time: u32,
    /// File checksum.
    pub checksum: u32,
    /// Resource-fork received checksum.
    pub rfork_received_checksum: u32,
    /// Resource-fork size.
    pub rfork_size: u32,
    /// Creation time.
    pub creation_time: u32,
    /// Resource-fork checksum.
    pub rfork_checksum: u32,
    /// Bytes received.
    pub bytes_received: u32,
    /// Checksum of the bytes received.
    pub received_checksum: u32,
    /// Id string, NUL-padded.
    pub id_string: [u8; 32],
    /// Flags.
    pub flags: OftFlags,
    /// List-name offset.
    pub list_name_offset: u8,
    /// List-size offset.
    pub list_size_offset: u8,
    /// The 69 "dummy" bytes.
    pub dummy: [u8; 69],
    /// Mac file info.
    pub mac_file_info: [u8; 16],
    /// Name encoding.
    pub encoding: u16,
    /// Name language.
    pub language: u16,
    /// File name, path components separated by 0x01, without the NUL.
    pub name: &'a [u8],
    /// Size of the name area (at least 64, and more than the name unless the name fills
    /// it without a NUL).
    pub name_area_len: u16,
}

impl<'a> OftRepr<'a> {
    /// A PROMPT for one file as WinAIM writes it: id "Cool FileXfer", flags 0x20, offsets
    /// 0x1C/0x11, resource-fork and received checksums 0xFFFF0000, one part, a name area
    /// of `max(64, name + 1)` bytes.
    #[must_use]
    pub fn prompt(
        cookie: [u8; 8],
        name: &'a [u8],
        size: u32,
        mod_time: u32,
        checksum: u32,
    ) -> Self {
        let area = name.len().saturating_add(1).max(MIN_NAME_AREA);
        OftRepr {
            kind: OftType::Prompt,
            cookie,
            encryption: 0,
            compression: 0,
            total_files: 1,
            files_left: 1,
            total_parts: 1,
            parts_left: 1,
            total_size: size,
            size,
            mod_time,
            checksum,
            rfork_received_checksum: CHECKSUM_INIT,
            rfork_size: 0,
            creation_time: 0,
            rfork_checksum: CHECKSUM_INIT,
            bytes_received: 0,
            received_checksum: CHECKSUM_INIT,
            id_string: ID_COOL_FILEXFER,
            flags: OftFlags::DEFAULT,
            list_name_offset: 0x1c,
            list_size_offset: 0x11,
            dummy: [0; 69],
            mac_file_info: [0; 16],
            encoding: 0,
            language: 0,
            name,
            name_area_len: u16::try_from(area).unwrap_or(u16::MAX),
        }
    }

    /// The repr of a parsed header.
    ///
    /// # Errors
    /// None today; the `Result` keeps the family's shape.
    pub fn parse<B: SplitByteSlice>(p: &'a OftPacket<B>) -> Result<Self> {
        let h = p.header();
        Ok(OftRepr {
            kind: p.kind(),
            cookie: h.cookie,
            encryption: h.encryption.get(),
            compression: h.compression.get(),
            total_files: h.total_files.get(),
            files_left: h.files_left.get(),
            total_parts: h.total_parts.get(),
            parts_left: h.parts_left.get(),
            total_size: h.total_size.get(),
            size: h.size.get(),
            mod_time: h.mod_time.get(),
            checksum: h.checksum.get(),
            rfork_received_checksum: h.rfork_received_checksum.get(),
            rfork_size: h.rfork_size.get(),
            creation_time: h.creation_time.get(),
            rfork_checksum: h.rfork_checksum.get(),
            bytes_received: h.bytes_received.get(),
            received_checksum: h.received_checksum.get(),
            id_string: h.id_string,
            flags: p.flags(),
            list_name_offset: h.list_name_offset,
            list_size_offset: h.list_size_offset,
            dummy: h.dummy,
            mac_file_info: h.mac_file_info,
            encoding: h.encoding.get(),
            language: h.language.get(),
            name: p.file_name(),
            name_area_len: u16::try_from(p.name_area().len()).unwrap_or(u16::MAX),
        })
    }

    /// The header length: 192 + the name area.
    #[must_use]
    pub const fn buffer_len(&self) -> usize {
        FIXED_LEN + self.name_area_len as usize
    }

    /// Writes the header; returns its length.
    ///
    /// # Errors
    /// A buffer error; [`BadLength`](codec_core::ErrorKind::BadLength) of
    /// [`Field::HeaderLength`] when the name area is under 64 bytes, shorter than the name,
    /// or the header over 65535 bytes.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let len = self.buffer_len();
        let area = usize::from(self.name_area_len);
        if area < MIN_NAME_AREA || area < self.name.len() || len > usize::from(u16::MAX) {
            return Err(Error::bad_length(
                Protocol::Oft,
                4,
                Field::HeaderLength,
                len as u32,
            ));
        }
        if buf.len() < len {
            return Err(Error::buffer_too_small(Protocol::Oft, len, buf.len()));
        }
        let header = OftHeader {
            magic: MAGIC,
            length: U16::new(len as u16),
            kind: U16::new(self.kind.value()),
            cookie: self.cookie,
            encryption: U16::new(self.encryption),
            compression: U16::new(self.compression),
            total_files: U16::new(self.total_files),
            files_left: U16::new(self.files_left),
            total_parts: U16::new(self.total_parts),
            parts_left: U16::new(self.parts_left),
            total_size: U32::new(self.total_size),
            size: U32::new(self.size),
            mod_time: U32::new(self.mod_time),
            checksum: U32::new(self.checksum),
            rfork_received_checksum: U32::new(self.rfork_received_checksum),
            rfork_size: U32::new(self.rfork_size),
            creation_time: U32::new(self.creation_time),
            rfork_checksum: U32::new(self.rfork_checksum),
            bytes_received: U32::new(self.bytes_received),
            received_checksum: U32::new(self.received_checksum),
            id_string: self.id_string,
            flags: self.flags.bits(),
            list_name_offset: self.list_name_offset,
            list_size_offset: self.list_size_offset,
            dummy: self.dummy,
            mac_file_info: self.mac_file_info,
            encoding: U16::new(self.encoding),
            language: U16::new(self.language),
        };
        let mut w = Writer::new(Protocol::Oft, buf);
        w.put_slice(header.as_bytes())?;
        w.put_slice(self.name)?;
        w.put_zeroes(area - self.name.len())?;
        Ok(w.position())
    }
}

impl fmt::Display for OftRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        summary(
            f,
            self.kind,
            &self.cookie,
            self.name,
            self.size,
            self.checksum,
        )
    }
}

// ---------------------------------------------------------------------------------------
// The checksum.

/// 2³² − 1: the register is exact modulo this (see the [module docs](self)).
const M: u64 = 0xffff_ffff;

/// The OFT checksum, incremental over chunks (see the [module docs](self#the-checksum)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OftChecksum {
    value: u32,
    offset: u64,
}

impl Default for OftChecksum {
    fn default() -> Self {
        OftChecksum::new()
    }
}

impl OftChecksum {
    /// A checksum of nothing yet: 0xFFFF0000 at file offset 0.
    #[must_use]
    pub const fn new() -> Self {
        OftChecksum::resume(CHECKSUM_INIT, 0)
    }

    /// Continues a checksum: `value` of the first `offset` bytes of the file (resuming a
    /// transfer: the header's received checksum and bytes received).
    #[must_use]
    pub const fn resume(value: u32, offset: u64) -> Self {
        OftChecksum { value, offset }
    }

    /// Adds the next bytes of the file (one call of libpurple's routine, with the parity of
    /// `offset`).
    pub fn update(&mut self, data: &[u8]) {
        let start = u64::from(self.value >> 16);
        let odd = self.offset & 1 == 1;
        let sum = be16_sum(data, odd) % M;
        // The register: (start − sum) mod (2³² − 1), in 0..2³²−1, exactly libpurple's.
        let register = (start + M - sum) % M;
        let fold = (register & 0xffff) + (register >> 16);
        let fold = (fold & 0xffff) + (fold >> 16);
        self.value = (fold as u32) << 16;
        self.offset = self.offset.wrapping_add(data.len() as u64);
    }

    /// The checksum so far.
    #[must_use]
    pub const fn value(&self) -> u32 {
        self.value
    }

    /// Bytes summed so far (the next byte's file offset).
    #[must_use]
    pub const fn offset(&self) -> u64 {
        self.offset
    }
}

/// The OFT checksum of a whole file in one piece.
#[must_use]
pub fn checksum(data: &[u8]) -> u32 {
    let mut c = OftChecksum::new();
    c.update(data);
    c.value()
}

/// libpurple's checksum routine (`peer_oft_checksum_chunk`, `oft.c:86-146`), byte for
/// byte: one chunk from `prev` (a checksum value), `odd` when the chunk starts at an odd file
/// offset. The reference [`OftChecksum`] is tested and measured against; it gives the same
/// values, several times slower.
#[must_use]
pub fn checksum_bytewise(buffer: &[u8], prev: u32, odd: bool) -> u32 {
    let mut check: u32 = (prev >> 16) & 0xffff;
    for (i, &b) in buffer.iter().enumerate() {
        let old = check;
        let val = if (i & 1 == 1) != odd {
            u32::from(b)
        } else {
            u32::from(b) << 8
        };
        check = check.wrapping_sub(val);
        if check > old {
            check = check.wrapping_sub(1);
        }
    }
    check = (check & 0xffff) + (check >> 16);
    check = (check & 0xffff) + (check >> 16);
    check << 16
}

/// The even bytes of a little-endian u64, one per 16-bit lane.
const BYTES: u64 = 0x00ff_00ff_00ff_00ff;

/// The sum of the four 16-bit lanes of `x`.
#[inline]
const fn lanes16(x: u64) -> u64 {
    let pairs = (x & 0x0000_ffff_0000_ffff) + ((x >> 16) & 0x0000_ffff_0000_ffff);
    (pairs & 0xffff_ffff) + (pairs >> 32)
}

/// Σ of `data` read as big-endian 16-bit words, the first byte being the low half of a
/// word when `odd` (it sits at an odd file offset).
///
/// That is 256 × (the sum of the bytes at even offsets) + (the sum of those at odd
/// offsets). Both sums are taken eight bytes at a time from little-endian words: the even
/// bytes `x & 0x00ff00ff00ff00ff` and the odd ones `(x >> 8) & 0x00ff00ff00ff00ff` land in
/// 16-bit lanes, added without carries between lanes for 64 blocks of 32 bytes (64 × 4 ×
/// 255 < 65536), then folded. No byte swap and only lane-wise and, shift and add: the
/// compiler turns the inner loop into 128-bit vector code on plain x86-64.
fn be16_sum(data: &[u8], odd: bool) -> u64 {
    let mut total = 0u64;
    let data = match (odd, data.split_first()) {
        (true, Some((&first, rest))) => {
            total += u64::from(first);
            rest
        }
        _ => data,
    };
    let (blocks, tail) = data.as_chunks::<32>();
    let (mut even, mut odd) = (0u64, 0u64);
    for run in blocks.chunks(64) {
        let mut e = [0u64; 4];
        let mut o = [0u64; 4];
        for block in run {
            let (words, _) = block.as_chunks::<8>();
            for ((e, o), w) in e.iter_mut().zip(o.iter_mut()).zip(words) {
                let x = u64::from_le_bytes(*w);
                *e += x & BYTES;
                *o += (x >> 8) & BYTES;
            }
        }
        for (e, o) in e.into_iter().zip(o) {
            even += lanes16(e);
            odd += lanes16(o);
        }
    }
    total += (even << 8) + odd;
    let (pairs, last) = tail.as_chunks::<2>();
    for p in pairs {
        total += u64::from(u16::from_be_bytes(*p));
    }
    if let [b] = last {
        total += u64::from(*b) << 8;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use codec_core::ErrorKind;
    use std::string::ToString;
    use std::vec::Vec;

    static WINAIM: &[u8; 256] =
        include_bytes!("../../../shared/vectors/oft2_winaim_prompt_header.bin");

    #[test]
    fn golden_values() {
        // ../shared/notes §1.7.1 and vectors/README.md.
        let all: Vec<u8> = (0..=255u8).collect();
        let cases: [(&[u8], u32); 8] = [
            (b"", 0xffff_0000),
            (b"a", 0x9eff_0000),
            (b"ab", 0x9e9d_0000),
            (b"abc", 0x3b9d_0000),
            (b"Hello, world!\n", 0xbea9_0000),
            (&all, 0x3fc0_0000),
            (&[0u8; 1024], 0xffff_0000),
            (&[0xffu8; 1024], 0xffff_0000),
        ];
        for (data, expect) in cases {
            assert_eq!(checksum(data), expect, "{data:?}");
            assert_eq!(checksum_bytewise(data, CHECKSUM_INIT, false), expect);
        }
        let mut c = OftChecksum::new();
        c.update(b"a");
        c.update(b"bc");
        assert_eq!((c.value(), c.offset()), (0x3b9d_0000, 3));
    }

    #[test]
    fn agrees_with_libpurple_on_every_split() {
        // A pseudo-random file long enough for the word path and several lane runs.
        let mut x = 0x1234_5678u32;
        let data: Vec<u8> = (0..300_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x >> 24) as u8
            })
            .collect();
        assert_eq!(
            checksum(&data),
            checksum_bytewise(&data, CHECKSUM_INIT, false)
        );
        for cut in [1usize, 2, 31, 32, 33, 1000, 131_071, 262_145] {
            let mut c = OftChecksum::new();
            c.update(&data[..cut]);
            c.update(&data[cut..]);
            let first = checksum_bytewise(&data[..cut], CHECKSUM_INIT, false);
            let expect = checksum_bytewise(&data[cut..], first, cut % 2 == 1);
            assert_eq!(c.value(), expect, "cut {cut}");
        }
        for len in 0..80 {
            for start in 0..3 {
                let d = &data[start..start + len];
                assert_eq!(checksum(d), checksum_bytewise(d, CHECKSUM_INIT, false));
                let mut c = OftChecksum::resume(0x1234_0000, 1);
                c.update(d);
                assert_eq!(c.value(), checksum_bytewise(d, 0x1234_0000, true));
            }
        }
        // The register reaching exactly zero, and the other ones'-complement zero.
        for prev in [0u32, 0x0001_0000, 0xff00_0000, 0xffff_0000] {
            for d in [&[0xffu8][..], &[0xff, 0x00], &[0x00, 0xff], &[0x01], &[]] {
                let mut c = OftChecksum::resume(prev, 0);
                c.update(d);
                assert_eq!(
                    c.value(),
                    checksum_bytewise(d, prev, false),
                    "{prev:#x} {d:?}"
                );
            }
        }
    }

    #[test]
    fn deconstruct_winaim_header() {
        let p = OftPacket::parse(&WINAIM[..]).unwrap();
        let h = p.header();
        assert_eq!(h.length.get(), 256);
        assert_eq!(p.kind(), OftType::Prompt);
        assert_eq!(h.cookie, [0x3a, 0x90, 0x54, 0x51, 0x7f, 0x94, 0xc7, 0xa9]);
        assert_eq!((h.encryption.get(), h.compression.get()), (0, 0));
        assert_eq!((h.total_files.get(), h.files_left.get()), (1, 1));
        assert_eq!((h.total_parts.get(), h.parts_left.get()), (1, 1));
        assert_eq!((h.total_size.get(), h.size.get()), (332_555, 332_555));
        assert_eq!(h.mod_time.get(), 0x43fb_e38e);
        assert_eq!(h.checksum.get(), 0xe48d_0000);
        assert_eq!(h.rfork_received_checksum.get(), 0xffff_0000);
        assert_eq!((h.rfork_size.get(), h.creation_time.get()), (0, 0));
        assert_eq!(h.rfork_checksum.get(), 0xffff_0000);
        assert_eq!(h.bytes_received.get(), 0);
        assert_eq!(h.received_checksum.get(), 0xffff_0000);
        assert_eq!(p.id_string(), b"Cool FileXfer");
        assert_eq!(p.flags(), OftFlags::DEFAULT);
        assert_eq!((h.list_name_offset, h.list_size_offset), (0x1c, 0x11));
        assert_eq!(h.dummy, [0; 69]);
        assert_eq!(h.mac_file_info, [0; 16]);
        assert_eq!((h.encoding.get(), h.language.get()), (0, 0));
        assert_eq!(p.name_area().len(), 64);
        let parts: Vec<&[u8]> = p.path_components().collect();
        assert_eq!(
            parts,
            [&b"Donna Cover Again.psd"[..], &b"Donna Cover Again.psd"[..]]
        );
        assert!(p.rest().is_empty());
        assert_eq!(
            p.to_string(),
            "OFT2 Prompt cookie 3a9054517f94c7a9 file \"Donna Cover Again.psd/Donna Cover Again.psd\" 332555 bytes checksum 0xe48d0000"
        );
    }

    #[test]
    fn construct_ack_in_place() {
        let mut bytes = *WINAIM;
        let mut p = OftPacket::parse(&mut bytes[..]).unwrap();
        p.header_mut().kind.set(OftType::Ack.value());
        assert_eq!(&bytes[6..8], &[0x02, 0x02]);
    }

    #[test]
    fn parse_and_emit() {
        let p = OftPacket::parse(&WINAIM[..]).unwrap();
        let r = OftRepr::parse(&p).unwrap();
        let mut out = [0u8; 256];
        assert_eq!(r.emit(&mut out).unwrap(), 256);
        assert_eq!(&out, WINAIM);
        // The builder writes the same header from the meaningful fields.
        let built = OftRepr::prompt(
            r.cookie,
            b"Donna Cover Again.psd\x01Donna Cover Again.psd",
            332_555,
            0x43fb_e38e,
            0xe48d_0000,
        );
        assert_eq!(built, r);
        // A long name makes a header over 256.
        let name = [b'x'; 100];
        let long = OftRepr::prompt([0; 8], &name, 1, 2, 3);
        let mut out = [0u8; 300];
        let n = long.emit(&mut out).unwrap();
        assert_eq!(n, 293);
        let back = OftPacket::parse(&out[..n]).unwrap();
        assert_eq!(OftRepr::parse(&back).unwrap(), long);
    }

    #[test]
    fn rejects() {
        let mut bad = *WINAIM;
        bad[3] = b'1';
        let e = OftPacket::parse(&bad[..]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                0,
                ErrorKind::BadValue {
                    field: Field::Magic,
                    value: 0x4f46_5431
                }
            )
        );
        let mut short = *WINAIM;
        short[4..6].copy_from_slice(&191u16.to_be_bytes());
        let e = OftPacket::parse(&short[..]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                4,
                ErrorKind::BadLength {
                    field: Field::HeaderLength,
                    value: 191
                }
            )
        );
        let e = OftPacket::parse(&WINAIM[..200]).unwrap_err();
        assert_eq!(
            (e.offset(), e.kind()),
            (
                192,
                ErrorKind::Truncated {
                    needed: 64,
                    available: 8
                }
            )
        );
        let p = OftPacket::parse(&WINAIM[..]).unwrap();
        let mut r = OftRepr::parse(&p).unwrap();
        r.name_area_len = 63;
        assert!(r.emit(&mut [0u8; 300]).is_err());
        assert_eq!(r.to_string().split(' ').next(), Some("OFT2"));
    }
}
