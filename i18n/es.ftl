# ems: español.

## app

app-loading = Cargando…
app-language = Idioma
app-menu = Menú
app-cancel = Cancelar
app-save = Guardar
app-saved = Guardado.
app-add = Añadir
app-edit = Editar
app-delete = Eliminar
app-close = Cerrar
app-back = Atrás
app-next = Siguiente
app-retry = Reintentar
app-reload = Volver a cargar
app-skip-to-content = Saltar al contenido
app-not-found = Esta página no existe.
app-go-home = Ir a la página de inicio
app-page-not-allowed = Su cuenta no puede abrir esta página. Un administrador puede darle el permiso.
app-unreachable = El servidor ems no responde. Compruebe la red e inténtelo de nuevo.

## auth

auth-name = Nombre
auth-password = Contraseña
auth-sign-in-title = Iniciar sesión en ems
auth-sign-in = Iniciar sesión
auth-sign-out = Cerrar sesión
auth-lock = Bloquear
auth-unlock = Desbloquear
auth-locked-title = Bloqueado
auth-locked-text = Esta sesión de { $name } está bloqueada. Escriba la contraseña para continuar.
auth-leave-title = ¿Cerrar sesión o bloquear?
auth-leave-text = Cerrar sesión la termina. Bloquear la conserva y oculta todo hasta que se vuelva a escribir la contraseña.
auth-reason-session-ended = Su sesión ha terminado. Inicie sesión de nuevo.
auth-reason-signed-out = Ha cerrado la sesión.

## account

account-role = Rol
account-pages = Páginas
account-change-password = Cambiar la contraseña
account-current-password = Contraseña actual
account-new-password = Nueva contraseña
account-repeat-password = Repita la nueva contraseña
account-password-rules = Al menos 8 caracteres; no una contraseña común, ni su nombre.
account-passwords-differ = Las dos contraseñas no coinciden.
account-password-changed = La contraseña ha cambiado. Sus otras sesiones han terminado.

## pages

page-panel-board = Mi cuadro eléctrico
page-consumption = Consumos
page-configuration = Configuración del sistema
page-users = Usuarios
page-audit = Registro de auditoría
page-system = Información del sistema
page-tokens = Tokens de API
page-account = Mi cuenta
page-wizard = Primer arranque

# The page rights a user can be given (as in the users page).
page-name-web_server_configuration = Configuración del servidor web
page-name-system_configuration = Configuración del sistema
page-name-my_panel_board = Mi cuadro eléctrico
page-name-consumption = Consumos
page-name-ev_charging = Recarga de vehículos eléctricos
page-name-reports_download = Descarga de informes
page-name-alarms = Alarmas

## roles

role-administrator = Administrador
role-ev_manager = Gestor de recarga
role-installer = Instalador
role-viewer = Observador

## device status

status-on = Encendido
status-off = Apagado
status-communication_error = Error de comunicación
status-waiting = Esperando la primera lectura

## errors

error-unauthenticated = No ha iniciado sesión, o su sesión ha terminado.
error-session_locked = La sesión está bloqueada.
error-invalid_credentials = El nombre o la contraseña son incorrectos.
error-too_many_attempts = Demasiados intentos.
error-forbidden = Su cuenta no puede hacer esto.
error-csrf_rejected = La solicitud se rechazó por venir de otro sitio. Recargue la página.
error-token_not_allowed = Un token de API no puede hacer esto; inicie sesión.
error-not_found = No existe (ya).
error-bad_request = La solicitud no se puede leer.
error-invalid = Algunos valores no se aceptan.
error-conflict = Esto choca con lo almacenado.
error-changed = Otra persona lo ha modificado desde que usted lo abrió y no se ha guardado nada. «Volver a cargar» muestra su estado actual; los cambios que ha hecho aquí se pierden.
error-weak_password = La contraseña es demasiado débil.
error-setup_refused = El código de configuración es incorrecto o ha caducado.
error-payload_too_large = Lo enviado es demasiado grande.
error-timeout = El servidor tardó demasiado.
error-device_unreachable = El dispositivo no responde.
error-unavailable = El servidor no puede hacerlo ahora.
error-internal = Algo falló en el servidor.
error-network = El servidor ems no responde. Compruebe la red e inténtelo de nuevo.
error-retry-after = Espere { $seconds } segundos antes de reintentar.
error-suggestion = ¿Quiso decir «{ $value }»?

## panel

panel-devices = Dispositivos
panel-show = Mostrar
panel-show-all = Todos los dispositivos
panel-show-gateways = Pasarelas
panel-show-panel-boards = Cuadros eléctricos
panel-none-shown = No hay ningún dispositivo instalado aquí.
panel-no-devices = Aún no hay dispositivos
panel-no-devices-add = Añádalos en Configuración del sistema
panel-no-devices-ask = Un instalador o un administrador los añade en Configuración del sistema.
panel-unit-id = Dirección { $unit }
panel-since = desde { $time }
panel-address = Dirección Modbus
panel-gateway = Pasarela
panel-panel-board = Cuadro eléctrico
panel-status = Estado
panel-last-error = Último error
panel-device-unknown = No existe ningún dispositivo «{ $device }».
panel-device-gone = Este dispositivo ya no existe: se quitó de la configuración.
panel-device-off = Este dispositivo está desactivado: no se lee.
panel-connecting = Conectando con los valores en directo…
panel-live = En directo
panel-last-reading = última lectura { $time }
panel-reconnecting = Se ha perdido la conexión en directo.
panel-reconnecting-in = Nuevo intento dentro de { $seconds } s. Puede que los valores mostrados no estén al día.
panel-reconnect-now = Reconectar ahora
panel-no-values = Aún no hay valores
panel-no-values-help = Los valores aparecen tras la primera lectura del dispositivo.
panel-no-value = no es un número
panel-quantity = Magnitud
panel-value = Valor
panel-min = Mínimo
panel-max = Máximo
panel-quality-stale = desactualizado
panel-quality-derived = calculado
panel-quality-bad = inverosímil
panel-quality-legend = Qué significan las marcas junto a los valores
panel-quality-stale-help = El último valor leído antes de que el dispositivo dejara de responder.
panel-quality-derived-help = Calculado por ems a partir de otros valores, no leído del dispositivo.
panel-quality-bad-help = Leído del dispositivo pero fuera del intervalo verosímil.
panel-harmonics = Armónicos
panel-harmonics-of = Armónicos de
panel-harmonics-voltage = Tensión
panel-harmonics-current = Corriente
panel-harmonics-table = Tabla
panel-harmonics-caption-voltage = Armónicos de tensión en % de la fundamental
panel-harmonics-caption-current = Armónicos de corriente en % de la fundamental
panel-harmonics-order = Orden
panel-harmonics-fundamental = Fundamental (valor eficaz)
panel-harmonics-order-n = Orden { $order }
panel-harmonics-order-at = Orden { $order } ({ $frequency })
panel-harmonics-measured = Medido { $time }
panel-harmonics-fundamental-at = fundamental { $frequency }
panel-harmonics-stale = último espectro antes de que el dispositivo dejara de responder
panel-harmonics-no-share = sin fundamental
panel-harmonics-none-yet = Aún no se han medido armónicos: aparecen en cuanto el contador analiza sus formas de onda.
panel-harmonics-chart-voltage = Gráfico de barras de los armónicos de tensión de { $phases }, órdenes 2 a { $max }, en % de la fundamental; la tabla contiene los valores.
panel-harmonics-chart-current = Gráfico de barras de los armónicos de corriente de { $phases }, órdenes 2 a { $max }, en % de la fundamental; la tabla contiene los valores.

## points

point-group-energy = Energía
point-group-volume = Volumen
point-group-power = Potencia
point-group-voltage = Tensión
point-group-current = Corriente
point-group-frequency = Frecuencia
point-group-power_factor = Factor de potencia
point-group-thd = Distorsión armónica (THD)
point-group-other = Otros valores
point-voltage_l1 = Tensión L1-N
point-voltage_l2 = Tensión L2-N
point-voltage_l3 = Tensión L3-N
point-voltage_ln_average = Tensión L-N, media
point-voltage_l1_l2 = Tensión L1-L2
point-voltage_l2_l3 = Tensión L2-L3
point-voltage_l3_l1 = Tensión L3-L1
point-voltage_ll_average = Tensión L-L, media
point-voltage_unbalance = Desequilibrio de tensión
point-current_l1 = Corriente L1
point-current_l2 = Corriente L2
point-current_l3 = Corriente L3
point-current_n = Corriente de neutro
point-current_average = Corriente, media
point-active_power = Potencia activa
point-active_power_l1 = Potencia activa L1
point-active_power_l2 = Potencia activa L2
point-active_power_l3 = Potencia activa L3
point-reactive_power = Potencia reactiva
point-reactive_power_l1 = Potencia reactiva L1
point-reactive_power_l2 = Potencia reactiva L2
point-reactive_power_l3 = Potencia reactiva L3
point-apparent_power = Potencia aparente
point-apparent_power_l1 = Potencia aparente L1
point-apparent_power_l2 = Potencia aparente L2
point-apparent_power_l3 = Potencia aparente L3
point-active_power_demand = Demanda de potencia
point-active_power_demand_peak = Demanda máxima de potencia
point-power_factor = Factor de potencia
point-power_factor_l1 = Factor de potencia L1
point-power_factor_l2 = Factor de potencia L2
point-power_factor_l3 = Factor de potencia L3
point-frequency = Frecuencia
point-thd_voltage_l1 = THD tensión L1-N
point-thd_voltage_l2 = THD tensión L2-N
point-thd_voltage_l3 = THD tensión L3-N
point-thd_voltage_l1_l2 = THD tensión L1-L2
point-thd_voltage_l2_l3 = THD tensión L2-L3
point-thd_voltage_l3_l1 = THD tensión L3-L1
point-thd_current_l1 = THD corriente L1
point-thd_current_l2 = THD corriente L2
point-thd_current_l3 = THD corriente L3
point-energy_active_import = Energía activa importada
point-energy_active_export = Energía activa exportada
point-energy_active_import_t1 = Energía activa importada, tarifa 1
point-energy_active_import_t2 = Energía activa importada, tarifa 2
point-energy_active_export_t1 = Energía activa exportada, tarifa 1
point-energy_active_export_t2 = Energía activa exportada, tarifa 2
point-energy_active_import_l1 = Energía activa importada L1
point-energy_active_import_l2 = Energía activa importada L2
point-energy_active_import_l3 = Energía activa importada L3
point-energy_active_export_l1 = Energía activa exportada L1
point-energy_active_export_l2 = Energía activa exportada L2
point-energy_active_export_l3 = Energía activa exportada L3
point-energy_active_q1 = Energía activa Q1
point-energy_active_q2 = Energía activa Q2
point-energy_active_q3 = Energía activa Q3
point-energy_active_q4 = Energía activa Q4
point-energy_reactive_import = Energía reactiva inductiva
point-energy_reactive_export = Energía reactiva capacitiva
point-energy_reactive_import_l1 = Energía reactiva inductiva L1
point-energy_reactive_import_l2 = Energía reactiva inductiva L2
point-energy_reactive_import_l3 = Energía reactiva inductiva L3
point-energy_reactive_export_l1 = Energía reactiva capacitiva L1
point-energy_reactive_export_l2 = Energía reactiva capacitiva L2
point-energy_reactive_export_l3 = Energía reactiva capacitiva L3
point-energy_reactive_q1 = Energía reactiva Q1
point-energy_reactive_q2 = Energía reactiva Q2
point-energy_reactive_q3 = Energía reactiva Q3
point-energy_reactive_q4 = Energía reactiva Q4
point-energy_apparent = Energía aparente
point-energy_apparent_q1 = Energía aparente Q1
point-energy_apparent_q2 = Energía aparente Q2
point-energy_apparent_q3 = Energía aparente Q3
point-energy_apparent_q4 = Energía aparente Q4
point-gas_volume = Volumen de gas
point-water_volume = Volumen de agua
point-run_time = Horas de funcionamiento
point-run_time_import = Horas de funcionamiento importando
point-run_time_export = Horas de funcionamiento exportando

## users

users-add = Añadir un usuario
users-name = Nombre
users-role = Rol
users-role-help = El rol decide lo que el usuario puede hacer; las páginas de abajo, lo que ve.
users-role-change-help = Al elegir otro rol se marcan sus páginas habituales; ajústelas abajo.
users-state = Estado
users-state-enabled = Puede iniciar sesión
users-state-disabled = Desactivado
users-pages = Páginas
users-all-pages = Todas las páginas
users-no-pages = Ninguna página
users-created = Creado
users-password-changed = Contraseña cambiada
users-actions = Acciones
users-you = usted
users-not-yours = Solo un administrador modifica este usuario.
users-none = No hay usuarios
users-password = Contraseña
users-password-repeat = Repita la contraseña
users-enabled = Puede iniciar sesión
users-enabled-help = Un usuario desactivado no puede iniciar sesión y sus tokens de API dejan de funcionar; no se borra nada.
users-pages-administrator = Un administrador tiene siempre todas las páginas.
users-page-help-my_panel_board = Valores en directo y estado de cada dispositivo.
users-page-help-consumption = Histogramas de consumo, parciales y comparaciones.
users-page-help-reports_download = Descarga de los registros brutos por intervalo.
users-page-help-alarms = Alarmas y eventos.
users-page-help-system_configuration = Pasarelas, dispositivos, cargas, grupos, cuadros y ajustes del sitio.
users-page-help-web_server_configuration = Información del sistema, optimización de la base de datos.
users-page-help-ev_charging = Gestión de la recarga de vehículos eléctricos.
users-create = Crear el usuario
users-created-done = Usuario { $name } creado.
users-edit-title = Modificar { $name }
users-saved = Cambios de { $name } guardados.
users-reset-password = Restablecer la contraseña
users-reset-title = Nueva contraseña para { $name }
users-reset-text = { $name } iniciará sesión con esta contraseña. Sus sesiones abiertas terminan ahora.
users-reset-done = La contraseña de { $name } está establecida; sus sesiones han terminado.
users-delete-title = ¿Eliminar { $name }?
users-delete-text = { $name } ya no podrá iniciar sesión; sus sesiones y tokens de API terminan. El registro de auditoría conserva su nombre.
users-deleted = Usuario { $name } eliminado.
users-last-administrator = El último administrador activo no se puede desactivar, eliminar ni cambiar de rol. Primero convierta a otro usuario en administrador.
users-name-taken = Ya existe un usuario con ese nombre (sin distinguir mayúsculas de minúsculas).

## tokens

tokens-intro = Un token de API permite a un script o a otro sistema usar la API de ems sin contraseña. Actúa con el rol que usted elija, nunca superior al suyo, y solo en sus páginas.
tokens-create-title = Crear un token
tokens-name = Nombre
tokens-name-help = Para qué sirve el token, por ejemplo «gestión técnica del edificio».
tokens-role = Rol
tokens-role-help = Elija el rol más bajo que baste para la tarea.
tokens-expiry = Caducidad
tokens-expiry-days = Tras un número de días
tokens-expiry-never = Nunca
tokens-days = Días
tokens-days-help = De 1 a 3650 días.
tokens-create = Crear el token
tokens-secret-title = Token «{ $name }» creado
tokens-secret-once = Copie el token ahora: se muestra solo esta vez y no se podrá volver a leer.
tokens-secret = Token
tokens-secret-help = Envíelo como «Authorization: Bearer» seguido del token.
tokens-copy = Copiar
tokens-copied = Copiado.
tokens-copy-failed = El navegador no permitió copiar: seleccione el token y cópielo usted.
tokens-secret-done = Ya lo he guardado
tokens-own = Sus tokens
tokens-all = Tokens de todos los usuarios
tokens-show-all = Tokens de todos los usuarios
tokens-owner = Usuario
tokens-created = Creado
tokens-expires = Caduca
tokens-last-used = Último uso
tokens-never = Nunca
tokens-never-used = Aún no
tokens-expired = caducado
tokens-none = No hay tokens
tokens-none-help = Cree uno arriba cuando un script u otro sistema necesite la API.
tokens-revoke = Revocar
tokens-revoke-title = ¿Revocar «{ $name }»?
tokens-revoke-text = El token «{ $name }» de { $owner } deja de funcionar de inmediato. No se puede deshacer.
tokens-revoked = Token «{ $name }» revocado.

## audit

audit-filters = Filtros
audit-user = Usuario
audit-action = Acción
audit-any-action = Cualquier acción
audit-since = Desde
audit-until = Hasta
audit-apply = Mostrar
audit-clear = Quitar los filtros
audit-time = Hora
audit-target = Objeto
audit-result = Resultado
audit-client = Dirección del cliente
audit-details = Detalles
audit-show-details = Mostrar
audit-nobody = nadie con sesión iniciada
audit-none = No hay entradas
audit-none-help = No se registró nada con estos filtros. Cámbielos o quítelos.
audit-older = Entradas anteriores
audit-end = { $count ->
    [one] Una entrada; no hay otras anteriores.
   *[other] { $count } entradas; no hay otras anteriores.
}
audit-result-success = Correcto
audit-result-failure = Fallido
audit-result-denied = Denegado
audit-action-setup = Puesta en marcha con el código de un solo uso
audit-action-login = Inicio de sesión
audit-action-logout = Cierre de sesión
audit-action-lock = Sesión bloqueada
audit-action-unlock = Sesión desbloqueada
audit-action-password_change = Contraseña propia cambiada
audit-action-user_create = Usuario creado
audit-action-user_change = Usuario modificado
audit-action-user_delete = Usuario eliminado
audit-action-user_password_reset = Contraseña restablecida
audit-action-token_create = Token de API creado
audit-action-token_revoke = Token de API revocado
audit-action-config_change = Configuración modificada
audit-action-config_import = Configuración importada
audit-action-site_commission = Primera puesta en marcha completada
audit-action-link_scan = Búsqueda de dispositivos en el bus
audit-action-store_optimize = Base de datos optimizada
audit-action-store_integrity_check = Integridad de la base de datos comprobada
audit-action-reprice = Costes recalculados
audit-action-import_prices = Precios importados
audit-action-reset_admin = Acceso restablecido desde la línea de comandos

## system

system-software = Programa
system-version = Versión
system-started = Reinicio de la aplicación
system-acquisition-started = Reinicio de la adquisición
system-booted = Reinicio del hardware
system-unknown = desconocido
system-resources = Recursos
system-cpu = CPU usada por ems
system-cpu-detail = { $percent } de un núcleo, { $cores ->
    [one] un núcleo
   *[other] { $cores } núcleos
} en total
system-cpu-help = Un valor que se mantiene por encima del { $threshold } puede indicar un problema del hardware o de la instalación.
system-cpu-high = El uso de la CPU se ha mantenido por encima del { $threshold } durante { $seconds } segundos.
system-load = Carga media (1, 5, 15 min)
system-load-values = { $one }; { $five }; { $fifteen }
system-memory-ems = Memoria usada por ems
system-memory-machine = Memoria del equipo
system-memory-used = { $used } usados de { $total }
system-database = Base de datos
system-database-size = Tamaño
system-database-wal = (de ellos { $size } en el registro de escritura anticipada)
system-free-space = Espacio libre
system-database-path = Archivo
system-backup = Copia de seguridad automática
system-backup-ok = Correcta
system-backup-error = Error
system-backup-none = ninguna todavía
system-health = Estado
system-optimize-recommended = Se recomienda optimizar
system-optimize-not-needed = No hace falta optimizar
system-health-detail = ({ $blocks ->
    [one] un bloque
   *[other] { $blocks } bloques
} por compactar, { $pages } páginas libres)
system-buffered = Pendiente de escritura
system-buffered-values = { $count ->
    [one] Un valor se mantiene en memoria: no se puede escribir en la base de datos.
   *[other] { $count } valores se mantienen en memoria: no se puede escribir en la base de datos.
}
system-maintenance = Mantenimiento
system-optimize = Optimizar
system-optimize-help = Fusiona los días terminados, actualiza las estadísticas y devuelve el espacio libre al disco.
system-optimize-confirm-title = ¿Optimizar la base de datos?
system-optimize-confirm = En una base de datos grande puede tardar un rato. No se pierde ningún dato.
system-optimizing = Optimizando…
system-optimize-done = Optimizada: { $blocks ->
    [one] un bloque fusionado
   *[other] { $blocks } bloques fusionados
}, { $freed } devueltos al disco.
system-integrity = Comprobación de integridad
system-integrity-help = Lee toda la base de datos para encontrar daños. En una base de datos grande puede tardar mucho.
system-integrity-start = Comprobar la integridad
system-integrity-running = Comprobando…
system-integrity-elapsed = { $seconds } s hasta ahora.
system-integrity-ok = La base de datos está intacta.
system-integrity-problems = La base de datos tiene problemas. Póngase en contacto con el servicio técnico.
system-integrity-checked = Comprobada { $time }.
system-integrity-never = Aún no comprobada.

## consumption

consumption-views = Vistas de consumo
consumption-view-total = Total general
consumption-view-partials = Parciales
consumption-view-compare = Comparar
consumption-view-details = Detalles
consumption-period = Periodo
consumption-period-day = Día
consumption-period-month = Mes
consumption-period-year = Año
consumption-period-decade = 10 años
consumption-date = Fecha
consumption-back-day = Día anterior
consumption-back-month = Mes anterior
consumption-back-year = Año anterior
consumption-back-decade = Diez años anteriores
consumption-forward-day = Día siguiente
consumption-forward-month = Mes siguiente
consumption-forward-year = Año siguiente
consumption-forward-decade = Diez años siguientes
consumption-today = Hoy
consumption-total = Total
consumption-total-title = Electricidad consumida, por carga
consumption-difference = Diferencia
consumption-difference-so-far = frente a { $amount } en el periodo anterior hasta el mismo momento
consumption-no-comparison = sin datos con los que comparar
consumption-no-data = sin datos
consumption-no-data-in = No se midió ningún consumo para { $period }.
consumption-no-data-hint = Puede que los contadores aún no estuvieran instalados o conectados, o que este contador no se mida aquí.
consumption-no-devices = Todavía no hay dispositivos
consumption-no-devices-hint = Los consumos aparecen aquí en cuanto se añaden contadores y empiezan a medir.
consumption-add-devices = Añada dispositivos en Configuración del sistema
consumption-overall = Global
consumption-medium = Suministro
consumption-medium-electricity = Electricidad
consumption-medium-gas = Gas
consumption-medium-water = Agua
consumption-table = Tabla
consumption-download-csv = Descargar CSV
consumption-full-screen = Pantalla completa
consumption-exit-full-screen = Salir de pantalla completa
consumption-legend = Leyenda
consumption-legend-toggle = Mostrar u ocultar en el gráfico
consumption-legend-striped = Rayado: medido en parte, estimado o todavía en curso
consumption-mark-running = todavía en curso
consumption-mark-partial = medido en parte
consumption-mark-estimated = en parte estimado durante un corte
consumption-chart-label = Gráfico: { $title }, { $period }. A continuación, la tabla de sus valores.
consumption-chart-keys = Flechas izquierda y derecha: los valores de cada barra
consumption-chart-failed = No se pudo cargar el gráfico. Vuelva a cargar la página.
consumption-slot-day = Hora
consumption-slot-month = Día
consumption-slot-year = Mes
consumption-slot-decade = Año
consumption-split-by = Dividir por
consumption-by-load = Por carga
consumption-by-group = Por grupo de medida
consumption-by-panel_board = Por cuadro eléctrico
consumption-all-load = Todas las cargas
consumption-all-group = Todos los grupos de medida
consumption-all-panel_board = Todos los cuadros eléctricos
consumption-no-parts-load = Todavía no hay cargas
consumption-no-parts-group = Todavía no hay grupos de medida
consumption-no-parts-panel_board = Todavía no hay cuadros eléctricos
consumption-configure-parts = Créelos en Configuración del sistema
consumption-counter = Contador
consumption-part = Mostrar
consumption-layout = Presentación
consumption-layout-stack = Apilado
consumption-layout-each = Un gráfico cada uno
consumption-first = Primero
consumption-second = Segundo
consumption-first-counter = Contador del primero
consumption-second-counter = Contador del segundo
consumption-compare-mode = Comparación
consumption-compare-total = Total
consumption-compare-details = Detalles
consumption-compare-difference = { $first } frente a { $second }
consumption-incomparable = No se pueden comparar
consumption-incomparable-text = «{ $first }» y «{ $second }» miden magnitudes distintas (por ejemplo, electricidad en kWh y gas en m³). Solo podrían compararse por su coste, lo que requiere tarifas. Elija contadores del mismo tipo.
consumption-kind-site = Instalación
consumption-kind-device = Dispositivos
consumption-kind-load = Cargas
consumption-kind-group = Grupos de medida
consumption-kind-panel_board = Cuadros eléctricos
consumption-devices = Dispositivos
consumption-filter = Mostrar los dispositivos de
consumption-all-devices = Todos los dispositivos
consumption-no-devices-here = Ningún dispositivo pertenece a esta carga o grupo.
consumption-details-tab = Qué mostrar
consumption-tab-energy = Energía
consumption-tab-quantities = Magnitudes
consumption-quantity = Magnitud
consumption-mean = Media
consumption-minimum = Mínimo
consumption-maximum = Máximo
consumption-band = Rango del mínimo al máximo
consumption-time = Hora
consumption-no-quantities = { $device } no tiene magnitudes instantáneas registradas (como potencia o tensión).
consumption-load-air_conditioning = Climatización
consumption-load-heating = Calefacción
consumption-load-hot_water = Agua caliente
consumption-load-lighting = Iluminación
consumption-load-sockets = Enchufes
consumption-load-ventilation = Ventilación
consumption-load-others = Otros

## configuration

configuration-sections = Secciones de la configuración
configuration-overview = Resumen
configuration-section-gateways = Pasarelas
configuration-section-links = Enlaces
configuration-section-devices = Dispositivos
configuration-section-loads = Cargas
configuration-section-groups = Grupos de medida
configuration-section-panel-boards = Cuadros eléctricos
configuration-section-settings = Ajustes del sitio
configuration-section-file = Archivo de configuración
configuration-intro = Describa la instalación en este orden: primero las pasarelas, sus enlaces y los dispositivos conectados, después las cargas, los grupos de medida y los cuadros eléctricos, y por último los ajustes del sitio.
configuration-version = Versión de la configuración vigente: { $version }.
configuration-step-devices = Pasarelas y dispositivos
configuration-step-devices-text = Los convertidores y buses a través de los cuales se llega a los contadores, y los propios contadores.
configuration-step-organisation = Cargas, grupos y cuadros eléctricos
configuration-step-organisation-text = Qué mide cada contador (una carga), a qué grupos pertenece y en qué cuadro está instalado. Opcional.
configuration-step-settings = Ajustes
configuration-step-settings-text = Nombre del sitio, zona horaria, moneda, idioma, frecuencia de muestreo y opciones CSV; toda la configuración como archivo.
configuration-wizard-text = El asistente de primer arranque le guía por el sitio, la frecuencia de muestreo y la incorporación de contadores mediante un barrido del bus.
configuration-wizard-again = Volver a ejecutar el asistente de primer arranque
configuration-wizard-unfinished = El primer arranque aún no ha terminado.
configuration-wizard-continue = Continuar el asistente de primer arranque
configuration-choose = Nada seleccionado
configuration-choose-option = Elija…
configuration-choose-text = Elija un elemento de la lista para verlo y modificarlo, o añada uno nuevo.
configuration-back-to-list = Volver a la lista
configuration-not-found = «{ $id }» no existe (o ya no existe).
configuration-saved = Guardado.
configuration-saved-restart = La adquisición se reinicia con la nueva configuración; los valores y estados vuelven en pocos segundos.
configuration-working = En curso…
configuration-test = Probar
configuration-delete-title = ¿Eliminar «{ $name }»?
configuration-delete-confirm = Eliminar definitivamente
configuration-disable = Desactivar en su lugar
configuration-off = Apagado
configuration-disabled-name = { $name } (desactivado)
configuration-none = Ninguno
configuration-id = Identificador
configuration-id-help = Se usa en la API y en el archivo de configuración; no se puede cambiar después. Letras minúsculas, cifras, «_» y «-», empezando por una letra.
configuration-id-invalid = Use de 1 a 64 letras minúsculas, cifras, «_» o «-», empezando por una letra.
configuration-name = Nombre
configuration-description = Descripción o ubicación
configuration-enabled = Activado
configuration-number-between = Escriba un número de { $min } a { $max }.
configuration-number-any = Escriba un número.
configuration-ms-help = En milisegundos.
configuration-filter-gateway = Pasarela
configuration-filter-link = Enlace
configuration-all-gateways = Todas las pasarelas
configuration-all-links = Todos los enlaces
configuration-panel-board = Cuadro eléctrico
configuration-test-values = { $count ->
    [one] Un valor leído a las { $time }
   *[other] { $count } valores leídos a las { $time }
}
configuration-test-caption = Valores que respondió el dispositivo
configuration-test-point = Magnitud
configuration-test-value = Valor
configuration-test-no-links = Esta pasarela no tiene ningún enlace activado que probar.
configuration-link-reachable = accesible
configuration-link-unreachable = no accesible
configuration-gateways-intro = Una pasarela es un convertidor Modbus: los enlaces (buses) hacia los contadores le pertenecen. La pasarela Local es este equipo; se puede renombrar o desactivar, pero no eliminar.
configuration-gateway-add = Añadir una pasarela
configuration-gateway-new = Nueva pasarela
configuration-gateway-address = Dirección IP o nombre de host
configuration-gateway-address-help = A título informativo: cada enlace tiene la dirección a la que se conecta.
configuration-gateway-address-local = La pasarela Local es este equipo; su dirección es fija.
configuration-gateway-panel-board-help = El cuadro en el que está instalada la pasarela. Se recomienda una pasarela por cuadro.
configuration-gateway-enabled-help = Desactivar una pasarela detiene la lectura de todos los dispositivos de sus enlaces.
configuration-gateway-local-help = La pasarela Local no se puede eliminar; desactívela si este equipo solo se usa como servidor web.
configuration-gateway-links = Enlaces de esta pasarela
configuration-gateway-no-links = Todavía no hay enlaces.
configuration-gateway-devices = Dispositivos de esta pasarela
configuration-gateway-delete-text = Se eliminan la pasarela y sus enlaces. Una pasarela con dispositivos en sus enlaces no se puede eliminar: elimine primero sus dispositivos.
configuration-links-intro = Un enlace es un bus o una conexión a través de la cual se llega a los dispositivos: Modbus TCP, un puerto serie RS-485, un convertidor RS-485/Ethernet o una tarjeta de adquisición.
configuration-link-add = Añadir un enlace
configuration-link-new = Nuevo enlace
configuration-link-gateway = Pasarela
configuration-link-kind = Tipo
configuration-kind-modbus_tcp = Modbus TCP
configuration-kind-modbus_rtu = Modbus RTU (puerto serie)
configuration-kind-rtu_over_tcp = Modbus RTU sobre TCP
configuration-kind-waveform_stream = Flujo de formas de onda
configuration-kind-modbus_tcp-help = Contadores o pasarelas que hablan Modbus TCP en la red.
configuration-kind-modbus_rtu-help = Un bus RS-485 en un puerto serie de este equipo.
configuration-kind-rtu_over_tcp-help = Un bus RS-485 detrás de un convertidor serie/Ethernet que transmite las tramas RTU tal cual.
configuration-kind-waveform_stream-help = Las muestras de una tarjeta de adquisición, leídas por el contador interno.
configuration-link-host = Dirección IP o nombre de host
configuration-link-host-help = Del contador o del convertidor.
configuration-link-port = Puerto TCP
configuration-link-serial-port = Puerto serie
configuration-link-serial-port-help = El archivo de dispositivo del puerto, por ejemplo /dev/ttyUSB0 (un nombre /dev/serial/by-id/ no cambia tras un reinicio).
configuration-link-port-in-use = usado por { $link }
configuration-link-baud = Velocidad (baudios)
configuration-link-parity = Paridad
configuration-parity-none = Ninguna
configuration-parity-odd = Impar
configuration-parity-even = Par
configuration-link-data-bits = Bits de datos
configuration-link-stop-bits = Bits de parada
configuration-link-timeout = Tiempo de espera de respuesta
configuration-link-gap = Silencio entre tramas
configuration-link-gap-serial-help = En milisegundos; vacío para el silencio Modbus de 3,5 caracteres.
configuration-link-gap-tcp-help = En milisegundos; vacío para 5 ms.
configuration-link-source = Origen
configuration-link-source-tcp = Dirección de red (host:puerto)
configuration-link-source-unix = Socket Unix
configuration-link-tcp-help = A dónde envía sus muestras la tarjeta de adquisición, por ejemplo 127.0.0.1:7070.
configuration-link-unix-help = La ruta absoluta del socket de la tarjeta.
configuration-link-failures = Lecturas fallidas antes de «error de comunicación»
configuration-link-failures-help = De 1 a 100 fallos consecutivos.
configuration-link-enabled-help = Desactivar un enlace detiene la lectura de todos sus dispositivos.
configuration-link-devices = { $count ->
    [0] Ningún dispositivo en este enlace
    [one] Un dispositivo en este enlace
   *[other] { $count } dispositivos en este enlace
}
configuration-link-delete-text = Solo se puede eliminar un enlace sin dispositivos.
configuration-devices-intro = Todos los contadores de los enlaces. Elija su modelo en la biblioteca, su dirección en el bus y lo que mide; «Probar» lo lee antes o después de guardar.
configuration-devices-empty = Aquí no hay dispositivos
configuration-devices-empty-text = Añada un dispositivo, o haga un barrido de un bus con el asistente de primer arranque.
configuration-device-add = Añadir un dispositivo
configuration-device-new = Nuevo dispositivo
configuration-device-what = Modelo
configuration-device-where = Nombre y dirección
configuration-device-organisation = Qué mide
configuration-device-link = Enlace
configuration-device-enabled-help = Un dispositivo desactivado no se lee; su historial se conserva.
configuration-device-delete-text = El dispositivo deja de leerse. Su historial se queda en la base de datos.
configuration-vendor = Fabricante
configuration-vendor-other = Otros dispositivos
configuration-model = Modelo
configuration-profile-kind = Tipo
configuration-profile-aliases = También se vende como
configuration-profile-points = { $count ->
    [one] Qué mide (un valor)
   *[other] Qué mide ({ $count } valores)
}
configuration-device-kind-electricity_meter = Contador de electricidad
configuration-device-kind-gas_meter = Contador de gas
configuration-device-kind-water_meter = Contador de agua
configuration-profile-generic = Contador Modbus genérico
configuration-profile-internal = Contador interno (tarjeta de adquisición)
configuration-profile-generic-help = Lee un registro de energía activa importada; su dirección figura en la documentación del contador.
configuration-profile-internal-help = ems mide por sí mismo a partir de las muestras de una tarjeta de adquisición en un enlace de flujo de formas de onda.
configuration-unit-id = Dirección Modbus
configuration-unit-id-help = De 1 a 247, distinta para cada dispositivo del enlace.
configuration-load = Carga
configuration-load-help = Qué mide el dispositivo; «Otros» si no es ninguna de las cargas.
configuration-groups = Grupos de medida
configuration-groups-legend = Grupos de medida (como máximo { $max })
configuration-groups-none = Todavía no hay grupos de medida.
configuration-group-add = Añadir un grupo de medida
configuration-generic = Registro de energía
configuration-generic-help = Los cuatro valores figuran en la documentación del contador.
configuration-generic-function = Código de lectura
configuration-generic-function-3 = 3 (registros de retención)
configuration-generic-function-4 = 4 (registros de entrada)
configuration-generic-register = Registro (hexadecimal)
configuration-generic-register-help = Contado desde 0, por ejemplo 0x0048.
configuration-generic-words = Palabras
configuration-generic-multiplier = Multiplicador
configuration-generic-unit = Unidad tras multiplicar
configuration-meter = Contador interno
configuration-meter-wiring = Conexión
configuration-wiring-1p2w = Monofásica, 2 hilos
configuration-wiring-2p3w = Fase partida, 3 hilos
configuration-wiring-3p4w = Trifásica con neutro, 4 hilos
configuration-wiring-3p3w = Trifásica sin neutro, 3 hilos
configuration-wiring-3p4w_wild_leg = Trifásica, 4 hilos, fase alta
configuration-meter-neutral = Corriente de neutro
configuration-neutral-auto = Automática
configuration-neutral-measured = Medida
configuration-neutral-computed = Calculada a partir de las fases
configuration-meter-voltage = Tensión nominal fase-neutro (V)
configuration-meter-frequency = Frecuencia nominal
configuration-meter-frequency-detect = Detectar
configuration-meter-run-threshold = En marcha por encima de (W)
configuration-meter-run-threshold-help = La carga se considera en marcha por encima de esta potencia activa.
configuration-meter-tariff = Tarifas
configuration-meter-tariff-choice = Tarifa de los registros de energía
configuration-tariff-t1 = Siempre tarifa 1
configuration-tariff-t2 = Siempre tarifa 2
configuration-tariff-digital_input = Elegida por la entrada digital
configuration-tariff-periods = Tarifa 2 en los periodos siguientes
configuration-tariff-period = Periodo { $number }
configuration-tariff-from = Desde (HH:MM)
configuration-tariff-to = Hasta (HH:MM)
configuration-tariff-add = Añadir un periodo
configuration-tariff-remove = Quitar el periodo { $number }
configuration-advanced = Opciones avanzadas
configuration-exclude-totals = Excluir de los totales
configuration-exclude-totals-help = Márquela cuando lo que mide este dispositivo también lo miden otros dispositivos, por ejemplo un contador general aguas arriba de subcontadores: si no, su energía se contaría dos veces en el total general y en los parciales. Su consumo sigue visible en los detalles.
configuration-exclude-alerts = Excluir las alertas
configuration-exclude-alerts-help = No se generan alertas por los eventos de este dispositivo.
configuration-ct-ratio = Relación del transformador de corriente
configuration-vt-ratio = Relación del transformador de tensión
configuration-ratio-help = Primario dividido entre secundario, por ejemplo 20 para 100/5 A; 1 sin transformador.
configuration-fast-poll = Lectura rápida (ms)
configuration-fast-poll-help = Cada cuánto se leen los valores instantáneos (potencia, tensión, corriente).
configuration-slow-poll = Lectura lenta (ms)
configuration-slow-poll-help = Cada cuánto se leen los contadores; no más corta que la lectura rápida.
configuration-device-timeout = Tiempo de espera de respuesta (ms)
configuration-device-timeout-help = Vacío para el del enlace.
configuration-loads-intro = Una carga es lo que mide un dispositivo: calefacción, iluminación… Las cargas predefinidas solo se pueden desactivar; añada las suyas si las necesita. Los dispositivos sin carga cuentan en «Otros».
configuration-load-add = Añadir una carga
configuration-load-new = Nueva carga
configuration-load-predefined = Carga predefinida
configuration-load-predefined-help = Una carga predefinida: se puede activar o desactivar, pero no renombrar ni eliminar.
configuration-load-others = Otros
configuration-load-others-help = Dispositivos sin carga. Siempre presente.
configuration-load-enabled-help = Una carga desactivada no aparece en los consumos.
configuration-load-users = { $count ->
    [0] Ningún dispositivo mide esta carga.
    [one] Un dispositivo mide esta carga.
   *[other] { $count } dispositivos miden esta carga.
}
configuration-load-delete-text = { $count ->
    [0] La carga se elimina. También puede conservarla y desactivarla.
   *[other] Hay dispositivos que miden esta carga: asígneles otra carga antes de eliminarla, o desactívela en su lugar.
}
configuration-load-delete-predefined = Una carga predefinida no se puede eliminar; se puede desactivar.
configuration-load-heating = Calefacción
configuration-load-air_conditioning = Climatización
configuration-load-hot_water = Agua caliente sanitaria
configuration-load-lighting = Iluminación
configuration-load-sockets = Enchufes
configuration-load-ventilation = Ventilación
configuration-groups-intro = Un grupo de medida es un conjunto lógico de puntos de medida, por ejemplo un inquilino o una planta. Un dispositivo pertenece como máximo a 5 grupos.
configuration-groups-empty = Todavía no hay grupos de medida
configuration-groups-empty-text = Añada uno y elíjalo después en la ficha de cada dispositivo que pertenezca a él.
configuration-group-new = Nuevo grupo de medida
configuration-group-enabled-help = Un grupo desactivado no aparece en los consumos.
configuration-group-users = { $count ->
    [0] Ningún dispositivo pertenece a este grupo.
    [one] Un dispositivo pertenece a este grupo.
   *[other] { $count } dispositivos pertenecen a este grupo.
}
configuration-group-delete-text = { $count ->
    [0] El grupo de medida se elimina. También puede conservarlo y desactivarlo.
   *[other] Hay dispositivos en este grupo: sáquelos antes de eliminarlo, o desactívelo en su lugar.
}
configuration-panel-boards-intro = Un cuadro eléctrico es un cuadro de distribución en el que se instalan pasarelas y dispositivos.
configuration-panel-boards-empty = Todavía no hay cuadros eléctricos
configuration-panel-boards-empty-text = Añada uno y elíjalo después en la ficha de su pasarela o de sus dispositivos.
configuration-panel-board-add = Añadir un cuadro eléctrico
configuration-panel-board-new = Nuevo cuadro eléctrico
configuration-panel-board-enabled-help = Un cuadro desactivado no aparece en los filtros.
configuration-panel-board-users = { $count ->
    [0] No hay nada instalado en este cuadro.
    [one] Hay una pasarela o un dispositivo instalado en este cuadro.
   *[other] Hay { $count } pasarelas y dispositivos instalados en este cuadro.
}
configuration-panel-board-delete-text = { $count ->
    [0] El cuadro eléctrico se elimina. También puede conservarlo y desactivarlo.
   *[other] Hay pasarelas o dispositivos instalados en este cuadro: trasládelos antes de eliminarlo, o desactívelo en su lugar.
}
configuration-settings-intro = Ajustes de todo el sitio. Al guardar se reinicia la adquisición.
configuration-settings-site = Sitio
configuration-site-name = Nombre del sitio
configuration-time-zone = Zona horaria
configuration-time-zone-help = Escriba para buscar, por ejemplo «Madrid». Los días, meses y años de consumo empiezan a medianoche en esta zona horaria.
configuration-time-zone-unknown = Este navegador no conoce esta zona horaria; compruebe la ortografía.
configuration-time-zone-browser = Usar la de este navegador: { $zone }
configuration-currency = Moneda
configuration-currency-help = El código ISO 4217 de tres letras, por ejemplo EUR, CHF, GBP.
configuration-currency-invalid = Tres letras mayúsculas, por ejemplo EUR.
configuration-language = Idioma del sitio
configuration-language-help = El idioma predeterminado de informes y notificaciones. Cada usuario sigue eligiendo el idioma de la interfaz.
configuration-sample-rate = Frecuencia de muestreo
configuration-sample-rate-help = Cada cuánto se guardan los datos de consumo.
configuration-sample-rate-note = El cambio no afecta a los datos ya guardados.
configuration-minutes = { $count ->
    [one] { $count } minuto
   *[other] { $count } minutos
}
configuration-csv = Opciones CSV
configuration-csv-decimal = Separador decimal
configuration-csv-decimal-comma = Coma (1234,5)
configuration-csv-decimal-point = Punto (1234.5)
configuration-csv-field = Separador de campos
configuration-csv-field-semicolon = Punto y coma (;)
configuration-csv-field-comma = Coma (,)
configuration-csv-preview = El principio de un archivo CSV con estas opciones:
configuration-csv-both-comma = Con coma para ambos, los números se ponen entre comillas: las hojas de cálculo los leen, pero el punto y coma como separador de campos es más claro.
configuration-file-intro = Toda la configuración del sitio como archivo de texto (TOML): para guardar una copia, llevarla a otro equipo o volver a una versión anterior.
configuration-file-export = Descargar
configuration-file-export-text = Cada cambio guarda una nueva versión; cualquiera de ellas se puede descargar.
configuration-file-download = Descargar la configuración vigente
configuration-file-download-version = Descargar la versión { $version }
configuration-file-versions = Versiones guardadas
configuration-file-version = Versión
configuration-file-saved-at = Guardada
configuration-file-source = Origen
configuration-file-in-force = (vigente)
configuration-source-seed = la primera configuración
configuration-source-import = un archivo importado
configuration-source-demo = la demostración
configuration-source-api = un cambio en la interfaz o en la API
configuration-file-import = Importar
configuration-file-import-text = Un archivo sustituye toda la configuración. Primero se comprueba: si algo está mal, nada cambia y cada error se indica con su lugar en el archivo.
configuration-file-choose = Archivo de configuración (.toml)
configuration-file-import-button = Importar y aplicar
configuration-file-confirm-title = ¿Sustituir toda la configuración?
configuration-file-confirm-text = La configuración de { $name } sustituye a la vigente, y la adquisición se reinicia con ella. La configuración vigente sigue disponible como versión.
configuration-file-imported = La versión { $version } está ahora vigente.
configuration-file-unchanged = El archivo es igual a la versión { $version } vigente: no ha cambiado nada.

## wizard

wizard-step-code = Código de instalación
wizard-step-admin = Administrador
wizard-step-site = Sitio
wizard-step-rate = Frecuencia de muestreo
wizard-step-devices = Pasarelas y dispositivos
wizard-step-done = Listo
wizard-step-of = Paso { $number } de { $count }
wizard-code-text = Todavía no existe ningún administrador. Escriba el código de instalación para crear uno.
wizard-code-where = ¿Dónde está el código de instalación?
wizard-code-where-text = ems lo muestra cuando arranca sin administrador: en su consola y en su registro (por ejemplo «journalctl -u ems»). Sirve una sola vez y caduca a las 24 horas; al reiniciar ems se muestra uno nuevo.
wizard-code = Código de instalación
wizard-code-help = Las mayúsculas, los espacios y los guiones no importan.
wizard-admin-text = El administrador puede hacerlo todo, incluso crear otros usuarios. No existe ninguna cuenta predeterminada.
wizard-admin-name = Nombre del administrador
wizard-admin-repeat = Repita la contraseña
wizard-admin-create = Crear el administrador
wizard-site-text = El nombre del sitio y cómo se muestran sus valores.
wizard-rate-text = Cada cuánto guarda ems los datos de consumo. 15 minutos sirven para la mayoría de los sitios; las frecuencias más cortas ocupan más espacio.
wizard-devices-text = Añada los contadores: elija el bus en el que están y haga un barrido para encontrar las direcciones Modbus que responden, o elija cada contador en la biblioteca.
wizard-bus = Bus
wizard-bus-new = Un bus nuevo
wizard-gateway-new = Una pasarela nueva…
wizard-gateway-name = Nombre de la nueva pasarela
wizard-how = Cómo añadir contadores
wizard-scan = Barrer el bus
wizard-scan-text = Se consulta por turnos cada dirección Modbus del intervalo; los contadores que declaran registros de identificación se reconocen. No se escribe nada en los contadores.
wizard-scan-from = Primera dirección
wizard-scan-to = Última dirección
wizard-scan-start = Iniciar el barrido
wizard-scan-stop = Detener
wizard-scan-progress-label = Progreso del barrido
wizard-scan-running = Consultada la dirección { $probed } de { $total }; hasta ahora han respondido { $found }.
wizard-scan-done = Barrido terminado: { $total } direcciones consultadas, { $found } han respondido.
wizard-scan-cancelled = Barrido detenido tras { $probed } de { $total } direcciones; han respondido { $found }.
wizard-scan-failed = El barrido ha fallado tras { $probed } de { $total } direcciones.
wizard-scan-none = No ha respondido ningún dispositivo. Compruebe el cableado, los ajustes del bus y las direcciones de los contadores.
wizard-found = { $count ->
    [one] Ha respondido un dispositivo
   *[other] Han respondido { $count } dispositivos
}
wizard-col-add = Añadir
wizard-row-add = Añadir el dispositivo de la dirección { $unit }
wizard-row-model = Modelo del dispositivo de la dirección { $unit }
wizard-row-name = Nombre del dispositivo de la dirección { $unit }
wizard-row-load = Carga del dispositivo de la dirección { $unit }
wizard-row-test = Probar el dispositivo de la dirección { $unit }
wizard-row-unknown = Responde, modelo desconocido
wizard-row-several = Coinciden varios modelos
wizard-row-exception = (excepción Modbus { $code })
wizard-row-configured = Ya configurado como «{ $name }»
wizard-unit-name = Dispositivo { $unit }
wizard-add-selected = { $count ->
    [0] Añadir los dispositivos elegidos
    [one] Añadir el dispositivo elegido
   *[other] Añadir los { $count } dispositivos elegidos
}
wizard-added = { $count ->
    [one] Un dispositivo añadido.
   *[other] { $count } dispositivos añadidos.
}
wizard-library = Añadir desde la biblioteca
wizard-library-text = Elija el fabricante y el modelo, y después la dirección Modbus configurada en el contador.
wizard-library-add = Añadir el dispositivo
wizard-library-added = «{ $name }» añadido.
wizard-added-title = { $count ->
    [0] Añadidos en este asistente: ninguno todavía
    [one] Añadidos en este asistente: un dispositivo
   *[other] Añadidos en este asistente: { $count } dispositivos
}
wizard-added-none = { $count ->
    [0] El sitio todavía no tiene dispositivos.
    [one] El sitio ya tiene un dispositivo.
   *[other] El sitio ya tiene { $count } dispositivos.
}
wizard-done-text = El sitio está configurado y la adquisición está en marcha. Todo se puede cambiar más adelante en la configuración del sistema.
wizard-done-next = Qué hacer ahora
wizard-done-users = Añadir usuarios

## field rules

field-rule-syntax = No es TOML válido (línea { $line }, columna { $column }).
field-rule-required = Este valor es obligatorio.
field-rule-missing_section = Falta la sección [site].
field-rule-unknown_key = Esta clave no se conoce aquí.
field-rule-type = { $expected ->
    [none] Tipo incorrecto: { $found } no se acepta aquí.
   *[other] Se esperaba { $expected }; se recibió { $found }.
}
field-rule-type-string = un texto
field-rule-type-integer = un número entero
field-rule-type-number = un número
field-rule-type-float = un número decimal
field-rule-type-boolean = verdadero o falso
field-rule-type-date_time = una fecha y hora
field-rule-type-array = una lista
field-rule-type-table = un grupo de ajustes
field-rule-type-null = ningún valor
field-rule-not_allowed = Elija { $allowed }.
field-rule-out_of_range = { $min ->
    [none] { $above ->
        [none] Debe ser como máximo { $max }.
       *[other] { $max ->
            [none] Debe ser mayor que { $above }.
           *[other] Debe ser mayor que { $above } y como máximo { $max }.
        }
    }
   *[other] { $max ->
        [none] Debe ser como mínimo { $min }.
       *[other] Debe estar entre { $min } y { $max }.
    }
}
field-rule-empty = No puede estar vacío.
field-rule-too_long = Como máximo { $max } caracteres.
field-rule-too_short = Como mínimo { $min } caracteres.
field-rule-too_many = Se pueden indicar como máximo { $max }.
field-rule-pattern = { $format ->
    [id] Use de 1 a 64 letras minúsculas, cifras, «_» o «-», empezando por una letra.
    [host] Introduzca una dirección IP o un nombre de host.
    [host_port] Introduzca un host y un puerto, por ejemplo 192.168.1.20:7070.
    [serial_port] Introduzca un puerto serie como /dev/ttyUSB0.
    [socket_path] Introduzca una ruta de socket absoluta como /run/ems/board.sock.
    [currency] Introduzca un código de moneda de tres letras mayúsculas, por ejemplo EUR.
    [register] Introduzca una dirección de registro hexadecimal como 0x0048.
    [time_of_day] Introduzca una hora con el formato HH:MM, de 00:00 a 24:00.
    [date] Introduzca una fecha con el formato AAAA-MM-DD.
    [decimal] Introduzca un número decimal como 0.2345, con seis decimales como máximo.
    [colour] Introduzca un color con el formato #rrggbb, como #d55e00.
    [time] Introduzca una hora con su desfase, por ejemplo 2026-11-21T10:00:00+01:00.
    [instant] Introduzca una fecha (AAAA-MM-DD) o una hora con su desfase.
    [scope] Introduzca site, device:<id>, load:<id>, group:<id> o panel_board:<id>.
    [user_name] Use caracteres visibles, sin espacios al principio ni al final.
   *[other] No tiene la forma esperada.
}
field-rule-unknown_reference = { $kind ->
    [link] No existe el enlace «{ $value }».
    [gateway] No existe la pasarela «{ $value }».
    [load] No existe la carga «{ $value }».
    [measure_group] No existe el grupo de medida «{ $value }».
    [panel_board] No existe el cuadro eléctrico «{ $value }».
    [profile] El modelo «{ $value }» no está en la biblioteca de dispositivos.
    [unit] «{ $value }» no es una unidad conocida.
    [time_zone] «{ $value }» no es una zona horaria conocida.
    [tariff] No existe la tarifa «{ $value }».
    [device] No existe el dispositivo «{ $value }».
    [point] «{ $value }» no es una magnitud conocida.
   *[other] «{ $value }» no existe.
}
field-rule-duplicate = «{ $value }» ya se usa; debe ser único.
field-rule-order = Debe ser posterior a «{ $other }».
field-rule-link_kind = { $kind ->
    [waveform_stream] Un flujo de formas de onda solo lo lee un contador interno.
   *[other] Un contador interno lee un flujo de formas de onda, no un enlace de este tipo.
}
field-rule-not_applicable = No se aplica aquí; déjelo vacío.
field-rule-fixed = No se puede cambiar; sigue siendo «{ $value }».
field-rule-reserved = «{ $value }» está reservado por ems.
field-rule-cannot_remove = Existe siempre: se puede desactivar, pero no eliminar.
field-rule-non_zero = Introduzca un número distinto de 0.
field-rule-common_password = Es una de las contraseñas más comunes; elija otra.
field-rule-guessable_password = La contraseña no puede ser el nombre del usuario ni el del producto.
field-rule-invalid = No aceptado: { $reason }
field-rule-no_counter = El dispositivo «{ $value }» no registra «{ $point }».

## tariffs editor
# La factura de consumos (Configuración del sistema → Tarifas): tarifas, reglas de coste, cargos fijos, revalorización.

configuration-section-tariffs = Tarifas
tariffs-intro = La factura de consumos: para electricidad, gas y agua, las tarifas con sus precios y las reglas de coste que eligen entre ellas. Solo se calculan costes donde se aplica una regla.
tariffs-commodities = Suministros
tariffs-commodity-electricity = Electricidad
tariffs-commodity-gas = Gas
tariffs-commodity-water = Agua
tariffs-has-errors = (tiene errores)
tariffs-currency = Los precios y cargos están en { $currency } ({ $name }), la moneda del sitio.
tariffs-currency-change = Puede cambiarla en los ajustes del sitio.
tariffs-gas-factor = Factor de conversión (kWh por m³)
tariffs-gas-factor-help = Tal como figura en su factura de gas. El gas se muestra entonces también en kWh equivalentes; déjelo vacío si no lo conoce.
tariffs-tariffs = Tarifas
tariffs-tariffs-help = Cada tarifa tiene un nombre, un color para los gráficos y uno o varios precios por { $unit } en { $currency }, cada uno válido desde una fecha.
tariffs-no-tariffs = Sin tarifas
tariffs-no-tariffs-text = Añada una tarifa y después una regla que la elija.
tariffs-empty-title = Sin contrato para: { $commodity }
tariffs-empty-text = Sin reglas de coste no se calcula ningún coste para: { $commodity }. Añada una tarifa (nombre, color y precio) y después una regla que la elija.
tariffs-add-tariff = Añadir una tarifa
tariffs-new = Nueva, aún no guardada
tariffs-price-per = { $price } por { $unit }
tariffs-price-from = desde el { $date }
tariffs-price-always = desde el principio
tariffs-edit-tariff = Editar { $name }
tariffs-close-form = Cerrar { $name }
tariffs-delete-tariff = Eliminar { $name }
tariffs-tariff-used = { $count ->
    [one] Usada por la regla { $rules }: no se puede eliminar. Modifique o elimine antes esa regla.
   *[other] Usada por las reglas { $rules }: no se puede eliminar. Modifique o elimine antes esas reglas.
}
tariffs-tariff-deleted = Tarifa { $name } eliminada. Guarde para conservar este cambio.
tariffs-tariff-form = Tarifa { $name }
tariffs-name = Nombre
tariffs-id = Identificador: { $id }.
tariffs-id-new = Se forma a partir del nombre y no se puede cambiar una vez guardado, porque los costes se almacenan con él.
tariffs-id-fixed = No se puede cambiar: los costes se almacenan con él.
tariffs-colour = Color
tariffs-colour-blue = Azul
tariffs-colour-orange = Naranja
tariffs-colour-bluish_green = Verde azulado
tariffs-colour-reddish_purple = Púrpura rojizo
tariffs-colour-sky_blue = Azul cielo
tariffs-colour-vermillion = Bermellón
tariffs-colour-yellow = Amarillo
tariffs-colour-black = Negro
tariffs-colour-code = Código de color
tariffs-colour-code-help = Cualquier color como #rrggbb, por ejemplo #d55e00. Los colores de arriba se distinguen con todas las alteraciones comunes de la visión del color.
tariffs-colour-pick = Elegir un color
tariffs-prices = Precios ({ $currency } por { $unit })
tariffs-prices-title = Precios
tariffs-prices-help = Un precio se aplica desde su fecha hasta la fecha del precio siguiente; un precio nuevo nunca cambia los costes ya calculados. Un precio puede no tener fecha: se aplica desde el principio.
tariffs-price-n = Precio { $n }
tariffs-price-valid-from = Válido desde
tariffs-price-valid-from-help = Vacío: desde el principio.
tariffs-price = Precio ({ $currency } por { $unit })
tariffs-remove-price = Quitar el precio { $n }
tariffs-add-price = Añadir un precio
tariffs-rules = Reglas de coste
tariffs-rules-help = Las reglas se comprueban desde arriba: la primera regla cuyas condiciones se cumplen todas elige la tarifa. Ponga primero las excepciones, como los festivos.
tariffs-feed-in = Vertido a la red
tariffs-feed-in-text = Lo que obtiene la electricidad vertida a la red: un plan propio, con sus tarifas y reglas.
tariffs-feed-in-tariffs = Tarifas de vertido
tariffs-feed-in-rules = Reglas de vertido
tariffs-check-at = Comprobar otro momento (hora del sitio, { $zone })
tariffs-check = Comprobar
tariffs-check-now = Volver a ahora
tariffs-explain-unsaved = Las reglas tienen cambios sin guardar: guárdelos para ver qué regla se aplica.
tariffs-explain-none = Ninguna regla se aplica el { $time }: en ese momento no se valora nada.
tariffs-explain-now = Ahora ({ $time }) se aplica la regla { $rule }: { $price } por { $unit }.
tariffs-explain-at = El { $time } se aplica la regla { $rule }: { $price } por { $unit }.
tariffs-applies-now = Se aplica ahora
tariffs-applies-then = Se aplica en ese momento
tariffs-skipped = No se aplica: { $reasons }.
tariffs-cause-outside_validity = fuera de su validez
tariffs-cause-outside_time_frame = fuera de su franja horaria
tariffs-cause-weekday_not_chosen = { $day } no es uno de sus días
tariffs-rule-n = Regla { $n }
tariffs-rule-always = siempre
tariffs-rule-period = del { $from } al { $to }
tariffs-rule-since = desde el { $from }
tariffs-rule-on = el { $date }
tariffs-rule-every-year = { $period } cada año
tariffs-move-up = Subir
tariffs-move-down = Bajar
tariffs-rule-moved = Regla { $name } movida a la posición { $position } de { $count }.
tariffs-rule-deleted = Regla { $position } eliminada. Guarde para conservar este cambio.
tariffs-add-rule = Añadir una regla
tariffs-no-rules = Sin reglas de coste
tariffs-no-rules-text = Sin reglas no se calcula ningún coste para: { $commodity }. Añada una regla que elija una tarifa.
tariffs-rule-form = Regla { $n }
tariffs-rule-tariff = Tarifa
tariffs-choose-tariff = Elija una tarifa
tariffs-validity = Validez
tariffs-validity-always = Siempre
tariffs-validity-period = Entre dos fechas
tariffs-validity-from = Desde
tariffs-validity-to = Hasta (incluido)
tariffs-validity-to-help = Vacío: sin fin.
tariffs-repeat = Repetir cada año
tariffs-repeat-help = Solo cuentan el día y el mes, como en los festivos; requiere una fecha final.
tariffs-time = Hora del día
tariffs-time-all = Todo el día
tariffs-time-frame = De una hora a otra
tariffs-time-from = De
tariffs-time-to = A (minuto incluido)
tariffs-time-help = El último minuto está incluido: de 08:00 a 18:59 termina a las 19:00. Un final antes del inicio pasa la medianoche.
tariffs-days = Días de la semana
tariffs-days-help = Todos marcados: todos los días. El día es el de la fecha local.
tariffs-charges = Cargos fijos
tariffs-standing = Término fijo
tariffs-standing-help = Un importe fijo por cada día o mes, sea cual sea el consumo.
tariffs-standing-none = Ninguno
tariffs-standing-day = Por día
tariffs-standing-month = Por mes
tariffs-standing-amount = Importe ({ $currency })
tariffs-demand = Término de potencia ({ $currency } por kW y mes)
tariffs-demand-title = Término de potencia
tariffs-demand-help = Opcional: se cobra sobre la mayor potencia media de 15 minutos del mes. Vacío: ninguno.
tariffs-past = Costes pasados
tariffs-past-text = Los cambios guardados valoran los datos registrados a partir de entonces; los costes ya calculados se quedan como estaban. Para aplicar una corrección a días pasados, vuelva a valorarlos.
tariffs-reprice = Volver a valorar días pasados…
tariffs-reprice-title = Volver a valorar días pasados
tariffs-reprice-text = Los intervalos registrados en estos días se valoran de nuevo con las tarifas y reglas guardadas ahora, y sus costes anteriores se sustituyen. Los demás días conservan los suyos.
tariffs-reprice-from = Primer día
tariffs-reprice-to = Último día (incluido)
tariffs-reprice-confirm = Volver a valorar
tariffs-repricing = Valorando…
tariffs-repriced = { $count ->
    [one] { $count } intervalo valorado de nuevo ({ $from } a { $to }).
   *[other] { $count } intervalos valorados de nuevo ({ $from } a { $to }).
}
tariffs-saved-text = A partir de ahora, los datos nuevos se valoran con estas tarifas; los costes ya calculados se quedan como estaban.
tariffs-unsaved = Cambios sin guardar
tariffs-not-saved = No guardado: ver por qué.
tariffs-all-saved = Ningún cambio sin guardar
tariffs-discard = Descartar los cambios
tariffs-leave = ¿Salir de esta página? Sus cambios en las tarifas no están guardados.

## consumption tariffs
# Consumos → Tarifas (lo que costó el consumo, por tarifa) y los costes globales del total general.

consumption-view-tariffs = Tarifas
consumption-tariffs-show = Vista de tarifas
consumption-tariffs-show-total = Total
consumption-tariffs-show-details = Detalles
consumption-tariffs-commodity = Suministro
consumption-tariffs-point-energy_active_import = Electricidad
consumption-tariffs-point-energy_active_export = Vertido a la red
consumption-tariffs-point-gas_volume = Gas
consumption-tariffs-point-water_volume = Agua
consumption-tariffs-title-energy_active_import = Coste de la electricidad comprada, por tarifa
consumption-tariffs-title-energy_active_export = Ingresos por vertido a la red, por tarifa
consumption-tariffs-title-gas_volume = Coste del gas, por tarifa
consumption-tariffs-title-water_volume = Coste del agua, por tarifa
consumption-tariffs-scope = Costes de
consumption-tariffs-filter = Tarifas mostradas
consumption-tariffs-no-data = sin datos en este periodo
consumption-tariffs-tariff = Tarifa
consumption-tariffs-amount = Cantidad
consumption-tariffs-cost = Coste
consumption-tariffs-revenue = Ingreso
consumption-tariffs-share = Proporción
consumption-tariffs-total-cost = Coste total
consumption-tariffs-total-revenue = Ingreso total
consumption-tariffs-pie-label = Gráfico de anillo: { $title }: { $slices }. La tabla de al lado indica cantidades y costes.
consumption-tariffs-none-shown = No hay ninguna tarifa elegida: elija al menos una arriba.
consumption-tariffs-nothing-priced = No se valoró nada de este periodo.
consumption-tariffs-unpriced = { $amount } sin valorar: ninguna regla de coste cubre esas horas, o su tarifa aún no tenía precio. Revise la factura de consumos.
consumption-tariffs-open-bill = Abrir la factura de consumos
consumption-tariffs-no-contract = Sin factura de consumos no hay costes
consumption-tariffs-no-contract-hint = Los costes aparecen aquí en cuanto se introducen las tarifas y las reglas de coste del contrato en Configuración del sistema → Tarifas. Si no puede abrirla, consulte a su instalador o administrador.
consumption-tariffs-enter-bill = Introducir la factura de consumos
consumption-tariffs-no-scopes = Ningún dispositivo, carga o grupo mide todavía electricidad, gas o agua.
consumption-overall-costs = Costes globales
consumption-overall-commodity = Suministro
consumption-overall-amount = Cantidad
consumption-overall-cost = Coste
consumption-overall-row-energy_active_import = Electricidad comprada
consumption-overall-row-energy_active_export = Electricidad vertida a la red
consumption-overall-row-gas_volume = Gas
consumption-overall-row-water_volume = Agua
consumption-overall-equivalent = equivalente a { $amount }
consumption-overall-unpriced = de los cuales { $amount } sin valorar
consumption-overall-revenue = ingreso
consumption-overall-not-priced = sin valorar
consumption-overall-bought = Coste de lo comprado
consumption-overall-fed-in = Ingreso de lo vertido a la red
consumption-overall-standing = Cargos fijos del período hasta ahora
consumption-overall-total = Total con cargos fijos (antes del ingreso por vertido)
consumption-overall-no-costs = Sin costes: requieren una factura de consumos.
consumption-overall-some-unpriced = Una parte del periodo no se valoró: ninguna regla de coste cubre esas horas, o su tarifa aún no tenía precio. Los costes de arriba no la incluyen.

## demand charge

tariffs-demand-meter = Contador del punto de suministro
tariffs-demand-meter-help = El contador en el punto de conexión a la red, donde la distribuidora mide la potencia máxima (no un subcontador). Obligatorio si se indica un precio.
tariffs-demand-meter-choose = Elija un contador
consumption-demand = Término de potencia
consumption-demand-month = Término de potencia, { $month }
consumption-demand-peak = máximo { $power } el { $at }
consumption-demand-no-peak = sin lecturas del contador del punto de suministro
consumption-demand-total = Total con { $standing ->
    [yes] cargos fijos y término de potencia
   *[no] el término de potencia
} (antes del ingreso por vertido)
