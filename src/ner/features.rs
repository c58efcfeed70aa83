//! Feature extraction for the tagger: a sentence's tokens → hashed feature keys per token
//! (word, lower-cased word, affixes, shapes, neighbours, sentence casing, gazetteer flags).
//! Training calls [`FeatureExtractor::extract`]; tagging sums the weights of the same keys
//! in `emissions.rs` (built from the pieces here, checked against this by a test), so they
//! agree exactly. A change to a feature here must be made there too.
//!
//! No feature is built as a string: each token's parts are hashed once, and a feature key
//! is a mix of a template number and those hashes. Tokens with no capital letter whose
//! neighbours have none either are "inactive": they get no features and are tagged O,
//! which skips most of running text (entities in news are capitalised).

use super::gazetteer::{self, Gazetteer};
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

const K: u64 = 0x517c_c1b7_2722_0a95;
/// Start value of a phrase hash (see [`phrase_step`]).
pub const PHRASE_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// Version of the feature set; a model records it and is refused by a different version.
pub const FEATURE_VERSION: u32 = 4;

#[inline]
pub(super) fn step(h: u64, value: u64) -> u64 {
    (h.rotate_left(5) ^ value).wrapping_mul(K)
}

#[inline]
fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Hash of a byte string (platform independent).
pub fn bytes_hash(bytes: &[u8]) -> u64 {
    let mut h = 0u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = step(h, u64::from_le_bytes(word));
    }
    for &b in chunks.remainder() {
        h = step(h, u64::from(b));
    }
    fmix(h ^ bytes.len() as u64)
}

/// Hash of the lower-cased token (Unicode lower-casing; ASCII takes a fast path with the
/// same result).
pub fn lower_hash(token: &str) -> u64 {
    let mut h = 0u64;
    let mut len = 0u64;
    if token.is_ascii() {
        for &b in token.as_bytes() {
            h = step(h, u64::from(b.to_ascii_lowercase()));
        }
        len = token.len() as u64;
    } else {
        let mut buf = [0u8; 4];
        for c in token.chars().map(typographic).flat_map(char::to_lowercase) {
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                h = step(h, u64::from(b));
                len += 1;
            }
        }
    }
    fmix(h ^ len.wrapping_mul(K))
}

/// Typographic quotes and dashes as their ASCII forms, so "Bessent’s" and "Bessent's"
/// (and CoNLL's ASCII text) look alike to the features.
#[inline]
fn typographic(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        _ => c,
    }
}

/// Extends a phrase hash by one token hash.
#[inline]
pub fn phrase_step(h: u64, token_hash: u64) -> u64 {
    fmix(h.rotate_left(17) ^ token_hash.wrapping_mul(0x2545_f491_4f6c_dd1d))
}

/// Hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Debug, Clone, Copy, Default)]
pub struct IdentityBuild;

/// See [`IdentityBuild`].
#[derive(Debug, Default)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = step(self.0, u64::from(b));
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

impl BuildHasher for IdentityBuild {
    type Hasher = IdentityHasher;
    fn build_hasher(&self) -> IdentityHasher {
        IdentityHasher(0)
    }
}

// Character-class bits of a token.
pub(super) const INIT_UPPER: u16 = 1 << 0;
const ALL_UPPER: u16 = 1 << 1;
pub(super) const HAS_UPPER: u16 = 1 << 2;
const HAS_LOWER: u16 = 1 << 3;
const HAS_DIGIT: u16 = 1 << 4;
const ALL_DIGIT: u16 = 1 << 5;
const HAS_HYPHEN: u16 = 1 << 6;
const HAS_PERIOD: u16 = 1 << 7;
const HAS_APOSTROPHE: u16 = 1 << 8;
const NO_ALNUM: u16 = 1 << 9;
const INNER_UPPER: u16 = 1 << 10;

/// What is known about one token before features are formed.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct TokenInfo {
    pub(super) word: u64,
    pub(super) lower: u64,
    pub(super) shape: u64,
    pub(super) short_shape: u64,
    pub(super) prefix: [u64; 4],
    pub(super) suffix: [u64; 4],
    pub(super) chars: u32,
    pub(super) class: u16,
    gazetteer: u16,
    phrase_begin: u16,
    phrase_inside: u16,
}

pub(super) const AFFIXES: usize = 4;

/// Casing bits (INIT_UPPER, ALL_UPPER, HAS_UPPER, HAS_LOWER) and the number of letters.
fn casing(token: &str) -> (u16, u32) {
    let mut class = 0;
    let mut letters = 0u32;
    let mut uppers = 0u32;
    for (index, c) in token.chars().enumerate() {
        if c.is_uppercase() {
            uppers += 1;
            letters += 1;
            class |= HAS_UPPER;
            if index == 0 {
                class |= INIT_UPPER;
            }
        } else if c.is_alphabetic() {
            letters += 1;
            class |= HAS_LOWER;
        }
    }
    if letters > 0 && uppers == letters {
        class |= ALL_UPPER;
    }
    (class, letters)
}
const MAX_SHAPE: usize = 16;

/// [`casing`] and [`lower_hash`] of a token together, in one pass over its bytes when it is
/// ASCII (the same values as the two functions).
pub(super) fn casing_and_lower(token: &str) -> (u16, u32, u64) {
    let bytes = token.as_bytes();
    let mut class = 0;
    let mut letters = 0u32;
    let mut uppers = 0u32;
    let mut h = 0u64;
    for &b in bytes {
        if !b.is_ascii() {
            let (class, letters) = casing(token);
            return (class, letters, lower_hash(token));
        }
        if b.is_ascii_uppercase() {
            uppers += 1;
            letters += 1;
            class |= HAS_UPPER;
        } else if b.is_ascii_lowercase() {
            letters += 1;
            class |= HAS_LOWER;
        }
        h = step(h, u64::from(b.to_ascii_lowercase()));
    }
    if bytes.first().is_some_and(u8::is_ascii_uppercase) {
        class |= INIT_UPPER;
    }
    if letters > 0 && uppers == letters {
        class |= ALL_UPPER;
    }
    (
        class,
        letters,
        fmix(h ^ (bytes.len() as u64).wrapping_mul(K)),
    )
}

/// How an ASCII byte counts in a token's description: its shape character ('X', 'x', 'd'
/// or the byte itself) and its class bits (a letter's bits are set by the caller).
const fn byte_kind(b: u8) -> (u8, u16) {
    if b.is_ascii_uppercase() {
        (b'X', 0)
    } else if b.is_ascii_lowercase() {
        (b'x', 0)
    } else if b.is_ascii_digit() {
        (b'd', HAS_DIGIT)
    } else {
        let class = match b {
            b'-' => HAS_HYPHEN,
            b'.' => HAS_PERIOD,
            b'\'' => HAS_APOSTROPHE,
            _ => 0,
        };
        (b, class)
    }
}

static BYTE_KINDS: [(u8, u16); 128] = {
    let mut table = [(0u8, 0u16); 128];
    let mut b = 0;
    while b < 128 {
        table[b] = byte_kind(b as u8);
        b += 1;
    }
    table
};

/// [`token_info`] of an ASCII token: the same values, computed byte by byte (None at the
/// first non-ASCII byte). The word hash is only needed (and only computed) for tokens with
/// a capital.
fn ascii_token_info(bytes: &[u8], lower: u64) -> Option<TokenInfo> {
    let mut info = TokenInfo {
        lower,
        ..TokenInfo::default()
    };
    let mut prefix_h = 0u64;
    let mut shape_h = 0u64;
    let mut short_h = 0u64;
    let mut previous_kind = 0u8;
    let mut class = 0u16;
    let (mut letters, mut uppers, mut digits) = (0u32, 0u32, 0u32);
    for (index, &b) in bytes.iter().enumerate() {
        if !b.is_ascii() {
            return None;
        }
        let lc = b.to_ascii_lowercase();
        if index < AFFIXES {
            prefix_h = step(prefix_h, u64::from(lc));
            info.prefix[index] = fmix(prefix_h);
        }
        let (kind, bits) = BYTE_KINDS[usize::from(b)];
        class |= bits;
        match kind {
            b'X' => {
                uppers += 1;
                letters += 1;
                class |= if index == 0 {
                    HAS_UPPER | INIT_UPPER
                } else {
                    HAS_UPPER | INNER_UPPER
                };
            }
            b'x' => {
                letters += 1;
                class |= HAS_LOWER;
            }
            b'd' => digits += 1,
            _ => {}
        }
        if index < MAX_SHAPE {
            shape_h = step(shape_h, u64::from(kind));
        }
        if kind != previous_kind {
            short_h = step(short_h, u64::from(kind));
            previous_kind = kind;
        }
    }
    let chars = bytes.len() as u32;
    class |= whole_word_class(letters, uppers, digits, chars);
    let mut suffix_h = 0u64;
    for (k, &b) in bytes.iter().rev().take(AFFIXES).enumerate() {
        suffix_h = step(suffix_h, u64::from(b.to_ascii_lowercase()));
        info.suffix[k] = fmix(suffix_h);
    }
    if class & HAS_UPPER != 0 {
        info.word = bytes_hash(bytes);
    }
    info.shape = fmix(shape_h ^ 1);
    info.short_shape = fmix(short_h ^ 2);
    info.chars = chars;
    info.class = class;
    Some(info)
}

pub(super) fn token_info(token: &str, lower: u64) -> TokenInfo {
    if let Some(info) = ascii_token_info(token.as_bytes(), lower) {
        return info;
    }
    let mut info = TokenInfo {
        word: bytes_hash(token.as_bytes()),
        lower,
        ..TokenInfo::default()
    };
    let mut prefix_h = 0u64;
    let mut last = [0u32; AFFIXES];
    let mut shape_h = 0u64;
    let mut short_h = 0u64;
    let mut shape_len = 0usize;
    let mut previous_class = 0u8;
    let mut class = 0u16;
    let mut letters = 0u32;
    let mut uppers = 0u32;
    let mut digits = 0u32;
    let mut chars = 0u32;
    for c in token.chars().map(typographic) {
        let lc = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            c.to_lowercase().next().unwrap_or(c)
        };
        if (chars as usize) < AFFIXES {
            prefix_h = step(prefix_h, u64::from(lc));
            info.prefix[chars as usize] = fmix(prefix_h);
        }
        last[chars as usize % AFFIXES] = lc as u32;
        let kind = if c.is_uppercase() {
            uppers += 1;
            letters += 1;
            class |= HAS_UPPER;
            if chars == 0 {
                class |= INIT_UPPER;
            } else {
                class |= INNER_UPPER;
            }
            b'X'
        } else if c.is_alphabetic() {
            letters += 1;
            class |= HAS_LOWER;
            b'x'
        } else if c.is_numeric() {
            digits += 1;
            class |= HAS_DIGIT;
            b'd'
        } else {
            match c {
                '-' => class |= HAS_HYPHEN,
                '.' => class |= HAS_PERIOD,
                '\'' | '\u{2019}' => class |= HAS_APOSTROPHE,
                _ => {}
            }
            if c.is_ascii() {
                c as u8
            } else {
                b'?'
            }
        };
        if shape_len < MAX_SHAPE {
            shape_h = step(shape_h, u64::from(kind));
            shape_len += 1;
        }
        if kind != previous_class {
            short_h = step(short_h, u64::from(kind));
            previous_class = kind;
        }
        chars += 1;
    }
    class |= whole_word_class(letters, uppers, digits, chars);
    let kept = (chars as usize).min(AFFIXES);
    let mut suffix_h = 0u64;
    for k in 0..kept {
        // The (k + 1)-th last character sits at (chars - 1 - k) mod AFFIXES.
        let at = (chars as usize + AFFIXES - 1 - k) % AFFIXES;
        suffix_h = step(suffix_h, u64::from(last[at]));
        info.suffix[k] = fmix(suffix_h);
    }
    info.shape = fmix(shape_h ^ 1);
    info.short_shape = fmix(short_h ^ 2);
    info.chars = chars;
    info.class = class;
    info
}

// Feature templates (the first argument of `key`).
#[repr(u64)]
#[derive(Clone, Copy)]
pub(super) enum Template {
    Bias = 1,
    Word,
    Lower,
    Prefix,
    Suffix,
    Shape,
    ShortShape,
    Class,
    PrevLower,
    NextLower,
    Prev2Lower,
    Next2Lower,
    PrevCurShape,
    CurNextShape,
    ShapeWindow,
    PrevCurLower,
    CurNextLower,
    PrevLowerCurShape,
    CurShapeNextLower,
    First,
    SentenceShape,
    SentenceLower,
    TokenGazetteer,
    PhraseBegin,
    PhraseInside,
    PrevGazetteer,
    NextGazetteer,
    PrevSuffix,
    NextSuffix,
    LowerShape,
    Document,
    DocumentPosition,
}

#[inline]
pub(super) fn key(template: Template, a: u64, b: u64) -> u64 {
    fmix(
        (template as u64).wrapping_mul(K)
            ^ a
            ^ b.rotate_left(29).wrapping_mul(0x2545_f491_4f6c_dd1d),
    )
}

/// The feature flag bits (below [`gazetteer::FLAG_COUNT`]) set in `flags`, lowest first.
pub(super) fn set_bits(flags: u16) -> impl Iterator<Item = u32> {
    let mut rest = flags & ((1 << gazetteer::FLAG_COUNT) - 1);
    std::iter::from_fn(move || {
        (rest != 0).then(|| {
            let bit = rest.trailing_zeros();
            rest &= rest - 1;
            bit
        })
    })
}

/// The gazetteer flags of a neighbouring token that are features of a capitalised token.
pub(super) const NEIGHBOUR_FLAGS: u16 = gazetteer::GIVEN_NAME
    | gazetteer::SURNAME
    | gazetteer::COUNTRY
    | gazetteer::CITY
    | gazetteer::DEMONYM;

pub(super) const BEFORE_START: u64 = 0x1111_2222_3333_4444;
pub(super) const AFTER_END: u64 = 0x5555_6666_7777_8888;

/// Casing of the whole sentence: news headlines are in capitals or title case, which makes
/// capitalisation a weaker cue there.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum SentenceCase {
    Normal = 0,
    Capitals = 1,
    Title = 2,
}

impl SentenceCase {
    /// Classifies a sentence from (casing bits, letters) of its tokens.
    pub(super) fn of(classes: impl Iterator<Item = (u16, u32)>) -> SentenceCase {
        let (mut capitalised, mut capitals, mut lowercase) = (0, 0, 0);
        for (class, letters) in classes {
            if class & HAS_LOWER != 0 && class & INIT_UPPER == 0 {
                lowercase += 1;
            }
            if class & ALL_UPPER != 0 && letters > 1 {
                capitals += 1;
            }
            if class & INIT_UPPER != 0 {
                capitalised += 1;
            }
        }
        if capitals >= 2 && lowercase == 0 {
            SentenceCase::Capitals
        } else if capitalised >= 3 && lowercase <= 1 {
            SentenceCase::Title
        } else {
            SentenceCase::Normal
        }
    }
}

// What a document says about a word elsewhere (bits of DocumentContext).
const SEEN_LOWER: u8 = 1 << 0;
const SEEN_CAPITALISED: u8 = 1 << 1;
const SEEN_IN_NAME: u8 = 1 << 2;
const SEEN_AFTER_GIVEN_NAME: u8 = 1 << 3;

/// Label-free evidence from the whole document about each word, keyed by its lower-cased
/// hash: seen in lower case, seen capitalised inside an ordinary sentence, seen inside a run
/// of capitalised words, seen right after a given name. It helps where the sentence itself
/// says little: the first word, capitals headlines, title-case headlines.
#[derive(Debug, Clone, Default)]
pub struct DocumentContext {
    words: HashMap<u64, u8, IdentityBuild>,
    scratch: Vec<(u16, u32, u64)>,
}

impl DocumentContext {
    /// Gathers the evidence over a document's sentences.
    pub fn build<S, T>(sentences: &[S], gazetteer: &Gazetteer) -> DocumentContext
    where
        S: AsRef<[T]>,
        T: AsRef<str>,
    {
        let mut context = DocumentContext::default();
        context.rebuild(sentences, gazetteer);
        context
    }

    /// [`DocumentContext::build`] reusing this context's memory.
    pub fn rebuild<S, T>(&mut self, sentences: &[S], gazetteer: &Gazetteer)
    where
        S: AsRef<[T]>,
        T: AsRef<str>,
    {
        let words = &mut self.words;
        words.clear();
        let tokens_info = &mut self.scratch;
        for sentence in sentences {
            tokens_info.clear();
            tokens_info.extend(
                sentence
                    .as_ref()
                    .iter()
                    .map(|token| casing_and_lower(token.as_ref())),
            );
            let case = SentenceCase::of(tokens_info.iter().map(|&(c, l, _)| (c, l)));
            for (i, &(_, _, lower)) in tokens_info.iter().enumerate() {
                let bits = evidence(tokens_info, i, case, gazetteer);
                if bits != 0 {
                    *words.entry(lower).or_insert(0) |= bits;
                }
            }
        }
    }

    pub(super) fn get(&self, lower: u64) -> u8 {
        self.words.get(&lower).copied().unwrap_or(0)
    }
}

/// What token `i` of a sentence ((casing bits, letters, lower-cased hash) per token) says
/// about its word, for [`DocumentContext`].
pub(super) fn evidence(
    tokens: &[(u16, u32, u64)],
    i: usize,
    case: SentenceCase,
    gazetteer: &Gazetteer,
) -> u8 {
    let (class, letters, _) = tokens[i];
    if letters == 0 {
        return 0;
    }
    if class & HAS_UPPER == 0 {
        return SEEN_LOWER;
    }
    if case != SentenceCase::Normal || i == 0 || class & INIT_UPPER == 0 {
        return 0;
    }
    let mut bits = SEEN_CAPITALISED;
    let capitalised = |j: usize| tokens[j].0 & INIT_UPPER != 0;
    if (i > 1 && capitalised(i - 1)) || (i + 1 < tokens.len() && capitalised(i + 1)) {
        bits |= SEEN_IN_NAME;
    }
    if capitalised(i - 1) && gazetteer.token_flags(tokens[i - 1].2) & gazetteer::GIVEN_NAME != 0 {
        bits |= SEEN_AFTER_GIVEN_NAME;
    }
    bits
}

/// The hashed features of one sentence: `keys[offsets[i]..offsets[i + 1]]` are token i's.
#[derive(Debug, Clone, Default)]
pub struct SentenceFeatures {
    pub keys: Vec<u64>,
    pub offsets: Vec<u32>,
    /// Whether the token may be part of an entity (inactive tokens are tagged O).
    pub active: Vec<bool>,
    infos: Vec<TokenInfo>,
    lowers: Vec<u64>,
    /// (casing bits, letters, lower-cased hash) per token.
    casings: Vec<(u16, u32, u64)>,
}

impl SentenceFeatures {
    pub fn len(&self) -> usize {
        self.active.len()
    }

    pub fn is_empty(&self) -> bool {
        self.active.is_empty()
    }

    /// The feature keys of token `i`.
    pub fn token(&self, i: usize) -> &[u64] {
        &self.keys[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// Whether any token is active.
    pub fn any_active(&self) -> bool {
        self.active.iter().any(|&a| a)
    }
}

/// Forms features with the gazetteers.
#[derive(Debug, Clone, Copy)]
pub struct FeatureExtractor<'g> {
    pub gazetteer: &'g Gazetteer,
}

impl FeatureExtractor<'_> {
    /// Fills `out` with the features of `tokens` (reusing its buffers), the sentence being
    /// its own document.
    pub fn extract<T: AsRef<str>>(&self, tokens: &[T], out: &mut SentenceFeatures) {
        self.extract_in(tokens, None, out);
    }

    /// [`FeatureExtractor::extract`] for a sentence of a document whose context is known
    /// (`None`: the sentence alone, the same as a context built from it alone).
    pub fn extract_in<T: AsRef<str>>(
        &self,
        tokens: &[T],
        document: Option<&DocumentContext>,
        out: &mut SentenceFeatures,
    ) {
        let n = tokens.len();
        out.keys.clear();
        out.offsets.clear();
        out.active.clear();
        out.infos.clear();
        out.lowers.clear();
        out.casings.clear();
        // A cheap casing pass over every token; the full description (affixes, shapes) is
        // only computed near capitalised tokens, where features are formed.
        let mut any_upper = false;
        for token in tokens {
            let (class, letters, lower) = casing_and_lower(token.as_ref());
            any_upper |= class & HAS_UPPER != 0;
            out.casings.push((class, letters, lower));
            out.lowers.push(lower);
        }
        if !any_upper {
            out.active.resize(n, false);
            out.offsets.resize(n + 1, 0);
            return;
        }
        let has_upper = |i: usize| out.casings[i].0 & HAS_UPPER != 0;
        for i in 0..n {
            let active =
                has_upper(i) || (i > 0 && has_upper(i - 1)) || (i + 1 < n && has_upper(i + 1));
            out.active.push(active);
        }
        for (i, token) in tokens.iter().enumerate() {
            let near =
                out.active[i] || (i > 0 && out.active[i - 1]) || (i + 1 < n && out.active[i + 1]);
            let (class, _, lower) = out.casings[i];
            out.infos.push(if near {
                token_info(token.as_ref(), lower)
            } else {
                TokenInfo {
                    lower,
                    class,
                    ..TokenInfo::default()
                }
            });
        }
        let sentence_case = SentenceCase::of(out.casings.iter().map(|&(c, l, _)| (c, l)));
        // Gazetteer flags: single tokens, then leftmost-longest phrases of 2+ tokens.
        let mut i = 0;
        while i < n {
            if out.active[i] {
                let (token_flags, phrase) = self.gazetteer.token_and_phrase(&out.lowers, i);
                out.infos[i].gazetteer = token_flags;
                if let Some((len, flags)) = phrase {
                    out.infos[i].phrase_begin = flags;
                    for info in &mut out.infos[i + 1..i + len] {
                        info.phrase_inside = flags;
                    }
                    for j in i + 1..i + len {
                        out.infos[j].gazetteer = self.gazetteer.token_flags(out.lowers[j]);
                    }
                    i += len;
                    continue;
                }
            }
            i += 1;
        }
        out.offsets.push(0);
        for i in 0..n {
            if out.active[i] {
                self.token_features(out, i, sentence_case, document);
            }
            out.offsets.push(out.keys.len() as u32);
        }
    }

    fn token_features(
        &self,
        out: &mut SentenceFeatures,
        i: usize,
        sentence_case: SentenceCase,
        document: Option<&DocumentContext>,
    ) {
        let infos = &out.infos;
        let keys = &mut out.keys;
        let n = infos.len();
        let cur = &infos[i];
        let lower_at = |j: isize| -> u64 {
            if j < 0 {
                BEFORE_START ^ (j as u64)
            } else if j as usize >= n {
                AFTER_END ^ (j as u64)
            } else {
                infos[j as usize].lower
            }
        };
        let shape_at = |j: isize| -> u64 {
            if j < 0 {
                BEFORE_START
            } else if j as usize >= n {
                AFTER_END
            } else {
                infos[j as usize].short_shape
            }
        };
        let at = i as isize;
        if cur.class & HAS_UPPER == 0 {
            // A lower-case word or a number next to a capitalised one: almost always outside
            // any entity, sometimes its last word ("BBC radio") or a particle inside it
            // ("Bank of England"). A few context features decide that, at a third of the cost.
            let (prev, next) = (lower_at(at - 1), lower_at(at + 1));
            keys.push(key(Template::Bias, 0, 0));
            keys.push(key(Template::Lower, cur.lower, 0));
            keys.push(key(Template::ShortShape, cur.short_shape, 0));
            keys.push(key(Template::PrevLower, prev, 0));
            keys.push(key(Template::NextLower, next, 0));
            keys.push(key(Template::PrevCurLower, prev, cur.lower));
            keys.push(key(Template::CurNextLower, cur.lower, next));
            keys.push(key(
                Template::ShapeWindow,
                shape_at(at - 1),
                step(cur.short_shape, shape_at(at + 1)),
            ));
            if cur.chars >= 3 {
                keys.push(key(Template::Suffix, cur.suffix[2], 2));
            }
            return;
        }
        keys.push(key(Template::Bias, 0, 0));
        keys.push(key(Template::Word, cur.word, 0));
        keys.push(key(Template::Lower, cur.lower, 0));
        for k in 0..(cur.chars as usize).min(AFFIXES) {
            keys.push(key(Template::Prefix, cur.prefix[k], k as u64));
            keys.push(key(Template::Suffix, cur.suffix[k], k as u64));
        }
        keys.push(key(Template::Shape, cur.shape, 0));
        keys.push(key(Template::ShortShape, cur.short_shape, 0));
        keys.push(key(Template::Class, u64::from(cur.class), 0));
        let (prev, next) = (lower_at(at - 1), lower_at(at + 1));
        keys.push(key(Template::PrevLower, prev, 0));
        keys.push(key(Template::NextLower, next, 0));
        keys.push(key(Template::Prev2Lower, lower_at(at - 2), 0));
        keys.push(key(Template::Next2Lower, lower_at(at + 2), 0));
        let (prev_shape, next_shape) = (shape_at(at - 1), shape_at(at + 1));
        keys.push(key(Template::PrevCurShape, prev_shape, cur.short_shape));
        keys.push(key(Template::CurNextShape, cur.short_shape, next_shape));
        keys.push(key(
            Template::ShapeWindow,
            prev_shape,
            step(cur.short_shape, next_shape),
        ));
        keys.push(key(Template::PrevCurLower, prev, cur.lower));
        keys.push(key(Template::CurNextLower, cur.lower, next));
        keys.push(key(Template::PrevLowerCurShape, prev, cur.short_shape));
        keys.push(key(Template::CurShapeNextLower, cur.short_shape, next));
        keys.push(key(Template::LowerShape, cur.lower, cur.short_shape));
        if i == 0 {
            keys.push(key(Template::First, cur.short_shape, 0));
        }
        let seen = match document {
            Some(document) => document.get(cur.lower),
            // The sentence is its own document: what the tokens of this word say (only
            // those are asked, usually just this one).
            None => out
                .casings
                .iter()
                .enumerate()
                .filter(|(_, (_, _, lower))| *lower == cur.lower)
                .fold(0, |bits, (j, _)| {
                    bits | evidence(&out.casings, j, sentence_case, self.gazetteer)
                }),
        };
        let seen = u64::from(seen);
        let position = u64::from(i == 0) | (sentence_case as u64) << 1;
        keys.push(key(Template::Document, seen, 0));
        keys.push(key(Template::DocumentPosition, seen, position));
        if sentence_case != SentenceCase::Normal {
            let case = sentence_case as u64;
            keys.push(key(Template::SentenceShape, case, cur.short_shape));
            keys.push(key(Template::SentenceLower, case, cur.lower));
        }
        let initial = u64::from(cur.class & INIT_UPPER != 0);
        for bit in set_bits(cur.gazetteer | cur.phrase_begin | cur.phrase_inside) {
            let flag = 1u16 << bit;
            if cur.gazetteer & flag != 0 {
                keys.push(key(Template::TokenGazetteer, u64::from(bit), initial));
            }
            if cur.phrase_begin & flag != 0 {
                keys.push(key(Template::PhraseBegin, u64::from(bit), initial));
            }
            if cur.phrase_inside & flag != 0 {
                keys.push(key(Template::PhraseInside, u64::from(bit), 0));
            }
        }
        if i > 0 {
            let p = &infos[i - 1];
            let flags = p.gazetteer & NEIGHBOUR_FLAGS;
            let capital = u64::from(p.class & INIT_UPPER != 0);
            for bit in set_bits(flags) {
                keys.push(key(Template::PrevGazetteer, u64::from(bit), capital));
            }
            if p.chars >= 3 {
                keys.push(key(Template::PrevSuffix, p.suffix[2], 0));
            }
        }
        if i + 1 < n {
            let q = &infos[i + 1];
            let flags = q.gazetteer & NEIGHBOUR_FLAGS;
            let capital = u64::from(q.class & INIT_UPPER != 0);
            for bit in set_bits(flags) {
                keys.push(key(Template::NextGazetteer, u64::from(bit), capital));
            }
            if q.chars >= 3 {
                keys.push(key(Template::NextSuffix, q.suffix[2], 0));
            }
        }
    }
}

/// The class bits that depend on counts over the whole word (both description paths).
#[inline]
fn whole_word_class(letters: u32, uppers: u32, digits: u32, chars: u32) -> u16 {
    let mut class = 0;
    if letters > 0 && uppers == letters {
        class |= ALL_UPPER;
    }
    if digits > 0 && digits == chars {
        class |= ALL_DIGIT;
    }
    if letters == 0 && digits == 0 {
        class |= NO_ALNUM;
    }
    class
}
