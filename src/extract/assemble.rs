//! Rule matches → events and relations with evidence, and the document's entity records:
//! statuses and kinds from cue words around each trigger, dates, implicit roles, one event
//! per happening within the document, lexicon containment (city → country).

use super::facts::{EntityLabel, EntityRecord, Evidence, Fact, PropValue};
use super::rules::matcher::{
    match_sentence, mentions_starting_in, RuleMatch, SentenceView, WordId,
};
use super::rules::{Output, PropSource};
use super::{Analysis, Knowledge};
use crate::mention::dates::Day;
use crate::mention::MentionLabel;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The per-document lookup tables here use the fast word hash: their keys are the document's
/// own, and only lookups (never iteration order) decide a result.
type HashMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<super::rules::WordHasher>>;

/// Statuses under which nothing happened; relations are dropped under them.
pub(crate) const NEGATIVE: &[&str] = &[
    "refused",
    "cancelled",
    "denied",
    "negated",
    "hypothetical",
    "figurative",
    "alleged",
];
/// The status of a meeting told in court ("told the jury that ..."): alleged when told of
/// others, taken as told when the speaker was there.
const COURT_CLAIM: &str = "court_claim";
/// The implicit role that stands for a group named by number or pronoun ("the two leaders",
/// "they"): the persons named last before it, as many as the number word says.
const GROUP_ROLE: &str = "group";
/// The implicit role that stands for a group counted but not yet named ("hosted two of the
/// region's mayors"): the persons the next sentence names.
const FOLLOWING_ROLE: &str = "following";
/// The implicit role that stands for a party named by its noun ("hosted a lunch for the
/// delegation"): the person the article said led it ("a delegation led by X").
const LEADER_ROLE: &str = "leader";
/// The implicit role that stands for a list set out on the lines after the trigger ("Present
/// at the signing were:" then "- Name, Title, Organisation" lines): the person each line opens.
const LISTED_ROLE: &str = "listed";
/// How far after a comma-delimited insertion a status cue that follows the trigger may come
/// ("A summit between X and Y, scheduled for Friday in Z, was cancelled").
const MAX_INSERTION: usize = 20;
/// The role of one who joins a meeting just described ("Preckwinkle joined the meeting").
const JOINER_ROLE: &str = "joiner";
/// Event kinds of the meeting family (merged with each other within a document).
const MEETING_FAMILY: &[&str] = &[
    "meeting",
    "talks",
    "negotiations",
    "summit",
    "discussions",
    CEREMONY_KIND,
];
/// The kind of those who attended a ceremony just told ("The ceremony was attended by Y"):
/// joiners of the meeting it was, never a meeting of their own (the graph's meeting kinds
/// leave it out).
const CEREMONY_KIND: &str = "ceremony";
/// Roles that place, date or give the topic of an event rather than take part in it.
const PLACE_ROLES: &[&str] = &["place", "venue"];
/// How far back from a trigger, within its clause, a status cue may come ("refused to allow
/// former speaker Asad Qaiser to meet Khan": the refusal is ten words before "meet").
const MAX_CUE_REACH: usize = 11;
/// How far after a match a "but" clause may undo the plan it describes.
const UNDONE_REACH: usize = 20;
/// Nouns by which a later "but" clause names a planned meeting ("but the meeting was called
/// off").
const PLAN_NOUNS: &[&str] = &[
    "meeting", "talks", "visit", "trip", "summit", "meet", "call",
];
/// Verbs by which one who planned a meeting undoes it with the subject left out ("but pulled
/// out", "but cancelled on Tuesday morning").
const WITHDRAWALS: &[&str] = &[
    "cancelled",
    "canceled",
    "pulled",
    "withdrew",
    "postponed",
    "backed",
    "scrapped",
    "abandoned",
];
/// Meeting verbs in their base form, which after "and" share the auxiliaries of the verb
/// before ("is due to arrive on Monday and meet Y").
const BASE_FORM_TRIGGERS: &[&str] = &[
    "meet", "see", "visit", "hold", "host", "receive", "join", "attend", "greet", "tour",
];
/// Whether `w` (lower-case bytes) is a word that ends the clause a status cue may come from
/// (a `matches!`, which compiles to a few integer comparisons, rather than a scan of a list of
/// strings: the clause scans of `find_cue` test every word before each trigger).
fn is_clause_break(w: &[u8]) -> bool {
    matches!(
        w,
        b"," | b";"
            | b":"
            | b"and"
            | b"but"
            | b"while"
            | b"whereas"
            | b"although"
            | b"("
            | b")"
            | b"\xe2\x80\x94" // "—"
            | b"\xe2\x80\x93" // "–"
    )
}
/// Short asides set off by commas that leave the clause whole: "he will not, after all, meet
/// X" keeps "not" with "meet".
const ASIDES: &[&[&str]] = &[
    &["after", "all"],
    &["however"],
    &["in", "the", "end"],
    &["it", "seems"],
    &["it", "appears"],
    &["of", "course"],
    &["in", "fact"],
    &["apparently"],
    &["for", "now"],
    &["at", "least"],
    &["though"],
    &["now"],
];
/// Nouns by which the sentence after a planned meeting names that plan when it undoes it
/// ("X was due to meet Y. That leg was postponed ...").
const NEXT_PLAN_NOUNS: &[&str] = &[
    "meeting",
    "talks",
    "visit",
    "trip",
    "summit",
    "leg",
    "stop",
    "encounter",
    "meet",
    "meetings",
    "visits",
    "trips",
];
/// The comma that opens an aside ending with the comma at `close`, if the words between are one.
fn aside_opening(a: &Analysis, close: usize, start: usize) -> Option<usize> {
    ASIDES
        .iter()
        .find_map(|aside| {
            let open = close.checked_sub(aside.len() + 1)?;
            (open >= start
                && word(a, open) == ","
                && aside
                    .iter()
                    .enumerate()
                    .all(|(i, w)| word(a, open + 1 + i) == *w))
            .then_some(open)
        })
        .or_else(|| source_aside_opening(a, close, start))
}

/// "An earlier version of this blog, citing a social media post, said X had met Y": an aside
/// naming a source, set off by commas, leaves the clause whole (at most a few words long).
fn source_aside_opening(a: &Analysis, close: usize, start: usize) -> Option<usize> {
    const MAX_SOURCE_ASIDE: usize = 10;
    let mut open = close;
    while open > start && close - open <= MAX_SOURCE_ASIDE {
        open -= 1;
        if word(a, open) == "," {
            return matches!(word(a, open + 1), "citing" | "quoting").then_some(open);
        }
    }
    None
}

/// The rule matches of one document.
pub(crate) struct DocumentMatches {
    /// The best match per trigger and output family, highest priority first.
    pub selected: Vec<RuleMatch>,
    /// Every match, selected or not (filled only when asked for: traces show them).
    pub all: Vec<RuleMatch>,
    /// Each token's rule vocabulary id (cue lookups in `assemble` reuse them).
    pub words: Vec<WordId>,
}

/// Matches every sentence of the document; `keep_all` also keeps the matches not selected.
pub(crate) fn match_rules(a: &Analysis, k: &Knowledge, keep_all: bool) -> DocumentMatches {
    let mut order: Vec<u32> = (0..a.mentions.len() as u32).collect();
    order.sort_by_key(|&i| {
        (
            a.mentions[i as usize].first,
            std::cmp::Reverse(a.mentions[i as usize].end),
        )
    });
    let usable: Vec<bool> = a
        .mentions
        .iter()
        .enumerate()
        .map(|(i, m)| {
            a.resolution.entity_of[i].is_some()
                || matches!(m.label, MentionLabel::Date | MentionLabel::Title)
        })
        .collect();
    let words = k
        .rules
        .program
        .document_words(&a.lower, &a.seg.tokens, &a.words);
    let mut all = Vec::new();
    let mut selected = Vec::new();
    let mut found = Vec::new();
    // Sentences come in order without overlapping (as the segmenter makes them): the
    // mentions of each then follow those of the one before.
    let ordered = a
        .seg
        .sentences
        .windows(2)
        .all(|w| w[0].tokens.end <= w[1].tokens.start);
    let mut mentions_from = 0;
    for sentence in &a.seg.sentences {
        let sentence_order =
            mentions_starting_in(&a.mentions, &order, &sentence.tokens, mentions_from);
        if ordered {
            mentions_from = sentence_order.end;
        }
        let view = SentenceView {
            lower: &a.lower,
            tokens: &a.seg.tokens,
            words: &words,
            range: sentence.tokens.clone(),
            mentions: &a.mentions,
            order: &order,
            sentence_order,
            usable: &usable,
        };
        found.clear();
        match_sentence(&k.rules, &view, &mut found);
        // Per trigger token and output family: the highest priority, then most captures.
        let rules = &k.rules;
        found.sort_by_key(|m| {
            (
                m.trigger.0,
                rules.family_rank[m.rule],
                std::cmp::Reverse(rules.rules[m.rule].priority),
                std::cmp::Reverse(m.captures.len()),
                m.rule,
            )
        });
        if keep_all {
            all.extend(found.iter().cloned());
        }
        let mut last: Option<(usize, u32)> = None;
        for m in found.drain(..) {
            let key = (m.trigger.0, rules.family_rank[m.rule]);
            if last == Some(key) {
                continue;
            }
            last = Some(key);
            selected.push(m);
        }
    }
    DocumentMatches {
        selected,
        all,
        words,
    }
}

struct EventDraft {
    kind: String,
    status: String,
    status_from_cue: bool,
    participants: Vec<(u32, String, Evidence)>,
    places: Vec<(u32, Evidence)>,
    topics: Vec<(u32, Evidence)>,
    date: Option<String>,
    date_text: Option<String>,
    day: Option<Day>,
    evidence: Vec<Evidence>,
    /// Persons a joiner came with ("X was accompanied by Y": X): the meeting Y joins is theirs.
    companions: Vec<u32>,
    /// "Y will meet X again next month", "X met Y for separate talks": another meeting than
    /// any told before.
    again: bool,
    /// One of the meetings a `distribute` rule made from one match ("X held separate talks
    /// with Y and Z in Bergen"): its siblings share its place and X, yet stay apart.
    distributed: bool,
    /// A joiner told by "Among them were Y and Z": "them" points at a group of the sentence
    /// before, so it joins only a meeting told there (not one with a crowd outside in between).
    previous_only: bool,
}

/// A draft's participants as a sorted list without repeats: the merge compares every pair of
/// drafts, and a sorted list is built and compared without the tree nodes a set allocates.
struct ParticipantSet(Vec<u32>);

impl ParticipantSet {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether every participant here is one of `other`'s.
    fn is_subset(&self, other: &ParticipantSet) -> bool {
        let mut rest = other.0.iter();
        self.0.iter().all(|id| rest.any(|o| o == id))
    }

    /// Whether no participant here is one of `other`'s.
    fn is_disjoint(&self, other: &ParticipantSet) -> bool {
        !self.0.iter().any(|id| other.0.binary_search(id).is_ok())
    }
}

impl EventDraft {
    fn family(&self) -> &str {
        if MEETING_FAMILY.contains(&self.kind.as_str()) {
            "meeting"
        } else {
            &self.kind
        }
    }
    fn participant_set(&self) -> ParticipantSet {
        let mut ids: Vec<u32> = self.participants.iter().map(|p| p.0).collect();
        ids.sort_unstable();
        ids.dedup();
        ParticipantSet(ids)
    }
    fn place(&self) -> Option<u32> {
        self.places.first().map(|p| p.0)
    }
}

/// Whether the match names another meeting than any told before: "Y will meet X again next
/// month" ("again" right after it), "Al-Mansouri met Bahati in Doha in January for separate
/// talks" ("separate" a few words on, past a place and a date); "the two sat down in a meeting
/// room of the chamber, this time joined by Z" ("this time" later in the clause).
fn another_meeting_told(a: &Analysis, start: usize, end: usize, sentence_end: usize) -> bool {
    (start..(end + 3).min(sentence_end)).any(|j| word_bytes(a, j) == b"again")
        || (start..(end + 6).min(sentence_end)).any(|j| word_bytes(a, j) == b"separate")
        || (start..(end + 16).min(sentence_end).saturating_sub(1))
            .any(|j| word_bytes(a, j) == b"this" && word_bytes(a, j + 1) == b"time")
}

/// The lower-case text of token `k`.
fn word(a: &Analysis, k: usize) -> &str {
    let t = &a.seg.tokens[k];
    &a.lower[t.start as usize..t.end as usize]
}

/// [`word`] as bytes, for the scans that compare many words with one: slicing bytes skips the
/// character-boundary checks of slicing a `str` (token ends are boundaries anyway).
fn word_bytes(a: &Analysis, k: usize) -> &[u8] {
    let t = &a.seg.tokens[k];
    &a.lower.as_bytes()[t.start as usize..t.end as usize]
}

/// A relation found by a rule, on resolution entity ids: (type, from, to, props, evidence).
type Relation = (String, u32, u32, BTreeMap<String, PropValue>, Evidence);

/// Auxiliaries that open a yes-no question ("Would he meet X?", "Did they meet?").
const QUESTION_OPENERS: [&str; 16] = [
    "would", "will", "could", "should", "can", "did", "does", "do", "is", "are", "was", "were",
    "has", "have", "might", "may",
];

/// The status cue list that fires around a trigger, in declaration order.
#[allow(clippy::too_many_arguments)]
fn find_cue<'k>(
    a: &Analysis,
    k: &'k Knowledge,
    words: &[WordId],
    trigger: (usize, usize),
    match_end: usize,
    participants_end: usize,
    sentence: std::ops::Range<usize>,
    before_only: bool,
    participant_spans: &[(usize, usize)],
) -> Option<&'k str> {
    // Clause start: back from the trigger to a clause break, at most MAX_CUE_REACH tokens.
    let mut from = trigger.0;
    // Tokens of asides skipped over do not count towards the reach.
    let mut aside_tokens = 0;
    while from > sentence.start && trigger.0 - from - aside_tokens < MAX_CUE_REACH {
        let t = &a.seg.tokens[from - 1];
        if is_clause_break(&a.lower.as_bytes()[t.start as usize..t.end as usize]) {
            // "Prosecutors allege X and Y met": the "and" (or comma) between two participants
            // the match captured (a coordinated subject) leaves the clause whole. (A title may
            // come before the second: "X and President Y met"; "Earlier, X met Y" keeps its
            // break.)
            if matches!(word(a, from - 1), "and" | ",")
                && participant_spans.iter().any(|&(_, end)| end == from - 1)
                && participant_spans
                    .iter()
                    .any(|&(first, _)| first >= from && first <= from + 3)
            {
                from -= 1;
                continue;
            }
            // "X had been expected to attend and meet Y": a verb in its base form joined to
            // the one before shares its auxiliaries ("met" after "and" keeps its break).
            // So does one with its own "to" ("expected to join the delegation and to meet Y").
            if (from == trigger.0 || from + 1 == trigger.0 && word(a, from) == "to")
                && word(a, from - 1) == "and"
                && BASE_FORM_TRIGGERS.contains(&word(a, trigger.0))
            {
                from -= 1;
                continue;
            }
            // "that Economy, Trade and Industry Minister X had met Y": the commas and "and" of
            // a portfolio list before a title join its words, they break no clause.
            if matches!(word(a, from - 1), "," | "and")
                && from >= sentence.start + 2
                && from < trigger.0
                && a.seg.tokens[from - 2].capitalised
                && a.seg.tokens[from].capitalised
                && k.lexicon.is_portfolio_word(word(a, from))
            {
                from -= 1;
                continue;
            }
            match aside_opening(a, from - 1, sentence.start) {
                Some(open) => {
                    aside_tokens += from - open;
                    from = open;
                    continue;
                }
                None => break,
            }
        }
        from -= 1;
    }
    // "Chanthy says that if the company agreed, she would meet Liu": a condition fronted in
    // its own clause before the comma that opens the match's clause.
    if from > sentence.start && word(a, from - 1) == "," {
        let comma = from - 1;
        let mut open = comma;
        while open > sentence.start
            && comma - open < MAX_CUE_REACH
            && !matches!(word(a, open - 1), "," | ";" | ":" | "that" | "and" | "but")
        {
            open -= 1;
        }
        // ("If anything, she met him more often": an idiom, no condition.)
        if open + 1 < comma
            && matches!(word(a, open), "if" | "unless")
            && !matches!(word(a, open + 1), "anything" | "not" | "so")
        {
            if let Some(list) = k.rules.statuses.iter().find(|l| l.name == "hypothetical") {
                return Some(&list.name);
            }
        }
    }
    // "Would he meet X?", "Will she see Y in Paris?": a question asked, opened by its
    // auxiliary, tells of no meeting (nor of a plan).
    if sentence.end > sentence.start + 2 && word(a, sentence.end - 1) == "?" {
        let mut open = sentence.start;
        while open < trigger.0 && matches!(word(a, open), "\"" | "\u{201c}" | "'" | "\u{2018}") {
            open += 1;
        }
        if open < trigger.0
            && QUESTION_OPENERS.contains(&word(a, open))
            && !(open..trigger.0).any(|j| matches!(word_bytes(a, j), b"," | b";" | b":"))
        {
            if let Some(list) = k.rules.statuses.iter().find(|l| l.name == "hypothetical") {
                return Some(&list.name);
            }
        }
    }
    // Inside a complement clause ("denied a report by a Paris-based news website that he had
    // met X"), the cue may sit as far again before "that", in the clause that governs it.
    // So may a report's own verb ("A report in a Seoul daily on Wednesday said X would also be
    // received by Y": what a report said is its claim), when a report is named before it.
    let report_said = || {
        (from..trigger.0)
            .find(|&j| matches!(word_bytes(a, j), b"said" | b"says"))
            .filter(|&said| {
                (said.saturating_sub(MAX_CUE_REACH).max(sentence.start)..said)
                    .any(|j| matches!(word_bytes(a, j), b"report" | b"reports"))
            })
    };
    if let Some(that) = (from..trigger.0)
        .find(|&j| word_bytes(a, j) == b"that")
        .or_else(report_said)
    {
        while from > sentence.start && that - from < MAX_CUE_REACH {
            let t = &a.seg.tokens[from - 1];
            if is_clause_break(&a.lower.as_bytes()[t.start as usize..t.end as usize]) {
                break;
            }
            from -= 1;
        }
    }
    let after_end = (trigger.1 + 4).min(sentence.end);
    // The verb after an insertion set off by commas that follows the match.
    let resumed = {
        let at = match_end.max(trigger.1);
        // A few words may come before the comma ("between X and Y on the sidelines of the
        // trip, at which ..., was postponed"); a match that took in the comma closing an
        // apposition ends on it when a purpose or a phrase follows ("to meet the base
        // commander, Col. Y, to talk about ..., was cancelled"; not "also took part, sitting
        // in for Z, who did not attend").
        let at = if at > trigger.1
            && at < sentence.end
            && word(a, at - 1) == ","
            && matches!(word(a, at), "to" | "in" | "on" | "at" | "for" | "during")
        {
            at - 1
        } else {
            (at..(at + 7).min(sentence.end))
                .find(|&j| word_bytes(a, j) == b",")
                .unwrap_or(at)
        };
        if at < sentence.end && word(a, at) == "," {
            // Right after the comma (the match took the insertion in), or after the next one.
            let comma_after = |from: usize| {
                (from + 1..(from + MAX_INSERTION).min(sentence.end))
                    .find(|&j| word_bytes(a, j) == b",")
            };
            let mut next = comma_after(at).unwrap_or(at);
            // An apposition may be followed by a relative clause before the verb ("between X
            // and Y, the head of Z, which had been planned for Wednesday, was postponed").
            // So may a second apposition ("between X and Y, president of Z, the largest
            // investor in W, was called off").
            for _ in 0..2 {
                if next > at
                    && next + 1 < sentence.end
                    && matches!(
                        word(a, next + 1),
                        "which" | "who" | "that" | "the" | "a" | "an"
                    )
                {
                    next = comma_after(next).unwrap_or(next);
                } else {
                    break;
                }
            }
            Some((at + 1, (next + 5).min(sentence.end)))
        } else {
            None
        }
    };
    let program = &k.rules.program;
    // A cue word written with a capital inside the sentence is part of a name ("IF Metall's
    // negotiator", "Theresa May met"), not the word "if" or "may".
    // (The cue lookup goes first: it rejects most words with one bit test.)
    let cue_at = |li: usize, j: usize, end: usize| {
        program.status_starts_at(li, words, j, end)
            && !(j > sentence.start && a.seg.tokens[j].capitalised && !after_opening_mark(a, j))
    };
    // Also right after the participants ("Talks between X and Y are expected to ...") and
    // after an insertion.
    // A relative clause after them reaches further ("A meeting between X and Y that had been
    // pencilled in for Friday was called off").
    let after_participants = (participants_end > trigger.1).then(|| {
        // So does a purpose ("A planned meeting between X and Y to finalise the deal was
        // postponed").
        // So does a participle of planning ("the meeting between X and Y scheduled for 16:00
        // has been called off").
        let relative = participants_end < sentence.end
            && (matches!(
                word(a, participants_end),
                "that" | "which" | "to" | "scheduled" | "planned" | "slated" | "arranged"
            ) || word(a, participants_end) == ","
                && participants_end + 1 < sentence.end
                && word(a, participants_end + 1) == "to");
        // A phrase set after them ("A meeting between X and Y on the sidelines of the summit
        // is possible") reaches as far, up to the first clause break.
        let phrase = participants_end < sentence.end
            && matches!(word(a, participants_end), "on" | "at" | "in" | "during");
        let reach = if relative {
            12
        } else if phrase {
            14
        } else {
            6
        };
        // A place and date the match took in after them ("A meeting between X and Y in
        // Kuching on Friday has been postponed") push the verb further on.
        let mut reach_end = (participants_end + reach)
            .max(match_end + 4)
            .min(sentence.end);
        if phrase && !relative {
            let short = (participants_end + 6).max(match_end + 4).min(sentence.end);
            reach_end = (participants_end..reach_end)
                .find(|&j| matches!(word(a, j), "," | ";" | "and" | "but" | "(" | "–" | "—"))
                .map_or(reach_end, |j| j.max(short));
        }
        (participants_end, reach_end)
    });
    // The lists a cue of which may start in each window looked at below (`lists`: in any of
    // them): a list whose bit a window lacks is not looked for there.
    let adjacent = trigger.0.saturating_sub(1).max(sentence.start);
    let window_lists = |(lo, hi): (usize, usize)| program.cue_lists_in(words, lo..hi.max(lo));
    let before_lists = window_lists((from, trigger.0));
    let adjacent_lists = window_lists((adjacent, trigger.0));
    let after_lists = window_lists((trigger.1, after_end));
    // "X was due to meet Y, but that leg of the trip was cancelled": a plan undone in a
    // "but" clause right after the match (a plan only: "X met Y, but the dinner was
    // cancelled" keeps the meeting).
    // Further on, the "but" clause must name the plan itself ("X was scheduled to meet Y on
    // Wednesday to discuss Z, but the meeting was postponed").
    let after_match = match_end.max(trigger.1);
    // Looked up at most once, and only when a later clause calls for it.
    let plan_found = std::cell::OnceCell::new();
    let plan_before = || {
        *plan_found.get_or_init(|| {
            k.rules.statuses.iter().enumerate().any(|(li, l)| {
                l.name == "scheduled"
                    && !l.after
                    && !l.adjacent
                    && (from..trigger.0).any(|j| cue_at(li, j, trigger.0))
            })
        })
    };
    // One pass over the clauses after the match for two ways a plan is left or dropped:
    // hedged, "X is expected to meet Y in January, though no date has been fixed" ("... but
    // that nothing had been finalised"), a plan a later clause leaves unfixed and so no firm
    // plan; withdrawn, "X was due to see Y at 2pm but cancelled", "X had been expected to meet
    // Y, but pulled out", the planner undoing it with the subject left out.
    let mut after_clauses = after_match..(after_match + UNDONE_REACH).min(sentence.end);
    let (mut hedged, mut withdrawn) = (false, false);
    for j in after_clauses.clone() {
        let opener = match word_bytes(a, j) {
            b"," if j + 1 < sentence.end
                && matches!(word(a, j + 1), "though" | "although" | "but") =>
            {
                j + 2
            }
            b"but" => {
                withdrawn |= j + 1 < sentence.end
                    && WITHDRAWALS.contains(&word(a, j + 1))
                    && (j + 2 >= sentence.end || !matches!(word(a, j + 2), "a" | "an"));
                j + 1
            }
            _ => continue,
        };
        let at = if opener < sentence.end && word(a, opener) == "that" {
            opener + 1
        } else {
            opener
        };
        hedged |= plan_left_unfixed(a, at, sentence.end);
    }
    if hedged && plan_before() {
        return Some("hypothetical");
    }
    if withdrawn && plan_before() {
        return Some("cancelled");
    }
    let undone = after_clauses
        .find_map(|j| {
            let comma_but = word_bytes(a, j) == b","
                && j + 1 < sentence.end
                && word(a, j + 1) == "but"
                && (j < after_match + 3
                    || j + 3 < sentence.end
                        && matches!(word(a, j + 2), "the" | "that" | "this")
                        && PLAN_NOUNS.contains(&word(a, j + 3))
                    || no_such_plan(a, j + 2, sentence.end));
            // "was due to hold talks with Y on Thursday but the meeting was cancelled": a bare
            // "but" before the plan's own noun undoes it too.
            let bare_but = word_bytes(a, j) == b"but"
                && j + 2 < sentence.end
                && matches!(word(a, j + 1), "the" | "that" | "this")
                && PLAN_NOUNS.contains(&word(a, j + 2));
            if comma_but {
                Some(j + 2)
            } else if bare_but {
                Some(j + 1)
            } else {
                None
            }
        })
        .map(|lo| (lo, (lo + 12).min(sentence.end)))
        .filter(|_| plan_before());
    let [resumed_lists, after_participants_lists, undone_lists] =
        [resumed, after_participants, undone].map(|w| w.map_or(0, window_lists));
    let lists = before_lists
        | adjacent_lists
        | after_lists
        | resumed_lists
        | after_participants_lists
        | undone_lists;
    for (li, list) in k.rules.statuses.iter().enumerate() {
        if !program.may_start_status(lists, li) {
            continue;
        }
        let (lo, hi, here) = if list.after {
            (trigger.1, after_end, after_lists)
        } else if list.adjacent {
            // "X went on to meet Y", "X drove to meet Y": a purpose after a journey told in
            // the past is no plan.
            if trigger.0 >= sentence.start + 2 && journey_before(a, trigger.0 - 1) {
                continue;
            }
            (adjacent, trigger.0, adjacent_lists)
        } else {
            (from, trigger.0, before_lists)
        };
        if list.after && before_only {
            continue;
        }
        let end = if list.after { after_end } else { trigger.1 };
        if program.may_start_status(here, li) && (lo..hi).any(|j| cue_at(li, j, end)) {
            return Some(&list.name);
        }
        for (window, here) in [
            (resumed, resumed_lists),
            (after_participants, after_participants_lists),
        ] {
            if let Some((lo, hi)) = window.filter(|_| list.after) {
                if program.may_start_status(here, li) && (lo..hi).any(|j| cue_at(li, j, hi)) {
                    return Some(&list.name);
                }
            }
        }
        if let Some((lo, hi)) =
            undone.filter(|_| list.after && NEGATIVE.contains(&list.name.as_str()))
        {
            if program.may_start_status(undone_lists, li) && (lo..hi).any(|j| cue_at(li, j, hi)) {
                return Some(&list.name);
            }
        }
    }
    None
}

/// Whether the token at `j` opens a quotation, a parenthesis or a clause after a colon or dash
/// (where a capital starts a phrase, not a name).
fn after_opening_mark(a: &Analysis, j: usize) -> bool {
    j > 0
        && matches!(
            word(a, j - 1),
            "\"" | "“" | "(" | ":" | "—" | "–" | "'" | "‘"
        )
}

/// Whether the words from `at` deny the plan outright: "but no such meeting has been
/// arranged", "but no talks were held", "but none has been set".
fn no_such_plan(a: &Analysis, at: usize, end: usize) -> bool {
    match word(a, at) {
        "none" => true,
        "no" => {
            let noun = if at + 1 < end && word(a, at + 1) == "such" {
                at + 2
            } else {
                at + 1
            };
            noun < end && PLAN_NOUNS.contains(&word(a, noun))
        }
        _ => false,
    }
}

/// Participles by which "nothing had been ..." says a plan is not settled.
const SETTLED: &[&str] = &[
    "finalised",
    "finalized",
    "fixed",
    "agreed",
    "confirmed",
    "settled",
    "arranged",
    "decided",
    "set",
];

/// Whether the words from `at` say a plan has no date or nothing is settled: "no date has
/// been fixed", "no firm date", "nothing had been finalised".
fn plan_left_unfixed(a: &Analysis, at: usize, end: usize) -> bool {
    let w = |i: usize| if i < end { word(a, i) } else { "" };
    match w(at) {
        "no" => {
            let noun = if w(at + 1) == "firm" { at + 2 } else { at + 1 };
            matches!(w(noun), "date" | "dates")
        }
        "nothing" => {
            // "nothing had (yet) been finalised / agreed / fixed"
            let mut i = at + 1;
            while i < end && i < at + 5 && matches!(w(i), "has" | "had" | "was" | "yet" | "been") {
                i += 1;
            }
            i > at + 1 && SETTLED.contains(&w(i))
        }
        _ => false,
    }
}

/// Whether mention `mi` is a person coordinated with the subject inside the subject's
/// apposition, before the trigger: "X, representing the army, and Y, of the navy, met Z"
/// (", and Y" then a comma or the trigger itself, with no verb between Y and the trigger).
fn coordinated_in_apposition(a: &Analysis, mi: usize, trigger_start: usize) -> bool {
    let m = &a.mentions[mi];
    let (first, end) = (m.first as usize, m.end as usize);
    if m.label != MentionLabel::Person || m.flags.pronoun || end > trigger_start || first < 2 {
        return false;
    }
    // ", and Y" (a title may come between: ", and Minister Y").
    let and_at = (first.saturating_sub(3)..first)
        .rev()
        .find(|&j| word_bytes(a, j) == b"and");
    let Some(and_at) = and_at else {
        return false;
    };
    if and_at == 0 || word(a, and_at - 1) != "," {
        return false;
    }
    // After Y: its own apposition closed by a comma right before the verb, or the verb.
    let after = &a.seg.tokens[end..trigger_start];
    match after.first() {
        None => true,
        Some(_) if word(a, end) == "," => {
            // The apposition ends with the comma that comes right before the trigger (or the
            // words of mood between: "had", "also").
            (end + 1..trigger_start)
                .rev()
                .any(|j| word_bytes(a, j) == b",")
                && (end..trigger_start).filter(|&j| word(a, j) == ",").count() <= 2
        }
        _ => false,
    }
}

/// Whether a meeting told as reported ("media reported that ...", "reports that ...") is
/// denied: by its own sentence ("... are inaccurate") or by the next ("His office said he has
/// never met Y", "The two have never met"). A meeting one side claims ("Two aides say he met
/// Y", "X says he met Y") is denied only by a next sentence that names one of its participants
/// ("Y flatly denies it", "Y's office called that account a fabrication"), since a claim told
/// in the present is most often simply the speaker's account.
fn report_denied(
    a: &Analysis,
    sentence: std::ops::Range<usize>,
    trigger: (usize, usize),
    next: usize,
    is_participant: impl Fn(u32) -> bool,
) -> bool {
    let reported = (sentence.start..trigger.0).any(|j| {
        matches!(
            word_bytes(a, j),
            b"reported" | b"reports" | b"report" | b"reporting"
        ) && (j + 1..(j + 6).min(trigger.0)).any(|t| word_bytes(a, t) == b"that")
    });
    if !reported {
        let claimed = (sentence.start..trigger.0).any(|j| {
            matches!(
                word_bytes(a, j),
                b"says" | b"say" | b"claims" | b"claim" | b"insists"
            )
        });
        if !claimed {
            return false;
        }
        let Some(mut next_sentence) = a.seg.sentences.get(next).map(|s| s.tokens.clone()) else {
            return false;
        };
        let names_participant = || {
            a.mentions.iter().enumerate().any(|(i, m)| {
                m.sentence as usize == next
                    && a.resolution.entity_of[i].is_some_and(&is_participant)
            })
        };
        return next_sentence.any(|j| {
            matches!(
                word_bytes(a, j),
                b"denies" | b"denied" | b"fabrication" | b"fabricated" | b"untrue" | b"false"
            )
        }) && names_participant();
    }
    let denial_in = |range: std::ops::Range<usize>| {
        range.clone().any(|j| {
            let next_word = |d: usize| {
                if j + d < range.end {
                    word(a, j + d)
                } else {
                    ""
                }
            };
            match word(a, j) {
                "is" | "are" | "was" | "were" => {
                    let w = if next_word(1) == "not" {
                        next_word(2)
                    } else {
                        next_word(1)
                    };
                    UNTRUE.contains(&w) || (next_word(1) == "not" && w == "true")
                }
                "never" => matches!(
                    next_word(1),
                    "met" | "meet" | "held" | "happened" | "took" | "occurred"
                ),
                "denied" | "denies" => true,
                "no" => matches!(next_word(1), "such" | "meeting" | "talks"),
                "did" | "had" | "has" | "have" => {
                    matches!(next_word(1), "not" | "n't")
                        // "That meeting did not happen."
                        && matches!(
                            next_word(2),
                            "meet" | "met" | "take" | "taken" | "happen" | "happened" | "occur"
                                | "occurred"
                        )
                }
                _ => false,
            }
        })
    };
    if denial_in(trigger.1..sentence.end) {
        return true;
    }
    a.seg
        .sentences
        .get(next)
        .is_some_and(|s| denial_in(s.tokens.clone()))
}

/// Whether the "to" at `to` follows a verb of going told in the past ("went on to", "drove
/// to", "came back to"), with or without where to and when ("travelled to Warsaw to",
/// "flew to the Polish capital on Friday to"; not "flew to Tokyo and is due to").
fn journey_before(a: &Analysis, to: usize) -> bool {
    if word(a, to) != "to" {
        return false;
    }
    let mut verb = to - 1;
    if matches!(
        word(a, verb),
        "on" | "back"
            | "over"
            | "out"
            | "north"
            | "south"
            | "east"
            | "west"
            | "across"
            | "down"
            | "up"
    ) && verb > 0
    {
        verb -= 1;
    }
    if JOURNEY_VERBS.contains(&word(a, verb)) {
        return true;
    }
    // "led a delegation of Australian executives to meet": a party led there in the past.
    let party = (to.saturating_sub(MAX_DESTINATION + 4)..to)
        .rev()
        .find(|&k| {
            matches!(
                word(a, k),
                "delegation" | "team" | "mission" | "group" | "contingent"
            )
        });
    if party.is_some_and(|p| {
        (p.saturating_sub(MAX_DESTINATION + 4)..p).any(|k| matches!(word(a, k), "led" | "headed"))
    }) {
        return true;
    }
    // A destination: "to" or "into", then capitalised words and a few small ones, or a
    // description opened by "the" ("went on to the headquarters of the league to hold talks").
    let lowest = to.saturating_sub(MAX_DESTINATION + 2);
    let mut k = to - 1;
    let mut described = false;
    while k > lowest {
        let w = word(a, k);
        if matches!(w, "to" | "into") {
            let mut verb = k - 1;
            if verb > 0 && matches!(word(a, verb), "on" | "back" | "over" | "out") {
                verb -= 1;
            }
            return JOURNEY_VERBS.contains(&word(a, verb))
                && (!described || word(a, k + 1) == "the");
        }
        let capitalised = a.seg.tokens[k].capitalised;
        if !(capitalised || matches!(w, "the" | "capital" | "city" | "on" | "'s" | "-")) {
            if a.seg.tokens[k].kind != crate::text::TokenKind::Word {
                return false;
            }
            described = true;
        }
        k -= 1;
    }
    false
}

/// How many words a destination between a verb of going and "to meet" may take ("travelled to
/// the Polish capital on Friday to meet").
const MAX_DESTINATION: usize = 6;

/// Verbs of going in the past tense, after which "to meet" tells the purpose of a journey made.
const JOURNEY_VERBS: &[&str] = &[
    "went",
    "came",
    "flew",
    "drove",
    "travelled",
    "traveled",
    "headed",
    "rushed",
    "hurried",
    "returned",
];

/// Words by which a sentence calls a report untrue ("reports ... are inaccurate").
const UNTRUE: &[&str] = &[
    "inaccurate",
    "untrue",
    "false",
    "incorrect",
    "baseless",
    "unfounded",
    "wrong",
    "fabricated",
];

/// Whether sentence `next` opens by undoing the plan the sentence before it set out: "That leg
/// was postponed on Friday", "The meeting has since been called off", "Both meetings were
/// postponed".
fn plan_undone_next(a: &Analysis, k: &Knowledge, words: &[WordId], next: usize) -> bool {
    let Some(sentence) = a.seg.sentences.get(next).map(|s| s.tokens.clone()) else {
        return false;
    };
    // "Both meetings were postponed": a plan of several meetings undone at once.
    if sentence.is_empty()
        || !matches!(
            word(a, sentence.start),
            "that" | "this" | "the" | "both" | "these" | "those" | "all"
        )
    {
        return false;
    }
    let Some(noun) = (sentence.start + 1..(sentence.start + 4).min(sentence.end))
        .find(|&j| NEXT_PLAN_NOUNS.contains(&word(a, j)))
    else {
        return false;
    };
    // The verb may follow a short complement ("That leg of the trip was called off").
    let reach = (noun + 6).min(sentence.end);
    k.rules.statuses.iter().enumerate().any(|(li, l)| {
        l.after
            && l.name == "cancelled"
            && (noun + 1..reach)
                .any(|j| k.rules.program.status_starts_at(li, words, j, sentence.end))
    })
}

/// The pieces, joined into one string allocated once.
fn concat(pieces: &[&str]) -> String {
    let mut out = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for p in pieces {
        out.push_str(p);
    }
    out
}

fn evidence(
    a: &Analysis,
    sentence: u32,
    first: usize,
    end: usize,
    rule: Cow<'static, str>,
) -> Evidence {
    let tokens = &a.seg.tokens;
    Evidence {
        sentence,
        start: tokens[first].start,
        end: tokens[end.max(first + 1) - 1].end,
        rule,
    }
}

/// Builds the document's entity records and facts.
pub(crate) fn assemble(
    text: &str,
    a: &Analysis,
    matches: &DocumentMatches,
    k: &Knowledge,
) -> (Vec<EntityRecord>, Vec<Fact>) {
    let words = &matches.words;
    let ents = &a.resolution.entities;
    let entity_of = &a.resolution.entity_of;
    let mut drafts: Vec<EventDraft> = Vec::new();
    // Relations on resolution entity ids.
    let mut relations: Vec<Relation> = Vec::new();
    let sentence_of_token =
        |t: usize| a.seg.sentences.partition_point(|s| s.tokens.end <= t) as u32;
    // Date mentions in document order (an event without a captured date looks for one).
    let date_mentions: Vec<u32> = (0..a.mentions.len() as u32)
        .filter(|&i| a.mentions[i as usize].label == MentionLabel::Date)
        .collect();
    let date_role = k.rules.roles.iter().position(|r| r == "date");
    // The persons each counted group phrase ("two ministers") stood for when last resolved: the
    // same phrase later in the article means the same persons.
    let mut resolved_groups: BTreeMap<String, Vec<u32>> = BTreeMap::new();

    for m in &matches.selected {
        let rule = &k.rules.rules[m.rule];
        let si = sentence_of_token(m.trigger.0);
        let sentence = a.seg.sentences[si as usize].tokens.clone();
        let ev = evidence(a, si, m.start, m.end, k.evidence_rule(m.rule));
        // A label trigger (a title) is a noun phrase: the clause's mood is not its own.
        let label_triggered = rule
            .triggers
            .get(m.trigger_form)
            .is_some_and(|t| t.class.is_some());
        // Captures of those who take part, not of where, when, what about or the context.
        let takes_part = |role: usize| {
            !matches!(
                k.rules.roles[role].as_str(),
                "place" | "venue" | "date" | "topic" | "context"
            )
        };
        let status_cue = if label_triggered {
            None
        } else {
            let participants_end = m
                .captures
                .iter()
                .filter(|c| takes_part(c.0))
                .map(|c| a.mentions[c.1 as usize].end as usize)
                .max()
                // "A meeting between the two leaders was called off": a group named after
                // the trigger ends where the match does.
                .unwrap_or(
                    if rule
                        .implicit
                        .is_some_and(|(r, _)| k.rules.roles[r] == GROUP_ROLE)
                    {
                        m.end
                    } else {
                        m.trigger.1
                    },
                );
            // The tokens each captured participant before the trigger spans (a coordinated
            // subject).
            let participant_spans: Vec<(usize, usize)> = m
                .captures
                .iter()
                .filter(|c| takes_part(c.0))
                .map(|c| {
                    let mention = &a.mentions[c.1 as usize];
                    (mention.first as usize, mention.end as usize)
                })
                .filter(|&(first, _)| first < m.trigger.0)
                .collect();
            find_cue(
                a,
                k,
                words,
                m.trigger,
                m.end,
                participants_end,
                sentence.clone(),
                false,
                &participant_spans,
            )
        };
        let status_cue = match status_cue {
            Some("scheduled") if plan_undone_next(a, k, words, si as usize + 1) => {
                Some("cancelled")
            }
            // "The prosecutor told the jury that X and Y met": one side's claim about others;
            // "the witness told the court she had met Y": her own account, taken as told.
            Some(COURT_CLAIM) => {
                let own_account = m.captures.iter().any(|c| {
                    !PLACE_ROLES.contains(&k.rules.roles[c.0].as_str())
                        && a.mentions[c.1 as usize].flags.pronoun
                });
                (!own_account).then_some("alleged")
            }
            cue => cue,
        };
        // "Reports that X had met Y are inaccurate"; "Media reported that X had held talks
        // with Y. His office said he has never met Y": a reported meeting its sentence or the
        // next denies.
        let status_cue = if !status_cue.is_some_and(|s| NEGATIVE.contains(&s))
            && report_denied(a, sentence.clone(), m.trigger, si as usize + 1, |e| {
                m.captures
                    .iter()
                    .any(|c| takes_part(c.0) && entity_of[c.1 as usize] == Some(e))
            }) {
            Some("denied")
        } else {
            status_cue
        };
        let role_name = |r: usize| k.rules.roles[r].as_str();
        match &rule.output {
            Output::Relation {
                rel_type,
                from,
                to,
                props,
            } => {
                if status_cue.is_some_and(|s| NEGATIVE.contains(&s)) {
                    continue;
                }
                let first_of = |role: usize| {
                    m.captures
                        .iter()
                        .find(|c| c.0 == role)
                        .and_then(|c| entity_of[c.1 as usize])
                };
                let mut from_e = first_of(*from);
                let mut to_e = first_of(*to);
                if let Some((irole, class)) = rule.implicit {
                    let labels = &k.rules.classes[class].labels;
                    let other = if irole == *from { to_e } else { from_e };
                    let missing = if irole == *from {
                        from_e.is_none()
                    } else {
                        to_e.is_none()
                    };
                    if missing {
                        let found = implicit_antecedent(a, labels, m.start, si, other);
                        if irole == *from {
                            from_e = found;
                        } else {
                            to_e = found;
                        }
                    }
                }
                let (Some(f), Some(t)) = (from_e, to_e) else {
                    continue;
                };
                if f == t
                    || (rel_type == "LOCATED_IN"
                        && !contains_plausibly(&ents[t as usize], &ents[f as usize]))
                {
                    continue;
                }
                let mut p = BTreeMap::new();
                for (key, src) in props {
                    let value = match src {
                        PropSource::Text(s) => Some(s.clone()),
                        PropSource::Trigger => Some(canonical_text(a, k, text, m.trigger)),
                        PropSource::Role(r) => m
                            .captures
                            .iter()
                            .find(|c| c.0 == *r)
                            .map(|c| mention_value(a, k, text, c.1)),
                    };
                    if let Some(v) = value {
                        p.insert(key.clone(), PropValue::Str(v));
                    }
                }
                if status_cue == Some("scheduled") {
                    p.insert("status".into(), "scheduled".into());
                }
                relations.push((rel_type.clone(), f, t, p, ev));
            }
            Output::Event { kind, .. } => {
                let trigger_kind = rule
                    .triggers
                    .get(m.trigger_form)
                    .and_then(|t| t.kind.clone());
                let trigger_text = || {
                    a.lower[a.seg.tokens[m.trigger.0].start as usize
                        ..a.seg.tokens[m.trigger.1 - 1].end as usize]
                        .to_string()
                };
                let mut kind = kind.clone().or(trigger_kind).unwrap_or_else(trigger_text);
                // Kind cues ("by phone") anywhere near the trigger.
                let window = (
                    m.start
                        .min(m.trigger.0)
                        .saturating_sub(4)
                        .max(sentence.start),
                    (m.end + 4).min(sentence.end),
                );
                let program = &k.rules.program;
                let lists = program.cue_lists_in(words, window.0..window.1.max(window.0));
                // A cue starting in the window counts whole when it runs past it: "held a
                // bilateral on Thursday and signed a letter of intent" reads "letter of
                // intent" (an agreement), not "letter" (correspondence).
                for (li, list) in k.rules.kinds.iter().enumerate() {
                    if program.may_start_kind(lists, li)
                        && (window.0..window.1)
                            .any(|j| program.kind_starts_at(li, words, j, sentence.end))
                    {
                        kind = list.name.clone();
                        break;
                    }
                }
                let (mut status, from_cue) = match status_cue {
                    Some(s) => (s.to_string(), true),
                    None => ("held".to_string(), false),
                };
                // The date: a captured one, else a date just after the match.
                let date_mention = m
                    .captures
                    .iter()
                    .find(|c| Some(c.0) == date_role)
                    .map(|c| c.1)
                    .or_else(|| {
                        date_mentions.iter().copied().find(|&i| {
                            let d = &a.mentions[i as usize];
                            let first = d.first as usize;
                            // A date inside a relative clause before the verb ("X, who has
                            // run the firm since 2021, met Y") dates that clause, not this.
                            let in_clause = first < m.trigger.0
                                && (m.start..first).any(|j| {
                                    matches!(word_bytes(a, j), b"who" | b"which" | b"whose")
                                });
                            d.sentence == si
                                && first >= m.start
                                && first < (m.end + 8).min(sentence.end)
                                && !in_clause
                        })
                    });
                let (date, date_text, day) = match date_mention {
                    Some(d) => {
                        let dm = &a.mentions[d as usize];
                        (dm.date.clone(), Some(dm.text(text).to_string()), dm.day)
                    }
                    None => (None, None, None),
                };
                // A bare weekday is the last one for a past event, the next one for a planned one.
                let (date, day) = match (&date_text, day, a.reference) {
                    (Some(t), Some(d), Some(r))
                        if crate::mention::dates::is_weekday(
                            t.rsplit(' ').next().unwrap_or(""),
                        ) =>
                    {
                        let shifted = if status == "held" && d > r {
                            d.plus(-7)
                        } else if status == "scheduled" && d < r {
                            d.plus(7)
                        } else {
                            d
                        };
                        (Some(shifted.iso()), Some(shifted))
                    }
                    _ => (date, day),
                };
                if !from_cue || status == "held" {
                    let written_past = date_text.as_deref().is_some_and(|t| {
                        let t = t.to_ascii_lowercase();
                        t.starts_with("last ") || t.ends_with(" ago") || t == "yesterday"
                    });
                    let before_reference = match (day, a.reference) {
                        (Some(d), Some(r)) => d.to_days() < r.to_days() - 14,
                        (Some(_), None) => date.as_deref().is_some_and(|v| v.len() == 4),
                        _ => false,
                    } || written_past && day.is_none();
                    if before_reference {
                        status = "past".into();
                    }
                }
                let mut draft = EventDraft {
                    kind,
                    status,
                    status_from_cue: from_cue,
                    participants: Vec::new(),
                    places: Vec::new(),
                    topics: Vec::new(),
                    date,
                    date_text,
                    day,
                    evidence: vec![ev.clone()],
                    companions: Vec::new(),
                    again: another_meeting_told(a, m.start, m.end, sentence.end),
                    distributed: false,
                    previous_only: m.trigger.1 == m.trigger.0 + 2
                        && word(a, m.trigger.0) == "among"
                        && word(a, m.trigger.0 + 1) == "them",
                };
                let _ = draft.day;
                let mut distributed: Vec<(u32, Evidence)> = Vec::new();
                for &(role, mi) in &m.captures {
                    let Some(e) = entity_of[mi as usize] else {
                        continue;
                    };
                    let name = role_name(role);
                    if rule.distribute == Some(role) {
                        distributed.push((e, ev.clone()));
                    } else if PLACE_ROLES.contains(&name) {
                        if ents[e as usize].label == EntityLabel::Place
                            && !draft.places.iter().any(|p| p.0 == e)
                        {
                            draft.places.push((e, ev.clone()));
                        }
                    } else if name == "topic" {
                        draft.topics.push((e, ev.clone()));
                    } else if name == "context" {
                        // Said where it happened, not who took part ("the sidelines of the G20");
                        // a person named with a joiner is whom the joiner came with.
                        // "X, representing the army, and Y, of the navy, met Z": a person
                        // coordinated with the subject inside its apposition is a subject too.
                        if ents[e as usize].label == EntityLabel::Person
                            && coordinated_in_apposition(a, mi as usize, m.trigger.0)
                        {
                            let role = m
                                .captures
                                .iter()
                                .find(|c| {
                                    (a.mentions[c.1 as usize].end as usize) <= m.trigger.0
                                        && !PLACE_ROLES.contains(&role_name(c.0))
                                        && !matches!(role_name(c.0), "context" | "topic" | "date")
                                })
                                .map(|c| role_name(c.0));
                            if let Some(role) = role {
                                if !draft.participants.iter().any(|p| p.0 == e) {
                                    draft.participants.push((e, role.to_string(), ev.clone()));
                                }
                                continue;
                            }
                        }
                        if ents[e as usize].label == EntityLabel::Person {
                            draft.companions.push(e);
                        }
                    } else if name == "date" {
                    } else if !draft.participants.iter().any(|p| p.0 == e) {
                        draft.participants.push((e, name.to_string(), ev.clone()));
                    }
                }
                // A missing role from the context: a group ("the two leaders") is the persons
                // named last, any other role the latest compatible entity.
                if let Some((irole, class)) = rule.implicit {
                    let labels = &k.rules.classes[class].labels;
                    if role_name(irole) == LISTED_ROLE {
                        let named = listed_persons(a, si, &draft);
                        if named.len() + draft.participants.len() < 2 {
                            continue; // a list of fewer than two is no meeting
                        }
                        for e in named {
                            draft
                                .participants
                                .push((e, "participant".to_string(), ev.clone()));
                        }
                    } else if role_name(irole) == FOLLOWING_ROLE {
                        // The counted group follows the trigger ("hosted two of the mayors")
                        // or is its subject ("the chief executives of A and B met").
                        let mut named = following_group(a, m.trigger.1, m.end, si, &draft);
                        if named.is_empty() {
                            named = following_group(a, m.start, m.trigger.0, si, &draft);
                        }
                        if named.is_empty() {
                            continue; // a group the next sentence does not name
                        }
                        // "received the credentials of three envoys ... in turn": one meeting
                        // with each (`distribute following;`).
                        add_group(
                            named,
                            rule.distribute == Some(irole),
                            &mut draft,
                            &mut distributed,
                            &ev,
                        );
                    } else if role_name(irole) == LEADER_ROLE {
                        let Some(e) = party_leader(a, m.start) else {
                            // A party nobody was said to lead: the meal still brought the host
                            // together with those named as attending it, if any.
                            if draft.participant_set().0.len() >= 2 {
                                drafts.push(draft);
                            }
                            continue;
                        };
                        if !draft.participants.iter().any(|p| p.0 == e) {
                            draft
                                .participants
                                .push((e, "participant".to_string(), ev.clone()));
                        }
                    } else if role_name(irole) == GROUP_ROLE {
                        let want = group_size(a, m.start, m.trigger.0, m.trigger.1..m.end);
                        // "X and the Prime Minister ... when they meet": one of the group is
                        // named by title alone and stands for nobody in the article, so the
                        // group is no pair of named persons (not X and whoever came before).
                        if coordinated_unnamed_title(a, si, m.start) {
                            continue;
                        }
                        // "At the deli, Y showed them the window. Further on, Z told the pair
                        // ...": a group in the object, on an outing told just before, is the
                        // party making it, not whoever was named last (the host of the
                        // previous stop).
                        let object_group = (m.start..m.trigger.0).all(|j| {
                            !matches!(
                                word(a, j),
                                "they" | "two" | "three" | "four" | "both" | "pair" | "couple"
                            )
                        }) && (m.trigger.1..m.end).any(|j| {
                            matches!(
                                word(a, j),
                                "them" | "two" | "three" | "four" | "pair" | "couple" | "trio"
                            )
                        });
                        let party = if object_group {
                            recent_party(a, &drafts, si, want, &draft)
                        } else {
                            Vec::new()
                        };
                        // "X met A and B. ... X hosted both leaders at a dinner": a counted
                        // group in the object of a draft that already has its host stands for
                        // the persons the host last met, not whoever was named last.
                        let host_object_group = (m.start..m.trigger.0).all(|j| {
                            !matches!(
                                word(a, j),
                                "they" | "two" | "three" | "four" | "both" | "pair" | "couple"
                            )
                        }) && (m.trigger.1..m.end).any(|j| {
                            matches!(word_bytes(a, j), b"both" | b"two" | b"three" | b"four")
                        });
                        let guests = if party.len() != want && host_object_group {
                            host_last_guests(&drafts, si, want, &draft, a)
                        } else {
                            Vec::new()
                        };
                        let mut named = if party.len() == want {
                            party
                        } else if guests.len() == want {
                            guests
                        } else {
                            coordinated_subject_pair(a, m.start, m.trigger.0, si, want, &draft)
                                .unwrap_or_else(|| {
                                    latest_persons(a, labels, m.start, si, want, 1, &draft)
                                })
                        };
                        if named.len() < want {
                            named = titled_group(a, m.start, m.trigger.0, want, &draft);
                        }
                        // "The four later sat down together": a bare count of three or more
                        // gathers the persons named over the paragraph before.
                        if named.len() < want
                            && want >= 3
                            && (m.start..m.trigger.0).all(|j| !word(a, j).ends_with('s'))
                        {
                            named = latest_persons(a, labels, m.start, si, want, 6, &draft);
                        }
                        // "It was X, then a young booker, who introduced them": the pair an
                        // object "them" stands for may have been named a few sentences back; so
                        // may a counted group in the object ("X led the three officials along
                        // the riverbank", "X later met both governors at the customs house").
                        let counted_object = (m.start..m.trigger.0).all(|j| {
                            !matches!(
                                word(a, j),
                                "two" | "three" | "four" | "both" | "pair" | "couple"
                            )
                        }) && (m.trigger.1..m.end).any(|j| {
                            matches!(
                                word(a, j),
                                "them" | "two" | "three" | "four" | "pair" | "couple" | "trio"
                            ) || word(a, j) == "both"
                                // "host both sides again": sides, not two persons.
                                && j + 1 < a.seg.tokens.len()
                                && !matches!(
                                    word(a, j + 1),
                                    "sides"
                                        | "parties"
                                        | "camps"
                                        | "teams"
                                        | "countries"
                                        | "nations"
                                        | "governments"
                                        | "companies"
                                        | "firms"
                                        | "groups"
                                        | "delegations"
                                        | "unions"
                                )
                        });
                        if named.len() < want && counted_object {
                            named = latest_persons(a, labels, m.start, si, want, 3, &draft);
                        }
                        if named.len() < want {
                            named = last_meeting_group(a, &drafts, si, want, &draft);
                        }
                        let phrase = counted_group_phrase(a, m.start, m.end);
                        if named.len() < want {
                            named = phrase
                                .as_ref()
                                .and_then(|p| resolved_groups.get(p))
                                .map(|g| {
                                    g.iter()
                                        .copied()
                                        .filter(|e| !draft.participants.iter().any(|p| p.0 == *e))
                                        .collect()
                                })
                                .unwrap_or_default();
                        }
                        // "Yet X and his counterpart Y signed. What follows is a reconstruction.
                        // The two ministers sat ...": a sentence naming nobody in between.
                        if named.len() < want {
                            named = last_naming_sentence_persons(a, m.start, si, want, &draft);
                        }
                        if named.len() < want {
                            continue; // a group nobody named is no meeting of named persons
                        }
                        if let Some(p) = phrase {
                            resolved_groups.entry(p).or_insert_with(|| named.clone());
                        }
                        // "X will meet each leader separately": one meeting with each
                        // (`distribute group;`), the pair itself does not meet.
                        add_group(
                            named,
                            rule.distribute == Some(irole),
                            &mut draft,
                            &mut distributed,
                            &ev,
                        );
                    } else if !m.captures.iter().any(|c| c.0 == irole) {
                        if let Some(e) = implicit_antecedent(a, labels, m.start, si, None) {
                            if !draft.participants.iter().any(|p| p.0 == e) {
                                draft.participants.push((
                                    e,
                                    role_name(irole).to_string(),
                                    ev.clone(),
                                ));
                            }
                        }
                    }
                }
                if distributed.is_empty() {
                    drafts.push(draft);
                } else {
                    let role = rule
                        .distribute
                        .map(role_name)
                        .map(|r| {
                            if r == FOLLOWING_ROLE || r == GROUP_ROLE {
                                "participant"
                            } else {
                                r
                            }
                        })
                        .unwrap_or("");
                    for (e, dev) in distributed {
                        let mut d = EventDraft {
                            kind: draft.kind.clone(),
                            status: draft.status.clone(),
                            status_from_cue: draft.status_from_cue,
                            participants: draft.participants.clone(),
                            places: draft.places.clone(),
                            topics: draft.topics.clone(),
                            date: draft.date.clone(),
                            date_text: draft.date_text.clone(),
                            day: draft.day,
                            evidence: draft.evidence.clone(),
                            companions: draft.companions.clone(),
                            again: draft.again,
                            distributed: true,
                            previous_only: draft.previous_only,
                        };
                        if PLACE_ROLES.contains(&role) {
                            d.places.insert(0, (e, dev));
                        } else {
                            d.participants.push((e, role.to_string(), dev));
                        }
                        drafts.push(d);
                    }
                }
            }
        }
    }

    let drafts = merge_events(text, drafts);

    // Entity records: every entity seen by name, and adjectival ones facts need.
    let mut needed = vec![false; ents.len()];
    for d in &drafts {
        let ends = d.participants.iter().map(|p| p.0);
        let ends = ends.chain(d.places.iter().map(|p| p.0));
        for e in ends.chain(d.topics.iter().map(|p| p.0)) {
            needed[e as usize] = true;
        }
    }
    for r in &relations {
        needed[r.1 as usize] = true;
        needed[r.2 as usize] = true;
    }
    // At most one record per entity: sized once, not grown.
    let mut records: Vec<EntityRecord> = Vec::with_capacity(ents.len());
    // Resolution entity → record id.
    let mut out_ids: Vec<Option<u32>> = vec![None; ents.len()];
    let out_id = |out_ids: &[Option<u32>], e: u32| out_ids.get(e as usize).copied().flatten();
    for (i, e) in ents.iter().enumerate() {
        if e.adjectival_only && !needed[i] || e.mentions.is_empty() {
            continue;
        }
        let id = records.len() as u32;
        out_ids[i] = Some(id);
        let mut props = BTreeMap::new();
        if !e.titles.is_empty() {
            props.insert(
                "title".to_string(),
                PropValue::List(e.titles.iter().map(|t| PropValue::Str(t.clone())).collect()),
            );
        }
        let mut mentions: Vec<Evidence> = e
            .mentions
            .iter()
            .map(|&mi| {
                let m = &a.mentions[mi as usize];
                Evidence {
                    sentence: m.sentence,
                    start: m.start_byte,
                    end: m.end_byte,
                    rule: m.origin.into(),
                }
            })
            .collect();
        mentions.sort();
        mentions.dedup();
        records.push(EntityRecord {
            id,
            label: e.label,
            name: e.name.clone(),
            aliases: e
                .aliases
                .iter()
                .filter(|x| **x != e.name)
                .cloned()
                .collect(),
            kind: e.kind.clone(),
            key: e.key.clone(),
            props,
            mentions,
        });
    }
    let mut facts: Vec<Fact> = Vec::new();

    // Containment from the lexicon: a city or region in its country.
    let country_ids: Vec<(u32, &str, &Evidence)> = ents
        .iter()
        .zip(&out_ids)
        .filter(|(e, id)| id.is_some() && e.label == EntityLabel::Place)
        .filter_map(|(e, id)| {
            let id = (*id)?;
            let country = e.country.as_deref().filter(|c| *c != e.name)?;
            let first = records[id as usize].mentions.first()?;
            Some((id, country, first))
        })
        .collect();
    // Country records made here, after the entities' (the first record with a key is its
    // target).
    let mut added: Vec<EntityRecord> = Vec::new();
    if !country_ids.is_empty() {
        let mut by_key: HashMap<&str, u32> =
            HashMap::with_capacity_and_hasher(records.len(), Default::default());
        for r in &records {
            if let Some(key) = &r.key {
                by_key.entry(key.as_str()).or_insert(r.id);
            }
        }
        // Keys of the countries seen so far (most places of a document share a few).
        let mut country_keys: Vec<(&str, String)> = Vec::new();
        for (place, country, ev) in country_ids {
            let key = match country_keys.iter().find(|(c, _)| *c == country) {
                Some((_, key)) => key.clone(),
                None => {
                    let key = crate::resolve::slug_key("place", country);
                    country_keys.push((country, key.clone()));
                    key
                }
            };
            let target = match by_key.get(key.as_str()) {
                Some(&id) => id,
                None => match added
                    .iter()
                    .find(|r| r.key.as_deref() == Some(key.as_str()))
                {
                    Some(r) => r.id,
                    None => {
                        let id = (records.len() + added.len()) as u32;
                        added.push(EntityRecord {
                            id,
                            label: EntityLabel::Place,
                            name: country.to_string(),
                            aliases: Vec::new(),
                            kind: Some("country".into()),
                            key: Some(key),
                            props: BTreeMap::new(),
                            mentions: vec![Evidence {
                                rule: "lexicon:places (country of a place)".into(),
                                ..ev.clone()
                            }],
                        });
                        id
                    }
                },
            };
            facts.push(Fact {
                rel_type: "LOCATED_IN".into(),
                from: place,
                to: target,
                props: BTreeMap::new(),
                evidence: Evidence {
                    rule: "lexicon:places".into(),
                    ..ev.clone()
                },
            });
        }
    }
    records.append(&mut added);

    for (rel_type, f, t, props, ev) in relations {
        let (Some(from), Some(to)) = (out_id(&out_ids, f), out_id(&out_ids, t)) else {
            continue;
        };
        facts.push(Fact {
            rel_type,
            from,
            to,
            props,
            evidence: ev,
        });
    }

    // Events.
    for d in drafts {
        let id = records.len() as u32;
        // Joined by hand: `format!` costs several times as much for these few pieces.
        let name = match d.places.first() {
            Some(p) => concat(&[&ents[p.0 as usize].name, " ", &d.kind]),
            None => {
                let names: Vec<&str> = d
                    .participants
                    .iter()
                    .map(|p| ents[p.0 as usize].name.as_str())
                    .collect();
                match names.as_slice() {
                    [] => d.kind.clone(),
                    [one] => concat(&[&d.kind, " with ", one]),
                    [first, middle @ .., last] => {
                        let mut name = concat(&[&d.kind, " of ", first]);
                        for n in middle {
                            name.push_str(", ");
                            name.push_str(n);
                        }
                        name.push_str(" and ");
                        name.push_str(last);
                        name
                    }
                }
            }
        };
        let mut props = BTreeMap::new();
        props.insert("status".to_string(), PropValue::Str(d.status));
        if let Some(v) = d.date {
            props.insert("date".to_string(), PropValue::Str(v));
        }
        if let Some(v) = d.date_text {
            props.insert("date_text".to_string(), PropValue::Str(v));
        }
        let mut evs = d.evidence;
        evs.sort();
        evs.dedup();
        records.push(EntityRecord {
            id,
            label: EntityLabel::Event,
            name,
            aliases: Vec::new(),
            kind: Some(d.kind),
            key: None,
            props,
            mentions: evs,
        });
        for (e, role, ev) in d.participants {
            if let Some(from) = out_id(&out_ids, e) {
                let mut p = BTreeMap::new();
                p.insert("role".to_string(), PropValue::Str(role));
                facts.push(Fact {
                    rel_type: "PARTICIPATED_IN".into(),
                    from,
                    to: id,
                    props: p,
                    evidence: ev,
                });
            }
        }
        for (e, ev) in d.places {
            if let Some(to) = out_id(&out_ids, e) {
                facts.push(Fact {
                    rel_type: "HELD_IN".into(),
                    from: id,
                    to,
                    props: BTreeMap::new(),
                    evidence: ev,
                });
            }
        }
        for (e, ev) in d.topics {
            if let Some(to) = out_id(&out_ids, e) {
                facts.push(Fact {
                    rel_type: "ABOUT".into(),
                    from: id,
                    to,
                    props: BTreeMap::new(),
                    evidence: ev,
                });
            }
        }
    }
    dedup_facts(&mut facts);
    (records, facts)
}

/// Keeps the first of facts equal in type, ends, properties and evidence.
fn dedup_facts(facts: &mut Vec<Fact>) {
    use super::rules::WordHasher;
    use std::hash::{Hash, Hasher};
    // Facts bucketed by a hash of all but their properties; equal properties are then
    // checked within a bucket. A bucket is a chain through the kept facts (the last kept of
    // each hash, then each kept fact's predecessor of the same hash): no list per fact.
    const NONE: u32 = u32::MAX;
    let mut last_kept: HashMap<u64, u32> =
        HashMap::with_capacity_and_hasher(facts.len(), Default::default());
    let mut earlier = vec![NONE; facts.len()];
    let mut keep = Vec::with_capacity(facts.len());
    for (i, f) in facts.iter().enumerate() {
        let mut hasher = WordHasher::default();
        (&f.rel_type, f.from, f.to, &f.evidence).hash(&mut hasher);
        let head = last_kept.entry(hasher.finish()).or_insert(NONE);
        let mut j = *head;
        let mut duplicate = false;
        while j != NONE {
            let g: &Fact = &facts[j as usize];
            if g.rel_type == f.rel_type
                && g.from == f.from
                && g.to == f.to
                && g.evidence == f.evidence
                && same_props(&g.props, &f.props)
            {
                duplicate = true;
                break;
            }
            j = earlier[j as usize];
        }
        if !duplicate {
            earlier[i] = *head;
            *head = i as u32;
        }
        keep.push(!duplicate);
    }
    let mut keep = keep.into_iter();
    facts.retain(|_| keep.next().unwrap_or(true));
}

/// Property maps that print alike: floats compare by their bits (so `0.0` and `-0.0` differ
/// and every NaN is one value), everything else by value.
fn same_props(x: &BTreeMap<String, PropValue>, y: &BTreeMap<String, PropValue>) -> bool {
    fn same(a: &PropValue, b: &PropValue) -> bool {
        match (a, b) {
            (PropValue::Float(a), PropValue::Float(b)) => {
                a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
            }
            (PropValue::List(a), PropValue::List(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
            }
            _ => a == b,
        }
    }
    x.len() == y.len()
        && x.iter()
            .zip(y)
            .all(|((ka, a), (kb, b))| ka == kb && same(a, b))
}

/// A place can only lie in a larger kind of place (a city in a region or country, a venue
/// in a city); "London, Geneva" is a list, not containment.
fn contains_plausibly(outer: &crate::resolve::Entity, inner: &crate::resolve::Entity) -> bool {
    if outer.label != EntityLabel::Place {
        return false;
    }
    if inner.label != EntityLabel::Place {
        return true;
    }
    let rank = |e: &crate::resolve::Entity| match e.kind.as_deref() {
        Some("venue") => 0,
        Some("city") | None => 1,
        Some("region") => 2,
        Some("country") => 3,
        Some(_) => 1,
    };
    rank(outer) > rank(inner)
}

/// The latest entity of one of `labels` before token `before` (same or two previous
/// sentences), other than `other`; organisations that cannot be owned are skipped.
fn implicit_antecedent(
    a: &Analysis,
    labels: &[MentionLabel],
    before: usize,
    si: u32,
    other: Option<u32>,
) -> Option<u32> {
    let mut best: Option<(u32, u32)> = None;
    for (i, m) in a.mentions.iter().enumerate() {
        if (m.end as usize) > before
            || m.sentence + 2 < si
            || m.sentence > si
            || !labels.contains(&m.label)
        {
            continue;
        }
        let Some(e) = a.resolution.entity_of[i] else {
            continue;
        };
        if Some(e) == other {
            continue;
        }
        let ent = &a.resolution.entities[e as usize];
        if ent.label == EntityLabel::Organization
            && ent.kind.as_deref().is_some_and(|k| {
                [
                    "government",
                    "legislature",
                    "court",
                    "international",
                    "party",
                ]
                .contains(&k)
            })
        {
            continue;
        }
        if best.map_or(true, |(end, _)| m.end > end) {
            best = Some((m.end, e));
        }
    }
    best.map(|b| b.1)
}

/// Adds the persons an implicit group stands for: as participants of this draft, or, when the
/// rule distributes the group, each to a meeting of its own.
fn add_group(
    named: Vec<u32>,
    distribute: bool,
    draft: &mut EventDraft,
    distributed: &mut Vec<(u32, Evidence)>,
    ev: &Evidence,
) {
    for e in named {
        if distribute {
            distributed.push((e, ev.clone()));
        } else {
            draft
                .participants
                .push((e, "participant".to_string(), ev.clone()));
        }
    }
}

/// The counted group phrase in `from..to` ("the two ministers" → "two ministers"): a number
/// word and the plural noun after it, so a later mention of the same phrase finds its persons.
fn counted_group_phrase(a: &Analysis, from: usize, to: usize) -> Option<String> {
    (from..to.saturating_sub(1)).find_map(|j| {
        let noun = word(a, j + 1);
        (matches!(word(a, j), "two" | "three" | "four") && noun.len() > 3 && noun.ends_with('s'))
            .then(|| format!("{} {}", word(a, j), noun))
    })
}

/// Persons of the latest sentence before `si` (three back at most) that names any person,
/// when it names exactly `want` of them outside the draft: the group a counted phrase refers to
/// across a sentence that names nobody.
fn last_naming_sentence_persons(
    a: &Analysis,
    before: usize,
    si: u32,
    want: usize,
    draft: &EventDraft,
) -> Vec<u32> {
    let person_of = |i: usize| {
        let e = a.resolution.entity_of[i]?;
        (a.resolution.entities[e as usize].label == EntityLabel::Person).then_some(e)
    };
    let Some(last) = a
        .mentions
        .iter()
        .enumerate()
        .filter(|(i, m)| {
            (m.end as usize) <= before
                && m.sentence < si
                && m.sentence + 3 >= si
                && person_of(*i).is_some()
        })
        .map(|(_, m)| m.sentence)
        .max()
    else {
        return Vec::new();
    };
    let mut out: Vec<u32> = Vec::with_capacity(want);
    for (i, m) in a.mentions.iter().enumerate() {
        if m.sentence != last {
            continue;
        }
        if let Some(e) = person_of(i) {
            if !out.contains(&e) && !draft.participants.iter().any(|p| p.0 == e) {
                out.push(e);
            }
        }
    }
    if out.len() == want {
        out
    } else {
        Vec::new()
    }
}

/// How far apart a party's noun, "led by" and its leader's name may stand.
const LEADER_REACH: usize = 10;

/// The person named right after the latest "delegation (team, mission) led by" (or "headed
/// by") before token `before`: whom a later "the delegation" stands for.
fn party_leader(a: &Analysis, before: usize) -> Option<u32> {
    let party = |j: usize| {
        matches!(
            word(a, j),
            "delegation" | "team" | "mission" | "group" | "party" | "contingent"
        )
    };
    // "a delegation of the Japan-Mongolia Parliamentary Friendship League led by Member of the
    // House of Representatives X": the party's noun a few words back in the clause, and the
    // leader's name after a title that may run long.
    let in_clause =
        |from: usize, to: usize| (from..to).all(|k| !matches!(word(a, k), "." | ";" | "," | "and"));
    // "a 12-member trade delegation from the Kingdom of Saudi Arabia, led by X": a comma may
    // stand right before "led".
    let led = (2..before).rev().find(|&j| {
        let clause_end = if j >= 3 && word(a, j - 2) == "," {
            j - 2
        } else {
            j - 1
        };
        matches!(word(a, j - 1), "led" | "headed")
            && word(a, j) == "by"
            && ((j.saturating_sub(4)..j - 1).any(party)
                || (j.saturating_sub(LEADER_REACH)..clause_end)
                    .any(|p| party(p) && in_clause(p, clause_end)))
    })?;
    a.mentions
        .iter()
        .enumerate()
        .find(|(_, m)| {
            let first = m.first as usize;
            m.label == MentionLabel::Person
                && !m.flags.pronoun
                && first > led
                && (first <= led + 3 || first <= led + LEADER_REACH && in_clause(led + 1, first))
        })
        .and_then(|(i, _)| a.resolution.entity_of[i])
        .filter(|&e| a.resolution.entities[e as usize].label == EntityLabel::Person)
}

/// How many persons a group phrase between `from` and `to` names: "the three ministers" 3,
/// "the two leaders", "both", "they" 2.
fn group_size(a: &Analysis, from: usize, to: usize, after: std::ops::Range<usize>) -> usize {
    let count = |j: usize| match word(a, j) {
        "three" | "trio" => Some(3),
        "four" => Some(4),
        "two" | "both" | "pair" | "duo" | "couple" | "they" => Some(2),
        _ => None,
    };
    // A number with "the" (or "all", "these") before it counts a group ("the two presidents");
    // a bare one may count things ("signed three agreements").
    let definite = |j: usize| {
        !matches!(word(a, j), "two" | "three" | "four")
            || j > 0 && matches!(word(a, j - 1), "the" | "all" | "these" | "those" | "both")
    };
    // "talks among the three ministers", "a meeting, during which the three men clashed": the
    // group may close the match after the trigger; "A and B signed three agreements in the
    // presence of the two presidents": a definite group after the trigger outweighs a bare
    // number before it.
    let before = (from..to).find(|&j| count(j).is_some());
    let closing = after.rev().find(|&j| count(j).is_some());
    let chosen = match (before, closing) {
        (Some(b), Some(c)) if !definite(b) && definite(c) => Some(c),
        (Some(b), _) => Some(b),
        (None, c) => c,
    };
    chosen.and_then(count).unwrap_or(2)
}

/// "Hosted two of the region's mayors. Mayor X and Mayor Y arrived ...": the persons the
/// sentence after `si` names, when the group phrase between `from` and `to` counts them ("two")
/// and either exactly that many of them hold the title its noun is the plural of, or the
/// sentence names exactly that many persons. A sentence that negates ("X was not among them")
/// names nobody.
fn following_group(a: &Analysis, from: usize, to: usize, si: u32, draft: &EventDraft) -> Vec<u32> {
    let Some(next) = a.seg.sentences.get(si as usize + 1) else {
        return Vec::new();
    };
    let mut want = 0;
    let mut singular: Option<&str> = None;
    for j in from..to {
        let w = word(a, j);
        if want == 0 {
            want = match w {
                "two" => 2,
                "three" => 3,
                "four" => 4,
                "five" => 5,
                "six" => 6,
                "seven" => 7,
                "eight" => 8,
                _ => 0,
            };
            continue;
        }
        if matches!(w, "at" | "in" | "on" | "to" | "for" | "during" | ",") {
            break;
        }
        if let Some(s) = w.strip_suffix('s').filter(|s| s.len() >= 3) {
            singular = Some(s);
        }
    }
    // "The chief executives of A and B met": no number, but as many holders as bodies named
    // after "of" and joined by "and".
    if want == 0 {
        if let Some(of) = (from..to).find(|&j| word_bytes(a, j) == b"of") {
            let plural_before = of > from && word(a, of - 1).ends_with('s');
            let bodies = 1 + (of..to).filter(|&j| word(a, j) == "and").count();
            if plural_before && bodies >= 2 {
                want = bodies;
            }
        }
    }
    if want == 0
        || next.tokens.clone().any(|j| {
            matches!(
                word_bytes(a, j),
                b"not" | b"n't" | b"never" | b"neither" | b"nor"
            )
        })
    {
        return Vec::new();
    }
    let mut named: Vec<u32> = Vec::new();
    for (i, m) in a.mentions.iter().enumerate() {
        if m.sentence != si + 1
            || m.label != MentionLabel::Person
            || m.flags.pronoun
            || qualifies_title(a, m)
            || owns_title(a, m)
        {
            continue;
        }
        let Some(e) = a.resolution.entity_of[i] else {
            continue;
        };
        if a.resolution.entities[e as usize].label == EntityLabel::Person
            && !named.contains(&e)
            && !draft.participants.iter().any(|p| p.0 == e)
        {
            named.push(e);
        }
    }
    let titled: Vec<u32> = named
        .iter()
        .copied()
        .filter(|&e| {
            singular.is_some_and(|s| {
                a.resolution.entities[e as usize]
                    .titles
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(s))
            })
        })
        .collect();
    if titled.len() == want {
        titled
    } else if named.len() == want {
        named
    } else {
        Vec::new()
    }
}

/// The persons opening the bulleted lines ("- Dr X, Executive Director, Y") that follow sentence
/// `si`, up to the first line that is no list item; each line counts its first person only
/// (the name may follow a title: "- Dr X").
fn listed_persons(a: &Analysis, si: u32, draft: &EventDraft) -> Vec<u32> {
    let mut named: Vec<u32> = Vec::new();
    let mut next = si as usize + 1;
    while let Some(sentence) = a.seg.sentences.get(next) {
        let first = sentence.tokens.start;
        if sentence.tokens.is_empty()
            || !matches!(word(a, first), "-" | "•" | "*" | "–" | "—" | "·")
        {
            break;
        }
        // The line's first person mention (mentions are not ordered by position).
        let person = a
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                m.sentence as usize == next
                    && m.label == MentionLabel::Person
                    && !m.flags.pronoun
                    && (m.first as usize) <= first + 3
            })
            .min_by_key(|(_, m)| m.first)
            .and_then(|(i, _)| a.resolution.entity_of[i]);
        if let Some(e) = person {
            if a.resolution.entities[e as usize].label == EntityLabel::Person
                && !named.contains(&e)
                && !draft.participants.iter().any(|p| p.0 == e)
            {
                named.push(e);
            }
        }
        next += 1;
    }
    named
}

/// Up to `want` distinct persons named last before token `before`, in this sentence or the
/// `back` before, other than the draft's participants; most recent first.
fn latest_persons(
    a: &Analysis,
    labels: &[MentionLabel],
    before: usize,
    si: u32,
    want: usize,
    back: u32,
    draft: &EventDraft,
) -> Vec<u32> {
    let mut seen: Vec<(u32, u32)> = a
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            (m.end as usize) <= before
                && m.sentence <= si
                && m.sentence + back >= si
                && labels.contains(&m.label)
                && !qualifies_title(a, m)
                && !owns_thing(a, m, si)
        })
        .filter_map(|(i, m)| {
            let e = a.resolution.entity_of[i]?;
            (a.resolution.entities[e as usize].label == EntityLabel::Person).then_some((m.end, e))
        })
        .collect();
    seen.sort_by_key(|x| std::cmp::Reverse(x.0));
    let mut out: Vec<u32> = Vec::with_capacity(want);
    for (_, e) in seen {
        if out.len() == want {
            break;
        }
        if !out.contains(&e) && !draft.participants.iter().any(|p| p.0 == e) {
            out.push(e);
        }
    }
    out
}

/// "Manager X and club owner Y travelled to Lisbon to open talks over striker Z. The pair met
/// the player's agent": a counted pair ("the pair", "the two", "the duo", "the couple", not "they") stands
/// for the two persons the sentence before (or this one, before the group) opens with, joined
/// by "and" (with at most a few lower-case role words before the second), rather than for the
/// two named last.
fn coordinated_subject_pair(
    a: &Analysis,
    before: usize,
    group_end: usize,
    si: u32,
    want: usize,
    draft: &EventDraft,
) -> Option<Vec<u32>> {
    let counted = (before..group_end)
        .any(|j| matches!(word_bytes(a, j), b"pair" | b"two" | b"duo" | b"couple"));
    if want != 2 || !counted {
        return None;
    }
    let person = |i: usize| {
        let m = &a.mentions[i];
        if m.label != MentionLabel::Person || m.flags.pronoun {
            return None;
        }
        let e = a.resolution.entity_of[i]?;
        (a.resolution.entities[e as usize].label == EntityLabel::Person).then_some(e)
    };
    for s in [si, si.saturating_sub(1)] {
        if s + 1 < si {
            break;
        }
        // The persons of sentence `s` in order, ending before the group.
        let mut in_sentence: Vec<(usize, u32)> = a
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.sentence == s && (m.end as usize) <= before)
            .filter_map(|(i, _)| person(i).map(|e| (i, e)))
            .collect();
        in_sentence.sort_by_key(|&(i, _)| a.mentions[i].first);
        let (Some(&(i1, e1)), Some(&(i2, e2))) = (in_sentence.first(), in_sentence.get(1)) else {
            continue;
        };
        let (m1, m2) = (&a.mentions[i1], &a.mentions[i2]);
        let between = m1.end as usize..m2.first as usize;
        let joined = between.len() <= 4
            && word(a, between.start) == "and"
            && between.clone().skip(1).all(|j| {
                let t = &a.seg.tokens[j];
                t.kind == crate::text::TokenKind::Word && !t.capitalised
            });
        if joined && e1 != e2 && !draft.participants.iter().any(|p| p.0 == e1 || p.0 == e2) {
            return Some(vec![e1, e2]);
        }
        if s == 0 {
            break;
        }
    }
    None
}

/// "X and Y met. <a quote> The two ministers later called on Z": a group not named in this
/// or the sentence before is the persons of the latest meeting told up to
/// `LAST_MEETING_REACH` sentences back, when there are exactly `want` of them.
/// How many sentences back a group ("the pair") may find the meeting it refers to: a
/// feature's anecdote of how two people first met may be followed by a few sentences of quotes
/// before "the pair sat down with Z" (session 9).
const LAST_MEETING_REACH: u32 = 5;

fn last_meeting_group(
    a: &Analysis,
    drafts: &[EventDraft],
    si: u32,
    want: usize,
    draft: &EventDraft,
) -> Vec<u32> {
    let Some(last) = drafts.iter().rev().find(|d| {
        d.family() == "meeting"
            && d.evidence
                .first()
                .is_some_and(|e| e.sentence < si && e.sentence + LAST_MEETING_REACH >= si)
    }) else {
        return Vec::new();
    };
    persons_new_to(a, last, draft, want).unwrap_or_default()
}

/// The persons besides the host of the latest earlier meeting draft (before sentence `si`)
/// that shares a participant with `draft` and has exactly `want` of them: whom "X hosted both
/// leaders" means after "X met A and B".
fn host_last_guests(
    drafts: &[EventDraft],
    si: u32,
    want: usize,
    draft: &EventDraft,
    a: &Analysis,
) -> Vec<u32> {
    if draft.participants.is_empty() {
        return Vec::new();
    }
    // The latest such meeting with that many guests: a smaller meeting of the host told in
    // between ("The visit follows X's trip to Suva, where he and A signed a pact") is not
    // the one a counted group means.
    drafts
        .iter()
        .rev()
        .filter(|d| {
            d.family() == "meeting"
                && d.evidence.first().is_some_and(|e| e.sentence < si)
                && d.participants
                    .iter()
                    .any(|p| draft.participants.iter().any(|q| q.0 == p.0))
        })
        .find_map(|last| persons_new_to(a, last, draft, want))
        .unwrap_or_default()
}

/// The persons of `other` (each once, in order) who are not yet participants of `draft`, when
/// there are exactly `want` of them (a counted group names that many).
fn persons_new_to(
    a: &Analysis,
    other: &EventDraft,
    draft: &EventDraft,
    want: usize,
) -> Option<Vec<u32>> {
    let mut out: Vec<u32> = Vec::with_capacity(want);
    for p in &other.participants {
        let person = a.resolution.entities[p.0 as usize].label == EntityLabel::Person;
        if person && !out.contains(&p.0) && !draft.participants.iter().any(|q| q.0 == p.0) {
            out.push(p.0);
        }
    }
    (out.len() == want).then_some(out)
}

/// How many sentences back an object group ("Y showed them the window") may find the party
/// of the outing it refers to: the outing's own sentence and a stop told in between.
const PARTY_REACH: u32 = 2;

/// The persons of the latest meeting draft told in the `PARTY_REACH` sentences before `si` that
/// has exactly `want` of them (other than the draft's own participants): the party of an outing
/// ("X and Y walked the strip"), not a later stop that added its host to them.
fn recent_party(
    a: &Analysis,
    drafts: &[EventDraft],
    si: u32,
    want: usize,
    draft: &EventDraft,
) -> Vec<u32> {
    for d in drafts.iter().rev() {
        let Some(first) = d.evidence.first() else {
            continue;
        };
        if first.sentence >= si {
            continue;
        }
        if first.sentence + PARTY_REACH < si {
            break;
        }
        // Joiners alone ("they were joined by Y and Z") are no party of their own.
        if d.family() != "meeting" || d.participants.iter().all(|p| p.1 == JOINER_ROLE) {
            continue;
        }
        if let Some(out) = persons_new_to(a, d, draft, want) {
            return out;
        }
    }
    Vec::new()
}

/// Whether sentence `si`, before token `before`, coordinates a title that stands for nobody
/// named ("X and the Prime Minister are to meet"; "the president and X"): a title mention left
/// unresolved, not followed by a name, right after "and the" or right before "and".
fn coordinated_unnamed_title(a: &Analysis, si: u32, before: usize) -> bool {
    a.mentions.iter().any(|t| {
        let (first, end) = (t.first as usize, t.end as usize);
        t.label == MentionLabel::Title
            && t.sentence == si
            && end <= before
            && !a
                .mentions
                .iter()
                .any(|p| p.label == MentionLabel::Person && p.first as usize == end)
            && ((first >= 2 && word(a, first - 2) == "and" && word(a, first - 1) == "the")
                || (first >= 1
                    && word(a, first - 1) == "the"
                    && end < before
                    && word(a, end) == "and"))
    })
}

/// "The two mayors" named further back than the sentence before: the persons named before
/// `from` who hold the title the group noun between `from` and `to` is the plural of ("mayors"
/// → Mayor), when there are exactly `want` of them.
fn titled_group(a: &Analysis, from: usize, to: usize, want: usize, draft: &EventDraft) -> Vec<u32> {
    let Some(singular) = (from..to).find_map(|j| {
        let w = word(a, j);
        w.strip_suffix('s').filter(|s| s.len() >= 3)
    }) else {
        return Vec::new();
    };
    let holds = |e: u32| {
        let entity = &a.resolution.entities[e as usize];
        entity.label == EntityLabel::Person
            && entity
                .titles
                .iter()
                .any(|t| t.eq_ignore_ascii_case(singular))
    };
    let mut out: Vec<u32> = Vec::with_capacity(want);
    for (i, m) in a.mentions.iter().enumerate().rev() {
        if m.end as usize > from {
            continue;
        }
        let Some(e) = a.resolution.entity_of[i] else {
            continue;
        };
        if holds(e) && !out.contains(&e) && !draft.participants.iter().any(|p| p.0 == e) {
            out.push(e);
        }
    }
    if out.len() == want {
        out
    } else {
        Vec::new()
    }
}

/// Whether a name only qualifies the title and name right after it ("Vodafone chief executive
/// X", "Trump adviser X"), or the name after its possessive ("Kestrel's Fiona Gallagher": a
/// company the tagger took for a person): such a name is not one of the persons "the two"
/// refers to.
fn qualifies_title(a: &Analysis, m: &crate::mention::Mention) -> bool {
    let k = m.end as usize;
    let names_after_possessive = k + 1 < a.seg.tokens.len()
        && matches!(word(a, k), "'s" | "'" | "’s")
        && a.mentions.iter().any(|p| {
            p.label == MentionLabel::Person
                && p.first as usize == k + 1
                && p.sentence == m.sentence
                && !p.flags.pronoun
        });
    if names_after_possessive {
        return true;
    }
    let title_end = a
        .mentions
        .iter()
        .find(|t| t.label == MentionLabel::Title && t.first == m.end && t.sentence == m.sentence)
        .map(|t| t.end);
    title_end.is_some_and(|end| {
        a.mentions
            .iter()
            .any(|p| p.label == MentionLabel::Person && p.first == end && !p.flags.pronoun)
    })
}

/// "Y's predecessor, Z", "Y's father, Z": a name whose possessive opens a lower-case noun
/// (no title, no name) with a person apposed to it names a relation, not an actor; so does one
/// owning a thing in a sentence before the group's ("after Mr Karim's death. There they met"):
/// neither is one of the persons a group stands for. ("X is at odds with Y's company, and the
/// two ..." in one sentence: Y stands for the company.)
fn owns_thing(a: &Analysis, m: &crate::mention::Mention, si: u32) -> bool {
    let k = m.end as usize;
    let possessive_noun = k + 1 < a.seg.tokens.len()
        && matches!(word(a, k), "'s" | "'" | "’s")
        && !a.seg.tokens[k + 1].capitalised
        && !a
            .mentions
            .iter()
            .any(|t| t.first as usize == k + 1 && t.sentence == m.sentence);
    if !possessive_noun {
        return false;
    }
    let apposed_person = (k + 2..(k + 5).min(a.seg.tokens.len())).any(|c| {
        word(a, c) == ","
            && a.mentions.iter().any(|p| {
                p.label == MentionLabel::Person
                    && p.first as usize == c + 1
                    && p.sentence == m.sentence
                    && !p.flags.pronoun
            })
    });
    apposed_person || m.sentence < si
}

/// "X, Harbourline's chief executive": a name whose possessive opens a title says whose the
/// title is (a body the tagger took for a person), not who holds it.
fn owns_title(a: &Analysis, m: &crate::mention::Mention) -> bool {
    let k = m.end as usize;
    k + 1 < a.seg.tokens.len()
        && matches!(word(a, k), "'s" | "'" | "’s")
        && a.mentions.iter().any(|t| {
            t.label == MentionLabel::Title && t.first as usize == k + 1 && t.sentence == m.sentence
        })
}

/// A captured mention as a property value: a title's canonical form, else the entity name.
fn mention_value(a: &Analysis, k: &Knowledge, text: &str, mi: u32) -> String {
    let m = &a.mentions[mi as usize];
    if let Some(e) = m.entry {
        if m.label == MentionLabel::Title {
            return k.lexicon.entry(e).name.clone();
        }
    }
    match a.resolution.entity_of[mi as usize] {
        Some(e) => a.resolution.entities[e as usize].name.clone(),
        None => m.text(text).to_string(),
    }
}

fn canonical_text(a: &Analysis, k: &Knowledge, text: &str, span: (usize, usize)) -> String {
    if let Some((i, _)) = a
        .mentions
        .iter()
        .enumerate()
        .find(|(_, m)| m.first as usize == span.0 && m.end as usize == span.1)
    {
        return mention_value(a, k, text, i as u32);
    }
    let t = &a.seg.tokens;
    text[t[span.0].start as usize..t[span.1 - 1].end as usize].to_string()
}

/// Two drafts dated alike: the same date, or (with no reference date to resolve a weekday) the
/// same date words ("on Sunday" and "Sunday's meeting").
fn same_day(a: &EventDraft, b: &EventDraft) -> bool {
    match (&a.date, &b.date) {
        (Some(x), Some(y)) => x == y,
        _ => match (&a.date_text, &b.date_text) {
            (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
            _ => false,
        },
    }
}

/// How many sentences back the meeting a companion joins may have been told ("X met the
/// mayors ... [quotes, a call] ... The governor was joined at the meeting by Y").
const COMPANION_REACH: u32 = 7;

/// Whether a joiner's words name the meeting it joins with a definite noun phrase ("took part
/// in the meeting", "was present at the talks").
fn names_the_meeting(text: &str, evidence: &[Evidence]) -> bool {
    const DEFINITE_MEETING: &[&str] = &[
        "the meeting",
        "the talks",
        "the session",
        "the discussions",
        "the negotiations",
        "the consultations",
    ];
    evidence.iter().any(|e| {
        let words = text
            .get(e.start as usize..e.end as usize)
            .unwrap_or("")
            .to_lowercase();
        DEFINITE_MEETING.iter().any(|w| words.contains(w))
    })
}

/// Whether a joiner's words are set apart from what was told before: a shift of time opens
/// the sentence ("That evening, X was joined by Y") and an event of its own follows the match
/// ("... by Y at a fans' forum").
fn opens_new_scene(text: &str, evidence: &[Evidence]) -> bool {
    const TIME_SHIFTS: &[&str] = &[
        "that evening",
        "that night",
        "that afternoon",
        "later that day",
        "the next day",
        "the following day",
        "the next morning",
        "the following morning",
    ];
    let Some(e) = evidence.first() else {
        return false;
    };
    let before = text.get(..e.start as usize).unwrap_or("");
    let sentence_start = before.rfind(['.', '\n', '!', '?']).map_or(0, |i| i + 1);
    let opening = before[sentence_start..].trim_start().to_lowercase();
    let after = text.get(e.end as usize..).unwrap_or("").trim_start();
    TIME_SHIFTS.iter().any(|t| opening.starts_with(t))
        && (after.starts_with("at a ") || after.starts_with("at an "))
}

/// How many sentences open a story (its headline, dateline and lead paragraph): the meeting
/// told there is the one a later "the meeting" means when no nearer one is told.
const LEAD_SENTENCES: u32 = 3;

/// Merges drafts that describe one happening: same family, compatible places, dates and
/// statuses, and participants that overlap (same place) or nest (one place unknown).
fn merge_events(text: &str, mut drafts: Vec<EventDraft>) -> Vec<EventDraft> {
    // One who came with a named person joins after the meetings of its own sentence ("X,
    // accompanied by Y, held talks with Z": Y joins those talks), whatever order the rules
    // matched in; drafts are otherwise in sentence order already.
    drafts.sort_by_key(|d| {
        let with_companion = !d.companions.is_empty()
            && d.participants.iter().all(|p| p.1 == JOINER_ROLE)
            && d.places.is_empty();
        (d.evidence.first().map_or(0, |e| e.sentence), with_companion)
    });
    let mut out: Vec<EventDraft> = Vec::new();
    for d in drafts {
        if d.participants.is_empty() && d.places.is_empty() {
            continue;
        }
        // "X joined the meeting": the latest meeting of this or the five sentences before (a
        // paragraph: "the pair were joined for coffee by Y" after a lunch told at length).
        let joining = !d.participants.is_empty()
            && d.participants.iter().all(|p| p.1 == JOINER_ROLE)
            && d.places.is_empty();
        // "X did not attend the second meeting", "Y declined to join the talks": the joiner
        // stays out, and the meeting keeps its own mood.
        if joining && d.status != "held" && d.status != "scheduled" {
            continue;
        }
        // "That evening, X was joined by Y at a fans' forum": a new scene, not the meeting
        // told before; Y and X were together there all the same.
        let new_scene = joining && d.companions.len() == 1 && opens_new_scene(text, &d.evidence);
        let target = if new_scene {
            None
        } else if joining {
            let at = d.evidence.first().map_or(0, |e| e.sentence);
            // "Also present at Sunday's meeting were Y and Z": a dated joiner joins the latest
            // meeting of that date, however far back, before any undated one nearer by.
            let dated = d.date_text.as_ref().and_then(|_| {
                out.iter().rposition(|o| {
                    o.family() == d.family()
                        && same_day(o, &d)
                        && o.evidence.iter().any(|e| e.sentence <= at)
                })
            });
            // "X was accompanied by Y": the latest meeting X took part in, a paragraph or two
            // back at most ("The governor was joined at the meeting by Y" after quotes and a
            // call told in between). A joiner told as done joins no meeting told as planned
            // ("X planned to meet Z next week. X was joined at the meeting by Y").
            // "Y joined X for the meeting with Z" after X met W and Z separately: the latest
            // meeting all of them took part in, before the latest with any of them.
            let with_companions = |all: bool| {
                out.iter().rposition(|o| {
                    let took_part = |c: &u32| o.participants.iter().any(|p| p.0 == *c);
                    o.family() == d.family()
                        && if all {
                            d.companions.iter().all(took_part)
                        } else {
                            d.companions.iter().any(took_part)
                        }
                        && !(o.status_from_cue && o.status == "scheduled" && !d.status_from_cue)
                        && o.evidence
                            .iter()
                            .any(|e| e.sentence <= at && e.sentence + COMPANION_REACH >= at)
                })
            };
            let companion = (!d.companions.is_empty())
                .then(|| {
                    let all = (d.companions.len() > 1)
                        .then(|| with_companions(true))
                        .flatten();
                    all.or_else(|| with_companions(false))
                })
                .flatten();
            // A meeting made of the joiners alone (another rule read the same list as the
            // meeting's participants) is not the one they join.
            let joiners = d.participant_set();
            // The latest is the one told last in the text: "The two leaders, who last met at
            // the summit in February, held a one-on-one meeting before being joined by Y" —
            // Y joins the one-on-one (merged into an earlier draft), not the summit its
            // relative clause recalls ("X, accompanied by Y, called on Z": a meeting told
            // later in the joiner's own sentence counts too).
            dated.or(companion).or_else(|| {
                let nearby = out
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| {
                        o.family() == d.family()
                            // "Abenov said he might meet the premier at the summit. The
                            // foreign minister also took part in the meeting": one who took
                            // part joins no meeting that did not take place.
                            && !NEGATIVE.contains(&o.status.as_str())
                            // "X received the credentials of three envoys ... The ceremony
                            // was attended by Y": the envoys were received in turn, one
                            // meeting each, so no one of them is the ceremony Y attended.
                            && !(o.distributed && d.kind == CEREMONY_KIND)
                            && !(o.participants.len() >= 2
                                && o.participant_set().is_subset(&joiners)
                                && o.evidence.iter().any(|e| e.sentence == at))
                            && o.evidence.iter().any(|e| {
                                e.sentence <= at
                                    && e.sentence + if d.previous_only { 1 } else { 5 } >= at
                            })
                    })
                    // "Y joined Kanda for the talks" after "talks on the sidelines of a summit in
                    // the Malaysian capital": a meeting of persons wins over a later one named
                    // with none (the summit as a backdrop).
                    .max_by_key(|(_, o)| {
                        (
                            !o.participants.is_empty(),
                            o.evidence
                                .iter()
                                .filter(|e| e.sentence <= at)
                                .map(|e| e.end)
                                .max(),
                        )
                    })
                    .map(|(i, _)| i);
                // "President Abenov received the Hungarian minister ... [five paragraphs
                // of what they said] ... The foreign minister also took part in the
                // meeting": past the paragraph's reach, the meeting the story opened
                // with (told in its first sentences, held, between named persons), when
                // the joiner's words name it ("Also present was Y" at a crowded
                // reception joins no one's talks).
                let opening = || {
                    (!d.previous_only && d.status == "held" && names_the_meeting(text, &d.evidence))
                        .then(|| {
                            out.iter().position(|o| {
                                o.family() == d.family()
                                    && o.status == "held"
                                    && o.participants.len() >= 2
                                    && o.evidence.iter().any(|e| e.sentence <= LEAD_SENTENCES)
                            })
                        })
                        .flatten()
                };
                // "Y hosted the delegation on Monday ... It will meet Z on the 14th ...
                // Exporters at the meeting included W": one told as done without a mood cue
                // joins the meeting the story opened with before a nearer one told as planned.
                match nearby {
                    Some(i)
                        if !d.status_from_cue
                            && out[i].status_from_cue
                            && out[i].status == "scheduled" =>
                    {
                        opening().or(Some(i))
                    }
                    near => near.or_else(opening),
                }
            })
        } else {
            let pd = d.participant_set();
            out.iter().position(|o| {
                if o.family() != d.family()
                    || o.distributed && d.distributed && o.evidence.first() == d.evidence.first()
                {
                    return false;
                }
                // "He is expected to meet X again next month": not the meeting told before,
                // unless told in the same sentence (two rules on one trigger).
                if d.again
                    && !o
                        .evidence
                        .iter()
                        .any(|e| d.evidence.iter().any(|f| f.sentence == e.sentence))
                {
                    return false;
                }
                // Equal statuses, or a mention without a mood cue ("the Madrid talks") joining a
                // planned or held one; earlier, refused or cancelled meetings stay apart.
                let defaulted = |e: &EventDraft| !e.status_from_cue && e.status == "held";
                let open = |s: &str| s == "held" || s == "scheduled";
                let status_ok = o.status == d.status
                    || (defaulted(o) && open(&d.status))
                    || (defaulted(&d) && open(&o.status));
                // Unresolved dates told in words that cannot name one day ("on Wednesday" and
                // "next week": a visit hosted today and one expected next week in the same
                // city) keep the drafts apart; "Wednesday" and "Wednesday evening" may merge.
                let date_ok = match (&o.date, &d.date) {
                    (Some(x), Some(y)) => x == y,
                    _ => match (&o.date_text, &d.date_text) {
                        (Some(x), Some(y)) => {
                            let (x, y) = (x.to_lowercase(), y.to_lowercase());
                            x.contains(&y) || y.contains(&x)
                        }
                        _ => true,
                    },
                };
                if !status_ok || !date_ok {
                    return false;
                }
                let po = o.participant_set();
                // Meetings told in different moods ("X met Z in Yerevan" the day before, "Y is
                // to receive Z in Yerevan next week") are one only when one's people are all
                // among the other's: one person and a city in common make two meetings.
                let nested = pd.is_subset(&po) || po.is_subset(&pd);
                match (o.place(), d.place()) {
                    (Some(x), Some(y)) => {
                        x == y
                            && (po.is_empty()
                                || pd.is_empty()
                                || if o.status == d.status {
                                    !po.is_disjoint(&pd)
                                } else {
                                    nested
                                })
                    }
                    (Some(_), None) | (None, Some(_)) => {
                        !pd.is_empty() && !po.is_empty() && (pd.is_subset(&po) || po.is_subset(&pd))
                    }
                    (None, None) => {
                        !pd.is_empty() && !po.is_empty() && (pd.is_subset(&po) || po.is_subset(&pd))
                    }
                }
            })
        };
        match target {
            // "A bipartisan group of senators met ... Joining Armistead were Y and Z": with no
            // meeting of the one they came with told, the joiners (two or more: one joiner's
            // "companion" is as often a name in its apposition) and that one person were
            // together all the same.
            None if joining
                && d.status == "held"
                && d.companions.len() == 1
                && (d.participants.len() >= 2 || new_scene) =>
            {
                let mut d = d;
                let evidence = d.participants[0].2.clone();
                for c in std::mem::take(&mut d.companions) {
                    if !d.participants.iter().any(|p| p.0 == c) {
                        d.participants
                            .push((c, "participant".to_string(), evidence.clone()));
                    }
                }
                out.push(d);
            }
            // A joiner with no meeting to join (the call just described was no meeting).
            None if joining => {}
            None => out.push(d),
            Some(i) => {
                let o = &mut out[i];
                // A joiner's own mood ("Y was expected to join") is not the meeting's.
                if d.status_from_cue && !o.status_from_cue && !joining {
                    o.status = d.status.clone();
                    o.status_from_cue = true;
                }
                if MEETING_FAMILY.contains(&d.kind.as_str())
                    && d.kind == "meeting"
                    && o.kind != "meeting"
                    && !d.participants.is_empty()
                    && o.participants.is_empty()
                {
                    o.kind = d.kind.clone();
                }
                for p in d.participants {
                    if !o.participants.iter().any(|x| x.0 == p.0) {
                        o.participants.push(p);
                    }
                }
                for p in d.places {
                    if !o.places.iter().any(|x| x.0 == p.0) {
                        o.places.push(p);
                    }
                }
                for p in d.topics {
                    if !o.topics.iter().any(|x| x.0 == p.0) {
                        o.topics.push(p);
                    }
                }
                // A resolved date wins; written date words are not lost to an undated mention.
                if o.date.is_none() && (d.date.is_some() || o.date_text.is_none()) {
                    o.date = d.date;
                    o.date_text = d.date_text;
                }
                o.evidence.extend(d.evidence);
            }
        }
    }
    out
}
