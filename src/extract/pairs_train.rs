//! Training the pair model (`newsgraph train-pairs`): gold meeting sets (a folder of articles
//! and a `gold.json` listing who met whom per article) → logistic regression over the
//! features of every pair of persons sharing a sentence or named in adjacent ones (averaged
//! stochastic gradient descent)
//! → `data/model/pairs.tsv`.
//!
//! Reproducible bit for bit: sets, documents, sentences and pairs are visited in a fixed
//! order, shuffled with a fixed seed, all arithmetic is sequential in f64, and the weights are
//! written sorted by feature.

use super::pairs::{candidates, cross_candidates, sigmoid, PairView};
use super::{extract, Knowledge};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Training settings; the default is what the shipped model used.
#[derive(Debug, Clone, Copy)]
pub struct PairTrainOptions {
    pub epochs: usize,
    pub learning_rate: f64,
    pub l2: f64,
    pub seed: u64,
}

impl Default for PairTrainOptions {
    fn default() -> Self {
        PairTrainOptions {
            epochs: 6,
            learning_rate: 0.2,
            l2: 1e-3,
            seed: 0x7061_6972_7321, // "pairs!"
        }
    }
}

/// What training saw, printed by the command and written into the model's header.
#[derive(Debug, Default)]
pub struct PairTrainReport {
    pub sets: usize,
    pub documents: usize,
    pub instances: usize,
    /// Of the instances, the pairs named in adjacent sentences.
    pub adjacent: usize,
    pub positives: usize,
    pub features: usize,
}

/// Trains on `sets` (each a folder with `articles/` and `gold.json`) and returns the model
/// file's text. `knowledge` should carry no pair model (the features do not depend on it,
/// but the candidates should be what the rules alone leave).
pub fn train(
    sets: &[PathBuf],
    knowledge: &Knowledge,
    options: PairTrainOptions,
) -> Result<(String, PairTrainReport), String> {
    let mut report = PairTrainReport::default();
    let mut data: Vec<(Vec<String>, f64)> = Vec::new();
    let mut dirs = sets.to_vec();
    dirs.sort();
    for dir in &dirs {
        let met = read_gold(dir)?;
        let loaded = crate::corpus::load(&[dir.join("articles")]);
        if let Some(e) = loaded.errors.first() {
            return Err(e.to_string());
        }
        let mut documents = loaded.documents;
        documents.sort_by(|a, b| a.id.cmp(&b.id));
        report.sets += 1;
        for doc in &documents {
            report.documents += 1;
            let facts = extract(doc, knowledge);
            let name_of: HashMap<u32, &str> = facts
                .entities
                .iter()
                .map(|e| (e.id, e.name.as_str()))
                .collect();
            let gold: Vec<&(String, String, String)> = met
                .iter()
                .filter(|(article, _, _)| article_matches(&doc.id, article))
                .collect();
            let view = PairView::new(
                &facts.document.sentences,
                &facts.entities,
                &facts.facts,
                None,
                &knowledge.lexicon,
            );
            let one_sentence = candidates(&view);
            let adjacent = cross_candidates(&view);
            report.adjacent += adjacent.len();
            for c in one_sentence.into_iter().chain(adjacent) {
                let (a, b) = (name_of[&c.a], name_of[&c.b]);
                let positive = gold
                    .iter()
                    .any(|(_, x, y)| same_pair((a, b), (x.as_str(), y.as_str())));
                report.instances += 1;
                report.positives += usize::from(positive);
                data.push((c.features, if positive { 1.0 } else { 0.0 }));
            }
        }
    }
    if data.is_empty() {
        return Err(
            "no pair of persons shares a sentence or adjacent sentences in the given sets".into(),
        );
    }
    let mut weights: HashMap<String, f64> = HashMap::new();
    // Averaged SGD: the model keeps each weight's mean over all steps, which is steadier than
    // the last value (adding a set moves the others by a pair or two, not by ten). Per feature:
    // (sum of its value over the steps up to its last change, that step).
    let mut totals: HashMap<String, (f64, u64)> = HashMap::new();
    let mut step: u64 = 0;
    let mut rng = options.seed | 1;
    for _ in 0..options.epochs {
        // Fisher–Yates with xorshift64*: the same order on every machine.
        for i in (1..data.len()).rev() {
            rng ^= rng >> 12;
            rng ^= rng << 25;
            rng ^= rng >> 27;
            let j = (rng.wrapping_mul(0x2545_f491_4f6c_dd1d) % (i as u64 + 1)) as usize;
            data.swap(i, j);
        }
        for (features, label) in &data {
            step += 1;
            let z: f64 = features
                .iter()
                .map(|f| weights.get(f).copied().unwrap_or(0.0))
                .sum();
            let gradient = sigmoid(z) - label;
            for f in features {
                let w = weights.entry(f.clone()).or_insert(0.0);
                let t = totals.entry(f.clone()).or_insert((0.0, 0));
                t.0 += *w * (step - t.1) as f64;
                t.1 = step;
                *w -= options.learning_rate * (gradient + options.l2 * *w);
            }
        }
    }
    for (f, w) in weights.iter_mut() {
        let (sum, last) = totals.get(f).copied().unwrap_or((0.0, step));
        *w = (sum + *w * (step - last) as f64) / step as f64;
    }
    let mut sorted: Vec<(String, f64)> = weights
        .into_iter()
        .filter(|(_, w)| w.abs() >= 1e-4)
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    report.features = sorted.len();
    let mut text = String::new();
    let _ = writeln!(
        text,
        "# newsgraph pair model: logistic regression weights, written by `newsgraph train-pairs`."
    );
    let _ = writeln!(
        text,
        "# Trained on {} sets ({} documents, {} pairs of persons, {} of them in adjacent sentences, {} met);",
        report.sets, report.documents, report.instances, report.adjacent, report.positives
    );
    let _ = writeln!(
        text,
        "# {} epochs of averaged SGD, learning rate {}, L2 {}, seed {:#x}. Word lists and threshold: pair_words.tsv.",
        options.epochs, options.learning_rate, options.l2, options.seed
    );
    for (feature, weight) in &sorted {
        let _ = writeln!(text, "{feature}\t{weight:.6}");
    }
    Ok((text, report))
}

/// Writes the model beside its destination and renames it into place, so a failed write
/// never leaves half a model.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp-train");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path)
}

/// The met pairs of a set's gold file: (article, a, b).
fn read_gold(dir: &Path) -> Result<Vec<(String, String, String)>, String> {
    let path = dir.join("gold.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let list = json["met"]
        .as_array()
        .ok_or_else(|| format!("{}: no \"met\" list", path.display()))?;
    list.iter()
        .enumerate()
        .map(|(i, m)| {
            let field = |k: &str| {
                m[k].as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("{}: met[{i}] has no string {k:?}", path.display()))
            };
            Ok((field("article")?, field("a")?, field("b")?))
        })
        .collect()
}

/// A gold "article" names a document by its id or the id's prefix before `_`.
fn article_matches(doc_id: &str, article: &str) -> bool {
    doc_id == article
        || doc_id
            .strip_prefix(article)
            .is_some_and(|rest| rest.starts_with('_'))
}

/// A gold name's words, lower-cased, without a nickname in double quotes (`Eduardo "Edong"
/// Villaroman`: the system names him Eduardo Villaroman, as a reader would).
fn name_words(name: &str) -> Vec<String> {
    let quoted = |w: &str| {
        w.chars().count() >= 2 && w.starts_with(['"', '\u{201c}']) && w.ends_with(['"', '\u{201d}'])
    };
    name.split_whitespace()
        .filter(|w| !quoted(w))
        .map(str::to_lowercase)
        .collect()
}

/// The meeting sets' matching: one name's words appear in order inside the other's
/// ("Sheinbaum" ~ "Claudia Sheinbaum Pardo"), as a reader accepts a surname for the full name.
fn same_person(system: &str, gold: &str) -> bool {
    let (s, g) = (name_words(system), name_words(gold));
    let (short, long) = if s.len() <= g.len() {
        (&s, &g)
    } else {
        (&g, &s)
    };
    !short.is_empty() && long.windows(short.len()).any(|w| w == short.as_slice())
}

/// Whether a system pair names the gold pair, in either order (also the meeting tests' rule).
pub fn same_pair(system: (&str, &str), gold: (&str, &str)) -> bool {
    (same_person(system.0, gold.0) && same_person(system.1, gold.1))
        || (same_person(system.0, gold.1) && same_person(system.1, gold.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_names_match_by_words_in_order() {
        assert!(same_pair(("Tran", "Tom Ngata"), ("Tom Ngata", "Anh Tran")));
        assert!(!same_pair(("Tran", "Ngata Tom"), ("Tom Ngata", "Anh Tran")));
        assert!(same_pair(
            ("Eduardo Villaroman", "Ramon Dizon"),
            ("Ramon Dizon", "Eduardo \"Edong\" Villaroman")
        ));
        assert!(article_matches("ak01_akron", "ak01"));
        assert!(!article_matches("ak011_x", "ak01"));
    }
}
