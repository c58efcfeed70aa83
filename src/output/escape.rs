//! Escaping of arbitrary text for the file formats the exports write (XML, CSV, JSON strings).
//! Output stage helpers shared by the writers; each writes runs of safe bytes in one call.

use std::io::{self, Write};

/// Writes `text` as XML 1.0 character data or attribute value (double-quoted). Line breaks and
/// tabs become character references so attribute values keep them; the control characters
/// XML 1.0 cannot carry at all (U+0000–U+001F other than tab/CR/LF, U+FFFE, U+FFFF) become
/// U+FFFD.
pub fn xml(out: &mut dyn Write, text: &str) -> io::Result<()> {
    // Byte-wise: every character to replace is ASCII, except U+FFFE and U+FFFF (EF BF BE/BF).
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (replacement, width): (&[u8], usize) = match bytes[i] {
            b'&' => (b"&amp;", 1),
            b'<' => (b"&lt;", 1),
            b'>' => (b"&gt;", 1),
            b'"' => (b"&quot;", 1),
            b'\'' => (b"&apos;", 1),
            b'\n' => (b"&#10;", 1),
            b'\r' => (b"&#13;", 1),
            b'\t' => (b"&#9;", 1),
            0x00..=0x1f => ("\u{fffd}".as_bytes(), 1),
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                ("\u{fffd}".as_bytes(), 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(replacement)?;
        i += width;
        start = i;
    }
    out.write_all(&bytes[start..])
}

/// True when a CSV field must be quoted (delimiter, quote, line break, or edge whitespace that
/// a trimming reader would lose).
fn csv_needs_quotes(text: &str) -> bool {
    text.bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
        || text.starts_with(char::is_whitespace)
        || text.ends_with(char::is_whitespace)
}

/// Writes one RFC 4180 CSV field: quoted (with doubled quotes) when needed.
pub fn csv(out: &mut dyn Write, text: &str) -> io::Result<()> {
    if !csv_needs_quotes(text) {
        return out.write_all(text.as_bytes());
    }
    out.write_all(b"\"")?;
    let mut parts = text.split('"');
    if let Some(first) = parts.next() {
        out.write_all(first.as_bytes())?;
    }
    for part in parts {
        out.write_all(b"\"\"")?;
        out.write_all(part.as_bytes())?;
    }
    out.write_all(b"\"")
}

/// Writes one CSV row of fields and a line feed; empty fields stay empty (a missing value).
pub fn csv_row<'a>(out: &mut dyn Write, fields: impl Iterator<Item = &'a str>) -> io::Result<()> {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        csv(out, field)?;
    }
    out.write_all(b"\n")
}

/// Appends `text` as a JSON string literal (quotes included) to `buf`.
pub fn json_string(buf: &mut String, text: &str) {
    buf.push('"');
    for c in text.chars() {
        match c {
            '"' => buf.push_str("\\\""),
            '\\' => buf.push_str("\\\\"),
            '\n' => buf.push_str("\\n"),
            '\r' => buf.push_str("\\r"),
            '\t' => buf.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                buf.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => buf.push(c),
        }
    }
    buf.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xml_text(s: &str) -> String {
        let mut out = Vec::new();
        xml(&mut out, s).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn csv_text(s: &str) -> String {
        let mut out = Vec::new();
        csv(&mut out, s).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn xml_escapes_markup_breaks_and_forbidden_controls() {
        assert_eq!(
            xml_text("a<b>&\"c'\nd\u{1}é\u{ffff}x"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;d\u{fffd}é\u{fffd}x"
        );
    }

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_text("plain"), "plain");
        assert_eq!(csv_text("say \"hi\", now"), "\"say \"\"hi\"\", now\"");
        assert_eq!(csv_text("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_text(" padded"), "\" padded\"");
    }

    #[test]
    fn json_strings_escape_quotes_backslashes_and_controls() {
        let mut buf = String::new();
        json_string(&mut buf, "a\"b\\c\nd\u{7}");
        assert_eq!(buf, "\"a\\\"b\\\\c\\nd\\u0007\"");
    }
}
