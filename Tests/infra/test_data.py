"""Invariants of deploy/aws/data.yaml: PostgreSQL Multi-AZ in prod with forced TLS, 7-day
point-in-time backups and a snapshot on delete; encryption with the customer-managed key
everywhere (database, Performance Insights, Redis at rest and in transit, EFS, secrets, logs);
Redis AUTH from a generated secret; EFS only through the access point over TLS; and the
contract's exports. Conditions are evaluated with each environment's parameter file."""

import re

import pytest

from conftest import load_parameters, load_template
from deployment import StackDeployment, stack_parameter_values

TEMPLATE = load_template("data")
PARAMETERS = TEMPLATE["Parameters"]
KEY_ARN = {"Fn::GetAtt": ["Key", "Arn"]}


# ---------------------------------------------------------------- evaluating the template


def parameter_values(environment: str, **overrides) -> dict:
    return stack_parameter_values(TEMPLATE, "data", environment, **overrides)


def Deployment(environment: str, **overrides) -> StackDeployment:
    return StackDeployment("data", environment, **overrides)


def truthy(value) -> bool:
    """CloudFormation booleans may arrive as strings from parameters."""
    assert value in (True, False, "true", "false"), value
    return value in (True, "true")


def imported(key: str) -> dict:
    return {"Fn::ImportValue": {"Fn::Sub": f"${{ProjectName}}-${{EnvironmentName}}-{key}"}}


# ---------------------------------------------------------------- PostgreSQL


def test_database_is_encrypted_private_and_current(environment):
    database = Deployment(environment).properties("Database")
    assert database["Engine"] == "postgres"
    assert int(database["EngineVersion"].split(".")[0]) >= 16
    assert database["StorageEncrypted"] is True
    assert database["KmsKeyId"] == KEY_ARN
    assert database["PubliclyAccessible"] is False
    assert database["AutoMinorVersionUpgrade"] is True
    assert database["DBSubnetGroupName"] == {"Ref": "DatabaseSubnetGroup"}
    assert database["VPCSecurityGroups"] == [imported("DatabaseSecurityGroupId")]


@pytest.mark.parametrize("environment_name, multi_az, protected", [("dev", False, False), ("prod", True, True)])
def test_database_multi_az_and_deletion_protection_per_environment(environment_name, multi_az, protected):
    database = Deployment(environment_name).properties("Database")
    assert truthy(database["MultiAZ"]) is multi_az
    assert database["DeletionProtection"] is protected


def test_prod_parameters_keep_the_architectures_sizes():
    prod = parameter_values("prod")
    assert prod["DatabaseInstanceClass"] == "db.t3.medium"
    assert int(prod["DatabaseAllocatedStorage"]) == 100
    assert int(prod["DatabaseMaxAllocatedStorage"]) > 100
    assert prod["RedisNodeType"] == "cache.t3.micro"
    assert prod["DatabaseMultiAz"] == "true" and prod["EnableRedisReplica"] == "true"


def test_a_rule_refuses_prod_without_multi_az():
    rule = TEMPLATE["Rules"]["ProdDatabaseIsMultiAz"]
    assert rule["RuleCondition"] == {"Fn::Equals": [{"Ref": "EnvironmentName"}, "prod"]}
    assert rule["Assertions"][0]["Assert"] == {"Fn::Equals": [{"Ref": "DatabaseMultiAz"}, "true"]}


def test_database_storage_autoscales(environment):
    database = Deployment(environment).properties("Database")
    assert int(database["MaxAllocatedStorage"]) > int(database["AllocatedStorage"]) >= 20
    assert database["StorageType"] in {"gp2", "gp3"}


def test_backups_seven_days_and_snapshot_on_delete():
    resource = TEMPLATE["Resources"]["Database"]
    assert resource["DeletionPolicy"] == "Snapshot"
    assert resource["UpdateReplacePolicy"] == "Snapshot"
    assert resource["Properties"]["BackupRetentionPeriod"] == 7
    assert resource["Properties"]["DeleteAutomatedBackups"] is False


def test_credentials_are_managed_by_rds_in_secrets_manager_with_the_cmk():
    database = TEMPLATE["Resources"]["Database"]["Properties"]
    assert database["ManageMasterUserPassword"] is True
    assert database["MasterUserSecret"] == {"KmsKeyId": KEY_ARN}
    assert "MasterUserPassword" not in database


def test_parameter_group_forces_tls_for_the_engines_major():
    group = TEMPLATE["Resources"]["DatabaseParameterGroup"]["Properties"]
    assert str(group["Parameters"]["rds.force_ssl"]) == "1"
    assert TEMPLATE["Resources"]["Database"]["Properties"]["DBParameterGroupName"] == {
        "Ref": "DatabaseParameterGroup"
    }
    # The family is "postgres" + the major of DatabaseEngineVersion.
    assert group["Family"] == {"Fn::Join": ["", ["postgres", {"Fn::Select": [
        0, {"Fn::Split": [".", {"Ref": "DatabaseEngineVersion"}]}]}]]}


def test_monitoring_insights_and_log_exports():
    database = TEMPLATE["Resources"]["Database"]["Properties"]
    assert database["EnablePerformanceInsights"] is True
    assert database["PerformanceInsightsKMSKeyId"] == KEY_ARN
    assert database["MonitoringInterval"] in (1, 5, 10, 15, 30, 60)
    assert database["MonitoringRoleArn"] == {"Fn::GetAtt": ["DatabaseMonitoringRole", "Arn"]}
    assert "postgresql" in database["EnableCloudwatchLogsExports"]
    role = TEMPLATE["Resources"]["DatabaseMonitoringRole"]["Properties"]
    principal = role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]
    assert principal == {"Service": "monitoring.rds.amazonaws.com"}


def test_database_log_groups_exist_before_the_instance_with_its_identifier():
    resource = TEMPLATE["Resources"]["Database"]
    identifier = resource["Properties"]["DBInstanceIdentifier"]["Fn::Sub"]
    for group in resource["DependsOn"]:
        name = TEMPLATE["Resources"][group]["Properties"]["LogGroupName"]["Fn::Sub"]
        assert name.startswith(f"/aws/rds/instance/{identifier}/")
    exported = {
        TEMPLATE["Resources"][group]["Properties"]["LogGroupName"]["Fn::Sub"].rsplit("/", 1)[1]
        for group in resource["DependsOn"]
    }
    assert exported == set(resource["Properties"]["EnableCloudwatchLogsExports"])


@pytest.mark.parametrize("environment_name", ["dev", "prod"])
def test_replica_and_proxy_are_off_unless_asked(environment_name):
    deployment = Deployment(environment_name)
    assert "DatabaseReplica" not in deployment.resources
    assert not deployment.of_type("AWS::RDS::DBProxy")
    database_endpoint = deployment.outputs["DatabaseEndpoint"]["Value"]
    assert database_endpoint == {"Fn::GetAtt": ["Database", "Endpoint.Address"]}


def test_read_replica_when_asked():
    deployment = Deployment("prod", EnableReadReplica="true")
    replica = deployment.properties("DatabaseReplica")
    assert replica["SourceDBInstanceIdentifier"] == {"Ref": "Database"}
    assert replica["PubliclyAccessible"] is False
    assert replica["VPCSecurityGroups"] == [imported("DatabaseSecurityGroupId")]
    assert replica["PerformanceInsightsKMSKeyId"] == KEY_ARN


def test_rds_proxy_when_asked_requires_tls_and_uses_the_managed_secret():
    deployment = Deployment("prod", EnableRdsProxy="true")
    proxy = deployment.properties("Proxy")
    assert proxy["EngineFamily"] == "POSTGRESQL"
    assert proxy["RequireTLS"] is True
    auth, = proxy["Auth"]
    assert auth["AuthScheme"] == "SECRETS"
    assert auth["SecretArn"] == {"Fn::GetAtt": ["Database", "MasterUserSecret.SecretArn"]}
    assert proxy["RoleArn"] == {"Fn::GetAtt": ["ProxyRole", "Arn"]}
    assert proxy["VpcSecurityGroupIds"] == [imported("RdsProxySecurityGroupId")]
    target = deployment.properties("ProxyTargetGroup")
    assert target["DBInstanceIdentifiers"] == [{"Ref": "Database"}]
    statements = deployment.properties("ProxyRole")["Policies"][0]["PolicyDocument"]["Statement"]
    assert {s["Action"] for s in statements} == {"secretsmanager:GetSecretValue", "kms:Decrypt"}
    for statement in statements:
        assert statement["Resource"] != "*"
    assert deployment.outputs["DatabaseEndpoint"]["Value"] == {"Fn::GetAtt": ["Proxy", "Endpoint"]}


# ---------------------------------------------------------------- Redis


def test_redis_encrypted_at_rest_and_in_transit_with_auth():
    redis = TEMPLATE["Resources"]["RedisReplicationGroup"]["Properties"]
    assert redis["Engine"] == "redis"
    assert redis["AtRestEncryptionEnabled"] is True
    assert redis["KmsKeyId"] == KEY_ARN
    assert redis["TransitEncryptionEnabled"] is True
    assert redis.get("TransitEncryptionMode", "required") == "required"
    assert redis["AuthToken"] == {"Fn::Sub": "{{resolve:secretsmanager:${RedisAuthTokenSecret}}}"}
    assert redis["SecurityGroupIds"] == [imported("RedisSecurityGroupId")]
    assert redis["CacheSubnetGroupName"] == {"Ref": "RedisSubnetGroup"}


def test_redis_engine_is_7(environment):
    redis = Deployment(environment).properties("RedisReplicationGroup")
    assert redis["EngineVersion"].startswith("7.")


def test_redis_daily_snapshots():
    redis = TEMPLATE["Resources"]["RedisReplicationGroup"]["Properties"]
    assert redis["SnapshotRetentionLimit"] >= 1
    assert re.fullmatch(r"\d\d:\d\d-\d\d:\d\d", redis["SnapshotWindow"])


@pytest.mark.parametrize("environment_name, nodes", [("dev", 1), ("prod", 2)])
def test_redis_replica_with_multi_az_failover_per_environment(environment_name, nodes):
    redis = Deployment(environment_name).properties("RedisReplicationGroup")
    assert redis["NumCacheClusters"] == nodes
    assert redis["AutomaticFailoverEnabled"] is (nodes > 1)
    assert redis["MultiAZEnabled"] is (nodes > 1)


def test_redis_auth_token_is_a_bare_generated_string_redis_accepts():
    secret = TEMPLATE["Resources"]["RedisAuthTokenSecret"]["Properties"]
    generate = secret["GenerateSecretString"]
    assert "SecretStringTemplate" not in generate and "SecretString" not in secret
    assert 16 <= generate["PasswordLength"] <= 128
    # ElastiCache forbids spaces and every punctuation character except ! & # $ ^ < > -.
    forbidden = set("\"%'()*+,./:;=?@[\\]_`{|}~ ")
    excluded = set(generate.get("ExcludeCharacters", ""))
    assert generate.get("ExcludePunctuation") is True or forbidden <= excluded
    assert generate.get("IncludeSpace", False) is False


# ---------------------------------------------------------------- EFS


def test_file_system_encrypted_general_purpose_bursting_backed_up():
    resource = TEMPLATE["Resources"]["FileSystem"]
    fs = resource["Properties"]
    assert fs["Encrypted"] is True
    assert fs["KmsKeyId"] == KEY_ARN
    assert fs["PerformanceMode"] == "generalPurpose"
    assert fs["ThroughputMode"] == "bursting"
    assert fs["BackupPolicy"] == {"Status": "ENABLED"}
    assert resource["DeletionPolicy"] == "Retain"


def test_mount_target_per_private_subnet_with_the_efs_group():
    targets = [
        r["Properties"] for r in TEMPLATE["Resources"].values() if r["Type"] == "AWS::EFS::MountTarget"
    ]
    assert sorted(t["SubnetId"]["Fn::Select"][0] for t in targets) == [0, 1, 2]
    for target in targets:
        assert target["SubnetId"]["Fn::Select"][1] == {
            "Fn::Split": [",", imported("PrivateSubnetIds")]
        }
        assert target["SecurityGroups"] == [imported("EfsSecurityGroupId")]
        assert target["FileSystemId"] == {"Ref": "FileSystem"}


def test_access_point_pins_the_app_user_and_directory():
    point = TEMPLATE["Resources"]["AccessPoint"]["Properties"]
    assert point["PosixUser"] == {"Uid": "10001", "Gid": "10001"}
    assert point["RootDirectory"] == {
        "Path": "/mycandidate/files",
        "CreationInfo": {"OwnerUid": "10001", "OwnerGid": "10001", "Permissions": "0750"},
    }


def test_file_system_policy_requires_tls_iam_and_the_access_point():
    statements = TEMPLATE["Resources"]["FileSystem"]["Properties"]["FileSystemPolicy"]["Statement"]
    denies = [s for s in statements if s["Effect"] == "Deny"]
    allows = [s for s in statements if s["Effect"] == "Allow"]
    assert any(
        s["Action"] == "*" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        for s in denies
    )
    assert any(
        "elasticfilesystem:ClientMount" in s["Action"]
        and s["Condition"] == {"Null": {"elasticfilesystem:AccessPointArn": "true"}}
        for s in denies
    )
    assert allows, "without an Allow for IAM principals nobody could mount"
    for allow in allows:
        assert allow["Principal"] != "*" and allow["Principal"].get("AWS") != "*"
        assert "elasticfilesystem:ClientRootAccess" not in allow["Action"]
        assert allow["Condition"] == {"Bool": {"elasticfilesystem:AccessedViaMountTarget": "true"}}


# ---------------------------------------------------------------- keys, secrets, logs


def test_key_rotates_is_retained_and_policy_has_no_open_principal():
    resource = TEMPLATE["Resources"]["Key"]
    assert resource["Properties"]["EnableKeyRotation"] is True
    assert resource["DeletionPolicy"] == "Retain"
    statements = resource["Properties"]["KeyPolicy"]["Statement"]
    for statement in statements:
        assert statement["Effect"] == "Allow"
        assert statement["Principal"] != "*" and statement["Principal"].get("AWS") != "*"


def test_key_use_by_the_account_goes_through_the_data_services_only():
    statements = TEMPLATE["Resources"]["Key"]["Properties"]["KeyPolicy"]["Statement"]
    usage = {"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:CreateGrant"}
    services = set()
    for statement in statements:
        actions = set([statement["Action"]] if isinstance(statement["Action"], str) else statement["Action"])
        if "AWS" not in statement["Principal"]:
            continue
        assert "kms:*" not in actions, statement["Sid"]
        if actions & usage:
            via = statement["Condition"]["StringEquals"]["kms:ViaService"]
            services |= {v["Fn::Sub"].split(".")[0] for v in via}
    assert services == {"rds", "elasticache", "elasticfilesystem", "secretsmanager", "backup"}
    logs = [s for s in statements if s["Principal"].get("Service", {}) == {
        "Fn::Sub": "logs.${AWS::Region}.amazonaws.com"}]
    assert logs and "ArnLike" in logs[0]["Condition"]


def test_every_secret_is_encrypted_with_the_cmk_and_there_is_no_session_secret():
    secrets = {
        name: r["Properties"]
        for name, r in TEMPLATE["Resources"].items() if r["Type"] == "AWS::SecretsManager::Secret"
    }
    assert set(secrets) == {"RedisAuthTokenSecret", "OriginSecret"}
    for name, secret in secrets.items():
        assert secret["KmsKeyId"] == KEY_ARN, name
        assert "session" not in str(secret.get("Name", "")).lower()


def test_origin_secret_is_a_bare_generated_value():
    generate = TEMPLATE["Resources"]["OriginSecret"]["Properties"]["GenerateSecretString"]
    assert "SecretStringTemplate" not in generate
    assert generate["PasswordLength"] >= 32
    assert generate["ExcludePunctuation"] is True


def test_every_log_group_is_encrypted_and_expires():
    groups = [r["Properties"] for r in TEMPLATE["Resources"].values() if r["Type"] == "AWS::Logs::LogGroup"]
    assert len(groups) >= 3
    for group in groups:
        assert group["KmsKeyId"] == KEY_ARN
        assert group["RetentionInDays"] == {"Ref": "LogRetentionDays"}


def test_stateful_resources_say_what_happens_on_delete():
    for name, resource in TEMPLATE["Resources"].items():
        if resource["Type"] in {"AWS::RDS::DBInstance", "AWS::ElastiCache::ReplicationGroup",
                                "AWS::EFS::FileSystem", "AWS::KMS::Key", "AWS::SecretsManager::Secret"}:
            assert resource.get("DeletionPolicy") and resource.get("UpdateReplacePolicy"), name


# ---------------------------------------------------------------- exports and parameters

EXPORTS = {
    "KmsKeyArn", "DatabaseEndpoint", "DatabasePort", "DatabaseName", "DatabaseSecretArn",
    "DatabaseInstanceId", "RedisPrimaryEndpoint", "RedisPort", "RedisAuthTokenSecretArn",
    "RedisReplicationGroupId", "FileSystemId", "FileSystemArn", "AccessPointId", "AccessPointArn",
    "OriginSecretArn",
}


def test_exports_are_the_contracts_names(environment):
    outputs = Deployment(environment).outputs
    assert set(outputs) == EXPORTS
    for key, output in outputs.items():
        assert output["Export"]["Name"] == {"Fn::Sub": f"${{ProjectName}}-${{EnvironmentName}}-{key}"}
    assert outputs["DatabaseSecretArn"]["Value"] == {
        "Fn::GetAtt": ["Database", "MasterUserSecret.SecretArn"]
    }
    assert outputs["DatabaseName"]["Value"] == TEMPLATE["Resources"]["Database"]["Properties"]["DBName"]


def test_parameter_files_name_only_known_parameters_with_allowed_values(environment):
    given = load_parameters(environment, "data")
    assert set(given) <= set(PARAMETERS)
    assert given["EnvironmentName"] == environment
    for name, value in given.items():
        spec = PARAMETERS[name]
        if "AllowedValues" in spec:
            assert value in [str(a) for a in spec["AllowedValues"]], name
        if "AllowedPattern" in spec:
            assert re.fullmatch(spec["AllowedPattern"], value), name
        if "MinValue" in spec:
            assert spec["MinValue"] <= int(value) <= spec["MaxValue"], name


def test_dev_is_the_cheap_shape():
    dev = parameter_values("dev")
    assert dev["DatabaseMultiAz"] == "false"
    assert dev["EnableReadReplica"] == "false"
    assert dev["EnableRdsProxy"] == "false"
    assert dev["EnableRedisReplica"] == "false"
