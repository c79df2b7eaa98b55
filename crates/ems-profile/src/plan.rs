//! The read-block planner: which registers to read in which requests.
//!
//! A [`ReadPlan`] covers the registers of one poll class (and the SunSpec scale-factor registers
//! they need), grouped per table into blocks that respect [`PlanLimits`]. Grouping is greedy in
//! address order: a register joins the current block when the gap before it is at most
//! `max_gap_registers` and the block stays within `max_block_registers`; this gives the fewest
//! blocks possible for contiguous runs. Blocks come out sorted by table and address, so a plan
//! is deterministic. Each block records at which offset each value sits, so decoding a block's
//! words is a loop over a vector, with no lookup and no allocation.

use crate::codec::{DecodeContext, NotAvailable, RegisterCodec, UnitMismatch};
use crate::schema::{PollClass, Profile, Table};
use crate::validate::MODBUS_MAX_READ_REGISTERS;
use ems_model::{Point, Value};

/// How far reads may be coalesced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PlanLimits {
    /// Most registers in one read (1..=125).
    pub max_block_registers: u16,
    /// Longest run of unplanned registers a block may read through.
    pub max_gap_registers: u16,
}

impl PlanLimits {
    /// The limits the profile declares.
    pub fn of(profile: &Profile) -> Self {
        PlanLimits {
            max_block_registers: profile.modbus.max_block_registers,
            max_gap_registers: profile.modbus.max_gap_registers,
        }
    }

    /// The stricter of `self` and `other` in each limit (a link or device may lower a profile's
    /// limits, never raise them).
    pub fn lowered_to(self, other: PlanLimits) -> Self {
        PlanLimits {
            max_block_registers: self.max_block_registers.min(other.max_block_registers),
            max_gap_registers: self.max_gap_registers.min(other.max_gap_registers),
        }
    }
}

/// A profile that cannot be planned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The block limit is 0 or above what Modbus allows.
    #[error("max_block_registers must be 1..=125, not {0}")]
    BlockLimit(u16),
    /// A register is wider than a block may be.
    #[error(
        "registers[{index}] ({point}) is {words} registers wide, more than the block limit of {max}"
    )]
    WiderThanBlock {
        /// Index of the register in the profile.
        index: usize,
        /// Its point.
        point: Point,
        /// Its width.
        words: u16,
        /// The block limit.
        max: u16,
    },
    /// A register runs past address 65535.
    #[error("registers[{index}] ({point}) runs past address 65535")]
    PastEnd {
        /// Index of the register in the profile.
        index: usize,
        /// Its point.
        point: Point,
    },
    /// A register's unit cannot express its point.
    #[error("registers[{index}]: {source}")]
    Unit {
        /// Index of the register in the profile.
        index: usize,
        /// The mismatch.
        source: UnitMismatch,
    },
}

/// One value inside a [`ReadBlock`].
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedValue {
    register: usize,
    offset: u16,
    codec: RegisterCodec,
    exponent: Option<WordLocation>,
}

impl PlannedValue {
    /// The point the value feeds.
    pub fn point(&self) -> Point {
        self.codec.point()
    }

    /// Index of the register in the profile's `registers`.
    pub fn register_index(&self) -> usize {
        self.register
    }

    /// Offset of the value's first word from the block's start.
    pub fn offset(&self) -> u16 {
        self.offset
    }

    /// Number of words of the value.
    pub fn words(&self) -> u16 {
        self.codec.words()
    }

    /// The codec that decodes the value.
    pub fn codec(&self) -> &RegisterCodec {
        &self.codec
    }
}

/// Where a word lies in a plan's responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WordLocation {
    block: usize,
    offset: u16,
}

/// One read request: `count` registers of `table` from `start`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadBlock {
    table: Table,
    start: u16,
    count: u16,
    values: Vec<PlannedValue>,
}

impl ReadBlock {
    /// The table read.
    pub fn table(&self) -> Table {
        self.table
    }

    /// The first address read.
    pub fn start(&self) -> u16 {
        self.start
    }

    /// The number of registers read.
    pub fn count(&self) -> u16 {
        self.count
    }

    /// The Modbus function code of the read (3 or 4).
    pub fn function(&self) -> u8 {
        self.table.read_function()
    }

    /// The values in the block, by address. Scale-factor registers read by the block are not
    /// listed: they are not values of their own.
    pub fn values(&self) -> &[PlannedValue] {
        &self.values
    }

    fn end(&self) -> u32 {
        u32::from(self.start) + u32::from(self.count)
    }
}

/// The reads that fetch every register of one poll class of a profile.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadPlan {
    class: PollClass,
    blocks: Vec<ReadBlock>,
}

/// Something the plan must read: a value or a scale-factor register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Item {
    table: Table,
    address: u16,
    words: u16,
    /// The register index for a value; `None` for a scale-factor register.
    register: Option<usize>,
}

impl Item {
    fn end(&self) -> u32 {
        u32::from(self.address) + u32::from(self.words)
    }
}

impl ReadPlan {
    /// Plans `class` under the profile's own limits.
    pub fn new(profile: &Profile, class: PollClass) -> Result<Self, PlanError> {
        ReadPlan::with_limits(profile, class, PlanLimits::of(profile))
    }

    /// Plans `class` under `limits`.
    pub fn with_limits(
        profile: &Profile,
        class: PollClass,
        limits: PlanLimits,
    ) -> Result<Self, PlanError> {
        let max = limits.max_block_registers;
        if !(1..=MODBUS_MAX_READ_REGISTERS).contains(&max) {
            return Err(PlanError::BlockLimit(max));
        }
        ReadPlan::build(profile, class, Some(limits))
    }

    /// Plans `class` with every value (and every scale-factor register) in a request of its own,
    /// for devices that refuse reads spanning several values.
    pub fn one_value_per_read(profile: &Profile, class: PollClass) -> Result<Self, PlanError> {
        ReadPlan::build(profile, class, None)
    }

    fn build(
        profile: &Profile,
        class: PollClass,
        limits: Option<PlanLimits>,
    ) -> Result<Self, PlanError> {
        let items = items(profile, class, limits)?;
        let mut spans: Vec<(Table, u16, u32)> = Vec::new(); // (table, start, end)
        for item in &items {
            let joins = match (spans.last(), limits) {
                (Some(&(table, start, end)), Some(limits)) => {
                    table == item.table
                        && u32::from(item.address) <= end + u32::from(limits.max_gap_registers)
                        && item.end().max(end) - u32::from(start)
                            <= u32::from(limits.max_block_registers)
                }
                _ => false,
            };
            match spans.last_mut() {
                Some(last) if joins => last.2 = last.2.max(item.end()),
                _ => spans.push((item.table, item.address, item.end())),
            }
        }
        let mut blocks: Vec<ReadBlock> = spans
            .iter()
            .map(|&(table, start, end)| ReadBlock {
                table,
                start,
                // Blocks are at most 125 registers (or one value of at most 4) wide.
                count: u16::try_from(end - u32::from(start)).unwrap_or(u16::MAX),
                values: Vec::new(),
            })
            .collect();
        for item in &items {
            let Some(index) = item.register else { continue };
            let register = &profile.registers[index];
            let codec = RegisterCodec::new(register, &profile.modbus)
                .map_err(|source| PlanError::Unit { index, source })?;
            let exponent = register
                .scale_exponent_address
                .and_then(|address| locate(&blocks, item.table, address));
            if let Some(block_index) = find_block(&blocks, item.table, item.address, item.words)
                && let Some(block) = blocks.get_mut(block_index)
            {
                let offset = item.address - block.start;
                block.values.push(PlannedValue {
                    register: index,
                    offset,
                    codec,
                    exponent,
                });
            }
        }
        Ok(ReadPlan { class, blocks })
    }

    /// The poll class planned.
    pub fn class(&self) -> PollClass {
        self.class
    }

    /// The reads, sorted by table and address.
    pub fn blocks(&self) -> &[ReadBlock] {
        &self.blocks
    }

    /// True when the class has no register.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Decodes the answers to the plan's reads, calling `sink` once per value in block order.
    ///
    /// `responses[i]` holds the words read for block `i`; a missing or short response makes the
    /// values it should hold [`NotAvailable::NotRead`], as does a missing scale-factor register.
    pub fn decode<W: AsRef<[u16]>>(
        &self,
        responses: &[W],
        context: &DecodeContext,
        mut sink: impl FnMut(&PlannedValue, Result<Value, NotAvailable>),
    ) {
        let word = |location: WordLocation| {
            responses
                .get(location.block)
                .and_then(|words| words.as_ref().get(usize::from(location.offset)))
                .copied()
        };
        for (block, block_values) in self.blocks.iter().enumerate() {
            let words = responses.get(block).map_or(&[][..], AsRef::as_ref);
            for value in &block_values.values {
                let start = usize::from(value.offset);
                let result = match (words.get(start..), value.exponent) {
                    (None, _) => Err(NotAvailable::NotRead),
                    (Some(words), None) => value.codec.decode(words, None, context),
                    (Some(words), Some(location)) => match word(location) {
                        // The scale-factor register holds an i16.
                        Some(raw) => value.codec.decode(words, Some(raw as i16), context),
                        None => Err(NotAvailable::NotRead),
                    },
                };
                sink(value, result);
            }
        }
    }
}

/// The values of `class` and the scale-factor registers they need, sorted and deduplicated.
fn items(
    profile: &Profile,
    class: PollClass,
    limits: Option<PlanLimits>,
) -> Result<Vec<Item>, PlanError> {
    let mut items = Vec::new();
    for (index, register) in profile.registers.iter().enumerate() {
        if register.poll_class() != class {
            continue;
        }
        if register.end() > 1 << 16 {
            return Err(PlanError::PastEnd {
                index,
                point: register.point,
            });
        }
        if let Some(limits) = limits
            && register.words() > limits.max_block_registers
        {
            return Err(PlanError::WiderThanBlock {
                index,
                point: register.point,
                words: register.words(),
                max: limits.max_block_registers,
            });
        }
        items.push(Item {
            table: register.table,
            address: register.address,
            words: register.words(),
            register: Some(index),
        });
        if let Some(address) = register.scale_exponent_address {
            items.push(Item {
                table: register.table,
                address,
                words: 1,
                register: None,
            });
        }
    }
    items.sort();
    items.dedup();
    Ok(items)
}

/// The block of `table` that holds `words` registers from `address`.
fn find_block(blocks: &[ReadBlock], table: Table, address: u16, words: u16) -> Option<usize> {
    let end = u32::from(address) + u32::from(words);
    // Blocks are sorted by (table, start) and do not overlap: the candidate is the last block
    // starting at or before `address`.
    let after = blocks.partition_point(|b| (b.table, b.start) <= (table, address));
    let index = after.checked_sub(1)?;
    let block = blocks.get(index)?;
    (block.table == table && end <= block.end()).then_some(index)
}

fn locate(blocks: &[ReadBlock], table: Table, address: u16) -> Option<WordLocation> {
    let block = find_block(blocks, table, address, 1)?;
    let offset = address - blocks.get(block)?.start;
    Some(WordLocation { block, offset })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::EXPONENT_NOT_IMPLEMENTED;
    use crate::schema::{Register, RegisterType};

    use crate::schema::testing::{profile, register};

    /// (table, start, count) of every block.
    fn shape(plan: &ReadPlan) -> Vec<(Table, u16, u16)> {
        plan.blocks()
            .iter()
            .map(|b| (b.table(), b.start(), b.count()))
            .collect()
    }

    fn voltages_at(addresses: &[u16]) -> Vec<Register> {
        let names = [
            "voltage_l1",
            "voltage_l2",
            "voltage_l3",
            "frequency",
            "current_l1",
        ];
        addresses
            .iter()
            .zip(names)
            .map(|(&a, n)| register(n, Table::Input, a, RegisterType::F32))
            .collect()
    }

    #[test]
    fn neighbours_join_across_gaps_up_to_the_limit() {
        // Values at 0..2, 4..6 (gap 2), 10..12 (gap 4).
        let p = profile(125, 2, voltages_at(&[0, 4, 10]));
        let plan = ReadPlan::new(&p, PollClass::Fast).unwrap();
        assert_eq!(shape(&plan), [(Table::Input, 0, 6), (Table::Input, 10, 2)]);
        let p = profile(125, 4, voltages_at(&[0, 4, 10]));
        let plan = ReadPlan::new(&p, PollClass::Fast).unwrap();
        assert_eq!(shape(&plan), [(Table::Input, 0, 12)]);
    }

    #[test]
    fn a_zero_gap_limit_joins_only_adjacent_values() {
        let p = profile(125, 0, voltages_at(&[0, 2, 5]));
        let plan = ReadPlan::new(&p, PollClass::Fast).unwrap();
        assert_eq!(shape(&plan), [(Table::Input, 0, 4), (Table::Input, 5, 2)]);
    }

    #[test]
    fn blocks_never_exceed_the_register_limit() {
        let p = profile(5, 10, voltages_at(&[0, 2, 4, 6, 8]));
        let plan = ReadPlan::new(&p, PollClass::Fast).unwrap();
        assert_eq!(
            shape(&plan),
            [
                (Table::Input, 0, 4),
                (Table::Input, 4, 4),
                (Table::Input, 8, 2)
            ]
        );
    }

    #[test]
    fn tables_are_planned_apart_and_sorted() {
        let mut registers = voltages_at(&[0, 2]);
        registers.push(register("current_l2", Table::Holding, 1, RegisterType::U16));
        registers.push(register("current_l3", Table::Holding, 0, RegisterType::U16));
        let p = profile(125, 8, registers);
        let plan = ReadPlan::new(&p, PollClass::Fast).unwrap();
        assert_eq!(shape(&plan), [(Table::Holding, 0, 2), (Table::Input, 0, 4)]);
        assert_eq!(plan.blocks()[0].function(), 3);
        let points: Vec<&str> = plan.blocks()[0]
            .values()
            .iter()
            .map(|v| v.point().name())
            .collect();
        assert_eq!(points, ["current_l3", "current_l2"]);
    }

    #[test]
    fn fast_and_slow_plans_hold_only_their_class() {
        let mut registers = voltages_at(&[0]);
        registers.push(register(
            "energy_active_import",
            Table::Input,
            2,
            RegisterType::U32,
        ));
        let mut forced = register("energy_active_export", Table::Input, 4, RegisterType::U32);
        forced.poll = Some(PollClass::Fast);
        registers.push(forced);
        let p = profile(125, 8, registers);
        let names = |class| {
            let plan = ReadPlan::new(&p, class).unwrap();
            assert_eq!(plan.class(), class);
            plan.blocks()
                .iter()
                .flat_map(|b| b.values().iter().map(|v| v.point().name()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(PollClass::Fast),
            ["voltage_l1", "energy_active_export"]
        );
        assert_eq!(names(PollClass::Slow), ["energy_active_import"]);
    }

    #[test]
    fn exponent_registers_are_pulled_into_the_plan_once() {
        let mut a = register("current_l1", Table::Holding, 40072, RegisterType::U16);
        a.scale_exponent_address = Some(40075);
        let mut b = register("current_l2", Table::Holding, 40073, RegisterType::U16);
        b.scale_exponent_address = Some(40075);
        let mut far = register("frequency", Table::Holding, 40200, RegisterType::U16);
        far.scale_exponent_address = Some(40300);
        let p = profile(125, 0, vec![a, b, far]);
        let plan = ReadPlan::new(&p, PollClass::Fast).unwrap();
        assert_eq!(
            shape(&plan),
            [
                (Table::Holding, 40072, 2),
                (Table::Holding, 40075, 1),
                (Table::Holding, 40200, 1),
                (Table::Holding, 40300, 1),
            ]
        );
        let responses = [
            vec![1234, 5678],
            vec![(-2i16) as u16],
            vec![5000],
            vec![(-2i16) as u16],
        ];
        let mut decoded = Vec::new();
        plan.decode(&responses, &DecodeContext::for_profile(&p), |v, r| {
            decoded.push((v.point().name(), r))
        });
        assert_eq!(
            decoded,
            [
                ("current_l1", Ok(Value::Float(12.34))),
                ("current_l2", Ok(Value::Float(56.78))),
                ("frequency", Ok(Value::Float(50.0))),
            ]
        );
    }

    #[test]
    fn a_not_implemented_or_unread_exponent_makes_its_values_unavailable() {
        let mut a = register("current_l1", Table::Holding, 10, RegisterType::U16);
        a.scale_exponent_address = Some(11);
        let p = profile(125, 0, vec![a]);
        let plan = ReadPlan::new(&p, PollClass::Fast).unwrap();
        assert_eq!(shape(&plan), [(Table::Holding, 10, 2)]);
        let context = DecodeContext::for_profile(&p);
        let mut decoded = Vec::new();
        plan.decode(&[[5, EXPONENT_NOT_IMPLEMENTED as u16]], &context, |_, r| {
            decoded.push(r)
        });
        plan.decode(&[[5]], &context, |_, r| decoded.push(r));
        assert_eq!(
            decoded,
            [
                Err(NotAvailable::ExponentNotImplemented),
                Err(NotAvailable::NotRead)
            ]
        );
    }

    #[test]
    fn missing_responses_make_their_values_not_read() {
        let p = profile(2, 0, voltages_at(&[0, 2]));
        let plan = ReadPlan::new(&p, PollClass::Fast).unwrap();
        let mut decoded = Vec::new();
        let responses: [&[u16]; 1] = [&[0x4366, 0x0000]];
        plan.decode(&responses, &DecodeContext::for_profile(&p), |v, r| {
            decoded.push((v.point().name(), r))
        });
        assert_eq!(
            decoded,
            [
                ("voltage_l1", Ok(Value::Float(230.0))),
                ("voltage_l2", Err(NotAvailable::NotRead))
            ]
        );
    }

    #[test]
    fn one_value_per_read_gives_each_value_its_own_request() {
        let mut registers = voltages_at(&[0, 2, 4]);
        registers[2].scale_exponent_address = Some(6);
        let p = profile(125, 8, registers);
        let plan = ReadPlan::one_value_per_read(&p, PollClass::Fast).unwrap();
        assert_eq!(
            shape(&plan),
            [
                (Table::Input, 0, 2),
                (Table::Input, 2, 2),
                (Table::Input, 4, 2),
                (Table::Input, 6, 1)
            ]
        );
        assert!(plan.blocks().iter().take(3).all(|b| b.values().len() == 1));
    }

    #[test]
    fn limits_can_be_lowered_but_must_stay_valid() {
        let p = profile(125, 8, voltages_at(&[0, 2, 4]));
        let limits = PlanLimits::of(&p).lowered_to(PlanLimits {
            max_block_registers: 4,
            max_gap_registers: 200,
        });
        assert_eq!(
            limits,
            PlanLimits {
                max_block_registers: 4,
                max_gap_registers: 8
            }
        );
        let plan = ReadPlan::with_limits(&p, PollClass::Fast, limits).unwrap();
        assert_eq!(shape(&plan), [(Table::Input, 0, 4), (Table::Input, 4, 2)]);
        let zero = PlanLimits {
            max_block_registers: 0,
            max_gap_registers: 0,
        };
        assert_eq!(
            ReadPlan::with_limits(&p, PollClass::Fast, zero),
            Err(PlanError::BlockLimit(0))
        );
    }

    #[test]
    fn a_register_wider_than_the_limit_is_an_error_not_a_panic() {
        let p = profile(
            2,
            0,
            vec![register(
                "energy_active_import",
                Table::Input,
                0,
                RegisterType::U64,
            )],
        );
        let err = ReadPlan::new(&p, PollClass::Slow).unwrap_err();
        assert_eq!(
            err.to_string(),
            "registers[0] (energy_active_import) is 4 registers wide, more than the block limit of 2"
        );
    }

    #[test]
    fn a_register_past_the_address_space_is_an_error() {
        let p = profile(
            125,
            0,
            vec![register(
                "voltage_l1",
                Table::Input,
                0xFFFF,
                RegisterType::F32,
            )],
        );
        assert!(matches!(
            ReadPlan::new(&p, PollClass::Fast),
            Err(PlanError::PastEnd { index: 0, .. })
        ));
    }

    #[test]
    fn a_block_can_end_at_the_last_address() {
        let p = profile(
            125,
            0,
            vec![register(
                "voltage_l1",
                Table::Input,
                0xFFFE,
                RegisterType::F32,
            )],
        );
        let plan = ReadPlan::new(&p, PollClass::Fast).unwrap();
        assert_eq!(shape(&plan), [(Table::Input, 0xFFFE, 2)]);
    }

    #[test]
    fn an_empty_class_gives_an_empty_plan() {
        let p = profile(125, 0, voltages_at(&[0]));
        assert!(ReadPlan::new(&p, PollClass::Slow).unwrap().is_empty());
    }
}
