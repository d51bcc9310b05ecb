//! The application messages of the demonstration: the DNS lookups and the FTP dialogue.

use crate::demo::StoryAccess;
use codec_core::Result;

/// One FTP control line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line {
    text: &'static [u8],
}

impl Line {
    pub(crate) fn len(&self) -> usize {
        self.text.len() + 2
    }

    pub(crate) fn write(&self, buf: &mut [u8]) -> Result<()> {
        let mut w = codec_core::buf::Writer::new(codec_core::Protocol::Ftp, buf);
        w.put_slice(self.text)?;
        w.put_slice(b"\r\n")?;
        Ok(())
    }
}

/// The FTP dialogue: replies and commands in the order they are sent.
pub(crate) struct Dialogue {
    pub(crate) replies: Vec<Line>,
    pub(crate) commands: Vec<Line>,
}

pub(crate) fn ftp_dialogue() -> Dialogue {
    let l = |text| Line { text };
    Dialogue {
        replies: vec![
            l(b"220 diamant FTP server (Version wu-2.4(7) Thu Oct 17 18:51:31 CST 1996) ready."),
            l(b"331 Guest login ok, send your complete e-mail address as password."),
            l(b"230 Guest login ok, access restrictions apply."),
            l(b"200 Type set to I."),
            l(b"250 CWD command successful."),
            l(b"200 PORT command successful."),
            l(b"150 Opening BINARY mode data connection for speec12.xmo (26752 bytes)."),
            l(b"226 Transfer complete."),
            l(b"221 Goodbye."),
        ],
        commands: vec![
            l(b"USER anonymous"),
            l(b"PASS zapf@em"),
            l(b"TYPE I"),
            l(b"CWD pub/people/mz"),
            l(b"PORT 141,2,28,110,4,223"),
            l(b"RETR speec12.xmo"),
            l(b"QUIT"),
        ],
    }
}

pub(crate) fn lookups(story: &mut impl StoryAccess) -> Result<()> {
    let _ = story;
    Ok(())
}
