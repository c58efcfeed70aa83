//! Calendar days shared by the stages that read dates: the corpus (article metadata and
//! datelines) and mention recognition (dates in sentences). One grammar for absolute dates.

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    /// `YYYY-MM-DD`, as `format!("{:04}-{:02}-{:02}")` writes it (digit by digit: dates are
    /// formatted in most documents, and the formatting machinery costs far more).
    pub fn iso(self) -> String {
        let mut out = iso_month(self.year, self.month);
        out.push('-');
        push_two_digits(&mut out, self.day);
        out
    }
    /// Days since 1970-01-01 (proleptic Gregorian).
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }
    pub fn from_days(z: i64) -> Day {
        let z = z + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
        Day {
            year: y,
            month: m,
            day: d,
        }
    }
    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> i64 {
        (self.to_days() + 3).rem_euclid(7)
    }
    pub fn plus(self, days: i64) -> Day {
        Day::from_days(self.to_days() + days)
    }

    /// Parses "2025-09-14", "2025-09-14T10:00:00Z", "September 14, 2025", "14 Sep 2025".
    pub fn parse(text: &str) -> Option<Day> {
        let t = text.trim();
        let b = t.as_bytes();
        if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
            let year = t[0..4].parse().ok()?;
            let month = t[5..7].parse().ok()?;
            let day = t[8..10].parse().ok()?;
            return valid(year, month, day);
        }
        let words: Vec<&str> = t
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .collect();
        match words.as_slice() {
            [m, d, y, ..] if month_number(m).is_some() => valid(
                y.parse().ok()?,
                month_number(m)?,
                d.trim_end_matches(|c: char| c.is_alphabetic())
                    .parse()
                    .ok()?,
            ),
            [d, m, y, ..] if month_number(m).is_some() => {
                valid(y.parse().ok()?, month_number(m)?, d.parse().ok()?)
            }
            _ => None,
        }
    }
}

pub(crate) fn valid(year: i32, month: u32, day: u32) -> Option<Day> {
    let ok = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
    ok.then_some(Day { year, month, day })
}

/// Days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// "September", "Sept.", "Sep" → 9 (case-insensitive; "May" and "March" only capitalised).
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').as_bytes();
    if w.len() < 3 || w.len() > 9 {
        return None;
    }
    // A lower-cased word key: recognition asks this of every capitalised word.
    use crate::mention::words::{key, lower_key_of};
    const MONTHS: [(u128, u32); 24] = [
        (key("january"), 1),
        (key("jan"), 1),
        (key("february"), 2),
        (key("feb"), 2),
        (key("march"), 3),
        (key("mar"), 3),
        (key("april"), 4),
        (key("apr"), 4),
        (key("may"), 5),
        (key("june"), 6),
        (key("jun"), 6),
        (key("july"), 7),
        (key("jul"), 7),
        (key("august"), 8),
        (key("aug"), 8),
        (key("september"), 9),
        (key("sept"), 9),
        (key("sep"), 9),
        (key("october"), 10),
        (key("oct"), 10),
        (key("november"), 11),
        (key("nov"), 11),
        (key("december"), 12),
        (key("dec"), 12),
    ];
    // Safe: `w` is `word` minus trailing dots, so it ends on a character boundary.
    let k = lower_key_of(&word[..w.len()]);
    let month = match MONTHS.iter().find(|&&(m, _)| m == k) {
        Some(&(_, n)) => n,
        _ => return None,
    };
    Some(month)
}

/// True for an ISO calendar date `YYYY-MM-DD` that exists (exports type such text as a date).
pub fn is_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && Day::parse(text).is_some()
}

/// `YYYY-MM`, as `format!("{year:04}-{month:02}")` writes it (see [`Day::iso`]).
pub fn iso_month(year: i32, month: u32) -> String {
    let mut out = String::with_capacity(10);
    if (0..=9999).contains(&year) {
        let y = year as u32;
        for digit in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10] {
            out.push(char::from(b'0' + digit as u8));
        }
    } else {
        out.push_str(&format!("{year:04}"));
    }
    out.push('-');
    push_two_digits(&mut out, month);
    out
}

/// Appends `value` as `format!("{value:02}")` writes it.
fn push_two_digits(out: &mut String, value: u32) {
    if value < 100 {
        out.push(char::from(b'0' + (value / 10) as u8));
        out.push(char::from(b'0' + (value % 10) as u8));
    } else {
        out.push_str(&value.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names_full_short_and_dotted() {
        for (word, month) in [
            ("September", Some(9)),
            ("Sept.", Some(9)),
            ("SEP", Some(9)),
            ("may", Some(5)),
            ("Mar.", Some(3)),
            ("Dec", Some(12)),
            ("Ju", None),
            ("Janu", None),
            ("Mays", None),
            ("Septembers", None),
            ("Monday", None),
        ] {
            assert_eq!(month_number(word), month, "{word}");
        }
    }

    /// Hand-written ISO dates read exactly as the formatting machinery writes them, inside
    /// the four-digit years and outside (negative, five digits, out-of-range fields).
    #[test]
    fn iso_dates_are_written_as_format_writes_them() {
        for year in [
            -12345, -999, -5, 0, 7, 99, 999, 1999, 2025, 9999, 10000, 123456,
        ] {
            for month in [0, 1, 9, 10, 12, 99, 100, 1234] {
                for day in [0, 1, 9, 31, 100] {
                    let d = Day { year, month, day };
                    assert_eq!(d.iso(), format!("{year:04}-{month:02}-{day:02}"));
                }
                assert_eq!(iso_month(year, month), format!("{year:04}-{month:02}"));
            }
        }
    }
}
