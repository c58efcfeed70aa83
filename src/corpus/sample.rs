//! The bundled sample corpus (`data/articles/`), embedded at build time.

use super::{loader, Document};

/// The sample articles, loaded exactly as files of the same names would be.
pub fn documents() -> Vec<Document> {
    crate::data::files_under("articles")
        .flat_map(|(path, text)| {
            let name = path.rsplit('/').next().unwrap_or(path);
            loader::load_bytes(name, text.as_bytes()).0
        })
        .collect()
}
