//! The five routes of every section of entities (links, gateways, devices, loads, groups, panel
//! boards), written once: list them, add one, read one, replace one, delete one.
//!
//! Each section's handlers (in `gateways.rs`, `devices.rs` and `organisation.rs`) keep their
//! `#[utoipa::path]`, which documents the route and is its access rule, and call these
//! functions with the section's form type; what differs between sections stays in the
//! handlers: ids a section reserves, and what may not be deleted or goes with a deletion.
//! Every change goes through [`Editor`] (checked by the site file's reader, applied, audited).
//!
//! An entity's answer (read, added, replaced) carries its tag in `ETag`: [`entity_tag`] of its
//! form as served. A replacement or deletion that sends the tag back in `If-Match` is made only
//! if the entity still has it ([`Editor`] compares it while it holds the configuration), so
//! that two people editing the same entity never overwrite each other unknowingly.

use crate::app::API_PREFIX;
use crate::problem::{ApiResult, Problem};
use crate::routes::config_json::{
    DeviceForm, Editor, GatewayForm, GroupForm, LinkForm, LoadForm, PanelBoardForm, Section,
};
use crate::state::ApiState;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
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

/// The strong entity tag of an entity's form, as `ETag` and `If-Match` write it: FNV-1a (64
/// bits) of its JSON in 16 hexadecimal digits, quoted (`"3f2a…"`). It depends only on the form
/// (not on other entities, the version or the server's start), so it changes exactly when what
/// `GET` answers for the entity changes.
pub fn entity_tag<F: Serialize>(form: &F) -> String {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    // A form has no map with keys other than text: serializing it cannot fail.
    let json = serde_json::to_vec(form).unwrap_or_default();
    let hash = json.iter().fold(OFFSET_BASIS, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(PRIME)
    });
    format!("\"{hash:016x}\"")
}

/// Every entity of the section, by id.
pub fn list<F: EntityForm>(state: &ApiState) -> Json<Vec<F>> {
    Json(F::read_all(&state.site.site()))
}

/// Entity `id` with its tag in `ETag`, or `not_found`.
pub fn get<F: EntityForm>(state: &ApiState, id: &str) -> ApiResult<Response> {
    let form: F = found(&state.site.site(), id)?;
    Ok(tagged(StatusCode::OK, form, []))
}

/// Adds the entity described by `body`, which holds its `id`: 201 with its form, its tag in
/// `ETag` and its address in `Location`.
pub async fn create<F: EntityForm>(
    editor: Editor,
    body: Map<String, Value>,
) -> ApiResult<Response> {
    let (id, site) = editor.create(F::SECTION, body).await?;
    let form: F = found(&site, &id)?;
    let location = format!("{API_PREFIX}{}/{id}", F::SECTION.route());
    Ok(tagged(
        StatusCode::CREATED,
        form,
        [(header::LOCATION, location)],
    ))
}

/// Replaces entity `id` by `body`, if it meets the request's `If-Match`: its form now, with its
/// new tag in `ETag`.
pub async fn replace<F: EntityForm>(
    editor: Editor,
    id: &str,
    body: Map<String, Value>,
) -> ApiResult<Response> {
    let site = editor.update::<F>(id, body).await?;
    let form: F = found(&site, id)?;
    Ok(tagged(StatusCode::OK, form, []))
}

/// Deletes entity `id`, if it meets the request's `If-Match`, with `remove`, which refuses
/// what the section's rules forbid and takes the entity (and what goes with it) out of the
/// site: 204.
pub async fn delete<F: EntityForm>(
    editor: Editor,
    id: &str,
    remove: impl FnOnce(&mut SiteConfig) -> Result<(), Problem>,
) -> ApiResult<StatusCode> {
    editor.delete::<F>(id, remove).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The answer `status` with `form`, its tag in `ETag` and the `headers`.
fn tagged<F: Serialize, const N: usize>(
    status: StatusCode,
    form: F,
    headers: [(header::HeaderName, String); N],
) -> Response {
    let tag = entity_tag(&form);
    with_tag((status, headers, Json(&form)), &tag)
}

/// `answer` with `tag` ([`entity_tag`] of what it describes) in `ETag`.
pub fn with_tag(answer: impl IntoResponse, tag: &str) -> Response {
    let mut response = answer.into_response();
    if let Ok(tag) = HeaderValue::from_str(tag) {
        response.headers_mut().insert(header::ETAG, tag);
    }
    response
}

/// The form of entity `id` of `site`, or `not_found`.
fn found<F: EntityForm>(site: &SiteConfig, id: &str) -> ApiResult<F> {
    F::read(site, id).ok_or_else(|| F::SECTION.not_found(id))
}
