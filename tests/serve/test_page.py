"""The officer's page in headless Chromium (Debian's chromium and chromium-driver, driven by Selenium): find the
violation by words, fill the form by keyboard, read the result; phone width; the language switch; errors.

The bundled example (Guangdong, refusing entry, once before in the past year) must come out as the published cell
says, 130,000 - 150,000 yuan, and the memo on the page must be `penalty calc`'s memo for the same case, byte for byte.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.serve.conftest import cli

INSTALL_HINT = "apt-get update && apt-get install -y chromium chromium-driver fonts-wqy-microhei"
EXAMPLE = Path(__file__).resolve().parents[2] / "rulebooks" / "examples" / "gd-obstruct-refusing-entry.yaml"
# Where to keep the screenshots for a person to look at (PENALTY_SCREENSHOTS=dir); by default the test's tmp dir.
SHOTS = os.environ.get("PENALTY_SCREENSHOTS")


def _driver(tmp_path, width: int, height: int):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)
    if browser is None or driver_path is None:
        pytest.fail(f"no chromium or chromedriver found: {INSTALL_HINT}")
    opts = webdriver.ChromeOptions()
    opts.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", f"--user-data-dir={tmp_path / f'profile-{width}'}"):
        opts.add_argument(arg)
    # the system's driver: Selenium must not try to download one
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=opts)
    if width < 500:  # a headless window is never narrower than 500 px: emulate the phone's viewport instead
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
    return driver


@pytest.fixture
def desktop(tmp_path):
    d = _driver(tmp_path, 1280, 1000)
    yield d
    d.quit()


@pytest.fixture
def phone(tmp_path):
    d = _driver(tmp_path, 390, 844)
    yield d
    d.quit()


def _wait(driver, condition, timeout=60):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout).until(condition)


def _text(driver, css: str):
    """The element's text read in one step: the page re-renders the result, and an element found in one call may
    be gone by the next (stale) while it does."""
    return driver.execute_script("const e = document.querySelector(arguments[0]); return e && e.innerText", css)


def _shot(driver, tmp_path, name: str) -> Path:
    """The whole page (beyond the window), as a PNG for a person to look at."""
    import base64
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    path = folder / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    assert path.read_bytes().startswith(b"\x89PNG") and path.stat().st_size > 10_000
    return path


def _choose(select, value: str) -> None:
    """Arrow keys through the choices of a closed select until it shows `value`."""
    from selenium.webdriver.common.keys import Keys
    for _ in range(12):
        if select.get_attribute("value") == value:
            return
        select.send_keys(Keys.ARROW_DOWN)
    assert select.get_attribute("value") == value


def _fill_the_example(driver, server):
    """Keyboard only: type words, arrow to the violation, Enter; type the facts; Enter submits."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    driver.get(server.url)
    _wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#violations button")) > 1)
    q = driver.find_element(By.ID, "q")
    q.send_keys("阻挠")
    _wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#violations button")) == 1)
    q.send_keys(Keys.ARROW_DOWN)
    active = driver.switch_to.active_element
    assert active.get_attribute("data-id") == "gd-water-81-obstruct"
    active.send_keys(Keys.ENTER)
    _wait(driver, lambda d: d.find_elements(By.ID, "f-obstruction"))
    driver.find_element(By.ID, "f--case-id").send_keys("粤环罚〔2024〕001号", Keys.TAB)
    select = driver.switch_to.active_element  # Tab went on to the first fact
    assert select.get_attribute("id") == "f-obstruction"
    _choose(select, "refusing_entry")
    _choose(driver.find_element(By.ID, "f-removed_harm"), "false")  # the example states it: 否
    count = driver.find_element(By.ID, "f-prior_count_1y")
    count.send_keys("1")
    count.send_keys(Keys.ENTER)
    _wait(driver, lambda d: d.find_element(By.ID, "result-section").is_displayed()
          and d.find_elements(By.CSS_SELECTOR, "#result .recommended"))


def test_the_page_computes_the_bundled_example_as_calc_does(server, desktop, tmp_path):
    from selenium.webdriver.common.by import By
    d = desktop
    _fill_the_example(d, server)
    assert d.find_element(By.CSS_SELECTOR, "#result .range").text == "130,000元以上、150,000元以下（不含150,000元）"
    assert d.find_element(By.CSS_SELECTOR, "#result .recommended").text == "140,000元"
    summary = d.find_element(By.CSS_SELECTOR, "#result .summary").text
    assert "一般处罚" in summary and "责令改正" in summary
    steps = d.find_element(By.CSS_SELECTOR, "#result .steps").text
    assert "裁量表格单元：拒绝进入现场 × 一次及以上 → 130,000元以上、150,000元以下（不含150,000元） [cn-env-food.yaml:139]" in steps
    assert "处罚依据：《中华人民共和国水污染防治法》第八十一条" in d.find_element(By.CSS_SELECTOR, "#result .citations").text
    # the printable memo is the CLI's memo for the same case, byte for byte
    memo = d.find_element(By.ID, "memo").get_attribute("data-markdown")
    run = cli("calc", str(EXAMPLE), "--format", "md")
    assert run.returncode == 0
    assert memo == run.stdout.decode("utf-8")
    assert d.find_element(By.CSS_SELECTOR, "#memo h3").text == "行政处罚裁量说明"
    # nothing came from anywhere but this server
    urls = d.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert urls and all(u.startswith(server.url) for u in urls)
    assert d.execute_script("return document.documentElement.scrollWidth") <= 1280
    _shot(d, tmp_path, "page-1280-zh")


def test_the_language_switch_rewords_the_form_and_the_result(server, desktop, tmp_path):
    from selenium.webdriver.common.by import By
    d = desktop
    _fill_the_example(d, server)
    d.find_element(By.CSS_SELECTOR, '#lang-switch button[data-lang="en"]').click()
    _wait(d, lambda x: _text(x, "#result .range") == "from 130,000 yuan up to but not including 150,000 yuan")
    assert d.find_element(By.CSS_SELECTOR, "#result .recommended").text == "140,000 yuan"
    assert d.find_element(By.CSS_SELECTOR, 'label[for="f-obstruction"]').text.startswith("How the inspection was obstructed")
    assert d.find_element(By.ID, "f-obstruction").get_attribute("value") == "refusing_entry"  # kept across the switch
    assert d.find_element(By.ID, "assess").text == "Assess"
    assert d.find_element(By.CSS_SELECTOR, "html").get_attribute("lang") == "en"


def test_a_missing_fact_is_marked_with_the_cli_message(server, desktop, tmp_path):
    import json
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    d = desktop
    _fill_the_example(d, server)
    count = d.find_element(By.ID, "f-prior_count_1y")
    count.send_keys(Keys.BACK_SPACE)
    count.send_keys(Keys.ENTER)
    _wait(d, lambda x: x.find_element(By.ID, "form-problems").is_displayed())
    # the message `penalty calc` gives for the same case (from the engine's catalogue), on the page and at the field
    case = tmp_path / "missing.yaml"
    case.write_text("case_id: 粤环罚〔2024〕001号\nviolation: gd-water-81-obstruct\nfacts:\n  obstruction: refusing_entry\n",
                    encoding="utf-8")
    run = cli("calc", str(case), "--json")
    assert run.returncode == 1
    (problem,) = json.loads(run.stdout)["problems"]
    assert problem["code"] == "case.missing_fact"
    assert problem["message"] in d.find_element(By.ID, "form-problems").text
    assert d.find_element(By.ID, "f-prior_count_1y-error").text.startswith(problem["message"])
    assert count.get_attribute("aria-invalid") == "true"
    assert d.switch_to.active_element.get_attribute("id") == "form-problems"


def test_readable_on_a_phone(server, phone, tmp_path):
    from selenium.webdriver.common.by import By
    d = phone
    _fill_the_example(d, server)
    width = d.execute_script("return window.innerWidth")
    assert d.execute_script("return document.documentElement.scrollWidth") <= width  # no sideways scrolling
    fields = d.find_element(By.ID, "f-prior_count_1y").rect
    assert fields["x"] >= 0 and fields["x"] + fields["width"] <= width
    assert d.find_element(By.CSS_SELECTOR, "#result .recommended").text == "140,000元"
    _shot(d, tmp_path, "page-390-zh")


def test_with_a_token_the_page_asks_for_it_once(desktop):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from tests.serve.conftest import InProcess
    token = "page-token-0123456789-abcdefghij"
    s = InProcess(rulebooks=["cn-env-food"], token=token)
    try:
        d = desktop
        d.get(s.url)
        _wait(d, lambda x: x.find_element(By.ID, "token-section").is_displayed())
        assert d.switch_to.active_element.get_attribute("id") == "token"
        d.switch_to.active_element.send_keys(token, Keys.ENTER)
        _wait(d, lambda x: len(x.find_elements(By.CSS_SELECTOR, "#violations button")) > 1)
        assert not d.find_element(By.ID, "token-section").is_displayed()
    finally:
        s.stop()
