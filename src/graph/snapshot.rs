//! Snapshots: the whole graph as versioned JSON, saved atomically (temp file + rename) and
//! loaded back into an identical graph.

use super::model::{DocumentRecord, EdgeId, NodeId, PropValue, Source};
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

/// A node as written: the same fields as `SnapshotNode`, borrowed from the graph.
#[derive(Serialize)]
struct NodeOut<'g> {
    key: &'g str,
    labels: Vec<&'g str>,
    props: BTreeMap<&'g str, &'g PropValue>,
    sources: &'g [Source],
}

/// A relationship as written: the same fields as `SnapshotEdge`, borrowed from the graph.
#[derive(Serialize)]
struct EdgeOut<'g> {
    from: &'g str,
    to: &'g str,
    #[serde(rename = "type")]
    rel_type: &'g str,
    props: BTreeMap<&'g str, &'g PropValue>,
    sources: &'g [Source],
}

/// Serialises the graph as snapshot JSON to any writer (used by `export -f json` too).
pub fn write_json(graph: &KnowledgeGraph, out: &mut dyn Write) -> std::io::Result<()> {
    let nodes: Vec<NodeId> = graph.node_ids().collect();
    let edges: Vec<EdgeId> = graph.edge_ids().collect();
    write_json_parts(graph, &nodes, &edges, out)
}

/// Serialises some nodes and the relationships between them (every end of `edges` must be in
/// `nodes`) as snapshot JSON, streaming one record at a time; all documents are kept so that
/// sources stay valid. `load` of the result gives exactly that subgraph.
pub fn write_json_parts(
    graph: &KnowledgeGraph,
    nodes: &[NodeId],
    edges: &[EdgeId],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write!(
        out,
        "{{\"format\":\"{FORMAT_NAME}\",\"version\":{FORMAT_VERSION},\"documents\":"
    )?;
    serde_json::to_writer(&mut *out, graph.documents())?;
    out.write_all(b",\"nodes\":[")?;
    for (i, &id) in nodes.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        let n = graph.node(id);
        let record = NodeOut {
            key: n.key(),
            labels: n.labels().collect(),
            props: n.props().collect(),
            sources: n.sources(),
        };
        serde_json::to_writer(&mut *out, &record)?;
    }
    out.write_all(b"],\"edges\":[")?;
    for (i, &id) in edges.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        let e = graph.edge(id);
        let record = EdgeOut {
            from: graph.node(e.from).key(),
            to: graph.node(e.to).key(),
            rel_type: e.rel_type(),
            props: e.props().collect(),
            sources: e.sources(),
        };
        serde_json::to_writer(&mut *out, &record)?;
    }
    out.write_all(b"]}\n")
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
