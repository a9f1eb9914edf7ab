//! A graph's data out of the app: CSV to a file (a path field, as File > Open has, written
//! in the background) and the plot as an image on the clipboard (a screenshot of the
//! window, cropped to the plot, handed to egui's clipboard, which is arboard's).

use super::PerfNotice;
use super::graph::DrawnLine;
use crate::i18n::I18n;
use crate::model::graphs::csv;
use crate::services::background::{Poll, Task};
use crate::ui::windows::Worker;
use eframe::egui;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Where a requested screenshot lands.
type Shot = Arc<Mutex<Option<Arc<egui::ColorImage>>>>;

struct CsvAsk {
    title: String,
    path: String,
    text: String,
}

/// The export state of the tab.
#[derive(Default)]
pub struct Export {
    csv: Option<CsvAsk>,
    writing: Option<Task<PerfNotice>>,
    /// The plot's rectangle while a screenshot is on its way, and the image once it came.
    shot: Option<(egui::Rect, Shot)>,
}

/// A file name from the object's name and the graph's title: letters, digits and dashes,
/// so two objects' CPU graphs do not overwrite each other ("web-01-CPU.csv").
fn file_name(object: &str, title: &str) -> String {
    let clean = |s: &str| -> String {
        let s: String = s
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        let mut out = String::new();
        for part in s.split('-').filter(|p| !p.is_empty()) {
            if !out.is_empty() {
                out.push('-');
            }
            out.push_str(part);
        }
        out
    };
    let stem = [clean(object), clean(title)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!(
        "{}.csv",
        if stem.is_empty() {
            "xenpilot".into()
        } else {
            stem
        }
    )
}

impl Export {
    /// Shows the path row for `title`'s CSV, its text taken now (what the graph shows).
    pub fn ask_csv(&mut self, object: &str, title: &str, lines: &[DrawnLine]) {
        let columns: Vec<csv::Column> = lines
            .iter()
            .map(|l| csv::Column {
                name: &l.name,
                points: &l.points,
            })
            .collect();
        let dir = directories::UserDirs::new()
            .map(|d| d.home_dir().to_path_buf())
            .unwrap_or_default();
        self.csv = Some(CsvAsk {
            title: title.to_string(),
            path: dir.join(file_name(object, title)).display().to_string(),
            text: csv::write("time", &columns),
        });
    }

    /// Whether the path row belongs under the graph titled `title`.
    pub fn csv_for(&self, title: &str) -> bool {
        self.csv.as_ref().is_some_and(|c| c.title == title)
    }

    /// The path row: a field, Save (Enter) and Cancel.
    pub fn csv_row(
        &mut self,
        ui: &mut egui::Ui,
        i18n: &I18n,
        worker: Option<Worker>,
    ) -> Option<PerfNotice> {
        let ask = self.csv.as_mut()?;
        let mut save = false;
        let mut cancel = false;
        ui.horizontal(|ui| {
            let label = ui.label(i18n.get("perf-csv-path"));
            let r = ui
                .add(egui::TextEdit::singleline(&mut ask.path).desired_width(320.0))
                .labelled_by(label.id);
            save = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            save |= ui.button(i18n.get("perf-csv-save")).clicked();
            cancel = ui.button(i18n.get("cancel")).clicked();
        });
        if cancel {
            self.csv = None;
            return None;
        }
        if !save {
            return None;
        }
        let ask = self.csv.take()?;
        let path = PathBuf::from(ask.path.trim());
        let job = move || match std::fs::write(&path, ask.text) {
            Ok(()) => PerfNotice::CsvSaved(path),
            Err(e) => PerfNotice::CsvFailed(path, e.to_string()),
        };
        match worker {
            Some(w) => {
                self.writing = Some(w.spawn_blocking(job));
                None
            }
            None => Some(job()),
        }
    }

    /// The CSV write's outcome, once it finished.
    pub fn poll(&mut self, _notice: &mut Option<PerfNotice>) -> Option<PerfNotice> {
        let t = self.writing.as_mut()?;
        match t.poll() {
            Poll::Pending => None,
            Poll::Ready(n) => {
                self.writing = None;
                Some(n)
            }
            Poll::Vanished => {
                self.writing = None;
                Some(PerfNotice::CsvFailed(
                    PathBuf::new(),
                    "worker vanished".into(),
                ))
            }
        }
    }

    /// Asks for a screenshot of the window; the plot's `rect` is cut out when it comes.
    pub fn request_image(&mut self, ctx: &egui::Context, rect: egui::Rect) {
        let slot = Arc::new(Mutex::new(None));
        let (s, c) = (slot.clone(), ctx.clone());
        ctx.request_screenshot(move |img| {
            if let Ok(mut s) = s.lock() {
                *s = Some(img);
            }
            c.request_repaint();
        });
        self.shot = Some((rect, slot));
    }

    /// Puts the plot's part of a screenshot that arrived on the clipboard.
    pub fn take_screenshot(&mut self, ctx: &egui::Context, notice: &mut Option<PerfNotice>) {
        let Some((rect, slot)) = &self.shot else {
            return;
        };
        let Some(img) = slot.lock().ok().and_then(|mut s| s.take()) else {
            return;
        };
        let ppp = ctx.pixels_per_point();
        let full = egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(img.width() as f32 / ppp, img.height() as f32 / ppp),
        );
        let cut = rect.intersect(full);
        if cut.is_positive() {
            ctx.copy_image(img.region(&cut, Some(ppp)));
            *notice = Some(PerfNotice::ImageCopied);
        }
        self.shot = None;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_keep_letters_of_any_script() {
        assert_eq!(super::file_name("web-01", "CPU (%)"), "web-01-CPU.csv");
        assert_eq!(
            super::file_name("ファイルサーバー", "メモリ"),
            "ファイルサーバー-メモリ.csv"
        );
        assert_eq!(
            super::file_name("a/../b", ""),
            "a-b.csv",
            "no path in a name"
        );
        assert_eq!(super::file_name("", "(%)"), "xenpilot.csv");
    }
}
