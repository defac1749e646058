"""The deploy pipeline: the GitHub deploy role trusts only this repository's environment jobs and
holds no wildcard power; deploy.sh deploys every stack after the stacks it imports from; every
stack has parameter files for dev and prod that give each required parameter; the workflow
assumes the role through OIDC, pins its actions and gates prod.

The order is derived from the templates present (their Export names and Fn::ImportValue
references), so a new import is checked without editing this file. Outside CI a template
another engineer has not written yet is skipped; in CI (CI=true) every stack deploy.sh names
must have its template."""

import os
import re
from pathlib import Path

import pytest
import yaml

from conftest import AWS, REPO, load_parameters, load_template

CI = os.environ.get("CI", "").lower() == "true"
DEPLOY_SH = AWS / "deploy.sh"
WORKFLOW = REPO / ".github" / "workflows" / "deploy.yml"
PREFIX = "${ProjectName}-${EnvironmentName}-"

# Stacks deploy.sh deploys only when asked (--only), after everything else exists.
ON_DEMAND = {"election-day-scaling"}
# Stacks outside the app region: exports do not cross regions, so these may import nothing
# from the others, and the others nothing from them.
OTHER_REGION = {"edge", "backup-dr"}
# Parameters deploy.sh passes on the command line rather than from the parameter files.
PASSED_BY_DEPLOY_SH = {
    "app": {"ImageTag", "DesiredCount"},
    # Read from the backup-dr stack's outputs in the DR region (empty when there is none).
    "backup": {"DrVaultArn"},
    "edge": {"LoadBalancerDnsName", "OriginSecret"},
    "pipeline": {"StaticBucketName", "ExistingOidcProviderArn"},
}


def stack_of(template: Path) -> str:
    """The stack name suffix deploy.sh gives a template (its template_for, inverted)."""
    return "backup-dr" if template.stem == "backup-dr-vault" else template.stem


def template_file(stack: str) -> Path:
    return AWS / ("backup-dr-vault.yaml" if stack == "backup-dr" else f"{stack}.yaml")


def present_stacks() -> list[str]:
    return sorted(stack_of(path) for path in AWS.glob("*.yaml"))


def deploy_order() -> list[str]:
    """The stacks deploy_all deploys, in order: `deploy_stack NAME` and the deploy_NAME helpers."""
    text = DEPLOY_SH.read_text()
    body = re.search(r"^deploy_all\(\) \{\n(.*?)^\}", text, re.S | re.M)
    assert body, "deploy.sh has no deploy_all function"
    order = []
    for match in re.finditer(r"^\s*(?:deploy_stack ([a-z-]+)|deploy_(app|edge|pipeline|backup))\b", body.group(1), re.M):
        name = match.group(1) or match.group(2)
        if name not in order:
            order.append(name)
    return order


def export_key(name) -> str | None:
    """KEY of an export or import named with Fn::Sub '${ProjectName}-${EnvironmentName}-KEY'."""
    if isinstance(name, dict) and "Fn::Sub" in name:
        sub = name["Fn::Sub"]
        name = sub[0] if isinstance(sub, list) else sub
    if isinstance(name, str) and name.startswith(PREFIX):
        return name[len(PREFIX):]
    return None


def imports_of(node) -> set[str]:
    found = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Fn::ImportValue":
                imported = export_key(value)
                assert imported, f"an import not named {PREFIX}KEY: {value!r}"
                found.add(imported)
            else:
                found |= imports_of(value)
    elif isinstance(node, list):
        for value in node:
            found |= imports_of(value)
    return found


def exports_of(template: dict) -> set[str]:
    keys = set()
    for output in template.get("Outputs", {}).values():
        if "Export" in output:
            key = export_key(output["Export"]["Name"])
            assert key, f"an export not named {PREFIX}KEY: {output['Export']['Name']!r}"
            keys.add(key)
    return keys


def statements(document: dict) -> list[dict]:
    found = document["Statement"]
    return found if isinstance(found, list) else [found]


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


# --- The deploy role --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pipeline() -> dict:
    return load_template("pipeline")


@pytest.fixture(scope="module")
def role(pipeline) -> dict:
    roles = [r for r in pipeline["Resources"].values() if r["Type"] == "AWS::IAM::Role"]
    assert len(roles) == 1, "the pipeline stack has exactly one role"
    return roles[0]["Properties"]


def test_the_oidc_provider_is_github_s_for_sts_and_reusable(pipeline):
    providers = [r for r in pipeline["Resources"].values() if r["Type"] == "AWS::IAM::OIDCProvider"]
    assert len(providers) == 1
    provider = providers[0]
    assert provider["Properties"]["Url"] == "https://token.actions.githubusercontent.com"
    assert provider["Properties"]["ClientIdList"] == ["sts.amazonaws.com"]
    # One per account: optional, and kept when the stack goes (the other environment uses it).
    assert provider.get("Condition"), "the provider must be optional (an account holds one)"
    assert provider.get("DeletionPolicy") == "Retain"
    assert "ExistingOidcProviderArn" in pipeline["Parameters"]


def test_only_this_repository_s_environment_jobs_can_assume_the_role(role):
    trust = statements(role["AssumeRolePolicyDocument"])
    assert len(trust) == 1
    statement = trust[0]
    assert statement["Effect"] == "Allow"
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert "Federated" in statement["Principal"] and "AWS" not in statement["Principal"]
    conditions = statement["Condition"]
    # Exact matches only: a StringLike with a wildcard would let other branches or repositories in.
    assert set(conditions) == {"StringEquals"}, f"only StringEquals conditions, not {sorted(conditions)}"
    equals = conditions["StringEquals"]
    assert equals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    sub = equals["token.actions.githubusercontent.com:sub"]
    text = sub["Fn::Sub"][0] if isinstance(sub, dict) else sub
    assert text.startswith("repo:${GitHubRepository}:"), text
    assert ":environment:" in text or text.endswith(":ref:refs/heads/main"), text
    assert "*" not in text


def test_the_role_holds_no_wildcard_power(role):
    assert not role.get("ManagedPolicyArns"), "no managed policies (AdministratorAccess and the like)"
    # Actions with no resource-level permissions, which therefore need Resource "*"; none writes
    # anything beyond a task definition that can only use the two roles PassRole allows.
    star_allowed = {"ecr:GetAuthorizationToken", "ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition",
                    "cloudformation:ListExports"}
    seen = set()
    for policy in role["Policies"]:
        for statement in statements(policy["PolicyDocument"]):
            if "Fn::If" in statement:
                statement = statement["Fn::If"][1]
            assert statement["Effect"] == "Allow"
            assert "NotAction" not in statement and "NotResource" not in statement
            actions = as_list(statement["Action"])
            seen.update(actions)
            for action in actions:
                assert "*" not in action, f"wildcard action {action}"
            if "*" in as_list(statement["Resource"]):
                assert set(actions) <= star_allowed, f"{actions} on every resource"
            if "iam:PassRole" in actions:
                assert statement["Condition"]["StringEquals"]["iam:PassedToService"] == "ecs-tasks.amazonaws.com"
    assert "s3:DeleteObject" not in seen, "old static files must stay for tasks on the old image"
    for needed in ("ecr:PutImage", "ecs:RunTask", "ecs:UpdateService", "ecs:DescribeServices", "iam:PassRole",
                   "s3:PutObject", "cloudformation:DescribeStacks"):
        assert needed in seen, f"the release needs {needed}"


def test_pipeline_exports_the_deploy_role(pipeline):
    assert "DeployRoleArn" in exports_of(pipeline)


# --- Order -------------------------------------------------------------------------------------------


def test_deploy_sh_deploys_every_stack_after_the_stacks_it_imports_from():
    order = deploy_order()
    assert order[:3] == ["network", "data", "registry"], order
    present = set(present_stacks())
    if CI:
        missing = [stack for stack in order if stack not in present]
        assert not missing, f"deploy.sh deploys stacks with no template: {missing}"
    exporters = {}
    for stack in present:
        for key in exports_of(load_template(template_file(stack).stem)):
            assert key not in exporters, f"{key} is exported by both {exporters[key]} and {stack}"
            exporters[key] = stack
    problems = []
    for stack in present:
        deployed_after = order if stack in ON_DEMAND else order[: order.index(stack)] if stack in order else None
        if deployed_after is None:
            continue
        for key in sorted(imports_of(load_template(template_file(stack).stem))):
            exporter = exporters.get(key)
            if exporter is None:
                # Outside CI the exporting template may not be written yet.
                if CI or set(order) <= present:
                    problems.append(f"{stack} imports {key}, which no stack exports")
                continue
            if exporter == stack:
                problems.append(f"{stack} imports its own export {key}")
            elif (stack in OTHER_REGION) != (exporter in OTHER_REGION) or (
                stack in OTHER_REGION and exporter != stack
            ):
                problems.append(f"{stack} imports {key} from {exporter} in another region (exports stay in their region)")
            elif exporter not in deployed_after:
                problems.append(f"{stack} is deployed before {exporter}, whose {key} it imports")
    assert not problems, "\n".join(problems)


def test_every_template_is_deployed_by_deploy_sh():
    order = deploy_order()
    strays = [stack for stack in present_stacks() if stack not in order and stack not in ON_DEMAND]
    assert not strays, f"templates deploy.sh never deploys: {strays}"
    script = DEPLOY_SH.read_text()
    for stack in ON_DEMAND & set(present_stacks()):
        assert stack in script, f"deploy.sh cannot deploy {stack} with --only"


# --- Parameter files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("stack", present_stacks())
def test_every_stack_has_parameter_files_that_fit_its_template(stack, environment):
    path = AWS / "params" / environment / f"{stack}.json"
    assert path.exists(), f"no {path.relative_to(REPO)}"
    values = load_parameters(environment, stack)
    declared = load_template(template_file(stack).stem).get("Parameters", {})
    unknown = sorted(set(values) - set(declared))
    assert not unknown, f"{path.name} sets parameters {stack} does not declare: {unknown}"
    for key, value in values.items():
        assert isinstance(value, (str, int, float, bool)), f"{key}: deploy.sh passes Key=Value, not {type(value)}"
    # deploy.sh passes EnvironmentName itself; a file that sets it must agree.
    assert values.get("EnvironmentName", environment) == environment
    passed = PASSED_BY_DEPLOY_SH.get(stack, set()) | {"EnvironmentName", "ProjectName"}
    missing = sorted(name for name, spec in declared.items()
                     if "Default" not in spec and name not in values and name not in passed)
    assert not missing, f"{stack} in {environment}: no value for {missing}"


@pytest.mark.parametrize("stack", sorted(PASSED_BY_DEPLOY_SH))
def test_what_deploy_sh_passes_are_parameters_of_the_template(stack):
    if not template_file(stack).exists():
        if CI:
            pytest.fail(f"no template for {stack}")
        pytest.skip(f"{stack}'s template is not written yet")
    declared = load_template(template_file(stack).stem).get("Parameters", {})
    required = PASSED_BY_DEPLOY_SH[stack] - {"DesiredCount", "ExistingOidcProviderArn"}
    assert required <= set(declared), f"deploy.sh passes {sorted(required - set(declared))} to {stack}"
    if stack == "edge":
        assert declared["OriginSecret"].get("NoEcho") in (True, "true"), "the origin secret must be NoEcho"


def test_deploy_sh_really_passes_what_it_is_listed_as_passing():
    # The list above excuses parameter files from giving these values; a value the script
    # forgot would leave a required parameter empty (prod's DrVaultArn once did).
    script = DEPLOY_SH.read_text()
    for stack, names in PASSED_BY_DEPLOY_SH.items():
        for name in names:
            assert re.search(rf"\b{name}=", script), f"deploy.sh never passes {name} to {stack}"


def test_every_template_accepts_the_same_project_names():
    # Exports and imports join stacks by ${ProjectName}-${EnvironmentName}-KEY: a name one
    # template accepts and another refuses would fail a deployment halfway.
    patterns = {stack: load_template(template_file(stack).stem)["Parameters"]["ProjectName"].get("AllowedPattern")
                for stack in present_stacks()}
    assert len(set(patterns.values())) == 1, patterns
    assert re.fullmatch(next(iter(patterns.values())), "mycandidate")


def test_app_region_placeholders_agree(environment):
    # The ALB's certificate must live in the app region, where the network's zones are.
    zones = {value for key, value in load_parameters(environment, "network").items() if key.startswith("AvailabilityZone")}
    regions = {zone[:-1] for zone in zones}
    assert len(regions) == 1, zones
    certificate = load_parameters(environment, "app")["CertificateArn"]
    assert certificate.split(":")[3] in regions, f"{certificate} is not in {regions}"


def test_generated_names_are_not_kept_in_parameter_files(environment):
    # The static bucket's name is CloudFormation's; a file value would be a stale placeholder.
    assert "StaticBucketName" not in load_parameters(environment, "pipeline")


def region_settings(environment: str) -> dict:
    """params/ENV/regions.env as a dict (KEY=VALUE lines, # comments), as lib.sh reads it."""
    path = AWS / "params" / environment / "regions.env"
    assert path.exists(), f"no {path.relative_to(REPO)}"
    settings = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            settings[key.strip()] = value.strip()
    return settings


def test_dr_region_comes_from_one_place_and_only_prod_copies():
    prod, dev = region_settings("prod"), region_settings("dev")
    assert re.fullmatch(r"[a-z]{2}(-[a-z]+)+-[0-9]+", prod.get("DR_REGION", "")), "prod needs a DR region"
    assert dev.get("DR_REGION", "") == "", "dev makes no DR copy, so it has no backup-dr stack to pay for"
    for environment in ("dev", "prod"):
        # deploy.sh passes DrVaultArn from the backup-dr stack; a file value would go stale.
        assert "DrVaultArn" not in load_parameters(environment, "backup")
    assert load_parameters("dev", "backup").get("HourlyDrCopies", "false") == "false"
    for script in ("deploy.sh", "lib.sh", "teardown.sh"):
        assert "DrRegion" not in (AWS / script).read_text(), f"{script} names a DrRegion setting that does not exist"


# --- The workflow -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def test_the_workflow_uses_oidc_and_no_stored_keys(workflow):
    text = WORKFLOW.read_text()
    assert "aws-access-key-id" not in text and "AWS_SECRET_ACCESS_KEY" not in text
    deploys = [job for job in workflow["jobs"].values() if "environment" in job]
    assert deploys, "deploy jobs run in GitHub environments"
    for job in deploys:
        assert job["permissions"] == {"id-token": "write", "contents": "read"}
        assert "concurrency" in job, "one deploy per environment at a time"


def environment_of(job: dict) -> str:
    environment = job.get("environment", "")
    return environment["name"] if isinstance(environment, dict) else environment


def test_prod_deploys_after_dev_through_its_protected_environment(workflow):
    jobs = workflow["jobs"]
    by_environment = {environment_of(job): name for name, job in jobs.items() if environment_of(job)}
    assert set(by_environment) == {"dev", "prod"}
    assert by_environment["dev"] in as_list(jobs[by_environment["prod"]]["needs"]), "prod needs the dev deploy"
    for environment, name in by_environment.items():
        assert jobs[name]["concurrency"]["group"].endswith(environment)
        assert jobs[name]["concurrency"]["cancel-in-progress"] is False, "a migration must not be cut off"


def test_actions_are_pinned(workflow):
    for path in (REPO / ".github" / "workflows").glob("*.y*ml"):
        for match in re.finditer(r"uses:\s*([^\s#]+)", path.read_text()):
            ref = match.group(1)
            if ref.startswith(("./", "docker://")):
                continue
            version = ref.rpartition("@")[2]
            assert re.fullmatch(r"[0-9a-f]{40}|v?\d+(\.\d+){0,2}", version), f"{path.name}: {ref} is not pinned"
