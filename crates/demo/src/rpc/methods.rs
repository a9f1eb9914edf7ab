//! The method table: one entry per method the demo serves beyond the generic per-class
//! calls (name, arity, the least role, whether `Async.` exists, handler, and the xapi
//! function it was checked against).

use super::*;
use crate::lifecycle::{
    bonds, devices, disks, drive_props, evacuate, firmware, ha, host_plugins, hosts, management,
    messages, networks, pifs, pool_ops, reboot, sr_create, srs, tasks, vdi_move, vm_ops, vm_props,
};
use crate::state::Role;
use crate::{event_calls, org_calls, power};
use Arity::{Any, Between, Exact};
use Handler::{Job as J, Open, Sync as S, Wait};
use Role::{PoolAdmin as ADMIN, ReadOnly as READ, VmAdmin as VM_ADMIN, VmOperator as VM_OP};
const ASYNC: bool = true;
const SYNC: bool = false;

/// Every method the server answers besides the generic per-class ones: name, arguments after
/// the session, the least role, whether `Async.<name>` exists, handler, and the xapi
/// function it follows.
#[rustfmt::skip]
pub static METHODS: &[Method] = &[
    m("session.login_with_password",      Between { min: 2, max: 4, said: 4 }, READ,  SYNC,  Open(login), "xapi_session.ml Xapi_session.login_with_password"),
    m("session.logout",                   Exact(0),                            READ,  SYNC,  S(logout), "xapi_session.ml Xapi_session.logout"),
    m("session.local_logout",             Exact(0),                            READ,  SYNC,  S(logout), "xapi_session.ml Xapi_session.local_logout"),
    m("session.get_this_user",            Any,                                 READ,  SYNC,  S(get_this_user), "datamodel.ml session.this_user (generated getter)"),
    m("session.get_is_local_superuser",   Exact(1),                            READ,  SYNC,  S(get_is_local_superuser), "datamodel.ml session.is_local_superuser (generated getter)"),
    m("session.get_rbac_permissions",     Exact(1),                            READ,  SYNC,  S(get_rbac_permissions), "datamodel.ml session.rbac_permissions (generated getter)"),
    m("system.listMethods",               Any,                                 READ,  SYNC,  Open(list_methods), "api_server.ml (system.listMethods)"),
    m("system.isAlive",                   Any,                                 READ,  SYNC,  Open(is_alive), "gen_server.ml (system.isAlive)"),
    m("event.from",                       Exact(3),                            READ,  SYNC,  Wait(event_from), "xapi_event.ml Xapi_event.from (from_inner)"),
    m("event.inject",                     Exact(2),                            READ,  SYNC,  S(event_calls::inject), "xapi_event.ml Xapi_event.inject"),
    m("event.get_current_id",             Exact(0),                            READ,  SYNC,  S(event_calls::get_current_id), "xapi_event.ml Xapi_event.get_current_id"),
    m("host.get_servertime",              Exact(1),                            READ,  SYNC,  S(get_servertime), "xapi_host.ml Xapi_host.get_servertime"),
    // Anyone's own tasks; others' need more than read-only (the handlers check).
    m("task.cancel",                      Exact(1),                            READ,  ASYNC, S(tasks::cancel), "xapi_task.ml Xapi_task.cancel, taskHelper.ml"),
    m("task.destroy",                     Exact(1),                            READ,  ASYNC, S(tasks::destroy), "xapi_task.ml Xapi_task.destroy"),
    m("task.create",                      Exact(2),                            READ,  ASYNC, S(tasks::create), "xapi_task.ml Xapi_task.create"),
    m("message.get_since",                Exact(1),                            READ,  SYNC,  S(messages::get_since), "xapi_message.ml Xapi_message.get_since"),
    m("message.create",                   Exact(5),                            ADMIN, ASYNC, S(messages::create), "xapi_message.ml Xapi_message.create"),
    m("message.destroy",                  Exact(1),                            ADMIN, ASYNC, S(messages::destroy), "xapi_message.ml Xapi_message.destroy"),
    m("message.destroy_many",             Exact(1),                            ADMIN, ASYNC, S(messages::destroy_many), "xapi_message.ml Xapi_message.destroy_many"),
    // The VM lifecycle; a VM operator may start, stop, reboot, suspend, resume, pause and
    // unpause VMs (xapi's datamodel_vm.ml: _R_VM_OP); a VM admin may also clone, copy,
    // destroy and edit them and their devices (_R_VM_ADMIN); the rest needs more (the demo
    // has no role between VM Admin and Pool Admin: _R_VM_POWER_ADMIN and _R_POOL_OP calls
    // need Pool Admin here).
    m("VM.start",                         Exact(3),                            VM_OP, ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.start"),
    m("VM.start_on",                      Exact(4),                            ADMIN, ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.start_on"),
    m("VM.resume",                        Exact(3),                            VM_OP, ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.resume"),
    m("VM.resume_on",                     Exact(4),                            ADMIN, ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.resume_on"),
    m("VM.clean_shutdown",                Exact(1),                            VM_OP, ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.clean_shutdown"),
    m("VM.hard_shutdown",                 Exact(1),                            VM_OP, ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.hard_shutdown"),
    m("VM.clean_reboot",                  Exact(1),                            VM_OP, ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.clean_reboot"),
    m("VM.hard_reboot",                   Exact(1),                            VM_OP, ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.hard_reboot"),
    m("VM.suspend",                       Exact(1),                            VM_OP, ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.suspend"),
    m("VM.pause",                         Exact(1),                            VM_OP, ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.pause"),
    m("VM.unpause",                       Exact(1),                            VM_OP, ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.unpause"),
    // Newer xapi adds an `ignore_vdis` set.
    m("VM.snapshot",                      Between { min: 2, max: 3, said: 2 }, ADMIN, ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.snapshot"),
    m("VM.checkpoint",                    Exact(2),                            ADMIN, ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.checkpoint"),
    m("VM.revert",                        Exact(1),                            ADMIN, ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.revert"),
    m("VM.clone",                         Exact(2),                            VM_ADMIN,ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.clone"),
    m("VM.copy",                          Exact(3),                            VM_ADMIN,ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.copy"),
    m("VM.destroy",                       Exact(1),                            VM_ADMIN,ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.destroy"),
    m("VM.pool_migrate",                  Exact(3),                            ADMIN, ASYNC, J(vm_ops::build), "xapi_vm_migrate.ml Xapi_vm_migrate.pool_migrate"),
    m("VM.provision",                     Exact(1),                            VM_ADMIN,ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.provision"),
    m("VM.set_VCPUs_max",                 Exact(2),                            VM_ADMIN,ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.set_VCPUs_max"),
    m("VM.set_VCPUs_at_startup",          Exact(2),                            VM_ADMIN,ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.set_VCPUs_at_startup"),
    m("VM.set_memory_limits",             Exact(5),                            ADMIN, ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.set_memory_limits"),
    m("VM.set_is_a_template",             Exact(2),                            VM_ADMIN,ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.set_is_a_template"),
    m("VM.set_PV_args",                   Exact(2),                            VM_ADMIN,ASYNC, J(vm_ops::build), "datamodel_vm.ml VM.PV_args (generated setter)"),
    m("VM.set_HVM_boot_policy",           Exact(2),                            VM_ADMIN,ASYNC, J(vm_ops::build), "xapi_vm.ml Xapi_vm.set_HVM_boot_policy"),
    // The Properties dialog's setters (xapi: Xapi_vm.set_VCPUs_number_live, set_memory,
    // set_memory_dynamic_range, set_order, set_start_delay, set_ha_restart_priority; the
    // generated Db.VM.set_affinity).
    m("VM.set_VCPUs_number_live",         Exact(2),                            VM_ADMIN,ASYNC, J(vm_props::build), "xapi_vm.ml Xapi_vm.set_VCPUs_number_live"),
    m("VM.set_memory",                    Exact(2),                            ADMIN, ASYNC, J(vm_props::build), "xapi_vm.ml Xapi_vm.set_memory"),
    m("VM.set_memory_dynamic_range",      Exact(3),                            ADMIN, ASYNC, J(vm_props::build), "xapi_vm.ml Xapi_vm.set_memory_dynamic_range"),
    m("VM.set_affinity",                  Exact(2),                            VM_ADMIN,ASYNC, J(vm_props::build), "datamodel_vm.ml VM.affinity (generated setter Db.VM.set_affinity)"),
    m("VM.set_order",                     Exact(2),                            ADMIN, ASYNC, J(vm_props::build), "xapi_vm.ml Xapi_vm.set_order"),
    m("VM.set_start_delay",               Exact(2),                            ADMIN, ASYNC, J(vm_props::build), "xapi_vm.ml Xapi_vm.set_start_delay"),
    m("VM.set_ha_restart_priority",       Exact(2),                            ADMIN, ASYNC, J(vm_props::build), "xapi_vm.ml Xapi_vm.set_ha_restart_priority"),
    // Hosts and the pool: xapi's _R_POOL_OP (the demo's pool admin); host.disable gained
    // auto_enable, host.evacuate a network and a batch size.
    m("host.disable",                     Between { min: 1, max: 2, said: 1 }, ADMIN, ASYNC, S(hosts::disable), "xapi_host.ml Xapi_host.disable"),
    m("host.enable",                      Exact(1),                            ADMIN, ASYNC, S(hosts::enable), "xapi_host.ml Xapi_host.enable"),
    m("host.evacuate",                    Between { min: 1, max: 3, said: 1 }, ADMIN, SYNC,  Wait(evacuate::evacuate), "xapi_host.ml Xapi_host.evacuate"),
    m("Async.host.evacuate",              Between { min: 1, max: 3, said: 1 }, ADMIN, SYNC,  S(evacuate::evacuate_async), "xapi_host.ml Xapi_host.evacuate"),
    m("host.get_vms_which_prevent_evacuation", Exact(1),                       READ,  ASYNC, S(evacuate::get_vms_which_prevent_evacuation), "xapi_host.ml Xapi_host.get_vms_which_prevent_evacuation"),
    m("host.assert_can_evacuate",         Exact(1),                            ADMIN, ASYNC, S(evacuate::assert_can_evacuate), "xapi_host.ml Xapi_host.assert_can_evacuate"),
    m("host.reboot",                      Exact(1),                            ADMIN, ASYNC, S(reboot::reboot), "xapi_host.ml Xapi_host.reboot"),
    m("host.shutdown",                    Exact(1),                            ADMIN, ASYNC, S(reboot::shutdown), "xapi_host.ml Xapi_host.shutdown"),
    m("host.power_on",                    Exact(1),                            ADMIN, ASYNC, S(reboot::power_on), "xapi_host.ml Xapi_host.power_on"),
    m("host.restart_agent",               Exact(1),                            ADMIN, ASYNC, S(reboot::restart_agent), "xapi_host.ml Xapi_host.restart_agent"),
    m("host.set_iscsi_iqn",               Exact(2),                            ADMIN, ASYNC, S(hosts::set_iscsi_iqn), "xapi_host.ml Xapi_host.set_iscsi_iqn"),
    m("host.set_multipathing",            Exact(2),                            ADMIN, ASYNC, S(hosts::set_multipathing), "xapi_host.ml Xapi_host.set_multipathing"),
    m("host.syslog_reconfigure",          Exact(1),                            ADMIN, ASYNC, S(hosts::syslog_reconfigure), "xapi_host.ml Xapi_host.syslog_reconfigure"),
    m("host.set_power_on_mode",           Exact(3),                            ADMIN, ASYNC, S(hosts::set_power_on_mode), "xapi_host.ml Xapi_host.set_power_on_mode"),
    m("pool.designate_new_master",        Exact(1),                            ADMIN, ASYNC, S(pool_ops::designate_new_master), "xapi_pool.ml Xapi_pool.designate_new_master"),
    m("pool.eject",                       Exact(1),                            ADMIN, ASYNC, S(pool_ops::eject), "xapi_pool.ml Xapi_pool.eject"),
    // HA's planner (the demo's, from host memory); xapi: _R_POOL_OP, the demo's nearest is Pool Admin.
    m("pool.ha_compute_max_host_failures_to_tolerate", Exact(0),               ADMIN, ASYNC, S(ha::compute_max), "xapi_pool.ml Xapi_pool.ha_compute_max_host_failures_to_tolerate"),
    m("pool.ha_compute_hypothetical_max_host_failures_to_tolerate", Exact(1),  ADMIN, ASYNC, S(ha::compute_hypothetical_max), "xapi_pool.ml Xapi_pool.ha_compute_hypothetical_max_host_failures_to_tolerate"),
    m("pool.ha_failover_plan_exists",     Exact(1),                            ADMIN, ASYNC, S(ha::failover_plan_exists), "xapi_pool.ml Xapi_pool.ha_failover_plan_exists"),
    m("pool.set_ha_host_failures_to_tolerate", Exact(2),                       ADMIN, ASYNC, S(ha::set_failures_to_tolerate), "xapi_pool.ml Xapi_pool.set_ha_host_failures_to_tolerate"),
    m("pool.set_vm_console_idle_timeout", Exact(2),                            ADMIN, ASYNC, S(pool_ops::set_vm_console_idle_timeout), "datamodel_pool.ml pool.vm_console_idle_timeout (generated setter)"),
    m("pool.set_limit_console_sessions",  Exact(2),                            ADMIN, ASYNC, S(pool_ops::set_limit_console_sessions), "datamodel_pool.ml pool.limit_console_sessions (generated setter)"),
    m("VM.assert_can_boot_here",          Exact(2),                            READ,  ASYNC, S(vm_ops::assert_can_boot_here), "xapi_vm_helpers.ml Xapi_vm_helpers.assert_can_boot_here"),
    m("VM.set_xenstore_data",             Exact(2),                            VM_ADMIN,ASYNC, S(power::set_xenstore_data), "xapi_vm.ml Xapi_vm.set_xenstore_data"),
    // Devices, as the New VM wizard and VM deletion need them.
    m("VDI.create",                       Exact(1),                            VM_ADMIN,ASYNC, J(devices::vdi_create), "xapi_vdi.ml Xapi_vdi.create"),
    m("VDI.destroy",                      Exact(1),                            VM_ADMIN,ASYNC, J(devices::destroy), "xapi_vdi.ml Xapi_vdi.destroy"),
    m("VBD.create",                       Exact(1),                            VM_ADMIN,ASYNC, J(devices::vbd_create), "xapi_vbd.ml Xapi_vbd.create"),
    m("VBD.destroy",                      Exact(1),                            VM_ADMIN,ASYNC, J(devices::destroy), "xapi_vbd.ml Xapi_vbd.destroy"),
    m("VBD.insert",                       Exact(2),                            VM_OP, ASYNC, J(devices::media), "xapi_vbd.ml Xapi_vbd.insert"),
    m("VBD.eject",                        Exact(1),                            VM_OP, ASYNC, J(devices::media), "xapi_vbd.ml Xapi_vbd.eject"),
    m("VIF.create",                       Exact(1),                            VM_ADMIN,ASYNC, J(devices::vif_create), "xapi_vif.ml Xapi_vif.create"),
    m("VIF.destroy",                      Exact(1),                            VM_ADMIN,ASYNC, J(devices::destroy), "xapi_vif.ml Xapi_vif.destroy"),
    // VTPM.create/destroy need a VM admin in xapi (_R_VM_ADMIN); the demo's nearest is Pool Admin.
    m("VTPM.create",                      Exact(2),                            ADMIN, ASYNC, J(firmware::vtpm_create), "xapi_vtpm.ml Xapi_vtpm.create (message_forwarding.ml with_vm_operation create_vtpm)"),
    m("VTPM.destroy",                     Exact(1),                            ADMIN, ASYNC, J(firmware::vtpm_destroy), "xapi_vtpm.ml Xapi_vtpm.destroy"),
    // Storage: a VM's drives and disks.
    m("VBD.plug",                         Exact(1),                            VM_ADMIN,ASYNC, J(disks::plug), "xapi_vbd.ml Xapi_vbd.plug"),
    m("VBD.unplug",                       Exact(1),                            VM_ADMIN,ASYNC, J(disks::plug), "xapi_vbd.ml Xapi_vbd.unplug"),
    m("VDI.resize",                       Exact(2),                            VM_ADMIN,ASYNC, J(disks::resize), "xapi_vdi.ml Xapi_vdi.resize"),
    m("VDI.resize_online",                Exact(2),                            VM_ADMIN,ASYNC, J(disks::resize), "xapi_vdi.ml Xapi_vdi.resize_online"),
    m("VDI.copy",                         Exact(4),                            VM_ADMIN,ASYNC, J(vdi_move::copy), "xapi_vdi.ml Xapi_vdi.copy"),
    m("VDI.pool_migrate",                 Exact(3),                            ADMIN, ASYNC, J(vdi_move::pool_migrate), "xapi_vm_migrate.ml Xapi_vm_migrate.vdi_pool_migrate"),
    // The disk Properties dialog: a drive's mode and position; a disk's read-only flag
    // (a storage driver's own; everyone else is refused).
    m("VBD.set_mode",                     Exact(2),                            VM_ADMIN,ASYNC, S(drive_props::set_mode), "xapi_vbd.ml Xapi_vbd.set_mode"),
    m("VBD.set_userdevice",               Exact(2),                            VM_ADMIN,SYNC,  S(drive_props::set_userdevice), "datamodel.ml VBD.userdevice (generated setter)"),
    m("VDI.set_read_only",                Exact(2),                            VM_ADMIN,SYNC,  S(drive_props::set_read_only), "message_forwarding.ml VDI.set_read_only"),
    // Storage: repositories and their attachments to hosts.
    m("SR.scan",                          Exact(1),                            ADMIN, ASYNC, J(srs::scan), "xapi_sr.ml Xapi_sr.scan"),
    m("SR.forget",                        Exact(1),                            ADMIN, ASYNC, J(srs::remove), "xapi_sr.ml Xapi_sr.forget"),
    m("SR.destroy",                       Exact(1),                            ADMIN, ASYNC, J(srs::remove), "xapi_sr.ml Xapi_sr.destroy"),
    m("PBD.plug",                         Exact(1),                            ADMIN, ASYNC, J(srs::pbd_plug), "xapi_pbd.ml Xapi_pbd.plug"),
    m("PBD.unplug",                       Exact(1),                            ADMIN, ASYNC, J(srs::pbd_unplug), "xapi_pbd.ml Xapi_pbd.unplug"),
    m("PBD.destroy",                      Exact(1),                            ADMIN, ASYNC, J(srs::pbd_destroy), "xapi_pbd.ml Xapi_pbd.destroy"),
    m("PBD.set_device_config",            Exact(2),                            ADMIN, ASYNC, J(srs::set_device_config), "xapi_pbd.ml Xapi_pbd.set_device_config"),
    m("SR.probe",                         Exact(4),                            ADMIN, ASYNC, J(sr_create::probe), "xapi_sr.ml Xapi_sr.probe"),
    m("SR.probe_ext",                     Exact(4),                            ADMIN, ASYNC, J(sr_create::probe), "xapi_sr.ml Xapi_sr.probe_ext"),
    m("SR.create",                        Exact(9),                            ADMIN, ASYNC, J(sr_create::create), "xapi_sr.ml Xapi_sr.create"),
    m("SR.introduce",                     Exact(7),                            ADMIN, ASYNC, J(sr_create::introduce), "xapi_sr.ml Xapi_sr.introduce"),
    m("host.call_plugin",                 Exact(4),                            ADMIN, ASYNC, J(host_plugins::call_plugin), "xapi_host.ml Xapi_host.call_plugin, xapi_plugins.ml"),
    m("PBD.create",                       Exact(1),                            ADMIN, ASYNC, J(sr_create::pbd_create), "xapi_pbd.ml Xapi_pbd.create"),
    // xapi lets a pool operator create secrets; the demo has no role between VM operator
    // and pool admin.
    m("secret.create",                    Exact(1),                            ADMIN, ASYNC, J(sr_create::secret_create), "xapi_secret.ml Xapi_secret.create"),
    m("pool.set_default_SR",              Exact(2),                            ADMIN, ASYNC, J(srs::set_pool_sr), "datamodel_pool.ml pool.default_SR (generated setter)"),
    m("pool.set_suspend_image_SR",        Exact(2),                            ADMIN, ASYNC, J(srs::set_pool_sr), "datamodel_pool.ml pool.suspend_image_SR (generated setter)"),
    m("pool.set_crash_dump_SR",           Exact(2),                            ADMIN, ASYNC, J(srs::set_pool_sr), "datamodel_pool.ml pool.crash_dump_SR (generated setter)"),
    // Networking. xapi gives network methods to a VM admin (_R_VM_ADMIN), the rest to a
    // pool operator (_R_POOL_OP); the demo's nearest role for both is Pool Admin.
    m("network.create",                   Exact(1),                            ADMIN, ASYNC, S(networks::create), "xapi_network.ml Xapi_network.create"),
    m("network.destroy",                  Exact(1),                            ADMIN, ASYNC, S(networks::destroy), "xapi_network.ml Xapi_network.destroy"),
    m("network.set_MTU",                  Exact(2),                            ADMIN, ASYNC, S(networks::set_mtu), "datamodel.ml network.MTU (generated setter)"),
    m("VLAN.create",                      Exact(3),                            ADMIN, ASYNC, S(networks::create_vlan), "xapi_vlan.ml Xapi_vlan.create"),
    m("VLAN.destroy",                     Exact(1),                            ADMIN, ASYNC, S(networks::destroy_vlan), "xapi_vlan.ml Xapi_vlan.destroy"),
    m("pool.create_VLAN_from_PIF",        Exact(3),                            ADMIN, ASYNC, S(networks::create_vlan_from_pif), "xapi_pool.ml Xapi_pool.create_VLAN_from_PIF"),
    m("Bond.create",                      Exact(5),                            ADMIN, ASYNC, S(bonds::create), "xapi_bond.ml Xapi_bond.create"),
    m("Bond.destroy",                     Exact(1),                            ADMIN, ASYNC, S(bonds::destroy), "xapi_bond.ml Xapi_bond.destroy"),
    m("Bond.set_mode",                    Exact(2),                            ADMIN, ASYNC, S(bonds::set_mode), "xapi_bond.ml Xapi_bond.set_mode"),
    m("Bond.set_property",                Exact(3),                            ADMIN, ASYNC, S(bonds::set_property), "xapi_bond.ml Xapi_bond.set_property"),
    m("PIF.plug",                         Exact(1),                            ADMIN, ASYNC, S(pifs::plug), "xapi_pif.ml Xapi_pif.plug"),
    m("PIF.unplug",                       Exact(1),                            ADMIN, ASYNC, S(pifs::unplug), "xapi_pif.ml Xapi_pif.unplug"),
    m("PIF.forget",                       Exact(1),                            ADMIN, ASYNC, S(pifs::forget), "xapi_pif.ml Xapi_pif.forget"),
    m("PIF.set_property",                 Exact(3),                            ADMIN, ASYNC, S(pifs::set_property), "xapi_pif.ml Xapi_pif.set_property"),
    m("PIF.reconfigure_ip",               Exact(6),                            ADMIN, ASYNC, S(pifs::reconfigure_ip), "xapi_pif.ml Xapi_pif.reconfigure_ip"),
    m("PIF.reconfigure_ipv6",             Exact(5),                            ADMIN, ASYNC, S(pifs::reconfigure_ipv6), "xapi_pif.ml Xapi_pif.reconfigure_ipv6"),
    m("host.management_reconfigure",      Exact(1),                            ADMIN, ASYNC, S(management::host_reconfigure), "xapi_host.ml Xapi_host.management_reconfigure"),
    m("host.management_disable",          Exact(0),                            ADMIN, SYNC,  S(management::disable), "xapi_host.ml Xapi_host.management_disable"),
    m("pool.management_reconfigure",      Exact(1),                            ADMIN, ASYNC, S(management::pool_reconfigure), "xapi_pool.ml Xapi_pool.management_reconfigure"),
    // Organising: tags, folders and custom fields (`org_calls`): a VM operator's in xapi;
    // other_config keys besides XenCenter's two are a pool admin's.
    m("VM.add_tags",                      Exact(2),                            VM_OP, SYNC,  S(org_calls::edit), "datamodel_vm.ml VM.tags (generated add_tags, writer_roles _R_VM_OP)"),
    m("VM.remove_tags",                   Exact(2),                            VM_OP, SYNC,  S(org_calls::edit), "datamodel_vm.ml VM.tags (generated remove_tags, writer_roles _R_VM_OP)"),
    m("VM.add_to_other_config",           Exact(3),                            VM_OP, SYNC,  S(org_calls::other_config), "datamodel_vm.ml VM.other_config (generated add_to_other_config, map_keys_roles)"),
    m("VM.remove_from_other_config",      Exact(2),                            VM_OP, SYNC,  S(org_calls::other_config), "datamodel_vm.ml VM.other_config (generated remove_from_other_config, map_keys_roles)"),
    m("host.add_tags",                    Exact(2),                            VM_OP, SYNC,  S(org_calls::edit), "datamodel_host.ml host.tags (generated add_tags, writer_roles _R_VM_OP)"),
    m("host.remove_tags",                 Exact(2),                            VM_OP, SYNC,  S(org_calls::edit), "datamodel_host.ml host.tags (generated remove_tags, writer_roles _R_VM_OP)"),
    m("host.add_to_other_config",         Exact(3),                            VM_OP, SYNC,  S(org_calls::other_config), "datamodel_host.ml host.other_config (generated add_to_other_config, map_keys_roles)"),
    m("host.remove_from_other_config",    Exact(2),                            VM_OP, SYNC,  S(org_calls::other_config), "datamodel_host.ml host.other_config (generated remove_from_other_config, map_keys_roles)"),
    m("pool.add_tags",                    Exact(2),                            VM_OP, SYNC,  S(org_calls::edit), "datamodel_pool.ml pool.tags (generated add_tags, writer_roles _R_VM_OP)"),
    m("pool.remove_tags",                 Exact(2),                            VM_OP, SYNC,  S(org_calls::edit), "datamodel_pool.ml pool.tags (generated remove_tags, writer_roles _R_VM_OP)"),
    m("pool.add_to_other_config",         Exact(3),                            VM_OP, SYNC,  S(org_calls::other_config), "datamodel_pool.ml pool.other_config (generated add_to_other_config, map_keys_roles)"),
    m("pool.remove_from_other_config",    Exact(2),                            VM_OP, SYNC,  S(org_calls::other_config), "datamodel_pool.ml pool.other_config (generated remove_from_other_config, map_keys_roles)"),
    m("SR.add_tags",                      Exact(2),                            VM_OP, SYNC,  S(org_calls::edit), "datamodel.ml SR.tags (generated add_tags, writer_roles _R_VM_OP)"),
    m("SR.remove_tags",                   Exact(2),                            VM_OP, SYNC,  S(org_calls::edit), "datamodel.ml SR.tags (generated remove_tags, writer_roles _R_VM_OP)"),
    m("SR.add_to_other_config",           Exact(3),                            VM_OP, SYNC,  S(org_calls::other_config), "datamodel.ml SR.other_config (generated add_to_other_config, map_keys_roles)"),
    m("SR.remove_from_other_config",      Exact(2),                            VM_OP, SYNC,  S(org_calls::other_config), "datamodel.ml SR.other_config (generated remove_from_other_config, map_keys_roles)"),
    m("network.add_tags",                 Exact(2),                            VM_OP, SYNC,  S(org_calls::edit), "datamodel.ml network.tags (generated add_tags, writer_roles _R_VM_OP)"),
    m("network.remove_tags",              Exact(2),                            VM_OP, SYNC,  S(org_calls::edit), "datamodel.ml network.tags (generated remove_tags, writer_roles _R_VM_OP)"),
    m("network.add_to_other_config",      Exact(3),                            VM_OP, SYNC,  S(org_calls::other_config), "datamodel.ml network.other_config (generated add_to_other_config, map_keys_roles)"),
    m("network.remove_from_other_config", Exact(2),                            VM_OP, SYNC,  S(org_calls::other_config), "datamodel.ml network.other_config (generated remove_from_other_config, map_keys_roles)"),
    m("pool.add_to_gui_config",           Exact(3),                            VM_OP, SYNC,  S(org_calls::edit), "datamodel_pool.ml pool.gui_config (generated add_to_gui_config, writer_roles _R_VM_OP)"),
    m("pool.remove_from_gui_config",      Exact(2),                            VM_OP, SYNC,  S(org_calls::edit), "datamodel_pool.ml pool.gui_config (generated remove_from_gui_config, writer_roles _R_VM_OP)"),
];
