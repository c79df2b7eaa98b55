//! The validator: the rules of `docs/PROFILES.md` that serde cannot check.
//!
//! Every rule is checked and every violation reported, each with the key path of the offending
//! field (`registers[4].unit`), so that one run shows everything wrong with a profile.

use crate::schema::{DeviceKind, Profile, RatioApplied, Register, Table};
use ems_model::{Dimension, Point, Unit};
use std::collections::HashMap;

/// The largest number of registers one Modbus read may ask for (function codes 3 and 4).
pub const MODBUS_MAX_READ_REGISTERS: u16 = 125;

/// One rule a profile breaks, at a key path inside the profile.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path}: {problem}")]
pub struct ProfileError {
    /// Key path of the offending field (`registers[4].unit`, `modbus.max_block_registers`).
    pub path: String,
    /// What is wrong.
    pub problem: Problem,
}

/// What is wrong with a profile field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    /// The id is not `vendor.model` in lowercase letters, digits, `_` and `-`.
    #[error(
        "id \"{0}\" is not of the form vendor.model (lowercase letters, digits, '_' or '-' on \
         each side of one dot)"
    )]
    IdForm(String),
    /// The id differs from the one the file's path gives.
    #[error("id \"{id}\" does not match the file's path, which gives \"{expected}\"")]
    IdNotPath {
        /// The id in the file.
        id: String,
        /// The id the path gives.
        expected: String,
    },
    /// The file is not at `<category>/<vendor>/<model>.toml`.
    #[error("the file is not at <category>/<vendor>/<model>.toml (as meter/eastron/sdm630.toml)")]
    PathForm,
    /// A required text is empty.
    #[error("must not be empty")]
    Empty,
    /// `phases` is not 0, 1 or 3.
    #[error("phases must be 0, 1 or 3, not {0}")]
    Phases(u8),
    /// `phases` does not suit the kind of device.
    #[error("a {kind} has {expected} phases, not {phases}")]
    PhasesForKind {
        /// The device kind.
        kind: DeviceKind,
        /// The phases given.
        phases: u8,
        /// What the kind allows.
        expected: &'static str,
    },
    /// The profile maps no register.
    #[error("the profile maps no register")]
    NoRegisters,
    /// `max_block_registers` is outside 1..=125.
    #[error("must be 1..=125, not {0}")]
    BlockLimit(u16),
    /// `max_block_registers` is smaller than a register.
    #[error("{max} is smaller than registers[{index}], which is {words} registers wide")]
    BlockNarrowerThanRegister {
        /// `max_block_registers`.
        max: u16,
        /// The widest register.
        index: usize,
        /// Its width.
        words: u16,
    },
    /// The same point is mapped twice.
    #[error("point {point} is already mapped by registers[{first}]")]
    DuplicatePoint {
        /// The point.
        point: Point,
        /// The register that maps it first.
        first: usize,
    },
    /// The unit cannot express the point.
    #[error("unit \"{unit}\" cannot express {point}, which is in \"{}\"", point.unit())]
    UnitDimension {
        /// The register's unit.
        unit: Unit,
        /// The register's point.
        point: Point,
    },
    /// The register runs past the last address.
    #[error("a {words}-register value at {address} runs past address 65535")]
    PastEnd {
        /// The first address.
        address: u16,
        /// The width.
        words: u16,
    },
    /// Two registers share addresses.
    #[error("overlaps registers[{other}] ({point}) in the {table} table")]
    Overlap {
        /// The other register.
        other: usize,
        /// The other register's point.
        point: Point,
        /// The table.
        table: Table,
    },
    /// The scale is zero, NaN or infinite.
    #[error("scale must be finite and non-zero, not {0}")]
    Scale(f64),
    /// A counter's scale is negative, which would make it count down.
    #[error("a counter's scale must be positive, not {0}")]
    NegativeCounterScale(f64),
    /// A sentinel does not fit the register's width.
    #[error("sentinel {sentinel:#X} does not fit a {words}-register value")]
    SentinelTooWide {
        /// The sentinel.
        sentinel: u64,
        /// The register's width.
        words: u16,
    },
    /// The scale-factor register is one of the point registers.
    #[error("scale factor register {address} lies inside registers[{other}] ({point})")]
    ExponentOverlapsPoint {
        /// The scale-factor register's address.
        address: u16,
        /// The point register it lies in.
        other: usize,
        /// That register's point.
        point: Point,
    },
    /// A transformer ratio is applied to a point it does not scale.
    #[error("ratio \"{ratio}\" does not apply to {point}")]
    Ratio {
        /// The ratio.
        ratio: RatioApplied,
        /// The point.
        point: Point,
    },
    /// An identify entry lists no value.
    #[error("an identify entry needs at least one value")]
    IdentifyNoValues,
    /// Two identify entries read the same register.
    #[error("identify[{first}] already reads this register")]
    IdentifyDuplicate {
        /// The first entry reading it.
        first: usize,
    },
}

/// Checks every rule that does not depend on where the profile was read from.
pub fn validate(profile: &Profile) -> Vec<ProfileError> {
    let mut errors = Errors::default();
    check_header(profile, &mut errors);
    check_modbus(profile, &mut errors);
    check_registers(profile, &mut errors);
    check_identify(profile, &mut errors);
    errors.0
}

/// Checks every rule, including that the id matches `relative_path`, the file's path below the
/// profiles directory (`meter/eastron/sdm630.toml`).
pub fn validate_at_path(profile: &Profile, relative_path: &str) -> Vec<ProfileError> {
    let mut errors = validate(profile);
    match id_from_path(relative_path) {
        None => errors.insert(
            0,
            ProfileError {
                path: "id".to_owned(),
                problem: Problem::PathForm,
            },
        ),
        Some(expected) if expected != profile.id => errors.insert(
            0,
            ProfileError {
                path: "id".to_owned(),
                problem: Problem::IdNotPath {
                    id: profile.id.clone(),
                    expected,
                },
            },
        ),
        Some(_) => {}
    }
    errors
}

/// The id a profile at `relative_path` must have: `meter/eastron/sdm630.toml` gives
/// `eastron.sdm630`. `None` unless the path is `<category>/<vendor>/<model>.toml`.
pub fn id_from_path(relative_path: &str) -> Option<String> {
    let stem = relative_path.strip_suffix(".toml")?;
    let mut parts = stem.split('/');
    let (_category, vendor, model) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || vendor.is_empty() || model.is_empty() {
        return None;
    }
    Some(format!("{vendor}.{model}"))
}

/// True when `id` is `vendor.model` with each side made of lowercase ASCII letters, digits, `_`
/// and `-`, starting with a letter or digit.
pub fn is_valid_profile_id(id: &str) -> bool {
    let part_ok = |part: &str| {
        part.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
    };
    matches!(id.split_once('.'), Some((vendor, model)) if part_ok(vendor) && part_ok(model))
}

#[derive(Default)]
struct Errors(Vec<ProfileError>);

impl Errors {
    fn push(&mut self, path: impl Into<String>, problem: Problem) {
        self.0.push(ProfileError {
            path: path.into(),
            problem,
        });
    }
}

fn check_header(profile: &Profile, errors: &mut Errors) {
    if !is_valid_profile_id(&profile.id) {
        errors.push("id", Problem::IdForm(profile.id.clone()));
    }
    for (field, text) in [
        ("vendor", &profile.vendor),
        ("model", &profile.model),
        ("source", &profile.source),
    ] {
        if text.trim().is_empty() {
            errors.push(field, Problem::Empty);
        }
    }
    for (i, alias) in profile.aliases.iter().enumerate() {
        if alias.trim().is_empty() {
            errors.push(format!("aliases[{i}]"), Problem::Empty);
        }
    }
    let phases = profile.phases;
    let (suits_kind, expected) = match profile.kind {
        DeviceKind::ElectricityMeter => (phases != 0, "1 or 3"),
        DeviceKind::GasMeter | DeviceKind::WaterMeter => (phases == 0, "0"),
    };
    if !matches!(phases, 0 | 1 | 3) {
        errors.push("phases", Problem::Phases(phases));
    } else if !suits_kind {
        errors.push(
            "phases",
            Problem::PhasesForKind {
                kind: profile.kind,
                phases,
                expected,
            },
        );
    }
}

fn check_modbus(profile: &Profile, errors: &mut Errors) {
    let max = profile.modbus.max_block_registers;
    if !(1..=MODBUS_MAX_READ_REGISTERS).contains(&max) {
        errors.push("modbus.max_block_registers", Problem::BlockLimit(max));
    }
    let widest = profile
        .registers
        .iter()
        .enumerate()
        .max_by_key(|(i, r)| (r.words(), std::cmp::Reverse(*i)));
    if let Some((index, register)) = widest
        && max != 0
        && register.words() > max
    {
        errors.push(
            "modbus.max_block_registers",
            Problem::BlockNarrowerThanRegister {
                max,
                index,
                words: register.words(),
            },
        );
    }
}

fn check_registers(profile: &Profile, errors: &mut Errors) {
    if profile.registers.is_empty() {
        errors.push("registers", Problem::NoRegisters);
    }
    let mut first_of_point: HashMap<Point, usize> = HashMap::new();
    for (i, register) in profile.registers.iter().enumerate() {
        let at = |field: &str| format!("registers[{i}].{field}");
        if let Some(&first) = first_of_point.get(&register.point) {
            errors.push(
                at("point"),
                Problem::DuplicatePoint {
                    point: register.point,
                    first,
                },
            );
        } else {
            first_of_point.insert(register.point, i);
        }
        if register.unit.dimension() != register.point.unit().dimension() {
            errors.push(
                at("unit"),
                Problem::UnitDimension {
                    unit: register.unit,
                    point: register.point,
                },
            );
        }
        if register.end() > 1 << 16 {
            errors.push(
                at("address"),
                Problem::PastEnd {
                    address: register.address,
                    words: register.words(),
                },
            );
        }
        if !register.scale.is_finite() || register.scale == 0.0 {
            errors.push(at("scale"), Problem::Scale(register.scale));
        } else if register.point.is_counter() && register.scale < 0.0 {
            errors.push(at("scale"), Problem::NegativeCounterScale(register.scale));
        }
        let width_bits = 16 * u32::from(register.words());
        for (j, &sentinel) in register.sentinels.iter().enumerate() {
            if width_bits < 64 && sentinel >> width_bits != 0 {
                errors.push(
                    format!("registers[{i}].sentinels[{j}]"),
                    Problem::SentinelTooWide {
                        sentinel,
                        words: register.words(),
                    },
                );
            }
        }
        if let Some(ratio) = register.ratio
            && !ratio_applies(ratio, register.point)
        {
            errors.push(
                at("ratio"),
                Problem::Ratio {
                    ratio,
                    point: register.point,
                },
            );
        }
    }
    check_overlaps(&profile.registers, errors);
    check_exponents(&profile.registers, errors);
}

fn ratio_applies(ratio: RatioApplied, point: Point) -> bool {
    let dimension = point.unit().dimension();
    match ratio {
        RatioApplied::Ct => dimension == Dimension::Current,
        RatioApplied::Vt => dimension == Dimension::Voltage,
        RatioApplied::CtVt => matches!(
            dimension,
            Dimension::ActivePower
                | Dimension::ReactivePower
                | Dimension::ApparentPower
                | Dimension::ActiveEnergy
                | Dimension::ReactiveEnergy
                | Dimension::ApparentEnergy
        ),
    }
}

/// Reports each register that shares an address with an earlier one (by address) in its table.
fn check_overlaps(registers: &[Register], errors: &mut Errors) {
    let mut order: Vec<usize> = (0..registers.len()).collect();
    order.sort_by_key(|&i| (registers[i].table, registers[i].address, i));
    // The register reaching furthest so far in the current table: (table, end, index).
    let mut reach: Option<(Table, u32, usize)> = None;
    for &i in &order {
        let register = &registers[i];
        if let Some((table, end, other)) = reach
            && table == register.table
            && u32::from(register.address) < end
        {
            errors.push(
                format!("registers[{i}].address"),
                Problem::Overlap {
                    other,
                    point: registers[other].point,
                    table,
                },
            );
        }
        let extends = match reach {
            Some((table, end, _)) => table != register.table || register.end() > end,
            None => true,
        };
        if extends {
            reach = Some((register.table, register.end(), i));
        }
    }
}

fn check_exponents(registers: &[Register], errors: &mut Errors) {
    for (i, register) in registers.iter().enumerate() {
        let Some(address) = register.scale_exponent_address else {
            continue;
        };
        let inside = registers.iter().position(|other| {
            other.table == register.table
                && u32::from(other.address) <= u32::from(address)
                && u32::from(address) < other.end()
        });
        if let Some(other) = inside {
            errors.push(
                format!("registers[{i}].scale_exponent_address"),
                Problem::ExponentOverlapsPoint {
                    address,
                    other,
                    point: registers[other].point,
                },
            );
        }
    }
}

fn check_identify(profile: &Profile, errors: &mut Errors) {
    let mut first: HashMap<(Table, u16), usize> = HashMap::new();
    for (i, entry) in profile.identify.iter().enumerate() {
        if entry.values.is_empty() {
            errors.push(format!("identify[{i}].values"), Problem::IdentifyNoValues);
        }
        if let Some(&earlier) = first.get(&(entry.table, entry.address)) {
            errors.push(
                format!("identify[{i}].address"),
                Problem::IdentifyDuplicate { first: earlier },
            );
        } else {
            first.insert((entry.table, entry.address), i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{IdentifyRegister, Register, RegisterType};

    fn register(name: &str, address: u16, ty: RegisterType) -> Register {
        crate::schema::testing::register(name, Table::Input, address, ty)
    }

    fn profile() -> Profile {
        crate::schema::testing::profile(
            60,
            4,
            vec![
                register("voltage_l1", 0, RegisterType::F32),
                register("voltage_l2", 2, RegisterType::F32),
                register("energy_active_import", 0x100, RegisterType::U64),
            ],
        )
    }

    fn messages(profile: &Profile) -> Vec<String> {
        validate(profile).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_sound_profile_has_no_errors() {
        assert_eq!(messages(&profile()), Vec::<String>::new());
    }

    #[test]
    fn ids_must_be_lowercase_vendor_dot_model() {
        for bad in [
            "Acme.em3",
            "acme",
            "acme.em3.x",
            ".em3",
            "acme.",
            "acme.em 3",
        ] {
            let mut p = profile();
            p.id = bad.to_owned();
            assert!(
                messages(&p)[0].starts_with("id: id "),
                "{bad}: {:?}",
                messages(&p)
            );
        }
        assert!(is_valid_profile_id("abb.b23-212"));
    }

    #[test]
    fn the_id_must_match_the_path() {
        let p = profile();
        assert!(validate_at_path(&p, "meter/acme/em3.toml").is_empty());
        let errors = validate_at_path(&p, "meter/acme/em4.toml");
        assert_eq!(
            errors[0].to_string(),
            "id: id \"acme.em3\" does not match the file's path, which gives \"acme.em4\""
        );
        let errors = validate_at_path(&p, "acme/em3.toml");
        assert_eq!(errors[0].problem, Problem::PathForm);
    }

    #[test]
    fn empty_vendor_model_and_source_are_refused() {
        let mut p = profile();
        p.vendor = String::new();
        p.source = " ".to_owned();
        assert_eq!(
            messages(&p),
            ["vendor: must not be empty", "source: must not be empty"]
        );
    }

    #[test]
    fn phases_must_be_0_1_or_3_and_suit_the_kind() {
        let mut p = profile();
        p.phases = 2;
        assert_eq!(messages(&p), ["phases: phases must be 0, 1 or 3, not 2"]);
        p.phases = 0;
        assert_eq!(
            messages(&p),
            ["phases: a electricity_meter has 1 or 3 phases, not 0"]
        );
        p.kind = DeviceKind::GasMeter;
        assert!(messages(&p).is_empty());
        p.phases = 1;
        assert_eq!(messages(&p), ["phases: a gas_meter has 0 phases, not 1"]);
    }

    #[test]
    fn a_point_may_be_mapped_once_only() {
        let mut p = profile();
        p.registers
            .push(register("voltage_l1", 10, RegisterType::F32));
        assert_eq!(
            messages(&p),
            ["registers[3].point: point voltage_l1 is already mapped by registers[0]"]
        );
    }

    #[test]
    fn the_unit_must_have_the_points_dimension() {
        let mut p = profile();
        p.registers[2].unit = Unit::Kilowatt;
        assert_eq!(
            messages(&p),
            [
                "registers[2].unit: unit \"kW\" cannot express energy_active_import, which is in \"Wh\""
            ]
        );
    }

    #[test]
    fn registers_may_not_overlap_counting_their_width() {
        let mut p = profile();
        // voltage_l1 occupies 0..2: a value at 1 overlaps it.
        p.registers
            .push(register("current_l1", 1, RegisterType::U16));
        // The same address in the other table is no overlap.
        let mut holding = register("current_l2", 0, RegisterType::U16);
        holding.table = Table::Holding;
        p.registers.push(holding);
        // A u64 at 0xFE overlaps energy at 0x100.
        p.registers
            .push(register("energy_active_export", 0xFE, RegisterType::U64));
        assert_eq!(
            messages(&p),
            [
                "registers[3].address: overlaps registers[0] (voltage_l1) in the input table",
                "registers[2].address: overlaps registers[5] (energy_active_export) in the input table",
            ]
        );
    }

    #[test]
    fn registers_must_end_within_the_address_space() {
        let mut p = profile();
        p.registers
            .push(register("current_l1", 0xFFFF, RegisterType::U32));
        p.registers
            .push(register("current_l2", 0xFFFF, RegisterType::U16));
        p.registers[4].table = Table::Holding;
        assert_eq!(
            messages(&p),
            ["registers[3].address: a 2-register value at 65535 runs past address 65535"]
        );
    }

    #[test]
    fn the_block_limit_is_1_to_125_and_fits_the_widest_register() {
        let mut p = profile();
        p.modbus.max_block_registers = 0;
        assert_eq!(
            messages(&p),
            ["modbus.max_block_registers: must be 1..=125, not 0"]
        );
        p.modbus.max_block_registers = 126;
        assert_eq!(
            messages(&p),
            ["modbus.max_block_registers: must be 1..=125, not 126"]
        );
        p.modbus.max_block_registers = 2;
        assert_eq!(
            messages(&p),
            [
                "modbus.max_block_registers: 2 is smaller than registers[2], which is 4 registers wide"
            ]
        );
    }

    #[test]
    fn scales_must_be_finite_and_non_zero_and_positive_for_counters() {
        let mut p = profile();
        p.registers[0].scale = 0.0;
        p.registers[1].scale = f64::NAN;
        p.registers[2].scale = -1.0;
        assert_eq!(
            messages(&p),
            [
                "registers[0].scale: scale must be finite and non-zero, not 0",
                "registers[1].scale: scale must be finite and non-zero, not NaN",
                "registers[2].scale: a counter's scale must be positive, not -1",
            ]
        );
        let mut p = profile();
        p.registers[0].scale = -0.1;
        assert!(messages(&p).is_empty());
    }

    #[test]
    fn sentinels_must_fit_the_register() {
        let mut p = profile();
        p.registers[0].sentinels = vec![0xFFFF_FFFF, 0x1_0000_0000];
        p.registers[2].sentinels = vec![u64::MAX];
        assert_eq!(
            messages(&p),
            ["registers[0].sentinels[1]: sentinel 0x100000000 does not fit a 2-register value"]
        );
    }

    #[test]
    fn the_exponent_register_may_not_lie_inside_a_point_register() {
        let mut p = profile();
        p.registers[0].scale_exponent_address = Some(3);
        p.registers[1].scale_exponent_address = Some(4);
        p.registers[2].scale_exponent_address = Some(1);
        p.registers[2].table = Table::Holding;
        assert_eq!(
            messages(&p),
            [
                "registers[0].scale_exponent_address: scale factor register 3 lies inside registers[1] (voltage_l2)"
            ]
        );
    }

    #[test]
    fn transformer_ratios_apply_to_matching_points_only() {
        let mut p = profile();
        p.registers[0].ratio = Some(RatioApplied::Vt);
        p.registers[1].ratio = Some(RatioApplied::Ct);
        p.registers[2].ratio = Some(RatioApplied::CtVt);
        assert_eq!(
            messages(&p),
            ["registers[1].ratio: ratio \"ct\" does not apply to voltage_l2"]
        );
    }

    #[test]
    fn identify_entries_need_values_and_distinct_registers() {
        let mut p = profile();
        let entry = IdentifyRegister {
            table: Table::Holding,
            address: 0xFC02,
            values: vec![0x70],
        };
        p.identify = vec![
            entry.clone(),
            IdentifyRegister {
                values: vec![],
                ..entry
            },
        ];
        assert_eq!(
            messages(&p),
            [
                "identify[1].values: an identify entry needs at least one value",
                "identify[1].address: identify[0] already reads this register",
            ]
        );
    }

    #[test]
    fn a_profile_without_registers_is_refused() {
        let mut p = profile();
        p.registers.clear();
        assert_eq!(messages(&p), ["registers: the profile maps no register"]);
    }

    #[test]
    fn all_errors_are_reported_at_once() {
        let mut p = profile();
        p.id = "Acme".to_owned();
        p.phases = 7;
        p.modbus.max_block_registers = 200;
        p.registers[0].unit = Unit::Ampere;
        p.registers[1].scale = 0.0;
        assert_eq!(validate(&p).len(), 5);
    }

    #[test]
    fn paths_give_ids_only_for_three_level_toml_files() {
        assert_eq!(
            id_from_path("meter/eastron/sdm630.toml").as_deref(),
            Some("eastron.sdm630")
        );
        assert_eq!(id_from_path("meter/eastron/sdm630.json"), None);
        assert_eq!(id_from_path("meter/sdm630.toml"), None);
        assert_eq!(id_from_path("meter/a/b/c.toml"), None);
    }
}
