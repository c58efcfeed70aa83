//! Short words as integers, for the word tests recognition makes of most tokens: a word of
//! up to 16 bytes packed into a `u128` (exact, since words hold no NUL byte) is compared to a
//! listed word or looked up in a `KeySet` without a string comparison or an allocation.

/// The key of a listed word (at compile time).
pub(crate) const fn key(word: &str) -> u128 {
    let b = word.as_bytes();
    let mut k = 0u128;
    let mut i = 0;
    while i < b.len() && i < 16 {
        k |= (b[i] as u128) << (8 * i);
        i += 1;
    }
    k
}

/// The key of a word as written; 0 (no listed word) for the empty word and words longer
/// than 16 bytes.
#[inline]
pub(crate) fn key_of(word: &str) -> u128 {
    let b = word.as_bytes();
    match b.len() {
        0..=8 => u128::from(pack8(b)),
        9..=16 => u128::from(pack8(&b[..8])) | u128::from(pack8(&b[8..])) << 64,
        _ => 0,
    }
}

/// The key of a word ASCII-lower-cased.
#[inline]
pub(crate) fn lower_key_of(word: &str) -> u128 {
    let b = word.as_bytes();
    match b.len() {
        0..=8 => u128::from(lower8(pack8(b))),
        9..=16 => u128::from(lower8(pack8(&b[..8]))) | u128::from(lower8(pack8(&b[8..]))) << 64,
        _ => 0,
    }
}

/// Up to 8 bytes, little-endian, without a `memcpy` call: two overlapping loads (the bytes
/// they share are the same, so or-ing them is exact).
#[inline]
pub(crate) fn pack8(b: &[u8]) -> u64 {
    let n = b.len();
    let load4 = |s: &[u8]| u64::from(u32::from_le_bytes([s[0], s[1], s[2], s[3]]));
    match n {
        8.. => u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]),
        4..=7 => load4(b) | load4(&b[n - 4..]) << (8 * (n - 4)),
        _ => b
            .iter()
            .rev()
            .fold(0u64, |acc, &byte| acc << 8 | u64::from(byte)),
    }
}

/// The high bit of each of the eight bytes of `x` that is an ASCII capital A–Z, all other
/// bits clear.
#[inline]
pub(crate) fn ascii_upper_high_bits(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = x & LOW7;
    // High bit set where the byte is at least 'A', resp. greater than 'Z' (no carries: each
    // byte stays below 0x100).
    let at_least_a = low + 0x3f3f_3f3f_3f3f_3f3f;
    let above_z = low + 0x2525_2525_2525_2525;
    at_least_a & !above_z & !x & HIGH
}

/// ASCII-lower-cases the eight bytes of `x` at once (bytes outside A–Z unchanged).
#[inline]
pub(crate) fn lower8(x: u64) -> u64 {
    x | ascii_upper_high_bits(x) >> 2
}

/// Words up to this long are lower-cased on the stack by [`with_lower`].
const LOWER_INLINE: usize = 64;

/// Calls `f` with `word` lower-cased exactly as `str::to_lowercase` does it, without an
/// allocation for ASCII words of up to [`LOWER_INLINE`] bytes (for lookups in tables keyed
/// by lower-case words, made for most mentions).
#[inline]
pub(crate) fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let bytes = word.as_bytes();
    if bytes.len() <= LOWER_INLINE && bytes.is_ascii() {
        // Eight bytes at a time; the last store may pass the word's end (room for it).
        let mut buf = [0u8; LOWER_INLINE + 8];
        for (i, chunk) in bytes.chunks(8).enumerate() {
            buf[8 * i..8 * i + 8].copy_from_slice(&lower8(pack8(chunk)).to_le_bytes());
        }
        // ASCII lower-cased stays ASCII, so this always succeeds.
        if let Ok(lower) = std::str::from_utf8(&buf[..bytes.len()]) {
            return f(lower);
        }
    }
    f(&word.to_lowercase())
}

/// A set of word keys (open addressing; 0 marks a free slot).
#[derive(Debug, Default)]
pub(crate) struct KeySet {
    slots: Vec<u128>,
    mask: usize,
}

impl KeySet {
    /// The keys of the words of at most 16 bytes (longer ones are left to the caller).
    pub(crate) fn new<'w>(words: impl Iterator<Item = &'w str>, lower: bool) -> KeySet {
        let keys: Vec<u128> = words
            .map(|w| if lower { lower_key_of(w) } else { key_of(w) })
            .filter(|&k| k != 0)
            .collect();
        let size = (keys.len() * 2).next_power_of_two().max(16);
        let mut set = KeySet {
            slots: vec![0; size],
            mask: size - 1,
        };
        for k in keys {
            let mut i = Self::slot(k) & set.mask;
            while set.slots[i] != 0 && set.slots[i] != k {
                i = (i + 1) & set.mask;
            }
            set.slots[i] = k;
        }
        set
    }

    #[inline]
    fn slot(k: u128) -> usize {
        let x = (k as u64) ^ ((k >> 64) as u64).rotate_left(29);
        (x.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize
    }

    #[inline]
    pub(crate) fn contains(&self, k: u128) -> bool {
        if k == 0 || self.slots.is_empty() {
            return false;
        }
        let mut i = Self::slot(k) & self.mask;
        loop {
            match self.slots[i] {
                0 => return false,
                x if x == k => return true,
                _ => i = (i + 1) & self.mask,
            }
        }
    }
}

/// A table from word keys to small values (open addressing; key 0 marks a free slot), for
/// the lexicon tables resolution and recognition ask of names of up to 16 bytes: one probe
/// on the packed word instead of lower-casing it into a buffer and hashing the string.
/// A slot holds its key as two `u64` halves: with a `u128` (16-byte aligned) a slot of a
/// 4-byte value takes 32 bytes, with the halves 24, and the place names make these tables
/// large (about 25 MB at 32 bytes a slot).
#[derive(Debug, Default)]
pub(crate) struct KeyMap<V> {
    slots: Vec<([u64; 2], V)>,
    mask: usize,
}

/// A word key as the two halves a [`KeyMap`] slot stores.
#[inline]
fn halves(k: u128) -> [u64; 2] {
    [k as u64, (k >> 64) as u64]
}

impl<V: Copy + Default> KeyMap<V> {
    /// The words of 1 to 16 bytes of `entries` (as written) with their values; longer words
    /// are left to the caller.
    pub(crate) fn new<'w>(entries: impl Iterator<Item = (&'w str, V)>) -> KeyMap<V> {
        let entries: Vec<(u128, V)> = entries
            .map(|(w, v)| (key_of(w), v))
            .filter(|&(k, _)| k != 0)
            .collect();
        let size = (entries.len() * 2).next_power_of_two().max(16);
        let mut map = KeyMap {
            slots: vec![([0, 0], V::default()); size],
            mask: size - 1,
        };
        for (k, v) in entries {
            let key = halves(k);
            let mut i = KeySet::slot(k) & map.mask;
            while map.slots[i].0 != [0, 0] && map.slots[i].0 != key {
                i = (i + 1) & map.mask;
            }
            map.slots[i] = (key, v);
        }
        map
    }

    /// The value of the word whose key is `k` (0, no word, has none).
    #[inline]
    pub(crate) fn get(&self, k: u128) -> Option<V> {
        if k == 0 || self.slots.is_empty() {
            return None;
        }
        let wanted = halves(k);
        let mut i = KeySet::slot(k) & self.mask;
        loop {
            let (key, value) = self.slots[i];
            if key == wanted {
                return Some(value);
            }
            if key == [0, 0] {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_tell_words_apart_and_sets_find_their_words() {
        assert_eq!(key_of("He"), key("He"));
        assert_ne!(key_of("He"), key("he"));
        assert_eq!(lower_key_of("He"), key("he"));
        assert_ne!(key_of("a"), key_of("ab"));
        assert_eq!(key_of("a-very-long-word-indeed"), 0);
        for w in [
            "",
            "a",
            "Ab",
            "abc",
            "ABCD",
            "AbCdE",
            "Zürich",
            "abcdefgh",
            "ABCDEFGHI",
            "@[`{",
        ] {
            assert_eq!(key_of(w), key(w), "{w}");
            assert_eq!(lower_key_of(w), key(&w.to_ascii_lowercase()), "{w}");
        }
        let set = KeySet::new(["the", "And", "of"].into_iter(), true);
        assert!(set.contains(lower_key_of("THE")));
        assert!(set.contains(key("and")));
        assert!(!set.contains(key("in")));
        assert!(!set.contains(0));
    }

    #[test]
    fn key_maps_find_the_values_of_their_words() {
        let map =
            KeyMap::new([("the", 1u32), ("and", 2), ("a-very-long-word-indeed", 3)].into_iter());
        assert_eq!(map.get(lower_key_of("The")), Some(1));
        assert_eq!(map.get(key("and")), Some(2));
        assert_eq!(map.get(key("of")), None);
        assert_eq!(map.get(lower_key_of("a-very-long-word-indeed")), None);
        assert_eq!(map.get(0), None);
    }

    #[test]
    fn stack_lower_casing_agrees_with_to_lowercase() {
        let long = "Ab".repeat(40);
        for w in [
            "",
            "Kim",
            "NEW YORK",
            "Counter-Terrorism UNIT",
            "Zürich",
            "İstanbul",
            "ΣΑΣ",
            &long[..64],
            long.as_str(),
        ] {
            assert_eq!(with_lower(w, str::to_string), w.to_lowercase(), "{w}");
        }
    }
}
