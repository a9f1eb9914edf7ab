//! The data sources of hosts and VMs: deterministic noise shaped into CPU, memory, network and
//! disk figures, each a pure function of (object uuid, data source, time).

use super::{GIB, HostSpec, VmSpec};
use std::f64::consts::TAU;

const MB: f64 = 1_000_000.0;

// ---- deterministic noise -------------------------------------------------------------

fn seed_of(s: &str) -> u64 {
    // FNV-1a: stable across runs and platforms, unlike std's hasher.
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn mix(mut z: u64) -> u64 {
    // splitmix64's finaliser.
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A uniform number in [0, 1) for (seed, i).
fn unit(seed: u64, i: i64) -> f64 {
    (mix(seed ^ mix(i as u64)) >> 11) as f64 / (1u64 << 53) as f64
}

/// Smooth noise in [0, 1): random knots every `period` seconds, eased between.
fn smooth(seed: u64, t: f64, period: f64) -> f64 {
    let x = t / period;
    let k = x.floor();
    let w = (1.0 - ((x - k) * std::f64::consts::PI).cos()) / 2.0;
    let (a, b) = (unit(seed, k as i64), unit(seed, k as i64 + 1));
    a + (b - a) * w
}

/// Busy in the working day (UTC, shifted per object), quiet at night: 0..1.
fn daily(seed: u64, t: f64) -> f64 {
    let phase = unit(seed, -7) * 4.0 * 3600.0;
    let day = ((t - phase) / 86_400.0 - 14.0 / 24.0) * TAU;
    (1.0 + day.cos()) / 2.0
}

/// Occasional bursts: in about one 10-minute window in twelve, a hump of 1..4 minutes.
fn burst(seed: u64, t: f64) -> f64 {
    let w = (t / 600.0).floor() as i64;
    if unit(seed, w * 3) > 1.0 / 12.0 {
        return 0.0;
    }
    let begin = w as f64 * 600.0 + unit(seed, w * 3 + 1) * 360.0;
    let len = 60.0 + unit(seed, w * 3 + 2) * 180.0;
    let x = (t - begin) / len;
    if (0.0..1.0).contains(&x) {
        (x * std::f64::consts::PI).sin()
    } else {
        0.0
    }
}

// ---- the data sources -----------------------------------------------------------------

/// How busy a VM is: a third idle near zero, the control domain light, others 10–70 %.
fn vm_level(vm: &VmSpec) -> f64 {
    let s = seed_of(&vm.uuid);
    if vm.control_domain {
        0.05 + unit(s, 1) * 0.1
    } else if unit(s, 2) < 1.0 / 3.0 {
        0.003 + unit(s, 1) * 0.01
    } else {
        0.1 + unit(s, 1) * 0.6
    }
}

/// Load of one CPU of an object whose busy level is `level`: 0..1.
fn cpu(seed: u64, level: f64, i: usize, t: f64) -> f64 {
    let s = seed ^ mix(i as u64 + 1);
    let base = level * (0.35 + 0.65 * daily(seed, t)) * (0.5 + smooth(s, t, 300.0));
    let b = burst(s, t) * (0.2 + 0.8 * level);
    (base + b).clamp(0.0, 1.0)
}

/// A rate in bytes/s for activity `level`, peaking near `peak`.
fn rate(seed: u64, level: f64, peak: f64, t: f64) -> f64 {
    let base = level * peak * (0.3 + 0.7 * smooth(seed, t, 120.0)) * (0.3 + 0.7 * daily(seed, t));
    base + burst(seed, t) * level * peak + 50.0 + 200.0 * unit(seed, (t / 5.0) as i64)
}

/// A data source of an object, evaluated at `t`.
#[derive(Debug, Clone, Copy)]
pub(super) enum Ds {
    Cpu(usize),
    CpuMean,
    HostMemTotalKib,
    HostMemFreeKib,
    LoadAvg,
    Pif(usize, bool),
    VmMemory,
    VmMemFreeKib,
    Vif(usize, bool),
    VbdBytes(usize, bool),
    VbdIops(usize, bool),
    VbdLatency(usize),
}

pub(super) enum Obj<'a> {
    Host(&'a HostSpec),
    Vm(&'a VmSpec),
}

impl Obj<'_> {
    pub(super) fn uuid(&self) -> &str {
        match self {
            Obj::Host(h) => &h.uuid,
            Obj::Vm(v) => &v.uuid,
        }
    }

    fn level(&self) -> f64 {
        match self {
            Obj::Host(h) => 0.1 + unit(seed_of(&h.uuid), 1) * 0.3,
            Obj::Vm(v) => vm_level(v),
        }
    }

    fn cpus(&self) -> usize {
        match self {
            Obj::Host(h) => h.cpus,
            Obj::Vm(v) => v.vcpus,
        }
    }

    /// The data sources in rrdd's order, with their names.
    pub(super) fn sources(&self) -> Vec<(String, Ds)> {
        let mut out: Vec<(String, Ds)> = (0..self.cpus())
            .map(|i| (format!("cpu{i}"), Ds::Cpu(i)))
            .collect();
        match self {
            Obj::Host(h) => {
                out.push(("cpu_avg".into(), Ds::CpuMean));
                out.push(("memory_total_kib".into(), Ds::HostMemTotalKib));
                out.push(("memory_free_kib".into(), Ds::HostMemFreeKib));
                out.push(("loadavg".into(), Ds::LoadAvg));
                for (i, d) in h.pifs.iter().enumerate() {
                    out.push((format!("pif_{d}_rx"), Ds::Pif(i, true)));
                    out.push((format!("pif_{d}_tx"), Ds::Pif(i, false)));
                }
            }
            Obj::Vm(v) => {
                out.push(("cpu_usage".into(), Ds::CpuMean));
                out.push(("memory".into(), Ds::VmMemory));
                out.push(("memory_target".into(), Ds::VmMemory));
                out.push(("memory_internal_free".into(), Ds::VmMemFreeKib));
                for (i, d) in v.vifs.iter().enumerate() {
                    out.push((format!("vif_{d}_rx"), Ds::Vif(i, true)));
                    out.push((format!("vif_{d}_tx"), Ds::Vif(i, false)));
                }
                for (i, d) in v.vbds.iter().enumerate() {
                    out.push((format!("vbd_{d}_read"), Ds::VbdBytes(i, true)));
                    out.push((format!("vbd_{d}_write"), Ds::VbdBytes(i, false)));
                    out.push((format!("vbd_{d}_iops_read"), Ds::VbdIops(i, true)));
                    out.push((format!("vbd_{d}_iops_write"), Ds::VbdIops(i, false)));
                    out.push((format!("vbd_{d}_latency"), Ds::VbdLatency(i)));
                }
            }
        }
        out
    }

    pub(super) fn value(&self, ds: Ds, t: f64) -> f64 {
        let seed = seed_of(self.uuid());
        let level = self.level();
        let sub = |k: u64| seed ^ mix(k);
        match ds {
            Ds::Cpu(i) => cpu(seed, level, i, t),
            Ds::CpuMean => {
                let n = self.cpus();
                (0..n).map(|i| cpu(seed, level, i, t)).sum::<f64>() / n as f64
            }
            Ds::LoadAvg => {
                let n = self.cpus() as f64;
                let mean = self.value(Ds::CpuMean, t);
                n * mean * (0.8 + 0.4 * smooth(sub(90), t, 60.0))
            }
            Ds::HostMemTotalKib => match self {
                Obj::Host(h) => h.memory_total / 1024.0,
                Obj::Vm(_) => f64::NAN,
            },
            Ds::HostMemFreeKib => match self {
                Obj::Host(h) => {
                    // Xen and dom0's own overhead, the VMs' memory, a little wander.
                    let wander = 0.005 * h.memory_total * smooth(sub(91), t, 900.0);
                    let used = (2.0 * GIB + h.memory_of_vms + wander).min(0.98 * h.memory_total);
                    (h.memory_total - used) / 1024.0
                }
                Obj::Vm(_) => f64::NAN,
            },
            Ds::VmMemory => match self {
                Obj::Vm(v) => v.memory,
                Obj::Host(_) => f64::NAN,
            },
            Ds::VmMemFreeKib => match self {
                Obj::Vm(v) => {
                    let used = 0.2
                        + 0.5 * level * daily(seed, t)
                        + 0.15 * smooth(sub(92), t, 1800.0)
                        + 0.1 * burst(sub(93), t);
                    v.memory * (1.0 - used.clamp(0.05, 0.97)) / 1024.0
                }
                Obj::Host(_) => f64::NAN,
            },
            Ds::Pif(i, rx) => {
                // The first NIC carries management traffic only; the others the VMs'.
                let peak = if i == 0 { 2.0 * MB } else { 120.0 * MB };
                rate(sub(100 + 2 * i as u64 + u64::from(rx)), level, peak, t)
            }
            Ds::Vif(i, rx) => {
                let peak = if rx { 12.0 * MB } else { 6.0 * MB };
                rate(sub(200 + 2 * i as u64 + u64::from(rx)), level, peak, t)
            }
            Ds::VbdBytes(i, read) => {
                let peak = if read { 40.0 * MB } else { 15.0 * MB };
                rate(sub(300 + 2 * i as u64 + u64::from(read)), level, peak, t)
            }
            Ds::VbdIops(i, read) => {
                // Mostly 16 KiB requests.
                self.value(Ds::VbdBytes(i, read), t) / 16_384.0
            }
            Ds::VbdLatency(i) => {
                let s = sub(400 + i as u64);
                0.2 + 1.5 * smooth(s, t, 600.0) + 8.0 * burst(s, t)
            }
        }
    }
}
