//! Which counters are priced, and by which contract: bought electricity
//! (`energy_active_import`) by the electricity contract's rules or imported prices, fed-in
//! electricity (`energy_active_export`) by its export rules, gas and water (`gas_volume`,
//! `water_volume`) by their contracts.

use ems_model::Point;
use ems_model::tariff::Commodity;

/// The tariff under which amounts that nothing priced (no rule holds, or the tariff has no
/// price yet) are filed: they stay visible, never priced at 0.
pub const UNPRICED: &str = "";

/// What prices a counter: a commodity's contract, for what is bought or what is fed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PricedBy {
    /// The commodity.
    pub commodity: Commodity,
    /// True for what is fed in (the export rules).
    pub export: bool,
}

/// Every priced counter by name, with what prices it.
const PRICED: [(&str, PricedBy); 4] = [
    (
        "energy_active_import",
        PricedBy {
            commodity: Commodity::Electricity,
            export: false,
        },
    ),
    (
        "energy_active_export",
        PricedBy {
            commodity: Commodity::Electricity,
            export: true,
        },
    ),
    (
        "gas_volume",
        PricedBy {
            commodity: Commodity::Gas,
            export: false,
        },
    ),
    (
        "water_volume",
        PricedBy {
            commodity: Commodity::Water,
            export: false,
        },
    ),
];

/// What prices `point`, if it is priced.
pub fn priced_by(point: Point) -> Option<PricedBy> {
    PRICED
        .iter()
        .find(|(name, _)| *name == point.name())
        .map(|(_, by)| *by)
}

/// The counter priced by `by`; `None` for what nothing prices (fed-in gas or water).
pub fn priced_point(by: PricedBy) -> Option<Point> {
    PRICED
        .iter()
        .find(|(_, b)| *b == by)
        .and_then(|(name, _)| Point::from_name(name))
}

/// The priced counters, in the order of the overall view.
pub fn priced_points() -> impl Iterator<Item = Point> {
    PRICED.iter().filter_map(|(name, _)| Point::from_name(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_priced_counter_is_a_counter_summed_into_aggregates_and_maps_back() {
        assert_eq!(priced_points().count(), 4);
        for point in priced_points() {
            assert!(crate::scope::rolls_into_aggregates(point), "{point}");
            let by = priced_by(point).unwrap();
            assert_eq!(priced_point(by), Some(point));
        }
        let voltage = Point::from_name("voltage_l1").unwrap();
        assert_eq!(priced_by(voltage), None);
        let fed_gas = PricedBy {
            commodity: Commodity::Gas,
            export: true,
        };
        assert_eq!(priced_point(fed_gas), None);
    }
}
