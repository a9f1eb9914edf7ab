//! Installs the pinned peer clients under `target/tmp/peers/` (shared by the peer tests and
//! the benchmarks): PyPI `XenAPI` with `pip install --target`, npm `xen-api` with `npm ci`
//! from the committed lock file. A missing tool is a panic that says how to install it; the
//! peer tests look for the tools first and skip without them (except in CI).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

pub const XENAPI_PYPI: &str = "XenAPI==26.21.1";

/// Python 3's interpreter: `python3` on Unix; `python` on Windows, where python.org's
/// installer and GitHub's runners provide no `python3`.
#[cfg(windows)]
const PYTHON_PROGRAM: &str = "python";
#[cfg(not(windows))]
const PYTHON_PROGRAM: &str = "python3";

/// npm: a batch script on Windows, which `Command` finds only by its full name.
#[cfg(windows)]
const NPM_PROGRAM: &str = "npm.cmd";
#[cfg(not(windows))]
const NPM_PROGRAM: &str = "npm";

/// A program the peers need (found when it runs with `args`) and how to install it.
pub struct Tool {
    pub name: &'static str,
    pub program: &'static str,
    args: &'static [&'static str],
    pub hint: &'static str,
}

pub const PYTHON: Tool = Tool {
    name: "python3",
    program: PYTHON_PROGRAM,
    args: &["--version"],
    hint: "install Python 3 with pip, e.g. apt-get install python3 python3-pip",
};
pub const PIP: Tool = Tool {
    name: "pip",
    program: PYTHON_PROGRAM,
    args: &["-m", "pip", "--version"],
    hint: "install pip, e.g. apt-get install python3-pip",
};
pub const NODE: Tool = Tool {
    name: "node",
    program: "node",
    args: &["--version"],
    hint: "install Node.js 18 or later with npm, e.g. apt-get install nodejs npm",
};
pub const NPM: Tool = Tool {
    name: "npm",
    program: NPM_PROGRAM,
    args: &["--version"],
    hint: "install npm, e.g. apt-get install npm",
};

impl Tool {
    /// Whether the program runs here.
    pub fn found(&self) -> bool {
        let out = Command::new(self.program).args(self.args).output();
        matches!(out, Ok(o) if o.status.success())
    }

    fn require(&self) {
        if !self.found() {
            panic!(
                "`{}` is needed by the peer tests and was not found on PATH: {}",
                self.name, self.hint
            );
        }
    }
}

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

/// `target/tmp/peers/python`, holding the pinned `XenAPI` package.
pub fn python_lib() -> PathBuf {
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    PYTHON.require();
    PIP.require();
    let dir = peers_dir().join("python");
    let stamp = dir.join(".installed");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(XENAPI_PYPI) {
        let _ = std::fs::remove_dir_all(&dir);
        run(
            Command::new(PYTHON.program)
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
    NODE.require();
    NPM.require();
    let dir = peers_dir().join("node");
    let lock = std::fs::read(scripts_dir().join("package-lock.json")).expect("lock file");
    let stamp = dir.join("node_modules/.xenpilot-lock");
    if std::fs::read(&stamp).ok().as_deref() != Some(&lock[..]) {
        std::fs::create_dir_all(&dir).expect("create peer dir");
        for f in ["package.json", "package-lock.json"] {
            std::fs::copy(scripts_dir().join(f), dir.join(f)).expect("copy manifest");
        }
        run(
            Command::new(NPM.program)
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

#[allow(dead_code)] // the QEMU test is Unix-only, and the benches share this file
pub const QEMU: Tool = Tool {
    name: "qemu-system-x86_64",
    program: "qemu-system-x86_64",
    args: &["--version"],
    hint: "install QEMU, e.g. apt-get install qemu-system-x86",
};
