//! The server against its own OpenAPI document, checked by Schemathesis (an independent fuzzer
//! from PyPI, installed in the test peers' venv by `scripts/test-deps.sh`): for every operation
//! it sends boundary values and generated requests, valid and not, and every answer must be no
//! 5xx, with a documented status, content type and headers, and a body that matches the schema.
//! Then what its runs found, each pinned down.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Generated requests per operation: enough to find the common mistakes in well under a
/// minute (run Schemathesis by hand with more to look for rarer ones).
const EXAMPLES_PER_OPERATION: &str = "25";
/// The seed of the generated requests: every run sends the same ones.
const SEED: &str = "20240601";
/// How long the whole run may take before the test gives up on it.
const RUN_WITHIN: Duration = Duration::from_secs(600);

/// The checks of every answer (Schemathesis's names).
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
                      response_headers_conformance,response_schema_conformance";

/// Schemathesis's settings that have no command-line option: an event stream (the live
/// stream, which never ends by itself) is read up to its first event, then checked.
const CONFIG: &str = "max-stream-events = 1\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_answers_as_the_openapi_document_says() {
    let schemathesis = ems_testkit::peer_python(env!("CARGO_MANIFEST_DIR"), "schemathesis")
        .with_file_name("schemathesis");
    // The one media type Schemathesis does not know, the site file (application/toml).
    let hooks = ems_testkit::workspace_root(env!("CARGO_MANIFEST_DIR"))
        .join("tests/peers/schemathesis_hooks.py");
    let server = TestServer::start().await;
    let admin = server.admin().await;
    // An administrator's token reaches every operation a token may call; the others (users,
    // tokens, the session) answer 403 token_not_allowed, as documented. A token cannot change
    // credentials, users or tokens, so the run cannot lock itself out; it may change the
    // configuration, which is this throwaway server's.
    let response = admin
        .post(
            "/tokens",
            json!({"name": "schemathesis", "role": "administrator"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    let token = created["token"].as_str().unwrap().to_owned();

    let dir = tempfile::tempdir().unwrap();
    let certificate = dir.path().join("server.pem");
    std::fs::write(&certificate, server.certificate_pem()).unwrap();
    let config = dir.path().join("schemathesis.toml");
    std::fs::write(&config, CONFIG).unwrap();
    let mut command = Command::new(&schemathesis);
    command
        .current_dir(dir.path())
        .env("SCHEMATHESIS_HOOKS", &hooks)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .arg("--config-file")
        .arg(&config)
        .args(["run", &server.url("/openapi.json"), "--url", &server.base])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .arg("--tls-verify")
        .arg(&certificate)
        .args(["--checks", CHECKS])
        // Not the stateful phase: its request sequences are drawn anew on every run.
        .args(["--phases", "examples,coverage,fuzzing"])
        .args(["--max-examples", EXAMPLES_PER_OPERATION])
        .args(["--seed", SEED])
        .args(["--generation-database", "none"])
        // One worker: the same requests in the same order on every run (and Python 3.11's
        // parser is not safe across the threads of several workers).
        .args(["--workers", "1", "--request-timeout", "10", "--no-color"]);
    let started = Instant::now();
    let (status, output) =
        tokio::task::spawn_blocking(move || run_bounded(command, &dir.path().join("output.txt")))
            .await
            .unwrap();
    assert!(
        status.success(),
        "schemathesis failed ({status}) after {:.0?}:\n{output}",
        started.elapsed()
    );
}

/// Runs a command to its end, or kills it after [`RUN_WITHIN`]; returns its exit status and
/// its output (standard output and error together, in a file so that no pipe fills up).
fn run_bounded(mut command: Command, log: &Path) -> (ExitStatus, String) {
    let file = std::fs::File::create(log).unwrap();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
    let deadline = Instant::now() + RUN_WITHIN;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            let output = std::fs::read_to_string(log).unwrap_or_default();
            panic!("schemathesis did not finish within {RUN_WITHIN:?}:\n{output}");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    (status, std::fs::read_to_string(log).unwrap_or_default())
}

#[tokio::test]
async fn an_answer_given_before_the_body_was_read_closes_the_connection_and_says_so() {
    let server = TestServer::start().await;
    server.set_up().await;
    let client = server.http1_client_from("127.0.0.1".parse().unwrap());
    // Refused by the access layer before the body is read: the server cannot read the next
    // request on this connection, and tells the client not to send one.
    let refused = client
        .post(server.url("/users"))
        .json(&json!({"name": "eve", "role": "administrator", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(refused.headers()["connection"], "close");
    // A body that was read (a wrong password), or no body at all, keeps the connection.
    let read = client
        .post(server.url("/session"))
        .json(&json!({"name": "admin", "password": "not the password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::UNAUTHORIZED);
    assert!(read.headers().get("connection").is_none());
    let bodiless = client.get(server.url("/devices")).send().await.unwrap();
    assert_eq!(bodiless.status(), StatusCode::UNAUTHORIZED);
    assert!(bodiless.headers().get("connection").is_none());
}

#[tokio::test]
async fn history_dates_beyond_four_digit_years_are_refused_naming_the_parameter() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    // The decade ending in year 1 would begin in year -8, which RFC 3339 cannot write; a date
    // past the last one a time zone can reach would become 1970.
    for (path, param) in [
        ("/history/histogram?period=decade&date=0001-01-01", "date"),
        (
            "/history/compare?first=site&second=site&date=9999-12-31",
            "date",
        ),
        (
            "/history/series?device=main&point=active_power&from=0000-01-01&to=2026-01-01",
            "from",
        ),
        (
            "/history/intervals?device=main&from=2026-01-01&to=9999-12-31",
            "to",
        ),
        ("/events?since=-000001-01-01T00:00:00Z", "since"),
    ] {
        let response = admin.get(path).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}"
        );
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["errors"][0]["path"], param, "{path}: {problem}");
    }
    let in_range = admin
        .get("/history/histogram?period=decade&date=1009-06-01")
        .await;
    assert_eq!(in_range.status(), StatusCode::OK);
}

/// The tags of the operations whose parameters all carry an example naming what the test server
/// holds.
const TAGS_WITH_EXAMPLES: [&str; 5] = ["history", "live", "events", "audit", "system"];

#[tokio::test]
async fn the_parameter_examples_of_the_document_ask_what_the_test_server_answers() {
    let server = TestServer::start().await;
    // The harmonics' example is an internal meter.
    server.add_internal_meter().await;
    let admin = server.admin().await;
    let document: Value = admin.get("/openapi.json").await.json().await.unwrap();
    let mut asked = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        let (Some(get), Some(tags)) = (item.get("get"), item["get"]["tags"].as_array()) else {
            continue;
        };
        let Some(parameters) = get["parameters"].as_array() else {
            continue;
        };
        if !tags
            .iter()
            .any(|t| TAGS_WITH_EXAMPLES.contains(&t.as_str().unwrap()))
        {
            continue;
        }
        let mut url = reqwest::Url::parse(&server.url(path)).unwrap();
        for parameter in parameters {
            let name = parameter["name"].as_str().unwrap();
            let example = &parameter["example"];
            assert!(!example.is_null(), "{path}: {name} has no example");
            let value = example
                .as_str()
                .map_or_else(|| example.to_string(), str::to_owned);
            if parameter["in"] == "path" {
                let filled = url.path().replace(&format!("%7B{name}%7D"), &value);
                url.set_path(&filled);
            } else {
                url.query_pairs_mut().append_pair(name, &value);
            }
        }
        let response = admin.client.get(url.clone()).send().await.unwrap();
        let status = response.status();
        if status != StatusCode::OK {
            panic!("{url}: {status} {}", response.text().await.unwrap());
        }
        asked.push(path.clone());
    }
    assert!(asked.len() >= 10, "{asked:?}");
}
