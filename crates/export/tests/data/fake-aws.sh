#!/usr/bin/env bash
# A stand-in for the AWS CLI, for the forms test to run the exported scripts end to end: it
# answers each create command with a made-up ARN or URL (what `--query ... --output text`
# would print) and keeps the definitions and policies it is given in $FAKE_AWS_DIR.
set -euo pipefail
account=123456789012
region="${AWS_REGION:-us-east-1}"
call="$1 $2"
shift 2
declare -A flag=()
while (($#)); do
  if [[ $1 == --* && $# -gt 1 ]]; then flag[$1]="$2"; shift 2; else shift; fi
done
name() { printf '%s' "${flag[--name]:-${flag[--role-name]:-${flag[--function-name]:-${flag[--queue-name]:-${flag[--table-name]:-}}}}}"; }
keep() { # keep FILE-PREFIX TEXT: the text, in the next numbered file
  local n
  n=$(find "$FAKE_AWS_DIR" -name "$1-*" | wc -l)
  printf '%s' "$2" > "$FAKE_AWS_DIR/$1-$((n + 1)).json"
}
echo "$call $(name)" >> "$FAKE_AWS_DIR/calls.txt"
case "$call" in
  "sts get-caller-identity")
    if [[ ${flag[--query]:-} == Account ]]; then echo "$account"; else echo "arn:aws:iam::$account:user/lab"; fi ;;
  "iam create-role") echo "arn:aws:iam::$account:role/$(name)" ;;
  "iam put-role-policy") keep policy "${flag[--policy-document]}" ;;
  "lambda create-function") echo "arn:aws:lambda:$region:$account:function:$(name)" ;;
  "sqs create-queue") echo "https://sqs.$region.amazonaws.com/$account/$(name)" ;;
  "sqs get-queue-attributes") echo "arn:aws:sqs:$region:$account:${flag[--queue-url]##*/}" ;;
  "sns create-topic") echo "arn:aws:sns:$region:$account:$(name)" ;;
  "dynamodb create-table") echo "arn:aws:dynamodb:$region:$account:table/$(name)" ;;
  "events create-event-bus") echo "arn:aws:events:$region:$account:event-bus/$(name)" ;;
  "stepfunctions create-activity") echo "arn:aws:states:$region:$account:activity:$(name)" ;;
  "stepfunctions create-state-machine")
    keep definition "${flag[--definition]}"
    echo "arn:aws:states:$region:$account:stateMachine:$(name)" ;;
  *) ;;
esac
