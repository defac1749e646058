"""Screenshots at phone and desktop sizes, and no sideways scrolling on a 360 px phone."""

import base64

import pytest

PAGES = {"home": "/", "results": "/ballots/national/areas/national", "insights": "/insights"}
VIEWPORTS = [(360, 800), (1280, 900)]


def set_viewport(driver, width, height):
    """Emulate a viewport of exactly width x height CSS pixels (a phone below 600 px)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600,
    })


def save_full_page(driver, path):
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
    })
    path.write_bytes(base64.b64decode(shot["data"]))


@pytest.mark.parametrize("width,height", VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
@pytest.mark.parametrize("name", PAGES)
def test_screenshot_without_horizontal_scrolling(make_driver, base_url, screenshot_dir, name, width, height):
    """The page renders at the viewport size (screenshots of the viewport and the whole page go to
    Tests/browser/screenshots/ for a person to look at) and is never wider than the viewport, so a
    360 px phone needs no horizontal scrolling."""
    driver = make_driver()
    set_viewport(driver, width, height)
    driver.get(base_url + PAGES[name])
    stem = f"{name}-{width}x{height}"
    driver.save_screenshot(str(screenshot_dir / f"{stem}.png"))
    save_full_page(driver, screenshot_dir / f"{stem}-full.png")

    inner_width, scroll_width = driver.execute_script(
        "return [window.innerWidth, document.documentElement.scrollWidth]")
    assert inner_width == width
    assert scroll_width <= inner_width, f"page is {scroll_width}px wide in a {inner_width}px viewport"
