//! [`registry!`](macro@crate::registry): numbers with meaning as enums that never lose a value.
//!
//! Protocol registries (EtherTypes, PPP protocol numbers, option codes...) are open sets:
//! a decoder must keep a value it has no name for. Every such enum in the family is made by
//! this macro, so all of them have the same shape: a variant per named value, an
//! `Unknown(raw)` catch-all, lossless `From` conversions both ways that always produce the
//! named variant for a named value, `value()`, `name()` and `Display`.
//!
//! ```
//! codec_core::registry! {
//!     /// Colours of a made-up protocol.
//!     pub enum Colour: u8 {
//!         /// Red.
//!         Red = 1 => "red",
//!         /// Green.
//!         Green = 2 => "green",
//!     }
//! }
//! assert_eq!(Colour::from(2), Colour::Green);
//! assert_eq!(Colour::from(9), Colour::Unknown(9));
//! assert_eq!(u8::from(Colour::Unknown(9)), 9);
//! assert_eq!(Colour::Red.to_string(), "red");
//! assert_eq!(Colour::from(9).to_string(), "0x09");
//! ```

/// Defines a registry enum; see the [module docs](mod@crate::registry).
#[macro_export]
macro_rules! registry {
    (
        $(#[$meta:meta])*
        pub enum $name:ident : $repr:ty {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal => $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this registry has no name for, kept as it was on the wire.
            Unknown($repr),
        }

        impl $name {
            /// The number on the wire.
            #[inline]
            #[must_use]
            pub const fn value(self) -> $repr {
                match self {
                    $( $name::$variant => $value, )*
                    $name::Unknown(v) => v,
                }
            }

            /// The value for a number on the wire (the named variant where there is one).
            #[inline]
            #[must_use]
            pub const fn from_value(v: $repr) -> Self {
                match v {
                    $( $value => $name::$variant, )*
                    other => $name::Unknown(other),
                }
            }

            /// The registry's name for the value, if it has one.
            #[inline]
            #[must_use]
            pub const fn name(self) -> Option<&'static str> {
                match self {
                    $( $name::$variant => Some($text), )*
                    $name::Unknown(v) => match $name::from_value(v) {
                        $name::Unknown(_) => None,
                        named => named.name(),
                    },
                }
            }
        }

        impl ::core::convert::From<$repr> for $name {
            #[inline]
            fn from(v: $repr) -> Self {
                $name::from_value(v)
            }
        }

        impl ::core::convert::From<$name> for $repr {
            #[inline]
            fn from(v: $name) -> Self {
                v.value()
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{:#0w$x}", self.value(), w = 2 + 2 * ::core::mem::size_of::<$repr>()),
                }
            }
        }

        #[cfg(feature = "arbitrary")]
        impl<'a> ::arbitrary::Arbitrary<'a> for $name {
            fn arbitrary(u: &mut ::arbitrary::Unstructured<'a>) -> ::arbitrary::Result<Self> {
                Ok($name::from_value(<$repr as ::arbitrary::Arbitrary>::arbitrary(u)?))
            }
        }
    };
}
