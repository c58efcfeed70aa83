//! One classification per token: the lexicon's word lists (stopwords, calendar words, name
//! particles, pronouns, cues, given names, the gazetteer's first words, ...) folded into one
//! table from a lower-cased word to bits, and `token_facts`, which looks every token of a
//! document up there once. Recognition then tests bits instead of asking each list again.

use super::words::{key_of, lower8, lower_key_of};
use crate::text::{Token, TokenKind};

/// Word facts, packed: calendar codes in the low bits, then one bit per list.
pub(crate) mod bit {
    /// Month number (1–12) in bits 0–3.
    pub const MONTH: u32 = 0xf;
    /// Weekday + 1 (Monday = 1) in bits 4–6.
    pub const WEEKDAY_SHIFT: u32 = 4;
    pub const WEEKDAY: u32 = 0x7 << WEEKDAY_SHIFT;
    /// Relative date word (1 yesterday, 2 today, 3 tomorrow, 4 this, 5 last, 6 next, 7 past).
    pub const RELATIVE_SHIFT: u32 = 7;
    pub const RELATIVE: u32 = 0x7 << RELATIVE_SHIFT;
    /// Date unit after a relative word (1 weekend, 2 week, 3 month, 4 year).
    pub const UNIT_SHIFT: u32 = 10;
    pub const UNIT: u32 = 0x7 << UNIT_SHIFT;
    /// Pronoun (1 he/she/him, 2 his/her, 3 it, 4 its).
    pub const PRONOUN_SHIFT: u32 = 13;
    pub const PRONOUN: u32 = 0x7 << PRONOUN_SHIFT;
    pub const STOPWORD: u32 = 1 << 16;
    /// A place preposition or verb of travel (any case).
    pub const LOCATIVE: u32 = 1 << 17;
    /// A word before a bare year ("in 2019", "since 2019").
    pub const YEAR_PREPOSITION: u32 = 1 << 18;
    /// "the", "a", "an", "its" (any case), before an apposition's noun.
    pub const DETERMINER: u32 = 1 << 19;
    /// Some description head noun is this word in some case.
    pub const DESCRIPTION: u32 = 1 << 20;
    /// Some given name is this word in some case.
    pub const GIVEN_NAME_ANY_CASE: u32 = 1 << 21;
    /// Some organisation cue is this word in some case.
    pub const ORG_CUE_ANY_CASE: u32 = 1 << 22;
    /// Some venue cue is this word in some case.
    pub const VENUE_CUE_ANY_CASE: u32 = 1 << 23;
    /// The gazetteer's first word may begin a hit without a capital in it.
    pub const GAZETTEER_LOWER_OK: u32 = 1 << 24;
    /// Lower-case only ("of", not "Of"): a connector inside a capitalised name.
    pub const CONNECTOR: u32 = 1 << 25;
    /// Lower-case only: a particle in a person's name ("von", "bin").
    pub const PARTICLE: u32 = 1 << 26;
    /// Lower-case only: a speech verb ("said").
    pub const SPEECH_VERB: u32 = 1 << 27;
    /// A month or weekday name.
    pub const CALENDAR: u32 = MONTH | WEEKDAY;
    /// Bits that hold only for the word written in lower case.
    pub const EXACT_LOWER_CASE: u32 = CONNECTOR | PARTICLE | SPEECH_VERB;
    /// The token is longer than 16 bytes: the table does not know it; ask the lists.
    pub const LONG: u32 = 1 << 28;
    /// A capitalised word, not a clitic ("’s"): it may be part of a name (per token).
    pub const NAME_WORD: u32 = 1 << 29;
    /// The token "-".
    pub const HYPHEN: u32 = 1 << 30;
}

/// No gazetteer first word.
pub(crate) const NO_FIRST_WORD: u32 = u32::MAX;

/// What the lexicon knows of one token of a document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TokenFacts {
    pub(crate) bits: u32,
    /// The gazetteer first-word slot the token's lower-cased text is, or `NO_FIRST_WORD`.
    pub(crate) first_word: u32,
}

impl TokenFacts {
    #[inline]
    pub(crate) fn has(self, b: u32) -> bool {
        self.bits & b != 0
    }
    #[inline]
    pub(crate) fn month(self) -> Option<u32> {
        match self.bits & bit::MONTH {
            0 => None,
            m => Some(m),
        }
    }
    #[inline]
    pub(crate) fn weekday(self) -> Option<i64> {
        match (self.bits & bit::WEEKDAY) >> bit::WEEKDAY_SHIFT {
            0 => None,
            d => Some(i64::from(d) - 1),
        }
    }
    #[inline]
    pub(crate) fn code(self, mask: u32, shift: u32) -> u32 {
        (self.bits & mask) >> shift
    }
}

/// What the lexicon knows of the tokens of one document.
#[derive(Debug, Default)]
pub struct DocumentFacts {
    /// Per token.
    pub(crate) facts: Vec<TokenFacts>,
    /// The tokens that may begin a gazetteer hit (a surface's first word, or too long for
    /// the table to say), in order.
    pub(crate) first_words: Vec<u32>,
    /// The tokens that may begin a date, in order.
    pub(crate) date_starts: Vec<u32>,
    /// The pronouns, in order.
    pub(crate) pronouns: Vec<u32>,
    /// Per token: the id of its lower-cased text among the words indexed with
    /// [`Lexicon::index_words`](super::lexicon::Lexicon::index_words), `NOT_INDEXED` for none,
    /// or `UNREAD` when the table could not say (a token longer than 16 bytes).
    pub(crate) word_ids: Vec<u32>,
}

/// Each token's id among the words indexed with
/// [`Lexicon::index_words`](super::lexicon::Lexicon::index_words) (`NOT_INDEXED`, `UNREAD`),
/// found by recognition's table probe and handed on to the stage that indexed them.
#[derive(Clone, Debug, Default)]
pub struct IndexedWords {
    /// The fingerprint the words were indexed under (0: none).
    pub fingerprint: u64,
    pub ids: Vec<u32>,
    /// Per token: what the lexicon knows of it (recognition's one look-up), so that
    /// resolution tests a bit instead of asking a word list again.
    pub(crate) facts: Vec<TokenFacts>,
}

/// A token's text is none of the indexed words.
pub const NOT_INDEXED: u32 = u32::MAX;
/// The word table could not read the token (longer than 16 bytes, or at the very end of the
/// text): the caller looks it up itself.
pub const UNREAD: u32 = u32::MAX - 1;

/// `LENGTH_MASK[n]`: the low `n` bytes of a word.
const LENGTH_MASK: [u64; 9] = [
    0,
    0xff,
    0xffff,
    0xff_ffff,
    0xffff_ffff,
    0xff_ffff_ffff,
    0xffff_ffff_ffff,
    0xff_ffff_ffff_ffff,
    u64::MAX,
];

#[derive(Clone, Copy, Default)]
struct Slot {
    key: [u64; 2],
    bits: u32,
    first_word: u32,
    /// The word's id among the indexed words (`WordTable::build`), or `NOT_INDEXED`.
    word_id: u32,
}

/// Lower-cased word (up to 16 bytes, as a word key) → facts, by open addressing.
#[derive(Default)]
pub(crate) struct WordTable {
    slots: Vec<Slot>,
    mask: usize,
    /// The facts of each one-byte (ASCII) word: punctuation and single letters and digits
    /// are a good share of all tokens, and need no hashing.
    single_byte: Vec<TokenFacts>,
    /// The indexed id of each one-byte (ASCII) word, lower-cased.
    single_byte_ids: Vec<u32>,
}

impl std::fmt::Debug for WordTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WordTable")
            .field("slots", &self.slots.len())
            .finish()
    }
}

fn split(k: u128) -> [u64; 2] {
    [k as u64, (k >> 64) as u64]
}

#[inline]
fn slot_of(k: [u64; 2]) -> usize {
    let x = k[0] ^ k[1].rotate_left(29);
    (x.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize
}

/// The built-in word lists the recogniser's patterns use (general English, not lexicon data).
const LOCATIVES: [&str; 21] = [
    "in", "at", "to", "from", "near", "outside", "across", "into", "toward", "towards", "via",
    "around", "inside", "of", "visit", "visited", "visiting", "visits", "leave", "left", "reached",
];
pub(crate) const PARTICLES: [&str; 36] = [
    "de", "da", "di", "do", "dos", "das", "du", "del", "della", "der", "den", "von", "van", "bin",
    "ibn", "al", "el", "la", "le", "bint", "binti", "dela", "delos", "arap", "ole", "zu", "ter",
    "ap", "'t", "’t", "binte", "ul", "ud", "ur", "i", "y",
];
const CONNECTORS: [&str; 4] = ["of", "for", "&", "and"];
const SPEECH_VERBS: [&str; 9] = [
    "said", "says", "told", "added", "wrote", "stated", "noted", "argued", "warned",
];
const YEAR_PREPOSITIONS: [&str; 9] = [
    "in", "since", "by", "of", "during", "until", "early", "late", "mid",
];
const DETERMINERS: [&str; 4] = ["the", "a", "an", "its"];
const MONTHS: [(&str, u32); 24] = [
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const RELATIVES: [&str; 7] = [
    "yesterday",
    "today",
    "tomorrow",
    "this",
    "last",
    "next",
    "past",
];
const UNITS: [&str; 4] = ["weekend", "week", "month", "year"];
const PRONOUNS: [(&str, u32); 9] = [
    ("i", 5),
    ("me", 5),
    ("he", 1),
    ("she", 1),
    ("him", 1),
    ("his", 2),
    ("her", 2),
    ("it", 3),
    ("its", 4),
];

impl WordTable {
    /// Builds the table: `add(word, bits)` calls for the lexicon's lists come from
    /// `lists`, the gazetteer's first words (slot, word, lower-case ok) from `first_words`,
    /// and words whose ids a later stage wants per token (word, id) from `indexed`.
    pub(crate) fn build<'w>(
        lists: impl Iterator<Item = (&'w str, u32)>,
        first_words: impl Iterator<Item = (u32, &'w [u8], bool)>,
        indexed: impl Iterator<Item = (&'w str, u32)>,
    ) -> WordTable {
        let mut words: Vec<(u128, u32, u32, u32)> = Vec::new();
        let mut add = |k: u128, bits: u32, first_word: u32, word_id: u32| {
            if k != 0 {
                words.push((k, bits, first_word, word_id));
            }
        };
        let builtin = |list: &[&str], b: u32| -> Vec<(u128, u32)> {
            list.iter().map(|w| (key_of(w), b)).collect()
        };
        let mut fixed: Vec<(u128, u32)> = Vec::new();
        fixed.extend(builtin(&LOCATIVES, bit::LOCATIVE));
        fixed.extend(builtin(&PARTICLES, bit::PARTICLE | bit::CONNECTOR));
        fixed.extend(builtin(&CONNECTORS, bit::CONNECTOR));
        fixed.extend(builtin(&SPEECH_VERBS, bit::SPEECH_VERB));
        fixed.extend(builtin(&YEAR_PREPOSITIONS, bit::YEAR_PREPOSITION));
        fixed.extend(builtin(&DETERMINERS, bit::DETERMINER));
        fixed.push((key_of("-"), bit::HYPHEN));
        fixed.extend(MONTHS.iter().map(|&(w, m)| (key_of(w), m)));
        fixed.extend(
            WEEKDAYS
                .iter()
                .zip(1u32..)
                .map(|(w, d)| (key_of(w), d << bit::WEEKDAY_SHIFT)),
        );
        fixed.extend(
            RELATIVES
                .iter()
                .zip(1u32..)
                .map(|(w, r)| (key_of(w), r << bit::RELATIVE_SHIFT)),
        );
        fixed.extend(
            UNITS
                .iter()
                .zip(1u32..)
                .map(|(w, u)| (key_of(w), u << bit::UNIT_SHIFT)),
        );
        fixed.extend(
            PRONOUNS
                .iter()
                .map(|&(w, p)| (key_of(w), p << bit::PRONOUN_SHIFT)),
        );
        for (k, b) in fixed {
            add(k, b, NO_FIRST_WORD, NOT_INDEXED);
        }
        for (w, b) in lists {
            add(lower_key_of(w), b, NO_FIRST_WORD, NOT_INDEXED);
        }
        // As written: tokens are looked up lower-cased, so only lower-case words are found
        // (as by a lookup of the lower-cased token among the indexed words).
        for (w, id) in indexed {
            add(key_of(w), 0, NO_FIRST_WORD, id);
        }
        for (slot, w, lower_ok) in first_words {
            if w.len() <= 16 {
                let k = std::str::from_utf8(w).map(lower_key_of).unwrap_or(0);
                let b = if lower_ok { bit::GAZETTEER_LOWER_OK } else { 0 };
                add(k, b, slot, NOT_INDEXED);
            }
        }
        let size = (words.len() * 2).next_power_of_two().max(16);
        let mut table = WordTable {
            slots: vec![Slot::default(); size],
            mask: size - 1,
            single_byte: Vec::new(),
            single_byte_ids: Vec::new(),
        };
        for (k, b, first_word, word_id) in words {
            let k = split(k);
            let mut i = slot_of(k) & table.mask;
            loop {
                let s = &mut table.slots[i];
                if s.key == [0, 0] {
                    *s = Slot {
                        key: k,
                        bits: b,
                        first_word,
                        word_id,
                    };
                    break;
                }
                if s.key == k {
                    s.bits |= b;
                    if first_word != NO_FIRST_WORD {
                        s.first_word = first_word;
                    }
                    if word_id != NOT_INDEXED {
                        s.word_id = word_id;
                    }
                    break;
                }
                i = (i + 1) & table.mask;
            }
        }
        table.single_byte = (0u8..128)
            .map(|b| table.facts(&char::from(b).to_string()))
            .collect();
        table.single_byte_ids = (0u8..128)
            .map(
                |b| match key_of(&char::from(b.to_ascii_lowercase()).to_string()) {
                    0 => NOT_INDEXED,
                    k => table.get(split(k)).2,
                },
            )
            .collect();
        table
    }

    #[inline]
    fn get(&self, k: [u64; 2]) -> (u32, u32, u32) {
        let mut i = slot_of(k) & self.mask;
        loop {
            let s = &self.slots[i];
            if s.key[0] == k[0] && s.key[1] == k[1] {
                return (s.bits, s.first_word, s.word_id);
            }
            if s.key[0] == 0 {
                return (0, NO_FIRST_WORD, NOT_INDEXED);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The facts of every token of `text` (`out.facts[k]` for `tokens[k]`), and the tokens a
    /// gazetteer hit, a pronoun or a date may begin with.
    pub(crate) fn token_facts(&self, text: &str, tokens: &[Token], out: &mut DocumentFacts) {
        let bytes = text.as_bytes();
        // Local vectors (put back at the end): their lengths stay in registers.
        let mut facts = std::mem::take(&mut out.facts);
        let mut first_words = std::mem::take(&mut out.first_words);
        let mut date_starts = std::mem::take(&mut out.date_starts);
        let mut pronouns = std::mem::take(&mut out.pronouns);
        let mut word_ids = std::mem::take(&mut out.word_ids);
        facts.clear();
        first_words.clear();
        date_starts.clear();
        pronouns.clear();
        word_ids.clear();
        facts.reserve(tokens.len());
        word_ids.reserve(tokens.len());
        for (k, t) in tokens.iter().enumerate() {
            let (mut f, word_id) = self.token(text, bytes, t);
            // "don't": the clitic "'t" glued to its word is no Dutch article ("van 't Hof"),
            // so no name particle ("Don't Look Up" is no person).
            if f.bits & bit::PARTICLE != 0 && !t.space_before && t.text(text).ends_with('t') {
                f.bits &= !(bit::PARTICLE | bit::CONNECTOR);
            }
            facts.push(f);
            word_ids.push(word_id);
            if f.bits & (bit::LONG | bit::RELATIVE | bit::PRONOUN | bit::CALENDAR) == 0
                && f.first_word == NO_FIRST_WORD
                && t.kind != TokenKind::Number
            {
                continue;
            }
            if f.first_word != NO_FIRST_WORD || f.bits & bit::LONG != 0 {
                first_words.push(k as u32);
            }
            // A date begins at a capitalised calendar word, a relative date word or a number.
            if t.capitalised && f.bits & bit::CALENDAR != 0
                || f.bits & bit::RELATIVE != 0
                || t.kind == TokenKind::Number
            {
                date_starts.push(k as u32);
            }
            // "IT", "HIS" in capitals are acronyms ("IT minister X"), not pronouns ("I" is).
            // (The text is read only for pronouns: numbers and gazetteer words are many.)
            if f.bits & bit::PRONOUN != 0 {
                let word = t.text(text);
                let acronym = word.len() > 1 && word.bytes().all(|b| b.is_ascii_uppercase());
                if !acronym {
                    pronouns.push(k as u32);
                }
            }
        }
        out.facts = facts;
        out.first_words = first_words;
        out.date_starts = date_starts;
        out.pronouns = pronouns;
        out.word_ids = word_ids;
    }

    /// The facts of one token and its indexed word id (`UNREAD` when the table cannot say).
    /// Its word key is read with one or two 8-byte loads from the text, masked to its
    /// length: no copy, no slicing.
    #[inline]
    fn token(&self, text: &str, bytes: &[u8], t: &Token) -> (TokenFacts, u32) {
        let (s, e) = (t.start as usize, t.end as usize);
        let n = e.wrapping_sub(s);
        let load = |at: usize| -> Option<u64> {
            let window = bytes.get(at..at + 8)?;
            let mut word = [0u8; 8];
            word.copy_from_slice(window);
            Some(u64::from_le_bytes(word))
        };
        let loaded = match n {
            1..=8 => load(s).map(|lo| (lo & LENGTH_MASK[n], 0)),
            9..=16 => load(s)
                .zip(load(s + 8))
                .map(|(lo, hi)| (lo, hi & LENGTH_MASK[n - 8])),
            _ => None,
        };
        let Some((lo, hi)) = loaded else {
            let facts = self.with_name_word(self.facts(t.text(text)), t, bytes.get(s..e));
            return (facts, UNREAD);
        };
        let (mut facts, word_id) = if n == 1 && lo < 128 {
            (
                self.single_byte[lo as usize],
                self.single_byte_ids[lo as usize],
            )
        } else {
            let llo = lower8(lo);
            // Most words fit in the first eight bytes: no second half to lower-case.
            let lhi = if hi == 0 { 0 } else { lower8(hi) };
            let (mut bits, first_word, word_id) = self.get([llo, lhi]);
            if bits & bit::EXACT_LOWER_CASE != 0 && (lo != llo || hi != lhi) {
                bits &= !bit::EXACT_LOWER_CASE;
            }
            let last = if n > 8 {
                hi >> (8 * (n - 9))
            } else {
                lo >> (8 * (n - 1))
            };
            if last as u8 == b'.' {
                bits = (bits & !bit::MONTH) | crate::dates::month_number(t.text(text)).unwrap_or(0);
            }
            (TokenFacts { bits, first_word }, word_id)
        };
        // A capitalised word opening with an apostrophe ("'s", "’s") is a clitic, no name.
        if t.kind == TokenKind::Word
            && t.capitalised
            && lo as u8 != b'\''
            && lo & 0xff_ffff != 0x99_80e2
        {
            facts.bits |= bit::NAME_WORD;
        }
        (facts, word_id)
    }

    /// Adds the name-word bit to the facts of a token the fast path could not read.
    fn with_name_word(&self, mut facts: TokenFacts, t: &Token, word: Option<&[u8]>) -> TokenFacts {
        let word = word.unwrap_or(&[]);
        if t.kind == TokenKind::Word
            && t.capitalised
            && !word.starts_with(b"'")
            && !word.starts_with("\u{2019}".as_bytes())
        {
            facts.bits |= bit::NAME_WORD;
        }
        facts
    }

    /// The facts of one word as written.
    #[inline]
    pub(crate) fn facts(&self, word: &str) -> TokenFacts {
        let lower = lower_key_of(word);
        let (mut bits, first_word) = if lower != 0 {
            let (bits, first_word, _) = self.get(split(lower));
            (bits, first_word)
        } else if word.is_empty() {
            (0, NO_FIRST_WORD)
        } else {
            (bit::LONG, NO_FIRST_WORD)
        };
        if bits & bit::EXACT_LOWER_CASE != 0 && key_of(word) != lower {
            bits &= !bit::EXACT_LOWER_CASE;
        }
        // "Sept." is a month: trailing dots are no part of a month's name.
        if word.as_bytes().last() == Some(&b'.') {
            bits = (bits & !bit::MONTH) | crate::dates::month_number(word).unwrap_or(0);
        }
        TokenFacts { bits, first_word }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_has_the_facts_of_its_lists_in_the_case_they_hold() {
        let table = WordTable::build(
            [("The", bit::STOPWORD), ("Anna", bit::GIVEN_NAME_ANY_CASE)].into_iter(),
            [(7u32, &b"new"[..], false)].into_iter(),
            std::iter::empty(),
        );
        assert!(table.facts("THE").has(bit::STOPWORD));
        assert!(table.facts("anna").has(bit::GIVEN_NAME_ANY_CASE));
        assert_eq!(table.facts("Sept.").month(), Some(9));
        assert_eq!(table.facts("May").month(), Some(5));
        assert_eq!(table.facts("Sunday").weekday(), Some(6));
        assert!(table.facts("of").has(bit::CONNECTOR));
        assert!(!table.facts("Of").has(bit::CONNECTOR));
        assert_eq!(table.facts("New").first_word, 7);
        assert_eq!(table.facts("newt").first_word, NO_FIRST_WORD);
        assert!(table.facts("internationalisation").has(bit::LONG));
    }
}
