# XenPilot, de.

## Menus
menu-file = Datei
menu-open-dump = Datenbank-Dump öffnen…
menu-quit = Beenden
menu-view = Ansicht
menu-infrastructure = Infrastruktur
menu-objects = Objekte
view-user-templates = Benutzerdefinierte Vorlagen
view-default-templates = { $brand }-Vorlagen
view-local-storage = Lokaler Speicher
view-show-hidden = Ausgeblendete Objekte anzeigen
menu-language = Sprache
menu-theme = Design
theme-system = Wie System
theme-light = Hell
theme-dark = Dunkel
menu-help = Hilfe
menu-about = Über XenPilot
about-text = XenPilot { $version }: ein Desktop-Client für XenServer- und XCP-ng-Pools.
close = Schließen

## Navigation pane
search-hint = Suchen (Strg+F)
search-label = Suchen
tree-empty = Nichts passt zur Suche.
tree-loading = Wird geladen…

## Status bar
status-connecting = Verbindung wird hergestellt…
status-connected = Verbunden mit { $host }
status-reconnecting = Verbindung wird wiederhergestellt… ({ $error })
status-failed = Verbindung fehlgeschlagen: { $error }
status-file = Schreibgeschützt: { $file }
status-objects = { $count } Objekte
status-hidden = { $count } ausgeblendet

## File > Open database dump
open-title = Datenbank-Dump öffnen
open-path = Datei
open-button = Öffnen
cancel = Abbrechen
open-loading = { $file } wird geladen…
open-failed = { $file } kann nicht geöffnet werden: { $error }

## Display names
name-hidden = { $name } (ausgeblendet)
name-bonded-member = { $name } (Bond-Mitglied)
vm-control-domain = Steuerdomäne auf Host { $host }
net-himn = Hostinternes Verwaltungsnetzwerk
net-name = Netzwerk { $device }
net-name-vlan = Netzwerk { $device } in VLAN { $vlan }
pif-nic = NIC { $number }
pif-bond = Bond { $members }
nic-on-host = { $nic } auf { $host }

## Installer-created SRs (other_config i18n-key)
sr-name_label-local-storage = Lokaler Speicher
sr-name_label-local-storage-host = Lokaler Speicher auf { $host }
sr-name_description-local-storage = Lokaler Speicher
sr-name_description-local-storage-host = Lokaler Speicher auf { $host }
sr-name_label-local-hotplug-cd = DVD-Laufwerke
sr-name_label-local-hotplug-cd-host = DVD-Laufwerke auf { $host }
sr-name_description-local-hotplug-cd = Physische DVD-Laufwerke
sr-name_description-local-hotplug-cd-host = Physische DVD-Laufwerke auf { $host }
sr-name_label-local-hotplug-disk = Wechselspeicher
sr-name_label-local-hotplug-disk-host = Wechselspeicher auf { $host }
sr-name_description-local-hotplug-disk = Physischer Wechselspeicher
sr-name_description-local-hotplug-disk-host = Physischer Wechselspeicher auf { $host }
sr-name_label-xenserver-tools = { $tools }
sr-name_description-xenserver-tools = { $tools } ISOs
sr-name_label-ebs = EBS
sr-name_label-ebs-host = EBS in { $host }
sr-name_description-ebs = EBS-Volumes
sr-name_description-ebs-host = EBS-Volumes in Verfügbarkeitszone { $host }

## Objects view groups
group-pools = Pools
group-servers = Server
group-vms = VMs
group-snapshots = Snapshots
group-user-templates = Benutzerdefinierte Vorlagen
group-default-templates = { $brand }-Vorlagen
group-remote-srs = Remote-Speicher-Repositorys
group-local-srs = Lokale Speicher-Repositorys
group-networks = Netzwerke
group-nics = NICs

## Details pane
details-none = Wählen Sie ein Objekt im Baum aus.
details-gone = Dieses Objekt existiert nicht mehr.
kind-pool = Pool
kind-host = Server
kind-vm = VM
kind-template = Vorlage
kind-snapshot = Snapshot
kind-sr = Speicher-Repository
kind-network = Netzwerk
kind-pif = Physische NIC
kind-vif = Virtuelle NIC
kind-vdi = Virtueller Datenträger
section-general = Allgemein
section-other-config = Weitere Konfiguration
prop-name = Name
prop-description = Beschreibung
prop-uuid = UUID
prop-power-state = Betriebszustand
prop-host = Server
prop-memory = Arbeitsspeicher
prop-vcpus = vCPUs
prop-os = Betriebssystem
prop-type = Typ
prop-size = Größe
prop-used = Belegt
prop-shared = Gemeinsam genutzt
prop-device = Gerät
prop-mac = MAC-Adresse
prop-mtu = MTU
prop-network = Netzwerk
prop-address = Adresse
prop-coordinator = Koordinator
prop-vm = VM
prop-vlan = VLAN
prop-management = Verwaltungsschnittstelle
prop-ip = IP-Adresse
prop-sr = Speicher-Repository
prop-snapshot-of = Snapshot von
prop-hidden = In XenCenter ausgeblendet
prop-api = API-Version
prop-key = Schlüssel
prop-value = Wert
power-running = Läuft
power-halted = Angehalten
power-suspended = Ausgesetzt
power-paused = Pausiert
power-unknown = Unbekannt
yes = Ja
no = Nein
list-nics = Netzwerkschnittstellen
list-disks = Datenträger
list-pifs = Physische NICs
list-vifs = Virtuelle NICs
list-empty = Keine
