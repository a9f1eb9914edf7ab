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
search-hint = 搜索 ({ $shortcut })
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
pif-vlan = { $nic } (VLAN { $vlan })
sr-name-on-host = { $host } 上的 { $name }

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
prop-ips = IP 地址
prop-snapshot-time = 快照创建时间
prop-state = 状态
host-live = 活动
host-not-live = 无响应
section-xenstore = xenstore 数据
section-advanced = 高级
list-snapshots = 快照
group-count = 对象数：{ $count }
nav-back = 后退
nav-forward = 前进

## Context menus and actions
menu-nic-settings = NIC 设置…
menu-xenstore = 编辑 xenstore 数据…
menu-vm-start = 启动
menu-vm-shutdown = 关闭
menu-vm-force-shutdown = 强制关闭
menu-vm-reboot = 重新启动
menu-bulk-nic = { $count } 个 NIC 的设置…
power-failed = { $action } 失败：{ $error }

## Forms (shared)
form-apply = 应用
form-close = 关闭
form-reload = 重新加载
form-xe = 等效的 xe 命令
form-copy = 复制
form-no-changes = 没有要应用的更改。
form-invalid = 请先更正标记的值。
form-incomplete = 输入完新键后即可应用。
form-discard-question = 放弃所做的更改？
form-discard = 放弃
form-keep-editing = 继续编辑
form-applying = 正在应用…
form-applied = 已应用。
form-read-only = 只读：此池是从数据库转储打开的。
err-conflict = 打开此表单后其他人已做了更改 ({ $keys })。未写入任何内容：请重新加载以查看新值。
err-rbac = 权限被拒绝：需要以下角色之一：{ $roles }
err-gone = 此对象已不存在。
err-server = 服务器拒绝：{ $error }

## NIC settings
nic-title = NIC 设置：{ $name }
nic-default = 默认
nic-on = 开
nic-off = 关
nic-desc-rx = RX 校验和卸载
nic-desc-tx = TX 校验和卸载
nic-desc-sg = 分散/聚集
nic-desc-tso = TCP 分段卸载
nic-desc-ufo = UDP 分片卸载
nic-desc-gso = 通用分段卸载
nic-desc-gro = 通用接收卸载
nic-desc-lro = 大量接收卸载
nic-desc-autoneg = 自动协商
nic-desc-speed = 速度 (Mb/s)
nic-desc-duplex = 双工
nic-desc-advertise = 通告的链路模式
nic-desc-promiscuous = 混杂模式
nic-desc-mtu = MTU
nic-duplex-half = 半双工
nic-duplex-full = 全双工
nic-promiscuous-note = 混杂模式仅适用于 Linux 网桥网络后端；Open vSwitch 会忽略它。
nic-mtu-default = 默认：网络的 MTU ({ $mtu })
nic-vif-note = 速度、双工和自动协商是物理链路的设置：请在主机的 NIC (PIF) 上设置，而不是在 VIF 上。
nic-not-applicable = 保持不变 (VIF 不使用)：{ $keys }
nic-when-vif = 更改将在下次插入 VIF 或下次启动 VM 时生效。
nic-when-pif = 更改将在下次插入 PIF 或主机重新启动时生效。
err-not-on-off = “{ $value }” 无效：请选择默认、开或关。
err-speed = “{ $value }” 不是正整数 (Mb/s)。
err-duplex = “{ $value }” 无效：请选择 half 或 full。
err-advertise = “{ $value }” 不是类似 0x2f 的十六进制掩码。
err-mtu-integer = “{ $value }” 不是整数。
err-mtu-range = { $value } 超出 68–65535 的范围。
warn-mtu = { $value } 不常见：大多数网络为 1500–9216。
mtu-pending-vif = 当前生效 { $now }；{ $next } 将在下次插入 VIF 时生效（VM 启动或重新插入 VIF）
mtu-pending-pif = 当前生效 { $now }；{ $next } 将在下次插入网卡时生效（重新插入 PIF 或重启主机）
warn-mtu-above = { $value } 大于网络的 MTU（{ $network }）：超过网络承载能力的帧会被丢弃。

## xenstore data
xs-title = xenstore 数据：{ $name }
xs-key = 键
xs-value = 值
xs-add = 添加键
xs-remove = 删除
xs-kept = 保持不变 (此处不可编辑)
xs-note-running = VM 正在运行：更改通过 VM.set_xenstore_data 应用，并立即到达来宾。
xs-note-halted = 来宾将在 VM 下次启动时看到这些键。
xs-err-prefix = “{ $key }” 必须以 vm-data/ 开头：其他键不会到达来宾。
xs-err-empty = 请在 vm-data/ 之后填写键名（例如 vm-data/hostname）。
xs-err-chars = “{ $key }” 包含空格或控制字符。
xs-err-dup = “{ $key }” 出现了两次。
xs-err-value = “{ $key }” 的值包含控制字符。

## One setting for several NICs
bulk-title = { $count } 个 NIC 的设置
bulk-setting = 设置
bulk-value = 值
bulk-summary = 已更改 { $count } 个 NIC 中的 { $changed } 个；{ $same } 个已是此值。
bulk-failed = { $failed } 个失败：{ $error }

## Connect dialog
menu-connect = 连接…
conn-title = 连接到服务器
conn-recent = 最近的服务器
conn-server = 服务器
conn-user = 用户名
conn-password = 密码
conn-remember = 记住 (密码保存在系统密钥环中)
conn-connect = 连接
conn-plain-http = 明文 http: 密码和其他所有内容都不加密传输。
conn-redirected = { $member } 是池成员: 已连接到其池协调器 { $master }。
conn-err-auth = { $host } 拒绝了用户名或密码。
conn-err-server = { $host } 拒绝了连接: { $error }
conn-err-unreachable = 无法访问 { $host }: { $error }
conn-err-not-xenapi = { $host } 未以 XenServer 或 XCP-ng 主机的身份应答 ({ $error })。
conn-err-slow = { $host } 未在 { $seconds } 秒内应答：主机响应缓慢或无响应。
conn-err-too-large = { $host } 发送的应答超过 { $size }，XenPilot 已拒绝接收。
conn-err-address = { $error }
cert-untrusted = { $host } 的证书未由此计算机信任的颁发机构签名。XenServer 和 XCP-ng 主机使用自签名证书: 仅当下面的指纹与主机的指纹一致时才信任它。
cert-untrusted-error = { $host } 的证书不受信任: { $error }
cert-changed = { $host } 的证书在您信任之后已更改。连接已被拒绝。已信任: { $old } 当前提供: { $new }
cert-subject = 使用者
cert-issuer = 颁发者
cert-valid-from = 有效期自
cert-valid-to = 有效期至
cert-fingerprint = SHA-256 指纹
cert-compare = 在主机上，`openssl x509 -noout -fingerprint -sha256 -in /etc/xensource/xapi-ssl.pem` 可显示其指纹。
cert-trust = 信任并连接
status-not-encrypted = 未加密
status-not-encrypted-tip = 此池通过明文 http 访问: 密码和数据以明文传输。
status-idle = 未连接
tree-no-pool = 还没有池: 文件 > 连接… ({ $connect }) 或 文件 > 打开数据库转储… ({ $open })。
status-disconnected = 已断开
conn-already = { $pool } 已显示: 同一个池不会被连接两次。
menu-disconnect = 断开连接
menu-reconnect = 重新连接
menu-remove-pool = 从列表中删除
form-read-only-role = 只读: { $user } 在此池中是只读角色。更改需要池操作员或更高角色 (VM 的 xenstore 数据需要 VM 操作员或更高角色)。
status-read-only-user = 只读用户
conn-keyring-failed = 无法将密码保存到系统密钥环: { $error }

# App shell
menu-find = 查找
err-worker-vanished = 后台任务未返回结果就结束了。请重试。
notice-dismiss = 关闭
tree-collapse = 折叠 { $name }
tree-expand = 展开 { $name }

# Acting on the right objects
menu-vm-many = { $action } { $count } 台虚拟机
tip-vm-start = 启动虚拟机。
tip-vm-shutdown = 请求来宾操作系统正常关机 (需要来宾代理或 ACPI)。
tip-vm-force-shutdown = 立即关闭虚拟机, 如同拔掉电源: 来宾中未保存的数据将丢失。
tip-vm-reboot = 请求来宾操作系统正常重启。
tip-disconnect = 关闭与此池的连接; 它会保留在列表中以便重新连接。
confirm-power = 要{ $action }这 { $count } 台虚拟机吗?
confirm-disconnect = 要断开与 { $pool } 的连接吗? 重新连接前其对象将不会显示。
confirm-more = … 另有 { $count } 个
confirm-dont-ask = 不再询问
power-action-running = { $action }…
power-actions-running = { $count } 个虚拟机操作正在运行…
power-done = { $action }: 完成

# Connection errors users can act on
conn-err-refused = { $host } 上没有任何服务应答 (连接被拒绝)。请检查地址和端口, 以及主机是否已启动。
conn-err-unknown-host = { $host } 不是已知的主机名。请检查拼写, 或使用其 IP 地址。
conn-err-no-route = 无法从此计算机访问 { $host } (没有路由)。
conn-err-reset = { $host } 在调用期间关闭了连接。
conn-err-timeout = { $host } 未能及时接受连接。
conn-details = 详细信息

# The Ctrl key as keyboards of this language label it
key-ctrl = Ctrl

# Help
menu-shortcuts = 键盘快捷键
key-click = 单击
keys-tree-move = 在树中移动选择
keys-tree-fold = 折叠或展开一行 (左键也可转到父项)
keys-tree-enter = 打开所选行 (展开, 或打开网卡设置)
keys-multi = 将一行加入选择或移出选择
keys-escape = 关闭最上层窗口; 在搜索框中则清空
about-licence = 许可证: { $licence }
about-built-with = 构建于
status-objects-found = { $count } 个对象中有 { $shown } 个匹配

# Suspend and resume
menu-vm-suspend = 挂起
menu-vm-resume = 恢复
tip-vm-suspend = 将运行中虚拟机的内存保存到存储并停止它; 恢复后从原处继续。
tip-vm-resume = 从原处继续已挂起的虚拟机。

## Details pane tabs
tab-general = 常规
tab-storage = 存储
tab-networking = 网络
tab-snapshots = 快照
tab-console = 控制台
tab-performance = 性能
tab-tasks = 任务
tab-alerts = 警报
tab-next = 下一个选项卡
tab-previous = 上一个选项卡

# Performance tab (graphs, overview, layout editor)
perf-range = 时间范围:
perf-range-10m = 最近 10 分钟
perf-range-2h = 最近 2 小时
perf-range-week = 最近一周
perf-range-year = 最近一年
perf-edit = 编辑图表…
perf-edit-close = 关闭编辑器
perf-no-session = 未连接: 图表需要已连接的池。
perf-waiting = 正在等待数据…
perf-err-no-address = 没有可访问的地址
perf-err-unauthorized = 主机拒绝了会话 (请重新登录)
perf-err-host = { $host }: { $error }
perf-csv-saved = 已保存 { $path }
perf-csv-failed = 无法保存 { $path }: { $error }
perf-image-copied = 图表已复制到剪贴板
perf-layout-saved = 图表布局已保存到池
perf-layout-failed = 无法保存图表布局: { $error }
perf-graph-cpu = CPU
perf-graph-memory = 内存
perf-graph-network = 网络
perf-graph-disk = 磁盘吞吐量
perf-graph-iops = 磁盘 IOPS
perf-graph-latency = 磁盘延迟
perf-graph-load = 平均负载
perf-graph-other = 其他
perf-ds-cpu = CPU { $dev }
perf-ds-cpu-avg = 平均 CPU
perf-ds-memory-total = 总内存
perf-ds-memory-used = 已用内存
perf-ds-memory-free = 可用内存
perf-ds-memory-target = 内存目标
perf-ds-loadavg = 平均负载
perf-ds-rx = { $dev } 接收
perf-ds-tx = { $dev } 发送
perf-ds-read = { $dev } 读取
perf-ds-write = { $dev } 写入
perf-ds-iops-read = { $dev } 读取 IOPS
perf-ds-iops-write = { $dev } 写入 IOPS
perf-ds-latency = { $dev } 延迟
perf-export-csv = 导出 CSV…
perf-copy-image = 复制图像
perf-csv-path = CSV 文件:
perf-csv-save = 保存
perf-overview-title = 当前最繁忙的主机和 VM (最近 5 秒)
perf-col-name = 名称
perf-col-cpu = CPU
perf-col-memory = 内存 (已用 / 总计)
perf-col-network = 网络
perf-col-disk = 磁盘
perf-edit-graphs = 图表
perf-edit-up = 上移
perf-edit-down = 下移
perf-edit-remove = 删除图表
perf-edit-add = 添加图表
perf-edit-sources = 所选图表的数据源
perf-edit-save = 保存到池
perf-edit-defaults = 恢复默认
perf-kind-host = 主机
perf-kind-vm = VM
perf-vm-not-running = 此 VM 未运行: 主机没有它的性能数据。
