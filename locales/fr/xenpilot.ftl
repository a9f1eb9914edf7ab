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
search-hint = Rechercher (Ctrl+F)
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
