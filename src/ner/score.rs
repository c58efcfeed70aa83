//! conlleval-exact scoring: gold and predicted spans per sentence → precision, recall and F1
//! per type, overall without MISC and overall with MISC. A prediction counts only when its
//! sentence, first token, end token and type all match a gold entity.

use super::{ConllSentence, NerLabel, NerSpan};
use std::fmt;

/// Counts and figures for one type (or a group of types).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TypeScore {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl TypeScore {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, other: &TypeScore) {
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.correct += other.correct;
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The result of scoring: per type (in [`NerLabel::ALL`] order) and overall.
/// `Display` prints the table `newsgraph eval-ner` shows.
#[derive(Debug, Clone, PartialEq)]
pub struct NerReport {
    pub sentences: usize,
    pub tokens: usize,
    pub per_type: [TypeScore; 4],
    pub overall_without_misc: TypeScore,
    pub overall: TypeScore,
}

impl NerReport {
    /// The score of one type.
    pub fn of(&self, label: NerLabel) -> &TypeScore {
        &self.per_type[label as usize]
    }
}

/// Scores predicted spans (one list per sentence, in order) against the gold sentences.
/// Sentences without a prediction list count as predicting nothing.
pub fn score(gold: &[ConllSentence], predicted: &[Vec<NerSpan>]) -> NerReport {
    let mut per_type = [TypeScore::default(); 4];
    let mut tokens = 0;
    for (index, sentence) in gold.iter().enumerate() {
        tokens += sentence.tokens.len();
        let gold_spans = sentence.spans();
        let predicted_spans: &[NerSpan] = predicted.get(index).map_or(&[], Vec::as_slice);
        for span in &gold_spans {
            per_type[span.label as usize].gold += 1;
        }
        let mut seen: Vec<NerSpan> = Vec::with_capacity(predicted_spans.len());
        for span in predicted_spans {
            if seen.contains(span) {
                continue; // a duplicate prediction is one prediction
            }
            seen.push(*span);
            per_type[span.label as usize].predicted += 1;
            if gold_spans.contains(span) {
                per_type[span.label as usize].correct += 1;
            }
        }
    }
    let mut overall_without_misc = TypeScore::default();
    let mut overall = TypeScore::default();
    for label in NerLabel::ALL {
        let part = &per_type[label as usize];
        overall.add(part);
        if label != NerLabel::Misc {
            overall_without_misc.add(part);
        }
    }
    NerReport {
        sentences: gold.len(),
        tokens,
        per_type,
        overall_without_misc,
        overall,
    }
}

impl fmt::Display for NerReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} sentences, {} tokens; exact match on (sentence, start, end, type)",
            self.sentences, self.tokens
        )?;
        writeln!(
            f,
            "{:<22} {:>9} {:>8} {:>8} {:>7} {:>9} {:>8}",
            "type", "precision", "recall", "F1", "gold", "predicted", "correct"
        )?;
        let mut row = |name: &str, s: &TypeScore| {
            writeln!(
                f,
                "{:<22} {:>9.4} {:>8.4} {:>8.4} {:>7} {:>9} {:>8}",
                name,
                s.precision(),
                s.recall(),
                s.f1(),
                s.gold,
                s.predicted,
                s.correct
            )
        };
        for label in NerLabel::ALL {
            row(label.as_str(), &self.per_type[label as usize])?;
        }
        row("overall (without MISC)", &self.overall_without_misc)?;
        row("overall", &self.overall)
    }
}
