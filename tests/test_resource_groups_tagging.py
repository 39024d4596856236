"""moto's Resource Groups Tagging API sees this service's tagged resources and can tag them.

Runs against the oldest supported moto too (see the Makefile): moto 5.0 has no UntagResources.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any

import boto3
import pytest
from moto import mock_aws
from readme_examples import run_readme_example

from moto_lookoutequipment import _compat
from moto_lookoutequipment.resource_groups_tagging import resource_type

REGION = "us-east-1"
ACCOUNT_ID = "123456789012"


@pytest.fixture
def tagging() -> Any:
    with mock_aws():
        yield boto3.client("resourcegroupstaggingapi", region_name=REGION)


@pytest.fixture
def lookout(tagging: Any) -> Any:
    return boto3.client("lookoutequipment", region_name=REGION)


def create(lookout: Any, name: str, **tags: str) -> str:
    tag_list = [{"Key": key, "Value": value} for key, value in tags.items()]
    arn: str = lookout.create_dataset(DatasetName=name, ClientToken=name, Tags=tag_list)[
        "DatasetArn"
    ]
    return arn


def mappings(tagging: Any, **filters: Any) -> dict[str, dict[str, str]]:
    found = tagging.get_resources(**filters)["ResourceTagMappingList"]
    return {
        item["ResourceARN"]: {tag["Key"]: tag["Value"] for tag in item["Tags"]}
        for item in found
        if ":lookoutequipment:" in item["ResourceARN"]
    }


def test_get_resources_lists_live_tagged_resources(tagging: Any, lookout: Any) -> None:
    pump = create(lookout, "pump", team="pumps", site="north")
    create(lookout, "untagged")
    gone = create(lookout, "gone", team="pumps")
    lookout.delete_dataset(DatasetName="gone")
    assert mappings(tagging) == {pump: {"team": "pumps", "site": "north"}}
    assert gone not in mappings(tagging)


def test_get_resources_filters_by_resource_type_and_tag(tagging: Any, lookout: Any) -> None:
    pump = create(lookout, "pump", team="pumps")
    fan = create(lookout, "fan", team="fans")
    assert set(mappings(tagging, ResourceTypeFilters=["lookoutequipment"])) == {pump, fan}
    assert set(mappings(tagging, ResourceTypeFilters=["lookoutequipment:dataset"])) == {pump, fan}
    assert mappings(tagging, ResourceTypeFilters=["lookoutequipment:model"]) == {}
    assert set(mappings(tagging, TagFilters=[{"Key": "team", "Values": ["fans"]}])) == {fan}
    assert set(mappings(tagging, TagFilters=[{"Key": "team"}])) == {pump, fan}
    assert mappings(tagging, TagFilters=[{"Key": "owner"}]) == {}


def test_other_regions_are_not_listed(tagging: Any) -> None:
    elsewhere = boto3.client("lookoutequipment", region_name="eu-west-1")
    create(elsewhere, "pump", team="pumps")
    assert mappings(tagging) == {}


def test_tag_keys_and_values(tagging: Any, lookout: Any) -> None:
    create(lookout, "pump", team="pumps", site="north")
    create(lookout, "fan", team="fans")
    assert {"team", "site"} <= set(tagging.get_tag_keys()["TagKeys"])
    assert sorted(tagging.get_tag_values(Key="team")["TagValues"]) == ["fans", "pumps"]


def test_tag_resources_goes_through_the_services_own_checks(tagging: Any, lookout: Any) -> None:
    pump = create(lookout, "pump", team="pumps")
    missing = pump.replace("dataset/pump/", "dataset/missing/")
    elsewhere = pump.replace(REGION, "eu-west-1")
    failed = tagging.tag_resources(
        ResourceARNList=[pump, missing, elsewhere], Tags={"env": "test"}
    )["FailedResourcesMap"]
    assert set(failed) == {missing, elsewhere}
    if _compat.TAGGING_MIXIN:
        # moto's tagging API gives every resource a backend refuses its own failure entry.
        assert failed[missing]["ErrorCode"] == "InternalServiceException"
    else:
        assert failed[missing]["ErrorCode"] == "InvalidParameterException"
        assert failed[missing]["StatusCode"] == 400
        assert failed[missing]["ErrorMessage"] == (
            f"ResourceNotFoundException: Resource '{missing}' does not exist."
        )
        assert failed[elsewhere]["ErrorCode"] == "InvalidParameterException"
    tags = lookout.list_tags_for_resource(ResourceArn=pump)["Tags"]
    assert {tag["Key"]: tag["Value"] for tag in tags} == {"team": "pumps", "env": "test"}

    refused = tagging.tag_resources(ResourceARNList=[pump], Tags={"aws:owner": "me"})
    assert set(refused["FailedResourcesMap"]) == {pump}
    if not _compat.TAGGING_MIXIN:
        message = refused["FailedResourcesMap"][pump]["ErrorMessage"]
        assert message.startswith("ValidationException: ")
    tags = lookout.list_tags_for_resource(ResourceArn=pump)["Tags"]
    assert {tag["Key"]: tag["Value"] for tag in tags} == {"team": "pumps", "env": "test"}


def test_tag_resources_still_tags_other_services(tagging: Any, lookout: Any) -> None:
    logs = boto3.client("logs", region_name=REGION)
    logs.create_log_group(logGroupName="pump-logs")
    group_arn = logs.describe_log_groups()["logGroups"][0]["arn"].rstrip(":*")
    pump = create(lookout, "pump")
    failed = tagging.tag_resources(ResourceARNList=[group_arn, pump], Tags={"env": "test"})
    assert failed["FailedResourcesMap"] == {}
    assert logs.list_tags_log_group(logGroupName="pump-logs")["tags"] == {"env": "test"}
    assert mappings(tagging) == {pump: {"env": "test"}}


def test_untag_resources_removes_only_the_named_keys(tagging: Any, lookout: Any) -> None:
    from moto.resourcegroupstaggingapi.models import ResourceGroupsTaggingAPIBackend

    if not hasattr(ResourceGroupsTaggingAPIBackend, "untag_resources"):
        pytest.skip("this moto release has no UntagResources")
    pump = create(lookout, "pump", team="pumps", site="north")
    failed = tagging.untag_resources(ResourceARNList=[pump], TagKeys=["site"])
    assert failed["FailedResourcesMap"] == {}
    assert lookout.list_tags_for_resource(ResourceArn=pump)["Tags"] == [
        {"Key": "team", "Value": "pumps"}
    ]


@pytest.mark.parametrize(
    ("arn", "expected"),
    [
        ("arn:aws:lookoutequipment:us-east-1:1:dataset/d/x", "lookoutequipment:dataset"),
        ("arn:aws:lookoutequipment:us-east-1:1:model/m/x", "lookoutequipment:model"),
        (
            "arn:aws:lookoutequipment:us-east-1:1:model/m/x/model-version/3",
            "lookoutequipment:model-version",
        ),
        ("arn:aws:lookoutequipment:us-east-1:1:label-group/g/x", "lookoutequipment:label-group"),
        (
            "arn:aws:lookoutequipment:us-east-1:1:inference-scheduler/s/x",
            "lookoutequipment:inference-scheduler",
        ),
    ],
)
def test_each_arn_kind_has_its_resource_type(arn: str, expected: str) -> None:
    assert resource_type(arn) == expected


# The rest of this file runs with moto's tagging API imported after this package (the package
# then waits for moto to import it). Here it is imported first, then dropped and imported again
# (as pytest's pytester does with the modules an inner session imported).
IMPORT_ORDER_SCRIPT = textwrap.dedent(
    """
    import sys
    import moto.resourcegroupstaggingapi.models
    import boto3
    import moto_lookoutequipment
    from moto import mock_aws


    def tagged():
        with mock_aws():
            lookout = boto3.client("lookoutequipment", region_name="us-east-1")
            tags = [{"Key": "k", "Value": "v"}]
            lookout.create_dataset(DatasetName="d", ClientToken="t", Tags=tags)
            tagging = boto3.client("resourcegroupstaggingapi", region_name="us-east-1")
            return len(tagging.get_resources(TagFilters=[{"Key": "k"}])["ResourceTagMappingList"])


    print(tagged())
    for name in [name for name in sys.modules if name.startswith("moto.resourcegroupstagging")]:
        del sys.modules[name]
    print(tagged())
    """
)


def test_tagging_api_imported_before_the_package_and_again() -> None:
    finished = subprocess.run(
        [sys.executable, "-c", IMPORT_ORDER_SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env={"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "PATH": ""},
    )
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.split() == ["1", "1"]


def test_the_readme_example_runs() -> None:
    run_readme_example("Resource Groups Tagging API", "test_tagged_datasets_are_listed")
