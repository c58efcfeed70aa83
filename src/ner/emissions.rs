//! Tagging-time emission scores: one sentence's tokens → each token's score per tag (the
//! summed weights of its features), the input of Viterbi decoding in [`super::model`].
//!
//! The scores are exactly the sums of the weights of the keys
//! [`super::features::FeatureExtractor::extract_in`] forms (training uses those; the test
//! below compares both), computed with less work: every feature that depends on one word
//! alone (its own description, or what it says as the neighbour of a token) is looked up
//! once per word type and its weights summed into a [`WordMemo`] entry kept across
//! sentences and documents. Per occurrence only the features that depend on position and
//! context are hashed and looked up. Integer sums do not depend on the order of their
//! terms, so the scores, and the tags, are the same.

use super::features::{
    casing_and_lower, evidence, key, set_bits, step, token_info, DocumentContext, SentenceCase,
    Template, AFFIXES, AFTER_END, BEFORE_START, HAS_UPPER, INIT_UPPER, NEIGHBOUR_FLAGS,
};
use super::gazetteer::Gazetteer;
use super::model::Tagger;
use super::NUM_TAGS;

/// Scores of one token, per tag.
pub(super) type Scores = [i32; NUM_TAGS];

/// A memo is emptied before a sentence that could take it past this many word types
/// (about 300 bytes each, so about 20 MB per thread) ...
const MAX_WORDS: usize = 1 << 16;
/// ... or when its words' bytes have passed this. (A single longer sentence still fits:
/// the memo is never emptied within a sentence, whose tokens refer to its entries.)
const MAX_TEXT: usize = 1 << 22;

/// How the memo finds a word: its length and first 16 bytes (zero-padded), loaded as two
/// words; longer words are also compared byte by byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WordBytes {
    head: [u64; 2],
    len: usize,
}

/// Words this long or shorter are compared by their [`WordBytes`] alone.
const INLINE: usize = 16;

impl WordBytes {
    #[inline]
    fn of(bytes: &[u8]) -> WordBytes {
        let (first, second) = bytes.split_at(bytes.len().min(8));
        WordBytes {
            head: [
                load_padded(first),
                load_padded(&second[..second.len().min(8)]),
            ],
            len: bytes.len(),
        }
    }

    /// Hash for the memo's table (speed only: equal words are found by comparing bytes).
    /// `bytes` is only read for words longer than [`INLINE`].
    #[inline]
    fn hash(&self, bytes: &[u8]) -> u64 {
        const M: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut h = (self.len as u64 ^ self.head[0]).wrapping_mul(M);
        h = (h.rotate_left(31) ^ self.head[1]).wrapping_mul(M);
        if self.len > INLINE {
            for chunk in bytes[INLINE..].chunks(8) {
                h = (h.rotate_left(31) ^ load_padded(chunk)).wrapping_mul(M);
            }
        }
        h ^ (h >> 29)
    }
}

/// Up to 8 bytes as a little-endian word, zero-padded (without a call to memcpy).
#[inline]
fn load_padded(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    if n >= 8 {
        u64::from_le_bytes([
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
        ])
    } else if n >= 4 {
        // Two overlapping 4-byte loads: bytes 0..4 and n-4..n.
        let low = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        let high = u32::from_le_bytes([bytes[n - 4], bytes[n - 3], bytes[n - 2], bytes[n - 1]]);
        u64::from(low) | u64::from(high) << (8 * (n - 4))
    } else if n > 0 {
        u64::from(bytes[0])
            | u64::from(bytes[n / 2]) << (8 * (n / 2))
            | u64::from(bytes[n - 1]) << (8 * (n - 1))
    } else {
        0
    }
}

/// What every token of a sentence needs of its word: how to find it, its casing and its
/// lower-cased hash. Kept apart from the larger [`Word`] so that looking words up reads
/// little memory.
#[derive(Debug, Clone, Copy)]
struct WordKey {
    bytes: WordBytes,
    /// Where a word longer than [`INLINE`] starts in the memo's text.
    start: usize,
    lower: u64,
    /// Casing bits and letter count as `casing_and_lower` gives them (sentence case,
    /// document evidence).
    casing: u16,
    letters: u32,
}

/// What the features of an active token and its neighbours read of a word (filled in by
/// [`describe`] when the word first stands near an active token), with the summed weights
/// of the features that depend on it alone.
#[derive(Debug, Clone, Default)]
struct Word {
    /// Whether the fields below are filled in.
    described: bool,
    lower: u64,
    short_shape: u64,
    /// The full class bits of its description.
    class: u16,
    /// Its one-token gazetteer entry ([`Gazetteer::token_entry`]).
    gazetteer: u16,
    /// Features of the token itself when it is active: the full set for a word with a
    /// capital letter, the reduced set for one without.
    own: Scores,
    /// As the token before / after an active word without capitals.
    prev: Scores,
    next: Scores,
    /// As the token before / after a word with a capital (neighbour word, suffix, gazetteer).
    prev_of_capital: Scores,
    next_of_capital: Scores,
    /// As the second token before / after a word with a capital.
    prev2: Scores,
    next2: Scores,
}

/// Word types already met, for one tagger (the sums hold its weights). Reused across
/// sentences and documents by the thread's scratch buffers.
#[derive(Debug, Default)]
pub(super) struct WordMemo {
    /// [`Tagger::id`] of the tagger whose weights the sums are (0: none yet).
    tagger: u64,
    /// Open addressing, linear probing from the hash: 0 = empty, else
    /// (hash's high 32 bits << 32) | (index into `keys` + 1). Entries are found by
    /// comparing bytes, so hash collisions cost time only. A power of two in length, at
    /// least twice the number of words.
    slots: Vec<u64>,
    /// Per word, by index: how to find it, and what every token needs of it ...
    keys: Vec<WordKey>,
    /// ... and what active tokens need.
    words: Vec<Word>,
    /// The bytes of words longer than [`INLINE`].
    text: Vec<u8>,
    /// The weights of Document(seen) + DocumentPosition(seen, position), at
    /// `seen * POSITIONS + position`: both depend on these two small numbers only.
    document: Vec<Scores>,
    /// The weights of the shape features of a capitalised token (PrevCurShape, CurNextShape,
    /// ShapeWindow) by its shape and its neighbours': a direct-mapped cache.
    shape_windows: Vec<ShapeWindow>,
}

#[derive(Debug, Clone, Copy, Default)]
struct ShapeWindow {
    shapes: [u64; 3],
    filled: bool,
    sums: Scores,
}

/// Entries of the shape-window cache (a power of two).
const SHAPE_WINDOWS: usize = 1 << 12;

#[inline]
fn shape_window_slot(shapes: &[u64; 3]) -> usize {
    let h = (shapes[0] ^ shapes[1].rotate_left(21) ^ shapes[2].rotate_left(42))
        .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (h >> 52) as usize & (SHAPE_WINDOWS - 1)
}

/// Values of what a document says about a word (four evidence bits) ...
const SEEN_VALUES: usize = 16;
/// ... and of a token's position feature (first or not, three sentence cases).
const POSITIONS: usize = 6;

/// Initial number of slots of the memo's table ...
const MIN_SLOTS: usize = 1 << 15;
/// ... and of word entries reserved: a corpus meets this many word types soon, and growing
/// the entries (about 300 bytes each) step by step would copy them again and again.
const INITIAL_WORDS: usize = MIN_SLOTS / 2;

impl WordMemo {
    fn clear(&mut self) {
        let slots = self.slots.len().max(MIN_SLOTS);
        self.slots.clear();
        self.slots.resize(slots, 0);
        self.keys.clear();
        self.words.clear();
        self.keys.reserve(INITIAL_WORDS);
        self.words.reserve(INITIAL_WORDS);
        self.text.clear();
    }

    /// Empties the memo if the next `tokens` could take it past its bounds.
    fn make_room(&mut self, tokens: usize) {
        if self.keys.len() + tokens > MAX_WORDS || self.text.len() > MAX_TEXT {
            self.clear();
        }
    }

    /// Doubles the table, keeping the entries.
    fn grow(&mut self) {
        let mask = self.slots.len() * 2 - 1;
        let mut slots = vec![0u64; mask + 1];
        for &entry in self.slots.iter().filter(|&&e| e != 0) {
            let key = &self.keys[(entry as u32 - 1) as usize];
            let long = if key.bytes.len > INLINE {
                &self.text[key.start..key.start + key.bytes.len]
            } else {
                &[]
            };
            let mut slot = key.bytes.hash(long) as usize & mask;
            while slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            slots[slot] = entry;
        }
        self.slots = slots;
    }

    /// The index of `token`'s entry, made now if it is new.
    #[inline]
    fn index(&mut self, token: &str) -> u32 {
        let bytes = token.as_bytes();
        let word_bytes = WordBytes::of(bytes);
        let hash = word_bytes.hash(bytes);
        let fingerprint = hash >> 32;
        let mut mask = self.slots.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            let entry = self.slots[slot];
            if entry == 0 {
                break;
            }
            if entry >> 32 == fingerprint {
                let index = (entry as u32 - 1) as usize;
                let key = &self.keys[index];
                if key.bytes == word_bytes
                    && (word_bytes.len <= INLINE
                        || &self.text[key.start..key.start + word_bytes.len] == bytes)
                {
                    return index as u32;
                }
            }
            slot = (slot + 1) & mask;
        }
        if (self.keys.len() + 1) * 2 > self.slots.len() {
            self.grow();
            mask = self.slots.len() - 1;
            slot = hash as usize & mask;
            while self.slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
        }
        let start = self.text.len();
        if bytes.len() > INLINE {
            self.text.extend_from_slice(bytes);
        }
        let (casing, letters, lower) = casing_and_lower(token);
        self.keys.push(WordKey {
            bytes: word_bytes,
            start,
            lower,
            casing,
            letters,
        });
        self.words.push(Word::default());
        let index = self.keys.len() as u32;
        self.slots[slot] = (fingerprint << 32) | u64::from(index);
        index - 1
    }
}

/// The summed weights of feature keys, added one by one (no list of keys is kept).
struct WeightSum<'t> {
    tagger: &'t Tagger,
    sums: Scores,
}

impl<'t> WeightSum<'t> {
    fn new(tagger: &'t Tagger) -> WeightSum<'t> {
        WeightSum {
            tagger,
            sums: [0; NUM_TAGS],
        }
    }

    #[inline]
    fn push(&mut self, key: u64) {
        self.tagger.add_weights(key, &mut self.sums);
    }

    fn sum(&self) -> Scores {
        self.sums
    }
}

/// Completes a memo entry: the token's full description and the weights of its word-only
/// features.
fn describe(tagger: &Tagger, token: &str, lower: u64, word: &mut Word) {
    let info = token_info(token, lower);
    let gazetteer_entry = tagger.gazetteer().token_entry(lower);
    let flags = Gazetteer::entry_flags(gazetteer_entry);
    let one = |template| {
        let mut keys = WeightSum::new(tagger);
        keys.push(key(template, info.lower, 0));
        keys.sum()
    };
    let mut own = WeightSum::new(tagger);
    own.push(key(Template::Bias, 0, 0));
    if info.class & HAS_UPPER == 0 {
        // The reduced set of FeatureExtractor::token_features for a word without capitals.
        own.push(key(Template::Lower, info.lower, 0));
        own.push(key(Template::ShortShape, info.short_shape, 0));
        if info.chars >= 3 {
            own.push(key(Template::Suffix, info.suffix[2], 2));
        }
    } else {
        own.push(key(Template::Word, info.word, 0));
        own.push(key(Template::Lower, info.lower, 0));
        for k in 0..(info.chars as usize).min(AFFIXES) {
            own.push(key(Template::Prefix, info.prefix[k], k as u64));
            own.push(key(Template::Suffix, info.suffix[k], k as u64));
        }
        own.push(key(Template::Shape, info.shape, 0));
        own.push(key(Template::ShortShape, info.short_shape, 0));
        own.push(key(Template::Class, u64::from(info.class), 0));
        own.push(key(Template::LowerShape, info.lower, info.short_shape));
        // An active token's gazetteer flags are always its one-token entry's.
        let initial = u64::from(info.class & INIT_UPPER != 0);
        for bit in set_bits(flags) {
            own.push(key(Template::TokenGazetteer, u64::from(bit), initial));
        }
    }
    // Both neighbours of a word with a capital are active, so their gazetteer flags are
    // their one-token entries' too.
    // The neighbour-word feature plus the gazetteer and suffix ones.
    let neighbour = |word_sums: Scores, gazetteer_template, suffix_template| {
        let mut keys = WeightSum::new(tagger);
        let capital = u64::from(info.class & INIT_UPPER != 0);
        for bit in set_bits(flags & NEIGHBOUR_FLAGS) {
            keys.push(key(gazetteer_template, u64::from(bit), capital));
        }
        if info.chars >= 3 {
            keys.push(key(suffix_template, info.suffix[2], 0));
        }
        let mut sums = keys.sum();
        add(&mut sums, &word_sums);
        sums
    };
    word.lower = lower;
    word.short_shape = info.short_shape;
    word.class = info.class;
    word.gazetteer = gazetteer_entry;
    word.own = own.sum();
    word.prev = one(Template::PrevLower);
    word.next = one(Template::NextLower);
    word.prev_of_capital = neighbour(word.prev, Template::PrevGazetteer, Template::PrevSuffix);
    word.next_of_capital = neighbour(word.next, Template::NextGazetteer, Template::NextSuffix);
    word.prev2 = one(Template::Prev2Lower);
    word.next2 = one(Template::Next2Lower);
    word.described = true;
}

/// Reusable buffers of [`sentence_emissions`].
#[derive(Debug, Default)]
pub(super) struct EmissionScratch {
    memo: WordMemo,
    ids: Vec<u32>,
    lowers: Vec<u64>,
    /// (casing bits, letters, lower-cased hash) per token, as `evidence` reads them.
    casings: Vec<(u16, u32, u64)>,
    phrase_begin: Vec<u16>,
    phrase_inside: Vec<u16>,
}

/// Buckets of lower-cased word hashes, to tell words that occur once in a sentence.
const BUCKETS: usize = 256;

#[inline]
fn bucket(lower: u64) -> usize {
    (lower >> 56) as usize
}

#[inline]
fn add(sums: &mut Scores, scores: &Scores) {
    for (sum, &s) in sums.iter_mut().zip(scores) {
        *sum += s;
    }
}

/// Fills `emissions` (tokens × tags) and `active` for one sentence; false when no token is
/// active (then every token is O and `emissions` is left as it is).
pub(super) fn sentence_emissions(
    tagger: &Tagger,
    tokens: &[&str],
    document: Option<&DocumentContext>,
    scratch: &mut EmissionScratch,
    emissions: &mut Vec<i32>,
    active: &mut Vec<bool>,
) -> bool {
    let EmissionScratch {
        memo,
        ids,
        lowers,
        casings,
        phrase_begin,
        phrase_inside,
    } = scratch;
    if memo.tagger != tagger.id() {
        memo.clear();
        memo.tagger = tagger.id();
        memo.shape_windows.clear();
        memo.shape_windows
            .resize(SHAPE_WINDOWS, ShapeWindow::default());
        memo.document.clear();
        for seen in 0..SEEN_VALUES as u64 {
            for position in 0..POSITIONS as u64 {
                let mut sums = [0; NUM_TAGS];
                tagger.add_weights(key(Template::Document, seen, 0), &mut sums);
                tagger.add_weights(key(Template::DocumentPosition, seen, position), &mut sums);
                memo.document.push(sums);
            }
        }
    }
    let n = tokens.len();
    memo.make_room(n);
    ids.clear();
    lowers.clear();
    casings.clear();
    active.clear();
    active.resize(n, false);
    // How many tokens of the sentence fall in each bucket of lower-cased hashes.
    let mut repeats = [0u8; BUCKETS];
    let mut any_upper = false;
    for (i, token) in tokens.iter().enumerate() {
        let index = memo.index(token);
        let key = &memo.keys[index as usize];
        if key.casing & HAS_UPPER != 0 {
            // A token with a capital letter and its neighbours are active.
            any_upper = true;
            if i > 0 {
                active[i - 1] = true;
            }
            active[i] = true;
            if i + 1 < n {
                active[i + 1] = true;
            }
        }
        let count = &mut repeats[bucket(key.lower)];
        *count = count.saturating_add(1);
        ids.push(index);
        lowers.push(key.lower);
        casings.push((key.casing, key.letters, key.lower));
    }
    if !any_upper {
        return false;
    }
    // Features read the full description of active tokens and their neighbours.
    for (i, (&index, token)) in ids.iter().zip(tokens).enumerate() {
        let near = active[i] || (i > 0 && active[i - 1]) || (i + 1 < n && active[i + 1]);
        if near {
            let word = &mut memo.words[index as usize];
            if !word.described {
                describe(tagger, token, lowers[i], word);
            }
        }
    }
    let words = &memo.words;
    let shape_windows = &mut memo.shape_windows;
    let word = |i: usize| &words[ids[i] as usize];
    let sentence_case = SentenceCase::of(casings.iter().map(|&(c, l, _)| (c, l)));
    // Gazetteer phrases: leftmost-longest, from active tokens (as in extract_in).
    phrase_begin.clear();
    phrase_begin.resize(n, 0);
    phrase_inside.clear();
    phrase_inside.resize(n, 0);
    let gazetteer = tagger.gazetteer();
    let mut i = 0;
    while i < n {
        if active[i] {
            if let Some((len, flags)) = gazetteer.phrase_after(word(i).gazetteer, lowers, i) {
                phrase_begin[i] = flags;
                phrase_inside[i + 1..i + len].fill(flags);
                i += len;
                continue;
            }
        }
        i += 1;
    }
    emissions.clear();
    emissions.resize(n * NUM_TAGS, 0);
    let at_before = |j: isize| BEFORE_START ^ (j as u64);
    let at_after = |j: usize| AFTER_END ^ (j as u64);
    for (i, row) in emissions.chunks_exact_mut(NUM_TAGS).enumerate() {
        if !active[i] {
            continue;
        }
        let cur = word(i);
        let mut sums = cur.own;
        let lookup =
            |sums: &mut Scores, template, a, b| tagger.add_weights(key(template, a, b), sums);
        if cur.class & HAS_UPPER == 0 {
            // See the reduced set in FeatureExtractor::token_features.
            let (prev, prev_shape) = if i > 0 {
                let p = word(i - 1);
                add(&mut sums, &p.prev);
                (p.lower, p.short_shape)
            } else {
                let prev = at_before(-1);
                lookup(&mut sums, Template::PrevLower, prev, 0);
                (prev, BEFORE_START)
            };
            let (next, next_shape) = if i + 1 < n {
                let q = word(i + 1);
                add(&mut sums, &q.next);
                (q.lower, q.short_shape)
            } else {
                let next = at_after(i + 1);
                lookup(&mut sums, Template::NextLower, next, 0);
                (next, AFTER_END)
            };
            lookup(&mut sums, Template::PrevCurLower, prev, cur.lower);
            lookup(&mut sums, Template::CurNextLower, cur.lower, next);
            lookup(
                &mut sums,
                Template::ShapeWindow,
                prev_shape,
                step(cur.short_shape, next_shape),
            );
            row.copy_from_slice(&sums);
            continue;
        }
        let (prev, prev_shape) = if i > 0 {
            let p = word(i - 1);
            add(&mut sums, &p.prev_of_capital);
            (p.lower, p.short_shape)
        } else {
            let prev = at_before(-1);
            lookup(&mut sums, Template::PrevLower, prev, 0);
            (prev, BEFORE_START)
        };
        let (next, next_shape) = if i + 1 < n {
            let q = word(i + 1);
            add(&mut sums, &q.next_of_capital);
            (q.lower, q.short_shape)
        } else {
            let next = at_after(i + 1);
            lookup(&mut sums, Template::NextLower, next, 0);
            (next, AFTER_END)
        };
        if i >= 2 {
            add(&mut sums, &word(i - 2).prev2);
        } else {
            lookup(
                &mut sums,
                Template::Prev2Lower,
                at_before(i as isize - 2),
                0,
            );
        }
        if i + 2 < n {
            add(&mut sums, &word(i + 2).next2);
        } else {
            lookup(&mut sums, Template::Next2Lower, at_after(i + 2), 0);
        }
        let shape = cur.short_shape;
        // The three shape features depend on three shapes of a small set: cached.
        let window = [prev_shape, shape, next_shape];
        let entry = &mut shape_windows[shape_window_slot(&window)];
        if entry.shapes != window || !entry.filled {
            let mut window_sums = [0; NUM_TAGS];
            lookup(&mut window_sums, Template::PrevCurShape, prev_shape, shape);
            lookup(&mut window_sums, Template::CurNextShape, shape, next_shape);
            lookup(
                &mut window_sums,
                Template::ShapeWindow,
                prev_shape,
                step(shape, next_shape),
            );
            *entry = ShapeWindow {
                shapes: window,
                filled: true,
                sums: window_sums,
            };
        }
        add(&mut sums, &entry.sums);
        lookup(&mut sums, Template::PrevCurLower, prev, cur.lower);
        lookup(&mut sums, Template::CurNextLower, cur.lower, next);
        lookup(&mut sums, Template::PrevLowerCurShape, prev, shape);
        lookup(&mut sums, Template::CurShapeNextLower, shape, next);
        if i == 0 {
            lookup(&mut sums, Template::First, shape, 0);
        }
        let seen = match document {
            Some(document) => document.get(cur.lower),
            // The sentence is its own document (as in FeatureExtractor::token_features).
            // Usually the word occurs once: its bucket says so without a scan.
            None if repeats[bucket(cur.lower)] == 1 => {
                evidence(casings, i, sentence_case, gazetteer)
            }
            None => casings
                .iter()
                .enumerate()
                .filter(|(_, (_, _, lower))| *lower == cur.lower)
                .fold(0, |bits, (j, _)| {
                    bits | evidence(casings, j, sentence_case, gazetteer)
                }),
        };
        let position = usize::from(i == 0) | (sentence_case as usize) << 1;
        add(
            &mut sums,
            &memo.document[usize::from(seen) * POSITIONS + position],
        );
        if sentence_case != SentenceCase::Normal {
            let case = sentence_case as u64;
            lookup(&mut sums, Template::SentenceShape, case, shape);
            lookup(&mut sums, Template::SentenceLower, case, cur.lower);
        }
        let initial = u64::from(cur.class & INIT_UPPER != 0);
        for bit in set_bits(phrase_begin[i]) {
            lookup(&mut sums, Template::PhraseBegin, u64::from(bit), initial);
        }
        for bit in set_bits(phrase_inside[i]) {
            lookup(&mut sums, Template::PhraseInside, u64::from(bit), 0);
        }
        row.copy_from_slice(&sums);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::features::{FeatureExtractor, SentenceFeatures};

    /// Sentences of the sample articles (split at spaces, with trailing punctuation and
    /// the possessive as tokens of their own) and a few written to reach every path:
    /// capitals and title-case headlines, non-ASCII words, gazetteer phrases, repeats.
    fn sentences() -> Vec<Vec<String>> {
        let mut sentences = vec![];
        for (_, text) in crate::data::files_under("articles") {
            for line in text.lines() {
                let mut sentence = vec![];
                for piece in line.split_whitespace() {
                    let (head, possessive) = match piece.strip_suffix("'s") {
                        Some(head) if !head.is_empty() => (head, true),
                        _ => (piece, false),
                    };
                    let word = head.trim_end_matches([',', '.', ';', ':', '"', ')']);
                    let word = word.trim_start_matches(['"', '(']);
                    if !word.is_empty() {
                        sentence.push(word.to_string());
                    }
                    if possessive {
                        sentence.push("'s".to_string());
                    }
                    if let Some(last) = head.chars().last().filter(|c| ",.;:".contains(*c)) {
                        sentence.push(last.to_string());
                        if last == '.' {
                            sentences.push(std::mem::take(&mut sentence));
                        }
                    }
                }
                if !sentence.is_empty() {
                    sentences.push(sentence);
                }
            }
        }
        for written in [
            "PRESIDENT VISITS NEW YORK CITY AS TALKS STALL",
            "Bank Of England Raises Rates Again In London",
            "Zürich ’s Müller-Lüdenscheid met Åsa Ødegård in São Paulo on Tuesday .",
            "Officials in Washington , D.C. and New York City said John Smith would visit Paris .",
            "the talks in new york ended without a deal , officials said .",
            "Smith said Smith would go . smith",
            "U.S.",
            "a",
            "IBM",
            "He met Kim Jong-un and the BBC radio host in the 1990s at 9.30 a.m. with O'Neil .",
            "Supercalifragilisticexpialidocious-Corporation reported 12,000,000 dollars",
        ] {
            sentences.push(written.split(' ').map(str::to_string).collect());
        }
        sentences
    }

    fn reference(
        tagger: &Tagger,
        tokens: &[&str],
        document: Option<&DocumentContext>,
    ) -> (Vec<i32>, Vec<bool>) {
        let extractor = FeatureExtractor {
            gazetteer: tagger.gazetteer(),
        };
        let mut features = SentenceFeatures::default();
        extractor.extract_in(tokens, document, &mut features);
        let mut emissions = vec![0; tokens.len() * NUM_TAGS];
        for (i, row) in emissions.chunks_exact_mut(NUM_TAGS).enumerate() {
            let mut sums = [0; NUM_TAGS];
            for &key in features.token(i) {
                tagger.add_weights(key, &mut sums);
            }
            row.copy_from_slice(&sums);
        }
        (emissions, features.active)
    }

    fn assert_same(
        tagger: &Tagger,
        sentence: &[&str],
        document: Option<&DocumentContext>,
        scratch: &mut EmissionScratch,
    ) {
        let (expected, expected_active) = reference(tagger, sentence, document);
        let (mut emissions, mut active) = (vec![], vec![]);
        if sentence_emissions(
            tagger,
            sentence,
            document,
            scratch,
            &mut emissions,
            &mut active,
        ) {
            assert_eq!(active, expected_active, "{sentence:?}");
            assert_eq!(emissions, expected, "{sentence:?}");
        } else {
            assert!(!expected_active.contains(&true), "{sentence:?}");
        }
    }

    /// The memo path gives exactly the scores of the keys training sees, alone and in a
    /// document, with a fresh memo and a warm one.
    #[test]
    fn scores_equal_the_sum_over_the_extracted_features() {
        let tagger = Tagger::bundled();
        let sentences = sentences();
        let tokens: Vec<Vec<&str>> = sentences
            .iter()
            .map(|s| s.iter().map(String::as_str).collect())
            .collect();
        let document = DocumentContext::build(&tokens, tagger.gazetteer());
        let mut scratch = EmissionScratch::default();
        for _warm in 0..2 {
            for sentence in &tokens {
                assert_same(tagger, sentence, None, &mut scratch);
                assert_same(tagger, sentence, Some(&document), &mut scratch);
            }
        }
    }

    #[test]
    fn padded_loads_read_every_byte_in_place() {
        let bytes: Vec<u8> = (1..=9).collect();
        for n in 0..=8 {
            let mut word = [0u8; 8];
            word[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(
                load_padded(&bytes[..n]),
                u64::from_le_bytes(word),
                "{n} bytes"
            );
        }
        // Words that share their first 16 bytes are still told apart.
        let mut memo = WordMemo::default();
        memo.clear();
        let long = "Internationalisation";
        let other = "Internationalisatiom";
        let (a, b) = (memo.index(long), memo.index(other));
        assert_ne!(a, b);
        assert_eq!(memo.index(long), a);
        assert_ne!(memo.index("ab"), memo.index("ab\0"));
    }

    /// A memo that fills up starts again and still gives the same scores.
    #[test]
    fn a_full_memo_is_emptied_and_scores_stay_the_same() {
        let tagger = Tagger::bundled();
        let mut scratch = EmissionScratch::default();
        let words: Vec<String> = (0..MAX_WORDS + 500).map(|i| format!("Wd{i}x")).collect();
        for (round, chunk) in words.chunks(9).enumerate() {
            let mut sentence: Vec<&str> = chunk.iter().map(String::as_str).collect();
            sentence.insert(sentence.len() / 2, "Paris");
            sentence.push(".");
            if round % 50 == 0 || scratch.memo.words.len() < 20 {
                assert_same(tagger, &sentence, None, &mut scratch);
            } else {
                let (mut emissions, mut active) = (vec![], vec![]);
                sentence_emissions(
                    tagger,
                    &sentence,
                    None,
                    &mut scratch,
                    &mut emissions,
                    &mut active,
                );
            }
        }
        assert!(scratch.memo.words.len() < MAX_WORDS / 2);
    }
}
