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
const FILLER: &[&str] = &[
    "Analysts said the outcome remained uncertain as markets weighed the latest figures.",
    "The announcement came after weeks of speculation in the capital.",
    "Officials declined to comment on the details of the proposal.",
    "Shares rose 2.4% in early trading before paring gains later in the session.",
    "Critics argued the plan would do little to ease pressure on households.",
    "The decision is expected to face legal challenges in the coming months.",
    "Negotiators have struggled for years to bridge the gap between the two sides.",
    "According to people familiar with the matter, a draft text was circulated on Friday.",
    "Inflation slowed for a third consecutive month, according to official data.",
    "Opposition lawmakers called for an inquiry into the handling of the crisis.",
    "The ministry said it would publish a full report before the end of the year.",
    "“We are not there yet, but we are closer than we have ever been,” one diplomat said.",
];

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

fn article(rng: &mut Rng, n: u64, v: &Vocabulary) -> Document {
    let people: Vec<(String, String, &str)> = (0..4)
        .map(|_| {
            let full = format!("{} {}", rng.pick(&v.given), rng.pick(&v.surnames));
            let surname = full.rsplit(' ').next().unwrap_or("").to_string();
            (full, surname, *rng.pick(TITLES))
        })
        .collect();
    let places: Vec<&String> = (0..3).map(|_| rng.pick(&v.places)).collect();
    let org = *rng.pick(ORGS);
    let org2 = *rng.pick(ORGS);
    let mut text = String::with_capacity(3000);
    let (a, b, c) = (&people[0], &people[1], &people[2]);
    let day = *rng.pick(WEEKDAYS);
    let topic = *rng.pick(TOPICS);
    let topic2 = *rng.pick(TOPICS);
    let lead = match rng.below(6) {
        0 => format!(
            "{} {} met {} {} in {} on {day} to discuss {topic} and {topic2}.",
            a.2, a.0, b.2, b.0, places[0]
        ),
        1 => format!(
            "{} {} will meet {} {} in {} next week, officials said.",
            a.2, a.0, b.2, b.0, places[0]
        ),
        2 => format!(
            "Talks between {} {} and {} {} in {} ended without a deal on {topic}.",
            a.2, a.0, b.2, b.0, places[0]
        ),
        3 => format!(
            "{} {} hosted {} {} at the presidential palace in {} on {day}.",
            a.2, a.0, b.2, b.0, places[0]
        ),
        4 => format!(
            "{} {} spoke by phone with {} {} about {topic}.",
            a.2, a.0, b.2, b.0
        ),
        _ => format!(
            "{} {} declined to meet {} {} during a visit to {}.",
            a.2, a.0, b.2, b.0, places[0]
        ),
    };
    text.push_str(&lead);
    text.push(' ');
    for i in 0..(6 + rng.below(10)) {
        let s = match rng.below(12) {
            0 => format!(
                "{} and {} held talks in {} last month.",
                a.1, c.0, places[1]
            ),
            1 => format!(
                "{}, the {} of {org}, said the company would expand.",
                c.0,
                c.2.to_lowercase()
            ),
            2 => format!("{org2}, the parent company of {org}, reported higher profits."),
            3 => format!(
                "{} visited {} in {} {}.",
                b.1,
                places[2],
                rng.pick(MONTHS),
                2000 + rng.below(25)
            ),
            4 => format!("He said {} and {} had never met.", c.1, people[3].0),
            5 => format!(
                "{} is due to meet {} {} in {} on {}.",
                b.1,
                people[3].2,
                people[3].0,
                places[1],
                rng.pick(WEEKDAYS)
            ),
            6 => format!("{} cancelled the summit with {} {}.", a.1, c.2, c.1),
            7 => format!(
                "The {} {} and {} agreed to extend the ceasefire.",
                places[0], org, org2
            ),
            8 => format!("{} first met {} in {}.", b.1, c.1, 1990 + rng.below(34)),
            _ => rng.pick(FILLER).to_string(),
        };
        text.push_str(&s);
        text.push(if i % 4 == 3 { '\n' } else { ' ' });
    }
    Document {
        id: format!("synthetic-{n:07}"),
        title: Some(format!("{} Meets {} Amid {} Tensions", a.1, b.1, topic)),
        date: Some(format!(
            "2025-{:02}-{:02}",
            1 + rng.below(12),
            1 + rng.below(28)
        )),
        text,
        ..Document::default()
    }
}
