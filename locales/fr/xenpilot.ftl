# XenPilot, fr.

## Menus
menu-file = Fichier
menu-open-dump = Ouvrir un dump de base de données…
menu-quit = Quitter
menu-view = Affichage
menu-infrastructure = Infrastructure
menu-objects = Objets
view-user-templates = Modèles personnalisés
view-default-templates = Modèles { $brand }
view-local-storage = Stockage local
view-show-hidden = Afficher les objets masqués
menu-language = Langue
menu-theme = Thème
theme-system = Comme le système
theme-light = Clair
theme-dark = Sombre
menu-help = Aide
menu-about = À propos de XenPilot
about-text = XenPilot { $version } : un client de bureau pour les pools XenServer et XCP-ng.
close = Fermer

## Navigation pane
search-hint = Rechercher ({ $shortcut })
search-label = Rechercher
tree-empty = Rien ne correspond à la recherche.
tree-loading = Chargement…

## Status bar
status-connecting = Connexion…
status-connected = Connecté à { $host }
status-reconnecting = Reconnexion… ({ $error })
status-failed = Échec de la connexion : { $error }
status-file = Lecture seule : { $file }
status-objects = { $count } objets
status-hidden = { $count } masqués

## File > Open database dump
open-title = Ouvrir un dump de base de données
open-path = Fichier
open-button = Ouvrir
cancel = Annuler
open-loading = Chargement de { $file }…
open-failed = Impossible d’ouvrir { $file } : { $error }

## Display names
name-hidden = { $name } (masqué)
name-bonded-member = { $name } (membre d’agrégat)
vm-control-domain = Domaine de contrôle sur l’hôte { $host }
net-himn = Réseau de gestion interne de l’hôte
net-name = Réseau { $device }
net-name-vlan = Réseau { $device } sur le VLAN { $vlan }
pif-nic = NIC { $number }
pif-bond = Agrégat { $members }
nic-on-host = { $nic } sur { $host }
pif-vlan = { $nic } (VLAN { $vlan })
sr-name-on-host = { $name } sur { $host }

## Installer-created SRs (other_config i18n-key)
sr-name_label-local-storage = Stockage local
sr-name_label-local-storage-host = Stockage local sur { $host }
sr-name_description-local-storage = Stockage local
sr-name_description-local-storage-host = Stockage local sur { $host }
sr-name_label-local-hotplug-cd = Lecteurs DVD
sr-name_label-local-hotplug-cd-host = Lecteurs DVD sur { $host }
sr-name_description-local-hotplug-cd = Lecteurs DVD physiques
sr-name_description-local-hotplug-cd-host = Lecteurs DVD physiques sur { $host }
sr-name_label-local-hotplug-disk = Stockage amovible
sr-name_label-local-hotplug-disk-host = Stockage amovible sur { $host }
sr-name_description-local-hotplug-disk = Stockage amovible physique
sr-name_description-local-hotplug-disk-host = Stockage amovible physique sur { $host }
sr-name_label-xenserver-tools = { $tools }
sr-name_description-xenserver-tools = ISO { $tools }
sr-name_label-ebs = EBS
sr-name_label-ebs-host = EBS dans { $host }
sr-name_description-ebs = Volumes EBS
sr-name_description-ebs-host = Volumes EBS dans la zone de disponibilité { $host }

## Objects view groups
group-pools = Pools
group-servers = Serveurs
group-vms = VM
group-snapshots = Instantanés
group-user-templates = Modèles personnalisés
group-default-templates = Modèles { $brand }
group-remote-srs = Référentiels de stockage distants
group-local-srs = Référentiels de stockage locaux
group-networks = Réseaux
group-nics = NIC

## Details pane
details-none = Sélectionnez un objet dans l’arborescence.
details-gone = Cet objet n’existe plus.
kind-pool = Pool
kind-host = Serveur
kind-vm = VM
kind-template = Modèle
kind-snapshot = Instantané
kind-sr = Référentiel de stockage
kind-network = Réseau
kind-pif = NIC physique
kind-vif = NIC virtuelle
kind-vdi = Disque virtuel
section-general = Général
section-other-config = Autre configuration
prop-name = Nom
prop-description = Description
prop-uuid = UUID
prop-power-state = État d’alimentation
prop-host = Serveur
prop-memory = Mémoire
prop-vcpus = vCPU
prop-os = Système d’exploitation
prop-type = Type
prop-size = Taille
prop-used = Utilisé
prop-shared = Partagé
prop-device = Périphérique
prop-mac = Adresse MAC
prop-mtu = MTU
prop-network = Réseau
prop-address = Adresse
prop-coordinator = Coordinateur
prop-vm = VM
prop-vlan = VLAN
prop-management = Interface de gestion
prop-ip = Adresse IP
prop-sr = Référentiel de stockage
prop-snapshot-of = Instantané de
prop-hidden = Masqué dans XenCenter
prop-api = Version de l’API
prop-key = Clé
prop-value = Valeur
power-running = En cours d’exécution
power-halted = Arrêtée
power-suspended = Suspendue
power-paused = En pause
power-unknown = Inconnu
yes = Oui
no = Non
list-nics = Interfaces réseau
list-disks = Disques
list-pifs = NIC physiques
list-vifs = NIC virtuelles
list-empty = Aucun
prop-ips = Adresses IP
prop-snapshot-time = Instantané pris le
prop-state = État
host-live = Actif
host-not-live = Injoignable
section-xenstore = Données xenstore
section-advanced = Avancé
list-snapshots = Instantanés
group-count = Objets : { $count }
nav-back = Précédent
nav-forward = Suivant

## Context menus and actions
menu-nic-settings = Paramètres de la NIC…
menu-xenstore = Modifier les données xenstore…
menu-vm-start = Démarrer
menu-vm-shutdown = Arrêter
menu-vm-force-shutdown = Forcer l’arrêt
menu-vm-reboot = Redémarrer
menu-bulk-nic = Paramètres de { $count } NIC…
power-failed = Échec de « { $action } » : { $error }

## Forms (shared)
form-apply = Appliquer
form-close = Fermer
form-reload = Recharger
form-xe = Commandes xe équivalentes
form-copy = Copier
form-no-changes = Aucune modification à appliquer.
form-invalid = Corrigez les valeurs signalées pour appliquer.
form-incomplete = Terminez la nouvelle clé pour appliquer.
form-discard-question = Abandonner vos modifications ?
form-discard = Abandonner
form-keep-editing = Continuer la modification
form-applying = Application…
form-applied = Appliqué.
form-read-only = Lecture seule : ce pool a été ouvert depuis un dump de base de données.
err-conflict = Modifié par quelqu’un d’autre depuis l’ouverture de ce formulaire ({ $keys }). Rien n’a été écrit : rechargez pour voir les nouvelles valeurs.
err-rbac = Autorisation refusée : il faut l’un de ces rôles : { $roles }
err-gone = Cet objet n’existe plus.
err-server = Le serveur a refusé : { $error }

## NIC settings
nic-title = Paramètres de la NIC : { $name }
nic-default = Par défaut
nic-on = Activé
nic-off = Désactivé
nic-desc-rx = Déchargement de la somme de contrôle RX
nic-desc-tx = Déchargement de la somme de contrôle TX
nic-desc-sg = Scatter-gather
nic-desc-tso = Déchargement de la segmentation TCP
nic-desc-ufo = Déchargement de la fragmentation UDP
nic-desc-gso = Déchargement générique de la segmentation
nic-desc-gro = Déchargement générique de la réception
nic-desc-lro = Déchargement des grandes réceptions
nic-desc-autoneg = Autonégociation
nic-desc-speed = Vitesse (Mb/s)
nic-desc-duplex = Duplex
nic-desc-advertise = Modes de liaison annoncés
nic-desc-promiscuous = Mode promiscuité
nic-desc-mtu = MTU
nic-duplex-half = Semi
nic-duplex-full = Intégral
nic-promiscuous-note = Le mode promiscuité ne fonctionne qu’avec le backend réseau pont Linux ; Open vSwitch l’ignore.
nic-mtu-default = Par défaut : la MTU du réseau ({ $mtu })
nic-vif-note = La vitesse, le duplex et l’autonégociation sont des réglages du lien physique : réglez-les sur la NIC (PIF) de l’hôte, pas sur un VIF.
nic-not-applicable = Conservés tels quels (inutilisés sur un VIF) : { $keys }
nic-when-vif = Les modifications prennent effet au prochain branchement du VIF ou au prochain démarrage de la VM.
nic-when-pif = Les modifications prennent effet au prochain branchement de la PIF ou au redémarrage de l’hôte.
err-not-on-off = « { $value } » n’est pas valide : choisissez Par défaut, Activé ou Désactivé.
err-speed = « { $value } » n’est pas un nombre entier positif de Mb/s.
err-duplex = « { $value } » n’est pas valide : choisissez half ou full.
err-advertise = « { $value } » n’est pas un masque hexadécimal comme 0x2f.
err-mtu-integer = « { $value } » n’est pas un nombre entier.
err-mtu-range = { $value } est hors de 68–65535.
warn-mtu = { $value } est inhabituel : la plupart des réseaux utilisent 1500–9216.
mtu-pending-vif = { $now } en vigueur ; { $next } s’applique au prochain branchement du VIF (démarrage de la VM ou rebranchement du VIF)
mtu-pending-pif = { $now } en vigueur ; { $next } s’applique au prochain branchement de la carte (rebranchement du PIF ou redémarrage de l’hôte)
warn-mtu-above = { $value } dépasse la MTU du réseau ({ $network }) : les trames plus grandes que ce que porte le réseau sont perdues.

## xenstore data
xs-title = Données xenstore : { $name }
xs-key = Clé
xs-value = Valeur
xs-add = Ajouter une clé
xs-remove = Supprimer
xs-kept = Conservées telles quelles (non modifiables ici)
xs-note-running = La VM est en cours d’exécution : la modification passe par VM.set_xenstore_data et atteint l’invité immédiatement.
xs-note-halted = L’invité verra ces clés au prochain démarrage de la VM.
xs-err-prefix = « { $key } » doit commencer par vm-data/ : les autres clés n’atteignent jamais l’invité.
xs-err-empty = Donnez un nom à la clé après vm-data/ (par exemple vm-data/hostname).
xs-err-chars = « { $key } » contient des espaces ou des caractères de contrôle.
xs-err-dup = « { $key } » apparaît deux fois.
xs-err-value = La valeur de « { $key } » contient des caractères de contrôle.

## One setting for several NICs
bulk-title = Paramètres de { $count } NIC
bulk-setting = Paramètre
bulk-value = Valeur
bulk-summary = { $changed } NIC sur { $count } modifiées ; { $same } avaient déjà cette valeur.
bulk-failed = { $failed } en échec : { $error }

## Connect dialog
menu-connect = Se connecter…
conn-title = Se connecter à un serveur
conn-recent = Serveurs récents
conn-server = Serveur
conn-user = Nom d'utilisateur
conn-password = Mot de passe
conn-remember = Mémoriser (le mot de passe va dans le trousseau du système)
conn-connect = Se connecter
conn-plain-http = http non chiffré : le mot de passe et tout le reste circulent en clair.
conn-redirected = { $member } est membre d'un pool : connecté à son coordinateur { $master }.
conn-err-auth = { $host } a refusé le nom d'utilisateur ou le mot de passe.
conn-err-server = { $host } a refusé la connexion : { $error }
conn-err-unreachable = Impossible de joindre { $host } : { $error }
conn-err-not-xenapi = { $host } n'a pas répondu comme un hôte XenServer ou XCP-ng ({ $error }).
conn-err-slow = { $host } n'a pas répondu en { $seconds } s : l'hôte est lent ou ne répond pas.
conn-err-too-large = { $host } a envoyé une réponse de plus de { $size } ; XenPilot l'a refusée.
conn-err-address = { $error }
cert-untrusted = Le certificat de { $host } n'est signé par aucune autorité de confiance de cet ordinateur. Les hôtes XenServer et XCP-ng utilisent des certificats auto-signés : ne lui faites confiance que si l'empreinte ci-dessous correspond à celle de l'hôte.
cert-untrusted-error = Le certificat de { $host } n'est pas de confiance : { $error }
cert-changed = Le certificat de { $host } a changé depuis que vous lui avez fait confiance. La connexion a été refusée. Approuvé : { $old } Présenté : { $new }
cert-subject = Sujet
cert-issuer = Émetteur
cert-valid-from = Valide à partir du
cert-valid-to = Valide jusqu'au
cert-fingerprint = Empreinte SHA-256
cert-compare = Sur l'hôte, `openssl x509 -noout -fingerprint -sha256 -in /etc/xensource/xapi-ssl.pem` affiche son empreinte.
cert-trust = Faire confiance et se connecter
status-not-encrypted = Non chiffré
status-not-encrypted-tip = Ce pool est joint en http non chiffré : mots de passe et données circulent en clair.
status-idle = Non connecté
tree-no-pool = Aucun pool : Fichier > Se connecter… ({ $connect }) ou Fichier > Ouvrir un dump de base de données… ({ $open }).
status-disconnected = Déconnecté
conn-already = { $pool } est déjà affiché : le même pool n'est pas connecté deux fois.
menu-disconnect = Se déconnecter
menu-reconnect = Se reconnecter
menu-remove-pool = Retirer de la liste
form-read-only-role = Lecture seule : { $user } a un rôle en lecture seule sur ce pool. Le modifier demande le rôle Pool Operator ou supérieur (VM Operator ou supérieur pour les données xenstore d'une VM).
status-read-only-user = Utilisateur en lecture seule
conn-keyring-failed = Impossible d'enregistrer le mot de passe dans le trousseau du système : { $error }

# App shell
menu-find = Rechercher
err-worker-vanished = La tâche en arrière-plan s’est arrêtée sans réponse. Réessayez.
notice-dismiss = Masquer
tree-collapse = Replier { $name }
tree-expand = Déplier { $name }

# Acting on the right objects
menu-vm-many = { $action } { $count } VM
tip-vm-start = Démarrer la VM.
tip-vm-shutdown = Demander au système invité de s’arrêter proprement (il faut l’agent invité ou ACPI).
tip-vm-force-shutdown = Éteindre la VM immédiatement, comme en débranchant : les données non enregistrées de l’invité sont perdues.
tip-vm-reboot = Demander au système invité de redémarrer proprement.
tip-disconnect = Fermer la connexion à ce pool ; il reste dans la liste pour s’y reconnecter.
confirm-power = { $action } { $count ->
    [one] cette VM ?
   *[other] ces { $count } VM ?
    }
confirm-disconnect = Se déconnecter de { $pool } ? Ses objets disparaissent jusqu’à la reconnexion.
confirm-more = … et { $count } de plus
confirm-dont-ask = Ne plus me demander
power-action-running = { $action }…
power-actions-running = { $count } opérations de VM en cours…
power-done = { $action } : terminé

# Connection errors users can act on
conn-err-refused = Rien ne répond à { $host } (connexion refusée). Vérifiez l’adresse et le port, et que l’hôte est démarré.
conn-err-unknown-host = { $host } n’est pas un nom d’hôte connu. Vérifiez l’orthographe ou utilisez son adresse IP.
conn-err-no-route = { $host } est injoignable depuis cet ordinateur (aucune route).
conn-err-reset = { $host } a fermé la connexion pendant l’appel.
conn-err-timeout = { $host } n’a pas accepté la connexion à temps.
conn-details = Détails

# The Ctrl key as keyboards of this language label it
key-ctrl = Ctrl

# Help
menu-shortcuts = Raccourcis clavier
key-click = clic
keys-tree-move = Déplacer la sélection dans l’arbre
keys-tree-fold = Replier ou déplier une ligne (Gauche va aussi au parent)
keys-tree-enter = Ouvrir la ligne choisie (la déplier, ou les réglages d’une carte réseau)
keys-multi = Ajouter une ligne à la sélection, ou l’en retirer
keys-escape = Fermer la fenêtre au premier plan ; dans la recherche, la vider
about-licence = Licence : { $licence }
about-built-with = Construit avec
status-objects-found = { $shown } objets sur { $count } correspondent

# Suspend and resume
menu-vm-suspend = Suspendre
menu-vm-resume = Reprendre
tip-vm-suspend = Enregistrer la mémoire de la VM sur le stockage et l’arrêter ; Reprendre continue là où elle était.
tip-vm-resume = Reprendre la VM suspendue là où elle était.

## Details pane tabs
tab-general = Général
tab-storage = Stockage
tab-networking = Réseau
tab-snapshots = Instantanés
tab-console = Console
tab-performance = Performances
tab-tasks = Tâches
tab-alerts = Alertes
tab-next = Onglet suivant
tab-previous = Onglet précédent

## Tasks, alerts and the VM lifecycle
menu-events = Événements
menu-alerts = Alertes
view-back-to-details = Retour aux détails
status-tasks-running =
    { $count ->
        [one] 1 tâche en cours
       *[other] { $count } tâches en cours
    }
status-alerts =
    { $count ->
        [one] 1 alerte
       *[other] { $count } alertes
    }
events-title = Événements
events-count = { $count } tâches, { $running } en cours
events-none = Aucune tâche dans les pools affichés.
events-none-object = Aucune tâche pour cet objet.
events-col-status = État
events-col-task = Tâche
events-col-object = Objet
events-col-progress = Progression
events-col-time = Début · durée
events-col-result = Résultat
events-col-actions = Actions
events-detail-task = Appel
events-detail-error = Erreur du serveur
events-detail-result = Résultat
events-detail-uuid = UUID de la tâche
task-status-running = En cours
task-status-success = Terminée
task-status-failure = Échec
task-status-cancelling = Annulation…
task-status-cancelled = Annulée
task-status-unknown = Inconnu
task-done = Fait
task-cancel = Annuler
task-err-power-state = La VM est { $actual } ; il faut qu'elle soit { $expected }.
task-err-not-allowed = Non autorisé pour l'instant : { $reason }
task-err-in-progress = Une autre opération est en cours ({ $op }).
task-err-memory = Mémoire libre insuffisante sur le serveur : { $needed } nécessaires, { $free } libres.
task-err-cancelled = Annulée.
task-err-sr-full = Le référentiel de stockage est plein.
alerts-title = Alertes
alerts-count = { $shown } sur { $count } affichées
alerts-none = Aucune alerte ne correspond.
alerts-none-object = Aucune alerte pour cet objet.
alerts-all-pools = Tous les pools
alerts-selected-only = Objet sélectionné uniquement
alerts-dismiss-all = Ignorer toutes celles affichées ({ $count })
alert-dismiss = Ignorer
confirm-dismiss-alerts = Ignorer { $count } alertes ? Elles sont supprimées sur le serveur, pour tous les utilisateurs.
alerts-col-priority = Priorité
alerts-col-object = Objet
alerts-col-time = Heure
alerts-col-title = Alerte
alerts-col-text = Détails
alerts-col-actions = Actions
alert-priority-critical = Critique
alert-priority-major = Majeure
alert-priority-warning = Avertissement
alert-priority-minor = Mineure
alert-priority-info = Information
alert-since-any = Toute date
alert-since-hour = Dernière heure
alert-since-day = Dernières 24 heures
alert-since-week = 7 derniers jours
col-position = Position
col-name = Nom
col-size = Taille
col-sr = Stockage
col-mode = Mode
col-drive-type = Type
col-attached = Connecté
col-used = Utilisé
col-vms = Utilisé par
col-sr-type = Type
col-shared = Partagé
col-device = Périphérique
col-mac = MAC
col-network = Réseau
col-mtu = MTU
col-ips = Adresses IP
col-connected = Lien
drive-empty = (vide)
mode-ro = Lecture seule
mode-rw = Lecture/écriture
tab-table-empty = Aucun
menu-vm = VM
menu-vm-none = Sélectionnez une VM pour ses actions.
menu-vm-new = Nouvelle VM
menu-vm-new-dots = Nouvelle VM…
menu-vm-force-reboot = Forcer le redémarrage
menu-vm-pause = Mettre en pause
menu-vm-unpause = Reprendre l'exécution
menu-vm-start-on = Démarrer sur le serveur
menu-vm-snapshot = Prendre un instantané
menu-vm-revert = Revenir à l'instantané
menu-vm-delete-snapshot = Supprimer l'instantané
menu-vm-copy = Copier la VM
menu-vm-migrate = Déplacer vers le serveur
menu-vm-delete = Supprimer la VM
tip-vm-force-reboot = Réinitialise la VM immédiatement, comme le bouton reset : les données non enregistrées de l'invité sont perdues.
tip-vm-pause = Arrête les vCPU de la VM là où ils sont ; elle garde sa mémoire et ses ressources.
tip-vm-unpause = Relance les vCPU de la VM en pause.
tip-vm-snapshot = Conserve les disques de la VM (et, si vous le choisissez, sa mémoire) dans leur état actuel, pour y revenir plus tard.
tip-vm-revert = Ramène la VM à cet instantané : les modifications depuis sont perdues.
tip-vm-copy = Une nouvelle VM à partir de celle-ci : clone rapide, ou copie complète vers un référentiel de stockage.
why-not-a-guest = Les modèles, instantanés et domaines de contrôle n'acceptent pas cette action.
why-busy = Une autre opération est en cours sur cette VM ({ $op }).
why-power-state = Impossible tant que la VM est { $state }.
why-not-allowed = Le serveur ne l'autorise pas pour l'instant.
dlg-name = Nom
dlg-description = Description
dlg-err-name = Saisissez un nom.
dlg-snapshot-default-name = Instantané de { $name }
dlg-snapshot-of = Un instantané de { $name }.
dlg-snapshot-disk = Disques uniquement
dlg-snapshot-memory = Disques et mémoire (point de contrôle)
dlg-snapshot-memory-why = Seule la mémoire d'une VM en cours d'exécution peut être conservée.
dlg-copy-default-name = Copie de { $name }
dlg-copy-of = Une nouvelle VM à partir de { $name }.
dlg-copy-fast = Clone rapide (même stockage, copie à l'écriture si possible)
dlg-copy-full = Copie complète vers :
dlg-copy-sr = Stockage
dlg-delete-question = Supprimer { $names } ? Cette action est irréversible.
dlg-delete-disks = Supprimer aussi ces disques :
dlg-delete-no-disks = La VM n'a aucun disque.
dlg-delete-warning = Les disques non cochés restent dans leur référentiel de stockage.
dlg-revert-question = Ramener { $vm } à { $names } ? Les modifications depuis l'instantané sont perdues.
dlg-delete-snapshot-question = Supprimer { $names } et ses disques ? La VM elle-même n'est pas touchée.
snap-pick-one = Choisissez un instantané pour y revenir ou le supprimer.
snap-none = Cette VM n'a aucun instantané.
snap-now = Maintenant
snap-taken = Pris le
snap-kind = Type
snap-kind-memory = Disques et mémoire
snap-kind-disk = Disques uniquement
snap-disks = Disques
wiz-title = Nouvelle VM
wiz-step-template = Modèle
wiz-step-name = Nom
wiz-step-hardware = Processeur et mémoire
wiz-step-boot = Démarrage et installation
wiz-step-storage = Stockage
wiz-step-networking = Réseau
wiz-step-finish = Terminer
wiz-boot-bios = BIOS
wiz-boot-uefi = UEFI
wiz-boot-secure = UEFI Secure Boot
wiz-iso = Installer depuis l'ISO
wiz-no-iso = (aucune)
wiz-vcpus = vCPU
wiz-memory = Mémoire (Mio)
wiz-disk-size = Taille du disque (Gio)
wiz-sr = Référentiel de stockage
wiz-sr-free = { $name } ({ $free } libres)
wiz-networks = Connecter la VM à ces réseaux :
wiz-start = Démarrer la VM une fois créée
wiz-back = < Précédent
wiz-next = Suivant >
wiz-finish = Créer la VM
wiz-err-template = Choisissez un modèle.
wiz-err-vcpus = Donnez à la VM de 1 à { $max } vCPU.
wiz-err-memory-low = Le modèle demande au moins { $min } Mio.
wiz-err-memory-high = Aucun serveur du pool n'a plus de { $max } Mio.
wiz-err-boot = Ce modèle ne propose pas ce mode de démarrage.
wiz-err-sr = Choisissez un référentiel de stockage pour le disque.
wiz-err-disk-size = Le disque doit faire au moins 1 Gio.
wiz-err-disk-big = Le référentiel n'a que { $free } libres.
wiz-err-nics = Une VM peut avoir au plus { $max } interfaces réseau ici.
alerts-col-pool = Pool
alert-name-alarm = Alarme de performance
alert-name-ha-host-failed = Panne du serveur (HA)
alert-name-ha-pool-overcommitted = Pool surchargé (HA)
alert-name-host-clock-skew-detected = Décalage d'horloge du serveur
alert-name-license-expires-soon = Licence bientôt expirée
alert-name-multipath-periodic-alert = Chemins multipath hors service
alert-name-pbd-plug-failed-on-server-start = Stockage non connecté au démarrage
alert-name-host-server-certificate-expiring = Certificat du serveur bientôt expiré
alert-name-vm-started = VM démarrée
alert-name-vm-shutdown = VM arrêtée
alert-name-vm-crashed = VM plantée
alert-name-vm-rebooted = VM redémarrée
alert-name-vm-suspended = VM suspendue
alert-name-vm-resumed = VM reprise
alert-name-vm-paused = VM en pause
alert-name-vm-unpaused = VM sortie de pause
alert-name-vm-snapshotted = Instantané de VM pris
alert-name-vm-snapshot-reverted = VM ramenée à l'instantané
alert-name-vm-checkpointed = Point de contrôle de VM pris
alert-name-vm-cloned = VM clonée
alert-name-vm-migrated = VM déplacée
