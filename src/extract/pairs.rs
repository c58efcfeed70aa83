//! The learned pair model, the rules' back-off for meetings: a logistic-regression scorer over
//! the words of a sentence that adds a meeting of two named persons mentioned in it when no
//! rule related them and the sentence has no denial, refusal, call or hedge word.
//!
//! Rules are precise but each new outlet brings constructions no rule knows; measured on sets
//! of news written after the rules, most missed pairs had both persons recognised in one
//! sentence. The model scores such a pair from the words between, before and after the two
//! names and the sentence's words; a high threshold and hard filters (both persons named in
//! full and confirmed, no pronoun, no veto word, no event the rules already put them in) keep
//! it conservative. The model file (`data/model/pairs.tsv`) holds the weights, the threshold
//! and the word lists; `newsgraph train-pairs` rebuilds it bit for bit from gold sets.

use super::assemble::NEGATIVE;
use super::facts::{EntityLabel, EntityRecord, Evidence, Fact, PropValue, SentenceText};
use super::ExtractError;
use crate::mention::lexicon::Lexicon;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, OnceLock};

/// Sets and tables only looked up in (never read out in their order), with the matcher's fast
/// word hash instead of the default keyed one.
type FastSet<T> = HashSet<T, std::hash::BuildHasherDefault<super::rules::WordHasher>>;
type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<super::rules::WordHasher>>;

/// The bundled weights, trained on the meeting sets under `tests/fixtures/meetings`.
const BUNDLED_WEIGHTS: &str = include_str!("../../data/model/pairs.tsv");
/// The bundled threshold and word lists (written by hand).
const BUNDLED_WORDS: &str = include_str!("../../data/model/pair_words.tsv");

/// The rule name meetings added by the model carry in their evidence.
pub const MODEL_RULE: &str = "model:pairs";

/// Words that make a sentence's pairs unusable however they score (denials, refusals, calls,
/// hedges), how a status is read, and the feature weights.
#[derive(Debug, Clone, Default)]
pub struct PairModel {
    /// Looked up for every feature of every pair: the matcher's fast word hash.
    weights: super::rules::WordMap<f64>,
    /// Scores at or above this probability add a meeting.
    pub threshold: f64,
    /// The same for pairs named in adjacent sentences.
    pub cross_threshold: f64,
    veto: super::rules::WordSet,
    /// Nouns after which a name is a modifier ("the X administration").
    attributive: super::rules::WordSet,
    /// Nouns after a name's "'s" that make it a possessor ("X's chief of staff").
    possessed: super::rules::WordSet,
    /// Nouns before "of"/"for" that make the name after them one represented, not present
    /// ("the agent of striker X", "a lawyer for X").
    represents: super::rules::WordSet,
    /// Words right before a name that make it the bench, not a party to a meeting: "before
    /// Judge X", "told Justice X" (a source after "according to" is recognised in code).
    introduces: super::rules::WordSet,
    scheduled: super::rules::WordSet,
    past: super::rules::WordSet,
    /// Capitalised words that make a name one of a thing, not a person ("Port Talbot",
    /// "Typhoon Kristine", "Roman Catholic"), beyond the lexicon's organisation and venue cues.
    not_a_person: super::rules::WordSet,
}

impl PairModel {
    /// The model bundled in the binary.
    pub fn bundled() -> Arc<PairModel> {
        static MODEL: OnceLock<Arc<PairModel>> = OnceLock::new();
        MODEL
            .get_or_init(|| {
                Arc::new(
                    PairModel::parse(&[
                        ("data/model/pair_words.tsv", BUNDLED_WORDS),
                        ("data/model/pairs.tsv", BUNDLED_WEIGHTS),
                    ])
                    .expect("bundled pair model parses"),
                )
            })
            .clone()
    }

    /// The bundled files with any of `DIR/model/pair_words.tsv` and `DIR/model/pairs.tsv`
    /// that exist in their place (an empty `pairs.tsv` turns the model off).
    pub fn from_dir(dir: &std::path::Path) -> Result<PairModel, ExtractError> {
        let mut files = Vec::new();
        for (name, bundled) in [
            ("pair_words.tsv", BUNDLED_WORDS),
            ("pairs.tsv", BUNDLED_WEIGHTS),
        ] {
            let path = dir.join("model").join(name);
            let text = if path.is_file() {
                std::fs::read_to_string(&path).map_err(|source| ExtractError::Io {
                    path: path.display().to_string(),
                    source,
                })?
            } else {
                bundled.to_string()
            };
            files.push((path.display().to_string(), text));
        }
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        PairModel::parse(&refs)
    }

    /// Reads model files `(path, text)`: `#` comments, `threshold<TAB>p`,
    /// `veto|scheduled|past<TAB>words…`, and `feature<TAB>weight` lines.
    pub fn parse(files: &[(&str, &str)]) -> Result<PairModel, ExtractError> {
        let mut model = PairModel {
            threshold: 0.9,
            cross_threshold: 0.9,
            ..PairModel::default()
        };
        for (path, text) in files {
            model.read(path, text)?;
        }
        Ok(model)
    }

    fn read(&mut self, path: &str, text: &str) -> Result<(), ExtractError> {
        let model = self;
        let error = |line: usize, message: String| ExtractError::Data {
            path: path.to_string(),
            line,
            message,
        };
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, value)) = line.split_once('\t') else {
                return Err(error(
                    number,
                    format!("expected KEY<TAB>VALUE, found {line:?}"),
                ));
            };
            let words = || value.split_whitespace().map(str::to_string);
            match key {
                "threshold" | "cross_threshold" => {
                    let threshold = value
                        .trim()
                        .parse()
                        .ok()
                        .filter(|p: &f64| (0.0..=1.0).contains(p))
                        .ok_or_else(|| error(number, format!("{key} {value:?} is not in 0..1")))?;
                    if key == "threshold" {
                        model.threshold = threshold;
                    } else {
                        model.cross_threshold = threshold;
                    }
                }
                "veto" => model.veto.extend(words()),
                "attributive" => model.attributive.extend(words()),
                "possessed" => model.possessed.extend(words()),
                "represents" => model.represents.extend(words()),
                "introduces" => model.introduces.extend(words()),
                "scheduled" => model.scheduled.extend(words()),
                "past" => model.past.extend(words()),
                "not_a_person" => model
                    .not_a_person
                    .extend(value.split_whitespace().map(str::to_string)),
                feature => {
                    let weight: f64 = value.trim().parse().map_err(|_| {
                        error(
                            number,
                            format!("weight {value:?} of {feature:?} is not a number"),
                        )
                    })?;
                    model.weights.insert(feature.to_string(), weight);
                }
            }
        }
        Ok(())
    }

    /// The probability the model gives a pair with these features.
    pub fn probability(&self, features: &[String]) -> f64 {
        sigmoid(features.iter().map(|f| self.weight(f)).sum())
    }

    /// A feature's weight (0 for one training never saw).
    fn weight(&self, feature: &str) -> f64 {
        self.weights.get(feature).copied().unwrap_or(0.0)
    }

    /// Whether a sentence may add pairs at all: it has no veto word.
    pub fn admits(&self, sentence_words: &[String]) -> bool {
        !sentence_words.iter().any(|w| self.veto.contains(w))
    }

    /// Whether the words after a name make it a modifier or a possessor, not someone who takes
    /// part: "the Trump administration", "Campbell's chief of staff" (but "Raman's dinner with
    /// Haddad" keeps Raman).
    fn attributive(&self, next: &[String]) -> bool {
        let Some(first) = next.first() else {
            return false;
        };
        if self
            .attributive
            .contains(first.strip_suffix("'s").unwrap_or(first))
        {
            return true;
        }
        let owned = match next {
            [q, s, w, ..] if (q == "'" || q == "’") && s == "s" => Some(w),
            [q, w, ..] if q == "'" || q == "’" => Some(w),
            _ => None,
        };
        owned.is_some_and(|w| self.possessed.contains(w))
    }

    /// Whether the words before a name make it one represented by someone else: "the agent of
    /// Porto goal machine X", "a lawyer for X" (a represents-noun and "of"/"for" among the
    /// last six words).
    fn represented(&self, preceding: &[String]) -> bool {
        let tail = &preceding[preceding.len().saturating_sub(6)..];
        tail.windows(2)
            .any(|w| self.represents.contains(&w[0]) && matches!(w[1].as_str(), "of" | "for"))
    }

    /// Whether the words right before a name introduce it as a source or the bench ("according
    /// to X", "before Judge X"), or "according to" stands within the last eight words and a
    /// comma right before the name ("according to the governor's chief of staff, X").
    fn introduced(&self, preceding: &[String]) -> bool {
        let Some(last) = preceding.last() else {
            return false;
        };
        if self.introduces.contains(last) {
            return true;
        }
        let tail = &preceding[preceding.len().saturating_sub(8)..];
        let according_to = |w: &[String]| w[0] == "according" && w[1] == "to";
        tail.len() >= 2 && according_to(&tail[tail.len() - 2..])
            || last == "," && tail.windows(2).any(according_to)
    }

    /// Scheduled if the sentence has a word of plans, past if a word of earlier times, held
    /// otherwise.
    fn status(&self, sentence_words: &[String]) -> &'static str {
        if sentence_words.iter().any(|w| self.scheduled.contains(w)) {
            "scheduled"
        } else if sentence_words.iter().any(|w| self.past.contains(w)) {
            "past"
        } else {
            "held"
        }
    }

    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }
}

pub(crate) fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp())
}

/// Lower-cased words of a sentence: letter/digit runs (keeping an inner apostrophe, so
/// "haven't" stays one word) and every other visible character alone.
pub fn words(text: &str) -> Vec<String> {
    if text.is_ascii() {
        ascii_words(text)
    } else {
        let chars: Vec<char> = text.chars().collect();
        split_words(chars.len(), |i| chars[i])
    }
}

/// [`words`] of ASCII text, read byte by byte: a word is its bytes copied and lower-cased at
/// once (in ASCII the only apostrophe is `'`, kept as it is), not pushed character by character.
fn ascii_words(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 4);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphanumeric() {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || bytes[i] == b'\'' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic))
            {
                i += 1;
            }
            let mut word = text[start..i].to_string();
            word.make_ascii_lowercase();
            out.push(word);
        } else {
            // `char::is_whitespace`, which unlike `u8::is_ascii_whitespace` counts U+000B.
            if !char::from(bytes[i]).is_whitespace() {
                out.push(char::from(bytes[i]).to_string());
            }
            i += 1;
        }
    }
    out
}

/// [`words`] over `len` characters, the `i`-th given by `at`.
fn split_words(len: usize, at: impl Fn(usize) -> char) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < len {
        let c = at(i);
        if c.is_alphanumeric() {
            let mut word = String::new();
            while i < len {
                let c = at(i);
                if c.is_ascii_alphanumeric() {
                    word.push(c.to_ascii_lowercase());
                } else if c.is_alphanumeric() {
                    word.extend(c.to_lowercase());
                } else if (c == '\'' || c == '’') && i + 1 < len && at(i + 1).is_alphabetic() {
                    word.push('\'');
                } else {
                    break;
                }
                i += 1;
            }
            out.push(word);
        } else {
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
            i += 1;
        }
    }
    out
}

/// Two persons named in one sentence, with what the model reads of it.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Entity ids, `a` named first in the sentence.
    pub a: u32,
    pub b: u32,
    pub sentence: u32,
    /// Byte span from the first name's start to the second's end.
    pub span: (u32, u32),
    /// The features (for training: only when no model is given).
    pub features: Vec<String>,
    /// The model's score before the logistic (with a model).
    pub logit: f64,
    /// The status a meeting of the two would have, read from the sentence's words.
    pub status: &'static str,
}

/// Pairs of persons sharing a sentence, in sentence order: the pairs the filters of the
/// module text allow (training sees them too, so the model learns to tell the pairs it will
/// be asked about). For adding meetings (`model` is given) the sentence must also have no veto
/// word and the two must not already share an event; training also sees the pairs the rules
/// relate, which on the sets the rules were written for are most of the meetings.
pub fn candidates(view: &PairView) -> Vec<Candidate> {
    let PairView {
        sentences,
        facts,
        model,
        by_sentence,
        ..
    } = view;
    let model = *model;
    if view.confirmed.len() < 2 {
        return Vec::new();
    }
    // Who the rules put in a meeting told in which sentence: two persons each in a meeting of
    // the same sentence, but not the same one, are ones the rules kept apart ("X and Y each
    // held separate talks with Z").
    let in_sentence_event: FastSet<(u32, u32)> = facts
        .iter()
        .filter(|f| f.rel_type == "PARTICIPATED_IN")
        .map(|f| (f.from, f.evidence.sentence))
        .collect();
    let kept_apart = |a: u32, b: u32, sentence: u32| {
        in_sentence_event.contains(&(a, sentence)) && in_sentence_event.contains(&(b, sentence))
    };
    // Sentences where the rules read a meeting under which nothing happened ("counsel put it to
    // her that X had met Y", alleged; "X might meet Y"): the sentence tells of that, and the
    // model adds no pair there either (as it adds none where a veto word stands). Training sees
    // every sentence, as it sees vetoed ones.
    let unhappened: FastSet<u32> = if model.is_some() {
        let negative_events: FastSet<u32> = view
            .entities
            .iter()
            .filter(|e| {
                e.label == EntityLabel::Event
                    && matches!(e.props.get("status"), Some(PropValue::Str(s)) if NEGATIVE.contains(&s.as_str()))
            })
            .map(|e| e.id)
            .collect();
        facts
            .iter()
            .filter(|f| f.rel_type == "PARTICIPATED_IN" && negative_events.contains(&f.to))
            .map(|f| f.evidence.sentence)
            .collect()
    } else {
        FastSet::default()
    };
    let mut out = Vec::new();
    for (&si, persons) in by_sentence.iter() {
        if persons.len() < 2 || unhappened.contains(&si) {
            continue;
        }
        // Two persons the filters allow are needed before the sentence is read.
        let pairable = |(m, id): &&(&Evidence, u32)| m.rule != "pronoun" && view.is_confirmed(*id);
        if persons.iter().map(|(_, v)| v).filter(pairable).count() < 2 {
            continue;
        }
        let Some(sentence) = sentences.get(si as usize) else {
            continue;
        };
        // The persons, and the pairs of them the filters allow, each first-named first.
        let list: Vec<(&str, &(&Evidence, u32))> = persons.iter().map(|(n, v)| (*n, v)).collect();
        let pairs: Vec<(usize, usize)> = (0..list.len())
            .flat_map(|i| ((i + 1)..list.len()).map(move |j| (i, j)))
            .map(|(i, j)| {
                if list[i].1 .0.start <= list[j].1 .0.start {
                    (i, j)
                } else {
                    (j, i)
                }
            })
            .filter(|&(i, j)| {
                let ((n1, (m1, id1)), (n2, (m2, id2))) = (list[i], list[j]);
                pairable(&&(*m1, *id1))
                    && pairable(&&(*m2, *id2))
                    && !names_share_a_word(n1, n2)
                    && (model.is_none()
                        || !(view.share_event(*id1, *id2) || kept_apart(*id1, *id2, si)))
            })
            .collect();
        if pairs.is_empty() {
            continue;
        }
        let sentence_words = words(&sentence.text);
        if model.is_some_and(|m| !m.admits(&sentence_words)) {
            continue;
        }
        let status = model.map_or("held", |m| m.status(&sentence_words));
        let mut sentence_logit: Option<f64> = None;
        let slice = |from: u32, to: u32| -> &str {
            let (from, to) = (
                from.saturating_sub(sentence.start) as usize,
                to.saturating_sub(sentence.start) as usize,
            );
            if from >= to {
                return "";
            }
            sentence.text.get(from..to).unwrap_or("")
        };
        let end = sentence.start + sentence.text.len() as u32;
        for (i, j) in pairs {
            let (m1, id1) = *list[i].1;
            let (m2, id2) = *list[j].1;
            let before = words(slice(sentence.start, m1.start));
            let between = words(slice(m1.end, m2.start));
            let after = words(slice(m2.end, end));
            let next_to_first = if between.is_empty() { &after } else { &between };
            if model.is_some_and(|m| {
                m.attributive(next_to_first)
                    || m.attributive(&after)
                    || m.represented(&before)
                    || m.represented(&between)
                    || m.introduced(&before)
                    || m.introduced(&between)
            }) {
                continue;
            }
            let (features, logit) = match model {
                // The sentence's own features weigh the same for every pair in it.
                Some(m) => {
                    let sentence_part = *sentence_logit.get_or_insert_with(|| {
                        let mut z = 0.0;
                        sentence_features(&sentence_words, &mut |k| z += m.weight(k));
                        z
                    });
                    let mut z = sentence_part;
                    pair_only_features(&before, &between, &after, list.len(), &mut |k| {
                        z += m.weight(k)
                    });
                    (Vec::new(), z)
                }
                None => (
                    pair_features(&before, &between, &after, &sentence_words, list.len()),
                    0.0,
                ),
            };
            out.push(Candidate {
                a: id1,
                b: id2,
                sentence: si,
                span: (m1.start, m2.end.max(m1.end)),
                features,
                logit,
                status,
            });
        }
    }
    out
}

/// One person's first mention in a sentence: (name, (mention, entity id)).
type FirstMention<'a> = (&'a str, (&'a Evidence, u32));

/// The first mention of each person in each sentence, by sentence and within one by name:
/// one flat list with each sentence's stretch of it, not a map of maps (a document names a
/// few persons in a few sentences, and two levels of tree nodes cost more to build and free
/// than the few lookups they save).
#[derive(Default)]
struct FirstMentions<'a> {
    /// Sorted by sentence, then name.
    mentions: Vec<FirstMention<'a>>,
    /// Each sentence that names a person, ascending, with its stretch of `mentions`.
    sentences: Vec<(u32, std::ops::Range<usize>)>,
}

impl<'a> FirstMentions<'a> {
    /// From every (sentence, name, mention, entity id) of the persons: for each name in each
    /// sentence the mention that starts first (of two starting together, the one listed
    /// first, as a map keeping the first and replacing it only by an earlier start would).
    fn new(mut all: Vec<(u32, &'a str, &'a Evidence, u32)>) -> Self {
        // A stable sort: mentions of one name in one sentence starting together keep their order.
        all.sort_by(|x, y| (x.0, x.1, x.2.start).cmp(&(y.0, y.1, y.2.start)));
        all.dedup_by(|later, kept| later.0 == kept.0 && later.1 == kept.1);
        let mut firsts = FirstMentions {
            mentions: Vec::with_capacity(all.len()),
            sentences: Vec::new(),
        };
        for (si, name, m, id) in all {
            match firsts.sentences.last_mut() {
                Some((last, range)) if *last == si => range.end += 1,
                _ => {
                    let at = firsts.mentions.len();
                    firsts.sentences.push((si, at..at + 1));
                }
            }
            firsts.mentions.push((name, (m, id)));
        }
        firsts
    }

    /// Each sentence that names a person, ascending, with its persons by name.
    fn iter(&self) -> impl Iterator<Item = (&u32, &[FirstMention<'a>])> {
        self.sentences
            .iter()
            .map(|(si, range)| (si, &self.mentions[range.clone()]))
    }

    /// The persons sentence `si` names, by name.
    fn get(&self, si: &u32) -> Option<&[FirstMention<'a>]> {
        let at = self.sentences.binary_search_by_key(si, |(s, _)| *s).ok()?;
        Some(&self.mentions[self.sentences[at].1.clone()])
    }
}

/// What both kinds of candidates read of one document, gathered once: each person's first
/// mention per sentence, which persons may be paired ([`confirmed`]), and each entity's events.
pub struct PairView<'a> {
    sentences: &'a [SentenceText],
    entities: &'a [EntityRecord],
    facts: &'a [Fact],
    model: Option<&'a PairModel>,
    by_sentence: FirstMentions<'a>,
    confirmed: FastSet<u32>,
    /// Each person's events, ascending (sorted lists: a person takes part in a few).
    events_of: FastMap<u32, Vec<u32>>,
}

impl<'a> PairView<'a> {
    /// The view of a document's extraction; `model` is `None` for training.
    pub fn new(
        sentences: &'a [SentenceText],
        entities: &'a [EntityRecord],
        facts: &'a [Fact],
        model: Option<&'a PairModel>,
        lexicon: &'a Lexicon,
    ) -> PairView<'a> {
        let confirmed: FastSet<u32> = entities
            .iter()
            .filter(|e| e.label == EntityLabel::Person && confirmed(Some(e), lexicon, model))
            .map(|e| e.id)
            .collect();
        let mut by_sentence = FirstMentions::default();
        let mut events_of: FastMap<u32, Vec<u32>> = FastMap::default();
        // Every candidate pairs two confirmed persons: with fewer, the tables stay empty.
        if confirmed.len() >= 2 {
            let persons = entities.iter().filter(|e| e.label == EntityLabel::Person);
            by_sentence = FirstMentions::new(
                persons
                    .flat_map(|e| {
                        e.mentions
                            .iter()
                            .map(move |m| (m.sentence, e.name.as_str(), m, e.id))
                    })
                    .collect(),
            );
            for f in facts.iter().filter(|f| f.rel_type == "PARTICIPATED_IN") {
                events_of.entry(f.from).or_default().push(f.to);
            }
            for events in events_of.values_mut() {
                events.sort_unstable();
                events.dedup();
            }
        }
        PairView {
            sentences,
            entities,
            facts,
            model,
            by_sentence,
            confirmed,
            events_of,
        }
    }

    fn is_confirmed(&self, id: u32) -> bool {
        self.confirmed.contains(&id)
    }

    /// Whether some event already has both.
    fn share_event(&self, a: u32, b: u32) -> bool {
        match (self.events_of.get(&a), self.events_of.get(&b)) {
            (Some(x), Some(y)) => share_a_value(x, y),
            _ => false,
        }
    }
}

/// Whether two ascending lists have a value in common (one walk over both).
fn share_a_value(x: &[u32], y: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Pairs of persons named in two adjacent sentences and never together in one: the first
/// named only in the earlier sentence, the second only in the later ("The session was chaired
/// by X and attended by Y. Z also took part."). Each pair is read at the first two sentences
/// that name them so, and only there (a later window rarely tells of their meeting). The
/// filters of [`candidates`] always apply; with a model, neither sentence may have a veto word.
pub fn cross_candidates(view: &PairView) -> Vec<Candidate> {
    let PairView {
        sentences,
        entities,
        facts,
        model,
        by_sentence,
        ..
    } = view;
    let model = *model;
    if view.confirmed.len() < 2 {
        return Vec::new();
    }
    // Who takes part in a meeting the rules found in which sentence, and its status (the
    // model's own meetings are left out, as training never sees them).
    // The tables below are sized up front for what they can hold at most (they are only read
    // by key, so their capacity changes nothing but the rehashing as they grow).
    let mut status_of: FastMap<u32, &str> =
        FastMap::with_capacity_and_hasher(entities.len(), Default::default());
    status_of.extend(
        entities
            .iter()
            .filter(|e| e.label == EntityLabel::Event)
            .filter_map(|e| match e.props.get("status") {
                Some(PropValue::Str(s)) => Some((e.id, s.as_str())),
                _ => None,
            }),
    );
    let mut in_rule_event: FastMap<(u32, u32), &str> =
        FastMap::with_capacity_and_hasher(facts.len(), Default::default());
    for f in facts
        .iter()
        .filter(|f| f.rel_type == "PARTICIPATED_IN" && f.evidence.rule != MODEL_RULE)
    {
        let status = status_of.get(&f.to).copied().unwrap_or("held");
        in_rule_event
            .entry((f.from, f.evidence.sentence))
            .or_insert(status);
    }
    // Each person's sentences, ascending (`by_sentence` is read in sentence order).
    let mut sentences_of: FastMap<u32, Vec<u32>> =
        FastMap::with_capacity_and_hasher(entities.len(), Default::default());
    for (&si, persons) in by_sentence.iter() {
        for (_, (_, id)) in persons {
            sentences_of.entry(*id).or_default().push(si);
        }
    }
    let share_sentence = |a: u32, b: u32| match (sentences_of.get(&a), sentences_of.get(&b)) {
        (Some(x), Some(y)) => share_a_value(x, y),
        _ => false,
    };
    let mut seen: FastSet<(u32, u32)> = FastSet::default();
    let mut out = Vec::new();
    // Buffers for scoring: a feature key, and the weights of one pair's features.
    let (mut key, mut weights) = (String::new(), Vec::new());
    // The persons of the two sentences: a handful each, so a list searched in place costs less
    // than a hash set built per pair of sentences (and the buffers are reused).
    let (mut earlier_ids, mut later_ids): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
    for (&si, earlier) in by_sentence.iter() {
        let Some(later) = by_sentence.get(&(si + 1)) else {
            continue;
        };
        let (Some(first), Some(second)) =
            (sentences.get(si as usize), sentences.get(si as usize + 1))
        else {
            continue;
        };
        earlier_ids.clear();
        earlier_ids.extend(earlier.iter().map(|(_, (_, id))| *id));
        later_ids.clear();
        later_ids.extend(later.iter().map(|(_, (_, id))| *id));
        let mut read: Option<(Vec<String>, Vec<String>, bool)> = None;
        let mut window_weights: Option<WindowWeights> = None;
        for (name_a, (m1, id1)) in earlier {
            if later_ids.contains(id1) {
                continue;
            }
            for (name_b, (m2, id2)) in later {
                if earlier_ids.contains(id2) || share_sentence(*id1, *id2) {
                    continue;
                }
                if !seen.insert((*id1.min(id2), *id1.max(id2))) {
                    continue;
                }
                let usable = view.is_confirmed(*id1)
                    && view.is_confirmed(*id2)
                    && m1.rule != "pronoun"
                    && m2.rule != "pronoun"
                    && !names_share_a_word(name_a, name_b);
                // Unlike one-sentence pairs, training sees only the pairs the filters leave:
                // most adjacent pairs are strangers, and the model should learn to tell the
                // few it will be asked about. It also sees the pairs the rules relate (on the
                // sets they were written for, the rules find most meetings, and what they
                // leave there is mostly strangers; on new text they leave far more).
                if !usable || (model.is_some() && view.share_event(*id1, *id2)) {
                    continue;
                }
                let (first_words, second_words, admitted) = read.get_or_insert_with(|| {
                    let (a, b) = (words(&first.text), words(&second.text));
                    let admitted = model.map_or(true, |m| m.admits(&a) && m.admits(&b));
                    (a, b, admitted)
                });
                if !*admitted {
                    continue;
                }
                let local = |s: &SentenceText, from: u32, to: u32| -> Vec<String> {
                    let from = from.saturating_sub(s.start) as usize;
                    let to = (to.saturating_sub(s.start) as usize).min(s.text.len());
                    words(s.text.get(from..to).unwrap_or(""))
                };
                let second_end = second.start + second.text.len() as u32;
                let before_b = local(second, second.start, m2.start);
                let after_b = local(second, m2.end, second_end);
                let first_end = first.start + first.text.len() as u32;
                let after_a = local(first, m1.end, first_end);
                if model.is_some_and(|m| m.attributive(&after_a) || m.attributive(&after_b)) {
                    continue;
                }
                let a_event = in_rule_event.get(&(*id1, si)).copied();
                let b_event = in_rule_event.get(&(*id2, si + 1)).copied();
                // Each in a meeting the rules told in their own sentence, and not the same one
                // ("X was received by Y on Tuesday. Y hosted Z there in 2019"): the rules kept
                // them apart, as in one sentence.
                if model.is_some() && a_event.is_some() && b_event.is_some() {
                    continue;
                }
                let cross = CrossView {
                    earlier: first_words,
                    later: second_words,
                    before_b: &before_b,
                    after_b: &after_b,
                    a_in_event: a_event.is_some(),
                    b_in_event: b_event.is_some(),
                    a_first: earlier.iter().all(|(_, (m, _))| m.start >= m1.start),
                    persons: (earlier.len(), later.len()),
                };
                let status = match (a_event.or(b_event), model) {
                    (Some(s), _) => match s {
                        "scheduled" => "scheduled",
                        "past" => "past",
                        _ => "held",
                    },
                    (None, Some(m)) => m.status(second_words),
                    (None, None) => "held",
                };
                let (features, logit) = match model {
                    Some(m) => {
                        let window = window_weights.get_or_insert_with(|| {
                            WindowWeights::new(m, first_words, second_words, &mut key)
                        });
                        (
                            Vec::new(),
                            cross_logit(m, &cross, window, &mut key, &mut weights),
                        )
                    }
                    None => (cross_features(&cross), 0.0),
                };
                out.push(Candidate {
                    a: *id1,
                    b: *id2,
                    sentence: si + 1,
                    span: (m2.start, m2.end),
                    features,
                    logit,
                    status,
                });
            }
        }
    }
    out
}

/// What a cross-sentence pair is read from.
struct CrossView<'a> {
    earlier: &'a [String],
    later: &'a [String],
    before_b: &'a [String],
    after_b: &'a [String],
    a_in_event: bool,
    b_in_event: bool,
    a_first: bool,
    persons: (usize, usize),
}

/// The features of a cross-sentence pair, in their own namespace (`x…`) beside the
/// one-sentence pairs' so the two kinds share a model file but no weights: the later
/// sentence's words (and, when the first person is in a meeting the rules found in the
/// earlier sentence, the same words again marked so: "They were joined by", "also took
/// part"), the earlier sentence's words, the words around the second name.
fn cross_features(v: &CrossView) -> Vec<String> {
    let mut f: BTreeSet<String> = BTreeSet::new();
    f.insert("xbias".into());
    f.insert(format!(
        "xev:{}{}",
        u8::from(v.a_in_event),
        u8::from(v.b_in_event)
    ));
    f.insert(format!("xa1:{}", u8::from(v.a_first)));
    f.insert(format!("xnp:{}_{}", v.persons.0.min(4), v.persons.1.min(4)));
    for w in v.later {
        f.insert(format!("xs:{w}"));
        if v.a_in_event {
            f.insert(format!("xe:{w}"));
        }
    }
    for w in v.earlier {
        f.insert(format!("xp:{w}"));
    }
    for w in v.later.iter().take(4) {
        f.insert(format!("xfirst:{w}"));
    }
    for w in v.before_b.iter().rev().take(4) {
        f.insert(format!("xpre:{w}"));
    }
    for w in v.after_b.iter().take(4) {
        f.insert(format!("xpost:{w}"));
    }
    f.into_iter().collect()
}

/// The weights of a window's features that every pair in it shares, each group in the order
/// [`cross_features`] sorts it: each distinct word of the later sentence as `xe:` and `xs:`,
/// each distinct word of the earlier one as `xp:`.
struct WindowWeights {
    xe: Vec<f64>,
    xp: Vec<f64>,
    xs: Vec<f64>,
}

impl WindowWeights {
    fn new(model: &PairModel, earlier: &[String], later: &[String], key: &mut String) -> Self {
        let (mut xe, mut xp, mut xs) = (Vec::new(), Vec::new(), Vec::new());
        model.prefixed_weights("xe:", later.iter(), key, &mut xe);
        model.prefixed_weights("xp:", earlier.iter(), key, &mut xp);
        model.prefixed_weights("xs:", later.iter(), key, &mut xs);
        WindowWeights { xe, xp, xs }
    }
}

impl PairModel {
    /// Pushes the weight of `prefix` + each distinct word of `words`, in the words' sorted
    /// order: the order of those features among [`cross_features`]' sorted keys.
    fn prefixed_weights<'w>(
        &self,
        prefix: &str,
        words: impl Iterator<Item = &'w String>,
        key: &mut String,
        out: &mut Vec<f64>,
    ) {
        let mut distinct: Vec<&str> = words.map(String::as_str).collect();
        distinct.sort_unstable();
        distinct.dedup();
        for word in distinct {
            key.clear();
            key.push_str(prefix);
            key.push_str(word);
            out.push(self.weight(key));
        }
    }
}

/// The model's score of a cross-sentence pair without building its features as strings: the
/// weights of [`cross_features`]' keys summed in the same (sorted) order, so the sum is the
/// same to the bit. The keys sort group by group (`xa1:` < `xbias` < `xe:` < `xev:` <
/// `xfirst:` < `xnp:` < `xp:` < `xpost:` < `xpre:` < `xs:`: every prefix differs from the
/// others before its colon), and within a group by word.
fn cross_logit(
    m: &PairModel,
    v: &CrossView,
    window: &WindowWeights,
    key: &mut String,
    weights: &mut Vec<f64>,
) -> f64 {
    use std::fmt::Write as _;
    weights.clear();
    key.clear();
    let _ = write!(key, "xa1:{}", u8::from(v.a_first));
    weights.push(m.weight(key));
    weights.push(m.weight("xbias"));
    if v.a_in_event {
        weights.extend_from_slice(&window.xe);
    }
    key.clear();
    let _ = write!(
        key,
        "xev:{}{}",
        u8::from(v.a_in_event),
        u8::from(v.b_in_event)
    );
    weights.push(m.weight(key));
    m.prefixed_weights("xfirst:", v.later.iter().take(4), key, weights);
    key.clear();
    let _ = write!(key, "xnp:{}_{}", v.persons.0.min(4), v.persons.1.min(4));
    weights.push(m.weight(key));
    weights.extend_from_slice(&window.xp);
    m.prefixed_weights("xpost:", v.after_b.iter().take(4), key, weights);
    m.prefixed_weights("xpre:", v.before_b.iter().rev().take(4), key, weights);
    weights.extend_from_slice(&window.xs);
    weights.iter().sum()
}

/// A person the model may pair: named in full, with no word that names a body or a building
/// ("Queen Elizabeth Hospital", "Port of Cork", "The Herald"; or a word of the model's
/// `not_a_person` list), and either named by a title, referred back to
/// by a pronoun or title, or mentioned twice (a one-off capitalised phrase is often a place
/// or a firm the tagger took for a person).
fn confirmed(entity: Option<&&EntityRecord>, lexicon: &Lexicon, model: Option<&PairModel>) -> bool {
    let Some(e) = entity else { return false };
    // Cheapest test first (all three are plain tests, so the order changes no answer): the
    // mention count before the name's words are looked up.
    (e.mentions.len() >= 2
        || e.mentions.iter().any(|m| {
            matches!(
                m.rule.as_ref(),
                "pattern:title-name" | "pronoun" | "resolve:title-alone"
            )
        }))
        && e.name.split_whitespace().count() >= 2
        && !e.name.split_whitespace().any(|w| {
            lexicon.names_a_body_or_building(w)
                || w == "The"
                || model.is_some_and(|m| m.not_a_person.contains(w))
        })
}

/// "Raoni Kayapó" and "Raoni Txucarramãe" are likely one person resolved twice.
fn names_share_a_word(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        // Lower-casing ASCII is letter by letter: compare in place. The words are split on
        // bytes: in ASCII, `split_whitespace` splits on space and tab to carriage return
        // (vertical tab included), which this does without decoding characters.
        fn ascii_words(s: &str) -> impl Iterator<Item = &[u8]> {
            s.as_bytes()
                .split(|&c| c == b' ' || (b'\t'..=b'\r').contains(&c))
                .filter(|w| !w.is_empty())
        }
        return ascii_words(a).any(|x| ascii_words(b).any(|y| x.eq_ignore_ascii_case(y)));
    }
    let a: HashSet<String> = a.split_whitespace().map(str::to_lowercase).collect();
    b.split_whitespace()
        .any(|w| a.contains(w.to_lowercase().as_str()))
}

/// The features of one pair, as training sees them: [`pair_only_features`] and
/// [`sentence_features`] together, sorted.
fn pair_features(
    before: &[String],
    between: &[String],
    after: &[String],
    sentence: &[String],
    persons: usize,
) -> Vec<String> {
    let mut f: BTreeSet<String> = BTreeSet::new();
    pair_only_features(before, between, after, persons, &mut |k| {
        f.insert(k.to_string());
    });
    sentence_features(sentence, &mut |k| {
        f.insert(k.to_string());
    });
    f.into_iter().collect()
}

/// Calls `visit` once with each feature that belongs to the pair rather than the sentence: the
/// words between the names (and their bigrams), the three words before the first and after the
/// second, the distance and the number of persons named. Keys are built in one buffer.
fn pair_only_features(
    before: &[String],
    between: &[String],
    after: &[String],
    persons: usize,
    visit: &mut dyn FnMut(&str),
) {
    use std::fmt::Write as _;
    let mut key = String::with_capacity(48);
    let mut seen: FastSet<&str> = FastSet::default();
    let emit = |key: &mut String, prefix: &str, word: &str, visit: &mut dyn FnMut(&str)| {
        key.clear();
        key.push_str(prefix);
        key.push_str(word);
        visit(key);
    };
    visit("bias");
    for w in between {
        if seen.insert(w) {
            emit(&mut key, "b:", w, visit);
        }
    }
    let mut pairs_seen: FastSet<(&str, &str)> = FastSet::default();
    for pair in between.windows(2).take(30) {
        if pairs_seen.insert((&pair[0], &pair[1])) {
            key.clear();
            let _ = write!(key, "bb:{}_{}", pair[0], pair[1]);
            visit(&key);
        }
    }
    seen.clear();
    for w in before.iter().rev().take(3) {
        if seen.insert(w) {
            emit(&mut key, "pre:", w, visit);
        }
    }
    seen.clear();
    for w in after.iter().take(3) {
        if seen.insert(w) {
            emit(&mut key, "post:", w, visit);
        }
    }
    let n = between.len();
    let bucket = if n < 10 {
        n
    } else if n < 20 {
        15
    } else {
        30
    };
    key.clear();
    let _ = write!(key, "dist:{bucket}");
    visit(&key);
    key.clear();
    let _ = write!(key, "np:{}", persons.min(5));
    visit(&key);
}

/// Calls `visit` once with the feature of each distinct word of the sentence.
fn sentence_features(sentence: &[String], visit: &mut dyn FnMut(&str)) {
    let mut key = String::with_capacity(32);
    let mut seen: FastSet<&str> = FastSet::default();
    for w in sentence {
        if seen.insert(w) {
            key.clear();
            key.push_str("s:");
            key.push_str(w);
            visit(&key);
        }
    }
}

/// Adds a meeting event for every usable pair the model accepts (one event per pair, so a
/// pair it doubts is never implied by a group), returning how many it added.
pub fn add_meetings(
    model: &PairModel,
    sentences: &[SentenceText],
    headlines: &[u32],
    entities: &mut Vec<EntityRecord>,
    facts: &mut Vec<Fact>,
    lexicon: &Lexicon,
) -> usize {
    if model.is_empty() {
        return 0;
    }
    let mut accepted = Vec::new();
    let mut seen: FastSet<(u32, u32)> = FastSet::default();
    let view = PairView::new(sentences, entities, facts, Some(model), lexicon);
    // One-sentence pairs first: a pair both kinds propose keeps its one-sentence evidence.
    // "Levinson meets Haredi ally as law threatens coalition; Ben-Ari visits Arab party
    // leader": a headline puts a story's protagonists side by side, often from two stories; the
    // body tells who met whom, so the model reads no pair from a headline.
    let scored = candidates(&view)
        .into_iter()
        .map(|c| (c, model.threshold))
        .chain(
            cross_candidates(&view)
                .into_iter()
                .map(|c| (c, model.cross_threshold)),
        )
        .filter(|(c, _)| !headlines.contains(&c.sentence));
    for (c, threshold) in scored {
        let key = (c.a.min(c.b), c.a.max(c.b));
        if seen.contains(&key) || sigmoid(c.logit) < threshold {
            continue;
        }
        seen.insert(key);
        accepted.push(c);
    }
    if accepted.is_empty() {
        return 0;
    }
    let name_of: FastMap<u32, String> = entities.iter().map(|e| (e.id, e.name.clone())).collect();
    let first_id = entities.iter().map(|e| e.id + 1).max().unwrap_or(0);
    for (event_id, c) in (first_id..).zip(&accepted) {
        let status = c.status;
        let evidence = Evidence {
            sentence: c.sentence,
            start: c.span.0,
            end: c.span.1,
            rule: Cow::Borrowed(MODEL_RULE),
        };
        let mut props = BTreeMap::new();
        props.insert("status".to_string(), PropValue::from(status));
        entities.push(EntityRecord {
            id: event_id,
            label: EntityLabel::Event,
            name: format!(
                "meeting of {} and {}",
                name_of.get(&c.a).map_or("?", String::as_str),
                name_of.get(&c.b).map_or("?", String::as_str)
            ),
            aliases: Vec::new(),
            kind: Some("meeting".into()),
            key: None,
            props,
            mentions: vec![evidence.clone()],
        });
        for person in [c.a, c.b] {
            let mut props = BTreeMap::new();
            props.insert("role".to_string(), PropValue::from("participant"));
            facts.push(Fact {
                rel_type: "PARTICIPATED_IN".into(),
                from: person,
                to: event_id,
                props,
                evidence: evidence.clone(),
            });
        }
    }
    accepted.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_contractions_and_split_punctuation() {
        assert_eq!(
            words("Ms. Tran hadn't met O’Neill, she said."),
            ["ms", ".", "tran", "hadn't", "met", "o'neill", ",", "she", "said", "."]
        );
    }

    /// The ASCII fast path reads as the general one: compare on text made non-ASCII at the end.
    #[test]
    fn ascii_words_equal_the_general_reading() {
        for text in [
            "Ms. Tran hadn't met O'Neill, she said.",
            "a\u{0B}b\tc 3rd 'quoted' x'y' it's.",
            "rock'n'roll x''y 9'b end' A'4 \r\n\u{0C}-- O'Neill's.",
        ] {
            let mut general = words(&format!("{text} é"));
            assert_eq!(general.pop().as_deref(), Some("é"));
            assert_eq!(words(text), general, "{text:?}");
        }
    }

    /// Names share a word whatever its case, through the ASCII comparison and the general one.
    #[test]
    fn names_share_a_word_in_any_case() {
        assert!(names_share_a_word("Raoni Kayapó", "RAONI Txucarramãe"));
        assert!(names_share_a_word("John  SMITH", "smith Jones"));
        assert!(!names_share_a_word("John Smith", "Jon Smithers"));
        assert!(!names_share_a_word("Zoë Lee", "Zoe Li"));
    }

    /// The flat first mentions keep, per sentence and name, the mention a map replacing its
    /// entry only by an earlier start keeps (of two starting together, the first), in the
    /// map's order.
    #[test]
    fn first_mentions_equal_the_map_of_maps() {
        let ev = |sentence: u32, start: u32| Evidence {
            sentence,
            start,
            end: start + 3,
            rule: Cow::Borrowed("test"),
        };
        let evs = [
            ev(2, 40),
            ev(0, 9),
            ev(2, 10),
            ev(2, 10),
            ev(0, 1),
            ev(5, 7),
            ev(2, 3),
        ];
        let names = ["Li", "Bo", "Li", "Li", "Bo", "Li", "Al"];
        let all: Vec<(u32, &str, &Evidence, u32)> = evs
            .iter()
            .zip(names)
            .enumerate()
            .map(|(id, (m, name))| (m.sentence, name, m, id as u32))
            .collect();
        let mut map: BTreeMap<u32, BTreeMap<&str, (&Evidence, u32)>> = BTreeMap::new();
        for &(si, name, m, id) in &all {
            let slot = map.entry(si).or_default().entry(name).or_insert((m, id));
            if m.start < slot.0.start {
                *slot = (m, id);
            }
        }
        let flat = FirstMentions::new(all);
        let from_map: Vec<(u32, Vec<(&str, u32)>)> = map
            .iter()
            .map(|(&si, p)| (si, p.iter().map(|(n, (_, id))| (*n, *id)).collect()))
            .collect();
        let from_flat: Vec<(u32, Vec<(&str, u32)>)> = flat
            .iter()
            .map(|(&si, p)| (si, p.iter().map(|(n, (_, id))| (*n, *id)).collect()))
            .collect();
        assert_eq!(from_flat, from_map);
        assert_eq!(flat.get(&5).map(<[_]>::len), Some(1));
        assert!(flat.get(&1).is_none());
        assert!(share_a_value(&[1, 4, 9], &[2, 9]));
        assert!(!share_a_value(&[1, 4, 9], &[2, 5, 10]));
    }

    #[test]
    fn bad_model_lines_name_the_line() {
        let err = PairModel::parse(&[("m.tsv", "# x\nthreshold\t0.9\nb:met\tmany\n")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "m.tsv:3: weight \"many\" of \"b:met\" is not a number"
        );
        let err = PairModel::parse(&[("m.tsv", "threshold\t2\n")]).unwrap_err();
        assert!(err.to_string().starts_with("m.tsv:1: threshold"));
        let err = PairModel::parse(&[("m.tsv", "\ncross_threshold\tx\n")]).unwrap_err();
        assert!(err.to_string().starts_with("m.tsv:2: cross_threshold"));
    }

    /// A cross-sentence pair's score without feature strings is the sum over its features to
    /// the bit, with repeated words, words that share a prefix and both event flags.
    #[test]
    fn cross_logit_equals_the_sum_over_cross_features() {
        let m = PairModel::bundled();
        let earlier = words("Minister Ana Lopes met the envoy, and the envoy met the press.");
        let later = words("They were joined by Raj Patel, who also took part in the talks.");
        let (before_b, after_b) = (words("They were joined by"), words(", who also took part"));
        let (mut key, mut weights) = (String::new(), Vec::new());
        let window = WindowWeights::new(&m, &earlier, &later, &mut key);
        for (a_in_event, b_in_event, a_first) in [(false, false, true), (true, false, false)] {
            let v = CrossView {
                earlier: &earlier,
                later: &later,
                before_b: &before_b,
                after_b: &after_b,
                a_in_event,
                b_in_event,
                a_first,
                persons: (2, 7),
            };
            let summed: f64 = cross_features(&v).iter().map(|f| m.weight(f)).sum();
            let scored = cross_logit(&m, &v, &window, &mut key, &mut weights);
            assert_eq!(summed.to_bits(), scored.to_bits());
        }
    }

    #[test]
    fn the_bundled_model_loads_with_its_word_lists() {
        let m = PairModel::bundled();
        assert!(!m.is_empty());
        assert!(m.veto.contains("never") && m.veto.contains("phone"));
        assert!(m.threshold >= 0.5 && m.cross_threshold >= 0.5);
        assert!(m.not_a_person.contains("Hospital") && m.not_a_person.contains("Friday"));
    }
}
