//! Import of `aws ec2 describe-*` outputs (a snapshot) into a [`Topology`].
//!
//! The importer is pure: it takes `(label, text)` pairs — a label is the file's path inside the snapshot, or
//! any name — and returns the topology plus [`Diagnostic`]s for everything it ignored or could not read. Only
//! input that cannot be a snapshot at all is an [`ImportError`]: text that is not JSON, or documents none of
//! which is a `describe-*` output.
//!
//! Pipeline:
//!
//! 1. each text is parsed as one or more JSON documents (pasted pages may follow each other);
//! 2. [`detect`] recognises each document by its top-level keys (or, for bare arrays and single objects, by the
//!    id members of its items);
//! 3. each item is read into a tolerant wire DTO ([`dto`]); a member of the wrong type costs that member only,
//!    and members AWS does not document are reported once per file;
//! 4. [`convert`] merges pages and duplicates by id and builds the model, applying the importer quirks of
//!    `conventions.md` §6.2.
//!
//! The region of each document comes from a path component named like a region (`aws_configs/us-east-1/…`,
//! `…/accounts/<id>/<region>/…`); failing that, from the subnets' availability zones; failing that, from the
//! caller's hint.
//!
//! ```
//! use vpclab_core::import::aws_cli::import_documents;
//!
//! let docs = vec![
//!     ("us-east-1/Vpcs.json".to_string(), r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#.to_string()),
//!     ("us-east-1/Extra.json".to_string(), r#"{"AvailabilityZones": []}"#.to_string()),
//! ];
//! let (topology, diagnostics) = import_documents(&docs, None).unwrap();
//! assert_eq!(topology.vpcs[0].region.as_deref(), Some("us-east-1"));
//! assert_eq!(diagnostics[0].code, "IMPORT_UNKNOWN_KEY");
//! ```

pub mod convert;
pub mod detect;
pub mod dto;

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::model::Topology;
use crate::Diagnostic;
use detect::{Kind, Section};

/// The codes of the diagnostics the importer emits.
pub mod codes {
    /// A top-level key that no `describe-*` output the importer reads has (warning; the key is skipped).
    pub const UNKNOWN_KEY: &str = "IMPORT_UNKNOWN_KEY";
    /// Members AWS does not document for an item (warning, one per file and item kind; the members are skipped).
    pub const UNKNOWN_FIELD: &str = "IMPORT_UNKNOWN_FIELD";
    /// A document that is not a `describe-*` output at all, or an empty file (warning; skipped).
    pub const UNRECOGNISED_DOCUMENT: &str = "IMPORT_UNRECOGNISED_DOCUMENT";
    /// An item that is not an object, or lacks its id (warning; the item is skipped).
    pub const BAD_ITEM: &str = "IMPORT_BAD_ITEM";
    /// A member of the wrong type or with an unreadable value (warning; that member, or the rule/route/entry it
    /// belongs to, is skipped).
    pub const BAD_VALUE: &str = "IMPORT_BAD_VALUE";
    /// A `PolicyDocument` that is not valid JSON (warning; the endpoint keeps the default full-access policy).
    pub const BAD_POLICY: &str = "IMPORT_BAD_POLICY";
    /// A resource in a state that carries no traffic (`deleted`, `deleting`, `failed`, `terminated`, …) (info;
    /// the resource is left out).
    pub const INACTIVE: &str = "IMPORT_INACTIVE";
    /// Something the model cannot express (warning; skipped), e.g. a TGW route to a prefix list.
    pub const UNSUPPORTED: &str = "IMPORT_UNSUPPORTED";
    /// A reference to something the snapshot does not contain, where the importer needed it (warning).
    pub const DANGLING: &str = "IMPORT_DANGLING";
    /// The region hint disagrees with the snapshot, or no region could be found (info).
    pub const REGION: &str = "IMPORT_REGION";
}

/// A snapshot that cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// A document is not valid JSON.
    #[error("`{file}` is not valid JSON: {message} at line {line} column {column}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// None of the documents is an `aws ec2 describe-*` output.
    #[error("no `aws ec2 describe-*` output found in {documents} document(s): expected top-level keys such as `Vpcs`, `Subnets` or `RouteTables`")]
    NothingRecognised { documents: usize },
}

/// One input document as the converter sees it.
#[derive(Debug, Clone, Default)]
pub struct DocInfo {
    /// The path or label the caller gave.
    pub label: String,
    /// The region named by a path component, if any.
    pub region: Option<String>,
    /// The account id of a multi-account layout (`accounts/<id>/…`), if any.
    pub account: Option<String>,
}

/// Import a snapshot: `(label, text)` pairs, where a label is the document's path in the snapshot (used for its
/// region and in diagnostics). `region_hint` is used only when the snapshot names no region.
///
/// Never panics. Returns the topology and every warning; fails only when a text is not JSON or no document is a
/// `describe-*` output.
pub fn import_documents(
    docs: &[(String, String)],
    region_hint: Option<&str>,
) -> Result<(Topology, Vec<Diagnostic>), ImportError> {
    import_documents_with_progress(docs, region_hint, &mut |_| {})
}

/// Where an import is: told before each document is read and before the documents are converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStage {
    /// Reading document `index` (0-based) of `of`.
    Reading { index: usize, of: usize },
    /// Every document read; building the topology.
    Converting,
}

/// [`import_documents`], telling `progress` where it is (the browser's import worker shows it). The callback is
/// called `docs.len() + 1` times and cannot change the result.
pub fn import_documents_with_progress(
    docs: &[(String, String)],
    region_hint: Option<&str>,
    progress: &mut dyn FnMut(ImportStage),
) -> Result<(Topology, Vec<Diagnostic>), ImportError> {
    let mut diags = Vec::new();
    let mut collected = convert::Collected::default();
    let mut infos = Vec::with_capacity(docs.len());
    let mut recognised = false;
    for (label, text) in docs {
        let doc = infos.len();
        progress(ImportStage::Reading {
            index: doc,
            of: docs.len(),
        });
        infos.push(DocInfo {
            label: label.clone(),
            region: region_from_path(label),
            account: account_from_path(label),
        });
        let values = parse_documents(label, text)?;
        if values.is_empty() {
            diags.push(Diagnostic::warning(
                codes::UNRECOGNISED_DOCUMENT,
                label.as_str(),
                "",
                format!("`{label}` is empty; skipped"),
            ));
        }
        let mut unknown: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for value in values {
            let found = detect::detect(value, label);
            if let Some(what) = &found.unrecognised {
                diags.push(Diagnostic::warning(
                    codes::UNRECOGNISED_DOCUMENT,
                    label.as_str(),
                    "",
                    format!("`{label}` holds {what}, not an `aws ec2 describe-*` output; skipped"),
                ));
            }
            for key in &found.unknown_keys {
                diags.push(Diagnostic::warning(
                    codes::UNKNOWN_KEY,
                    label.as_str(),
                    key.as_str(),
                    format!("unknown top-level key `{key}` in `{label}` ignored"),
                ));
            }
            for key in &found.malformed_keys {
                diags.push(Diagnostic::warning(
                    codes::BAD_VALUE,
                    label.as_str(),
                    key.as_str(),
                    format!("`{key}` in `{label}` is not a list of items; ignored"),
                ));
            }
            for (key, why) in &found.ignored_keys {
                diags.push(Diagnostic::warning(
                    codes::UNSUPPORTED,
                    label.as_str(),
                    key.as_str(),
                    format!("`{key}` in `{label}` is read but not modelled ({why}); ignored"),
                ));
            }
            // An output of a command the importer does not read (`{"AvailabilityZones": […]}`) is still a
            // `describe-*` output: its keys are warnings, never a failure (cli-contract, "SNAPSHOT").
            recognised |= !found.sections.is_empty()
                || !found.ignored_keys.is_empty()
                || found
                    .unknown_keys
                    .iter()
                    .any(|k| k.starts_with(|c: char| c.is_ascii_uppercase()));
            for section in found.sections {
                collect_section(
                    &mut collected,
                    section,
                    doc,
                    label,
                    &mut unknown,
                    &mut diags,
                );
            }
        }
        for (path, fields) in unknown {
            let list: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
            diags.push(Diagnostic::warning(
                codes::UNKNOWN_FIELD,
                label.as_str(),
                path.as_str(),
                format!(
                    "unknown member(s) {} of `{path}` in `{label}` ignored",
                    list.join(", ")
                ),
            ));
        }
    }
    if !recognised {
        return Err(ImportError::NothingRecognised {
            documents: docs.len(),
        });
    }
    progress(ImportStage::Converting);
    let topology = convert::build(collected, &infos, region_hint, &mut diags);
    Ok((topology, diags))
}

/// Import one text (a merged file, or one pasted output). See [`import_documents`].
pub fn import_str(
    label: &str,
    text: &str,
    region_hint: Option<&str>,
) -> Result<(Topology, Vec<Diagnostic>), ImportError> {
    import_documents(&[(label.to_string(), text.to_string())], region_hint)
}

/// Whether a parsed JSON value holds anything this importer recognises (a `describe-*` key or item).
///
/// ```
/// use vpclab_core::import::aws_cli::recognises;
/// assert!(recognises(&serde_json::json!({"RouteTables": []})));
/// assert!(!recognises(&serde_json::json!({"vpcs": []})));
/// ```
pub fn recognises(value: &Value) -> bool {
    let found = detect::detect(value.clone(), "");
    !found.sections.is_empty() || !found.ignored_keys.is_empty()
}

/// Every JSON document in `text` (usually one; several when pages were pasted one after another).
fn parse_documents(label: &str, text: &str) -> Result<Vec<Value>, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    for value in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
        match value {
            Ok(v) => out.push(v),
            Err(e) => {
                return Err(ImportError::Json {
                    file: label.to_string(),
                    line: e.line(),
                    column: e.column(),
                    message: crate::json::message_without_position(&e),
                });
            }
        }
    }
    Ok(out)
}

/// Where an item sits, for messages: `Vpcs[2]` in `us-east-1/Vpcs.json`.
pub(crate) struct At<'a> {
    pub label: &'a str,
    pub path: String,
}

/// Read one item into a DTO. A member of the wrong type is dropped (with a warning) and the rest is kept; an
/// item that is not an object is skipped.
pub(crate) fn read_item<T: DeserializeOwned>(
    value: &Value,
    at: &At<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let Value::Object(map) = value else {
        diags.push(Diagnostic::warning(
            codes::BAD_ITEM,
            at.label,
            at.path.as_str(),
            format!(
                "`{}` in `{}` is a {}, not an object; skipped",
                at.path,
                at.label,
                detect::json_type(value)
            ),
        ));
        return None;
    };
    if let Ok(v) = T::deserialize(value) {
        return Some(v);
    }
    let mut good = Map::new();
    for (key, member) in map {
        let mut single = Map::new();
        single.insert(key.clone(), member.clone());
        match T::deserialize(&Value::Object(single)) {
            Ok(_) => {
                good.insert(key.clone(), member.clone());
            }
            Err(e) => diags.push(Diagnostic::warning(
                codes::BAD_VALUE,
                at.label,
                format!("{}.{key}", at.path),
                format!("`{key}` of `{}` in `{}` ignored: {e}", at.path, at.label),
            )),
        }
    }
    match T::deserialize(&Value::Object(good)) {
        Ok(v) => Some(v),
        Err(e) => {
            diags.push(Diagnostic::warning(
                codes::BAD_ITEM,
                at.label,
                at.path.as_str(),
                format!(
                    "`{}` in `{}` could not be read ({e}); skipped",
                    at.path, at.label
                ),
            ));
            None
        }
    }
}

/// Record members of `value` that are not in `known` under `path` (reported once per file and path).
fn note_unknown(
    value: &Value,
    known: &[&str],
    path: &str,
    unknown: &mut BTreeMap<String, BTreeSet<String>>,
) {
    if let Value::Object(map) = value {
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                unknown
                    .entry(path.to_string())
                    .or_default()
                    .insert(key.clone());
            }
        }
    }
}

fn collect_section(
    c: &mut convert::Collected,
    section: Section,
    doc: usize,
    label: &str,
    unknown: &mut BTreeMap<String, BTreeSet<String>>,
    diags: &mut Vec<Diagnostic>,
) {
    let kind = section.kind;
    let key = kind.key();
    for (index, value) in section.items.iter().enumerate() {
        let at = At {
            label,
            path: format!("{key}[{index}]"),
        };
        if kind != Kind::ServiceNames {
            note_unknown(value, kind.known_fields(), &format!("{key}[]"), unknown);
        }
        macro_rules! push {
            ($field:ident) => {
                if let Some(v) = read_item(value, &at, diags) {
                    c.$field.push(convert::Item {
                        doc,
                        owner: section.owner.clone(),
                        v,
                    });
                }
            };
        }
        match kind {
            Kind::Vpcs => push!(vpcs),
            Kind::VpcAttribute => push!(vpc_attributes),
            Kind::Subnets => push!(subnets),
            Kind::RouteTables => {
                if let Some(routes) = value.get("Routes").and_then(Value::as_array) {
                    for route in routes {
                        note_unknown(
                            route,
                            detect::ROUTE_FIELDS,
                            "RouteTables[].Routes[]",
                            unknown,
                        );
                    }
                }
                push!(route_tables)
            }
            Kind::InternetGateways => push!(internet_gateways),
            Kind::EgressOnlyInternetGateways => push!(egress_only_internet_gateways),
            Kind::NatGateways => push!(nat_gateways),
            Kind::VpcEndpoints => push!(vpc_endpoints),
            Kind::VpcEndpointConnections => push!(vpc_endpoint_connections),
            Kind::ServiceConfigurations => push!(service_configurations),
            Kind::ServiceDetails => push!(service_details),
            Kind::ServiceNames => {
                if let Some(name) = value.as_str() {
                    c.service_names.push(convert::Item {
                        doc,
                        owner: None,
                        v: name.to_string(),
                    });
                }
            }
            Kind::PrefixLists => push!(prefix_lists),
            Kind::PrefixListEntries => push!(prefix_list_entries),
            Kind::SecurityGroups => push!(security_groups),
            Kind::NetworkAcls => {
                if let Some(entries) = value.get("Entries").and_then(Value::as_array) {
                    for entry in entries {
                        note_unknown(
                            entry,
                            detect::NACL_ENTRY_FIELDS,
                            "NetworkAcls[].Entries[]",
                            unknown,
                        );
                    }
                }
                push!(network_acls)
            }
            Kind::Reservations => {
                if let Some(r) = read_item::<dto::Reservation>(value, &at, diags) {
                    for (i, inst) in r.instances.unwrap_or_default().iter().enumerate() {
                        note_unknown(
                            inst,
                            Kind::Instances.known_fields(),
                            "Reservations[].Instances[]",
                            unknown,
                        );
                        let at = At {
                            label,
                            path: format!("{key}[{index}].Instances[{i}]"),
                        };
                        if let Some(v) = read_item(inst, &at, diags) {
                            c.instances.push(convert::Item {
                                doc,
                                owner: r.owner_id.clone(),
                                v,
                            });
                        }
                    }
                }
            }
            Kind::Instances => push!(instances),
            Kind::NetworkInterfaces => push!(network_interfaces),
            Kind::VpcPeeringConnections => push!(peering_connections),
            Kind::VpnGateways => push!(vpn_gateways),
            Kind::VpnConnections => push!(vpn_connections),
            Kind::CustomerGateways => push!(customer_gateways),
            Kind::TransitGateways => push!(transit_gateways),
            Kind::TransitGatewayAttachments => push!(tgw_attachments),
            Kind::TransitGatewayVpcAttachments => push!(tgw_vpc_attachments),
            Kind::TransitGatewayRouteTables => push!(tgw_route_tables),
            Kind::TransitGatewayPropagations => push!(tgw_propagations),
            Kind::TransitGatewayStaticRoutes => push!(tgw_static_routes),
            Kind::LoadBalancers => push!(load_balancers),
            Kind::Listeners => push!(listeners),
            Kind::Addresses => push!(addresses),
            Kind::DhcpOptions => push!(dhcp_options),
            Kind::SecurityGroupRules => push!(security_group_rules),
            Kind::TargetGroups => push!(target_groups),
            Kind::TargetHealth => push!(target_health),
            Kind::TransitGatewayAssociations => push!(tgw_associations),
        }
    }
}

/// The region named by a path component: the one nearest the file (`aws_configs/us-east-1/Vpcs.json`,
/// `accounts/123456789012/eu-west-1/Subnets.json`, or a file named `us-east-2.json`).
///
/// ```
/// use vpclab_core::import::aws_cli::region_from_path;
/// assert_eq!(region_from_path("aws_configs/us-east-1/Vpcs.json").as_deref(), Some("us-east-1"));
/// assert_eq!(region_from_path(r"accounts\123456789012\us-gov-west-1\Vpcs.json").as_deref(), Some("us-gov-west-1"));
/// assert_eq!(region_from_path("aws_configs/Vpcs.json"), None);
/// ```
pub fn region_from_path(label: &str) -> Option<String> {
    label
        .split(['/', '\\'])
        .rev()
        .map(|c| c.strip_suffix(".json").unwrap_or(c))
        .find(|c| looks_like_region(c))
        .map(str::to_string)
}

/// `us-east-1`, `eu-central-2`, `ap-southeast-4`, `us-gov-west-1`, `cn-northwest-1`, `us-iso-east-1`, …
pub fn looks_like_region(s: &str) -> bool {
    const DIRECTIONS: &[&str] = &[
        "east",
        "west",
        "north",
        "south",
        "central",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
    ];
    let parts: Vec<&str> = s.split('-').collect();
    let (area, middle, number) = match parts.as_slice() {
        [area, dir, n] => (*area, vec![*dir], *n),
        [area, part, dir, n] if matches!(*part, "gov" | "iso" | "isob" | "isoe" | "isof") => {
            (*area, vec![*dir], *n)
        }
        _ => return false,
    };
    area.len() == 2
        && area.bytes().all(|b| b.is_ascii_lowercase())
        && middle.iter().all(|d| DIRECTIONS.contains(d))
        && !number.is_empty()
        && number.len() <= 2
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// The account id in a multi-account layout: the component after `accounts`.
fn account_from_path(label: &str) -> Option<String> {
    let parts: Vec<&str> = label.split(['/', '\\']).collect();
    parts
        .windows(2)
        .find(|w| {
            w[0] == "accounts" && w[1].len() == 12 && w[1].bytes().all(|b| b.is_ascii_digit())
        })
        .map(|w| w[1].to_string())
}
