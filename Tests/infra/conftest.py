"""Shared loading for the infrastructure tests: the CloudFormation templates under deploy/aws,
parsed the way CloudFormation reads them (short-form tags such as !Ref become their long
form, {"Ref": ...}), and the parameter files for each environment."""

import json
from pathlib import Path

import pytest
from cfnlint.decode import cfn_yaml

REPO = Path(__file__).resolve().parents[2]
AWS = REPO / "deploy" / "aws"


def load_template(name: str) -> dict:
    """The template deploy/aws/<name>.yaml as a plain dict in long form."""
    return cfn_yaml.load(str(AWS / f"{name}.yaml"))


def load_parameters(environment: str, stack: str) -> dict:
    """deploy/aws/params/<environment>/<stack>.json's parameters, as a name -> value dict."""
    return json.loads((AWS / "params" / environment / f"{stack}.json").read_text())["Parameters"]


def resources_of_type(template: dict, resource_type: str) -> dict:
    """The template's resources of one type, by logical id."""
    return {
        name: resource
        for name, resource in template.get("Resources", {}).items()
        if resource.get("Type") == resource_type
    }


def only_resource(template: dict, resource_type: str) -> dict:
    """The single resource of a type, failing the test when there is not exactly one."""
    found = resources_of_type(template, resource_type)
    assert len(found) == 1, f"expected one {resource_type}, found {sorted(found)}"
    return next(iter(found.values()))


@pytest.fixture(params=["dev", "prod"])
def environment(request) -> str:
    """Runs a test once per environment."""
    return request.param
