#!/usr/bin/env bash
# Takes an environment down, keeping its data unless told otherwise.
#
#   deploy/aws/teardown.sh ENV [--yes] [--delete-data]
#
# Without --delete-data it deletes the stacks that hold no data and cost money by the hour:
# pipeline, observability, edge (us-east-1), election-day-scaling and app (ALB, service, tasks).
# It keeps network, data (RDS, Redis, EFS, secrets, KMS key), registry (the images), backup and
# backup-dr (the recovery points). deploy.sh recreates the deleted stacks on top of the kept ones.
#
# Before deleting a stack it reads which of the stack's resources the template keeps on
# deletion (DeletionPolicy Retain or Snapshot: buckets, log groups, KMS keys, vaults, the file
# system, the OIDC provider, the final RDS snapshot) and lists them at the end with their
# physical ids: they stay in the account and cost money until deleted by hand. None of them
# blocks a redeploy: the templates give retained resources generated or per-stack names.
#
# With --delete-data it deletes the kept stacks too, after you type the environment's name.
# What still survives, on purpose, and is listed:
#   - RDS takes a final snapshot (the data template's DeletionPolicy: Snapshot), so even this
#     leaves the database restorable; the snapshot costs storage until deleted by hand
#     (aws rds describe-db-snapshots / delete-db-snapshot).
#   - AWS Backup recovery points stay in their vaults, and the vaults are retained.
#   - The customer-managed KMS keys (data, network, observability, DR) are retained, not
#     scheduled for deletion: the final snapshot, the retained file system and the recovery
#     points are encrypted with them, and are lost for good once a key is gone. Schedule a
#     key's deletion (aws kms schedule-key-deletion) only when nothing encrypted with it is
#     needed; each costs $1 a month until then.
#   - The EFS file system (uploaded source files) is retained.
# Deletion protection (RDS in prod, the ALB in prod) is switched off first: it exists to stop
# a stray delete, and this is a deliberate one.
#
# Settings: APP_REGION, DR_REGION, PROJECT_NAME as for deploy.sh.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

confirm() {
    local answer
    read -r -p "$1 " answer
    printf '%s\n' "$answer"
}

# What the deleted stacks left in the account, listed at the end.
left_behind=()

# retained_resources STACK: "TYPE PHYSICAL_ID (POLICY)" for each resource of the stack that its
# template keeps on deletion (DeletionPolicy Retain, RetainExceptOnCreate or Snapshot), read
# from the template the stack was deployed with (YAML: a logical id at two spaces, its
# DeletionPolicy at four).
retained_resources() {
    local name region policies
    name="$(stack_name "$1")"
    region="$(region_for "$1")"
    policies="$(aws cloudformation get-template --region "$region" --stack-name "$name" \
        --query TemplateBody --output text 2>/dev/null |
        awk '/^[^ #]/ { id = "" }
             /^  [A-Za-z0-9]+:[[:space:]]*$/ { id = substr($1, 1, length($1) - 1) }
             /^    DeletionPolicy:[[:space:]]*(Retain|RetainExceptOnCreate|Snapshot)[[:space:]]*$/ { if (id != "") print id, $2 }' || true)"
    [[ -n $policies ]] || return 0
    aws cloudformation describe-stack-resources --region "$region" --stack-name "$name" --output json |
        jq -r --arg policies "$policies" '
            ([$policies | split("\n")[] | select(. != "") | split(" ") | {(.[0]): .[1]}] | add) as $keep
            | .StackResources[] | select($keep[.LogicalResourceId] != null and (.PhysicalResourceId // "") != "")
            | "\(.ResourceType) \(.PhysicalResourceId) (\($keep[.LogicalResourceId]))"'
}

# delete_stack STACK: deletes it and waits. Resources CloudFormation could not delete (a
# bucket with objects, a vault with recovery points) are kept and listed, and the stack goes.
delete_stack() {
    local stack=$1 name region
    name="$(stack_name "$stack")"
    region="$(region_for "$stack")"
    if ! stack_exists "$stack"; then
        log "$name does not exist"
        return
    fi
    local -a kept=()
    mapfile -t kept < <(retained_resources "$stack")
    log "deleting $name in $region"
    aws cloudformation delete-stack --region "$region" --stack-name "$name"
    local resource
    for resource in "${kept[@]}"; do left_behind+=("$region $resource"); done
    if aws cloudformation wait stack-delete-complete --region "$region" --stack-name "$name" 2>/dev/null; then
        log "deleted $name"
        return
    fi
    local -a failed
    mapfile -t failed < <(aws cloudformation describe-stack-resources --region "$region" --stack-name "$name" \
        --query "StackResources[?ResourceStatus=='DELETE_FAILED'].LogicalResourceId" --output text | tr '\t' '\n' | grep -v '^$' || true)
    ((${#failed[@]})) || die "$name did not delete; see its events in the console"
    log "keeping what $name could not delete: ${failed[*]}"
    aws cloudformation describe-stack-resources --region "$region" --stack-name "$name" \
        --query "StackResources[?ResourceStatus=='DELETE_FAILED'].[ResourceType, PhysicalResourceId, ResourceStatusReason]" \
        --output text | sed 's/^/    kept: /' >&2
    for resource in "${failed[@]}"; do left_behind+=("$region $resource (could not be deleted)"); done
    aws cloudformation delete-stack --region "$region" --stack-name "$name" --retain-resources "${failed[@]}"
    aws cloudformation wait stack-delete-complete --region "$region" --stack-name "$name"
    log "deleted $name (the resources above were kept)"
}

# report_left_behind: what the deleted stacks kept, so the operator knows what still costs money.
report_left_behind() {
    ((${#left_behind[@]})) || return 0
    log "left in the account by the deleted stacks (billed until you delete them by hand; see docs/operations.md, Teardown):"
    printf '    %s\n' "${left_behind[@]}" >&2
}

# Values read before the stacks that export them go.
export_or_empty() { (export_value "$1" 2>/dev/null) || true; }

main() {
    ENVIRONMENT="${1:-}"
    [[ -n $ENVIRONMENT && $ENVIRONMENT != -* ]] || die "usage: teardown.sh ENV [--yes] [--delete-data]"
    shift
    local yes=false delete_data=false
    while (($#)); do
        case $1 in
            --yes) yes=true ;;
            --delete-data) delete_data=true ;;
            *) die "unknown argument '$1'" ;;
        esac
        shift
    done
    load_settings
    require_tools aws jq

    if $delete_data; then
        log "this deletes $ENVIRONMENT's database, Redis, files, images and backup plan (a final RDS snapshot and the recovery points stay)."
        [[ $(confirm "Type the environment's name ($ENVIRONMENT) to go on:") == "$ENVIRONMENT" ]] || die "not confirmed; nothing deleted"
    elif ! $yes; then
        [[ $(confirm "Delete $ENVIRONMENT's app, edge, observability and pipeline stacks (data kept)? [y/N]") == [yY]* ]] ||
            die "not confirmed; nothing deleted"
    fi

    local load_balancer database repository
    load_balancer="$(export_or_empty LoadBalancerArn)"
    database="$(export_or_empty DatabaseInstanceId)"
    repository="$(export_or_empty RepositoryName)"

    # Reverse dependency order: a stack goes before the stacks it imports from.
    delete_stack pipeline
    delete_stack observability
    delete_stack edge
    if [[ -n $load_balancer ]]; then
        aws elbv2 modify-load-balancer-attributes --region "$APP_REGION" --load-balancer-arn "$load_balancer" \
            --attributes Key=deletion_protection.enabled,Value=false >/dev/null
    fi
    delete_stack election-day-scaling
    delete_stack app
    if ! $delete_data; then
        report_left_behind
        log "kept: network, data, registry, backup and backup-dr (teardown.sh $ENVIRONMENT --delete-data removes them)"
        return
    fi

    delete_stack backup
    if [[ -n $database ]]; then
        log "switching off deletion protection of $database (the final snapshot is still taken)"
        aws rds modify-db-instance --region "$APP_REGION" --db-instance-identifier "$database" \
            --no-deletion-protection --apply-immediately >/dev/null
        aws rds wait db-instance-available --region "$APP_REGION" --db-instance-identifier "$database"
    fi
    delete_stack data
    if [[ -n $repository ]]; then
        # An ECR repository with images cannot be deleted by CloudFormation.
        aws ecr delete-repository --region "$APP_REGION" --repository-name "$repository" --force >/dev/null || true
    fi
    delete_stack registry
    delete_stack network
    [[ -z $DR_REGION ]] || delete_stack backup-dr
    report_left_behind
    log "done; final RDS snapshots: aws rds describe-db-snapshots --region $APP_REGION --snapshot-type manual"
}

main "$@"
