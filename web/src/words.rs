//! Words, not codes: how the core's messages read in the UI. The core writes ids and fields between backticks
//! (it also prints to terminals and Markdown); the page shows plain text, with codes kept for tooltips and
//! details. Presentation only: what a message or a code means comes from the core (`codes::describe`).

use vpclab_core::FlowError;

/// `text` without Markdown marks (backticks, bold/italic asterisks).
pub fn plain(text: &str) -> String {
    text.replace("**", "").replace('`', "")
}

/// The plain-language label of a flow field the engine names.
pub fn flow_field(field: &str) -> &str {
    match field {
        "from" => "Source",
        "to" => "Destination",
        "protocol" => "Protocol",
        "port" => "Port",
        "region" => "Region",
        "action" => "Action",
        "resource" => "Resource",
        "principal" => "Principal",
        other => other,
    }
}

/// A flow the engine cannot trace, as a sentence: `Destination: a destination is required.`
pub fn flow_error(e: &FlowError) -> String {
    match e {
        FlowError::Invalid { field, message } => {
            let m = plain(message);
            let m = m.trim_end_matches('.');
            format!("{}: {m}.", flow_field(field))
        }
    }
}

/// Whether a flow still misses an end (a new flow): the editor asks for it instead of showing an error.
pub fn missing_end(spec: &vpclab_core::FlowSpec) -> Option<&'static str> {
    if spec.from.trim().is_empty() {
        Some("Choose a source: pick it on the diagram or type it below.")
    } else if spec.to.trim().is_empty() {
        Some("Choose a destination: pick it on the diagram or type it below.")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_has_no_markdown() {
        assert_eq!(
            plain("associate gateway endpoint `vpce-1` with **rtb-2**"),
            "associate gateway endpoint vpce-1 with rtb-2"
        );
    }

    #[test]
    fn a_flow_error_names_the_field_in_words() {
        let e = FlowError::Invalid {
            field: "to",
            message: "a destination is required".into(),
        };
        assert_eq!(flow_error(&e), "Destination: a destination is required.");
    }

    #[test]
    fn a_new_flow_asks_for_its_missing_end() {
        let spec = vpclab_core::FlowSpec {
            from: "i-1".into(),
            ..Default::default()
        };
        assert!(missing_end(&spec).unwrap().contains("destination"));
    }
}
