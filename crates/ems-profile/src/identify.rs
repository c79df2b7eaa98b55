//! Recognising devices in a bus scan from the identification registers their profiles declare
//! (`[[identify]]`).
//!
//! A unit matches a profile when every identify entry of the profile matches: the register
//! could be read and its value is one of the entry's `values`. Profiles without identify
//! entries are never recognised (a unit that answers but matches nothing is "present, model
//! unknown").
//!
//! An [`IdentifyPlan`] holds the distinct registers the library declares, grouped into reads: one
//! read per register, except that neighbours of one table are read together when every profile
//! that declares one of them declares both (so a device of any of those profiles answers the
//! whole read; a profile's identification block is typically a run of words). An
//! [`Identification`] walks one unit through the plan: it names the next read that can still
//! tell the remaining candidates apart, most widely declared first (so the first read is the
//! cheapest probe for "is anyone there"), takes each answer, and stops as soon as every profile
//! is either matched or excluded.

use crate::schema::{Profile, Table};
use crate::validate::MODBUS_MAX_READ_REGISTERS;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// One read of identification registers: `count` registers of `table` from `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdentifyRead {
    /// Holding or input registers.
    pub table: Table,
    /// The first register, 0-based.
    pub start: u16,
    /// How many registers.
    pub count: u16,
}

impl IdentifyRead {
    /// The registers this read covers, as (table, address).
    pub fn registers(self) -> impl Iterator<Item = (Table, u16)> {
        let end = u32::from(self.start) + u32::from(self.count);
        (u32::from(self.start)..end)
            .filter_map(move |a| u16::try_from(a).ok().map(|a| (self.table, a)))
    }

    fn covers(self, table: Table, address: u16) -> bool {
        self.table == table
            && address >= self.start
            && u32::from(address) < u32::from(self.start) + u32::from(self.count)
    }
}

/// The identification registers of a library, grouped into reads, and the profiles they
/// recognise.
#[derive(Debug, Clone, Default)]
pub struct IdentifyPlan {
    /// The reads, sorted by table and address; no two overlap.
    reads: Vec<IdentifyRead>,
    /// The profiles with at least one identify entry, by id.
    profiles: Vec<Arc<Profile>>,
}

impl IdentifyPlan {
    /// What a unit is probed with when no profile declares identification registers: one
    /// holding register at 0 (any answer, even an exception, shows that a unit is there).
    pub const FALLBACK_PROBE: IdentifyRead = IdentifyRead {
        table: Table::Holding,
        start: 0,
        count: 1,
    };

    /// The plan for these profiles (a library's, for instance); profiles without identify
    /// entries are left out.
    pub fn new<'a>(profiles: impl IntoIterator<Item = &'a Arc<Profile>>) -> IdentifyPlan {
        let mut profiles: Vec<Arc<Profile>> = profiles
            .into_iter()
            .filter(|p| !p.identify.is_empty())
            .cloned()
            .collect();
        profiles.sort_by(|a, b| a.id.cmp(&b.id));
        profiles.dedup_by(|a, b| a.id == b.id);
        // Who declares each register, and the smallest block each register's profiles accept.
        let mut declared: BTreeMap<(Table, u16), (BTreeSet<usize>, u16)> = BTreeMap::new();
        for (index, profile) in profiles.iter().enumerate() {
            for entry in &profile.identify {
                let slot = declared
                    .entry((entry.table, entry.address))
                    .or_insert_with(|| (BTreeSet::new(), MODBUS_MAX_READ_REGISTERS));
                slot.0.insert(index);
                slot.1 = slot.1.min(profile.modbus.max_block_registers.max(1));
            }
        }
        // Every register's profiles declare all of its run, so they share one block limit.
        let mut reads: Vec<IdentifyRead> = Vec::new();
        let mut run: Option<(IdentifyRead, &BTreeSet<usize>, u16)> = None;
        for (&(table, address), (declarers, max_block)) in &declared {
            if let Some((read, run_declarers, limit)) = &mut run
                && read.table == table
                && u32::from(read.start) + u32::from(read.count) == u32::from(address)
                && *run_declarers == declarers
                && read.count < *limit
            {
                read.count += 1;
                continue;
            }
            reads.extend(run.take().map(|(read, ..)| read));
            let read = IdentifyRead {
                table,
                start: address,
                count: 1,
            };
            run = Some((read, declarers, *max_block));
        }
        reads.extend(run.map(|(read, ..)| read));
        IdentifyPlan { reads, profiles }
    }

    /// Every read, sorted by table and address.
    pub fn reads(&self) -> &[IdentifyRead] {
        &self.reads
    }

    /// The profiles the plan can recognise, by id.
    pub fn profiles(&self) -> &[Arc<Profile>] {
        &self.profiles
    }

    /// The first read of every unit: the one most profiles declare, or
    /// [`IdentifyPlan::FALLBACK_PROBE`] when no profile declares any.
    pub fn probe(&self) -> IdentifyRead {
        self.start()
            .next_read()
            .unwrap_or(IdentifyPlan::FALLBACK_PROBE)
    }

    /// Starts identifying one unit.
    pub fn start(&self) -> Identification<'_> {
        Identification {
            plan: self,
            words: BTreeMap::new(),
            done: BTreeSet::new(),
        }
    }

    /// The profiles every identify entry of which matches the registers in `words` (by table and
    /// address; a register that is missing does not match).
    pub fn matching(&self, words: &BTreeMap<(Table, u16), u16>) -> Vec<&Arc<Profile>> {
        self.profiles
            .iter()
            .filter(|p| verdict(p, |t, a| Some(words.get(&(t, a)).copied())) == Verdict::Matched)
            .collect()
    }
}

/// How a profile stands against what was read so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// Every entry was read and matches.
    Matched,
    /// An entry was read (or failed) and does not match.
    Excluded,
    /// Some entries are not read yet; those read match.
    Open,
}

/// The verdict on `profile` given `known(table, address)`: `None` when the register was not read
/// yet, `Some(None)` when reading it failed, `Some(Some(word))` when it was read.
fn verdict(profile: &Profile, known: impl Fn(Table, u16) -> Option<Option<u16>>) -> Verdict {
    let mut open = false;
    for entry in &profile.identify {
        match known(entry.table, entry.address) {
            None => open = true,
            Some(Some(word)) if entry.values.contains(&word) => {}
            Some(_) => return Verdict::Excluded,
        }
    }
    if open {
        Verdict::Open
    } else {
        Verdict::Matched
    }
}

/// The identification of one unit in progress: which read to do next, and what matched.
#[derive(Debug, Clone)]
pub struct Identification<'a> {
    plan: &'a IdentifyPlan,
    /// Registers read: their word, or `None` when the read covering them failed.
    words: BTreeMap<(Table, u16), Option<u16>>,
    /// Reads done.
    done: BTreeSet<IdentifyRead>,
}

impl Identification<'_> {
    fn known(&self, table: Table, address: u16) -> Option<Option<u16>> {
        self.words.get(&(table, address)).copied()
    }

    fn verdict(&self, profile: &Profile) -> Verdict {
        verdict(profile, |t, a| self.known(t, a))
    }

    /// The next read that can still tell the profiles apart: among the reads not done that
    /// cover a register of a profile neither matched nor excluded, the one the most such
    /// profiles declare (the first in address order among equals). `None` when identification
    /// is settled.
    pub fn next_read(&self) -> Option<IdentifyRead> {
        let open: Vec<&Arc<Profile>> = self
            .plan
            .profiles
            .iter()
            .filter(|p| self.verdict(p) == Verdict::Open)
            .collect();
        let mut best: Option<(usize, IdentifyRead)> = None;
        for &read in &self.plan.reads {
            if self.done.contains(&read) {
                continue;
            }
            let declarers = open
                .iter()
                .filter(|p| p.identify.iter().any(|e| read.covers(e.table, e.address)))
                .count();
            if declarers > best.map_or(0, |(n, _)| n) {
                best = Some((declarers, read));
            }
        }
        best.map(|(_, read)| read)
    }

    /// Takes the answer to `read`: its words, or `None` when the unit answered it with an
    /// exception or not at all. An answer shorter than the read leaves the missing registers
    /// failed.
    pub fn record(&mut self, read: IdentifyRead, answer: Option<&[u16]>) {
        for (i, register) in read.registers().enumerate() {
            let word = answer.and_then(|words| words.get(i).copied());
            self.words.insert(register, word);
        }
        self.done.insert(read);
    }

    /// True once a read was answered with words (not only exceptions).
    pub fn any_register_read(&self) -> bool {
        self.words.values().any(Option::is_some)
    }

    /// The profiles matched so far: those whose every identify entry was read and matches (once
    /// [`Identification::next_read`] gives `None`, every profile the unit can be).
    pub fn candidates(&self) -> Vec<&Arc<Profile>> {
        self.plan
            .profiles
            .iter()
            .filter(|p| self.verdict(p) == Verdict::Matched)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Library;
    use crate::schema::IdentifyRegister;
    use crate::schema::testing::{profile, register};

    fn library() -> Library {
        Library::builtin().unwrap()
    }

    /// Identifies a unit whose registers are `registers` (any other read fails, as a device
    /// answering "illegal data address"); returns the candidates' ids and the reads done.
    fn identify(
        plan: &IdentifyPlan,
        registers: &BTreeMap<(Table, u16), u16>,
    ) -> (Vec<String>, Vec<IdentifyRead>) {
        let mut identification = plan.start();
        let mut reads = Vec::new();
        while let Some(read) = identification.next_read() {
            let words: Option<Vec<u16>> = read
                .registers()
                .map(|r| registers.get(&r).copied())
                .collect();
            identification.record(read, words.as_deref());
            reads.push(read);
            assert!(reads.len() <= plan.reads().len(), "a read was repeated");
        }
        let ids = identification
            .candidates()
            .iter()
            .map(|p| p.id.clone())
            .collect();
        (ids, reads)
    }

    /// The registers of a device of `profile` that answers the first value of each identify
    /// entry.
    fn device_of(profile: &Profile) -> BTreeMap<(Table, u16), u16> {
        profile
            .identify
            .iter()
            .map(|e| ((e.table, e.address), e.values[0]))
            .collect()
    }

    #[test]
    fn the_probe_is_the_meter_code_register_that_two_eastron_profiles_share() {
        let plan = IdentifyPlan::new(library().iter());
        assert_eq!(
            plan.probe(),
            IdentifyRead {
                table: Table::Holding,
                start: 0xFC02,
                count: 1
            }
        );
    }

    #[test]
    fn only_profiles_with_identify_entries_are_in_the_plan() {
        let library = library();
        let plan = IdentifyPlan::new(library.iter());
        let ids: Vec<&str> = plan.profiles().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "abb.b23",
                "carlo_gavazzi.em340",
                "eastron.sdm120",
                "eastron.sdm72",
                "sunspec.meter_203"
            ]
        );
    }

    #[test]
    fn neighbours_declared_by_the_same_profiles_are_read_together_and_others_alone() {
        let plan = IdentifyPlan::new(library().iter());
        let read = |table, start, count| IdentifyRead {
            table,
            start,
            count,
        };
        assert_eq!(
            plan.reads(),
            [
                read(Table::Holding, 0x8960, 2), // ABB type designation, two words
                read(Table::Holding, 40000, 2),  // SunSpec "SunS"
                read(Table::Holding, 40070, 1),  // SunSpec model id
                read(Table::Holding, 0xFC02, 1), // Eastron meter code
                read(Table::Input, 0x000B, 1),   // Carlo Gavazzi identification code
            ]
        );
    }

    #[test]
    fn every_identifiable_built_in_profile_is_recognised_as_itself_and_nothing_else() {
        let library = library();
        let plan = IdentifyPlan::new(library.iter());
        for profile in plan.profiles() {
            let (candidates, _) = identify(&plan, &device_of(profile));
            assert_eq!(candidates, [profile.id.as_str()], "{}", profile.id);
        }
    }

    #[test]
    fn every_value_an_entry_lists_matches() {
        let library = library();
        let plan = IdentifyPlan::new(library.iter());
        let em340 = library.get("carlo_gavazzi.em340").unwrap();
        for &code in &em340.identify[0].values {
            let registers = BTreeMap::from([((Table::Input, 0x000B), code)]);
            assert_eq!(identify(&plan, &registers).0, ["carlo_gavazzi.em340"]);
        }
        // 340, a pre-series EM340 with the other word order, is not one of them.
        let registers = BTreeMap::from([((Table::Input, 0x000B), 340)]);
        assert!(identify(&plan, &registers).0.is_empty());
    }

    #[test]
    fn a_profile_matches_only_when_every_entry_matches() {
        let library = library();
        let plan = IdentifyPlan::new(library.iter());
        let sunspec = library.get("sunspec.meter_203").unwrap();
        let mut registers = device_of(sunspec);
        // A SunSpec device with another meter model (201, single phase) in its second block.
        registers.insert((Table::Holding, 40070), 201);
        assert!(identify(&plan, &registers).0.is_empty());
        assert!(plan.matching(&registers).is_empty());
        registers.insert((Table::Holding, 40070), 203);
        let ids: Vec<&str> = plan
            .matching(&registers)
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(ids, ["sunspec.meter_203"]);
        // An ABB with only the first word of its designation right.
        let abb = library.get("abb.b23").unwrap();
        let mut registers = device_of(abb);
        registers.insert((Table::Holding, 0x8961), 0x3520);
        assert!(identify(&plan, &registers).0.is_empty());
    }

    #[test]
    fn an_eastron_meter_is_settled_by_the_probe_and_the_reads_of_the_others() {
        let library = library();
        let plan = IdentifyPlan::new(library.iter());
        let sdm120 = library.get("eastron.sdm120").unwrap();
        let (candidates, reads) = identify(&plan, &device_of(sdm120));
        assert_eq!(candidates, ["eastron.sdm120"]);
        assert_eq!(reads[0], plan.probe());
        // SunSpec's model id is not read once its "SunS" marker failed.
        assert!(!reads.iter().any(|r| r.start == 40070), "{reads:?}");
    }

    #[test]
    fn a_unit_that_answers_no_identification_register_has_no_candidate() {
        let plan = IdentifyPlan::new(library().iter());
        let (candidates, reads) = identify(&plan, &BTreeMap::new());
        assert!(candidates.is_empty());
        // Every first read of each profile, but not the SunSpec model id after "SunS" failed.
        assert_eq!(reads.len(), plan.reads().len() - 1, "{reads:?}");
    }

    #[test]
    fn a_short_answer_fails_the_registers_it_lacks() {
        let library = library();
        let plan = IdentifyPlan::new(library.iter());
        let abb = library.get("abb.b23").unwrap();
        let mut identification = plan.start();
        let read = IdentifyRead {
            table: Table::Holding,
            start: 0x8960,
            count: 2,
        };
        identification.record(read, Some(&abb.identify[0].values[..1]));
        assert!(identification.any_register_read());
        assert!(identification.candidates().is_empty());
        while let Some(read) = identification.next_read() {
            identification.record(read, None);
        }
        assert!(identification.candidates().is_empty());
    }

    #[test]
    fn neighbours_of_different_profiles_are_read_apart_and_blocks_keep_the_smallest_limit() {
        let with_identify = |id: &str, max_block: u16, entries: &[(u16, u16)]| {
            let mut p = profile(
                max_block,
                0,
                vec![register(
                    "voltage_l1",
                    Table::Input,
                    0,
                    crate::RegisterType::F32,
                )],
            );
            p.id = id.to_owned();
            p.identify = entries
                .iter()
                .map(|&(address, value)| IdentifyRegister {
                    table: Table::Holding,
                    address,
                    values: vec![value],
                })
                .collect();
            Arc::new(p)
        };
        let profiles = [
            with_identify("acme.a", 125, &[(100, 1), (101, 2), (102, 3)]),
            with_identify("acme.b", 125, &[(103, 4)]),
            with_identify("acme.c", 2, &[(200, 5), (201, 6), (202, 7)]),
        ];
        let plan = IdentifyPlan::new(profiles.iter());
        let spans: Vec<(u16, u16)> = plan.reads().iter().map(|r| (r.start, r.count)).collect();
        assert_eq!(spans, [(100, 3), (103, 1), (200, 2), (202, 1)]);
        let device = device_of(&profiles[2]);
        assert_eq!(identify(&plan, &device).0, ["acme.c"]);
    }

    #[test]
    fn without_identifiable_profiles_the_probe_reads_the_first_holding_register() {
        let plan = IdentifyPlan::new(std::iter::empty());
        assert_eq!(plan.probe(), IdentifyPlan::FALLBACK_PROBE);
        let mut identification = plan.start();
        identification.record(IdentifyPlan::FALLBACK_PROBE, Some(&[7]));
        assert!(identification.any_register_read());
        assert_eq!(identification.next_read(), None);
        assert!(identification.candidates().is_empty());
    }
}
