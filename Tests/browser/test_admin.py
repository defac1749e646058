"""The admin flow in a real browser: sign in, upload, review the changes, publish, roll back,
discard; axe-core checks each admin page on the way."""

import json
import shutil
import urllib.request
import zipfile
from pathlib import Path

from axe_selenium_python import Axe
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ADMIN_PASSWORD, ADMIN_USER
from test_accessibility import WCAG_21_AA, describe

FIXTURES = Path(__file__).resolve().parents[1] / "MyCandidateImportTests" / "Fixtures"


def fixture_upload(folder):
    """The import tests' seed workbook, zipped as seed.xlsx, and the two CSV files it names."""
    workbook = folder / "seed.xlsx"
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted((FIXTURES / "workbook").rglob("*")):
            if part.is_file():
                archive.write(part, part.relative_to(FIXTURES / "workbook").as_posix())
    paths = [workbook]
    for name in ("ward.csv", "national.csv"):
        shutil.copy(FIXTURES / "workbook-csv" / name, folder / name)
        paths.append(folder / name)
    return paths


def assert_accessible(driver):
    axe = Axe(driver)
    axe.inject()
    results = axe.run(options=json.dumps(WCAG_21_AA))
    assert results["violations"] == [], f"{driver.current_url}\n" + describe(results["violations"])


def content(driver):
    return driver.find_element(By.ID, "content").text


def submit(driver, form_selector):
    """Submits the form and waits for the page it leads to (a click does not wait). The old
    page is marked, so even a response at the same URL counts as arrived."""
    driver.execute_script("window.mycandidateOldPage = true")
    driver.find_element(By.CSS_SELECTOR, f"{form_selector} button[type=submit]").click()
    # A script may run while the old page is torn down; that is a try again, not a failure.
    WebDriverWait(driver, 30, ignored_exceptions=[WebDriverException]).until(lambda d: d.execute_script(
        "return window.mycandidateOldPage === undefined && document.readyState === 'complete'"
    ))


def public_home(url):
    """The home page as a new visitor gets it (the browser may keep it for its max-age)."""
    with urllib.request.urlopen(url + "/", timeout=10) as response:
        return response.read().decode()


def upload_workbook(driver, url, paths):
    driver.get(url + "/admin/upload")
    driver.find_element(By.ID, "workbook-files").send_keys("\n".join(str(path) for path in paths))
    submit(driver, "form[aria-labelledby=whole-dataset]")


def test_sign_in_upload_review_publish_and_roll_back(make_driver, admin_server, tmp_path):
    url = admin_server.url
    driver = make_driver()

    driver.get(url + "/admin")
    assert driver.current_url == url + "/admin/login"
    assert_accessible(driver)
    driver.find_element(By.ID, "username").send_keys(ADMIN_USER)
    driver.find_element(By.ID, "password").send_keys(ADMIN_PASSWORD)
    submit(driver, "main form")
    assert driver.current_url == url + "/admin"
    assert f"signed in as {ADMIN_USER}" in driver.find_element(By.TAG_NAME, "header").text
    assert_accessible(driver)

    # A file of the wrong type is refused on the upload page, which says why.
    wrong = tmp_path / "notes.txt"
    wrong.write_text("not a candidate list")
    upload_workbook(driver, url, [wrong])
    alert = driver.find_element(By.CSS_SELECTOR, "[role=alert]").text
    assert "only .xlsx workbooks and .csv files can be uploaded" in alert
    assert_accessible(driver)

    upload_workbook(driver, url, fixture_upload(tmp_path))
    assert driver.current_url == url + "/admin/versions/2"
    review = content(driver)
    assert "Version 2 (draft)" in review
    assert "Against published version 1:" in review
    assert "Ballots removed: provincial" in review
    assert "Sources: seed.xlsx, ward.csv, national.csv" in review
    assert_accessible(driver)

    submit(driver, "form[action='/admin/versions/2/publish']")
    assert "Version 2 is now published." in content(driver)
    assert "<title>MyCandidate Kenya" in public_home(url)

    driver.get(url + "/admin")
    submit(driver, "form[action='/admin/rollback']")
    assert "Version 1 is now published." in content(driver)
    assert "<title>MyCandidate Demoland" in public_home(url)


def test_a_draft_can_be_discarded(make_driver, admin_server, tmp_path):
    url = admin_server.url
    driver = make_driver()
    driver.get(url + "/admin/login")
    driver.find_element(By.ID, "username").send_keys(ADMIN_USER)
    driver.find_element(By.ID, "password").send_keys(ADMIN_PASSWORD)
    submit(driver, "main form")

    upload_workbook(driver, url, fixture_upload(tmp_path))
    version = driver.current_url.rsplit("/", 1)[1]
    submit(driver, f"form[action='/admin/versions/{version}/discard']")
    assert f"Draft version {version} was discarded." in content(driver)
    assert f"Review version {version}" not in content(driver)
