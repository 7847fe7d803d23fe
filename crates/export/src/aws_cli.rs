//! The AWS CLI form: a bash script that creates each resource with `aws`, keeps what AWS
//! answers (ARNs, URLs) in shell variables, and puts them into the role's policy and the
//! state machine's definition before `aws stepfunctions create-state-machine`.

use crate::names;
use crate::policy;
use crate::reference::{Attribute, Reference};
use crate::resources::{Inventory, Kind, Resource, Spec};
use crate::stub;
use crate::summary;
use crate::Options;
use serde_json::{json, Value};
use std::fmt::Write;

/// Writes the script.
pub(crate) fn render(inventory: &Inventory, options: &Options) -> String {
    let mut out = String::from("#!/usr/bin/env bash\n");
    for line in summary::lines(inventory, options) {
        out += &format!("# {}\n", names::one_line(&line));
    }
    out += "#\n# Needs the AWS CLI v2, configured (aws configure), and zip. NAME_PREFIX and AWS_REGION\n";
    out += "# change the names and the region. The end of the script says how to delete it all.\n";
    out += "set -euo pipefail\n\n";
    let _ = write!(
        out,
        "NAME_PREFIX=\"${{NAME_PREFIX:-{name}}}\"\n\
         if ! [[ $NAME_PREFIX =~ ^[a-z][a-z0-9-]{{0,{max}}}$ ]]; then\n\
         \x20 echo \"NAME_PREFIX must be 1 to {len} lowercase letters, digits and hyphens, starting with a letter\" >&2\n\
         \x20 exit 1\n\
         fi\n\
         REGION=\"${{AWS_REGION:-$(aws configure get region || true)}}\"\n\
         REGION=\"${{REGION:-us-east-1}}\"\n\
         export AWS_REGION=\"$REGION\" AWS_DEFAULT_REGION=\"$REGION\"\n\
         ACCOUNT_ID=$(aws sts get-caller-identity --query Account --output text)\n\
         PARTITION=$(aws sts get-caller-identity --query Arn --output text | cut -d: -f2)\n\
         STATE_MACHINE_ARN=\"arn:$PARTITION:states:$REGION:$ACCOUNT_ID:stateMachine:$NAME_PREFIX\"\n\
         WORK=$(mktemp -d)\n\
         trap 'rm -rf \"$WORK\"' EXIT\n\n\
         # IAM is eventually consistent: a new role can take seconds before Lambda and Step Functions accept it.\n\
         retry() {{\n\
         \x20 local attempt\n\
         \x20 for attempt in 1 2 3 4 5 6 7 8 9; do\n\
         \x20   if \"$@\"; then return 0; fi\n\
         \x20   echo \"(attempt $attempt failed, trying again in 5 s)\" >&2\n\
         \x20   sleep 5\n\
         \x20 done\n\
         \x20 \"$@\"\n\
         }}\n",
        name = options.name,
        max = names::MAX_PREFIX - 1,
        len = names::MAX_PREFIX,
    );
    if inventory.resources().any(|r| r.kind == Kind::Bucket) {
        out += "\n# Outside us-east-1, S3 wants the region as the bucket's location constraint.\n\
                make_bucket() {\n\
                \x20 if [ \"$REGION\" = us-east-1 ]; then\n\
                \x20   aws s3api create-bucket --bucket \"$1\" > /dev/null\n\
                \x20 else\n\
                \x20   aws s3api create-bucket --bucket \"$1\" --create-bucket-configuration \"LocationConstraint=$REGION\" > /dev/null\n\
                \x20 fi\n\
                }\n";
    }
    if policy::has_functions(inventory) {
        let _ = write!(
            out,
            "\ncommand -v zip > /dev/null || {{ echo \"This script needs zip, to package the stub functions\" >&2; exit 1; }}\n\
             \n# The role of the stub functions: CloudWatch Logs only.\n\
             LAMBDA_ROLE_ARN=$(aws iam create-role --role-name \"$NAME_PREFIX-lambda-role\" \\\n\
             \x20 --assume-role-policy-document {trust} --query Role.Arn --output text)\n\
             aws iam attach-role-policy --role-name \"$NAME_PREFIX-lambda-role\" \\\n\
             \x20 --policy-arn \"arn:$PARTITION:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\"\n",
            trust = quote(&policy::trust("lambda.amazonaws.com").to_string()),
        );
    }
    let mut object = 0;
    for resource in inventory
        .resources()
        .filter(|r| r.created() && r.kind != Kind::StateMachine)
    {
        out += "\n";
        out += &create(resource, &mut object);
    }
    out += &role(inventory);
    for resource in inventory.resources().filter(|r| r.kind == Kind::StateMachine) {
        if let Spec::StateMachine(machine) = &resource.spec {
            let _ = write!(
                out,
                "\n# The state machine {}.\n",
                names::one_line(&resource.name)
            );
            out += &definition(inventory, &machine.definition);
            let _ = writeln!(
                out,
                "{}=$(retry aws stepfunctions create-state-machine --name \"$NAME_PREFIX-{}\" --definition \"$DEFINITION\" \\\n\
                 \x20 --role-arn \"$ROLE_ARN\" --type STANDARD --query stateMachineArn --output text)",
                variable(resource, Attribute::Arn),
                resource.aws_name
            );
            out += &created(resource);
        }
    }
    let _ = write!(out, "\n# The state machine {}.\n", options.name);
    out += &definition(inventory, inventory.definition());
    let _ = write!(
        out,
        "STATE_MACHINE_ARN=$(retry aws stepfunctions create-state-machine --name \"$NAME_PREFIX\" --definition \"$DEFINITION\" \\\n\
         \x20 --role-arn \"$ROLE_ARN\" --type {} --query stateMachineArn --output text)\n\
         echo \"Created the state machine $NAME_PREFIX: $STATE_MACHINE_ARN\"\n",
        options.workflow.as_aws()
    );
    out += &epilogue(inventory, options);
    out
}

/// A string in single quotes, for the shell.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The shell variable that holds an attribute of a created resource: `FUNCTION_BACKUP_ARN`.
fn variable(resource: &Resource, attribute: Attribute) -> String {
    names::screaming(&resource.ident_words(attribute))
}

/// A reference as shell text, inside double quotes.
fn word(inventory: &Inventory, reference: &Reference) -> String {
    let states = |what: &str| format!("arn:${{PARTITION}}:states:${{REGION}}:${{ACCOUNT_ID}}:{what}");
    match reference {
        Reference::Of(kind, name, attribute) => {
            let Some(resource) = inventory.resource(*kind, name) else {
                return String::new();
            };
            let machine = format!("${{NAME_PREFIX}}-{}", resource.aws_name);
            match (&resource.spec, attribute) {
                (Spec::EventBus { default: true }, Attribute::Name) => "default".into(),
                (Spec::EventBus { default: true }, _) => {
                    "arn:${PARTITION}:events:${REGION}:${ACCOUNT_ID}:event-bus/default".into()
                }
                (Spec::StateMachine(_), Attribute::Executions) => states(&format!("execution:{machine}:*")),
                (Spec::StateMachine(_), Attribute::MapRunExecutions) => states(&format!("execution:{machine}/*")),
                (Spec::StateMachine(_), Attribute::Name) => machine,
                // Built from the name: a child's ARN is known before it is created.
                (Spec::StateMachine(_), _) => states(&format!("stateMachine:{machine}")),
                _ => format!("${{{}}}", variable(resource, *attribute)),
            }
        }
        Reference::Own(Attribute::Executions) => states("execution:${NAME_PREFIX}:*"),
        Reference::Own(Attribute::MapRunExecutions) => states("execution:${NAME_PREFIX}/*"),
        Reference::Own(Attribute::Name) => "${NAME_PREFIX}".into(),
        Reference::Own(_) => "${STATE_MACHINE_ARN}".into(),
        Reference::SyncRule => {
            "arn:${PARTITION}:events:${REGION}:${ACCOUNT_ID}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule".into()
        }
    }
}

/// The placeholder of a reference in a definition: `@@FUNCTION_BACKUP_ARN@@`.
fn placeholder(inventory: &Inventory, reference: &Reference) -> String {
    let key = match reference {
        Reference::Of(kind, name, attribute) => inventory
            .resource(*kind, name)
            .map(|r| variable(r, *attribute))
            .unwrap_or_default(),
        Reference::Own(attribute) => format!("STATE_MACHINE_{}", attribute.word().to_ascii_uppercase()),
        Reference::SyncRule => "SYNC_RULE_ARN".into(),
    };
    format!("@@{key}@@")
}

fn create(resource: &Resource, objects: &mut usize) -> String {
    let name_var = variable(resource, Attribute::Name);
    let arn_var = variable(resource, Attribute::Arn);
    let mut out = format!(
        "# {} {}.\n{name_var}=\"$NAME_PREFIX-{}\"\n",
        resource.kind.noun(),
        names::one_line(&resource.name),
        resource.aws_name
    );
    let folder = format!("$WORK/{}", resource.words.join("-"));
    let _ = match &resource.spec {
        Spec::Function { behaviour } => write!(
            out,
            "mkdir -p \"{folder}\"\n\
             cat > \"{folder}/index.js\" <<'SFN_LAB_CODE'\n{code}SFN_LAB_CODE\n\
             (cd \"{folder}\" && zip -q function.zip index.js)\n\
             {arn_var}=$(retry aws lambda create-function --function-name \"${name_var}\" \\\n\
             \x20 --runtime {runtime} --handler {handler} --role \"$LAMBDA_ROLE_ARN\" \\\n\
             \x20 --zip-file \"fileb://{folder}/function.zip\" --query FunctionArn --output text)\n",
            code = stub::handler(&resource.name, behaviour.as_ref()),
            runtime = stub::RUNTIME,
            handler = stub::HANDLER,
        ),
        Spec::Queue {
            content_based_deduplication,
        } => {
            let url_var = variable(resource, Attribute::Url);
            let attributes = match (resource.fifo(), content_based_deduplication) {
                (true, true) => " --attributes FifoQueue=true,ContentBasedDeduplication=true",
                (true, false) => " --attributes FifoQueue=true",
                _ => "",
            };
            write!(
                out,
                "{url_var}=$(aws sqs create-queue --queue-name \"${name_var}\"{attributes} --query QueueUrl --output text)\n\
                 {arn_var}=$(aws sqs get-queue-attributes --queue-url \"${url_var}\" --attribute-names QueueArn \\\n\
                 \x20 --query Attributes.QueueArn --output text)\n"
            )
        }
        Spec::Topic {
            content_based_deduplication,
            ..
        } => {
            let attributes = match (resource.fifo(), content_based_deduplication) {
                (true, true) => " --attributes FifoTopic=true,ContentBasedDeduplication=true",
                (true, false) => " --attributes FifoTopic=true",
                _ => "",
            };
            writeln!(
                out,
                "{arn_var}=$(aws sns create-topic --name \"${name_var}\"{attributes} --query TopicArn --output text)"
            )
        }
        Spec::Table { key, items, .. } => {
            let definitions: Vec<Value> =
                key.iter().map(|k| json!({"AttributeName": k.name, "AttributeType": k.kind})).collect();
            let schema: Vec<Value> = key
                .iter()
                .zip(["HASH", "RANGE"])
                .map(|(k, role)| json!({"AttributeName": k.name, "KeyType": role}))
                .collect();
            let _ = write!(
                out,
                "{arn_var}=$(aws dynamodb create-table --table-name \"${name_var}\" --billing-mode PAY_PER_REQUEST \\\n\
                 \x20 --attribute-definitions {} \\\n\
                 \x20 --key-schema {} \\\n\
                 \x20 --query TableDescription.TableArn --output text)\n\
                 aws dynamodb wait table-exists --table-name \"${name_var}\"\n",
                quote(&Value::from(definitions).to_string()),
                quote(&Value::from(schema).to_string()),
            );
            for item in items {
                let _ = writeln!(
                    out,
                    "aws dynamodb put-item --table-name \"${name_var}\" --item {}",
                    quote(&item.to_string())
                );
            }
            Ok(())
        }
        Spec::Bucket { objects: list } => {
            out = format!(
                "# S3 bucket {}: bucket names are global, hence the account id.\n{name_var}=\"$NAME_PREFIX-{}-$ACCOUNT_ID\"\n",
                names::one_line(&resource.name),
                resource.aws_name
            );
            let _ = write!(
                out,
                "make_bucket \"${name_var}\"\n{arn_var}=\"arn:$PARTITION:s3:::${name_var}\"\n"
            );
            for object in list {
                *objects += 1;
                let content_type = object
                    .content_type
                    .as_ref()
                    .map(|t| format!(" --content-type {}", quote(t)))
                    .unwrap_or_default();
                let _ = write!(
                    out,
                    "printf '%s' {} > \"$WORK/object-{n}\"\n\
                     aws s3api put-object --bucket \"${name_var}\" --key {} --body \"$WORK/object-{n}\"{content_type} > /dev/null\n",
                    quote(&object.body),
                    quote(&object.key),
                    n = objects
                );
            }
            Ok(())
        }
        Spec::EventBus { .. } => writeln!(
            out,
            "{arn_var}=$(aws events create-event-bus --name \"${name_var}\" --query EventBusArn --output text)"
        ),
        Spec::Activity => writeln!(
            out,
            "{arn_var}=$(aws stepfunctions create-activity --name \"${name_var}\" --query activityArn --output text)"
        ),
        Spec::StateMachine(_) => Ok(()),
    };
    out + &created(resource)
}

/// Says what was created, with its ARN (a queue's URL).
fn created(resource: &Resource) -> String {
    let attribute = if resource.kind == Kind::Queue {
        Attribute::Url
    } else {
        Attribute::Arn
    };
    let what = format!(
        "Created the {} {}:",
        resource.kind.noun(),
        names::one_line(&resource.name)
    );
    format!("echo {} \"${}\"\n", quote(&what), variable(resource, attribute))
}

/// The state machines' role and its policy.
fn role(inventory: &Inventory) -> String {
    let mut out = format!(
        "\n# The role Step Functions assumes to run the state machine.\n\
         ROLE_ARN=$(aws iam create-role --role-name \"$NAME_PREFIX-sfn-role\" \\\n\
         \x20 --assume-role-policy-document {} --query Role.Arn --output text)\n",
        quote(&policy::trust("states.amazonaws.com").to_string())
    );
    if let Some(document) = policy::document(inventory) {
        let text = serde_json::to_string_pretty(&document).unwrap_or_default();
        // An unquoted heredoc, so that the variables expand; nothing else in it may.
        let text = inventory.refs.render(
            &text,
            |literal| {
                literal
                    .replace('\\', r"\\")
                    .replace('$', r"\$")
                    .replace('`', r"\`")
            },
            |reference| word(inventory, reference),
        );
        let _ = write!(
            out,
            "IFS= read -r -d '' POLICY <<SFN_LAB_POLICY || true\n{text}\nSFN_LAB_POLICY\n\
             aws iam put-role-policy --role-name \"$NAME_PREFIX-sfn-role\" --policy-name \"$NAME_PREFIX-resources\" \\\n\
             \x20 --policy-document \"$POLICY\"\n"
        );
    }
    out
}

/// Reads a definition into `$DEFINITION`, then puts the created resources into it.
fn definition(inventory: &Inventory, definition: &Value) -> String {
    let text = serde_json::to_string_pretty(definition).unwrap_or_default();
    let mut used = Vec::new();
    let text = inventory.refs.render(&text, str::to_string, |reference| {
        if !used.contains(reference) {
            used.push(reference.clone());
        }
        placeholder(inventory, reference)
    });
    let mut out =
        format!("IFS= read -r -d '' DEFINITION <<'SFN_LAB_DEFINITION' || true\n{text}\nSFN_LAB_DEFINITION\n");
    for reference in &used {
        let _ = writeln!(
            out,
            "DEFINITION=${{DEFINITION//{}/\"{}\"}}",
            placeholder(inventory, reference),
            word(inventory, reference)
        );
    }
    out
}

/// How to start it, and how to delete what the script created.
fn epilogue(inventory: &Inventory, options: &Options) -> String {
    let input = options.input.clone().unwrap_or_else(|| json!({}));
    let start = match options.workflow {
        crate::WorkflowType::Standard => "start-execution",
        crate::WorkflowType::Express => "start-sync-execution",
    };
    let mut out = format!(
        "\n# Start an execution{}:\n\
         #   aws stepfunctions {start} --state-machine-arn \"$STATE_MACHINE_ARN\" --input {}\n",
        if options.input.is_some() {
            " with the lesson's input"
        } else {
            ""
        },
        names::one_line(&quote(&input.to_string()))
    );
    out +=
        "#\n# When you are done, delete what this created (with the same NAME_PREFIX, region and account):\n";
    out += "#   aws stepfunctions delete-state-machine --state-machine-arn \"$STATE_MACHINE_ARN\"\n";
    for resource in inventory.resources().filter(|r| r.created()) {
        let name = format!("\"$NAME_PREFIX-{}\"", resource.aws_name);
        let line = match resource.kind {
            Kind::Function => format!("aws lambda delete-function --function-name {name}"),
            Kind::Queue => format!("aws sqs delete-queue --queue-url \"$(aws sqs get-queue-url --queue-name {name} --query QueueUrl --output text)\""),
            Kind::Topic => format!("aws sns delete-topic --topic-arn \"arn:$PARTITION:sns:$REGION:$ACCOUNT_ID:$NAME_PREFIX-{}\"", resource.aws_name),
            Kind::Table => format!("aws dynamodb delete-table --table-name {name}"),
            Kind::Bucket => format!("aws s3 rb --force \"s3://$NAME_PREFIX-{}-$ACCOUNT_ID\"", resource.aws_name),
            Kind::EventBus => format!("aws events delete-event-bus --name {name}"),
            Kind::Activity => format!("aws stepfunctions delete-activity --activity-arn \"arn:$PARTITION:states:$REGION:$ACCOUNT_ID:activity:$NAME_PREFIX-{}\"", resource.aws_name),
            Kind::StateMachine => format!("aws stepfunctions delete-state-machine --state-machine-arn \"arn:$PARTITION:states:$REGION:$ACCOUNT_ID:stateMachine:$NAME_PREFIX-{}\"", resource.aws_name),
        };
        out += &format!("#   {line}\n");
    }
    if policy::document(inventory).is_some() {
        out += "#   aws iam delete-role-policy --role-name \"$NAME_PREFIX-sfn-role\" --policy-name \"$NAME_PREFIX-resources\"\n";
    }
    out += "#   aws iam delete-role --role-name \"$NAME_PREFIX-sfn-role\"\n";
    if policy::has_functions(inventory) {
        out += "#   aws iam detach-role-policy --role-name \"$NAME_PREFIX-lambda-role\" \\\n\
                #     --policy-arn \"arn:$PARTITION:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\"\n\
                #   aws iam delete-role --role-name \"$NAME_PREFIX-lambda-role\"\n";
    }
    out
}
