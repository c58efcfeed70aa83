//! The property-graph store: a petgraph `StableGraph` holds the topology (node weight = the
//! node's label set, edge weight = the relationship type), and everything else lives in
//! compact side structures indexed by node or relationship id: stable keys in a string arena
//! with a hash index, properties in per-key columns over de-duplicated value pools, sources in
//! sparse maps, the label / name-alias / relationship-type indexes, and a per-type adjacency
//! index built on demand for typed expansion.

use super::adjacency::TypedAdjacency;
use super::columns::{Columns, RowMatcher};
use super::model::{DocumentRecord, EdgeId, NodeId, PropValue, Source, Symbol};
use super::strings::{lower_into, NameIndex, StrArena, StrIndex};
use crate::graph::model::Direction;
use petgraph::stable_graph::{EdgeIndex, Edges, NodeIndex, StableGraph};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::num::NonZeroU32;
use std::sync::OnceLock;

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

    fn len(&self) -> usize {
        self.names.len()
    }
}

/// petgraph node weight: index + 1 of the node's label set (4 bytes, `Option` for free).
#[derive(Clone, Copy, Debug)]
struct LabelSetId(NonZeroU32);

/// petgraph edge weight: the relationship type's symbol + 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RelTypeId(NonZeroU32);

impl RelTypeId {
    fn new(sym: Symbol) -> Self {
        RelTypeId(NonZeroU32::MIN.saturating_add(sym.0))
    }
    fn symbol(self) -> Symbol {
        Symbol(self.0.get() - 1)
    }
}

/// The distinct label sets in use (most graphs have a handful), each stored once.
#[derive(Clone, Debug, Default)]
struct LabelSets {
    sets: Vec<Vec<Symbol>>,
    ids: HashMap<Vec<Symbol>, LabelSetId>,
    /// The last set asked for, answered without hashing (bulk loads add runs of one label).
    last: Option<LabelSetId>,
}

impl LabelSets {
    fn id(&mut self, labels: &[Symbol]) -> LabelSetId {
        if let Some(last) = self.last {
            if self.get(last) == labels {
                return last;
            }
        }
        let id = self.lookup(labels);
        self.last = Some(id);
        id
    }

    fn lookup(&mut self, labels: &[Symbol]) -> LabelSetId {
        if let Some(&id) = self.ids.get(labels) {
            return id;
        }
        self.sets.push(labels.to_vec());
        let id = LabelSetId(NonZeroU32::MIN.saturating_add((self.sets.len() - 1) as u32));
        self.ids.insert(labels.to_vec(), id);
        id
    }

    fn get(&self, id: LabelSetId) -> &[Symbol] {
        &self.sets[(id.0.get() - 1) as usize]
    }
}

/// One row of the typed adjacency index: (neighbour, relationship) pairs.
pub type Neighbours<'g> = &'g [(NodeId, EdgeId)];

type Topology = StableGraph<LabelSetId, RelTypeId, petgraph::Directed, u32>;

/// Per-symbol lists (label → nodes, type → relationships), indexed by the symbol itself.
#[derive(Clone, Debug)]
struct SymbolMap<T> {
    lists: Vec<Vec<T>>,
}

impl<T> Default for SymbolMap<T> {
    fn default() -> Self {
        SymbolMap { lists: Vec::new() }
    }
}

impl<T> SymbolMap<T> {
    fn get(&self, sym: Symbol) -> &[T] {
        self.lists.get(sym.0 as usize).map_or(&[], Vec::as_slice)
    }

    fn at_mut(&mut self, sym: Symbol) -> &mut Vec<T> {
        let i = sym.0 as usize;
        if self.lists.len() <= i {
            self.lists.resize_with(i + 1, Vec::new);
        }
        &mut self.lists[i]
    }

    /// Non-empty lists with their symbols.
    fn iter(&self) -> impl Iterator<Item = (Symbol, &[T])> {
        self.lists
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.is_empty())
            .map(|(i, l)| (Symbol(i as u32), l.as_slice()))
    }

    fn shrink_to_fit(&mut self) {
        self.lists.iter_mut().for_each(Vec::shrink_to_fit);
    }

    fn heap_bytes(&self) -> usize {
        self.lists
            .iter()
            .map(|l| l.capacity() * std::mem::size_of::<T>())
            .sum()
    }
}

/// The knowledge graph: entities and events as nodes, facts as relationships, every one of
/// them with its sources.
#[derive(Clone, Debug, Default)]
pub struct KnowledgeGraph {
    graph: Topology,
    symbols: Interner,
    name_sym: Option<Symbol>,
    aliases_sym: Option<Symbol>,
    label_sets: LabelSets,
    /// Node i's stable key is `keys.get(i)` (nodes are never removed, so ids are dense).
    keys: StrArena,
    by_key: StrIndex,
    by_label: SymbolMap<NodeId>,
    /// Lower-cased name and aliases → nodes carrying them.
    by_name: NameIndex,
    by_type: SymbolMap<EdgeId>,
    node_props: Columns,
    edge_props: Columns,
    node_sources: HashMap<NodeId, Vec<Source>>,
    edge_sources: HashMap<EdgeId, Vec<Source>>,
    /// Typed adjacency by relationship-type symbol, built on first use; any new relationship
    /// drops it.
    adjacency: OnceLock<Box<[OnceLock<TypedAdjacency>]>>,
    documents: Vec<DocumentRecord>,
    next_anonymous: u64,
}

/// Read-only view of one node.
#[derive(Clone, Copy)]
pub struct NodeRef<'g> {
    pub id: NodeId,
    graph: &'g KnowledgeGraph,
}

/// Read-only view of one relationship.
#[derive(Clone, Copy)]
pub struct EdgeRefView<'g> {
    pub id: EdgeId,
    pub from: NodeId,
    pub to: NodeId,
    graph: &'g KnowledgeGraph,
    rel_type: Symbol,
}

impl<'g> NodeRef<'g> {
    pub fn key(&self) -> &'g str {
        self.graph.keys.get(self.id.0)
    }
    pub fn labels(&self) -> impl Iterator<Item = &'g str> + 'g {
        let graph = self.graph;
        self.label_symbols()
            .iter()
            .map(move |s| graph.symbols.name(*s))
    }
    pub fn label_symbols(&self) -> &'g [Symbol] {
        let graph = self.graph;
        graph.label_sets.get(graph.graph[nix(self.id)])
    }
    pub fn has_label(&self, label: Symbol) -> bool {
        self.label_symbols().contains(&label)
    }
    /// Properties in the order their keys were first set on any node.
    pub fn props(&self) -> impl Iterator<Item = (&'g str, &'g PropValue)> + 'g {
        let graph = self.graph;
        graph
            .node_props
            .row(self.id.index())
            .map(move |(k, v)| (graph.symbols.name(k), v))
    }
    pub fn prop(&self, key: &str) -> Option<&'g PropValue> {
        let sym = self.graph.symbols.get(key)?;
        self.prop_sym(sym)
    }
    pub fn prop_sym(&self, key: Symbol) -> Option<&'g PropValue> {
        self.graph.node_props.get(self.id.index(), key)
    }
    /// The `name` property, or the key when the node has none.
    pub fn name(&self) -> &'g str {
        self.graph
            .name_sym
            .and_then(|s| self.prop_sym(s))
            .and_then(PropValue::as_str)
            .unwrap_or_else(|| self.key())
    }
    pub fn sources(&self) -> &'g [Source] {
        self.graph
            .node_sources
            .get(&self.id)
            .map_or(&[], Vec::as_slice)
    }
}

impl<'g> EdgeRefView<'g> {
    pub fn rel_type(&self) -> &'g str {
        self.graph.symbols.name(self.rel_type)
    }
    pub fn rel_type_symbol(&self) -> Symbol {
        self.rel_type
    }
    /// Properties in the order their keys were first set on any relationship.
    pub fn props(&self) -> impl Iterator<Item = (&'g str, &'g PropValue)> + 'g {
        let graph = self.graph;
        graph
            .edge_props
            .row(self.id.index())
            .map(move |(k, v)| (graph.symbols.name(k), v))
    }
    pub fn prop(&self, key: &str) -> Option<&'g PropValue> {
        let sym = self.graph.symbols.get(key)?;
        self.prop_sym(sym)
    }
    pub fn prop_sym(&self, key: Symbol) -> Option<&'g PropValue> {
        self.graph.edge_props.get(self.id.index(), key)
    }
    pub fn sources(&self) -> &'g [Source] {
        self.graph
            .edge_sources
            .get(&self.id)
            .map_or(&[], Vec::as_slice)
    }
}

fn nix(id: NodeId) -> NodeIndex<u32> {
    NodeIndex::new(id.0 as usize)
}

fn eix(id: EdgeId) -> EdgeIndex<u32> {
    EdgeIndex::new(id.0 as usize)
}

/// The relationships `expand` yields: two slices of the typed adjacency index, or a walk of
/// petgraph's lists filtered by type.
enum Expansion<'g> {
    Typed {
        out: std::slice::Iter<'g, (NodeId, EdgeId)>,
        inc: std::slice::Iter<'g, (NodeId, EdgeId)>,
        /// Set for `Both`: a self-loop already came out of `out`, so skip it in `inc`.
        skip_loops_at: Option<NodeId>,
    },
    Walk {
        out: Option<Edges<'g, RelTypeId, petgraph::Directed, u32>>,
        inc: Option<Edges<'g, RelTypeId, petgraph::Directed, u32>>,
        skip_loops: bool,
        rel_type: Option<RelTypeId>,
    },
}

impl Iterator for Expansion<'_> {
    type Item = (EdgeId, NodeId);

    fn next(&mut self) -> Option<(EdgeId, NodeId)> {
        match self {
            Expansion::Typed {
                out,
                inc,
                skip_loops_at,
            } => {
                if let Some(&(other, e)) = out.next() {
                    return Some((e, other));
                }
                inc.find(|(other, _)| Some(*other) != *skip_loops_at)
                    .map(|&(other, e)| (e, other))
            }
            Expansion::Walk {
                out,
                inc,
                skip_loops,
                rel_type,
            } => {
                let wanted = |w: &RelTypeId| rel_type.map_or(true, |t| *w == t);
                if let Some(edges) = out {
                    for e in edges.by_ref() {
                        if wanted(e.weight()) {
                            return Some((edge_id(e.id()), node_id(e.target())));
                        }
                    }
                }
                let edges = inc.as_mut()?;
                for e in edges.by_ref() {
                    if wanted(e.weight()) && !(*skip_loops && e.source() == e.target()) {
                        return Some((edge_id(e.id()), node_id(e.source())));
                    }
                }
                None
            }
        }
    }
}

fn node_id(i: NodeIndex<u32>) -> NodeId {
    NodeId(i.index() as u32)
}

fn edge_id(i: EdgeIndex<u32>) -> EdgeId {
    EdgeId(i.index() as u32)
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
        let sym = self.symbols.intern(name);
        match name {
            "name" => self.name_sym = Some(sym),
            "aliases" => self.aliases_sym = Some(sym),
            _ => {}
        }
        sym
    }

    pub fn symbol(&self, name: &str) -> Option<Symbol> {
        self.symbols.get(name)
    }

    pub fn symbol_name(&self, sym: Symbol) -> &str {
        self.symbols.name(sym)
    }

    // ---- reading ----------------------------------------------------------------------

    pub fn node(&self, id: NodeId) -> NodeRef<'_> {
        NodeRef { id, graph: self }
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
            from: node_id(from),
            to: node_id(to),
            graph: self,
            rel_type: self.graph[eix(id)].symbol(),
        }
    }

    /// All nodes, in creation order.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.graph.node_indices().map(node_id)
    }

    /// All relationships, in creation order.
    pub fn edge_ids(&self) -> impl Iterator<Item = EdgeId> + '_ {
        self.graph.edge_indices().map(edge_id)
    }

    /// Nodes carrying `label`, in creation order (empty for an unknown label).
    pub fn nodes_with_label(&self, label: &str) -> &[NodeId] {
        self.symbols
            .get(label)
            .map_or(&[], |s| self.by_label.get(s))
    }

    /// Relationships of `rel_type`, in creation order.
    pub fn edges_of_type(&self, rel_type: &str) -> &[EdgeId] {
        self.symbols
            .get(rel_type)
            .map_or(&[], |s| self.by_type.get(s))
    }

    pub fn find_by_key(&self, key: &str) -> Option<NodeId> {
        self.by_key.find(&self.keys, key).map(NodeId)
    }

    /// Nodes whose name or one of whose aliases equals `name`, ignoring case.
    pub fn find_by_name(&self, name: &str) -> &[NodeId] {
        let mut lowered = String::new();
        lower_into(name, &mut lowered);
        self.by_name.find_lowered(&lowered)
    }

    /// Every indexed name and alias (lower-cased) with its nodes; for completion and fuzzy lookup.
    pub fn names(&self) -> impl Iterator<Item = (&str, &[NodeId])> {
        self.by_name.iter()
    }

    /// Relationships touching `node` in `direction`, optionally of one type, with the node at
    /// the other end: outgoing ones first, newest first within each direction. A self-loop
    /// is reported once for `Both`. A typed expansion reads the typed adjacency index.
    pub fn expand(
        &self,
        node: NodeId,
        direction: Direction,
        rel_type: Option<Symbol>,
    ) -> impl Iterator<Item = (EdgeId, NodeId)> + '_ {
        let out = matches!(direction, Direction::Outgoing | Direction::Both);
        let inc = matches!(direction, Direction::Incoming | Direction::Both);
        if let Some(adj) = rel_type.and_then(|t| self.typed_adjacency(t)) {
            let empty: &[(NodeId, EdgeId)] = &[];
            return Expansion::Typed {
                out: if out { adj.outgoing(node) } else { empty }.iter(),
                inc: if inc { adj.incoming(node) } else { empty }.iter(),
                skip_loops_at: (out && inc).then_some(node),
            };
        }
        let n = nix(node);
        Expansion::Walk {
            out: out.then(|| self.graph.edges_directed(n, petgraph::Direction::Outgoing)),
            inc: inc.then(|| self.graph.edges_directed(n, petgraph::Direction::Incoming)),
            skip_loops: out,
            rel_type: rel_type.map(RelTypeId::new),
        }
    }

    /// The typed adjacency rows of `node` for `rel_type`: (outgoing, incoming) pairs of
    /// (neighbour, relationship), newest first. `Outgoing` leaves the incoming slice empty and
    /// vice versa; with `Both`, a self-loop appears in both slices.
    pub fn neighbours_of_type(
        &self,
        node: NodeId,
        direction: Direction,
        rel_type: Symbol,
    ) -> (Neighbours<'_>, Neighbours<'_>) {
        let Some(adj) = self.typed_adjacency(rel_type) else {
            return (&[], &[]);
        };
        let out = matches!(direction, Direction::Outgoing | Direction::Both);
        let inc = matches!(direction, Direction::Incoming | Direction::Both);
        (
            if out { adj.outgoing(node) } else { &[] },
            if inc { adj.incoming(node) } else { &[] },
        )
    }

    /// How many relationships `expand(node, direction, rel_type)` yields; O(1) for a type.
    pub fn degree(&self, node: NodeId, direction: Direction, rel_type: Option<Symbol>) -> usize {
        match rel_type {
            Some(t) => {
                let (out, inc) = self.neighbours_of_type(node, direction, t);
                let loops = if direction == Direction::Both {
                    out.iter().filter(|(other, _)| *other == node).count()
                } else {
                    0
                };
                out.len() + inc.len() - loops
            }
            None => self.expand(node, direction, None).count(),
        }
    }

    /// Nodes (of `label`, or all) whose property `key` equals `value` (openCypher equality),
    /// in creation order: a scan of one property column, comparing 4-byte value ids when the
    /// column pools its values.
    pub fn nodes_where(
        &self,
        label: Option<Symbol>,
        key: Symbol,
        value: &PropValue,
    ) -> Vec<NodeId> {
        let Some(column) = self.node_props.column(key) else {
            return Vec::new();
        };
        let matcher = column.matcher(value);
        if matches!(matcher, RowMatcher::Nothing) {
            return Vec::new();
        }
        match label {
            Some(l) => self
                .by_label
                .get(l)
                .iter()
                .copied()
                .filter(|n| matcher.matches(n.index()))
                .collect(),
            None => self
                .node_ids()
                .filter(|n| matcher.matches(n.index()))
                .collect(),
        }
    }

    /// Relationships (of `rel_type`, or all) whose property `key` equals `value` (openCypher
    /// equality), in creation order; a column scan like `nodes_where`.
    pub fn edges_where(
        &self,
        rel_type: Option<Symbol>,
        key: Symbol,
        value: &PropValue,
    ) -> Vec<EdgeId> {
        let Some(column) = self.edge_props.column(key) else {
            return Vec::new();
        };
        let matcher = column.matcher(value);
        if matches!(matcher, RowMatcher::Nothing) {
            return Vec::new();
        }
        match rel_type {
            Some(t) => self
                .by_type
                .get(t)
                .iter()
                .copied()
                .filter(|e| matcher.matches(e.index()))
                .collect(),
            None => self
                .edge_ids()
                .filter(|e| matcher.matches(e.index()))
                .collect(),
        }
    }

    /// Builds the typed adjacency index of every relationship type now (it is otherwise built
    /// per type on first use), so that a bulk load is complete before the first query. One
    /// type after the other: building them on worker threads left ~30 MiB more resident
    /// (per-thread allocator arenas) for no measurable gain in time.
    pub fn build_adjacency(&self) {
        for (t, _) in self.by_type.iter() {
            self.typed_adjacency(t);
        }
    }

    fn typed_adjacency(&self, rel_type: Symbol) -> Option<&TypedAdjacency> {
        let table = self
            .adjacency
            .get_or_init(|| (0..self.symbols.len()).map(|_| OnceLock::new()).collect());
        let cell = table.get(rel_type.0 as usize)?;
        Some(cell.get_or_init(|| {
            let edges = self.by_type.get(rel_type);
            TypedAdjacency::build(edges, |e| {
                let (a, b) = self
                    .graph
                    .edge_endpoints(eix(e))
                    .expect("indexed edge exists");
                (node_id(a), node_id(b))
            })
        }))
    }

    /// Approximate heap bytes of the store's structures, by part (for the benchmarks).
    pub fn memory_breakdown(&self) -> Vec<(&'static str, usize)> {
        let topology = self.graph.node_count() * 12 + self.graph.edge_count() * 20;
        let adjacency = self.adjacency.get().map_or(0, |t| {
            t.iter()
                .filter_map(|c| c.get())
                .map(TypedAdjacency::heap_bytes)
                .sum()
        });
        let by_label = self.by_label.heap_bytes();
        let by_type = self.by_type.heap_bytes();
        vec![
            ("topology (petgraph)", topology),
            ("keys", self.keys.heap_bytes() + self.by_key.heap_bytes()),
            ("name index", self.by_name.heap_bytes()),
            ("label + type indexes", by_label + by_type),
            ("node properties", self.node_props.heap_bytes()),
            ("relationship properties", self.edge_props.heap_bytes()),
            ("typed adjacency", adjacency),
        ]
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
            .map(|(s, _)| self.symbols.name(s))
            .collect();
        out.sort_unstable();
        out
    }

    /// Relationship types in use, sorted.
    pub fn rel_types(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .by_type
            .iter()
            .map(|(s, _)| self.symbols.name(s))
            .collect();
        out.sort_unstable();
        out
    }

    /// Property keys seen on nodes of each label, sorted (for :schema and completion).
    pub fn node_property_keys(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (label, nodes) in self.by_label.iter() {
            let keys = out.entry(self.symbols.name(label).to_string()).or_default();
            for id in nodes {
                for (k, _) in self.node_props.row(id.index()) {
                    keys.insert(self.symbols.name(k).to_string());
                }
            }
        }
        out
    }

    /// Property keys seen on relationships of each type, sorted.
    pub fn edge_property_keys(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (ty, edges) in self.by_type.iter() {
            let keys = out.entry(self.symbols.name(ty).to_string()).or_default();
            for id in edges {
                for (k, _) in self.edge_props.row(id.index()) {
                    keys.insert(self.symbols.name(k).to_string());
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

    /// Prepares for a bulk load of about `nodes` more nodes and `edges` more relationships,
    /// so that loading does not re-grow the structures on the way.
    pub fn reserve(&mut self, nodes: usize, edges: usize) {
        if self.graph.node_count() == 0 && self.graph.edge_count() == 0 {
            self.graph = Topology::with_capacity(nodes, edges);
        }
        self.keys.reserve(nodes, 0);
        self.by_key.reserve(&self.keys, nodes);
        self.by_name.reserve(nodes, 0);
    }

    /// Ends a bulk load: gives back spare capacity and builds the typed adjacency index of
    /// every relationship type, so that the graph is ready before the first query.
    pub fn finish_load(&mut self) {
        self.keys.shrink_to_fit();
        self.by_name.shrink_to_fit();
        self.by_label.shrink_to_fit();
        self.by_type.shrink_to_fit();
        self.node_props.shrink_to_fit();
        self.edge_props.shrink_to_fit();
        self.build_adjacency();
    }

    /// Adds a node with a stable key. An existing node with that key is returned unchanged
    /// (use `add_label`, `set_node_prop`, `add_node_sources` to enrich it).
    pub fn add_node(&mut self, key: &str, labels: &[&str]) -> NodeId {
        if let Some(id) = self.find_by_key(key) {
            return id;
        }
        let labels: Vec<Symbol> = labels.iter().map(|l| self.intern(l)).collect();
        self.add_node_sym(key, &labels)
    }

    /// `add_node` with interned labels (for bulk loads).
    pub fn add_node_sym(&mut self, key: &str, labels: &[Symbol]) -> NodeId {
        let (slot, new) = self.by_key.find_or_insert(&mut self.keys, key);
        if !new {
            return NodeId(slot);
        }
        let repeats = labels
            .iter()
            .enumerate()
            .any(|(i, l)| labels[..i].contains(l));
        let deduped: Vec<Symbol>;
        let set = if repeats {
            let mut unique = Vec::with_capacity(labels.len());
            for &l in labels {
                if !unique.contains(&l) {
                    unique.push(l);
                }
            }
            deduped = unique;
            &deduped[..]
        } else {
            labels
        };
        let set_id = self.label_sets.id(set);
        let id = node_id(self.graph.add_node(set_id));
        debug_assert_eq!(slot, id.0, "node ids are dense");
        for &label in set {
            self.by_label.at_mut(label).push(id);
        }
        id
    }

    /// Adds a node with a generated key (`node:N`), as CREATE does.
    pub fn add_anonymous_node(&mut self, labels: &[&str]) -> NodeId {
        loop {
            self.next_anonymous += 1;
            let key = format!("node:{}", self.next_anonymous);
            if self.find_by_key(&key).is_none() {
                return self.add_node(&key, labels);
            }
        }
    }

    pub fn add_label(&mut self, id: NodeId, label: &str) {
        let sym = self.intern(label);
        let current = self.graph[nix(id)];
        if !self.label_sets.get(current).contains(&sym) {
            let mut labels = self.label_sets.get(current).to_vec();
            labels.push(sym);
            self.graph[nix(id)] = self.label_sets.id(&labels);
            self.by_label.at_mut(sym).push(id);
        }
    }

    /// Sets (or, with `None`, removes) a node property; keeps the name index in step.
    pub fn set_node_prop(&mut self, id: NodeId, key: &str, value: Option<PropValue>) {
        let sym = self.intern(key);
        self.set_node_prop_sym(id, sym, value);
    }

    /// `set_node_prop` with an interned key.
    pub fn set_node_prop_sym(&mut self, id: NodeId, key: Symbol, value: Option<PropValue>) {
        let indexed = Some(key) == self.name_sym || Some(key) == self.aliases_sym;
        if indexed {
            self.index_names(id, false);
        }
        self.node_props.set(id.index(), key, value);
        if indexed {
            self.index_names(id, true);
        }
    }

    /// Sets a string node property without allocating when the value is already stored.
    pub fn set_node_str(&mut self, id: NodeId, key: Symbol, value: &str) {
        let indexed = Some(key) == self.name_sym || Some(key) == self.aliases_sym;
        if indexed {
            self.index_names(id, false);
        }
        self.node_props.column_mut(key).set_str(id.index(), value);
        if indexed {
            self.index_names(id, true);
        }
    }

    pub fn add_node_sources(&mut self, id: NodeId, sources: impl IntoIterator<Item = Source>) {
        let mut sources = sources.into_iter().peekable();
        if sources.peek().is_none() {
            return;
        }
        let list = self.node_sources.entry(id).or_default();
        for s in sources {
            if !list.contains(&s) {
                list.push(s);
            }
        }
    }

    pub fn add_edge(&mut self, from: NodeId, to: NodeId, rel_type: &str) -> EdgeId {
        let sym = self.intern(rel_type);
        self.add_edge_sym(from, to, sym)
    }

    /// `add_edge` with an interned type (for bulk loads).
    pub fn add_edge_sym(&mut self, from: NodeId, to: NodeId, rel_type: Symbol) -> EdgeId {
        self.adjacency.take();
        let id = edge_id(
            self.graph
                .add_edge(nix(from), nix(to), RelTypeId::new(rel_type)),
        );
        self.by_type.at_mut(rel_type).push(id);
        id
    }

    /// Adds relationships of one type in bulk: `ends[i]` becomes a relationship that gets, for
    /// each `(key, values)` of `string_props`, the string property `key = values[i]` (each
    /// `values` as long as `ends`). The relationships get consecutive ids; the first is
    /// returned (`None` for an empty batch). The topology is written on a second thread while
    /// this one fills the type index and the property columns.
    pub fn add_edges_of_type(
        &mut self,
        rel_type: Symbol,
        ends: &[(NodeId, NodeId)],
        string_props: &[(Symbol, &[&str])],
    ) -> Option<EdgeId> {
        if ends.is_empty() {
            return None;
        }
        self.adjacency.take();
        let first = self.graph.edge_count();
        let weight = RelTypeId::new(rel_type);
        let Self {
            graph,
            by_type,
            edge_props,
            ..
        } = self;
        let mut add_topology = move || {
            for &(a, b) in ends {
                graph.add_edge(nix(a), nix(b), weight);
            }
        };
        let mut add_columns = move || {
            by_type
                .at_mut(rel_type)
                .extend((first..first + ends.len()).map(|i| EdgeId(i as u32)));
            for (key, values) in string_props {
                let column = edge_props.column_mut(*key);
                for (i, value) in values.iter().take(ends.len()).enumerate() {
                    column.set_str(first + i, value);
                }
            }
        };
        if ends.len() < 4096 {
            add_topology();
            add_columns();
        } else {
            std::thread::scope(|scope| {
                scope.spawn(add_topology);
                add_columns();
            });
        }
        Some(EdgeId(first as u32))
    }

    pub fn set_edge_prop(&mut self, id: EdgeId, key: &str, value: Option<PropValue>) {
        let sym = self.intern(key);
        self.edge_props.set(id.index(), sym, value);
    }

    /// `set_edge_prop` with an interned key.
    pub fn set_edge_prop_sym(&mut self, id: EdgeId, key: Symbol, value: Option<PropValue>) {
        self.edge_props.set(id.index(), key, value);
    }

    /// Sets a string relationship property without allocating when the value is already
    /// stored (place names and dates repeat across many relationships).
    pub fn set_edge_str(&mut self, id: EdgeId, key: Symbol, value: &str) {
        self.edge_props.column_mut(key).set_str(id.index(), value);
    }

    pub fn add_edge_sources(&mut self, id: EdgeId, sources: impl IntoIterator<Item = Source>) {
        let mut sources = sources.into_iter().peekable();
        if sources.peek().is_none() {
            return;
        }
        let list = self.edge_sources.entry(id).or_default();
        for s in sources {
            if !list.contains(&s) {
                list.push(s);
            }
        }
    }

    /// Adds (`add == true`) or removes the node's current name and aliases in the name index.
    fn index_names(&mut self, id: NodeId, add: bool) {
        for sym in [self.name_sym, self.aliases_sym].into_iter().flatten() {
            let Some(value) = self.node_props.get(id.index(), sym) else {
                continue;
            };
            let mut each = |name: &str| {
                if add {
                    self.by_name.add(name, id);
                } else {
                    self.by_name.remove(name, id);
                }
            };
            match value {
                PropValue::Str(s) => each(s),
                PropValue::List(items) => items.iter().filter_map(PropValue::as_str).for_each(each),
                _ => {}
            }
        }
    }
}
