"""The contract between the server and the task definition that runs it (deploy/aws/app.yaml):

(a) every variable the task definition passes is a setting the server knows: a name in README.md's
    configuration table (which a Swift test holds row for row to the server's code), or one of the
    few OTEL_* variables swift-otel reads on its own;
(b) every setting the server needs in production is passed, with a value that agrees with the rest
    of the infrastructure (the EFS mount, the ports, the collector sidecar, the stop timeout) and
    with the image (Dockerfile);
(c) with MYCANDIDATE_BIN set to a built binary, `mycandidate config check` accepts the task
    definition's environment as each environment's parameters resolve it, with and without the
    RDS Proxy. CI sets MYCANDIDATE_BIN; without it (c) is skipped, saying why.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO, load_parameters, load_template

APP = load_template("app")

# Read by swift-otel itself, so not in the server's table; each one named here on purpose.
OTEL_READ_BY_SWIFT_OTEL = {"OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG"}

# What production needs passed explicitly. A setting left to its default is not listed: those
# defaults are for a laptop or follow from the database kind, and production must not depend on
# which way a default leans.
REQUIRED_IN_PRODUCTION = [
    "DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD", "DB_TLS", "DB_CA_FILE",
    "REDIS_URL", "REDIS_AUTH_TOKEN", "SESSION_COOKIE_SECURE", "TRUSTED_PROXIES", "FILES_DIR",
    "MIGRATE_ON_START", "DEMO_DATA", "PORT", "METRICS_EMF", "TRACING_ENABLED",
    "OTEL_EXPORTER_OTLP_ENDPOINT", "SHUTDOWN_TIMEOUT", "SHUTDOWN_DELAY",
]
SECRETS = {"DB_USER", "DB_PASSWORD", "REDIS_AUTH_TOKEN"}

# CloudFormation values the checks stand in for: what the other stacks export, and the pseudo
# parameters. Plausible shapes, so the server's own validation sees what it would in AWS.
FAKE_EXPORTS = {
    "VpcCidr": "10.40.0.0/16",
    "DatabaseEndpoint": "mycandidate-prod.abcdefghijkl.eu-west-1.rds.amazonaws.com",
    "DatabasePort": "5432",
    "DatabaseName": "mycandidate",
    "DatabaseSecretArn": "arn:aws:secretsmanager:eu-west-1:111111111111:secret:rds!db-0000-AbCdEf",
    "RedisPrimaryEndpoint": "master.mycandidate-prod.abcdef.euw1.cache.amazonaws.com",
    "RedisPort": "6379",
    "RedisAuthTokenSecretArn": "arn:aws:secretsmanager:eu-west-1:111111111111:secret:mycandidate-redis-AbCdEf",
    "RepositoryUri": "111111111111.dkr.ecr.eu-west-1.amazonaws.com/mycandidate-prod",
    "FileSystemId": "fs-0123456789abcdef0",
    "AccessPointId": "fsap-0123456789abcdef0",
}
PSEUDO = {"AWS::Region": "eu-west-1", "AWS::AccountId": "111111111111", "AWS::Partition": "aws",
          "AWS::StackName": "mycandidate-prod-app", "AWS::URLSuffix": "amazonaws.com"}
DUMMY_SECRETS = {"DB_USER": "mycandidate", "DB_PASSWORD": "not-a-real-password", "REDIS_AUTH_TOKEN": "not-a-real-token-0123456789"}


# ---------------------------------------------------------------- reading the sources

def readme_settings() -> set:
    """The names in README.md's configuration table: its `| `NAME` | default | meaning |` rows."""
    text = (REPO / "README.md").read_text()
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", section, flags=re.MULTILINE))


def dockerfile_env() -> dict:
    """The runtime stage's ENV, which the task definition's environment is added to."""
    text = (REPO / "Dockerfile").read_text().replace("\\\n", " ")
    runtime = text.rsplit("\nFROM ", 1)[1]
    values = {}
    for line in runtime.splitlines():
        if line.startswith("ENV "):
            for name, value in re.findall(r'([A-Z_][A-Z0-9_]*)=("[^"]*"|\S+)', line[4:]):
                values[name] = value.strip('"')
    return values


class Resolver:
    """Turns the template's intrinsic functions into the strings a deployment would see, for one
    set of parameter values, with FAKE_EXPORTS for the other stacks' exports."""

    def __init__(self, template: dict, parameters: dict):
        self.template = template
        self.parameters = {name: str(spec["Default"]) for name, spec in template["Parameters"].items() if "Default" in spec}
        self.parameters.update({k: str(v) for k, v in parameters.items()})
        self.conditions = {}

    def ref(self, name: str) -> str:
        if name in PSEUDO:
            return PSEUDO[name]
        if name in self.parameters:
            return self.parameters[name]
        assert name in self.template["Resources"], f"Ref to unknown {name}"
        return f"<{name}>"

    def condition(self, name: str) -> bool:
        if name not in self.conditions:
            self.conditions[name] = bool(self.value(self.template["Conditions"][name]))
        return self.conditions[name]

    def sub(self, text: str, variables: dict) -> str:
        def replace(match):
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in variables:
                return str(variables[name])
            if "." in name and name.split(".")[0] in self.template["Resources"]:
                return f"<{name}>"
            return self.ref(name)
        return re.sub(r"\$\{([^}]+)\}", replace, text)

    def value(self, node):
        if isinstance(node, dict) and len(node) == 1:
            (function, argument), = node.items()
            if function == "Ref":
                return self.ref(argument)
            if function == "Fn::ImportValue":
                name = self.value(argument)
                prefix = f"{self.parameters['ProjectName']}-{self.parameters['EnvironmentName']}-"
                assert name.startswith(prefix), name
                return FAKE_EXPORTS[name.removeprefix(prefix)]
            if function == "Fn::Sub":
                if isinstance(argument, str):
                    return self.sub(argument, {})
                text, variables = argument
                return self.sub(text, {k: self.value(v) for k, v in variables.items()})
            if function == "Fn::If":
                name, when_true, when_false = argument
                return self.value(when_true if self.condition(name) else when_false)
            if function == "Fn::Equals":
                left, right = (self.value(a) for a in argument)
                return str(left) == str(right)
            if function == "Fn::Not":
                return not self.value(argument[0])
            if function == "Fn::And":
                return all(self.value(a) for a in argument)
            if function == "Fn::Or":
                return any(self.value(a) for a in argument)
            if function == "Condition":
                return self.condition(argument)
            if function == "Fn::Join":
                separator, items = argument
                return separator.join(str(self.value(i)) for i in items)
            if function == "Fn::Split":
                separator, text = argument
                return self.value(text).split(separator)
            if function == "Fn::Select":
                index, items = argument
                return self.value(items)[int(self.value(index))]
            if function == "Fn::GetAtt":
                return "<" + ".".join(argument) + ">"
        if isinstance(node, dict):
            return {k: self.value(v) for k, v in node.items()}
        if isinstance(node, list):
            return [self.value(v) for v in node]
        return node


def app_container(template: dict = APP) -> dict:
    (container,) = [c for c in template["Resources"]["AppTaskDefinition"]["Properties"]["ContainerDefinitions"] if c["Name"] == "app"]
    return container


def collector_container() -> dict:
    (container,) = [c for c in APP["Resources"]["AppTaskDefinition"]["Properties"]["ContainerDefinitions"] if c["Name"] == "otel-collector"]
    return container


def passed_names(container: dict) -> list:
    return [e["Name"] for e in container.get("Environment", [])] + [s["Name"] for s in container.get("Secrets", [])]


def resolved_environment(resolver: Resolver, container: dict) -> dict:
    return {e["Name"]: str(resolver.value(e["Value"])) for e in container.get("Environment", [])}


def one_off_container() -> dict:
    return APP["Resources"]["MigrateTaskDefinition"]["Properties"]["ContainerDefinitions"][0]


def prod_resolver(**overrides) -> Resolver:
    return Resolver(APP, {**load_parameters("prod", "app"), **overrides})


# ---------------------------------------------------------------- (a) every name is known

KNOWN = readme_settings()


def test_readme_table_was_found():
    # A guard for the parser: the table has dozens of rows and these are among them.
    assert len(KNOWN) > 30
    assert {"PORT", "DB_HOST", "REDIS_URL", "OTEL_EXPORTER_OTLP_ENDPOINT"} <= KNOWN


@pytest.mark.parametrize("container", ["app", "migrate"])
def test_no_name_is_passed_twice(container):
    names = passed_names(app_container() if container == "app" else one_off_container())
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


@pytest.mark.parametrize("name", sorted(set(passed_names(app_container())) | set(passed_names(one_off_container()))))
def test_every_passed_variable_is_a_setting_the_server_knows(name):
    if name.startswith("OTEL_") and name not in KNOWN:
        assert name in OTEL_READ_BY_SWIFT_OTEL, f"{name}: an OTEL_ variable neither the server nor the list of swift-otel's knows"
        return
    assert name in KNOWN, f"{name} is passed by the task definition but is not in README.md's configuration table"


# ---------------------------------------------------------------- (b) what production needs is passed

@pytest.mark.parametrize("name", REQUIRED_IN_PRODUCTION)
def test_every_production_setting_is_passed(name):
    container = app_container()
    assert name in passed_names(container)
    if name in SECRETS:
        assert name in [s["Name"] for s in container["Secrets"]], f"{name} must come from Secrets Manager"


@pytest.mark.parametrize("environment", ["dev", "prod"])
def test_production_values_agree_with_the_infrastructure(environment):
    resolver = Resolver(APP, load_parameters(environment, "app"))
    env = resolved_environment(resolver, app_container())
    image_env = dockerfile_env()
    assert env["SESSION_COOKIE_SECURE"] == "true"
    assert env["MIGRATE_ON_START"] == "false"
    assert env["DEMO_DATA"] == "false"
    assert env["DB_TLS"] == "verify-full"
    assert env["METRICS_EMF"] == "true"
    assert env["TRACING_ENABLED"] == "true"
    assert env["REDIS_URL"] == f"rediss://{FAKE_EXPORTS['RedisPrimaryEndpoint']}:{FAKE_EXPORTS['RedisPort']}"
    assert env["TRUSTED_PROXIES"] == FAKE_EXPORTS["VpcCidr"]
    assert env["DB_HOST"] == FAKE_EXPORTS["DatabaseEndpoint"]
    # The client address arrives in the header CloudFront adds (the edge stack's origin request
    # policy forwards it); X-Forwarded-For would name a CloudFront edge, outside TRUSTED_PROXIES.
    assert env["CLIENT_ADDRESS_HEADER"] == "CloudFront-Viewer-Address"
    # PORT: what the server listens on, the container publishes, the ALB forwards and checks.
    target_group = APP["Resources"]["TargetGroup"]["Properties"]
    ports = {p["ContainerPort"] for p in app_container()["PortMappings"]}
    assert ports == {int(env["PORT"])} == {target_group["Port"]} == {int(image_env["PORT"])}
    # FILES_DIR: the image's, and where the EFS volume is mounted.
    mounts = {m["ContainerPath"]: m["SourceVolume"] for m in app_container()["MountPoints"]}
    volumes = {v["Name"]: v for v in APP["Resources"]["AppTaskDefinition"]["Properties"]["Volumes"]}
    assert env["FILES_DIR"] == image_env["FILES_DIR"]
    assert "EFSVolumeConfiguration" in volumes[mounts[env["FILES_DIR"]]]
    # Shutdown: the delay inside the timeout, the timeout inside ECS's stop timeout.
    assert int(env["SHUTDOWN_DELAY"]) < int(env["SHUTDOWN_TIMEOUT"]) < app_container()["StopTimeout"]


def test_traces_go_to_the_sidecars_receiver():
    resolver = prod_resolver()
    endpoint = resolved_environment(resolver, app_container())["OTEL_EXPORTER_OTLP_ENDPOINT"]
    collector_env = resolved_environment(resolver, collector_container())
    config = yaml.safe_load(collector_env["AOT_CONFIG_CONTENT"])
    receiver = config["receivers"]["otlp"]["protocols"]["http"]["endpoint"]
    assert endpoint == f"http://{receiver}"
    assert "otlp" in config["service"]["pipelines"]["traces"]["receivers"]
    assert "awsxray" in config["service"]["pipelines"]["traces"]["exporters"]
    assert config["exporters"]["awsxray"]["region"] == PSEUDO["AWS::Region"]


@pytest.mark.parametrize("proxy, bundle", [("false", "/etc/ssl/certs/rds-global-bundle.pem"),
                                           ("true", "/etc/ssl/certs/ca-certificates.crt")])
def test_database_ca_follows_the_proxy_switch(proxy, bundle):
    for container in (app_container(), one_off_container()):
        env = resolved_environment(prod_resolver(EnableRdsProxy=proxy), container)
        assert env["DB_CA_FILE"] == bundle


def test_one_off_task_has_the_services_settings_but_no_tracing():
    resolver = prod_resolver()
    service = resolved_environment(resolver, app_container())
    one_off = resolved_environment(resolver, one_off_container())
    assert one_off["TRACING_ENABLED"] == "false"  # no collector runs beside it
    # Whatever the service gets about the database, Redis and files, the one-off gets the same.
    for name in set(service) - {"TRACING_ENABLED", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_TRACES_SAMPLER",
                                "OTEL_TRACES_SAMPLER_ARG", "PORT"}:
        assert one_off.get(name) == service[name], name
    assert {s["Name"]: s["ValueFrom"] for s in one_off_container()["Secrets"]} == \
        {s["Name"]: s["ValueFrom"] for s in app_container()["Secrets"]}


# ---------------------------------------------------------------- (c) the server accepts it

@pytest.fixture(scope="module")
def binary() -> str:
    path = os.environ.get("MYCANDIDATE_BIN")
    if not path:
        reason = "MYCANDIDATE_BIN is not set: no built mycandidate binary to run `config check` with (CI sets it)"
        print(reason)
        pytest.skip(reason)
    assert os.access(path, os.X_OK), f"MYCANDIDATE_BIN={path} is not an executable file"
    return path


@pytest.fixture(scope="module")
def ca_file(tmp_path_factory) -> str:
    """A PEM holding one CA certificate, standing in for the RDS bundle the image carries."""
    folder = tmp_path_factory.mktemp("ca")
    openssl = shutil.which("openssl")
    if openssl:
        subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=contract-test-ca", "-keyout", str(folder / "key.pem"),
                        "-out", str(folder / "ca.pem")], check=True, capture_output=True)
        return str(folder / "ca.pem")
    system = Path("/etc/ssl/certs/ca-certificates.crt")
    if system.is_file():
        return str(system)
    pytest.skip("neither openssl nor a system CA bundle to stand in for DB_CA_FILE")


@pytest.mark.parametrize("proxy", ["false", "true"])
@pytest.mark.parametrize("environment", ["dev", "prod"])
@pytest.mark.parametrize("container", ["app", "migrate"])
def test_config_check_accepts_the_task_environment(binary, ca_file, tmp_path, environment, proxy, container):
    resolver = Resolver(APP, {**load_parameters(environment, "app"), "EnableRdsProxy": proxy})
    definition = app_container() if container == "app" else one_off_container()
    env = {**dockerfile_env(), **resolved_environment(resolver, definition)}
    for secret in definition["Secrets"]:
        env[secret["Name"]] = DUMMY_SECRETS[secret["Name"]]
    # The path is the image's; here it must be a file that exists and holds a certificate.
    env["DB_CA_FILE"] = ca_file
    # Names the backtracer at its path in the image, which only matters when the process crashes.
    env.pop("SWIFT_BACKTRACE", None)
    env.update(PATH=os.environ.get("PATH", "/usr/bin:/bin"), HOME=str(tmp_path), TMPDIR=str(tmp_path))
    result = subprocess.run([binary, "config", "check"], env=env, capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "configuration is valid" in output, output
    warnings = [line for line in output.splitlines() if line.startswith("warning:")]
    assert not warnings, warnings
    for name in ("DB_PASSWORD", "REDIS_AUTH_TOKEN"):
        assert DUMMY_SECRETS[name] not in output, f"config check showed {name}"
