//! Date expressions in a sentence's tokens → date mentions with an ISO value: absolute dates
//! ("September 17, 2025", "17 Sept. 2025", "March 2023", "in 2019") are parsed; relative ones
//! ("on Saturday", "this weekend", "last month", "yesterday") are resolved against a reference
//! date when one is known and kept as written otherwise.

use crate::mention::facts::{bit, TokenFacts};
use crate::mention::words::{key, lower_key_of};
use crate::text::{Token, TokenKind};

use crate::dates::valid;
pub use crate::dates::{month_number, Day};

/// "Saturday" → true.
pub fn is_weekday(word: &str) -> bool {
    weekday_number(word).is_some()
}

/// 0 = Monday … 6 = Sunday, any case.
fn weekday_number(word: &str) -> Option<i64> {
    let w = word.as_bytes();
    if !(6..=9).contains(&w.len()) {
        return None;
    }
    const MON: u128 = key("monday");
    const TUE: u128 = key("tuesday");
    const WED: u128 = key("wednesday");
    const THU: u128 = key("thursday");
    const FRI: u128 = key("friday");
    const SAT: u128 = key("saturday");
    const SUN: u128 = key("sunday");
    let day = match lower_key_of(word) {
        MON => 0,
        TUE => 1,
        WED => 2,
        THU => 3,
        FRI => 4,
        SAT => 5,
        SUN => 6,
        _ => return None,
    };
    Some(day)
}

/// A date found in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateFound {
    /// Token range (document token indices, end exclusive).
    pub first: usize,
    pub end: usize,
    /// ISO date, month ("2023-03") or year ("2019") when resolvable.
    pub value: Option<String>,
    /// The day the expression refers to, for comparisons (past or future).
    pub day: Option<Day>,
}

fn year_of(token: &str) -> Option<i32> {
    if token.len() == 4 && token.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = token.parse().ok()?;
        (1800..=2199).contains(&y).then_some(y)
    } else {
        None
    }
}

fn day_of(token: &str) -> Option<u32> {
    let digits = token.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// Finds dates in tokens `range` of `text`; `facts[k]` are the lexicon's facts of token k
/// (month and weekday names, relative date words) and `starts` the tokens of the range a
/// date may begin with (capitalised calendar words, relative date words, numbers, in order):
/// the others are never looked at.
pub fn find_dates(
    text: &str,
    tokens: &[Token],
    facts: &[TokenFacts],
    starts: &[u32],
    range: std::ops::Range<usize>,
    reference: Option<Day>,
    out: &mut Vec<DateFound>,
) {
    let word = |k: usize| -> &str {
        if k < range.end {
            tokens[k].text(text)
        } else {
            ""
        }
    };
    let fact = |k: usize| -> TokenFacts {
        if k < range.end {
            facts[k]
        } else {
            TokenFacts::default()
        }
    };
    const CALENDAR: u32 = bit::MONTH | bit::WEEKDAY;
    let mut k = range.start;
    let mut next = 0;
    loop {
        // The next token a date may begin with, from `k` on.
        while next < starts.len() && (starts[next] as usize) < k {
            next += 1;
        }
        match starts.get(next) {
            Some(&start) if (start as usize) < range.end => k = start as usize,
            _ => break,
        }
        let tok = tokens[k];
        let f = facts[k];
        let calendar = tok.capitalised && f.has(CALENDAR);
        let w = word(k);
        // Month-first: "September 17(, 2025)", "March 2023", "Sept. 17".
        if calendar {
            if let Some(m) = f.month() {
                // "May" and "March" are also words: require a day or year after them.
                let mut j = k + 1;
                if let Some(d) = day_of(word(j)) {
                    j += 1;
                    if word(j) == "," {
                        j += 1;
                    }
                    let year = year_of(word(j));
                    let end = if year.is_some() { j + 1 } else { k + 2 };
                    let year = year.or_else(|| reference.map(|r| r.year));
                    let day = year.and_then(|y| valid(y, m, d));
                    out.push(DateFound {
                        first: k,
                        end,
                        value: day.map(Day::iso),
                        day,
                    });
                    k = end;
                    continue;
                } else if let Some(y) = year_of(word(j)) {
                    out.push(DateFound {
                        first: k,
                        end: j + 1,
                        value: Some(crate::dates::iso_month(y, m)),
                        day: valid(y, m, 1),
                    });
                    k = j + 1;
                    continue;
                }
            }
            if let Some(wd) = f.weekday() {
                let day = reference.map(|r| {
                    let diff = (wd - r.weekday()).rem_euclid(7);
                    // The occurrence within three days either side of the reference.
                    r.plus(if diff > 3 { diff - 7 } else { diff })
                });
                out.push(DateFound {
                    first: k,
                    end: k + 1,
                    value: day.map(Day::iso),
                    day,
                });
                k += 1;
                continue;
            }
        }
        // Day-first: "17 September 2025".
        if tok.kind == TokenKind::Number {
            // (The month test first: it is a bit.)
            if let Some(m) = fact(k + 1).month().filter(|_| tokens[k + 1].capitalised) {
                if let Some(d) = day_of(w) {
                    let year = year_of(word(k + 2));
                    let end = if year.is_some() { k + 3 } else { k + 2 };
                    let day = year
                        .or_else(|| reference.map(|r| r.year))
                        .and_then(|y| valid(y, m, d));
                    out.push(DateFound {
                        first: k,
                        end,
                        value: day.map(Day::iso),
                        day,
                    });
                    k = end;
                    continue;
                }
            }
            // A bare year after "in"/"since"/"by"/"of": "met in 2019".
            if k > range.start && facts[k - 1].has(bit::YEAR_PREPOSITION) {
                if let Some(y) = year_of(w) {
                    out.push(DateFound {
                        first: k,
                        end: k + 1,
                        value: Some(y.to_string()),
                        day: valid(y, 1, 1),
                    });
                }
            }
        }
        // Relative: yesterday/today/tomorrow, this/last/next week|weekend|month|year.
        const YESTERDAY: u32 = 1;
        const TODAY: u32 = 2;
        const TOMORROW: u32 = 3;
        const THIS: u32 = 4;
        const LAST: u32 = 5;
        const NEXT: u32 = 6;
        const PAST: u32 = 7;
        let relative = f.code(bit::RELATIVE, bit::RELATIVE_SHIFT);
        match relative {
            YESTERDAY | TODAY | TOMORROW => {
                let delta = match relative {
                    YESTERDAY => -1,
                    TODAY => 0,
                    _ => 1,
                };
                let day = reference.map(|r| r.plus(delta));
                out.push(DateFound {
                    first: k,
                    end: k + 1,
                    value: day.map(Day::iso),
                    day,
                });
            }
            THIS | LAST | NEXT | PAST => {
                let offset: i64 = match relative {
                    LAST | PAST => -1,
                    NEXT => 1,
                    _ => 0,
                };
                let resolved = match fact(k + 1).code(bit::UNIT, bit::UNIT_SHIFT) {
                    // weekend
                    1 => Some(reference.map(|r| {
                        let to_sat = (5 - r.weekday()).rem_euclid(7);
                        let sat = r.plus(to_sat);
                        let sat = if r.weekday() == 6 { r.plus(-1) } else { sat };
                        let d = sat.plus(7 * offset);
                        (Some(d.iso()), Some(d))
                    })),
                    // week
                    2 => Some(reference.map(|r| {
                        let monday = r.plus(-r.weekday() + 7 * offset);
                        (Some(monday.iso()), Some(monday))
                    })),
                    // month
                    3 => Some(reference.map(|r| {
                        let total = r.year * 12 + r.month as i32 - 1 + offset as i32;
                        let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
                        (Some(crate::dates::iso_month(y, m)), valid(y, m, 1))
                    })),
                    // year
                    4 => Some(reference.map(|r| {
                        let y = r.year + offset as i32;
                        (Some(y.to_string()), valid(y, 1, 1))
                    })),
                    _ => None,
                };
                if let Some(resolved) = resolved {
                    let (value, day) = resolved.unwrap_or((None, None));
                    out.push(DateFound {
                        first: k,
                        end: k + 2,
                        value,
                        day,
                    });
                    k += 2;
                    continue;
                }
            }
            _ => {}
        }
        k += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        let d = Day {
            year: 2025,
            month: 9,
            day: 14,
        };
        assert_eq!(Day::from_days(d.to_days()), d);
        assert_eq!(d.weekday(), 6); // a Sunday
        assert_eq!(Day::parse("September 14, 2025"), Some(d));
        assert_eq!(Day::parse("2025-09-14T08:00:00Z"), Some(d));
    }
}
