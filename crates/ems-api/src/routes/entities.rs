//! The five routes of every section of entities (links, gateways, devices, loads, groups, panel
//! boards), written once: list them, add one, read one, replace one, delete one.
//!
//! Each section's handlers (in `gateways.rs`, `devices.rs` and `organisation.rs`) keep their
//! `#[utoipa::path]`, which documents the route and is its access rule, and call these
//! functions with the section's form type; what differs between sections stays in the
//! handlers: ids a section reserves, and what may not be deleted or goes with a deletion.
//! Every change goes through [`Editor`] (checked by the site file's reader, applied, audited).

use crate::app::API_PREFIX;
use crate::problem::{ApiResult, Problem};
use crate::routes::config_json::{
    DeviceForm, Editor, GatewayForm, GroupForm, LinkForm, LoadForm, PanelBoardForm, Section,
};
use crate::state::ApiState;
use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ems_model::site::SiteConfig;
use serde::Serialize;
use serde_json::{Map, Value};
use std::borrow::Borrow;

/// The form of the entities of one section: the JSON of one entity, as it is read and written.
pub trait EntityForm: Serialize + Sized {
    /// The section of the site file that holds the entities.
    const SECTION: Section;

    /// The form of entity `id` of `site`, if it has one.
    fn read(site: &SiteConfig, id: &str) -> Option<Self>;

    /// The forms of every entity of the section in `site`, by id.
    fn read_all(site: &SiteConfig) -> Vec<Self>;
}

/// Implements [`EntityForm`] for each `Form: Section in entities`: the entities of `Section`
/// are the map `SiteConfig::entities`, each shown by `Form::of(id, entity)`.
macro_rules! entity_forms {
    ($($form:ident: $section:ident in $entities:ident,)*) => {$(
        impl EntityForm for $form {
            const SECTION: Section = Section::$section;

            fn read(site: &SiteConfig, id: &str) -> Option<$form> {
                site.$entities.get(id).map(|entity| $form::of(id, entity))
            }

            fn read_all(site: &SiteConfig) -> Vec<$form> {
                site.$entities
                    .iter()
                    .map(|(id, entity)| $form::of(Borrow::<str>::borrow(id), entity))
                    .collect()
            }
        }
    )*};
}

entity_forms! {
    LinkForm: Links in links,
    GatewayForm: Gateways in gateways,
    DeviceForm: Devices in devices,
    LoadForm: Loads in loads,
    GroupForm: Groups in groups,
    PanelBoardForm: PanelBoards in panel_boards,
}

/// Every entity of the section, by id.
pub fn list<F: EntityForm>(state: &ApiState) -> Json<Vec<F>> {
    Json(F::read_all(&state.site.site()))
}

/// Entity `id`, or `not_found`.
pub fn get<F: EntityForm>(state: &ApiState, id: &str) -> ApiResult<Json<F>> {
    found(&state.site.site(), id).map(Json)
}

/// Adds the entity described by `body`, which holds its `id`: 201 with its form and its
/// address in `Location`.
pub async fn create<F: EntityForm>(
    editor: Editor,
    body: Map<String, Value>,
) -> ApiResult<Response> {
    let (id, site) = editor.create(F::SECTION, body).await?;
    let form: F = found(&site, &id)?;
    let location = format!("{API_PREFIX}{}/{id}", F::SECTION.route());
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(form),
    )
        .into_response())
}

/// Replaces entity `id` by `body`: its form now.
pub async fn replace<F: EntityForm>(
    editor: Editor,
    id: &str,
    body: Map<String, Value>,
) -> ApiResult<Json<F>> {
    let site = editor.update(F::SECTION, id, body).await?;
    found(&site, id).map(Json)
}

/// Deletes entity `id` with `remove`, which refuses what the section's rules forbid and takes
/// the entity (and what goes with it) out of the site: 204.
pub async fn delete<F: EntityForm>(
    editor: Editor,
    id: &str,
    remove: impl FnOnce(&mut SiteConfig) -> Result<(), Problem>,
) -> ApiResult<StatusCode> {
    editor.delete(F::SECTION, id, remove).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The form of entity `id` of `site`, or `not_found`.
fn found<F: EntityForm>(site: &SiteConfig, id: &str) -> ApiResult<F> {
    F::read(site, id).ok_or_else(|| F::SECTION.not_found(id))
}
