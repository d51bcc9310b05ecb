//! PAP
