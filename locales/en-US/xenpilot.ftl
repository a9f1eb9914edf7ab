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
menu-vm-many = { $action } { $count } VMs
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
perf-edit-save = Save to pool
perf-edit-defaults = Defaults
perf-kind-host = Host
perf-kind-vm = VM
perf-vm-not-running = This VM is not running: its host keeps no performance data for it.
