// compat.rs — compat.c's checks (but signals), as a Rust program built by the host's
// rustc (userspace/compat.cmake): with `-C target-feature=+crt-static`
// (static, glibc) and without (dynamic: glibc's loader, libc.so.6 and
// libgcc_s.so.1). Only the standard library: each check prints `ok NAME`
// or `FAIL NAME: why`, then `compat: N passed, N failed`; the exit status
// is the number of failures.
//
//   compat-rust           every check
//   compat-rust exit N    prints "exiting N" and exits with status N
//   compat-rust env V N   exits 0 if COMPAT_ENV=V and the environment has N
//                         strings, else 3
use std::io::{Read, Write};
use std::process::Command;

fn check(name: &str, result: Result<(), String>, passed: &mut u32, failed: &mut u32) {
    match result {
        Ok(()) => { println!("ok {}", name); *passed += 1; }
        Err(why) => { println!("FAIL {}: {}", name, why); *failed += 1; }
    }
}

fn entry(args: &[String]) -> Result<(), String> {
    if args.is_empty() || !args[0].starts_with("/compat/") {
        return Err(format!("argv: {:?}", args));
    }
    let _ = std::env::vars().count();          // environ readable, even if empty
    Ok(())
}

fn alloc() -> Result<(), String> {
    let big = vec![0x5au8; 1 << 20];
    let small: Vec<Vec<u8>> = (0..1000).map(|i| vec![(i & 0xff) as u8; 16 + i % 200]).collect();
    if big[(1 << 20) - 1] != 0x5a || small.iter().enumerate().any(|(i, v)| v[15] != (i & 0xff) as u8) {
        return Err("memory does not hold what was written".into());
    }
    Ok(())
}

fn read_file() -> Result<(), String> {
    let mut s = String::new();
    std::fs::File::open("/etc/compat.txt").and_then(|mut f| f.read_to_string(&mut s))
        .map_err(|e| e.to_string())?;
    if s == "ringlab compat\n" { Ok(()) } else { Err(format!("read {:?}", s)) }
}

fn tmp_file() -> Result<(), String> {
    let path = "/tmp/compat-rust";
    std::fs::File::create(path).and_then(|mut f| write!(f, "written {}\n", 42))
        .map_err(|e| e.to_string())?;
    let back = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    std::fs::remove_file(path).map_err(|e| e.to_string())?;
    if back != "written 42\n" || std::path::Path::new(path).exists() {
        return Err(format!("read back {:?}", back));
    }
    Ok(())
}

// std::process::Command: glibc's posix_spawn (clone with CLONE_VM |
// CLONE_VFORK, and futex in std's locks) + exec, with stdout and stderr
// piped back (read with poll and FIONBIO), and the exit status. A missing
// program is Err(NotFound) from spawn itself: glibc's vfork child writes
// the exec failure into the memory it shares with its parent (a copy of
// the memory would give a child that exits 127 instead).
fn spawn(me: &str) -> Result<(), String> {
    let out = Command::new(me).args(["exit", "7"]).output().map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout);
    if out.status.code() != Some(7) || text != "exiting 7\n" || !out.stderr.is_empty() {
        return Err(format!("status {:?}, output {:?}, errors {:?}", out.status, text,
                           String::from_utf8_lossy(&out.stderr)));
    }
    match Command::new("/no/such").spawn() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("/no/such: {}", e)),
        Ok(mut child) => Err(format!("/no/such spawned: {:?}", child.wait())),
    }
}

// The environment: init's HOME=/ (the kernel's), and one chosen for a
// child (env_clear + env: execve's envp), which the child checks.
fn environment(me: &str) -> Result<(), String> {
    if std::env::var("HOME").as_deref() != Ok("/") {
        return Err(format!("HOME is {:?}", std::env::var("HOME")));
    }
    let child = |value: &str| Command::new(me).args(["env", value, "2"]).env_clear()
        .env("COMPAT_ENV", "chosen").env("OTHER", "2").status().map_err(|e| e.to_string());
    match (child("chosen")?.code(), child("not this")?.code()) {
        (Some(0), Some(3)) => Ok(()),
        other => Err(format!("the children's statuses: {:?}", other)),
    }
}

fn float() -> Result<(), String> {
    let x = std::hint::black_box(2.0f64);
    let s = format!("{:.6} {:.3e} {}", std::f64::consts::PI, 1234.5, x / 4.0);
    if s == "3.141593 1.234e3 0.5" { Ok(()) } else { Err(s) }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 3 && args[1] == "exit" {
        println!("exiting {}", args[2]);
        std::io::stdout().flush().unwrap();
        std::process::exit(args[2].parse().unwrap_or(99));
    }
    if args.len() == 4 && args[1] == "env" {     // exit 0 if COMPAT_ENV=V and N strings, else 3
        let ok = std::env::var("COMPAT_ENV").as_deref() == Ok(args[2].as_str())
            && std::env::vars().count().to_string() == args[3];
        std::process::exit(if ok { 0 } else { 3 });
    }
    let (mut passed, mut failed) = (0, 0);
    check("entry", entry(&args), &mut passed, &mut failed);
    check("alloc", alloc(), &mut passed, &mut failed);
    check("read-file", read_file(), &mut passed, &mut failed);
    check("tmp-file", tmp_file(), &mut passed, &mut failed);
    check("spawn", spawn(&args[0]), &mut passed, &mut failed);
    check("environment", environment(&args[0]), &mut passed, &mut failed);
    check("format-float", float(), &mut passed, &mut failed);
    println!("compat: {} passed, {} failed", passed, failed);
    std::process::exit(failed as i32);
}
