"""Invariants of deploy/aws/observability.yaml: every alarm the architecture asks for, wired to
the topic and to the right resource, the dashboard, tracing and the audit trail."""

import json
import re

import pytest

from conftest import load_parameters, load_template, only_resource, resources_of_type

# (namespace, metric) of each single-metric alarm the architecture asks for, and the import
# naming the resource its dimension points at.
REQUIRED = {
    ("AWS/ECS", "CPUUtilization"): {"ClusterName": "ClusterName", "ServiceName": "ServiceName"},
    ("AWS/ECS", "MemoryUtilization"): {"ClusterName": "ClusterName", "ServiceName": "ServiceName"},
    ("AWS/ApplicationELB", "TargetResponseTime"): {"LoadBalancer": "LoadBalancerFullName", "TargetGroup": "TargetGroupFullName"},
    ("AWS/ApplicationELB", "UnHealthyHostCount"): {"LoadBalancer": "LoadBalancerFullName", "TargetGroup": "TargetGroupFullName"},
    ("AWS/RDS", "CPUUtilization"): {"DBInstanceIdentifier": "DatabaseInstanceId"},
    ("AWS/RDS", "FreeStorageSpace"): {"DBInstanceIdentifier": "DatabaseInstanceId"},
    ("AWS/RDS", "DatabaseConnections"): {"DBInstanceIdentifier": "DatabaseInstanceId"},
    ("AWS/ElastiCache", "EngineCPUUtilization"): {"CacheClusterId": "RedisReplicationGroupId"},
    ("AWS/ElastiCache", "DatabaseMemoryUsagePercentage"): {"CacheClusterId": "RedisReplicationGroupId"},
    ("AWS/ElastiCache", "Evictions"): {"CacheClusterId": "RedisReplicationGroupId"},
}


@pytest.fixture(scope="module")
def template():
    return load_template("observability")


def alarms(template):
    return resources_of_type(template, "AWS::CloudWatch::Alarm")


def imported_key(value):
    """The export key of {"Fn::ImportValue": {"Fn::Sub": "${ProjectName}-${EnvironmentName}-Key"}}."""
    name = value["Fn::ImportValue"]["Fn::Sub"]
    assert name.startswith("${ProjectName}-${EnvironmentName}-"), name
    return name.rsplit("-", 1)[1]


def alarm_for(template, namespace, metric):
    found = [
        a["Properties"] for a in alarms(template).values()
        if a["Properties"].get("Namespace") == namespace and a["Properties"].get("MetricName") == metric
    ]
    assert len(found) == 1, f"expected one alarm on {namespace} {metric}, found {len(found)}"
    return found[0]


def topic_name(template):
    topics = resources_of_type(template, "AWS::SNS::Topic")
    assert len(topics) == 1
    return next(iter(topics))


@pytest.mark.parametrize("namespace,metric", sorted(REQUIRED))
def test_required_alarm_notifies_the_topic_about_the_right_resource(template, namespace, metric):
    alarm = alarm_for(template, namespace, metric)
    assert alarm["AlarmActions"] == [{"Ref": topic_name(template)}]
    assert alarm["TreatMissingData"] in {"breaching", "notBreaching", "ignore", "missing"}
    dimensions = {d["Name"]: d["Value"] for d in alarm["Dimensions"]}
    assert set(dimensions) == set(REQUIRED[(namespace, metric)])
    for name, key in REQUIRED[(namespace, metric)].items():
        value = dimensions[name]
        if name == "CacheClusterId":
            # Redis metrics are per node: the replication group's first node.
            text, variables = value["Fn::Sub"]
            assert text == "${Group}-001"
            assert imported_key(variables["Group"]) == key
        else:
            assert imported_key(value) == key


def test_latency_alarm_is_on_p99(template):
    alarm = alarm_for(template, "AWS/ApplicationELB", "TargetResponseTime")
    assert alarm["ExtendedStatistic"] == "p99"
    assert "Statistic" not in alarm


def test_free_storage_alarm_pages_when_the_database_goes_silent(template):
    alarm = alarm_for(template, "AWS/RDS", "FreeStorageSpace")
    assert alarm["ComparisonOperator"] == "LessThanThreshold"
    assert alarm["TreatMissingData"] == "breaching"
    assert alarm["Threshold"] == {"Ref": "DatabaseFreeStorageThresholdBytes"}


def test_free_storage_threshold_fits_each_environment_s_database(template, environment):
    # Below storage autoscaling's trigger (10 % free), so the alarm means autoscaling did not
    # act; a fixed 10 GiB was half of dev's whole volume.
    threshold = int(load_parameters(environment, "observability").get(
        "DatabaseFreeStorageThresholdBytes", template["Parameters"]["DatabaseFreeStorageThresholdBytes"]["Default"]))
    allocated_gib = int(load_parameters(environment, "data")["DatabaseAllocatedStorage"])
    assert 1024**3 <= threshold < 0.1 * allocated_gib * 1024**3, (environment, threshold, allocated_gib)


def test_5xx_rate_alarm_divides_all_5xx_by_requests_with_fill(template):
    math_alarms = [a["Properties"] for a in alarms(template).values() if "Metrics" in a["Properties"]]
    rate = next(a for a in math_alarms if any(
        m.get("MetricStat", {}).get("Metric", {}).get("MetricName") == "HTTPCode_Target_5XX_Count" for m in a["Metrics"]
    ))
    metrics = {m["MetricStat"]["Metric"]["MetricName"]: m for m in rate["Metrics"] if "MetricStat" in m}
    assert set(metrics) == {"RequestCount", "HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count"}
    for metric in metrics.values():
        assert metric["MetricStat"]["Stat"] == "Sum"
        assert metric["ReturnData"] is False
        dimension = metric["MetricStat"]["Metric"]["Dimensions"][0]
        assert dimension["Name"] == "LoadBalancer" and imported_key(dimension["Value"]) == "LoadBalancerFullName"
    returned = [m for m in rate["Metrics"] if m.get("ReturnData", True)]
    assert len(returned) == 1
    expression = returned[0]["Expression"]
    for metric_name, metric in metrics.items():
        # Every use of a metric is filled: a minute without 5xx reports no datapoint at all.
        uses = len(re.findall(rf"\b{metric['Id']}\b", expression))
        assert uses and uses == expression.count(f"FILL({metric['Id']}, 0)"), metric_name
    numerator, denominator = expression.split("/", 1)
    assert metrics["HTTPCode_Target_5XX_Count"]["Id"] in numerator and metrics["HTTPCode_ELB_5XX_Count"]["Id"] in numerator
    assert metrics["RequestCount"]["Id"] in denominator
    assert rate["AlarmActions"] == [{"Ref": topic_name(template)}]
    assert 0 < rate["Threshold"] <= 10


def test_topic_is_encrypted_and_exported(template):
    topic = only_resource(template, "AWS::SNS::Topic")["Properties"]
    assert topic["KmsMasterKeyId"]
    export = template["Outputs"]["AlarmTopicArn"]
    assert export["Value"] == {"Ref": topic_name(template)}
    assert export["Export"]["Name"] == {"Fn::Sub": "${ProjectName}-${EnvironmentName}-AlarmTopicArn"}


def test_key_lets_cloudwatch_publish_and_cloudtrail_encrypt(template):
    key = only_resource(template, "AWS::KMS::Key")["Properties"]
    assert key["EnableKeyRotation"] is True
    services = {
        s["Principal"]["Service"] for s in key["KeyPolicy"]["Statement"] if "Service" in s.get("Principal", {})
        and isinstance(s["Principal"]["Service"], str)
    }
    assert {"cloudwatch.amazonaws.com", "cloudtrail.amazonaws.com"} <= services


def test_dashboard_shows_every_alarmed_metric(template):
    text, variables = only_resource(template, "AWS::CloudWatch::Dashboard")["Properties"]["DashboardBody"]["Fn::Sub"]
    body = json.loads(re.sub(r"\$\{[^}]+\}", "x", text))
    charted = {
        (row[0], row[1])
        for widget in body["widgets"] if widget["type"] == "metric"
        for row in widget["properties"]["metrics"] if isinstance(row[0], str)
    }
    assert set(REQUIRED) | {
        ("AWS/ApplicationELB", "RequestCount"),
        ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
        ("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count"),
    } <= charted
    # The app's own EMF metrics, under the namespace the README names.
    assert ("MyCandidate", "database_up") in charted
    assert {imported_key(v) for k, v in variables.items() if k != "RedisNode"} == {
        "ClusterName", "ServiceName", "LoadBalancerFullName", "TargetGroupFullName", "DatabaseInstanceId",
    }


def test_sampling_rule_matches_the_apps_ratio(template):
    rule = only_resource(template, "AWS::XRay::SamplingRule")["Properties"]["SamplingRule"]
    # OTEL_TRACES_SAMPLER_ARG=0.05 and OTEL_SERVICE_NAME=mycandidate in the task definition.
    assert rule["FixedRate"] == 0.05
    assert rule["ReservoirSize"] == 1
    assert rule["ServiceName"] == "mycandidate"


def test_trail_is_multi_region_validated_and_encrypted(template):
    trail = only_resource(template, "AWS::CloudTrail::Trail")["Properties"]
    assert trail["IsMultiRegionTrail"] is True
    assert trail["EnableLogFileValidation"] is True
    assert trail["IsLogging"] is True
    assert trail["IncludeGlobalServiceEvents"] is True
    assert trail["KMSKeyId"] == {"Fn::GetAtt": ["OpsKey", "Arn"]}
    assert trail["S3BucketName"] == {"Ref": "TrailBucket"}


def test_trail_bucket_only_takes_this_trail(template):
    bucket = template["Resources"]["TrailBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values()) and len(bucket["PublicAccessBlockConfiguration"]) == 4
    assert bucket["VersioningConfiguration"]["Status"] == "Enabled"
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert bucket["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] == {"Ref": "AuditLogRetentionDays"}
    trail_name = only_resource(template, "AWS::CloudTrail::Trail")["Properties"]["TrailName"]["Fn::Sub"]
    statements = only_resource(template, "AWS::S3::BucketPolicy")["Properties"]["PolicyDocument"]["Statement"]
    for statement in (s for s in statements if s["Effect"] == "Allow"):
        assert statement["Principal"] == {"Service": "cloudtrail.amazonaws.com"}
        source = statement["Condition"]["StringEquals"]["aws:SourceArn"]["Fn::Sub"]
        assert source.endswith(f":trail/{trail_name}")
    assert any(s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for s in statements)


def test_parameter_files(environment, template):
    parameters = load_parameters(environment, "observability")
    assert set(parameters) <= set(template["Parameters"])
    assert parameters["EnvironmentName"] == environment
    if environment == "prod":
        assert parameters["AlarmEmail"], "prod alarms must reach someone"
