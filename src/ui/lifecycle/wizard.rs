//! The New VM wizard (filled in below).
use crate::i18n::I18n;
use crate::ui::command::Command;
use crate::ui::windows::{AppView, AppWindow, window_any};
use crate::xenapi::Cache;
use eframe::egui;

pub struct NewVmWizard {
    pub pool: u64,
}

impl NewVmWizard {
    pub fn open(pool: u64, _cache: &Cache, _i18n: &I18n) -> Option<Self> {
        Some(NewVmWizard { pool })
    }
}

impl AppWindow for NewVmWizard {
    fn kind(&self) -> &'static str {
        "new-vm"
    }
    window_any!();
    fn show(&mut self, _ctx: &egui::Context, _view: &AppView, _out: &mut Vec<Command>) -> bool {
        false
    }
}
