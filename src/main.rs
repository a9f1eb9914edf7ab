//! The `xenpilot` binary: the desktop app, or `xenpilot demo-server`.

use clap::Parser;
use std::process::ExitCode;
use xenpilot::cli::{Cli, Command, DemoServerArgs, TreeArgs, TreeView};
use xenpilot::demo::{self, DemoConfig, DemoServer};
use xenpilot::ui::instrumented::Instrumented;
use xenpilot::ui::{Source, XenPilotApp};
use xenpilot::xenapi::{Credentials, TransportOptions};

// glibc's malloc locks the owning arena to free memory another thread allocated. During an
// event storm the UI thread, freeing records the runtime's threads had decoded, waited up to
// 23 ms for arenas held by preempted threads (sched_switch stacks under `perf`, BENCHMARKS.md
// figure 7). mimalloc hands such frees back to the owner without a lock.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let _ = xenpilot::ui::instrumented::PROCESS_START.set(std::time::Instant::now());
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "warn,xenpilot=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    // `xenpilot package-files DIR`, for packagers: outside clap's definitions, as clap_complete
    // would offer even a hidden subcommand in the completions it writes.
    if let Some(out_dir) = xenpilot::cli::package_files::requested() {
        return match xenpilot::cli::package_files::write(&out_dir) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("xenpilot: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::DemoServer(args)) => run_demo_server(args),
        Some(Command::Tree(args)) => run_tree(args),
        Some(Command::Console(args)) => {
            runtime().and_then(|rt| xenpilot::cli::console::run(args, &rt))
        }
        // Transfers say what failed in their exit code.
        Some(Command::Export(args)) => {
            return runtime().map_or_else(
                |e| fail(&e),
                |rt| xenpilot::cli::transfer::export(args, &rt),
            );
        }
        Some(Command::Import(args)) => {
            return runtime().map_or_else(
                |e| fail(&e),
                |rt| xenpilot::cli::transfer::import(args, &rt),
            );
        }
        None => run_app(cli.server, cli.user, cli.open),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

fn fail(e: &str) -> ExitCode {
    // Errors quote what a server or a file said.
    eprintln!("xenpilot: {}", xenpilot::cli::terminal_safe(e));
    ExitCode::FAILURE
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("xenpilot-bg")
        .build()
        .map_err(|e| format!("cannot start the background runtime: {e}"))
}

fn run_demo_server(args: DemoServerArgs) -> Result<(), String> {
    let db = if let Some(path) = &args.db {
        xenpilot::xapidb::dump::load_file(path).map_err(|e| e.to_string())?
    } else if let Some(spec) = args.generate {
        demo::generator::generate(spec)
    } else {
        demo::demo_pool()
    };
    let generated = args.password.is_none();
    let password = args.password.unwrap_or_else(demo::generate_password);
    let mut config = DemoConfig::new(password.clone());
    config.read_only_user = args.read_only_user;
    config.redirect_to = args.redirect_to;
    config.vm_operator_user = args.vm_operator_user;
    if args.tls {
        // Every host's address (see demo::addresses), so each host's URL verifies.
        let hosts = db.count("host");
        let mut names = vec!["localhost".to_string()];
        names.extend(
            demo::addresses::plan(args.listen.ip(), hosts)
                .iter()
                .map(|ip| ip.to_string()),
        );
        names.dedup();
        config.tls = Some(demo::TlsIdentity::generate(&names).map_err(|e| e.to_string())?);
    }
    let rt = runtime()?;
    rt.block_on(async {
        let server = DemoServer::start(db, config, args.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
        println!("XenPilot demo pool server listening on {}", server.url);
        if let Some(f) = &server.fingerprint {
            println!("  certificate SHA-256: {f}");
        }
        println!("  user: root");
        if generated {
            println!("  password: {password}");
        } else {
            println!("  password: (as given)");
        }
        println!("Press Ctrl+C to stop.");
        let _ = tokio::signal::ctrl_c().await;
        server.stop().await;
        Ok(())
    })
}

fn run_tree(args: TreeArgs) -> Result<(), String> {
    use xenpilot::model::tree::{self, ViewKind, ViewOptions};
    let cache = if let Some(path) = &args.open {
        xenpilot::ui::load_dump(path).map_err(|e| e.to_string())?
    } else if let Some(url) = &args.server {
        let password = std::env::var("XENPILOT_PASSWORD")
            .map_err(|_| "--server needs the password in XENPILOT_PASSWORD".to_string())?;
        let rt = runtime()?;
        rt.block_on(async {
            // The certificates trusted in the app (File > Connect…) are trusted here too.
            let pins = xenpilot::store::servers::default_path()
                .map(|p| xenpilot::store::servers::ServerStore::load(&p).trusted_certificates)
                .unwrap_or_default();
            let s = xenpilot::xenapi::Session::login(
                url,
                Credentials::new(args.user.clone(), password),
                TransportOptions {
                    pins,
                    ..TransportOptions::default()
                },
            )
            .await
            .map_err(|e| e.to_string())?;
            let loaded = xenpilot::xenapi::events::load_all(&s).await;
            let _ = s.logout().await;
            loaded.map(|(c, _)| c).map_err(|e| e.to_string())
        })?
    } else {
        xenpilot::xapidb::cache_of(&demo::demo_pool())
    };
    let i18n = match &args.lang {
        Some(l) => xenpilot::i18n::I18n::new(l),
        None => xenpilot::i18n::I18n::from_os(),
    };
    let opts = ViewOptions {
        show_hidden: args.show_hidden,
        default_templates: args.default_templates,
        ..ViewOptions::default()
    };
    let view = match args.view {
        TreeView::Infrastructure => ViewKind::Infrastructure,
        TreeView::Objects => ViewKind::Objects,
        TreeView::Tags => ViewKind::Tags,
        TreeView::Folders => ViewKind::Folders,
    };
    let text = tree::to_text(&tree::build(&cache, &i18n, view, opts));
    print!("{}", xenpilot::cli::terminal_safe(&text));
    Ok(())
}

fn run_app(
    servers: Vec<String>,
    user: String,
    open: Option<std::path::PathBuf>,
) -> Result<(), String> {
    let rt = runtime()?;
    let handle = rt.handle().clone();
    if let Some(path) = open {
        // Read before the window opens, so a bad file is reported on the terminal.
        let cache = xenpilot::ui::load_dump(&path).map_err(|e| e.to_string())?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return open_window(handle, |app, _| app.show_dump(cache, name));
    }
    if !servers.is_empty() {
        // Through the Connect dialog, one server after the other, so a certificate to trust
        // or a wrong password is answered there; without XENPILOT_PASSWORD the dialog asks.
        let password = std::env::var("XENPILOT_PASSWORD").ok();
        return open_window(handle, move |app, _| {
            app.connect_many_on_start(&servers, &user, password)
        });
    }
    // Kept alive for the life of the window: the built-in demo pool, served by us.
    let password = demo::generate_password();
    let demo_server = rt
        .block_on(DemoServer::start(
            demo::demo_pool(),
            DemoConfig::new(password.clone()),
            ([127, 0, 0, 1], 0).into(),
        ))
        .map_err(|e| format!("cannot start the demo pool server: {e}"))?;
    let url = demo_server.url.clone();
    let credentials = Credentials::new("root", password);
    let result = open_window(handle.clone(), move |app, ctx| {
        let ctx = ctx.clone();
        let conn = xenpilot::services::connection::connect(
            &handle,
            url,
            credentials,
            TransportOptions::default(),
            move || ctx.request_repaint(),
        );
        app.add_pool("demo".into(), Source::Live(conn));
    });
    rt.block_on(demo_server.stop());
    result
}

/// Runs the window until it closes; `init` adds what it shows first.
fn open_window(
    handle: tokio::runtime::Handle,
    init: impl FnOnce(&mut XenPilotApp, &eframe::egui::Context) + 'static,
) -> Result<(), String> {
    let settings_path = xenpilot::store::settings::default_path();
    eframe::run_native(
        "XenPilot",
        native_options(),
        Box::new(move |cc| {
            let mut app = XenPilotApp::new(Source::Static, Some(handle), settings_path);
            app.setup(&cc.egui_ctx);
            init(&mut app, &cc.egui_ctx);
            Ok(Instrumented::from_env(app))
        }),
    )
    .map_err(|e| format!("cannot open the window: {e}"))
}

fn native_options() -> eframe::NativeOptions {
    let mut viewport = eframe::egui::ViewportBuilder::default()
        .with_title("XenPilot")
        // The Wayland app id and X11 WM_CLASS: the desktop finds xenpilot.desktop, its icon
        // and its name by it (a window without it shows a generic icon on Wayland).
        .with_app_id(xenpilot::APP_ID)
        .with_inner_size([1100.0, 720.0]);
    // X11, Windows and an unbundled macOS binary take the window's icon from here.
    match eframe::icon_data::from_png_bytes(include_bytes!("../assets/icons/xenpilot-256.png")) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(e) => tracing::warn!("the window icon: {e}"),
    }
    eframe::NativeOptions {
        viewport,
        ..Default::default()
    }
}
