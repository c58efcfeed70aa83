//! The mention stage: a segmented document → typed mentions (`recognize`). Sources, combined
//! in one pass per document: the gazetteer (places, organisations, demonyms, metonyms, titles,
//! topics), name patterns (title + capitalised name, capitalised runs typed by organisation
//! and venue cues or given names, appositions, "X said"), pronouns, dates and an optional
//! statistical tagger. Headlines yield only lexicon-known names, never guesses from capitals.

pub mod dates;
pub mod facts;
mod gazetteer;
pub mod lexicon;
pub(crate) mod words;

use crate::text::{Segmented, Token, TokenKind};
use dates::{DateFound, Day};
use facts::{bit, DocumentFacts, IndexedWords, TokenFacts};
use lexicon::{LexLabel, LexMatch, Lexicon};

/// The type of a mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MentionLabel {
    Person,
    Organization,
    Place,
    Topic,
    Title,
    Date,
    /// A capitalised name nothing typed yet; resolution may type it (a known surname).
    Misc,
}

impl MentionLabel {
    pub fn as_str(self) -> &'static str {
        match self {
            MentionLabel::Person => "Person",
            MentionLabel::Organization => "Organization",
            MentionLabel::Place => "Place",
            MentionLabel::Topic => "Topic",
            MentionLabel::Title => "Title",
            MentionLabel::Date => "Date",
            MentionLabel::Misc => "Misc",
        }
    }
}

/// A typed span of tokens.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// Token range (document token indices, end exclusive).
    pub first: u32,
    pub end: u32,
    /// Byte span in the document text.
    pub start_byte: u32,
    pub end_byte: u32,
    pub sentence: u32,
    pub label: MentionLabel,
    /// Lexicon entry (canonical name, key, country) when the lexicon knows it.
    pub entry: Option<u32>,
    /// Sub-kind: place city|country|region|venue, organisation kind.
    pub kind: Option<String>,
    /// What found it ("lexicon:places", "pattern:title-name", "pronoun", "date", "tagger").
    pub origin: &'static str,
    pub flags: MentionFlags,
    /// Resolved date (ISO) for date mentions.
    pub date: Option<String>,
    pub day: Option<Day>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MentionFlags {
    /// "I" or "me": stands for the speaker of the quotation it is in.
    pub first_person: bool,
    /// A nationality adjective standing for its country ("Chinese").
    pub demonym: bool,
    pub pronoun: bool,
    /// A possessive pronoun ("his", "its").
    pub possessive: bool,
    /// A seat of power standing for its government ("Washington weighs ...").
    pub metonym: bool,
    /// The place at the head of the article ("WASHINGTON —").
    pub dateline: bool,
}

impl Mention {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start_byte as usize..self.end_byte as usize]
    }
}

/// A span a statistical tagger proposes (token indices within one sentence, end exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaggedSpan {
    pub start: usize,
    pub end: usize,
    pub label: MentionLabel,
}

/// A mention source that can be plugged in (the statistical tagger).
pub trait SpanTagger: Send + Sync {
    /// Spans over the given sentence words.
    fn tag(&self, words: &[&str]) -> Vec<TaggedSpan>;
}

/// The tokens of an ordered token list that lie in `range`. `cursor` carries the end of the
/// previous answer: sentences come in order, so the next range usually starts there.
fn within<'l>(list: &'l [u32], range: &std::ops::Range<usize>, cursor: &mut usize) -> &'l [u32] {
    let mut from = (*cursor).min(list.len());
    if from > 0 && list[from - 1] as usize >= range.start {
        from = list.partition_point(|&k| (k as usize) < range.start);
    } else {
        while from < list.len() && (list[from] as usize) < range.start {
            from += 1;
        }
    }
    let mut to = from;
    while to < list.len() && (list[to] as usize) < range.end {
        to += 1;
    }
    *cursor = to;
    &list[from..to]
}

/// A capitalised word that may be part of a name (the facts know: "He" + "’s" clitics are
/// not names; a capital + letters or an initial is).
fn is_name_word(facts: &[TokenFacts], k: usize) -> bool {
    facts[k].has(bit::NAME_WORD)
}

/// Where a body's name that lists what it stands for ends, from the comma at `comma` after
/// "<Body> of <Word>" (the caller checks the body's cue): ", Metal, Steel and Allied
/// Workers" — capitalised words set off by commas, then "and" and more capitalised words.
/// `None` when the list does not end so, or names someone on the way ("the Union of Mine,
/// Deputy X and ..."; a tagger's guess at a person does not count: "Metal").
fn listed_body_end(
    text: &str,
    tokens: &[Token],
    facts: &[TokenFacts],
    comma: usize,
    end: usize,
    named_someone: impl Fn(usize) -> bool,
) -> Option<usize> {
    let limit = (comma + 14).min(end);
    let mut p = comma;
    let mut anded = false;
    let mut items = 0;
    // One item at least before "and" ("of Ulama, and Kumaraswamy Nadarajah" lists two names,
    // not the trades of one).
    let and_at = |q: usize| q < limit && matches!(tokens[q].text(text), "and" | "&");
    while p < limit {
        match tokens[p].text(text) {
            "," => p += 1,
            _ if items > 0 && and_at(p) => {}
            _ => return None,
        }
        if items > 0 && and_at(p) {
            anded = true;
            p += 1;
        }
        items += 1;
        let words_start = p;
        while p < limit && is_name_word(facts, p) && !facts[p].has(bit::STOPWORD) {
            if named_someone(p) {
                return None;
            }
            p += 1;
        }
        if p == words_start {
            return None;
        }
        if anded {
            return Some(p);
        }
    }
    None
}

/// Whether the hyphen at `j` opens a lower-case particle and a second hyphen glued to a name
/// word ("Ata-ul-Haq", "Jean-de-Dieu"): the four tokens continue one name.
fn joined_by_inner_particle(tokens: &[Token], facts: &[TokenFacts], j: usize, end: usize) -> bool {
    j + 3 < end
        && facts[j].has(bit::HYPHEN)
        && facts[j + 1].has(bit::PARTICLE)
        && !tokens[j + 1].capitalised
        && facts[j + 2].has(bit::HYPHEN)
        && is_name_word(facts, j + 3)
        && tokens[j..j + 4].iter().all(|t| !t.space_before)
}

/// A quotation mark or bracket that may enclose a nickname or an honorific inside a name
/// (Ray "Bud" Tolliver, Chief (Mrs) Folake Adebayo-Williams).
fn is_enclosing_mark(word: &str) -> bool {
    matches!(word, "\"" | "\u{201c}" | "\u{201d}" | "(" | ")")
}

/// Ray "Bud" Tolliver: a nickname of one or two capitalised words in double quotes at `q`,
/// right after a name word and right before another. Returns the token after the closing mark.
fn nickname_end(
    text: &str,
    tokens: &[Token],
    facts: &[TokenFacts],
    q: usize,
    end: usize,
) -> Option<usize> {
    let opens = |w: &str| matches!(w, "\"" | "\u{201c}");
    let closes = |w: &str| matches!(w, "\"" | "\u{201d}");
    if q == 0 || q + 3 >= end || !opens(tokens[q].text(text)) || !is_name_word(facts, q - 1) {
        return None;
    }
    let close = (q + 2..(q + 4).min(end)).find(|&c| closes(tokens[c].text(text)))?;
    // Inside: the first word touches the opening mark, any second one is spaced.
    let inside_ok =
        (q + 1..close).all(|j| is_name_word(facts, j) && tokens[j].space_before == (j > q + 1));
    let after = close + 1;
    (inside_ok
        && tokens[q].space_before
        && !tokens[close].space_before
        && after < end
        && tokens[after].space_before
        && is_name_word(facts, after)
        && !facts[after].has(bit::STOPWORD))
    .then_some(after)
}

/// Whether the given name at `k` continues with a hyphen and a lower-case syllable ("Jae-hyeok",
/// "Yong-hyun"): two to five letters, not an English participle or a stopword ("Hong-based").
/// The first syllable is a listed given name, or a short capitalised word after a listed family
/// name that opens the name run at `run_start` ("Park Cheol-hee": few first syllables are
/// listed, the family names are; "John Lee Ka-chiu" stays one name).
fn hyphenated_given_name(
    text: &str,
    tokens: &[Token],
    facts: &[TokenFacts],
    lexicon: &Lexicon,
    k: usize,
    run_start: usize,
) -> bool {
    let (Some(hyphen), Some(tail)) = (tokens.get(k + 1), tokens.get(k + 2)) else {
        return false;
    };
    facts[k + 1].has(bit::HYPHEN)
        && !hyphen.space_before
        && !tail.space_before
        && is_given_name_syllable(text, tail, lexicon)
        && !facts[k + 2].has(bit::STOPWORD)
        && (facts[k].has(bit::GIVEN_NAME_ANY_CASE | bit::LONG)
            && lexicon.is_given_name(tokens[k].text(text))
            || k == run_start + 1
                && is_short_syllable_name(tokens[k].text(text))
                && lexicon.surnames.contains(tokens[k - 1].text(text)))
}

/// A capitalised word of two to five ASCII letters, the rest lower case ("Cheol", "Seok"): the
/// shape of the first syllable of a hyphenated East Asian given name.
fn is_short_syllable_name(word: &str) -> bool {
    let b = word.as_bytes();
    (2..=5).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b[1..].iter().all(u8::is_ascii_lowercase)
}

/// The per-document work space of `recognize`, kept per thread so that documents after the
/// first allocate nothing for it.
#[derive(Default)]
struct Scratch {
    document_facts: DocumentFacts,
    sentence_of: Vec<u32>,
    hits: Vec<LexMatch>,
    cands: Vec<u32>,
    covered: Vec<Option<u32>>,
    in_found: Vec<bool>,
    dates: Vec<DateFound>,
    typed: Vec<bool>,
    in_date: Vec<bool>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Finds every mention in a segmented document.
pub fn recognize(
    text: &str,
    lower: &str,
    seg: &Segmented,
    lexicon: &Lexicon,
    reference: Option<Day>,
    tagger: Option<&dyn SpanTagger>,
) -> Vec<Mention> {
    let mut words = IndexedWords::default();
    recognize_indexing(text, lower, seg, lexicon, reference, tagger, &mut words)
}

/// [`recognize`], also giving each token's id among the words the lexicon indexed
/// ([`Lexicon::index_words`]), found with its facts.
pub fn recognize_indexing(
    text: &str,
    lower: &str,
    seg: &Segmented,
    lexicon: &Lexicon,
    reference: Option<Day>,
    tagger: Option<&dyn SpanTagger>,
    words: &mut IndexedWords,
) -> Vec<Mention> {
    SCRATCH.with(|cell| {
        // A nested call (a tagger that recognises) gets fresh buffers.
        let mut fresh = Scratch::default();
        let mut shared = cell.try_borrow_mut();
        let scratch = match shared {
            Ok(ref mut scratch) => &mut **scratch,
            Err(_) => &mut fresh,
        };
        recognize_in(scratch, text, lower, seg, lexicon, reference, tagger, words)
    })
}

#[allow(clippy::too_many_arguments)] // the document's parts, the knowledge, the output
fn recognize_in(
    scratch: &mut Scratch,
    text: &str,
    lower: &str,
    seg: &Segmented,
    lexicon: &Lexicon,
    reference: Option<Day>,
    tagger: Option<&dyn SpanTagger>,
    words: &mut IndexedWords,
) -> Vec<Mention> {
    let Scratch {
        document_facts,
        sentence_of,
        hits,
        cands,
        covered,
        in_found,
        dates,
        typed,
        in_date,
    } = scratch;
    let tokens = &seg.tokens;
    // Gazetteer hits, dates and name patterns: sized once for a typical document.
    let mut mentions: Vec<Mention> = Vec::with_capacity(tokens.len() / 4);
    // Token → sentence index, asked only of gazetteer hits: a binary search when the
    // sentences come in order without overlapping (as the segmenter makes them), else a table.
    let ordered = seg
        .sentences
        .windows(2)
        .all(|w| w[0].tokens.end <= w[1].tokens.start);
    sentence_of.clear();
    if !ordered {
        sentence_of.resize(tokens.len(), 0);
        for (si, s) in seg.sentences.iter().enumerate() {
            for k in s.tokens.clone() {
                sentence_of[k] = si as u32;
            }
        }
    }
    // Hits come in text order: the sentence of the one before, or the next sentence, holds
    // most (in ordered sentences the one holding `k` is the first that ends after it).
    let last_sentence = std::cell::Cell::new(0usize);
    let sentence_index = |k: usize| -> u32 {
        if !ordered {
            return sentence_of[k];
        }
        let hint = last_sentence.get();
        let holds = |i: usize| seg.sentences.get(i).is_some_and(|s| s.tokens.contains(&k));
        let i = if holds(hint) {
            hint
        } else if holds(hint + 1) {
            hint + 1
        } else {
            seg.sentences.partition_point(|s| s.tokens.end <= k)
        };
        match seg.sentences.get(i) {
            Some(s) if s.tokens.contains(&k) => {
                last_sentence.set(i);
                i as u32
            }
            _ => 0,
        }
    };
    // What the lexicon knows of each token, looked up once.
    lexicon.token_facts(text, tokens, document_facts);
    words.fingerprint = lexicon.indexed_fingerprint();
    words.ids.clear();
    words.ids.extend_from_slice(&document_facts.word_ids);
    words.facts.clear();
    words.facts.extend_from_slice(&document_facts.facts);
    let document_facts = &*document_facts;
    let facts = &document_facts.facts[..];

    // 1. Gazetteer.
    hits.clear();
    lexicon.find(text, lower, tokens, document_facts, hits);
    let context = document_countries(lexicon, hits, text);
    for (hi, hit) in hits.iter().enumerate() {
        let (first, last) = (hit.first, hit.last);
        if last == usize::MAX {
            continue;
        }
        let sentence_no = sentence_index(first);
        if sentence_no != sentence_index(last) {
            continue;
        }
        let sentence = &seg.sentences[sentence_no as usize];
        let surface = &text[hit.start..hit.end];
        cands.clear();
        cands.extend(lexicon.candidates(hit, text));
        let Some(&best) = cands.first() else { continue };
        let best_entry = lexicon.entry(best);
        let name_like = !matches!(best_entry.label, LexLabel::Title | LexLabel::Topic);
        // "us" is a pronoun, "US" in a sentence not in capitals the country ("US Trade
        // Representative X").
        let capitals_alias = surface.len() >= 2
            && surface.bytes().all(|b| b.is_ascii_uppercase())
            && !sentence_in_capitals(text, tokens, &seg.sentences[sentence_no as usize]);
        if name_like && first == last && facts[first].has(bit::STOPWORD) && !capitals_alias {
            continue;
        }
        // "Andrew Pope", "Stephen King": a one-word title that is also a surname, written right
        // after a capitalised given name and not before another name, is the surname.
        if best_entry.label == LexLabel::Title
            && first == last
            && first > sentence.tokens.start
            && is_name_word(facts, first)
            && is_name_word(facts, first - 1)
            && lexicon.is_given_name(tokens[first - 1].text(text))
            && lexicon.is_person_name(surface)
            && !(last + 1 < sentence.tokens.end && is_name_word(facts, last + 1))
        {
            continue;
        }
        // "Chief Adeyemi", "Fr Moriarty", "Chief (Mrs) X", "\"Mama\" Grace X": a title listed as
        // `prefix` counts only before a name ("Ken Griffey Sr. said", "chief among them").
        if best_entry.label == LexLabel::Title && best_entry.kind.as_deref() == Some("prefix") {
            let name_at = |j: usize| j < sentence.tokens.end && is_name_word(facts, j);
            let before_name = name_at(last + 1)
                || last + 1 < sentence.tokens.end
                    && is_enclosing_mark(tokens[last + 1].text(text))
                    && name_at(last + 2);
            // "Chief Medical Officer": capitalised words that end in another title are a
            // longer title, not a name.
            let name_end = (last + 1..sentence.tokens.end)
                .find(|&j| !is_name_word(facts, j))
                .unwrap_or(sentence.tokens.end);
            let title_follows = hits[hi + 1..]
                .iter()
                .take_while(|h| h.first < name_end)
                .any(|h| {
                    h.first > last
                        && lexicon
                            .candidates(h, text)
                            .any(|c| lexicon.entry(c).label == LexLabel::Title)
                });
            if !before_name || title_follows {
                continue;
            }
        }
        let locative = (first > sentence.tokens.start && facts[first - 1].has(bit::LOCATIVE))
            || in_place_list(text, tokens, facts, first, sentence.tokens.start);
        let next = tokens.get(last + 1).map(|t| t.text(text)).unwrap_or("");
        let dateline = first == 0
            && matches!(next, "—" | "–" | "-" | "(" | ",")
            && surface.chars().all(|c| !c.is_lowercase());
        // Metonym vs place: a seat of power after a place preposition is the place.
        let metonym = cands
            .iter()
            .copied()
            .find(|&c| lexicon.entry(c).label == LexLabel::Metonym);
        let mut place = pick_place(lexicon, cands, &context);
        // A seat of power whose place reading is only a small town ("going to Whitehall", not
        // the town in Pennsylvania) is the seat.
        let town_elsewhere = metonym.is_some()
            && place.is_some_and(|p| {
                let e = lexicon.entry(p);
                e.kind.as_deref() == Some("city") && e.rank < SMALL_TOWN
            });
        if town_elsewhere {
            place = None;
        }
        let chosen = match (metonym, place) {
            (Some(m), Some(p)) => {
                if locative || dateline || sentence.headline {
                    p
                } else {
                    m
                }
            }
            (Some(m), None) if town_elsewhere && !(locative || dateline) => m,
            (Some(_), None) if locative || dateline => {
                // A seat of power after "at"/"in" with no place of that name listed: the
                // building itself ("at the White House"), a venue named as written.
                let first = if tokens[first].text(lower) == "the" {
                    first + 1
                } else {
                    first
                };
                if first > last {
                    continue;
                }
                let mut m = span_mention(
                    tokens,
                    first,
                    last + 1,
                    sentence_index(first) as usize,
                    MentionLabel::Place,
                    "lexicon:metonyms",
                );
                m.kind = Some("venue".to_string());
                mentions.push(m);
                continue;
            }
            _ if best_entry.label == LexLabel::Place => place.unwrap_or(best),
            _ => best,
        };
        let entry = lexicon.entry(chosen);
        // A place name that is also an English word, or a town (not a capital) named like a
        // person, needs a place preposition or a dateline.
        let minor_town = entry.label == LexLabel::Place
            && entry.kind.as_deref() == Some("city")
            && entry.rank < u64::MAX / 2
            && lexicon.is_person_name(surface);
        if (entry.ambiguous || minor_town) && !(locative || dateline) {
            continue;
        }
        // "died in March", "met in May": after "in", a month's name is the date, not the
        // town named like it.
        if entry.label == LexLabel::Place
            && entry.ambiguous
            && first == last
            && facts[first].month().is_some()
            && !dateline
        {
            continue;
        }
        // Title-case headlines capitalise everything: only well-known places count there.
        if sentence.headline
            && entry.label == LexLabel::Place
            && entry.kind.as_deref() == Some("city")
            && entry.rank < 100_000
        {
            continue;
        }
        let (label, flags) = match entry.label {
            LexLabel::Place => (
                MentionLabel::Place,
                MentionFlags {
                    dateline,
                    ..Default::default()
                },
            ),
            LexLabel::Organization | LexLabel::Metonym => (
                MentionLabel::Organization,
                MentionFlags {
                    metonym: entry.label == LexLabel::Metonym,
                    ..Default::default()
                },
            ),
            LexLabel::Demonym => (
                MentionLabel::Place,
                MentionFlags {
                    demonym: true,
                    ..Default::default()
                },
            ),
            LexLabel::Person => (MentionLabel::Person, MentionFlags::default()),
            LexLabel::Title => (MentionLabel::Title, MentionFlags::default()),
            LexLabel::Topic => (MentionLabel::Topic, MentionFlags::default()),
        };
        mentions.push(Mention {
            first: first as u32,
            end: last as u32 + 1,
            start_byte: hit.start as u32,
            end_byte: hit.end as u32,
            sentence: sentence_no,
            label,
            entry: Some(chosen),
            kind: entry.kind.clone(),
            origin: entry.list_origin(),
            flags,
            date: None,
            day: None,
        });
    }
    // Hits come in text order, so this is almost always sorted already.
    let order = |m: &Mention| (m.first, std::cmp::Reverse(m.end));
    if !mentions.windows(2).all(|w| order(&w[0]) <= order(&w[1])) {
        mentions.sort_by_key(order);
    }
    extend_titles_by_rank(text, tokens, seg, &mut mentions);

    // Coverage: token → lexicon mention index.
    covered.clear();
    covered.resize(tokens.len(), None);
    for (i, m) in mentions.iter().enumerate() {
        for k in m.first..m.end {
            covered[k as usize].get_or_insert(i as u32);
        }
    }
    let mut removed = vec![false; mentions.len()];
    let mut found: Vec<Mention> = Vec::with_capacity(tokens.len() / 8);

    // 2. Name patterns, sentence by sentence (headlines excepted).
    for (si, sentence) in seg.sentences.iter().enumerate() {
        if sentence.headline {
            continue;
        }
        let range = sentence.tokens.clone();
        let mut k = range.start;
        while k < range.end {
            // "Rahimah binti Abdul Latif": a one-word place right before "bin"/"binti" and a
            // capitalised word is a given name (the gazetteer holds many), not the place.
            if let Some(mi) = covered[k] {
                let m = &mentions[mi as usize];
                if m.label == MentionLabel::Place
                    && m.first as usize == k
                    && m.end as usize == k + 1
                    && k + 2 < range.end
                    && PATRONYMIC_PARTICLES.contains(&tokens[k + 1].text(text))
                    && tokens[k + 2].capitalised
                    && covered[k + 1].is_none()
                {
                    removed[mi as usize] = true;
                    covered[k] = None;
                }
            }
            // Title + name: "Vice Premier He Lifeng", "President Donald Trump".
            if let Some(mi) = covered[k] {
                // "The Commissioner for the Environment and Water Resources, X": a portfolio
                // written out after the title, then a comma and a name, is part of the title.
                if mentions[mi as usize].label == MentionLabel::Title
                    && mentions[mi as usize].first as usize == k
                {
                    let named_place = |c: &Option<u32>| {
                        c.is_some_and(|c| {
                            matches!(
                                mentions[c as usize].label,
                                MentionLabel::Place | MentionLabel::Organization
                            )
                        })
                    };
                    let title_end = mentions[mi as usize].end as usize;
                    // "Minister of Foreign Affairs and International Cooperation X": portfolio
                    // words belong to the title, the name follows them; "Ambassador of Denmark
                    // to India Mette Lindgaard": so does a posting.
                    let extended =
                        portfolio_end(text, tokens, facts, lexicon, title_end, range.end)
                            .filter(|&end| !covered[title_end..end].iter().any(named_place))
                            .or_else(|| {
                                portfolio_run_end(
                                    text,
                                    tokens,
                                    facts,
                                    lexicon,
                                    (mentions[mi as usize].first as usize, title_end),
                                    range.end,
                                )
                            })
                            .or_else(|| {
                                lower_case_portfolio_end(
                                    text,
                                    tokens,
                                    facts,
                                    (mentions[mi as usize].first as usize, title_end),
                                    range.end,
                                )
                                .filter(|&end| !covered[title_end..end].iter().any(named_place))
                            })
                            .or_else(|| {
                                posting_end(text, tokens, facts, &mentions, covered, mi, range.end)
                            });
                    if let Some(end) = extended {
                        for c in covered[title_end..end].iter().flatten() {
                            removed[*c as usize] = true;
                        }
                        covered[title_end..end].fill(Some(mi));
                        let title = &mut mentions[mi as usize];
                        title.end = end as u32;
                        title.end_byte = tokens[end - 1].end;
                    }
                }
                let m = &mentions[mi as usize];
                // "Turki bin Sultan al-Mutairi": a one-word title right after a name's "bin"
                // and before a further name word is the father's name, not a title.
                if m.label == MentionLabel::Title
                    && m.first as usize == k
                    && m.end as usize == k + 1
                    && k >= range.start + 2
                    && PATRONYMIC_PARTICLES.contains(&tokens[k - 1].text(text))
                    && tokens[k - 2].capitalised
                    && k + 1 < range.end
                    && (is_name_word(facts, k + 1) || facts[k + 1].has(bit::PARTICLE))
                {
                    removed[mi as usize] = true;
                    covered[k] = None;
                    k += 1;
                    continue;
                }
                if m.label == MentionLabel::Title && m.first as usize == k {
                    // "Kenya's Cabinet Secretary for Health, Aden Duale": the name may follow
                    // the title after a comma.
                    let after_comma = m.end as usize + 1;
                    let starts_name = |j: usize| {
                        j < range.end
                            && is_name_word(facts, j)
                            && !facts[j].has(bit::STOPWORD)
                            && facts[j].month().is_none()
                            && facts[j].weekday().is_none()
                    };
                    // "Ambassador to China Mutale Chisenga", "Ambassador of the Republic of
                    // Chile Ignacio Valdés": the country a title is posted to or speaks for,
                    // then the name.
                    let posted_name = {
                        let mut p = m.end as usize;
                        // Written as one capitalised title ("Ambassador to China"), and no
                        // organisation's name after the place ("president of the Chesapeake
                        // Longshore Workers Union").
                        let linked = p + 1 < range.end
                            && tokens[k].capitalised
                            && !tokens[p].capitalised
                            && matches!(tokens[p].text(text), "to" | "of");
                        p += 1;
                        if linked && p < range.end && tokens[p].text(lower) == "the" {
                            p += 1;
                        }
                        linked
                            .then(|| covered.get(p).copied().flatten())
                            .flatten()
                            .map(|c| &mentions[c as usize])
                            .filter(|pm| {
                                pm.label == MentionLabel::Place
                                    && !pm.flags.demonym
                                    && pm.first as usize == p
                            })
                            .map(|pm| pm.end as usize)
                            .filter(|&e| {
                                starts_name(e)
                                    && covered[e].is_none()
                                    // "Governor of Kwara State, X": one word set off by a
                                    // comma ends the place's name, the name follows.
                                    && !(e + 1 < range.end && tokens[e + 1].text(text) == ",")
                                    && !(e..(e + 5).min(range.end))
                                        .take_while(|&q| is_name_word(facts, q))
                                        .any(|q| facts[q].has(bit::ORG_CUE_ANY_CASE))
                                    // "President of the Nigeria Women's Handball
                                    // Federation": a possessive goes on with a name.
                                    && !(e..range.end)
                                        .find(|&q| !is_name_word(facts, q))
                                        .is_some_and(|q| {
                                            matches!(tokens[q].text(text), "'s" | "\u{2019}s")
                                        })
                            })
                    };
                    // "\"Mama\" Grace Wanjiru", "Chief (Mrs) Folake Adebayo-Williams": an
                    // honorific in quotation marks, or a second one (or a qualifier of the
                    // office) in brackets, before the name.
                    let enclosed_name = {
                        let e = m.end as usize;
                        let word = |j: usize| {
                            if j < range.end {
                                tokens[j].text(text)
                            } else {
                                ""
                            }
                        };
                        let quoted = k > range.start
                            && matches!(tokens[k - 1].text(text), "\"" | "\u{201c}")
                            && matches!(word(e), "\"" | "\u{201d}");
                        let bracketed_title_end = (word(e) == "(")
                            .then(|| covered.get(e + 1).copied().flatten())
                            .flatten()
                            .map(|c| &mentions[c as usize])
                            .filter(|t| t.label == MentionLabel::Title && t.first as usize == e + 1)
                            .map(|t| t.end as usize)
                            .filter(|&te| word(te) == ")");
                        // "India's Secretary (East) X", "Additional Secretary (Consular) X":
                        // one or two capitalised words in brackets qualify the office.
                        // "Lt Gen (retd) X", "Maj Gen (Retd.) Y": a listed word (and its dot)
                        // saying the holder has left the post does too.
                        let bracketed_qualifier_end = (word(e) == "(")
                            .then(|| (e + 2..(e + 4).min(range.end)).find(|&q| word(q) == ")"))
                            .flatten()
                            .filter(|&q| {
                                (e + 1..q).all(|x| tokens[x].capitalised)
                                    || lexicon
                                        .title_qualifiers
                                        .contains(word(e + 1).to_lowercase().as_str())
                                        && (q == e + 2 || q == e + 3 && word(e + 2) == ".")
                            });
                        if quoted && starts_name(e + 1) {
                            Some(e + 1)
                        } else {
                            bracketed_title_end
                                .or(bracketed_qualifier_end)
                                .map(|te| te + 1)
                                .filter(|&s| starts_name(s))
                        }
                    };
                    let name_start = if let Some(start) = posted_name.or(enclosed_name) {
                        start
                    } else if after_comma < range.end
                        && tokens[after_comma - 1].text(text) == ","
                        && starts_name(after_comma)
                    {
                        after_comma
                    } else {
                        m.end as usize
                    };
                    let mut j = name_start;
                    let mut name_end = j;
                    // Five words at most, the hyphens of hyphenated parts not counted ("Dr.
                    // Hisham Abdel-Rahman El-Sayed").
                    let words_in = |from: usize, to: usize| {
                        to - from - (from..to).filter(|&q| facts[q].has(bit::HYPHEN)).count()
                    };
                    while j < range.end && words_in(name_start, name_end) < 5 {
                        let t = tokens[j];
                        let w = t.text(text);
                        // A town's name after a title is a person's name ("Secretary of State
                        // John Harlow"); countries, organisations and titles are not.
                        // After a first name word, a one-word place is a surname
                        // ("Prime Minister Luís Montenegro").
                        // Before an unknown capitalised word, a one-word place is a first name
                        // ("Foreign Minister Israel Katz", "Aden Duale").
                        // "Foreign Minister María José Castañeda de León": so is one after
                        // the name's particles.
                        let after_name = name_end == j
                            || name_end > name_start
                                && (name_end..j).all(|q| facts[q].has(bit::PARTICLE));
                        let surname_place = |cm: &Mention| {
                            after_name
                                && cm.label == MentionLabel::Place
                                && !cm.flags.demonym
                                && cm.first as usize == j
                                && cm.end as usize == j + 1
                                && (name_end > name_start
                                    || j + 1 < range.end
                                        && is_name_word(facts, j + 1)
                                        && covered[j + 1].is_none()
                                        && !facts[j + 1].has(bit::STOPWORD))
                        };
                        // "chief minister A Revanth Reddy": an initial without a dot, not
                        // the article (which is not capitalised after a title).
                        let initial_a = |j: usize| {
                            w == "A"
                                && j == m.end as usize
                                && j + 1 < range.end
                                && is_name_word(facts, j + 1)
                                && !facts[j + 1].has(bit::STOPWORD)
                        };
                        // "Hisham bin Haji Ibrahim", "Norhayati binti Hajah Aminah": a
                        // one-word title between a name's particle and a further name word
                        // is part of the father's name, not a new title.
                        let title_after_particle = |cm: &Mention| {
                            cm.label == MentionLabel::Title
                                && j > name_start
                                && facts[j - 1].has(bit::PARTICLE)
                                && cm.first as usize == j
                                && cm.end as usize == j + 1
                                && j + 1 < range.end
                                && is_name_word(facts, j + 1)
                        };
                        let is_covered_name = covered[j].is_some_and(|c| {
                            let cm = &mentions[c as usize];
                            !title_after_particle(cm)
                                && matches!(
                                    cm.label,
                                    MentionLabel::Place
                                        | MentionLabel::Organization
                                        | MentionLabel::Title
                                        | MentionLabel::Topic
                                )
                                && !cm.flags.metonym
                                && !is_minor_town(lexicon, cm)
                                && !surname_place(cm)
                        });
                        // "Communist Party chief To Lam": a short capitalised stopword
                        // after a title and before a name is a family name ("He", "To").
                        let stopword_surname = |j: usize| {
                            w.len() <= 3
                                && t.capitalised
                                && !w.bytes().all(|b| b.is_ascii_uppercase())
                                && j + 1 < range.end
                                && is_name_word(facts, j + 1)
                                && !facts[j + 1].has(bit::STOPWORD)
                        };
                        if is_name_word(facts, j)
                            && !is_covered_name
                            && !(j == name_end
                                && facts[j].has(bit::STOPWORD)
                                && w != "He"
                                && !initial_a(j)
                                && !stopword_surname(j))
                        {
                            j += 1;
                            name_end = j;
                        } else if let Some(after) = (name_end == j && j > name_start)
                            .then(|| nickname_end(text, tokens, facts, j, range.end))
                            .flatten()
                        {
                            // Commissioner Ray "Bud" Tolliver: the nickname is skipped.
                            j = after;
                        } else if facts[j].has(bit::PARTICLE)
                            && (name_end > name_start || j == name_start)
                            && particles_then_name(tokens, facts, j, range.end)
                        {
                            // "Foreign Minister Ali bin Hamad", and a surname that opens with
                            // its particle: "Minister al-Shaibani", "President von der Leyen".
                            j += 1;
                        } else if facts[j].has(bit::HYPHEN)
                            && !t.space_before
                            && (name_end == j || facts[j - 1].has(bit::PARTICLE))
                            && j > name_start
                            && tokens.get(j + 1).is_some_and(|n| {
                                !n.space_before && n.kind == TokenKind::Word && j + 1 < range.end
                            })
                        {
                            // "Kim Dong-jun", "Jean-Pierre": a hyphenated part of the name.
                            j += 2;
                            name_end = j;
                        } else {
                            break;
                        }
                    }
                    // "General Motors executive X": a capitalised title followed by an
                    // organisation cue alone is the organisation's name, not a person's; so
                    // is a run of three or more words the cue ends ("Queen Elizabeth High
                    // School"; "Judge Ellen Court" is a person).
                    let org_kind = (name_start == m.end as usize
                        && (name_end == name_start + 1 || name_end >= name_start + 3)
                        && tokens[k].capitalised
                        && facts[name_end - 1].has(bit::ORG_CUE_ANY_CASE | bit::LONG))
                    .then(|| lexicon.org_cues.get(tokens[name_end - 1].text(text)))
                    .flatten();
                    // "chief executive of market leader Savanna Mobile": after a lower-case
                    // title, two or more capitalised words a company's cue ends (no surname)
                    // name the company; the title is a description of it, not a holder's.
                    let company_after_lower_title = org_kind.is_none()
                        && name_start == m.end as usize
                        && name_end >= name_start + 2
                        && !tokens[k].capitalised
                        && facts[name_end - 1].has(bit::ORG_CUE_ANY_CASE | bit::LONG)
                        && !lexicon.surnames.contains(tokens[name_end - 1].text(text))
                        && lexicon
                            .org_cues
                            .get(tokens[name_end - 1].text(text))
                            .is_some_and(|kind| kind == "company");
                    if company_after_lower_title {
                        for ci in covered[name_start..name_end].iter().flatten() {
                            removed[*ci as usize] = true;
                        }
                        let mut company = span_mention(
                            tokens,
                            name_start,
                            name_end,
                            si,
                            MentionLabel::Organization,
                            "pattern:org-cue",
                        );
                        company.kind = Some("company".to_string());
                        found.push(company);
                        k = name_end;
                        continue;
                    }
                    // "a dance in the Premier Hall", "at the President Hotel": after an
                    // article, a capitalised title followed by a venue cue alone names the
                    // venue ("Senator Hall" without the article stays a person).
                    let venue_after_article = name_start == m.end as usize
                        && name_end == name_start + 1
                        && tokens[k].capitalised
                        && k > range.start
                        && facts[k - 1].has(bit::DETERMINER)
                        && lexicon.venue_cues.contains(tokens[name_start].text(text));
                    // "King Khalid International Airport": a name after a title that ends in
                    // a venue cue no one bears as a surname ("Secretary John Hall" is a
                    // person) is the venue, title included.
                    let last = tokens[name_end - 1].text(text);
                    let named_venue = name_end >= name_start + 2
                        && tokens[k].capitalised
                        && facts[name_end - 1].has(bit::VENUE_CUE_ANY_CASE | bit::LONG)
                        && lexicon.venue_cues.contains(last)
                        && !lexicon.venue_heads.contains(last)
                        && !lexicon.surnames.contains(last);
                    // "a clinic in Sheikh Othman", "across Sultan Kudarat": a title that is
                    // part of a person's name, with a name after it that is no known given
                    // name, right after a preposition of place and owning nothing, names the
                    // place called after that person ("in King Charles's speech" stays his).
                    let place_after_preposition = name_start == m.end as usize
                        && name_end > name_start
                        && tokens[k].capitalised
                        && m.kind.as_deref() == Some("name")
                        && k > range.start
                        && PLACE_PREPOSITIONS.contains(&tokens[k - 1].text(text))
                        // "faith in Pope Francis": a known given name keeps the person.
                        && !lexicon.is_given_name(tokens[name_start].text(text))
                        && !tokens.get(name_end).is_some_and(|n| {
                            is_possessive_mark(n.text(text))
                        });
                    // The title and the words after it name a venue or an organisation.
                    let named_thing = if venue_after_article {
                        Some((
                            MentionLabel::Place,
                            "pattern:venue-cue",
                            "venue".to_string(),
                        ))
                    } else if let Some(kind) = org_kind {
                        Some((MentionLabel::Organization, "pattern:org-cue", kind.clone()))
                    } else if named_venue {
                        Some((
                            MentionLabel::Place,
                            "pattern:venue-cue",
                            "venue".to_string(),
                        ))
                    } else if place_after_preposition {
                        Some((
                            MentionLabel::Place,
                            "pattern:place-after-preposition",
                            "locality".to_string(),
                        ))
                    } else {
                        None
                    };
                    if let Some((label, origin, kind)) = named_thing {
                        for ci in covered[k..name_end].iter().flatten() {
                            removed[*ci as usize] = true;
                        }
                        let mut thing = span_mention(tokens, k, name_end, si, label, origin);
                        thing.kind = Some(kind);
                        found.push(thing);
                        k = name_end;
                        continue;
                    }
                    // "Minister for Climate Change, X": a portfolio word the title did not
                    // take, set off by a comma, ends the portfolio; X is the name.
                    // "Minister for Digital Transformation and the Civil Service, X": so does
                    // one that "and" joins to more of the portfolio.
                    let portfolio_tail = name_end == name_start + 1
                        && name_start == m.end as usize
                        && tokens
                            .get(name_end)
                            .is_some_and(|n| matches!(n.text(text), "," | "and" | "&"))
                        && [name_start, name_start - 1]
                            .iter()
                            .all(|&q| lexicon.is_portfolio_word(tokens[q].text(text)));
                    // "Bulacan mayor, DPWH execs inspect": an acronym alone after a title
                    // written in lower or mixed case is an agency, not the holder's name.
                    let acronym_alone = name_end == name_start + 1 && {
                        let w = tokens[name_start].text(text);
                        w.len() >= 3
                            && w.bytes().all(|b| b.is_ascii_uppercase())
                            && !tokens[m.first as usize]
                                .text(text)
                                .bytes()
                                .all(|b| !b.is_ascii_lowercase())
                    };
                    // "the IAEA General Conference": a word that alone names no one is
                    // no holder's name after a title.
                    let no_name_alone = name_end == name_start + 1
                        && never_a_name_alone(text, tokens, facts, lexicon, name_start);
                    // "Gen Z", "Plan B": a single letter alone after a title is a label, not
                    // the holder's name.
                    let letter_alone = name_end == name_start + 1
                        && tokens[name_start].text(text).chars().count() == 1;
                    if name_end > name_start
                        && !portfolio_tail
                        && !acronym_alone
                        && !no_name_alone
                        && !letter_alone
                    {
                        let first = name_start;
                        for ci in covered[first..name_end].iter().flatten() {
                            removed[*ci as usize] = true;
                        }
                        found.push(span_mention(
                            tokens,
                            first,
                            name_end,
                            si,
                            MentionLabel::Person,
                            "pattern:title-name",
                        ));
                        k = name_end;
                        continue;
                    }
                    k = m.end as usize;
                    continue;
                }
            }
            // A capitalised run, with connectors inside.
            if is_name_word(facts, k) {
                let start = k;
                let mut j = k + 1;
                let mut last_name = k;
                // Paulo "Pipo" Esteves: a nickname in quotation marks after the first name
                // makes the run one person's name.
                let mut nicknamed = false;
                while j < range.end {
                    let t = tokens[j];
                    let title_here = covered[j].is_some_and(|c| {
                        mentions[c as usize].label == MentionLabel::Title
                            && mentions[c as usize].first as usize == j
                    });
                    if title_here {
                        break;
                    }
                    if is_name_word(facts, j) {
                        last_name = j;
                        j += 1;
                    } else if let Some(after) = (!nicknamed
                        && last_name + 1 == j
                        && j - start <= 2
                        && !facts[start].has(bit::STOPWORD)
                        && (start..j).all(|q| is_name_word(facts, q)))
                    .then(|| nickname_end(text, tokens, facts, j, range.end))
                    .flatten()
                    {
                        nicknamed = true;
                        j = after;
                    } else if let Some(after) = (t.text(text) == ","
                        && (start..j).any(|q| tokens[q].text(text) == "of")
                        && (start..j).any(|q| {
                            facts[q].has(bit::ORG_CUE_ANY_CASE | bit::LONG)
                                && lexicon.org_cues.contains_key(tokens[q].text(text))
                        }))
                    .then(|| {
                        listed_body_end(text, tokens, facts, j, range.end, |q| {
                            let guessed_word = |c: u32| {
                                let m = &mentions[c as usize];
                                m.origin == "tagger" && m.end == m.first + 1
                            };
                            covered[q].is_some_and(|c| {
                                matches!(
                                    mentions[c as usize].label,
                                    MentionLabel::Title | MentionLabel::Person
                                ) && !guessed_word(c)
                            }) || facts[q].has(bit::GIVEN_NAME_ANY_CASE | bit::LONG)
                                && lexicon.is_given_name(tokens[q].text(text))
                        })
                    })
                    .flatten()
                    {
                        // "National Union of Mine, Metal, Steel and Allied Workers": a body
                        // named after a list of trades is one name.
                        last_name = after - 1;
                        j = after;
                    } else if joined_by_inner_particle(tokens, facts, j, range.end) {
                        // "Ata-ul-Haq", "Mujib-ur-Rahman": two names joined by a lower-case
                        // particle between hyphens are one name.
                        last_name = j + 3;
                        j += 4;
                    } else if (facts[j].has(bit::CONNECTOR) && !nicknamed
                        || (facts[j].has(bit::HYPHEN) && !t.space_before))
                        && j + 1 < range.end
                        && (is_name_word(facts, j + 1)
                            || facts[j].has(bit::PARTICLE)
                                && particles_then_name(tokens, facts, j, range.end))
                    {
                        j += 1;
                    } else if facts[j].has(bit::HYPHEN)
                        && !t.space_before
                        && last_name + 1 == j
                        && j + 1 < range.end
                        && !tokens[j + 1].space_before
                        && is_given_name_syllable(text, &tokens[j + 1], lexicon)
                    {
                        // "Kim Hong-il": a hyphenated given name ends in lower case.
                        last_name = j + 1;
                        j += 2;
                        // A family name and such a given name is a whole name: "Park Cheol-hee
                        // and Koichi Mizushima" is two people, not one run to split.
                        if j - 3 > start
                            && hyphenated_given_name(text, tokens, facts, lexicon, j - 3, start)
                        {
                            break;
                        }
                    } else {
                        break;
                    }
                }
                let run_end = last_name + 1;
                if nicknamed && run_end > start + 2 {
                    for ci in covered[start..run_end].iter().flatten() {
                        removed[*ci as usize] = true;
                    }
                    found.push(span_mention(
                        tokens,
                        start,
                        run_end,
                        si,
                        MentionLabel::Person,
                        "pattern:nickname",
                    ));
                    k = run_end;
                    continue;
                }
                // "Yoon Jae-hyeok", "Moon Jae-in": a family name, then a given name joined by
                // a hyphen to a lower-case syllable.
                // The run may already end in the syllable ("Kim Hong-il" above).
                let given_at = if run_end >= start + 3 && facts[run_end - 2].has(bit::HYPHEN) {
                    run_end - 3
                } else {
                    run_end - 1
                };
                let syllable_name = (given_at > start
                    && given_at + 2 < range.end
                    && hyphenated_given_name(text, tokens, facts, lexicon, given_at, start))
                .then(|| (given_at - 1, given_at + 3))
                .filter(|&(family, _)| covered[family].is_none() && covered[family + 1].is_none());
                let typed_end = syllable_name.map_or(run_end, |(family, _)| family);
                // A body named with "'s" and its cue after the run ("Christian People's
                // Union") takes the cue in: the run goes on after it.
                let mut next = run_end;
                if typed_end > start {
                    let ctx = RunContext {
                        text,
                        tokens,
                        facts,
                        lexicon,
                        lex: &mentions,
                        si,
                        sentence_start: range.start,
                    };
                    type_run(ctx, covered, &mut removed, &mut found, start, typed_end);
                    if let Some(m) = found.last().filter(|m| m.end as usize > run_end) {
                        next = m.end as usize;
                    }
                }
                if let Some((family, end)) = syllable_name {
                    found.push(span_mention(
                        tokens,
                        family,
                        end,
                        si,
                        MentionLabel::Person,
                        "pattern:given-name",
                    ));
                    k = end;
                    continue;
                }
                k = next;
                continue;
            }
            k += 1;
        }
    }

    // 3. Pronouns (a pronoun is one token, so the tokens the patterns' names cover are
    // marked once rather than searched per token).
    in_found.clear();
    in_found.resize(tokens.len(), false);
    for f in &found {
        in_found[f.first as usize..f.end as usize].fill(true);
    }
    let mut cursor = 0;
    for (si, sentence) in seg.sentences.iter().enumerate() {
        for &k in within(&document_facts.pronouns, &sentence.tokens, &mut cursor) {
            let k = k as usize;
            if covered[k].is_some() || in_found[k] {
                continue;
            }
            let (label, possessive) = match facts[k].code(bit::PRONOUN, bit::PRONOUN_SHIFT) {
                1 => (MentionLabel::Person, false),
                2 => (MentionLabel::Person, true),
                3 => (MentionLabel::Organization, false),
                4 => (MentionLabel::Organization, true),
                // "I", "me": the speaker of a quotation (resolution decides who, if anyone).
                5 if tokens[k].capitalised || tokens[k].end - tokens[k].start == 2 => {
                    (MentionLabel::Person, false)
                }
                _ => continue,
            };
            let mut m = span_mention(tokens, k, k + 1, si, label, "pronoun");
            m.flags.pronoun = true;
            m.flags.possessive = possessive;
            m.flags.first_person = facts[k].code(bit::PRONOUN, bit::PRONOUN_SHIFT) == 5;
            found.push(m);
        }
    }

    // 4. Dates, from the tokens that may begin one.
    let mut cursor = 0;
    for (si, sentence) in seg.sentences.iter().enumerate() {
        let range = sentence.tokens.clone();
        let starts = within(&document_facts.date_starts, &range, &mut cursor);
        if starts.is_empty() {
            continue;
        }
        dates.clear();
        dates::find_dates(text, tokens, facts, starts, range, reference, dates);
        for d in dates.drain(..) {
            let mut m = span_mention(tokens, d.first, d.end, si, MentionLabel::Date, "date");
            m.date = d.value;
            m.day = d.day;
            found.push(m);
        }
    }

    // 5. The statistical tagger: spans nothing else typed.
    let mut dropped = vec![false; found.len()];
    if let Some(tagger) = tagger {
        // Only sentences with a capitalised word nothing has typed need the tagger.
        typed.clear();
        typed.resize(tokens.len(), false);
        for (m, r) in mentions.iter().zip(&removed) {
            if !r {
                typed[m.first as usize..m.end as usize].fill(true);
            }
        }
        for m in found.iter().filter(|m| m.label != MentionLabel::Misc) {
            typed[m.first as usize..m.end as usize].fill(true);
        }
        // Surnames of the persons the patterns found: their repeats need no tagger.
        let surnames: Vec<&str> = found
            .iter()
            .filter(|m| m.label == MentionLabel::Person && m.end > m.first + 1)
            .map(|m| tokens[m.end as usize - 1].text(text))
            .collect();
        let mut tagged_surnames: Vec<&str> = Vec::new();
        let mut words: Vec<&str> = Vec::new();
        let mut index = TagIndex::new(tokens.len(), &found);
        for (si, sentence) in seg.sentences.iter().enumerate() {
            if sentence.headline {
                continue;
            }
            let untyped_name = sentence.tokens.clone().any(|k| {
                let t = &tokens[k];
                t.capitalised
                    && t.kind == TokenKind::Word
                    && !typed[k]
                    && !(k == sentence.tokens.start && facts[k].has(bit::STOPWORD))
                    && !surnames.contains(&t.text(text))
            });
            if !untyped_name {
                continue;
            }
            words.clear();
            words.extend(sentence.tokens.clone().map(|k| tokens[k].text(text)));
            let tight_hyphen = |k: usize| {
                let t = &tokens[sentence.tokens.start + k];
                t.text(text) == "-" && !t.space_before
            };
            let known_surname = |w: &str| surnames.contains(&w) || tagged_surnames.contains(&w);
            let spans = split_named_pairs(tagger.tag(&words), &words, known_surname, tight_hyphen);
            // The persons the tagger names in full tell later sentences' family names.
            tagged_surnames.extend(
                spans
                    .iter()
                    .filter(|s| s.label == MentionLabel::Person && s.end > s.start + 1)
                    .map(|s| words[s.end - 1]),
            );
            let spans = join_hyphenated(
                spans,
                tight_hyphen,
                |k| tokens[sentence.tokens.start + k].space_before,
                |k| matches!(tokens[sentence.tokens.start + k].text(text), "al" | "el"),
                |k| PATRONYMIC_PARTICLES.contains(&tokens[sentence.tokens.start + k].text(text)),
                |k| {
                    sentence.tokens.start + k < sentence.tokens.end && {
                        let t = &tokens[sentence.tokens.start + k];
                        t.kind == TokenKind::Word && t.capitalised
                    }
                },
            );
            for span in spans {
                let (first, end) = (
                    sentence.tokens.start + span.start,
                    sentence.tokens.start + span.end,
                );
                if end > sentence.tokens.end || first >= end {
                    continue;
                }
                // A lone capitalised common word opening the sentence is no name ("Later, …").
                if first == sentence.tokens.start
                    && end == first + 1
                    && facts[first].has(bit::STOPWORD)
                {
                    continue;
                }
                if sentence.headline {
                    continue;
                }
                // "Conseil du Café-Cacao", "meet Finch-Adjei again" (only "Adjei" tagged): no
                // name begins inside a hyphenated word whose first part the tagger left out (the
                // whole word stays the capitalised mention the patterns found).
                if first >= sentence.tokens.start + 2
                    && facts[first - 1].has(bit::HYPHEN)
                    && !tokens[first - 1].space_before
                    && !tokens[first].space_before
                    && tokens[first - 2].kind == TokenKind::Word
                    && tokens[first - 2].capitalised
                {
                    continue;
                }
                // "sub-Saharan Africa", "trans-Pacific": a word glued by a hyphen to a
                // prefix of place opens a region's or a route's name, no person's.
                if first >= sentence.tokens.start + 2
                    && facts[first - 1].has(bit::HYPHEN)
                    && !tokens[first - 1].space_before
                    && !tokens[first].space_before
                    && PLACE_PREFIXES.contains(&tokens[first - 2].text(text))
                {
                    continue;
                }
                // Trailing clitics and punctuation are not part of a name.
                let mut end = end;
                while end > first + 1
                    && matches!(
                        tokens[end - 1].text(text),
                        "'s" | "’s" | "'" | "’" | "," | "." | "-"
                    )
                {
                    end -= 1;
                }
                // A person's name holds no free-standing lower-case word but a particle: in
                // "Ruto hosts Abiy as Horn of Africa tensions rise" the name ends before "as".
                if span.label == MentionLabel::Person {
                    if let Some(k) = (first + 1..end).find(|&k| {
                        tokens[k].kind == TokenKind::Word
                            && !tokens[k].capitalised
                            && tokens[k].space_before
                            && !facts[k].has(bit::PARTICLE)
                    }) {
                        end = k;
                    }
                }
                // A capitalised common word opening the sentence is not part of a name
                // ("Later Moreno held talks"); a hyphenated tail is ("Park Min-jun").
                let mut first = first;
                // A person's name holds no comma: in "the chief executive for Asante Akim
                // North, Hon. Comfort Owusu-Ansah" the name is what follows the last one.
                if span.label == MentionLabel::Person {
                    if let Some(k) = (first + 1..end)
                        .rev()
                        .find(|&k| tokens[k].text(text) == ",")
                    {
                        first = k + 1;
                    }
                }
                // "Joining Armistead were ...", "Speaking Tuesday, Okafor said": a sentence's
                // opening participle is no part of a name either.
                if first == sentence.tokens.start
                    && end > first + 1
                    && (facts[first].has(bit::STOPWORD)
                        || is_opening_participle(lexicon, tokens[first].text(text)))
                {
                    first += 1;
                }
                // "T. V. Narendran": an initial right before the one the tagger began the
                // name with belongs to the name.
                let is_initial = |k: usize| {
                    let w = tokens[k].text(text).as_bytes();
                    w.len() == 2 && w[0].is_ascii_uppercase() && w[1] == b'.'
                };
                while span.label == MentionLabel::Person
                    && first > sentence.tokens.start
                    && is_initial(first)
                    && is_initial(first - 1)
                    && covered[first - 1].is_none()
                {
                    first -= 1;
                }
                // "In April Zhou wrote to the exchange": a month's name right after a
                // preposition of time is the date, and the name starts after it.
                if span.label == MentionLabel::Person
                    && first > sentence.tokens.start
                    && first + 1 < end
                    && facts[first].month().is_some()
                    && MONTH_PREPOSITIONS
                        .iter()
                        .any(|p| tokens[first - 1].text(text).eq_ignore_ascii_case(p))
                {
                    first += 1;
                }
                while span.label == MentionLabel::Person
                    && end + 1 < sentence.tokens.end
                    && tokens[end].text(text) == "-"
                    && !tokens[end].space_before
                    && !tokens[end + 1].space_before
                    && tokens[end + 1].kind == TokenKind::Word
                {
                    end += 2;
                }
                // "the Oscar-nominated director", "a Grammy-winning singer": a name joined to a
                // participle modifies what follows; it names no one.
                if span.label == MentionLabel::Person
                    && end >= first + 3
                    && tokens[end - 2].text(text) == "-"
                    && is_participle(tokens[end - 1].text(text))
                {
                    continue;
                }
                // "before Christmas", "on Friday": a word that alone names no one.
                if end == first + 1
                    && (facts[first].weekday().is_some()
                        || (span.label == MentionLabel::Person
                            && never_a_name_alone(text, tokens, facts, lexicon, first)))
                {
                    continue;
                }
                // "after Typhoon Kristine struck", "Hurricane Helene": a storm's name (or an
                // operation's), with or without the word that opens it.
                if span.label == MentionLabel::Person
                    && (lexicon.event_heads.contains(tokens[first].text(text))
                        || first > sentence.tokens.start
                            && lexicon.event_heads.contains(tokens[first - 1].text(text)))
                {
                    continue;
                }
                // "visited Masdar City": no one's name ends with a word that alone names no
                // one, unless it is also a surname ("Tom Christmas").
                let last = tokens[end - 1].text(text);
                if span.label == MentionLabel::Person
                    && end > first + 1
                    && lexicon.not_names_alone.contains(last)
                    && !lexicon.surnames.contains(last)
                {
                    continue;
                }
                // "Anka UCAVs", "the new F-16 jets for Air Force MPs": a plural acronym (capitals
                // and a final "s") names things or a group, never one person.
                if span.label == MentionLabel::Person && is_plural_acronym(last) {
                    continue;
                }
                // "in the Parreirinha de Alfama.": a name right after "the" and before the
                // end of a clause is a place's or a body's ("the Trump administration" is
                // still Trump's, as the model's attributive words tell).
                if span.label == MentionLabel::Person
                    && first > sentence.tokens.start
                    && tokens[first - 1].text(text) == "the"
                    && tokens.get(end).map_or(true, |n| {
                        n.kind != TokenKind::Word || facts[end].has(bit::STOPWORD)
                    })
                {
                    continue;
                }
                // "two people familiar with it tell Westminster Morning.", "an official told
                // Defence Weekly that": a name told something and ending the clause, opened by
                // no known given name, is the outlet reporting it, not a person.
                if span.label == MentionLabel::Person
                    && first > sentence.tokens.start
                    && TELLING_VERBS.contains(&tokens[first - 1].text(text))
                    && !lexicon.is_given_name(tokens[first].text(text))
                    // "Putin told Erdogan that": one known surname alone is a person's.
                    && (end > first + 1 || !lexicon.surnames.contains(tokens[first].text(text)))
                    && tokens.get(end).map_or(true, |n| {
                        n.kind != TokenKind::Word || n.text(text) == "that"
                    })
                {
                    continue;
                }
                let label = if span.label == MentionLabel::Person
                    && end == first + 1
                    && first > sentence.tokens.start
                    && (REGION_PREPOSITIONS.contains(&tokens[first - 1].text(text))
                        || hometown_aside(text, tokens, first, end))
                {
                    MentionLabel::Place
                } else if span.label == MentionLabel::Person
                    && end >= first + 2
                    && first > sentence.tokens.start
                    && PLACE_PREPOSITIONS.contains(&tokens[first - 1].text(text))
                    && (!lexicon.is_given_name(tokens[first].text(text))
                        || article_opens_place(text, tokens, first))
                    && !tokens
                        .get(end)
                        .is_some_and(|n| is_possessive_mark(n.text(text)))
                {
                    // "a facility in Batu Kawan", "the club's offices in Al Rayyan": a name
                    // of two or more words after a preposition of place, opened by no known
                    // given name and owning nothing, is the place's ("confidence in Elon Musk"
                    // keeps the person by his given name).
                    MentionLabel::Place
                } else if span.label == MentionLabel::Person
                    && end >= first + 2
                    && first > sentence.tokens.start
                    && tokens[first - 1].text(text).eq_ignore_ascii_case("the")
                    && !lexicon.is_given_name(tokens[first].text(text))
                    && !covered[first]
                        .is_some_and(|c| mentions[c as usize].label == MentionLabel::Title)
                {
                    // "for The Water Year", "the Silver Lake": a name takes no article, so
                    // words after "the" that no given name opens are a title or a thing's name.
                    MentionLabel::Misc
                } else if span.label == MentionLabel::Person
                    && end == first + 1
                    && first > sentence.tokens.start
                    && tokens[first - 1].text(text).eq_ignore_ascii_case("the")
                    && !lexicon.is_given_name(tokens[first].text(text))
                    && tokens
                        .get(end)
                        .is_some_and(|t| t.kind == TokenKind::Word && !t.capitalised)
                    && !covered[first]
                        .is_some_and(|c| mentions[c as usize].label == MentionLabel::Title)
                {
                    // "met the Kusasi claimant, Y", "the Obama administration": one word
                    // after "the" and before a lower-case noun qualifies the noun; it names no
                    // one present.
                    MentionLabel::Misc
                } else if span.label == MentionLabel::Person
                    && names_an_organisation(
                        text,
                        tokens,
                        lexicon,
                        first..end,
                        sentence.tokens.start,
                    )
                {
                    MentionLabel::Organization
                } else if span.label == MentionLabel::Person
                    && end == first + 1
                    && first >= sentence.tokens.start + 3
                    && tokens[first - 1].text(text) == "and"
                    && (covered[first - 2].map(|c| &mentions[c as usize]))
                        .into_iter()
                        .chain(found.iter().rev())
                        .any(|p| {
                            p.label == MentionLabel::Place
                                && !p.flags.demonym
                                && p.end as usize == first - 1
                                && p.first as usize > sentence.tokens.start
                                && PLACE_PREPOSITIONS
                                    .contains(&tokens[p.first as usize - 1].text(text))
                        })
                {
                    // "help desks in Al Awir and Deira": one word joined by "and" to a place
                    // named after a preposition of place is another place.
                    MentionLabel::Place
                } else {
                    span.label
                };
                if label == MentionLabel::Person
                    && opens_portfolio_title(text, tokens, lexicon, &mentions, covered, end)
                {
                    continue;
                }
                apply_tag(
                    tokens,
                    facts,
                    &mentions,
                    covered,
                    &mut removed,
                    &mut found,
                    &mut index,
                    first,
                    end,
                    si,
                    label,
                );
            }
        }
        dropped = index.dropped;
    }
    // "Aissatou Diallo-Fall, chief executive of the fund, held talks": a capitalised run of two
    // words or more that neither the lists nor the tagger typed, set off by a title of a body,
    // is a person's name. "the late Tame Horomona": whom "the late" names is a person who
    // died, whatever the tagger made of the name.
    for (m, d) in found.iter_mut().zip(&dropped) {
        if *d {
            continue;
        }
        let first = m.first as usize;
        if m.label == MentionLabel::Misc
            && m.origin == "pattern:capitalised"
            && bare_title_apposition(text, tokens, &mentions, &removed, m)
        {
            m.label = MentionLabel::Person;
            m.origin = "pattern:apposition";
        } else if m.origin == "tagger"
            && matches!(m.label, MentionLabel::Organization | MentionLabel::Place)
            && first >= 2
            && tokens[first - 1].text(text) == "late"
            && matches!(
                tokens[first - 2].text(text),
                "the" | "The" | "her" | "his" | "their" | "Her" | "His" | "Their"
            )
        {
            m.label = MentionLabel::Person;
        }
    }

    // A date is not a place ("in March 2023").
    in_date.clear();
    in_date.resize(tokens.len(), false);
    for d in found.iter().filter(|d| d.label == MentionLabel::Date) {
        in_date[d.first as usize..d.end as usize].fill(true);
    }
    for (m, r) in mentions.iter().zip(removed.iter_mut()) {
        if m.label == MentionLabel::Place
            && in_date[m.first as usize..m.end as usize].contains(&true)
        {
            *r = true;
        }
    }
    // The kept lexicon mentions, then the others, in order of (first token, longest first,
    // label), stable: sorted as packed keys carrying their position rather than by moving
    // whole mentions around.
    let mut pool: Vec<Option<Mention>> = Vec::with_capacity(mentions.len() + found.len());
    pool.extend(
        mentions
            .into_iter()
            .zip(removed)
            .filter(|(_, r)| !r)
            .map(|(m, _)| Some(m)),
    );
    pool.extend(
        found
            .into_iter()
            .zip(dropped)
            .filter(|(_, d)| !d)
            .map(|(m, _)| Some(m)),
    );
    let mut order: Vec<u128> = pool
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.as_ref().map(|m| sort_key(m, i)))
        .collect();
    order.sort_unstable();
    let mut all: Vec<Mention> = Vec::with_capacity(order.len());
    all.extend(
        order
            .iter()
            .filter_map(|&key| pool.get_mut(key as u32 as usize).and_then(Option::take)),
    );
    all.dedup_by(|b, a| a.first == b.first && a.end == b.end && a.label == b.label);
    relabel_named_organisations(text, tokens, lexicon, &mut all);
    split_title_of_body_names(text, tokens, lexicon, &mut all);
    // "Sheinbaum-era veteran takes over", "a Biden-backed candidate": a person's name (or a
    // capitalised word not typed yet) glued by a hyphen to a lower-case word modifies what
    // follows; it tells of no one taking part.
    all.retain(|m| {
        !(matches!(m.label, MentionLabel::Person | MentionLabel::Misc)
            && !m.flags.pronoun
            && glued_to_lower_case_word(text, tokens, m.end as usize))
    });
    all
}

/// Whether a hyphen without spaces joins the token before `at` to a lower-case word at
/// `at + 1` ("Sheinbaum-era", "Trump-backed").
fn glued_to_lower_case_word(text: &str, tokens: &[Token], at: usize) -> bool {
    let (Some(hyphen), Some(next)) = (tokens.get(at), tokens.get(at + 1)) else {
        return false;
    };
    hyphen.text(text) == "-"
        && !hyphen.space_before
        && !next.space_before
        && next.kind == TokenKind::Word
        && next
            .text(text)
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
}

/// A capitalised "-ing" word no name list knows ("Joining", "Speaking"), as a sentence opens
/// with a participle.
fn is_opening_participle(lexicon: &Lexicon, word: &str) -> bool {
    word.len() >= 6 && word.ends_with("ing") && !lexicon.is_person_name(word)
}

/// "Speaker of the State Great Khural (Parliament) of Mongolia Tsogtbaatar Munkhjargal
/// received", "President of the European Council Henrik Solvang said": in the official style a
/// title, "of" and the body it is held in run straight into the holder's name, and the tagger
/// (or the organisation-cue pattern) reads the body and the name as one. A name it proposes after such a title chain that ends
/// in two or three capitalised words (no cue, no place, none opening the body's name after
/// "of" or "the") ends with the person, whom this splits off; the words before stay the body's
/// (or the place's, when they are a known place).
fn split_title_of_body_names(
    text: &str,
    tokens: &[Token],
    lexicon: &Lexicon,
    all: &mut Vec<Mention>,
) {
    let mut i = 0;
    while i < all.len() {
        if let Some((body, person)) = title_of_body_split(text, tokens, lexicon, all, i) {
            match body {
                Some(body) => {
                    all[i] = body;
                    all.insert(i + 1, person);
                    i += 1;
                }
                None => all[i] = person,
            }
        }
        i += 1;
    }
}

/// The body (if any words of it are left) and the person [`split_title_of_body_names`] makes
/// of `all[i]`, when it is such a name.
fn title_of_body_split(
    text: &str,
    tokens: &[Token],
    lexicon: &Lexicon,
    all: &[Mention],
    i: usize,
) -> Option<(Option<Mention>, Mention)> {
    let m = &all[i];
    if !matches!(m.origin, "tagger" | "pattern:org-cue") || m.end < m.first + 3 {
        return None;
    }
    let (first, end) = (m.first as usize, m.end as usize);
    let word = |k: usize| tokens[k].text(text);
    // The holder's name: up to three capitalised words at the end, none a cue or a place,
    // none right after a word that opens the body's name.
    let mut tail = end;
    let mut name_words = 0;
    while tail > first + 1 && name_words < 3 {
        let mut k = tail - 1;
        // "Ritu Malhotra-Sen": a hyphenated surname is one word of the name.
        if k >= first + 3
            && word(k - 1) == "-"
            && !tokens[k].space_before
            && !tokens[k - 1].space_before
            && tokens[k].kind == TokenKind::Word
            && tokens[k].capitalised
        {
            k -= 2;
        }
        let t = &tokens[k];
        if t.kind != TokenKind::Word
            || !t.capitalised
            || lexicon.org_cues.contains_key(word(k))
            || lexicon.lookup(LexLabel::Place, word(k)).is_some()
            || lexicon.is_stopword(word(k))
            || matches!(word(k - 1), "of" | "the" | "and" | "for" | "(" | "-")
        {
            break;
        }
        tail = k;
        name_words += 1;
    }
    if name_words < 2 || tail <= first {
        return None;
    }
    // What ends the body right before the name: a cue, a known place, a closing bracket or a
    // portfolio ("the Department of Revenue X").
    let before = word(tail - 1);
    if !(lexicon.org_cues.contains_key(before)
        || lexicon.lookup(LexLabel::Place, before).is_some()
        || before == ")"
        || lexicon.is_portfolio_word(before))
    {
        return None;
    }
    // A title, "of", and then nothing but the body's words up to (and inside) this mention.
    let title = all[..i]
        .iter()
        .rev()
        .take_while(|t| t.sentence == m.sentence)
        .find(|t| t.label == MentionLabel::Title)?;
    let title_end = title.end as usize;
    // "Joint Secretary in the Department of Revenue X": a post inside the body.
    if title_end >= first || !matches!(word(title_end), "of" | "in") {
        return None;
    }
    // The official style capitalises the title and puts no article before it ("the newly
    // appointed director of the Nairobi National Museum" describes, and names no one after).
    let title_first = title.first as usize;
    if !tokens[title_first].capitalised
        || title_first > 0
            && matches!(
                word(title_first - 1).to_lowercase().as_str(),
                "the" | "a" | "an" | "its" | "his" | "her" | "their" | "whose" | "our"
            )
    {
        return None;
    }
    if (tail..end).any(|k| lexicon.not_names_alone.contains(word(k))) {
        return None;
    }
    let body_word = |k: usize| {
        let t = &tokens[k];
        t.kind == TokenKind::Word && t.capitalised
            || matches!(word(k), "of" | "the" | "and" | "(" | ")" | "-")
    };
    if !(title_end + 1..tail).all(body_word) {
        return None;
    }
    let person = Mention {
        first: tail as u32,
        start_byte: tokens[tail].start,
        label: MentionLabel::Person,
        origin: "pattern:title-of-body-name",
        entry: None,
        kind: None,
        ..m.clone()
    };
    // The body's own words: after any bracket, without an opening "of" or "the".
    let mut body_first = (first..tail)
        .rev()
        .find(|&k| matches!(word(k), "(" | ")"))
        .map_or(first, |k| k + 1);
    while body_first < tail && matches!(word(body_first), "of" | "the") {
        body_first += 1;
    }
    let body = (body_first < tail).then(|| {
        let place = lexicon.lookup(
            LexLabel::Place,
            &text[tokens[body_first].start as usize..tokens[tail - 1].end as usize],
        );
        Mention {
            first: body_first as u32,
            end: tail as u32,
            start_byte: tokens[body_first].start,
            end_byte: tokens[tail - 1].end,
            label: if place.is_some() {
                MentionLabel::Place
            } else {
                MentionLabel::Organization
            },
            entry: place,
            kind: place.and_then(|id| lexicon.entry(id).kind.clone()),
            ..m.clone()
        }
    });
    Some((body, person))
}

/// "the Japanese shipbuilder Hanshin Marine ... Hanshin Marine's president": a name of two or
/// more words the tagger took for a person's or a place's is the organisation's when another
/// mention of the same words in the document is read as an organisation (by a cue, a
/// description or what it owns), unless it opens with a known given name. Without this the
/// entity would take the label of whichever mention came first.
fn relabel_named_organisations(
    text: &str,
    tokens: &[Token],
    lexicon: &Lexicon,
    all: &mut [Mention],
) {
    let organisation_names: Vec<&str> = all
        .iter()
        .filter(|m| {
            m.label == MentionLabel::Organization && m.end >= m.first + 2 && !m.flags.pronoun
        })
        .map(|m| m.text(text))
        .collect();
    if organisation_names.is_empty() {
        return;
    }
    for m in all.iter_mut() {
        if matches!(m.label, MentionLabel::Person | MentionLabel::Place)
            && m.origin == "tagger"
            && m.end >= m.first + 2
            && !lexicon.is_given_name(tokens[m.first as usize].text(text))
            && organisation_names.contains(&m.text(text))
        {
            m.label = MentionLabel::Organization;
        }
    }
    relabel_organisation_short_forms(text, tokens, lexicon, all);
}

/// Capitalised ranks that make another office of a listed title they precede ("Deputy
/// Executive Director", "Acting Director", "Vice-Minister" being listed whole).
const TITLE_RANKS: &[&str] = &[
    "Deputy",
    "Vice",
    "Acting",
    "Interim",
    "Assistant",
    "Associate",
];

/// "Frontex Deputy Executive Director Carmen X", "Acting Director Y": a capitalised rank right
/// before a listed title, in its sentence and inside no other mention, is part of the title, so
/// that the title is read whole (an affiliation before it then qualifies the title, and the
/// rank is no name). `mentions` is sorted by first token.
fn extend_titles_by_rank(text: &str, tokens: &[Token], seg: &Segmented, mentions: &mut [Mention]) {
    let mut covered_to = 0usize;
    for m in mentions.iter_mut() {
        let sentence_start = seg
            .sentences
            .get(m.sentence as usize)
            .map_or(0, |s| s.tokens.start);
        if m.label == MentionLabel::Title {
            let mut first = m.first as usize;
            while first > sentence_start.max(covered_to)
                && tokens[first - 1].capitalised
                && TITLE_RANKS.contains(&tokens[first - 1].text(text))
            {
                first -= 1;
            }
            if first < m.first as usize {
                m.first = first as u32;
                m.start_byte = tokens[first].start;
            }
        }
        covered_to = covered_to.max(m.end as usize);
    }
}

/// "Seattle-based Pacific Crest Airlines ... Pacific Crest's partner", "founding Hadeda
/// Aerospace ... Hadeda has raised": a company named in full with a company cue is later
/// called by the words before the cue, which the tagger or a name pattern may take for a
/// person's name. Such a short form is the organisation's when it opens with no known given
/// name and no person named in the document has it inside a longer name ("Ford Foundation"
/// does not make Harrison Ford's "Ford" a body). A one-word short form counts only where no
/// title names it ("President Carter" of the Carter Center stays the person).
fn relabel_organisation_short_forms(
    text: &str,
    tokens: &[Token],
    lexicon: &Lexicon,
    all: &mut [Mention],
) {
    let company_cue = |k: usize| {
        lexicon
            .org_cues
            .get(tokens[k].text(text))
            .is_some_and(|kind| kind == "company")
    };
    // The words of each company's name before its first cue ("Hengtai" of Hengtai Aviation
    // Leasing), and their openings of two words or more ("Voa Brasil" of Voa Brasil Linhas
    // Aereas).
    let mut short_forms: Vec<&str> = Vec::new();
    for m in all.iter().filter(|m| {
        m.label == MentionLabel::Organization
            && !m.flags.pronoun
            && m.end >= m.first + 2
            && matches!(m.origin, "pattern:org-cue" | "tagger")
    }) {
        let first = m.first as usize;
        let Some(cue_at) = (first + 1..m.end as usize).find(|&k| company_cue(k)) else {
            continue;
        };
        if !(first..cue_at).all(|k| tokens[k].capitalised && tokens[k].kind == TokenKind::Word) {
            continue;
        }
        // A name opening with a known given name stands for the company only in words that
        // make no person's name: "Delta Crest" of Delta Crest Petroleum ("Crest" is no family
        // name), not "John Lewis" of the John Lewis Partnership.
        let given_opener = lexicon.is_given_name(tokens[first].text(text));
        for end in first + 1..=cue_at {
            // One word stands for the company only when it is all the name has before the cue.
            if end == first + 1 && cue_at > first + 1 {
                continue;
            }
            if given_opener
                && (end == first + 1 || lexicon.surnames.contains(tokens[end - 1].text(text)))
            {
                continue;
            }
            let short = &text[tokens[first].start as usize..tokens[end - 1].end as usize];
            if !short_forms.contains(&short) {
                short_forms.push(short);
            }
        }
    }
    if short_forms.is_empty() {
        return;
    }
    // Words that persons' names of two or more words hold.
    let person_words: Vec<&str> = all
        .iter()
        .filter(|m| m.label == MentionLabel::Person && !m.flags.pronoun && m.end >= m.first + 2)
        .map(|m| m.text(text))
        .filter(|name| !short_forms.contains(name))
        .flat_map(|name| name.split(' '))
        .collect();
    for m in all.iter_mut() {
        let tagged_place = m.label == MentionLabel::Place && m.origin == "tagger";
        if !(m.label == MentionLabel::Person || tagged_place)
            || m.flags.pronoun
            || m.entry.is_some()
        {
            continue;
        }
        let name = m.text(text);
        if !short_forms.contains(&name)
            || name.split(' ').any(|w| person_words.contains(&w))
            || m.end == m.first + 1 && m.origin == "pattern:title-name"
        {
            continue;
        }
        m.label = MentionLabel::Organization;
    }
}

/// (first token, end token descending, label, position) packed so that integer order is
/// that order.
fn sort_key(m: &Mention, position: usize) -> u128 {
    u128::from(m.first) << 96
        | u128::from(u32::MAX - m.end) << 64
        | (m.label as u128) << 32
        | position as u128
}

trait CoverageExt {
    fn is_none_or_town(&self, lex: &[Mention], lexicon: &Lexicon) -> bool;
}

impl CoverageExt for Option<u32> {
    /// Uncovered, or covered by a town's name.
    fn is_none_or_town(&self, lex: &[Mention], lexicon: &Lexicon) -> bool {
        match self {
            None => true,
            Some(c) => is_minor_town(lexicon, &lex[*c as usize]),
        }
    }
}

/// How much larger the usual reading of a place name may be than a reading in one of the
/// document's countries for the latter still to win ("Hyderabad" in a story on Pakistan,
/// but never Paris, Texas over Paris in a story that names the United States).
const CONTEXT_READING_RATIO: u64 = 20;

/// Country codes the document speaks of: countries and demonyms it names, and the countries
/// of place names with a single reading.
fn document_countries<'l>(lexicon: &'l Lexicon, hits: &[LexMatch], text: &str) -> Vec<&'l str> {
    let mut codes: Vec<&str> = Vec::new();
    for hit in hits {
        let mut places = lexicon
            .candidates(hit, text)
            .filter(|&c| matches!(lexicon.entry(c).label, LexLabel::Place | LexLabel::Demonym));
        let (Some(first_id), None) = (places.next(), places.next()) else {
            continue;
        };
        let first = lexicon.entry(first_id);
        let code = match first.label {
            LexLabel::Demonym => lexicon
                .demonym_place(first_id)
                .and_then(|c| lexicon.entry(c).country.as_deref()),
            _ => first.country.as_deref(),
        };
        if let Some(code) = code {
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
    }
    codes
}

/// Below this population a town does not outweigh a seat of power of the same name.
const SMALL_TOWN: u64 = 100_000;

/// The reading of an ambiguous place name: the first (largest) one, unless it lies outside
/// the document's countries and a reading inside them is not far smaller.
fn pick_place(lexicon: &Lexicon, cands: &[u32], context: &[&str]) -> Option<u32> {
    let mut places = cands
        .iter()
        .copied()
        .filter(|&c| lexicon.entry(c).label == LexLabel::Place);
    let first = places.next()?;
    let in_context = |c: u32| {
        lexicon
            .entry(c)
            .country
            .as_deref()
            .is_some_and(|k| context.contains(&k))
    };
    if in_context(first) {
        return Some(first);
    }
    let usual = lexicon.entry(first).rank;
    places
        .find(|&c| {
            in_context(c) && lexicon.entry(c).rank.saturating_mul(CONTEXT_READING_RATIO) >= usual
        })
        .or(Some(first))
}

/// From `k`, one or more particles ("von der", "de la", "bin") and then a capitalised word.
fn particles_then_name(tokens: &[Token], facts: &[TokenFacts], k: usize, end: usize) -> bool {
    let mut j = k;
    while j < end && j < k + 3 && facts[j].has(bit::PARTICLE) {
        j += 1;
    }
    // "al-Sharaa", "el-Sisi": the particle joined to the name by a hyphen.
    if j > k && j + 1 < end && facts[j].has(bit::HYPHEN) && !tokens[j].space_before {
        j += 1;
    }
    j > k && j < end && is_name_word(facts, j)
}

/// A town (not a capital, not a country) found by the gazetteer: a person's name wins over it.
fn is_minor_town(lexicon: &Lexicon, m: &Mention) -> bool {
    m.label == MentionLabel::Place
        && !m.flags.demonym
        && m.entry.is_some_and(|e| {
            let e = lexicon.entry(e);
            e.kind.as_deref() == Some("city") && e.rank < u64::MAX / 2
        })
}

/// A name in a list after a place preposition: "in London, Geneva, and Stockholm".
fn in_place_list(
    text: &str,
    tokens: &[Token],
    facts: &[TokenFacts],
    first: usize,
    sentence_start: usize,
) -> bool {
    let mut k = first;
    let mut steps = 0;
    while k > sentence_start && steps < 10 {
        k -= 1;
        steps += 1;
        let t = tokens[k];
        let w = t.text(text);
        if matches!(w, "," | "and" | "or") || t.capitalised {
            continue;
        }
        return facts[k].has(bit::LOCATIVE) && k + 1 < first;
    }
    false
}

/// A short lower-case word after a hyphen inside a name ("Yong-hyun", "Hong-il", "Jae-hyeok"),
/// not the head of an English compound ("Smith-led", "Paris-based", "Biden-era": the heads are
/// listed in `compound_heads.txt`).
fn is_given_name_syllable(text: &str, t: &Token, lexicon: &Lexicon) -> bool {
    let w = t.text(text);
    t.kind == TokenKind::Word
        && (2..=5).contains(&w.len())
        && w.bytes().all(|b| b.is_ascii_lowercase())
        && !w.ends_with("ed")
        && !lexicon.compound_heads.contains(w)
}

/// "Thorsrud and Solheim-Bakke went to the ministry": one span the tagger read as a firm
/// ("Thorsrud and Solheim"), each side of its "and" a family name of a person named in full in
/// the document (`known_surname`), is those two persons (the second with the rest of a hyphenated name
/// the span cut). `tight_hyphen(k)` says whether sentence word k is a hyphen joined to both
/// sides.
fn split_named_pairs(
    spans: Vec<TaggedSpan>,
    words: &[&str],
    known_surname: impl Fn(&str) -> bool,
    tight_hyphen: impl Fn(usize) -> bool,
) -> Vec<TaggedSpan> {
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let ands: Vec<usize> = (span.start..span.end)
            .filter(|&k| words[k] == "and")
            .collect();
        if let [and] = ands[..] {
            let mut second_end = span.end;
            while second_end + 1 < words.len() && tight_hyphen(second_end) {
                second_end += 2;
            }
            let known = |k: usize| known_surname(words[k]);
            if and > span.start && and + 1 < span.end && known(and - 1) && known(second_end - 1) {
                out.push(TaggedSpan {
                    start: span.start,
                    end: and,
                    label: MentionLabel::Person,
                });
                out.push(TaggedSpan {
                    start: and + 1,
                    end: second_end,
                    label: MentionLabel::Person,
                });
                continue;
            }
        }
        out.push(span);
    }
    out
}

/// The particles that put a father's name after a given name ("Turki bin Sultan"): what follows
/// them is a name, whatever title it also spells (Welsh "ap": "Rhodri ap Gwilym").
const PATRONYMIC_PARTICLES: [&str; 6] = ["bin", "ibn", "bint", "binti", "binte", "ap"];

/// Joins tagger spans that a tight hyphen splits ("Willem" + "-" + "Alexander" tagged as two
/// names): one name, a person if either part is one, else typed by its last part, the head of
/// an English compound. Two persons' spans around an Arabic article joined by a hyphen
/// ("Fawaz" + "al-" + "Harbi") are one person's name, and so is a person's span and any span
/// after "bin" ("Turki" + "bin" + "Sultan al-Mutairi"). A span that stops at a tight hyphen
/// before a capitalised word nothing tagged takes that word in ("El Amrani" + "-Tazi": the
/// tagger often leaves out the second half of a double-barrelled name).
/// `is_tight_hyphen(k)`, `space_before(k)`, `is_article(k)`, `is_patronymic(k)` and
/// `is_capitalised_word(k)` look at sentence token k.
fn join_hyphenated(
    spans: Vec<TaggedSpan>,
    is_tight_hyphen: impl Fn(usize) -> bool,
    space_before: impl Fn(usize) -> bool,
    is_article: impl Fn(usize) -> bool,
    is_patronymic: impl Fn(usize) -> bool,
    is_capitalised_word: impl Fn(usize) -> bool,
) -> Vec<TaggedSpan> {
    let mut out: Vec<TaggedSpan> = Vec::with_capacity(spans.len());
    let glued_tail = |end: usize, next_start: Option<usize>| {
        // (The word test first: it is false past the sentence's end.)
        is_capitalised_word(end + 1)
            && is_tight_hyphen(end)
            && next_start != Some(end + 1)
            && !space_before(end + 1)
    };
    let mut spans = spans.into_iter().peekable();
    while let Some(mut span) = spans.next() {
        let next_start = spans.peek().map(|s| s.start);
        if span.end > span.start && glued_tail(span.end, next_start) {
            span.end += 2;
        }
        if let Some(last) = out.last_mut() {
            if span.start == last.end + 1 && is_tight_hyphen(last.end) && !space_before(span.start)
            {
                last.end = span.end;
                if last.label != MentionLabel::Person {
                    last.label = span.label;
                }
                continue;
            }
            let article_between = span.start == last.end + 2
                && is_article(last.end)
                && is_tight_hyphen(last.end + 1)
                && !space_before(span.start);
            let patronymic_between = span.start == last.end + 1 && is_patronymic(last.end);
            // What follows "bin" is the father's name however the tagger typed it
            // ("Abdulrahman" + "bin" + "Fahad", the last read as a place); around "al-", one
            // word read otherwise beside a person is that person's name too ("Abdulmalik",
            // read as a firm, + "al-" + "Hamdani").
            let one_word = |s: &TaggedSpan| s.end == s.start + 1;
            let article_joins = article_between
                && (last.label == MentionLabel::Person
                    && (span.label == MentionLabel::Person || one_word(&span))
                    || span.label == MentionLabel::Person && one_word(last));
            // "Zulaikha" (read as a firm) + "binti" + "Abdul Latif": one word before the
            // particle and a person's name after it are one person's name too.
            let patronymic_joins = patronymic_between
                && (last.label == MentionLabel::Person
                    || span.label == MentionLabel::Person && one_word(last));
            if article_joins || patronymic_joins {
                last.end = span.end;
                last.label = MentionLabel::Person;
                continue;
            }
        }
        out.push(span);
    }
    out
}

/// What `apply_tag` consults of the mentions found so far, indexed by token so that a span
/// costs the length of the span rather than a scan of the document's mentions.
struct TagIndex {
    /// Token → how many pattern-typed mentions (not Misc, not Date, not a pronoun) cover it.
    typed_by_pattern: Vec<u32>,
    /// Token → the Misc mention of `found` covering it (`u32::MAX` for none).
    misc_at: Vec<u32>,
    /// Two Misc mentions overlap somewhere: `misc_at` cannot hold both, scan instead.
    misc_overlap: bool,
    /// `found[i]` was taken back by a tagger span (left out of the result).
    dropped: Vec<bool>,
}

impl TagIndex {
    fn new(tokens: usize, found: &[Mention]) -> TagIndex {
        let mut index = TagIndex {
            typed_by_pattern: vec![0; tokens],
            misc_at: vec![u32::MAX; tokens],
            misc_overlap: false,
            dropped: vec![false; found.len()],
        };
        for (i, m) in found.iter().enumerate() {
            index.add(i, m);
        }
        index
    }

    fn add(&mut self, i: usize, m: &Mention) {
        let span = m.first as usize..m.end as usize;
        if m.label == MentionLabel::Misc {
            for slot in &mut self.misc_at[span] {
                if *slot != u32::MAX {
                    self.misc_overlap = true;
                }
                *slot = i as u32;
            }
        } else if m.label != MentionLabel::Date && !m.flags.pronoun {
            for n in &mut self.typed_by_pattern[span] {
                *n += 1;
            }
        }
    }
}

/// Words after which a month's name is a date ("in April", "since May", "by June"), not the
/// given name a tagger may join to the surname after it.
/// Prepositions after which a name is a place's, not a person's ("a clinic in Sheikh Othman",
/// "operators from across Connemara"); "at", "to" and "from" also come before persons.
const PLACE_PREPOSITIONS: &[&str] = &["in", "across", "throughout", "inside", "near"];

/// Whether the name at `first` opens with the Arabic article written apart ("Al", "El") right
/// after a preposition of place or "the": "help desks in Al Awir and Deira", "a clinic in El
/// Obeid", "the Al Awir help desk" name places; the article is not the given name it can also
/// be ("Al Gore").
fn article_opens_place(text: &str, tokens: &[Token], first: usize) -> bool {
    first > 0
        && matches!(tokens[first].text(text), "Al" | "El")
        && (PLACE_PREPOSITIONS.contains(&tokens[first - 1].text(text))
            || tokens[first - 1].text(text) == "the")
        && tokens
            .get(first + 1)
            .is_some_and(|n| n.capitalised && n.space_before)
}

/// Prepositions that put a one-word name the tagger took for a person in a region:
/// "operators from across Connemara" ("in Musk" may be an investment in the person).
/// "UCAVs", "MPs": two or more capitals and a final "s", the plural of an acronym.
fn is_plural_acronym(word: &str) -> bool {
    word.strip_suffix('s')
        .is_some_and(|stem| stem.len() >= 2 && stem.bytes().all(|b| b.is_ascii_uppercase()))
}

/// Prefixes glued by a hyphen to a place's word ("sub-Saharan", "trans-Atlantic").
const PLACE_PREFIXES: &[&str] = &["sub", "trans", "pan", "mid", "Sub", "Trans", "Pan"];

/// A lower-case past or present participle of six letters or more ("nominated", "winning"),
/// the second half of a compound modifier such as "Oscar-nominated".
fn is_participle(word: &str) -> bool {
    word.len() >= 6
        && word.bytes().all(|b| b.is_ascii_lowercase())
        && (word.ends_with("ed") || word.ends_with("ing"))
}

/// Whether a token is a possessive ending ("'s", "'"), straight or curly.
fn is_possessive_mark(word: &str) -> bool {
    matches!(word, "'s" | "\u{2019}s" | "'" | "\u{2019}")
}

/// Verbs whose object is the one told: a reporter or an outlet ("told Reuters").
const TELLING_VERBS: &[&str] = &["tell", "told", "tells", "telling"];

const REGION_PREPOSITIONS: &[&str] = &["across", "throughout"];

/// Whether the one word at `first` is a hometown in an aside after a name: "Mudburra elder
/// Raymond Dixon-Nangala, from Elliott, rose to ..." (", from X," set off by commas).
fn hometown_aside(text: &str, tokens: &[Token], first: usize, end: usize) -> bool {
    first >= 2
        && tokens[first - 1].text(text) == "from"
        && tokens[first - 2].text(text) == ","
        && tokens.get(end).is_some_and(|t| t.text(text) == ",")
}

const MONTH_PREPOSITIONS: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "from",
    "during",
    "through",
    "throughout",
    "last",
    "next",
    "early",
    "late",
    "mid",
    "this",
    "that",
    "before",
    "after",
];

/// Whether the one-word name at `k` is a word that alone names no person: a weekday, or a
/// holiday or common noun of the lexicon's `not_names_alone` list ("On Friday, the envoy …",
/// "the IAEA General Conference", "before Christmas").
fn never_a_name_alone(
    text: &str,
    tokens: &[Token],
    facts: &[TokenFacts],
    lexicon: &Lexicon,
    k: usize,
) -> bool {
    facts[k].weekday().is_some() || lexicon.not_names_alone.contains(tokens[k].text(text))
}

/// Whether a name the tagger took for a person's is an organisation's by what stands around
/// it: right after a lower-case noun that describes an organisation ("drivetrain maker Kessler
/// Antriebstechnik"; descriptions.tsv) or a compound that says where it is based or who owns it
/// ("Turin-based Ferrante Meccanica"; org_compound_heads.txt), or followed by
/// an acronym in brackets made of its initials ("Ilankai Tamil Arasu Kachchi (ITAK)": people
/// are not shortened so), or whose president, board or plant is spoken of ("Hanshin Marine's
/// president"; org_possessed_heads.txt).
fn names_an_organisation(
    text: &str,
    tokens: &[Token],
    lexicon: &Lexicon,
    name: std::ops::Range<usize>,
    sentence_start: usize,
) -> bool {
    let (first, end) = (name.start, name.end);
    let is_organisation_noun = |word: &str| {
        lexicon
            .description(word)
            .is_some_and(|(label, _)| *label == LexLabel::Organization)
    };
    if first > sentence_start {
        let before = &tokens[first - 1];
        // "coach operator Rashid Benali", "exporter Oksana Melnychuk": a noun for one who
        // does something may name a person as well as a firm; a given name and one more
        // word after it are the person's.
        let agent_noun = || before.text(text).ends_with("er") || before.text(text).ends_with("or");
        let given_and_family = || {
            end == first + 2
                && lexicon.is_given_name(tokens[first].text(text))
                && !lexicon.org_cues.contains_key(tokens[first + 1].text(text))
        };
        if before.kind == TokenKind::Word
            && !before.capitalised
            && is_organisation_noun(before.text(text))
            && !(agent_noun() && given_and_family())
        {
            return true;
        }
        // "The provider, Harbourview Care, is run by": the name in apposition to a definite
        // description of an organisation.
        if first >= sentence_start + 3
            && before.text(text) == ","
            && is_organisation_noun(tokens[first - 2].text(text))
            && matches!(tokens[first - 3].text(text), "the" | "The" | "its" | "Its")
            // "the head of the union, Paul Dimitrov": after "of", the name is the one the
            // phrase before "of" describes.
            && !(first >= sentence_start + 4 && tokens[first - 4].text(text) == "of")
        {
            return true;
        }
        // "Turin-based Ferrante Meccanica": a compound that says where a firm is based or who
        // owns it.
        if first >= sentence_start + 2
            && before.kind == TokenKind::Word
            && !before.space_before
            && tokens[first - 2].text(text) == "-"
            && lexicon.org_compound_heads.contains(before.text(text))
        {
            return true;
        }
    }
    // "Al Safwa group chief executive X": a name of two or more words right before a
    // lower-case noun for a firm ("group", "company", "fund") names the firm.
    if end - first >= 2
        && tokens.get(end).is_some_and(|t| {
            t.kind == TokenKind::Word && !t.capitalised && is_organisation_noun(t.text(text))
        })
        && tokens
            .get(end + 1)
            .is_some_and(|t| t.kind == TokenKind::Word && !t.capitalised)
    {
        return true;
    }
    // "Hanshin Marine's president, X": a name of two or more words that opens with no known
    // given name, whose president, board or plant is spoken of.
    let possessed = |k: usize| tokens.get(k).map(|t| t.text(text));
    if end - first >= 2
        && matches!(possessed(end), Some("'s") | Some("’s"))
        && possessed(end + 1).is_some_and(|w| lexicon.org_possessed_heads.contains(w))
        && !lexicon.is_given_name(tokens[first].text(text))
    {
        return true;
    }
    let initials: String = tokens[first..end]
        .iter()
        .filter(|t| t.kind == TokenKind::Word && t.capitalised)
        .filter_map(|t| t.text(text).chars().next())
        .collect();
    let bracketed = |k: usize| tokens.get(k).map(|t| t.text(text));
    initials.chars().count() >= 3
        && bracketed(end) == Some("(")
        && bracketed(end + 2) == Some(")")
        && bracketed(end + 1) == Some(initials.as_str())
}

/// A tagger span: types an unknown name the patterns saw, or adds a name they missed. Patterns
/// keep what they typed; lexicon entries keep their type where they cover the span, and give
/// way only to a longer person or organisation name around them ("Jordan Peterson").
#[allow(clippy::too_many_arguments)]
fn apply_tag(
    tokens: &[Token],
    facts: &[TokenFacts],
    lex_mentions: &[Mention],
    covered: &[Option<u32>],
    removed: &mut [bool],
    found: &mut Vec<Mention>,
    index: &mut TagIndex,
    mut first: usize,
    end: usize,
    si: usize,
    label: MentionLabel,
) {
    if label == MentionLabel::Misc {
        return;
    }
    // A title at the start of the span is not part of the name. Lexicon mentions never
    // overlap (gazetteer hits do not), so the one covering a token is the only one there.
    if let Some(c) = covered[first] {
        let t = &lex_mentions[c as usize];
        if t.first as usize == first && !removed[c as usize] && t.label == MentionLabel::Title {
            first = t.end as usize;
            if first >= end {
                return;
            }
            // "Archbishop of York", "Mayor of London": what follows "of" is the title's
            // affiliation, not a name of its own ("of York" is no organisation).
            if !tokens[first].capitalised
                && facts[first].has(bit::CONNECTOR)
                && !facts[first].has(bit::PARTICLE)
            {
                return;
            }
        }
    }
    let overlaps = |m: &Mention| (m.first as usize) < end && first < m.end as usize;
    if index.typed_by_pattern[first..end].iter().any(|&n| n > 0) {
        return;
    }
    let mut inside: Vec<usize> = Vec::new();
    // The lexicon mentions over the span, in order (each covers a run of its tokens).
    let mut last_seen = None;
    for c in covered[first..end].iter().flatten() {
        if last_seen == Some(*c) {
            continue;
        }
        last_seen = Some(*c);
        let i = *c as usize;
        let m = &lex_mentions[i];
        if removed[i] || !overlaps(m) {
            continue;
        }
        let strictly_inside = (m.first as usize) >= first
            && (m.end as usize) <= end
            && ((m.end - m.first) as usize) < end - first;
        if m.label == MentionLabel::Title || !strictly_inside || label == MentionLabel::Place {
            return;
        }
        inside.push(i);
    }
    for i in inside {
        removed[i] = true;
    }
    if index.misc_overlap {
        for (m, dropped) in found.iter().zip(index.dropped.iter_mut()) {
            if overlaps(m) && m.label == MentionLabel::Misc {
                *dropped = true;
            }
        }
    } else {
        for k in first..end {
            let i = index.misc_at[k];
            if i != u32::MAX {
                index.dropped[i as usize] = true;
                index.misc_at[k] = u32::MAX;
            }
        }
    }
    // "Al-Otaibi and al-Mazrouei have met": a person's surname written with its lower-case
    // particle joined by a hyphen starts at the particle, as the full name it stands for does.
    if label == MentionLabel::Person
        && first >= 2
        && facts[first - 1].has(bit::HYPHEN)
        && !tokens[first - 1].space_before
        && !tokens[first].space_before
        && facts[first - 2].has(bit::PARTICLE)
        && !tokens[first - 2].capitalised
        && covered[first - 2].is_none()
        && covered[first - 1].is_none()
        && index.typed_by_pattern[first - 2..first]
            .iter()
            .all(|&n| n == 0)
    {
        first -= 2;
        // "Ata-ul-Haq Bukhari": a name word glued before the particle opens the name.
        if first >= 2
            && facts[first - 1].has(bit::HYPHEN)
            && !tokens[first - 1].space_before
            && !tokens[first].space_before
            && is_name_word(facts, first - 2)
            && covered[first - 2].is_none()
            && index.typed_by_pattern[first - 2] == 0
        {
            first -= 2;
        }
    }
    let m = span_mention(tokens, first, end, si, label, "tagger");
    index.add(found.len(), &m);
    index.dropped.push(false);
    found.push(m);
}

/// Whether a run the tagger calls a person ends where capitalised portfolio words and a
/// minister's title follow: "Māori Crown Relations Minister Tama Whaanga" names a portfolio
/// ("Māori Crown Relations"), not a person called "Māori Crown".
fn opens_portfolio_title(
    text: &str,
    tokens: &[Token],
    lexicon: &Lexicon,
    lex_mentions: &[Mention],
    covered: &[Option<u32>],
    end: usize,
) -> bool {
    let mut k = end;
    while tokens
        .get(k)
        .is_some_and(|t| t.capitalised && lexicon.is_portfolio_word(t.text(text)))
    {
        k += 1;
    }
    k > end
        && covered.get(k).copied().flatten().is_some_and(|c| {
            let title = &lex_mentions[c as usize];
            title.label == MentionLabel::Title
                && title.first as usize == k
                && tokens
                    .get(title.end as usize)
                    .is_some_and(|t| t.capitalised)
        })
}

fn span_mention(
    tokens: &[Token],
    first: usize,
    end: usize,
    si: usize,
    label: MentionLabel,
    origin: &'static str,
) -> Mention {
    Mention {
        first: first as u32,
        end: end as u32,
        start_byte: tokens[first].start,
        end_byte: tokens[end - 1].end,
        sentence: si as u32,
        label,
        entry: None,
        kind: None,
        origin,
        flags: MentionFlags::default(),
        date: None,
        day: None,
    }
}

/// What [`type_run`] reads about the sentence it types runs of (the same for every piece it
/// splits a run into and types again).
#[derive(Clone, Copy)]
struct RunContext<'a> {
    text: &'a str,
    tokens: &'a [Token],
    facts: &'a [TokenFacts],
    lexicon: &'a Lexicon,
    /// The lexicon's mentions of the document.
    lex: &'a [Mention],
    /// The sentence's index and first token.
    si: usize,
    sentence_start: usize,
}

/// Types a capitalised run: organisation or venue by its cue (overriding lexicon hits inside
/// it), else its uncovered pieces as persons (given name) or unknown names.
fn type_run(
    ctx: RunContext<'_>,
    covered: &mut [Option<u32>],
    removed: &mut [bool],
    found: &mut Vec<Mention>,
    start: usize,
    end: usize,
) {
    let RunContext {
        text,
        tokens,
        facts,
        lexicon,
        lex,
        si,
        sentence_start,
    } = ctx;
    // "Jan-Willem van der Berg": a month's short form that is also a given name, joined by a
    // hyphen to another given name, opens a double given name, not a date.
    let month_given_name = |k: usize| {
        k + 2 < end
            && facts[k + 1].has(bit::HYPHEN)
            && !tokens[k + 1].space_before
            && !tokens[k + 2].space_before
            && lexicon.is_given_name(tokens[k].text(text))
            && lexicon.is_given_name(tokens[k + 2].text(text))
    };
    // Leading stopwords ("The", "But") and calendar words never start a name.
    let mut s = start;
    while s < end {
        let f = facts[s];
        if f.has(bit::STOPWORD)
            || f.month().is_some() && covered[s].is_none() && !month_given_name(s)
            || f.weekday().is_some() && s + 1 < end
            || f.has(bit::CONNECTOR)
            || facts[s].has(bit::HYPHEN)
        {
            s += 1;
        } else {
            break;
        }
    }
    if s >= end {
        return;
    }
    // The cue lists are case-sensitive: the facts say whether a token may be a cue at all.
    let org_kind = (s..end).find_map(|k| {
        if facts[k].has(bit::ORG_CUE_ANY_CASE | bit::LONG) {
            lexicon.org_cues.get(tokens[k].text(text)).cloned()
        } else {
            None
        }
    });
    // "the Christian People's Union", "the Danish People's Party": a run right before "'s" and
    // a party's or a union's cue names that body with it, not a person ("Christian People").
    // "the Southern Chiefs' Alliance", "the Police Officers' Association": a plural before a
    // bare apostrophe does the same (a plural that is no one's name).
    let plural_possessive = || {
        matches!(tokens[end].text(text), "'" | "’")
            && !tokens[end].space_before
            && end > s
            && tokens[end - 1].text(text).ends_with('s')
            && !lexicon.is_person_name(tokens[end - 1].text(text))
    };
    if s == start
        && org_kind.is_none()
        && end + 1 < tokens.len()
        && (matches!(tokens[end].text(text), "'s" | "’s") || plural_possessive())
        && tokens[end + 1].capitalised
        && covered[end + 1].is_none()
        && lexicon
            .org_cues
            .get(tokens[end + 1].text(text))
            .is_some_and(|k| {
                matches!(k.as_str(), "party" | "union" | "alliance" | "movement")
                    || k == "association" && plural_possessive()
            })
    {
        for c in covered[s..end].iter().flatten() {
            removed[*c as usize] = true;
        }
        let mut m = span_mention(
            tokens,
            s,
            end + 2,
            si,
            MentionLabel::Organization,
            "pattern:org-cue",
        );
        m.kind = lexicon.org_cues.get(tokens[end + 1].text(text)).cloned();
        found.push(m);
        return;
    }
    // "Ana Lopes of Kanto Industries": a person's name (a known given name first, no cue
    // before "of") and the organisation after "of" are two names, not one body's.
    if org_kind.is_some() && s == start && lexicon.is_given_name(tokens[s].text(text)) {
        let of_at = (s + 2..end.saturating_sub(1)).find(|&k| tokens[k].text(text) == "of");
        if let Some(of_at) = of_at.filter(|&of_at| {
            !(s..of_at).any(|k| {
                facts[k].has(bit::ORG_CUE_ANY_CASE | bit::LONG)
                    && lexicon.org_cues.contains_key(tokens[k].text(text))
            })
        }) {
            type_run(ctx, covered, removed, found, s, of_at);
            type_run(ctx, covered, removed, found, of_at + 1, end);
            return;
        }
    }
    // "Alphabet Inc.'s Sundar Pichai and Microsoft Corp.": after a possessive, names joined by
    // "and" whose cue comes only after the "and" are a person and a company, not one company.
    if org_kind.is_some() && s == start && s > sentence_start {
        let possessed = matches!(tokens[s - 1].text(text), "'s" | "'" | "’s" | "’");
        let and_at =
            (s + 2..end.saturating_sub(1)).find(|&k| matches!(tokens[k].text(text), "and" | "&"));
        if let Some(a) = and_at.filter(|&a| {
            possessed
                && !(s..a).any(|k| {
                    facts[k].has(bit::ORG_CUE_ANY_CASE | bit::LONG)
                        && lexicon.org_cues.contains_key(tokens[k].text(text))
                })
        }) {
            for (from, to) in [(s, a), (a + 1, end)] {
                type_run(ctx, covered, removed, found, from, to);
            }
            return;
        }
    }
    // "Andreas Pichlmayr for the Civic Party and Leonie Grasböck", "the party's Lower House
    // whip Marco Ugolini and Senate whip Sara Fontanarosa": a name of two or more words opening
    // with a known given name on one side of "and" and a cue only on the other side are a body
    // and a person, not one body. A company's cue after "and" may close a founder's name
    // ("Arthur Andersen and Company"), so that side stays whole.
    if let Some(kind) = org_kind.as_deref().filter(|_| s == start) {
        let and_at =
            (s + 1..end.saturating_sub(1)).find(|&k| matches!(tokens[k].text(text), "and" | "&"));
        let cue_in = |from: usize, to: usize| {
            (from..to).any(|k| {
                facts[k].has(bit::ORG_CUE_ANY_CASE | bit::LONG)
                    && lexicon.org_cues.contains_key(tokens[k].text(text))
            })
        };
        // A portfolio's or a venue's words after the given name make a body's name ("Housing
        // and Urban Development").
        let person_like = |from: usize, to: usize| {
            to >= from + 2
                && lexicon.is_given_name(tokens[from].text(text))
                && (from + 1..to).all(|k| {
                    let w = tokens[k].text(text);
                    facts[k].has(bit::HYPHEN)
                        || facts[k].has(bit::PARTICLE)
                        || is_name_word(facts, k)
                            && !lexicon.is_portfolio_word(w)
                            && !lexicon.venue_cues.contains(w)
                })
        };
        // The cue after "and" only when it qualifies the title that follows the run ("Marco
        // Ugolini and Senate whip Sara Fontanarosa"); otherwise "Long Distance Truck Drivers
        // and Allied Workers Union" is one body.
        let title_follows = covered
            .get(end)
            .copied()
            .flatten()
            .is_some_and(|c| lex[c as usize].label == MentionLabel::Title);
        // "Arthur Andersen and Company": a company's cue alone after "and" closes the name;
        // with a word of its own before it, after a person's name ("John Tanaka and Honda
        // Motor President Toshi Mibe"), it is another name.
        let cue_alone_after = |a: usize| (a + 1..end).all(|k| cue_in(k, k + 1));
        // "Northwind Foods and Bellway Brands": a company's name closed by its cue right before
        // "and" is one firm, and the capitalised words after "and" another.
        let company_closed_before =
            |a: usize| kind == "company" && a >= s + 2 && cue_in(a - 1, a) && !cue_alone_after(a);
        if let Some(a) = and_at.filter(|&a| {
            cue_in(s, a) && !cue_in(a + 1, end) && person_like(a + 1, end)
                || (kind != "company" || !cue_alone_after(a))
                    && title_follows
                    && cue_in(a + 1, end)
                    && !cue_in(s, a)
                    && person_like(s, a)
                || company_closed_before(a)
        }) {
            for (from, to) in [(s, a), (a + 1, end)] {
                type_run(ctx, covered, removed, found, from, to);
            }
            return;
        }
    }
    let has_and = || {
        tokens[s..end]
            .iter()
            .any(|t| matches!(t.text(text), "and" | "&"))
    };
    // "Schumer and House Minority Leader Jeffries": a cue right before a title qualifies the
    // title ("House Minority Leader"); the run lists a name and that affiliation, no venue.
    let cue_qualifies_title = || {
        covered
            .get(end)
            .copied()
            .flatten()
            .is_some_and(|c| lex[c as usize].label == MentionLabel::Title)
            && has_and()
    };
    // "Randy Abbey", "Tony Hall": a given name and a cue that is also a name is a person.
    // "on Clark Street", "along Grant Avenue": after a preposition of streets it is the street.
    let person_named_like_cue = end - s == 2
        && facts[s].has(bit::GIVEN_NAME_ANY_CASE | bit::LONG)
        && lexicon.is_given_name(tokens[s].text(text))
        && lexicon.is_person_name(tokens[end - 1].text(text))
        && !(s > sentence_start
            && matches!(tokens[s - 1].text(text), "on" | "along" | "off" | "onto"));
    // "co-owners Hemi Walker and Sun-Hee Park", "chef Sun-Hee Park": a name ending in a cue that
    // is also a family name, right after a title or after "and" that follows a person just
    // named, is one more person of the list (a given name no list knows, "Sun-Hee", included).
    let person_listed_like_cue = end - s >= 2
        && s == start
        && s > sentence_start
        && lexicon.is_person_name(tokens[end - 1].text(text))
        && (covered[s - 1].is_some_and(|c| lex[c as usize].label == MentionLabel::Title)
            || s > sentence_start + 1
                && matches!(tokens[s - 1].text(text), "and" | "&")
                && found
                    .last()
                    .is_some_and(|m| m.label == MentionLabel::Person && m.end as usize == s - 1));
    // "Benny Hill and Michael Bay": a natural feature's cue is often a surname, so names joined
    // by "and" are never one feature.
    let features_joined = || {
        lexicon
            .natural_features
            .contains(tokens[end - 1].text(text))
            && has_and()
    };
    // "Solberg-Park", "Harris-Hall": a cue joined by a hyphen to the word before it ends a
    // double-barrelled family name, not a venue's name.
    let cue_hyphenated = end >= s + 3
        && facts[end - 2].has(bit::HYPHEN)
        && !tokens[end - 2].space_before
        && !tokens[end - 1].space_before;
    let venue = (facts[end - 1].has(bit::VENUE_CUE_ANY_CASE | bit::LONG)
        && lexicon.venue_cues.contains(tokens[end - 1].text(text))
        && !cue_hyphenated
        && !cue_qualifies_title()
        && !person_named_like_cue
        && !person_listed_like_cue
        && !features_joined()
        || facts[s].has(bit::VENUE_CUE_ANY_CASE | bit::LONG)
            && lexicon.venue_heads.contains(tokens[s].text(text))
            // "Castello and Mellie Cronan": two names, the first a surname like the cue.
            && !has_and()
            // "Castillo-Brandt": a cue that opens a name joined by a hyphen to the next word
            // is the first half of a double-barrelled family name.
            && !(s + 1 < end && facts[s + 1].has(bit::HYPHEN) && !tokens[s + 1].space_before))
        && end - s >= 2;
    // "Al-Azhar", "El-Baradei": a particle written with a capital and joined by a hyphen is
    // the article of the name after it, not the given name it may also be ("Al Gore").
    let given_name = |k: usize| {
        facts[k].has(bit::GIVEN_NAME_ANY_CASE | bit::LONG)
            && lexicon.is_given_name(tokens[k].text(text))
            && !(k > sentence_start && article_opens_place(text, tokens, k))
            && !(k + 1 < end
                && facts[k + 1].has(bit::HYPHEN)
                && !tokens[k + 1].space_before
                && facts::PARTICLES
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(tokens[k].text(text))))
    };
    let covered_by_title =
        (s..end).any(|k| covered[k].is_some_and(|c| lex[c as usize].label == MentionLabel::Title));
    let whole_is_lex = covered[s].is_some_and(|c| {
        lex[c as usize].first as usize == s && lex[c as usize].end as usize == end
    });
    // "for Villarán and Energy and Mines Minister Y": a portfolio word closing a run with "and"
    // right before a title is the title's own portfolio, not a firm's cue.
    let portfolio_of_title = || {
        let title_at = |q: usize| {
            covered
                .get(q)
                .copied()
                .flatten()
                .is_some_and(|c| lex[c as usize].label == MentionLabel::Title)
        };
        // (The title may take more of the portfolio first: "Energy and Mines Minister".)
        let mut q = end;
        if q < tokens.len() && matches!(tokens[q].text(text), "and" | "&") {
            q += 1;
        }
        has_and()
            && lexicon.is_portfolio_word(tokens[end - 1].text(text))
            && (title_at(end) || q > end && title_at(q))
    };
    let body = org_kind.is_some() && !portfolio_of_title();
    if (body || venue) && !whole_is_lex && !covered_by_title && end - s >= 2 {
        for c in covered[s..end].iter().flatten() {
            removed[*c as usize] = true;
        }
        let (label, kind, origin) = if venue {
            (
                MentionLabel::Place,
                Some("venue".to_string()),
                "pattern:venue-cue",
            )
        } else {
            (MentionLabel::Organization, org_kind, "pattern:org-cue")
        };
        let mut m = span_mention(tokens, s, end, si, label, origin);
        m.kind = kind;
        found.push(m);
        return;
    }
    // A given name followed by capitalised words (towns included: "John Harlow") is a person.
    // After a particle inside a name, a one-word city or region is a family name ("Paulo
    // Henrique dos Santos", "Ana de Braga").
    let city_surname = |p: usize| {
        p > 0
            && facts[p - 1].has(bit::PARTICLE)
            && covered[p].is_some_and(|c| {
                let cm = &lex[c as usize];
                cm.label == MentionLabel::Place
                    && !cm.flags.demonym
                    && cm.end as usize == p + 1
                    && matches!(cm.kind.as_deref(), Some("city" | "region"))
            })
    };
    // The kind of the one-word place (no demonym) the gazetteer found at token `p`, if any.
    let one_word_place_kind = |p: usize| {
        covered[p]
            .map(|c| &lex[c as usize])
            .filter(|m| {
                m.label == MentionLabel::Place
                    && !m.flags.demonym
                    && m.first as usize == p
                    && m.end as usize == p + 1
            })
            .and_then(|m| m.entry)
            .map(|e| lexicon.entry(e).kind.as_deref())
    };
    // "Eduardo Camacho Rivas", "Lucía Navarro Murcia": after a given name and another name
    // word, a one-word first-level region is a family name (many are regions' names).
    let region_surname = |p: usize| p >= s + 2 && one_word_place_kind(p) == Some(Some("region"));
    // "Amara Nwosu", "Georgia Kowalczyk": a listed given name that is also a town or region,
    // right before a capitalised word no list knows, opens a person's name (a country never
    // does: "Jordan Valley").
    let given_name_over_place = || {
        s + 1 < end
            && covered[s + 1].is_none()
            && is_name_word(facts, s + 1)
            && one_word_place_kind(s).is_some_and(|kind| kind != Some("country"))
    };
    // "the Golden Bear", "the Dutch Golden Age": a person's name takes no article, so a given
    // name right after "the" opens a work, a prize or an era, unless the name is glued to a
    // compound it modifies ("the Omar Haddad-led delegation").
    let after_article = |k: usize, end: usize| {
        k > sentence_start
            && tokens[k - 1].text(text).eq_ignore_ascii_case("the")
            && !tokens
                .get(end)
                .is_some_and(|t| !t.space_before && t.text(text) == "-")
    };
    let ends_as_no_one = |e: usize| {
        let last = tokens[e - 1].text(text);
        matches!(
            last,
            "County"
                | "City"
                | "Township"
                | "Borough"
                | "Municipality"
                | "Prefecture"
                | "Oblast"
                | "Territory"
                | "Region"
                | "Village"
        ) && !lexicon.surnames.contains(last)
            // "Alberta Municipal Affairs Minister Y": a portfolio right before the minister's
            // title it belongs to.
            || e < tokens.len()
                && covered
                    .get(e)
                    .copied()
                    .flatten()
                    .is_some_and(|c| lex[c as usize].label == MentionLabel::Title)
                && lexicon.is_portfolio_word(last)
                && !lexicon.is_person_name(last)
    };
    if given_name(s) && (covered[s].is_none() || given_name_over_place()) {
        let mut e = s + 1;
        let mut words = 1;
        // "Jan-Pieter Vermeersch", "Hans-Willem Kroes": two given names joined by a hyphen are
        // one given name (Dutch, German and Scandinavian usage).
        if e + 2 < end
            && facts[e].has(bit::HYPHEN)
            && !tokens[e].space_before
            && !tokens[e + 1].space_before
            && given_name(e + 1)
            && is_name_word(facts, e + 2)
        {
            e += 2;
        }
        while e < end && words < 4 {
            if is_name_word(facts, e)
                && (covered[e].is_none_or_town(lex, lexicon)
                    || city_surname(e)
                    || region_surname(e))
            {
                e += 1;
                words += 1;
            } else if facts[e].has(bit::PARTICLE) && particles_then_name(tokens, facts, e, end) {
                // "Luiz Inácio Lula da Silva": particles inside the name; also right after the
                // given name, before a family name that is also a town ("Thijs van 't Hof").
                let mut p = e;
                while facts[p].has(bit::PARTICLE) || facts[p].has(bit::HYPHEN) {
                    p += 1;
                }
                if !(city_surname(p) || covered[p].is_none_or_town(lex, lexicon)) {
                    break;
                }
                e = p;
            } else if e > s + 1
                && facts[e].has(bit::HYPHEN)
                && !tokens[e].space_before
                && e + 1 < end
                && !tokens[e + 1].space_before
                && (is_name_word(facts, e + 1)
                    || is_given_name_syllable(text, &tokens[e + 1], lexicon))
                && covered[e + 1].is_none_or_town(lex, lexicon)
            {
                // "Tomasa Villanueva-Reyes": a hyphenated surname; "Kim Yong-hyun": a
                // hyphenated given name.
                e += 2;
            } else {
                break;
            }
        }
        // "Harris County", "Carson City": a given name before the word for a county, a city
        // or another division opens the division's name, not a person's.
        if e >= s + 2 && !after_article(s, e) && !ends_as_no_one(e) {
            for c in covered[s..e].iter().flatten() {
                removed[*c as usize] = true;
            }
            // "streaming platform Savanna Play": a name right after a noun for an
            // organisation is the organisation's, whatever given name opens it, unless a
            // family name ends it ("documentary maker Rosa Elena Quintero").
            let (label, origin) = if !lexicon.is_person_name(tokens[e - 1].text(text))
                && names_an_organisation(text, tokens, lexicon, s..e, sentence_start)
            {
                (MentionLabel::Organization, "pattern:org-noun")
            } else {
                (MentionLabel::Person, "pattern:given-name")
            };
            found.push(span_mention(tokens, s, e, si, label, origin));
            if e < end {
                type_run(ctx, covered, removed, found, e, end);
            }
            return;
        }
    }
    // Pieces not covered by the lexicon.
    let mut k = s;
    while k < end {
        if covered[k].is_some() || !is_name_word(facts, k) {
            k += 1;
            continue;
        }
        let piece_start = k;
        let mut piece_end = k;
        let mut j = k;
        while j < end && covered[j].is_none() {
            if is_name_word(facts, j) {
                piece_end = j + 1;
            } else if hyphenated_syllable(
                text,
                tokens,
                facts,
                lexicon,
                (piece_start, piece_end),
                j,
                end,
            ) {
                // "Park Ji-hoon", "Kim Jong-un": a given name of two syllables.
                piece_end = j + 2;
                j += 2;
                continue;
            } else if !(facts[j].has(bit::PARTICLE) || facts[j].has(bit::HYPHEN)) {
                break;
            }
            j += 1;
        }
        k = j.max(piece_start + 1);
        // Drop leading stopwords inside the piece.
        let mut ps = piece_start;
        while ps < piece_end && facts[ps].has(bit::STOPWORD) {
            ps += 1;
        }
        if ps >= piece_end {
            continue;
        }
        let at_sentence_start = ps == sentence_start
            || (ps > sentence_start
                && matches!(
                    tokens[ps - 1].text(text),
                    "-" | "•" | "“" | "\"" | "*" | "‘"
                )
                && ps - 1 == sentence_start)
            // "10:48 Separately, ...": a live blog's timestamp opens the entry, so the word
            // after it starts the sentence.
            || (ps == sentence_start + 1 && is_clock_time(tokens[sentence_start].text(text)))
            // "14:40 - Separately, ...": so does a timestamp set off by a dash.
            || (ps == sentence_start + 2
                && is_clock_time(tokens[sentence_start].text(text))
                && matches!(
                    tokens[sentence_start + 1].text(text),
                    "-" | "–" | "—" | ":" | "|"
                ));
        let given = given_name(ps) && !after_article(ps, piece_end);
        if at_sentence_start && piece_end - ps == 1 && !given {
            // A capital at the start of a sentence says nothing; resolution may still
            // recognise it as a known surname.
            let mut m = span_mention(
                tokens,
                ps,
                piece_end,
                si,
                MentionLabel::Misc,
                "pattern:sentence-initial",
            );
            m.flags.dateline = false;
            found.push(m);
            continue;
        }
        let label = if given && piece_end - ps >= 2 && !ends_as_no_one(piece_end) {
            MentionLabel::Person
        } else {
            MentionLabel::Misc
        };
        let origin = if label == MentionLabel::Person {
            "pattern:given-name"
        } else {
            "pattern:capitalised"
        };
        // "met al-Sharif and Okonjo-Grant": a surname written with its particle joined by a
        // hyphen starts at the particle, as the full name it stands for does.
        let ps = if ps >= sentence_start + 2
            && facts[ps - 1].has(bit::HYPHEN)
            && !tokens[ps - 1].space_before
            && !tokens[ps].space_before
            && facts[ps - 2].has(bit::PARTICLE)
            && !tokens[ps - 2].capitalised
        {
            ps - 2
        } else {
            ps
        };
        let mut m = span_mention(tokens, ps, piece_end, si, label, origin);
        // "X said": a two- or three-word name before a speech verb is a person, unless it
        // ends with a word that alone names no one ("the Coordination Headquarters said").
        let last = tokens[piece_end - 1].text(text);
        let ends_as_no_name = (lexicon.not_names_alone.contains(last)
            && !lexicon.surnames.contains(last))
            || is_plural_acronym(last);
        if m.label == MentionLabel::Misc && (2..=3).contains(&(piece_end - ps)) && !ends_as_no_name
        {
            if let Some(next) = facts.get(piece_end) {
                if next.has(bit::SPEECH_VERB) {
                    m.label = MentionLabel::Person;
                    m.origin = "pattern:speaker";
                }
            }
        }
        // Apposition: "X, the Chinese parent company" / "its parent company, X" ("On Friday,
        // the envoy …" names no envoy).
        if m.label == MentionLabel::Misc
            && !(piece_end == ps + 1 && never_a_name_alone(text, tokens, facts, lexicon, ps))
        {
            if let Some((label, kind)) = apposition_type(
                text,
                tokens,
                facts,
                lexicon,
                lex,
                ps..piece_end,
                sentence_start,
            ) {
                m.label = label;
                m.kind = kind;
                m.origin = "pattern:apposition";
            }
        }
        found.push(m);
    }
}

/// "X Y, chief executive of the fund,": a name of two capitalised words or more, the whole run
/// (no capitalised word right before it), set off by a comma and a title of a body (no article,
/// and "of", "at", "for", "in" or a comma after the title: not "Acme, chief executive Y").
fn bare_title_apposition(
    text: &str,
    tokens: &[Token],
    lex: &[Mention],
    removed: &[bool],
    m: &Mention,
) -> bool {
    let (first, end) = (m.first as usize, m.end as usize);
    let words = tokens[first..end]
        .iter()
        .filter(|t| t.kind == TokenKind::Word && t.capitalised)
        .count();
    if words < 2
        || first > 0 && tokens[first - 1].capitalised
        || !tokens.get(end).is_some_and(|t| t.text(text) == ",")
    {
        return false;
    }
    lex.iter()
        .zip(removed)
        .filter(|(t, r)| !**r && t.label == MentionLabel::Title && t.first as usize == end + 1)
        .map(|(t, _)| t.end as usize)
        .max()
        .and_then(|e| tokens.get(e))
        .is_some_and(|t| matches!(t.text(text), "of" | "at" | "for" | "," | "in"))
}

/// Whether a token is a clock time such as "10:48" or "9.15" (a live blog's entry stamp).
fn is_clock_time(word: &str) -> bool {
    let bytes = word.as_bytes();
    let Some(sep) = bytes.iter().position(|&b| b == b':' || b == b'.') else {
        return false;
    };
    let (hours, minutes) = (&bytes[..sep], &bytes[sep + 1..]);
    (1..=2).contains(&hours.len())
        && minutes.len() == 2
        && hours.iter().chain(minutes).all(u8::is_ascii_digit)
}

/// Whether a sentence is written in capitals (a shouted headline or a dateline line), where
/// an upper-case word tells nothing.
fn sentence_in_capitals(text: &str, tokens: &[Token], sentence: &crate::text::Sentence) -> bool {
    sentence.headline
        || !sentence.tokens.clone().any(|k| {
            let t = &tokens[k];
            t.kind == TokenKind::Word && t.text(text).bytes().any(|b| b.is_ascii_lowercase())
        })
}

/// Where a portfolio written out after a title ends ("Commissioner | for the Environment and
/// Water Resources | , Tokunbo Wahab"): "for" or "of", optionally "the", capitalised words
/// joined by "and", "&", "of" or a comma before more of them and "and", then a comma and a
/// capitalised word; or such words up to a given name that opens the holder's name
/// ("Minister of Advanced Education | Dale Kowalchuk"). `None` when the title is not followed
/// by such a portfolio.
fn portfolio_end(
    text: &str,
    tokens: &[Token],
    facts: &[TokenFacts],
    lexicon: &Lexicon,
    title_end: usize,
    sentence_end: usize,
) -> Option<usize> {
    let mut p = title_end;
    if p >= sentence_end {
        return None;
    }
    // A listed portfolio title ("Minister of Finance") may go on with more portfolios
    // (", Budget and National Planning").
    let mut words = usize::from(tokens[title_end - 1].capitalised && tokens[p].text(text) == ",");
    if words == 0 {
        if !matches!(tokens[p].text(text), "for" | "of") {
            return None;
        }
        p += 1;
        if p < sentence_end && tokens[p].text(text) == "the" {
            p += 1;
        }
    }
    // "and", "&" or "of" before a capitalised word ("and the" too: "Art, Culture and the
    // Creative Economy"), or a comma inside a list of portfolios whose next part runs on to
    // "and" ("Finance, Planning and Economic Development").
    let after_and_the = |p: usize| {
        matches!(tokens[p].text(text), "and" | "&")
            && p + 2 < sentence_end
            && tokens[p + 1].text(text) == "the"
            && is_name_word(facts, p + 2)
            && !facts[p + 2].has(bit::STOPWORD)
    };
    let joins_portfolios = |p: usize| match tokens[p].text(text) {
        "and" | "&" | "of" => {
            p + 1 < sentence_end && is_name_word(facts, p + 1) || after_and_the(p)
        }
        "," => {
            let mut q = p + 1;
            while q < sentence_end && is_name_word(facts, q) {
                q += 1;
            }
            q > p + 1 && q < sentence_end && matches!(tokens[q].text(text), "and" | "&")
        }
        _ => false,
    };
    // "Minister of Advanced Education Dale Kowalchuk, Bow Valley president ...": a given name
    // (no portfolio word) before another name word starts the holder's name: the title ends
    // right before it (no comma after the name makes a portfolio of it).
    // Not inside a place's or body's own name ("Member of Parliament for St Catherine South
    // Western", "the Southwest Nova Commercial Fishermen's Association") nor a portfolio
    // ("Foreign and Diaspora Affairs"), and only in a portfolio opened by "of" or "for".
    let opened_by_preposition = words == 0;
    let portfolio_word = |q: usize| lexicon.is_portfolio_word(tokens[q].text(text));
    let starts_name = |p: usize| {
        let name_end = (p + 1..sentence_end)
            .find(|&q| !is_name_word(facts, q))
            .unwrap_or(sentence_end);
        opened_by_preposition
            && is_name_word(facts, p)
            && facts[p].has(bit::GIVEN_NAME_ANY_CASE)
            && name_end > p + 1
            && name_end <= p + 3
            // (After "and", a second name of a list: "of Energy X and Serik Y".)
            && tokens[p - 1].capitalised
            && !matches!(
                tokens[p - 1].text(text),
                "St" | "St."
                    | "Saint"
                    | "Ste"
                    | "Ste."
                    | "San"
                    | "Santa"
                    | "São"
                    | "Mount"
                    | "Port"
                    | "Fort"
                    | "Cape"
                    | "Lake"
            )
            && (p..name_end).all(|q| {
                !portfolio_word(q)
                    && !facts[q].has(bit::ORG_CUE_ANY_CASE)
                    && !facts[q].has(bit::VENUE_CUE_ANY_CASE)
            })
            && !tokens
                .get(name_end)
                .is_some_and(|t| matches!(t.text(text), "'s" | "’s"))
    };
    while p < sentence_end && words < 8 {
        if words > 0 && starts_name(p) {
            return Some(p);
        }
        if is_name_word(facts, p) && !facts[p].has(bit::STOPWORD) {
            words += 1;
            p += 1;
        } else if words > 0 && joins_portfolios(p) {
            p += if after_and_the(p) { 2 } else { 1 };
        } else {
            break;
        }
    }
    (words > 0
        && p + 1 < sentence_end
        && tokens[p].text(text) == ","
        && is_name_word(facts, p + 1)
        && !facts[p + 1].has(bit::STOPWORD))
    .then_some(p)
}

/// Where a portfolio list written in lower case after a title ends, when a comma and a name
/// follow it: "minister of education, culture, sports, science and technology, X", "the
/// commissioner for education, science and technology, Y". The list is opened by "of" or
/// "for" (after the title or inside it), its items are one to three plain words, it closes with
/// "and" and one more item, and the position returned is that of the comma before the name.
/// `None` for anything else (a list without "and" is no portfolio; "for talks, lunch and a
/// tour" has a stopword).
fn lower_case_portfolio_end(
    text: &str,
    tokens: &[Token],
    facts: &[TokenFacts],
    (title_start, title_end): (usize, usize),
    sentence_end: usize,
) -> Option<usize> {
    let plain_word = |q: usize| {
        q < sentence_end
            && !tokens[q].capitalised
            && !facts[q].has(bit::STOPWORD)
            && tokens[q]
                .text(text)
                .chars()
                .all(|c| c.is_alphabetic() || c == '-')
            && tokens[q].text(text).chars().any(char::is_alphabetic)
    };
    // An item: one to three plain words; where it ends.
    let item_end = |q: usize| {
        let mut e = q;
        while e < q + 3 && plain_word(e) {
            e += 1;
        }
        (e > q).then_some(e)
    };
    let mut p = title_end;
    if p < sentence_end && matches!(tokens[p].text(text), "of" | "for") {
        p = item_end(p + 1)?;
    } else {
        // "minister of education": the title's own last word is the first item.
        let opened = (title_start..title_end).any(|q| matches!(tokens[q].text(text), "of" | "for"));
        if !opened || tokens[title_end - 1].capitalised {
            return None;
        }
    }
    let limit = (title_end + 16).min(sentence_end);
    while p + 1 < limit {
        let closed_by_and = match tokens[p].text(text) {
            "," if tokens[p + 1].text(text) == "and" => {
                p = item_end(p + 2)?;
                true
            }
            "," => {
                p = item_end(p + 1)?;
                false
            }
            "and" => {
                p = item_end(p + 1)?;
                true
            }
            _ => return None,
        };
        if closed_by_and {
            return (p + 1 < sentence_end
                && tokens[p].text(text) == ","
                && is_name_word(facts, p + 1)
                && !facts[p + 1].has(bit::STOPWORD))
            .then_some(p);
        }
    }
    None
}

/// Where a portfolio written out after a title ends when the name follows with no comma:
/// "Minister of Development, Industry and Trade X", "Minister of Foreign Affairs and
/// International Cooperation X" — capitalised portfolio words (`portfolio_words`) after "of" or
/// "for", or after a title ending in one, joined by "and", "&", "of" or commas, then a name
/// word that is none. `None` when no such run or no name follows.
fn portfolio_run_end(
    text: &str,
    tokens: &[Token],
    facts: &[TokenFacts],
    lexicon: &Lexicon,
    (title_start, title_end): (usize, usize),
    sentence_end: usize,
) -> Option<usize> {
    let is_portfolio = |q: usize| {
        q < sentence_end
            && tokens[q].capitalised
            && tokens[q].kind == TokenKind::Word
            && lexicon.is_portfolio_word(tokens[q].text(text))
    };
    let mut p = title_end;
    if p >= sentence_end {
        return None;
    }
    // Only a minister's or secretary's title has a portfolio ("Director of the Economic
    // Department" names a department).
    let portfolio_title = (title_start..title_end).any(|q| {
        tokens[q].text(text).eq_ignore_ascii_case("minister")
            || tokens[q].text(text).eq_ignore_ascii_case("secretary")
            || tokens[q].text(text).eq_ignore_ascii_case("commissioner")
    });
    if !portfolio_title {
        return None;
    }
    if matches!(tokens[p].text(text), "of" | "for") {
        p += 1;
        if p < sentence_end && tokens[p].text(text) == "the" {
            p += 1;
        }
        if !is_portfolio(p) {
            return None;
        }
    } else if !(is_portfolio(title_end - 1)
        && (matches!(tokens[p].text(text), "and" | "&" | ",") || is_portfolio(p)))
    {
        // "Minister of Sports Development, X": a listed portfolio title goes on with more
        // portfolio words.
        return None;
    }
    let mut words = 0;
    while p < sentence_end && words < 8 {
        if is_portfolio(p) {
            p += 1;
            words += 1;
        } else if matches!(tokens[p].text(text), "and" | "&" | "," | "of") && is_portfolio(p + 1) {
            p += 1;
        } else {
            break;
        }
    }
    let name_at = |q: usize| {
        q < sentence_end
            && is_name_word(facts, q)
            && !facts[q].has(bit::STOPWORD | bit::ORG_CUE_ANY_CASE)
            && !is_portfolio(q)
    };
    // The name follows, or a comma and then the name, maybe after an honorific ("Minister of
    // Higher Education and Scientific Research, Dr. X").
    let honorific_then_name = |q: usize| {
        q < sentence_end
            && tokens[q].capitalised
            && lexicon
                .lookup(LexLabel::Title, tokens[q].text(text))
                .is_some()
            && name_at(q + 1)
    };
    (words > 0
        && (name_at(p)
            || p < sentence_end
                && tokens[p].text(text) == ","
                && (name_at(p + 1) || honorific_then_name(p + 1))))
    .then_some(p)
}

/// Where a posting written after the title `mi` ends when a name of two words follows it:
/// "Ambassador of Denmark to India Mette Lindgaard", "Envoy to Kenya Ana Ruiz" ("of" or "to" a
/// named place, then maybe "to" another). The name words are capitalised and nothing typed them;
/// a title in lower case needs the second posting.
fn posting_end(
    text: &str,
    tokens: &[Token],
    facts: &[TokenFacts],
    mentions: &[Mention],
    covered: &[Option<u32>],
    mi: u32,
    sentence_end: usize,
) -> Option<usize> {
    let place_end = |p: usize| -> Option<usize> {
        let c = covered.get(p).copied().flatten()?;
        let m = &mentions[c as usize];
        (m.label == MentionLabel::Place && !m.flags.demonym && m.first as usize == p)
            .then_some(m.end as usize)
    };
    let mut p = mentions[mi as usize].end as usize;
    if p + 3 >= sentence_end || !matches!(tokens[p].text(text), "of" | "to") {
        return None;
    }
    p = place_end(p + 1)?;
    let mut second_posting = false;
    if p + 2 < sentence_end && tokens[p].text(text) == "to" {
        if let Some(e) = place_end(p + 1) {
            p = e;
            second_posting = true;
        }
    }
    // A title written in lower case and one place after "of" names no posting but a company
    // or body called after the place ("the chief executive of Kafue Copper Resources", "the
    // head of Kenya Airways"); a capitalised title ("Ambassador of Denmark Ana Ruiz") or a
    // second posting ("ambassador of Denmark to India X") is one.
    if !tokens[mentions[mi as usize].first as usize].capitalised && !second_posting {
        return None;
    }
    let name_word = |j: usize| {
        j < sentence_end
            && is_name_word(facts, j)
            && covered[j].is_none()
            && !facts[j].has(bit::STOPWORD)
    };
    (name_word(p) && name_word(p + 1)).then_some(p)
}

/// Whether the hyphen at `j` joins a short capitalised syllable to a lower-case one in a name
/// of at least two words so far ("Park Ji-hoon", "Yeo Han-koo"), not a compound such as "Ali
/// Khan-led" (see [`is_given_name_syllable`]).
fn hyphenated_syllable(
    text: &str,
    tokens: &[Token],
    facts: &[TokenFacts],
    lexicon: &Lexicon,
    piece: (usize, usize),
    j: usize,
    end: usize,
) -> bool {
    let (piece_start, piece_end) = piece;
    if piece_end != j || piece_end < piece_start + 2 || j + 1 >= end {
        return false;
    }
    let (before, after) = (&tokens[j - 1], &tokens[j + 1]);
    facts[j].has(bit::HYPHEN)
        && !tokens[j].space_before
        && !after.space_before
        && !after.capitalised
        && is_given_name_syllable(text, after, lexicon)
        && before.text(text).len() <= 4
}

fn apposition_type(
    text: &str,
    tokens: &[Token],
    facts: &[TokenFacts],
    lexicon: &Lexicon,
    lex: &[Mention],
    name: std::ops::Range<usize>,
    sentence_start: usize,
) -> Option<(MentionLabel, Option<String>)> {
    let (first, end) = (name.start, name.end);
    // "X, the leader of the rebel alliance": a title as the head noun makes X a person.
    let title_at = |j: usize| {
        lex.iter()
            .any(|m| m.label == MentionLabel::Title && m.first as usize == j)
    };
    // A hyphenated noun the tokeniser split ("start-up"), whole, when `k` is one of its ends.
    let tight = |k: usize| tokens.get(k).is_some_and(|t| !t.space_before);
    let compound_at = |k: usize| -> Option<(usize, usize)> {
        let hyphen = |h: usize| tokens.get(h).is_some_and(|t| t.text(text) == "-");
        if hyphen(k + 1) && tight(k + 1) && tight(k + 2) {
            Some((k, k + 3))
        } else if k >= 2 && hyphen(k - 1) && tight(k - 1) && tight(k) {
            Some((k - 2, k + 1))
        } else {
            None
        }
    };
    let label_of = |k: usize| -> Option<(MentionLabel, Option<String>)> {
        let entry = if facts[k].has(bit::DESCRIPTION | bit::LONG) {
            lexicon.description(tokens[k].text(text))
        } else {
            None
        };
        let entry = entry.or_else(|| {
            let (from, to) = compound_at(k)?;
            let word = &text[tokens[from].start as usize..tokens[to - 1].end as usize];
            lexicon.description(word)
        });
        let (label, kinds) = entry?;
        let l = match label {
            LexLabel::Person => MentionLabel::Person,
            LexLabel::Place => MentionLabel::Place,
            _ => MentionLabel::Organization,
        };
        Some((l, kinds.first().filter(|k| *k != "*").cloned()))
    };
    // After: ", the|a|an (up to 4 words) NOUN"
    if tokens.get(end).is_some_and(|t| t.text(text) == ",") {
        let mut j = end + 1;
        if facts.get(j).is_some_and(|f| f.has(bit::DETERMINER)) {
            j += 1;
            // "X, the Saudi foreign ministry official who ...": a description noun another
            // lower-case noun follows only says which ("ministry" official); it is no head.
            let attributive = |k: usize| {
                tokens.get(k + 1).is_some_and(|n| {
                    n.kind == TokenKind::Word
                        && !n.capitalised
                        && !matches!(
                            n.text(text),
                            "of" | "who"
                                | "which"
                                | "that"
                                | "whose"
                                | "in"
                                | "at"
                                | "for"
                                | "with"
                                | "from"
                                | "and"
                                | "or"
                                | "based"
                                | "since"
                                | "to"
                                | "on"
                                | "by"
                                | "is"
                                | "was"
                                | "has"
                                | "had"
                                | "said"
                                | "says"
                        )
                })
            };
            for _ in 0..5 {
                let Some(t) = tokens.get(j) else { break };
                if title_at(j) {
                    return Some((MentionLabel::Person, None));
                }
                // "X, the firm's head of sourcing": a noun in the possessive right after the
                // article only says whose the head noun after it is.
                if j == end + 2
                    && tokens
                        .get(j + 1)
                        .is_some_and(|n| matches!(n.text(text), "'s" | "’s" | "'" | "’"))
                {
                    j += 2;
                    continue;
                }
                // "X, a former blast furnace operator": what a name was formerly is a person's
                // past trade, so a company noun after "former" types nobody.
                let former = tokens
                    .get(end + 2)
                    .is_some_and(|t| t.text(text).eq_ignore_ascii_case("former"));
                if let Some(found) = label_of(j)
                    .filter(|_| !attributive(j))
                    .filter(|(l, _)| !(former && *l == MentionLabel::Organization))
                {
                    return Some(found);
                }
                // "X, the Saudi foreign ministry official who has steered the talks": "who"
                // after the description speaks of a person.
                if j > end + 2 && t.text(text) == "who" {
                    return Some((MentionLabel::Person, None));
                }
                // The head noun comes before "of": "the head of the group" is not a group.
                if t.kind != TokenKind::Word || t.text(text).eq_ignore_ascii_case("of") {
                    break;
                }
                j += 1;
            }
        }
    }
    // Before: "NOUN, X" (a lower-case noun: in "Hanseong Group, Park Ji-hoon" the capitalised
    // word ends an organisation's name).
    // "the general manager of the Metro company, X": a noun after "of" is not the head.
    let after_of = |noun: usize| {
        (noun.saturating_sub(8).max(sentence_start)..noun)
            .rev()
            .take_while(|&j| tokens[j].text(text) != ",")
            .any(|j| tokens[j].text(text) == "of")
    };
    if first >= sentence_start + 2
        && tokens[first - 1].text(text) == ","
        && !tokens[first - 2].capitalised
        && !after_of(first - 2)
    {
        if let Some(found) = label_of(first - 2) {
            // "the general manager of the metro company, X": the name stands beside the
            // title the phrase opens with, not beside the organisation after its "of".
            let held_title = (first.saturating_sub(12).max(sentence_start)..first - 2)
                .rev()
                .take_while(|&k| tokens[k].text(text) != ",")
                .any(|k| {
                    tokens[k].text(text) == "of"
                        && lex
                            .iter()
                            .any(|m| m.label == MentionLabel::Title && m.end as usize == k)
                });
            if held_title {
                return Some((MentionLabel::Person, None));
            }
            return Some(found);
        }
    }
    // Before, without a comma: "the refugee charity X", "a Lagos start-up X" — a head noun
    // right before the name, opened by a determiner a few lower-case words earlier.
    if first >= sentence_start + 2 && !tokens[first - 1].capitalised {
        if let Some(found) = label_of(first - 1) {
            let opened = (first.saturating_sub(5).max(sentence_start)..first - 1)
                .rev()
                .take_while(|&k| tokens[k].kind == TokenKind::Word)
                .any(|k| facts[k].has(bit::DETERMINER));
            if opened {
                return Some(found);
            }
        }
    }
    None
}

impl lexicon::Entry {
    fn list_origin(&self) -> &'static str {
        match self.list {
            "places" => "lexicon:places",
            "organizations" => "lexicon:organizations",
            "demonyms" => "lexicon:demonyms",
            "metonyms" => "lexicon:metonyms",
            "aliases" => "lexicon:aliases",
            "titles" => "lexicon:titles",
            "topics" => "lexicon:topics",
            _ => "lexicon",
        }
    }
}
