"""The area search's typeahead, used with the keyboard alone, on the demo data."""

import re

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

SEARCH_BOX = "input[type=search][name=q]"
LISTBOX = "[role=listbox]"
STATUS = "form[role=search] [role=status]"
# "Lake" matches the county Lakeside and the constituencies Lakeside North and South.
QUERY, FIRST_AREA = "Lake", "Lakeside"


def press(driver, *keys):
    """Send keys to whatever has the focus, as a person at a keyboard would."""
    ActionChains(driver).send_keys(*keys).perform()


def tab_to_search_box(driver, base_url):
    """Open the home page and press Tab from the top until the search box has the focus."""
    driver.get(base_url + "/")
    box = driver.find_element(By.CSS_SELECTOR, SEARCH_BOX)
    for _ in range(len(driver.find_elements(By.CSS_SELECTOR, "a[href], input, select, button"))):
        press(driver, Keys.TAB)
        if driver.switch_to.active_element == box:
            return box
    raise AssertionError("Tab never reached the search box")


def options(driver):
    return driver.find_elements(By.CSS_SELECTOR, f"{LISTBOX} [role=option]")


def wait_for_suggestions(driver, box):
    """Wait until the listbox is visible with options and the combobox says it is expanded."""
    listbox = driver.find_element(By.CSS_SELECTOR, LISTBOX)
    WebDriverWait(driver, 5).until(
        lambda d: listbox.is_displayed() and options(d) and box.get_attribute("aria-expanded") == "true",
        "no suggestions appeared")
    return listbox


def main_text(driver):
    return driver.find_element(By.TAG_NAME, "main").get_attribute("textContent")


def test_arrow_down_and_enter_open_the_first_suggestion(make_driver, browser, base_url):
    """Tab to the search box, type part of an area's name: a listbox of options appears and the
    input is an expanded combobox. ArrowDown highlights the first option (aria-activedescendant
    names it) and Enter opens that area's page, which lists candidates; its URL, opened in a
    fresh session, gives the same page, so it can be shared."""
    box = tab_to_search_box(browser, base_url)
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    press(browser, QUERY)
    listbox = wait_for_suggestions(browser, box)
    assert box.get_attribute("aria-controls") == listbox.get_attribute("id")
    first = options(browser)[0]
    assert first.text.startswith(FIRST_AREA), [option.text for option in options(browser)]

    press(browser, Keys.ARROW_DOWN)
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert browser.switch_to.active_element == box, "the focus must stay in the input"

    press(browser, Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: "/areas/" in d.current_url, "Enter did not open an area")
    assert re.fullmatch(rf"{re.escape(base_url)}(/ballots/[^/?#]+)?/areas/[^/?#]+", browser.current_url)
    assert FIRST_AREA in browser.find_element(By.TAG_NAME, "h1").text
    candidates = [c.text for c in browser.find_elements(By.CSS_SELECTOR, "main .candidate")]
    assert candidates and all(candidates), "the area page lists no candidates"

    shared_url, page = browser.current_url, main_text(browser)
    fresh = make_driver()
    fresh.get(shared_url)
    assert fresh.current_url == shared_url
    assert fresh.title == browser.title
    assert main_text(fresh) == page


def test_escape_closes_the_suggestions(browser, base_url):
    """With suggestions showing, Escape hides the listbox, collapses the combobox, clears the
    live status and keeps the focus and the typed text in the search box, on the same page;
    ArrowDown then opens the suggestions again."""
    box = tab_to_search_box(browser, base_url)
    press(browser, QUERY)
    listbox = wait_for_suggestions(browser, box)

    press(browser, Keys.ESCAPE)
    assert not listbox.is_displayed()
    assert box.get_attribute("aria-expanded") == "false"
    assert options(browser) == []
    assert browser.switch_to.active_element == box
    assert box.get_attribute("value") == QUERY
    assert browser.current_url == base_url + "/"
    # Nothing is listed any more, so the live region must not still announce suggestions.
    assert browser.find_element(By.CSS_SELECTOR, STATUS).get_attribute("textContent") == ""

    # ArrowDown reopens the list, as the ARIA combobox pattern expects.
    press(browser, Keys.ARROW_DOWN)
    wait_for_suggestions(browser, box)


def test_nonsense_shows_no_options_and_the_status_says_so(browser, base_url):
    """Typing a string that matches no area leaves the listbox hidden and empty and the combobox
    collapsed, and the polite live region announces the form's "no matching areas" message."""
    box = tab_to_search_box(browser, base_url)
    status = browser.find_element(By.CSS_SELECTOR, STATUS)
    assert status.get_attribute("aria-live") == "polite"
    none_message = browser.find_element(By.CSS_SELECTOR, "form[role=search]").get_attribute("data-none")
    assert none_message

    press(browser, "qxzqxz")
    WebDriverWait(browser, 5).until(
        lambda d: status.get_attribute("textContent") == none_message, "the status never said no match")
    assert options(browser) == []
    assert not browser.find_element(By.CSS_SELECTOR, LISTBOX).is_displayed()
    assert box.get_attribute("aria-expanded") == "false"
