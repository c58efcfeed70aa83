//! NER: the CoNLL reader, the conlleval scorer, the bundled tagger and `eval_ner`, on small
//! files and sentences written for these tests.

use newsgraph::ner::{
    eval_ner, read_conll, score, ConllSentence, NerError, NerLabel, NerSpan, Tagger,
};
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn span(start: usize, end: usize, label: NerLabel) -> NerSpan {
    NerSpan { start, end, label }
}

const SMALL: &str = "\
-DOCSTART- -X- -X- O

Maria NNP B-NP B-PER
Lindqvist NNP I-NP I-PER
visited VBD B-VP O
Oslo NNP B-NP B-LOC
. . O O

Nordvik NNP B-NP I-ORG
Shipping NNP I-NP I-ORG
hired VBD B-VP O
Lindqvist NNP B-NP B-PER

-DOCSTART- -X- -X- O

The DT B-NP O
Danish JJ I-NP B-MISC
krone NN I-NP O
fell VBD B-VP O
";

#[test]
fn reader_splits_sentences_and_documents_and_normalises_iob1() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "small.conll", SMALL);
    let sentences = read_conll(&path).unwrap();
    assert_eq!(sentences.len(), 3);
    assert_eq!(
        sentences[0].tokens,
        ["Maria", "Lindqvist", "visited", "Oslo", "."]
    );
    assert_eq!(
        sentences[0].spans(),
        [span(0, 2, NerLabel::Per), span(3, 4, NerLabel::Loc)]
    );
    // IOB1 `I-ORG` at a span start is read as the start of an ORG span.
    assert_eq!(
        sentences[1].spans(),
        [span(0, 2, NerLabel::Org), span(3, 4, NerLabel::Per)]
    );
    assert_eq!(sentences[2].spans(), [span(1, 2, NerLabel::Misc)]);
    assert_eq!(
        (
            sentences[0].document,
            sentences[1].document,
            sentences[2].document
        ),
        (0, 0, 1)
    );
    assert_eq!(sentences[2].line, 16);
}

#[test]
fn reader_names_file_and_line_of_a_malformed_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "bad.conll",
        "Paris NNP B-NP B-LOC\nis VBZ B-VP O\nnice JJ B-ADJP B-FOO\n",
    );
    let error = read_conll(&path).unwrap_err();
    assert!(matches!(error, NerError::Format { line: 3, .. }));
    let message = error.to_string();
    assert!(message.contains("bad.conll:3:"), "{message}");
    assert!(message.contains("B-FOO"), "{message}");

    let path = write(dir.path(), "short.conll", "Paris NNP B-NP B-LOC\nlonely\n");
    let message = read_conll(&path).unwrap_err().to_string();
    assert!(message.contains("short.conll:2:"), "{message}");

    let missing = read_conll(&dir.path().join("missing.conll")).unwrap_err();
    assert!(missing.to_string().contains("missing.conll"));
}

fn sentence(tags: &[usize]) -> ConllSentence {
    ConllSentence {
        tokens: tags.iter().map(|_| "w".to_string()).collect(),
        tags: tags.to_vec(),
        document: 0,
        line: 1,
    }
}

#[test]
fn scorer_counts_exact_matches_per_type_and_overall() {
    // Tag indices: 0 O, 1 B-PER, 2 I-PER, 3 B-ORG, 4 I-ORG, 5 B-LOC, 6 I-LOC, 7 B-MISC, 8 I-MISC.
    let gold = vec![sentence(&[1, 2, 0, 5, 0]), sentence(&[3, 0, 0])];
    let predicted = vec![
        vec![span(0, 2, NerLabel::Per), span(3, 5, NerLabel::Loc)], // LOC has the wrong end
        vec![span(0, 1, NerLabel::Org), span(2, 3, NerLabel::Misc)], // MISC is spurious
    ];
    let report = score(&gold, &predicted);
    let per = report.of(NerLabel::Per);
    assert_eq!((per.precision(), per.recall(), per.f1()), (1.0, 1.0, 1.0));
    let loc = report.of(NerLabel::Loc);
    assert_eq!((loc.gold, loc.predicted, loc.correct), (1, 1, 0));
    assert_eq!(loc.f1(), 0.0);
    let misc = report.of(NerLabel::Misc);
    assert_eq!((misc.gold, misc.predicted, misc.correct), (0, 1, 0));
    let without = report.overall_without_misc;
    assert_eq!(
        (without.gold, without.predicted, without.correct),
        (3, 3, 2)
    );
    assert!((without.f1() - 2.0 / 3.0).abs() < 1e-12);
    let overall = report.overall;
    assert_eq!((overall.precision(), overall.recall()), (0.5, 2.0 / 3.0));
    assert!((overall.f1() - 4.0 / 7.0).abs() < 1e-12);
    let table = report.to_string();
    assert!(table.contains("overall (without MISC)"), "{table}");
    assert!(table.contains("0.6667"), "{table}");
}

fn tag(text: &str) -> Vec<(String, NerLabel)> {
    let tokens: Vec<&str> = text.split(' ').collect();
    Tagger::bundled()
        .tag(&tokens)
        .into_iter()
        .map(|s| (tokens[s.start..s.end].join(" "), s.label))
        .collect()
}

fn entities(list: &[(&str, NerLabel)]) -> Vec<(String, NerLabel)> {
    list.iter().map(|(t, l)| (t.to_string(), *l)).collect()
}

#[test]
fn bundled_tagger_finds_obvious_entities() {
    use NerLabel::*;
    assert_eq!(
        tag("German Chancellor Helmut Weber met Japanese Prime Minister Kenji Sato in Berlin on Tuesday ."),
        entities(&[
            ("German", Misc),
            ("Helmut Weber", Per),
            ("Japanese", Misc),
            ("Kenji Sato", Per),
            ("Berlin", Loc)
        ])
    );
    let found = tag(
        "Shares of General Motors Corp. rose 3 percent in New York trading , the company said .",
    );
    assert!(
        found.contains(&("General Motors Corp.".to_string(), Org)),
        "{found:?}"
    );
    assert!(found.contains(&("New York".to_string(), Loc)), "{found:?}");
    let found =
        tag("The European Union and the United Nations sent observers to Kenya and Tanzania .");
    assert!(
        found.contains(&("European Union".to_string(), Org)),
        "{found:?}"
    );
    assert!(found.contains(&("Kenya".to_string(), Loc)), "{found:?}");
    assert!(found.contains(&("Tanzania".to_string(), Loc)), "{found:?}");
}

#[test]
fn tagger_is_quiet_on_text_without_names_and_deterministic() {
    assert!(tag("prices rose sharply in the third quarter , analysts said .").is_empty());
    assert!(Tagger::bundled().tag(&[]).is_empty());
    let once = tag("Police in Lagos said Ahmed Bello was arrested on Friday .");
    let again = tag("Police in Lagos said Ahmed Bello was arrested on Friday .");
    assert_eq!(once, again);
    assert!(
        once.contains(&("Lagos".to_string(), NerLabel::Loc)),
        "{once:?}"
    );
    assert!(
        once.contains(&("Ahmed Bello".to_string(), NerLabel::Per)),
        "{once:?}"
    );
}

#[test]
fn tag_document_returns_one_span_list_per_sentence() {
    let sentences: Vec<Vec<&str>> = vec![
        "NORDVIK CHIEF QUITS".split(' ').collect(),
        "Nordvik Shipping said on Monday its chief executive Lars Haugen would step down ."
            .split(' ')
            .collect(),
        "the board thanked him .".split(' ').collect(),
        "Shares in Nordvik Shipping fell 4 percent in Oslo ."
            .split(' ')
            .collect(),
    ];
    let tagged = Tagger::bundled().tag_document(&sentences);
    assert_eq!(tagged.len(), 4);
    assert!(
        tagged[1].contains(&span(8, 10, NerLabel::Per)),
        "{tagged:?}"
    );
    assert!(tagged[2].is_empty());
    assert_eq!(
        tagged[3],
        [span(2, 4, NerLabel::Org), span(8, 9, NerLabel::Loc)]
    );
    assert!(Tagger::bundled().tag_document::<Vec<&str>>(&[]).is_empty());
}

#[test]
fn tagger_takes_odd_tokens_without_failing() {
    let odd = [
        "",
        " ",
        "É",
        "ZÜRICH",
        "İstanbul",
        "\u{0}",
        "ǅemal",
        "٣",
        "\u{1F600}",
        "A-",
        "'s",
    ];
    let spans = Tagger::bundled().tag(&odd);
    assert!(spans.iter().all(|s| s.start < s.end && s.end <= odd.len()));
    let long: Vec<&str> = ["Berlin", "and"]
        .iter()
        .cycle()
        .take(5000)
        .copied()
        .collect();
    let spans = Tagger::bundled().tag(&long);
    assert_eq!(spans.len(), 2500, "every Berlin is a place");
}

#[test]
fn bundled_model_was_trained_with_the_bundled_lexicons() {
    // Fails when data/lexicon is regenerated without retraining data/model/ner.bin.
    assert!(Tagger::bundled().lexicons_match().unwrap());
}

#[test]
fn corrupt_model_bytes_are_an_error() {
    let error = Tagger::load(b"not a model").unwrap_err();
    assert!(error.to_string().contains("model"), "{error}");
    let bytes = include_bytes!("../../data/model/ner.bin");
    let truncated = &bytes[..bytes.len() / 2];
    let error = Tagger::load(truncated).unwrap_err();
    assert!(error.to_string().contains("truncated"), "{error}");
}

#[test]
fn eval_ner_scores_a_file_and_writes_predictions() {
    let dir = tempfile::tempdir().unwrap();
    let data = "\
-DOCSTART- -X- -X- O

Pedro NNP B-NP B-PER
Almeida NNP I-NP I-PER
flew VBD B-VP O
to TO B-PP O
Madrid NNP B-NP B-LOC
. . O O

nothing NN B-NP O
happened VBD B-VP O
";
    let path = write(dir.path(), "eval.conll", data);
    let out = dir.path().join("predictions.jsonl");
    let report = eval_ner(&path, Some(&out)).unwrap();
    assert_eq!((report.sentences, report.tokens), (2, 8));
    assert_eq!(report.overall.gold, 2);
    assert_eq!(report.of(NerLabel::Per).correct, 1);
    assert_eq!(report.of(NerLabel::Loc).correct, 1);
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        written,
        "{\"entities\":[{\"start\":0,\"end\":2,\"type\":\"PER\"},{\"start\":4,\"end\":5,\"type\":\"LOC\"}]}\n{\"entities\":[]}\n"
    );
}
