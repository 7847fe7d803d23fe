//! The resources a definition uses and its scenario declares, which states use them and for
//! what: the [`Inventory`] every form is written from.

use crate::discover;
use crate::error::ExportError;
use crate::names;
use crate::policy::{self, Statement};
use crate::reference::{Attribute, Reference, Refs};
use crate::scenario;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The kinds of resource a lab scenario simulates, in the order the forms create them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A Lambda function.
    Function,
    /// An SQS queue.
    Queue,
    /// An SNS topic.
    Topic,
    /// A DynamoDB table.
    Table,
    /// An S3 bucket.
    Bucket,
    /// An EventBridge event bus.
    EventBus,
    /// An activity, for workers to poll.
    Activity,
    /// Another state machine, started by `states:startExecution`.
    StateMachine,
}

impl Kind {
    /// What AWS calls it: "Lambda function", "SQS queue"...
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Function => "Lambda function",
            Kind::Queue => "SQS queue",
            Kind::Topic => "SNS topic",
            Kind::Table => "DynamoDB table",
            Kind::Bucket => "S3 bucket",
            Kind::EventBus => "EventBridge event bus",
            Kind::Activity => "activity",
            Kind::StateMachine => "state machine",
        }
    }

    /// The kind's words in identifiers (`event_bus_orders_arn`).
    pub(crate) fn words(self) -> &'static [&'static str] {
        match self {
            Kind::Function => &["function"],
            Kind::Queue => &["queue"],
            Kind::Topic => &["topic"],
            Kind::Table => &["table"],
            Kind::Bucket => &["bucket"],
            Kind::EventBus => &["event", "bus"],
            Kind::Activity => &["activity"],
            Kind::StateMachine => &["child", "state", "machine"],
        }
    }
}

/// One state's use of a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    /// The state machine the state belongs to: `None` for the exported one, else a scenario's child.
    pub machine: Option<String>,
    /// The state, inside its Parallel or Map states: `Invoice per line > Store PDF`.
    pub state: String,
    /// What it calls: `lambda:invoke`, `sqs:sendMessage.waitForTaskToken`, `ItemReader s3:getObject`.
    pub call: String,
    /// What the state machine's role must be allowed for it.
    pub access: Vec<Access>,
}

/// What a state needs to be allowed on a resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    /// Invoke a Lambda function (any version or alias of it).
    Invoke,
    /// An IAM action on the resource itself (`sqs:SendMessage`, `dynamodb:PutItem`, `s3:ListBucket`).
    Action(String),
    /// An IAM action on a bucket's objects (`s3:GetObject`).
    ObjectAction(String),
    /// Start an execution of a state machine; `sync` when the state waits for it to end.
    StartExecution {
        /// `.sync` or `.sync:2`: also describe and stop the execution, through an EventBridge rule.
        sync: bool,
    },
}

/// A DynamoDB key attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyAttribute {
    /// Its name.
    pub name: String,
    /// `S`, `N` or `B`.
    pub kind: String,
}

/// Where a table's key schema comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// The scenario declares it.
    Scenario,
    /// A state's `Key` names it.
    Definition,
    /// Nothing says: a string `id`.
    Default,
}

/// An object a scenario puts in a bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Object {
    /// Its key.
    pub key: String,
    /// Its body.
    pub body: String,
    /// Its content type, if the scenario gives one.
    pub content_type: Option<String>,
}

/// A state machine besides the exported one, as the export creates it.
#[derive(Debug, Clone, PartialEq)]
pub struct Machine {
    /// Its definition, with markers where it refers to created resources.
    pub(crate) definition: Value,
    /// No scenario declares it: a Pass state stands in for it.
    pub stub: bool,
    /// Its Distributed Map states, which start executions of the machine itself.
    pub map_runs: Vec<String>,
    pub(crate) walked: bool,
}

/// What the scenario says about a resource, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Spec {
    /// A function and its behaviour in the scenario (`None`: not declared).
    Function {
        /// The scenario's behaviour (`returns`, `throws`, `random`...).
        behaviour: Option<Value>,
    },
    /// A queue (FIFO when its name ends in `.fifo`).
    Queue {
        /// Whether a FIFO queue deduplicates by content.
        content_based_deduplication: bool,
    },
    /// A topic (FIFO when its name ends in `.fifo`).
    Topic {
        /// Whether a FIFO topic deduplicates by content.
        content_based_deduplication: bool,
        /// The scenario's subscribers, which the export does not subscribe.
        subscribers: Vec<String>,
    },
    /// A table.
    Table {
        /// Partition key, then the sort key if any.
        key: Vec<KeyAttribute>,
        /// Where the key comes from.
        key_source: KeySource,
        /// The items the scenario starts it with, in attribute-value JSON.
        items: Vec<Value>,
    },
    /// A bucket.
    Bucket {
        /// The objects the scenario starts it with.
        objects: Vec<S3Object>,
    },
    /// An event bus.
    EventBus {
        /// The account's `default` bus: it exists already and is not created.
        default: bool,
    },
    /// An activity.
    Activity,
    /// A state machine.
    StateMachine(Machine),
}

/// A resource the export creates.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// What it is.
    pub kind: Kind,
    /// Its name in the definition and the scenario.
    pub name: String,
    /// The scenario declares it.
    pub declared: bool,
    /// The states that use it.
    pub uses: Vec<Use>,
    /// What the scenario says of it.
    pub spec: Spec,
    /// Its AWS name after `PREFIX-`.
    pub aws_name: String,
    /// Words of its identifiers, unique among resources of its kind.
    pub(crate) words: Vec<String>,
}

impl Resource {
    /// Whether the export creates it (the default event bus exists already).
    pub fn created(&self) -> bool {
        !matches!(self.spec, Spec::EventBus { default: true })
    }

    /// A FIFO queue or topic.
    pub fn fifo(&self) -> bool {
        matches!(self.kind, Kind::Queue | Kind::Topic) && self.name.ends_with(".fifo")
    }

    /// The identifier words of one of its attributes: `function`, `backup`, `arn`.
    pub(crate) fn ident_words(&self, attribute: Attribute) -> Vec<String> {
        let mut words: Vec<String> = self.kind.words().iter().map(|w| w.to_string()).collect();
        words.extend(self.words.iter().cloned());
        words.extend(attribute.word().split('_').map(str::to_string));
        words
    }
}

/// Everything the exported state machine needs: its resources and the uses of each, its
/// definition with markers where it refers to them, the role's policy, and notes on what the
/// export could not settle.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    pub(crate) resources: BTreeMap<(Kind, String), Resource>,
    pub(crate) refs: Refs,
    pub(crate) main: Option<Machine>,
    pub(crate) statements: Vec<Statement>,
    pub(crate) notes: Vec<String>,
    pub(crate) express_problems: Vec<String>,
}

impl Inventory {
    /// Reads a definition (ASL JSON) and an optional lab scenario and finds every resource the
    /// definition uses, in nested Parallel branches and Map processors too, and every resource the
    /// scenario declares.
    pub fn discover(definition: &str, scenario: Option<&Value>) -> Result<Inventory, ExportError> {
        let value: Value = serde_json::from_str(definition).map_err(|e| ExportError::DefinitionNotJson {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        Inventory::from_value(&value, scenario)
    }

    /// Like [`Inventory::discover`], from parsed JSON.
    pub fn from_value(definition: &Value, scenario: Option<&Value>) -> Result<Inventory, ExportError> {
        discover::check_machine(definition).map_err(ExportError::NotAStateMachine)?;
        let mut inventory = Inventory::default();
        if let Some(scenario) = scenario {
            scenario::declare(&mut inventory, scenario)?;
        }
        let mut main = definition.clone();
        let map_runs = discover::walk_machine(&mut inventory, &mut main, None);
        inventory.main = Some(Machine {
            definition: main,
            stub: false,
            map_runs,
            walked: true,
        });
        // Walking a child can find more children: walk until every one is walked.
        while let Some(name) = inventory.unwalked_machine() {
            let key = (Kind::StateMachine, name.clone());
            let mut definition = match inventory.resources.get_mut(&key).map(|r| &mut r.spec) {
                Some(Spec::StateMachine(machine)) => {
                    machine.walked = true;
                    std::mem::take(&mut machine.definition)
                }
                _ => break,
            };
            let map_runs = discover::walk_machine(&mut inventory, &mut definition, Some(&name));
            if let Some(Spec::StateMachine(machine)) = inventory.resources.get_mut(&key).map(|r| &mut r.spec)
            {
                machine.definition = definition;
                machine.map_runs = map_runs;
            }
        }
        inventory.statements = policy::statements(&mut inventory);
        Ok(inventory)
    }

    fn unwalked_machine(&self) -> Option<String> {
        self.resources.values().find_map(|r| match &r.spec {
            Spec::StateMachine(machine) if !machine.walked => Some(r.name.clone()),
            _ => None,
        })
    }

    /// Every resource, by kind then name.
    pub fn resources(&self) -> impl Iterator<Item = &Resource> {
        self.resources.values()
    }

    /// The resource of this kind and name.
    pub fn resource(&self, kind: Kind, name: &str) -> Option<&Resource> {
        self.resources.get(&(kind, name.to_string()))
    }

    /// What the export could not settle: resources chosen at run time, integrations it does not
    /// create anything for, subscribers it does not subscribe.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The exported machine's Distributed Map states (they start executions of the machine itself).
    pub fn map_runs(&self) -> &[String] {
        self.main
            .as_ref()
            .map(|m| m.map_runs.as_slice())
            .unwrap_or_default()
    }

    /// Every IAM action the state machine's role is allowed.
    pub fn allowed_actions(&self) -> BTreeSet<String> {
        self.statements
            .iter()
            .flat_map(|s| s.actions.iter().cloned())
            .collect()
    }

    /// Why the machine cannot be an Express workflow, one line per state; empty when it can.
    pub fn express_problems(&self) -> &[String] {
        &self.express_problems
    }

    /// The exported definition, with markers where it refers to created resources.
    pub(crate) fn definition(&self) -> &Value {
        static EMPTY: Value = Value::Null;
        self.main.as_ref().map(|m| &m.definition).unwrap_or(&EMPTY)
    }

    /// The resource of this kind and name, made with what nothing declares when it is new.
    pub(crate) fn entry(&mut self, kind: Kind, name: &str) -> &mut Resource {
        let key = (kind, name.to_string());
        if !self.resources.contains_key(&key) {
            let resource = self.new_resource(kind, name);
            self.resources.insert(key.clone(), resource);
        }
        self.resources.get_mut(&key).expect("inserted above")
    }

    fn new_resource(&self, kind: Kind, name: &str) -> Resource {
        let fifo = name.ends_with(".fifo");
        let spec = match kind {
            Kind::Function => Spec::Function { behaviour: None },
            // A FIFO queue nothing declares deduplicates by content, so that messages need no id.
            Kind::Queue => Spec::Queue {
                content_based_deduplication: fifo,
            },
            Kind::Topic => Spec::Topic {
                content_based_deduplication: fifo,
                subscribers: Vec::new(),
            },
            Kind::Table => Spec::Table {
                key: vec![KeyAttribute {
                    name: "id".into(),
                    kind: "S".into(),
                }],
                key_source: KeySource::Default,
                items: Vec::new(),
            },
            Kind::Bucket => Spec::Bucket { objects: Vec::new() },
            Kind::EventBus => Spec::EventBus {
                default: name == "default",
            },
            Kind::Activity => Spec::Activity,
            Kind::StateMachine => Spec::StateMachine(Machine {
                definition: discover::stub_machine(name),
                stub: true,
                map_runs: Vec::new(),
                walked: false,
            }),
        };
        // Two names can read alike once cleaned (`a.b`, `a-b`): number the later ones.
        let same_kind: Vec<&Resource> = self.resources.values().filter(|r| r.kind == kind).collect();
        let base_words = names::words(name);
        let mut words = base_words.clone();
        let base_part = names::name_part(kind, name);
        let mut aws_name = base_part.clone();
        let mut n = 1;
        while same_kind
            .iter()
            .any(|r| r.words == words || r.aws_name == aws_name)
        {
            n += 1;
            words = base_words.iter().cloned().chain([n.to_string()]).collect();
            aws_name = match base_part.strip_suffix(".fifo") {
                Some(stem) => format!("{stem}-{n}.fifo"),
                None => format!("{base_part}-{n}"),
            };
        }
        Resource {
            kind,
            name: name.to_string(),
            declared: false,
            uses: Vec::new(),
            spec,
            aws_name,
            words,
        }
    }

    /// The marker of a reference, for documents to hold until a form renders them.
    pub(crate) fn marker(&mut self, reference: Reference) -> String {
        self.refs.marker(reference)
    }
}
