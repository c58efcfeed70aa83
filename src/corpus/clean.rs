//! Cleaning one article: a slash-separated metadata header line (title / outlet / dateline /
//! byline / section), Markdown front matter, a leading dateline, and page boilerplate
//! (comment boxes, sharing prompts; phrases listed in data/lexicon/boilerplate.txt).

use super::Document;
use std::sync::OnceLock;

/// Longest header field we accept; a longer slash-separated piece is body text.
const MAX_HEADER_FIELD: usize = 160;
/// Boilerplate phrases only condemn short lines: a long paragraph mentioning "advertisement"
/// is still news.
const MAX_BOILERPLATE_LINE: usize = 200;

fn boilerplate_phrases() -> &'static [String] {
    static PHRASES: OnceLock<Vec<String>> = OnceLock::new();
    PHRASES.get_or_init(|| {
        crate::data::file("lexicon/boilerplate.txt")
            .unwrap_or("")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect()
    })
}

fn is_boilerplate(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.len() >= MAX_BOILERPLATE_LINE {
        return false;
    }
    let lower = trimmed.to_lowercase();
    boilerplate_phrases()
        .iter()
        .any(|p| lower.contains(p.as_str()))
}

/// Builds a cleaned document from raw article text.
pub fn article(id: &str, raw: &str) -> Document {
    let mut doc = Document {
        id: id.to_string(),
        ..Document::default()
    };
    let raw = raw.replace("\r\n", "\n");
    let mut body = raw.as_str();

    if let Some((fields, rest)) = split_header_line(body) {
        apply_header(&mut doc, &fields);
        body = rest;
    }
    let kept: Vec<&str> = body.lines().filter(|l| !is_boilerplate(l)).collect();
    let mut text = kept.join("\n").trim().to_string();
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
    let head: String = text.chars().take(120).collect();
    let dash = ["—", "–", " - ", "--"]
        .iter()
        .filter_map(|d| head.find(d).map(|i| (i, d.len())))
        .min_by_key(|(i, _)| *i)?;
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

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Parses "2025-09-14", "September 14, 2025", "Sept. 14, 2025", "14 September 2025".
pub fn parse_date(text: &str) -> Option<(i32, u32, u32)> {
    let t = text.trim().trim_end_matches('.');
    if let [y, m, d] = t.split('-').collect::<Vec<_>>()[..] {
        let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.get(..2)?.parse().ok()?);
        return valid(y, m, d);
    }
    let words: Vec<String> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    let month = |w: &str| {
        MONTHS
            .iter()
            .position(|m| w.len() >= 3 && m.starts_with(w))
            .map(|i| i as u32 + 1)
    };
    match &words[..] {
        [a, b, y] => match month(a) {
            Some(m) => valid(y.parse().ok()?, m, b.parse().ok()?),
            None => valid(y.parse().ok()?, month(b)?, a.parse().ok()?),
        },
        _ => None,
    }
}

fn valid(y: i32, m: u32, d: u32) -> Option<(i32, u32, u32)> {
    ((1..=12).contains(&m) && (1..=31).contains(&d) && (1000..=9999).contains(&y))
        .then_some((y, m, d))
}

/// ISO form of a date when it parses, otherwise the text as given.
pub fn normalize_date(text: &str) -> String {
    match parse_date(text) {
        Some((y, m, d)) => format!("{y:04}-{m:02}-{d:02}"),
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
                '*' | '_'
                    if chars.peek() == Some(&c) || cleaned.ends_with(' ') || cleaned.is_empty() => {
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
