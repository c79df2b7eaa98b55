//! The tariffs: the `[tariffs]` section read and replaced whole, explained at an instant, the
//! costs by tariff and the overall view of what was stored, and costs priced again.

use crate::support::*;
use ems_model::access::Role;
use ems_model::{DeviceId, Point};
use ems_store::HistoryWriter;
use ems_store::record::{CounterFlags, CounterInterval, IntervalRecord};
use jiff::{SignedDuration, Timestamp};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

/// Local midnight of 2026-06-01 in Rome (summer time, UTC+2).
const JUNE_1: &str = "2026-05-31T22:00:00Z";

/// A tariff of the section, with one undated price.
fn tariff(name: &str, colour: &str, price: &str) -> Value {
    json!({"name": name, "colour": colour, "prices": [{"from": null, "price": price}]})
}

/// A rule of the section with only a tariff (it always holds).
fn rule(tariff: &str) -> Value {
    json!({"tariff": tariff, "valid": null, "repeat_every_year": false, "time": null, "days": null})
}

/// The demo's contract (`crates/ems/demo/site.toml`), as `GET /tariffs` writes it, its demand
/// charge measured by this site's main meter.
fn demo_contract() -> Value {
    let weekdays = json!(["mon", "tue", "wed", "thu", "fri"]);
    let holiday = |from: &str, to: &str| {
        json!({"tariff": "f3", "valid": {"from": from, "to": to}, "repeat_every_year": true,
               "time": null, "days": null})
    };
    json!({
        "gas_kwh_per_m3": "10.69",
        "electricity": {
            "standing_charge": {"per": "month", "amount": "18.4"},
            "demand_charge": {"per_kw_month": "4.25", "meter": "main"},
            "dynamic": null,
            "tariffs": {
                "f1": {"name": "F1 peak", "colour": "#d55e00", "prices": [
                    {"from": null, "price": "0.248"}, {"from": "2026-07-01", "price": "0.263"}]},
                "f2": {"name": "F2 shoulder", "colour": "#e69f00", "prices": [
                    {"from": null, "price": "0.219"}, {"from": "2026-07-01", "price": "0.229"}]},
                "f3": tariff("F3 off-peak", "#0072b2", "0.187"),
            },
            "rules": [
                holiday("2026-12-25", "2026-12-26"),
                holiday("2026-01-01", "2026-01-01"),
                holiday("2026-08-15", "2026-08-15"),
                {"tariff": "f1", "valid": null, "repeat_every_year": false,
                 "time": {"from": "08:00", "to": "18:59"}, "days": weekdays},
                {"tariff": "f2", "valid": null, "repeat_every_year": false,
                 "time": {"from": "07:00", "to": "22:59"},
                 "days": ["mon", "tue", "wed", "thu", "fri", "sat"]},
                rule("f3"),
            ],
            "export": {
                "tariffs": {"feed_in": tariff("Feed-in", "#009e73", "0.085")},
                "rules": [rule("feed_in")],
            },
        },
        "gas": {
            "standing_charge": {"per": "day", "amount": "0.35"},
            "demand_charge": null,
            "dynamic": null,
            "tariffs": {"gas": tariff("Gas", "#cc79a7", "1.15")},
            "rules": [rule("gas")],
            "export": null,
        },
        "water": {
            "standing_charge": null,
            "demand_charge": null,
            "dynamic": null,
            "tariffs": {"water": tariff("Water", "#56b4e9", "2.1")},
            "rules": [rule("water")],
            "export": null,
        },
    })
}

/// A small contract for the costs: electricity by day (08:00–19:59) at 0.25 and by night at
/// 0.10, a Christmas tariff that prices nothing in June, feed-in at 0.08, 10 a month standing;
/// gas at 1 per m³, 0.50 a day standing.
fn costs_contract() -> Value {
    json!({
        "gas_kwh_per_m3": "10.55",
        "electricity": {
            "standing_charge": {"per": "month", "amount": "10"},
            "tariffs": {
                "day": tariff("Day", "#d55e00", "0.25"),
                "holiday": tariff("Holiday", "#009e73", "0.05"),
                "night": tariff("Night", "#0072b2", "0.1"),
            },
            "rules": [
                {"tariff": "holiday", "valid": {"from": "2026-12-25", "to": "2026-12-26"},
                 "repeat_every_year": true},
                {"tariff": "day", "time": {"from": "08:00", "to": "19:59"}},
                {"tariff": "night"},
            ],
            "export": {
                "tariffs": {"feed_in": tariff("Feed-in", "#e69f00", "0.08")},
                "rules": [{"tariff": "feed_in"}],
            },
        },
        "gas": {
            "standing_charge": {"per": "day", "amount": "0.5"},
            "tariffs": {"gas": tariff("Gas", "#cc79a7", "1")},
            "rules": [{"tariff": "gas"}],
        },
    })
}

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

/// The section of a view: without its read-only members.
fn section(mut view: Value) -> Value {
    let object = view.as_object_mut().unwrap();
    object.remove("currency");
    object.remove("version");
    view
}

/// Puts `contract` in force, checking that it is accepted.
async fn put_tariffs(session: &Session, contract: Value) -> Value {
    json_answer(session.put("/tariffs", contract).await, StatusCode::OK).await
}

/// The problem of a 422 answer, checking its code.
async fn invalid(response: Response) -> Value {
    let problem = json_answer(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["code"], "invalid", "{problem}");
    problem
}

/// The JSON of the 200 answer to GET `path`.
async fn get_json(session: &Session, path: &str) -> Value {
    json_answer(session.get(path).await, StatusCode::OK).await
}

fn at(minutes: i64) -> Timestamp {
    JUNE_1.parse::<Timestamp>().unwrap() + SignedDuration::from_mins(minutes)
}

/// An interval of 15 minutes of `main` from `start` in which `point` grew by `delta`.
fn counted(start: Timestamp, point: &str, delta: i64) -> IntervalRecord {
    let mut r = IntervalRecord::new(DeviceId::new("main").unwrap(), start, 15);
    r.set_counter(CounterInterval {
        point: Point::from_name(point).unwrap(),
        end_value: 1_000_000 + delta,
        delta,
        flags: CounterFlags::default(),
    });
    r
}

/// On 2026-06-01 and 2026-06-02 `main` buys 100 Wh every 15 minutes; on 2026-06-01 it also
/// feeds in 10 Wh every 15 minutes from 12:00 to 13:00 and uses 250 dm³ of gas every 15
/// minutes from 06:00 to 07:00.
fn write_intervals(server: &TestServer) {
    let mut records = Vec::new();
    for quarter in 0..2 * 96 {
        let mut r = counted(at(15 * quarter), "energy_active_import", 100);
        if (48..52).contains(&quarter) {
            r.set_counter(CounterInterval {
                point: Point::from_name("energy_active_export").unwrap(),
                end_value: 5_000,
                delta: 10,
                flags: CounterFlags::default(),
            });
        }
        if (24..28).contains(&quarter) {
            r.set_counter(CounterInterval {
                point: Point::from_name("gas_volume").unwrap(),
                end_value: 9_000,
                delta: 250,
                flags: CounterFlags::default(),
            });
        }
        records.push(r);
    }
    server.store.append(records).unwrap();
}

/// A server with [`costs_contract`] in force and [`write_intervals`]'s records, and its
/// administrator.
async fn server_with_costs() -> (TestServer, Session) {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    put_tariffs(&admin, costs_contract()).await;
    write_intervals(&server);
    (server, admin)
}

/// The number of the configuration version in force.
async fn version(session: &Session) -> u64 {
    get_json(session, "/site").await["version"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn a_site_without_tariffs_reads_an_empty_section_with_its_currency_and_version() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let (view, tag) = tagged(admin.get("/tariffs").await, StatusCode::OK).await;
    assert_eq!(
        view,
        json!({"gas_kwh_per_m3": null, "electricity": null, "gas": null, "water": null,
               "currency": "EUR", "version": 1})
    );
    assert_eq!(tag.len(), 18, "{tag}");
    let r = admin.get("/tariffs/explain?at=2026-12-25T10:00").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(problem_code(r).await, "not_found");
}

#[tokio::test]
async fn a_full_contract_is_read_back_as_it_was_sent_and_saved_in_the_site_file() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let (saved, tag) = tagged(admin.put("/tariffs", demo_contract()).await, StatusCode::OK).await;
    assert_eq!(saved["currency"], "EUR");
    assert_eq!(saved["version"], 2);
    assert_eq!(section(saved.clone()), demo_contract());
    let (read, read_tag) = tagged(admin.get("/tariffs").await, StatusCode::OK).await;
    assert_eq!(read, saved);
    assert_eq!(read_tag, tag);

    let file = admin.get("/system/config").await.text().await.unwrap();
    assert!(file.contains("[tariffs.electricity.tariffs.f1]"), "{file}");
    assert!(
        file.contains("[[tariffs.electricity.export.rules]]"),
        "{file}"
    );
    assert!(file.contains("gas_kwh_per_m3 = \"10.69\""), "{file}");
    let audit = server.audit_entries("config_change");
    assert_eq!(audit[0].entry.target.as_deref(), Some("tariffs"));

    // Sent back as read (read-only members included), nothing changes.
    let (again, again_tag) = tagged(admin.put("/tariffs", read).await, StatusCode::OK).await;
    assert_eq!(again["version"], 2);
    assert_eq!(again_tag, tag);

    // Moving a rule is reordering the array; `{}` removes every contract.
    let mut moved = demo_contract();
    let rules = moved["electricity"]["rules"].as_array_mut().unwrap();
    rules.swap(3, 4);
    let saved = put_tariffs(&admin, moved).await;
    assert_eq!(saved["electricity"]["rules"][3]["tariff"], "f2");
    assert_eq!(saved["electricity"]["rules"][4]["tariff"], "f1");
    let emptied = put_tariffs(&admin, json!({})).await;
    assert_eq!(emptied["electricity"], Value::Null);
    assert_eq!(emptied["gas_kwh_per_m3"], Value::Null);
    let file = admin.get("/system/config").await.text().await.unwrap();
    assert!(!file.contains("[tariffs"), "{file}");
}

#[tokio::test]
async fn a_contract_that_breaks_rules_is_refused_with_every_error_at_its_path_and_nothing_is_saved()
{
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut broken = demo_contract();
    broken["electricity"]["rules"][5]["tariff"] = json!("f4");
    broken["electricity"]["tariffs"]["f2"]["colour"] = json!("red");
    broken["electricity"]["rules"][0]["valid"] = json!({"from": "2026-12-26", "to": "2026-12-25"});
    broken["gas"]["tariffs"]["gas"]["prices"][0]["price"] = json!(1.15);
    let problem = invalid(admin.put("/tariffs", broken).await).await;
    let errors: Vec<(String, String, Option<String>)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap().to_owned(),
                e["rule"].as_str().unwrap().to_owned(),
                e["suggestion"].as_str().map(str::to_owned),
            )
        })
        .collect();
    let error = |path: &str, rule: &str, suggestion: Option<&str>| {
        (
            path.to_owned(),
            rule.to_owned(),
            suggestion.map(str::to_owned),
        )
    };
    for expected in [
        error(
            "tariffs.electricity.rules[5].tariff",
            "unknown_reference",
            Some("f1"),
        ),
        error("tariffs.electricity.tariffs.f2.colour", "pattern", None),
        error("tariffs.electricity.rules[0].valid", "out_of_range", None),
        error("tariffs.gas.tariffs.gas.prices[0].price", "type", None),
    ] {
        assert!(errors.contains(&expected), "{expected:?} in {problem}");
    }
    assert_eq!(errors.len(), 4, "{problem}");
    assert_eq!(version(&admin).await, 1);
    assert_eq!(
        get_json(&admin, "/tariffs").await["electricity"],
        Value::Null
    );
    assert!(server.audit_entries("config_change").is_empty());
}

#[tokio::test]
async fn a_change_made_on_a_stale_section_is_refused_and_one_made_on_what_was_read_succeeds() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let (_, tag) = tagged(admin.get("/tariffs").await, StatusCode::OK).await;
    // Someone else puts a contract in force meanwhile.
    put_tariffs(&admin, costs_contract()).await;
    let r = admin
        .send_with(
            Method::PUT,
            "/tariffs",
            Some(demo_contract()),
            &[("if-match", &tag)],
        )
        .await;
    let problem = json_answer(r, StatusCode::PRECONDITION_FAILED).await;
    assert_eq!(problem["code"], "changed", "{problem}");
    assert_eq!(version(&admin).await, 2);

    // A change elsewhere in the site leaves the section's tag alone.
    let (_, fresh) = tagged(admin.get("/tariffs").await, StatusCode::OK).await;
    let site = get_json(&admin, "/site").await;
    let renamed = json!({"name": "Renamed plant", "time_zone": site["time_zone"]});
    json_answer(admin.put("/site", renamed).await, StatusCode::OK).await;
    let r = admin
        .send_with(
            Method::PUT,
            "/tariffs",
            Some(demo_contract()),
            &[("if-match", &fresh)],
        )
        .await;
    let (saved, _) = tagged(r, StatusCode::OK).await;
    assert_eq!(section(saved), demo_contract());
}

#[tokio::test]
async fn tariffs_and_repricing_need_the_system_configuration_page_and_costs_the_consumption_page() {
    let (server, _admin) = server_with_costs().await;
    server.add_user("vera", Role::Viewer).await;
    let viewer = server.log_in("vera", PASSWORD).await;
    for response in [
        viewer.get("/tariffs").await,
        viewer.put("/tariffs", json!({})).await,
        viewer.get("/tariffs/explain").await,
        viewer
            .post(
                "/system/reprice",
                json!({"from": "2026-06-01", "to": "2026-06-01"}),
            )
            .await,
    ] {
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(problem_code(response).await, "forbidden");
    }
    get_json(&viewer, "/history/costs?period=month&date=2026-06-01").await;
    get_json(&viewer, "/history/overall?period=month&date=2026-06-01").await;
    assert!(server.audit_entries("reprice").is_empty());
}

/// The explanation of `query` (after `/tariffs/explain?`).
async fn explained(session: &Session, query: &str) -> Value {
    get_json(session, &format!("/tariffs/explain?{query}")).await
}

#[tokio::test]
async fn the_rule_in_force_is_explained_with_why_each_rule_above_it_does_not_apply() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    put_tariffs(&admin, demo_contract()).await;

    let christmas = explained(&admin, "at=2026-12-25T10:00").await;
    assert_eq!(
        christmas,
        json!({"at": "2026-12-25T10:00:00+01:00", "commodity": "electricity", "export": false,
               "rule": 0, "tariff": "f3", "price": "0.187", "price_unit": "kWh",
               "price_from": null, "skipped": []})
    );

    let monday = explained(
        &admin,
        "at=2026-12-28T09:00&commodity=electricity&export=false",
    )
    .await;
    assert_eq!(monday["rule"], 3);
    assert_eq!(monday["tariff"], "f1");
    assert_eq!(monday["price"], "0.263");
    assert_eq!(monday["price_from"], "2026-07-01");
    let skipped = monday["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 3);
    assert_eq!(
        skipped[0],
        json!({"rule": 0, "tariff": "f3",
               "reasons": ["outside its validity (12-25 to 12-26 every year)"],
               "causes": [{"kind": "outside_validity"}]})
    );

    // A Saturday night: the weekday rule fails on time and day, the shoulder rule on time.
    let saturday = explained(&admin, "at=2026-06-06T23:30:00%2B02:00").await;
    assert_eq!(saturday["at"], "2026-06-06T23:30:00+02:00");
    assert_eq!(saturday["rule"], 5);
    assert_eq!(
        saturday["skipped"][3]["causes"],
        json!([{"kind": "outside_time_frame"}, {"kind": "weekday_not_chosen", "day": "sat"}])
    );
    assert_eq!(
        saturday["skipped"][4]["causes"],
        json!([{"kind": "outside_time_frame"}])
    );
    assert_eq!(
        saturday["skipped"][3]["reasons"].as_array().unwrap().len(),
        2
    );

    let feed_in = explained(&admin, "at=2026-06-06T12:00&export=true").await;
    assert_eq!(feed_in["tariff"], "feed_in");
    assert_eq!(feed_in["export"], true);
    let water = explained(&admin, "at=2026-06-06T12:00&commodity=water").await;
    assert_eq!(water["price"], "2.1");
    assert_eq!(water["price_unit"], "m³");
    let r = admin
        .get("/tariffs/explain?at=2026-06-06T12:00&commodity=gas&export=true")
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(explained(&admin, "").await["at"].is_string());

    for (query, param) in [
        // The clocks go forward at 02:00 on 2026-03-29 in Rome: 02:30 does not exist.
        ("at=2026-03-29T02:30", "at"),
        // They go back at 03:00 on 2026-10-25: 02:30 happens twice.
        ("at=2026-10-25T02:30", "at"),
        ("at=christmas", "at"),
        ("at=2026-12-25T10:00&commodity=steam", "commodity"),
        ("at=2026-12-25T10:00&export=yes", "export"),
    ] {
        let problem = invalid(admin.get(&format!("/tariffs/explain?{query}")).await).await;
        assert_eq!(problem["errors"][0]["path"], param, "{query}: {problem}");
    }
    let skipped = invalid(admin.get("/tariffs/explain?at=2026-03-29T02:30").await).await;
    let detail = skipped["detail"].as_str().unwrap();
    assert!(detail.contains("does not exist in Europe/Rome"), "{detail}");
}

#[tokio::test]
async fn costs_are_given_by_tariff_with_every_configured_tariff_named() {
    let (_server, admin) = server_with_costs().await;
    let costs = get_json(
        &admin,
        "/history/costs?scope=site&point=energy_active_import&period=day&date=2026-06-01",
    )
    .await;
    assert_eq!(costs["currency"], "EUR");
    assert_eq!(costs["unit"], "Wh");
    assert_eq!(costs["cost"], "1.68");
    assert_eq!(
        costs["tariffs"],
        json!([
            {"tariff": "day", "amount": 4800, "cost": "1.2", "estimated": false},
            {"tariff": "night", "amount": 4800, "cost": "0.48", "estimated": false},
        ])
    );
    assert_eq!(
        costs["tariff_names"],
        json!([
            {"id": "day", "name": "Day", "colour": "#d55e00"},
            {"id": "holiday", "name": "Holiday", "colour": "#009e73"},
            {"id": "night", "name": "Night", "colour": "#0072b2"},
        ])
    );
    let buckets = costs["buckets"].as_array().unwrap();
    assert_eq!(buckets.len(), 24);
    assert_eq!(buckets[10]["label"], "10:00");
    assert_eq!(buckets[10]["cost"], "0.1");

    let r = admin
        .get("/history/costs?point=energy_active_import&period=day&date=2026-06-01&format=csv")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-disposition"],
        "attachment; filename=\"costs_site_energy_active_import_day-2026-06-01.csv\""
    );
    let text = r.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "start;end;label;Day [Wh];Day [EUR];Night [Wh];Night [EUR];unpriced [Wh];cost [EUR]"
    );
    assert_eq!(
        lines[11],
        "2026-06-01T10:00:00+02:00;2026-06-01T11:00:00+02:00;10:00;400;0,1;;;;0,1"
    );

    for (query, param) in [
        ("point=voltage_l1", "point"),
        ("point=energy_active_importt", "point"),
        ("point=run_time", "point"),
        ("scope=device:", "scope"),
        ("period=week", "period"),
        ("date=2026-02-30", "date"),
        ("format=xml", "format"),
    ] {
        let problem = invalid(admin.get(&format!("/history/costs?{query}")).await).await;
        assert_eq!(problem["errors"][0]["path"], param, "{query}: {problem}");
    }
    let not_priced = invalid(admin.get("/history/costs?point=run_time").await).await;
    let detail = not_priced["detail"].as_str().unwrap();
    assert!(detail.contains("run_time is not priced"), "{detail}");
    let r = admin.get("/history/costs?scope=device:boiler").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_overall_view_keeps_what_is_bought_and_what_is_fed_in_apart() {
    let (_server, admin) = server_with_costs().await;
    let overall = get_json(&admin, "/history/overall?period=month&date=2026-06-15").await;
    assert_eq!(overall["currency"], "EUR");
    assert_eq!(overall["period"]["label"], "2026-06");
    assert_eq!(
        overall["rows"],
        json!([
            {"point": "energy_active_import", "commodity": "electricity", "export": false,
             "unit": "Wh", "amount": 19200, "cost": "3.36", "unpriced_amount": 0,
             "equivalent_wh": null, "standing_charge": "10"},
            {"point": "energy_active_export", "commodity": "electricity", "export": true,
             "unit": "Wh", "amount": 40, "cost": "0.0032", "unpriced_amount": 0,
             "equivalent_wh": null, "standing_charge": null},
            {"point": "gas_volume", "commodity": "gas", "export": false,
             "unit": "dm3", "amount": 1000, "cost": "1", "unpriced_amount": 0,
             "equivalent_wh": 10550, "standing_charge": "15"},
        ])
    );
    assert_eq!(overall["cost"], "4.36");
    assert_eq!(overall["export_revenue"], "0.0032");
    // Every day of June at 0.50 for gas, the month for electricity.
    assert_eq!(overall["standing_charges"], "25");
    // No demand charge without one in the contract.
    assert_eq!(overall["demand_charges"], json!([]));
    assert_eq!(overall["demand_charge"], Value::Null);
    assert_eq!(overall["total"], "29.36");

    let r = admin
        .get("/history/overall?period=month&date=2026-06-15&format=csv")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-disposition"],
        "attachment; filename=\"overall_month-2026-06.csv\""
    );
    let text = r.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "point;commodity;export;unit;amount;cost [EUR];unpriced_amount;equivalent_wh;standing_charge [EUR];demand_charge [EUR]",
            "energy_active_import;electricity;false;Wh;19200;3,36;0;;10;",
            "energy_active_export;electricity;true;Wh;40;0,0032;0;;;",
            "gas_volume;gas;false;dm3;1000;1;0;10550;15;",
        ]
    );

    // A month without data costs only its standing charges.
    let empty = get_json(&admin, "/history/overall?period=month&date=2026-01-15").await;
    let points: Vec<&Value> = empty["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["point"])
        .collect();
    assert_eq!(
        points,
        [&json!("energy_active_import"), &json!("gas_volume")]
    );
    assert_eq!(empty["rows"][0]["amount"], Value::Null);
    assert_eq!(empty["cost"], Value::Null);
    assert_eq!(empty["total"], "25.5");
    let problem = invalid(admin.get("/history/overall?period=week").await).await;
    assert_eq!(problem["errors"][0]["path"], "period");
}

/// [`costs_contract`] with a demand charge of 4.25 per kW and month measured by `meter`.
fn with_demand_charge(meter: &str) -> Value {
    let mut contract = costs_contract();
    contract["electricity"]["demand_charge"] = json!({"per_kw_month": "4.25", "meter": meter});
    contract
}

/// 5-minute intervals of `device` on 2026-07-14 (Rome, UTC+2) in which it imports `wh(n)` in
/// the n-th.
fn five_minute_day(server: &TestServer, device: &str, wh: impl Fn(i64) -> i64) {
    let start: Timestamp = "2026-07-13T22:00:00Z".parse().unwrap();
    let records = (0..288)
        .map(|n| {
            let mut r = IntervalRecord::new(
                DeviceId::new(device).unwrap(),
                start + SignedDuration::from_mins(5 * n),
                5,
            );
            r.set_counter(CounterInterval {
                point: Point::from_name("energy_active_import").unwrap(),
                end_value: 2_000_000 + n * 1_000,
                delta: wh(n),
                flags: CounterFlags::default(),
            });
            r
        })
        .collect();
    server.store.append(records).unwrap();
}

#[tokio::test]
async fn each_months_peak_at_the_grid_connection_meter_is_priced_in_the_overall_view() {
    let (server, admin) = server_with_costs().await;
    put_tariffs(&admin, with_demand_charge("main")).await;
    // In July the main meter imports 50 Wh every 5 minutes (600 W), and 200, 300 and 250 Wh
    // from 09:00 on the 14th: 750 Wh in that quarter hour, 3 kW. The heat pump's sub-meter
    // peaks higher, but the utility measures at the grid connection.
    let peak = 9 * 12;
    five_minute_day(&server, "main", |n| match n - peak {
        0 => 200,
        1 => 300,
        2 => 250,
        _ => 50,
    });
    five_minute_day(&server, "heat", |n| if n == peak { 5_000 } else { 10 });

    let july = get_json(&admin, "/history/overall?period=month&date=2026-07-20").await;
    let item = json!({"month": "2026-07", "at": "2026-07-14T07:00:00Z", "power_w": 3000,
                      "cost": "12.75"});
    assert_eq!(july["demand_charges"], json!([item]));
    assert_eq!(july["demand_charge"], "12.75");
    // What was bought, the month's standing charges (10 + 31 × 0.50) and the demand charge.
    let cost: f64 = july["cost"].as_str().unwrap().parse().unwrap();
    assert_eq!(july["standing_charges"], "25.5");
    let total: f64 = july["total"].as_str().unwrap().parse().unwrap();
    assert!((total - (cost + 25.5 + 12.75)).abs() < 1e-9, "{july}");

    // The charge is per month: a day's view, even one without data, shows its month's peak.
    let day = get_json(&admin, "/history/overall?period=day&date=2026-07-01").await;
    assert_eq!(day["demand_charges"], json!([item]));
    assert_eq!(day["cost"], Value::Null);
    assert_eq!(
        day["total"], "23.25",
        "the month's 10, the day's 0.50 and 12.75"
    );

    // A year shows every month with readings of the meter: June's 400 W (100 Wh every 15
    // minutes) and July's; the months without are not charged.
    let year = get_json(&admin, "/history/overall?period=year&date=2026-03-01").await;
    let months: Vec<(&str, i64, &str)> = year["demand_charges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap(),
                m["power_w"].as_i64().unwrap(),
                m["cost"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        months,
        [("2026-06", 400, "1.7"), ("2026-07", 3000, "12.75")]
    );
    assert_eq!(year["demand_charge"], "14.45");
    assert_eq!(
        year["demand_charges"][0]["at"], "2026-05-31T22:00:00Z",
        "the first of equal peaks"
    );

    // The download carries the period's demand charge beside bought electricity.
    let r = admin
        .get("/history/overall?period=month&date=2026-07-20&format=csv")
        .await;
    let text = r.text().await.unwrap();
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .ends_with(";standing_charge [EUR];demand_charge [EUR]"),
        "{text}"
    );
    let import = lines.next().unwrap();
    assert!(
        import.starts_with("energy_active_import;") && import.ends_with(";10;12,75"),
        "{text}"
    );

    // A month without readings of the meter has no demand charge; the sum is then 0.
    let january = get_json(&admin, "/history/overall?period=month&date=2026-01-15").await;
    assert_eq!(january["demand_charges"], json!([]));
    assert_eq!(january["demand_charge"], "0");
    // Measured at another meter, the heat pump's July peak (5 020 Wh in a quarter hour).
    put_tariffs(&admin, with_demand_charge("heat")).await;
    let july = get_json(&admin, "/history/overall?period=month&date=2026-07-20").await;
    assert_eq!(july["demand_charges"][0]["power_w"], 20_080);
}

#[tokio::test]
async fn a_demand_charge_needs_a_meter_of_the_site_and_an_unknown_one_is_refused_at_its_field() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let problem = invalid(admin.put("/tariffs", with_demand_charge("mian")).await).await;
    assert_eq!(
        problem["errors"],
        json!([{"path": "tariffs.electricity.demand_charge.meter", "rule": "unknown_reference",
                "params": {"kind": "device", "value": "mian"}, "suggestion": "main",
                "message": "unknown device \"mian\""}]),
        "{problem}"
    );
    let mut without = costs_contract();
    without["electricity"]["demand_charge"] = json!({"per_kw_month": "4.25"});
    let problem = invalid(admin.put("/tariffs", without).await).await;
    assert_eq!(
        problem["errors"][0]["path"],
        "tariffs.electricity.demand_charge.meter"
    );
    assert_eq!(problem["errors"][0]["rule"], "required");
    let message = problem["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("meter = \"<device id>\""), "{message}");
    assert_eq!(version(&admin).await, 1, "nothing was saved");

    // The meter of the grid connection is accepted and read back.
    let saved = put_tariffs(&admin, with_demand_charge("main")).await;
    assert_eq!(
        saved["electricity"]["demand_charge"],
        json!({"per_kw_month": "4.25", "meter": "main"})
    );
    let file = admin.get("/system/config").await.text().await.unwrap();
    assert!(
        file.contains(r#"demand_charge = { per_kw_month = "4.25", meter = "main" }"#),
        "{file}"
    );
}

#[tokio::test]
async fn repricing_a_day_changes_only_that_days_costs_and_is_audited_and_logged() {
    let (server, admin) = server_with_costs().await;
    let day_cost =
        |date: &str| format!("/history/costs?point=energy_active_import&period=day&date={date}");
    assert_eq!(
        get_json(&admin, &day_cost("2026-06-01")).await["cost"],
        "1.68"
    );
    assert_eq!(
        get_json(&admin, &day_cost("2026-06-02")).await["cost"],
        "1.68"
    );

    // The day price is corrected; only what is written from then on would get it.
    let mut corrected = costs_contract();
    corrected["electricity"]["tariffs"]["day"]["prices"][0]["price"] = json!("0.5");
    put_tariffs(&admin, corrected).await;
    assert_eq!(
        get_json(&admin, &day_cost("2026-06-01")).await["cost"],
        "1.68"
    );

    let report = json_answer(
        admin
            .post(
                "/system/reprice",
                json!({"from": "2026-06-01", "to": "2026-06-01"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(report["from"], "2026-06-01");
    assert_eq!(report["to"], "2026-06-01");
    let intervals = report["intervals"].as_u64().unwrap();
    assert!(intervals >= 96, "{report}");
    assert_eq!(
        get_json(&admin, &day_cost("2026-06-01")).await["cost"],
        "2.88"
    );
    assert_eq!(
        get_json(&admin, &day_cost("2026-06-02")).await["cost"],
        "1.68"
    );

    let audit = server.audit_entries("reprice");
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].entry.user.as_deref(), Some("admin"));
    assert_eq!(audit[0].entry.target.as_deref(), Some("costs"));
    assert_eq!(
        audit[0].entry.detail,
        Some(json!({"from": "2026-06-01", "to": "2026-06-01", "intervals": intervals}))
    );
    let events = get_json(&admin, "/events?kind=costs_repriced").await;
    assert_eq!(events.as_array().unwrap().len(), 1, "{events}");
    let message = events[0]["message"].as_str().unwrap();
    assert!(message.contains("by admin"), "{message}");

    for (body, param) in [
        (json!({"from": "2026-06-02", "to": "2026-06-01"}), "to"),
        (json!({"from": "2026-13-01", "to": "2026-06-01"}), "from"),
        (json!({"from": "2026-06-01", "to": "1 June"}), "to"),
        (json!({"from": "2000-01-01", "to": "2020-01-01"}), "to"),
    ] {
        let problem = invalid(admin.post("/system/reprice", body.clone()).await).await;
        assert_eq!(problem["errors"][0]["path"], param, "{body}: {problem}");
    }
    // Twenty years to the day before are allowed.
    json_answer(
        admin
            .post(
                "/system/reprice",
                json!({"from": "2000-01-01", "to": "2019-12-31"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let r = admin
        .post(
            "/system/reprice",
            json!({"from": "2026-06-01", "to": "2026-06-01", "by": "someone"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn imported_prices_are_stored_listed_and_price_what_follows_with_the_surcharge() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let view = put_tariffs(
        &admin,
        json!({"electricity": {"dynamic": {"surcharge": "0.01"}}}),
    )
    .await;
    assert_eq!(view["electricity"]["dynamic"], json!({"surcharge": "0.01"}));
    // Two hours of day-ahead prices, semicolons and decimal commas.
    let csv = "start;end;price\n\
               2026-06-01T00:00:00+02:00;2026-06-01T01:00:00+02:00;0,20\n\
               2026-06-01T01:00:00+02:00;2026-06-01T02:00:00+02:00;0,30\n";
    let response = admin
        .send_text(Method::PUT, "/tariffs/electricity/prices", "text/csv", csv)
        .await;
    let report = json_answer(response, StatusCode::OK).await;
    assert_eq!(report["imported"], 2);
    assert_eq!(report["replaced"], 0);
    assert_eq!(report["from"], "2026-05-31T22:00:00Z");
    let listed = get_json(
        &admin,
        "/tariffs/electricity/prices?from=2026-06-01&to=2026-06-02",
    )
    .await;
    assert_eq!(
        listed,
        json!([
            {"start": "2026-05-31T22:00:00Z", "end": "2026-05-31T23:00:00Z", "price": "0.2"},
            {"start": "2026-05-31T23:00:00Z", "end": "2026-06-01T00:00:00Z", "price": "0.3"},
        ])
    );
    // What is recorded from then on is priced: 400 Wh an hour at 0.21 and 0.31.
    write_intervals(&server);
    let costs = get_json(
        &admin,
        "/history/costs?scope=device:main&period=day&date=2026-06-01",
    )
    .await;
    assert_eq!(costs["buckets"][0]["cost"], "0.084");
    assert_eq!(costs["buckets"][1]["cost"], "0.124");
    assert_eq!(costs["tariffs"][0]["tariff"], "dynamic");
    // A file with errors names each line and stores nothing.
    let bad = "start,end,price\n2026-06-02T00:00:00,2026-06-02T01:00:00Z,0.1\n";
    let problem = invalid(
        admin
            .send_text(Method::PUT, "/tariffs/electricity/prices", "text/csv", bad)
            .await,
    )
    .await;
    assert_eq!(problem["errors"][0]["path"], "body");
    let message = problem["errors"][0]["message"].as_str().unwrap();
    assert!(message.starts_with("line 2: start"), "{message}");
    let problem = invalid(
        admin
            .send_text(Method::PUT, "/tariffs/oil/prices", "text/csv", csv)
            .await,
    )
    .await;
    assert_eq!(problem["errors"][0]["path"], "commodity");
    // Only the system configuration page imports or reads them.
    server.add_user("vera", Role::Viewer).await;
    let viewer = server.log_in("vera", PASSWORD).await;
    let response = viewer
        .send_text(Method::PUT, "/tariffs/electricity/prices", "text/csv", csv)
        .await;
    assert_eq!(problem_code(response).await, "forbidden");
    assert_eq!(
        problem_code(viewer.get("/tariffs/electricity/prices").await).await,
        "forbidden"
    );
}
