//! Text on the simulated screens: font8x8's glyphs (public-domain 8×8 bitmaps), drawn 8×16
//! with each row doubled, as a VGA text console's cells are, into a framebuffer of
//! `0x00RRGGBB` pixels; and [`Term`], a grid of such cells with a cursor.

use font8x8::UnicodeFonts;

/// A cell's size in pixels.
pub const CELL_W: usize = 8;
pub const CELL_H: usize = 16;

/// An RGB pixel, `0x00RRGGBB`.
pub type Rgb = u32;

/// A framebuffer: `width × height` pixels, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<Rgb>,
}

impl Frame {
    pub fn new(width: usize, height: usize, fill: Rgb) -> Frame {
        Frame {
            width,
            height,
            pixels: vec![fill; width * height],
        }
    }

    /// Fills a rectangle, clipped to the frame.
    pub fn fill(&mut self, x: usize, y: usize, w: usize, h: usize, c: Rgb) {
        let (x1, y1) = ((x + w).min(self.width), (y + h).min(self.height));
        for row in y.min(y1)..y1 {
            let base = row * self.width;
            self.pixels[base + x.min(x1)..base + x1].fill(c);
        }
    }

    pub fn set(&mut self, x: usize, y: usize, c: Rgb) {
        if x < self.width && y < self.height {
            self.pixels[y * self.width + x] = c;
        }
    }

    /// Draws `ch` with its top-left corner at (x, y), `scale` times the 8×16 cell.
    pub fn glyph(&mut self, x: usize, y: usize, ch: char, fg: Rgb, bg: Rgb, scale: usize) {
        let rows = glyph_rows(ch);
        if scale == 1 && x + CELL_W <= self.width && y + CELL_H <= self.height {
            // The text consoles' case: whole rows at once.
            for (gy, bits) in rows.iter().enumerate() {
                let mut line = [bg; CELL_W];
                for (gx, p) in line.iter_mut().enumerate() {
                    if bits & (1 << gx) != 0 {
                        *p = fg;
                    }
                }
                for dy in 0..2 {
                    let at = (y + gy * 2 + dy) * self.width + x;
                    self.pixels[at..at + CELL_W].copy_from_slice(&line);
                }
            }
            return;
        }
        for (gy, bits) in rows.iter().enumerate() {
            for dy in 0..2 * scale {
                for gx in 0..CELL_W {
                    let on = bits & (1 << gx) != 0;
                    for dx in 0..scale {
                        self.set(
                            x + gx * scale + dx,
                            y + gy * 2 * scale + dy,
                            if on { fg } else { bg },
                        );
                    }
                }
            }
        }
    }

    /// Draws a line of text (no wrapping); returns the x after it.
    pub fn text(&mut self, x: usize, y: usize, s: &str, fg: Rgb, bg: Rgb, scale: usize) -> usize {
        let mut cx = x;
        for ch in s.chars() {
            self.glyph(cx, y, ch, fg, bg, scale);
            cx += CELL_W * scale;
        }
        cx
    }

    /// The width of `s` in pixels at `scale`.
    pub fn text_width(s: &str, scale: usize) -> usize {
        s.chars().count() * CELL_W * scale
    }
}

/// The 8 rows of `ch` (bit 0 is the leftmost pixel); a box for characters the font lacks.
fn glyph_rows(ch: char) -> [u8; 8] {
    font8x8::BASIC_FONTS
        .get(ch)
        .or_else(|| font8x8::BOX_FONTS.get(ch))
        .or_else(|| font8x8::BLOCK_FONTS.get(ch))
        .or_else(|| font8x8::LATIN_FONTS.get(ch))
        .unwrap_or([0x00, 0x7e, 0x42, 0x42, 0x42, 0x42, 0x7e, 0x00])
}

/// One character cell: the character and its colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub ch: char,
    pub fg: Rgb,
    pub bg: Rgb,
}

/// A text console: `cols × rows` cells, a cursor, scrolling. It counts the lines it scrolled
/// so a viewer can move what it already has (CopyRect) instead of resending it.
#[derive(Debug, Clone)]
pub struct Term {
    pub cols: usize,
    pub rows: usize,
    cells: Vec<Cell>,
    pub cursor: (usize, usize),
    pub fg: Rgb,
    pub bg: Rgb,
    /// Lines scrolled since the terminal was made.
    pub scrolled: u64,
    /// What [`Term::render`] last drew in each cell (`None`: draw it), the cursor it drew
    /// and the scroll count then: a render draws only what changed since.
    drawn: Vec<Option<Cell>>,
    drawn_cursor: Option<(usize, usize)>,
    drawn_scrolled: u64,
}

impl Term {
    pub fn new(cols: usize, rows: usize, fg: Rgb, bg: Rgb) -> Term {
        Term {
            cols,
            rows,
            cells: vec![Cell { ch: ' ', fg, bg }; cols * rows],
            cursor: (0, 0),
            fg,
            bg,
            scrolled: 0,
            drawn: vec![None; cols * rows],
            drawn_cursor: None,
            drawn_scrolled: 0,
        }
    }

    pub fn cell(&self, col: usize, row: usize) -> Cell {
        self.cells[row * self.cols + col]
    }

    pub fn clear(&mut self) {
        let blank = Cell {
            ch: ' ',
            fg: self.fg,
            bg: self.bg,
        };
        self.cells.fill(blank);
        self.cursor = (0, 0);
    }

    fn scroll(&mut self) {
        self.cells.drain(..self.cols);
        let blank = Cell {
            ch: ' ',
            fg: self.fg,
            bg: self.bg,
        };
        self.cells.extend(std::iter::repeat_n(blank, self.cols));
        self.scrolled += 1;
    }

    pub fn newline(&mut self) {
        self.cursor.0 = 0;
        if self.cursor.1 + 1 >= self.rows {
            self.scroll();
        } else {
            self.cursor.1 += 1;
        }
    }

    /// Writes `s` at the cursor in `fg`, wrapping at the right edge; `\n` starts a line.
    pub fn write_colored(&mut self, s: &str, fg: Rgb) {
        for ch in s.chars() {
            if ch == '\n' {
                self.newline();
                continue;
            }
            if self.cursor.0 >= self.cols {
                self.newline();
            }
            let (c, r) = self.cursor;
            self.cells[r * self.cols + c] = Cell {
                ch,
                fg,
                bg: self.bg,
            };
            self.cursor.0 += 1;
        }
    }

    pub fn write(&mut self, s: &str) {
        self.write_colored(s, self.fg);
    }

    /// Removes the character before the cursor (on this line).
    pub fn backspace(&mut self) {
        if self.cursor.0 > 0 {
            self.cursor.0 -= 1;
            let (c, r) = self.cursor;
            self.cells[r * self.cols + c] = Cell {
                ch: ' ',
                fg: self.fg,
                bg: self.bg,
            };
        }
    }

    /// Puts `s` at (col, row) in the given colours without moving the cursor (clipped).
    pub fn put(&mut self, col: usize, row: usize, s: &str, fg: Rgb, bg: Rgb) {
        if row >= self.rows {
            return;
        }
        for (i, ch) in s.chars().enumerate() {
            if col + i >= self.cols {
                break;
            }
            self.cells[row * self.cols + col + i] = Cell { ch, fg, bg };
        }
    }

    /// Forgets what was drawn in a cell (something else drew over it).
    pub fn invalidate(&mut self, col: usize, row: usize) {
        if let Some(d) = self.drawn.get_mut(row * self.cols + col) {
            *d = None;
        }
    }

    /// Brings `frame` (its top-left corner at the frame's) up to date with the cells, with
    /// the cursor as an underline when `cursor` is set. Lines scrolled since the last render
    /// are moved in the frame rather than drawn again.
    pub fn render(&mut self, frame: &mut Frame, cursor: bool) {
        let lines = usize::try_from(self.scrolled - self.drawn_scrolled).unwrap_or(usize::MAX);
        self.drawn_scrolled = self.scrolled;
        if lines >= self.rows {
            self.drawn.fill(None);
        } else if lines > 0 {
            let w = frame.width;
            let height = (self.rows * CELL_H).min(frame.height);
            frame.pixels.copy_within(lines * CELL_H * w..height * w, 0);
            self.drawn.drain(..lines * self.cols);
            self.drawn
                .extend(std::iter::repeat_n(None, lines * self.cols));
            if let Some((c, r)) = self.drawn_cursor {
                self.drawn_cursor = r.checked_sub(lines).map(|r| (c, r));
            }
        }
        let want_cursor = (cursor && self.cursor.0 < self.cols).then_some(self.cursor);
        if self.drawn_cursor != want_cursor {
            for (c, r) in [self.drawn_cursor, want_cursor].into_iter().flatten() {
                self.invalidate(c, r);
            }
        }
        for r in 0..self.rows {
            for c in 0..self.cols {
                let i = r * self.cols + c;
                let cell = self.cells[i];
                if self.drawn[i] != Some(cell) {
                    frame.glyph(c * CELL_W, r * CELL_H, cell.ch, cell.fg, cell.bg, 1);
                    self.drawn[i] = Some(cell);
                }
            }
        }
        if let Some((c, r)) = want_cursor {
            let fg = self.cell(c, r).fg;
            frame.fill(c * CELL_W, r * CELL_H + CELL_H - 3, CELL_W, 2, fg);
        }
        self.drawn_cursor = want_cursor;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_scrolls_and_counts_scrolled_lines() {
        let mut t = Term::new(4, 2, 0xffffff, 0);
        t.write("abcdef");
        assert_eq!(t.cursor, (2, 1));
        assert_eq!(t.cell(0, 1).ch, 'e');
        t.write("\nxy");
        assert_eq!(t.scrolled, 1);
        assert_eq!(t.cell(0, 0).ch, 'e', "the old second line moved up");
        assert_eq!(t.cell(1, 1).ch, 'y');
        t.backspace();
        assert_eq!(t.cell(1, 1).ch, ' ');
    }

    #[test]
    fn drawing_only_what_changed_gives_the_same_picture_as_drawing_everything() {
        let (cols, rows) = (10, 4);
        let mut t = Term::new(cols, rows, 0xaaaaaa, 0);
        let mut f = Frame::new(cols * CELL_W, rows * CELL_H, 0);
        let steps: [&dyn Fn(&mut Term); 5] = [
            &|t| t.write("hello"),
            &|t| t.write(" world, this wraps\nand scrolls\n"),
            &|t| t.backspace(),
            &|t| t.put(2, 1, "xy", 0xff0000, 0x0000ff),
            &|t| t.write("\n\n\n\n\nfive lines on"),
        ];
        for step in steps {
            step(&mut t);
            t.render(&mut f, true);
            let mut fresh = t.clone();
            fresh.drawn.fill(None);
            fresh.drawn_cursor = None;
            fresh.drawn_scrolled = fresh.scrolled;
            let mut whole = Frame::new(f.width, f.height, 0);
            fresh.render(&mut whole, true);
            assert!(f == whole, "after scrolling {} lines", t.scrolled);
        }
    }

    #[test]
    fn glyphs_are_drawn_with_doubled_rows() {
        let mut f = Frame::new(8, 16, 0);
        f.glyph(0, 0, 'I', 0xffffff, 0, 1);
        let lit = f.pixels.iter().filter(|p| **p == 0xffffff).count();
        assert!(lit > 0 && lit % 2 == 0, "{lit}");
        // Rows come in identical pairs.
        for y in (0..16).step_by(2) {
            assert_eq!(
                f.pixels[y * 8..y * 8 + 8],
                f.pixels[(y + 1) * 8..(y + 1) * 8 + 8]
            );
        }
    }
}
