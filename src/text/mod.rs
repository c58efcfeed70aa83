//! The text stage: a document's text → tokens with byte offsets and sentences (`segment`).
//! Abbreviations ("Gen.", "Jan.", "U.S."), initials ("J.") and line structure (headlines,
//! bullet lines, paragraphs) decide where sentences end. One pass, no per-token allocation.

use std::ops::Range;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (and digits) possibly with internal apostrophes or dots ("U.S.", "Gen.").
    Word,
    /// Digits with internal separators ("2023", "1,000", "3.5", "50%").
    Number,
    /// Any other single character.
    Punct,
}

/// One token: a byte span of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub kind: TokenKind,
    /// Starts with an upper-case letter.
    pub capitalised: bool,
    /// Preceded by white space (or the start of the text).
    pub space_before: bool,
}

impl Token {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start as usize..self.end as usize]
    }
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One sentence: a byte span and the range of its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub start: u32,
    pub end: u32,
    pub tokens: Range<usize>,
    /// A line in title case without final punctuation (a headline or subheading): only
    /// lexicon-known names are taken from it, never guessed from capitals.
    pub headline: bool,
}

/// A segmented document: all tokens, and sentences indexing into them.
#[derive(Clone, Debug, Default)]
pub struct Segmented {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
}

/// Words that end with a dot without ending a sentence ("Gen.", "Jan.", "Inc."), lower-cased
/// with their dot; loaded from `lexicon/abbreviations.txt`. Kept as packed keys (bytes and
/// length, as [`abbreviation_key`] makes them) of the words of up to [`ABBREVIATION_MAX`]
/// bytes, the only ones a token is checked against, in a small open-addressing table: every
/// word that ends a sentence is asked about, so one probe, no string hashing.
#[derive(Clone, Debug, Default)]
pub struct Abbreviations {
    /// A power of two in length, at most half full; 0 marks a free slot (no key is 0: its
    /// length byte is not).
    slots: Vec<u128>,
}

/// Longer words are never asked about (see `contains_word_dot`).
const ABBREVIATION_MAX: usize = 12;

/// A word of up to [`ABBREVIATION_MAX`] bytes as an integer: its bytes, little-endian, and its
/// length in the top byte (so that equal keys are equal words).
fn abbreviation_key(bytes: &[u8]) -> u128 {
    let mut buf = [0u8; 16];
    buf[..bytes.len()].copy_from_slice(bytes);
    buf[15] = bytes.len() as u8;
    u128::from_le_bytes(buf)
}

/// The first slot of `key` in a table of `mask + 1` slots.
#[inline]
fn abbreviation_slot(key: u128, mask: usize) -> usize {
    let x = (key as u64) ^ ((key >> 64) as u64).rotate_left(23);
    (x.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) as usize & mask
}

impl Abbreviations {
    pub fn new<I: IntoIterator<Item = S>, S: AsRef<str>>(words: I) -> Self {
        let mut keys: Vec<u128> = words
            .into_iter()
            .map(|w| w.as_ref().trim().to_ascii_lowercase())
            .filter(|w| !w.is_empty() && w.len() <= ABBREVIATION_MAX)
            .map(|w| abbreviation_key(w.as_bytes()))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let size = (keys.len() * 2).next_power_of_two().max(16);
        let mut slots = vec![0u128; size];
        for key in keys {
            let mut i = abbreviation_slot(key, size - 1);
            while slots[i] != 0 {
                i = (i + 1) & (size - 1);
            }
            slots[i] = key;
        }
        Abbreviations { slots }
    }
    fn contains_word_dot(&self, word_with_dot: &str) -> bool {
        let bytes = word_with_dot.as_bytes();
        if bytes.len() > ABBREVIATION_MAX || self.slots.is_empty() {
            return false;
        }
        let mut buf = [0u8; 16];
        buf[..bytes.len()].copy_from_slice(bytes);
        buf.make_ascii_lowercase();
        buf[15] = bytes.len() as u8;
        let key = u128::from_le_bytes(buf);
        let mask = self.slots.len() - 1;
        let mut i = abbreviation_slot(key, mask);
        loop {
            match self.slots[i] {
                0 => return false,
                k if k == key => return true,
                _ => i = (i + 1) & mask,
            }
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// The character starting at byte `at` of `text` (an ASCII byte is taken as is, without
/// decoding), or None at the end.
#[inline]
fn char_at(text: &str, at: usize) -> Option<char> {
    match text.as_bytes().get(at) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => text[at..].chars().next(),
        None => None,
    }
}

impl Segmented {
    /// The indices of the headline sentences: those written in title case, and a first line in
    /// sentence case ("Levinson meets Haredi ally as draft law threatens coalition") that ends
    /// without a full stop and stands alone before a blank line.
    pub fn headline_sentences(&self, text: &str) -> Vec<u32> {
        let first_line_alone = self.sentences.first().is_some_and(|s| {
            let (start, end) = (s.start as usize, s.end as usize);
            text[..start].trim().is_empty()
                && !text[start..end].contains('\n')
                && !text[..end].ends_with(['.', '!', '?', '"', '”'])
                && text[end..]
                    .chars()
                    .take_while(|c| c.is_whitespace())
                    .filter(|&c| c == '\n')
                    .count()
                    >= 2
        });
        (0u32..)
            .zip(&self.sentences)
            .filter(|&(i, s)| s.headline || i == 0 && first_line_alone)
            .map(|(i, _)| i)
            .collect()
    }
}

/// Tokenizes and splits `text` into sentences.
pub fn segment(text: &str, abbreviations: &Abbreviations) -> Segmented {
    let tokens = tokenize(text, abbreviations);
    let sentences = split_sentences(text, &tokens);
    Segmented { tokens, sentences }
}

/// Whether what follows a word's first letter is an apostrophe and a capital ("'Almeida").
fn elided_particle_before_capital(rest: &str) -> bool {
    let mut chars = rest.chars();
    chars.next().is_some_and(is_apostrophe) && chars.next().is_some_and(char::is_uppercase)
}

/// Tokens with byte offsets. Words keep internal dots only for acronyms ("U.S."), initials
/// ("J.") and listed abbreviations; clitics ("'s", "n't") and hyphens are separate tokens.
///
/// ASCII bytes (nearly all of any English text) are classified byte by byte without decoding
/// a `char`; other characters take the general path with the same rules.
pub fn tokenize(text: &str, abbreviations: &Abbreviations) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let bytes = text.as_bytes();
    let len = bytes.len();
    let mut i = 0usize;
    let mut space_before = true;
    while i < len {
        let b = bytes[i];
        let start = i;
        let kind;
        let capitalised;
        match BYTE_CLASS[usize::from(b)] {
            SPACE => {
                space_before = true;
                i += 1;
                continue;
            }
            DIGIT => {
                capitalised = false;
                i = number_end(bytes, i);
                kind = TokenKind::Number;
            }
            UPPER | LOWER => {
                i = word_end(text, i, char::from(b), abbreviations);
                // "d'Almeida", "d'Estaing": an elided particle before a capital is a name as
                // much as "D'Amato" is.
                capitalised = BYTE_CLASS[usize::from(b)] == UPPER
                    || b == b'd' && elided_particle_before_capital(&text[start + 1..i]);
                kind = TokenKind::Word;
            }
            OTHER => {
                capitalised = false;
                if b == b'\'' && !space_before && !tokens.is_empty() {
                    i = clitic_end(text, i, 1);
                    kind = TokenKind::Word;
                } else if b == b'\'' && dutch_article_t(text, &tokens, i, 1) {
                    i += 2;
                    kind = TokenKind::Word;
                } else {
                    i += 1;
                    kind = TokenKind::Punct;
                }
            }
            _ => {
                let Some(c) = text[i..].chars().next() else {
                    break;
                };
                if c.is_whitespace() {
                    space_before = true;
                    i += c.len_utf8();
                    continue;
                }
                capitalised = c.is_uppercase();
                if is_word_char(c) {
                    i = word_end(text, i, c, abbreviations);
                    kind = TokenKind::Word;
                } else if is_apostrophe(c) && !space_before && !tokens.is_empty() {
                    i = clitic_end(text, i, c.len_utf8());
                    kind = TokenKind::Word;
                } else if is_apostrophe(c) && dutch_article_t(text, &tokens, i, c.len_utf8()) {
                    i += c.len_utf8() + 1;
                    kind = TokenKind::Word;
                } else {
                    i += c.len_utf8();
                    kind = TokenKind::Punct;
                }
            }
        }
        tokens.push(Token {
            start: start as u32,
            end: i as u32,
            kind,
            capitalised,
            space_before,
        });
        // The single space after most tokens, without a turn of the loop.
        space_before = bytes.get(i) == Some(&b' ');
        i += usize::from(space_before);
    }
    tokens
}

/// Byte classes for the tokenizer: ASCII white space (as `char::is_whitespace`), digits,
/// upper- and lower-case letters, other ASCII, and bytes of non-ASCII characters.
const SPACE: u8 = 0;
const DIGIT: u8 = 1;
const UPPER: u8 = 2;
const LOWER: u8 = 3;
const OTHER: u8 = 4;
const NON_ASCII: u8 = 5;

static BYTE_CLASS: [u8; 256] = {
    let mut table = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c' => SPACE,
            b'0'..=b'9' => DIGIT,
            b'A'..=b'Z' => UPPER,
            b'a'..=b'z' => LOWER,
            _ => OTHER,
        };
        b += 1;
    }
    table
};

/// Whether each byte is an ASCII letter or digit.
static WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Whether byte `b` is an ASCII letter or digit (one table load).
#[inline(always)]
fn is_ascii_word_byte(b: u8) -> bool {
    WORD_BYTE[usize::from(b)]
}

/// The end of the run of ASCII letters and digits starting at `j`. Eight bytes are tested at
/// once (a word of news text is usually shorter than that, so one test ends it); the last
/// few bytes of the text go byte by byte.
#[inline(always)]
fn ascii_word_run_end(bytes: &[u8], mut j: usize) -> usize {
    while let Some(chunk) = bytes.get(j..j + 8) {
        let word = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        let stops = !ascii_alphanumeric_bytes(word) & HIGH_BITS;
        if stops != 0 {
            return j + (stops.trailing_zeros() / 8) as usize;
        }
        j += 8;
    }
    while j < bytes.len() && is_ascii_word_byte(bytes[j]) {
        j += 1;
    }
    j
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const LOW_BITS: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// Bit 7 of each byte of `word` that is an ASCII letter or digit, all eight bytes at once.
/// Each test adds to the low seven bits of every byte a constant that carries into bit 7
/// exactly when the byte is at least some bound; no sum passes 0xff, so bytes never carry
/// into each other.
#[inline(always)]
fn ascii_alphanumeric_bytes(word: u64) -> u64 {
    let splat = |b: u8| u64::from(b) * 0x0101_0101_0101_0101;
    // Bit 7 set where the 7-bit byte is >= lo and <= hi.
    let in_range = |x: u64, lo: u8, hi: u8| {
        let at_least_lo = x + splat(0x80 - lo);
        let above_hi = x + splat(0x7f - hi);
        at_least_lo & !above_hi & HIGH_BITS
    };
    let low7 = word & LOW_BITS;
    let digits = in_range(low7, b'0', b'9');
    // Setting bit 5 maps A–Z onto a–z and no other byte into a–z.
    let letters = in_range(low7 | splat(0x20), b'a', b'z');
    // Non-ASCII bytes (bit 7 set) are neither.
    (digits | letters) & !word
}

/// The end of a number starting at `i`: digits with internal , . : separators followed by a
/// digit, letters glued on ("2020s", "5th", "10am") and a '%'.
#[inline]
fn number_end(bytes: &[u8], i: usize) -> usize {
    let len = bytes.len();
    let mut j = i + 1;
    while j < len {
        let b = bytes[j];
        if b.is_ascii_digit() {
            j += 1;
        } else if (b == b',' || b == b'.' || b == b':')
            && j + 1 < len
            && bytes[j + 1].is_ascii_digit()
        {
            j += 2;
        } else {
            break;
        }
    }
    while j < len && bytes[j].is_ascii_alphabetic() {
        j += 1;
    }
    if j < len && bytes[j] == b'%' {
        j += 1;
    }
    j
}

/// The end of a word starting at `i` with the character `c`.
#[inline(always)]
fn word_end(text: &str, i: usize, c: char, abbreviations: &Abbreviations) -> usize {
    let bytes = text.as_bytes();
    let mut j = i;
    // Letters; an apostrophe inside a word is kept only for names like O'Brien.
    loop {
        // ASCII letters and digits first (most of any word), eight bytes at a time while
        // eight remain, then byte by byte.
        j = ascii_word_run_end(bytes, j);
        match bytes.get(j) {
            None => break,
            // Any other ASCII byte but an apostrophe ends the word.
            Some(&b) if b.is_ascii() && b != b'\'' => break,
            Some(_) => {}
        }
        let Some(ch) = char_at(text, j) else {
            break;
        };
        if is_word_char(ch) {
            j += ch.len_utf8();
        } else if is_apostrophe(ch) {
            // O'Brien, D'Amato: a short prefix and an upper-case letter after it.
            let after = &text[j + ch.len_utf8()..];
            let upper_next = after.chars().next().is_some_and(char::is_uppercase);
            // Lan Fo'an, La'auli, Hawai'i: a capitalised word goes on after an apostrophe
            // with lower-case letters that are no clitic ('s 't 're 've 'll 'd 'm).
            let run = after
                .char_indices()
                .find(|&(_, a)| !a.is_lowercase())
                .map_or(after, |(k, _)| &after[..k]);
            let name_syllable = c.is_uppercase()
                && !run.is_empty()
                && !after[run.len()..].starts_with(char::is_alphanumeric)
                && !matches!(run, "s" | "t" | "re" | "ve" | "ll" | "d" | "m");
            // Sant'Egidio, Dell'Utri: a longer prefix when a capitalised word in lower case
            // follows ("JOHN'S" in a capitals headline stays a clitic).
            let capitalised_next = upper_next
                && after
                    .chars()
                    .nth(1)
                    .is_some_and(|second| second.is_lowercase());
            if upper_next && j - i <= 2 || capitalised_next && c.is_uppercase() || name_syllable {
                j += ch.len_utf8();
            } else {
                break;
            }
        } else {
            break;
        }
    }
    // Dots: acronyms (U.S., U.K.), initials (J.), abbreviations (Gen., Jan.).
    if j < text.len() && bytes[j] == b'.' {
        let word = &text[i..j];
        let single_letter = if c.is_ascii() {
            j - i == 1 && c.is_ascii_alphabetic()
        } else {
            word.chars().count() == 1 && c.is_alphabetic()
        };
        if single_letter {
            // A run of letter-dot pairs: "U.S.", "U.S.A.", "J."
            let mut k = j + 1;
            loop {
                let mut chars = text[k..].chars();
                match (chars.next(), chars.next()) {
                    (Some(l), Some('.')) if l.is_alphabetic() => {
                        k += l.len_utf8() + 1;
                    }
                    _ => break,
                }
            }
            if c.is_uppercase() || k > j + 1 {
                j = k;
            }
        } else if abbreviations.contains_word_dot(&text[i..j + 1])
            // "Ritu Malhotra-Sen." ending a sentence: the last part of a hyphenated name is
            // no title's abbreviation ("Sen."), so its dot ends the sentence.
            && !(i > 0 && bytes[i - 1] == b'-')
        {
            j += 1;
        }
    }
    j
}

/// "Thijs van 't Hof", "Van 't Wout": the Dutch article "'t" after "van" inside a family name,
/// an apostrophe of `apostrophe_len` bytes at `i` then "t" and a space, is one word (a name
/// particle), not a quotation mark and a letter.
fn dutch_article_t(text: &str, tokens: &[Token], i: usize, apostrophe_len: usize) -> bool {
    let bytes = text.as_bytes();
    let t_at = i + apostrophe_len;
    bytes.get(t_at) == Some(&b't')
        && bytes.get(t_at + 1) == Some(&b' ')
        && tokens.last().is_some_and(|t| {
            matches!(&text[t.start as usize..t.end as usize], "van" | "Van")
                && t.end as usize + 1 == i
        })
}

/// The end of a clitic after a word ('s 're 've 'll 'd 'm 't: "don't" is "don" + "'t") whose
/// apostrophe of `apostrophe_len` bytes is at `i`. The letters after the apostrophe go whole
/// into it, however many: "chargé d'affaires" is "d" + "'affaires", never a word cut in two.
fn clitic_end(text: &str, i: usize, apostrophe_len: usize) -> usize {
    let mut j = i + apostrophe_len;
    while let Some(ch) = char_at(text, j) {
        if ch.is_alphabetic() {
            j += ch.len_utf8();
        } else {
            break;
        }
    }
    j
}

/// What sentence splitting asks of a token's text, as bits (`FINAL` . ! ? …, `CLOSING` a
/// closing quote or bracket, `COLON` :), read from its bytes: those strings are one or three
/// bytes long, so longer tokens need no comparison.
fn punct_bits(bytes: &[u8], t: &Token) -> u8 {
    match t.end - t.start {
        1 => match bytes[t.start as usize] {
            b'.' | b'!' | b'?' => FINAL,
            b'"' | b'\'' | b')' | b']' => CLOSING,
            b':' => COLON,
            _ => 0,
        },
        3 => match &bytes[t.start as usize..t.end as usize] {
            b"\xe2\x80\xa6" => FINAL,                     // …
            b"\xe2\x80\x9d" | b"\xe2\x80\x99" => CLOSING, // ” ’
            _ => 0,
        },
        _ => 0,
    }
}

const FINAL: u8 = 1;
const CLOSING: u8 = 2;
const COLON: u8 = 4;

/// Sentence boundaries: final punctuation before a capital, digit or quote; line breaks that
/// end a line without continuation; headlines detected by title case.
fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let bytes = text.as_bytes();
    // About one sentence per twenty tokens in news: sized once, seldom grown.
    let mut sentences = Vec::with_capacity(tokens.len() / 16 + 1);
    let mut first = 0usize;
    let n = tokens.len();
    let mut k = 0usize;
    while k < n {
        let tok = tokens[k];
        let bits = punct_bits(bytes, &tok);
        let mut end_here = false;
        let mut last = k;
        if bits & FINAL != 0 {
            // Swallow closing quotes/brackets and repeated punctuation.
            while last + 1 < n
                && punct_bits(bytes, &tokens[last + 1]) & (FINAL | CLOSING) != 0
                && !tokens[last + 1].space_before
            {
                last += 1;
            }
            match tokens.get(last + 1) {
                None => end_here = true,
                Some(next) => {
                    let starts = match bytes[next.start as usize] {
                        b if b.is_ascii() => {
                            b.is_ascii_uppercase()
                                || b.is_ascii_digit()
                                || matches!(b, b'"' | b'(' | b'-')
                        }
                        _ => next.text(text).chars().next().is_some_and(|c| {
                            c.is_uppercase() || matches!(c, '“' | '‘' | '—' | '•')
                        }),
                    };
                    end_here = next.space_before && starts;
                }
            }
        }
        // "as she left shortly before 11 p.m. Elizondo, walking beside her, ...": a time's
        // "a.m." or "p.m." ends the sentence when a capitalised word follows that is no day,
        // month or time zone ("at 3 p.m. Tuesday", "9 a.m. EST").
        if !end_here && is_clock_abbreviation(&bytes[tok.start as usize..tok.end as usize]) {
            if let Some(next) = tokens.get(k + 1) {
                end_here = next.space_before
                    && next.capitalised
                    && next.kind == TokenKind::Word
                    && !continues_a_time(next.text(text));
            }
        }
        // "at the publisher's stand in Hall C. Its publisher ...", "in the U.S. The deal ...":
        // an initial or a dotted acronym ends the sentence when a word that opens sentences
        // and never continues a name follows ("John F. Kennedy" goes on).
        if !end_here && is_letter_dot_run(&bytes[tok.start as usize..tok.end as usize]) {
            if let Some(next) = tokens.get(k + 1) {
                end_here = next.space_before
                    && next.capitalised
                    && SENTENCE_OPENERS.contains(&next.text(text));
            }
        }
        // Line breaks between this token and the next.
        if !end_here {
            if let Some(next) = tokens.get(last + 1) {
                let newlines = match &bytes[tokens[last].end as usize..next.start as usize] {
                    // No gap or one space (most tokens): no line break, nothing to count.
                    [] | [b' '] => 0,
                    gap => gap.iter().filter(|&&b| b == b'\n').count(),
                };
                if newlines >= 2 {
                    end_here = true;
                } else if newlines == 1 {
                    let line_ends_final = bits != 0;
                    let next_starts_upper = next.capitalised
                        || matches!(next.text(text), "-" | "—" | "•" | "*" | "“" | "\"")
                        || next.kind == TokenKind::Number;
                    // A line without final punctuation followed by a capitalised line is a
                    // headline or list item; a lower-case continuation is a wrapped sentence.
                    end_here = line_ends_final || next_starts_upper;
                }
            } else {
                end_here = true;
            }
        }
        if end_here {
            let range = first..last + 1;
            let headline = is_headline(text, &tokens[range.clone()]);
            sentences.push(Sentence {
                start: tokens[first].start,
                end: tokens[last].end,
                tokens: range,
                headline,
            });
            first = last + 1;
        }
        k = last + 1;
    }
    if first < n {
        let range = first..n;
        let headline = is_headline(text, &tokens[range.clone()]);
        sentences.push(Sentence {
            start: tokens[first].start,
            end: tokens[n - 1].end,
            tokens: range,
            headline,
        });
    }
    sentences
}

/// "a.m." or "p.m." in any case. Asked of every token, so its bytes are read directly (an
/// ASCII letter's lower case is the letter with bit 5 set; no other byte becomes 'a', 'p' or
/// 'm' that way).
fn is_clock_abbreviation(word: &[u8]) -> bool {
    matches!(word, [first, b'.', m, b'.'] if matches!(first | 0x20, b'a' | b'p') && m | 0x20 == b'm')
}

/// Capitalised function words that open sentences and are never part of a name, so an
/// initial or acronym before one ends its sentence.
const SENTENCE_OPENERS: &[&str] = &[
    "The", "A", "An", "Its", "It", "He", "She", "They", "We", "His", "Her", "Their", "Our", "This",
    "That", "These", "Those", "There", "But", "And", "Yet", "In", "On", "At", "After", "Before",
    "When", "While", "If", "Since", "Although", "Both",
];

/// A run of letter-dot pairs, ASCII capitals: an initial ("C.") or a dotted acronym ("U.S.").
fn is_letter_dot_run(word: &[u8]) -> bool {
    // (Asked of every token: the final dot, rare, is tested first.)
    word.last() == Some(&b'.')
        && word.len() % 2 == 0
        && word
            .chunks_exact(2)
            .all(|pair| pair[0].is_ascii_uppercase() && pair[1] == b'.')
}

/// Words that go on with a time of day: a day, a month or a time zone in capitals.
fn continues_a_time(word: &str) -> bool {
    crate::mention::dates::is_weekday(word)
        || crate::dates::month_number(word).is_some()
        || word.len() <= 4 && word.bytes().all(|b| b.is_ascii_uppercase())
}

/// Title case without final punctuation: most words of four letters or more are capitalised.
fn is_headline(text: &str, tokens: &[Token]) -> bool {
    let Some(last) = tokens.last() else {
        return false;
    };
    let bytes = text.as_bytes();
    if punct_bits(bytes, last) & (FINAL | CLOSING) != 0 {
        return false;
    }
    if tokens.len() > 24 {
        // Too long for a headline whatever its words (see the end).
        return false;
    }
    // "- Dr Jane Roe, Executive Director, Acme": a list item naming someone with their role.
    let token_is = |t: &Token, s: &[u8]| &bytes[t.start as usize..t.end as usize] == s;
    if tokens.len() > 2
        && [&b"-"[..], "•".as_bytes(), b"*", "–".as_bytes()]
            .iter()
            .any(|b| token_is(&tokens[0], b))
        && tokens[1..].iter().any(|t| token_is(t, b","))
    {
        return false;
    }
    let (mut words, mut caps) = (0usize, 0usize);
    for t in tokens {
        if t.kind != TokenKind::Word {
            continue;
        }
        let w = &bytes[t.start as usize..t.end as usize];
        let counts = if w.is_ascii() {
            w.len() >= 4 && w[0].is_ascii_alphabetic()
        } else {
            let w = t.text(text);
            w.chars().next().is_some_and(char::is_alphabetic) && w.chars().nth(3).is_some()
        };
        if counts {
            words += 1;
            caps += usize::from(t.capitalised);
        }
    }
    if words == 0 {
        return tokens.len() <= 6;
    }
    caps * 10 >= words * 7 && tokens.len() <= 24
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The eight-at-a-time test agrees with `is_ascii_alphanumeric` on every byte, in every
    /// lane, whatever its neighbours are.
    #[test]
    fn word_bytes_eight_at_a_time_agree_with_the_byte_test() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                for fill in [0u8, b'a', b' ', 0xff, b'9', b'Z'] {
                    let mut bytes = [fill; 8];
                    bytes[lane] = b;
                    let bits = ascii_alphanumeric_bytes(u64::from_le_bytes(bytes));
                    for (k, &x) in bytes.iter().enumerate() {
                        assert_eq!(
                            bits >> (8 * k + 7) & 1 == 1,
                            x.is_ascii_alphanumeric(),
                            "byte {x:#04x} in lane {k}"
                        );
                    }
                }
            }
        }
    }

    /// Runs of letters and digits end where the byte test ends them, near the end of the
    /// text too.
    #[test]
    fn word_runs_end_at_the_first_other_byte() {
        let text = "Internationalisation2025, U.S. naïve ab-cd x";
        let bytes = text.as_bytes();
        for start in 0..bytes.len() {
            let mut end = start;
            while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
                end += 1;
            }
            assert_eq!(ascii_word_run_end(bytes, start), end, "from {start}");
        }
    }

    /// A name with an elided particle ("d'Almeida") is one capitalised word; "don't" and a
    /// lower-case "d'accord" are not capitalised.
    #[test]
    fn elided_particles_before_a_capital_make_a_capitalised_word() {
        let text = "Koffi d'Almeida and d’Estaing don't say d'accord";
        let tokens = tokenize(text, &Abbreviations::new(Vec::<&str>::new()));
        let capitalised: Vec<(&str, bool)> = tokens
            .iter()
            .map(|t| (&text[t.start as usize..t.end as usize], t.capitalised))
            .collect();
        assert!(
            capitalised.contains(&("d'Almeida", true)),
            "{capitalised:?}"
        );
        assert!(
            capitalised.contains(&("d’Estaing", true)),
            "{capitalised:?}"
        );
        assert!(capitalised
            .iter()
            .all(|&(w, c)| !w.starts_with("do") && !w.starts_with("d'a") || !c));
    }

    /// Listed abbreviations are found in any case, as whole words with their dot; words
    /// that only share a prefix, or are too long to be asked about, are not.
    #[test]
    fn abbreviations_are_whole_listed_words_in_any_case() {
        let list = Abbreviations::new(["Gen.", " U.S. ", "", "Lt.Col.", "Abcdefghijkl."]);
        for (word, listed) in [
            ("Gen.", true),
            ("GEN.", true),
            ("gen.", true),
            ("u.s.", true),
            ("Lt.Col.", true),
            ("Ge.", false),
            ("Gen", false),
            ("Gene.", false),
            ("Abcdefghijkl.", false),
            (".", false),
        ] {
            assert_eq!(list.contains_word_dot(word), listed, "{word}");
        }
    }

    /// An apostrophe stays inside a name (O'Brien, Sant'Egidio, Fo'an) but splits off a
    /// clitic ("don't", "Kenya's", a capitals headline's "JOHN'S"); "van 't" keeps its article.
    #[test]
    fn apostrophes_keep_names_whole_and_split_clitics() {
        let list = Abbreviations::new(["Gen."]);
        let words = |text: &str| -> Vec<String> {
            tokenize(text, &list)
                .iter()
                .map(|t| text[t.start as usize..t.end as usize].to_string())
                .collect()
        };
        assert_eq!(words("Sant'Egidio met"), ["Sant'Egidio", "met"]);
        assert_eq!(
            words("Dell'Utri and O'Brien"),
            ["Dell'Utri", "and", "O'Brien"]
        );
        assert_eq!(words("Lan Fo'an"), ["Lan", "Fo'an"]);
        assert_eq!(words("Kenya's don't"), ["Kenya", "'s", "don", "'t"]);
        assert_eq!(words("JOHN'S TRIP"), ["JOHN", "'S", "TRIP"]);
        // A long run of letters after the apostrophe is no clitic cut short: the word stays
        // whole ("'affa" + "ires" was a split in the middle of a word).
        assert_eq!(words("chargé d'affaires"), ["chargé", "d", "'affaires"]);
        // The Dutch article after "van" inside a name is one word; a quotation is not.
        assert_eq!(words("Thijs van 't Hof"), ["Thijs", "van", "'t", "Hof"]);
        assert_eq!(words("van 'the' Hof"), ["van", "'", "the", "'", "Hof"]);
    }

    /// A time's "p.m." ends a sentence when a capitalised word that is no day, month or time
    /// zone follows it.
    #[test]
    fn clock_abbreviations_end_sentences_before_a_new_one() {
        let list = Abbreviations::new(["Gen."]);
        let count = |text: &str| segment(text, &list).sentences.len();
        assert_eq!(
            count("She left before 11 p.m. Elizondo was more cautious."),
            2
        );
        assert_eq!(count("They meet at 3 p.m. Tuesday in Ottawa."), 1);
        assert_eq!(count("The vote is at 9 a.m. EST on Friday."), 1);
        assert_eq!(count("The talks ended at 4 p.m. and resumed later."), 1);
    }

    /// An initial or a dotted acronym ends its sentence before a word that opens sentences and
    /// never continues a name; a middle initial before a surname does not.
    #[test]
    fn initials_and_acronyms_end_sentences_before_an_opening_word() {
        let list = Abbreviations::new(["Gen."]);
        let count = |text: &str| segment(text, &list).sentences.len();
        assert_eq!(
            count("The deal was signed in Hall C. Its publisher smiled."),
            2
        );
        assert_eq!(count("He flew to the U.S. The talks begin today."), 2);
        assert_eq!(count("She met John F. Kennedy in Boston."), 1);
        assert_eq!(count("Officials in the U.S. Senate agreed."), 1);
    }
}
