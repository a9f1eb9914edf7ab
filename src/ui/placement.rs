//! The answers to `VM.assert_can_boot_here`, per pool, VM and server, for the Start on and
//! Move to submenus. The submenu asks (a [`Command::CheckPlacement`]) for what it lacks and
//! shows "checking…" meanwhile; each check runs in the background
//! ([`crate::services::background::Task`]) and the app polls them once a frame, so the menu
//! never waits. An answer is kept while the facts xapi checks stay the same
//! ([`placement::facts`]); for other facts it is asked again (the old answer shows until the
//! new one arrives).
//!
//! [`Command::CheckPlacement`]: super::command::Command::CheckPlacement

use crate::model::placement::{self, Refusal, Verdict};
use crate::services::background::{Poll, Task};
use crate::ui::windows::Worker;
use std::collections::HashMap;
use std::sync::Arc;
use xenapi::{Cache, Host, Ref, Session, Vm};

type Key = (u64, Ref<Vm>, Ref<Host>);

struct Entry {
    /// The facts the answer (or the question running) is for.
    facts: u64,
    answer: Option<Verdict>,
    running: Option<(u64, Task<Result<(), xenapi::Error>>)>,
}

/// Every answer and question in flight.
#[derive(Default)]
pub struct PlacementChecks {
    entries: HashMap<Key, Entry>,
}

impl PlacementChecks {
    /// What to show for `vm` on `host` of pool `pool`: `None` when nothing was asked yet.
    pub fn verdict(
        &self,
        cache: &Cache,
        pool: u64,
        vm: &Ref<Vm>,
        host: &Ref<Host>,
    ) -> Option<Verdict> {
        if placement::runs_there(cache, vm, host) {
            return Some(Verdict::Refused(Refusal::CurrentServer));
        }
        let e = self.entries.get(&(pool, vm.clone(), host.clone()))?;
        Some(e.answer.clone().unwrap_or(Verdict::Checking))
    }

    /// Whether `vm` on `host` needs asking (never asked, or asked for other facts).
    pub fn needs_asking(&self, cache: &Cache, pool: u64, vm: &Ref<Vm>, host: &Ref<Host>) -> bool {
        if placement::runs_there(cache, vm, host) {
            return false;
        }
        let facts = placement::facts(cache, vm, host);
        match self.entries.get(&(pool, vm.clone(), host.clone())) {
            None => true,
            Some(e) => match &e.running {
                Some((f, _)) => *f != facts,
                None => e.facts != facts,
            },
        }
    }

    /// Asks the pool about each pair that needs it.
    pub fn ask(
        &mut self,
        worker: &Worker,
        session: Arc<Session>,
        cache: &Cache,
        pool: u64,
        pairs: &[(Ref<Vm>, Ref<Host>)],
    ) {
        for (vm, host) in pairs {
            if !self.needs_asking(cache, pool, vm, host) {
                continue;
            }
            let facts = placement::facts(cache, vm, host);
            let (s, v, h) = (session.clone(), vm.clone(), host.clone());
            let task = worker.spawn(async move {
                s.call("VM.assert_can_boot_here", &[(&v).into(), (&h).into()])
                    .await
                    .map(|_| ())
            });
            let e = self
                .entries
                .entry((pool, vm.clone(), host.clone()))
                .or_insert(Entry {
                    facts,
                    answer: None,
                    running: None,
                });
            e.running = Some((facts, task));
        }
    }

    /// Takes the answers that arrived (names in refusals looked up in the pools' caches).
    pub fn poll(&mut self, cache_of: impl Fn(u64) -> Option<Arc<Cache>>) {
        for ((pool, _, _), e) in self.entries.iter_mut() {
            let Some((facts, task)) = &mut e.running else {
                continue;
            };
            let answer = match task.poll() {
                Poll::Pending => continue,
                Poll::Ready(Ok(())) => Verdict::Ok,
                Poll::Ready(Err(err)) => match (err.api(), cache_of(*pool)) {
                    (Some(api), Some(c)) => Verdict::Refused(placement::refusal(&c, api)),
                    _ => Verdict::Refused(Refusal::Unanswered(err.to_string())),
                },
                Poll::Vanished => Verdict::Refused(Refusal::Unanswered(String::new())),
            };
            e.facts = *facts;
            e.answer = Some(answer);
            e.running = None;
        }
    }

    /// Forgets a pool's answers (it disconnected or was removed).
    pub fn forget(&mut self, pool: u64) {
        self.entries.retain(|(p, _, _), _| *p != pool);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Cache {
        xapidb::cache_of(&demo::demo_pool())
    }

    fn named<T>(m: &HashMap<Ref<T>, impl std::fmt::Debug>, pick: impl Fn(&str) -> bool) -> Ref<T> {
        m.iter()
            .find(|(_, v)| pick(&format!("{v:?}")))
            .map(|(r, _)| r.clone())
            .unwrap_or_else(|| panic!("not found"))
    }

    #[test]
    fn a_question_in_flight_reads_checking_and_new_facts_ask_again() {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let mut c = demo();
        let vm = named(&c.vms, |d| d.contains("name_label: \"web-01\""));
        let h2 = named(&c.hosts, |d| d.contains("name_label: \"xcp-host-02\""));
        let h1 = named(&c.hosts, |d| d.contains("name_label: \"xcp-host-01\""));
        let mut checks = PlacementChecks::default();
        assert_eq!(checks.verdict(&c, 1, &vm, &h2), None);
        assert!(checks.needs_asking(&c, 1, &vm, &h2));
        // The server the VM runs on is refused without asking.
        assert!(!checks.needs_asking(&c, 1, &vm, &h1));
        assert_eq!(
            checks.verdict(&c, 1, &vm, &h1),
            Some(Verdict::Refused(Refusal::CurrentServer))
        );
        // A question that never answers.
        let task = Task::spawn(rt.handle(), Box::new(|| {}), std::future::pending());
        checks.entries.insert(
            (1, vm.clone(), h2.clone()),
            Entry {
                facts: placement::facts(&c, &vm, &h2),
                answer: None,
                running: Some((placement::facts(&c, &vm, &h2), task)),
            },
        );
        checks.poll(|_| None);
        assert_eq!(checks.verdict(&c, 1, &vm, &h2), Some(Verdict::Checking));
        assert!(!checks.needs_asking(&c, 1, &vm, &h2));
        // The answer arrives: kept while the facts hold.
        if let Some(e) = checks.entries.get_mut(&(1, vm.clone(), h2.clone())) {
            e.running = Some((e.facts, Task::ready(Ok(()))));
        }
        checks.poll(|_| None);
        assert_eq!(checks.verdict(&c, 1, &vm, &h2), Some(Verdict::Ok));
        assert!(!checks.needs_asking(&c, 1, &vm, &h2));
        if let Some(h) = c.hosts.get_mut(&h2) {
            h.enabled = false;
        }
        assert!(checks.needs_asking(&c, 1, &vm, &h2), "the server changed");
        checks.forget(1);
        assert_eq!(checks.verdict(&c, 1, &vm, &h2), None);
    }
}
