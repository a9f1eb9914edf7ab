# XenPilot, zh-CN。术语与 XenCenter 一致。

## Menus
menu-file = 文件
menu-open-dump = 打开数据库转储…
menu-quit = 退出
menu-view = 视图
menu-infrastructure = 基础结构
menu-objects = 对象
view-user-templates = 自定义模板
view-default-templates = { $brand } 模板
view-local-storage = 本地存储
view-show-hidden = 显示隐藏的对象
menu-language = 语言
menu-theme = 主题
theme-system = 跟随系统
theme-light = 浅色
theme-dark = 深色
menu-help = 帮助
menu-about = 关于 XenPilot
about-text = XenPilot { $version }：适用于 XenServer 和 XCP-ng 池的桌面客户端。
close = 关闭

## Navigation pane
search-hint = 搜索 (Ctrl+F)
search-label = 搜索
tree-empty = 没有与搜索匹配的内容。
tree-loading = 正在加载…

## Status bar
status-connecting = 正在连接…
status-connected = 已连接到 { $host }
status-reconnecting = 正在重新连接… ({ $error })
status-failed = 连接失败：{ $error }
status-file = 只读：{ $file }
status-objects = { $count } 个对象
status-hidden = { $count } 个已隐藏

## File > Open database dump
open-title = 打开数据库转储
open-path = 文件
open-button = 打开
cancel = 取消
open-loading = 正在加载 { $file }…
open-failed = 无法打开 { $file }：{ $error }

## Display names
name-hidden = { $name } (隐藏)
name-bonded-member = { $name } (已绑定的成员)
vm-control-domain = 主机 { $host } 上的控制域
net-himn = 主机内部管理网络
net-name = 网络 { $device }
net-name-vlan = VLAN { $vlan } 上的网络 { $device }
pif-nic = NIC { $number }
pif-bond = 绑定 { $members }
nic-on-host = { $host } 上的 { $nic }

## Installer-created SRs (other_config i18n-key)
sr-name_label-local-storage = 本地存储
sr-name_label-local-storage-host = { $host } 上的本地存储
sr-name_description-local-storage = 本地存储
sr-name_description-local-storage-host = { $host } 上的本地存储
sr-name_label-local-hotplug-cd = DVD 驱动器
sr-name_label-local-hotplug-cd-host = { $host } 上的 DVD 驱动器
sr-name_description-local-hotplug-cd = 物理 DVD 驱动器
sr-name_description-local-hotplug-cd-host = { $host } 上的物理 DVD 驱动器
sr-name_label-local-hotplug-disk = 可移动存储
sr-name_label-local-hotplug-disk-host = { $host } 上的可移动存储
sr-name_description-local-hotplug-disk = 可移动物理存储
sr-name_description-local-hotplug-disk-host = { $host } 上的可移动物理存储
# XenCenter has no Chinese text for the Tools SR and falls back to English.
sr-name_label-xenserver-tools = { $tools }
sr-name_description-xenserver-tools = { $tools } ISOs
sr-name_label-ebs = EBS
sr-name_label-ebs-host = { $host } 中的 EBS
sr-name_description-ebs = EBS 卷
sr-name_description-ebs-host = 可用性区域 { $host } 中的 EBS 卷

## Objects view groups
group-pools = 池
group-servers = 服务器
group-vms = VM
group-snapshots = 快照
group-user-templates = 自定义模板
group-default-templates = { $brand } 模板
group-remote-srs = 远程存储库
group-local-srs = 本地存储库
group-networks = 网络
group-nics = NIC

## Details pane
details-none = 请在树中选择一个对象。
details-gone = 此对象已不存在。
kind-pool = 池
kind-host = 服务器
kind-vm = VM
kind-template = 模板
kind-snapshot = 快照
kind-sr = 存储库
kind-network = 网络
kind-pif = 物理 NIC
kind-vif = 虚拟 NIC
kind-vdi = 虚拟磁盘
section-general = 常规
section-other-config = 其他配置
prop-name = 名称
prop-description = 描述
prop-uuid = UUID
prop-power-state = 电源状态
prop-host = 服务器
prop-memory = 内存
prop-vcpus = vCPU
prop-os = 操作系统
prop-type = 类型
prop-size = 大小
prop-used = 已使用
prop-shared = 共享
prop-device = 设备
prop-mac = MAC 地址
prop-mtu = MTU
prop-network = 网络
prop-address = 地址
prop-coordinator = 协调器
prop-vm = VM
prop-vlan = VLAN
prop-management = 管理接口
prop-ip = IP 地址
prop-sr = 存储库
prop-snapshot-of = 快照源
prop-hidden = 在 XenCenter 中隐藏
prop-api = API 版本
prop-key = 键
prop-value = 值
power-running = 正在运行
power-halted = 已停止
power-suspended = 已挂起
power-paused = 已暂停
power-unknown = 未知
yes = 是
no = 否
list-nics = 网络接口
list-disks = 磁盘
list-pifs = 物理 NIC
list-vifs = 虚拟 NIC
list-empty = 无
