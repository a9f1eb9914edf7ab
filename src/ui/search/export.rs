//! The results out of the app as CSV or JSON: a path row (as the graphs' export has), the
//! text made at once from the rows shown, written on the runtime's blocking pool.

use crate::i18n::I18n;
use crate::services::background::{Poll, Task};
use crate::ui::windows::Worker;
use eframe::egui;
use i18n_embed_fl::fl;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// How the last write went.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Saved(PathBuf),
    Failed(PathBuf, String),
}

pub struct Ask {
    pub format: Format,
    pub path: String,
    focus: bool,
}

#[derive(Default)]
pub struct Export {
    pub ask: Option<Ask>,
    writing: Option<Task<Outcome>>,
    pub outcome: Option<Outcome>,
}

impl Export {
    /// Opens the path row for `format`, in the home folder.
    pub fn ask(&mut self, format: Format) {
        let dir = directories::UserDirs::new()
            .map(|d| d.home_dir().to_path_buf())
            .unwrap_or_default();
        let path = dir.join(format!("xenpilot-search.{}", format.ext()));
        self.ask = Some(Ask {
            format,
            path: path.display().to_string(),
            focus: true,
        });
    }

    pub fn busy(&self) -> bool {
        self.writing.is_some()
    }

    /// The path row: a field, Save (Enter) and Cancel. Returns the format to write now;
    /// the caller makes the text and hands it to [`Self::write`].
    pub fn row(&mut self, ui: &mut egui::Ui, i18n: &I18n) -> Option<(Format, PathBuf)> {
        let l = &i18n.loader;
        let ask = self.ask.as_mut()?;
        let (mut save, mut cancel) = (false, false);
        ui.horizontal(|ui| {
            let label = ui.label(match ask.format {
                Format::Csv => fl!(l, "search-export-csv-path"),
                Format::Json => fl!(l, "search-export-json-path"),
            });
            let r = ui
                .add(egui::TextEdit::singleline(&mut ask.path).desired_width(360.0))
                .labelled_by(label.id);
            if std::mem::take(&mut ask.focus) {
                r.request_focus();
            }
            save = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            save |= ui.button(fl!(l, "search-export-save")).clicked();
            cancel = ui.button(fl!(l, "cancel")).clicked();
        });
        if cancel {
            self.ask = None;
            return None;
        }
        if !save || ask.path.trim().is_empty() {
            return None;
        }
        let ask = self.ask.take()?;
        Some((ask.format, PathBuf::from(ask.path.trim())))
    }

    /// Writes `text` to `path` in the background (at once without a runtime: tests).
    pub fn write(&mut self, worker: Option<Worker>, path: PathBuf, text: String) {
        let job = move || match std::fs::write(&path, text) {
            Ok(()) => Outcome::Saved(path),
            Err(e) => Outcome::Failed(path, e.to_string()),
        };
        match worker {
            Some(w) => self.writing = Some(w.spawn_blocking(job)),
            None => self.outcome = Some(job()),
        }
    }

    pub fn poll(&mut self) {
        let Some(t) = self.writing.as_mut() else {
            return;
        };
        match t.poll() {
            Poll::Pending => {}
            Poll::Ready(o) => {
                self.writing = None;
                self.outcome = Some(o);
            }
            Poll::Vanished => {
                self.writing = None;
                self.outcome = Some(Outcome::Failed(PathBuf::new(), "stopped".into()));
            }
        }
    }

    pub fn outcome_text(&self, i18n: &I18n) -> Option<(bool, String)> {
        let l = &i18n.loader;
        Some(match self.outcome.as_ref()? {
            Outcome::Saved(p) => (
                true,
                fl!(l, "search-export-done", path = p.display().to_string()),
            ),
            Outcome::Failed(p, e) => (
                false,
                fl!(
                    l,
                    "search-export-failed",
                    path = p.display().to_string(),
                    error = e.as_str()
                ),
            ),
        })
    }
}
