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
search-hint = Search (Ctrl+F)
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
