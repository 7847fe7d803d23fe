//! Ready-made playground examples, from the repository's examples/ folder (definition, input, scenario).

/// One example.
pub struct Example {
    /// Stable id (the folder name).
    pub id: &'static str,
    /// What the menu shows.
    pub title: &'static str,
    /// The state machine.
    pub definition: &'static str,
    /// The execution input.
    pub input: &'static str,
    /// The scenario: services, callbacks, other state machines.
    pub scenario: &'static str,
}

macro_rules! example {
    ($id:literal, $title:literal) => {
        Example {
            id: $id,
            title: $title,
            definition: include_str!(concat!("../examples/", $id, "/definition.asl.json")),
            input: include_str!(concat!("../examples/", $id, "/input.json")),
            scenario: include_str!(concat!("../examples/", $id, "/scenario.json")),
        }
    };
}

/// Every example, the first one shown by default.
pub const EXAMPLES: &[Example] = &[
    example!("first-steps", "First steps: Pass, Choice, Wait"),
    example!("backup-workflow", "stepfunctions_lab: the backup workflow"),
    example!(
        "backup-workflow-jsonata",
        "The backup workflow in JSONata, with a variable"
    ),
    example!(
        "approval-workflow",
        "stepfunctions_lab: the approval workflow (you approve)"
    ),
    example!("nested-execution", "A state machine starting another (.sync:2)"),
    example!(
        "map-invoices",
        "A Map: one PDF invoice per order line, stored in S3"
    ),
];
