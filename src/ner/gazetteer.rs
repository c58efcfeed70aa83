//! Gazetteer lookup for the tagger: the generated lexicons (places, demonyms, given names,
//! surnames under `data/lexicon/`) → a table from hashed lower-cased token sequences to
//! membership flags, which become tagger features.

use super::features::{lower_hash, phrase_step, IdentityBuild, PHRASE_SEED};
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
/// Number of flag bits in use.
pub const FLAG_COUNT: u32 = 10;

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

/// Hashed phrase → flags.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    phrases: HashMap<u64, u16, IdentityBuild>,
    max_tokens: usize,
    checksum: u64,
}

impl Gazetteer {
    /// The gazetteers embedded in the binary.
    pub fn bundled() -> Result<Gazetteer, NerError> {
        let mut texts = Vec::with_capacity(LEXICON_FILES.len());
        for file in LEXICON_FILES {
            let text = crate::data::file(file).ok_or_else(|| NerError::Lexicon {
                file: file.to_string(),
                line: 0,
                message: "not embedded in the binary".to_string(),
            })?;
            texts.push(text);
        }
        Gazetteer::from_texts(texts[0], texts[1], texts[2], texts[3])
    }

    /// Builds the table from the texts of places.tsv, demonyms.tsv, given_names.txt, surnames.txt.
    pub fn from_texts(
        places: &str,
        demonyms: &str,
        given_names: &str,
        surnames: &str,
    ) -> Result<Gazetteer, NerError> {
        let mut gazetteer = Gazetteer {
            phrases: HashMap::with_capacity_and_hasher(120_000, IdentityBuild),
            max_tokens: 1,
            checksum: 0,
        };
        let mut checksum = PHRASE_SEED;
        for text in [places, demonyms, given_names, surnames] {
            checksum = phrase_step(checksum, super::features::bytes_hash(text.as_bytes()));
        }
        gazetteer.checksum = checksum;
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
        Ok(gazetteer)
    }

    fn insert(&mut self, phrase: &str, flags: u16) {
        let mut hash = PHRASE_SEED;
        let mut count = 0;
        for_each_token(phrase, |token| {
            hash = phrase_step(hash, lower_hash(token));
            count += 1;
        });
        if count == 0 || count > MAX_PHRASE_TOKENS {
            return;
        }
        self.max_tokens = self.max_tokens.max(count);
        *self.phrases.entry(hash).or_insert(0) |= flags;
    }

    /// Flags of the one-token phrase whose lower-cased hash is `token_hash`.
    pub fn token_flags(&self, token_hash: u64) -> u16 {
        self.phrases
            .get(&phrase_step(PHRASE_SEED, token_hash))
            .copied()
            .unwrap_or(0)
    }

    /// The longest phrase of at least two tokens starting at `start`: (length, flags).
    pub fn longest_phrase(&self, lower_hashes: &[u64], start: usize) -> Option<(usize, u16)> {
        let mut hash = PHRASE_SEED;
        let mut best = None;
        let end = lower_hashes.len().min(start + self.max_tokens);
        for (offset, &token_hash) in lower_hashes[start..end].iter().enumerate() {
            hash = phrase_step(hash, token_hash);
            if offset >= 1 {
                if let Some(&flags) = self.phrases.get(&hash) {
                    best = Some((offset + 1, flags));
                }
            }
        }
        best
    }

    /// A fingerprint of the lexicon texts; the model records the one it was trained with.
    pub fn checksum(&self) -> u64 {
        self.checksum
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
