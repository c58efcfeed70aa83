//! Per-node scratch tables for the executor's searches: a set of nodes as a bitset indexed by
//! `NodeId::index()`, cleared in time proportional to what was inserted, so one allocation
//! serves many searches.

use crate::graph::{KnowledgeGraph, NodeId, Symbol};

/// A set of nodes. Grows on demand; `clear` resets only the words that were touched.
#[derive(Default)]
pub struct NodeSet {
    bits: Vec<u64>,
    touched: Vec<u32>,
}

impl NodeSet {
    /// Adds `node`; true when it was not in the set.
    #[inline]
    pub fn insert(&mut self, node: NodeId) -> bool {
        let i = node.index();
        let (word, bit) = (i / 64, 1u64 << (i % 64));
        if word >= self.bits.len() {
            self.bits.resize(word + 1, 0);
        }
        let w = &mut self.bits[word];
        if *w & bit != 0 {
            return false;
        }
        if *w == 0 {
            self.touched.push(word as u32);
        }
        *w |= bit;
        true
    }

    #[inline]
    pub fn contains(&self, node: NodeId) -> bool {
        let i = node.index();
        self.bits
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }

    /// Empties the set, keeping its memory.
    pub fn clear(&mut self) {
        for &w in &self.touched {
            self.bits[w as usize] = 0;
        }
        self.touched.clear();
    }
}

/// Label checks answered from bitsets: once a label has been checked often enough that one
/// pass over its index costs less than reading that many nodes, its members go into a
/// [`NodeSet`] and later checks read one bit.
#[derive(Default)]
pub struct LabelBits {
    /// Label, checks so far, members once built.
    entries: Vec<(Symbol, usize, Option<NodeSet>)>,
}

impl LabelBits {
    #[inline]
    pub fn has(&mut self, graph: &KnowledgeGraph, node: NodeId, label: Symbol) -> bool {
        let i = match self.entries.iter().position(|e| e.0 == label) {
            Some(i) => i,
            None => {
                self.entries.push((label, 0, None));
                self.entries.len() - 1
            }
        };
        let (_, checks, members) = &mut self.entries[i];
        if let Some(bits) = members {
            return bits.contains(node);
        }
        *checks += 1;
        if *checks >= 64 && checks.is_power_of_two() {
            let nodes = graph.nodes_with_label(graph.symbol_name(label));
            if *checks * 8 >= nodes.len() {
                let mut bits = NodeSet::default();
                for &n in nodes {
                    bits.insert(n);
                }
                let found = bits.contains(node);
                *members = Some(bits);
                return found;
            }
        }
        graph.node(node).has_label(label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_contains_clear() {
        let mut s = NodeSet::default();
        assert!(s.insert(NodeId(3)));
        assert!(!s.insert(NodeId(3)));
        assert!(s.insert(NodeId(700)));
        assert!(s.contains(NodeId(700)) && !s.contains(NodeId(4)));
        s.clear();
        assert!(!s.contains(NodeId(3)) && !s.contains(NodeId(700)));
        assert!(s.insert(NodeId(3)));
    }
}
