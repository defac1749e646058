"""What a teardown leaves behind: resources a template keeps on deletion must not block the next
deployment of the same environment (CloudFormation cannot create a bucket, log group or vault
whose name is taken), and teardown.sh must see every one of them to list it for the operator."""

import re
import shutil
import subprocess

import pytest

from conftest import AWS, load_template

KEPT = {"Retain", "RetainExceptOnCreate", "Snapshot"}
# The property that names each kind of resource, where a kept name would collide.
NAME_PROPERTY = {
    "AWS::S3::Bucket": "BucketName",
    "AWS::Logs::LogGroup": "LogGroupName",
    "AWS::Backup::BackupVault": "BackupVaultName",
    "AWS::ECR::Repository": "RepositoryName",
}
# Fixed names that cannot collide: teardown.sh --delete-data deletes the repository (with its
# images) before the registry stack, and a plain teardown keeps the registry stack itself.
FIXED_NAME_OK = {("registry", "AWS::ECR::Repository")}


def templates() -> list[str]:
    return sorted(path.stem for path in AWS.glob("*.yaml"))


def kept_resources(template: dict) -> dict:
    return {name: r for name, r in template.get("Resources", {}).items() if r.get("DeletionPolicy") in KEPT}


def mentions_stack_id(node) -> bool:
    if isinstance(node, dict):
        return any(k == "Ref" and v == "AWS::StackId" or mentions_stack_id(v) for k, v in node.items())
    if isinstance(node, list):
        return any(mentions_stack_id(v) for v in node)
    return False


@pytest.mark.parametrize("name", templates())
def test_kept_resources_have_generated_or_per_stack_names(name):
    for logical_id, resource in kept_resources(load_template(name)).items():
        prop = NAME_PROPERTY.get(resource["Type"])
        if prop is None or (name, resource["Type"]) in FIXED_NAME_OK:
            continue
        value = resource.get("Properties", {}).get(prop)
        assert value is None or mentions_stack_id(value), (
            f"{name}.yaml {logical_id} is kept after a teardown under the fixed name {value!r}: "
            "the next deployment could not create it; let CloudFormation name it or add the stack id")


def teardown_awk() -> str:
    match = re.search(r"awk '(.*?)' \|\| true", (AWS / "teardown.sh").read_text(), re.S)
    assert match, "teardown.sh reads the DeletionPolicy of the deployed template with awk"
    return match.group(1)


@pytest.mark.skipif(shutil.which("awk") is None, reason="no awk")
@pytest.mark.parametrize("name", templates())
def test_teardown_sees_every_kept_resource(name):
    found = subprocess.run(["awk", teardown_awk(), str(AWS / f"{name}.yaml")],
                           capture_output=True, text=True, check=True).stdout.split("\n")
    seen = dict(line.split(" ", 1) for line in found if line)
    expected = {logical_id: r["DeletionPolicy"] for logical_id, r in kept_resources(load_template(name)).items()}
    assert seen == expected
