//! SNAPSHOT: finding out what the user pointed at, and loading it into a [`Topology`].
//!
//! Detection order (`cli-contract.md`, "SNAPSHOT"):
//!
//! 1. a folder → every `*.json` file under it, recursively, imported as `aws ec2 describe-*` outputs;
//! 2. a file → parsed as JSON; an object or array the AWS importer recognises is a (merged) AWS snapshot,
//!    an object with the topology's own keys is the project's topology JSON;
//! 3. not a path → a share link (full URL, `#v1.…` or `v1.…`), decoded by `vpclab_core::share`.
//!
//! Every failure is a [`CliError`]: one paragraph naming the file (and the field or position where there is one).

use std::fmt;
use std::path::{Path, PathBuf};

use vpclab_core::import::aws_cli;
use vpclab_core::import::classify::{classify, unknown_key_warnings, InputKind};
use vpclab_core::{Diagnostic, Topology};

/// Bad input: printed as `error: …` on stderr, exit status 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError(pub String);

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What SNAPSHOT turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The project's own topology JSON.
    TopologyFile(PathBuf),
    /// A folder of `describe-*` outputs (with the number of JSON files read).
    AwsFolder(PathBuf, usize),
    /// One file holding one or several `describe-*` outputs.
    AwsFile(PathBuf),
    /// A share link (its diagram carries layout and flows too).
    ShareLink,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::TopologyFile(p) => write!(f, "VPC Lab topology `{}`", p.display()),
            Source::AwsFolder(p, n) => write!(f, "AWS snapshot `{}` ({n} JSON files)", p.display()),
            Source::AwsFile(p) => write!(f, "AWS snapshot file `{}`", p.display()),
            Source::ShareLink => f.write_str("share link"),
        }
    }
}

/// A loaded snapshot: the topology and what loading it had to say.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub source: Source,
    pub topology: Topology,
    /// Import warnings (unknown keys and fields, skipped resources, …).
    pub diagnostics: Vec<Diagnostic>,
    /// The whole diagram when SNAPSHOT was a share link (layout, flows, selected flow).
    pub diagram: Option<vpclab_core::diagram::Diagram>,
}

/// Load SNAPSHOT. `region` is the `--region` hint, used only where the snapshot names no region.
pub fn load(arg: &str, region: Option<&str>) -> Result<Loaded, CliError> {
    let path = Path::new(arg);
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => load_folder(path, region),
        Ok(_) => load_file(path, region),
        Err(_) if looks_like_share_link(arg) => load_link(arg),
        Err(e) => Err(CliError(format!(
            "cannot read snapshot `{arg}`: {}",
            io_message(&e)
        ))),
    }
}

/// A share link (`https://…#…`, `#v1.…` or `v1.…`). Checked only when SNAPSHOT is not a path.
fn looks_like_share_link(arg: &str) -> bool {
    arg.starts_with("http://")
        || arg.starts_with("https://")
        || arg.starts_with('#')
        || vpclab_core::share::is_link(arg)
}

fn load_link(arg: &str) -> Result<Loaded, CliError> {
    let (diagram, diagnostics) = vpclab_core::share::decode(arg)
        .map_err(|e| CliError(format!("cannot read the share link given as SNAPSHOT: {e}")))?;
    Ok(Loaded {
        source: Source::ShareLink,
        topology: diagram.topology.clone(),
        diagnostics,
        diagram: Some(diagram),
    })
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::InvalidData => "the file is not UTF-8 text".to_string(),
        _ => e.to_string(),
    }
}

fn read_text(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| {
        CliError(format!(
            "cannot read `{}`: {}",
            path.display(),
            io_message(&e)
        ))
    })
}

fn load_folder(root: &Path, region: Option<&str>) -> Result<Loaded, CliError> {
    let mut files = Vec::new();
    collect_json(root, &mut files)?;
    files.sort();
    if files.is_empty() {
        return Err(CliError(format!(
            "`{}` holds no `*.json` files: expected `aws ec2 describe-*` outputs such as `Vpcs.json`",
            root.display()
        )));
    }
    let mut docs = Vec::with_capacity(files.len());
    for file in &files {
        // The label is the path as the user can find it; its folders also give the region (`…/us-east-1/…`).
        docs.push((file.display().to_string(), read_text(file)?));
    }
    let (topology, diagnostics) = aws_cli::import_documents(&docs, region)
        .map_err(|e| CliError(format!("cannot import `{}`: {e}", root.display())))?;
    Ok(Loaded {
        source: Source::AwsFolder(root.to_path_buf(), files.len()),
        topology,
        diagnostics,
        diagram: None,
    })
}

/// Every `*.json` file under `dir`, skipping hidden folders (`.git`, …).
fn collect_json(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), CliError> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        CliError(format!(
            "cannot read folder `{}`: {}",
            dir.display(),
            io_message(&e)
        ))
    })?;
    for entry in entries {
        let entry = entry.map_err(|e| {
            CliError(format!(
                "cannot read folder `{}`: {}",
                dir.display(),
                io_message(&e)
            ))
        })?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let is_dir = std::fs::metadata(&path)
            .map(|m| m.is_dir())
            .unwrap_or(false);
        if is_dir {
            if !hidden {
                collect_json(&path, out)?;
            }
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            out.push(path);
        }
    }
    Ok(())
}

fn load_file(path: &Path, region: Option<&str>) -> Result<Loaded, CliError> {
    let text = read_text(path)?;
    let shown = path.display().to_string();
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // What the file holds is decided by the core, the same way for every face (`import::classify`).
    match classify(&text) {
        InputKind::Empty => Err(CliError(format!(
            "`{shown}` is empty: expected a VPC Lab topology or `aws ec2 describe-*` output"
        ))),
        InputKind::NotJson {
            message,
            line,
            column,
        } => Err(CliError(format!(
            "`{shown}` is not valid JSON: {message} at line {line} column {column}"
        ))),
        InputKind::ShareLink => load_link(text.trim()),
        InputKind::LessonLink => Err(CliError(format!(
            "`{shown}` holds a lesson link: open it in the app; `vpclab` reads topologies, share links and `aws ec2 describe-*` output"
        ))),
        InputKind::Other { what } => Err(CliError(format!(
            "`{shown}` is neither a VPC Lab topology nor an `aws ec2 describe-*` output: it holds {what}"
        ))),
        InputKind::AwsOutput => {
            let (topology, diagnostics) =
                aws_cli::import_str(&shown, &text, region).map_err(|e| CliError(e.to_string()))?;
            Ok(Loaded {
                source: Source::AwsFile(path.to_path_buf()),
                topology,
                diagnostics,
                diagram: None,
            })
        }
        InputKind::Diagram => {
            let diagram: vpclab_core::diagram::Diagram = vpclab_core::json::from_str(body)
                .map_err(|e| CliError(format!("`{shown}` is not a valid VPC Lab diagram: {e}")))?;
            Ok(Loaded {
                source: Source::TopologyFile(path.to_path_buf()),
                topology: diagram.topology.clone(),
                diagnostics: Vec::new(),
                diagram: Some(diagram),
            })
        }
        InputKind::Topology { unknown_keys, .. } => {
            let mut topology = Topology::from_json(body).map_err(|e| {
                CliError(format!("`{shown}` is not a valid VPC Lab topology: {e}"))
            })?;
            if topology.region.is_none() {
                topology.region = region.map(str::to_string);
            }
            Ok(Loaded {
                source: Source::TopologyFile(path.to_path_buf()),
                topology,
                diagnostics: unknown_key_warnings(&shown, &unknown_keys),
                diagram: None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_links_are_recognised_only_by_their_shape() {
        assert!(looks_like_share_link("https://example.org/vpclab/#v1.abc"));
        assert!(looks_like_share_link("#v1.abc"));
        assert!(looks_like_share_link("v1.abc"));
        assert!(!looks_like_share_link("snapshot/aws_configs"));
    }
}
