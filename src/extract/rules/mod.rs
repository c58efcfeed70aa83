//! The extraction-rule language: its AST and the compiled rule set (`RuleSet::parse`).
//!
//! A rule file holds declarations:
//! - `words NAME = w1, "multi word", ...;` a word set, used in patterns as `$NAME`;
//! - `class NAME = Person, Organization;` a label class for captures (`Agent` is built in);
//! - `status NAME [after] = cue, "cue phrase", ...;` cues that give an event that status when
//!   they occur just before its trigger in the same clause (with `after`: just after it;
//!   with `adjacent`: right before it, as "to" in "X to meet Y");
//!   earlier declarations win, so list negations first (a status declared again after other
//!   lists is a list of its own at that place: a few past cues may come before the negations);
//! - `kind NAME = cue, ...;` cues near a trigger that change an event's kind ("call");
//! - `rule NAME { ... }` with clauses `priority N;`, `trigger t1 | lemma(meet) | talks=talks;`
//!   (`=kind` names the event kind a trigger word gives), `pattern ...;`, `event KIND|trigger
//!   [prop=value ...];` or `relation TYPE(role -> role) [prop=@role|value ...];`,
//!   `distribute ROLE;` (one event per captured ROLE mention) and `implicit ROLE:Label;` (a
//!   missing ROLE is the latest compatible entity before the trigger, like "its"; `group` is
//!   the persons a counted group before the trigger refers back to, `following` those the next
//!   sentence names for a counted group after it, `leader` the person the article said led the
//!   party the match names: "a lunch for the delegation").
//!
//! Patterns are token sequences: `word` or `"two words"` (case-insensitive), `$SET`,
//! `TRIGGER`, `_` (a gap token: never the start of a name, a stop word or another trigger, so a
//! gap that must step over names is written `(_ | @context:Agent)`), `@role:Label` (a mention
//! of that label, skipping a leading article, affiliation and title: "the Chinese Vice Premier
//! He Lifeng"), `@role:Label+` (a
//! coordinated list: "X, Y and Z"), groups `( ... )`, alternatives `a | b` and quantifiers
//! `? * + {m,n}`. Roles `place`/`venue` become HELD_IN, `topic` ABOUT, `date` the event
//! date; `context` is matched but not recorded; every other role takes part in the event; `!x` succeeds without consuming where `x` does not match ("Y" but not
//! "Y's": `@guest:Agent !$POSS`); `^` succeeds without consuming at the sentence's first token
//! only ("They met Y" opening a sentence, not "officials said they met Y").

pub mod matcher;
mod parser;

pub use parser::RuleParseError;

/// A fast hash for the word → rules tables the matcher consults for every token (the keys
/// are the rule files' own words, so no flooding defence is needed).
#[derive(Clone, Copy, Default)]
pub struct WordHasher(u64);

impl WordHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Whole 8-byte words, then the tail byte by byte (a variable-length copy into a
        // buffer would be a `memcpy` call per chunk).
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let tail = chunks.remainder();
        if !tail.is_empty() {
            let word = tail
                .iter()
                .rev()
                .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
            self.mix(word);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Word set with the fast hash.
pub type WordSet = std::collections::HashSet<String, std::hash::BuildHasherDefault<WordHasher>>;

/// Word-keyed table with the fast hash.
pub type WordMap<V> =
    std::collections::HashMap<String, V, std::hash::BuildHasherDefault<WordHasher>>;

/// A label or label class a capture accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Class {
    pub name: String,
    pub labels: Vec<crate::mention::MentionLabel>,
}

/// A pattern node.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Seq(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u16,
        max: u16,
    },
    /// Lower-case words of a literal phrase.
    Phrase(Vec<String>),
    /// Index into `RuleSet::sets`.
    Set(usize),
    Capture {
        role: usize,
        class: usize,
        list: bool,
    },
    Trigger,
    Any,
    /// Zero-width: the inner node does not match here (`!$POSS`).
    Not(Box<Node>),
    /// Zero-width: the match stands at the sentence's first token (`^ they met`).
    SentenceStart,
}

/// One trigger alternative: lower-case word forms (each a phrase) and the kind it gives.
#[derive(Clone, Debug, PartialEq)]
pub struct TriggerForm {
    /// The phrase (lower-case words), empty for a label trigger.
    pub words: Vec<String>,
    /// A mention of this class is the trigger (`trigger @Title;`).
    pub class: Option<usize>,
    pub kind: Option<String>,
}

/// What a rule produces.
#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    /// An n-ary event; `kind` None means "the kind of the trigger that fired".
    Event {
        kind: Option<String>,
        props: Vec<(String, PropSource)>,
    },
    Relation {
        rel_type: String,
        from: usize,
        to: usize,
        props: Vec<(String, PropSource)>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum PropSource {
    Role(usize),
    /// The trigger's text (its lexicon name when it is a known title).
    Trigger,
    Text(String),
}

/// A compiled rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub name: String,
    pub file: String,
    pub priority: i32,
    pub triggers: Vec<TriggerForm>,
    pub pattern: Node,
    pub output: Output,
    pub distribute: Option<usize>,
    pub implicit: Option<(usize, usize)>,
    /// What the first token of a match must be (lets the matcher skip most start positions).
    pub start: Start,
}

/// The first token a pattern can match, computed from the pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum Start {
    Anything,
    /// A mention starts there (or an article or possessive before one).
    Mention,
    Trigger,
    /// One of these lower-case words (none: nothing can start there).
    Words(Vec<String>),
    /// Any of these (an optional first element: "@org:Affiliation? TRIGGER ...").
    Either(Vec<Start>),
}

impl Start {
    /// What a non-empty match of `node` needs at its first token.
    fn of(node: &Node, sets: &[(String, Vec<Vec<String>>)]) -> Start {
        match node {
            Node::Seq(items) => {
                // Elements that can match nothing let the next one begin the match too.
                let mut options = Vec::new();
                for item in items {
                    options.push(Start::of(item, sets));
                    if !Self::nullable(item, sets) {
                        return Start::union(options);
                    }
                }
                Start::Anything
            }
            Node::Alt(alts) => {
                if alts.iter().any(|a| Self::nullable(a, sets)) {
                    return Start::Anything;
                }
                Start::union(alts.iter().map(|a| Start::of(a, sets)).collect())
            }
            Node::Repeat { node, .. } => Start::of(node, sets),
            Node::Phrase(words) => Start::Words(words.iter().take(1).cloned().collect()),
            Node::Set(i) => Start::Words(
                sets[*i]
                    .1
                    .iter()
                    .filter_map(|p| p.first().cloned())
                    .collect(),
            ),
            Node::Capture { .. } => Start::Mention,
            Node::Trigger => Start::Trigger,
            Node::Any => Start::Anything,
            // Zero-width: it never begins a non-empty match itself.
            Node::Not(_) | Node::SentenceStart => Start::Words(Vec::new()),
        }
    }

    /// Whether `node` can match without consuming a token.
    fn nullable(node: &Node, sets: &[(String, Vec<Vec<String>>)]) -> bool {
        match node {
            Node::Seq(items) => items.iter().all(|n| Self::nullable(n, sets)),
            Node::Alt(alts) => alts.iter().any(|n| Self::nullable(n, sets)),
            Node::Repeat { node, min, .. } => *min == 0 || Self::nullable(node, sets),
            Node::Phrase(words) => words.is_empty(),
            Node::Set(i) => sets[*i].1.iter().any(Vec::is_empty),
            Node::Capture { .. } | Node::Trigger | Node::Any => false,
            Node::Not(_) | Node::SentenceStart => true,
        }
    }

    /// One start from several alternatives (word lists merged).
    fn union(options: Vec<Start>) -> Start {
        let mut words: Vec<String> = Vec::new();
        let mut others: Vec<Start> = Vec::new();
        let mut any_words = false;
        for option in options {
            match option {
                Start::Anything => return Start::Anything,
                Start::Words(w) => {
                    any_words = true;
                    words.extend(w);
                }
                Start::Either(inner) => match Start::union(inner) {
                    Start::Anything => return Start::Anything,
                    Start::Words(w) => {
                        any_words = true;
                        words.extend(w);
                    }
                    Start::Either(list) => others.extend(list),
                    other => others.push(other),
                },
                other => {
                    if !others.contains(&other) {
                        others.push(other);
                    }
                }
            }
        }
        if any_words && !words.is_empty() || others.is_empty() {
            others.push(Start::Words(words));
        }
        if others.len() == 1 {
            others.remove(0)
        } else {
            Start::Either(others)
        }
    }
}

/// Cue phrases that set an event's status or kind.
#[derive(Clone, Debug, PartialEq)]
pub struct CueList {
    pub name: String,
    /// Cues that follow the trigger ("the summit was cancelled") rather than precede it.
    pub after: bool,
    /// Cues that must come right before the trigger ("to meet").
    pub adjacent: bool,
    /// The cue phrases (lower-case words); the matcher's `Program` indexes them by first word.
    pub phrases: Vec<Vec<String>>,
}

/// Every rule file, compiled.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// Role names (captures refer to them by index).
    pub roles: Vec<String>,
    pub classes: Vec<Class>,
    pub sets: Vec<(String, Vec<Vec<String>>)>,
    pub statuses: Vec<CueList>,
    pub kinds: Vec<CueList>,
    /// First trigger word → rules it may fire.
    pub by_first_word: WordMap<Vec<usize>>,
    /// Per word set: first word → indices of its phrases.
    pub set_first: Vec<WordMap<Vec<usize>>>,
    /// Rules triggered by a mention label (tried in every sentence that has such a mention).
    pub by_label: Vec<(crate::mention::MentionLabel, usize)>,
    /// Per rule: the name its evidence carries (`meetings.rules:talks-between`).
    pub evidence_names: Vec<String>,
    /// Per rule: the rank of its output family (`event` or the relation type) in the order
    /// of the family names, so matches sort by family without building the name.
    pub family_rank: Vec<u32>,
    /// The rules compiled for the matcher (words as integer ids).
    pub program: matcher::Program,
}

impl RuleSet {
    /// Parses rule files `(name, text)` in order; `lemmas` gives irregular forms of a lemma.
    pub fn parse(
        files: &[(&str, &str)],
        irregular: &dyn Fn(&str) -> Vec<String>,
    ) -> Result<RuleSet, RuleParseError> {
        let mut set = RuleSet::default();
        for label in [
            "Person",
            "Organization",
            "Place",
            "Topic",
            "Title",
            "Date",
            "Misc",
        ] {
            set.classes.push(Class {
                name: label.to_string(),
                labels: vec![label_of(label).unwrap_or(crate::mention::MentionLabel::Misc)],
            });
        }
        set.classes.push(Class {
            name: "Agent".into(),
            labels: vec![
                crate::mention::MentionLabel::Person,
                crate::mention::MentionLabel::Organization,
            ],
        });
        for (name, text) in files {
            parser::parse_file(name, text, &mut set, irregular)?;
        }
        for rule in &mut set.rules {
            rule.start = Start::of(&rule.pattern, &set.sets);
        }
        set.set_first = set
            .sets
            .iter()
            .map(|(_, phrases)| {
                let mut index: WordMap<Vec<usize>> = WordMap::default();
                for (i, p) in phrases.iter().enumerate() {
                    if let Some(first) = p.first() {
                        index.entry(first.clone()).or_default().push(i);
                    }
                }
                index
            })
            .collect();
        for (i, rule) in set.rules.iter().enumerate() {
            for t in &rule.triggers {
                if let Some(class) = t.class {
                    for &label in &set.classes[class].labels {
                        set.by_label.push((label, i));
                    }
                }
                if let Some(first) = t.words.first() {
                    let first = first.split(' ').next().unwrap_or("").to_string();
                    let list = set.by_first_word.entry(first).or_default();
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
        }
        set.evidence_names = set
            .rules
            .iter()
            .map(|r| format!("{}:{}", r.file.trim_start_matches("rules/"), r.name))
            .collect();
        fn family(rule: &Rule) -> &str {
            match &rule.output {
                Output::Event { .. } => "event",
                Output::Relation { rel_type, .. } => rel_type,
            }
        }
        let mut families: Vec<&str> = set.rules.iter().map(family).collect();
        families.sort_unstable();
        families.dedup();
        set.family_rank = set
            .rules
            .iter()
            .map(|r| families.binary_search(&family(r)).unwrap_or(0) as u32)
            .collect();
        set.program = matcher::Program::compile(&set);
        Ok(set)
    }

    pub fn role_index(&mut self, name: &str) -> usize {
        match self.roles.iter().position(|r| r == name) {
            Some(i) => i,
            None => {
                self.roles.push(name.to_string());
                self.roles.len() - 1
            }
        }
    }
}

pub fn label_of(name: &str) -> Option<crate::mention::MentionLabel> {
    use crate::mention::MentionLabel::*;
    Some(match name {
        "Person" => Person,
        "Organization" => Organization,
        "Place" => Place,
        "Topic" => Topic,
        "Title" => Title,
        "Date" => Date,
        "Misc" => Misc,
        _ => return None,
    })
}

/// Regular inflections of a verb lemma: meet → meets, meeting; talk → talked; hold → holds.
pub fn regular_forms(lemma: &str) -> Vec<String> {
    let mut forms = vec![lemma.to_string()];
    let ends = |s: &str| lemma.ends_with(s);
    if ends("s") || ends("sh") || ends("ch") || ends("x") || ends("z") || ends("o") {
        forms.push(format!("{lemma}es"));
    } else if ends("y")
        && !lemma.ends_with("ay")
        && !lemma.ends_with("ey")
        && !lemma.ends_with("oy")
    {
        forms.push(format!("{}ies", &lemma[..lemma.len() - 1]));
    } else {
        forms.push(format!("{lemma}s"));
    }
    let stem = if ends("e") && !ends("ee") {
        &lemma[..lemma.len() - 1]
    } else {
        lemma
    };
    forms.push(format!("{stem}ing"));
    if ends("e") {
        forms.push(format!("{lemma}d"));
    } else if ends("y") && !lemma.ends_with("ay") && !lemma.ends_with("ey") {
        forms.push(format!("{}ied", &lemma[..lemma.len() - 1]));
    } else {
        forms.push(format!("{lemma}ed"));
    }
    forms
}
