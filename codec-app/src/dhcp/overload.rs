//! Option overload (RFC 2132 §9.3) and long options (RFC 3396), without allocation.
//!
//! RFC 2131 §4.1: the options field is read first, then `file` if option 52 says it holds
//! options, then `sname`. RFC 3396 §5: every instance of an option code in the message, in
//! that order, is concatenated before the value is interpreted, adjacent or not.
//! [`Merged`] yields each code once ([`LongOption`]); its [`fragments`](LongOption::fragments)
//! iterate the instances, and [`join`](LongOption::join) copies them into a caller buffer.
//! An option that appears once is borrowed as it is: [`value`](LongOption::value) copies
//! nothing then.

use super::options::DhcpOption;
use super::{BootpHeader, CodeSet, HEADER_LEN, Options};
use codec_core::{Error, Protocol, Result};

codec_core::registry! {
    /// The value of option 52 (RFC 2132 §9.3): which BOOTP fields carry more options.
    pub enum Overload: u8 {
        /// `file` carries options.
        File = 1 => "file",
        /// `sname` carries options.
        Sname = 2 => "sname",
        /// Both fields carry options (`file` is read first).
        Both = 3 => "file and sname",
    }
}

/// Each option code of a message once, in the order of its first instance.
#[derive(Debug, Clone)]
pub struct Merged<'a> {
    walk: Options<'a>,
    options: &'a [u8],
    header: &'a BootpHeader,
    seen: CodeSet,
    multi: CodeSet,
    /// Whether any code has several instances (else no code needs checking).
    any_split: bool,
    /// No code repeats and no field is overloaded (the common case): the options field is
    /// walked directly, from `pos`.
    simple: bool,
    pos: usize,
}

impl<'a> Merged<'a> {
    pub(crate) fn new(
        options: &'a [u8],
        header: &'a BootpHeader,
        multi: CodeSet,
        // Overloaded fields or damaged options: the general walk (which stops at damage).
        general: bool,
    ) -> Self {
        let any_split = !multi.is_empty();
        Merged {
            walk: Options::new(options, &header.file, &header.sname),
            options,
            header,
            seen: CodeSet::default(),
            multi,
            any_split,
            simple: !any_split && !general,
            pos: 0,
        }
    }

    /// The next option of the options field, for a message whose codes all appear once
    /// and whose fields are not overloaded.
    #[inline(always)]
    fn next_simple(&mut self) -> Option<LongOption<'a>> {
        // `parse` has validated these bytes; a damaged message takes the general walk.
        loop {
            let pos = self.pos;
            let code = *self.options.get(pos)?;
            if code == 0 {
                self.pos = pos + 1;
                continue;
            }
            let value = match self.options.get(pos + 1) {
                Some(&len) if code != 255 => self.options.get(pos + 2..pos + 2 + usize::from(len)),
                _ => None,
            };
            let Some(value) = value else {
                self.pos = usize::MAX;
                return None;
            };
            self.pos = pos + 2 + value.len();
            return Some(LongOption {
                code,
                split: false,
                first: value,
                offset: HEADER_LEN + pos,
                options: self.options,
                header: self.header,
            });
        }
    }
}

impl<'a> Iterator for Merged<'a> {
    type Item = LongOption<'a>;

    #[inline(always)]
    fn next(&mut self) -> Option<LongOption<'a>> {
        if self.simple {
            return self.next_simple();
        }
        loop {
            let o = self.walk.next()?;
            // Only a code with several instances can come again.
            let split = self.any_split && self.multi.contains(o.code);
            if split && self.seen.insert(o.code) {
                continue;
            }
            return Some(LongOption {
                code: o.code,
                split,
                first: o.data,
                offset: o.offset,
                options: self.options,
                header: self.header,
            });
        }
    }
}

impl core::iter::FusedIterator for Merged<'_> {}

/// An option code with all its instances (RFC 3396).
#[derive(Debug, Clone, Copy)]
pub struct LongOption<'a> {
    code: u8,
    split: bool,
    first: &'a [u8],
    offset: usize,
    /// The message's options field and fixed part, to walk the instances again.
    options: &'a [u8],
    header: &'a BootpHeader,
}

impl<'a> LongOption<'a> {
    /// The option code.
    #[inline]
    #[must_use]
    pub fn code(&self) -> u8 {
        self.code
    }

    /// Offset in the message of the first instance's code byte.
    #[inline]
    #[must_use]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Whether the option has more than one instance.
    #[inline]
    #[must_use]
    pub fn is_split(&self) -> bool {
        self.split
    }

    /// The value of the first instance.
    #[inline]
    #[must_use]
    pub fn first(&self) -> &'a [u8] {
        self.first
    }

    /// The value when the option has one instance (no copy needed).
    #[inline]
    #[must_use]
    pub fn single(&self) -> Option<&'a [u8]> {
        (!self.split).then_some(self.first)
    }

    /// The value bytes of every instance, in order.
    #[inline]
    #[must_use]
    pub fn fragments(&self) -> Fragments<'a> {
        Fragments {
            first: (!self.split).then_some(self.first),
            walk: self
                .split
                .then(|| Options::new(self.options, &self.header.file, &self.header.sname)),
            code: self.code,
        }
    }
    /// The length of the concatenated value.
    #[must_use]
    pub fn len(&self) -> usize {
        self.fragments().map(<[u8]>::len).sum()
    }

    /// Whether the concatenated value is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Copies the concatenated value into the front of `buf`; returns it.
    ///
    /// # Errors
    /// [`BufferTooSmall`](codec_core::ErrorKind::BufferTooSmall) when `buf` is shorter
    /// than [`len`](Self::len).
    pub fn join<'b>(&self, buf: &'b mut [u8]) -> Result<&'b [u8]> {
        let total = self.len();
        let available = buf.len();
        let Some(out) = buf.get_mut(..total) else {
            return Err(Error::buffer_too_small(Protocol::Dhcp, total, available));
        };
        let mut at = 0;
        for f in self.fragments() {
            if let Some(dst) = out.get_mut(at..at + f.len()) {
                dst.copy_from_slice(f);
            }
            at += f.len();
        }
        Ok(out)
    }

    /// The concatenated value: borrowed from the message when there is one instance,
    /// else joined into `scratch`.
    ///
    /// # Errors
    /// As [`join`](Self::join), for a split option.
    #[inline]
    pub fn value<'b>(&self, scratch: &'b mut [u8]) -> Result<&'b [u8]>
    where
        'a: 'b,
    {
        match self.single() {
            Some(v) => Ok(v),
            None => self.join(scratch),
        }
    }

    /// The typed value (joining into `scratch` when split).
    ///
    /// # Errors
    /// As [`value`](Self::value), and the option's own errors
    /// ([`DhcpOption::parse`]); offsets count in the message for an option with one
    /// instance, in the joined value otherwise.
    #[inline(always)]
    pub fn typed<'b>(&self, scratch: &'b mut [u8]) -> Result<DhcpOption<'b>>
    where
        'a: 'b,
    {
        match self.single() {
            Some(v) => DhcpOption::parse(self.code, v).map_err(|e| e.shifted(self.offset + 2)),
            None => self.typed_joined(scratch),
        }
    }

    /// [`typed`](Self::typed) for an option with several instances (out of line: rare).
    #[inline(never)]
    fn typed_joined<'b>(&self, scratch: &'b mut [u8]) -> Result<DhcpOption<'b>>
    where
        'a: 'b,
    {
        DhcpOption::parse(self.code, self.join(scratch)?)
    }
}

/// The value bytes of each instance of one option code.
#[derive(Debug, Clone)]
pub struct Fragments<'a> {
    /// The value of an option with one instance.
    first: Option<&'a [u8]>,
    /// A walk of the whole message, for an option with several instances.
    walk: Option<Options<'a>>,
    code: u8,
}

impl<'a> Iterator for Fragments<'a> {
    type Item = &'a [u8];

    #[inline]
    fn next(&mut self) -> Option<&'a [u8]> {
        if let Some(f) = self.first.take() {
            return Some(f);
        }
        let code = self.code;
        self.walk.as_mut()?.find(|o| o.code == code).map(|o| o.data)
    }
}

impl core::iter::FusedIterator for Fragments<'_> {}
