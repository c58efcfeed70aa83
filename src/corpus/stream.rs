//! Streaming a corpus with bounded memory: paths → an index of (document id, where to read
//! it) built in one pass, then documents read back in id order a batch at a time. The
//! documents and errors are those `load` gives, in the same order, but a JSON lines file is
//! never held whole: only its ids and line offsets are.

use super::loader::{self, extension, walk};
use super::{CorpusError, Document};
use std::io::{BufRead, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Where one document is read from.
#[derive(Debug)]
enum Place {
    /// Line `index` (0-based) of a JSON lines file: `len` bytes at byte `offset`.
    Line {
        file: u32,
        index: usize,
        offset: u64,
        len: usize,
    },
    /// A whole .txt or .md file.
    File { file: u32 },
    /// A document already read (the items of a .json file).
    Read(Box<Document>),
}

#[derive(Debug)]
struct Entry {
    id: String,
    place: Place,
}

/// The documents of some paths, sorted by id like `load`'s, not yet read.
#[derive(Debug, Default)]
pub struct CorpusIndex {
    files: Vec<PathBuf>,
    entries: Vec<Entry>,
}

/// Indexes every path (files directly, folders recursively, as `load` does). Returns the
/// index and the errors met: files that cannot be read, bad JSON lines.
pub fn index(paths: &[PathBuf]) -> (CorpusIndex, Vec<CorpusError>) {
    let mut index = CorpusIndex::default();
    let mut errors = Vec::new();
    for path in paths {
        let shown = path.display().to_string();
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files, &mut errors);
            files.sort();
            if files.is_empty() {
                errors.push(CorpusError::EmptyFolder { path: shown });
            }
            for file in files {
                index.add_file(file, &mut errors);
            }
        } else if path.exists() {
            index.add_file(path.clone(), &mut errors);
        } else {
            errors.push(CorpusError::Missing { path: shown });
        }
    }
    // Stable, so documents with the same id keep their reading order.
    index.entries.sort_by(|a, b| a.id.cmp(&b.id));
    (index, errors)
}

impl CorpusIndex {
    /// How many documents the index holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Reads documents `range` (in id order); returns those read and the errors met.
    pub fn read(&self, range: std::ops::Range<usize>) -> (Vec<Document>, Vec<CorpusError>) {
        let mut docs = Vec::with_capacity(range.len());
        let mut errors = Vec::new();
        let mut open: Option<(u32, std::fs::File)> = None;
        let mut buf = Vec::new();
        for entry in &self.entries[range] {
            match &entry.place {
                Place::Read(doc) => docs.push(doc.as_ref().clone()),
                Place::File { file } => {
                    let path = &self.files[*file as usize];
                    let shown = path.display().to_string();
                    match std::fs::read(path) {
                        Ok(bytes) => {
                            let (read, errs) = loader::load_bytes(&shown, &bytes);
                            for mut doc in read {
                                doc.path = Some(shown.clone());
                                docs.push(doc);
                            }
                            errors.extend(errs);
                        }
                        Err(source) => errors.push(CorpusError::Io {
                            path: shown,
                            source,
                        }),
                    }
                }
                Place::Line {
                    file,
                    index,
                    offset,
                    len,
                } => {
                    let path = &self.files[*file as usize];
                    let shown = path.display().to_string();
                    let line = match read_span(&mut open, *file, path, *offset, *len, &mut buf) {
                        Ok(line) => line,
                        Err(source) => {
                            errors.push(CorpusError::Io {
                                path: shown,
                                source,
                            });
                            continue;
                        }
                    };
                    match loader::jsonl_record(&shown, &stem(&shown), *index, line) {
                        Ok(mut doc) => {
                            doc.path = Some(shown);
                            docs.push(doc);
                        }
                        Err(e) => errors.push(e),
                    }
                }
            }
        }
        (docs, errors)
    }

    fn add_file(&mut self, path: PathBuf, errors: &mut Vec<CorpusError>) {
        let shown = path.display().to_string();
        let file = self.files.len() as u32;
        match extension(&path).as_deref() {
            Some("jsonl") => {
                if let Err(e) = self.add_jsonl(file, &path, &shown, errors) {
                    errors.push(e);
                }
                self.files.push(path);
            }
            Some("json") => {
                // An array is one JSON value: read whole, as `load` does.
                match std::fs::read(&path) {
                    Ok(bytes) => {
                        let (docs, errs) = loader::load_bytes(&shown, &bytes);
                        for mut doc in docs {
                            doc.path = Some(shown.clone());
                            self.entries.push(Entry {
                                id: doc.id.clone(),
                                place: Place::Read(Box::new(doc)),
                            });
                        }
                        errors.extend(errs);
                    }
                    Err(source) => errors.push(CorpusError::Io {
                        path: shown,
                        source,
                    }),
                }
            }
            _ => {
                // An article (any other file named on the command line is read as one); its
                // id is its file stem, and it is read when its turn comes.
                self.entries.push(Entry {
                    id: stem(&shown),
                    place: Place::File { file },
                });
                self.files.push(path);
            }
        }
    }

    /// One pass over a JSON lines file: the id and span of every good line; bad lines are
    /// errors. A file that is not text, or only white space, adds nothing and gives that one
    /// error (as in `load`).
    fn add_jsonl(
        &mut self,
        file: u32,
        path: &Path,
        shown: &str,
        errors: &mut Vec<CorpusError>,
    ) -> Result<(), CorpusError> {
        let io_error = |source| CorpusError::Io {
            path: shown.to_string(),
            source,
        };
        let reader = std::fs::File::open(path).map_err(io_error)?;
        let mut reader = std::io::BufReader::with_capacity(1 << 16, reader);
        let stem = stem(shown);
        let first_entry = self.entries.len();
        let mut line_errors = Vec::new();
        let mut buf = Vec::new();
        let mut offset = 0u64;
        let mut index = 0usize;
        let mut blank = true;
        let mut bad_utf8: Option<usize> = None;
        let mut nul: Option<usize> = None;
        loop {
            buf.clear();
            let read = reader.read_until(b'\n', &mut buf).map_err(io_error)?;
            if read == 0 {
                break;
            }
            let line_start = offset;
            offset += read as u64;
            blank &= buf.iter().all(u8::is_ascii_whitespace);
            // Line endings as `str::lines`: "\n" or "\r\n"; a last line may have neither.
            let mut content = &buf[..];
            if let Some(rest) = content.strip_suffix(b"\n") {
                content = rest.strip_suffix(b"\r").unwrap_or(rest);
            }
            let mut start = line_start;
            if index == 0 {
                if let Some(rest) = content.strip_prefix("\u{feff}".as_bytes()) {
                    start += (content.len() - rest.len()) as u64;
                    content = rest;
                }
            }
            let line = match std::str::from_utf8(&buf) {
                Ok(_) => std::str::from_utf8(content).unwrap_or_default(),
                Err(e) => {
                    if bad_utf8.is_none() {
                        bad_utf8 = Some(line_start as usize + e.valid_up_to());
                    }
                    ""
                }
            };
            if nul.is_none() {
                if let Some(at) = buf.iter().position(|&b| b == 0) {
                    nul = Some(line_start as usize + at);
                }
            }
            if bad_utf8.is_none() && !line.trim().is_empty() {
                match loader::jsonl_record_id(shown, &stem, index, line) {
                    Ok(id) => self.entries.push(Entry {
                        id,
                        place: Place::Line {
                            file,
                            index,
                            offset: start,
                            len: content.len(),
                        },
                    }),
                    Err(e) => line_errors.push(e),
                }
            }
            index += 1;
        }
        let whole_file_error = if blank {
            Some(CorpusError::Empty {
                path: shown.to_string(),
            })
        } else {
            bad_utf8.or(nul).map(|offset| CorpusError::NotText {
                path: shown.to_string(),
                offset,
            })
        };
        if let Some(e) = whole_file_error {
            self.entries.truncate(first_entry);
            return Err(e);
        }
        errors.append(&mut line_errors);
        Ok(())
    }
}

/// Reads `len` bytes at `offset` of a file (kept open between consecutive reads of one file).
fn read_span<'b>(
    open: &mut Option<(u32, std::fs::File)>,
    file: u32,
    path: &Path,
    offset: u64,
    len: usize,
    buf: &'b mut Vec<u8>,
) -> std::io::Result<&'b str> {
    let handle = match open {
        Some((f, handle)) if *f == file => handle,
        _ => &mut open.insert((file, std::fs::File::open(path)?)).1,
    };
    handle.seek(SeekFrom::Start(offset))?;
    buf.resize(len, 0);
    handle.read_exact(buf)?;
    std::str::from_utf8(buf).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// A file's id stem, as `load_bytes` names its documents.
fn stem(shown: &str) -> String {
    Path::new(shown)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `index` + `read` give, as (documents, error messages).
    fn streamed(paths: &[PathBuf], batch: usize) -> (Vec<Document>, Vec<String>) {
        let (index, errors) = index(paths);
        let mut errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let mut docs = Vec::new();
        let mut start = 0;
        while start < index.len() {
            let end = (start + batch).min(index.len());
            let (read, errs) = index.read(start..end);
            docs.extend(read);
            errors.extend(errs.iter().map(ToString::to_string));
            start = end;
        }
        (docs, errors)
    }

    fn loaded(paths: &[PathBuf]) -> (Vec<Document>, Vec<String>) {
        let report = super::super::load(paths);
        let errors = report.errors.iter().map(ToString::to_string).collect();
        (report.documents, errors)
    }

    #[test]
    fn streaming_gives_the_documents_and_errors_load_gives() {
        let dir = tempfile::tempdir().expect("temp dir");
        let jsonl = "\u{feff}{\"id\": \"b\", \"text\": \"Bessent met He Lifeng.\"}\r\n\
             \n\
             {\"text\": \"No id here.\"}\n\
             {\"id\": 7, \"text\": \"A numeric id.\"}\n\
             {\"id\": \"a\", \"text\": \"\"}\n\
             not json\n\
             {\"id\": \"b\", \"text\": \"The same id again.\"}\n\
             {\"id\": \"a\", \"text\": \"Last line without a newline.\"}";
        std::fs::write(dir.path().join("news.jsonl"), jsonl).expect("write");
        std::fs::write(dir.path().join("story.txt"), "An article.\n").expect("write");
        std::fs::write(dir.path().join("blank.jsonl"), " \n\n").expect("write");
        std::fs::write(
            dir.path().join("binary.jsonl"),
            b"{\"text\": \"x\"}\n\xff\n",
        )
        .expect("write");
        std::fs::write(dir.path().join("nul.jsonl"), "{\"text\": \"x\"}\n\0\n").expect("write");
        let paths = [dir.path().to_path_buf()];
        let expected = loaded(&paths);
        assert_eq!(expected.0.len(), 6, "{:?}", expected.0);
        assert_eq!(expected.1.len(), 5, "{:?}", expected.1);
        for batch in [1, 2, 100] {
            let (docs, errors) = streamed(&paths, batch);
            assert_eq!(docs, expected.0);
            assert_eq!(errors, expected.1);
        }
    }

    #[test]
    fn a_missing_path_is_an_error() {
        let (index, errors) = index(&[PathBuf::from("/no/such/file.jsonl")]);
        assert!(index.is_empty());
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("no such file"));
    }
}
