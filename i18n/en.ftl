# ems: English. The source catalogue: every other language has exactly these keys.
# Keys are grouped by page (## headings); a page's keys start with its name.

## app

app-loading = Loading…
app-language = Language
app-menu = Menu
app-cancel = Cancel
app-save = Save
app-saved = Saved.
app-add = Add
app-edit = Edit
app-delete = Delete
app-close = Close
app-back = Back
app-next = Next
app-retry = Try again
app-reload = Reload
app-skip-to-content = Skip to the content
app-not-found = There is no such page.
app-go-home = Go to the home page
app-page-not-allowed = Your account may not open this page. An administrator can give you the right.
app-unreachable = The ems server does not answer. Check the network and try again.

## auth

auth-name = Name
auth-password = Password
auth-sign-in-title = Sign in to ems
auth-sign-in = Sign in
auth-sign-out = Sign out
auth-lock = Lock
auth-unlock = Unlock
auth-locked-title = Locked
auth-locked-text = This session of { $name } is locked. Type the password to go on.
auth-leave-title = Sign out or lock?
auth-leave-text = Signing out ends the session. Locking keeps it and hides everything until the password is typed again.
auth-reason-session-ended = Your session has ended. Sign in again.
auth-reason-signed-out = You are signed out.

## account

account-role = Role
account-pages = Pages
account-change-password = Change the password
account-current-password = Current password
account-new-password = New password
account-repeat-password = New password again
account-password-rules = At least 8 characters; not a common password, not your name.
account-passwords-differ = The two passwords differ.
account-password-changed = The password is changed. Your other sessions have ended.

## pages

page-panel-board = My panel board
page-consumption = Consumptions
page-configuration = System configuration
page-users = Users
page-audit = Audit log
page-system = System information
page-tokens = API tokens
page-account = My account
page-wizard = First start

# The page rights a user can be given (as in the users page).
page-name-web_server_configuration = Web server configuration
page-name-system_configuration = System configuration
page-name-my_panel_board = My panel board
page-name-consumption = Consumptions
page-name-ev_charging = EV charging
page-name-reports_download = Reports download
page-name-alarms = Alarms

## roles

role-administrator = Administrator
role-ev_manager = EV manager
role-installer = Installer
role-viewer = Viewer

## device status

status-on = On
status-off = Off
status-communication_error = Communication error
status-waiting = Waiting for the first reading

## errors
# One per error code of the API; the server's own detail is shown below the title.

error-unauthenticated = You are not signed in, or your session has ended.
error-session_locked = The session is locked.
error-invalid_credentials = The name or the password is wrong.
error-too_many_attempts = Too many attempts.
error-forbidden = Your account may not do this.
error-csrf_rejected = The request was refused as coming from another site. Reload the page.
error-token_not_allowed = An API token may not do this; sign in instead.
error-not_found = It does not exist (any more).
error-bad_request = The request could not be read.
error-invalid = Some values are not accepted.
error-conflict = This clashes with what is stored.
error-changed = Someone else changed this since you opened it, and nothing was saved. Reload shows it as it is now; the changes you made here are then lost.
error-weak_password = The password is too weak.
error-setup_refused = The setup code is wrong or has expired.
error-payload_too_large = What was sent is too large.
error-timeout = The server took too long.
error-device_unreachable = The device does not answer.
error-unavailable = The server cannot do this now.
error-internal = Something went wrong in the server.
error-network = The ems server does not answer. Check the network and try again.
error-retry-after = Wait { $seconds } seconds before trying again.
error-suggestion = Did you mean “{ $value }”?

## panel

panel-devices = Devices
panel-show = Show
panel-show-all = All devices
panel-show-gateways = Gateways
panel-show-panel-boards = Panel boards
panel-none-shown = No device is installed there.
panel-no-devices = No devices yet
panel-no-devices-add = Add them in System configuration
panel-no-devices-ask = An installer or an administrator adds them in System configuration.
panel-unit-id = Address { $unit }
panel-since = since { $time }
panel-address = Modbus address
panel-gateway = Gateway
panel-panel-board = Panel board
panel-status = Status
panel-last-error = Last error
panel-device-unknown = There is no device “{ $device }”.
panel-device-gone = This device no longer exists: it was removed from the configuration.
panel-device-off = This device is disabled: it is not read.
panel-connecting = Connecting to the live values…
panel-live = Live
panel-last-reading = last reading { $time }
panel-reconnecting = The live connection is lost.
panel-reconnecting-in = Trying again in { $seconds } s. The values shown may be out of date.
panel-reconnect-now = Reconnect now
panel-no-values = No values yet
panel-no-values-help = The values appear after the device's first reading.
panel-no-value = not a number
panel-quantity = Quantity
panel-value = Value
panel-min = Minimum
panel-max = Maximum
panel-quality-stale = stale
panel-quality-derived = computed
panel-quality-bad = implausible
panel-quality-legend = What the marks beside the values mean
panel-quality-stale-help = The last value read before the device stopped answering.
panel-quality-derived-help = Calculated by ems from other values, not read from the device.
panel-quality-bad-help = Read from the device but out of the plausible range.
panel-harmonics = Harmonics
panel-harmonics-of = Harmonics of
panel-harmonics-voltage = Voltage
panel-harmonics-current = Current
panel-harmonics-table = Table
panel-harmonics-caption-voltage = Voltage harmonics in % of the fundamental
panel-harmonics-caption-current = Current harmonics in % of the fundamental
panel-harmonics-order = Order
panel-harmonics-fundamental = Fundamental (RMS)
panel-harmonics-order-n = Order { $order }
panel-harmonics-order-at = Order { $order } ({ $frequency })
panel-harmonics-measured = Measured { $time }
panel-harmonics-fundamental-at = fundamental { $frequency }
panel-harmonics-stale = last spectrum before the device stopped answering
panel-harmonics-no-share = no fundamental
panel-harmonics-none-yet = No harmonics measured yet: they appear once the meter analyses its waveforms.
panel-harmonics-chart-voltage = Bar chart of the voltage harmonics of { $phases }, orders 2 to { $max }, in % of the fundamental; the table has the numbers.
panel-harmonics-chart-current = Bar chart of the current harmonics of { $phases }, orders 2 to { $max }, in % of the fundamental; the table has the numbers.

## points

point-group-energy = Energy
point-group-volume = Volume
point-group-power = Power
point-group-voltage = Voltage
point-group-current = Current
point-group-frequency = Frequency
point-group-power_factor = Power factor
point-group-thd = Harmonic distortion (THD)
point-group-other = Other values
point-voltage_l1 = Voltage L1-N
point-voltage_l2 = Voltage L2-N
point-voltage_l3 = Voltage L3-N
point-voltage_ln_average = Voltage L-N, average
point-voltage_l1_l2 = Voltage L1-L2
point-voltage_l2_l3 = Voltage L2-L3
point-voltage_l3_l1 = Voltage L3-L1
point-voltage_ll_average = Voltage L-L, average
point-voltage_unbalance = Voltage unbalance
point-current_l1 = Current L1
point-current_l2 = Current L2
point-current_l3 = Current L3
point-current_n = Neutral current
point-current_average = Current, average
point-active_power = Active power
point-active_power_l1 = Active power L1
point-active_power_l2 = Active power L2
point-active_power_l3 = Active power L3
point-reactive_power = Reactive power
point-reactive_power_l1 = Reactive power L1
point-reactive_power_l2 = Reactive power L2
point-reactive_power_l3 = Reactive power L3
point-apparent_power = Apparent power
point-apparent_power_l1 = Apparent power L1
point-apparent_power_l2 = Apparent power L2
point-apparent_power_l3 = Apparent power L3
point-active_power_demand = Power demand
point-active_power_demand_peak = Peak power demand
point-power_factor = Power factor
point-power_factor_l1 = Power factor L1
point-power_factor_l2 = Power factor L2
point-power_factor_l3 = Power factor L3
point-frequency = Frequency
point-thd_voltage_l1 = THD voltage L1-N
point-thd_voltage_l2 = THD voltage L2-N
point-thd_voltage_l3 = THD voltage L3-N
point-thd_voltage_l1_l2 = THD voltage L1-L2
point-thd_voltage_l2_l3 = THD voltage L2-L3
point-thd_voltage_l3_l1 = THD voltage L3-L1
point-thd_current_l1 = THD current L1
point-thd_current_l2 = THD current L2
point-thd_current_l3 = THD current L3
point-energy_active_import = Active energy imported
point-energy_active_export = Active energy exported
point-energy_active_import_t1 = Active energy imported, tariff 1
point-energy_active_import_t2 = Active energy imported, tariff 2
point-energy_active_export_t1 = Active energy exported, tariff 1
point-energy_active_export_t2 = Active energy exported, tariff 2
point-energy_active_import_l1 = Active energy imported L1
point-energy_active_import_l2 = Active energy imported L2
point-energy_active_import_l3 = Active energy imported L3
point-energy_active_export_l1 = Active energy exported L1
point-energy_active_export_l2 = Active energy exported L2
point-energy_active_export_l3 = Active energy exported L3
point-energy_active_q1 = Active energy Q1
point-energy_active_q2 = Active energy Q2
point-energy_active_q3 = Active energy Q3
point-energy_active_q4 = Active energy Q4
point-energy_reactive_import = Reactive energy, inductive
point-energy_reactive_export = Reactive energy, capacitive
point-energy_reactive_import_l1 = Reactive energy, inductive L1
point-energy_reactive_import_l2 = Reactive energy, inductive L2
point-energy_reactive_import_l3 = Reactive energy, inductive L3
point-energy_reactive_export_l1 = Reactive energy, capacitive L1
point-energy_reactive_export_l2 = Reactive energy, capacitive L2
point-energy_reactive_export_l3 = Reactive energy, capacitive L3
point-energy_reactive_q1 = Reactive energy Q1
point-energy_reactive_q2 = Reactive energy Q2
point-energy_reactive_q3 = Reactive energy Q3
point-energy_reactive_q4 = Reactive energy Q4
point-energy_apparent = Apparent energy
point-energy_apparent_q1 = Apparent energy Q1
point-energy_apparent_q2 = Apparent energy Q2
point-energy_apparent_q3 = Apparent energy Q3
point-energy_apparent_q4 = Apparent energy Q4
point-gas_volume = Gas volume
point-water_volume = Water volume
point-run_time = Run time
point-run_time_import = Run time, importing
point-run_time_export = Run time, exporting

## users

users-add = Add a user
users-name = Name
users-role = Role
users-role-help = The role decides what the user may do; the pages below decide what they see.
users-role-change-help = Choosing another role ticks that role's usual pages; adjust them below.
users-state = State
users-state-enabled = May sign in
users-state-disabled = Disabled
users-pages = Pages
users-all-pages = All pages
users-no-pages = No page
users-created = Created
users-password-changed = Password changed
users-actions = Actions
users-you = you
users-not-yours = Only an administrator changes this user.
users-none = No users
users-password = Password
users-password-repeat = Password again
users-enabled = May sign in
users-enabled-help = A disabled user cannot sign in and their API tokens stop working; nothing is deleted.
users-pages-administrator = An administrator always has every page.
users-page-help-my_panel_board = Live values and status of every device.
users-page-help-consumption = Consumption histograms, partials and comparisons.
users-page-help-reports_download = Download of the raw interval records.
users-page-help-alarms = Alarms and events.
users-page-help-system_configuration = Gateways, devices, loads, groups, panel boards and site settings.
users-page-help-web_server_configuration = System information, database optimization.
users-page-help-ev_charging = Management of EV charging.
users-create = Create the user
users-created-done = User { $name } created.
users-edit-title = Change { $name }
users-saved = Changes to { $name } saved.
users-reset-password = Reset password
users-reset-title = New password for { $name }
users-reset-text = { $name } will sign in with this password. Their open sessions end now.
users-reset-done = The password of { $name } is set; their sessions have ended.
users-delete-title = Delete { $name }?
users-delete-text = { $name } can no longer sign in; their sessions and API tokens end. The audit log keeps their name.
users-deleted = User { $name } deleted.
users-last-administrator = The last enabled administrator cannot be disabled, given another role or deleted. Make another user an administrator first.
users-name-taken = A user of that name already exists (names are compared without regard to case).

## tokens

tokens-intro = An API token lets a script or another system use the ems API without a password. It acts with the role you choose, never above your own, and only on your pages.
tokens-create-title = Create a token
tokens-name = Name
tokens-name-help = What the token is for, e.g. “building management”.
tokens-role = Role
tokens-role-help = Choose the lowest role that is enough for the task.
tokens-expiry = Expiry
tokens-expiry-days = After a number of days
tokens-expiry-never = Never
tokens-days = Days
tokens-days-help = From 1 to 3650 days.
tokens-create = Create the token
tokens-secret-title = Token “{ $name }” created
tokens-secret-once = Copy the token now: it is shown this once and cannot be read again.
tokens-secret = Token
tokens-secret-help = Send it as “Authorization: Bearer” followed by the token.
tokens-copy = Copy
tokens-copied = Copied.
tokens-copy-failed = The browser did not allow copying: select the token and copy it yourself.
tokens-secret-done = I have stored it
tokens-own = Your tokens
tokens-all = Every user's tokens
tokens-show-all = Every user's tokens
tokens-owner = User
tokens-created = Created
tokens-expires = Expires
tokens-last-used = Last used
tokens-never = Never
tokens-never-used = Not yet
tokens-expired = expired
tokens-none = No tokens
tokens-none-help = Create one above when a script or another system needs the API.
tokens-revoke = Revoke
tokens-revoke-title = Revoke “{ $name }”?
tokens-revoke-text = The token “{ $name }” of { $owner } stops working at once. This cannot be undone.
tokens-revoked = Token “{ $name }” revoked.

## audit

audit-filters = Filters
audit-user = User
audit-action = Action
audit-any-action = Any action
audit-since = From
audit-until = To
audit-apply = Show
audit-clear = Clear the filters
audit-time = Time
audit-target = Target
audit-result = Result
audit-client = Client address
audit-details = Details
audit-show-details = Show
audit-nobody = nobody signed in
audit-none = No entries
audit-none-help = Nothing was recorded with these filters. Change or clear them.
audit-older = Older entries
audit-end = { $count ->
    [one] One entry; there are no older ones.
   *[other] { $count } entries; there are no older ones.
}
audit-result-success = Success
audit-result-failure = Failed
audit-result-denied = Denied
audit-action-setup = Setup with the one-time code
audit-action-login = Sign-in
audit-action-logout = Sign-out
audit-action-lock = Session locked
audit-action-unlock = Session unlocked
audit-action-password_change = Own password changed
audit-action-user_create = User created
audit-action-user_change = User changed
audit-action-user_delete = User deleted
audit-action-user_password_reset = Password reset
audit-action-token_create = API token created
audit-action-token_revoke = API token revoked
audit-action-config_change = Configuration changed
audit-action-config_import = Configuration imported
audit-action-site_commission = First start completed
audit-action-link_scan = Bus scanned for devices
audit-action-store_optimize = Database optimized
audit-action-store_integrity_check = Database integrity checked
audit-action-reprice = Costs priced again
audit-action-import_prices = Prices imported
audit-action-reset_admin = Access reset from the command line

## system

system-software = Software
system-version = Version
system-started = Application restarted
system-acquisition-started = Acquisition restarted
system-booted = Hardware restarted
system-unknown = not known
system-resources = Resources
system-cpu = CPU used by ems
system-cpu-detail = { $percent } of one core, { $cores ->
    [one] one core
   *[other] { $cores } cores
} in all
system-cpu-help = A value that stays above { $threshold } may indicate a problem with the hardware or the installation.
system-cpu-high = The CPU use has stayed above { $threshold } for { $seconds } seconds.
system-load = Load average (1, 5, 15 min)
system-load-values = { $one }, { $five }, { $fifteen }
system-memory-ems = Memory used by ems
system-memory-machine = Memory of the machine
system-memory-used = { $used } used of { $total }
system-database = Database
system-database-size = Size
system-database-wal = (of which { $size } in the write-ahead log)
system-free-space = Free space
system-database-path = File
system-backup = Automatic backup
system-backup-ok = OK
system-backup-error = Error
system-backup-none = none yet
system-health = Health
system-optimize-recommended = Optimization recommended
system-optimize-not-needed = No optimization needed
system-health-detail = ({ $blocks ->
    [one] one block
   *[other] { $blocks } blocks
} to compact, { $pages } free pages)
system-buffered = Waiting to be written
system-buffered-values = { $count ->
    [one] One value is held in memory: the database cannot be written.
   *[other] { $count } values are held in memory: the database cannot be written.
}
system-maintenance = Maintenance
system-optimize = Optimize
system-optimize-help = Merges finished days, updates the statistics and returns free space to the disk.
system-optimize-confirm-title = Optimize the database?
system-optimize-confirm = This can take a while on a large database. No data is lost.
system-optimizing = Optimizing…
system-optimize-done = Optimized: { $blocks ->
    [one] one block
   *[other] { $blocks } blocks
} merged, { $freed } returned to the disk.
system-integrity = Integrity check
system-integrity-help = Reads the whole database to find damage. This can take long on a large database.
system-integrity-start = Check integrity
system-integrity-running = Checking…
system-integrity-elapsed = { $seconds } s so far.
system-integrity-ok = The database is intact.
system-integrity-problems = The database has problems. Contact technical support.
system-integrity-checked = Checked { $time }.
system-integrity-never = Not checked yet.

## configuration

configuration-sections = Configuration sections
configuration-overview = Overview
configuration-section-gateways = Gateways
configuration-section-links = Links
configuration-section-devices = Devices
configuration-section-loads = Loads
configuration-section-groups = Measure groups
configuration-section-panel-boards = Panel boards
configuration-section-settings = Site settings
configuration-section-file = Configuration file
configuration-intro = Describe the installation in this order: first the gateways, their links and the devices on them, then loads, measure groups and panel boards, then the site's settings.
configuration-version = Configuration version in force: { $version }.
configuration-step-devices = Gateways and devices
configuration-step-devices-text = The converters and buses the meters are reached through, and the meters themselves.
configuration-step-organisation = Loads, groups and panel boards
configuration-step-organisation-text = What each meter measures (a load), the groups it belongs to and the panel board it is installed in. Optional.
configuration-step-settings = Settings
configuration-step-settings-text = Site name, time zone, currency, language, sample rate and CSV options; the whole configuration as a file.
configuration-wizard-text = The first-start wizard guides you through the site, the sample rate and adding meters by scanning a bus.
configuration-wizard-again = Run the first-start wizard again
configuration-wizard-unfinished = The first start is not finished yet.
configuration-wizard-continue = Continue the first-start wizard
configuration-choose = Nothing chosen
configuration-choose-option = Choose…
configuration-choose-text = Choose one in the list to see and change it, or add one.
configuration-back-to-list = Back to the list
configuration-not-found = “{ $id }” does not exist (any more).
configuration-saved = Saved.
configuration-saved-restart = Acquisition restarts with the new configuration; values and statuses come back within a few seconds.
configuration-working = Working…
configuration-test = Test
configuration-delete-title = Delete “{ $name }”?
configuration-delete-confirm = Delete for good
configuration-disable = Disable instead
configuration-off = Off
configuration-disabled-name = { $name } (disabled)
configuration-none = None
configuration-id = Identifier
configuration-id-help = Used in the API and in the configuration file; it cannot be changed later. Lowercase letters, digits, “_” and “-”, starting with a letter.
configuration-id-invalid = Use 1 to 64 lowercase letters, digits, “_” or “-”, starting with a letter.
configuration-name = Name
configuration-description = Description or location
configuration-enabled = Enabled
configuration-number-between = Type a number from { $min } to { $max }.
configuration-number-any = Type a number.
configuration-ms-help = In milliseconds.
configuration-filter-gateway = Gateway
configuration-filter-link = Link
configuration-all-gateways = All gateways
configuration-all-links = All links
configuration-panel-board = Panel board
configuration-test-values = { $count ->
    [one] One value read at { $time }
   *[other] { $count } values read at { $time }
}
configuration-test-caption = Values the device answered
configuration-test-point = Quantity
configuration-test-value = Value
configuration-test-no-links = This gateway has no enabled link to test.
configuration-link-reachable = reachable
configuration-link-unreachable = not reachable
configuration-gateways-intro = A gateway is a Modbus converter: the links (buses) to the meters belong to it. The Local gateway is this box itself; it can be renamed or disabled but not deleted.
configuration-gateway-add = Add a gateway
configuration-gateway-new = New gateway
configuration-gateway-address = IP address or host name
configuration-gateway-address-help = For your information: each link has the address it connects to.
configuration-gateway-address-local = The Local gateway is this box; its address is fixed.
configuration-gateway-panel-board-help = The panel board the gateway is installed in. One gateway per panel board is recommended.
configuration-gateway-enabled-help = Disabling a gateway stops polling every device on its links.
configuration-gateway-local-help = The Local gateway cannot be deleted; disable it if this box is used only as a web server.
configuration-gateway-links = Links of this gateway
configuration-gateway-no-links = No links yet.
configuration-gateway-devices = Devices of this gateway
configuration-gateway-delete-text = The gateway and its links are deleted. A gateway with devices on its links cannot be deleted: delete its devices first.
configuration-links-intro = A link is a bus or a connection the devices are reached through: Modbus TCP, an RS-485 serial port, an RS-485 to Ethernet converter, or an acquisition board.
configuration-link-add = Add a link
configuration-link-new = New link
configuration-link-gateway = Gateway
configuration-link-kind = Kind
configuration-kind-modbus_tcp = Modbus TCP
configuration-kind-modbus_rtu = Modbus RTU (serial port)
configuration-kind-rtu_over_tcp = Modbus RTU over TCP
configuration-kind-waveform_stream = Waveform stream
configuration-kind-modbus_tcp-help = Meters or gateways that speak Modbus TCP on the network.
configuration-kind-modbus_rtu-help = An RS-485 bus on a serial port of this box.
configuration-kind-rtu_over_tcp-help = An RS-485 bus behind a serial-to-Ethernet converter that passes RTU frames through.
configuration-kind-waveform_stream-help = The samples of an acquisition board, read by the internal meter.
configuration-link-host = IP address or host name
configuration-link-host-help = Of the meter or of the converter.
configuration-link-port = TCP port
configuration-link-serial-port = Serial port
configuration-link-serial-port-help = The device file of the port, for example /dev/ttyUSB0 (a /dev/serial/by-id/ name stays the same after a restart).
configuration-link-port-in-use = used by { $link }
configuration-link-baud = Baud rate
configuration-link-parity = Parity
configuration-parity-none = None
configuration-parity-odd = Odd
configuration-parity-even = Even
configuration-link-data-bits = Data bits
configuration-link-stop-bits = Stop bits
configuration-link-timeout = Reply timeout
configuration-link-gap = Silence between frames
configuration-link-gap-serial-help = In milliseconds; empty for the Modbus silence of 3.5 characters.
configuration-link-gap-tcp-help = In milliseconds; empty for 5 ms.
configuration-link-source = Source
configuration-link-source-tcp = Network address (host:port)
configuration-link-source-unix = Unix socket
configuration-link-tcp-help = Where the acquisition board sends its samples, for example 127.0.0.1:7070.
configuration-link-unix-help = The absolute path of the board's socket.
configuration-link-failures = Failed polls before “communication error”
configuration-link-failures-help = From 1 to 100 consecutive failures.
configuration-link-enabled-help = Disabling a link stops polling every device on it.
configuration-link-devices = { $count ->
    [0] No devices on this link
    [one] One device on this link
   *[other] { $count } devices on this link
}
configuration-link-delete-text = Only a link without devices can be deleted.
configuration-devices-intro = Every meter on the links. Choose its model from the library, its address on the bus and what it measures; “Test” reads it before or after saving.
configuration-devices-empty = No devices here
configuration-devices-empty-text = Add a device, or scan a bus with the first-start wizard.
configuration-device-add = Add a device
configuration-device-new = New device
configuration-device-what = Model
configuration-device-where = Name and address
configuration-device-organisation = What it measures
configuration-device-link = Link
configuration-device-enabled-help = A disabled device is not polled; its history stays.
configuration-device-delete-text = The device is no longer polled. Its history stays in the database.
configuration-vendor = Manufacturer
configuration-vendor-other = Other devices
configuration-model = Model
configuration-profile-kind = Kind
configuration-profile-aliases = Also sold as
configuration-profile-points = { $count ->
    [one] What it measures (one value)
   *[other] What it measures ({ $count } values)
}
configuration-device-kind-electricity_meter = Electricity meter
configuration-device-kind-gas_meter = Gas meter
configuration-device-kind-water_meter = Water meter
configuration-profile-generic = Generic Modbus meter
configuration-profile-internal = Internal meter (acquisition board)
configuration-profile-generic-help = Reads one register of positive active energy; find its address in the meter's documentation.
configuration-profile-internal-help = ems measures itself from the samples of an acquisition board on a waveform-stream link.
configuration-unit-id = Modbus address
configuration-unit-id-help = From 1 to 247, different for each device of the link.
configuration-load = Load
configuration-load-help = What the device measures; “Others” when it is none of the loads.
configuration-groups = Measure groups
configuration-groups-legend = Measure groups (up to { $max })
configuration-groups-none = No measure groups yet.
configuration-group-add = Add a measure group
configuration-generic = Energy register
configuration-generic-help = The four values are in the documentation of the meter.
configuration-generic-function = Read code
configuration-generic-function-3 = 3 (holding registers)
configuration-generic-function-4 = 4 (input registers)
configuration-generic-register = Register (hexadecimal)
configuration-generic-register-help = Counted from 0, for example 0x0048.
configuration-generic-words = Words
configuration-generic-multiplier = Multiplier
configuration-generic-unit = Unit after multiplying
configuration-meter = Internal meter
configuration-meter-wiring = Wiring
configuration-wiring-1p2w = Single phase, 2 wires
configuration-wiring-2p3w = Split phase, 3 wires
configuration-wiring-3p4w = Three phases with neutral, 4 wires
configuration-wiring-3p3w = Three phases without neutral, 3 wires
configuration-wiring-3p4w_wild_leg = Three phases, 4 wires, high leg
configuration-meter-neutral = Neutral current
configuration-neutral-auto = Automatic
configuration-neutral-measured = Measured
configuration-neutral-computed = Computed from the phases
configuration-meter-voltage = Nominal voltage L-N (V)
configuration-meter-frequency = Nominal frequency
configuration-meter-frequency-detect = Detect
configuration-meter-run-threshold = Running above (W)
configuration-meter-run-threshold-help = The load counts as running above this active power.
configuration-meter-tariff = Tariffs
configuration-meter-tariff-choice = Tariff of the energy registers
configuration-tariff-t1 = Always tariff 1
configuration-tariff-t2 = Always tariff 2
configuration-tariff-digital_input = Chosen by the digital input
configuration-tariff-periods = Tariff 2 in the periods below
configuration-tariff-period = Period { $number }
configuration-tariff-from = From (HH:MM)
configuration-tariff-to = To (HH:MM)
configuration-tariff-add = Add a period
configuration-tariff-remove = Remove period { $number }
configuration-advanced = Advanced options
configuration-exclude-totals = Exclude from totals
configuration-exclude-totals-help = Tick it when what this device measures is measured again by other devices, for example a main meter above sub-meters: its energy would otherwise be counted twice in the grand total and the partials. Its consumption is still shown in the details.
configuration-exclude-alerts = Exclude alerts
configuration-exclude-alerts-help = No alerts are raised for this device's events.
configuration-ct-ratio = Current transformer ratio
configuration-vt-ratio = Voltage transformer ratio
configuration-ratio-help = Primary divided by secondary, for example 20 for 100/5 A; 1 without a transformer.
configuration-fast-poll = Fast poll (ms)
configuration-fast-poll-help = How often momentary values (power, voltage, current) are read.
configuration-slow-poll = Slow poll (ms)
configuration-slow-poll-help = How often counters are read; not shorter than the fast poll.
configuration-device-timeout = Reply timeout (ms)
configuration-device-timeout-help = Empty for the link's.
configuration-loads-intro = A load is what a device measures: heating, lighting… The predefined loads can only be disabled; add your own as needed. Devices without a load count as “Others”.
configuration-load-add = Add a load
configuration-load-new = New load
configuration-load-predefined = Predefined load
configuration-load-predefined-help = A predefined load: it can be enabled or disabled, not renamed or deleted.
configuration-load-others = Others
configuration-load-others-help = Devices without a load. Always there.
configuration-load-enabled-help = A disabled load is not shown in the consumptions.
configuration-load-users = { $count ->
    [0] No device measures this load.
    [one] One device measures this load.
   *[other] { $count } devices measure this load.
}
configuration-load-delete-text = { $count ->
    [0] The load is deleted. You can also keep it and disable it.
   *[other] Devices measure this load: assign them another load before deleting it, or disable it instead.
}
configuration-load-delete-predefined = A predefined load cannot be deleted; it can be disabled.
configuration-load-heating = Heating
configuration-load-air_conditioning = Air conditioning
configuration-load-hot_water = Hot water
configuration-load-lighting = Lighting
configuration-load-sockets = Sockets
configuration-load-ventilation = Ventilation
configuration-groups-intro = A measure group is a logical set of measuring points, for example a tenant or a floor. A device belongs to up to 5 groups.
configuration-groups-empty = No measure groups yet
configuration-groups-empty-text = Add one, then choose it in the form of each device that belongs to it.
configuration-group-new = New measure group
configuration-group-enabled-help = A disabled group is not shown in the consumptions.
configuration-group-users = { $count ->
    [0] No device belongs to this group.
    [one] One device belongs to this group.
   *[other] { $count } devices belong to this group.
}
configuration-group-delete-text = { $count ->
    [0] The measure group is deleted. You can also keep it and disable it.
   *[other] Devices belong to this group: take them out of it before deleting it, or disable it instead.
}
configuration-panel-boards-intro = A panel board is a distribution board where gateways and devices are installed.
configuration-panel-boards-empty = No panel boards yet
configuration-panel-boards-empty-text = Add one, then choose it in the form of its gateway or devices.
configuration-panel-board-add = Add a panel board
configuration-panel-board-new = New panel board
configuration-panel-board-enabled-help = A disabled panel board is not shown in the filters.
configuration-panel-board-users = { $count ->
    [0] Nothing is installed in this panel board.
    [one] One gateway or device is installed in this panel board.
   *[other] { $count } gateways and devices are installed in this panel board.
}
configuration-panel-board-delete-text = { $count ->
    [0] The panel board is deleted. You can also keep it and disable it.
   *[other] Gateways or devices are installed in this panel board: move them before deleting it, or disable it instead.
}
configuration-settings-intro = Settings of the whole site. Saving restarts acquisition.
configuration-settings-site = Site
configuration-site-name = Site name
configuration-time-zone = Time zone
configuration-time-zone-help = Type to search, for example “Rome”. Days, months and years of consumption begin at midnight in this time zone.
configuration-time-zone-unknown = This browser does not know this time zone; check the spelling.
configuration-time-zone-browser = Use this browser's: { $zone }
configuration-currency = Currency
configuration-currency-help = The three-letter ISO 4217 code, for example EUR, CHF, GBP.
configuration-currency-invalid = Three capital letters, for example EUR.
configuration-language = Language of the site
configuration-language-help = The default language of reports and notifications. Each user still chooses the language of the interface.
configuration-sample-rate = Sample rate
configuration-sample-rate-help = How often consumption records are stored.
configuration-sample-rate-note = Changing it does not affect data already saved.
configuration-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
configuration-csv = CSV options
configuration-csv-decimal = Decimal separator
configuration-csv-decimal-comma = Comma (1234,5)
configuration-csv-decimal-point = Point (1234.5)
configuration-csv-field = Field separator
configuration-csv-field-semicolon = Semicolon (;)
configuration-csv-field-comma = Comma (,)
configuration-csv-preview = The start of a CSV file with these options:
configuration-csv-both-comma = With commas for both, numbers are put in quotes: spreadsheets read them, but a semicolon as field separator is clearer.
configuration-file-intro = The whole configuration of the site as a text file (TOML): to keep a copy, to move it to another box, or to go back to an earlier version.
configuration-file-export = Download
configuration-file-export-text = Every change saves a new version; any of them can be downloaded.
configuration-file-download = Download the configuration in force
configuration-file-download-version = Download version { $version }
configuration-file-versions = Stored versions
configuration-file-version = Version
configuration-file-saved-at = Saved
configuration-file-source = From
configuration-file-in-force = (in force)
configuration-source-seed = the first configuration
configuration-source-import = an imported file
configuration-source-demo = the demonstration
configuration-source-api = a change in the interface or the API
configuration-file-import = Import
configuration-file-import-text = A file replaces the whole configuration. It is checked first: if anything is wrong, nothing changes and every error is listed with its place in the file.
configuration-file-choose = Configuration file (.toml)
configuration-file-import-button = Import and apply
configuration-file-confirm-title = Replace the whole configuration?
configuration-file-confirm-text = The configuration in { $name } replaces the one in force, and acquisition restarts with it. The configuration in force stays available as a version.
configuration-file-imported = Version { $version } is now in force.
configuration-file-unchanged = The file equals version { $version } in force: nothing changed.

## wizard

wizard-step-code = Setup code
wizard-step-admin = Administrator
wizard-step-site = Site
wizard-step-rate = Sample rate
wizard-step-devices = Gateways and devices
wizard-step-done = Done
wizard-step-of = Step { $number } of { $count }
wizard-code-text = No administrator exists yet. Type the setup code to create one.
wizard-code-where = Where is the setup code?
wizard-code-where-text = ems prints it when it starts without an administrator: on its console and in its log (for example “journalctl -u ems”). It works once and expires after 24 hours; restarting ems prints a new one.
wizard-code = Setup code
wizard-code-help = Capitals, spaces and dashes do not matter.
wizard-admin-text = The administrator may do everything, including creating other users. There is no default account.
wizard-admin-name = Administrator's name
wizard-admin-repeat = Password again
wizard-admin-create = Create the administrator
wizard-site-text = The name of the site and how its values are shown.
wizard-rate-text = How often ems stores consumption records. 15 minutes suits most sites; shorter rates take more space.
wizard-devices-text = Add the meters: choose the bus they are on, then scan it for the Modbus addresses that answer, or pick each meter from the library.
wizard-bus = Bus
wizard-bus-new = A new bus
wizard-gateway-new = A new gateway…
wizard-gateway-name = Name of the new gateway
wizard-how = How to add meters
wizard-scan = Scan the bus
wizard-scan-text = Each Modbus address of the range is asked in turn; meters that declare identification registers are recognised. Nothing is written to the meters.
wizard-scan-from = First address
wizard-scan-to = Last address
wizard-scan-start = Scan
wizard-scan-stop = Stop
wizard-scan-progress-label = Scan progress
wizard-scan-running = Address { $probed } of { $total } asked; { $found } answered so far.
wizard-scan-done = Scan finished: { $total } addresses asked, { $found } answered.
wizard-scan-cancelled = Scan stopped after { $probed } of { $total } addresses; { $found } answered.
wizard-scan-failed = The scan failed after { $probed } of { $total } addresses.
wizard-scan-none = No device answered. Check the wiring, the bus settings and the addresses of the meters.
wizard-found = { $count ->
    [one] One device answered
   *[other] { $count } devices answered
}
wizard-col-add = Add
wizard-row-add = Add the device at address { $unit }
wizard-row-model = Model of the device at address { $unit }
wizard-row-name = Name of the device at address { $unit }
wizard-row-load = Load of the device at address { $unit }
wizard-row-test = Test the device at address { $unit }
wizard-row-unknown = Answers, model unknown
wizard-row-several = Several models match
wizard-row-exception = (Modbus exception { $code })
wizard-row-configured = Already configured as “{ $name }”
wizard-unit-name = Device { $unit }
wizard-add-selected = { $count ->
    [0] Add the devices chosen
    [one] Add the device chosen
   *[other] Add the { $count } devices chosen
}
wizard-added = { $count ->
    [one] One device added.
   *[other] { $count } devices added.
}
wizard-library = Add from the library
wizard-library-text = Choose the manufacturer and the model, then the Modbus address set on the meter.
wizard-library-add = Add the device
wizard-library-added = “{ $name }” added.
wizard-added-title = { $count ->
    [0] Added in this wizard: none yet
    [one] Added in this wizard: one device
   *[other] Added in this wizard: { $count } devices
}
wizard-added-none = { $count ->
    [0] The site has no devices yet.
    [one] The site has one device already.
   *[other] The site has { $count } devices already.
}
wizard-done-text = The site is set up and acquisition is running. Everything can be changed later in System configuration.
wizard-done-next = Where to go next
wizard-done-users = Add users

## consumption

consumption-views = Consumption views
consumption-view-total = Grand total
consumption-view-partials = Partials
consumption-view-compare = Compare
consumption-view-details = Details
consumption-period = Period
consumption-period-day = Day
consumption-period-month = Month
consumption-period-year = Year
consumption-period-decade = 10 years
consumption-date = Date
consumption-back-day = Previous day
consumption-back-month = Previous month
consumption-back-year = Previous year
consumption-back-decade = Previous ten years
consumption-forward-day = Next day
consumption-forward-month = Next month
consumption-forward-year = Next year
consumption-forward-decade = Next ten years
consumption-today = Today
consumption-total = Total
consumption-total-title = Electricity consumed, by load
consumption-difference = Difference
consumption-difference-so-far = against { $amount } in the previous period up to the same time
consumption-no-comparison = nothing to compare with
consumption-no-data = no data
consumption-no-data-in = No consumption was measured for { $period }.
consumption-no-data-hint = The meters may not have been installed or connected yet, or the counter is not measured here.
consumption-no-devices = No devices yet
consumption-no-devices-hint = Consumption appears here as soon as meters are added and measuring.
consumption-add-devices = Add devices in System configuration
consumption-overall = Overall
consumption-medium = Medium
consumption-medium-electricity = Electricity
consumption-medium-gas = Gas
consumption-medium-water = Water
consumption-table = Table
consumption-download-csv = Download CSV
consumption-full-screen = Full screen
consumption-exit-full-screen = Exit full screen
consumption-legend = Legend
consumption-legend-toggle = Show or hide in the chart
consumption-legend-striped = Striped: partly measured, estimated or still running
consumption-mark-running = still running
consumption-mark-partial = partly measured
consumption-mark-estimated = partly estimated over an outage
consumption-chart-label = Chart: { $title }, { $period }. The table of its numbers follows.
consumption-chart-keys = Left and right arrow keys: the values of each bar
consumption-chart-failed = The chart could not be loaded. Reload the page.
consumption-slot-day = Hour
consumption-slot-month = Day
consumption-slot-year = Month
consumption-slot-decade = Year
consumption-split-by = Split by
consumption-by-load = By load
consumption-by-group = By measure group
consumption-by-panel_board = By panel board
consumption-all-load = All loads
consumption-all-group = All measure groups
consumption-all-panel_board = All panel boards
consumption-no-parts-load = No loads yet
consumption-no-parts-group = No measure groups yet
consumption-no-parts-panel_board = No panel boards yet
consumption-configure-parts = Set them up in System configuration
consumption-counter = Counter
consumption-part = Show
consumption-layout = Layout
consumption-layout-stack = Stacked
consumption-layout-each = One chart each
consumption-first = First
consumption-second = Second
consumption-first-counter = Counter of the first
consumption-second-counter = Counter of the second
consumption-compare-mode = Comparison
consumption-compare-total = Total
consumption-compare-details = Details
consumption-compare-difference = { $first } compared with { $second }
consumption-incomparable = These cannot be compared
consumption-incomparable-text = “{ $first }” and “{ $second }” measure different things (such as electricity in kWh and gas in m³). They could only be compared by cost, which needs tariffs. Choose counters of the same kind.
consumption-kind-site = Site
consumption-kind-device = Devices
consumption-kind-load = Loads
consumption-kind-group = Measure groups
consumption-kind-panel_board = Panel boards
consumption-devices = Devices
consumption-filter = Show the devices of
consumption-all-devices = All devices
consumption-no-devices-here = No device belongs to this load or group.
consumption-details-tab = What to show
consumption-tab-energy = Energy
consumption-tab-quantities = Quantities
consumption-quantity = Quantity
consumption-mean = Mean
consumption-minimum = Minimum
consumption-maximum = Maximum
consumption-band = Range from minimum to maximum
consumption-time = Time
consumption-no-quantities = { $device } has no recorded momentary quantities (such as power or voltage).
consumption-load-air_conditioning = Air conditioning
consumption-load-heating = Heating
consumption-load-hot_water = Hot water
consumption-load-lighting = Lighting
consumption-load-sockets = Sockets
consumption-load-ventilation = Ventilation
consumption-load-others = Others

## field rules
# What is wrong with a refused value, one message per rule of the API (FieldRule), with the
# rule's parameters. A parameter the rule leaves out is "none". The types that `type` names
# ($expected, $found) are the words of field-rule-type-<type>.

field-rule-syntax = This is not valid TOML (line { $line }, column { $column }).
field-rule-required = This is required.
field-rule-missing_section = The [site] section is missing.
field-rule-unknown_key = This key is not known here.
field-rule-type = { $expected ->
    [none] Wrong type: { $found } is not accepted here.
   *[other] Expected { $expected }, found { $found }.
}
field-rule-type-string = text
field-rule-type-integer = a whole number
field-rule-type-number = a number
field-rule-type-float = a decimal number
field-rule-type-boolean = true or false
field-rule-type-date_time = a date and time
field-rule-type-array = a list
field-rule-type-table = a group of settings
field-rule-type-null = nothing
field-rule-not_allowed = Choose { $allowed }.
field-rule-out_of_range = { $min ->
    [none] { $above ->
        [none] Must be at most { $max }.
       *[other] { $max ->
            [none] Must be greater than { $above }.
           *[other] Must be greater than { $above } and at most { $max }.
        }
    }
   *[other] { $max ->
        [none] Must be at least { $min }.
       *[other] Must be from { $min } to { $max }.
    }
}
field-rule-empty = Must not be empty.
field-rule-too_long = At most { $max } characters.
field-rule-too_short = At least { $min } characters.
field-rule-too_many = At most { $max } may be given.
field-rule-pattern = { $format ->
    [id] Use 1 to 64 lowercase letters, digits, “_” or “-”, starting with a letter.
    [host] Enter an IP address or a host name.
    [host_port] Enter a host and a port, such as 192.168.1.20:7070.
    [serial_port] Enter a serial port such as /dev/ttyUSB0.
    [socket_path] Enter an absolute socket path such as /run/ems/board.sock.
    [currency] Enter a currency code of three capital letters, such as EUR.
    [register] Enter a hexadecimal register address such as 0x0048.
    [time_of_day] Enter a time as HH:MM, from 00:00 to 24:00.
    [date] Enter a date as YYYY-MM-DD.
    [decimal] Enter a decimal number such as 0.2345, with at most six decimals.
    [colour] Enter a colour as #rrggbb, such as #d55e00.
    [time] Enter a time with its offset, such as 2026-11-21T10:00:00+01:00.
    [instant] Enter a date (YYYY-MM-DD) or a time with its offset.
    [scope] Enter site, device:<id>, load:<id>, group:<id> or panel_board:<id>.
    [user_name] Use visible characters, without a space at the beginning or the end.
   *[other] This is not in the expected form.
}
field-rule-unknown_reference = { $kind ->
    [link] There is no link “{ $value }”.
    [gateway] There is no gateway “{ $value }”.
    [load] There is no load “{ $value }”.
    [measure_group] There is no measure group “{ $value }”.
    [panel_board] There is no panel board “{ $value }”.
    [profile] There is no model “{ $value }” in the device library.
    [unit] “{ $value }” is not a known unit.
    [time_zone] “{ $value }” is not a known time zone.
    [tariff] There is no tariff “{ $value }”.
    [device] There is no device “{ $value }”.
    [point] “{ $value }” is not a known quantity.
   *[other] “{ $value }” does not exist.
}
field-rule-duplicate = “{ $value }” is already used; it must be unique.
field-rule-order = Must come after “{ $other }”.
field-rule-link_kind = { $kind ->
    [waveform_stream] A waveform stream is read only by an internal meter.
   *[other] An internal meter reads a waveform stream, not a link of this kind.
}
field-rule-not_applicable = This does not apply here; leave it out.
field-rule-fixed = This cannot be changed; it stays “{ $value }”.
field-rule-reserved = “{ $value }” is reserved by ems.
field-rule-cannot_remove = This always exists: it can be disabled, not removed.
field-rule-non_zero = Enter a number other than 0.
field-rule-common_password = This is one of the most common passwords; choose another.
field-rule-guessable_password = The password must not be the user’s name or the product’s name.
field-rule-invalid = Not accepted: { $reason }
field-rule-no_counter = The device “{ $value }” does not record “{ $point }”.

## tariffs editor
# The bill of consumptions (System configuration → Tariffs): tariffs, cost rules, charges, re-pricing.

configuration-section-tariffs = Tariffs
tariffs-intro = The bill of consumptions: for electricity, gas and water, the tariffs with their prices and the cost rules that choose among them. Costs are computed only where a rule applies.
tariffs-commodities = Commodities
tariffs-commodity-electricity = Electricity
tariffs-commodity-gas = Gas
tariffs-commodity-water = Water
tariffs-has-errors = (has errors)
tariffs-currency = Prices and charges are in { $currency } ({ $name }), the currency of the site.
tariffs-currency-change = Change it in the site settings.
tariffs-gas-factor = Conversion factor (kWh per m³)
tariffs-gas-factor-help = As stated on your gas bill. Gas is then also shown in equivalent kWh; leave it empty if you do not know it.
tariffs-tariffs = Tariffs
tariffs-tariffs-help = Each tariff has a name, a colour for charts and one or more prices per { $unit } in { $currency }, each valid from a date.
tariffs-no-tariffs = No tariffs
tariffs-no-tariffs-text = Add a tariff, then a rule that chooses it.
tariffs-empty-title = No contract for { $commodity }
tariffs-empty-text = Without cost rules, no costs are computed for { $commodity }. Add a tariff (its name, colour and price), then a rule that chooses it.
tariffs-add-tariff = Add a tariff
tariffs-new = New, not saved yet
tariffs-price-per = { $price } per { $unit }
tariffs-price-from = from { $date }
tariffs-price-always = from the beginning
tariffs-edit-tariff = Edit { $name }
tariffs-close-form = Close { $name }
tariffs-delete-tariff = Delete { $name }
tariffs-tariff-used = { $count ->
    [one] Used by rule { $rules }: it cannot be deleted. Change or delete that rule first.
   *[other] Used by rules { $rules }: it cannot be deleted. Change or delete those rules first.
}
tariffs-tariff-deleted = Tariff { $name } deleted. Save to keep this change.
tariffs-tariff-form = Tariff { $name }
tariffs-name = Name
tariffs-id = Identifier: { $id }.
tariffs-id-new = It is made from the name and cannot be changed once saved, because the costs are stored under it.
tariffs-id-fixed = It cannot be changed: the costs are stored under it.
tariffs-colour = Colour
tariffs-colour-blue = Blue
tariffs-colour-orange = Orange
tariffs-colour-bluish_green = Bluish green
tariffs-colour-reddish_purple = Reddish purple
tariffs-colour-sky_blue = Sky blue
tariffs-colour-vermillion = Vermilion
tariffs-colour-yellow = Yellow
tariffs-colour-black = Black
tariffs-colour-code = Colour code
tariffs-colour-code-help = Any colour as #rrggbb, such as #d55e00. The colours above are told apart with every common colour-vision deficiency.
tariffs-colour-pick = Pick a colour
tariffs-prices = Prices ({ $currency } per { $unit })
tariffs-prices-title = Prices
tariffs-prices-help = A price applies from its date until the next price’s date; a new price never changes costs already computed. One price may have no date: it applies from the beginning.
tariffs-price-n = Price { $n }
tariffs-price-valid-from = Valid from
tariffs-price-valid-from-help = Empty: from the beginning.
tariffs-price = Price ({ $currency } per { $unit })
tariffs-remove-price = Remove price { $n }
tariffs-add-price = Add a price
tariffs-rules = Cost rules
tariffs-rules-help = The rules are checked from the top: the first rule whose conditions all hold chooses the tariff. Put exceptions such as holidays first.
tariffs-feed-in = Feed-in
tariffs-feed-in-text = What the electricity fed into the grid earns: a plan of its own, with its tariffs and rules.
tariffs-feed-in-tariffs = Feed-in tariffs
tariffs-feed-in-rules = Feed-in rules
tariffs-check-at = Check another time (time of the site, { $zone })
tariffs-check = Check
tariffs-check-now = Back to now
tariffs-explain-unsaved = The rules have unsaved changes: save them to see which rule applies.
tariffs-explain-none = No rule applies on { $time }: nothing is priced then.
tariffs-explain-now = Now ({ $time }) rule { $rule } applies: { $price } per { $unit }.
tariffs-explain-at = On { $time } rule { $rule } applies: { $price } per { $unit }.
tariffs-applies-now = Applies now
tariffs-applies-then = Applies at that time
tariffs-skipped = Does not apply: { $reasons }.
tariffs-cause-outside_validity = outside its validity
tariffs-cause-outside_time_frame = outside its time of day
tariffs-cause-weekday_not_chosen = { $day } is not one of its days
tariffs-rule-n = Rule { $n }
tariffs-rule-always = always
tariffs-rule-period = { $from } to { $to }
tariffs-rule-since = from { $from }
tariffs-rule-on = on { $date }
tariffs-rule-every-year = { $period } every year
tariffs-move-up = Move up
tariffs-move-down = Move down
tariffs-rule-moved = Rule { $name } moved to position { $position } of { $count }.
tariffs-rule-deleted = Rule { $position } deleted. Save to keep this change.
tariffs-add-rule = Add a rule
tariffs-no-rules = No cost rules
tariffs-no-rules-text = Without rules, no costs are computed for { $commodity }. Add a rule that chooses a tariff.
tariffs-rule-form = Rule { $n }
tariffs-rule-tariff = Tariff
tariffs-choose-tariff = Choose a tariff
tariffs-validity = Validity
tariffs-validity-always = Always
tariffs-validity-period = Between two dates
tariffs-validity-from = From
tariffs-validity-to = To (included)
tariffs-validity-to-help = Empty: no end.
tariffs-repeat = Repeat every year
tariffs-repeat-help = Only day and month count, as for holidays; needs an end date.
tariffs-time = Time of day
tariffs-time-all = All day
tariffs-time-frame = From a time to a time
tariffs-time-from = From
tariffs-time-to = To (minute included)
tariffs-time-help = The end minute is included: 08:00 to 18:59 ends at 19:00. An end before the start runs over midnight.
tariffs-days = Days of the week
tariffs-days-help = All ticked: every day. The day is that of the local date.
tariffs-charges = Fixed charges
tariffs-standing = Standing charge
tariffs-standing-help = A fixed amount for every day or month, whatever is consumed.
tariffs-standing-none = None
tariffs-standing-day = Per day
tariffs-standing-month = Per month
tariffs-standing-amount = Amount ({ $currency })
tariffs-demand = Demand charge ({ $currency } per kW and month)
tariffs-demand-title = Demand charge
tariffs-demand-help = Optional: charged on the month’s highest 15-minute mean power. Empty: none.
tariffs-past = Past costs
tariffs-past-text = Saved changes price the data recorded from then on; costs already computed stay as they were. To apply a correction to past days, price them again.
tariffs-reprice = Price past days again…
tariffs-reprice-title = Price past days again
tariffs-reprice-text = The intervals recorded on these days are priced again with the tariffs and rules saved now, and their previous costs replaced. Other days keep theirs.
tariffs-reprice-from = First day
tariffs-reprice-to = Last day (included)
tariffs-reprice-confirm = Price again
tariffs-repricing = Pricing…
tariffs-repriced = { $count ->
    [one] { $count } interval priced again ({ $from } to { $to }).
   *[other] { $count } intervals priced again ({ $from } to { $to }).
}
tariffs-saved-text = From now on, new data is priced with these tariffs; costs already computed stay as they were.
tariffs-unsaved = Unsaved changes
tariffs-not-saved = Not saved: see why.
tariffs-all-saved = No unsaved changes
tariffs-discard = Discard changes
tariffs-leave = Leave this page? Your changes to the tariffs are not saved.

## consumption tariffs
# Consumptions → Tariffs (what the consumption cost, by tariff) and the overall costs on the grand total.

consumption-view-tariffs = Tariffs
consumption-tariffs-show = Tariffs view
consumption-tariffs-show-total = Total
consumption-tariffs-show-details = Details
consumption-tariffs-commodity = Commodity
consumption-tariffs-point-energy_active_import = Electricity
consumption-tariffs-point-energy_active_export = Feed-in
consumption-tariffs-point-gas_volume = Gas
consumption-tariffs-point-water_volume = Water
consumption-tariffs-title-energy_active_import = Cost of electricity bought, by tariff
consumption-tariffs-title-energy_active_export = Feed-in revenue, by tariff
consumption-tariffs-title-gas_volume = Cost of gas, by tariff
consumption-tariffs-title-water_volume = Cost of water, by tariff
consumption-tariffs-scope = Costs of
consumption-tariffs-filter = Tariffs shown
consumption-tariffs-no-data = no data in this period
consumption-tariffs-tariff = Tariff
consumption-tariffs-amount = Amount
consumption-tariffs-cost = Cost
consumption-tariffs-revenue = Revenue
consumption-tariffs-share = Share
consumption-tariffs-total-cost = Total cost
consumption-tariffs-total-revenue = Total revenue
consumption-tariffs-pie-label = Ring chart: { $title }: { $slices }. The table beside it lists the amounts and costs.
consumption-tariffs-none-shown = No tariff is chosen: choose at least one above.
consumption-tariffs-nothing-priced = Nothing of this period was priced.
consumption-tariffs-unpriced = { $amount } not priced: no cost rule covers those times, or their tariff had no price yet. Check the bill of consumptions.
consumption-tariffs-open-bill = Open the bill of consumptions
consumption-tariffs-no-contract = No costs without a bill of consumptions
consumption-tariffs-no-contract-hint = Costs appear here once the contract’s tariffs and cost rules are entered in System configuration → Tariffs. Ask your installer or administrator if you cannot open it.
consumption-tariffs-enter-bill = Enter the bill of consumptions
consumption-tariffs-no-scopes = No device, load or group measures electricity, gas or water yet.
consumption-overall-costs = Overall costs
consumption-overall-commodity = Commodity
consumption-overall-amount = Amount
consumption-overall-cost = Cost
consumption-overall-row-energy_active_import = Electricity bought
consumption-overall-row-energy_active_export = Electricity fed in
consumption-overall-row-gas_volume = Gas
consumption-overall-row-water_volume = Water
consumption-overall-equivalent = equivalent to { $amount }
consumption-overall-unpriced = of which { $amount } not priced
consumption-overall-revenue = revenue
consumption-overall-not-priced = not priced
consumption-overall-bought = Cost of what was bought
consumption-overall-fed-in = Revenue of what was fed in
consumption-overall-standing = Standing charges of the period so far
consumption-overall-total = Total with standing charges (before the feed-in revenue)
consumption-overall-no-costs = No costs: they need a bill of consumptions.
consumption-overall-some-unpriced = Part of the period was not priced: no cost rule covers those times, or their tariff had no price yet. The costs above leave it out.

## demand charge

tariffs-demand-meter = Grid connection meter
tariffs-demand-meter-help = The meter at the connection to the grid, where the utility measures the peak (not a sub-meter). Required with a price.
tariffs-demand-meter-choose = Choose a meter
consumption-demand = Demand charge
consumption-demand-month = Demand charge, { $month }
consumption-demand-peak = peak { $power } on { $at }
consumption-demand-no-peak = no readings of the grid connection meter
consumption-demand-total = Total with { $standing ->
    [yes] standing and demand charges
   *[no] the demand charge
} (before the feed-in revenue)
