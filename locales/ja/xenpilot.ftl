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
search-hint = 検索 ({ $shortcut })
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
pif-vlan = { $nic } (VLAN { $vlan })
sr-name-on-host = { $host } の { $name }

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
prop-ips = IP アドレス
prop-snapshot-time = スナップショット作成日時
prop-state = 状態
host-live = 稼働中
host-not-live = 応答なし
section-xenstore = xenstore データ
section-advanced = 詳細
list-snapshots = スナップショット
group-count = オブジェクト数: { $count }
nav-back = 戻る
nav-forward = 進む

## Context menus and actions
menu-nic-settings = NIC 設定…
menu-xenstore = xenstore データの編集…
menu-vm-start = 起動
menu-vm-shutdown = シャットダウン
menu-vm-force-shutdown = 強制シャットダウン
menu-vm-reboot = 再起動
menu-bulk-nic = { $count } 個の NIC の設定…
power-failed = { $action } に失敗しました: { $error }

## Forms (shared)
form-apply = 適用
form-close = 閉じる
form-reload = 再読み込み
form-xe = 同等の xe コマンド
form-copy = コピー
form-no-changes = 適用する変更はありません。
form-invalid = 適用するには、マークされた値を修正してください。
form-incomplete = 新しいキーを入力し終えると適用できます。
form-discard-question = 変更を破棄しますか?
form-discard = 破棄
form-keep-editing = 編集を続ける
form-applying = 適用しています…
form-applied = 適用しました。
form-read-only = 読み取り専用: このプールはデータベース ダンプから開かれました。
err-conflict = このフォームを開いた後に他のユーザーが変更しました ({ $keys })。何も書き込まれていません。再読み込みして新しい値を確認してください。
err-rbac = アクセスが拒否されました: 次のいずれかのロールが必要です: { $roles }
err-gone = このオブジェクトは存在しなくなりました。
err-server = サーバーが拒否しました: { $error }

## NIC settings
nic-title = NIC 設定: { $name }
nic-default = 既定
nic-on = オン
nic-off = オフ
nic-desc-rx = RX チェックサム オフロード
nic-desc-tx = TX チェックサム オフロード
nic-desc-sg = スキャッター/ギャザー
nic-desc-tso = TCP セグメンテーション オフロード
nic-desc-ufo = UDP フラグメンテーション オフロード
nic-desc-gso = 汎用セグメンテーション オフロード
nic-desc-gro = 汎用受信オフロード
nic-desc-lro = 大量受信オフロード
nic-desc-autoneg = オートネゴシエーション
nic-desc-speed = 速度 (Mb/s)
nic-desc-duplex = デュプレックス
nic-desc-advertise = アドバタイズするリンク モード
nic-desc-promiscuous = プロミスキャス モード
nic-desc-mtu = MTU
nic-duplex-half = 半二重
nic-duplex-full = 全二重
nic-promiscuous-note = プロミスキャス モードは Linux ブリッジ ネットワーク バックエンドでのみ機能します。Open vSwitch では無視されます。
nic-mtu-default = 既定: ネットワークの MTU ({ $mtu })
nic-vif-note = 速度、デュプレックス、オートネゴシエーションは物理リンクの設定です。VIF ではなく、ホストの NIC (PIF) で設定してください。
nic-not-applicable = そのまま保持されます (VIF では使用されません): { $keys }
nic-when-vif = 変更は、次に VIF が接続されたとき、または VM が次に起動したときに有効になります。
nic-when-pif = 変更は、次に PIF が接続されたとき、またはホストの再起動時に有効になります。
err-not-on-off = “{ $value }” は無効です。既定、オン、オフのいずれかを選択してください。
err-speed = “{ $value }” は正の整数 (Mb/s) ではありません。
err-duplex = “{ $value }” は無効です。half または full を選択してください。
err-advertise = “{ $value }” は 0x2f のような 16 進マスクではありません。
err-mtu-integer = “{ $value }” は整数ではありません。
err-mtu-range = { $value } は 68～65535 の範囲外です。
warn-mtu = { $value } は一般的ではありません。ほとんどのネットワークは 1500～9216 です。
mtu-pending-vif = 現在の MTU は { $now }。{ $next } は次に VIF が接続されたとき (VM の起動または VIF の再接続) に適用されます
mtu-pending-pif = 現在の MTU は { $now }。{ $next } は次に NIC が接続されたとき (PIF の再接続またはホストの再起動) に適用されます
warn-mtu-above = { $value } はネットワークの MTU ({ $network }) を超えています。ネットワークが運べないサイズのフレームは破棄されます。

## xenstore data
xs-title = xenstore データ: { $name }
xs-key = キー
xs-value = 値
xs-add = キーの追加
xs-remove = 削除
xs-kept = そのまま保持されます (ここでは編集できません)
xs-note-running = VM は実行中です: 変更は VM.set_xenstore_data で適用され、すぐにゲストに反映されます。
xs-note-halted = ゲストは次回の VM 起動時にこれらのキーを参照します。
xs-err-prefix = “{ $key }” は vm-data/ で始まる必要があります。その他のキーはゲストに届きません。
xs-err-empty = vm-data/ の後にキーの名前を入力してください (例: vm-data/hostname)。
xs-err-chars = “{ $key }” に空白または制御文字が含まれています。
xs-err-dup = “{ $key }” が重複しています。
xs-err-value = “{ $key }” の値に制御文字が含まれています。

## One setting for several NICs
bulk-title = { $count } 個の NIC の設定
bulk-setting = 設定
bulk-value = 値
bulk-summary = { $count } 個中 { $changed } 個の NIC を変更しました。{ $same } 個は既にこの値でした。
bulk-failed = { $failed } 個が失敗しました: { $error }

## Connect dialog
menu-connect = 接続…
conn-title = サーバーに接続
conn-recent = 最近のサーバー
conn-server = サーバー
conn-user = ユーザー名
conn-password = パスワード
conn-remember = 記憶する (パスワードはシステムのキーリングに保存されます)
conn-connect = 接続
conn-plain-http = http 接続です: パスワードを含むすべてが暗号化されずに送られます。
conn-redirected = { $member } はプールのメンバーです: プール コーディネーター { $master } に接続しました。
conn-err-auth = { $host } はユーザー名またはパスワードを拒否しました。
conn-err-server = { $host } が接続を拒否しました: { $error }
conn-err-unreachable = { $host } に接続できません: { $error }
conn-err-not-xenapi = { $host } は XenServer または XCP-ng ホストとして応答しませんでした ({ $error })。
conn-err-slow = { $host } が { $seconds } 秒以内に応答しませんでした。ホストの処理が遅いか、応答していません。
conn-err-too-large = { $host } から { $size } を超える応答が届いたため、XenPilot は受け取りを拒否しました。
conn-err-address = { $error }
cert-untrusted = { $host } の証明書は、このコンピューターが信頼する認証局の署名がありません。XenServer と XCP-ng のホストは自己署名証明書を使います。下のフィンガープリントがホストのものと一致する場合にのみ信頼してください。
cert-untrusted-error = { $host } の証明書は信頼されていません: { $error }
cert-changed = { $host } の証明書は、信頼した後に変更されています。接続は拒否されました。信頼した証明書: { $old } 現在の証明書: { $new }
cert-subject = サブジェクト
cert-issuer = 発行者
cert-valid-from = 有効期間の開始
cert-valid-to = 有効期間の終了
cert-fingerprint = SHA-256 フィンガープリント
cert-compare = ホストでは `openssl x509 -noout -fingerprint -sha256 -in /etc/xensource/xapi-ssl.pem` でフィンガープリントを確認できます。
cert-trust = 信頼して接続
status-not-encrypted = 暗号化されていません
status-not-encrypted-tip = このプールには http で接続しています: パスワードとデータは平文で送られます。
status-idle = 未接続
tree-no-pool = プールがありません: ファイル > 接続… ({ $connect }) または ファイル > データベース ダンプを開く… ({ $open })。
status-disconnected = 切断済み
conn-already = { $pool } は既に表示されています: 同じプールに二重に接続することはできません。
menu-disconnect = 切断
menu-reconnect = 再接続
menu-remove-pool = 一覧から削除
form-read-only-role = 読み取り専用: { $user } はこのプールで読み取り専用のロールです。変更にはプール オペレーター以上のロールが必要です (VM の xenstore データには VM オペレーター以上)。
status-read-only-user = 読み取り専用ユーザー
conn-keyring-failed = パスワードをシステムのキーリングに保存できませんでした: { $error }

# App shell
menu-find = 検索
err-worker-vanished = バックグラウンド処理が応答なしで終了しました。もう一度お試しください。
notice-dismiss = 閉じる
tree-collapse = { $name } を折りたたむ
tree-expand = { $name } を展開

# Acting on the right objects
menu-vm-many = { $count } 台の VM: { $action }
tip-vm-start = VM を起動します。
tip-vm-shutdown = ゲスト OS に正常なシャットダウンを要求します (ゲストエージェントまたは ACPI が必要)。
tip-vm-force-shutdown = 電源を抜くように VM を直ちに停止します。ゲスト内の未保存データは失われます。
tip-vm-reboot = ゲスト OS に正常な再起動を要求します。
tip-disconnect = このプールへの接続を閉じます。再接続できるよう一覧に残ります。
confirm-power = { $count } 台の VM を{ $action }しますか?
confirm-disconnect = { $pool } から切断しますか? 再接続するまでそのオブジェクトは表示されません。
confirm-more = … ほか { $count } 件
confirm-dont-ask = 今後このメッセージを表示しない
power-action-running = { $action }…
power-actions-running = { $count } 件の VM 操作を実行中…
power-done = { $action }: 完了

# Connection errors users can act on
conn-err-refused = { $host } で応答するものがありません (接続拒否)。アドレスとポート、ホストが起動していることを確認してください。
conn-err-unknown-host = { $host } は既知のホスト名ではありません。綴りを確認するか、IP アドレスを使用してください。
conn-err-no-route = このコンピューターから { $host } に到達できません (経路がありません)。
conn-err-reset = { $host } が呼び出し中に接続を閉じました。
conn-err-timeout = { $host } が時間内に接続を受け付けませんでした。
conn-details = 詳細

# The Ctrl key as keyboards of this language label it
key-ctrl = Ctrl

# Help
menu-shortcuts = キーボード ショートカット
key-click = クリック
keys-tree-move = ツリーで選択を移動
keys-tree-fold = 行を折りたたむ/展開する (左は親へも移動)
keys-tree-enter = 選択した行を開く (展開、または NIC の設定)
keys-multi = 行を選択に追加、または選択から外す
keys-escape = 最前面のウィンドウを閉じる。検索ボックスではクリア
about-licence = ライセンス: { $licence }
about-built-with = 使用技術
status-objects-found = { $count } 個中 { $shown } 個が一致

# Suspend and resume
menu-vm-suspend = 一時停止
menu-vm-resume = 再開
tip-vm-suspend = 実行中の VM のメモリをストレージに保存して停止します。再開すると元の状態から続行します。
tip-vm-resume = 一時停止した VM を元の状態から続行します。

## Details pane tabs
tab-general = 全般
tab-storage = ストレージ
tab-networking = ネットワーク
tab-snapshots = スナップショット
tab-console = コンソール
tab-performance = パフォーマンス
tab-tasks = タスク
tab-alerts = アラート
tab-next = 次のタブ
tab-previous = 前のタブ

# Performance tab (graphs, overview, layout editor)
perf-range = 期間:
perf-range-10m = 過去 10 分
perf-range-2h = 過去 2 時間
perf-range-week = 過去 1 週間
perf-range-year = 過去 1 年
perf-edit = グラフを編集…
perf-edit-close = エディターを閉じる
perf-no-session = 接続されていません: グラフにはプールへの接続が必要です。
perf-waiting = データを待っています…
perf-err-no-address = 接続先のアドレスがありません
perf-err-unauthorized = ホストがセッションを拒否しました (再ログインしてください)
perf-err-host = { $host }: { $error }
perf-csv-saved = { $path } に保存しました
perf-csv-failed = { $path } を保存できませんでした: { $error }
perf-image-copied = グラフをクリップボードにコピーしました
perf-layout-saved = グラフのレイアウトをプールに保存しました
perf-layout-failed = グラフのレイアウトを保存できませんでした: { $error }
perf-graph-cpu = CPU
perf-graph-memory = メモリ
perf-graph-network = ネットワーク
perf-graph-disk = ディスク スループット
perf-graph-iops = ディスク IOPS
perf-graph-latency = ディスク レイテンシ
perf-graph-load = ロード アベレージ
perf-graph-other = その他
perf-ds-cpu = CPU { $dev }
perf-ds-cpu-avg = CPU 平均
perf-ds-memory-total = 合計メモリ
perf-ds-memory-used = 使用メモリ
perf-ds-memory-free = 空きメモリ
perf-ds-memory-target = メモリ ターゲット
perf-ds-loadavg = ロード アベレージ
perf-ds-rx = { $dev } 受信
perf-ds-tx = { $dev } 送信
perf-ds-read = { $dev } 読み取り
perf-ds-write = { $dev } 書き込み
perf-ds-iops-read = { $dev } 読み取り IOPS
perf-ds-iops-write = { $dev } 書き込み IOPS
perf-ds-latency = { $dev } レイテンシ
perf-export-csv = CSV にエクスポート…
perf-copy-image = 画像をコピー
perf-csv-path = CSV ファイル:
perf-csv-save = 保存
perf-overview-title = 現在最も負荷の高いホストと VM (直近 5 秒)
perf-col-name = 名前
perf-col-cpu = CPU
perf-col-memory = メモリ (使用 / 合計)
perf-col-network = ネットワーク
perf-col-disk = ディスク
perf-edit-graphs = グラフ
perf-edit-up = 上へ移動
perf-edit-down = 下へ移動
perf-edit-remove = グラフを削除
perf-edit-add = グラフを追加
perf-edit-sources = 選択したグラフのデータ ソース
perf-edit-save = プールに保存
perf-edit-defaults = 既定に戻す
perf-kind-host = ホスト
perf-kind-vm = VM
perf-vm-not-running = この VM は実行されていません: ホストにはパフォーマンス データがありません。
