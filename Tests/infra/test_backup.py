"""Invariants of deploy/aws/backup.yaml and backup-dr-vault.yaml: daily backups kept 7 days,
point in time for the database, copies to the DR region, and what is selected."""

import re

import pytest

from conftest import load_parameters, load_template, only_resource, resources_of_type

DAILY_CRON = re.compile(r"^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$")


@pytest.fixture(scope="module")
def template():
    return load_template("backup")


@pytest.fixture(scope="module")
def dr_template():
    return load_template("backup-dr-vault")


def rules(template):
    """Every rule of every plan, with Fn::If branches for optional rules taken as present."""
    found = []
    for plan in resources_of_type(template, "AWS::Backup::BackupPlan").values():
        for rule in plan["Properties"]["BackupPlan"]["BackupPlanRule"]:
            if "Fn::If" in rule:
                rule = rule["Fn::If"][1]
            found.append(rule)
    return found


def daily_rule(template):
    daily = [r for r in rules(template) if DAILY_CRON.match(r["ScheduleExpression"]) and not r.get("EnableContinuousBackup")]
    assert len(daily) == 1, "one daily snapshot rule"
    return daily[0]


def copy_actions(rule):
    actions = rule["CopyActions"]
    assert list(actions) == ["Fn::If"], "copied whenever a DR vault is given"
    condition, present, absent = actions["Fn::If"]
    assert absent == {"Ref": "AWS::NoValue"}
    return condition, present


def test_daily_rule_keeps_seven_days(template):
    rule = daily_rule(template)
    assert rule["Lifecycle"] == {"DeleteAfterDays": 7}
    assert rule["TargetBackupVault"] == {"Ref": "Vault"}


def test_daily_backups_are_copied_to_the_dr_vault(template):
    condition, actions = copy_actions(daily_rule(template))
    assert condition == "HasDrVault"
    assert template["Conditions"]["HasDrVault"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "DrVaultArn"}, ""]}]}
    assert actions == [{"DestinationBackupVaultArn": {"Ref": "DrVaultArn"}, "Lifecycle": {"DeleteAfterDays": 7}}]


def test_prod_cannot_deploy_without_a_dr_vault(template):
    rule = template["Rules"]["ProdCopiesToDr"]
    assert rule["RuleCondition"] == {"Fn::Equals": [{"Ref": "EnvironmentName"}, "prod"]}
    assert rule["Assertions"][0]["Assert"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "DrVaultArn"}, ""]}]}


def test_database_has_point_in_time_recovery(template):
    continuous = [r for r in rules(template) if r.get("EnableContinuousBackup") is True]
    assert len(continuous) == 1
    # Continuous backup is kept at most 35 days; 7 matches the instance's own retention.
    assert continuous[0]["Lifecycle"] == {"DeleteAfterDays": 7}


def test_hourly_copies_keep_a_region_loss_within_an_hour(template):
    hourly = [r for r in rules(template) if len(start_minutes(r)) > 1]
    assert len(hourly) == 1
    # Every hour but the daily rule's, which the daily copy stands in for.
    assert len(start_minutes(hourly[0])) == 23
    assert hourly[0]["CopyActions"][0]["DestinationBackupVaultArn"] == {"Ref": "DrVaultArn"}
    plan = next(
        p for p in resources_of_type(template, "AWS::Backup::BackupPlan").values()
        if any("Fn::If" in r for r in p["Properties"]["BackupPlan"]["BackupPlanRule"])
    )
    condition = next(r["Fn::If"][0] for r in plan["Properties"]["BackupPlan"]["BackupPlanRule"] if "Fn::If" in r)
    assert condition == "HourlyToDr"


def selected_resources(template, plan):
    found = [
        s["Properties"]["BackupSelection"]
        for s in resources_of_type(template, "AWS::Backup::BackupSelection").values()
        if s["Properties"]["BackupPlanId"] == {"Ref": plan}
    ]
    assert len(found) == 1
    return found[0]


def rds_arn_of_instance(resource):
    text, variables = resource["Fn::Sub"]
    assert text.endswith(":rds:${AWS::Region}:${AWS::AccountId}:db:${Instance}")
    return variables["Instance"]["Fn::ImportValue"]["Fn::Sub"]


def test_daily_plan_selects_the_database_and_the_file_system(template):
    selection = selected_resources(template, "DailyPlan")
    assert selection["IamRoleArn"] == {"Fn::GetAtt": ["BackupRole", "Arn"]}
    rds, efs = selection["Resources"]
    assert rds_arn_of_instance(rds) == "${ProjectName}-${EnvironmentName}-DatabaseInstanceId"
    assert efs == {"Fn::ImportValue": {"Fn::Sub": "${ProjectName}-${EnvironmentName}-FileSystemArn"}}


def test_point_in_time_plan_selects_the_database_only(template):
    selection = selected_resources(template, "RdsPitrPlan")
    (rds,) = selection["Resources"]
    assert rds_arn_of_instance(rds) == "${ProjectName}-${EnvironmentName}-DatabaseInstanceId"


def test_vault_uses_the_data_key(template):
    vault = only_resource(template, "AWS::Backup::BackupVault")
    assert vault["Properties"]["EncryptionKeyArn"] == {"Fn::ImportValue": {"Fn::Sub": "${ProjectName}-${EnvironmentName}-KmsKeyArn"}}
    assert vault["DeletionPolicy"] == "Retain"


def test_role_can_back_up_and_restore(template):
    role = only_resource(template, "AWS::IAM::Role")["Properties"]
    (statement,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "backup.amazonaws.com"}
    managed = {arn["Fn::Sub"].rsplit("/", 1)[1] for arn in role["ManagedPolicyArns"]}
    assert managed == {"AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"}


def test_dr_vault_has_its_own_key_and_exports_its_arn(dr_template):
    vault = only_resource(dr_template, "AWS::Backup::BackupVault")
    key_ref = vault["Properties"]["EncryptionKeyArn"]
    assert key_ref["Fn::GetAtt"][0] in resources_of_type(dr_template, "AWS::KMS::Key")
    assert vault["DeletionPolicy"] == "Retain"
    assert only_resource(dr_template, "AWS::KMS::Key")["Properties"]["EnableKeyRotation"] is True
    output = dr_template["Outputs"]["DrVaultArn"]
    assert output["Value"] == {"Fn::GetAtt": ["DrVault", "BackupVaultArn"]}


def test_parameter_files(environment, template, dr_template):
    parameters = load_parameters(environment, "backup")
    assert set(parameters) <= set(template["Parameters"])
    assert parameters["EnvironmentName"] == environment
    dr_parameters = load_parameters(environment, "backup-dr")
    assert set(dr_parameters) <= set(dr_template["Parameters"])
    assert dr_parameters["EnvironmentName"] == environment
    if environment == "prod":
        assert parameters["HourlyDrCopies"] == "true"
        # The vault's ARN holds the account id: deploy.sh passes it from the DR stack.
        assert "DrVaultArn" not in parameters


CRON = re.compile(r"^cron\((\d{1,2}) ([\d,*-]+) \* \* \? \*\)$")


def start_minutes(rule) -> set[int]:
    """Minutes of the day a daily-or-hourly rule's cron(M H * * ? *) schedules it."""
    match = CRON.match(rule["ScheduleExpression"])
    assert match, rule["ScheduleExpression"]
    minute, hours = int(match.group(1)), set()
    for part in match.group(2).split(","):
        if part == "*":
            hours |= set(range(24))
        elif "-" in part:
            low, high = map(int, part.split("-"))
            hours |= set(range(low, high + 1))
        else:
            hours.add(int(part))
    return {hour * 60 + minute for hour in hours}


def test_snapshot_rules_never_start_together(template):
    # A job may start any time within its StartWindowMinutes; RDS takes one snapshot of an
    # instance at a time, so the daily and hourly windows must not overlap.
    snapshot_rules = [r for r in rules(template) if not r.get("EnableContinuousBackup")]
    windows = []
    for rule in snapshot_rules:
        for start in start_minutes(rule):
            windows.append((start, start + int(rule["StartWindowMinutes"]), rule["RuleName"]))
    day = 24 * 60
    for i, (start_a, end_a, name_a) in enumerate(windows):
        for start_b, end_b, name_b in windows[i + 1:]:
            for shift in (-day, 0, day):
                assert end_a <= start_b + shift or end_b + shift <= start_a, (
                    f"{name_a} at minute {start_a} and {name_b} at minute {start_b} may start together")
