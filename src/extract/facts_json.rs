//! A hand-written compact JSON writer for `DocumentFacts`, byte-identical to
//! `serde_json::to_writer` on the same value but several times cheaper: serde's string escaper
//! looks up every byte in a table, and its generic map/struct machinery dominated the cost of
//! `newsgraph extract` output (most of the bytes are sentence texts that need no escaping).

use super::facts::{DocumentFacts, EntityRecord, Evidence, Fact, PropValue};
use std::collections::BTreeMap;

/// Appends `facts` to `out` as one compact JSON object (no trailing newline), exactly as
/// `serde_json::to_writer(out, facts)` would write it: fields in declaration order, with the
/// same `skip_serializing_if` rules as the serde derives in `facts.rs`.
pub fn write_document_facts(out: &mut Vec<u8>, facts: &DocumentFacts) {
    let doc = &facts.document;
    out.extend_from_slice(b"{\"document\":{\"id\":");
    write_str(out, &doc.id);
    for (name, value) in [
        ("title", &doc.title),
        ("date", &doc.date),
        ("source", &doc.source),
        ("byline", &doc.byline),
        ("path", &doc.path),
    ] {
        if let Some(value) = value {
            write_key(out, name);
            write_str(out, value);
        }
    }
    out.extend_from_slice(b",\"sentences\":[");
    for (i, sentence) in doc.sentences.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"start\":");
        write_u32(out, sentence.start);
        out.extend_from_slice(b",\"text\":");
        write_str(out, &sentence.text);
        out.push(b'}');
    }
    out.extend_from_slice(b"]},\"entities\":[");
    write_items(out, &facts.entities, write_entity);
    out.extend_from_slice(b"],\"facts\":[");
    write_items(out, &facts.facts, write_fact);
    out.extend_from_slice(b"]}");
}

/// Writes `items` separated by commas (the brackets are the caller's).
fn write_items<T>(out: &mut Vec<u8>, items: &[T], mut write: impl FnMut(&mut Vec<u8>, &T)) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
}

fn write_entity(out: &mut Vec<u8>, entity: &EntityRecord) {
    out.extend_from_slice(b"{\"id\":");
    write_u32(out, entity.id);
    out.extend_from_slice(b",\"label\":");
    write_str(out, entity.label.as_str());
    out.extend_from_slice(b",\"name\":");
    write_str(out, &entity.name);
    out.extend_from_slice(b",\"aliases\":[");
    write_items(out, &entity.aliases, |out, alias| write_str(out, alias));
    out.push(b']');
    if let Some(kind) = &entity.kind {
        write_key(out, "kind");
        write_str(out, kind);
    }
    if let Some(key) = &entity.key {
        write_key(out, "key");
        write_str(out, key);
    }
    write_props(out, &entity.props);
    out.extend_from_slice(b",\"mentions\":[");
    write_items(out, &entity.mentions, write_evidence);
    out.extend_from_slice(b"]}");
}

fn write_fact(out: &mut Vec<u8>, fact: &Fact) {
    out.extend_from_slice(b"{\"type\":");
    write_str(out, &fact.rel_type);
    out.extend_from_slice(b",\"from\":");
    write_u32(out, fact.from);
    out.extend_from_slice(b",\"to\":");
    write_u32(out, fact.to);
    write_props(out, &fact.props);
    out.extend_from_slice(b",\"evidence\":");
    write_evidence(out, &fact.evidence);
    out.push(b'}');
}

fn write_evidence(out: &mut Vec<u8>, evidence: &Evidence) {
    out.extend_from_slice(b"{\"sentence\":");
    write_u32(out, evidence.sentence);
    out.extend_from_slice(b",\"start\":");
    write_u32(out, evidence.start);
    out.extend_from_slice(b",\"end\":");
    write_u32(out, evidence.end);
    out.extend_from_slice(b",\"rule\":");
    write_str(out, &evidence.rule);
    out.push(b'}');
}

/// `,"props":{...}`, left out when empty (`skip_serializing_if = "BTreeMap::is_empty"`).
fn write_props(out: &mut Vec<u8>, props: &BTreeMap<String, PropValue>) {
    if props.is_empty() {
        return;
    }
    out.extend_from_slice(b",\"props\":{");
    for (i, (name, value)) in props.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_str(out, name);
        out.push(b':');
        write_prop_value(out, value);
    }
    out.push(b'}');
}

fn write_prop_value(out: &mut Vec<u8>, value: &PropValue) {
    match value {
        PropValue::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        PropValue::Int(n) => {
            if *n < 0 {
                out.push(b'-');
            }
            write_u64(out, n.unsigned_abs());
        }
        // Rare: serde_json's own float formatting (shortest round-trip, `null` if not finite)
        // keeps the output identical without re-implementing it.
        PropValue::Float(f) => serde_json::to_writer(&mut *out, f).expect("writing to a Vec"),
        PropValue::Str(s) => write_str(out, s),
        PropValue::List(items) => {
            out.push(b'[');
            write_items(out, items, write_prop_value);
            out.push(b']');
        }
    }
}

/// `,"name":` for a field whose name needs no escaping.
fn write_key(out: &mut Vec<u8>, name: &str) {
    out.push(b',');
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\":");
}

/// Offsets and ids, the most frequent numbers: 32-bit arithmetic is cheaper.
/// "00" to "99", by value.
static DIGIT_PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0u8; 2]; 100];
    let mut i = 0;
    while i < 100 {
        pairs[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    pairs
};

/// Numbers below 10 000 (nearly all: offsets, sentence indices, ids) are appended as one
/// array of a fixed length, two digits per table load; larger ones digit by digit.
fn write_u32(out: &mut Vec<u8>, n: u32) {
    if n < 10 {
        out.push(b'0' + n as u8);
    } else if n < 100 {
        out.extend_from_slice(&DIGIT_PAIRS[n as usize]);
    } else if n < 10_000 {
        let [a, b] = DIGIT_PAIRS[(n / 100) as usize];
        let [c, d] = DIGIT_PAIRS[(n % 100) as usize];
        if n < 1000 {
            out.extend_from_slice(&[b, c, d]);
        } else {
            out.extend_from_slice(&[a, b, c, d]);
        }
    } else {
        write_large_u32(out, n);
    }
}

fn write_large_u32(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    push_digits(out, &digits[at..]);
}

fn write_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    push_digits(out, &digits[at..]);
}

/// A few bytes pushed one by one after one reservation: cheaper than a `memcpy` call for
/// the usual one to five digits.
fn push_digits(out: &mut Vec<u8>, digits: &[u8]) {
    out.reserve(digits.len());
    for &d in digits {
        out.push(d);
    }
}

/// The high bit of each byte of the little-endian word `w` that is a control character
/// (< 0x20), `"` or `\\`: the bytes JSON strings must escape. The classic "has zero byte" bit
/// trick, applied to `w` (after subtracting 0x20) and to `w` xor-ed with each quote byte. A
/// borrow can only set bits above a byte that truly matched, so the lowest set bit is exact.
fn escape_mask(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w;
    let quote = w ^ (ONES * b'"' as u64);
    let backslash = w ^ (ONES * b'\\' as u64);
    let is_quote = quote.wrapping_sub(ONES) & !quote;
    let is_backslash = backslash.wrapping_sub(ONES) & !backslash;
    (below_space | is_quote | is_backslash) & HIGHS
}

/// Bit `i` set when byte `i` of `chunk` needs escaping (`needs_escape`). With SSE2 (always
/// there on x86-64) one compare per kind of byte tests all sixteen; elsewhere two words of
/// `escape_mask`, whose lowest set bit is exact (only that bit is read).
#[inline(always)]
fn escape_mask16(chunk: &[u8; 16]) -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
            _mm_set1_epi8,
        };
        // SAFETY: SSE2 is part of the x86-64 baseline, and the unaligned load reads exactly
        // the sixteen bytes of `chunk`.
        unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast());
            let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
            // A byte below 0x20 is its own minimum with 0x1f (unsigned).
            let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
            _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control)) as u32
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let word = |at: usize| {
            let mask = escape_mask(u64::from_le_bytes(
                chunk[at..at + 8].try_into().expect("eight bytes"),
            ));
            // The high bit of byte j (bit 8j + 7) becomes bit j.
            (0..8).fold(0u32, |bits, j| {
                bits | (((mask >> (8 * j + 7)) & 1) as u32) << j
            })
        };
        let low = word(0);
        if low != 0 {
            low
        } else {
            word(8) << 8
        }
    }
}

/// Whether JSON needs `byte` escaped.
fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// A JSON string literal, escaped the way serde_json escapes it: `\"`, `\\`, the short
/// escapes `\b \t \n \f \r`, and `\u00xx` (lower-case hex) for other control characters;
/// everything else (DEL and non-ASCII included) is copied as is.
fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Bytes [run_start, i) are plain and not yet copied.
    let mut run_start = 0;
    let mut i = 0;
    loop {
        // Find the next byte to escape, sixteen bytes at a time while they last, then eight:
        // almost all text has nothing to escape.
        let special = if let Some(chunk) = bytes.get(i..i + 16) {
            let mask = escape_mask16(chunk.try_into().expect("sixteen bytes"));
            if mask == 0 {
                i += 16;
                continue;
            }
            i + mask.trailing_zeros() as usize
        } else if i + 8 <= bytes.len() {
            let word = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
            let mask = escape_mask(word);
            if mask == 0 {
                i += 8;
                continue;
            }
            i + (mask.trailing_zeros() / 8) as usize
        } else if i == bytes.len() {
            break;
        } else {
            match last_word_special(bytes, i) {
                Some(at) => at,
                None => break,
            }
        };
        out.extend_from_slice(&bytes[run_start..special]);
        write_escape(out, bytes[special]);
        i = special + 1;
        run_start = i;
    }
    out.extend_from_slice(&bytes[run_start..]);
    out.push(b'"');
}

/// The first byte at or after `from` (within the last eight bytes of `bytes`) that needs
/// escaping. A string of eight bytes or more reads its last eight as one word, the bytes
/// before `from` masked off; as those may hold an escaped byte whose borrow marks a plain one
/// above it, a marked byte is checked, and the rest read one by one if it was plain.
fn last_word_special(bytes: &[u8], from: usize) -> Option<usize> {
    let len = bytes.len();
    if (4..8).contains(&len) {
        // A short string (from 0): its first and last four bytes, padded with spaces (which
        // need no escaping), cover it; when neither has a byte to escape, none does.
        let half = |at: usize| {
            let four = u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"));
            escape_mask(u64::from(four) | 0x2020_2020 << 32)
        };
        if half(0) == 0 && half(len - 4) == 0 {
            return None;
        }
    }
    if len >= 8 {
        let window = len - 8;
        let word = u64::from_le_bytes(bytes[window..].try_into().expect("eight bytes"));
        let seen = from - window;
        let mask = escape_mask(word) & (u64::MAX << (8 * seen));
        if mask == 0 {
            return None;
        }
        let at = window + (mask.trailing_zeros() / 8) as usize;
        if needs_escape(bytes[at]) {
            return Some(at);
        }
    }
    bytes[from..]
        .iter()
        .position(|&b| needs_escape(b))
        .map(|offset| from + offset)
}

/// The escape sequence for a byte `needs_escape` accepted.
fn write_escape(out: &mut Vec<u8>, byte: u8) {
    let short: &[u8] = match byte {
        b'"' => b"\\\"",
        b'\\' => b"\\\\",
        0x08 => b"\\b",
        b'\t' => b"\\t",
        b'\n' => b"\\n",
        0x0c => b"\\f",
        b'\r' => b"\\r",
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(byte >> 4) as usize]);
            out.push(HEX[(byte & 0xf) as usize]);
            return;
        }
    };
    out.extend_from_slice(short);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::facts::{DocumentSummary, EntityLabel, SentenceText};
    use std::borrow::Cow;

    fn same_as_serde(facts: &DocumentFacts) {
        let mut ours = Vec::new();
        write_document_facts(&mut ours, facts);
        let theirs = serde_json::to_vec(facts).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }

    #[test]
    fn strings_escape_like_serde_json() {
        let mut awkward: String = (0u8..0x80).map(char::from).collect();
        awkward.push_str("é “quoted” \u{2028} \"\\ and a long plain tail to take the fast path");
        for s in [
            "",
            "plain",
            "exactly8",
            "\"",
            "ends in a quote\"",
            "\\\\\\\\\\\\\\\\\\",
            "twelve bytes\"",
            // An escaped byte whose borrow marks the plain byte after it in the last word.
            "abcdef\"#gh",
            "abcdef\\]gh",
            "abcdef\u{1} gh",
            "\"ten bytes\\",
            "\u{1}escaped first then a quote in the tail\"x",
            "a quote \" then \\ in the last word",
            awkward.as_str(),
        ] {
            let mut ours = Vec::new();
            write_str(&mut ours, s);
            assert_eq!(ours, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn numbers_are_written_like_to_string() {
        let mut values: Vec<u32> = (0..=20_000).collect();
        values.extend([99_999, 100_000, 1_234_567, u32::MAX - 1, u32::MAX]);
        for n in values {
            let mut ours = Vec::new();
            write_u32(&mut ours, n);
            assert_eq!(ours, n.to_string().into_bytes());
        }
    }

    #[test]
    fn one_byte_to_escape_anywhere_in_plain_text_escapes_like_serde_json() {
        // Every position of the sixteen- and eight-byte windows and of the tail, with the
        // bytes on either side of each boundary the tests draw (0x1f / 0x20, DEL, non-ASCII).
        for len in 1..=50 {
            for at in 0..len {
                for odd in ['"', '\\', '\u{0}', '\u{1f}', ' ', '\u{7f}', 'é', '\n'] {
                    let s: String = (0..len).map(|j| if j == at { odd } else { 'a' }).collect();
                    let mut ours = Vec::new();
                    write_str(&mut ours, &s);
                    assert_eq!(ours, serde_json::to_vec(&s).unwrap(), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn random_strings_escape_like_serde_json() {
        // Strings of every length up to 40 from an alphabet dense in bytes to escape and in
        // the bytes just above them (where the word test's borrows land).
        let alphabet = [
            '"', '#', '\\', ']', '\u{1}', '\u{1f}', ' ', '!', 'a', 'é', '\n',
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for len in 0..=40 {
            for _ in 0..200 {
                let s: String = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        alphabet[(seed % alphabet.len() as u64) as usize]
                    })
                    .collect();
                let mut ours = Vec::new();
                write_str(&mut ours, &s);
                assert_eq!(ours, serde_json::to_vec(&s).unwrap(), "{s:?}");
            }
        }
    }

    #[test]
    fn documents_write_like_serde_json() {
        same_as_serde(&DocumentFacts::default());
        let evidence = Evidence {
            sentence: 1,
            start: 4_000_000_000,
            end: 0,
            rule: Cow::Borrowed("lexicon:places"),
        };
        let mut props = BTreeMap::new();
        props.insert("flag".to_string(), PropValue::Bool(false));
        props.insert("n".to_string(), PropValue::Int(-42));
        props.insert("min".to_string(), PropValue::Int(i64::MIN));
        props.insert("zero".to_string(), PropValue::Int(0));
        props.insert("x".to_string(), PropValue::Float(0.1));
        props.insert("inf".to_string(), PropValue::Float(f64::INFINITY));
        props.insert(
            "list".to_string(),
            PropValue::List(vec![PropValue::Str("a\"b".into()), PropValue::Int(7)]),
        );
        let facts = DocumentFacts {
            document: DocumentSummary {
                id: "doc\n1".into(),
                title: Some("A \"title\"".into()),
                date: None,
                source: Some("src".into()),
                byline: None,
                path: Some("a\\b.txt".into()),
                sentences: vec![
                    SentenceText {
                        start: 0,
                        text: "One.".into(),
                    },
                    SentenceText {
                        start: 5,
                        text: "Two\ttabs.".into(),
                    },
                ],
            },
            entities: vec![
                EntityRecord {
                    id: 0,
                    label: EntityLabel::Person,
                    name: "Ann".into(),
                    aliases: vec![],
                    kind: None,
                    key: None,
                    props: BTreeMap::new(),
                    mentions: vec![evidence.clone(), evidence.clone()],
                },
                EntityRecord {
                    id: 1,
                    label: EntityLabel::Event,
                    name: "talks".into(),
                    aliases: vec!["x".into(), "y".into()],
                    kind: Some("meeting".into()),
                    key: Some("event:x".into()),
                    props: props.clone(),
                    mentions: vec![],
                },
            ],
            facts: vec![
                Fact {
                    rel_type: "MET".into(),
                    from: 0,
                    to: 1,
                    props: BTreeMap::new(),
                    evidence: evidence.clone(),
                },
                Fact {
                    rel_type: "HELD_IN".into(),
                    from: 1,
                    to: 0,
                    props,
                    evidence,
                },
            ],
        };
        same_as_serde(&facts);
    }
}
