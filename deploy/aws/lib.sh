# shellcheck shell=bash
# Shared by deploy.sh and teardown.sh: settings, stack names and the AWS lookups both need.
# Source it after setting ENVIRONMENT (dev or prod); it sets the settings documented in deploy.sh.

aws_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck disable=SC2034 # read by the scripts that source this file
repo_root="$(cd "$aws_dir/../.." && pwd)"
project="${PROJECT_NAME:-mycandidate}"

log() { printf '[%s %s] %s\n' "$(basename "$0" .sh)" "${ENVIRONMENT:-?}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || die "$tool is needed and is not on PATH"
    done
}

params_file() { printf '%s/params/%s/%s.json\n' "$aws_dir" "$ENVIRONMENT" "$1"; }

# param_value STACK KEY: a value from the stack's parameter file, or nothing.
param_value() {
    local file
    file="$(params_file "$1")"
    [[ -f $file ]] || return 0
    jq -r --arg key "$2" '.Parameters[$key] // empty' "$file"
}

# region_setting KEY: KEY's value in params/ENV/regions.env (plain KEY=VALUE lines, # comments),
# or nothing. The file is read, not sourced: it holds settings, never code.
region_setting() {
    local file="$aws_dir/params/$ENVIRONMENT/regions.env"
    [[ -f $file ]] || return 0
    sed -n "s/^$1=[[:space:]]*\([a-z0-9-]*\)[[:space:]]*$/\1/p" "$file" | tail -n 1
}

# The region settings. The app's stacks go to APP_REGION, the edge (CloudFront's certificate
# and WAF must be in us-east-1) to EDGE_REGION, the backup copy vault to DR_REGION. DR_REGION
# comes from the environment, else from params/ENV/regions.env; empty means the environment
# makes no cross-region copy and has no backup-dr stack (dev: a DR copy of throw-away data
# would only cost a KMS key and copy storage).
load_settings() {
    [[ $ENVIRONMENT == dev || $ENVIRONMENT == prod ]] || die "the environment is dev or prod, not '$ENVIRONMENT'"
    APP_REGION="${APP_REGION:-${AWS_REGION:-${AWS_DEFAULT_REGION:-$(aws configure get region 2>/dev/null || true)}}}"
    [[ -n $APP_REGION ]] || die "no region: set APP_REGION (or AWS_REGION, or a region in the AWS config)"
    EDGE_REGION=us-east-1
    DR_REGION="${DR_REGION:-$(region_setting DR_REGION)}"
    [[ -z $DR_REGION || $DR_REGION =~ ^[a-z]{2}(-[a-z]+)+-[0-9]+$ ]] || die "DR_REGION '$DR_REGION' is not a region name"
    DOMAIN="${DOMAIN:-$(param_value app DomainName)}"
    [[ -n $DOMAIN ]] || DOMAIN="$(param_value edge DomainName)"
    export AWS_PAGER=""
}

stack_name() { printf '%s-%s-%s\n' "$project" "$ENVIRONMENT" "$1"; }

# The template each stack is made from, and the region it lives in.
template_for() {
    case $1 in
        backup-dr) printf '%s/backup-dr-vault.yaml\n' "$aws_dir" ;;
        *) printf '%s/%s.yaml\n' "$aws_dir" "$1" ;;
    esac
}

region_for() {
    case $1 in
        edge) printf '%s\n' "$EDGE_REGION" ;;
        backup-dr)
            [[ -n $DR_REGION ]] || die "$ENVIRONMENT has no DR region (DR_REGION, or DR_REGION= in params/$ENVIRONMENT/regions.env), so no backup-dr stack"
            # Checked here, not for every step: a release does not touch the DR region.
            [[ $DR_REGION != "$APP_REGION" ]] || die "DR_REGION is the app region ($APP_REGION): a copy there survives nothing the original does not"
            printf '%s\n' "$DR_REGION"
            ;;
        *) printf '%s\n' "$APP_REGION" ;;
    esac
}

stack_exists() {
    local status
    status="$(aws cloudformation describe-stacks --region "$(region_for "$1")" --stack-name "$(stack_name "$1")" \
        --query 'Stacks[0].StackStatus' --output text 2>/dev/null)" || return 1
    [[ -n $status && $status != REVIEW_IN_PROGRESS ]]
}

# export_value KEY: the value of the export ${project}-${ENVIRONMENT}-KEY in the app region
# (the names CONTRACT-style templates export), failing when it is missing.
export_value() {
    local name value
    name="$project-$ENVIRONMENT-$1"
    value="$(aws cloudformation list-exports --region "$APP_REGION" \
        --query "Exports[?Name=='$name'].Value" --output text)"
    value="$(printf '%s\n' "$value" | grep -v -e '^None$' -e '^$' | head -n 1 || true)"
    [[ -n $value ]] || die "no export $name in $APP_REGION (is that stack deployed?)"
    printf '%s\n' "$value"
}

# stack_output STACK KEY: one output of a stack, or nothing.
stack_output() {
    aws cloudformation describe-stacks --region "$(region_for "$1")" --stack-name "$(stack_name "$1")" \
        --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue" --output text 2>/dev/null |
        grep -v -e '^None$' -e '^$' || true
}
