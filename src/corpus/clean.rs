//! Cleaning one article: a slash-separated metadata header line (title / outlet / dateline /
//! byline / section), Markdown front matter, a leading dateline, and page boilerplate
//! (comment boxes, sharing prompts; phrases listed in data/lexicon/boilerplate.txt).

use super::Document;
use crate::dates::Day;
use aho_corasick::AhoCorasick;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Longest header field we accept; a longer slash-separated piece is body text.
const MAX_HEADER_FIELD: usize = 160;
/// Boilerplate phrases only condemn short lines: a long paragraph mentioning "advertisement"
/// is still news.
const MAX_BOILERPLATE_LINE: usize = 200;

/// The boilerplate phrases, lower-cased.
fn boilerplate_list() -> Vec<String> {
    crate::data::file("lexicon/boilerplate.txt")
        .unwrap_or("")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_lowercase)
        .collect()
}

/// One automaton over every boilerplate phrase (lower-cased), matching ASCII letters in either
/// case: a line is tested in one pass instead of being lower-cased and searched once per phrase.
/// `None` only if the automaton cannot be built (a phrase list past its size limits): then no
/// line is boilerplate, rather than a failure on every article.
fn boilerplate_phrases() -> Option<&'static AhoCorasick> {
    static PHRASES: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    PHRASES
        .get_or_init(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(boilerplate_list())
                .ok()
        })
        .as_ref()
}

/// The same phrases matched exactly, for text already ASCII-lower-cased: finds what
/// `boilerplate_phrases` finds in the original text (the phrases' ASCII letters are lower
/// case; other bytes are compared as they are either way). Without case folding the phrases
/// fit the SIMD "packed" searcher, which reads the text many bytes at a time (the automaton
/// takes a dozen instructions per byte). `None` if it cannot be built (too many phrases).
fn boilerplate_phrases_exact() -> Option<&'static aho_corasick::packed::Searcher> {
    static PHRASES: OnceLock<Option<aho_corasick::packed::Searcher>> = OnceLock::new();
    PHRASES
        .get_or_init(|| {
            aho_corasick::packed::Config::new()
                .builder()
                .extend(boilerplate_list())
                .build()
        })
        .as_ref()
}

fn is_boilerplate(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.len() >= MAX_BOILERPLATE_LINE {
        return false;
    }
    // An ASCII line needs no lower-casing (the automaton ignores ASCII case); any other is
    // lower-cased first, as Unicode lower-casing can change more than ASCII letters.
    let Some(phrases) = boilerplate_phrases() else {
        return false;
    };
    if trimmed.is_ascii() {
        phrases.is_match(trimmed)
    } else {
        phrases.is_match(&trimmed.to_lowercase())
    }
}

/// The body's lines (as `str::lines` gives them) without boilerplate lines, joined by `\n`.
/// Same answer as testing every line with `is_boilerplate`, but the automaton runs once over
/// the whole body (one call per line cost more than the search itself on short lines) and
/// only lines holding a match, or with non-ASCII text, are looked at again. No phrase holds
/// a line break, so every match lies within one line.
fn without_boilerplate(body: &str) -> String {
    let mut kept = String::with_capacity(body.len());
    // Match offsets in the ASCII-lower-cased body are offsets in the body.
    let lower_body;
    let match_starts: Box<dyn Iterator<Item = usize>> = match boilerplate_phrases_exact() {
        Some(exact) => {
            lower_body = body.to_ascii_lowercase();
            Box::new(exact.find_iter(&lower_body).map(|m| m.start()))
        }
        None => Box::new(
            boilerplate_phrases()
                .into_iter()
                .flat_map(|phrases| phrases.find_iter(body))
                .map(|m| m.start()),
        ),
    };
    let mut match_starts = match_starts.peekable();
    // The common case, no phrase anywhere in plain ASCII text: every line is kept, and
    // `lines` would change nothing but a final line break (no carriage returns to drop).
    if match_starts.peek().is_none() && body.is_ascii() && !body.contains('\r') {
        return body.strip_suffix('\n').unwrap_or(body).to_string();
    }
    let mut first = true;
    for line in body.lines() {
        let line_start = line.as_ptr() as usize - body.as_ptr() as usize;
        let line_end = line_start + line.len();
        while match_starts.next_if(|&at| at < line_start).is_some() {}
        let has_match = match_starts.peek().is_some_and(|&at| at < line_end);
        if (has_match || !line.is_ascii()) && is_boilerplate(line) {
            continue;
        }
        if !first {
            kept.push('\n');
        }
        first = false;
        kept.push_str(line);
    }
    kept
}

/// The longest gloss in another script we drop ("Chen Wei-lun (陳偉倫)"), in characters.
const MAX_GLOSS_CHARS: usize = 24;

/// Whether `c` is a letter of a script other than Latin (Han, kana, Hangul, Thai, Cyrillic,
/// Arabic...): the script a name is glossed in after its English form.
fn is_other_script_letter(c: char) -> bool {
    c.is_alphabetic()
        && !c.is_ascii()
        // Latin-1, Latin Extended-A/B, IPA and Latin Extended Additional (Vietnamese "Hưng").
        && !matches!(c, '\u{00C0}'..='\u{02AF}' | '\u{1E00}'..='\u{1EFF}')
}

/// Drops a name's gloss in its own script written in brackets after it, as the English-language
/// press of Taiwan, Hong Kong and Korea does ("Minister Chen Wei-lun (陳偉倫) yesterday met Y"):
/// the bracket would stand between a name and its verb. Only brackets holding letters of another
/// script and nothing else (spaces and middle dots aside) are dropped, with the space before them.
fn without_script_glosses(text: String) -> String {
    if text.is_ascii() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find(['(', '（']) {
        let open_len = rest[open..].chars().next().map_or(1, char::len_utf8);
        let inner_start = open + open_len;
        let gloss_end = rest[inner_start..]
            .char_indices()
            .take(MAX_GLOSS_CHARS + 1)
            .find(|&(_, c)| {
                c == ')'
                    || c == '）'
                    || !(is_other_script_letter(c) || matches!(c, ' ' | '·' | '・' | '‧'))
            })
            .filter(|&(at, c)| {
                (c == ')' || c == '）')
                    && rest[inner_start..inner_start + at]
                        .chars()
                        .any(is_other_script_letter)
            })
            .map(|(at, c)| inner_start + at + c.len_utf8());
        match gloss_end {
            Some(end) => {
                out.push_str(rest[..open].trim_end_matches(' '));
                rest = &rest[end..];
            }
            None => {
                out.push_str(&rest[..inner_start]);
                rest = &rest[inner_start..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Builds a cleaned document from raw article text.
pub fn article(id: &str, raw: &str) -> Document {
    let mut doc = Document {
        id: id.to_string(),
        ..Document::default()
    };
    // Most text has no carriage return: no copy then.
    let raw: Cow<str> = if raw.contains('\r') {
        Cow::Owned(raw.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(raw)
    };
    let mut body = &*raw;

    if let Some((fields, rest)) = split_header_line(body) {
        apply_header(&mut doc, &fields);
        body = rest;
    }
    // Trimmed in place: the kept text is already a fresh string.
    let mut text = without_script_glosses(without_boilerplate(body));
    text.truncate(text.trim_end().len());
    text.drain(..text.len() - text.trim_start().len());
    if let Some((place, date, rest_at)) = leading_dateline(&text) {
        if doc.dateline.is_none() {
            doc.dateline = Some(place);
        }
        if doc.date.is_none() {
            doc.date = date;
        }
        text = text[rest_at..].trim_start().to_string();
    }
    doc.text = text;
    doc
}

/// Splits "Title/ Outlet/ PLACE/ Byline/ Section/ Body..." when the first line starts with at
/// least three short slash-separated fields. Returns the fields and the rest of the text.
fn split_header_line(text: &str) -> Option<(Vec<String>, &str)> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    let line = &text[..first_line_end];
    let mut fields = Vec::new();
    let mut pos = 0;
    while fields.len() < 5 {
        let Some(rel) = line[pos..].find("/ ") else {
            break;
        };
        let field = line[pos..pos + rel].trim();
        // A URL, a fraction or a long sentence is not a header field.
        if field.is_empty() || field.len() > MAX_HEADER_FIELD || field.ends_with(':') {
            break;
        }
        fields.push(field.to_string());
        pos += rel + 2;
    }
    if fields.len() < 3 {
        return None;
    }
    Some((fields, &text[pos..]))
}

fn is_all_caps(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

/// Header fields by position (title, outlet, dateline, byline, section); a field that is a
/// date goes to the date, and an ALL-CAPS field is the dateline wherever it stands.
fn apply_header(doc: &mut Document, fields: &[String]) {
    let mut slots: Vec<&str> = vec!["title", "outlet", "dateline", "byline", "section"];
    for (i, field) in fields.iter().enumerate() {
        if field == "-" {
            // An empty slot in a re-expressed Markdown front matter.
            if !slots.is_empty() {
                slots.remove(0);
            }
            continue;
        }
        if i > 0 && parse_date(field).is_some() {
            doc.date = Some(normalize_date(field));
            continue;
        }
        let slot = if i > 0 && is_all_caps(field) && slots.contains(&"dateline") {
            "dateline"
        } else {
            slots.first().copied().unwrap_or("section")
        };
        slots.retain(|s| *s != slot);
        let value = Some(field.clone());
        match slot {
            "title" => doc.title = value,
            "outlet" => doc.source = value,
            "dateline" => doc.dateline = value,
            "byline" => doc.byline = value.map(|b| b.trim_start_matches("By ").to_string()),
            _ => doc.section = value,
        }
    }
}

/// A wire-style dateline at the start of the body: "GENEVA, May 10, 2025 (Reuters) —" or
/// "WASHINGTON —". Returns the place, the date if given, and where the body resumes.
fn leading_dateline(text: &str) -> Option<(String, Option<String>, usize)> {
    // The first 120 characters, borrowed (this runs once per document).
    const HEAD_CHARS: usize = 120;
    let head_end = if text.len() <= HEAD_CHARS {
        text.len()
    } else if text.as_bytes()[..HEAD_CHARS].is_ascii() {
        HEAD_CHARS
    } else {
        text.char_indices()
            .nth(HEAD_CHARS)
            .map_or(text.len(), |(i, _)| i)
    };
    let head = &text[..head_end];
    let dash = first_dash(head)?;
    let prefix = &head[..dash.0];
    let without_agency = match prefix.find('(') {
        Some(i) if prefix.trim_end().ends_with(')') => &prefix[..i],
        _ => prefix,
    };
    let mut parts = without_agency.splitn(2, ',');
    let place = parts.next()?.trim();
    if place.len() < 3 || !is_all_caps(place) || place.split_whitespace().count() > 4 {
        return None;
    }
    let date = parts.next().and_then(|d| {
        let d = d.trim();
        parse_date(d).map(|_| normalize_date(d))
    });
    Some((place.to_string(), date, dash.0 + dash.1))
}

/// The first dash that ends a dateline ("—", "–", " - " or "--") in `head`: its byte offset
/// and length. One pass over the bytes (the four dashes begin with three different bytes),
/// not one search per dash.
fn first_dash(head: &str) -> Option<(usize, usize)> {
    let bytes = head.as_bytes();
    bytes.iter().enumerate().find_map(|(i, &b)| {
        let rest = &bytes[i..];
        let len = match b {
            0xe2 if rest.starts_with("—".as_bytes()) || rest.starts_with("–".as_bytes()) => 3,
            b' ' if rest.starts_with(b" - ") => 3,
            b'-' if rest.starts_with(b"--") => 2,
            _ => return None,
        };
        Some((i, len))
    })
}

/// Parses "2025-09-14", "September 14, 2025", "Sept. 14, 2025", "14 September 2025".
pub fn parse_date(text: &str) -> Option<Day> {
    Day::parse(text.trim().trim_end_matches('.'))
}

/// ISO form of a date when it parses, otherwise the text as given.
pub fn normalize_date(text: &str) -> String {
    match parse_date(text) {
        Some(day) => day.iso(),
        None => text.trim().to_string(),
    }
}

/// Plain text from Markdown: YAML front matter becomes a metadata header, '#' heading markers,
/// emphasis, images and link targets are removed.
pub fn strip_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    let mut header: Vec<(String, String)> = Vec::new();
    if lines.peek().map(|l| l.trim()) == Some("---") {
        lines.next();
        for line in lines.by_ref() {
            if line.trim() == "---" {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                header.push((
                    k.trim().to_lowercase(),
                    v.trim().trim_matches('"').to_string(),
                ));
            }
        }
    }
    if !header.is_empty() {
        let get = |k: &str| {
            header
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        // Re-expressed as the slash header `article` understands.
        out.push_str(&format!(
            "{}/ {}/ {}/ {}/ {}/ ",
            or_dash(get("title")),
            or_dash(get("source")),
            or_dash(get("dateline")),
            or_dash(get("byline")),
            or_dash(get("date")),
        ));
    }
    for line in lines {
        let line = line.trim_start_matches('#').trim_start_matches('>');
        let line = line.trim_start();
        let mut cleaned = String::with_capacity(line.len());
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                // Emphasis and bullets: asterisks carry no words in news text.
                '*' => {}
                // Underscores mark emphasis at word edges ("_word_", "__word__"); inside a word
                // (snake_case in a quoted handle) they are text.
                '_' => {
                    let at_edge = cleaned.is_empty()
                        || cleaned.ends_with(|p: char| !p.is_alphanumeric())
                        || chars
                            .peek()
                            .map_or(true, |n| !n.is_alphanumeric() && *n != '_');
                    if !(at_edge || chars.peek() == Some(&'_')) {
                        cleaned.push('_');
                    }
                }
                '!' if chars.peek() == Some(&'[') => {}
                '[' => {}
                ']' if chars.peek() == Some(&'(') => {
                    for d in chars.by_ref() {
                        if d == ')' {
                            break;
                        }
                    }
                }
                _ => cleaned.push(c),
            }
        }
        out.push_str(&cleaned);
        out.push('\n');
    }
    out
}

fn or_dash(s: String) -> String {
    if s.is_empty() {
        "-".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_dash_is_the_earliest_of_the_four_dashes() {
        let searched = |head: &str| {
            ["—", "–", " - ", "--"]
                .iter()
                .filter_map(|d| head.find(d).map(|i| (i, d.len())))
                .min_by_key(|(i, _)| *i)
        };
        for head in [
            "GENEVA, May 10, 2025 (Reuters) — The talks",
            "WASHINGTON – officials said",
            "PARIS - a dash -- and — more",
            "ROME -- first",
            "é—x",
            "no dash here - ",
            "-",
            "",
            "x --- y",
            "a \u{2014}\u{2013}",
            "\u{2012} figure dash only",
        ] {
            assert_eq!(first_dash(head), searched(head), "{head:?}");
        }
    }

    #[test]
    fn whole_body_search_drops_the_lines_a_line_by_line_test_drops() {
        let long = format!("{} advertisement", "word ".repeat(50));
        for body in [
            "",
            "Plain news.\nMore news.\n",
            "News.\nADVERTISEMENT\nMore news.",
            "  Subscribe NOW to our paper  \nNews.\n\n\nEnd.\n\n",
            "Crème brûlée.\nAdvertisement é\nRead More: this\r\nlast",
            "a\r\rb\nShare this article\r\n",
            long.as_str(),
        ] {
            let by_line: Vec<&str> = body.lines().filter(|l| !is_boilerplate(l)).collect();
            assert_eq!(without_boilerplate(body), by_line.join("\n"), "{body:?}");
        }
    }

    #[test]
    fn slash_header_fields_become_metadata() {
        let doc = article(
            "x",
            "Leaders Meet in Oslo/ Daily Wire/ OSLO/ Kari Nordmann/ Politics/ Prime Minister Jonas Gahr Store met the delegation.\nSecond paragraph.",
        );
        assert_eq!(doc.title.as_deref(), Some("Leaders Meet in Oslo"));
        assert_eq!(doc.source.as_deref(), Some("Daily Wire"));
        assert_eq!(doc.dateline.as_deref(), Some("OSLO"));
        assert_eq!(doc.byline.as_deref(), Some("Kari Nordmann"));
        assert_eq!(doc.section.as_deref(), Some("Politics"));
        assert!(doc.text.starts_with("Prime Minister Jonas Gahr Store met"));
    }

    #[test]
    fn a_slash_in_ordinary_prose_is_not_a_header() {
        let doc = article("x", "Rates rose 2/ 3 of a point on Monday, traders said.");
        assert!(doc.title.is_none());
        assert!(doc.text.starts_with("Rates rose"));
    }

    #[test]
    fn wire_dateline_gives_place_and_date() {
        let doc = article(
            "x",
            "GENEVA, May 10, 2025 (Reuters) — Talks resumed on Saturday.",
        );
        assert_eq!(doc.dateline.as_deref(), Some("GENEVA"));
        assert_eq!(doc.date.as_deref(), Some("2025-05-10"));
        assert_eq!(doc.text, "Talks resumed on Saturday.");
    }

    #[test]
    fn name_glosses_in_another_script_are_dropped() {
        assert_eq!(
            without_script_glosses(
                "Minister Chen Wei-lun (陳偉倫) yesterday met Lin (林佩君).".into()
            ),
            "Minister Chen Wei-lun yesterday met Lin."
        );
        assert_eq!(
            without_script_glosses("Park (박진수) met Hưng (in Hà Nội) and Lee (2019).".into()),
            "Park met Hưng (in Hà Nội) and Lee (2019)."
        );
    }

    #[test]
    fn page_furniture_is_dropped_but_long_paragraphs_stay() {
        let long = format!(
            "The ministry said {} advertisement rules would change.",
            "new ".repeat(60)
        );
        let text = format!("First line.\nYou must Register or Login to post a comment.\n{long}\nShare this article");
        let doc = article("x", &text);
        assert!(!doc.text.contains("Register"));
        assert!(!doc.text.contains("Share this"));
        assert!(doc.text.contains("advertisement rules"));
    }

    #[test]
    fn markdown_front_matter_and_markup() {
        let md = "---\ntitle: \"Summit ends\"\ndate: 2024-06-01\n---\n# Summit ends\n\nThe **leaders** met in [Rome](https://example.org).\n";
        let doc = article("x", &strip_markdown(md));
        assert_eq!(doc.title.as_deref(), Some("Summit ends"));
        assert_eq!(doc.date.as_deref(), Some("2024-06-01"));
        assert!(
            doc.text.contains("The leaders met in Rome."),
            "{}",
            doc.text
        );
    }
}
