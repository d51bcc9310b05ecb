//! FTP (in progress).
