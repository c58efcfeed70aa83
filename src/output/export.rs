//! Export dispatch: a graph, a selection of it and a format name → a file, a folder of files,
//! or standard output. Output stage entry point for `newsgraph export`.

use super::selection::Selection;
use super::{dot, gexf, graphml, kuzu, neo4j, rdf};
use crate::graph::{snapshot, KnowledgeGraph};
use std::fmt;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::str::FromStr;

/// The export formats, by their command-line names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    Dot,
    Svg,
    Png,
    Json,
    Graphml,
    Gexf,
    Neo4j,
    Kuzu,
    Ntriples,
    Turtle,
}

impl ExportFormat {
    /// Every format, in the order the help text lists them.
    pub const ALL: [ExportFormat; 10] = [
        ExportFormat::Dot,
        ExportFormat::Svg,
        ExportFormat::Png,
        ExportFormat::Json,
        ExportFormat::Graphml,
        ExportFormat::Gexf,
        ExportFormat::Neo4j,
        ExportFormat::Kuzu,
        ExportFormat::Ntriples,
        ExportFormat::Turtle,
    ];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Dot => "dot",
            ExportFormat::Svg => "svg",
            ExportFormat::Png => "png",
            ExportFormat::Json => "json",
            ExportFormat::Graphml => "graphml",
            ExportFormat::Gexf => "gexf",
            ExportFormat::Neo4j => "neo4j",
            ExportFormat::Kuzu => "kuzu",
            ExportFormat::Ntriples => "ntriples",
            ExportFormat::Turtle => "turtle",
        }
    }

    /// True for the formats that write a folder of files rather than one file.
    pub fn writes_folder(self) -> bool {
        matches!(self, ExportFormat::Neo4j | ExportFormat::Kuzu)
    }

    /// The usual file extension (without dot); `None` for folder formats.
    pub fn extension(self) -> Option<&'static str> {
        match self {
            ExportFormat::Dot => Some("dot"),
            ExportFormat::Svg => Some("svg"),
            ExportFormat::Png => Some("png"),
            ExportFormat::Json => Some("json"),
            ExportFormat::Graphml => Some("graphml"),
            ExportFormat::Gexf => Some("gexf"),
            ExportFormat::Ntriples => Some("nt"),
            ExportFormat::Turtle => Some("ttl"),
            ExportFormat::Neo4j | ExportFormat::Kuzu => None,
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ExportFormat {
    type Err = ExportError;

    /// Parses a command-line name, ignoring case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| ExportError::UnknownFormat {
                name: s.to_string(),
            })
    }
}

/// Choices that shape the output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOptions {
    /// Graphviz layout direction: LR (default), TB, RL or BT.
    pub rankdir: String,
    /// DOT: draw one box per document around the entities only it mentions.
    pub clusters: bool,
    /// DOT: add a legend of the node styles.
    pub legend: bool,
    /// RDF: the IRI every node, relationship and vocabulary IRI is minted under; must end in
    /// `/` or `#` (a `/` is added otherwise).
    pub base_iri: String,
}

/// The default RDF base: `.example` is reserved (RFC 2606), so these IRIs never clash with
/// real ones; pass your own with `--base`.
pub const DEFAULT_BASE_IRI: &str = "https://newsgraph.example/";

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            rankdir: "LR".to_string(),
            clusters: false,
            legend: true,
            base_iri: DEFAULT_BASE_IRI.to_string(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown export format {name:?} (valid formats: {})", valid_formats())]
    UnknownFormat { name: String },
    #[error("unknown rankdir {value:?} (valid: LR, TB, RL, BT)")]
    BadRankdir { value: String },
    #[error(
        "-f {format} writes a folder of files (CSVs and scripts): give the folder with -o DIR"
    )]
    NeedsFolder { format: ExportFormat },
    #[error("{path}: -f {format} writes a folder of files, but this is an existing file")]
    NotAFolder { path: PathBuf, format: ExportFormat },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error(
        "-f {format} needs Graphviz, but `{program}` was not found on PATH. Install Graphviz \
         (Debian/Ubuntu: sudo apt-get install graphviz; Fedora: sudo dnf install graphviz; \
         macOS: brew install graphviz; Windows: winget install graphviz), or export -f dot \
         and render the file elsewhere"
    )]
    GraphvizMissing {
        program: String,
        format: ExportFormat,
    },
    #[error("Graphviz `{program}` failed ({status}): {stderr}")]
    Graphviz {
        program: String,
        status: String,
        stderr: String,
    },
    #[error("invalid RDF base IRI {iri:?}: {reason}")]
    BadBaseIri { iri: String, reason: &'static str },
}

fn valid_formats() -> String {
    ExportFormat::ALL.map(ExportFormat::name).join(", ")
}

/// The name used in messages for standard output.
const STDOUT_NAME: &str = "<stdout>";

/// Writes `selection` of `graph` in `format` to `output` (a file, or for neo4j and kuzu a
/// folder, created if missing), or to standard output when `output` is `None` (single-file
/// formats only).
pub fn export(
    graph: &KnowledgeGraph,
    selection: &Selection,
    format: ExportFormat,
    options: &ExportOptions,
    output: Option<&Path>,
) -> Result<(), ExportError> {
    if !matches!(options.rankdir.as_str(), "LR" | "TB" | "RL" | "BT") {
        return Err(ExportError::BadRankdir {
            value: options.rankdir.clone(),
        });
    }
    if format.writes_folder() {
        let dir = output.ok_or(ExportError::NeedsFolder { format })?;
        if dir.exists() && !dir.is_dir() {
            return Err(ExportError::NotAFolder {
                path: dir.to_path_buf(),
                format,
            });
        }
        std::fs::create_dir_all(dir).map_err(|source| ExportError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        return match format {
            ExportFormat::Neo4j => neo4j::write_folder(graph, selection, dir),
            _ => kuzu::write_folder(graph, selection, dir),
        };
    }
    match format {
        ExportFormat::Svg | ExportFormat::Png => {
            render_image(Path::new("dot"), format, graph, selection, options, output)
        }
        _ => {
            let base = match format {
                ExportFormat::Ntriples | ExportFormat::Turtle => {
                    Some(rdf::base_iri(&options.base_iri)?)
                }
                _ => None,
            };
            write_single(output, |out| match format {
                ExportFormat::Dot => dot::write_dot(graph, selection, options, out),
                ExportFormat::Json if selection.is_whole() => snapshot::write_json(graph, out),
                ExportFormat::Json => {
                    snapshot::write_json_parts(graph, selection.nodes(), selection.edges(), out)
                }
                ExportFormat::Graphml => graphml::write_graphml(graph, selection, out),
                ExportFormat::Gexf => gexf::write_gexf(graph, selection, out),
                ExportFormat::Ntriples => rdf::write_ntriples(
                    graph,
                    selection,
                    base.as_deref().unwrap_or(DEFAULT_BASE_IRI),
                    out,
                ),
                _ => rdf::write_turtle(
                    graph,
                    selection,
                    base.as_deref().unwrap_or(DEFAULT_BASE_IRI),
                    out,
                ),
            })
        }
    }
}

/// Runs `write` on a buffered file (or standard output) and flushes it. A closed standard
/// output (`| head`) is not an error.
fn write_single(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), ExportError> {
    match output {
        Some(path) => {
            let io_err = |source| ExportError::Io {
                path: path.to_path_buf(),
                source,
            };
            let file = std::fs::File::create(path).map_err(io_err)?;
            let mut out = BufWriter::with_capacity(1 << 16, file);
            write(&mut out).and_then(|()| out.flush()).map_err(io_err)
        }
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
            match write(&mut out).and_then(|()| out.flush()) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(|source| ExportError::Io {
                    path: PathBuf::from(STDOUT_NAME),
                    source,
                }),
            }
        }
    }
}

/// Renders the selection as SVG or PNG by piping its DOT through Graphviz (`program`, usually
/// `dot` from PATH) into `output` or standard output. A missing Graphviz is a clear error that
/// says how to install it; a partial output file is removed when rendering fails.
pub fn render_image(
    program: &Path,
    format: ExportFormat,
    graph: &KnowledgeGraph,
    selection: &Selection,
    options: &ExportOptions,
    output: Option<&Path>,
) -> Result<(), ExportError> {
    let program_name = program.display().to_string();
    let image_type = match format {
        ExportFormat::Png => "-Tpng",
        _ => "-Tsvg",
    };
    let stdout = match output {
        Some(path) => {
            Stdio::from(
                std::fs::File::create(path).map_err(|source| ExportError::Io {
                    path: path.to_path_buf(),
                    source,
                })?,
            )
        }
        None => Stdio::inherit(),
    };
    let remove_partial = || {
        if let Some(path) = output {
            let _ = std::fs::remove_file(path);
        }
    };
    let mut child = match Command::new(program)
        .arg(image_type)
        .stdin(Stdio::piped())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            remove_partial();
            return Err(if e.kind() == io::ErrorKind::NotFound {
                ExportError::GraphvizMissing {
                    program: program_name,
                    format,
                }
            } else {
                ExportError::Io {
                    path: program.to_path_buf(),
                    source: e,
                }
            });
        }
    };
    // Drain stderr on its own thread so a chatty Graphviz cannot block while we write stdin.
    let stderr_reader = child.stderr.take().map(|mut stderr| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        })
    });
    let written = match child.stdin.take() {
        Some(stdin) => {
            let mut input = BufWriter::with_capacity(1 << 16, stdin);
            dot::write_dot(graph, selection, options, &mut input).and_then(|()| input.flush())
        }
        None => Ok(()),
    };
    let status = child.wait().map_err(|source| ExportError::Io {
        path: program.to_path_buf(),
        source,
    })?;
    let stderr = stderr_reader
        .and_then(|h| h.join().ok())
        .unwrap_or_default();
    if !status.success() {
        remove_partial();
        return Err(ExportError::Graphviz {
            program: program_name,
            status: status.to_string(),
            stderr: stderr.trim().to_string(),
        });
    }
    written.map_err(|source| {
        remove_partial();
        ExportError::Io {
            path: program.to_path_buf(),
            source,
        }
    })
}
