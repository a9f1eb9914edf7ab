//! The Snapshots tab (filled in below).
use super::{Command, XenPilotApp};
use eframe::egui;

pub fn ui(_app: &XenPilotApp, _ui: &mut egui::Ui, _out: &mut Vec<Command>) {}
