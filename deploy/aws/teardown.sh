#!/usr/bin/env bash
# Takes an environment down, keeping its data unless told otherwise.
#
#   deploy/aws/teardown.sh ENV [--yes] [--delete-data]
#
# Without --delete-data it deletes the stacks that hold no data and cost money by the hour:
# pipeline, observability, edge (us-east-1) and app (ALB, service, tasks). It keeps network,
# data (RDS, Redis, EFS, secrets, KMS key), registry (the images), backup and backup-dr (the
# recovery points), and any S3 bucket a deleted stack still held objects in (the ALB's access
# logs, the static files): those are left in the account, no longer in a stack, and listed.
# deploy.sh recreates the deleted stacks on top of the kept ones.
#
# With --delete-data it deletes those too, after you type the environment's name. What still
# survives, on purpose:
#   - RDS takes a final snapshot (the data template's DeletionPolicy: Snapshot), so even this
#     leaves the database restorable; the snapshot costs storage until deleted by hand
#     (aws rds describe-db-snapshots / delete-db-snapshot).
#   - AWS Backup recovery points stay in their vaults (a vault with recovery points cannot be
#     deleted, and the vault lock, if on, forbids deleting them early); the vault is then left
#     behind and listed.
#   - The customer-managed KMS key is scheduled for deletion (7 to 30 days), not deleted at
#     once. The final snapshot and the recovery points are encrypted with it: once the key is
#     gone they cannot be restored, so to keep them, cancel that (aws kms cancel-key-deletion)
#     unless the data template retains the key.
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
    log "deleting $name in $region"
    aws cloudformation delete-stack --region "$region" --stack-name "$name"
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
    aws cloudformation delete-stack --region "$region" --stack-name "$name" --retain-resources "${failed[@]}"
    aws cloudformation wait stack-delete-complete --region "$region" --stack-name "$name"
    log "deleted $name (the resources above were kept)"
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
    log "done; final RDS snapshots: aws rds describe-db-snapshots --region $APP_REGION --snapshot-type manual"
}

main "$@"
