//! The High availability page's plan check, as XenCenter's `VMHAEditPage` makes it: with HA
//! on and a restart priority changed, the pool is asked how many server failures it could
//! tolerate with every VM's priority as it would be
//! (`pool.ha_compute_hypothetical_max_host_failures_to_tolerate`), and the page warns when
//! that is below what the pool is set to tolerate: the pool would be overcommitted (and
//! xapi refuses to protect a running VM that breaks the plan:
//! `HA_OPERATION_WOULD_BREAK_FAILOVER_PLAN`).

use crate::services::background::{Poll, Task};
use crate::ui::hosts::ha;
use crate::ui::windows::AppView;
use eframe::egui;
use serde_json::{Value, json};
use xenapi::{Cache, Error, Ref, Vm};

#[derive(Default)]
pub struct HaCheck {
    /// The configuration last asked about.
    asked: Option<Value>,
    task: Option<Task<Result<Value, Error>>>,
    answer: Option<Result<i64, Error>>,
}

impl HaCheck {
    /// Asks (again, when the configuration changed) and says what the answer means.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        view: &AppView,
        pool: u64,
        cache: &Cache,
        vms: &[Ref<Vm>],
        priority: &str,
    ) {
        let i18n = view.i18n;
        let Some((_, p)) = ha::pool(cache) else {
            return;
        };
        let mut config = ha::priorities(cache);
        if let Value::Object(m) = &mut config {
            for vm in vms {
                if priority.is_empty() {
                    m.remove(vm.as_str());
                } else {
                    m.insert(vm.as_str().to_string(), json!(priority));
                }
            }
        }
        if self.asked.as_ref() != Some(&config) {
            let (Some(w), Some(s)) = (view.worker.clone(), view.pools.session_of(Some(pool)))
            else {
                return;
            };
            let c = config.clone();
            self.task = Some(w.spawn(async move {
                s.call(
                    "pool.ha_compute_hypothetical_max_host_failures_to_tolerate",
                    &[c],
                )
                .await
            }));
            self.asked = Some(config);
            self.answer = None;
        }
        if let Some(t) = &mut self.task {
            match t.poll() {
                Poll::Pending => {}
                Poll::Ready(r) => {
                    self.answer = Some(r.map(|v| ha::int(&v).unwrap_or(0)));
                    self.task = None;
                }
                Poll::Vanished => self.task = None,
            }
        }
        let ntol = p.ha_host_failures_to_tolerate;
        match &self.answer {
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(i18n.get("vmp-ha-checking"));
                });
            }
            Some(Err(e)) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    crate::ui::errors::action(i18n, e),
                );
            }
            Some(Ok(max)) => {
                ui.label(i18n.get_args(
                    "vmp-ha-max",
                    &[("max", &max.to_string()), ("ntol", &ntol.to_string())],
                ));
                if *max < ntol {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        i18n.get_args("vmp-ha-overcommit", &[("ntol", &ntol.to_string())]),
                    );
                }
            }
        }
    }
}
