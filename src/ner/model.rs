//! The tagger: model bytes (`data/model/ner.bin`, embedded) → [`Tagger`]; tokens → entity
//! spans by Viterbi decoding over hashed-feature weights and tag transitions.
//!
//! File format (all integers little-endian):
//! ```text
//! magic        8 bytes  "NGNER02\n"
//! version      u32      feature-set version (features::FEATURE_VERSION)
//! tags         u32      number of tags (9: O, B-/I- PER ORG LOC MISC)
//! rows         u32      number of weight rows (features kept)
//! slot_bits    u32      the feature table has 2^slot_bits slots
//! scale        f32      weight = quantised value × scale (informational: decoding is integer)
//! transitions  (tags + 1) × tags × i32   row 0: from the sentence start; row p + 1: from tag p
//! slots        2^slot_bits × u64  open addressing, linear probing from (key & mask);
//!                                 0 = empty, else (key fingerprint << 32) | row
//! weights      rows × tags × i16
//! gazetteer    max_tokens u32, slot_bits u32, lexicon checksum u64, 2^slot_bits × u64
//!              (hashed lower-cased phrase → flags; see gazetteer.rs)
//! ```
//! The fingerprint is the key's high 32 bits with the lowest bit set (never 0). Loading
//! copies these arrays once; nothing is parsed or rebuilt, so start-up stays fast.

use super::emissions::{sentence_emissions, EmissionScratch, Scores};
use super::features::{DocumentContext, FEATURE_VERSION};
use super::gazetteer::Gazetteer;
use super::{spans_from_tags, NerError, NerSpan, NUM_TAGS};
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

pub(crate) const MAGIC: &[u8; 8] = b"NGNER02\n";
const HEADER_LEN: usize = 8 + 4 * 4 + 4;

static BUNDLED_MODEL: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/model/ner.bin"));

/// A trained tagger with its gazetteers.
#[derive(Debug, Clone)]
pub struct Tagger {
    /// The feature table with each feature's weights inline (one memory access per feature).
    slots: Vec<Slot>,
    mask: usize,
    rows: usize,
    /// One bit per value of a key's top FILTER_BITS bits: set when some feature in the table
    /// has them. Most features of a sentence are unknown; this small bitmap (128 KiB, stays
    /// in cache) answers them without touching the large table.
    filter: Box<[u64; FILTER_WORDS]>,
    transitions: Vec<i32>,
    gazetteer: Gazetteer,
    /// Tells loaded models apart (a clone shares its weights, so its id too): the
    /// per-thread word memo holds summed weights of one model.
    id: u64,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    /// 0 = empty.
    fingerprint: u32,
    weights: [i16; NUM_TAGS],
}

/// Reusable buffers for tagging one sentence after another without allocating.
#[derive(Debug, Default)]
pub struct TagScratch {
    words: EmissionScratch,
    active: Vec<bool>,
    emissions: Vec<i32>,
    back: Vec<[u8; NUM_TAGS]>,
    tags: Vec<usize>,
}

thread_local! {
    static SCRATCH: RefCell<TagScratch> = RefCell::new(TagScratch::default());
}

impl Tagger {
    /// The model bundled in the binary (trained on CoNLL-2003 eng.train), loaded once.
    pub fn bundled() -> &'static Tagger {
        static TAGGER: OnceLock<Tagger> = OnceLock::new();
        TAGGER.get_or_init(|| {
            Tagger::load(BUNDLED_MODEL)
                .expect("the bundled NER model and lexicons are valid (checked by the tests)")
        })
    }

    /// Loads a model file's bytes (weights and the gazetteer table it was trained with).
    pub fn load(bytes: &[u8]) -> Result<Tagger, NerError> {
        let mut reader = Reader { bytes, at: 0 };
        if reader.take(8)? != MAGIC {
            return Err(NerError::Model(
                "not a newsgraph NER model (bad magic)".into(),
            ));
        }
        let version = reader.u32()?;
        if version != FEATURE_VERSION {
            return Err(NerError::Model(format!(
                "model uses feature set {version}, this build computes feature set {FEATURE_VERSION}: retrain it"
            )));
        }
        let tags = reader.u32()? as usize;
        if tags != NUM_TAGS {
            return Err(NerError::Model(format!(
                "model has {tags} tags, expected {NUM_TAGS}"
            )));
        }
        let rows = reader.u32()? as usize;
        let slot_bits = reader.u32()?;
        if slot_bits > 30 {
            return Err(NerError::Model(format!(
                "feature table of 2^{slot_bits} slots is too large"
            )));
        }
        let _scale = reader.u32()?;
        debug_assert_eq!(reader.at, HEADER_LEN);
        let transitions = reader
            .take((NUM_TAGS + 1) * NUM_TAGS * 4)?
            .chunks_exact(4)
            .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let slot_count = 1usize << slot_bits;
        let slots: Vec<u64> = reader
            .take(slot_count * 8)?
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        if rows >= slot_count || !slots.contains(&0) {
            return Err(NerError::Model("feature table is full".into()));
        }
        let weights = reader.take(rows * NUM_TAGS * 2)?;
        let mut table = vec![Slot::default(); slot_count];
        for (slot, &entry) in table.iter_mut().zip(&slots) {
            if entry == 0 {
                continue;
            }
            let row = (entry & 0xffff_ffff) as usize;
            if row >= rows {
                return Err(NerError::Model(
                    "feature table points past the weights".into(),
                ));
            }
            slot.fingerprint = (entry >> 32) as u32;
            let bytes = &weights[row * NUM_TAGS * 2..(row + 1) * NUM_TAGS * 2];
            for (w, c) in slot.weights.iter_mut().zip(bytes.chunks_exact(2)) {
                *w = i16::from_le_bytes([c[0], c[1]]);
            }
        }
        let mut filter = Box::new([0u64; FILTER_WORDS]);
        for slot in table.iter().filter(|s| s.fingerprint != 0) {
            let bit = (slot.fingerprint >> (32 - FILTER_BITS)) as usize;
            filter[bit / 64] |= 1 << (bit % 64);
        }
        let gazetteer = Gazetteer::read(&mut reader)?;
        if reader.at != bytes.len() {
            return Err(NerError::Model(format!(
                "{} unexpected bytes after the weights",
                bytes.len() - reader.at
            )));
        }
        Ok(Tagger {
            slots: table,
            mask: slot_count - 1,
            rows,
            filter,
            transitions,
            gazetteer,
            id: NEXT_TAGGER_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// Whether the model's gazetteer table was built from the lexicon files embedded in
    /// this binary (false: the lexicons changed since training; retrain).
    pub fn lexicons_match(&self) -> Result<bool, NerError> {
        Ok(self.gazetteer.checksum() == Gazetteer::bundled_checksum()?)
    }

    /// Number of features with weights.
    pub fn feature_count(&self) -> usize {
        self.rows
    }

    /// The entities in one sentence's tokens, in order, not overlapping. Tokens are split
    /// as in CoNLL-2003 (Penn Treebank style): punctuation and the possessive `'s` are
    /// tokens of their own; abbreviations keep their period ("U.S.", "Corp.").
    pub fn tag(&self, tokens: &[&str]) -> Vec<NerSpan> {
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => self.tag_with(tokens, &mut scratch),
            Err(_) => self.tag_with(tokens, &mut TagScratch::default()),
        })
    }

    /// The entities of each sentence of one document (an article), in order. Better than
    /// tagging the sentences one by one: how a word is written elsewhere in the document
    /// (in lower case, capitalised mid-sentence, after a given name) informs headlines and
    /// sentence-initial words.
    pub fn tag_document<'t, S: AsRef<[&'t str]>>(&self, sentences: &[S]) -> Vec<Vec<NerSpan>> {
        let document = DocumentContext::build(sentences, &self.gazetteer);
        SCRATCH.with(|scratch| {
            let mut fallback = TagScratch::default();
            let mut borrowed = scratch.try_borrow_mut();
            let scratch = match borrowed.as_mut() {
                Ok(scratch) => &mut **scratch,
                Err(_) => &mut fallback,
            };
            sentences
                .iter()
                .map(|sentence| self.tag_in(sentence.as_ref(), Some(&document), scratch))
                .collect()
        })
    }

    /// [`Tagger::tag`] with caller-owned buffers.
    pub fn tag_with(&self, tokens: &[&str], scratch: &mut TagScratch) -> Vec<NerSpan> {
        self.tag_in(tokens, None, scratch)
    }

    fn tag_in(
        &self,
        tokens: &[&str],
        document: Option<&DocumentContext>,
        scratch: &mut TagScratch,
    ) -> Vec<NerSpan> {
        let any_active = sentence_emissions(
            self,
            tokens,
            document,
            &mut scratch.words,
            &mut scratch.emissions,
            &mut scratch.active,
        );
        if !any_active {
            return Vec::new(); // no capital letter: no entity
        }
        viterbi_scores(
            &scratch.emissions,
            &scratch.active,
            &self.transitions,
            &mut scratch.back,
            &mut scratch.tags,
        );
        spans_from_tags(&scratch.tags)
    }

    /// Which loaded model this is: the per-thread word memo of the emission scores holds
    /// one model's summed weights and starts again for another.
    pub(super) fn id(&self) -> u64 {
        self.id
    }

    pub(super) fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Adds the weights of feature `key` (if the model has it) to `sums`.
    #[inline]
    pub(super) fn add_weights(&self, key: u64, sums: &mut Scores) {
        if let Some(weights) = self.weights(key) {
            for (sum, &w) in sums.iter_mut().zip(weights) {
                *sum += i32::from(w);
            }
        }
    }

    /// False when no feature in the table can have this key.
    #[inline]
    fn maybe_known(&self, key: u64) -> bool {
        let bit = (fingerprint(key) >> (32 - FILTER_BITS)) as usize;
        self.filter[bit / 64] & (1 << (bit % 64)) != 0
    }

    #[inline]
    fn weights(&self, key: u64) -> Option<&[i16; NUM_TAGS]> {
        if !self.maybe_known(key) {
            return None;
        }
        let fingerprint = fingerprint(key);
        let mut slot = (key as usize) & self.mask;
        loop {
            let entry = &self.slots[slot];
            if entry.fingerprint == 0 {
                return None;
            }
            if entry.fingerprint == fingerprint {
                return Some(&entry.weights);
            }
            slot = (slot + 1) & self.mask;
        }
    }
}

/// Source of [`Tagger`] ids (0 is never given out: an empty memo belongs to no model).
static NEXT_TAGGER_ID: AtomicU64 = AtomicU64::new(1);

/// Size of the known-feature bitmap: 2^FILTER_BITS bits.
const FILTER_BITS: u32 = 20;
/// The bitmap's length in words (fixed, so indexing it needs no bounds check).
const FILTER_WORDS: usize = 1 << (FILTER_BITS - 6);

#[inline]
pub(crate) fn fingerprint(key: u64) -> u32 {
    ((key >> 32) as u32) | 1
}

/// Viterbi decoding: emissions (n × tags) + transitions ((tags + 1) × tags) → best legal
/// tag sequence; inactive tokens can only be O. Ties go to the lower tag index.
pub(crate) fn viterbi<S>(
    emissions: &[S],
    active: &[bool],
    transitions: &[S],
    back: &mut Vec<[u8; NUM_TAGS]>,
    tags: &mut Vec<usize>,
) where
    S: Copy + PartialOrd + std::ops::Add<Output = S> + Default,
{
    let n = active.len();
    tags.clear();
    back.clear();
    if n == 0 {
        return;
    }
    let mut score: [Option<S>; NUM_TAGS] = [None; NUM_TAGS];
    for (cur, slot) in score.iter_mut().enumerate() {
        if (active[0] || cur == 0) && ALLOWED[0][cur] {
            *slot = Some(transitions[cur] + emissions[cur]);
        }
    }
    back.push([0; NUM_TAGS]);
    for i in 1..n {
        let mut next: [Option<S>; NUM_TAGS] = [None; NUM_TAGS];
        let mut pointers = [0u8; NUM_TAGS];
        let reachable = if active[i] { NUM_TAGS } else { 1 };
        for cur in 0..reachable {
            let mut best: Option<(S, usize)> = None;
            for (prev, prev_score) in score.iter().enumerate() {
                let Some(prev_score) = *prev_score else {
                    continue;
                };
                if !ALLOWED[prev + 1][cur] {
                    continue;
                }
                let candidate = prev_score + transitions[(prev + 1) * NUM_TAGS + cur];
                if best.map_or(true, |(b, _)| candidate > b) {
                    best = Some((candidate, prev));
                }
            }
            if let Some((b, prev)) = best {
                next[cur] = Some(b + emissions[i * NUM_TAGS + cur]);
                pointers[cur] = prev as u8;
            }
        }
        score = next;
        back.push(pointers);
    }
    let mut best_tag = 0;
    let mut best_score: Option<S> = None;
    for (tag, s) in score.iter().enumerate() {
        if let Some(s) = *s {
            if best_score.map_or(true, |b| s > b) {
                best_score = Some(s);
                best_tag = tag;
            }
        }
    }
    tags.resize(n, 0);
    tags[n - 1] = best_tag;
    for i in (1..n).rev() {
        tags[i - 1] = back[i][tags[i]] as usize;
    }
}

/// Which tags an active token can have, given the tokens before it: O and B-X always; I-X
/// when the token before it is active too (I-X continues B-X or I-X). An inactive token is O.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reachable {
    Begin,
    All,
}

/// O and the B- tags, in index order.
const OUTSIDE_OR_BEGIN: [usize; 5] = [0, 1, 3, 5, 7];
/// Lanes of the O/B- part of [`viterbi_scores`]: the five tags of [`OUTSIDE_OR_BEGIN`]
/// and three unused.
const LANES: usize = 8;
/// The I- tags, in index order.
const INSIDE: [usize; 4] = [2, 4, 6, 8];
const ALL_TAGS: [usize; NUM_TAGS] = [0, 1, 2, 3, 4, 5, 6, 7, 8];

impl Reachable {
    fn tags(self) -> &'static [usize] {
        match self {
            Reachable::Begin => &OUTSIDE_OR_BEGIN,
            Reachable::All => &ALL_TAGS,
        }
    }
}

/// [`viterbi`] for the tagger's integer scores, with the same result (ties included). It
/// knows which tags are reachable instead of testing each pair: O and B-X may follow any tag,
/// I-X only B-X or I-X, and an inactive token is O, so most pairs need no check at all.
///
/// An inactive token is O whatever comes before it, so the best path through it is the
/// best path to it followed by the best path from it: each run of active tokens is decoded
/// on its own, and inactive tokens (most of a sentence) cost nothing. Scores within a run
/// leave out what the path before it scored, the same amount for every candidate, so every
/// comparison comes out as it does over the whole sentence.
pub(crate) fn viterbi_scores(
    emissions: &[i32],
    active: &[bool],
    transitions: &[i32],
    back: &mut Vec<[u8; NUM_TAGS]>,
    tags: &mut Vec<usize>,
) {
    let n = active.len();
    tags.clear();
    tags.resize(n, 0);
    let transition = |from: usize, to: usize| transitions[(from + 1) * NUM_TAGS + to];
    // Transitions from each tag to O and the B- tags, as eight lanes (three unused), so
    // the best previous tag of all five targets is found side by side.
    let mut to_outside_or_begin = [[0i32; LANES]; NUM_TAGS];
    for (prev, lanes) in to_outside_or_begin.iter_mut().enumerate() {
        for (lane, &cur) in lanes.iter_mut().zip(&OUTSIDE_OR_BEGIN) {
            *lane = transition(prev, cur);
        }
    }
    let mut start = 0;
    while start < n {
        if !active[start] {
            start += 1;
            continue;
        }
        let mut end = start + 1;
        while end < n && active[end] {
            end += 1;
        }
        // The run's first token follows the sentence start or an O. Scores of unreachable
        // tags are never read.
        back.clear();
        let mut score = [0i32; NUM_TAGS];
        for &tag in &OUTSIDE_OR_BEGIN {
            let from_before = if start == 0 {
                transitions[tag]
            } else {
                transition(0, tag)
            };
            score[tag] = from_before + emissions[start * NUM_TAGS + tag];
        }
        back.push([0; NUM_TAGS]);
        let mut reachable = Reachable::Begin;
        for i in start + 1..end {
            let row = &emissions[i * NUM_TAGS..(i + 1) * NUM_TAGS];
            let mut next = [0i32; NUM_TAGS];
            let mut pointers = [0u8; NUM_TAGS];
            // O and B-X may follow any tag: the best previous tag for all five targets at
            // once, previous tag by previous tag.
            let (best, best_prev) = best_previous(&score, reachable.tags(), &to_outside_or_begin);
            for (lane, cur) in OUTSIDE_OR_BEGIN.into_iter().enumerate() {
                next[cur] = best[lane] + row[cur];
                pointers[cur] = best_prev[lane] as u8;
            }
            for cur in INSIDE {
                // From B-X (cur - 1), or from I-X (cur) when that was reachable.
                let mut best_prev = cur - 1;
                let mut best = score[cur - 1] + transition(cur - 1, cur);
                if reachable == Reachable::All {
                    let candidate = score[cur] + transition(cur, cur);
                    if candidate > best {
                        best = candidate;
                        best_prev = cur;
                    }
                }
                next[cur] = best + row[cur];
                pointers[cur] = best_prev as u8;
            }
            reachable = Reachable::All;
            score = next;
            back.push(pointers);
        }
        let from = reachable.tags();
        let mut last = 0;
        if end < n {
            // The next token is O: the best tag to precede it.
            let mut best = score[0] + transition(0, 0);
            for &prev in &from[1..] {
                let candidate = score[prev] + transition(prev, 0);
                if candidate > best {
                    best = candidate;
                    last = prev;
                }
            }
        } else {
            for &tag in &from[1..] {
                if score[tag] > score[last] {
                    last = tag;
                }
            }
        }
        tags[end - 1] = last;
        for i in (start + 1..end).rev() {
            tags[i - 1] = back[i - start][tags[i]] as usize;
        }
        start = end;
    }
}

/// For each of the [`LANES`] targets, the best score over the previous tags `from` (the
/// first is O) of score + transition, and that tag (the earliest of equal ones).
#[inline]
fn best_previous(
    score: &[i32; NUM_TAGS],
    from: &[usize],
    transitions: &[[i32; LANES]; NUM_TAGS],
) -> ([i32; LANES], [i32; LANES]) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128i, _mm_add_epi32, _mm_and_si128, _mm_andnot_si128, _mm_cmpgt_epi32,
            _mm_loadu_si128, _mm_or_si128, _mm_set1_epi32, _mm_setzero_si128, _mm_storeu_si128,
        };
        // SAFETY: SSE2 is part of x86_64; every load and store is of the first four lanes
        // of an [i32; 8] array.
        unsafe {
            // Lanes 0-3 (O, B-PER, B-ORG, B-LOC) side by side; lane 4 (B-MISC) on its own.
            let low = |row: &[i32; LANES]| _mm_loadu_si128(row.as_ptr().cast::<__m128i>());
            let mut best = _mm_add_epi32(_mm_set1_epi32(score[0]), low(&transitions[0]));
            let mut best_prev = _mm_setzero_si128();
            let mut best_last = score[0] + transitions[0][4];
            let mut best_last_prev = 0;
            for &prev in &from[1..] {
                let candidate = _mm_add_epi32(_mm_set1_epi32(score[prev]), low(&transitions[prev]));
                let better = _mm_cmpgt_epi32(candidate, best);
                best = _mm_or_si128(
                    _mm_and_si128(better, candidate),
                    _mm_andnot_si128(better, best),
                );
                best_prev = _mm_or_si128(
                    _mm_and_si128(better, _mm_set1_epi32(prev as i32)),
                    _mm_andnot_si128(better, best_prev),
                );
                let candidate = score[prev] + transitions[prev][4];
                if candidate > best_last {
                    best_last = candidate;
                    best_last_prev = prev as i32;
                }
            }
            let (mut scores, mut tags) = ([0i32; LANES], [0i32; LANES]);
            _mm_storeu_si128(scores.as_mut_ptr().cast::<__m128i>(), best);
            _mm_storeu_si128(tags.as_mut_ptr().cast::<__m128i>(), best_prev);
            scores[4] = best_last;
            tags[4] = best_last_prev;
            (scores, tags)
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let mut best: [i32; LANES] = transitions[0].map(|t| score[0] + t);
        let mut best_prev = [0i32; LANES];
        for &prev in &from[1..] {
            for lane in 0..LANES {
                let candidate = score[prev] + transitions[prev][lane];
                if candidate > best[lane] {
                    best[lane] = candidate;
                    best_prev[lane] = prev as i32;
                }
            }
        }
        (best, best_prev)
    }
}

/// `ALLOWED[p + 1][c]`: tag c may follow tag p (row 0: the sentence start).
static ALLOWED: [[bool; NUM_TAGS]; NUM_TAGS + 1] = allowed_table();

const fn allowed_table() -> [[bool; NUM_TAGS]; NUM_TAGS + 1] {
    let mut table = [[true; NUM_TAGS]; NUM_TAGS + 1];
    let mut cur = 0;
    while cur < NUM_TAGS {
        // I-X (even, non-zero index) may only follow B-X (cur - 1) or I-X (cur).
        if cur != 0 && cur % 2 == 0 {
            let mut from = 0;
            while from <= NUM_TAGS {
                table[from][cur] = from == cur || from == cur + 1;
                from += 1;
            }
        }
        cur += 1;
    }
    table
}

/// Reads a model file front to back; every read is bounds-checked.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn take(&mut self, len: usize) -> Result<&'a [u8], NerError> {
        let end = self.at.checked_add(len).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| {
            NerError::Model(format!(
                "model file is truncated ({} bytes, needs at least {})",
                self.bytes.len(),
                self.at.saturating_add(len)
            ))
        })?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    pub(crate) fn u32(&mut self) -> Result<u32, NerError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn u64(&mut self) -> Result<u64, NerError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
}

/// Serialises a model (used by training).
pub(crate) fn write_model(
    keys_and_rows: &[(u64, Vec<i16>)],
    transitions: &[i32],
    gazetteer: &Gazetteer,
    scale: f32,
) -> Vec<u8> {
    let rows = keys_and_rows.len();
    let mut slot_bits = 4u32;
    // Keep the table at most half full so probes stay short.
    while (1usize << slot_bits) < rows * 2 {
        slot_bits += 1;
    }
    let slot_count = 1usize << slot_bits;
    let mask = slot_count - 1;
    let mut slots = vec![0u64; slot_count];
    for (row, (key, _)) in keys_and_rows.iter().enumerate() {
        let mut slot = (*key as usize) & mask;
        while slots[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        slots[slot] = (u64::from(fingerprint(*key)) << 32) | row as u64;
    }
    let mut out = Vec::with_capacity(HEADER_LEN + slot_count * 8 + rows * NUM_TAGS * 2);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
    out.extend_from_slice(&(NUM_TAGS as u32).to_le_bytes());
    out.extend_from_slice(&(rows as u32).to_le_bytes());
    out.extend_from_slice(&slot_bits.to_le_bytes());
    out.extend_from_slice(&scale.to_bits().to_le_bytes());
    for t in transitions {
        out.extend_from_slice(&t.to_le_bytes());
    }
    for s in &slots {
        out.extend_from_slice(&s.to_le_bytes());
    }
    for (_, weights) in keys_and_rows {
        for w in weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }
    gazetteer.write(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The integer Viterbi must pick exactly the tags the generic one picks (the one
    /// training uses), ties included: small score ranges make ties frequent.
    #[test]
    fn integer_viterbi_agrees_with_the_generic_one() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |range: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % range
        };
        let (mut back, mut expected, mut got) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..3000 {
            let n = next(12) as usize;
            let spread = if round % 2 == 0 { 3 } else { 1000 };
            let active: Vec<bool> = (0..n).map(|_| next(4) != 0).collect();
            let mut emissions: Vec<i32> = (0..n * NUM_TAGS)
                .map(|_| next(spread) as i32 - spread as i32 / 2)
                .collect();
            for (i, &a) in active.iter().enumerate() {
                if !a {
                    emissions[i * NUM_TAGS..(i + 1) * NUM_TAGS].fill(0);
                }
            }
            let transitions: Vec<i32> = (0..(NUM_TAGS + 1) * NUM_TAGS)
                .map(|_| next(spread) as i32 - spread as i32 / 2)
                .collect();
            viterbi(&emissions, &active, &transitions, &mut back, &mut expected);
            viterbi_scores(&emissions, &active, &transitions, &mut back, &mut got);
            assert_eq!(got, expected, "active {active:?}");
        }
    }
}
