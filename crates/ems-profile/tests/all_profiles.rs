//! The all-profiles walk: every built-in profile (plus the crate's own test profile under
//! `tests/data/profiles`) parses, validates, has a fixture whose raw words decode to its expected
//! values through the read plans, is fully covered by that fixture, plans within its limits, and
//! encodes its expected values back to words that decode to them again.
//!
//! Each test collects every failure of every profile before failing, so one run shows all.

use ems_model::site::GenericModbusMeter;
use ems_model::{Point, Unit, Value};
use ems_profile::codec::{DecodeContext, NotAvailable, RegisterCodec};
use ems_profile::{
    Fixture, GENERIC_METER_ID, Library, PlanLimits, PollClass, Profile, ReadPlan, Table,
    generic_meter_profile, validate,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

const CLASSES: [PollClass; 2] = [PollClass::Fast, PollClass::Slow];

fn test_profiles_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/profiles"))
}

/// The built-in profiles plus the test profile.
fn library() -> Library {
    Library::builtin()
        .unwrap_or_else(|e| panic!("the built-in profiles do not load:\n{e}"))
        .with_user_dir(test_profiles_dir())
        .unwrap_or_else(|e| panic!("the test profiles do not load:\n{e}"))
}

/// Fails with every collected failure, one per line.
fn assert_no_failures(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The fixture's raw words by (table, address).
fn image(id: &str, fixture: &Fixture, failures: &mut Vec<String>) -> BTreeMap<(Table, u16), u16> {
    let mut image = BTreeMap::new();
    for block in &fixture.raw {
        for (address, &word) in (block.address..=u16::MAX).zip(&block.words) {
            if let Some(old) = image.insert((block.table, address), word)
                && old != word
            {
                failures.push(format!(
                    "{id}: fixture gives {:?} {address} twice, as {old:#06X} and {word:#06X}",
                    block.table
                ));
            }
        }
    }
    image
}

/// True when `got` is the fixture's `expected` value: counters exactly, floats within 1e-6
/// relative.
fn matches(point: Point, got: Value, expected: f64) -> bool {
    match got {
        Value::Counter(n) => point.is_counter() && n as f64 == expected,
        Value::Float(v) => {
            !point.is_counter() && (v - expected).abs() <= 1e-6 * expected.abs().max(1e-3)
        }
    }
}

fn each_profile_with_fixture(
    library: &Library,
    failures: &mut Vec<String>,
    mut check: impl FnMut(&Arc<Profile>, &Fixture, &BTreeMap<(Table, u16), u16>, &mut Vec<String>),
) {
    for profile in library {
        let Some(fixture) = library.fixture(&profile.id) else {
            failures.push(format!("{}: has no fixture", profile.id));
            continue;
        };
        let image = image(&profile.id, fixture, failures);
        check(profile, fixture, &image, failures);
    }
}

#[test]
fn the_walk_covers_the_test_profile_and_every_built_in_profile() {
    let builtin = Library::builtin().unwrap_or_else(|e| panic!("{e}"));
    let all = library();
    assert!(all.get("acme.em1").is_some());
    assert_eq!(all.len(), builtin.len() + 1);
    for profile in &builtin {
        assert!(all.get(&profile.id).is_some(), "{}", profile.id);
    }
}

#[test]
fn every_profile_validates_without_errors() {
    let library = library();
    let mut failures = Vec::new();
    for profile in &library {
        for error in validate(profile) {
            failures.push(format!("{}: {error}", profile.id));
        }
    }
    assert_no_failures(&failures);
}

#[test]
fn every_profile_has_a_fixture_that_covers_every_register() {
    let library = library();
    let mut failures = Vec::new();
    each_profile_with_fixture(
        &library,
        &mut failures,
        |profile, fixture, image, failures| {
            let id = &profile.id;
            let mapped: BTreeSet<Point> = profile.registers.iter().map(|r| r.point).collect();
            for register in &profile.registers {
                let point = register.point;
                let expected = fixture.expected.contains_key(&point);
                let unavailable = fixture.not_available.contains(&point);
                match (expected, unavailable) {
                    (false, false) => {
                        failures.push(format!("{id}: fixture does not cover {point}"))
                    }
                    (true, true) => failures.push(format!(
                        "{id}: fixture lists {point} as both expected and not available"
                    )),
                    _ => {}
                }
                let missing: Vec<u32> = (u32::from(register.address)..register.end())
                    .filter(|a| {
                        u16::try_from(*a)
                            .map_or(true, |a| !image.contains_key(&(register.table, a)))
                    })
                    .collect();
                if !missing.is_empty() {
                    failures.push(format!(
                        "{id}: fixture has no raw word for {point} at {missing:?}"
                    ));
                }
                if let Some(address) = register.scale_exponent_address
                    && !image.contains_key(&(register.table, address))
                {
                    failures.push(format!(
                        "{id}: fixture has no raw word for the scale factor of {point} at {address}"
                    ));
                }
            }
            let listed = fixture
                .expected
                .keys()
                .chain(&fixture.not_available)
                .filter(|p| !mapped.contains(p));
            for point in listed {
                failures.push(format!(
                    "{id}: fixture lists {point}, which the profile does not map"
                ));
            }
        },
    );
    assert_no_failures(&failures);
}

/// Decodes the fixture through `plan`, answering each block from the fixture's image (words the
/// fixture does not give read as 0), and compares with the fixture.
fn check_plan_decode(
    profile: &Profile,
    fixture: &Fixture,
    image: &BTreeMap<(Table, u16), u16>,
    plan: &ReadPlan,
    how: &str,
    failures: &mut Vec<String>,
) {
    let id = &profile.id;
    let responses: Vec<Vec<u16>> = plan
        .blocks()
        .iter()
        .map(|b| {
            (0..b.count())
                .map(|i| {
                    let address = b.start().saturating_add(i);
                    image.get(&(b.table(), address)).copied().unwrap_or(0)
                })
                .collect()
        })
        .collect();
    let context = DecodeContext::for_profile(profile);
    plan.decode(&responses, &context, |value, result| {
        let point = value.point();
        match (result, fixture.expected.get(&point)) {
            (Ok(got), Some(&expected)) if matches(point, got, expected) => {}
            (Ok(got), Some(&expected)) => failures.push(format!(
                "{id} ({how}): {point} decodes to {got:?}, fixture expects {expected}"
            )),
            (Ok(got), None) if fixture.not_available.contains(&point) => failures.push(format!(
                "{id} ({how}): {point} decodes to {got:?}, fixture expects not available"
            )),
            (Err(NotAvailable::NotRead), _) => {
                failures.push(format!("{id} ({how}): {point} was not read"));
            }
            (Err(reason), Some(&expected)) => failures.push(format!(
                "{id} ({how}): {point} is not available ({reason}), fixture expects {expected}"
            )),
            // Not available as the fixture says, or not covered (reported elsewhere).
            _ => {}
        }
    });
}

#[test]
fn every_fixture_decodes_to_its_expected_values_through_both_kinds_of_plan() {
    let library = library();
    let mut failures = Vec::new();
    each_profile_with_fixture(
        &library,
        &mut failures,
        |profile, fixture, image, failures| {
            for class in CLASSES {
                match ReadPlan::new(profile, class) {
                    Ok(plan) => {
                        check_plan_decode(profile, fixture, image, &plan, "coalesced", failures);
                    }
                    Err(e) => failures.push(format!("{}: cannot plan {class:?}: {e}", profile.id)),
                }
                match ReadPlan::one_value_per_read(profile, class) {
                    Ok(plan) => {
                        check_plan_decode(profile, fixture, image, &plan, "one per read", failures);
                    }
                    Err(e) => failures.push(format!("{}: cannot plan {class:?}: {e}", profile.id)),
                }
            }
        },
    );
    assert_no_failures(&failures);
}

/// Checks that `plan` reads every register of its class exactly once, nothing else, and each
/// value (and scale factor) within a block of at most `max` registers.
fn check_plan_shape(profile: &Profile, plan: &ReadPlan, max: u16, failures: &mut Vec<String>) {
    let id = &profile.id;
    let class = plan.class();
    let mut seen: BTreeMap<usize, usize> = BTreeMap::new();
    let mut previous: Option<(Table, u32)> = None;
    for block in plan.blocks() {
        if block.count() == 0 || block.count() > max {
            failures.push(format!(
                "{id} {class:?}: block at {} has {} registers (limit {max})",
                block.start(),
                block.count()
            ));
        }
        let end = u32::from(block.start()) + u32::from(block.count());
        if end > 1 << 16 {
            failures.push(format!(
                "{id} {class:?}: block at {} runs past 65535",
                block.start()
            ));
        }
        if let Some((table, previous_end)) = previous
            && (table, previous_end) > (block.table(), u32::from(block.start()))
        {
            failures.push(format!(
                "{id} {class:?}: blocks overlap or are out of order"
            ));
        }
        previous = Some((block.table(), end));
        for value in block.values() {
            *seen.entry(value.register_index()).or_default() += 1;
            let register = &profile.registers[value.register_index()];
            if register.table != block.table()
                || u32::from(register.address)
                    != u32::from(block.start()) + u32::from(value.offset())
                || value.offset() + value.words() > block.count()
            {
                failures.push(format!(
                    "{id} {class:?}: {} is misplaced in the block at {}",
                    register.point,
                    block.start()
                ));
            }
        }
    }
    for (index, register) in profile.registers.iter().enumerate() {
        let count = seen.get(&index).copied().unwrap_or(0);
        let wanted = usize::from(register.poll_class() == class);
        if count != wanted {
            failures.push(format!(
                "{id} {class:?}: {} is read {count} times, not {wanted}",
                register.point
            ));
        }
        if wanted == 1
            && let Some(address) = register.scale_exponent_address
            && !plan.blocks().iter().any(|b| {
                b.table() == register.table
                    && b.start() <= address
                    && u32::from(address) < u32::from(b.start()) + u32::from(b.count())
            })
        {
            failures.push(format!(
                "{id} {class:?}: the scale factor of {} at {address} is not read",
                register.point
            ));
        }
    }
}

#[test]
fn every_plan_respects_the_limits_and_reads_each_register_once_in_its_class() {
    let library = library();
    let mut failures = Vec::new();
    for profile in &library {
        let limits = PlanLimits::of(profile);
        for class in CLASSES {
            if let Ok(plan) = ReadPlan::new(profile, class) {
                check_plan_shape(profile, &plan, limits.max_block_registers, &mut failures);
            }
            if let Ok(plan) = ReadPlan::one_value_per_read(profile, class) {
                check_plan_shape(profile, &plan, 4, &mut failures);
            }
            let lowered = limits.lowered_to(PlanLimits {
                max_block_registers: 4,
                max_gap_registers: 0,
            });
            match ReadPlan::with_limits(profile, class, lowered) {
                Ok(plan) => check_plan_shape(profile, &plan, 4, &mut failures),
                Err(e) => failures.push(format!("{}: {e}", profile.id)),
            }
        }
    }
    assert_no_failures(&failures);
}

#[test]
fn encoding_the_expected_values_decodes_back_to_them() {
    let library = library();
    let mut failures = Vec::new();
    each_profile_with_fixture(
        &library,
        &mut failures,
        |profile, fixture, image, failures| {
            let id = &profile.id;
            let context = DecodeContext::for_profile(profile);
            for register in &profile.registers {
                let point = register.point;
                let Some(&expected) = fixture.expected.get(&point) else {
                    continue;
                };
                let codec = match RegisterCodec::new(register, &profile.modbus) {
                    Ok(codec) => codec,
                    Err(e) => {
                        failures.push(format!("{id}: {e}"));
                        continue;
                    }
                };
                let exponent = register
                    .scale_exponent_address
                    .and_then(|a| image.get(&(register.table, a)))
                    .map(|&w| w as i16);
                let words = codec.encode(expected, exponent, &context);
                match codec.decode(words.as_slice(), exponent, &context) {
                    Ok(got) if matches(point, got, expected) => {}
                    other => failures.push(format!(
                        "{id}: {point} = {expected} encodes to {:04X?}, which decodes to {other:?}",
                        words.as_slice()
                    )),
                }
            }
        },
    );
    assert_no_failures(&failures);
}

#[test]
fn the_generic_meter_profile_builds_validates_and_round_trips() {
    let params = GenericModbusMeter {
        function: 4,
        register: "0x0048".to_owned(),
        words: 2,
        multiplier: 0.01,
        unit: Unit::KilowattHour,
    };
    let profile = generic_meter_profile(&params).unwrap();
    assert_eq!(validate(&profile), vec![]);
    let library = library();
    assert!(library.ids().contains(&GENERIC_METER_ID));
    let resolved = library.resolve(GENERIC_METER_ID, Some(&params)).unwrap();
    assert_eq!(*resolved, profile);

    let plan = ReadPlan::new(&profile, PollClass::Slow).unwrap();
    let mut failures = Vec::new();
    check_plan_shape(&profile, &plan, 2, &mut failures);
    assert_no_failures(&failures);
    let context = DecodeContext::for_profile(&profile);
    let codec = plan.blocks()[0].values()[0].codec();
    let words = codec.encode(1_234_560.0, None, &context);
    assert_eq!(words.as_slice(), &[0x0001, 0xE240]);
    assert_eq!(
        codec.decode(words.as_slice(), None, &context),
        Ok(Value::Counter(1_234_560))
    );
}
