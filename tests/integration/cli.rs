//! End-to-end tests of the `newsgraph` binary on the bundled sample: questions, Cypher, scripts,
//! stdin, snapshots, DOT export and error handling, as a new user would type them.

use serde_json::Value as Json;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsgraph"));
    // Keep the REPL history of tests out of the user's home.
    cmd.env(
        "XDG_DATA_HOME",
        std::env::temp_dir().join("newsgraph-test-xdg"),
    );
    cmd
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn run_stdin(args: &[&str], input: &str) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_rows(o: &Output) -> Vec<Json> {
    assert!(o.status.success(), "failed: {}", stderr(o));
    let text = stdout(o);
    let line = text.lines().next().expect("one line of JSON");
    match serde_json::from_str::<Json>(line).expect("valid JSON") {
        Json::Array(rows) => rows,
        other => panic!("expected an array, got {other}"),
    }
}

fn str_field<'a>(row: &'a Json, key: &str) -> &'a str {
    row.get(key).and_then(Json::as_str).unwrap_or("")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newsgraph-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn who_met_whom_where_lists_the_madrid_meeting_once_with_sources() {
    let rows = json_rows(&run(&["query", "-f", "json", "who met whom where"]));
    assert!(!rows.is_empty());
    let mut madrid = 0;
    for row in &rows {
        let (who, whom) = (str_field(row, "who"), str_field(row, "whom"));
        assert!(row.get("where").is_some(), "column where in {row}");
        assert_ne!(who, whom, "an entity paired with itself: {row}");
        let sources = row
            .get("sources")
            .and_then(Json::as_array)
            .expect("sources");
        assert!(!sources.is_empty(), "row without sources: {row}");
        let pair = [who, whom];
        if pair.contains(&"Scott Bessent")
            && pair.contains(&"He Lifeng")
            && str_field(row, "where") == "Madrid"
        {
            madrid += 1;
        }
    }
    assert_eq!(
        madrid, 1,
        "Bessent / He Lifeng / Madrid exactly once in {rows:?}"
    );
}

#[test]
fn plain_questions_answer_on_the_sample() {
    let o = run(&["query", "who met \"He Lifeng\""]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Scott Bessent"), "{}", stdout(&o));

    let o = run(&["query", "where did Bessent meet He Lifeng"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Madrid"), "{}", stdout(&o));

    let o = run(&["query", "who owns TikTok?"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("ByteDance"), "{}", stdout(&o));
}

#[test]
fn each_person_and_place_is_one_node() {
    let rows = json_rows(&run(&[
        "query",
        "-f",
        "json",
        "MATCH (p:Person) RETURN p.name AS name ORDER BY name",
    ]));
    let names: Vec<&str> = rows.iter().map(|r| str_field(r, "name")).collect();
    let mut unique = names.clone();
    unique.dedup();
    assert_eq!(names, unique, "a person listed twice");
    for expected in ["Scott Bessent", "He Lifeng", "Donald Trump"] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    for alias in [
        "Bessent",
        "U.S. Treasury Secretary Scott Bessent",
        "Trump",
        "President Donald Trump",
    ] {
        assert!(
            !names.contains(&alias),
            "{alias} is a separate node: {names:?}"
        );
    }
    let rows = json_rows(&run(&[
        "query",
        "-f",
        "json",
        "MATCH (p:Place) RETURN p.name AS name",
    ]));
    let places: Vec<&str> = rows.iter().map(|r| str_field(r, "name")).collect();
    for (canonical, alias) in [("United States", "U.S."), ("United Kingdom", "U.K.")] {
        assert_eq!(
            places.iter().filter(|p| **p == canonical).count(),
            1,
            "{canonical} once in {places:?}"
        );
        assert!(!places.contains(&alias), "{alias} separate in {places:?}");
    }
}

#[test]
fn the_madrid_meeting_cites_both_articles() {
    let rows = json_rows(&run(&[
        "query",
        "-f",
        "json",
        "MATCH (a:Person)-[m:MET]-(b:Person) WHERE m.place = 'Madrid' RETURN sources(m) AS s",
    ]));
    let mut docs: Vec<String> = rows
        .iter()
        .flat_map(|r| r["s"].as_array().cloned().unwrap_or_default())
        .filter_map(|s| s.get("doc").and_then(Json::as_str).map(str::to_string))
        .collect();
    docs.sort();
    docs.dedup();
    assert_eq!(docs.len(), 2, "sources from both articles: {docs:?}");
}

#[test]
fn why_shows_the_sentences_behind_an_entity() {
    let o = run_stdin(&[], ":why He Lifeng\n");
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("He Lifeng"), "{text}");
    assert!(
        text.contains("Vice Premier He Lifeng"),
        "the sentence is shown: {text}"
    );
}

#[test]
fn stdin_script_prints_the_table() {
    let o = run_stdin(&[], "who met whom where\n");
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("| who"), "{text}");
    assert!(text.contains("Madrid"), "{text}");
}

#[test]
fn script_with_three_statements_prints_three_results() {
    let dir = temp_dir("three");
    let script = dir.join("three.kgq");
    std::fs::write(
        &script,
        "// three statements\nMATCH (p:Person) RETURN count(*) AS people;\nwho owns TikTok\nMATCH (p:Place)\nRETURN count(p) AS places;\n",
    )
    .unwrap();
    let o = run(&["run", script.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let footers = stdout(&o)
        .lines()
        .filter(|l| l.starts_with('(') && l.contains("row"))
        .count();
    assert_eq!(footers, 3, "{}", stdout(&o));
}

#[test]
fn syntax_error_on_line_two_names_file_line_and_column() {
    let dir = temp_dir("syntax");
    let script = dir.join("bad.kgq");
    std::fs::write(
        &script,
        "MATCH (p:Person) RETURN p.name;\nMATCH (p:Person RETURN p;\n",
    )
    .unwrap();
    let o = run(&["run", script.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let expected = format!("{}:2:", script.display());
    assert!(err.contains(&expected), "{err}");
    assert!(err.contains('^'), "caret under the column: {err}");
}

#[test]
fn snapshot_round_trip_answers_the_same() {
    let dir = temp_dir("snapshot");
    let snap = dir.join("g.json");
    let o = run(&["build", "-o", snap.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let direct = stdout(&run(&["query", "-f", "json", "who met whom where"]));
    let loaded = stdout(&run(&[
        "query",
        "-g",
        snap.to_str().unwrap(),
        "-f",
        "json",
        "who met whom where",
    ]));
    assert_eq!(direct, loaded);
}

#[test]
fn dot_export_is_accepted_by_graphviz() {
    let o = run(&["export", "-f", "dot"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dot = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut dot) = dot else {
        assert!(
            std::env::var_os("CI").is_none(),
            "graphviz must be installed in CI"
        );
        eprintln!("SKIPPED: graphviz `dot` is not installed");
        return;
    };
    dot.stdin.take().unwrap().write_all(&o.stdout).unwrap();
    let out = dot.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "dot rejected it: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
}

#[test]
fn bad_inputs_fail_clearly_without_panicking() {
    let dir = temp_dir("bad");
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let binary = dir.join("blob.txt");
    std::fs::write(&binary, [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    let missing = dir.join("missing.txt");
    for (path, words) in [
        (&empty, "empty"),
        (&binary, "not a text file"),
        (&missing, "no such file"),
    ] {
        let o = run(&["stats", "-i", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(path.to_str().unwrap()) && err.contains(words),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    let o = run(&["query", "MATCH (p:Person) WHERE p.name = 'Bessent RETURN p"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("never closed"), "{}", stderr(&o));
}

#[test]
fn one_bad_document_does_not_lose_the_others() {
    let dir = temp_dir("mixed");
    std::fs::write(
        dir.join("good.txt"),
        "Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Monday.",
    )
    .unwrap();
    std::fs::write(dir.join("broken.json"), "{\"title\": \"x\", \"text\": ").unwrap();
    let o = run(&[
        "query",
        "-i",
        dir.to_str().unwrap(),
        "-f",
        "json",
        "MATCH (d:Document) RETURN d.id AS id",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the bad file makes the exit status 1"
    );
    assert!(stderr(&o).contains("broken.json:1:"), "{}", stderr(&o));
    assert!(stdout(&o).contains("good"), "{}", stdout(&o));
}

#[test]
fn usage_errors_exit_two() {
    let o = run(&["query"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["export", "-f", "nonsense"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("graphml"),
        "lists the valid formats: {}",
        stderr(&o)
    );
}

#[test]
fn example_scripts_in_data_queries_run_cleanly() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/queries");
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "kgq"))
        .collect();
    scripts.sort();
    assert!(!scripts.is_empty());
    for script in scripts {
        let o = run(&["run", "--echo", script.to_str().unwrap()]);
        assert!(o.status.success(), "{}: {}", script.display(), stderr(&o));
        let text = stdout(&o);
        let results = text
            .lines()
            .filter(|l| l.starts_with('(') && l.contains("row"))
            .count();
        let statements = text.lines().filter(|l| l.starts_with("> ")).count();
        assert_eq!(
            results,
            statements,
            "one result per statement in {}:\n{text}",
            script.display()
        );
        assert!(
            !text.contains("(0 rows)"),
            "every example answers something: {text}"
        );
    }
}

#[test]
fn keep_going_runs_past_a_failing_statement() {
    let dir = temp_dir("keepgoing");
    let script = dir.join("k.kgq");
    std::fs::write(
        &script,
        "RETURN 1 AS one;\nRETURN nosuchvariable;\nRETURN 3 AS three;\n",
    )
    .unwrap();
    let o = run(&["run", script.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        !stdout(&o).contains("three"),
        "stops at the first error without --keep-going"
    );
    let o = run(&["run", "--keep-going", script.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "exit 1 at the end when a statement failed"
    );
    assert!(stdout(&o).contains("three"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains(&format!("{}:2:", script.display())),
        "{}",
        stderr(&o)
    );
}

#[test]
fn folder_formats_without_a_folder_are_usage_errors() {
    let o = run(&["export", "-f", "kuzu"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("-o"),
        "says how to fix it: {}",
        stderr(&o)
    );
}

#[test]
fn extract_then_build_facts_equals_building_directly() {
    let dir = temp_dir("mapreduce");
    let articles = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/articles");
    let extra = dir.join("extra.txt");
    std::fs::write(
        &extra,
        "Prime Minister Keir Starmer met Chancellor Friedrich Merz in London on Friday. \
         The talks covered defence.",
    )
    .unwrap();
    // Map: one fact file per input, as parallel workers would write them.
    let mut fact_files = Vec::new();
    for (i, input) in [articles.as_path(), extra.as_path()].iter().enumerate() {
        let o = run(&["extract", "-i", input.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        for line in stdout(&o).lines() {
            let v: Json = serde_json::from_str(line).expect("one JSON object per line");
            assert!(v.get("document").is_some() && v.get("facts").is_some());
        }
        let path = dir.join(format!("part-{i}.facts"));
        std::fs::write(&path, &o.stdout).unwrap();
        fact_files.push(path);
    }
    // Reduce, and the direct build from the same documents.
    let merged = dir.join("merged.json");
    let mut args = vec!["build", "-o", merged.to_str().unwrap(), "--facts"];
    args.extend(fact_files.iter().map(|p| p.to_str().unwrap()));
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let direct = dir.join("direct.json");
    let o = run(&[
        "build",
        "-i",
        articles.to_str().unwrap(),
        "-i",
        extra.to_str().unwrap(),
        "-o",
        direct.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&merged).unwrap(),
        std::fs::read(&direct).unwrap(),
        "build --facts gives the same snapshot as building from the documents"
    );
    let who = stdout(&run(&[
        "query",
        "-g",
        merged.to_str().unwrap(),
        "who met whom where",
    ]));
    assert!(
        who.contains("Keir Starmer") && who.contains("Madrid"),
        "{who}"
    );
}

#[test]
fn extract_reads_json_lines_from_stdin() {
    let input = "{\"id\": \"n1\", \"text\": \"President Lula met Prime Minister Narendra Modi in Brasilia.\"}\n\
                 not json\n\
                 {\"id\": \"n2\", \"text\": \"Ursula von der Leyen visited Kyiv on Monday.\"}\n";
    let o = run_stdin(&["extract"], input);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the bad line makes the exit status 1"
    );
    assert!(
        stderr(&o).contains("<stdin>:2:"),
        "names the bad line: {}",
        stderr(&o)
    );
    let ids: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            serde_json::from_str::<Json>(l).unwrap()["document"]["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        ids,
        ["n1", "n2"],
        "the good documents are still extracted, in order"
    );
}

#[test]
fn extract_from_stdin_survives_a_line_that_is_not_utf8() {
    let mut child = bin()
        .arg("extract")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut input = b"{\"id\": \"first\", \"text\": \"Ann Lee met Bo Park in Oslo.\"}\r\n".to_vec();
    input.extend_from_slice(b"{\"id\": \"broken\", \"text\": \"caf\xe9\"}\n");
    input.extend_from_slice(b"{\"id\": \"last\", \"text\": \"Bo Park visited Rome.\"}\n");
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1), "a bad line fails the run");
    assert!(
        stderr(&o).contains("<stdin>:2: not a text file"),
        "names the line: {}",
        stderr(&o)
    );
    let ids: Vec<String> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str::<Json>(l).unwrap()["document"]["id"].to_string())
        .collect();
    assert_eq!(
        ids,
        ["\"first\"", "\"last\""],
        "the other lines are extracted"
    );
}

#[test]
fn reference_date_resolves_relative_dates_and_is_validated() {
    let dir = temp_dir("refdate");
    let article = dir.join("a.txt");
    std::fs::write(
        &article,
        "Prime Minister Mark Carney met President Claudia Sheinbaum in Mexico City on Tuesday.",
    )
    .unwrap();
    let o = run(&[
        "query",
        "-i",
        article.to_str().unwrap(),
        "-d",
        "2025-09-19",
        "-f",
        "json",
        "who met whom where when",
    ]);
    let rows = json_rows(&o);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        str_field(&rows[0], "when"),
        "2025-09-16",
        "the Tuesday before Friday 19 September"
    );
    let o = run(&["stats", "-d", "someday"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("YYYY-MM-DD"), "{}", stderr(&o));
}

/// `train-pairs` learns the pair model from gold sets deterministically (twice, same bytes),
/// the model it writes is used through `--data`, and a set without a gold file is named.
#[test]
fn train_pairs_is_deterministic_and_its_model_is_used_through_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let set = dir.path().join("set");
    std::fs::create_dir_all(set.join("articles")).unwrap();
    std::fs::write(
        set.join("articles/t01_port.txt"),
        "Port visit\n\nPORTO, May 4 - Governor Ana Ribeiro spent the morning walking the docks \
         with Mayor Tomas Lind. Governor Ana Ribeiro later spoke by phone with Senator Ivy Lamb.\n",
    )
    .unwrap();
    std::fs::write(
        set.join("gold.json"),
        r#"{"met": [{"article": "t01", "a": "Ana Ribeiro", "b": "Tomas Lind", "status": "held"}],
            "not_met": [{"article": "t01", "a": "Ana Ribeiro", "b": "Ivy Lamb", "why": "phone call"}]}"#,
    )
    .unwrap();
    let model_dir = dir.path().join("data/model");
    std::fs::create_dir_all(&model_dir).unwrap();
    let (first, second) = (model_dir.join("pairs.tsv"), dir.path().join("again.tsv"));
    for out in [&first, &second] {
        let o = run(&[
            "train-pairs",
            set.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains("1 sets, 1 documents"), "{}", stdout(&o));
    }
    let model = std::fs::read_to_string(&first).unwrap();
    assert_eq!(model, std::fs::read_to_string(&second).unwrap());
    assert!(
        model.lines().any(|l| l.starts_with("b:walking\t")),
        "{model}"
    );

    // An empty weights file turns the model off: `--data` replaces the bundled one.
    std::fs::write(&first, "").unwrap();
    let o = run(&[
        "--data",
        dir.path().join("data").to_str().unwrap(),
        "trace",
        "Chief executive Priya Natarajan and union leader Omar Haddad shared a table at the awards dinner on Friday.",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains("model:pairs"), "{}", stdout(&o));
    let o = run(&[
        "trace",
        "Chief executive Priya Natarajan and union leader Omar Haddad shared a table at the awards dinner on Friday.",
    ]);
    assert!(stdout(&o).contains("by model:pairs"), "{}", stdout(&o));

    // A bad weight names the file and line; a set without gold.json is named.
    std::fs::write(&first, "# weights\nb:met\tmany\n").unwrap();
    let o = run(&[
        "--data",
        dir.path().join("data").to_str().unwrap(),
        "trace",
        "X met Y.",
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("pairs.tsv:2:"), "{}", stderr(&o));
    std::fs::remove_file(set.join("gold.json")).unwrap();
    let o = run(&[
        "train-pairs",
        set.to_str().unwrap(),
        "-o",
        second.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("gold.json"), "{}", stderr(&o));
}
