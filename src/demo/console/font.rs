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

    /// Draws every cell into `frame` (its top-left corner at the frame's), with the cursor
    /// as an underline when `cursor` is set.
    pub fn render(&self, frame: &mut Frame, cursor: bool) {
        for r in 0..self.rows {
            for c in 0..self.cols {
                let cell = self.cell(c, r);
                frame.glyph(c * CELL_W, r * CELL_H, cell.ch, cell.fg, cell.bg, 1);
            }
        }
        if cursor && self.cursor.0 < self.cols {
            let (c, r) = self.cursor;
            frame.fill(c * CELL_W, r * CELL_H + CELL_H - 3, CELL_W, 2, self.fg);
        }
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
