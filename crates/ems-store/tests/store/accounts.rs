//! Users, sessions, API tokens, the setup code and the audit log, written through
//! [`AccountWriter`] and read through [`AccountReader`], and the pool of readers.

use crate::support::{Fixture, ts};
use ems_model::access::{Page, Role};
use ems_store::account::{
    AccountReader, AccountWriter, AuditFilter, AuditResult, NewApiToken, NewAuditEntry, NewSession,
    NewUser, SecretHash, SetupCode, User, UserChange,
};
use ems_store::event::EventFilter;
use ems_store::sqlite::{BACKUP_DIR, ReaderPool, SqliteStore, StoreOptions};
use ems_store::{HistoryWriter, RecordsReader, StoreError};
use jiff::SignedDuration;
use std::collections::BTreeSet;

const NOW: &str = "2026-03-01T12:00:00Z";

fn hash(n: u8) -> SecretHash {
    [n; 32]
}

fn new_user(name: &str, role: Role) -> NewUser {
    NewUser {
        name: name.to_owned(),
        role,
        pages: role.default_pages(),
        enabled: true,
        password_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$salt${name}"),
    }
}

fn new_session(n: u8, user: &User) -> NewSession {
    NewSession {
        id_hash: hash(n),
        user_id: user.id,
        client: format!("192.0.2.{n} test-agent"),
    }
}

fn new_token(n: u8, name: &str, user: &User) -> NewApiToken {
    NewApiToken {
        hash: hash(n),
        name: name.to_owned(),
        user_id: user.id,
        role: Role::Viewer,
        expires_at: None,
    }
}

fn entry(user: &str, action: &str, result: AuditResult) -> NewAuditEntry {
    NewAuditEntry {
        user: Some(user.to_owned()),
        client: Some("192.0.2.1".to_owned()),
        action: action.to_owned(),
        target: None,
        result,
        detail: None,
    }
}

fn session_ids(f: &Fixture, user: &User) -> Vec<SecretHash> {
    let mut ids: Vec<SecretHash> = f
        .reader()
        .sessions_of(user.id)
        .unwrap()
        .into_iter()
        .map(|s| s.id_hash)
        .collect();
    ids.sort();
    ids
}

#[test]
fn users_are_listed_by_name_found_without_regard_to_case_and_a_taken_name_is_a_conflict() {
    let f = Fixture::new(NOW);
    let zoe = f.store.create_user(new_user("zoe", Role::Viewer)).unwrap();
    let anna = f
        .store
        .create_user(new_user("Anna", Role::Administrator))
        .unwrap();
    f.store
        .create_user(new_user("bruno", Role::Installer))
        .unwrap();

    assert_eq!(anna.name, "Anna");
    assert_eq!(anna.role, Role::Administrator);
    assert_eq!(anna.created_at, ts(NOW));
    assert_eq!(anna.password_changed_at, ts(NOW));
    assert!(anna.password_hash.starts_with("$argon2id$"));
    let reader = f.reader();
    let names: Vec<String> = reader
        .users()
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(names, ["Anna", "bruno", "zoe"]);
    assert_eq!(reader.user_by_name("ANNA").unwrap(), Some(anna.clone()));
    assert_eq!(reader.user(zoe.id).unwrap(), Some(zoe.clone()));
    assert_eq!(reader.user(9_999).unwrap(), None);
    assert_eq!(reader.user_by_name("nobody").unwrap(), None);
    assert_eq!(reader.count_enabled_administrators().unwrap(), 1);
    assert_eq!(zoe.pages, [Page::Consumption, Page::Alarms].into());

    let err = f
        .store
        .create_user(new_user("anna", Role::Viewer))
        .unwrap_err();
    match err {
        StoreError::Conflict(m) => assert_eq!(m, "a user named \"Anna\" already exists"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(matches!(
        f.store.create_user(new_user("  ", Role::Viewer)),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(reader.users().unwrap().len(), 3);
}

#[test]
fn a_change_applies_only_what_it_names_and_an_unknown_user_is_not_found() {
    let f = Fixture::new(NOW);
    let ivo = f
        .store
        .create_user(new_user("ivo", Role::Installer))
        .unwrap();

    let changed = f
        .store
        .change_user(
            ivo.id,
            UserChange {
                pages: Some(BTreeSet::new()),
                ..UserChange::default()
            },
        )
        .unwrap();

    assert_eq!(changed.role, Role::Installer);
    assert!(changed.pages.is_empty());
    assert!(changed.enabled);
    assert_eq!(f.reader().user(ivo.id).unwrap(), Some(changed));
    let missing = 9_999;
    assert!(matches!(
        f.store.change_user(missing, UserChange::default()),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        f.store.set_password(missing, "x".to_owned(), None),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        f.store.delete_user(missing),
        Err(StoreError::NotFound(_))
    ));
    let ghost = User {
        id: missing,
        ..ivo.clone()
    };
    assert!(matches!(
        f.store.create_session(new_session(1, &ghost)),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        f.store.create_token(new_token(1, "ci", &ghost)),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn disabling_a_user_deletes_its_sessions_and_keeps_its_tokens() {
    let f = Fixture::new(NOW);
    let eve = f.store.create_user(new_user("eve", Role::Viewer)).unwrap();
    let max = f.store.create_user(new_user("max", Role::Viewer)).unwrap();
    f.store.create_session(new_session(1, &eve)).unwrap();
    f.store.create_session(new_session(2, &eve)).unwrap();
    f.store.create_session(new_session(3, &max)).unwrap();
    f.store.create_token(new_token(10, "script", &eve)).unwrap();

    let disabled = f
        .store
        .change_user(
            eve.id,
            UserChange {
                enabled: Some(false),
                ..UserChange::default()
            },
        )
        .unwrap();

    assert!(!disabled.enabled);
    assert!(session_ids(&f, &eve).is_empty());
    assert_eq!(session_ids(&f, &max), [hash(3)]);
    let (token, owner) = f.reader().token(hash(10)).unwrap().unwrap();
    assert_eq!(token.name, "script");
    assert!(!owner.enabled, "the API refuses tokens of disabled users");
}

#[test]
fn setting_a_password_keeps_only_the_session_that_set_it() {
    let f = Fixture::new(NOW);
    let eve = f.store.create_user(new_user("eve", Role::Viewer)).unwrap();
    let max = f.store.create_user(new_user("max", Role::Viewer)).unwrap();
    for n in 1..=3 {
        f.store.create_session(new_session(n, &eve)).unwrap();
    }
    f.store.create_session(new_session(4, &max)).unwrap();
    f.clock.advance(SignedDuration::from_hours(1));

    f.store
        .set_password(eve.id, "$argon2id$new".to_owned(), Some(hash(2)))
        .unwrap();

    assert_eq!(session_ids(&f, &eve), [hash(2)]);
    assert_eq!(session_ids(&f, &max), [hash(4)]);
    let eve = f.reader().user(eve.id).unwrap().unwrap();
    assert_eq!(eve.password_hash, "$argon2id$new");
    assert_eq!(eve.password_changed_at, ts("2026-03-01T13:00:00Z"));
    assert_eq!(eve.created_at, ts(NOW));

    f.store
        .set_password(eve.id, "$argon2id$newer".to_owned(), None)
        .unwrap();

    assert!(session_ids(&f, &eve).is_empty());
}

#[test]
fn the_last_enabled_administrator_is_never_disabled_demoted_or_deleted() {
    let f = Fixture::new(NOW);
    let ada = f
        .store
        .create_user(new_user("ada", Role::Administrator))
        .unwrap();
    let bob = f
        .store
        .create_user(new_user("bob", Role::Administrator))
        .unwrap();
    let eve = f.store.create_user(new_user("eve", Role::Viewer)).unwrap();
    f.store.create_session(new_session(1, &ada)).unwrap();
    // Two administrators: one may go.
    let demote = UserChange {
        role: Some(Role::Installer),
        ..UserChange::default()
    };
    f.store.change_user(bob.id, demote.clone()).unwrap();
    // Now ada is the last one, whichever way she would go.
    let disable = UserChange {
        enabled: Some(false),
        ..UserChange::default()
    };
    for change in [demote, disable] {
        assert!(matches!(
            f.store.change_user(ada.id, change),
            Err(StoreError::Conflict(_))
        ));
    }
    assert!(matches!(
        f.store.delete_user(ada.id),
        Err(StoreError::Conflict(_))
    ));
    let reader = f.reader();
    let kept = reader.user(ada.id).unwrap().unwrap();
    assert!(kept.enabled && kept.role == Role::Administrator);
    assert!(
        reader.session(hash(1)).unwrap().is_some(),
        "nothing changed"
    );
    // Other users change freely.
    f.store.delete_user(eve.id).unwrap();
}

#[test]
fn deleting_a_user_deletes_its_sessions_and_tokens() {
    let f = Fixture::new(NOW);
    let eve = f.store.create_user(new_user("eve", Role::Viewer)).unwrap();
    let max = f.store.create_user(new_user("max", Role::Viewer)).unwrap();
    f.store.create_session(new_session(1, &eve)).unwrap();
    f.store.create_session(new_session(2, &max)).unwrap();
    f.store.create_token(new_token(10, "a", &eve)).unwrap();
    f.store.create_token(new_token(11, "a", &max)).unwrap();

    f.store.delete_user(eve.id).unwrap();

    let reader = f.reader();
    assert_eq!(reader.user(eve.id).unwrap(), None);
    assert_eq!(reader.session(hash(1)).unwrap(), None);
    assert_eq!(reader.token(hash(10)).unwrap(), None);
    assert!(reader.tokens(Some(eve.id)).unwrap().is_empty());
    assert!(reader.session(hash(2)).unwrap().is_some());
    assert_eq!(reader.tokens(None).unwrap().len(), 1);
}

#[test]
fn a_session_is_found_with_its_user_then_locked_touched_and_ended() {
    let f = Fixture::new(NOW);
    let eve = f
        .store
        .create_user(new_user("eve", Role::Installer))
        .unwrap();
    let created = f.store.create_session(new_session(7, &eve)).unwrap();

    assert_eq!(created.created_at, ts(NOW));
    assert_eq!(created.last_seen_at, ts(NOW));
    assert!(!created.locked);
    let (session, user) = f.reader().session(hash(7)).unwrap().unwrap();
    assert_eq!(session, created);
    assert_eq!(user, eve);
    assert_eq!(f.reader().session(hash(8)).unwrap(), None);
    assert!(matches!(
        f.store.create_session(new_session(7, &eve)),
        Err(StoreError::Conflict(_))
    ));

    f.store.set_session_locked(hash(7), true).unwrap();
    f.store
        .touch_session(hash(7), ts("2026-03-01T12:05:00.123Z"));
    f.store.touch_session(hash(7), ts("2026-03-01T12:01:00Z"));
    f.store.flush().unwrap();

    let (session, _) = f.reader().session(hash(7)).unwrap().unwrap();
    assert!(session.locked);
    assert_eq!(
        session.last_seen_at,
        ts("2026-03-01T12:05:00.123Z"),
        "a touch only moves the time forward"
    );
    assert!(matches!(
        f.store.set_session_locked(hash(8), true),
        Err(StoreError::NotFound(_))
    ));

    f.store.delete_session(hash(7)).unwrap();
    f.store.delete_session(hash(7)).unwrap();

    assert_eq!(f.reader().session(hash(7)).unwrap(), None);
}

#[test]
fn a_token_is_found_by_its_hash_with_its_user_touched_and_revoked() {
    let f = Fixture::new(NOW);
    let eve = f
        .store
        .create_user(new_user("eve", Role::Administrator))
        .unwrap();
    let max = f.store.create_user(new_user("max", Role::Viewer)).unwrap();
    let expires = ts("2027-01-01T00:00:00Z");
    let token = f
        .store
        .create_token(NewApiToken {
            expires_at: Some(expires),
            role: Role::Installer,
            ..new_token(1, "Grafana", &eve)
        })
        .unwrap();
    f.store.create_token(new_token(2, "grafana", &max)).unwrap();

    assert_eq!(token.created_at, ts(NOW));
    assert_eq!(token.expires_at, Some(expires));
    assert_eq!(token.last_used_at, None);
    assert_eq!(token.role, Role::Installer);
    let (found, user) = f.reader().token(hash(1)).unwrap().unwrap();
    assert_eq!(found, token);
    assert_eq!(user, eve);
    assert_eq!(f.reader().token(hash(3)).unwrap(), None);
    match f.store.create_token(new_token(4, "GRAFANA", &eve)) {
        Err(StoreError::Conflict(m)) => assert!(m.contains("GRAFANA"), "{m}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(matches!(
        f.store.create_token(new_token(1, "other", &eve)),
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        f.reader().tokens(Some(eve.id)).unwrap(),
        std::slice::from_ref(&token)
    );
    assert_eq!(f.reader().tokens(None).unwrap().len(), 2);

    f.store.touch_token(token.id, ts("2026-03-01T12:30:00Z"));
    f.store.flush().unwrap();

    let (used, _) = f.reader().token(hash(1)).unwrap().unwrap();
    assert_eq!(used.last_used_at, Some(ts("2026-03-01T12:30:00Z")));

    f.store.revoke_token(token.id).unwrap();

    assert_eq!(f.reader().token(hash(1)).unwrap(), None);
    assert!(matches!(
        f.store.revoke_token(token.id),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn hashes_are_never_serialized() {
    let f = Fixture::new(NOW);
    let eve = f.store.create_user(new_user("eve", Role::Viewer)).unwrap();
    let session = f.store.create_session(new_session(1, &eve)).unwrap();
    let token = f.store.create_token(new_token(2, "t", &eve)).unwrap();

    let user = serde_json::to_value(&eve).unwrap();
    let session = serde_json::to_value(&session).unwrap();
    let token = serde_json::to_value(&token).unwrap();

    assert_eq!(user["name"], "eve");
    assert_eq!(user["role"], "viewer");
    assert!(user.get("password_hash").is_none(), "{user}");
    assert!(session.get("id_hash").is_none(), "{session}");
    assert!(token.get("hash").is_none(), "{token}");
    assert!(!format!("{eve:?}").contains("argon2"));
}

#[test]
fn a_setup_code_creates_the_administrator_once() {
    let f = Fixture::new(NOW);
    let expires = ts("2026-03-01T13:00:00Z");
    f.store
        .set_setup_code(SetupCode {
            hash: hash(1),
            expires_at: expires,
        })
        .unwrap();
    assert_eq!(
        f.reader().setup_code().unwrap(),
        Some(SetupCode {
            hash: hash(1),
            expires_at: expires
        })
    );
    let asked = NewUser {
        enabled: false,
        ..new_user("admin", Role::Viewer)
    };

    let admin = f
        .store
        .complete_setup(hash(1), ts("2026-03-01T12:10:00Z"), asked.clone())
        .unwrap();

    assert_eq!(admin.name, "admin");
    assert_eq!(admin.role, Role::Administrator);
    assert!(admin.enabled);
    assert_eq!(f.reader().count_enabled_administrators().unwrap(), 1);
    assert_eq!(f.reader().setup_code().unwrap(), None);
    let again = f.store.complete_setup(
        hash(1),
        ts("2026-03-01T12:10:00Z"),
        new_user("intruder", Role::Viewer),
    );
    match again {
        Err(StoreError::Invalid(m)) => assert_eq!(m, "the setup code is wrong or expired"),
        other => panic!("expected the code to be refused, got {other:?}"),
    }
    assert_eq!(f.reader().users().unwrap(), [admin]);
}

#[test]
fn a_wrong_or_expired_setup_code_is_refused_and_nothing_changes() {
    let f = Fixture::new(NOW);
    let code = SetupCode {
        hash: hash(1),
        expires_at: ts("2026-03-01T13:00:00Z"),
    };
    let refused = |code_hash, now| {
        f.store
            .complete_setup(code_hash, ts(now), new_user("admin", Role::Administrator))
    };
    assert!(matches!(
        refused(hash(1), "2026-03-01T12:10:00Z"),
        Err(StoreError::Invalid(_))
    ));
    f.store.set_setup_code(code.clone()).unwrap();

    for (code_hash, now) in [
        (hash(2), "2026-03-01T12:10:00Z"),
        (hash(1), "2026-03-01T13:00:00Z"),
        (hash(1), "2026-03-02T00:00:00Z"),
    ] {
        assert!(matches!(
            refused(code_hash, now),
            Err(StoreError::Invalid(_))
        ));
    }

    assert!(f.reader().users().unwrap().is_empty());
    assert_eq!(f.reader().setup_code().unwrap(), Some(code));
}

#[test]
fn setup_with_the_name_of_an_existing_user_makes_it_an_enabled_administrator() {
    let f = Fixture::new(NOW);
    let old = f.store.create_user(new_user("Boss", Role::Viewer)).unwrap();
    f.store
        .change_user(
            old.id,
            UserChange {
                enabled: Some(false),
                ..UserChange::default()
            },
        )
        .unwrap();
    f.store.create_session(new_session(5, &old)).unwrap();
    f.store
        .set_setup_code(SetupCode {
            hash: hash(1),
            expires_at: ts("2026-03-01T13:00:00Z"),
        })
        .unwrap();
    f.clock.advance(SignedDuration::from_mins(5));

    let admin = f
        .store
        .complete_setup(
            hash(1),
            ts("2026-03-01T12:05:00Z"),
            NewUser {
                pages: [Page::Consumption].into(),
                password_hash: "$argon2id$reset".to_owned(),
                ..new_user("boss", Role::Viewer)
            },
        )
        .unwrap();

    assert_eq!(admin.id, old.id);
    assert_eq!(admin.name, "Boss");
    assert_eq!(admin.role, Role::Administrator);
    assert!(admin.enabled);
    assert_eq!(admin.pages, [Page::Consumption].into());
    assert_eq!(admin.password_hash, "$argon2id$reset");
    assert_eq!(admin.password_changed_at, ts("2026-03-01T12:05:00Z"));
    assert_eq!(admin.created_at, ts(NOW));
    assert!(session_ids(&f, &admin).is_empty());
    assert_eq!(f.reader().users().unwrap().len(), 1);
}

#[test]
fn resetting_access_removes_every_session_and_token_and_stores_a_new_setup_code() {
    let f = Fixture::new(NOW);
    let eve = f
        .store
        .create_user(new_user("eve", Role::Administrator))
        .unwrap();
    let max = f.store.create_user(new_user("max", Role::Viewer)).unwrap();
    f.store.create_session(new_session(1, &eve)).unwrap();
    f.store.create_session(new_session(2, &max)).unwrap();
    f.store.create_token(new_token(3, "a", &eve)).unwrap();
    f.store.create_token(new_token(4, "b", &max)).unwrap();
    f.store
        .set_setup_code(SetupCode {
            hash: hash(8),
            expires_at: ts("2026-03-01T13:00:00Z"),
        })
        .unwrap();
    let code = SetupCode {
        hash: hash(9),
        expires_at: ts("2026-03-02T12:00:00Z"),
    };

    f.store.reset_access(code.clone()).unwrap();

    let reader = f.reader();
    assert!(session_ids(&f, &eve).is_empty());
    assert!(session_ids(&f, &max).is_empty());
    assert!(reader.tokens(None).unwrap().is_empty());
    assert_eq!(reader.setup_code().unwrap(), Some(code));
    assert_eq!(reader.users().unwrap().len(), 2, "users stay");
}

#[test]
fn audit_entries_are_filtered_and_paged_newest_first() {
    let f = Fixture::new(NOW);
    f.store
        .audit(entry("eve", "login", AuditResult::Success))
        .unwrap();
    f.clock.advance(SignedDuration::from_mins(1));
    f.store
        .audit(NewAuditEntry {
            target: Some("user:max".to_owned()),
            detail: Some(serde_json::json!({ "role": "viewer" })),
            ..entry("Eve", "user.create", AuditResult::Success)
        })
        .unwrap();
    f.clock.advance(SignedDuration::from_mins(1));
    f.store.submit_audit(NewAuditEntry {
        user: None,
        client: None,
        ..entry("", "login", AuditResult::Failure)
    });
    f.clock.advance(SignedDuration::from_mins(1));
    f.store
        .audit(entry("max", "user.delete", AuditResult::Denied))
        .unwrap();
    f.store.flush().unwrap();
    let reader = f.reader();

    let all = reader.audit_entries(&AuditFilter::default()).unwrap();
    let actions: Vec<&str> = all.iter().map(|e| e.entry.action.as_str()).collect();
    assert_eq!(actions, ["user.delete", "login", "user.create", "login"]);
    assert_eq!(all[3].at, ts(NOW));
    assert_eq!(all[1].entry.user, None);
    assert_eq!(all[1].entry.result, AuditResult::Failure);
    assert_eq!(
        all[2].entry.detail,
        Some(serde_json::json!({ "role": "viewer" }))
    );
    assert_eq!(all[2].entry.target.as_deref(), Some("user:max"));

    let eve = reader
        .audit_entries(&AuditFilter {
            user: Some("eve".to_owned()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(eve.len(), 2);
    let logins = reader
        .audit_entries(&AuditFilter {
            action: Some("login".to_owned()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(logins.len(), 2);
    let window = reader
        .audit_entries(&AuditFilter {
            since: Some(ts("2026-03-01T12:01:00Z")),
            until: Some(ts("2026-03-01T12:03:00Z")),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(window.len(), 2);

    let first_page = reader
        .audit_entries(&AuditFilter {
            limit: 3,
            ..AuditFilter::default()
        })
        .unwrap();
    let second_page = reader
        .audit_entries(&AuditFilter {
            limit: 3,
            before_id: first_page.last().map(|e| e.id),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(first_page, all[..3]);
    assert_eq!(second_page, all[3..]);
    let json = serde_json::to_value(&all[2]).unwrap();
    assert_eq!(json["action"], "user.create");
    assert_eq!(json["result"], "success");
}

#[test]
fn sessions_expire_by_idle_time_and_by_absolute_age() {
    let f = Fixture::new(NOW);
    let eve = f.store.create_user(new_user("eve", Role::Viewer)).unwrap();
    // 1: started at 12:00, used until 19:00: too old. 2: started at 12:00, idle since then.
    // 3: started at 18:00, used at 19:00: kept. 4: started at 18:00, idle since: too idle.
    f.store.create_session(new_session(1, &eve)).unwrap();
    f.store.create_session(new_session(2, &eve)).unwrap();
    f.clock.set(ts("2026-03-01T18:00:00Z"));
    f.store.create_session(new_session(3, &eve)).unwrap();
    f.store.create_session(new_session(4, &eve)).unwrap();
    f.store.touch_session(hash(1), ts("2026-03-01T19:00:00Z"));
    f.store.touch_session(hash(3), ts("2026-03-01T19:00:00Z"));
    let now = ts("2026-03-01T19:30:00Z");

    let deleted = f
        .store
        .delete_expired_sessions(
            now - SignedDuration::from_mins(30),
            now - SignedDuration::from_hours(6),
        )
        .unwrap();

    assert_eq!(deleted, 3);
    assert_eq!(session_ids(&f, &eve), [hash(3)]);
}

#[test]
fn a_format_2_store_is_upgraded_to_the_latest_format_keeping_its_data() {
    let f = Fixture::new(NOW);
    f.store.flush().unwrap();
    f.store.close().unwrap();
    // Back to format 2: without the tables of formats 3 to 6.
    {
        let conn = f.raw_connection();
        conn.execute_batch(
            "DROP TABLE audit; DROP TABLE setup_code; DROP TABLE api_token;
             DROP TABLE session; DROP TABLE user; DROP TABLE cost_rollup;
             DROP TABLE cost_tariff; DROP TABLE imported_price;
             PRAGMA user_version = 2;",
        )
        .unwrap();
        let version: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, 2);
    }

    let store = SqliteStore::open(f.dir.path(), StoreOptions::default(), f.clock.clone()).unwrap();

    let reader = store.reader().unwrap();
    assert_eq!(reader.site_config(None).unwrap().unwrap().version, 1);
    assert!(!reader.events(&EventFilter::default()).unwrap().is_empty());
    assert!(reader.users().unwrap().is_empty());
    let eve = store.create_user(new_user("eve", Role::Viewer)).unwrap();
    assert_eq!(reader.user(eve.id).unwrap(), Some(eve));
    let backups: Vec<String> = std::fs::read_dir(f.dir.path().join(BACKUP_DIR))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(backups, ["ems-before-format-6-20260301T120000Z.sqlite"]);
    store.close().unwrap();
}

#[test]
fn a_reader_pool_serves_eight_threads_at_once() {
    let f = Fixture::new(NOW);
    let users: Vec<User> = (0..8)
        .map(|i| {
            f.store
                .create_user(new_user(&format!("user{i}"), Role::Viewer))
                .unwrap()
        })
        .collect();
    for (i, user) in users.iter().enumerate() {
        f.store.create_session(new_session(i as u8, user)).unwrap();
    }
    let pool = ReaderPool::new(f.dir.path(), 3).unwrap();
    assert_eq!(pool.idle_count(), 1);

    std::thread::scope(|s| {
        for (i, user) in users.iter().enumerate() {
            let pool = &pool;
            s.spawn(move || {
                for _ in 0..50 {
                    let (session, found) = pool.session(hash(i as u8)).unwrap().unwrap();
                    assert_eq!(session.user_id, user.id);
                    assert_eq!(&found, user);
                    assert_eq!(pool.users().unwrap().len(), 8);
                    assert_eq!(pool.site_config(None).unwrap().unwrap().version, 1);
                    assert_eq!(pool.sample_rate_minutes().unwrap(), Some(15));
                }
            });
        }
        // Writes go on meanwhile.
        for i in 0..20 {
            f.store
                .audit(entry("user0", &format!("action{i}"), AuditResult::Success))
                .unwrap();
        }
    });

    assert!(pool.idle_count() <= 3);
    assert!(pool.idle_count() >= 1);
    assert_eq!(
        pool.audit_entries(&AuditFilter::default()).unwrap().len(),
        20
    );
    assert!(matches!(
        ReaderPool::new(&f.dir.path().join("nothing"), 2),
        Err(StoreError::Missing(_))
    ));
}

#[test]
fn a_reader_pool_answers_history_queries_like_a_reader() {
    let f = Fixture::new(NOW);
    let pool = ReaderPool::new(f.dir.path(), 2).unwrap();

    let via_pool = ems_store::query::HistoryReader::scopes(&pool).unwrap();
    let via_reader = ems_store::query::HistoryReader::scopes(&f.reader()).unwrap();

    assert_eq!(via_pool, via_reader);
    assert_eq!(
        pool.calendar().unwrap().time_zone(),
        f.reader().calendar().unwrap().time_zone()
    );
    assert_eq!(pool.config_versions().unwrap().len(), 1);
}
