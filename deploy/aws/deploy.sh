#!/usr/bin/env bash
# Deploys MyCandidate to AWS: the CloudFormation stacks in dependency order, then a release of
# the code in this checkout (image, static files, migration, rolling update), then a smoke test.
# See docs/operations.md for when to run what.
#
#   deploy/aws/deploy.sh ENV [--skip-build] [--only STEP]
#   deploy/aws/deploy.sh ENV --task ARG...     e.g. --task datasets list
#   deploy/aws/deploy.sh ENV --add-admin NAME SECRET_ARN
#
# ENV is dev or prod. Steps, in the order a full run takes them:
#   network data registry backup-dr backup   stacks (backup-dr in DR_REGION, only when the
#                                             environment has one: prod)
#   build push assets                         image build, push to ECR, static files to S3
#   app                                       the app stack (on its first creation with no
#                                             running tasks, then the migration; see below)
#   migrate service                           the migration task, then the service's new image
#   edge observability pipeline               stacks (edge in us-east-1)
#   smoke                                     the public site answers, the ALB refuses bypasses
# --only STEP runs one of them; --only release runs build push assets migrate service smoke,
# what the GitHub workflow does. election-day-scaling is deployed only with --only.
# --skip-build uses an image already built or pushed (IMAGE_TAG, else the running one).
# --task runs `mycandidate ARG...` as a one-off task with the service's task definition (EFS,
# secrets and settings included), waits, prints its log and fails unless it exits 0.
#
# Settings (environment variables; the parameter files are deploy/aws/params/ENV/STACK.json):
#   APP_REGION        region of everything but the edge; default AWS_REGION, else the AWS config
#   DR_REGION         region of the backup copy vault (the backup-dr stack); default DR_REGION in
#                     params/ENV/regions.env (prod: a region, dev: empty). Empty means no DR copy
#                     and no backup-dr stack; prod refuses to deploy its backup stack without one
#   DOMAIN            the site's host name for the smoke test; default DomainName in
#                     params/ENV/app.json, else params/ENV/edge.json
#   IMAGE_TAG         image tag; default the commit (git rev-parse HEAD); the tree must be clean
#   LOCAL_IMAGE       local image to push; default mycandidate:IMAGE_TAG (what build makes)
#   STATIC_BUCKET     static files bucket; default the edge stack's StaticBucketName output
#   CFN_ARTIFACT_BUCKET  S3 bucket for templates over 51,200 bytes (aws cloudformation deploy
#                     refuses to send those inline)
#   PROJECT_NAME      default mycandidate
# Needs: bash 4.4 or later, aws (v1 or v2), jq, curl, git; docker only for build, push and
# assets (a full run includes them; stack steps, --task and --add-admin do not need it).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# --- CloudFormation ---------------------------------------------------------------------------

# deploy_stack STACK [Key=Value ...]: creates or updates the stack from its template and its
# parameter file, the extra Key=Value pairs replacing the file's values. The file is turned into
# Key=Value pairs here, because the CLI cannot mix file:// with pairs (and v1 reads no file).
# EnvironmentName and ProjectName always follow the command line, whatever the file says (the
# CLI drops a pair the template does not declare).
deploy_stack() {
    local stack=$1
    shift
    local template file region
    template="$(template_for "$stack")"
    file="$(params_file "$stack")"
    region="$(region_for "$stack")"
    [[ -f $template ]] || die "no template $template"
    [[ -f $file ]] || die "no parameter file $file"
    local -a overrides=()
    mapfile -t overrides < <(jq -r '.Parameters | to_entries[] | "\(.key)=\(.value)"' "$file")
    overrides+=("EnvironmentName=$ENVIRONMENT" "ProjectName=$project" "$@")
    local -a upload=()
    [[ -z ${CFN_ARTIFACT_BUCKET:-} ]] || upload=(--s3-bucket "$CFN_ARTIFACT_BUCKET" --s3-prefix "$project-$ENVIRONMENT")
    log "deploying stack $(stack_name "$stack") in $region"
    aws cloudformation deploy --region "$region" \
        --template-file "$template" \
        --stack-name "$(stack_name "$stack")" \
        --parameter-overrides "${overrides[@]}" \
        --capabilities CAPABILITY_NAMED_IAM \
        --tags "Project=$project" "Environment=$ENVIRONMENT" \
        --no-fail-on-empty-changeset \
        "${upload[@]}"
}

template_has_parameter() { grep -q "^  $2:" "$(template_for "$1")"; }

# --- The image ----------------------------------------------------------------------------------

image_tag() {
    if [[ -n ${IMAGE_TAG:-} ]]; then
        printf '%s\n' "$IMAGE_TAG"
        return
    fi
    # ECR tags are immutable: a tag must name one build, so it is the commit, of a clean tree.
    [[ -z $(git -C "$repo_root" status --porcelain) ]] ||
        die "the work tree has uncommitted changes; commit them or set IMAGE_TAG"
    git -C "$repo_root" rev-parse HEAD
}

local_image() { printf '%s\n' "${LOCAL_IMAGE:-$project:$(image_tag)}"; }

# Docker is required only by the steps that use it (build, push, assets), so stack-only steps
# and one-off tasks run from a machine without it.
build_image() {
    require_tools docker
    local tag
    tag="$(image_tag)"
    log "building $(local_image)"
    docker build --file "$repo_root/Dockerfile" --tag "$(local_image)" \
        --build-arg "VERSION=$tag" --build-arg "REVISION=$(git -C "$repo_root" rev-parse HEAD)" \
        --build-arg "CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$repo_root"
}

ecr_login() {
    require_tools docker
    local repository
    repository="$(export_value RepositoryUri)"
    aws ecr get-login-password --region "$APP_REGION" |
        docker login --username AWS --password-stdin "${repository%%/*}" >/dev/null
}

push_image() {
    local repository tag
    repository="$(export_value RepositoryUri)"
    tag="$(image_tag)"
    # Pushing a tag that exists fails on an immutable repository; a retried release skips it.
    if aws ecr describe-images --region "$APP_REGION" --repository-name "$(export_value RepositoryName)" \
        --image-ids "imageTag=$tag" >/dev/null 2>&1; then
        log "$repository:$tag is already in ECR"
        return
    fi
    ecr_login
    docker tag "$(local_image)" "$repository:$tag"
    log "pushing $repository:$tag"
    docker push "$repository:$tag"
}

static_bucket() {
    local bucket="${STATIC_BUCKET:-}"
    [[ -n $bucket ]] || ! stack_exists edge || bucket="$(stack_output edge StaticBucketName)"
    printf '%s\n' "$bucket"
}

# The image writes its fingerprinted static files; they are uploaded before the service moves
# to the image, so its pages never name a file the CDN lacks. No --delete: tasks still on the
# old image (and pages cached from them) go on asking for the old files.
sync_assets() {
    local bucket dir
    bucket="$(static_bucket)"
    if [[ -z $bucket ]]; then
        log "no static bucket yet (the edge stack comes later on a first deployment); skipping assets"
        return
    fi
    require_tools docker
    local image
    image="$(local_image)"
    if ! docker image inspect "$image" >/dev/null 2>&1; then
        image="$(export_value RepositoryUri):$(image_tag)"
        ecr_login
        docker pull --quiet "$image" >/dev/null
    fi
    dir="$(mktemp -d "${TMPDIR:-/tmp}/mycandidate-assets.XXXXXX")"
    chmod 0777 "$dir" # the image runs as user 10001
    docker run --rm --read-only --tmpfs /tmp --network none --entrypoint mycandidate \
        -v "$dir:/out" "$image" assets export /out
    log "uploading static files to s3://$bucket/static/"
    aws s3 sync "$dir" "s3://$bucket/static/" --region "$EDGE_REGION" \
        --cache-control "public, max-age=31536000, immutable" --only-show-errors
    rm -rf "$dir"
}

# --- ECS ----------------------------------------------------------------------------------------

cluster() { export_value ClusterName; }

service_task_definition() {
    aws ecs describe-services --region "$APP_REGION" --cluster "$(cluster)" --services "$(export_value ServiceName)" \
        --query 'services[0].taskDefinition' --output text
}

# The container of a task definition that runs our image (the other is the ADOT collector).
app_container() {
    aws ecs describe-task-definition --region "$APP_REGION" --task-definition "$1" --query taskDefinition |
        jq -r --arg repository "$(export_value RepositoryUri)" \
            '[.containerDefinitions[] | select(.image | startswith($repository + ":") or startswith($repository + "@"))][0].name // empty'
}

# The tag of the image the service runs now, so a run that builds nothing never reverts a release.
running_tag() {
    stack_exists app || return 0
    aws ecs describe-task-definition --region "$APP_REGION" --task-definition "$(service_task_definition)" \
        --query taskDefinition |
        jq -r --arg repository "$(export_value RepositoryUri)" \
            '[.containerDefinitions[].image | select(startswith($repository + ":"))][0] // "" | ltrimstr($repository + ":")'
}

# with_image TASK_DEFINITION TAG: registers a revision of the task definition in which our
# container runs TAG, and prints its ARN. Revisions the stack did not make are fine: the stack
# tracks its own, and its next update registers another.
with_image() {
    local definition=$1 image
    image="$(export_value RepositoryUri):$2"
    local json
    json="$(mktemp "${TMPDIR:-/tmp}/mycandidate-taskdef.XXXXXX")"
    aws ecs describe-task-definition --region "$APP_REGION" --task-definition "$definition" --query taskDefinition |
        jq --arg repository "$(export_value RepositoryUri)" --arg image "$image" '
            del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities,
                .registeredAt, .registeredBy, .deregisteredAt)
            | .containerDefinitions |= map(
                if (.image | startswith($repository + ":") or startswith($repository + "@"))
                then .image = $image else . end)' >"$json"
    aws ecs register-task-definition --region "$APP_REGION" --cli-input-json "file://$json" \
        --query taskDefinition.taskDefinitionArn --output text
    rm -f "$json"
}

# run_task TASK_DEFINITION [ARG...]: runs a one-off task in the private subnets with the tasks'
# security group (the only one PostgreSQL, Redis and EFS accept), optionally with our
# container's command replaced, waits for it to stop and fails unless our container exited 0.
run_task() {
    local definition=$1
    shift
    local container task_overrides='{}'
    container="$(app_container "$definition")"
    [[ -n $container ]] || die "no container of $definition runs the app's image"
    if (($#)); then
        task_overrides="$(jq -n --arg name "$container" '{containerOverrides: [{name: $name, command: $ARGS.positional}]}' --args "$@")"
    fi
    local network task
    network="awsvpcConfiguration={subnets=[$(export_value PrivateSubnetIds)],securityGroups=[$(export_value TaskSecurityGroupId)],assignPublicIp=DISABLED}"
    task="$(aws ecs run-task --region "$APP_REGION" --cluster "$(cluster)" --launch-type FARGATE \
        --task-definition "$definition" --network-configuration "$network" --overrides "$task_overrides" \
        --started-by "deploy.sh" --query 'tasks[0].taskArn' --output text)"
    [[ -n $task && $task != None ]] || die "the task did not start"
    log "task ${task##*/} started; waiting for it to stop"
    # One wait gives up after 10 minutes; an import of a large list can take longer.
    local attempt
    for attempt in 1 2 3 4 5 6; do
        if aws ecs wait tasks-stopped --region "$APP_REGION" --cluster "$(cluster)" --tasks "$task" 2>/dev/null; then break; fi
        ((attempt < 6)) || die "task ${task##*/} still runs after an hour"
    done
    local described exit_code
    described="$(aws ecs describe-tasks --region "$APP_REGION" --cluster "$(cluster)" --tasks "$task" --query 'tasks[0]')"
    exit_code="$(jq -r --arg name "$container" '.containers[] | select(.name == $name) | .exitCode // "none"' <<<"$described")"
    print_task_log "$definition" "$container" "${task##*/}"
    [[ $exit_code == 0 ]] || die "task ${task##*/} failed: exit code $exit_code, $(jq -r '.stoppedReason // "no reason given"' <<<"$described")"
    log "task ${task##*/} exited 0"
}

# The container's awslogs stream is PREFIX/CONTAINER/TASK_ID.
print_task_log() {
    local options
    options="$(aws ecs describe-task-definition --region "$APP_REGION" --task-definition "$1" --query taskDefinition |
        jq -c --arg name "$2" '.containerDefinitions[] | select(.name == $name) | .logConfiguration.options // {}')"
    local group prefix
    group="$(jq -r '."awslogs-group" // empty' <<<"$options")"
    prefix="$(jq -r '."awslogs-stream-prefix" // empty' <<<"$options")"
    [[ -n $group && -n $prefix ]] || return 0
    aws logs get-log-events --region "$APP_REGION" --log-group-name "$group" \
        --log-stream-name "$prefix/$2/$3" --start-from-head --query 'events[].message' --output text 2>/dev/null |
        tr '\t' '\n' | sed 's/^/    /' >&2 || true
}

# The migration runs the new image before any task serves it: a new version never meets a
# schema older than it expects. Migrations must therefore keep the old version working too
# (add, then drop in a later release), since it serves until the rollout ends.
migrate() {
    local definition
    definition="$(with_image "$(export_value MigrateTaskDefinitionArn)" "$(image_tag)")"
    log "running the migration with $definition"
    run_task "$definition"
}

# The service moves to the new image; ECS rolls it (minimum healthy 100 %, so capacity never
# drops) and its circuit breaker rolls back a deployment whose tasks do not become healthy.
roll_service() {
    local definition
    definition="$(with_image "$(service_task_definition)" "$(image_tag)")"
    log "updating the service to $definition"
    aws ecs update-service --region "$APP_REGION" --cluster "$(cluster)" --service "$(export_value ServiceName)" \
        --task-definition "$definition" --query 'service.serviceName' --output text >/dev/null
    wait_for_service "$definition"
}

# wait_for_service TASK_DEFINITION: waits for the service to settle and checks it settled on
# that task definition (a rolled-back deployment is stable too, on the old one).
wait_for_service() {
    local attempt
    for attempt in 1 2 3; do
        if aws ecs wait services-stable --region "$APP_REGION" --cluster "$(cluster)" \
            --services "$(export_value ServiceName)" 2>/dev/null; then break; fi
        ((attempt < 3)) || die "the service is not stable after 30 minutes"
    done
    local primary
    primary="$(aws ecs describe-services --region "$APP_REGION" --cluster "$(cluster)" --services "$(export_value ServiceName)" \
        --query "services[0].deployments[?status=='PRIMARY'] | [0].[taskDefinition, rolloutState]" --output text)"
    [[ $primary == "$1"$'\t'COMPLETED ]] || die "the service settled as '$primary', not on $1: the deployment was rolled back"
    log "the service runs $1"
}

# add_admin NAME SECRET_ARN: creates an admin account with the password held in a Secrets
# Manager secret (SecretString = the bare password). `users add` reads a password from standard
# input only (never an argument, which would show in the task's description and CloudTrail), and
# a one-off task has no standard input, so a short-lived revision of the service's task
# definition runs it through /bin/sh with the secret injected by ECS, then is deregistered.
# The task execution role may read only secrets named $project/ENV/admin-* (app.yaml), so any
# other ARN is refused here rather than failing later as a task that cannot start.
add_admin() {
    local name=$1 secret=$2 base container json definition
    local pattern="^arn:aws[a-z-]*:secretsmanager:$APP_REGION:[0-9]{12}:secret:$project/$ENVIRONMENT/admin-[A-Za-z0-9/_+=.@-]+$"
    [[ $secret =~ $pattern ]] ||
        die "the password secret must be named $project/$ENVIRONMENT/admin-SOMETHING in $APP_REGION (the only secrets the task execution role may read), given as its full ARN; got '$secret'"
    base="$(service_task_definition)"
    container="$(app_container "$base")"
    json="$(mktemp "${TMPDIR:-/tmp}/mycandidate-taskdef.XXXXXX")"
    aws ecs describe-task-definition --region "$APP_REGION" --task-definition "$base" --query taskDefinition |
        jq --arg container "$container" --arg name "$name" --arg secret "$secret" '
            del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities,
                .registeredAt, .registeredBy, .deregisteredAt)
            | .containerDefinitions |= map(
                if .name == $container then
                    .entryPoint = ["/bin/sh", "-c"]
                    | .command = ["printf \"%s\\n\" \"$ADMIN_PASSWORD\" | mycandidate users add --by deploy.sh \"$ADMIN_NAME\""]
                    | .environment = ((.environment // []) + [{name: "ADMIN_NAME", value: $name}])
                    | .secrets = ((.secrets // []) + [{name: "ADMIN_PASSWORD", valueFrom: $secret}])
                else . end)' >"$json"
    definition="$(aws ecs register-task-definition --region "$APP_REGION" --cli-input-json "file://$json" \
        --query taskDefinition.taskDefinitionArn --output text)"
    rm -f "$json"
    local status=0
    (run_task "$definition") || status=$?
    aws ecs deregister-task-definition --region "$APP_REGION" --task-definition "$definition" >/dev/null
    ((status == 0)) || die "the account was not added"
    log "added admin $name; sign in at https://$DOMAIN/admin"
}

# --- Stacks with values from elsewhere ------------------------------------------------------------

# The app stack with the image to run. Its first creation starts no tasks: until a dataset is
# published every task answers /readyz with 503, so ECS would replace them over and over and the
# circuit breaker would fail the stack. The migration runs once the stack has made its task
# definitions; docs/operations.md (first deployment) loads the first dataset.
deploy_app() {
    local tag
    tag="${IMAGE_TAG:-}"
    [[ -n $tag ]] || tag="$(running_tag)"
    [[ -n $tag ]] || tag="$(image_tag)"
    if stack_exists app; then
        deploy_stack app "ImageTag=$tag"
        wait_for_service "$(service_task_definition)"
        return
    fi
    if template_has_parameter app DesiredCount; then
        deploy_stack app "ImageTag=$tag" DesiredCount=0
    else
        log "warning: app.yaml has no DesiredCount parameter, so its first creation starts tasks with no dataset to serve"
        deploy_stack app "ImageTag=$tag"
    fi
    IMAGE_TAG="$tag" migrate
    first_deployment=true
}

# The backup stack, copying to the DR vault when the environment has a DR region. The vault's
# ARN is an output of the backup-dr stack in DR_REGION: exports do not cross regions, so it is
# read from that stack (describe-stacks in DR_REGION), not with export_value. An empty value
# (dev) turns the copies off, also in a stack that had them.
deploy_backup() {
    local vault=""
    if [[ -n $DR_REGION ]]; then
        vault="$(stack_output backup-dr DrVaultArn)"
        [[ -n $vault ]] || die "$(stack_name backup-dr) in $DR_REGION has no DrVaultArn output: deploy it first (--only backup-dr)"
    elif [[ $ENVIRONMENT == prod ]]; then
        die "prod copies its backups to a DR region: set DR_REGION in $aws_dir/params/prod/regions.env"
    fi
    deploy_stack backup "DrVaultArn=$vault"
}

deploy_edge() {
    local secret
    secret="$(aws secretsmanager get-secret-value --region "$APP_REGION" --secret-id "$(export_value OriginSecretArn)" \
        --query SecretString --output text)"
    deploy_stack edge "LoadBalancerDnsName=$(export_value LoadBalancerDnsName)" "OriginSecret=$secret"
}

# An account has one GitHub OIDC provider: reuse it when another stack (the other environment's)
# made it, or when it was retained after this stack was deleted.
deploy_pipeline() {
    local -a extra=()
    local bucket provider owned
    # The bucket's name is generated by CloudFormation, so it comes from the edge stack only.
    bucket="$(static_bucket)"
    [[ -n $bucket ]] || die "no static bucket: deploy the edge stack first (--only edge), or set STATIC_BUCKET"
    extra+=("StaticBucketName=$bucket")
    if [[ -z $(param_value pipeline ExistingOidcProviderArn) ]]; then
        provider="$(aws iam list-open-id-connect-providers --query "OpenIDConnectProviderList[?ends_with(Arn, '/token.actions.githubusercontent.com')].Arn | [0]" --output text)"
        owned="$(aws cloudformation describe-stack-resources --region "$APP_REGION" --stack-name "$(stack_name pipeline)" \
            --logical-resource-id GitHubOidcProvider --query 'StackResources[0].PhysicalResourceId' --output text 2>/dev/null || true)"
        if [[ -n $provider && $provider != None && $provider != "$owned" ]]; then
            extra+=("ExistingOidcProviderArn=$provider")
        fi
    fi
    deploy_stack pipeline "${extra[@]}"
}

# --- Smoke test ---------------------------------------------------------------------------------

smoke() {
    [[ -n $DOMAIN ]] || die "no domain: set DOMAIN or DomainName in $(params_file app)"
    local base="https://$DOMAIN" failures=0 attempt body
    # A new distribution or a rollout that just ended can take a minute to answer everywhere.
    for attempt in 1 2 3 4 5 6; do
        if body="$(curl -fsS --max-time 10 "$base/readyz")" && grep -q '"status"' <<<"$body"; then break; fi
        ((attempt < 6)) || { log "FAILED: $base/readyz"; failures=$((failures + 1)); }
        sleep 10
    done
    log "readyz: $body"
    local path
    for path in / /api/v1/ballots; do
        if curl -fsS --max-time 10 -o /dev/null "$base$path"; then
            log "ok: $base$path"
        else
            log "FAILED: $base$path"
            failures=$((failures + 1))
        fi
    done
    # Straight to the ALB, without CloudFront's secret header: the listener must refuse it, or
    # the WAF and the CDN could be bypassed. -k: the certificate names the domain, not the ALB.
    local status
    status="$(curl -sk --max-time 10 -o /dev/null -w '%{http_code}' "https://$(export_value LoadBalancerDnsName)/readyz" || true)"
    if [[ $status == 403 ]]; then
        log "ok: the ALB refuses a request without the origin header (403)"
    else
        log "FAILED: the ALB answered $status to a request without the origin header (403 expected)"
        failures=$((failures + 1))
    fi
    ((failures == 0)) || die "smoke test: $failures failed"
    log "smoke test passed"
}

# --- Main -----------------------------------------------------------------------------------------

run_step() {
    case $1 in
        network | data | registry | backup-dr | observability | election-day-scaling) deploy_stack "$1" ;;
        backup) deploy_backup ;;
        app) deploy_app ;;
        edge) deploy_edge ;;
        pipeline) deploy_pipeline ;;
        build) $skip_build || build_image ;;
        push) push_image ;;
        assets) sync_assets ;;
        migrate) migrate ;;
        service) roll_service ;;
        smoke) smoke ;;
        release) for step in build push assets migrate service smoke; do run_step "$step"; done ;;
        *) die "unknown step '$1'" ;;
    esac
}

# Every stack in the order of the exports they import (Tests/infra/test_pipeline.py checks this
# order against the templates).
deploy_all() {
    deploy_stack network
    deploy_stack data
    deploy_stack registry
    if [[ -n $DR_REGION ]]; then
        deploy_stack backup-dr
    fi
    deploy_backup
    run_step build
    run_step push
    local bucket_before
    bucket_before="$(static_bucket)"
    run_step assets
    if stack_exists app; then
        migrate
        IMAGE_TAG="$(image_tag)" deploy_app
    else
        deploy_app
    fi
    deploy_edge
    # On a first deployment the static bucket only exists now.
    [[ -n $bucket_before ]] || run_step assets
    deploy_stack observability
    deploy_pipeline
    if $first_deployment; then
        log "first deployment: the service has no tasks until a dataset is published."
        log "load one and start the service as docs/operations.md (First deployment) says; then run this again."
        return
    fi
    smoke
}

main() {
    ENVIRONMENT="${1:-}"
    [[ -n $ENVIRONMENT && $ENVIRONMENT != -* ]] || die "usage: deploy.sh ENV [--skip-build] [--only STEP] | ENV --task ARG... | ENV --add-admin NAME SECRET_ARN"
    shift
    skip_build=false
    first_deployment=false
    local only="" task=false
    local -a add_admin_args=()
    while (($#)); do
        case $1 in
            --skip-build) skip_build=true ;;
            --only) only="${2:?--only needs a step}"; shift ;;
            --task) task=true; shift; break ;;
            --add-admin) add_admin_args=("${2:?--add-admin needs NAME SECRET_ARN}" "${3:?--add-admin needs NAME SECRET_ARN}"); shift 2 ;;
            *) die "unknown argument '$1'" ;;
        esac
        shift
    done
    load_settings
    require_tools aws jq curl git
    # Without a build, the image is the one named, else the one running.
    if $skip_build && [[ -z ${IMAGE_TAG:-} ]]; then
        IMAGE_TAG="$(running_tag)"
        [[ -z $IMAGE_TAG ]] || log "using the running image, tag $IMAGE_TAG"
    fi
    if ((${#add_admin_args[@]})); then
        add_admin "${add_admin_args[@]}"
    elif $task; then
        (($#)) || die "--task needs the command's arguments"
        run_task "$(service_task_definition)" "$@"
    elif [[ -n $only ]]; then
        run_step "$only"
    else
        deploy_all
    fi
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    main "$@"
fi
