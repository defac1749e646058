"""Invariants of deploy/aws/network.yaml: three zones, the NAT layout per environment, the VPC
endpoints, the network ACLs, flow logs, and above all the security-group chain

    internet -80/443-> ALB -8080-> tasks -5432-> PostgreSQL (optionally through RDS Proxy)
                                         -6379-> Redis
                                         -2049-> EFS
                                         -443--> VPC endpoints / NAT

with nothing wider. Conditions are evaluated with each environment's parameter file, so the
tests check what would actually be deployed in dev and in prod."""

import ipaddress
import re

import pytest

from conftest import AWS, load_parameters, load_template
from deployment import StackDeployment, stack_parameter_values

TEMPLATE = load_template("network")
PARAMETERS = TEMPLATE["Parameters"]


# ---------------------------------------------------------------- evaluating the template


def parameter_values(environment: str, **overrides) -> dict:
    return stack_parameter_values(TEMPLATE, "network", environment, **overrides)


def Deployment(environment: str, **overrides) -> StackDeployment:
    return StackDeployment("network", environment, **overrides)


def ref(name: str) -> dict:
    return {"Ref": name}


# ---------------------------------------------------------------- security groups

PLACEHOLDER = ("-1", None, None, "cidr:127.0.0.1/32")


def peer(rule: dict) -> str:
    """Where a rule points, as 'sg:<logical id>', 'cidr:...', 'cidr6:...' or 'prefix:...'."""
    for key in ("SourceSecurityGroupId", "DestinationSecurityGroupId"):
        if key in rule:
            assert set(rule[key]) == {"Ref"}, f"{key} must reference a group of this stack: {rule}"
            return "sg:" + rule[key]["Ref"]
    for key, kind in (("CidrIp", "cidr"), ("CidrIpv6", "cidr6"),
                      ("SourcePrefixListId", "prefix"), ("DestinationPrefixListId", "prefix")):
        if key in rule:
            return f"{kind}:{rule[key]}"
    raise AssertionError(f"rule without a peer: {rule}")


def port(value):
    return None if value is None else int(value)


def security_group_rules(deployment: Deployment) -> dict:
    """Every rule of every security group, inline or standalone, as
    (group, direction, protocol, from port, to port, peer) -> description."""
    rules = {}

    def add(group, direction, rule):
        key = (group, direction, str(rule["IpProtocol"]), port(rule.get("FromPort")),
               port(rule.get("ToPort")), peer(rule))
        assert key not in rules, f"duplicate rule {key}"
        rules[key] = rule.get("Description")

    for name, properties in deployment.of_type("AWS::EC2::SecurityGroup").items():
        for rule in properties.get("SecurityGroupIngress", []):
            add(name, "in", rule)
        for rule in properties.get("SecurityGroupEgress", []):
            add(name, "out", rule)
    for resource_type, direction in (("AWS::EC2::SecurityGroupIngress", "in"),
                                     ("AWS::EC2::SecurityGroupEgress", "out")):
        for properties in deployment.of_type(resource_type).values():
            assert set(properties["GroupId"]) == {"Ref"}
            add(properties["GroupId"]["Ref"], direction, properties)
    return rules


def expected_rules(with_proxy: bool) -> set:
    tcp = "tcp"
    expected = {
        ("AlbSecurityGroup", "in", tcp, 443, 443, "cidr:0.0.0.0/0"),
        ("AlbSecurityGroup", "in", tcp, 80, 80, "cidr:0.0.0.0/0"),
        ("AlbSecurityGroup", "out", tcp, 8080, 8080, "sg:TaskSecurityGroup"),
        ("TaskSecurityGroup", "in", tcp, 8080, 8080, "sg:AlbSecurityGroup"),
        ("TaskSecurityGroup", "out", tcp, 443, 443, "cidr:0.0.0.0/0"),
        ("TaskSecurityGroup", "out", tcp, 5432, 5432, "sg:DatabaseSecurityGroup"),
        ("TaskSecurityGroup", "out", tcp, 6379, 6379, "sg:RedisSecurityGroup"),
        ("TaskSecurityGroup", "out", tcp, 2049, 2049, "sg:EfsSecurityGroup"),
        ("DatabaseSecurityGroup", "in", tcp, 5432, 5432, "sg:TaskSecurityGroup"),
        ("DatabaseSecurityGroup", "out") + PLACEHOLDER,
        ("RedisSecurityGroup", "in", tcp, 6379, 6379, "sg:TaskSecurityGroup"),
        ("RedisSecurityGroup", "out") + PLACEHOLDER,
        ("EfsSecurityGroup", "in", tcp, 2049, 2049, "sg:TaskSecurityGroup"),
        ("EfsSecurityGroup", "out") + PLACEHOLDER,
        ("EndpointSecurityGroup", "in", tcp, 443, 443, "sg:TaskSecurityGroup"),
        ("EndpointSecurityGroup", "out") + PLACEHOLDER,
    }
    if with_proxy:
        expected |= {
            ("RdsProxySecurityGroup", "in", tcp, 5432, 5432, "sg:TaskSecurityGroup"),
            ("RdsProxySecurityGroup", "out", tcp, 5432, 5432, "sg:DatabaseSecurityGroup"),
            ("RdsProxySecurityGroup", "out", tcp, 443, 443, "sg:EndpointSecurityGroup"),
            ("TaskSecurityGroup", "out", tcp, 5432, 5432, "sg:RdsProxySecurityGroup"),
            ("DatabaseSecurityGroup", "in", tcp, 5432, 5432, "sg:RdsProxySecurityGroup"),
            ("EndpointSecurityGroup", "in", tcp, 443, 443, "sg:RdsProxySecurityGroup"),
        }
    return expected


@pytest.fixture(params=[False, True], ids=["no-proxy", "proxy"])
def deployment(request, environment) -> Deployment:
    """Each environment as its parameter file deploys it, and again with the RDS Proxy on."""
    overrides = {"EnableRdsProxy": "true"} if request.param else {}
    return Deployment(environment, **overrides)


def test_security_group_chain_is_exactly_the_allowed_rules(deployment):
    with_proxy = deployment.conditions["UseRdsProxy"]
    assert set(security_group_rules(deployment)) == expected_rules(with_proxy)


def test_every_security_group_rule_has_a_description(deployment):
    for rule, description in security_group_rules(deployment).items():
        assert isinstance(description, str) and len(description.strip()) >= 10, rule


# What EC2 accepts in a VPC security group's description and in a rule's description.
EC2_DESCRIPTION = re.compile(r"[a-zA-Z0-9. _\-:/()#,@\[\]+=&;{}!$*]{1,255}")


def test_descriptions_use_only_characters_ec2_accepts(deployment):
    for description in security_group_rules(deployment).values():
        assert EC2_DESCRIPTION.fullmatch(description), description
    for name, properties in deployment.of_type("AWS::EC2::SecurityGroup").items():
        assert EC2_DESCRIPTION.fullmatch(properties["GroupDescription"]), name


def test_only_the_alb_accepts_the_internet_and_only_on_80_and_443(deployment):
    for group, direction, _, low, high, source in security_group_rules(deployment):
        if direction != "in" or not source.startswith(("cidr", "prefix")):
            continue
        assert group == "AlbSecurityGroup" and (low, high) in {(80, 80), (443, 443)}, \
            (group, low, high, source)


def test_every_group_replaces_the_default_allow_all_egress(deployment):
    """A group created without SecurityGroupEgress gets 'all traffic to 0.0.0.0/0'."""
    for name, properties in deployment.of_type("AWS::EC2::SecurityGroup").items():
        assert properties.get("SecurityGroupEgress"), name
    rules = security_group_rules(deployment)
    for group, direction, protocol, _, _, destination in rules:
        if direction == "out" and protocol == "-1":
            assert destination == "cidr:127.0.0.1/32", group


def test_no_ipv6_anywhere():
    text = (AWS / "network.yaml").read_text()
    assert "CidrIpv6" not in text and "Ipv6" not in text


# ---------------------------------------------------------------- zones, subnets, routing


def test_three_zones_are_parameters_and_distinct():
    for number in (1, 2, 3):
        spec = PARAMETERS[f"AvailabilityZone{number}"]
        assert spec["Type"] == "AWS::EC2::AvailabilityZone::Name"
        assert "Default" not in spec
    assertions = TEMPLATE["Rules"]["DistinctAvailabilityZones"]["Assertions"]
    pairs = {
        tuple(sorted(side["Ref"] for side in a["Assert"]["Fn::Not"][0]["Fn::Equals"]))
        for a in assertions
    }
    assert pairs == {("AvailabilityZone1", "AvailabilityZone2"),
                     ("AvailabilityZone1", "AvailabilityZone3"),
                     ("AvailabilityZone2", "AvailabilityZone3")}


def test_no_zone_name_is_hard_coded():
    assert not re.search(r"\b[a-z]{2}(-gov)?-[a-z]+-\d[a-z]\b", (AWS / "network.yaml").read_text())


def subnet_block(select: dict) -> ipaddress.IPv4Network:
    """Fn::Select [i, Fn::Cidr [range, count, host bits]] worked out as CloudFormation does."""
    index, cidr = select["Fn::Select"]
    network, count, host_bits = cidr["Fn::Cidr"]
    blocks = list(ipaddress.ip_network(network).subnets(new_prefix=32 - int(host_bits)))
    return blocks[: int(count)][int(index)]


def test_three_public_and_three_private_subnets_one_per_zone(environment):
    deployment = Deployment(environment)
    subnets = deployment.of_type("AWS::EC2::Subnet")
    assert len(subnets) == 6
    for tier in ("Public", "Private"):
        zones = [subnets[f"{tier}Subnet{n}"]["AvailabilityZone"] for n in (1, 2, 3)]
        assert zones == [deployment.values[f"AvailabilityZone{n}"] for n in (1, 2, 3)]
        assert len(set(zones)) == 3
    vpc = ipaddress.ip_network(deployment.values["VpcCidr"])
    blocks = [subnet_block(properties["CidrBlock"]) for properties in subnets.values()]
    assert len(set(blocks)) == 6
    for index, block in enumerate(blocks):
        assert block.subnet_of(vpc)
        assert all(not block.overlaps(other) for other in blocks[index + 1:])
    for subnet in subnets.values():
        assert subnet["MapPublicIpOnLaunch"] is False


def test_parameter_files_give_three_distinct_zones_and_a_private_range(environment):
    values = parameter_values(environment)
    zones = [values[f"AvailabilityZone{n}"] for n in (1, 2, 3)]
    assert len(set(zones)) == 3
    network = ipaddress.ip_network(values["VpcCidr"])
    assert network.is_private and network.prefixlen == 16
    assert re.fullmatch(PARAMETERS["VpcCidr"]["AllowedPattern"], values["VpcCidr"])


@pytest.mark.parametrize("environment_name, nat_count", [("dev", 1), ("prod", 3)])
def test_nat_gateways_per_environment(environment_name, nat_count):
    deployment = Deployment(environment_name)
    nats = deployment.of_type("AWS::EC2::NatGateway")
    assert len(nats) == nat_count
    assert len(deployment.of_type("AWS::EC2::EIP")) == nat_count
    for name, nat in nats.items():
        number = name[-1]
        assert nat["SubnetId"] == ref(f"PublicSubnet{number}")
    routes = deployment.of_type("AWS::EC2::Route")
    for number in (1, 2, 3):
        route = routes[f"PrivateDefaultRoute{number}"]
        assert route["DestinationCidrBlock"] == "0.0.0.0/0"
        assert route["RouteTableId"] == ref(f"PrivateRouteTable{number}")
        expected = f"NatGateway{number}" if nat_count == 3 else "NatGateway1"
        assert route["NatGatewayId"] == ref(expected)


def test_prod_has_a_nat_gateway_per_zone_and_dev_one():
    assert load_parameters("prod", "network")["NatGatewayPerAz"] == "true"
    assert load_parameters("dev", "network")["NatGatewayPerAz"] == "false"


def test_only_public_subnets_route_to_the_internet_gateway(environment):
    deployment = Deployment(environment)
    routes = deployment.of_type("AWS::EC2::Route")
    to_igw = {name for name, route in routes.items() if "GatewayId" in route}
    assert to_igw == {"PublicDefaultRoute"}
    assert routes["PublicDefaultRoute"]["RouteTableId"] == ref("PublicRouteTable")
    associations = {
        properties["SubnetId"]["Ref"]: properties["RouteTableId"]["Ref"]
        for properties in deployment.of_type("AWS::EC2::SubnetRouteTableAssociation").values()
    }
    assert associations == {
        **{f"PublicSubnet{n}": "PublicRouteTable" for n in (1, 2, 3)},
        **{f"PrivateSubnet{n}": f"PrivateRouteTable{n}" for n in (1, 2, 3)},
    }


# ---------------------------------------------------------------- endpoints


INTERFACE_SERVICES = {"ecr.api", "ecr.dkr", "logs", "secretsmanager", "xray"}


def endpoint_service(properties) -> str:
    return properties["ServiceName"]["Fn::Sub"].split("${AWS::Region}.")[1]


@pytest.mark.parametrize("environment_name, zones", [("dev", 1), ("prod", 3)])
def test_interface_endpoints_with_private_dns_and_their_own_group(environment_name, zones):
    endpoints = Deployment(environment_name).of_type("AWS::EC2::VPCEndpoint")
    interface = {endpoint_service(p): p for p in endpoints.values() if p["VpcEndpointType"] == "Interface"}
    assert set(interface) == INTERFACE_SERVICES
    for service, properties in interface.items():
        assert properties["PrivateDnsEnabled"] is True, service
        assert properties["SecurityGroupIds"] == [ref("EndpointSecurityGroup")], service
        assert properties["SubnetIds"] == [ref(f"PrivateSubnet{n}") for n in range(1, zones + 1)]
        statement, = properties["PolicyDocument"]["Statement"]
        assert statement["Condition"] == {
            "StringEquals": {"aws:PrincipalAccount": ref("AWS::AccountId")}
        }, service


def test_s3_gateway_endpoint_serves_every_private_route_table(environment):
    endpoints = Deployment(environment).of_type("AWS::EC2::VPCEndpoint")
    gateways = [p for p in endpoints.values() if p["VpcEndpointType"] == "Gateway"]
    assert len(gateways) == 1
    assert endpoint_service(gateways[0]) == "s3"
    assert gateways[0]["RouteTableIds"] == [ref(f"PrivateRouteTable{n}") for n in (1, 2, 3)]
    resources = [s["Resource"] for s in gateways[0]["PolicyDocument"]["Statement"]]
    assert any("starport-layer-bucket" in str(r) for r in resources), "ECR layers need their bucket"


# ---------------------------------------------------------------- network ACLs


def acl_entries(deployment, acl):
    return [
        p for p in deployment.of_type("AWS::EC2::NetworkAclEntry").values()
        if p["NetworkAclId"] == ref(acl)
    ]


def test_every_subnet_has_its_tiers_network_acl(environment):
    deployment = Deployment(environment)
    associations = {
        p["SubnetId"]["Ref"]: p["NetworkAclId"]["Ref"]
        for p in deployment.of_type("AWS::EC2::SubnetNetworkAclAssociation").values()
    }
    assert associations == {
        **{f"PublicSubnet{n}": "PublicNetworkAcl" for n in (1, 2, 3)},
        **{f"PrivateSubnet{n}": "PrivateNetworkAcl" for n in (1, 2, 3)},
    }


def test_network_acl_entries_are_tcp_allows_with_explicit_ports(environment):
    deployment = Deployment(environment)
    entries = deployment.of_type("AWS::EC2::NetworkAclEntry").values()
    assert entries
    for entry in entries:
        assert entry["Protocol"] == 6 and entry["RuleAction"] == "allow", entry
        assert {"From", "To"} <= set(entry["PortRange"]), entry


def test_private_tier_admits_service_ports_only_from_inside_the_vpc(environment):
    deployment = Deployment(environment)
    inbound = [e for e in acl_entries(deployment, "PrivateNetworkAcl") if e["Egress"] is False]
    served = {(e["PortRange"]["From"], e["PortRange"]["To"]): e["CidrBlock"] for e in inbound}
    for service_port in (8080, 5432, 6379, 2049, 443):
        assert served[(service_port, service_port)] == deployment.values["VpcCidr"], service_port
    from_anywhere = {ports for ports, cidr in served.items() if cidr == "0.0.0.0/0"}
    assert from_anywhere == {(1024, 65535)}


def test_public_tier_admits_only_web_ports_and_replies(environment):
    deployment = Deployment(environment)
    inbound = [e for e in acl_entries(deployment, "PublicNetworkAcl") if e["Egress"] is False]
    assert {(e["PortRange"]["From"], e["PortRange"]["To"]) for e in inbound} == {
        (443, 443), (80, 80), (1024, 65535)
    }


# ---------------------------------------------------------------- flow logs


def test_flow_logs_capture_all_traffic_encrypted_with_retention(environment):
    deployment = Deployment(environment)
    flow_log, = deployment.of_type("AWS::EC2::FlowLog").values()
    assert flow_log["ResourceId"] == ref("Vpc") and flow_log["ResourceType"] == "VPC"
    assert flow_log["TrafficType"] == "ALL"
    assert flow_log["LogGroupName"] == ref("FlowLogGroup")
    group = deployment.of_type("AWS::Logs::LogGroup")["FlowLogGroup"]
    expected_days = {"dev": 30, "prod": 365}[environment]
    assert int(group["RetentionInDays"]) == expected_days
    assert group["KmsKeyId"] == {"Fn::GetAtt": ["FlowLogKey", "Arn"]}
    key = deployment.of_type("AWS::KMS::Key")["FlowLogKey"]
    assert key["EnableKeyRotation"] is True
    # Only CloudWatch Logs uses the key; the account's principals administer it.
    for statement in key["KeyPolicy"]["Statement"]:
        actions = statement["Action"]
        if "AWS" in statement["Principal"]:
            assert "kms:*" not in actions and not {"kms:Decrypt", "kms:CreateGrant"} & set(actions)
        else:
            assert statement["Principal"] == {"Service": {"Fn::Sub": "logs.${AWS::Region}.amazonaws.com"}}
    assert TEMPLATE["Resources"]["FlowLogKey"]["DeletionPolicy"] == "Retain"


# ---------------------------------------------------------------- exports and parameters

EXPORTS = {
    "VpcId", "VpcCidr", "PublicSubnetIds", "PrivateSubnetIds", "AlbSecurityGroupId",
    "TaskSecurityGroupId", "DatabaseSecurityGroupId", "RedisSecurityGroupId", "EfsSecurityGroupId",
}


def test_exports_are_the_contracts_names(deployment):
    names = set()
    for key, output in deployment.outputs.items():
        assert output["Export"]["Name"] == {"Fn::Sub": f"${{ProjectName}}-${{EnvironmentName}}-{key}"}
        names.add(key)
    with_proxy = deployment.conditions["UseRdsProxy"]
    assert names == EXPORTS | ({"RdsProxySecurityGroupId"} if with_proxy else set())


def test_subnet_exports_join_all_three_in_zone_order():
    for tier in ("Public", "Private"):
        value = TEMPLATE["Outputs"][f"{tier}SubnetIds"]["Value"]
        assert value == {"Fn::Join": [",", [ref(f"{tier}Subnet{n}") for n in (1, 2, 3)]]}


def test_parameter_files_name_only_known_parameters_with_allowed_values(environment):
    given = load_parameters(environment, "network")
    assert set(given) <= set(PARAMETERS)
    required = {name for name, spec in PARAMETERS.items() if "Default" not in spec}
    assert required <= set(given)
    assert given["EnvironmentName"] == environment
    for name, value in given.items():
        allowed = PARAMETERS[name].get("AllowedValues")
        if allowed is not None:
            assert value in [str(a) for a in allowed], name
