//! Build script: embeds the bundled data (sample articles, lexicons, rules, example queries)
//! into the binary, so `newsgraph` works with no files beside it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const EMBEDDED_DIRS: &[&str] = &[
    "data/articles",
    "data/lexicon",
    "data/rules",
    "data/queries",
];

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut files = Vec::new();
    for dir in EMBEDDED_DIRS {
        println!("cargo:rerun-if-changed={dir}");
        collect(&root.join(dir), &mut files);
    }
    files.sort();
    let mut code = String::from(
        "/// (path relative to the repository, contents) of every embedded data file.\n",
    );
    code.push_str("pub static DATA_FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if std::fs::read_to_string(file).is_err() {
            continue; // binary data is loaded by its own module
        }
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded_data.rs");
    std::fs::write(out, code).unwrap();
}
