//! Matching compiled rules against one sentence: tokens + resolved mentions → rule matches
//! (trigger span, captured mentions per role). A small backtracking matcher over the token
//! sequence; captures consume whole mentions. Only rules whose trigger word occurs in the
//! sentence are tried.

use super::{Node, RuleSet};
use crate::mention::{Mention, MentionLabel};
use crate::text::Token;
use std::ops::Range;

/// Lower-case words that never qualify a title: they would carry a name into another phrase.
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
    pub range: Range<usize>,
    pub mentions: &'a [Mention],
    /// Mention indices sorted by first token.
    pub order: &'a [u32],
    /// Whether a mention can fill a role (it has an entity, or is a date or title).
    pub usable: &'a [bool],
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
#[derive(Default)]
struct Candidates {
    items: [(usize, u32); 8],
    len: usize,
}

impl Candidates {
    fn push(&mut self, item: (usize, u32)) {
        if self.len < self.items.len() {
            self.items[self.len] = item;
            self.len += 1;
        }
    }
    /// Longest first ("Acme founder Priya Natarajan" is Priya Natarajan before it is Acme).
    fn as_slice(&mut self) -> &[(usize, u32)] {
        self.items[..self.len].sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        &self.items[..self.len]
    }
}

struct State<'r> {
    caps: Vec<(usize, u32)>,
    trigger: Option<(usize, usize, usize)>,
    steps: u32,
    /// Per token of the sentence: the rules its word may trigger.
    triggers_at: &'r [Option<&'r Vec<usize>>],
}

const STEP_LIMIT: u32 = 50_000;

impl SentenceView<'_> {
    fn word(&self, k: usize) -> &str {
        let t = &self.tokens[k];
        &self.lower[t.start as usize..t.end as usize]
    }

    fn word_is(&self, k: usize, w: &str) -> bool {
        self.word(k) == w
    }

    /// Tokens from `k` spell `phrase` (its lower-case words); returns the end.
    fn phrase_at(&self, k: usize, phrase: &[String]) -> Option<usize> {
        if k + phrase.len() > self.range.end {
            return None;
        }
        phrase
            .iter()
            .enumerate()
            .all(|(i, w)| self.word_is(k + i, w))
            .then_some(k + phrase.len())
    }

    fn mentions_at(&self, k: usize) -> impl Iterator<Item = u32> + '_ {
        let pos = self
            .order
            .partition_point(|&m| (self.mentions[m as usize].first as usize) < k);
        self.order[pos..]
            .iter()
            .copied()
            .take_while(move |&m| self.mentions[m as usize].first as usize == k)
    }

    /// Whether a match of `rule` can begin at `k` (see `Rule::start`).
    fn can_start(&self, rule: &super::Rule, k: usize) -> bool {
        match &rule.start {
            super::Start::Anything => true,
            super::Start::Mention => {
                self.mentions_at(k).next().is_some()
                    || matches!(self.word(k), "the" | "a" | "an" | "his" | "her" | "their")
            }
            super::Start::Trigger => rule.triggers.iter().any(|t| match t.class {
                Some(_) => self.mentions_at(k).next().is_some(),
                None => self.phrase_at(k, &t.words).is_some(),
            }),
            super::Start::Words(words) => {
                let w = self.word(k);
                words.iter().any(|x| x == w)
            }
        }
    }

    fn starts_agent(&self, k: usize) -> bool {
        self.mentions_at(k).any(|m| {
            let m = &self.mentions[m as usize];
            matches!(m.label, MentionLabel::Person | MentionLabel::Organization) && !m.flags.pronoun
        })
    }

    /// A lower-case content word that may qualify a title ("former", "transport", "club"),
    /// not a preposition or article that would carry the name into another phrase ("met with
    /// criticism from President X").
    fn is_descriptor(&self, k: usize) -> bool {
        let t = &self.tokens[k];
        // Cheapest tests first: this runs at many capture attempts.
        t.kind == crate::text::TokenKind::Word
            && !t.capitalised
            && !is_function_word(self.word(k))
            && self.mentions_at(k).next().is_none()
    }

    /// Mentions a capture of `labels` can take at `k`, with where they end: the mention itself,
    /// or the name after a leading article, affiliation and title ("the Chinese Vice Premier
    /// He Lifeng" → He Lifeng).
    fn capture_candidates(&self, k: usize, labels: &[MentionLabel], out: &mut Candidates) {
        let mut starts = [k, usize::MAX, usize::MAX];
        if k < self.range.end
            && matches!(self.word(k), "the" | "a" | "an" | "his" | "her" | "their")
        {
            starts[1] = k + 1;
            // "his Chinese counterpart, He Lifeng": up to three lower-case words (or a
            // demonym) and a comma before the name.
            let mut j = k + 1;
            while j < self.range.end && j <= k + 4 {
                let t = &self.tokens[j];
                // A demonym may span tokens ("South Korean").
                let demonym_end = self
                    .mentions_at(j)
                    .find(|&m| self.mentions[m as usize].flags.demonym)
                    .map(|m| self.mentions[m as usize].end as usize);
                if let Some(e) = demonym_end {
                    j = e;
                    continue;
                }
                if t.capitalised || t.kind != crate::text::TokenKind::Word {
                    break;
                }
                j += 1;
            }
            if j < self.range.end && self.word(j) == "," {
                j += 1;
            }
            if j > k + 1 {
                starts[2] = j;
            }
        } else if k + 1 < self.range.end
            && !self.tokens[k].capitalised
            && self.tokens[k].kind == crate::text::TokenKind::Word
        {
            // "former transport minister X", "club owner X": lower-case words before a title
            // (the cheap title test first: this runs at every capture attempt).
            let title_at = |j: usize| {
                self.mentions_at(j)
                    .any(|m| self.mentions[m as usize].label == MentionLabel::Title)
            };
            if title_at(k + 1) && self.is_descriptor(k) {
                starts[1] = k + 1;
            } else if k + 2 < self.range.end
                && title_at(k + 2)
                && self.is_descriptor(k)
                && self.is_descriptor(k + 1)
            {
                starts[1] = k + 2;
            }
        }
        for &s in starts.iter().filter(|&&s| s < self.range.end) {
            for m in self.mentions_at(s) {
                let mention = &self.mentions[m as usize];
                let person_possessive =
                    mention.flags.possessive && mention.label == MentionLabel::Person;
                if labels.contains(&mention.label) && self.usable[m as usize] && !person_possessive
                {
                    out.push((mention.end as usize, m));
                }
                // Affiliation + title + name, or title + name.
                let mut next = mention.end as usize;
                let mut via_title = mention.label == MentionLabel::Title;
                if matches!(
                    mention.label,
                    MentionLabel::Place | MentionLabel::Organization
                ) {
                    // "Jordan's King Abdullah II": a possessive between affiliation and title.
                    if next < self.range.end && matches!(self.word(next), "'s" | "'" | "’s" | "’")
                    {
                        next += 1;
                    }
                    // "Ukrainian presidential chief of staff X": descriptors before the title.
                    if let Some(t) = (next..(next + 2).min(self.range.end))
                        .take_while(|&j| self.is_descriptor(j))
                        .map(|j| j + 1)
                        .find(|&j| {
                            self.mentions_at(j)
                                .any(|t| self.mentions[t as usize].label == MentionLabel::Title)
                        })
                    {
                        next = t;
                    }
                    if let Some(t) = self
                        .mentions_at(next)
                        .find(|&t| self.mentions[t as usize].label == MentionLabel::Title)
                    {
                        next = self.mentions[t as usize].end as usize;
                        via_title = true;
                    }
                }
                // Titles in a row: "Prime Minister Sheikh X", "Vice President and Chief X".
                if via_title {
                    while let Some(t) = self
                        .mentions_at(next)
                        .find(|&t| self.mentions[t as usize].label == MentionLabel::Title)
                    {
                        next = self.mentions[t as usize].end as usize;
                    }
                }
                if via_title {
                    for p in self.mentions_at(next) {
                        let pm = &self.mentions[p as usize];
                        if labels.contains(&pm.label)
                            && self.usable[p as usize]
                            && pm.label == MentionLabel::Person
                        {
                            out.push((pm.end as usize, p));
                        }
                    }
                }
            }
        }
    }
}

/// Runs every rule whose trigger occurs in the sentence; returns the best match per rule and
/// trigger position.
pub fn match_sentence(rules: &RuleSet, view: &SentenceView, out: &mut Vec<RuleMatch>) {
    let mut candidates: Vec<usize> = Vec::new();
    let triggers_at: Vec<Option<&Vec<usize>>> = view
        .range
        .clone()
        .map(|k| rules.by_first_word.get(view.word(k)))
        .collect();
    for list in triggers_at.iter().flatten() {
        candidates.extend(list.iter().copied());
    }
    if !rules.by_label.is_empty() {
        let lo = view
            .order
            .partition_point(|&m| (view.mentions[m as usize].first as usize) < view.range.start);
        let hi = view
            .order
            .partition_point(|&m| (view.mentions[m as usize].first as usize) < view.range.end);
        for &(label, ri) in &rules.by_label {
            if view.order[lo..hi]
                .iter()
                .any(|&m| view.mentions[m as usize].label == label)
            {
                candidates.push(ri);
            }
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut found: Vec<RuleMatch> = Vec::new();
    for &ri in &candidates {
        let rule = &rules.rules[ri];
        found.clear();
        let mut state = State {
            caps: Vec::new(),
            trigger: None,
            steps: 0,
            triggers_at: &triggers_at,
        };
        for start in view.range.clone() {
            if !view.can_start(rule, start) {
                continue;
            }
            let mut record = |end: usize, st: &mut State| -> bool {
                if let Some((ts, te, form)) = st.trigger {
                    found.push(RuleMatch {
                        rule: ri,
                        start,
                        end,
                        trigger: (ts, te),
                        trigger_form: form,
                        captures: st.caps.clone(),
                    });
                    // Greedy search: the first complete match from a start is its fullest.
                    return true;
                }
                false
            };
            match_node(
                rules,
                ri,
                &rule.pattern,
                view,
                start,
                &mut state,
                &mut record,
            );
            if state.steps > STEP_LIMIT {
                break;
            }
        }
        // Best match per trigger position: most captures, then longest, then earliest.
        found.sort_by(|a, b| {
            a.trigger
                .cmp(&b.trigger)
                .then(b.captures.len().cmp(&a.captures.len()))
                .then((b.end - b.start).cmp(&(a.end - a.start)))
                .then(a.start.cmp(&b.start))
        });
        found.dedup_by(|b, a| a.trigger == b.trigger);
        out.append(&mut found);
    }
}

type Cont<'c> = dyn FnMut(usize, &mut State) -> bool + 'c;

fn match_node(
    rules: &RuleSet,
    ri: usize,
    node: &Node,
    view: &SentenceView,
    pos: usize,
    st: &mut State,
    k: &mut Cont,
) -> bool {
    st.steps += 1;
    if st.steps > STEP_LIMIT {
        return true;
    }
    match node {
        Node::Seq(items) => match_seq(rules, ri, items, view, pos, st, k),
        Node::Alt(alts) => {
            for a in alts {
                if match_node(rules, ri, a, view, pos, st, k) {
                    return true;
                }
            }
            false
        }
        Node::Repeat { node, min, max } => {
            match_repeat(rules, ri, node, *min, *max, 0, view, pos, st, k)
        }
        Node::Phrase(words) => match view.phrase_at(pos, words) {
            Some(end) => k(end, st),
            None => false,
        },
        Node::Set(i) => {
            if pos >= view.range.end {
                return false;
            }
            let Some(candidates) = rules.set_first[*i].get(view.word(pos)) else {
                return false;
            };
            for &pi in candidates {
                if let Some(end) = view.phrase_at(pos, &rules.sets[*i].1[pi]) {
                    if k(end, st) {
                        return true;
                    }
                }
            }
            false
        }
        Node::Not(inner) => {
            let saved = st.steps;
            let matched = match_node(rules, ri, inner, view, pos, st, &mut |_, _| true);
            if st.steps > STEP_LIMIT {
                return true;
            }
            st.steps = saved.max(st.steps);
            if matched {
                false
            } else {
                k(pos, st)
            }
        }
        Node::Any => {
            // A gap never crosses a name, the end of a sentence or another of the rule's
            // triggers (so "talks ... following earlier meetings in London" stays apart).
            if pos >= view.range.end
                || view.starts_agent(pos)
                || matches!(view.word(pos), "." | ";" | "?" | "!")
                || (st.trigger.is_some()
                    && st.triggers_at[pos - view.range.start].is_some_and(|r| r.contains(&ri)))
            {
                return false;
            }
            k(pos + 1, st)
        }
        Node::Trigger => {
            if st.trigger.is_some() || pos >= view.range.end {
                return false;
            }
            let rule = &rules.rules[ri];
            for (fi, form) in rule.triggers.iter().enumerate() {
                let end = match form.class {
                    Some(class) => {
                        let labels = &rules.classes[class].labels;
                        view.mentions_at(pos)
                            .find(|&m| labels.contains(&view.mentions[m as usize].label))
                            .map(|m| view.mentions[m as usize].end as usize)
                    }
                    None => view.phrase_at(pos, &form.words),
                };
                if let Some(end) = end {
                    st.trigger = Some((pos, end, fi));
                    let stop = k(end, st);
                    st.trigger = None;
                    if stop {
                        return true;
                    }
                }
            }
            false
        }
        Node::Capture { role, class, list } => {
            let labels = &rules.classes[*class].labels;
            let mut cands = Candidates::default();
            view.capture_candidates(pos, labels, &mut cands);
            for &(end, m) in cands.as_slice() {
                st.caps.push((*role, m));
                let stop = if *list {
                    match_list_tail(*role, labels, view, end, false, st, k)
                } else {
                    k(end, st)
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
    role: usize,
    labels: &[crate::mention::MentionLabel],
    view: &SentenceView,
    pos: usize,
    pending_comma: bool,
    st: &mut State,
    k: &mut Cont,
) -> bool {
    // (start of the next item, whether it was joined by a comma alone)
    let mut seps: [(usize, bool); 3] = [(usize::MAX, false); 3];
    let end = view.range.end;
    if pos < end && view.word_is(pos, ",") {
        seps[0] = (pos + 1, true);
        if pos + 1 < end && view.word_is(pos + 1, "and") {
            seps[1] = (pos + 2, false);
        }
    }
    if pos < end && (view.word_is(pos, "and") || view.word_is(pos, "&")) {
        seps[2] = (pos + 1, false);
    }
    for (s, comma_only) in seps.into_iter().filter(|(s, _)| *s != usize::MAX) {
        let mut cands = Candidates::default();
        view.capture_candidates(s, labels, &mut cands);
        for &(e, m) in cands.as_slice() {
            st.caps.push((role, m));
            let stop = match_list_tail(role, labels, view, e, comma_only, st, k);
            st.caps.pop();
            if stop {
                return true;
            }
        }
    }
    // Longest list first; a list may end here unless a comma still waits for its "and".
    !pending_comma && k(pos, st)
}

fn match_seq(
    rules: &RuleSet,
    ri: usize,
    items: &[Node],
    view: &SentenceView,
    pos: usize,
    st: &mut State,
    k: &mut Cont,
) -> bool {
    match items.split_first() {
        None => k(pos, st),
        Some((first, rest)) => match_node(rules, ri, first, view, pos, st, &mut |p, st| {
            match_seq(rules, ri, rest, view, p, st, k)
        }),
    }
}

#[allow(clippy::too_many_arguments)]
fn match_repeat(
    rules: &RuleSet,
    ri: usize,
    node: &Node,
    min: u16,
    max: u16,
    count: u16,
    view: &SentenceView,
    pos: usize,
    st: &mut State,
    k: &mut Cont,
) -> bool {
    // Gaps (`_`) are lazy: the nearest place or date after a verb is the one meant. Everything
    // else is greedy, so the first complete match is the fullest one.
    let lazy = matches!(node, Node::Any);
    if lazy && count >= min && k(pos, st) {
        return true;
    }
    if count < max
        && match_node(rules, ri, node, view, pos, st, &mut |p, st| {
            p != pos && match_repeat(rules, ri, node, min, max, count + 1, view, p, st, k)
        })
    {
        return true;
    }
    !lazy && count >= min && k(pos, st)
}
