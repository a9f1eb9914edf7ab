//! The push reader: bytes in as they arrive, `ova.xml` and verified chunks out.

use crate::tar_push::{Event, TarPush};
use crate::{Error, MAX_OVA_XML};
use sha1::Digest;
use std::io::Write;

/// Where a reader puts what it found.
pub trait Sink {
    /// `ova.xml`, whole, before any disk data.
    fn ova(&mut self, xml: &str) -> Result<(), Error>;
    /// Chunk `index` of the disk whose data directory is `disk` (`Ref:3`), checked against
    /// its checksum.
    fn chunk(&mut self, disk: &str, index: u64, data: &[u8]) -> Result<(), Error>;
}

/// A sink that keeps nothing: checking a download as it is written to a file.
#[derive(Debug, Default)]
pub struct Check;

impl Sink for Check {
    fn ova(&mut self, _: &str) -> Result<(), Error> {
        Ok(())
    }
    fn chunk(&mut self, _: &str, _: u64, _: &[u8]) -> Result<(), Error> {
        Ok(())
    }
}

/// What a reader saw.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Bytes fed (as sent: compressed if the stream is).
    pub bytes_in: u64,
    /// Disk data read, in the chunks present (zeros left out are not counted).
    pub disk_bytes: u64,
    pub chunks: u64,
    /// Chunks whose checksum was present and matched.
    pub verified: u64,
    pub keep_alives: u64,
    pub compression: Compression,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    #[default]
    None,
    Gzip,
    Zstd,
}

/// The entry being read.
enum Current {
    None,
    Ova(Vec<u8>),
    Chunk {
        disk: String,
        index: u64,
        data: Vec<u8>,
    },
    Sum {
        of: String,
        sha1: bool,
        text: Vec<u8>,
    },
    Skip,
}

/// A chunk read whose checksum entry comes next.
struct Pending {
    name: String,
    disk: String,
    index: u64,
    data: Vec<u8>,
}

/// The tar entries walked: what makes sense of them.
struct Walker<S> {
    tar: TarPush,
    sink: S,
    current: Current,
    pending: Option<Pending>,
    /// A keep-alive's name: its checksum entry is skipped too.
    skip_sum_of: Option<String>,
    seen_ova: bool,
    stats: Stats,
    error: Option<Error>,
}

/// The largest chunk entry accepted (xapi writes 1 MiB).
const MAX_CHUNK: usize = 16 * 1024 * 1024;

fn parse_chunk(name: &str) -> Option<(String, u64)> {
    let (disk, n) = name.rsplit_once('/')?;
    if n.len() != 8 || !n.bytes().all(|b| b.is_ascii_digit()) || !disk.starts_with("Ref:") {
        return None;
    }
    Some((disk.to_string(), n.parse().ok()?))
}

impl<S: Sink> Walker<S> {
    fn event(&mut self, e: Event<'_>) -> Result<(), Error> {
        match e {
            Event::Entry { name, size } => self.begin(name, size),
            Event::Data(d) => {
                match &mut self.current {
                    Current::Ova(b) => {
                        if b.len() + d.len() > MAX_OVA_XML {
                            return Err(Error::OvaTooLarge);
                        }
                        b.extend_from_slice(d);
                    }
                    Current::Chunk { data, .. } => data.extend_from_slice(d),
                    Current::Sum { text, .. } => text.extend_from_slice(d),
                    Current::None | Current::Skip => {}
                }
                Ok(())
            }
            Event::EntryEnd => self.end(),
        }
    }

    fn begin(&mut self, name: String, size: u64) -> Result<(), Error> {
        if !self.seen_ova {
            if name != "ova.xml" {
                return Err(Error::UnexpectedFile {
                    expected: "ova.xml".into(),
                    found: name,
                });
            }
            if size > MAX_OVA_XML as u64 {
                return Err(Error::OvaTooLarge);
            }
            self.current = Current::Ova(Vec::with_capacity(size as usize));
            return Ok(());
        }
        let sum = name
            .strip_suffix(".xxhash")
            .map(|n| (n, false))
            .or_else(|| name.strip_suffix(".checksum").map(|n| (n, true)));
        if let Some((of, sha1)) = sum {
            if size > 128 {
                return Err(Error::Malformed(format!(
                    "{name}: a checksum of {size} bytes"
                )));
            }
            self.current = if self.skip_sum_of.as_deref() == Some(of) {
                self.skip_sum_of = None;
                Current::Skip
            } else {
                Current::Sum {
                    of: of.to_string(),
                    sha1,
                    text: Vec::new(),
                }
            };
            return Ok(());
        }
        if name == "checksum.xml" {
            // Pre-`export_vsn 2` exports: a table at the end; the chunks were delivered.
            self.current = Current::Skip;
            return Ok(());
        }
        let Some((disk, index)) = parse_chunk(&name) else {
            return Err(Error::UnexpectedFile {
                expected: "a disk chunk".into(),
                found: name,
            });
        };
        if size > MAX_CHUNK as u64 {
            return Err(Error::Malformed(format!("{name}: a chunk of {size} bytes")));
        }
        // A chunk without a checksum entry (an old export): delivered as it is.
        self.deliver_pending()?;
        self.current = Current::Chunk {
            disk,
            index,
            data: Vec::with_capacity(size as usize),
        };
        Ok(())
    }

    fn end(&mut self) -> Result<(), Error> {
        match std::mem::replace(&mut self.current, Current::None) {
            Current::Ova(b) => {
                let xml =
                    String::from_utf8(b).map_err(|_| Error::Ova("ova.xml is not UTF-8".into()))?;
                self.seen_ova = true;
                self.sink.ova(&xml)
            }
            Current::Chunk { disk, index, data } => {
                let name = crate::chunk_name(&disk, index);
                if data.is_empty() {
                    self.stats.keep_alives += 1;
                    self.skip_sum_of = Some(name);
                    return Ok(());
                }
                self.pending = Some(Pending {
                    name,
                    disk,
                    index,
                    data,
                });
                Ok(())
            }
            Current::Sum { of, sha1, text } => {
                let Some(p) = self.pending.take() else {
                    return Err(Error::UnexpectedFile {
                        expected: "a disk chunk".into(),
                        found: format!("{of}.{}", if sha1 { "checksum" } else { "xxhash" }),
                    });
                };
                if p.name != of {
                    return Err(Error::UnexpectedFile {
                        expected: format!("{}.xxhash", p.name),
                        found: of,
                    });
                }
                let stated = String::from_utf8_lossy(&text).trim().to_string();
                let ok = if sha1 {
                    let got: String = sha1::Sha1::digest(&p.data)
                        .iter()
                        .map(|b| format!("{b:02x}"))
                        .collect();
                    stated.eq_ignore_ascii_case(&got)
                } else {
                    stated.eq_ignore_ascii_case(&crate::xxhash_hex(&p.data))
                };
                if !ok {
                    return Err(Error::Checksum(p.name));
                }
                self.stats.verified += 1;
                self.give(p)
            }
            Current::None | Current::Skip => Ok(()),
        }
    }

    fn give(&mut self, p: Pending) -> Result<(), Error> {
        self.stats.chunks += 1;
        self.stats.disk_bytes += p.data.len() as u64;
        self.sink.chunk(&p.disk, p.index, &p.data)
    }

    fn deliver_pending(&mut self) -> Result<(), Error> {
        match self.pending.take() {
            Some(p) => self.give(p),
            None => Ok(()),
        }
    }

    fn feed(&mut self, data: &[u8]) -> Result<(), Error> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        let mut tar = std::mem::take(&mut self.tar);
        let r = tar.feed(data, &mut |e| self.event(e));
        self.tar = tar;
        if let Err(e) = &r {
            self.error = Some(e.clone());
        }
        r
    }
}

impl<S: Sink> Write for Walker<S> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.feed(buf).map_err(std::io::Error::other)?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

enum Stage<S: Sink> {
    /// The first bytes, until the compression is known.
    Sniff(Walker<S>, Vec<u8>),
    Plain(Walker<S>),
    Gzip(Box<flate2::write::MultiGzDecoder<Walker<S>>>),
    Zstd(Box<zstd::stream::write::Decoder<'static, Walker<S>>>),
    Broken,
}

/// An XVA read as its bytes arrive: plain, gzip or zstd.
pub struct Reader<S: Sink> {
    stage: Stage<S>,
    bytes_in: u64,
}

impl<S: Sink> Reader<S> {
    pub fn new(sink: S) -> Reader<S> {
        let w = Walker {
            tar: TarPush::default(),
            sink,
            current: Current::None,
            pending: None,
            skip_sum_of: None,
            seen_ova: false,
            stats: Stats::default(),
            error: None,
        };
        Reader {
            stage: Stage::Sniff(w, Vec::new()),
            bytes_in: 0,
        }
    }

    /// The sink, to see what it kept so far.
    pub fn sink(&self) -> Option<&S> {
        match &self.stage {
            Stage::Sniff(w, _) | Stage::Plain(w) => Some(&w.sink),
            Stage::Gzip(d) => Some(&d.get_ref().sink),
            Stage::Zstd(d) => Some(&d.get_ref().sink),
            Stage::Broken => None,
        }
    }

    /// Reads `data`, the next bytes of the stream.
    pub fn feed(&mut self, data: &[u8]) -> Result<(), Error> {
        self.bytes_in += data.len() as u64;
        let stage = std::mem::replace(&mut self.stage, Stage::Broken);
        let (stage, r) = match stage {
            Stage::Sniff(w, mut head) => {
                head.extend_from_slice(data);
                if head.len() < 4 {
                    (Stage::Sniff(w, head), Ok(()))
                } else {
                    Self::start(w, &head)
                }
            }
            Stage::Plain(mut w) => {
                let r = w.feed(data);
                (Stage::Plain(w), r)
            }
            Stage::Gzip(mut d) => {
                let r = d.write_all(data).map_err(|e| unwrap_io(e, d.get_ref()));
                (Stage::Gzip(d), r)
            }
            Stage::Zstd(mut d) => {
                let r = d.write_all(data).map_err(|e| unwrap_io(e, d.get_ref()));
                (Stage::Zstd(d), r)
            }
            Stage::Broken => (
                Stage::Broken,
                Err(Error::Malformed("read after an error".into())),
            ),
        };
        self.stage = stage;
        r
    }

    /// Chooses the decoder from the first bytes (xapi: zstd's magic, gzip's, else a tar
    /// header) and reads them.
    fn start(mut w: Walker<S>, head: &[u8]) -> (Stage<S>, Result<(), Error>) {
        if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            w.stats.compression = Compression::Zstd;
            let mut d = match zstd::stream::write::Decoder::new(w) {
                Ok(d) => Box::new(d),
                Err(e) => return (Stage::Broken, Err(Error::Decompress(e.to_string()))),
            };
            let r = d.write_all(head).map_err(|e| unwrap_io(e, d.get_ref()));
            (Stage::Zstd(d), r)
        } else if head.starts_with(&[0x1f, 0x8b]) {
            w.stats.compression = Compression::Gzip;
            let mut d = Box::new(flate2::write::MultiGzDecoder::new(w));
            let r = d.write_all(head).map_err(|e| unwrap_io(e, d.get_ref()));
            (Stage::Gzip(d), r)
        } else {
            let r = w.feed(head);
            (Stage::Plain(w), r)
        }
    }

    /// The stream ended: checks the archive ended too, and returns what was read. The sink
    /// stays with the reader ([`Reader::into_sink`]), whatever the outcome: an import undoes
    /// what it made from it.
    pub fn finish(&mut self) -> Result<Stats, Error> {
        let stage = std::mem::replace(&mut self.stage, Stage::Broken);
        let (w, r) = match stage {
            Stage::Sniff(mut w, head) => {
                let r = w.feed(&head);
                (Some(w), r)
            }
            Stage::Plain(w) => (Some(w), Ok(())),
            Stage::Gzip(mut d) => match d.try_finish() {
                Err(e) => {
                    let err = unwrap_io(e, d.get_ref());
                    (d.finish().ok(), Err(err))
                }
                Ok(()) => match d.finish() {
                    Ok(w) => (Some(w), Ok(())),
                    Err(e) => (None, Err(Error::Decompress(e.to_string()))),
                },
            },
            Stage::Zstd(mut d) => {
                let r = d.flush().map_err(|e| unwrap_io(e, d.get_ref()));
                (Some(d.into_inner()), r)
            }
            Stage::Broken => (None, Err(Error::Malformed("read after an error".into()))),
        };
        let Some(mut w) = w else {
            return r.map(|()| Stats::default());
        };
        let r = r.and_then(|()| {
            if let Some(e) = w.error.take() {
                return Err(e);
            }
            if w.tar.finish().is_err() || !w.seen_ova {
                return Err(Error::PrematureEof);
            }
            w.deliver_pending()?;
            w.stats.bytes_in = self.bytes_in;
            Ok(w.stats.clone())
        });
        self.stage = Stage::Plain(w);
        r
    }

    /// The sink, with what it was given.
    pub fn into_sink(self) -> Option<S> {
        match self.stage {
            Stage::Sniff(w, _) | Stage::Plain(w) => Some(w.sink),
            Stage::Gzip(d) => d.finish().ok().map(|w| w.sink),
            Stage::Zstd(d) => Some(d.into_inner().sink),
            Stage::Broken => None,
        }
    }
}

/// The walker's own error when it caused the I/O error, else the decoder's.
fn unwrap_io<S>(e: std::io::Error, w: &Walker<S>) -> Error {
    match &w.error {
        Some(err) => err.clone(),
        None => {
            // A stream that ends mid-way surfaces from the decoder as an unexpected EOF.
            if e.kind() == std::io::ErrorKind::UnexpectedEof {
                Error::PrematureEof
            } else {
                Error::Decompress(e.to_string())
            }
        }
    }
}
