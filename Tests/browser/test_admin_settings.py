"""The admin site settings form in a real browser: the live contrast check and its colour pickers.

Nothing is saved here; it runs on the admin tests' server, which has an account.
"""

import json

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ADMIN_PASSWORD, ADMIN_USER
from test_accessibility import WCAG_21_AA, describe

BODY_TEXT = "field-body_foreground_colour"
BODY_CHECK = f"[data-foreground-field={BODY_TEXT}] [data-result]"


@pytest.fixture(scope="module")
def admin(admin_server):
    """The admin server's account; nothing is saved, but the admin server is the one with accounts."""
    return ADMIN_USER


@pytest.fixture(scope="module")
def base_url(admin_server):
    return admin_server.url


def open_settings(driver, base_url, admin):
    driver.get(base_url + "/admin/login")
    driver.find_element(By.ID, "username").send_keys(admin)
    driver.find_element(By.ID, "password").send_keys(ADMIN_PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/admin"), "sign-in did not finish")
    driver.find_element(By.LINK_TEXT, "Site settings").click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/admin/settings"))


def test_changing_a_colour_updates_the_contrast_check_live(make_driver, base_url, admin):
    """Typing a colour redoes the check at once, in the polite live region; the colour picker the
    script reveals follows the text field and drives it."""
    driver = make_driver()
    open_settings(driver, base_url, admin)
    result = driver.find_element(By.CSS_SELECTOR, BODY_CHECK)
    assert result.text.endswith("— passes AA")
    region = driver.find_element(By.CSS_SELECTOR, "[data-contrast]")
    assert region.get_attribute("aria-live") == "polite"

    field = driver.find_element(By.ID, BODY_TEXT)
    field.clear()
    field.send_keys("#999999")
    WebDriverWait(driver, 5).until(lambda d: result.text == "2.8:1 — fails AA (needs 4.5:1)", "the check did not follow")
    picker = driver.find_element(By.CSS_SELECTOR, f"input[type=color][data-picker-for={BODY_TEXT}]")
    assert picker.is_displayed()
    assert picker.get_attribute("value") == "#999999"

    driver.execute_script("arguments[0].value = '#000000'; arguments[0].dispatchEvent(new Event('input'))", picker)
    assert field.get_attribute("value") == "#000000"
    assert result.text == "21.0:1 — passes AA"

    field.clear()
    field.send_keys("not a colour")
    WebDriverWait(driver, 5).until(lambda d: result.text == "not checked: needs two hex colours")


def test_without_javascript_the_check_is_the_servers(make_driver, base_url, admin):
    """Without script there are no pickers, and the check shows the server's results."""
    driver = make_driver(javascript=False)
    open_settings(driver, base_url, admin)
    assert not driver.find_element(By.CSS_SELECTOR, "input[type=color]").is_displayed()
    assert driver.find_element(By.CSS_SELECTOR, BODY_CHECK).text.endswith("— passes AA")


def test_settings_page_has_no_wcag21_aa_violations(make_driver, base_url, admin):
    driver = make_driver()
    open_settings(driver, base_url, admin)
    axe = Axe(driver)
    axe.inject()
    results = axe.run(options=json.dumps(WCAG_21_AA))
    assert results["passes"], "axe ran no rule at all: was it injected?"
    assert results["violations"] == [], "\n" + describe(results["violations"])
