"""Headless Chromium for the page tests: Debian's `chromium` driven by its own `chromedriver`
through Selenium, with nothing downloaded at run time.

Selenium is told where chromedriver is, so its Selenium Manager (which would fetch a driver)
never runs. Chromium's background networking is off: this machine reaches no network, and the
pages under test must not need one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Optional

#: set to 1 to skip the browser tests on a machine without Chromium (never set in CI)
SKIP_VARIABLE = "NEWSFACTS_SKIP_BROWSER"
INSTALL_HINT = ("install Debian's packages with `apt-get install -y chromium chromium-driver` (as root; "
                "`python3 tasks.py test` does it), point NEWSFACTS_CHROMIUM and NEWSFACTS_CHROMEDRIVER at "
                f"another build, or set {SKIP_VARIABLE}=1 to skip the browser tests")
ARGUMENTS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1"]


class BrowserMissing(RuntimeError):
    """Chromium, chromedriver or Selenium is not installed."""


def find_browser(chromium: Optional[str] = None, driver: Optional[str] = None) -> tuple[str, str]:
    """The paths of Chromium and chromedriver: given, from NEWSFACTS_CHROMIUM and
    NEWSFACTS_CHROMEDRIVER, or on PATH.

    RAISES BrowserMissing: naming what is missing and how to install it.
    """
    chromium = chromium or os.environ.get("NEWSFACTS_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")
    driver = driver or os.environ.get("NEWSFACTS_CHROMEDRIVER") or shutil.which("chromedriver")
    missing = [name for name, path in (("chromium", chromium), ("chromedriver", driver))
               if not path or not Path(path).is_file()]
    if missing:
        raise BrowserMissing(f"the page tests need a headless browser, and {' and '.join(missing)} "
                             f"{'was' if len(missing) == 1 else 'were'} not found: {INSTALL_HINT}")
    return chromium, driver


def open_chromium(width: int = 1280, height: int = 900, chromium: Optional[str] = None,
                  driver: Optional[str] = None):
    """A headless Chromium window of `width` x `height` that records the console's messages.

    RETURNS (selenium.webdriver.Chrome): quit it when done.
    RAISES BrowserMissing: when Chromium, chromedriver or Selenium is not installed.
    """
    chromium, driver = find_browser(chromium, driver)
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        raise BrowserMissing("the page tests need Selenium: install the test extras with "
                             "`pip install -e .[test]` (`python3 tasks.py test` does it)") from None
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ARGUMENTS + [f"--window-size={width},{height}"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(driver))


def console_errors(browser) -> list[str]:
    """The console's errors since the last call: uncaught exceptions, failed loads and
    Content-Security-Policy violations (such as an attempt to reach the network)."""
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
