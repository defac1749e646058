"""What a voter's phone downloads for a results page on first visit, and from where."""

import json
import time
from urllib.parse import urlsplit

BUDGET_BYTES = 50 * 1024
RESULTS_PAGE = "/ballots/national/areas/national"


def network_requests(driver, timeout=10):
    """Every request the page made, in order, from Chrome's DevTools Network events, as
    (url, bytes received over the wire including headers, status), once none is still pending."""
    requests, finished = {}, {}
    deadline = time.monotonic() + timeout
    while True:
        for entry in driver.get_log("performance"):  # each call returns only new entries
            message = json.loads(entry["message"])["message"]
            method, params = message["method"], message.get("params", {})
            if method == "Network.requestWillBeSent":
                requests.setdefault(params["requestId"], []).append(params["request"]["url"])
            elif method == "Network.responseReceived":
                finished.setdefault(params["requestId"], {})["status"] = params["response"]["status"]
            elif method == "Network.loadingFinished":
                finished.setdefault(params["requestId"], {})["bytes"] = params["encodedDataLength"]
            elif method == "Network.loadingFailed":
                finished.setdefault(params["requestId"], {})["bytes"] = 0
        if all("bytes" in finished.get(rid, {}) for rid in requests) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    # A redirect keeps its request id; its hops are listed by url with no bytes of their own.
    return [(url, finished.get(rid, {}).get("bytes") if url == urls[-1] else 0,
             finished.get(rid, {}).get("status"))
            for rid, urls in requests.items() for url in urls]


def test_first_load_of_a_results_page_is_small_and_first_party(make_driver, base_url):
    """A results page with all its subresources, loaded into an empty cache, transfers at most
    50 KB, and every request goes to the server itself on 127.0.0.1 (no third-party hosts)."""
    driver = make_driver(performance_log=True)
    driver.get(base_url + RESULTS_PAGE)
    requests = network_requests(driver)
    timing_bytes = driver.execute_script("""
        return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
            .reduce((sum, entry) => sum + entry.transferSize, 0)""")
    total = sum(size or 0 for _, size, _ in requests)
    report = "\n".join(f"  {size!s:>7} B  {status}  {url}" for url, size, status in requests)
    print(f"\nfirst load of {RESULTS_PAGE}:\n{report}\n  total {total} B over the wire"
          f" (Resource Timing transferSize of page + subresources: {timing_bytes} B)")

    assert requests and requests[0][0] == base_url + RESULTS_PAGE
    hosts = {urlsplit(url).hostname for url, _, _ in requests if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, f"requests left the site:\n{report}"
    assert all(size is not None for _, size, _ in requests), f"a request did not finish:\n{report}"
    assert total <= BUDGET_BYTES, f"{total} bytes transferred, budget {BUDGET_BYTES}:\n{report}"
    assert timing_bytes <= BUDGET_BYTES
