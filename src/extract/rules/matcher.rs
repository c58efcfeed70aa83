//! Matching compiled rules against one sentence: tokens + resolved mentions → rule matches
//! (trigger span, captured mentions per role). A small backtracking matcher over the token
//! sequence; captures consume whole mentions. Only rules whose trigger occurs in the sentence,
//! whose rarest needed words (`Op::required_rare`) occur in it and whose pattern's anchors
//! (`Program::anchors`: trigger, needed words, captured mentions) occur in it in order are
//! tried, only from starts at or before their last trigger occurrence, and what every
//! rule asks of a token (its mentions, whether it opens a name, capture candidates, where a
//! list goes on after an item ending there, where an affiliation starting there ends) is
//! computed once per sentence into reusable per-thread buffers. Each sequence item carries a
//! compiled first-token guard, so items that cannot begin at a token are failed or passed over
//! without a call (counting the steps the call would have taken), and lazy gaps run as loops.
//! Two cuts count no steps, as they only drop searches that cannot succeed: a partial match
//! past the rule's last trigger with no trigger yet fails at once, and an item whose needed
//! words (`Op::required`) are not all in the sentence is failed or passed over. What the
//! rest of a top-level sequence does after its first item is kept per token within a rule's
//! attempt (`SuffixMemo`), so starts that reach the same token share one search.

use super::{Node, RuleSet, Start, WordMap};
use crate::mention::facts::{IndexedWords, NOT_INDEXED, UNREAD};
use crate::mention::{Mention, MentionLabel};
use crate::text::Token;
use std::ops::Range;

/// A rule vocabulary id: every word the rules spell is numbered once, so the matcher compares
/// integers instead of strings.
pub type WordId = u32;
/// The id of a word no rule spells.
pub const NO_WORD: WordId = WordId::MAX;

/// A pattern node with its words as vocabulary ids (see `Node`).
#[derive(Clone, Debug, PartialEq)]
enum Op {
    /// Items, each with its `Guard` (filled by `Program::compile`).
    Seq(Vec<Op>, Vec<Option<Guard>>),
    /// Alternatives, each with the first-token test of its `Op::fail_guard` (filled by
    /// `Program::compile`).
    Alt(Vec<Op>, Vec<Option<AltGuard>>),
    Repeat {
        node: Box<Op>,
        min: u16,
        max: u16,
        /// The words a round of `node` can begin with (a bit set over word ids), when it
        /// always begins with a word (filled by `Op::guard_repeats`): other tokens end the
        /// repetition at once.
        first: Option<Box<[u64]>>,
    },
    Phrase(Box<[WordId]>),
    Set(usize),
    Capture {
        role: usize,
        class: usize,
        list: bool,
    },
    Trigger,
    Any,
    Not(Box<Op>),
    /// Zero-width: the sentence's first token.
    SentenceStart,
}

/// A first-token test for a sequence item whose outcome is known when the token cannot begin
/// it: the item fails (or, with `skips`, matches nothing and the sequence goes on) without
/// consuming anything. The search then skips the item's call and only counts the `cost`
/// steps that call would have taken (so the step limit is reached exactly as before).
#[derive(Clone, Debug, PartialEq)]
struct Guard {
    /// The words the item can begin with, as a bit set over word ids (`None`: any token).
    first: Option<Box<[u64]>>,
    /// Words every match of the item (of one round, for `x?` and `x*`; of `x`, for `!x`)
    /// consumes, each entry a set of alternatives: when one set has no word in the
    /// sentence, the item fails (or matches nothing) wherever it is tried. Checked on the
    /// sentence's word bit set; the skipped call counts no steps.
    needs: Box<[Box<[WordId]>]>,
    /// How many `match_node` calls the item takes at a token outside `first`.
    cost: u32,
    /// The item then matches nothing (an optional part `x?`, `x*` or a lookahead `!x`)
    /// rather than failing.
    skips: bool,
    /// The guard's number among the program's guards (`Program::guards`), under which a
    /// sentence's last token that `first` holds is kept (`Prepared::guard_last`).
    id: u32,
}

/// When an alternative fails at once at a token: the words it can begin with and how many
/// `match_node` calls the failure takes (see `Op::fail_guard`). An alternation of many
/// phrases ("travelled|flew|went|...") then tries only those its token can begin, counting
/// the steps of the others as their calls would.
#[derive(Clone, Debug, PartialEq)]
struct AltGuard {
    /// The one word the alternative can begin with, or `NO_WORD` when `bits` says.
    word: WordId,
    /// The words it can begin with, as a bit set over word ids (when more than one).
    bits: Option<Box<[u64]>>,
    cost: u32,
}

impl AltGuard {
    /// Whether the alternative fails at once at a token with word `w`.
    #[inline(always)]
    fn blocks(&self, w: WordId) -> bool {
        match &self.bits {
            None => w != self.word,
            Some(bits) => w == NO_WORD || bits[w as usize / 64] & (1 << (w % 64)) == 0,
        }
    }
}

/// Whether alternative `i` is passed over at a token with word `w` because its guard blocks
/// it: `Some(true)` when counting its steps crosses the step limit (the search stops),
/// `Some(false)` to go on with the next alternative, `None` when it is to be tried.
#[inline(always)]
fn guarded_out(guards: &[Option<AltGuard>], i: usize, w: WordId, st: &mut State) -> Option<bool> {
    let guard = guards.get(i)?.as_ref()?;
    if !guard.blocks(w) {
        return None;
    }
    st.steps += guard.cost;
    Some(st.steps > STEP_LIMIT)
}

/// What one item of a pattern's sequence must hold, in the item's order: its trigger, or words
/// (each entry a sorted set of which the item consumes one, `Op::required_rare`). The items
/// of a sequence take tokens one after another, so a sentence where the anchors of every
/// alternative cannot be found in order cannot match.
#[derive(Clone, Debug, PartialEq)]
enum Anchor {
    /// A word trigger of the rule begins in the item.
    Trigger,
    Words(Box<[Box<[WordId]>]>),
    /// The item is a capture of a class with these labels (`1 << label`): it takes a mention
    /// starting in the sentence at or after the item's first token, which is usable and has
    /// one of the labels; for a class that takes persons, any mention there may lead to one
    /// (a title or an affiliation before the name, see `capture_candidates`).
    Capture {
        labels: u32,
        person: bool,
    },
}

/// Where a rule's match may begin (see `Start`), with words as ids.
#[derive(Clone, Debug, PartialEq)]
enum OpStart {
    Anything,
    Mention,
    Trigger,
    Words(Box<[WordId]>),
    Either(Vec<OpStart>),
}

/// `OpStart` with its alternatives merged: a match may begin at a token when any test holds.
#[derive(Clone, Debug, Default, PartialEq)]
struct StartTest {
    anything: bool,
    /// A mention starts there, or an article or possessive before one.
    mention: bool,
    trigger: bool,
    words: Vec<WordId>,
    /// `words` as a bit set over word ids (filled by `Program::compile` once every word has
    /// its id), so a start is tested with one bit, not a search of the list.
    word_bits: Box<[u64]>,
}

impl StartTest {
    fn of(start: &OpStart) -> StartTest {
        fn add(start: &OpStart, out: &mut StartTest) {
            match start {
                OpStart::Anything => out.anything = true,
                OpStart::Mention => out.mention = true,
                OpStart::Trigger => out.trigger = true,
                OpStart::Words(words) => out.words.extend(words.iter()),
                OpStart::Either(options) => options.iter().for_each(|o| add(o, out)),
            }
        }
        let mut out = StartTest::default();
        add(start, &mut out);
        out
    }
}

/// Words the matcher itself looks for.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct FixedWords {
    /// The `OPENERS`, as a bit set over word ids: they are the first words the vocabulary
    /// numbers, so their ids are below 64 and one word holds them.
    openers: u64,
    /// Sentence-final punctuation a gap never crosses: . ; ? !
    stops: [WordId; 4],
    comma: WordId,
    and: WordId,
    ampersand: WordId,
}

/// A rule's trigger forms by first word: (word, range of its forms in the rule's
/// `trigger_form_order`), sorted by word.
type FormIndex = Box<[(WordId, u16, u16)]>;

/// The word trigger phrases beginning with one word, each with the rules it fires
/// (`Program::trigger_phrases`).
type TriggerPhrases = Box<[(Box<[WordId]>, WordMasks)]>;

/// Words as `(index, mask)` pairs over a bit set of word ids (bit `w % 64` of word `w / 64`),
/// one pair per 64-bit word they fall in.
type WordMasks = Box<[(u32, u64)]>;

/// The rule set compiled for matching: patterns, triggers and word sets over vocabulary ids.
/// Built by `RuleSet::parse`; the AST stays as written for traces and tools.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Program {
    vocabulary: WordMap<WordId>,
    /// Names this vocabulary (its words and ids; never 0): recognition looks its words up
    /// for `document_words` when the lexicon indexed them under this fingerprint.
    vocabulary_fingerprint: u64,
    /// The vocabulary as a probe table over token bytes (`document_words`).
    word_table: WordTable,
    patterns: Vec<Op>,
    /// Per rule: where a match may begin, flattened (`OpStart` alternatives merged).
    starts: Vec<StartTest>,
    /// Per rule, per trigger form: its words (empty for a label trigger).
    triggers: Vec<Vec<Box<[WordId]>>>,
    /// Per word set: its phrases.
    sets: Vec<Vec<Box<[WordId]>>>,
    /// Per word set: the first words of its phrases, as a bit set over word ids.
    set_firsts: Vec<Vec<u64>>,
    /// Per word set: its non-empty phrases sorted by first word (in set order within one).
    set_phrases: Vec<Vec<Box<[WordId]>>>,
    /// Per word set: (first word, range of `set_phrases`), sorted by word.
    set_index: Vec<Box<[(WordId, u32, u32)]>>,
    /// Per word set, per 64-bit word of `set_firsts`: how many first words come before it,
    /// so a first word's entry in `set_index` is found by counting bits, not searching.
    set_ranks: Vec<Box<[u32]>>,
    /// Per rule: the first words of its word triggers (`trigger_phrases` holds the rule),
    /// as a bit set: a gap stops at them once the trigger has matched, and the rule's last
    /// trigger in a sentence is looked for only where one of them stands.
    gap_triggers: Vec<Vec<u64>>,
    /// Per rule: the first words of its word triggers, or `None` when a trigger can begin at
    /// any token (a label trigger, or an empty one).
    trigger_firsts: Vec<Option<Box<[WordId]>>>,
    /// Per rule whose triggers are all label classes (`@Title`): their labels as a bit set
    /// (`1 << label`), so its last trigger is the last start of a mention with one of them,
    /// which `prepare` notes once per sentence; 0 for the other rules.
    trigger_labels_only: Vec<u32>,
    /// `trigger_firsts` as bit sets over word ids.
    trigger_first_bits: Vec<Option<Box<[u64]>>>,
    /// Per rule with word triggers only: its trigger forms grouped by first word, as
    /// (first word, range of `trigger_form_order`) sorted by word. At a token only the forms
    /// beginning with its word can match, so the others are never read.
    trigger_form_index: Vec<Option<FormIndex>>,
    /// Per rule: its trigger form indices grouped by first word (in form order within a
    /// group), as `trigger_form_index` refers to them.
    trigger_form_order: Vec<Box<[u16]>>,
    /// Per word id: the word trigger phrases starting with that word, each with the rules it
    /// fires as a bit set over rule indices (`(index, mask)` pairs): a sentence's triggered
    /// rules are the masks of the phrases found in it or-ed together, a few words per phrase
    /// however many rules share it. (A rule whose trigger phrase only begins in the sentence,
    /// "in" of "in the presence of", has no trigger there unless a mention is one, and then
    /// its label triggers it.)
    trigger_phrases: Vec<TriggerPhrases>,
    /// Per word id: the status and kind cues starting with that word, as (list, phrase); list
    /// `i` is `statuses[i]`, list `statuses.len() + i` is `kinds[i]`.
    cue_starts: Vec<Vec<(usize, Box<[WordId]>)>>,
    /// Per word id: bit `list` set when a cue of that list (of the first 64) starts with the
    /// word, so that asking for a list the word begins no cue of reads no phrase.
    cue_lists: Vec<u64>,
    /// How many status lists come before the kind lists in `cue_starts`.
    status_lists: usize,
    /// Per rule: words a match cannot do without, as sets of which one must occur in the
    /// sentence ("talks between ..." needs one of between, among, involving).
    /// (What `Op::required` finds, split: the sets of one word as masks over the words of
    /// the `present` bit set, `(index, mask)`, all of whose bits must be set; the others, each
    /// as such masks too, one of whose bits must be set.)
    required: Vec<Vec<WordMasks>>,
    required_masks: Vec<WordMasks>,
    /// Per rule: its `required_masks` folded into one word (bit `w % 64` for each required
    /// word `w`). A sentence's words folded the same way must cover it: one test rules out
    /// most rules before their masks are read.
    required_folded: Vec<u64>,
    /// Per rule: the label classes of the captures every match makes, each as the bit set of
    /// its labels (`1 << label`; a sentence without a mention one of them could take cannot
    /// match).
    required_classes: Vec<Vec<u32>>,
    /// Per rule: what each alternative of its pattern must hold in order (`Anchor`), or
    /// nothing when the order cannot rule the rule out (an alternative holds no anchor, or
    /// none holds two).
    anchors: Vec<Box<[Box<[Anchor]>]>>,
    fixed: FixedWords,
    /// How many sequence item guards the patterns hold (`Guard::id`).
    guards: u32,
}

impl Op {
    /// Whether the node can match without consuming a token.
    fn nullable(&self, sets: &[Vec<Box<[WordId]>>]) -> bool {
        match self {
            Op::Seq(items, _) => items.iter().all(|n| n.nullable(sets)),
            Op::Alt(alts, _) => alts.iter().any(|n| n.nullable(sets)),
            Op::Repeat { node, min, .. } => *min == 0 || node.nullable(sets),
            Op::Phrase(words) => words.is_empty(),
            Op::Set(i) => sets[*i].iter().any(|p| p.is_empty()),
            Op::Capture { .. } | Op::Trigger | Op::Any => false,
            Op::Not(_) | Op::SentenceStart => true,
        }
    }

    /// Words every match of the node consumes: each entry a set of alternatives of which a
    /// match holds at least one. A phrase of a word set stands for its first word.
    fn required(&self, sets: &[Vec<Box<[WordId]>>], out: &mut Vec<Box<[WordId]>>) {
        self.required_by(sets, None, out)
    }

    /// [`Op::required`], choosing by word length (`lengths`, per word id) what stands for a
    /// phrase of a word set (its longest word: "in turn" needs "turn", where "in" is in almost
    /// every sentence) and which requirement of an alternative enters the union (the one whose
    /// shortest word is longest). Any word a match must consume is as sound as the first; a
    /// long one is rarer, so the rule is ruled out for more sentences.
    fn required_rare(
        &self,
        sets: &[Vec<Box<[WordId]>>],
        lengths: &[u8],
        out: &mut Vec<Box<[WordId]>>,
    ) {
        self.required_by(sets, Some(lengths), out)
    }

    fn required_by(
        &self,
        sets: &[Vec<Box<[WordId]>>],
        lengths: Option<&[u8]>,
        out: &mut Vec<Box<[WordId]>>,
    ) {
        // The shortest word of a requirement: the longer, the rarer the requirement is taken
        // to be met.
        let shortest = |either: &[WordId], lengths: &[u8]| {
            either
                .iter()
                .map(|&w| lengths[w as usize])
                .min()
                .unwrap_or(0)
        };
        match self {
            Op::Seq(items, _) => items.iter().for_each(|n| n.required_by(sets, lengths, out)),
            Op::Alt(alts, _) => {
                // One requirement from each alternative; none if some alternative requires
                // nothing.
                let mut either: Vec<WordId> = Vec::new();
                for alt in alts {
                    let mut own = Vec::new();
                    alt.required_by(sets, lengths, &mut own);
                    let chosen = match lengths {
                        None => own.first(),
                        // The first of the rarest, so ties keep the written order.
                        Some(lengths) => own.iter().rev().max_by_key(|e| shortest(e, lengths)),
                    };
                    match chosen {
                        Some(chosen) => either.extend(chosen.iter()),
                        None => return,
                    }
                }
                if !either.is_empty() {
                    either.sort_unstable();
                    either.dedup();
                    out.push(either.into());
                }
            }
            Op::Repeat { node, min, .. } if *min > 0 => node.required_by(sets, lengths, out),
            Op::Phrase(words) => out.extend(words.iter().map(|&w| Box::from([w]))),
            Op::Set(i) if !self.nullable(sets) => {
                let mut words: Vec<WordId> = sets[*i]
                    .iter()
                    .filter_map(|p| match lengths {
                        None => p.first().copied(),
                        // The first of the longest words.
                        Some(lengths) => {
                            p.iter().rev().copied().max_by_key(|&w| lengths[w as usize])
                        }
                    })
                    .collect();
                words.sort_unstable();
                words.dedup();
                out.push(words.into());
            }
            Op::Repeat { .. }
            | Op::Set(_)
            | Op::Capture { .. }
            | Op::Trigger
            | Op::Any
            | Op::Not(_)
            | Op::SentenceStart => {}
        }
    }
}

impl Op {
    /// The anchors of each alternative of a rule's pattern (see `Program::anchors`):
    /// `word_triggers` when every trigger of the rule is a phrase of words.
    fn anchors(
        pattern: &Op,
        sets: &[Vec<Box<[WordId]>>],
        lengths: &[u8],
        class_labels: &[u32],
        word_triggers: bool,
    ) -> Box<[Box<[Anchor]>]> {
        let sequence = |node: &Op| -> Box<[Anchor]> {
            let items = match node {
                Op::Seq(items, _) => &items[..],
                other => std::slice::from_ref(other),
            };
            let mut anchors = Vec::new();
            for item in items {
                if matches!(item, Op::Trigger) {
                    if word_triggers {
                        anchors.push(Anchor::Trigger);
                    }
                    continue;
                }
                if let Op::Capture { class, .. } = item {
                    let labels = class_labels[*class];
                    anchors.push(Anchor::Capture {
                        labels,
                        person: labels & 1 << MentionLabel::Person as u32 != 0,
                    });
                    continue;
                }
                let mut needs = Vec::new();
                item.required_rare(sets, lengths, &mut needs);
                if !needs.is_empty() {
                    for either in needs.iter_mut() {
                        either.sort_unstable();
                    }
                    anchors.push(Anchor::Words(needs.into()));
                }
            }
            anchors.into()
        };
        let alternatives: Box<[Box<[Anchor]>]> = match pattern {
            Op::Alt(alts, _) => alts.iter().map(sequence).collect(),
            other => Box::new([sequence(other)]),
        };
        let useful =
            alternatives.iter().all(|a| !a.is_empty()) && alternatives.iter().any(|a| a.len() >= 2);
        if useful {
            alternatives
        } else {
            Box::new([])
        }
    }

    /// The words a non-empty match of the node can begin with; `None` when it may begin with
    /// any token or a mention.
    fn first_words(&self, sets: &[Vec<Box<[WordId]>>]) -> Option<Vec<WordId>> {
        let union = |nodes: &mut dyn Iterator<Item = &Op>| -> Option<Vec<WordId>> {
            let mut out = Vec::new();
            for n in nodes {
                out.extend(n.first_words(sets)?);
            }
            out.sort_unstable();
            out.dedup();
            Some(out)
        };
        match self {
            // A non-empty match begins in the first item that consumes a token, after items
            // that matched nothing.
            Op::Seq(items, _) => {
                let upto = items
                    .iter()
                    .position(|n| !n.nullable(sets))
                    .map_or(items.len(), |i| i + 1);
                union(&mut items[..upto].iter())
            }
            Op::Alt(alts, _) => union(&mut alts.iter()),
            Op::Repeat { node, .. } => node.first_words(sets),
            Op::Phrase(words) => Some(words.first().copied().into_iter().collect()),
            Op::Set(i) => Some(sets[*i].iter().filter_map(|p| p.first().copied()).collect()),
            Op::Not(_) | Op::SentenceStart => Some(Vec::new()),
            Op::Capture { .. } | Op::Trigger | Op::Any => None,
        }
    }

    /// Fills every repetition's `first` words (`vocabulary` words in all).
    fn guard_repeats(&mut self, sets: &[Vec<Box<[WordId]>>], vocabulary: usize) {
        match self {
            Op::Seq(items, _) | Op::Alt(items, _) => {
                items
                    .iter_mut()
                    .for_each(|n| n.guard_repeats(sets, vocabulary));
            }
            Op::Repeat { node, first, .. } => {
                *first = node.first_words(sets).map(|words| {
                    let mut bits = vec![0u64; vocabulary.div_ceil(64)];
                    for w in words {
                        bits[w as usize / 64] |= 1 << (w % 64);
                    }
                    bits.into_boxed_slice()
                });
                node.guard_repeats(sets, vocabulary);
            }
            Op::Not(inner) => inner.guard_repeats(sets, vocabulary),
            Op::Phrase(_)
            | Op::Set(_)
            | Op::Capture { .. }
            | Op::Trigger
            | Op::Any
            | Op::SentenceStart => {}
        }
    }

    /// The classes of the captures every match of the node makes.
    fn required_captures(&self, out: &mut Vec<usize>) {
        match self {
            Op::Seq(items, _) => items.iter().for_each(|n| n.required_captures(out)),
            Op::Repeat { node, min, .. } if *min > 0 => node.required_captures(out),
            Op::Capture { class, .. } => out.push(*class),
            Op::Alt(..)
            | Op::Repeat { .. }
            | Op::Phrase(_)
            | Op::Set(_)
            | Op::Trigger
            | Op::Any
            | Op::Not(_)
            | Op::SentenceStart => {}
        }
    }
}

impl Op {
    /// When the node fails at once (without consuming or calling what follows) at a token
    /// that cannot begin it: the words that can (a bit set of `words` bits) and how many
    /// `match_node` calls the failure takes. `trigger_first` is the rule's `trigger_firsts`.
    fn fail_guard(
        &self,
        set_firsts: &[Vec<u64>],
        trigger_first: Option<&[WordId]>,
        words: usize,
    ) -> Option<(Vec<u64>, u32)> {
        let bits_of = |ids: &mut dyn Iterator<Item = WordId>| {
            let mut bits = vec![0u64; words.div_ceil(64)];
            for w in ids {
                bits[w as usize / 64] |= 1 << (w % 64);
            }
            bits
        };
        match self {
            Op::Phrase(ids) => ids.first().map(|&w| (bits_of(&mut std::iter::once(w)), 1)),
            // Empty phrases of a set never match (see `match_node`).
            Op::Set(i) => Some((set_firsts[*i].clone(), 1)),
            Op::Trigger => trigger_first.map(|ids| (bits_of(&mut ids.iter().copied()), 1)),
            Op::Repeat {
                min,
                first: Some(bits),
                ..
            } if *min > 0 => Some((bits.to_vec(), 1)),
            Op::Alt(alts, _) => {
                let mut union = vec![0u64; words.div_ceil(64)];
                let mut cost = 1;
                for alt in alts {
                    let (bits, c) = alt.fail_guard(set_firsts, trigger_first, words)?;
                    union.iter_mut().zip(&bits).for_each(|(u, b)| *u |= b);
                    cost += c;
                }
                Some((union, cost))
            }
            Op::Seq(items, _) => {
                let (bits, c) = items
                    .first()?
                    .fail_guard(set_firsts, trigger_first, words)?;
                Some((bits, c + 1))
            }
            Op::Repeat { .. } | Op::Capture { .. } | Op::Any | Op::Not(_) | Op::SentenceStart => {
                None
            }
        }
    }

    /// Fills every sequence's item guards (after `guard_repeats`).
    fn guard_items(
        &mut self,
        sets: &[Vec<Box<[WordId]>>],
        set_firsts: &[Vec<u64>],
        trigger_first: Option<&[WordId]>,
        words: usize,
    ) {
        match self {
            Op::Seq(items, guards) => {
                items
                    .iter_mut()
                    .for_each(|n| n.guard_items(sets, set_firsts, trigger_first, words));
                *guards = items
                    .iter()
                    .map(|n| {
                        // What a match of the item needs from the sentence: phrases and sets
                        // are cheap to try and guarded by their first word already.
                        let mut needs = Vec::new();
                        match n {
                            Op::Repeat { node, min: 0, .. } | Op::Not(node) => {
                                node.required(sets, &mut needs)
                            }
                            Op::Repeat { .. } | Op::Seq(..) | Op::Alt(..) => {
                                n.required(sets, &mut needs)
                            }
                            Op::Phrase(_)
                            | Op::Set(_)
                            | Op::Capture { .. }
                            | Op::Trigger
                            | Op::Any
                            | Op::SentenceStart => {}
                        }
                        let needs = needs.into_boxed_slice();
                        let guard = |(first, cost): (Vec<u64>, u32), skips| Guard {
                            first: Some(first.into_boxed_slice()),
                            needs: needs.clone(),
                            cost,
                            skips,
                            id: 0,
                        };
                        if let Some(fails) = n.fail_guard(set_firsts, trigger_first, words) {
                            return Some(guard(fails, false));
                        }
                        let skips = match n {
                            // Greedy: no round can begin, so the repetition ends at once
                            // (one call).
                            Op::Repeat {
                                min: 0,
                                first: Some(bits),
                                ..
                            } => Some((bits.to_vec(), 1)),
                            // The inner node fails, so the lookahead holds (its call and
                            // the inner ones).
                            Op::Not(inner) => inner
                                .fail_guard(set_firsts, trigger_first, words)
                                .map(|(bits, cost)| (bits, cost + 1)),
                            _ => None,
                        };
                        match skips {
                            Some(s) => Some(guard(s, true)),
                            None if needs.is_empty() => None,
                            None => Some(Guard {
                                first: None,
                                skips: matches!(n, Op::Repeat { min: 0, .. } | Op::Not(_)),
                                needs,
                                cost: 0,
                                id: 0,
                            }),
                        }
                    })
                    .collect();
            }
            Op::Alt(items, guards) => {
                items
                    .iter_mut()
                    .for_each(|n| n.guard_items(sets, set_firsts, trigger_first, words));
                *guards = items
                    .iter()
                    .map(|n| {
                        // A phrase, the usual alternative, fails in one call off its first
                        // word (`fail_guard`, without building its bit set).
                        if let Op::Phrase(ids) = n {
                            return ids.first().map(|&word| AltGuard {
                                word,
                                bits: None,
                                cost: 1,
                            });
                        }
                        let (bits, cost) = n.fail_guard(set_firsts, trigger_first, words)?;
                        let ones: u32 = bits.iter().map(|b| b.count_ones()).sum();
                        let word = bits
                            .iter()
                            .enumerate()
                            .find(|(_, b)| **b != 0)
                            .map(|(i, b)| (i * 64) as WordId + b.trailing_zeros());
                        Some(match (ones, word) {
                            (1, Some(word)) => AltGuard {
                                word,
                                bits: None,
                                cost,
                            },
                            _ => AltGuard {
                                word: NO_WORD,
                                bits: Some(bits.into_boxed_slice()),
                                cost,
                            },
                        })
                    })
                    .collect();
            }
            Op::Repeat { node, .. } | Op::Not(node) => {
                node.guard_items(sets, set_firsts, trigger_first, words)
            }
            Op::Phrase(_)
            | Op::Set(_)
            | Op::Capture { .. }
            | Op::Trigger
            | Op::Any
            | Op::SentenceStart => {}
        }
    }
}

impl Op {
    /// Numbers every sequence item guard (`Guard::id`) from `next` on.
    fn number_guards(&mut self, next: &mut u32) {
        match self {
            Op::Seq(items, guards) => {
                for guard in guards.iter_mut().flatten() {
                    guard.id = *next;
                    *next += 1;
                }
                items.iter_mut().for_each(|n| n.number_guards(next));
            }
            Op::Alt(items, _) => items.iter_mut().for_each(|n| n.number_guards(next)),
            Op::Repeat { node, .. } | Op::Not(node) => node.number_guards(next),
            Op::Phrase(_)
            | Op::Set(_)
            | Op::Capture { .. }
            | Op::Trigger
            | Op::Any
            | Op::SentenceStart => {}
        }
    }
}

/// A hash of the vocabulary's words and ids (independent of the map's order), never 0.
fn fingerprint_of(vocabulary: &WordMap<WordId>) -> u64 {
    let mut words: Vec<(&String, WordId)> = vocabulary.iter().map(|(w, &id)| (w, id)).collect();
    words.sort_unstable_by_key(|&(_, id)| id);
    let mut hasher = super::WordHasher::default();
    for (word, id) in words {
        std::hash::Hasher::write(&mut hasher, &(word.len() as u64).to_le_bytes());
        std::hash::Hasher::write(&mut hasher, word.as_bytes());
        std::hash::Hasher::write(&mut hasher, &id.to_le_bytes());
    }
    std::hash::Hasher::finish(&hasher) | 1
}

impl Program {
    /// Compiles a parsed rule set (its `rules`, `sets` and `start`s must be final).
    pub fn compile(set: &RuleSet) -> Program {
        let mut vocabulary: WordMap<WordId> = WordMap::default();
        let mut id = |w: &str| -> WordId {
            let next = vocabulary.len() as WordId;
            *vocabulary.entry(w.to_string()).or_insert(next)
        };
        let opener_ids = OPENERS.map(&mut id);
        debug_assert!(opener_ids.iter().all(|&w| w < 64));
        let fixed = FixedWords {
            openers: opener_ids.iter().fold(0, |bits, &w| bits | 1 << w),
            stops: [".", ";", "?", "!"].map(&mut id),
            comma: id(","),
            and: id("and"),
            ampersand: id("&"),
        };
        let phrase = |words: &[String], id: &mut dyn FnMut(&str) -> WordId| -> Box<[WordId]> {
            words.iter().map(|w| id(w)).collect()
        };
        fn op(node: &Node, id: &mut dyn FnMut(&str) -> WordId) -> Op {
            match node {
                Node::Seq(items) => Op::Seq(items.iter().map(|n| op(n, id)).collect(), Vec::new()),
                Node::Alt(items) => Op::Alt(items.iter().map(|n| op(n, id)).collect(), Vec::new()),
                Node::Repeat { node, min, max } => Op::Repeat {
                    node: Box::new(op(node, id)),
                    min: *min,
                    max: *max,
                    first: None,
                },
                Node::Phrase(words) => Op::Phrase(words.iter().map(|w| id(w)).collect()),
                Node::Set(i) => Op::Set(*i),
                Node::Capture { role, class, list } => Op::Capture {
                    role: *role,
                    class: *class,
                    list: *list,
                },
                Node::Trigger => Op::Trigger,
                Node::Any => Op::Any,
                Node::Not(inner) => Op::Not(Box::new(op(inner, id))),
                Node::SentenceStart => Op::SentenceStart,
            }
        }
        let patterns: Vec<Op> = set.rules.iter().map(|r| op(&r.pattern, &mut id)).collect();
        fn start(s: &Start, id: &mut dyn FnMut(&str) -> WordId) -> OpStart {
            match s {
                Start::Anything => OpStart::Anything,
                Start::Mention => OpStart::Mention,
                Start::Trigger => OpStart::Trigger,
                Start::Words(words) => OpStart::Words(words.iter().map(|w| id(w)).collect()),
                Start::Either(options) => {
                    OpStart::Either(options.iter().map(|o| start(o, id)).collect())
                }
            }
        }
        let starts = set
            .rules
            .iter()
            .map(|r| StartTest::of(&start(&r.start, &mut id)))
            .collect();
        let triggers: Vec<Vec<Box<[WordId]>>> = set
            .rules
            .iter()
            .map(|r| {
                r.triggers
                    .iter()
                    .map(|t| phrase(&t.words, &mut id))
                    .collect()
            })
            .collect();
        let sets: Vec<Vec<Box<[WordId]>>> = set
            .sets
            .iter()
            .map(|(_, phrases)| phrases.iter().map(|p| phrase(p, &mut id)).collect())
            .collect();
        let cues: Vec<(usize, Box<[WordId]>)> = set
            .statuses
            .iter()
            .chain(&set.kinds)
            .enumerate()
            .flat_map(|(list, cues)| cues.phrases.iter().map(move |p| (list, p)))
            .filter(|(_, p)| !p.is_empty())
            .map(|(list, p)| (list, phrase(p, &mut id)))
            .collect();
        let mut cue_starts = vec![Vec::new(); vocabulary.len()];
        let mut cue_lists = vec![0u64; vocabulary.len()];
        for (list, words) in cues {
            if list < 64 {
                cue_lists[words[0] as usize] |= 1 << list;
            }
            cue_starts[words[0] as usize].push((list, words));
        }
        let mut first_word_rules: Vec<Vec<usize>> = vec![Vec::new(); vocabulary.len()];
        for (word, rules) in &set.by_first_word {
            if let Some(&w) = vocabulary.get(word) {
                first_word_rules[w as usize] = rules.clone();
            }
        }
        // Per word id: (phrase, its rules as (index, mask) pairs).
        type Building = Vec<(Box<[WordId]>, Vec<(u32, u64)>)>;
        let mut phrases_of_word: Vec<Building> = vec![Vec::new(); vocabulary.len()];
        for (ri, (rule, forms)) in set.rules.iter().zip(&triggers).enumerate() {
            for (form, words) in rule.triggers.iter().zip(forms) {
                let Some(&first) = words.first() else {
                    continue;
                };
                if form.class.is_some() {
                    continue;
                }
                let phrases = &mut phrases_of_word[first as usize];
                let at = match phrases.iter().position(|(p, _)| p == words) {
                    Some(at) => at,
                    None => {
                        phrases.push((words.clone(), Vec::new()));
                        phrases.len() - 1
                    }
                };
                let masks = &mut phrases[at].1;
                let (index, bit) = ((ri / 64) as u32, 1u64 << (ri % 64));
                match masks.iter_mut().find(|(i, _)| *i == index) {
                    Some((_, mask)) => *mask |= bit,
                    None => masks.push((index, bit)),
                }
            }
        }
        let trigger_phrases: Vec<TriggerPhrases> = phrases_of_word
            .into_iter()
            .map(|phrases| {
                phrases
                    .into_iter()
                    .map(|(phrase, masks)| (phrase, masks.into_boxed_slice()))
                    .collect()
            })
            .collect();
        let set_firsts: Vec<Vec<u64>> = sets
            .iter()
            .map(|phrases| {
                let mut bits = vec![0u64; vocabulary.len().div_ceil(64)];
                for first in phrases.iter().filter_map(|p| p.first()) {
                    bits[*first as usize / 64] |= 1 << (first % 64);
                }
                bits
            })
            .collect();
        let trigger_firsts: Vec<Option<Box<[WordId]>>> = set
            .rules
            .iter()
            .zip(&triggers)
            .map(|(rule, forms)| {
                let any_token = rule
                    .triggers
                    .iter()
                    .zip(forms)
                    .any(|(form, words)| form.class.is_some() || words.is_empty());
                (!any_token).then(|| forms.iter().map(|words| words[0]).collect())
            })
            .collect();
        let trigger_labels_only = set
            .rules
            .iter()
            .map(|rule| {
                let labels_only =
                    !rule.triggers.is_empty() && rule.triggers.iter().all(|t| t.class.is_some());
                if !labels_only {
                    return 0;
                }
                rule.triggers
                    .iter()
                    .filter_map(|t| t.class)
                    .flat_map(|class| set.classes[class].labels.iter())
                    .fold(0u32, |bits, &label| bits | 1 << label as u32)
            })
            .collect();
        let mut trigger_form_index = Vec::with_capacity(set.rules.len());
        let mut trigger_form_order = Vec::with_capacity(set.rules.len());
        for (firsts, forms) in trigger_firsts.iter().zip(&triggers) {
            let Some(firsts) = firsts else {
                trigger_form_index.push(None);
                trigger_form_order.push(Box::default());
                continue;
            };
            // A stable sort keeps the form order within each first word.
            let mut order: Vec<u16> = (0..forms.len() as u16).collect();
            order.sort_by_key(|&fi| firsts[fi as usize]);
            let mut index: Vec<(WordId, u16, u16)> = Vec::new();
            for (at, &fi) in order.iter().enumerate() {
                let word = firsts[fi as usize];
                match index.last_mut() {
                    Some((w, _, end)) if *w == word => *end = at as u16 + 1,
                    _ => index.push((word, at as u16, at as u16 + 1)),
                }
            }
            trigger_form_index.push(Some(index.into_boxed_slice()));
            trigger_form_order.push(order.into_boxed_slice());
        }
        let mut patterns = patterns;
        patterns
            .iter_mut()
            .for_each(|p| p.guard_repeats(&sets, vocabulary.len()));
        let required_classes = patterns
            .iter()
            .map(|p: &Op| {
                let mut out = Vec::new();
                p.required_captures(&mut out);
                out.sort_unstable();
                out.dedup();
                out.into_iter()
                    .map(|class| {
                        set.classes[class]
                            .labels
                            .iter()
                            .fold(0u32, |bits, &label| bits | 1 << label as u32)
                    })
                    .collect()
            })
            .collect();
        // Each word's length in bytes (at most 255), by id: what `Op::required_rare` ranks by.
        let mut lengths = vec![0u8; vocabulary.len()];
        for (word, &id) in vocabulary.iter() {
            lengths[id as usize] = word.len().min(255) as u8;
        }
        let (required, required_masks): (Vec<_>, Vec<WordMasks>) = patterns
            .iter()
            .map(|p: &Op| {
                let mut out = Vec::new();
                p.required_rare(&sets, &lengths, &mut out);
                let mut masks: Vec<(u32, u64)> = Vec::new();
                for either in out.iter().filter(|either| either.len() == 1) {
                    let (index, bit) = (either[0] / 64, 1u64 << (either[0] % 64));
                    match masks.iter_mut().find(|(i, _)| *i == index) {
                        Some((_, mask)) => *mask |= bit,
                        None => masks.push((index, bit)),
                    }
                }
                masks.sort_unstable();
                let eithers: Vec<WordMasks> = out
                    .iter()
                    .filter(|either| either.len() != 1)
                    .map(|either| {
                        let mut masks: Vec<(u32, u64)> = Vec::new();
                        for &w in either.iter() {
                            let (index, bit) = (w / 64, 1u64 << (w % 64));
                            match masks.iter_mut().find(|(i, _)| *i == index) {
                                Some((_, mask)) => *mask |= bit,
                                None => masks.push((index, bit)),
                            }
                        }
                        masks.into_boxed_slice()
                    })
                    .collect();
                (eithers, masks.into_boxed_slice())
            })
            .unzip();
        let class_labels: Vec<u32> = set
            .classes
            .iter()
            .map(|class| {
                class
                    .labels
                    .iter()
                    .fold(0u32, |bits, &label| bits | 1 << label as u32)
            })
            .collect();
        let anchors = patterns
            .iter()
            .zip(&trigger_firsts)
            .map(|(pattern, firsts)| {
                Op::anchors(pattern, &sets, &lengths, &class_labels, firsts.is_some())
            })
            .collect();
        for (pattern, firsts) in patterns.iter_mut().zip(&trigger_firsts) {
            pattern.guard_items(&sets, &set_firsts, firsts.as_deref(), vocabulary.len());
        }
        let mut guards = 0;
        patterns
            .iter_mut()
            .for_each(|p| p.number_guards(&mut guards));
        // Each set's phrases by first word, in their order within a first word.
        let mut set_phrases = Vec::with_capacity(sets.len());
        let mut set_index = Vec::with_capacity(sets.len());
        for phrases in &sets {
            let mut sorted: Vec<Box<[WordId]>> =
                phrases.iter().filter(|p| !p.is_empty()).cloned().collect();
            sorted.sort_by_key(|p| p[0]);
            let mut index: Vec<(WordId, u32, u32)> = Vec::new();
            for (i, p) in sorted.iter().enumerate() {
                match index.last_mut() {
                    Some(last) if last.0 == p[0] => last.2 = i as u32 + 1,
                    _ => index.push((p[0], i as u32, i as u32 + 1)),
                }
            }
            set_phrases.push(sorted);
            set_index.push(index.into_boxed_slice());
        }
        let mut gap_triggers = vec![vec![0u64; vocabulary.len().div_ceil(64)]; set.rules.len()];
        for (w, rules) in first_word_rules.iter().enumerate() {
            for &ri in rules {
                gap_triggers[ri][w / 64] |= 1 << (w % 64);
            }
        }
        let trigger_first_bits = trigger_firsts
            .iter()
            .map(|firsts| {
                firsts.as_ref().map(|ids| {
                    let mut bits = vec![0u64; vocabulary.len().div_ceil(64)];
                    for &w in ids.iter() {
                        bits[w as usize / 64] |= 1 << (w % 64);
                    }
                    bits.into_boxed_slice()
                })
            })
            .collect();
        let set_ranks = set_firsts
            .iter()
            .map(|bits| {
                bits.iter()
                    .scan(0u32, |before, word| {
                        let rank = *before;
                        *before += word.count_ones();
                        Some(rank)
                    })
                    .collect()
            })
            .collect();
        let mut starts: Vec<StartTest> = starts;
        for test in &mut starts {
            let mut bits = vec![0u64; vocabulary.len().div_ceil(64)];
            for &w in &test.words {
                bits[w as usize / 64] |= 1 << (w % 64);
            }
            test.word_bits = bits.into_boxed_slice();
        }
        let required_folded = required_masks
            .iter()
            .map(|masks| masks.iter().fold(0, |bits, &(_, mask)| bits | mask))
            .collect();
        Program {
            required_folded,
            set_ranks,
            word_table: WordTable::new(&vocabulary),
            vocabulary_fingerprint: fingerprint_of(&vocabulary),
            trigger_first_bits,
            trigger_form_index,
            trigger_form_order,
            set_phrases,
            set_index,
            gap_triggers,
            vocabulary,
            required,
            required_masks,
            required_classes,
            anchors,
            patterns,
            starts,
            triggers,
            sets,
            trigger_phrases,
            set_firsts,
            trigger_firsts,
            trigger_labels_only,
            cue_starts,
            cue_lists,
            status_lists: set.statuses.len(),
            fixed,
            guards,
        }
    }

    /// Each token's vocabulary id (`NO_WORD` for words no rule spells), from the lower-cased
    /// document text: computed once per document, then every rule and cue compares integers.
    /// Ids recognition already found (`indexed`, when the lexicon indexed this vocabulary)
    /// are taken as they are; only the tokens it could not read are looked up here.
    pub fn document_words(
        &self,
        lower: &str,
        tokens: &[Token],
        indexed: &IndexedWords,
    ) -> Vec<WordId> {
        let bytes = lower.as_bytes();
        let lookup = |t: &Token| self.word_table.get(bytes, t.start as usize, t.end as usize);
        let usable = indexed.fingerprint != 0
            && indexed.fingerprint == self.vocabulary_fingerprint
            && indexed.ids.len() == tokens.len();
        if !usable {
            return tokens.iter().map(lookup).collect();
        }
        tokens
            .iter()
            .zip(&indexed.ids)
            .map(|(t, &id)| match id {
                UNREAD => lookup(t),
                NOT_INDEXED => NO_WORD,
                id => id,
            })
            .collect()
    }

    /// The vocabulary's words and ids, for [`Lexicon::index_words`](crate::mention::lexicon::Lexicon::index_words).
    pub fn vocabulary_words(&self) -> impl Iterator<Item = (&str, WordId)> {
        self.vocabulary.iter().map(|(w, &id)| (w.as_str(), id))
    }

    /// The fingerprint naming this vocabulary (never 0).
    pub fn vocabulary_fingerprint(&self) -> u64 {
        self.vocabulary_fingerprint
    }

    /// Whether a cue of status list `list` (`RuleSet::statuses[list]`) starts at token `k`
    /// and ends by `end` (`words` from `document_words`).
    #[inline]
    pub fn status_starts_at(&self, list: usize, words: &[WordId], k: usize, end: usize) -> bool {
        self.cue_starts_at(list, words, k, end)
    }

    /// Whether a cue of kind list `list` (`RuleSet::kinds[list]`) starts at token `k` and ends
    /// by `end`.
    #[inline]
    pub fn kind_starts_at(&self, list: usize, words: &[WordId], k: usize, end: usize) -> bool {
        self.cue_starts_at(self.status_lists + list, words, k, end)
    }

    /// The cue lists (bit `i` for status list `i`, bit `statuses.len() + i` for kind list
    /// `i`, among the first 64) a cue of which may start at a token of `words[range]`: a
    /// list whose bit is clear starts no cue there. Lists past the first 64 are not told
    /// apart ([`Program::may_start_status`] and [`Program::may_start_kind`] say yes to them).
    pub fn cue_lists_in(&self, words: &[WordId], range: std::ops::Range<usize>) -> u64 {
        words[range].iter().fold(0, |bits, &w| {
            bits | self.cue_lists.get(w as usize).copied().unwrap_or(0)
        })
    }

    /// Whether a cue of status list `list` may start where [`Program::cue_lists_in`] found
    /// `bits`.
    #[inline]
    pub fn may_start_status(&self, bits: u64, list: usize) -> bool {
        list >= 64 || bits & (1 << list) != 0
    }

    /// Whether a cue of kind list `list` may start where [`Program::cue_lists_in`] found
    /// `bits`.
    #[inline]
    pub fn may_start_kind(&self, bits: u64, list: usize) -> bool {
        self.may_start_status(bits, self.status_lists + list)
    }

    #[inline]
    fn cue_starts_at(&self, list: usize, words: &[WordId], k: usize, end: usize) -> bool {
        let w = words[k] as usize;
        let Some(&lists) = self.cue_lists.get(w) else {
            return false;
        };
        if list < 64 && lists & (1 << list) == 0 {
            return false;
        }
        let Some(cues) = self.cue_starts.get(w) else {
            return false;
        };
        cues.iter().any(|(l, phrase)| {
            *l == list
                && k + phrase.len() <= end
                && words[k..k + phrase.len()]
                    .iter()
                    .zip(phrase.iter())
                    .all(|(a, b)| a == b)
        })
    }

    /// For a rule with word triggers only (`trigger_form_index`), the indices of its trigger
    /// forms beginning with word `w`, in form order; `None` for a rule with other triggers.
    #[inline]
    fn trigger_forms_of(&self, ri: usize, w: WordId) -> Option<&[u16]> {
        let index = self.trigger_form_index[ri].as_deref()?;
        Some(match index.binary_search_by_key(&w, |&(word, _, _)| word) {
            Ok(at) => {
                let (_, lo, hi) = index[at];
                &self.trigger_form_order[ri][lo as usize..hi as usize]
            }
            Err(_) => &[],
        })
    }

    /// Whether a word trigger of rule `ri` may begin with word `w` (never for `NO_WORD`).
    #[inline]
    fn word_triggers(&self, w: WordId, ri: usize) -> bool {
        w != NO_WORD && self.gap_triggers[ri][w as usize / 64] & (1 << (w % 64)) != 0
    }
}

/// The rule vocabulary as an open-addressing table probed with a token's bytes in place: a
/// word of up to eight bytes is one masked 8-byte load compared as an integer, so looking up
/// every token of a document costs a few instructions per token rather than a general hash
/// and string comparison.
#[derive(Clone, Debug, Default, PartialEq)]
struct WordTable {
    /// Power-of-two many slots; `id` `NO_WORD` marks an empty one.
    slots: Vec<WordSlot>,
    /// Words longer than eight bytes, by id (empty for the others).
    long_words: Vec<Box<[u8]>>,
    /// The longest word's length: longer tokens are no word of the vocabulary.
    max_len: usize,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct WordSlot {
    /// The word's bytes as a little-endian integer (up to eight bytes), else its hash.
    key: u64,
    len: u32,
    id: WordId,
}

impl WordTable {
    fn new(vocabulary: &WordMap<WordId>) -> WordTable {
        let size = (vocabulary.len() * 2).next_power_of_two().max(16);
        let empty = WordSlot {
            key: 0,
            len: 0,
            id: NO_WORD,
        };
        let mut table = WordTable {
            slots: vec![empty; size],
            long_words: vec![Box::default(); vocabulary.len()],
            max_len: 0,
        };
        // In id order, so the table does not depend on the map's iteration order.
        let mut words: Vec<(&String, WordId)> = vocabulary.iter().map(|(w, &id)| (w, id)).collect();
        words.sort_unstable_by_key(|&(_, id)| id);
        for (word, id) in words {
            let bytes = word.as_bytes();
            if bytes.is_empty() {
                continue; // no token is empty
            }
            table.max_len = table.max_len.max(bytes.len());
            let key = Self::key_of(bytes, 0, bytes.len());
            if bytes.len() > 8 {
                table.long_words[id as usize] = bytes.into();
            }
            let mask = size - 1;
            let mut i = Self::slot_of(key, bytes.len()) & mask;
            while table.slots[i].id != NO_WORD {
                i = (i + 1) & mask;
            }
            table.slots[i] = WordSlot {
                key,
                len: bytes.len() as u32,
                id,
            };
        }
        table
    }

    /// The key of `text[start..end]`: its bytes as an integer when eight or fewer, else a hash.
    #[inline(always)]
    fn key_of(text: &[u8], start: usize, end: usize) -> u64 {
        let len = end - start;
        if len <= 8 {
            if start + 8 <= text.len() {
                let mut word = [0u8; 8];
                word.copy_from_slice(&text[start..start + 8]);
                let all = u64::from_le_bytes(word);
                if len == 8 {
                    all
                } else {
                    all & ((1u64 << (len * 8)) - 1)
                }
            } else {
                text[start..end]
                    .iter()
                    .rev()
                    .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
            }
        } else {
            use std::hash::Hasher;
            let mut hasher = super::WordHasher::default();
            hasher.write(&text[start..end]);
            hasher.finish()
        }
    }

    #[inline(always)]
    fn slot_of(key: u64, len: usize) -> usize {
        ((key ^ len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) as usize
    }

    /// The id of the word `text[start..end]`, or `NO_WORD`.
    #[inline]
    fn get(&self, text: &[u8], start: usize, end: usize) -> WordId {
        let len = end - start;
        if len == 0 || len > self.max_len {
            return NO_WORD;
        }
        let key = Self::key_of(text, start, end);
        let mask = self.slots.len() - 1;
        let mut i = Self::slot_of(key, len) & mask;
        loop {
            let slot = self.slots[i];
            if slot.id == NO_WORD {
                return NO_WORD;
            }
            if slot.key == key
                && slot.len as usize == len
                && (len <= 8 || *self.long_words[slot.id as usize] == text[start..end])
            {
                return slot.id;
            }
            i = (i + 1) & mask;
        }
    }
}

/// Lower-case words that never qualify a title: they would carry a name into another phrase.
/// Whether a lower-case word reads as a noun of occupation by its ending (agent nouns in -er,
/// -or, -ist, -ian, -eon, -ial, -man, -woman and their plurals), or is "head" ("commercial head
/// X", "department heads X and Y").
pub(crate) fn is_occupation_noun(w: &str) -> bool {
    if matches!(w, "head" | "heads") {
        return true;
    }
    let stem = w.strip_suffix('s').unwrap_or(w);
    w.len() > 4
        // Prepositions, adverbs and adjectives with those endings ("with reporters after X").
        && !matches!(
            w,
            "after" | "under" | "over" | "other" | "others" | "either" | "neither" | "whether"
                | "never" | "ever" | "however" | "together" | "rather" | "later" | "further"
                | "earlier" | "sooner" | "longer" | "better" | "prior" | "major" | "minor"
                | "former" | "latter" | "initial" | "special" | "partial" | "trial" | "human"
                | "among" | "amongst" | "against" | "whereas"
        )
        && (["er", "or", "ist", "ian", "eon", "ial"]
            .iter()
            .any(|s| stem.ends_with(s))
            || ["man", "men", "woman", "women"].iter().any(|s| w.ends_with(s)))
}

/// Nouns for someone who acts or speaks for another, or belongs to them ("the agent of X", "a
/// spokesman for X", "the wife of X"): the other person named after "of", "for" or "to" is
/// not the one doing what the sentence tells.
fn is_proxy_noun(w: &str) -> bool {
    matches!(
        w,
        "agent"
            | "agents"
            | "lawyer"
            | "lawyers"
            | "attorney"
            | "attorneys"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "aide"
            | "aides"
            | "adviser"
            | "advisers"
            | "advisor"
            | "advisors"
            | "representative"
            | "representatives"
            | "wife"
            | "husband"
            | "widow"
            | "son"
            | "sons"
            | "daughter"
            | "daughters"
            | "father"
            | "mother"
            | "brother"
            | "sister"
            | "relatives"
            | "family"
            | "entourage"
            | "camp"
            | "associates"
            | "associate"
    )
}

/// Whether a lower-case word is likely a verb (a past form in -ed or a common verb that is no
/// noun modifier): such a word before "occupation Name" opens a clause, it describes no one.
fn looks_like_verb(w: &str) -> bool {
    w.ends_with("ed")
        || matches!(
            w,
            "told"
                | "met"
                | "saw"
                | "gave"
                | "sent"
                | "took"
                | "left"
                | "said"
                | "made"
                | "got"
                | "held"
                | "brought"
                | "thought"
                | "found"
                | "kept"
                | "let"
                | "put"
                | "won"
                | "lost"
                | "paid"
                | "became"
                | "meets"
                | "tells"
                | "says"
                | "sees"
                | "gives"
                | "sends"
                | "takes"
                | "thanks"
                | "urges"
                | "asks"
                | "calls"
                | "joins"
                | "hosts"
                | "visits"
                | "invites"
                | "names"
                | "appoints"
                | "meet"
                | "tell"
                | "see"
                | "give"
                | "send"
                | "take"
                | "thank"
                | "urge"
                | "ask"
                | "call"
                | "join"
                | "host"
                | "visit"
                | "invite"
                | "name"
                | "appoint"
                | "hire"
                | "hires"
                | "fire"
                | "fires"
                | "welcome"
                | "welcomes"
                | "greet"
                | "greets"
                | "praise"
                | "praises"
                | "blame"
                | "blames"
                | "accuse"
                | "accuses"
                | "sue"
                | "sues"
                | "beat"
                | "beats"
                | "replace"
                | "replaces"
                | "become"
                | "becomes"
                | "introduce"
                | "introduces"
                | "backs"
                | "back"
                | "warn"
                | "warns"
        )
}

fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "from" | "by" | "of" | "with" | "to" | "in" | "on" | "at" | "for" | "and" | "or" | "the"
    ) || matches!(
        w,
        "a" | "an" | "his" | "her" | "their" | "its" | "as" | "than"
    )
}

/// What the matcher sees of one sentence.
pub struct SentenceView<'a> {
    /// The document text, ASCII-lower-cased (same byte offsets as the original).
    pub lower: &'a str,
    pub tokens: &'a [Token],
    /// Each document token's rule vocabulary id (`Program::document_words`).
    pub words: &'a [WordId],
    pub range: Range<usize>,
    pub mentions: &'a [Mention],
    /// Mention indices sorted by first token.
    pub order: &'a [u32],
    /// The part of `order` whose mentions start inside the sentence
    /// ([`mentions_starting_in`]), found once per sentence.
    pub sentence_order: Range<usize>,
    /// Whether a mention can fill a role (it has an entity, or is a date or title).
    pub usable: &'a [bool],
}

/// The mentions starting inside the token range `range`, as a range of `order` (mention
/// indices sorted by first token): [`SentenceView::sentence_order`]. Found by walking on from
/// `from`, a position before which every mention starts before `range` (0 always is one; for
/// sentences taken in order, the end of the previous sentence's range is, and the walks of
/// all sentences then cover `order` once).
pub fn mentions_starting_in(
    mentions: &[Mention],
    order: &[u32],
    range: &Range<usize>,
    from: usize,
) -> Range<usize> {
    let first = |at: usize| mentions[order[at] as usize].first as usize;
    let mut lo = from.min(order.len());
    while lo < order.len() && first(lo) < range.start {
        lo += 1;
    }
    let mut hi = lo;
    while hi < order.len() && first(hi) < range.end {
        hi += 1;
    }
    lo..hi
}

/// One match of one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleMatch {
    pub rule: usize,
    /// Token span of the whole match.
    pub start: usize,
    pub end: usize,
    /// Token span of the trigger and the index of the trigger form that fired.
    pub trigger: (usize, usize),
    pub trigger_form: usize,
    /// (role, mention index), in text order.
    pub captures: Vec<(usize, u32)>,
}

/// Up to eight (end, mention) candidates for a capture, without allocating.
#[derive(Clone, Copy, Default)]
struct Candidates {
    items: [(u32, u32); 8],
    len: usize,
}

impl Candidates {
    fn push(&mut self, item: (u32, u32)) {
        if self.len < self.items.len() {
            self.items[self.len] = item;
            self.len += 1;
        }
    }
    /// Longest first ("Acme founder Priya Natarajan" is Priya Natarajan before it is Acme).
    fn sort(&mut self) {
        self.items[..self.len].sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    }
    fn as_slice(&self) -> &[(u32, u32)] {
        &self.items[..self.len]
    }
    fn remove(&mut self, index: usize) {
        if index < self.len {
            self.items.copy_within(index + 1..self.len, index);
            self.len -= 1;
        }
    }
}

/// Where the next item of a list may begin after an item ending at a token, in the order
/// `match_list_tail` tries them, each with whether a comma alone joined it (see
/// `SentenceView::list_continuations`).
#[derive(Clone, Copy, Default)]
struct ListContinuations {
    /// The separators' next items (at most five), then the described items after them.
    items: [(u32, bool); 10],
    len: u8,
}

impl ListContinuations {
    fn push(&mut self, start: usize, comma_only: bool) {
        self.items[self.len as usize] = (start as u32, comma_only);
        self.len += 1;
    }
    fn as_slice(&self) -> &[(u32, bool)] {
        &self.items[..self.len as usize]
    }
}

/// Per-sentence facts every rule consults, computed once per sentence (token `k` of the
/// sentence is entry `k - range.start`).
#[derive(Default)]
struct Prepared {
    /// Mentions starting at each token: `order[first_mention[i]..first_mention[i + 1]]`.
    first_mention: Vec<u32>,
    /// Per mention label: one past the last token of the sentence where a mention with it
    /// starts (0: none).
    last_label_start: [u32; LABELS],
    /// The vocabulary ids the sentence holds, as a bit set.
    present: Vec<u64>,
    fixed: FixedWords,
    /// The token is an article or possessive that may open a capture ("the", "his").
    opener: Vec<bool>,
    /// A non-pronoun person or organisation mention starts at the token.
    agent_start: Vec<bool>,
    /// A demonym mention starts at the token.
    demonym_start: Vec<bool>,
    /// A title mention starts at the token.
    title_start: Vec<bool>,
    /// A mention or an opener starts at the token, as a bit set over sentence positions:
    /// where a match of a rule that starts with a mention may begin.
    mention_starts: Vec<u64>,
    /// The rules a word or label of the sentence triggers, as a bit set over rule indices
    /// (`select_rules`: ascending and without repeats when read out).
    triggered: Vec<u64>,
    /// The sentence's tokens where a word trigger phrase of some rule stands (the whole
    /// phrase), in text order: a rule with word triggers only finds its last trigger among
    /// these.
    trigger_words: Vec<u32>,
    /// Capture candidates per (token, class), filled on first use; valid when the slot's
    /// generation is the current one.
    capture_cache: std::cell::RefCell<Vec<(u32, Candidates)>>,
    /// Per guard (`Guard::id`), filled on first use: the last token of the sentence at which
    /// the guarded item can begin (one of its `first` words stands there), plus one (0: no
    /// such token); valid when the slot's generation is the current one.
    guard_last: Vec<std::cell::Cell<(u32, u32)>>,
    /// Per token of the sentence and the one after it, filled on first use: where a list's
    /// next item may begin after an item ending there (`list_continuations`, which every
    /// list capture of every rule ending at the token asks for); valid when the slot's
    /// generation is the current one.
    list_next: std::cell::RefCell<Vec<(u32, ListContinuations)>>,
    /// Per token of the sentence and the one after it, filled on first use: where an
    /// affiliation starting there ends, plus one (0: none; `affiliation_after`, which a
    /// captured person's match asks for wherever it goes on); valid when the slot's
    /// generation is the current one.
    affiliation_next: Vec<std::cell::Cell<(u32, u32)>>,
    generation: u32,
    classes: usize,
}

/// How many mention labels there are (`MentionLabel as usize` is below it).
const LABELS: usize = MentionLabel::Misc as usize + 1;

/// Buffers reused from sentence to sentence on one thread.
#[derive(Default)]
struct Scratch {
    prepared: Prepared,
    candidates: Vec<usize>,
    found: Vec<RuleMatch>,
    caps: Vec<(usize, u32)>,
    memo: SuffixMemo,
}

/// What the rest of a rule's top-level sequence did from a token (see `SuffixMemo`).
#[derive(Clone, Copy, Default)]
struct MemoSlot {
    /// The rule attempt the slot was filled in (`SuffixMemo::stamp`); other values are stale.
    stamp: u32,
    /// The steps the search of the rest took, counted again when the slot is used.
    cost: u32,
    /// `MemoSlot::FAILED`, or the index of the match it completed in `SuffixMemo::wins`.
    outcome: u32,
}

impl MemoSlot {
    const FAILED: u32 = u32::MAX;
}

/// How the rest of a top-level sequence completed a match: where it ended, the trigger it
/// took (when it took one) and the captures it added (a range of `SuffixMemo::caps`).
#[derive(Clone, Copy)]
struct MemoWin {
    end: u32,
    trigger: Option<(usize, usize, usize)>,
    caps: (u32, u32),
}

/// The outcome of the rest of a rule's top-level sequence after its first item, per (token,
/// whether the trigger is taken), within one attempt of the rule on a sentence. Starts
/// converge there: "A, B and C met D in Paris" reaches "met" with the same items left from
/// A, B and C, and a partial match that fails from a token fails there from every start.
/// The rest of a top-level sequence sees nothing else of the partial match (its earlier
/// captures are copied into the match it records, and `resume_after_affiliation` reads a
/// capture the rest made itself), so its outcome is the same each time; it is searched once
/// and replayed, its steps counted as the search would count them. (Later items are reached
/// again too, but rarely enough that keeping their outcomes costs more than it saves.)
#[derive(Default)]
struct SuffixMemo {
    slots: Vec<MemoSlot>,
    stamp: u32,
    wins: Vec<MemoWin>,
    caps: Vec<(usize, u32)>,
    /// How many top-level sequences the rule's pattern has (one, or one per alternative).
    tops: usize,
    /// Tokens a slot row covers (the sentence's and the one after it) and the first.
    width: usize,
    origin: usize,
}

impl SuffixMemo {
    /// Readies the memo for an attempt of a rule with pattern `pattern` on the sentence
    /// `range`.
    fn begin(&mut self, pattern: &Op, range: &Range<usize>) {
        self.tops = match pattern {
            Op::Seq(..) => 1,
            Op::Alt(alts, _) => alts.len(),
            _ => 0,
        };
        self.width = range.len() + 1;
        self.origin = range.start;
        let needed = self.tops * self.width * 2;
        if self.slots.len() < needed {
            self.slots.resize(needed, MemoSlot::default());
        }
        self.wins.clear();
        self.caps.clear();
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            // The counter wrapped: slots from long ago could look current.
            self.slots.fill(MemoSlot::default());
            self.stamp = 1;
        }
    }

    /// The slot for the rest of top-level sequence `top` from `pos`, if it has one (from a
    /// token of the sentence or the one after it).
    #[inline]
    fn slot(&self, top: usize, pos: usize, triggered: bool) -> Option<usize> {
        let column = pos.checked_sub(self.origin).filter(|&c| c < self.width)?;
        Some((top * self.width + column) * 2 + triggered as usize)
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Words that open a described name ("the chief executive, X", "our regional organiser, X").
const OPENERS: [&str; 9] = [
    "the", "a", "an", "his", "her", "their", "its", "our", "your",
];

/// The search for one rule in one sentence: what a partial match holds and where complete
/// ones go.
struct State<'r> {
    caps: Vec<(usize, u32)>,
    trigger: Option<(usize, usize, usize)>,
    steps: u32,
    prepared: &'r Prepared,
    /// The rule being matched and the token its current attempt began at.
    rule: usize,
    start: usize,
    /// The last token of the sentence where one of the rule's triggers begins: a partial
    /// match past it without its trigger can never take one, so it fails at once.
    last_trigger: usize,
    /// How many lookaheads (`!x`) enclose the current node: their inner matches need no
    /// trigger, so they are never cut short.
    lookahead: u32,
    /// `last_trigger` while there is no trigger yet and no lookahead encloses the node,
    /// `usize::MAX` otherwise (`State::recut`): the search is hopeless past it.
    cut: usize,
    found: &'r mut Vec<RuleMatch>,
    memo: &'r mut SuffixMemo,
}

impl State<'_> {
    /// Whether the search from `pos` can no longer record a match: no trigger yet and none
    /// begins at or after `pos` (outside lookaheads, whose inner matches need none).
    #[inline(always)]
    fn hopeless(&self, pos: usize) -> bool {
        pos > self.cut
    }

    /// Sets `cut` after the trigger or the lookahead depth changed.
    #[inline(always)]
    fn recut(&mut self) {
        self.cut = if self.trigger.is_none() && self.lookahead == 0 {
            self.last_trigger
        } else {
            usize::MAX
        };
    }

    /// A complete match ending at `end`, if it holds a trigger.
    fn record(&mut self, end: usize) -> bool {
        let Some((ts, te, form)) = self.trigger else {
            return false;
        };
        self.found.push(RuleMatch {
            rule: self.rule,
            start: self.start,
            end,
            trigger: (ts, te),
            trigger_form: form,
            captures: self.caps.clone(),
        });
        // Greedy search: the first complete match from a start is its fullest.
        true
    }
}

const STEP_LIMIT: u32 = 50_000;

impl SentenceView<'_> {
    /// The vocabulary id of the token at `pos`, `NO_WORD` past the sentence's end.
    #[inline(always)]
    fn word_at(&self, pos: usize) -> WordId {
        if pos < self.range.end {
            self.words[pos]
        } else {
            NO_WORD
        }
    }

    fn word(&self, k: usize) -> &str {
        let t = &self.tokens[k];
        &self.lower[t.start as usize..t.end as usize]
    }

    /// Whether token `k` (in the sentence) is the word `w`.
    fn word_is(&self, k: usize, w: WordId) -> bool {
        self.words[k] == w
    }

    /// Whether token `k` is in the sentence and one of the words of bit set `bits`.
    #[inline(always)]
    fn begins(&self, k: usize, bits: &[u64]) -> bool {
        k < self.range.end && {
            let w = self.words[k];
            w != NO_WORD && bits[w as usize / 64] & (1 << (w % 64)) != 0
        }
    }

    /// Tokens from `k` spell `phrase`; returns the end.
    fn phrase_at(&self, k: usize, phrase: &[WordId]) -> Option<usize> {
        if k + phrase.len() > self.range.end {
            return None;
        }
        let words = &self.words[k..k + phrase.len()];
        // Element by element: phrases are a word or two, too short for a `memcmp` call.
        words
            .iter()
            .zip(phrase)
            .all(|(a, b)| a == b)
            .then_some(k + phrase.len())
    }

    /// The mentions starting at token `k` (from the sentence's table inside it, by search
    /// outside it: a title ending the sentence may be followed by a name in the next).
    fn mentions_at<'p>(
        &'p self,
        prepared: &'p Prepared,
        k: usize,
    ) -> impl Iterator<Item = u32> + 'p {
        let (lo, hi) = if k >= self.range.start && k < self.range.end {
            let i = k - self.range.start;
            (
                prepared.first_mention[i] as usize,
                prepared.first_mention[i + 1] as usize,
            )
        } else {
            let lo = self
                .order
                .partition_point(|&m| (self.mentions[m as usize].first as usize) < k);
            let hi = lo
                + self.order[lo..]
                    .iter()
                    .take_while(|&&m| self.mentions[m as usize].first as usize == k)
                    .count();
            (lo, hi)
        };
        self.order[lo..hi].iter().copied()
    }

    /// The mentions starting inside the sentence, as a range of `order`.
    fn sentence_mentions(&self) -> Range<usize> {
        self.sentence_order.clone()
    }

    /// The rules worth trying on the sentence (`candidates`, ascending): those a word of the
    /// sentence or one of its mentions may trigger and whose required words all occur in it.
    /// Fills `prepared.present` on the way.
    fn select_rules(&self, rules: &RuleSet, prepared: &mut Prepared, candidates: &mut Vec<usize>) {
        let program = &rules.program;
        candidates.clear();
        prepared.present.clear();
        prepared
            .present
            .resize(program.vocabulary.len().div_ceil(64), 0);
        let triggered_bits = &mut prepared.triggered;
        triggered_bits.clear();
        triggered_bits.resize(rules.rules.len().div_ceil(64), 0);
        let mut folded = 0u64;
        prepared.trigger_words.clear();
        for k in self.range.clone() {
            let word = self.words[k];
            if word != NO_WORD {
                prepared.present[word as usize / 64] |= 1 << (word % 64);
                folded |= 1 << (word % 64);
                let mut begins_trigger = false;
                for (phrase, masks) in program.trigger_phrases[word as usize].iter() {
                    if phrase.len() == 1 || self.phrase_at(k, phrase).is_some() {
                        begins_trigger = true;
                        for &(index, mask) in masks.iter() {
                            triggered_bits[index as usize] |= mask;
                        }
                    }
                }
                if begins_trigger {
                    prepared.trigger_words.push(k as u32);
                }
            }
        }
        let mentions = &self.order[self.sentence_mentions()];
        let bit = |label: MentionLabel| 1u32 << label as u32;
        // Labels of the sentence's mentions (`any`) and of the usable ones.
        let (mut usable, mut any) = (0u32, 0u32);
        for &m in mentions {
            let label = self.mentions[m as usize].label;
            any |= bit(label);
            if self.usable[m as usize] {
                usable |= bit(label);
            }
        }
        for &(label, ri) in &rules.by_label {
            if any & bit(label) != 0 {
                triggered_bits[ri / 64] |= 1 << (ri % 64);
            }
        }
        // Labels of the mentions a capture could take here (`capture_candidates`): usable
        // ones of the label, and persons reached through a title, place or organisation (the
        // name may start after the sentence: "... the Foreign Minister" / "Sergei Lavrov").
        if any
            & (bit(MentionLabel::Title)
                | bit(MentionLabel::Place)
                | bit(MentionLabel::Organization))
            != 0
        {
            usable |= bit(MentionLabel::Person);
        }
        // A rule whose required words are not all in the sentence, or that needs a capture
        // no mention here could fill, cannot match: triggered rules are tested as they are
        // listed, and only the others become candidates.
        // Cheapest tests first: the folded words, captures, single words a mask at a time,
        // then alternatives.
        let words = &prepared.present;
        let trigger_words = &prepared.trigger_words;
        let may_match = |ri: usize| {
            program.required_folded[ri] & !folded == 0
                && program.required_classes[ri]
                    .iter()
                    .all(|&labels| usable & labels != 0)
                && program.required_masks[ri]
                    .iter()
                    .all(|&(index, mask)| words[index as usize] & mask == mask)
                && program.required[ri].iter().all(|either| {
                    either
                        .iter()
                        .any(|&(index, mask)| words[index as usize] & mask != 0)
                })
                && self.anchors_in_order(program, ri, trigger_words)
        };
        for (word, &bits) in triggered_bits.iter().enumerate() {
            let mut bits = bits;
            while bits != 0 {
                let ri = word * 64 + bits.trailing_zeros() as usize;
                if may_match(ri) {
                    candidates.push(ri);
                }
                bits &= bits - 1;
            }
        }
    }

    /// Whether some alternative of rule `ri` finds its anchors (`Program::anchors`) one after
    /// another in the sentence, each as early as it can be.
    /// `trigger_words` are the sentence's tokens where some rule's word trigger stands.
    fn anchors_in_order(&self, program: &Program, ri: usize, trigger_words: &[u32]) -> bool {
        let alternatives = &program.anchors[ri];
        if alternatives.is_empty() {
            return true;
        }
        let end = self.range.end;
        // The first token at or after `from` whose word is in the sorted set `either`.
        let first_of = |either: &[WordId], from: usize| {
            (from..end).find(|&k| either.binary_search(&self.words[k]).is_ok())
        };
        alternatives.iter().any(|anchors| {
            // Where the next item begins at the earliest.
            let mut from = self.range.start;
            anchors.iter().all(|anchor| match anchor {
                Anchor::Trigger => {
                    let at = trigger_words
                        .iter()
                        .map(|&k| k as usize)
                        .find(|&k| k >= from && program.word_triggers(self.words[k], ri));
                    match at {
                        Some(k) => {
                            from = k + 1;
                            true
                        }
                        None => false,
                    }
                }
                Anchor::Words(needs) => {
                    // The item consumes a word of each set, so it ends after the latest of
                    // their first occurrences.
                    let mut after = from;
                    for either in needs.iter() {
                        match first_of(either, from) {
                            Some(k) => after = after.max(k + 1),
                            None => return false,
                        }
                    }
                    from = after;
                    true
                }
                Anchor::Capture { labels, person } => {
                    // The capture's mention (or the one leading to it) starts at or after
                    // `from`, and the capture ends after that mention's first token.
                    let taken = self.order[self.sentence_mentions()].iter().find(|&&m| {
                        let mention = &self.mentions[m as usize];
                        mention.first as usize >= from
                            && (*person
                                || labels & 1 << mention.label as u32 != 0
                                    && self.usable[m as usize])
                    });
                    match taken {
                        Some(&m) => {
                            from = self.mentions[m as usize].first as usize + 1;
                            true
                        }
                        None => false,
                    }
                }
            })
        })
    }

    /// Fills the per-sentence tables (`k` in the sentence is entry `k - range.start`).
    fn prepare(&self, rules: &RuleSet, prepared: &mut Prepared) {
        let n = self.range.len();
        let program = &rules.program;
        prepared.fixed = program.fixed;
        prepared.first_mention.clear();
        prepared.last_label_start = [0; LABELS];
        // The flags are false at most tokens: cleared in one go, set where they hold.
        for flags in [
            &mut prepared.opener,
            &mut prepared.agent_start,
            &mut prepared.title_start,
            &mut prepared.demonym_start,
        ] {
            flags.clear();
            flags.resize(n, false);
        }
        prepared.mention_starts.clear();
        prepared.mention_starts.resize(n.div_ceil(64), 0);
        // One pass: the mentions starting at each token are the next ones in `order`.
        let mut pos = self.sentence_mentions().start;
        for (i, k) in self.range.clone().enumerate() {
            prepared.first_mention.push(pos as u32);
            let before = pos;
            while let Some(&m) = self.order.get(pos) {
                let m = &self.mentions[m as usize];
                if m.first as usize > k {
                    break;
                }
                if matches!(m.label, MentionLabel::Person | MentionLabel::Organization)
                    && !m.flags.pronoun
                {
                    prepared.agent_start[i] = true;
                }
                if m.flags.demonym {
                    prepared.demonym_start[i] = true;
                }
                if m.label == MentionLabel::Title {
                    prepared.title_start[i] = true;
                }
                prepared.last_label_start[m.label as usize] = k as u32 + 1;
                pos += 1;
            }
            let w = self.words[k];
            let opener = w < 64 && program.fixed.openers >> w & 1 != 0;
            if opener {
                prepared.opener[i] = true;
            }
            if pos > before || opener {
                prepared.mention_starts[i / 64] |= 1 << (i % 64);
            }
        }
        prepared.first_mention.push(pos as u32);
        prepared.classes = rules.classes.len();
        prepared.generation = prepared.generation.wrapping_add(1);
        let cache = prepared.capture_cache.get_mut();
        let guard_last = &mut prepared.guard_last;
        let list_next = prepared.list_next.get_mut();
        let affiliation_next = &mut prepared.affiliation_next;
        if prepared.generation == 0 {
            // The counter wrapped: stamps from long ago could look current.
            cache.iter_mut().for_each(|slot| slot.0 = u32::MAX);
            list_next.iter_mut().for_each(|slot| slot.0 = u32::MAX);
            affiliation_next
                .iter_mut()
                .for_each(|slot| slot.get_mut().0 = u32::MAX);
            guard_last
                .iter_mut()
                .for_each(|slot| slot.get_mut().0 = u32::MAX);
            prepared.generation = 1;
        }
        if list_next.len() < n + 1 {
            list_next.resize(n + 1, (0, ListContinuations::default()));
        }
        if affiliation_next.len() < n + 1 {
            affiliation_next.resize(n + 1, std::cell::Cell::new((0, 0)));
        }
        if guard_last.len() < program.guards as usize {
            guard_last.resize(program.guards as usize, std::cell::Cell::new((0, 0)));
        }
        let slots = n * prepared.classes;
        if cache.len() < slots {
            cache.resize(slots, (0, Candidates::default()));
        }
    }

    /// Whether a match of `rule` can begin at `k` (see `Rule::start`).
    #[inline]
    fn can_start(&self, prepared: &Prepared, rules: &RuleSet, ri: usize, k: usize) -> bool {
        let test = &rules.program.starts[ri];
        let w = self.words[k];
        if test.anything || w != NO_WORD && test.word_bits[w as usize / 64] & (1 << (w % 64)) != 0 {
            return true;
        }
        let i = k - self.range.start;
        let has_mention = prepared.first_mention[i] < prepared.first_mention[i + 1];
        if test.mention && (has_mention || prepared.opener[i]) {
            return true;
        }
        if !test.trigger {
            return false;
        }
        // With word triggers only, just the forms beginning with the token's word can match.
        if let Some(forms) = rules.program.trigger_forms_of(ri, w) {
            let words = &rules.program.triggers[ri];
            return forms
                .iter()
                .any(|&fi| self.phrase_at(k, &words[fi as usize]).is_some());
        }
        rules.rules[ri]
            .triggers
            .iter()
            .zip(&rules.program.triggers[ri])
            .any(|(t, words)| match t.class {
                Some(_) => has_mention,
                None => self.phrase_at(k, words).is_some(),
            })
    }

    /// The last token of the sentence where one of `rule`'s triggers matches (a match holds
    /// its trigger, so no match starts after it).
    fn last_trigger(&self, prepared: &Prepared, rules: &RuleSet, ri: usize) -> Option<usize> {
        let rule = &rules.rules[ri];
        let labels_only = rules.program.trigger_labels_only[ri];
        if labels_only != 0 {
            let mut labels = labels_only;
            let mut reach = 0;
            while labels != 0 {
                reach = reach.max(prepared.last_label_start[labels.trailing_zeros() as usize]);
                labels &= labels - 1;
            }
            return (reach as usize).checked_sub(1);
        }
        let words_only = rules.program.trigger_firsts[ri].is_some();
        if words_only {
            // Only the tokens where some rule's trigger word stands can hold one, and there
            // only the forms beginning with that word.
            let words = &rules.program.triggers[ri];
            return prepared
                .trigger_words
                .iter()
                .rev()
                .map(|&k| k as usize)
                .find(|&k| {
                    // Most of these tokens begin no trigger of this rule: one bit says so.
                    rules.program.word_triggers(self.words[k], ri)
                        && rules
                            .program
                            .trigger_forms_of(ri, self.words[k])
                            .unwrap_or(&[])
                            .iter()
                            .any(|&fi| self.phrase_at(k, &words[fi as usize]).is_some())
                });
        }
        let triggers_at = |k: usize| {
            let word_rule = rules.program.word_triggers(self.words[k], ri);
            if !word_rule && words_only {
                // Only word triggers, none of which begins here.
                return false;
            }
            rule.triggers
                .iter()
                .zip(&rules.program.triggers[ri])
                .any(|(form, words)| match form.class {
                    Some(class) => {
                        let labels = &rules.classes[class].labels;
                        self.mentions_at(prepared, k)
                            .any(|m| labels.contains(&self.mentions[m as usize].label))
                    }
                    None => word_rule && self.phrase_at(k, words).is_some(),
                })
        };
        (self.range.start..self.range.end)
            .rev()
            .find(|&k| triggers_at(k))
    }

    /// How far what `k` continues with can begin: one past the last token of the sentence
    /// where it can, when `k` goes on with a sequence item that fails (not one that may
    /// match nothing) at a token outside its guard's `first` words; `usize::MAX` otherwise.
    /// A search that reaches `k` only at that token or later cannot succeed.
    #[inline(never)]
    fn reach(&self, prepared: &Prepared, k: &Cont) -> usize {
        let (Cont::Seq { guards, .. } | Cont::Memo { guards, .. }) = k else {
            return usize::MAX;
        };
        let Some(Some(guard)) = guards.first() else {
            return usize::MAX;
        };
        match guard.first.as_deref() {
            Some(first) if !guard.skips => self.guard_reach(prepared, guard.id, first),
            _ => usize::MAX,
        }
    }

    /// One past the last token of the sentence holding one of the words `first` of guard
    /// `id` (0: none), found once per sentence.
    #[inline]
    fn guard_reach(&self, prepared: &Prepared, id: u32, first: &[u64]) -> usize {
        let slot = &prepared.guard_last[id as usize];
        let (generation, reach) = slot.get();
        if generation == prepared.generation {
            return reach as usize;
        }
        let reach = (self.range.start..self.range.end)
            .rev()
            .find(|&p| self.begins(p, first))
            .map_or(0, |p| p + 1);
        slot.set((prepared.generation, reach as u32));
        reach
    }

    /// `capture_candidates` for a class, computed once per sentence, token and class.
    #[inline(always)]
    fn cached_candidates(
        &self,
        prepared: &Prepared,
        rules: &RuleSet,
        k: usize,
        class: usize,
    ) -> Candidates {
        if k < self.range.start || k >= self.range.end {
            let mut out = Candidates::default();
            self.capture_candidates(prepared, k, &rules.classes[class].labels, &mut out);
            out.sort();
            return out;
        }
        // Found before (or known empty) for this sentence, token and class.
        let i = k - self.range.start;
        let slot = i * prepared.classes + class;
        if let Some((generation, cands)) = prepared.capture_cache.borrow().get(slot) {
            if *generation == prepared.generation {
                return *cands;
            }
        }
        // Nothing to capture from a token where no mention or opener starts and that is no
        // lower-case word up to three words before a title (see `capture_candidates`).
        let may_capture =
            prepared.first_mention[i] < prepared.first_mention[i + 1] || prepared.opener[i] || {
                let t = &self.tokens[k];
                let title_at = |j: usize| prepared.title_start.get(j).copied().unwrap_or(false);
                let mention_at = |j: usize| {
                    j + 1 < prepared.first_mention.len()
                        && prepared.first_mention[j] < prepared.first_mention[j + 1]
                };
                !t.capitalised
                    && t.kind == crate::text::TokenKind::Word
                    && (title_at(i + 1)
                        || title_at(i + 2)
                        || title_at(i + 3)
                        // "senior women's captain X": `title_after_plural_possessive`.
                        || title_at(i + 4)
                            && k + 2 < self.range.end
                            && matches!(self.word(k + 2), "'s" | "’s" | "'" | "’")
                        // An occupation before a name ("directors X and Y"):
                        // `occupation_then_person`.
                        || mention_at(i + 1) && is_occupation_noun(self.word(k))
                        || mention_at(i + 2)
                            && k + 1 < self.range.end
                            && is_occupation_noun(self.word(k + 1)))
            };
        // Filled in place (`capture_candidates` does not read the cache), then copied out once.
        let mut cache = prepared.capture_cache.borrow_mut();
        let (generation, out) = &mut cache[slot];
        *generation = prepared.generation;
        *out = Candidates::default();
        if may_capture {
            self.capture_candidates(prepared, k, &rules.classes[class].labels, out);
            out.sort();
        }
        *out
    }

    /// A lower-case content word that may qualify a title ("former", "transport", "club",
    /// a topic word: "EU climate commissioner X"), not a preposition or article that would
    /// carry the name into another phrase ("met with criticism from President X").
    fn is_descriptor(&self, prepared: &Prepared, k: usize) -> bool {
        let t = &self.tokens[k];
        // Cheapest tests first.
        t.kind == crate::text::TokenKind::Word
            && !t.capitalised
            && !is_function_word(self.word(k))
            && self
                .mentions_at(prepared, k)
                .all(|m| self.mentions[m as usize].label == MentionLabel::Topic)
    }

    /// Where the person named after one or two lower-case descriptors starting at `k` begins,
    /// when the last descriptor reads as an occupation ("investor", "diamond trader",
    /// "directors", "economist", "surgeon", "trade official"): "Chinese investor X", "IMF
    /// economist X", "and directors X and Y". The suffix test keeps verbs out ("met Y and
    /// thanked Z").
    fn occupation_then_person(&self, prepared: &Prepared, k: usize) -> Option<usize> {
        let end = self.range.end;
        let mut j = k;
        while j < end && j < k + 2 && self.is_descriptor(prepared, j) {
            // "and thanked supporter X", "told reporter X": a verb opens another clause.
            if j == k && looks_like_verb(self.word(j)) {
                return None;
            }
            j += 1;
            if j < end
                && is_occupation_noun(self.word(j - 1))
                && self
                    .mentions_at(prepared, j)
                    .any(|m| self.mentions[m as usize].label == MentionLabel::Person)
            {
                return Some(j);
            }
        }
        None
    }

    /// Where "-based" ("-born", "-headquartered") after a name at `k` ends: the name then only
    /// says where someone is from ("Bergen-based investor X").
    fn placed_participle_end(&self, k: usize) -> Option<usize> {
        (k + 2 < self.range.end
            && self.word(k) == "-"
            && matches!(
                self.word(k + 1),
                "based" | "born" | "bred" | "raised" | "headquartered" | "registered" | "trained"
            ))
        .then_some(k + 2)
    }

    /// Where the comma is after "in" and a city at `at` that ends a title ("the Resident
    /// Commissioner in Delhi, X, ..."), when a name follows it that the sentence goes on after
    /// as after an apposition ("the minister in Delhi, X said" is X speaking, not the minister).
    fn posted_in_city_comma(&self, prepared: &Prepared, at: usize) -> Option<usize> {
        let end = self.range.end;
        let title_before = (self.range.start..at).any(|t| {
            self.mentions_at(prepared, t).any(|m| {
                let m = &self.mentions[m as usize];
                m.label == MentionLabel::Title && m.end as usize == at
            })
        });
        if !title_before || at + 3 >= end || self.word(at) != "in" {
            return None;
        }
        let comma = self
            .mentions_at(prepared, at + 1)
            .filter(|&p| {
                let p = &self.mentions[p as usize];
                p.label == MentionLabel::Place && !p.flags.demonym
            })
            .map(|p| self.mentions[p as usize].end as usize)
            .max()
            .filter(|&e| e + 1 < end && self.word_is(e, prepared.fixed.comma))?;
        self.mentions_at(prepared, comma + 1)
            .any(|p| {
                let p = &self.mentions[p as usize];
                p.label == MentionLabel::Person
                    && (p.end as usize >= end
                        || matches!(self.word(p.end as usize), "," | "." | ";" | "and" | ")"))
            })
            .then_some(comma)
    }

    /// Where the title begins after a plural noun in the possessive and at most one descriptor
    /// ("truckers' union chief X", "farmers' leader X", "senior women's captain X", "children's
    /// commissioner X"): the owners only say whose union or leader, like a descriptor.
    fn title_after_plural_possessive(&self, prepared: &Prepared, k: usize) -> Option<usize> {
        let end = self.range.end;
        let possessive_at = |p: usize| {
            p + 1 < end
                && (self.word(p).ends_with('s') && matches!(self.word(p + 1), "'" | "’")
                    || matches!(self.word(p + 1), "'s" | "’s"))
                && self.is_descriptor(prepared, p)
        };
        // "senior women's captain X": one descriptor before the owners.
        let k = if !possessive_at(k) && self.is_descriptor(prepared, k) && possessive_at(k + 1) {
            k + 1
        } else {
            k
        };
        if k + 2 >= end || !possessive_at(k) {
            return None;
        }
        if self.title_at(prepared, k + 2) {
            return Some(k + 2);
        }
        (k + 3 < end && self.is_descriptor(prepared, k + 2) && self.title_at(prepared, k + 3))
            .then_some(k + 3)
    }

    /// Whether the match opens on a person whom the words before only name as the one another
    /// person stands for or belongs to: "the agent of Lille striker X", "a lawyer for X", "an
    /// aide to Senator X", "the wife of President X" (capitalised names and lower-case
    /// descriptors between the preposition and X). Such an X is not the clause's subject.
    fn opens_on_represented_person(&self, rules: &RuleSet, m: &RuleMatch) -> bool {
        let Some(&(role, first)) = m.captures.first() else {
            return false;
        };
        let mention = &self.mentions[first as usize];
        if mention.label != MentionLabel::Person
            || mention.flags.pronoun
            || rules.roles[role] == "context"
        {
            return false;
        }
        // Step back over at most five capitalised words (titles, places, teams), lower-case
        // descriptors ("striker", "former") and articles to the preposition; the match must
        // open within those words (on the title or the article before the name).
        let at = mention.first as usize;
        let mut j = at;
        let floor = self.range.start.max(at.saturating_sub(5));
        while j > floor {
            let t = &self.tokens[j - 1];
            let w = self.word(j - 1);
            if t.kind != crate::text::TokenKind::Word
                || is_function_word(w) && !matches!(w, "the" | "a" | "an")
            {
                break;
            }
            j -= 1;
        }
        j <= m.start
            && m.start <= at
            && j >= self.range.start + 2
            && matches!(self.word(j - 1), "of" | "for" | "to")
            && is_proxy_noun(self.word(j - 2))
    }

    /// Whether a title mention starts at `k`.
    fn title_at(&self, prepared: &Prepared, k: usize) -> bool {
        self.mentions_at(prepared, k)
            .any(|m| self.mentions[m as usize].label == MentionLabel::Title)
    }

    /// Whether a person mention starts at `k` (inside the sentence).
    fn person_at(&self, prepared: &Prepared, k: usize) -> bool {
        k < self.range.end
            && self
                .mentions_at(prepared, k)
                .any(|m| self.mentions[m as usize].label == MentionLabel::Person)
    }

    /// Where the longest place or organisation mention starting at `k` ends, if one does.
    fn place_or_body_end(&self, prepared: &Prepared, k: usize) -> Option<usize> {
        self.mentions_at(prepared, k)
            .filter(|&m| {
                matches!(
                    self.mentions[m as usize].label,
                    MentionLabel::Place | MentionLabel::Organization
                )
            })
            .map(|m| self.mentions[m as usize].end as usize)
            .max()
    }

    /// Where a list's next item may begin after an item ending at `pos` (`match_list_tail`):
    /// ", Y", "and Y", ", and Y", "& Y" and more, then items described before their title
    /// and name; found once per sentence and token.
    fn list_continuations(&self, prepared: &Prepared, pos: usize) -> ListContinuations {
        let slot = pos
            .checked_sub(self.range.start)
            .filter(|&i| i <= self.range.len());
        if let Some(i) = slot {
            let (generation, known) = prepared.list_next.borrow()[i];
            if generation == prepared.generation {
                return known;
            }
        }
        let found = self.find_list_continuations(prepared, pos);
        if let Some(i) = slot {
            prepared.list_next.borrow_mut()[i] = (prepared.generation, found);
        }
        found
    }

    /// `list_continuations` searched: the separators after the item (and after an
    /// apposition or affiliation following it), then described items after them.
    fn find_list_continuations(&self, prepared: &Prepared, pos: usize) -> ListContinuations {
        // (start of the next item, whether it was joined by a comma alone)
        let mut seps: [(usize, bool); 6] = [(usize::MAX, false); 6];
        let end = self.range.end;
        let fixed = prepared.fixed;
        // "X, president of the union, and Y": the next item may follow an apposition.
        let pos = self.apposition_end(prepared, pos).unwrap_or(pos);
        // "Mayor X of Phoenix, Mayor Y of Columbus and Mayor Z": a place or body after "of" or
        // "from" says where an item is from; the next item follows it.
        let pos = self.affiliation_end(prepared, pos).unwrap_or(pos);
        if pos < end && self.word_is(pos, fixed.comma) {
            seps[0] = (pos + 1, true);
            if pos + 1 < end && self.word_is(pos + 1, fixed.and) {
                seps[1] = (pos + 2, false);
            }
        }
        if pos < end && (self.word_is(pos, fixed.and) || self.word_is(pos, fixed.ampersand)) {
            seps[2] = (pos + 1, false);
            // "A, B and, notably, C": an adverb set off by commas after "and".
            if pos + 4 < end
                && self.word_is(pos + 1, fixed.comma)
                && self.word_is(pos + 3, fixed.comma)
                && (self.word(pos + 2).ends_with("ly") || self.word(pos + 2) == "also")
            {
                seps[2] = (pos + 4, false);
            }
        }
        // "attended by the minister of X, A; the governor of Y, B; and C": items described at
        // length are set off by semicolons (one alone still waits for its "and", as a comma
        // does, so "X met Y; Z declined" lists nobody).
        if pos + 1 < end && self.word(pos) == ";" {
            seps[5] = if self.word_is(pos + 1, fixed.and) {
                (pos + 2, false)
            } else {
                (pos + 1, true)
            };
        }
        // "accompanied by X and by Y": the agent's "by" said again ("meetings with X and with Y"
        // are more often one meeting each, so "with" is not).
        let and_at = if pos < end && self.word_is(pos, fixed.comma) {
            pos + 1
        } else {
            pos
        };
        if and_at + 2 < end && self.word_is(and_at, fixed.and) && self.word(and_at + 1) == "by" {
            seps[4] = (and_at + 2, false);
        }
        // "X, as well as Y": closes a list like "and".
        let as_well_as = |p: usize| {
            p + 3 < end
                && self.word(p) == "as"
                && self.word(p + 1) == "well"
                && self.word(p + 2) == "as"
        };
        if as_well_as(pos) {
            seps[3] = (pos + 3, false);
        } else if pos + 1 < end && self.word_is(pos, fixed.comma) && as_well_as(pos + 1) {
            seps[3] = (pos + 4, false);
        }
        let mut out = ListContinuations::default();
        for &(s, comma_only) in seps.iter().filter(|(s, _)| *s != usize::MAX) {
            out.push(s, comma_only);
        }
        // "..., and former national team captain Y": an item described before its title and
        // name.
        for &(s, comma_only) in seps.iter().filter(|(s, _)| *s != usize::MAX) {
            if let Some(d) = self.described_item_start(prepared, s) {
                out.push(d, comma_only);
            }
        }
        out
    }

    /// ", and former national team captain Y", ", and Cleveland Mayor Y", ", and vice-president
    /// for education, Y": where the person's name starts when a list item opens with up to four
    /// words and a title right before the name, or with a title, its brief and a comma.
    fn described_item_start(&self, prepared: &Prepared, pos: usize) -> Option<usize> {
        let end = self.range.end;
        let mut t = pos;
        while t < end && t < pos + 4 {
            let token = &self.tokens[t];
            if self.title_at(prepared, t) {
                break;
            }
            // "and Nigeria's Inspector-General of Police, Y": a place's possessive.
            if t > pos && matches!(self.word(t), "'s" | "’s") {
                t += 1;
                continue;
            }
            // "meetings with X and with Minister Y" are as often two meetings: no preposition;
            // a place or demonym may lead ("Cleveland Mayor Y", "Irish finance minister Y"),
            // a person may not (the item is theirs).
            if token.kind != crate::text::TokenKind::Word
                || self
                    .mentions_at(prepared, t)
                    .any(|m| self.mentions[m as usize].label == MentionLabel::Person)
                || self.word_is(t, prepared.fixed.and)
                || matches!(
                    self.word(t),
                    "with" | "by" | "to" | "for" | "from" | "at" | "in" | "on" | "of" | "as"
                )
            {
                return None;
            }
            t += 1;
        }
        if t >= end {
            return None;
        }
        let title_end = self
            .mentions_at(prepared, t)
            .filter(|&m| self.mentions[m as usize].label == MentionLabel::Title)
            .map(|m| self.mentions[m as usize].end as usize)
            .max()?;
        if t > pos && self.person_at(prepared, title_end) {
            return Some(title_end);
        }
        // ", and vice-president for education, Y": the title's brief, then the name set off.
        if title_end < end && matches!(self.word(title_end), "for" | "of") {
            return (title_end + 2..(title_end + 5).min(end))
                .find(|&c| self.word_is(c, prepared.fixed.comma))
                .filter(|&c| {
                    (title_end + 1..c).all(|j| {
                        self.tokens[j].kind == crate::text::TokenKind::Word
                            && !self.word_is(j, prepared.fixed.and)
                    }) && self.person_at(prepared, c + 1)
                })
                .map(|c| c + 1);
        }
        // "and Britain's Chief of the Defence Staff, Air Chief Marshal Sir Y": a described
        // title set off by a comma, then the holder's own titles and name.
        if t > pos && title_end + 1 < end && self.word_is(title_end, prepared.fixed.comma) {
            let mut q = title_end + 1;
            while let Some(e) = self
                .mentions_at(prepared, q)
                .filter(|&m| self.mentions[m as usize].label == MentionLabel::Title)
                .map(|m| self.mentions[m as usize].end as usize)
                .max()
            {
                q = e;
            }
            if q > title_end + 1 && self.person_at(prepared, q) {
                return Some(q);
            }
        }
        None
    }

    /// Where "of Phoenix" / "from the IMF" after a list item ends, when a comma or "and"
    /// follows it (the place or organisation is one mention).
    fn affiliation_end(&self, prepared: &Prepared, pos: usize) -> Option<usize> {
        self.known_affiliation_after(prepared, pos).filter(|&e| {
            e < self.range.end
                && (self.word_is(e, prepared.fixed.comma) || self.word_is(e, prepared.fixed.and))
        })
    }

    /// `affiliation_after`, found once per sentence and token.
    fn known_affiliation_after(&self, prepared: &Prepared, pos: usize) -> Option<usize> {
        let Some(slot) = pos
            .checked_sub(self.range.start)
            .and_then(|i| prepared.affiliation_next.get(i))
            .filter(|_| pos <= self.range.end)
        else {
            return self.affiliation_after(prepared, pos);
        };
        let (generation, end) = slot.get();
        if generation == prepared.generation {
            return (end as usize).checked_sub(1);
        }
        let found = self.affiliation_after(prepared, pos);
        slot.set((prepared.generation, found.map_or(0, |e| e as u32 + 1)));
        found
    }

    /// Where "of Phoenix" / "from the IMF" starting at `pos` ends, whatever follows (the place
    /// or organisation is one mention).
    fn affiliation_after(&self, prepared: &Prepared, pos: usize) -> Option<usize> {
        let end = self.range.end;
        // "Wietske X (Civic Reform) and Rutger Y (New Centre) spent three hours with Z": a
        // party or place of two words or more in brackets after a name, with no one named
        // inside, says the same (a one-word bracket is a dateline's region: "Dwaso (Ash)").
        if pos + 2 < end && self.word(pos) == "(" {
            return (pos + 3..(pos + 7).min(end))
                .find(|&j| self.word(j) == ")")
                .filter(|&close| {
                    !(pos + 1..close).any(|t| {
                        self.mentions_at(prepared, t)
                            .any(|m| self.mentions[m as usize].label == MentionLabel::Person)
                    })
                })
                .map(|close| close + 1);
        }
        if pos + 2 >= end || !matches!(self.word(pos), "of" | "from") {
            return None;
        }
        let at = if self.word(pos + 1) == "the" {
            pos + 2
        } else {
            pos + 1
        };
        self.place_or_body_end(prepared, at)
            // "of the Progressive Social Party (PSP)": the body's acronym in brackets goes with it.
            .map(|e| {
                if e + 2 < end && self.word(e) == "(" && self.word(e + 2) == ")" {
                    e + 3
                } else {
                    e
                }
            })
    }

    /// Where an apposition after a list item ends (its closing comma): ", president of the
    /// union," or ", the chair of the council," (a title after at most an article and two
    /// words), or ", of the Central Mosque," (an affiliation: "of" or "from", then a name), with
    /// no person named before the next comma, at most 14 tokens on.
    fn apposition_end(&self, prepared: &Prepared, pos: usize) -> Option<usize> {
        let end = self.range.end;
        if pos + 2 >= end || !self.word_is(pos, prepared.fixed.comma) {
            return None;
        }
        let mut j = pos + 1;
        // "X, 24, and Y": an age set off by commas.
        let age = self.word(j);
        if (1..=3).contains(&age.len())
            && age.bytes().all(|b| b.is_ascii_digit())
            && self.word_is(j + 1, prepared.fixed.comma)
        {
            return Some(j + 1);
        }
        // ", and the chief executive of X, Y": the next item, not an apposition.
        if self.word_is(j, prepared.fixed.and) {
            return None;
        }
        // "X, a dairy economist at the university, and Y": an indefinite noun phrase set off by
        // commas after a name describes it (a list item would be named).
        let indefinite = matches!(self.word(j), "a" | "an");
        if prepared.opener[j - self.range.start] {
            j += 1;
        }
        let affiliation = |j: usize| {
            let mut a = j + 1;
            if a < end && self.word(a) == "the" {
                a += 1;
            }
            matches!(self.word(j), "of" | "from")
                && a < end
                && self.mentions_at(prepared, a).any(|m| {
                    matches!(
                        self.mentions[m as usize].label,
                        MentionLabel::Organization | MentionLabel::Place | MentionLabel::Misc
                    )
                })
        };
        // "X, head of operations at Z, and Y": so does a head word before "of".
        let described = indefinite
            || (j + 1 < end
                && self.word(j + 1) == "of"
                && matches!(
                    self.word(j),
                    "head" | "chair" | "leader" | "founder" | "member"
                ));
        // "X, the real estate developer leading the bid, and Mayor Y": a definite description
        // set off by commas, when "and" and the next item follow it.
        let definite = !described
            && self.word(pos + 1) == "the"
            && !affiliation(j)
            && !(j..(j + 3).min(end)).any(|t| self.title_at(prepared, t));
        if !described && !definite && !affiliation(j) {
            (j..(j + 3).min(end)).find(|&t| self.title_at(prepared, t))?;
        }
        let reach = if described || definite { 21 } else { 15 };
        (j..(pos + reach).min(end))
            .take_while(|&t| {
                !self
                    .mentions_at(prepared, t)
                    .any(|m| self.mentions[m as usize].label == MentionLabel::Person)
            })
            .find(|&t| self.word_is(t, prepared.fixed.comma))
            .filter(|&c| !definite || c + 1 < end && self.word_is(c + 1, prepared.fixed.and))
    }

    /// Where the comma after an organisation's name starting at `pos` is ("the People's Bank
    /// of China," — an optional article, then capitalised words and their joining words with
    /// an organisation among them and no person), when a person is named right after it.
    fn organisation_name_before_comma(&self, prepared: &Prepared, pos: usize) -> Option<usize> {
        let end = self.range.end;
        let first = if pos < end && self.word(pos) == "the" {
            pos + 1
        } else {
            pos
        };
        let comma = (first..(first + 9).min(end))
            .take_while(|&t| {
                (self.tokens[t].capitalised
                    || t > first && matches!(self.word(t), "'s" | "’s" | "of" | "and" | "&" | "-")
                    || self.word_is(t, prepared.fixed.comma))
                    && !self
                        .mentions_at(prepared, t)
                        .any(|m| self.mentions[m as usize].label == MentionLabel::Person)
            })
            .find(|&t| self.word_is(t, prepared.fixed.comma))
            .filter(|&c| c > first && c + 1 < end)?;
        let names_organisation = (first..comma).any(|t| {
            self.mentions_at(prepared, t)
                .any(|m| self.mentions[m as usize].label == MentionLabel::Organization)
        });
        let person_after = self
            .mentions_at(prepared, comma + 1)
            .any(|m| self.mentions[m as usize].label == MentionLabel::Person);
        (names_organisation && person_after).then_some(comma)
    }

    /// Mentions a capture of `labels` can take at `k`, with where they end: the mention itself,
    /// or the name after a leading article, affiliation and title ("the Chinese Vice Premier
    /// He Lifeng" → He Lifeng).
    fn capture_candidates(
        &self,
        prepared: &Prepared,
        k: usize,
        labels: &[MentionLabel],
        out: &mut Candidates,
    ) {
        let mut starts = [k, usize::MAX, usize::MAX];
        if k >= self.range.start && k < self.range.end && prepared.opener[k - self.range.start] {
            starts[1] = k + 1;
            let takes_place = labels.contains(&MentionLabel::Place);
            // "his Chinese counterpart, He Lifeng": up to three lower-case words (or a
            // demonym) and a comma before the name.
            let mut j = k + 1;
            while j < self.range.end && j <= k + 4 {
                let t = &self.tokens[j];
                if prepared.demonym_start[j - self.range.start] {
                    // A demonym may span tokens ("South Korean").
                    j = self
                        .mentions_at(prepared, j)
                        .filter(|&m| self.mentions[m as usize].flags.demonym)
                        .map(|m| self.mentions[m as usize].end as usize)
                        .max()
                        .unwrap_or(j + 1);
                    continue;
                }
                // "his New Zealand counterpart X": a country's name qualifies the
                // description like a demonym when a lower-case word follows it.
                if !takes_place {
                    if let Some(place_end) = self
                        .mentions_at(prepared, j)
                        .filter(|&m| self.mentions[m as usize].label == MentionLabel::Place)
                        .map(|m| self.mentions[m as usize].end as usize)
                        .max()
                        .filter(|&e| {
                            e < self.range.end
                                && !self.tokens[e].capitalised
                                && self.tokens[e].kind == crate::text::TokenKind::Word
                                && !is_function_word(self.word(e))
                        })
                    {
                        j = place_end;
                        continue;
                    }
                }
                // "the Regional Director of the agency for the region, X": a capitalised
                // title (after at most one capitalised qualifier nothing else names) belongs
                // to the description like a lower-case one.
                if t.capitalised && !takes_place {
                    let title_start = if self.title_at(prepared, j) {
                        Some(j)
                    } else if j + 1 < self.range.end
                        && self.title_at(prepared, j + 1)
                        && self
                            .mentions_at(prepared, j)
                            .all(|m| self.mentions[m as usize].label == MentionLabel::Misc)
                    {
                        Some(j + 1)
                    } else {
                        None
                    };
                    if let Some(title_end) = title_start.and_then(|s| {
                        self.mentions_at(prepared, s)
                            .filter(|&m| self.mentions[m as usize].label == MentionLabel::Title)
                            .map(|m| self.mentions[m as usize].end as usize)
                            .max()
                    }) {
                        j = title_end;
                        continue;
                    }
                }
                // For a person or organisation, a preposition ends the description: in "the
                // wife of President X", X is not the one the article speaks of. ("A phone call
                // from X" goes on: the call is X's, and a kind cue makes it a call. A place
                // goes on too: "visited a clinic in Z".)
                if t.capitalised
                    || t.kind != crate::text::TokenKind::Word
                    || !takes_place
                        && matches!(
                            self.word(j),
                            "of" | "by" | "to" | "with" | "for" | "about" | "on" | "in" | "at"
                        )
                {
                    break;
                }
                j += 1;
            }
            // "the general manager of the metro company, X": a title, "of" and the body it
            // heads (no person named in it), then the name after a comma.
            let title_of = j > k + 1
                && j < self.range.end
                && self.word(j) == "of"
                && !takes_place
                && (k + 1..j).any(|t| {
                    self.mentions_at(prepared, t).any(|m| {
                        let m = &self.mentions[m as usize];
                        m.label == MentionLabel::Title && m.end as usize == j
                    })
                });
            // "the head of the International Atomic Energy Agency, X": a lower-case noun no
            // titles list holds ("head", "boss", "founder") counts as a title only in this
            // apposition, where what it heads is an organisation's name set off by commas.
            let head_of_organisation_comma = (!title_of
                && j > k + 1
                && j < self.range.end
                && self.word(j) == "of"
                && !takes_place
                && (k + 1..j).all(|t| !self.tokens[t].capitalised))
            .then(|| self.organisation_name_before_comma(prepared, j + 1))
            .flatten();
            if let Some(comma) = head_of_organisation_comma {
                j = comma;
            } else if title_of {
                let body_end = (j + 1..(j + 10).min(self.range.end))
                    .take_while(|&t| {
                        !self.word_is(t, prepared.fixed.and)
                            && !self
                                .mentions_at(prepared, t)
                                .any(|m| self.mentions[m as usize].label == MentionLabel::Person)
                    })
                    .find(|&t| self.word_is(t, prepared.fixed.comma));
                if let Some(comma) = body_end.filter(|&c| c > j + 1) {
                    j = comma;
                }
            } else if j > k + 1 && j < self.range.end && self.word(j) == "of" && !takes_place {
                // "the national secretary of the Greens, X": the titles list knows the title
                // with its body, so the title mention runs on past "of" to the comma.
                let through_comma = (k + 1..j)
                    .flat_map(|t| self.mentions_at(prepared, t))
                    .map(|m| &self.mentions[m as usize])
                    .filter(|m| m.label == MentionLabel::Title && m.end as usize > j)
                    .map(|m| m.end as usize)
                    .find(|&e| e < self.range.end && self.word_is(e, prepared.fixed.comma));
                if let Some(comma) = through_comma {
                    j = comma;
                }
            } else if j > k + 1 && !takes_place {
                // "the state's Resident Commissioner in Delhi, X, ...": the city of the post,
                // then the name set off by commas.
                if let Some(comma) = self.posted_in_city_comma(prepared, j) {
                    j = comma;
                }
            }
            if j < self.range.end && self.word_is(j, prepared.fixed.comma) {
                j += 1;
            }
            if j > k + 1 {
                starts[2] = j;
            }
        } else if k >= self.range.start
            && k + 1 < self.range.end
            && !self.tokens[k].capitalised
            && self.tokens[k].kind == crate::text::TokenKind::Word
        {
            // "former transport minister X", "club owner X": lower-case words before a title,
            // but not a verb after a title ("the company chief met Minister X").
            let after_title = (k.saturating_sub(4).max(self.range.start)..k).any(|j| {
                self.mentions_at(prepared, j).any(|m| {
                    let m = &self.mentions[m as usize];
                    m.label == MentionLabel::Title && m.end as usize == k
                })
            });
            if after_title {
                // No descriptor: the capture is the mention at `k` alone.
            } else if let Some(t) = self.title_after_plural_possessive(prepared, k) {
                starts[1] = t;
            } else if self.title_at(prepared, k + 1) && self.is_descriptor(prepared, k) {
                starts[1] = k + 1;
            } else if self.mentions_at(prepared, k + 1).any(|m| {
                let m = &self.mentions[m as usize];
                matches!(m.label, MentionLabel::Organization | MentionLabel::Place)
                    && (m.end as usize) < self.range.end
                    && self.title_at(prepared, m.end as usize)
            }) && self.is_descriptor(prepared, k)
            {
                // "senior Eskom executive X": a descriptor, then the body and its title.
                starts[1] = k + 1;
            } else if k + 2 < self.range.end
                && self.title_at(prepared, k + 2)
                && self.is_descriptor(prepared, k)
                && self.is_descriptor(prepared, k + 1)
            {
                starts[1] = k + 2;
            } else if self.is_descriptor(prepared, k) {
                // "state Transportation Commissioner X": a lower-case descriptor, then
                // capitalised words nothing typed but as a bare run (the department) and the
                // title (at most two words: `may_capture` looks three tokens ahead).
                if let Some(t) = (k + 1..(k + 3).min(self.range.end))
                    .take_while(|&j| {
                        self.tokens[j].capitalised
                            && self.tokens[j].kind == crate::text::TokenKind::Word
                            && self
                                .mentions_at(prepared, j)
                                .all(|m| self.mentions[m as usize].label == MentionLabel::Misc)
                    })
                    .map(|j| j + 1)
                    .find(|&j| j < self.range.end && self.title_at(prepared, j))
                {
                    starts[1] = t;
                } else if let Some(p) = self.occupation_then_person(prepared, k) {
                    // "directors X and Y", "trade official X": an occupation, then the name.
                    starts[1] = p;
                }
            }
        }
        let takes_person = labels.contains(&MentionLabel::Person);
        for &s in starts.iter().filter(|&&s| s < self.range.end) {
            for m in self.mentions_at(prepared, s) {
                let mention = &self.mentions[m as usize];
                let person_possessive =
                    mention.flags.possessive && mention.label == MentionLabel::Person;
                let pushed_at = (labels.contains(&mention.label)
                    && self.usable[m as usize]
                    && !person_possessive)
                    .then_some(())
                    .and_then(|()| {
                        let before = out.as_slice().len();
                        out.push((mention.end, m));
                        (out.as_slice().len() > before).then_some(before)
                    });
                // What follows only adds a person reached through the mention (an affiliation
                // or a title before the name) or drops the mention for one: nothing to do for
                // a capture that takes no person (a place, a date, a topic).
                if !takes_person {
                    continue;
                }
                // Affiliation + title + name, or title + name.
                let mut next = mention.end as usize;
                let mut via_title = mention.label == MentionLabel::Title;
                // Whether the mention only qualifies the title right after it ("Vodafone chief
                // executive X", "Trump adviser X"): then X is the candidate, not the mention.
                let mut qualifies_title = false;
                // A capitalised name nothing typed qualifies a title too ("MedAxis Chief
                // Executive Officer X"); it is never a candidate itself.
                // A capitalised portfolio joined to another opens a title too ("Agriculture and
                // Livestock Development Cabinet Secretary X"). (A single one, "Health Cabinet
                // Secretary X", is left as it was: on the fifteenth set it only exposed a
                // pronoun resolved to the wrong person.)
                let portfolio_opens = mention.label == MentionLabel::Topic
                    && self.tokens[mention.first as usize].capitalised
                    && (mention.end as usize) < self.range.end
                    && self.word_is(mention.end as usize, prepared.fixed.and);
                if portfolio_opens
                    || matches!(
                        mention.label,
                        MentionLabel::Place
                            | MentionLabel::Organization
                            | MentionLabel::Person
                            | MentionLabel::Misc
                    )
                {
                    // "Board of Investment (BoI) Chairman X": an organisation's abbreviation in
                    // brackets between it and the title; the organisation stays bare.
                    let abbreviated = mention.label == MentionLabel::Organization
                        && next + 3 < self.range.end
                        && self.word(next) == "("
                        && self.tokens[next + 1].capitalised
                        && self.word(next + 2) == ")"
                        && self.title_at(prepared, next + 3);
                    if abbreviated {
                        next += 3;
                    }
                    // "PML-N MNA X", "JUI-F Senator Y": a party's letter after a hyphen is
                    // still its name; the title follows it.
                    let lettered = mention.label == MentionLabel::Organization
                        && next + 2 < self.range.end
                        && self.word(next) == "-"
                        && !self.tokens[next].space_before
                        && !self.tokens[next + 1].space_before
                        && self.tokens[next + 1].kind == crate::text::TokenKind::Word
                        && self.tokens[next + 1].capitalised
                        && self.word(next + 1).len() <= 2
                        && self.title_at(prepared, next + 2);
                    if lettered {
                        next += 2;
                    }
                    // "Jordan's King Abdullah II": a possessive between affiliation and title.
                    if next < self.range.end && matches!(self.word(next), "'s" | "'" | "’s" | "’")
                    {
                        next += 1;
                    }
                    let bare = next
                        == mention.end as usize
                            + if abbreviated { 3 } else { 0 }
                            + if lettered { 2 } else { 0 };
                    // "Meta Platforms Inc.'s Mark Zuckerberg": the person, not the company
                    // that only says whose he is.
                    // So does a name the tagger took for a person ("Kestrel's Fiona Gallagher":
                    // a name's possessive right before a full name says whose that one is),
                    // and a country's ("Sweden's Lars Oskarsson and South Africa's Y", the way
                    // news names delegates of several countries in one list).
                    if !bare
                        && (mention.label == MentionLabel::Organization
                            || mention.label == MentionLabel::Place
                            || mention.label == MentionLabel::Person && !mention.flags.pronoun)
                    {
                        let mut named = false;
                        for p in self.mentions_at(prepared, next) {
                            let pm = &self.mentions[p as usize];
                            if pm.label == MentionLabel::Person
                                && labels.contains(&pm.label)
                                && self.usable[p as usize]
                                && !pm.flags.pronoun
                            {
                                out.push((pm.end, p));
                                named = true;
                            }
                        }
                        if named {
                            if let Some(at) = pushed_at {
                                out.remove(at);
                            }
                            continue;
                        }
                    }
                    // "Chinese investor X", "IMF economist X", "Belgian diamond trader X": a
                    // demonym or an organisation, an occupation in lower case, then the person.
                    // "Bergen-based investor X", "London-born designer X": a place or body
                    // joined to a participle qualifies the occupation the same way.
                    let compound_end = (bare
                        && matches!(
                            mention.label,
                            MentionLabel::Place | MentionLabel::Organization | MentionLabel::Misc
                        ))
                    .then(|| self.placed_participle_end(next))
                    .flatten();
                    if bare
                        && (mention.flags.demonym
                            || mention.label == MentionLabel::Organization
                            || compound_end.is_some())
                        && labels.contains(&MentionLabel::Person)
                    {
                        let next = compound_end.unwrap_or(next);
                        if let Some(p) = (next < self.range.end && !self.title_at(prepared, next))
                            .then(|| self.occupation_then_person(prepared, next))
                            .flatten()
                        {
                            let mut named = false;
                            for q in self.mentions_at(prepared, p) {
                                let pm = &self.mentions[q as usize];
                                if pm.label == MentionLabel::Person
                                    && self.usable[q as usize]
                                    && !pm.flags.pronoun
                                {
                                    out.push((pm.end, q));
                                    named = true;
                                }
                            }
                            if named {
                                if let Some(at) = pushed_at {
                                    out.remove(at);
                                }
                                continue;
                            }
                        }
                    }
                    let mut described = false;
                    // "Ukrainian presidential chief of staff X": descriptors before the title.
                    if mention.label != MentionLabel::Person
                        && next < self.range.end
                        && !self.title_at(prepared, next)
                    {
                        if let Some(t) = (next..(next + 2).min(self.range.end))
                            .take_while(|&j| self.is_descriptor(prepared, j))
                            .map(|j| j + 1)
                            .find(|&j| j < self.range.end && self.title_at(prepared, j))
                        {
                            next = t;
                            described = true;
                        } else {
                            // After a possessive or a demonym, capitalised words of a title
                            // the lexicon does not list: "Israel's then-Strategic Affairs
                            // Minister X", "Indonesian Energy and Mineral Resources Minister X".
                            // Right after a name, only capitalised words nothing typed but as
                            // a bare capitalised run, the rest of an organisation's name
                            // ("Africa CDC Director General X").
                            let loose = !bare || mention.flags.demonym;
                            // Where a bare capitalised run that started in the words taken so
                            // far ends: its later words belong to the title too ("Livestock
                            // Development").
                            let mut run_end = next;
                            if let Some(t) = (next..(next + 5).min(self.range.end))
                                .take_while(|&j| {
                                    let inside_run = j < run_end;
                                    for m in self.mentions_at(prepared, j) {
                                        let m = &self.mentions[m as usize];
                                        if matches!(
                                            m.label,
                                            MentionLabel::Misc | MentionLabel::Topic
                                        ) {
                                            run_end = run_end.max(m.end as usize);
                                        }
                                    }
                                    (self.tokens[j].kind == crate::text::TokenKind::Word
                                        || self.word(j) == "-")
                                        && (loose
                                            || self.tokens[j].capitalised
                                                && (inside_run
                                                    || self
                                                        .mentions_at(prepared, j)
                                                        .next()
                                                        .is_some())
                                            || self.word_is(j, prepared.fixed.and))
                                        && self.mentions_at(prepared, j).all(|m| {
                                            let label = self.mentions[m as usize].label;
                                            // "Swiss Federal Councillor X": after a
                                            // demonym, a word the tagger took for an
                                            // organisation belongs to the title too.
                                            matches!(
                                                label,
                                                MentionLabel::Misc | MentionLabel::Topic
                                            ) || mention.flags.demonym
                                                && label == MentionLabel::Organization
                                        })
                                })
                                .map(|j| j + 1)
                                .find(|&j| j < self.range.end && self.title_at(prepared, j))
                            {
                                next = t;
                            }
                        }
                    }
                    if let Some(t) = self
                        .mentions_at(prepared, next)
                        .find(|&t| self.mentions[t as usize].label == MentionLabel::Title)
                    {
                        qualifies_title =
                            !described && (bare || mention.label != MentionLabel::Person);
                        next = self.mentions[t as usize].end as usize;
                        via_title = true;
                    } else if bare && mention.label != MentionLabel::Person {
                        // "the Green leader, X": resolution already made the title a reference
                        // to X; the party only says whose leader, the person takes part.
                        let holder = self.mentions_at(prepared, next).find(|&p| {
                            let pm = &self.mentions[p as usize];
                            pm.label == MentionLabel::Person
                                && pm.origin == "resolve:title-alone"
                                && labels.contains(&pm.label)
                                && self.usable[p as usize]
                        });
                        if let Some(p) = holder {
                            out.push((self.mentions[p as usize].end, p));
                            if let Some(at) = pushed_at {
                                out.remove(at);
                            }
                        }
                    }
                }
                // Titles in a row: "Prime Minister Sheikh X", "Prime Minister and Foreign
                // Minister Sheikh X".
                // "South African President's envoy X", "the Prime Minister's chief of staff X":
                // a title's holder qualifies another title through a possessive.
                if via_title {
                    loop {
                        let joined = next + 1 < self.range.end
                            && (self.word_is(next, prepared.fixed.and)
                                || matches!(self.word(next), "'s" | "’s")
                                // "Deputy Prime Minister – Minister of Foreign Affairs X": two
                                // posts one person holds, joined by a spaced dash.
                                || matches!(self.word(next), "–" | "—" | "-")
                                    && self.tokens[next].space_before
                                    && self.tokens[next + 1].space_before)
                            && self.title_at(prepared, next + 1);
                        let at = if joined { next + 1 } else { next };
                        let Some(t) = self
                            .mentions_at(prepared, at)
                            .find(|&t| self.mentions[t as usize].label == MentionLabel::Title)
                        else {
                            break;
                        };
                        next = self.mentions[t as usize].end as usize;
                    }
                    // "India's Secretary (East) X": one or two capitalised words in brackets
                    // qualify the office; the name follows them.
                    // "Lt Gen (retd) X": a word in lower case there, when recognition took the
                    // name after the bracket for a person (it does so for listed words only).
                    if next < self.range.end && self.word(next) == "(" {
                        if let Some(close) = (next + 2..(next + 4).min(self.range.end))
                            .find(|&q| self.word(q) == ")")
                            .filter(|&q| {
                                (next + 1..q).all(|x| self.tokens[x].capitalised)
                                    || q + 1 < self.range.end
                                        && self.mentions_at(prepared, q + 1).any(|p| {
                                            self.mentions[p as usize].label == MentionLabel::Person
                                        })
                            })
                        {
                            next = close + 1;
                        }
                    }
                }
                // "the chief executive of Network South, X", "Brazil's Minister of Mines and
                // Energy, X" (the title may end at "Mines"), "the chairman of South Korea's
                // Hanseong Group, X", "the Minister for Skills, X", "the US ambassador to London,
                // X": the title's organisation, brief or post after "of", "for", "and" or "to"
                // (capitalised words, no person) before the comma that introduces the name.
                // ("Consul General in Karachi X": a post named by its city, then the name with
                // no comma; only that form after "in".)
                let posted_in = self.word(next) == "in";
                if via_title
                    && next + 2 < self.range.end
                    && matches!(self.word(next), "of" | "for" | "and" | "to" | "in")
                {
                    let mut j = next + 1;
                    if self.word(j) == "the" {
                        j += 1;
                    }
                    let first = j;
                    // A brief may be written in lower case after "of" or "for" ("the minister
                    // for border security and asylum, X", "the director of planning, X").
                    let lower_brief = matches!(self.word(next), "of" | "for");
                    while j < self.range.end
                        && j < next + 8
                        && (self.tokens[j].capitalised
                            || (j > first
                                && matches!(
                                    self.word(j),
                                    "and" | "&" | "of" | "to" | "-" | "'s" | "’s"
                                ))
                            || (lower_brief
                                && self.tokens[j].kind == crate::text::TokenKind::Word
                                && self.word(j).bytes().all(|b| b.is_ascii_alphabetic())))
                        && !self
                            .mentions_at(prepared, j)
                            .any(|p| self.mentions[p as usize].label == MentionLabel::Person)
                    {
                        j += 1;
                    }
                    // "Ambassador to China Mutale Chisenga": a country posted to, then the name
                    // with no comma; "Joint Secretary in the Department of Revenue X": so does
                    // the body the post is in.
                    // "Ambassador of the Republic of Korea to the Kyrgyz Republic Jeon Hyun-ah":
                    // two such places or bodies in a row, each after "of", "to" or "in".
                    let mut posted_at = None;
                    if matches!(self.word(next), "to" | "of" | "in") {
                        let mut at = first;
                        for _ in 0..2 {
                            let Some(e) = self.place_or_body_end(prepared, at) else {
                                break;
                            };
                            if self.person_at(prepared, e) {
                                posted_at = Some(e);
                                break;
                            }
                            if e + 1 >= self.range.end
                                || !matches!(self.word(e), "to" | "of" | "in")
                            {
                                break;
                            }
                            at = e + 1;
                            if self.word(at) == "the" {
                                at += 1;
                            }
                        }
                    }
                    let posted = posted_at.is_some();
                    if let Some(e) = posted_at {
                        j = e;
                    }
                    // "the Resident Commissioner in Delhi, X, ...": see posted_in_city_comma.
                    let posted_in_apposition =
                        posted_in && self.posted_in_city_comma(prepared, next) == Some(j);
                    if posted
                        || (!posted_in || posted_in_apposition)
                            && j > first
                            && j + 1 < self.range.end
                            && self.word_is(j, prepared.fixed.comma)
                    {
                        next = j;
                    } else if lower_brief
                        && j > first
                        && j < first + 4
                        && j < self.range.end
                        && (first..j).all(|k| !self.tokens[k].capitalised)
                        && self
                            .mentions_at(prepared, j)
                            .any(|p| self.mentions[p as usize].label == MentionLabel::Person)
                    {
                        // "vice-president for education Josh Whitley": a short lower-case brief
                        // and the name right after it.
                        next = j;
                    }
                }
                // "Senegal's minister in charge of culture, X": a brief written out in lower
                // case after "in charge of", then the comma that introduces the name.
                if via_title
                    && next + 4 < self.range.end
                    && self.word(next) == "in"
                    && self.word(next + 1) == "charge"
                    && self.word(next + 2) == "of"
                {
                    if let Some(comma) = (next + 3..(next + 8).min(self.range.end))
                        .take_while(|&j| {
                            self.tokens[j].kind == crate::text::TokenKind::Word
                                || self.word_is(j, prepared.fixed.comma)
                        })
                        .find(|&j| self.word_is(j, prepared.fixed.comma))
                        .filter(|&c| {
                            c > next + 3
                                && !(next + 3..c).any(|j| {
                                    self.mentions_at(prepared, j).any(|p| {
                                        self.mentions[p as usize].label == MentionLabel::Person
                                    })
                                })
                        })
                    {
                        next = comma;
                    }
                }
                // "the Vatican's Secretary of State, Cardinal Pietro Parolin": the name (with
                // titles of its own) after a comma.
                if via_title
                    && next + 1 < self.range.end
                    && self.word_is(next, prepared.fixed.comma)
                    && !self
                        .mentions_at(prepared, next)
                        .any(|p| self.mentions[p as usize].label == MentionLabel::Person)
                {
                    let mut after = next + 1;
                    while let Some(t) = self
                        .mentions_at(prepared, after)
                        .find(|&t| self.mentions[t as usize].label == MentionLabel::Title)
                    {
                        after = self.mentions[t as usize].end as usize;
                    }
                    if self
                        .mentions_at(prepared, after)
                        .any(|p| self.mentions[p as usize].label == MentionLabel::Person)
                    {
                        next = after;
                    }
                }
                if via_title {
                    let mut named = false;
                    for p in self.mentions_at(prepared, next) {
                        let pm = &self.mentions[p as usize];
                        if labels.contains(&pm.label)
                            && self.usable[p as usize]
                            && pm.label == MentionLabel::Person
                        {
                            out.push((pm.end, p));
                            named = true;
                        }
                    }
                    // "talks with Vodafone chief executive Margherita Della Valle": the person
                    // takes part, not the company that only qualifies the title.
                    if let Some(at) = pushed_at.filter(|_| named && qualifies_title) {
                        out.remove(at);
                    }
                }
            }
        }
    }
}

/// Runs every rule whose trigger occurs in the sentence; returns the best match per rule and
/// trigger position.
pub fn match_sentence(rules: &RuleSet, view: &SentenceView, out: &mut Vec<RuleMatch>) {
    SCRATCH.with(|scratch| {
        let mut scratch = scratch.borrow_mut();
        let Scratch {
            prepared,
            candidates,
            found,
            caps,
            memo,
        } = &mut *scratch;
        view.select_rules(rules, prepared, candidates);
        // Most sentences trigger nothing: they need no tables.
        if candidates.is_empty() {
            return;
        }
        view.prepare(rules, prepared);
        match_prepared(rules, view, prepared, candidates, found, caps, memo, out);
    });
}

#[allow(clippy::too_many_arguments)]
fn match_prepared(
    rules: &RuleSet,
    view: &SentenceView,
    prepared: &Prepared,
    candidates: &[usize],
    found: &mut Vec<RuleMatch>,
    caps: &mut Vec<(usize, u32)>,
    memo: &mut SuffixMemo,
    out: &mut Vec<RuleMatch>,
) {
    for &ri in candidates {
        found.clear();
        let Some(last) = view.last_trigger(prepared, rules, ri) else {
            continue;
        };
        caps.clear();
        memo.begin(&rules.program.patterns[ri], &view.range);
        let mut state = State {
            caps: std::mem::take(caps),
            trigger: None,
            steps: 0,
            prepared,
            rule: ri,
            start: view.range.start,
            last_trigger: last,
            lookahead: 0,
            cut: last,
            found,
            memo,
        };
        let cx = Context { rules, ri, view };
        let test = &rules.program.starts[ri];
        // A rule that starts with a mention only tries the tokens where one starts.
        let mention_only = test.mention && !test.anything && !test.trigger && test.words.is_empty();
        let mut from = view.range.start;
        while from <= last {
            let start = if mention_only {
                match next_bit(&prepared.mention_starts, from - view.range.start) {
                    Some(i) if view.range.start + i <= last => view.range.start + i,
                    _ => break,
                }
            } else if view.can_start(prepared, rules, ri, from) {
                from
            } else {
                from += 1;
                continue;
            };
            from = start + 1;
            state.start = start;
            match_top(&cx, &rules.program.patterns[ri], start, &mut state);
            if state.steps > STEP_LIMIT {
                break;
            }
        }
        *caps = state.caps;
        // "The agent of Lille striker X held talks with Y": a match that opens on a person named
        // inside another's description is about that other person, not X.
        found.retain(|m| !view.opens_on_represented_person(rules, m));
        // Best match per trigger position: most captures, then longest, then earliest.
        found.sort_by(|a, b| {
            a.trigger
                .cmp(&b.trigger)
                .then(b.captures.len().cmp(&a.captures.len()))
                .then((b.end - b.start).cmp(&(a.end - a.start)))
                .then(a.start.cmp(&b.start))
        });
        found.dedup_by(|b, a| a.trigger == b.trigger);
        // A trigger inside a longer trigger of the same rule ("visit" in "state visit") is the
        // same happening seen through a shorter window, which misses the cues around it.
        let mut i = 0;
        while i < found.len() {
            let (ts, te) = found[i].trigger;
            let nested = found
                .iter()
                .any(|m| m.trigger != (ts, te) && m.trigger.0 <= ts && te <= m.trigger.1);
            if nested {
                found.remove(i);
            } else {
                i += 1;
            }
        }
        out.append(found);
    }
}

/// The first position at or after `from` whose bit is set in `bits`.
#[inline]
fn next_bit(bits: &[u64], from: usize) -> Option<usize> {
    let mut word = from / 64;
    let mut current = *bits.get(word)? & (u64::MAX << (from % 64));
    loop {
        if current != 0 {
            return Some(word * 64 + current.trailing_zeros() as usize);
        }
        word += 1;
        current = *bits.get(word)?;
    }
}

/// What one rule's search runs on.
struct Context<'a> {
    rules: &'a RuleSet,
    ri: usize,
    view: &'a SentenceView<'a>,
}

/// What follows a node once it has matched up to some token (the search continues there and
/// says whether the whole match succeeded). A chain on the stack, one link per enclosing
/// sequence or repetition, so the search needs no closures.
enum Cont<'c> {
    /// The pattern is complete: record the match.
    Record,
    /// Inside a zero-width `!x`: its inner node matched.
    Accept,
    /// The rest of top-level sequence `top` after its first item, then `Record`, looked up
    /// in `SuffixMemo` before it is searched.
    Memo {
        rest: &'c [Op],
        guards: &'c [Option<Guard>],
        top: usize,
    },
    /// The rest of a sequence, then `next`.
    Seq {
        rest: &'c [Op],
        guards: &'c [Option<Guard>],
        next: &'c Cont<'c>,
    },
    /// Another round of a repetition that has matched `count` times, the last from `from`.
    Repeat {
        node: &'c Op,
        first: Option<&'c [u64]>,
        min: u16,
        max: u16,
        count: u16,
        from: usize,
        next: &'c Cont<'c>,
    },
}

/// Continues the search at `pos` with `k`.
fn resume(cx: &Context, k: &Cont, pos: usize, st: &mut State) -> bool {
    match k {
        Cont::Record => st.record(pos),
        Cont::Accept => true,
        Cont::Seq { rest, guards, next } => match_seq(cx, rest, guards, pos, st, next),
        Cont::Memo { rest, guards, top } => match_rest_once(cx, rest, guards, pos, st, *top),
        Cont::Repeat {
            node,
            first,
            min,
            max,
            count,
            from,
            next,
        } => pos != *from && match_repeat(cx, node, *first, *min, *max, *count, pos, st, next),
    }
}

fn match_node(cx: &Context, node: &Op, pos: usize, st: &mut State, k: &Cont) -> bool {
    // Cut short without counting a step: the step limit bounds the search that can still
    // succeed (no sentence of the test corpora comes near it).
    if st.hopeless(pos) {
        return false;
    }
    st.steps += 1;
    if st.steps > STEP_LIMIT {
        return true;
    }
    let (rules, ri, view) = (cx.rules, cx.ri, cx.view);
    match node {
        Op::Seq(items, guards) => match_seq(cx, items, guards, pos, st, k),
        Op::Alt(alts, guards) => {
            // An alternative that cannot begin at the token is not called: its steps are
            // counted (every alternative sees the state this call saw, so it would not be
            // cut short either), and the search stops where the calls would have.
            let w = view.word_at(pos);
            for (i, a) in alts.iter().enumerate() {
                match guarded_out(guards, i, w, st) {
                    Some(true) => return true,
                    Some(false) => continue,
                    None => {}
                }
                if match_node(cx, a, pos, st, k) {
                    return true;
                }
            }
            false
        }
        Op::Repeat {
            node,
            min,
            max,
            first,
        } => match_repeat(cx, node, first.as_deref(), *min, *max, 0, pos, st, k),
        Op::Phrase(words) => match view.phrase_at(pos, words) {
            Some(end) => resume(cx, k, end, st),
            None => false,
        },
        Op::Set(i) => {
            if pos >= view.range.end {
                return false;
            }
            let first = view.words[pos];
            // Most tokens begin none of the set's phrases.
            let firsts = &rules.program.set_firsts[*i];
            if first == NO_WORD || firsts[first as usize / 64] & (1 << (first % 64)) == 0 {
                return false;
            }
            // The entry's place among the set's first words (one entry per first word, in
            // word order): the first words below it.
            let (word, bit) = (first as usize / 64, first % 64);
            let at = rules.program.set_ranks[*i][word] as usize
                + (firsts[word] & ((1u64 << bit) - 1)).count_ones() as usize;
            let (_, lo, hi) = rules.program.set_index[*i][at];
            for phrase in &rules.program.set_phrases[*i][lo as usize..hi as usize] {
                if let Some(end) = view.phrase_at(pos, phrase) {
                    if resume(cx, k, end, st) {
                        return true;
                    }
                }
            }
            false
        }
        Op::Not(inner) => {
            let saved = st.steps;
            st.lookahead += 1;
            st.cut = usize::MAX;
            let matched = match_node(cx, inner, pos, st, &Cont::Accept);
            st.lookahead -= 1;
            st.recut();
            if st.steps > STEP_LIMIT {
                return true;
            }
            st.steps = saved.max(st.steps);
            if matched {
                false
            } else {
                resume(cx, k, pos, st)
            }
        }
        Op::Any => gap_token(cx, pos, st) && resume(cx, k, pos + 1, st),
        Op::SentenceStart => pos == view.range.start && resume(cx, k, pos, st),
        Op::Trigger => {
            if st.trigger.is_some() || pos >= view.range.end {
                return false;
            }
            // With word triggers only, just the forms beginning with the token's word can
            // match, taken in form order as below.
            if let Some(forms) = rules.program.trigger_forms_of(ri, view.words[pos]) {
                let words = &rules.program.triggers[ri];
                for &fi in forms {
                    if let Some(end) = view.phrase_at(pos, &words[fi as usize]) {
                        st.trigger = Some((pos, end, fi as usize));
                        st.cut = usize::MAX;
                        let stop = resume(cx, k, end, st);
                        st.trigger = None;
                        st.recut();
                        if stop {
                            return true;
                        }
                    }
                }
                return false;
            }
            let rule = &rules.rules[ri];
            for (fi, (form, words)) in rule
                .triggers
                .iter()
                .zip(&rules.program.triggers[ri])
                .enumerate()
            {
                let end = match form.class {
                    Some(class) => {
                        let labels = &rules.classes[class].labels;
                        view.mentions_at(st.prepared, pos)
                            .find(|&m| labels.contains(&view.mentions[m as usize].label))
                            .map(|m| view.mentions[m as usize].end as usize)
                    }
                    None => view.phrase_at(pos, words),
                };
                if let Some(end) = end {
                    st.trigger = Some((pos, end, fi));
                    st.cut = usize::MAX;
                    let stop = resume(cx, k, end, st);
                    st.trigger = None;
                    st.recut();
                    if stop {
                        return true;
                    }
                }
            }
            false
        }
        Op::Capture { role, class, list } => {
            let cands = view.cached_candidates(st.prepared, rules, pos, *class);
            for &(end, m) in cands.as_slice() {
                let end = end as usize;
                st.caps.push((*role, m));
                let stop = if *list {
                    match_list_tail(cx, *role, *class, end, false, st, k)
                } else {
                    resume(cx, k, end, st) || resume_after_affiliation(cx, k, end, st)
                };
                st.caps.pop();
                if stop {
                    return true;
                }
            }
            false
        }
    }
}

/// After one list item: end here, or ", Y", "and Y", ", and Y", "& Y" and more. Items joined
/// by commas alone must be closed by an "and" item ("X, Y and Z"): "talks with X, Y will ..."
/// is not a list.
fn match_list_tail(
    cx: &Context,
    role: usize,
    class: usize,
    pos: usize,
    pending_comma: bool,
    st: &mut State,
    k: &Cont,
) -> bool {
    if st.hopeless(pos) {
        return false;
    }
    let view = cx.view;
    for &(s, comma_only) in view.list_continuations(st.prepared, pos).as_slice() {
        let s = s as usize;
        let cands = view.cached_candidates(st.prepared, cx.rules, s, class);
        for &(e, m) in cands.as_slice() {
            let e = e as usize;
            st.caps.push((role, m));
            let stop = match_list_tail(cx, role, class, e, comma_only, st, k);
            st.caps.pop();
            if stop {
                return true;
            }
        }
    }
    // Longest list first; a list may end here unless a comma still waits for its "and".
    if pending_comma {
        return false;
    }
    if resume(cx, k, pos, st) {
        return true;
    }
    resume_after_affiliation(cx, k, pos, st)
}

/// "Sen. X of Montana met Y", "Dr X of the WHO visited Y": when nothing else matches, a
/// captured person may be followed by the place or body they are from, which the pattern then
/// steps over.
fn resume_after_affiliation(cx: &Context, k: &Cont, pos: usize, st: &mut State) -> bool {
    let view = cx.view;
    let last_is_person = st
        .caps
        .last()
        .is_some_and(|&(_, m)| view.mentions[m as usize].label == MentionLabel::Person);
    if !last_is_person {
        return false;
    }
    match view.known_affiliation_after(st.prepared, pos) {
        Some(after) => resume(cx, k, after, st),
        None => false,
    }
}

// Inlined into its two callers: resuming a sequence is the search's most frequent step.
#[inline(always)]
fn match_seq(
    cx: &Context,
    items: &[Op],
    guards: &[Option<Guard>],
    pos: usize,
    st: &mut State,
    k: &Cont,
) -> bool {
    match_seq_items(cx, items, guards, pos, st, k)
}

/// A rule's pattern from `start`: as `match_node` with `Cont::Record` would search it, the
/// rest of each top-level sequence after its first item going through `SuffixMemo`.
fn match_top(cx: &Context, pattern: &Op, start: usize, st: &mut State) -> bool {
    match pattern {
        Op::Seq(items, guards) if items.len() >= 2 => {
            match_top_seq(cx, items, guards, 0, start, st)
        }
        Op::Alt(alts, guards) => {
            // As `match_node` searches an alternation.
            if st.hopeless(start) {
                return false;
            }
            st.steps += 1;
            if st.steps > STEP_LIMIT {
                return true;
            }
            let w = cx.view.word_at(start);
            for (top, alt) in alts.iter().enumerate() {
                match guarded_out(guards, top, w, st) {
                    Some(true) => return true,
                    Some(false) => continue,
                    None => {}
                }
                let matched = match alt {
                    Op::Seq(items, guards) if items.len() >= 2 => {
                        match_top_seq(cx, items, guards, top, start, st)
                    }
                    other => match_node(cx, other, start, st, &Cont::Record),
                };
                if matched {
                    return true;
                }
            }
            false
        }
        other => match_node(cx, other, start, st, &Cont::Record),
    }
}

/// Top-level sequence `top` (`items`, at least two) from `pos`, as `match_node` searches a
/// sequence, its first item continued by `Cont::Memo`.
fn match_top_seq(
    cx: &Context,
    items: &[Op],
    guards: &[Option<Guard>],
    top: usize,
    pos: usize,
    st: &mut State,
) -> bool {
    if st.hopeless(pos) {
        return false;
    }
    st.steps += 1;
    if st.steps > STEP_LIMIT {
        return true;
    }
    let (rest, guards_after) = (&items[1..], &guards[1..]);
    if let Some(guard) = &guards[0] {
        if guard_blocks(cx, guard, pos, st) {
            st.steps += guard.cost;
            if !guard.skips || st.steps > STEP_LIMIT {
                return st.steps > STEP_LIMIT;
            }
            return match_rest_once(cx, rest, guards_after, pos, st, top);
        }
    }
    let k = Cont::Memo {
        rest,
        guards: guards_after,
        top,
    };
    match_node(cx, &items[0], pos, st, &k)
}

/// Whether sequence item guard `guard` rules its item out at `pos` (see `Guard`).
#[inline(always)]
fn guard_blocks(cx: &Context, guard: &Guard, pos: usize, st: &State) -> bool {
    let present = &st.prepared.present;
    guard
        .first
        .as_deref()
        .is_some_and(|first| !cx.view.begins(pos, first))
        || !guard.needs.iter().all(|either| {
            either
                .iter()
                .any(|&w| present[w as usize / 64] & (1 << (w % 64)) != 0)
        })
}

/// The rest `items` of top-level sequence `top` from `pos`, searched the first time it is
/// reached in a rule's attempt and replayed from `SuffixMemo` after (counting the steps the
/// search took).
#[inline(never)]
fn match_rest_once(
    cx: &Context,
    items: &[Op],
    guards: &[Option<Guard>],
    pos: usize,
    st: &mut State,
    top: usize,
) -> bool {
    let Some(slot) = st.memo.slot(top, pos, st.trigger.is_some()) else {
        return match_seq_items(cx, items, guards, pos, st, &Cont::Record);
    };
    let known = st.memo.slots[slot];
    if known.stamp == st.memo.stamp {
        st.steps += known.cost;
        if st.steps > STEP_LIMIT {
            return true;
        }
        if known.outcome == MemoSlot::FAILED {
            return false;
        }
        let win = st.memo.wins[known.outcome as usize];
        let held = st.caps.len();
        st.caps
            .extend_from_slice(&st.memo.caps[win.caps.0 as usize..win.caps.1 as usize]);
        let taken = st.trigger;
        if taken.is_none() {
            st.trigger = win.trigger;
        }
        let recorded = st.record(win.end as usize);
        st.trigger = taken;
        st.caps.truncate(held);
        return recorded;
    }
    let (steps, held, recorded) = (st.steps, st.caps.len(), st.found.len());
    let matched = match_seq_items(cx, items, guards, pos, st, &Cont::Record);
    if st.steps > STEP_LIMIT {
        return matched;
    }
    let outcome = if matched {
        let m = &st.found[recorded];
        let from = st.memo.caps.len() as u32;
        st.memo.caps.extend_from_slice(&m.captures[held..]);
        st.memo.wins.push(MemoWin {
            end: m.end as u32,
            trigger: Some((m.trigger.0, m.trigger.1, m.trigger_form)),
            caps: (from, st.memo.caps.len() as u32),
        });
        st.memo.wins.len() as u32 - 1
    } else {
        MemoSlot::FAILED
    };
    st.memo.slots[slot] = MemoSlot {
        stamp: st.memo.stamp,
        cost: st.steps - steps,
        outcome,
    };
    matched
}

/// `match_seq` without the memo.
#[inline(always)]
fn match_seq_items(
    cx: &Context,
    mut items: &[Op],
    mut guards: &[Option<Guard>],
    pos: usize,
    st: &mut State,
    k: &Cont,
) -> bool {
    loop {
        let Some((first, rest)) = items.split_first() else {
            return resume(cx, k, pos, st);
        };
        if let Some(guard) = &guards[0] {
            if guard_blocks(cx, guard, pos, st) {
                // The item's call would take `cost` steps and fail or match nothing; stop
                // as it would at the step limit.
                st.steps += guard.cost;
                if !guard.skips || st.steps > STEP_LIMIT {
                    return st.steps > STEP_LIMIT;
                }
                items = rest;
                guards = &guards[1..];
                continue;
            }
        }
        return match_node(
            cx,
            first,
            pos,
            st,
            &Cont::Seq {
                rest,
                guards: &guards[1..],
                next: k,
            },
        );
    }
}

#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn match_repeat(
    cx: &Context,
    node: &Op,
    first: Option<&[u64]>,
    min: u16,
    max: u16,
    count: u16,
    pos: usize,
    st: &mut State,
    k: &Cont,
) -> bool {
    // Gaps (`_`) are lazy: the nearest place or date after a verb is the one meant. Everything
    // else is greedy, so the first complete match is the fullest one.
    let lazy = matches!(node, Op::Any);
    if lazy {
        return match_gap(cx, min, max, count, pos, st, k);
    }
    // Another round only where one could begin (a round that consumes nothing does not count).
    let view = cx.view;
    let may_begin = match first {
        None => true,
        Some(bits) => view.begins(pos, bits),
    };
    // Rounds from `pos` end after it: when what follows the repetition cannot begin there,
    // they cannot lead to a match (a cut that counts no steps, like `hopeless`).
    if count < max
        && may_begin
        && pos + 1 < view.reach(st.prepared, k)
        && match_node(
            cx,
            node,
            pos,
            st,
            &Cont::Repeat {
                node,
                first,
                min,
                max,
                count: count + 1,
                from: pos,
                next: k,
            },
        )
    {
        return true;
    }
    count >= min && resume(cx, k, pos, st)
}

/// A lazy gap `_{min,max}` that has taken `count` tokens: what follows is tried after each
/// token. The loop takes the steps the recursion through `match_node(Any)` and
/// `Cont::Repeat` would (one per token) and stops where it would.
#[allow(clippy::too_many_arguments)]
fn match_gap(
    cx: &Context,
    min: u16,
    max: u16,
    mut count: u16,
    mut pos: usize,
    st: &mut State,
    k: &Cont,
) -> bool {
    // What follows the gap is tried at `pos` and later only: once it cannot begin there the
    // gap fails (a cut that counts no steps, like `hopeless`).
    let reach = cx.view.reach(st.prepared, k);
    loop {
        if pos >= reach {
            return false;
        }
        if count >= min && resume(cx, k, pos, st) {
            return true;
        }
        if count >= max || st.hopeless(pos + 1) {
            return false;
        }
        st.steps += 1;
        if st.steps > STEP_LIMIT {
            return true;
        }
        if !gap_token(cx, pos, st) {
            return false;
        }
        pos += 1;
        count += 1;
    }
}

/// Whether a gap may take token `pos`: it never crosses a name, the end of a sentence or
/// another of the rule's triggers (so "talks ... following earlier meetings in London" stays
/// apart).
#[inline(always)]
fn gap_token(cx: &Context, pos: usize, st: &State) -> bool {
    let view = cx.view;
    !(pos >= view.range.end
        || st.prepared.agent_start[pos - view.range.start]
        || st.prepared.fixed.stops.contains(&view.words[pos])
        || (st.trigger.is_some() && {
            let w = view.words[pos];
            w != NO_WORD
                && cx.rules.program.gap_triggers[cx.ri][w as usize / 64] & (1 << (w % 64)) != 0
        }))
}
