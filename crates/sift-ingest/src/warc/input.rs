//! The bytes of a WARC file, as pieces: plain, or gzip members decoded one
//! at a time, so that a corrupt member costs only itself.
//!
//! flate2's `MultiGzDecoder` would stop at the first bad member and lose
//! every record after it. Here each member gets its own `GzDecoder`, whose
//! end (a matching CRC and length) is reported as [`Piece::MemberEnd`]; a
//! member that fails is one [`Piece::Corrupt`], after which reading goes on
//! at the next gzip header that decodes.

use std::io::{self, BufRead, Read};

use flate2::bufread::GzDecoder;

use crate::sniff::GZIP_MAGIC;

/// How many decompressed bytes one piece carries at most.
const PIECE_BYTES: usize = 64 << 10;

/// How many compressed bytes of one member are kept to go back over when
/// it turns out corrupt: enough for any news page, while a whole-file
/// single member (not the CC-NEWS layout) cannot fill memory.
const MAX_REWIND_BYTES: u64 = 16 << 20;

/// What the input yields next.
pub(super) enum Piece {
    /// Bytes were appended to the caller's buffer. `offset` is the file
    /// offset of their first byte (plain input) or of the gzip member they
    /// came from; `starts_member` marks a member's first bytes.
    Bytes { offset: u64, starts_member: bool },
    /// A gzip member ended and its checksum and length matched.
    MemberEnd,
    /// The gzip member at `offset` could not be decoded (or the bytes there
    /// were not gzip); `reason` says why and where reading resumed.
    Corrupt { offset: u64, reason: String },
    /// The file could not be read any further.
    Failed(io::Error),
    /// No more input.
    End,
}

/// A WARC file's bytes.
pub(super) enum Input<R> {
    Plain(Window<R>),
    Gzip(Members<R>),
}

impl<R: Read> Input<R> {
    /// Gzip members, or plain WARC.
    pub(super) fn new(reader: R, gzip: bool) -> Input<R> {
        let window = Window::new(reader);
        if gzip {
            Input::Gzip(Members {
                state: State::Between(window),
                pending: None,
            })
        } else {
            Input::Plain(window)
        }
    }

    /// Whether the input is gzip: offsets then name members, not bytes.
    pub(super) fn is_gzip(&self) -> bool {
        matches!(self, Input::Gzip(_))
    }

    /// Appends the next bytes to `out`, or says why there are none.
    pub(super) fn next_piece(&mut self, out: &mut Vec<u8>) -> Piece {
        match self {
            Input::Plain(window) => {
                let offset = window.position();
                let available = match window.fill_buf() {
                    Ok(available) => available,
                    Err(error) => return Piece::Failed(error),
                };
                if available.is_empty() {
                    return Piece::End;
                }
                let n = available.len().min(PIECE_BYTES);
                out.extend_from_slice(&available[..n]);
                window.consume(n);
                Piece::Bytes {
                    offset,
                    starts_member: false,
                }
            }
            Input::Gzip(members) => members.next_piece(out),
        }
    }
}

/// Gzip members, decoded one after another.
pub(super) struct Members<R> {
    state: State<R>,
    /// The first bytes of the member that reading resumed at after a
    /// corrupt one: decoded to prove that member good, handed out next.
    pending: Option<(Vec<u8>, u64)>,
}

enum State<R> {
    /// Before a member (or at the end of the file).
    Between(Window<R>),
    /// Inside the member that starts at `offset`.
    Inside {
        decoder: Box<GzDecoder<Window<R>>>,
        offset: u64,
        fresh: bool,
    },
    /// After a read error, or while a method holds the window.
    Gone,
}

impl<R: Read> Members<R> {
    fn next_piece(&mut self, out: &mut Vec<u8>) -> Piece {
        if let Some((bytes, offset)) = self.pending.take() {
            out.extend_from_slice(&bytes);
            return Piece::Bytes {
                offset,
                starts_member: true,
            };
        }
        match std::mem::replace(&mut self.state, State::Gone) {
            State::Gone => Piece::End,
            State::Between(mut window) => {
                let offset = window.position();
                match window.fill_at_least(GZIP_MAGIC.len()) {
                    Err(error) => Piece::Failed(error),
                    Ok([]) => Piece::End,
                    Ok(start) if start.starts_with(GZIP_MAGIC) => {
                        window.set_mark();
                        self.state = State::Inside {
                            decoder: Box::new(GzDecoder::new(window)),
                            offset,
                            fresh: true,
                        };
                        self.next_piece(out)
                    }
                    Ok(_) => {
                        if window.rest_is_padding() {
                            return Piece::End;
                        }
                        let reason = "bytes that are not a gzip member".to_string();
                        self.corrupt(window, offset, offset, reason)
                    }
                }
            }
            State::Inside {
                mut decoder,
                offset,
                fresh,
            } => {
                let len = out.len();
                out.resize(len + PIECE_BYTES, 0);
                let read = decoder.read(&mut out[len..]);
                match read {
                    Ok(0) => {
                        out.truncate(len);
                        let mut window = decoder.into_inner();
                        window.clear_mark();
                        self.state = State::Between(window);
                        Piece::MemberEnd
                    }
                    Ok(n) => {
                        out.truncate(len + n);
                        self.state = State::Inside {
                            decoder,
                            offset,
                            fresh: false,
                        };
                        Piece::Bytes {
                            offset,
                            starts_member: fresh,
                        }
                    }
                    Err(error) => {
                        out.truncate(len);
                        let mut window = decoder.into_inner();
                        if let Some(error) = window.take_read_error() {
                            return Piece::Failed(error);
                        }
                        self.corrupt(window, offset, offset + 1, describe(&error))
                    }
                }
            }
        }
    }

    /// Reports the member at `offset` as corrupt, after finding the next
    /// member that decodes (searching from `search_from`), so that the
    /// message can say where reading resumes.
    fn corrupt(
        &mut self,
        mut window: Window<R>,
        offset: u64,
        search_from: u64,
        reason: String,
    ) -> Piece {
        // The failed decoder may have read past the next member's header;
        // going back (when the bytes are still held) finds it.
        window.rewind(search_from);
        window.clear_mark();
        loop {
            match window.skip_to(GZIP_MAGIC) {
                Err(error) => return Piece::Failed(error),
                Ok(false) => {
                    return Piece::Corrupt {
                        offset,
                        reason: format!("{reason}; nothing readable follows it"),
                    };
                }
                Ok(true) => {}
            }
            let candidate = window.position();
            window.set_mark();
            let mut decoder = GzDecoder::new(window);
            let mut probe = vec![0; PIECE_BYTES];
            let read = decoder.read(&mut probe);
            if let Some(error) = decoder.get_mut().take_read_error() {
                return Piece::Failed(error);
            }
            let resumed = format!("{reason}; reading resumed at offset {candidate}");
            match read {
                Ok(0) => {
                    // An empty member, and a whole one.
                    window = decoder.into_inner();
                    window.clear_mark();
                    self.state = State::Between(window);
                }
                Ok(n) => {
                    probe.truncate(n);
                    self.pending = Some((probe, candidate));
                    self.state = State::Inside {
                        decoder: Box::new(decoder),
                        offset: candidate,
                        fresh: false,
                    };
                }
                // Gzip's magic number inside compressed data: keep looking.
                Err(_) => {
                    window = decoder.into_inner();
                    window.rewind(candidate + 1);
                    window.clear_mark();
                    continue;
                }
            }
            return Piece::Corrupt {
                offset,
                reason: resumed,
            };
        }
    }
}

/// A decoder error in words a user can act on.
fn describe(error: &io::Error) -> String {
    if error.kind() == io::ErrorKind::UnexpectedEof {
        "gzip member is cut short (the file looks truncated)".to_string()
    } else {
        format!("corrupt gzip member ({error})")
    }
}

/// A reader that keeps the bytes since a mark, so that it can go back to
/// them, and knows its offset in the file.
pub(super) struct Window<R> {
    inner: R,
    buffer: Vec<u8>,
    /// The next unread byte in `buffer`.
    pos: usize,
    /// The file offset of `buffer[0]`.
    base: u64,
    mark: Option<u64>,
    eof: bool,
    /// A read error from the file, kept so that it is not taken for
    /// corruption when it reaches us through the gzip decoder.
    read_error: Option<(io::ErrorKind, String)>,
}

impl<R: Read> Window<R> {
    fn new(inner: R) -> Window<R> {
        Window {
            inner,
            buffer: Vec::new(),
            pos: 0,
            base: 0,
            mark: None,
            eof: false,
            read_error: None,
        }
    }

    /// The file offset of the next unread byte.
    fn position(&self) -> u64 {
        self.base + self.pos as u64
    }

    fn set_mark(&mut self) {
        self.mark = Some(self.position());
    }

    fn clear_mark(&mut self) {
        self.mark = None;
    }

    /// Goes back (or forward) to `offset` when the bytes there are held.
    fn rewind(&mut self, offset: u64) {
        if offset >= self.base && offset <= self.base + self.buffer.len() as u64 {
            self.pos = (offset - self.base) as usize;
        }
    }

    fn take_read_error(&mut self) -> Option<io::Error> {
        self.read_error
            .take()
            .map(|(kind, message)| io::Error::new(kind, message))
    }

    /// At least `n` unread bytes, unless the file ends first.
    fn fill_at_least(&mut self, n: usize) -> io::Result<&[u8]> {
        while self.buffer.len() - self.pos < n && !self.eof {
            self.read_more()?;
        }
        Ok(&self.buffer[self.pos..])
    }

    /// Moves to the next occurrence of `pattern`; `false` when the file
    /// ends without one.
    fn skip_to(&mut self, pattern: &[u8]) -> io::Result<bool> {
        loop {
            let available = self.fill_at_least(pattern.len())?;
            if available.len() < pattern.len() {
                let n = available.len();
                self.pos += n;
                return Ok(false);
            }
            if let Some(i) = memchr::memmem::find(available, pattern) {
                self.pos += i;
                return Ok(true);
            }
            // The last bytes may be the start of a match.
            self.pos += available.len() - (pattern.len() - 1);
            self.read_more()?;
        }
    }

    /// Whether only NUL bytes and whitespace are left: padding some writers
    /// leave after the last member, not damage.
    fn rest_is_padding(&mut self) -> bool {
        loop {
            let available = match self.fill_buf() {
                Ok(available) => available,
                Err(_) => return false,
            };
            if available.is_empty() {
                return true;
            }
            if !available.iter().all(|b| *b == 0 || b.is_ascii_whitespace()) {
                return false;
            }
            let n = available.len();
            self.consume(n);
        }
    }

    fn read_more(&mut self) -> io::Result<()> {
        // Drop what is neither unread nor needed to go back to the mark.
        let keep_from = match self.mark {
            Some(mark) if mark >= self.base && self.position() - mark <= MAX_REWIND_BYTES => {
                (mark - self.base) as usize
            }
            _ => {
                self.mark = None;
                self.pos
            }
        };
        if keep_from > 0 {
            self.buffer.drain(..keep_from);
            self.base += keep_from as u64;
            self.pos -= keep_from;
        }
        let len = self.buffer.len();
        self.buffer.resize(len + PIECE_BYTES, 0);
        let read = loop {
            match self.inner.read(&mut self.buffer[len..]) {
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        match read {
            Ok(n) => {
                self.buffer.truncate(len + n);
                self.eof = n == 0;
                Ok(())
            }
            Err(error) => {
                self.buffer.truncate(len);
                self.eof = true;
                self.read_error = Some((error.kind(), error.to_string()));
                Err(error)
            }
        }
    }
}

impl<R: Read> Read for Window<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Window<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos == self.buffer.len() && !self.eof {
            self.read_more()?;
        }
        Ok(&self.buffer[self.pos..])
    }

    fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.buffer.len());
    }
}
