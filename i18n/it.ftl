# ems: italiano.

## app

app-loading = Caricamento…
app-language = Lingua
app-menu = Menu
app-cancel = Annulla
app-save = Salva
app-saved = Salvato.
app-add = Aggiungi
app-edit = Modifica
app-delete = Elimina
app-close = Chiudi
app-back = Indietro
app-next = Avanti
app-retry = Riprova
app-reload = Ricarica
app-skip-to-content = Vai al contenuto
app-not-found = Questa pagina non esiste.
app-go-home = Vai alla pagina iniziale
app-page-not-allowed = Il tuo account non può aprire questa pagina. Un amministratore può darti il permesso.
app-unreachable = Il server ems non risponde. Controlla la rete e riprova.

## auth

auth-name = Nome
auth-password = Password
auth-sign-in-title = Accedi a ems
auth-sign-in = Accedi
auth-sign-out = Esci
auth-lock = Blocca
auth-unlock = Sblocca
auth-locked-title = Bloccato
auth-locked-text = Questa sessione di { $name } è bloccata. Digita la password per continuare.
auth-leave-title = Uscire o bloccare?
auth-leave-text = Uscendo la sessione termina. Bloccando la sessione resta aperta e tutto viene nascosto finché non si digita di nuovo la password.
auth-reason-session-ended = La sessione è terminata. Accedi di nuovo.
auth-reason-signed-out = Sei uscito.

## account

account-role = Ruolo
account-pages = Pagine
account-change-password = Cambia la password
account-current-password = Password attuale
account-new-password = Nuova password
account-repeat-password = Ripeti la nuova password
account-password-rules = Almeno 8 caratteri; non una password comune, non il tuo nome.
account-passwords-differ = Le due password sono diverse.
account-password-changed = La password è cambiata. Le altre tue sessioni sono terminate.

## pages

page-panel-board = Il mio quadro
page-consumption = Consumi
page-configuration = Configurazione del sistema
page-users = Utenti
page-audit = Registro di controllo
page-system = Informazioni di sistema
page-tokens = Token API
page-account = Il mio account
page-wizard = Primo avvio

# The page rights a user can be given (as in the users page).
page-name-web_server_configuration = Configurazione del web server
page-name-system_configuration = Configurazione del sistema
page-name-my_panel_board = Il mio quadro
page-name-consumption = Consumi
page-name-ev_charging = Ricarica veicoli elettrici
page-name-reports_download = Scarico dei report
page-name-alarms = Allarmi

## roles

role-administrator = Amministratore
role-ev_manager = Gestore della ricarica
role-installer = Installatore
role-viewer = Visualizzatore

## device status

status-on = Acceso
status-off = Spento
status-communication_error = Errore di comunicazione
status-waiting = In attesa della prima lettura

## errors

error-unauthenticated = Non hai effettuato l’accesso, o la sessione è terminata.
error-session_locked = La sessione è bloccata.
error-invalid_credentials = Il nome o la password sono errati.
error-too_many_attempts = Troppi tentativi.
error-forbidden = Il tuo account non può farlo.
error-csrf_rejected = La richiesta è stata rifiutata perché proviene da un altro sito. Ricarica la pagina.
error-token_not_allowed = Un token API non può farlo; accedi con nome e password.
error-not_found = Non esiste (più).
error-bad_request = La richiesta non è leggibile.
error-invalid = Alcuni valori non sono accettati.
error-conflict = È in conflitto con quanto memorizzato.
error-changed = Qualcun altro l’ha modificato dopo che l’hai aperto e non è stato salvato nulla. Ricarica per vederlo com’è ora: le modifiche che hai fatto qui andranno perse.
error-weak_password = La password è troppo debole.
error-setup_refused = Il codice di configurazione è errato o scaduto.
error-payload_too_large = Quanto inviato è troppo grande.
error-timeout = Il server ha impiegato troppo tempo.
error-device_unreachable = Il dispositivo non risponde.
error-unavailable = Il server non può farlo ora.
error-internal = Qualcosa non ha funzionato nel server.
error-network = Il server ems non risponde. Controlla la rete e riprova.
error-retry-after = Attendi { $seconds } secondi prima di riprovare.
error-suggestion = Intendevi «{ $value }»?

## panel

panel-devices = Dispositivi
panel-show = Mostra
panel-show-all = Tutti i dispositivi
panel-show-gateways = Gateway
panel-show-panel-boards = Quadri elettrici
panel-none-shown = Nessun dispositivo è installato qui.
panel-no-devices = Ancora nessun dispositivo
panel-no-devices-add = Aggiungili in Configurazione del sistema
panel-no-devices-ask = Un installatore o un amministratore li aggiunge in Configurazione del sistema.
panel-unit-id = Indirizzo { $unit }
panel-since = da { $time }
panel-address = Indirizzo Modbus
panel-gateway = Gateway
panel-panel-board = Quadro elettrico
panel-status = Stato
panel-last-error = Ultimo errore
panel-device-unknown = Non esiste alcun dispositivo “{ $device }”.
panel-device-gone = Questo dispositivo non esiste più: è stato tolto dalla configurazione.
panel-device-off = Questo dispositivo è disattivato: non viene letto.
panel-connecting = Connessione ai valori in tempo reale…
panel-live = In tempo reale
panel-last-reading = ultima lettura { $time }
panel-reconnecting = La connessione in tempo reale si è interrotta.
panel-reconnecting-in = Nuovo tentativo tra { $seconds } s. I valori mostrati potrebbero non essere aggiornati.
panel-reconnect-now = Riconnetti ora
panel-no-values = Ancora nessun valore
panel-no-values-help = I valori compaiono dopo la prima lettura del dispositivo.
panel-no-value = non è un numero
panel-quantity = Grandezza
panel-value = Valore
panel-min = Minimo
panel-max = Massimo
panel-quality-stale = non aggiornato
panel-quality-derived = calcolato
panel-quality-bad = non plausibile
panel-quality-legend = Che cosa significano i segni accanto ai valori
panel-quality-stale-help = L’ultimo valore letto prima che il dispositivo smettesse di rispondere.
panel-quality-derived-help = Calcolato da ems a partire da altri valori, non letto dal dispositivo.
panel-quality-bad-help = Letto dal dispositivo ma fuori dall’intervallo plausibile.
panel-harmonics = Armoniche
panel-harmonics-of = Armoniche di
panel-harmonics-voltage = Tensione
panel-harmonics-current = Corrente
panel-harmonics-table = Tabella
panel-harmonics-caption-voltage = Armoniche di tensione in % della fondamentale
panel-harmonics-caption-current = Armoniche di corrente in % della fondamentale
panel-harmonics-order = Ordine
panel-harmonics-fundamental = Fondamentale (RMS)
panel-harmonics-order-n = Ordine { $order }
panel-harmonics-order-at = Ordine { $order } ({ $frequency })
panel-harmonics-measured = Misurato { $time }
panel-harmonics-fundamental-at = fondamentale { $frequency }
panel-harmonics-stale = ultimo spettro prima che il dispositivo smettesse di rispondere
panel-harmonics-no-share = nessuna fondamentale
panel-harmonics-none-yet = Nessuna armonica ancora misurata: compaiono quando il contatore analizza le sue forme d’onda.
panel-harmonics-chart-voltage = Grafico a barre delle armoniche di tensione di { $phases }, ordini da 2 a { $max }, in % della fondamentale; i valori sono nella tabella.
panel-harmonics-chart-current = Grafico a barre delle armoniche di corrente di { $phases }, ordini da 2 a { $max }, in % della fondamentale; i valori sono nella tabella.

## points

point-group-energy = Energia
point-group-volume = Volume
point-group-power = Potenza
point-group-voltage = Tensione
point-group-current = Corrente
point-group-frequency = Frequenza
point-group-power_factor = Fattore di potenza
point-group-thd = Distorsione armonica (THD)
point-group-other = Altri valori
point-voltage_l1 = Tensione L1-N
point-voltage_l2 = Tensione L2-N
point-voltage_l3 = Tensione L3-N
point-voltage_ln_average = Tensione L-N, media
point-voltage_l1_l2 = Tensione L1-L2
point-voltage_l2_l3 = Tensione L2-L3
point-voltage_l3_l1 = Tensione L3-L1
point-voltage_ll_average = Tensione L-L, media
point-voltage_unbalance = Squilibrio di tensione
point-current_l1 = Corrente L1
point-current_l2 = Corrente L2
point-current_l3 = Corrente L3
point-current_n = Corrente di neutro
point-current_average = Corrente, media
point-active_power = Potenza attiva
point-active_power_l1 = Potenza attiva L1
point-active_power_l2 = Potenza attiva L2
point-active_power_l3 = Potenza attiva L3
point-reactive_power = Potenza reattiva
point-reactive_power_l1 = Potenza reattiva L1
point-reactive_power_l2 = Potenza reattiva L2
point-reactive_power_l3 = Potenza reattiva L3
point-apparent_power = Potenza apparente
point-apparent_power_l1 = Potenza apparente L1
point-apparent_power_l2 = Potenza apparente L2
point-apparent_power_l3 = Potenza apparente L3
point-active_power_demand = Potenza media
point-active_power_demand_peak = Picco di potenza media
point-power_factor = Fattore di potenza
point-power_factor_l1 = Fattore di potenza L1
point-power_factor_l2 = Fattore di potenza L2
point-power_factor_l3 = Fattore di potenza L3
point-frequency = Frequenza
point-thd_voltage_l1 = THD tensione L1-N
point-thd_voltage_l2 = THD tensione L2-N
point-thd_voltage_l3 = THD tensione L3-N
point-thd_voltage_l1_l2 = THD tensione L1-L2
point-thd_voltage_l2_l3 = THD tensione L2-L3
point-thd_voltage_l3_l1 = THD tensione L3-L1
point-thd_current_l1 = THD corrente L1
point-thd_current_l2 = THD corrente L2
point-thd_current_l3 = THD corrente L3
point-energy_active_import = Energia attiva prelevata
point-energy_active_export = Energia attiva immessa
point-energy_active_import_t1 = Energia attiva prelevata, tariffa 1
point-energy_active_import_t2 = Energia attiva prelevata, tariffa 2
point-energy_active_export_t1 = Energia attiva immessa, tariffa 1
point-energy_active_export_t2 = Energia attiva immessa, tariffa 2
point-energy_active_import_l1 = Energia attiva prelevata L1
point-energy_active_import_l2 = Energia attiva prelevata L2
point-energy_active_import_l3 = Energia attiva prelevata L3
point-energy_active_export_l1 = Energia attiva immessa L1
point-energy_active_export_l2 = Energia attiva immessa L2
point-energy_active_export_l3 = Energia attiva immessa L3
point-energy_active_q1 = Energia attiva Q1
point-energy_active_q2 = Energia attiva Q2
point-energy_active_q3 = Energia attiva Q3
point-energy_active_q4 = Energia attiva Q4
point-energy_reactive_import = Energia reattiva induttiva
point-energy_reactive_export = Energia reattiva capacitiva
point-energy_reactive_import_l1 = Energia reattiva induttiva L1
point-energy_reactive_import_l2 = Energia reattiva induttiva L2
point-energy_reactive_import_l3 = Energia reattiva induttiva L3
point-energy_reactive_export_l1 = Energia reattiva capacitiva L1
point-energy_reactive_export_l2 = Energia reattiva capacitiva L2
point-energy_reactive_export_l3 = Energia reattiva capacitiva L3
point-energy_reactive_q1 = Energia reattiva Q1
point-energy_reactive_q2 = Energia reattiva Q2
point-energy_reactive_q3 = Energia reattiva Q3
point-energy_reactive_q4 = Energia reattiva Q4
point-energy_apparent = Energia apparente
point-energy_apparent_q1 = Energia apparente Q1
point-energy_apparent_q2 = Energia apparente Q2
point-energy_apparent_q3 = Energia apparente Q3
point-energy_apparent_q4 = Energia apparente Q4
point-gas_volume = Volume del gas
point-water_volume = Volume dell’acqua
point-run_time = Ore di funzionamento
point-run_time_import = Ore di funzionamento in prelievo
point-run_time_export = Ore di funzionamento in immissione

## users

users-add = Aggiungi un utente
users-name = Nome
users-role = Ruolo
users-role-help = Il ruolo decide che cosa l’utente può fare; le pagine qui sotto che cosa vede.
users-role-change-help = Scegliendo un altro ruolo si spuntano le sue pagine abituali; adattale qui sotto.
users-state = Stato
users-state-enabled = Può accedere
users-state-disabled = Disattivato
users-pages = Pagine
users-all-pages = Tutte le pagine
users-no-pages = Nessuna pagina
users-created = Creato
users-password-changed = Password cambiata
users-actions = Azioni
users-you = tu
users-not-yours = Solo un amministratore modifica questo utente.
users-none = Nessun utente
users-password = Password
users-password-repeat = Ripeti la password
users-enabled = Può accedere
users-enabled-help = Un utente disattivato non può accedere e i suoi token API smettono di funzionare; nulla viene eliminato.
users-pages-administrator = Un amministratore ha sempre tutte le pagine.
users-page-help-my_panel_board = Valori in tempo reale e stato di ogni dispositivo.
users-page-help-consumption = Istogrammi dei consumi, parziali e confronti.
users-page-help-reports_download = Scaricamento dei dati grezzi per intervallo.
users-page-help-alarms = Allarmi ed eventi.
users-page-help-system_configuration = Gateway, dispositivi, carichi, gruppi, quadri e impostazioni del sito.
users-page-help-web_server_configuration = Informazioni di sistema, ottimizzazione del database.
users-page-help-ev_charging = Gestione della ricarica dei veicoli elettrici.
users-create = Crea l’utente
users-created-done = Utente { $name } creato.
users-edit-title = Modifica { $name }
users-saved = Modifiche a { $name } salvate.
users-reset-password = Reimposta la password
users-reset-title = Nuova password per { $name }
users-reset-text = { $name } accederà con questa password. Le sue sessioni aperte terminano subito.
users-reset-done = La password di { $name } è impostata; le sue sessioni sono terminate.
users-delete-title = Eliminare { $name }?
users-delete-text = { $name } non potrà più accedere; le sue sessioni e i suoi token API terminano. Il registro di controllo conserva il suo nome.
users-deleted = Utente { $name } eliminato.
users-last-administrator = L’ultimo amministratore attivo non può essere disattivato, cambiare ruolo o essere eliminato. Prima rendi amministratore un altro utente.
users-name-taken = Esiste già un utente con questo nome (senza distinzione tra maiuscole e minuscole).

## tokens

tokens-intro = Un token API permette a uno script o a un altro sistema di usare l’API di ems senza password. Agisce con il ruolo che scegli, mai superiore al tuo, e solo sulle tue pagine.
tokens-create-title = Crea un token
tokens-name = Nome
tokens-name-help = A che cosa serve il token, per esempio “supervisione dell’edificio”.
tokens-role = Ruolo
tokens-role-help = Scegli il ruolo più basso che basta per il compito.
tokens-expiry = Scadenza
tokens-expiry-days = Dopo un numero di giorni
tokens-expiry-never = Mai
tokens-days = Giorni
tokens-days-help = Da 1 a 3650 giorni.
tokens-create = Crea il token
tokens-secret-title = Token “{ $name }” creato
tokens-secret-once = Copia il token adesso: viene mostrato solo questa volta e non si potrà più leggere.
tokens-secret = Token
tokens-secret-help = Invialo come “Authorization: Bearer” seguito dal token.
tokens-copy = Copia
tokens-copied = Copiato.
tokens-copy-failed = Il browser non ha permesso di copiare: seleziona il token e copialo tu.
tokens-secret-done = L’ho conservato
tokens-own = I tuoi token
tokens-all = I token di tutti gli utenti
tokens-show-all = Token di tutti gli utenti
tokens-owner = Utente
tokens-created = Creato
tokens-expires = Scade
tokens-last-used = Ultimo uso
tokens-never = Mai
tokens-never-used = Non ancora
tokens-expired = scaduto
tokens-none = Nessun token
tokens-none-help = Creane uno qui sopra quando uno script o un altro sistema ha bisogno dell’API.
tokens-revoke = Revoca
tokens-revoke-title = Revocare “{ $name }”?
tokens-revoke-text = Il token “{ $name }” di { $owner } smette subito di funzionare. L’operazione non si può annullare.
tokens-revoked = Token “{ $name }” revocato.

## audit

audit-filters = Filtri
audit-user = Utente
audit-action = Azione
audit-any-action = Qualsiasi azione
audit-since = Dal
audit-until = Al
audit-apply = Mostra
audit-clear = Togli i filtri
audit-time = Ora
audit-target = Oggetto
audit-result = Esito
audit-client = Indirizzo del client
audit-details = Dettagli
audit-show-details = Mostra
audit-nobody = nessun utente connesso
audit-none = Nessuna voce
audit-none-help = Nulla è stato registrato con questi filtri. Cambiali o toglili.
audit-older = Voci precedenti
audit-end = { $count ->
    [one] Una voce; non ce ne sono di precedenti.
   *[other] { $count } voci; non ce ne sono di precedenti.
}
audit-result-success = Riuscito
audit-result-failure = Fallito
audit-result-denied = Negato
audit-action-setup = Configurazione con il codice monouso
audit-action-login = Accesso
audit-action-logout = Uscita
audit-action-lock = Sessione bloccata
audit-action-unlock = Sessione sbloccata
audit-action-password_change = Propria password cambiata
audit-action-user_create = Utente creato
audit-action-user_change = Utente modificato
audit-action-user_delete = Utente eliminato
audit-action-user_password_reset = Password reimpostata
audit-action-token_create = Token API creato
audit-action-token_revoke = Token API revocato
audit-action-config_change = Configurazione modificata
audit-action-config_import = Configurazione importata
audit-action-site_commission = Prima messa in servizio completata
audit-action-link_scan = Ricerca di dispositivi sul bus
audit-action-store_optimize = Database ottimizzato
audit-action-store_integrity_check = Integrità del database verificata
audit-action-reprice = Costi ricalcolati
audit-action-import_prices = Prezzi importati
audit-action-reset_admin = Accesso reimpostato da riga di comando

## system

system-software = Software
system-version = Versione
system-started = Riavvio dell’applicazione
system-acquisition-started = Riavvio dell’acquisizione
system-booted = Riavvio dell’hardware
system-unknown = non noto
system-resources = Risorse
system-cpu = CPU usata da ems
system-cpu-detail = { $percent } di un core, { $cores ->
    [one] un core
   *[other] { $cores } core
} in tutto
system-cpu-help = Un valore che resta sopra { $threshold } può indicare un problema dell’hardware o dell’installazione.
system-cpu-high = L’uso della CPU è rimasto sopra { $threshold } per { $seconds } secondi.
system-load = Carico medio (1, 5, 15 min)
system-load-values = { $one }, { $five }, { $fifteen }
system-memory-ems = Memoria usata da ems
system-memory-machine = Memoria della macchina
system-memory-used = { $used } usati su { $total }
system-database = Database
system-database-size = Dimensione
system-database-wal = (di cui { $size } nel registro di scrittura anticipata)
system-free-space = Spazio libero
system-database-path = File
system-backup = Backup automatico
system-backup-ok = OK
system-backup-error = Errore
system-backup-none = ancora nessuno
system-health = Stato
system-optimize-recommended = Ottimizzazione consigliata
system-optimize-not-needed = Nessuna ottimizzazione necessaria
system-health-detail = ({ $blocks ->
    [one] un blocco
   *[other] { $blocks } blocchi
} da compattare, { $pages } pagine libere)
system-buffered = In attesa di scrittura
system-buffered-values = { $count ->
    [one] Un valore è tenuto in memoria: il database non può essere scritto.
   *[other] { $count } valori sono tenuti in memoria: il database non può essere scritto.
}
system-maintenance = Manutenzione
system-optimize = Ottimizza
system-optimize-help = Unisce i giorni conclusi, aggiorna le statistiche e restituisce lo spazio libero al disco.
system-optimize-confirm-title = Ottimizzare il database?
system-optimize-confirm = Su un database grande può richiedere un po’ di tempo. Nessun dato va perso.
system-optimizing = Ottimizzazione in corso…
system-optimize-done = Ottimizzato: { $blocks ->
    [one] un blocco unito
   *[other] { $blocks } blocchi uniti
}, { $freed } restituiti al disco.
system-integrity = Verifica dell’integrità
system-integrity-help = Legge l’intero database per trovare danni. Su un database grande può richiedere molto tempo.
system-integrity-start = Verifica l’integrità
system-integrity-running = Verifica in corso…
system-integrity-elapsed = { $seconds } s finora.
system-integrity-ok = Il database è integro.
system-integrity-problems = Il database ha dei problemi. Contatta l’assistenza tecnica.
system-integrity-checked = Verificato { $time }.
system-integrity-never = Non ancora verificato.

## consumption

consumption-views = Viste dei consumi
consumption-view-total = Totale generale
consumption-view-partials = Parziali
consumption-view-compare = Confronto
consumption-view-details = Dettagli
consumption-period = Periodo
consumption-period-day = Giorno
consumption-period-month = Mese
consumption-period-year = Anno
consumption-period-decade = 10 anni
consumption-date = Data
consumption-back-day = Giorno precedente
consumption-back-month = Mese precedente
consumption-back-year = Anno precedente
consumption-back-decade = Dieci anni precedenti
consumption-forward-day = Giorno successivo
consumption-forward-month = Mese successivo
consumption-forward-year = Anno successivo
consumption-forward-decade = Dieci anni successivi
consumption-today = Oggi
consumption-total = Totale
consumption-total-title = Energia elettrica consumata, per carico
consumption-difference = Differenza
consumption-difference-so-far = rispetto a { $amount } nel periodo precedente fino allo stesso momento
consumption-no-comparison = nessun dato di confronto
consumption-no-data = nessun dato
consumption-no-data-in = Nessun consumo misurato per { $period }.
consumption-no-data-hint = Forse i contatori non erano ancora installati o collegati, oppure questo contatore non viene misurato qui.
consumption-no-devices = Ancora nessun dispositivo
consumption-no-devices-hint = I consumi compaiono qui non appena i contatori sono aggiunti e misurano.
consumption-add-devices = Aggiungere dispositivi in Configurazione sistema
consumption-overall = Complessivo
consumption-medium = Vettore
consumption-medium-electricity = Energia elettrica
consumption-medium-gas = Gas
consumption-medium-water = Acqua
consumption-table = Tabella
consumption-download-csv = Scarica CSV
consumption-full-screen = Schermo intero
consumption-exit-full-screen = Esci da schermo intero
consumption-legend = Legenda
consumption-legend-toggle = Mostra o nascondi nel grafico
consumption-legend-striped = A righe: misurato in parte, stimato o ancora in corso
consumption-mark-running = ancora in corso
consumption-mark-partial = misurato in parte
consumption-mark-estimated = in parte stimato durante un'interruzione
consumption-chart-label = Grafico: { $title }, { $period }. Segue la tabella dei valori.
consumption-chart-keys = Tasti freccia sinistra e destra: i valori di ogni barra
consumption-chart-failed = Impossibile caricare il grafico. Ricaricare la pagina.
consumption-slot-day = Ora
consumption-slot-month = Giorno
consumption-slot-year = Mese
consumption-slot-decade = Anno
consumption-split-by = Suddividi per
consumption-by-load = Per carico
consumption-by-group = Per gruppo di misura
consumption-by-panel_board = Per quadro elettrico
consumption-all-load = Tutti i carichi
consumption-all-group = Tutti i gruppi di misura
consumption-all-panel_board = Tutti i quadri elettrici
consumption-no-parts-load = Ancora nessun carico
consumption-no-parts-group = Ancora nessun gruppo di misura
consumption-no-parts-panel_board = Ancora nessun quadro elettrico
consumption-configure-parts = Configurarli in Configurazione sistema
consumption-counter = Contatore
consumption-part = Mostra
consumption-layout = Disposizione
consumption-layout-stack = In pila
consumption-layout-each = Un grafico ciascuno
consumption-first = Primo
consumption-second = Secondo
consumption-first-counter = Contatore del primo
consumption-second-counter = Contatore del secondo
consumption-compare-mode = Confronto
consumption-compare-total = Totale
consumption-compare-details = Dettagli
consumption-compare-difference = { $first } rispetto a { $second }
consumption-incomparable = Non confrontabili
consumption-incomparable-text = «{ $first }» e «{ $second }» misurano grandezze diverse (per esempio energia elettrica in kWh e gas in m³). Si potrebbero confrontare solo in base al costo, che richiede le tariffe. Scegliere contatori dello stesso tipo.
consumption-kind-site = Impianto
consumption-kind-device = Dispositivi
consumption-kind-load = Carichi
consumption-kind-group = Gruppi di misura
consumption-kind-panel_board = Quadri elettrici
consumption-devices = Dispositivi
consumption-filter = Mostra i dispositivi di
consumption-all-devices = Tutti i dispositivi
consumption-no-devices-here = Nessun dispositivo appartiene a questo carico o gruppo.
consumption-details-tab = Cosa mostrare
consumption-tab-energy = Energia
consumption-tab-quantities = Grandezze
consumption-quantity = Grandezza
consumption-mean = Media
consumption-minimum = Minimo
consumption-maximum = Massimo
consumption-band = Intervallo dal minimo al massimo
consumption-time = Ora
consumption-no-quantities = { $device } non ha grandezze istantanee registrate (come potenza o tensione).
consumption-load-air_conditioning = Climatizzazione
consumption-load-heating = Riscaldamento
consumption-load-hot_water = Acqua calda
consumption-load-lighting = Illuminazione
consumption-load-sockets = Prese
consumption-load-ventilation = Ventilazione
consumption-load-others = Altri

## configuration

configuration-sections = Sezioni della configurazione
configuration-overview = Panoramica
configuration-section-gateways = Gateway
configuration-section-links = Collegamenti
configuration-section-devices = Dispositivi
configuration-section-loads = Carichi
configuration-section-groups = Gruppi di misura
configuration-section-panel-boards = Quadri elettrici
configuration-section-settings = Impostazioni del sito
configuration-section-file = File di configurazione
configuration-intro = Descrivete l'impianto in quest'ordine: prima i gateway, i loro collegamenti e i dispositivi collegati, poi carichi, gruppi di misura e quadri elettrici, infine le impostazioni del sito.
configuration-version = Versione della configurazione in vigore: { $version }.
configuration-step-devices = Gateway e dispositivi
configuration-step-devices-text = I convertitori e i bus attraverso cui si raggiungono i contatori, e i contatori stessi.
configuration-step-organisation = Carichi, gruppi e quadri elettrici
configuration-step-organisation-text = Che cosa misura ogni contatore (un carico), i gruppi a cui appartiene e il quadro in cui è installato. Facoltativo.
configuration-step-settings = Impostazioni
configuration-step-settings-text = Nome del sito, fuso orario, valuta, lingua, frequenza di campionamento e opzioni CSV; l'intera configurazione come file.
configuration-wizard-text = La procedura di primo avvio vi guida nel sito, nella frequenza di campionamento e nell'aggiunta dei contatori con la scansione di un bus.
configuration-wizard-again = Eseguire di nuovo la procedura di primo avvio
configuration-wizard-unfinished = Il primo avvio non è ancora terminato.
configuration-wizard-continue = Continuare la procedura di primo avvio
configuration-choose = Nessuna selezione
configuration-choose-option = Scegliere…
configuration-choose-text = Sceglietene uno nell'elenco per vederlo e modificarlo, oppure aggiungetene uno.
configuration-back-to-list = Torna all'elenco
configuration-not-found = «{ $id }» non esiste (più).
configuration-saved = Salvato.
configuration-saved-restart = L'acquisizione riparte con la nuova configurazione; valori e stati tornano entro pochi secondi.
configuration-working = In corso…
configuration-test = Test
configuration-delete-title = Eliminare «{ $name }»?
configuration-delete-confirm = Elimina definitivamente
configuration-disable = Disattiva invece
configuration-off = Off
configuration-disabled-name = { $name } (disattivato)
configuration-none = Nessuno
configuration-id = Identificativo
configuration-id-help = Usato nell'API e nel file di configurazione; non si può cambiare in seguito. Lettere minuscole, cifre, «_» e «-», iniziando con una lettera.
configuration-id-invalid = Usate da 1 a 64 lettere minuscole, cifre, «_» o «-», iniziando con una lettera.
configuration-name = Nome
configuration-description = Descrizione o posizione
configuration-enabled = Attivo
configuration-number-between = Inserite un numero da { $min } a { $max }.
configuration-number-any = Inserite un numero.
configuration-ms-help = In millisecondi.
configuration-filter-gateway = Gateway
configuration-filter-link = Collegamento
configuration-all-gateways = Tutti i gateway
configuration-all-links = Tutti i collegamenti
configuration-panel-board = Quadro elettrico
configuration-test-values = { $count ->
    [one] Un valore letto alle { $time }
   *[other] { $count } valori letti alle { $time }
}
configuration-test-caption = Valori risposti dal dispositivo
configuration-test-point = Grandezza
configuration-test-value = Valore
configuration-test-no-links = Questo gateway non ha collegamenti attivi da provare.
configuration-link-reachable = raggiungibile
configuration-link-unreachable = non raggiungibile
configuration-gateways-intro = Un gateway è un convertitore Modbus: i collegamenti (bus) verso i contatori gli appartengono. Il gateway Local è questo apparecchio; si può rinominare o disattivare, non eliminare.
configuration-gateway-add = Aggiungi un gateway
configuration-gateway-new = Nuovo gateway
configuration-gateway-address = Indirizzo IP o nome host
configuration-gateway-address-help = A titolo informativo: ogni collegamento ha l'indirizzo a cui si connette.
configuration-gateway-address-local = Il gateway Local è questo apparecchio; il suo indirizzo è fisso.
configuration-gateway-panel-board-help = Il quadro in cui è installato il gateway. Si consiglia un gateway per quadro.
configuration-gateway-enabled-help = Disattivando un gateway si interrompe la lettura di tutti i dispositivi dei suoi collegamenti.
configuration-gateway-local-help = Il gateway Local non si può eliminare; disattivatelo se questo apparecchio serve solo da web server.
configuration-gateway-links = Collegamenti di questo gateway
configuration-gateway-no-links = Ancora nessun collegamento.
configuration-gateway-devices = Dispositivi di questo gateway
configuration-gateway-delete-text = Il gateway e i suoi collegamenti vengono eliminati. Un gateway con dispositivi sui suoi collegamenti non si può eliminare: eliminate prima i dispositivi.
configuration-links-intro = Un collegamento è un bus o una connessione attraverso cui si raggiungono i dispositivi: Modbus TCP, una porta seriale RS-485, un convertitore RS-485/Ethernet o una scheda di acquisizione.
configuration-link-add = Aggiungi un collegamento
configuration-link-new = Nuovo collegamento
configuration-link-gateway = Gateway
configuration-link-kind = Tipo
configuration-kind-modbus_tcp = Modbus TCP
configuration-kind-modbus_rtu = Modbus RTU (porta seriale)
configuration-kind-rtu_over_tcp = Modbus RTU su TCP
configuration-kind-waveform_stream = Flusso di forme d'onda
configuration-kind-modbus_tcp-help = Contatori o gateway che comunicano in Modbus TCP sulla rete.
configuration-kind-modbus_rtu-help = Un bus RS-485 su una porta seriale di questo apparecchio.
configuration-kind-rtu_over_tcp-help = Un bus RS-485 dietro un convertitore seriale/Ethernet che inoltra i frame RTU.
configuration-kind-waveform_stream-help = I campioni di una scheda di acquisizione, letti dal contatore interno.
configuration-link-host = Indirizzo IP o nome host
configuration-link-host-help = Del contatore o del convertitore.
configuration-link-port = Porta TCP
configuration-link-serial-port = Porta seriale
configuration-link-serial-port-help = Il file di dispositivo della porta, per esempio /dev/ttyUSB0 (un nome /dev/serial/by-id/ resta uguale dopo un riavvio).
configuration-link-port-in-use = usata da { $link }
configuration-link-baud = Velocità (baud)
configuration-link-parity = Parità
configuration-parity-none = Nessuna
configuration-parity-odd = Dispari
configuration-parity-even = Pari
configuration-link-data-bits = Bit di dati
configuration-link-stop-bits = Bit di stop
configuration-link-timeout = Timeout di risposta
configuration-link-gap = Silenzio tra i frame
configuration-link-gap-serial-help = In millisecondi; vuoto per il silenzio Modbus di 3,5 caratteri.
configuration-link-gap-tcp-help = In millisecondi; vuoto per 5 ms.
configuration-link-source = Sorgente
configuration-link-source-tcp = Indirizzo di rete (host:porta)
configuration-link-source-unix = Socket Unix
configuration-link-tcp-help = Dove la scheda di acquisizione invia i campioni, per esempio 127.0.0.1:7070.
configuration-link-unix-help = Il percorso assoluto del socket della scheda.
configuration-link-failures = Letture fallite prima di «errore di comunicazione»
configuration-link-failures-help = Da 1 a 100 errori consecutivi.
configuration-link-enabled-help = Disattivando un collegamento si interrompe la lettura di tutti i suoi dispositivi.
configuration-link-devices = { $count ->
    [0] Nessun dispositivo su questo collegamento
    [one] Un dispositivo su questo collegamento
   *[other] { $count } dispositivi su questo collegamento
}
configuration-link-delete-text = Si può eliminare solo un collegamento senza dispositivi.
configuration-devices-intro = Tutti i contatori sui collegamenti. Sceglietene il modello dalla libreria, l'indirizzo sul bus e che cosa misura; «Test» lo legge prima o dopo il salvataggio.
configuration-devices-empty = Nessun dispositivo qui
configuration-devices-empty-text = Aggiungete un dispositivo, oppure eseguite la scansione di un bus con la procedura di primo avvio.
configuration-device-add = Aggiungi un dispositivo
configuration-device-new = Nuovo dispositivo
configuration-device-what = Modello
configuration-device-where = Nome e indirizzo
configuration-device-organisation = Che cosa misura
configuration-device-link = Collegamento
configuration-device-enabled-help = Un dispositivo disattivato non viene letto; il suo storico resta.
configuration-device-delete-text = Il dispositivo non viene più letto. Il suo storico resta nel database.
configuration-vendor = Costruttore
configuration-vendor-other = Altri dispositivi
configuration-model = Modello
configuration-profile-kind = Tipo
configuration-profile-aliases = Venduto anche come
configuration-profile-points = { $count ->
    [one] Che cosa misura (un valore)
   *[other] Che cosa misura ({ $count } valori)
}
configuration-device-kind-electricity_meter = Contatore di energia elettrica
configuration-device-kind-gas_meter = Contatore del gas
configuration-device-kind-water_meter = Contatore dell'acqua
configuration-profile-generic = Contatore Modbus generico
configuration-profile-internal = Contatore interno (scheda di acquisizione)
configuration-profile-generic-help = Legge un registro di energia attiva positiva; l'indirizzo si trova nella documentazione del contatore.
configuration-profile-internal-help = ems misura direttamente dai campioni di una scheda di acquisizione su un collegamento a flusso di forme d'onda.
configuration-unit-id = Indirizzo Modbus
configuration-unit-id-help = Da 1 a 247, diverso per ogni dispositivo del collegamento.
configuration-load = Carico
configuration-load-help = Che cosa misura il dispositivo; «Altri» se non è nessuno dei carichi.
configuration-groups = Gruppi di misura
configuration-groups-legend = Gruppi di misura (al massimo { $max })
configuration-groups-none = Ancora nessun gruppo di misura.
configuration-group-add = Aggiungi un gruppo di misura
configuration-generic = Registro dell'energia
configuration-generic-help = I quattro valori si trovano nella documentazione del contatore.
configuration-generic-function = Codice di lettura
configuration-generic-function-3 = 3 (holding register)
configuration-generic-function-4 = 4 (input register)
configuration-generic-register = Registro (esadecimale)
configuration-generic-register-help = Contato da 0, per esempio 0x0048.
configuration-generic-words = Word
configuration-generic-multiplier = Moltiplicatore
configuration-generic-unit = Unità dopo la moltiplicazione
configuration-meter = Contatore interno
configuration-meter-wiring = Collegamento elettrico
configuration-wiring-1p2w = Monofase, 2 fili
configuration-wiring-2p3w = Fase divisa, 3 fili
configuration-wiring-3p4w = Trifase con neutro, 4 fili
configuration-wiring-3p3w = Trifase senza neutro, 3 fili
configuration-wiring-3p4w_wild_leg = Trifase, 4 fili, fase alta
configuration-meter-neutral = Corrente di neutro
configuration-neutral-auto = Automatica
configuration-neutral-measured = Misurata
configuration-neutral-computed = Calcolata dalle fasi
configuration-meter-voltage = Tensione nominale F-N (V)
configuration-meter-frequency = Frequenza nominale
configuration-meter-frequency-detect = Rileva
configuration-meter-run-threshold = In funzione oltre (W)
configuration-meter-run-threshold-help = Il carico è considerato in funzione oltre questa potenza attiva.
configuration-meter-tariff = Tariffe
configuration-meter-tariff-choice = Tariffa dei registri di energia
configuration-tariff-t1 = Sempre tariffa 1
configuration-tariff-t2 = Sempre tariffa 2
configuration-tariff-digital_input = Scelta dall'ingresso digitale
configuration-tariff-periods = Tariffa 2 nei periodi seguenti
configuration-tariff-period = Periodo { $number }
configuration-tariff-from = Dalle (HH:MM)
configuration-tariff-to = Alle (HH:MM)
configuration-tariff-add = Aggiungi un periodo
configuration-tariff-remove = Rimuovi il periodo { $number }
configuration-advanced = Opzioni avanzate
configuration-exclude-totals = Escludi dai totali
configuration-exclude-totals-help = Selezionatela quando ciò che misura questo dispositivo è misurato anche da altri dispositivi, per esempio un contatore generale a monte di sottocontatori: altrimenti la sua energia verrebbe contata due volte nel totale generale e nei parziali. I suoi consumi restano visibili nei dettagli.
configuration-exclude-alerts = Escludi gli allarmi
configuration-exclude-alerts-help = Nessun allarme viene generato per gli eventi di questo dispositivo.
configuration-ct-ratio = Rapporto del trasformatore di corrente
configuration-vt-ratio = Rapporto del trasformatore di tensione
configuration-ratio-help = Primario diviso secondario, per esempio 20 per 100/5 A; 1 senza trasformatore.
configuration-fast-poll = Lettura rapida (ms)
configuration-fast-poll-help = Ogni quanto si leggono i valori istantanei (potenza, tensione, corrente).
configuration-slow-poll = Lettura lenta (ms)
configuration-slow-poll-help = Ogni quanto si leggono i contatori; non meno della lettura rapida.
configuration-device-timeout = Timeout di risposta (ms)
configuration-device-timeout-help = Vuoto per quello del collegamento.
configuration-loads-intro = Un carico è ciò che misura un dispositivo: riscaldamento, illuminazione… I carichi predefiniti si possono solo disattivare; aggiungete i vostri se servono. I dispositivi senza carico rientrano in «Altri».
configuration-load-add = Aggiungi un carico
configuration-load-new = Nuovo carico
configuration-load-predefined = Carico predefinito
configuration-load-predefined-help = Un carico predefinito: si può attivare o disattivare, non rinominare né eliminare.
configuration-load-others = Altri
configuration-load-others-help = Dispositivi senza carico. Sempre presente.
configuration-load-enabled-help = Un carico disattivato non compare nei consumi.
configuration-load-users = { $count ->
    [0] Nessun dispositivo misura questo carico.
    [one] Un dispositivo misura questo carico.
   *[other] { $count } dispositivi misurano questo carico.
}
configuration-load-delete-text = { $count ->
    [0] Il carico viene eliminato. Potete anche conservarlo e disattivarlo.
   *[other] Alcuni dispositivi misurano questo carico: assegnate loro un altro carico prima di eliminarlo, oppure disattivatelo.
}
configuration-load-delete-predefined = Un carico predefinito non si può eliminare; si può disattivare.
configuration-load-heating = Riscaldamento
configuration-load-air_conditioning = Climatizzazione
configuration-load-hot_water = Acqua calda sanitaria
configuration-load-lighting = Illuminazione
configuration-load-sockets = Prese
configuration-load-ventilation = Ventilazione
configuration-groups-intro = Un gruppo di misura è un insieme logico di punti di misura, per esempio un inquilino o un piano. Un dispositivo appartiene al massimo a 5 gruppi.
configuration-groups-empty = Ancora nessun gruppo di misura
configuration-groups-empty-text = Aggiungetene uno, poi sceglietelo nella scheda di ogni dispositivo che ne fa parte.
configuration-group-new = Nuovo gruppo di misura
configuration-group-enabled-help = Un gruppo disattivato non compare nei consumi.
configuration-group-users = { $count ->
    [0] Nessun dispositivo appartiene a questo gruppo.
    [one] Un dispositivo appartiene a questo gruppo.
   *[other] { $count } dispositivi appartengono a questo gruppo.
}
configuration-group-delete-text = { $count ->
    [0] Il gruppo di misura viene eliminato. Potete anche conservarlo e disattivarlo.
   *[other] Alcuni dispositivi appartengono a questo gruppo: toglieteli prima di eliminarlo, oppure disattivatelo.
}
configuration-panel-boards-intro = Un quadro elettrico è un quadro di distribuzione in cui sono installati gateway e dispositivi.
configuration-panel-boards-empty = Ancora nessun quadro elettrico
configuration-panel-boards-empty-text = Aggiungetene uno, poi sceglietelo nella scheda del suo gateway o dei suoi dispositivi.
configuration-panel-board-add = Aggiungi un quadro elettrico
configuration-panel-board-new = Nuovo quadro elettrico
configuration-panel-board-enabled-help = Un quadro disattivato non compare nei filtri.
configuration-panel-board-users = { $count ->
    [0] In questo quadro non è installato nulla.
    [one] In questo quadro è installato un gateway o dispositivo.
   *[other] In questo quadro sono installati { $count } gateway e dispositivi.
}
configuration-panel-board-delete-text = { $count ->
    [0] Il quadro elettrico viene eliminato. Potete anche conservarlo e disattivarlo.
   *[other] In questo quadro sono installati gateway o dispositivi: spostateli prima di eliminarlo, oppure disattivatelo.
}
configuration-settings-intro = Impostazioni dell'intero sito. Il salvataggio fa ripartire l'acquisizione.
configuration-settings-site = Sito
configuration-site-name = Nome del sito
configuration-time-zone = Fuso orario
configuration-time-zone-help = Digitate per cercare, per esempio «Rome». Giorni, mesi e anni dei consumi iniziano a mezzanotte in questo fuso orario.
configuration-time-zone-unknown = Questo browser non conosce questo fuso orario; controllate la grafia.
configuration-time-zone-browser = Usa quello di questo browser: { $zone }
configuration-currency = Valuta
configuration-currency-help = Il codice ISO 4217 di tre lettere, per esempio EUR, CHF, GBP.
configuration-currency-invalid = Tre lettere maiuscole, per esempio EUR.
configuration-language = Lingua del sito
configuration-language-help = La lingua predefinita di report e notifiche. Ogni utente sceglie comunque la lingua dell'interfaccia.
configuration-sample-rate = Frequenza di campionamento
configuration-sample-rate-help = Ogni quanto vengono registrati i dati di consumo.
configuration-sample-rate-note = La modifica non influisce sui dati già salvati.
configuration-minutes = { $count ->
    [one] { $count } minuto
   *[other] { $count } minuti
}
configuration-csv = Opzioni CSV
configuration-csv-decimal = Separatore decimale
configuration-csv-decimal-comma = Virgola (1234,5)
configuration-csv-decimal-point = Punto (1234.5)
configuration-csv-field = Separatore di campo
configuration-csv-field-semicolon = Punto e virgola (;)
configuration-csv-field-comma = Virgola (,)
configuration-csv-preview = L'inizio di un file CSV con queste opzioni:
configuration-csv-both-comma = Con la virgola per entrambi, i numeri vengono messi tra virgolette: i fogli di calcolo li leggono, ma il punto e virgola come separatore di campo è più chiaro.
configuration-file-intro = L'intera configurazione del sito come file di testo (TOML): per conservarne una copia, trasferirla su un altro apparecchio o tornare a una versione precedente.
configuration-file-export = Scaricare
configuration-file-export-text = Ogni modifica salva una nuova versione; ognuna si può scaricare.
configuration-file-download = Scarica la configurazione in vigore
configuration-file-download-version = Scarica la versione { $version }
configuration-file-versions = Versioni salvate
configuration-file-version = Versione
configuration-file-saved-at = Salvata
configuration-file-source = Origine
configuration-file-in-force = (in vigore)
configuration-source-seed = la prima configurazione
configuration-source-import = un file importato
configuration-source-demo = la dimostrazione
configuration-source-api = una modifica nell'interfaccia o nell'API
configuration-file-import = Importare
configuration-file-import-text = Un file sostituisce l'intera configurazione. Viene prima verificato: se qualcosa non va, nulla cambia e ogni errore è elencato con la sua posizione nel file.
configuration-file-choose = File di configurazione (.toml)
configuration-file-import-button = Importa e applica
configuration-file-confirm-title = Sostituire l'intera configurazione?
configuration-file-confirm-text = La configurazione di { $name } sostituisce quella in vigore e l'acquisizione riparte con essa. La configurazione in vigore resta disponibile come versione.
configuration-file-imported = La versione { $version } è ora in vigore.
configuration-file-unchanged = Il file è uguale alla versione { $version } in vigore: nulla è cambiato.

## wizard

wizard-step-code = Codice di configurazione
wizard-step-admin = Amministratore
wizard-step-site = Sito
wizard-step-rate = Frequenza di campionamento
wizard-step-devices = Gateway e dispositivi
wizard-step-done = Fatto
wizard-step-of = Passo { $number } di { $count }
wizard-code-text = Non esiste ancora un amministratore. Inserite il codice di configurazione per crearne uno.
wizard-code-where = Dove si trova il codice di configurazione?
wizard-code-where-text = ems lo stampa quando si avvia senza amministratore: sulla sua console e nel suo log (per esempio «journalctl -u ems»). Vale una sola volta e scade dopo 24 ore; riavviando ems se ne ottiene uno nuovo.
wizard-code = Codice di configurazione
wizard-code-help = Maiuscole, spazi e trattini non contano.
wizard-admin-text = L'amministratore può fare tutto, compreso creare altri utenti. Non esiste un account predefinito.
wizard-admin-name = Nome dell'amministratore
wizard-admin-repeat = Ripetete la password
wizard-admin-create = Crea l'amministratore
wizard-site-text = Il nome del sito e come ne vengono mostrati i valori.
wizard-rate-text = Ogni quanto ems registra i dati di consumo. 15 minuti vanno bene per la maggior parte dei siti; frequenze più alte occupano più spazio.
wizard-devices-text = Aggiungete i contatori: scegliete il bus su cui si trovano, poi eseguitene la scansione per trovare gli indirizzi Modbus che rispondono, oppure sceglieteli uno per uno dalla libreria.
wizard-bus = Bus
wizard-bus-new = Un nuovo bus
wizard-gateway-new = Un nuovo gateway…
wizard-gateway-name = Nome del nuovo gateway
wizard-how = Come aggiungere i contatori
wizard-scan = Scansione del bus
wizard-scan-text = Ogni indirizzo Modbus dell'intervallo viene interrogato a turno; i contatori che dichiarano registri di identificazione vengono riconosciuti. Nulla viene scritto nei contatori.
wizard-scan-from = Primo indirizzo
wizard-scan-to = Ultimo indirizzo
wizard-scan-start = Avvia la scansione
wizard-scan-stop = Ferma
wizard-scan-progress-label = Avanzamento della scansione
wizard-scan-running = Interrogato l'indirizzo { $probed } di { $total }; finora { $found } hanno risposto.
wizard-scan-done = Scansione terminata: { $total } indirizzi interrogati, { $found } hanno risposto.
wizard-scan-cancelled = Scansione fermata dopo { $probed } indirizzi su { $total }; { $found } hanno risposto.
wizard-scan-failed = La scansione non è riuscita dopo { $probed } indirizzi su { $total }.
wizard-scan-none = Nessun dispositivo ha risposto. Controllate il cablaggio, le impostazioni del bus e gli indirizzi dei contatori.
wizard-found = { $count ->
    [one] Un dispositivo ha risposto
   *[other] { $count } dispositivi hanno risposto
}
wizard-col-add = Aggiungi
wizard-row-add = Aggiungi il dispositivo all'indirizzo { $unit }
wizard-row-model = Modello del dispositivo all'indirizzo { $unit }
wizard-row-name = Nome del dispositivo all'indirizzo { $unit }
wizard-row-load = Carico del dispositivo all'indirizzo { $unit }
wizard-row-test = Prova il dispositivo all'indirizzo { $unit }
wizard-row-unknown = Risponde, modello sconosciuto
wizard-row-several = Corrispondono più modelli
wizard-row-exception = (eccezione Modbus { $code })
wizard-row-configured = Già configurato come «{ $name }»
wizard-unit-name = Dispositivo { $unit }
wizard-add-selected = { $count ->
    [0] Aggiungi i dispositivi scelti
    [one] Aggiungi il dispositivo scelto
   *[other] Aggiungi i { $count } dispositivi scelti
}
wizard-added = { $count ->
    [one] Un dispositivo aggiunto.
   *[other] { $count } dispositivi aggiunti.
}
wizard-library = Aggiungi dalla libreria
wizard-library-text = Scegliete il costruttore e il modello, poi l'indirizzo Modbus impostato sul contatore.
wizard-library-add = Aggiungi il dispositivo
wizard-library-added = «{ $name }» aggiunto.
wizard-added-title = { $count ->
    [0] Aggiunti in questa procedura: ancora nessuno
    [one] Aggiunti in questa procedura: un dispositivo
   *[other] Aggiunti in questa procedura: { $count } dispositivi
}
wizard-added-none = { $count ->
    [0] Il sito non ha ancora dispositivi.
    [one] Il sito ha già un dispositivo.
   *[other] Il sito ha già { $count } dispositivi.
}
wizard-done-text = Il sito è configurato e l'acquisizione è in corso. Tutto si può modificare in seguito in Configurazione del sistema.
wizard-done-next = Dove andare ora
wizard-done-users = Aggiungere utenti

## field rules

field-rule-syntax = Non è TOML valido (riga { $line }, colonna { $column }).
field-rule-required = Questo valore è obbligatorio.
field-rule-missing_section = Manca la sezione [site].
field-rule-unknown_key = Questa chiave non è prevista qui.
field-rule-type = { $expected ->
    [none] Tipo errato: { $found } non è accettato qui.
   *[other] Era atteso { $expected }, è stato dato { $found }.
}
field-rule-type-string = un testo
field-rule-type-integer = un numero intero
field-rule-type-number = un numero
field-rule-type-float = un numero decimale
field-rule-type-boolean = vero o falso
field-rule-type-date_time = una data e ora
field-rule-type-array = un elenco
field-rule-type-table = un gruppo di impostazioni
field-rule-type-null = nessun valore
field-rule-not_allowed = Scegli { $allowed }.
field-rule-out_of_range = { $min ->
    [none] { $above ->
        [none] Deve essere al massimo { $max }.
       *[other] { $max ->
            [none] Deve essere maggiore di { $above }.
           *[other] Deve essere maggiore di { $above } e al massimo { $max }.
        }
    }
   *[other] { $max ->
        [none] Deve essere almeno { $min }.
       *[other] Deve essere compreso tra { $min } e { $max }.
    }
}
field-rule-empty = Non può essere vuoto.
field-rule-too_long = Al massimo { $max } caratteri.
field-rule-too_short = Almeno { $min } caratteri.
field-rule-too_many = Se ne possono indicare al massimo { $max }.
field-rule-pattern = { $format ->
    [id] Usa da 1 a 64 lettere minuscole, cifre, «_» o «-», iniziando con una lettera.
    [host] Inserisci un indirizzo IP o un nome host.
    [host_port] Inserisci un host e una porta, ad esempio 192.168.1.20:7070.
    [serial_port] Inserisci una porta seriale come /dev/ttyUSB0.
    [socket_path] Inserisci il percorso assoluto di un socket come /run/ems/board.sock.
    [currency] Inserisci un codice valuta di tre lettere maiuscole, ad esempio EUR.
    [register] Inserisci un indirizzo di registro esadecimale come 0x0048.
    [time_of_day] Inserisci un’ora nel formato HH:MM, da 00:00 a 24:00.
    [date] Inserisci una data nel formato AAAA-MM-GG.
    [decimal] Inserisci un numero decimale come 0.2345, con al massimo sei decimali.
    [colour] Inserisci un colore nel formato #rrggbb, come #d55e00.
    [time] Inserisci un’ora con il suo fuso, ad esempio 2026-11-21T10:00:00+01:00.
    [instant] Inserisci una data (AAAA-MM-GG) o un’ora con il suo fuso.
    [scope] Inserisci site, device:<id>, load:<id>, group:<id> o panel_board:<id>.
    [user_name] Usa caratteri visibili, senza spazi all’inizio o alla fine.
   *[other] Non è nella forma prevista.
}
field-rule-unknown_reference = { $kind ->
    [link] Non esiste il collegamento «{ $value }».
    [gateway] Non esiste il gateway «{ $value }».
    [load] Non esiste il carico «{ $value }».
    [measure_group] Non esiste il gruppo di misura «{ $value }».
    [panel_board] Non esiste il quadro elettrico «{ $value }».
    [profile] Il modello «{ $value }» non è nella libreria dei dispositivi.
    [unit] «{ $value }» non è un’unità conosciuta.
    [time_zone] «{ $value }» non è un fuso orario conosciuto.
    [tariff] Non esiste la tariffa «{ $value }».
    [device] Non esiste il dispositivo «{ $value }».
    [point] «{ $value }» non è una grandezza conosciuta.
   *[other] «{ $value }» non esiste.
}
field-rule-duplicate = «{ $value }» è già usato; deve essere unico.
field-rule-order = Deve venire dopo «{ $other }».
field-rule-link_kind = { $kind ->
    [waveform_stream] Un flusso di forme d’onda è letto solo da un contatore interno.
   *[other] Un contatore interno legge un flusso di forme d’onda, non un collegamento di questo tipo.
}
field-rule-not_applicable = Qui non si applica; lascialo vuoto.
field-rule-fixed = Non si può cambiare; resta «{ $value }».
field-rule-reserved = «{ $value }» è riservato a ems.
field-rule-cannot_remove = Esiste sempre: si può disattivare, non eliminare.
field-rule-non_zero = Inserisci un numero diverso da 0.
field-rule-common_password = È una delle password più comuni; scegline un’altra.
field-rule-guessable_password = La password non può essere il nome dell’utente o quello del prodotto.
field-rule-invalid = Non accettato: { $reason }
field-rule-no_counter = Il dispositivo «{ $value }» non registra «{ $point }».

## tariffs editor
# La bolletta dei consumi (Configurazione del sistema → Tariffe): tariffe, regole di costo, oneri fissi, ricalcolo.

configuration-section-tariffs = Tariffe
tariffs-intro = La bolletta dei consumi: per elettricità, gas e acqua, le tariffe con i loro prezzi e le regole di costo che scelgono tra di esse. I costi sono calcolati solo dove si applica una regola.
tariffs-commodities = Vettori
tariffs-commodity-electricity = Elettricità
tariffs-commodity-gas = Gas
tariffs-commodity-water = Acqua
tariffs-has-errors = (contiene errori)
tariffs-currency = Prezzi e oneri sono in { $currency } ({ $name }), la valuta del sito.
tariffs-currency-change = Si può cambiare nelle impostazioni del sito.
tariffs-gas-factor = Fattore di conversione (kWh per m³)
tariffs-gas-factor-help = Come indicato nella bolletta del gas. Il gas viene allora mostrato anche in kWh equivalenti; lasciare vuoto se non è noto.
tariffs-tariffs = Tariffe
tariffs-tariffs-help = Ogni tariffa ha un nome, un colore per i grafici e uno o più prezzi per { $unit } in { $currency }, ciascuno valido da una data.
tariffs-no-tariffs = Nessuna tariffa
tariffs-no-tariffs-text = Aggiungere una tariffa, poi una regola che la sceglie.
tariffs-empty-title = Nessun contratto per: { $commodity }
tariffs-empty-text = Senza regole di costo non si calcola alcun costo per: { $commodity }. Aggiungere una tariffa (nome, colore e prezzo), poi una regola che la sceglie.
tariffs-add-tariff = Aggiungi una tariffa
tariffs-new = Nuova, non ancora salvata
tariffs-price-per = { $price } per { $unit }
tariffs-price-from = dal { $date }
tariffs-price-always = dall’inizio
tariffs-edit-tariff = Modifica { $name }
tariffs-close-form = Chiudi { $name }
tariffs-delete-tariff = Elimina { $name }
tariffs-tariff-used = { $count ->
    [one] Usata dalla regola { $rules }: non può essere eliminata. Modificare o eliminare prima quella regola.
   *[other] Usata dalle regole { $rules }: non può essere eliminata. Modificare o eliminare prima quelle regole.
}
tariffs-tariff-deleted = Tariffa { $name } eliminata. Salvare per mantenere la modifica.
tariffs-tariff-form = Tariffa { $name }
tariffs-name = Nome
tariffs-id = Identificativo: { $id }.
tariffs-id-new = È ricavato dal nome e non può essere cambiato dopo il salvataggio, perché i costi sono registrati con esso.
tariffs-id-fixed = Non può essere cambiato: i costi sono registrati con esso.
tariffs-colour = Colore
tariffs-colour-blue = Blu
tariffs-colour-orange = Arancione
tariffs-colour-bluish_green = Verde bluastro
tariffs-colour-reddish_purple = Porpora rossastro
tariffs-colour-sky_blue = Azzurro cielo
tariffs-colour-vermillion = Vermiglio
tariffs-colour-yellow = Giallo
tariffs-colour-black = Nero
tariffs-colour-code = Codice colore
tariffs-colour-code-help = Qualsiasi colore come #rrggbb, per esempio #d55e00. I colori sopra si distinguono con tutte le comuni alterazioni della visione dei colori.
tariffs-colour-pick = Scegli un colore
tariffs-prices = Prezzi ({ $currency } per { $unit })
tariffs-prices-title = Prezzi
tariffs-prices-help = Un prezzo si applica dalla sua data fino alla data del prezzo successivo; un nuovo prezzo non cambia mai i costi già calcolati. Un prezzo può essere senza data: si applica dall’inizio.
tariffs-price-n = Prezzo { $n }
tariffs-price-valid-from = Valido dal
tariffs-price-valid-from-help = Vuoto: dall’inizio.
tariffs-price = Prezzo ({ $currency } per { $unit })
tariffs-remove-price = Rimuovi il prezzo { $n }
tariffs-add-price = Aggiungi un prezzo
tariffs-rules = Regole di costo
tariffs-rules-help = Le regole sono esaminate dall’alto: la prima regola le cui condizioni sono tutte soddisfatte sceglie la tariffa. Mettere per prime le eccezioni, come le festività.
tariffs-feed-in = Immissione in rete
tariffs-feed-in-text = Quanto rende l’elettricità immessa in rete: un piano a sé, con le sue tariffe e regole.
tariffs-feed-in-tariffs = Tariffe di immissione
tariffs-feed-in-rules = Regole di immissione
tariffs-check-at = Verifica un altro momento (ora del sito, { $zone })
tariffs-check = Verifica
tariffs-check-now = Torna ad adesso
tariffs-explain-unsaved = Le regole hanno modifiche non salvate: salvarle per vedere quale regola si applica.
tariffs-explain-none = Il { $time } non si applica nessuna regola: in quel momento nulla viene valorizzato.
tariffs-explain-now = Adesso ({ $time }) si applica la regola { $rule }: { $price } per { $unit }.
tariffs-explain-at = Il { $time } si applica la regola { $rule }: { $price } per { $unit }.
tariffs-applies-now = Si applica adesso
tariffs-applies-then = Si applica in quel momento
tariffs-skipped = Non si applica: { $reasons }.
tariffs-cause-outside_validity = fuori dalla sua validità
tariffs-cause-outside_time_frame = fuori dalla sua fascia oraria
tariffs-cause-weekday_not_chosen = { $day } non è tra i suoi giorni
tariffs-rule-n = Regola { $n }
tariffs-rule-always = sempre
tariffs-rule-period = dal { $from } al { $to }
tariffs-rule-since = dal { $from }
tariffs-rule-on = il { $date }
tariffs-rule-every-year = { $period } ogni anno
tariffs-move-up = Sposta su
tariffs-move-down = Sposta giù
tariffs-rule-moved = Regola { $name } spostata alla posizione { $position } di { $count }.
tariffs-rule-deleted = Regola { $position } eliminata. Salvare per mantenere la modifica.
tariffs-add-rule = Aggiungi una regola
tariffs-no-rules = Nessuna regola di costo
tariffs-no-rules-text = Senza regole non si calcola alcun costo per: { $commodity }. Aggiungere una regola che sceglie una tariffa.
tariffs-rule-form = Regola { $n }
tariffs-rule-tariff = Tariffa
tariffs-choose-tariff = Scegliere una tariffa
tariffs-validity = Validità
tariffs-validity-always = Sempre
tariffs-validity-period = Tra due date
tariffs-validity-from = Dal
tariffs-validity-to = Al (incluso)
tariffs-validity-to-help = Vuoto: senza fine.
tariffs-repeat = Ripeti ogni anno
tariffs-repeat-help = Contano solo giorno e mese, come per le festività; richiede una data di fine.
tariffs-time = Ora del giorno
tariffs-time-all = Tutto il giorno
tariffs-time-frame = Da un’ora a un’altra
tariffs-time-from = Dalle
tariffs-time-to = Alle (minuto incluso)
tariffs-time-help = L’ultimo minuto è incluso: dalle 08:00 alle 18:59 termina alle 19:00. Una fine prima dell’inizio passa la mezzanotte.
tariffs-days = Giorni della settimana
tariffs-days-help = Tutti selezionati: ogni giorno. Il giorno è quello della data locale.
tariffs-charges = Oneri fissi
tariffs-standing = Quota fissa
tariffs-standing-help = Un importo fisso per ogni giorno o mese, indipendente dal consumo.
tariffs-standing-none = Nessuna
tariffs-standing-day = Al giorno
tariffs-standing-month = Al mese
tariffs-standing-amount = Importo ({ $currency })
tariffs-demand = Quota potenza ({ $currency } per kW e mese)
tariffs-demand-title = Quota potenza
tariffs-demand-help = Facoltativa: applicata alla massima potenza media su 15 minuti del mese. Vuoto: nessuna.
tariffs-past = Costi passati
tariffs-past-text = Le modifiche salvate valorizzano i dati registrati da quel momento; i costi già calcolati restano come erano. Per applicare una correzione ai giorni passati, ricalcolarli.
tariffs-reprice = Ricalcola giorni passati…
tariffs-reprice-title = Ricalcola giorni passati
tariffs-reprice-text = Gli intervalli registrati in questi giorni sono valorizzati di nuovo con le tariffe e le regole salvate ora, e i loro costi precedenti sostituiti. Gli altri giorni mantengono i propri.
tariffs-reprice-from = Primo giorno
tariffs-reprice-to = Ultimo giorno (incluso)
tariffs-reprice-confirm = Ricalcola
tariffs-repricing = Ricalcolo in corso…
tariffs-repriced = { $count ->
    [one] { $count } intervallo ricalcolato (dal { $from } al { $to }).
   *[other] { $count } intervalli ricalcolati (dal { $from } al { $to }).
}
tariffs-saved-text = D’ora in poi i nuovi dati sono valorizzati con queste tariffe; i costi già calcolati restano come erano.
tariffs-unsaved = Modifiche non salvate
tariffs-not-saved = Non salvato: vedere perché.
tariffs-all-saved = Nessuna modifica non salvata
tariffs-discard = Annulla le modifiche
tariffs-leave = Lasciare questa pagina? Le modifiche alle tariffe non sono salvate.

## consumption tariffs
# Consumi → Tariffe (quanto sono costati i consumi, per tariffa) e i costi complessivi nel totale generale.

consumption-view-tariffs = Tariffe
consumption-tariffs-show = Vista tariffe
consumption-tariffs-show-total = Totale
consumption-tariffs-show-details = Dettagli
consumption-tariffs-commodity = Vettore
consumption-tariffs-point-energy_active_import = Elettricità
consumption-tariffs-point-energy_active_export = Immissione in rete
consumption-tariffs-point-gas_volume = Gas
consumption-tariffs-point-water_volume = Acqua
consumption-tariffs-title-energy_active_import = Costo dell’elettricità prelevata, per tariffa
consumption-tariffs-title-energy_active_export = Ricavo dell’immissione in rete, per tariffa
consumption-tariffs-title-gas_volume = Costo del gas, per tariffa
consumption-tariffs-title-water_volume = Costo dell’acqua, per tariffa
consumption-tariffs-scope = Costi di
consumption-tariffs-filter = Tariffe mostrate
consumption-tariffs-no-data = nessun dato in questo periodo
consumption-tariffs-tariff = Tariffa
consumption-tariffs-amount = Quantità
consumption-tariffs-cost = Costo
consumption-tariffs-revenue = Ricavo
consumption-tariffs-share = Quota
consumption-tariffs-total-cost = Costo totale
consumption-tariffs-total-revenue = Ricavo totale
consumption-tariffs-pie-label = Grafico ad anello: { $title }: { $slices }. La tabella accanto riporta quantità e costi.
consumption-tariffs-none-shown = Nessuna tariffa scelta: sceglierne almeno una qui sopra.
consumption-tariffs-nothing-priced = Nulla di questo periodo è stato valorizzato.
consumption-tariffs-unpriced = { $amount } non valorizzati: nessuna regola di costo copre quegli orari, oppure la loro tariffa non aveva ancora un prezzo. Verificare la bolletta dei consumi.
consumption-tariffs-open-bill = Apri la bolletta dei consumi
consumption-tariffs-no-contract = Nessun costo senza bolletta dei consumi
consumption-tariffs-no-contract-hint = I costi compaiono qui quando le tariffe e le regole di costo del contratto sono inserite in Configurazione del sistema → Tariffe. Se non è possibile aprirla, rivolgersi all’installatore o all’amministratore.
consumption-tariffs-enter-bill = Inserisci la bolletta dei consumi
consumption-tariffs-no-scopes = Nessun dispositivo, carico o gruppo misura ancora elettricità, gas o acqua.
consumption-overall-costs = Costi complessivi
consumption-overall-commodity = Vettore
consumption-overall-amount = Quantità
consumption-overall-cost = Costo
consumption-overall-row-energy_active_import = Elettricità prelevata
consumption-overall-row-energy_active_export = Elettricità immessa in rete
consumption-overall-row-gas_volume = Gas
consumption-overall-row-water_volume = Acqua
consumption-overall-equivalent = equivalenti a { $amount }
consumption-overall-unpriced = di cui { $amount } non valorizzati
consumption-overall-revenue = ricavo
consumption-overall-not-priced = non valorizzato
consumption-overall-bought = Costo di quanto prelevato
consumption-overall-fed-in = Ricavo di quanto immesso in rete
consumption-overall-standing = Quote fisse del periodo finora
consumption-overall-total = Totale con le quote fisse (prima del ricavo dell’immissione)
consumption-overall-no-costs = Nessun costo: serve la bolletta dei consumi.
consumption-overall-some-unpriced = Una parte del periodo non è stata valorizzata: nessuna regola di costo copre quegli orari, oppure la loro tariffa non aveva ancora un prezzo. I costi qui sopra non la comprendono.

## demand charge

tariffs-demand-meter = Contatore del punto di connessione
tariffs-demand-meter-help = Il contatore al punto di connessione alla rete, dove il distributore misura la potenza di picco (non un sottocontatore). Obbligatorio se si indica un prezzo.
tariffs-demand-meter-choose = Scegliere un contatore
consumption-demand = Quota potenza
consumption-demand-month = Quota potenza, { $month }
consumption-demand-peak = picco { $power } il { $at }
consumption-demand-no-peak = nessuna lettura del contatore del punto di connessione
consumption-demand-total = Totale con { $standing ->
    [yes] quote fisse e quota potenza
   *[no] la quota potenza
} (prima del ricavo dell’immissione)
