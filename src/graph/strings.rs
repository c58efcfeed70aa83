//! Compact string storage for the store: an append-only arena of strings, an open-addressing
//! hash index over it (stable keys), and the case-insensitive name/alias index.
//!
//! One heap `String` and one `HashMap` entry per node cost ~80 bytes each at a million nodes;
//! here a key costs its bytes plus 4 (arena end) plus 8 (index slots at half load).

use super::model::NodeId;

/// FxHash-style hash of a byte string, finished with a 64-bit mixer so that the low bits
/// used by the open-addressing tables are well spread.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ word).wrapping_mul(K);
    }
    let mut tail = 0u64;
    for (i, b) in chunks.remainder().iter().enumerate() {
        tail |= u64::from(*b) << (8 * i);
    }
    h = (h.rotate_left(5) ^ tail).wrapping_mul(K);
    mix64(h)
}

/// The murmur3 64-bit finaliser.
pub(crate) fn mix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Append-only strings, addressed by insertion index.
#[derive(Clone, Debug, Default)]
pub(crate) struct StrArena {
    text: String,
    /// End offset of each string in `text`; string i starts where string i-1 ends.
    ends: Vec<u32>,
}

impl StrArena {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    pub fn push(&mut self, s: &str) -> u32 {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        (self.ends.len() - 1) as u32
    }

    pub fn reserve(&mut self, strings: usize, bytes: usize) {
        self.ends.reserve(strings);
        self.text.reserve(bytes);
    }

    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + self.ends.capacity() * 4
    }
}

/// Open-addressing (linear probing) index from a string to its id in a `StrArena`; at most
/// half full. A slot holds the string's id + 1 in its low 32 bits (0 = empty) and the high 32
/// bits of its hash above, so a probe only reads the arena when the hashes agree.
#[derive(Clone, Debug, Default)]
pub(crate) struct StrIndex {
    slots: Vec<u64>,
    len: usize,
}

/// Where a probe for a string ended: at its id, or at the empty slot it would go in.
enum Probe {
    Found(u32),
    Vacant(usize),
}

impl StrIndex {
    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    fn probe(&self, arena: &StrArena, s: &str, hash: u64) -> Probe {
        let tag = hash >> 32;
        let mut i = hash as usize & self.mask();
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return Probe::Vacant(i);
            }
            let id = (slot as u32).wrapping_sub(1);
            if slot >> 32 == tag && arena.get(id) == s {
                return Probe::Found(id);
            }
            i = (i + 1) & self.mask();
        }
    }

    pub fn find(&self, arena: &StrArena, s: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        match self.probe(arena, s, hash_bytes(s.as_bytes())) {
            Probe::Found(id) => Some(id),
            Probe::Vacant(_) => None,
        }
    }

    /// The id of `s`, pushing it onto `arena` and indexing it when it is new; `true` with a
    /// new string.
    pub fn find_or_insert(&mut self, arena: &mut StrArena, s: &str) -> (u32, bool) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow(arena, (self.len + 1) * 2);
        }
        let hash = hash_bytes(s.as_bytes());
        match self.probe(arena, s, hash) {
            Probe::Found(id) => (id, false),
            Probe::Vacant(i) => {
                let id = arena.push(s);
                self.slots[i] = (hash >> 32 << 32) | u64::from(id + 1);
                self.len += 1;
                (id, true)
            }
        }
    }

    /// Makes room for `extra` more strings without rehashing on the way.
    pub fn reserve(&mut self, arena: &StrArena, extra: usize) {
        if (self.len + extra) * 2 > self.slots.len() {
            self.grow(arena, (self.len + extra) * 2);
        }
    }

    fn grow(&mut self, arena: &StrArena, at_least: usize) {
        let size = at_least.next_power_of_two().max(16);
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        for slot in old.into_iter().filter(|s| *s != 0) {
            let id = (slot as u32).wrapping_sub(1);
            let hash = hash_bytes(arena.get(id).as_bytes());
            let mut i = hash as usize & self.mask();
            while self.slots[i] != 0 {
                i = (i + 1) & self.mask();
            }
            self.slots[i] = slot;
        }
    }

    pub fn heap_bytes(&self) -> usize {
        self.slots.capacity() * 8
    }
}

/// The nodes carrying one lower-cased name: none, one (inline), or a list.
#[derive(Clone, Debug)]
enum Posting {
    Empty,
    One(NodeId),
    Many(u32),
}

/// Lower-cased names and aliases → the nodes carrying them. Each distinct lower-cased name is
/// stored once; most names belong to one node, kept inline without a `Vec`.
#[derive(Clone, Debug, Default)]
pub(crate) struct NameIndex {
    names: StrArena,
    index: StrIndex,
    postings: Vec<Posting>,
    lists: Vec<Vec<NodeId>>,
    scratch: String,
}

/// Lower-cases `s` into `buf` (ASCII without allocating; otherwise Unicode rules, as
/// `str::to_lowercase`).
pub(crate) fn lower_into(s: &str, buf: &mut String) {
    buf.clear();
    if s.is_ascii() {
        buf.extend(s.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        buf.push_str(&s.to_lowercase());
    }
}

impl NameIndex {
    /// Nodes carrying `lowered` (already lower-cased).
    pub fn find_lowered(&self, lowered: &str) -> &[NodeId] {
        match self.index.find(&self.names, lowered) {
            Some(entry) => self.nodes_of(entry),
            None => &[],
        }
    }

    fn nodes_of(&self, entry: u32) -> &[NodeId] {
        match &self.postings[entry as usize] {
            Posting::Empty => &[],
            Posting::One(n) => std::slice::from_ref(n),
            Posting::Many(l) => &self.lists[*l as usize],
        }
    }

    /// Adds `node` under the lower-cased form of `name` (no-op when already there).
    pub fn add(&mut self, name: &str, node: NodeId) {
        let mut buf = std::mem::take(&mut self.scratch);
        lower_into(name, &mut buf);
        let (entry, new) = self.index.find_or_insert(&mut self.names, &buf);
        if new {
            self.postings.push(Posting::Empty);
        }
        self.scratch = buf;
        let posting = &mut self.postings[entry as usize];
        match posting {
            Posting::Empty => *posting = Posting::One(node),
            Posting::One(n) if *n == node => {}
            Posting::One(n) => {
                let first = *n;
                self.lists.push(vec![first, node]);
                *posting = Posting::Many((self.lists.len() - 1) as u32);
            }
            Posting::Many(l) => {
                let list = &mut self.lists[*l as usize];
                if !list.contains(&node) {
                    list.push(node);
                }
            }
        }
    }

    /// Removes `node` from the lower-cased form of `name` (no-op when not there).
    pub fn remove(&mut self, name: &str, node: NodeId) {
        let mut buf = std::mem::take(&mut self.scratch);
        lower_into(name, &mut buf);
        let entry = self.index.find(&self.names, &buf);
        self.scratch = buf;
        let Some(entry) = entry else { return };
        let posting = &mut self.postings[entry as usize];
        match posting {
            Posting::One(n) if *n == node => *posting = Posting::Empty,
            Posting::Many(l) => self.lists[*l as usize].retain(|n| *n != node),
            _ => {}
        }
    }

    /// Every lower-cased name with its nodes, in first-indexed order (names no node carries
    /// any more are skipped).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[NodeId])> {
        (0..self.names.len() as u32)
            .map(move |e| (self.names.get(e), self.nodes_of(e)))
            .filter(|(_, nodes)| !nodes.is_empty())
    }

    pub fn reserve(&mut self, names: usize, bytes: usize) {
        self.names.reserve(names, bytes);
        self.index.reserve(&self.names, names);
        self.postings.reserve(names);
    }

    pub fn shrink_to_fit(&mut self) {
        self.names.shrink_to_fit();
        self.postings.shrink_to_fit();
    }

    pub fn heap_bytes(&self) -> usize {
        self.names.heap_bytes()
            + self.index.heap_bytes()
            + self.postings.capacity() * std::mem::size_of::<Posting>()
            + self
                .lists
                .iter()
                .map(|l| l.capacity() * 4 + 24)
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arena_index_finds_every_key_and_rejects_others() {
        let mut arena = StrArena::default();
        let mut index = StrIndex::default();
        for i in 0..1000 {
            assert_eq!(
                index.find_or_insert(&mut arena, &format!("n:{i}")),
                (i, true)
            );
        }
        assert_eq!(index.find_or_insert(&mut arena, "n:5"), (5, false));
        assert_eq!(index.find(&arena, "n:0"), Some(0));
        assert_eq!(index.find(&arena, "n:999"), Some(999));
        assert_eq!(index.find(&arena, "n:1000"), None);
        assert_eq!(arena.get(17), "n:17");
    }

    #[test]
    fn name_index_is_case_insensitive_and_multi_valued() {
        let mut names = NameIndex::default();
        names.add("Paris", NodeId(1));
        names.add("PARIS", NodeId(2));
        names.add("paris", NodeId(1));
        assert_eq!(names.find_lowered("paris"), &[NodeId(1), NodeId(2)]);
        names.remove("Paris", NodeId(1));
        assert_eq!(names.find_lowered("paris"), &[NodeId(2)]);
        names.add("Émile", NodeId(3));
        assert_eq!(names.find_lowered("émile"), &[NodeId(3)]);
        names.remove("émile", NodeId(3));
        assert!(names.find_lowered("émile").is_empty());
        assert_eq!(names.iter().count(), 1);
    }
}
