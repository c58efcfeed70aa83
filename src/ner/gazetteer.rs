//! Gazetteer lookup for the tagger: the generated lexicons (places, demonyms, given names,
//! surnames under `data/lexicon/`) → a table from hashed lower-cased token sequences to
//! membership flags, which become tagger features.
//!
//! Training builds the table from the lexicon texts and stores it in the model file, so
//! loading the tagger copies one array instead of parsing the lexicons again (and the model
//! always sees exactly the gazetteers it was trained with).

use super::features::{lower_hash, phrase_step, IdentityBuild, PHRASE_SEED};
use super::model::Reader;
use super::NerError;
use std::collections::HashMap;

pub const COUNTRY: u16 = 1 << 0;
pub const CITY: u16 = 1 << 1;
pub const REGION: u16 = 1 << 2;
pub const CONTINENT: u16 = 1 << 3;
pub const CAPITAL: u16 = 1 << 4;
pub const BIG_CITY: u16 = 1 << 5;
pub const AMBIGUOUS: u16 = 1 << 6;
pub const DEMONYM: u16 = 1 << 7;
pub const GIVEN_NAME: u16 = 1 << 8;
pub const SURNAME: u16 = 1 << 9;
/// Number of flag bits that are features.
pub const FLAG_COUNT: u32 = 10;
/// Marks a proper prefix of a longer phrase, so phrase lookup stops as soon as no phrase
/// can continue (not a feature).
const PREFIX: u16 = 1 << 15;

/// Cities at least this large get [`BIG_CITY`].
const BIG_CITY_POPULATION: u64 = 500_000;
/// Longest phrase (in tokens) kept.
const MAX_PHRASE_TOKENS: usize = 6;

/// The lexicon files the tagger reads (their contents feed [`Gazetteer::checksum`]).
pub const LEXICON_FILES: [&str; 4] = [
    "lexicon/places.tsv",
    "lexicon/demonyms.tsv",
    "lexicon/given_names.txt",
    "lexicon/surnames.txt",
];

/// Hashed phrase → flags, as an open-addressed table: slot = key & mask, linear probing;
/// an entry is (key with its low 16 bits cleared, never 0) | flags, 0 = empty.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    slots: Vec<u64>,
    mask: usize,
    max_tokens: usize,
    checksum: u64,
}

/// The table while it is being built.
struct Builder {
    phrases: HashMap<u64, u16, IdentityBuild>,
    max_tokens: usize,
}

fn bundled_texts() -> Result<[&'static str; 4], NerError> {
    let mut texts = [""; 4];
    for (slot, file) in texts.iter_mut().zip(LEXICON_FILES) {
        *slot = crate::data::file(file).ok_or_else(|| NerError::Lexicon {
            file: file.to_string(),
            line: 0,
            message: "not embedded in the binary".to_string(),
        })?;
    }
    Ok(texts)
}

fn checksum_of(texts: &[&str]) -> u64 {
    texts.iter().fold(PHRASE_SEED, |sum, text| {
        phrase_step(sum, super::features::bytes_hash(text.as_bytes()))
    })
}

#[inline]
fn entry_key(key: u64) -> u64 {
    let high = key & !0xffff;
    if high == 0 {
        1 << 16
    } else {
        high
    }
}

impl Gazetteer {
    /// The gazetteers embedded in the binary.
    pub fn bundled() -> Result<Gazetteer, NerError> {
        let [places, demonyms, given, surnames] = bundled_texts()?;
        Gazetteer::from_texts(places, demonyms, given, surnames)
    }

    /// The fingerprint of the lexicon files embedded in the binary.
    pub fn bundled_checksum() -> Result<u64, NerError> {
        Ok(checksum_of(&bundled_texts()?))
    }

    /// Builds the table from the texts of places.tsv, demonyms.tsv, given_names.txt, surnames.txt.
    pub fn from_texts(
        places: &str,
        demonyms: &str,
        given_names: &str,
        surnames: &str,
    ) -> Result<Gazetteer, NerError> {
        let mut gazetteer = Builder {
            phrases: HashMap::with_capacity_and_hasher(120_000, IdentityBuild),
            max_tokens: 1,
        };
        for (index, line) in places.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let columns: Vec<&str> = line.split('\t').collect();
            if columns.len() < 7 {
                return Err(NerError::Lexicon {
                    file: LEXICON_FILES[0].to_string(),
                    line: index + 1,
                    message: format!("expected 7 tab-separated columns, found {}", columns.len()),
                });
            }
            let mut flags = match columns[1] {
                "country" => COUNTRY,
                "city" => CITY,
                "region" => REGION,
                "continent" => CONTINENT,
                _ => 0,
            };
            if columns[5] == "yes" {
                flags |= CAPITAL;
            }
            if columns[6] == "yes" {
                flags |= AMBIGUOUS;
            }
            if flags & CITY != 0 && columns[3].parse::<u64>().unwrap_or(0) >= BIG_CITY_POPULATION {
                flags |= BIG_CITY;
            }
            gazetteer.insert(columns[0], flags);
            for alias in columns[4].split('|').filter(|a| !a.is_empty()) {
                gazetteer.insert(alias, flags);
            }
        }
        for line in demonyms.lines() {
            if let Some((demonym, _country)) = line.split_once('\t') {
                if !demonym.starts_with('#') {
                    gazetteer.insert(demonym, DEMONYM);
                }
            }
        }
        for (text, flag) in [(given_names, GIVEN_NAME), (surnames, SURNAME)] {
            for name in text.lines() {
                let name = name.trim();
                if !name.is_empty() && !name.starts_with('#') {
                    gazetteer.insert(name, flag);
                }
            }
        }
        let checksum = checksum_of(&[places, demonyms, given_names, surnames]);
        Ok(gazetteer.finish(checksum))
    }

    /// Writes the table (part of the model file): max_tokens u32, slot_bits u32,
    /// checksum u64, 2^slot_bits × u64 slots.
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.max_tokens as u32).to_le_bytes());
        out.extend_from_slice(&self.slots.len().trailing_zeros().to_le_bytes());
        out.extend_from_slice(&self.checksum.to_le_bytes());
        for slot in &self.slots {
            out.extend_from_slice(&slot.to_le_bytes());
        }
    }

    /// Reads what [`Gazetteer::write`] wrote.
    pub(crate) fn read(reader: &mut Reader<'_>) -> Result<Gazetteer, NerError> {
        let max_tokens = reader.u32()? as usize;
        let slot_bits = reader.u32()?;
        if slot_bits > 28 || max_tokens == 0 || max_tokens > MAX_PHRASE_TOKENS {
            return Err(NerError::Model("malformed gazetteer table".into()));
        }
        let checksum = reader.u64()?;
        let slots: Vec<u64> = reader
            .take((1usize << slot_bits) * 8)?
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        if !slots.contains(&0) {
            return Err(NerError::Model("gazetteer table is full".into()));
        }
        Ok(Gazetteer {
            mask: slots.len() - 1,
            slots,
            max_tokens,
            checksum,
        })
    }

    #[inline]
    fn get(&self, key: u64) -> u16 {
        let wanted = entry_key(key);
        let mut slot = (key as usize) & self.mask;
        loop {
            let entry = self.slots[slot];
            if entry == 0 {
                return 0;
            }
            if entry & !0xffff == wanted {
                return (entry & 0xffff) as u16;
            }
            slot = (slot + 1) & self.mask;
        }
    }

    /// Flags of the one-token phrase whose lower-cased hash is `token_hash`.
    pub fn token_flags(&self, token_hash: u64) -> u16 {
        self.get(phrase_step(PHRASE_SEED, token_hash)) & !PREFIX
    }

    /// The longest phrase of at least two tokens starting at `start`: (length, flags).
    pub fn longest_phrase(&self, lower_hashes: &[u64], start: usize) -> Option<(usize, u16)> {
        let mut hash = PHRASE_SEED;
        let mut best = None;
        let end = lower_hashes.len().min(start + self.max_tokens);
        for (offset, &token_hash) in lower_hashes[start..end].iter().enumerate() {
            hash = phrase_step(hash, token_hash);
            let flags = self.get(hash);
            if flags == 0 {
                break; // no phrase starts with these tokens
            }
            if offset >= 1 && flags & !PREFIX != 0 {
                best = Some((offset + 1, flags & !PREFIX));
            }
        }
        best
    }

    /// [`Gazetteer::token_flags`] of token `start` and [`Gazetteer::longest_phrase`] from it,
    /// sharing the first lookup.
    pub fn token_and_phrase(
        &self,
        lower_hashes: &[u64],
        start: usize,
    ) -> (u16, Option<(usize, u16)>) {
        let first = self.token_entry(lower_hashes[start]);
        (
            Self::entry_flags(first),
            self.phrase_after(first, lower_hashes, start),
        )
    }

    /// The table's entry for the one-token phrase `token_hash` (its flags, and a bit telling
    /// whether longer phrases start with it; 0: neither). It depends on the word alone, so
    /// the tagger keeps it per word type.
    #[inline]
    pub(crate) fn token_entry(&self, token_hash: u64) -> u16 {
        self.get(phrase_step(PHRASE_SEED, token_hash))
    }

    /// The feature flags of a [`Gazetteer::token_entry`].
    #[inline]
    pub(crate) fn entry_flags(entry: u16) -> u16 {
        entry & !PREFIX
    }

    /// [`Gazetteer::longest_phrase`] from `start`, given the [`Gazetteer::token_entry`] of
    /// the token there.
    pub(crate) fn phrase_after(
        &self,
        first: u16,
        lower_hashes: &[u64],
        start: usize,
    ) -> Option<(usize, u16)> {
        if first == 0 {
            return None;
        }
        let mut hash = phrase_step(PHRASE_SEED, lower_hashes[start]);
        let mut best = None;
        let end = lower_hashes.len().min(start + self.max_tokens);
        for (offset, &token_hash) in lower_hashes[start + 1..end].iter().enumerate() {
            hash = phrase_step(hash, token_hash);
            let flags = self.get(hash);
            if flags == 0 {
                break; // no phrase starts with these tokens
            }
            if flags & !PREFIX != 0 {
                best = Some((offset + 2, flags & !PREFIX));
            }
        }
        best
    }

    /// The fingerprint of the lexicon texts the table was built from.
    pub fn checksum(&self) -> u64 {
        self.checksum
    }
}

impl Builder {
    fn finish(self, checksum: u64) -> Gazetteer {
        let mut slot_bits = 4;
        while (1usize << slot_bits) < self.phrases.len() * 2 {
            slot_bits += 1;
        }
        let mut slots = vec![0u64; 1 << slot_bits];
        let mask = slots.len() - 1;
        let mut entries: Vec<(u64, u16)> = self
            .phrases
            .iter()
            .filter(|(_, &flags)| flags != 0)
            .map(|(&key, &flags)| (key, flags))
            .collect();
        entries.sort_unstable();
        for (key, flags) in entries {
            let mut slot = (key as usize) & mask;
            while slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            slots[slot] = entry_key(key) | u64::from(flags);
        }
        Gazetteer {
            slots,
            mask,
            max_tokens: self.max_tokens,
            checksum,
        }
    }

    fn insert(&mut self, phrase: &str, flags: u16) {
        let mut prefixes = [0u64; MAX_PHRASE_TOKENS];
        let mut hash = PHRASE_SEED;
        let mut count = 0;
        for_each_token(phrase, |token| {
            hash = phrase_step(hash, lower_hash(token));
            if count < MAX_PHRASE_TOKENS {
                prefixes[count] = hash;
            }
            count += 1;
        });
        if count == 0 || count > MAX_PHRASE_TOKENS {
            return;
        }
        self.max_tokens = self.max_tokens.max(count);
        *self.phrases.entry(hash).or_insert(0) |= flags;
        for &prefix in &prefixes[..count - 1] {
            *self.phrases.entry(prefix).or_insert(0) |= PREFIX;
        }
    }
}

/// Splits a lexicon phrase the way CoNLL tokenises: on whitespace, with a trailing comma
/// as its own token ("Washington, D.C." → Washington , D.C.).
fn for_each_token(phrase: &str, mut f: impl FnMut(&str)) {
    for piece in phrase.split_whitespace() {
        match piece.strip_suffix(',') {
            Some(head) if !head.is_empty() => {
                f(head);
                f(",");
            }
            _ => f(piece),
        }
    }
}
