//! The web server beside the real acquisition of the demo: the live stream follows a simulated
//! meter that stops answering and comes back, and the command-line recovery ends sessions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ems::demo::{DemoOptions, RunningDemo};
use ems::web::Web;
use ems_api::ServerSettings;
use ems_profile::load::Library;
use ems_sim::Fault;
use futures_util::StreamExt;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

const PASSWORD: &str = "correct horse battery staple";

struct Served {
    demo: RunningDemo,
    web: Web,
    client: reqwest::Client,
    base: String,
    _dir: tempfile::TempDir,
}

async fn serve_demo() -> Served {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::builtin().unwrap();
    let options = DemoOptions {
        data_dir: dir.path().to_owned(),
        print_every: Duration::from_secs(3600),
        run_for: None,
        backfill: None,
    };
    let clock: Arc<dyn ems_model::Clock> = Arc::new(ems_model::SystemClock);
    let demo = ems::demo::start(&library, &options, clock.clone())
        .await
        .unwrap();
    let mut settings = ServerSettings::new(dir.path());
    settings.https_listen = "127.0.0.1:0".parse().unwrap();
    settings.http_listen = None;
    let web = Web::start(
        demo.runner.clone(),
        demo.store.clone(),
        Arc::new(library),
        clock,
        settings,
    )
    .unwrap();
    let cert = std::fs::read(dir.path().join("tls").join("cert.pem")).unwrap();
    let client = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(&cert).unwrap()])
        .cookie_store(true)
        .build()
        .unwrap();
    let base = format!("https://127.0.0.1:{}/api/v1", web.https.port());
    Served {
        demo,
        web,
        client,
        base,
        _dir: dir,
    }
}

impl Served {
    /// The JSON answer of `GET` at `path` below `/api/v1`, with the client's cookie.
    async fn get_json(&self, path: &str) -> Value {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// The status of `GET /session` with the client's cookie.
    async fn session_status(&self) -> u16 {
        let url = format!("{}/session", self.base);
        self.client.get(url).send().await.unwrap().status().as_u16()
    }

    /// Creates the administrator with the printed setup code and logs in; the CSRF token.
    async fn log_in(&self) -> String {
        let code = self.web.setup_code.clone().unwrap();
        let r = self
            .client
            .post(format!("{}/setup", self.base))
            .json(&json!({"code": code, "name": "admin", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let r = self
            .client
            .post(format!("{}/session", self.base))
            .json(&json!({"name": "admin", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let body: Value = r.json().await.unwrap();
        body["csrf_token"].as_str().unwrap().to_owned()
    }
}

/// The events of a Server-Sent Events stream, as (event name, data).
struct Events {
    stream: futures_util::stream::BoxStream<'static, reqwest::Result<Vec<u8>>>,
    buffer: String,
}

impl Events {
    async fn next(&mut self) -> (String, Value) {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut name = String::from("message");
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if data.is_empty() {
                    continue; // a keep-alive comment
                }
                return (name, serde_json::from_str(&data).unwrap());
            }
            let chunk = tokio::time::timeout(Duration::from_secs(30), self.stream.next())
                .await
                .expect("no event within 30 s")
                .expect("the stream ended")
                .unwrap();
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Skips events until one satisfies `wanted`.
    async fn until(&mut self, what: &str, mut wanted: impl FnMut(&str, &Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        loop {
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for {what}"
            );
            let (name, data) = self.next().await;
            if wanted(&name, &data) {
                return data;
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_live_stream_follows_a_meter_that_stops_answering_and_comes_back() {
    let served = serve_demo().await;
    served.log_in().await;
    let response = served
        .client
        .get(format!("{}/live/stream?devices=kitchen", served.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut events = Events {
        stream: response
            .bytes_stream()
            .map(|c| c.map(|b| b.to_vec()))
            .boxed(),
        buffer: String::new(),
    };
    let (name, snapshot) = events.next().await;
    assert_eq!(name, "snapshot");
    assert_eq!(snapshot.as_array().unwrap().len(), 1, "{snapshot}");
    events
        .until("the kitchen meter's values", |name, data| {
            name == "values" && data["device"] == "kitchen"
        })
        .await;

    served
        .demo
        .sim
        .set_fault("kitchen", Fault::NoAnswer)
        .unwrap();
    let failed = events
        .until("a communication error", |name, data| {
            name == "status" && data["status"] == "communication_error"
        })
        .await;
    assert!(
        failed["last_error"].as_str().is_some_and(|e| !e.is_empty()),
        "{failed}"
    );
    let points = failed["points"].as_array().unwrap();
    assert!(!points.is_empty());
    for point in points {
        assert_eq!(
            point["quality"], "stale",
            "a value of a silent meter shown as fresh: {point}"
        );
    }

    served.demo.sim.clear_fault("kitchen").unwrap();
    let back = events
        .until("the meter back on", |name, data| {
            name == "status" && data["status"] == "on"
        })
        .await;
    assert_eq!(back["device"], "kitchen");
    let fresh = events
        .until("fresh values", |name, data| {
            name == "values" && data["device"] == "kitchen"
        })
        .await;
    for point in fresh["points"].as_array().unwrap() {
        assert_eq!(point["quality"], "good", "{point}");
    }
    served.web.stop().await;
    served.demo.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_device_and_a_link_are_tested_through_the_link_that_owns_the_bus() {
    let served = serve_demo().await;
    let csrf = served.log_in().await;
    let test = |body: Value| {
        served
            .client
            .post(format!("{}/devices/test", served.base))
            .header("x-csrf-token", &csrf)
            .json(&body)
            .send()
    };
    // The RS-485 link is running (and its address is the simulator's only through the
    // demo's routing): the test reads unit 2 between the link's own requests.
    let r = test(json!({"link": "rs485",
        "device": {"name": "New boiler meter", "profile": "eastron.sdm120", "unit_id": 2}}))
    .await
    .unwrap();
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(
        body["points"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["point"] == "voltage_l1" && p["quality"] == "good"),
        "{body}"
    );
    // The link's own test opens no second connection: the running link answers.
    let r = served
        .client
        .post(format!("{}/links/rs485/test", served.base))
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        (status.as_u16(), &body["reachable"]),
        (200, &json!(true)),
        "{body}"
    );
    // Another link on the same bus with other settings would be a second owner: refused.
    let r = test(
        json!({"link": {"id": "other", "kind": "rtu_over_tcp", "host": "127.0.0.1",
            "port": 5021, "timeout_ms": 900},
        "device": {"name": "New boiler meter", "profile": "eastron.sdm120", "unit_id": 2}}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("used by link \"rs485\""),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_admin_on_the_command_line_ends_every_session_and_prints_a_new_code() {
    let served = serve_demo().await;
    served.log_in().await;
    assert_eq!(served.session_status().await, 200);
    let dir = served.demo.store.dir().to_owned();
    let (ok, stdout, stderr) = crate::support::ems_in(&dir, &["user", "reset-admin"]);
    assert!(ok, "{stderr}");
    let code = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Setup code: "))
        .expect("a setup code")
        .trim()
        .to_owned();
    assert_eq!(served.session_status().await, 401);
    // The code gives the administrator a new password.
    let r = served
        .client
        .post(format!("{}/setup", served.base))
        .json(&json!({"code": code, "name": "admin", "password": "a brand new passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r = served
        .client
        .post(format!("{}/session", served.base))
        .json(&json!({"name": "admin", "password": "a brand new passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    served.web.stop().await;
    served.demo.stop().await.unwrap();
}

/// The wizard's scan of the demo's Modbus TCP bus, through its running link: every unit id is
/// probed, the configured meters show as configured, the three meters the site lacks are found
/// with what they are, and polling goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scan_of_the_plant_bus_finds_the_meters_the_site_lacks_and_what_they_are() {
    let served = serve_demo().await;
    let csrf = served.log_in().await;
    let r = served
        .client
        .post(format!("{}/scans", served.base))
        .header("x-csrf-token", &csrf)
        .json(&json!({"link": "plant"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let started: Value = r.json().await.unwrap();
    let address = format!("/scans/{}", started["id"]);
    let started_at = tokio::time::Instant::now();
    let scan = loop {
        let scan = served.get_json(&address).await;
        if scan["state"] != "running" {
            break scan;
        }
        assert!(
            started_at.elapsed() < Duration::from_secs(120),
            "still running: {scan}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(scan["state"], "done", "{scan}");
    assert_eq!(
        (&scan["probed"], &scan["total"]),
        (&json!(247), &json!(247))
    );
    let found: Vec<(u64, Vec<&str>, Option<&str>)> = scan["found"]
        .as_array()
        .unwrap()
        .iter()
        .map(|unit| {
            let candidates = unit["candidates"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["profile"].as_str().unwrap())
                .collect();
            (
                unit["unit_id"].as_u64().unwrap(),
                candidates,
                unit["configured_as"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (1, vec![], Some("main")),
            (2, vec!["sunspec.meter_203"], Some("pv")),
            (3, vec![], Some("hvac")),
            (4, vec![], Some("lighting")),
            (5, vec![], Some("kitchen")),
            (10, vec!["eastron.sdm120"], None),
            (11, vec!["abb.b23"], None),
            (12, vec![], None),
        ]
    );
    // The UMG 96RM answers, as a unit of unknown model: "illegal data address".
    assert_eq!(scan["found"][7]["exception"], 2);
    // The link polled its meters all along.
    let live = served
        .get_json("/live?devices=main,pv,hvac,lighting,kitchen")
        .await;
    for device in live.as_array().unwrap() {
        assert_eq!(device["status"], "on", "{device}");
    }
    served.web.stop().await;
    served.demo.stop().await.unwrap();
}

/// A scan of a bus no link polls has a connection of its own. A link saved on that bus meanwhile
/// becomes its one owner: the scan ends first, closes its connection and says which link owns
/// the bus now.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_saved_on_the_bus_of_a_running_scan_ends_that_scan_first() {
    let served = serve_demo().await;
    let csrf = served.log_in().await;
    // A gateway that accepts connections and never answers: every unit id waits its timeout.
    let gateway = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = gateway.local_addr().unwrap().port();
    let (closed_tx, mut closed) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut accepted = 0u32;
        while let Ok((mut socket, _)) = gateway.accept().await {
            accepted += 1;
            let closed_tx = closed_tx.clone();
            let number = accepted;
            tokio::spawn(async move {
                let mut buffer = [0u8; 256];
                while let Ok(n) = tokio::io::AsyncReadExt::read(&mut socket, &mut buffer).await {
                    if n == 0 {
                        break;
                    }
                }
                let _ = closed_tx.send(number);
            });
        }
    });
    let link = json!({"kind": "modbus_tcp", "host": "127.0.0.1", "port": port,
        "timeout_ms": 200});
    let r = served
        .client
        .post(format!("{}/scans", served.base))
        .header("x-csrf-token", &csrf)
        .json(&json!({"link": link}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let started: Value = r.json().await.unwrap();
    let address = format!("/scans/{}", started["id"]);
    // Saving a link on that bus applies the site: the scan hands the bus over before it starts.
    let mut saved = link.clone();
    saved["id"] = json!("attic");
    let r = served
        .client
        .post(format!("{}/links", served.base))
        .header("x-csrf-token", &csrf)
        .json(&saved)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    let scan = served.get_json(&address).await;
    assert_eq!(scan["state"], "failed", "{scan}");
    assert!(
        scan["error"].as_str().unwrap().contains("link \"attic\""),
        "{scan}"
    );
    assert!(scan["probed"].as_u64().unwrap() < 247, "{scan}");
    // The scan's connection, the first, is closed.
    let first_closed = tokio::time::timeout(Duration::from_secs(10), closed.recv())
        .await
        .unwrap();
    assert_eq!(first_closed, Some(1));
    served.web.stop().await;
    served.demo.stop().await.unwrap();
}

/// The demo's internal meter analyses the simulated board's waveforms, whose harmonics are
/// known (crates/ems/demo/sim.toml): voltage orders 5 at 2.8 % and 7 at 1.6 % of the
/// fundamental, current orders 3 at 12 % and 5 at 9 %. The route gives each within IEC
/// 61000-4-7 class I, 5 % of the reading, the accuracy ems-metering's own tests hold the
/// analyser to (the board's noise, 0.2 V and 2 mA, is far below it); a Modbus meter measures
/// no harmonics.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_internal_meters_harmonics_reach_the_api_as_shares_of_the_fundamental() {
    let served = serve_demo().await;
    served.log_in().await;
    let url = format!("{}/live/incomer/harmonics", served.base);
    let started = tokio::time::Instant::now();
    let answer = loop {
        let r = served.client.get(&url).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let answer: Value = r.json().await.unwrap();
        if !answer["timestamp"].is_null() {
            break answer;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no spectrum within 30 s: {answer}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(answer["quality"], "good");
    assert_eq!(answer["max_order"], 40);
    let fundamental = answer["fundamental_hz"].as_f64().unwrap();
    assert!((fundamental - 50.0).abs() < 0.01, "{fundamental} Hz");
    let share = |of: &Value, order: usize| of["percent"][order - 1].as_f64().unwrap();
    let within_class = |got: f64, truth: f64, what: String| {
        assert!(
            (got - truth).abs() <= 0.05 * truth,
            "{what}: {got} %, simulated {truth} %"
        );
    };
    for list in ["voltage", "line_voltage"] {
        let channels = answer[list].as_array().unwrap();
        assert_eq!(channels.len(), 3, "{answer}");
        for channel in channels {
            within_class(share(channel, 5), 2.8, format!("{list} order 5: {channel}"));
            within_class(share(channel, 7), 1.6, format!("{list} order 7: {channel}"));
        }
    }
    for channel in answer["current"].as_array().unwrap() {
        within_class(
            share(channel, 3),
            12.0,
            format!("current order 3: {channel}"),
        );
        within_class(
            share(channel, 5),
            9.0,
            format!("current order 5: {channel}"),
        );
    }
    // The simulated L1 voltage is 231 V, its 5th harmonic 2.8 % of it.
    let l1 = &answer["voltage"][0];
    assert_eq!(l1["phase"], "l1");
    let rms_5 = l1["rms_v"][4].as_f64().unwrap();
    within_class(rms_5, 231.0 * 0.028, format!("L1 order 5 in volts: {l1}"));

    let r = served
        .client
        .get(format!("{}/live/kitchen/harmonics", served.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    served.web.stop().await;
    served.demo.stop().await.unwrap();
}
