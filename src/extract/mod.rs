//! The extraction stage: one document → its entities and facts with evidence
//! (`extract` → `DocumentFacts`), using the knowledge loaded from `data/` (lexicons, rules,
//! an optional tagger). Text → sentences and tokens (`text`) → mentions (`mention`) →
//! entities (`resolve`) → rule matches (`rules`) → events and relations (`assemble`).

mod assemble;
pub mod facts;
pub mod facts_json;
pub mod pairs;
pub mod pairs_train;
pub mod rules;
pub mod synthetic;
mod trace;

use crate::corpus::Document;
use crate::mention::dates::Day;
use crate::mention::facts::IndexedWords;
use crate::mention::lexicon::{Lexicon, LexiconError};
use crate::mention::{self, Mention, SpanTagger};
use crate::resolve::{self, Resolution};
use crate::text::{self, Abbreviations, Segmented};
use facts::{DocumentFacts, DocumentSummary, SentenceText};
use rules::RuleSet;
use std::path::Path;
use std::time::{Duration, Instant};

pub use trace::{trace, Trace};

/// Everything extraction needs that is loaded once and shared across documents and threads.
pub struct Knowledge {
    pub lexicon: Lexicon,
    pub rules: RuleSet,
    pub abbreviations: Abbreviations,
    /// The date relative expressions resolve against when a document has none (`-d/--date`).
    pub reference_date: Option<Day>,
    tagger: Option<Box<dyn SpanTagger>>,
    /// The learned back-off that adds meetings no rule found (`None`: rules only).
    pub pairs: Option<std::sync::Arc<pairs::PairModel>>,
    /// `rules.evidence_names` as shared names (see [`interned`]), so the evidence of a match
    /// and its many copies (one per participant, place, topic and fact) borrow the rule's name
    /// instead of each allocating it.
    evidence_rules: Vec<&'static str>,
}

impl std::fmt::Debug for Knowledge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Knowledge")
            .field("lexicon", &self.lexicon)
            .field("rules", &self.rules.rules.len())
            .field("reference_date", &self.reference_date)
            .field("tagger", &self.tagger.is_some())
            .field("pairs", &self.pairs.is_some())
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("{path}:{line}: {message}")]
    Data {
        path: String,
        line: usize,
        message: String,
    },
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    #[error(transparent)]
    Rules(#[from] rules::RuleParseError),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{0:?} is not a date (expected YYYY-MM-DD)")]
    BadDate(String),
}

impl Knowledge {
    /// The lexicons and rules bundled in the binary.
    pub fn bundled() -> Result<Self, ExtractError> {
        let lexicon: Vec<(String, String)> = crate::data::files_under("lexicon")
            .map(|(p, t)| (file_name(p).to_string(), t.to_string()))
            .collect();
        let rules: Vec<(String, String)> = crate::data::files_under("rules")
            .filter(|(p, _)| p.ends_with(".rules"))
            .map(|(p, t)| (p.trim_start_matches("data/").to_string(), t.to_string()))
            .collect();
        Self::from_files(&lexicon, &rules)
    }

    /// The bundled knowledge extended by a data folder laid out like `data/`: files in
    /// `DIR/lexicon/` replace bundled files of the same name or add new lists; files in
    /// `DIR/rules/*.rules` replace or add rule files. Users extend extraction without
    /// recompiling.
    pub fn from_dir(dir: &Path) -> Result<Self, ExtractError> {
        let mut lexicon: Vec<(String, String)> = crate::data::files_under("lexicon")
            .map(|(p, t)| (file_name(p).to_string(), t.to_string()))
            .collect();
        let mut rules: Vec<(String, String)> = crate::data::files_under("rules")
            .filter(|(p, _)| p.ends_with(".rules"))
            .map(|(p, t)| (p.trim_start_matches("data/").to_string(), t.to_string()))
            .collect();
        if !dir.is_dir() {
            return Err(ExtractError::Io {
                path: dir.display().to_string(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
            });
        }
        for (sub, list, is_rules) in [
            ("lexicon", &mut lexicon, false),
            ("rules", &mut rules, true),
        ] {
            let path = dir.join(sub);
            let Ok(entries) = std::fs::read_dir(&path) else {
                continue;
            };
            let mut names: Vec<_> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect();
            names.sort();
            for file in names {
                let name = file
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("")
                    .to_string();
                if is_rules && !name.ends_with(".rules") {
                    continue;
                }
                let text = std::fs::read_to_string(&file).map_err(|source| ExtractError::Io {
                    path: file.display().to_string(),
                    source,
                })?;
                let key = if is_rules {
                    format!("rules/{name}")
                } else {
                    name
                };
                list.retain(|(n, _)| *n != key);
                list.push((key, text));
            }
        }
        rules.sort();
        let mut knowledge = Self::from_files(&lexicon, &rules)?;
        knowledge.pairs = Some(std::sync::Arc::new(pairs::PairModel::from_dir(dir)?));
        Ok(knowledge)
    }

    /// Knowledge from lexicon files `(file name, text)` and rule files `(path, text)`.
    pub fn from_files(
        lexicon: &[(String, String)],
        rules: &[(String, String)],
    ) -> Result<Self, ExtractError> {
        let lex_files: Vec<(&str, &str)> = lexicon
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let mut lexicon = Lexicon::build(&lex_files)?;
        let rule_files: Vec<(&str, &str)> = rules
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let irregular = |lemma: &str| {
            lexicon
                .irregular_forms(lemma)
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let rules = RuleSet::parse(&rule_files, &irregular)?;
        // Recognition looks every token up in the lexicon's word table: the rules' words
        // are found in the same probe, so matching need not look tokens up again.
        lexicon.index_words(
            rules.program.vocabulary_fingerprint(),
            rules.program.vocabulary_words(),
        );
        let abbreviations = Abbreviations::new(&lexicon.abbreviations);
        let evidence_rules = rules.evidence_names.iter().map(|n| interned(n)).collect();
        Ok(Knowledge {
            lexicon,
            rules,
            evidence_rules,
            abbreviations,
            reference_date: None,
            tagger: Some(Box::new(NerSource(crate::ner::Tagger::bundled()))),
            pairs: Some(pairs::PairModel::bundled()),
        })
    }

    /// Sets the date relative expressions resolve against when a document has no date
    /// (`YYYY-MM-DD`).
    pub fn with_reference_date(mut self, date: &str) -> Result<Self, ExtractError> {
        self.reference_date =
            Some(Day::parse(date).ok_or_else(|| ExtractError::BadDate(date.to_string()))?);
        Ok(self)
    }

    /// Builds the lazily built parts (the gazetteer) now, e.g. in a background
    /// thread while a REPL starts; extraction does it on first use otherwise.
    pub fn warm(&self) {
        self.lexicon.warm();
    }

    /// Sets or clears the reference date in place (the REPL's `:date`); `YYYY-MM-DD`.
    pub fn set_reference_date(&mut self, date: Option<&str>) -> Result<(), ExtractError> {
        self.reference_date = match date {
            Some(d) => Some(Day::parse(d).ok_or_else(|| ExtractError::BadDate(d.to_string()))?),
            None => None,
        };
        Ok(())
    }

    /// Replaces the statistical tagger (the bundled CoNLL-2003 tagger by default); `None`
    /// leaves recognition to lexicons and patterns.
    pub fn with_tagger(mut self, tagger: Option<Box<dyn SpanTagger>>) -> Self {
        self.tagger = tagger;
        self
    }
}

impl Knowledge {
    /// The name a match of rule `rule` gives as its evidence: borrowed when the rule set is
    /// the one this knowledge was built with (its `rules` field is public and could be
    /// replaced), else a copy of the rule set's own name.
    pub(crate) fn evidence_rule(&self, rule: usize) -> std::borrow::Cow<'static, str> {
        let name = &self.rules.evidence_names[rule];
        match self.evidence_rules.get(rule) {
            Some(&shared) if shared == name => std::borrow::Cow::Borrowed(shared),
            _ => std::borrow::Cow::Owned(name.clone()),
        }
    }
}

/// One `'static` copy of each distinct name for the whole process: rule names are few and
/// loading knowledge again (tests, the REPL's `--data`) finds the copies made before, so the
/// memory kept is bounded by the distinct names ever loaded.
fn interned(name: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(&shared) = names.get(name) {
        return shared;
    }
    let shared: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(shared);
    shared
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

// Extraction runs on many threads at once with one shared `Knowledge`.
const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<Knowledge>();
};

/// The intermediate results of one document (shared by `extract` and `trace`).
pub(crate) struct Analysis {
    pub seg: Segmented,
    pub lower: String,
    pub mentions: Vec<Mention>,
    pub resolution: Resolution,
    pub reference: Option<Day>,
    /// Each token's rule vocabulary id as recognition found it (see `Lexicon::index_words`).
    pub words: IndexedWords,
}

pub(crate) fn analyse(text: &str, date: Option<&str>, knowledge: &Knowledge) -> Analysis {
    analyse_timed(text, date, knowledge, &mut StageTimes::default())
}

fn analyse_timed(
    text: &str,
    date: Option<&str>,
    knowledge: &Knowledge,
    times: &mut StageTimes,
) -> Analysis {
    let mut clock = Instant::now();
    let reference = date.and_then(Day::parse).or(knowledge.reference_date);
    let seg = text::segment(text, &knowledge.abbreviations);
    let lower = text.to_ascii_lowercase();
    times.segment += lap(&mut clock);
    let mut words = IndexedWords::default();
    let mut mentions = mention::recognize_indexing(
        text,
        &lower,
        &seg,
        &knowledge.lexicon,
        reference,
        knowledge.tagger.as_deref(),
        &mut words,
    );
    times.recognize += lap(&mut clock);
    let resolution = resolve::resolve(text, &seg, &mut mentions, &knowledge.lexicon, &words.facts);
    times.resolve += lap(&mut clock);
    Analysis {
        seg,
        lower,
        mentions,
        resolution,
        reference,
        words,
    }
}

/// Time spent in each stage of extraction, summed over the documents it was passed to
/// (what the throughput bench prints, so a slowdown can be traced to its stage).
#[derive(Debug, Default, Clone, Copy)]
pub struct StageTimes {
    /// Sentences and tokens, and the lower-cased copy of the text.
    pub segment: Duration,
    /// Gazetteer, name patterns, dates and the tagger.
    pub recognize: Duration,
    /// Mentions → entities.
    pub resolve: Duration,
    /// Rules over each sentence.
    pub match_rules: Duration,
    /// Matches → events and relations, and the document's record.
    pub assemble: Duration,
}

impl StageTimes {
    /// The stages by name, in pipeline order.
    pub fn stages(&self) -> [(&'static str, Duration); 5] {
        [
            ("segment", self.segment),
            ("recognize", self.recognize),
            ("resolve", self.resolve),
            ("match rules", self.match_rules),
            ("assemble", self.assemble),
        ]
    }

    /// Adds another tally (from another thread) to this one.
    pub fn add(&mut self, other: &StageTimes) {
        self.segment += other.segment;
        self.recognize += other.recognize;
        self.resolve += other.resolve;
        self.match_rules += other.match_rules;
        self.assemble += other.assemble;
    }
}

/// The time since `clock`, which moves to now.
fn lap(clock: &mut Instant) -> Duration {
    let now = Instant::now();
    let elapsed = now - *clock;
    *clock = now;
    elapsed
}

/// Extracts one document.
pub fn extract(doc: &Document, knowledge: &Knowledge) -> DocumentFacts {
    extract_timed(doc, knowledge, &mut StageTimes::default())
}

/// [`extract`], adding the time each stage took to `times`.
pub fn extract_timed(
    doc: &Document,
    knowledge: &Knowledge,
    times: &mut StageTimes,
) -> DocumentFacts {
    let analysis = analyse_timed(&doc.text, doc.date.as_deref(), knowledge, times);
    let mut clock = Instant::now();
    let matches = assemble::match_rules(&analysis, knowledge, false);
    times.match_rules += lap(&mut clock);
    let sentences = analysis
        .seg
        .sentences
        .iter()
        .map(|s| SentenceText {
            start: s.start,
            text: doc.text[s.start as usize..s.end as usize].to_string(),
        })
        .collect::<Vec<_>>();
    let (mut entities, mut facts) = assemble::assemble(&doc.text, &analysis, &matches, knowledge);
    if let Some(model) = &knowledge.pairs {
        pairs::add_meetings(
            model,
            &sentences,
            &headline_sentences(&doc.text, &analysis),
            &mut entities,
            &mut facts,
            &knowledge.lexicon,
        );
    }
    let facts = DocumentFacts {
        document: DocumentSummary {
            id: doc.id.clone(),
            title: doc.title.clone(),
            date: doc.date.clone(),
            source: doc.source.clone(),
            byline: doc.byline.clone(),
            path: doc.path.clone(),
            sentences,
        },
        entities,
        facts,
    };
    times.assemble += lap(&mut clock);
    facts
}

/// The bundled CoNLL-2003 tagger (`crate::ner`) as a mention source.
struct NerSource(&'static crate::ner::Tagger);

impl SpanTagger for NerSource {
    fn tag(&self, words: &[&str]) -> Vec<mention::TaggedSpan> {
        use crate::ner::NerLabel;
        // "finances; Adeyemi-Lawson handles": a span the tagger opens or closes on a
        // punctuation mark is the name without it.
        let is_punct = |i: usize| !words[i].chars().any(char::is_alphanumeric);
        self.0
            .tag(words)
            .into_iter()
            .filter_map(|mut s| {
                while s.start < s.end && is_punct(s.start) {
                    s.start += 1;
                }
                while s.end > s.start && is_punct(s.end - 1) {
                    s.end -= 1;
                }
                (s.start < s.end).then_some(s)
            })
            .map(|s| mention::TaggedSpan {
                start: s.start,
                end: s.end,
                label: match s.label {
                    NerLabel::Per => mention::MentionLabel::Person,
                    NerLabel::Org => mention::MentionLabel::Organization,
                    NerLabel::Loc => mention::MentionLabel::Place,
                    NerLabel::Misc => mention::MentionLabel::Misc,
                },
            })
            .collect()
    }
}

/// The indices of an analysed document's headline sentences (`Segmented::headline_sentences`).
pub(crate) fn headline_sentences(text: &str, analysis: &Analysis) -> Vec<u32> {
    analysis.seg.headline_sentences(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule words recognition finds with each token's facts are the ones the matcher's
    /// own table gives (the sample articles and words at the edges: long, one-byte, last).
    #[test]
    fn indexed_rule_words_equal_the_matchers_lookups() {
        let knowledge = Knowledge::bundled().expect("bundled knowledge loads");
        let mut texts: Vec<String> = crate::data::files_under("articles")
            .map(|(_, text)| text.to_string())
            .collect();
        texts.push("Officials MET in Paris; the Counter-Terrorism-Coordinators met.".into());
        texts.push("He said: talks".into());
        for text in &texts {
            let analysis = analyse(text, None, &knowledge);
            assert!(analysis.words.fingerprint != 0);
            let program = &knowledge.rules.program;
            let indexed =
                program.document_words(&analysis.lower, &analysis.seg.tokens, &analysis.words);
            let looked_up = program.document_words(
                &analysis.lower,
                &analysis.seg.tokens,
                &IndexedWords::default(),
            );
            assert_eq!(indexed, looked_up);
            assert!(indexed.iter().any(|&w| w != rules::matcher::NO_WORD));
        }
    }
}
