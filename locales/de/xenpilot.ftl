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

## Tasks, alerts and the VM lifecycle
menu-events = Ereignisse
menu-alerts = Warnungen
view-back-to-details = Zurück zu den Details
status-tasks-running =
    { $count ->
        [one] 1 Aufgabe läuft
       *[other] { $count } Aufgaben laufen
    }
status-alerts =
    { $count ->
        [one] 1 Warnung
       *[other] { $count } Warnungen
    }
events-title = Ereignisse
events-count = { $count } Aufgaben, { $running } laufen
events-none = Keine Aufgaben in den angezeigten Pools.
events-none-object = Keine Aufgaben für dieses Objekt.
events-col-status = Status
events-col-task = Aufgabe
events-col-object = Objekt
events-col-progress = Fortschritt
events-col-time = Beginn · Dauer
events-col-result = Ergebnis
events-col-actions = Aktionen
events-detail-task = Aufruf
events-detail-error = Fehler des Servers
events-detail-result = Ergebnis
events-detail-uuid = Aufgaben-UUID
task-status-running = Läuft
task-status-success = Abgeschlossen
task-status-failure = Fehlgeschlagen
task-status-cancelling = Wird abgebrochen
task-status-cancelled = Abgebrochen
task-status-unknown = Unbekannt
task-done = Erledigt
task-cancel = Abbrechen
task-err-power-state = Die VM ist { $actual }; dafür muss sie { $expected } sein.
task-err-not-allowed = Derzeit nicht erlaubt: { $reason }
task-err-in-progress = Ein anderer Vorgang läuft ({ $op }).
task-err-memory = Nicht genug freier Speicher auf dem Server: { $needed } benötigt, { $free } frei.
task-err-cancelled = Abgebrochen.
task-err-sr-full = Das Speicher-Repository ist voll.
alerts-title = Warnungen
alerts-count = { $shown } von { $count } angezeigt
alerts-none = Keine passenden Warnungen.
alerts-none-object = Keine Warnungen für dieses Objekt.
alerts-all-pools = Alle Pools
alerts-selected-only = Nur ausgewähltes Objekt
alerts-dismiss-all = Alle angezeigten verwerfen ({ $count })
alert-dismiss = Verwerfen
confirm-dismiss-alerts = { $count } Warnungen verwerfen? Sie werden auf dem Server gelöscht, für alle Benutzer.
alerts-col-priority = Priorität
alerts-col-object = Objekt
alerts-col-time = Zeit
alerts-col-title = Warnung
alerts-col-text = Details
alerts-col-actions = Aktionen
alert-priority-critical = Kritisch
alert-priority-major = Hoch
alert-priority-warning = Warnung
alert-priority-minor = Gering
alert-priority-info = Information
alert-since-any = Beliebige Zeit
alert-since-hour = Letzte Stunde
alert-since-day = Letzte 24 Stunden
alert-since-week = Letzte 7 Tage
col-position = Position
col-name = Name
col-size = Größe
col-sr = Speicher
col-mode = Modus
col-drive-type = Typ
col-attached = Verbunden
col-used = Belegt
col-vms = Verwendet von
col-sr-type = Typ
col-shared = Gemeinsam
col-device = Gerät
col-mac = MAC
col-network = Netzwerk
col-mtu = MTU
col-ips = IP-Adressen
col-connected = Verbindung
drive-empty = (leer)
mode-ro = Nur lesen
mode-rw = Lesen/Schreiben
tab-table-empty = Keine
menu-vm = VM
menu-vm-none = Wählen Sie eine VM für ihre Aktionen.
menu-vm-new = Neue VM
menu-vm-new-dots = Neue VM…
menu-vm-force-reboot = Neustart erzwingen
menu-vm-pause = Pausieren
menu-vm-unpause = Fortsetzen
menu-vm-start-on = Auf Server starten
menu-vm-snapshot = Snapshot erstellen
menu-vm-revert = Auf Snapshot zurücksetzen
menu-vm-delete-snapshot = Snapshot löschen
menu-vm-copy = VM kopieren
menu-vm-migrate = Auf Server verschieben
menu-vm-delete = VM löschen
tip-vm-force-reboot = Setzt die VM sofort zurück wie mit der Reset-Taste: Ungesicherte Daten im Gast gehen verloren.
tip-vm-pause = Hält die vCPUs der VM an; Speicher und Ressourcen bleiben belegt.
tip-vm-unpause = Lässt die vCPUs der pausierten VM weiterlaufen.
tip-vm-snapshot = Hält die Datenträger der VM (auf Wunsch auch den Speicher) im jetzigen Zustand fest, um später dorthin zurückzukehren.
tip-vm-revert = Setzt die VM auf diesen Snapshot zurück: Änderungen seither gehen verloren.
tip-vm-copy = Eine neue VM aus dieser: schneller Klon oder vollständige Kopie in ein Speicher-Repository.
why-not-a-guest = Vorlagen, Snapshots und Steuerdomänen unterstützen diese Aktion nicht.
why-busy = Auf dieser VM läuft gerade ein anderer Vorgang ({ $op }).
why-power-state = Nicht möglich, solange die VM { $state } ist.
why-not-allowed = Der Server erlaubt dies derzeit nicht.
dlg-name = Name
dlg-description = Beschreibung
dlg-err-name = Geben Sie einen Namen ein.
dlg-snapshot-default-name = Snapshot von { $name }
dlg-snapshot-of = Ein Snapshot von { $name }.
dlg-snapshot-disk = Nur Datenträger
dlg-snapshot-memory = Datenträger und Speicher (Checkpoint)
dlg-snapshot-memory-why = Nur der Speicher einer laufenden VM kann festgehalten werden.
dlg-copy-default-name = Kopie von { $name }
dlg-copy-of = Eine neue VM aus { $name }.
dlg-copy-fast = Schneller Klon (gleicher Speicher, wo möglich Copy-on-Write)
dlg-copy-full = Vollständige Kopie nach:
dlg-copy-sr = Speicher
dlg-delete-question = { $names } löschen? Das kann nicht rückgängig gemacht werden.
dlg-delete-disks = Diese Datenträger ebenfalls löschen:
dlg-delete-no-disks = Die VM hat keine Datenträger.
dlg-delete-warning = Nicht angehakte Datenträger bleiben im Speicher-Repository.
dlg-revert-question = { $vm } auf { $names } zurücksetzen? Änderungen seit dem Snapshot gehen verloren.
dlg-delete-snapshot-question = { $names } samt Datenträgern löschen? Die VM selbst bleibt unberührt.
snap-pick-one = Wählen Sie einen Snapshot zum Zurücksetzen oder Löschen.
snap-none = Diese VM hat keine Snapshots.
snap-now = Jetzt
snap-taken = Erstellt
snap-kind = Art
snap-kind-memory = Datenträger und Speicher
snap-kind-disk = Nur Datenträger
snap-disks = Datenträger
wiz-title = Neue VM
wiz-step-template = Vorlage
wiz-step-name = Name
wiz-step-hardware = CPU und Speicher
wiz-step-boot = Start und Installation
wiz-step-storage = Speicher
wiz-step-networking = Netzwerk
wiz-step-finish = Fertigstellen
wiz-boot-bios = BIOS
wiz-boot-uefi = UEFI
wiz-boot-secure = UEFI Secure Boot
wiz-iso = Installation von ISO
wiz-no-iso = (keine)
wiz-vcpus = vCPUs
wiz-memory = Speicher (MiB)
wiz-disk-size = Datenträgergröße (GiB)
wiz-sr = Speicher-Repository
wiz-sr-free = { $name } ({ $free } frei)
wiz-networks = Die VM mit diesen Netzwerken verbinden:
wiz-start = VM nach dem Erstellen starten
wiz-back = < Zurück
wiz-next = Weiter >
wiz-finish = VM erstellen
wiz-err-template = Wählen Sie eine Vorlage.
wiz-err-vcpus = Geben Sie der VM 1 bis { $max } vCPUs.
wiz-err-memory-low = Die Vorlage braucht mindestens { $min } MiB.
wiz-err-memory-high = Kein Server im Pool hat mehr als { $max } MiB.
wiz-err-boot = Diese Vorlage bietet diesen Startmodus nicht.
wiz-err-sr = Wählen Sie ein Speicher-Repository für den Datenträger.
wiz-err-disk-size = Der Datenträger braucht mindestens 1 GiB.
wiz-err-disk-big = Das Speicher-Repository hat nur { $free } frei.
wiz-err-nics = Eine VM kann hier höchstens { $max } Netzwerkschnittstellen haben.
alerts-col-pool = Pool
alert-name-alarm = Leistungsalarm
alert-name-ha-host-failed = Server ausgefallen (HA)
alert-name-ha-pool-overcommitted = Pool überbelegt (HA)
alert-name-host-clock-skew-detected = Uhrzeitabweichung des Servers
alert-name-license-expires-soon = Lizenz läuft bald ab
alert-name-multipath-periodic-alert = Multipath-Pfade ausgefallen
alert-name-pbd-plug-failed-on-server-start = Speicher beim Start nicht verbunden
alert-name-host-server-certificate-expiring = Serverzertifikat läuft ab
alert-name-vm-started = VM gestartet
alert-name-vm-shutdown = VM heruntergefahren
alert-name-vm-crashed = VM abgestürzt
alert-name-vm-rebooted = VM neu gestartet
alert-name-vm-suspended = VM angehalten
alert-name-vm-resumed = VM fortgesetzt
alert-name-vm-paused = VM pausiert
alert-name-vm-unpaused = VM-Pause beendet
alert-name-vm-snapshotted = VM-Snapshot erstellt
alert-name-vm-snapshot-reverted = VM auf Snapshot zurückgesetzt
alert-name-vm-checkpointed = VM-Checkpoint erstellt
alert-name-vm-cloned = VM geklont
alert-name-vm-migrated = VM verschoben
