"""The whole voter journey works with JavaScript switched off."""

import re

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


def test_pick_an_area_without_javascript_and_share_the_url(make_driver, base_url):
    """With JavaScript disabled, the home page's provincial <select> and its submit button lead to
    the stable URL /ballots/provincial/areas/<id>; a party's <details> opens to show its list; and
    that URL, opened in a fresh session, gives the same page."""
    driver = make_driver(javascript=False)
    driver.get("data:text/html,<title>off</title><script>document.title = 'on'</script>")
    assert driver.title == "off", "JavaScript is not disabled in this session"
    driver.get(base_url + "/")
    select = Select(driver.find_element(By.ID, "area-provincial"))
    choice = select.options[-1]
    area_id, area_name = choice.get_attribute("value"), choice.text
    select.select_by_value(area_id)
    form = driver.find_element(By.CSS_SELECTOR, "#provincial form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    try:  # the click can return before the form's GET and its redirect have navigated
        WebDriverWait(driver, 10).until(lambda d: "/ballots/" in d.current_url)
    except TimeoutException:
        pass  # the assertion below says where it landed instead

    assert re.fullmatch(rf"{re.escape(base_url)}/ballots/provincial/areas/{re.escape(area_id)}",
                        driver.current_url), driver.current_url
    assert area_name in driver.find_element(By.TAG_NAME, "h1").text

    details = driver.find_element(By.CSS_SELECTOR, "ol.parties details")
    party_list = details.find_element(By.TAG_NAME, "ol")
    assert not party_list.is_displayed()
    details.find_element(By.TAG_NAME, "summary").click()
    assert details.get_attribute("open") is not None
    assert party_list.is_displayed()
    names = [item.text for item in party_list.find_elements(By.TAG_NAME, "li")]
    assert names and all(names), names

    shared_url = driver.current_url
    page = driver.find_element(By.TAG_NAME, "main").get_attribute("textContent")
    fresh = make_driver(javascript=False)
    fresh.get(shared_url)
    assert fresh.current_url == shared_url
    assert fresh.title == driver.title
    assert fresh.find_element(By.TAG_NAME, "main").get_attribute("textContent") == page
