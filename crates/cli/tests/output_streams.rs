//! The CLI's output when the reader goes away (`| head -c 10`) or the disk is full
//! (`> /dev/full`): it ends quietly or with a message, never with a panic.

use std::io::Read;
use std::process::{Command, Stdio};

/// A machine whose result is large: an input of 20,000 items passed through.
fn large_run_args(dir: &std::path::Path) -> Vec<String> {
    let definition = dir.join("pass.json");
    let input = dir.join("input.json");
    std::fs::write(
        &definition,
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#,
    )
    .unwrap();
    let items: Vec<String> = (0..20_000).map(|i| format!("{{\"n\": {i}}}")).collect();
    std::fs::write(&input, format!("{{\"items\": [{}]}}", items.join(","))).unwrap();
    vec![
        "run".into(),
        "--definition".into(),
        definition.display().to_string(),
        "--input".into(),
        input.display().to_string(),
    ]
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sfn-lab-streams-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly() {
    let dir = temp_dir("pipe");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sfn-lab"))
        .args(large_run_args(&dir))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sfn-lab starts");
    let mut first = [0u8; 10];
    child
        .stdout
        .take()
        .expect("piped")
        .read_exact(&mut first)
        .expect("10 bytes");
    // Dropping our end closes the pipe, as `head -c 10` does once it has its bytes.
    let output = child.wait_with_output().expect("sfn-lab ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

#[test]
fn a_full_disk_is_reported_not_panicked_on() {
    let full = std::path::Path::new("/dev/full");
    if !full.exists() {
        eprintln!("skipped: this system has no /dev/full");
        return;
    }
    let dir = temp_dir("full");
    let output = Command::new(env!("CARGO_BIN_EXE_sfn-lab"))
        .args(large_run_args(&dir))
        .stdout(std::fs::File::create(full).expect("/dev/full opens"))
        .stderr(Stdio::piped())
        .output()
        .expect("sfn-lab ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write the output"), "{stderr}");
}
