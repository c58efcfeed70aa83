//! Property columns for the store: one column per property key, each a dense array of value
//! ids (4 bytes per row) over a pool of values that is de-duplicated while values repeat.
//!
//! News graphs repeat values massively on relationships (place names and dates of meetings),
//! so a relationship property costs 4 bytes instead of a 32-byte `PropValue` plus a heap
//! string. Columns whose values turn out to be (nearly) unique, like node names, stop
//! de-duplicating so that they do not pay for a hash map that never hits.

use super::model::{PropValue, Symbol};
use super::strings::{hash_bytes, mix64};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Hasher for keys that already are well-mixed 64-bit hashes: passes them through.
#[derive(Default)]
pub(crate) struct PremixedHasher(u64);

impl Hasher for PremixedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Map keyed by a value's hash.
type DedupMap = HashMap<u64, u32, BuildHasherDefault<PremixedHasher>>;

/// Pool size from which a column checks whether de-duplication pays.
const DEDUP_CHECK_FROM: usize = 1 << 16;

/// The values of one property key, by row (node or relationship index).
#[derive(Clone, Debug)]
pub(crate) struct PropColumn {
    key: Symbol,
    /// Value id + 1 per row, 0 where the row has no value; rows past the end have none.
    rows: Vec<u32>,
    pool: Vec<PropValue>,
    /// Hash of a pooled value → its id; `None` once the column stopped de-duplicating.
    dedup: Option<DedupMap>,
    /// Pool ids from here on belong to exactly one row (pushed without de-duplication), so
    /// overwriting such a row may reuse its slot.
    exclusive_from: u32,
    present: usize,
}

/// Hash of a property value (variant and payload; floats by bit pattern).
fn value_hash(v: &PropValue) -> u64 {
    match v {
        PropValue::Bool(b) => mix64(1 + u64::from(*b)),
        PropValue::Int(i) => mix64(*i as u64 ^ 0x1111_0000_0000_0000),
        PropValue::Float(x) => mix64(x.to_bits() ^ 0x2222_0000_0000_0000),
        PropValue::Str(s) => str_hash(s),
        PropValue::List(items) => items
            .iter()
            .fold(0x4444, |h, item| mix64(h.rotate_left(7) ^ value_hash(item))),
    }
}

fn str_hash(s: &str) -> u64 {
    hash_bytes(s.as_bytes()) ^ 0x3333
}

impl PropColumn {
    fn new(key: Symbol) -> Self {
        PropColumn {
            key,
            rows: Vec::new(),
            pool: Vec::new(),
            dedup: Some(DedupMap::default()),
            exclusive_from: u32::MAX,
            present: 0,
        }
    }

    pub fn get(&self, row: usize) -> Option<&PropValue> {
        match self.rows.get(row) {
            Some(&id) if id != 0 => Some(&self.pool[(id - 1) as usize]),
            _ => None,
        }
    }

    /// Sets (or, with `None`, removes) the value of `row`.
    pub fn set(&mut self, row: usize, value: Option<PropValue>) {
        match value {
            None => self.clear(row),
            Some(v) => {
                let hash = value_hash(&v);
                let id = match self.pooled(hash, |p| *p == v) {
                    Some(id) => id,
                    None => self.pool_value(row, hash, v),
                };
                self.put(row, id);
            }
        }
    }

    /// Sets `row` to a string value, allocating only when the string is not pooled yet.
    pub fn set_str(&mut self, row: usize, value: &str) {
        let hash = str_hash(value);
        let id = match self.pooled(hash, |p| p.as_str() == Some(value)) {
            Some(id) => id,
            None => self.pool_value(row, hash, PropValue::Str(value.to_string())),
        };
        self.put(row, id);
    }

    fn pooled(&self, hash: u64, same: impl Fn(&PropValue) -> bool) -> Option<u32> {
        let id = *self.dedup.as_ref()?.get(&hash)?;
        same(&self.pool[id as usize]).then_some(id)
    }

    /// Stores a value that is not pooled yet and returns its id: in the slot `row` owns alone
    /// when there is one, else at the end of the pool.
    fn pool_value(&mut self, row: usize, hash: u64, v: PropValue) -> u32 {
        if let Some(&old) = self.rows.get(row) {
            if old != 0 && old > self.exclusive_from {
                self.pool[(old - 1) as usize] = v;
                return old - 1;
            }
        }
        let id = self.pool.len() as u32;
        self.pool.push(v);
        if let Some(map) = &mut self.dedup {
            // On a hash collision the older value keeps the entry; the new one is simply not
            // shared.
            map.entry(hash).or_insert(id);
            let size = self.pool.len();
            if size >= DEDUP_CHECK_FROM && size.is_power_of_two() && size * 4 > self.present * 3 {
                self.dedup = None;
                self.exclusive_from = size as u32;
            }
        }
        id
    }

    fn put(&mut self, row: usize, id: u32) {
        if self.rows.len() <= row {
            self.rows.resize(row + 1, 0);
        }
        if self.rows[row] == 0 {
            self.present += 1;
        }
        self.rows[row] = id + 1;
    }

    fn clear(&mut self, row: usize) {
        if let Some(slot) = self.rows.get_mut(row) {
            if *slot != 0 {
                *slot = 0;
                self.present -= 1;
            }
        }
    }

    /// How to find the rows whose value equals `value` (openCypher equality: numbers
    /// compare across Int and Float).
    pub fn matcher<'c>(&'c self, value: &'c PropValue) -> RowMatcher<'c> {
        let numeric = matches!(value, PropValue::Int(_) | PropValue::Float(_));
        let nested = matches!(value, PropValue::List(_));
        match &self.dedup {
            Some(map) if !numeric && !nested => match map.get(&value_hash(value)) {
                // Every equal value met the map entry when it was stored, so shares its id.
                Some(&id) if self.pool[id as usize] == *value => RowMatcher::Id(&self.rows, id + 1),
                Some(_) => RowMatcher::Compare(self, value),
                None => RowMatcher::Nothing,
            },
            _ => RowMatcher::Compare(self, value),
        }
    }

    fn shrink_to_fit(&mut self) {
        self.rows.shrink_to_fit();
        self.pool.shrink_to_fit();
    }

    pub fn heap_bytes(&self) -> usize {
        let strings: usize = self
            .pool
            .iter()
            .map(|v| match v {
                PropValue::Str(s) => s.capacity(),
                PropValue::List(items) => items.capacity() * std::mem::size_of::<PropValue>(),
                _ => 0,
            })
            .sum();
        self.rows.capacity() * 4
            + self.pool.capacity() * std::mem::size_of::<PropValue>()
            + strings
            + self.dedup.as_ref().map_or(0, |m| m.capacity() * 16)
    }
}

/// Finds rows holding one value: by pooled id (4-byte compare per row) when the value is
/// de-duplicated, else by comparing values.
pub(crate) enum RowMatcher<'c> {
    Nothing,
    /// Rows hold value id + 1; matching rows hold this.
    Id(&'c [u32], u32),
    Compare(&'c PropColumn, &'c PropValue),
}

impl RowMatcher<'_> {
    pub fn matches(&self, row: usize) -> bool {
        match self {
            RowMatcher::Nothing => false,
            RowMatcher::Id(rows, stored) => rows.get(row) == Some(stored),
            RowMatcher::Compare(col, value) => col.get(row).is_some_and(|v| cypher_eq(v, value)),
        }
    }
}

/// openCypher equality of two stored values: numbers compare across Int and Float, lists
/// item by item.
pub(crate) fn cypher_eq(a: &PropValue, b: &PropValue) -> bool {
    match (a, b) {
        (PropValue::Int(x), PropValue::Float(y)) | (PropValue::Float(y), PropValue::Int(x)) => {
            *x as f64 == *y
        }
        (PropValue::List(x), PropValue::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| cypher_eq(p, q))
        }
        _ => a == b,
    }
}

/// The property columns of all nodes or all relationships, in the order their keys were
/// first set.
#[derive(Clone, Debug, Default)]
pub(crate) struct Columns {
    columns: Vec<PropColumn>,
}

impl Columns {
    pub fn column(&self, key: Symbol) -> Option<&PropColumn> {
        self.columns.iter().find(|c| c.key == key)
    }

    pub fn column_mut(&mut self, key: Symbol) -> &mut PropColumn {
        match self.columns.iter().position(|c| c.key == key) {
            Some(i) => &mut self.columns[i],
            None => {
                self.columns.push(PropColumn::new(key));
                self.columns.last_mut().expect("just pushed")
            }
        }
    }

    pub fn get(&self, row: usize, key: Symbol) -> Option<&PropValue> {
        self.column(key)?.get(row)
    }

    /// The properties of one row, in column order.
    pub fn row(&self, row: usize) -> impl Iterator<Item = (Symbol, &PropValue)> {
        self.columns
            .iter()
            .filter_map(move |c| c.get(row).map(|v| (c.key, v)))
    }

    pub fn set(&mut self, row: usize, key: Symbol, value: Option<PropValue>) {
        if value.is_none() && self.column(key).is_none() {
            return;
        }
        self.column_mut(key).set(row, value);
    }

    pub fn shrink_to_fit(&mut self) {
        self.columns.iter_mut().for_each(PropColumn::shrink_to_fit);
    }

    pub fn heap_bytes(&self) -> usize {
        self.columns.iter().map(PropColumn::heap_bytes).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_values_share_one_pool_slot() {
        let mut col = PropColumn::new(Symbol(0));
        for row in 0..1000 {
            col.set_str(row, if row % 2 == 0 { "Paris" } else { "Rome" });
        }
        col.set(1000, Some(PropValue::Int(3)));
        assert_eq!(col.pool.len(), 3);
        assert_eq!(col.get(2).and_then(PropValue::as_str), Some("Paris"));
        assert_eq!(col.get(3).and_then(PropValue::as_str), Some("Rome"));
        assert_eq!(col.get(1000), Some(&PropValue::Int(3)));
        assert_eq!(col.get(5000), None);
        col.set(2, None);
        assert_eq!(col.get(2), None);
        assert_eq!(col.get(4).and_then(PropValue::as_str), Some("Paris"));
    }

    #[test]
    fn unique_values_stop_deduplicating_and_overwrite_in_place() {
        let mut col = PropColumn::new(Symbol(0));
        for row in 0..DEDUP_CHECK_FROM + 10 {
            col.set(row, Some(PropValue::Int(row as i64)));
        }
        assert!(col.dedup.is_none());
        let pooled = col.pool.len();
        col.set(DEDUP_CHECK_FROM + 5, Some(PropValue::Int(-1)));
        assert_eq!(col.pool.len(), pooled);
        assert_eq!(col.get(DEDUP_CHECK_FROM + 5), Some(&PropValue::Int(-1)));
        assert_eq!(col.get(7), Some(&PropValue::Int(7)));
    }
}
