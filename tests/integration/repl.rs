//! The REPL driven in a real terminal (tmux): completion of entity names and labels, multi-line
//! input, Ctrl-C during a long query, :why, :format, "did you mean", history across restarts.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// How long a step may take to show on the screen: generous, because a loaded machine (the
/// whole suite on two cores) can take many seconds to draw what an idle one draws at once.
const REPL_WAIT_SECS: u64 = 60;

struct Tmux {
    name: String,
}

impl Tmux {
    /// Starts the REPL in a detached tmux session; None (test skipped) when tmux is missing
    /// outside CI.
    fn start(tag: &str, home: &Path) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            assert!(
                std::env::var_os("CI").is_none(),
                "tmux must be installed in CI"
            );
            eprintln!("SKIPPED: tmux is not installed; the terminal tests did not run");
            return None;
        }
        let name = format!("ng-{tag}-{}", std::process::id());
        let cmd = format!(
            "env XDG_DATA_HOME={} NO_COLOR=1 TERM=xterm {} repl",
            home.display(),
            env!("CARGO_BIN_EXE_newsgraph")
        );
        let ok = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                &name,
                "-x",
                "160",
                "-y",
                "50",
                &cmd,
            ])
            .status()
            .expect("tmux runs")
            .success();
        assert!(ok, "tmux session started");
        let t = Tmux { name };
        t.wait_for("newsgraph>", "the prompt");
        Some(t)
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.name];
        args.extend_from_slice(keys);
        assert!(Command::new("tmux").args(&args).status().unwrap().success());
    }

    fn type_text(&self, text: &str) {
        // tmux reads an argument ending in ';' as a command separator unless it is escaped.
        let escaped = match text.strip_suffix(';') {
            Some(head) => format!("{head}\\;"),
            None => text.to_string(),
        };
        assert!(Command::new("tmux")
            .args(["send-keys", "-t", &self.name, "-l", &escaped])
            .status()
            .unwrap()
            .success());
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-J", "-S", "-200", "-t", &self.name])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, needle: &str, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(REPL_WAIT_SECS);
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {what} ({needle:?}); screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until `needle` appears `count` times.
    fn wait_count(&self, needle: &str, count: usize, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(REPL_WAIT_SECS);
        loop {
            let screen = self.screen();
            if screen.matches(needle).count() >= count {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn alive(&self) -> bool {
        Command::new("tmux")
            .args(["has-session", "-t", &self.name])
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .status();
    }
}

fn home(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newsgraph-repl-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn completes_names_and_labels_and_runs_multi_line_statements() {
    let home = home("complete");
    let Some(t) = Tmux::start("complete", &home) else {
        return;
    };

    t.type_text("who met He L");
    t.keys(&["Tab"]);
    t.wait_for("who met \"He Lifeng\"", "the completed, quoted name");
    t.keys(&["Enter"]);
    t.wait_for("Scott Bessent", "the answer");

    t.type_text("MATCH (p:Per");
    t.keys(&["Tab"]);
    t.wait_for("MATCH (p:Person", "the completed label");
    t.type_text(")");
    t.keys(&["Enter"]);
    t.type_text("WHERE p.name = 'He Lifeng'");
    t.keys(&["Enter"]);
    t.type_text("RETURN p.name AS multi_line_name;");
    t.keys(&["Enter"]);
    t.wait_for("multi_line_name", "the multi-line result");
    t.wait_for("(1 row)", "one row");
}

#[test]
fn why_format_and_did_you_mean() {
    let home = home("meta");
    let Some(t) = Tmux::start("meta", &home) else {
        return;
    };
    t.type_text("who owns TikTok");
    t.keys(&["Enter"]);
    t.wait_for("ByteDance", "the owner");
    t.type_text(":why 1");
    t.keys(&["Enter"]);
    t.wait_for("TikTok", "the sentence behind row 1");
    t.type_text(":format json");
    t.keys(&["Enter"]);
    t.type_text("MATCH (p:Person {name: 'He Lifeng'}) RETURN p.name AS n;");
    t.keys(&["Enter"]);
    t.wait_for("[{\"n\":\"He Lifeng\"}]", "JSON output");
    t.type_text(":shcema");
    t.keys(&["Enter"]);
    t.wait_for("did you mean :schema", "the suggestion");
}

#[test]
fn ctrl_c_cancels_a_long_query_and_the_repl_lives_on() {
    let home = home("cancel");
    let Some(t) = Tmux::start("cancel", &home) else {
        return;
    };
    t.type_text("UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(*) AS never;");
    t.keys(&["Enter"]);
    // Give the line time to be submitted: a Ctrl-C that arrives while it is still being edited
    // cancels the line instead of the query.
    std::thread::sleep(Duration::from_millis(2000));
    t.keys(&["C-c"]);
    t.wait_for("cancel", "the cancellation message");
    assert!(t.alive(), "the REPL survived Ctrl-C");
    t.type_text("RETURN 40 + 2 AS answer;");
    t.keys(&["Enter"]);
    t.wait_for("42", "a statement after the cancellation");
}

#[test]
fn history_survives_a_restart() {
    let home = home("history");
    {
        let Some(t) = Tmux::start("history1", &home) else {
            return;
        };
        t.type_text("RETURN 'remembered' AS word;");
        t.keys(&["Enter"]);
        t.wait_for("(1 row)", "the result");
        // Ctrl-D leaves without adding anything to the history.
        t.keys(&["C-d"]);
        let deadline = Instant::now() + Duration::from_secs(10);
        while t.alive() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    let Some(t) = Tmux::start("history2", &home) else {
        return;
    };
    t.keys(&["Up"]);
    t.wait_count("remembered", 1, "the previous statement recalled");
    t.keys(&["Enter"]);
    t.wait_for("(1 row)", "it runs again");
}
