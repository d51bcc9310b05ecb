//! CHAP
