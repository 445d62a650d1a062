//! The results store keeps every session: a writer killed mid-write leaves the file consistent
//! with every committed session intact, and two processes writing at once both land.
//!
//! The writers are this test binary run again as a child process (`RAPPORT_STORE_WRITER`), so
//! the kill is a real SIGKILL of a process holding the database open.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rapport_core::record::{SessionData, new_uid};
use rapport_core::scenario::ContentHash;
use rapport_core::session::{Choice, SessionRecord};
use rapport_core::trainee::Trainee;
use rapport_store::Store;

const WRITER: &str = "RAPPORT_STORE_WRITER";

fn scratch(name: &str) -> PathBuf {
    let folder =
        std::env::temp_dir().join(format!("rapport-store-it-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

/// Runs as the child: writes `count` sessions as `trainee`, printing each committed id.
#[test]
fn store_writer_child() {
    let Ok(spec) = std::env::var(WRITER) else {
        return; // Only does work when started by the tests below.
    };
    let mut parts = spec.splitn(3, '|');
    let (folder, trainee, count) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let mut store = Store::open_in(Path::new(folder)).unwrap();
    let record = SessionRecord {
        scenario_id: "stress".into(),
        content_hash: ContentHash("0".repeat(64)),
        seed: 1,
        choices: vec![Choice::Response(0); 20],
    };
    for _ in 0..count.parse::<usize>().unwrap() {
        let data = SessionData {
            uid: new_uid(),
            trainee: Trainee::new(trainee, "T"),
            record: record.clone(),
            outcome: None,
            turns: Vec::new(),
            started_at: 1,
            ended_at: 2,
        };
        let saved = store.save_session(&data).unwrap();
        let rapport_store::Saved::New(id) = saved else {
            panic!("a fresh uid was already stored");
        };
        println!("committed {id}");
    }
}

fn spawn_writer(folder: &Path, trainee: &str, count: usize) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "store_writer_child",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env(WRITER, format!("{}|{trainee}|{count}", folder.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn integrity(folder: &Path) -> String {
    let connection = rusqlite::Connection::open(folder.join(rapport_store::FILE_NAME)).unwrap();
    connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap()
}

#[test]
fn a_writer_killed_mid_write_loses_nothing_it_committed() {
    let folder = scratch("kill");
    Store::open_in(&folder).unwrap();
    let mut child = spawn_writer(&folder, "killed", 1_000_000);
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut committed = Vec::new();
    let start = Instant::now();
    // Let it write for a while, then kill it without warning, in the middle of its loop.
    while committed.len() < 200 && start.elapsed() < Duration::from_secs(30) {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(id) = line.strip_prefix("committed ") {
                    committed.push(id.parse::<i64>().unwrap());
                }
            }
            _ => break,
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        committed.len() >= 50,
        "the writer committed only {} sessions",
        committed.len()
    );

    assert_eq!(integrity(&folder), "ok");
    let mut store = Store::open_in(&folder).unwrap();
    let stored: std::collections::HashSet<i64> = store
        .sessions()
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    for id in &committed {
        assert!(
            stored.contains(id),
            "session {id} was reported committed but is missing"
        );
    }
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn two_writers_at_once_both_land() {
    let folder = scratch("concurrent");
    Store::open_in(&folder).unwrap();
    let writers = [
        spawn_writer(&folder, "first", 150),
        spawn_writer(&folder, "second", 150),
    ];
    for mut writer in writers {
        let status = writer.wait().unwrap();
        assert!(status.success(), "a writer failed: {status}");
    }
    assert_eq!(integrity(&folder), "ok");
    let sessions = Store::open_in(&folder).unwrap().sessions().unwrap();
    for trainee in ["first", "second"] {
        assert_eq!(
            sessions.iter().filter(|s| s.trainee == trainee).count(),
            150,
            "{trainee}"
        );
    }
    let _ = std::fs::remove_dir_all(&folder);
}
