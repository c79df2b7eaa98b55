//! No lost updates: every entity's answer carries its tag (`ETag`), and a replacement or
//! deletion that sends it back in `If-Match` is refused with `changed` (412) when someone else
//! changed the entity since it was read.

use crate::support::*;
use ems_model::access::Role;
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

/// The body and tag of an answer, checking its status.
async fn tagged(response: Response, status: StatusCode) -> (Value, String) {
    let tag = response
        .headers()
        .get("etag")
        .map(|tag| tag.to_str().unwrap().to_owned());
    let body = json_answer(response, status).await;
    let tag = tag.unwrap_or_else(|| panic!("no ETag with {body}"));
    (body, tag)
}

/// The entity at `path` and its tag.
async fn read(session: &Session, path: &str) -> (Value, String) {
    tagged(session.get(path).await, StatusCode::OK).await
}

/// `PUT path` of `body` with `If-Match: tag`.
async fn put_if(session: &Session, path: &str, body: Value, tag: &str) -> Response {
    session
        .send_with(Method::PUT, path, Some(body), &[("if-match", tag)])
        .await
}

/// `DELETE path` with `If-Match: tag`.
async fn delete_if(session: &Session, path: &str, tag: &str) -> Response {
    session
        .send_with(Method::DELETE, path, None, &[("if-match", tag)])
        .await
}

/// Checks that an answer is `changed` (412), saying the entity was changed meanwhile.
async fn changed(response: Response) {
    let problem = json_answer(response, StatusCode::PRECONDITION_FAILED).await;
    assert_eq!(problem["code"], "changed", "{problem}");
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("changed by someone else"), "{detail}");
}

/// `entity` with `key` set to `value`.
fn with(mut entity: Value, key: &str, value: Value) -> Value {
    entity[key] = value;
    entity
}

#[tokio::test]
async fn reading_a_device_gives_a_tag_that_stays_until_it_changes() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let (_, tag) = read(&admin, "/devices/main").await;
    assert_eq!(tag.len(), 18, "{tag}");
    assert!(tag.starts_with('"') && tag.ends_with('"'), "{tag}");
    assert_eq!(read(&admin, "/devices/main").await.1, tag);
    // Sent back unchanged, the device keeps its tag.
    let (device, _) = read(&admin, "/devices/main").await;
    let (_, again) = tagged(
        put_if(&admin, "/devices/main", device, &tag).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again, tag);
}

#[tokio::test]
async fn a_change_made_on_what_was_read_succeeds_and_answers_the_new_tag() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let (device, tag) = read(&admin, "/devices/main").await;
    let renamed = with(device, "name", json!("Incomer"));
    let (saved, new_tag) = tagged(
        put_if(&admin, "/devices/main", renamed, &tag).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved["name"], "Incomer");
    assert_ne!(new_tag, tag);
    assert_eq!(
        read(&admin, "/devices/main").await,
        (saved.clone(), new_tag.clone())
    );

    // The new tag is the one to send for the next change.
    let (_, newest) = tagged(
        put_if(
            &admin,
            "/devices/main",
            with(saved, "unit_id", json!(7)),
            &new_tag,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_ne!(newest, new_tag);
}

#[tokio::test]
async fn a_change_made_on_a_stale_read_is_refused_and_the_other_change_stays() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    server.add_user("installer", Role::Installer).await;
    let other = server.log_in("installer", PASSWORD).await;
    let (device, tag) = read(&admin, "/devices/main").await;

    // Someone else renames the device in the meantime.
    let (theirs, their_tag) = tagged(
        put_if(
            &other,
            "/devices/main",
            with(device.clone(), "name", json!("Theirs")),
            &tag,
        )
        .await,
        StatusCode::OK,
    )
    .await;

    changed(
        put_if(
            &admin,
            "/devices/main",
            with(device, "name", json!("Mine")),
            &tag,
        )
        .await,
    )
    .await;
    assert_eq!(read(&admin, "/devices/main").await, (theirs, their_tag));
    assert_eq!(server.audit_entries("config_change").len(), 1);
}

#[tokio::test]
async fn a_deletion_made_on_a_stale_read_is_refused_and_the_entity_stays() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let (device, tag) = read(&admin, "/devices/heat").await;
    json_answer(
        admin
            .put("/devices/heat", with(device, "name", json!("Heat pump 2")))
            .await,
        StatusCode::OK,
    )
    .await;

    changed(delete_if(&admin, "/devices/heat", &tag).await).await;
    let (still, current) = read(&admin, "/devices/heat").await;
    assert_eq!(still["name"], "Heat pump 2");

    let deleted = delete_if(&admin, "/devices/heat", &current).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        admin.get("/devices/heat").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn changing_one_device_leaves_the_tag_of_another_as_it_was() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let (_, main_tag) = read(&admin, "/devices/main").await;
    let (heat, heat_tag) = read(&admin, "/devices/heat").await;
    json_answer(
        put_if(
            &admin,
            "/devices/heat",
            with(heat, "unit_id", json!(9)),
            &heat_tag,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let (main, tag_now) = read(&admin, "/devices/main").await;
    assert_eq!(tag_now, main_tag);
    json_answer(
        put_if(
            &admin,
            "/devices/main",
            with(main, "name", json!("Incomer")),
            &main_tag,
        )
        .await,
        StatusCode::OK,
    )
    .await;
}

#[tokio::test]
async fn changes_without_if_match_are_made_as_before() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let (device, tag) = read(&admin, "/devices/main").await;
    let (saved, new_tag) = tagged(
        admin
            .put("/devices/main", with(device, "name", json!("Incomer")))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved["name"], "Incomer");
    assert_ne!(new_tag, tag);
    let deleted = admin.delete("/devices/main").await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn if_match_star_matches_any_existing_entity_and_a_weak_or_malformed_tag_does_not() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let (device, tag) = read(&admin, "/devices/main").await;
    let renamed = with(device.clone(), "name", json!("Incomer"));
    json_answer(
        put_if(&admin, "/devices/main", renamed.clone(), "*").await,
        StatusCode::OK,
    )
    .await;
    // A list naming the current tag matches; a weak tag never does (strong comparison).
    let (_, current) = read(&admin, "/devices/main").await;
    let listed = format!("\"0000000000000000\", {current}");
    json_answer(
        put_if(&admin, "/devices/main", renamed.clone(), &listed).await,
        StatusCode::OK,
    )
    .await;
    changed(
        put_if(
            &admin,
            "/devices/main",
            renamed.clone(),
            &format!("W/{current}"),
        )
        .await,
    )
    .await;
    changed(put_if(&admin, "/devices/main", renamed.clone(), &tag).await).await;
    let malformed = put_if(&admin, "/devices/main", renamed, "not-a-tag").await;
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    assert_eq!(problem_code(malformed).await, "bad_request");
    // A missing entity is not found, whatever the condition.
    let missing = delete_if(&admin, "/devices/nothing", "*").await;
    assert_eq!(problem_code(missing).await, "not_found");
}

#[tokio::test]
async fn a_stale_tag_is_refused_in_every_section() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    json_answer(
        admin
            .post("/groups", json!({"id": "offices", "name": "Offices"}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    json_answer(
        admin
            .post(
                "/panel-boards",
                json!({"id": "basement", "name": "Basement"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    // Each entity, and a change someone else makes to it.
    let changes = [
        ("/links/bus", "failures_before_error", json!(5)),
        ("/gateways/local", "name", json!("Cabinet")),
        ("/devices/main", "name", json!("Incomer")),
        ("/loads/heating", "enabled", json!(false)),
        ("/groups/offices", "name", json!("Open space")),
        ("/panel-boards/basement", "name", json!("Cellar")),
    ];
    for (path, key, value) in changes {
        let (entity, stale) = read(&admin, path).await;
        let (theirs, current) = tagged(
            admin.put(path, with(entity.clone(), key, value)).await,
            StatusCode::OK,
        )
        .await;
        assert_ne!(current, stale, "{path}");
        changed(put_if(&admin, path, entity, &stale).await).await;
        changed(delete_if(&admin, path, &stale).await).await;
        assert_eq!(read(&admin, path).await, (theirs, current), "{path}");
    }
}

#[tokio::test]
async fn site_settings_changed_on_a_stale_read_are_refused_and_a_tariff_change_leaves_their_tag() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    server.add_user("installer", Role::Installer).await;
    let other = server.log_in("installer", PASSWORD).await;
    let (settings, tag) = read(&admin, "/site").await;

    // A change elsewhere in the configuration keeps the settings' tag.
    let (tariffs, tariffs_tag) = read(&admin, "/tariffs").await;
    let renamed_gas = with(tariffs, "gas_kwh_per_m3", json!("10.55"));
    tagged(
        put_if(&admin, "/tariffs", renamed_gas, &tariffs_tag).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(read(&admin, "/site").await.1, tag);

    // Someone else renames the site in the meantime: a change on the old read is refused.
    let (theirs, their_tag) = tagged(
        put_if(
            &other,
            "/site",
            with(settings.clone(), "name", json!("Theirs")),
            &tag,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_ne!(their_tag, tag);
    changed(put_if(&admin, "/site", with(settings, "name", json!("Mine")), &tag).await).await;
    let (now, now_tag) = read(&admin, "/site").await;
    assert_eq!(now["name"], "Theirs");
    assert_eq!(now_tag, their_tag);
    assert_eq!(now, theirs);
}
