//! The property-graph store: a petgraph `StableGraph` plus the indexes queries rely on
//! (stable key, label, name/alias, relationship type) and the interned symbol table.

use super::model::{DocumentRecord, Edge, EdgeId, Node, NodeId, PropValue, Source, Symbol};
use crate::graph::model::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Interns labels, relationship types and property keys.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    names: Vec<String>,
    ids: HashMap<String, Symbol>,
}

impl Interner {
    pub fn intern(&mut self, name: &str) -> Symbol {
        if let Some(&sym) = self.ids.get(name) {
            return sym;
        }
        let sym = Symbol(self.names.len() as u32);
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), sym);
        sym
    }

    pub fn get(&self, name: &str) -> Option<Symbol> {
        self.ids.get(name).copied()
    }

    pub fn name(&self, sym: Symbol) -> &str {
        &self.names[sym.0 as usize]
    }
}

/// The knowledge graph: entities and events as nodes, facts as relationships, every one of
/// them with its sources.
#[derive(Clone, Debug, Default)]
pub struct KnowledgeGraph {
    graph: StableGraph<Node, Edge, petgraph::Directed, u32>,
    symbols: Interner,
    by_key: HashMap<String, NodeId>,
    by_label: HashMap<Symbol, Vec<NodeId>>,
    /// Lower-cased name and aliases → nodes carrying them.
    by_name: HashMap<String, Vec<NodeId>>,
    by_type: HashMap<Symbol, Vec<EdgeId>>,
    documents: Vec<DocumentRecord>,
    next_anonymous: u64,
}

/// Read-only view of one node.
#[derive(Clone, Copy)]
pub struct NodeRef<'g> {
    pub id: NodeId,
    graph: &'g KnowledgeGraph,
    node: &'g Node,
}

/// Read-only view of one relationship.
#[derive(Clone, Copy)]
pub struct EdgeRefView<'g> {
    pub id: EdgeId,
    pub from: NodeId,
    pub to: NodeId,
    graph: &'g KnowledgeGraph,
    edge: &'g Edge,
}

impl<'g> NodeRef<'g> {
    pub fn key(&self) -> &'g str {
        &self.node.key
    }
    pub fn labels(&self) -> impl Iterator<Item = &'g str> + 'g {
        let graph = self.graph;
        self.node.labels.iter().map(move |s| graph.symbols.name(*s))
    }
    pub fn label_symbols(&self) -> &'g [Symbol] {
        &self.node.labels
    }
    pub fn has_label(&self, label: Symbol) -> bool {
        self.node.labels.contains(&label)
    }
    /// Properties in insertion order.
    pub fn props(&self) -> impl Iterator<Item = (&'g str, &'g PropValue)> + 'g {
        let graph = self.graph;
        self.node
            .props
            .iter()
            .map(move |(k, v)| (graph.symbols.name(*k), v))
    }
    pub fn prop(&self, key: &str) -> Option<&'g PropValue> {
        let sym = self.graph.symbols.get(key)?;
        self.prop_sym(sym)
    }
    pub fn prop_sym(&self, key: Symbol) -> Option<&'g PropValue> {
        self.node
            .props
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
    }
    /// The `name` property, or the key when the node has none.
    pub fn name(&self) -> &'g str {
        self.prop("name")
            .and_then(PropValue::as_str)
            .unwrap_or(&self.node.key)
    }
    pub fn sources(&self) -> &'g [Source] {
        &self.node.sources
    }
}

impl<'g> EdgeRefView<'g> {
    pub fn rel_type(&self) -> &'g str {
        self.graph.symbols.name(self.edge.rel_type)
    }
    pub fn rel_type_symbol(&self) -> Symbol {
        self.edge.rel_type
    }
    pub fn props(&self) -> impl Iterator<Item = (&'g str, &'g PropValue)> + 'g {
        let graph = self.graph;
        self.edge
            .props
            .iter()
            .map(move |(k, v)| (graph.symbols.name(*k), v))
    }
    pub fn prop(&self, key: &str) -> Option<&'g PropValue> {
        let sym = self.graph.symbols.get(key)?;
        self.prop_sym(sym)
    }
    pub fn prop_sym(&self, key: Symbol) -> Option<&'g PropValue> {
        self.edge
            .props
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
    }
    pub fn sources(&self) -> &'g [Source] {
        &self.edge.sources
    }
}

fn nix(id: NodeId) -> NodeIndex<u32> {
    NodeIndex::new(id.0 as usize)
}

fn eix(id: EdgeId) -> EdgeIndex<u32> {
    EdgeIndex::new(id.0 as usize)
}

impl KnowledgeGraph {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    // ---- symbols ----------------------------------------------------------------------

    pub fn intern(&mut self, name: &str) -> Symbol {
        self.symbols.intern(name)
    }

    pub fn symbol(&self, name: &str) -> Option<Symbol> {
        self.symbols.get(name)
    }

    pub fn symbol_name(&self, sym: Symbol) -> &str {
        self.symbols.name(sym)
    }

    // ---- reading ----------------------------------------------------------------------

    pub fn node(&self, id: NodeId) -> NodeRef<'_> {
        NodeRef {
            id,
            graph: self,
            node: &self.graph[nix(id)],
        }
    }

    pub fn contains_node(&self, id: NodeId) -> bool {
        self.graph.contains_node(nix(id))
    }

    pub fn contains_edge(&self, id: EdgeId) -> bool {
        self.graph.edge_weight(eix(id)).is_some()
    }

    pub fn edge(&self, id: EdgeId) -> EdgeRefView<'_> {
        let (from, to) = self
            .graph
            .edge_endpoints(eix(id))
            .expect("edge id from this graph");
        EdgeRefView {
            id,
            from: NodeId(from.index() as u32),
            to: NodeId(to.index() as u32),
            graph: self,
            edge: &self.graph[eix(id)],
        }
    }

    /// All nodes, in creation order.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.graph.node_indices().map(|i| NodeId(i.index() as u32))
    }

    /// All relationships, in creation order.
    pub fn edge_ids(&self) -> impl Iterator<Item = EdgeId> + '_ {
        self.graph.edge_indices().map(|i| EdgeId(i.index() as u32))
    }

    /// Nodes carrying `label`, in creation order (empty for an unknown label).
    pub fn nodes_with_label(&self, label: &str) -> &[NodeId] {
        self.symbols
            .get(label)
            .and_then(|s| self.by_label.get(&s))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Relationships of `rel_type`, in creation order.
    pub fn edges_of_type(&self, rel_type: &str) -> &[EdgeId] {
        self.symbols
            .get(rel_type)
            .and_then(|s| self.by_type.get(&s))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn find_by_key(&self, key: &str) -> Option<NodeId> {
        self.by_key.get(key).copied()
    }

    /// Nodes whose name or one of whose aliases equals `name`, ignoring case.
    pub fn find_by_name(&self, name: &str) -> &[NodeId] {
        self.by_name
            .get(&name.to_lowercase())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Every indexed name and alias (lower-cased) with its nodes; for completion and fuzzy lookup.
    pub fn names(&self) -> impl Iterator<Item = (&str, &[NodeId])> {
        self.by_name.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Relationships touching `node` in `direction`, optionally of one type, with the node at
    /// the other end. A self-loop is reported once for `Both`.
    pub fn expand(
        &self,
        node: NodeId,
        direction: Direction,
        rel_type: Option<Symbol>,
    ) -> impl Iterator<Item = (EdgeId, NodeId)> + '_ {
        let n = nix(node);
        let out = matches!(direction, Direction::Outgoing | Direction::Both);
        let inc = matches!(direction, Direction::Incoming | Direction::Both);
        // Walk only the adjacency lists the direction needs.
        let outgoing = out
            .then(|| self.graph.edges_directed(n, petgraph::Direction::Outgoing))
            .into_iter()
            .flatten()
            .map(|e| (e.id(), e.target()));
        let incoming = inc
            .then(|| self.graph.edges_directed(n, petgraph::Direction::Incoming))
            .into_iter()
            .flatten()
            .filter(move |e| !(out && e.source() == e.target()))
            .map(|e| (e.id(), e.source()));
        outgoing
            .chain(incoming)
            .filter(move |(e, _)| rel_type.map_or(true, |t| self.graph[*e].rel_type == t))
            .map(|(e, other)| (EdgeId(e.index() as u32), NodeId(other.index() as u32)))
    }

    pub fn documents(&self) -> &[DocumentRecord] {
        &self.documents
    }

    /// The sentence a text source points at.
    pub fn source_sentence(&self, source: &Source) -> Option<(&DocumentRecord, &str)> {
        match source {
            Source::Text { doc, sentence, .. } => {
                let record = self.documents.get(*doc as usize)?;
                let text = record.sentences.get(*sentence as usize)?;
                Some((record, text.as_str()))
            }
            Source::Manual => None,
        }
    }

    /// Labels in use, sorted.
    pub fn labels(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .by_label
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(s, _)| self.symbols.name(*s))
            .collect();
        out.sort_unstable();
        out
    }

    /// Relationship types in use, sorted.
    pub fn rel_types(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .by_type
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(s, _)| self.symbols.name(*s))
            .collect();
        out.sort_unstable();
        out
    }

    /// Property keys seen on nodes of each label, sorted (for :schema and completion).
    pub fn node_property_keys(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (label, nodes) in &self.by_label {
            let keys = out
                .entry(self.symbols.name(*label).to_string())
                .or_default();
            for id in nodes {
                for (k, _) in &self.graph[nix(*id)].props {
                    keys.insert(self.symbols.name(*k).to_string());
                }
            }
        }
        out
    }

    /// Property keys seen on relationships of each type, sorted.
    pub fn edge_property_keys(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (ty, edges) in &self.by_type {
            let keys = out.entry(self.symbols.name(*ty).to_string()).or_default();
            for id in edges {
                for (k, _) in &self.graph[eix(*id)].props {
                    keys.insert(self.symbols.name(*k).to_string());
                }
            }
        }
        out
    }

    // ---- writing ----------------------------------------------------------------------

    pub fn add_document(&mut self, record: DocumentRecord) -> u32 {
        self.documents.push(record);
        (self.documents.len() - 1) as u32
    }

    /// Adds a node with a stable key. An existing node with that key is returned unchanged
    /// (use `add_label`, `set_node_prop`, `add_node_sources` to enrich it).
    pub fn add_node(&mut self, key: &str, labels: &[&str]) -> NodeId {
        if let Some(id) = self.by_key.get(key) {
            return *id;
        }
        let labels: Vec<Symbol> = labels.iter().map(|l| self.symbols.intern(l)).collect();
        let idx = self.graph.add_node(Node {
            key: key.to_string(),
            labels: labels.clone(),
            props: Vec::new(),
            sources: Vec::new(),
        });
        let id = NodeId(idx.index() as u32);
        self.by_key.insert(key.to_string(), id);
        for label in labels {
            self.by_label.entry(label).or_default().push(id);
        }
        id
    }

    /// Adds a node with a generated key (`node:N`), as CREATE does.
    pub fn add_anonymous_node(&mut self, labels: &[&str]) -> NodeId {
        loop {
            self.next_anonymous += 1;
            let key = format!("node:{}", self.next_anonymous);
            if !self.by_key.contains_key(&key) {
                return self.add_node(&key, labels);
            }
        }
    }

    pub fn add_label(&mut self, id: NodeId, label: &str) {
        let sym = self.symbols.intern(label);
        let node = &mut self.graph[nix(id)];
        if !node.labels.contains(&sym) {
            node.labels.push(sym);
            self.by_label.entry(sym).or_default().push(id);
        }
    }

    /// Sets (or, with `None`, removes) a node property; keeps the name index in step.
    pub fn set_node_prop(&mut self, id: NodeId, key: &str, value: Option<PropValue>) {
        let sym = self.symbols.intern(key);
        let indexed = key == "name" || key == "aliases";
        if indexed {
            self.unindex_names(id);
        }
        let props = &mut self.graph[nix(id)].props;
        let pos = props.iter().position(|(k, _)| *k == sym);
        match (pos, value) {
            (Some(i), Some(v)) => props[i].1 = v,
            (None, Some(v)) => props.push((sym, v)),
            (Some(i), None) => {
                props.remove(i);
            }
            (None, None) => {}
        }
        if indexed {
            self.index_names(id);
        }
    }

    pub fn add_node_sources(&mut self, id: NodeId, sources: impl IntoIterator<Item = Source>) {
        let node = &mut self.graph[nix(id)];
        for s in sources {
            if !node.sources.contains(&s) {
                node.sources.push(s);
            }
        }
    }

    pub fn add_edge(&mut self, from: NodeId, to: NodeId, rel_type: &str) -> EdgeId {
        let sym = self.symbols.intern(rel_type);
        let idx = self.graph.add_edge(
            nix(from),
            nix(to),
            Edge {
                rel_type: sym,
                props: Vec::new(),
                sources: Vec::new(),
            },
        );
        let id = EdgeId(idx.index() as u32);
        self.by_type.entry(sym).or_default().push(id);
        id
    }

    pub fn set_edge_prop(&mut self, id: EdgeId, key: &str, value: Option<PropValue>) {
        let sym = self.symbols.intern(key);
        let props = &mut self.graph[eix(id)].props;
        let pos = props.iter().position(|(k, _)| *k == sym);
        match (pos, value) {
            (Some(i), Some(v)) => props[i].1 = v,
            (None, Some(v)) => props.push((sym, v)),
            (Some(i), None) => {
                props.remove(i);
            }
            (None, None) => {}
        }
    }

    pub fn add_edge_sources(&mut self, id: EdgeId, sources: impl IntoIterator<Item = Source>) {
        let edge = &mut self.graph[eix(id)];
        for s in sources {
            if !edge.sources.contains(&s) {
                edge.sources.push(s);
            }
        }
    }

    fn name_keys(&self, id: NodeId) -> Vec<String> {
        let node = &self.graph[nix(id)];
        let mut keys = Vec::new();
        for (k, v) in &node.props {
            match self.symbols.name(*k) {
                "name" | "aliases" => {
                    keys.extend(v.str_items().into_iter().map(str::to_lowercase));
                }
                _ => {}
            }
        }
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    fn unindex_names(&mut self, id: NodeId) {
        for key in self.name_keys(id) {
            if let Some(list) = self.by_name.get_mut(&key) {
                list.retain(|n| *n != id);
                if list.is_empty() {
                    self.by_name.remove(&key);
                }
            }
        }
    }

    fn index_names(&mut self, id: NodeId) {
        for key in self.name_keys(id) {
            let list = self.by_name.entry(key).or_default();
            if !list.contains(&id) {
                list.push(id);
            }
        }
    }
}
