//! Installs the pinned peer clients under `target/tmp/peers/` (shared by the peer tests and
//! the benchmarks): PyPI `XenAPI` with `pip install --target`, npm `xen-api` with `npm ci`
//! from the committed lock file. Fails with a clear message when python3 or node is missing.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

pub const XENAPI_PYPI: &str = "XenAPI==26.21.1";

/// Installs run once per test binary; the two peers may share the directory.
static INSTALL: Mutex<()> = Mutex::new(());

pub fn peers_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("peers")
}

pub fn scripts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers")
}

pub fn run(cmd: &mut Command, what: &str) -> Output {
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("{what}: cannot run {:?}: {e}", cmd.get_program());
    });
    assert!(
        out.status.success(),
        "{what} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub fn require(program: &str, hint: &str) {
    let found = Command::new(program).arg("--version").output();
    if !matches!(found, Ok(ref o) if o.status.success()) {
        panic!("`{program}` is needed by the peer tests and was not found on PATH: {hint}");
    }
}

/// `target/tmp/peers/python`, holding the pinned `XenAPI` package.
pub fn python_lib() -> PathBuf {
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    require(
        "python3",
        "install Python 3 with pip (apt-get install python3 python3-pip)",
    );
    let dir = peers_dir().join("python");
    let stamp = dir.join(".installed");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(XENAPI_PYPI) {
        let _ = std::fs::remove_dir_all(&dir);
        run(
            Command::new("python3")
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                ])
                .args(["--no-deps", "--target"])
                .arg(&dir)
                .arg(XENAPI_PYPI),
            "pip install XenAPI (is pip available? apt-get install python3-pip)",
        );
        std::fs::write(&stamp, XENAPI_PYPI).expect("write stamp");
    }
    dir
}

/// `target/tmp/peers/node`, holding `xen-api` and its dependencies from the lock file.
pub fn node_dir() -> PathBuf {
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    require(
        "node",
        "install Node.js 18 or later (apt-get install nodejs npm)",
    );
    require("npm", "install npm (apt-get install npm)");
    let dir = peers_dir().join("node");
    let lock = std::fs::read(scripts_dir().join("package-lock.json")).expect("lock file");
    let stamp = dir.join("node_modules/.xenpilot-lock");
    if std::fs::read(&stamp).ok().as_deref() != Some(&lock[..]) {
        std::fs::create_dir_all(&dir).expect("create peer dir");
        for f in ["package.json", "package-lock.json"] {
            std::fs::copy(scripts_dir().join(f), dir.join(f)).expect("copy manifest");
        }
        run(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(&dir),
            "npm ci (xen-api 4.7.6)",
        );
        std::fs::write(&stamp, &lock).expect("write stamp");
    }
    dir
}

/// Copies `script` (from `tests/peers/` or `benches/peers/`) next to the node modules (ES
/// modules resolve packages next to the script, not through NODE_PATH) and returns its path.
pub fn node_script(dir: &Path, source: &Path) -> PathBuf {
    let target = dir.join(source.file_name().expect("a file"));
    std::fs::copy(source, &target).expect("copy script");
    target
}
