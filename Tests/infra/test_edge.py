"""Invariants of deploy/aws/edge.yaml: the web ACL in front of CloudFront, how each path is
cached and where it goes, TLS, and the DNS names."""

import pytest

from conftest import load_parameters, load_template, only_resource, resources_of_type

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
CLOUDFRONT_ALIAS_ZONE = "Z2FDTNDATAQYW2"
ONE_YEAR = 31536000
MANAGED_GROUPS = {
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesSQLiRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
}


@pytest.fixture(scope="module")
def template():
    return load_template("edge")


def resource_named(template, ref):
    """The resource a {"Ref": name} or {"Fn::GetAtt": [name, ...]} points at."""
    if "Ref" in ref:
        return template["Resources"][ref["Ref"]]
    return template["Resources"][ref["Fn::GetAtt"][0]]


def config(template):
    return only_resource(template, "AWS::CloudFront::Distribution")["Properties"]["DistributionConfig"]


def behaviour(template, pattern):
    found = [b for b in config(template)["CacheBehaviors"] if b["PathPattern"] == pattern]
    assert len(found) == 1, f"expected one behaviour for {pattern}"
    return found[0]


def every_behaviour(template):
    return [config(template)["DefaultCacheBehavior"], *config(template)["CacheBehaviors"]]


def origin(template, origin_id):
    found = [o for o in config(template)["Origins"] if o["Id"] == origin_id]
    assert len(found) == 1
    return found[0]


def cache_policy(template, behaviour_config):
    return resource_named(template, behaviour_config["CachePolicyId"])["Properties"]["CachePolicyConfig"]


# ---------------------------------------------------------------- WAF

def test_web_acl_is_for_cloudfront_and_attached(template):
    acl = only_resource(template, "AWS::WAFv2::WebACL")["Properties"]
    assert acl["Scope"] == "CLOUDFRONT"
    assert acl["DefaultAction"] == {"Allow": {}}
    assert config(template)["WebACLId"] == {"Fn::GetAtt": ["WebAcl", "Arn"]}


def test_the_four_managed_groups_block(template):
    rules = only_resource(template, "AWS::WAFv2::WebACL")["Properties"]["Rules"]
    groups = {
        r["Statement"]["ManagedRuleGroupStatement"]["Name"]: r
        for r in rules
        if "ManagedRuleGroupStatement" in r["Statement"]
    }
    assert set(groups) == MANAGED_GROUPS
    for name, rule in groups.items():
        assert rule["Statement"]["ManagedRuleGroupStatement"]["VendorName"] == "AWS"
        # Count here would turn a whole group into monitoring only.
        assert rule["OverrideAction"] == {"None": {}}, name


def test_only_body_rules_count_and_they_still_block_outside_admin(template):
    rules = only_resource(template, "AWS::WAFv2::WebACL")["Properties"]["Rules"]
    counted = [
        override["Name"]
        for r in rules
        if "ManagedRuleGroupStatement" in r["Statement"]
        for override in r["Statement"]["ManagedRuleGroupStatement"].get("RuleActionOverrides", [])
    ]
    assert counted and all(name.endswith("_BODY") for name in counted)
    relabel = next(r for r in rules if r["Name"] == "BlockBodyRulesOutsideAdmin")
    assert relabel["Action"] == {"Block": {}}
    statements = relabel["Statement"]["AndStatement"]["Statements"]
    labels = {s["LabelMatchStatement"]["Key"].rsplit(":", 1)[1].upper() for s in statements[0]["OrStatement"]["Statements"]}
    assert labels == {name.upper() for name in counted}
    exempt = statements[1]["NotStatement"]["Statement"]["ByteMatchStatement"]
    assert exempt["SearchString"] == "/admin/" and exempt["PositionalConstraint"] == "STARTS_WITH"
    labelling = [
        r["Priority"] for r in rules
        if r["Statement"].get("ManagedRuleGroupStatement", {}).get("RuleActionOverrides")
    ]
    assert relabel["Priority"] > max(labelling), "labels only exist after the groups ran"


def test_rate_rules_block_per_ip_with_sane_limits(template):
    acl = only_resource(template, "AWS::WAFv2::WebACL")["Properties"]
    rate_rules = [r for r in acl["Rules"] if "RateBasedStatement" in r["Statement"]]
    assert len(rate_rules) >= 1
    parameters = template["Parameters"]
    for rule in rate_rules:
        statement = rule["Statement"]["RateBasedStatement"]
        assert statement["AggregateKeyType"] == "IP"
        assert rule["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 429
        limit = parameters[statement["Limit"]["Ref"]]
        window_minutes = statement.get("EvaluationWindowSec", 300) / 60
        # Carrier NAT puts many voters on one address: at least 10 requests a second.
        assert int(limit["Default"]) / window_minutes >= 600
    scoped = [r for r in rate_rules if "ScopeDownStatement" in r["Statement"]["RateBasedStatement"]]
    assert scoped, "a tighter limit on /api/ and /admin"
    paths = {
        s["ByteMatchStatement"]["SearchString"]
        for s in scoped[0]["Statement"]["RateBasedStatement"]["ScopeDownStatement"]["OrStatement"]["Statements"]
    }
    assert paths == {"/api/", "/admin"}


def test_every_rule_and_the_acl_have_metrics_and_samples(template):
    acl = only_resource(template, "AWS::WAFv2::WebACL")["Properties"]
    for visibility in [acl["VisibilityConfig"], *(r["VisibilityConfig"] for r in acl["Rules"])]:
        assert visibility["CloudWatchMetricsEnabled"] is True
        assert visibility["SampledRequestsEnabled"] is True


def test_waf_logs_go_to_an_aws_waf_logs_group_without_cookies(template):
    logging = only_resource(template, "AWS::WAFv2::LoggingConfiguration")["Properties"]
    group = only_resource(template, "AWS::Logs::LogGroup")["Properties"]
    assert group["LogGroupName"]["Fn::Sub"].startswith("aws-waf-logs-")
    assert "RetentionInDays" in group and "KmsKeyId" in group
    assert "${WafLogGroup}" in logging["LogDestinationConfigs"][0]["Fn::Sub"]
    redacted = {field["SingleHeader"]["Name"].lower() for field in logging["RedactedFields"]}
    assert redacted == {"cookie", "authorization"}


# ---------------------------------------------------------------- TLS and protocol

def test_viewer_tls_and_protocols(template):
    distribution = config(template)
    assert distribution["ViewerCertificate"]["MinimumProtocolVersion"] == "TLSv1.2_2021"
    assert distribution["ViewerCertificate"]["SslSupportMethod"] == "sni-only"
    assert distribution["ViewerCertificate"]["AcmCertificateArn"] == {"Ref": "Certificate"}
    assert distribution["HttpVersion"] == "http2and3"
    assert distribution["IPV6Enabled"] is True
    assert distribution["Aliases"] == [{"Ref": "DomainName"}]
    assert all(b["ViewerProtocolPolicy"] in ("redirect-to-https", "https-only") for b in every_behaviour(template))
    assert all(b["Compress"] is True for b in every_behaviour(template))


def test_certificate_is_dns_validated_in_the_zone(template):
    certificate = only_resource(template, "AWS::CertificateManager::Certificate")["Properties"]
    assert certificate["ValidationMethod"] == "DNS"
    assert certificate["DomainValidationOptions"] == [{"DomainName": {"Ref": "DomainName"}, "HostedZoneId": {"Ref": "HostedZoneId"}}]


# ---------------------------------------------------------------- origins

def test_alb_origin_is_https_only_with_the_secret_header(template):
    alb = origin(template, "alb")
    assert alb["DomainName"] == {"Ref": "LoadBalancerDnsName"}
    custom = alb["CustomOriginConfig"]
    assert custom["OriginProtocolPolicy"] == "https-only"
    assert custom["OriginSSLProtocols"] == ["TLSv1.2"]
    assert 30 <= custom["OriginReadTimeout"] <= 60
    assert alb["OriginCustomHeaders"] == [{"HeaderName": "X-Origin-Verify", "HeaderValue": {"Ref": "OriginSecret"}}]
    assert template["Parameters"]["OriginSecret"]["NoEcho"] is True


def test_the_alb_requires_the_header_name_cloudfront_sends(template):
    # Two constants in two stacks: if they drift, the ALB answers every request with 403.
    sent = {h["HeaderName"] for h in origin(template, "alb")["OriginCustomHeaders"]}
    app = load_template("app")
    required = {
        c["HttpHeaderConfig"]["HttpHeaderName"]
        for rule in resources_of_type(app, "AWS::ElasticLoadBalancingV2::ListenerRule").values()
        for c in rule["Properties"]["Conditions"] if c["Field"] == "http-header"
    }
    assert required and required == sent


def test_static_origin_uses_origin_access_control(template):
    static = origin(template, "static")
    assert static["S3OriginConfig"] == {"OriginAccessIdentity": ""}, "no legacy OAI"
    oac = resource_named(template, static["OriginAccessControlId"])
    assert oac["Type"] == "AWS::CloudFront::OriginAccessControl"
    settings = oac["Properties"]["OriginAccessControlConfig"]
    assert (settings["OriginAccessControlOriginType"], settings["SigningBehavior"], settings["SigningProtocol"]) == ("s3", "always", "sigv4")
    assert static["DomainName"] == {"Fn::GetAtt": ["StaticBucket", "RegionalDomainName"]}


def test_static_bucket_is_private_encrypted_versioned_and_read_only_by_this_distribution(template):
    bucket = template["Resources"]["StaticBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert len(bucket["PublicAccessBlockConfiguration"]) == 4
    assert bucket["VersioningConfiguration"]["Status"] == "Enabled"
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]["SSEAlgorithm"]
    statements = only_resource(template, "AWS::S3::BucketPolicy")["Properties"]["PolicyDocument"]["Statement"]
    allows = [s for s in statements if s["Effect"] == "Allow"]
    assert len(allows) == 1
    assert allows[0]["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert allows[0]["Action"] == "s3:GetObject"
    source = allows[0]["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Sub"]
    assert source.endswith(":distribution/${Distribution}")
    denies = [s for s in statements if s["Effect"] == "Deny"]
    assert any(s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}} for s in denies)


# ---------------------------------------------------------------- behaviours

def test_default_behaviour_goes_to_the_app_and_honours_its_cache_control(template):
    default = config(template)["DefaultCacheBehavior"]
    assert default["TargetOriginId"] == "alb"
    policy = cache_policy(template, default)
    assert (policy["MinTTL"], policy["DefaultTTL"], policy["MaxTTL"]) == (0, 0, ONE_YEAR)
    key = policy["ParametersInCacheKeyAndForwardedToOrigin"]
    assert key["QueryStringsConfig"]["QueryStringBehavior"] == "all", "/search?q= and ?lang= differ"
    assert key["CookiesConfig"]["CookieBehavior"] == "none"
    # Pages vary by Accept-Language, which CloudFront only respects in the key.
    assert key["HeadersConfig"]["Headers"] == ["Accept-Language"]
    assert "POST" not in default["AllowedMethods"]


def test_app_receives_the_viewer_address_and_host(template):
    for b in every_behaviour(template):
        if b["TargetOriginId"] != "alb":
            continue
        policy = resource_named(template, b["OriginRequestPolicyId"])["Properties"]["OriginRequestPolicyConfig"]
        assert policy["HeadersConfig"]["HeaderBehavior"] == "allViewerAndWhitelistCloudFront"
        assert "CloudFront-Viewer-Address" in policy["HeadersConfig"]["Headers"]
        assert policy["CookiesConfig"]["CookieBehavior"] == "all"
        assert policy["QueryStringsConfig"]["QueryStringBehavior"] == "all"


def test_admin_is_never_cached_and_accepts_forms(template):
    admin = behaviour(template, "/admin*")
    assert admin["TargetOriginId"] == "alb"
    assert admin["CachePolicyId"] == CACHING_DISABLED
    assert {"GET", "HEAD", "POST"} <= set(admin["AllowedMethods"])


def test_api_honours_origin_cache_control_per_query(template):
    api = behaviour(template, "/api/*")
    assert api["TargetOriginId"] == "alb"
    policy = cache_policy(template, api)
    assert (policy["MinTTL"], policy["DefaultTTL"]) == (0, 0)
    assert policy["ParametersInCacheKeyAndForwardedToOrigin"]["QueryStringsConfig"]["QueryStringBehavior"] == "all"
    assert api["CachedMethods"] == ["GET", "HEAD"]


def test_static_files_come_from_s3_for_a_year_but_the_stylesheet_from_the_app(template):
    patterns = [b["PathPattern"] for b in config(template)["CacheBehaviors"]]
    static = behaviour(template, "/static/*")
    assert static["TargetOriginId"] == "static"
    policy = cache_policy(template, static)
    assert policy["DefaultTTL"] == ONE_YEAR and policy["MaxTTL"] == ONE_YEAR
    key = policy["ParametersInCacheKeyAndForwardedToOrigin"]
    assert key["EnableAcceptEncodingGzip"] and key["EnableAcceptEncodingBrotli"]
    assert key["QueryStringsConfig"]["QueryStringBehavior"] == "none"
    # The stylesheet's name follows the dataset version, published at any time from /admin.
    stylesheet = behaviour(template, "/static/site.*")
    assert stylesheet["TargetOriginId"] == "alb"
    assert patterns.index("/static/site.*") < patterns.index("/static/*"), "first match wins"


def test_every_behaviour_has_a_response_headers_policy_that_keeps_the_apps_own(template):
    for b in every_behaviour(template):
        policy = resource_named(template, b["ResponseHeadersPolicyId"])
        headers = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
        hsts = headers["StrictTransportSecurity"]
        assert hsts["AccessControlMaxAgeSec"] >= 63072000 and hsts["IncludeSubdomains"] and hsts["Preload"]
        assert headers["ContentTypeOptions"] == {"Override": False}
        assert headers["ReferrerPolicy"] == {"ReferrerPolicy": "strict-origin-when-cross-origin", "Override": False}
        assert "ContentSecurityPolicy" not in headers, "the app sends its own CSP"
        if "FrameOptions" in headers:
            assert headers["FrameOptions"] == {"FrameOption": "DENY", "Override": False}
    # Static files and admin pages are never framed.
    for pattern in ("/admin*", "/static/*"):
        policy = resource_named(template, behaviour(template, pattern)["ResponseHeadersPolicyId"])
        headers = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
        assert headers["FrameOptions"]["FrameOption"] == "DENY"
    # /embed pages are framed by partner sites: no DENY on what the default behaviour serves.
    default_policy = resource_named(template, config(template)["DefaultCacheBehavior"]["ResponseHeadersPolicyId"])
    assert "FrameOptions" not in default_policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]


# ---------------------------------------------------------------- DNS, outputs, parameters

def test_a_and_aaaa_aliases_to_the_distribution(template):
    records = resources_of_type(template, "AWS::Route53::RecordSet").values()
    assert sorted(r["Properties"]["Type"] for r in records) == ["A", "AAAA"]
    for record in records:
        properties = record["Properties"]
        assert properties["Name"] == {"Ref": "DomainName"}
        assert properties["HostedZoneId"] == {"Ref": "HostedZoneId"}
        assert properties["AliasTarget"]["DNSName"] == {"Fn::GetAtt": ["Distribution", "DomainName"]}
        assert properties["AliasTarget"]["HostedZoneId"] == CLOUDFRONT_ALIAS_ZONE


def test_outputs(template):
    assert {"DistributionId", "DistributionDomainName", "StaticBucketName", "WebAclArn"} <= set(template["Outputs"])


def test_parameter_files(environment, template):
    parameters = load_parameters(environment, "edge")
    assert set(parameters) <= set(template["Parameters"])
    assert parameters["EnvironmentName"] == environment
    # deploy.sh passes these from the app region; the secret must never sit in a file.
    assert "OriginSecret" not in parameters and "LoadBalancerDnsName" not in parameters
    missing = {
        name for name, spec in template["Parameters"].items()
        if "Default" not in spec and name not in parameters
    }
    assert missing == {"OriginSecret", "LoadBalancerDnsName"}
    expected = {"dev": "PriceClass_100", "prod": "PriceClass_200"}[environment]
    assert parameters["PriceClass"] == expected
