//! The `iamsim` command line: simulate or explain Scenario JSON files (or bulk JSON Lines), for terminals
//! and CI pipelines. Exit status: 0 when a decision was reached, 1 when `--expect` was given and a
//! decision differs, 2 on invalid input or usage (diagnostics on stderr as `FILE: INPUT:LINE:COLUMN: ...`).

use std::io::{self, BufRead, Read, Write};
use std::process::ExitCode;

use iamsim::api::{self, SimulationResult};
use iamsim::model::{Diagnostic, Severity};

const HELP: &str = "\
iamsim — would AWS allow this request, and why? (offline AWS IAM policy simulator)

USAGE:
    iamsim simulate [OPTIONS] FILE|-     decide one Scenario (JSON)
    iamsim explain  [OPTIONS] FILE|-     decide and show the trace: every policy, statement and condition
    iamsim expand PATTERN                list the actions an action pattern matches (s3:Get*), one per line
    iamsim describe [--format json] ACTION
                                         access level, resource types and condition keys of an action
    iamsim --help | --version

OPTIONS (simulate, explain):
    --format text|json   output format (default: text)
    --jsonl              read one Scenario per line, write one result per line (bulk runs; implies json
                         unless --format text is given)
    --expect DECISION    allowed | explicitDeny | implicitDeny: exit 1 when a decision differs

A Scenario is {\"request\": {\"principal\", \"action\", \"resource\", \"resourceAccount\", \"context\"},
\"policies\": {\"identity\", \"permissionsBoundary\", \"session\", \"resource\", \"scp\", \"rcp\"},
\"options\": {\"deriveContext\", \"notPrincipalMode\"}}; see the README.

EXIT STATUS:
    0  a decision was reached (for every scenario with --jsonl)
    1  --expect was given and a decision differs
    2  invalid input or usage; diagnostics go to stderr as FILE: INPUT:LINE:COLUMN: severity CODE: message
";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

struct Args {
    command: String,
    file: Option<String>,
    format: Option<Format>,
    jsonl: bool,
    expect: Option<String>,
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("iamsim: {msg}\nRun 'iamsim --help' for usage.");
    ExitCode::from(2)
}

fn parse_args(argv: &[String]) -> Result<Args, String> {
    let mut args = Args { command: String::new(), file: None, format: None, jsonl: false, expect: None };
    let mut it = argv.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" => {
                args.format = Some(match it.next().map(String::as_str) {
                    Some("text") => Format::Text,
                    Some("json") => Format::Json,
                    other => return Err(format!("--format takes text or json, not {}", other.unwrap_or("nothing"))),
                })
            }
            "--jsonl" => args.jsonl = true,
            "--expect" => match it.next().map(String::as_str) {
                Some(d @ ("allowed" | "explicitDeny" | "implicitDeny")) => args.expect = Some(d.to_string()),
                other => {
                    return Err(format!(
                        "--expect takes allowed, explicitDeny or implicitDeny, not {}",
                        other.unwrap_or("nothing")
                    ));
                }
            },
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            s if args.command.is_empty() => args.command = s.to_string(),
            s if args.file.is_none() => args.file = Some(s.to_string()),
            s => return Err(format!("unexpected argument {s}")),
        }
    }
    Ok(args)
}

fn read_input(file: &str) -> Result<String, String> {
    if file == "-" {
        let mut s = String::new();
        io::stdin().read_to_string(&mut s).map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(s)
    } else {
        std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))
    }
}

fn diagnostic_line(file: &str, d: &Diagnostic) -> String {
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let src = d.source.as_deref().unwrap_or("input");
    match &d.range {
        Some(r) => format!("{file}: {src}:{}:{}: {sev} {}: {}", r.start.line, r.start.column, d.code, d.message),
        None => format!("{file}: {src}: {sev} {}: {}", d.code, d.message),
    }
}

fn text_output(result: &SimulationResult) -> String {
    if let Some(text) = &result.text {
        return text.clone();
    }
    let decision = result.decision.map(|d| d.as_str()).unwrap_or("error");
    let mut out = format!("{decision} — {}\n", result.reason.as_deref().unwrap_or(""));
    for m in result.matched_statements.iter().flatten() {
        out.push_str(&format!(
            "  {:?} {} {} statement {} (line {}:{})\n",
            m.effect,
            m.policy_type.short(),
            m.policy_id,
            m.sid.clone().unwrap_or_else(|| format!("[{}]", m.statement_index)),
            m.range.start.line,
            m.range.start.column
        ));
    }
    if let Some(keys) = result.missing_context_keys.as_ref().filter(|k| !k.is_empty()) {
        out.push_str(&format!("  missing context keys: {}\n", keys.join(", ")));
    }
    out
}

/// Runs one scenario; returns (output, exit code contribution).
fn one(text: String, label: &str, explain: bool, format: Format, expect: Option<&str>) -> (String, u8) {
    let result = api::simulate_text_owned(text, explain);
    for d in &result.diagnostics {
        if d.severity != Severity::Info || !result.ok {
            eprintln!("{}", diagnostic_line(label, d));
        }
    }
    let out = match format {
        Format::Json => result.to_json() + "\n",
        Format::Text if result.ok => text_output(&result),
        Format::Text => String::new(),
    };
    let code = if !result.ok {
        2
    } else if expect.is_some_and(|e| result.decision.map(|d| d.as_str()) != Some(e)) {
        if let Some(d) = result.decision {
            eprintln!("{label}: expected {}, got {}", expect.unwrap_or(""), d.as_str());
        }
        1
    } else {
        0
    };
    (out, code)
}

fn simulate_command(args: &Args, explain: bool) -> ExitCode {
    let Some(file) = args.file.as_deref() else {
        return usage_error("simulate and explain need a FILE (or - for standard input)");
    };
    let mut stdout = io::stdout().lock();
    if args.jsonl {
        let format = args.format.unwrap_or(Format::Json);
        let reader: Box<dyn BufRead> = if file == "-" {
            Box::new(io::BufReader::new(io::stdin()))
        } else {
            match std::fs::File::open(file) {
                Ok(f) => Box::new(io::BufReader::new(f)),
                Err(e) => return usage_error(&format!("cannot read {file}: {e}")),
            }
        };
        let mut worst = 0u8;
        for (n, line) in reader.lines().enumerate() {
            let line = match line {
                Ok(l) => l,
                Err(e) => return usage_error(&format!("cannot read {file}: {e}")),
            };
            if line.trim().is_empty() {
                continue;
            }
            let name = if file == "-" { "<stdin>" } else { file };
            let (out, code) = one(line, &format!("{name}:{}", n + 1), explain, format, args.expect.as_deref());
            if stdout.write_all(out.as_bytes()).is_err() {
                return ExitCode::from(2);
            }
            worst = worst.max(code);
        }
        return ExitCode::from(worst);
    }
    let text = match read_input(file) {
        Ok(t) => t,
        Err(e) => return usage_error(&e),
    };
    let label = if file == "-" { "<stdin>" } else { file };
    let (out, code) = one(text, label, explain, args.format.unwrap_or(Format::Text), args.expect.as_deref());
    if stdout.write_all(out.as_bytes()).is_err() {
        return ExitCode::from(2);
    }
    ExitCode::from(code)
}

/// `iamsim expand PATTERN`: every action the pattern matches, one per line, from the embedded service data.
fn expand_command(args: &Args) -> ExitCode {
    let Some(pattern) = args.file.as_deref() else { return usage_error("expand needs a PATTERN, e.g. 's3:Get*'") };
    let actions = iamsim::service::expand_action(pattern);
    if actions.is_empty() {
        eprintln!("iamsim: no action matches {pattern}{}", hint(pattern));
        return ExitCode::from(2);
    }
    let mut out = io::stdout().lock();
    for a in actions {
        if writeln!(out, "{a}").is_err() {
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// `iamsim describe ACTION`: access level, resource types (required ones marked *) and condition keys.
fn describe_command(args: &Args) -> ExitCode {
    let Some(action) = args.file.as_deref() else { return usage_error("describe needs an ACTION, e.g. s3:GetObject") };
    let Some(info) = iamsim::service::describe_action(action) else {
        eprintln!("iamsim: unknown action {action}{}", hint(action));
        return ExitCode::from(2);
    };
    match args.format.unwrap_or(Format::Text) {
        Format::Json => println!("{}", iamsim::service::describe_action_json(action)),
        Format::Text => print!("{info}"),
    }
    ExitCode::SUCCESS
}

fn hint(action: &str) -> String {
    let close = iamsim::service::did_you_mean(action);
    if close.is_empty() { String::new() } else { format!(" (did you mean {}?)", close.join(", ")) }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.iter().any(|a| a == "--help" || a == "-h") || argv.first().map(String::as_str) == Some("help") {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    if argv.iter().any(|a| a == "--version" || a == "-V") {
        println!("iamsim {} (AWS service data {})", api::version(), iamsim::service::data_version());
        return ExitCode::SUCCESS;
    }
    let args = match parse_args(&argv) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    match args.command.as_str() {
        "simulate" => simulate_command(&args, false),
        "explain" => simulate_command(&args, true),
        "expand" => expand_command(&args),
        "describe" => describe_command(&args),
        "" => usage_error("no command given"),
        other => usage_error(&format!("unknown command {other}")),
    }
}
