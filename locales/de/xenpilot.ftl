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
search-hint = Suchen ({ $shortcut })
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
pif-vlan = { $nic } (VLAN { $vlan })
sr-name-on-host = { $name } auf { $host }

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
prop-ips = IP-Adressen
prop-snapshot-time = Snapshot erstellt
prop-state = Status
host-live = Aktiv
host-not-live = Nicht erreichbar
section-xenstore = xenstore-Daten
section-advanced = Erweitert
list-snapshots = Snapshots
group-count = Objekte: { $count }
nav-back = Zurück
nav-forward = Vorwärts

## Context menus and actions
menu-nic-settings = NIC-Einstellungen…
menu-xenstore = xenstore-Daten bearbeiten…
menu-vm-start = Starten
menu-vm-shutdown = Herunterfahren
menu-vm-force-shutdown = Herunterfahren erzwingen
menu-vm-reboot = Neu starten
menu-bulk-nic = NIC-Einstellungen für { $count } NICs…
power-failed = { $action } fehlgeschlagen: { $error }

## Forms (shared)
form-apply = Übernehmen
form-close = Schließen
form-reload = Neu laden
form-xe = Entsprechende xe-Befehle
form-copy = Kopieren
form-no-changes = Keine Änderungen.
form-invalid = Korrigieren Sie die markierten Werte, um sie zu übernehmen.
form-incomplete = Vervollständigen Sie den neuen Schlüssel, um ihn zu übernehmen.
form-discard-question = Ihre Änderungen verwerfen?
form-discard = Verwerfen
form-keep-editing = Weiter bearbeiten
form-applying = Wird übernommen…
form-applied = Übernommen.
form-read-only = Schreibgeschützt: Dieser Pool wurde aus einem Datenbank-Dump geöffnet.
err-conflict = Seit dem Öffnen dieses Formulars von jemand anderem geändert ({ $keys }). Es wurde nichts geschrieben: Laden Sie neu, um die neuen Werte zu sehen.
err-rbac = Zugriff verweigert: Dafür ist eine dieser Rollen nötig: { $roles }
err-gone = Dieses Objekt existiert nicht mehr.
err-server = Der Server hat abgelehnt: { $error }

## NIC settings
nic-title = NIC-Einstellungen: { $name }
nic-default = Standard
nic-on = Ein
nic-off = Aus
nic-desc-rx = RX-Prüfsummen-Offload
nic-desc-tx = TX-Prüfsummen-Offload
nic-desc-sg = Scatter-Gather
nic-desc-tso = TCP-Segmentierungs-Offload
nic-desc-ufo = UDP-Fragmentierungs-Offload
nic-desc-gso = Generischer Segmentierungs-Offload
nic-desc-gro = Generischer Empfangs-Offload
nic-desc-lro = Large Receive Offload
nic-desc-autoneg = Autonegotiation
nic-desc-speed = Geschwindigkeit (Mb/s)
nic-desc-duplex = Duplex
nic-desc-advertise = Angekündigte Verbindungsmodi
nic-desc-promiscuous = Promiscuous-Modus
nic-desc-mtu = MTU
nic-duplex-half = Halb
nic-duplex-full = Voll
nic-promiscuous-note = Der Promiscuous-Modus funktioniert nur mit dem Linux-Bridge-Netzwerk-Backend; Open vSwitch ignoriert ihn.
nic-mtu-default = Standard: die MTU des Netzwerks ({ $mtu })
nic-vif-note = Geschwindigkeit, Duplex und Autonegotiation sind Einstellungen der physischen Verbindung: Setzen Sie sie an der NIC (PIF) des Hosts, nicht an einem VIF.
nic-not-applicable = Unverändert beibehalten (auf einem VIF nicht verwendet): { $keys }
nic-when-vif = Änderungen werden wirksam, wenn das VIF das nächste Mal verbunden oder die VM gestartet wird.
nic-when-pif = Änderungen werden wirksam, wenn die PIF das nächste Mal verbunden oder der Host neu gestartet wird.
err-not-on-off = „{ $value }“ ist ungültig: Wählen Sie Standard, Ein oder Aus.
err-speed = „{ $value }“ ist keine positive ganze Zahl (Mb/s).
err-duplex = „{ $value }“ ist ungültig: Wählen Sie half oder full.
err-advertise = „{ $value }“ ist keine hexadezimale Maske wie 0x2f.
err-mtu-integer = „{ $value }“ ist keine ganze Zahl.
err-mtu-range = { $value } liegt außerhalb von 68–65535.
warn-mtu = { $value } ist ungewöhnlich: Die meisten Netzwerke verwenden 1500–9216.
mtu-pending-vif = { $now } aktiv; { $next } gilt ab dem nächsten Verbinden des VIF (VM-Start oder erneutes Verbinden)
mtu-pending-pif = { $now } aktiv; { $next } gilt ab dem nächsten Verbinden der Netzwerkkarte (PIF erneut verbinden oder Host-Neustart)
warn-mtu-above = { $value } liegt über der MTU des Netzwerks ({ $network }): Frames, die größer sind, als das Netzwerk trägt, werden verworfen.

## xenstore data
xs-title = xenstore-Daten: { $name }
xs-key = Schlüssel
xs-value = Wert
xs-add = Schlüssel hinzufügen
xs-remove = Entfernen
xs-kept = Unverändert beibehalten (hier nicht bearbeitbar)
xs-note-running = Die VM läuft: Die Änderung wird mit VM.set_xenstore_data übernommen und erreicht den Gast sofort.
xs-note-halted = Der Gast sieht diese Schlüssel beim nächsten Start der VM.
xs-err-prefix = „{ $key }“ muss mit vm-data/ beginnen: Andere Schlüssel erreichen den Gast nie.
xs-err-empty = Geben Sie dem Schlüssel nach vm-data/ einen Namen (zum Beispiel vm-data/hostname).
xs-err-chars = „{ $key }“ enthält Leer- oder Steuerzeichen.
xs-err-dup = „{ $key }“ kommt doppelt vor.
xs-err-value = Der Wert von „{ $key }“ enthält Steuerzeichen.

## One setting for several NICs
bulk-title = NIC-Einstellungen für { $count } NICs
bulk-setting = Einstellung
bulk-value = Wert
bulk-summary = { $changed } von { $count } NICs geändert; { $same } hatten diesen Wert bereits.
bulk-failed = { $failed } fehlgeschlagen: { $error }

## Connect dialog
menu-connect = Verbinden…
conn-title = Mit einem Server verbinden
conn-recent = Zuletzt verwendete Server
conn-server = Server
conn-user = Benutzername
conn-password = Kennwort
conn-remember = Merken (das Kennwort kommt in den Schlüsselbund des Systems)
conn-connect = Verbinden
conn-plain-http = Unverschlüsseltes http: Kennwort und alle Daten werden im Klartext übertragen.
conn-redirected = { $member } ist ein Poolmitglied: verbunden mit seinem Pool-Koordinator { $master }.
conn-err-auth = { $host } hat Benutzername oder Kennwort abgelehnt.
conn-err-server = { $host } hat die Verbindung abgelehnt: { $error }
conn-err-unreachable = { $host } ist nicht erreichbar: { $error }
conn-err-not-xenapi = { $host } hat nicht wie ein XenServer- oder XCP-ng-Host geantwortet ({ $error }).
conn-err-slow = { $host } hat nicht innerhalb von { $seconds } s geantwortet: Der Host ist langsam oder reagiert nicht.
conn-err-too-large = { $host } hat eine Antwort größer als { $size } gesendet; XenPilot hat sie abgelehnt.
conn-err-address = { $error }
cert-untrusted = Das Zertifikat von { $host } ist von keiner Stelle signiert, der dieser Computer vertraut. XenServer- und XCP-ng-Hosts verwenden selbstsignierte Zertifikate: Vertrauen Sie ihm nur, wenn der Fingerabdruck unten mit dem des Hosts übereinstimmt.
cert-untrusted-error = Dem Zertifikat von { $host } wird nicht vertraut: { $error }
cert-changed = Das Zertifikat von { $host } hat sich geändert, seit Sie ihm vertraut haben. Die Verbindung wurde abgelehnt. Vertraut: { $old } Jetzt vorgelegt: { $new }
cert-subject = Inhaber
cert-issuer = Aussteller
cert-valid-from = Gültig ab
cert-valid-to = Gültig bis
cert-fingerprint = SHA-256-Fingerabdruck
cert-compare = Auf dem Host zeigt `openssl x509 -noout -fingerprint -sha256 -in /etc/xensource/xapi-ssl.pem` den Fingerabdruck.
cert-trust = Vertrauen und verbinden
status-not-encrypted = Nicht verschlüsselt
status-not-encrypted-tip = Dieser Pool wird über unverschlüsseltes http erreicht: Kennwörter und Daten werden im Klartext übertragen.
status-idle = Nicht verbunden
tree-no-pool = Noch kein Pool: Datei > Verbinden… ({ $connect }) oder Datei > Datenbank-Dump öffnen… ({ $open }).
status-disconnected = Getrennt
conn-already = { $pool } wird bereits angezeigt: Derselbe Pool wird nicht zweimal verbunden.
menu-disconnect = Trennen
menu-reconnect = Erneut verbinden
menu-remove-pool = Aus der Liste entfernen
form-read-only-role = Schreibgeschützt: { $user } hat in diesem Pool eine Nur-Lesen-Rolle. Änderungen erfordern die Rolle Pool-Operator oder höher (für die xenstore-Daten einer VM: VM-Operator oder höher).
status-read-only-user = Benutzer mit Leserechten
conn-keyring-failed = Das Kennwort konnte nicht im Schlüsselbund des Systems gespeichert werden: { $error }

# App shell
menu-find = Suchen
err-worker-vanished = Die Hintergrundarbeit endete ohne Antwort. Bitte erneut versuchen.
notice-dismiss = Ausblenden
tree-collapse = { $name } zuklappen
tree-expand = { $name } aufklappen

# Acting on the right objects
menu-vm-many = { $count } VMs: { $action }
tip-vm-start = Die VM starten.
tip-vm-shutdown = Das Gastbetriebssystem sauber herunterfahren lassen (braucht den Gast-Agenten oder ACPI).
tip-vm-force-shutdown = Die VM sofort ausschalten, wie Stecker ziehen: ungespeicherte Daten im Gast gehen verloren.
tip-vm-reboot = Das Gastbetriebssystem sauber neu starten lassen.
tip-disconnect = Die Verbindung zu diesem Pool schließen; er bleibt zum erneuten Verbinden in der Liste.
confirm-power = { $action }: { $count ->
    [one] diese VM?
   *[other] diese { $count } VMs?
    }
confirm-disconnect = Von { $pool } trennen? Seine Objekte verschwinden bis zur erneuten Verbindung.
confirm-more = … und { $count } weitere
confirm-dont-ask = Nicht mehr fragen
power-action-running = { $action }…
power-actions-running = { $count } VM-Vorgänge laufen…
power-done = { $action }: erledigt

# Connection errors users can act on
conn-err-refused = Unter { $host } antwortet nichts (Verbindung abgelehnt). Adresse und Port prüfen, und ob der Host läuft.
conn-err-unknown-host = { $host } ist kein bekannter Hostname. Schreibweise prüfen oder die IP-Adresse verwenden.
conn-err-no-route = { $host } ist von diesem Computer aus nicht erreichbar (keine Route).
conn-err-reset = { $host } hat die Verbindung während des Aufrufs geschlossen.
conn-err-timeout = { $host } hat die Verbindung nicht rechtzeitig angenommen.
conn-details = Details

# The Ctrl key as keyboards of this language label it
key-ctrl = Strg

# Help
menu-shortcuts = Tastenkürzel
key-click = Klick
keys-tree-move = Die Auswahl im Baum bewegen
keys-tree-fold = Eine Zeile zu- oder aufklappen (Links springt auch zum übergeordneten Objekt)
keys-tree-enter = Die gewählte Zeile öffnen (aufklappen oder die NIC-Einstellungen)
keys-multi = Eine Zeile zur Auswahl hinzufügen oder aus ihr entfernen
keys-escape = Das oberste Fenster schließen; im Suchfeld: es leeren
about-licence = Lizenz: { $licence }
about-built-with = Erstellt mit
status-objects-found = { $shown } von { $count } Objekten passen

# Suspend and resume
menu-vm-suspend = Anhalten
menu-vm-resume = Fortsetzen
tip-vm-suspend = Den Arbeitsspeicher der laufenden VM im Speicher sichern und sie anhalten; Fortsetzen macht dort weiter.
tip-vm-resume = Die angehaltene VM dort fortsetzen, wo sie war.

## Details pane tabs
tab-general = Allgemein
tab-storage = Speicher
tab-networking = Netzwerk
tab-snapshots = Snapshots
tab-console = Konsole
tab-performance = Leistung
tab-tasks = Aufgaben
tab-alerts = Warnungen
tab-next = Nächster Tab
tab-previous = Vorheriger Tab

# Performance tab (graphs, overview, layout editor)
perf-range = Zeitraum:
perf-range-10m = Letzte 10 Minuten
perf-range-2h = Letzte 2 Stunden
perf-range-week = Letzte Woche
perf-range-year = Letztes Jahr
perf-edit = Diagramme bearbeiten…
perf-edit-close = Editor schließen
perf-no-session = Keine Verbindung: Diagramme brauchen einen verbundenen Pool.
perf-waiting = Warte auf Daten…
perf-err-no-address = keine erreichbare Adresse
perf-err-unauthorized = der Host hat die Sitzung abgelehnt (neu anmelden)
perf-err-host = { $host }: { $error }
perf-csv-saved = { $path } gespeichert
perf-csv-failed = { $path } konnte nicht gespeichert werden: { $error }
perf-image-copied = Diagramm in die Zwischenablage kopiert
perf-layout-saved = Diagrammlayout im Pool gespeichert
perf-layout-failed = Diagrammlayout konnte nicht gespeichert werden: { $error }
perf-graph-cpu = CPU
perf-graph-memory = Arbeitsspeicher
perf-graph-network = Netzwerk
perf-graph-disk = Datenträgerdurchsatz
perf-graph-iops = Datenträger-IOPS
perf-graph-latency = Datenträgerlatenz
perf-graph-load = Systemlast
perf-graph-other = Sonstiges
perf-ds-cpu = CPU { $dev }
perf-ds-cpu-avg = CPU-Durchschnitt
perf-ds-memory-total = Speicher gesamt
perf-ds-memory-used = Speicher belegt
perf-ds-memory-free = Speicher frei
perf-ds-memory-target = Speicherziel
perf-ds-loadavg = Systemlast
perf-ds-rx = { $dev } Empfang
perf-ds-tx = { $dev } Senden
perf-ds-read = { $dev } Lesen
perf-ds-write = { $dev } Schreiben
perf-ds-iops-read = { $dev } Lese-IOPS
perf-ds-iops-write = { $dev } Schreib-IOPS
perf-ds-latency = { $dev } Latenz
perf-export-csv = Als CSV exportieren…
perf-copy-image = Bild kopieren
perf-csv-path = CSV-Datei:
perf-csv-save = Speichern
perf-overview-title = Die aktivsten Hosts und VMs jetzt (letzte 5 Sekunden)
perf-col-name = Name
perf-col-cpu = CPU
perf-col-memory = Speicher (belegt / gesamt)
perf-col-network = Netzwerk
perf-col-disk = Datenträger
perf-edit-graphs = Diagramme
perf-edit-up = Nach oben
perf-edit-down = Nach unten
perf-edit-remove = Diagramm entfernen
perf-edit-add = Diagramm hinzufügen
perf-edit-sources = Datenquellen des gewählten Diagramms
perf-edit-save = Im Pool speichern
perf-edit-defaults = Standard
perf-kind-host = Host
perf-kind-vm = VM
perf-vm-not-running = Diese VM läuft nicht: Ihr Host hat keine Leistungsdaten für sie.
