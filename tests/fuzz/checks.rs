//! What the fuzz targets check, shared with `tests/fuzz_regressions.rs`, which replays every
//! input the fuzzer once broke on.

use std::sync::Arc;

use rapport_core::scenario::load_bytes;
use rapport_core::session::{Choice, Session};

/// Any bytes as a scenario file: loading, validation and drawing the diagnostics must never
/// panic, and a file without errors must give a scenario the rules accept.
pub fn load(data: &[u8]) {
    let report = load_bytes("fuzz.ron", data);
    // Carets may point anywhere in any text: rendering must cope.
    let rendered = report.render(false);
    assert_eq!(report.has_errors(), report.scenario.is_none(), "{rendered}");
    if let Some(scenario) = &report.scenario {
        assert!(!scenario.nodes.is_empty());
        assert!((scenario.start as usize) < scenario.nodes.len());
    }
}

/// Scenario text, a 0 byte, then one byte per choice (255 is silence, anything else the
/// response at that index modulo 16). The engine must refuse what a node does not offer
/// without changing anything, keep the meters within 0-100, and replay its record exactly.
pub fn engine(data: &[u8]) {
    let Some(split) = data.iter().rposition(|byte| *byte == 0) else {
        return;
    };
    let (text, choices) = (&data[..split], &data[split + 1..]);
    let Some(scenario) = load_bytes("fuzz.ron", text).scenario else {
        return;
    };
    let scenario = Arc::new(scenario);
    let mut session = Session::new(Arc::clone(&scenario), choices.len() as u64);
    for byte in choices {
        let choice = if *byte == 255 {
            Choice::Silence
        } else {
            Choice::Response(byte % 16)
        };
        let before = (session.state(), session.transcript().len());
        match session.choose(choice) {
            Ok(exchange) => {
                let meters = exchange.after.meters;
                assert!(
                    meters.satisfaction <= 100 && meters.trust <= 100 && meters.patience <= 100
                );
            }
            Err(_) => assert_eq!(before, (session.state(), session.transcript().len())),
        }
    }
    let replayed =
        Session::replay(Arc::clone(&scenario), &session.record()).expect("a record replays");
    assert_eq!(replayed.transcript(), session.transcript());
    assert_eq!(replayed.state(), session.state());
}
