//! The profile library as the site model's catalogue of profiles.

use crate::generic::GENERIC_METER_ID;
use crate::load::Library;
use ems_model::site::ProfileCatalog;

impl ProfileCatalog for Library {
    fn has_profile(&self, id: &str) -> bool {
        id == GENERIC_METER_ID || self.contains(id)
    }

    fn profile_ids(&self) -> Vec<String> {
        self.ids().into_iter().map(str::to_owned).collect()
    }
}
