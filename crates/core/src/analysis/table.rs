//! What a debrief needs from an analysis, and nothing else: the best value reachable from
//! every state, the fewest turns to each ending, the skill points of the best path, and
//! whether it was exact. It is small
//! enough to keep on disk ([`super::cache`]), so the second debrief of a scenario version
//! costs a file read instead of an analysis.
//!
//! The states are stored layer by layer in the analysis' own sorted order, as fixed-width
//! records, so a lookup is a binary search over the bytes as read.

use super::{Analysis, Exactness, LayerKey, NO_VALUE, layer_key, state_of};
use crate::scenario::model::{ContentHash, EndingIndex, Scenario};
use crate::scoring::SkillPoints;
use crate::session::State;

/// The values ahead of the states of one analysis.
pub trait Outlook {
    /// Best value reachable from the state the analysis started in.
    fn best_value(&self) -> Option<i32>;
    /// Best value reachable from `state`, if it is known and an ending lies ahead of it.
    fn best_after(&self, state: &State) -> Option<i32>;
    /// The fewest turns any path from the start takes to `ending`: turns beyond it are effort.
    fn fewest_turns(&self, ending: EndingIndex) -> Option<u16>;
    /// Skill points earned along the best path: the reference for skill scores.
    fn best_path_points(&self) -> SkillPoints;
    fn exactness(&self) -> Exactness;
}

impl Outlook for Analysis {
    fn best_value(&self) -> Option<i32> {
        Analysis::best_value(self)
    }

    fn best_after(&self, state: &State) -> Option<i32> {
        self.value_range(state).map(|(best, _)| best)
    }

    fn fewest_turns(&self, ending: EndingIndex) -> Option<u16> {
        Analysis::fewest_turns(self, ending)
    }

    fn best_path_points(&self) -> SkillPoints {
        Analysis::best_path_points(self)
    }

    fn exactness(&self) -> Exactness {
        Analysis::exactness(self)
    }
}

/// Starts every file, so a file of another kind or an older layout is never misread. Layout 2:
/// signed values (zigzag-encoded) and the fewest turns to each ending.
const MAGIC: &[u8; 16] = b"rapport-values-2";

/// A fewest-turns entry for an ending no path reaches.
const UNREACHED: u16 = u16::MAX;

/// A signed value as an unsigned one with small magnitudes small (0, -1, 1, -2 ... as 0, 1,
/// 2, 3 ...), so the records stay narrow.
fn zigzag(value: i32) -> u32 {
    ((value << 1) ^ (value >> 31)) as u32
}

fn unzigzag(encoded: u32) -> i32 {
    ((encoded >> 1) as i32) ^ -((encoded & 1) as i32)
}

/// The best values ahead of every state of an exact analysis, packed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueTable {
    /// The scenario version analysed.
    scenario: ContentHash,
    initial: State,
    best_path_points: SkillPoints,
    /// Per ending, the fewest turns to it, [`UNREACHED`] for an ending never reached.
    fewest_turns: Vec<u16>,
    /// Bytes per record of each part: the node/ending and meters word, the flags, the value.
    widths: Widths,
    /// Records of layer `k` are `records[layer_start[k]..layer_start[k + 1]]` (in records).
    layer_start: Vec<u32>,
    records: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Widths {
    /// Bits of the node or ending index in a packed word (see [`Widths::pack`]).
    index_bits: u32,
    word: usize,
    flags: usize,
    value: usize,
}

impl Widths {
    fn record(self) -> usize {
        self.word + self.flags + self.value
    }

    /// A [`LayerKey`]'s first word (index, ending bit at 32, meters from bit 33) with the
    /// index's unused high bits squeezed out: a scenario of 40 nodes needs 6 bits, not 32.
    fn pack(self, word: u64) -> u64 {
        let index = word & 0xFFFF_FFFF;
        let rest = word >> 32;
        index | (rest << self.index_bits)
    }

    fn unpack(self, packed: u64) -> u64 {
        let index = packed & ((1u64 << self.index_bits) - 1);
        let rest = packed >> self.index_bits;
        index | (rest << 32)
    }
}

/// Bytes needed to write `value` little-endian without its leading zero bytes.
fn bytes_for(value: u128) -> usize {
    (16 - value.leading_zeros() as usize / 8).max(1)
}

fn write_le(out: &mut Vec<u8>, value: u128, width: usize) {
    out.extend_from_slice(&value.to_le_bytes()[..width]);
}

fn read_le(bytes: &[u8]) -> u128 {
    let mut full = [0u8; 16];
    full[..bytes.len()].copy_from_slice(bytes);
    u128::from_le_bytes(full)
}

impl ValueTable {
    /// The table of an exact analysis; `None` for an approximate one, whose values depend on
    /// the states a particular debrief asked it to keep.
    pub fn of(scenario: &Scenario, analysis: &Analysis) -> Option<Self> {
        if analysis.exactness != Exactness::Exact {
            return None;
        }
        let valued = |index: &usize| analysis.values[*index].best != NO_VALUE;
        let largest_index = (0..analysis.states.len())
            .filter(valued)
            .map(|index| layer_key(&analysis.states[index])[0] & 0xFFFF_FFFF)
            .max()
            .unwrap_or(0);
        let mut widths = Widths {
            index_bits: (64 - largest_index.leading_zeros()).max(1),
            word: 1,
            flags: 1,
            value: 1,
        };
        for index in (0..analysis.states.len()).filter(valued) {
            let [word, low, high] = layer_key(&analysis.states[index]);
            widths.word = widths.word.max(bytes_for(u128::from(widths.pack(word))));
            widths.flags = widths
                .flags
                .max(bytes_for(u128::from(low) | (u128::from(high) << 64)));
            widths.value = widths
                .value
                .max(bytes_for(u128::from(zigzag(analysis.values[index].best))));
        }
        let mut records = Vec::new();
        let mut layer_start = vec![0u32];
        for layer in analysis.layer_start.windows(2) {
            for index in (layer[0] as usize..layer[1] as usize).filter(valued) {
                let [word, low, high] = layer_key(&analysis.states[index]);
                write_le(&mut records, u128::from(widths.pack(word)), widths.word);
                write_le(
                    &mut records,
                    u128::from(low) | (u128::from(high) << 64),
                    widths.flags,
                );
                write_le(
                    &mut records,
                    u128::from(zigzag(analysis.values[index].best)),
                    widths.value,
                );
            }
            layer_start.push((records.len() / widths.record()) as u32);
        }
        Some(ValueTable {
            scenario: scenario.content_hash.clone(),
            initial: analysis.states[0],
            best_path_points: analysis.best_path_points(),
            fewest_turns: analysis
                .fewest_turns
                .iter()
                .map(|fewest| fewest.unwrap_or(UNREACHED))
                .collect(),
            widths,
            layer_start,
            records,
        })
    }

    /// The state the analysis started in.
    pub fn initial(&self) -> State {
        self.initial
    }

    /// Whether this is the table of `scenario` played from `initial`.
    pub fn is_for(&self, scenario: &Scenario, initial: &State) -> bool {
        self.scenario == scenario.content_hash && self.initial == *initial
    }

    /// Bytes the table takes on disk, about.
    pub fn size(&self) -> usize {
        self.records.len() + 96 + 4 * self.layer_start.len() + 2 * self.fewest_turns.len()
    }

    fn record(&self, index: usize) -> (LayerKey, i32) {
        let width = self.widths.record();
        let bytes = &self.records[index * width..(index + 1) * width];
        let (word, rest) = bytes.split_at(self.widths.word);
        let (flags, value) = rest.split_at(self.widths.flags);
        let flags = read_le(flags);
        (
            [
                self.widths.unpack(read_le(word) as u64),
                flags as u64,
                (flags >> 64) as u64,
            ],
            unzigzag(read_le(value) as u32),
        )
    }

    /// The table as bytes, with a checksum at the end.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.size() + 32);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.scenario.0.len() as u32).to_le_bytes());
        out.extend_from_slice(self.scenario.0.as_bytes());
        for word in layer_key(&self.initial) {
            out.extend_from_slice(&word.to_le_bytes());
        }
        out.extend_from_slice(&self.initial.turn.to_le_bytes());
        for points in self.best_path_points.0 {
            out.extend_from_slice(&points.to_le_bytes());
        }
        out.extend_from_slice(&(self.fewest_turns.len() as u32).to_le_bytes());
        for fewest in &self.fewest_turns {
            out.extend_from_slice(&fewest.to_le_bytes());
        }
        out.push(self.widths.index_bits as u8);
        for width in [self.widths.word, self.widths.flags, self.widths.value] {
            out.push(width as u8);
        }
        out.extend_from_slice(&(self.layer_start.len() as u32).to_le_bytes());
        for start in &self.layer_start {
            out.extend_from_slice(&start.to_le_bytes());
        }
        out.extend_from_slice(&self.records);
        let checksum = blake3::hash(&out);
        out.extend_from_slice(checksum.as_bytes());
        out
    }

    /// Reads bytes written by [`ValueTable::to_bytes`]; `None` if they are anything else,
    /// truncated or damaged.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let (body, checksum) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
        if blake3::hash(body).as_bytes() != checksum {
            return None;
        }
        let mut reader = Reader(body);
        if reader.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let hash_length = reader.u32()? as usize;
        let scenario = ContentHash(String::from_utf8(reader.take(hash_length)?.to_vec()).ok()?);
        let key = [reader.u64()?, reader.u64()?, reader.u64()?];
        let turn = u16::from_le_bytes(reader.take(2)?.try_into().ok()?);
        let mut best_path_points = SkillPoints::default();
        for points in &mut best_path_points.0 {
            *points = i16::from_le_bytes(reader.take(2)?.try_into().ok()?);
        }
        let endings = reader.u32()? as usize;
        let mut fewest_turns = Vec::with_capacity(endings.min(body.len() / 2));
        for _ in 0..endings {
            fewest_turns.push(u16::from_le_bytes(reader.take(2)?.try_into().ok()?));
        }
        let width = |byte: u8, most: usize| {
            let width = usize::from(byte);
            (1..=most).contains(&width).then_some(width)
        };
        let index_bits = u32::from(reader.take(1)?[0]);
        if !(1..=32).contains(&index_bits) {
            return None;
        }
        let widths = Widths {
            index_bits,
            word: width(reader.take(1)?[0], 8)?,
            flags: width(reader.take(1)?[0], 16)?,
            value: width(reader.take(1)?[0], 4)?,
        };
        let layers = reader.u32()? as usize;
        let mut layer_start = Vec::with_capacity(layers.min(body.len() / 4));
        for _ in 0..layers {
            layer_start.push(reader.u32()?);
        }
        let records = reader.0.to_vec();
        let count = records.len() / widths.record();
        let in_order = layer_start.first() == Some(&0)
            && layer_start.windows(2).all(|pair| pair[0] <= pair[1])
            && layer_start.last().map(|&last| last as usize) == Some(count)
            && records.len() % widths.record() == 0;
        in_order.then(|| ValueTable {
            scenario,
            initial: state_of(&key, turn),
            best_path_points,
            fewest_turns,
            widths,
            layer_start,
            records,
        })
    }
}

impl Outlook for ValueTable {
    fn best_value(&self) -> Option<i32> {
        self.best_after(&self.initial)
    }

    fn fewest_turns(&self, ending: EndingIndex) -> Option<u16> {
        self.fewest_turns
            .get(ending as usize)
            .copied()
            .filter(|&fewest| fewest != UNREACHED)
    }

    fn best_after(&self, state: &State) -> Option<i32> {
        let layer = usize::from(state.turn.checked_sub(self.initial.turn)?);
        let start = *self.layer_start.get(layer)? as usize;
        let end = *self.layer_start.get(layer + 1)? as usize;
        let key = layer_key(state);
        let (mut low, mut high) = (start, end);
        while low < high {
            let middle = low + (high - low) / 2;
            let (found, value) = self.record(middle);
            match found.cmp(&key) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(value),
            }
        }
        None
    }

    fn best_path_points(&self) -> SkillPoints {
        self.best_path_points
    }

    fn exactness(&self) -> Exactness {
        Exactness::Exact
    }
}

/// Reads little-endian fields off the front of a byte slice.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        let (taken, rest) = self.0.split_at_checked(count)?;
        self.0 = rest;
        Some(taken)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}
