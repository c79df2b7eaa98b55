# ems : français.

## app

app-loading = Chargement…
app-language = Langue
app-menu = Menu
app-cancel = Annuler
app-save = Enregistrer
app-saved = Enregistré.
app-add = Ajouter
app-edit = Modifier
app-delete = Supprimer
app-close = Fermer
app-back = Retour
app-next = Suivant
app-retry = Réessayer
app-reload = Recharger
app-skip-to-content = Aller au contenu
app-not-found = Cette page n’existe pas.
app-go-home = Aller à la page d’accueil
app-page-not-allowed = Votre compte ne peut pas ouvrir cette page. Un administrateur peut vous en donner le droit.
app-unreachable = Le serveur ems ne répond pas. Vérifiez le réseau et réessayez.

## auth

auth-name = Nom
auth-password = Mot de passe
auth-sign-in-title = Se connecter à ems
auth-sign-in = Se connecter
auth-sign-out = Se déconnecter
auth-lock = Verrouiller
auth-unlock = Déverrouiller
auth-locked-title = Verrouillé
auth-locked-text = Cette session de { $name } est verrouillée. Saisissez le mot de passe pour continuer.
auth-leave-title = Se déconnecter ou verrouiller ?
auth-leave-text = Se déconnecter termine la session. Verrouiller la conserve et masque tout jusqu’à ce que le mot de passe soit saisi à nouveau.
auth-reason-session-ended = Votre session a pris fin. Reconnectez-vous.
auth-reason-signed-out = Vous êtes déconnecté.

## account

account-role = Rôle
account-pages = Pages
account-change-password = Changer le mot de passe
account-current-password = Mot de passe actuel
account-new-password = Nouveau mot de passe
account-repeat-password = Répéter le nouveau mot de passe
account-password-rules = Au moins 8 caractères ; pas un mot de passe courant, pas votre nom.
account-passwords-differ = Les deux mots de passe diffèrent.
account-password-changed = Le mot de passe est changé. Vos autres sessions ont pris fin.

## pages

page-panel-board = Mon tableau électrique
page-consumption = Consommations
page-configuration = Configuration du système
page-users = Utilisateurs
page-audit = Journal d’audit
page-system = Informations système
page-tokens = Jetons d’API
page-account = Mon compte
page-wizard = Premier démarrage

# The page rights a user can be given (as in the users page).
page-name-web_server_configuration = Configuration du serveur web
page-name-system_configuration = Configuration du système
page-name-my_panel_board = Mon tableau électrique
page-name-consumption = Consommations
page-name-ev_charging = Recharge des véhicules électriques
page-name-reports_download = Téléchargement des rapports
page-name-alarms = Alarmes

## roles

role-administrator = Administrateur
role-ev_manager = Gestionnaire de recharge
role-installer = Installateur
role-viewer = Observateur

## device status

status-on = En marche
status-off = À l’arrêt
status-communication_error = Erreur de communication
status-waiting = En attente de la première lecture

## errors

error-unauthenticated = Vous n’êtes pas connecté, ou votre session a pris fin.
error-session_locked = La session est verrouillée.
error-invalid_credentials = Le nom ou le mot de passe est faux.
error-too_many_attempts = Trop de tentatives.
error-forbidden = Votre compte ne peut pas faire cela.
error-csrf_rejected = La requête a été refusée car elle vient d’un autre site. Rechargez la page.
error-token_not_allowed = Un jeton d’API ne peut pas faire cela ; connectez-vous plutôt.
error-not_found = Cela n’existe pas (ou plus).
error-bad_request = La requête est illisible.
error-invalid = Certaines valeurs ne sont pas acceptées.
error-conflict = Cela entre en conflit avec ce qui est enregistré.
error-changed = Quelqu’un d’autre l’a modifié depuis que vous l’avez ouvert ; rien n’a été enregistré. « Recharger » affiche son état actuel, et les modifications que vous avez faites ici sont alors perdues.
error-weak_password = Le mot de passe est trop faible.
error-setup_refused = Le code d’installation est faux ou a expiré.
error-payload_too_large = L’envoi est trop volumineux.
error-timeout = Le serveur a mis trop de temps.
error-device_unreachable = L’appareil ne répond pas.
error-unavailable = Le serveur ne peut pas le faire pour l’instant.
error-internal = Une erreur s’est produite dans le serveur.
error-network = Le serveur ems ne répond pas. Vérifiez le réseau et réessayez.
error-retry-after = Attendez { $seconds } secondes avant de réessayer.
error-suggestion = Vouliez-vous dire « { $value } » ?

## panel

panel-devices = Appareils
panel-show = Afficher
panel-show-all = Tous les appareils
panel-show-gateways = Passerelles
panel-show-panel-boards = Tableaux électriques
panel-none-shown = Aucun appareil n’est installé ici.
panel-no-devices = Pas encore d’appareils
panel-no-devices-add = Ajoutez-les dans Configuration du système
panel-no-devices-ask = Un installateur ou un administrateur les ajoute dans Configuration du système.
panel-unit-id = Adresse { $unit }
panel-since = depuis { $time }
panel-address = Adresse Modbus
panel-gateway = Passerelle
panel-panel-board = Tableau électrique
panel-status = État
panel-last-error = Dernière erreur
panel-device-unknown = Il n’existe aucun appareil « { $device } ».
panel-device-gone = Cet appareil n’existe plus : il a été retiré de la configuration.
panel-device-off = Cet appareil est désactivé : il n’est pas lu.
panel-connecting = Connexion aux valeurs en direct…
panel-live = En direct
panel-last-reading = dernière lecture { $time }
panel-reconnecting = La connexion en direct est perdue.
panel-reconnecting-in = Nouvel essai dans { $seconds } s. Les valeurs affichées ne sont peut-être plus à jour.
panel-reconnect-now = Se reconnecter maintenant
panel-no-values = Pas encore de valeurs
panel-no-values-help = Les valeurs apparaissent après la première lecture de l’appareil.
panel-no-value = pas un nombre
panel-quantity = Grandeur
panel-value = Valeur
panel-min = Minimum
panel-max = Maximum
panel-quality-stale = périmée
panel-quality-derived = calculée
panel-quality-bad = invraisemblable
panel-quality-legend = Ce que signifient les marques à côté des valeurs
panel-quality-stale-help = La dernière valeur lue avant que l’appareil cesse de répondre.
panel-quality-derived-help = Calculée par ems à partir d’autres valeurs, non lue dans l’appareil.
panel-quality-bad-help = Lue dans l’appareil mais hors de la plage vraisemblable.
panel-harmonics = Harmoniques
panel-harmonics-of = Harmoniques de
panel-harmonics-voltage = Tension
panel-harmonics-current = Courant
panel-harmonics-table = Tableau
panel-harmonics-caption-voltage = Harmoniques de tension en % du fondamental
panel-harmonics-caption-current = Harmoniques de courant en % du fondamental
panel-harmonics-order = Rang
panel-harmonics-fundamental = Fondamental (valeur efficace)
panel-harmonics-order-n = Rang { $order }
panel-harmonics-order-at = Rang { $order } ({ $frequency })
panel-harmonics-measured = Mesuré { $time }
panel-harmonics-fundamental-at = fondamental { $frequency }
panel-harmonics-stale = dernier spectre avant que l’appareil cesse de répondre
panel-harmonics-no-share = pas de fondamental
panel-harmonics-none-yet = Aucune harmonique mesurée pour l’instant : elles apparaissent dès que le compteur analyse ses formes d’onde.
panel-harmonics-chart-voltage = Diagramme en barres des harmoniques de tension de { $phases }, rangs 2 à { $max }, en % du fondamental ; le tableau donne les valeurs.
panel-harmonics-chart-current = Diagramme en barres des harmoniques de courant de { $phases }, rangs 2 à { $max }, en % du fondamental ; le tableau donne les valeurs.

## points

point-group-energy = Énergie
point-group-volume = Volume
point-group-power = Puissance
point-group-voltage = Tension
point-group-current = Courant
point-group-frequency = Fréquence
point-group-power_factor = Facteur de puissance
point-group-thd = Distorsion harmonique (THD)
point-group-other = Autres valeurs
point-voltage_l1 = Tension L1-N
point-voltage_l2 = Tension L2-N
point-voltage_l3 = Tension L3-N
point-voltage_ln_average = Tension L-N, moyenne
point-voltage_l1_l2 = Tension L1-L2
point-voltage_l2_l3 = Tension L2-L3
point-voltage_l3_l1 = Tension L3-L1
point-voltage_ll_average = Tension L-L, moyenne
point-voltage_unbalance = Déséquilibre de tension
point-current_l1 = Courant L1
point-current_l2 = Courant L2
point-current_l3 = Courant L3
point-current_n = Courant de neutre
point-current_average = Courant, moyenne
point-active_power = Puissance active
point-active_power_l1 = Puissance active L1
point-active_power_l2 = Puissance active L2
point-active_power_l3 = Puissance active L3
point-reactive_power = Puissance réactive
point-reactive_power_l1 = Puissance réactive L1
point-reactive_power_l2 = Puissance réactive L2
point-reactive_power_l3 = Puissance réactive L3
point-apparent_power = Puissance apparente
point-apparent_power_l1 = Puissance apparente L1
point-apparent_power_l2 = Puissance apparente L2
point-apparent_power_l3 = Puissance apparente L3
point-active_power_demand = Puissance moyenne appelée
point-active_power_demand_peak = Pointe de puissance moyenne appelée
point-power_factor = Facteur de puissance
point-power_factor_l1 = Facteur de puissance L1
point-power_factor_l2 = Facteur de puissance L2
point-power_factor_l3 = Facteur de puissance L3
point-frequency = Fréquence
point-thd_voltage_l1 = THD tension L1-N
point-thd_voltage_l2 = THD tension L2-N
point-thd_voltage_l3 = THD tension L3-N
point-thd_voltage_l1_l2 = THD tension L1-L2
point-thd_voltage_l2_l3 = THD tension L2-L3
point-thd_voltage_l3_l1 = THD tension L3-L1
point-thd_current_l1 = THD courant L1
point-thd_current_l2 = THD courant L2
point-thd_current_l3 = THD courant L3
point-energy_active_import = Énergie active soutirée
point-energy_active_export = Énergie active injectée
point-energy_active_import_t1 = Énergie active soutirée, tarif 1
point-energy_active_import_t2 = Énergie active soutirée, tarif 2
point-energy_active_export_t1 = Énergie active injectée, tarif 1
point-energy_active_export_t2 = Énergie active injectée, tarif 2
point-energy_active_import_l1 = Énergie active soutirée L1
point-energy_active_import_l2 = Énergie active soutirée L2
point-energy_active_import_l3 = Énergie active soutirée L3
point-energy_active_export_l1 = Énergie active injectée L1
point-energy_active_export_l2 = Énergie active injectée L2
point-energy_active_export_l3 = Énergie active injectée L3
point-energy_active_q1 = Énergie active Q1
point-energy_active_q2 = Énergie active Q2
point-energy_active_q3 = Énergie active Q3
point-energy_active_q4 = Énergie active Q4
point-energy_reactive_import = Énergie réactive inductive
point-energy_reactive_export = Énergie réactive capacitive
point-energy_reactive_import_l1 = Énergie réactive inductive L1
point-energy_reactive_import_l2 = Énergie réactive inductive L2
point-energy_reactive_import_l3 = Énergie réactive inductive L3
point-energy_reactive_export_l1 = Énergie réactive capacitive L1
point-energy_reactive_export_l2 = Énergie réactive capacitive L2
point-energy_reactive_export_l3 = Énergie réactive capacitive L3
point-energy_reactive_q1 = Énergie réactive Q1
point-energy_reactive_q2 = Énergie réactive Q2
point-energy_reactive_q3 = Énergie réactive Q3
point-energy_reactive_q4 = Énergie réactive Q4
point-energy_apparent = Énergie apparente
point-energy_apparent_q1 = Énergie apparente Q1
point-energy_apparent_q2 = Énergie apparente Q2
point-energy_apparent_q3 = Énergie apparente Q3
point-energy_apparent_q4 = Énergie apparente Q4
point-gas_volume = Volume de gaz
point-water_volume = Volume d’eau
point-run_time = Heures de fonctionnement
point-run_time_import = Heures de fonctionnement en soutirage
point-run_time_export = Heures de fonctionnement en injection

## users

users-add = Ajouter un utilisateur
users-name = Nom
users-role = Rôle
users-role-help = Le rôle décide de ce que l’utilisateur peut faire ; les pages ci-dessous, de ce qu’il voit.
users-role-change-help = Choisir un autre rôle coche ses pages habituelles ; ajustez-les ci-dessous.
users-state = État
users-state-enabled = Peut se connecter
users-state-disabled = Désactivé
users-pages = Pages
users-all-pages = Toutes les pages
users-no-pages = Aucune page
users-created = Créé
users-password-changed = Mot de passe changé
users-actions = Actions
users-you = vous
users-not-yours = Seul un administrateur modifie cet utilisateur.
users-none = Aucun utilisateur
users-password = Mot de passe
users-password-repeat = Mot de passe, à nouveau
users-enabled = Peut se connecter
users-enabled-help = Un utilisateur désactivé ne peut pas se connecter et ses jetons d’API cessent de fonctionner ; rien n’est supprimé.
users-pages-administrator = Un administrateur a toujours toutes les pages.
users-page-help-my_panel_board = Valeurs en direct et état de chaque appareil.
users-page-help-consumption = Histogrammes de consommation, consommations partielles et comparaisons.
users-page-help-reports_download = Téléchargement des relevés bruts par intervalle.
users-page-help-alarms = Alarmes et événements.
users-page-help-system_configuration = Passerelles, appareils, charges, groupes, tableaux et réglages du site.
users-page-help-web_server_configuration = Informations système, optimisation de la base de données.
users-page-help-ev_charging = Gestion de la recharge des véhicules électriques.
users-create = Créer l’utilisateur
users-created-done = Utilisateur { $name } créé.
users-edit-title = Modifier { $name }
users-saved = Modifications de { $name } enregistrées.
users-reset-password = Réinitialiser le mot de passe
users-reset-title = Nouveau mot de passe pour { $name }
users-reset-text = { $name } se connectera avec ce mot de passe. Ses sessions ouvertes prennent fin immédiatement.
users-reset-done = Le mot de passe de { $name } est défini ; ses sessions ont pris fin.
users-delete-title = Supprimer { $name } ?
users-delete-text = { $name } ne pourra plus se connecter ; ses sessions et jetons d’API prennent fin. Le journal d’audit conserve son nom.
users-deleted = Utilisateur { $name } supprimé.
users-last-administrator = Le dernier administrateur actif ne peut être ni désactivé, ni supprimé, ni changer de rôle. Faites d’abord d’un autre utilisateur un administrateur.
users-name-taken = Un utilisateur de ce nom existe déjà (sans distinction entre majuscules et minuscules).

## tokens

tokens-intro = Un jeton d’API permet à un script ou à un autre système d’utiliser l’API d’ems sans mot de passe. Il agit avec le rôle que vous choisissez, jamais au-dessus du vôtre, et seulement sur vos pages.
tokens-create-title = Créer un jeton
tokens-name = Nom
tokens-name-help = À quoi sert le jeton, par exemple « gestion technique du bâtiment ».
tokens-role = Rôle
tokens-role-help = Choisissez le rôle le plus bas qui suffit à la tâche.
tokens-expiry = Expiration
tokens-expiry-days = Après un nombre de jours
tokens-expiry-never = Jamais
tokens-days = Jours
tokens-days-help = De 1 à 3650 jours.
tokens-create = Créer le jeton
tokens-secret-title = Jeton « { $name } » créé
tokens-secret-once = Copiez le jeton maintenant : il n’est affiché que cette fois et ne pourra plus être lu.
tokens-secret = Jeton
tokens-secret-help = Envoyez-le comme « Authorization: Bearer » suivi du jeton.
tokens-copy = Copier
tokens-copied = Copié.
tokens-copy-failed = Le navigateur n’a pas permis la copie : sélectionnez le jeton et copiez-le vous-même.
tokens-secret-done = Je l’ai conservé
tokens-own = Vos jetons
tokens-all = Les jetons de tous les utilisateurs
tokens-show-all = Jetons de tous les utilisateurs
tokens-owner = Utilisateur
tokens-created = Créé
tokens-expires = Expire
tokens-last-used = Dernière utilisation
tokens-never = Jamais
tokens-never-used = Pas encore
tokens-expired = expiré
tokens-none = Aucun jeton
tokens-none-help = Créez-en un ci-dessus quand un script ou un autre système a besoin de l’API.
tokens-revoke = Révoquer
tokens-revoke-title = Révoquer « { $name } » ?
tokens-revoke-text = Le jeton « { $name } » de { $owner } cesse immédiatement de fonctionner. Cette action est irréversible.
tokens-revoked = Jeton « { $name } » révoqué.

## audit

audit-filters = Filtres
audit-user = Utilisateur
audit-action = Action
audit-any-action = Toute action
audit-since = Du
audit-until = Au
audit-apply = Afficher
audit-clear = Effacer les filtres
audit-time = Heure
audit-target = Cible
audit-result = Résultat
audit-client = Adresse du client
audit-details = Détails
audit-show-details = Afficher
audit-nobody = personne de connecté
audit-none = Aucune entrée
audit-none-help = Rien n’a été enregistré avec ces filtres. Modifiez-les ou effacez-les.
audit-older = Entrées plus anciennes
audit-end = { $count ->
    [one] Une entrée ; il n’y en a pas de plus ancienne.
   *[other] { $count } entrées ; il n’y en a pas de plus anciennes.
}
audit-result-success = Réussi
audit-result-failure = Échoué
audit-result-denied = Refusé
audit-action-setup = Mise en service avec le code à usage unique
audit-action-login = Connexion
audit-action-logout = Déconnexion
audit-action-lock = Session verrouillée
audit-action-unlock = Session déverrouillée
audit-action-password_change = Mot de passe personnel changé
audit-action-user_create = Utilisateur créé
audit-action-user_change = Utilisateur modifié
audit-action-user_delete = Utilisateur supprimé
audit-action-user_password_reset = Mot de passe réinitialisé
audit-action-token_create = Jeton d’API créé
audit-action-token_revoke = Jeton d’API révoqué
audit-action-config_change = Configuration modifiée
audit-action-config_import = Configuration importée
audit-action-site_commission = Première mise en service terminée
audit-action-link_scan = Recherche d’appareils sur le bus
audit-action-store_optimize = Base de données optimisée
audit-action-store_integrity_check = Intégrité de la base de données vérifiée
audit-action-reprice = Coûts recalculés
audit-action-import_prices = Prix importés
audit-action-reset_admin = Accès réinitialisé en ligne de commande

## system

system-software = Logiciel
system-version = Version
system-started = Redémarrage de l’application
system-acquisition-started = Redémarrage de l’acquisition
system-booted = Redémarrage du matériel
system-unknown = inconnu
system-resources = Ressources
system-cpu = Processeur utilisé par ems
system-cpu-detail = { $percent } d’un cœur, { $cores ->
    [one] un cœur
   *[other] { $cores } cœurs
} en tout
system-cpu-help = Une valeur qui reste au-dessus de { $threshold } peut indiquer un problème du matériel ou de l’installation.
system-cpu-high = L’utilisation du processeur est restée au-dessus de { $threshold } pendant { $seconds } secondes.
system-load = Charge moyenne (1, 5, 15 min)
system-load-values = { $one } ; { $five } ; { $fifteen }
system-memory-ems = Mémoire utilisée par ems
system-memory-machine = Mémoire de la machine
system-memory-used = { $used } utilisés sur { $total }
system-database = Base de données
system-database-size = Taille
system-database-wal = (dont { $size } dans le journal d’écriture anticipée)
system-free-space = Espace libre
system-database-path = Fichier
system-backup = Sauvegarde automatique
system-backup-ok = OK
system-backup-error = Erreur
system-backup-none = aucune pour l’instant
system-health = État
system-optimize-recommended = Optimisation conseillée
system-optimize-not-needed = Aucune optimisation nécessaire
system-health-detail = ({ $blocks ->
    [one] un bloc
   *[other] { $blocks } blocs
} à compacter, { $pages } pages libres)
system-buffered = En attente d’écriture
system-buffered-values = { $count ->
    [one] Une valeur est gardée en mémoire : la base de données ne peut pas être écrite.
   *[other] { $count } valeurs sont gardées en mémoire : la base de données ne peut pas être écrite.
}
system-maintenance = Maintenance
system-optimize = Optimiser
system-optimize-help = Fusionne les jours terminés, met à jour les statistiques et rend l’espace libre au disque.
system-optimize-confirm-title = Optimiser la base de données ?
system-optimize-confirm = Sur une grande base de données, cela peut prendre un moment. Aucune donnée n’est perdue.
system-optimizing = Optimisation en cours…
system-optimize-done = Optimisée : { $blocks ->
    [one] un bloc fusionné
   *[other] { $blocks } blocs fusionnés
}, { $freed } rendus au disque.
system-integrity = Contrôle d’intégrité
system-integrity-help = Lit toute la base de données pour trouver des dommages. Sur une grande base, cela peut être long.
system-integrity-start = Contrôler l’intégrité
system-integrity-running = Contrôle en cours…
system-integrity-elapsed = { $seconds } s jusqu’ici.
system-integrity-ok = La base de données est intacte.
system-integrity-problems = La base de données présente des problèmes. Contactez l’assistance technique.
system-integrity-checked = Contrôlée { $time }.
system-integrity-never = Pas encore contrôlée.

## consumption

consumption-views = Vues des consommations
consumption-view-total = Total général
consumption-view-partials = Partiels
consumption-view-compare = Comparaison
consumption-view-details = Détails
consumption-period = Période
consumption-period-day = Jour
consumption-period-month = Mois
consumption-period-year = Année
consumption-period-decade = 10 ans
consumption-date = Date
consumption-back-day = Jour précédent
consumption-back-month = Mois précédent
consumption-back-year = Année précédente
consumption-back-decade = Dix années précédentes
consumption-forward-day = Jour suivant
consumption-forward-month = Mois suivant
consumption-forward-year = Année suivante
consumption-forward-decade = Dix années suivantes
consumption-today = Aujourd'hui
consumption-total = Total
consumption-total-title = Électricité consommée, par usage
consumption-difference = Écart
consumption-difference-so-far = par rapport à { $amount } sur la période précédente jusqu'au même moment
consumption-no-comparison = rien à comparer
consumption-no-data = pas de données
consumption-no-data-in = Aucune consommation mesurée pour { $period }.
consumption-no-data-hint = Les compteurs n'étaient peut-être pas encore installés ou raccordés, ou ce compteur n'est pas mesuré ici.
consumption-no-devices = Aucun appareil pour l'instant
consumption-no-devices-hint = Les consommations apparaissent ici dès que des compteurs sont ajoutés et mesurent.
consumption-add-devices = Ajouter des appareils dans Configuration du système
consumption-overall = Global
consumption-medium = Énergie
consumption-medium-electricity = Électricité
consumption-medium-gas = Gaz
consumption-medium-water = Eau
consumption-table = Tableau
consumption-download-csv = Télécharger le CSV
consumption-full-screen = Plein écran
consumption-exit-full-screen = Quitter le plein écran
consumption-legend = Légende
consumption-legend-toggle = Afficher ou masquer dans le graphique
consumption-legend-striped = Hachuré : mesuré en partie, estimé ou encore en cours
consumption-mark-running = encore en cours
consumption-mark-partial = mesuré en partie
consumption-mark-estimated = en partie estimé sur une coupure
consumption-chart-label = Graphique : { $title }, { $period }. Le tableau de ses valeurs suit.
consumption-chart-keys = Flèches gauche et droite : les valeurs de chaque barre
consumption-chart-failed = Le graphique n'a pas pu être chargé. Rechargez la page.
consumption-slot-day = Heure
consumption-slot-month = Jour
consumption-slot-year = Mois
consumption-slot-decade = Année
consumption-split-by = Répartir par
consumption-by-load = Par usage
consumption-by-group = Par groupe de mesure
consumption-by-panel_board = Par tableau électrique
consumption-all-load = Tous les usages
consumption-all-group = Tous les groupes de mesure
consumption-all-panel_board = Tous les tableaux électriques
consumption-no-parts-load = Aucun usage pour l'instant
consumption-no-parts-group = Aucun groupe de mesure pour l'instant
consumption-no-parts-panel_board = Aucun tableau électrique pour l'instant
consumption-configure-parts = Les créer dans Configuration du système
consumption-counter = Compteur
consumption-part = Afficher
consumption-layout = Présentation
consumption-layout-stack = Empilé
consumption-layout-each = Un graphique chacun
consumption-first = Premier
consumption-second = Second
consumption-first-counter = Compteur du premier
consumption-second-counter = Compteur du second
consumption-compare-mode = Comparaison
consumption-compare-total = Total
consumption-compare-details = Détails
consumption-compare-difference = { $first } par rapport à { $second }
consumption-incomparable = Comparaison impossible
consumption-incomparable-text = « { $first } » et « { $second } » mesurent des grandeurs différentes (par exemple l'électricité en kWh et le gaz en m³). Elles ne pourraient être comparées que par leur coût, ce qui nécessite des tarifs. Choisissez des compteurs de même nature.
consumption-kind-site = Site
consumption-kind-device = Appareils
consumption-kind-load = Usages
consumption-kind-group = Groupes de mesure
consumption-kind-panel_board = Tableaux électriques
consumption-devices = Appareils
consumption-filter = Afficher les appareils de
consumption-all-devices = Tous les appareils
consumption-no-devices-here = Aucun appareil n'appartient à cet usage ou à ce groupe.
consumption-details-tab = Affichage
consumption-tab-energy = Énergie
consumption-tab-quantities = Grandeurs
consumption-quantity = Grandeur
consumption-mean = Moyenne
consumption-minimum = Minimum
consumption-maximum = Maximum
consumption-band = Plage du minimum au maximum
consumption-time = Heure
consumption-no-quantities = { $device } n'a pas de grandeurs instantanées enregistrées (comme la puissance ou la tension).
consumption-load-air_conditioning = Climatisation
consumption-load-heating = Chauffage
consumption-load-hot_water = Eau chaude
consumption-load-lighting = Éclairage
consumption-load-sockets = Prises
consumption-load-ventilation = Ventilation
consumption-load-others = Autres

## configuration

configuration-sections = Sections de la configuration
configuration-overview = Vue d'ensemble
configuration-section-gateways = Passerelles
configuration-section-links = Liaisons
configuration-section-devices = Appareils
configuration-section-loads = Usages
configuration-section-groups = Groupes de mesure
configuration-section-panel-boards = Tableaux électriques
configuration-section-settings = Paramètres du site
configuration-section-file = Fichier de configuration
configuration-intro = Décrivez l'installation dans cet ordre : d'abord les passerelles, leurs liaisons et les appareils qui s'y trouvent, puis les usages, les groupes de mesure et les tableaux électriques, enfin les paramètres du site.
configuration-version = Version de la configuration en vigueur : { $version }.
configuration-step-devices = Passerelles et appareils
configuration-step-devices-text = Les convertisseurs et les bus par lesquels on atteint les compteurs, et les compteurs eux-mêmes.
configuration-step-organisation = Usages, groupes et tableaux électriques
configuration-step-organisation-text = Ce que mesure chaque compteur (un usage), les groupes dont il fait partie et le tableau où il est installé. Facultatif.
configuration-step-settings = Paramètres
configuration-step-settings-text = Nom du site, fuseau horaire, devise, langue, fréquence d'échantillonnage et options CSV ; toute la configuration sous forme de fichier.
configuration-wizard-text = L'assistant de premier démarrage vous guide pour le site, la fréquence d'échantillonnage et l'ajout de compteurs par un balayage du bus.
configuration-wizard-again = Relancer l'assistant de premier démarrage
configuration-wizard-unfinished = Le premier démarrage n'est pas encore terminé.
configuration-wizard-continue = Reprendre l'assistant de premier démarrage
configuration-choose = Aucune sélection
configuration-choose-option = Choisir…
configuration-choose-text = Choisissez un élément dans la liste pour le voir et le modifier, ou ajoutez-en un.
configuration-back-to-list = Retour à la liste
configuration-not-found = « { $id } » n'existe pas (ou plus).
configuration-saved = Enregistré.
configuration-saved-restart = L'acquisition redémarre avec la nouvelle configuration ; valeurs et états reviennent en quelques secondes.
configuration-working = En cours…
configuration-test = Tester
configuration-delete-title = Supprimer « { $name } » ?
configuration-delete-confirm = Supprimer définitivement
configuration-disable = Désactiver plutôt
configuration-off = Arrêt
configuration-disabled-name = { $name } (désactivé)
configuration-none = Aucun
configuration-id = Identifiant
configuration-id-help = Utilisé dans l'API et dans le fichier de configuration ; il ne peut plus être changé ensuite. Lettres minuscules, chiffres, « _ » et « - », commençant par une lettre.
configuration-id-invalid = Utilisez de 1 à 64 lettres minuscules, chiffres, « _ » ou « - », en commençant par une lettre.
configuration-name = Nom
configuration-description = Description ou emplacement
configuration-enabled = Activé
configuration-number-between = Saisissez un nombre de { $min } à { $max }.
configuration-number-any = Saisissez un nombre.
configuration-ms-help = En millisecondes.
configuration-filter-gateway = Passerelle
configuration-filter-link = Liaison
configuration-all-gateways = Toutes les passerelles
configuration-all-links = Toutes les liaisons
configuration-panel-board = Tableau électrique
configuration-test-values = { $count ->
    [one] Une valeur lue à { $time }
   *[other] { $count } valeurs lues à { $time }
}
configuration-test-caption = Valeurs renvoyées par l'appareil
configuration-test-point = Grandeur
configuration-test-value = Valeur
configuration-test-no-links = Cette passerelle n'a aucune liaison activée à tester.
configuration-link-reachable = joignable
configuration-link-unreachable = injoignable
configuration-gateways-intro = Une passerelle est un convertisseur Modbus : les liaisons (bus) vers les compteurs lui appartiennent. La passerelle Local est ce boîtier lui-même ; elle peut être renommée ou désactivée, pas supprimée.
configuration-gateway-add = Ajouter une passerelle
configuration-gateway-new = Nouvelle passerelle
configuration-gateway-address = Adresse IP ou nom d'hôte
configuration-gateway-address-help = À titre d'information : chaque liaison a l'adresse à laquelle elle se connecte.
configuration-gateway-address-local = La passerelle Local est ce boîtier ; son adresse est fixe.
configuration-gateway-panel-board-help = Le tableau où la passerelle est installée. Une passerelle par tableau est recommandée.
configuration-gateway-enabled-help = Désactiver une passerelle arrête l'interrogation de tous les appareils de ses liaisons.
configuration-gateway-local-help = La passerelle Local ne peut pas être supprimée ; désactivez-la si ce boîtier ne sert que de serveur web.
configuration-gateway-links = Liaisons de cette passerelle
configuration-gateway-no-links = Aucune liaison pour l'instant.
configuration-gateway-devices = Appareils de cette passerelle
configuration-gateway-delete-text = La passerelle et ses liaisons sont supprimées. Une passerelle qui a des appareils sur ses liaisons ne peut pas être supprimée : supprimez d'abord ses appareils.
configuration-links-intro = Une liaison est un bus ou une connexion par lequel on atteint les appareils : Modbus TCP, un port série RS-485, un convertisseur RS-485/Ethernet ou une carte d'acquisition.
configuration-link-add = Ajouter une liaison
configuration-link-new = Nouvelle liaison
configuration-link-gateway = Passerelle
configuration-link-kind = Type
configuration-kind-modbus_tcp = Modbus TCP
configuration-kind-modbus_rtu = Modbus RTU (port série)
configuration-kind-rtu_over_tcp = Modbus RTU sur TCP
configuration-kind-waveform_stream = Flux de formes d'onde
configuration-kind-modbus_tcp-help = Compteurs ou passerelles qui parlent Modbus TCP sur le réseau.
configuration-kind-modbus_rtu-help = Un bus RS-485 sur un port série de ce boîtier.
configuration-kind-rtu_over_tcp-help = Un bus RS-485 derrière un convertisseur série/Ethernet qui transmet les trames RTU telles quelles.
configuration-kind-waveform_stream-help = Les échantillons d'une carte d'acquisition, lus par le compteur interne.
configuration-link-host = Adresse IP ou nom d'hôte
configuration-link-host-help = Du compteur ou du convertisseur.
configuration-link-port = Port TCP
configuration-link-serial-port = Port série
configuration-link-serial-port-help = Le fichier de périphérique du port, par exemple /dev/ttyUSB0 (un nom /dev/serial/by-id/ reste le même après un redémarrage).
configuration-link-port-in-use = utilisé par { $link }
configuration-link-baud = Débit (bauds)
configuration-link-parity = Parité
configuration-parity-none = Aucune
configuration-parity-odd = Impaire
configuration-parity-even = Paire
configuration-link-data-bits = Bits de données
configuration-link-stop-bits = Bits de stop
configuration-link-timeout = Délai de réponse
configuration-link-gap = Silence entre trames
configuration-link-gap-serial-help = En millisecondes ; vide pour le silence Modbus de 3,5 caractères.
configuration-link-gap-tcp-help = En millisecondes ; vide pour 5 ms.
configuration-link-source = Source
configuration-link-source-tcp = Adresse réseau (hôte:port)
configuration-link-source-unix = Socket Unix
configuration-link-tcp-help = Où la carte d'acquisition envoie ses échantillons, par exemple 127.0.0.1:7070.
configuration-link-unix-help = Le chemin absolu du socket de la carte.
configuration-link-failures = Interrogations échouées avant « erreur de communication »
configuration-link-failures-help = De 1 à 100 échecs consécutifs.
configuration-link-enabled-help = Désactiver une liaison arrête l'interrogation de tous ses appareils.
configuration-link-devices = { $count ->
    [0] Aucun appareil sur cette liaison
    [one] Un appareil sur cette liaison
   *[other] { $count } appareils sur cette liaison
}
configuration-link-delete-text = Seule une liaison sans appareils peut être supprimée.
configuration-devices-intro = Tous les compteurs des liaisons. Choisissez leur modèle dans la bibliothèque, leur adresse sur le bus et ce qu'ils mesurent ; « Tester » les lit avant ou après l'enregistrement.
configuration-devices-empty = Aucun appareil ici
configuration-devices-empty-text = Ajoutez un appareil, ou balayez un bus avec l'assistant de premier démarrage.
configuration-device-add = Ajouter un appareil
configuration-device-new = Nouvel appareil
configuration-device-what = Modèle
configuration-device-where = Nom et adresse
configuration-device-organisation = Ce qu'il mesure
configuration-device-link = Liaison
configuration-device-enabled-help = Un appareil désactivé n'est pas interrogé ; son historique est conservé.
configuration-device-delete-text = L'appareil n'est plus interrogé. Son historique reste dans la base de données.
configuration-vendor = Fabricant
configuration-vendor-other = Autres appareils
configuration-model = Modèle
configuration-profile-kind = Type
configuration-profile-aliases = Aussi vendu sous
configuration-profile-points = { $count ->
    [one] Ce qu'il mesure (une valeur)
   *[other] Ce qu'il mesure ({ $count } valeurs)
}
configuration-device-kind-electricity_meter = Compteur d'électricité
configuration-device-kind-gas_meter = Compteur de gaz
configuration-device-kind-water_meter = Compteur d'eau
configuration-profile-generic = Compteur Modbus générique
configuration-profile-internal = Compteur interne (carte d'acquisition)
configuration-profile-generic-help = Lit un registre d'énergie active soutirée ; son adresse figure dans la documentation du compteur.
configuration-profile-internal-help = ems mesure lui-même à partir des échantillons d'une carte d'acquisition sur une liaison de flux de formes d'onde.
configuration-unit-id = Adresse Modbus
configuration-unit-id-help = De 1 à 247, différente pour chaque appareil de la liaison.
configuration-load = Usage
configuration-load-help = Ce que mesure l'appareil ; « Autres » s'il ne correspond à aucun usage.
configuration-groups = Groupes de mesure
configuration-groups-legend = Groupes de mesure ({ $max } au plus)
configuration-groups-none = Aucun groupe de mesure pour l'instant.
configuration-group-add = Ajouter un groupe de mesure
configuration-generic = Registre d'énergie
configuration-generic-help = Les quatre valeurs figurent dans la documentation du compteur.
configuration-generic-function = Code de lecture
configuration-generic-function-3 = 3 (registres de maintien)
configuration-generic-function-4 = 4 (registres d'entrée)
configuration-generic-register = Registre (hexadécimal)
configuration-generic-register-help = Compté à partir de 0, par exemple 0x0048.
configuration-generic-words = Mots
configuration-generic-multiplier = Multiplicateur
configuration-generic-unit = Unité après multiplication
configuration-meter = Compteur interne
configuration-meter-wiring = Raccordement
configuration-wiring-1p2w = Monophasé, 2 fils
configuration-wiring-2p3w = Biphasé, 3 fils
configuration-wiring-3p4w = Triphasé avec neutre, 4 fils
configuration-wiring-3p3w = Triphasé sans neutre, 3 fils
configuration-wiring-3p4w_wild_leg = Triphasé, 4 fils, phase haute
configuration-meter-neutral = Courant de neutre
configuration-neutral-auto = Automatique
configuration-neutral-measured = Mesuré
configuration-neutral-computed = Calculé à partir des phases
configuration-meter-voltage = Tension nominale phase-neutre (V)
configuration-meter-frequency = Fréquence nominale
configuration-meter-frequency-detect = Détecter
configuration-meter-run-threshold = En marche au-delà de (W)
configuration-meter-run-threshold-help = La charge est considérée en marche au-delà de cette puissance active.
configuration-meter-tariff = Tarifs
configuration-meter-tariff-choice = Tarif des registres d'énergie
configuration-tariff-t1 = Toujours tarif 1
configuration-tariff-t2 = Toujours tarif 2
configuration-tariff-digital_input = Choisi par l'entrée numérique
configuration-tariff-periods = Tarif 2 pendant les périodes ci-dessous
configuration-tariff-period = Période { $number }
configuration-tariff-from = De (HH:MM)
configuration-tariff-to = À (HH:MM)
configuration-tariff-add = Ajouter une période
configuration-tariff-remove = Retirer la période { $number }
configuration-advanced = Options avancées
configuration-exclude-totals = Exclure des totaux
configuration-exclude-totals-help = Cochez-la quand ce que mesure cet appareil est mesuré aussi par d'autres appareils, par exemple un compteur général en amont de sous-compteurs : sinon son énergie serait comptée deux fois dans le total général et dans les partiels. Sa consommation reste visible dans le détail.
configuration-exclude-alerts = Exclure les alertes
configuration-exclude-alerts-help = Aucune alerte n'est émise pour les événements de cet appareil.
configuration-ct-ratio = Rapport du transformateur de courant
configuration-vt-ratio = Rapport du transformateur de tension
configuration-ratio-help = Primaire divisé par secondaire, par exemple 20 pour 100/5 A ; 1 sans transformateur.
configuration-fast-poll = Interrogation rapide (ms)
configuration-fast-poll-help = Fréquence de lecture des valeurs instantanées (puissance, tension, courant).
configuration-slow-poll = Interrogation lente (ms)
configuration-slow-poll-help = Fréquence de lecture des index ; pas plus courte que l'interrogation rapide.
configuration-device-timeout = Délai de réponse (ms)
configuration-device-timeout-help = Vide pour celui de la liaison.
configuration-loads-intro = Un usage est ce que mesure un appareil : chauffage, éclairage… Les usages prédéfinis peuvent seulement être désactivés ; ajoutez les vôtres au besoin. Les appareils sans usage comptent dans « Autres ».
configuration-load-add = Ajouter un usage
configuration-load-new = Nouvel usage
configuration-load-predefined = Usage prédéfini
configuration-load-predefined-help = Un usage prédéfini : il peut être activé ou désactivé, mais pas renommé ni supprimé.
configuration-load-others = Autres
configuration-load-others-help = Appareils sans usage. Toujours présent.
configuration-load-enabled-help = Un usage désactivé n'apparaît pas dans les consommations.
configuration-load-users = { $count ->
    [0] Aucun appareil ne mesure cet usage.
    [one] Un appareil mesure cet usage.
   *[other] { $count } appareils mesurent cet usage.
}
configuration-load-delete-text = { $count ->
    [0] L'usage est supprimé. Vous pouvez aussi le garder et le désactiver.
   *[other] Des appareils mesurent cet usage : attribuez-leur un autre usage avant de le supprimer, ou désactivez-le plutôt.
}
configuration-load-delete-predefined = Un usage prédéfini ne peut pas être supprimé ; il peut être désactivé.
configuration-load-heating = Chauffage
configuration-load-air_conditioning = Climatisation
configuration-load-hot_water = Eau chaude sanitaire
configuration-load-lighting = Éclairage
configuration-load-sockets = Prises
configuration-load-ventilation = Ventilation
configuration-groups-intro = Un groupe de mesure est un ensemble logique de points de mesure, par exemple un locataire ou un étage. Un appareil fait partie de 5 groupes au plus.
configuration-groups-empty = Aucun groupe de mesure pour l'instant
configuration-groups-empty-text = Ajoutez-en un, puis choisissez-le dans la fiche de chaque appareil qui en fait partie.
configuration-group-new = Nouveau groupe de mesure
configuration-group-enabled-help = Un groupe désactivé n'apparaît pas dans les consommations.
configuration-group-users = { $count ->
    [0] Aucun appareil ne fait partie de ce groupe.
    [one] Un appareil fait partie de ce groupe.
   *[other] { $count } appareils font partie de ce groupe.
}
configuration-group-delete-text = { $count ->
    [0] Le groupe de mesure est supprimé. Vous pouvez aussi le garder et le désactiver.
   *[other] Des appareils font partie de ce groupe : retirez-les avant de le supprimer, ou désactivez-le plutôt.
}
configuration-panel-boards-intro = Un tableau électrique est un tableau de distribution où sont installés passerelles et appareils.
configuration-panel-boards-empty = Aucun tableau électrique pour l'instant
configuration-panel-boards-empty-text = Ajoutez-en un, puis choisissez-le dans la fiche de sa passerelle ou de ses appareils.
configuration-panel-board-add = Ajouter un tableau électrique
configuration-panel-board-new = Nouveau tableau électrique
configuration-panel-board-enabled-help = Un tableau désactivé n'apparaît pas dans les filtres.
configuration-panel-board-users = { $count ->
    [0] Rien n'est installé dans ce tableau.
    [one] Une passerelle ou un appareil est installé dans ce tableau.
   *[other] { $count } passerelles et appareils sont installés dans ce tableau.
}
configuration-panel-board-delete-text = { $count ->
    [0] Le tableau électrique est supprimé. Vous pouvez aussi le garder et le désactiver.
   *[other] Des passerelles ou des appareils sont installés dans ce tableau : déplacez-les avant de le supprimer, ou désactivez-le plutôt.
}
configuration-settings-intro = Paramètres de l'ensemble du site. L'enregistrement redémarre l'acquisition.
configuration-settings-site = Site
configuration-site-name = Nom du site
configuration-time-zone = Fuseau horaire
configuration-time-zone-help = Tapez pour chercher, par exemple « Paris ». Les jours, mois et années de consommation commencent à minuit dans ce fuseau horaire.
configuration-time-zone-unknown = Ce navigateur ne connaît pas ce fuseau horaire ; vérifiez l'orthographe.
configuration-time-zone-browser = Utiliser celui de ce navigateur : { $zone }
configuration-currency = Devise
configuration-currency-help = Le code ISO 4217 à trois lettres, par exemple EUR, CHF, GBP.
configuration-currency-invalid = Trois lettres majuscules, par exemple EUR.
configuration-language = Langue du site
configuration-language-help = La langue par défaut des rapports et des notifications. Chaque utilisateur choisit toujours la langue de l'interface.
configuration-sample-rate = Fréquence d'échantillonnage
configuration-sample-rate-help = Fréquence d'enregistrement des données de consommation.
configuration-sample-rate-note = La modification n'affecte pas les données déjà enregistrées.
configuration-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
configuration-csv = Options CSV
configuration-csv-decimal = Séparateur décimal
configuration-csv-decimal-comma = Virgule (1234,5)
configuration-csv-decimal-point = Point (1234.5)
configuration-csv-field = Séparateur de champs
configuration-csv-field-semicolon = Point-virgule (;)
configuration-csv-field-comma = Virgule (,)
configuration-csv-preview = Le début d'un fichier CSV avec ces options :
configuration-csv-both-comma = Avec la virgule pour les deux, les nombres sont mis entre guillemets : les tableurs les lisent, mais le point-virgule comme séparateur de champs est plus clair.
configuration-file-intro = Toute la configuration du site sous forme de fichier texte (TOML) : pour en garder une copie, la transférer sur un autre boîtier ou revenir à une version antérieure.
configuration-file-export = Télécharger
configuration-file-export-text = Chaque modification enregistre une nouvelle version ; chacune peut être téléchargée.
configuration-file-download = Télécharger la configuration en vigueur
configuration-file-download-version = Télécharger la version { $version }
configuration-file-versions = Versions enregistrées
configuration-file-version = Version
configuration-file-saved-at = Enregistrée
configuration-file-source = Origine
configuration-file-in-force = (en vigueur)
configuration-source-seed = la première configuration
configuration-source-import = un fichier importé
configuration-source-demo = la démonstration
configuration-source-api = une modification dans l'interface ou l'API
configuration-file-import = Importer
configuration-file-import-text = Un fichier remplace toute la configuration. Il est d'abord vérifié : si quelque chose ne va pas, rien ne change et chaque erreur est listée avec son emplacement dans le fichier.
configuration-file-choose = Fichier de configuration (.toml)
configuration-file-import-button = Importer et appliquer
configuration-file-confirm-title = Remplacer toute la configuration ?
configuration-file-confirm-text = La configuration de { $name } remplace celle en vigueur, et l'acquisition redémarre avec elle. La configuration en vigueur reste disponible comme version.
configuration-file-imported = La version { $version } est maintenant en vigueur.
configuration-file-unchanged = Le fichier est identique à la version { $version } en vigueur : rien n'a changé.

## wizard

wizard-step-code = Code d'installation
wizard-step-admin = Administrateur
wizard-step-site = Site
wizard-step-rate = Fréquence d'échantillonnage
wizard-step-devices = Passerelles et appareils
wizard-step-done = Terminé
wizard-step-of = Étape { $number } sur { $count }
wizard-code-text = Aucun administrateur n'existe encore. Saisissez le code d'installation pour en créer un.
wizard-code-where = Où trouver le code d'installation ?
wizard-code-where-text = ems l'affiche quand il démarre sans administrateur : sur sa console et dans son journal (par exemple « journalctl -u ems »). Il ne sert qu'une fois et expire après 24 heures ; redémarrer ems en affiche un nouveau.
wizard-code = Code d'installation
wizard-code-help = Majuscules, espaces et tirets n'ont pas d'importance.
wizard-admin-text = L'administrateur peut tout faire, y compris créer d'autres utilisateurs. Il n'existe aucun compte par défaut.
wizard-admin-name = Nom de l'administrateur
wizard-admin-repeat = Confirmez le mot de passe
wizard-admin-create = Créer l'administrateur
wizard-site-text = Le nom du site et la façon d'afficher ses valeurs.
wizard-rate-text = Fréquence à laquelle ems enregistre les données de consommation. 15 minutes conviennent à la plupart des sites ; des fréquences plus courtes prennent plus de place.
wizard-devices-text = Ajoutez les compteurs : choisissez le bus sur lequel ils se trouvent, puis balayez-le pour trouver les adresses Modbus qui répondent, ou choisissez chaque compteur dans la bibliothèque.
wizard-bus = Bus
wizard-bus-new = Un nouveau bus
wizard-gateway-new = Une nouvelle passerelle…
wizard-gateway-name = Nom de la nouvelle passerelle
wizard-how = Comment ajouter les compteurs
wizard-scan = Balayer le bus
wizard-scan-text = Chaque adresse Modbus de la plage est interrogée à tour de rôle ; les compteurs qui déclarent des registres d'identification sont reconnus. Rien n'est écrit dans les compteurs.
wizard-scan-from = Première adresse
wizard-scan-to = Dernière adresse
wizard-scan-start = Lancer le balayage
wizard-scan-stop = Arrêter
wizard-scan-progress-label = Avancement du balayage
wizard-scan-running = Adresse { $probed } sur { $total } interrogée ; { $found } ont répondu jusqu'ici.
wizard-scan-done = Balayage terminé : { $total } adresses interrogées, { $found } ont répondu.
wizard-scan-cancelled = Balayage arrêté après { $probed } adresses sur { $total } ; { $found } ont répondu.
wizard-scan-failed = Le balayage a échoué après { $probed } adresses sur { $total }.
wizard-scan-none = Aucun appareil n'a répondu. Vérifiez le câblage, les paramètres du bus et les adresses des compteurs.
wizard-found = { $count ->
    [one] Un appareil a répondu
   *[other] { $count } appareils ont répondu
}
wizard-col-add = Ajouter
wizard-row-add = Ajouter l'appareil à l'adresse { $unit }
wizard-row-model = Modèle de l'appareil à l'adresse { $unit }
wizard-row-name = Nom de l'appareil à l'adresse { $unit }
wizard-row-load = Usage de l'appareil à l'adresse { $unit }
wizard-row-test = Tester l'appareil à l'adresse { $unit }
wizard-row-unknown = Répond, modèle inconnu
wizard-row-several = Plusieurs modèles correspondent
wizard-row-exception = (exception Modbus { $code })
wizard-row-configured = Déjà configuré comme « { $name } »
wizard-unit-name = Appareil { $unit }
wizard-add-selected = { $count ->
    [0] Ajouter les appareils choisis
    [one] Ajouter l'appareil choisi
   *[other] Ajouter les { $count } appareils choisis
}
wizard-added = { $count ->
    [one] Un appareil ajouté.
   *[other] { $count } appareils ajoutés.
}
wizard-library = Ajouter depuis la bibliothèque
wizard-library-text = Choisissez le fabricant et le modèle, puis l'adresse Modbus réglée sur le compteur.
wizard-library-add = Ajouter l'appareil
wizard-library-added = « { $name } » ajouté.
wizard-added-title = { $count ->
    [0] Ajoutés dans cet assistant : aucun pour l'instant
    [one] Ajoutés dans cet assistant : un appareil
   *[other] Ajoutés dans cet assistant : { $count } appareils
}
wizard-added-none = { $count ->
    [0] Le site n'a pas encore d'appareils.
    [one] Le site a déjà un appareil.
   *[other] Le site a déjà { $count } appareils.
}
wizard-done-text = Le site est configuré et l'acquisition tourne. Tout peut être modifié plus tard dans la configuration du système.
wizard-done-next = Et maintenant
wizard-done-users = Ajouter des utilisateurs

## field rules

field-rule-syntax = Ce n’est pas du TOML valide (ligne { $line }, colonne { $column }).
field-rule-required = Cette valeur est obligatoire.
field-rule-missing_section = La section [site] manque.
field-rule-unknown_key = Cette clé n’est pas connue ici.
field-rule-type = { $expected ->
    [none] Type incorrect : { $found } n’est pas accepté ici.
   *[other] Attendu : { $expected } ; reçu : { $found }.
}
field-rule-type-string = un texte
field-rule-type-integer = un nombre entier
field-rule-type-number = un nombre
field-rule-type-float = un nombre décimal
field-rule-type-boolean = vrai ou faux
field-rule-type-date_time = une date et une heure
field-rule-type-array = une liste
field-rule-type-table = un groupe de réglages
field-rule-type-null = aucune valeur
field-rule-not_allowed = Choisissez { $allowed }.
field-rule-out_of_range = { $min ->
    [none] { $above ->
        [none] Doit être au plus { $max }.
       *[other] { $max ->
            [none] Doit être supérieur à { $above }.
           *[other] Doit être supérieur à { $above } et au plus { $max }.
        }
    }
   *[other] { $max ->
        [none] Doit être au moins { $min }.
       *[other] Doit être compris entre { $min } et { $max }.
    }
}
field-rule-empty = Ne doit pas être vide.
field-rule-too_long = Au plus { $max } caractères.
field-rule-too_short = Au moins { $min } caractères.
field-rule-too_many = Vous pouvez en indiquer au plus { $max }.
field-rule-pattern = { $format ->
    [id] Utilisez de 1 à 64 lettres minuscules, chiffres, « _ » ou « - », en commençant par une lettre.
    [host] Saisissez une adresse IP ou un nom d’hôte.
    [host_port] Saisissez un hôte et un port, par exemple 192.168.1.20:7070.
    [serial_port] Saisissez un port série tel que /dev/ttyUSB0.
    [socket_path] Saisissez un chemin de socket absolu tel que /run/ems/board.sock.
    [currency] Saisissez un code de devise de trois lettres majuscules, par exemple EUR.
    [register] Saisissez une adresse de registre hexadécimale telle que 0x0048.
    [time_of_day] Saisissez une heure au format HH:MM, de 00:00 à 24:00.
    [date] Saisissez une date au format AAAA-MM-JJ.
    [decimal] Saisissez un nombre décimal comme 0.2345, avec au plus six décimales.
    [colour] Saisissez une couleur au format #rrggbb, comme #d55e00.
    [time] Saisissez une heure avec son décalage, par exemple 2026-11-21T10:00:00+01:00.
    [instant] Saisissez une date (AAAA-MM-JJ) ou une heure avec son décalage.
    [scope] Saisissez site, device:<id>, load:<id>, group:<id> ou panel_board:<id>.
    [user_name] Utilisez des caractères visibles, sans espace au début ni à la fin.
   *[other] Ce n’est pas dans la forme attendue.
}
field-rule-unknown_reference = { $kind ->
    [link] Il n’existe aucune liaison « { $value } ».
    [gateway] Il n’existe aucune passerelle « { $value } ».
    [load] Il n’existe aucun usage « { $value } ».
    [measure_group] Il n’existe aucun groupe de mesure « { $value } ».
    [panel_board] Il n’existe aucun tableau électrique « { $value } ».
    [profile] Le modèle « { $value } » n’est pas dans la bibliothèque d’appareils.
    [unit] « { $value } » n’est pas une unité connue.
    [time_zone] « { $value } » n’est pas un fuseau horaire connu.
    [tariff] Il n’y a pas de tarif « { $value } ».
    [device] Il n’y a pas d’appareil « { $value } ».
    [point] « { $value } » n’est pas une grandeur connue.
   *[other] « { $value } » n’existe pas.
}
field-rule-duplicate = « { $value } » est déjà utilisé ; la valeur doit être unique.
field-rule-order = Doit venir après « { $other } ».
field-rule-link_kind = { $kind ->
    [waveform_stream] Un flux de formes d’onde n’est lu que par un compteur interne.
   *[other] Un compteur interne lit un flux de formes d’onde, pas une liaison de ce type.
}
field-rule-not_applicable = Ne s’applique pas ici ; laissez-le vide.
field-rule-fixed = Ne peut pas être modifié ; reste « { $value } ».
field-rule-reserved = « { $value } » est réservé par ems.
field-rule-cannot_remove = Existe toujours : peut être désactivé, mais pas supprimé.
field-rule-non_zero = Saisissez un nombre différent de 0.
field-rule-common_password = C’est l’un des mots de passe les plus courants ; choisissez-en un autre.
field-rule-guessable_password = Le mot de passe ne doit être ni le nom de l’utilisateur ni celui du produit.
field-rule-invalid = Non accepté : { $reason }
field-rule-no_counter = L’appareil « { $value } » n’enregistre pas « { $point } ».

## tariffs editor
# La facture des consommations (Configuration du système → Tarifs) : tarifs, règles de coût, frais fixes, revalorisation.

configuration-section-tariffs = Tarifs
tariffs-intro = La facture des consommations : pour l’électricité, le gaz et l’eau, les tarifs avec leurs prix et les règles de coût qui choisissent entre eux. Les coûts ne sont calculés que là où une règle s’applique.
tariffs-commodities = Énergies et fluides
tariffs-commodity-electricity = Électricité
tariffs-commodity-gas = Gaz
tariffs-commodity-water = Eau
tariffs-has-errors = (contient des erreurs)
tariffs-currency = Les prix et les frais sont en { $currency } ({ $name }), la devise du site.
tariffs-currency-change = Vous pouvez la changer dans les paramètres du site.
tariffs-gas-factor = Coefficient de conversion (kWh par m³)
tariffs-gas-factor-help = Tel qu’indiqué sur votre facture de gaz. Le gaz est alors aussi affiché en kWh équivalents ; laissez le champ vide si vous ne le connaissez pas.
tariffs-tariffs = Tarifs
tariffs-tariffs-help = Chaque tarif a un nom, une couleur pour les graphiques et un ou plusieurs prix par { $unit } en { $currency }, chacun valable à partir d’une date.
tariffs-no-tariffs = Aucun tarif
tariffs-no-tariffs-text = Ajoutez un tarif, puis une règle qui le choisit.
tariffs-empty-title = Aucun contrat pour : { $commodity }
tariffs-empty-text = Sans règles de coût, aucun coût n’est calculé pour : { $commodity }. Ajoutez un tarif (nom, couleur et prix), puis une règle qui le choisit.
tariffs-add-tariff = Ajouter un tarif
tariffs-new = Nouveau, pas encore enregistré
tariffs-price-per = { $price } par { $unit }
tariffs-price-from = à partir du { $date }
tariffs-price-always = depuis le début
tariffs-edit-tariff = Modifier { $name }
tariffs-close-form = Fermer { $name }
tariffs-delete-tariff = Supprimer { $name }
tariffs-tariff-used = { $count ->
    [one] Utilisé par la règle { $rules } : il ne peut pas être supprimé. Modifiez ou supprimez d’abord cette règle.
   *[other] Utilisé par les règles { $rules } : il ne peut pas être supprimé. Modifiez ou supprimez d’abord ces règles.
}
tariffs-tariff-deleted = Tarif { $name } supprimé. Enregistrez pour conserver cette modification.
tariffs-tariff-form = Tarif { $name }
tariffs-name = Nom
tariffs-id = Identifiant : { $id }.
tariffs-id-new = Il est formé à partir du nom et ne peut plus être modifié une fois enregistré, car les coûts sont stockés sous cet identifiant.
tariffs-id-fixed = Il ne peut pas être modifié : les coûts sont stockés sous cet identifiant.
tariffs-colour = Couleur
tariffs-colour-blue = Bleu
tariffs-colour-orange = Orange
tariffs-colour-bluish_green = Vert bleuté
tariffs-colour-reddish_purple = Pourpre rougeâtre
tariffs-colour-sky_blue = Bleu ciel
tariffs-colour-vermillion = Vermillon
tariffs-colour-yellow = Jaune
tariffs-colour-black = Noir
tariffs-colour-code = Code de couleur
tariffs-colour-code-help = N’importe quelle couleur au format #rrggbb, par exemple #d55e00. Les couleurs ci-dessus restent distinctes pour toutes les anomalies courantes de la vision des couleurs.
tariffs-colour-pick = Choisir une couleur
tariffs-prices = Prix ({ $currency } par { $unit })
tariffs-prices-title = Prix
tariffs-prices-help = Un prix s’applique de sa date jusqu’à la date du prix suivant ; un nouveau prix ne modifie jamais les coûts déjà calculés. Un prix peut être sans date : il s’applique depuis le début.
tariffs-price-n = Prix { $n }
tariffs-price-valid-from = Valable à partir du
tariffs-price-valid-from-help = Vide : depuis le début.
tariffs-price = Prix ({ $currency } par { $unit })
tariffs-remove-price = Retirer le prix { $n }
tariffs-add-price = Ajouter un prix
tariffs-rules = Règles de coût
tariffs-rules-help = Les règles sont examinées à partir du haut : la première règle dont toutes les conditions sont remplies choisit le tarif. Placez les exceptions, comme les jours fériés, en premier.
tariffs-feed-in = Injection
tariffs-feed-in-text = Ce que rapporte l’électricité injectée dans le réseau : un plan à part, avec ses tarifs et ses règles.
tariffs-feed-in-tariffs = Tarifs d’injection
tariffs-feed-in-rules = Règles d’injection
tariffs-check-at = Vérifier un autre moment (heure du site, { $zone })
tariffs-check = Vérifier
tariffs-check-now = Revenir à maintenant
tariffs-explain-unsaved = Les règles ont des modifications non enregistrées : enregistrez-les pour voir quelle règle s’applique.
tariffs-explain-none = Aucune règle ne s’applique le { $time } : rien n’est valorisé à ce moment-là.
tariffs-explain-now = Maintenant ({ $time }), la règle { $rule } s’applique : { $price } par { $unit }.
tariffs-explain-at = Le { $time }, la règle { $rule } s’applique : { $price } par { $unit }.
tariffs-applies-now = S’applique maintenant
tariffs-applies-then = S’applique à ce moment-là
tariffs-skipped = Ne s’applique pas : { $reasons }.
tariffs-cause-outside_validity = hors de sa période de validité
tariffs-cause-outside_time_frame = hors de sa plage horaire
tariffs-cause-weekday_not_chosen = { $day } ne fait pas partie de ses jours
tariffs-rule-n = Règle { $n }
tariffs-rule-always = toujours
tariffs-rule-period = du { $from } au { $to }
tariffs-rule-since = à partir du { $from }
tariffs-rule-on = le { $date }
tariffs-rule-every-year = { $period } chaque année
tariffs-move-up = Monter
tariffs-move-down = Descendre
tariffs-rule-moved = Règle { $name } déplacée en position { $position } sur { $count }.
tariffs-rule-deleted = Règle { $position } supprimée. Enregistrez pour conserver cette modification.
tariffs-add-rule = Ajouter une règle
tariffs-no-rules = Aucune règle de coût
tariffs-no-rules-text = Sans règles, aucun coût n’est calculé pour : { $commodity }. Ajoutez une règle qui choisit un tarif.
tariffs-rule-form = Règle { $n }
tariffs-rule-tariff = Tarif
tariffs-choose-tariff = Choisissez un tarif
tariffs-validity = Validité
tariffs-validity-always = Toujours
tariffs-validity-period = Entre deux dates
tariffs-validity-from = Du
tariffs-validity-to = Au (inclus)
tariffs-validity-to-help = Vide : sans fin.
tariffs-repeat = Répéter chaque année
tariffs-repeat-help = Seuls le jour et le mois comptent, comme pour les jours fériés ; une date de fin est nécessaire.
tariffs-time = Heure de la journée
tariffs-time-all = Toute la journée
tariffs-time-frame = D’une heure à une autre
tariffs-time-from = De
tariffs-time-to = À (minute incluse)
tariffs-time-help = La dernière minute est incluse : de 08:00 à 18:59 se termine à 19:00. Une fin avant le début passe minuit.
tariffs-days = Jours de la semaine
tariffs-days-help = Tous cochés : tous les jours. Le jour est celui de la date locale.
tariffs-charges = Frais fixes
tariffs-standing = Abonnement
tariffs-standing-help = Un montant fixe pour chaque jour ou chaque mois, quelle que soit la consommation.
tariffs-standing-none = Aucun
tariffs-standing-day = Par jour
tariffs-standing-month = Par mois
tariffs-standing-amount = Montant ({ $currency })
tariffs-demand = Prime de puissance ({ $currency } par kW et par mois)
tariffs-demand-title = Prime de puissance
tariffs-demand-help = Facultatif : calculée sur la plus forte puissance moyenne sur 15 minutes du mois. Vide : aucune.
tariffs-past = Coûts passés
tariffs-past-text = Les modifications enregistrées valorisent les données enregistrées à partir de ce moment ; les coûts déjà calculés restent tels quels. Pour appliquer une correction à des jours passés, valorisez-les à nouveau.
tariffs-reprice = Valoriser à nouveau des jours passés…
tariffs-reprice-title = Valoriser à nouveau des jours passés
tariffs-reprice-text = Les intervalles enregistrés ces jours-là sont valorisés à nouveau avec les tarifs et les règles enregistrés maintenant, et leurs coûts précédents remplacés. Les autres jours conservent les leurs.
tariffs-reprice-from = Premier jour
tariffs-reprice-to = Dernier jour (inclus)
tariffs-reprice-confirm = Valoriser à nouveau
tariffs-repricing = Valorisation en cours…
tariffs-repriced = { $count ->
    [one] { $count } intervalle valorisé à nouveau ({ $from } au { $to }).
   *[other] { $count } intervalles valorisés à nouveau ({ $from } au { $to }).
}
tariffs-saved-text = Désormais, les nouvelles données sont valorisées avec ces tarifs ; les coûts déjà calculés restent tels quels.
tariffs-unsaved = Modifications non enregistrées
tariffs-not-saved = Non enregistré : voir pourquoi.
tariffs-all-saved = Aucune modification non enregistrée
tariffs-discard = Annuler les modifications
tariffs-leave = Quitter cette page ? Vos modifications des tarifs ne sont pas enregistrées.

## consumption tariffs
# Consommations → Tarifs (ce qu’a coûté la consommation, par tarif) et les coûts globaux du total général.

consumption-view-tariffs = Tarifs
consumption-tariffs-show = Vue des tarifs
consumption-tariffs-show-total = Total
consumption-tariffs-show-details = Détails
consumption-tariffs-commodity = Fluide
consumption-tariffs-point-energy_active_import = Électricité
consumption-tariffs-point-energy_active_export = Injection
consumption-tariffs-point-gas_volume = Gaz
consumption-tariffs-point-water_volume = Eau
consumption-tariffs-title-energy_active_import = Coût de l’électricité soutirée, par tarif
consumption-tariffs-title-energy_active_export = Recette de l’injection, par tarif
consumption-tariffs-title-gas_volume = Coût du gaz, par tarif
consumption-tariffs-title-water_volume = Coût de l’eau, par tarif
consumption-tariffs-scope = Coûts de
consumption-tariffs-filter = Tarifs affichés
consumption-tariffs-no-data = pas de données sur cette période
consumption-tariffs-tariff = Tarif
consumption-tariffs-amount = Quantité
consumption-tariffs-cost = Coût
consumption-tariffs-revenue = Recette
consumption-tariffs-share = Part
consumption-tariffs-total-cost = Coût total
consumption-tariffs-total-revenue = Recette totale
consumption-tariffs-pie-label = Graphique en anneau : { $title } : { $slices }. Le tableau à côté indique les quantités et les coûts.
consumption-tariffs-none-shown = Aucun tarif choisi : choisissez-en au moins un ci-dessus.
consumption-tariffs-nothing-priced = Rien n’a été valorisé sur cette période.
consumption-tariffs-unpriced = { $amount } non valorisés : aucune règle de coût ne couvre ces heures, ou leur tarif n’avait pas encore de prix. Vérifiez la facture des consommations.
consumption-tariffs-open-bill = Ouvrir la facture des consommations
consumption-tariffs-no-contract = Pas de coûts sans facture des consommations
consumption-tariffs-no-contract-hint = Les coûts s’affichent ici dès que les tarifs et les règles de coût du contrat sont saisis dans Configuration du système → Tarifs. Adressez-vous à votre installateur ou à votre administrateur si vous ne pouvez pas l’ouvrir.
consumption-tariffs-enter-bill = Saisir la facture des consommations
consumption-tariffs-no-scopes = Aucun appareil, usage ou groupe ne mesure encore d’électricité, de gaz ou d’eau.
consumption-overall-costs = Coûts globaux
consumption-overall-commodity = Fluide
consumption-overall-amount = Quantité
consumption-overall-cost = Coût
consumption-overall-row-energy_active_import = Électricité soutirée
consumption-overall-row-energy_active_export = Électricité injectée
consumption-overall-row-gas_volume = Gaz
consumption-overall-row-water_volume = Eau
consumption-overall-equivalent = soit { $amount }
consumption-overall-unpriced = dont { $amount } non valorisés
consumption-overall-revenue = recette
consumption-overall-not-priced = non valorisé
consumption-overall-bought = Coût de ce qui a été soutiré
consumption-overall-fed-in = Recette de ce qui a été injecté
consumption-overall-standing = Abonnements de la période jusqu’ici
consumption-overall-total = Total avec les abonnements (avant la recette de l’injection)
consumption-overall-no-costs = Pas de coûts : ils nécessitent une facture des consommations.
consumption-overall-some-unpriced = Une partie de la période n’a pas été valorisée : aucune règle de coût ne couvre ces heures, ou leur tarif n’avait pas encore de prix. Les coûts ci-dessus ne la comprennent pas.

## demand charge

tariffs-demand-meter = Compteur du point de livraison
tariffs-demand-meter-help = Le compteur au point de raccordement au réseau, où le gestionnaire de réseau mesure la pointe (pas un sous-compteur). Obligatoire avec un prix.
tariffs-demand-meter-choose = Choisissez un compteur
consumption-demand = Prime de puissance
consumption-demand-month = Prime de puissance, { $month }
consumption-demand-peak = pointe { $power } le { $at }
consumption-demand-no-peak = aucune mesure du compteur du point de livraison
consumption-demand-total = Total avec { $standing ->
    [yes] les abonnements et la prime de puissance
   *[no] la prime de puissance
} (avant la recette de l’injection)
