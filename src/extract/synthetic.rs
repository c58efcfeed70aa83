//! A generator of varied news-like articles (deterministic for a seed), for measuring
//! extraction throughput on corpora of any size without shipping them: people drawn from the
//! given-name and surname lists, places from the gazetteer, meetings, calls, refusals, visits,
//! roles, ownership and filler prose in many sentence shapes. Streaming: documents are made
//! one at a time, so memory stays flat however large the corpus.

use crate::corpus::Document;

/// SplitMix64: small, fast, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn pick_word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len())]
    }
}

const TITLES: &[&str] = &[
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Finance Minister",
    "Chancellor",
    "Senator",
    "Governor",
    "Mayor",
    "Ambassador",
    "Trade Representative",
    "Vice Premier",
    "Secretary of State",
    "Defense Minister",
    "CEO",
    "Chairman",
];
const ORGS: &[&str] = &[
    "Northwind Holdings",
    "Blue Harbor Group",
    "Atlas Energy Corp.",
    "Meridian Bank",
    "Silverline Technologies",
    "Ministry of Commerce",
    "National Grid Agency",
    "Crescent Media",
    "Helios Motors",
    "Pinecrest Capital",
    "Orion Airlines",
    "Granite Industries",
];
const TOPICS: &[&str] = &[
    "tariffs",
    "trade",
    "energy",
    "sanctions",
    "climate change",
    "security",
    "investment",
    "semiconductors",
    "migration",
    "debt",
    "agriculture",
    "artificial intelligence",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// Sentences that carry facts the rules look for (meetings in their many forms, calls,
/// refusals, schedules, visits, roles, ownership, agreements). Slots: `{a}` `{b}` `{c}` `{d}`
/// are the article's people written in full with their title, `{a.name}` without it,
/// `{a.last}` the surname alone, `{a.role}` the lower-case title; `{p0}`..`{p2}` places,
/// `{org}` `{org2}` organisations, `{topic}` `{topic2}`, `{day}`, `{month}`, `{year}`,
/// `{n}` a small number, `{pct}` a percentage.
const FACT_SENTENCES: &[&str] = &[
    "{a} met {b} in {p0} on {day} to discuss {topic} and {topic2}.",
    "{a} will meet {b} in {p0} next week, officials said.",
    "Talks between {a} and {b} in {p0} ended without a deal on {topic}.",
    "{a} hosted {b} at the presidential palace in {p0} on {day}.",
    "{a} spoke by phone with {b} about {topic}.",
    "{a} declined to meet {b} during a visit to {p0}.",
    "{a.last} and {c.name} held talks in {p1} last month.",
    "{c.name}, the {c.role} of {org}, said the company would expand.",
    "{org2}, the parent company of {org}, reported higher profits.",
    "{b.last} visited {p2} in {month} {year}.",
    "He said {c.last} and {d.name} had never met.",
    "{b.last} is due to meet {d} in {p1} on {day}.",
    "{a.last} cancelled the summit with {c.role} {c.last}.",
    "The {p0} {org} and {org2} agreed to extend the ceasefire.",
    "{b.last} first met {c.last} in {year}.",
    "{b} was received by {a} in {p1} on {day}.",
    "{a.last} sat down with {c.name} on the sidelines of the summit in {p2}.",
    "Delegations led by {b.last} and {d.name} met in {p1} for a second round of talks on {topic}.",
    "{a.last} held a video call with {d} on {day}, her office said.",
    "{org} agreed to buy a {pct}% stake in {org2} for ${n} billion.",
    "{d.name} travelled to {p2} on {day} for talks on {topic}.",
    "{c.last} denied reports that she had met {b.last} in {p0}.",
    "A meeting between {a.last} and {d.last} could take place in {p2} later this year.",
    "{b.last}'s plan met with fierce criticism from lawmakers in {p0}.",
    "{a}, {b} and {d} met in {p1} on {day} and agreed to keep talking.",
    "{c} signed an agreement with {org2} on {topic} in {p0}.",
];

/// Sentences of the surrounding prose: numbers, quotes, reactions, context, some with the
/// article's people and organisations but no fact for the rules.
const PROSE_SENTENCES: &[&str] = &[
    "Analysts said the outcome remained uncertain as markets weighed the latest figures.",
    "The announcement came after weeks of speculation in the capital.",
    "Officials declined to comment on the details of the proposal.",
    "Shares rose {pct}% in early trading before paring gains later in the session.",
    "Critics argued the plan would do little to ease pressure on households.",
    "The decision is expected to face legal challenges in the coming months.",
    "Negotiators have struggled for years to bridge the gap between the two sides.",
    "According to people familiar with the matter, a draft text was circulated on {day}.",
    "Inflation slowed for a third consecutive month, according to official data.",
    "Opposition lawmakers called for an inquiry into the handling of the crisis.",
    "The ministry said it would publish a full report before the end of the year.",
    "“We are not there yet, but we are closer than we have ever been,” one diplomat said.",
    "Shares of {org} fell {pct}% on {day} after the company cut its forecast for the year.",
    "“This is a question of {topic}, and we will not be rushed,” {a.last} told reporters.",
    "The economy of {p0} grew {pct}% in the second quarter, faster than economists had expected.",
    "{org2} employs about {n},000 people and has operations in more than {n} countries.",
    "Protesters gathered outside the parliament building on {day}, some carrying banners.",
    "The central bank held interest rates steady at {pct}% for the {n}th time in a row.",
    "It was not immediately clear whether the measures would take effect before {month}.",
    "{d.last}, who has held the post since {year}, is widely seen as a pragmatist.",
    "“The door remains open,” said a spokesperson for {org}, who asked not to be named.",
    "Trade between the two countries reached ${n} billion last year, according to customs data.",
    "The plan still needs the approval of lawmakers, several of whom have voiced doubts.",
    "Rating agencies have warned that the debt burden could rise further in {year}.",
    "{c.last} has said little in public since taking office, preferring to work behind the scenes.",
    "Heavy rain and flooding in parts of {p2} forced the evacuation of thousands of residents.",
    "The report, which runs to more than {n}00 pages, was leaked to local media on {day}.",
    "Investors are watching closely for signs that demand for {topic} is slowing.",
    "The company did not respond to a request for comment.",
    "Earlier this year, a court in {p1} ruled that parts of the law were unconstitutional.",
];

/// How many in a hundred body sentences are drawn from [`FACT_SENTENCES`]: news prose is
/// mostly context around the few sentences that state who did what.
const FACT_SHARE_PERCENT: usize = 40;

/// Lists the generator draws from (loaded from the bundled lexicons).
pub struct Vocabulary {
    given: Vec<String>,
    surnames: Vec<String>,
    places: Vec<String>,
}

impl Vocabulary {
    /// Names from the bundled given-name, surname and place lists (with a fallback so the
    /// generator works without them).
    pub fn bundled() -> Vocabulary {
        let list = |rel: &str, fallback: &[&str]| -> Vec<String> {
            let v: Vec<String> = crate::data::file(rel)
                .unwrap_or("")
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .map(|l| l.split('\t').next().unwrap_or("").trim().to_string())
                .filter(|w| w.len() > 2 && w.chars().all(|c| c.is_alphabetic()))
                .take(4000)
                .collect();
            if v.is_empty() {
                fallback.iter().map(|s| s.to_string()).collect()
            } else {
                v
            }
        };
        let places: Vec<String> = crate::data::file("lexicon/places.tsv")
            .unwrap_or("")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let cols: Vec<&str> = l.split('\t').collect();
                let pop: u64 = cols.get(3)?.parse().ok()?;
                (pop > 1_000_000 && cols.get(6) != Some(&"yes")).then(|| cols[0].to_string())
            })
            .collect();
        Vocabulary {
            given: list(
                "lexicon/given_names.txt",
                &["Anna", "John", "Maria", "Peter"],
            ),
            surnames: list("lexicon/surnames.txt", &["Weber", "Holt", "Lopes", "Walsh"]),
            places: if places.is_empty() {
                vec![
                    "Paris".into(),
                    "Berlin".into(),
                    "Tokyo".into(),
                    "Madrid".into(),
                ]
            } else {
                places
            },
        }
    }
}

/// Generates documents until about `target_bytes` of text have been produced.
pub fn generate(
    seed: u64,
    target_bytes: usize,
    vocabulary: &Vocabulary,
) -> impl Iterator<Item = Document> + '_ {
    let mut rng = Rng(seed);
    let mut produced = 0usize;
    let mut n = 0u64;
    std::iter::from_fn(move || {
        if produced >= target_bytes {
            return None;
        }
        let doc = article(&mut rng, n, vocabulary);
        produced += doc.text.len();
        n += 1;
        Some(doc)
    })
}

/// One person of an article: full name, surname, title.
struct Person {
    name: String,
    last: String,
    title: &'static str,
}

/// What one article's sentences are written about.
struct Cast<'v> {
    people: Vec<Person>,
    places: Vec<&'v str>,
    orgs: [&'static str; 2],
    topics: [&'static str; 2],
}

fn article(rng: &mut Rng, n: u64, v: &Vocabulary) -> Document {
    let people: Vec<Person> = (0..4)
        .map(|_| {
            let name = format!("{} {}", rng.pick(&v.given), rng.pick(&v.surnames));
            let last = name.rsplit(' ').next().unwrap_or("").to_string();
            Person {
                name,
                last,
                title: rng.pick_word(TITLES),
            }
        })
        .collect();
    let cast = Cast {
        places: (0..3).map(|_| rng.pick(&v.places).as_str()).collect(),
        orgs: [rng.pick_word(ORGS), rng.pick_word(ORGS)],
        topics: [rng.pick_word(TOPICS), rng.pick_word(TOPICS)],
        people,
    };
    let mut text = String::with_capacity(3000);
    // A wire dateline on some articles: "MADRID, May 4 (Wire) — ".
    if rng.below(3) == 0 {
        text.push_str(&cast.places[0].to_uppercase());
        text.push_str(&format!(
            ", {} {} (Wire) — ",
            rng.pick_word(MONTHS),
            1 + rng.below(28)
        ));
    }
    let lead = rng.pick_word(&FACT_SENTENCES[..6]);
    fill(lead, &cast, rng, &mut text);
    text.push(' ');
    for i in 0..(8 + rng.below(14)) {
        let template = if rng.below(100) < FACT_SHARE_PERCENT {
            rng.pick_word(FACT_SENTENCES)
        } else {
            rng.pick_word(PROSE_SENTENCES)
        };
        fill(template, &cast, rng, &mut text);
        text.push(if i % 4 == 3 { '\n' } else { ' ' });
    }
    let (a, b) = (&cast.people[0], &cast.people[1]);
    Document {
        id: format!("synthetic-{n:07}"),
        title: Some(format!(
            "{} Meets {} Amid {} Tensions",
            a.last, b.last, cast.topics[0]
        )),
        date: Some(format!(
            "2025-{:02}-{:02}",
            1 + rng.below(12),
            1 + rng.below(28)
        )),
        text,
        ..Document::default()
    }
}

/// Appends `template` with its slots filled from `cast` (random numbers, days and dates from
/// `rng`); an unknown slot is written as it stands.
fn fill(template: &str, cast: &Cast, rng: &mut Rng, out: &mut String) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let slot = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        let (who, part) = slot.split_once('.').unwrap_or((slot, ""));
        let person = match who {
            "a" => cast.people.first(),
            "b" => cast.people.get(1),
            "c" => cast.people.get(2),
            "d" => cast.people.get(3),
            _ => None,
        };
        match (person, part) {
            (Some(p), "") => {
                out.push_str(p.title);
                out.push(' ');
                out.push_str(&p.name);
            }
            (Some(p), "name") => out.push_str(&p.name),
            (Some(p), "last") => out.push_str(&p.last),
            (Some(p), "role") => out.push_str(&p.title.to_lowercase()),
            _ => match slot {
                "p0" | "p1" | "p2" => {
                    let i = usize::from(slot.as_bytes()[1] - b'0');
                    out.push_str(cast.places.get(i).copied().unwrap_or("Geneva"));
                }
                "org" => out.push_str(cast.orgs[0]),
                "org2" => out.push_str(cast.orgs[1]),
                "topic" => out.push_str(cast.topics[0]),
                "topic2" => out.push_str(cast.topics[1]),
                "day" => out.push_str(rng.pick_word(WEEKDAYS)),
                "month" => out.push_str(rng.pick_word(MONTHS)),
                "year" => out.push_str(&(1990 + rng.below(35)).to_string()),
                "n" => out.push_str(&(2 + rng.below(40)).to_string()),
                "pct" => out.push_str(&format!("{}.{}", rng.below(9), rng.below(10))),
                _ => {
                    out.push('{');
                    out.push_str(slot);
                    out.push('}');
                }
            },
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_fill_every_slot_and_repeat_for_a_seed() {
        let vocabulary = Vocabulary::bundled();
        let first: Vec<Document> = generate(5, 200_000, &vocabulary).collect();
        let again: Vec<Document> = generate(5, 200_000, &vocabulary).collect();
        assert_eq!(first.len(), again.len());
        assert!(first.iter().zip(&again).all(|(x, y)| x.text == y.text));
        let bytes: usize = first.iter().map(|d| d.text.len()).sum();
        assert!(bytes >= 200_000);
        for doc in &first {
            assert!(!doc.text.contains('{'), "unfilled slot in {}", doc.text);
        }
        // Sentences of both kinds appear.
        let text: String = first.iter().map(|d| d.text.as_str()).collect();
        assert!(text.contains("on the sidelines of the summit"));
        assert!(text.contains("who has held the post since"));
    }
}
