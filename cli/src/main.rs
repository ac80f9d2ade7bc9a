//! `vpclab`: the native command line of VPC Lab (`cli-contract.md`).
//!
//! ```text
//! vpclab trace SNAPSHOT --from SRC --to DST [--port N] [--protocol tcp|udp|icmp|NUMBER] [--region R]
//!              [--gb-per-month X] [--action A] [--resource ARN] [--principal ARN] [--format json|text]
//! vpclab check SNAPSHOT [--region R] [--format json|text]
//! vpclab cost SNAPSHOT --flows FILE [--gb-per-month X] [--region R] [--format json|text]
//! vpclab link SNAPSHOT [--from SRC --to DST [--port N] [--protocol P]] [--base-url URL]
//! vpclab export SNAPSHOT --to terraform|json
//! vpclab audit SNAPSHOT [--gb-per-month X] [--service NAME]... [--region R] [--format json|text]
//! vpclab diff BEFORE AFTER [--gb-per-month X] [--fail-on worse|any] [--region R] [--format json|text]
//! ```
//!
//! Exit status: 0 when the analysis ran (reachable or not, valid or not); 2 for bad input, with one paragraph on
//! stderr naming the file and the field. Input never causes a panic: every read, parse and lookup returns an
//! error value.

mod render;
mod snapshot;

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use snapshot::CliError;
use vpclab_core::FlowSpec;

#[derive(Debug, Parser)]
#[command(
    name = "vpclab",
    version,
    about = "Trace flows through AWS VPC topologies and check them, offline"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Trace one flow from SRC to DST: reachable or not, over which network, hop by hop, and why
    Trace(TraceArgs),
    /// Validate a topology: import warnings, validation errors and advisories
    Check(CheckArgs),
    /// Monthly cost of many flows (a JSON file) plus the topology's fixed costs
    Cost(CostArgs),
    /// Print the share link of SNAPSHOT, optionally carrying one flow, selected
    Link(LinkArgs),
    /// Write the topology as Terraform HCL or as VPC Lab topology JSON
    Export(ExportArgs),
    /// Every subnet's path to AWS services, every ENI open to the internet, every joined pair of VPCs
    Audit(AuditArgs),
    /// Compare the audits of two snapshots: what got better, worse or changed
    Diff(DiffArgs),
}

#[derive(Debug, Args)]
struct AuditArgs {
    /// A VPC Lab topology JSON file, a folder of `aws ec2 describe-*` outputs, a merged describe-* file or a link
    snapshot: String,
    /// Monthly volume assumed for each service path when it is priced
    #[arg(long = "gb-per-month", value_name = "X", default_value_t = 100.0, value_parser = parse_gb_per_month, allow_negative_numbers = true)]
    gb_per_month: f64,
    /// An AWS service to audit besides S3, DynamoDB and those with endpoints (repeatable: `sqs`, `ecr.dkr`)
    #[arg(long = "service", value_name = "NAME")]
    services: Vec<String>,
    /// Region to use where the snapshot names none
    #[arg(long, value_name = "R")]
    region: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Worse,
    Any,
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// The snapshot before the change
    before: String,
    /// The snapshot after the change
    after: String,
    /// Monthly volume assumed for each service path when it is priced
    #[arg(long = "gb-per-month", value_name = "X", default_value_t = 100.0, value_parser = parse_gb_per_month, allow_negative_numbers = true)]
    gb_per_month: f64,
    /// Exit 1 when at least one change is worse (`worse`) or when anything changed (`any`)
    #[arg(long = "fail-on", value_enum, value_name = "worse|any")]
    fail_on: Option<FailOn>,
    /// An AWS service to audit besides S3, DynamoDB and those with endpoints (repeatable)
    #[arg(long = "service", value_name = "NAME")]
    services: Vec<String>,
    /// Region to use where the snapshots name none
    #[arg(long, value_name = "R")]
    region: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Args)]
struct LinkArgs {
    /// A VPC Lab topology JSON file, a folder of `aws ec2 describe-*` outputs, a merged describe-* file or a link
    snapshot: String,
    /// Source of a flow to carry (selected when the link opens)
    #[arg(long, value_name = "SRC", requires = "to")]
    from: Option<String>,
    /// Destination of that flow
    #[arg(long, value_name = "DST", requires = "from")]
    to: Option<String>,
    /// Destination port of that flow
    #[arg(long, value_name = "N")]
    port: Option<u16>,
    /// IP protocol of that flow
    #[arg(long, value_name = "P", value_parser = parse_protocol)]
    protocol: Option<String>,
    /// Where the app is served (the link is this URL plus `#v1.…`)
    #[arg(
        long = "base-url",
        value_name = "URL",
        default_value = "http://127.0.0.1:8080/"
    )]
    base_url: String,
    /// Region to use where the snapshot names none
    #[arg(long, value_name = "R")]
    region: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    Terraform,
    Json,
}

#[derive(Debug, Args)]
struct ExportArgs {
    /// A VPC Lab topology JSON file, a folder of `aws ec2 describe-*` outputs, a merged describe-* file or a link
    snapshot: String,
    /// Output: Terraform HCL for the aws provider, or VPC Lab topology JSON
    #[arg(long = "to", value_enum, value_name = "terraform|json")]
    to: ExportFormat,
    /// Region to use where the snapshot names none
    #[arg(long, value_name = "R")]
    region: Option<String>,
}

#[derive(Debug, Args)]
struct CostArgs {
    /// A VPC Lab topology JSON file, a folder of `aws ec2 describe-*` outputs, or one merged describe-* file
    snapshot: String,
    /// A JSON file of flows: an array of `{"from", "to", "port", "protocol", "gb_per_month"}` or `{"flows": […]}`
    #[arg(long, value_name = "FILE")]
    flows: String,
    /// Monthly volume for flows that give none
    #[arg(long = "gb-per-month", value_name = "X", value_parser = parse_gb_per_month, allow_negative_numbers = true)]
    gb_per_month: Option<f64>,
    /// Region to use where the snapshot names none
    #[arg(long, value_name = "R")]
    region: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Json,
    Text,
}

#[derive(Debug, Args)]
struct TraceArgs {
    /// A VPC Lab topology JSON file, a folder of `aws ec2 describe-*` outputs, or one merged describe-* file
    snapshot: String,
    /// Source: an instance id, an ENI id, a private IP, `internet[:IP]` or `onprem:IP`
    #[arg(long, value_name = "SRC")]
    from: String,
    /// Destination: an IP, a resource id (`i-…`, `eni-…`, `vpce-…`), a DNS name or an endpoint service name
    #[arg(long, value_name = "DST")]
    to: String,
    /// Destination port (default: 443 for AWS service names)
    #[arg(long, value_name = "N")]
    port: Option<u16>,
    /// IP protocol: `tcp`, `udp`, `icmp` or a protocol number 0-255 (default: tcp)
    #[arg(long, value_name = "P", value_parser = parse_protocol)]
    protocol: Option<String>,
    /// Region to use where the snapshot names none
    #[arg(long, value_name = "R")]
    region: Option<String>,
    /// Monthly data volume of the flow in GB, for the cost estimate
    #[arg(long = "gb-per-month", value_name = "X", value_parser = parse_gb_per_month, allow_negative_numbers = true)]
    gb_per_month: Option<f64>,
    /// Peak rate of the flow in Gbps: the trace names the tightest documented capacity limit on its path
    #[arg(long, value_name = "G", value_parser = parse_gbps, allow_negative_numbers = true)]
    gbps: Option<f64>,
    /// Simultaneous connections of the flow to its destination (checked against a NAT gateway's limit)
    #[arg(long, value_name = "N")]
    connections: Option<u64>,
    /// The API action the flow carries, for endpoint and bucket policies (default `s3:GetObject` /
    /// `dynamodb:GetItem`)
    #[arg(long, value_name = "ACTION")]
    action: Option<String>,
    /// The resource ARN of the request (default: derived from the destination, e.g. `arn:aws:s3:::BUCKET/*`)
    #[arg(long, value_name = "ARN")]
    resource: Option<String>,
    /// The calling principal's ARN (default: an unnamed principal of the resource's account)
    #[arg(long, value_name = "ARN")]
    principal: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// A VPC Lab topology JSON file, a folder of `aws ec2 describe-*` outputs, or one merged describe-* file
    snapshot: String,
    /// Region to use where the snapshot names none
    #[arg(long, value_name = "R")]
    region: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// `tcp`, `udp`, `icmp` (any case) or an IP protocol number 0-255, normalised (`TCP` → `tcp`, `06` → `6`).
fn parse_protocol(s: &str) -> Result<String, String> {
    let lower = s.trim().to_ascii_lowercase();
    match lower.as_str() {
        "tcp" | "udp" | "icmp" => Ok(lower),
        _ => lower.parse::<u8>().map(|n| n.to_string()).map_err(|_| {
            format!(
                "`{s}` is not a protocol: use `tcp`, `udp`, `icmp` or an IP protocol number 0-255"
            )
        }),
    }
}

fn parse_gb_per_month(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!(
            "`{s}` is not a monthly volume: use a number of GB, 0 or more"
        )),
    }
}

fn parse_gbps(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!(
            "`{s}` is not a rate: use a number of Gbps, 0 or more"
        )),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    let result = match cli.command {
        Command::Trace(args) => trace(args),
        Command::Check(args) => check(args),
        Command::Cost(args) => cost(args),
        Command::Link(args) => link(args),
        Command::Export(args) => export(args),
        Command::Audit(args) => audit(args),
        Command::Diff(args) => diff(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.0.is_empty() => ExitCode::from(1),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::from(2)
        }
    }
}

/// `--help`/`--version` print and exit 0; a usage error exits 2 with clap's first paragraph as one paragraph.
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if !e.use_stderr() || e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = e.print();
        return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
    }
    let rendered = e.render().to_string();
    let first: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .take_while(|l| !l.is_empty())
        .collect();
    let _ = writeln!(
        std::io::stderr(),
        "{} (see `vpclab --help`)",
        first.join(" ")
    );
    ExitCode::from(2)
}

/// Print to stdout; a closed pipe (`vpclab … | head`) is not an error worth a panic.
fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = out.write_all(b"\n");
    }
    let _ = out.flush();
}

fn note(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

fn trace(args: TraceArgs) -> Result<(), CliError> {
    let loaded = snapshot::load(&args.snapshot, args.region.as_deref())?;
    let flow = FlowSpec {
        from: args.from,
        to: args.to,
        protocol: args.protocol,
        port: args.port,
        region: args.region,
        gb_per_month: args.gb_per_month,
        gbps: args.gbps,
        connections: args.connections,
        action: args.action,
        resource: args.resource,
        principal: args.principal,
    };
    let session = vpclab_core::Session::new(&loaded.topology);
    let result = session
        .trace(&flow)
        .map_err(|e| CliError(format!("cannot trace in `{}`: {e}", args.snapshot)))?;
    let cost = args.gb_per_month.map(|gb| {
        let c = session.flow_cost(&flow, &result, gb);
        let alternatives = session.alternatives(&flow, &result, gb);
        (c, alternatives)
    });
    match args.format {
        Format::Json => emit(&render::trace_json(
            &result,
            cost.as_ref().map(|(c, a)| render::cost_json(c, a)),
        )),
        Format::Text => {
            emit(&render::trace_text(
                &result,
                &flow,
                cost.as_ref().map(|(c, a)| (c, a.as_slice())),
            ));
            let warnings = loaded
                .diagnostics
                .iter()
                .filter(|d| d.severity != vpclab_core::Severity::Info)
                .count();
            if warnings > 0 {
                note(&format!(
                    "note: reading `{}` gave {warnings} warning(s); `vpclab check {}` lists them",
                    args.snapshot, args.snapshot
                ));
            }
        }
    }
    Ok(())
}

fn cost(args: CostArgs) -> Result<(), CliError> {
    let loaded = snapshot::load(&args.snapshot, args.region.as_deref())?;
    let text = std::fs::read_to_string(&args.flows)
        .map_err(|e| CliError(format!("cannot read flows file `{}`: {e}", args.flows)))?;
    let mut flows = vpclab_core::cost::parse_flows(&text)
        .map_err(|e| CliError(format!("flows file `{}`: {e}", args.flows)))?;
    for f in &mut flows {
        if f.region.is_none() {
            f.region = args.region.clone();
        }
    }
    let report = vpclab_core::Session::new(&loaded.topology)
        .cost_report(&flows, args.gb_per_month.unwrap_or(0.0));
    match args.format {
        Format::Json => emit(
            &serde_json::to_string_pretty(&report)
                .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise the report: {e}\"}}")),
        ),
        Format::Text => emit(&report.to_text()),
    }
    Ok(())
}

fn link(args: LinkArgs) -> Result<(), CliError> {
    let loaded = snapshot::load(&args.snapshot, args.region.as_deref())?;
    let mut diagram = loaded
        .diagram
        .unwrap_or_else(|| vpclab_core::diagram::Diagram::of(loaded.topology));
    if let (Some(from), Some(to)) = (args.from, args.to) {
        let spec = FlowSpec {
            from,
            to,
            port: args.port,
            protocol: args.protocol,
            ..FlowSpec::default()
        };
        // Refuse a flow that names nothing, as `trace` would.
        vpclab_core::trace(&diagram.topology, &spec).map_err(|e| {
            CliError(format!(
                "cannot put the flow in the link of `{}`: {e}",
                args.snapshot
            ))
        })?;
        let index = match diagram.flows.iter().position(|f| f.spec == spec) {
            Some(i) => i,
            None => {
                diagram.flows.push(vpclab_core::diagram::Flow::new(spec));
                diagram.flows.len() - 1
            }
        };
        diagram.selected_flow = Some(index);
    }
    let link = vpclab_core::share::link(&args.base_url, &diagram);
    if vpclab_core::share::is_long(&link) {
        note(&format!(
            "note: this link is {} characters long; some chat tools and mail clients cut links that long",
            link.len()
        ));
    }
    emit(&link);
    Ok(())
}

fn export(args: ExportArgs) -> Result<(), CliError> {
    let loaded = snapshot::load(&args.snapshot, args.region.as_deref())?;
    match args.to {
        ExportFormat::Terraform => emit(&vpclab_core::export::terraform(&loaded.topology)),
        ExportFormat::Json => emit(&vpclab_core::export::json(&loaded.topology)),
    }
    Ok(())
}

fn audit(args: AuditArgs) -> Result<(), CliError> {
    let loaded = snapshot::load(&args.snapshot, args.region.as_deref())?;
    let opts = vpclab_core::audit::AuditOptions {
        gb_per_month: args.gb_per_month,
        services: args.services,
        region: args.region,
    };
    let audit = vpclab_core::Session::new(&loaded.topology).audit(&opts);
    match args.format {
        Format::Json => emit(&render::json_pretty(&audit)),
        Format::Text => emit(&render::audit_text(&audit, &opts)),
    }
    Ok(())
}

/// `Err(CliError(""))` is the `--fail-on` exit (status 1, nothing more to say).
fn diff(args: DiffArgs) -> Result<(), CliError> {
    let before = snapshot::load(&args.before, args.region.as_deref())?;
    let after = snapshot::load(&args.after, args.region.as_deref())?;
    let opts = vpclab_core::audit::AuditOptions {
        gb_per_month: args.gb_per_month,
        services: args.services,
        region: args.region,
    };
    let a = vpclab_core::Session::new(&before.topology).audit(&opts);
    let b = vpclab_core::Session::new(&after.topology).audit(&opts);
    let d = vpclab_core::audit::diff(&a, &b);
    match args.format {
        Format::Json => emit(&render::json_pretty(&d)),
        Format::Text => emit(&render::diff_text(&d)),
    }
    let fail = match args.fail_on {
        Some(FailOn::Worse) => d.summary.worse > 0,
        Some(FailOn::Any) => !d.changes.is_empty(),
        None => false,
    };
    if fail {
        return Err(CliError(String::new()));
    }
    Ok(())
}

fn check(args: CheckArgs) -> Result<(), CliError> {
    let loaded = snapshot::load(&args.snapshot, args.region.as_deref())?;
    let session = vpclab_core::Session::new(&loaded.topology);
    let advisories = session.topology_advisories();
    let report = render::CheckReport {
        snapshot: loaded.source.to_string(),
        import: &loaded.diagnostics,
        validation: session.diagnostics(),
        advisories: &advisories,
    };
    match args.format {
        Format::Json => emit(&report.json()),
        Format::Text => emit(&report.text()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocols_are_names_or_numbers() {
        assert_eq!(parse_protocol("TCP"), Ok("tcp".to_string()));
        assert_eq!(parse_protocol("06"), Ok("6".to_string()));
        assert_eq!(parse_protocol("0"), Ok("0".to_string()));
        assert!(parse_protocol("256").is_err());
        assert!(parse_protocol("sctp").is_err());
        assert!(parse_protocol("-1").is_err());
    }

    #[test]
    fn monthly_volume_is_a_non_negative_number() {
        assert_eq!(parse_gb_per_month("12.5"), Ok(12.5));
        assert!(parse_gb_per_month("-1").is_err());
        assert!(parse_gb_per_month("NaN").is_err());
        assert!(parse_gb_per_month("inf").is_err());
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
