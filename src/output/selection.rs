//! Which nodes and relationships an export covers: the whole graph, the neighbourhood of one
//! entity, or the nodes and relationships of a query result. Output stage.
//!
//! A selection is kept in export order — nodes sorted by key, relationships by
//! (start key, type, end key, creation order) — so every writer streams it as is and the same
//! graph always gives the same bytes.

use crate::graph::{Direction, EdgeId, KnowledgeGraph, NodeId};
use std::collections::{HashMap, VecDeque};

/// The label of document nodes; their `MENTIONS` relationships link every entity of a story,
/// so neighbourhoods do not walk through them.
const DOCUMENT_LABEL: &str = "Document";
const MENTIONS: &str = "MENTIONS";

/// The nodes and relationships to export, in export order.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    nodes: Vec<NodeId>,
    edges: Vec<EdgeId>,
    /// Membership of nodes, one bit per node index.
    members: Vec<u64>,
    whole: bool,
    /// The entity a neighbourhood was taken around (drawn highlighted).
    center: Option<NodeId>,
}

impl Selection {
    /// Every node and relationship of the graph.
    pub fn whole(graph: &KnowledgeGraph) -> Selection {
        let mut selection = Selection::build(graph, graph.node_ids().collect());
        selection.edges = graph.edge_ids().collect();
        selection.sort_edges(graph);
        selection.whole = true;
        selection
    }

    /// The entities within `depth` relationships of `center`, and every relationship between
    /// them. Document nodes and `MENTIONS` are not walked through (a document would link every
    /// entity of its story) unless `center` is itself a document: then its mentions are the
    /// neighbourhood.
    pub fn around(graph: &KnowledgeGraph, center: NodeId, depth: usize) -> Selection {
        if !graph.contains_node(center) {
            return Selection::default();
        }
        let document = graph.symbol(DOCUMENT_LABEL);
        let mentions = graph.symbol(MENTIONS);
        let is_document = |id: NodeId| document.is_some_and(|d| graph.node(id).has_label(d));
        let center_is_document = is_document(center);

        let mut distance: HashMap<NodeId, usize> = HashMap::new();
        distance.insert(center, 0);
        let mut queue = VecDeque::from([center]);
        while let Some(node) = queue.pop_front() {
            let d = distance[&node];
            if d >= depth {
                continue;
            }
            // Only the centre document may be walked through.
            if is_document(node) && node != center {
                continue;
            }
            for (edge, other) in graph.expand(node, Direction::Both, None) {
                let via_mentions = mentions == Some(graph.edge(edge).rel_type_symbol());
                if (via_mentions || is_document(other)) && !(center_is_document && node == center) {
                    continue;
                }
                if let std::collections::hash_map::Entry::Vacant(slot) = distance.entry(other) {
                    slot.insert(d + 1);
                    queue.push_back(other);
                }
            }
        }
        let nodes: Vec<NodeId> = distance.into_keys().collect();
        let mut selection = Selection::build(graph, nodes);
        selection.add_edges_between(graph, Vec::new());
        selection.center = Some(center);
        selection
    }

    /// The nodes and relationships of a query result, the end nodes of those relationships,
    /// and every relationship between the nodes. Ids not in `graph` are ignored.
    pub fn from_parts(
        graph: &KnowledgeGraph,
        nodes: impl IntoIterator<Item = NodeId>,
        edges: impl IntoIterator<Item = EdgeId>,
    ) -> Selection {
        let mut edge_list: Vec<EdgeId> = edges
            .into_iter()
            .filter(|e| graph.contains_edge(*e))
            .collect();
        let mut node_list: Vec<NodeId> = nodes
            .into_iter()
            .filter(|n| graph.contains_node(*n))
            .collect();
        for &e in &edge_list {
            let edge = graph.edge(e);
            node_list.push(edge.from);
            node_list.push(edge.to);
        }
        edge_list.sort_unstable();
        edge_list.dedup();
        let mut selection = Selection::build(graph, node_list);
        selection.add_edges_between(graph, edge_list);
        selection
    }

    /// Nodes, sorted by key.
    pub fn nodes(&self) -> &[NodeId] {
        &self.nodes
    }

    /// Relationships, sorted by (start key, type, end key, creation order).
    pub fn edges(&self) -> &[EdgeId] {
        &self.edges
    }

    pub fn contains_node(&self, id: NodeId) -> bool {
        let i = id.index();
        self.members
            .get(i / 64)
            .is_some_and(|word| word & (1 << (i % 64)) != 0)
    }

    /// True when the selection is the whole graph (the JSON export then writes the snapshot
    /// itself, in creation order).
    pub fn is_whole(&self) -> bool {
        self.whole
    }

    /// The centre of a neighbourhood selection.
    pub fn center(&self) -> Option<NodeId> {
        self.center
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Sorts and de-duplicates `nodes` by key and fills the membership bits.
    fn build(graph: &KnowledgeGraph, mut nodes: Vec<NodeId>) -> Selection {
        nodes.sort_unstable();
        nodes.dedup();
        let bound = nodes.last().map_or(0, |n| n.index() + 1);
        let mut members = vec![0u64; bound.div_ceil(64)];
        for n in &nodes {
            members[n.index() / 64] |= 1 << (n.index() % 64);
        }
        nodes.sort_unstable_by(|a, b| graph.node(*a).key().cmp(graph.node(*b).key()));
        Selection {
            nodes,
            edges: Vec::new(),
            members,
            whole: false,
            center: None,
        }
    }

    /// Adds `extra` and every relationship whose both ends are selected, then sorts.
    fn add_edges_between(&mut self, graph: &KnowledgeGraph, mut extra: Vec<EdgeId>) {
        for &node in &self.nodes {
            for (edge, other) in graph.expand(node, Direction::Outgoing, None) {
                if self.contains_node(other) {
                    extra.push(edge);
                }
            }
        }
        extra.sort_unstable();
        extra.dedup();
        self.edges = extra;
        self.sort_edges(graph);
    }

    /// Sorts relationships by (start key, type, end key, creation order), comparing ranks
    /// rather than strings.
    fn sort_edges(&mut self, graph: &KnowledgeGraph) {
        let bound = self.members.len() * 64;
        let mut rank = vec![u32::MAX; bound];
        for (i, n) in self.nodes.iter().enumerate() {
            rank[n.index()] = i as u32;
        }
        let type_rank: HashMap<_, u32> = graph
            .rel_types()
            .into_iter()
            .enumerate()
            .filter_map(|(i, name)| graph.symbol(name).map(|s| (s, i as u32)))
            .collect();
        let mut keyed: Vec<(u32, u32, u32, EdgeId)> = self
            .edges
            .iter()
            .map(|&e| {
                let edge = graph.edge(e);
                let node_rank = |n: NodeId| rank.get(n.index()).copied().unwrap_or(u32::MAX);
                let ty = edge.rel_type_symbol();
                let ty = type_rank.get(&ty).copied().unwrap_or(u32::MAX);
                (node_rank(edge.from), ty, node_rank(edge.to), e)
            })
            .collect();
        keyed.sort_unstable();
        self.edges.clear();
        self.edges.extend(keyed.into_iter().map(|k| k.3));
    }
}
