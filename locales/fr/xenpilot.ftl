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

# Performance tab (graphs, overview, layout editor)
perf-range = Période :
perf-range-10m = 10 dernières minutes
perf-range-2h = 2 dernières heures
perf-range-week = Dernière semaine
perf-range-year = Dernière année
perf-edit = Modifier les graphiques…
perf-edit-close = Fermer l’éditeur
perf-no-session = Pas de connexion : les graphiques demandent un pool connecté.
perf-waiting = En attente de données…
perf-err-no-address = aucune adresse pour le joindre
perf-err-unauthorized = l’hôte a refusé la session (reconnectez-vous)
perf-err-host = { $host } : { $error }
perf-csv-saved = { $path } enregistré
perf-csv-failed = Impossible d’enregistrer { $path } : { $error }
perf-image-copied = Graphique copié dans le presse-papiers
perf-layout-saved = Disposition des graphiques enregistrée dans le pool
perf-layout-failed = Impossible d’enregistrer la disposition : { $error }
perf-graph-cpu = Processeur
perf-graph-memory = Mémoire
perf-graph-network = Réseau
perf-graph-disk = Débit disque
perf-graph-iops = IOPS disque
perf-graph-latency = Latence disque
perf-graph-load = Charge moyenne
perf-graph-other = Autre
perf-ds-cpu = Processeur { $dev }
perf-ds-cpu-avg = Processeur (moyenne)
perf-ds-memory-total = Mémoire totale
perf-ds-memory-used = Mémoire utilisée
perf-ds-memory-free = Mémoire libre
perf-ds-memory-target = Mémoire cible
perf-ds-loadavg = Charge moyenne
perf-ds-rx = { $dev } réception
perf-ds-tx = { $dev } émission
perf-ds-read = { $dev } lecture
perf-ds-write = { $dev } écriture
perf-ds-iops-read = { $dev } IOPS en lecture
perf-ds-iops-write = { $dev } IOPS en écriture
perf-ds-latency = { $dev } latence
perf-export-csv = Exporter en CSV…
perf-copy-image = Copier l’image
perf-csv-path = Fichier CSV :
perf-csv-save = Enregistrer
perf-overview-title = Hôtes et VM les plus actifs maintenant (5 dernières secondes)
perf-col-name = Nom
perf-col-cpu = Processeur
perf-col-memory = Mémoire (utilisée / totale)
perf-col-network = Réseau
perf-col-disk = Disque
perf-edit-graphs = Graphiques
perf-edit-up = Monter
perf-edit-down = Descendre
perf-edit-remove = Supprimer le graphique
perf-edit-add = Ajouter un graphique
perf-edit-sources = Sources de données du graphique choisi
perf-edit-save = Enregistrer dans le pool
perf-edit-defaults = Par défaut
perf-kind-host = Hôte
perf-kind-vm = VM
perf-vm-not-running = Cette VM n’est pas en cours d’exécution : son hôte n’a pas de données de performances pour elle.
