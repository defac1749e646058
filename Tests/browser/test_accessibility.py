"""axe-core's WCAG 2.1 A and AA rules on every kind of public page."""

import json

import pytest
from axe_selenium_python import Axe

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

PAGES = {
    "home": "/",
    "party-list results": "/ballots/national/areas/national",
    "single-member results": "/ballots/ward/areas/ward-1",
    "all my ballots": "/areas/ward-1",
    "ballot area list": "/ballots/ward",
    "party's whole list": "/ballots/national/areas/national/parties/sunrise-alliance",
    "parties": "/parties",
    "one party": "/parties/sunrise-alliance",
    "insights": "/insights",
    "search results": "/search?q=lake",
    "about this data": "/about",
    "Kiswahili home": "/?lang=sw",
    "embed home": "/embed",
    "embed results": "/embed/ballots/ward/areas/ward-1",
    "embed code": "/embed-code",
    "not found": "/no-such-page",
}


def describe(violations):
    """One readable block per violation: id, impact, help and the offending nodes."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_has_no_wcag21_aa_violations(browser, base_url, path):
    """axe-core finds no WCAG 2.1 level A or AA violation on the page as a browser renders it."""
    browser.get(base_url + path)
    axe = Axe(browser)
    axe.inject()
    results = axe.run(options=json.dumps(WCAG_21_AA))
    assert results["passes"], "axe ran no rule at all: was it injected?"
    assert results["violations"] == [], "\n" + describe(results["violations"])
