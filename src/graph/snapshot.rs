//! Snapshots: the whole graph as versioned JSON, saved atomically (temp file + rename) and
//! loaded back into an identical graph.

use super::model::{DocumentRecord, PropValue, Source};
use super::store::KnowledgeGraph;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The format name written into every snapshot, so foreign JSON is rejected clearly.
pub const FORMAT_NAME: &str = "newsgraph-snapshot";
/// Bumped whenever the layout below changes incompatibly.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: not a valid snapshot: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: not a newsgraph snapshot (format is {found:?}, expected {FORMAT_NAME:?})")]
    Format { path: PathBuf, found: String },
    #[error("{path}: snapshot format version {found} is not supported (this newsgraph reads version {FORMAT_VERSION})")]
    Version { path: PathBuf, found: u32 },
    #[error("{path}: relationship {index} refers to unknown node key {key:?}")]
    DanglingEdge {
        path: PathBuf,
        index: usize,
        key: String,
    },
}

#[derive(Serialize, Deserialize)]
struct SnapshotFile {
    format: String,
    version: u32,
    documents: Vec<DocumentRecord>,
    nodes: Vec<SnapshotNode>,
    edges: Vec<SnapshotEdge>,
}

#[derive(Serialize, Deserialize)]
struct SnapshotNode {
    key: String,
    labels: Vec<String>,
    #[serde(default)]
    props: BTreeMap<String, PropValue>,
    #[serde(default)]
    sources: Vec<Source>,
}

#[derive(Serialize, Deserialize)]
struct SnapshotEdge {
    from: String,
    to: String,
    #[serde(rename = "type")]
    rel_type: String,
    #[serde(default)]
    props: BTreeMap<String, PropValue>,
    #[serde(default)]
    sources: Vec<Source>,
}

fn to_file(graph: &KnowledgeGraph) -> SnapshotFile {
    let nodes = graph
        .node_ids()
        .map(|id| {
            let n = graph.node(id);
            SnapshotNode {
                key: n.key().to_string(),
                labels: n.labels().map(str::to_string).collect(),
                props: n.props().map(|(k, v)| (k.to_string(), v.clone())).collect(),
                sources: n.sources().to_vec(),
            }
        })
        .collect();
    let edges = graph
        .edge_ids()
        .map(|id| {
            let e = graph.edge(id);
            SnapshotEdge {
                from: graph.node(e.from).key().to_string(),
                to: graph.node(e.to).key().to_string(),
                rel_type: e.rel_type().to_string(),
                props: e.props().map(|(k, v)| (k.to_string(), v.clone())).collect(),
                sources: e.sources().to_vec(),
            }
        })
        .collect();
    SnapshotFile {
        format: FORMAT_NAME.to_string(),
        version: FORMAT_VERSION,
        documents: graph.documents().to_vec(),
        nodes,
        edges,
    }
}

/// Serialises the graph as snapshot JSON to any writer (used by `export -f json` too).
pub fn write_json(graph: &KnowledgeGraph, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &to_file(graph))?;
    out.write_all(b"\n")
}

/// Saves atomically: writes `path.tmp-PID` beside the target, syncs it, then renames it over
/// the target, so a failed save never damages an existing snapshot.
pub fn save(graph: &KnowledgeGraph, path: &Path) -> Result<(), SnapshotError> {
    let io = |source| SnapshotError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "snapshot".into());
    let tmp = path.with_file_name(format!(".{file_name}.tmp-{}", std::process::id()));
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let mut writer = std::io::BufWriter::new(file);
        write_json(graph, &mut writer)?;
        let file = writer.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}

/// Loads a snapshot written by `save`.
pub fn load(path: &Path) -> Result<KnowledgeGraph, SnapshotError> {
    let bytes = std::fs::read(path).map_err(|source| SnapshotError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    from_slice(&bytes, path)
}

/// Parses snapshot JSON; `path` is only used in error messages.
pub fn from_slice(bytes: &[u8], path: &Path) -> Result<KnowledgeGraph, SnapshotError> {
    // Check the header first so that foreign JSON gets a message about the format rather than
    // about a missing field.
    #[derive(Deserialize)]
    struct Header {
        format: Option<String>,
        version: Option<u32>,
    }
    let parse_err = |e: serde_json::Error| SnapshotError::Parse {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    };
    let header: Header = serde_json::from_slice(bytes).map_err(parse_err)?;
    let found = header.format.unwrap_or_default();
    if found != FORMAT_NAME {
        return Err(SnapshotError::Format {
            path: path.to_path_buf(),
            found,
        });
    }
    let version = header.version.unwrap_or(0);
    if version != FORMAT_VERSION {
        return Err(SnapshotError::Version {
            path: path.to_path_buf(),
            found: version,
        });
    }
    let file: SnapshotFile = serde_json::from_slice(bytes).map_err(parse_err)?;
    let mut graph = KnowledgeGraph::new();
    for doc in file.documents {
        graph.add_document(doc);
    }
    for node in file.nodes {
        let labels: Vec<&str> = node.labels.iter().map(String::as_str).collect();
        let id = graph.add_node(&node.key, &labels);
        for (k, v) in node.props {
            graph.set_node_prop(id, &k, Some(v));
        }
        graph.add_node_sources(id, node.sources);
    }
    for (index, edge) in file.edges.into_iter().enumerate() {
        let resolve = |key: &str| {
            graph
                .find_by_key(key)
                .ok_or_else(|| SnapshotError::DanglingEdge {
                    path: path.to_path_buf(),
                    index,
                    key: key.to_string(),
                })
        };
        let from = resolve(&edge.from)?;
        let to = resolve(&edge.to)?;
        let id = graph.add_edge(from, to, &edge.rel_type);
        for (k, v) in edge.props {
            graph.set_edge_prop(id, &k, Some(v));
        }
        graph.add_edge_sources(id, edge.sources);
    }
    Ok(graph)
}
