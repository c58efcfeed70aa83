//! The text stage: a document's text → tokens with byte offsets and sentences (`segment`).
//! Abbreviations ("Gen.", "Jan.", "U.S."), initials ("J.") and line structure (headlines,
//! bullet lines, paragraphs) decide where sentences end. One pass, no per-token allocation.

use std::collections::HashSet;
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
/// with their dot; loaded from `lexicon/abbreviations.txt`.
#[derive(Clone, Debug, Default)]
pub struct Abbreviations {
    words: HashSet<String>,
}

impl Abbreviations {
    pub fn new<I: IntoIterator<Item = S>, S: AsRef<str>>(words: I) -> Self {
        Abbreviations {
            words: words
                .into_iter()
                .map(|w| w.as_ref().trim().to_ascii_lowercase())
                .filter(|w| !w.is_empty())
                .collect(),
        }
    }
    fn contains_word_dot(&self, word_with_dot: &str) -> bool {
        if word_with_dot.len() > 12 {
            return false;
        }
        let mut buf = [0u8; 12];
        let bytes = word_with_dot.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            buf[i] = b.to_ascii_lowercase();
        }
        std::str::from_utf8(&buf[..bytes.len()]).is_ok_and(|w| self.words.contains(w))
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

/// Tokenizes and splits `text` into sentences.
pub fn segment(text: &str, abbreviations: &Abbreviations) -> Segmented {
    let tokens = tokenize(text, abbreviations);
    let sentences = split_sentences(text, &tokens);
    Segmented { tokens, sentences }
}

/// Tokens with byte offsets. Words keep internal dots only for acronyms ("U.S."), initials
/// ("J.") and listed abbreviations; clitics ("'s", "n't") and hyphens are separate tokens.
pub fn tokenize(text: &str, abbreviations: &Abbreviations) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let bytes = text.as_bytes();
    let mut i = 0usize;
    let mut space_before = true;
    while i < text.len() {
        let c = match char_at(text, i) {
            Some(c) => c,
            None => break,
        };
        if c.is_whitespace() {
            space_before = true;
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let kind;
        if c.is_ascii_digit() {
            // Number: digits with internal , . : separators followed by a digit, and a '%'.
            let mut j = i + 1;
            while j < text.len() {
                let b = bytes[j];
                if b.is_ascii_digit() {
                    j += 1;
                } else if (b == b',' || b == b'.' || b == b':')
                    && j + 1 < text.len()
                    && bytes[j + 1].is_ascii_digit()
                {
                    j += 2;
                } else {
                    break;
                }
            }
            // "2020s", "5th", "10am": letters glued to digits stay in the token.
            while j < text.len() && bytes[j].is_ascii_alphabetic() {
                j += 1;
            }
            if j < text.len() && bytes[j] == b'%' {
                j += 1;
            }
            i = j;
            kind = TokenKind::Number;
        } else if is_word_char(c) {
            let mut j = i;
            // Letters; an apostrophe inside a word is kept only for names like O'Brien.
            loop {
                // ASCII letters and digits first, byte by byte (most of any word).
                while bytes.get(j).is_some_and(u8::is_ascii_alphanumeric) {
                    j += 1;
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
                    if upper_next && j - i <= 2 {
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
                let single_letter = word.chars().count() == 1 && c.is_alphabetic();
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
                } else if abbreviations.contains_word_dot(&text[i..j + 1]) {
                    j += 1;
                }
            }
            i = j;
            kind = TokenKind::Word;
        } else if is_apostrophe(c) && !space_before && !tokens.is_empty() {
            // Clitic after a word: 's 're 've 'll 'd 'm 't ("don't" is "don" + "'t").
            let mut j = i + c.len_utf8();
            while let Some(ch) = char_at(text, j) {
                if ch.is_alphabetic() && j - i < 5 {
                    j += ch.len_utf8();
                } else {
                    break;
                }
            }
            i = j;
            kind = TokenKind::Word;
        } else {
            i += c.len_utf8();
            kind = TokenKind::Punct;
        }
        // Every token starts with `c`.
        let capitalised = c.is_uppercase();
        tokens.push(Token {
            start: start as u32,
            end: i as u32,
            kind,
            capitalised,
            space_before,
        });
        space_before = false;
    }
    tokens
}

fn is_sentence_punct(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "…")
}

fn is_closing(s: &str) -> bool {
    matches!(s, "\"" | "”" | "’" | "'" | ")" | "]")
}

/// Sentence boundaries: final punctuation before a capital, digit or quote; line breaks that
/// end a line without continuation; headlines detected by title case.
fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut first = 0usize;
    let n = tokens.len();
    let mut k = 0usize;
    while k < n {
        let tok = tokens[k];
        let t = tok.text(text);
        let mut end_here = false;
        let mut last = k;
        if is_sentence_punct(t) {
            // Swallow closing quotes/brackets and repeated punctuation.
            while last + 1 < n
                && (is_closing(tokens[last + 1].text(text))
                    || is_sentence_punct(tokens[last + 1].text(text)))
                && !tokens[last + 1].space_before
            {
                last += 1;
            }
            match tokens.get(last + 1) {
                None => end_here = true,
                Some(next) => {
                    let nt = next.text(text);
                    let starts = nt.chars().next().is_some_and(|c| {
                        c.is_uppercase()
                            || c.is_ascii_digit()
                            || matches!(c, '"' | '“' | '‘' | '(' | '-' | '—' | '•')
                    });
                    end_here = next.space_before && starts;
                }
            }
        } else if t.ends_with('.') && tok.kind == TokenKind::Word && t.len() > 2 {
            // An acronym or abbreviation ends a sentence only at a paragraph break (below).
        }
        // Line breaks between this token and the next.
        if !end_here {
            if let Some(next) = tokens.get(last + 1) {
                let gap = &text[tokens[last].end as usize..next.start as usize];
                let newlines = gap.bytes().filter(|&b| b == b'\n').count();
                if newlines >= 2 {
                    end_here = true;
                } else if newlines == 1 {
                    let line_ends_final = is_sentence_punct(t) || is_closing(t) || t == ":";
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

/// Title case without final punctuation: most words of four letters or more are capitalised.
fn is_headline(text: &str, tokens: &[Token]) -> bool {
    let Some(last) = tokens.last() else {
        return false;
    };
    if is_sentence_punct(last.text(text)) || is_closing(last.text(text)) {
        return false;
    }
    let (mut words, mut caps) = (0usize, 0usize);
    for t in tokens {
        let w = t.text(text);
        if t.kind == TokenKind::Word
            && w.chars().next().is_some_and(char::is_alphabetic)
            && w.chars().nth(3).is_some()
        {
            words += 1;
            caps += usize::from(t.capitalised);
        }
    }
    if words == 0 {
        return tokens.len() <= 6;
    }
    caps * 10 >= words * 7 && tokens.len() <= 24
}
