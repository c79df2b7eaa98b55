//! The canonical points the plant model produces, as a dense index for cheap snapshots.
//!
//! [`ems_model::Point`] is the public name of a quantity; inside the simulator every point the
//! model knows is a [`Quantity`], so that a snapshot is a fixed array and serving a read never
//! looks a name up. Points are matched by their canonical name once, when a register image is
//! built.

use ems_model::{Point, PointKind};

macro_rules! quantities {
    ($( $variant:ident => $name:literal, )*) => {
        /// A canonical point the plant model can produce.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub(crate) enum Quantity {
            $( $variant, )*
        }

        impl Quantity {
            /// Every quantity, in index order.
            pub(crate) const ALL: &'static [Quantity] = &[ $( Quantity::$variant, )* ];

            /// The canonical point name.
            pub(crate) const fn name(self) -> &'static str {
                match self { $( Quantity::$variant => $name, )* }
            }
        }
    };
}

quantities! {
    VoltageL1 => "voltage_l1",
    VoltageL2 => "voltage_l2",
    VoltageL3 => "voltage_l3",
    VoltageLnAverage => "voltage_ln_average",
    VoltageL1L2 => "voltage_l1_l2",
    VoltageL2L3 => "voltage_l2_l3",
    VoltageL3L1 => "voltage_l3_l1",
    VoltageLlAverage => "voltage_ll_average",
    CurrentL1 => "current_l1",
    CurrentL2 => "current_l2",
    CurrentL3 => "current_l3",
    CurrentN => "current_n",
    CurrentAverage => "current_average",
    ActivePower => "active_power",
    ActivePowerL1 => "active_power_l1",
    ActivePowerL2 => "active_power_l2",
    ActivePowerL3 => "active_power_l3",
    ReactivePower => "reactive_power",
    ReactivePowerL1 => "reactive_power_l1",
    ReactivePowerL2 => "reactive_power_l2",
    ReactivePowerL3 => "reactive_power_l3",
    ApparentPower => "apparent_power",
    ApparentPowerL1 => "apparent_power_l1",
    ApparentPowerL2 => "apparent_power_l2",
    ApparentPowerL3 => "apparent_power_l3",
    PowerFactor => "power_factor",
    PowerFactorL1 => "power_factor_l1",
    PowerFactorL2 => "power_factor_l2",
    PowerFactorL3 => "power_factor_l3",
    Frequency => "frequency",
    ThdVoltageL1 => "thd_voltage_l1",
    ThdVoltageL2 => "thd_voltage_l2",
    ThdVoltageL3 => "thd_voltage_l3",
    ThdCurrentL1 => "thd_current_l1",
    ThdCurrentL2 => "thd_current_l2",
    ThdCurrentL3 => "thd_current_l3",
    ActivePowerDemand => "active_power_demand",
    ActivePowerDemandPeak => "active_power_demand_peak",
    EnergyActiveImport => "energy_active_import",
    EnergyActiveExport => "energy_active_export",
    EnergyActiveImportT1 => "energy_active_import_t1",
    EnergyActiveImportT2 => "energy_active_import_t2",
    EnergyActiveExportT1 => "energy_active_export_t1",
    EnergyActiveExportT2 => "energy_active_export_t2",
    EnergyActiveImportL1 => "energy_active_import_l1",
    EnergyActiveImportL2 => "energy_active_import_l2",
    EnergyActiveImportL3 => "energy_active_import_l3",
    EnergyActiveExportL1 => "energy_active_export_l1",
    EnergyActiveExportL2 => "energy_active_export_l2",
    EnergyActiveExportL3 => "energy_active_export_l3",
    EnergyReactiveImport => "energy_reactive_import",
    EnergyReactiveExport => "energy_reactive_export",
    EnergyReactiveQ1 => "energy_reactive_q1",
    EnergyReactiveQ2 => "energy_reactive_q2",
    EnergyReactiveQ3 => "energy_reactive_q3",
    EnergyReactiveQ4 => "energy_reactive_q4",
    EnergyApparent => "energy_apparent",
    GasVolume => "gas_volume",
    WaterVolume => "water_volume",
    RunTime => "run_time",
}

/// Number of quantities.
pub(crate) const COUNT: usize = Quantity::ALL.len();

impl Quantity {
    /// The dense index of the quantity.
    pub(crate) const fn index(self) -> usize {
        self as usize
    }

    /// The quantity of a canonical point, when the model produces it.
    pub(crate) fn from_point(point: Point) -> Option<Quantity> {
        let name = point.name();
        Quantity::ALL.iter().copied().find(|q| q.name() == name)
    }

    /// The canonical point of the quantity (every quantity names one).
    pub(crate) fn point(self) -> Option<Point> {
        Point::from_name(self.name())
    }

    /// True for cumulative counters.
    pub(crate) fn is_counter(self) -> bool {
        self.point().is_some_and(|p| p.kind() == PointKind::Counter)
    }

    /// The member for phase `phase` (0, 1, 2) of the family whose L1 member is `self`; any other
    /// quantity returns itself.
    pub(crate) const fn phase(self, phase: usize) -> Quantity {
        use Quantity as Q;
        let family: [Q; 3] = match self {
            Q::VoltageL1 => [Q::VoltageL1, Q::VoltageL2, Q::VoltageL3],
            Q::CurrentL1 => [Q::CurrentL1, Q::CurrentL2, Q::CurrentL3],
            Q::ActivePowerL1 => [Q::ActivePowerL1, Q::ActivePowerL2, Q::ActivePowerL3],
            Q::ReactivePowerL1 => [Q::ReactivePowerL1, Q::ReactivePowerL2, Q::ReactivePowerL3],
            Q::ApparentPowerL1 => [Q::ApparentPowerL1, Q::ApparentPowerL2, Q::ApparentPowerL3],
            Q::PowerFactorL1 => [Q::PowerFactorL1, Q::PowerFactorL2, Q::PowerFactorL3],
            Q::ThdVoltageL1 => [Q::ThdVoltageL1, Q::ThdVoltageL2, Q::ThdVoltageL3],
            Q::ThdCurrentL1 => [Q::ThdCurrentL1, Q::ThdCurrentL2, Q::ThdCurrentL3],
            Q::EnergyActiveImportL1 => [
                Q::EnergyActiveImportL1,
                Q::EnergyActiveImportL2,
                Q::EnergyActiveImportL3,
            ],
            Q::EnergyActiveExportL1 => [
                Q::EnergyActiveExportL1,
                Q::EnergyActiveExportL2,
                Q::EnergyActiveExportL3,
            ],
            other => [other, other, other],
        };
        family[if phase < 3 { phase } else { 2 }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_quantity_names_a_canonical_point() {
        for q in Quantity::ALL {
            let p = q
                .point()
                .unwrap_or_else(|| panic!("{} is not canonical", q.name()));
            assert_eq!(Quantity::from_point(p), Some(*q));
        }
    }

    #[test]
    fn counters_are_the_canonical_counters() {
        assert!(Quantity::EnergyActiveImport.is_counter());
        assert!(Quantity::RunTime.is_counter());
        assert!(!Quantity::ActivePower.is_counter());
    }
}
