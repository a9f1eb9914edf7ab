//! The `xenpilot` binary: the desktop app, or `xenpilot demo-server`.

use clap::Parser;
use std::process::ExitCode;
use xenpilot::cli::{Cli, Command, DemoServerArgs};
use xenpilot::demo::{self, DemoConfig, DemoServer};
use xenpilot::ui::{Source, XenPilotApp};
use xenpilot::xenapi::{Credentials, TransportOptions};

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "warn,xenpilot=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::DemoServer(args)) => run_demo_server(args),
        None => run_app(cli.server, cli.user),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xenpilot: {e}");
            ExitCode::FAILURE
        }
    }
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
        demo::dump::load_file(path).map_err(|e| e.to_string())?
    } else if let Some(spec) = args.generate {
        demo::generator::generate(spec)
    } else {
        demo::demo_pool()
    };
    let generated = args.password.is_none();
    let password = args.password.unwrap_or_else(demo::generate_password);
    let mut config = DemoConfig::new(password.clone());
    config.read_only_user = args.read_only_user;
    let rt = runtime()?;
    rt.block_on(async {
        let server = DemoServer::start(db, config, args.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
        println!("XenPilot demo pool server listening on {}", server.url);
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

fn run_app(server: Option<String>, user: String) -> Result<(), String> {
    let rt = runtime()?;
    // Kept alive for the life of the window when we serve the demo pool ourselves.
    let mut demo_server = None;
    let (url, credentials) = match server {
        Some(url) => {
            let password = std::env::var("XENPILOT_PASSWORD").map_err(|_| {
                "--server needs the password in XENPILOT_PASSWORD (the connect dialog is not built yet)".to_string()
            })?;
            (url, Credentials::new(user, password))
        }
        None => {
            let password = demo::generate_password();
            let s = rt
                .block_on(DemoServer::start(
                    demo::demo_pool(),
                    DemoConfig::new(password.clone()),
                    ([127, 0, 0, 1], 0).into(),
                ))
                .map_err(|e| format!("cannot start the demo pool server: {e}"))?;
            let url = s.url.clone();
            demo_server = Some(s);
            (url, Credentials::new("root", password))
        }
    };
    let handle = rt.handle().clone();
    let options = eframe::NativeOptions {
        viewport: eframe::egui::ViewportBuilder::default()
            .with_title("XenPilot")
            .with_inner_size([1100.0, 720.0]),
        ..Default::default()
    };
    let result = eframe::run_native(
        "XenPilot",
        options,
        Box::new(move |cc| {
            let ctx = cc.egui_ctx.clone();
            let conn = xenpilot::connection::connect(
                &handle,
                url,
                credentials,
                TransportOptions::default(),
                move || ctx.request_repaint(),
            );
            Ok(Box::new(XenPilotApp::new(
                Source::Live(conn),
                Some(handle.clone()),
            )))
        }),
    )
    .map_err(|e| format!("cannot open the window: {e}"));
    if let Some(s) = demo_server {
        rt.block_on(s.stop());
    }
    result
}
