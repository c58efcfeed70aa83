//! The data files bundled into the binary (sample articles, lexicons, rules, example queries),
//! looked up by their path under `data/`.

include!(concat!(env!("OUT_DIR"), "/embedded_data.rs"));

/// The embedded contents of `data/<rel>` (e.g. `lexicon/titles.txt`).
pub fn file(rel: &str) -> Option<&'static str> {
    DATA_FILES
        .iter()
        .find(|(path, _)| path.strip_prefix("data/") == Some(rel))
        .map(|(_, text)| *text)
}

/// Embedded files under `data/<dir>/`, sorted by path.
pub fn files_under(dir: &str) -> impl Iterator<Item = (&'static str, &'static str)> {
    let prefix = format!("data/{}/", dir.trim_end_matches('/'));
    DATA_FILES
        .iter()
        .filter(move |(path, _)| path.starts_with(&prefix))
        .map(|(path, text)| (*path, *text))
}
