//! MSNP (in progress).
