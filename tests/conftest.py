import pytest

from tests.checks import VISITED, nu_errors


@pytest.fixture(autouse=True)
def _nu_html_checker_on_every_page_a_journey_checked(request):
    """Each browser journey ends with the Nu HTML Checker reading every page it checked."""
    if request.node.get_closest_marker("browser") is None:
        yield
        return
    VISITED.clear()
    yield
    pages = dict(VISITED)
    VISITED.clear()
    if pages:
        errors = nu_errors(pages)
        assert errors == [], "\n".join(errors)
