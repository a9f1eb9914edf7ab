# XenPilot, en-US: the reference locale. Every other locale has exactly these ids.

## Menus
menu-file = File
menu-open-dump = Open database dump…
menu-quit = Quit
menu-view = View
menu-infrastructure = Infrastructure
menu-objects = Objects
view-user-templates = Custom Templates
view-default-templates = { $brand } Templates
view-local-storage = Local Storage
view-show-hidden = Show Hidden Objects
menu-language = Language
menu-theme = Theme
theme-system = Follow system
theme-light = Light
theme-dark = Dark
menu-help = Help
menu-about = About XenPilot
about-text = XenPilot { $version }: a desktop client for XenServer and XCP-ng pools.
close = Close

## Navigation pane
search-hint = Search ({ $shortcut })
search-label = Search
tree-empty = Nothing matches the search.
tree-loading = Loading…

## Status bar
status-connecting = Connecting…
status-connected = Connected to { $host }
status-reconnecting = Reconnecting… ({ $error })
status-failed = Connection failed: { $error }
status-file = Read-only: { $file }
status-objects = { $count } objects
status-hidden = { $count } hidden

## File > Open database dump
open-title = Open database dump
open-path = File
open-button = Open
cancel = Cancel
open-loading = Loading { $file }…
open-failed = Cannot open { $file }: { $error }

## Display names
name-hidden = { $name } (hidden)
name-bonded-member = { $name } (Bonded member)
vm-control-domain = Control domain on host { $host }
net-himn = Host internal management network
net-name = Network { $device }
net-name-vlan = Network { $device } on VLAN { $vlan }
pif-nic = NIC { $number }
pif-bond = Bond { $members }
nic-on-host = { $nic } on { $host }
pif-vlan = { $nic } (VLAN { $vlan })
sr-name-on-host = { $name } on { $host }

## Installer-created SRs (other_config i18n-key)
sr-name_label-local-storage = Local storage
sr-name_label-local-storage-host = Local storage on { $host }
sr-name_description-local-storage = Local storage
sr-name_description-local-storage-host = Local storage on { $host }
sr-name_label-local-hotplug-cd = DVD drives
sr-name_label-local-hotplug-cd-host = DVD drives on { $host }
sr-name_description-local-hotplug-cd = Physical DVD drives
sr-name_description-local-hotplug-cd-host = Physical DVD drives on { $host }
sr-name_label-local-hotplug-disk = Removable storage
sr-name_label-local-hotplug-disk-host = Removable storage on { $host }
sr-name_description-local-hotplug-disk = Physical removable storage
sr-name_description-local-hotplug-disk-host = Physical removable storage on { $host }
sr-name_label-xenserver-tools = { $tools }
sr-name_description-xenserver-tools = { $tools } ISOs
sr-name_label-ebs = EBS
sr-name_label-ebs-host = EBS in { $host }
sr-name_description-ebs = EBS volumes
sr-name_description-ebs-host = EBS volumes in Availability Zone { $host }

## Objects view groups
group-pools = Pools
group-servers = Servers
group-vms = VMs
group-snapshots = Snapshots
group-user-templates = Custom Templates
group-default-templates = { $brand } Templates
group-remote-srs = Remote Storage Repositories
group-local-srs = Local Storage Repositories
group-networks = Networks
group-nics = NICs

## Details pane
details-none = Select an object in the tree.
details-gone = This object no longer exists.
kind-pool = Pool
kind-host = Server
kind-vm = VM
kind-template = Template
kind-snapshot = Snapshot
kind-sr = Storage repository
kind-network = Network
kind-pif = Physical NIC
kind-vif = Virtual NIC
kind-vdi = Virtual disk
section-general = General
section-other-config = Other configuration
prop-name = Name
prop-description = Description
prop-uuid = UUID
prop-power-state = Power state
prop-host = Server
prop-memory = Memory
prop-vcpus = vCPUs
prop-os = Operating system
prop-type = Type
prop-size = Size
prop-used = Used
prop-shared = Shared
prop-device = Device
prop-mac = MAC address
prop-mtu = MTU
prop-network = Network
prop-address = Address
prop-coordinator = Coordinator
prop-vm = VM
prop-vlan = VLAN
prop-management = Management interface
prop-ip = IP address
prop-sr = Storage repository
prop-snapshot-of = Snapshot of
prop-hidden = Hidden from XenCenter
prop-api = API version
prop-key = Key
prop-value = Value
power-running = Running
power-halted = Halted
power-suspended = Suspended
power-paused = Paused
power-unknown = Unknown
yes = Yes
no = No
list-nics = Network interfaces
list-disks = Disks
list-pifs = Physical NICs
list-vifs = Virtual NICs
list-empty = None
prop-ips = IP addresses
prop-snapshot-time = Snapshot taken
prop-state = State
host-live = Live
host-not-live = Not live
section-xenstore = xenstore data
section-advanced = Advanced
list-snapshots = Snapshots
group-count = Objects: { $count }
nav-back = Back
nav-forward = Forward

## Context menus and actions
menu-nic-settings = NIC settings…
menu-xenstore = Edit xenstore data…
menu-vm-start = Start
menu-vm-shutdown = Shut down
menu-vm-force-shutdown = Force shut down
menu-vm-reboot = Reboot
menu-bulk-nic = NIC settings for { $count } NICs…
power-failed = { $action } failed: { $error }

## Forms (shared)
form-apply = Apply
form-close = Close
form-reload = Reload
form-xe = Equivalent xe commands
form-copy = Copy
form-no-changes = No changes to apply.
form-invalid = Fix the marked values to apply.
form-incomplete = Finish the new key to apply.
form-discard-question = Discard your changes?
form-discard = Discard
form-keep-editing = Keep editing
form-applying = Applying…
form-applied = Applied.
form-read-only = Read-only: this pool was opened from a database dump.
err-conflict = Changed by someone else since this form opened ({ $keys }). Nothing was written: reload to see the new values.
err-rbac = Permission denied: this needs one of the roles { $roles }.
err-gone = This object no longer exists.
err-server = The server refused: { $error }

## NIC settings
nic-title = NIC settings: { $name }
nic-default = Default
nic-on = On
nic-off = Off
nic-desc-rx = RX checksum offload
nic-desc-tx = TX checksum offload
nic-desc-sg = Scatter-gather
nic-desc-tso = TCP segmentation offload
nic-desc-ufo = UDP fragmentation offload
nic-desc-gso = Generic segmentation offload
nic-desc-gro = Generic receive offload
nic-desc-lro = Large receive offload
nic-desc-autoneg = Autonegotiation
nic-desc-speed = Speed (Mb/s)
nic-desc-duplex = Duplex
nic-desc-advertise = Advertised link modes
nic-desc-promiscuous = Promiscuous mode
nic-desc-mtu = MTU
nic-duplex-half = Half
nic-duplex-full = Full
nic-promiscuous-note = Promiscuous mode works with the Linux bridge network backend only; Open vSwitch ignores it.
nic-mtu-default = Default: the network's MTU ({ $mtu })
nic-vif-note = Speed, duplex and autonegotiation are settings of the physical link: set them on the host's NIC (PIF), not on a VIF.
nic-not-applicable = Kept as they are (not used on a VIF): { $keys }
nic-when-vif = Changes take effect when the VIF is next plugged or the VM next starts.
nic-when-pif = Changes take effect when the PIF is next plugged or the host reboots.
err-not-on-off = “{ $value }” is not valid: choose Default, On or Off.
err-speed = “{ $value }” is not a positive whole number of Mb/s.
err-duplex = “{ $value }” is not valid: choose half or full.
err-advertise = “{ $value }” is not a hexadecimal mask such as 0x2f.
err-mtu-integer = “{ $value }” is not a whole number.
err-mtu-range = { $value } is outside 68–65535.
warn-mtu = { $value } is unusual: most networks carry 1500–9216.
mtu-pending-vif = { $now } in effect; { $next } applies when the VIF is next plugged (VM start or VIF re-plug)
mtu-pending-pif = { $now } in effect; { $next } applies when the NIC is next plugged (PIF re-plug or host reboot)
warn-mtu-above = { $value } is above the network's MTU ({ $network }): frames larger than the network carries are dropped.

## xenstore data
xs-title = xenstore data: { $name }
xs-key = Key
xs-value = Value
xs-add = Add key
xs-remove = Remove
xs-kept = Kept as they are (not editable here)
xs-note-running = The VM is running: the change is applied with VM.set_xenstore_data and reaches the guest now.
xs-note-halted = The guest sees these keys when the VM next starts.
xs-err-prefix = “{ $key }” must start with vm-data/: other keys never reach the guest.
xs-err-empty = Give the key a name after vm-data/ (for example vm-data/hostname).
xs-err-chars = “{ $key }” contains spaces or control characters.
xs-err-dup = “{ $key }” appears twice.
xs-err-value = The value of “{ $key }” contains control characters.

## One setting for several NICs
bulk-title = NIC settings for { $count } NICs
bulk-setting = Setting
bulk-value = Value
bulk-summary = Changed { $changed } of { $count } NICs; { $same } already had this value.
bulk-failed = { $failed } failed: { $error }

## Connect dialog
menu-connect = Connect…
conn-title = Connect to a server
conn-recent = Recent servers
conn-server = Server
conn-user = User name
conn-password = Password
conn-remember = Remember (the password goes to the system keyring)
conn-connect = Connect
conn-plain-http = Plain http: the password and everything else travel unencrypted.
conn-redirected = { $member } is a pool member: connected to its pool coordinator { $master }.
conn-coordinator-moved = The coordinator { $from } went away; reconnected to { $to }.
conn-err-auth = { $host } refused the user name or password.
conn-err-server = { $host } refused the connection: { $error }
conn-err-unreachable = Cannot reach { $host }: { $error }
conn-err-not-xenapi = { $host } did not answer as a XenServer or XCP-ng host ({ $error }).
conn-err-slow = { $host } did not answer within { $seconds } s: the host is slow or not responding.
conn-err-too-large = { $host } sent a reply larger than { $size }; XenPilot refused it.
conn-err-address = { $error }
cert-untrusted = The certificate of { $host } is not signed by an authority this computer trusts. XenServer and XCP-ng hosts use self-signed certificates: trust it only if the fingerprint below matches the host's.
cert-untrusted-error = The certificate of { $host } is not trusted: { $error }
cert-changed = The certificate of { $host } has changed since you trusted it. The connection was refused. Trusted: { $old } Now presented: { $new }
cert-subject = Subject
cert-issuer = Issuer
cert-valid-from = Valid from
cert-valid-to = Valid until
cert-fingerprint = SHA-256 fingerprint
cert-compare = On the host, `openssl x509 -noout -fingerprint -sha256 -in /etc/xensource/xapi-ssl.pem` shows its fingerprint.
cert-trust = Trust and connect
status-not-encrypted = Not encrypted
status-not-encrypted-tip = This pool is reached over plain http: passwords and data travel in the clear.
status-idle = Not connected
tree-no-pool = No pool yet: File > Connect… ({ $connect }) or File > Open database dump… ({ $open }).
status-disconnected = Disconnected
conn-already = { $pool } is already shown: the same pool is not connected twice.
menu-disconnect = Disconnect
menu-reconnect = Reconnect
menu-remove-pool = Remove from the list
form-read-only-role = Read-only: { $user } has a read-only role on this pool. Changing it needs the Pool Operator role or higher (VM Operator or higher for a VM's xenstore data).
status-read-only-user = Read-only user
conn-keyring-failed = The password could not be saved in the system keyring: { $error }

# App shell
menu-find = Find
err-worker-vanished = The background work stopped without an answer. Try again.
notice-dismiss = Dismiss
tree-collapse = Collapse { $name }
tree-expand = Expand { $name }

# Acting on the right objects
tip-vm-start = Start the VM.
tip-vm-shutdown = Ask the guest OS to shut down cleanly (it needs the guest agent or ACPI).
tip-vm-force-shutdown = Turn the VM off at once, like pulling the plug: unsaved data in the guest is lost.
tip-vm-reboot = Ask the guest OS to restart cleanly.
tip-disconnect = Close the connection to this pool; it stays in the list to reconnect.
confirm-power = { $action } { $count ->
    [one] this VM?
   *[other] these { $count } VMs?
    }
confirm-disconnect = Disconnect from { $pool }? Its objects disappear until you reconnect.
confirm-more = … and { $count } more
confirm-dont-ask = Don't ask me again
power-action-running = { $action }…
power-actions-running = { $count } VM operations running…
power-done = { $action }: done
power-cancelled = { $action }: cancelled

# Connection errors users can act on
conn-err-refused = Nothing answers at { $host } (connection refused). Check the address and port, and that the host is up.
conn-err-unknown-host = { $host } is not a known host name. Check the spelling, or use its IP address.
conn-err-no-route = { $host } cannot be reached from this computer (no route to it).
conn-err-reset = { $host } closed the connection during the call.
conn-err-timeout = { $host } did not accept the connection in time.
conn-details = Details

# The Ctrl key as keyboards of this language label it
key-ctrl = Ctrl

# Help
menu-shortcuts = Keyboard shortcuts
key-click = click
keys-tree-move = Move the selection in the tree
keys-tree-fold = Fold or unfold a row (Left also goes to the parent)
keys-tree-enter = Open the selected row (unfold it, or a NIC's settings)
keys-multi = Add a row to the selection, or take it out
keys-escape = Close the topmost window; in the search box, clear it
about-commit = Commit: { $commit }
about-licence = Licence: { $licence }
about-built-with = Built with
status-objects-found = { $shown } of { $count } objects match

# Suspend and resume
menu-vm-suspend = Suspend
menu-vm-resume = Resume
tip-vm-suspend = Save the running VM's memory to storage and stop it; Resume continues where it was.
tip-vm-resume = Continue the suspended VM where it was.

## Details pane tabs
tab-general = General
tab-storage = Storage
tab-networking = Networking
tab-snapshots = Snapshots
tab-console = Console
tab-performance = Performance
tab-tasks = Tasks
tab-alerts = Alerts
tab-next = Next tab
tab-previous = Previous tab

## Tasks, alerts and the VM lifecycle
menu-events = Events
menu-alerts = Alerts
view-back-to-details = Back to details
status-tasks-running = Tasks running: { $count }
status-alerts = Alerts: { $count }
events-title = Events
events-count = { $count } tasks, { $running } running
events-none = No tasks in the pools shown.
events-none-object = No tasks for this object.
events-col-status = Status
events-col-task = Task
events-col-object = Object
events-col-progress = Progress
events-col-time = Started · elapsed
events-col-result = Result
events-col-actions = Actions
events-detail-task = Call
events-detail-error = Error from the server
events-detail-result = Result
events-detail-uuid = Task UUID
task-status-running = Running
task-status-success = Completed
task-status-failure = Failed
task-status-cancelling = Cancel requested
task-status-cancelled = Cancelled
task-status-unknown = Unknown
task-done = Done
task-cancel = Cancel
task-err-power-state = The VM is { $actual }; this needs it { $expected }.
task-err-not-allowed = Not allowed now: { $reason }
task-err-in-progress = Another operation is in progress ({ $op }).
task-err-memory = Not enough free memory on the server: { $needed } needed, { $free } free.
task-err-cancelled = Cancelled.
task-err-sr-full = The storage repository is full.
alerts-title = Alerts
alerts-count = { $shown } of { $count } shown
alerts-none = No alerts match.
alerts-none-object = No alerts for this object.
alerts-all-pools = All pools
alerts-selected-only = Selected object only
alerts-dismiss-all = Dismiss all shown ({ $count })
alert-dismiss = Dismiss
confirm-dismiss-alerts = Dismiss { $count } alerts? They are deleted on the server, for every user.
alerts-col-priority = Priority
alerts-col-object = Object
alerts-col-time = Time
alerts-col-title = Alert
alerts-col-text = Details
alerts-col-actions = Actions
alert-priority-critical = Critical
alert-priority-major = Major
alert-priority-warning = Warning
alert-priority-minor = Minor
alert-priority-info = Information
alert-since-any = Any time
alert-since-hour = Last hour
alert-since-day = Last 24 hours
alert-since-week = Last 7 days
col-position = Position
col-name = Name
col-size = Size
col-sr = Storage
col-mode = Mode
col-drive-type = Type
col-attached = Attached
col-used = Used
col-vms = Used by
col-sr-type = Type
col-shared = Shared
col-device = Device
col-mac = MAC
col-network = Network
col-mtu = MTU
col-ips = IP addresses
col-connected = Link
drive-empty = (empty)
mode-ro = Read-only
mode-rw = Read/write
tab-table-empty = None
menu-vm = VM
menu-vm-none = Select a VM for its actions.
menu-vm-new = New VM
menu-vm-new-dots = New VM…
menu-vm-force-reboot = Force reboot
menu-vm-pause = Pause
menu-vm-unpause = Unpause
menu-vm-start-on = Start on server
menu-vm-snapshot = Take snapshot
menu-vm-revert = Revert to snapshot
menu-vm-delete-snapshot = Delete snapshot
menu-vm-copy = Copy VM
menu-vm-migrate = Move to server
menu-vm-delete = Delete VM
tip-vm-force-reboot = Reset the VM at once, like pressing its reset button: unsaved data in the guest is lost.
tip-vm-pause = Stop the VM's vCPUs where they are; it keeps its memory and resources.
tip-vm-unpause = Let the paused VM's vCPUs run again.
tip-vm-snapshot = Keep the VM's disks (and, if you choose, its memory) as they are now, to revert to later.
tip-vm-revert = Return the VM to this snapshot: changes since then are lost.
tip-vm-copy = A new VM from this one: a fast clone, or a full copy to a storage repository.
why-not-a-guest = Templates, snapshots and control domains do not take this action.
why-busy = Another operation is in progress on this VM ({ $op }).
why-power-state = Not possible while the VM is { $state }.
why-not-allowed = The server does not allow this now.
dlg-name = Name
dlg-description = Description
dlg-err-name = Enter a name.
dlg-snapshot-default-name = { $name } snapshot
dlg-snapshot-of = A snapshot of { $name }.
dlg-snapshot-disk = Disks only
dlg-snapshot-memory = Disks and memory (a checkpoint)
dlg-snapshot-memory-why = Only a running VM's memory can be kept.
dlg-copy-default-name = Copy of { $name }
dlg-copy-of = A new VM from { $name }.
dlg-copy-fast = Fast clone (same storage, copy-on-write where it can)
dlg-copy-full = Full copy to:
dlg-copy-sr = Storage
dlg-delete-question = Delete { $names }? This cannot be undone.
dlg-delete-disks = Delete these disks too:
dlg-delete-no-disks = The VM has no disks.
dlg-delete-warning = Disks left unticked stay in their storage repository.
dlg-revert-question = Revert { $vm } to { $names }? Changes made since the snapshot are lost.
dlg-delete-snapshot-question = Delete { $names } and its disks? The VM itself is not affected.
snap-pick-one = Pick a snapshot to revert to or delete it.
snap-none = This VM has no snapshots.
snap-now = Now
snap-taken = Taken
snap-kind = Kind
snap-kind-memory = Disks and memory
snap-kind-disk = Disks only
snap-disks = Disks
wiz-title = New VM
wiz-step-template = Template
wiz-step-name = Name
wiz-step-hardware = CPU and memory
wiz-step-boot = Boot and installation
wiz-step-storage = Storage
wiz-step-networking = Networking
wiz-step-finish = Finish
wiz-boot-bios = BIOS
wiz-boot-uefi = UEFI
wiz-boot-secure = UEFI Secure Boot
wiz-boot-unsupported = The template does not support this mode.
wiz-boot-fixed = The template has already booted; its boot mode is fixed.
wiz-boot-needs-uefi = The template has a vTPM, which needs UEFI.
wiz-boot-no-certs = The pool has no UEFI certificates: a Secure Boot VM will not start until they are installed.
wiz-vtpm = Add a virtual TPM (vTPM)
wiz-vtpm-short = vTPM
wiz-vtpm-needs-uefi = A vTPM needs UEFI or UEFI Secure Boot.
wiz-vtpm-template-has = The template already has a vTPM; the new VM gets a copy.
wiz-vtpm-from-template = The template gives the VM a vTPM when it first starts.
place-checking = checking…
place-current = the VM runs here
place-storage = cannot reach the storage { $sr }
place-network = not connected to the network { $network }
place-memory = not enough free memory ({ $needed } needed, { $free } free)
place-disabled = in maintenance mode
place-not-live = not responding
place-unknown = could not be checked
place-unanswered = could not be checked: { $error }
wiz-iso = Install from ISO
wiz-no-iso = (none)
wiz-vcpus = vCPUs
wiz-memory = Memory (MiB)
wiz-disk-size = Disk size (GiB)
wiz-sr = Storage repository
wiz-sr-free = { $name } ({ $free } free)
wiz-networks = Connect the VM to these networks:
wiz-start = Start the VM when it is created
wiz-back = < Back
wiz-next = Next >
wiz-finish = Create VM
wiz-err-template = Choose a template.
wiz-err-vcpus = Give the VM 1 to { $max } vCPUs.
wiz-err-memory-low = The template needs at least { $min } MiB.
wiz-err-memory-high = No server in the pool has more than { $max } MiB.
wiz-err-boot = This template does not offer that boot mode.
wiz-err-sr = Choose a storage repository for the disk.
wiz-err-disk-size = The disk needs at least 1 GiB.
wiz-err-disk-big = The storage repository has only { $free } free.
wiz-err-nics = A VM can have at most { $max } network interfaces here.
wiz-err-cd = The template’s drives take every CD position (0–3): remove one, or install without an ISO.
alerts-col-pool = Pool
alert-name-alarm = Performance alarm
alert-name-ha-host-failed = Server failed (HA)
alert-name-ha-pool-overcommitted = Pool overcommitted (HA)
alert-name-host-clock-skew-detected = Server clock skew
alert-name-license-expires-soon = License expires soon
alert-name-multipath-periodic-alert = Multipath paths down
alert-name-pbd-plug-failed-on-server-start = Storage not attached at start
alert-name-host-server-certificate-expiring = Server certificate expiring
alert-name-vm-started = VM started
alert-name-vm-shutdown = VM shut down
alert-name-vm-crashed = VM crashed
alert-name-vm-rebooted = VM rebooted
alert-name-vm-suspended = VM suspended
alert-name-vm-resumed = VM resumed
alert-name-vm-paused = VM paused
alert-name-vm-unpaused = VM unpaused
alert-name-vm-snapshotted = VM snapshot taken
alert-name-vm-snapshot-reverted = VM reverted to snapshot
alert-name-vm-checkpointed = VM checkpoint taken
alert-name-vm-cloned = VM cloned
alert-name-vm-migrated = VM moved

## Console (issue 13)
console-status = Connected to { $name } · { $size } · { $mode }
console-scan-codes = scan codes
console-keysyms = keysyms
console-connecting = Connecting to the console of { $name }…
console-reconnecting = Reconnecting… ({ $reason })
console-screen = Guest screen
console-trust = Trust this certificate and connect
console-retry = Retry
console-captured = The keyboard goes to the guest. Press Right Ctrl to release it.
console-click-to-type = Click the screen to type into the guest (Right Ctrl releases the keyboard).
console-ctrl-alt-del = Ctrl+Alt+Del
console-fit = Scale to fit
console-pop-out = Pop out
console-full-screen = Full screen
console-paste = Paste text as keystrokes…
console-screenshot = Save screenshot…
console-copy-image = Copy image
console-paste-title = Paste text as keystrokes
console-paste-help = Printable ASCII, Tab and Enter are typed as on a US keyboard, one key at a time.
console-paste-type = Type it
console-paste-skipped = { $count } characters cannot be typed and will be skipped.
console-cancel = Cancel
console-screenshot-title = Save screenshot
console-screenshot-path = PNG file:
console-save = Save
console-saved = Saved to { $path }
console-save-failed = Could not save the screenshot: { $reason }
console-in-window = The console of { $name } is open in its own window.
console-window-title = { $name } – Console – XenPilot
console-not-running = { $name } is not running: its console shows once it starts.
console-none = { $name } has no graphical console.
console-limit = Someone else is using this console, and the pool allows one viewer at a time. Connected: { $users }
console-limit-unknown = Someone else is using this console, and the pool allows one viewer at a time.
console-session-expired = The server no longer accepts this session (it expired or was logged out): log in to the pool again.
console-forbidden-vm = Your role may not open VM consoles: that needs the VM Operator role or higher.
console-forbidden-host = Your role may not open a server's console: that needs the Pool Admin role.
console-cert-untrusted = The certificate of { $host } is not trusted (SHA-256 { $fingerprint }). It is a server of this pool with a certificate of its own: trust it if this is the fingerprint your administrator gives for it.
console-cert-changed = The certificate of { $host } changed since it was trusted (was { $pinned }, now { $fingerprint }). The console was not opened.
console-redirect = The server sent the console elsewhere ({ $url }), outside this pool or to an unencrypted address: not followed.
console-unreachable = Cannot reach { $host } for the console: { $reason }
console-http = { $host } refused the console (HTTP { $status }).
console-bad-location = The console's address is not valid: { $location }
console-lost = The console connection was lost.
console-protocol = The console sent something unexpected: { $reason }
console-idle = The console was closed after { $minutes } min without input (the pool's idle timeout).

# Performance tab (graphs, overview, layout editor)
perf-range = Range:
perf-range-10m = Last 10 minutes
perf-range-2h = Last 2 hours
perf-range-week = Last week
perf-range-year = Last year
perf-edit = Edit graphs…
perf-edit-close = Close editor
perf-no-session = No live connection: graphs need a connected pool.
perf-waiting = Waiting for data…
perf-err-no-address = no address to reach it
perf-err-unauthorized = the host refused the session (log in again)
perf-no-data-yet = { $host }: no data yet (a VM that has just started has figures within a few seconds)
perf-err-host = { $host }: { $error }
perf-csv-saved = Saved { $path }
perf-csv-failed = Could not save { $path }: { $error }
perf-image-copied = Graph copied to the clipboard
perf-layout-saved = Graph layout saved to the pool
perf-layout-failed = Could not save the graph layout: { $error }
perf-graph-cpu = CPU
perf-graph-memory = Memory
perf-graph-network = Network
perf-graph-disk = Disk throughput
perf-graph-iops = Disk IOPS
perf-graph-latency = Disk latency
perf-graph-load = Load average
perf-graph-other = Other
perf-ds-cpu = CPU { $dev }
perf-ds-cpu-avg = Average CPU
perf-ds-memory-total = Total memory
perf-ds-memory-used = Used memory
perf-ds-memory-free = Free memory
perf-ds-memory-target = Memory target
perf-ds-loadavg = Load average
perf-ds-rx = { $dev } receive
perf-ds-tx = { $dev } send
perf-ds-read = { $dev } read
perf-ds-write = { $dev } write
perf-ds-iops-read = { $dev } read IOPS
perf-ds-iops-write = { $dev } write IOPS
perf-ds-latency = { $dev } latency
perf-export-csv = Export CSV…
perf-copy-image = Copy image
perf-csv-path = CSV file:
perf-csv-save = Save
perf-overview-title = Busiest hosts and VMs now (last 5 seconds)
perf-col-name = Name
perf-col-cpu = CPU
perf-col-memory = Memory (used / total)
perf-col-network = Network
perf-col-disk = Disk
perf-edit-graphs = Graphs
perf-edit-up = Move up
perf-edit-down = Move down
perf-edit-remove = Remove graph
perf-edit-add = Add graph
perf-edit-sources = Data sources of the chosen graph
perf-edit-mixed-units = Sources in another unit are drawn as a graph of their own.
perf-edit-save = Save to pool
perf-edit-defaults = Defaults
perf-kind-host = Host
perf-kind-vm = VM
perf-vm-not-running = This VM is not running: its host keeps no performance data for it.

# The action table and the command palette.
menu-palette = Command palette
tip-palette = Find any action for the selection, or any object by name, from the keyboard.
palette-hint = Type an action or a name…
palette-nothing = Nothing matches.
palette-more = { $count } more: type more of the name.
tip-vm-new = Create a VM from a template, step by step.
tip-vm-migrate = Move the running VM to another server of the pool, without stopping it.
tip-vm-delete = Delete the VM and, if you choose, its disks.
tip-xenstore = Edit the vm-data/ keys the guest reads from xenstore.
tip-vm-delete-snapshot = Delete the snapshot and its disks; the VM itself is not affected.
why-running = This client is still running an action on it.
why-role = Your role does not allow this: it needs the { $role } role or a stronger one.
role-read-only = Read Only
role-vm-operator = VM Operator
role-vm-admin = VM Admin
role-vm-power-admin = VM Power Admin
role-pool-operator = Pool Operator
role-pool-admin = Pool Admin
dlg-copy-sr-free = { $sr } ({ $free } free)
alarm-cpu = CPU usage { $value }, above the alarm level of { $level }
alarm-network = Network throughput { $value }, above the alarm level of { $level }
alarm-disk = Disk throughput { $value }, above the alarm level of { $level }
alarm-memory-free = Free memory { $value }, below the alarm level of { $level }
alarm-other = { $metric }: { $value } (alarm level { $level })

## Export and import
menu-vm-export = Export
tip-vm-export = Save the VM as an XVA file (a halted or suspended VM), checked while it downloads
menu-import = Import
tip-import = Bring in a VM from an XVA file
xfer-export-title = Export VM
xfer-import-title = Import VM
xfer-export-what = Export { $vms } as XVA
xfer-file = File:
xfer-folder = Folder:
xfer-compress = Compression:
xfer-compress-none = None
xfer-export-checked = Every chunk is checked against its checksum as it arrives; the file appears only when whole.
xfer-export-go = Export
xfer-import-go = Import
xfer-close = Close
xfer-cancel = Cancel
xfer-progress = { $done } at { $rate }/s
xfer-left = about { $secs } s left
xfer-exporting = Exporting { $vm } to { $path }
xfer-importing = Importing { $path }
xfer-exported = { $vm }: saved to { $path } ({ $size }, { $chunks } chunks checked)
xfer-export-failed = { $vm }: not exported: { $why }
xfer-import-failed = Not imported: { $why }
xfer-imported = Imported { $vm }
xfer-show = Show it
xfer-sr = Storage:
xfer-start-after = Start the VM after the import
xfer-no-file = No file there.
xfer-cancelled = cancelled; nothing was kept
xfer-damaged = the file is damaged ({ $why })
xfer-vanished = the transfer stopped without an answer
task-err-import-eof = The file ends before the export does: it was cut short (copy it again).
task-err-import-checksum = Part of the file does not match its checksum: the file is damaged (export it again).
task-err-import-chunked = The upload was sent in chunks, which xapi does not accept.
task-err-import-unexpected = Not an export xapi can read: { $expected } was expected, { $found } was found.
task-err-sr-no-disks = That storage holds ISO images, not disks: choose another.

## Servers and the pool: maintenance mode, reboot, coordinator, properties
menu-server = Server
menu-server-none = Select a server first.
menu-pool = Pool
menu-pool-none = No pool is loaded.
menu-host-enter-maintenance = Enter Maintenance Mode
tip-host-enter-maintenance = Move every VM off this server and disable it, so it can be patched or rebooted.
menu-host-exit-maintenance = Exit Maintenance Mode
tip-host-exit-maintenance = Enable this server again and offer to bring its VMs back.
menu-host-reboot = Reboot Server
tip-host-reboot = Restart the server; it is put in maintenance mode first.
menu-host-shutdown = Shut Down Server
tip-host-shutdown = Turn the server off; it is put in maintenance mode first.
menu-host-power-on = Power On Server
tip-host-power-on = Wake the server through its power-on setting (Wake-on-LAN, IPMI).
menu-host-restart-toolstack = Restart Toolstack
tip-host-restart-toolstack = Restart the management software (xapi) on this server; its VMs keep running.
menu-host-disable = Disable Server
tip-host-disable = Stop new VMs from starting on this server; the running ones stay.
menu-host-enable = Enable Server
tip-host-enable = Let VMs start on this server again.
menu-host-designate = Designate as New Coordinator
tip-host-designate = Make this server the pool's coordinator (the one clients connect to).
menu-host-eject = Remove Server from Pool
tip-host-eject = Take this server out of the pool: it is reset and reboots as a standalone server.
menu-host-properties = Server Properties
tip-host-properties = Name, description, tags, iSCSI name, multipathing, remote syslog, power-on.
menu-pool-rename = Rename pool
tip-pool-rename = Change the pool's name.
menu-pool-properties = Pool Properties
tip-pool-properties = Name, description, default storage, console timeout and session limit.
menu-pool-new-coordinator = Make New Pool Coordinator
tip-pool-new-coordinator = Move the coordinator role to another server of the pool.
confirm-host-action = { $action }: { $names }?
confirm-eject = Remove { $names } from { $pool }?
warn-restart-toolstack = Operations in progress on this server stop; if it is the coordinator, every client is disconnected for a moment.
warn-designate = The pool's connection moves to the new coordinator; operations in progress may fail.
warn-eject = The server's database is reset and it reboots as a standalone server. Everything on its local storage is erased, and its VMs stay behind in the pool without their local disks. This cannot be undone.
why-host-down = The server is not responding.
why-host-up = The server is already running.
why-host-busy = Another operation is in progress on this server.
why-host-coordinator = Not possible on the pool coordinator: make another server the coordinator first.
why-ha-on = Not possible while high availability is on.
why-host-has-vms = VMs still run on this server: move or shut them down first.
host-state-up = running
host-state-back = back
host-state-disabled = disabled
host-state-maintenance = maintenance mode
host-state-evacuating = moving VMs off…
host-state-rebooting = rebooting…
host-state-shutting-down = shutting down…
host-state-powering-on = powering on…
host-state-busy = busy…
host-state-unreachable = not responding
evac-local-storage = A disk is on storage only this server sees ({ $what }).
evac-local-cd = A CD from an ISO library only this server sees is inserted ({ $what }).
evac-network = It uses a network the other servers do not have ({ $what }).
evac-no-room = No other server has enough free memory for it.
evac-no-pv-drivers = It cannot move without its guest tools (PV drivers) installed.
evac-no-hosts = No other server of the pool can take VMs.
evac-not-ha-protected = High availability is on and this VM is not protected.
evac-busy = Another operation is in progress on it.
evac-device = A passthrough device or vGPU ties it to this server.
evac-other = The server refuses to move it: { $what }
evac-choice-migrate = Migrate to another server
evac-choice-suspend = Suspend
evac-choice-shutdown = Shut down
evac-choice-for = What to do with { $vm }
evac-intro = Every VM is moved off { $host }, which is then disabled: no VM starts on it until you exit maintenance mode.
evac-power-needs-maintenance = { $host } must be in maintenance mode before { $action }: its VMs are moved off and it is disabled first.
evac-power-disabled = { $host } is disabled. { $action } now? VMs still on it are shut down by the server as it goes down.
evac-coordinator = This server is the pool coordinator: while it is down, the pool cannot be managed unless another server becomes the coordinator.
evac-checking = Checking which VMs can move…
evac-check-failed = Could not check the VMs: { $error }
evac-unsolved = { $count ->
    [one] One VM has no way off this server.
   *[other] { $count } VMs have no way off this server.
    }
evac-hide = Hide (it goes on)
evac-step = Step { $n } of { $of }: { $what }
evac-done = Done.
evac-failed = Stopped at “{ $what }”: { $error }
evac-failed-vm = The VM that could not move: { $vm }
evac-moved = { $count ->
    [one] Moved off: { $names }
   *[other] Moved off ({ $count }): { $names }
    }
evac-stays-disabled = The server stays disabled (in maintenance mode). Try again, or exit maintenance mode to enable it.
evac-still-enabled = Nothing was disabled: the server still takes VMs.
evac-no-vms = No VMs run on this server.
evac-col-vm = VM
evac-col-status = Can it move?
evac-col-action = What to do
evac-can-move = Yes
evac-server-stops-it = Stopped with the server
evac-no-choice = No action is possible now
evac-vm-busy = { $op }…
evac-vm-halted = shut down
evac-vm-suspended = suspended
evac-vm-here = still here
evac-vm-moved = moved to { $host }
step-suspend = Suspending { $vm }
step-vm-shutdown = Shutting down { $vm }
step-move-back = Moving { $vm } back
step-start-on = Starting { $vm } on this server
step-resume-on = Resuming { $vm } on this server
step-save-keys = Saving the maintenance state
step-clear-keys = Clearing the maintenance state
step-disable = Disabling the server
step-enable = Enabling the server
step-evacuate = Moving the VMs off the server
step-reboot = Rebooting the server
step-shutdown = Shutting down the server
exit-intro = { $host } is enabled again: VMs can start on it.
exit-nothing-to-move = No VMs to bring back.
exit-move-back = { $count ->
    [one] Bring back the VM maintenance mode moved off { $host }
   *[other] Bring back the { $count } VMs maintenance mode moved off { $host }
    }
exit-migrate-back = migrate back
exit-start-back = start here
exit-resume-back = resume here
host-op-done = Done.
coordinator-intro = Pick the server that becomes the pool's coordinator.
coordinator-none = No other server of the pool is up.
props-iqn = iSCSI IQN
props-syslog = Remote syslog server
props-multipathing = Multipathing
props-multipath-maintenance = Multipathing can be changed only in maintenance mode.
props-power-on = Power on
props-power-ip = IPMI address
props-power-user = IPMI user
props-power-off = Disabled
props-power-wol = Wake-on-LAN
props-default-sr = Default storage
props-none = (none)
props-idle-timeout = Console idle timeout (seconds, 0 = never)
props-limit-sessions = One console connection per VM
props-conflict = Changed on the server meanwhile: { $fields }. Reload to see it.
props-err-name = Enter a name.
props-err-iqn = The iSCSI IQN cannot be empty.
props-err-iqn-space = The iSCSI IQN cannot contain spaces.
props-err-syslog = The syslog server cannot contain spaces.
props-err-power-ip = Enter the IPMI address.
props-err-timeout = Enter a whole number of seconds (0 or more).
prop-host-state = State
prop-maintenance = Maintenance mode
prop-host-role = Role in the pool
host-role-coordinator = Coordinator
host-role-member = Member
prop-cpu-model = CPU
prop-cpu-count = CPUs
prop-memory-free = Free memory
prop-version = Version
prop-xapi-version = Toolstack (xapi) version
prop-uptime = Server uptime
prop-toolstack-uptime = Toolstack uptime
prop-updates-reboot = Updates waiting for a reboot
prop-updates-applied = Updates applied
prop-last-software-update = Last software update
list-memory-by-vm = Memory by VM
dur-days-hours = { $d } d { $h } h
dur-hours-minutes = { $h } h { $m } min
dur-minutes = { $m } min
task-err-host-not-disabled = The server must be disabled first (maintenance mode).
task-err-host-offline = The server is not responding.
task-err-host-until-reboot = The server stays disabled until it reboots.
task-err-cannot-evacuate = The server cannot be emptied: { $reason }
task-err-vm-requires-sr = A VM has a disk on storage only this server sees.
evac-moved-none = Nothing was moved.
evac-new-coordinator = Then make coordinator:
evac-keep-coordinator = (keep this one)
evac-vm-moving = moving…
props-other-config = Other configuration
props-key-n = Key { $n }
props-value-n = Value { $n }
props-remove-key = Remove
props-add-key = Add key
props-err-key-empty = A key cannot be empty.
props-err-key-managed = That key is kept by the server or by maintenance mode; it cannot be set here.
props-err-key-dup = Each key can appear only once.

## The VM Properties dialog.
menu-vm-properties = Properties
tip-vm-properties = Change the VM's name, vCPUs, memory, boot order, home server, start-up and high-availability settings.
vmp-title = Properties of { $name }
vmp-title-many = Properties of { $count } VMs
vmp-multi-note = Changes here apply to every VM picked; each keeps its other settings.
vmp-page-general = General
vmp-page-cpu = CPU
vmp-page-memory = Memory
vmp-page-boot = Boot options
vmp-page-home = Home server
vmp-page-startup = Start-up options
vmp-page-ha = High availability
vmp-page-advanced = Advanced
vmp-name = Name
vmp-description = Description
vmp-tags = Tags
vmp-tag-new = New tag
vmp-tag-add = Add tag
vmp-tag-remove = Remove tag { $tag }
vmp-folder-note = Folders are set with Move to folder… in the VM's context menu; custom fields have their own page.
vmp-remove = Remove
vmp-vcpus-max = Maximum vCPUs
vmp-vcpus-startup = vCPUs at start-up
vmp-topology = Topology
vmp-topology-item = { $sockets } × { $cores } (sockets × cores per socket)
vmp-topology-invalid = { $cores } cores per socket (not valid)
vmp-vcpus-now = vCPUs now: { $count }
vmp-live-vcpus = vCPUs can be added while the VM runs.
vmp-needs-halt = needs shutdown
vmp-needs-halt-tip = A running VM cannot take this change: applying it shuts the VM down, applies the changes and starts it again.
vmp-mem-fixed = One fixed memory size
vmp-mem-size = Memory (MiB)
vmp-mem-static-min = Static minimum (MiB)
vmp-mem-dynamic-min = Dynamic minimum (MiB)
vmp-mem-dynamic-max = Dynamic maximum (MiB)
vmp-mem-static-max = Static maximum (MiB)
vmp-mem-rule = static minimum ≤ dynamic minimum ≤ dynamic maximum ≤ static maximum
vmp-mem-fits = Where it fits (its dynamic maximum against each server's free memory)
vmp-mem-host-fits = { $host }: { $free } MiB free, fits
vmp-mem-host-short = { $host }: { $free } MiB free, does not fit
vmp-boot-order = Boot order
vmp-boot-disk = Hard disk
vmp-boot-dvd = DVD drive
vmp-boot-network = Network
vmp-boot-up = Move up
vmp-boot-down = Move down
vmp-boot-pv = This VM boots from its bootloader ({ $loader }): it has no boot order.
vmp-firmware = Firmware: { $firmware }
vmp-firmware-bios = BIOS
vmp-firmware-uefi = UEFI
vmp-firmware-secure = UEFI with Secure Boot
vmp-firmware-note = The firmware is chosen when the VM is made.
vmp-home-none = No home server: start on any server with room
vmp-home-note = The VM starts on its home server whenever that server has room.
vmp-autostart = Start this VM when its server starts
vmp-autostart-pool-off = Auto power-on is off for this pool: its servers start no VMs by themselves.
vmp-order = Start order
vmp-delay = Delay before the next VM (seconds)
vmp-ha-off = High availability is off in this pool.
vmp-ha-priority = Restart priority
vmp-ha-restart = Restart
vmp-ha-best-effort = Restart if possible
vmp-ha-none = Do not restart
vmp-ha-order-note = Start order and delay are on the Start-up options page.
vmp-adv-warning = Wrong platform keys can stop the VM from starting: change them only when you know what they do.
vmp-adv-platform = Platform (platform)
vmp-adv-other = Other settings (other_config)
vmp-adv-key = Key
vmp-adv-value = Value
vmp-adv-add = Add key
vmp-adv-xenstore = Edit xenstore data…
vmp-err-name = The name cannot be empty.
vmp-err-vcpus = vCPUs at start-up must be at least 1 and at most the maximum.
vmp-err-cores = { $cores } cores per socket does not divide { $vcpus } vCPUs: the VM would not start.
vmp-err-sockets = { $sockets } sockets is more than Xen allows (16).
vmp-err-memory-order = The memory must satisfy static minimum ≤ dynamic minimum ≤ dynamic maximum ≤ static maximum.
vmp-err-memory-pinned = With nested virtualization the memory must be one fixed size.
vmp-err-order = The start order cannot be negative.
vmp-err-delay = The delay cannot be negative.
vmp-err-ha = This restart priority is not one xapi knows.
vmp-restart-plan = A running VM cannot take these changes: { $fields }. Applying shuts it down, applies them and starts it again.
vmp-blocked = These changes need the VM shut down: { $fields }. Resume it and shut it down first.
vmp-apply-restart = Shut down, apply and start
vmp-conflict = Someone else changed { $fields } since this dialog opened. Nothing was sent: Reload to see their values.
vmp-steps = Steps
vmp-done = All changes applied.
vmp-step-failed = Stopped at this step: { $error }
vmp-started-again = The VM was started again, with the changes made before this step.

## Storage: disks (issue 24)
menu-disk-new = New disk
tip-disk-new = Create a virtual disk on a storage repository and attach it to this VM (plugged at once if it runs).
menu-disk-attach = Attach disk
tip-disk-attach = Attach a disk that already exists to this VM.
menu-disk-detach = Detach disk
tip-disk-detach = Remove the disk from this VM; the disk and its data stay on the repository.
menu-disk-delete = Delete disk
tip-disk-delete = Destroy the disk and all its data; it is detached from every VM first.
menu-disk-resize = Resize disk
tip-disk-resize = Make the disk bigger (disks only grow; the VM using it must be shut down).
menu-disk-properties = Disk properties
tip-disk-properties = Change the disk's name and description, and its drive's mode and position in the VM.
confirm-disk-detach = Detach { $names } from { $vm }? The disk stays on its repository.
confirm-disk-delete = Delete the disk { $names }? { $vm ->
    [none] No VM uses it.
   *[other] It is used by { $vm }.
    }
confirm-disk-delete-warning = Everything on the disk is lost; this cannot be undone.
why-disk-in-use = In use by { $names }, which runs: shut it down first.
why-disk-not-supported = This repository's storage driver cannot do that (a physical device, an ISO library or the tools).
dlg-disk-default-name = { $vm } disk { $n }
dlg-disk-new-for = A new disk for { $vm }
dlg-disk-size = Size (GiB)
dlg-disk-sr = Repository
dlg-disk-attach-to = A disk to attach to { $vm }
dlg-disk-attach-none = No disk is free to attach: every disk is in use by a running VM or already this VM's.
dlg-disk-read-only = Attach read-only
dlg-disk-resize-of = { $disk } is { $size } now.
dlg-disk-resize-note = A disk can only grow; the guest's file system must then be extended inside the VM.
dlg-disk-err-sr = Pick a repository.
dlg-disk-err-size = Type a size in GiB, such as 20 or 12.5.
dlg-disk-err-space = The repository has not that much free space.
dlg-disk-err-pick = Pick a disk.
dlg-disk-err-grow = Type a size bigger than the disk's now: disks do not shrink.
dlg-disk-err-unchanged = Nothing has changed.

## Storage errors: the storage manager's codes (SR_BACKEND_FAILURE_<n>) and xapi's refusals
sm-err-detail = { $advice } (The storage driver said: { $detail })
sm-err-other = The storage driver failed with code { $code }: { $reason }
sm-err-44 = The repository has no room left: free space on it (delete or move disks, or remove old snapshots), then try again.
sm-err-46 = The disk cannot be reached: check that its repository is attached on the VM's server.
sm-err-47 = The repository cannot be reached: repair it (plug it on every server) and check its storage is online.
sm-err-68 = The iSCSI login failed: check the initiator's access on the storage array and, with CHAP, the user and secret.
sm-err-72 = The NFS server does not offer the NFS version asked for: pick another version, or enable it on the server.
sm-err-73 = The NFS server refused the mount: check the export's allowed hosts (every server of the pool) and its path.
sm-err-79 = That disk size is not valid: disks only grow, so type a size bigger than now.
sm-err-83 = iSCSI discovery failed: check the target's address and port, and that the array answers from this server.
sm-err-88 = The NFS repository could not be created: check that the export is writable by root from the pool's servers.
sm-err-106 = The IQN is not valid: it reads like iqn.2001-04.com.example:storage.
sm-err-107 = The LUN's SCSI ID is missing or wrong: probe the target again and pick the LUN from the list.
sm-err-108 = No NFS service answers on that server: check its name, that NFS runs there, and the firewall between.
sm-err-109 = The disk's snapshot chain is too long: delete some of its snapshots, then try again.
sm-err-111 = The SMB server refused the mount: check the share's path, the user name and password, and the share's permissions.
sm-err-140 = The server's name cannot be resolved: check its spelling and the pool's DNS settings, or use its IP address.
sm-err-141 = No iSCSI service answers on the target: check its address, port (usually 3260) and the network between.
sm-err-142 = The iSCSI port must be a number from 1 to 65535 (usually 3260).
sm-err-222 = The ISO library's directory could not be mounted: check the share's path and its permissions.
sm-err-224 = The ISO share was not found, or access to it is denied: check its name and permissions.
sm-err-225 = The ISO library's location is malformed: write server:/path for NFS, or \\server\share for SMB.
err-vdi-in-use = The disk is in use by a running VM: shut the VM down (or detach the disk) first.
err-sr-not-supported = The repository's storage driver cannot do that (a physical device, an ISO library or the tools).
err-sr-no-pbds = The repository is not attached to any server: repair it first.
err-sr-has-pbd = The repository is still attached to a server: detach it first.
err-sr-not-empty = The repository still holds disks: delete them first.
err-device-attached = The drive is already plugged in.
err-device-detached = The drive is already unplugged.
err-vbd-not-unpluggable = This drive cannot be unplugged while the VM runs: shut the VM down first.
err-vdi-readonly = The disk is read-only: attach it read-only.
err-missing-pv-drivers = The VM has no guest tools, so disks cannot be plugged into it while it runs: install the tools or shut it down.

## Storage: repositories (issue 24)
menu-sr-rescan = Rescan
tip-sr-rescan = Look for disks added to or removed from the repository outside this pool, and update its usage.
menu-sr-repair = Repair
tip-sr-repair = Attach the repository again on each server that lost it; each server says how it went.
menu-sr-detach = Detach repository
tip-sr-detach = Unplug the repository from every server and drop its connections; its disks stay on the storage.
menu-sr-forget = Forget repository
tip-sr-forget = Remove the detached repository and its disks from the pool's records; the data stays on the storage.
menu-sr-destroy = Destroy repository
tip-sr-destroy = Erase the detached, empty repository from its storage and from the pool.
menu-sr-default = Set as default
tip-sr-default = Make this the pool's default repository: for new disks, suspended VMs and crash dumps.
menu-sr-properties = Repository properties
tip-sr-properties = Change the repository's name, description and tags.
confirm-sr-detach = Detach { $names } from every server? VMs cannot use its disks until it is repaired or reattached.
confirm-sr-forget = Forget { $names }? { $vm ->
    [none] It holds no disks.
   *[other] The pool forgets its disks: { $vm }.
    }
confirm-sr-forget-warning = The data stays on the storage, but VMs lose these disks until the repository is attached again.
confirm-sr-destroy = Destroy { $names }?
confirm-sr-destroy-warning = Everything on the repository's storage is erased; this cannot be undone.
why-sr-not-attached = Not attached to any server: repair it first.
why-sr-attached = Still attached to a server: detach it first.
why-sr-nothing-to-repair = Attached on every server: nothing to repair.
why-sr-not-empty = { $count ->
    [one] It holds a disk: delete it first.
   *[other] It holds { $count } disks: delete them first.
    }
why-sr-default = Already the pool's default.
why-sr-not-for-disks = Not a repository for VM disks (an ISO library, a physical device or the tools).

## Storage: the New Storage wizard (issue 24)
menu-sr-new = New storage
tip-sr-new = Add a storage repository to the pool: a new one on an NFS export, or one already there.
sr-new-default-name = NFS storage
sr-new-nfs-intro = An NFS export shared by every server of the pool. Type the server and scan it for its exports, or type the path.
sr-new-server = Server
sr-new-scan = Scan for exports
sr-new-path = Path
sr-new-version = NFS version
sr-new-version-3 = NFSv3 (the default)
sr-new-exports = Exports on the server (click one to use it)
sr-new-export = { $path } (allowed: { $access })
sr-new-no-exports = The server lists no exports.
sr-new-none-found = No repository exists at { $at } yet: a new one will be created there.
sr-new-found = Repositories already at { $at }: attach one to keep its disks, or create a new one beside it.
sr-new-in-pool = { $uuid }: already in this pool as { $name }
sr-new-attach = Attach { $uuid } (its disks are kept)
sr-new-create = Create a new repository
sr-new-finish = Finish
sr-new-err-server = Type the NFS server's name or address.
sr-new-err-path = Type the export's path, starting with /.
menu-disk-add = Add disk
tip-disk-add = Create a virtual disk on this repository, attached to no VM.
dlg-disk-sr-default-name = Disk { $n }
vmp-boot-mode = Boot mode
vmp-boot-fixed = The VM has started before: its boot mode is fixed.
vmp-boot-needs-uefi = The VM has a vTPM, which needs UEFI.
vmp-boot-unsupported = The VM's operating system does not support this mode.

## Networks: New Network wizard, network Properties and Delete, management interfaces, Networking tabs
menu-net-new = New network
tip-net-new = Create a network for the pool: on a VLAN, private to one server, or on a bond of NICs.
menu-net-properties = Network properties
tip-net-properties = Change the network's name, description, MTU, tags, whether new VMs get it, and a bond's mode.
menu-net-delete = Delete network
tip-net-delete = Remove the network, with its VLANs or bonds, from every server.
menu-net-management = Management interfaces
tip-net-management = Change the server's management NIC or its address, or a storage interface's address.
confirm-net-delete = Delete { $names }?
confirm-net-delete-warning = Its VLANs or bonds are removed from every server; bonded NICs go back to being separate.
why-net-in-use = VMs have NICs on it: { $names }. Remove those NICs first.
why-net-management = A server's management or storage interface uses it.
why-net-physical = It is a physical NIC's own network: it goes only when the NIC does.
net-bond-slb = Active-active (balance-slb)
net-bond-active-backup = Active-backup
net-bond-lacp-ports = LACP, hashing on TCP/UDP ports
net-bond-lacp-mac = LACP, hashing on source MAC
net-err-mtu = The MTU must be a whole number from 68 to 65535.
net-err-nic = Choose the NIC the VLAN runs on.
net-err-vlan = The VLAN tag must be a whole number from 0 to 4094.
net-err-vlan-used = VLAN { $tag } already runs on this NIC: choose another tag.
net-err-bond-count = A bond takes 2 to 4 NICs.
net-err-bond-missing = { $host } lacks one of these NICs, or has it in a bond already.
mgmt-err-ip = The IP address is not a valid IPv4 address.
mgmt-err-netmask = The netmask is not a valid IPv4 netmask.
mgmt-err-gateway = The gateway is not a valid IPv4 address.
mgmt-err-dns = Each DNS server must be a valid IPv4 address (separate them with commas).
net-new-finish = Create network
net-new-kind-intro = What kind of network?
net-kind-external = External network (VLAN)
net-kind-external-tip = Tagged traffic on a NIC, on every server of the pool.
net-kind-private = Single-server private network
net-kind-private-tip = On no NIC: VMs on the same server talk only to each other.
net-kind-bonded = Bonded network
net-kind-bonded-tip = 2 to 4 NICs acting as one, on every server of the pool.
net-kind-cross-server = Cross-server private network
net-kind-cross-server-why = Not offered: it needs network tunnels run by an SDN (vSwitch) controller, which this pool does not have.
net-new-default-name = New network
net-new-nic = NIC
net-new-vlan = VLAN tag
net-new-vlans-used = Tags already on this NIC: { $tags }
net-new-members = NICs
net-new-mode = Bond mode
net-mtu = MTU
net-auto-add = Add this network to new VMs
net-new-bond-all-hosts = Every server bonds its NICs of the same names; the coordinator's bond is made last.
net-mtu-unusual = Unusual MTU: every switch on the way must carry frames this big.
net-mtu-replug = The new MTU applies when the network's NICs are next plugged.
mgmt-risk-moves = You are connected to { $host } at { $from }. After this change it answers at { $to }: the connection drops, and XenPilot logs in again at { $to }.
mgmt-risk-dhcp = You are connected to { $host } at { $from }. With DHCP its next address is not known in advance: the connection may drop, and XenPilot then looks for the server through the pool's other servers.
mgmt-risk-member = This client's connection stays. If { $host } cannot reach the coordinator from its new address, it drops out of the pool until it can.
mgmt-interface = Interface
mgmt-management = Management
mgmt-storage = Storage on { $nic }
mgmt-nic = NIC
mgmt-dhcp = DHCP
mgmt-static = Static address
mgmt-ip = IP address
mgmt-netmask = Netmask
mgmt-gateway = Gateway
mgmt-dns = DNS servers
mgmt-followed = Done: XenPilot is connected at { $to } now.
mgmt-following = Done: XenPilot is reconnecting at { $to }…
mgmt-following-dhcp = Done: if the connection drops, XenPilot looks for the server through the pool.
step-pif-ip = Setting the interface's address
step-mgmt-move = Moving the management interface
step-bond-mode = Changing the bond's mode
net-in-bond = in { $bond }
net-role-management = Management
net-role-storage = Storage { $purpose }
net-speed = { $mbits } Mbit/s
net-speed-gbit = { $gbits } Gbit/s
net-ip-dhcp = { $ip } (DHCP)
net-private = None (private)
net-on-hosts = { $count ->
    [one] { $nic } on 1 server
   *[other] { $nic } on { $count } servers
    }
col-vlan = VLAN
col-bond = Bond
col-role = Use
col-ip = IP address
col-speed = Speed
col-nic = NIC
col-auto = New VMs
## Certificates, vTPM in VM Properties, the coordinator handover, the IPMI password as a secret
prop-cert-host = Server certificate
prop-cert-internal = Internal certificate
prop-cert-other = Certificate
cert-unknown = validity unknown
cert-valid-until = valid until { $date }
cert-expires-soon = expires on { $date }: { $count ->
    [one] 1 day left
   *[other] { $count } days left
    }
cert-expired = expired on { $date }
vmp-vtpm = Virtual TPM (vTPM)
vmp-vtpm-restricted = The pool's licence does not allow vTPMs.
vmp-vtpm-needs-uefi = A vTPM needs the UEFI boot mode.
vmp-vtpm-remove-warn = Removing the vTPM destroys its contents (keys, BitLocker secrets) for good.
vmp-err-vtpm-uefi = A VM with a vTPM must boot UEFI: xapi refuses to start it with BIOS.
evac-handover-note = { $host } becomes the coordinator first; XenPilot reconnects to it, then { $action } runs.
evac-handover-waiting = Waiting to reach the new coordinator { $host }…
step-designate = Making another server the coordinator
props-power-password = IPMI password
props-power-password-kept = Leave empty to keep the current password
props-power-password-none = No password set
task-err-ha-break-plan = HA's failover plan would break: the pool could no longer restart its protected VMs after the server failures it must tolerate.
task-err-ha-no-plan = HA has no failover plan for this: suspend or shut down the VMs HA does not protect first.
evac-ha-coordinator = HA is on: { $host }, the pool coordinator, cannot enter maintenance mode. Make another server the coordinator first.
evac-ha-lower = HA tolerates { $now } server failures; with { $host } in maintenance mode the pool can tolerate only { $to }. Failures to tolerate are lowered to { $to } first.
vmp-ha-checking = Asking the pool how many server failures it could tolerate…
vmp-ha-max = With this change the pool can tolerate { $max } server failures (it is set to tolerate { $ntol }).
vmp-ha-overcommit = The pool would be overcommitted: it could not restart every protected VM after { $ntol } server failures. xapi refuses to protect a running VM that breaks the plan.
# New Storage wizard: iSCSI and SMB
sr-new-kind = Type
sr-new-default-name-iscsi = iSCSI storage
sr-new-default-name-smb = SMB storage
sr-new-iscsi-intro = A LUN of an iSCSI target, shared by every server of the pool. Type the target, discover its IQNs, pick one, then discover its LUNs and pick one.
sr-new-target = Target
sr-new-port = Port
sr-new-chap = Use CHAP authentication
sr-new-chap-user = CHAP user
sr-new-chap-secret = CHAP secret
sr-new-discover-iqns = Discover IQNs
sr-new-discover-luns = Discover LUNs
sr-new-iqns = IQNs on the target (click one to use it)
sr-new-iqn-item = { $iqn } ({ $address })
sr-new-luns = LUNs of the IQN (click one to use it)
sr-new-lun-item = LUN { $lun }: { $size }, { $vendor }, SCSI ID { $scsi }
sr-new-no-iqns = The target lists no IQNs.
sr-new-no-luns = The IQN has no LUNs.
sr-new-smb-intro = An SMB (CIFS) share for disks, shared by every server of the pool. Type the share as \\server\share and the account that may write to it.
sr-new-share = Share
sr-new-smb-user = User name
sr-new-smb-password = Password
sr-new-format = Format the LUN as a new repository
sr-new-format-warning = Formatting erases the repository { $uuid } on this LUN and every disk in it, for good.
sr-new-format-confirm = Erase it and its disks
sr-new-found-lun = The LUN { $at } carries a repository: reattach it to keep its disks, or format the LUN.
sr-new-none-found-lun = The LUN { $at } is empty: it will be formatted as a new repository.
sr-new-err-target = Type the iSCSI target’s name or address.
sr-new-err-port = The port must be a number from 1 to 65535.
sr-new-err-chap = Type the CHAP user and secret, or untick CHAP.
sr-new-err-iqn = Discover the target’s IQNs and pick one.
sr-new-err-lun = Discover the IQN’s LUNs and pick one.
sr-new-err-share = Type the share as \\server\share.
sr-new-err-format = Tick that the LUN’s repository may be erased, or reattach it.

# Move disk
menu-disk-move = Move disk
tip-disk-move = Move the disk to another repository (a running VM keeps running).
dlg-disk-move-of = Move { $disk } to:
dlg-disk-move-none = No other repository can hold disks.
dlg-disk-move-live = A running VM uses the disk: it is mirrored to the new repository while the VM keeps running.
dlg-disk-move-copy = The disk is copied to the new repository, its drives are switched to the copy, then the original is deleted.
## Disk images: import as a disk or a VM, export a disk (raw or VHD)
menu-disk-export = Export disk
tip-disk-export = Save the disk's contents as a VHD or raw file.
xfer-disk-export-title = Export disk
xfer-disk-export-what = Export the disk { $disk } ({ $size })
xfer-disk-exporting = Exporting to { $path }
xfer-disk-exported = Saved to { $path } ({ $size }).
xfer-disk-export-failed = Not exported: { $why }
xfer-disk-format = Format:
xfer-disk-format-vhd = VHD (only the parts that hold data)
xfer-disk-format-raw = Raw (every byte)
xfer-image-reading = Reading the image…
xfer-image-bad = This image cannot be imported: { $why }
xfer-image-kind = A disk image: { $format }, { $size }
xfer-import-as = Import as:
xfer-import-as-disk = a new disk
xfer-import-as-vm = a new VM
xfer-vm-name = Name:
xfer-template = Template:
xfer-network = Network:
xfer-no-network = No network
xfer-imported-disk = Imported as the disk { $disk }
xfer-ovf-reading = Checking the package…
xfer-ovf-refused = This package cannot be imported as it is:
xfer-ovf-bios = BIOS
xfer-ovf-uefi = UEFI
xfer-ovf-uefi-secure = UEFI Secure Boot
xfer-ovf-holds = A VM with { $vcpus } vCPUs, { $memory } of memory, { $firmware }; disks: { $disks }
xfer-ovf-nic = NIC { $nic } ({ $network }):
## Organising: tags, folders, custom fields
menu-tags-view = Tags
menu-folders-view = Folders
kind-tag = Tag
kind-folder = Folder
menu-edit-tags = Edit tags
tip-edit-tags = Add tags to the selected objects or remove them
menu-move-to-folder = Move to folder
tip-move-to-folder = Put the selected objects in a folder
menu-custom-fields = Custom fields
tip-custom-fields = Edit this object's custom fields, or define a new field for its pool
menu-new-folder = New folder
tip-new-folder = Make an empty folder here
menu-rename-folder = Rename folder
tip-rename-folder = Rename this folder in every connected pool
menu-delete-folder = Delete folder
tip-delete-folder = Delete this folder; what it holds moves up a level
menu-rename-tag = Rename tag
tip-rename-tag = Rename this tag on every object of every connected pool
org-bad-tag = A tag cannot be empty or hold control characters.
org-bad-field = That field exists already, or its name holds control characters.
org-bad-date = Write dates as yyyy-MM-dd or yyyy-MM-dd HH:mm:ssZ.
org-bad-folder = The folder name is empty.
org-tags-of = { $count ->
    [one] Tags of the selected object:
   *[other] Tags of the { $count } selected objects (a dash: on some of them):
    }
org-new-tag = New tag
org-move-count = { $count ->
    [one] Move 1 object to the folder:
   *[other] Move { $count } objects to the folder:
    }
org-folder-path = Folder (empty: none)
org-known-folders = Folders in use:
org-new-field = New field
org-field-text = Text
org-field-date = Date and time
org-folder-in = In { $folder }
org-folder-name = Folder name
org-delete-folder-question = Delete { $folder }? Everything in it moves to { $parent }; nothing is deleted.
org-tag-name = New name
# Search across pools: the query language's errors, the Search window, saved searches.
search-error-quote = Column { $at }: this quote is never closed.
search-error-paren-open = Column { $at }: this parenthesis is never closed.
search-error-paren-close = Column { $at }: a closing parenthesis without an opening one.
search-error-field = Column { $at }: “{ $word }” is not a field (fields: name, desc, uuid, ip, power, tag, host, pool, mem, cpu, type, os, folder, cf). Put the text in quotes to search for it.
search-error-value = Column { $at }: “{ $field }” needs a value after it.
search-error-operator = Column { $at }: “{ $field }” cannot be compared with “{ $op }” (use : or =).
search-error-number = Column { $at }: “{ $value }” is not a number (memory: 512M, 8G, 1.5T).
search-error-power = Column { $at }: “{ $value }” is not a power state (running, halted, suspended, paused).
search-error-type = Column { $at }: “{ $value }” is not a type (pool, host, vm, template, snapshot, sr, network).
search-error-dangling = Column { $at }: “{ $word }” has nothing to apply to.
menu-search-results = Search all pools
menu-save-search = Save search
menu-search-export-csv = Export results as CSV
menu-search-export-json = Export results as JSON
search-title = Search
search-window-hint = e.g. tag:prod power:running mem>8G -host:xcp-02
search-found = { $count ->
    [one] One object found across all connected pools.
   *[other] { $count } objects found across all connected pools.
    }
search-columns = Columns
search-col-name = Name
search-col-type = Type
search-col-pool = Pool
search-col-host = Server
search-col-power = Power state
search-col-cpus = vCPUs
search-col-memory = Memory
search-col-ip = IP address
search-col-tags = Tags
search-kind-pool = Pool
search-kind-host = Server
search-kind-vm = VM
search-kind-template = Template
search-kind-snapshot = Snapshot
search-kind-sr = Storage
search-kind-network = Network
search-export-csv-path = CSV file:
search-export-json-path = JSON file:
search-export-save = Write
search-export-done = Results written to { $path }.
search-export-failed = Could not write { $path }: { $error }
search-save-name = Name:
search-save-pool = Keep in pool
search-save-ok = Save
search-save-no-pool = No connected pool lets you save: saved searches are kept in a pool you may edit.
search-save-unsupported = “{ $term }” cannot be saved in XenCenter's form, which has no such filter.
search-saved = Saved searches ({ $count })
search-saved-none = No pool keeps a saved search.
search-saved-run = Run
search-saved-rename = Rename
search-saved-rename-ok = OK
search-saved-delete = Delete
search-saved-new-name = New name
search-saved-unsupported = XenPilot cannot run part of this search: { $part }.

## Disk Properties: the drive's mode and position (stordisk)
dlg-disk-is-read-only = This disk is read-only: its storage driver set it so, and VMs can use it only read-only.
dlg-drive-of = Drive on { $vm }
dlg-drive-mode = Mode
dlg-drive-rw = Read/write
dlg-drive-ro = Read-only
dlg-drive-position = Position
dlg-drive-mode-halted = Shut down the VM to change the mode.
dlg-drive-mode-disk-ro = The disk itself is read-only.
dlg-drive-position-plugged = Unplug the drive or shut down the VM to move it.

## Storage tab: which drives block migration (stordisk)
col-migration = Migration
migrate-free = Any server
migrate-travels = Moves with the VM
migrate-blocks = Blocks
migrate-no-server = no server
migrate-notes-title = Moving this VM to another server:
migrate-note-mirrored = { $position } · { $disk }: { $sr } is reachable only from { $hosts }; on another server the disk is mirrored to that server's storage with the VM (storage motion).
migrate-note-copied = { $position } · { $disk }: { $sr } is reachable only from { $hosts }; the drive is read-only, so on another server the disk is copied with the VM, not mirrored.
migrate-note-local-cd = { $position } · { $disk }: a CD from { $sr }, reachable only from { $hosts }; eject it before moving the VM.
migrate-note-no-mirror = { $position } · { $disk }: { $sr } cannot mirror disks and is reachable only from { $hosts }; the VM can move only to those servers (move the disk to shared storage first).
## storwiz: SR allowed operations, Reattach, ISO library
why-sr-server-refuses = The server does not allow this on the repository now (its storage driver lacks it, or another operation runs on it).
menu-sr-reattach = Reattach repository
tip-sr-reattach = Connect the detached repository to the pool's servers again, keeping its disks.
why-sr-has-pbds = The repository is still connected to servers: use Repair to plug them.
why-sr-not-reattachable = XenPilot cannot reattach a repository of this type.
sr-reattach-intro = Where is { $name }? Check the fields below; Next looks for the repository there.
sr-reattach-found = { $name } was found at { $at }. Finish connects the servers to it; its disks are kept.
sr-reattach-not-found = { $name } is not at { $at }: the storage answered, but without this repository. Check the location.
sm-err-38 = The storage driver cannot do this (it does not implement the operation).
sm-err-94 = The ISO library's location is missing: give server:/path for NFS, or \\server\share for SMB.
sm-err-227 = The SMB version is not allowed: use 1.0 or 3.0.
sr-new-kind-iso = ISO library
sr-new-default-name-iso = ISO library
sr-new-iso-intro = A library of ISO images (installation media) that every server of the pool reads. Its .iso and .img files become disks to put in VMs' DVD drives.
sr-new-iso-nfs = NFS export
sr-new-iso-smb = SMB share
sr-new-iso-location = Location
sr-new-iso-nfs-hint = server:/path, e.g. nfs.example.lan:/export/iso
sr-new-iso-smb-hint = \\server\share, or a folder in it (\\server\share\folder)
sr-new-iso-summary = A shared ISO library at { $at }: every server mounts it read-only, and its images become the library's disks. The storage is checked when it is created.
sr-new-err-iso-nfs = Type the location as server:/path.
sr-reattach-unchecked = { $name } will be looked for at { $at } as the servers connect to it; its disks are kept.
## Import: what is imported, and an XVA's networks and home server
xfer-import-title-xva = Import VM from XVA
xfer-import-title-ovf = Import OVF/OVA package
xfer-import-title-image = Import disk image
xfer-xva-reading = Reading the file's header…
xfer-xva-unreadable = This file cannot be imported: { $why }
xfer-xva-nic = Interface { $device } ({ $mac }), was on { $network }:
xfer-home = Home server:
xfer-home-none = None (any server)
# Dialogs (dlg): the VM Properties warnings name the fields in the user's words
vmp-change-name = the name
vmp-change-description = the description
vmp-change-tags = the tags
vmp-change-vcpus = the number of vCPUs
vmp-change-topology = the CPU topology
vmp-change-memory = the memory
vmp-change-boot-order = the boot order
vmp-change-firmware = the boot mode
vmp-change-vtpm = the vTPM
vmp-change-home = the home server
vmp-change-autostart = automatic start
vmp-change-order = the start order
vmp-change-delay = the start delay
vmp-change-ha = the HA restart priority
vmp-change-platform = the advanced (platform) settings
vmp-change-other = the other settings
## VM actions on several objects (counted labels) and selections across pools
menu-vm-start-many = Start { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    }
menu-vm-start-on-many = Start { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    } on server
menu-vm-resume-many = Resume { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    }
menu-vm-unpause-many = Unpause { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    }
menu-vm-shutdown-many = Shut down { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    }
menu-vm-force-shutdown-many = Force shut down { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    }
menu-vm-reboot-many = Reboot { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    }
menu-vm-force-reboot-many = Force reboot { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    }
menu-vm-suspend-many = Suspend { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    }
menu-vm-pause-many = Pause { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    }
menu-vm-export-many = Export { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    }
menu-vm-migrate-many = Move { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    } to server
menu-vm-delete-many = Delete { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    }
menu-vm-properties-many = Properties of { $count ->
    [one] { $count } VM
   *[other] { $count } VMs
    }
menu-vm-delete-snapshot-many = Delete { $count ->
    [one] { $count } snapshot
   *[other] { $count } snapshots
    }
why-vms-one-pool = These VMs are in different pools: pick VMs of one pool for this action.

## Organising: the walk's fixes
org-bad-folder-name = The folder name is empty, or holds / or ; (a rename cannot move the folder).
props-tags-in-use = Tags in use

## VM Properties: the Custom fields page
vmp-page-custom-fields = Custom fields
vmp-fields-none = The pool defines no custom fields. Define them with Custom fields… in the VM's context menu.
vmp-fields-bad-date = { $field }: not a date (yyyy-MM-dd, or yyyy-MM-dd HH:mm:ss).
vmp-fields-note = Only the fields you change are written; an emptied field is removed.

## XVA export and import: snapshots
xfer-export-no-snapshots = Snapshots are not included: an XVA holds the VM as it is now, as the server exports it ({ $vms }).
xfer-xva-snapshots = { $count ->
    [one] One snapshot comes with the VM: { $names }
   *[other] { $count } snapshots come with the VM: { $names }
    }
xfer-xva-snapshots-nics = The snapshots' network interfaces stay on the networks the import finds by name.
## New Storage wizard: a server's own disk (LVM or ext) and HBA LUNs
sr-new-kind-local = Local disk
sr-new-default-name-local = Local disk storage
sr-new-default-name-hba = HBA storage
sr-new-local-intro = A disk of one server, for that server's VMs only (not shared). Pick the server, find its disks and pick one.
sr-new-local-host = Server
sr-new-local-fs = Format
sr-new-local-lvm = LVM (thick provisioning)
sr-new-local-ext = ext (thin: disks take only the space they use)
sr-new-find-disks = Find disks
sr-new-check-device = Check the device
sr-new-no-lsblk = This server cannot list its disks (XCP-ng's lsblk plugin is not installed): type the device, then check it.
sr-new-device = Device
sr-new-disks = Disks of the server (click one to use it)
sr-new-disk-item = { $path }: { $size }, { $state }
sr-new-disk-system = in use by the server (mounted)
sr-new-disk-sr = carries an { $fs } repository ({ $uuid })
sr-new-disk-parts = has partitions ({ $partitions })
sr-new-disk-in-pool = used by { $name } of this pool
sr-new-disk-empty = empty
sr-new-no-disks = The server lists no disks.
sr-new-err-host = Pick the server whose disk to use.
sr-new-err-device = Pick a disk, or type its device such as /dev/sdb.
sr-new-err-pick-disk = Pick one of the server's disks.
sr-new-err-find-then-pick = Find the server's disks, then pick one.
sr-new-err-find-disks = Find the server's disks (or check the device) and pick one.
sr-new-found-disk = The disk { $at } carries a repository: reattach it to keep its disks, or format the disk.
sr-new-none-found-disk = The disk { $at } carries no repository: it will be formatted as a new one.
sr-new-format-disk = Format the disk as a new repository
sr-new-wipe-warning = Formatting { $device } erases its partitions ({ $partitions }) and everything on them, for good.
sr-new-wipe-confirm = Erase the partitions
sr-new-err-wipe = Tick that the disk's partitions may be erased, or pick another disk.
sr-new-hba-intro = A LUN of a Fibre Channel (or hardware iSCSI) array, shared by every server of the pool. Find the LUNs the servers see and pick one.
sr-new-find-luns = Find LUNs
sr-new-hba-luns = LUNs the servers see (click one to use it)
sr-new-hba-lun-item = LUN { $lun }: { $size }, { $vendor }, serial { $serial }; seen by { $hosts }
sr-new-hba-all-servers = every server
sr-new-hba-partial = Not every server sees this LUN: the others cannot run VMs whose disks are on it until the fabric's zoning lets them.
sr-new-no-hba-luns = No server sees a free LUN: check the fabric's zoning and the array's LUN masking.
sr-new-err-hba-lun = Find the LUNs and pick one.
sm-err-19 = The device does not exist on that server: find the disks again and pick one from the list.
sm-err-52 = The repository's volume could not be activated on that server: check that the disk is present and healthy.
sm-err-90 = No device was given: pick the disk to use.
sm-err-105 = That disk holds the server's own system: pick another disk.
err-sr-device-in-use = The device is already in use (by another repository of this server, or mounted): pick another one, or reattach the repository on it.
## s24fix: a repository's state on its General tab, and why its actions wait for a running one
sr-state-ok = OK
sr-state-detached = Detached
sr-state-broken = Broken: not attached on every server (Repair plugs it)
sr-conn-connected = Connected
sr-conn-unplugged = Unplugged
sr-conn-server-down = Server is not reachable
sr-conn-missing = Connection missing
why-sr-busy = Another operation is running on the repository: wait for it to end.
## Search window: results arriving in the background; a VM's tags in its General section
search-searching = Searching…
prop-tags = Tags
