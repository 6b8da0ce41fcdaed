"""What ships: the SAM template, the skill manifest and the ASK CLI project.

No AWS account is reachable, so these use the real tools' offline checks: cfn-lint on the template,
and AWS's own SAM translator (what ``sam deploy`` runs) to expand it into the CloudFormation that
would be deployed, whose IAM role and Lambda permission are then inspected.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from devtools.askcli import (
    APL_INTERFACE,
    EXAMPLE_PHRASES,
    SKILL_NAME,
    check_manifest,
    model_locales,
    skill_manifest,
    write_ask_project,
)
from devtools.envelopes import DEFAULT_SKILL_ID
from devtools.nlu import ResolutionKind, load_model
from devtools.package import DEFAULT_OUTPUT, DEFAULT_TARGET
from skill.storage import DEFAULT_TABLE

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "lambda" / "template.yaml"
MODELS = ROOT / "interaction_models"
ALEXA_REGIONS = ("us-east-1", "eu-west-1", "us-west-2")
"""Where Alexa calls Lambda functions from (North America, Europe, Far East)."""
ITEM_ACTIONS = {
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:Scan",  # only to forget every person of an account that disabled the skill
}
LOG_ACTIONS = {"logs:CreateLogStream", "logs:PutLogEvents"}
ALEXA_TIMEOUT_S = 8
LOCALES = ("en-AU", "en-CA", "en-GB", "en-IN", "en-US")
LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:foot-routine-SkillFunction-Ab12Cd34"


def _untyped(module: str) -> Any:
    """cfn-lint and the SAM translator ship no type information: import them as Any."""
    return importlib.import_module(module)


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    data, matches = _untyped("cfnlint.decode").decode(str(TEMPLATE))
    assert matches == [], matches
    plain: dict[str, Any] = json.loads(json.dumps(data))
    return plain


FUNCTIONS = ("SkillFunction", "SkillFunctionSnapStart")
"""The function's two declarations in the template: without and with SnapStart (one is created)."""


@dataclass(frozen=True)
class Deployed:
    """What CloudFormation would create for one value of the SnapStart parameter."""

    snapstart: bool
    resources: dict[str, Any]
    outputs: dict[str, Any]


def _evaluate(node: Any, conditions: dict[str, bool]) -> Any:
    """``node`` with every ``Fn::If`` replaced by its chosen branch, as CloudFormation would."""
    if isinstance(node, list):
        return [_evaluate(item, conditions) for item in node]
    if not isinstance(node, dict):
        return node
    if set(node) == {"Fn::If"}:
        name, when_true, when_false = node["Fn::If"]
        return _evaluate(when_true if conditions[name] else when_false, conditions)
    return {key: _evaluate(value, conditions) for key, value in node.items()}


def _condition(spec: Any, parameters: dict[str, str], conditions: dict[str, Any]) -> bool:
    """The template's conditions (Fn::Equals on a parameter, Fn::Not, Condition), evaluated."""
    if "Fn::Equals" in spec:
        left, right = (
            parameters[side["Ref"]] if isinstance(side, dict) else side for side in spec["Fn::Equals"]
        )
        return bool(left == right)
    if "Fn::Not" in spec:
        return not _condition(spec["Fn::Not"][0], parameters, conditions)
    if "Condition" in spec:
        return _condition(conditions[spec["Condition"]], parameters, conditions)
    raise AssertionError(f"condition not understood by this test: {spec}")


@pytest.fixture(scope="module", params=["false", "true"], ids=["snapstart-off", "snapstart-on"])
def deployed(template: dict[str, Any], request: pytest.FixtureRequest) -> Deployed:
    """The resources CloudFormation would get: the template after SAM's transform, conditions applied.

    ``sam deploy`` uploads the zip and puts its S3 location in CodeUri before transforming; the
    translator only accepts that form, so the test does the same with a made-up location. The
    translator keeps conditions as they are; CloudFormation evaluates them for the parameter values,
    and so does the fixture: resources whose condition is false are dropped, ``Fn::If`` resolved.
    """
    parameters = {"SkillId": DEFAULT_SKILL_ID, "TableName": DEFAULT_TABLE, "SnapStart": request.param}
    packaged = json.loads(json.dumps(template))
    for name in FUNCTIONS:
        packaged["Resources"][name]["Properties"]["CodeUri"] = "s3://deploy-bucket/lambda.zip"
    transform = _untyped("samtranslator.translator.transform").transform
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_DEFAULT_REGION", "us-east-1")  # the translator resolves AWS::Region
        output = transform(packaged, parameters, managed_policy_loader=None)
    specs = output.get("Conditions", {})
    conditions = {name: _condition(spec, parameters, specs) for name, spec in specs.items()}
    resources = {
        name: _evaluate(resource, conditions)
        for name, resource in output["Resources"].items()
        if conditions.get(resource.get("Condition", ""), True)
    }
    return Deployed(request.param == "true", resources, _evaluate(output["Outputs"], conditions))


def _of_type(resources: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [resource["Properties"] for resource in resources.values() if resource["Type"] == kind]


def _function(template: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = template["Resources"]["SkillFunction"]["Properties"]
    return properties


# --------------------------------------------------------------------------------------------------
# The SAM template
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("snapstart", ["false", "true"])
def test_cfn_lint_passes(snapstart: str, tmp_path: Path) -> None:
    """With the SnapStart parameter's default either way (cfn-lint also checks both conditions)."""
    text = TEMPLATE.read_text(encoding="utf-8")
    default = '    Default: "false"\n    AllowedValues: ["false", "true"]\n'
    assert text.count(default) == 1
    copy = tmp_path / "template.yaml"
    copy.write_text(text.replace(default, default.replace('"false"', f'"{snapstart}"', 1)), encoding="utf-8")
    api = _untyped("cfnlint.api")
    matches = api.lint_file(copy, api.ManualArgs(regions=list(ALEXA_REGIONS)))
    assert [str(match) for match in matches] == []


def test_function_runs_the_handler_the_package_is_built_for(template: dict[str, Any]) -> None:
    function = _function(template)
    module, _, attribute = function["Handler"].partition(".")
    assert (ROOT / "lambda" / f"{module}.py").is_file()
    assert attribute == "lambda_handler"
    assert function["Runtime"] == DEFAULT_TARGET.runtime
    assert function["Architectures"] == [DEFAULT_TARGET.architecture]


def test_code_is_the_zip_foot_routine_package_writes(template: dict[str, Any]) -> None:
    code = (TEMPLATE.parent / _function(template)["CodeUri"]).resolve()
    assert code == ROOT / DEFAULT_OUTPUT


def test_function_answers_before_alexa_gives_up(template: dict[str, Any]) -> None:
    assert _function(template)["Timeout"] <= ALEXA_TIMEOUT_S - 1


def test_function_configuration_follows_the_contract(template: dict[str, Any]) -> None:
    assert _function(template)["Environment"]["Variables"] == {
        "SKILL_STORE": "dynamodb",
        "SKILL_TABLE": {"Ref": "ProgressTable"},
        "SKILL_ID": {"Ref": "SkillId"},
        "FOOT_ROUTINE_SNAPSTART": {"Fn::If": ["SnapStartOn", "1", "0"]},
    }


def test_the_two_declarations_of_the_function_differ_only_in_snapstart(template: dict[str, Any]) -> None:
    resources = template["Resources"]
    off, on = (resources[name] for name in FUNCTIONS)
    assert (off["Condition"], on["Condition"]) == ("SnapStartOff", "SnapStartOn")
    extra = {key: on["Properties"][key] for key in set(on["Properties"]) - set(off["Properties"])}
    assert extra == {"AutoPublishAlias": "live", "SnapStart": {"ApplyOn": "PublishedVersions"}}
    assert {key: on["Properties"][key] for key in off["Properties"]} == off["Properties"]
    assert template["Conditions"] == {
        "SnapStartOn": {"Fn::Equals": [{"Ref": "SnapStart"}, "true"]},
        "SnapStartOff": {"Fn::Not": [{"Condition": "SnapStartOn"}]},
    }


def test_snapstart_on_publishes_a_version_behind_an_alias_and_snapshots_it(deployed: Deployed) -> None:
    functions = _of_type(deployed.resources, "AWS::Lambda::Function")
    assert len(functions) == 1, "exactly one of the two declarations is created"
    function = functions[0]
    variables = function["Environment"]["Variables"]
    versions = _of_type(deployed.resources, "AWS::Lambda::Version")
    aliases = _of_type(deployed.resources, "AWS::Lambda::Alias")
    if not deployed.snapstart:
        assert variables["FOOT_ROUTINE_SNAPSTART"] == "0"
        assert "SnapStart" not in function and versions == [] and aliases == []
        assert deployed.outputs["SkillFunctionArn"]["Value"] == {"Fn::GetAtt": ["SkillFunction", "Arn"]}
        return
    assert variables["FOOT_ROUTINE_SNAPSTART"] == "1"
    assert function["SnapStart"] == {"ApplyOn": "PublishedVersions"}
    assert len(versions) == 1 and versions[0]["FunctionName"] == {"Ref": "SkillFunctionSnapStart"}
    version_id = next(name for name, r in deployed.resources.items() if r["Type"] == "AWS::Lambda::Version")
    assert len(aliases) == 1
    assert aliases[0]["Name"] == "live"
    assert aliases[0]["FunctionVersion"] == {"Fn::GetAtt": [version_id, "Version"]}
    alias_id = next(name for name, r in deployed.resources.items() if r["Type"] == "AWS::Lambda::Alias")
    assert deployed.outputs["SkillFunctionArn"]["Value"] == {"Ref": alias_id}, "the endpoint is the alias"


def test_table_is_on_demand_keyed_by_id_with_ttl_encryption_and_recovery(template: dict[str, Any]) -> None:
    table = template["Resources"]["ProgressTable"]
    assert table["Type"] == "AWS::DynamoDB::Table"
    assert table["DeletionPolicy"] == table["UpdateReplacePolicy"] == "Retain"
    properties = table["Properties"]
    assert properties["TableName"] == {"Ref": "TableName"}
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert properties["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert properties["AttributeDefinitions"] == [{"AttributeName": "id", "AttributeType": "S"}]
    assert properties["TimeToLiveSpecification"] == {"AttributeName": "ttl", "Enabled": True}
    assert properties["SSESpecification"] == {"SSEEnabled": True}
    assert properties["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}


def test_the_only_permissions_are_item_access_to_the_table_and_its_own_logs(deployed: Deployed) -> None:
    resources = deployed.resources
    roles = _of_type(resources, "AWS::IAM::Role")
    assert len(roles) == 1
    role = roles[0]
    assert role.get("ManagedPolicyArns", []) == []
    assert role["AssumeRolePolicyDocument"]["Statement"] == [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ]
    granted: dict[str, Any] = {}
    for policy in role["Policies"]:
        for statement in policy["PolicyDocument"]["Statement"]:
            assert statement["Effect"] == "Allow"
            assert "NotAction" not in statement and "NotResource" not in statement
            actions = statement["Action"]
            for action in [actions] if isinstance(actions, str) else actions:
                assert action not in granted, action
                granted[action] = statement["Resource"]
    assert granted == {
        **{action: {"Fn::GetAtt": ["ProgressTable", "Arn"]} for action in ITEM_ACTIONS},
        **{action: {"Fn::GetAtt": ["SkillFunctionLogs", "Arn"]} for action in LOG_ACTIONS},
    }
    assert not _of_type(resources, "AWS::IAM::Policy") and not _of_type(resources, "AWS::IAM::ManagedPolicy")


def test_the_function_logs_to_its_own_group_with_a_retention(deployed: Deployed) -> None:
    (function,) = _of_type(deployed.resources, "AWS::Lambda::Function")
    assert function["Role"] == {"Fn::GetAtt": ["SkillFunctionRole", "Arn"]}
    assert function["LoggingConfig"] == {"LogGroup": {"Ref": "SkillFunctionLogs"}}
    assert deployed.resources["SkillFunctionLogs"]["Properties"]["RetentionInDays"] <= 90


def test_only_this_skill_may_invoke_the_function(deployed: Deployed) -> None:
    """Its alias with SnapStart (the published, snapshotted version), else the function itself."""
    if deployed.snapstart:
        target = next(name for name, r in deployed.resources.items() if r["Type"] == "AWS::Lambda::Alias")
    else:
        target = "SkillFunction"
    assert _of_type(deployed.resources, "AWS::Lambda::Permission") == [
        {
            "Action": "lambda:InvokeFunction",
            "FunctionName": {"Ref": target},
            "Principal": "alexa-appkit.amazon.com",
            "EventSourceToken": {"Ref": "SkillId"},
        }
    ]


def test_parameters_and_outputs(template: dict[str, Any]) -> None:
    parameters = template["Parameters"]
    assert set(parameters) == {"SkillId", "TableName", "SnapStart"}
    assert parameters["SnapStart"]["Default"] == "false", "off unless asked for"
    assert parameters["SnapStart"]["AllowedValues"] == ["false", "true"]
    skill_id = re.compile(parameters["SkillId"]["AllowedPattern"])
    assert skill_id.fullmatch(DEFAULT_SKILL_ID)
    assert not skill_id.fullmatch("amzn1.ask.skill.")
    assert not skill_id.fullmatch("")
    assert "Default" not in parameters["SkillId"], "the trigger must name the real skill"
    assert parameters["TableName"]["Default"] == DEFAULT_TABLE
    assert re.fullmatch(parameters["TableName"]["AllowedPattern"], DEFAULT_TABLE)
    assert template["Outputs"]["SkillFunctionArn"]["Value"] == {
        "Fn::If": [
            "SnapStartOn",
            {"Ref": "SkillFunctionSnapStart.Alias"},
            {"Fn::GetAtt": ["SkillFunction", "Arn"]},
        ]
    }


# --------------------------------------------------------------------------------------------------
# The skill manifest and the ASK CLI project
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "ask"
    write_ask_project(root)
    return root


def _manifest(project: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((project / "skill-package" / "skill.json").read_text(encoding="utf-8"))
    return data


def test_project_layout_and_models_identical_to_their_source(tmp_path: Path) -> None:
    root = tmp_path / "ask"
    written = write_ask_project(root)
    locales = model_locales(MODELS)
    assert {"en-AU", "en-CA", "en-GB", "en-IN", "en-US"} <= set(locales)
    models = [
        root / "skill-package" / "interactionModels" / "custom" / f"{locale}.json" for locale in locales
    ]
    task = root / "skill-package" / "tasks" / "StartFootRoutine.1.json"
    assert written == [root / "ask-resources.json", root / "skill-package" / "skill.json", task, *models]
    definition = json.loads(task.read_text(encoding="utf-8"))
    assert list(definition["paths"]) == ["/StartFootRoutine"], "the task an offered routine starts (#23)"
    assert _manifest(root)["manifest"]["apis"]["custom"]["tasks"] == [
        {"name": "StartFootRoutine", "version": "1"}
    ]
    for locale, model in zip(locales, models, strict=True):
        assert model.read_bytes() == (MODELS / f"{locale}.json").read_bytes()
    assert json.loads((root / "ask-resources.json").read_text(encoding="utf-8")) == {
        "askcliResourcesVersion": "2020-03-31",
        "profiles": {"default": {"skillMetadata": {"src": "./skill-package"}}},
    }


def test_generated_manifest_passes_the_checks(project: Path) -> None:
    assert check_manifest(_manifest(project), model_locales=model_locales(MODELS)) == []


def test_manifest_listing(project: Path) -> None:
    manifest = _manifest(project)["manifest"]
    assert manifest["manifestVersion"] == "1.0"
    publishing = manifest["publishingInformation"]
    listing = publishing["locales"]["en-US"]
    assert listing["name"] == SKILL_NAME == "my foot routine"
    assert listing["examplePhrases"] == [
        "Alexa, start my foot routine",
        "Alexa, ask my foot routine for ankle circles",
        "Alexa, resume my foot routine",
    ]
    assert listing["summary"] and listing["description"] and listing["keywords"]
    assert publishing["category"] == "HEALTH_AND_FITNESS"
    assert publishing["isAvailableWorldwide"] is False
    assert publishing["distributionCountries"] == sorted({locale[3:] for locale in model_locales(MODELS)})
    assert {"AU", "CA", "GB", "IN", "US"} <= set(publishing["distributionCountries"])
    assert manifest["privacyAndCompliance"] == {
        "allowsPurchases": False,
        "usesPersonalInfo": False,
        "isChildDirected": False,
        "isExportCompliant": True,
        "containsAds": False,
    }


def test_without_an_arn_the_manifest_has_no_endpoint_yet(project: Path) -> None:
    manifest = _manifest(project)["manifest"]
    interfaces = [{"type": "CAN_FULFILL_INTENT_REQUEST"}, APL_INTERFACE]
    tasks = [{"name": "StartFootRoutine", "version": "1"}]
    assert manifest["apis"] == {"custom": {"interfaces": interfaces, "tasks": tasks}}
    assert "events" not in manifest


def test_with_an_arn_it_is_the_endpoint_for_requests_and_skill_events(tmp_path: Path) -> None:
    write_ask_project(tmp_path, lambda_arn=LAMBDA_ARN)
    manifest = _manifest(tmp_path)["manifest"]
    assert manifest["apis"]["custom"]["endpoint"] == {"uri": LAMBDA_ARN}
    assert manifest["events"] == {
        "endpoint": {"uri": LAMBDA_ARN},
        "subscriptions": [{"eventName": "SKILL_DISABLED"}],
    }
    assert check_manifest(_manifest(tmp_path)) == []
    with pytest.raises(ValueError, match="not a Lambda function ARN"):
        write_ask_project(tmp_path, lambda_arn="arn:aws:lambda:us-east-1:REPLACE-ME")


@pytest.mark.parametrize("locale", model_locales(MODELS))
def test_skill_name_is_the_invocation_name_and_follows_its_rules(project: Path, locale: str) -> None:
    model_file = project / "skill-package" / "interactionModels" / "custom" / f"{locale}.json"
    invocation = json.loads(model_file.read_text(encoding="utf-8"))["interactionModel"]["languageModel"][
        "invocationName"
    ]
    assert invocation == _manifest(project)["manifest"]["publishingInformation"]["locales"][locale]["name"]
    if locale.startswith("en-"):  # each language's own rules: tests/test_interaction_model.py
        assert re.fullmatch(r"[a-z]+(?: [a-z]+)+", invocation)
        assert not set(invocation.split()) & {
            "alexa",
            "amazon",
            "echo",
            "skill",
            "app",
            "ask",
            "open",
            "tell",
        }


def test_every_example_phrase_is_understood_by_the_model() -> None:
    model = load_model(MODELS / "en-US.json")
    start, ask_for, resume = (model.resolve(phrase) for phrase in EXAMPLE_PHRASES)
    assert start.kind is ResolutionKind.LAUNCH
    assert resume.kind is ResolutionKind.LAUNCH
    assert ask_for.kind is ResolutionKind.INTENT and ask_for.intent == "ExerciseIntent"
    assert ask_for.slots["exercise"].id == "ankle_circles"


def test_regenerating_keeps_the_ask_state_and_drops_models_that_are_gone(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "en-US.json").write_bytes((MODELS / "en-US.json").read_bytes())
    root = tmp_path / "ask"
    state = root / ".ask" / "ask-states.json"
    state.parent.mkdir(parents=True)
    state.write_text('{"profiles": {"default": {"skillId": "amzn1.ask.skill.kept"}}}', encoding="utf-8")
    stale = root / "skill-package" / "interactionModels" / "custom" / "en-GB.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}", encoding="utf-8")

    write_ask_project(root, models_dir=models)

    assert state.read_text(encoding="utf-8").endswith('"amzn1.ask.skill.kept"}}}')
    assert not stale.exists()


def test_a_model_locale_without_a_store_listing_is_refused(tmp_path: Path) -> None:
    (tmp_path / "en-US.json").write_bytes((MODELS / "en-US.json").read_bytes())
    (tmp_path / "sv-SE.json").write_bytes((MODELS / "en-US.json").read_bytes())
    with pytest.raises(KeyError, match="sv-SE"):
        write_ask_project(tmp_path / "ask", models_dir=tmp_path)


def _broken(change: str) -> dict[str, Any]:
    data = skill_manifest(["en-US"])
    manifest = data["manifest"]
    listing = manifest["publishingInformation"]["locales"]["en-US"]
    if change == "four example phrases":
        listing["examplePhrases"] = [*EXAMPLE_PHRASES, "Alexa, open my foot routine"]
    elif change == "no wake word":
        listing["examplePhrases"] = ["start my foot routine"]
    elif change == "no disclaimer":
        listing["description"] = "Exercises for your feet."
    elif change == "long summary":
        listing["summary"] = "x" * 161
    elif change == "worldwide with countries":
        manifest["publishingInformation"]["isAvailableWorldwide"] = True
    elif change == "personal info without a privacy policy":
        manifest["privacyAndCompliance"]["usesPersonalInfo"] = True
    elif change == "placeholder endpoint":
        manifest["apis"]["custom"]["endpoint"] = {"uri": "REPLACE_WITH_LAMBDA_ARN"}
    elif change == "http endpoint":
        manifest["apis"]["custom"]["endpoint"] = {
            "uri": "http://example.com/",
            "sslCertificateType": "Trusted",
        }
    elif change == "no manifest version":
        del manifest["manifestVersion"]
    return data


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ("four example phrases", "examplePhrases: 1 to 3"),
        ("no wake word", "must start with 'Alexa, '"),
        ("no disclaimer", "not a substitute for professional medical advice"),
        ("long summary", "summary: 161 characters"),
        ("worldwide with countries", "must be empty when worldwide"),
        ("personal info without a privacy policy", "privacyPolicyUrl: required"),
        ("placeholder endpoint", "a Lambda function ARN or an https:// URL"),
        ("http endpoint", "a Lambda function ARN or an https:// URL"),
        ("no manifest version", "manifestVersion"),
    ],
)
def test_check_manifest_names_what_alexa_would_refuse(change: str, problem: str) -> None:
    problems = check_manifest(_broken(change))
    assert len(problems) == 1 and problem in problems[0], problems


def test_check_manifest_matches_listing_locales_to_models() -> None:
    assert check_manifest(skill_manifest(["en-US"]), model_locales=["en-US", "de-DE"]) == [
        "publishingInformation.locales: no listing for the de-DE model"
    ]
    assert check_manifest({"skillManifest": {}}) == [
        "skill.json must be an object with exactly one key, 'manifest'"
    ]


def test_https_endpoint_for_self_hosting_is_accepted() -> None:
    data = skill_manifest(["en-US"])
    data["manifest"]["apis"]["custom"]["endpoint"] = {
        "uri": "https://skill.example.com/",
        "sslCertificateType": "Trusted",
    }
    assert check_manifest(data) == []


# --------------------------------------------------------------------------------------------------
# The commands
# --------------------------------------------------------------------------------------------------


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "devtools.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        check=False,
    )


def test_ask_project_command(tmp_path: Path) -> None:
    result = _run("ask-project", "--output", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "out/ask-resources.json",
        "out/skill-package/skill.json",
        "out/skill-package/tasks/StartFootRoutine.1.json",
        *(f"out/skill-package/interactionModels/custom/{locale}.json" for locale in model_locales(MODELS)),
    ]
    assert "--lambda-arn" in result.stderr  # what to do once the stack exists

    result = _run("ask-project", "--output", "out", "--lambda-arn", LAMBDA_ARN, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert _manifest(tmp_path / "out")["manifest"]["apis"]["custom"]["endpoint"]["uri"] == LAMBDA_ARN

    result = _run("ask-project", "--output", "out", "--lambda-arn", "not-an-arn", cwd=tmp_path)
    assert result.returncode == 1
    assert "not a Lambda function ARN" in result.stderr


def test_package_command_help(tmp_path: Path) -> None:
    result = _run("package", "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "--output" in result.stdout and "--with-boto3" in result.stdout
    assert str(DEFAULT_OUTPUT) in result.stdout
