//! One CSV file of a folder export (Neo4j, Kùzu) being written: its name, path, buffered
//! writer, property columns and row count, and the error mapping that names the file.

use super::columns::Column;
use super::export::ExportError;
use std::fs::File;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

/// One output CSV being written.
pub struct CsvFile {
    pub name: String,
    pub path: PathBuf,
    pub out: BufWriter<File>,
    pub columns: Vec<Column>,
    /// Data rows written so far (the header is not counted).
    pub rows: usize,
}

/// Creates `dir/name` for writing.
pub fn create(dir: &Path, name: String, columns: Vec<Column>) -> Result<CsvFile, ExportError> {
    let path = dir.join(&name);
    let file = File::create(&path).map_err(|source| ExportError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(CsvFile {
        name,
        path,
        out: BufWriter::with_capacity(1 << 16, file),
        columns,
        rows: 0,
    })
}

/// Maps an I/O error to an export error naming `path`.
pub fn io_at(path: &Path) -> impl Fn(io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    }
}
