import pytest

from repflow.config import EXAMPLE_CONFIG, load_config, parse_config
from repflow.domain.models import ReplyPolicy
from repflow.exceptions import ConfigError
from tests.conftest import EXAMPLES


def test_example_config_is_valid(tmp_path):
    path = tmp_path / "repflow.toml"
    path.write_text(EXAMPLE_CONFIG)
    config = load_config(path)
    assert config.creators[0].id == "maya"
    assert config.creators[0].preferences.reply_policy is ReplyPolicy.ASSIST


def test_demo_config_is_valid():
    config = load_config(EXAMPLES / "repflow.toml")
    assert config.creators


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (
            {"creators": [{"id": "a", "preferences": {"min_budgett": 5}}]},
            "creators.0.preferences.min_budgett",
        ),
        (
            {"creators": [{"id": "a", "preferences": {"reply_policy": "yolo"}}]},
            "creators.0.preferences.reply_policy",
        ),
        ({"defaults": {"currency": "dollars"}}, "defaults.currency"),
        ({"defaults": {"required_fields": ["budget", "vibes"]}}, "defaults.required_fields"),
        ({"unknown": 1}, "unknown"),
    ],
)
def test_invalid_config_names_the_key(data, key):
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        parse_config(data)


def test_duplicate_addresses_rejected():
    with pytest.raises(ConfigError, match="two creators"):
        parse_config(
            {"creators": [{"id": "a", "addresses": ["x@y.z"]}, {"id": "b", "addresses": ["X@y.z"]}]}
        )


def test_missing_file_and_bad_toml(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("creators = [")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"defaults": {"rate_card": {"youtube_short": -5}}}, "defaults.rate_card.youtube_short"),
        ({"defaults": {"currency_rates": {"EUR": 0}}}, "defaults.currency_rates.EUR"),
        ({"defaults": {"currency_rates": {"EUR": -1.1}}}, "defaults.currency_rates.EUR"),
        ({"defaults": {"min_budget": -1}}, "defaults.min_budget"),
        ({"defaults": {"negotiate_ratio": -0.5}}, "defaults.negotiate_ratio"),
        ({"defaults": {"accepted_platforms": ["youtube", "myspace"]}}, "accepted_platforms"),
    ],
)
def test_no_negative_prices_or_multipliers(data, key):
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        parse_config(data)


def test_accepted_platforms_default_to_all_and_can_be_narrowed():
    from repflow.domain.models import Platform

    assert parse_config({}).defaults.accepted_platforms == frozenset(Platform)
    narrowed = parse_config({"defaults": {"accepted_platforms": ["youtube", "instagram"]}})
    assert narrowed.defaults.accepted_platforms == {Platform.YOUTUBE, Platform.INSTAGRAM}
    free = parse_config({"defaults": {"rate_card": {"youtube_short": 0}}})
    assert free.defaults.rate_card["youtube_short"] == 0  # zero is a price (free), not an error
