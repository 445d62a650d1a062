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
            scoring_model: rapport_core::scoring::SCORING_MODEL,
            turns: Vec::new(),
            started_at: 1,
            ended_at: 2,
            language: "en".into(),
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

/// A session of `trainee`, abandoned after two choices.
fn session_of(trainee: &str) -> SessionData {
    SessionData {
        uid: new_uid(),
        trainee: Trainee::new(trainee, "T"),
        record: SessionRecord {
            scenario_id: "locked".into(),
            content_hash: ContentHash("0".repeat(64)),
            seed: 3,
            choices: vec![Choice::Response(0), Choice::Silence],
        },
        outcome: None,
        scoring_model: rapport_core::scoring::SCORING_MODEL,
        turns: Vec::new(),
        started_at: 1,
        ended_at: 2,
        language: "es".into(),
    }
}

/// Another process's write lock on the store in `folder`, held until the sender fires (or is
/// dropped); returns once the lock is held.
fn hold_write_lock(folder: &Path) -> (std::sync::mpsc::Sender<()>, std::thread::JoinHandle<()>) {
    let path = folder.join(rapport_store::FILE_NAME);
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let connection = rusqlite::Connection::open(path).unwrap();
        connection.execute_batch("BEGIN IMMEDIATE").unwrap();
        locked_tx.send(()).unwrap();
        let _ = release_rx.recv();
        connection.execute_batch("COMMIT").unwrap();
    });
    locked_rx.recv().unwrap();
    (release_tx, holder)
}

#[test]
fn a_session_waits_out_a_lock_held_for_three_seconds_and_is_saved() {
    let folder = scratch("lock-3s");
    let mut store = Store::open_in(&folder).unwrap();
    let (release, holder) = hold_write_lock(&folder);
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(3));
        let _ = release.send(());
    });
    let data = session_of("patient");
    let saved = store.save_session(&data);
    assert!(
        matches!(saved, Ok(rapport_store::Saved::New(_))),
        "{saved:?}"
    );
    releaser.join().unwrap();
    holder.join().unwrap();
    assert_eq!(store.session(&data.uid).unwrap(), Some(data));
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn a_session_the_store_cannot_take_waits_in_the_outbox_and_lands_on_the_next_open() {
    use rapport_store::outbox::{Outbox, Waiting};
    let folder = scratch("outbox");
    let mut store = Store::open_in(&folder).unwrap();
    // Waiting a tenth of a second (three times) stands for a store that stays unavailable.
    store.set_write_wait(Duration::from_millis(100)).unwrap();
    let (release, holder) = hold_write_lock(&folder);
    let data = session_of("unlucky");
    let error = store.save_session(&data).unwrap_err();
    assert!(error.is_busy(), "{error}");
    let outbox = Outbox::in_data_dir(&folder);
    outbox
        .keep(&Waiting {
            session: data.clone(),
            slot: None,
        })
        .unwrap();
    // Still locked: delivery fails and the session keeps waiting.
    let delivery = outbox.deliver(&mut store);
    assert_eq!((delivery.stored, delivery.still_waiting), (0, 1));
    assert!(delivery.problem.is_some());
    drop(release);
    holder.join().unwrap();
    drop(store);

    let mut store = Store::open_in(&folder).unwrap();
    let delivery = outbox.deliver(&mut store);
    assert_eq!(
        (delivery.stored, delivery.still_waiting),
        (1, 0),
        "{delivery:?}"
    );
    assert_eq!(store.session(&data.uid).unwrap(), Some(data));
    assert!(
        outbox.waiting().0.is_empty(),
        "the file is gone once stored"
    );
    let _ = std::fs::remove_dir_all(&folder);
}
