"""Invariants of the app tier's templates (registry.yaml, app.yaml, election-day-scaling.yaml) and
their parameter files: the architecture's numbers and the security properties a later edit could
quietly lose. They read the templates as CloudFormation does (conftest.py); cfn-lint and checkov
check the rest."""

import json
import re

import pytest

from conftest import AWS, REPO, load_parameters, load_template, only_resource, resources_of_type

APP = load_template("app")
REGISTRY = load_template("registry")
ELECTION = load_template("election-day-scaling")

FILES_DIR = "/var/lib/mycandidate/files"
# Every value that is a secret reaches the container only through Secrets (valueFrom).
SECRET_NAMES = {"DB_USER", "DB_PASSWORD", "REDIS_AUTH_TOKEN"}

# The exports other stacks and the pipeline rely on (CONTRACT.md), by template.
APP_EXPORTS = {
    "LoadBalancerDnsName", "LoadBalancerArn", "LoadBalancerFullName", "TargetGroupFullName",
    "ClusterName", "ServiceName", "AppLogGroupName", "MigrateTaskDefinitionArn",
    "TaskExecutionRoleArn", "TaskRoleArn",
}
REGISTRY_EXPORTS = {"RepositoryUri", "RepositoryArn", "RepositoryName"}
# The only other secrets the execution role may read: deploy.sh --add-admin's passwords.
ADMIN_SECRET_PATTERN = (
    "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${ProjectName}/${EnvironmentName}/admin-*"
)
# Given on every deploy, never from a file: a file's tag would redeploy a stale image.
DEPLOY_TIME_PARAMETERS = {"ImageTag"}


def resource(template: dict, logical_id: str) -> dict:
    return template["Resources"][logical_id]


def props(template: dict, logical_id: str) -> dict:
    return resource(template, logical_id)["Properties"]


def parameter_value(template: dict, environment: str, stack: str, name: str) -> str:
    """A parameter as deployed: the environment's file, else the template's default."""
    values = load_parameters(environment, stack)
    if name in values:
        return str(values[name])
    assert "Default" in template["Parameters"][name], f"{name} has neither a value in {environment}/{stack}.json nor a default"
    return str(template["Parameters"][name]["Default"])


def imported(key: str) -> dict:
    return {"Fn::ImportValue": {"Fn::Sub": "${ProjectName}-${EnvironmentName}-" + key}}


def containers(task_definition_id: str) -> dict:
    return {c["Name"]: c for c in props(APP, task_definition_id)["ContainerDefinitions"]}


def app_container() -> dict:
    return containers("AppTaskDefinition")["app"]


def task_definitions() -> dict:
    return resources_of_type(APP, "AWS::ECS::TaskDefinition")


def attributes(resource_props: dict, key: str) -> dict:
    return {a["Key"]: a["Value"] for a in resource_props.get(key, [])}


def export_names(template: dict) -> set:
    names = set()
    for output in template.get("Outputs", {}).values():
        if "Export" in output:
            sub = output["Export"]["Name"]["Fn::Sub"]
            assert sub.startswith("${ProjectName}-${EnvironmentName}-"), sub
            names.add(sub.removeprefix("${ProjectName}-${EnvironmentName}-"))
    return names


# ---------------------------------------------------------------- task size and containers

def test_task_size_is_half_a_vcpu_and_one_gb(environment):
    for name in ("TaskCpu", "TaskMemory"):
        assert APP["Parameters"][name]["Type"] == "String"
    assert parameter_value(APP, environment, "app", "TaskCpu") == "512"
    assert parameter_value(APP, environment, "app", "TaskMemory") == "1024"
    for definition in task_definitions().values():
        p = definition["Properties"]
        assert p["Cpu"] == {"Ref": "TaskCpu"}
        assert p["Memory"] == {"Ref": "TaskMemory"}
        assert p["RequiresCompatibilities"] == ["FARGATE"]
        assert p["NetworkMode"] == "awsvpc"
        assert p["RuntimePlatform"] == {"OperatingSystemFamily": "LINUX", "CpuArchitecture": "X86_64"}


def test_every_container_has_a_read_only_root_and_runs_as_non_root():
    for definition_id in task_definitions():
        for name, container in containers(definition_id).items():
            assert container.get("ReadonlyRootFilesystem") is True, f"{definition_id}/{name}"
            user = container.get("User", "")
            uid = user.split(":")[0]
            assert uid.isdigit() and int(uid) != 0, f"{definition_id}/{name} runs as {user!r}"
            assert not container.get("Privileged", False)


def test_app_image_is_the_repository_at_the_image_tag():
    image = app_container()["Image"]["Fn::Sub"]
    assert image[0] == "${RepositoryUri}:${ImageTag}"
    assert image[1]["RepositoryUri"] == imported("RepositoryUri")
    assert containers("MigrateTaskDefinition")["migrate"]["Image"] == app_container()["Image"]


def test_app_container_essentials():
    app = app_container()
    assert app["Essential"] is True
    assert [p["ContainerPort"] for p in app["PortMappings"]] == [8080]
    assert app["StopTimeout"] == 30
    assert app["HealthCheck"]["Command"] == ["CMD", "mycandidate", "healthcheck"]
    assert {"ContainerName": "otel-collector", "Condition": "START"} in app["DependsOn"]


def test_writable_tmp_is_task_storage_under_the_read_only_root():
    for definition_id in task_definitions():
        volumes = {v["Name"]: v for v in props(APP, definition_id)["Volumes"]}
        for name, container in containers(definition_id).items():
            mounts = {m["ContainerPath"]: m for m in container.get("MountPoints", [])}
            if name == "otel-collector":
                continue
            tmp = mounts["/tmp"]
            assert tmp["ReadOnly"] is False
            # No host path and no file system: Fargate's ephemeral task storage.
            assert set(volumes[tmp["SourceVolume"]]) == {"Name"}


def test_secrets_only_by_value_from():
    for definition_id in task_definitions():
        for name, container in containers(definition_id).items():
            environment = {e["Name"]: e["Value"] for e in container.get("Environment", [])}
            assert not SECRET_NAMES & set(environment), f"{definition_id}/{name} has a secret in clear"
            assert not any("resolve:secretsmanager" in json.dumps(v) for v in environment.values())
            assert not any(re.search(r"PASSWORD|TOKEN|SECRET", n) for n in environment), sorted(environment)
    for definition_id, container_name in (("AppTaskDefinition", "app"), ("MigrateTaskDefinition", "migrate")):
        secrets = {s["Name"]: s["ValueFrom"] for s in containers(definition_id)[container_name]["Secrets"]}
        assert set(secrets) == SECRET_NAMES
        assert secrets["DB_USER"]["Fn::Sub"] == ["${SecretArn}:username::", {"SecretArn": imported("DatabaseSecretArn")}]
        assert secrets["DB_PASSWORD"]["Fn::Sub"] == ["${SecretArn}:password::", {"SecretArn": imported("DatabaseSecretArn")}]
        assert secrets["REDIS_AUTH_TOKEN"] == imported("RedisAuthTokenSecretArn")


def test_logs_go_to_cloudwatch_without_blocking_the_app():
    for definition_id in task_definitions():
        for name, container in containers(definition_id).items():
            log = container["LogConfiguration"]
            assert log["LogDriver"] == "awslogs", name
            options = log["Options"]
            assert options["awslogs-stream-prefix"]
            assert options["mode"] == "non-blocking"
            assert re.fullmatch(r"[0-9]+m", options["max-buffer-size"])
            assert options["awslogs-group"]["Ref"] in APP["Resources"]


def test_log_groups_have_retention_and_the_data_key(environment):
    groups = resources_of_type(APP, "AWS::Logs::LogGroup")
    assert groups
    for group in groups.values():
        assert group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
        assert group["Properties"]["KmsKeyId"] == imported("KmsKeyArn")
    assert int(parameter_value(APP, environment, "app", "LogRetentionDays")) in APP["Parameters"]["LogRetentionDays"]["AllowedValues"]


def test_files_dir_is_efs_through_the_access_point_with_iam_and_tls():
    volumes = {v["Name"]: v for v in props(APP, "AppTaskDefinition")["Volumes"]}
    mounts = {m["ContainerPath"]: m for m in app_container()["MountPoints"]}
    files = volumes[mounts[FILES_DIR]["SourceVolume"]]["EFSVolumeConfiguration"]
    assert mounts[FILES_DIR]["ReadOnly"] is False
    assert files["FilesystemId"] == imported("FileSystemId")
    assert files["TransitEncryption"] == "ENABLED"
    assert files["AuthorizationConfig"] == {"AccessPointId": imported("AccessPointId"), "IAM": "ENABLED"}
    assert "RootDirectory" not in files  # the access point sets it


def test_collector_sidecar_is_pinned_and_not_essential():
    collector = containers("AppTaskDefinition")["otel-collector"]
    assert collector["Essential"] is False
    image = collector["Image"]["Fn::Sub"]
    assert image == "public.ecr.aws/aws-observability/aws-otel-collector:${AdotCollectorVersion}"
    assert re.fullmatch(APP["Parameters"]["AdotCollectorVersion"]["AllowedPattern"], APP["Parameters"]["AdotCollectorVersion"]["Default"])
    assert not collector.get("PortMappings")  # loopback only: nothing outside the task reaches it


def test_migration_task_runs_migrate_without_port_or_sidecar():
    migrate = containers("MigrateTaskDefinition")
    assert list(migrate) == ["migrate"]
    container = migrate["migrate"]
    assert container["Command"] == ["migrate"]
    assert not container.get("PortMappings")
    assert "HealthCheck" not in container
    assert "TaskRoleArn" not in props(APP, "MigrateTaskDefinition")


# ---------------------------------------------------------------- load balancer

def test_target_group_checks_readyz_on_ip_targets():
    tg = only_resource(APP, "AWS::ElasticLoadBalancingV2::TargetGroup")["Properties"]
    assert tg["TargetType"] == "ip"
    assert tg["Protocol"] == "HTTP"
    assert tg["Port"] == 8080
    assert tg["HealthCheckPath"] == "/readyz"
    assert tg["Matcher"] == {"HttpCode": "200"}
    assert tg["HealthCheckTimeoutSeconds"] < tg["HealthCheckIntervalSeconds"]
    attrs = attributes(tg, "TargetGroupAttributes")
    assert attrs["stickiness.enabled"] == "false"
    # Draining fits the app's shutdown budget: ECS signals after it, the app stops within 25 s.
    assert int(attrs["deregistration_delay.timeout_seconds"]) <= 30


def test_a_stopping_task_leaves_the_target_group_fast():
    tg = only_resource(APP, "AWS::ElasticLoadBalancingV2::TargetGroup")["Properties"]
    # The ALB's minimum: a task answering 503 from SIGTERM on is out within 10 s.
    assert tg["HealthCheckIntervalSeconds"] * tg["UnhealthyThresholdCount"] <= 10


def test_only_two_listeners_80_redirects_443_is_tls12_plus():
    listeners = {l["Properties"]["Port"]: l["Properties"] for l in resources_of_type(APP, "AWS::ElasticLoadBalancingV2::Listener").values()}
    assert set(listeners) == {80, 443}
    http = listeners[80]
    assert http["Protocol"] == "HTTP"
    assert len(http["DefaultActions"]) == 1
    redirect = http["DefaultActions"][0]
    assert redirect["Type"] == "redirect"
    assert redirect["RedirectConfig"]["Protocol"] == "HTTPS"
    assert redirect["RedirectConfig"]["StatusCode"] == "HTTP_301"
    https = listeners[443]
    assert https["Protocol"] == "HTTPS"
    assert https["SslPolicy"] in {"ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"}
    assert https["Certificates"] == [{"CertificateArn": {"Ref": "CertificateArn"}}]


def test_https_refuses_by_default_and_forwards_only_with_the_origin_header():
    https = props(APP, "HttpsListener")
    assert https["DefaultActions"] == [{
        "Type": "fixed-response",
        "FixedResponseConfig": {"StatusCode": "403", "ContentType": "text/plain", "MessageBody": "Forbidden"},
    }]
    rules = resources_of_type(APP, "AWS::ElasticLoadBalancingV2::ListenerRule")
    assert list(rules) == ["OriginVerifiedRule"]
    rule = rules["OriginVerifiedRule"]["Properties"]
    assert rule["ListenerArn"] == {"Ref": "HttpsListener"}
    assert rule["Actions"] == [{"Type": "forward", "TargetGroupArn": {"Ref": "TargetGroup"}}]
    assert len(rule["Conditions"]) == 1
    condition = rule["Conditions"][0]
    assert condition["Field"] == "http-header"
    assert condition["HttpHeaderConfig"]["HttpHeaderName"] == "X-Origin-Verify"
    choice, during_rotation, normally = condition["HttpHeaderConfig"]["Values"]["Fn::If"]
    assert choice == "AcceptPrevious"
    assert APP["Parameters"]["AcceptPreviousOriginSecret"]["Default"] == "false"

    def stages(values):
        found = []
        for value in values:
            template, variables = value["Fn::Sub"]
            assert variables == {"OriginSecretArn": imported("OriginSecretArn")}
            match = re.fullmatch(r"\{\{resolve:secretsmanager:\$\{OriginSecretArn\}:SecretString::(AWSCURRENT|AWSPREVIOUS)\}\}", template)
            assert match, template
            found.append(match.group(1))
        return found

    assert stages(normally) == ["AWSCURRENT"]
    assert stages(during_rotation) == ["AWSCURRENT", "AWSPREVIOUS"]


def test_load_balancer_drops_invalid_headers_logs_and_is_protected_in_prod():
    lb = only_resource(APP, "AWS::ElasticLoadBalancingV2::LoadBalancer")["Properties"]
    assert lb["Scheme"] == "internet-facing"
    assert lb["Subnets"]["Fn::Split"][1] == imported("PublicSubnetIds")
    attrs = attributes(lb, "LoadBalancerAttributes")
    assert attrs["routing.http.drop_invalid_header_fields.enabled"] == "true"
    assert attrs["access_logs.s3.enabled"] == "true"
    assert attrs["access_logs.s3.bucket"] == {"Ref": "AccessLogBucket"}
    assert attrs["deletion_protection.enabled"] == {"Fn::If": ["IsProd", "true", "false"]}
    assert APP["Conditions"]["IsProd"] == {"Fn::Equals": [{"Ref": "EnvironmentName"}, "prod"]}


def test_load_balancer_idle_timeout_sits_between_cloudfront_and_the_app():
    """The ALB must wait for an origin as long as CloudFront does, and the app must keep an idle
    connection open longer than the ALB reuses it (or the ALB's request on a connection the app
    has just closed is a 502)."""
    lb = only_resource(APP, "AWS::ElasticLoadBalancingV2::LoadBalancer")["Properties"]
    alb = int(attributes(lb, "LoadBalancerAttributes")["idle_timeout.timeout_seconds"])
    edge = load_template("edge")
    distribution = only_resource(edge, "AWS::CloudFront::Distribution")["Properties"]["DistributionConfig"]
    (origin,) = [o for o in distribution["Origins"] if o["Id"] == "alb"]
    source = (REPO / "Sources/MyCandidateWeb/Configuration/AppConfig.swift").read_text()
    app = int(re.search(r"static let httpIdleTimeout: Duration = \.seconds\((\d+)\)", source).group(1))
    assert origin["CustomOriginConfig"]["OriginReadTimeout"] <= alb < app


def test_access_log_bucket_is_private_encrypted_expiring_and_tls_only():
    bucket = props(APP, "AccessLogBucket")
    (rule,) = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert all(bucket["PublicAccessBlockConfiguration"][k] is True for k in
               ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"))
    assert bucket["VersioningConfiguration"]["Status"] == "Enabled"
    assert any("ExpirationInDays" in r for r in bucket["LifecycleConfiguration"]["Rules"])
    statements = props(APP, "AccessLogBucketPolicy")["PolicyDocument"]["Statement"]
    delivery = [s for s in statements if s["Effect"] == "Allow"]
    assert [s["Principal"] for s in delivery] == [{"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}]
    assert [s["Action"] for s in delivery] == ["s3:PutObject"]
    assert any(s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for s in statements)


# ---------------------------------------------------------------- cluster, service, scaling

def test_cluster_has_container_insights():
    settings = props(APP, "Cluster")["ClusterSettings"]
    assert {"Name": "containerInsights", "Value": "enhanced"} in settings or {"Name": "containerInsights", "Value": "enabled"} in settings


def test_service_deploys_safely_in_private_subnets():
    service = resource(APP, "Service")
    p = service["Properties"]
    assert p["LaunchType"] == "FARGATE"
    assert p["PlatformVersion"] == "LATEST"
    network = p["NetworkConfiguration"]["AwsvpcConfiguration"]
    assert network["AssignPublicIp"] == "DISABLED"
    assert network["Subnets"]["Fn::Split"][1] == imported("PrivateSubnetIds")
    assert network["SecurityGroups"] == [imported("TaskSecurityGroupId")]
    deployment = p["DeploymentConfiguration"]
    assert deployment["MinimumHealthyPercent"] == 100
    assert deployment["MaximumPercent"] == 200
    assert deployment["DeploymentCircuitBreaker"] == {"Enable": True, "Rollback": True}
    assert p["AvailabilityZoneRebalancing"] == "ENABLED"
    assert p["EnableExecuteCommand"] is False
    assert p["LoadBalancers"] == [{"ContainerName": "app", "ContainerPort": 8080, "TargetGroupArn": {"Ref": "TargetGroup"}}]
    assert p["HealthCheckGracePeriodSeconds"] >= 60
    assert {"HttpsListener", "OriginVerifiedRule"} <= set(service["DependsOn"])


@pytest.mark.parametrize("environment, desired, minimum, maximum", [("dev", 1, 1, 2), ("prod", 2, 2, 10)])
def test_scaling_bounds_per_environment(environment, desired, minimum, maximum):
    assert int(parameter_value(APP, environment, "app", "DesiredCount")) == desired
    assert int(parameter_value(APP, environment, "app", "MinCapacity")) == minimum
    assert int(parameter_value(APP, environment, "app", "MaxCapacity")) == maximum
    target = only_resource(APP, "AWS::ApplicationAutoScaling::ScalableTarget")["Properties"]
    assert target["MinCapacity"] == {"Fn::If": ["StartsEmpty", 0, {"Ref": "MinCapacity"}]}
    assert target["MaxCapacity"] == {"Ref": "MaxCapacity"}
    assert target["ScalableDimension"] == "ecs:service:DesiredCount"
    assert "RoleARN" not in target  # the service-linked role


def test_target_tracking_on_cpu_70_and_memory_80(environment):
    policies = resources_of_type(APP, "AWS::ApplicationAutoScaling::ScalingPolicy").values()
    by_metric = {}
    for policy in policies:
        config = policy["Properties"]["TargetTrackingScalingPolicyConfiguration"]
        by_metric[config["PredefinedMetricSpecification"]["PredefinedMetricType"]] = config
        assert config["ScaleOutCooldown"] < config["ScaleInCooldown"]
    assert set(by_metric) == {"ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization"}
    assert by_metric["ECSServiceAverageCPUUtilization"]["TargetValue"] == {"Ref": "CpuTargetPercent"}
    assert by_metric["ECSServiceAverageMemoryUtilization"]["TargetValue"] == {"Ref": "MemoryTargetPercent"}
    assert parameter_value(APP, environment, "app", "CpuTargetPercent") == "70"
    assert parameter_value(APP, environment, "app", "MemoryTargetPercent") == "80"


# ---------------------------------------------------------------- roles

def statements_of(role: dict) -> list:
    return [s for p in role["Properties"]["Policies"] for s in p["PolicyDocument"]["Statement"]]


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def test_roles_are_least_privilege():
    # Actions that have no resource-level permissions, so "*" is their only possible resource.
    unscopable = {"ecr:GetAuthorizationToken", "xray:PutTraceSegments"}
    for template in (APP, ELECTION):
        for name, role in resources_of_type(template, "AWS::IAM::Role").items():
            for statement in statements_of(role):
                assert statement["Effect"] == "Allow"
                actions = as_list(statement["Action"])
                assert all("*" not in a for a in actions), f"{name}: {actions}"
                if "*" in as_list(statement["Resource"]):
                    assert set(actions) <= unscopable, f"{name}: {actions} on *"
    execution = statements_of(resource(APP, "TaskExecutionRole"))
    secrets = [s for s in execution if "secretsmanager:GetSecretValue" in as_list(s["Action"])]
    assert len(secrets) == 2
    injected, admin = sorted(secrets, key=lambda s: s["Sid"] != "ReadInjectedSecrets")
    assert sorted(map(json.dumps, injected["Resource"])) == sorted(
        json.dumps(imported(k)) for k in ("DatabaseSecretArn", "RedisAuthTokenSecretArn"))
    # deploy.sh --add-admin's password secret: this environment's admin-* names only.
    assert admin["Resource"] == {"Fn::Sub": ADMIN_SECRET_PATTERN}
    task = statements_of(resource(APP, "TaskRole"))
    efs = [s for s in task if "elasticfilesystem:ClientMount" in as_list(s["Action"])]
    assert efs[0]["Condition"]["StringEquals"]["elasticfilesystem:AccessPointArn"] == imported("AccessPointArn")
    assert not any(a.startswith("ssmmessages:") for s in task for a in as_list(s["Action"]))


def test_add_admin_accepts_only_secrets_the_execution_role_may_read():
    # deploy.sh checks the ARN against the same prefix, so a secret elsewhere fails up front
    # with a clear message rather than as a task that cannot start.
    script = (AWS / "deploy.sh").read_text()
    prefix = ADMIN_SECRET_PATTERN.rsplit(":", 1)[1].removesuffix("*")
    assert prefix == "${ProjectName}/${EnvironmentName}/admin-"
    assert "secret:$project/$ENVIRONMENT/admin-" in script


def test_execution_and_task_roles_differ():
    p = props(APP, "AppTaskDefinition")
    assert p["ExecutionRoleArn"] == {"Fn::GetAtt": ["TaskExecutionRole", "Arn"]}
    assert p["TaskRoleArn"] == {"Fn::GetAtt": ["TaskRole", "Arn"]}


# ---------------------------------------------------------------- exports and parameters

def test_exports_are_the_contracts():
    assert export_names(APP) == APP_EXPORTS
    assert export_names(REGISTRY) == REGISTRY_EXPORTS
    assert export_names(ELECTION) == set()


@pytest.mark.parametrize("stack, template", [("registry", REGISTRY), ("app", APP), ("election-day-scaling", ELECTION)])
def test_parameter_files_name_only_template_parameters(environment, stack, template):
    values = load_parameters(environment, stack)
    assert values["EnvironmentName"] == environment
    assert set(values) <= set(template["Parameters"])
    for name, spec in template["Parameters"].items():
        if "Default" not in spec and name not in DEPLOY_TIME_PARAMETERS:
            assert name in values, f"{environment}/{stack}.json lacks {name}"
        if name in values and "AllowedValues" in spec:
            assert str(values[name]) in [str(v) for v in spec["AllowedValues"]], name
        if name in values and "AllowedPattern" in spec:
            assert re.fullmatch(spec["AllowedPattern"], str(values[name])), name


# ---------------------------------------------------------------- registry

def test_repository_is_immutable_scanned_encrypted_and_retained():
    repository = resource(REGISTRY, "Repository")
    assert repository["DeletionPolicy"] == "Retain"
    assert repository["UpdateReplacePolicy"] == "Retain"
    p = repository["Properties"]
    assert p["ImageTagMutability"] == "IMMUTABLE"
    assert p["ImageScanningConfiguration"] == {"ScanOnPush": True}
    assert p["EncryptionConfiguration"]["EncryptionType"] == "KMS"


def test_repository_lifecycle_expires_untagged_and_caps_the_rest():
    text = props(REGISTRY, "Repository")["LifecyclePolicy"]["LifecyclePolicyText"]["Fn::Sub"]
    rules = json.loads(text.replace("${UntaggedExpiryDays}", "3").replace("${KeepTaggedImages}", "30"))["rules"]
    by_status = {r["selection"]["tagStatus"]: r for r in rules}
    assert by_status["untagged"]["selection"]["countType"] == "sinceImagePushed"
    assert by_status["any"]["selection"]["countType"] == "imageCountMoreThan"
    assert by_status["any"]["rulePriority"] == max(r["rulePriority"] for r in rules)


# ---------------------------------------------------------------- election day

def test_election_day_schedules_raise_then_restore_the_bounds(environment):
    schedules = resources_of_type(ELECTION, "AWS::Scheduler::Schedule")
    assert set(schedules) == {"ScaleOut", "ScaleIn"}
    bounds = {}
    for name, schedule in schedules.items():
        p = schedule["Properties"]
        assert p["ScheduleExpression"]["Fn::Sub"].startswith("at(")
        assert p["ScheduleExpressionTimezone"] == {"Ref": "Timezone"}
        target = p["Target"]
        assert target["Arn"]["Fn::Sub"].endswith(":scheduler:::aws-sdk:applicationautoscaling:registerScalableTarget")
        text, variables = target["Input"]["Fn::Sub"]
        assert variables == {"Cluster": imported("ClusterName"), "Service": imported("ServiceName")}
        filled = re.sub(r"\$\{(\w+)\}", lambda m: parameter_value(ELECTION, environment, "election-day-scaling", m.group(1))
                        if m.group(1) in ELECTION["Parameters"] else m.group(1), text)
        body = json.loads(filled)
        assert body["ServiceNamespace"] == "ecs"
        assert body["ScalableDimension"] == "ecs:service:DesiredCount"
        assert body["ResourceId"] == "service/Cluster/Service"
        assert body["MinCapacity"] <= body["MaxCapacity"]
        bounds[name] = (body["MinCapacity"], body["MaxCapacity"])
    assert bounds["ScaleOut"][0] > bounds["ScaleIn"][0]
    # Scale-in restores exactly what the app stack of the same environment sets.
    assert bounds["ScaleIn"] == (int(parameter_value(APP, environment, "app", "MinCapacity")),
                                 int(parameter_value(APP, environment, "app", "MaxCapacity")))


# ---------------------------------------------------------------- database password rotation


def test_a_database_password_rotation_restarts_the_service():
    # Tasks read DB_PASSWORD only at start-up; without a restart after RDS's weekly rotation,
    # every new database connection of the running tasks would fail.
    rules = resources_of_type(APP, "AWS::Events::Rule")
    rotation = [r["Properties"] for r in rules.values()
                if r["Properties"].get("EventPattern", {}).get("source") == ["aws.secretsmanager"]]
    assert len(rotation) == 1
    rule = rotation[0]
    pattern = rule["EventPattern"]
    assert pattern["detail-type"] == ["AWS Service Event via CloudTrail"]
    assert pattern["detail"]["eventName"] == ["RotationSucceeded"]
    assert pattern["detail"]["additionalEventData"]["SecretId"] == [imported("DatabaseSecretArn")]
    assert rule.get("State", "ENABLED") == "ENABLED"
    (target,) = rule["Targets"]
    function_id = target["Arn"]["Fn::GetAtt"][0]
    function = props(APP, function_id)
    code = function["Code"]["ZipFile"]
    assert "update_service(" in code and "forceNewDeployment=True" in code
    # The target's input names this stack's cluster and service.
    text, variables = target["Input"]["Fn::Sub"]
    assert "${Cluster}" in text and variables["ServiceName"] == {"Fn::GetAtt": ["Service", "Name"]}
    # EventBridge may invoke it, from this rule only.
    permissions = [p["Properties"] for p in resources_of_type(APP, "AWS::Lambda::Permission").values()
                   if p["Properties"]["FunctionName"] == {"Ref": function_id}]
    assert len(permissions) == 1
    assert permissions[0]["Principal"] == "events.amazonaws.com"
    assert permissions[0]["SourceArn"]["Fn::GetAtt"][0] in rules


def test_the_restart_function_may_only_update_this_service():
    function = props(APP, "RotationRestartFunction")
    role_id = function["Role"]["Fn::GetAtt"][0]
    granted = {}
    for statement in statements_of(resource(APP, role_id)):
        for action in as_list(statement["Action"]):
            granted[action] = statement["Resource"]
    assert granted.pop("ecs:UpdateService") == {"Ref": "Service"}
    assert set(granted) == {"logs:CreateLogStream", "logs:PutLogEvents"}
    assert all(resource_ == {"Fn::GetAtt": ["RotationRestartLogGroup", "Arn"]} for resource_ in granted.values())
