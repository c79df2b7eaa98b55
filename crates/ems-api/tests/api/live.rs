//! Live values: the devices' states, and the event stream of their changes.

use crate::support::*;
use ems_api::running::{DeviceState, RunningSite};
use ems_model::access::Role;
use ems_model::{DeviceId, DeviceStatus, Quality};
use futures_util::{Stream, StreamExt};
use jiff::Timestamp;
use reqwest::StatusCode;
use serde_json::Value;
use std::pin::Pin;
use std::time::Duration;

/// The longest wait for one event: a failure never hangs the suite.
const EVENT_WAIT: Duration = Duration::from_secs(10);

/// One Server-Sent Event.
#[derive(Debug)]
struct SseEvent {
    id: u64,
    name: String,
    data: Value,
}

/// An open event stream, read event by event.
struct EventStream {
    bytes: Pin<Box<dyn Stream<Item = reqwest::Result<Vec<u8>>> + Send>>,
    buffer: String,
}

impl EventStream {
    /// Opens `path` with the session, checking that it answers an event stream.
    async fn open(server: &TestServer, session: &Session, path: &str) -> EventStream {
        let response = session.client.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
        assert_eq!(header("content-type"), "text/event-stream");
        assert_eq!(header("cache-control"), "no-store");
        EventStream {
            bytes: Box::pin(response.bytes_stream().map(|b| b.map(|b| b.to_vec()))),
            buffer: String::new(),
        }
    }

    /// The next event (keep-alive comments skipped); `None` when the stream ended.
    async fn next(&mut self) -> Option<SseEvent> {
        tokio::time::timeout(EVENT_WAIT, self.read_event())
            .await
            .expect("no event came in time")
    }

    async fn read_event(&mut self) -> Option<SseEvent> {
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if let Some(event) = parse_event(&block) {
                    return Some(event);
                }
            }
            let chunk = self.bytes.next().await?.unwrap();
            self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }

    /// The next event, which must be `name`; its data.
    async fn expect(&mut self, name: &str) -> Value {
        let event = self.next().await.expect("the stream ended");
        assert_eq!(event.name, name, "{event:?}");
        event.data
    }
}

/// An event of a block of lines; `None` for a comment alone.
fn parse_event(block: &str) -> Option<SseEvent> {
    let (mut id, mut name, mut data) = (None, None, None);
    for line in block
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with(':'))
    {
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "id" => id = Some(value.parse().unwrap()),
            "event" => name = Some(value.to_owned()),
            "data" => data = Some(serde_json::from_str(value).unwrap()),
            other => panic!("unexpected field {other:?} in {block:?}"),
        }
    }
    Some(SseEvent {
        id: id?,
        name: name?,
        data: data?,
    })
}

fn device_ids(states: &Value) -> Vec<&str> {
    states
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["device"].as_str().unwrap())
        .collect()
}

fn qualities(state: &Value) -> Vec<&str> {
    state["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["quality"].as_str().unwrap())
        .collect()
}

/// The device's state as acquisition would report it after a status change: on a
/// communication error its points are kept, marked stale.
fn device_state(server: &TestServer, device: &str, status: DeviceStatus) -> DeviceState {
    let id = DeviceId::new(device).unwrap();
    let mut state = server.site.live_device(&id).unwrap();
    state.status = Some(status);
    state.status_since = Some(Timestamp::now());
    if status == DeviceStatus::CommunicationError {
        state.last_error = Some("no answer from unit 1 after 3 tries".into());
        for point in &mut state.points {
            point.quality = Quality::Stale;
        }
    } else {
        state.last_error = None;
        state.points = vec![
            point_state("active_power", 1300.0),
            point_state("energy_active_import", 5001.0),
        ];
    }
    state
}

#[tokio::test]
async fn every_device_is_listed_with_its_status_and_points_for_panel_board_users_only() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let r = admin.get("/live").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let states: Value = r.json().await.unwrap();
    assert_eq!(device_ids(&states), ["heat", "main"]);
    let main = &states[1];
    assert_eq!(main["status"], "on");
    let points = main["points"].as_array().unwrap();
    let power = points
        .iter()
        .find(|p| p["point"] == "active_power")
        .unwrap();
    assert_eq!(power["value"], 1200.0);
    assert_eq!(power["unit"], "W");
    assert_eq!(power["quality"], "good");
    let energy = points
        .iter()
        .find(|p| p["point"] == "energy_active_import")
        .unwrap();
    assert_eq!(energy["value"].to_string(), "5000", "counters are integers");

    let heat: Value = admin.get("/live/heat").await.json().await.unwrap();
    assert_eq!(heat, states[0]);
    let only_heat: Value = admin.get("/live?devices=heat").await.json().await.unwrap();
    assert_eq!(device_ids(&only_heat), ["heat"]);

    server.add_user("vera", Role::Viewer).await;
    let viewer = server.log_in("vera", PASSWORD).await;
    for path in ["/live", "/live/main", "/live/stream"] {
        let r = viewer.get(path).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(problem_code(r).await, "forbidden");
    }
    server.add_user("ivo", Role::Installer).await;
    let installer = server.log_in("ivo", PASSWORD).await;
    assert_eq!(installer.get("/live").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn unknown_devices_are_named_and_malformed_ids_refused() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    for path in [
        "/live/boiler",
        "/live?devices=heat,boiler",
        "/live/stream?devices=boiler",
    ] {
        let r = admin.get(path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        let problem: Value = r.json().await.unwrap();
        assert_eq!(problem["code"], "not_found");
        assert!(
            problem["detail"].as_str().unwrap().contains("\"boiler\""),
            "{problem}"
        );
    }
    for path in [
        "/live?devices=Heat!",
        "/live/stream?devices=heat,",
        "/live?devices=",
    ] {
        let r = admin.get(path).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let problem: Value = r.json().await.unwrap();
        assert_eq!(problem["code"], "invalid");
        assert_eq!(problem["errors"][0]["path"], "devices", "{problem}");
    }
}

#[tokio::test]
async fn the_stream_sends_a_snapshot_then_each_change_and_a_new_snapshot_after_a_restart() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut stream = EventStream::open(&server, &admin, "/live/stream").await;
    let first = stream.next().await.unwrap();
    assert_eq!((first.id, first.name.as_str()), (1, "snapshot"));
    assert_eq!(device_ids(&first.data), ["heat", "main"]);
    assert_eq!(first.data[1]["status"], "on");

    server
        .site
        .push_values("main", vec![point_state("active_power", 2500.0)]);
    let values = stream.next().await.unwrap();
    assert_eq!((values.id, values.name.as_str()), (2, "values"));
    assert_eq!(values.data["device"], "main");
    assert_eq!(values.data["points"][0]["point"], "active_power");
    assert_eq!(values.data["points"][0]["value"], 2500.0);
    assert_eq!(values.data["points"][0]["quality"], "good");

    // The device stops answering: its values are held, marked stale, never shown as fresh.
    let lost = device_state(&server, "main", DeviceStatus::CommunicationError);
    server.site.set_live(lost);
    let status = stream.expect("status").await;
    assert_eq!(status["device"], "main");
    assert_eq!(status["status"], "communication_error");
    assert_eq!(status["last_error"], "no answer from unit 1 after 3 tries");
    let held = qualities(&status);
    assert!(
        !held.is_empty() && held.iter().all(|q| *q == "stale"),
        "{held:?}"
    );

    // It answers again: its status with fresh values, then new values.
    let back = device_state(&server, "main", DeviceStatus::On);
    server.site.set_live(back);
    let status = stream.expect("status").await;
    assert_eq!(status["status"], "on");
    assert_eq!(qualities(&status), ["good", "good"]);
    server
        .site
        .push_values("main", vec![point_state("active_power", 1400.0)]);
    let values = stream.expect("values").await;
    assert_eq!(values["points"][0]["value"], 1400.0);

    // A configuration is applied: acquisition restarts, and the stream starts over.
    let mut site = (*server.site.site()).clone();
    site.site.name = "Renamed plant".into();
    server.site.apply(site).await.unwrap();
    let snapshot = stream.next().await.unwrap();
    assert_eq!((snapshot.id, snapshot.name.as_str()), (6, "snapshot"));
    assert_eq!(device_ids(&snapshot.data), ["heat", "main"]);
    let main = &snapshot.data[1];
    let power = main["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["point"] == "active_power")
        .unwrap();
    assert_eq!(
        power["value"], 1400.0,
        "the snapshot holds the latest values"
    );
}

#[tokio::test]
async fn a_stream_for_one_device_sees_only_that_device() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut stream = EventStream::open(&server, &admin, "/live/stream?devices=heat").await;
    let snapshot = stream.expect("snapshot").await;
    assert_eq!(device_ids(&snapshot), ["heat"]);
    server
        .site
        .push_values("main", vec![point_state("active_power", 1.0)]);
    server.site.set_live(device_state(
        &server,
        "main",
        DeviceStatus::CommunicationError,
    ));
    server
        .site
        .push_values("heat", vec![point_state("active_power", 2.0)]);
    let values = stream.expect("values").await;
    assert_eq!(values["device"], "heat");
    assert_eq!(values["points"][0]["value"], 2.0);
    server.site.set_live(device_state(
        &server,
        "heat",
        DeviceStatus::CommunicationError,
    ));
    let status = stream.expect("status").await;
    assert_eq!(status["device"], "heat");
}

#[tokio::test]
async fn an_open_stream_ends_when_its_session_ends() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut stream = EventStream::open(&server, &admin, "/live/stream").await;
    stream.expect("snapshot").await;
    let r = admin.delete("/session").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    // The stream checks its session every 15 s.
    let end = tokio::time::timeout(Duration::from_secs(40), stream.read_event()).await;
    assert!(
        matches!(end, Ok(None)),
        "the stream should have ended: {end:?}"
    );
}
