# XenPilot, ja. XenCenter の用語に合わせています。

## Menus
menu-file = ファイル
menu-open-dump = データベース ダンプを開く…
menu-quit = 終了
menu-view = 表示
menu-infrastructure = インフラストラクチャ
menu-objects = オブジェクト
view-user-templates = カスタム テンプレート
view-default-templates = { $brand } テンプレート
view-local-storage = ローカル ストレージ
view-show-hidden = 隠しオブジェクトを表示
menu-language = 言語
menu-theme = テーマ
theme-system = システムに従う
theme-light = ライト
theme-dark = ダーク
menu-help = ヘルプ
menu-about = XenPilot について
about-text = XenPilot { $version }: XenServer および XCP-ng プールのためのデスクトップ クライアント。
close = 閉じる

## Navigation pane
search-hint = 検索 (Ctrl+F)
search-label = 検索
tree-empty = 検索に一致するものはありません。
tree-loading = 読み込み中…

## Status bar
status-connecting = 接続しています…
status-connected = { $host } に接続しました
status-reconnecting = 再接続しています… ({ $error })
status-failed = 接続に失敗しました: { $error }
status-file = 読み取り専用: { $file }
status-objects = { $count } 個のオブジェクト
status-hidden = { $count } 個が非表示

## File > Open database dump
open-title = データベース ダンプを開く
open-path = ファイル
open-button = 開く
cancel = キャンセル
open-loading = { $file } を読み込んでいます…
open-failed = { $file } を開けません: { $error }

## Display names
name-hidden = { $name } (非表示)
name-bonded-member = { $name } (ボンディングされたメンバー)
vm-control-domain = ホスト { $host } 上のコントロール ドメイン
net-himn = ホスト内部管理ネットワーク
net-name = ネットワーク { $device }
net-name-vlan = VLAN { $vlan } 上のネットワーク { $device }
pif-nic = NIC { $number }
pif-bond = ボンディング { $members }
nic-on-host = { $host } の { $nic }

## Installer-created SRs (other_config i18n-key)
sr-name_label-local-storage = ローカル ストレージ
sr-name_label-local-storage-host = { $host } のローカル ストレージ
sr-name_description-local-storage = ローカル ストレージ
sr-name_description-local-storage-host = { $host } のローカル ストレージ
sr-name_label-local-hotplug-cd = DVD ドライブ
sr-name_label-local-hotplug-cd-host = { $host } の DVD ドライブ
sr-name_description-local-hotplug-cd = 物理 DVD ドライブ
sr-name_description-local-hotplug-cd-host = { $host } の物理 DVD ドライブ
sr-name_label-local-hotplug-disk = リムーバブル ストレージ
sr-name_label-local-hotplug-disk-host = { $host } のリムーバブル ストレージ
sr-name_description-local-hotplug-disk = 物理リムーバブル ストレージ
sr-name_description-local-hotplug-disk-host = { $host } の物理リムーバブル ストレージ
# XenCenter has no Japanese text for the Tools SR and falls back to English.
sr-name_label-xenserver-tools = { $tools }
sr-name_description-xenserver-tools = { $tools } ISOs
sr-name_label-ebs = EBS
sr-name_label-ebs-host = { $host } 内の EBS
sr-name_description-ebs = EBS ボリューム
sr-name_description-ebs-host = 可用性ゾーン { $host } 内の EBS ボリューム

## Objects view groups
group-pools = プール
group-servers = サーバー
group-vms = VM
group-snapshots = スナップショット
group-user-templates = カスタム テンプレート
group-default-templates = { $brand } テンプレート
group-remote-srs = リモート ストレージ リポジトリ
group-local-srs = ローカル ストレージ リポジトリ
group-networks = ネットワーク
group-nics = NIC

## Details pane
details-none = ツリーでオブジェクトを選択してください。
details-gone = このオブジェクトは存在しなくなりました。
kind-pool = プール
kind-host = サーバー
kind-vm = VM
kind-template = テンプレート
kind-snapshot = スナップショット
kind-sr = ストレージ リポジトリ
kind-network = ネットワーク
kind-pif = 物理 NIC
kind-vif = 仮想 NIC
kind-vdi = 仮想ディスク
section-general = 全般
section-other-config = その他の設定
prop-name = 名前
prop-description = 説明
prop-uuid = UUID
prop-power-state = 電源状態
prop-host = サーバー
prop-memory = メモリ
prop-vcpus = vCPU
prop-os = オペレーティング システム
prop-type = 種類
prop-size = サイズ
prop-used = 使用済み
prop-shared = 共有
prop-device = デバイス
prop-mac = MAC アドレス
prop-mtu = MTU
prop-network = ネットワーク
prop-address = アドレス
prop-coordinator = コーディネーター
prop-vm = VM
prop-vlan = VLAN
prop-management = 管理インターフェイス
prop-ip = IP アドレス
prop-sr = ストレージ リポジトリ
prop-snapshot-of = スナップショット元
prop-hidden = XenCenter で非表示
prop-api = API バージョン
prop-key = キー
prop-value = 値
power-running = 実行中
power-halted = 停止
power-suspended = 一時停止
power-paused = 一時中断
power-unknown = 不明
yes = はい
no = いいえ
list-nics = ネットワーク インターフェイス
list-disks = ディスク
list-pifs = 物理 NIC
list-vifs = 仮想 NIC
list-empty = なし
