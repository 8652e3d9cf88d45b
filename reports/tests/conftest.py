import pytest

from reports.tests.populations import advisors


@pytest.fixture
def population(db):
    """About a hundred advisors in two teams, each group of a size the disclosure rules treat differently."""
    people = {
        "white": advisors(60, ethnic_group="white", sex="female"),
        "asian": advisors(20, ethnic_group="asian", sex="male"),
        "black": advisors(10, ethnic_group="black", sex="female"),
        "mixed": advisors(6, ethnic_group="mixed", sex="male"),
        "other": advisors(5, ethnic_group="other", sex="prefer_not_to_say"),
        "prefer_not_to_say": advisors(4, ethnic_group="prefer_not_to_say"),
        "not_answered": advisors(10),
    }
    # A second team, so that a team report is allowed: 12 more White advisors.
    people["outreach"] = advisors(12, team="Outreach", ethnic_group="white", sex="male")
    return people
