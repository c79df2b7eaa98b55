# ems: Deutsch.

## app

app-loading = Wird geladen…
app-language = Sprache
app-menu = Menü
app-cancel = Abbrechen
app-save = Speichern
app-saved = Gespeichert.
app-add = Hinzufügen
app-edit = Bearbeiten
app-delete = Löschen
app-close = Schließen
app-back = Zurück
app-next = Weiter
app-retry = Erneut versuchen
app-reload = Neu laden
app-skip-to-content = Zum Inhalt springen
app-not-found = Diese Seite gibt es nicht.
app-go-home = Zur Startseite
app-page-not-allowed = Ihr Konto darf diese Seite nicht öffnen. Ein Administrator kann Ihnen das Recht geben.
app-unreachable = Der ems-Server antwortet nicht. Prüfen Sie das Netzwerk und versuchen Sie es erneut.

## auth

auth-name = Name
auth-password = Passwort
auth-sign-in-title = Bei ems anmelden
auth-sign-in = Anmelden
auth-sign-out = Abmelden
auth-lock = Sperren
auth-unlock = Entsperren
auth-locked-title = Gesperrt
auth-locked-text = Diese Sitzung von { $name } ist gesperrt. Geben Sie das Passwort ein, um fortzufahren.
auth-leave-title = Abmelden oder sperren?
auth-leave-text = Abmelden beendet die Sitzung. Sperren behält sie und verbirgt alles, bis das Passwort erneut eingegeben wird.
auth-reason-session-ended = Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an.
auth-reason-signed-out = Sie sind abgemeldet.

## account

account-role = Rolle
account-pages = Seiten
account-change-password = Passwort ändern
account-current-password = Aktuelles Passwort
account-new-password = Neues Passwort
account-repeat-password = Neues Passwort wiederholen
account-password-rules = Mindestens 8 Zeichen; kein gängiges Passwort, nicht Ihr Name.
account-passwords-differ = Die beiden Passwörter stimmen nicht überein.
account-password-changed = Das Passwort ist geändert. Ihre anderen Sitzungen wurden beendet.

## pages

page-panel-board = Meine Verteilung
page-consumption = Verbräuche
page-configuration = Systemkonfiguration
page-users = Benutzer
page-audit = Prüfprotokoll
page-system = Systeminformationen
page-tokens = API-Tokens
page-account = Mein Konto
page-wizard = Erster Start

# The page rights a user can be given (as in the users page).
page-name-web_server_configuration = Webserver-Konfiguration
page-name-system_configuration = Systemkonfiguration
page-name-my_panel_board = Meine Verteilung
page-name-consumption = Verbräuche
page-name-ev_charging = Laden von Elektrofahrzeugen
page-name-reports_download = Berichte herunterladen
page-name-alarms = Alarme

## roles

role-administrator = Administrator
role-ev_manager = Lademanager
role-installer = Installateur
role-viewer = Betrachter

## device status

status-on = Ein
status-off = Aus
status-communication_error = Kommunikationsfehler
status-waiting = Wartet auf die erste Messung

## errors

error-unauthenticated = Sie sind nicht angemeldet, oder Ihre Sitzung ist abgelaufen.
error-session_locked = Die Sitzung ist gesperrt.
error-invalid_credentials = Name oder Passwort ist falsch.
error-too_many_attempts = Zu viele Versuche.
error-forbidden = Ihr Konto darf das nicht.
error-csrf_rejected = Die Anfrage wurde abgelehnt, weil sie von einer anderen Website kommt. Laden Sie die Seite neu.
error-token_not_allowed = Ein API-Token darf das nicht; melden Sie sich stattdessen an.
error-not_found = Das gibt es nicht (mehr).
error-bad_request = Die Anfrage ist nicht lesbar.
error-invalid = Einige Werte werden nicht akzeptiert.
error-conflict = Das widerspricht dem Gespeicherten.
error-changed = Jemand anders hat dies geändert, seit Sie es geöffnet haben; nichts wurde gespeichert. „Neu laden“ zeigt den aktuellen Stand, Ihre Änderungen hier gehen dabei verloren.
error-weak_password = Das Passwort ist zu schwach.
error-setup_refused = Der Einrichtungscode ist falsch oder abgelaufen.
error-payload_too_large = Die gesendeten Daten sind zu groß.
error-timeout = Der Server hat zu lange gebraucht.
error-device_unreachable = Das Gerät antwortet nicht.
error-unavailable = Der Server kann das gerade nicht.
error-internal = Im Server ist etwas schiefgegangen.
error-network = Der ems-Server antwortet nicht. Prüfen Sie das Netzwerk und versuchen Sie es erneut.
error-retry-after = Warten Sie { $seconds } Sekunden, bevor Sie es erneut versuchen.
error-suggestion = Meinten Sie „{ $value }“?

## panel

panel-devices = Geräte
panel-show = Anzeigen
panel-show-all = Alle Geräte
panel-show-gateways = Gateways
panel-show-panel-boards = Verteilungen
panel-none-shown = Dort ist kein Gerät eingebaut.
panel-no-devices = Noch keine Geräte
panel-no-devices-add = Fügen Sie sie in der Systemkonfiguration hinzu
panel-no-devices-ask = Ein Installateur oder ein Administrator fügt sie in der Systemkonfiguration hinzu.
panel-unit-id = Adresse { $unit }
panel-since = seit { $time }
panel-address = Modbus-Adresse
panel-gateway = Gateway
panel-panel-board = Verteilung
panel-status = Zustand
panel-last-error = Letzter Fehler
panel-device-unknown = Es gibt kein Gerät „{ $device }“.
panel-device-gone = Dieses Gerät gibt es nicht mehr: Es wurde aus der Konfiguration entfernt.
panel-device-off = Dieses Gerät ist deaktiviert: Es wird nicht ausgelesen.
panel-connecting = Verbindung zu den Live-Werten wird aufgebaut…
panel-live = Live
panel-last-reading = letzte Ablesung { $time }
panel-reconnecting = Die Live-Verbindung ist unterbrochen.
panel-reconnecting-in = Neuer Versuch in { $seconds } s. Die angezeigten Werte sind womöglich nicht aktuell.
panel-reconnect-now = Jetzt neu verbinden
panel-no-values = Noch keine Werte
panel-no-values-help = Die Werte erscheinen nach der ersten Ablesung des Geräts.
panel-no-value = keine Zahl
panel-quantity = Messgröße
panel-value = Wert
panel-min = Minimum
panel-max = Maximum
panel-quality-stale = veraltet
panel-quality-derived = berechnet
panel-quality-bad = unplausibel
panel-quality-legend = Was die Zeichen neben den Werten bedeuten
panel-quality-stale-help = Der letzte Wert, der gelesen wurde, bevor das Gerät nicht mehr antwortete.
panel-quality-derived-help = Von ems aus anderen Werten berechnet, nicht vom Gerät gelesen.
panel-quality-bad-help = Vom Gerät gelesen, aber außerhalb des plausiblen Bereichs.
panel-harmonics = Oberschwingungen
panel-harmonics-of = Oberschwingungen von
panel-harmonics-voltage = Spannung
panel-harmonics-current = Strom
panel-harmonics-table = Tabelle
panel-harmonics-caption-voltage = Spannungsoberschwingungen in % der Grundschwingung
panel-harmonics-caption-current = Stromoberschwingungen in % der Grundschwingung
panel-harmonics-order = Ordnung
panel-harmonics-fundamental = Grundschwingung (Effektivwert)
panel-harmonics-order-n = { $order }. Ordnung
panel-harmonics-order-at = { $order }. Ordnung ({ $frequency })
panel-harmonics-measured = Gemessen { $time }
panel-harmonics-fundamental-at = Grundschwingung { $frequency }
panel-harmonics-stale = letztes Spektrum, bevor das Gerät nicht mehr antwortete
panel-harmonics-no-share = keine Grundschwingung
panel-harmonics-none-yet = Noch keine Oberschwingungen gemessen: Die Werte erscheinen, sobald der Zähler seine Kurvenformen analysiert.
panel-harmonics-chart-voltage = Balkendiagramm der Spannungsoberschwingungen von { $phases }, Ordnungen 2 bis { $max }, in % der Grundschwingung; die Tabelle enthält die Zahlen.
panel-harmonics-chart-current = Balkendiagramm der Stromoberschwingungen von { $phases }, Ordnungen 2 bis { $max }, in % der Grundschwingung; die Tabelle enthält die Zahlen.

## points

point-group-energy = Energie
point-group-volume = Volumen
point-group-power = Leistung
point-group-voltage = Spannung
point-group-current = Strom
point-group-frequency = Frequenz
point-group-power_factor = Leistungsfaktor
point-group-thd = Oberschwingungsgehalt (THD)
point-group-other = Weitere Werte
point-voltage_l1 = Spannung L1-N
point-voltage_l2 = Spannung L2-N
point-voltage_l3 = Spannung L3-N
point-voltage_ln_average = Spannung L-N, Mittelwert
point-voltage_l1_l2 = Spannung L1-L2
point-voltage_l2_l3 = Spannung L2-L3
point-voltage_l3_l1 = Spannung L3-L1
point-voltage_ll_average = Spannung L-L, Mittelwert
point-voltage_unbalance = Spannungsunsymmetrie
point-current_l1 = Strom L1
point-current_l2 = Strom L2
point-current_l3 = Strom L3
point-current_n = Neutralleiterstrom
point-current_average = Strom, Mittelwert
point-active_power = Wirkleistung
point-active_power_l1 = Wirkleistung L1
point-active_power_l2 = Wirkleistung L2
point-active_power_l3 = Wirkleistung L3
point-reactive_power = Blindleistung
point-reactive_power_l1 = Blindleistung L1
point-reactive_power_l2 = Blindleistung L2
point-reactive_power_l3 = Blindleistung L3
point-apparent_power = Scheinleistung
point-apparent_power_l1 = Scheinleistung L1
point-apparent_power_l2 = Scheinleistung L2
point-apparent_power_l3 = Scheinleistung L3
point-active_power_demand = Leistungsmittelwert
point-active_power_demand_peak = Maximaler Leistungsmittelwert
point-power_factor = Leistungsfaktor
point-power_factor_l1 = Leistungsfaktor L1
point-power_factor_l2 = Leistungsfaktor L2
point-power_factor_l3 = Leistungsfaktor L3
point-frequency = Frequenz
point-thd_voltage_l1 = THD Spannung L1-N
point-thd_voltage_l2 = THD Spannung L2-N
point-thd_voltage_l3 = THD Spannung L3-N
point-thd_voltage_l1_l2 = THD Spannung L1-L2
point-thd_voltage_l2_l3 = THD Spannung L2-L3
point-thd_voltage_l3_l1 = THD Spannung L3-L1
point-thd_current_l1 = THD Strom L1
point-thd_current_l2 = THD Strom L2
point-thd_current_l3 = THD Strom L3
point-energy_active_import = Wirkenergie Bezug
point-energy_active_export = Wirkenergie Lieferung
point-energy_active_import_t1 = Wirkenergie Bezug, Tarif 1
point-energy_active_import_t2 = Wirkenergie Bezug, Tarif 2
point-energy_active_export_t1 = Wirkenergie Lieferung, Tarif 1
point-energy_active_export_t2 = Wirkenergie Lieferung, Tarif 2
point-energy_active_import_l1 = Wirkenergie Bezug L1
point-energy_active_import_l2 = Wirkenergie Bezug L2
point-energy_active_import_l3 = Wirkenergie Bezug L3
point-energy_active_export_l1 = Wirkenergie Lieferung L1
point-energy_active_export_l2 = Wirkenergie Lieferung L2
point-energy_active_export_l3 = Wirkenergie Lieferung L3
point-energy_active_q1 = Wirkenergie Q1
point-energy_active_q2 = Wirkenergie Q2
point-energy_active_q3 = Wirkenergie Q3
point-energy_active_q4 = Wirkenergie Q4
point-energy_reactive_import = Blindenergie induktiv
point-energy_reactive_export = Blindenergie kapazitiv
point-energy_reactive_import_l1 = Blindenergie induktiv L1
point-energy_reactive_import_l2 = Blindenergie induktiv L2
point-energy_reactive_import_l3 = Blindenergie induktiv L3
point-energy_reactive_export_l1 = Blindenergie kapazitiv L1
point-energy_reactive_export_l2 = Blindenergie kapazitiv L2
point-energy_reactive_export_l3 = Blindenergie kapazitiv L3
point-energy_reactive_q1 = Blindenergie Q1
point-energy_reactive_q2 = Blindenergie Q2
point-energy_reactive_q3 = Blindenergie Q3
point-energy_reactive_q4 = Blindenergie Q4
point-energy_apparent = Scheinenergie
point-energy_apparent_q1 = Scheinenergie Q1
point-energy_apparent_q2 = Scheinenergie Q2
point-energy_apparent_q3 = Scheinenergie Q3
point-energy_apparent_q4 = Scheinenergie Q4
point-gas_volume = Gasvolumen
point-water_volume = Wasservolumen
point-run_time = Betriebsstunden
point-run_time_import = Betriebsstunden bei Bezug
point-run_time_export = Betriebsstunden bei Lieferung

## users

users-add = Benutzer hinzufügen
users-name = Name
users-role = Rolle
users-role-help = Die Rolle bestimmt, was der Benutzer tun darf; die Seiten unten, was er sieht.
users-role-change-help = Eine andere Rolle hakt deren übliche Seiten an; passen Sie sie unten an.
users-state = Zustand
users-state-enabled = Darf sich anmelden
users-state-disabled = Deaktiviert
users-pages = Seiten
users-all-pages = Alle Seiten
users-no-pages = Keine Seite
users-created = Angelegt
users-password-changed = Passwort geändert
users-actions = Aktionen
users-you = Sie
users-not-yours = Nur ein Administrator ändert diesen Benutzer.
users-none = Keine Benutzer
users-password = Passwort
users-password-repeat = Passwort wiederholen
users-enabled = Darf sich anmelden
users-enabled-help = Ein deaktivierter Benutzer kann sich nicht anmelden, und seine API-Tokens funktionieren nicht mehr; nichts wird gelöscht.
users-pages-administrator = Ein Administrator hat immer alle Seiten.
users-page-help-my_panel_board = Live-Werte und Zustand jedes Geräts.
users-page-help-consumption = Verbrauchshistogramme, Teilverbräuche und Vergleiche.
users-page-help-reports_download = Herunterladen der Rohdaten je Intervall.
users-page-help-alarms = Alarme und Ereignisse.
users-page-help-system_configuration = Gateways, Geräte, Verbraucher, Gruppen, Verteilungen und Standorteinstellungen.
users-page-help-web_server_configuration = Systeminformationen, Optimierung der Datenbank.
users-page-help-ev_charging = Steuerung des Ladens von Elektrofahrzeugen.
users-create = Benutzer anlegen
users-created-done = Benutzer { $name } angelegt.
users-edit-title = { $name } ändern
users-saved = Änderungen an { $name } gespeichert.
users-reset-password = Passwort zurücksetzen
users-reset-title = Neues Passwort für { $name }
users-reset-text = { $name } meldet sich mit diesem Passwort an. Die offenen Sitzungen enden sofort.
users-reset-done = Das Passwort von { $name } ist gesetzt; die Sitzungen sind beendet.
users-delete-title = { $name } löschen?
users-delete-text = { $name } kann sich nicht mehr anmelden; die Sitzungen und API-Tokens enden. Das Prüfprotokoll behält den Namen.
users-deleted = Benutzer { $name } gelöscht.
users-last-administrator = Der letzte aktive Administrator kann weder deaktiviert noch gelöscht werden noch eine andere Rolle erhalten. Machen Sie zuerst einen anderen Benutzer zum Administrator.
users-name-taken = Es gibt bereits einen Benutzer dieses Namens (Groß- und Kleinschreibung zählen nicht).

## tokens

tokens-intro = Mit einem API-Token nutzt ein Skript oder ein anderes System die API von ems ohne Passwort. Es handelt mit der Rolle, die Sie wählen, nie über Ihrer eigenen, und nur auf Ihren Seiten.
tokens-create-title = Token erstellen
tokens-name = Name
tokens-name-help = Wofür das Token dient, z. B. „Gebäudeleittechnik“.
tokens-role = Rolle
tokens-role-help = Wählen Sie die niedrigste Rolle, die für die Aufgabe genügt.
tokens-expiry = Ablauf
tokens-expiry-days = Nach einer Anzahl Tage
tokens-expiry-never = Nie
tokens-days = Tage
tokens-days-help = 1 bis 3650 Tage.
tokens-create = Token erstellen
tokens-secret-title = Token „{ $name }“ erstellt
tokens-secret-once = Kopieren Sie das Token jetzt: Es wird nur dieses eine Mal angezeigt und kann nicht wieder gelesen werden.
tokens-secret = Token
tokens-secret-help = Senden Sie es als „Authorization: Bearer“, gefolgt vom Token.
tokens-copy = Kopieren
tokens-copied = Kopiert.
tokens-copy-failed = Der Browser hat das Kopieren nicht erlaubt: Markieren Sie das Token und kopieren Sie es selbst.
tokens-secret-done = Ich habe es gespeichert
tokens-own = Ihre Tokens
tokens-all = Tokens aller Benutzer
tokens-show-all = Tokens aller Benutzer
tokens-owner = Benutzer
tokens-created = Erstellt
tokens-expires = Läuft ab
tokens-last-used = Zuletzt benutzt
tokens-never = Nie
tokens-never-used = Noch nicht
tokens-expired = abgelaufen
tokens-none = Keine Tokens
tokens-none-help = Erstellen Sie oben eines, wenn ein Skript oder ein anderes System die API braucht.
tokens-revoke = Widerrufen
tokens-revoke-title = „{ $name }“ widerrufen?
tokens-revoke-text = Das Token „{ $name }“ von { $owner } funktioniert sofort nicht mehr. Das lässt sich nicht rückgängig machen.
tokens-revoked = Token „{ $name }“ widerrufen.

## audit

audit-filters = Filter
audit-user = Benutzer
audit-action = Aktion
audit-any-action = Jede Aktion
audit-since = Von
audit-until = Bis
audit-apply = Anzeigen
audit-clear = Filter entfernen
audit-time = Zeit
audit-target = Ziel
audit-result = Ergebnis
audit-client = Client-Adresse
audit-details = Details
audit-show-details = Anzeigen
audit-nobody = niemand angemeldet
audit-none = Keine Einträge
audit-none-help = Mit diesen Filtern wurde nichts aufgezeichnet. Ändern oder entfernen Sie sie.
audit-older = Ältere Einträge
audit-end = { $count ->
    [one] Ein Eintrag; ältere gibt es nicht.
   *[other] { $count } Einträge; ältere gibt es nicht.
}
audit-result-success = Erfolgreich
audit-result-failure = Fehlgeschlagen
audit-result-denied = Verweigert
audit-action-setup = Einrichtung mit dem Einmalcode
audit-action-login = Anmeldung
audit-action-logout = Abmeldung
audit-action-lock = Sitzung gesperrt
audit-action-unlock = Sitzung entsperrt
audit-action-password_change = Eigenes Passwort geändert
audit-action-user_create = Benutzer angelegt
audit-action-user_change = Benutzer geändert
audit-action-user_delete = Benutzer gelöscht
audit-action-user_password_reset = Passwort zurückgesetzt
audit-action-token_create = API-Token erstellt
audit-action-token_revoke = API-Token widerrufen
audit-action-config_change = Konfiguration geändert
audit-action-config_import = Konfiguration importiert
audit-action-site_commission = Ersteinrichtung abgeschlossen
audit-action-link_scan = Bus nach Geräten durchsucht
audit-action-store_optimize = Datenbank optimiert
audit-action-store_integrity_check = Integrität der Datenbank geprüft
audit-action-reprice = Kosten neu berechnet
audit-action-import_prices = Preise importiert
audit-action-reset_admin = Zugang über die Kommandozeile zurückgesetzt

## system

system-software = Software
system-version = Version
system-started = Neustart der Anwendung
system-acquisition-started = Neustart der Erfassung
system-booted = Neustart der Hardware
system-unknown = nicht bekannt
system-resources = Ressourcen
system-cpu = CPU-Nutzung durch ems
system-cpu-detail = { $percent } eines Kerns, { $cores ->
    [one] ein Kern
   *[other] { $cores } Kerne
} insgesamt
system-cpu-help = Ein Wert, der dauerhaft über { $threshold } liegt, kann auf ein Problem der Hardware oder der Installation hinweisen.
system-cpu-high = Die CPU-Nutzung liegt seit { $seconds } Sekunden über { $threshold }.
system-load = Systemlast (1, 5, 15 min)
system-load-values = { $one }, { $five }, { $fifteen }
system-memory-ems = Speicher von ems
system-memory-machine = Speicher des Rechners
system-memory-used = { $used } von { $total } belegt
system-database = Datenbank
system-database-size = Größe
system-database-wal = (davon { $size } im Write-Ahead-Log)
system-free-space = Freier Speicherplatz
system-database-path = Datei
system-backup = Automatische Sicherung
system-backup-ok = OK
system-backup-error = Fehler
system-backup-none = noch keine
system-health = Zustand
system-optimize-recommended = Optimierung empfohlen
system-optimize-not-needed = Keine Optimierung nötig
system-health-detail = ({ $blocks ->
    [one] ein Block
   *[other] { $blocks } Blöcke
} zu verdichten, { $pages } freie Seiten)
system-buffered = Wartet auf Speicherung
system-buffered-values = { $count ->
    [one] Ein Wert wird im Arbeitsspeicher gehalten: Die Datenbank kann nicht beschrieben werden.
   *[other] { $count } Werte werden im Arbeitsspeicher gehalten: Die Datenbank kann nicht beschrieben werden.
}
system-maintenance = Wartung
system-optimize = Optimieren
system-optimize-help = Führt abgeschlossene Tage zusammen, aktualisiert die Statistiken und gibt freien Platz an die Festplatte zurück.
system-optimize-confirm-title = Datenbank optimieren?
system-optimize-confirm = Bei einer großen Datenbank kann das eine Weile dauern. Es gehen keine Daten verloren.
system-optimizing = Wird optimiert…
system-optimize-done = Optimiert: { $blocks ->
    [one] ein Block zusammengeführt
   *[other] { $blocks } Blöcke zusammengeführt
}, { $freed } an die Festplatte zurückgegeben.
system-integrity = Integritätsprüfung
system-integrity-help = Liest die ganze Datenbank, um Schäden zu finden. Bei einer großen Datenbank kann das lange dauern.
system-integrity-start = Integrität prüfen
system-integrity-running = Wird geprüft…
system-integrity-elapsed = Bisher { $seconds } s.
system-integrity-ok = Die Datenbank ist unbeschädigt.
system-integrity-problems = Die Datenbank hat Probleme. Wenden Sie sich an den technischen Support.
system-integrity-checked = Geprüft { $time }.
system-integrity-never = Noch nicht geprüft.

## consumption

consumption-views = Verbrauchsansichten
consumption-view-total = Gesamtverbrauch
consumption-view-partials = Teilverbräuche
consumption-view-compare = Vergleich
consumption-view-details = Details
consumption-period = Zeitraum
consumption-period-day = Tag
consumption-period-month = Monat
consumption-period-year = Jahr
consumption-period-decade = 10 Jahre
consumption-date = Datum
consumption-back-day = Vorheriger Tag
consumption-back-month = Vorheriger Monat
consumption-back-year = Vorheriges Jahr
consumption-back-decade = Vorherige zehn Jahre
consumption-forward-day = Nächster Tag
consumption-forward-month = Nächster Monat
consumption-forward-year = Nächstes Jahr
consumption-forward-decade = Nächste zehn Jahre
consumption-today = Heute
consumption-total = Summe
consumption-total-title = Stromverbrauch nach Verbraucher
consumption-difference = Differenz
consumption-difference-so-far = gegenüber { $amount } im vorherigen Zeitraum bis zur gleichen Zeit
consumption-no-comparison = kein Vergleichswert
consumption-no-data = keine Daten
consumption-no-data-in = Für { $period } wurde kein Verbrauch gemessen.
consumption-no-data-hint = Vielleicht waren die Zähler noch nicht installiert oder verbunden, oder dieses Zählwerk wird hier nicht gemessen.
consumption-no-devices = Noch keine Geräte
consumption-no-devices-hint = Der Verbrauch erscheint hier, sobald Zähler hinzugefügt sind und messen.
consumption-add-devices = Geräte in der Systemkonfiguration hinzufügen
consumption-overall = Insgesamt
consumption-medium = Medium
consumption-medium-electricity = Strom
consumption-medium-gas = Gas
consumption-medium-water = Wasser
consumption-table = Tabelle
consumption-download-csv = CSV herunterladen
consumption-full-screen = Vollbild
consumption-exit-full-screen = Vollbild beenden
consumption-legend = Legende
consumption-legend-toggle = Im Diagramm zeigen oder ausblenden
consumption-legend-striped = Schraffiert: teilweise gemessen, geschätzt oder noch laufend
consumption-mark-running = läuft noch
consumption-mark-partial = teilweise gemessen
consumption-mark-estimated = teilweise über einen Ausfall geschätzt
consumption-chart-label = Diagramm: { $title }, { $period }. Die Tabelle seiner Werte folgt.
consumption-chart-keys = Pfeiltasten links und rechts: die Werte jedes Balkens
consumption-chart-failed = Das Diagramm konnte nicht geladen werden. Laden Sie die Seite neu.
consumption-slot-day = Stunde
consumption-slot-month = Tag
consumption-slot-year = Monat
consumption-slot-decade = Jahr
consumption-split-by = Aufteilen nach
consumption-by-load = Nach Verbraucher
consumption-by-group = Nach Messgruppe
consumption-by-panel_board = Nach Verteiler
consumption-all-load = Alle Verbraucher
consumption-all-group = Alle Messgruppen
consumption-all-panel_board = Alle Verteiler
consumption-no-parts-load = Noch keine Verbraucher
consumption-no-parts-group = Noch keine Messgruppen
consumption-no-parts-panel_board = Noch keine Verteiler
consumption-configure-parts = In der Systemkonfiguration einrichten
consumption-counter = Zählwerk
consumption-part = Anzeigen
consumption-layout = Darstellung
consumption-layout-stack = Gestapelt
consumption-layout-each = Je ein Diagramm
consumption-first = Erstes
consumption-second = Zweites
consumption-first-counter = Zählwerk des ersten
consumption-second-counter = Zählwerk des zweiten
consumption-compare-mode = Vergleich
consumption-compare-total = Summe
consumption-compare-details = Details
consumption-compare-difference = { $first } gegenüber { $second }
consumption-incomparable = Nicht vergleichbar
consumption-incomparable-text = „{ $first }“ und „{ $second }“ messen Verschiedenes (etwa Strom in kWh und Gas in m³). Sie ließen sich nur über die Kosten vergleichen, wofür Tarife nötig sind. Wählen Sie Zählwerke derselben Art.
consumption-kind-site = Standort
consumption-kind-device = Geräte
consumption-kind-load = Verbraucher
consumption-kind-group = Messgruppen
consumption-kind-panel_board = Verteiler
consumption-devices = Geräte
consumption-filter = Geräte anzeigen von
consumption-all-devices = Alle Geräte
consumption-no-devices-here = Kein Gerät gehört zu diesem Verbraucher oder dieser Gruppe.
consumption-details-tab = Anzeige
consumption-tab-energy = Energie
consumption-tab-quantities = Messgrößen
consumption-quantity = Messgröße
consumption-mean = Mittelwert
consumption-minimum = Minimum
consumption-maximum = Maximum
consumption-band = Bereich von Minimum bis Maximum
consumption-time = Zeit
consumption-no-quantities = Für { $device } sind keine Momentanwerte (etwa Leistung oder Spannung) aufgezeichnet.
consumption-load-air_conditioning = Klimatisierung
consumption-load-heating = Heizung
consumption-load-hot_water = Warmwasser
consumption-load-lighting = Beleuchtung
consumption-load-sockets = Steckdosen
consumption-load-ventilation = Lüftung
consumption-load-others = Sonstige

## configuration

configuration-sections = Bereiche der Konfiguration
configuration-overview = Übersicht
configuration-section-gateways = Gateways
configuration-section-links = Verbindungen
configuration-section-devices = Geräte
configuration-section-loads = Verbraucher
configuration-section-groups = Messgruppen
configuration-section-panel-boards = Verteiler
configuration-section-settings = Standorteinstellungen
configuration-section-file = Konfigurationsdatei
configuration-intro = Beschreiben Sie die Anlage in dieser Reihenfolge: zuerst die Gateways, ihre Verbindungen und die Geräte daran, dann Verbraucher, Messgruppen und Verteiler, zuletzt die Einstellungen des Standorts.
configuration-version = Gültige Konfigurationsversion: { $version }.
configuration-step-devices = Gateways und Geräte
configuration-step-devices-text = Die Umsetzer und Busse, über die die Zähler erreicht werden, und die Zähler selbst.
configuration-step-organisation = Verbraucher, Gruppen und Verteiler
configuration-step-organisation-text = Was jeder Zähler misst (ein Verbraucher), zu welchen Gruppen er gehört und in welchem Verteiler er eingebaut ist. Optional.
configuration-step-settings = Einstellungen
configuration-step-settings-text = Name des Standorts, Zeitzone, Währung, Sprache, Abtastrate und CSV-Optionen; die ganze Konfiguration als Datei.
configuration-wizard-text = Der Assistent für den ersten Start führt Sie durch Standort, Abtastrate und das Hinzufügen von Zählern per Bus-Suchlauf.
configuration-wizard-again = Assistenten für den ersten Start erneut ausführen
configuration-wizard-unfinished = Der erste Start ist noch nicht abgeschlossen.
configuration-wizard-continue = Assistenten für den ersten Start fortsetzen
configuration-choose = Nichts ausgewählt
configuration-choose-option = Bitte wählen…
configuration-choose-text = Wählen Sie einen Eintrag in der Liste, um ihn anzuzeigen und zu ändern, oder fügen Sie einen neuen hinzu.
configuration-back-to-list = Zurück zur Liste
configuration-not-found = „{ $id }“ existiert nicht (mehr).
configuration-saved = Gespeichert.
configuration-saved-restart = Die Erfassung startet mit der neuen Konfiguration neu; Werte und Zustände sind in wenigen Sekunden wieder da.
configuration-working = Bitte warten…
configuration-test = Testen
configuration-delete-title = „{ $name }“ löschen?
configuration-delete-confirm = Endgültig löschen
configuration-disable = Stattdessen deaktivieren
configuration-off = Aus
configuration-disabled-name = { $name } (deaktiviert)
configuration-none = Keiner
configuration-id = Kennung
configuration-id-help = Wird in der API und in der Konfigurationsdatei verwendet und kann später nicht geändert werden. Kleinbuchstaben, Ziffern, „_“ und „-“, beginnend mit einem Buchstaben.
configuration-id-invalid = Verwenden Sie 1 bis 64 Kleinbuchstaben, Ziffern, „_“ oder „-“, beginnend mit einem Buchstaben.
configuration-name = Name
configuration-description = Beschreibung oder Einbauort
configuration-enabled = Aktiviert
configuration-number-between = Geben Sie eine Zahl von { $min } bis { $max } ein.
configuration-number-any = Geben Sie eine Zahl ein.
configuration-ms-help = In Millisekunden.
configuration-filter-gateway = Gateway
configuration-filter-link = Verbindung
configuration-all-gateways = Alle Gateways
configuration-all-links = Alle Verbindungen
configuration-panel-board = Verteiler
configuration-test-values = { $count ->
    [one] Ein Wert gelesen um { $time }
   *[other] { $count } Werte gelesen um { $time }
}
configuration-test-caption = Vom Gerät gelieferte Werte
configuration-test-point = Messgröße
configuration-test-value = Wert
configuration-test-no-links = Dieses Gateway hat keine aktivierte Verbindung zum Testen.
configuration-link-reachable = erreichbar
configuration-link-unreachable = nicht erreichbar
configuration-gateways-intro = Ein Gateway ist ein Modbus-Umsetzer: Die Verbindungen (Busse) zu den Zählern gehören zu ihm. Das Gateway „Local“ ist dieses Gerät selbst; es kann umbenannt oder deaktiviert, aber nicht gelöscht werden.
configuration-gateway-add = Gateway hinzufügen
configuration-gateway-new = Neues Gateway
configuration-gateway-address = IP-Adresse oder Hostname
configuration-gateway-address-help = Zur Information: Jede Verbindung hat die Adresse, zu der sie sich verbindet.
configuration-gateway-address-local = Das Gateway „Local“ ist dieses Gerät; seine Adresse ist fest.
configuration-gateway-panel-board-help = Der Verteiler, in dem das Gateway eingebaut ist. Empfohlen ist ein Gateway pro Verteiler.
configuration-gateway-enabled-help = Ein deaktiviertes Gateway beendet die Abfrage aller Geräte an seinen Verbindungen.
configuration-gateway-local-help = Das Gateway „Local“ kann nicht gelöscht werden; deaktivieren Sie es, wenn dieses Gerät nur als Webserver dient.
configuration-gateway-links = Verbindungen dieses Gateways
configuration-gateway-no-links = Noch keine Verbindungen.
configuration-gateway-devices = Geräte dieses Gateways
configuration-gateway-delete-text = Das Gateway und seine Verbindungen werden gelöscht. Ein Gateway mit Geräten an seinen Verbindungen kann nicht gelöscht werden: Löschen Sie zuerst seine Geräte.
configuration-links-intro = Eine Verbindung ist ein Bus oder eine Netzwerkverbindung, über die Geräte erreicht werden: Modbus TCP, eine serielle RS-485-Schnittstelle, ein RS-485/Ethernet-Umsetzer oder eine Erfassungskarte.
configuration-link-add = Verbindung hinzufügen
configuration-link-new = Neue Verbindung
configuration-link-gateway = Gateway
configuration-link-kind = Art
configuration-kind-modbus_tcp = Modbus TCP
configuration-kind-modbus_rtu = Modbus RTU (serielle Schnittstelle)
configuration-kind-rtu_over_tcp = Modbus RTU über TCP
configuration-kind-waveform_stream = Kurvenformdaten
configuration-kind-modbus_tcp-help = Zähler oder Gateways, die im Netzwerk Modbus TCP sprechen.
configuration-kind-modbus_rtu-help = Ein RS-485-Bus an einer seriellen Schnittstelle dieses Geräts.
configuration-kind-rtu_over_tcp-help = Ein RS-485-Bus hinter einem Seriell/Ethernet-Umsetzer, der RTU-Telegramme durchreicht.
configuration-kind-waveform_stream-help = Die Abtastwerte einer Erfassungskarte, gelesen vom internen Zähler.
configuration-link-host = IP-Adresse oder Hostname
configuration-link-host-help = Des Zählers oder des Umsetzers.
configuration-link-port = TCP-Port
configuration-link-serial-port = Serielle Schnittstelle
configuration-link-serial-port-help = Die Gerätedatei der Schnittstelle, zum Beispiel /dev/ttyUSB0 (ein Name unter /dev/serial/by-id/ bleibt nach einem Neustart gleich).
configuration-link-port-in-use = belegt durch { $link }
configuration-link-baud = Baudrate
configuration-link-parity = Parität
configuration-parity-none = Keine
configuration-parity-odd = Ungerade
configuration-parity-even = Gerade
configuration-link-data-bits = Datenbits
configuration-link-stop-bits = Stoppbits
configuration-link-timeout = Antwort-Timeout
configuration-link-gap = Pause zwischen Telegrammen
configuration-link-gap-serial-help = In Millisekunden; leer für die Modbus-Pause von 3,5 Zeichen.
configuration-link-gap-tcp-help = In Millisekunden; leer für 5 ms.
configuration-link-source = Quelle
configuration-link-source-tcp = Netzwerkadresse (Host:Port)
configuration-link-source-unix = Unix-Socket
configuration-link-tcp-help = Wohin die Erfassungskarte ihre Abtastwerte sendet, zum Beispiel 127.0.0.1:7070.
configuration-link-unix-help = Der absolute Pfad des Sockets der Karte.
configuration-link-failures = Fehlgeschlagene Abfragen bis „Kommunikationsfehler“
configuration-link-failures-help = 1 bis 100 aufeinanderfolgende Fehler.
configuration-link-enabled-help = Eine deaktivierte Verbindung beendet die Abfrage aller ihrer Geräte.
configuration-link-devices = { $count ->
    [0] Keine Geräte an dieser Verbindung
    [one] Ein Gerät an dieser Verbindung
   *[other] { $count } Geräte an dieser Verbindung
}
configuration-link-delete-text = Nur eine Verbindung ohne Geräte kann gelöscht werden.
configuration-devices-intro = Alle Zähler an den Verbindungen. Wählen Sie das Modell aus der Bibliothek, die Adresse am Bus und was der Zähler misst; „Testen“ liest ihn vor oder nach dem Speichern.
configuration-devices-empty = Hier gibt es keine Geräte
configuration-devices-empty-text = Fügen Sie ein Gerät hinzu oder durchsuchen Sie einen Bus mit dem Assistenten für den ersten Start.
configuration-device-add = Gerät hinzufügen
configuration-device-new = Neues Gerät
configuration-device-what = Modell
configuration-device-where = Name und Adresse
configuration-device-organisation = Was es misst
configuration-device-link = Verbindung
configuration-device-enabled-help = Ein deaktiviertes Gerät wird nicht abgefragt; sein Verlauf bleibt erhalten.
configuration-device-delete-text = Das Gerät wird nicht mehr abgefragt. Sein Verlauf bleibt in der Datenbank.
configuration-vendor = Hersteller
configuration-vendor-other = Andere Geräte
configuration-model = Modell
configuration-profile-kind = Art
configuration-profile-aliases = Auch erhältlich als
configuration-profile-points = { $count ->
    [one] Was es misst (ein Wert)
   *[other] Was es misst ({ $count } Werte)
}
configuration-device-kind-electricity_meter = Stromzähler
configuration-device-kind-gas_meter = Gaszähler
configuration-device-kind-water_meter = Wasserzähler
configuration-profile-generic = Generischer Modbus-Zähler
configuration-profile-internal = Interner Zähler (Erfassungskarte)
configuration-profile-generic-help = Liest ein Register der bezogenen Wirkenergie; seine Adresse steht in der Dokumentation des Zählers.
configuration-profile-internal-help = ems misst selbst aus den Abtastwerten einer Erfassungskarte an einer Verbindung mit Kurvenformdaten.
configuration-unit-id = Modbus-Adresse
configuration-unit-id-help = 1 bis 247, für jedes Gerät der Verbindung verschieden.
configuration-load = Verbraucher
configuration-load-help = Was das Gerät misst; „Sonstige“, wenn es keiner der Verbraucher ist.
configuration-groups = Messgruppen
configuration-groups-legend = Messgruppen (höchstens { $max })
configuration-groups-none = Noch keine Messgruppen.
configuration-group-add = Messgruppe hinzufügen
configuration-generic = Energieregister
configuration-generic-help = Die vier Angaben stehen in der Dokumentation des Zählers.
configuration-generic-function = Funktionscode
configuration-generic-function-3 = 3 (Holding-Register)
configuration-generic-function-4 = 4 (Input-Register)
configuration-generic-register = Register (hexadezimal)
configuration-generic-register-help = Ab 0 gezählt, zum Beispiel 0x0048.
configuration-generic-words = Wörter
configuration-generic-multiplier = Multiplikator
configuration-generic-unit = Einheit nach der Multiplikation
configuration-meter = Interner Zähler
configuration-meter-wiring = Anschlussart
configuration-wiring-1p2w = Einphasig, 2 Leiter
configuration-wiring-2p3w = Zweiphasig, 3 Leiter
configuration-wiring-3p4w = Dreiphasig mit Neutralleiter, 4 Leiter
configuration-wiring-3p3w = Dreiphasig ohne Neutralleiter, 3 Leiter
configuration-wiring-3p4w_wild_leg = Dreiphasig, 4 Leiter, „High Leg“
configuration-meter-neutral = Neutralleiterstrom
configuration-neutral-auto = Automatisch
configuration-neutral-measured = Gemessen
configuration-neutral-computed = Aus den Phasen berechnet
configuration-meter-voltage = Nennspannung L-N (V)
configuration-meter-frequency = Nennfrequenz
configuration-meter-frequency-detect = Erkennen
configuration-meter-run-threshold = In Betrieb ab (W)
configuration-meter-run-threshold-help = Der Verbraucher gilt oberhalb dieser Wirkleistung als in Betrieb.
configuration-meter-tariff = Tarife
configuration-meter-tariff-choice = Tarif der Energieregister
configuration-tariff-t1 = Immer Tarif 1
configuration-tariff-t2 = Immer Tarif 2
configuration-tariff-digital_input = Über den Digitaleingang
configuration-tariff-periods = Tarif 2 in den folgenden Zeiträumen
configuration-tariff-period = Zeitraum { $number }
configuration-tariff-from = Von (HH:MM)
configuration-tariff-to = Bis (HH:MM)
configuration-tariff-add = Zeitraum hinzufügen
configuration-tariff-remove = Zeitraum { $number } entfernen
configuration-advanced = Erweiterte Optionen
configuration-exclude-totals = Von den Summen ausschließen
configuration-exclude-totals-help = Aktivieren Sie dies, wenn das, was dieses Gerät misst, auch von anderen Geräten gemessen wird, zum Beispiel ein Hauptzähler über Unterzählern: Sonst würde seine Energie in der Gesamtsumme und in den Teilsummen doppelt gezählt. Sein Verbrauch bleibt in den Details sichtbar.
configuration-exclude-alerts = Alarme ausschließen
configuration-exclude-alerts-help = Für Ereignisse dieses Geräts werden keine Alarme ausgelöst.
configuration-ct-ratio = Übersetzungsverhältnis Stromwandler
configuration-vt-ratio = Übersetzungsverhältnis Spannungswandler
configuration-ratio-help = Primär geteilt durch sekundär, zum Beispiel 20 für 100/5 A; 1 ohne Wandler.
configuration-fast-poll = Schnelle Abfrage (ms)
configuration-fast-poll-help = Wie oft Momentanwerte (Leistung, Spannung, Strom) gelesen werden.
configuration-slow-poll = Langsame Abfrage (ms)
configuration-slow-poll-help = Wie oft Zählerstände gelesen werden; nicht kürzer als die schnelle Abfrage.
configuration-device-timeout = Antwort-Timeout (ms)
configuration-device-timeout-help = Leer für den Wert der Verbindung.
configuration-loads-intro = Ein Verbraucher ist das, was ein Gerät misst: Heizung, Beleuchtung… Die vordefinierten Verbraucher können nur deaktiviert werden; fügen Sie bei Bedarf eigene hinzu. Geräte ohne Verbraucher zählen zu „Sonstige“.
configuration-load-add = Verbraucher hinzufügen
configuration-load-new = Neuer Verbraucher
configuration-load-predefined = Vordefinierter Verbraucher
configuration-load-predefined-help = Ein vordefinierter Verbraucher: Er kann aktiviert oder deaktiviert, aber nicht umbenannt oder gelöscht werden.
configuration-load-others = Sonstige
configuration-load-others-help = Geräte ohne Verbraucher. Immer vorhanden.
configuration-load-enabled-help = Ein deaktivierter Verbraucher erscheint nicht in den Verbräuchen.
configuration-load-users = { $count ->
    [0] Kein Gerät misst diesen Verbraucher.
    [one] Ein Gerät misst diesen Verbraucher.
   *[other] { $count } Geräte messen diesen Verbraucher.
}
configuration-load-delete-text = { $count ->
    [0] Der Verbraucher wird gelöscht. Sie können ihn auch behalten und deaktivieren.
   *[other] Geräte messen diesen Verbraucher: Ordnen Sie ihnen vor dem Löschen einen anderen zu, oder deaktivieren Sie ihn stattdessen.
}
configuration-load-delete-predefined = Ein vordefinierter Verbraucher kann nicht gelöscht, nur deaktiviert werden.
configuration-load-heating = Heizung
configuration-load-air_conditioning = Klimatisierung
configuration-load-hot_water = Warmwasser
configuration-load-lighting = Beleuchtung
configuration-load-sockets = Steckdosen
configuration-load-ventilation = Lüftung
configuration-groups-intro = Eine Messgruppe ist eine logische Zusammenfassung von Messstellen, zum Beispiel ein Mieter oder ein Stockwerk. Ein Gerät gehört zu höchstens 5 Gruppen.
configuration-groups-empty = Noch keine Messgruppen
configuration-groups-empty-text = Fügen Sie eine hinzu und wählen Sie sie dann im Formular jedes Geräts, das dazugehört.
configuration-group-new = Neue Messgruppe
configuration-group-enabled-help = Eine deaktivierte Gruppe erscheint nicht in den Verbräuchen.
configuration-group-users = { $count ->
    [0] Kein Gerät gehört zu dieser Gruppe.
    [one] Ein Gerät gehört zu dieser Gruppe.
   *[other] { $count } Geräte gehören zu dieser Gruppe.
}
configuration-group-delete-text = { $count ->
    [0] Die Messgruppe wird gelöscht. Sie können sie auch behalten und deaktivieren.
   *[other] Geräte gehören zu dieser Gruppe: Nehmen Sie sie vor dem Löschen heraus, oder deaktivieren Sie die Gruppe stattdessen.
}
configuration-panel-boards-intro = Ein Verteiler ist eine Schaltanlage, in der Gateways und Geräte eingebaut sind.
configuration-panel-boards-empty = Noch keine Verteiler
configuration-panel-boards-empty-text = Fügen Sie einen hinzu und wählen Sie ihn dann im Formular seines Gateways oder seiner Geräte.
configuration-panel-board-add = Verteiler hinzufügen
configuration-panel-board-new = Neuer Verteiler
configuration-panel-board-enabled-help = Ein deaktivierter Verteiler erscheint nicht in den Filtern.
configuration-panel-board-users = { $count ->
    [0] In diesem Verteiler ist nichts eingebaut.
    [one] In diesem Verteiler ist ein Gateway oder Gerät eingebaut.
   *[other] In diesem Verteiler sind { $count } Gateways und Geräte eingebaut.
}
configuration-panel-board-delete-text = { $count ->
    [0] Der Verteiler wird gelöscht. Sie können ihn auch behalten und deaktivieren.
   *[other] In diesem Verteiler sind Gateways oder Geräte eingebaut: Verlegen Sie sie vor dem Löschen, oder deaktivieren Sie den Verteiler stattdessen.
}
configuration-settings-intro = Einstellungen des ganzen Standorts. Das Speichern startet die Erfassung neu.
configuration-settings-site = Standort
configuration-site-name = Name des Standorts
configuration-time-zone = Zeitzone
configuration-time-zone-help = Tippen Sie zum Suchen, zum Beispiel „Berlin“. Tage, Monate und Jahre der Verbräuche beginnen um Mitternacht in dieser Zeitzone.
configuration-time-zone-unknown = Dieser Browser kennt diese Zeitzone nicht; prüfen Sie die Schreibweise.
configuration-time-zone-browser = Zeitzone dieses Browsers verwenden: { $zone }
configuration-currency = Währung
configuration-currency-help = Der dreibuchstabige Code nach ISO 4217, zum Beispiel EUR, CHF, GBP.
configuration-currency-invalid = Drei Großbuchstaben, zum Beispiel EUR.
configuration-language = Sprache des Standorts
configuration-language-help = Die Standardsprache von Berichten und Benachrichtigungen. Jeder Benutzer wählt die Sprache der Oberfläche weiterhin selbst.
configuration-sample-rate = Abtastrate
configuration-sample-rate-help = Wie oft Verbrauchsdaten gespeichert werden.
configuration-sample-rate-note = Eine Änderung wirkt sich nicht auf bereits gespeicherte Daten aus.
configuration-minutes = { $count ->
    [one] { $count } Minute
   *[other] { $count } Minuten
}
configuration-csv = CSV-Optionen
configuration-csv-decimal = Dezimaltrennzeichen
configuration-csv-decimal-comma = Komma (1234,5)
configuration-csv-decimal-point = Punkt (1234.5)
configuration-csv-field = Feldtrennzeichen
configuration-csv-field-semicolon = Semikolon (;)
configuration-csv-field-comma = Komma (,)
configuration-csv-preview = Der Anfang einer CSV-Datei mit diesen Optionen:
configuration-csv-both-comma = Mit Komma für beides werden Zahlen in Anführungszeichen gesetzt: Tabellenkalkulationen lesen sie, aber ein Semikolon als Feldtrennzeichen ist übersichtlicher.
configuration-file-intro = Die ganze Konfiguration des Standorts als Textdatei (TOML): um eine Kopie aufzubewahren, sie auf ein anderes Gerät zu übertragen oder zu einer früheren Version zurückzukehren.
configuration-file-export = Herunterladen
configuration-file-export-text = Jede Änderung speichert eine neue Version; jede davon kann heruntergeladen werden.
configuration-file-download = Gültige Konfiguration herunterladen
configuration-file-download-version = Version { $version } herunterladen
configuration-file-versions = Gespeicherte Versionen
configuration-file-version = Version
configuration-file-saved-at = Gespeichert
configuration-file-source = Herkunft
configuration-file-in-force = (gültig)
configuration-source-seed = die erste Konfiguration
configuration-source-import = eine importierte Datei
configuration-source-demo = die Demonstration
configuration-source-api = eine Änderung in der Oberfläche oder der API
configuration-file-import = Importieren
configuration-file-import-text = Eine Datei ersetzt die ganze Konfiguration. Sie wird zuerst geprüft: Ist etwas falsch, ändert sich nichts, und jeder Fehler wird mit seiner Stelle in der Datei aufgeführt.
configuration-file-choose = Konfigurationsdatei (.toml)
configuration-file-import-button = Importieren und anwenden
configuration-file-confirm-title = Die ganze Konfiguration ersetzen?
configuration-file-confirm-text = Die Konfiguration aus { $name } ersetzt die gültige, und die Erfassung startet damit neu. Die bisherige Konfiguration bleibt als Version erhalten.
configuration-file-imported = Version { $version } ist jetzt gültig.
configuration-file-unchanged = Die Datei entspricht der gültigen Version { $version }: Es hat sich nichts geändert.

## wizard

wizard-step-code = Einrichtungscode
wizard-step-admin = Administrator
wizard-step-site = Standort
wizard-step-rate = Abtastrate
wizard-step-devices = Gateways und Geräte
wizard-step-done = Fertig
wizard-step-of = Schritt { $number } von { $count }
wizard-code-text = Es gibt noch keinen Administrator. Geben Sie den Einrichtungscode ein, um einen anzulegen.
wizard-code-where = Wo finde ich den Einrichtungscode?
wizard-code-where-text = ems gibt ihn aus, wenn es ohne Administrator startet: auf seiner Konsole und in seinem Protokoll (zum Beispiel „journalctl -u ems“). Er gilt einmal und verfällt nach 24 Stunden; ein Neustart von ems gibt einen neuen aus.
wizard-code = Einrichtungscode
wizard-code-help = Groß- und Kleinschreibung, Leerzeichen und Bindestriche spielen keine Rolle.
wizard-admin-text = Der Administrator darf alles, auch weitere Benutzer anlegen. Es gibt kein voreingestelltes Konto.
wizard-admin-name = Name des Administrators
wizard-admin-repeat = Passwort wiederholen
wizard-admin-create = Administrator anlegen
wizard-site-text = Der Name des Standorts und wie seine Werte angezeigt werden.
wizard-rate-text = Wie oft ems Verbrauchsdaten speichert. 15 Minuten passen für die meisten Standorte; kürzere Raten brauchen mehr Platz.
wizard-devices-text = Fügen Sie die Zähler hinzu: Wählen Sie den Bus, an dem sie hängen, und durchsuchen Sie ihn nach antwortenden Modbus-Adressen, oder wählen Sie jeden Zähler aus der Bibliothek.
wizard-bus = Bus
wizard-bus-new = Ein neuer Bus
wizard-gateway-new = Ein neues Gateway…
wizard-gateway-name = Name des neuen Gateways
wizard-how = Wie Zähler hinzugefügt werden
wizard-scan = Bus durchsuchen
wizard-scan-text = Jede Modbus-Adresse des Bereichs wird nacheinander abgefragt; Zähler mit Identifikationsregistern werden erkannt. In die Zähler wird nichts geschrieben.
wizard-scan-from = Erste Adresse
wizard-scan-to = Letzte Adresse
wizard-scan-start = Suchlauf starten
wizard-scan-stop = Anhalten
wizard-scan-progress-label = Fortschritt des Suchlaufs
wizard-scan-running = Adresse { $probed } von { $total } abgefragt; bisher haben { $found } geantwortet.
wizard-scan-done = Suchlauf beendet: { $total } Adressen abgefragt, { $found } haben geantwortet.
wizard-scan-cancelled = Suchlauf nach { $probed } von { $total } Adressen angehalten; { $found } haben geantwortet.
wizard-scan-failed = Der Suchlauf ist nach { $probed } von { $total } Adressen fehlgeschlagen.
wizard-scan-none = Kein Gerät hat geantwortet. Prüfen Sie die Verdrahtung, die Bus-Einstellungen und die Adressen der Zähler.
wizard-found = { $count ->
    [one] Ein Gerät hat geantwortet
   *[other] { $count } Geräte haben geantwortet
}
wizard-col-add = Hinzufügen
wizard-row-add = Gerät an Adresse { $unit } hinzufügen
wizard-row-model = Modell des Geräts an Adresse { $unit }
wizard-row-name = Name des Geräts an Adresse { $unit }
wizard-row-load = Verbraucher des Geräts an Adresse { $unit }
wizard-row-test = Gerät an Adresse { $unit } testen
wizard-row-unknown = Antwortet, Modell unbekannt
wizard-row-several = Mehrere Modelle passen
wizard-row-exception = (Modbus-Ausnahme { $code })
wizard-row-configured = Bereits eingerichtet als „{ $name }“
wizard-unit-name = Gerät { $unit }
wizard-add-selected = { $count ->
    [0] Ausgewählte Geräte hinzufügen
    [one] Ausgewähltes Gerät hinzufügen
   *[other] Die { $count } ausgewählten Geräte hinzufügen
}
wizard-added = { $count ->
    [one] Ein Gerät hinzugefügt.
   *[other] { $count } Geräte hinzugefügt.
}
wizard-library = Aus der Bibliothek hinzufügen
wizard-library-text = Wählen Sie Hersteller und Modell, dann die am Zähler eingestellte Modbus-Adresse.
wizard-library-add = Gerät hinzufügen
wizard-library-added = „{ $name }“ hinzugefügt.
wizard-added-title = { $count ->
    [0] In diesem Assistenten hinzugefügt: noch keine
    [one] In diesem Assistenten hinzugefügt: ein Gerät
   *[other] In diesem Assistenten hinzugefügt: { $count } Geräte
}
wizard-added-none = { $count ->
    [0] Der Standort hat noch keine Geräte.
    [one] Der Standort hat bereits ein Gerät.
   *[other] Der Standort hat bereits { $count } Geräte.
}
wizard-done-text = Der Standort ist eingerichtet und die Erfassung läuft. Alles lässt sich später in der Systemkonfiguration ändern.
wizard-done-next = Wie es weitergeht
wizard-done-users = Benutzer hinzufügen

## field rules

field-rule-syntax = Dies ist kein gültiges TOML (Zeile { $line }, Spalte { $column }).
field-rule-required = Dieser Wert ist erforderlich.
field-rule-missing_section = Der Abschnitt [site] fehlt.
field-rule-unknown_key = Dieser Schlüssel ist hier nicht bekannt.
field-rule-type = { $expected ->
    [none] Falscher Typ: { $found } ist hier nicht zulässig.
   *[other] Erwartet: { $expected }; angegeben: { $found }.
}
field-rule-type-string = Text
field-rule-type-integer = eine ganze Zahl
field-rule-type-number = eine Zahl
field-rule-type-float = eine Dezimalzahl
field-rule-type-boolean = wahr oder falsch
field-rule-type-date_time = ein Datum mit Uhrzeit
field-rule-type-array = eine Liste
field-rule-type-table = eine Gruppe von Einstellungen
field-rule-type-null = kein Wert
field-rule-not_allowed = Wählen Sie { $allowed }.
field-rule-out_of_range = { $min ->
    [none] { $above ->
        [none] Höchstens { $max }.
       *[other] { $max ->
            [none] Muss größer als { $above } sein.
           *[other] Muss größer als { $above } und höchstens { $max } sein.
        }
    }
   *[other] { $max ->
        [none] Mindestens { $min }.
       *[other] Muss zwischen { $min } und { $max } liegen.
    }
}
field-rule-empty = Darf nicht leer sein.
field-rule-too_long = Höchstens { $max } Zeichen.
field-rule-too_short = Mindestens { $min } Zeichen.
field-rule-too_many = Es sind höchstens { $max } möglich.
field-rule-pattern = { $format ->
    [id] Verwenden Sie 1 bis 64 Kleinbuchstaben, Ziffern, „_“ oder „-“, beginnend mit einem Buchstaben.
    [host] Geben Sie eine IP-Adresse oder einen Hostnamen ein.
    [host_port] Geben Sie Host und Port ein, z. B. 192.168.1.20:7070.
    [serial_port] Geben Sie eine serielle Schnittstelle wie /dev/ttyUSB0 ein.
    [socket_path] Geben Sie einen absoluten Socket-Pfad wie /run/ems/board.sock ein.
    [currency] Geben Sie einen Währungscode aus drei Großbuchstaben ein, z. B. EUR.
    [register] Geben Sie eine hexadezimale Registeradresse wie 0x0048 ein.
    [time_of_day] Geben Sie eine Uhrzeit als HH:MM ein, von 00:00 bis 24:00.
    [date] Geben Sie ein Datum als JJJJ-MM-TT ein.
    [decimal] Geben Sie eine Dezimalzahl wie 0.2345 ein, mit höchstens sechs Nachkommastellen.
    [colour] Geben Sie eine Farbe als #rrggbb ein, etwa #d55e00.
    [time] Geben Sie eine Zeit mit Zeitversatz ein, z. B. 2026-11-21T10:00:00+01:00.
    [instant] Geben Sie ein Datum (JJJJ-MM-TT) oder eine Zeit mit Zeitversatz ein.
    [scope] Geben Sie site, device:<id>, load:<id>, group:<id> oder panel_board:<id> ein.
    [user_name] Verwenden Sie sichtbare Zeichen, ohne Leerzeichen am Anfang oder Ende.
   *[other] Dies hat nicht die erwartete Form.
}
field-rule-unknown_reference = { $kind ->
    [link] Es gibt keine Verbindung „{ $value }“.
    [gateway] Es gibt kein Gateway „{ $value }“.
    [load] Es gibt keinen Verbraucher „{ $value }“.
    [measure_group] Es gibt keine Messgruppe „{ $value }“.
    [panel_board] Es gibt keinen Verteiler „{ $value }“.
    [profile] Das Modell „{ $value }“ ist nicht in der Gerätebibliothek.
    [unit] „{ $value }“ ist keine bekannte Einheit.
    [time_zone] „{ $value }“ ist keine bekannte Zeitzone.
    [tariff] Es gibt keinen Tarif „{ $value }“.
    [device] Es gibt kein Gerät „{ $value }“.
    [point] „{ $value }“ ist keine bekannte Messgröße.
   *[other] „{ $value }“ existiert nicht.
}
field-rule-duplicate = „{ $value }“ wird bereits verwendet; der Wert muss eindeutig sein.
field-rule-order = Muss nach „{ $other }“ liegen.
field-rule-link_kind = { $kind ->
    [waveform_stream] Kurvenformdaten werden nur von einem internen Zähler gelesen.
   *[other] Ein interner Zähler liest Kurvenformdaten, keine Verbindung dieser Art.
}
field-rule-not_applicable = Dies gilt hier nicht; lassen Sie es weg.
field-rule-fixed = Dies lässt sich nicht ändern; es bleibt „{ $value }“.
field-rule-reserved = „{ $value }“ ist für ems reserviert.
field-rule-cannot_remove = Dies ist immer vorhanden: Es lässt sich deaktivieren, aber nicht entfernen.
field-rule-non_zero = Geben Sie eine Zahl ungleich 0 ein.
field-rule-common_password = Dies ist eines der häufigsten Passwörter; wählen Sie ein anderes.
field-rule-guessable_password = Das Passwort darf nicht der Name des Benutzers oder des Produkts sein.
field-rule-invalid = Nicht zulässig: { $reason }
field-rule-no_counter = Das Gerät „{ $value }“ erfasst „{ $point }“ nicht.

## tariffs editor
# Die Verbrauchsabrechnung (Systemkonfiguration → Tarife): Tarife, Kostenregeln, Entgelte, Neubewertung.

configuration-section-tariffs = Tarife
tariffs-intro = Die Verbrauchsabrechnung: für Strom, Gas und Wasser die Tarife mit ihren Preisen und die Kostenregeln, die zwischen ihnen wählen. Kosten werden nur berechnet, wo eine Regel gilt.
tariffs-commodities = Medien
tariffs-commodity-electricity = Strom
tariffs-commodity-gas = Gas
tariffs-commodity-water = Wasser
tariffs-has-errors = (enthält Fehler)
tariffs-currency = Preise und Entgelte sind in { $currency } ({ $name }), der Währung des Standorts.
tariffs-currency-change = Ändern Sie sie in den Standorteinstellungen.
tariffs-gas-factor = Umrechnungsfaktor (kWh je m³)
tariffs-gas-factor-help = Wie auf Ihrer Gasrechnung angegeben. Gas wird dann auch in kWh-Äquivalent angezeigt; lassen Sie das Feld leer, wenn Sie ihn nicht kennen.
tariffs-tariffs = Tarife
tariffs-tariffs-help = Jeder Tarif hat einen Namen, eine Farbe für Diagramme und einen oder mehrere Preise je { $unit } in { $currency }, jeder gültig ab einem Datum.
tariffs-no-tariffs = Keine Tarife
tariffs-no-tariffs-text = Fügen Sie einen Tarif hinzu, dann eine Regel, die ihn wählt.
tariffs-empty-title = Kein Vertrag für { $commodity }
tariffs-empty-text = Ohne Kostenregeln werden für { $commodity } keine Kosten berechnet. Fügen Sie einen Tarif hinzu (Name, Farbe und Preis), dann eine Regel, die ihn wählt.
tariffs-add-tariff = Tarif hinzufügen
tariffs-new = Neu, noch nicht gespeichert
tariffs-price-per = { $price } je { $unit }
tariffs-price-from = ab { $date }
tariffs-price-always = von Anfang an
tariffs-edit-tariff = { $name } bearbeiten
tariffs-close-form = { $name } schließen
tariffs-delete-tariff = { $name } löschen
tariffs-tariff-used = { $count ->
    [one] Von Regel { $rules } verwendet: Er kann nicht gelöscht werden. Ändern oder löschen Sie zuerst diese Regel.
   *[other] Von den Regeln { $rules } verwendet: Er kann nicht gelöscht werden. Ändern oder löschen Sie zuerst diese Regeln.
}
tariffs-tariff-deleted = Tarif { $name } gelöscht. Speichern Sie, um diese Änderung zu übernehmen.
tariffs-tariff-form = Tarif { $name }
tariffs-name = Name
tariffs-id = Kennung: { $id }.
tariffs-id-new = Sie wird aus dem Namen gebildet und kann nach dem Speichern nicht mehr geändert werden, weil die Kosten unter ihr gespeichert werden.
tariffs-id-fixed = Sie kann nicht geändert werden: Die Kosten werden unter ihr gespeichert.
tariffs-colour = Farbe
tariffs-colour-blue = Blau
tariffs-colour-orange = Orange
tariffs-colour-bluish_green = Blaugrün
tariffs-colour-reddish_purple = Rötliches Purpur
tariffs-colour-sky_blue = Himmelblau
tariffs-colour-vermillion = Zinnoberrot
tariffs-colour-yellow = Gelb
tariffs-colour-black = Schwarz
tariffs-colour-code = Farbcode
tariffs-colour-code-help = Eine beliebige Farbe als #rrggbb, zum Beispiel #d55e00. Die Farben oben sind bei allen häufigen Farbsehschwächen unterscheidbar.
tariffs-colour-pick = Farbe auswählen
tariffs-prices = Preise ({ $currency } je { $unit })
tariffs-prices-title = Preise
tariffs-prices-help = Ein Preis gilt ab seinem Datum bis zum Datum des nächsten Preises; ein neuer Preis ändert bereits berechnete Kosten nie. Ein Preis darf ohne Datum sein: Er gilt von Anfang an.
tariffs-price-n = Preis { $n }
tariffs-price-valid-from = Gültig ab
tariffs-price-valid-from-help = Leer: von Anfang an.
tariffs-price = Preis ({ $currency } je { $unit })
tariffs-remove-price = Preis { $n } entfernen
tariffs-add-price = Preis hinzufügen
tariffs-rules = Kostenregeln
tariffs-rules-help = Die Regeln werden von oben geprüft: Die erste Regel, deren Bedingungen alle erfüllt sind, wählt den Tarif. Stellen Sie Ausnahmen wie Feiertage an den Anfang.
tariffs-feed-in = Einspeisung
tariffs-feed-in-text = Was der ins Netz eingespeiste Strom erlöst: ein eigener Plan mit seinen Tarifen und Regeln.
tariffs-feed-in-tariffs = Einspeisetarife
tariffs-feed-in-rules = Einspeiseregeln
tariffs-check-at = Anderen Zeitpunkt prüfen (Ortszeit des Standorts, { $zone })
tariffs-check = Prüfen
tariffs-check-now = Zurück zu jetzt
tariffs-explain-unsaved = Die Regeln haben ungespeicherte Änderungen: Speichern Sie sie, um zu sehen, welche Regel gilt.
tariffs-explain-none = Am { $time } gilt keine Regel: Dann wird nichts bewertet.
tariffs-explain-now = Jetzt ({ $time }) gilt Regel { $rule }: { $price } je { $unit }.
tariffs-explain-at = Am { $time } gilt Regel { $rule }: { $price } je { $unit }.
tariffs-applies-now = Gilt jetzt
tariffs-applies-then = Gilt zu diesem Zeitpunkt
tariffs-skipped = Gilt nicht: { $reasons }.
tariffs-cause-outside_validity = außerhalb ihrer Gültigkeit
tariffs-cause-outside_time_frame = außerhalb ihrer Tageszeit
tariffs-cause-weekday_not_chosen = { $day } ist keiner ihrer Tage
tariffs-rule-n = Regel { $n }
tariffs-rule-always = immer
tariffs-rule-period = { $from } bis { $to }
tariffs-rule-since = ab { $from }
tariffs-rule-on = am { $date }
tariffs-rule-every-year = { $period } jedes Jahr
tariffs-move-up = Nach oben
tariffs-move-down = Nach unten
tariffs-rule-moved = Regel { $name } an Position { $position } von { $count } verschoben.
tariffs-rule-deleted = Regel { $position } gelöscht. Speichern Sie, um diese Änderung zu übernehmen.
tariffs-add-rule = Regel hinzufügen
tariffs-no-rules = Keine Kostenregeln
tariffs-no-rules-text = Ohne Regeln werden für { $commodity } keine Kosten berechnet. Fügen Sie eine Regel hinzu, die einen Tarif wählt.
tariffs-rule-form = Regel { $n }
tariffs-rule-tariff = Tarif
tariffs-choose-tariff = Tarif wählen
tariffs-validity = Gültigkeit
tariffs-validity-always = Immer
tariffs-validity-period = Zwischen zwei Daten
tariffs-validity-from = Von
tariffs-validity-to = Bis (einschließlich)
tariffs-validity-to-help = Leer: ohne Ende.
tariffs-repeat = Jedes Jahr wiederholen
tariffs-repeat-help = Nur Tag und Monat zählen, wie bei Feiertagen; erfordert ein Enddatum.
tariffs-time = Tageszeit
tariffs-time-all = Ganztägig
tariffs-time-frame = Von einer Uhrzeit bis zu einer Uhrzeit
tariffs-time-from = Von
tariffs-time-to = Bis (Minute einschließlich)
tariffs-time-help = Die letzte Minute ist eingeschlossen: 08:00 bis 18:59 endet um 19:00. Ein Ende vor dem Beginn geht über Mitternacht.
tariffs-days = Wochentage
tariffs-days-help = Alle angekreuzt: jeden Tag. Es zählt der Tag des örtlichen Datums.
tariffs-charges = Feste Entgelte
tariffs-standing = Grundpreis
tariffs-standing-help = Ein fester Betrag für jeden Tag oder Monat, unabhängig vom Verbrauch.
tariffs-standing-none = Keiner
tariffs-standing-day = Je Tag
tariffs-standing-month = Je Monat
tariffs-standing-amount = Betrag ({ $currency })
tariffs-demand = Leistungspreis ({ $currency } je kW und Monat)
tariffs-demand-title = Leistungspreis
tariffs-demand-help = Optional: berechnet auf die höchste 15-Minuten-Mittelleistung des Monats. Leer: keiner.
tariffs-past = Vergangene Kosten
tariffs-past-text = Gespeicherte Änderungen bewerten die ab dann erfassten Daten; bereits berechnete Kosten bleiben, wie sie waren. Um eine Korrektur auf vergangene Tage anzuwenden, bewerten Sie diese neu.
tariffs-reprice = Vergangene Tage neu bewerten…
tariffs-reprice-title = Vergangene Tage neu bewerten
tariffs-reprice-text = Die an diesen Tagen erfassten Intervalle werden mit den jetzt gespeicherten Tarifen und Regeln neu bewertet und ihre bisherigen Kosten ersetzt. Andere Tage behalten ihre.
tariffs-reprice-from = Erster Tag
tariffs-reprice-to = Letzter Tag (einschließlich)
tariffs-reprice-confirm = Neu bewerten
tariffs-repricing = Wird bewertet…
tariffs-repriced = { $count ->
    [one] { $count } Intervall neu bewertet ({ $from } bis { $to }).
   *[other] { $count } Intervalle neu bewertet ({ $from } bis { $to }).
}
tariffs-saved-text = Ab jetzt werden neue Daten mit diesen Tarifen bewertet; bereits berechnete Kosten bleiben, wie sie waren.
tariffs-unsaved = Ungespeicherte Änderungen
tariffs-not-saved = Nicht gespeichert: Gründe ansehen.
tariffs-all-saved = Keine ungespeicherten Änderungen
tariffs-discard = Änderungen verwerfen
tariffs-leave = Diese Seite verlassen? Ihre Änderungen an den Tarifen sind nicht gespeichert.

## consumption tariffs
# Verbräuche → Tarife (was der Verbrauch kostete, nach Tarif) und die Gesamtkosten in der Gesamtsumme.

consumption-view-tariffs = Tarife
consumption-tariffs-show = Tarifansicht
consumption-tariffs-show-total = Gesamt
consumption-tariffs-show-details = Details
consumption-tariffs-commodity = Medium
consumption-tariffs-point-energy_active_import = Strom
consumption-tariffs-point-energy_active_export = Einspeisung
consumption-tariffs-point-gas_volume = Gas
consumption-tariffs-point-water_volume = Wasser
consumption-tariffs-title-energy_active_import = Kosten des bezogenen Stroms, nach Tarif
consumption-tariffs-title-energy_active_export = Einspeiseerlös, nach Tarif
consumption-tariffs-title-gas_volume = Kosten des Gases, nach Tarif
consumption-tariffs-title-water_volume = Kosten des Wassers, nach Tarif
consumption-tariffs-scope = Kosten von
consumption-tariffs-filter = Angezeigte Tarife
consumption-tariffs-no-data = keine Daten in diesem Zeitraum
consumption-tariffs-tariff = Tarif
consumption-tariffs-amount = Menge
consumption-tariffs-cost = Kosten
consumption-tariffs-revenue = Erlös
consumption-tariffs-share = Anteil
consumption-tariffs-total-cost = Gesamtkosten
consumption-tariffs-total-revenue = Gesamterlös
consumption-tariffs-pie-label = Ringdiagramm: { $title }: { $slices }. Die Tabelle daneben nennt Mengen und Kosten.
consumption-tariffs-none-shown = Kein Tarif ausgewählt: Wählen Sie oben mindestens einen.
consumption-tariffs-nothing-priced = In diesem Zeitraum wurde nichts bewertet.
consumption-tariffs-unpriced = { $amount } nicht bewertet: Keine Kostenregel deckt diese Zeiten ab, oder ihr Tarif hatte noch keinen Preis. Prüfen Sie die Verbrauchsabrechnung.
consumption-tariffs-open-bill = Verbrauchsabrechnung öffnen
consumption-tariffs-no-contract = Keine Kosten ohne Verbrauchsabrechnung
consumption-tariffs-no-contract-hint = Kosten erscheinen hier, sobald die Tarife und Kostenregeln des Vertrags unter Systemkonfiguration → Tarife eingetragen sind. Wenden Sie sich an Ihren Installateur oder Administrator, wenn Sie sie nicht öffnen können.
consumption-tariffs-enter-bill = Verbrauchsabrechnung eintragen
consumption-tariffs-no-scopes = Noch misst kein Gerät, kein Verbraucher und keine Gruppe Strom, Gas oder Wasser.
consumption-overall-costs = Gesamtkosten
consumption-overall-commodity = Medium
consumption-overall-amount = Menge
consumption-overall-cost = Kosten
consumption-overall-row-energy_active_import = Bezogener Strom
consumption-overall-row-energy_active_export = Eingespeister Strom
consumption-overall-row-gas_volume = Gas
consumption-overall-row-water_volume = Wasser
consumption-overall-equivalent = entspricht { $amount }
consumption-overall-unpriced = davon { $amount } nicht bewertet
consumption-overall-revenue = Erlös
consumption-overall-not-priced = nicht bewertet
consumption-overall-bought = Kosten des Bezugs
consumption-overall-fed-in = Erlös der Einspeisung
consumption-overall-standing = Grundgebühren des bisherigen Zeitraums
consumption-overall-total = Summe mit Grundgebühren (vor dem Einspeiseerlös)
consumption-overall-no-costs = Keine Kosten: Dafür ist eine Verbrauchsabrechnung nötig.
consumption-overall-some-unpriced = Ein Teil des Zeitraums wurde nicht bewertet: Keine Kostenregel deckt diese Zeiten ab, oder ihr Tarif hatte noch keinen Preis. Die Kosten oben enthalten ihn nicht.

## demand charge

tariffs-demand-meter = Zähler am Netzanschlusspunkt
tariffs-demand-meter-help = Der Zähler am Netzanschlusspunkt, an dem der Netzbetreiber die Spitzenleistung misst (kein Unterzähler). Erforderlich, wenn ein Preis angegeben ist.
tariffs-demand-meter-choose = Zähler auswählen
consumption-demand = Leistungspreis
consumption-demand-month = Leistungspreis, { $month }
consumption-demand-peak = Spitze { $power } am { $at }
consumption-demand-no-peak = keine Messwerte des Zählers am Netzanschlusspunkt
consumption-demand-total = Summe mit { $standing ->
    [yes] Grundgebühren und Leistungspreis
   *[no] Leistungspreis
} (vor dem Einspeiseerlös)
