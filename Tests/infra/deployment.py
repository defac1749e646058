"""A template as one environment's parameter file would deploy it: parameters resolved, the
conditions evaluated, and resources and outputs whose condition is false left out. Only what
the invariant tests need is evaluated; other intrinsic functions stay as they are."""

from conftest import load_parameters, load_template


def stack_parameter_values(template: dict, stack: str, environment: str, **overrides) -> dict:
    """Every parameter's value for an environment: the parameter file over the defaults, and
    `overrides` over both."""
    values = {name: str(spec["Default"]) for name, spec in template["Parameters"].items() if "Default" in spec}
    values.update(load_parameters(environment, stack))
    values.update(overrides)
    return values


def evaluate(node, values: dict, conditions: dict):
    """Resolves Ref (to parameters), Fn::Equals/Not/And/Or, Condition and Fn::If, and drops
    AWS::NoValue from lists."""
    if isinstance(node, list):
        resolved = [evaluate(item, values, conditions) for item in node]
        return [item for item in resolved if item != {"Ref": "AWS::NoValue"}]
    if not isinstance(node, dict):
        return node
    if len(node) == 1:
        (key, argument), = node.items()
        if key == "Ref" and argument in values:
            return values[argument]
        if key == "Condition":
            return conditions[argument]
        if key == "Fn::Equals":
            left, right = (evaluate(side, values, conditions) for side in argument)
            return str(left) == str(right)
        if key == "Fn::Not":
            return not evaluate(argument[0], values, conditions)
        if key == "Fn::And":
            return all(evaluate(item, values, conditions) for item in argument)
        if key == "Fn::Or":
            return any(evaluate(item, values, conditions) for item in argument)
        if key == "Fn::If":
            name, when_true, when_false = argument
            return evaluate(when_true if conditions[name] else when_false, values, conditions)
    return {key: evaluate(value, values, conditions) for key, value in node.items()}


class StackDeployment:
    """deploy/aws/<stack>.yaml as `environment`'s parameters (and `overrides`) would deploy it."""

    def __init__(self, stack: str, environment: str, **overrides):
        template = load_template(stack)
        self.values = stack_parameter_values(template, stack, environment, **overrides)
        self.conditions = {}
        for name, expression in template.get("Conditions", {}).items():
            self.conditions[name] = evaluate(expression, self.values, self.conditions)
        self.resources = {
            name: evaluate(resource, self.values, self.conditions)
            for name, resource in template["Resources"].items()
            if self.conditions.get(resource.get("Condition"), True)
        }
        self.outputs = {
            name: evaluate(output, self.values, self.conditions)
            for name, output in template.get("Outputs", {}).items()
            if self.conditions.get(output.get("Condition"), True)
        }

    def of_type(self, resource_type: str) -> dict:
        """The Properties of this deployment's resources of one type, by logical id."""
        return {
            name: resource["Properties"]
            for name, resource in self.resources.items()
            if resource["Type"] == resource_type
        }

    def properties(self, name: str) -> dict:
        """The Properties of one resource."""
        return self.resources[name]["Properties"]
