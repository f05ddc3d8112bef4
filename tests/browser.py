"""A real headless Chromium driven by Selenium, for the tests that look at pages as a reader does.

`make test` installs Debian's chromium and chromium-driver where it can (as root, with apt-get); elsewhere
the browser tests skip and say why.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
NEEDS_BROWSER = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="no chromium or chromedriver on this machine: 'make test' installs them as root with apt-get, "
           "which could not run here")
WIDTHS = (375, 1024, 1600)
"""A phone, a small laptop, a wide screen (CSS pixels)."""


@pytest.fixture
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    yield driver
    driver.quit()


def viewport(driver: Any, width: int, height: int = 900) -> None:
    """Lay pages out as a screen ``width`` CSS pixels wide does (a phone's honours the viewport meta tag)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
