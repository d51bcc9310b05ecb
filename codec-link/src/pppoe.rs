//! PPPoE
