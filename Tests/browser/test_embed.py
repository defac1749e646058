"""The embed snippet on a partner's page on another origin: it frames /embed, sizes the frame to
its content, keeps the voter's journey inside the frame, and no other page can be framed."""

import functools
import html
import re
import shutil
import tempfile
import threading
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

INITIAL_HEIGHT = "640"
PARTNER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner news</title><link rel="icon" href="data:,"></head>
<body><h1>Partner news</h1>
{body}
</body></html>
"""
# The frame's content height, independent of the frame's own height (which scrollHeight is not:
# the document is never shorter than its viewport).
CONTENT_HEIGHT = """
const body = document.body;
return Math.ceil(body.getBoundingClientRect().bottom + window.scrollY + parseFloat(getComputedStyle(body).marginBottom));
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def embed_snippet(base_url):
    """The snippet exactly as /embed-code shows a partner: the <textarea>'s text, unescaped."""
    with urllib.request.urlopen(base_url + "/embed-code", timeout=10) as response:
        page = response.read().decode()
    match = re.search(r'<textarea id="embed-snippet"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert match, "no embed-snippet textarea on /embed-code"
    return html.unescape(match.group(1))


@pytest.fixture(scope="module")
def partner(base_url):
    """A partner site on another origin (a Python http.server on a free 127.0.0.1 port, serving a
    temporary directory): index.html holds the real snippet; framed-parties.html frames /embed and
    /parties with plain iframes. Returns (origin, snippet)."""
    snippet = embed_snippet(base_url)
    root = Path(tempfile.mkdtemp(prefix="mycandidate-partner-"))
    (root / "index.html").write_text(PARTNER_PAGE.format(body=snippet))
    (root / "framed-parties.html").write_text(PARTNER_PAGE.format(body=(
        f'<iframe id="control" src="{base_url}/embed" title="embed" width="600" height="300"></iframe>\n'
        f'<iframe id="parties" src="{base_url}/parties" title="parties" width="600" height="300"></iframe>')))
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", snippet
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(root, ignore_errors=True)


def in_frame(driver, frame, script):
    """Run a script in the frame's document and return its result; back to the top afterwards."""
    driver.switch_to.frame(frame)
    try:
        return driver.execute_script(script)
    finally:
        driver.switch_to.default_content()


def wait_for_frame_url(driver, frame, pattern):
    """Wait until the frame's document has loaded at a URL matching the pattern; return the URL."""
    def loaded(d):
        url, ready = in_frame(d, frame, "return [location.href, document.readyState]")
        return ready == "complete" and re.fullmatch(pattern, url) and url
    return WebDriverWait(driver, 10).until(loaded, f"the frame never loaded {pattern}")


def wait_for_fitted_height(driver, frame, previous, timeout=10):
    """Wait until the iframe's height attribute has moved from `previous` to the frame's content
    height (within 2 px of rounding); return (height, content height)."""
    def fitted(d):
        height, content = frame.get_attribute("height"), in_frame(d, frame, CONTENT_HEIGHT)
        return height != previous and abs(int(height) - content) <= 2 and (int(height), content)
    try:
        return WebDriverWait(driver, timeout).until(fitted)
    except TimeoutException:
        height, content = frame.get_attribute("height"), in_frame(driver, frame, CONTENT_HEIGHT)
        raise AssertionError(f"iframe height {height} (was {previous}), content {content} px high")


def open_partner_page(driver, base_url, origin):
    """Load the partner page and wait until the frame shows /embed at its content's height."""
    driver.get(origin + "/")
    frame = driver.find_element(By.TAG_NAME, "iframe")
    wait_for_frame_url(driver, frame, re.escape(base_url) + "/embed")
    height, _ = wait_for_fitted_height(driver, frame, INITIAL_HEIGHT)
    return frame, height


def choose_and_submit(driver, frame, section, value):
    """Inside the frame, pick an area in a section's <select> and press its submit button."""
    driver.switch_to.frame(frame)
    try:
        form = driver.find_element(By.CSS_SELECTOR, f"#{section} form")
        Select(form.find_element(By.TAG_NAME, "select")).select_by_value(value)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    finally:
        driver.switch_to.default_content()


def test_snippet_frames_embed_and_the_frame_follows_its_content(browser, base_url, partner):
    """The snippet from /embed-code, pasted into a page on another origin, loads /embed in its
    iframe (the area pickers are there) and the iframe's height goes from the snippet's 640 to
    the content's height (the frame posts mycandidate:height, the snippet's listener sets it).
    Choosing a ward in the all-ballots picker and submitting navigates the frame, not the
    partner's page, to the embed results page /embed/areas/<ward>, and the height follows the
    new content."""
    origin, snippet = partner
    assert f'src="{base_url}/embed"' in snippet and f'height="{INITIAL_HEIGHT}"' in snippet, snippet

    frame, home_height = open_partner_page(browser, base_url, origin)
    browser.switch_to.frame(frame)
    pickers = browser.find_elements(By.CSS_SELECTOR, "main form select")
    browser.switch_to.default_content()
    assert len(pickers) > 1, "no area pickers in the frame"

    choose_and_submit(browser, frame, "all-ballots", "ward-2")
    url = wait_for_frame_url(browser, frame, re.escape(base_url) + r"/embed/areas/ward-2")
    assert browser.current_url == origin + "/", "the partner's page itself navigated"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Partner news"
    results_height, _ = wait_for_fitted_height(browser, frame, str(home_height))
    assert results_height != home_height
    assert in_frame(browser, frame, "return document.querySelectorAll('main .candidate').length") > 0, url


def test_the_frame_shrinks_for_shorter_content(browser, base_url, partner):
    """From /embed (well over 1000 px high at this width), choosing a ward in the one-ballot ward
    picker opens /embed/ballots/ward/areas/<ward>, whose content is much shorter; the iframe
    shrinks to it instead of leaving a blank gap below the results."""
    origin, _ = partner
    frame, home_height = open_partner_page(browser, base_url, origin)
    choose_and_submit(browser, frame, "ward", "ward-2")
    wait_for_frame_url(browser, frame, re.escape(base_url) + r"/embed/ballots/ward/areas/ward-2")
    assert in_frame(browser, frame, CONTENT_HEIGHT) < home_height, "this ward's page is not shorter"
    wait_for_fitted_height(browser, frame, str(home_height), timeout=3)


def test_a_non_embed_page_is_refused_in_a_frame(browser, base_url, partner):
    """On a partner page framing both /embed and /parties, /embed loads (so framing from this
    origin works at all) but /parties does not: Chrome refuses a frame whose response forbids
    framing (X-Frame-Options: DENY, frame-ancestors 'none') and puts its own error page in the
    frame instead, at chrome-error://chromewebdata/. The check waits until the frame has left
    about:blank (so a frame that merely has not loaded yet cannot pass), then asserts its document
    is that error page and contains nothing of the site's page (WebDriver may script a
    cross-origin frame, so the frame's document can be inspected either way)."""
    origin, _ = partner
    browser.get(origin + "/framed-parties.html")
    control = browser.find_element(By.ID, "control")
    parties = browser.find_element(By.ID, "parties")
    wait_for_frame_url(browser, control, re.escape(base_url) + "/embed")
    browser.switch_to.frame(control)
    assert browser.find_elements(By.CSS_SELECTOR, "main form select"), "the control frame did not load /embed"
    browser.switch_to.default_content()

    WebDriverWait(browser, 10).until(
        lambda d: in_frame(d, parties, "return location.href") != "about:blank", "the /parties frame never navigated")
    url, site_markup = in_frame(browser, parties, "return [location.href, !!document.querySelector('main#content, header')]")
    assert url.startswith("chrome-error://"), f"the frame shows {url}"
    assert not site_markup
