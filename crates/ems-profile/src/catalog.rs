//! The profile library as the site model's catalogue of profiles.

use crate::generic::{GENERIC_METER_ID, GENERIC_METER_POINT};
use crate::load::Library;
use ems_model::site::ProfileCatalog;

impl ProfileCatalog for Library {
    fn has_profile(&self, id: &str) -> bool {
        id == GENERIC_METER_ID || self.contains(id)
    }

    fn profile_ids(&self) -> Vec<String> {
        self.ids().into_iter().map(str::to_owned).collect()
    }

    fn records(&self, id: &str, point: &str) -> Option<bool> {
        if id == GENERIC_METER_ID {
            return Some(point == GENERIC_METER_POINT);
        }
        let profile = self.get(id)?;
        Some(profile.registers.iter().any(|r| r.point.name() == point))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_records_the_points_of_its_register_map_and_the_generic_meter_imported_energy() {
        let library = Library::builtin().unwrap();
        assert_eq!(
            library.records("eastron.sdm630", "energy_active_import"),
            Some(true)
        );
        assert_eq!(library.records("eastron.sdm630", "gas_volume"), Some(false));
        assert_eq!(
            library.records(GENERIC_METER_ID, "energy_active_import"),
            Some(true)
        );
        assert_eq!(
            library.records(GENERIC_METER_ID, "active_power"),
            Some(false)
        );
        assert_eq!(
            library.records("nobody.nothing", "energy_active_import"),
            None
        );
    }
}
