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
    out_start: Vec<u32>,
    out: Vec<(NodeId, EdgeId)>,
    in_start: Vec<u32>,
    inc: Vec<(NodeId, EdgeId)>,
}

impl TypedAdjacency {
    /// Builds the index of `edges` (one type, ascending ids) over nodes `0..node_bound`;
    /// `ends` gives a relationship's (from, to).
    pub fn build(
        node_bound: usize,
        edges: &[EdgeId],
        ends: impl Fn(EdgeId) -> (NodeId, NodeId),
    ) -> Self {
        let endpoints: Vec<(NodeId, NodeId)> = edges.iter().map(|&e| ends(e)).collect();
        let (out_start, out) = Self::rows(node_bound, edges, &endpoints, |(a, b)| (a, b));
        let (in_start, inc) = Self::rows(node_bound, edges, &endpoints, |(a, b)| (b, a));
        TypedAdjacency {
            out_start,
            out,
            in_start,
            inc,
        }
    }

    /// One direction: counting sort of the relationships by `pick(ends).0`.
    fn rows(
        node_bound: usize,
        edges: &[EdgeId],
        endpoints: &[(NodeId, NodeId)],
        pick: impl Fn((NodeId, NodeId)) -> (NodeId, NodeId),
    ) -> (Vec<u32>, Vec<(NodeId, EdgeId)>) {
        let mut start = vec![0u32; node_bound + 1];
        for &ends in endpoints {
            start[pick(ends).0.index() + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut cursor = start.clone();
        let mut pairs = vec![(NodeId(0), EdgeId(0)); edges.len()];
        // Newest first within a node: walk the relationships from the last one.
        for (&e, &ends) in edges.iter().zip(endpoints).rev() {
            let (at, other) = pick(ends);
            let slot = &mut cursor[at.index()];
            pairs[*slot as usize] = (other, e);
            *slot += 1;
        }
        (start, pairs)
    }

    fn slice<'a>(
        start: &[u32],
        pairs: &'a [(NodeId, EdgeId)],
        node: NodeId,
    ) -> &'a [(NodeId, EdgeId)] {
        let i = node.index();
        match (start.get(i), start.get(i + 1)) {
            (Some(&a), Some(&b)) => &pairs[a as usize..b as usize],
            _ => &[],
        }
    }

    /// (neighbour, relationship) pairs leaving `node`.
    pub fn outgoing(&self, node: NodeId) -> &[(NodeId, EdgeId)] {
        Self::slice(&self.out_start, &self.out, node)
    }

    /// (neighbour, relationship) pairs entering `node`.
    pub fn incoming(&self, node: NodeId) -> &[(NodeId, EdgeId)] {
        Self::slice(&self.in_start, &self.inc, node)
    }

    pub fn heap_bytes(&self) -> usize {
        (self.out_start.capacity() + self.in_start.capacity()) * 4
            + (self.out.capacity() + self.inc.capacity()) * 8
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
        let adj = TypedAdjacency::build(4, &edges, |e| {
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
}
