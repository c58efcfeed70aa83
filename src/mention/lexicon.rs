//! Lexicons → one gazetteer (a trie of lower-cased surfaces searched at token starts,
//! longest surface first) plus the word lists the name patterns consult. Built once per `Knowledge`; read-only and shared across threads.

use super::facts::{bit, DocumentFacts, WordTable};
use super::gazetteer::Gazetteer;
use super::words::{key_of, lower_key_of, pack8, with_lower, KeyMap, KeySet};
use crate::extract::rules::{WordMap, WordSet};
use std::collections::{BTreeSet, HashMap};

/// What a lexicon entry names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LexLabel {
    Person,
    Organization,
    Place,
    Topic,
    Title,
    /// A nationality adjective ("Chinese"): stands for its country.
    Demonym,
    /// A seat of power standing for a government ("Washington", "the Kremlin").
    Metonym,
}

/// How the text must be cased for an entry to match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseRule {
    /// Any case ("vice premier", "Vice Premier").
    Insensitive,
    /// Every upper-case letter of the entry is upper-case in the text ("U.S.", "NATO", "Madrid").
    Capitals,
    /// No capital in the text: "Nvidia boss X" is a title, "Clifton Boss" a surname.
    Lower,
}

/// One lexicon entry.
#[derive(Clone, Debug)]
pub struct Entry {
    pub label: LexLabel,
    /// Canonical name (the country for a demonym, the organisation for a metonym).
    pub name: String,
    pub kind: Option<String>,
    /// Country the entry lies in or belongs to.
    pub country: Option<String>,
    pub population: u64,
    /// Preference among entries of one name: countries, then capitals, then population.
    pub rank: u64,
    /// Also a common English word ("Reading", "Nice"): needs a place preposition before it.
    pub ambiguous: bool,
    pub case: CaseRule,
    /// Which file it came from (for traces).
    pub list: &'static str,
}

impl Entry {
    /// An entry of a hand-written list: no kind, country, population or rank, not ambiguous.
    fn listed(label: LexLabel, name: String, case: CaseRule, list: &'static str) -> Entry {
        Entry {
            label,
            name,
            kind: None,
            country: None,
            population: 0,
            rank: 0,
            ambiguous: false,
            case,
            list,
        }
    }
}

/// An error in a lexicon file.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct LexiconError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

/// The lexicon text files, by name (`places.tsv`, `titles.txt`, ...).
pub type LexiconFiles<'a> = [(&'a str, &'a str)];

/// All lexical knowledge the recogniser uses.
pub struct Lexicon {
    /// Built on first use: loading stays fast when no text is extracted (a cached graph).
    gazetteer: std::sync::OnceLock<Gazetteer>,
    /// Every word list and the gazetteer's first words in one table (built with the
    /// gazetteer): recognition looks each token up once.
    word_table: std::sync::OnceLock<WordTable>,
    /// Words whose ids a later stage wants per token (`index_words`), looked up in the same
    /// probe as the facts, and the fingerprint the caller gave them (0: none).
    indexed_words: Vec<(String, u32)>,
    indexed_fingerprint: u64,
    /// Pattern id → candidate entries (best first), each with the capitals its own listed
    /// surface requires (entries sharing a lower-cased pattern may be cased differently:
    /// "UN" the organisation, "Un" the town).
    pattern_entries: Vec<Vec<(u32, Capitals)>>,
    /// Pattern id → surface as first listed.
    pattern_surface: Vec<String>,
    pub entries: Vec<Entry>,
    // Word tables use the fast word hash: recognition consults them for most tokens.
    pub stopwords: WordSet,
    pub given_names: WordSet,
    pub surnames: WordSet,
    /// Token → organisation kind.
    pub org_cues: WordMap<String>,
    pub venue_cues: WordSet,
    /// Venue cues that open the name instead ("Palácio Guanabara", "Palazzo Chigi").
    pub venue_heads: WordSet,
    /// Venue cues that name natural features ("Wawel Hill", "Table Bay"): many are surnames
    /// too, so a run joined by "and" is never one feature ("Benny Hill and Michael Bay").
    pub natural_features: WordSet,
    /// Lower-case heads of English compounds after a hyphen ("-led", "-era"): never a
    /// syllable of a hyphenated given name.
    pub compound_heads: WordSet,
    /// Titles (lower case) of the head of the organisation or place they name ("chief",
    /// "president"): "the FIFA chief" is the one person titled so for FIFA.
    pub head_titles: WordSet,
    /// Lower-case words written in brackets between a title and the name that qualify the
    /// holder ("Lt Gen (retd) X"): the name follows them.
    pub title_qualifiers: WordSet,
    /// Words a minister's portfolio is made of (lower case): "Minister of Development,
    /// Industry and Trade X" runs on over them to the name.
    pub portfolio_words: WordSet,
    /// Descriptive title (lower case) → the titles it stands for ("head of government" →
    /// "prime minister", "premier", …).
    pub title_equivalents: WordMap<Vec<String>>,
    /// Description head noun (lower case) → (label, compatible kinds).
    descriptions: WordMap<(LexLabel, Vec<String>)>,
    /// The description head nouns of up to 16 bytes by word key → their index in
    /// `description_list`: most words asked about are none, and one probe on the packed word
    /// answers a word of that length without hashing it.
    description_index: KeyMap<u32>,
    /// The entries of `descriptions` that `description_index` points into.
    description_list: Vec<(LexLabel, Vec<String>)>,
    /// Short forms never merged into a longer name (`alias<TAB>-` in aliases.tsv).
    pub no_merge: WordSet,
    /// Irregular form → lemma.
    pub lemmas: WordMap<String>,
    /// Given name or honorific (lower case) → the gender it tells, for he/she (genders.tsv).
    genders: WordMap<Gender>,
    /// `genders` for its words of up to 16 bytes, by word key (`None`: tells no gender).
    gender_keys: KeyMap<Option<Gender>>,
    pub abbreviations: Vec<String>,
    /// Capitalised words that alone never name a person or an organisation: holidays, and
    /// common nouns that end the names of bodies and events (`not_names_alone.txt`).
    pub not_names_alone: WordSet,
    /// Heads of hyphenated compounds that make the name right after them an organisation's
    /// ("Turin-based X", "state-owned X"; `org_compound_heads.txt`).
    pub org_compound_heads: WordSet,
    /// Nouns that after a name and "'s" make it an organisation's ("Hanshin Marine's
    /// president"; `org_possessed_heads.txt`).
    pub org_possessed_heads: WordSet,
    /// Words that open the name of a storm or an operation, never a person's ("Typhoon
    /// Kristine"; `event_heads.txt`).
    pub event_heads: WordSet,
    /// Per label (`LexLabel as usize`): canonical name (lower case) → entry index, for
    /// looking up places and titles by name without building a key.
    by_name: Vec<WordMap<u32>>,
    /// Per label, `by_name` for its names of up to 16 bytes by word key: resolution asks
    /// whether the word before most names is a title, and this answers an ASCII word with one
    /// probe (lower-casing ASCII is ASCII lower-casing, so the key of the word lower-cased
    /// names the entry exactly).
    name_keys: Vec<KeyMap<u32>>,
    /// Entry → the place a demonym stands for (`u32::MAX` for none): looked up once here,
    /// not per mention.
    demonym_place: Vec<u32>,
    /// The stopwords (lower case) and given names of up to 16 bytes as word keys: the name
    /// patterns ask these of most capitalised words.
    stopword_keys: KeySet,
    given_name_keys: KeySet,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("entries", &self.entries.len())
            .field("patterns", &self.pattern_surface.len())
            .finish()
    }
}

/// A person's gender as a name or honorific tells it (pronoun agreement).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

/// A gazetteer hit: byte span and the candidate entries.
#[derive(Clone, Copy, Debug)]
pub struct LexMatch {
    pub start: usize,
    pub end: usize,
    /// The tokens it begins and ends in, when a token ends where it does (`last` is
    /// `usize::MAX` otherwise).
    pub first: usize,
    pub last: usize,
    pub pattern: u32,
    /// Where the matched text is upper-case (for the candidates' case rules).
    pub upper: UpperCase,
}

/// Suffixes that name an office not yet taken up ("President-elect", "Director-designate").
const TITLE_PENDING_SUFFIXES: [&str; 2] = ["-elect", "-designate"];

/// How a portfolio follows a minister's title ("Minister for Manpower").
const PORTFOLIO_FORMS: [&str; 6] = [
    "Minister for",
    "Minister of",
    "Minister of State for",
    "Secretary of State for",
    "Cabinet Secretary for",
    "Secretary for",
];

/// Words that, right before a title, name another office rather than a portfolio of it: a
/// "Prime Minister", "Vice President" or "Press Secretary" is no kind of minister, president or
/// secretary ("the minister" is not the Prime Minister), while a "Trade Minister" is a minister.
pub fn names_another_office(word: &str) -> bool {
    matches!(
        word,
        "prime"
            | "deputy"
            | "chief"
            | "vice"
            | "first"
            | "senior"
            | "press"
            | "permanent"
            | "assistant"
            | "under"
            | "private"
            | "party"
            | "shadow"
            | "former"
    )
}

/// The portfolio of a listed title "<portfolio> Minister" or "<portfolio> Secretary"
/// ("Transport" of "Transport Minister"); none for ranks ("Prime Minister", "Press Secretary").
fn portfolio_of(title: &str) -> Option<&str> {
    const RANKS: [&str; 14] = [
        "Prime",
        "Deputy",
        "Chief",
        "Vice",
        "First",
        "Senior",
        "Junior",
        "Party",
        "Press",
        "Cabinet",
        "Permanent",
        "Assistant",
        "Under",
        "Private",
    ];
    let portfolio = title
        .strip_suffix(" Minister")
        .or_else(|| title.strip_suffix(" Secretary"))?;
    let first = portfolio.split(' ').next()?;
    // "Foreign Minister", "Home Secretary": an adjective, not a portfolio of its own.
    let adjective = matches!(portfolio, "Foreign" | "Home");
    (!RANKS.contains(&first) && !adjective && !portfolio.contains('-')).then_some(portfolio)
}

/// The data lines of a lexicon file (not blank, not a `#` comment), numbered from 1, each
/// split into its tab-separated columns, trimmed.
fn data_lines<'a>(
    name: &'a str,
    text: &'a str,
) -> impl Iterator<Item = (usize, Vec<&'a str>)> + 'a {
    let _ = name;
    text.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            None
        } else {
            Some((i + 1, tab_columns(line)))
        }
    })
}

/// `line.split('\t').map(str::trim).collect()`, found byte by byte (a tab byte is always a
/// tab character in UTF-8) into a vector sized once: places.tsv alone has some 37,000 lines,
/// and searching each column's end with `split` and growing the vector line after line made
/// this most of the lexicon's start-up time.
fn tab_columns(line: &str) -> Vec<&str> {
    let mut columns = Vec::with_capacity(8);
    let mut start = 0;
    for (at, &b) in line.as_bytes().iter().enumerate() {
        if b == b'\t' {
            columns.push(trim_column(&line[start..at]));
            start = at + 1;
        }
    }
    columns.push(trim_column(&line[start..]));
    columns
}

/// `column.trim()`, without decoding characters when both ends are printable ASCII (nearly
/// every column of the lexicon files).
#[inline]
fn trim_column(column: &str) -> &str {
    let bytes = column.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => column,
        _ => column.trim(),
    }
}

/// The builder's (label, lower-case name) → entry table as one table per label, so that a
/// lookup borrows the name instead of building a key.
fn names_by_label(by_name: HashMap<(LexLabel, String), u32>) -> Vec<WordMap<u32>> {
    let mut tables: Vec<WordMap<u32>> = Vec::new();
    for ((label, name), id) in by_name {
        let index = label as usize;
        if tables.len() <= index {
            tables.resize_with(index + 1, WordMap::default);
        }
        tables[index].insert(name, id);
    }
    tables
}

struct Builder {
    surfaces: crate::extract::rules::WordMap<u32>,
    pattern_entries: Vec<Vec<(u32, Capitals)>>,
    pattern_surface: Vec<String>,
    entries: Vec<Entry>,
    by_name: HashMap<(LexLabel, String), u32>,
}

impl Builder {
    fn add_entry(&mut self, entry: Entry, surfaces: &[&str]) -> u32 {
        let id = self.entries.len() as u32;
        self.by_name
            .entry((entry.label, entry.name.to_lowercase()))
            .or_insert(id);
        self.entries.push(entry);
        for s in surfaces {
            self.add_surface(s, id);
        }
        id
    }
    fn add_surface(&mut self, surface: &str, id: u32) {
        let surface = surface.trim();
        if surface.is_empty() {
            return;
        }
        let lower = surface.to_ascii_lowercase();
        let p = *self.surfaces.entry(lower).or_insert_with(|| {
            self.pattern_entries.push(Vec::new());
            self.pattern_surface.push(surface.to_string());
            (self.pattern_entries.len() - 1) as u32
        });
        let caps = Capitals::of(surface);
        let list = &mut self.pattern_entries[p as usize];
        match list.iter_mut().find(|(e, _)| *e == id) {
            // One entry listed under two casings of a name accepts either.
            Some((_, known)) => *known = known.either(caps),
            None => list.push((id, caps)),
        }
    }
}

fn rank(label: LexLabel) -> u8 {
    match label {
        LexLabel::Person => 0,
        LexLabel::Organization => 1,
        LexLabel::Place => 2,
        LexLabel::Metonym => 3,
        LexLabel::Demonym => 4,
        LexLabel::Title => 5,
        LexLabel::Topic => 6,
    }
}

impl Lexicon {
    /// Whether a word of a name says it names a body or a building, not a person: an
    /// organisation or venue cue ("Hospital", "Port", "Ministry") or "of"/"the" inside it.
    pub fn names_a_body_or_building(&self, word: &str) -> bool {
        matches!(word, "of" | "the" | "and" | "&")
            || self.org_cues.contains_key(word)
            || self.venue_cues.contains(word)
    }

    /// Builds the lexicon from named files; unknown names are ignored.
    pub fn build(files: &LexiconFiles) -> Result<Lexicon, LexiconError> {
        let mut b = Builder {
            surfaces: Default::default(),
            pattern_entries: Vec::new(),
            pattern_surface: Vec::new(),
            entries: Vec::new(),
            by_name: HashMap::new(),
        };
        let get = |name: &str| files.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
        let err = |path: &str, line: usize, message: &str| LexiconError {
            path: format!("lexicon/{path}"),
            line,
            message: message.to_string(),
        };

        if let Some(text) = get("places.tsv") {
            // Most entries are places: the tables are sized for them once instead of growing
            // (and rehashing) step by step.
            let places = text.lines().count();
            b.by_name.reserve(places);
            b.surfaces.reserve(places * 2);
            b.entries.reserve(places);
            b.pattern_entries.reserve(places * 2);
            b.pattern_surface.reserve(places * 2);
            // The country column holds an ISO code (or, in hand-made lists, a name): codes are
            // mapped to the names of the country rows.
            let mut country_name: HashMap<&str, &str> = HashMap::new();
            for (_, cols) in data_lines("places.tsv", text) {
                if cols.get(1) == Some(&"country") {
                    if let Some(code) = cols.get(2).filter(|c| !c.is_empty()) {
                        country_name.entry(code).or_insert(cols[0]);
                    }
                }
            }
            for (line, cols) in data_lines("places.tsv", text) {
                if cols.len() < 2 || cols[0].is_empty() {
                    return Err(err(
                        "places.tsv",
                        line,
                        "expected name<TAB>kind<TAB>country<TAB>population<TAB>aliases[<TAB>capital<TAB>ambiguous]",
                    ));
                }
                let population = cols.get(3).and_then(|p| p.parse::<u64>().ok()).unwrap_or(0);
                let mut surfaces = vec![cols[0]];
                if let Some(a) = cols.get(4) {
                    surfaces.extend(a.split('|').map(str::trim).filter(|s| !s.is_empty()));
                }
                // "St. Paul", "St Catharines": a city of some size named for a saint is written
                // with the abbreviation as often as in full.
                let population_of = |c: &[&str]| c.get(3).and_then(|p| p.parse::<u64>().ok());
                let saint_forms: Vec<String> = match cols[0].strip_prefix("Saint ") {
                    Some(rest)
                        if cols[1] == "city" && population_of(&cols).unwrap_or(0) >= 50_000 =>
                    {
                        [format!("St. {rest}"), format!("St {rest}")]
                            .into_iter()
                            .filter(|f| !surfaces.contains(&f.as_str()))
                            .collect()
                    }
                    _ => Vec::new(),
                };
                surfaces.extend(saint_forms.iter().map(String::as_str));
                let country = cols
                    .get(2)
                    .filter(|c| !c.is_empty())
                    .map(|c| country_name.get(c).copied().unwrap_or(c).to_string());
                let kind = Some(cols[1].to_string()).filter(|k| !k.is_empty());
                let capital = cols.get(5) == Some(&"yes");
                let rank = match kind.as_deref() {
                    Some("country") => u64::MAX,
                    Some("continent") => u64::MAX - 1,
                    _ if capital => u64::MAX / 2 + population,
                    // A first-level region ranks with a city of a million people.
                    Some("region") => population.max(1_000_000),
                    _ => population,
                };
                b.add_entry(
                    Entry {
                        label: LexLabel::Place,
                        name: cols[0].to_string(),
                        kind,
                        country,
                        population,
                        rank,
                        ambiguous: cols.get(6) == Some(&"yes"),
                        case: CaseRule::Capitals,
                        list: "places",
                    },
                    &surfaces,
                );
            }
        }
        if let Some(text) = get("organizations.tsv") {
            for (line, cols) in data_lines("organizations.tsv", text) {
                if cols.is_empty() || cols[0].is_empty() {
                    return Err(err(
                        "organizations.tsv",
                        line,
                        "expected name<TAB>kind<TAB>country<TAB>aliases",
                    ));
                }
                let mut surfaces = vec![cols[0]];
                if let Some(a) = cols.get(3) {
                    surfaces.extend(a.split('|').map(str::trim).filter(|s| !s.is_empty()));
                }
                b.add_entry(
                    Entry {
                        kind: cols.get(1).filter(|k| !k.is_empty()).map(|k| k.to_string()),
                        country: cols.get(2).filter(|k| !k.is_empty()).map(|k| k.to_string()),
                        ..Entry::listed(
                            LexLabel::Organization,
                            cols[0].to_string(),
                            CaseRule::Capitals,
                            "organizations",
                        )
                    },
                    &surfaces,
                );
            }
        }
        if let Some(text) = get("demonyms.tsv") {
            for (line, cols) in data_lines("demonyms.tsv", text) {
                if cols.len() < 2 || cols[0].is_empty() || cols[1].is_empty() {
                    return Err(err("demonyms.tsv", line, "expected demonym<TAB>country"));
                }
                b.add_entry(
                    Entry {
                        kind: Some("country".into()),
                        country: Some(cols[1].to_string()),
                        ..Entry::listed(
                            LexLabel::Demonym,
                            cols[1].to_string(),
                            CaseRule::Capitals,
                            "demonyms",
                        )
                    },
                    &[cols[0]],
                );
            }
        }
        if let Some(text) = get("metonyms.tsv") {
            for (line, cols) in data_lines("metonyms.tsv", text) {
                if cols.len() < 2 || cols[0].is_empty() || cols[1].is_empty() {
                    return Err(err(
                        "metonyms.tsv",
                        line,
                        "expected surface<TAB>organisation<TAB>kind",
                    ));
                }
                b.add_entry(
                    Entry {
                        kind: cols.get(2).filter(|k| !k.is_empty()).map(|k| k.to_string()),
                        ..Entry::listed(
                            LexLabel::Metonym,
                            cols[1].to_string(),
                            CaseRule::Capitals,
                            "metonyms",
                        )
                    },
                    &[cols[0]],
                );
            }
        }
        let mut no_merge = WordSet::default();
        if let Some(text) = get("aliases.tsv") {
            for (line, cols) in data_lines("aliases.tsv", text) {
                match cols.as_slice() {
                    [alias, "-", ..] => {
                        no_merge.insert(alias.to_lowercase());
                    }
                    [alias, canonical, label, ..] => {
                        let label = match *label {
                            "Person" => LexLabel::Person,
                            "Organization" => LexLabel::Organization,
                            "Place" => LexLabel::Place,
                            other => {
                                return Err(err("aliases.tsv", line, &format!("unknown label {other:?} (expected Person, Organization or Place)")))
                            }
                        };
                        // Merge into the existing entry of that name when there is one.
                        let existing = b.by_name.get(&(label, canonical.to_lowercase())).copied();
                        match existing {
                            Some(id) => b.add_surface(alias, id),
                            None => {
                                let kind =
                                    (label == LexLabel::Place).then(|| "country".to_string());
                                b.add_entry(
                                    Entry {
                                        label,
                                        name: canonical.to_string(),
                                        kind,
                                        country: None,
                                        population: 0,
                                        rank: 0,
                                        ambiguous: false,
                                        case: CaseRule::Capitals,
                                        list: "aliases",
                                    },
                                    &[alias, canonical],
                                );
                            }
                        }
                    }
                    _ => {
                        return Err(err(
                            "aliases.tsv",
                            line,
                            "expected alias<TAB>canonical<TAB>label or alias<TAB>-",
                        ))
                    }
                }
            }
        }
        // Words of portfolios ("trade", "industry"): those of the listed "<portfolio> Minister"
        // titles and `portfolio_words.txt`.
        let mut portfolio_words = WordSet::default();
        if let Some(text) = get("titles.txt") {
            let mut listed: BTreeSet<String> = BTreeSet::new();
            let mut portfolios: BTreeSet<&str> = BTreeSet::new();
            let mut plain_titles: Vec<&str> = Vec::new();
            for (_, cols) in data_lines("titles.txt", text) {
                listed.insert(cols[0].to_lowercase());
                if let Some(portfolio) = portfolio_of(cols[0]) {
                    portfolios.insert(portfolio);
                    portfolio_words.extend(portfolio.split(' ').map(str::to_lowercase));
                }
                let title = Entry {
                    label: LexLabel::Title,
                    name: cols[0].to_string(),
                    // "name": the title is part of how the person is named ("King Charles");
                    // "lower": a title only when written without capitals ("boss");
                    // "prefix": a title only capitalised and before a name ("Chief Adeyemi",
                    // "Mama Wanjiru"; "chief among them" and "Mama said" are none).
                    kind: cols
                        .get(1)
                        .filter(|k| !k.is_empty() && **k != "lower")
                        .map(|k| k.to_string()),
                    country: None,
                    population: 0,
                    rank: 0,
                    ambiguous: false,
                    case: if cols.get(1) == Some(&"lower") {
                        CaseRule::Lower
                    } else if cols.get(1) == Some(&"prefix") {
                        CaseRule::Capitals
                    } else {
                        CaseRule::Insensitive
                    },
                    list: "titles",
                };
                // Abbreviations ("CM" for Chief Minister) match only in capitals: "5 cm" is none.
                let abbreviations: Vec<&str> = cols
                    .get(2)
                    .map(|v| {
                        v.split('|')
                            .map(str::trim)
                            .filter(|a| !a.is_empty())
                            .collect()
                    })
                    .unwrap_or_default();
                let abbreviated = (!abbreviations.is_empty()).then(|| Entry {
                    case: CaseRule::Capitals,
                    ..title.clone()
                });
                if title.case == CaseRule::Insensitive {
                    plain_titles.push(cols[0]);
                }
                b.add_entry(title, &[cols[0]]);
                if let Some(entry) = abbreviated {
                    b.add_entry(entry, &abbreviations);
                }
            }
            // An office not yet taken up is named by the title and a suffix: "FBI
            // Director-designate Y", "Prime Minister-elect Y" (the listed forms win).
            // A derived title form is added once, unless the titles file lists it already.
            let mut add_derived_title = |b: &mut Builder, name: String| {
                if listed.insert(name.to_lowercase()) {
                    b.add_entry(
                        Entry::listed(
                            LexLabel::Title,
                            name.clone(),
                            CaseRule::Insensitive,
                            "titles",
                        ),
                        &[name.as_str()],
                    );
                }
            };
            for title in plain_titles {
                for suffix in TITLE_PENDING_SUFFIXES {
                    add_derived_title(&mut b, format!("{title}{suffix}"));
                }
            }
            // "Transport Minister" is also said "Minister for Transport", "Minister of
            // Transport", "Secretary of State for Transport", "Cabinet Secretary for Transport".
            for portfolio in portfolios {
                for form in PORTFOLIO_FORMS {
                    add_derived_title(&mut b, format!("{form} {portfolio}"));
                }
            }
        }
        if let Some(text) = get("topics.txt") {
            for (_, cols) in data_lines("topics.txt", text) {
                let mut surfaces = vec![cols[0]];
                if let Some(v) = cols.get(1) {
                    surfaces.extend(v.split('|').map(str::trim).filter(|s| !s.is_empty()));
                }
                b.add_entry(
                    Entry::listed(
                        LexLabel::Topic,
                        cols[0].to_string(),
                        CaseRule::Insensitive,
                        "topics",
                    ),
                    &surfaces,
                );
            }
        }

        // Best candidate first: by label, then countries, capitals, regions and cities by
        // population, an entry that only carries the name as an alias counting a tenth. Equal
        // ranks (two first-level regions of one name, such as Montana in the United States and
        // in Bulgaria) go to the place in the more populous country, the likelier news subject.
        let entries = &b.entries;
        let country_population: HashMap<&str, u64> = entries
            .iter()
            .filter(|e| e.label == LexLabel::Place && e.kind.as_deref() == Some("country"))
            .map(|e| (e.name.as_str(), e.population))
            .collect();
        let population_of_country = |e: &Entry| {
            e.country
                .as_deref()
                .and_then(|c| country_population.get(c).copied())
                .unwrap_or(0)
        };
        for (list, surface) in b.pattern_entries.iter_mut().zip(&b.pattern_surface) {
            let surface = surface.to_lowercase();
            let weight = |e: &Entry| {
                if e.name.to_lowercase() == surface {
                    e.rank
                } else {
                    e.rank / 10
                }
            };
            list.sort_by(|&(x, _), &(y, _)| {
                let (ex, ey) = (&entries[x as usize], &entries[y as usize]);
                rank(ex.label)
                    .cmp(&rank(ey.label))
                    .then(weight(ey).cmp(&weight(ex)))
                    .then(population_of_country(ey).cmp(&population_of_country(ex)))
                    .then(x.cmp(&y))
            });
        }
        let words = |name: &str| -> WordSet {
            get(name)
                .map(|t| data_lines(name, t).map(|(_, c)| c[0].to_string()).collect())
                .unwrap_or_default()
        };
        let stopwords: WordSet = words("stopwords.txt")
            .into_iter()
            .map(|w| w.to_lowercase())
            .collect();
        // The generated list, and international given names added by hand (kept out of the
        // generated file, which the bundled tagger's gazetteer was built from).
        let mut given_names = words("given_names.txt");
        given_names.extend(words("given_names_extra.txt"));
        let surnames = words("surnames.txt");
        let venue_cues = words("venue_cues.txt");
        let venue_cues_marked = |mark: &str| -> WordSet {
            get("venue_cues.txt")
                .map(|t| {
                    data_lines("venue_cues.txt", t)
                        .filter(|(_, c)| c.get(1) == Some(&mark))
                        .map(|(_, c)| c[0].to_string())
                        .collect()
                })
                .unwrap_or_default()
        };
        let venue_heads = venue_cues_marked("first");
        let natural_features = venue_cues_marked("feature");
        portfolio_words.extend(
            words("portfolio_words.txt")
                .into_iter()
                .map(|w| w.to_lowercase()),
        );
        let compound_heads = words("compound_heads.txt");
        let head_titles: WordSet = words("head_titles.txt")
            .into_iter()
            .map(|w| w.to_lowercase())
            .collect();
        let title_qualifiers: WordSet = words("title_qualifiers.txt")
            .into_iter()
            .map(|w| w.to_lowercase())
            .collect();
        let title_equivalents = get("title_equivalents.tsv")
            .map(|t| {
                data_lines("title_equivalents.tsv", t)
                    .filter(|(_, c)| c.len() >= 2)
                    .map(|(_, c)| {
                        let stands_for = c[1].split('|').map(|s| s.trim().to_lowercase());
                        (c[0].to_lowercase(), stands_for.collect())
                    })
                    .collect()
            })
            .unwrap_or_default();
        let org_cues = get("org_cues.txt")
            .map(|t| {
                data_lines("org_cues.txt", t)
                    .map(|(_, c)| {
                        (
                            c[0].to_string(),
                            c.get(1).unwrap_or(&"organization").to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut descriptions = WordMap::default();
        if let Some(text) = get("descriptions.tsv") {
            for (line, cols) in data_lines("descriptions.tsv", text) {
                let label = match cols.get(1).copied() {
                    Some("Person") => LexLabel::Person,
                    Some("Organization") => LexLabel::Organization,
                    Some("Place") => LexLabel::Place,
                    _ => {
                        return Err(err(
                            "descriptions.tsv",
                            line,
                            "expected noun<TAB>Person|Organization|Place<TAB>kinds",
                        ))
                    }
                };
                let kinds = cols
                    .get(2)
                    .map(|k| k.split('|').map(str::to_string).collect())
                    .unwrap_or_default();
                descriptions.insert(cols[0].to_lowercase(), (label, kinds));
            }
        }
        let lemmas = get("lemmas.tsv")
            .map(|t| {
                data_lines("lemmas.tsv", t)
                    .filter(|(_, c)| c.len() >= 2)
                    .map(|(_, c)| (c[0].to_lowercase(), c[1].to_lowercase()))
                    .collect()
            })
            .unwrap_or_default();
        let mut genders = WordMap::default();
        // The generated list first, then the hand-written one for the extra given names (which
        // never overrides it).
        for file in ["genders.tsv", "genders_extra.tsv"] {
            let Some(text) = get(file) else { continue };
            for (line, cols) in data_lines(file, text) {
                let gender = match cols.get(1).copied() {
                    Some("male") => Gender::Male,
                    Some("female") => Gender::Female,
                    _ => return Err(err(file, line, "expected word<TAB>male|female")),
                };
                genders.entry(cols[0].to_lowercase()).or_insert(gender);
            }
        }
        let abbreviations = words("abbreviations.txt").into_iter().collect();
        let not_names_alone = words("not_names_alone.txt");
        let org_compound_heads = words("org_compound_heads.txt");
        let org_possessed_heads = words("org_possessed_heads.txt");
        let event_heads = words("event_heads.txt");

        let demonym_place = b
            .entries
            .iter()
            .map(|e| match e.label {
                LexLabel::Demonym => b
                    .by_name
                    .get(&(LexLabel::Place, e.name.to_lowercase()))
                    .copied()
                    .unwrap_or(u32::MAX),
                _ => u32::MAX,
            })
            .collect();
        let stopword_keys = KeySet::new(stopwords.iter().map(String::as_str), true);
        let given_name_keys = KeySet::new(given_names.iter().map(String::as_str), false);
        let (description_words, description_list): (Vec<&str>, Vec<(LexLabel, Vec<String>)>) =
            descriptions
                .iter()
                .map(|(w, entry)| (w.as_str(), entry.clone()))
                .unzip();
        let description_index = KeyMap::new(description_words.into_iter().zip(0u32..));
        let gender_keys = KeyMap::new(genders.iter().map(|(w, &g)| (w.as_str(), Some(g))));
        let by_name = names_by_label(b.by_name);
        let name_keys = by_name
            .iter()
            .map(|names| KeyMap::new(names.iter().map(|(w, &id)| (w.as_str(), id))))
            .collect();
        Ok(Lexicon {
            demonym_place,
            stopword_keys,
            given_name_keys,
            gazetteer: std::sync::OnceLock::new(),
            word_table: std::sync::OnceLock::new(),
            indexed_words: Vec::new(),
            indexed_fingerprint: 0,
            pattern_entries: b.pattern_entries,
            pattern_surface: b.pattern_surface,
            entries: b.entries,
            stopwords,
            given_names,
            surnames,
            org_cues,
            venue_cues,
            venue_heads,
            natural_features,
            compound_heads,
            head_titles,
            title_qualifiers,
            portfolio_words,
            title_equivalents,
            descriptions,
            description_index,
            description_list,
            no_merge,
            lemmas,
            genders,
            gender_keys,
            abbreviations,
            not_names_alone,
            org_compound_heads,
            org_possessed_heads,
            event_heads,
            by_name,
            name_keys,
        })
    }

    /// The gazetteer, built the first time it is needed. It is searched over the
    /// ASCII-lower-cased text (same offsets), so the surfaces are lower-cased the same way;
    /// a search starts only at a token that is the first word of some surface (the surface up
    /// to its first space, hyphen, apostrophe, comma or parenthesis).
    fn gazetteer(&self) -> &Gazetteer {
        self.gazetteer.get_or_init(|| {
            let lower: Vec<String> = self
                .pattern_surface
                .iter()
                .map(|s| s.to_ascii_lowercase())
                .collect();
            let first_words = lower.iter().map(|s| {
                let cut = s
                    .find([' ', '-', '\'', '’', ',', '('])
                    .filter(|&i| i > 0)
                    .unwrap_or(s.len());
                &s[..cut]
            });
            // Whether text without capitals in its first `chars` characters can satisfy
            // one of the surface's entries.
            let lower_ok = |surface: u32, chars: usize| {
                let first_chars = if chars >= 64 {
                    u64::MAX
                } else {
                    (1u64 << chars) - 1
                };
                self.pattern_entries[surface as usize]
                    .iter()
                    .any(|&(id, caps)| match self.entries[id as usize].case {
                        CaseRule::Insensitive | CaseRule::Lower => true,
                        CaseRule::Capitals => caps.0 & first_chars == 0,
                    })
            };
            Gazetteer::build(&lower, first_words, lower_ok)
        })
    }

    /// The word table, built (with the gazetteer) the first time it is needed.
    fn word_table(&self) -> &WordTable {
        self.word_table.get_or_init(|| {
            let lists = self
                .stopwords
                .iter()
                .map(|w| (w.as_str(), bit::STOPWORD))
                .chain(
                    self.given_names
                        .iter()
                        .map(|w| (w.as_str(), bit::GIVEN_NAME_ANY_CASE)),
                )
                .chain(
                    self.descriptions
                        .keys()
                        .map(|w| (w.as_str(), bit::DESCRIPTION)),
                )
                .chain(
                    self.org_cues
                        .keys()
                        .map(|w| (w.as_str(), bit::ORG_CUE_ANY_CASE)),
                )
                .chain(
                    self.venue_cues
                        .iter()
                        .map(|w| (w.as_str(), bit::VENUE_CUE_ANY_CASE)),
                );
            let indexed = self.indexed_words.iter().map(|(w, id)| (w.as_str(), *id));
            WordTable::build(lists, self.gazetteer().first_words(), indexed)
        })
    }

    /// Registers words (lower case, with ids) whose id a later stage wants for each token:
    /// [`Lexicon::token_facts`] then gives every token the id of its lower-cased text with
    /// its facts, from the same table probe (the rule matcher's vocabulary, so that a token
    /// is looked up once, not once per stage). `fingerprint` (not 0) names the word list;
    /// the ids are only read by a caller holding the same one.
    pub fn index_words<'w>(
        &mut self,
        fingerprint: u64,
        words: impl Iterator<Item = (&'w str, u32)>,
    ) {
        self.indexed_words = words.map(|(w, id)| (w.to_string(), id)).collect();
        self.indexed_fingerprint = fingerprint;
        self.word_table = std::sync::OnceLock::new();
    }

    /// The fingerprint given to [`Lexicon::index_words`] (0: no words indexed).
    pub fn indexed_fingerprint(&self) -> u64 {
        self.indexed_fingerprint
    }

    /// Builds the gazetteer now rather than at the first extraction.
    pub fn warm(&self) {
        let _ = self.word_table();
    }

    /// The facts of each token (`out.facts[k]` for `tokens[k]`): one table probe per token.
    pub fn token_facts(&self, text: &str, tokens: &[crate::text::Token], out: &mut DocumentFacts) {
        self.word_table().token_facts(text, tokens, out);
    }

    /// Gazetteer hits starting at token starts (longest first, never overlapping): an
    /// anchored search per token, over `lower` (`text` ASCII-lower-cased, same offsets), so
    /// nothing matches inside a word; a token that is no surface's first word (its facts
    /// say so) costs nothing.
    pub fn find(
        &self,
        text: &str,
        lower: &str,
        tokens: &[crate::text::Token],
        facts: &DocumentFacts,
        out: &mut Vec<LexMatch>,
    ) {
        let gazetteer = self.gazetteer();
        let bytes = text.as_bytes();
        let lower_bytes = lower.as_bytes();
        let mut covered_to = 0usize;
        for &k in &facts.first_words {
            let k = k as usize;
            let (t, f) = (&tokens[k], facts.facts[k]);
            let long = f.has(bit::LONG);
            let s = t.start as usize;
            if s < covered_to
                || t.kind == crate::text::TokenKind::Punct && !matches!(bytes[s], b'\'' | b'.')
            {
                continue;
            }
            let end = t.end as usize;
            // No capital anywhere in the token (non-ASCII letters may be capitals).
            let without_capitals = || {
                !t.capitalised
                    && bytes[s..end]
                        .iter()
                        .all(|&b| b.is_ascii() && !b.is_ascii_uppercase())
            };
            let found = if long {
                gazetteer.longest_at(lower_bytes, s, end, without_capitals())
            } else if !f.has(bit::GAZETTEER_LOWER_OK) && without_capitals() {
                None
            } else {
                gazetteer.longest_from(f.first_word, lower_bytes, s, end)
            };
            let Some((pattern, e)) = found else {
                continue;
            };
            let after_ok =
                e == bytes.len() || !text[e..].chars().next().is_some_and(char::is_alphanumeric);
            if !after_ok {
                continue;
            }
            let matched = &text[s..e];
            let upper = UpperCase::of(matched);
            let case_ok = self.pattern_entries[pattern as usize]
                .iter()
                .any(|&(id, caps)| self.case_ok(id, caps, upper));
            if case_ok {
                let mut last = k;
                while last < tokens.len() && (tokens[last].end as usize) < e {
                    last += 1;
                }
                if !tokens.get(last).is_some_and(|t| t.end as usize == e) {
                    last = usize::MAX;
                }
                out.push(LexMatch {
                    start: s,
                    end: e,
                    first: k,
                    last,
                    pattern,
                    upper,
                });
                covered_to = e;
            }
        }
    }

    /// Candidate entries of a hit whose case rule the matched text satisfies, best first.
    pub fn candidates<'a>(&'a self, m: &LexMatch, text: &'a str) -> impl Iterator<Item = u32> + 'a {
        let _ = text;
        let upper = m.upper;
        self.pattern_entries[m.pattern as usize]
            .iter()
            .filter(move |&&(id, caps)| self.case_ok(id, caps, upper))
            .map(|&(id, _)| id)
    }

    /// Whether `matched` satisfies entry `id`'s case rule for the surface it was listed under.
    fn case_ok(&self, id: u32, caps: Capitals, matched: UpperCase) -> bool {
        match self.entries[id as usize].case {
            CaseRule::Insensitive => true,
            CaseRule::Capitals => caps.satisfied_by(matched),
            CaseRule::Lower => matched.upper == 0,
        }
    }

    pub fn entry(&self, id: u32) -> &Entry {
        &self.entries[id as usize]
    }

    /// The place a demonym entry stands for ("Chinese" → China), when the lexicon lists it.
    pub fn demonym_place(&self, id: u32) -> Option<u32> {
        self.demonym_place
            .get(id as usize)
            .copied()
            .filter(|&p| p != u32::MAX)
    }

    /// The entry with this canonical name and label.
    pub fn lookup(&self, label: LexLabel, name: &str) -> Option<u32> {
        let names = self.by_name.get(label as usize)?;
        if matches!(name.len(), 1..=16) && name.is_ascii() {
            return self.name_keys[label as usize].get(lower_key_of(name));
        }
        with_lower(name, |lower| names.get(lower).copied())
    }

    /// The description head noun entry for a word, compared case-insensitively without
    /// allocating.
    pub fn description(&self, word: &str) -> Option<&(LexLabel, Vec<String>)> {
        let key = lower_key_of(word);
        if key != 0 {
            // A word of up to 16 bytes: its ASCII-lower-cased key names the entry, if any.
            let index = self.description_index.get(key)?;
            return self.description_list.get(index as usize);
        }
        let mut buf = [0u8; 24];
        let n = word.len();
        if n > buf.len() {
            return None;
        }
        buf[..n].copy_from_slice(word.as_bytes());
        buf[..n].make_ascii_lowercase();
        std::str::from_utf8(&buf[..n])
            .ok()
            .and_then(|w| self.descriptions.get(w))
    }

    /// A given name or surname ("Anna", "Holt"): a town of that name needs a place
    /// preposition before it to be read as the town.
    pub fn is_person_name(&self, word: &str) -> bool {
        self.is_given_name(word) || self.surnames.contains(word)
    }

    /// A word of a minister's portfolio, in any case ("Industry", "trade").
    pub fn is_portfolio_word(&self, word: &str) -> bool {
        if word.bytes().any(|b| b.is_ascii_uppercase()) || !word.is_ascii() {
            // Lower-cased on the stack (most asked are capitalised words of a title).
            with_lower(word, |lower| self.portfolio_words.contains(lower))
        } else {
            self.portfolio_words.contains(word)
        }
    }

    /// A listed given name, as written ("Anna").
    pub fn is_given_name(&self, word: &str) -> bool {
        match key_of(word) {
            0 => self.given_names.contains(word),
            k => self.given_name_keys.contains(k),
        }
    }

    /// A listed stopword, in any case (stopwords longer than 16 bytes never count).
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopword_keys.contains(lower_key_of(word))
    }

    /// The gender a given name or honorific tells ("Ursula", "Mr"), if it tells one.
    pub fn gender(&self, word: &str) -> Option<Gender> {
        // A word without capitals is looked up as written: a non-ASCII letter that is not
        // upper-case may still change under `to_lowercase` (title case).
        if matches!(word.len(), 1..=16) && word.is_ascii() {
            return self.gender_keys.get(lower_key_of(word)).flatten();
        }
        if word.is_ascii() || word.chars().any(char::is_uppercase) {
            with_lower(word, |lower| self.genders.get(lower).copied())
        } else {
            self.genders.get(word).copied()
        }
    }

    /// The lemma of a lower-case word form: irregular table, then regular suffixes are left to
    /// the rule compiler (which generates forms from lemmas).
    pub fn irregular_forms(&self, lemma: &str) -> impl Iterator<Item = &str> {
        let lemma = lemma.to_string();
        self.lemmas
            .iter()
            .filter(move |(_, l)| **l == lemma)
            .map(|(f, _)| f.as_str())
    }
}

/// Every upper-case letter of the listed surface is upper-case in the text.
/// The character positions (the first 64) at which a listed surface is upper-case; text
/// matched against it must be upper-case there too ("UN" needs both, "Un" only the first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Capitals(u64);

impl Capitals {
    fn of(surface: &str) -> Capitals {
        Capitals(
            surface
                .chars()
                .take(64)
                .enumerate()
                .filter(|(_, c)| c.is_uppercase())
                .fold(0, |mask, (i, _)| mask | 1 << i),
        )
    }

    /// Requirements met by text that satisfies either of two casings.
    fn either(self, other: Capitals) -> Capitals {
        Capitals(self.0 & other.0)
    }

    fn satisfied_by(self, text: UpperCase) -> bool {
        self.0 & text.present & !text.upper == 0
    }
}

/// The character positions (the first 64) of a matched text, and which of them are
/// upper-case: computed once per hit and checked against each candidate's `Capitals`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UpperCase {
    present: u64,
    upper: u64,
}

impl UpperCase {
    fn of(text: &str) -> UpperCase {
        let bytes = text.as_bytes();
        if bytes.is_ascii() {
            // One character per byte, and only A–Z are upper-case: eight bytes at a time,
            // the high bit of each upper-case byte gathered into eight mask bits.
            let n = bytes.len().min(64);
            let present = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
            let upper = bytes[..n]
                .chunks(8)
                .enumerate()
                .fold(0u64, |upper, (i, chunk)| {
                    upper | ascii_upper_mask(pack8(chunk)) << (8 * i)
                });
            return UpperCase { present, upper };
        }
        let (mut present, mut upper) = (0u64, 0u64);
        for (i, c) in text.chars().take(64).enumerate() {
            present |= 1 << i;
            if c.is_uppercase() {
                upper |= 1 << i;
            }
        }
        UpperCase { present, upper }
    }
}

/// Bit `i` set where byte `i` of `word` (little-endian) is an ASCII capital A–Z: the capitals'
/// high bits ([`super::words::ascii_upper_high_bits`]) gathered into one byte by a
/// multiplication.
#[inline]
fn ascii_upper_mask(word: u64) -> u64 {
    let upper = super::words::ascii_upper_high_bits(word);
    // One 0/1 per byte → bit i of the top byte is byte i.
    ((upper >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The eight-at-a-time capitals mask agrees with the byte test on every byte, in every
    /// lane, and so does `UpperCase::of` on ASCII text of any length.
    #[test]
    fn capitals_mask_agrees_with_the_byte_test() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                for fill in [0u8, b'a', b'Z', b'@', b'[', 0xff] {
                    let mut bytes = [fill; 8];
                    bytes[lane] = b;
                    let expected = bytes
                        .iter()
                        .enumerate()
                        .fold(0u64, |m, (i, x)| m | u64::from(x.is_ascii_uppercase()) << i);
                    assert_eq!(ascii_upper_mask(u64::from_le_bytes(bytes)), expected);
                }
            }
        }
        let long = "AbC".repeat(30);
        for text in [
            "",
            "A",
            "New York",
            "ab",
            "SAN Francisco Bay AREA",
            long.as_str(),
        ] {
            let n = text.len().min(64);
            let upper = text
                .bytes()
                .take(64)
                .enumerate()
                .fold(0u64, |m, (i, x)| m | u64::from(x.is_ascii_uppercase()) << i);
            let present = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
            assert_eq!(UpperCase::of(text), UpperCase { present, upper }, "{text}");
        }
    }

    /// The byte-wise column split gives what `str::split` and `str::trim` give.
    #[test]
    fn tab_columns_split_and_trim_as_str_split() {
        for line in [
            "",
            "\t",
            "name",
            " São Paulo \tcity\tBR\t 12000000\tSao Paulo|SP\t\t",
            "'Alī Ābād-e Katūl\tcity\tIR\t52838\t'Ali Abad-e Katul\tno\tno",
            "\u{3000}x\u{3000}\t\u{a0}y",
            "\x01a\t b\x0b\tc\u{85}\t\r",
        ] {
            let expected: Vec<&str> = line.split('\t').map(str::trim).collect();
            assert_eq!(tab_columns(line), expected, "{line:?}");
        }
    }
}
