//! Why extraction believes what it does, for one sentence or paragraph (`trace`): tokens,
//! mentions with their source, resolutions, every rule match (selected or not) and the facts.
//! Printed by `newsgraph trace` and the REPL's `:trace`.

use super::assemble;
use super::facts::{EntityRecord, Fact};
use super::Knowledge;
use std::fmt;

/// One rule match as shown in a trace.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceMatch {
    pub rule: String,
    pub priority: i32,
    pub span: String,
    pub trigger: String,
    /// (role, text → entity)
    pub captures: Vec<(String, String)>,
    pub selected: bool,
}

/// The trace of one text.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    pub tokens: Vec<String>,
    /// (text, label, origin, entity name or "-", how it was resolved)
    pub mentions: Vec<(String, String, String, String, String)>,
    pub matches: Vec<TraceMatch>,
    pub entities: Vec<EntityRecord>,
    pub facts: Vec<Fact>,
}

/// Traces extraction on `sentence` (any text; the reference date is the knowledge's).
pub fn trace(sentence: &str, knowledge: &Knowledge) -> Trace {
    let a = super::analyse(sentence, None, knowledge);
    let matches = assemble::match_rules(&a, knowledge, true);
    let (mut entities, mut facts) = assemble::assemble(sentence, &a, &matches, knowledge);
    if let Some(model) = &knowledge.pairs {
        // The learned back-off shows as a fact with rule `model:pairs`.
        let sentences: Vec<super::facts::SentenceText> = a
            .seg
            .sentences
            .iter()
            .map(|s| super::facts::SentenceText {
                start: s.start,
                text: sentence[s.start as usize..s.end as usize].to_string(),
            })
            .collect();
        super::pairs::add_meetings(
            model,
            &sentences,
            &super::headline_sentences(sentence, &a),
            &mut entities,
            &mut facts,
            &knowledge.lexicon,
        );
    }
    let (selected, all) = (&matches.selected, &matches.all);
    let tokens = a
        .seg
        .tokens
        .iter()
        .map(|t| t.text(sentence).to_string())
        .collect();
    let mut order: Vec<usize> = (0..a.mentions.len()).collect();
    order.sort_by_key(|&i| (a.mentions[i].first, a.mentions[i].end));
    let mentions = order
        .into_iter()
        .map(|i| {
            let m = &a.mentions[i];
            let entity = a.resolution.entity_of[i]
                .map(|e| a.resolution.entities[e as usize].name.clone())
                .unwrap_or_else(|| "-".into());
            let mut text = m.text(sentence).to_string();
            if let Some(d) = &m.date {
                text = format!("{text} = {d}");
            }
            (
                text,
                m.label.as_str().to_string(),
                m.origin.to_string(),
                entity,
                a.resolution.how.get(i).copied().unwrap_or("").to_string(),
            )
        })
        .collect();
    let span_text = |s: usize, e: usize| -> String {
        let t = &a.seg.tokens;
        sentence[t[s].start as usize..t[e.max(s + 1) - 1].end as usize].to_string()
    };
    let matches = all
        .iter()
        .map(|m| {
            let rule = &knowledge.rules.rules[m.rule];
            TraceMatch {
                rule: format!("{}:{}", rule.file.trim_start_matches("rules/"), rule.name),
                priority: rule.priority,
                span: span_text(m.start, m.end),
                trigger: span_text(m.trigger.0, m.trigger.1),
                captures: m
                    .captures
                    .iter()
                    .map(|&(r, mi)| {
                        let mm = &a.mentions[mi as usize];
                        let ent = a.resolution.entity_of[mi as usize]
                            .map(|e| a.resolution.entities[e as usize].name.clone())
                            .unwrap_or_else(|| mm.text(sentence).to_string());
                        (
                            knowledge.rules.roles[r].clone(),
                            format!("{} → {ent}", mm.text(sentence)),
                        )
                    })
                    .collect(),
                selected: selected.contains(m),
            }
        })
        .collect();
    Trace {
        tokens,
        mentions,
        matches,
        entities,
        facts,
    }
}

impl fmt::Display for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "tokens ({}):", self.tokens.len())?;
        writeln!(
            f,
            "  {}",
            self.tokens
                .iter()
                .map(|t| format!("[{t}]"))
                .collect::<Vec<_>>()
                .join(" ")
        )?;
        writeln!(f, "mentions:")?;
        if self.mentions.is_empty() {
            writeln!(f, "  (none)")?;
        }
        for (text, label, origin, entity, how) in &self.mentions {
            write!(f, "  {label:<12} {text:?}  via {origin}")?;
            if entity != "-" {
                write!(f, "  → {entity}")?;
                if !how.is_empty() {
                    write!(f, " ({how})")?;
                }
            }
            writeln!(f)?;
        }
        writeln!(f, "rules:")?;
        if self.matches.is_empty() {
            writeln!(f, "  (no rule fired)")?;
        }
        for m in &self.matches {
            let mark = if m.selected { "*" } else { " " };
            writeln!(
                f,
                " {mark} {} (priority {}) trigger {:?} on {:?}",
                m.rule, m.priority, m.trigger, m.span
            )?;
            for (role, value) in &m.captures {
                writeln!(f, "      {role}: {value}")?;
            }
        }
        writeln!(f, "facts:")?;
        let name = |id: u32| {
            self.entities
                .iter()
                .find(|e| e.id == id)
                .map(|e| e.name.as_str())
                .unwrap_or("?")
        };
        for e in self
            .entities
            .iter()
            .filter(|e| e.label == super::facts::EntityLabel::Event)
        {
            let props: Vec<String> = e
                .props
                .iter()
                .map(|(k, v)| format!("{k}={}", show(v)))
                .collect();
            writeln!(
                f,
                "  Event {:?} kind={} {}",
                e.name,
                e.kind.as_deref().unwrap_or("-"),
                props.join(" ")
            )?;
        }
        if self.facts.is_empty() {
            writeln!(f, "  (none)")?;
        }
        for fact in &self.facts {
            let props: Vec<String> = fact
                .props
                .iter()
                .map(|(k, v)| format!("{k}={}", show(v)))
                .collect();
            writeln!(
                f,
                "  ({}) -[{}{}]-> ({})   by {}",
                name(fact.from),
                fact.rel_type,
                if props.is_empty() {
                    String::new()
                } else {
                    format!(" {}", props.join(" "))
                },
                name(fact.to),
                fact.evidence.rule
            )?;
        }
        Ok(())
    }
}

fn show(v: &super::facts::PropValue) -> String {
    match v {
        super::facts::PropValue::Str(s) => s.clone(),
        super::facts::PropValue::List(items) => {
            items.iter().map(show).collect::<Vec<_>>().join("|")
        }
        other => format!("{other:?}"),
    }
}
