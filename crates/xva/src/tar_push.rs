//! The tar stream walked as bytes arrive: headers (parsed and checksum-checked by the `tar`
//! crate), each entry's data, its padding to 512 bytes, and the two zero blocks at the end.

use crate::Error;

const BLOCK: usize = 512;

/// What the walk found.
#[derive(Debug, PartialEq, Eq)]
pub enum Event<'a> {
    /// A file entry begins.
    Entry { name: String, size: u64 },
    /// Some of the current entry's data.
    Data(&'a [u8]),
    /// The current entry's data is complete.
    EntryEnd,
}

#[derive(Debug)]
enum State {
    Header,
    Data {
        left: u64,
        skip: bool,
        pad: usize,
    },
    Padding {
        left: usize,
    },
    /// One zero block seen: the next must be zero too.
    Ending,
    Ended,
}

/// A push parser of a tar stream.
#[derive(Debug)]
pub struct TarPush {
    state: State,
    block: Box<[u8; BLOCK]>,
    have: usize,
    /// A GNU long name ('L' entry) for the next header.
    long_name: Option<Vec<u8>>,
    collecting_long: Option<Vec<u8>>,
}

impl Default for TarPush {
    fn default() -> Self {
        TarPush {
            state: State::Header,
            block: Box::new([0; BLOCK]),
            have: 0,
            long_name: None,
            collecting_long: None,
        }
    }
}

fn padding(size: u64) -> usize {
    ((BLOCK as u64 - size % BLOCK as u64) % BLOCK as u64) as usize
}

impl TarPush {
    /// Whether the end-of-archive blocks have been read.
    pub fn ended(&self) -> bool {
        matches!(self.state, State::Ended)
    }

    /// Walks `data`, telling `on` what it finds. Bytes after the end of the archive are
    /// ignored (xapi and tar pad the stream to a record size).
    pub fn feed(
        &mut self,
        mut data: &[u8],
        on: &mut dyn FnMut(Event<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        while !data.is_empty() {
            match &mut self.state {
                State::Ended => return Ok(()),
                State::Header | State::Ending => {
                    let take = (BLOCK - self.have).min(data.len());
                    self.block[self.have..self.have + take].copy_from_slice(&data[..take]);
                    self.have += take;
                    data = &data[take..];
                    if self.have == BLOCK {
                        self.have = 0;
                        self.header(on)?;
                    }
                }
                State::Data { left, skip, pad } => {
                    let take = (*left).min(data.len() as u64) as usize;
                    let (piece, rest) = data.split_at(take);
                    *left -= take as u64;
                    let (done, skip, pad) = (*left == 0, *skip, *pad);
                    data = rest;
                    if let Some(long) = &mut self.collecting_long {
                        if long.len() + piece.len() > 4096 {
                            return Err(Error::Malformed("a long name over 4 KiB".into()));
                        }
                        long.extend_from_slice(piece);
                    } else if !skip && !piece.is_empty() {
                        on(Event::Data(piece))?;
                    }
                    if done {
                        self.end_data(on)?;
                        self.after_data(pad);
                    }
                }
                State::Padding { left } => {
                    let take = (*left).min(data.len());
                    *left -= take;
                    data = &data[take..];
                    if *left == 0 {
                        self.state = State::Header;
                    }
                }
            }
        }
        Ok(())
    }

    /// The stream ended: an error unless the archive did.
    pub fn finish(&self) -> Result<(), Error> {
        if self.ended() {
            Ok(())
        } else {
            Err(Error::PrematureEof)
        }
    }

    fn after_data(&mut self, pad: usize) {
        self.state = if pad == 0 {
            State::Header
        } else {
            State::Padding { left: pad }
        };
    }

    fn end_data(
        &mut self,
        on: &mut dyn FnMut(Event<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let State::Data { skip, .. } = self.state else {
            return Ok(());
        };
        if let Some(long) = self.collecting_long.take() {
            let end = long.iter().position(|&b| b == 0).unwrap_or(long.len());
            self.long_name = Some(long[..end].to_vec());
        } else if !skip {
            on(Event::EntryEnd)?;
        }
        Ok(())
    }

    fn header(&mut self, on: &mut dyn FnMut(Event<'_>) -> Result<(), Error>) -> Result<(), Error> {
        let zero = self.block.iter().all(|&b| b == 0);
        match (&self.state, zero) {
            (State::Ending, true) => {
                self.state = State::Ended;
                return Ok(());
            }
            (State::Ending, false) => {
                return Err(Error::Malformed(
                    "a lone zero block inside the archive".into(),
                ));
            }
            (_, true) => {
                self.state = State::Ending;
                return Ok(());
            }
            _ => {}
        }
        let h = tar::Header::from_byte_slice(&self.block[..]);
        let stored = h
            .cksum()
            .map_err(|e| Error::Malformed(format!("header checksum: {e}")))?;
        let mut copy = h.clone();
        copy.set_cksum();
        if copy.cksum().ok() != Some(stored) {
            return Err(Error::Malformed("a header's checksum is wrong".into()));
        }
        let size = h
            .entry_size()
            .map_err(|e| Error::Malformed(format!("entry size: {e}")))?;
        let kind = h.entry_type();
        let name = match self.long_name.take() {
            Some(n) => n,
            None => h.path_bytes().into_owned(),
        };
        let name = String::from_utf8(name)
            .map_err(|_| Error::Malformed("an entry name is not UTF-8".into()))?;
        let mut skip = false;
        if kind.is_gnu_longname() {
            self.collecting_long = Some(Vec::new());
        } else if kind.is_pax_global_extensions() || kind.is_pax_local_extensions() || kind.is_dir()
        {
            skip = true;
        } else if kind.is_file() || kind.is_contiguous() {
            on(Event::Entry { name, size })?;
        } else {
            return Err(Error::Malformed(format!(
                "entry {name}: type {:?} is not a file",
                kind.as_byte() as char
            )));
        }
        let pad = padding(size);
        self.state = State::Data {
            left: size,
            skip,
            pad,
        };
        if size == 0 {
            self.end_data(on)?;
            self.after_data(pad);
        }
        Ok(())
    }
}
