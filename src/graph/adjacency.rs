//! Per-relationship-type adjacency in compressed sparse row form, built on demand from the
//! petgraph topology: for each node, its (neighbour, relationship) pairs of one type in one
//! direction, contiguous in memory.
//!
//! petgraph's linked edge lists interleave every type and jump through memory; a typed
//! expansion over this index reads one sequential slice, and a node's typed degree is the
//! difference of two offsets.

use super::model::{EdgeId, NodeId};

/// Both directions of one relationship type. Within a node, pairs are ordered newest
/// relationship first, the order petgraph's own lists give.
#[derive(Clone, Debug, Default)]
pub(crate) struct TypedAdjacency {
    out: Rows,
    inc: Rows,
}

/// One direction: the pairs of node `base + i` are `pairs[start[i]..start[i + 1]]`; offsets
/// cover only the range of nodes that have any (a type links few kinds of node).
#[derive(Clone, Debug, Default)]
struct Rows {
    base: usize,
    start: Vec<u32>,
    pairs: Vec<(NodeId, EdgeId)>,
}

impl Rows {
    fn of(&self, node: NodeId) -> &[(NodeId, EdgeId)] {
        let Some(i) = node.index().checked_sub(self.base) else {
            return &[];
        };
        match (self.start.get(i), self.start.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.pairs[a as usize..b as usize],
            _ => &[],
        }
    }

    fn heap_bytes(&self) -> usize {
        self.start.capacity() * 4 + self.pairs.capacity() * 8
    }
}

impl TypedAdjacency {
    /// Builds the index of `edges` (one type, ascending ids); `ends` gives a relationship's
    /// (from, to).
    pub fn build(edges: &[EdgeId], ends: impl Fn(EdgeId) -> (NodeId, NodeId)) -> Self {
        TypedAdjacency {
            out: Self::rows(edges, &ends),
            inc: Self::rows(edges, |e| {
                let (a, b) = ends(e);
                (b, a)
            }),
        }
    }

    /// One direction: counting sort of the relationships by `pick(e).0` (reading the ends
    /// again in each pass instead of holding them: no temporary as large as the index).
    fn rows(edges: &[EdgeId], pick: impl Fn(EdgeId) -> (NodeId, NodeId)) -> Rows {
        let (mut low, mut high) = (usize::MAX, 0);
        for &e in edges {
            let at = pick(e).0.index();
            low = low.min(at);
            high = high.max(at);
        }
        if edges.is_empty() {
            return Rows::default();
        }
        let mut start = vec![0u32; high - low + 2];
        for &e in edges {
            start[pick(e).0.index() - low + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut cursor = start.clone();
        let mut pairs = vec![(NodeId(0), EdgeId(0)); edges.len()];
        // Newest first within a node: walk the relationships from the last one.
        for &e in edges.iter().rev() {
            let (at, other) = pick(e);
            let slot = &mut cursor[at.index() - low];
            pairs[*slot as usize] = (other, e);
            *slot += 1;
        }
        Rows {
            base: low,
            start,
            pairs,
        }
    }

    /// (neighbour, relationship) pairs leaving `node`.
    pub fn outgoing(&self, node: NodeId) -> &[(NodeId, EdgeId)] {
        self.out.of(node)
    }

    /// (neighbour, relationship) pairs entering `node`.
    pub fn incoming(&self, node: NodeId) -> &[(NodeId, EdgeId)] {
        self.inc.of(node)
    }

    pub fn heap_bytes(&self) -> usize {
        self.out.heap_bytes() + self.inc.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_hold_each_nodes_relationships_newest_first() {
        // 0→1 (e0), 0→2 (e1), 2→0 (e2), 1→1 (e3)
        let ends = [(0, 1), (0, 2), (2, 0), (1, 1)];
        let edges: Vec<EdgeId> = (0..4).map(EdgeId).collect();
        let adj = TypedAdjacency::build(&edges, |e| {
            let (a, b) = ends[e.index()];
            (NodeId(a), NodeId(b))
        });
        assert_eq!(
            adj.outgoing(NodeId(0)),
            &[(NodeId(2), EdgeId(1)), (NodeId(1), EdgeId(0))]
        );
        assert_eq!(adj.incoming(NodeId(0)), &[(NodeId(2), EdgeId(2))]);
        assert_eq!(adj.outgoing(NodeId(1)), &[(NodeId(1), EdgeId(3))]);
        assert_eq!(
            adj.incoming(NodeId(1)),
            &[(NodeId(1), EdgeId(3)), (NodeId(0), EdgeId(0))]
        );
        assert!(adj.outgoing(NodeId(3)).is_empty());
        assert!(adj.outgoing(NodeId(9)).is_empty());
    }

    #[test]
    fn offsets_cover_only_the_nodes_a_type_links() {
        // 1000→1001 (e0), 1001→1002 (e1): no row for nodes below 1000.
        let ends = [(1000, 1001), (1001, 1002)];
        let edges = [EdgeId(0), EdgeId(1)];
        let adj = TypedAdjacency::build(&edges, |e| {
            let (a, b) = ends[e.index()];
            (NodeId(a), NodeId(b))
        });
        assert!(adj.heap_bytes() < 100);
        assert!(adj.outgoing(NodeId(0)).is_empty());
        assert_eq!(adj.outgoing(NodeId(1001)), &[(NodeId(1002), EdgeId(1))]);
        assert_eq!(adj.incoming(NodeId(1001)), &[(NodeId(1000), EdgeId(0))]);
        assert!(adj.incoming(NodeId(1000)).is_empty());
        assert!(adj.outgoing(NodeId(1002)).is_empty());
    }
}
