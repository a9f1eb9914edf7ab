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
power-halted = Ausgeschaltet
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
conn-coordinator-moved = Der Koordinator { $from } ist nicht mehr erreichbar; neu verbunden mit { $to }.
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
power-cancelled = { $action }: abgebrochen

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
about-commit = Commit: { $commit }
about-licence = Lizenz: { $licence }
about-built-with = Erstellt mit
status-objects-found = { $shown } von { $count } Objekten passen

# Suspend and resume
menu-vm-suspend = Aussetzen
menu-vm-resume = Fortsetzen
tip-vm-suspend = Den Arbeitsspeicher der laufenden VM im Speicher sichern und sie aussetzen; Fortsetzen macht dort weiter.
tip-vm-resume = Die ausgesetzte VM dort fortsetzen, wo sie war.

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
status-tasks-running = Laufende Aufgaben: { $count }
status-alerts = Warnungen: { $count }
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
task-status-cancelling = Abbruch angefordert
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
menu-vm-unpause = Pause beenden
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
wiz-boot-unsupported = Die Vorlage unterstützt diesen Modus nicht.
wiz-boot-fixed = Die Vorlage wurde bereits gestartet; ihr Startmodus steht fest.
wiz-boot-needs-uefi = Die Vorlage hat ein vTPM, das UEFI braucht.
wiz-boot-no-certs = Der Pool hat keine UEFI-Zertifikate: Eine VM mit Secure Boot startet erst, wenn sie installiert sind.
wiz-vtpm = Virtuelles TPM (vTPM) hinzufügen
wiz-vtpm-short = vTPM
wiz-vtpm-needs-uefi = Ein vTPM braucht UEFI oder UEFI Secure Boot.
wiz-vtpm-template-has = Die Vorlage hat bereits ein vTPM; die neue VM erhält eine Kopie.
wiz-vtpm-from-template = Die Vorlage gibt der VM beim ersten Start ein vTPM.
place-checking = wird geprüft…
place-current = die VM läuft hier
place-storage = kein Zugriff auf den Speicher { $sr }
place-network = nicht mit dem Netzwerk { $network } verbunden
place-memory = zu wenig freier Speicher ({ $needed } nötig, { $free } frei)
place-disabled = im Wartungsmodus
place-not-live = antwortet nicht
place-unknown = konnte nicht geprüft werden
place-unanswered = konnte nicht geprüft werden: { $error }
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
wiz-err-cd = Die Laufwerke der Vorlage belegen alle CD-Positionen (0–3): Entfernen Sie eines oder installieren Sie ohne ISO.
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
alert-name-vm-suspended = VM ausgesetzt
alert-name-vm-resumed = VM fortgesetzt
alert-name-vm-paused = VM pausiert
alert-name-vm-unpaused = VM-Pause beendet
alert-name-vm-snapshotted = VM-Snapshot erstellt
alert-name-vm-snapshot-reverted = VM auf Snapshot zurückgesetzt
alert-name-vm-checkpointed = VM-Checkpoint erstellt
alert-name-vm-cloned = VM geklont
alert-name-vm-migrated = VM verschoben

## Console (issue 13)
console-status = Verbunden mit { $name } · { $size } · { $mode }
console-scan-codes = Scancodes
console-keysyms = Keysyms
console-connecting = Verbindung zur Konsole von { $name } wird hergestellt…
console-reconnecting = Neue Verbindung wird hergestellt… ({ $reason })
console-screen = Gastbildschirm
console-trust = Diesem Zertifikat vertrauen und verbinden
console-retry = Erneut versuchen
console-captured = Die Tastatur geht an den Gast. Rechte Strg-Taste gibt sie frei.
console-click-to-type = Auf den Bildschirm klicken, um im Gast zu tippen (rechte Strg-Taste gibt die Tastatur frei).
console-ctrl-alt-del = Strg+Alt+Entf
console-fit = An Fenster anpassen
console-pop-out = In eigenem Fenster
console-full-screen = Vollbild
console-paste = Text als Tastenanschläge einfügen…
console-screenshot = Bildschirmfoto speichern…
console-copy-image = Bild kopieren
console-paste-title = Text als Tastenanschläge einfügen
console-paste-help = Druckbares ASCII, Tab und Eingabe werden wie auf einer US-Tastatur Taste für Taste getippt.
console-paste-type = Tippen
console-paste-skipped = { $count } Zeichen können nicht getippt werden und werden übersprungen.
console-cancel = Abbrechen
console-screenshot-title = Bildschirmfoto speichern
console-screenshot-path = PNG-Datei:
console-save = Speichern
console-saved = Gespeichert unter { $path }
console-save-failed = Das Bildschirmfoto konnte nicht gespeichert werden: { $reason }
console-in-window = Die Konsole von { $name } ist in einem eigenen Fenster geöffnet.
console-window-title = { $name } – Konsole – XenPilot
console-not-running = { $name } läuft nicht: Die Konsole erscheint, sobald die VM startet.
console-none = { $name } hat keine grafische Konsole.
console-limit = Jemand anderes verwendet diese Konsole, und der Pool erlaubt nur einen Betrachter. Verbunden: { $users }
console-limit-unknown = Jemand anderes verwendet diese Konsole, und der Pool erlaubt nur einen Betrachter.
console-session-expired = Der Server akzeptiert diese Sitzung nicht mehr (abgelaufen oder abgemeldet): Melden Sie sich erneut am Pool an.
console-forbidden-vm = Ihre Rolle darf keine VM-Konsolen öffnen: Dazu ist mindestens die Rolle VM-Operator nötig.
console-forbidden-host = Ihre Rolle darf keine Serverkonsole öffnen: Dazu ist die Rolle Pool-Administrator nötig.
console-cert-untrusted = Das Zertifikat von { $host } ist nicht vertrauenswürdig (SHA-256 { $fingerprint }). Es ist ein Server dieses Pools mit eigenem Zertifikat: Vertrauen Sie ihm, wenn Ihr Administrator diesen Fingerabdruck dafür angibt.
console-cert-changed = Das Zertifikat von { $host } hat sich geändert, seit ihm vertraut wurde (vorher { $pinned }, jetzt { $fingerprint }). Die Konsole wurde nicht geöffnet.
console-redirect = Der Server hat die Konsole an eine Adresse außerhalb des Pools oder ohne Verschlüsselung umgeleitet ({ $url }): nicht gefolgt.
console-unreachable = { $host } ist für die Konsole nicht erreichbar: { $reason }
console-http = { $host } hat die Konsole abgelehnt (HTTP { $status }).
console-bad-location = Die Adresse der Konsole ist ungültig: { $location }
console-lost = Die Verbindung zur Konsole ist abgebrochen.
console-protocol = Die Konsole hat Unerwartetes gesendet: { $reason }
console-idle = Die Konsole wurde nach { $minutes } Min. ohne Eingabe geschlossen (Leerlauf-Zeitlimit des Pools).

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
perf-no-data-yet = { $host }: noch keine Daten (eine eben gestartete VM hat sie nach wenigen Sekunden)
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
perf-edit-mixed-units = Quellen mit einer anderen Einheit erhalten ein eigenes Diagramm.
perf-edit-save = Im Pool speichern
perf-edit-defaults = Standard
perf-kind-host = Host
perf-kind-vm = VM
perf-vm-not-running = Diese VM läuft nicht: Ihr Host hat keine Leistungsdaten für sie.

# Die Aktionstabelle und die Befehlspalette.
menu-palette = Befehlspalette
tip-palette = Jede Aktion für die Auswahl oder jedes Objekt nach Namen finden, mit der Tastatur.
palette-hint = Aktion oder Namen eingeben…
palette-nothing = Nichts passt.
palette-more = { $count } weitere: mehr vom Namen eingeben.
tip-vm-new = Eine VM aus einer Vorlage erstellen, Schritt für Schritt.
tip-vm-migrate = Die laufende VM auf einen anderen Server des Pools verschieben, ohne sie anzuhalten.
tip-vm-delete = Die VM löschen und, wenn gewünscht, ihre Datenträger.
tip-xenstore = Die vm-data/-Schlüssel bearbeiten, die der Gast aus xenstore liest.
tip-vm-delete-snapshot = Den Snapshot und seine Datenträger löschen; die VM selbst bleibt unberührt.
why-running = Dieser Client führt noch eine Aktion darauf aus.
why-role = Ihre Rolle erlaubt das nicht: Es braucht die Rolle { $role } oder eine stärkere.
role-read-only = Nur Lesen
role-vm-operator = VM-Operator
role-vm-admin = VM-Administrator
role-vm-power-admin = VM-Power-Administrator
role-pool-operator = Pool-Operator
role-pool-admin = Pool-Administrator
dlg-copy-sr-free = { $sr } ({ $free } frei)
alarm-cpu = CPU-Auslastung { $value }, über der Alarmschwelle von { $level }
alarm-network = Netzwerkdurchsatz { $value }, über der Alarmschwelle von { $level }
alarm-disk = Datenträgerdurchsatz { $value }, über der Alarmschwelle von { $level }
alarm-memory-free = Freier Arbeitsspeicher { $value }, unter der Alarmschwelle von { $level }
alarm-other = { $metric }: { $value } (Alarmschwelle { $level })

## Export and import
menu-vm-export = Exportieren
tip-vm-export = Die VM als XVA-Datei speichern (angehalten oder ausgesetzt), beim Herunterladen geprüft
menu-import = Importieren
tip-import = Eine VM aus einer XVA-Datei übernehmen
xfer-export-title = VM exportieren
xfer-import-title = VM importieren
xfer-export-what = { $vms } als XVA exportieren
xfer-file = Datei:
xfer-folder = Ordner:
xfer-compress = Komprimierung:
xfer-compress-none = Keine
xfer-export-checked = Jeder Block wird beim Eintreffen gegen seine Prüfsumme geprüft; die Datei erscheint erst, wenn sie vollständig ist.
xfer-export-go = Exportieren
xfer-import-go = Importieren
xfer-close = Schließen
xfer-cancel = Abbrechen
xfer-progress = { $done } mit { $rate }/s
xfer-left = noch etwa { $secs } s
xfer-exporting = { $vm } wird nach { $path } exportiert
xfer-importing = { $path } wird importiert
xfer-exported = { $vm }: gespeichert unter { $path } ({ $size }, { $chunks } Blöcke geprüft)
xfer-export-failed = { $vm }: nicht exportiert: { $why }
xfer-import-failed = Nicht importiert: { $why }
xfer-imported = { $vm } importiert
xfer-show = Anzeigen
xfer-sr = Speicher:
xfer-start-after = VM nach dem Import starten
xfer-no-file = Dort ist keine Datei.
xfer-cancelled = abgebrochen; nichts wurde behalten
xfer-damaged = die Datei ist beschädigt ({ $why })
xfer-vanished = die Übertragung endete ohne Antwort
task-err-import-eof = Die Datei endet vor dem Export: Sie wurde abgeschnitten (erneut kopieren).
task-err-import-checksum = Ein Teil der Datei passt nicht zu seiner Prüfsumme: Die Datei ist beschädigt (erneut exportieren).
task-err-import-chunked = Der Upload wurde in Blöcken gesendet, was xapi nicht annimmt.
task-err-import-unexpected = Kein Export, den xapi lesen kann: { $expected } erwartet, { $found } gefunden.
task-err-sr-no-disks = Dieser Speicher enthält ISO-Abbilder, keine Datenträger: Wählen Sie einen anderen.

## Servers and the pool: maintenance mode, reboot, coordinator, properties
menu-server = Server
menu-server-none = Wählen Sie zuerst einen Server aus.
menu-pool = Pool
menu-pool-none = Es ist kein Pool geladen.
menu-host-enter-maintenance = Wartungsmodus aktivieren
tip-host-enter-maintenance = Alle VMs von diesem Server verschieben und ihn deaktivieren, damit er gepatcht oder neu gestartet werden kann.
menu-host-exit-maintenance = Wartungsmodus beenden
tip-host-exit-maintenance = Diesen Server wieder aktivieren und anbieten, seine VMs zurückzuholen.
menu-host-reboot = Server neu starten
tip-host-reboot = Den Server neu starten; er wird zuerst in den Wartungsmodus versetzt.
menu-host-shutdown = Server herunterfahren
tip-host-shutdown = Den Server ausschalten; er wird zuerst in den Wartungsmodus versetzt.
menu-host-power-on = Server einschalten
tip-host-power-on = Den Server über seine Einschalt-Einstellung wecken (Wake-on-LAN, IPMI).
menu-host-restart-toolstack = Toolstack neu starten
tip-host-restart-toolstack = Die Verwaltungssoftware (xapi) auf diesem Server neu starten; seine VMs laufen weiter.
menu-host-disable = Server deaktivieren
tip-host-disable = Keine neuen VMs mehr auf diesem Server starten; laufende bleiben.
menu-host-enable = Server aktivieren
tip-host-enable = VMs wieder auf diesem Server starten lassen.
menu-host-designate = Zum neuen Koordinator machen
tip-host-designate = Diesen Server zum Koordinator des Pools machen (dem Server, mit dem sich Clients verbinden).
menu-host-eject = Server aus dem Pool entfernen
tip-host-eject = Diesen Server aus dem Pool nehmen: Er wird zurückgesetzt und startet als eigenständiger Server neu.
menu-host-properties = Servereigenschaften
tip-host-properties = Name, Beschreibung, Tags, iSCSI-Name, Multipathing, entferntes Syslog, Einschalten.
menu-pool-rename = Pool umbenennen
tip-pool-rename = Den Namen des Pools ändern.
menu-pool-properties = Pooleigenschaften
tip-pool-properties = Name, Beschreibung, Standardspeicher, Konsolen-Zeitlimit und Sitzungsbegrenzung.
menu-pool-new-coordinator = Neuen Poolkoordinator festlegen
tip-pool-new-coordinator = Die Koordinatorrolle auf einen anderen Server des Pools übertragen.
confirm-host-action = { $action }: { $names }?
confirm-eject = { $names } aus { $pool } entfernen?
warn-restart-toolstack = Laufende Vorgänge auf diesem Server werden abgebrochen; ist er der Koordinator, werden alle Clients kurz getrennt.
warn-designate = Die Verbindung zum Pool geht auf den neuen Koordinator über; laufende Vorgänge können fehlschlagen.
warn-eject = Die Datenbank des Servers wird zurückgesetzt und er startet als eigenständiger Server neu. Alles auf seinem lokalen Speicher wird gelöscht, seine VMs bleiben ohne ihre lokalen Datenträger im Pool. Dies kann nicht rückgängig gemacht werden.
why-host-down = Der Server antwortet nicht.
why-host-up = Der Server läuft bereits.
why-host-busy = Auf diesem Server läuft bereits ein anderer Vorgang.
why-host-coordinator = Beim Poolkoordinator nicht möglich: Machen Sie zuerst einen anderen Server zum Koordinator.
why-ha-on = Nicht möglich, solange Hochverfügbarkeit aktiv ist.
why-host-has-vms = Auf diesem Server laufen noch VMs: Verschieben Sie sie zuerst oder fahren Sie sie herunter.
host-state-up = läuft
host-state-back = wieder da
host-state-disabled = deaktiviert
host-state-maintenance = Wartungsmodus
host-state-evacuating = VMs werden verschoben…
host-state-rebooting = startet neu…
host-state-shutting-down = fährt herunter…
host-state-powering-on = wird eingeschaltet…
host-state-busy = beschäftigt…
host-state-unreachable = antwortet nicht
evac-local-storage = Ein Datenträger liegt auf Speicher, den nur dieser Server sieht ({ $what }).
evac-local-cd = Eine CD aus einer ISO-Bibliothek, die nur dieser Server sieht, ist eingelegt ({ $what }).
evac-network = Sie nutzt ein Netzwerk, das die anderen Server nicht haben ({ $what }).
evac-no-room = Kein anderer Server hat genug freien Arbeitsspeicher für sie.
evac-no-pv-drivers = Ohne installierte Gastwerkzeuge (PV-Treiber) kann sie nicht verschoben werden.
evac-no-hosts = Kein anderer Server des Pools kann VMs aufnehmen.
evac-not-ha-protected = Hochverfügbarkeit ist aktiv und diese VM ist nicht geschützt.
evac-busy = Auf ihr läuft ein anderer Vorgang.
evac-device = Ein durchgereichtes Gerät oder eine vGPU bindet sie an diesen Server.
evac-other = Der Server verweigert das Verschieben: { $what }
evac-choice-migrate = Auf anderen Server migrieren
evac-choice-suspend = Anhalten
evac-choice-shutdown = Herunterfahren
evac-choice-for = Was mit { $vm } geschieht
evac-intro = Alle VMs werden von { $host } verschoben, danach wird er deaktiviert: Bis zum Beenden des Wartungsmodus startet keine VM darauf.
evac-power-needs-maintenance = { $host } muss vor „{ $action }“ im Wartungsmodus sein: Seine VMs werden zuerst verschoben und er wird deaktiviert.
evac-power-disabled = { $host } ist deaktiviert. Jetzt „{ $action }“? VMs, die noch darauf laufen, fährt der Server beim Herunterfahren herunter.
evac-coordinator = Dieser Server ist der Poolkoordinator: Solange er ausgefallen ist, lässt sich der Pool nur verwalten, wenn ein anderer Server Koordinator wird.
evac-checking = Es wird geprüft, welche VMs verschoben werden können…
evac-check-failed = Die VMs konnten nicht geprüft werden: { $error }
evac-unsolved = { $count ->
    [one] Eine VM kann diesen Server nicht verlassen.
   *[other] { $count } VMs können diesen Server nicht verlassen.
    }
evac-hide = Ausblenden (läuft weiter)
evac-step = Schritt { $n } von { $of }: { $what }
evac-done = Fertig.
evac-failed = Angehalten bei „{ $what }“: { $error }
evac-failed-vm = Die VM, die nicht verschoben werden konnte: { $vm }
evac-moved = { $count ->
    [one] Verschoben: { $names }
   *[other] Verschoben ({ $count }): { $names }
    }
evac-stays-disabled = Der Server bleibt deaktiviert (im Wartungsmodus). Versuchen Sie es erneut oder beenden Sie den Wartungsmodus, um ihn zu aktivieren.
evac-still-enabled = Nichts wurde deaktiviert: Der Server nimmt weiterhin VMs auf.
evac-no-vms = Auf diesem Server laufen keine VMs.
evac-col-vm = VM
evac-col-status = Verschiebbar?
evac-col-action = Aktion
evac-can-move = Ja
evac-server-stops-it = Wird mit dem Server gestoppt
evac-no-choice = Derzeit ist keine Aktion möglich
evac-vm-busy = { $op }…
evac-vm-halted = heruntergefahren
evac-vm-suspended = angehalten
evac-vm-here = noch hier
evac-vm-moved = verschoben nach { $host }
step-suspend = { $vm } wird angehalten
step-vm-shutdown = { $vm } wird heruntergefahren
step-move-back = { $vm } wird zurückverschoben
step-start-on = { $vm } wird auf diesem Server gestartet
step-resume-on = { $vm } wird auf diesem Server fortgesetzt
step-save-keys = Wartungszustand wird gespeichert
step-clear-keys = Wartungszustand wird gelöscht
step-disable = Server wird deaktiviert
step-enable = Server wird aktiviert
step-evacuate = VMs werden vom Server verschoben
step-reboot = Server wird neu gestartet
step-shutdown = Server wird heruntergefahren
exit-intro = { $host } wird wieder aktiviert: VMs können darauf starten.
exit-nothing-to-move = Keine VMs zum Zurückholen.
exit-move-back = { $count ->
    [one] Die VM zurückholen, die der Wartungsmodus von { $host } verschoben hat
   *[other] Die { $count } VMs zurückholen, die der Wartungsmodus von { $host } verschoben hat
    }
exit-migrate-back = zurückmigrieren
exit-start-back = hier starten
exit-resume-back = hier fortsetzen
host-op-done = Fertig.
coordinator-intro = Wählen Sie den Server, der Koordinator des Pools wird.
coordinator-none = Kein anderer Server des Pools läuft.
props-iqn = iSCSI-IQN
props-syslog = Entfernter Syslog-Server
props-multipathing = Multipathing
props-multipath-maintenance = Multipathing lässt sich nur im Wartungsmodus ändern.
props-power-on = Einschalten
props-power-ip = IPMI-Adresse
props-power-user = IPMI-Benutzer
props-power-off = Deaktiviert
props-power-wol = Wake-on-LAN
props-default-sr = Standardspeicher
props-none = (keiner)
props-idle-timeout = Leerlauf-Zeitlimit der Konsole (Sekunden, 0 = nie)
props-limit-sessions = Eine Konsolenverbindung pro VM
props-conflict = Inzwischen auf dem Server geändert: { $fields }. Laden Sie neu.
props-err-name = Geben Sie einen Namen ein.
props-err-iqn = Die iSCSI-IQN darf nicht leer sein.
props-err-iqn-space = Die iSCSI-IQN darf keine Leerzeichen enthalten.
props-err-syslog = Der Syslog-Server darf keine Leerzeichen enthalten.
props-err-power-ip = Geben Sie die IPMI-Adresse ein.
props-err-timeout = Geben Sie eine ganze Zahl von Sekunden ein (0 oder mehr).
prop-host-state = Zustand
prop-maintenance = Wartungsmodus
prop-host-role = Rolle im Pool
host-role-coordinator = Koordinator
host-role-member = Mitglied
prop-cpu-model = CPU
prop-cpu-count = CPUs
prop-memory-free = Freier Arbeitsspeicher
prop-version = Version
prop-xapi-version = Toolstack-Version (xapi)
prop-uptime = Laufzeit des Servers
prop-toolstack-uptime = Laufzeit des Toolstacks
prop-updates-reboot = Updates, die auf einen Neustart warten
prop-updates-applied = Installierte Updates
prop-last-software-update = Letztes Software-Update
list-memory-by-vm = Arbeitsspeicher je VM
dur-days-hours = { $d } T { $h } Std.
dur-hours-minutes = { $h } Std. { $m } Min.
dur-minutes = { $m } Min.
task-err-host-not-disabled = Der Server muss zuerst deaktiviert werden (Wartungsmodus).
task-err-host-offline = Der Server antwortet nicht.
task-err-host-until-reboot = Der Server bleibt bis zum Neustart deaktiviert.
task-err-cannot-evacuate = Der Server kann nicht geleert werden: { $reason }
task-err-vm-requires-sr = Eine VM hat einen Datenträger auf Speicher, den nur dieser Server sieht.
evac-moved-none = Nichts wurde verschoben.
evac-new-coordinator = Danach Koordinator:
evac-keep-coordinator = (diesen behalten)
evac-vm-moving = wird verschoben…
props-other-config = Weitere Konfiguration
props-key-n = Schlüssel { $n }
props-value-n = Wert { $n }
props-remove-key = Entfernen
props-add-key = Schlüssel hinzufügen
props-err-key-empty = Ein Schlüssel darf nicht leer sein.
props-err-key-managed = Diesen Schlüssel verwaltet der Server oder der Wartungsmodus; er lässt sich hier nicht setzen.
props-err-key-dup = Jeder Schlüssel darf nur einmal vorkommen.

## The VM Properties dialog.
menu-vm-properties = Eigenschaften
tip-vm-properties = Name, vCPUs, Arbeitsspeicher, Startreihenfolge, Heimserver, Start- und Hochverfügbarkeitseinstellungen der VM ändern.
vmp-title = Eigenschaften von { $name }
vmp-title-many = Eigenschaften von { $count } VMs
vmp-multi-note = Änderungen hier gelten für jede ausgewählte VM; ihre übrigen Einstellungen bleiben.
vmp-page-general = Allgemein
vmp-page-cpu = CPU
vmp-page-memory = Arbeitsspeicher
vmp-page-boot = Startoptionen
vmp-page-home = Heimserver
vmp-page-startup = Automatischer Start
vmp-page-ha = Hochverfügbarkeit
vmp-page-advanced = Erweitert
vmp-name = Name
vmp-description = Beschreibung
vmp-tags = Tags
vmp-tag-new = Neues Tag
vmp-tag-add = Tag hinzufügen
vmp-tag-remove = Tag { $tag } entfernen
vmp-folder-note = Ordner legen Sie mit „In Ordner verschieben…“ im Kontextmenü der VM fest; benutzerdefinierte Felder haben eine eigene Seite.
vmp-remove = Entfernen
vmp-vcpus-max = Höchstzahl der vCPUs
vmp-vcpus-startup = vCPUs beim Start
vmp-topology = Topologie
vmp-topology-item = { $sockets } × { $cores } (Sockel × Kerne pro Sockel)
vmp-topology-invalid = { $cores } Kerne pro Sockel (ungültig)
vmp-vcpus-now = vCPUs jetzt: { $count }
vmp-live-vcpus = vCPUs lassen sich hinzufügen, während die VM läuft.
vmp-needs-halt = erfordert Herunterfahren
vmp-needs-halt-tip = Eine laufende VM kann diese Änderung nicht übernehmen: Beim Übernehmen wird die VM heruntergefahren, geändert und wieder gestartet.
vmp-mem-fixed = Eine feste Speichergröße
vmp-mem-size = Arbeitsspeicher (MiB)
vmp-mem-static-min = Statisches Minimum (MiB)
vmp-mem-dynamic-min = Dynamisches Minimum (MiB)
vmp-mem-dynamic-max = Dynamisches Maximum (MiB)
vmp-mem-static-max = Statisches Maximum (MiB)
vmp-mem-rule = statisches Minimum ≤ dynamisches Minimum ≤ dynamisches Maximum ≤ statisches Maximum
vmp-mem-fits = Wo sie Platz hat (ihr dynamisches Maximum gegen den freien Speicher jedes Servers)
vmp-mem-host-fits = { $host }: { $free } MiB frei, passt
vmp-mem-host-short = { $host }: { $free } MiB frei, passt nicht
vmp-boot-order = Startreihenfolge
vmp-boot-disk = Festplatte
vmp-boot-dvd = DVD-Laufwerk
vmp-boot-network = Netzwerk
vmp-boot-up = Nach oben
vmp-boot-down = Nach unten
vmp-boot-pv = Diese VM startet über ihren Bootloader ({ $loader }): Sie hat keine Startreihenfolge.
vmp-firmware = Firmware: { $firmware }
vmp-firmware-bios = BIOS
vmp-firmware-uefi = UEFI
vmp-firmware-secure = UEFI mit Secure Boot
vmp-firmware-note = Die Firmware wird beim Erstellen der VM gewählt.
vmp-home-none = Kein Heimserver: auf einem beliebigen Server mit Platz starten
vmp-home-note = Die VM startet auf ihrem Heimserver, sobald dieser Platz hat.
vmp-autostart = Diese VM starten, wenn ihr Server startet
vmp-autostart-pool-off = Das automatische Einschalten ist für diesen Pool aus: Seine Server starten keine VMs von selbst.
vmp-order = Startreihenfolge im Pool
vmp-delay = Wartezeit bis zur nächsten VM (Sekunden)
vmp-ha-off = Hochverfügbarkeit ist in diesem Pool aus.
vmp-ha-priority = Neustartpriorität
vmp-ha-restart = Neu starten
vmp-ha-best-effort = Nach Möglichkeit neu starten
vmp-ha-none = Nicht neu starten
vmp-ha-order-note = Startreihenfolge und Wartezeit stehen auf der Seite „Automatischer Start“.
vmp-adv-warning = Falsche Plattformschlüssel können den Start der VM verhindern: Ändern Sie sie nur, wenn Sie wissen, was sie bewirken.
vmp-adv-platform = Plattform (platform)
vmp-adv-other = Weitere Einstellungen (other_config)
vmp-adv-key = Schlüssel
vmp-adv-value = Wert
vmp-adv-add = Schlüssel hinzufügen
vmp-adv-xenstore = xenstore-Daten bearbeiten…
vmp-err-name = Der Name darf nicht leer sein.
vmp-err-vcpus = Die vCPUs beim Start müssen mindestens 1 und höchstens die Höchstzahl sein.
vmp-err-cores = { $cores } Kerne pro Sockel teilen { $vcpus } vCPUs nicht: Die VM würde nicht starten.
vmp-err-sockets = { $sockets } Sockel sind mehr, als Xen erlaubt (16).
vmp-err-memory-order = Der Speicher muss statisches Minimum ≤ dynamisches Minimum ≤ dynamisches Maximum ≤ statisches Maximum erfüllen.
vmp-err-memory-pinned = Mit verschachtelter Virtualisierung muss der Speicher eine feste Größe haben.
vmp-err-order = Die Startreihenfolge darf nicht negativ sein.
vmp-err-delay = Die Wartezeit darf nicht negativ sein.
vmp-err-ha = Diese Neustartpriorität kennt xapi nicht.
vmp-restart-plan = Eine laufende VM kann diese Änderungen nicht übernehmen: { $fields }. Beim Übernehmen wird sie heruntergefahren, geändert und wieder gestartet.
vmp-blocked = Diese Änderungen erfordern eine heruntergefahrene VM: { $fields }. Setzen Sie sie fort und fahren Sie sie zuerst herunter.
vmp-apply-restart = Herunterfahren, übernehmen und starten
vmp-conflict = Jemand anderes hat { $fields } geändert, seit dieser Dialog geöffnet wurde. Nichts wurde gesendet: Laden Sie neu, um die Werte zu sehen.
vmp-steps = Schritte
vmp-done = Alle Änderungen übernommen.
vmp-step-failed = Bei diesem Schritt angehalten: { $error }
vmp-started-again = Die VM wurde wieder gestartet, mit den Änderungen vor diesem Schritt.

## Storage: disks (issue 24)
menu-disk-new = Neuer Datenträger
tip-disk-new = Einen virtuellen Datenträger in einem Speicher-Repository anlegen und dieser VM zuordnen (läuft sie, wird er sofort eingesteckt).
menu-disk-attach = Datenträger anschließen
tip-disk-attach = Einen vorhandenen Datenträger dieser VM zuordnen.
menu-disk-detach = Datenträger trennen
tip-disk-detach = Den Datenträger von dieser VM entfernen; er und seine Daten bleiben im Repository.
menu-disk-delete = Datenträger löschen
tip-disk-delete = Den Datenträger samt allen Daten vernichten; zuvor wird er von jeder VM getrennt.
menu-disk-resize = Größe ändern
tip-disk-resize = Den Datenträger vergrößern (nur Vergrößern ist möglich; die VM, die ihn nutzt, muss heruntergefahren sein).
menu-disk-properties = Datenträgereigenschaften
tip-disk-properties = Name und Beschreibung des Datenträgers ändern, und Modus und Position seines Laufwerks in der VM.
confirm-disk-detach = { $names } von { $vm } trennen? Der Datenträger bleibt im Repository.
confirm-disk-delete = Datenträger { $names } löschen? { $vm ->
    [none] Keine VM nutzt ihn.
   *[other] Er wird von { $vm } genutzt.
    }
confirm-disk-delete-warning = Alle Daten auf dem Datenträger gehen verloren; das lässt sich nicht rückgängig machen.
why-disk-in-use = Wird von { $names } genutzt, die läuft: zuerst herunterfahren.
why-disk-not-supported = Der Speichertreiber dieses Repositorys kann das nicht (ein physisches Gerät, eine ISO-Bibliothek oder die Tools).
dlg-disk-default-name = { $vm } Datenträger { $n }
dlg-disk-new-for = Ein neuer Datenträger für { $vm }
dlg-disk-size = Größe (GiB)
dlg-disk-sr = Repository
dlg-disk-attach-to = Ein Datenträger für { $vm }
dlg-disk-attach-none = Kein Datenträger ist frei: Alle werden von laufenden VMs genutzt oder gehören schon dieser VM.
dlg-disk-read-only = Schreibgeschützt anschließen
dlg-disk-resize-of = { $disk } ist jetzt { $size } groß.
dlg-disk-resize-note = Ein Datenträger kann nur wachsen; danach muss das Dateisystem in der VM erweitert werden.
dlg-disk-err-sr = Wählen Sie ein Repository.
dlg-disk-err-size = Geben Sie eine Größe in GiB ein, etwa 20 oder 12,5.
dlg-disk-err-space = Das Repository hat nicht so viel freien Platz.
dlg-disk-err-pick = Wählen Sie einen Datenträger.
dlg-disk-err-grow = Geben Sie eine größere Größe als die jetzige ein: Datenträger schrumpfen nicht.
dlg-disk-err-unchanged = Nichts wurde geändert.

## Storage errors: the storage manager's codes (SR_BACKEND_FAILURE_<n>) and xapi's refusals
sm-err-detail = { $advice } (Der Speichertreiber meldete: { $detail })
sm-err-other = Der Speichertreiber scheiterte mit Code { $code }: { $reason }
sm-err-44 = Im Repository ist kein Platz mehr: Platz schaffen (Datenträger löschen oder verschieben, alte Snapshots entfernen), dann erneut versuchen.
sm-err-46 = Der Datenträger ist nicht erreichbar: Prüfen Sie, ob sein Repository auf dem Server der VM angeschlossen ist.
sm-err-47 = Das Repository ist nicht erreichbar: Reparieren Sie es (auf jedem Server anschließen) und prüfen Sie, ob der Speicher online ist.
sm-err-68 = Die iSCSI-Anmeldung schlug fehl: Prüfen Sie den Zugriff des Initiators auf dem Speichersystem und bei CHAP Benutzer und Geheimnis.
sm-err-72 = Der NFS-Server bietet die verlangte NFS-Version nicht an: Wählen Sie eine andere Version oder aktivieren Sie sie auf dem Server.
sm-err-73 = Der NFS-Server verweigerte das Einhängen: Prüfen Sie die zugelassenen Hosts des Exports (jeden Server des Pools) und seinen Pfad.
sm-err-79 = Diese Datenträgergröße ist ungültig: Datenträger wachsen nur, geben Sie eine größere Größe als jetzt ein.
sm-err-83 = Die iSCSI-Erkennung schlug fehl: Prüfen Sie Adresse und Port des Ziels und ob das System von diesem Server aus antwortet.
sm-err-88 = Das NFS-Repository ließ sich nicht anlegen: Prüfen Sie, ob root auf den Servern des Pools in den Export schreiben darf.
sm-err-106 = Der IQN ist ungültig: Er lautet etwa iqn.2001-04.com.example:storage.
sm-err-107 = Die SCSI-ID der LUN fehlt oder ist falsch: Fragen Sie das Ziel erneut ab und wählen Sie die LUN aus der Liste.
sm-err-108 = Auf diesem Server antwortet kein NFS-Dienst: Prüfen Sie den Namen, ob NFS läuft, und die Firewall dazwischen.
sm-err-109 = Die Snapshot-Kette des Datenträgers ist zu lang: Löschen Sie einige Snapshots und versuchen Sie es erneut.
sm-err-111 = Der SMB-Server verweigerte das Einhängen: Prüfen Sie Pfad der Freigabe, Benutzername und Kennwort sowie die Berechtigungen.
sm-err-140 = Der Servername lässt sich nicht auflösen: Prüfen Sie die Schreibweise und die DNS-Einstellungen des Pools oder nutzen Sie die IP-Adresse.
sm-err-141 = Auf dem Ziel antwortet kein iSCSI-Dienst: Prüfen Sie Adresse, Port (meist 3260) und das Netz dazwischen.
sm-err-142 = Der iSCSI-Port muss eine Zahl von 1 bis 65535 sein (meist 3260).
sm-err-222 = Das Verzeichnis der ISO-Bibliothek ließ sich nicht einhängen: Prüfen Sie Pfad und Berechtigungen der Freigabe.
sm-err-224 = Die ISO-Freigabe wurde nicht gefunden oder der Zugriff verweigert: Prüfen Sie Namen und Berechtigungen.
sm-err-225 = Der Ort der ISO-Bibliothek ist falsch geschrieben: server:/pfad für NFS, \\server\freigabe für SMB.
err-vdi-in-use = Eine laufende VM nutzt den Datenträger: Fahren Sie die VM zuerst herunter (oder trennen Sie den Datenträger).
err-sr-not-supported = Der Speichertreiber dieses Repositorys kann das nicht (ein physisches Gerät, eine ISO-Bibliothek oder die Tools).
err-sr-no-pbds = Das Repository ist an keinen Server angeschlossen: Reparieren Sie es zuerst.
err-sr-has-pbd = Das Repository ist noch an einen Server angeschlossen: Trennen Sie es zuerst.
err-sr-not-empty = Das Repository enthält noch Datenträger: Löschen Sie sie zuerst.
err-device-attached = Das Laufwerk ist bereits eingesteckt.
err-device-detached = Das Laufwerk ist bereits ausgesteckt.
err-vbd-not-unpluggable = Dieses Laufwerk lässt sich nicht ausstecken, während die VM läuft: Fahren Sie sie zuerst herunter.
err-vdi-readonly = Der Datenträger ist schreibgeschützt: Schließen Sie ihn schreibgeschützt an.
err-missing-pv-drivers = Die VM hat keine Gastwerkzeuge, daher lassen sich im Betrieb keine Datenträger einstecken: Werkzeuge installieren oder VM herunterfahren.

## Storage: repositories (issue 24)
menu-sr-rescan = Neu einlesen
tip-sr-rescan = Nach Datenträgern suchen, die außerhalb dieses Pools hinzugefügt oder entfernt wurden, und die Belegung aktualisieren.
menu-sr-repair = Reparieren
tip-sr-repair = Das Repository auf jedem Server, der es verloren hat, wieder anschließen; jeder Server meldet sein Ergebnis.
menu-sr-detach = Repository trennen
tip-sr-detach = Das Repository von jedem Server abziehen und seine Verbindungen entfernen; die Datenträger bleiben im Speicher.
menu-sr-forget = Repository vergessen
tip-sr-forget = Das getrennte Repository und seine Datenträger aus den Einträgen des Pools entfernen; die Daten bleiben im Speicher.
menu-sr-destroy = Repository vernichten
tip-sr-destroy = Das getrennte, leere Repository aus seinem Speicher und dem Pool löschen.
menu-sr-default = Als Standard festlegen
tip-sr-default = Zum Standard-Repository des Pools machen: für neue Datenträger, angehaltene VMs und Absturzabbilder.
menu-sr-properties = Repository-Eigenschaften
tip-sr-properties = Name, Beschreibung und Tags des Repositorys ändern.
confirm-sr-detach = { $names } von allen Servern trennen? VMs können seine Datenträger erst nach einer Reparatur oder erneutem Anschließen nutzen.
confirm-sr-forget = { $names } vergessen? { $vm ->
    [none] Es enthält keine Datenträger.
   *[other] Der Pool vergisst seine Datenträger: { $vm }.
    }
confirm-sr-forget-warning = Die Daten bleiben im Speicher, aber VMs verlieren diese Datenträger, bis das Repository wieder angeschlossen ist.
confirm-sr-destroy = { $names } vernichten?
confirm-sr-destroy-warning = Alles im Speicher des Repositorys wird gelöscht; das lässt sich nicht rückgängig machen.
why-sr-not-attached = An keinen Server angeschlossen: zuerst reparieren.
why-sr-attached = Noch an einen Server angeschlossen: zuerst trennen.
why-sr-nothing-to-repair = Auf jedem Server angeschlossen: nichts zu reparieren.
why-sr-not-empty = { $count ->
    [one] Es enthält einen Datenträger: zuerst löschen.
   *[other] Es enthält { $count } Datenträger: zuerst löschen.
    }
why-sr-default = Bereits der Standard des Pools.
why-sr-not-for-disks = Kein Repository für VM-Datenträger (eine ISO-Bibliothek, ein physisches Gerät oder die Tools).

## Storage: the New Storage wizard (issue 24)
menu-sr-new = Neuer Speicher
tip-sr-new = Dem Pool ein Speicher-Repository hinzufügen: ein neues auf einem NFS-Export oder ein bereits vorhandenes.
sr-new-default-name = NFS-Speicher
sr-new-nfs-intro = Ein NFS-Export, den alle Server des Pools teilen. Geben Sie den Server ein und lesen Sie seine Exporte ein, oder geben Sie den Pfad ein.
sr-new-server = Server
sr-new-scan = Exporte einlesen
sr-new-path = Pfad
sr-new-version = NFS-Version
sr-new-version-3 = NFSv3 (Standard)
sr-new-exports = Exporte des Servers (zum Verwenden anklicken)
sr-new-export = { $path } (erlaubt: { $access })
sr-new-no-exports = Der Server führt keine Exporte.
sr-new-none-found = Unter { $at } gibt es noch kein Repository: Es wird dort neu angelegt.
sr-new-found = Unter { $at } gibt es bereits Repositorys: Schließen Sie eines an, um seine Datenträger zu behalten, oder legen Sie daneben ein neues an.
sr-new-in-pool = { $uuid }: schon in diesem Pool als { $name }
sr-new-attach = { $uuid } anschließen (seine Datenträger bleiben erhalten)
sr-new-create = Ein neues Repository anlegen
sr-new-finish = Fertigstellen
sr-new-err-server = Geben Sie Namen oder Adresse des NFS-Servers ein.
sr-new-err-path = Geben Sie den Pfad des Exports ein, beginnend mit /.
menu-disk-add = Datenträger hinzufügen
tip-disk-add = Einen virtuellen Datenträger in diesem Repository anlegen, keiner VM zugeordnet.
dlg-disk-sr-default-name = Datenträger { $n }
vmp-boot-mode = Startmodus
vmp-boot-fixed = Die VM wurde schon gestartet: Ihr Startmodus steht fest.
vmp-boot-needs-uefi = Die VM hat ein vTPM, das UEFI braucht.
vmp-boot-unsupported = Das Betriebssystem der VM unterstützt diesen Modus nicht.

## Networks: New Network wizard, network Properties and Delete, management interfaces, Networking tabs
menu-net-new = Neues Netzwerk
tip-net-new = Ein Netzwerk für den Pool anlegen: auf einem VLAN, privat auf einem Server oder auf einem Bond aus NICs.
menu-net-properties = Netzwerkeigenschaften
tip-net-properties = Name, Beschreibung, MTU, Tags des Netzwerks ändern, ob neue VMs es erhalten, und den Modus eines Bonds.
menu-net-delete = Netzwerk löschen
tip-net-delete = Das Netzwerk mit seinen VLANs oder Bonds von jedem Server entfernen.
menu-net-management = Verwaltungsschnittstellen
tip-net-management = Die Verwaltungs-NIC des Servers oder ihre Adresse ändern, oder die Adresse einer Speicherschnittstelle.
confirm-net-delete = { $names } löschen?
confirm-net-delete-warning = Seine VLANs oder Bonds werden von jedem Server entfernt; gebündelte NICs werden wieder einzelne NICs.
why-net-in-use = VMs haben NICs daran: { $names }. Entfernen Sie zuerst diese NICs.
why-net-management = Die Verwaltungs- oder Speicherschnittstelle eines Servers nutzt es.
why-net-physical = Es ist das eigene Netzwerk einer physischen NIC: Es verschwindet nur mit der NIC.
net-bond-slb = Aktiv-aktiv (balance-slb)
net-bond-active-backup = Aktiv-Backup
net-bond-lacp-ports = LACP, Hash über TCP/UDP-Ports
net-bond-lacp-mac = LACP, Hash über Quell-MAC
net-err-mtu = Die MTU muss eine ganze Zahl von 68 bis 65535 sein.
net-err-nic = Wählen Sie die NIC, auf der das VLAN läuft.
net-err-vlan = Das VLAN-Tag muss eine ganze Zahl von 0 bis 4094 sein.
net-err-vlan-used = VLAN { $tag } läuft bereits auf dieser NIC: Wählen Sie ein anderes Tag.
net-err-bond-count = Ein Bond umfasst 2 bis 4 NICs.
net-err-bond-missing = { $host } fehlt eine dieser NICs, oder sie ist bereits in einem Bond.
mgmt-err-ip = Die IP-Adresse ist keine gültige IPv4-Adresse.
mgmt-err-netmask = Die Netzmaske ist keine gültige IPv4-Netzmaske.
mgmt-err-gateway = Das Gateway ist keine gültige IPv4-Adresse.
mgmt-err-dns = Jeder DNS-Server muss eine gültige IPv4-Adresse sein (durch Kommas getrennt).
net-new-finish = Netzwerk anlegen
net-new-kind-intro = Welche Art von Netzwerk?
net-kind-external = Externes Netzwerk (VLAN)
net-kind-external-tip = Getaggter Verkehr auf einer NIC, auf jedem Server des Pools.
net-kind-private = Privates Netzwerk eines Servers
net-kind-private-tip = Auf keiner NIC: VMs auf demselben Server sprechen nur miteinander.
net-kind-bonded = Gebündeltes Netzwerk
net-kind-bonded-tip = 2 bis 4 NICs, die als eine arbeiten, auf jedem Server des Pools.
net-kind-cross-server = Serverübergreifendes privates Netzwerk
net-kind-cross-server-why = Nicht angeboten: Es braucht Netzwerktunnel, die ein SDN-Controller (vSwitch) betreibt, und dieser Pool hat keinen.
net-new-default-name = Neues Netzwerk
net-new-nic = NIC
net-new-vlan = VLAN-Tag
net-new-vlans-used = Tags bereits auf dieser NIC: { $tags }
net-new-members = NICs
net-new-mode = Bond-Modus
net-mtu = MTU
net-auto-add = Dieses Netzwerk neuen VMs hinzufügen
net-new-bond-all-hosts = Jeder Server bündelt seine NICs gleichen Namens; der Bond des Koordinators wird zuletzt angelegt.
net-mtu-unusual = Ungewöhnliche MTU: Jeder Switch auf dem Weg muss so große Frames weiterleiten.
net-mtu-replug = Die neue MTU gilt, wenn die NICs des Netzwerks das nächste Mal eingesteckt werden.
mgmt-risk-moves = Sie sind mit { $host } unter { $from } verbunden. Nach dieser Änderung antwortet er unter { $to }: Die Verbindung bricht ab, und XenPilot meldet sich unter { $to } neu an.
mgmt-risk-dhcp = Sie sind mit { $host } unter { $from } verbunden. Mit DHCP ist die nächste Adresse vorher nicht bekannt: Die Verbindung kann abbrechen, und XenPilot sucht den Server dann über die anderen Server des Pools.
mgmt-risk-member = Die Verbindung dieses Clients bleibt. Erreicht { $host } den Koordinator von seiner neuen Adresse aus nicht, fällt er aus dem Pool, bis er ihn erreicht.
mgmt-interface = Schnittstelle
mgmt-management = Verwaltung
mgmt-storage = Speicher auf { $nic }
mgmt-nic = NIC
mgmt-dhcp = DHCP
mgmt-static = Statische Adresse
mgmt-ip = IP-Adresse
mgmt-netmask = Netzmaske
mgmt-gateway = Gateway
mgmt-dns = DNS-Server
mgmt-followed = Fertig: XenPilot ist jetzt unter { $to } verbunden.
mgmt-following = Fertig: XenPilot verbindet sich neu unter { $to }…
mgmt-following-dhcp = Fertig: Bricht die Verbindung ab, sucht XenPilot den Server über den Pool.
step-pif-ip = Adresse der Schnittstelle wird gesetzt
step-mgmt-move = Verwaltungsschnittstelle wird verschoben
step-bond-mode = Modus des Bonds wird geändert
net-in-bond = in { $bond }
net-role-management = Verwaltung
net-role-storage = Speicher { $purpose }
net-speed = { $mbits } Mbit/s
net-speed-gbit = { $gbits } Gbit/s
net-ip-dhcp = { $ip } (DHCP)
net-private = Keine (privat)
net-on-hosts = { $count ->
    [one] { $nic } auf 1 Server
   *[other] { $nic } auf { $count } Servern
    }
col-vlan = VLAN
col-bond = Bond
col-role = Zweck
col-ip = IP-Adresse
col-speed = Geschwindigkeit
col-nic = NIC
col-auto = Neue VMs
## Certificates, vTPM in VM Properties, the coordinator handover, the IPMI password as a secret
prop-cert-host = Serverzertifikat
prop-cert-internal = Internes Zertifikat
prop-cert-other = Zertifikat
cert-unknown = Gültigkeit unbekannt
cert-valid-until = gültig bis { $date }
cert-expires-soon = läuft am { $date } ab: { $count ->
    [one] noch 1 Tag
   *[other] noch { $count } Tage
    }
cert-expired = abgelaufen am { $date }
vmp-vtpm = Virtuelles TPM (vTPM)
vmp-vtpm-restricted = Die Lizenz des Pools erlaubt keine vTPMs.
vmp-vtpm-needs-uefi = Ein vTPM braucht den UEFI-Startmodus.
vmp-vtpm-remove-warn = Das Entfernen des vTPM löscht seinen Inhalt (Schlüssel, BitLocker-Geheimnisse) endgültig.
vmp-err-vtpm-uefi = Eine VM mit vTPM muss mit UEFI starten: mit BIOS verweigert xapi den Start.
evac-handover-note = Zuerst wird { $host } Koordinator; XenPilot verbindet sich neu mit ihm, dann läuft { $action }.
evac-handover-waiting = Warte auf die Verbindung zum neuen Koordinator { $host }…
step-designate = Ein anderer Server wird Koordinator
props-power-password = IPMI-Passwort
props-power-password-kept = Leer lassen, um das aktuelle Passwort zu behalten
props-power-password-none = Kein Passwort gesetzt
task-err-ha-break-plan = Der HA-Failover-Plan würde brechen: Nach den zu tolerierenden Serverausfällen könnte der Pool seine geschützten VMs nicht mehr neu starten.
task-err-ha-no-plan = HA hat dafür keinen Failover-Plan: Halten Sie zuerst die VMs an, die HA nicht schützt, oder fahren Sie sie herunter.
evac-ha-coordinator = HA ist aktiv: { $host }, der Koordinator des Pools, kann nicht in den Wartungsmodus. Machen Sie zuerst einen anderen Server zum Koordinator.
evac-ha-lower = HA toleriert { $now } Serverausfälle; mit { $host } im Wartungsmodus kann der Pool nur { $to } tolerieren. Die zu tolerierenden Ausfälle werden zuerst auf { $to } gesenkt.
vmp-ha-checking = Der Pool wird gefragt, wie viele Serverausfälle er tolerieren könnte…
vmp-ha-max = Mit dieser Änderung kann der Pool { $max } Serverausfälle tolerieren (eingestellt sind { $ntol }).
vmp-ha-overcommit = Der Pool wäre überbucht: Nach { $ntol } Serverausfällen könnte er nicht jede geschützte VM neu starten. xapi verweigert den Schutz einer laufenden VM, die den Plan bricht.
# New Storage wizard: iSCSI and SMB
sr-new-kind = Typ
sr-new-default-name-iscsi = iSCSI-Speicher
sr-new-default-name-smb = SMB-Speicher
sr-new-iscsi-intro = Eine LUN eines iSCSI-Targets, gemeinsam genutzt von allen Servern des Pools. Geben Sie das Target ein, ermitteln Sie seine IQNs, wählen Sie eine, dann ermitteln Sie deren LUNs und wählen Sie eine.
sr-new-target = Target
sr-new-port = Port
sr-new-chap = CHAP-Authentifizierung verwenden
sr-new-chap-user = CHAP-Benutzer
sr-new-chap-secret = CHAP-Geheimnis
sr-new-discover-iqns = IQNs ermitteln
sr-new-discover-luns = LUNs ermitteln
sr-new-iqns = IQNs auf dem Target (zum Verwenden anklicken)
sr-new-iqn-item = { $iqn } ({ $address })
sr-new-luns = LUNs der IQN (zum Verwenden anklicken)
sr-new-lun-item = LUN { $lun }: { $size }, { $vendor }, SCSI-ID { $scsi }
sr-new-no-iqns = Das Target listet keine IQNs.
sr-new-no-luns = Die IQN hat keine LUNs.
sr-new-smb-intro = Eine SMB-(CIFS-)Freigabe für Datenträger, gemeinsam genutzt von allen Servern des Pools. Geben Sie die Freigabe als \\server\share ein und das Konto, das darauf schreiben darf.
sr-new-share = Freigabe
sr-new-smb-user = Benutzername
sr-new-smb-password = Kennwort
sr-new-format = LUN als neues Repository formatieren
sr-new-format-warning = Das Formatieren löscht das Repository { $uuid } auf dieser LUN und jeden Datenträger darin endgültig.
sr-new-format-confirm = Es und seine Datenträger löschen
sr-new-found-lun = Die LUN { $at } trägt ein Repository: Verbinden Sie es erneut, um seine Datenträger zu behalten, oder formatieren Sie die LUN.
sr-new-none-found-lun = Die LUN { $at } ist leer: Sie wird als neues Repository formatiert.
sr-new-err-target = Geben Sie Namen oder Adresse des iSCSI-Targets ein.
sr-new-err-port = Der Port muss eine Zahl von 1 bis 65535 sein.
sr-new-err-chap = Geben Sie CHAP-Benutzer und -Geheimnis ein oder deaktivieren Sie CHAP.
sr-new-err-iqn = Ermitteln Sie die IQNs des Targets und wählen Sie eine.
sr-new-err-lun = Ermitteln Sie die LUNs der IQN und wählen Sie eine.
sr-new-err-share = Geben Sie die Freigabe als \\server\share ein.
sr-new-err-format = Bestätigen Sie, dass das Repository der LUN gelöscht werden darf, oder verbinden Sie es erneut.

# Move disk
menu-disk-move = Datenträger verschieben
tip-disk-move = Den Datenträger in ein anderes Repository verschieben (eine laufende VM läuft weiter).
dlg-disk-move-of = { $disk } verschieben nach:
dlg-disk-move-none = Kein anderes Repository kann Datenträger aufnehmen.
dlg-disk-move-live = Eine laufende VM nutzt den Datenträger: Er wird in das neue Repository gespiegelt, während die VM weiterläuft.
dlg-disk-move-copy = Der Datenträger wird in das neue Repository kopiert, seine Laufwerke auf die Kopie umgestellt, dann das Original gelöscht.
## Disk images: import as a disk or a VM, export a disk (raw or VHD)
menu-disk-export = Datenträger exportieren
tip-disk-export = Den Inhalt des Datenträgers als VHD- oder Raw-Datei speichern.
xfer-disk-export-title = Datenträger exportieren
xfer-disk-export-what = Den Datenträger { $disk } ({ $size }) exportieren
xfer-disk-exporting = Export nach { $path }
xfer-disk-exported = Gespeichert unter { $path } ({ $size }).
xfer-disk-export-failed = Nicht exportiert: { $why }
xfer-disk-format = Format:
xfer-disk-format-vhd = VHD (nur die Teile mit Daten)
xfer-disk-format-raw = Raw (jedes Byte)
xfer-image-reading = Abbild wird gelesen…
xfer-image-bad = Dieses Abbild kann nicht importiert werden: { $why }
xfer-image-kind = Ein Datenträgerabbild: { $format }, { $size }
xfer-import-as = Importieren als:
xfer-import-as-disk = neuer Datenträger
xfer-import-as-vm = neue VM
xfer-vm-name = Name:
xfer-template = Vorlage:
xfer-network = Netzwerk:
xfer-no-network = Kein Netzwerk
xfer-imported-disk = Als Datenträger { $disk } importiert
xfer-ovf-reading = Paket wird geprüft…
xfer-ovf-refused = Dieses Paket kann so nicht importiert werden:
xfer-ovf-bios = BIOS
xfer-ovf-uefi = UEFI
xfer-ovf-uefi-secure = UEFI Secure Boot
xfer-ovf-holds = Eine VM mit { $vcpus } vCPUs, { $memory } Arbeitsspeicher, { $firmware }; Datenträger: { $disks }
xfer-ovf-nic = NIC { $nic } ({ $network }):
## Organising: tags, folders, custom fields
menu-tags-view = Tags
menu-folders-view = Ordner
kind-tag = Tag
kind-folder = Ordner
menu-edit-tags = Tags bearbeiten
tip-edit-tags = Den ausgewählten Objekten Tags hinzufügen oder sie entfernen
menu-move-to-folder = In Ordner verschieben
tip-move-to-folder = Die ausgewählten Objekte in einen Ordner legen
menu-custom-fields = Benutzerdefinierte Felder
tip-custom-fields = Die benutzerdefinierten Felder dieses Objekts bearbeiten oder ein neues Feld für seinen Pool anlegen
menu-new-folder = Neuer Ordner
tip-new-folder = Hier einen leeren Ordner anlegen
menu-rename-folder = Ordner umbenennen
tip-rename-folder = Diesen Ordner in allen verbundenen Pools umbenennen
menu-delete-folder = Ordner löschen
tip-delete-folder = Diesen Ordner löschen; sein Inhalt rückt eine Ebene nach oben
menu-rename-tag = Tag umbenennen
tip-rename-tag = Dieses Tag an jedem Objekt aller verbundenen Pools umbenennen
org-bad-tag = Ein Tag darf weder leer sein noch Steuerzeichen enthalten.
org-bad-field = Dieses Feld gibt es schon, oder sein Name enthält Steuerzeichen.
org-bad-date = Datumsangaben als yyyy-MM-dd oder yyyy-MM-dd HH:mm:ssZ schreiben.
org-bad-folder = Der Ordnername ist leer.
org-tags-of = { $count ->
    [one] Tags des ausgewählten Objekts:
   *[other] Tags der { $count } ausgewählten Objekte (Strich: nur an einigen):
    }
org-new-tag = Neues Tag
org-move-count = { $count ->
    [one] 1 Objekt in den Ordner verschieben:
   *[other] { $count } Objekte in den Ordner verschieben:
    }
org-folder-path = Ordner (leer: keiner)
org-known-folders = Verwendete Ordner:
org-new-field = Neues Feld
org-field-text = Text
org-field-date = Datum und Uhrzeit
org-folder-in = In { $folder }
org-folder-name = Ordnername
org-delete-folder-question = { $folder } löschen? Sein ganzer Inhalt wandert nach { $parent }; nichts wird gelöscht.
org-tag-name = Neuer Name
# Search across pools: the query language's errors, the Search window, saved searches.
search-error-quote = Spalte { $at }: Dieses Anführungszeichen wird nie geschlossen.
search-error-paren-open = Spalte { $at }: Diese Klammer wird nie geschlossen.
search-error-paren-close = Spalte { $at }: Eine schließende Klammer ohne öffnende.
search-error-field = Spalte { $at }: „{ $word }“ ist kein Feld (Felder: name, desc, uuid, ip, power, tag, host, pool, mem, cpu, type, os, folder, cf). Setzen Sie den Text in Anführungszeichen, um nach ihm zu suchen.
search-error-value = Spalte { $at }: Nach „{ $field }“ fehlt ein Wert.
search-error-operator = Spalte { $at }: „{ $field }“ lässt sich nicht mit „{ $op }“ vergleichen (verwenden Sie : oder =).
search-error-number = Spalte { $at }: „{ $value }“ ist keine Zahl (Speicher: 512M, 8G, 1.5T).
search-error-power = Spalte { $at }: „{ $value }“ ist kein Betriebszustand (running, halted, suspended, paused).
search-error-type = Spalte { $at }: „{ $value }“ ist kein Typ (pool, host, vm, template, snapshot, sr, network).
search-error-dangling = Spalte { $at }: „{ $word }“ bezieht sich auf nichts.
menu-search-results = Alle Pools durchsuchen
menu-save-search = Suche speichern
menu-search-export-csv = Ergebnisse als CSV exportieren
menu-search-export-json = Ergebnisse als JSON exportieren
search-title = Suche
search-window-hint = z. B. tag:prod power:running mem>8G -host:xcp-02
search-found = { $count ->
    [one] Ein Objekt in allen verbundenen Pools gefunden.
   *[other] { $count } Objekte in allen verbundenen Pools gefunden.
    }
search-columns = Spalten
search-col-name = Name
search-col-type = Typ
search-col-pool = Pool
search-col-host = Server
search-col-power = Betriebszustand
search-col-cpus = vCPUs
search-col-memory = Arbeitsspeicher
search-col-ip = IP-Adresse
search-col-tags = Tags
search-kind-pool = Pool
search-kind-host = Server
search-kind-vm = VM
search-kind-template = Vorlage
search-kind-snapshot = Snapshot
search-kind-sr = Speicher
search-kind-network = Netzwerk
search-export-csv-path = CSV-Datei:
search-export-json-path = JSON-Datei:
search-export-save = Schreiben
search-export-done = Ergebnisse nach { $path } geschrieben.
search-export-failed = { $path } konnte nicht geschrieben werden: { $error }
search-save-name = Name:
search-save-pool = Im Pool ablegen
search-save-ok = Speichern
search-save-no-pool = Kein verbundener Pool erlaubt das Speichern: Gespeicherte Suchen liegen in einem Pool, den Sie bearbeiten dürfen.
search-save-unsupported = „{ $term }“ lässt sich nicht im Format von XenCenter speichern, das keinen solchen Filter kennt.
search-saved = Gespeicherte Suchen ({ $count })
search-saved-none = Kein Pool enthält eine gespeicherte Suche.
search-saved-run = Ausführen
search-saved-rename = Umbenennen
search-saved-rename-ok = OK
search-saved-delete = Löschen
search-saved-new-name = Neuer Name
search-saved-unsupported = XenPilot kann einen Teil dieser Suche nicht ausführen: { $part }.

## Disk Properties: the drive's mode and position (stordisk)
dlg-disk-is-read-only = Dieser Datenträger ist schreibgeschützt: Sein Speichertreiber hat ihn so gesetzt, VMs können ihn nur lesend nutzen.
dlg-drive-of = Laufwerk von { $vm }
dlg-drive-mode = Modus
dlg-drive-rw = Lesen/Schreiben
dlg-drive-ro = Nur lesen
dlg-drive-position = Position
dlg-drive-mode-halted = Fahren Sie die VM herunter, um den Modus zu ändern.
dlg-drive-mode-disk-ro = Der Datenträger selbst ist schreibgeschützt.
dlg-drive-position-plugged = Trennen Sie das Laufwerk oder fahren Sie die VM herunter, um es zu verschieben.

## Storage tab: which drives block migration (stordisk)
col-migration = Migration
migrate-free = Jeder Server
migrate-travels = Zieht mit der VM um
migrate-blocks = Blockiert
migrate-no-server = kein Server
migrate-notes-title = Beim Verschieben dieser VM auf einen anderen Server:
migrate-note-mirrored = { $position } · { $disk }: { $sr } ist nur von { $hosts } erreichbar; auf einem anderen Server wird der Datenträger mit der VM in dessen Speicher gespiegelt (Storage Motion).
migrate-note-copied = { $position } · { $disk }: { $sr } ist nur von { $hosts } erreichbar; das Laufwerk ist schreibgeschützt, daher wird der Datenträger auf einem anderen Server kopiert statt gespiegelt.
migrate-note-local-cd = { $position } · { $disk }: eine CD aus { $sr }, nur von { $hosts } erreichbar; werfen Sie sie vor dem Verschieben der VM aus.
migrate-note-no-mirror = { $position } · { $disk }: { $sr } kann keine Datenträger spiegeln und ist nur von { $hosts } erreichbar; die VM kann nur auf diese Server wechseln (verschieben Sie den Datenträger zuerst in gemeinsamen Speicher).
## storwiz: SR allowed operations, Reattach, ISO library
why-sr-server-refuses = Der Server erlaubt dies für das Repository derzeit nicht (sein Speichertreiber unterstützt es nicht, oder ein anderer Vorgang läuft darauf).
menu-sr-reattach = Repository wieder anfügen
tip-sr-reattach = Das getrennte Repository wieder mit den Servern des Pools verbinden; seine Datenträger bleiben erhalten.
why-sr-has-pbds = Das Repository ist noch mit Servern verbunden: Reparieren verbindet sie.
why-sr-not-reattachable = XenPilot kann ein Repository dieses Typs nicht wieder anfügen.
sr-reattach-intro = Wo liegt { $name }? Prüfen Sie die Felder unten; Weiter sucht das Repository dort.
sr-reattach-found = { $name } wurde unter { $at } gefunden. Fertig stellen verbindet die Server damit; seine Datenträger bleiben erhalten.
sr-reattach-not-found = { $name } liegt nicht unter { $at }: Der Speicher hat geantwortet, aber ohne dieses Repository. Prüfen Sie den Ort.
sm-err-38 = Der Speichertreiber kann dies nicht (er implementiert den Vorgang nicht).
sm-err-94 = Der Ort der ISO-Bibliothek fehlt: Geben Sie server:/pfad für NFS oder \\server\freigabe für SMB an.
sm-err-227 = Diese SMB-Version ist nicht erlaubt: Verwenden Sie 1.0 oder 3.0.
sr-new-kind-iso = ISO-Bibliothek
sr-new-default-name-iso = ISO-Bibliothek
sr-new-iso-intro = Eine Bibliothek von ISO-Abbildern (Installationsmedien), die jeder Server des Pools liest. Ihre .iso- und .img-Dateien werden zu Datenträgern für die DVD-Laufwerke der VMs.
sr-new-iso-nfs = NFS-Export
sr-new-iso-smb = SMB-Freigabe
sr-new-iso-location = Ort
sr-new-iso-nfs-hint = server:/pfad, z. B. nfs.example.lan:/export/iso
sr-new-iso-smb-hint = \\server\freigabe oder ein Ordner darin (\\server\freigabe\ordner)
sr-new-iso-summary = Eine gemeinsame ISO-Bibliothek unter { $at }: Jeder Server bindet sie schreibgeschützt ein, ihre Abbilder werden zu den Datenträgern der Bibliothek. Der Speicher wird beim Anlegen geprüft.
sr-new-err-iso-nfs = Geben Sie den Ort als server:/pfad ein.
sr-reattach-unchecked = { $name } wird unter { $at } gesucht, sobald sich die Server verbinden; seine Datenträger bleiben erhalten.
## Import: what is imported, and an XVA's networks and home server
xfer-import-title-xva = VM aus XVA importieren
xfer-import-title-ovf = OVF/OVA-Paket importieren
xfer-import-title-image = Datenträgerabbild importieren
xfer-xva-reading = Dateikopf wird gelesen…
xfer-xva-unreadable = Diese Datei kann nicht importiert werden: { $why }
xfer-xva-nic = Schnittstelle { $device } ({ $mac }), bisher in { $network }:
xfer-home = Heimserver:
xfer-home-none = Keiner (beliebiger Server)
# Dialogs (dlg): the VM Properties warnings name the fields in the user's words
vmp-change-name = den Namen
vmp-change-description = die Beschreibung
vmp-change-tags = die Tags
vmp-change-vcpus = die Anzahl der vCPUs
vmp-change-topology = die CPU-Topologie
vmp-change-memory = den Arbeitsspeicher
vmp-change-boot-order = die Startreihenfolge der Geräte
vmp-change-firmware = den Startmodus
vmp-change-vtpm = das vTPM
vmp-change-home = den Heimserver
vmp-change-autostart = den automatischen Start
vmp-change-order = die Startreihenfolge
vmp-change-delay = die Startverzögerung
vmp-change-ha = die HA-Neustartpriorität
vmp-change-platform = die erweiterten (platform) Einstellungen
vmp-change-other = die sonstigen Einstellungen
## VM-Aktionen auf mehreren Objekten (gezählte Beschriftungen) und Auswahl über Pools
menu-vm-start-many = { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    } starten
menu-vm-start-on-many = { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    } auf Server starten
menu-vm-resume-many = { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    } fortsetzen
menu-vm-unpause-many = { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    } aus der Pause holen
menu-vm-shutdown-many = { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    } herunterfahren
menu-vm-force-shutdown-many = { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    } erzwungen herunterfahren
menu-vm-reboot-many = { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    } neu starten
menu-vm-force-reboot-many = { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    } erzwungen neu starten
menu-vm-suspend-many = { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    } aussetzen
menu-vm-pause-many = { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    } pausieren
menu-vm-export-many = { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    } exportieren
menu-vm-migrate-many = { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    } auf Server verschieben
menu-vm-delete-many = { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    } löschen
menu-vm-properties-many = Eigenschaften von { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    }
menu-vm-delete-snapshot-many = { $count ->
    [one] { $count } Snapshot
   *[other] { $count } Snapshots
    } löschen
why-vms-one-pool = Diese VMs liegen in verschiedenen Pools: Wählen Sie für diese Aktion VMs eines Pools.

## Organisieren: Korrekturen aus dem Rundgang
org-bad-folder-name = Der Ordnername ist leer oder enthält / oder ; (Umbenennen kann den Ordner nicht verschieben).
props-tags-in-use = Verwendete Tags

## VM-Eigenschaften: die Seite Benutzerdefinierte Felder
vmp-page-custom-fields = Benutzerdefinierte Felder
vmp-fields-none = Der Pool definiert keine benutzerdefinierten Felder. Legen Sie sie mit „Benutzerdefinierte Felder…“ im Kontextmenü der VM an.
vmp-fields-bad-date = { $field }: kein Datum (JJJJ-MM-TT oder JJJJ-MM-TT HH:mm:ss).
vmp-fields-note = Nur geänderte Felder werden geschrieben; ein geleertes Feld wird entfernt.

## XVA-Export und -Import: Snapshots
xfer-export-no-snapshots = Snapshots sind nicht enthalten: Eine XVA enthält die VM so, wie sie jetzt ist, wie der Server sie exportiert ({ $vms }).
xfer-xva-snapshots = { $count ->
    [one] Ein Snapshot kommt mit der VM: { $names }
   *[other] { $count } Snapshots kommen mit der VM: { $names }
    }
xfer-xva-snapshots-nics = Die Netzwerkschnittstellen der Snapshots bleiben in den Netzwerken, die der Import anhand des Namens findet.
## New Storage wizard: a server's own disk (LVM or ext) and HBA LUNs
sr-new-kind-local = Lokale Festplatte
sr-new-default-name-local = Lokaler Festplattenspeicher
sr-new-default-name-hba = HBA-Speicher
sr-new-local-intro = Eine Festplatte eines Servers, nur für dessen VMs (nicht gemeinsam genutzt). Wählen Sie den Server, suchen Sie seine Festplatten und wählen Sie eine.
sr-new-local-host = Server
sr-new-local-fs = Format
sr-new-local-lvm = LVM (Thick Provisioning)
sr-new-local-ext = ext (Thin: Festplatten belegen nur den genutzten Platz)
sr-new-find-disks = Festplatten suchen
sr-new-check-device = Gerät prüfen
sr-new-no-lsblk = Dieser Server kann seine Festplatten nicht auflisten (das lsblk-Plugin von XCP-ng fehlt): Geben Sie das Gerät ein und prüfen Sie es.
sr-new-device = Gerät
sr-new-disks = Festplatten des Servers (zum Verwenden anklicken)
sr-new-disk-item = { $path }: { $size }, { $state }
sr-new-disk-system = vom Server belegt (eingehängt)
sr-new-disk-sr = enthält ein { $fs }-Repository ({ $uuid })
sr-new-disk-parts = hat Partitionen ({ $partitions })
sr-new-disk-in-pool = von { $name } dieses Pools belegt
sr-new-disk-empty = leer
sr-new-no-disks = Der Server listet keine Festplatten.
sr-new-err-host = Wählen Sie den Server, dessen Festplatte verwendet werden soll.
sr-new-err-device = Wählen Sie eine Festplatte oder geben Sie ihr Gerät ein, etwa /dev/sdb.
sr-new-err-pick-disk = Wählen Sie eine der Festplatten des Servers.
sr-new-err-find-then-pick = Suchen Sie die Festplatten des Servers und wählen Sie dann eine.
sr-new-err-find-disks = Suchen Sie die Festplatten des Servers (oder prüfen Sie das Gerät) und wählen Sie eine.
sr-new-found-disk = Die Festplatte { $at } enthält ein Repository: Hängen Sie es wieder an, um seine Datenträger zu behalten, oder formatieren Sie die Festplatte.
sr-new-none-found-disk = Die Festplatte { $at } enthält kein Repository: Sie wird als neues formatiert.
sr-new-format-disk = Festplatte als neues Repository formatieren
sr-new-wipe-warning = Das Formatieren von { $device } löscht seine Partitionen ({ $partitions }) und alles darauf endgültig.
sr-new-wipe-confirm = Partitionen löschen
sr-new-err-wipe = Bestätigen Sie, dass die Partitionen der Festplatte gelöscht werden dürfen, oder wählen Sie eine andere Festplatte.
sr-new-hba-intro = Eine LUN eines Fibre-Channel- (oder Hardware-iSCSI-) Arrays, gemeinsam genutzt von allen Servern des Pools. Suchen Sie die LUNs, die die Server sehen, und wählen Sie eine.
sr-new-find-luns = LUNs suchen
sr-new-hba-luns = Von den Servern gesehene LUNs (zum Verwenden anklicken)
sr-new-hba-lun-item = LUN { $lun }: { $size }, { $vendor }, Seriennummer { $serial }; sichtbar für { $hosts }
sr-new-hba-all-servers = alle Server
sr-new-hba-partial = Nicht jeder Server sieht diese LUN: Die anderen können VMs mit Datenträgern darauf erst ausführen, wenn das Zoning der Fabric es erlaubt.
sr-new-no-hba-luns = Kein Server sieht eine freie LUN: Prüfen Sie das Zoning der Fabric und das LUN-Masking des Arrays.
sr-new-err-hba-lun = Suchen Sie die LUNs und wählen Sie eine.
sm-err-19 = Das Gerät existiert auf diesem Server nicht: Suchen Sie die Festplatten erneut und wählen Sie eine aus der Liste.
sm-err-52 = Das Volume des Repositorys ließ sich auf diesem Server nicht aktivieren: Prüfen Sie, ob die Festplatte vorhanden und intakt ist.
sm-err-90 = Es wurde kein Gerät angegeben: Wählen Sie die zu verwendende Festplatte.
sm-err-105 = Auf dieser Festplatte liegt das System des Servers: Wählen Sie eine andere.
err-sr-device-in-use = Das Gerät ist bereits belegt (durch ein anderes Repository dieses Servers oder eingehängt): Wählen Sie ein anderes oder hängen Sie das Repository darauf wieder an.
## s24fix: a repository's state on its General tab, and why its actions wait for a running one
sr-state-ok = OK
sr-state-detached = Getrennt
sr-state-broken = Defekt: nicht auf jedem Server angebunden (Reparieren bindet ihn an)
sr-conn-connected = Verbunden
sr-conn-unplugged = Nicht eingesteckt
sr-conn-server-down = Server nicht erreichbar
sr-conn-missing = Verbindung fehlt
why-sr-busy = Auf dem Speicher läuft gerade ein anderer Vorgang: Warten Sie, bis er beendet ist.
## Search window: results arriving in the background; a VM's tags in its General section
search-searching = Suche läuft…
prop-tags = Tags
