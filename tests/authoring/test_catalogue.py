"""The published catalogue (裁量目录): content, formats, and the HTML as a real browser sees it."""
from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.authoring import catalogue as K
from penalty.rulebook.bundled import bundled_rulebook

runner = CliRunner()
INSTALL_HINT = "install a headless browser: apt-get update && apt-get install -y chromium fonts-wqy-microhei"


def test_markdown_reads_like_a_published_catalogue():
    md = K.markdown(K.build(bundled_rulebook(), "zh"))
    assert md.startswith("# 生态环境与食品安全行政处罚裁量基准（汇编示例）\n")
    assert "- **违法依据**：《中华人民共和国水污染防治法》第三十条" in md
    assert "- **法定处罚幅度**：处二万元以上二十万元以下的罚款（20,000元 – 200,000元）" in md
    # a grid row: tier label, its condition in words, and the band of each cell in money
    assert ("| 拖延执法人员<br>阻挠检查的方式 为 拖延执法人员 | 20,000元以上、40,000元以下（不含40,000元） "
            "| 40,000元以上、60,000元以下（不含60,000元） |") in md
    # a grade-only situation on a switch: the band of each branch, computed like `penalty calc`
    assert "货值金额 < 10,000元：50,000元以上、65,000元以下（不含65,000元）；货值金额 ≥ 10,000元：货值金额10倍以上13倍以下" in md
    assert "| 《行政处罚法》第三十三条第一款 | 初次违法且危害后果轻微并及时改正的，可以不予行政处罚（首违不罚）" in md


def test_csv_has_one_row_per_band_in_major_units():
    rb = bundled_rulebook()
    rows = list(csv.DictReader(io.StringIO(K.csv_text(K.build(rb, "zh"), rb.unit))))
    cells = [r for r in rows if r["violation"] == "gd-water-81-obstruct"]
    assert len(cells) == 10
    assert (cells[0]["item"], cells[0]["low"], cells[0]["high"]) == ("delaying×none_in_year", "20000", "40000")
    food = [r for r in rows if r["violation"] == "food-124-additives"]
    assert [r["grade"] for r in food] == ["从轻处罚", "一般处罚", "从重处罚"]


def test_english_catalogue():
    result = runner.invoke(app, ["catalogue", "cn-env-food", "--lang", "en"])
    assert result.exit_code == 0
    assert "- **Penalty provision**: Water Pollution Prevention Law art. 81" in result.output


def test_html_is_self_contained():
    page = K.html(K.build(bundled_rulebook(), "zh"), "abc")
    assert '<meta charset="utf-8">' in page and '<html lang="zh-CN">' in page
    assert not re.search(r"<(script|link|img|iframe)\b|\bsrc=|url\(|@import", page)
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', page))
    assert "@media print" in page


class _Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: dict = {}
        self.stack: list = []
        self.text: list = []
        self.tables_in_sections = 0

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "table" and "section" in self.stack:
            self.tables_in_sections += 1
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        self.text.append(data)


def _chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if path is None:
        pytest.fail(f"no chromium found: {INSTALL_HINT}")
    return path


def _run(browser, tmp_path, *args):
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, timeout=180, check=False)


def test_html_in_a_real_browser(tmp_path):
    """Chromium parses the page into the intended structure, and prints it to several A4 pages."""
    browser = _chromium()
    rb = bundled_rulebook()
    page = tmp_path / "catalogue.html"
    result = runner.invoke(app, ["catalogue", "cn-env-food", "--format", "html", "--output", str(page)])
    assert result.exit_code == 0
    run = _run(browser, tmp_path, "--dump-dom", page.as_uri())
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    dom = _Structure()
    dom.feed(run.stdout.decode("utf-8"))
    text = "".join(dom.text)
    assert dom.tags["h1"] == 1
    assert dom.tags["section"] == len(rb.violations) + 1  # one per violation, and the statutory adjustments
    assert dom.tags["table"] == dom.tables_in_sections + 1  # the grades table sits in the header
    assert dom.tags["th"] >= 20 and dom.tags["td"] >= 100
    for words in ("生态环境与食品安全行政处罚裁量基准", "拒绝、阻挠环境监督检查", "20,000元以上、40,000元以下（不含40,000元）", "首违不罚", "目录"):
        assert words in text
    pdf = tmp_path / "catalogue.pdf"
    run = _run(browser, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert run.returncode == 0 and pdf.is_file(), run.stderr.decode(errors="replace")[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert pages >= len(rb.violations) + 2  # contents and each violation start a new page
