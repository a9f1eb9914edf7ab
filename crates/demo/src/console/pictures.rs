//! The pictures of the non-Linux guests: a Windows lock screen, password box and desktop,
//! and the control domain's xsconsole.

use super::font::{CELL_H, CELL_W, Frame, Rgb, Term};
use super::keys::Key;
use super::screen::{CursorShape, GuestInfo};

/// Where a Windows guest is: locked, typing the password, or signed in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WindowsState {
    /// Ctrl+Alt+Del was pressed: the password box shows.
    pub password_box: bool,
    /// How many characters were typed in it.
    pub typed: usize,
    pub signed_in: bool,
}

const WIN_BLUE: Rgb = 0x0b3d91;
const DESKTOP: Rgb = 0x0063b1;
const TASKBAR: Rgb = 0x101010;
const WHITE: Rgb = 0xffffff;
const LIGHT: Rgb = 0xc8d6ec;

pub fn windows_booting(f: &mut Frame) {
    f.fill(0, 0, f.width, f.height, 0);
    let s = "Starting Windows";
    let x = (f.width - Frame::text_width(s, 1)) / 2;
    f.text(x, f.height / 2, s, WHITE, 0, 1);
}

/// A rectangle: x, y, width, height.
type Rect = (usize, usize, usize, usize);

/// The password box and its arrow button.
fn sign_in_boxes(f: &Frame) -> (Rect, Rect) {
    let (w, h) = (320, 32);
    let x = (f.width - w) / 2;
    let y = f.height / 2 + 70;
    ((x, y, w, h), (x + w + 4, y, h, h))
}

pub fn windows(f: &mut Frame, info: &GuestInfo, st: &WindowsState) {
    let (w, h) = (f.width, f.height);
    if st.signed_in {
        f.fill(0, 0, w, h, DESKTOP);
        // Desktop icons, the taskbar and its start button.
        f.fill(24, 24, 48, 40, LIGHT);
        f.text(16, 70, "Recycle Bin", WHITE, DESKTOP, 1);
        f.fill(0, h - 40, w, 40, TASKBAR);
        f.fill(8, h - 32, 24, 24, 0x3a96dd);
        let mark = if info.os.is_empty() {
            "Windows"
        } else {
            info.os.as_str()
        };
        let x = w.saturating_sub(Frame::text_width(mark, 1) + 16);
        f.text(x, h - 70, mark, LIGHT, DESKTOP, 1);
        return;
    }
    f.fill(0, 0, w, h, WIN_BLUE);
    // The account picture: a light disc.
    let (cx, cy, r) = (w / 2, h / 2 - 80, 60isize);
    for dy in -r..=r {
        for dx in -r..=r {
            if dx * dx + dy * dy <= r * r {
                f.set(
                    (cx as isize + dx) as usize,
                    (cy as isize + dy) as usize,
                    LIGHT,
                );
            }
        }
    }
    let user = "Administrator";
    f.text(
        (w - Frame::text_width(user, 2)) / 2,
        h / 2,
        user,
        WHITE,
        WIN_BLUE,
        2,
    );
    if st.password_box {
        let ((x, y, bw, bh), (ax, ay, aw, ah)) = sign_in_boxes(f);
        f.fill(x, y, bw, bh, WHITE);
        let dots: String = "*".repeat(st.typed.min(38));
        if dots.is_empty() {
            f.text(x + 8, y + 8, "Password", 0x808080, WHITE, 1);
        } else {
            f.text(x + 8, y + 8, &dots, 0, WHITE, 1);
        }
        f.fill(ax, ay, aw, ah, 0x3a96dd);
        f.text(ax + 12, ay + 8, ">", WHITE, 0x3a96dd, 1);
    } else {
        let s = "Press Ctrl+Alt+Delete to unlock.";
        f.text(
            (w - Frame::text_width(s, 1)) / 2,
            h / 2 + 70,
            s,
            WHITE,
            WIN_BLUE,
            1,
        );
    }
    let name = &info.name;
    let x = w.saturating_sub(Frame::text_width(name, 1) + 16);
    f.text(x, h - 32, name, LIGHT, WIN_BLUE, 1);
}

pub fn windows_key(st: &mut WindowsState, key: Key, ctrl_alt_del: bool) {
    if st.signed_in {
        return;
    }
    if ctrl_alt_del {
        st.password_box = true;
        return;
    }
    if !st.password_box {
        return;
    }
    match key {
        Key::Char(_) => st.typed += 1,
        Key::Backspace => st.typed = st.typed.saturating_sub(1),
        Key::Enter => st.signed_in = true,
        Key::Escape => {
            st.password_box = false;
            st.typed = 0;
        }
        _ => {}
    }
}

/// A left click at (x, y); true when it changed something (the arrow button signs in).
pub fn windows_click(st: &mut WindowsState, f: &Frame, x: usize, y: usize) -> bool {
    if st.signed_in || !st.password_box {
        return false;
    }
    let (_, (ax, ay, aw, ah)) = sign_in_boxes(f);
    if (ax..ax + aw).contains(&x) && (ay..ay + ah).contains(&y) {
        st.signed_in = true;
        return true;
    }
    false
}

/// Windows' arrow pointer, 11×18, hot spot at its tip.
pub fn arrow_cursor() -> CursorShape {
    const ROWS: [&str; 18] = [
        "X          ",
        "XX         ",
        "X.X        ",
        "X..X       ",
        "X...X      ",
        "X....X     ",
        "X.....X    ",
        "X......X   ",
        "X.......X  ",
        "X........X ",
        "X.....XXXXX",
        "X..X..X    ",
        "X.X X..X   ",
        "XX  X..X   ",
        "X    X..X  ",
        "     X..X  ",
        "      X..X ",
        "      XXX  ",
    ];
    let (w, h): (usize, usize) = (11, ROWS.len());
    let stride = w.div_ceil(8);
    let mut pixels = vec![0; w * h];
    let mut mask = vec![0u8; stride * h];
    for (y, row) in ROWS.iter().enumerate() {
        for (x, c) in row.chars().enumerate() {
            if c == ' ' {
                continue;
            }
            pixels[y * w + x] = if c == 'X' { 0x000000 } else { 0xffffff };
            mask[y * stride + x / 8] |= 0x80 >> (x % 8);
        }
    }
    CursorShape {
        width: w,
        height: h,
        hotspot: (0, 0),
        pixels,
        mask,
    }
}

/// xsconsole's menu.
pub const MENU: &[&str] = &[
    "Status Display",
    "Network and Management Interface",
    "Authentication",
    "Virtual Machines",
    "Disks and Storage Repositories",
    "Resource Pool Configuration",
    "Hardware and BIOS Information",
    "Keyboard and Timezone",
    "Remote Service Configuration",
    "Backup, Restore and Update",
    "Technical Support",
    "Reboot or Shutdown",
    "Local Command Shell",
];

const MENU_TOP: usize = 4;
const MENU_LEFT: usize = 2;
const MENU_WIDTH: usize = 34;

/// The menu item under the pointer at (x, y).
pub fn menu_at(x: usize, y: usize) -> Option<usize> {
    let (col, row) = (x / CELL_W, y / CELL_H);
    let i = row.checked_sub(MENU_TOP)?;
    ((MENU_LEFT..MENU_LEFT + MENU_WIDTH).contains(&col) && i < MENU.len()).then_some(i)
}

const XS_BG: Rgb = 0x1c2b4a;
const XS_PANE: Rgb = 0xd8d8d8;
const XS_TEXT: Rgb = 0x101010;
const XS_SEL: Rgb = 0x2a62b8;

fn frame_box(t: &mut Term, col: usize, row: usize, w: usize, h: usize) {
    let horiz = "─".repeat(w - 2);
    t.put(col, row, &format!("┌{horiz}┐"), XS_TEXT, XS_PANE);
    for r in row + 1..row + h - 1 {
        t.put(
            col,
            r,
            &format!("│{}│", " ".repeat(w - 2)),
            XS_TEXT,
            XS_PANE,
        );
    }
    t.put(col, row + h - 1, &format!("└{horiz}┘"), XS_TEXT, XS_PANE);
}

/// xsconsole: the product and host on top, the menu on the left, the selected item's
/// page on the right, the keys at the bottom.
pub fn xsconsole(t: &mut Term, info: &GuestInfo, selected: usize) {
    t.fg = 0xffffff;
    t.bg = XS_BG;
    t.clear();
    let top = format!(" {}", info.product);
    t.put(0, 0, &format!("{top:<80}"), 0xffffff, XS_BG);
    let host = format!("{} ", info.host_name);
    t.put(
        80usize.saturating_sub(host.chars().count()),
        0,
        &host,
        0xffffff,
        XS_BG,
    );
    frame_box(t, 1, 2, MENU_WIDTH + 2, 20);
    t.put(MENU_LEFT + 1, 3, "Customize System", XS_TEXT, XS_PANE);
    for (i, item) in MENU.iter().enumerate() {
        let (fg, bg) = if i == selected {
            (0xffffff, XS_SEL)
        } else {
            (XS_TEXT, XS_PANE)
        };
        t.put(MENU_LEFT, MENU_TOP + i, &format!(" {item:<33}"), fg, bg);
    }
    frame_box(t, 38, 2, 41, 20);
    let title = MENU.get(selected).copied().unwrap_or_default();
    t.put(40, 3, title, XS_TEXT, XS_PANE);
    let lines: Vec<String> = if selected == 0 {
        vec![
            info.product.clone(),
            String::new(),
            "Management Network Parameters".into(),
            format!("  Device      eth0"),
            format!("  IP address  {}", info.host_address),
            format!("  Hostname    {}", info.host_name),
            String::new(),
            "Press <Enter> to display the SSL key".into(),
            "fingerprints for this host".into(),
        ]
    } else {
        vec![
            "Press <Enter> to open this page.".into(),
            String::new(),
            "(The demo host shows its status only.)".into(),
        ]
    };
    for (i, l) in lines.iter().enumerate() {
        t.put(40, 5 + i, l, XS_TEXT, XS_PANE);
    }
    t.put(
        0,
        23,
        " <Up/Down> Select  <Enter> OK                                    <F5> Refresh ",
        0xffffff,
        XS_BG,
    );
}
