//! One classification per token: the lexicon's word lists (stopwords, calendar words, name
//! particles, pronouns, cues, given names, the gazetteer's first words, ...) folded into one
//! table from a lower-cased word to bits, and `token_facts`, which looks every token of a
//! document up there once. Recognition then tests bits instead of asking each list again.

use super::words::{key_of, lower8, lower_key_of};
use crate::text::Token;

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
    /// Bits that hold only for the word written in lower case.
    pub const EXACT_LOWER_CASE: u32 = CONNECTOR | PARTICLE | SPEECH_VERB;
    /// The token is longer than 16 bytes: the table does not know it; ask the lists.
    pub const LONG: u32 = 1 << 28;
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

#[derive(Clone, Copy, Default)]
struct Slot {
    key: [u64; 2],
    bits: u32,
    first_word: u32,
}

/// Lower-cased word (up to 16 bytes, as a word key) → facts, by open addressing.
#[derive(Default)]
pub(crate) struct WordTable {
    slots: Vec<Slot>,
    mask: usize,
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
    "around", "inside", "of", "visit", "visited", "visiting", "visits", "leave", "left",
    "reached",
];
pub(crate) const PARTICLES: [&str; 19] = [
    "de", "da", "di", "do", "dos", "das", "du", "del", "della", "der", "den", "von", "van",
    "bin", "ibn", "al", "el", "la", "le",
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
const PRONOUNS: [(&str, u32); 7] = [
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
    /// `lists`, the gazetteer's first words (slot, word, lower-case ok) from `first_words`.
    pub(crate) fn build<'w>(
        lists: impl Iterator<Item = (&'w str, u32)>,
        first_words: impl Iterator<Item = (u32, &'w [u8], bool)>,
    ) -> WordTable {
        let mut words: Vec<(u128, u32, u32)> = Vec::new();
        let mut add = |k: u128, bits: u32, first_word: u32| {
            if k != 0 {
                words.push((k, bits, first_word));
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
            add(k, b, NO_FIRST_WORD);
        }
        for (w, b) in lists {
            add(lower_key_of(w), b, NO_FIRST_WORD);
        }
        for (slot, w, lower_ok) in first_words {
            if w.len() <= 16 {
                let k = std::str::from_utf8(w).map(lower_key_of).unwrap_or(0);
                let b = if lower_ok { bit::GAZETTEER_LOWER_OK } else { 0 };
                add(k, b, slot);
            }
        }
        let size = (words.len() * 2).next_power_of_two().max(16);
        let mut table = WordTable {
            slots: vec![Slot::default(); size],
            mask: size - 1,
        };
        for (k, b, first_word) in words {
            let k = split(k);
            let mut i = slot_of(k) & table.mask;
            loop {
                let s = &mut table.slots[i];
                if s.key == [0, 0] {
                    *s = Slot {
                        key: k,
                        bits: b,
                        first_word,
                    };
                    break;
                }
                if s.key == k {
                    s.bits |= b;
                    if first_word != NO_FIRST_WORD {
                        s.first_word = first_word;
                    }
                    break;
                }
                i = (i + 1) & table.mask;
            }
        }
        table
    }

    #[inline]
    fn get(&self, k: u128) -> (u32, u32) {
        let k = split(k);
        let mut i = slot_of(k) & self.mask;
        loop {
            let s = &self.slots[i];
            if s.key[0] == k[0] && s.key[1] == k[1] {
                return (s.bits, s.first_word);
            }
            if s.key[0] == 0 {
                return (0, NO_FIRST_WORD);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The facts of every token of `text` (`out[k]` for `tokens[k]`). A token's word key is
    /// read with two 8-byte loads from the text and masked to its length, no copy.
    pub(crate) fn token_facts(&self, text: &str, tokens: &[Token], out: &mut Vec<TokenFacts>) {
        let bytes = text.as_bytes();
        out.clear();
        out.reserve(tokens.len());
        for t in tokens {
            let (s, e) = (t.start as usize, t.end as usize);
            let n = e.saturating_sub(s);
            let facts = match bytes.get(s..s + 16) {
                Some(window) if n <= 16 => {
                    let mut lo = [0u8; 8];
                    let mut hi = [0u8; 8];
                    lo.copy_from_slice(&window[..8]);
                    hi.copy_from_slice(&window[8..]);
                    let mask = |m: usize| match m {
                        0 => 0,
                        8.. => u64::MAX,
                        m => (1u64 << (8 * m)) - 1,
                    };
                    let lo = u64::from_le_bytes(lo) & mask(n.min(8));
                    let hi = u64::from_le_bytes(hi) & mask(n.saturating_sub(8));
                    let (llo, lhi) = (lower8(lo), lower8(hi));
                    let lower = u128::from(llo) | u128::from(lhi) << 64;
                    let (mut bits, first_word) = if n == 0 {
                        (0, NO_FIRST_WORD)
                    } else {
                        self.get(lower)
                    };
                    if bits & bit::EXACT_LOWER_CASE != 0 && (lo != llo || hi != lhi) {
                        bits &= !bit::EXACT_LOWER_CASE;
                    }
                    if n > 0 && bytes[e - 1] == b'.' {
                        bits = (bits & !bit::MONTH) | crate::dates::month_number(t.text(text)).unwrap_or(0);
                    }
                    TokenFacts { bits, first_word }
                }
                _ => self.facts(t.text(text)),
            };
            out.push(facts);
        }
    }

    /// The facts of one word as written.
    #[inline]
    pub(crate) fn facts(&self, word: &str) -> TokenFacts {
        let lower = lower_key_of(word);
        let (mut bits, first_word) = if lower != 0 {
            self.get(lower)
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
