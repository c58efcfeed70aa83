//! The resolution stage: a document's mentions → entities (`resolve`), one per real thing.
//! Lexicon names group by canonical name (so "U.S." and "United States" are one place);
//! person names group by full name, and short forms ("Bessent"), names in headlines, titles
//! used alone ("the vice premier"), pronouns (conservatively: the latest compatible entity in
//! the same or previous sentences) and definite descriptions ("the company") join them.

use crate::extract::facts::EntityLabel;
use crate::mention::facts::{bit, TokenFacts};
use crate::mention::lexicon::{Gender, LexLabel, Lexicon};
use crate::mention::words::{lower8, pack8};
use crate::mention::{Mention, MentionLabel};
use crate::text::{Segmented, TokenKind};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// The per-document name tables use the fast word hash (their keys are a document's own
/// names; lookups, not iteration order, decide every result).
type HashMap<K, V> = std::collections::HashMap<
    K,
    V,
    std::hash::BuildHasherDefault<crate::extract::rules::WordHasher>,
>;
/// A set of a document's names, with the same hash.
type HashSet<K> =
    std::collections::HashSet<K, std::hash::BuildHasherDefault<crate::extract::rules::WordHasher>>;

/// One entity of a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub label: EntityLabel,
    pub name: String,
    pub aliases: BTreeSet<String>,
    pub kind: Option<String>,
    /// Stable key when the lexicon knows it.
    pub key: Option<String>,
    /// Mentions (indices into the mention list), in text order.
    pub mentions: Vec<u32>,
    /// Titles seen before the name ("Treasury Secretary").
    pub titles: BTreeSet<String>,
    /// The country a lexicon place lies in (for LOCATED_IN).
    pub country: Option<String>,
    /// Only seen as an adjective ("Chinese"): kept only when a fact needs it.
    pub adjectival_only: bool,
}

/// Mentions → entities.
#[derive(Clone, Debug, Default)]
pub struct Resolution {
    pub entities: Vec<Entity>,
    /// Per mention: its entity, or None (dates, titles, unresolved pronouns, unknown names).
    pub entity_of: Vec<Option<u32>>,
    /// How each resolved mention was linked (for traces).
    pub how: Vec<&'static str>,
}

fn entity_label(label: MentionLabel) -> Option<EntityLabel> {
    match label {
        MentionLabel::Person => Some(EntityLabel::Person),
        MentionLabel::Organization => Some(EntityLabel::Organization),
        MentionLabel::Place => Some(EntityLabel::Place),
        MentionLabel::Topic => Some(EntityLabel::Topic),
        _ => None,
    }
}

fn key_prefix(label: EntityLabel) -> &'static str {
    match label {
        EntityLabel::Person => "person",
        EntityLabel::Organization => "organization",
        EntityLabel::Place => "place",
        EntityLabel::Event => "event",
        EntityLabel::Topic => "topic",
    }
}

/// The bytes reserved for the name buffers of `resolve` (a key and a lower-cased name).
const NAME_BUFFER: usize = 96;

/// The mentions `resolve` makes room for beyond recognition's, in its per-mention vectors.
const ADDED_ROOM: usize = 16;

/// Kinds of organisation that do not have parent companies ("its" skips them).
const NOT_OWNED_KINDS: &[&str] = &[
    "government",
    "legislature",
    "court",
    "international",
    "party",
    "alliance",
    "military",
    "police",
];

/// Resolves mentions into entities. May add mentions (names in headlines, descriptions) and
/// relabel unknown ones, so it takes the list mutably; the result indexes the final list.
/// `facts` is what recognition's look-up found for each token (empty: not known, each word
/// is looked up here).
pub fn resolve(
    text: &str,
    seg: &Segmented,
    mentions: &mut Vec<Mention>,
    lexicon: &Lexicon,
    facts: &[TokenFacts],
) -> Resolution {
    retype_tagged_persons(text, mentions);
    retype_bodies_after_title_of(text, &seg.tokens, mentions, lexicon);
    retype_tagged_places(text, mentions);
    retype_names_after_opening_cue(text, mentions, lexicon);
    // At most one entity per mention: sized once, not grown (an entity is large to move).
    let mut entities: Vec<Entity> = Vec::with_capacity(mentions.len());
    // Entity by label and lower-case name (`entity_key`); looked up from one reused buffer so
    // a mention of a known entity allocates nothing.
    let mut by_key: HashMap<String, u32> =
        HashMap::with_capacity_and_hasher(mentions.len(), Default::default());
    // (Room for a long name up front: `push_lower` reserves eight bytes past a name, so
    // buffers grown name by name would be reallocated several times per document.)
    let mut key_buf = String::with_capacity(NAME_BUFFER);
    let mut lower_buf = String::with_capacity(NAME_BUFFER);
    let tokens = &seg.tokens;
    let scanned = ScannedWords::of(text, seg, facts);

    let new_entity = |entities: &mut Vec<Entity>,
                      label: EntityLabel,
                      name: &str,
                      kind: Option<String>,
                      key: Option<String>|
     -> u32 {
        entities.push(Entity {
            label,
            name: name.to_string(),
            aliases: BTreeSet::new(),
            kind,
            key,
            mentions: Vec::new(),
            titles: BTreeSet::new(),
            country: None,
            adjectival_only: true,
        });
        (entities.len() - 1) as u32
    };

    // Person names seen outside headlines: full names, then their surnames.
    let mut person_full: HashMap<String, u32> =
        HashMap::with_capacity_and_hasher(mentions.len(), Default::default());
    // (With room for the mentions resolution adds: headline names and descriptions are
    // pushed onto both, and a full vector would be reallocated.)
    let mut assign: Vec<Option<u32>> = Vec::with_capacity(mentions.len() + ADDED_ROOM);
    assign.resize(mentions.len(), None);
    let mut how: Vec<&'static str> = Vec::with_capacity(mentions.len() + ADDED_ROOM);
    how.resize(mentions.len(), "");

    // Person names that are the tail of a longer one ("Von der Leyen" of "Ursula von der
    // Leyen") join it as short forms below: every part after a space of a multi-word person
    // surface, in one set (a name of one word has no tails).
    // Each named mention's surface, normalised once for these tables and for step 1 (no span
    // changes before step 1 ends); other mentions get an empty one.
    let surfaces: Vec<Cow<'_, str>> = mentions
        .iter()
        .map(|m| match entity_label(m.label) {
            Some(_) if !m.flags.pronoun => normalise(m.text(text)),
            _ => Cow::Borrowed(""),
        })
        .collect();
    let mut person_surfaces: Vec<String> = Vec::with_capacity(mentions.len());
    person_surfaces.extend(
        mentions
            .iter()
            .zip(&surfaces)
            .filter(|(m, _)| {
                m.label == MentionLabel::Person && !m.flags.pronoun && m.entry.is_none()
            })
            .map(|(_, s)| s)
            .filter(|s| has_space(s))
            .map(|s| {
                let mut lower = String::new();
                push_lower(&mut lower, s);
                lower
            }),
    );
    // (Sized once: a name has a tail, and at most a head, per space.)
    let splits: usize = person_surfaces
        .iter()
        .map(|full| full.bytes().filter(|&b| b == b' ').count())
        .sum();
    let mut person_tails: HashSet<&str> =
        HashSet::with_capacity_and_hasher(splits, Default::default());
    person_tails.extend(
        person_surfaces
            .iter()
            .flat_map(|full| space_splits(full).map(|(_, tail)| tail)),
    );
    // Person names that begin a longer one ("John Lee" of "John Lee Ka-chiu") join it as short
    // forms below, unless the longer one only adds a generation ("Donald Trump Jr.").
    let person_heads: HashSet<&str> = person_surfaces
        .iter()
        .flat_map(|full| space_splits(full))
        .filter(|(head, rest)| has_space(head) && !is_generation(rest))
        .map(|(head, _)| head)
        .collect();

    // John "Jack" Brennan: the nickname with the surname ("Jack Brennan") names the same
    // person (as the plain name, John Brennan), and so does the nickname alone ("Jack").
    let nicknames: Vec<Nickname> = mentions
        .iter()
        .filter(|m| m.label == MentionLabel::Person && !m.flags.pronoun && m.entry.is_none())
        .filter_map(|m| nickname_forms(m.text(text)))
        .collect();

    // 1. Lexicon names and multi-word person names.
    'mentions: for (i, m) in mentions.iter().enumerate() {
        let Some(label) = entity_label(m.label) else {
            continue;
        };
        if m.flags.pronoun {
            continue;
        }
        let mut surface = surfaces[i].clone();
        // Whether `lower_buf` holds `surface` lower-cased (a person's surface is lower-cased
        // once for the tables below, not once per table).
        let mut lower_is_surface = false;
        if label == EntityLabel::Person && !nicknames.is_empty() {
            set_lower(&mut lower_buf, &surface);
            lower_is_surface = true;
            if let Some(n) = nicknames.iter().find(|n| n.with_surname == lower_buf) {
                surface = Cow::Owned(n.plain.clone());
                lower_is_surface = false;
            }
        }
        let id = match m.entry {
            Some(e) => {
                let entry = lexicon.entry(e);
                entity_key(&mut key_buf, label, &entry.name);
                let id = match by_key.get(key_buf.as_str()) {
                    Some(&id) => id,
                    None => {
                        let key = slug_key(key_prefix(label), &entry.name);
                        let kind = if entry.label == LexLabel::Demonym {
                            Some("country".to_string())
                        } else {
                            m.kind.clone()
                        };
                        let id = new_entity(&mut entities, label, &entry.name, kind, Some(key));
                        by_key.insert(key_buf.clone(), id);
                        id
                    }
                };
                let e = &mut entities[id as usize];
                if e.country.is_none()
                    && entry.label == LexLabel::Place
                    && entry.kind.as_deref() != Some("country")
                {
                    e.country = entry.country.clone();
                }
                id
            }
            None => 'named: {
                if label == EntityLabel::Person && !has_space(&surface) {
                    continue 'mentions; // short forms join later
                }
                // "Lee Jae-hyuk (J.H. Lee)": initials and the surname in brackets right after
                // a person's full name are another way to write that name.
                if label == EntityLabel::Person {
                    if let Some(id) = bracketed_initials_of(text, &seg.tokens, mentions, i)
                        .and_then(|p| assign[p])
                    {
                        break 'named id;
                    }
                }
                if label == EntityLabel::Person {
                    if !lower_is_surface {
                        set_lower(&mut lower_buf, &surface);
                        lower_is_surface = true;
                    }
                    if person_tails.contains(lower_buf.as_str())
                        || person_heads.contains(lower_buf.as_str())
                    {
                        continue 'mentions; // the tail or head of a longer name joins it later
                    }
                }
                if m.origin == "tagger" && label != EntityLabel::Person {
                    continue 'mentions; // may be a known person's name the tagger mistyped
                }
                if lower_is_surface {
                    entity_key_of_lower(&mut key_buf, label, &lower_buf);
                } else {
                    entity_key(&mut key_buf, label, &surface);
                }
                match by_key.get(key_buf.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = new_entity(&mut entities, label, &surface, m.kind.clone(), None);
                        by_key.insert(key_buf.clone(), id);
                        id
                    }
                }
            }
        };
        let e = &mut entities[id as usize];
        if !m.flags.demonym {
            e.adjectival_only = false;
            if *surface != e.name && !e.aliases.contains(&*surface) {
                e.aliases.insert(surface.to_string());
            }
        }
        if label == EntityLabel::Person {
            if !lower_is_surface {
                set_lower(&mut lower_buf, &surface);
            }
            match person_full.get_mut(lower_buf.as_str()) {
                Some(slot) => *slot = id,
                None => {
                    person_full.insert(lower_buf.clone(), id);
                }
            }
        }
        assign[i] = Some(id);
        how[i] = if m.entry.is_some() {
            "lexicon name"
        } else {
            "same name"
        };
    }

    for n in &nicknames {
        let plain = n.plain.to_lowercase();
        let Some(&id) = person_full.get(&plain) else {
            continue;
        };
        let another = person_full.iter().any(|(full, &other)| {
            other != id && full.starts_with(&n.alone) && full[n.alone.len()..].starts_with(' ')
        });
        if !another {
            person_full.entry(n.alone.clone()).or_insert(id);
        }
    }

    // A pronoun-looking word that begins a known name ("He" + "Lifeng") is part of it.
    // Recognition hands the mentions over in order of their first token: while they stay so
    // (a join below moves a name's start back), the first name starting right after a
    // pronoun is found by binary search, not by a scan of all mentions.
    let mut by_first = mentions.windows(2).all(|w| w[0].first <= w[1].first);
    for i in 0..mentions.len() {
        if !mentions[i].flags.pronoun {
            continue;
        }
        let after = mentions[i].end;
        let names_after = |n: &Mention| {
            n.first == after
                && !n.flags.pronoun
                && matches!(n.label, MentionLabel::Person | MentionLabel::Misc)
        };
        let found = if by_first {
            let from = mentions.partition_point(|n| n.first < after);
            mentions[from..]
                .iter()
                .take_while(|n| n.first == after)
                .position(names_after)
                .map(|offset| from + offset)
        } else {
            mentions.iter().position(names_after)
        };
        let Some(j) = found else {
            continue;
        };
        let joined =
            normalise(&text[mentions[i].start_byte as usize..mentions[j].end_byte as usize])
                .to_lowercase();
        if let Some(&id) = person_full.get(&joined) {
            let (first, start_byte) = (mentions[i].first, mentions[i].start_byte);
            mentions[j].first = first;
            by_first = false;
            mentions[j].start_byte = start_byte;
            mentions[j].label = MentionLabel::Person;
            assign[j] = Some(id);
            how[j] = "same name";
            let p = &mut mentions[i];
            p.flags.pronoun = false;
            p.label = MentionLabel::Misc;
            p.origin = "resolve:part-of-name";
        }
    }

    // Surnames and first tokens of multi-word person names → the person, when unique.
    // (Sized once for a surname per person, not grown insert by insert.)
    let persons = entities
        .iter()
        .filter(|e| e.label == EntityLabel::Person)
        .count();
    let mut surname: HashMap<String, Option<u32>> =
        HashMap::with_capacity_and_hasher(persons, Default::default());
    // Every person carrying each surname, for surnames two people share ("Khan" of Imran Khan
    // and Aleema Khan).
    let mut surname_owners: HashMap<String, Vec<u32>> =
        HashMap::with_capacity_and_hasher(persons, Default::default());
    let mut first_family: std::collections::BTreeMap<String, Option<u32>> = Default::default();
    for e in entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.label == EntityLabel::Person)
    {
        // The last of two or more words, and that word without an Arabic article ("Burhan"
        // of Abdel Fattah al-Burhan).
        if let Some((_, last)) = split_at_last_space(&e.1.name) {
            let last = last.to_lowercase();
            // (Every article is two or three letters and a hyphen: other words are passed
            // over without comparing them with each.)
            let hyphen_at_article_end =
                matches!(last.as_bytes(), [_, _, b'-', ..] | [_, _, _, b'-', ..]);
            let bare = hyphen_at_article_end
                .then(|| ARABIC_ARTICLES.iter().find_map(|a| last.strip_prefix(a)))
                .flatten()
                .filter(|rest| rest.chars().count() > 2)
                .map(str::to_string);
            for key in std::iter::once(last).chain(bare) {
                surname_owners
                    .entry(key.clone())
                    .or_default()
                    .push(e.0 as u32);
                let slot = surname.entry(key).or_insert(Some(e.0 as u32));
                if *slot != Some(e.0 as u32) {
                    *slot = None;
                }
            }
        }
    }
    // Family names written first ("Xi" of Xi Jinping, "Wang" of Wang Yi, "Yoon" of Yoon Suk
    // Yeol): the first word of a two- or three-word name, when it is unique and no surname
    // claims it; of a four-word name too when that word is no given name ("Nguyen" of Nguyen
    // Thi Thu Ha; not "Maria" of Maria del Carmen Ortiz).
    for (i, e) in entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.label == EntityLabel::Person)
    {
        // The first of two or three words; not an initial ("A Revanth Reddy").
        let Some((first, rest)) = split_at_first_space(&e.name) else {
            continue;
        };
        let words_after = rest.bytes().filter(|&b| b == b' ').count() + 1;
        if (words_after <= 2 || words_after == 3 && !lexicon.is_given_name(first))
            && first.chars().count() > 1
            && !first.ends_with('.')
        {
            let key = first.to_lowercase();
            if surname.contains_key(&key) {
                continue;
            }
            first_family
                .entry(key)
                .and_modify(|s| {
                    if *s != Some(i as u32) {
                        *s = None
                    }
                })
                .or_insert(Some(i as u32));
        }
    }
    // Inner words of longer names: the paternal surname of a Spanish double surname
    // ("Sheinbaum" of Claudia Sheinbaum Pardo), the name used alone ("Lula" of Luiz Inácio
    // Lula da Silva); only when unique and no surname or family name claims the word.
    let mut inner: std::collections::BTreeMap<String, Option<u32>> = Default::default();
    for (i, e) in entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.label == EntityLabel::Person)
    {
        if e.name.bytes().filter(|&b| b == b' ').count() < 2 {
            continue; // fewer than three words
        }
        let words: Vec<&str> = e.name.split(' ').collect();
        for w in &words[1..words.len() - 1] {
            let lower = w.to_lowercase();
            if w.chars().count() < 3
                || w.ends_with('.')
                || !w.chars().next().is_some_and(char::is_uppercase)
                || NAME_PARTICLES.contains(&lower.as_str())
            {
                continue;
            }
            inner
                .entry(lower)
                .and_modify(|s| {
                    if *s != Some(i as u32) {
                        *s = None
                    }
                })
                .or_insert(Some(i as u32));
        }
    }
    for (k, v) in first_family.into_iter().chain(inner) {
        surname.entry(k).or_insert(v);
    }
    let org_first_word: HashMap<String, u32> = entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.label == EntityLabel::Organization && has_space(&e.name))
        .map(|(i, e)| (first_word(&e.name).to_lowercase(), i as u32))
        .collect();

    // Where each person's full name first occurs: a surname two people share is the one
    // introduced first among those already named ("Khan's sister Aleema Khan": Imran Khan).
    // (With the sentence it first occurs in.)
    // (Indexed by entity: every assigned id is below `entities.len()` here.)
    let mut introduced: Vec<Option<(u32, u32)>> = vec![None; entities.len()];
    for (m, id) in mentions.iter().zip(&assign) {
        if let Some(id) = id {
            let at = introduced[*id as usize].get_or_insert((m.first, m.sentence));
            *at = (*at).min((m.first, m.sentence));
        }
    }
    // "The club's life member, Leanne Kearney, said ... Her father, Jack Kearney, was among those
    // at the ground. Kearney, now 81, recalled ...": a bearer named in full in the sentence just
    // before (or earlier in the same one) is the one the bare surname continues with (not one
    // named by a lone initial: "in a post on X. Usha said" misreads the end of a sentence).
    let named_by_initial: Vec<bool> = entities
        .iter()
        .map(|e| {
            let given = first_word(&e.name);
            given.len() <= 2 && given.ends_with('.')
        })
        .collect();
    let by_initial = |id: u32| named_by_initial[id as usize];
    // Persons whose name opens with a listed given name: of two owners of a surname ("Tomás
    // Aguirre of Galería Aguirre ... Aguirre said"), such a one beats a name the tagger took for
    // a person that opens with none (a gallery, a firm named after its founder).
    // (Indexed by entity: every owner is below `entities.len()` here.)
    let opens_with_given_name: Vec<bool> = entities
        .iter()
        .map(|e| {
            e.label == EntityLabel::Person
                && split_at_first_space(&e.name)
                    .is_some_and(|(first, _)| lexicon.is_given_name(first))
        })
        .collect();
    let opens_with_given_name = |id: &u32| {
        opens_with_given_name
            .get(*id as usize)
            .copied()
            .unwrap_or(false)
    };
    // "Her son, Erik Adeyemi-Sorensen ... Mrs. Adeyemi-Sorensen arrived": an honorific that
    // tells a sex leaves out the namesakes whose given name tells the other.
    // (Indexed by entity: every owner is below `entities.len()` here.)
    let mut given_name_gender: Vec<Option<Gender>> = vec![None; entities.len()];
    for &id in surname_owners.values().flatten() {
        let name = &entities[id as usize].name;
        let given = first_word(name);
        given_name_gender[id as usize] = lexicon.gender(given);
    }
    // "Mediator Dr Ruairí Kavanagh ... Transport Minister Aoife Kavanagh ... chaired by Dr
    // Kavanagh": the title word each person was named after, so that a surname two share
    // after a title goes to the namesake named with that title.
    // (Indexed by entity: every assigned id is below `entities.len()` here.)
    let mut named_after: Vec<Vec<&str>> = vec![Vec::new(); entities.len()];
    for (m, id) in mentions.iter().zip(&assign) {
        if let (Some(id), Some(before)) = (id, (m.first as usize).checked_sub(1)) {
            if m.end > m.first + 1 && tokens[before].capitalised {
                let word = tokens[before].text(text);
                if lexicon.lookup(LexLabel::Title, word).is_some() {
                    named_after[*id as usize].push(word);
                }
            }
        }
    }
    let shared_surname = |lower: &str, at: u32, sentence: u32| -> Option<u32> {
        // (Only a word opening with 'M' is looked up: "Mr", "Mrs", "Ms".)
        let honorific_gender = (at as usize)
            .checked_sub(1)
            .map(|before| tokens[before].text(text))
            .filter(|word| word.starts_with('M'))
            .and_then(|word| lexicon.gender(word));
        let mut named: Vec<((u32, u32), u32)> = surname_owners
            .get(lower)?
            .iter()
            .filter_map(|&id| {
                introduced
                    .get(id as usize)
                    .copied()
                    .flatten()
                    .map(|first| (first, id))
            })
            .filter(|&((first, _), _)| first < at)
            .filter(|&(_, id)| {
                honorific_gender.map_or(true, |want| {
                    given_name_gender[id as usize].map_or(true, |g| g == want)
                })
            })
            .collect();
        let title_before = (at as usize)
            .checked_sub(1)
            .map(|before| tokens[before].text(text))
            .filter(|w| lexicon.lookup(LexLabel::Title, w).is_some());
        if let Some(title) = title_before {
            let with_title = |id: &u32| {
                named_after
                    .get(*id as usize)
                    .is_some_and(|ws| ws.contains(&title))
            };
            let titled = named.iter().filter(|(_, id)| with_title(id)).count();
            if titled == 1 && named.len() > 1 {
                named.retain(|(_, id)| with_title(id));
            }
        }
        let given = named
            .iter()
            .filter(|(_, id)| opens_with_given_name(id))
            .count();
        if given > 0 && given < named.len() {
            named.retain(|(_, id)| opens_with_given_name(id));
        }
        let latest = named.iter().max().copied();
        latest
            .filter(|&((_, s), id)| named.len() > 1 && s + 1 >= sentence && !by_initial(id))
            .or_else(|| named.iter().min().copied())
            .map(|(_, id)| id)
    };

    // A place name that is the surname of a person named in full earlier ("Prime Minister
    // Luís Montenegro ... Montenegro said") is that person, not the country. (Without
    // surnames, none is.)
    for i in 0..mentions.len() {
        let m = &mentions[i];
        if surname.is_empty()
            || m.label != MentionLabel::Place
            || m.flags.demonym
            || m.end != m.first + 1
        {
            continue;
        }
        // (A place's span and label are as when `surfaces` was made: its surface is there.)
        set_lower(&mut lower_buf, &surfaces[i]);
        let Some(&Some(id)) = surname.get(lower_buf.as_str()) else {
            continue;
        };
        let named_before = (0..mentions.len()).any(|j| {
            assign[j] == Some(id)
                && mentions[j].first < m.first
                && mentions[j].end > mentions[j].first + 1
        });
        // A live blog tells the day backwards: its summary at the top ("Kroes held his talks
        // with Hoogeveen") comes before the entry that names "Femke Hoogeveen" in full. A
        // town (no country) named where no place preposition stands is such a surname too.
        let after_locative = m.first > 0
            && matches!(
                tokens[m.first as usize - 1].text(text),
                "in" | "to"
                    | "from"
                    | "at"
                    | "near"
                    | "of"
                    | "outside"
                    | "around"
                    | "across"
                    | "into"
                    | "via"
                    | "toward"
                    | "towards"
            );
        let town = m
            .entry
            .is_some_and(|e| lexicon.entry(e).kind.as_deref() == Some("city"));
        // Only a family name that ends a full name opening with a known given name ("Femke
        // Hoogeveen"; not the town that opens "Halifax Harbourmen").
        let named_after = town
            && !after_locative
            && (0..mentions.len()).any(|j| {
                let full = &mentions[j];
                assign[j] == Some(id)
                    && full.first > m.first
                    && full.end > full.first + 1
                    && lexicon.is_given_name(tokens[full.first as usize].text(text))
                    && tokens[full.end as usize - 1]
                        .text(text)
                        .eq_ignore_ascii_case(m.text(text))
            });
        if named_before || named_after {
            mentions[i].label = MentionLabel::Person;
            assign[i] = Some(id);
            how[i] = "short form";
        }
    }

    // 2. Single-word persons and unknown names: short forms of known entities.
    for i in 0..mentions.len() {
        if assign[i].is_some() || mentions[i].flags.pronoun {
            continue;
        }
        let m = &mentions[i];
        // The tagger's organisations and places that are a known person's name are that person.
        let tagged_other = m.origin == "tagger"
            && matches!(m.label, MentionLabel::Organization | MentionLabel::Place);
        if !matches!(m.label, MentionLabel::Person | MentionLabel::Misc) && !tagged_other {
            continue;
        }
        // "Adebayo" tagged alone before "-Okafor": the hyphenated surname of a person named
        // in full takes its second half back.
        let hyphen_end = m.end as usize + 1;
        if hyphen_end < tokens.len()
            && tokens[m.end as usize].text(text) == "-"
            && !has_space(m.text(text))
            && !tokens[m.end as usize].space_before
            && !tokens[hyphen_end].space_before
            && tokens[hyphen_end].capitalised
            && tokens[hyphen_end].kind == TokenKind::Word
        {
            let joined = format!("{}-{}", m.text(text), tokens[hyphen_end].text(text));
            set_lower(&mut lower_buf, &joined);
            if let Some(&Some(id)) = surname.get(lower_buf.as_str()) {
                let m = &mut mentions[i];
                m.end = hyphen_end as u32 + 1;
                m.end_byte = tokens[hyphen_end].end;
                m.label = MentionLabel::Person;
                assign[i] = Some(id);
                how[i] = "short form";
                insert_alias(&mut entities[id as usize], Cow::Owned(joined), true);
                continue;
            }
        }
        let m = &mentions[i];
        // (Spans have not changed since `surfaces` was made, except of mentions assigned
        // already; a mention that was no named one then has none there.)
        let surface = if surfaces[i].is_empty() {
            normalise(m.text(text))
        } else {
            surfaces[i].clone()
        };
        // "The Director General of the International Organization for Migration ... the IOM
        // chief": an acronym spelling the one organisation named in full is that organisation.
        if matches!(m.label, MentionLabel::Organization | MentionLabel::Misc) {
            if let Some(id) = organisation_of_acronym(&surface, &entities) {
                mentions[i].label = MentionLabel::Organization;
                assign[i] = Some(id);
                how[i] = "acronym";
                insert_alias(&mut entities[id as usize], surface, false);
                continue;
            }
        }
        set_lower(&mut lower_buf, &surface);
        let lower = lower_buf.as_str();
        if lexicon.no_merge.contains(lower) {
            if m.label == MentionLabel::Person {
                entity_key(&mut key_buf, EntityLabel::Person, &surface);
                let id = match by_key.get(key_buf.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id =
                            new_entity(&mut entities, EntityLabel::Person, &surface, None, None);
                        by_key.insert(key_buf.clone(), id);
                        id
                    }
                };
                entities[id as usize].adjectival_only = false;
                assign[i] = Some(id);
                how[i] = "own name";
            }
            continue;
        }
        // A full name, a surname, or the tail of one full name ("von der Leyen").
        let tail = || {
            the_only(
                person_full
                    .iter()
                    .filter(|(full, _)| {
                        full.len() > lower.len()
                            && full.ends_with(lower)
                            && full.as_bytes()[full.len() - lower.len() - 1] == b' '
                    })
                    .map(|(_, &id)| id),
            )
        };
        // The one person whose full name begins with this name and a space, with a rest
        // `keep` accepts.
        let the_only_beginning = |keep: &dyn Fn(&str) -> bool| {
            the_only(
                person_full
                    .iter()
                    .filter(|(full, _)| {
                        full.len() > lower.len()
                            && full.starts_with(lower)
                            && full.as_bytes()[lower.len()] == b' '
                            && keep(&full[lower.len() + 1..])
                    })
                    .map(|(_, &id)| id),
            )
        };
        // "Prince Faisal", "Sheikh Tamim": a title that is part of how a person is called,
        // then the given name of the one person named in full with a long (royal or
        // patronymic) name ("Faisal bin Farhan Al Saud"; not "Khalid Omar"). "Kwame is due
        // to meet": a listed given name alone is the one person named in full with it.
        let given_name = || {
            if has_space(lower) {
                return None;
            }
            let title_before = (m.first as usize)
                .checked_sub(1)
                .and_then(|before| lexicon.lookup(LexLabel::Title, tokens[before].text(text)));
            let by_title =
                title_before.is_some_and(|t| lexicon.entry(t).kind.as_deref() == Some("name"));
            // After a title, only the long-name reading: "Prince Khalid" is not "Khalid Omar".
            let after_title = title_before.is_some();
            if !by_title && (after_title || !lexicon.is_given_name(&surface)) {
                return None;
            }
            // `lower` is one word here, so a rest holding a space makes three words or more.
            the_only_beginning(&|rest: &str| !by_title || has_space(rest))
        };
        // The head of one longer full name ("John Lee" of John Lee Ka-chiu).
        let head = || the_only_beginning(&|rest: &str| !is_generation(rest));
        let target = generation_namesake(text, tokens, mentions, &assign, &entities, i, lower)
            .or_else(|| person_full.get(lower).copied())
            .or_else(|| surname.get(lower).copied().flatten())
            .or_else(|| if has_space(lower) { tail() } else { None })
            .or_else(|| if has_space(lower) { head() } else { None })
            .or_else(|| shared_surname(lower, m.first, m.sentence))
            .or_else(given_name);
        if let Some(id) = target {
            mentions[i].label = MentionLabel::Person;
            assign[i] = Some(id);
            how[i] = "short form";
            insert_alias(&mut entities[id as usize], surface, true);
            continue;
        }
        if m.label == MentionLabel::Misc || m.origin == "tagger" {
            if let Some(&id) = org_first_word.get(lower).filter(|_| !has_space(&surface)) {
                mentions[i].label = MentionLabel::Organization;
                assign[i] = Some(id);
                how[i] = "short form";
                insert_alias(&mut entities[id as usize], surface, false);
                continue;
            }
            if m.label == MentionLabel::Misc {
                continue;
            }
        }
        // A lone surname nobody else carries: its own person; the tagger's other names are
        // what it typed them as.
        let label = match m.label {
            MentionLabel::Organization => EntityLabel::Organization,
            MentionLabel::Place => EntityLabel::Place,
            _ => EntityLabel::Person,
        };
        entity_key(&mut key_buf, label, &surface);
        let id = match by_key.get(key_buf.as_str()) {
            Some(&id) => id,
            None => {
                let id = new_entity(&mut entities, label, &surface, m.kind.clone(), None);
                by_key.insert(key_buf.clone(), id);
                id
            }
        };
        entities[id as usize].adjectival_only = false;
        assign[i] = Some(id);
        how[i] = "own name";
    }

    // 3. Known names in headlines (never guessed there).
    let mut added: Vec<(Mention, u32)> = Vec::new();
    // Tokens inside a mention (computed only for documents with a headline).
    let mut covered: Vec<bool> = Vec::new();
    for (si, sentence) in seg.sentences.iter().enumerate() {
        // (Only a surname is taken from a headline: without any, nothing is.)
        if !sentence.headline || surname.is_empty() {
            continue;
        }
        if covered.is_empty() {
            covered = vec![false; tokens.len()];
            for m in mentions.iter() {
                for c in covered
                    .iter_mut()
                    .take(m.end as usize)
                    .skip(m.first as usize)
                {
                    *c = true;
                }
            }
        }
        for k in sentence.tokens.clone() {
            let t = tokens[k];
            if t.kind != TokenKind::Word || !t.capitalised {
                continue;
            }
            if covered.get(k).copied().unwrap_or(false) {
                continue;
            }
            set_lower(&mut lower_buf, t.text(text));
            if let Some(Some(id)) = surname.get(lower_buf.as_str()) {
                added.push((
                    Mention {
                        first: k as u32,
                        end: k as u32 + 1,
                        start_byte: t.start,
                        end_byte: t.end,
                        sentence: si as u32,
                        label: MentionLabel::Person,
                        entry: None,
                        kind: None,
                        origin: "resolve:headline-name",
                        flags: Default::default(),
                        date: None,
                        day: None,
                    },
                    *id,
                ));
            }
        }
    }
    for (m, id) in added {
        mentions.push(m);
        assign.push(Some(id));
        how.push("known name in headline");
    }

    // Titles each person holds (the title right before a name); "Title Name" surfaces are
    // aliases, never the canonical name.
    let mut titled: BTreeSet<String> = BTreeSet::new();
    // (The tables below are sized for about one entry per title mention, not grown entry
    // by entry.)
    let titles = mentions
        .iter()
        .filter(|m| m.label == MentionLabel::Title)
        .count();
    let mut holder_of_title: HashMap<String, Option<u32>> =
        HashMap::with_capacity_and_hasher(titles, Default::default());
    // (title, the country or organisation named before it, holder) for "the Kenyan president".
    let mut title_holders: Vec<(String, Option<u32>, u32)> = Vec::with_capacity(titles);
    // (title, token where a holder is named with it, holder) for a title two persons share.
    let mut title_named_at: Vec<(String, u32, u32)> = Vec::with_capacity(titles);
    // The same for titles set off in apposition ("The Chancellor, X,"): looked at last.
    let mut title_apposed_at: Vec<(String, u32, u32)> = Vec::new();
    // Where titles begin that are set off before a name with the body they are "of" or with
    // honorifics ("the chief executive of X, Y", "the minister, Dr Y"): they name that
    // person's title and refer to nobody before.
    let mut titles_with_body: HashSet<u32> = HashSet::default();
    // The first title mention ending at each token, and the first place or organisation.
    let ends = mentions
        .iter()
        .map(|m| m.end as usize + 1)
        .max()
        .unwrap_or(0);
    let mut title_ending_at: Vec<u32> = vec![u32::MAX; ends];
    let mut affiliation_ending_at: Vec<u32> = vec![u32::MAX; ends];
    for (i, m) in mentions.iter().enumerate() {
        let table = match m.label {
            MentionLabel::Title => &mut title_ending_at,
            MentionLabel::Place | MentionLabel::Organization => &mut affiliation_ending_at,
            _ => continue,
        };
        if table[m.end as usize] == u32::MAX {
            table[m.end as usize] = i as u32;
        }
    }
    let first_ending_at = |table: &[u32], token: u32| {
        table
            .get(token as usize)
            .filter(|&&i| i != u32::MAX)
            .map(|&i| &mentions[i as usize])
    };
    let spans = MentionSpans::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.label != MentionLabel::Person || m.flags.pronoun {
            continue;
        }
        let Some(id) = assign[i] else { continue };
        // "the taoiseach, Micheál Martin": a title in apposition is held too, also with
        // honorifics between the comma and the name ("the chairman, Chief (Dr) X") and with
        // the body it is "of" or "for" ("the President of the Handball Federation, X").
        let mut lead = m.first;
        loop {
            if let Some(t) = first_ending_at(&title_ending_at, lead).filter(|t| t.first < lead) {
                lead = t.first;
                continue;
            }
            let bracketed = (lead >= 2 && tokens[lead as usize - 1].text(text) == ")")
                .then(|| first_ending_at(&title_ending_at, lead - 1))
                .flatten()
                .filter(|t| t.first >= 1 && tokens[t.first as usize - 1].text(text) == "(");
            if let Some(t) = bracketed {
                lead = t.first - 1;
                continue;
            }
            break;
        }
        let comma = lead
            .checked_sub(1)
            .filter(|&c| tokens[c as usize].text(text) == ",");
        // "a spokesman for the governor, Mr X": a title after "for", "of" or "to" belongs to
        // someone else.
        let object_of_preposition = |t: &Mention| {
            let mut at = t.first as usize;
            if at >= 1 && tokens[at - 1].text(text).eq_ignore_ascii_case("the") {
                at -= 1;
            }
            at >= 1 && matches!(tokens[at - 1].text(text), "for" | "of" | "to")
        };
        let apposed = comma.and_then(|comma| {
            first_ending_at(&title_ending_at, comma)
                .filter(|t| !object_of_preposition(t))
                .map(|t| (t, None))
                .or_else(|| {
                    let body = first_ending_at(&affiliation_ending_at, comma)?;
                    let mut at = body.first as usize;
                    // "of the Nigeria Women's Handball Federation": capitalised words and
                    // possessives before the part recognised as the body belong to it.
                    let mut steps = 0;
                    while at >= 2
                        && steps < 6
                        && (tokens[at - 1].capitalised
                            && !tokens[at - 1].text(text).eq_ignore_ascii_case("the")
                            || matches!(tokens[at - 1].text(text), "'s" | "\u{2019}s"))
                    {
                        at -= 1;
                        steps += 1;
                    }
                    if at >= 1 && tokens[at - 1].text(text).eq_ignore_ascii_case("the") {
                        at -= 1;
                    }
                    // "Britain's envoy to New Zealand, Y": a title "to" a place or body too.
                    if at < 2 || !matches!(tokens[at - 1].text(text), "of" | "for" | "to") {
                        return None;
                    }
                    let t = first_ending_at(&title_ending_at, at as u32 - 1)?;
                    let body_index = mentions.iter().position(|a| std::ptr::eq(a, body))?;
                    titles_with_body.insert(t.first);
                    Some((t, assign[body_index]))
                })
        });
        if let Some((t, body)) = apposed {
            if lead != m.first {
                titles_with_body.insert(t.first);
            }
            let title = held_title(lexicon, tokens, text, t);
            let aff =
                body.or_else(|| affiliation_of(&affiliation_ending_at, &assign, tokens, text, t));
            // Named here with the title: "The Chancellor, X, ... the shadow chancellor, Y":
            // "the Chancellor" between the two is X, the one named with it so far.
            title_apposed_at.push((title.clone(), m.first, id));
            title_holders.push((title, aff, id));
        }
        // "Alexander Stubb, the Finnish president, began ...": a title in apposition after
        // the name is held too, so "the Finnish president" later is Stubb.
        if let Some(t) = title_apposed_after(mentions, &spans, tokens, text, m) {
            let title = held_title(lexicon, tokens, text, t);
            let aff = affiliation_of(&affiliation_ending_at, &assign, tokens, text, t);
            title_holders.push((title, aff, id));
        }
        for t in titles_apposed_bare(mentions, &spans, tokens, text, m) {
            let title = held_title(lexicon, tokens, text, t);
            let aff = affiliation_of(&affiliation_ending_at, &assign, tokens, text, t);
            title_holders.push((title, aff, id));
        }
        if let Some(t) = first_ending_at(&title_ending_at, m.first) {
            let title: &str = t
                .entry
                .map_or_else(|| t.text(text), |e| lexicon.entry(e).name.as_str());
            let part_of_name = t
                .entry
                .is_some_and(|e| lexicon.entry(e).kind.as_deref() == Some("name"));
            if part_of_name && !has_space(&entities[id as usize].name) {
                let styled = format!("{title} {}", entities[id as usize].name);
                let old = std::mem::replace(&mut entities[id as usize].name, styled);
                entities[id as usize].aliases.insert(old);
            }
            // Lower-cased once: the holder tables below all key on it ("Former Chief
            // Minister X" holds "former chief minister", not the office "the Chief Minister"
            // later means).
            let title_lower = held_title(lexicon, tokens, text, t);
            // (Copied only when new: a person is named with one title again and again.)
            if !entities[id as usize].titles.contains(title) {
                entities[id as usize].titles.insert(title.to_string());
            }
            title_holders.push((
                title_lower.clone(),
                affiliation_of(&affiliation_ending_at, &assign, tokens, text, t),
                id,
            ));
            // "Saudi Foreign Minister Prince Faisal": the titles before the last one are held
            // too, so "the Saudi minister" finds him.
            let mut before = t.first;
            while let Some(earlier) = first_ending_at(&title_ending_at, before) {
                if earlier.first >= before {
                    break;
                }
                let name = earlier
                    .entry
                    .map(|e| lexicon.entry(e).name.to_lowercase())
                    .unwrap_or_else(|| earlier.text(text).to_lowercase());
                let aff = affiliation_of(&affiliation_ending_at, &assign, tokens, text, earlier);
                title_holders.push((name, aff, id));
                before = earlier.first;
            }
            // (The key is copied only when the title is new.)
            match holder_of_title.get_mut(title_lower.as_str()) {
                Some(slot) if *slot != Some(id) => *slot = None,
                Some(_) => {}
                None => {
                    holder_of_title.insert(title_lower.clone(), Some(id));
                }
            }
            title_named_at.push((title_lower, m.first, id));
            // "His Highness Sheikh X": an honorific before the title is held too, so that
            // "His Highness" alone later is X.
            let mut before = t.first;
            while let Some(h) = first_ending_at(&title_ending_at, before) {
                if let Some(honorific) = h
                    .entry
                    .map(|e| lexicon.entry(e).name.to_lowercase())
                    .filter(|n| is_honorific(n))
                {
                    let slot = holder_of_title.entry(honorific).or_insert(Some(id));
                    if *slot != Some(id) {
                        *slot = None;
                    }
                }
                before = h.first;
            }
            // "U.S. Treasury Secretary Scott Bessent" as an alias.
            let mut start = t.start_byte;
            if let Some(aff) = first_ending_at(&affiliation_ending_at, t.first) {
                start = aff.start_byte;
            }
            let full = normalise(&text[start as usize..m.end_byte as usize]);
            if full != entities[id as usize].name {
                // (Copied only where new: most titled names recur.)
                let aliases = &mut entities[id as usize].aliases;
                if !aliases.contains(full.as_ref()) {
                    aliases.insert(full.to_string());
                }
                if !titled.contains(full.as_ref()) {
                    titled.insert(full.into_owned());
                }
            }
        }
    }

    // Persons named right after a country's possessive ("Syria's al-Sharaa"): the country
    // they belong to, for "the Syrian president" when their title was given without one.
    let mut person_countries: Vec<(u32, u32)> = Vec::new();
    for (m, id) in mentions.iter().zip(&assign) {
        let Some(id) = *id else { continue };
        if m.label != MentionLabel::Person || m.flags.pronoun {
            continue;
        }
        let mut p = m.first as usize;
        // "al-Sharaa" recognised as "Sharaa".
        if p >= 2
            && tokens[p - 1].text(text) == "-"
            && ARABIC_ARTICLES.iter().any(|a| {
                a.strip_suffix('-')
                    .is_some_and(|a| tokens[p - 2].text(text).eq_ignore_ascii_case(a))
            })
        {
            p -= 2;
        }
        if p < 2 || !matches!(tokens[p - 1].text(text), "'s" | "’s") {
            continue;
        }
        if let Some(place) = mentions
            .iter()
            .zip(&assign)
            .find(|(c, _)| c.label == MentionLabel::Place && c.end as usize == p - 1)
            .and_then(|(_, a)| *a)
        {
            person_countries.push((id, place));
        }
    }

    // "Russian Foreign Minister X and his Cuban counterpart Y": Y holds X's title for the
    // country of the demonym, so "the Cuban minister" later is Y.
    for (i, m) in mentions.iter().enumerate() {
        let Some(id) = assign[i] else { continue };
        if m.label != MentionLabel::Person || m.flags.pronoun || m.first < 3 {
            continue;
        }
        let before = m.first as usize - 1;
        let word = tokens[before].text(text);
        if !word.eq_ignore_ascii_case("counterpart") {
            continue;
        }
        let Some(country) = mentions
            .iter()
            .zip(&assign)
            .find(|(d, _)| d.flags.demonym && d.end as usize == before)
            .and_then(|(_, a)| *a)
        else {
            continue;
        };
        let sentence_of = |k: usize| seg.sentences.partition_point(|s| s.tokens.end <= k);
        let here = sentence_of(m.first as usize);
        let Some(title) = title_named_at
            .iter()
            .filter(|(_, at, holder)| {
                *at < m.first && *holder != id && sentence_of(*at as usize) == here
            })
            .max_by_key(|(_, at, _)| *at)
            .map(|(t, _, _)| t.clone())
        else {
            continue;
        };
        title_holders.push((title, Some(country), id));
    }

    // "Costa and von der Leyen": a short form recognised without the lower-case particles
    // before it takes them in when its person's name goes on with them, so that lists and rules
    // see one name ("and von der Leyen said" names Ursula von der Leyen, not "and von der").
    for i in 0..mentions.len() {
        let Some(id) = assign[i] else { continue };
        let m = &mentions[i];
        if m.label != MentionLabel::Person || m.flags.pronoun {
            continue;
        }
        let mut first = m.first as usize;
        while first > 0
            && first + 3 > m.first as usize
            && is_name_particle(tokens[first - 1].text(text))
        {
            first -= 1;
        }
        if first == m.first as usize {
            continue;
        }
        let start = tokens[first].start;
        let surface = normalise(&text[start as usize..m.end_byte as usize]);
        let name = &entities[id as usize].name;
        let tail_of_name = name.len() > surface.len()
            && name.ends_with(surface.as_ref())
            && name.as_bytes()[name.len() - surface.len() - 1] == b' ';
        if tail_of_name {
            mentions[i].first = first as u32;
            mentions[i].start_byte = start;
        }
    }

    // 4. Titles used alone: "the vice premier" → the one person with that title here.
    // A title two persons hold keeps the holder it last stood for alone ("the Pope" stays the
    // Pope of the story after a predecessor is named).
    let mut title_alone_was: HashMap<String, u32> = HashMap::default();
    // "Osei hosts devolved leaders ... Margaret Osei sat down with the leaders of Scotland ...
    // The prime minister greeted ...": the person the body opens with, given no title of their
    // own, is whom a title used alone stands for when nobody in the story holds it and the
    // headline names that person or that title.
    let headlines = seg.headline_sentences(text);
    let lead_person = mentions
        .iter()
        .zip(&assign)
        .filter(|(m, id)| {
            m.label == MentionLabel::Person
                && !m.flags.pronoun
                && id.is_some()
                && !headlines.contains(&m.sentence)
        })
        .min_by_key(|(m, _)| m.first)
        .and_then(|(m, id)| Some((m.first, (*id)?)))
        .filter(|&(_, lead)| {
            let name = &entities[lead as usize].name;
            // A person by a given name ("Port of Cork" read as a name is none), holding no
            // title here.
            has_space(name)
                && lexicon.is_given_name(name.split(' ').next().unwrap_or_default())
                && title_holders.iter().all(|&(_, _, id)| id != lead)
        });
    let spans = MentionSpans::new();
    for i in 0..mentions.len() {
        let m = &mentions[i];
        if m.label != MentionLabel::Title
            || assign[i].is_some()
            || titles_with_body.contains(&m.first)
        {
            continue;
        }
        // "the Rev Dr X": a title right before another title is part of the name's titles too.
        let followed_by_name = spans.starting_at(mentions, m.end).any(|p| {
            matches!(
                mentions[p].label,
                MentionLabel::Person | MentionLabel::Title
            )
        });
        if followed_by_name {
            continue; // (decided here, before the tests below that cannot change it)
        }
        let k = m.first as usize;
        let mut j = k;
        // "the Chinese vice premier", "the Nvidia chief": skip a demonym or an organisation
        // back to the article.
        let demonym = spans.ending_at(mentions, j as u32).find(|&d| {
            let d = &mentions[d];
            d.flags.demonym || d.label == MentionLabel::Organization && !d.flags.pronoun
        });
        if let Some(d) = demonym {
            j = mentions[d].first as usize;
        } else if j >= 2
            && tokens[j - 1].capitalised
            && tokens[j - 1].kind == TokenKind::Word
            && tokens[j - 2].text(text).eq_ignore_ascii_case("the")
            && !mentions.iter().any(|d| {
                d.label != MentionLabel::Misc && (d.first as usize) < j && d.end as usize >= j
            })
        {
            // "the Republican senator", "the Labour MP": a party word names no other holder.
            j -= 1;
        }
        // "the visiting vice minister": the guest of the story, one holder of the title like
        // "the vice minister".
        if j >= 2
            && tokens[j - 1].text(text).eq_ignore_ascii_case("visiting")
            && tokens[j - 2].text(text).eq_ignore_ascii_case("the")
        {
            j -= 1;
        }
        let after_the = j > 0 && tokens[j - 1].text(text).eq_ignore_ascii_case("the");
        // "Emmanuel Durand, the French president,": the apposition names Durand's title; it
        // stays a title (the relation rules read it), not a reference back.
        if after_the
            && j >= 2
            && tokens[j - 2].text(text) == ","
            && spans
                .ending_at(mentions, j as u32 - 2)
                .any(|p| mentions[p].label == MentionLabel::Person)
            && !introduces_name(mentions, &spans, tokens, text, m)
        {
            continue;
        }
        // "the city leader", "the party chief": a lower-case word naming the kind of place or
        // organisation the holder's title belongs to.
        let kind_word = (demonym.is_none()
            && !after_the
            && k >= 2
            && tokens[k - 2].text(text).eq_ignore_ascii_case("the")
            && tokens[k - 1].kind == TokenKind::Word
            && !tokens[k - 1].capitalised
            && !mentions
                .iter()
                .any(|d| (d.first as usize) < k && d.end as usize >= k))
        .then(|| tokens[k - 1].text(text).to_ascii_lowercase());
        let title = m
            .entry
            .map(|e| lexicon.entry(e).name.to_lowercase())
            .unwrap_or_default();
        // "His Highness welcomed the president": an honorific stands alone without "the",
        // unless another title follows it ("His Highness Sheikh X").
        let honorific_alone = is_honorific(&title)
            && !spans
                .starting_at(mentions, m.end)
                .any(|p| mentions[p].label == MentionLabel::Title);
        if !(after_the || honorific_alone || kind_word.is_some())
            || introduces_name_after_body(mentions, &spans, tokens, text, m)
        {
            continue;
        }
        // "the Kenyan president" is the president named with Kenya; "the Iranian minister"
        // the Iranian foreign minister.
        let country = demonym.and_then(|d| assign[d]);
        let named_before = |id: u32| (0..i).any(|j| assign[j] == Some(id));
        let by_country = country.and_then(|c| {
            let holders = || {
                title_holders
                    .iter()
                    .filter(|(t, aff, id)| {
                        (*aff == Some(c) || aff.is_none() && person_countries.contains(&(*id, c)))
                            && (*t == title
                            || title_with_portfolio(t, &title)
                            // "Nvidia boss X" … "the Nvidia chief", "FIFA President X" …
                            // "the FIFA chief": titles of its head (`head_titles.txt`).
                            || lexicon.head_titles.contains(t.as_str())
                                && lexicon.head_titles.contains(title.as_str())
                            // "Lao President X ... the Lao leader": a descriptive title
                            // for the titles it stands for (`title_equivalents.tsv`).
                            || lexicon
                                .title_equivalents
                                .get(title.as_str())
                                .is_some_and(|titles| titles.contains(t)))
                    })
                    .map(|&(_, _, id)| id)
            };
            // "Lao President X ... the Lao leader ... Lao Prime Minister Y": of two holders,
            // the one named before.
            sole_holder(holders()).or_else(|| sole_holder(holders().filter(|&id| named_before(id))))
        });
        let apposed = || {
            sole_holder(
                title_holders
                    .iter()
                    .filter(|(t, _, _)| *t == title || title_with_portfolio(t, &title))
                    .map(|&(_, _, id)| id),
            )
        };
        let of_kind = |w: &str| {
            sole_holder(
                title_holders
                    .iter()
                    .filter(|(t, aff, _)| {
                        *t == title
                            && aff.is_some_and(|a| {
                                let e = &entities[a as usize];
                                match e.label {
                                    EntityLabel::Place => matches!(
                                        w,
                                        "city"
                                            | "country"
                                            | "state"
                                            | "nation"
                                            | "region"
                                            | "province"
                                    ),
                                    // "the federation president": the kind, or the last word
                                    // of the body's name ("... Handball Federation").
                                    _ => {
                                        e.kind.as_deref() == Some(w)
                                            || e.name
                                                .rsplit(' ')
                                                .next()
                                                .is_some_and(|last| last.eq_ignore_ascii_case(w))
                                    }
                                }
                            })
                    })
                    .map(|&(_, _, id)| id),
            )
        };
        // "Pope Leo ... the Pope will meet ... Pope Francis had planned": a title two persons
        // hold is the one person named with it so far (when it stood for nobody alone yet).
        let sole_before = |named_at: &[(String, u32, u32)]| {
            sole_holder(
                named_at
                    .iter()
                    .filter(|(t, at, _)| *t == title && *at < m.first)
                    .map(|&(_, _, id)| id),
            )
        };
        let named_so_far = || sole_before(&title_named_at);
        // "The Chancellor, X, ... the Chancellor chaired ... The shadow chancellor, Y": with
        // nothing else to go by, the one person named so far in apposition with the title.
        let apposed_so_far = || sole_before(&title_apposed_at);
        // "Prime Minister X ... the head of government received Y": a descriptive title
        // stands for the one holder of the titles it names (`title_equivalents.tsv`).
        let stands_for = || {
            sole_holder(
                lexicon
                    .title_equivalents
                    .get(title.as_str())?
                    .iter()
                    .filter_map(|t| holder_of_title.get(t).copied().flatten()),
            )
        };
        // "Local Government Minister X ... the minister": the one person named so far with a
        // title that is a portfolio ending in the title used alone.
        let portfolio_holder = || {
            sole_holder(
                title_named_at
                    .iter()
                    .filter(|(t, at, _)| *at < m.first && title_with_portfolio(t, &title))
                    .map(|&(_, _, id)| id),
            )
        };
        // "Australia's Minister for the Pacific, X, ... Vanuatu's Foreign Minister, Y, ... the
        // minister attended": of two holders, the one the story is about (named at least three
        // times so far, and twice as often as any other holder) is whom the writer means.
        let protagonist = || {
            let mut counts: Vec<(u32, usize)> = Vec::new();
            for &(_, _, id) in title_holders
                .iter()
                .filter(|(t, _, _)| *t == title || title_with_portfolio(t, &title))
            {
                if counts.iter().all(|c| c.0 != id) {
                    let named = (0..i).filter(|&j| assign[j] == Some(id)).count();
                    counts.push((id, named));
                }
            }
            counts.sort_by_key(|c| std::cmp::Reverse(c.1));
            match counts.as_slice() {
                [(id, n), rest @ ..] if *n >= 3 && rest.iter().all(|r| r.1 * 2 <= *n) => Some(*id),
                _ => None,
            }
        };
        // "the Minister for Territorial Policy, Isabel Carrasco Peña": a title that introduces
        // the name after it in apposition stands for that person, whoever else holds it.
        let apposed_holder = introduces_name(mentions, &spans, tokens, text, m)
            .then(|| {
                spans
                    .starting_at(mentions, m.end + 1)
                    .find(|&p| mentions[p].label == MentionLabel::Person)
                    .and_then(|p| assign[p])
            })
            .flatten();
        let holder = match by_country {
            Some(id) => Some(id),
            None if country.is_some() => None,
            None if kind_word.is_some() => kind_word.as_deref().and_then(of_kind),
            None => holder_of_title
                .get(&title)
                .copied()
                .flatten()
                .or_else(apposed)
                .or_else(|| title_alone_was.get(&title).copied())
                .or_else(named_so_far)
                .or_else(stands_for)
                .or_else(portfolio_holder)
                .or_else(apposed_so_far)
                .or_else(protagonist)
                .or_else(|| {
                    // "The prime minister came to the Commons ... Kemi Badenoch came with
                    // ...": a title used before the lead is named is someone else.
                    let (lead_at, lead) = lead_person?;
                    let used_before_lead = (0..mentions.len()).any(|j| {
                        mentions[j].label == MentionLabel::Title
                            && mentions[j].entry == m.entry
                            && mentions[j].first < lead_at
                            && !headlines.contains(&mentions[j].sentence)
                    });
                    let held_by_anyone = title_holders
                        .iter()
                        .any(|(t, _, _)| *t == title || title_with_portfolio(t, &title));
                    let headline_names_it = (0..mentions.len()).any(|j| {
                        headlines.contains(&mentions[j].sentence)
                            && (assign[j] == Some(lead)
                                || mentions[j].label == MentionLabel::Title
                                    && mentions[j].entry == m.entry)
                    });
                    // Only a title of a head of state or government ("the prime minister",
                    // "the chancellor"), not a role many share ("the producer").
                    let leaders_title = ["head of government", "head of state", "leader"]
                        .iter()
                        .filter_map(|key| lexicon.title_equivalents.get(*key))
                        .any(|titles| titles.contains(&title));
                    (leaders_title && !held_by_anyone && !used_before_lead && headline_names_it)
                        .then_some(lead)
                }),
        };
        // "met the chief executive of Kafue Copper" is no chief executive named with another
        // body ("Northern Shield's chief executive, Rachel Dumont").
        let body_after = body_named_after(mentions, &spans, &assign, tokens, text, m);
        // (A title nobody else is found to hold stays a title: the rules read it with its
        // apposed name, "a courtesy call on the paramount chief of the area, Y".)
        let holder = holder.map(|id| apposed_holder.unwrap_or(id));
        let holder = holder.filter(|&id| {
            let Some(body) = body_after else { return true };
            let mut affiliations = title_holders
                .iter()
                .filter(|(t, _, h)| *h == id && *t == title)
                .map(|&(_, aff, _)| aff)
                .peekable();
            affiliations.peek().is_none() || affiliations.any(|aff| aff.map_or(true, |a| a == body))
        });
        if let Some(id) = holder {
            let id = &id;
            // (An apposition names the holder of its own title only: "the former governor, X"
            // or "the shadow chancellor, Y" says nothing of whom "the governor" means later.)
            if apposed_holder.is_none() {
                title_alone_was.insert(title, *id);
            }
            mentions[i].label = MentionLabel::Person;
            mentions[i].origin = "resolve:title-alone";
            assign[i] = Some(*id);
            how[i] = "title used alone";
        }
    }

    // 4b. "a delegation of the party headed by X ... the Vietnamese delegation held talks with
    // Y ... the visitor": a definite delegation or visitor after a delegation whose head is named
    // stands for that head.
    for (m, id) in delegation_head_mentions(mentions, &assign, seg, text, &scanned.heads) {
        mentions.push(m);
        assign.push(Some(id));
        how.push("head of the delegation");
    }

    // 5. Pronouns and definite descriptions, in text order.
    let order: Vec<usize> = {
        let mut o: Vec<usize> = (0..mentions.len()).collect();
        // (Recognition's order nearly always is this one already: checked before sorting.)
        let at = |&i: &usize| (mentions[i].first, mentions[i].end);
        if !o.windows(2).all(|w| at(&w[0]) <= at(&w[1])) {
            o.sort_by_key(at);
        }
        o
    };
    // "met her again": an object, not a possessive, so rules may capture it.
    for m in mentions.iter_mut() {
        if m.flags.pronoun
            && m.flags.possessive
            && m.text(text).eq_ignore_ascii_case("her")
            && her_is_object(text, tokens, m)
        {
            m.flags.possessive = false;
        }
    }
    // Positions in `order` by sentence: a pronoun looks only at its own sentence and the two
    // before it, not at every earlier mention.
    let mut by_sentence: Vec<(u32, u32)> = order
        .iter()
        .enumerate()
        .map(|(pos, &i)| (mentions[i].sentence, pos as u32))
        .collect();
    if !by_sentence.windows(2).all(|w| w[0] <= w[1]) {
        by_sentence.sort_unstable();
    }
    let before_in = |s: u32, pos: usize| {
        let lo = by_sentence.partition_point(|&(t, _)| t < s);
        let hi = by_sentence.partition_point(|&(t, p)| t < s || t == s && (p as usize) < pos);
        by_sentence[lo..hi].iter().map(|&(_, p)| order[p as usize])
    };
    let mut in_sentence: Vec<u32> = Vec::new();
    let mut taken: Vec<u32> = Vec::new();
    // What each person's names and titles say of their gender ("Ursula", "Mr", "Queen"): "he"
    // never takes a woman nor "she" a man. A pronoun that takes a person of unknown gender
    // tells it, so later pronouns stay consistent. Worked out on first use (`None`: not
    // yet): only the persons a gendered pronoun considers need it.
    let genders: Vec<std::cell::Cell<Option<Option<Gender>>>> =
        vec![std::cell::Cell::new(None); entities.len()];
    let gender_of = |id: u32| -> Option<Gender> {
        let slot = genders.get(id as usize)?;
        match slot.get() {
            Some(gender) => gender,
            None => {
                let gender = entity_gender(&entities[id as usize], lexicon);
                slot.set(Some(gender));
                gender
            }
        }
    };
    for (pos, &i) in order.iter().enumerate() {
        let m = &mentions[i];
        if !m.flags.pronoun || m.flags.first_person {
            continue;
        }
        let sentence = m.sentence;
        let want = m.label;
        let pronoun_gender = pronoun_gender(m.text(text));
        // Candidates before the pronoun, nearest sentence first.
        let mut chosen: Option<u32> = None;
        // "X met first with Shannon MacLeod and her bargaining team": a possessive right after
        // "Y and" is Y's (when nothing says Y's gender is another).
        let first = m.first as usize;
        if want == MentionLabel::Person
            && matches!(m.text(text), "his" | "her")
            && first >= 2
            && tokens[first - 1].text(text) == "and"
        {
            chosen = before_in(sentence, pos)
                .find(|&j| {
                    mentions[j].sentence == sentence
                        && mentions[j].end as usize == first - 1
                        && mentions[j].label == MentionLabel::Person
                        && !mentions[j].flags.pronoun
                })
                .and_then(|j| assign[j])
                .filter(|&id| gender_of(id).map_or(true, |g| Some(g) == pronoun_gender));
        }
        // "In her session, Adichie spoke ...", "During his visit, Modi met ...": a possessive
        // in a phrase fronted before the subject looks forward, to the person named right
        // after the comma that ends the phrase.
        if chosen.is_none() && want == MentionLabel::Person && matches!(m.text(text), "his" | "her")
        {
            chosen = cataphoric_subject(text, seg, &mentions[..], m)
                .and_then(|j| assign[j])
                .filter(|&id| {
                    entities[id as usize].label == EntityLabel::Person
                        && gender_of(id).map_or(true, |g| Some(g) == pronoun_gender)
                });
        }
        // Whether a sentence before the pronoun's own named anyone it could take: past two
        // sentences back, an object pronoun ("him", "her") whose own sentence names only its
        // co-arguments takes the person last named when nobody interrupts the thread ("Dr X is the hub's
        // director. Four years on, the hub ... On Monday, the hub had visitors. Y and Z toured
        // the labs with her": her is X).
        let mut named_between = false;
        let object_pronoun = want == MentionLabel::Person
            && (m.text(text).eq_ignore_ascii_case("him")
                || m.text(text).eq_ignore_ascii_case("her") && her_is_object(text, tokens, m));
        for back in 0..=4u32 {
            if chosen.is_some() || back >= 3 && (named_between || !object_pronoun) {
                break;
            }
            let Some(s) = sentence.checked_sub(back) else {
                break;
            };
            // Anyone named counts, whatever the pronoun's gender: "Y attended. A meeting
            // between him and Y" does not reach past Y for "him".
            if back > 0
                && before_in(s, pos).any(|j| {
                    mentions[j].sentence == s
                        && mentions[j].label == MentionLabel::Person
                        && !mentions[j].flags.pronoun
                })
            {
                named_between = true;
            }
            in_sentence.clear();
            in_sentence.extend(
                before_in(s, pos)
                    .filter(|&j| {
                        mentions[j].sentence == s
                            && mentions[j].label == want
                            && !mentions[j].flags.pronoun
                            && !mentions[j].flags.demonym
                    })
                    // "the governor's office, where he was received by the regional governor,
                    // Y": a title used alone for a holder not named before the pronoun (named
                    // only after it) is no antecedent.
                    .filter(|&j| {
                        mentions[j].origin != "resolve:title-alone"
                            || (0..mentions.len()).any(|n| {
                                n != j
                                    && assign[n] == assign[j]
                                    && mentions[n].first < m.first
                                    && mentions[n].origin != "resolve:title-alone"
                                    && !mentions[n].flags.pronoun
                            })
                    })
                    .filter_map(|j| assign[j])
                    .filter(|&id| {
                        pronoun_gender.is_none()
                            || gender_of(id).map_or(true, |g| Some(g) == pronoun_gender)
                    })
                    .filter(|&id| {
                        let e = &entities[id as usize];
                        want != MentionLabel::Organization
                            || !e
                                .kind
                                .as_deref()
                                .is_some_and(|k| NOT_OWNED_KINDS.contains(&k))
                    }),
            );
            if in_sentence.is_empty() {
                continue;
            }
            // 'On Wednesday she sat down with Mayor Dana Whitcomb. "We agreed," Whitcomb
            // said. She is scheduled to ...': a quotation's speaker whose gender nothing tells
            // does not take the story's thread from the person of agreeing gender who was the
            // subject of the sentence before the quotation.
            if back == 1
                && want == MentionLabel::Person
                && pronoun_gender.is_some()
                && ["he", "she"]
                    .iter()
                    .any(|w| m.text(text).eq_ignore_ascii_case(w))
            {
                let quoted = seg.sentences.get(s as usize).is_some_and(|q| {
                    text[q.start as usize..]
                        .trim_start()
                        .starts_with(['"', '“'])
                });
                let unknown = in_sentence.iter().all(|&e| gender_of(e).is_none());
                let thread = s
                    .checked_sub(1)
                    .filter(|_| quoted && unknown)
                    .and_then(|before| {
                        before_in(before, pos)
                            .find(|&j| {
                                mentions[j].sentence == before
                                    && mentions[j].label == MentionLabel::Person
                                    && !mentions[j].flags.first_person
                            })
                            .and_then(|j| assign[j])
                    })
                    .filter(|&e| gender_of(e) == pronoun_gender);
                if thread.is_some() {
                    chosen = thread;
                    break;
                }
            }
            chosen = if want == MentionLabel::Person {
                // The subject: the first person of the sentence; an object pronoun ("him")
                // is someone other than a person already named in its own sentence.
                let object = m.text(text).eq_ignore_ascii_case("him")
                    || m.text(text).eq_ignore_ascii_case("her") && her_is_object(text, tokens, m);
                // A possessor is no co-argument: "Khan's sister, who met him" → Khan.
                // In a relative clause ("He praised Weber, who met him"; "X flew to Oslo,
                // where Y hosted him") only the clause and the person it is about are
                // co-arguments.
                let k = m.first as usize;
                let relative_from = (k > 0).then(|| {
                    let mut c = k - 1;
                    while c > 0 && tokens[c].text(text) != "," && k - c < 12 {
                        c -= 1;
                    }
                    c
                });
                let relative_from = relative_from.filter(|&c| {
                    tokens[c].text(text) == ","
                        && tokens.get(c + 1).is_some_and(|t| {
                            ["who", "whom", "where"]
                                .iter()
                                .any(|w| t.text(text).eq_ignore_ascii_case(w))
                        })
                });
                // In a reported clause ("X said Y had met him", "X told reporters that Y
                // received him") the clause's own subject, the first person after the
                // attribution verb, is the co-argument; the one reporting may be the object.
                let reported_from = relative_from.is_none().then(|| {
                    before_in(sentence, pos)
                        .filter(|&j| mentions[j].label == MentionLabel::Person)
                        .map(|j| mentions[j].end as usize)
                        .next()
                        .and_then(|first_end| {
                            (first_end..k).rev().find(|&c| {
                                let w = tokens[c].text(text);
                                ATTRIBUTION_VERBS.iter().any(|v| is_word(w, v))
                            })
                        })
                        .filter(|&verb| {
                            before_in(sentence, pos).any(|j| {
                                mentions[j].label == MentionLabel::Person
                                    && mentions[j].first as usize > verb
                            })
                        })
                });
                taken.clear();
                if object {
                    // Outside a relative clause only the sentence's subject (its first person)
                    // is a co-argument: "X met Y and urged her to act" → Y. A possessive
                    // pronoun is none: in "His editor, Y, took him to dinner" the subject is Y.
                    taken.extend(
                        before_in(sentence, pos)
                            .filter(|&j| {
                                mentions[j].label == MentionLabel::Person
                                    && !(mentions[j].flags.pronoun && mentions[j].flags.possessive)
                                    && relative_from.map_or(true, |c| mentions[j].end as usize >= c)
                                    && reported_from
                                        .flatten()
                                        .map_or(true, |verb| mentions[j].first as usize > verb)
                                    && !tokens.get(mentions[j].end as usize).is_some_and(|t| {
                                        matches!(t.text(text), "'s" | "’s" | "'" | "’")
                                    })
                            })
                            .filter_map(|j| assign[j])
                            .take(if relative_from.is_some() {
                                usize::MAX
                            } else {
                                1
                            }),
                    );
                    // "X and Norway's minister, Y, toured the lab with her": the persons
                    // coordinated with the subject are co-arguments too.
                    if relative_from.is_none() && reported_from.flatten().is_none() {
                        let persons: Vec<usize> = before_in(sentence, pos)
                            .filter(|&j| {
                                mentions[j].label == MentionLabel::Person
                                    && !mentions[j].flags.pronoun
                            })
                            .collect();
                        let mut end = persons.first().map(|&j| mentions[j].end as usize);
                        for &j in persons.iter().skip(1) {
                            let Some(e) = end else { break };
                            let first = mentions[j].first as usize;
                            if first < e {
                                continue;
                            }
                            if !only_coordination_between(text, tokens, mentions, e, first) {
                                break;
                            }
                            // "X and Y had worked together, and the governor greeted her":
                            // a clause of its own after the subject has subjects of its own.
                            let own_clause = (mentions[j].end as usize..k).any(|c| {
                                let w = tokens[c].text(text);
                                w == ";"
                                    || ["and", "but", "while", "whereas"]
                                        .iter()
                                        .any(|joiner| is_word(w, joiner))
                            });
                            if own_clause {
                                break;
                            }
                            taken.extend(assign[j]);
                            end = Some(mentions[j].end as usize);
                        }
                    }
                    // '"I met him in 2019," X said': inside a quotation the object is not the
                    // speaker the first person before it stands for.
                    if let Some(id) = before_in(sentence, pos)
                        .find(|&j| mentions[j].flags.first_person)
                        .and_then(|j| quote_speaker(text, seg, mentions, &assign, &entities, j))
                    {
                        taken.push(id);
                    }
                }
                // "Anna Weber, whom she met in Rome": the subject of a relative clause is not
                // the person the clause is about.
                // "Y, for whom she drafted speeches", "Y, with whom he studied": nor after a
                // preposition before "whom".
                let described_end = if k >= 2
                    && ["whom", "who"]
                        .iter()
                        .any(|w| tokens[k - 1].text(text).eq_ignore_ascii_case(w))
                    && tokens[k - 2].text(text) == ","
                {
                    Some(k - 2)
                } else if k >= 3
                    && tokens[k - 1].text(text).eq_ignore_ascii_case("whom")
                    && ["for", "with", "to", "under", "alongside", "beside"]
                        .iter()
                        .any(|w| tokens[k - 2].text(text).eq_ignore_ascii_case(w))
                    && tokens[k - 3].text(text) == ","
                {
                    Some(k - 3)
                } else {
                    None
                };
                if let Some(described_end) = described_end {
                    taken.extend(
                        before_in(sentence, pos)
                            .filter(|&j| mentions[j].end as usize == described_end)
                            .filter_map(|j| assign[j]),
                    );
                }
                // A person whose gender agrees goes before one whose gender is unknown.
                let agrees = |e: &u32| pronoun_gender.is_some() && gender_of(*e) == pronoun_gender;
                // ...except the subject of an earlier sentence ("the CM would try to meet Shah.
                // He is scheduled to ...", "Källenius declined to discuss the tariffs of
                // President Trump. He confirmed ..."): a title or a foreign given name tells no
                // gender, yet the subject carries on.
                // "X's former business partner, Y, is listed as a witness. He ...": a possessive
                // that opens a description set off before a name is not the subject; the name is.
                let person_at = |j: usize| {
                    mentions[j].sentence == s
                        && mentions[j].label == MentionLabel::Person
                        && !mentions[j].flags.pronoun
                };
                let possessive_before_apposition = |j: usize| {
                    let end = mentions[j].end as usize;
                    tokens
                        .get(end)
                        .is_some_and(|t| matches!(t.text(text), "'s" | "’s" | "'" | "’"))
                        && before_in(s, pos).any(|n| {
                            let first = mentions[n].first as usize;
                            person_at(n)
                                && first > end + 2
                                && first <= end + 7
                                && tokens[first - 1].text(text) == ","
                                && tokens[end + 1..first - 1]
                                    .iter()
                                    .all(|t| !t.capitalised && t.text(text) != ",")
                        })
                };
                let title_subject = (back > 0 && !object)
                    .then(|| {
                        before_in(s, pos)
                            .find(|&j| person_at(j) && !possessive_before_apposition(j))
                            .filter(|&j| {
                                mentions[j].origin == "resolve:title-alone"
                                    || pronoun_gender.is_some()
                            })
                            .and_then(|j| assign[j])
                    })
                    .flatten()
                    .filter(|e| in_sentence.contains(e) && !taken.contains(e));
                // "X met Y shortly after the King returned from Z, where he met W": a pronoun
                // after the subordinate clause's subject carries that subject on, not the
                // sentence's first person.
                let clause_subject = (back == 0 && !object)
                    .then(|| {
                        before_in(sentence, pos)
                            .rfind(|&j| {
                                let mj = &mentions[j];
                                mj.label == MentionLabel::Person
                                    && !mj.flags.pronoun
                                    && opens_clause(text, tokens, mj.first as usize)
                            })
                            .and_then(|j| assign[j])
                    })
                    .flatten()
                    .filter(|e| in_sentence.contains(e) && !taken.contains(e));
                // "Before that, she is to play Y. Z will join her in Melbourne": a sentence
                // whose subject is a pronoun of the same gender carries its person on, for an
                // object as for a subject, before a person named later in it.
                let pronoun_subject = (back > 0 && pronoun_gender.is_some())
                    .then(|| {
                        before_in(s, pos).find(|&j| {
                            mentions[j].sentence == s
                                && mentions[j].label == MentionLabel::Person
                                && !mentions[j].flags.first_person
                        })
                    })
                    .flatten()
                    .filter(|&j| {
                        mentions[j].flags.pronoun
                            && self::pronoun_gender(mentions[j].text(text)) == pronoun_gender
                    })
                    .and_then(|j| assign[j])
                    .filter(|e| {
                        !taken.contains(e) && entities[*e as usize].label == EntityLabel::Person
                    });
                let free = pronoun_subject
                    .or(title_subject)
                    .or(clause_subject)
                    .or_else(|| {
                        in_sentence
                            .iter()
                            .copied()
                            .find(|e| !taken.contains(e) && agrees(e))
                    })
                    .or_else(|| in_sentence.iter().copied().find(|e| !taken.contains(e)));
                if free.is_none() {
                    continue;
                }
                free
            } else {
                in_sentence.last().copied()
            };
            break;
        }
        // "She spent 19 years in Riverton. Her first weeks have been busy. On Wednesday she
        // sat down with X": when the sentences before name nobody the pronoun can take, it
        // carries on the person an earlier pronoun of the same gender took, unless that person
        // is named in its own sentence (a co-argument).
        // Further back (up to four sentences: "... she said with a smile. Not all of her
        // plans happened. A meeting with Y was postponed after he fell ill. Y sent a letter.
        // On Thursday she visited ..."), only when the person is named again since and nobody
        // else named since could be meant (a "she" in a quotation about someone else does not
        // carry on past the quotation).
        if chosen.is_none() && want == MentionLabel::Person && pronoun_gender.is_some() {
            chosen = (1..=4u32)
                .filter_map(|back| sentence.checked_sub(back))
                .find_map(|s| {
                    before_in(s, pos)
                        .filter(|&j| {
                            let mj = &mentions[j];
                            mj.sentence == s
                                && mj.flags.pronoun
                                && !mj.flags.first_person
                                && self::pronoun_gender(mj.text(text)) == pronoun_gender
                        })
                        .filter_map(|j| assign[j])
                        .next_back()
                        .map(|id| (s, id))
                })
                .filter(|&(s, id)| {
                    sentence - s <= 2
                        || ((s + 1..sentence).any(|t| {
                            before_in(t, pos).any(|j| {
                                mentions[j].sentence == t
                                    && !mentions[j].flags.pronoun
                                    && assign[j] == Some(id)
                            })
                        })
                            // '... for whom she drafted notes. "He made me rewrite every
                            // memo. I hated it then. I do it now," she said': nobody named
                            // at all in the sentences between leaves the thread with her.
                            || !(s + 1..sentence).any(|t| {
                                before_in(t, pos).any(|j| {
                                    mentions[j].sentence == t
                                        && mentions[j].label == MentionLabel::Person
                                        && !mentions[j].flags.pronoun
                                })
                            }))
                            && !(s..sentence).any(|t| {
                                before_in(t, pos).any(|j| {
                                    let mj = &mentions[j];
                                    mj.sentence == t
                                        && mj.label == MentionLabel::Person
                                        && !mj.flags.pronoun
                                        && assign[j].is_some_and(|e| {
                                            e != id
                                                && gender_of(e)
                                                    .map_or(true, |g| Some(g) == pronoun_gender)
                                        })
                                })
                            })
                })
                .map(|(_, id)| id)
                .filter(|&id| {
                    entities[id as usize].label == EntityLabel::Person
                        && !before_in(sentence, pos).any(|j| {
                            mentions[j].sentence == sentence
                                && !mentions[j].flags.pronoun
                                && assign[j] == Some(id)
                        })
                });
        }
        if let Some(id) = chosen {
            assign[i] = Some(id);
            how[i] = "pronoun → latest compatible entity";
            if let (Some(told), Some(slot)) = (pronoun_gender, genders.get(id as usize)) {
                if gender_of(id).is_none() {
                    slot.set(Some(Some(told)));
                }
            }
        }
    }

    // "I" and "me" inside a quotation: its speaker.
    for i in 0..mentions.len() {
        if !mentions[i].flags.first_person {
            continue;
        }
        if let Some(id) = quote_speaker(text, seg, mentions, &assign, &entities, i) {
            assign[i] = Some(id);
            how[i] = "first person → speaker of the quotation";
        }
    }

    // Definite descriptions: "the (Chinese) parent company" → latest compatible organisation.
    let mut desc_added: Vec<(Mention, u32)> = Vec::new();
    // Tokens a demonym mention begins at, marked once per document.
    let mut demonym_starts: Vec<bool> = vec![false; tokens.len()];
    for d in mentions.iter().filter(|d| d.flags.demonym) {
        if let Some(slot) = demonym_starts.get_mut(d.first as usize) {
            *slot = true;
        }
    }
    let demonym_first = |j: usize| demonym_starts.get(j).copied().unwrap_or(false);
    // The resolved organisation mentions, in list order: the ones a description may stand for
    // (not a scan of every mention per description).
    let resolved_organisations: Vec<usize> = (0..mentions.len())
        .filter(|&mi| mentions[mi].label == MentionLabel::Organization && assign[mi].is_some())
        .collect();
    for (si, sentence) in seg.sentences.iter().enumerate() {
        let r = sentence.tokens.clone();
        for k in scanned.the_in(si, &r) {
            let mut j = k + 1;
            let mut head = None;
            while j < r.end && j <= k + 4 {
                let w = tokens[j].text(text);
                if tokens[j].kind != TokenKind::Word {
                    break;
                }
                let entry = if scanned.may_be_description(j) {
                    lexicon.description(w)
                } else {
                    None
                };
                if let Some((LexLabel::Organization, kinds)) = entry {
                    head = Some((j, kinds));
                    break;
                }
                if w.chars().next().is_some_and(char::is_uppercase) && !demonym_first(j) {
                    break;
                }
                j += 1;
            }
            let Some((h, kinds)) = head else { continue };
            // Followed by a name: an apposition, not a reference.
            if tokens
                .get(h + 1)
                .is_some_and(|t| t.capitalised && t.kind == TokenKind::Word)
            {
                continue;
            }
            let candidate = resolved_organisations
                .iter()
                .map(|&mi| (mi, &mentions[mi]))
                .filter(|(_, d)| (d.end as usize) <= k && d.sentence + 3 >= si as u32)
                .filter(|(mi, _)| {
                    let e = &entities[assign[*mi].unwrap_or(0) as usize];
                    kinds.iter().any(|kd| {
                        kd == "*"
                            && !e
                                .kind
                                .as_deref()
                                .is_some_and(|x| NOT_OWNED_KINDS.contains(&x))
                            || e.kind.as_deref() == Some(kd.as_str())
                    })
                })
                .max_by_key(|(_, d)| d.end)
                .and_then(|(mi, _)| assign[mi]);
            if let Some(id) = candidate {
                desc_added.push((
                    description_mention(tokens, k, h, si, MentionLabel::Organization),
                    id,
                ));
            }
        }
    }
    let occupation_descriptions =
        occupation_descriptions(text, seg, mentions, &assign, &entities, &scanned);
    let person_descriptions =
        person_descriptions(text, seg, mentions, &assign, &entities, lexicon, &scanned);
    let nationals = nationality_nouns(text, seg, mentions, &assign, &entities, lexicon);
    // Whether a description would overlap a mention already there: tokens covered by any
    // mention, and by one neither a place nor a topic, marked once and as mentions are added
    // (not a scan of every mention per description); a scan still decides for an empty span.
    let mut covered = None;
    for (m, id) in desc_added {
        if covered.is_none() && mentions.len() > SCAN_UP_TO {
            covered = Some(TokensCovered::of(tokens.len(), mentions));
        }
        let overlaps = if let Some(covered) = covered.as_mut().filter(|c| c.exact(&m)) {
            covered.other_than_place_or_topic(&m)
        } else {
            mentions.iter().any(|x| {
                x.first < m.end
                    && m.first < x.end
                    && x.label != MentionLabel::Place
                    && x.label != MentionLabel::Topic
            })
        };
        if overlaps {
            continue;
        }
        if let Some(covered) = covered.as_mut() {
            covered.add(&m);
        }
        mentions.push(m);
        assign.push(Some(id));
        how.push("definite description → latest compatible organisation");
    }
    // Occupation nouns first, then descriptions; neither over a mention already there.
    let described = occupation_descriptions
        .into_iter()
        .map(|d| {
            (
                d,
                "occupation noun → the one person the article named with it",
            )
        })
        .chain(person_descriptions.into_iter().map(|d| {
            (
                d,
                "person description → the person most mentioned so far, named lately",
            )
        }));
    for ((m, id), why) in described {
        if covered.is_none() && mentions.len() > SCAN_UP_TO {
            covered = Some(TokensCovered::of(tokens.len(), mentions));
        }
        let overlaps = if let Some(covered) = covered.as_mut().filter(|c| c.exact(&m)) {
            covered.any(&m)
        } else {
            mentions.iter().any(|x| x.first < m.end && m.first < x.end)
        };
        if overlaps {
            continue;
        }
        if let Some(covered) = covered.as_mut() {
            covered.add(&m);
        }
        mentions.push(m);
        assign.push(Some(id));
        how.push(why);
    }
    for (m, id) in nationals {
        mentions.push(m);
        assign.push(Some(id));
        how.push("nationality noun → the one person named just before");
    }

    // Each entity's list sized once to its count (not grown push by push).
    let mut mention_counts: Vec<u32> = vec![0; entities.len()];
    for id in assign.iter().flatten() {
        mention_counts[*id as usize] += 1;
    }
    for (e, &count) in entities.iter_mut().zip(&mention_counts) {
        e.mentions.reserve_exact(count as usize);
    }
    for (i, a) in assign.iter().enumerate() {
        if let Some(id) = a {
            entities[*id as usize].mentions.push(i as u32);
        }
    }
    // Canonical person name: the longest name surface.
    for e in entities
        .iter_mut()
        .filter(|e| e.label == EntityLabel::Person && e.key.is_none())
    {
        let words = e.name.split(' ').count();
        let longest = e
            .aliases
            .iter()
            .filter(|a| !titled.contains(*a) && a.split(' ').count() > words && !a.contains('.'))
            .filter(|a| {
                a.split(' ')
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
            })
            .filter(|a| {
                !a.split(' ')
                    .any(|w| lexicon.lookup(LexLabel::Title, w).is_some())
            })
            .max_by_key(|a| a.len())
            .cloned();
        if let Some(longest) = longest {
            let old = std::mem::replace(&mut e.name, longest);
            let name = e.name.clone();
            e.aliases.remove(&name);
            e.aliases.insert(old);
        }
    }
    Resolution {
        entities,
        entity_of: assign,
        how,
    }
}

/// Collapses runs of white space (names broken across lines).
/// Words after "her" that make it an object ("met her again", "met her in Rome", "showed her
/// around"), not a possessive ("her counterpart").
const AFTER_OBJECT_HER: &[&str] = &[
    "again",
    "in",
    "at",
    "on",
    "for",
    "to",
    "and",
    "last",
    "twice",
    "once",
    "during",
    "after",
    "before",
    "when",
    "with",
    "about",
    "over",
    "briefly",
    "privately",
    "later",
    "there",
    "then",
    "yesterday",
    "today",
    "as",
    "but",
    "or",
    "because",
    "while",
    "since",
    "until",
    "by",
    // "showed her around the plant", "gave her a tour": a particle or an article after "her"
    // (no noun of hers follows).
    "around",
    "round",
    "a",
    "an",
    // "showed her the new garden", "introduced her his apprentices": a determiner after "her"
    // opens the thing shown or given (no possessive is followed by one).
    "the",
    "this",
    "these",
    "those",
    "his",
    "their",
];

/// "Chimamanda Ngozi Adichie sat down with … Adichie said": a name of two to four words the
/// tagger took for an organisation is a person's when its last word names a person alone
/// elsewhere in the document (the tagger sees one sentence; the document tells). A one-word
/// "organisation" is a person's when that word alone followed a title ("Patriarch
/// Bartholomew ... Francis and Bartholomew met").
/// The person mention right before `mentions[i]` when `mentions[i]` is that person's name in
/// brackets written with initials ("Lee Jae-hyuk (J.H. Lee)", "Robert Smith (R. Smith)"): the
/// words before its last are initials, and its last is a word of the name before.
fn bracketed_initials_of(
    text: &str,
    tokens: &[crate::text::Token],
    mentions: &[Mention],
    i: usize,
) -> Option<usize> {
    let m = &mentions[i];
    let p = mentions.get(i.checked_sub(1)?)?;
    let (first, end) = (m.first as usize, m.end as usize);
    if p.label != MentionLabel::Person
        || first < 1
        || p.end as usize + 1 != first
        || tokens[first - 1].text(text) != "("
        || tokens.get(end).map(|t| t.text(text)) != Some(")")
    {
        return None;
    }
    let words: Vec<&str> = m.text(text).split_whitespace().collect();
    let (surname, initials) = words.split_last()?;
    let is_initials = |w: &&str| {
        let letters: Vec<char> = w.chars().filter(|c| !matches!(c, '.' | '-')).collect();
        w.contains('.')
            && (1..=3).contains(&letters.len())
            && letters.iter().all(|c| c.is_uppercase())
    };
    (!initials.is_empty()
        && initials.iter().all(is_initials)
        && p.text(text)
            .split(|c: char| c.is_whitespace() || c == '-')
            .any(|w| w == *surname))
    .then_some(i - 1)
}

fn retype_tagged_persons(text: &str, mentions: &mut [Mention]) {
    let is_candidate = |m: &Mention| {
        m.label == MentionLabel::Organization
            && m.origin == "tagger"
            && m.entry.is_none()
            && (1..=4).contains(&m.text(text).split(' ').count())
    };
    if !mentions.iter().any(is_candidate) {
        return;
    }
    let lone_persons: Vec<(&str, bool)> = mentions
        .iter()
        .filter(|m| {
            m.label == MentionLabel::Person
                && !m.flags.pronoun
                && m.entry.is_none()
                && m.end == m.first + 1
        })
        .map(|m| (m.text(text), m.origin == "pattern:title-name"))
        .collect();
    for m in mentions.iter_mut() {
        if !is_candidate(m) {
            continue;
        }
        let one_word = m.end == m.first + 1;
        let surface = m.text(text);
        let last = surface.rsplit(' ').next().unwrap_or(surface);
        if lone_persons
            .iter()
            .any(|&(p, titled)| p == last && (titled || !one_word))
        {
            m.label = MentionLabel::Person;
        }
    }
}

/// "The chief executive of Helvetia Agri, one of the largest cocoa traders": a name the tagger
/// took for a person right after a title and "of" (or "of the") is the body the title belongs
/// to, unless a word of it is a given name ("Minister of Finance Ngozi Okonjo-Iweala").
fn retype_bodies_after_title_of(
    text: &str,
    tokens: &[crate::text::Token],
    mentions: &mut [Mention],
    lexicon: &Lexicon,
) {
    let title_ends: Vec<u32> = mentions
        .iter()
        .filter(|m| m.label == MentionLabel::Title)
        .map(|m| m.end)
        .collect();
    if title_ends.is_empty() {
        return;
    }
    let tagged_person =
        |m: &Mention| m.label == MentionLabel::Person && m.origin == "tagger" && !m.flags.pronoun;
    let mut bodies: Vec<String> = mentions
        .iter()
        .filter(|m| {
            let mut at = m.first as usize;
            if at >= 1 && tokens[at - 1].text(text) == "the" {
                at -= 1;
            }
            tagged_person(m)
                && at >= 2
                && tokens[at - 1].text(text) == "of"
                && title_ends.contains(&(at as u32 - 1))
                && !m.text(text).split(' ').any(|w| lexicon.is_given_name(w))
        })
        .map(|m| m.text(text).to_string())
        .collect();
    // "chief executive of Minera Altamira" read as a word and a place, and "Minera Altamira
    // produced ..." as a person: the capitalised words after the title and "of" name the body
    // wherever the tagger took them for a person.
    for &end in &title_ends {
        let mut at = end as usize;
        if tokens.get(at).map(|t| t.text(text)) != Some("of") {
            continue;
        }
        at += 1;
        if tokens.get(at).map(|t| t.text(text)) == Some("the") {
            at += 1;
        }
        let run = tokens[at.min(tokens.len())..]
            .iter()
            .take_while(|t| t.capitalised && t.kind == crate::text::TokenKind::Word)
            .count();
        if (2..=4).contains(&run) {
            let span = tokens[at].start as usize..tokens[at + run - 1].end as usize;
            let name = &text[span];
            if !name.split(' ').any(|w| lexicon.is_given_name(w)) {
                bodies.push(name.to_string());
            }
        }
    }
    if bodies.is_empty() {
        return;
    }
    // "... Helvetia Agri declined to comment": the same name elsewhere is the body too.
    for m in mentions.iter_mut() {
        if tagged_person(m) && bodies.iter().any(|b| b == m.text(text)) {
            m.label = MentionLabel::Organization;
        }
    }
}

/// "Congregation Beth Shalom ... Feldstein, who has led Beth Shalom since 2015": a name taken
/// for a person that is the rest of a body's name opened by a religious body's cue, or of a
/// place's name opened by a venue word ("Praça do Comércio"), is that body or place written
/// short. Foundations are left out: they are named after people ("Fundación Carlos Slim").
fn retype_names_after_opening_cue(text: &str, mentions: &mut [Mention], lexicon: &Lexicon) {
    let mut tails: Vec<(&str, MentionLabel)> = Vec::new();
    for m in mentions.iter() {
        if !matches!(m.label, MentionLabel::Organization | MentionLabel::Place) {
            continue;
        }
        let Some((head, tail)) = m.text(text).split_once(' ') else {
            continue;
        };
        let opens_body = m.label == MentionLabel::Organization
            && lexicon
                .org_cues
                .get(head)
                .is_some_and(|kind| kind == "religious");
        let opens_place = m.label == MentionLabel::Place && lexicon.venue_heads.contains(head);
        if opens_body || opens_place {
            tails.push((tail, m.label));
        }
    }
    if tails.is_empty() {
        return;
    }
    // (The tails borrow the text, not the mentions, so the mentions can be retyped in place.)
    for m in mentions.iter_mut() {
        if m.label != MentionLabel::Person || m.flags.pronoun || m.origin == "pattern:title-name" {
            continue;
        }
        let surface = m.text(text);
        if let Some(&(_, label)) = tails.iter().find(|(tail, _)| *tail == surface) {
            m.label = label;
        }
    }
}

/// "212 residents of Mwatate ... the governor visited Mwatate": a one-word name the tagger took
/// for a person in one sentence and for a place in as many others is the place, unless the
/// document names it as a person some other way (after a title, within a longer name). So is
/// a word it took for an organisation ("travelled to Nakivale settlement ... Nakivale's refugee
/// council ... when Y visited Nakivale"): places and organisations together outnumbering the
/// person readings, the word takes the more frequent of the two.
fn retype_tagged_places(text: &str, mentions: &mut [Mention]) {
    let one_word_tagged = |m: &Mention, label: MentionLabel| {
        m.label == label
            && m.origin == "tagger"
            && m.entry.is_none()
            && !m.flags.pronoun
            && m.end == m.first + 1
    };
    if !mentions.iter().any(|m| {
        one_word_tagged(m, MentionLabel::Place) || one_word_tagged(m, MentionLabel::Organization)
    }) {
        return;
    }
    // Per word, in one pass each (not a scan of every mention per tagged person): how often
    // it was tagged a place, an organisation and a person alone, and whether a person's name
    // has it as a part.
    let mut tagged_as: HashMap<&str, (usize, usize, usize)> = HashMap::default();
    let mut name_parts: HashSet<&str> = HashSet::default();
    for x in mentions.iter() {
        if one_word_tagged(x, MentionLabel::Place) {
            tagged_as.entry(x.text(text)).or_default().0 += 1;
        } else if one_word_tagged(x, MentionLabel::Organization) {
            tagged_as.entry(x.text(text)).or_default().1 += 1;
        } else if one_word_tagged(x, MentionLabel::Person) {
            tagged_as.entry(x.text(text)).or_default().2 += 1;
        } else if x.label == MentionLabel::Person && !x.flags.pronoun {
            name_parts.extend(x.text(text).split(' '));
        }
    }
    let retype: HashMap<&str, MentionLabel> = tagged_as
        .iter()
        .filter(|&(word, &(places, orgs, persons))| {
            persons > 0 && places + orgs >= persons && !name_parts.contains(word)
        })
        .map(|(&word, &(places, orgs, _))| {
            let label = if places >= orgs {
                MentionLabel::Place
            } else {
                MentionLabel::Organization
            };
            (word, label)
        })
        .collect();
    if retype.is_empty() {
        return;
    }
    for m in mentions.iter_mut() {
        if one_word_tagged(m, MentionLabel::Person) {
            if let Some(&label) = retype.get(m.text(text)) {
                m.label = label;
            }
        }
    }
}

/// A subordinate clause opens right before the person named at `first` ("after the King",
/// "when Senator Weber"): its subject is that person.
fn opens_clause(text: &str, tokens: &[crate::text::Token], first: usize) -> bool {
    let word = |k: usize| tokens.get(k).map_or("", |t| t.text(text));
    // Back over a title and an article: "after the King", "after Senator Paul Dimitrov".
    let mut k = first;
    while k > 0
        && first - k < 4
        && (word(k - 1).eq_ignore_ascii_case("the") || tokens[k - 1].capitalised)
    {
        k -= 1;
    }
    k > 0
        && ["after", "before", "when", "while", "since", "once", "until"]
            .iter()
            .any(|w| word(k - 1).eq_ignore_ascii_case(w))
}

/// Whether a "her" ends a noun phrase: punctuation or a preposition, adverb or conjunction
/// follows it.
/// Whether tokens `from..to` only join two names of a subject ("and Norway's Minister of
/// International Development,", ", and the health minister,"): an "and" or "&", with commas,
/// possessives, "of" and "the", and capitalised words or words of a title mention between.
fn only_coordination_between(
    text: &str,
    tokens: &[crate::text::Token],
    mentions: &[Mention],
    from: usize,
    to: usize,
) -> bool {
    // "Park, the shipyard's vice-president for sales, and Lee": a description set off by
    // commas after the first person, then ", and".
    let from = if tokens.get(from).is_some_and(|t| t.text(text) == ",") {
        (from + 1..to.min(from + 16))
            .find(|&c| tokens[c].text(text) == ",")
            .filter(|&c| c + 1 < to && is_word(tokens[c + 1].text(text), "and"))
            .unwrap_or(from)
    } else {
        from
    };
    if to <= from || to - from > 10 {
        return false;
    }
    let in_title = |k: usize| {
        mentions.iter().any(|m| {
            m.label == MentionLabel::Title && (m.first as usize) <= k && k < m.end as usize
        })
    };
    let mut joined = false;
    for (k, t) in tokens.iter().enumerate().take(to).skip(from) {
        let w = t.text(text);
        if is_word(w, "and") || w == "&" {
            joined = true;
        } else if !(w == ","
            || matches!(w, "'s" | "’s" | "'" | "’")
            || is_word(w, "of")
            || is_word(w, "the")
            || t.capitalised
            || in_title(k))
        {
            return false;
        }
    }
    joined
}

/// Words that open a phrase fronted before a sentence's subject ("In her session, X ...").
const FRONTED_PHRASE_OPENERS: &[&str] = &[
    "in",
    "during",
    "at",
    "on",
    "after",
    "before",
    "since",
    "despite",
    "for",
    "throughout",
    "upon",
    "following",
    "ahead",
    "like",
    "unlike",
    "with",
];

/// The person named right after the comma that closes a phrase fronted before the subject and
/// holding the possessive `m` ("In her session, Adichie ...", "During his visit, President X
/// ..."): the phrase opens the sentence and names nobody else. The index of that person's
/// mention.
fn cataphoric_subject(
    text: &str,
    seg: &Segmented,
    mentions: &[Mention],
    m: &Mention,
) -> Option<usize> {
    let sentence = seg.sentences.get(m.sentence as usize)?;
    let tokens = &seg.tokens;
    let (start, first, end) = (
        sentence.tokens.start,
        m.first as usize,
        sentence.tokens.end.min(tokens.len()),
    );
    let opener = tokens.get(start)?.text(text);
    if first <= start
        || !FRONTED_PHRASE_OPENERS
            .iter()
            .any(|w| opener.eq_ignore_ascii_case(w))
        || tokens[start..first].iter().any(|t| t.text(text) == ",")
    {
        return None;
    }
    let comma =
        (m.end as usize..(m.end as usize + 8).min(end)).find(|&k| tokens[k].text(text) == ",")?;
    let in_sentence = |o: &&Mention| o.sentence == m.sentence;
    if mentions.iter().filter(in_sentence).any(|o| {
        o.label == MentionLabel::Person
            && o.first as usize >= start
            && (o.end as usize) <= comma
            && o.first != m.first
    }) {
        return None;
    }
    // A title may come before the name ("During his visit, Prime Minister X met ...").
    let name_at = mentions
        .iter()
        .filter(in_sentence)
        .find(|o| o.label == MentionLabel::Title && o.first as usize == comma + 1)
        .map_or(comma + 1, |title| title.end as usize);
    mentions.iter().position(|o| {
        o.sentence == m.sentence
            && o.first as usize == name_at
            && o.label == MentionLabel::Person
            && !o.flags.pronoun
    })
}

fn her_is_object(text: &str, tokens: &[crate::text::Token], m: &Mention) -> bool {
    match tokens.get(m.end as usize) {
        None => true,
        Some(t) => {
            t.kind != crate::text::TokenKind::Word || {
                let w = t.text(text);
                AFTER_OBJECT_HER.iter().any(|after| is_word(w, after))
            }
        }
    }
}

/// The tokens of a document that scans for definite descriptions and delegations begin at,
/// found in one pass over the tokens instead of one per scan: most tokens are neither, and
/// their length alone says so.
struct ScannedWords<'f> {
    /// Per token, recognition's facts (empty when not handed over).
    facts: &'f [TokenFacts],
    /// "the" in any case, in order.
    the: Vec<u32>,
    /// "delegation", "visitor" or "visitors" in any case, in order.
    heads: Vec<u32>,
    /// Per sentence, where its "the" tokens begin in `the` (found once, not in every scan).
    the_from: Vec<u32>,
}

impl<'f> ScannedWords<'f> {
    fn of(text: &str, seg: &Segmented, facts: &'f [TokenFacts]) -> ScannedWords<'f> {
        let bytes = text.as_bytes();
        let tokens = &seg.tokens;
        let mut scanned = ScannedWords {
            facts: if facts.len() == tokens.len() {
                facts
            } else {
                &[]
            },
            the: Vec::new(),
            heads: Vec::new(),
            the_from: Vec::new(),
        };
        for (k, t) in tokens.iter().enumerate() {
            let len = t.end - t.start;
            if !matches!(len, 3 | 7 | 8 | 10) {
                continue;
            }
            let word = &bytes[t.start as usize..t.end as usize];
            // The first letter in lower case (`| 0x20`) rules out most words of those lengths
            // before a whole comparison.
            match (len, word[0] | 0x20) {
                (3, b't') if word.eq_ignore_ascii_case(b"the") => scanned.the.push(k as u32),
                (7, b'v') if word.eq_ignore_ascii_case(b"visitor") => scanned.heads.push(k as u32),
                (8, b'v') if word.eq_ignore_ascii_case(b"visitors") => scanned.heads.push(k as u32),
                (10, b'd') if word.eq_ignore_ascii_case(b"delegation") => {
                    scanned.heads.push(k as u32)
                }
                _ => {}
            }
        }
        let the = &scanned.the;
        scanned.the_from = seg
            .sentences
            .iter()
            .map(|s| the.partition_point(|&k| (k as usize) < s.tokens.start) as u32)
            .collect();
        scanned
    }

    /// Whether token `k` may be a description head noun (`Lexicon::description`): false only
    /// when recognition's look-up found it is none, so most words are not looked up again.
    #[inline]
    fn may_be_description(&self, k: usize) -> bool {
        self.facts
            .get(k)
            .map_or(true, |f| f.has(bit::DESCRIPTION | bit::LONG))
    }

    /// The "the" tokens of sentence `si` (whose tokens are `range`), in order.
    fn the_in(
        &self,
        si: usize,
        range: &std::ops::Range<usize>,
    ) -> impl Iterator<Item = usize> + '_ {
        let from = self.the_from[si] as usize;
        let end = range.end;
        self.the[from..]
            .iter()
            .map(|&k| k as usize)
            .take_while(move |&k| k < end)
    }
}

/// A document's mentions by the token each begins at and by the token each ends before, so
/// "the mentions starting (ending) at token k" is a lookup instead of a scan of every mention
/// per mention (which grew with the square of a document's length). The mentions at one token
/// come in the order of the mention list, so the first that fits is the one a scan would find.
/// Valid while no mention's span changes; labels may. Each table is built the first time it
/// is asked for, from the mentions passed then, and only for a document with more mentions
/// than `SCAN_UP_TO` (for fewer, a scan costs less than building the table).
struct MentionSpans {
    by_first: std::cell::OnceCell<MentionChains>,
    by_end: std::cell::OnceCell<MentionChains>,
}

/// The most mentions looked through by a scan rather than a table.
const SCAN_UP_TO: usize = 64;

/// Mention indices chained by a token: `head[k]` is the first mention with key `k`, `next[i]`
/// the next mention after `i` with the same key (`NO_MENTION` ends a chain).
struct MentionChains {
    head: Vec<u32>,
    next: Vec<u32>,
}

const NO_MENTION: u32 = u32::MAX;

impl MentionChains {
    fn of(mentions: &[Mention], key: fn(&Mention) -> u32) -> MentionChains {
        let len = mentions
            .iter()
            .map(|m| key(m) as usize + 1)
            .max()
            .unwrap_or(0);
        let mut chains = MentionChains {
            head: vec![NO_MENTION; len],
            next: vec![NO_MENTION; mentions.len()],
        };
        for (i, m) in mentions.iter().enumerate().rev() {
            let slot = &mut chains.head[key(m) as usize];
            chains.next[i] = *slot;
            *slot = i as u32;
        }
        chains
    }
}

/// The indices of the mentions with one key, in list order: from a scan or a table.
enum MentionsAt<'a> {
    Scan {
        mentions: &'a [Mention],
        /// Keyed by where mentions end (else by where they begin): a flag rather than the
        /// key function, so the scan compares fields inline instead of calling per mention.
        by_end: bool,
        k: u32,
        at: usize,
    },
    Chain {
        chains: &'a MentionChains,
        at: u32,
    },
}

impl Iterator for MentionsAt<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match self {
            MentionsAt::Scan {
                mentions,
                by_end,
                k,
                at,
            } => {
                let rest = &mentions[*at..];
                let offset = if *by_end {
                    rest.iter().position(|m| m.end == *k)
                } else {
                    rest.iter().position(|m| m.first == *k)
                };
                let found = offset? + *at;
                *at = found + 1;
                Some(found)
            }
            MentionsAt::Chain { chains, at } => {
                let found = *at;
                if found == NO_MENTION {
                    return None;
                }
                *at = chains.next[found as usize];
                Some(found as usize)
            }
        }
    }
}

impl MentionSpans {
    fn new() -> MentionSpans {
        MentionSpans {
            by_first: std::cell::OnceCell::new(),
            by_end: std::cell::OnceCell::new(),
        }
    }

    fn at<'a>(
        table: &'a std::cell::OnceCell<MentionChains>,
        mentions: &'a [Mention],
        by_end: bool,
        k: u32,
    ) -> MentionsAt<'a> {
        if mentions.len() <= SCAN_UP_TO {
            return MentionsAt::Scan {
                mentions,
                by_end,
                k,
                at: 0,
            };
        }
        let key: fn(&Mention) -> u32 = if by_end { |m| m.end } else { |m| m.first };
        let chains = table.get_or_init(|| MentionChains::of(mentions, key));
        let at = chains.head.get(k as usize).copied().unwrap_or(NO_MENTION);
        MentionsAt::Chain { chains, at }
    }

    /// The indices of the mentions that begin at token `k`, in list order.
    fn starting_at<'a>(&'a self, mentions: &'a [Mention], k: u32) -> MentionsAt<'a> {
        MentionSpans::at(&self.by_first, mentions, false, k)
    }

    /// The indices of the mentions that end before token `k`, in list order.
    fn ending_at<'a>(&'a self, mentions: &'a [Mention], k: u32) -> MentionsAt<'a> {
        MentionSpans::at(&self.by_end, mentions, true, k)
    }
}

/// The tokens a document's mentions cover, for "does a new mention overlap one there": by
/// any mention, and by one that is neither a place nor a topic. Answers only for spans of one
/// token or more inside the document, and only while every mention added has such a span
/// (`exact`): an empty span overlaps without covering a token.
struct TokensCovered {
    any: Vec<bool>,
    not_place_or_topic: Vec<bool>,
    all_spans_marked: bool,
}

impl TokensCovered {
    fn of(tokens: usize, mentions: &[Mention]) -> TokensCovered {
        let mut covered = TokensCovered {
            any: vec![false; tokens],
            not_place_or_topic: vec![false; tokens],
            all_spans_marked: true,
        };
        for m in mentions {
            covered.add(m);
        }
        covered
    }

    fn marks(&self, m: &Mention) -> bool {
        m.first < m.end && m.end as usize <= self.any.len()
    }

    fn add(&mut self, m: &Mention) {
        if !self.marks(m) {
            self.all_spans_marked = false;
            return;
        }
        let span = m.first as usize..m.end as usize;
        self.any[span.clone()].fill(true);
        if !matches!(m.label, MentionLabel::Place | MentionLabel::Topic) {
            self.not_place_or_topic[span].fill(true);
        }
    }

    /// Whether the tables answer for `m` exactly as a scan of the mentions would.
    fn exact(&self, m: &Mention) -> bool {
        self.all_spans_marked && self.marks(m)
    }

    fn any(&self, m: &Mention) -> bool {
        self.any[m.first as usize..m.end as usize].contains(&true)
    }

    fn other_than_place_or_topic(&self, m: &Mention) -> bool {
        self.not_place_or_topic[m.first as usize..m.end as usize].contains(&true)
    }
}

/// Whether a name holds a space (two words or more): a byte loop, which for names of a few
/// words costs less than the general character search of `str::contains`.
#[inline]
fn has_space(name: &str) -> bool {
    name.bytes().any(|b| b == b' ')
}

/// The words of a name before and after its first space (as `str::split_once(' ')`, by a byte
/// loop: the general character search costs more on names of a few words).
#[inline]
fn split_at_first_space(name: &str) -> Option<(&str, &str)> {
    let at = name.bytes().position(|b| b == b' ')?;
    Some((&name[..at], &name[at + 1..]))
}

/// The words of a name before and after its last space (as `str::rsplit_once(' ')`).
#[inline]
fn split_at_last_space(name: &str) -> Option<(&str, &str)> {
    let at = name.bytes().rposition(|b| b == b' ')?;
    Some((&name[..at], &name[at + 1..]))
}

/// The first word of a name (all of it without a space; as `split(' ').next()`).
#[inline]
fn first_word(name: &str) -> &str {
    split_at_first_space(name).map_or(name, |(first, _)| first)
}

/// Whether `w` is the lower-case ASCII word `lower` in any case. The lengths are compared
/// here, inline, so the many words of another length cost no call (these tests run per token
/// in loops over word lists).
#[inline(always)]
fn is_word(w: &str, lower: &str) -> bool {
    w.len() == lower.len() && w.eq_ignore_ascii_case(lower)
}

/// Lower-case particles inside names that are never a name on their own.
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "di", "do", "dos", "das", "du", "del", "della", "der", "den", "von", "van", "bin",
    "ibn", "al", "el", "la", "le", "bint", "ben", "ter", "ten", "jr.", "sr.", "binti", "dela",
    "delos", "arap", "ap", "binte", "ul", "ud", "ur", "i", "y",
];

/// Whether a word is one of `NAME_PARTICLES`, as written. Every particle is at most five bytes
/// and opens with a lower-case ASCII letter, so most words (capitalised names, long words) are
/// told apart without comparing them with each particle.
fn is_name_particle(word: &str) -> bool {
    word.len() <= 5
        && word.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
        && NAME_PARTICLES.contains(&word)
}

/// Collapses runs of white space (names broken across lines) to one space; borrows the text
/// when it is already so (nearly always).
/// A nickname in quotation marks inside a name is dropped: Ray "Bud" Tolliver is Ray Tolliver.
fn normalise(s: &str) -> Cow<'_, str> {
    // Printable ASCII (nearly every name) is scanned eight bytes at a time, for its spaces and
    // for '"' at once; only other text is read byte by byte.
    let (spaced, quoted) = match single_spaced(s.as_bytes()) {
        Some((true, quoted)) => (Cow::Borrowed(s), quoted),
        // Collapsing spaces keeps every '"'.
        Some((false, quoted)) => (Cow::Owned(collapse_whitespace(s)), quoted),
        None => {
            let spaced = normalise_bytewise(s);
            // Double quotation marks: '"', or '“' / '”' (UTF-8 lead byte 0xE2).
            let quoted = spaced.bytes().any(|b| b == b'"' || b == 0xE2);
            (spaced, quoted)
        }
    };
    if quoted {
        if let Some(plain) = without_nickname(&spaced) {
            return Cow::Owned(plain);
        }
    }
    spaced
}

/// A one-word nickname quoted inside a name: John "Jack" Brennan.
struct Nickname {
    /// The nickname alone, lower case ("jack").
    alone: String,
    /// The nickname with the words after it, lower case ("jack brennan").
    with_surname: String,
    /// The name without the nickname ("John Brennan").
    plain: String,
}

/// The forms of a name with a one-word capitalised nickname in quotation marks between its
/// first and last word.
fn nickname_forms(raw: &str) -> Option<Nickname> {
    if !raw.bytes().any(|b| b == b'"' || b == 0xE2) {
        return None;
    }
    let words: Vec<&str> = raw.split_whitespace().collect();
    let quotes: &[char] = &['"', '\u{201c}', '\u{201d}'];
    let at = (1..words.len().saturating_sub(1)).find(|&i| {
        let w = words[i];
        w.len() > 2 && w.starts_with(quotes) && w.ends_with(quotes)
    })?;
    let nick = words[at].trim_matches(quotes);
    if !nick.starts_with(|c: char| c.is_uppercase()) || nick.contains(quotes) {
        return None;
    }
    let rest = words[at + 1..].join(" ");
    Some(Nickname {
        alone: nick.to_lowercase(),
        with_surname: format!("{nick} {rest}").to_lowercase(),
        plain: format!("{} {rest}", words[..at].join(" ")),
    })
}

/// The name without the words quoted between its first and last word, if any are.
fn without_nickname(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split(' ').collect();
    let opens = |w: &str| w.starts_with('"') || w.starts_with('\u{201c}');
    let closes = |w: &str| w.ends_with('"') || w.ends_with('\u{201d}');
    let open = (1..words.len().saturating_sub(1)).find(|&i| opens(words[i]))?;
    let close = (open..words.len() - 1).find(|&i| closes(words[i]))?;
    let kept: Vec<&str> = words[..open]
        .iter()
        .chain(&words[close + 1..])
        .copied()
        .collect();
    Some(kept.join(" "))
}

/// For text of printable ASCII characters and spaces (nearly every name), eight bytes at a
/// time: whether its spaces are single and inside (`normalise` borrows it), and whether it
/// holds a '"' (a quoted nickname may be inside). `None` for other text (control characters,
/// non-ASCII), left to [`normalise_bytewise`].
#[inline]
fn single_spaced(bytes: &[u8]) -> Option<(bool, bool)> {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const SPACES: u64 = 0x2020_2020_2020_2020;
    const QUOTES: u64 = 0x2222_2222_2222_2222;
    // Bit 7 of each byte equal to the byte repeated in `pattern` (exact, no carries
    // between bytes).
    let equal = |word: u64, pattern: u64| {
        let y = word ^ pattern;
        !(((y & LOW7) + LOW7) | y | LOW7)
    };
    let spaces = |word: u64| equal(word, SPACES);
    // Whether any byte is non-ASCII or below ' ' (a byte b < 0x80 is below 0x20 when
    // b + 0x60 stays below 0x80).
    let unusual = |word: u64| (word | !((word & LOW7) + 0x6060_6060_6060_6060)) & HIGH != 0;
    // A space right after a space, or first (white space at the start needs trimming too).
    let mut space_before = 1u64;
    let mut doubled = false;
    let mut quoted = false;
    let mut check = |word: u64| {
        if unusual(word) {
            return false;
        }
        quoted |= equal(word, QUOTES) != 0;
        let s = spaces(word);
        doubled |= s & (s << 8 | space_before << 7) != 0;
        space_before = s >> 63;
        true
    };
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if !check(u64::from_le_bytes(word)) {
            return None;
        }
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        // Padded with letters: neither spaces nor unusual.
        let mut word = [b'a'; 8];
        word[..tail.len()].copy_from_slice(tail);
        if !check(u64::from_le_bytes(word)) {
            return None;
        }
    }
    Some((!doubled && bytes.last() != Some(&b' '), quoted))
}

/// [`normalise`] byte by byte (any text).
fn normalise_bytewise(s: &str) -> Cow<'_, str> {
    // ASCII byte by byte: only ' ' may occur, singly and inside.
    let mut previous_space = true; // white space at the start needs trimming too
    for &b in s.as_bytes() {
        if !b.is_ascii() {
            return normalise_general(s);
        }
        let space = b == b' ';
        if space && previous_space || matches!(b, b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c') {
            return Cow::Owned(collapse_whitespace(s));
        }
        previous_space = space;
    }
    if previous_space && !s.is_empty() {
        return Cow::Owned(collapse_whitespace(s));
    }
    Cow::Borrowed(s)
}

/// `normalise` for text with non-ASCII characters.
fn normalise_general(s: &str) -> Cow<'_, str> {
    let mut previous_space = true;
    let mut normal = true;
    for c in s.chars() {
        if c.is_whitespace() {
            if c != ' ' || previous_space {
                normal = false;
                break;
            }
            previous_space = true;
        } else {
            previous_space = false;
        }
    }
    let trailing_space = previous_space && !s.is_empty();
    if normal && !trailing_space {
        return Cow::Borrowed(s);
    }
    Cow::Owned(collapse_whitespace(s))
}

/// The words of `s` joined by single spaces.
fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, w) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// `prefix:` and the slug of `name` (`graph::build::slug`: lower-case letters and digits,
/// other runs as one dash), the stable key of a lexicon entity; ASCII names without the
/// general character tables.
pub(crate) fn slug_key(prefix: &str, name: &str) -> String {
    if !name.is_ascii() {
        return format!("{prefix}:{}", crate::graph::build::slug(name));
    }
    // Built as bytes (every one ASCII), into room for the longest slug: a dash stands for
    // at least one byte of the name, and "_" for an empty one.
    let mut out: Vec<u8> = Vec::with_capacity(prefix.len() + 1 + name.len().max(1));
    out.extend_from_slice(prefix.as_bytes());
    out.push(b':');
    let body = out.len();
    let mut dash = false;
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() {
            if dash && out.len() > body {
                out.push(b'-');
            }
            dash = false;
            out.push(b.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    if out.len() == body {
        out.push(b'_');
    }
    String::from_utf8(out).expect("a slug of ASCII bytes")
}

/// `buf` := `s` in lower case (as `str::to_lowercase`, without a new allocation for ASCII).
fn set_lower(buf: &mut String, s: &str) {
    buf.clear();
    push_lower(buf, s);
}

/// Appends `s` in lower case (as `str::to_lowercase`); ASCII eight bytes at a time (this
/// runs for most mentions, several times).
fn push_lower(buf: &mut String, s: &str) {
    if !s.is_ascii() {
        buf.push_str(&s.to_lowercase());
        return;
    }
    // SAFETY: only ASCII bytes are appended (ASCII lower-cased stays ASCII), so the string
    // stays valid UTF-8.
    let bytes = unsafe { buf.as_mut_vec() };
    // Room for the last eight-byte store, which may pass the end (cut back below).
    bytes.reserve(s.len() + 8);
    let end = bytes.len() + s.len();
    let mut chunks = s.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        bytes.extend_from_slice(&lower8(pack8(chunk)).to_le_bytes());
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        bytes.extend_from_slice(&lower8(pack8(tail)).to_le_bytes());
        bytes.truncate(end);
    }
}

/// `buf` := the key of an entity in the per-document table: its label and lower-case name.
fn entity_key(buf: &mut String, label: EntityLabel, name: &str) {
    buf.clear();
    buf.push(label_letter(label));
    push_lower(buf, name);
}

/// [`entity_key`] of a name already lower-cased.
fn entity_key_of_lower(buf: &mut String, label: EntityLabel, lower: &str) {
    buf.clear();
    buf.push(label_letter(label));
    buf.push_str(lower);
}

/// The letter that opens an entity key of the label.
fn label_letter(label: EntityLabel) -> char {
    match label {
        EntityLabel::Person => 'p',
        EntityLabel::Organization => 'o',
        EntityLabel::Place => 'l',
        EntityLabel::Event => 'e',
        EntityLabel::Topic => 't',
    }
}

/// Adds a surface form as an alias (only when it differs from the name, if `unless_name`),
/// copying it only when it is new.
fn insert_alias(entity: &mut Entity, surface: Cow<'_, str>, unless_name: bool) {
    if unless_name && *surface == entity.name || entity.aliases.contains(&*surface) {
        return;
    }
    entity.aliases.insert(surface.into_owned());
}

/// The title of an apposition right after a person's name: ", the (Finnish) president" closed
/// by a comma, a full stop or "who" (not ", the president's wife").
fn title_apposed_after<'m>(
    mentions: &'m [Mention],
    spans: &MentionSpans,
    tokens: &[crate::text::Token],
    text: &str,
    person: &Mention,
) -> Option<&'m Mention> {
    let comma = person.end as usize;
    if tokens.get(comma)?.text(text) != ","
        || !tokens
            .get(comma + 1)?
            .text(text)
            .eq_ignore_ascii_case("the")
    {
        return None;
    }
    let mut at = (comma + 2) as u32;
    if let Some(d) = spans
        .starting_at(mentions, at)
        .find(|&d| mentions[d].flags.demonym || mentions[d].label == MentionLabel::Organization)
    {
        at = mentions[d].end;
    }
    let title = &mentions[spans
        .starting_at(mentions, at)
        .find(|&t| mentions[t].label == MentionLabel::Title)?];
    let closes = tokens.get(title.end as usize).is_some_and(|t| {
        let w = t.text(text);
        matches!(w, "," | "." | ";") || w.eq_ignore_ascii_case("who")
    });
    (closes && !introduces_name(mentions, spans, tokens, text, title)).then_some(title)
}

/// Person mentions for "the (Vietnamese) delegation" / "the visitor" after "a delegation ...
/// headed by X" (or "led by X"): the delegation's head, the latest named before. A delegation
/// with its own head named after it ("the delegation led by Y") is left to the rules, as is
/// one in a sentence that names no head before it.
fn delegation_head_mentions(
    mentions: &[Mention],
    assign: &[Option<u32>],
    seg: &Segmented,
    text: &str,
    heads: &[u32],
) -> Vec<(Mention, u32)> {
    let tokens = &seg.tokens;
    let word_at = |j: usize| tokens.get(j).map_or("", |t| t.text(text));
    let led_by = |j: usize| {
        matches!(word_at(j), "headed" | "led") && word_at(j + 1) == "by"
            || matches!(word_at(j), "," | "(") && matches!(word_at(j + 1), "headed" | "led")
    };
    let mut added = Vec::new();
    // (token where the head is named, head).
    let mut head: Option<(usize, u32)> = None;
    // The head nouns, in order (other tokens change nothing below).
    for &j in heads {
        let j = j as usize;
        let w = tokens[j].text(text);
        // "delegation of the Communist Party of Vietnam headed by X": the head within a few
        // words, after the body the delegation is "of" or "from".
        let mut own_head: Option<Option<(usize, u32)>> = None;
        for k in j + 1..(j + 14).min(tokens.len()) {
            if matches!(word_at(k), "." | ";") {
                break;
            }
            if !led_by(k) {
                continue;
            }
            let after = if word_at(k + 1) == "by" { k + 2 } else { k + 3 };
            let after = if matches!(word_at(after), "its" | "their" | "the") {
                after + 1
            } else {
                after
            };
            own_head = Some(
                mentions
                    .iter()
                    .enumerate()
                    .find(|(_, p)| {
                        p.label == MentionLabel::Person
                            && !p.flags.pronoun
                            && (p.first as usize) >= after
                            && (p.first as usize) < after + 4
                    })
                    .and_then(|(i, p)| assign[i].map(|id| (p.first as usize, id))),
            );
            break;
        }
        if let Some(found) = own_head {
            head = found.or(head);
            continue;
        }
        // "The president later received the delegation of the Reform party, made up of Y and
        // Z": a delegation named by whom it is "of" or "from" with no head of its own is
        // another body's, not the one whose head was named before; later "the delegation"
        // stands for it, not for that head.
        if w.eq_ignore_ascii_case("delegation") && matches!(word_at(j + 1), "of" | "from") {
            head = None;
            continue;
        }
        let Some((_, id)) = head else { continue };
        if w.eq_ignore_ascii_case("delegation") && word_at(j + 1) == "'s" {
            continue;
        }
        // "the delegation", "the Vietnamese delegation", "the visiting delegation", "the
        // visitor": definite, at most one word between.
        let the_at = if word_at(j.wrapping_sub(1)).eq_ignore_ascii_case("the") {
            j - 1
        } else if j >= 2 && word_at(j - 2).eq_ignore_ascii_case("the") {
            j - 2
        } else {
            continue;
        };
        if the_at + 2 == j && !tokens[j - 1].capitalised && word_at(j - 1) != "visiting" {
            continue;
        }
        // "hosted a reception for the delegation": its members, not necessarily its head.
        if the_at > 0 && word_at(the_at - 1) == "for" {
            continue;
        }
        if mentions
            .iter()
            .any(|p| (p.first as usize) <= j && (p.end as usize) > j)
        {
            continue;
        }
        let token = &tokens[j];
        let sentence = seg
            .sentences
            .partition_point(|s| s.tokens.end <= j)
            .min(seg.sentences.len().saturating_sub(1)) as u32;
        added.push((
            Mention {
                first: j as u32,
                end: j as u32 + 1,
                start_byte: token.start,
                end_byte: token.end,
                sentence,
                label: MentionLabel::Person,
                entry: None,
                kind: None,
                origin: "resolve:delegation-head",
                flags: Default::default(),
                date: None,
                day: None,
            },
            id,
        ));
    }
    added
}

/// The titles of an apposition without an article right after a person's name, as wire and
/// state-media copy writes them: "X, Crown Prince and Prime Minister of the Kingdom, at ...",
/// "Y, Secretary of the Central Committee and Chairman of its Commission." A name inside (a
/// list: "A, President B and C") or a name apposed after it ("A, Minister of Finance, B") makes
/// it no apposition.
fn titles_apposed_bare<'m>(
    mentions: &'m [Mention],
    spans: &MentionSpans,
    tokens: &[crate::text::Token],
    text: &str,
    person: &Mention,
) -> Vec<&'m Mention> {
    let comma = person.end as usize;
    let mut found = Vec::new();
    if !matches!(tokens.get(comma), Some(t) if t.text(text) == ",") {
        return found;
    }
    let limit = (comma + 24).min(tokens.len());
    let mut at = comma + 1;
    while at < limit {
        let word = tokens[at].text(text);
        if matches!(word, "," | "." | ";") || word.eq_ignore_ascii_case("who") {
            let named_after = word == ","
                && spans
                    .starting_at(mentions, at as u32 + 1)
                    .any(|p| mentions[p].label == MentionLabel::Person);
            if named_after {
                found.clear();
            }
            return found;
        }
        if let Some(title) = spans
            .starting_at(mentions, at as u32)
            .find(|&t| mentions[t].label == MentionLabel::Title)
        {
            let title = &mentions[title];
            found.push(title);
            at = title.end as usize;
            continue;
        }
        if found.is_empty()
            || spans
                .starting_at(mentions, at as u32)
                .any(|p| mentions[p].label == MentionLabel::Person)
        {
            return Vec::new();
        }
        let body_word = tokens[at].capitalised
            || matches!(
                word,
                "of" | "for" | "the" | "and" | "its" | "&" | "(" | ")" | "-" | "'s" | "’s"
            );
        if !body_word {
            return Vec::new();
        }
        at += 1;
    }
    Vec::new()
}

/// Whether a title is followed by the body it is "of" or "for" and then ", Name": "the
/// Governor of Rivers State, X", "the Minister of the Federal Capital Territory (FCT), Y" name
/// the holder, so the title stands for no one named before.
/// The organisation or place a title used alone is "of" or "for" ("the chief executive of
/// Kafue Copper", "the president of the federation" has none named), as resolved.
fn body_named_after(
    mentions: &[Mention],
    spans: &MentionSpans,
    assign: &[Option<u32>],
    tokens: &[crate::text::Token],
    text: &str,
    title: &Mention,
) -> Option<u32> {
    let mut at = title.end as usize;
    if !tokens
        .get(at)
        .is_some_and(|t| matches!(t.text(text), "of" | "for"))
    {
        return None;
    }
    at += 1;
    if tokens
        .get(at)
        .is_some_and(|t| t.text(text).eq_ignore_ascii_case("the"))
    {
        at += 1;
    }
    let body = spans.starting_at(mentions, at as u32).find(|&b| {
        let b = &mentions[b];
        matches!(b.label, MentionLabel::Organization | MentionLabel::Place) && !b.flags.pronoun
    })?;
    assign[body]
}

fn introduces_name_after_body(
    mentions: &[Mention],
    spans: &MentionSpans,
    tokens: &[crate::text::Token],
    text: &str,
    title: &Mention,
) -> bool {
    let mut at = title.end as usize;
    if !tokens
        .get(at)
        .is_some_and(|t| matches!(t.text(text), "of" | "for"))
    {
        return false;
    }
    let limit = (at + 16).min(tokens.len());
    at += 1;
    while at < limit {
        let token = &tokens[at];
        let word = token.text(text);
        if word == "," {
            return at > title.end as usize + 1
                && spans
                    .starting_at(mentions, at as u32 + 1)
                    .any(|p| mentions[p].label == MentionLabel::Person);
        }
        let body_word = token.capitalised
            || matches!(
                word,
                "of" | "for" | "the" | "and" | "&" | "(" | ")" | "-" | "'s" | "’s"
            );
        if !body_word {
            return false;
        }
        at += 1;
    }
    false
}

/// Whether a title is followed by ", Name": in "The German chancellor, Anna Weber, the Polish
/// prime minister, Paul Dimitrov" the second title belongs to Dimitrov, not to Weber.
fn introduces_name(
    mentions: &[Mention],
    spans: &MentionSpans,
    tokens: &[crate::text::Token],
    text: &str,
    title: &Mention,
) -> bool {
    let comma = title.end as usize;
    tokens.get(comma).is_some_and(|t| t.text(text) == ",")
        && spans
            .starting_at(mentions, comma as u32 + 1)
            .any(|p| mentions[p].label == MentionLabel::Person)
}

/// The country or organisation named right before a title ("Kenya's President", "Iranian
/// Foreign Minister", "TSMC chief executive"), as a resolved entity.
fn affiliation_of(
    affiliation_ending_at: &[u32],
    assign: &[Option<u32>],
    tokens: &[crate::text::Token],
    text: &str,
    title: &Mention,
) -> Option<u32> {
    // The first place or organisation mention ending at `end` (`resolve`'s table of them:
    // looked up, not searched for, as this runs several times per title).
    let before = |end: u32| {
        affiliation_ending_at
            .get(end as usize)
            .filter(|&&i| i != u32::MAX)
            .map(|&i| i as usize)
    };
    let found = |at: u32| {
        let direct = before(at);
        let possessive = (at > 0
            && matches!(tokens[at as usize - 1].text(text), "'s" | "’s" | "'" | "’"))
        .then(|| before(at - 1))
        .flatten();
        direct.or(possessive)
    };
    // The title may be the last words of a longer one the lexicon does not list: "India's
    // Commerce and Industry Minister", "Israel's then-Strategic Affairs Minister".
    let mut at = title.first;
    let mut result = found(at);
    while result.is_none() && at > 0 && title.first - at < 4 {
        let t = &tokens[at as usize - 1];
        let word = t.text(text);
        // A joining word between capitalised words of the title ("Commerce and Industry"),
        // not after an affiliation of its own ("Kenya and President Ruto").
        let joins = matches!(word, "and" | "of" | "&")
            && at >= 2
            && tokens[at as usize - 2].capitalised
            && before(at - 1).is_none();
        if !(t.capitalised || joins) || matches!(word, "'s" | "’s" | "'" | "’") {
            break;
        }
        at -= 1;
        result = found(at);
    }
    result.and_then(|a| assign[a])
}

/// Words that place a person a generation up or down when they stand near the person's full
/// name ("Lau's father, Lau Chi-keung"; "his son and managing director, Lim Wei Jie").
const ELDER_CUES: &[&str] = &[
    "father",
    "mother",
    "founder",
    "patriarch",
    "matriarch",
    "grandfather",
    "grandmother",
    "uncle",
    "aunt",
];
const YOUNGER_CUES: &[&str] = &[
    "son",
    "daughter",
    "heir",
    "nephew",
    "niece",
    "grandson",
    "granddaughter",
    "scion",
];

/// How far from a full name an age or a kinship word is read.
const GENERATION_REACH: usize = 8;

/// "The elder Lau", "the younger Lim", "Lim senior": of two or more persons named in full
/// before with this name as one of their words, the one older (or younger) by the ages the text
/// gives ("X, 78,", "At 81, X", "the 41-year-old heir") or, without ages for all, by a kinship
/// word near their names (a father, a founder; a son, an heir). `None` when the mention asks for
/// no generation or the text does not tell.
fn generation_namesake(
    text: &str,
    tokens: &[crate::text::Token],
    mentions: &[Mention],
    assign: &[Option<u32>],
    entities: &[Entity],
    i: usize,
    lower: &str,
) -> Option<u32> {
    let m = &mentions[i];
    let word = |k: usize| tokens.get(k).map_or("", |t| t.text(text));
    let before = (m.first as usize).checked_sub(1).map_or("", word);
    let after = word(m.end as usize);
    let elder = if before.eq_ignore_ascii_case("elder") || before.eq_ignore_ascii_case("older") {
        true
    } else if before.eq_ignore_ascii_case("younger") {
        false
    } else if after == "senior" {
        true
    } else if after == "junior" {
        false
    } else {
        return None;
    };
    let age = |k: usize| {
        word(k)
            .parse::<u32>()
            .ok()
            .filter(|a| (15..=110).contains(a))
    };
    // Ages and kinship words in a window around each of a person's full names, within its
    // sentence.
    let mut candidates: Vec<(u32, Option<u32>, i8)> = Vec::new();
    for (j, n) in mentions.iter().enumerate() {
        let Some(id) = assign[j] else { continue };
        let e = &entities[id as usize];
        if n.first >= m.first
            || n.end <= n.first + 1
            || e.label != EntityLabel::Person
            || !e.name.split(' ').any(|w| w.eq_ignore_ascii_case(lower))
        {
            continue;
        }
        let (first, end) = (n.first as usize, n.end as usize);
        let from = (first.saturating_sub(GENERATION_REACH)..first)
            .rev()
            .take_while(|&k| word(k) != ".")
            .last()
            .unwrap_or(first);
        let to = (end..(end + GENERATION_REACH).min(tokens.len()))
            .take_while(|&k| word(k) != ".")
            .last()
            .map_or(end, |k| k + 1);
        let mut found_age = None;
        let mut cue = 0i8;
        // After the name, only an apposition tells of the person ("X, the group's founder"),
        // not "X's father".
        let apposition_after = word(end) == ",";
        for k in from..to {
            let w = word(k).to_lowercase();
            if k < first || apposition_after {
                if ELDER_CUES.contains(&w.as_str()) {
                    cue = 1;
                } else if YOUNGER_CUES.contains(&w.as_str()) && cue == 0 {
                    cue = -1;
                }
            }
            let Some(a) = age(k) else { continue };
            // "X, 78," right after the name; "At 81, X" before it; "the 41-year-old heir".
            let apposed = k == end + 1 && word(end) == "," && matches!(word(k + 1), "," | ")");
            let at_age = k < first && word(k - 1).eq_ignore_ascii_case("at") && word(k + 1) == ",";
            let year_old = (k + 1..k + 5).map(word).collect::<String>() == "-year-old";
            if apposed || at_age || year_old {
                found_age = Some(a);
            }
        }
        match candidates.iter_mut().find(|c| c.0 == id) {
            Some(c) => {
                c.1 = c.1.or(found_age);
                if c.2 == 0 {
                    c.2 = cue;
                }
            }
            None => candidates.push((id, found_age, cue)),
        }
    }
    if candidates.len() < 2 {
        return None;
    }
    if candidates.iter().all(|c| c.1.is_some()) {
        let pick = if elder {
            candidates.iter().max_by_key(|c| c.1)
        } else {
            candidates.iter().min_by_key(|c| c.1)
        };
        let chosen = pick?;
        // Two of the same age tell nothing.
        return (candidates.iter().filter(|c| c.1 == chosen.1).count() == 1).then_some(chosen.0);
    }
    let want: i8 = if elder { 1 } else { -1 };
    let matching: Vec<u32> = candidates
        .iter()
        .filter(|c| c.2 == want)
        .map(|c| c.0)
        .collect();
    if matching.len() == 1 {
        return Some(matching[0]);
    }
    // Two namesakes, one told as the other generation: the other one.
    if candidates.len() == 2 && matching.is_empty() {
        let other: Vec<u32> = candidates
            .iter()
            .filter(|c| c.2 == 0)
            .map(|c| c.0)
            .collect();
        if other.len() == 1 && candidates.iter().any(|c| c.2 == -want) {
            return Some(other[0]);
        }
    }
    None
}

/// Whether the words after a name only name a generation ("Jr.", "III"): "Donald Trump Jr."
/// is not Donald Trump.
fn is_generation(rest: &str) -> bool {
    matches!(
        rest.trim_end_matches('.'),
        "jr" | "sr" | "ii" | "iii" | "iv" | "junior" | "senior"
    )
}

/// Arabic articles written joined to a surname by a hyphen ("al-Burhan", "el-Sisi").
const ARABIC_ARTICLES: [&str; 9] = [
    "al-", "el-", "ad-", "ar-", "as-", "ash-", "at-", "az-", "an-",
];

/// The gender a person's titles and given name tell, when they agree ("Mr", "Queen",
/// "Ursula"); a one-word name may be a surname ("Kim"), so only a longer name's first word
/// counts.
fn entity_gender(e: &Entity, lexicon: &Lexicon) -> Option<Gender> {
    if e.label != EntityLabel::Person {
        return None;
    }
    let mut name = e.name.split_whitespace();
    let given = match (name.next(), name.next()) {
        (Some(first), Some(_)) => Some(first),
        _ => None,
    };
    let mut told = e
        .titles
        .iter()
        .flat_map(|t| t.split_whitespace())
        .chain(given)
        .filter_map(|w| lexicon.gender(w));
    let first = told.next()?;
    told.all(|g| g == first).then_some(first)
}

/// "... the future of captain Virgil van Dijk. The Dutchman met ...": a nationality noun for a
/// person ("Dutchman", "Frenchwoman": a demonym ending in -man or -woman, not "German") after
/// "the" that opens a sentence stands for the one person the sentence before names, when
/// exactly one person of compatible gender is named there (sports and feature writing vary
/// names this way). Returns the person mentions to add, each with its entity.
fn nationality_nouns(
    text: &str,
    seg: &Segmented,
    mentions: &[Mention],
    assign: &[Option<u32>],
    entities: &[Entity],
    lexicon: &Lexicon,
) -> Vec<(Mention, u32)> {
    let tokens = &seg.tokens;
    let mut out = Vec::new();
    for d in mentions.iter().filter(|d| {
        d.flags.demonym && d.label == MentionLabel::Place && d.end == d.first + 1 && d.first > 0
    }) {
        let k = d.first as usize;
        let Some(sentence) = seg.sentences.get(d.sentence as usize) else {
            continue;
        };
        let word = tokens[k].text(text);
        // "German" is an adjective as often as a noun ("The German economy").
        let gender = if word.ends_with("woman") {
            Gender::Female
        } else if word.ends_with("man") && !word.eq_ignore_ascii_case("german") {
            Gender::Male
        } else {
            continue;
        };
        // "The Dutchman" opening the sentence, not "the Dutchman's" (a possessor).
        if sentence.tokens.start + 1 != k
            || !tokens[k - 1].text(text).eq_ignore_ascii_case("the")
            || tokens
                .get(k + 1)
                .is_some_and(|t| matches!(t.text(text), "'s" | "’s" | "'" | "’"))
        {
            continue;
        }
        let Some(previous) = d.sentence.checked_sub(1) else {
            continue;
        };
        let mut named: Vec<u32> = Vec::new();
        for (mi, m) in mentions.iter().enumerate() {
            if m.sentence != previous || m.label != MentionLabel::Person || m.flags.pronoun {
                continue;
            }
            if let Some(e) = assign[mi] {
                if entities[e as usize].label == EntityLabel::Person && !named.contains(&e) {
                    named.push(e);
                }
            }
        }
        let [only] = named[..] else {
            continue;
        };
        if entity_gender(&entities[only as usize], lexicon).is_some_and(|g| g != gender) {
            continue;
        }
        out.push((
            Mention {
                first: k as u32 - 1,
                end: k as u32 + 1,
                start_byte: tokens[k - 1].start,
                end_byte: tokens[k].end,
                sentence: d.sentence,
                label: MentionLabel::Person,
                entry: None,
                kind: None,
                origin: "resolve:nationality-noun",
                flags: Default::default(),
                date: None,
                day: None,
            },
            only,
        ));
    }
    out
}

/// The gender a personal pronoun carries (none for "they", "it").
fn pronoun_gender(word: &str) -> Option<Gender> {
    const MALE: [&str; 4] = ["he", "him", "his", "himself"];
    const FEMALE: [&str; 4] = ["she", "her", "hers", "herself"];
    if MALE.iter().any(|w| w.eq_ignore_ascii_case(word)) {
        Some(Gender::Male)
    } else if FEMALE.iter().any(|w| w.eq_ignore_ascii_case(word)) {
        Some(Gender::Female)
    } else {
        None
    }
}

/// The one person a list of holders names, if they are all the same person ("the minister"
/// stands for a holder only when nobody else fits).
fn sole_holder(mut holders: impl Iterator<Item = u32>) -> Option<u32> {
    let first = holders.next()?;
    holders.all(|id| id == first).then_some(first)
}

/// Whether a full title is the title used alone with its portfolio before it ("local
/// government minister") or after it ("minister of foreign affairs", "minister for energy"):
/// all are ministers ("the Ugandan minister"). A rank before it names another office: a
/// "prime minister" or a "vice president" is no minister or president used alone.
fn title_with_portfolio(full: &str, alone: &str) -> bool {
    let before = full.strip_suffix(alone).is_some_and(|rest| {
        rest.strip_suffix(' ').is_some_and(|qualifier| {
            let last_word = qualifier.rsplit(' ').next().unwrap_or(qualifier);
            !crate::mention::lexicon::names_another_office(last_word)
        })
    });
    let after = full
        .strip_prefix(alone)
        .is_some_and(|rest| rest.starts_with(" of ") || rest.starts_with(" for "));
    before || after
}

/// The lower-case title a mention names, with a lower-case qualifier before it that makes it
/// another office ("the shadow chancellor, X" holds no chancellorship; nor does "the former
/// president, Y" hold the presidency the story's "the president" means).
fn held_title(lexicon: &Lexicon, tokens: &[crate::text::Token], text: &str, t: &Mention) -> String {
    let title = t
        .entry
        .map_or_else(|| t.text(text), |e| lexicon.entry(e).name.as_str());
    // "Former Chief Minister X" opening a sentence is as much a former holder.
    let qualifier = (t.first as usize)
        .checked_sub(1)
        .map(|q| tokens[q].text(text))
        .filter(|q| q.eq_ignore_ascii_case("shadow") || q.eq_ignore_ascii_case("former"));
    // "the then-governor, X" / "the then governor, X": a holder at the time told of, as much
    // a former holder as "former governor X" ("the governor" today is someone else).
    let then = |at: usize| {
        tokens
            .get(at)
            .is_some_and(|w| w.text(text).eq_ignore_ascii_case("then"))
    };
    let first = t.first as usize;
    let then_qualified = first >= 1 && then(first - 1)
        || first >= 2 && tokens[first - 1].text(text) == "-" && then(first - 2);
    let qualifier = qualifier.or_else(|| then_qualified.then_some("former"));
    // Lower-cased into one string, sized once ("shadow" and "former" are ASCII; `push_lower`
    // wants eight bytes of room past the end).
    let mut held = String::with_capacity(title.len() + 8 + qualifier.map_or(0, |q| q.len() + 1));
    if let Some(q) = qualifier {
        push_lower(&mut held, q);
        held.push(' ');
    }
    push_lower(&mut held, title);
    held
}

/// A form of address that stands for its holder ("his highness", "her majesty").
fn is_honorific(title: &str) -> bool {
    title.starts_with("his ") || title.starts_with("her ")
}

/// Every split of a name at one of its spaces, as (words before, words after).
fn space_splits(full: &str) -> impl Iterator<Item = (&str, &str)> {
    full.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b' ')
        .map(move |(at, _)| (&full[..at], &full[at + 1..]))
}

/// The one value an iterator yields, however often; `None` when it yields none or two
/// different ones (a short form that fits two people names neither).
/// The one organisation of two or more words whose capitalised words (and the capitalised
/// parts of hyphenated ones) begin with the letters of `acronym`, two to six capitals: "IOM" of
/// the International Organization for Migration, "PAOA" of the Pan-African Orbital Authority.
fn organisation_of_acronym(acronym: &str, entities: &[Entity]) -> Option<u32> {
    if !(2..=6).contains(&acronym.len()) || !acronym.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let spells = |name: &str| {
        let mut initials = name
            .split([' ', '-'])
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_uppercase());
        acronym.chars().all(|a| initials.next() == Some(a)) && initials.next().is_none()
    };
    the_only(
        entities
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.label == EntityLabel::Organization && has_space(&e.name) && spells(&e.name)
            })
            .map(|(id, _)| id as u32),
    )
}

fn the_only<T: PartialEq + Copy>(mut values: impl Iterator<Item = T>) -> Option<T> {
    let first = values.next()?;
    values.all(|v| v == first).then_some(first)
}

/// Verbs that attribute a quotation to the person beside them ("…," X said; X recalls: "…").
const ATTRIBUTION_VERBS: [&str; 24] = [
    "said",
    "says",
    "recalls",
    "recalled",
    "added",
    "adds",
    "told",
    "tells",
    "explained",
    "explains",
    "admitted",
    "admits",
    "insisted",
    "insists",
    "remembers",
    "remembered",
    "replied",
    "replies",
    "wrote",
    "writes",
    "laughed",
    "laughs",
    "continued",
    "continues",
];

/// Whether a paragraph opens with an interview's marker for a question ("Q:") or an answer
/// ("A:"), written with a colon or a full stop.
fn opens_with_marker(paragraph: &str, marker: u8) -> bool {
    let b = paragraph.trim_start().as_bytes();
    b.len() > 2 && b[0] == marker && matches!(b[1], b':' | b'.') && b[2] == b' '
}

/// The person answering in a question-and-answer interview: in a paragraph opening with "A:"
/// of a document that also has a "Q:" paragraph, "I" is the person the interview is with,
/// the first person the document names (a byline's "Interview by X" is the interviewer).
fn interview_answerer(
    text: &str,
    paragraph: &str,
    seg: &Segmented,
    mentions: &[Mention],
    assign: &[Option<u32>],
) -> Option<u32> {
    if !opens_with_marker(paragraph, b'A')
        || !text.split('\n').any(|line| opens_with_marker(line, b'Q'))
    {
        return None;
    }
    mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.label == MentionLabel::Person
                && !m.flags.pronoun
                && !(m.first > 0
                    && seg
                        .tokens
                        .get(m.first as usize - 1)
                        .is_some_and(|t| t.text(text).eq_ignore_ascii_case("by")))
        })
        .find_map(|(j, _)| assign[j])
}

/// The person a first-person pronoun inside a quotation stands for: the person a speech verb
/// attributes a quotation of the same paragraph to (this sentence first, then the nearest
/// sentence of the paragraph); in a paragraph that is one unattributed quotation (an
/// interview's answer), the person the document names most, when one clearly leads. Outside
/// a quotation, nobody.
fn quote_speaker(
    text: &str,
    seg: &Segmented,
    mentions: &[Mention],
    assign: &[Option<u32>],
    entities: &[Entity],
    i: usize,
) -> Option<u32> {
    let bytes = text.as_bytes();
    let at = mentions[i].start_byte as usize;
    let para_start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let para_end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| at + p);
    // Inside a quotation: an odd number of straight quotes before it in the paragraph, or
    // more opening than closing curly ones.
    let before = &text[para_start..at];
    let straight = before.matches('"').count();
    let inside = straight % 2 == 1 || before.matches('“').count() > before.matches('”').count();
    if !inside {
        return interview_answerer(text, &text[para_start..para_end], seg, mentions, assign)
            .filter(|&e| entities[e as usize].label == EntityLabel::Person);
    }
    let person = |j: usize| {
        let m = &mentions[j];
        if m.label != MentionLabel::Person || m.flags.first_person {
            return None;
        }
        assign[j].filter(|&e| entities[e as usize].label == EntityLabel::Person)
    };
    let word = |k: usize| seg.tokens.get(k).map(|t| t.text(text));
    let is_speech = |k: usize| {
        word(k).is_some_and(|w| ATTRIBUTION_VERBS.iter().any(|v| v.eq_ignore_ascii_case(w)))
    };
    // The attributed speaker of sentence `s`, if any: a person right before or after a
    // speech verb.
    let attributed = |s: u32| {
        mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.sentence == s)
            .filter(|(_, m)| {
                is_speech(m.end as usize) || (m.first > 0 && is_speech(m.first as usize - 1))
            })
            .find_map(|(j, _)| person(j))
    };
    let si = mentions[i].sentence;
    let in_paragraph = |s: u32| {
        seg.sentences.get(s as usize).is_some_and(|sent| {
            (sent.start as usize) >= para_start && (sent.end as usize) <= para_end
        })
    };
    if let Some(e) = attributed(si) {
        return Some(e);
    }
    for d in 1..=4u32 {
        for s in [si + d, si.wrapping_sub(d)] {
            if s != u32::MAX && in_paragraph(s) {
                if let Some(e) = attributed(s) {
                    return Some(e);
                }
            }
        }
    }
    // An answer set out as a paragraph of its own: the document's leading person.
    let opens_with_quote = text[para_start..para_end]
        .trim_start()
        .starts_with(['"', '“']);
    if !opens_with_quote {
        return None;
    }
    let mut counts: Vec<(u32, usize)> = Vec::new();
    for j in 0..mentions.len() {
        if let Some(e) = person(j) {
            match counts.iter_mut().find(|c| c.0 == e) {
                Some(c) => c.1 += 1,
                None => counts.push((e, 1)),
            }
        }
    }
    counts.sort_by_key(|c| (std::cmp::Reverse(c.1), c.0));
    match counts.as_slice() {
        [(e, n)] if *n >= 3 => Some(*e),
        [(e, n), (_, m), ..] if *n >= 3 && *n > *m + 1 => Some(*e),
        _ => None,
    }
}

/// The mention a definite description adds for the entity it stands for (tokens `first..=last`
/// of sentence `sentence`).
fn description_mention(
    tokens: &[crate::text::Token],
    first: usize,
    last: usize,
    sentence: usize,
    label: MentionLabel,
) -> Mention {
    Mention {
        first: first as u32,
        end: last as u32 + 1,
        start_byte: tokens[first].start,
        end_byte: tokens[last].end,
        sentence: sentence as u32,
        label,
        entry: None,
        kind: None,
        origin: "resolve:description",
        flags: Default::default(),
        date: None,
        day: None,
    }
}

/// Relatives a person is introduced as ("her brother, X"), so "the brother" later is X.
const KINSHIP_NOUNS: &[&str] = &[
    "brother",
    "sister",
    "son",
    "daughter",
    "father",
    "mother",
    "husband",
    "wife",
    "widow",
    "widower",
    "uncle",
    "aunt",
    "nephew",
    "niece",
    "cousin",
    "grandson",
    "granddaughter",
];

/// "Icelandic composer Bjarki Sveinsson ... joined the director and composer": a lower-case noun
/// of occupation written right before a person's name describes that person, so "the
/// composer" later (or a second noun sharing its "the": "the director and composer") stands
/// for the one person the article described with it so far (none when two were).
fn occupation_descriptions(
    text: &str,
    seg: &Segmented,
    mentions: &[Mention],
    assign: &[Option<u32>],
    entities: &[Entity],
    scanned: &ScannedWords,
) -> Vec<(Mention, u32)> {
    let tokens = &seg.tokens;
    // (token of the noun, its lower-case form, the person it describes), in text order.
    let mut described: Vec<(usize, String, u32)> = Vec::new();
    for (mi, m) in mentions.iter().enumerate() {
        let Some(id) = assign[mi] else { continue };
        let first = m.first as usize;
        if m.label != MentionLabel::Person
            || m.flags.pronoun
            || entities[id as usize].label != EntityLabel::Person
            || first == 0
        {
            continue;
        }
        // "Her brother, Kwok Man-hon, was not invited ... The brother has been building his
        // own alliances": a kinship noun after a possessive, apposed to the name.
        // (Compared in any case, lower-cased only when kept: most names after a comma are
        // no kinship noun's.)
        if first >= 3 && tokens[first - 1].text(text) == "," {
            let noun = tokens[first - 2].text(text);
            let owner = tokens[first - 3].text(text);
            if KINSHIP_NOUNS.iter().any(|k| is_word(noun, k))
                && ["his", "her", "their", "'s", "’s"]
                    .iter()
                    .any(|o| is_word(owner, o))
            {
                described.push((first - 2, noun.to_ascii_lowercase(), id));
            }
            continue;
        }
        let before = &tokens[first - 1];
        // Lower-cased only for a lower-case word (most persons follow something else).
        if before.kind != TokenKind::Word || before.capitalised {
            continue;
        }
        // (Copied only when kept: a word without capitals is its own lower case.)
        let raw = before.text(text);
        let word: Cow<'_, str> = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(raw.to_ascii_lowercase())
        } else {
            Cow::Borrowed(raw)
        };
        // ("the head" is most often the head of something else: not kept.)
        if !word.ends_with('s')
            && word != "head"
            && crate::extract::rules::matcher::is_occupation_noun(&word)
        {
            described.push((first - 1, word.into_owned(), id));
        }
    }
    if described.is_empty() {
        return Vec::new();
    }
    // (Each kept noun is lower case: the word matches it in any case, not lower-cased.)
    let holder = |h: usize| {
        let word = tokens[h].text(text);
        the_only(
            described
                .iter()
                .filter(|(at, w, _)| *at < h && is_word(word, w))
                .map(|&(_, _, id)| id),
        )
    };
    // Tokens inside a mention, marked once (not a scan of every mention per "the").
    let mut covered = vec![false; tokens.len()];
    for d in mentions {
        for slot in covered
            .iter_mut()
            .take(d.end as usize)
            .skip(d.first as usize)
        {
            *slot = true;
        }
    }
    let in_mention = |k: usize| covered.get(k).copied().unwrap_or(false);
    let is_word = |k: usize| tokens[k].kind == TokenKind::Word && !tokens[k].capitalised;
    let mut found = Vec::new();
    for (si, sentence) in seg.sentences.iter().enumerate() {
        let end = sentence.tokens.end;
        for k in scanned.the_in(si, &sentence.tokens) {
            let h = k + 1;
            if h >= end || !is_word(h) {
                continue;
            }
            // "the composer Bjarki Sveinsson": an apposition, not a reference.
            let apposition = |at: usize| {
                tokens
                    .get(at + 1)
                    .is_some_and(|t| t.capitalised && t.kind == TokenKind::Word)
            };
            if !in_mention(h) && !apposition(h) {
                if let Some(id) = holder(h) {
                    found.push((
                        description_mention(tokens, k, h, si, MentionLabel::Person),
                        id,
                    ));
                }
            }
            // "the director and composer": a second noun shares the article.
            let second = h + 2;
            if second < end
                && tokens[h + 1].text(text) == "and"
                && is_word(second)
                && !in_mention(second)
                && !apposition(second)
            {
                if let Some(id) = holder(second) {
                    found.push((
                        description_mention(tokens, second, second, si, MentionLabel::Person),
                        id,
                    ));
                }
            }
        }
    }
    found
}

/// "the teenager", "the singer": a person description (descriptions.tsv, label Person) right
/// after "the" stands for the person the article is about so far: the one with the most
/// mentions before it, among those named in this or the two sentences before (a feature's
/// subject, not whoever was named last: "X was received by Y. ... On Monday the teenager
/// called on Z" is X).
fn person_descriptions(
    text: &str,
    seg: &Segmented,
    mentions: &[Mention],
    assign: &[Option<u32>],
    entities: &[Entity],
    lexicon: &Lexicon,
    scanned: &ScannedWords,
) -> Vec<(Mention, u32)> {
    let tokens = &seg.tokens;
    let mut found = Vec::new();
    for (si, sentence) in seg.sentences.iter().enumerate() {
        for k in scanned.the_in(si, &sentence.tokens) {
            let h = k + 1;
            if h >= sentence.tokens.end
                || tokens[h].kind != TokenKind::Word
                || !scanned.may_be_description(h)
                || !matches!(
                    lexicon.description(tokens[h].text(text)),
                    Some((LexLabel::Person, _))
                )
            {
                continue;
            }
            // "the singer Y": an apposition, not a reference.
            if tokens
                .get(h + 1)
                .is_some_and(|t| t.capitalised && t.kind == TokenKind::Word)
            {
                continue;
            }
            let mut counts: std::collections::BTreeMap<u32, (usize, bool)> = Default::default();
            for (mi, d) in mentions.iter().enumerate() {
                let Some(id) = assign[mi] else { continue };
                if (d.end as usize) > k || entities[id as usize].label != EntityLabel::Person {
                    continue;
                }
                let entry = counts.entry(id).or_insert((0, false));
                entry.0 += 1;
                entry.1 |= d.sentence + 2 >= si as u32 && d.label == MentionLabel::Person;
            }
            let best = counts
                .iter()
                .filter(|(_, (_, recent))| *recent)
                .max_by_key(|(id, (n, _))| (*n, std::cmp::Reverse(**id)))
                .map(|(id, (n, _))| (*id, *n));
            let Some((id, n)) = best else { continue };
            // A tie says nothing about whom the article is about.
            if counts
                .iter()
                .any(|(other, (m, recent))| *other != id && *recent && *m == n)
            {
                continue;
            }
            found.push((
                description_mention(tokens, k, h, si, MentionLabel::Person),
                id,
            ));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word_mention(
        text: &str,
        word: &str,
        nth: usize,
        label: MentionLabel,
        origin: &'static str,
    ) -> Mention {
        let start = text.match_indices(word).nth(nth).map_or(0, |(i, _)| i);
        Mention {
            first: nth as u32 * 10,
            end: nth as u32 * 10 + 1,
            start_byte: start as u32,
            end_byte: (start + word.len()) as u32,
            sentence: nth as u32,
            label,
            entry: None,
            kind: None,
            origin,
            flags: crate::mention::MentionFlags::default(),
            date: None,
            day: None,
        }
    }

    /// A one-word "organisation" of the tagger is the person that word named after a title;
    /// a word the tagger alone called a person elsewhere does not retype it.
    #[test]
    fn one_word_tagged_organisation_named_after_a_title_is_a_person() {
        let text = "Patriarch Ilia spoke. Benedict and Ilia met.";
        let mut mentions = vec![
            word_mention(text, "Ilia", 0, MentionLabel::Person, "pattern:title-name"),
            word_mention(text, "Ilia", 1, MentionLabel::Organization, "tagger"),
        ];
        retype_tagged_persons(text, &mut mentions);
        assert_eq!(mentions[1].label, MentionLabel::Person);

        let mut mentions = vec![
            word_mention(text, "Ilia", 0, MentionLabel::Person, "tagger"),
            word_mention(text, "Ilia", 1, MentionLabel::Organization, "tagger"),
        ];
        retype_tagged_persons(text, &mut mentions);
        assert_eq!(mentions[1].label, MentionLabel::Organization);
    }

    /// Keys lower-cased eight bytes at a time are `to_lowercase`, appended to what is there.
    #[test]
    fn slug_keys_are_graph_slugs() {
        for name in [
            "",
            "--",
            "United States",
            "U.S.",
            "  São Paulo ",
            "AT&T Inc.",
            "Côte d'Ivoire",
            "X-1 (2024) Mission",
            "abcdefghijklmnopqrstuvwxyz0123456789",
        ] {
            let expected = format!("place:{}", crate::graph::build::slug(name));
            assert_eq!(slug_key("place", name), expected, "{name}");
        }
    }

    #[test]
    fn pushed_lower_case_is_to_lowercase() {
        for s in [
            "",
            "a",
            "Kim",
            "NEW YORK",
            "New York City Council",
            "Zürich",
            "ΣΑΣ Ab",
        ] {
            let mut buf = String::from("p");
            push_lower(&mut buf, s);
            assert_eq!(buf, format!("p{}", s.to_lowercase()));
        }
    }

    /// The eight-bytes-at-a-time test of `normalise` agrees with the byte-by-byte one on
    /// every kind of spacing, at every position relative to the eight-byte chunks.
    #[test]
    fn word_at_a_time_spacing_agrees_with_bytewise() {
        let pieces = [
            "", " ", "  ", "a", "Kim", "Jong Un", "\t", "\n", "\r\n", "Zürich", "\u{a0}", "!",
            "\x1f", "\x7f", "~",
        ];
        let mut cases = vec![];
        for a in pieces {
            for b in pieces {
                for pad in 0..9 {
                    let fill = "x".repeat(pad);
                    cases.push(format!("{fill}{a}{b}"));
                    cases.push(format!("{a}{fill}{b}"));
                    cases.push(format!("{a}{b}{fill}"));
                    cases.push(format!("{fill} {a}{fill}{b} "));
                }
            }
        }
        for case in &cases {
            assert_eq!(normalise(case), normalise_bytewise(case), "{case:?}");
            let borrowed = matches!(normalise(case), Cow::Borrowed(_));
            assert_eq!(
                borrowed,
                matches!(normalise_bytewise(case), Cow::Borrowed(_)),
                "{case:?}"
            );
        }
    }
}
