//! The gazetteer's search structure: lower-cased lexicon surfaces → a byte trie laid out in
//! depth-first order, plus a table from each surface's first word to the trie node after it.
//! `Lexicon::find` asks it for the longest surface starting at a token.
//!
//! Why not a general automaton: every search is anchored at a token start and most tokens
//! begin no surface, so the work is one table probe per token; a token that does begin one
//! resumes the walk after its own bytes, and walking down a depth-first trie reads memory in
//! order (a node's first child is the next node).

/// No node / no surface.
const NONE: u32 = u32::MAX;

#[derive(Clone, Copy, Debug)]
struct Node {
    /// The byte on the edge into this node.
    label: u8,
    /// The surface ending here, or NONE.
    surface: u32,
    first_child: u32,
    /// The next child of this node's parent (siblings are in byte order).
    next_sibling: u32,
}

/// What the table knows of a word that begins some surface: the trie node after its bytes and
/// the longest surface within them (a surface shorter than the word: "u.s" in "u.s.").
#[derive(Clone, Copy, Debug)]
struct FirstWord {
    hash: u64,
    key_start: u32,
    key_len: u32,
    node: u32,
    surface: u32,
    surface_len: u32,
    /// A token without capitals may begin a hit with this word.
    lower_ok: bool,
}

/// Lower-cased surfaces (indexed by surface id) in a trie, with the first-word table.
#[derive(Debug, Default)]
pub struct Gazetteer {
    nodes: Vec<Node>,
    /// Open addressing on the word hash; `key_len == 0` marks a free slot.
    slots: Vec<FirstWord>,
    mask: usize,
    /// One bit per hash value (low bits): most tokens begin no surface and are turned away
    /// here, in a table small enough to stay in cache.
    bits: Vec<u64>,
    bit_mask: u64,
    /// The same for the first words a token without capitals can begin a hit with: for the
    /// others ("the" of "The Hague", "new" of "New York") every surface they begin needs a
    /// capital inside that first word, so lower-case function words stop here.
    lower_bits: Vec<u64>,
    lower_bit_mask: u64,
    keys: Vec<u8>,
}

/// The indices of `strings` in byte order (equal strings by index). Comparing the strings
/// themselves at every step of the sort was most of the gazetteer's build (some 46,000
/// surfaces): they are sorted by their first eight bytes as one big-endian integer
/// (zero-padded, which orders as the bytes do), and only strings that agree in those are
/// then compared in full.
fn byte_order<S: AsRef<str>>(strings: &[S]) -> Vec<u32> {
    let prefix = |s: &[u8]| {
        let mut head = [0u8; 8];
        let n = s.len().min(8);
        head[..n].copy_from_slice(&s[..n]);
        u64::from_be_bytes(head)
    };
    let mut keyed: Vec<(u64, u32)> = strings
        .iter()
        .zip(0u32..)
        .map(|(s, i)| (prefix(s.as_ref().as_bytes()), i))
        .collect();
    keyed.sort_unstable();
    let text = |i: u32| strings[i as usize].as_ref();
    let mut start = 0;
    while start < keyed.len() {
        let key = keyed[start].0;
        let end = start + keyed[start..].iter().take_while(|k| k.0 == key).count();
        if end - start > 1 {
            keyed[start..end].sort_by(|&(_, a), &(_, b)| text(a).cmp(text(b)).then(a.cmp(&b)));
        }
        start = end;
    }
    keyed.into_iter().map(|(_, i)| i).collect()
}

impl Gazetteer {
    /// `surfaces[i]` is surface id `i` (lower case, distinct); `first_words` are the words a
    /// search may start from (each a prefix of some surface). `lower_ok(surface, prefix)`
    /// says whether text whose first `prefix` characters have no capital can match the
    /// surface under its entries' case rules.
    pub fn build<'w>(
        surfaces: &[String],
        first_words: impl Iterator<Item = &'w str>,
        lower_ok: impl Fn(u32, usize) -> bool,
    ) -> Self {
        let order = byte_order(surfaces);
        let root = Node {
            label: 0,
            surface: NONE,
            first_child: NONE,
            next_sibling: NONE,
        };
        let mut nodes = vec![root];
        // path[d] = node at depth d on the current surface; last_child[d] its newest child.
        let mut path: Vec<u32> = vec![0];
        let mut last_child: Vec<u32> = vec![NONE];
        let mut prev: &[u8] = &[];
        for &id in &order {
            let s = surfaces[id as usize].as_bytes();
            if s.is_empty() {
                continue;
            }
            let common = prev.iter().zip(s).take_while(|(a, b)| a == b).count();
            path.truncate(common + 1);
            last_child.truncate(common + 1);
            for &byte in &s[common..] {
                let n = nodes.len() as u32;
                nodes.push(Node {
                    label: byte,
                    surface: NONE,
                    first_child: NONE,
                    next_sibling: NONE,
                });
                let depth = path.len() - 1;
                let parent = path[depth];
                match last_child[depth] {
                    NONE => nodes[parent as usize].first_child = n,
                    c => nodes[c as usize].next_sibling = n,
                }
                last_child[depth] = n;
                path.push(n);
                last_child.push(NONE);
            }
            nodes[*path.last().unwrap_or(&0) as usize].surface = id;
            prev = s;
        }
        let mut g = Gazetteer {
            nodes,
            ..Default::default()
        };
        let mut words: Vec<&str> = first_words.filter(|w| !w.is_empty()).collect();
        words = byte_order(&words)
            .into_iter()
            .map(|i| words[i as usize])
            .collect();
        words.dedup();
        let size = (words.len() * 2).next_power_of_two().max(16);
        g.slots = vec![
            FirstWord {
                hash: 0,
                key_start: 0,
                key_len: 0,
                node: NONE,
                surface: NONE,
                surface_len: 0,
                lower_ok: false,
            };
            size
        ];
        g.mask = size - 1;
        let bit_count = (words.len() * 32).next_power_of_two().max(64);
        g.bits = vec![0; bit_count / 64];
        g.bit_mask = bit_count as u64 - 1;
        let subtree_end = g.subtree_ends();
        let lower_words: Vec<bool> = words
            .iter()
            .map(|w| {
                // Every surface the word lies in or begins (the trie path through it, then
                // the subtree after it) must accept a first word without capitals.
                let chars = w.chars().count();
                let mut node = 0u32;
                for &b in w.as_bytes() {
                    node = g.child(node, b);
                    if node == NONE {
                        return true;
                    }
                    let surface = g.nodes[node as usize].surface;
                    if surface != NONE && lower_ok(surface, chars) {
                        return true;
                    }
                }
                (node as usize + 1..subtree_end[node as usize] as usize).any(|n| {
                    let surface = g.nodes[n].surface;
                    surface != NONE && lower_ok(surface, chars)
                })
            })
            .collect();
        let lower_count = lower_words.iter().filter(|&&l| l).count();
        let lower_bit_count = (lower_count * 32).next_power_of_two().max(64);
        g.lower_bits = vec![0; lower_bit_count / 64];
        g.lower_bit_mask = lower_bit_count as u64 - 1;
        for (w, lower) in words.into_iter().zip(lower_words) {
            let (mut node, mut surface, mut surface_len) = (0u32, NONE, 0u32);
            for (i, &b) in w.as_bytes().iter().enumerate() {
                node = g.child(node, b);
                if node == NONE {
                    break;
                }
                if g.nodes[node as usize].surface != NONE {
                    surface = g.nodes[node as usize].surface;
                    surface_len = i as u32 + 1;
                }
            }
            let hash = word_hash(w.as_bytes());
            g.bits[(hash & g.bit_mask) as usize / 64] |= 1 << (hash & 63);
            if lower {
                g.lower_bits[(hash & g.lower_bit_mask) as usize / 64] |= 1 << (hash & 63);
            }
            let mut i = hash as usize & g.mask;
            while g.slots[i].key_len != 0 {
                i = (i + 1) & g.mask;
            }
            g.slots[i] = FirstWord {
                hash,
                key_start: g.keys.len() as u32,
                key_len: w.len() as u32,
                node,
                surface,
                surface_len,
                lower_ok: lower,
            };
            g.keys.extend_from_slice(w.as_bytes());
        }
        g
    }

    /// Node → one past the last node of its subtree (depth-first order keeps a subtree
    /// contiguous).
    fn subtree_ends(&self) -> Vec<u32> {
        let mut end = vec![0u32; self.nodes.len()];
        for n in (0..self.nodes.len()).rev() {
            let mut last = self.nodes[n].first_child;
            end[n] = n as u32 + 1;
            while last != NONE {
                end[n] = end[last as usize];
                last = self.nodes[last as usize].next_sibling;
            }
        }
        end
    }

    #[inline]
    fn child(&self, node: u32, byte: u8) -> u32 {
        let mut c = self.nodes[node as usize].first_child;
        while c != NONE {
            let n = &self.nodes[c as usize];
            if n.label == byte {
                return c;
            }
            if n.label > byte {
                return NONE;
            }
            c = n.next_sibling;
        }
        NONE
    }

    /// The longest surface that `lower[start..]` begins with, as (surface id, end byte), when
    /// `lower[start..word_end]` is one of the first words. `without_capitals`: the word has
    /// no capital in the text, and a surface that needs one there cannot be a hit (`None`).
    #[inline]
    pub fn longest_at(
        &self,
        lower: &[u8],
        start: usize,
        word_end: usize,
        without_capitals: bool,
    ) -> Option<(u32, usize)> {
        let word = &lower[start..word_end];
        let hash = word_hash(word);
        let (bits, mask) = if without_capitals {
            (&self.lower_bits, self.lower_bit_mask)
        } else {
            (&self.bits, self.bit_mask)
        };
        if bits.is_empty() || bits[(hash & mask) as usize / 64] & (1 << (hash & 63)) == 0 {
            return None;
        }
        let mut i = hash as usize & self.mask;
        loop {
            let slot = &self.slots[i];
            if slot.key_len == 0 {
                return None;
            }
            if slot.hash == hash
                && &self.keys[slot.key_start as usize..(slot.key_start + slot.key_len) as usize]
                    == word
            {
                break;
            }
            i = (i + 1) & self.mask;
        }
        self.longest_from(i as u32, lower, start, word_end)
    }

    /// The first words, as (slot, word, whether a token without capitals may begin a hit
    /// with it): the slot is what `longest_from` continues from.
    pub fn first_words(&self) -> impl Iterator<Item = (u32, &[u8], bool)> {
        self.slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.key_len != 0)
            .map(|(i, s)| {
                let key = &self.keys[s.key_start as usize..(s.key_start + s.key_len) as usize];
                (i as u32, key, s.lower_ok)
            })
    }

    /// `longest_at` for a word already known to be the first word in `slot`.
    #[inline]
    pub fn longest_from(
        &self,
        slot: u32,
        lower: &[u8],
        start: usize,
        word_end: usize,
    ) -> Option<(u32, usize)> {
        let entry = &self.slots[slot as usize];
        let mut best =
            (entry.surface != NONE).then(|| (entry.surface, start + entry.surface_len as usize));
        let mut node = entry.node;
        if node == NONE {
            return best;
        }
        for (i, &b) in lower[word_end..].iter().enumerate() {
            node = self.child(node, b);
            if node == NONE {
                break;
            }
            let surface = self.nodes[node as usize].surface;
            if surface != NONE {
                best = Some((surface, word_end + i + 1));
            }
        }
        best
    }
}

/// FxHash-style over 8-byte chunks with a final avalanche; never 0.
fn word_hash(word: &[u8]) -> u64 {
    let mut h = word.len() as u64;
    let mut mix = |w: u64| h = (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    let mut chunks = word.chunks_exact(8);
    for chunk in &mut chunks {
        let mut buf = [0u8; 8];
        buf.copy_from_slice(chunk);
        mix(u64::from_le_bytes(buf));
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        mix(tail
            .iter()
            .rev()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)));
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prefix-keyed order is the strings' own order.
    #[test]
    fn byte_order_sorts_as_the_strings_do() {
        let strings = [
            "new york",
            "new",
            "",
            "ab\0x",
            "ab",
            "abcdefgh",
            "abcdefghi",
            "abcdefgg",
            "zürich",
            "z",
            "\u{ff}",
            "new",
            "abcdefgh\0",
            "abcdefghijklmnopq",
            "abcdefghijklmnop",
            "abcdefghijklmnopa",
            "abcdefghijklmnop\0",
            "abcdefghijklmnopq",
        ];
        let mut expected: Vec<u32> = (0..strings.len() as u32).collect();
        expected.sort_by(|&a, &b| strings[a as usize].cmp(strings[b as usize]).then(a.cmp(&b)));
        assert_eq!(byte_order(&strings), expected);
    }

    fn gazetteer(surfaces: &[&str]) -> Gazetteer {
        let surfaces: Vec<String> = surfaces.iter().map(|s| s.to_string()).collect();
        let firsts: Vec<String> = surfaces
            .iter()
            .map(|s| s.split(' ').next().unwrap_or("").to_string())
            .collect();
        Gazetteer::build(&surfaces, firsts.iter().map(String::as_str), |_, _| true)
    }

    #[test]
    fn the_longest_surface_wins_and_a_word_outside_the_table_finds_nothing() {
        let g = gazetteer(&["new york", "new york city", "new", "york", "u.s"]);
        let text = b"in new york city today";
        assert_eq!(g.longest_at(text, 3, 6, false), Some((1, 16)));
        assert_eq!(g.longest_at(b"new yorkshire", 0, 3, false), Some((0, 8)));
        assert_eq!(g.longest_at(b"newt", 0, 4, false), None);
        assert_eq!(g.longest_at(b"in", 0, 2, false), None);
        // A surface shorter than the word it starts with.
        let g = gazetteer(&["u.s", "u.s."]);
        assert_eq!(g.longest_at(b"u.s. talks", 0, 4, false), Some((1, 4)));
    }

    #[test]
    fn a_word_without_capitals_finds_only_surfaces_that_accept_it() {
        let surfaces: Vec<String> = ["the hague", "trade war", "trade"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        // "The Hague" needs its capital T; the topics take any case.
        let g = Gazetteer::build(&surfaces, ["the", "trade"].into_iter(), |s, _| s != 0);
        assert_eq!(g.longest_at(b"the hague", 0, 3, false), Some((0, 9)));
        assert_eq!(g.longest_at(b"the hague", 0, 3, true), None);
        assert_eq!(g.longest_at(b"trade war", 0, 5, true), Some((1, 9)));
    }
}
