//! The serial ports of the machine, for adding a Modbus RTU link: their paths, their stable
//! names under `/dev/serial/by-id`, what they are, and which link of the site uses each.
//!
//! Design decisions:
//! - Ports are read from Linux's sysfs (`/sys/class/tty`): only ttys with a `device` (real
//!   hardware, not virtual consoles or pseudo-terminals), and of those with a `type` (8250-style
//!   UARTs, `ttyS*`) only the ones whose UART type is not 0 (a fixed legacy port the kernel
//!   lists whether a UART is there or not).
//! - What a port is comes from its USB device (`manufacturer`, `product`) when it has one,
//!   otherwise from its driver's name; nothing is opened.
//! - The roots are parameters ([`SerialPortRoots`]), so the reading is tested on a directory
//!   tree built by the test; another system gives an empty list, never an error.

use crate::problem::{ApiResult, Problem};
use crate::state::ApiState;
use axum::Json;
use axum::extract::State;
use ems_model::site::{SiteConfig, Transport};
use serde::Serialize;
use std::fs;
use std::path::{Path, PathBuf};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;

/// The routes of this module.
pub fn routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new().routes(utoipa_axum::routes!(list_serial_ports))
}

/// Where serial ports are looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerialPortRoots {
    /// The ttys in sysfs (`/sys/class/tty`).
    pub sys_class_tty: PathBuf,
    /// The device files (`/dev`).
    pub dev: PathBuf,
    /// The stable names of serial devices (`/dev/serial/by-id`).
    pub by_id: PathBuf,
}

impl Default for SerialPortRoots {
    fn default() -> Self {
        SerialPortRoots {
            sys_class_tty: PathBuf::from("/sys/class/tty"),
            dev: PathBuf::from("/dev"),
            by_id: PathBuf::from("/dev/serial/by-id"),
        }
    }
}

/// A serial port of the machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SerialPortView {
    /// Its device file (`/dev/ttyUSB0`).
    pub path: String,
    /// Its stable name, which stays the same when adapters are plugged in another order
    /// (`/dev/serial/by-id/usb-FTDI_…-if00-port0`); prefer it in a link.
    pub by_id: Option<String>,
    /// What it is: the USB adapter's maker and product, or the driver's name.
    pub description: Option<String>,
    /// The link of the site that uses it (by its path or its stable name).
    pub in_use_by: Option<String>,
}

/// Reads a small sysfs attribute, trimmed.
fn attribute(path: &Path) -> Option<String> {
    let text = fs::read_to_string(path).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// What the tty whose sysfs `device` is `device` is: the maker and product of the USB device
/// above it, or the name of its driver.
fn description(device: &Path) -> Option<String> {
    let device = fs::canonicalize(device).ok()?;
    let usb = device
        .ancestors()
        .take(4)
        .find(|dir| dir.join("product").is_file());
    if let Some(usb) = usb {
        let named: Vec<String> = ["manufacturer", "product"]
            .iter()
            .filter_map(|name| attribute(&usb.join(name)))
            .collect();
        return Some(named.join(" "));
    }
    fs::read_link(device.join("driver"))
        .ok()
        .and_then(|driver| driver.file_name().map(|n| n.to_string_lossy().into_owned()))
}

/// The serial ports under `roots`, by path.
pub fn serial_ports(roots: &SerialPortRoots) -> Vec<SerialPortView> {
    let Ok(entries) = fs::read_dir(&roots.sys_class_tty) else {
        return Vec::new();
    };
    let by_id: Vec<(String, PathBuf)> = fs::read_dir(&roots.by_id)
        .map(|links| {
            links
                .flatten()
                .filter_map(|link| {
                    let target = fs::read_link(link.path()).ok()?;
                    let tty = target.file_name()?.to_string_lossy().into_owned();
                    Some((tty, link.path()))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut ports: Vec<SerialPortView> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let tty = entry.path();
            let device = tty.join("device");
            if !device.exists() {
                return None;
            }
            if attribute(&tty.join("type")).is_some_and(|t| t == "0") {
                return None;
            }
            let mut aliases: Vec<&PathBuf> = by_id
                .iter()
                .filter(|(target, _)| *target == name)
                .map(|(_, link)| link)
                .collect();
            aliases.sort();
            Some(SerialPortView {
                path: roots.dev.join(&name).to_string_lossy().into_owned(),
                by_id: aliases
                    .first()
                    .map(|link| link.to_string_lossy().into_owned()),
                description: description(&device),
                in_use_by: None,
            })
        })
        .collect();
    ports.sort_by(|a, b| a.path.cmp(&b.path));
    ports
}

/// Marks each port with the link of `site` that uses it: an enabled one first.
fn mark_in_use(ports: &mut [SerialPortView], site: &SiteConfig) {
    for port in ports {
        let mut users = site.links.iter().filter(|(_, link)| match &link.transport {
            Transport::ModbusRtu(serial) => {
                serial.port == port.path || Some(&serial.port) == port.by_id.as_ref()
            }
            _ => false,
        });
        let first = users.clone().next();
        port.in_use_by = users
            .find(|(_, link)| link.enabled)
            .or(first)
            .map(|(id, _)| id.clone());
    }
}

/// The serial ports of the machine, by path, with the link of the site that uses each. Empty
/// where there are none (or on a system without sysfs).
#[utoipa::path(get, path = "/system/serial-ports", tag = "system",
    security(("session" = ["system_configuration"]), ("token" = ["system_configuration"])),
    responses(
        (status = 200, description = "The serial ports", body = Vec<SerialPortView>),
    ))]
pub async fn list_serial_ports(
    State(state): State<ApiState>,
) -> ApiResult<Json<Vec<SerialPortView>>> {
    let mut ports = tokio::task::spawn_blocking(|| serial_ports(&SerialPortRoots::default()))
        .await
        .map_err(Problem::internal)?;
    mark_in_use(&mut ports, &state.site.site());
    Ok(Json(ports))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use std::os::unix::fs::symlink;

    /// A sysfs and /dev of a machine with a USB adapter (FTDI), a USB modem-class port, a
    /// real UART, a legacy port without one, and a virtual console.
    fn machine() -> (tempfile::TempDir, SerialPortRoots) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |path: &Path, text: &str| {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        };
        let devices = root.join("sys/devices");
        let class = root.join("sys/class/tty");
        fs::create_dir_all(&class).unwrap();
        // A tty of class `tty` at `devices/<device_dir>/tty/<name>`, its `device` the parent.
        let tty = |name: &str, device_dir: &str| {
            let device = devices.join(device_dir);
            let node = device.join("tty").join(name);
            fs::create_dir_all(&node).unwrap();
            symlink(&device, node.join("device")).unwrap();
            symlink(&node, class.join(name)).unwrap();
            (device, node)
        };
        // usb1/1-1 is the FTDI adapter, its interface 1-1:1.0 holds ttyUSB0.
        write(&devices.join("usb1/1-1/manufacturer"), "FTDI\n");
        write(&devices.join("usb1/1-1/product"), "USB-RS485 Cable\n");
        let (interface, _) = tty("ttyUSB0", "usb1/1-1/1-1:1.0");
        fs::create_dir_all(root.join("sys/bus/usb-serial/drivers/ftdi_sio")).unwrap();
        symlink(
            root.join("sys/bus/usb-serial/drivers/ftdi_sio"),
            interface.join("driver"),
        )
        .unwrap();
        write(&devices.join("usb1/1-2/product"), "Modbus gateway\n");
        tty("ttyACM0", "usb1/1-2/1-2:1.0");
        let (uart, node) = tty("ttyS0", "pnp0/00:01");
        write(&node.join("type"), "4\n");
        fs::create_dir_all(root.join("sys/bus/pnp/drivers/serial")).unwrap();
        symlink(root.join("sys/bus/pnp/drivers/serial"), uart.join("driver")).unwrap();
        let (_, node) = tty("ttyS1", "platform/serial8250");
        write(&node.join("type"), "0\n");
        // A virtual console: no device.
        let console = devices.join("virtual/tty/tty1");
        fs::create_dir_all(&console).unwrap();
        symlink(&console, class.join("tty1")).unwrap();
        let by_id = root.join("dev/serial/by-id");
        fs::create_dir_all(&by_id).unwrap();
        symlink(
            "../../ttyUSB0",
            by_id.join("usb-FTDI_USB-RS485_Cable_FT1234-if00-port0"),
        )
        .unwrap();
        let roots = SerialPortRoots {
            sys_class_tty: class,
            dev: root.join("dev"),
            by_id,
        };
        (dir, roots)
    }

    #[test]
    fn real_serial_devices_are_listed_with_their_stable_names_and_what_they_are() {
        let (_dir, roots) = machine();
        let dev = roots.dev.to_string_lossy().into_owned();
        let ports = serial_ports(&roots);
        let summary: Vec<(String, Option<String>, Option<String>)> = ports
            .iter()
            .map(|p| {
                let by_id = p.by_id.as_ref().map(|b| b.replace(&dev, "/dev"));
                (p.path.replace(&dev, "/dev"), by_id, p.description.clone())
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "/dev/ttyACM0".to_owned(),
                    None,
                    Some("Modbus gateway".to_owned())
                ),
                ("/dev/ttyS0".to_owned(), None, Some("serial".to_owned())),
                (
                    "/dev/ttyUSB0".to_owned(),
                    Some("/dev/serial/by-id/usb-FTDI_USB-RS485_Cable_FT1234-if00-port0".to_owned()),
                    Some("FTDI USB-RS485 Cable".to_owned())
                ),
            ]
        );
    }

    #[test]
    fn a_machine_without_sysfs_has_no_serial_ports() {
        let dir = tempfile::tempdir().unwrap();
        let roots = SerialPortRoots {
            sys_class_tty: dir.path().join("missing"),
            dev: dir.path().join("dev"),
            by_id: dir.path().join("dev/serial/by-id"),
        };
        assert!(serial_ports(&roots).is_empty());
    }

    #[test]
    fn a_port_is_marked_with_the_link_that_uses_it_by_path_or_stable_name() {
        let (_dir, roots) = machine();
        let mut ports = serial_ports(&roots);
        let usb = ports.iter().find(|p| p.by_id.is_some()).unwrap().clone();
        let acm = ports
            .iter()
            .find(|p| p.path.ends_with("ttyACM0"))
            .unwrap()
            .clone();
        let library = ems_profile::Library::builtin().unwrap();
        let text = format!(
            "[site]\nname = \"Plant\"\ntime_zone = \"UTC\"\n\n\
             [links.old]\nkind = \"modbus_rtu\"\nport = {:?}\nenabled = false\n\n\
             [links.rs485]\nkind = \"modbus_rtu\"\nport = {:?}\n\n\
             [links.meters]\nkind = \"modbus_rtu\"\nport = {:?}\n",
            usb.path,
            usb.by_id.unwrap(),
            acm.path
        );
        let site = SiteConfig::from_toml_str(&text, &library).unwrap();
        mark_in_use(&mut ports, &site);
        let used: Vec<(&str, Option<&str>)> = ports
            .iter()
            .map(|p| {
                let name = p.path.rsplit('/').next().unwrap();
                (name, p.in_use_by.as_deref())
            })
            .collect();
        assert_eq!(
            used,
            [
                ("ttyACM0", Some("meters")),
                ("ttyS0", None),
                ("ttyUSB0", Some("rs485")),
            ]
        );
    }
}
