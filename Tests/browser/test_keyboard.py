"""Keyboard-only use: Tab reaches every control, focus is visible, Enter opens a party's list."""

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

# What the focused element looks like: enough to name it and to judge its focus indicator.
FOCUSED = """
const el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) return null;
const style = getComputedStyle(el);
return {
  key: el.id || el.getAttribute('href') || el.outerHTML.slice(0, 80),
  tag: el.tagName.toLowerCase(), type: el.type || '', html: el.outerHTML.slice(0, 80),
  outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth, boxShadow: style.boxShadow,
  index: Array.from(document.querySelectorAll('a[href], select, button, summary, input:not([type=hidden])')).indexOf(el),
};
"""


def tab_through(driver, path, base_url):
    """Open the page, press Tab from the top until focus leaves the page or comes round again,
    and return what was focused, in order."""
    driver.get(base_url + path)
    limit = len(driver.find_elements(By.CSS_SELECTOR, "a[href], select, button, summary, input:not([type=hidden])")) + 5
    seen = []
    for _ in range(limit):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        focused = driver.execute_script(FOCUSED)
        if focused is None or any(focused["index"] == f["index"] for f in seen):
            break
        seen.append(focused)
    return seen


def has_visible_focus(focused):
    outline = focused["outlineStyle"] != "none" and float(focused["outlineWidth"].rstrip("px") or 0) > 0
    return outline or focused["boxShadow"] != "none"


def test_tab_reaches_every_control_on_the_home_page_with_visible_focus(browser, base_url):
    """From the top of the home page, Tab alone reaches the search box, every area <select>,
    every submit button and every link, in document order, and each one shows a focus indicator
    when focused."""
    focused = tab_through(browser, "/", base_url)
    expected = browser.execute_script(
        "return Array.from(document.querySelectorAll('a[href], select, button, input:not([type=hidden])')).length")
    kinds = [f["tag"] for f in focused]
    assert kinds.count("select") == len(browser.find_elements(By.TAG_NAME, "select"))
    assert kinds.count("button") == len(browser.find_elements(By.CSS_SELECTOR, "button[type=submit]"))
    assert kinds.count("a") == len(browser.find_elements(By.CSS_SELECTOR, "a[href]"))
    assert kinds.count("input") == len(browser.find_elements(By.CSS_SELECTOR, "input[type=search]"))
    assert len(focused) == expected
    assert [f["index"] for f in focused] == sorted(f["index"] for f in focused), "focus order jumps"
    invisible = [f for f in focused if not has_visible_focus(f)]
    assert invisible == [], f"no visible focus indicator on: {invisible}"


def test_enter_on_a_focused_summary_opens_the_party_list(browser, base_url):
    """On a party-list results page, Tab reaches each <summary> with a visible focus indicator,
    and Enter on a focused summary opens its <details>."""
    focused = tab_through(browser, "/ballots/national/areas/national", base_url)
    summaries = [f for f in focused if f["tag"] == "summary"]
    assert len(summaries) == len(browser.find_elements(By.TAG_NAME, "summary")) > 0
    invisible = [f for f in focused if not has_visible_focus(f)]
    assert invisible == [], f"no visible focus indicator on: {invisible}"

    browser.get(base_url + "/ballots/national/areas/national")
    for _ in range(len(focused)):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        if browser.execute_script("return document.activeElement.tagName") == "SUMMARY":
            break
    summary = browser.switch_to.active_element
    assert summary.tag_name == "summary"
    details = summary.find_element(By.XPATH, "..")
    assert details.get_attribute("open") is None
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert details.get_attribute("open") is not None
    assert details.find_element(By.TAG_NAME, "ol").is_displayed()
