//! What the packages install agrees with the app: `--version`, the generated man pages and
//! completions, the desktop entry and the window's app id, the metainfo and Cargo.toml, the
//! icons. (`.ci/run` builds, installs and validates the packages themselves.)

use std::path::Path;
use std::process::Command;

fn repo(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The text of every `<tag attributes>…</tag>` in `xml`, in order (`tag` with its attributes
/// exactly as written).
fn tags<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let name = tag.split(' ').next().unwrap();
    let (open, close) = (format!("<{tag}>"), format!("</{name}>"));
    xml.split(open.as_str())
        .skip(1)
        .map(|rest| rest.split(close.as_str()).next().unwrap().trim())
        .collect()
}

#[test]
fn version_names_the_release_and_the_commit() {
    let out = Command::new(env!("CARGO_BIN_EXE_xenpilot"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let commit = xenpilot::COMMIT;
    assert_eq!(
        text.trim(),
        format!("xenpilot {} ({commit})", env!("CARGO_PKG_VERSION"))
    );
    // A checkout has its short hash; a tarball without .git says so.
    assert!(
        commit == "unknown"
            || (commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit())),
        "{commit}"
    );
}

#[test]
fn package_files_writes_a_man_page_per_command_and_every_shells_completions() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xenpilot"))
        .arg("package-files")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |p: &str| std::fs::read_to_string(dir.path().join(p)).unwrap();
    let man = read("man/xenpilot.1");
    assert!(man.starts_with(".ie \\n(.g .ds Aq"), "roff: {man}");
    assert!(man.contains(env!("CARGO_PKG_VERSION")));
    for sub in ["tree", "console", "demo-server"] {
        // roff writes a hyphen as `\-`.
        let roff = format!("xenpilot\\-{}(1)", sub.replace('-', "\\-"));
        assert!(man.contains(&roff), "xenpilot(1) lists {roff}");
        assert!(read(&format!("man/xenpilot-{sub}.1")).contains(env!("CARGO_PKG_VERSION")));
    }
    // The packaging command is for packagers, not in the pages or the completions.
    assert!(!dir.path().join("man/xenpilot-package-files.1").exists());
    assert!(!man.contains("package\\-files"));
    for file in [
        "xenpilot.bash",
        "_xenpilot",
        "xenpilot.fish",
        "_xenpilot.ps1",
    ] {
        let text = read(&format!("completions/{file}"));
        assert!(text.contains("demo-server"), "{file} completes subcommands");
        assert!(text.contains("show-hidden"), "{file} completes options");
        assert!(
            !text.contains("package-files"),
            "{file} hides package-files"
        );
    }
}

#[test]
fn the_desktop_entry_names_the_windows_app_id_and_icon() {
    let entry = repo(&format!("packaging/linux/{}.desktop", xenpilot::APP_ID));
    let value = |key: &str| {
        entry
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("no {key}="))
    };
    // X11 matches WM_CLASS to StartupWMClass; Wayland matches the app id to the file's name.
    assert_eq!(value("StartupWMClass"), xenpilot::APP_ID);
    assert_eq!(value("Icon"), xenpilot::APP_ID);
    assert_eq!(value("Exec"), "xenpilot");
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/icons/xenpilot.svg")
            .exists()
    );
}

#[test]
fn the_metainfo_agrees_with_cargo_toml_and_its_screenshots_exist() {
    let xml = repo("packaging/linux/io.github.xenpilot.xenpilot.metainfo.xml");
    assert_eq!(
        tags(&xml, "launchable type=\"desktop-id\""),
        [format!("{}.desktop", xenpilot::APP_ID)]
    );
    // A new version needs its <release> entry (newest first), or software centres show the
    // old one.
    let newest = xml.split("<release version=\"").nth(1).unwrap();
    assert!(
        newest.starts_with(&format!("{}\"", env!("CARGO_PKG_VERSION"))),
        "the first <release> is not {}",
        env!("CARGO_PKG_VERSION")
    );
    let home = env!("CARGO_PKG_REPOSITORY");
    assert_eq!(tags(&xml, "url type=\"homepage\""), [home]);
    let raw = home.replace("https://github.com/", "https://raw.githubusercontent.com/");
    let images = tags(&xml, "image");
    assert!(images.len() >= 3, "{images:?}");
    for url in images {
        let path = url
            .strip_prefix(&format!("{raw}/main/"))
            .unwrap_or_else(|| panic!("{url} is not in {raw}/main/"));
        assert!(path.starts_with("tests/snapshots/"), "{url}");
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(path).exists(),
            "{path} does not exist"
        );
    }
}

#[test]
fn every_icon_size_is_drawn_at_its_size_and_packaged() {
    let cargo_toml = repo("Cargo.toml");
    for size in [16u32, 22, 24, 32, 48, 64, 128, 256, 512] {
        let name = format!("assets/icons/xenpilot-{size}.png");
        let file = std::fs::File::open(Path::new(env!("CARGO_MANIFEST_DIR")).join(&name)).unwrap();
        let reader = png::Decoder::new(std::io::BufReader::new(file))
            .read_info()
            .unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (size, size), "{name}");
        let dest = format!("/share/icons/hicolor/{size}x{size}/apps/xenpilot.png");
        assert_eq!(
            cargo_toml.matches(&dest).count(),
            2,
            "the .deb and the .rpm install {name} as {dest}"
        );
    }
}

#[test]
fn the_macos_packager_table_is_the_last_of_cargo_toml() {
    // The release workflow appends `signing-identity = …` to Cargo.toml when it has the Apple
    // secrets: the line lands in the last table.
    let toml = repo("Cargo.toml");
    let last = toml.lines().rfind(|l| l.starts_with('[')).unwrap();
    assert_eq!(last, "[package.metadata.packager.macos]");
}
