//! A new box: `ems run` on an empty data directory without a site file comes up with the
//! default site, prints the setup code, and is not commissioned until the first-run wizard's
//! last step, which a restart keeps.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const PASSWORD: &str = "correct horse battery staple";
/// The longest wait for `ems run` to say what it must.
const READY_WITHIN: Duration = Duration::from_secs(60);

/// `ems run` without a site file, stopped (SIGTERM, then killed) when dropped; its standard
/// output and error line by line.
struct Running {
    child: Child,
    stdout: mpsc::Receiver<String>,
    stderr: mpsc::Receiver<String>,
}

fn lines_of(output: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(output).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(line);
        }
    });
    rx
}

impl Running {
    fn start(data_dir: &Path) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ems"))
            .args(["run", "--data-dir"])
            .arg(data_dir)
            .env("EMS_LOG", "info")
            .env("EMS_HTTPS_LISTEN", "127.0.0.1:0")
            .env("EMS_HTTP_LISTEN", "off")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = lines_of(child.stdout.take().unwrap());
        let stderr = lines_of(child.stderr.take().unwrap());
        Running {
            child,
            stdout,
            stderr,
        }
    }

    /// The first line of `output` that `parse` accepts, and the lines before it.
    fn wait_for<T>(
        output: &mpsc::Receiver<String>,
        what: &str,
        mut parse: impl FnMut(&str) -> Option<T>,
    ) -> (T, Vec<String>) {
        let deadline = Instant::now() + READY_WITHIN;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match output.recv_timeout(left) {
                Ok(line) => match parse(&line) {
                    Some(found) => return (found, seen),
                    None => seen.push(line),
                },
                Err(e) => panic!("no {what} ({e}); ems said:\n{}", seen.join("\n")),
            }
        }
    }

    /// The HTTPS port, from the log line saying the web interface is served.
    fn https_port(&self) -> u16 {
        Self::wait_for(&self.stderr, "web server", |line| {
            line.contains("serving the web interface")
                .then(|| line.split_once("https=127.0.0.1:"))
                .flatten()
                .and_then(|(_, rest)| rest.split_whitespace().next()?.parse().ok())
        })
        .0
    }

    /// The setup code printed on standard output, and the port the message names.
    fn setup_code(&self) -> (String, u16) {
        let (port, _) = Self::wait_for(&self.stdout, "setup message", |line| {
            line.split_once("https://<this machine>:")
                .and_then(|(_, rest)| rest.split('/').next()?.parse().ok())
        });
        let (code, _) = Self::wait_for(&self.stdout, "setup code", |line| {
            let code = line.trim();
            (!code.is_empty()).then(|| code.to_owned())
        });
        (code, port)
    }

    /// Stops it as a service manager does, and waits for it to exit.
    fn stop(mut self) {
        let signalled = Command::new("kill")
            .args(["-s", "TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(signalled.success());
        let status = self.child.wait().unwrap();
        assert!(status.success(), "ems run exited with {status}");
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client that trusts the data directory's certificate and keeps cookies.
fn client(data_dir: &Path) -> reqwest::Client {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let cert = std::fs::read(data_dir.join("tls").join("cert.pem")).unwrap();
    reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(&cert).unwrap()])
        .cookie_store(true)
        .build()
        .unwrap()
}

/// Logs in as the administrator; the CSRF token.
async fn log_in(client: &reqwest::Client, base: &str) -> String {
    let r = client
        .post(format!("{base}/session"))
        .json(&json!({"name": "admin", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let body: Value = r.json().await.unwrap();
    body["csrf_token"].as_str().unwrap().to_owned()
}

async fn get(client: &reqwest::Client, url: String) -> Value {
    let r = client.get(url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// The audit entries of `action`, once there are any (the server files them after it answers,
/// through the store's writer), or none after the time a start is given.
async fn audited(client: &reqwest::Client, base: &str, action: &str) -> Vec<Value> {
    let deadline = Instant::now() + READY_WITHIN;
    loop {
        let audit = get(client, format!("{base}/audit?action={action}")).await;
        let entries = audit.as_array().cloned().unwrap_or_default();
        if !entries.is_empty() || Instant::now() > deadline {
            return entries;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_box_starts_without_a_site_file_and_stays_commissioned_after_the_wizard() {
    let data = tempfile::tempdir().unwrap();
    let ems = Running::start(data.path());
    let (code, port) = ems.setup_code();
    let base = format!("https://127.0.0.1:{port}/api/v1");
    let client = client(data.path());
    let r = client
        .post(format!("{base}/setup"))
        .json(&json!({"code": code, "name": "admin", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let csrf = log_in(&client, &base).await;

    let site = get(&client, format!("{base}/site")).await;
    assert_eq!(site["commissioned"], false, "{site}");
    assert_eq!(site["version"], 1);
    assert_eq!(
        (
            &site["currency"],
            &site["sample_rate_minutes"],
            &site["language"]
        ),
        (&json!("EUR"), &json!(15), &json!("en"))
    );
    let versions = get(&client, format!("{base}/system/config/versions")).await;
    assert_eq!(versions[0]["source"], "default", "{versions}");
    let gateways = get(&client, format!("{base}/gateways")).await;
    assert_eq!(gateways.as_array().unwrap().len(), 1, "the Local gateway");
    assert_eq!(get(&client, format!("{base}/devices")).await, json!([]));

    // The wizard names the site: still not commissioned.
    let r = client
        .put(format!("{base}/site"))
        .header("x-csrf-token", &csrf)
        .json(&json!({"name": "Via Roma 12", "time_zone": "Europe/Rome"}))
        .send()
        .await
        .unwrap();
    let named: Value = r.json().await.unwrap();
    assert_eq!(
        (&named["name"], &named["commissioned"]),
        (&json!("Via Roma 12"), &json!(false)),
        "{named}"
    );
    // Its last step.
    let r = client
        .post(format!("{base}/site/commissioned"))
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let done: Value = r.json().await.unwrap();
    assert_eq!(done["commissioned"], true, "{done}");
    let entries = audited(&client, &base, "site_commission").await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(
        (&entries[0]["user"], &entries[0]["result"]),
        (&json!("admin"), &json!("success"))
    );
    ems.stop();

    // After a restart: no new setup code, the same site, still commissioned.
    let ems = Running::start(data.path());
    let port = ems.https_port();
    let base = format!("https://127.0.0.1:{port}/api/v1");
    let client = self::client(data.path());
    log_in(&client, &base).await;
    let site = get(&client, format!("{base}/site")).await;
    assert_eq!(
        (&site["name"], &site["commissioned"], &site["version"]),
        (&json!("Via Roma 12"), &json!(true), &json!(2)),
        "{site}"
    );
    ems.stop();
}
